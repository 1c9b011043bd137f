// SPDX-License-Identifier: BSD-2-Clause
/*
 * Worked examples for the TLBI planner and the gather. Every expected field
 * is derived by hand from IHI 0070 4.4.1.1 (a range command covers
 * (NUM + 1) * 2^SCALE granules from ADDR; NUM = SCALE = TTL = 0 with TG != 0
 * is Reserved; TTL 1/2/3 = leaf level; TG 1/2/3 = 4K/16K/64K) and 4.5.1
 * (ATC_INV spans 4 KB * 2^Size at a Size-aligned address, Size 52 = all).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>

#include "test_cmdq_fake.h"

#define K4 0x1000ull
#define M2 0x200000ull

static struct smmuv3_caps caps;
static struct smmuv3_cmd_desc out[SMMUV3_TLBI_PLAN_MAX(0, 4)];
static struct smmuv3_tlbi_info info;

static int setup(void **state)
{
	(void)state;
	memset(&caps, 0, sizeof(caps));
	caps.features = SMMUV3_FEAT_RANGE_INV | SMMUV3_FEAT_GRAN4K |
			SMMUV3_FEAT_GRAN16K | SMMUV3_FEAT_GRAN64K |
			SMMUV3_FEAT_ATS | SMMUV3_FEAT_E2H | SMMUV3_FEAT_HYP |
			SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2;
	caps.asid_bits = 16;
	caps.vmid_bits = 16;
	caps.sid_bits = 16;
	caps.ssid_bits = 20;
	memset(out, 0xa5, sizeof(out));
	return 0;
}

/* A stage-1 4K request for [iova, iova + size). */
static struct smmuv3_tlbi_req s1(uint64_t iova, uint64_t size, uint64_t leaf)
{
	struct smmuv3_tlbi_req r = { .regime = SMMUV3_TLBI_S1,
				     .asid = 5,
				     .granule = SMMUV3_GRANULE_4K,
				     .iova = iova,
				     .size = size,
				     .leaf_size = leaf,
				     .leaf_only = leaf != 0 };
	return r;
}

static int plan(const struct smmuv3_tlbi_req *r)
{
	return smmuv3_tlbi_plan(&caps, r, out, SMMUV3_TLBI_PLAN_MAX(0, 4),
				&info);
}

static void check_range(const struct smmuv3_cmd_desc *d, uint8_t op,
			uint64_t addr, uint8_t tg, uint8_t num, uint8_t scale,
			uint8_t ttl, bool leaf)
{
	assert_int_equal(d->opcode, op);
	assert_true(d->addr == addr);
	assert_int_equal(d->tg, tg);
	assert_int_equal(d->num, num);
	assert_int_equal(d->scale, scale);
	assert_int_equal(d->ttl, ttl);
	assert_int_equal(d->leaf, leaf);
}

static void test_one_page(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x1000, K4, K4);

	(void)state;
	/* 1 page with a valid level-3 TTL: NUM 0, SCALE 0, TTL 3. */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 2);
	assert_int_equal(info.n_tlbi, 1);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x1000, 1, 0, 0, 3, true);
	assert_int_equal(out[0].asid, 5);
	assert_int_equal(out[0].vmid, 0);
	assert_int_equal(out[1].opcode, SMMUV3_OP_CMD_SYNC);

	/* Without a TTL (a table went): NUM=SCALE=TTL=0 would be Reserved,
	 * so the non-range form TG = 0 is used. */
	r.leaf_size = 0;
	r.leaf_only = false;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 1);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x1000, 0, 0, 0, 0, false);

	/* Leaves of mixed sizes: no TTL either. */
	r.leaf_size = K4;
	r.leaf_only = true;
	r.leaf_mixed = true;
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x1000, 0, 0, 0, 0, true);
}

static void test_block_2m(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x40200000, M2, M2);

	(void)state;
	/* 2 MB = 512 4K pages = (0 + 1) * 2^9; level-2 leaf, aligned: TTL 2. */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 1);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x40200000, 1, 0, 9, 2,
		    true);
}

static void test_split_33_pages(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x100000, 33 * K4, K4);

	(void)state;
	/* 33 = 3 * 11 cannot be (NUM+1) * 2^SCALE with NUM+1 <= 32: two
	 * commands. 32 pages (NUM 0, SCALE 5) at 0x100000 covers pages
	 * 0x100..0x11f, one page (TTL 3) at 0x120000 covers 0x120. */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 2);
	assert_false(info.rounded);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x100000, 1, 0, 5, 3, true);
	check_range(&out[1], SMMUV3_OP_TLBI_NH_VA, 0x120000, 1, 0, 0, 3, true);
	assert_int_equal(out[2].opcode, SMMUV3_OP_CMD_SYNC);

	/* Walk flush: the one-page tail has no TTL, so TG = 0 form. */
	r.leaf_size = 0;
	r.leaf_only = false;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 2);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x100000, 1, 0, 5, 0,
		    false);
	check_range(&out[1], SMMUV3_OP_TLBI_NH_VA, 0x120000, 0, 0, 0, 0,
		    false);

	/* MMU-700/MMU-S3 FULL_CONT option: one command, rounded up to
	 * 34 = 17 * 2^1 pages (NUM 16, SCALE 1). */
	caps.options = SMMUV3_OPT_FULL_CONT_RANGE_INV;
	r = s1(0x100000, 33 * K4, K4);
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 1);
	assert_true(info.rounded);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x100000, 1, 16, 1, 3,
		    true);
	/* One page without TTL: a range is mandatory, so 2 pages (2 =
	 * (0 + 1) * 2^1: the planner uses the largest SCALE that divides the
	 * count). */
	r = s1(0x100000, K4, 0);
	assert_int_equal(plan(&r), 0);
	assert_true(info.rounded);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x100000, 1, 0, 1, 0,
		    false);
}

static void test_split_2m_blocks(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x40000000, 33 * M2, M2);

	(void)state;
	/* 33 2M blocks = 16896 pages. 64 MB (16384 pages = 2^14: NUM 0,
	 * SCALE 14) at 0x40000000, then the last 2 MB (512 = 2^9) at
	 * 0x44000000. Both start 2M-aligned and cover whole blocks: TTL 2. */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 2);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x40000000, 1, 0, 14, 2,
		    true);
	check_range(&out[1], SMMUV3_OP_TLBI_NH_VA, 0x44000000, 1, 0, 9, 2,
		    true);
}

