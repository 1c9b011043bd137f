// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of the model's register file (IHI 0070 chapter 6) through the mock
 * port, as a driver sees it: ID presets and overrides, the GBPA UPDATE
 * handshake, CR0/CR0ACK and IRQ_CTRL/ACK (and their "never" fault modes),
 * page 0 / page 1 and the page-0-only layout, 64-bit registers, misuse
 * detection, the access log, and the event/PRI queues with wrap and
 * overflow. Expected values are derived by hand from the architecture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

#include "internal.h"

struct t {
	struct smmuv3_model *m;
	struct smmuv3_osal o;
};

static void t_init(struct t *t, const struct smmuv3_model_config *cfg)
{
	assert_int_equal(smmuv3_model_create(cfg, &t->m), 0);
	t->o = smmuv3_model_osal(t->m);
	assert_int_equal(smmuv3_osal_validate(&t->o), 0);
}

static uint32_t rd(struct t *t, uint32_t off)
{
	return t->o.ops->read32(t->o.ctx, off);
}

static void wr(struct t *t, uint32_t off, uint32_t v)
{
	t->o.ops->write32(t->o.ctx, off, v);
}

static void test_presets(void **state)
{
	struct smmuv3_model_config cfg;
	struct t t;

	(void)state;
	/* NULL config: QEMU virt 7.2, values as given by QEMU. */
	t_init(&t, NULL);
	assert_int_equal(rd(&t, SMMUV3_IDR0), 0x0d40101a);
	assert_int_equal(rd(&t, SMMUV3_IDR1), 0x02730010);
	assert_int_equal(rd(&t, SMMUV3_IDR3), 0x1404);
	assert_int_equal(rd(&t, SMMUV3_IDR5), 0x74);
	assert_int_equal(rd(&t, SMMUV3_IIDR), 0);
	assert_int_equal(rd(&t, SMMUV3_AIDR), 1);
	/* ID registers are read-only. */
	wr(&t, SMMUV3_IDR0, 0);
	assert_int_equal(rd(&t, SMMUV3_IDR0), 0x0d40101a);
	smmuv3_model_destroy(t.m);

	/* MMU-600 r1p0: IIDR = 0x483 << 20 | 1 << 16 | 0 << 12 | 0x43b. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_MMU600_R1P0;
	t_init(&t, &cfg);
	assert_int_equal(rd(&t, SMMUV3_IIDR), 0x4831043b);
	/* SMMUv3.1 without RIL. */
	assert_int_equal(rd(&t, SMMUV3_IDR3) & SMMUV3_IDR3_RIL, 0);
	smmuv3_model_destroy(t.m);

	/* MMU-700 r1p1: 0x487 << 20 | 1 << 16 | 1 << 12 | 0x43b. */
	cfg.preset = SMMUV3_MODEL_MMU700_R1P1;
	t_init(&t, &cfg);
	assert_int_equal(rd(&t, SMMUV3_IIDR), 0x4871143b);
	assert_int_equal(rd(&t, SMMUV3_IDR3) & SMMUV3_IDR3_RIL,
			 SMMUV3_IDR3_RIL);
	smmuv3_model_destroy(t.m);

	/* Stage-2 only: S2P set, S1P clear. */
	cfg.preset = SMMUV3_MODEL_S2_ONLY;
	t_init(&t, &cfg);
	assert_int_equal(rd(&t, SMMUV3_IDR0) & 3u, 1u);
	smmuv3_model_destroy(t.m);

	/* Full: 52-bit OAS (encoding 6), all granules, ASID16/VMID16. */
	cfg.preset = SMMUV3_MODEL_FULL;
	t_init(&t, &cfg);
	assert_int_equal(rd(&t, SMMUV3_IDR5) & 0x77u, 0x76u);
	assert_int_equal(rd(&t, SMMUV3_IDR0) & ((1u << 12) | (1u << 18)),
			 (1u << 12) | (1u << 18));
	smmuv3_model_destroy(t.m);

	/* Overrides: QEMU with SIDSIZE 8 and a custom AIDR. */
	memset(&cfg, 0, sizeof(cfg));
	assert_int_equal(
		smmuv3_model_config_field(&cfg, 1, SMMUV3_IDR1_SIDSIZE, 8), 0);
	assert_int_equal(
		smmuv3_model_config_field(&cfg, 1, SMMUV3_IDR1_SIDSIZE, 64),
		SMMUV3_EINVAL); /* 6-bit field */
	assert_int_equal(smmuv3_model_config_field(&cfg, 6, 1, 0),
			 SMMUV3_EINVAL);
	cfg.set_aidr = true;
	cfg.aidr = 2;
	t_init(&t, &cfg);
	assert_int_equal(rd(&t, SMMUV3_IDR1), 0x02730008);
	assert_int_equal(rd(&t, SMMUV3_AIDR), 2);
	smmuv3_model_destroy(t.m);

	cfg.preset = SMMUV3_MODEL_PRESET_COUNT;
	assert_int_equal(smmuv3_model_create(&cfg, &t.m), SMMUV3_EINVAL);
}

