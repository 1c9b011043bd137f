// SPDX-License-Identifier: BSD-2-Clause
/*
 * Command queue against the behavioural SMMUv3 model (test/model): caps
 * probed from the model's ID registers, CR0.CMDQEN set by the test as
 * bring-up would. Checks what the model's command log, counters and MMIO
 * access log show: thousands of wraps in order, a full queue, each
 * completion mode, stuck and slow consumers (timeouts, never hangs: the
 * mock clock is virtual), each CERROR and its recovery, a MMIO_PUBLISH
 * barrier before every PROD write, one PROD write (and at most one CONS
 * read) per batch, FORCE_SYNC from the MMU-700 erratum, and several
 * producer threads.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

struct menv {
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_cmdq q;
};

/* CMD_CFGI_STE(sid), from IHI 0070 4.3.1: op 0x03, SID [63:32]. */
static struct smmuv3_cmd cfgi(uint32_t sid)
{
	struct smmuv3_cmd c = { { 0x03u | ((uint64_t)sid << 32), 0 } };

	return c;
}

static void menv_setup(struct menv *e, enum smmuv3_model_preset preset,
		       uint32_t fw_flags, unsigned int max_log2)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_fw_info fw;

	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = preset;
	assert_int_equal(smmuv3_model_create(&cfg, &e->m), 0);
	e->osal = smmuv3_model_osal(e->m);
	memset(&fw, 0, sizeof(fw));
	fw.flags = fw_flags;
	assert_int_equal(smmuv3_idr_probe(&e->osal, &fw, NULL, &e->caps, NULL),
			 0);
	assert_int_equal(smmuv3_cmdq_init(&e->q, &e->osal, &e->caps, max_log2),
			 0);
	assert_int_equal(smmuv3_cmdq_hw_init(&e->q), 0);
	/* Bring-up (not the queue's job): CR0.CMDQEN, CR0ACK follows. */
	e->osal.ops->write32(e->osal.ctx, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	assert_int_equal(e->osal.ops->read32(e->osal.ctx, SMMUV3_CR0ACK),
			 SMMUV3_CR0_CMDQEN);
	smmuv3_model_log_clear(e->m);
}

static void menv_teardown(struct menv *e)
{
	struct smmuv3_model_counters c;

	smmuv3_model_counters(e->m, &c);
	if (c.violations)
		print_error("model violation: %s\n",
			    smmuv3_model_last_violation(e->m));
	assert_int_equal(c.violations, 0);
	smmuv3_cmdq_fini(&e->q);
	smmuv3_model_destroy(e->m);
}

static unsigned int count_log(struct smmuv3_model *m,
			      enum smmuv3_model_log_kind kind, uint32_t off)
{
	unsigned int i, n = 0, total = smmuv3_model_log_count(m);
	struct smmuv3_model_log_entry le;

	for (i = 0; i < total; i++) {
		assert_int_equal(smmuv3_model_log_get(m, i, &le), 0);
		if (le.kind == kind && le.offset == off)
			n++;
	}
	return n;
}

/* Every PROD write that moves PROD follows an MMIO_PUBLISH barrier that
 * comes after the previous MMIO access (4.1.2 visibility before PROD). */
static void check_publish_barriers(struct smmuv3_model *m)
{
	unsigned int i, total = smmuv3_model_log_count(m);
	struct smmuv3_model_log_entry le;
	int last_mmio = -1;
	bool barrier = false;

	for (i = 0; i < total; i++) {
		assert_int_equal(smmuv3_model_log_get(m, i, &le), 0);
		if (le.kind == SMMUV3_MODEL_LOG_BARRIER) {
			if (le.value == SMMUV3_BARRIER_MMIO_PUBLISH ||
			    le.value == SMMUV3_BARRIER_FULL)
				barrier = true;
			continue;
		}
		if (le.kind == SMMUV3_MODEL_LOG_WRITE32 &&
		    le.offset == SMMUV3_CMDQ_PROD) {
			assert_true(barrier);
			assert_true(smmuv3_model_log_barrier_between(
				m, last_mmio, (int)i,
				SMMUV3_BARRIER_MMIO_PUBLISH));
		}
		barrier = false;
		last_mmio = (int)i;
	}
}