static void test_big_spaces(void **state)
{
	struct smmuv3_tlbi_req r = s1(0, 1ull << 48, 0);

	(void)state;
	/* Whole 48-bit space, 4K: 2^36 pages = 32 * 2^31: NUM 31 SCALE 31. */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 1);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0, 1, 31, 31, 0, false);

	/* Whole 52-bit space, 4K: 2^40 pages > 2 * 2^36: whole ASID. */
	r.size = 1ull << 52;
	assert_int_equal(plan(&r), 0);
	assert_true(info.full);
	assert_int_equal(info.n_tlbi, 1);
	assert_int_equal(out[0].opcode, SMMUV3_OP_TLBI_NH_ASID);
	assert_int_equal(out[0].asid, 5);
	/* With IDR5.DS SCALE has 6 bits, up to 39: 2^40 = (1 + 1) * 2^39. */
	caps.features |= SMMUV3_FEAT_DS;
	assert_int_equal(plan(&r), 0);
	assert_false(info.full);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0, 1, 1, 39, 0, false);
	caps.features &= ~SMMUV3_FEAT_DS;

	/* 64K granule, whole 52-bit space: 2^36 pages: TG 3, NUM 31, SCALE
	 * 31. */
	r.granule = SMMUV3_GRANULE_64K;
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0, 3, 31, 31, 0, false);

	/* 2^36 + 1 4K pages: 2^36 (NUM 31, SCALE 31) then the last page. */
	r = s1(0, (1ull << 48) + K4, K4);
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 2);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0, 1, 31, 31, 3, true);
	check_range(&out[1], SMMUV3_OP_TLBI_NH_VA, 1ull << 48, 1, 0, 0, 3,
		    true);
}

static void test_16k_ttl1(void **state)
{
	/* A 16K level-1 block is 16K << 22 = 64 GB = 2^22 pages (NUM 0,
	 * SCALE 22). TTL 1 with 16K is Reserved unless IDR5.DS. */
	struct smmuv3_tlbi_req r = s1(1ull << 36, 1ull << 36, 1ull << 36);

	(void)state;
	r.granule = SMMUV3_GRANULE_16K;
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 1ull << 36, 2, 0, 22, 0,
		    true);
	caps.features |= SMMUV3_FEAT_DS;
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 1ull << 36, 2, 0, 22, 1,
		    true);
	/* 16K level-2 block (32 MB = 2^11 pages): TTL 2. */
	r = s1(1ull << 25, 1ull << 25, 1ull << 25);
	r.granule = SMMUV3_GRANULE_16K;
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 1ull << 25, 2, 0, 11, 2,
		    true);
}

static void test_edges(void **state)
{
	struct smmuv3_tlbi_req r = s1(0xfffff000, 2 * K4, K4);

	(void)state;
	/* Crossing 2^32: pages 0xfffff and 0x100000: NUM 0, SCALE 1. */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 1);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0xfffff000, 1, 0, 1, 3,
		    true);

	/* Top page of the 64-bit space. */
	r = s1(0xfffffffffffff000ull, K4, K4);
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0xfffffffffffff000ull, 1, 0,
		    0, 3, true);
	/* FULL_CONT without TTL: 2 pages moved down so as not to wrap. */
	caps.options = SMMUV3_OPT_FULL_CONT_RANGE_INV;
	r.leaf_size = 0;
	r.leaf_only = false;
	assert_int_equal(plan(&r), 0);
	assert_true(info.rounded);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0xffffffffffffe000ull, 1, 0,
		    1, 0, false);
	caps.options = 0;

	/* iova + size beyond 2^64. */
	r = s1(0xfffffffffffff000ull, 2 * K4, K4);
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
	assert_int_equal(info.n_cmds, 0);

	/* Size 0: nothing, not even a sync. */
	r = s1(0x1000, 0, 0);
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 0);
}

static void test_errors(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x1800, K4, 0);

	(void)state;
	assert_int_equal(plan(&r), SMMUV3_EINVAL); /* unaligned iova */
	r = s1(0x1000, 0x800, 0);
	assert_int_equal(plan(&r), SMMUV3_EINVAL); /* unaligned size */
	r = s1(0x1000, M2, 0x4000);
	assert_int_equal(plan(&r), SMMUV3_EINVAL); /* 16K is no 4K block */
	r = s1(0x1000, M2, M2);
	assert_int_equal(plan(&r), SMMUV3_EINVAL); /* not 2M aligned */
	r = s1(0x1000, K4, K4);
	r.granule = (enum smmuv3_granule)3;
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
	r = s1(0x1000, K4, K4);
	r.regime = (enum smmuv3_tlbi_regime)4;
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
	r = s1(0x1000, K4, K4);
	r.asid = 0x100;
	caps.asid_bits = 8;
	assert_int_equal(plan(&r), SMMUV3_ERANGE);
	caps.asid_bits = 16;
	r.regime = SMMUV3_TLBI_S1_EL2;
	caps.features &= ~SMMUV3_FEAT_E2H;
	assert_int_equal(plan(&r), SMMUV3_EOPNOTSUPP);
	caps.features |= SMMUV3_FEAT_E2H;
	r.vmid = 1;
	assert_int_equal(plan(&r), SMMUV3_EINVAL); /* EL2 has no VMID */
	r = s1(0x1000, K4, K4);
	caps.features &= ~SMMUV3_FEAT_GRAN4K;
	assert_int_equal(plan(&r), SMMUV3_EOPNOTSUPP);
	caps.features |= SMMUV3_FEAT_GRAN4K;
	/* Buffer too small: one TLBI fits, the CMD_SYNC does not. */
	assert_int_equal(smmuv3_tlbi_plan(&caps, &r, out, 1, &info),
			 SMMUV3_E2BIG);
	assert_int_equal(smmuv3_tlbi_plan(&caps, NULL, out, 1, &info),
			 SMMUV3_EINVAL);
	/* Stage 2: the IPA field ends at bit 51. */
	r.regime = SMMUV3_TLBI_S2;
	r.iova = 1ull << 52;
	assert_int_equal(plan(&r), SMMUV3_ERANGE);
	/* ... and a probed 40-bit stage-2 IAS is tighter: the last page
	 * below 2^40 is fine, one crossing it is not. */
	caps.s2_ias_bits = 40;
	r.iova = (1ull << 40) - K4;
	assert_int_equal(plan(&r), 0);
	r.size = 2 * K4;
	r.leaf_size = 0;
	assert_int_equal(plan(&r), SMMUV3_ERANGE);
	/* SID wider than IDR1.SIDSIZE. */
	{
		const struct smmuv3_tlbi_ats_target t = { .sid = 0x10000 };

		r = s1(0x1000, K4, K4);
		r.ats = &t;
		r.n_ats = 1;
		assert_int_equal(plan(&r), SMMUV3_ERANGE);
		r.ats = NULL;
		assert_int_equal(plan(&r), SMMUV3_EINVAL);
	}
	/* Unknown flag; STU above 52. */
	r = s1(0x1000, K4, K4);
	r.flags = 2;
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
	r.flags = 0;
	r.atc_min_log2 = 53;
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
}

