// SPDX-License-Identifier: BSD-2-Clause
/*
 * Command queue tests against the fake consumer of test_cmdq_fake.c
 * (independent of src/): sizing and BASE, ordering and wraps, one PROD
 * write per batch, each completion mode, full/stuck/slow consumers (a
 * timeout, never a hang: the clock is virtual), each CERROR and its
 * recovery, the quirk options, and several producer threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>

#include "test_cmdq_fake.h"

struct env {
	struct cq_fake f;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_cmdq q;
};

/* CMD_CFGI_STE(sid) written from 4.3.1: op 0x03, SID [63:32]. */
static struct smmuv3_cmd cfgi(uint32_t sid)
{
	struct smmuv3_cmd c = { { 0x03u | ((uint64_t)sid << 32), 0 } };

	return c;
}

static void env_setup(struct env *e, unsigned int ops, uint8_t shift,
		      unsigned int max_log2, uint64_t features,
		      uint32_t options)
{
	cq_fake_init(&e->f, ops, &e->osal);
	memset(&e->caps, 0, sizeof(e->caps));
	e->caps.cmdq_shift = shift;
	e->caps.features = features | SMMUV3_FEAT_COHERENCY |
			   SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2;
	e->caps.options = options;
	e->caps.sid_bits = 32;
	e->caps.ssid_bits = 20;
	e->caps.asid_bits = 16;
	e->caps.vmid_bits = 16;
	assert_int_equal(smmuv3_cmdq_init(&e->q, &e->osal, &e->caps, max_log2),
			 0);
	assert_int_equal(smmuv3_cmdq_hw_init(&e->q), 0);
	e->f.msi = (features & SMMUV3_FEAT_MSI) != 0;
	e->f.sev = (features & SMMUV3_FEAT_SEV) != 0;
}

static void env_teardown(struct env *e)
{
	smmuv3_cmdq_fini(&e->q);
	assert_int_equal(e->f.n_alloc, e->f.n_free);
	assert_int_equal(e->f.violations, 0);
	cq_fake_fini(&e->f);
}

static unsigned int op_of(const struct cq_fake_entry *x)
{
	return (unsigned int)(x->dw0 & 0xffu);
}

static void test_init_and_base(void **state)
{
	struct env e;
	uint64_t base;

	(void)state;
	env_setup(&e, 0, 19, 8, 0, 0);
	/* min(19, 8) = 8: 256 entries of 16 bytes, aligned to 4 KB. */
	assert_int_equal(e.q.log2size, 8);
	assert_int_equal(e.q.bytes, 4096);
	assert_int_equal(e.q.base_pa & 4095u, 0);
	/* 6.3.25: RA bit 62 | ADDR[51:5] | LOG2SIZE 8. */
	base = smmuv3_cmdq_base_reg(&e.q);
	assert_true(base == ((1ull << 62) | e.q.base_pa | 8u));
	/* hw_init wrote BASE, PROD 0 and CONS 0. */
	assert_true(e.f.cmdq_base == base);
	assert_int_equal(e.f.prod, 0);
	assert_int_equal(e.f.cons, 0);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_POLL);
	env_teardown(&e);

	/* No caller limit: IDR1.CMDQS (capped at 19 by probing) rules. */
	env_setup(&e, 0, 5, 0, 0, 0);
	assert_int_equal(e.q.log2size, 5);
	env_teardown(&e);
}

static void test_init_errors(void **state)
{
	struct env e;
	struct smmuv3_osal bad;
	struct smmuv3_osal_ops ops;

	(void)state;
	cq_fake_init(&e.f, 0, &e.osal);
	memset(&e.caps, 0, sizeof(e.caps));
	e.caps.cmdq_shift = 10;
	assert_int_equal(smmuv3_cmdq_init(NULL, &e.osal, &e.caps, 0),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmdq_init(&e.q, &e.osal, NULL, 0),
			 SMMUV3_EINVAL);
	ops = *e.osal.ops;
	ops.now_ns = NULL;
	bad.ops = &ops;
	bad.ctx = &e.f;
	assert_int_equal(smmuv3_cmdq_init(&e.q, &bad, &e.caps, 0),
			 SMMUV3_ENOSYS);
	e.caps.cmdq_shift = 0;
	assert_int_equal(smmuv3_cmdq_init(&e.q, &e.osal, &e.caps, 0),
			 SMMUV3_EINVAL);
	/* Allocation fallback: 2^10 entries (16 KB) fail, down to 2^7. */
	e.caps.cmdq_shift = 10;
	e.f.alloc_max = 16u << 7;
	assert_int_equal(smmuv3_cmdq_init(&e.q, &e.osal, &e.caps, 0), 0);
	assert_int_equal(e.q.log2size, 7);
	smmuv3_cmdq_fini(&e.q);
	/* Below 2^7 entries no fallback: ENOMEM, nothing leaked. */
	e.f.alloc_max = 16u << 6;
	assert_int_equal(smmuv3_cmdq_init(&e.q, &e.osal, &e.caps, 0),
			 SMMUV3_ENOMEM);
	assert_int_equal(e.f.n_alloc, e.f.n_free);
	cq_fake_fini(&e.f);
}