static void test_model_wraps_and_order(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[64];
	struct smmuv3_model_cmd mc;
	uint32_t tag = 0, expect = 0, k, i, n_log;
	uint64_t seed = 99;

	(void)state;
	/* MMU-600: 16-bit StreamIDs; an 8-entry queue wraps every 8. */
	menv_setup(&e, SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_NO_MSIPOLL, 3);
	for (k = 0; k < 2000; k++) {
		uint32_t n;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		n = 1u + (uint32_t)((seed >> 33) % 20u);
		for (i = 0; i < n; i++, tag++)
			cmds[i] = cfgi(tag & 0xffffu);
		assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, n, NULL), 0);
	}
	n_log = smmuv3_model_cmd_log_count(e.m);
	/* Over 2500 laps of the 8-entry ring. */
	assert_true(n_log / 8u > 2500u);
	for (i = 0; i < n_log; i++) {
		assert_int_equal(smmuv3_model_cmd_log_get(e.m, i, &mc), 0);
		/* The hardware index (with wrap) of the i-th command. */
		assert_int_equal(mc.index, i & 15u);
		if ((mc.dw[0] & 0xffu) == 0x46u)
			continue;
		assert_true((mc.dw[0] >> 32) == (expect & 0xffffu));
		expect++;
	}
	assert_int_equal(expect, tag);
	check_publish_barriers(e.m);
	menv_teardown(&e);
}

/* Polling mode: one PROD write and one CONS read per batch of 1..64. */
static void test_model_mmio_per_batch(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[64];
	uint32_t n;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_QEMU_VIRT_7_2, 0, 0);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_POLL);
	for (n = 1; n <= 64; n++) {
		cmds[n - 1] = cfgi(n);
		smmuv3_model_log_clear(e.m);
		assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, n, NULL), 0);
		assert_int_equal(count_log(e.m, SMMUV3_MODEL_LOG_WRITE32,
					   SMMUV3_CMDQ_PROD),
				 1);
		assert_int_equal(count_log(e.m, SMMUV3_MODEL_LOG_READ32,
					   SMMUV3_CMDQ_CONS),
				 1);
		check_publish_barriers(e.m);
	}
	menv_teardown(&e);
}

static void test_model_msi(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[4] = { cfgi(1), cfgi(2), cfgi(3), cfgi(4) };
	struct smmuv3_model_counters c;
	uint32_t k;

	(void)state;
	/* MMU-600 has IDR0.MSI; firmware says coherent: MSI write-back. */
	menv_setup(&e, SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_COHERENT, 6);
	assert_true(e.caps.options & SMMUV3_OPT_MSIPOLL);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_MSI);
	for (k = 0; k < 200; k++) {
		smmuv3_model_log_clear(e.m);
		assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 4, NULL), 0);
		/* Completion seen in memory: one PROD write, no CONS read. */
		assert_int_equal(count_log(e.m, SMMUV3_MODEL_LOG_WRITE32,
					   SMMUV3_CMDQ_PROD),
				 1);
		assert_int_equal(count_log(e.m, SMMUV3_MODEL_LOG_READ32,
					   SMMUV3_CMDQ_CONS),
				 0);
	}
	smmuv3_model_counters(e.m, &c);
	assert_int_equal(c.msi_writes, 200);
	assert_int_equal(c.syncs, 200);
	/* A slow consumer: the wait falls back to CONS, still completes. */
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_CMDQ_SLOW, 1),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 4, NULL), 0);
	menv_teardown(&e);
}

static void test_model_sev(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[8];
	struct smmuv3_model_counters c;
	uint32_t i;

	(void)state;
	/* MMU-600 r2p0 keeps IDR0.SEV (erratum 1076982 is r0p0-r0p2). */
	menv_setup(&e, SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_NO_MSIPOLL, 6);
	assert_true(e.caps.features & SMMUV3_FEAT_SEV);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_SEV);
	for (i = 0; i < 8; i++)
		cmds[i] = cfgi(i);
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_CMDQ_SLOW, 1),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 8, NULL), 0);
	smmuv3_model_counters(e.m, &c);
	assert_int_equal(c.sevs, 1);
	menv_teardown(&e);
}

