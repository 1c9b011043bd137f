// SPDX-License-Identifier: BSD-2-Clause
/*
 * Stream tables (IHI 0070 5.1, 6.3.23/24) and CD tables (IHI 0070 5.3):
 * allocation through the OSAL, on-demand level-2 tables, and the register
 * values that describe them. A level-2 table is filled and made visible
 * before its level-1 descriptor is published with one 64-bit store, so the
 * SMMU sees either no table or a complete one.
 */
#include <smmuv3/cmd.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/ste.h>

#include "internal.h"

static void *alloc_zeroed(const struct smmuv3_osal *osal, size_t size,
			  size_t align, smmuv3_pa_t *pa)
{
	void *va = osal->ops->alloc(osal->ctx, size, align, pa);

	if (va)
		memset(va, 0, size);
	return va;
}

static void fill_stes(uint64_t *stes, size_t n, const struct smmuv3_ste *e)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < SMMUV3_STE_QWORDS; j++)
			stes[i * SMMUV3_STE_QWORDS + j] = smmuv3_cpu_to_le64(e->qw[j]);
}

/*
 * A size-aligned table (>= 64 B) of @size bytes, zeroed, or with @fill in
 * every 64-byte entry (an STE).
 */
static uint64_t *alloc_table(const struct smmuv3_osal *osal, size_t size,
			     const struct smmuv3_ste *fill, smmuv3_pa_t *pa)
{
	uint64_t *t = alloc_zeroed(osal, size, size < 64u ? 64u : size, pa);

	if (t && fill)
		fill_stes(t, size / SMMUV3_STE_SIZE, fill);
	return t;
}

/*
 * The 2-level bookkeeping of both table kinds: an array of @n pointers to
 * L2 tables, all NULL, and @extra bytes per entry after it (its PA, unused,
 * in *@pa).
 */
static uint64_t **alloc_l2_array(const struct smmuv3_osal *osal, uint32_t n,
				 size_t extra, size_t *size, smmuv3_pa_t *pa)
{
	*size = (size_t)n * (sizeof(uint64_t *) + extra);
	return alloc_zeroed(osal, *size, sizeof(uint64_t *), pa);
}

/*
 * Free what either table kind holds: the L2 tables of @l2 (NULL for a
 * linear table) of @l2_size bytes each, the array itself, the base table.
 */
static void free_tables(const struct smmuv3_osal *o, uint64_t **l2, uint32_t n,
			size_t l2_size, size_t arr_size, uint64_t *base,
			size_t base_size)
{
	uint32_t i;

	if (l2) {
		for (i = 0; i < n; i++)
			if (l2[i])
				o->ops->free(o->ctx, l2[i], l2_size);
		o->ops->free(o->ctx, l2, arr_size);
	}
	o->ops->free(o->ctx, base, base_size);
}

static void clean(const struct smmuv3_osal *osal, bool noncoherent,
		  const void *va, size_t size)
{
	if (noncoherent && osal->ops->cache_clean)
		osal->ops->cache_clean(osal->ctx, va, size);
}

/*
 * Give L1 entry *@l1 of a 2-level table the L2 table *@l2 of @size bytes
 * (zeroed, or @fill in every STE): cleaned, then published with one
 * 64-bit store of @desc | (its PA & @mask), so the SMMU sees either the
 * old descriptor or a complete table.
 */
