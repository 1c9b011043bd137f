// SPDX-License-Identifier: BSD-2-Clause
/*
 * Domains: page table + ASID/VMID + TLBI gather + the STE (and, for stage
 * 1, the CD) that attached streams use. Every STE/CD change goes through the
 * hitless writer (ste.h); every unmap's invalidation is planned by the TLBI
 * planner (tlbi.h) and completed before unmap returns.
 */
#include <smmuv3/domain.h>
#include <smmuv3/hw/lpae.h>

#include "internal.h"

/*
 * The gather's submit callback: send the plan, turning each CMD_SYNC
 * descriptor into a completed submit (IHI 0070 4.7.3: a sync completes
 * everything before it, which the ATC_INVs after the TLBIs rely on).
 */
static int domain_submit(void *ctx, const struct smmuv3_cmd_desc *cmds,
			 size_t n)
{
	struct smmuv3_domain *dom = ctx;
	struct smmuv3_dev *dev = dom->dev;
	struct smmuv3_cmdq_batch *b = &dom->batch;
	int ret = 0;

	/*
	 * A disabled SMMU caches nothing that enable would not invalidate
	 * (CFGI_ALL, TLBI_NSNH_ALL); a FAILED one cannot be trusted.
	 */
	if (smmuv3_dev_state_get(dev) == SMMUV3_DEV_READY)
		return 0;
	if (smmuv3_dev_state_get(dev) != SMMUV3_DEV_ENABLED)
		return SMMUV3_EIO;
	/*
	 * Through the queue's batch API, so that every run of invalidations
	 * reaches the queue together with its CMD_SYNC (submit), as the
	 * queue's quirks need (SMMUV3_OPT_REPEAT_INV re-issues a submitted
	 * list; SMMUV3_OPT_CMDQ_FORCE_SYNC bounds runs). A batch that fills
	 * up is flushed by the queue itself.
	 */
	smmuv3_cmdq_batch_init(b);
	for (size_t i = 0; i < n && !ret; i++) {
		if (cmds[i].opcode == SMMUV3_OP_CMD_SYNC)
			ret = smmuv3_cmdq_batch_submit(&dev->cmdq, b, NULL);
		else
			ret = smmuv3_cmdq_batch_add(&dev->cmdq, b, &cmds[i],
						    NULL);
	}
	if (!ret && b->n)
		ret = smmuv3_cmdq_batch_submit(&dev->cmdq, b, NULL);
	return ret;
}

/* The probed default size, within what the granule can express. */
static uint8_t default_bits(uint8_t bits, enum smmuv3_granule g)
{
	/* 52-bit addresses need the 64 KB granule (Arm ARM D8.1.9). */
	if (g != SMMUV3_GRANULE_64K && bits > 48)
		return 48;
	return bits;
}

static int build_s1(struct smmuv3_domain *dom,
		    const struct smmuv3_pgtbl_hwcfg *hw)
{
	const struct smmuv3_caps *caps = &dom->dev->caps;
	bool coherent = (caps->features & SMMUV3_FEAT_COHERENCY) != 0;
	struct smmuv3_cd_cfg cd = {
		.asid = dom->cfg.asid,
		.ttb0 = hw->ttbr,
		.t0sz = hw->t0sz,
		.tg0 = hw->tg, /* TCR and CD.TG0 share the encoding */
		.irgn0 = hw->irgn,
		.orgn0 = hw->orgn,
		.sh0 = hw->sh,
		.ips = hw->ps,
		.mair = hw->mair,
		.aa64 = true,
		.record = true, /* R: faults are recorded as events */
		.abort = true,  /* A: terminated transactions abort */
		.aset = true,   /* the ASID is not shared with a PE */
		.ha = hw->ha,
		.hd = hw->hd,
	};
	struct smmuv3_ste_s1 s1 = {
		.s1dss = SMMUV3_STE_S1DSS_SSID0,
		.cir = coherent ? SMMUV3_STE_CACHE_WBRA : SMMUV3_STE_CACHE_NC,
		.cor = coherent ? SMMUV3_STE_CACHE_WBRA : SMMUV3_STE_CACHE_NC,
		.csh = coherent ? SMMUV3_STE_SH_ISH : SMMUV3_STE_SH_OSH,
	};
	int ret;

	ret = smmuv3_cd_build(caps, &cd, &dom->cd);
	if (ret)
		return ret;
	smmuv3_cdtab_ste_s1(&dom->cdtab, &s1);
	return smmuv3_ste_build_s1(caps, &s1, dom->cfg.ste_flags, &dom->ste);
}