static void test_model_full_stuck_slow(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[20];
	struct smmuv3_cmdq_status st;
	uint32_t i;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_QEMU_VIRT_7_2, 0, 3);
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 5000000u), 0);
	for (i = 0; i < 20; i++)
		cmds[i] = cfgi(i);
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0),
			 0);
	/* Full: 8 entries fit, the 9th times out with the state. */
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 9, &st),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(st.prod, 8);
	assert_int_equal(st.cons, 0);
	assert_int_equal(st.prod,
			 smmuv3_model_peek32(e.m, SMMUV3_CMDQ_PROD));
	/* Unstuck: the ninth still goes in, the sync completes. */
	assert_int_equal(smmuv3_model_fault_clear(e.m,
						  SMMUV3_MODEL_FAULT_CMDQ_STUCK),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds + 8, 1, &st), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(e.m), 10);
	/* Stuck at a sync: ETIMEDOUT, not a hang. */
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0),
			 0);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), SMMUV3_ETIMEDOUT);
	assert_int_equal(st.cons, 10u & 15u);
	assert_int_equal(st.prod, 11u & 15u);
	assert_int_equal(smmuv3_model_fault_clear(e.m,
						  SMMUV3_MODEL_FAULT_CMDQ_STUCK),
			 0);
	/* Slow: 1 command per step; 20 + sync through an 8-entry queue. */
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_CMDQ_SLOW, 1),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 20, &st), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(e.m), 10u + 1u + 21u);
	/* Each step slower than the whole deadline, but CONS advances at
	 * every one: the deadline restarts on progress, so it completes. */
	smmuv3_model_mock(e.m)->clock_step_ns = 10000000u; /* 10 ms/read */
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 20, &st), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(e.m),
			 10u + 1u + 21u + 21u);
	smmuv3_model_mock(e.m)->clock_step_ns = 1000u;
	assert_int_equal(smmuv3_model_fault_clear(e.m,
						  SMMUV3_MODEL_FAULT_CMDQ_SLOW),
			 0);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), 0);
	check_publish_barriers(e.m);
	menv_teardown(&e);
}

static bool cmdq_err_active(struct menv *e)
{
	return ((smmuv3_model_peek32(e->m, SMMUV3_GERROR) ^
		 smmuv3_model_peek32(e->m, SMMUV3_GERRORN)) &
		SMMUV3_GERROR_CMDQ_ERR) != 0;
}

static void test_model_cerror_ill(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[6];
	struct smmuv3_cmdq_status st;
	struct smmuv3_model_cmd mc;
	struct smmuv3_cmd el2 = { { 0x20u, 0 } }; /* TLBI_EL2_ALL */
	uint32_t i;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_QEMU_VIRT_7_2, 0, 4);
	for (i = 0; i < 6; i++)
		cmds[i] = cfgi(100 + i);
	/* The model rejects the entry at queue index 3. */
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_CMD_ILL_AT, 3),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 6, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, SMMUV3_CERROR_ILL);
	assert_int_equal(st.err_index, 3);
	assert_true(st.failing.dw[0] == cmds[3].dw[0]);
	assert_int_equal(st.failing_decode, 0);
	assert_false(cmdq_err_active(&e));
	/* 0,1,2, the replacement CMD_SYNC, 4, 5, sync: nothing later lost. */
	assert_int_equal(smmuv3_model_cmd_log_count(e.m), 7);
	assert_int_equal(smmuv3_model_cmd_log_get(e.m, 3, &mc), 0);
	assert_int_equal(mc.dw[0] & 0xffu, 0x46);
	for (i = 4; i < 6; i++) {
		assert_int_equal(smmuv3_model_cmd_log_get(e.m, i, &mc), 0);
		assert_true(mc.dw[0] == cmds[i].dw[0]);
	}
	/* A command this SMMU really rejects (no IDR0.HYP on QEMU): the
	 * report says why (decode against the caps: not supported). */
	assert_false(e.caps.features & SMMUV3_FEAT_HYP);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, &el2, 1, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, SMMUV3_CERROR_ILL);
	assert_int_equal(st.failing_decode, SMMUV3_EOPNOTSUPP);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), 0);
	assert_int_equal(smmuv3_cmdq_handle_error(&e.q, &st), 0);
	menv_teardown(&e);
}