static void test_no_sync(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x100000, 33 * K4, K4);

	(void)state;
	/* Only the two TLBIs of the 33-page example, no CMD_SYNC. */
	r.flags = SMMUV3_TLBI_F_NO_SYNC;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 2);
	assert_int_equal(info.n_tlbi, 2);
	assert_int_equal(out[1].opcode, SMMUV3_OP_TLBI_NH_VA);
	/* A nested stage 2 needs its inner sync: refused. */
	r.regime = SMMUV3_TLBI_S2_NESTED;
	r.asid = 0;
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
}

static void test_el2_and_s2(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x2000, 2 * K4, K4);

	(void)state;
	r.regime = SMMUV3_TLBI_S1_EL2;
	assert_int_equal(plan(&r), 0);
	check_range(&out[0], SMMUV3_OP_TLBI_EL2_VA, 0x2000, 1, 0, 1, 3, true);
	assert_int_equal(out[0].asid, 5);
	r.all = true;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(out[0].opcode, SMMUV3_OP_TLBI_EL2_ASID);

	r = s1(0x2000, 2 * K4, K4);
	r.regime = SMMUV3_TLBI_S2;
	r.asid = 0;
	r.vmid = 7;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 2);
	check_range(&out[0], SMMUV3_OP_TLBI_S2_IPA, 0x2000, 1, 0, 1, 3, true);
	assert_int_equal(out[0].vmid, 7);
	r.all = true;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(out[0].opcode, SMMUV3_OP_TLBI_S12_VMALL);
	assert_int_equal(out[0].vmid, 7);
}

static void test_nested_and_ats(void **state)
{
	const struct smmuv3_tlbi_ats_target ats[2] = {
		{ .sid = 0x10 },
		{ .sid = 0x11, .ssid = 3, .ssv = true },
	};
	struct smmuv3_tlbi_req r = s1(0x5000, 3 * K4, K4);

	(void)state;
	/* S1 + ATS: TLBI, SYNC, ATC_INV x2, SYNC. Pages 5..7: 5 ^ 7 = 2,
	 * fls = 2: a 4-page span aligned to 4 pages: 0x4000, Size 2. */
	r.ats = ats;
	r.n_ats = 2;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 5);
	/* 3 pages: NUM 2, SCALE 0. */
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x5000, 1, 2, 0, 3, true);
	assert_int_equal(out[1].opcode, SMMUV3_OP_CMD_SYNC);
	assert_int_equal(out[2].opcode, SMMUV3_OP_ATC_INV);
	assert_true(out[2].addr == 0x4000);
	assert_int_equal(out[2].size, 2);
	assert_int_equal(out[2].sid, 0x10);
	assert_false(out[2].ssv);
	assert_int_equal(out[3].sid, 0x11);
	assert_true(out[3].ssv);
	assert_int_equal(out[3].ssid, 3);
	assert_int_equal(out[4].opcode, SMMUV3_OP_CMD_SYNC);

	/* Pages 7..8 straddle 8: 7 ^ 8 = 15, fls = 4: 16 pages at 0. */
	r.iova = 0x7000;
	r.size = 2 * K4;
	assert_int_equal(plan(&r), 0);
	assert_true(out[2].addr == 0);
	assert_int_equal(out[2].size, 4);
	/* The STU raises the span: 2^5 pages at 0. */
	r.atc_min_log2 = 5;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(out[2].size, 5);
	r.atc_min_log2 = 0;

	/* Nested stage 2: S2_IPA, SYNC, NH_ALL, SYNC, ATC_INV all, SYNC. */
	r = s1(0x200000, M2, M2);
	r.regime = SMMUV3_TLBI_S2_NESTED;
	r.asid = 0;
	r.vmid = 9;
	r.ats = ats;
	r.n_ats = 1;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 6);
	check_range(&out[0], SMMUV3_OP_TLBI_S2_IPA, 0x200000, 1, 0, 9, 2,
		    true);
	assert_int_equal(out[1].opcode, SMMUV3_OP_CMD_SYNC);
	assert_int_equal(out[2].opcode, SMMUV3_OP_TLBI_NH_ALL);
	assert_int_equal(out[2].vmid, 9);
	assert_int_equal(out[3].opcode, SMMUV3_OP_CMD_SYNC);
	assert_int_equal(out[4].opcode, SMMUV3_OP_ATC_INV);
	assert_int_equal(out[4].size, 52);
	assert_true(out[4].addr == 0);
	assert_int_equal(out[5].opcode, SMMUV3_OP_CMD_SYNC);
	/* Whole VMID: S12_VMALL covers stage 1 too, no NH_ALL. */
	r.all = true;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_cmds, 4);
	assert_int_equal(out[0].opcode, SMMUV3_OP_TLBI_S12_VMALL);
	assert_int_equal(out[2].opcode, SMMUV3_OP_ATC_INV);

	/* ATC sequencing needs the sync: NO_SYNC with ATS is refused. */
	r.flags = SMMUV3_TLBI_F_NO_SYNC;
	assert_int_equal(plan(&r), SMMUV3_EINVAL);
	/* ATS without IDR0.ATS; SSID beyond SSIDSIZE. */
	r = s1(0x5000, K4, K4);
	r.ats = ats;
	r.n_ats = 2;
	caps.ssid_bits = 2; /* SSID 3 fits 2 bits */
	assert_int_equal(plan(&r), 0);
	caps.ssid_bits = 0;
	assert_int_equal(plan(&r), SMMUV3_ERANGE);
	caps.features &= ~SMMUV3_FEAT_ATS;
	assert_int_equal(plan(&r), SMMUV3_EOPNOTSUPP);
}

