// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of the model's command consumer (IHI 0070 chapter 4, errors 7.1).
 * Commands are written by hand here from the spec's field positions, never
 * with the library's encoder, so the model stays an independent oracle:
 * queue index/wrap arithmetic, CERROR_ILL for undefined and reserved
 * encodings, CERROR_ABT, the "illegal at N", stuck, slow and
 * ATC_INV_SYNC fault modes and the recovery through GERRORN, CMD_SYNC
 * completion (MSI write-back, SEV), and the exact TLB entries each TLBI
 * drops.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

/* Hand-written command words (IHI 0070 4.x). dw0[7:0] is the opcode. */
#define SYNC_NONE 0x46ull		  /* CMD_SYNC, CS = 0 */
#define SYNC_IRQ (0x46ull | (1ull << 12)) /* CS = 1 (IRQ/MSI) */
#define SYNC_SEV (0x46ull | (2ull << 12)) /* CS = 2 (SEV) */

#define QLOG2 3u /* 8-entry command queue */

struct t {
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	uint64_t *q;
	uint32_t prod;
};

static uint32_t rd(struct t *t, uint32_t off)
{
	return t->o.ops->read32(t->o.ctx, off);
}

static void wr(struct t *t, uint32_t off, uint32_t v)
{
	t->o.ops->write32(t->o.ctx, off, v);
}

/* IDR overrides for the next t_init() (cleared by it). */
static struct smmuv3_model_config next_cfg;
static bool next_cfg_set;

static void t_init(struct t *t, enum smmuv3_model_preset p)
{
	struct smmuv3_model_config cfg;
	smmuv3_pa_t pa;

	memset(t, 0, sizeof(*t));
	memset(&cfg, 0, sizeof(cfg));
	if (next_cfg_set)
		cfg = next_cfg;
	next_cfg_set = false;
	cfg.preset = p;
	assert_int_equal(smmuv3_model_create(&cfg, &t->m), 0);
	t->o = smmuv3_model_osal(t->m);
	t->q = t->o.ops->alloc(t->o.ctx, 16u << QLOG2, 16u << QLOG2, &pa);
	assert_non_null(t->q);
	t->o.ops->write64(t->o.ctx, SMMUV3_CMDQ_BASE, pa | QLOG2);
	wr(t, SMMUV3_CMDQ_PROD, 0);
	wr(t, SMMUV3_CMDQ_CONS, 0);
	wr(t, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
}

/* Put one command in the slot at PROD (host is little-endian). */
static void put(struct t *t, uint64_t dw0, uint64_t dw1)
{
	uint32_t idx = t->prod & ((1u << QLOG2) - 1u);

	t->q[2 * idx] = dw0;
	t->q[2 * idx + 1] = dw1;
	/* Index and wrap bit: LOG2SIZE + 1 bits. */
	t->prod = (t->prod + 1u) & ((2u << QLOG2) - 1u);
}

static void kick(struct t *t)
{
	t->o.ops->barrier(t->o.ctx, SMMUV3_BARRIER_MMIO_PUBLISH);
	wr(t, SMMUV3_CMDQ_PROD, t->prod);
}

static void submit(struct t *t, uint64_t dw0, uint64_t dw1)
{
	put(t, dw0, dw1);
	kick(t);
}

static bool cmdq_err_active(struct t *t)
{
	return ((rd(t, SMMUV3_GERROR) ^ rd(t, SMMUV3_GERRORN)) & 1u) != 0;
}

static void ack(struct t *t)
{
	wr(t, SMMUV3_GERRORN, rd(t, SMMUV3_GERROR));
}

static void test_wrap(void **state)
{
	struct smmuv3_model_counters c;
	struct t t;
	int i;

	(void)state;
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	for (i = 0; i < 20; i++) {
		submit(&t, SYNC_NONE, 0);
		assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), t.prod);
		if (i == 7) /* 8 consumed: index 0, wrap bit (bit 3) set */
			assert_int_equal(t.prod, 0x8);
	}
	/* 20 = 16 + 4: the wrap bit toggled twice, index 4. */
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 0x4);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.syncs, 20);
	assert_int_equal(c.by_opcode[0x46], 20);
	assert_int_equal(smmuv3_model_cmd_log_count(t.m), 20);
	/* Not consumed while CMDQEN is clear. */
	wr(&t, SMMUV3_CR0, 0);
	submit(&t, SYNC_NONE, 0);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 0x4);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 0x5);
	smmuv3_model_destroy(t.m);
}