static void test_model_cerror_abt(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[3] = { cfgi(1), cfgi(2), cfgi(3) };
	struct smmuv3_cmdq_status st;
	struct smmuv3_model_cmd mc;
	uint64_t slot_pa;
	int ret;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_QEMU_VIRT_7_2, 0, 4);
	/* Fetching entry 1 aborts (CERROR_ABT) until the range is lifted. */
	slot_pa = e.q.base_pa + 16u;
	smmuv3_model_abort_range(e.m, slot_pa, 16);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 3, &st), 0);
	assert_true(cmdq_err_active(&e));
	smmuv3_model_abort_range(e.m, 0, 0);
	assert_int_equal(smmuv3_cmdq_handle_error(&e.q, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, SMMUV3_CERROR_ABT);
	assert_int_equal(st.err_index, 1);
	/* Acknowledged: the SMMU fetches entry 1 again and goes on. */
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(e.m), 4);
	assert_int_equal(smmuv3_model_cmd_log_get(e.m, 1, &mc), 0);
	assert_true(mc.dw[0] == cmds[1].dw[0]);
	/* A persistent abort: errors handled, then a timeout (no hang). */
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 2000000u), 0);
	smmuv3_model_abort_range(e.m, e.q.base_pa, e.q.bytes);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), SMMUV3_ETIMEDOUT);
	assert_true(st.n_errors > 1);
	assert_int_equal(st.cerror, SMMUV3_CERROR_ABT);
	smmuv3_model_abort_range(e.m, 0, 0);
	/* The abort raised after the deadline is handled by the next call
	 * (EIO), which then completes; after that the queue is clean. */
	ret = smmuv3_cmdq_sync(&e.q, &st);
	assert_true(ret == 0 || ret == SMMUV3_EIO);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), 0);
	assert_false(cmdq_err_active(&e));
	menv_teardown(&e);
}

static void test_model_cerror_atc_sync(void **state)
{
	struct menv e;
	struct smmuv3_cmd atc;
	struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_ATC_INV,
				     .sid = 5,
				     .size = SMMUV3_ATC_INV_SIZE_ALL };
	struct smmuv3_cmdq_status st;
	struct smmuv3_model_counters c;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_NO_MSIPOLL, 4);
	assert_int_equal(smmuv3_cmd_encode(&e.caps, &d, &atc), 0);
	assert_int_equal(smmuv3_model_fault_set(e.m,
						SMMUV3_MODEL_FAULT_ATC_INV_SYNC,
						0),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, &atc, 1, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, SMMUV3_CERROR_ATC_INV_SYNC);
	assert_int_equal(st.failing.dw[0] & 0xffu, 0x46);
	/* The CMD_SYNC was retried and completed. */
	smmuv3_model_counters(e.m, &c);
	assert_int_equal(c.syncs, 1);
	assert_int_equal(smmuv3_model_atc_log_count(e.m, 5), 1);
	assert_false(cmdq_err_active(&e));
	menv_teardown(&e);
}

/* MMU-700 r0p0: erratum 2812531 sets CMDQ_FORCE_SYNC when probing. */
static void test_model_force_sync(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[150];
	struct smmuv3_model_cmd mc;
	unsigned int i, n, run = 0, maxrun = 0;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_MMU700_R0P0, SMMUV3_FW_NO_MSIPOLL, 8);
	assert_true(e.caps.options & SMMUV3_OPT_CMDQ_FORCE_SYNC);
	for (i = 0; i < 150; i++)
		cmds[i] = cfgi(i);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 100, NULL), 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds + 100, 50, NULL), 0);
	n = smmuv3_model_cmd_log_count(e.m);
	for (i = 0; i < n; i++) {
		assert_int_equal(smmuv3_model_cmd_log_get(e.m, i, &mc), 0);
		if ((mc.dw[0] & 0xffu) == 0x46u) {
			run = 0;
			continue;
		}
		if (++run > maxrun)
			maxrun = run;
	}
	assert_int_equal(maxrun, 63);
	assert_int_equal(n, 150u + 2u + 1u);
	menv_teardown(&e);
}