static int build_s2(struct smmuv3_domain *dom,
		    const struct smmuv3_pgtbl_hwcfg *hw)
{
	struct smmuv3_ste_s2 s2 = {
		.vmid = dom->cfg.vmid,
		.t0sz = hw->t0sz,
		.sl0 = hw->sl0,
		.irgn = hw->irgn,
		.orgn = hw->orgn,
		.sh = hw->sh,
		.tg = hw->tg,
		.ps = hw->ps,
		.ttb = hw->ttbr,
		.aa64 = true,
		.ptw = true,    /* S2PTW: stage-1 walks must not hit device memory */
		.record = true, /* S2R */
		.fwb = hw->fwb,
	};

	return smmuv3_ste_build_s2(&dom->dev->caps, &s2, dom->cfg.ste_flags,
				   &dom->ste);
}

/*
 * (Re)build the TLBI gather for the domain's regime and its current ATS
 * endpoints (one per attached stream when the domain uses ATS): every plan
 * then ends with the ATC_INVs of those endpoints, after a completed TLBI
 * (IHI 0070 4.5.1). Anything pending is issued first.
 */
static int gather_setup(struct smmuv3_domain *dom, bool first)
{
	const struct smmuv3_domain_cfg *cfg = &dom->cfg;
	struct smmuv3_tlbi_req tmpl = { 0 };
	int ret;

	if (!first) {
		ret = smmuv3_tlbi_gather_sync(&dom->gather);
		if (ret)
			return ret;
	}
	tmpl.granule = cfg->granule;
	if (cfg->stage == SMMUV3_PGTBL_STAGE1) {
		tmpl.regime = (cfg->ste_flags & SMMUV3_STE_F_EL2) ?
				      SMMUV3_TLBI_S1_EL2 : SMMUV3_TLBI_S1;
		tmpl.asid = cfg->asid;
	} else {
		tmpl.regime = SMMUV3_TLBI_S2;
		tmpl.vmid = cfg->vmid;
	}
	if (cfg->ste_flags & SMMUV3_STE_F_ATS) {
		for (size_t i = 0; i < dom->n_sids; i++)
			dom->ats[i] = (struct smmuv3_tlbi_ats_target){
				.sid = dom->sids[i] };
		tmpl.ats = dom->ats;
		tmpl.n_ats = dom->n_sids;
	}
	return smmuv3_tlbi_gather_init(&dom->gather, &dom->dev->caps, &tmpl,
				       dom->plan, SMMUV3_ARRAY_SIZE(dom->plan),
				       domain_submit, dom);
}

/*
 * Drop every ATC entry of @sid (ATC_INV of the whole space, then a
 * completed CMD_SYNC): after its STE changed, the endpoint must not keep
 * translations of the old configuration.
 */
static int atc_inv_all(struct smmuv3_domain *dom, uint32_t sid)
{
	struct smmuv3_dev *dev = dom->dev;
	const struct smmuv3_cmd_desc d = {
		.opcode = SMMUV3_OP_ATC_INV,
		.sid = sid,
		.size = SMMUV3_ATC_INV_SIZE_ALL,
	};
	struct smmuv3_cmd cmd;
	int ret;

	if (smmuv3_dev_state_get(dev) == SMMUV3_DEV_READY)
		return 0; /* no translation was served: nothing cached */
	ret = smmuv3_cmd_encode(&dev->caps, &d, &cmd);
	if (ret)
		return ret;
	return smmuv3_cmdq_submit(&dev->cmdq, &cmd, 1, NULL);
}

