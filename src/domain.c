// SPDX-License-Identifier: BSD-2-Clause
/*
 * Domains and streams. A paging domain is a page table + ASID/VMID (+ the
 * CD table for stage 1) present on one or more SMMUs; a nested domain puts
 * a guest's CD table on a stage-2 parent; bypass and abort domains carry no
 * table. Streams (caller storage, doubly linked into their domain) move
 * between domains only through the hitless STE writer (ste.h). The domain
 * is its own page-table flush op: a pending range is kept in the domain
 * and, when issued, planned per SMMU by the TLBI planner (tlbi.h) in
 * chunks of SMMUV3_DOMAIN_CHUNK encoded commands on the stack, each chunk a
 * completed smmuv3_cmdq_submit() so errors are attributed and the queue's
 * errata handling (repeat, forced sync) applies.
 */
#include <smmuv3/domain.h>
#include <smmuv3/hw/cmd.h>
#include <smmuv3/hw/lpae.h>

#include "internal.h"

/* Keeps a cold path's locals out of its caller's frame (stack depth). */
/*
 * The device's state, read single-copy atomically (smmuv3_dev_state_get()):
 * a GERROR handler may change it concurrently (ENABLED -> FAILED); a stale
 * ENABLED only means one more submit, which the queue then fails.
 */
static enum smmuv3_dev_state dev_state(const struct smmuv3_dev *dev)
{
	return smmuv3_dev_state_get(dev);
}

static bool dev_usable(const struct smmuv3_dev *dev)
{
	enum smmuv3_dev_state st = dev_state(dev);

	return st == SMMUV3_DEV_READY || st == SMMUV3_DEV_ENABLED;
}

static bool is_type(const struct smmuv3_domain *dom, enum smmuv3_domain_type t)
{
	return dom && dom->live && dom->cfg.type == t;
}

/* The paging domain whose tables (and SMMU list) @dom's streams use. */
static NOINLINE struct smmuv3_domain *table_dom(struct smmuv3_domain *dom)
{
	if (dom->cfg.type == SMMUV3_DOMAIN_PAGING)
		return dom;
	if (dom->cfg.type == SMMUV3_DOMAIN_NESTED)
		return dom->cfg.parent;
	return NULL;
}

static NOINLINE struct smmuv3_domain_smmu *
find_smmu(struct smmuv3_domain *tdom, const struct smmuv3_dev *dev)
{
	for (struct smmuv3_domain_smmu *l = &tdom->smmu; l; l = l->next)
		if (l->dev == dev)
			return l;
	return NULL;
}

static bool is_s1(const struct smmuv3_domain *dom)
{
	return dom->cfg.stage == SMMUV3_PGTBL_STAGE1;
}

/* ------------------------------------------------------------------ */
/* Sending commands                                                    */
/* ------------------------------------------------------------------ */

/*
 * Commands for one SMMU, encoded on the stack and sent SMMUV3_DOMAIN_CHUNK
 * at a time, each chunk completed by its CMD_SYNC (smmuv3_cmdq_submit():
 * errors attributed to this call; REPEAT_INV and FORCE_SYNC applied).
 */
struct sender {
	struct smmuv3_dev *dev;
	struct smmuv3_cmd cmds[SMMUV3_DOMAIN_CHUNK];
	uint32_t n;
	int err;
};

/* An empty sender for @dev (the commands are written before use). */
static void send_init(struct sender *sd, struct smmuv3_dev *dev)
{
	sd->dev = dev;
	sd->n = 0;
	sd->err = 0;
}

static int send_flush(struct sender *sd)
{
	if (sd->n && !sd->err)
		sd->err = smmuv3_cmdq_submit(&sd->dev->cmdq, sd->cmds, sd->n,
					     NULL);
	sd->n = 0;
	return sd->err;
}

/* The slot of the next command (a full chunk is sent first); NULL once
 * the sender failed. The caller fills it and counts it in sd->n. */
static struct smmuv3_cmd *send_slot(struct sender *sd)
{
	if (sd->err || (sd->n == SMMUV3_DOMAIN_CHUNK && send_flush(sd)))
		return NULL;
	return &sd->cmds[sd->n];
}

/*
 * TLBI_NH_ALL of @vmid (IHI 0070 4.4.2): every stage-1 entry of the VMID.
 * Only for the parent of nested domains, whose VMID was checked on every
 * SMMU it is on, each of which has both stages (nesting).
 */
static void build_nh_all(struct smmuv3_cmd *c, uint16_t vmid)
{
	c->dw[0] = SMMUV3_OP_TLBI_NH_ALL |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_VMID, (uint64_t)vmid);
	c->dw[1] = 0;
}

/* Drop every ATC entry of @sid (whole space), completed. The StreamID was
 * checked at stream setup: the unchecked builder applies. */
static int atc_inv_all(struct smmuv3_dev *dev, uint32_t sid)
{
	enum smmuv3_dev_state st = dev_state(dev);
	struct smmuv3_cmd c;

	if (st == SMMUV3_DEV_READY)
		return 0; /* no translation was served: nothing cached */
	if (st != SMMUV3_DEV_ENABLED)
		return SMMUV3_EIO;
	smmuv3_cmd_build_atc_inv(&c, sid, false, 0, 0, SMMUV3_ATC_INV_SIZE_ALL);
	return smmuv3_cmdq_submit(&dev->cmdq, &c, 1, NULL);
}

/* ------------------------------------------------------------------ */
/* Invalidation (the domain as page-table flush op)                    */
/* ------------------------------------------------------------------ */

/* log2 of the granule: 12, 14, 16 for 4K (0), 16K (1), 64K (2). */
static unsigned int gshift(enum smmuv3_granule g)
{
	return 12u + 2u * (unsigned int)g;
}

_Static_assert(SMMUV3_GRANULE_4K == 0 && SMMUV3_GRANULE_16K == 1 &&
		       SMMUV3_GRANULE_64K == 2,
	       "granule encoding");

/*
 * The TLBIs of one round on one SMMU (regime of the domain, caps of the
 * SMMU): the whole ASID/VMID when @all, else the range of @r (pending and
 * err are not read).
 */
