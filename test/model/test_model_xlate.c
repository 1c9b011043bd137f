// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of the model's caches and translation path: GBPA when SMMUEN=0,
 * the configuration cache (a changed STE/CD is not seen until CFGI), the
 * TLB (an unmapped page still translates until the right TLBI), fault
 * events with their architected record fields (IHI 0070 7.3), table-walk
 * abort and SFM fault modes, the live STE view, and several threads on
 * one model. Every structure is built by hand from IHI 0070 5.2/5.4 and
 * the VMSAv8-64 descriptor formats; the expected values are derived in
 * the comments.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

#define IOVA 0x40201234ull    /* L1 index 1, L2 index 1, L3 index 1 */
#define IOVA_RO 0x40202000ull /* L3 index 2 */
#define OA 0x80000000ull
#define ASID 5u

struct t {
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	uint64_t *strtab, *cd, *l1, *l2, *l3, *evtq, *cmdq;
	uint32_t prod;
};

static void *alloc(struct t *t, size_t size, smmuv3_pa_t *pa)
{
	void *p =
		t->o.ops->alloc(t->o.ctx, size, size < 4096 ? size : 4096, pa);

	assert_non_null(p);
	return p;
}

/* The PA the mock port gave @p (PAs are not host addresses). */
static uint64_t pa_of(struct t *t, const void *p)
{
	smmuv3_pa_t pa = 0;

	assert_int_equal(
		smmuv3_mock_va_to_pa(smmuv3_model_mock(t->m), p, 1, &pa), 0);
	return pa;
}

static void wr(struct t *t, uint32_t off, uint32_t v)
{
	t->o.ops->write32(t->o.ctx, off, v);
}

/* STE words (IHI 0070 5.2): V [0], Config [3:1], S1ContextPtr [51:6]. */
static void ste_s1(struct t *t, uint32_t sid)
{
	uint64_t *s = &t->strtab[8u * sid];

	memset(s, 0, 64);
	s[0] = 1u | (5u << 1) | pa_of(t, t->cd);
}

/* CD (IHI 0070 5.4): T0SZ 25, TG0 4K, IRGN0/ORGN0 WB, SH0 ISH, EPD1,
 * V [31], IPS 48-bit (5), AA64 [41], R [45], A [46], ASID [63:48];
 * TTB0 in word 1. */
static void cd_write(struct t *t, uint16_t asid)
{
	t->cd[0] = 25u | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 30) |
		   (1ull << 31) | (5ull << 32) | (1ull << 41) | (1ull << 45) |
		   (1ull << 46) | ((uint64_t)asid << 48);
	t->cd[1] = pa_of(t, t->l1);
	t->cd[3] = 0xff; /* MAIR: Attr0 normal WB */
}

/* Page descriptor: OA | nG [11] | AF [10] | SH ISH [9:8] | AP [7:6] | 0b11. */
static uint64_t page(uint64_t oa, bool ro)
{
	return oa | (1u << 11) | (1u << 10) | (3u << 8) | (1u << 6) |
	       (ro ? 1u << 7 : 0u) | 3u;
}

static void setup_cfg(struct t *t, bool evtq, bool httu,
		      enum smmuv3_model_caching caching)
{
	struct smmuv3_model_config cfg;
	smmuv3_pa_t pa;

	memset(t, 0, sizeof(*t));
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	cfg.httu = httu;
	cfg.caching = caching;
	assert_int_equal(smmuv3_model_create(&cfg, &t->m), 0);
	t->o = smmuv3_model_osal(t->m);
	t->strtab = alloc(t, 16 * 64, &pa);
	t->cd = alloc(t, 64, &pa);
	t->l1 = alloc(t, 4096, &pa);
	t->l2 = alloc(t, 4096, &pa);
	t->l3 = alloc(t, 4096, &pa);
	t->evtq = alloc(t, 4 * 32, &pa);
	t->cmdq = alloc(t, 16 * 16, &pa);
	/* SID 1: stage 1; SID 3: bypass (Config 0b100); others V = 0. */
	ste_s1(t, 1);
	t->strtab[8 * 3] = 1u | (4u << 1);
	cd_write(t, ASID);
	t->l1[1] = pa_of(t, t->l2) | 3u;
	t->l2[1] = pa_of(t, t->l3) | 3u;
	t->l3[1] = page(OA, false);
	t->l3[2] = page(OA + 0x1000, true);
	t->o.ops->write64(t->o.ctx, SMMUV3_STRTAB_BASE, pa_of(t, t->strtab));
	wr(t, SMMUV3_STRTAB_BASE_CFG, 4); /* linear, LOG2SIZE 4 */
	t->o.ops->write64(t->o.ctx, SMMUV3_CMDQ_BASE, pa_of(t, t->cmdq) | 4u);
	t->o.ops->write64(t->o.ctx, SMMUV3_EVTQ_BASE, pa_of(t, t->evtq) | 2u);
	wr(t, SMMUV3_CR0,
	   SMMUV3_CR0_CMDQEN | (evtq ? SMMUV3_CR0_EVTQEN : 0u) |
		   SMMUV3_CR0_SMMUEN);
}

static void setup_httu(struct t *t, bool evtq, bool httu)
{
	setup_cfg(t, evtq, httu, SMMUV3_MODEL_CACHE_EAGER);
}

static void setup(struct t *t, bool evtq)
{
	setup_httu(t, evtq, false);
}

/* Caching on use: the first access misses (tests of when entries fill). */
static void setup_on_use(struct t *t)
{
	setup_cfg(t, true, false, SMMUV3_MODEL_CACHE_ON_USE);
}

static void cmd(struct t *t, uint64_t dw0, uint64_t dw1)
{
	uint32_t idx = t->prod & 15u;

	t->cmdq[2 * idx] = dw0;
	t->cmdq[2 * idx + 1] = dw1;
	t->prod = (t->prod + 1u) & 31u;
	t->o.ops->lock(t->o.ctx);
	wr(t, SMMUV3_CMDQ_PROD, t->prod);
	t->o.ops->unlock(t->o.ctx);
}