static void test_gbpa(void **state)
{
	struct smmuv3_model_counters c;
	uint32_t last;
	struct t t;

	(void)state;
	t_init(&t, NULL);
	/* UPDATE | ABORT: takes effect, UPDATE reads back as 0. */
	wr(&t, SMMUV3_GBPA, 0x80100000u);
	assert_int_equal(rd(&t, SMMUV3_GBPA), 0x00100000u);
	/* Without UPDATE the write is ignored and flagged. */
	wr(&t, SMMUV3_GBPA, 0);
	assert_int_equal(rd(&t, SMMUV3_GBPA), 0x00100000u);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.violations, 1);
	assert_non_null(strstr(smmuv3_model_last_violation(t.m), "GBPA"));
	/* "UPDATE never clears": the library's poll must time out. */
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_GBPA_NEVER, 0),
		0);
	wr(&t, SMMUV3_GBPA, 0x80000000u);
	assert_int_equal(smmuv3_poll32(&t.o, SMMUV3_GBPA, SMMUV3_GBPA_UPDATE, 0,
				       1000000, &last),
			 SMMUV3_ETIMEDOUT);
	/* Old ABORT kept, UPDATE stuck at 1. */
	assert_int_equal(last, 0x80100000u);
	smmuv3_model_destroy(t.m);
}

static void test_cr0_irq_ack(void **state)
{
	struct smmuv3_model_config cfg;
	uint32_t last;
	struct t t;

	(void)state;
	t_init(&t, NULL);
	/* CMDQEN | EVTQEN = 0x8 | 0x4. */
	wr(&t, SMMUV3_CR0, 0xc);
	assert_int_equal(rd(&t, SMMUV3_CR0ACK), 0xc);
	/* PRIQEN (bit 1) is RES0 without IDR0.PRI (QEMU: 0x0d40101a). */
	wr(&t, SMMUV3_CR0, 0xf);
	assert_int_equal(rd(&t, SMMUV3_CR0ACK), 0xd);
	/* IRQ_CTRL: GERROR | PRIQ | EVTQ = 7; PRIQ_IRQEN dropped -> 5. */
	wr(&t, SMMUV3_IRQ_CTRL, 7);
	assert_int_equal(rd(&t, SMMUV3_IRQ_CTRLACK), 5);
	smmuv3_model_destroy(t.m);

	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	t_init(&t, &cfg);
	wr(&t, SMMUV3_IRQ_CTRL, 7);
	assert_int_equal(rd(&t, SMMUV3_IRQ_CTRLACK), 7);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER, 0),
		0);
	assert_int_equal(smmuv3_model_fault_set(
				 t.m, SMMUV3_MODEL_FAULT_IRQ_ACK_NEVER, 0),
			 0);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	assert_int_equal(rd(&t, SMMUV3_CR0), SMMUV3_CR0_CMDQEN);
	assert_int_equal(smmuv3_poll32(&t.o, SMMUV3_CR0ACK, ~0u,
				       SMMUV3_CR0_CMDQEN, 1000000, &last),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(last, 0);
	wr(&t, SMMUV3_IRQ_CTRL, 0);
	assert_int_equal(rd(&t, SMMUV3_IRQ_CTRLACK), 7); /* old value */
	smmuv3_model_destroy(t.m);
}