static void test_ill_and_recovery(void **state)
{
	struct t t;

	(void)state;
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	submit(&t, SYNC_NONE, 0);
	put(&t, 0x07, 0); /* opcode 0x07 is not defined */
	put(&t, SYNC_NONE, 0);
	kick(&t);
	/* CONS stops at index 1 with ERR = CERROR_ILL (1) in [30:24]. */
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), (1u << 24) | 1u);
	assert_true(cmdq_err_active(&t));
	/* Further PROD writes do not restart consumption. */
	kick(&t);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS) & 0xf, 1u);
	/* Replace the bad command by a CMD_SYNC and acknowledge. */
	t.q[2] = SYNC_NONE;
	ack(&t);
	assert_false(cmdq_err_active(&t));
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS) & 0xf, 3u);
	smmuv3_model_destroy(t.m);
}

/* Run one command on a fresh model; return CONS.ERR (0 when consumed). */
static unsigned int one(enum smmuv3_model_preset p, uint64_t dw0, uint64_t dw1)
{
	unsigned int err;
	uint32_t cons;
	struct t t;

	t_init(&t, p);
	submit(&t, dw0, dw1);
	cons = rd(&t, SMMUV3_CMDQ_CONS);
	err = (cons >> 24) & 0x7f;
	if (err == 0)
		assert_int_equal(cons, 1);
	else
		assert_true(cmdq_err_active(&t));
	smmuv3_model_destroy(t.m);
	return err;
}

static void test_reserved_encodings(void **state)
{
	const enum smmuv3_model_preset Q = SMMUV3_MODEL_QEMU_VIRT_7_2;
	const enum smmuv3_model_preset F = SMMUV3_MODEL_FULL;
	/* TLBI_NH_VA: NUM [16:12], SCALE [24:20], ASID [63:48];
	 * dw1: TTL [9:8], TG [11:10], ADDR [63:12]. */
	const uint64_t va = 0x12345000ull;

	(void)state;
	/* Control: a plain VA form, TG = 0. */
	assert_int_equal(one(Q, 0x12, va), 0);
	/* TG = 4K with NUM = SCALE = TTL = 0: Reserved. */
	assert_int_equal(one(Q, 0x12, va | (1ull << 10)), 1);
	/* ... but legal with TTL = 3 (a hint) or NUM = 1 (a range). */
	assert_int_equal(one(Q, 0x12, va | (1ull << 10) | (3ull << 8)), 0);
	assert_int_equal(one(Q, 0x12 | (1ull << 12), va | (1ull << 10)), 0);
	/* 16K granule (TG = 2) with TTL = 1 and no IDR5.DS: Reserved,
	 * treated as TTL = 0 (4.4.1.1), so CERROR_ILL only when NUM =
	 * SCALE = 0 too; a range (NUM = 1) is legal. */
	assert_int_equal(one(Q, 0x12, va | (2ull << 10) | (1ull << 8)), 1);
	assert_int_equal(
		one(Q, 0x12 | (1ull << 12), va | (2ull << 10) | (1ull << 8)),
		0);
	/* TTL without TG. */
	assert_int_equal(one(Q, 0x12, va | (2ull << 8)), 1);
	/* NUM on an SMMU without RIL (MMU-600). */
	assert_int_equal(one(SMMUV3_MODEL_MMU600_R0P0, 0x12 | (1ull << 12),
			     va | (1ull << 10)),
			 1);
	/* CFGI_ALL (CFGI_STE_RANGE, Range = 31) ignores the SID. */
	assert_int_equal(one(Q, 0x04 | (0xffffffffull << 32), 31), 0);
	/* SSec = 1 (bit 10) on the Non-secure queue (4.1.6). */
	assert_int_equal(one(Q, 0x03 | (1ull << 10), 0), 1);
	assert_int_equal(one(Q, 0x04 | (1ull << 10), 31), 1);
	assert_int_equal(one(Q, 0x05 | (1ull << 10), 0), 1);
	assert_int_equal(one(Q, 0x06 | (1ull << 10), 0), 1);
	assert_int_equal(one(Q, 0x01 | (1ull << 10), 0), 1);
	/* EL2 commands need IDR0.HYP (QEMU: no; FULL: yes). */
	assert_int_equal(one(Q, 0x20, 0), 1);
	assert_int_equal(one(F, 0x20, 0), 0);
	/* CMD_SYNC CS = 3 is reserved. */
	assert_int_equal(one(Q, 0x46 | (3ull << 12), 0), 1);
	/* PRI_RESP without PRI (QEMU), and with Resp = 3 (reserved). */
	assert_int_equal(one(Q, 0x41, 0), 1);
	assert_int_equal(one(F, 0x41, 2ull << 12), 0);
	assert_int_equal(one(F, 0x41, 3ull << 12), 1);
	/* RESUME / STALL_TERM / PREFETCH_CONFIG / ATC_INV accepted. */
	assert_int_equal(one(F, 0x44 | (1ull << 12) | (5ull << 32), 7), 0);
	assert_int_equal(one(F, 0x45 | (5ull << 32), 0), 0);
	assert_int_equal(one(Q, 0x01 | (5ull << 32), 0), 0);
	assert_int_equal(one(F, 0x40 | (5ull << 32), 0), 0);
	/* Undefined opcodes: 0x00, 0x07, 0x2b, 0xff. */
	assert_int_equal(one(Q, 0x00, 0), 1);
	assert_int_equal(one(Q, 0x2b, 0), 1);
	assert_int_equal(one(Q, 0xff, 0), 1);
}

