// SPDX-License-Identifier: BSD-2-Clause
/*
 * Nested stage 1 + stage 2 (10 edu DMAs), built with the lower-level
 * public API (tables.c): stage 1 maps IOVAs to IPAs at 4 GiB, stage 2 maps
 * those IPAs to RAM and the CD and stage-1 tables 1:1.
 *  1. round trip through both stages;
 *  2. stage-1 permission fault (S2 = 0), stage-2 permission fault and
 *     stage-2 translation fault on the data IPA (S2 = 1, CLASS = IN, IPA);
 *  3. stage-1 remap (TLBI_NH_VA with the VMID) and stage-2 remap
 *     (TLBI_S2_IPA, CMD_SYNC, TLBI_NH_ALL: nested stage 2);
 *  4. stage-1 translation fault (S2 = 0);
 *  5. stage-2 faults on the SMMU's own fetches of a read DMA: the CD
 *     (CLASS = CD) and the stage-1 root table (CLASS = TT), IPA = the
 *     fetched page.
 */
#include "harness.h"

#define IPA(x) (0x100000000ull + (x))
#define IOVA_SRC 0x00100000ull
#define IOVA_DST 0x00200000ull
#define IOVA_RO 0x00300000ull	/* stage 1 read-only */
#define IOVA_S2RO 0x00400000ull /* stage 2 read-only */
#define IOVA_HOLE 0x00500000ull /* IPA not mapped at stage 2 */
#define IPA_B IPA(0x00600000ull)

static struct t_nest n;