static void test_no_ril(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x10000, 3 * K4, K4);

	(void)state;
	caps.features &= ~SMMUV3_FEAT_RANGE_INV;
	/* One TG = 0 command per page, no TTL (RES0 without RIL). */
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 3);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, 0x10000, 0, 0, 0, 0, true);
	check_range(&out[1], SMMUV3_OP_TLBI_NH_VA, 0x11000, 0, 0, 0, 0, true);
	check_range(&out[2], SMMUV3_OP_TLBI_NH_VA, 0x12000, 0, 0, 0, 0, true);
	/* Two 2M blocks: one command per block. */
	r = s1(0x40000000, 2 * M2, M2);
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 2);
	assert_true(out[1].addr == 0x40200000);
	/* 512 pages: 512 commands; 513: the whole ASID. */
	r = s1(0, 512 * K4, K4);
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 512);
	assert_false(info.full);
	r.size += K4;
	assert_int_equal(plan(&r), 0);
	assert_int_equal(info.n_tlbi, 1);
	assert_true(info.full);
	assert_int_equal(out[0].opcode, SMMUV3_OP_TLBI_NH_ASID);
	/* A smaller caller threshold. */
	r = s1(0, 5 * K4, K4);
	r.max_ops = 4;
	assert_int_equal(plan(&r), 0);
	assert_true(info.full);
	/*
	 * A level-3 table replaced by a 2M block (leaf_size 2M, leaf_only
	 * false): the removed table's 4K entries are cached at other
	 * addresses than the block's, and a TG = 0 command only invalidates
	 * the entries of its own address (IHI 0070 4.4), so one non-leaf
	 * command per 4K granule: 512 for the 2M, the last at 0x3ff000.
	 */
	r = s1(M2, M2, M2);
	r.leaf_only = false;
	assert_int_equal(plan(&r), 0);
	assert_false(info.full);
	assert_int_equal(info.n_tlbi, 512);
	check_range(&out[0], SMMUV3_OP_TLBI_NH_VA, M2, 0, 0, 0, 0, false);
	check_range(&out[1], SMMUV3_OP_TLBI_NH_VA, M2 + K4, 0, 0, 0, 0, false);
	check_range(&out[511], SMMUV3_OP_TLBI_NH_VA, 2 * M2 - K4, 0, 0, 0, 0,
		    false);
	/* Two such blocks: 1024 granules > 512, the whole ASID. */
	r = s1(M2, 2 * M2, M2);
	r.leaf_only = false;
	assert_int_equal(plan(&r), 0);
	assert_true(info.full);
}

static void test_encoded(void **state)
{
	struct smmuv3_tlbi_req r = s1(0x100000, 33 * K4, K4);
	struct smmuv3_cmd cmd[4];

	(void)state;
	/* The 33-page example as 128-bit commands (IHI 0070 4.4.1.1/4.4.2.4):
	 * dw0 = opcode 0x12 | NUM [16:12] | SCALE [25:20] | VMID [47:32] |
	 * ASID [63:48]; dw1 = Leaf [0] | TTL [9:8] | TG [11:10] | Addr.
	 * First: SCALE 5, ASID 5: 0x12 | 5 << 20 | 5 << 48; Leaf 1, TTL 3
	 * (0x300), TG 1 (0x400), 0x100000. */
	assert_int_equal(smmuv3_tlbi_plan_encode(&caps, &r, cmd, 4, &info), 0);
	assert_int_equal(info.n_cmds, 3);
	assert_true(cmd[0].dw[0] == 0x0005000000500012ull);
	assert_true(cmd[0].dw[1] == 0x0000000000100701ull);
	assert_true(cmd[1].dw[0] == 0x0005000000000012ull);
	assert_true(cmd[1].dw[1] == 0x0000000000120701ull);
	/* CMD_SYNC, CS = 0 (the queue sets its completion mode). */
	assert_true(cmd[2].dw[0] == 0x46);
	assert_true(cmd[2].dw[1] == 0);
	/* Too small a buffer. */
	assert_int_equal(smmuv3_tlbi_plan_encode(&caps, &r, cmd, 2, &info),
			 SMMUV3_E2BIG);
	/* S2 IPA 2 pages at 0x2000, VMID 7: dw0 = 0x2a | SCALE 1 << 20 |
	 * 7 << 32; dw1 = Leaf | TTL 3 | TG 1 | 0x2000. */
	r = s1(0x2000, 2 * K4, K4);
	r.regime = SMMUV3_TLBI_S2;
	r.asid = 0;
	r.vmid = 7;
	assert_int_equal(smmuv3_tlbi_plan_encode(&caps, &r, cmd, 4, &info), 0);
	assert_true(cmd[0].dw[0] == 0x000000070010002aull);
	assert_true(cmd[0].dw[1] == 0x0000000000002701ull);
}

/* ---- command-queue batch (against the fake consumer of test_cmdq) ---- */