static void test_abt(void **state)
{
	uint64_t unregistered[16];
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	smmuv3_pa_t pa;
	uint64_t *q;

	(void)state;
	assert_int_equal(smmuv3_model_create(NULL, &m), 0);
	o = smmuv3_model_osal(m);
	o.ops->write64(o.ctx, SMMUV3_CMDQ_BASE,
		       (uint64_t)(uintptr_t)unregistered | 3u);
	o.ops->write32(o.ctx, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	o.ops->write32(o.ctx, SMMUV3_CMDQ_PROD, 1);
	/* Fetch abort: CERROR_ABT (2), CONS still at 0. */
	assert_int_equal(o.ops->read32(o.ctx, SMMUV3_CMDQ_CONS), 2u << 24);
	assert_int_equal(o.ops->read32(o.ctx, SMMUV3_GERROR), 1);
	smmuv3_model_destroy(m);

	/* The host address of registered queue memory is not its PA: a
	 * driver that programs the VA gets the same abort. */
	assert_int_equal(smmuv3_model_create(NULL, &m), 0);
	o = smmuv3_model_osal(m);
	q = o.ops->alloc(o.ctx, 8 * 16, 8 * 16, &pa);
	assert_non_null(q);
	assert_true(pa != (uint64_t)(uintptr_t)q);
	o.ops->write64(o.ctx, SMMUV3_CMDQ_BASE, (uint64_t)(uintptr_t)q | 3u);
	o.ops->write32(o.ctx, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	o.ops->write32(o.ctx, SMMUV3_CMDQ_PROD, 1);
	assert_int_equal(o.ops->read32(o.ctx, SMMUV3_CMDQ_CONS), 2u << 24);
	assert_int_equal(o.ops->read32(o.ctx, SMMUV3_GERROR), 1);
	smmuv3_model_destroy(m);
}

static void test_fault_modes(void **state)
{
	struct smmuv3_model_atc_inv a;
	struct t t;

	(void)state;
	/* Illegal at index 2, once; after the ack the slot runs as is. */
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMD_ILL_AT, 2),
		0);
	for (int i = 0; i < 4; i++)
		put(&t, SYNC_NONE, 0);
	kick(&t);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), (1u << 24) | 2u);
	ack(&t);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS) & 0xf, 4u);
	smmuv3_model_destroy(t.m);

	/* Stuck: nothing consumed until the mode is cleared. */
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0),
		0);
	submit(&t, SYNC_NONE, 0);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 0);
	assert_int_equal(
		smmuv3_model_fault_clear(t.m, SMMUV3_MODEL_FAULT_CMDQ_STUCK),
		0);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 1);
	smmuv3_model_destroy(t.m);

	/* Slow, one command per step: the PROD write is a step, and so is
	 * each later register access (before its value is read). */
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMDQ_SLOW, 1),
		0);
	put(&t, SYNC_NONE, 0);
	put(&t, SYNC_NONE, 0);
	put(&t, SYNC_NONE, 0);
	wr(&t, SMMUV3_CMDQ_PROD, t.prod);
	assert_int_equal(smmuv3_model_peek32(t.m, SMMUV3_CMDQ_CONS), 1);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 2);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 3);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 3);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMDQ_SLOW, 0),
		SMMUV3_EINVAL);
	smmuv3_model_destroy(t.m);

	/* ATC_INV then CMD_SYNC: CERROR_ATC_INV_SYNC (3) at the sync. */
	t_init(&t, SMMUV3_MODEL_FULL);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_ATC_INV_SYNC, 0),
		0);
	/* ATC_INV: G [9] = 0, SSV [11], SSID [31:12] = 7, SID = 5;
	 * dw1: Size [5:0] = 3 (8 pages), Address [63:12]. */
	put(&t, 0x40 | (1ull << 11) | (7ull << 12) | (5ull << 32),
	    0x10000000ull | 3u);
	put(&t, SYNC_NONE, 0);
	kick(&t);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), (3u << 24) | 1u);
	assert_int_equal(smmuv3_model_atc_log_count(t.m, 5), 1);
	assert_int_equal(smmuv3_model_atc_log_count(t.m, 6), 0);
	assert_int_equal(smmuv3_model_atc_log_get(t.m, 5, 0, &a), 0);
	assert_true(a.ssv && !a.global && a.ssid == 7 && a.size == 3 &&
		    a.addr == 0x10000000ull);
	ack(&t);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS) & 0xf, 2u);
	smmuv3_model_destroy(t.m);
}

