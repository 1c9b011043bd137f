// SPDX-License-Identifier: BSD-2-Clause
/*
 * Page tables, CDs and nested STEs built with the library's lower-level
 * public API (page tables, TLBI gathers, CD/STE builders, CD tables and
 * the hitless writer), for the configurations the domain API does not
 * build: nested stage 1 + stage 2, and CDs the tests change themselves.
 */
#include "harness.h"

static int tbl_init(struct t_tbl *t, const struct smmuv3_tlbi_req *tmpl,
		    struct smmuv3_pgtbl_cfg *pc)
{
	int ret;

	ret = smmuv3_tlbi_gather_init(&t->g, &H.dev.caps, tmpl, t->plan,
				      sizeof(t->plan) / sizeof(t->plan[0]),
				      t_submit, NULL);
	if (ret)
		return ret;
	t->ops.flush = smmuv3_tlbi_gather_flush;
	t->ops.flush_all = smmuv3_tlbi_gather_flush_all;
	pc->granule = SMMUV3_GRANULE_4K;
	pc->coherent = t_has(SMMUV3_FEAT_COHERENCY);
	pc->flush = &t->ops;
	pc->cookie = &t->g;
	return smmuv3_pgtbl_init(&t->pt, &H.osal, &H.dev.caps, pc);
}

int t_tbl_s1_split(struct t_tbl *t, uint16_t asid, uint16_t vmid, uint8_t ias,
		   uint8_t oas, enum smmuv3_pgtbl_split split)
{
	struct smmuv3_tlbi_req tmpl = { .regime = SMMUV3_TLBI_S1,
				       .asid = asid,
				       .vmid = vmid,
				       .granule = SMMUV3_GRANULE_4K };
	struct smmuv3_pgtbl_cfg pc = { .stage = SMMUV3_PGTBL_STAGE1,
				      .ias = ias,
				      .oas = oas,
				      .split = split };

	return tbl_init(t, &tmpl, &pc);
}

int t_tbl_s1(struct t_tbl *t, uint16_t asid, uint16_t vmid, uint8_t ias,
	     uint8_t oas)
{
	return t_tbl_s1_split(t, asid, vmid, ias, oas, SMMUV3_PGTBL_SPLIT_NONE);
}

int t_tbl_s2(struct t_tbl *t, uint16_t vmid, uint8_t ias, uint32_t flags)
{
	struct smmuv3_tlbi_req tmpl = { .regime = SMMUV3_TLBI_S2_NESTED,
				       .vmid = vmid,
				       .granule = SMMUV3_GRANULE_4K };
	struct smmuv3_pgtbl_cfg pc = { .stage = SMMUV3_PGTBL_STAGE2,
				      .ias = ias,
				      .oas = H.dev.caps.s2_oas_bits > 48
						     ? 48
						     : H.dev.caps.s2_oas_bits,
				      .flags = flags };

	return tbl_init(t, &tmpl, &pc);
}

int t_tbl_unmap(struct t_tbl *t, uint64_t iova, uint64_t size)
{
	int ret = smmuv3_pgtbl_unmap(&t->pt, iova, size, NULL);
	int sret = smmuv3_tlbi_gather_sync(&t->g);

	return ret ? ret : sret;
}

int t_cd(const struct t_tbl *s1, uint16_t asid, struct smmuv3_cd *cd)
{
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_cd_cfg c;
	int ret;

	ret = smmuv3_pgtbl_get_hwcfg(&s1->pt, &hw);
	if (ret)
		return ret;
	smmuv3_cd_cfg_from_pgtbl(&c, &hw, asid);
	return smmuv3_cd_build(&H.dev.caps, &c, cd);
}

int t_nest_init(struct t_nest *n, uint16_t asid, uint16_t vmid)
{
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_ste_s1 s1;
	int ret;

	ret = t_tbl_s1(&n->s1, asid, vmid, 39, 40);
	if (!ret)
		ret = t_tbl_s2(&n->s2, vmid, 40, SMMUV3_PGTBL_F_NO_OPT_CONCAT);
	if (!ret)
		ret = smmuv3_cdtab_init(&n->cdt, &H.dev.caps, &H.osal, 0);
	if (!ret)
		ret = t_cd(&n->s1, asid, &n->cd);
	if (!ret)
		ret = smmuv3_pgtbl_get_hwcfg(&n->s1.pt, &hw);
	if (ret)
		return ret;
	smmuv3_cdtab_ste_s1(&n->cdt, &s1);
	n->cd_ipa = s1.cdtab;
	n->root_ipa = hw.ttbr;
	n->vmid = vmid;
	return 0;
}