static void test_pages_and_64bit(void **state)
{
	struct smmuv3_model_config cfg;
	struct t t;

	(void)state;
	t_init(&t, NULL);
	/* EVTQ_CONS lives in page 1; page 0's 0xac is reserved (RAZ/WI). */
	wr(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 0x3);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS), 0x3);
	assert_int_equal(rd(&t, SMMUV3_EVTQ_CONS), 0);
	wr(&t, SMMUV3_EVTQ_CONS, 0x5);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS), 0x3);
	/* A 64-bit register: whole and by 32-bit halves. */
	t.o.ops->write64(t.o.ctx, SMMUV3_STRTAB_BASE,
			 0x4000001234567fc0ull | 0x3full);
	/* RA (62) and ADDR [51:6] kept, [5:0] RES0. */
	assert_true(t.o.ops->read64(t.o.ctx, SMMUV3_STRTAB_BASE) ==
		    0x4000001234567fc0ull);
	assert_int_equal(rd(&t, SMMUV3_STRTAB_BASE + 4), 0x40000012);
	wr(&t, SMMUV3_CMDQ_BASE, 0x1000 | 5);
	wr(&t, SMMUV3_CMDQ_BASE + 4, 0x1);
	assert_true(smmuv3_model_peek64(t.m, SMMUV3_CMDQ_BASE) ==
		    0x0000000100001005ull);
	/* STRTAB_BASE is frozen while SMMUEN is set. */
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_SMMUEN);
	t.o.ops->write64(t.o.ctx, SMMUV3_STRTAB_BASE, 0);
	assert_true(smmuv3_model_peek64(t.m, SMMUV3_STRTAB_BASE) ==
		    0x4000001234567fc0ull);
	assert_non_null(
		strstr(smmuv3_model_last_violation(t.m), "STRTAB_BASE"));
	smmuv3_model_destroy(t.m);

	/* Page-0-only layout: the queue registers at their page-0 offsets. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.page0_only = true;
	t_init(&t, &cfg);
	wr(&t, SMMUV3_EVTQ_CONS, 0x2);
	assert_int_equal(rd(&t, SMMUV3_EVTQ_CONS), 0x2);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS), 0);
	smmuv3_model_destroy(t.m);
}

static void test_access_log(void **state)
{
	struct smmuv3_model_log_entry e;
	int a, b, c;
	struct t t;

	(void)state;
	t_init(&t, NULL);
	smmuv3_model_log_clear(t.m);
	wr(&t, SMMUV3_CR1, 0x1);
	t.o.ops->barrier(t.o.ctx, SMMUV3_BARRIER_MMIO_PUBLISH);
	wr(&t, SMMUV3_CMDQ_PROD, 0);
	(void)rd(&t, SMMUV3_CMDQ_CONS);
	assert_int_equal(smmuv3_model_log_count(t.m), 4);
	assert_int_equal(smmuv3_model_log_get(t.m, 1, &e), 0);
	assert_int_equal(e.kind, SMMUV3_MODEL_LOG_BARRIER);
	assert_int_equal(e.value, SMMUV3_BARRIER_MMIO_PUBLISH);
	a = smmuv3_model_log_find(t.m, 0, SMMUV3_MODEL_LOG_WRITE32, SMMUV3_CR1);
	b = smmuv3_model_log_find(t.m, 0, SMMUV3_MODEL_LOG_WRITE32,
				  SMMUV3_CMDQ_PROD);
	c = smmuv3_model_log_find(t.m, 0, SMMUV3_MODEL_LOG_READ32,
				  SMMUV3_CMDQ_CONS);
	assert_int_equal(a, 0);
	assert_int_equal(b, 2);
	assert_int_equal(c, 3);
	assert_true(smmuv3_model_log_barrier_between(
		t.m, a, b, SMMUV3_BARRIER_MMIO_PUBLISH));
	assert_false(smmuv3_model_log_barrier_between(t.m, a, b,
						      SMMUV3_BARRIER_FULL));
	assert_false(smmuv3_model_log_barrier_between(t.m, b, c, -1));
	assert_int_equal(smmuv3_model_log_find(t.m, 3, SMMUV3_MODEL_LOG_WRITE32,
					       SMMUV3_CR1),
			 -1);
	assert_int_equal(smmuv3_model_log_get(t.m, 4, &e), SMMUV3_ENOENT);
	smmuv3_model_destroy(t.m);
}

/* Event queue of 4 entries (LOG2SIZE 2) in model-registered memory. */
static uint64_t *evtq_setup(struct t *t)
{
	smmuv3_pa_t pa;
	uint64_t *q = t->o.ops->alloc(t->o.ctx, 4 * 32, 128, &pa);

	assert_non_null(q);
	t->o.ops->write64(t->o.ctx, SMMUV3_EVTQ_BASE, pa | 2u);
	wr(t, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 0);
	wr(t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 0);
	wr(t, SMMUV3_CR0, SMMUV3_CR0_EVTQEN);
	return q;
}