static void test_sync_msi_sev(void **state)
{
	struct smmuv3_model_counters c;
	uint64_t unregistered[2];
	smmuv3_pa_t pa;
	uint32_t *msi;
	struct t t;

	(void)state;
	t_init(&t, SMMUV3_MODEL_FULL);
	msi = t.o.ops->alloc(t.o.ctx, 8, 8, &pa);
	msi[0] = 0xffffffffu;
	msi[1] = 0xffffffffu;
	/* MSIData [63:32] = 0xcafef00d, MSIAddr [51:2] = pa. */
	submit(&t, SYNC_IRQ | (0xcafef00dull << 32), pa);
	/* A 32-bit write: the next word is untouched. */
	assert_int_equal(msi[0], 0xcafef00du);
	assert_int_equal(msi[1], 0xffffffffu);
	submit(&t, SYNC_SEV, 0);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.msi_writes, 1);
	assert_int_equal(c.sevs, 1);
	assert_int_equal(c.syncs, 2);
	/* An MSI to memory the SMMU may not write: GERROR.MSI_CMDQ_ABT_ERR
	 * (bit 4); the sync itself completes. */
	submit(&t, SYNC_IRQ, (uint64_t)(uintptr_t)unregistered);
	assert_int_equal(rd(&t, SMMUV3_GERROR), 0x10);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 3);
	/* The same for the MSI target's host address (not its PA): no
	 * write reaches it, and the error is already active (7.2). */
	msi[0] = 0xffffffffu;
	submit(&t, SYNC_IRQ | (0x5555ull << 32), (uint64_t)(uintptr_t)msi);
	assert_int_equal(msi[0], 0xffffffffu);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 4);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.msi_writes, 1);
	smmuv3_model_destroy(t.m);

	/* QEMU has neither MSI nor SEV (IDR0 bits 13, 14 clear). */
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	msi = t.o.ops->alloc(t.o.ctx, 8, 8, &pa);
	submit(&t, SYNC_IRQ | (0x1234ull << 32), pa);
	submit(&t, SYNC_SEV, 0);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(msi[0], 0);
	assert_int_equal(c.msi_writes, 0);
	assert_int_equal(c.sync_irqs, 1);
	assert_int_equal(c.sevs, 0);
	smmuv3_model_destroy(t.m);
}