/* Common case: one PROD write and one CONS read per submitted batch. */
static void test_submit_one_prod_write(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[64];
	struct smmuv3_cmdq_status st;
	uint32_t n, i;

	(void)state;
	env_setup(&e, 0, 10, 0, 0, 0);
	for (n = 1; n <= 64; n++) {
		uint64_t pw = e.f.n_prod_writes, cr = e.f.n_cons_reads;
		size_t first = e.f.log_n;

		for (i = 0; i < n; i++)
			cmds[i] = cfgi(n * 100u + i);
		assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, n, &st), 0);
		assert_int_equal(e.f.n_prod_writes - pw, 1);
		assert_int_equal(e.f.n_cons_reads - cr, 1);
		/* The consumer saw the n commands in order, then CS=NONE sync. */
		assert_int_equal(e.f.log_n - first, n + 1u);
		for (i = 0; i < n; i++)
			assert_true(e.f.log[first + i].dw0 == cmds[i].dw[0]);
		assert_true(e.f.log[first + n].dw0 == 0x46u);
	}
	/* PROD was always written after an MMIO_PUBLISH barrier. */
	assert_int_equal(e.f.violations, 0);
	env_teardown(&e);
}

/* Thousands of wraps of a 16-entry queue with batches of 1..64. */
static void test_wraps(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[64];
	uint32_t tag = 0, expect = 0, k, i;
	uint64_t seed = 12345;
	size_t j;

	(void)state;
	env_setup(&e, 0, 4, 0, 0, 0);
	for (k = 0; k < 3000; k++) {
		uint32_t n;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		n = 1u + (uint32_t)((seed >> 33) % 64u);
		for (i = 0; i < n; i++)
			cmds[i] = cfgi(tag++);
		if (k & 1)
			assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, n, NULL),
					 0);
		else
			assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, n, NULL),
					 0);
	}
	assert_int_equal(smmuv3_cmdq_sync(&e.q, NULL), 0);
	/* > 2000 laps of 16 entries. */
	assert_true(e.f.consumed / 16u > 2000u);
	/* Every command exactly once, in order; syncs in between. */
	for (j = 0; j < e.f.log_n; j++) {
		if (op_of(&e.f.log[j]) == 0x46)
			continue;
		assert_true((e.f.log[j].dw0 >> 32) == expect);
		expect++;
	}
	assert_int_equal(expect, tag);
	/* Logical and hardware indexes agree. */
	assert_true(e.q.prod == e.f.consumed);
	assert_int_equal(e.f.prod, (uint32_t)(e.q.prod & 31u));
	env_teardown(&e);
}

static void test_full_queue_and_stuck(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[16];
	struct smmuv3_cmdq_status st;
	uint32_t i;

	(void)state;
	env_setup(&e, 0, 3, 0, 0, 0); /* 8 entries */
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 1000000u), 0);
	e.f.mode = CQ_FAKE_STUCK;
	for (i = 0; i < 16; i++)
		cmds[i] = cfgi(i);
	/* 8 fit; the 9th waits for space until the deadline. */
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 8, &st), 0);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds + 8, 1, &st),
			 SMMUV3_ETIMEDOUT);
	/* Status: PROD 8 (index 0, wrap 1) and CONS 0 as read. */
	assert_int_equal(st.prod, 8);
	assert_int_equal(st.cons, 0);
	assert_true(e.q.stats.full_waits >= 1);
	/* Stuck on a sync: timeout, not a hang. */
	e.f.mode = CQ_FAKE_IMMEDIATE;
	cq_fake_step(&e.f);
	e.f.mode = CQ_FAKE_STUCK;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 2, &st),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(st.prod, (8u + 3u) & 15u);
	assert_int_equal(st.cons, 8);
	assert_int_equal(e.f.last_log.err, SMMUV3_ETIMEDOUT);
	/* Recovery: the consumer runs again, a sync completes. */
	e.f.mode = CQ_FAKE_IMMEDIATE;
	assert_int_equal(smmuv3_cmdq_sync(&e.q, &st), 0);
	assert_int_equal(e.f.log_n, 8u + 2u + 1u + 1u);
	env_teardown(&e);
}