static int l2_install(const struct smmuv3_osal *o, bool noncoherent,
		      uint64_t **l2, uint64_t *l1, size_t size,
		      const struct smmuv3_ste *fill, uint64_t desc,
		      uint64_t mask)
{
	volatile uint64_t *v = l1;
	smmuv3_pa_t pa;
	uint64_t *t = alloc_table(o, size, fill, &pa);

	if (!t)
		return SMMUV3_ENOMEM;
	clean(o, noncoherent, t, size);
	*l2 = t;
	o->ops->barrier(o->ctx, SMMUV3_BARRIER_MEM_PUBLISH);
	*v = smmuv3_cpu_to_le64(desc | (pa & mask));
	clean(o, noncoherent, l1, 8u);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Stream tables                                                       */

/* L1 descriptor of a full-span L2 table, without its address (IHI 0070
 * 5.1): SPAN = SPLIT + 1 covers the whole L2 table. */
static uint64_t l1std(const struct smmuv3_strtab *st)
{
	return SMMUV3_FIELD_PREP(SMMUV3_L1STD_SPAN, (uint64_t)st->split + 1u);
}

static size_t l2_bytes(const struct smmuv3_strtab *st)
{
	return ((size_t)1 << st->split) * SMMUV3_STE_SIZE;
}

/* The 2-level part of init: L1 table, l2[] + l1_stale[], shared table. */
static int init_2lvl(struct smmuv3_strtab *t, const struct smmuv3_caps *caps,
		     const struct smmuv3_osal *osal)
{
	smmuv3_pa_t arr_pa;
	uint32_t i;

	/* IHI 0070 6.3.24: SPLIT is 6, 8 or 10. */
	t->two_level = true;
	t->split = caps->strtab_split;
	if (t->split != 6u && t->split != 8u && t->split != 10u)
		return SMMUV3_EINVAL;
	t->num_l1 = caps->strtab_l1_entries;
	if (t->log2size < t->split ||
	    (unsigned int)(t->log2size - t->split) > 24u ||
	    t->num_l1 != (1u << (unsigned int)(t->log2size - t->split)))
		return SMMUV3_EINVAL;
	t->base_size = (size_t)t->num_l1 * SMMUV3_L1STD_SIZE;
	t->l2 = alloc_l2_array(osal, t->num_l1, 1u, &t->l2_array_size, &arr_pa);
	if (!t->l2)
		return SMMUV3_ENOMEM;
	t->l1_stale = (uint8_t *)(void *)(t->l2 + t->num_l1);
	/* All L1 descriptors invalid (SPAN = 0): nothing mapped. */
	t->base = alloc_table(osal, t->base_size, NULL, &t->base_pa);
	if (!t->base)
		goto err_l2;
	if (t->bypass) {
		/*
		 * Unknown streams bypass whatever the format: every span
		 * points at one shared table of bypass STEs, which nobody
		 * writes; a span gets its own table when a stream in it is
		 * configured (smmuv3_strtab_get_sync()).
		 */
		t->shared = alloc_table(osal, l2_bytes(t), &t->fill,
					&t->shared_pa);
		if (!t->shared)
			goto err_base;
		clean(osal, t->noncoherent, t->shared, l2_bytes(t));
		for (i = 0; i < t->num_l1; i++)
			t->base[i] = smmuv3_cpu_to_le64(
				l1std(t) | (t->shared_pa & SMMUV3_L1STD_L2PTR));
	}
	return 0;

err_base:
	osal->ops->free(osal->ctx, t->base, t->base_size);
err_l2:
	osal->ops->free(osal->ctx, t->l2, t->l2_array_size);
	return SMMUV3_ENOMEM;
}

int smmuv3_strtab_init(struct smmuv3_strtab *st, const struct smmuv3_caps *caps,
		       const struct smmuv3_osal *osal, bool bypass_unknown)
{
	struct smmuv3_strtab t;
	int err;

	/* A NULL @osal is SMMUV3_EINVAL from the validation. */
	if (!st || !caps)
		return SMMUV3_EINVAL;
	err = smmuv3_osal_validate(osal);
	if (err)
		return err;
	memset(&t, 0, sizeof(t));
	t.osal = *osal;
	t.bypass = bypass_unknown;
	t.noncoherent = !(caps->features & SMMUV3_FEAT_COHERENCY);
	t.log2size =
		caps->strtab_log2size ? caps->strtab_log2size : caps->sid_bits;
	if (t.log2size > caps->sid_bits ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE, t.log2size))
		return SMMUV3_EINVAL;
	if (bypass_unknown)
		err = smmuv3_ste_build_bypass(caps, NULL, &t.fill);
	else
		err = smmuv3_ste_build_abort(&t.fill);
	if (err)
		return err;

	if (caps->strtab_2lvl) {
		err = init_2lvl(&t, caps, osal);
		if (err)
			return err;
	} else {
		/* Linear: 2^LOG2SIZE STEs, every one the default entry. */
		/*
		 * At most 2^20 STEs (64 MB, idr.h): beyond that the size
		 * would wrap a 32-bit size_t and a 2-level table is needed.
		 */
		if (t.log2size > SMMUV3_STRTAB_LINEAR_MAX_SID_BITS)
			return SMMUV3_EINVAL;
		t.base_size = ((size_t)1 << t.log2size) * SMMUV3_STE_SIZE;
		t.base = alloc_table(osal, t.base_size, &t.fill, &t.base_pa);
		if (!t.base)
			return SMMUV3_ENOMEM;
	}
	clean(osal, t.noncoherent, t.base, t.base_size);
	*st = t;
	return 0;
}

void smmuv3_strtab_fini(struct smmuv3_strtab *st)
{
	const struct smmuv3_osal *o;

	if (!st || !st->base)
		return;
	o = &st->osal;
	if (st->shared)
		o->ops->free(o->ctx, st->shared, l2_bytes(st));
	/* A linear table has no l2[] (NULL). */
	free_tables(o, st->l2, st->num_l1, l2_bytes(st), st->l2_array_size,
		    st->base, st->base_size);
	memset(st, 0, sizeof(*st));
}