/* Map the page of @pa 1:1 at stage 2 unless it already is. */
static int s2_identity(struct t_nest *n, smmuv3_pa_t pa)
{
	smmuv3_pa_t out;

	pa &= ~0xfffull;
	if (smmuv3_pgtbl_iova_to_phys(&n->s2.pt, pa, &out) == 0)
		return 0;
	return smmuv3_pgtbl_map(&n->s2.pt, pa, pa, T_LEN,
				SMMUV3_PROT_READ | SMMUV3_PROT_WRITE |
					SMMUV3_PROT_MEM_CACHED);
}

struct tables {
	smmuv3_pa_t *pa;
	size_t n, max;
};

static int collect(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct tables *t = arg;

	if (!e->leaf && t->n < t->max)
		t->pa[t->n++] = e->addr;
	return 0;
}

size_t t_nest_s1_tables(const struct t_nest *n, uint64_t iova, smmuv3_pa_t *pa,
			size_t max)
{
	struct tables t = { pa, 0, max };

	if (max == 0)
		return 0;
	t.pa[t.n++] = n->root_ipa;
	if (smmuv3_pgtbl_walk(&n->s1.pt, iova, T_LEN, collect, &t))
		return 0;
	return t.n;
}

static int map_tables(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	return e->leaf ? 0 : s2_identity(arg, e->addr);
}

int t_ste_s2(const struct t_tbl *s2, uint16_t vmid, struct smmuv3_ste_s2 *f)
{
	struct smmuv3_pgtbl_hwcfg hw;
	int ret = smmuv3_pgtbl_get_hwcfg(&s2->pt, &hw);

	if (ret)
		return ret;
	*f = (struct smmuv3_ste_s2){
		.vmid = vmid,
		.t0sz = hw.t0sz,
		.sl0 = hw.sl0,
		.irgn = hw.irgn,
		.orgn = hw.orgn,
		.sh = hw.sh,
		.tg = hw.tg,
		.ps = hw.ps,
		.ttb = hw.ttbr,
		.aa64 = true,
		.ptw = true,
		.record = true,
	};
	return 0;
}

int t_nest_finish(struct t_nest *n)
{
	const struct smmuv3_write_ops *ops = smmuv3_dev_write_ops(&H.dev);
	struct smmuv3_ste_s1 s1 = {
		.s1dss = SMMUV3_STE_S1DSS_SSID0,
		.cir = SMMUV3_STE_CACHE_WBRA,
		.cor = SMMUV3_STE_CACHE_WBRA,
		.csh = SMMUV3_STE_SH_ISH,
	};
	struct smmuv3_ste_s2 s2;
	int ret;

	/* Stage-1 walks read the CD table and the tables at IPA == PA. */
	ret = s2_identity(n, n->cd_ipa);
	if (!ret)
		ret = s2_identity(n, n->root_ipa);
	if (!ret)
		ret = smmuv3_pgtbl_walk(&n->s1.pt, 0, 1ull << 39, map_tables,
					n);
	if (ret)
		return ret;
	ret = t_ste_s2(&n->s2, n->vmid, &s2);
	if (ret)
		return ret;
	smmuv3_cdtab_ste_s1(&n->cdt, &s1);
	ret = smmuv3_ste_build_nested(&H.dev.caps, &s1, &s2, 0, &n->ste);
	if (ret)
		return ret;
	ret = smmuv3_cdtab_get(&n->cdt, &H.dev.caps, ops, &H.dev, &H.sid, 1, 0,
			       &n->cd_live);
	if (ret)
		return ret;
	return smmuv3_cd_write(&H.dev.caps, ops, &H.dev, &H.sid, 1, 0,
			       n->cd_live, &n->cd, NULL);
}

int t_ste_refresh(const struct smmuv3_ste *ste)
{
	return smmuv3_dev_ste_write(&H.dev, H.sid, ste, NULL);
}

int t_abort(void)
{
	struct smmuv3_ste ste;
	int ret = smmuv3_ste_build_abort(&ste);

	return ret ? ret : smmuv3_dev_ste_write(&H.dev, H.sid, &ste, NULL);
}