/*
 * A consumer that keeps up: 100 issue() calls of 60 commands into a
 * 256-entry queue need exactly one PROD write each. The library's CONS is
 * stale when the queue looks full; it must be refreshed before anything
 * is published in parts (one CONS read instead of an extra PROD write).
 */
static void test_model_prod_writes_stale_cons(void **state)
{
	struct menv e;
	struct smmuv3_cmd cmds[60];
	uint32_t i;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_QEMU_VIRT_7_2, 0, 8);
	assert_int_equal(e.q.log2size, 8);
	for (i = 0; i < 60; i++)
		cmds[i] = cfgi(i);
	for (i = 0; i < 100; i++)
		assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 60, NULL), 0);
	assert_int_equal(count_log(e.m, SMMUV3_MODEL_LOG_WRITE32,
				   SMMUV3_CMDQ_PROD),
			 100);
	assert_int_equal(smmuv3_model_cmd_log_count(e.m), 6000);
	check_publish_barriers(e.m);
	menv_teardown(&e);
}

#define MTHREADS 4u
#define MCALLS 200u

struct mprod {
	struct menv *e;
	uint32_t id;
	int fails;
};

static void *mproducer(void *p)
{
	struct mprod *a = p;
	struct smmuv3_cmd cmds[8];
	uint32_t k, i;

	for (k = 0; k < MCALLS; k++) {
		uint32_t n = 1u + (k % 8u);

		/* SID (16 bits) = thread << 12 | (call & 0xff) << 3 | pos. */
		for (i = 0; i < n; i++)
			cmds[i] = cfgi((a->id << 12) | ((k & 0x1ffu) << 3) | i);
		if (smmuv3_cmdq_submit(&a->e->q, cmds, n, NULL) != 0)
			a->fails++;
	}
	return NULL;
}

static void test_model_threads(void **state)
{
	struct menv e;
	pthread_t t[MTHREADS];
	struct mprod a[MTHREADS];
	uint32_t next[MTHREADS] = { 0 }, i, n, j;
	struct smmuv3_model_cmd mc;

	(void)state;
	menv_setup(&e, SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_COHERENT, 5);
	for (i = 0; i < MTHREADS; i++) {
		a[i].e = &e;
		a[i].id = i;
		a[i].fails = 0;
		assert_int_equal(pthread_create(&t[i], NULL, mproducer, &a[i]),
				 0);
	}
	for (i = 0; i < MTHREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].fails, 0);
	}
	n = smmuv3_model_cmd_log_count(e.m);
	for (j = 0; j < n;) {
		uint32_t sid, th, call, cnt, p;

		assert_int_equal(smmuv3_model_cmd_log_get(e.m, j, &mc), 0);
		if ((mc.dw[0] & 0xffu) == 0x46u) {
			j++;
			continue;
		}
		sid = (uint32_t)(mc.dw[0] >> 32);
		th = sid >> 12;
		call = (sid >> 3) & 0x1ffu;
		assert_true(th < MTHREADS);
		assert_int_equal(call, next[th] & 0x1ffu);
		cnt = 1u + (next[th] % 8u);
		for (p = 0; p < cnt; p++, j++) {
			assert_int_equal(smmuv3_model_cmd_log_get(e.m, j, &mc),
					 0);
			assert_true((uint32_t)(mc.dw[0] >> 32) ==
				    ((th << 12) | (call << 3) | p));
		}
		next[th]++;
	}
	for (i = 0; i < MTHREADS; i++)
		assert_int_equal(next[i], MCALLS);
	menv_teardown(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_wraps_and_order),
		cmocka_unit_test(test_model_mmio_per_batch),
		cmocka_unit_test(test_model_msi),
		cmocka_unit_test(test_model_sev),
		cmocka_unit_test(test_model_full_stuck_slow),
		cmocka_unit_test(test_model_cerror_ill),
		cmocka_unit_test(test_model_cerror_abt),
		cmocka_unit_test(test_model_cerror_atc_sync),
		cmocka_unit_test(test_model_force_sync),
		cmocka_unit_test(test_model_prod_writes_stale_cons),
		cmocka_unit_test(test_model_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