static void test_slow_consumer(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[64];
	uint32_t i;

	(void)state;
	env_setup(&e, 0, 5, 0, 0, 0); /* 32 entries: batch > queue */
	e.f.mode = CQ_FAKE_SLOW;
	e.f.slow_per_step = 1;
	for (i = 0; i < 64; i++)
		cmds[i] = cfgi(i);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 64, NULL), 0);
	assert_int_equal(e.f.log_n, 65);
	for (i = 0; i < 64; i++)
		assert_true(e.f.log[i].dw0 == cmds[i].dw[0]);
	/* Slower in total than the deadline, but progressing at every
	 * step: the deadline measures lack of progress, so it completes. */
	e.f.mode = CQ_FAKE_SLOW;
	e.f.slow_per_step = 1;
	e.f.clock_step_ns = 100000000u; /* 0.1 s per clock read */
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 150000000u), 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 20, NULL), 0);
	/* No progress at all: a timeout. */
	e.f.mode = CQ_FAKE_STUCK;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 20, NULL),
			 SMMUV3_ETIMEDOUT);
	e.f.clock_step_ns = 1000;
	e.f.mode = CQ_FAKE_IMMEDIATE;
	assert_int_equal(smmuv3_cmdq_sync(&e.q, NULL), 0);
	env_teardown(&e);
}

/*
 * A large issue() into a small queue on a slow but steadily progressing
 * SMMU: the 200 us deadline restarts whenever CONS advances, so 2000
 * commands through a 16-entry ring (far longer than 200 us in total)
 * all go in; only a consumer that stops makes a wait time out.
 */
static void test_deadline_restarts_on_progress(void **state)
{
	static struct smmuv3_cmd cmds[2000];
	struct env e;
	struct smmuv3_cmdq_status st;
	uint64_t t0;
	uint32_t i;

	(void)state;
	env_setup(&e, 0, 4, 0, 0, 0);
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 200000u), 0);
	e.f.mode = CQ_FAKE_SLOW;
	e.f.slow_per_step = 1;
	e.f.no_mmio_steps = true; /* one entry per delay */
	for (i = 0; i < 2000; i++)
		cmds[i] = cfgi(i);
	t0 = e.f.clock_ns;
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 2000, &st), 0);
	assert_true(e.q.prod == 2000u);
	/* Much longer than one deadline in virtual time. */
	assert_true(e.f.clock_ns - t0 > 10u * 200000u);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, NULL), 0);
	assert_int_equal(e.f.consumed, 2001);
	env_teardown(&e);
}

static void test_msi_mode(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[4] = { cfgi(1), cfgi(2), cfgi(3), cfgi(4) };
	uint32_t k;

	(void)state;
	env_setup(&e, 0, 4, 0, SMMUV3_FEAT_MSI, SMMUV3_OPT_MSIPOLL);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_MSI);
	for (k = 0; k < 100; k++) {
		uint64_t cr = e.f.n_cons_reads, pw = e.f.n_prod_writes;
		const struct cq_fake_entry *s;

		assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 4, NULL), 0);
		/* Completion seen in memory: no CONS read at all. */
		assert_int_equal(e.f.n_cons_reads - cr, 0);
		assert_int_equal(e.f.n_prod_writes - pw, 1);
		/* 4.7.3: CS=IRQ (1), MSH=ISH (3), MSIAttr=WB (0xf), data 0,
		 * MSIAddress = the sync's own slot. */
		s = &e.f.log[e.f.log_n - 1];
		assert_true(s->dw0 == (0x46u | (1u << 12) | (3u << 22) |
				       (0xfull << 24)));
		assert_true(s->dw1 == e.q.base_pa + (s->index & 15u) * 16u);
	}
	assert_int_equal(e.f.n_msi, 100);
	/* Slow consumer: MSI polling falls back to CONS + GERROR checks. */
	e.f.mode = CQ_FAKE_SLOW;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 4, NULL), 0);
	env_teardown(&e);

	/* MSIPOLL without MSI support (or without coherency): polling. */
	env_setup(&e, 0, 4, 0, 0, SMMUV3_OPT_MSIPOLL);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_POLL);
	env_teardown(&e);
}

static void test_sev_mode(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[2] = { cfgi(1), cfgi(2) };

	(void)state;
	env_setup(&e, CQ_FAKE_WFE, 4, 0, SMMUV3_FEAT_SEV, 0);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_SEV);
	e.f.mode = CQ_FAKE_SLOW;
	e.f.no_mmio_steps = true; /* progress only while the CPU waits */
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 2, NULL), 0);
	/* CS=SEV (2) and WFE-style waits between CONS reads. */
	assert_true(e.f.log[2].dw0 == (0x46u | (2u << 12)));
	assert_true(e.f.n_wait_event > 0);
	assert_int_equal(e.f.n_delay, 0);
	assert_int_equal(e.f.n_sev, 1);
	env_teardown(&e);
	/* FEAT_SEV but no wait_event in the port: polling. */
	env_setup(&e, 0, 4, 0, SMMUV3_FEAT_SEV, 0);
	assert_int_equal(e.q.mode, SMMUV3_CMDQ_MODE_POLL);
	env_teardown(&e);
}