static void test_batch(void **state)
{
	const struct smmuv3_tlbi_ats_target ats = { .sid = 0x10 };
	struct smmuv3_tlbi_req r = s1(0x5000, 3 * K4, K4);
	struct smmuv3_cmdq_batch b;
	struct smmuv3_osal osal;
	struct smmuv3_cmdq q;
	struct cq_fake f;

	(void)state;
	cq_fake_init(&f, 0, &osal);
	caps.cmdq_shift = 8;
	caps.features |= SMMUV3_FEAT_COHERENCY;
	assert_int_equal(smmuv3_cmdq_init(&q, &osal, &caps, 0), 0);
	assert_int_equal(smmuv3_cmdq_hw_init(&q), 0);
	smmuv3_cmdq_batch_init(&b);

	r.ats = &ats;
	r.n_ats = 1;
	assert_int_equal(smmuv3_tlbi_batch_add(&q, &b, &caps, &r, &info, NULL),
			 0);
	assert_int_equal(info.n_cmds, 4);
	assert_int_equal(b.n, 0);
	/* Consumed in order (IHI 0070 4.4.2.4, 4.5.1, 4.7.3):
	 * NH_VA: 0x12 | NUM 2 << 12 | ASID 5 << 48; Leaf | TTL 3 | TG 1 |
	 * 0x5000. Then CMD_SYNC. ATC_INV: 0x40 | SID 0x10 << 32; Size 2 |
	 * 0x4000 (pages 5..7 in the aligned 4-page span 4..7). CMD_SYNC. */
	assert_int_equal(f.log_n, 4);
	assert_true(f.log[0].dw0 == 0x0005000000002012ull);
	assert_true(f.log[0].dw1 == 0x5701ull);
	assert_int_equal(f.log[1].dw0 & 0xff, 0x46);
	assert_true(f.log[2].dw0 == 0x0000001000000040ull);
	assert_true(f.log[2].dw1 == 0x4002ull);
	assert_int_equal(f.log[3].dw0 & 0xff, 0x46);

	/* NO_SYNC: the TLBIs stay in the batch for the caller. */
	r.ats = NULL;
	r.n_ats = 0;
	r.flags = SMMUV3_TLBI_F_NO_SYNC;
	assert_int_equal(smmuv3_tlbi_batch_add(&q, &b, &caps, &r, &info, NULL),
			 0);
	assert_int_equal(b.n, 1);
	assert_int_equal(f.log_n, 4);
	/* An invalid request adds nothing. */
	r.iova = 0x5800;
	assert_int_equal(smmuv3_tlbi_batch_add(&q, &b, &caps, &r, &info, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(b.n, 1);
	assert_int_equal(smmuv3_cmdq_batch_submit(&q, &b, NULL), 0);
	assert_int_equal(f.log_n, 6);

	smmuv3_cmdq_fini(&q);
	cq_fake_fini(&f);
}

/* ---- gather ---- */

static struct smmuv3_cmd_desc rec[64];
static size_t rec_n, rec_calls;
static int rec_fail;

static int record(void *ctx, const struct smmuv3_cmd_desc *c, size_t n)
{
	(void)ctx;
	rec_calls++;
	if (rec_fail)
		return rec_fail;
	rec_n = 0;
	for (; rec_n < n && rec_n < 64; rec_n++)
		rec[rec_n] = c[rec_n];
	return 0;
}

static void gather_init(struct smmuv3_tlbi_gather *g)
{
	static struct smmuv3_cmd_desc buf[SMMUV3_TLBI_PLAN_MAX(0, 0)];
	struct smmuv3_tlbi_req t = s1(0, 0, 0);

	rec_n = rec_calls = 0;
	rec_fail = 0;
	assert_int_equal(smmuv3_tlbi_gather_init(g, &caps, &t, buf, 10,
						 record, NULL),
			 SMMUV3_E2BIG);
	assert_int_equal(smmuv3_tlbi_gather_init(g, &caps, &t, buf,
						 SMMUV3_TLBI_PLAN_MAX(0, 0),
						 NULL, NULL),
			 SMMUV3_EINVAL);
	/* An invalid template is refused at init (EL2 needs E2H). */
	t.regime = SMMUV3_TLBI_S1_EL2;
	caps.features &= ~SMMUV3_FEAT_E2H;
	assert_int_equal(smmuv3_tlbi_gather_init(g, &caps, &t, buf,
						 SMMUV3_TLBI_PLAN_MAX(0, 0),
						 record, NULL),
			 SMMUV3_EOPNOTSUPP);
	caps.features |= SMMUV3_FEAT_E2H;
	t.regime = SMMUV3_TLBI_S1;
	assert_int_equal(smmuv3_tlbi_gather_init(g, &caps, &t, buf,
						 sizeof(buf) / sizeof(buf[0]),
						 record, NULL),
			 0);
}

static void test_gather(void **state)
{
	struct smmuv3_tlbi_gather g;
	static const struct smmuv3_pgtbl_flush_ops gops = SMMUV3_TLBI_GATHER_OPS;
	const struct smmuv3_pgtbl_flush_ops *ops = &gops;

	(void)state;
	gather_init(&g);
	/* Two adjacent 4K unmaps: one 2-page command (NUM 0, SCALE 1),
	 * TTL 3. */
	ops->flush(&g, 0x2000, K4, K4, true);
	ops->flush(&g, 0x1000, K4, K4, true);
	assert_int_equal(rec_calls, 0);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_calls, 1);
	assert_int_equal(rec_n, 2);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x1000, 1, 0, 1, 3, true);
	/* Nothing pending: sync submits nothing. */
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_calls, 1);

	/* Disjoint: the first range goes out when the second arrives. */
	ops->flush(&g, 0x1000, K4, K4, true);
	ops->flush(&g, 0x9000, K4, K4, true);
	assert_int_equal(rec_calls, 2);
	assert_true(rec[0].addr == 0x1000);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_calls, 3);
	assert_true(rec[0].addr == 0x9000);

	/* Mixed leaf sizes, 4K at 0x1ff000 + 2M at 0x200000 = 513 pages
	 * from page 0x1ff, leaf 4K smallest, no TTL: 512 pages (NUM 0,
	 * SCALE 9) at 0x1ff000 plus TG = 0 at the last page 0x3ff000. */
	ops->flush(&g, 0x200000, M2, M2, true);
	ops->flush(&g, 0x1ff000, K4, K4, true);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_n, 3);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x1ff000, 1, 0, 9, 0, true);
	check_range(&rec[1], SMMUV3_OP_TLBI_NH_VA, 0x3ff000, 0, 0, 0, 0, true);

	/* The page-table code reports one unmap once per leaf level over
	 * the same range: 4 MB at 2 MB holding 4K and 2M leaves is 1024
	 * pages = (0 + 1) * 2^10, mixed sizes so TTL 0. */
	ops->flush(&g, 0x200000, 2 * M2, K4, true);
	ops->flush(&g, 0x200000, 2 * M2, M2, true);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_n, 2);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x200000, 1, 0, 10, 0,
		    true);

	/* A removed table is issued before the op returns, merged with what
	 * was pending next to it; leaf-only is lost. */
	rec_calls = 0;
	assert_int_equal(ops->flush(&g, 0x0, K4, K4, true), 0);
	assert_int_equal(ops->flush(&g, 0x1000, 0x1000, 0, false), 0);
	assert_int_equal(rec_calls, 1);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x0, 1, 0, 1, 0, false);

	/* flush_all: the whole ASID (with what was pending), issued before
	 * it returns (it may stand in for a table removal); what follows is
	 * pending again: at the sync, one range TLBI_NH_VA of the page 0x9000
	 * (TG 4K, NUM 0, SCALE 0: 1 page; TTL 3, a level-3 leaf). */
	rec_calls = 0;
	assert_int_equal(ops->flush(&g, 0x5000, K4, K4, true), 0);
	assert_int_equal(ops->flush_all(&g), 0);
	assert_int_equal(rec_calls, 1);
	assert_int_equal(rec_n, 2);
	assert_int_equal(rec[0].opcode, SMMUV3_OP_TLBI_NH_ASID);
	assert_int_equal(ops->flush(&g, 0x9000, K4, K4, true), 0);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_calls, 2);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x9000, 1, 0, 0, 3, true);

	/* A submit failure is reported once, then the whole ASID is retried
	 * (over-invalidation rather than a stale entry). */
	rec_fail = SMMUV3_ETIMEDOUT;
	ops->flush(&g, 0x5000, K4, K4, true);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), SMMUV3_ETIMEDOUT);
	rec_fail = 0;
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec[0].opcode, SMMUV3_OP_TLBI_NH_ASID);
	/* Unaligned input is widened to the granule (one 4K page, whose
	 * level-3 hint still holds). */
	ops->flush(&g, 0x5800, 0x100, K4, true);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x5000, 1, 0, 0, 3, true);
	/* A 2M leaf size on a 4K range is impossible: the hint is dropped
	 * (TG = 0 form for the single page). */
	ops->flush(&g, 0x5000, K4, M2, true);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x5000, 0, 0, 0, 0, true);
	/* leaf_size 0 means a table removal even with leaf_only true
	 * (tlbi.h): issued before the op returns, one command, Leaf = 0,
	 * no TTL. */
	rec_calls = 0;
	assert_int_equal(ops->flush(&g, 0x7000, K4, 0, true), 0);
	assert_int_equal(rec_calls, 1);
	assert_int_equal(rec_n, 2);
	check_range(&rec[0], SMMUV3_OP_TLBI_NH_VA, 0x7000, 0, 0, 0, 0, false);
}