static void test_evtq_wrap_overflow(void **state)
{
	uint64_t rec[4] = {0x10, 0x20, 0x30, 0x40};
	uint64_t *q;
	struct t t;
	int i;

	(void)state;
	t_init(&t, NULL);
	/* Disabled queue: nothing is written. */
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), SMMUV3_EPERM);
	q = evtq_setup(&t);
	for (i = 0; i < 4; i++) {
		rec[0] = 0x100u + (uint64_t)i;
		assert_int_equal(smmuv3_model_event_inject(t.m, rec), 0);
	}
	/* Record 2 at bytes 64..95, little-endian dwords as given. */
	assert_true(q[8] == 0x102 && q[9] == 0x20 && q[11] == 0x40);
	/* Four entries: index 0, wrap 1 -> PROD = 1 << 2 = 0x4: full. */
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 0x4);
	/* Full: the record is lost and OVFLG (bit 31) toggles... */
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), SMMUV3_ENOSPC);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 0x80000004u);
	/* ...only once while the overflow is unacknowledged. */
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), SMMUV3_ENOSPC);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 0x80000004u);
	/* Drain all and acknowledge: CONS = PROD including OVACKFLG. */
	wr(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 0x80000004u);
	for (i = 0; i < 4; i++)
		assert_int_equal(smmuv3_model_event_inject(t.m, rec), 0);
	/* 4 more: index 0 with wrap back to 0; OVFLG kept. Full again. */
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 0x80000000u);
	/* A new overflow (OVFLG == OVACKFLG) toggles OVFLG back to 0. */
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), SMMUV3_ENOSPC);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 0x0u);
	smmuv3_model_destroy(t.m);
}

static void test_evtq_abort(void **state)
{
	uint64_t rec[4] = {1, 2, 3, 4};
	uint64_t unregistered[16];
	struct t t;

	(void)state;
	t_init(&t, NULL);
	/* EVTQ_BASE at memory the SMMU may not access. */
	t.o.ops->write64(t.o.ctx, SMMUV3_EVTQ_BASE,
			 (uint64_t)(uintptr_t)unregistered | 1u);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_EVTQEN);
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), SMMUV3_EFAULT);
	/* GERROR.EVTQ_ABT_ERR (bit 2) active, GERRORN still 0. */
	assert_int_equal(rd(&t, SMMUV3_GERROR), 0x4);
	assert_int_equal(rd(&t, SMMUV3_GERRORN), 0);
	wr(&t, SMMUV3_GERRORN, 0x4);
	assert_int_equal(rd(&t, SMMUV3_GERROR) ^ rd(&t, SMMUV3_GERRORN), 0);
	smmuv3_model_destroy(t.m);
}

static void test_pri_request(void **state)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model_pri_req req;
	smmuv3_pa_t pa;
	uint64_t *q;
	struct t t;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	t_init(&t, &cfg);
	q = t.o.ops->alloc(t.o.ctx, 2 * 16, 32, &pa);
	t.o.ops->write64(t.o.ctx, SMMUV3_PRIQ_BASE, pa | 1u);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_PRIQEN);
	memset(&req, 0, sizeof(req));
	req.sid = 0x12;
	req.ssv = true;
	req.ssid = 0x345;
	req.read = true;
	req.write = true;
	req.last = true;
	req.grpid = 0x1a5;
	req.addr = 0xfeed000;
	assert_int_equal(smmuv3_model_pri_request(t.m, &req), 0);
	/* IHI 0070 8.1: SID [31:0], SSID [51:32], R 60, W 61, L 62, SSV 63;
	 * dw1: PRG index [8:0], address [63:12]. */
	assert_true(q[0] == 0xf000034500000012ull);
	assert_true(q[1] == 0xfeed1a5ull);
	assert_int_equal(rd(&t, SMMUV3_PAGE1 + SMMUV3_PRIQ_PROD), 1);
	req.grpid = 0x200; /* 10 bits: refused */
	assert_int_equal(smmuv3_model_pri_request(t.m, &req), SMMUV3_EINVAL);
	smmuv3_model_destroy(t.m);
}