static NOINLINE void send_tlbi(struct smmuv3_domain *dom, struct sender *sd,
			       const struct smmuv3_domain_inv *r, bool all)
{
	const struct smmuv3_caps *caps = &sd->dev->caps;
	struct smmuv3_tlbi_req req = {0};
	struct smmuv3_tlbi_info info;
	uint64_t unit, size, chunk;

	req.granule = dom->cfg.granule;
	req.flags = SMMUV3_TLBI_F_NO_SYNC;
	/* The tag of the other stage is 0 (check_paging()). */
	req.asid = dom->cfg.asid;
	req.vmid = dom->cfg.vmid;
	req.regime = !is_s1(dom) ? SMMUV3_TLBI_S2
		     : (dom->cfg.ste_flags & SMMUV3_STE_F_EL2)
			     ? SMMUV3_TLBI_S1_EL2
			     : SMMUV3_TLBI_S1;
	unit = (uint64_t)1 << gshift(dom->cfg.granule);
	if (r->leaf_only && r->leaf_size)
		unit = r->leaf_size;
	size = all ? 0 : r->last - r->start + 1u;
	/* Without RIL, one command per unit: beyond the planner's default
	 * threshold the whole ASID/VMID is cheaper (tlbi.h). */
	if (!all && !(caps->features & SMMUV3_FEAT_RANGE_INV) &&
	    (size >> smmuv3_ctz64(unit)) > SMMUV3_TLBI_DEFAULT_MAX_OPS)
		all = true;
	/* A range TLBI plan has at most two commands (tlbi.h). */
	chunk = (caps->features & SMMUV3_FEAT_RANGE_INV)
			? size
			: unit * SMMUV3_DOMAIN_CHUNK;
	req.all = all;
	req.leaf_only = r->leaf_only;
	req.leaf_mixed = r->leaf_mixed;
	req.leaf_size = r->leaf_only ? r->leaf_size : 0;
	req.max_ops = SMMUV3_DOMAIN_CHUNK;
	/* One plan for the whole ASID/VMID, else one per chunk of the range;
	 * each submitted and completed before the next. */
	for (uint64_t off = 0; all || off < size; off += chunk) {
		int ret;

		if (!all) {
			req.iova = r->start + off;
			req.size = size - off < chunk ? size - off : chunk;
		}
		ret = smmuv3_tlbi_plan_encode(caps, &req, sd->cmds,
					      SMMUV3_DOMAIN_CHUNK, &info);
		if (ret) {
			sd->err = ret;
			return;
		}
		sd->n = (uint32_t)info.n_cmds;
		if (send_flush(sd) || all)
			break;
	}
	/*
	 * Parent of nested domains: TLBI_S2_IPA need not remove combined
	 * stage 1+2 entries (IHI 0070 4.4.3.1); after the completed stage-2
	 * invalidation, drop the stage-1 entries of the VMID. S12_VMALL (the
	 * whole VMID) already covers both stages.
	 */
	if (!all && dom->children && !sd->err) {
		/* Every chunk above was flushed: the sender is empty. */
		build_nh_all(&sd->cmds[0], dom->cfg.vmid);
		sd->n = 1;
		send_flush(sd);
	}
}

/*
 * @tmpl (StreamID 0) once for each stream of the list @s on the sender's
 * SMMU that has @need in its flags, or (@need 0) whose ATS is live, with
 * that stream's StreamID. The StreamIDs were checked against their SMMU
 * when the streams were set up.
 */
static NOINLINE void send_each(struct sender *sd,
			       const struct smmuv3_stream *s,
			       const struct smmuv3_cmd *tmpl, uint32_t need)
{
	for (; s; s = s->next) {
		struct smmuv3_cmd *c;

		if (s->dev != sd->dev ||
		    !(need ? (s->flags & need) != 0 : s->ats_live))
			continue;
		c = send_slot(sd);
		if (!c)
			return;
		c->dw[0] = tmpl->dw[0] |
			   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, (uint64_t)s->sid);
		c->dw[1] = tmpl->dw[1];
		sd->n++;
	}
}

/*
 * ATC_INV (StreamID 0, every PASID) covering [start, last] of @r (IHI 0070
 * 4.5.1): the span is aligned, so the unchecked builder applies.
 */
static void atc_tmpl(const struct smmuv3_domain_inv *r, bool all,
		     struct smmuv3_cmd *c)
{
	uint64_t first = r->start >> 12, last = r->last >> 12;
	/* The smallest log2 with first >> log2 == last >> log2. */
	unsigned int log2 = smmuv3_fls64(first ^ last);

	if (all || log2 >= SMMUV3_ATC_INV_SIZE_ALL)
		smmuv3_cmd_build_atc_inv(c, 0, false, 0, 0,
					 SMMUV3_ATC_INV_SIZE_ALL);
	else
		smmuv3_cmd_build_atc_inv(c, 0, false, 0,
					 ((first >> log2) << log2) << 12,
					 (uint8_t)log2);
}

/*
 * One round on one SMMU: TLBIs (completed), then the ATC_INVs of its ATS
 * endpoints (completed): the pending range of @dom, or the whole
 * ASID/VMID when l->inv_all is set (a previous round failed there, or the
 * last stream left, or fini). An SMMU with no stream is skipped unless
 * l->inv_all is set.
 */
static int smmu_issue(struct smmuv3_domain *dom, struct smmuv3_domain_smmu *l)
{
	const struct smmuv3_domain_inv *r = &dom->inv;
	struct sender sd;
	bool all = l->inv_all; /* the whole ASID/VMID (see inv_all) */
	enum smmuv3_dev_state st;

	if (!l->n_streams && !l->inv_all)
		return 0;
	st = dev_state(l->dev);
	if (st == SMMUV3_DEV_FAILED) {
		l->inv_all = true;
		return SMMUV3_EIO;
	}
	if (st != SMMUV3_DEV_ENABLED) {
		/* Not enabled (or finalised): the next enable invalidates
		 * everything before SMMUEN. */
		l->inv_all = false;
		return 0;
	}
	send_init(&sd, l->dev);
	send_tlbi(dom, &sd, r, all);
	if (l->n_ats && !sd.err) {
		struct smmuv3_cmd t;

		atc_tmpl(r, all, &t);
		send_each(&sd, dom->streams, &t, 0);
		/* Nested streams cache guest VAs whose IPAs are unknown:
		 * their whole space. */
		smmuv3_cmd_build_atc_inv(&t, 0, false, 0, 0,
					 SMMUV3_ATC_INV_SIZE_ALL);
		for (struct smmuv3_domain *c = dom->children; c; c = c->sibling)
			send_each(&sd, c->streams, &t, 0);
		send_flush(&sd);
	}
	l->inv_all = sd.err != 0;
	return sd.err;
}