int test_nested(void)
{
	const uint32_t r = SMMUV3_PROT_READ | SMMUV3_PROT_MEM_CACHED;
	const uint32_t rw = r | SMMUV3_PROT_WRITE;
	smmuv3_pa_t src_pa, dst_pa, ro_pa, s2ro_pa, b_pa, c_pa, tbl[4];
	uint8_t *src, *dst, *ro, *s2ro, *b, *c;
	struct smmuv3_write_result wr;
	struct t_evx x;
	int ret;

	if (!t_has(SMMUV3_FEAT_NESTING))
		return t_skip("nested: this SMMU cannot nest stage 1 in stage "
			      "2 (IDR0.S1P and S2P not both 1; QEMU before "
			      "9.2, e.g. 7.2, or machine virt-9.1 and older)");
	src = t_page(&src_pa);
	dst = t_page(&dst_pa);
	ro = t_page(&ro_pa);
	s2ro = t_page(&s2ro_pa);
	b = t_page(&b_pa);
	c = t_page(&c_pa);
	CHECK(src && dst && ro && s2ro && b && c, "buffers");
	t_fill(src, 3);
	t_set(dst, 0xee);
	t_set(ro, 0x5a);
	t_set(s2ro, 0x5a);
	t_set(b, 0xee);
	t_set(c, 0xee);

	TRY(t_nest_init(&n, 1, 1), "nested tables");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, IOVA_SRC, IPA(IOVA_SRC), T_LEN, r),
	    "s1 map");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, IOVA_DST, IPA(IOVA_DST), T_LEN, rw),
	    "s1 map");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, IOVA_RO, IPA(IOVA_RO), T_LEN, r),
	    "s1 map");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, IOVA_S2RO, IPA(IOVA_S2RO), T_LEN, rw),
	    "s1 map");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, IOVA_HOLE, IPA(IOVA_HOLE), T_LEN, rw),
	    "s1 map");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, IPA(IOVA_SRC), src_pa, T_LEN, r),
	    "s2 map");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, IPA(IOVA_DST), dst_pa, T_LEN, rw),
	    "s2 map");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, IPA(IOVA_RO), ro_pa, T_LEN, rw),
	    "s2 map");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, IPA(IOVA_S2RO), s2ro_pa, T_LEN, r),
	    "s2 map");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, IPA_B, b_pa, T_LEN, rw), "s2 map");
	TRY(t_nest_finish(&n), "nested CD and STE");
	TRY(smmuv3_dev_ste_write(&H.dev, H.sid, &n.ste, &wr), "attach");
	puts_("edu attached to a nested configuration, hitless: ");
	puts_(wr.hitless ? "yes\n" : "no\n");

	/* 1. */
	CHECK(t_dma_from_ram(IOVA_SRC) && t_dma_to_ram(IOVA_DST),
	      "edu DMA did not complete");
	CHECK(t_holds(dst, 3), "DMA data mismatch");
	TRY(t_no_events("no event for a mapped DMA"), "events");
	puts_("nested DMA round trip: ok\n");

	/* 2. */
	CHECK(t_dma_to_ram_n(IOVA_RO, T_FAULT_XFER),
	      "edu DMA did not complete");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_PERMISSION,
			   .clss = T_CLASS_IN,
			   .input = IOVA_RO };
	ret = t_expect("nested, stage-1 read-only: F_PERMISSION S2=0", &x);
	if (ret)
		return ret;
	CHECK(t_dma_to_ram_n(IOVA_S2RO, T_FAULT_XFER),
	      "edu DMA did not complete");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_PERMISSION,
			   .clss = T_CLASS_IN,
			   .s2 = true,
			   .input = IOVA_S2RO,
			   .ipa = IPA(IOVA_S2RO) };
	ret = t_expect("nested, stage-2 read-only: F_PERMISSION S2=1", &x);
	if (ret)
		return ret;
	CHECK(t_dma_to_ram_n(IOVA_HOLE, T_FAULT_XFER),
	      "edu DMA did not complete");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_IN,
			   .s2 = true,
			   .input = IOVA_HOLE,
			   .ipa = IPA(IOVA_HOLE) };
	ret = t_expect("nested, IPA unmapped: F_TRANSLATION S2=1", &x);
	if (ret)
		return ret;
	CHECK(t_all(ro, 0x5a) && t_all(s2ro, 0x5a),
	      "DMA wrote a read-only page");

	/* 3. Stage-1 remap DST -> IPA_B, then stage-2 remap IPA_B -> c. */
	t_set(dst, 0x5a);
	TRY(t_tbl_unmap(&n.s1, IOVA_DST, T_LEN), "s1 unmap");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, IOVA_DST, IPA_B, T_LEN, rw), "s1 map");
	CHECK(t_dma_to_ram(IOVA_DST), "edu DMA did not complete");
	CHECK(t_all(dst, 0x5a), "DMA used the stale stage-1 translation");
	CHECK(t_holds(b, 3), "DMA did not reach the new IPA");
	t_set(b, 0x5a);
	TRY(t_tbl_unmap(&n.s2, IPA_B, T_LEN), "s2 unmap");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, IPA_B, c_pa, T_LEN, rw), "s2 map");
	CHECK(t_dma_to_ram(IOVA_DST), "edu DMA did not complete");
	CHECK(t_all(b, 0x5a), "DMA used the stale stage-2 translation");
	CHECK(t_holds(c, 3), "DMA did not reach the new page");
	TRY(t_no_events("no event after the remaps"), "events");
	puts_("nested remap, stage 1 and stage 2, with invalidation: ok\n");

	/* 4. */
	t_set(c, 0x5a);
	TRY(t_tbl_unmap(&n.s1, IOVA_DST, T_LEN), "s1 unmap");
	CHECK(t_dma_to_ram_n(IOVA_DST, T_FAULT_XFER),
	      "edu DMA did not complete");
	CHECK(t_all(c, 0x5a), "DMA reached unmapped memory");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_IN,
			   .input = IOVA_DST };
	ret = t_expect("nested, IOVA unmapped: F_TRANSLATION S2=0", &x);
	if (ret)
		return ret;

	/* 5. The CD's IPA unmapped at stage 2 (CFGI_STE drops the cached
	 * CD), then the stage-1 root's. */
	TRY(t_tbl_unmap(&n.s2, n.cd_ipa & ~0xfffull, T_LEN), "s2 unmap");
	TRY(t_ste_refresh(&n.ste), "CFGI_STE");
	CHECK(t_dma_from_ram_n(IOVA_SRC, T_FAULT_XFER),
	      "edu DMA did not complete");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_CD,
			   .s2 = true,
			   .rnw = true,
			   .input = IOVA_SRC,
			   .ipa = n.cd_ipa };
	ret = t_expect("nested, CD IPA unmapped: F_TRANSLATION CLASS=CD", &x);
	if (ret)
		return ret;
	TRY(smmuv3_pgtbl_map(&n.s2.pt, n.cd_ipa & ~0xfffull,
			     n.cd_ipa & ~0xfffull, T_LEN, rw),
	    "s2 map");
	CHECK(t_nest_s1_tables(&n, IOVA_SRC, tbl, 4) >= 2, "s1 tables");
	CHECK((tbl[0] & ~0xfffull) != (n.cd_ipa & ~0xfffull),
	      "root shares the CD's page");
	TRY(t_tbl_unmap(&n.s2, tbl[0], T_LEN), "s2 unmap");
	TRY(t_ste_refresh(&n.ste), "CFGI_STE");
	CHECK(t_dma_from_ram_n(IOVA_SRC, T_FAULT_XFER),
	      "edu DMA did not complete");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_TT,
			   .s2 = true,
			   .rnw = true,
			   .input = IOVA_SRC,
			   .ipa = tbl[0] };
	ret = t_expect("nested, stage-1 root IPA unmapped: F_TRANSLATION "
		       "CLASS=TT",
		       &x);
	if (ret)
		return ret;

	TRY(t_abort(), "detach");
	return T_PASS;
}