/* A TLB entry: 4K page (level 3) unless size/level given. */
static void ins(struct t *t, uint64_t va, unsigned int stages, bool el2,
		uint16_t asid, uint16_t vmid, bool global, uint8_t size_log2,
		uint8_t level)
{
	struct mdl_xlate x;

	memset(&x, 0, sizeof(x));
	x.pa = va + 0x40000000ull;
	x.size_log2 = size_log2;
	x.readable = x.writable = true;
	x.global = global;
	x.asid = asid;
	x.vmid = vmid;
	x.s1_level = (stages & 1u) ? level : 0xff;
	x.s2_level = (stages & 1u) ? 3 : level;
	assert_int_equal(smmuv3_model_tlb_insert(t->m, va, stages, el2, &x), 0);
}

static bool has(struct t *t, uint64_t va, unsigned int stages, bool el2,
		uint16_t asid, uint16_t vmid)
{
	return smmuv3_model_tlb_lookup(t->m, va, stages, el2, asid, vmid);
}

static void test_tlbi_asid_va(void **state)
{
	struct t t;

	(void)state;
	t_init(&t, SMMUV3_MODEL_FULL);
	ins(&t, 0x1000, 1, false, 1, 0, false, 12, 3);
	ins(&t, 0x1000, 1, false, 2, 0, false, 12, 3);
	ins(&t, 0x5000, 1, false, 0, 0, true, 12, 3);  /* global */
	ins(&t, 0x1000, 1, false, 1, 7, false, 12, 3); /* other VMID */
	assert_int_equal(smmuv3_model_tlb_count(t.m), 4);
	/* TLBI_NH_ASID(VMID 0, ASID 1): only ASID 1 of VMID 0, not global. */
	submit(&t, 0x11 | (0ull << 32) | (1ull << 48), 0);
	assert_false(has(&t, 0x1000, 1, false, 1, 0));
	assert_true(has(&t, 0x1000, 1, false, 2, 0));
	assert_true(has(&t, 0x5000, 1, false, 9, 0)); /* global: any ASID */
	assert_true(has(&t, 0x1000, 1, false, 1, 7));
	/* TLBI_NH_VA(ASID 2, 0x1000). */
	submit(&t, 0x12 | (2ull << 48), 0x1000);
	assert_false(has(&t, 0x1000, 1, false, 2, 0));
	/* A VA form with another ASID still drops a global entry. */
	submit(&t, 0x12 | (9ull << 48), 0x5000);
	assert_false(has(&t, 0x5000, 1, false, 9, 0));
	/* TLBI_NH_ALL(VMID 7). */
	submit(&t, 0x10 | (7ull << 32), 0);
	assert_int_equal(smmuv3_model_tlb_count(t.m), 0);
	smmuv3_model_destroy(t.m);
}