/* Issue what is pending on every SMMU; the first error is kept. */
static int inv_issue(struct smmuv3_domain *dom)
{
	bool pending = dom->inv.pending;
	int first = 0;

	dom->inv.pending = false;
	for (struct smmuv3_domain_smmu *l = &dom->smmu; l; l = l->next) {
		int ret;

		/* Without a new range, only the SMMUs that failed before. */
		if (!pending && !l->inv_all)
			continue;
		/* Nothing below changes dom->inv; without a new range
		 * l->inv_all makes it the whole ASID/VMID. */
		ret = smmu_issue(dom, l);
		if (ret && !first)
			first = ret;
	}
	if (pending)
		dom->n_issued++;
	if (first && !dom->inv.err)
		dom->inv.err = first;
	return first;
}

static int dom_flush(void *cookie, smmuv3_iova_t iova, uint64_t size,
		     uint64_t leaf_size, bool leaf_only)
{
	struct smmuv3_domain *dom = cookie;
	uint64_t last;

	/* The page-table code flushes granule-aligned, non-empty ranges
	 * that end at or below 2^64 (pgtable.h). */
	if (!size)
		return 0;
	last = iova + (size - 1u);
	if (leaf_size == 0)
		leaf_only = false;
	if (dom->inv.pending &&
	    (iova > dom->inv.last + 1u || last + 1u < dom->inv.start) &&
	    dom->inv.last != UINT64_MAX && last != UINT64_MAX)
		inv_issue(dom); /* disjoint: no merging across a gap */
	if (!dom->inv.pending) {
		dom->inv.pending = true;
		dom->inv.start = iova;
		dom->inv.last = last;
		dom->inv.leaf_only = leaf_only;
		dom->inv.leaf_size = leaf_size;
		dom->inv.leaf_mixed = false;
	} else {
		if (iova < dom->inv.start)
			dom->inv.start = iova;
		if (last > dom->inv.last)
			dom->inv.last = last;
		dom->inv.leaf_only = dom->inv.leaf_only && leaf_only;
		if (leaf_size != dom->inv.leaf_size) {
			dom->inv.leaf_mixed = true;
			if (!leaf_size || (dom->inv.leaf_size &&
					   leaf_size < dom->inv.leaf_size))
				dom->inv.leaf_size = leaf_size;
		}
	}
	if (leaf_size == 0)
		return inv_issue(dom); /* tables are freed after we return */
	return 0;
}

/* Issue what is pending; return (and clear) the first error since. */
static int inv_sync(struct smmuv3_domain *dom)
{
	int ret = inv_issue(dom);

	if (dom->inv.err)
		ret = dom->inv.err;
	dom->inv.err = 0;
	return ret;
}

/* ------------------------------------------------------------------ */
/* STEs and CDs                                                        */
/* ------------------------------------------------------------------ */

/* The probed default size, within what the granule can express. */
static uint8_t default_bits(uint8_t bits, enum smmuv3_granule g)
{
	/* 52-bit addresses need the 64 KB granule (Arm ARM D8.1.9). */
	if (g != SMMUV3_GRANULE_64K && bits > 48)
		return 48;
	return bits;
}

/*
 * The default address sizes of @cfg's stage on an SMMU of @caps: input in
 * bits 7:0, output in bits 15:8 (in a register: no array on the frames).
 */
static NOINLINE uint32_t stage_bits(const struct smmuv3_domain_cfg *cfg,
				    const struct smmuv3_caps *caps)
{
	bool s1 = cfg->stage == SMMUV3_PGTBL_STAGE1;

	return default_bits(s1 ? caps->s1_ias_bits : caps->s2_ias_bits,
			    cfg->granule) |
	       (uint32_t)default_bits(s1 ? caps->s1_oas_bits
					 : caps->s2_oas_bits,
				      cfg->granule)
		       << 8;
}

static void ste_walk_attrs(const struct smmuv3_caps *caps,
			   struct smmuv3_ste_s1 *s1)
{
	bool coherent = (caps->features & SMMUV3_FEAT_COHERENCY) != 0;

	s1->cir = coherent ? SMMUV3_STE_CACHE_WBRA : SMMUV3_STE_CACHE_NC;
	s1->cor = s1->cir;
	s1->csh = coherent ? SMMUV3_STE_SH_ISH : SMMUV3_STE_SH_OSH;
}

static void s2_from_hw(const struct smmuv3_domain *tdom,
		       const struct smmuv3_pgtbl_hwcfg *hw,
		       struct smmuv3_ste_s2 *s2)
{
	*s2 = (struct smmuv3_ste_s2){
		.vmid = tdom->cfg.vmid,
		.t0sz = hw->t0sz,
		.sl0 = hw->sl0,
		.irgn = hw->irgn,
		.orgn = hw->orgn,
		.sh = hw->sh,
		.tg = hw->tg,
		.ps = hw->ps,
		.ttb = hw->ttbr,
		.aa64 = true,
		.ptw = true, /* S2PTW: stage-1 walks must not hit device memory
			      */
		.record = true, /* S2R */
		.fwb = hw->fwb,
	};
}

static int cd_cfg_build(const struct smmuv3_domain *dom,
			const struct smmuv3_caps *caps, struct smmuv3_cd *cd)
{
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_cd_cfg c;
	int ret;

	ret = smmuv3_pgtbl_get_hwcfg(&dom->pgtbl, &hw);
	if (ret)
		return ret;
	smmuv3_cd_cfg_from_pgtbl(&c, &hw, dom->cfg.asid);
	/* S: stalls when the domain's masters stall, or forced */
	c.stall = (dom->cfg.ste_flags & SMMUV3_STE_F_STALL) ||
		  (caps->features & SMMUV3_FEAT_STALL_FORCE);
	return smmuv3_cd_build(caps, &c, cd);
}

