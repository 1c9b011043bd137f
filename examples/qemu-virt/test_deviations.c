// SPDX-License-Identifier: BSD-2-Clause
/*
 * Known deviations of QEMU's SMMUv3 (10.0) from the architecture, each
 * checked to still be there (10 edu DMAs, 40-bit edu DMA mask): the library
 * and the project's model follow IHI 0070 and the Arm ARM; these tests
 * fail as soon as QEMU changes, so that the expectation is revisited
 * (docs/qemu.md lists them).
 *  1. concatenated stage-2 roots: an IPA in the second of two concatenated
 *     level-1 tables (4K, IAS 40) is walked through the first;
 *  2. stage-1 AP[1]: an unprivileged DMA reads a privileged-only page;
 *  3. the RnW of a stage-2 fault on a CD fetch is the fetch's (read), not
 *     the transaction's (a write);
 *  4. a stage-2 fault on a non-root stage-1 table fetch is reported with
 *     S2 = 0 (and the table's base IPA) instead of S2 = 1 and the
 *     descriptor's IPA;
 *  5. a cached write-only stage-2 translation lets a read complete
 *     without its permission fault;
 *  6. TTRnW is 0 in a stage-2 fault on a stage-1 table read (CLASS = TT):
 *     IHI 0070 7.3 wants 1 (a read; 0 is an HTTU update).
 */
#include "harness.h"

#define NEV (T_FAULT_XFER / 4)

static struct smmuv3_domain dom;
static struct t_nest n;

static struct t_tbl s2c;

static int concat_roots(void)
{
	const uint32_t rw = SMMUV3_PROT_READ | SMMUV3_PROT_WRITE |
			    SMMUV3_PROT_MEM_CACHED;
	const uint64_t low = 0x00100000ull, high = (1ull << 39) + low;
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_ste_s2 f;
	struct smmuv3_ste ste;
	smmuv3_pa_t a_pa, b_pa;
	uint8_t *a = t_page(&a_pa), *b = t_page(&b_pa);
	int ret;

	CHECK(a && b, "buffers");
	/* Stage 2, IAS 40, optional concatenation allowed (the default):
	 * two concatenated level-1 tables, S2SL0 = 1 (level 1), T0SZ 24. */
	TRY(t_tbl_s2(&s2c, 2, 40, 0), "stage-2 table");
	TRY(smmuv3_pgtbl_get_hwcfg(&s2c.pt, &hw), "hwcfg");
	CHECK(hw.sl0 == 1 && hw.t0sz == 24, "expected concatenated roots");
	TRY(smmuv3_pgtbl_map(&s2c.pt, low, a_pa, T_LEN, rw), "map");
	TRY(smmuv3_pgtbl_map(&s2c.pt, high, b_pa, T_LEN, rw), "map");
	TRY(t_ste_s2(&s2c, 2, &f), "STE fields");
	TRY(smmuv3_ste_build_s2(&H.dev.caps, &f, 0, &ste), "STE");
	TRY(smmuv3_dev_ste_write(&H.dev, H.sid, &ste, NULL), "attach");
	CHECK(t_dma_to_ram(high), "edu DMA did not complete");
	TRY(t_no_events("no event"), "events");
	CHECK(t_holds(a, 9) || t_holds(b, 9), "DMA went elsewhere");
	ret = t_known("an IPA in the second concatenated stage-2 root "
		      "(2^39 + 1 MiB) is walked through the first",
		      t_holds(a, 9) && t_all(b, 0));
	TRY(t_abort(), "detach");
	return ret;
}