static void test_cerror_ill(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[6];
	struct smmuv3_cmdq_status st;
	uint32_t i;
	size_t j;

	(void)state;
	env_setup(&e, 0, 4, 0, 0, 0);
	for (i = 0; i < 6; i++)
		cmds[i] = cfgi(10 + i);
	/* The 3rd command (consumed index 2) is rejected as ILLEGAL. */
	e.f.ill_at = 2;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 6, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, 1);
	assert_int_equal(st.err_index, 2);
	assert_true(st.failing.dw[0] == cmds[2].dw[0]);
	assert_int_equal(st.failing_decode, 0);
	assert_int_equal(st.n_errors, 1);
	/* Acknowledged: GERRORN == GERROR again. */
	assert_false(cq_fake_error_active(&e.f));
	/* In place of it a CMD_SYNC ran; nothing after it was lost. */
	assert_int_equal(e.f.log_n, 7);
	assert_true(e.f.log[0].dw0 == cmds[0].dw[0]);
	assert_true(e.f.log[1].dw0 == cmds[1].dw[0]);
	assert_int_equal(op_of(&e.f.log[2]), 0x46);
	for (j = 3; j < 6; j++)
		assert_true(e.f.log[j].dw0 == cmds[j].dw[0]);
	assert_int_equal(op_of(&e.f.log[6]), 0x46);
	assert_string_equal(e.f.last_log.what, "CMDQ error");

	/* A really malformed command (opcode 0) is reported undecodable. */
	cmds[0].dw[0] = 0;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 2, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, 1);
	assert_int_equal(st.failing_decode, SMMUV3_EBADMSG);
	/* Afterwards the queue works normally. */
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds + 1, 1, &st), 0);
	assert_int_equal(smmuv3_cmdq_handle_error(&e.q, &st), 0);
	env_teardown(&e);
}

static void test_cerror_ill_msi(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[3] = { cfgi(1), cfgi(2), cfgi(3) };
	struct smmuv3_cmdq_status st;
	const uint64_t msi_sync = 0x46u | (1u << 12) | (3u << 22) |
				  (0xfull << 24);

	(void)state;
	/*
	 * MSI mode, the 2nd command (index 1) is ILLEGAL; the fake repeats
	 * the error until the entry's bytes change. The replacement must be
	 * a CMD_SYNC of the queue's own mode (4.7.3: CS=IRQ, MSH=ISH,
	 * MSIAttr=WB, MSIAddress = its own slot 1): two MSI writes in all.
	 */
	env_setup(&e, 0, 4, 0, SMMUV3_FEAT_MSI, SMMUV3_OPT_MSIPOLL);
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 1000000u), 0);
	e.f.ill_at = 1;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 3, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, 1);
	assert_int_equal(st.err_index, 1);
	assert_true(st.failing.dw[0] == cmds[1].dw[0]);
	assert_int_equal(e.f.log_n, 4);
	assert_true(e.f.log[1].dw0 == msi_sync);
	assert_true(e.f.log[1].dw1 == e.q.base_pa + 16u);
	assert_true(e.f.log[2].dw0 == cmds[2].dw[0]);
	assert_true(e.f.log[3].dw1 == e.q.base_pa + 48u);
	assert_int_equal(e.f.n_msi, 2);
	env_teardown(&e);
}

static void test_cerror_abt_and_atc(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[3] = { cfgi(1), cfgi(2), cfgi(3) };
	struct smmuv3_cmd atc = { { 0x40u, 52u } }; /* ATC_INV, Size 52 */
	struct smmuv3_cmdq_status st;

	(void)state;
	env_setup(&e, 0, 4, 0, 0, 0);
	/* CERROR_ABT at index 1: acknowledged, the fetch is retried and the
	 * command does execute. */
	e.f.abt_at = 1;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 3, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, 2);
	assert_int_equal(st.err_index, 1);
	assert_int_equal(e.f.log_n, 4);
	assert_true(e.f.log[1].dw0 == cmds[1].dw[0]);
	/* CERROR_ATC_INV_SYNC on the sync after an ATC_INV: retried. */
	e.f.atc_sync_armed = true;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, &atc, 1, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, 3);
	assert_int_equal(st.failing.dw[0] & 0xffu, 0x46);
	assert_int_equal(e.f.log_n, 6);
	assert_int_equal(op_of(&e.f.log[5]), 0x46);
	env_teardown(&e);
}