static int ste_build(const struct smmuv3_domain *dom,
		     const struct smmuv3_stream *s, struct smmuv3_ste *ste)
{
	const struct smmuv3_caps *caps = &s->dev->caps;
	uint32_t flags = (dom->cfg.ste_flags | s->flags) & SMMUV3_STE_F_ALL;
	bool ssid = (s->flags & SMMUV3_STREAM_F_SSID) != 0;
	struct smmuv3_domain *tdom;
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_ste_s1 s1 = {.s1dss = SMMUV3_STE_S1DSS_SSID0};
	struct smmuv3_ste_s2 s2;
	int ret;

	if (dom->cfg.type == SMMUV3_DOMAIN_ABORT)
		return smmuv3_ste_build_abort(ste);
	if (dom->cfg.type == SMMUV3_DOMAIN_BYPASS)
		return smmuv3_ste_build_bypass(caps, NULL, ste);
	tdom = table_dom((struct smmuv3_domain *)(uintptr_t)dom);
	if (!find_smmu(tdom, s->dev))
		return SMMUV3_ENODEV;
	ret = smmuv3_pgtbl_get_hwcfg(&tdom->pgtbl, &hw);
	if (ret)
		return ret;
	ste_walk_attrs(caps, &s1);
	if (dom->cfg.type == SMMUV3_DOMAIN_NESTED) {
		s1.cdtab = dom->cfg.s1_cdtab;
		s1.s1fmt = dom->cfg.s1fmt;
		s1.s1cdmax = dom->cfg.s1cdmax;
		if (s1.s1cdmax)
			s1.s1dss = dom->cfg.s1dss;
		if (!ssid && s1.s1cdmax) {
			/* CD 0 at the table base only in a linear table */
			if (s1.s1fmt != SMMUV3_STE_S1FMT_LINEAR)
				return SMMUV3_EINVAL;
			s1.s1cdmax = 0;
			s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
		}
		s2_from_hw(tdom, &hw, &s2);
		return smmuv3_ste_build_nested(caps, &s1, &s2, flags, ste);
	}
	if (is_s1(dom)) {
		smmuv3_cdtab_ste_s1(&dom->cdtab, &s1);
		if (!ssid) {
			if (dom->cdtab.s1fmt != SMMUV3_STE_S1FMT_LINEAR)
				return SMMUV3_EINVAL;
			s1.s1cdmax = 0;
		}
		return smmuv3_ste_build_s1(caps, &s1, flags, ste);
	}
	if (ssid)
		return SMMUV3_EINVAL; /* no stage 1: no SubstreamIDs */
	s2_from_hw(dom, &hw, &s2);
	return smmuv3_ste_build_s2(caps, &s2, flags, ste);
}

static void cd_publish(void *ctx)
{
	const struct smmuv3_domain *dom = ctx;

	dom->cdtab.osal.ops->barrier(dom->cdtab.osal.ctx,
				     SMMUV3_BARRIER_MEM_PUBLISH);
}

static void cd_clean(void *ctx, const void *va, size_t size)
{
	const struct smmuv3_domain *dom = ctx;

	if (!dom->pgtbl.cfg.coherent && dom->cdtab.osal.ops->cache_clean)
		dom->cdtab.osal.ops->cache_clean(dom->cdtab.osal.ctx, va, size);
}

static int cd_sync(void *ctx, const struct smmuv3_cmd *cmds, size_t n);

/* The CD writer's ops, ctx = the domain. */
static const struct smmuv3_write_ops cd_ops = {
	.sync = cd_sync,
	.publish = cd_publish,
	.cache_clean = cd_clean,
};

/*
 * Write CD @ssid of @dom's table (its level-2 table allocated first). The
 * writer's own commands name a placeholder stream (SID 0): cd_sync()
 * decides where they go.
 */
static int cd_put(struct smmuv3_domain *dom, const struct smmuv3_caps *caps,
		  uint32_t ssid, const struct smmuv3_cd *cd,
		  struct smmuv3_write_result *res)
{
	const uint32_t sid0 = 0;
	uint64_t *live;
	int ret = smmuv3_cdtab_get(&dom->cdtab, caps, &cd_ops, dom, &sid0, 1,
				   ssid, &live);