int smmuv3_domain_init(struct smmuv3_domain *dom, struct smmuv3_dev *dev,
		       const struct smmuv3_domain_cfg *cfg)
{
	struct smmuv3_pgtbl_cfg pc = { 0 };
	struct smmuv3_pgtbl_hwcfg hw;
	const struct smmuv3_caps *caps;
	bool s1;
	int ret;

	if (!dom || !dev || !cfg)
		return SMMUV3_EINVAL;
	if (smmuv3_dev_state_get(dev) != SMMUV3_DEV_READY &&
	    smmuv3_dev_state_get(dev) != SMMUV3_DEV_ENABLED)
		return SMMUV3_EPERM;
	caps = &dev->caps;
	s1 = cfg->stage == SMMUV3_PGTBL_STAGE1;
	if (!s1 && cfg->stage != SMMUV3_PGTBL_STAGE2)
		return SMMUV3_EINVAL;
	if (s1 ? (cfg->asid == 0 || cfg->vmid != 0) :
		 (cfg->vmid == 0 || cfg->asid != 0))
		return SMMUV3_EINVAL;
	if ((unsigned int)cfg->granule >= SMMUV3_GRANULE_COUNT)
		return SMMUV3_EINVAL;
	/* ATS: the endpoints' ATCs are invalidated by every plan. */
	if ((cfg->ste_flags & SMMUV3_STE_F_ATS) &&
	    !(caps->features & SMMUV3_FEAT_ATS))
		return SMMUV3_EOPNOTSUPP;

	dom->dev = dev;
	dom->cfg = *cfg;
	dom->n_sids = 0;
	dom->cd_live = false;
	pc.stage = cfg->stage;
	pc.granule = cfg->granule;
	/* An explicit size is the caller's: the page-table code checks it. */
	pc.ias = cfg->ias ? cfg->ias :
			    default_bits(s1 ? caps->s1_ias_bits :
					      caps->s2_ias_bits, cfg->granule);
	pc.oas = default_bits(s1 ? caps->s1_oas_bits : caps->s2_oas_bits,
			      cfg->granule);
	/* A port without cache_clean declares the walks coherent (osal.h). */
	pc.coherent = (caps->features & SMMUV3_FEAT_COHERENCY) != 0 ||
		      !dev->osal.ops->cache_clean;
	dom->flush_ops.flush = smmuv3_tlbi_gather_flush;
	dom->flush_ops.flush_all = smmuv3_tlbi_gather_flush_all;
	pc.flush = &dom->flush_ops;
	pc.cookie = &dom->gather;

	ret = gather_setup(dom, true);
	if (ret)
		goto err;

	ret = smmuv3_pgtbl_init(&dom->pgtbl, &dev->osal, caps, &pc);
	if (ret)
		goto err;
	ret = smmuv3_pgtbl_get_hwcfg(&dom->pgtbl, &hw);
	if (ret)
		goto err_pgtbl;
	if (s1) {
		ret = smmuv3_cdtab_init(&dom->cdtab, caps, &dev->osal, 0);
		if (ret)
			goto err_pgtbl;
		ret = build_s1(dom, &hw);
		if (ret)
			goto err_cdtab;
	} else {
		ret = build_s2(dom, &hw);
		if (ret)
			goto err_pgtbl;
	}
	return 0;

err_cdtab:
	smmuv3_cdtab_fini(&dom->cdtab);
err_pgtbl:
	smmuv3_pgtbl_destroy(&dom->pgtbl);
err:
	dom->dev = NULL; /* every other call refuses a failed domain */
	return ret;
}

int smmuv3_domain_fini(struct smmuv3_domain *dom)
{
	int ret;

	if (!dom || !dom->dev)
		return SMMUV3_EINVAL;
	if (dom->n_sids)
		return SMMUV3_EBUSY;
	/*
	 * Nothing may stay cached under this ASID/VMID once it is reused, nor
	 * walk-cached in tables about to be freed: on failure keep everything
	 * (the caller may retry).
	 */
	smmuv3_tlbi_gather_flush_all(&dom->gather);
	ret = smmuv3_tlbi_gather_sync(&dom->gather);
	if (ret)
		return ret;
	smmuv3_pgtbl_destroy(&dom->pgtbl);
	if (dom->cfg.stage == SMMUV3_PGTBL_STAGE1)
		smmuv3_cdtab_fini(&dom->cdtab);
	dom->dev = NULL;
	return 0;
}

int smmuv3_domain_map(struct smmuv3_domain *dom, smmuv3_iova_t iova,
		      smmuv3_pa_t pa, uint64_t size, uint32_t prot)
{
	if (!dom || !dom->dev)
		return SMMUV3_EINVAL;
	return smmuv3_pgtbl_map(&dom->pgtbl, iova, pa, size, prot);
}

int smmuv3_domain_unmap(struct smmuv3_domain *dom, smmuv3_iova_t iova,
			uint64_t size, uint64_t *unmapped)
{
	int ret, sret;

	if (!dom || !dom->dev)
		return SMMUV3_EINVAL;
	/*
	 * The gather reports a failed table-removal flush through unmap (the
	 * tables are then kept) and leaf errors through sync; sync also
	 * retries what failed. The first error wins.
	 */
	ret = smmuv3_pgtbl_unmap(&dom->pgtbl, iova, size, unmapped);
	sret = smmuv3_tlbi_gather_sync(&dom->gather);
	return ret ? ret : sret;
}