static void test_tlbi_range_ttl(void **state)
{
	struct t t;
	int i;

	(void)state;
	t_init(&t, SMMUV3_MODEL_FULL);
	for (i = 0; i < 8; i++)
		ins(&t, 0x10000ull + 0x1000ull * (uint64_t)i, 1, false, 3, 0,
		    false, 12, 3);
	/* TG = 1 (4K), SCALE = 1, NUM = 1: IHI 0070 4.4.1.1 Range =
	 * (NUM + 1) * 2^SCALE granules = (1 + 1) * 2^1 = 4 pages from
	 * 0x12000: 0x12000..0x15fff. TTL = 3 (leaf level 3). */
	submit(&t, 0x12 | (1ull << 12) | (1ull << 20) | (3ull << 48),
	       0x12000ull | (1ull << 10) | (3ull << 8));
	assert_int_equal(smmuv3_model_tlb_count(t.m), 4);
	assert_true(has(&t, 0x11000, 1, false, 3, 0));
	assert_false(has(&t, 0x12000, 1, false, 3, 0));
	assert_false(has(&t, 0x15000, 1, false, 3, 0));
	assert_true(has(&t, 0x16000, 1, false, 3, 0));
	smmuv3_model_destroy(t.m);

	/* SCALE = 0, NUM = 1: (1 + 1) * 2^0 = 2 pages, 0x12000..0x13fff
	 * (the CPU's TLBI RVA formula would give 4). */
	t_init(&t, SMMUV3_MODEL_FULL);
	for (i = 0; i < 8; i++)
		ins(&t, 0x10000ull + 0x1000ull * (uint64_t)i, 1, false, 3, 0,
		    false, 12, 3);
	submit(&t, 0x12 | (1ull << 12) | (3ull << 48),
	       0x12000ull | (1ull << 10) | (3ull << 8));
	assert_int_equal(smmuv3_model_tlb_count(t.m), 6);
	assert_false(has(&t, 0x13000, 1, false, 3, 0));
	assert_true(has(&t, 0x14000, 1, false, 3, 0));
	smmuv3_model_destroy(t.m);

	t_init(&t, SMMUV3_MODEL_FULL);
	/* A 2MB block at level 2 and a page at level 3. */
	ins(&t, 0x200000, 1, false, 4, 0, false, 21, 2);
	/* TG = 4K, TTL = 3, NUM = SCALE = 0: the level-3 entry at the
	 * address only; the level-2 block survives. */
	submit(&t, 0x12 | (4ull << 48),
	       0x200000ull | (1ull << 10) | (3ull << 8));
	assert_true(has(&t, 0x3ff000, 1, false, 4, 0));
	/* TTL = 2 drops it. */
	submit(&t, 0x12 | (4ull << 48),
	       0x200000ull | (1ull << 10) | (2ull << 8));
	assert_false(has(&t, 0x200000, 1, false, 4, 0));
	/* TLBI_NH_VAA (any ASID) by an address inside a block. */
	ins(&t, 0x200000, 1, false, 5, 0, false, 21, 2);
	submit(&t, 0x13, 0x2ff000);
	assert_int_equal(smmuv3_model_tlb_count(t.m), 0);
	smmuv3_model_destroy(t.m);
}

static void test_tlbi_s2_el2(void **state)
{
	struct t t;

	(void)state;
	t_init(&t, SMMUV3_MODEL_FULL);
	ins(&t, 0x8000, 2, false, 0, 5, false, 12, 3); /* stage 2 only */
	ins(&t, 0x8000, 3, false, 1, 5, false, 12, 3); /* nested */
	ins(&t, 0x8000, 1, true, 1, 0, false, 12, 3);  /* EL2 */
	/* TLBI_S2_IPA(VMID 5, IPA 0x8000): stage-2-only entries. */
	submit(&t, 0x2a | (5ull << 32), 0x8000);
	assert_false(has(&t, 0x8000, 2, false, 0, 5));
	assert_true(has(&t, 0x8000, 3, false, 1, 5));
	/* TLBI_NH_ALL and NSNH_ALL leave EL2 entries. */
	submit(&t, 0x10, 0);
	submit(&t, 0x12 | (1ull << 48), 0x8000); /* NH_VA: not EL2 */
	assert_true(has(&t, 0x8000, 1, true, 1, 0));
	/* TLBI_S12_VMALL(VMID 5): the nested entry. */
	submit(&t, 0x28 | (5ull << 32), 0);
	assert_false(has(&t, 0x8000, 3, false, 1, 5));
	submit(&t, 0x30, 0);
	assert_true(has(&t, 0x8000, 1, true, 1, 0));
	/* TLBI_EL2_VA(ASID 1, 0x8000). */
	submit(&t, 0x22 | (1ull << 48), 0x8000);
	assert_int_equal(smmuv3_model_tlb_count(t.m), 0);
	ins(&t, 0x8000, 1, true, 1, 0, false, 12, 3);
	submit(&t, 0x20, 0); /* EL2_ALL */
	assert_int_equal(smmuv3_model_tlb_count(t.m), 0);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS) & 0x7f000000u, 0);
	smmuv3_model_destroy(t.m);
}