static void test_skip_prefetch(void **state)
{
	struct env e;
	/* PREFETCH_CONFIG (0x01) and PREFETCH_ADDR (0x02) around a CFGI. */
	struct smmuv3_cmd cmds[3] = { { { 0x01u, 0 } }, cfgi(7),
				      { { 0x02u, 0x1000u } } };

	(void)state;
	env_setup(&e, 0, 4, 0, 0, SMMUV3_OPT_SKIP_PREFETCH);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 3, NULL), 0);
	assert_int_equal(e.f.log_n, 2);
	assert_true(e.f.log[0].dw0 == cmds[1].dw[0]);
	assert_int_equal(e.q.stats.prefetch_dropped, 2);
	env_teardown(&e);
	env_setup(&e, 0, 4, 0, 0, 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 3, NULL), 0);
	assert_int_equal(e.f.log_n, 4);
	env_teardown(&e);
}

static void test_force_sync(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[200];
	struct smmuv3_cmdq_batch b;
	uint32_t i, run = 0, maxrun = 0;
	size_t j;

	(void)state;
	env_setup(&e, 0, 8, 0, 0, SMMUV3_OPT_CMDQ_FORCE_SYNC);
	for (i = 0; i < 200; i++)
		cmds[i] = cfgi(i);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 130, NULL), 0);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds + 130, 70, NULL), 0);
	/* MMU-700 erratum 2812531: never 64 commands without a CMD_SYNC. */
	for (j = 0; j < e.f.log_n; j++) {
		if (op_of(&e.f.log[j]) == 0x46) {
			run = 0;
			continue;
		}
		run++;
		if (run > maxrun)
			maxrun = run;
	}
	assert_int_equal(maxrun, 63);
	/* 200 commands: syncs after 63, 126, 189 plus the final one. */
	assert_int_equal(e.f.log_n, 204);
	assert_int_equal(e.q.stats.forced_syncs, 3);

	/* The batch API: adding the 64th command submits the first 63
	 * with a CMD_SYNC. */
	smmuv3_cmdq_batch_init(&b);
	e.f.log_n = 0;
	for (i = 0; i < 64; i++)
		assert_int_equal(smmuv3_cmdq_batch_add_cmd(&e.q, &b, &cmds[i],
							   NULL),
				 0);
	assert_int_equal(e.f.log_n, 64);
	assert_int_equal(op_of(&e.f.log[63]), 0x46);
	assert_int_equal(b.n, 1);
	assert_int_equal(smmuv3_cmdq_batch_submit(&e.q, &b, NULL), 0);
	assert_int_equal(b.n, 0);
	env_teardown(&e);
}

static void test_batch(void **state)
{
	struct env e;
	struct smmuv3_cmdq_batch b;
	struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_CFGI_STE };
	uint32_t i;

	(void)state;
	env_setup(&e, 0, 8, 0, 0, 0);
	e.f.n_prod_writes = 0; /* hw_init's PROD = 0 */
	smmuv3_cmdq_batch_init(&b);
	for (i = 0; i < 65; i++) {
		d.sid = i;
		assert_int_equal(smmuv3_cmdq_batch_add(&e.q, &b, &d, NULL), 0);
	}
	/* The 65th add issued the first 64 without a sync. */
	assert_int_equal(e.f.log_n, 64);
	assert_int_equal(e.f.n_syncs, 0);
	assert_int_equal(e.f.n_prod_writes, 1);
	assert_int_equal(smmuv3_cmdq_batch_submit(&e.q, &b, NULL), 0);
	assert_int_equal(e.f.log_n, 66);
	assert_int_equal(op_of(&e.f.log[65]), 0x46);
	/* The encoder's refusal reaches the caller, nothing is added. */
	d.ssec = true;
	assert_int_equal(smmuv3_cmdq_batch_add(&e.q, &b, &d, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(b.n, 0);
	/* A flush that fails: the batch is emptied and the new command is
	 * not added (adding it again after the error keeps it once). */
	for (i = 0; i < 64; i++) {
		d.sid = i;
		d.ssec = false;
		assert_int_equal(smmuv3_cmdq_batch_add(&e.q, &b, &d, NULL), 0);
	}
	assert_int_equal(b.n, 64);
	e.f.mode = CQ_FAKE_STUCK;
	assert_int_equal(smmuv3_cmdq_issue(&e.q, NULL, 0, NULL), 0);
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 100000u), 0);
	{
		/* Fill the 256-entry queue so that the flush cannot finish. */
		struct smmuv3_cmd fill[200];

		for (i = 0; i < 200; i++)
			fill[i] = cfgi(1000u + i);
		assert_int_equal(smmuv3_cmdq_issue(&e.q, fill, 200, NULL), 0);
	}
	d.sid = 4242;
	assert_int_equal(smmuv3_cmdq_batch_add(&e.q, &b, &d, NULL),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(b.n, 0);
	e.f.mode = CQ_FAKE_IMMEDIATE;
	assert_int_equal(smmuv3_cmdq_batch_add(&e.q, &b, &d, NULL), 0);
	assert_int_equal(b.n, 1);
	assert_true(b.cmds[0].dw[0] == cfgi(4242).dw[0]);
	assert_int_equal(smmuv3_cmdq_batch_submit(&e.q, &b, NULL), 0);
	/* Argument checks. */
	assert_int_equal(smmuv3_cmdq_submit(&e.q, NULL, 1, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmdq_issue(NULL, NULL, 0, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmdq_set_timeout(&e.q, 0), SMMUV3_EINVAL);
	env_teardown(&e);
}

static void test_repeat_inv(void **state)
{
	struct env e;
	struct smmuv3_cmd tlbi = { { 0x10u, 0 } };  /* TLBI_NH_ALL */
	struct smmuv3_cmd atc = { { 0x40u, 52u } }; /* ATC_INV all */
	struct smmuv3_cmd mixed[2] = { { { 0x40u, 52u } }, { { 0x10u, 0 } } };

	(void)state;
	env_setup(&e, 0, 6, 0, 0, SMMUV3_OPT_REPEAT_INV);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, &tlbi, 1, NULL), 0);
	/* TLBI, SYNC, TLBI, SYNC. */
	assert_int_equal(e.f.log_n, 4);
	assert_int_equal(op_of(&e.f.log[2]), 0x10);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, &atc, 1, NULL), 0);
	assert_int_equal(e.f.log_n, 6);
	assert_int_equal(e.q.stats.repeats, 1);
	/* A TLBI anywhere in the list repeats the list. */
	assert_int_equal(smmuv3_cmdq_submit(&e.q, mixed, 2, NULL), 0);
	assert_int_equal(e.f.log_n, 12);
	assert_int_equal(op_of(&e.f.log[10]), 0x10);
	env_teardown(&e);
}