static int ap1_ignored(void)
{
	const struct smmuv3_domain_cfg dcfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 2,
	};
	const uint64_t iova_priv = 0x00100000ull, iova_dst = 0x00200000ull;
	smmuv3_pa_t p_pa, d_pa;
	uint8_t *p = t_page(&p_pa), *d = t_page(&d_pa);
	size_t cnt;
	struct smmuv3_event ev[NEV];
	int ret;

	CHECK(p && d, "buffers");
	t_fill(p, 10);
	TRY(smmuv3_domain_init(&dom, &H.dev, &dcfg), "domain");
	TRY(smmuv3_domain_map(&dom, iova_priv, p_pa, T_LEN,
			      SMMUV3_PROT_READ | SMMUV3_PROT_PRIV |
				      SMMUV3_PROT_MEM_CACHED),
	    "map");
	TRY(smmuv3_domain_map(&dom, iova_dst, d_pa, T_LEN,
			      SMMUV3_PROT_READ | SMMUV3_PROT_WRITE |
				      SMMUV3_PROT_MEM_CACHED),
	    "map");
	TRY(smmuv3_domain_attach(&dom, &H.stream, NULL), "attach");
	/* PCIe DMA is unprivileged: the read must fault (F_PERMISSION). */
	CHECK(t_dma_from_ram_n(iova_priv, T_FAULT_XFER) &&
		      t_dma_to_ram_n(iova_dst, T_FAULT_XFER),
	      "edu DMA did not complete");
	TRY(t_events(ev, NEV, &cnt), "events");
	t_print_events(ev, cnt < NEV ? cnt : NEV);
	ret = t_known("stage-1 AP[1] ignored: an unprivileged DMA read a "
		      "privileged-only page",
		      cnt == 0 && t_holds_n(d, 10, T_FAULT_XFER));
	TRY(smmuv3_domain_detach(&dom, &H.stream, NULL, NULL), "detach");
	TRY(smmuv3_domain_fini(&dom), "domain fini");
	return ret;
}

static int nested_fetch_faults(void)
{
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	const uint64_t iova = 0x00200000ull, ipa = 0x100200000ull;
	smmuv3_pa_t d_pa, tbl[4];
	uint8_t *d = t_page(&d_pa);
	struct smmuv3_event ev;
	size_t nt;
	int ret;

	CHECK(d, "buffers");
	TRY(t_nest_init(&n, 3, 3), "nested tables");
	TRY(smmuv3_pgtbl_map(&n.s1.pt, iova, ipa, T_LEN, rw), "s1 map");
	TRY(smmuv3_pgtbl_map(&n.s2.pt, ipa, d_pa, T_LEN, rw), "s2 map");
	TRY(t_nest_finish(&n), "nested CD and STE");
	TRY(smmuv3_dev_ste_write(&H.dev, H.sid, &n.ste, NULL), "attach");

	/* 3. A write DMA; the CD's IPA unmapped at stage 2. */
	TRY(t_tbl_unmap(&n.s2, n.cd_ipa & ~0xfffull, T_LEN), "unmap");
	TRY(t_ste_refresh(&n.ste), "CFGI_STE");
	CHECK(t_dma_to_ram_n(iova, T_FAULT_XFER), "edu DMA did not complete");
	ret = t_one_event("stage-2 fault on the CD fetch", &ev);
	if (ret)
		return ret;
	CHECK(ev.id == SMMUV3_EVT_F_TRANSLATION && ev.s2 &&
		      ev.clss == T_CLASS_CD,
	      "expected F_TRANSLATION S2=1 CLASS=CD");
	ret = t_known("RnW of a stage-2 fault on a CD fetch is the fetch's "
		      "(1), not the write transaction's (0)",
		      ev.rnw);
	if (ret)
		return ret;
	TRY(smmuv3_pgtbl_map(&n.s2.pt, n.cd_ipa & ~0xfffull,
			     n.cd_ipa & ~0xfffull, T_LEN, rw),
	    "s2 map");

	/* 4. The level-2 table (not the root) unmapped at stage 2. */
	nt = t_nest_s1_tables(&n, iova, tbl, 4);
	CHECK(nt == 3, "expected a level-1 root, level-2 and level-3 table");
	TRY(t_tbl_unmap(&n.s2, tbl[1], T_LEN), "unmap");
	TRY(t_ste_refresh(&n.ste), "CFGI_STE");
	CHECK(t_dma_from_ram_n(iova, T_FAULT_XFER), "edu DMA did not complete");
	ret = t_one_event("stage-2 fault on a level-2 table fetch", &ev);
	if (ret)
		return ret;
	CHECK(ev.id == SMMUV3_EVT_F_TRANSLATION && ev.input_addr == iova,
	      "expected F_TRANSLATION");
	ret = t_known("a stage-2 fault on a non-root stage-1 table fetch is "
		      "reported with S2=0 (architecture: S2=1, CLASS=TT, "
		      "the descriptor's IPA)",
		      !ev.s2);
	if (ret)
		return ret;
	TRY(smmuv3_pgtbl_map(&n.s2.pt, tbl[1], tbl[1], T_LEN, rw), "s2 map");

	/* 6. The root table unmapped at stage 2: a read of a table. */
	TRY(t_tbl_unmap(&n.s2, tbl[0], T_LEN), "unmap");
	TRY(t_ste_refresh(&n.ste), "CFGI_STE");
	CHECK(t_dma_from_ram_n(iova, T_FAULT_XFER), "edu DMA did not complete");
	ret = t_one_event("stage-2 fault on the root table fetch", &ev);
	if (ret)
		return ret;
	CHECK(ev.id == SMMUV3_EVT_F_TRANSLATION && ev.s2 &&
		      ev.clss == T_CLASS_TT && ev.addr2 == (tbl[0] & ~0xfffull),
	      "expected F_TRANSLATION S2=1 CLASS=TT at the root's IPA");
	ret = t_known("TTRnW of a stage-2 fault on a stage-1 table read is "
		      "0 (architecture: 1, a read)",
		      !ev.ttrnw);
	if (ret)
		return ret;
	return t_abort();
}