	return ret ? ret
		   : smmuv3_cd_write(caps, &cd_ops, dom, &sid0, 1, ssid, live,
				     cd, res);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

static bool id_fits(uint16_t id, uint8_t bits)
{
	return bits >= 16u || (id >> bits) == 0;
}

static int check_paging(const struct smmuv3_domain_cfg *cfg,
			const struct smmuv3_caps *caps)
{
	bool s1 = cfg->stage == SMMUV3_PGTBL_STAGE1;
	/* Stage 1 is tagged by an ASID, stage 2 by a VMID; not both. */
	uint16_t id = s1 ? cfg->asid : cfg->vmid;
	uint16_t other = s1 ? cfg->vmid : cfg->asid;

	if (!s1 && cfg->stage != SMMUV3_PGTBL_STAGE2)
		return SMMUV3_EINVAL;
	if (id == 0 || other != 0 ||
	    (!s1 && (cfg->ssid_bits || (cfg->ste_flags & SMMUV3_STE_F_EL2))))
		return SMMUV3_EINVAL;
	if ((unsigned int)cfg->granule >= SMMUV3_GRANULE_COUNT ||
	    (cfg->ste_flags & ~SMMUV3_STE_F_ALL) ||
	    (unsigned int)cfg->pgtbl_split > SMMUV3_PGTBL_SPLIT_BBM)
		return SMMUV3_EINVAL;
	if (!(caps->features &
	      (s1 ? SMMUV3_FEAT_TRANS_S1 : SMMUV3_FEAT_TRANS_S2)))
		return SMMUV3_EOPNOTSUPP;
	if (!id_fits(id, s1 ? caps->asid_bits : caps->vmid_bits))
		return SMMUV3_ERANGE;
	/*
	 * ATS: the endpoints' ATCs are invalidated by every unmap. Block ->
	 * table without a break: IDR3.BBML = 2 (every SMMU).
	 */
	if (((cfg->ste_flags & SMMUV3_STE_F_ATS) &&
	     !(caps->features & SMMUV3_FEAT_ATS)) ||
	    ((cfg->ste_flags & SMMUV3_STE_F_EL2) &&
	     !(caps->features & SMMUV3_FEAT_E2H)) ||
	    (cfg->pgtbl_split == SMMUV3_PGTBL_SPLIT_HITLESS && caps->bbml < 2u))
		return SMMUV3_EOPNOTSUPP;
	return 0;
}

static int init_paging(struct smmuv3_domain *dom, struct smmuv3_dev *dev)
{
	const struct smmuv3_domain_cfg *cfg = &dom->cfg;
	const struct smmuv3_caps *caps = &dev->caps;
	const struct smmuv3_osal *osal = cfg->osal ? cfg->osal : &dev->osal;
	struct smmuv3_pgtbl_cfg pc = {0};
	bool s1 = is_s1(dom);
	struct smmuv3_cd cd;
	uint32_t bits;
	int ret;

	ret = check_paging(cfg, caps);
	if (ret)
		return ret;
	bits = stage_bits(cfg, caps);
	pc.stage = cfg->stage;
	pc.granule = cfg->granule;
	pc.split = cfg->pgtbl_split;
	/* An explicit size is the caller's: the page-table code checks it. */
	pc.ias = cfg->ias ? cfg->ias : (uint8_t)bits;
	pc.oas = (uint8_t)(bits >> 8);
	/* A port without cache_clean declares the walks coherent (osal.h). */
	pc.coherent = (caps->features & SMMUV3_FEAT_COHERENCY) != 0 ||
		      !osal->ops->cache_clean;
	dom->flush_ops.flush = dom_flush;
	dom->flush_ops.flush_all = NULL; /* the page table uses flush */
	pc.flush = &dom->flush_ops;
	pc.cookie = dom;
	ret = smmuv3_pgtbl_init(&dom->pgtbl, osal, caps, &pc);
	if (ret)
		return ret;
	if (s1) {
		ret = cd_cfg_build(dom, caps, &cd);
		if (ret)
			goto err_pgtbl;
		ret = smmuv3_cdtab_init(&dom->cdtab, caps, osal,
					cfg->ssid_bits);
		if (ret)
			goto err_pgtbl;
		/*
		 * The CD goes in now, before any STE points at the table (the
		 * STE writer's publish barrier orders it before the STE).
		 */
		ret = cd_put(dom, caps, 0, &cd, NULL);
		if (ret)
			goto err_cdtab;
	}
	return 0;

err_cdtab:
	smmuv3_cdtab_fini(&dom->cdtab);
err_pgtbl:
	smmuv3_pgtbl_destroy(&dom->pgtbl);
	return ret;
}

int smmuv3_domain_init(struct smmuv3_domain *dom, struct smmuv3_dev *dev,
		       const struct smmuv3_domain_cfg *cfg)
{
	int ret;

	if (!dom || !cfg)
		return SMMUV3_EINVAL;
	/* Not live, no stream, SMMU, child or pending invalidation. */
	memset(dom, 0, sizeof(*dom));
	if ((unsigned int)cfg->type > SMMUV3_DOMAIN_ABORT)
		return SMMUV3_EINVAL;
	dom->cfg = *cfg;

	switch (cfg->type) {
	case SMMUV3_DOMAIN_PAGING:
		if (!dev)
			return SMMUV3_EINVAL;
		if (!dev_usable(dev))
			return SMMUV3_EPERM;
		dom->smmu.dev = dev;
		ret = init_paging(dom, dev);
		if (ret)
			return ret;
		break;
	case SMMUV3_DOMAIN_NESTED: {
		struct smmuv3_domain *p = cfg->parent;

		if (!is_type(p, SMMUV3_DOMAIN_PAGING) || is_s1(p) ||
		    (cfg->ste_flags &
		     ~(SMMUV3_STE_F_ALL & ~SMMUV3_STE_F_EL2)) ||
		    (cfg->s1cdmax == 0 &&
		     cfg->s1dss != SMMUV3_STE_S1DSS_TERMINATE &&
		     cfg->s1dss != SMMUV3_STE_S1DSS_SSID0))
			return SMMUV3_EINVAL;
		for (struct smmuv3_domain_smmu *l = &p->smmu; l; l = l->next)
			if (!(l->dev->caps.features & SMMUV3_FEAT_NESTING))
				return SMMUV3_EOPNOTSUPP;
		dom->sibling = p->children;
		p->children = dom;
		break;
	}
	default: /* BYPASS, ABORT */
		if (cfg->ste_flags)
			return SMMUV3_EINVAL;
		break;
	}
	dom->live = true;
	return 0;
}

int smmuv3_domain_add_smmu(struct smmuv3_domain *dom,
			   struct smmuv3_domain_smmu *smmu,
			   struct smmuv3_dev *dev)
{
	const struct smmuv3_caps *caps;
	struct smmuv3_domain_smmu *l;
	struct smmuv3_pgtbl_hwcfg hw;
	uint32_t bits;
	int ret;