static void test_irqs(void **state)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model_counters c;
	uint64_t rec[4] = {0x10, 0, 0, 0};
	smmuv3_pa_t pa;
	uint32_t *msi;
	struct t t;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	t_init(&t, &cfg);
	(void)evtq_setup(&t);
	msi = t.o.ops->alloc(t.o.ctx, 8, 8, &pa);
	/* EVTQ_IRQ_CFG0 = doorbell, CFG1 = payload; EVTQ_IRQEN (bit 2). */
	t.o.ops->write64(t.o.ctx, SMMUV3_EVTQ_IRQ_CFG0, pa);
	wr(&t, SMMUV3_EVTQ_IRQ_CFG1, 0xabcd);
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), 0);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.irq_msis[1], 0); /* IRQ not enabled yet */
	wr(&t, SMMUV3_IRQ_CTRL, SMMUV3_IRQ_CTRL_EVTQ_IRQEN);
	assert_int_equal(smmuv3_model_event_inject(t.m, rec), 0);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.irq_msis[1], 1);
	assert_int_equal(msi[0], 0xabcd);
	assert_int_equal(msi[1], 0);
	smmuv3_model_destroy(t.m);

	/* QEMU (no IDR0.MSI): a wired GERROR interrupt for a CMDQ error. */
	t_init(&t, NULL);
	wr(&t, SMMUV3_IRQ_CTRL, SMMUV3_IRQ_CTRL_GERROR_IRQEN);
	t.o.ops->write64(t.o.ctx, SMMUV3_CMDQ_BASE, 0x1000 | 1u);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	wr(&t, SMMUV3_CMDQ_PROD, 1); /* 0x1000 is not DMA-able: CERROR_ABT */
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.irq_wired[0], 1);
	assert_int_equal(c.irq_msis[0], 0);
	smmuv3_model_destroy(t.m);
}

static void test_pri_response(void **state)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model_counters c;
	struct smmuv3_model_pri_req req;
	smmuv3_pa_t pa;
	uint64_t *cq;
	struct t t;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	t_init(&t, &cfg);
	(void)t.o.ops->alloc(t.o.ctx, 4 * 16, 64, &pa);
	t.o.ops->write64(t.o.ctx, SMMUV3_PRIQ_BASE, pa | 2u);
	cq = t.o.ops->alloc(t.o.ctx, 4 * 16, 64, &pa);
	t.o.ops->write64(t.o.ctx, SMMUV3_CMDQ_BASE, pa | 2u);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_PRIQEN | SMMUV3_CR0_CMDQEN);
	memset(&req, 0, sizeof(req));
	req.sid = 7;
	req.grpid = 0x21;
	req.read = true;
	req.addr = 0x1000;
	/* Not the last request: no response expected yet. */
	assert_int_equal(smmuv3_model_pri_request(t.m, &req), 0);
	assert_false(smmuv3_model_prg_outstanding(t.m, 7, 0x21));
	req.last = true;
	req.addr = 0x2000;
	assert_int_equal(smmuv3_model_pri_request(t.m, &req), 0);
	assert_true(smmuv3_model_prg_outstanding(t.m, 7, 0x21));
	/* PRI_RESP (0x41), SID 7 [63:32]; dw1 PRGIndex [8:0] = 0x22 (wrong
	 * group), then 0x21 with Resp [13:12] = 2 (success). */
	cq[0] = 0x41 | (7ull << 32);
	cq[1] = 0x22 | (2ull << 12);
	cq[2] = 0x41 | (7ull << 32);
	cq[3] = 0x21 | (2ull << 12);
	wr(&t, SMMUV3_CMDQ_PROD, 2);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 2);
	assert_false(smmuv3_model_prg_outstanding(t.m, 7, 0x21));
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.pri_resps, 1);
	assert_int_equal(c.pri_resps_unmatched, 1);
	assert_int_equal(c.pri_written, 2);
	smmuv3_model_destroy(t.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_gbpa),
		cmocka_unit_test(test_cr0_irq_ack),
		cmocka_unit_test(test_pages_and_64bit),
		cmocka_unit_test(test_access_log),
		cmocka_unit_test(test_evtq_wrap_overflow),
		cmocka_unit_test(test_evtq_abort),
		cmocka_unit_test(test_pri_request),
		cmocka_unit_test(test_pri_response),
		cmocka_unit_test(test_irqs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