int smmuv3_domain_iova_to_phys(const struct smmuv3_domain *dom,
			       smmuv3_iova_t iova, smmuv3_pa_t *pa)
{
	if (!dom || !dom->dev)
		return SMMUV3_EINVAL;
	return smmuv3_pgtbl_iova_to_phys(&dom->pgtbl, iova, pa);
}

static int find_sid(const struct smmuv3_domain *dom, uint32_t sid)
{
	for (size_t i = 0; i < dom->n_sids; i++)
		if (dom->sids[i] == sid)
			return (int)i;
	return -1;
}

/* Does the live STE of @sid hold exactly this domain's entry? */
static bool ste_is_ours(struct smmuv3_domain *dom, uint32_t sid)
{
	uint64_t *live;

	if (smmuv3_strtab_get(&dom->dev->strtab, sid, &live))
		return false;
	for (unsigned int i = 0; i < SMMUV3_STE_QWORDS; i++)
		if (smmuv3_le64_to_cpu(live[i]) != dom->ste.qw[i])
			return false;
	return true;
}

int smmuv3_domain_attach(struct smmuv3_domain *dom, uint32_t sid,
			 struct smmuv3_write_result *res)
{
	struct smmuv3_dev *dev;
	int ret;

	if (!dom || !dom->dev)
		return SMMUV3_EINVAL;
	dev = dom->dev;
	if (find_sid(dom, sid) >= 0)
		return SMMUV3_EEXIST;
	if (dom->n_sids == SMMUV3_ARRAY_SIZE(dom->sids))
		return SMMUV3_E2BIG;
	if (dom->cfg.stage == SMMUV3_PGTBL_STAGE1 && !dom->cd_live) {
		uint64_t *live;

		/*
		 * The CD goes in before any STE points at its table; the
		 * CFGI_CD for @sid is harmless while the STE does not.
		 */
		ret = smmuv3_cdtab_get(&dom->cdtab, &dev->caps,
				       smmuv3_dev_write_ops(dev), dev, &sid, 1,
				       0, &live);
		if (ret)
			return ret;
		ret = smmuv3_cd_write(&dev->caps, smmuv3_dev_write_ops(dev),
				      dev, &sid, 1, 0, live, &dom->cd, NULL);
		if (ret)
			return ret;
		dom->cd_live = true;
	}
	ret = smmuv3_dev_ste_write(dev, sid, &dom->ste, res);
	/*
	 * The writer may fail after the new STE was stored (a sync error):
	 * then the stream does use this domain, and the domain must know, so
	 * that fini refuses to free tables it points at and detach can retry.
	 */
	if (ret == 0 || ste_is_ours(dom, sid))
		dom->sids[dom->n_sids++] = sid;
	if (ret || !(dom->cfg.ste_flags & SMMUV3_STE_F_ATS))
		return ret;
	/*
	 * ATS: the endpoint may hold translations of its previous
	 * configuration; drop them, then add it to the endpoints every
	 * unmap invalidates. The caller enables ATS in the endpoint only
	 * after this returns 0.
	 */
	ret = atc_inv_all(dom, sid);
	if (ret)
		return ret;
	return gather_setup(dom, false);
}

int smmuv3_domain_detach(struct smmuv3_domain *dom, uint32_t sid,
			 struct smmuv3_write_result *res)
{
	struct smmuv3_ste abort_ste;
	int idx, ret;

	if (!dom || !dom->dev)
		return SMMUV3_EINVAL;
	idx = find_sid(dom, sid);
	if (idx < 0)
		return SMMUV3_ENOENT;
	if (ste_is_ours(dom, sid)) {
		ret = smmuv3_ste_build_abort(&abort_ste);
		if (ret)
			return ret;
		ret = smmuv3_dev_ste_write(dom->dev, sid, &abort_ste, res);
		if (ret)
			return ret;
	} else if (res) {
		*res = (struct smmuv3_write_result){ .hitless = true };
	}
	dom->sids[idx] = dom->sids[--dom->n_sids];
	if (!(dom->cfg.ste_flags & SMMUV3_STE_F_ATS))
		return 0;
	/*
	 * The endpoint's ATC may still hold this domain's translations
	 * (whatever its STE is now): drop them, and stop invalidating it.
	 * The caller disables ATS in the endpoint before detaching.
	 */
	ret = atc_inv_all(dom, sid);
	if (ret)
		return ret;
	return gather_setup(dom, false);
}