/*
 * Errors of the flush ops: a table removal is issued before the op returns,
 * so its submit error comes back at once (the page-table code must then
 * keep the table); a leaf change is only recorded (0), its error waits for
 * the sync. Every error is also reported once by the next sync.
 */
static void test_gather_errors(void **state)
{
	struct smmuv3_tlbi_gather g;
	static const struct smmuv3_pgtbl_flush_ops gops = SMMUV3_TLBI_GATHER_OPS;
	const struct smmuv3_pgtbl_flush_ops *ops = &gops;

	(void)state;
	gather_init(&g);
	assert_int_equal(ops->flush(NULL, 0x1000, K4, K4, true),
			 SMMUV3_EINVAL);
	assert_int_equal(ops->flush_all(NULL), SMMUV3_EINVAL);
	/* Nothing to do: no submit, no error. */
	assert_int_equal(ops->flush(&g, 0x1000, 0, 0, false), 0);
	assert_int_equal(rec_calls, 0);

	/* Table removal, queue stuck: the error, after one submit. */
	rec_fail = SMMUV3_ETIMEDOUT;
	assert_int_equal(ops->flush(&g, 0x200000, M2, 0, false),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(rec_calls, 1);
	/* Still failing: a leaf change is recorded (0, no submit: the whole
	 * ASID is pending and absorbs it), a second removal fails again. */
	assert_int_equal(ops->flush(&g, 0x9000, K4, K4, true), 0);
	assert_int_equal(rec_calls, 1);
	assert_int_equal(ops->flush(&g, 0x400000, M2, 0, false),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(rec_calls, 2);
	/* The queue recovers: the next removal issues the whole ASID (the
	 * pending over-invalidation) and succeeds. */
	rec_fail = 0;
	assert_int_equal(ops->flush(&g, 0x600000, M2, 0, false), 0);
	assert_int_equal(rec_calls, 3);
	assert_int_equal(rec_n, 2); /* TLBI_NH_ASID, CMD_SYNC */
	assert_int_equal(rec[0].opcode, SMMUV3_OP_TLBI_NH_ASID);
	/* The sync reports the first error once, then nothing. */
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), SMMUV3_ETIMEDOUT);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
	assert_int_equal(rec_calls, 3);

	/* A leaf range pending, a disjoint table removal: the leaf range is
	 * issued first and fails, the table's own issue (the whole ASID,
	 * since the failure left it pending) fails too: its error. */
	rec_calls = 0;
	assert_int_equal(ops->flush(&g, 0x1000, K4, K4, true), 0);
	rec_fail = SMMUV3_EIO;
	assert_int_equal(ops->flush(&g, 0x800000, M2, 0, false), SMMUV3_EIO);
	assert_int_equal(rec_calls, 2);
	/* flush_all reports its submit error too, and succeeds once the
	 * queue does. */
	assert_int_equal(ops->flush_all(&g), SMMUV3_EIO);
	rec_fail = 0;
	assert_int_equal(ops->flush_all(&g), 0);
	assert_int_equal(rec[0].opcode, SMMUV3_OP_TLBI_NH_ASID);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), SMMUV3_EIO);
	assert_int_equal(smmuv3_tlbi_gather_sync(&g), 0);
}