/*
 * Which SMMUs accept which TLBIs: NH_* (and EL2_*) need stage 1 (IHI 0070
 * 4.4.2: "On a stage 2-only SMMU, they result in CERROR_ILL"), S2_IPA and
 * S12_VMALL need stage 2 (4.4.3.1, 4.4.3.2); NSNH_ALL is valid on any
 * (4.4.4.1). QEMU virt 7.2 is stage-1-only (IDR0 0x0d40101a: S1P bit 1
 * set, S2P bit 0 clear); S2_ONLY has S2P only; FULL has both.
 */
static void test_tlbi_stage_support(void **state)
{
	const enum smmuv3_model_preset Q = SMMUV3_MODEL_QEMU_VIRT_7_2;
	const enum smmuv3_model_preset S2 = SMMUV3_MODEL_S2_ONLY;
	const enum smmuv3_model_preset F = SMMUV3_MODEL_FULL;

	(void)state;
	/* S12_VMALL(VMID 1) / S2_IPA(VMID 1, 0x8000). */
	assert_int_equal(one(Q, 0x28 | (1ull << 32), 0), 1);
	assert_int_equal(one(Q, 0x2a | (1ull << 32), 0x8000), 1);
	assert_int_equal(one(S2, 0x28 | (1ull << 32), 0), 0);
	assert_int_equal(one(S2, 0x2a | (1ull << 32), 0x8000), 0);
	assert_int_equal(one(F, 0x28 | (1ull << 32), 0), 0);
	/* NH_ALL, NH_ASID(ASID 1), NH_VA(ASID 1, 0x8000), NH_VAA(0x8000). */
	assert_int_equal(one(S2, 0x10, 0), 1);
	assert_int_equal(one(S2, 0x11 | (1ull << 48), 0), 1);
	assert_int_equal(one(S2, 0x12 | (1ull << 48), 0x8000), 1);
	assert_int_equal(one(S2, 0x13, 0x8000), 1);
	assert_int_equal(one(Q, 0x10, 0), 0);
	assert_int_equal(one(Q, 0x13, 0x8000), 0);
	/* CFGI_CD(SID 1, SSID 0) and CFGI_CD_ALL(SID 1) need stage 1
	 * (4.3.3, 4.3.4); CFGI_STE does not. */
	assert_int_equal(one(S2, 0x05 | (1ull << 32), 0), 1);
	assert_int_equal(one(S2, 0x06 | (1ull << 32), 0), 1);
	assert_int_equal(one(S2, 0x03 | (1ull << 32), 0), 0);
	assert_int_equal(one(Q, 0x05 | (1ull << 32), 0), 0);
	assert_int_equal(one(Q, 0x06 | (1ull << 32), 0), 0);
	/* NSNH_ALL everywhere. */
	assert_int_equal(one(Q, 0x30, 0), 0);
	assert_int_equal(one(S2, 0x30, 0), 0);
}

/* Run one command; return CONS.ERR and the violations it caused. */
static unsigned int one_v(enum smmuv3_model_preset p, uint64_t dw0,
			  uint64_t dw1, uint64_t *violations)
{
	struct smmuv3_model_counters c;
	unsigned int err;
	struct t t;

	t_init(&t, p);
	submit(&t, dw0, dw1);
	err = (rd(&t, SMMUV3_CMDQ_CONS) >> 24) & 0x7f;
	smmuv3_model_counters(t.m, &c);
	*violations = c.violations;
	smmuv3_model_destroy(t.m);
	return err;
}

/*
 * Out-of-range parameters are not CERROR_ILL (IHI 0070 4.1.7: CONSTRAINED
 * UNPREDICTABLE, no effect or an UNKNOWN value; 4.4: ASID/VMID[15:8]
 * with 8-bit ASIDs/VMIDs "not required to affect TLB entries"): the model
 * consumes the command, does nothing and counts a violation. QEMU: 16-bit
 * SIDs, no SSIDs, 8-bit VMIDs (IDR0.VMID16 clear); MINIMAL: 8-bit ASIDs.
 */