	if (!is_type(dom, SMMUV3_DOMAIN_PAGING) || !smmu || !dev)
		return SMMUV3_EINVAL;
	if (find_smmu(dom, dev))
		return SMMUV3_EEXIST;
	if (!dev_usable(dev))
		return SMMUV3_EPERM;
	caps = &dev->caps;
	ret = check_paging(&dom->cfg, caps);
	if (ret)
		return ret;
	if (((caps->features ^ dom->smmu.dev->caps.features) &
	     SMMUV3_FEAT_COHERENCY) ||
	    (dom->children && !(caps->features & SMMUV3_FEAT_NESTING)))
		return SMMUV3_EOPNOTSUPP;
	/*
	 * The tables' sizes must be within what this SMMU walks (the output
	 * size is a default one: the granule's limit applies to it already).
	 */
	bits = stage_bits(&dom->cfg, caps);
	if (dom->pgtbl.cfg.ias > (uint8_t)bits ||
	    dom->pgtbl.cfg.oas > (uint8_t)(bits >> 8))
		return SMMUV3_ERANGE;
	if (is_s1(dom)) {
		struct smmuv3_cd cd, cd0;

		ret = cd_cfg_build(dom, caps, &cd);
		/* One CD serves every SMMU: it must read the same on this
		 * one (e.g. CD.S is forced on an SMMU that forces stalls). */
		if (!ret && !cd_cfg_build(dom, &dom->smmu.dev->caps, &cd0))
			for (unsigned int i = 0; i < SMMUV3_CD_QWORDS; i++)
				if (cd.qw[i] != cd0.qw[i])
					ret = SMMUV3_EOPNOTSUPP;
	} else {
		struct smmuv3_ste_s2 s2;
		struct smmuv3_ste ste;

		ret = smmuv3_pgtbl_get_hwcfg(&dom->pgtbl, &hw);
		if (!ret) {
			s2_from_hw(dom, &hw, &s2);
			ret = smmuv3_ste_build_s2(
				caps, &s2,
				(caps->features & SMMUV3_FEAT_STALL_FORCE)
					? SMMUV3_STE_F_STALL
					: 0,
				&ste);
		}
	}
	if (ret)
		return ret;
	*smmu = (struct smmuv3_domain_smmu){.dev = dev};
	for (l = &dom->smmu; l->next; l = l->next)
		;
	l->next = smmu;
	return 0;
}

int smmuv3_domain_fini(struct smmuv3_domain *dom)
{
	int ret;

	if (!dom || !dom->live)
		return SMMUV3_EINVAL;
	if (dom->n_streams || dom->children)
		return SMMUV3_EBUSY;
	if (dom->cfg.type == SMMUV3_DOMAIN_NESTED) {
		struct smmuv3_domain *p = dom->cfg.parent;

		if (!p)
			return SMMUV3_EINVAL; /* never: init checked it */
		/* The guest's stage-1 entries under the parent's VMID. */
		for (struct smmuv3_domain_smmu *l = &p->smmu; l; l = l->next) {
			struct smmuv3_cmd c;

			if (dev_state(l->dev) != SMMUV3_DEV_ENABLED)
				continue;
			build_nh_all(&c, p->cfg.vmid);
			ret = smmuv3_cmdq_submit(&l->dev->cmdq, &c, 1, NULL);
			if (ret)
				return ret;
		}
		for (struct smmuv3_domain **c = &p->children; *c;
		     c = &(*c)->sibling)
			if (*c == dom) {
				*c = dom->sibling;
				break;
			}
	} else if (dom->cfg.type == SMMUV3_DOMAIN_PAGING) {
		/*
		 * Nothing may stay cached under this ASID/VMID once it is
		 * reused, nor walk-cached in tables about to be freed, on any
		 * SMMU that ever had a stream here.
		 */
		for (struct smmuv3_domain_smmu *l = &dom->smmu; l; l = l->next)
			l->inv_all = true;
		ret = inv_sync(dom);
		if (ret)
			return ret;
		smmuv3_pgtbl_destroy(&dom->pgtbl);
		if (is_s1(dom))
			smmuv3_cdtab_fini(&dom->cdtab);
	}
	dom->live = false;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Map / unmap                                                         */
/* ------------------------------------------------------------------ */

int smmuv3_domain_map(struct smmuv3_domain *dom, smmuv3_iova_t iova,
		      smmuv3_pa_t pa, uint64_t size, uint32_t prot)
{
	if (!is_type(dom, SMMUV3_DOMAIN_PAGING))
		return SMMUV3_EINVAL;
	return smmuv3_pgtbl_map(&dom->pgtbl, iova, pa, size, prot);
}

int smmuv3_domain_unmap(struct smmuv3_domain *dom, smmuv3_iova_t iova,
			uint64_t size, uint64_t *unmapped)
{
	int ret, sret;

	if (!is_type(dom, SMMUV3_DOMAIN_PAGING))
		return SMMUV3_EINVAL;
	/*
	 * A failed table-removal flush comes back through unmap (the tables
	 * are then kept); leaf errors and retries through the sync. The
	 * first error wins.
	 */
	ret = smmuv3_pgtbl_unmap(&dom->pgtbl, iova, size, unmapped);
	sret = inv_sync(dom);
	return ret ? ret : sret;
}

int smmuv3_domain_iova_to_phys(const struct smmuv3_domain *dom,
			       smmuv3_iova_t iova, smmuv3_pa_t *pa)
{
	if (!is_type(dom, SMMUV3_DOMAIN_PAGING))
		return SMMUV3_EINVAL;
	return smmuv3_pgtbl_iova_to_phys(&dom->pgtbl, iova, pa);
}

/* ------------------------------------------------------------------ */
/* Streams                                                             */
/* ------------------------------------------------------------------ */

int smmuv3_stream_init(struct smmuv3_stream *s, struct smmuv3_dev *dev,
		       uint32_t sid, uint32_t flags)
{
	const struct smmuv3_caps *caps;

	if (!s || !dev || (flags & ~SMMUV3_STREAM_F_ALL))
		return SMMUV3_EINVAL;
	if (dev_state(dev) == SMMUV3_DEV_NONE)
		return SMMUV3_EPERM;
	caps = &dev->caps;
	if (caps->sid_bits < 32u && (sid >> caps->sid_bits))
		return SMMUV3_ERANGE;
	if (((flags & SMMUV3_STREAM_F_ATS) &&
	     !(caps->features & SMMUV3_FEAT_ATS)) ||
	    ((flags & SMMUV3_STREAM_F_STALL) &&
	     !(caps->features & SMMUV3_FEAT_STALLS)) ||
	    ((flags & SMMUV3_STREAM_F_SSID) && !caps->ssid_bits))
		return SMMUV3_EOPNOTSUPP;
	*s = (struct smmuv3_stream){.dev = dev, .sid = sid, .flags = flags};
	return 0;
}

struct smmuv3_domain *smmuv3_stream_domain(const struct smmuv3_stream *s)
{
	return s ? s->dom : NULL;
}

int smmuv3_stream_ste(const struct smmuv3_stream *s, struct smmuv3_ste *ste)
{
	uint64_t *live;
	int ret;

	if (!s || !s->dev || !ste)
		return SMMUV3_EINVAL;
	if (!dev_usable(s->dev))
		return SMMUV3_EPERM;
	ret = smmuv3_strtab_get(&s->dev->strtab, s->sid, &live);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < SMMUV3_STE_QWORDS; i++)
		ste->qw[i] = smmuv3_le64_to_cpu(live[i]);
	return 0;
}

struct smmuv3_stream *smmuv3_domain_find_stream(const struct smmuv3_domain *dom,
						const struct smmuv3_dev *dev,
						uint32_t sid)
{
	if (!dom || !dom->live || !dev)
		return NULL;
	for (struct smmuv3_stream *s = dom->streams; s; s = s->next)
		if (s->dev == dev && s->sid == sid)
			return s;
	return NULL;
}

int smmuv3_domain_ste(const struct smmuv3_domain *dom,
		      const struct smmuv3_stream *s, struct smmuv3_ste *ste)
{
	if (!dom || !dom->live || !s || !s->dev || !ste)
		return SMMUV3_EINVAL;
	/* The builders leave *ste unchanged on error. */
	return ste_build(dom, s, ste);
}

/* Does the live STE of @s hold exactly @ste? (Its copy stays off the
 * callers' frames, which reach the command queue.) */
static NOINLINE bool ste_is(const struct smmuv3_stream *s,
			    const struct smmuv3_ste *ste)
{
	struct smmuv3_ste cur;

	if (smmuv3_stream_ste(s, &cur))
		return false;
	for (unsigned int i = 0; i < SMMUV3_STE_QWORDS; i++)
		if (cur.qw[i] != ste->qw[i])
			return false;
	return true;
}

/*
 * Count @s into (@d = 1) or out of (@d = -1) @dom and the entry for its
 * SMMU of the domain whose tables it uses; return that entry (NULL: none).
 */
static NOINLINE struct smmuv3_domain_smmu *
stream_count(struct smmuv3_domain *dom, const struct smmuv3_stream *s, int d)
{
	struct smmuv3_domain *tdom = table_dom(dom);
	struct smmuv3_domain_smmu *l;

	dom->n_streams += (size_t)d;
	if (!tdom)
		return NULL;
	l = find_smmu(tdom, s->dev);
	l->n_streams += (uint32_t)d;
	if (s->ats_live)
		l->n_ats += (uint32_t)d;
	return l;
}

/*
 * Write @target into @s's STE (NULL: the STE was already replaced by the
 * caller) and move @s to @dom (NULL: none).
 */
static int move(struct smmuv3_domain *dom, struct smmuv3_stream *s,
		const struct smmuv3_ste *target,
		struct smmuv3_write_result *res)
{
	bool was_ats = s->ats_live;
	struct smmuv3_domain_smmu *l;
	struct smmuv3_domain *old;
	int ret;