/* ---- validate once: prepare + prep_encode ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Every output form carries the same commands: for random requests (all
 * regimes, granules, leaf levels, RIL/DS/FULL_CONT, NO_SYNC, ATS, ranges
 * at random places including the top of the space, and some invalid ones)
 * smmuv3_tlbi_plan_encode() gives exactly smmuv3_cmd_encode() of
 * smmuv3_tlbi_plan()'s descriptors (or the same error), and
 * smmuv3_tlbi_prep_encode() under smmuv3_tlbi_prepare() gives the same
 * words, count and shape as smmuv3_tlbi_plan_encode().
 */
static void test_prep_equivalence(void **state)
{
	static const struct smmuv3_tlbi_ats_target ats[2] = {
		{ .sid = 0x33 },
		{ .sid = 0x44, .ssid = 9, .ssv = true },
	};
	static struct smmuv3_cmd enc[SMMUV3_TLBI_PLAN_MAX(0, 2)];
	static struct smmuv3_cmd enc2[SMMUV3_TLBI_PLAN_MAX(0, 2)];
	const size_t cap = SMMUV3_TLBI_PLAN_MAX(0, 2);
	unsigned int iter, fast = 0, slow = 0, errs = 0;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		struct smmuv3_tlbi_req r = { 0 };
		struct smmuv3_tlbi_range rg = { 0 };
		struct smmuv3_tlbi_prep p;
		struct smmuv3_tlbi_info i1, i2, i3;
		unsigned int gs, lvl, bits;
		uint64_t x = rnd(), pages, leaf;
		int e1, e2, e3;
		size_t k;

		setup(NULL);
		if (x & 1u)
			caps.features &= ~SMMUV3_FEAT_RANGE_INV;
		if (x & 2u)
			caps.features |= SMMUV3_FEAT_DS;
		if ((x & 0x1cu) == 0)
			caps.options |= SMMUV3_OPT_FULL_CONT_RANGE_INV;
		caps.s2_ias_bits = (x & 0x20u) ? 40 : 0;
		r.regime = (enum smmuv3_tlbi_regime)((x >> 6) & 3u);
		r.granule = (enum smmuv3_granule)((x >> 8) % 3u);
		r.asid = r.regime < SMMUV3_TLBI_S2 ? (uint16_t)(x >> 16) : 0;
		r.vmid = r.regime != SMMUV3_TLBI_S1_EL2 ? (uint16_t)(x >> 32) : 0;
		if (((x >> 10) & 7u) == 0 && r.regime != SMMUV3_TLBI_S2_NESTED)
			r.flags = SMMUV3_TLBI_F_NO_SYNC;
		else if (((x >> 10) & 7u) == 1) {
			r.ats = ats;
			r.n_ats = 2;
			r.atc_min_log2 = (uint8_t)((x >> 13) & 3u);
		}
		r.all = ((x >> 48) & 31u) == 0;
		r.leaf_only = (x >> 53) & 1u;
		r.leaf_mixed = ((x >> 54) & 7u) == 0;
		gs = r.granule == SMMUV3_GRANULE_4K    ? 12u
		     : r.granule == SMMUV3_GRANULE_16K ? 14u
						       : 16u;
		bits = gs - 3u;
		lvl = (unsigned int)((x >> 57) & 3u);
		if (lvl == 3u && gs != 12u)
			lvl = 2u;
		leaf = ((x >> 59) & 3u) ? (uint64_t)1 << (gs + lvl * bits) : 0;
		pages = 1u + rnd() % (((x >> 61) & 1u) ? 4096u : 40u);
		r.leaf_size = leaf;
		r.size = pages * (leaf ? leaf : (uint64_t)1 << gs);
		r.iova = (rnd() & (((uint64_t)1 << 38) - 1u)) &
			 ~((leaf ? leaf : (uint64_t)1 << gs) - 1u);
		if (((x >> 40) & 63u) == 0)
			r.iova = 0 - r.size; /* ends at 2^64 */
		if (((x >> 46) & 3u) == 0 && !r.all)
			r.iova |= 0x800u; /* invalid: not aligned */

		e1 = smmuv3_tlbi_plan(&caps, &r, out, cap, &i1);
		e2 = smmuv3_tlbi_plan_encode(&caps, &r, enc, cap, &i2);
		if (e1 == 0 && e2 == 0) {
			assert_int_equal(i1.n_cmds, i2.n_cmds);
			assert_int_equal(i1.n_tlbi, i2.n_tlbi);
			assert_int_equal(i1.full, i2.full);
			assert_int_equal(i1.rounded, i2.rounded);
			for (k = 0; k < i1.n_cmds; k++) {
				struct smmuv3_cmd c;

				assert_int_equal(
					smmuv3_cmd_encode(&caps, &out[k], &c), 0);
				assert_memory_equal(&c, &enc[k], sizeof(c));
			}
		} else if (e1 == 0) {
			assert_int_equal(e2, SMMUV3_EOPNOTSUPP);
		} else {
			assert_int_equal(e1, e2);
		}
		e3 = smmuv3_tlbi_prepare(&p, &caps, &r);
		if (e3 == 0) {
			rg.all = r.all;
			rg.iova = r.iova;
			rg.size = r.size;
			rg.leaf_size = r.leaf_size;
			rg.leaf_only = r.leaf_only;
			rg.leaf_mixed = r.leaf_mixed;
			e3 = smmuv3_tlbi_prep_encode(&p, &rg, enc2, cap, &i3);
			if (p.simple && !r.all)
				fast++;
			else
				slow++;
		}
		assert_int_equal(e3, e2);
		if (e2) {
			errs++;
			continue;
		}
		assert_int_equal(i3.n_cmds, i2.n_cmds);
		assert_int_equal(i3.n_tlbi, i2.n_tlbi);
		assert_int_equal(i3.full, i2.full);
		assert_int_equal(i3.rounded, i2.rounded);
		assert_memory_equal(enc2, enc, i2.n_cmds * sizeof(enc[0]));
	}
	/* Every kind of case was met (the generator is fixed). */
	assert_true(fast > 10000 && slow > 10000 && errs > 10000);
}