/* TLBI_NH_ASID(asid), from 4.4.2: op 0x11, ASID [63:48]. */
static struct smmuv3_cmd tlbi_asid(uint32_t asid)
{
	struct smmuv3_cmd c = { { 0x11u | ((uint64_t)asid << 48), 0 } };

	return c;
}

/*
 * REPEAT_INV through the batch API: a batch that fills up at 64 is flushed
 * with a CMD_SYNC and repeated like any submit, so every one of 100 TLBIs
 * reaches the SMMU twice, each copy after a completed CMD_SYNC.
 */
static void test_repeat_inv_batch(void **state)
{
	struct env e;
	struct smmuv3_cmdq_batch b;
	unsigned int seen[101] = { 0 };
	uint32_t i;
	size_t j;

	(void)state;
	env_setup(&e, 0, 8, 0, 0, SMMUV3_OPT_REPEAT_INV);
	smmuv3_cmdq_batch_init(&b);
	for (i = 1; i <= 100; i++) {
		struct smmuv3_cmd t = tlbi_asid(i);

		assert_int_equal(smmuv3_cmdq_batch_add_cmd(&e.q, &b, &t, NULL),
				 0);
	}
	assert_int_equal(smmuv3_cmdq_batch_submit(&e.q, &b, NULL), 0);
	for (j = 0; j < e.f.log_n; j++)
		if (op_of(&e.f.log[j]) == 0x11)
			seen[e.f.log[j].dw0 >> 48]++;
	for (i = 1; i <= 100; i++)
		assert_int_equal(seen[i], 2);
	/* 64 + sync, again; 36 + sync, again. */
	assert_int_equal(e.f.log_n, 2u * 65u + 2u * 37u);
	assert_int_equal(op_of(&e.f.log[e.f.log_n - 1]), 0x46);
	env_teardown(&e);
}

/*
 * REPEAT_INV: issue() would publish invalidations that no later sync
 * repeats, so it refuses CFGI_* and TLBI_* (opcodes 0x03..0x3f) with
 * EINVAL and publishes nothing; other commands are accepted.
 */
static void test_repeat_inv_issue(void **state)
{
	struct env e;
	struct smmuv3_cmd list[2] = { { { 0x40u, 52u } }, cfgi(3) };
	struct smmuv3_cmd t = tlbi_asid(1);
	uint64_t pw;

	(void)state;
	env_setup(&e, 0, 6, 0, SMMUV3_FEAT_ATS, SMMUV3_OPT_REPEAT_INV);
	pw = e.f.n_prod_writes;
	assert_int_equal(smmuv3_cmdq_issue(&e.q, &t, 1, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, list, 2, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(e.f.n_prod_writes, pw);
	assert_int_equal(e.q.prod, 0);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, list, 1, NULL), 0);
	assert_int_equal(smmuv3_cmdq_sync(&e.q, NULL), 0);
	assert_int_equal(e.f.log_n, 2);
	env_teardown(&e);
	/* Without the option issue() takes them. */
	env_setup(&e, 0, 6, 0, 0, 0);
	assert_int_equal(smmuv3_cmdq_issue(&e.q, &t, 1, NULL), 0);
	env_teardown(&e);
}