/*
 * A span without its own L2 table gets one, filled with the default entry,
 * replacing the invalid or shared-table descriptor. With the shared table
 * both hold the same bypass entries, so the switch is hitless; either way
 * the change needs a non-leaf CFGI_STE (IHI 0070 5.1.1): the span is
 * marked (l1_stale) until then.
 */
int smmuv3_strtab_get_sync(struct smmuv3_strtab *st,
			   const struct smmuv3_caps *caps,
			   const struct smmuv3_write_ops *ops, void *ctx,
			   uint32_t sid, uint64_t **live)
{
	struct smmuv3_cmd cmd;
	uint32_t idx, off;
	int err;

	if (!st || !live || !st->base || (ops && (!ops->sync || !caps)))
		return SMMUV3_EINVAL;
	if ((uint64_t)sid >> st->log2size) /* LOG2SIZE <= 63 */
		return SMMUV3_ERANGE;
	if (!st->two_level) {
		*live = &st->base[(size_t)sid * SMMUV3_STE_QWORDS];
		return 0;
	}
	idx = sid >> st->split;
	off = sid & ((1u << st->split) - 1u);
	/*
	 * CFGI_STE, Leaf = 0: the L1STD too. Unchecked builder: @sid is
	 * below 2^LOG2SIZE, which init checked against the SMMU's SIDSIZE.
	 */
	smmuv3_cmd_build_cfgi_ste(&cmd, sid, false);
	if (!st->l2[idx]) {
		err = l2_install(&st->osal, st->noncoherent, &st->l2[idx],
				 &st->base[idx], l2_bytes(st), &st->fill,
				 l1std(st), SMMUV3_L1STD_L2PTR);
		if (err)
			return err;
		st->l1_stale[idx] = 1;
	}
	if (ops && st->l1_stale[idx]) {
		err = ops->sync(ctx, &cmd, 1);
		if (err)
			return err;
		st->l1_stale[idx] = 0;
	}
	*live = &st->l2[idx][(size_t)off * SMMUV3_STE_QWORDS];
	return 0;
}

int smmuv3_strtab_get(struct smmuv3_strtab *st, uint32_t sid, uint64_t **live)
{
	return smmuv3_strtab_get_sync(st, NULL, NULL, NULL, sid, live);
}

uint64_t smmuv3_strtab_base_reg(const struct smmuv3_strtab *st)
{
	if (!st)
		return 0;
	/* IHI 0070 6.3.23: RA = read-allocate hint for table walks. */
	return SMMUV3_STRTAB_BASE_RA | (st->base_pa & SMMUV3_STRTAB_BASE_ADDR);
}

_Static_assert(SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR == 0u &&
		       SMMUV3_STRTAB_BASE_CFG_FMT_2LVL == 1u,
	       "STRTAB_BASE_CFG.FMT is two_level");

uint32_t smmuv3_strtab_base_cfg(const struct smmuv3_strtab *st)
{
	if (!st)
		return 0;
	/* A linear table's split is 0 (init zeroes it): no SPLIT field. */
	return SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_FMT,
				 (uint32_t)st->two_level) |
	       SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_SPLIT,
				 (uint32_t)st->split) |
	       SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE,
				 (uint32_t)st->log2size);
}

uint32_t smmuv3_strtab_gbpa(const struct smmuv3_strtab *st, uint32_t cur)
{
	uint32_t v = cur & ~(SMMUV3_GBPA_UPDATE | SMMUV3_GBPA_ABORT);

	/* IHI 0070 6.3.14: ABORT applies while SMMUEN = 0. */
	if (!st || !st->bypass)
		v |= SMMUV3_GBPA_ABORT;
	return v;
}

/* ------------------------------------------------------------------ */
/* CD tables                                                           */

#define CD_L2_ENTRIES (1u << SMMUV3_CD_L2_LOG2_ENTRIES)
#define CD_L2_SIZE ((size_t)CD_L2_ENTRIES * SMMUV3_CD_SIZE)
/* Without CD2L a linear table is capped at 1024 CDs (64 KB). */
#define CD_LINEAR_MAX_BITS 10u