static void test_prep_errors(void **state)
{
	struct smmuv3_tlbi_req t = s1(0, 0, 0);
	struct smmuv3_tlbi_range r = { .iova = 0x1000, .size = K4,
				       .leaf_size = K4, .leaf_only = true };
	struct smmuv3_tlbi_prep p, before;
	struct smmuv3_cmd cmd[8];

	(void)state;
	assert_int_equal(smmuv3_tlbi_prepare(NULL, &caps, &t), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_tlbi_prepare(&p, NULL, &t), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_tlbi_prepare(&p, &caps, NULL), SMMUV3_EINVAL);
	/* Stage 1 commands need stage 1; state unchanged on error. */
	memset(&p, 0x5a, sizeof(p));
	before = p;
	caps.features &= ~SMMUV3_FEAT_TRANS_S1;
	assert_int_equal(smmuv3_tlbi_prepare(&p, &caps, &t), SMMUV3_EOPNOTSUPP);
	assert_memory_equal(&p, &before, sizeof(p));
	/* ...but a descriptor plan is still made (its consumer's encoder
	 * refuses it), as before. */
	t.iova = 0x1000;
	t.size = K4;
	assert_int_equal(plan(&t), 0);
	assert_int_equal(smmuv3_tlbi_plan_encode(&caps, &t, cmd, 8, &info),
			 SMMUV3_EOPNOTSUPP);
	caps.features |= SMMUV3_FEAT_TRANS_S1;
	/* A non-zero VMID in a stage-1 regime needs stage 2 as well. */
	t.vmid = 3;
	caps.features &= ~SMMUV3_FEAT_TRANS_S2;
	assert_int_equal(smmuv3_tlbi_prepare(&p, &caps, &t), SMMUV3_EOPNOTSUPP);
	caps.features |= SMMUV3_FEAT_TRANS_S2;
	t.vmid = 0;
	assert_int_equal(smmuv3_tlbi_prepare(&p, &caps, &t), 0);

	/* prep_encode: NULL pointers, *info zeroed. */
	info.n_cmds = 99;
	assert_int_equal(smmuv3_tlbi_prep_encode(NULL, &r, cmd, 8, &info),
			 SMMUV3_EINVAL);
	assert_int_equal(info.n_cmds, 0);
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, NULL, cmd, 8, &info),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, NULL, 8, &info),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, NULL),
			 SMMUV3_EINVAL);
	/* Counting call: no buffer, no room. */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, NULL, 0, &info),
			 SMMUV3_E2BIG);
	/* One page, TTL 3: NH_VA 0x12, ASID 5, Leaf | TTL 3 | TG 1 | 0x1000,
	 * then CMD_SYNC. */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info), 0);
	assert_int_equal(info.n_cmds, 2);
	assert_true(cmd[0].dw[0] == 0x0005000000000012ull);
	assert_true(cmd[0].dw[1] == 0x1701ull);
	assert_true(cmd[1].dw[0] == 0x46 && cmd[1].dw[1] == 0);
	/* Too small for TLBI + sync. */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 1, &info),
			 SMMUV3_E2BIG);
	/* Range errors. */
	r.iova = 0x1800;
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info),
			 SMMUV3_EINVAL);
	r.iova = 0x1000;
	r.leaf_size = 3 * K4; /* not a power of two */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info),
			 SMMUV3_EINVAL);
	r.leaf_size = 0x800; /* below the granule */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info),
			 SMMUV3_EINVAL);
	r.leaf_size = K4 << 10; /* 4 MB: no block size of 4K */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info),
			 SMMUV3_EINVAL);
	r.leaf_size = K4;
	r.iova = 0 - K4;
	r.size = 2 * K4; /* wraps past 2^64 */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info),
			 SMMUV3_EINVAL);
	r.size = 0; /* nothing to do */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info), 0);
	assert_int_equal(info.n_cmds, 0);
	/* Stage 2 beyond the IPA space: ERANGE. */
	t.regime = SMMUV3_TLBI_S2;
	t.asid = 0;
	t.vmid = 1;
	caps.s2_ias_bits = 40;
	assert_int_equal(smmuv3_tlbi_prepare(&p, &caps, &t), 0);
	r.iova = (uint64_t)1 << 40;
	r.size = K4;
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info),
			 SMMUV3_ERANGE);
	/* Without RIL, above max_ops: the whole VMID (S12_VMALL 0x28). */
	caps.features &= ~SMMUV3_FEAT_RANGE_INV;
	t.max_ops = 4;
	assert_int_equal(smmuv3_tlbi_prepare(&p, &caps, &t), 0);
	r.iova = 0x10000;
	r.size = 5 * K4;
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info), 0);
	assert_true(info.full);
	assert_int_equal(info.n_cmds, 2);
	assert_true(cmd[0].dw[0] == (0x28u | (1ull << 32)));
	/* Four leaves fit: four S2_IPA 0x2a, Leaf, IPA, no TG. */
	r.size = 4 * K4;
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 8, &info), 0);
	assert_false(info.full);
	assert_int_equal(info.n_tlbi, 4);
	assert_true(cmd[3].dw[0] == (0x2au | (1ull << 32)));
	assert_true(cmd[3].dw[1] == (0x13000u | 1u));
	/* No room for them and the sync. */
	assert_int_equal(smmuv3_tlbi_prep_encode(&p, &r, cmd, 4, &info),
			 SMMUV3_E2BIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_one_page, setup),
		cmocka_unit_test_setup(test_block_2m, setup),
		cmocka_unit_test_setup(test_split_33_pages, setup),
		cmocka_unit_test_setup(test_split_2m_blocks, setup),
		cmocka_unit_test_setup(test_big_spaces, setup),
		cmocka_unit_test_setup(test_16k_ttl1, setup),
		cmocka_unit_test_setup(test_edges, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_no_sync, setup),
		cmocka_unit_test_setup(test_el2_and_s2, setup),
		cmocka_unit_test_setup(test_nested_and_ats, setup),
		cmocka_unit_test_setup(test_no_ril, setup),
		cmocka_unit_test_setup(test_encoded, setup),
		cmocka_unit_test_setup(test_batch, setup),
		cmocka_unit_test_setup(test_gather, setup),
		cmocka_unit_test_setup(test_gather_errors, setup),
		cmocka_unit_test_setup(test_prep_equivalence, setup),
		cmocka_unit_test_setup(test_prep_errors, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