	ret = 0;
	if (target)
		ret = smmuv3_dev_ste_write(s->dev, s->sid, target, res);
	else if (res)
		*res = (struct smmuv3_write_result){.hitless = true};
	/*
	 * The writer may fail after the new STE was stored (a sync error):
	 * the stream then uses @dom, and the domains must know it (fini
	 * refuses to free tables it points at; a later attach retries).
	 */
	if (ret && target && !ste_is(s, target))
		return ret;
	/* Out of the old domain's bookkeeping (its STE already changed). */
	old = s->dom;
	l = NULL;
	if (old) {
		if (s->prev)
			s->prev->next = s->next;
		else
			old->streams = s->next;
		if (s->next)
			s->next->prev = s->prev;
		l = stream_count(old, s, -1);
	}
	s->dom = dom;
	s->prev = NULL;
	s->next = NULL;
	s->ats_live = false;
	if (dom) {
		s->next = dom->streams;
		if (dom->streams)
			dom->streams->prev = s;
		dom->streams = s;
		s->ats_live = table_dom(dom) &&
			      ((dom->cfg.ste_flags | s->flags) &
			       SMMUV3_STE_F_ATS);
		(void)stream_count(dom, s, 1);
	}
	/*
	 * An SMMU left without a stream of the old tables (this domain's or
	 * a nested child's) gets no further invalidation from them, so their
	 * whole ASID/VMID goes now (kept pending on error, retried by their
	 * next unmap).
	 */
	if (l && !l->n_streams) {
		l->inv_all = true;
		(void)smmu_issue(table_dom(old), l);
	}
	if (ret)
		return ret;
	/*
	 * ATS: the endpoint may hold translations of its previous
	 * configuration; drop them all once the STE changed. The caller
	 * enables ATS in the endpoint only after this returns 0.
	 */
	if (was_ats || s->ats_live)
		return atc_inv_all(s->dev, s->sid);
	return 0;
}

int smmuv3_domain_attach(struct smmuv3_domain *dom, struct smmuv3_stream *s,
			 struct smmuv3_write_result *res)
{
	struct smmuv3_ste target;
	int ret;

	if (!dom || !dom->live || !s || !s->dev)
		return SMMUV3_EINVAL;
	if (s->dom == dom)
		return SMMUV3_EEXIST;
	if (!dev_usable(s->dev))
		return SMMUV3_EPERM;
	ret = ste_build(dom, s, &target);
	if (ret)
		return ret;
	return move(dom, s, &target, res);
}

/*
 * Detach to no domain. An STE replaced behind the domain's back
 * (smmuv3_dev_ste_write()) is kept: the stream only leaves the domain.
 * Otherwise it aborts. Out of line: its STE stays off the frame of a
 * detach to another domain.
 */
static NOINLINE int detach_none(const struct smmuv3_domain *dom,
				struct smmuv3_stream *s,
				struct smmuv3_write_result *res)
{
	struct smmuv3_ste ste;
	int ret;

	if (!ste_build(dom, s, &ste) && !ste_is(s, &ste))
		return move(NULL, s, NULL, res);
	ret = smmuv3_ste_build_abort(&ste);
	return ret ? ret : move(NULL, s, &ste, res);
}

int smmuv3_domain_detach(const struct smmuv3_domain *dom,
			 struct smmuv3_stream *s, struct smmuv3_domain *to,
			 struct smmuv3_write_result *res)
{
	if (!dom || !s)
		return SMMUV3_EINVAL;
	if (s->dom != dom)
		return SMMUV3_ENOENT;
	if (to == dom)
		return SMMUV3_EEXIST;
	if (to)
		return smmuv3_domain_attach(to, s, res);
	if (!dev_usable(s->dev))
		return SMMUV3_EPERM;
	return detach_none(dom, s, res);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

int smmuv3_domain_geometry(const struct smmuv3_domain *dom,
			   struct smmuv3_domain_geometry *g)
{
	const struct smmuv3_pgtbl *t;
	uint64_t bitmap = 0;