static struct smmuv3_model_result acc(struct t *t, uint32_t sid, uint64_t iova,
				      unsigned int a)
{
	struct smmuv3_model_result r;

	assert_int_equal(smmuv3_model_access(t->m, sid, false, 0, iova, a, &r),
			 0);
	return r;
}

static struct smmuv3_model_result acc_ssid(struct t *t, uint32_t sid,
					   uint32_t ssid)
{
	struct smmuv3_model_result r;

	assert_int_equal(
		smmuv3_model_access(t->m, sid, true, ssid, IOVA, 0, &r), 0);
	return r;
}

static void test_gbpa_when_disabled(void **state)
{
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup(&t, false);
	wr(&t, SMMUV3_CR0, 0);
	/* GBPA reset value 0: bypass, PA = IOVA whatever the stream. */
	r = acc(&t, 9, 0x1234, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.bypass && r.pa == 0x1234);
	wr(&t, SMMUV3_GBPA, SMMUV3_GBPA_UPDATE | SMMUV3_GBPA_ABORT);
	r = acc(&t, 9, 0x1234, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	smmuv3_model_destroy(t.m);
}

static void test_ste_cache(void **state)
{
	struct smmuv3_model_result r;
	struct smmuv3_model_counters c;
	struct t t;

	(void)state;
	setup(&t, true);
	r = acc(&t, 3, 0x5000, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.bypass && r.pa == 0x5000);
	assert_true(smmuv3_model_ste_cached(t.m, 3));
	/* STE 3 becomes Config = abort (V = 1, 0b000): still bypass from
	 * the cache until CFGI_STE(3) (opcode 0x03, SID [63:32]). */
	t.strtab[8 * 3] = 1u;
	r = acc(&t, 3, 0x5000, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	cmd(&t, 0x03 | (3ull << 32), 0);
	assert_false(smmuv3_model_ste_cached(t.m, 3));
	r = acc(&t, 3, 0x5000, 0);
	/* Abort config: terminated, no event. */
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.events, 0);

	/* STE 2 bypass, cached; then STEs 2 and 3 invalid (V = 0). */
	t.strtab[8 * 2] = 1u | (4u << 1);
	assert_int_equal(acc(&t, 2, 0, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	t.strtab[8 * 2] = 0;
	t.strtab[8 * 3] = 0;
	assert_int_equal(acc(&t, 2, 0, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	/* CFGI_STE_RANGE(SID 3, Range 0): 2^1 STEs from SID 2 (aligned). */
	cmd(&t, 0x04 | (3ull << 32), 0);
	r = acc(&t, 2, 0x7000, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_STE);
	assert_true(r.event_written);
	/* Record: C_BAD_STE (0x04), SID 2 in [63:32]. */
	assert_true(t.evtq[0] == 0x0000000200000004ull);
	assert_int_equal(
		t.o.ops->read32(t.o.ctx, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 1);
	/* A SID beyond the 16-entry table: C_BAD_STREAMID (0x02). */
	r = acc(&t, 16, 0, 0);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_STREAMID);
	assert_true(t.evtq[4] == 0x0000001000000002ull);
	smmuv3_model_destroy(t.m);
}

static void test_tlb_stale_until_tlbi(void **state)
{
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup_on_use(&t);
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == OA + 0x234);
	assert_false(r.tlb_hit);
	r = acc(&t, 1, IOVA + 8, MDL_ACC_WRITE);
	assert_true(r.tlb_hit && r.pa == OA + 0x23c);
	/* Unmap without invalidation: the TLB still translates. */
	t.l3[1] = 0;
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.tlb_hit);
	/* A TLBI for another ASID, or another page, changes nothing. */
	cmd(&t, 0x12 | ((uint64_t)(ASID + 1) << 48), IOVA & ~0xfffull);
	cmd(&t, 0x12 | ((uint64_t)ASID << 48), IOVA_RO);
	assert_int_equal(acc(&t, 1, IOVA, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	/* TLBI_NH_VA(VMID 0, ASID 5, page of IOVA). */
	cmd(&t, 0x12 | ((uint64_t)ASID << 48), IOVA & ~0xfffull);
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	/* Record (7.3.12): ID 0x10, SID 1; RnW [35] (a read), S2 [39] = 0,
	 * InD/PnU 0; InputAddr; no IPA for a stage-1 fault. */
	assert_true(t.evtq[0] == 0x0000000100000010ull);
	assert_true((t.evtq[1] & ((1ull << 33) | (1ull << 34) | (1ull << 35) |
				  (1ull << 39))) == (1ull << 35));
	assert_true(t.evtq[2] == IOVA);
	assert_true(t.evtq[3] == 0);
	smmuv3_model_destroy(t.m);
}

static void test_cd_cache(void **state)
{
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup_on_use(&t);
	assert_int_equal(acc(&t, 1, IOVA, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(smmuv3_model_cd_cached(t.m, 1, 0));
	/* CD made invalid (V = 0) and the TLB emptied (TLBI_NH_ALL):
	 * the walk still uses the cached CD. */
	t.cd[0] &= ~(1ull << 31);
	cmd(&t, 0x10, 0);
	assert_int_equal(smmuv3_model_tlb_count(t.m), 0);
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_false(r.tlb_hit);
	/* CFGI_CD(SID 1, SSID 0) drops it: C_BAD_CD (0x0a). */
	cmd(&t, 0x05 | (1ull << 32), 0);
	assert_false(smmuv3_model_cd_cached(t.m, 1, 0));
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_CD);
	assert_true(t.evtq[0] == 0x000000010000000aull);
	/* The CD valid again, CFGI_CD_ALL(1): fetched and cached anew; then
	 * CFGI_STE(1) drops the stream's CDs along with its STE. */
	cd_write(&t, ASID);
	cmd(&t, 0x06 | (1ull << 32), 0); /* CFGI_CD_ALL(1) */
	assert_int_equal(acc(&t, 1, IOVA, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(smmuv3_model_cd_cached(t.m, 1, 0));
	cmd(&t, 0x03 | (1ull << 32), 0);
	assert_false(smmuv3_model_cd_cached(t.m, 1, 0));
	smmuv3_model_destroy(t.m);
}

static void test_l1cd_cached_until_leaf0(void **state)
{
	struct smmuv3_model_result r;
	uint64_t *l1cd, *l2cd;
	smmuv3_pa_t pa;
	struct t t;

	(void)state;
	setup(&t, true);
	/* SID 1 with a 2-level CD table (5.2): S1Fmt [5:4] = 1 (64 CDs per
	 * 4KB L2 table), S1CDMax [63:59] = 7 (128 SSIDs: 2 L1CDs). */
	l1cd = alloc(&t, 64, &pa); /* S1ContextPtr is 64-byte aligned */
	l2cd = alloc(&t, 4096, &pa);
	memset(&t.strtab[8], 0, 64);
	t.strtab[8] =
		1u | (5u << 1) | (1u << 4) | pa_of(&t, l1cd) | (7ull << 59);
	/* SSID 70 = L1 index 1 (70 >> 6), L2 index 6. L1CD 1 invalid. */
	r = acc_ssid(&t, 1, 70);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_SUBSTREAMID);
	/* Record: ID 0x08, SSV [11], SSID 70 [31:12], SID 1. */
	assert_true(t.evtq[0] ==
		    (0x0000000100000008ull | (1u << 11) | (70ull << 12)));
	/* Install the L2 table: CD 6 = our CD; L1CD 1 = L2Ptr | V. */
	memcpy(&l2cd[8 * 6], t.cd, 64);
	l1cd[1] = pa_of(&t, l2cd) | 1u;
	/* The invalid L1CD may still be cached, also after a leaf CFGI_CD
	 * (Leaf [0] of dw1 = 1)... */
	assert_int_equal(acc_ssid(&t, 1, 70).event_id,
			 MDL_EVT_C_BAD_SUBSTREAMID);
	cmd(&t, 0x05 | (70ull << 12) | (1ull << 32), 1);
	assert_int_equal(acc_ssid(&t, 1, 70).event_id,
			 MDL_EVT_C_BAD_SUBSTREAMID);
	/* ...until CFGI_CD with Leaf = 0. */
	cmd(&t, 0x05 | (70ull << 12) | (1ull << 32), 0);
	r = acc_ssid(&t, 1, 70);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == OA + 0x234);
	smmuv3_model_destroy(t.m);
}

static void test_permission_and_evtq_off(void **state)
{
	struct smmuv3_model_counters c;
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup(&t, true);
	/* Read-only page (AP = 0b11): a read works, a write faults. */
	r = acc(&t, 1, IOVA_RO + 4, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == OA + 0x1004);
	r = acc(&t, 1, IOVA_RO + 4, MDL_ACC_WRITE);
	assert_int_equal(r.event_id, MDL_EVT_F_PERMISSION);
	/* ID 0x13, SID 1; RnW = 0 for a write. */
	assert_true(t.evtq[0] == 0x0000000100000013ull);
	assert_true((t.evtq[1] & (1ull << 35)) == 0);
	assert_true(t.evtq[2] == IOVA_RO + 4);
	smmuv3_model_destroy(t.m);

	/* With EVTQEN clear the fault is reported but no record written. */
	setup(&t, false);
	r = acc(&t, 1, IOVA_RO, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_false(r.event_written);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.events, 0);
	assert_int_equal(c.events_lost, 1);
	smmuv3_model_destroy(t.m);
}

static void test_stage2_and_s2_ipa(void **state)
{
	struct smmuv3_model_result r;
	uint64_t *s1, *s2, *s3;
	smmuv3_pa_t pa;
	uint64_t *ste;
	struct t t;

	(void)state;
	setup(&t, true);
	s1 = alloc(&t, 4096, &pa);
	s2 = alloc(&t, 4096, &pa);
	s3 = alloc(&t, 4096, &pa);
	/* Stage-2 tables for IPA 0x40201000 (4K: L1 1, L2 1, L3 1); page:
	 * OA | AF [10] | SH ISH [9:8] | S2AP RW [7:6] | MemAttr [5:2] | 0b11 */
	s1[1] = pa_of(&t, s2) | 3u;
	s2[1] = pa_of(&t, s3) | 3u;
	s3[1] = OA | (1u << 10) | (3u << 8) | (3u << 6) | (0xfu << 2) | 3u;
	/* STE 4 (5.2): Config 0b110 (stage 2); word 2: S2VMID 9, T0SZ 25
	 * [37:32], SL0 1 [39:38] (start at level 1 with 4K), IR0/OR0 WB,
	 * SH0 ISH, TG 4K, PS 48-bit [50:48], S2AA64 [51], S2R [58];
	 * word 3: S2TTB. */
	ste = &t.strtab[8 * 4];
	memset(ste, 0, 64);
	ste[0] = 1u | (6u << 1);
	ste[2] = 9u | (25ull << 32) | (1ull << 38) | (1ull << 40) |
		 (1ull << 42) | (3ull << 44) | (5ull << 48) | (1ull << 51) |
		 (1ull << 58);
	ste[3] = pa_of(&t, s1);
	r = acc(&t, 4, IOVA, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == OA + 0x234);
	/* Stage-1 invalidations leave a stage-2 entry. */
	cmd(&t, 0x10 | (9ull << 32), 0);		/* NH_ALL(VMID 9) */
	cmd(&t, 0x2a | (8ull << 32), IOVA & ~0xfffull); /* S2_IPA(VMID 8) */
	assert_true(smmuv3_model_tlb_lookup(t.m, IOVA, 2, false, 0, 9));
	s3[1] = 0;
	assert_true(acc(&t, 4, IOVA, 0).tlb_hit);
	/* TLBI_S2_IPA(VMID 9, IPA [51:12]). */
	cmd(&t, 0x2a | (9ull << 32), IOVA & ~0xfffull);
	r = acc(&t, 4, IOVA, 0);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	/* Record: S2 [39], CLASS [41:40] = 2 (IN), RnW [35]; InputAddr;
	 * IPA [51:12] in word 3. */
	assert_true(t.evtq[0] == 0x0000000400000010ull);
	assert_true((t.evtq[1] >> 35 & 1) == 1 && (t.evtq[1] >> 39 & 1) == 1 &&
		    (t.evtq[1] >> 40 & 3) == 2);
	assert_true(t.evtq[2] == IOVA);
	assert_true(t.evtq[3] == (IOVA & ~0xfffull));
	/* S2R = 0: the fault is not recorded (terminated silently). */
	ste[2] &= ~(1ull << 58);
	cmd(&t, 0x03 | (4ull << 32), 0);
	r = acc(&t, 4, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	assert_int_equal(
		t.o.ops->read32(t.o.ctx, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 1);
	smmuv3_model_destroy(t.m);
}

static void test_stall_resume(void **state)
{
	struct smmuv3_model_counters c;
	struct smmuv3_model_result r, f;
	uint16_t stag, stag2, stag3;
	struct t t;

	(void)state;
	setup(&t, true);
	/* CD.S [44]: stage-1 faults stall (FULL: STALL_MODEL 0b00). */
	t.cd[0] |= 1ull << 44;
	r = acc(&t, 1, 0x40205000, MDL_ACC_WRITE); /* L3 index 5: unmapped */
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_STALLED);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	stag = r.stag;
	/* Record: Stall [95] = dw1 bit 31, STAG [79:64] = dw1 [15:0]. */
	assert_true(t.evtq[1] & (1ull << 31));
	assert_int_equal(t.evtq[1] & 0xffff, stag);
	assert_int_equal(smmuv3_model_stall_result(t.m, stag, &f),
			 SMMUV3_EAGAIN);
	/* Software maps the page, then RESUME(SID 1, STAG, Retry):
	 * opcode 0x44, Action [13:12] = 1, SID [63:32]; dw1 STAG [15:0]. */
	t.l3[5] = page(OA + 0x5000, false);
	cmd(&t, 0x44 | (1ull << 12) | (1ull << 32), stag);
	assert_int_equal(smmuv3_model_stall_result(t.m, stag, &f), 0);
	assert_int_equal(f.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(f.pa == OA + 0x5000);
	/* Two more stalls; a RESUME for another SID is ignored, Abort (2)
	 * terminates one, STALL_TERM(1) (0x45) the other. */
	stag2 = acc(&t, 1, 0x40206000, 0).stag;
	stag3 = acc(&t, 1, 0x40207000, 0).stag;
	assert_true(stag2 != stag3);
	cmd(&t, 0x44 | (1ull << 12) | (2ull << 32), stag2);
	assert_int_equal(smmuv3_model_stall_result(t.m, stag2, &f),
			 SMMUV3_EAGAIN);
	cmd(&t, 0x44 | (2ull << 12) | (1ull << 32), stag2);
	assert_int_equal(smmuv3_model_stall_result(t.m, stag2, &f), 0);
	assert_int_equal(f.outcome, SMMUV3_MODEL_XLATE_ABORT);
	cmd(&t, 0x45 | (1ull << 32), 0);
	assert_int_equal(smmuv3_model_stall_result(t.m, stag3, &f), 0);
	assert_int_equal(f.outcome, SMMUV3_MODEL_XLATE_ABORT);
	assert_int_equal(smmuv3_model_stall_result(t.m, 0x7777, &f),
			 SMMUV3_ENOENT);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.stalls, 3);
	assert_int_equal(c.resumes, 2);
	assert_int_equal(c.resumes_unmatched, 1);
	/* Without CD.S the same fault terminates with a plain record. */
	t.cd[0] &= ~(1ull << 44);
	cmd(&t, 0x05 | (1ull << 32), 0); /* CFGI_CD(1, 0) */
	r = acc(&t, 1, 0x40208000, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	smmuv3_model_destroy(t.m);
}

/*
 * IHI 0070 7.4: "a fault record from a stalled transaction is not
 * discarded and an event is reported for the stalled transaction when the
 * queue is next writable ... stall fault records do not cause an overflow
 * condition." A 4-entry event queue is filled by hand, a stalling fault
 * stays STALLED with PROD.OVFLG untouched and nothing lost; once software
 * consumes one record (CONS = 1) the stall record (Stall, STAG) is written
 * into slot 0 and PROD becomes 5 (wrap bit 2 set, index 1).
 */
static void test_stall_record_deferred(void **state)
{
	const uint64_t ev[4] = {0x10, 0, 0, 0}; /* F_TRANSLATION, SID 0 */
	struct smmuv3_model_counters c;
	struct smmuv3_model_result r, f;
	int i;
	struct t t;

	(void)state;
	setup(&t, true);
	t.cd[0] |= 1ull << 44; /* CD.S */
	for (i = 0; i < 4; i++)
		assert_int_equal(smmuv3_model_event_inject(t.m, ev), 0);
	assert_int_equal(
		smmuv3_model_peek32(t.m, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 4);
	r = acc(&t, 1, 0x40205000, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_STALLED);
	assert_false(r.event_written);
	/* No overflow: PROD (OVFLG [31]) unchanged, nothing lost. */
	assert_int_equal(
		smmuv3_model_peek32(t.m, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 4);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.events_lost, 0);
	assert_int_equal(smmuv3_model_stall_result(t.m, r.stag, &f),
			 SMMUV3_EAGAIN);
	/* Software consumes one record: the stall record goes in. */
	wr(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 1);
	assert_int_equal(
		smmuv3_model_peek32(t.m, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 5);
	assert_int_equal(t.evtq[0] & 0xff, 0x10);
	assert_int_equal(t.evtq[0] >> 32, 1); /* SID 1 */
	assert_true(t.evtq[1] & (1ull << 31));
	assert_int_equal(t.evtq[1] & 0xffff, r.stag);
	/* A non-stall fault into the full queue is lost: OVFLG toggles. */
	t.cd[0] &= ~(1ull << 44);
	cmd(&t, 0x05 | (1ull << 32), 0); /* CFGI_CD(1, 0) */
	wr(&t, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS,
	   1); /* still full: PROD 5, CONS 1 */
	r = acc(&t, 1, 0x40208000, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(
		smmuv3_model_peek32(t.m, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD),
		(1u << 31) | 5u);
	smmuv3_model_destroy(t.m);
}

/*
 * IHI 0070 4.4.1.1: "If a non-zero value is specified [in TG] then the
 * SMMU is only required to invalidate TLB entries that were inserted using
 * a Translation Granule that matches TG." The CD walks with TG0 = 4KB;
 * TLBI_NH_VA(ASID 5, IOVA) with TG = 64KB (3), TTL = 3 leaves the 4KB
 * entry (a driver naming the wrong granule would see a stale hit), TG =
 * 4KB (1), TTL = 3 drops it.
 */
static void test_tlbi_tg_must_match(void **state)
{
	const uint64_t page_va = IOVA & ~0xfffull;
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup_on_use(&t);
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	cmd(&t, 0x12 | ((uint64_t)ASID << 48),
	    page_va | (3ull << 10) | (3ull << 8));
	r = acc(&t, 1, IOVA, 0);
	assert_true(r.tlb_hit);
	cmd(&t, 0x12 | ((uint64_t)ASID << 48),
	    page_va | (1ull << 10) | (3ull << 8));
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_false(r.tlb_hit);
	assert_int_equal(smmuv3_model_peek32(t.m, SMMUV3_CMDQ_CONS), 2);
	smmuv3_model_destroy(t.m);
}

static void test_ats_and_atc_inv(void **state)
{
	struct smmuv3_model_result r;
	uint64_t pa = 0;
	struct t t;

	(void)state;
	setup(&t, true);
	/* STE.EATS = 0: an ATS request is F_BAD_ATS_TREQ (0x05). */
	r.outcome = SMMUV3_MODEL_XLATE_OK;
	assert_int_equal(
		smmuv3_model_ats_translate(t.m, 1, false, 0, IOVA, 0, &r), 0);
	assert_int_equal(r.event_id, MDL_EVT_F_BAD_ATS_TREQ);
	assert_true(t.evtq[0] == 0x0000000100000005ull);
	/* EATS [29:28] of word 1 = 1 (full ATS), and CFGI_STE(1). */
	t.strtab[8 + 1] |= 1ull << 28;
	cmd(&t, 0x03 | (1ull << 32), 0);
	assert_int_equal(
		smmuv3_model_ats_translate(t.m, 1, false, 0, IOVA, 0, &r), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_int_equal(
		smmuv3_model_ats_translate(t.m, 1, false, 0, IOVA_RO, 0, &r),
		0);
	assert_true(smmuv3_model_atc_lookup(t.m, 1, false, 0, IOVA + 4, &pa));
	assert_true(pa == OA + 0x238);
	/* A failed request (L3 index 5 unmapped) is not recorded. */
	assert_int_equal(
		smmuv3_model_ats_translate(t.m, 1, false, 0, 0x40205000, 0, &r),
		0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_false(r.event_written);
	assert_int_equal(
		t.o.ops->read32(t.o.ctx, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD), 1);
	/* Unmap + TLBI without ATC_INV: the endpoint still translates. */
	t.l3[1] = 0;
	cmd(&t, 0x12 | ((uint64_t)ASID << 48), IOVA & ~0xfffull);
	assert_true(smmuv3_model_atc_lookup(t.m, 1, false, 0, IOVA, NULL));
	/* ATC_INV (0x40), SID 1, no SSV; dw1 Size [5:0] = 0 at 0x40202000:
	 * the page of IOVA_RO only. */
	cmd(&t, 0x40 | (1ull << 32), 0x40202000);
	assert_true(smmuv3_model_atc_lookup(t.m, 1, false, 0, IOVA, NULL));
	assert_false(smmuv3_model_atc_lookup(t.m, 1, false, 0, IOVA_RO, NULL));
	/* Size 1 at 0x40202000: 8KB aligned, 0x40202000..0x40203fff, still
	 * not IOVA's page (0x40201000); Size 2: 16KB from 0x40200000. */
	cmd(&t, 0x40 | (1ull << 32), 0x40202000 | 1u);
	assert_true(smmuv3_model_atc_lookup(t.m, 1, false, 0, IOVA, NULL));
	cmd(&t, 0x40 | (1ull << 32), 0x40202000 | 2u);
	assert_false(smmuv3_model_atc_lookup(t.m, 1, false, 0, IOVA, NULL));
	smmuv3_model_destroy(t.m);
}

static void test_privilege_not_shared(void **state)
{
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup(&t, true);
	/* L3 index 3: AP = 0b00, read/write at EL1 only (no EL0 access). */
	t.l3[3] = (OA + 0x2000) | (1u << 11) | (1u << 10) | (3u << 8) | 3u;
	r = acc(&t, 1, 0x40203010, MDL_ACC_PRIV);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == OA + 0x2010);
	/* The entry filled by a privileged access does not let an
	 * unprivileged one through: F_PERMISSION, PnU = 0 in the record. */
	r = acc(&t, 1, 0x40203010, 0);
	assert_int_equal(r.event_id, MDL_EVT_F_PERMISSION);
	assert_true((t.evtq[1] & (1ull << 33)) == 0);
	/* And the privileged access still works (walked again). */
	r = acc(&t, 1, 0x40203010, MDL_ACC_PRIV | MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	smmuv3_model_destroy(t.m);
}

static void test_httu_dirty_after_cached_read(void **state)
{
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup_httu(&t, true, true);
	/* CD.HA [43] and CD.HD [42]; page 4 writable-clean: DBM [51] set,
	 * AP[2] [7] set (read-only until the SMMU marks it dirty). */
	t.cd[0] |= (1ull << 43) | (1ull << 42);
	t.l3[4] = page(OA + 0x3000, true) | (1ull << 51);
	r = acc(&t, 1, 0x40204000, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(t.l3[4] & (1u << 7)); /* still clean */
	/* The write after a cached read walks and sets the dirty state
	 * (clears AP[2]) instead of hitting the clean entry. */
	r = acc(&t, 1, 0x40204008, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_false(r.tlb_hit);
	assert_false(t.l3[4] & (1u << 7));
	r = acc(&t, 1, 0x40204010, MDL_ACC_WRITE);
	assert_true(r.tlb_hit);
	smmuv3_model_destroy(t.m);
}

/*
 * A 3-level stage-2 table (4K, start level 1, T0SZ 25: 39-bit IPA) mapping
 * pages 1:1. Page descriptor: OA | AF [10] | SH ISH [9:8] | S2AP [7:6] |
 * MemAttr WB [5:2] | 0b11; table descriptor: PA | 0b11.
 */
struct s2map {
	uint64_t *l1;
	uint64_t *tab[8]; /* level-2 and level-3 tables made so far */
	uint64_t key[8];  /* level << 40 | IPA >> (30 or 21) */
	unsigned int n;
};

static uint64_t *s2_next(struct t *t, struct s2map *m, uint64_t *tbl,
			 unsigned int idx, uint64_t key)
{
	smmuv3_pa_t pa;

	for (unsigned int i = 0; i < m->n; i++)
		if (m->key[i] == key)
			return m->tab[i];
	assert_true(m->n < 8);
	m->tab[m->n] = alloc(t, 4096, &pa);
	memset(m->tab[m->n], 0, 4096);
	m->key[m->n] = key;
	tbl[idx] = pa_of(t, m->tab[m->n]) | 3u;
	return m->tab[m->n++];
}

/* Map (S2AP 3: RW; 1: read-only) or unmap (s2ap 0) the page of @pa. */
static void s2_page(struct t *t, struct s2map *m, uint64_t pa,
		    unsigned int s2ap)
{
	uint64_t *l2, *l3;

	assert_true(pa < (1ull << 39));
	l2 = s2_next(t, m, m->l1, pa >> 30 & 511, 2ull << 40 | pa >> 30);
	l3 = s2_next(t, m, l2, pa >> 21 & 511, 3ull << 40 | pa >> 21);
	l3[pa >> 12 & 511] = s2ap ? (pa & ~0xfffull) | (1u << 10) |
					   (3u << 8) | ((uint64_t)s2ap << 6) |
					   (0xfu << 2) | 3u :
				    0;
}

/*
 * Nested STE 6 (Config 0b111): stage 1 from the fixture's CD (its address
 * and TTB0 are IPAs), stage 2 as in test_stage2_and_s2_ipa (VMID 9) on a
 * table mapping the CD, the three stage-1 tables and OA 1:1.
 */
static void nested_setup(struct t *t, struct s2map *m)
{
	smmuv3_pa_t pa;
	uint64_t *ste = &t->strtab[8 * 6];

	memset(m, 0, sizeof(*m));
	m->l1 = alloc(t, 4096, &pa);
	memset(m->l1, 0, 4096);
	s2_page(t, m, pa_of(t, t->cd), 3);
	s2_page(t, m, pa_of(t, t->l1), 3);
	s2_page(t, m, pa_of(t, t->l2), 3);
	s2_page(t, m, pa_of(t, t->l3), 3);
	s2_page(t, m, OA, 3);
	memset(ste, 0, 64);
	ste[0] = 1u | (7u << 1) | pa_of(t, t->cd);
	ste[2] = 9u | (25ull << 32) | (1ull << 38) | (1ull << 40) |
		 (1ull << 42) | (3ull << 44) | (5ull << 48) | (1ull << 51) |
		 (1ull << 58);
	ste[3] = pa_of(t, m->l1);
}

/* The last event record: F_* ID, CLASS [41:40], S2 [39], RnW [35],
 * TTRnW [44], IPA [51:12] of word 3. */
static void check_rec(struct t *t, unsigned int slot, uint8_t id,
		      unsigned int clss, bool rnw, bool ttrnw, uint64_t ipa)
{
	const uint64_t *e = &t->evtq[4 * slot];

	assert_int_equal(e[0] & 0xff, id);
	assert_int_equal(e[0] >> 32, 6);
	assert_int_equal(e[1] >> 40 & 3, clss);
	assert_int_equal(e[1] >> 39 & 1, 1);
	assert_int_equal(e[1] >> 35 & 1, rnw);
	assert_int_equal(e[1] >> 44 & 1, ttrnw);
	assert_true(e[2] == IOVA);
	assert_true(e[3] == (ipa & ~0xfffull));
}

static void test_nested_ttrnw(void **state)
{
	struct smmuv3_model_result r;
	struct s2map m;
	struct t t;

	(void)state;
	setup_httu(&t, true, true);
	nested_setup(&t, &m);
	r = acc(&t, 6, IOVA, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == OA + 0x234);

	/* The level-2 table's IPA unmapped: the stage-1 walk's read of it
	 * faults at stage 2: F_TRANSLATION, CLASS = TT, TTRnW = 1 (a read),
	 * RnW = 0 (the transaction is a write), IPA = the descriptor's. */
	s2_page(&t, &m, pa_of(&t, t.l2), 0);
	cmd(&t, 0x28 | (9ull << 32), 0); /* TLBI_S12_VMALL(VMID 9) */
	r = acc(&t, 6, IOVA, MDL_ACC_WRITE);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	check_rec(&t, 0, MDL_EVT_F_TRANSLATION, 1, false, true,
		  pa_of(&t, t.l2));
	s2_page(&t, &m, pa_of(&t, t.l2), 3);

	/* The CD's IPA unmapped (CFGI_STE drops the cached CD): CLASS = CD,
	 * TTRnW RES0. */
	s2_page(&t, &m, pa_of(&t, t.cd), 0);
	cmd(&t, 0x28 | (9ull << 32), 0);
	cmd(&t, 0x03 | (6ull << 32), 0); /* CFGI_STE(6) */
	r = acc(&t, 6, IOVA, 0);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	check_rec(&t, 1, MDL_EVT_F_TRANSLATION, 0, true, false,
		  pa_of(&t, t.cd));
	s2_page(&t, &m, pa_of(&t, t.cd), 3);

	/* HTTU: CD.HA [43], the page's AF clear, its level-3 table read-only
	 * at stage 2: the SMMU's write of AF faults: F_PERMISSION,
	 * CLASS = TT, TTRnW = 0 (a write), RnW = 1 (a read transaction). */
	t.cd[0] |= 1ull << 43;
	t.l3[1] &= ~(1ull << 10);
	s2_page(&t, &m, pa_of(&t, t.l3), 1);
	cmd(&t, 0x28 | (9ull << 32), 0);
	cmd(&t, 0x03 | (6ull << 32), 0);
	r = acc(&t, 6, IOVA, 0);
	assert_int_equal(r.event_id, MDL_EVT_F_PERMISSION);
	check_rec(&t, 2, MDL_EVT_F_PERMISSION, 1, true, false,
		  pa_of(&t, t.l3));
	smmuv3_model_destroy(t.m);
}

static void test_walk_abort_and_sfm(void **state)
{
	struct smmuv3_model_result r;
	struct t t;

	(void)state;
	setup(&t, true);
	/* The level-3 table aborts: F_WALK_EABT (0x0b) with the address of
	 * the descriptor read, L3 + 8 * index 1, in FetchAddr [51:3]. */
	smmuv3_model_abort_range(t.m, pa_of(&t, t.l3), 4096);
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.event_id, MDL_EVT_F_WALK_EABT);
	assert_true(t.evtq[0] == 0x000000010000000bull);
	assert_true(t.evtq[2] == IOVA);
	assert_true(t.evtq[3] == pa_of(&t, t.l3) + 8);
	smmuv3_model_abort_range(t.m, 0, 0);
	assert_int_equal(acc(&t, 1, IOVA, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	/* SFM: GERROR.SFM_ERR (bit 8) and every transaction terminated. */
	assert_int_equal(smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_SFM, 0),
			 0);
	assert_int_equal(t.o.ops->read32(t.o.ctx, SMMUV3_GERROR), 0x100);
	assert_int_equal(acc(&t, 1, IOVA, 0).outcome, SMMUV3_MODEL_XLATE_ABORT);
	smmuv3_model_destroy(t.m);
}

static void test_peek(void **state)
{
	struct mdl_fault f;
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct t t;

	(void)state;
	setup(&t, true);
	assert_int_equal(smmuv3_model_ste_peek(t.m, 1, &ste, &f), 0);
	assert_true(ste.valid && ste.config == MDL_STE_CFG_S1);
	assert_true(ste.s1ctxptr == pa_of(&t, t.cd));
	/* The same STE decoded from its raw words with the model's params. */
	{
		struct mdl_params p;
		struct mdl_ste raw_ste;

		smmuv3_model_params(t.m, &p);
		assert_int_equal(p.idr[0], smmuv3_model_idr(t.m, 0));
		assert_int_equal(mdl_ste_decode(&p, &t.strtab[8], &raw_ste, &f),
				 0);
		assert_true(raw_ste.s1ctxptr == ste.s1ctxptr);
	}
	assert_int_equal(smmuv3_model_cd_peek(t.m, 1, false, 0, &cd, &f), 0);
	assert_int_equal(cd.asid, ASID);
	assert_int_equal(cd.t0sz, 25);
	/* The live view, not the cache: peek sees a change at once. */
	t.strtab[8] = 0;
	assert_int_equal(smmuv3_model_ste_peek(t.m, 1, &ste, &f),
			 MDL_EVT_C_BAD_STE);
	assert_false(smmuv3_model_ste_cached(t.m, 1));
	smmuv3_model_destroy(t.m);
}

static void clean(struct t *t, const void *p, size_t n)
{
	t->o.ops->cache_clean(t->o.ctx, p, n);
}

static void test_noncoherent_walker(void **state)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model_result r;
	smmuv3_pa_t pa;
	struct t t;

	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	cfg.noncoherent = true;
	assert_int_equal(smmuv3_model_create(&cfg, &t.m), 0);
	t.o = smmuv3_model_osal(t.m);
	assert_non_null(t.o.ops->cache_clean);
	assert_int_equal(smmuv3_model_idr(t.m, 0) & SMMUV3_IDR0_COHACC, 0);
	t.strtab = alloc(&t, 16 * 64, &pa);
	t.cd = alloc(&t, 64, &pa);
	t.l1 = alloc(&t, 4096, &pa);
	t.l2 = alloc(&t, 4096, &pa);
	t.l3 = alloc(&t, 4096, &pa);
	t.cmdq = alloc(&t, 16 * 16, &pa);
	ste_s1(&t, 1);
	cd_write(&t, ASID);
	t.l1[1] = pa_of(&t, t.l2) | 3u;
	t.l2[1] = pa_of(&t, t.l3) | 3u;
	t.l3[1] = page(OA, false);
	t.o.ops->write64(t.o.ctx, SMMUV3_STRTAB_BASE, pa_of(&t, t.strtab));
	wr(&t, SMMUV3_STRTAB_BASE_CFG, 4);
	t.o.ops->write64(t.o.ctx, SMMUV3_CMDQ_BASE, pa_of(&t, t.cmdq) | 4u);
	wr(&t, SMMUV3_CR0, SMMUV3_CR0_CMDQEN | SMMUV3_CR0_SMMUEN);
	/* Nothing cleaned: the SMMU reads the zeroed STE (V = 0). */
	assert_int_equal(acc(&t, 1, IOVA, 0).event_id, MDL_EVT_C_BAD_STE);
	/* Clean the STE only (and forget the cached fault: CFGI_STE). The
	 * CD is still zero at the PoC: C_BAD_CD. */
	clean(&t, &t.strtab[8], 64);
	cmd(&t, 0x03 | (1ull << 32), 0);
	assert_int_equal(acc(&t, 1, IOVA, 0).event_id, MDL_EVT_C_BAD_CD);
	/* Clean a part of a line: the whole 64-byte line goes. */
	clean(&t, &t.cd[7], 1);
	clean(&t, t.l1, 4096);
	clean(&t, &t.l2[1], 8);
	clean(&t, &t.l3[1], 8);
	cmd(&t, 0x03 | (1ull << 32), 0);
	r = acc(&t, 1, IOVA, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == OA + 0x234);
	/* Unmap + TLBI without the clean: the walker still sees the page. */
	t.l3[1] = 0;
	cmd(&t, 0x12 | ((uint64_t)ASID << 48), IOVA & ~0xfffull);
	assert_int_equal(acc(&t, 1, IOVA, 0).outcome, SMMUV3_MODEL_XLATE_OK);
	clean(&t, &t.l3[1], 8);
	cmd(&t, 0x12 | ((uint64_t)ASID << 48), IOVA & ~0xfffull);
	assert_int_equal(acc(&t, 1, IOVA, 0).event_id, MDL_EVT_F_TRANSLATION);
	smmuv3_model_destroy(t.m);
}

struct obs {
	unsigned int cmds, barriers, cfgi_seen_valid;
};

static void observer(void *ctx, struct smmuv3_model *m,
		     enum smmuv3_model_obs_kind kind, const uint64_t *dw,
		     unsigned int barrier)
{
	struct obs *o = ctx;
	struct mdl_fault f;
	struct mdl_ste ste;

	if (kind == SMMUV3_MODEL_OBS_BARRIER) {
		assert_int_equal(barrier, SMMUV3_BARRIER_MEM_PUBLISH);
		o->barriers++;
		return;
	}
	o->cmds++;
	/* Re-entering the model from the observer is allowed. */
	if ((dw[0] & 0xff) == 0x03 &&
	    smmuv3_model_ste_peek(m, 1, &ste, &f) == 0 && ste.valid)
		o->cfgi_seen_valid++;
}

static void test_observer(void **state)
{
	struct obs o;
	struct t t;

	(void)state;
	memset(&o, 0, sizeof(o));
	setup(&t, true);
	smmuv3_model_set_observer(t.m, observer, &o);
	t.o.ops->barrier(t.o.ctx, SMMUV3_BARRIER_MEM_PUBLISH);
	cmd(&t, 0x03 | (1ull << 32), 0); /* CFGI_STE(1): STE 1 is valid */
	cmd(&t, 0x46, 0);
	assert_int_equal(o.barriers, 1);
	assert_int_equal(o.cmds, 2);
	assert_int_equal(o.cfgi_seen_valid, 1);
	smmuv3_model_set_observer(t.m, NULL, NULL);
	cmd(&t, 0x46, 0);
	assert_int_equal(o.cmds, 2);
	smmuv3_model_destroy(t.m);
}

struct thr {
	struct t *t;
	int bad;
};

static void *access_thread(void *arg)
{
	struct thr *a = arg;
	int i;

	for (i = 0; i < 2000; i++) {
		struct smmuv3_model_result r;

		if (smmuv3_model_access(a->t->m, 1, false, 0, IOVA, 0, &r) ||
		    r.outcome != SMMUV3_MODEL_XLATE_OK || r.pa != OA + 0x234)
			a->bad++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t th[3];
	struct thr a[3];
	struct t t;
	int i;

	(void)state;
	setup(&t, true);
	for (i = 0; i < 3; i++) {
		a[i].t = &t;
		a[i].bad = 0;
		assert_int_equal(
			pthread_create(&th[i], NULL, access_thread, &a[i]), 0);
	}
	/* Meanwhile: TLB invalidations through the command queue. */
	for (i = 0; i < 200; i++)
		cmd(&t, 0x10, 0);
	for (i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(a[i].bad, 0);
	}
	assert_int_equal(t.o.ops->read32(t.o.ctx, SMMUV3_CMDQ_CONS), t.prod);
	smmuv3_model_destroy(t.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gbpa_when_disabled),
		cmocka_unit_test(test_ste_cache),
		cmocka_unit_test(test_tlb_stale_until_tlbi),
		cmocka_unit_test(test_cd_cache),
		cmocka_unit_test(test_l1cd_cached_until_leaf0),
		cmocka_unit_test(test_permission_and_evtq_off),
		cmocka_unit_test(test_stage2_and_s2_ipa),
		cmocka_unit_test(test_stall_resume),
		cmocka_unit_test(test_stall_record_deferred),
		cmocka_unit_test(test_tlbi_tg_must_match),
		cmocka_unit_test(test_ats_and_atc_inv),
		cmocka_unit_test(test_privilege_not_shared),
		cmocka_unit_test(test_httu_dirty_after_cached_read),
		cmocka_unit_test(test_nested_ttrnw),
		cmocka_unit_test(test_walk_abort_and_sfm),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_noncoherent_walker),
		cmocka_unit_test(test_observer),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