static void test_out_of_range(void **state)
{
	const enum smmuv3_model_preset Q = SMMUV3_MODEL_QEMU_VIRT_7_2;
	uint64_t v;
	struct t t;

	(void)state;
	/* CFGI_STE(SID 0x10000), CFGI_CD(SID 1, SSID 1). */
	assert_int_equal(one_v(Q, 0x03 | (0x10000ull << 32), 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(one_v(Q, 0x03 | (0xffffull << 32), 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(one_v(Q, 0x05 | (1ull << 32) | (1ull << 12), 0, &v),
			 0);
	assert_int_equal(v, 1);
	/* TLBI_NH_ALL(VMID 0x100), TLBI_NH_ASID(ASID 0x100) on MINIMAL. */
	assert_int_equal(one_v(Q, 0x10 | (0x100ull << 32), 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(
		one_v(SMMUV3_MODEL_MINIMAL, 0x11 | (0x100ull << 48), 0, &v), 0);
	assert_int_equal(v, 1);
	/* ... with no effect: an ASID 0 entry of VMID 0 stays. */
	t_init(&t, Q);
	ins(&t, 0x1000, 1, false, 0, 0, false, 12, 3);
	submit(&t, 0x10 | (0x100ull << 32), 0);
	assert_true(has(&t, 0x1000, 1, false, 0, 0));
	submit(&t, 0x10, 0);
	assert_false(has(&t, 0x1000, 1, false, 0, 0));
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 2);
	smmuv3_model_destroy(t.m);
	/* An illegal range encoding still wins (4.1.3): TG = 4K, NUM =
	 * SCALE = TTL = 0 with VMID 0x100. */
	assert_int_equal(one_v(Q, 0x13 | (0x100ull << 32), 1ull << 10, &v), 1);
}

/*
 * SCALE with IDR5.DS is 6 bits, [25:20] (IHI 0070 4.4.1.1). TLBI_NH_VA,
 * ASID 1, TG = 4K, NUM = 0, SCALE = 32 (bit 25 set, bits 24:20 zero):
 * Range = (0 + 1) * 2^32 granules of 4KB = 2^44 bytes from 0, so a page
 * at 2^43 goes. Read as 5 bits the SCALE would be 0: one page, and the
 * command would then have NUM = SCALE = TTL = 0 (CERROR_ILL).
 */
static void test_tlbi_scale_ds(void **state)
{
	struct t t;

	(void)state;
	memset(&next_cfg, 0, sizeof(next_cfg));
	assert_int_equal(
		smmuv3_model_config_field(&next_cfg, 5, SMMUV3_IDR5_DS, 1), 0);
	next_cfg_set = true;
	t_init(&t, SMMUV3_MODEL_FULL);
	ins(&t, 1ull << 43, 1, false, 1, 0, false, 12, 3);
	ins(&t, 1ull << 44, 1, false, 1, 0, false, 12, 3); /* outside */
	submit(&t, 0x12 | (32ull << 20) | (1ull << 48), 1ull << 10);
	assert_int_equal(rd(&t, SMMUV3_CMDQ_CONS), 1);
	assert_false(has(&t, 1ull << 43, 1, false, 1, 0));
	assert_true(has(&t, 1ull << 44, 1, false, 1, 0));
	smmuv3_model_destroy(t.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_ill_and_recovery),
		cmocka_unit_test(test_reserved_encodings),
		cmocka_unit_test(test_abt),
		cmocka_unit_test(test_fault_modes),
		cmocka_unit_test(test_sync_msi_sev),
		cmocka_unit_test(test_tlbi_asid_va),
		cmocka_unit_test(test_tlbi_range_ttl),
		cmocka_unit_test(test_tlbi_s2_el2),
		cmocka_unit_test(test_tlbi_stage_support),
		cmocka_unit_test(test_tlbi_scale_ds),
		cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