	if (!is_type(dom, SMMUV3_DOMAIN_PAGING) || !g)
		return SMMUV3_EINVAL;
	t = &dom->pgtbl;
	for (unsigned int lvl = 0; lvl < 4; lvl++)
		if (t->leaf_levels & (1u << lvl))
			bitmap |= (uint64_t)1 << t->shift[lvl];
	*g = (struct smmuv3_domain_geometry){
		.stage = dom->cfg.stage,
		.granule = dom->cfg.granule,
		.ias = t->cfg.ias,
		.oas = t->cfg.oas,
		.pgsize_bitmap = bitmap,
		.asid = dom->cfg.asid,
		.vmid = dom->cfg.vmid,
	};
	return 0;
}

struct smmuv3_pgtbl *smmuv3_domain_pgtbl(struct smmuv3_domain *dom)
{
	return is_type(dom, SMMUV3_DOMAIN_PAGING) ? &dom->pgtbl : NULL;
}

/* ------------------------------------------------------------------ */
/* Stage 1: CDs of other SubstreamIDs                                  */
/* ------------------------------------------------------------------ */

/*
 * The CD writer's sync (@ctx: the domain): its own commands name one
 * placeholder stream; the CD table is used by every stream of the domain,
 * so the writer's CFGI_CD (its SSID and Leaf) goes to each stream that
 * issues SubstreamIDs, on its SMMU (streams without use only CD 0).
 */
static int cd_sync(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	const struct smmuv3_domain *dom = ctx;
	int first = 0;

	/*
	 * The domain's own CD, written by init before the domain is live: no
	 * STE points at the table yet, so no SMMU can have cached an entry.
	 */
	if (!dom->live)
		return 0;
	/*
	 * The writer's commands are its own CFGI_CDs of StreamID 0 (cd_put()),
	 * checked by its encoder: the first is the template.
	 */
	if (!n || (cmds[0].dw[0] & SMMUV3_CMD0_OP) != SMMUV3_OP_CFGI_CD)
		return SMMUV3_EINVAL;
	for (const struct smmuv3_domain_smmu *l = &dom->smmu; l; l = l->next) {
		enum smmuv3_dev_state st = dev_state(l->dev);
		struct sender sd;
		int ret;

		send_init(&sd, l->dev);
		if (st != SMMUV3_DEV_ENABLED) {
			if (l->n_streams && st == SMMUV3_DEV_FAILED)
				first = first ? first : SMMUV3_EIO;
			continue;
		}
		send_each(&sd, dom->streams, &cmds[0], SMMUV3_STREAM_F_SSID);
		ret = send_flush(&sd);
		if (ret && !first)
			first = ret;
	}
	return first;
}

int smmuv3_domain_cd_write(struct smmuv3_domain *dom, uint32_t ssid,
			   const struct smmuv3_cd *cd,
			   struct smmuv3_write_result *res)
{
	if (!is_type(dom, SMMUV3_DOMAIN_PAGING) || !is_s1(dom) || !cd ||
	    ssid == 0)
		return SMMUV3_EINVAL;
	return cd_put(dom, &dom->smmu.dev->caps, ssid, cd, res);
}

/* ------------------------------------------------------------------ */
/* Nested: the guest's stage-1 invalidations                           */
/* ------------------------------------------------------------------ */

static bool nested_opcode(uint8_t op)
{
	return op == SMMUV3_OP_TLBI_NH_ALL || op == SMMUV3_OP_TLBI_NH_ASID ||
	       op == SMMUV3_OP_TLBI_NH_VA || op == SMMUV3_OP_TLBI_NH_VAA ||
	       op == SMMUV3_OP_CFGI_CD || op == SMMUV3_OP_CFGI_CD_ALL ||
	       op == SMMUV3_OP_ATC_INV;
}

static bool has_sid(uint8_t op)
{
	return op == SMMUV3_OP_CFGI_CD || op == SMMUV3_OP_CFGI_CD_ALL ||
	       op == SMMUV3_OP_ATC_INV;
}

static bool dom_on(const struct smmuv3_domain *dom,
		   const struct smmuv3_dev *dev)
{
	for (const struct smmuv3_stream *s = dom->streams; s; s = s->next)
		if (s->dev == dev)
			return true;
	return false;
}

/*
 * Encode @in for @dev, with the parent's VMID, into @c. Return: 1 when
 * encoded, 0 when not for @dev (a StreamID not in @dom there), or the
 * encoder's error.
 */
static NOINLINE int nested_enc(const struct smmuv3_domain *dom,
			       const struct smmuv3_cmd_desc *in,
			       const struct smmuv3_dev *dev,
			       struct smmuv3_cmd *c)
{
	struct smmuv3_cmd_desc d = *in;
	int ret;

	if (has_sid(in->opcode)) {
		if (!smmuv3_domain_find_stream(dom, dev, in->sid))
			return 0;
	} else {
		d.vmid = dom->cfg.parent->cfg.vmid;
	}
	ret = smmuv3_cmd_encode(&dev->caps, &d, c);
	return ret ? ret : 1;
}

/* Validate every command for every SMMU before anything is sent. */
static int nested_check(const struct smmuv3_domain *dom,
			const struct smmuv3_cmd_desc *cmds, size_t n)
{
	const struct smmuv3_domain *p = dom->cfg.parent;

	for (size_t i = 0; i < n; i++) {
		int found = 0;

		if (!nested_opcode(cmds[i].opcode))
			return SMMUV3_EINVAL;
		for (const struct smmuv3_domain_smmu *l = &p->smmu; l;
		     l = l->next) {
			struct smmuv3_cmd c;
			int ret;

			if (!dom_on(dom, l->dev))
				continue;
			ret = nested_enc(dom, &cmds[i], l->dev, &c);
			if (ret < 0)
				return ret;
			found |= ret;
		}
		if (has_sid(cmds[i].opcode) && !found)
			return SMMUV3_EPERM;
	}
	return 0;
}

int smmuv3_domain_nested_invalidate(struct smmuv3_domain *dom,
				    const struct smmuv3_cmd_desc *cmds,
				    size_t n)
{
	struct smmuv3_domain *p;
	int first;

	if (!is_type(dom, SMMUV3_DOMAIN_NESTED) || (n && !cmds))
		return SMMUV3_EINVAL;
	p = dom->cfg.parent;
	first = nested_check(dom, cmds, n);
	if (first)
		return first;
	for (struct smmuv3_domain_smmu *l = &p->smmu; l; l = l->next) {
		enum smmuv3_dev_state st = dev_state(l->dev);
		struct sender sd;
		int ret;

		send_init(&sd, l->dev);
		if (!dom_on(dom, l->dev) || st == SMMUV3_DEV_READY)
			continue;
		if (st != SMMUV3_DEV_ENABLED) {
			if (!first)
				first = SMMUV3_EIO;
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			struct smmuv3_cmd *c = send_slot(&sd);

			if (!c)
				break;
			/* Encoded once already by the validation above. */
			if (nested_enc(dom, &cmds[i], l->dev, c) > 0)
				sd.n++;
		}
		ret = send_flush(&sd);
		if (ret && !first)
			first = ret;
	}
	return first;
}