static void test_noncoherent_clean(void **state)
{
	struct env e;
	struct smmuv3_cmd cmds[20];
	uint32_t i;

	(void)state;
	cq_fake_init(&e.f, CQ_FAKE_CLEAN, &e.osal);
	memset(&e.caps, 0, sizeof(e.caps));
	e.caps.cmdq_shift = 4; /* no FEAT_COHERENCY */
	assert_int_equal(smmuv3_cmdq_init(&e.q, &e.osal, &e.caps, 0), 0);
	assert_int_equal(smmuv3_cmdq_hw_init(&e.q), 0);
	for (i = 0; i < 20; i++)
		cmds[i] = cfgi(i);
	/* 10 entries, then 10 + sync across the 16-entry wrap: the second
	 * publication is cleaned in two pieces. */
	assert_int_equal(smmuv3_cmdq_issue(&e.q, cmds, 10, NULL), 0);
	assert_int_equal(e.f.n_clean, 1);
	/* Exactly the published slots 0..9: 10 * 16 bytes from the base. */
	assert_true(e.f.cleans[0].va == (uintptr_t)e.q.base);
	assert_int_equal(e.f.cleans[0].size, 160);
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds + 10, 10, NULL), 0);
	assert_int_equal(e.f.n_clean, 3);
	/* 10 commands + sync at slots 10..15 then 0..4 (the wrap). */
	assert_true(e.f.cleans[1].va == (uintptr_t)e.q.base + 160u);
	assert_int_equal(e.f.cleans[1].size, 96);
	assert_true(e.f.cleans[2].va == (uintptr_t)e.q.base);
	assert_int_equal(e.f.cleans[2].size, 80);
	/* CERROR_ILL at the 2nd of 2 commands (slot 6): the replacement
	 * CMD_SYNC is cleaned before the acknowledgement, that slot only;
	 * then the publication of slots 5..7. */
	e.f.ill_at = (int64_t)e.f.consumed + 1;
	assert_int_equal(smmuv3_cmdq_submit(&e.q, cmds, 2, NULL), SMMUV3_EIO);
	assert_int_equal(e.f.n_clean, 5);
	assert_true(e.f.cleans[3].va == (uintptr_t)e.q.base + 5u * 16u);
	assert_int_equal(e.f.cleans[3].size, 48);
	assert_true(e.f.cleans[4].va == (uintptr_t)e.q.base + 6u * 16u);
	assert_int_equal(e.f.cleans[4].size, 16);
	env_teardown(&e);
}

/* Several producers: each call's commands are contiguous and ordered. */
struct prod_arg {
	struct env *e;
	uint32_t id;
	int fails;
};

#define THREADS 4u
#define CALLS 300u