static int cached_write_only(void)
{
	const struct smmuv3_domain_cfg dcfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 4,
	};
	const uint64_t ipa = 0x00100000ull;
	struct smmuv3_event ev[NEV];
	smmuv3_pa_t w_pa;
	uint8_t *w = t_page(&w_pa);
	struct t_evx x = { .id = SMMUV3_EVT_F_PERMISSION,
			  .clss = T_CLASS_IN,
			  .s2 = true,
			  .rnw = true,
			  .input = ipa,
			  .ipa = ipa };
	size_t cnt;
	int ret;

	CHECK(w, "buffers");
	TRY(smmuv3_domain_init(&dom, &H.dev, &dcfg), "domain");
	TRY(smmuv3_domain_map(&dom, ipa, w_pa, T_LEN,
			      SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED),
	    "map");
	TRY(smmuv3_domain_attach(&dom, &H.stream, NULL), "attach");
	/* Nothing cached yet: the read faults as it must. */
	CHECK(t_dma_from_ram_n(ipa, T_FAULT_XFER), "edu DMA did not complete");
	ret = t_expect("read of a write-only IPA: F_PERMISSION", &x);
	if (ret)
		return ret;
	CHECK(t_dma_to_ram(ipa), "edu DMA did not complete");
	TRY(t_no_events("write to a write-only IPA"), "events");
	CHECK(!t_all(w, 0), "write DMA did not land");
	CHECK(t_dma_from_ram_n(ipa, T_FAULT_XFER), "edu DMA did not complete");
	TRY(t_events(ev, NEV, &cnt), "events");
	t_print_events(ev, cnt < NEV ? cnt : NEV);
	ret = t_known("a cached write-only stage-2 translation lets a read "
		      "complete without its F_PERMISSION",
		      cnt == 0);
	TRY(smmuv3_domain_detach(&dom, &H.stream, NULL, NULL), "detach");
	TRY(smmuv3_domain_fini(&dom), "domain fini");
	return ret;
}

int test_deviations(void)
{
	smmuv3_pa_t pa;
	uint8_t *p;
	struct smmuv3_ste byp;
	int ret;

	if (!t_has(SMMUV3_FEAT_NESTING))
		return t_skip("deviations: the known deviations are those of "
			      "QEMU 10.0's stage-2/nested SMMU; this SMMU has "
			      "no nesting (QEMU 7.2 or virt-9.1 and older)");
	/* edu's buffer gets pattern 9 through a bypass STE (40-bit mask). */
	p = t_page(&pa);
	CHECK(p, "buffers");
	t_fill(p, 9);
	TRY(smmuv3_ste_build_bypass(&H.dev.caps, NULL, &byp), "bypass STE");
	TRY(smmuv3_dev_ste_write(&H.dev, H.sid, &byp, NULL), "bypass");
	CHECK(t_dma_from_ram(pa), "edu DMA did not complete");
	TRY(t_abort(), "abort");

	ret = concat_roots();
	if (!ret)
		ret = ap1_ignored();
	if (!ret)
		ret = nested_fetch_faults();
	if (!ret)
		ret = cached_write_only();
	return ret;
}