int smmuv3_cdtab_init(struct smmuv3_cdtab *cdt, const struct smmuv3_caps *caps,
		      const struct smmuv3_osal *osal, uint8_t ssid_bits)
{
	struct smmuv3_cdtab t;
	smmuv3_pa_t arr_pa;
	bool two = false;
	int err;

	if (!cdt || !caps)
		return SMMUV3_EINVAL;
	err = smmuv3_osal_validate(osal);
	if (err)
		return err;
	if (ssid_bits > caps->ssid_bits || ssid_bits > 20u)
		return SMMUV3_ERANGE;
	if (ssid_bits > CD_LINEAR_MAX_BITS) {
		if (!(caps->features & SMMUV3_FEAT_2LVL_CDTAB))
			return SMMUV3_ERANGE;
		two = true;
	}
	memset(&t, 0, sizeof(t));
	t.osal = *osal;
	t.s1cdmax = ssid_bits;
	t.noncoherent = !(caps->features & SMMUV3_FEAT_COHERENCY);
	if (two) {
		t.s1fmt = SMMUV3_STE_S1FMT_64K_L2;
		t.num_l1 = 1u << (ssid_bits - SMMUV3_CD_L2_LOG2_ENTRIES);
		t.base_size = (size_t)t.num_l1 * SMMUV3_L1CD_SIZE;
		t.l2 = alloc_l2_array(osal, t.num_l1, 0, &t.l2_array_size,
				      &arr_pa);
		if (!t.l2)
			return SMMUV3_ENOMEM;
	} else {
		t.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
		t.base_size = ((size_t)1 << ssid_bits) * SMMUV3_CD_SIZE;
	}
	/* Zeroed: every CD (or L1 descriptor) invalid. */
	t.base = alloc_table(osal, t.base_size, NULL, &t.base_pa);
	if (!t.base) {
		if (t.l2)
			osal->ops->free(osal->ctx, t.l2, t.l2_array_size);
		return SMMUV3_ENOMEM;
	}
	clean(osal, t.noncoherent, t.base, t.base_size);
	*cdt = t;
	return 0;
}

void smmuv3_cdtab_fini(struct smmuv3_cdtab *cdt)
{
	if (!cdt || !cdt->base)
		return;
	free_tables(&cdt->osal, cdt->l2, cdt->num_l1, CD_L2_SIZE,
		    cdt->l2_array_size, cdt->base, cdt->base_size);
	memset(cdt, 0, sizeof(*cdt));
}

void smmuv3_cdtab_ste_s1(const struct smmuv3_cdtab *cdt,
			 struct smmuv3_ste_s1 *s1)
{
	if (!cdt || !s1)
		return;
	s1->cdtab = cdt->base_pa;
	s1->s1fmt = cdt->s1fmt;
	s1->s1cdmax = cdt->s1cdmax;
}

int smmuv3_cdtab_get(struct smmuv3_cdtab *cdt, const struct smmuv3_caps *caps,
		     const struct smmuv3_write_ops *ops, void *ctx,
		     const uint32_t *sids, size_t nsids, uint32_t ssid,
		     uint64_t **live)
{
	struct smmuv3_cmd cmds[SMMUV3_WRITE_MAX_SIDS];
	uint32_t idx, off;
	int err = 0;

	if (!cdt || !caps || !ops || !ops->sync || !sids || !live ||
	    !cdt->base || nsids == 0)
		return SMMUV3_EINVAL;
	if (nsids > SMMUV3_WRITE_MAX_SIDS)
		return SMMUV3_E2BIG;
	if (ssid >> cdt->s1cdmax) /* at most 20 bits */
		return SMMUV3_ERANGE;
	if (cdt->s1fmt == SMMUV3_STE_S1FMT_LINEAR) {
		*live = &cdt->base[(size_t)ssid * SMMUV3_CD_QWORDS];
		return 0;
	}
	idx = ssid >> SMMUV3_CD_L2_LOG2_ENTRIES;
	off = ssid & (CD_L2_ENTRIES - 1u);
	if (!cdt->l2[idx]) {
		/* Validate the commands before changing anything (IHI 0070
		 * 4.3.3: Leaf = 0 also drops the L1CD). */
		for (size_t i = 0; i < nsids && !err; i++) {
			const struct smmuv3_cmd_desc d = {
				.opcode = SMMUV3_OP_CFGI_CD,
				.sid = sids[i],
				.ssid = ssid,
			};

			err = smmuv3_cmd_encode(caps, &d, &cmds[i]);
		}
		if (!err)
			err = l2_install(&cdt->osal, cdt->noncoherent,
					 &cdt->l2[idx], &cdt->base[idx],
					 CD_L2_SIZE, NULL, SMMUV3_L1CD_V,
					 SMMUV3_L1CD_L2PTR);
		/* An invalid L1CD may have been cached (IHI 0070 5.4). */
		if (!err)
			err = ops->sync(ctx, cmds, nsids);
		if (err)
			return err;
	}
	*live = &cdt->l2[idx][(size_t)off * SMMUV3_CD_QWORDS];
	return 0;
}