static void *producer(void *p)
{
	struct prod_arg *a = p;
	struct smmuv3_cmd cmds[8];
	uint32_t k, i;

	for (k = 0; k < CALLS; k++) {
		uint32_t n = 1u + (k % 8u);

		/* SID = thread << 24 | call << 4 | position. */
		for (i = 0; i < n; i++)
			cmds[i] = cfgi((a->id << 24) | (k << 4) | i);
		if (((k & 1) ? smmuv3_cmdq_submit(&a->e->q, cmds, n, NULL)
			     : smmuv3_cmdq_issue(&a->e->q, cmds, n, NULL)) != 0)
			a->fails++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct env e;
	pthread_t t[THREADS];
	struct prod_arg a[THREADS];
	uint32_t next[THREADS] = { 0 }, i;
	size_t j;

	(void)state;
	env_setup(&e, CQ_FAKE_LOCK, 5, 0, 0, 0);
	e.f.mode = CQ_FAKE_SLOW;
	e.f.slow_per_step = 3;
	for (i = 0; i < THREADS; i++) {
		a[i].e = &e;
		a[i].id = i;
		a[i].fails = 0;
		assert_int_equal(pthread_create(&t[i], NULL, producer, &a[i]),
				 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].fails, 0);
	}
	e.f.mode = CQ_FAKE_IMMEDIATE;
	assert_int_equal(smmuv3_cmdq_sync(&e.q, NULL), 0);
	/* Walk the log: per thread the calls in order, each contiguous. */
	for (j = 0; j < e.f.log_n;) {
		uint32_t sid, th, call, n, p;

		if (op_of(&e.f.log[j]) == 0x46) {
			j++;
			continue;
		}
		sid = (uint32_t)(e.f.log[j].dw0 >> 32);
		th = sid >> 24;
		call = (sid >> 4) & 0xfffffu;
		assert_true(th < THREADS);
		assert_int_equal(call, next[th]);
		n = 1u + (call % 8u);
		for (p = 0; p < n; p++, j++)
			assert_true((uint32_t)(e.f.log[j].dw0 >> 32) ==
				    ((th << 24) | (call << 4) | p));
		next[th]++;
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(next[i], CALLS);
	env_teardown(&e);
}

/*
 * Error attribution under concurrency (IHI 0070 7.1): a CERROR_ILL entry is
 * replaced by a CMD_SYNC, whoever handles the error (an interrupt handler,
 * another waiter or the submitter). Every submit whose own CFGI was
 * rejected must get EIO; submits of valid commands must get 0.
 */
#define BAD_SID_BIT (1u << 30)
/*
 * Fewer bad submits than the error ring holds: beyond SMMUV3_CMDQ_ERR_RING
 * errors handled during one call, cmdq.h allows a conservative EIO for a
 * good call (its records may have been overwritten), which a descheduled
 * good thread on a loaded machine does see.
 */
#define ATTR_CALLS (SMMUV3_CMDQ_ERR_RING - 1u)

struct attr_arg {
	struct env *e;
	bool bad;
	int zero, eio, other;
	uint32_t last_err_sid;
};

static void *attr_submitter(void *p)
{
	struct attr_arg *a = p;
	struct smmuv3_cmdq_status st;
	uint32_t k;

	for (k = 0; k < ATTR_CALLS; k++) {
		struct smmuv3_cmd c[2] = {
			cfgi((a->bad ? BAD_SID_BIT : 0) | (k << 1)),
			cfgi((a->bad ? BAD_SID_BIT : 0) | (k << 1) | 1u),
		};
		int r = smmuv3_cmdq_submit(&a->e->q, c, a->bad ? 1u : 2u,
					   &st);

		if (r == 0) {
			a->zero++;
		} else if (r == SMMUV3_EIO) {
			a->eio++;
			a->last_err_sid = (uint32_t)(st.failing.dw[0] >> 32);
			/* The details are those of our own command. */
			if (st.cerror != 1 || st.failing.dw[0] != c[0].dw[0])
				a->other++;
		} else {
			a->other++;
		}
	}
	return NULL;
}

static volatile int attr_stop;

static void *attr_irq(void *p)
{
	struct env *e = p;
	struct smmuv3_cmdq_status st;
	long handled = 0;

	while (!__atomic_load_n(&attr_stop, __ATOMIC_ACQUIRE))
		if (smmuv3_cmdq_handle_error(&e->q, &st) == SMMUV3_EIO)
			handled++;
	return (void *)handled;
}

static void test_error_attribution_threads(void **state)
{
	struct env e;
	pthread_t irq, t[3];
	struct attr_arg a[3];
	void *handled;
	uint32_t i;

	(void)state;
	env_setup(&e, CQ_FAKE_LOCK, 6, 0, 0, 0);
	e.f.mode = CQ_FAKE_SLOW;
	e.f.slow_per_step = 1;
	e.f.no_mmio_steps = true; /* progress only while someone waits */
	e.f.ill_sid_bit = BAD_SID_BIT;
	e.f.delay_sleep_us = 50;
	attr_stop = 0;
	assert_int_equal(pthread_create(&irq, NULL, attr_irq, &e), 0);
	for (i = 0; i < 3; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].e = &e;
		a[i].bad = i == 0;
		assert_int_equal(pthread_create(&t[i], NULL, attr_submitter,
						&a[i]),
				 0);
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	__atomic_store_n(&attr_stop, 1, __ATOMIC_RELEASE);
	pthread_join(irq, &handled);
	for (i = 0; i < 3; i++)
		print_message("thread %u: 0 %d, EIO %d, other %d\n", i,
			      a[i].zero, a[i].eio, a[i].other);
	/* Every bad submit: EIO with its own command; every good one: 0. */
	assert_int_equal(a[0].eio, ATTR_CALLS);
	assert_int_equal(a[0].other, 0);
	for (i = 1; i < 3; i++) {
		assert_int_equal(a[i].zero, ATTR_CALLS);
		assert_int_equal(a[i].eio, 0);
	}
	assert_int_equal(e.q.stats.errors, ATTR_CALLS);
	print_message("errors handled by the irq thread: %ld of %u\n",
		      (long)handled, ATTR_CALLS);
	env_teardown(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_base),
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_submit_one_prod_write),
		cmocka_unit_test(test_wraps),
		cmocka_unit_test(test_full_queue_and_stuck),
		cmocka_unit_test(test_slow_consumer),
		cmocka_unit_test(test_deadline_restarts_on_progress),
		cmocka_unit_test(test_msi_mode),
		cmocka_unit_test(test_sev_mode),
		cmocka_unit_test(test_cerror_ill),
		cmocka_unit_test(test_cerror_ill_msi),
		cmocka_unit_test(test_cerror_abt_and_atc),
		cmocka_unit_test(test_skip_prefetch),
		cmocka_unit_test(test_force_sync),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_repeat_inv),
		cmocka_unit_test(test_repeat_inv_batch),
		cmocka_unit_test(test_repeat_inv_issue),
		cmocka_unit_test(test_noncoherent_clean),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_error_attribution_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
