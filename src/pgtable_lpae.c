// SPDX-License-Identifier: BSD-2-Clause
/*
 * VMSAv8-64 (LPAE) stage-1 and stage-2 translation tables for the SMMU
 * (Arm ARM DDI 0487 D8 "The AArch64 Virtual Memory System Architecture";
 * IHI 0070 5.2/5.4 for the STE/CD fields that point at them).
 *
 * Layout: every table is one granule, allocated granule-aligned from the
 * table's allocation context (cfg.mm, or the OSAL); the only larger
 * allocation is a concatenated stage-2 root (2..16 granules, aligned to its
 * size). A table descriptor holds its child's PA; phys_to_virt() of the
 * allocation context gives the child's VA. No memory beside the tables.
 *
 * Every operation is an iterative walk bounded by the four levels. Map is
 * "plan, allocate, commit": the plan pass checks the whole range and counts
 * the tables it needs, they are all allocated, and only then does the commit
 * pass (which cannot fail) write descriptors. Unmap first looks for blocks
 * straddling either end: refused, or (cfg.split) demoted to an equivalent
 * table built in full before one store links it; then it clears. Subtrees
 * that lie wholly inside the range are unlinked with a single store; their
 * tables are put on a list (linked through word 0 of each, once the table
 * has been read) and freed after the flush. If the flush fails they stay
 * allocated on the table's deferred list until a later flush of the whole
 * pending span succeeds, or destroy.
 */
#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/lpae.h>

#include "internal.h"

#define PGT_LEVELS 4u
#define PGT_LAST 3u
#define PGT_MAX_CONCAT_BITS 4u /* 16 concatenated tables */

/*
 * Inlining choices of the compact build (-Os inlines some helpers called
 * from several places, and not some two-instruction ones).
 */
#if SMMUV3_SMALL && defined(__GNUC__)
#define PGT_OUTLINE __attribute__((noinline))
#define PGT_INLINE inline __attribute__((always_inline))
#else
#define PGT_OUTLINE inline
#define PGT_INLINE inline
#endif

/*
 * The walkers serve several callers (map_walk() both passes of map,
 * rm_walk() unmap, trim and free): one copy each in a size-optimised
 * build; each caller gets its own constant-folded copy otherwise (they
 * are on the per-call paths of block mappings).
 */
#if SMMUV3_SMALL || !defined(__GNUC__)
#define PGT_SPECIALIZE
#else
#define PGT_SPECIALIZE inline __attribute__((always_inline))
#endif

/*
 * Cases of the per-call paths that only save instructions (one page, an
 * unrolled loop, a run of leaves per step): a size-optimised build leaves
 * them to the general code, which gives the same result.
 */
#if SMMUV3_SMALL
#define PGT_FAST_CASES 0
#define PGT_FAST_PATHS 0
#else
#define PGT_FAST_CASES 1
#define PGT_FAST_PATHS 1
#endif

/* ---- geometry ---- */

static inline uint32_t lvl_nent(const struct smmuv3_pgtbl *pg, unsigned int lvl)
{
	return pg->idx_mask[lvl] + 1u;
}

static inline uint32_t lvl_idx(const struct smmuv3_pgtbl *pg, unsigned int lvl,
			       uint64_t addr)
{
	return (uint32_t)((addr >> pg->shift[lvl]) & pg->idx_mask[lvl]);
}

static inline size_t gran_bytes(const struct smmuv3_pgtbl *pg)
{
	return (size_t)1 << pg->pg_shift;
}

/* ---- descriptors ---- */

/*
 * D8.3: OA bits [47:pg_shift]; 64K granule: OA[51:48] in bits [15:12]
 * (hi_mask is that field with 64K, else 0: no branch on the hot path).
 */
static inline uint64_t pte_addr(const struct smmuv3_pgtbl *pg, uint64_t pa)
{
	return (pa & SMMUV3_PTE_ADDR) | ((pa >> 36) & pg->hi_mask);
}

static inline uint64_t pte_to_pa(const struct smmuv3_pgtbl *pg, uint64_t pte,
				 unsigned int lvl)
{
	uint64_t pa =
		pte & SMMUV3_PTE_ADDR & ~((SMMUV3_BIT64(pg->shift[lvl])) - 1u);

	if (pg->pg_shift == 16u)
		pa |= (pte & SMMUV3_PTE_ADDR_HI) << 36;
	return pa;
}

static inline bool pte_is_table(uint64_t pte, unsigned int lvl)
{
	return lvl < PGT_LAST &&
	       (pte & SMMUV3_PTE_TYPE) == SMMUV3_PTE_TYPE_TABLE;
}

/* The VA of the table a table descriptor points to. */
static inline uint64_t *child_of(const struct smmuv3_pgtbl *pg, uint64_t pte)
{
	return pg->mm_p2v(pg->mm_ctx,
			  (pte & pg->tbl_mask) | ((pte & pg->hi_mask) << 36));
}

/* One single-copy-atomic 64-bit store (never merged or torn). */
static inline void pte_write(uint64_t *p, uint64_t v)
{
	*(volatile uint64_t *)p = v;
}

/*
 * Valid entries of a table, kept in the table descriptor that links it, in
 * bits the walker ignores (Arm ARM D8.3.1, table descriptor: bits [11:2]
 * and [58:51] IGNORED): count[7:0] in bits [9:2], count[14:8] in bits
 * [58:52]. Emptiness and the bytes a removed leaf table mapped are then
 * known without reading the table. Only software writes these bits (never
 * enable hardware Access flag updates for table descriptors, FEAT_HAFT,
 * on these tables), and a change of them needs no clean or invalidation.
 * The root has no descriptor and no count.
 */
#define CNT_LO SMMUV3_GENMASK64(9, 2)
#define CNT_HI SMMUV3_GENMASK64(58, 52)

static PGT_INLINE uint32_t cnt_get(uint64_t d)
{
	return (uint32_t)(((d & CNT_LO) >> 2) | ((d & CNT_HI) >> 44));
}

static PGT_INLINE uint64_t cnt_with(uint64_t d, uint32_t c)
{
	return (d & ~(CNT_LO | CNT_HI)) | ((uint64_t)(c & 0xffu) << 2) |
	       ((uint64_t)(c >> 8) << 52);
}

/*
 * Add @delta entries to the count of the table linked by *@up (if any);
 * returns non-zero unless the table is now empty (the root, which has no
 * count, is never empty). The low field alone changes when it neither
 * carries nor borrows (the usual case: one add or subtract).
 */
static inline uint64_t cnt_add(uint64_t *up, int32_t delta)
{
	uint64_t d, lo;

	if (!up)
		return 1u;
	d = *up;
	lo = (d & CNT_LO) >> 2;
	if (lo + (uint64_t)(int64_t)delta <= 0xffu) /* also no borrow */
		d += (uint64_t)(int64_t)delta << 2;
	else
		d = cnt_with(d, (uint32_t)((int32_t)cnt_get(d) + delta));
	pte_write(up, d);
	return d & (CNT_LO | CNT_HI);
}

static inline void clean(const struct smmuv3_pgtbl *pg, const void *p,
			 size_t bytes)
{
	if (pg->clean_fn)
		pg->clean_fn(pg->osal.ctx, p, bytes);
}

/* Stores to the tables visible to the walker (before a link, a doorbell). */
static PGT_OUTLINE void publish(const struct smmuv3_pgtbl *pg)
{
	pg->osal.ops->barrier(pg->osal.ctx, SMMUV3_BARRIER_MEM_PUBLISH);
}

/* Store one descriptor and clean it. */
static PGT_OUTLINE void pte_set(const struct smmuv3_pgtbl *pg, uint64_t *p,
				uint64_t v)
{
	pte_write(p, v);
	clean(pg, p, 8);
}

/* ---- configuration ---- */

static int ps_encoding(unsigned int bits)
{
	switch (bits) {
	case 32:
		return SMMUV3_PS_32;
	case 36:
		return SMMUV3_PS_36;
	case 40:
		return SMMUV3_PS_40;
	case 42:
		return SMMUV3_PS_42;
	case 44:
		return SMMUV3_PS_44;
	case 48:
		return SMMUV3_PS_48;
	case 52:
		return SMMUV3_PS_52;
	default:
		return -1;
	}
}

#define PGT_KNOWN_FLAGS                                  \
	(SMMUV3_PGTBL_F_HTTU_HD | SMMUV3_PGTBL_F_S2FWB | \
	 SMMUV3_PGTBL_F_NO_OPT_CONCAT | SMMUV3_PGTBL_F_KEEP_EMPTY)

/*
 * Leaf sizes of a granule, smallest first (D8.3.1): 4K: 4K/2M/1G; 16K:
 * 16K/32M; 64K: 64K/512M/4T (4T only with a 52-bit OA, FEAT_LPA).
 */
static uint64_t granule_leaves(enum smmuv3_granule g, unsigned int oas)
{
	switch (g) {
	case SMMUV3_GRANULE_4K:
		return SMMUV3_BIT64(12) | SMMUV3_BIT64(21) | SMMUV3_BIT64(30);
	case SMMUV3_GRANULE_16K:
		return SMMUV3_BIT64(14) | SMMUV3_BIT64(25);
	default:
		return SMMUV3_BIT64(16) | SMMUV3_BIT64(29) |
		       (oas == 52u ? SMMUV3_BIT64(42) : 0u);
	}
}

/*
 * A page-size mask names the largest leaf allowed: the page size, and with
 * each block size every smaller leaf size of the granule, nothing else.
 */
static bool pgsize_mask_ok(const struct smmuv3_pgtbl_cfg *cfg)
{
	uint64_t all = granule_leaves(cfg->granule, cfg->oas);
	uint64_t m = cfg->pgsize_mask, gap = all & ~m;

	/*
	 * Non-zero, leaf sizes only, and below the smallest size left out
	 * (if any) every size: that is the page size and the sizes up to
	 * the largest one named.
	 */
	if (m == 0)
		return true;
	return !(m & ~all) && (!gap || m < (gap & (~gap + 1u)));
}

static PGT_OUTLINE int check_cfg(const struct smmuv3_pgtbl_cfg *cfg,
				 const struct smmuv3_caps *caps)
{
	bool s1 = cfg->stage == SMMUV3_PGTBL_STAGE1;
	unsigned int max_ias;
	uint64_t feat;

	if (cfg->stage != SMMUV3_PGTBL_STAGE1 &&
	    cfg->stage != SMMUV3_PGTBL_STAGE2)
		return SMMUV3_EINVAL;
	if ((unsigned int)cfg->granule >= SMMUV3_GRANULE_COUNT)
		return SMMUV3_EINVAL;
	/* Known flags, none of the other stage. */
	if (cfg->flags & ~(PGT_KNOWN_FLAGS & ~(s1 ? SMMUV3_PGTBL_F_S2FWB
						   : SMMUV3_PGTBL_F_HTTU_HD)))
		return SMMUV3_EINVAL;
	/* Without FEAT_LPA2 (DS), 52-bit IA/OA needs the 64 KB granule. */
	max_ias = cfg->granule == SMMUV3_GRANULE_64K ? 52u : 48u;
	if (ps_encoding(cfg->oas) < 0 || cfg->oas > max_ias)
		return SMMUV3_EINVAL;
	if (cfg->ias < 32u || (cfg->ias > 48u && cfg->ias != max_ias) ||
	    cfg->ias > max_ias)
		return SMMUV3_EINVAL;
	if (!pgsize_mask_ok(cfg))
		return SMMUV3_EINVAL;
	if ((unsigned int)cfg->split > (unsigned int)SMMUV3_PGTBL_SPLIT_BBM)
		return SMMUV3_EINVAL;
	if (cfg->mm &&
	    (!cfg->mm->alloc || !cfg->mm->free || !cfg->mm->phys_to_virt))
		return SMMUV3_EINVAL;

	if (!caps)
		return 0;
	/* One store replacing a block by a table needs BBML2 (IHI 0070
	 * 6.3.3 SMMU_IDR3.BBML; docs/pgtable.md "Block split"). */
	if (cfg->split == SMMUV3_PGTBL_SPLIT_HITLESS && caps->bbml < 2u)
		return SMMUV3_EOPNOTSUPP;
	/* The stage, and HTTU / FWB when asked for (the flags of the
	 * other stage are refused above). */
	feat = s1 ? SMMUV3_FEAT_TRANS_S1 : SMMUV3_FEAT_TRANS_S2;
	if (cfg->flags & (SMMUV3_PGTBL_F_HTTU_HD | SMMUV3_PGTBL_F_S2FWB))
		feat |= s1 ? SMMUV3_FEAT_HD : SMMUV3_FEAT_S2FWB;
	if ((caps->features & feat) != feat ||
	    caps->pgsize[cfg->granule] == 0 ||
	    cfg->ias > (s1 ? caps->s1_ias_bits : caps->s2_ias_bits) ||
	    cfg->oas > (s1 ? caps->s1_oas_bits : caps->s2_oas_bits))
		return SMMUV3_EOPNOTSUPP;
	return 0;
}

/*
 * Arm ARM AArch64.S2InvalidSL (R_DXBSH / R_SRKBC): whether VTCR.SL0 can
 * start a stage-2 walk at level @start. Without FEAT_LPA2 there is no
 * encoding for level 0 with 16K; level 0 with 4K and level 1 with 64K need
 * a PA size (@pamax: the SMMU's OAS, or the table's OAS when not known) of
 * at least 44 bits, level 1 with 16K at least 42.
 */
static bool s2_start_ok(enum smmuv3_granule g, unsigned int start,
			unsigned int pamax)
{
	if (g == SMMUV3_GRANULE_4K)
		return start > 0u || pamax >= 44u;
	if (g == SMMUV3_GRANULE_16K)
		return start > 1u || (start == 1u && pamax >= 42u);
	return start > 1u || (start == 1u && pamax >= 44u);
}

/*
 * The geometry of a checked configuration: granule, span of an entry per
 * level, start level and root size (D8.2 "Translation table walk"): each
 * level resolves pg_shift - 3 bits; the initial level resolves what is
 * left. Stage 2 may start one level lower with 2..16 concatenated tables
 * (D8.2 "Concatenated translation tables for the initial stage 2 lookup").
 * Writes @pg only on success. docs/proofs.md: proved to be the
 * architecture's choice.
 */
static int layout(struct smmuv3_pgtbl *pg, const struct smmuv3_pgtbl_cfg *cfg,
		  unsigned int pamax)
{
	static const uint8_t shifts[SMMUV3_GRANULE_COUNT] = {12, 14, 16};
	unsigned int pg_shift = shifts[cfg->granule], bpl = pg_shift - 3u;
	unsigned int va_bits = cfg->ias - pg_shift;
	unsigned int levels = 1u, start, root_bits, l;
	bool concat = false;

	/* ceil(va_bits / bpl) without a division (no libgcc helper on
	 * 32-bit targets); at most PGT_LEVELS steps for a checked IAS. */
	/*@ loop invariant 1 <= levels <= 4 && (levels - 1) * bpl < va_bits;
	    loop assigns levels;
	    loop variant va_bits - levels * bpl; */
	while (levels * bpl < va_bits)
		levels++;
	start = PGT_LEVELS - levels;
	root_bits = va_bits - bpl * (levels - 1u);

	if (cfg->stage == SMMUV3_PGTBL_STAGE2) {
		/* Required where SL0 has no encoding for the natural start. */
		if (!s2_start_ok(cfg->granule, start, pamax))
			concat = true;
		/* Allowed: save a level when <= 16 tables would do. */
		if (!(cfg->flags & SMMUV3_PGTBL_F_NO_OPT_CONCAT) &&
		    start <= 1u && root_bits <= PGT_MAX_CONCAT_BITS)
			concat = true;
		if (concat) {
			if (root_bits > PGT_MAX_CONCAT_BITS)
				return SMMUV3_ERANGE;
			start++;
			root_bits += bpl;
		}
		/*
		 * The level reached must be allowed too: 16K from level 0
		 * lands on level 1, which needs PA >= 42 bits; there is no
		 * second concatenation.
		 */
		if (!s2_start_ok(cfg->granule, start, pamax))
			return SMMUV3_ERANGE;
		/* VTCR_EL2.SL0: 4K: 2 - start; 16K/64K: 3 - start. */
		pg->hw.sl0 = (uint8_t)((cfg->granule == SMMUV3_GRANULE_4K ? 2u
									  : 3u) -
				       start);
	}
	pg->pg_shift = (uint8_t)pg_shift;
	pg->bpl = (uint8_t)bpl;
	pg->gmask = SMMUV3_BIT64(pg_shift) - 1u;
	pg->in_lim = SMMUV3_BIT64(cfg->ias);
	pg->start_level = (uint8_t)start;
	pg->root_bits = (uint8_t)root_bits;
	pg->concat = (uint8_t)(concat ? 1u << (root_bits - bpl) : 1u);
	/*@ loop invariant 0 <= l <= 4;
	    loop invariant \forall integer k; 0 <= k < l ==>
	      pg->shift[k] == pg_shift + bpl * (3 - k) &&
	      pg->idx_mask[k] == (k == start ? pw(root_bits) : pw(bpl)) - 1;
	    loop assigns l, pg->shift[0 .. 3], pg->idx_mask[0 .. 3];
	    loop variant 4 - l; */
	for (l = 0; l < PGT_LEVELS; l++) {
		pg->shift[l] = (uint8_t)(pg_shift + bpl * (PGT_LAST - l));
		pg->idx_mask[l] = l == start ? ((uint32_t)1 << root_bits) - 1u
					     : ((uint32_t)1 << bpl) - 1u;
	}
	return 0;
}

SMMUV3_API int smmuv3_pgtbl_init(struct smmuv3_pgtbl *pgtbl,
				 const struct smmuv3_osal *osal,
				 const struct smmuv3_caps *caps,
				 const struct smmuv3_pgtbl_cfg *cfg)
{
	static const uint8_t tg[SMMUV3_GRANULE_COUNT] = {
		SMMUV3_TCR_TG_4K, SMMUV3_TCR_TG_16K, SMMUV3_TCR_TG_64K};
	struct smmuv3_pgtbl pg;
	unsigned int l;
	uint64_t sizes;
	size_t entries;
	int ret;

	if (!pgtbl || !osal || !cfg)
		return SMMUV3_EINVAL;
	ret = smmuv3_osal_validate(osal);
	if (ret)
		return ret;
	ret = check_cfg(cfg, caps);
	if (ret)
		return ret;
	/* A non-coherent walker sees only what is cleaned to the PoC. */
	if (!cfg->coherent && !osal->ops->cache_clean)
		return SMMUV3_EINVAL;
	if (!cfg->mm && !osal->ops->phys_to_virt)
		return SMMUV3_ENOSYS;

	memset(&pg, 0, sizeof(pg));
	ret = layout(&pg, cfg,
		     caps && caps->oas_bits > cfg->oas ? caps->oas_bits
						       : cfg->oas);
	if (ret)
		return ret;
	pg.osal = *osal;
	pg.cfg = *cfg;
	if (cfg->mm) {
		pg.mm_alloc = cfg->mm->alloc;
		pg.mm_free = cfg->mm->free;
		pg.mm_p2v = cfg->mm->phys_to_virt;
		pg.mm_ctx = cfg->mm_ctx;
	} else {
		pg.mm_alloc = osal->ops->alloc;
		pg.mm_free = osal->ops->free;
		pg.mm_p2v = osal->ops->phys_to_virt;
		pg.mm_ctx = osal->ctx;
	}
	pg.tbl_mask = SMMUV3_PTE_ADDR & ~(SMMUV3_BIT64(pg.pg_shift) - 1u);
	pg.clean_fn = osal->ops->cache_clean;
	pg.hi_mask = pg.pg_shift == 16u ? SMMUV3_PTE_ADDR_HI : 0u;

	/*
	 * Leaf levels (D8.3.1 block descriptors): 4K: L1 (1G), L2 (2M); 16K:
	 * L2 (32M); 64K: L2 (512M) and L1 (4T) with a 52-bit OA (FEAT_LPA).
	 * L0 (4K) and L1 (16K) blocks need FEAT_LPA2, not supported here.
	 */
	sizes = granule_leaves(cfg->granule, cfg->oas);
	if (caps)
		sizes &= caps->pgsize[cfg->granule];
	if (cfg->pgsize_mask)
		sizes &= cfg->pgsize_mask;
	pg.leaf_levels = 1u << PGT_LAST;
	for (l = pg.start_level; l < PGT_LAST; l++)
		if ((sizes >> pg.shift[l]) & 1u)
			pg.leaf_levels |= (uint8_t)(1u << l);

	/*
	 * Root: the architecture needs at least 64 bytes aligned to the size
	 * (D8.2, TTBR BADDR); it is allocated as one granule, or as the
	 * concatenated tables (2..16 granules, aligned to their total size,
	 * D8.2 "Concatenated translation tables").
	 */
	entries = (size_t)1 << pg.root_bits;
	pg.root_bytes = (uint32_t)(entries * 8u < 64u ? 64u : entries * 8u);
	pg.root_alloc = pg.root_bytes < gran_bytes(&pg)
				? (uint32_t)gran_bytes(&pg)
				: pg.root_bytes;
	pg.root = pg.mm_alloc(pg.mm_ctx, pg.root_alloc, pg.root_alloc,
			      &pg.root_pa);
	if (!pg.root)
		return SMMUV3_ENOMEM;
	/* Table addresses are output addresses: they must fit the OAS. */
	pg.prot_last = UINT32_MAX; /* never a valid prot */
	pg.wc_tag = UINT64_MAX;
	if (pg.root_pa > SMMUV3_BIT64(cfg->oas) - pg.root_alloc) {
		pg.mm_free(pg.mm_ctx, pg.root, pg.root_alloc);
		return SMMUV3_ERANGE;
	}
	clean(&pg, pg.root, pg.root_bytes);

	/* CD / STE fields (IHI 0070 5.4, 5.2), TCR/VTCR encodings (D19). */
	pg.hw.t0sz = (uint8_t)(64u - cfg->ias);
	pg.hw.tg = tg[cfg->granule];
	pg.hw.irgn = cfg->coherent ? SMMUV3_RGN_WBWA : SMMUV3_RGN_NC;
	pg.hw.orgn = pg.hw.irgn;
	pg.hw.sh = cfg->coherent ? SMMUV3_SH_ISH : SMMUV3_SH_OSH;
	pg.hw.ps = (uint8_t)ps_encoding(cfg->oas);
	pg.hw.ttbr = pg.root_pa;
	if (cfg->stage == SMMUV3_PGTBL_STAGE1) {
		pg.hw.mair = (uint64_t)SMMUV3_MAIR_ATTR_NC |
			     (uint64_t)SMMUV3_MAIR_ATTR_WBRWA << 8 |
			     (uint64_t)SMMUV3_MAIR_ATTR_DEV_NGNRE << 16;
		pg.hw.hd = (cfg->flags & SMMUV3_PGTBL_F_HTTU_HD) != 0;
		pg.hw.ha = pg.hw.hd;
	} else {
		pg.hw.fwb = (cfg->flags & SMMUV3_PGTBL_F_S2FWB) != 0;
	}
	*pgtbl = pg;
	return 0;
}

SMMUV3_API int smmuv3_pgtbl_get_hwcfg(const struct smmuv3_pgtbl *pgtbl,
				      struct smmuv3_pgtbl_hwcfg *out)
{
	if (!pgtbl || !out || !pgtbl->root)
		return SMMUV3_EINVAL;
	*out = pgtbl->hw;
	return 0;
}

/* ---- freeing ---- */

static void free_table(const struct smmuv3_pgtbl *pg, uint64_t *t)
{
	pg->mm_free(pg->mm_ctx, t,
		    t == pg->root ? pg->root_alloc : gran_bytes(pg));
}

/*
 * Removed tables wait for the flush on a list linked through word 0 (a VA:
 * bit 0, the valid bit, reads as 0 to a walker still holding a stale
 * pointer, so that entry faults). A table goes on the list only once it
 * has been read (its children found), so its descriptors are never needed
 * afterwards.
 */
static inline void list_push(uint64_t **head, uint64_t *t)
{
	pte_write(t, (uint64_t)(uintptr_t)*head);
	*head = t;
}

/* What an unmap removed, to be flushed. */
struct unmap_acc {
	uint64_t first, last; /* whole span to invalidate (end exclusive) */
	uint64_t lfirst[PGT_LEVELS]; /* span of the level-L leaves removed */
	uint64_t llast[PGT_LEVELS];
	uint64_t bytes;	    /* mapped bytes removed */
	uint64_t emptied;   /* tables unlinked because empty */
	uint32_t leaf_lvls; /* bit L: level-L leaves were removed */
	bool tables;	    /* a table was unlinked */
};

static void acc_init(struct unmap_acc *a)
{
	unsigned int l;

	memset(a, 0, sizeof(*a));
	a->first = UINT64_MAX;
	for (l = 0; l < PGT_LEVELS; l++)
		a->lfirst[l] = UINT64_MAX;
}

static PGT_OUTLINE void acc_range(struct unmap_acc *a, uint64_t s,
				  uint64_t e)
{
	if (a->first > s)
		a->first = s;
	if (a->last < e)
		a->last = e;
}

static inline uint64_t run_len(const struct smmuv3_pgtbl *pg, unsigned int lvl,
			       uint32_t idx, uint64_t addr, uint64_t end)
{
	uint64_t left = lvl_nent(pg, lvl) - idx;
	uint64_t want = (end - addr) >> pg->shift[lvl];

	return want < left ? want : left;
}

/* Level-@lvl leaves were removed from [s, e): both spans grow. */
static inline void acc_leaves(struct unmap_acc *a, unsigned int lvl, uint64_t s,
			      uint64_t e)
{
	a->leaf_lvls |= 1u << lvl;
	if (a->lfirst[lvl] > s)
		a->lfirst[lvl] = s;
	if (a->llast[lvl] < e)
		a->llast[lvl] = e;
	acc_range(a, s, e);
}

/* What rm_walk() does. */
#define RM_UNMAP 0 /* clear the range; unlink the tables it empties */
#define RM_TRIM 1  /* unlink every table left empty */
#define RM_FREE 2  /* put every table on the list, the top one too */
#define RM_VISIT 3 /* call @cb for every valid entry (pre-order) */
#define RM_NONE PGT_LEVELS

/* Walk callbacks get the entry, where it is, and the descriptor of the
 * table holding it (NULL in the root). */
typedef int (*walk_cb)(const struct smmuv3_pgtbl *pg, void *arg,
		       const struct smmuv3_pgtbl_entry *e, uint64_t *ptep,
		       uint64_t *up);

/*
 * The walk of every removal, from the table @t0 (level @lvl0) over
 * [@iova, @end) (@t0's whole span for trim and free). Unmap: leaves are
 * cleared in runs up to the next table (blocks lie wholly inside: the
 * caller split those straddling the ends), a subtree wholly inside is
 * unlinked with one store, and each table the walk leaves empty is
 * unlinked (unless kept). Trim: each table below @t0 that is empty once
 * its children are done is unlinked; @a's span grows to what they covered.
 * The tables of a removed subtree (levels from `gone`) are put on *@freel
 * once read (leaf tables are not read: their count says what they map).
 * @a->bytes grows by the bytes the removed leaves mapped, @a->emptied by
 * the empty tables unlinked. Visit (@a and @freel unused): the first
 * non-zero return of @cb stops the walk and is returned; else 0.
 */
static PGT_SPECIALIZE int rm_walk(const struct smmuv3_pgtbl *pg, uint64_t *t0,
				  unsigned int lvl0, uint64_t iova,
				  uint64_t end, int mode, struct unmap_acc *a,
				  uint64_t **freel, walk_cb cb, void *arg)
{
	bool drop = mode == RM_TRIM ||
		    (mode == RM_UNMAP &&
		     !(pg->cfg.flags & SMMUV3_PGTBL_F_KEEP_EMPTY));
	/* (t[RM_NONE]: never used, but gcc sees a path to it in trim.) */
	uint64_t *t[PGT_LEVELS + 1], *up[PGT_LEVELS];
	unsigned int lvl = lvl0, gone = mode == RM_FREE ? lvl0 : RM_NONE;
	uint64_t addr = iova;

	t[lvl] = t0;
	up[lvl] = NULL;
	for (;;) {
		uint32_t idx = lvl_idx(pg, lvl, addr);
		uint64_t *tb = t[lvl];
		uint64_t pte = tb[idx];
		uint64_t span = SMMUV3_BIT64(pg->shift[lvl]);

		if (mode == RM_VISIT && (pte & SMMUV3_PTE_VALID)) {
			struct smmuv3_pgtbl_entry e;
			int r;

			e.iova = addr & ~(span - 1u);
			e.size = span;
			e.level = (uint8_t)lvl;
			e.leaf = !pte_is_table(pte, lvl);
			e.desc = pte;
			e.addr = pte_to_pa(pg, pte, e.leaf ? lvl : PGT_LAST);
			r = cb(pg, arg, &e, &tb[idx], up[lvl]);
			if (r)
				return r;
		}
		if (pte_is_table(pte, lvl)) {
			uint64_t *c = child_of(pg, pte);

			if (mode == RM_UNMAP && gone > lvl &&
			    !(addr & (span - 1u)) && end - addr >= span) {
				/* Wholly inside: one store unlinks it. */
				pte_set(pg, &tb[idx], 0);
				(void)cnt_add(up[lvl], -1);
				a->tables = true;
				acc_range(a, addr, addr + span);
				gone = lvl + 1u;
			}
			if (gone > lvl + 1u || lvl + 1u < PGT_LAST) {
				up[lvl + 1] = &tb[idx];
				t[lvl + 1] = c;
				lvl++;
				continue;
			}
			/* A removed leaf table: not read. */
			a->bytes += (uint64_t)cnt_get(pte) << pg->pg_shift;
			list_push(freel, c);
			if (gone > lvl)
				gone = RM_NONE;
		} else if (gone <= lvl &&
			   (!PGT_FAST_CASES || mode == RM_FREE ||
			    mode == RM_UNMAP)) {
			/* Leaves of a removed table are counted (the fast
			 * build: a run up to the next table per step; the
			 * mode test keeps gcc from seeing a level 4). */
#if PGT_FAST_CASES
			uint64_t n = run_len(pg, lvl, idx, addr, end), k;

			for (k = 0; k < n && !pte_is_table(tb[idx + k], lvl);
			     k++)
				if (tb[idx + k] & SMMUV3_PTE_VALID)
					a->bytes += span;
			addr += (k - 1u) << pg->shift[lvl];
#else
			if (pte & SMMUV3_PTE_VALID)
				a->bytes += span;
#endif
		} else if (pte && mode == RM_UNMAP) {
#if !PGT_FAST_CASES
			/* One leaf per step (blocks lie wholly inside). */
			pte_set(pg, &tb[idx], 0);
			(void)cnt_add(up[lvl], -1);
			a->bytes += span;
			acc_leaves(a, lvl, addr, addr + span);
#else
			/*
			 * Leaves from this one up to the next table entry or
			 * the end of the run, cleared up to the last present
			 * one, so the flush range is exact.
			 */
			uint64_t n = run_len(pg, lvl, idx, addr, end);
			uint64_t *p = tb + idx, k, cn = 0, last = 0;

			for (k = 0; k < n && !pte_is_table(p[k], lvl); k++) {
				if (p[k]) {
					cn++;
					last = k;
					pte_write(&p[k], 0);
				}
			}
			clean(pg, p, (size_t)(last + 1u) * 8u);
			(void)cnt_add(up[lvl], -(int32_t)cn);
			a->bytes += cn << pg->shift[lvl];
			acc_leaves(a, lvl, addr,
				   addr + ((last + 1u) << pg->shift[lvl]));
			addr += (k - 1u) << pg->shift[lvl];
#endif
		}
		addr = (addr | (span - 1u)) + 1u;
		if (addr > end)
			addr = end;

		/* Leave finished tables (all of them at the end). */
		while (addr == end ||
		       (lvl > lvl0 &&
			!(addr & (SMMUV3_BIT64(pg->shift[lvl - 1]) - 1u)))) {
			if (gone <= lvl) {
				list_push(freel, t[lvl]);
				if (gone == lvl) /* the removed subtree ends */
					gone = RM_NONE;
			} else if (lvl > lvl0 && drop) {
#ifdef __clang_analyzer__
				/* Below @t0 every table has a descriptor (the
				 * analyzer does not see it). */
				if (!up[lvl])
					break;
#endif
				if (cnt_get(*up[lvl]) == 0) {
					uint64_t sz = SMMUV3_BIT64(
						pg->shift[lvl - 1]);
					uint64_t b = (addr - 1u) & ~(sz - 1u);

					pte_set(pg, up[lvl], 0);
					(void)cnt_add(up[lvl - 1], -1);
					list_push(freel, t[lvl]);
					a->tables = true;
					if (mode == RM_TRIM)
						acc_range(a, b, b + sz);
					a->emptied++;
				}
			}
			if (lvl == lvl0)
				return 0;
			lvl--;
		}
	}
}

/* Free every table of a removal list (see list_push()). */
static void free_list(const struct smmuv3_pgtbl *pg, uint64_t *head)
{
	while (head) {
		uint64_t *t = head;

		head = (uint64_t *)(uintptr_t)t[0];
		free_table(pg, t);
	}
}

/* Free the subtree rooted at @t (level @lvl, over [@s, @e)), @t included. */
static void free_subtree(const struct smmuv3_pgtbl *pg, uint64_t *t,
			 unsigned int lvl, uint64_t s, uint64_t e)
{
	uint64_t *freel = NULL;
	struct unmap_acc a;

	(void)rm_walk(pg, t, lvl, s, e, RM_FREE, &a, &freel, NULL, NULL);
	free_list(pg, freel);
}

SMMUV3_API void smmuv3_pgtbl_destroy(struct smmuv3_pgtbl *pgtbl)
{
	if (!pgtbl || !pgtbl->root)
		return;
	free_list(pgtbl, pgtbl->deferred);
	pgtbl->deferred = NULL;
	pgtbl->pend = false;
	free_subtree(pgtbl, pgtbl->root, pgtbl->start_level, 0,
		     pgtbl->in_lim);
	pgtbl->root = NULL;
	pgtbl->wc_tag = UINT64_MAX;
}

/* ---- lookups ---- */

static inline bool in_ias(const struct smmuv3_pgtbl *pg, uint64_t iova,
			  uint64_t size)
{
	return size <= pg->in_lim && iova <= pg->in_lim - size;
}


/* Pre-order walk of every valid entry overlapping [iova, end). */
static int walk_range(const struct smmuv3_pgtbl *pg, uint64_t iova,
		      uint64_t end, walk_cb cb, void *arg)
{
	/* (Not used by a visit: objects, not NULL, for the analyzers.) */
	uint64_t *freel = NULL;
	struct unmap_acc a;

	return rm_walk(pg, pg->root, pg->start_level, iova, end, RM_VISIT,
		       &a, &freel, cb, arg);
}

#if SMMUV3_SMALL
struct leaf_find {
	uint64_t desc, *ptep;
	unsigned int lvl;
};

static int leaf_cb(const struct smmuv3_pgtbl *pg, void *arg,
		   const struct smmuv3_pgtbl_entry *e, uint64_t *ptep,
		   uint64_t *up)
{
	struct leaf_find *f = arg;

	(void)pg;
	(void)up;
	if (!e->leaf)
		return 0;
	f->desc = e->desc;
	f->ptep = ptep;
	f->lvl = e->level;
	return 1;
}
#endif

/*
 * The leaf descriptor translating @addr (0 if none); its level in *@plvl
 * and, if @pptep is not NULL, its location in *@pptep. (The compact build
 * leaves the lookup to the general walk over the one address.)
 */
static uint64_t leaf_at(const struct smmuv3_pgtbl *pg, uint64_t addr,
			unsigned int *plvl, uint64_t **pptep)
{
#if SMMUV3_SMALL
	struct leaf_find f = {0, NULL, 0};

	if (walk_range(pg, addr, addr + 1u, leaf_cb, &f)) {
		*plvl = f.lvl;
		if (pptep)
			*pptep = f.ptep;
	}
	return f.desc;
#else
	uint64_t *t = pg->root;
	unsigned int lvl;

	for (lvl = pg->start_level; lvl < PGT_LEVELS; lvl++) {
		uint32_t idx = lvl_idx(pg, lvl, addr);
		uint64_t pte = t[idx];

		if (!(pte & SMMUV3_PTE_VALID))
			return 0;
		if (!pte_is_table(pte, lvl)) {
			*plvl = lvl;
			if (pptep)
				*pptep = &t[idx];
			return pte;
		}
		t = child_of(pg, pte);
	}
	return 0; /* not reached: level 3 never holds tables */
#endif
}

SMMUV3_API int smmuv3_pgtbl_iova_to_phys(const struct smmuv3_pgtbl *pgtbl,
					 smmuv3_iova_t iova, smmuv3_pa_t *pa)
{
	unsigned int lvl = 0;
	uint64_t pte;

	if (!pgtbl || !pa || !pgtbl->root)
		return SMMUV3_EINVAL;
	if (!in_ias(pgtbl, iova, 1))
		return SMMUV3_ERANGE;
	pte = leaf_at(pgtbl, iova, &lvl, NULL);
	if (!pte)
		return SMMUV3_ENOENT;
	*pa = pte_to_pa(pgtbl, pte, lvl) |
	      (iova & (SMMUV3_BIT64(pgtbl->shift[lvl]) - 1u));
	return 0;
}

/* ---- map ---- */

/*
 * Leaf attributes (D8.5 stage 1 / stage 2 block and page attributes).
 * SMMUV3_PROT_MEM_* is 0 NC, 1 WB, 2 Device: the stage-1 MAIR index (see
 * hw.mair) and the index of the tables below.
 */
_Static_assert(SMMUV3_FIELD_GET(SMMUV3_PROT_MEM_MASK, SMMUV3_PROT_MEM_NC) ==
			       0u &&
		       SMMUV3_FIELD_GET(SMMUV3_PROT_MEM_MASK,
					SMMUV3_PROT_MEM_CACHED) == 1u &&
		       SMMUV3_FIELD_GET(SMMUV3_PROT_MEM_MASK,
					SMMUV3_PROT_MEM_DEVICE) == 2u,
	       "memory types index the MAIR and the tables");
static int prot_to_attrs(const struct smmuv3_pgtbl *pg, uint32_t prot,
			 uint64_t *out)
{
	/* SMMUV3_PROT_SH_* (NONE, OUTER, INNER); DEFAULT goes by type. */
	static const uint8_t sh_of[4] = {0, SMMUV3_SH_NSH, SMMUV3_SH_OSH,
					 SMMUV3_SH_ISH};
	static const uint8_t sh_default[3] = {SMMUV3_SH_OSH, SMMUV3_SH_ISH,
					      SMMUV3_SH_OSH};
	/* Stage-2 MemAttr by type, without and with FWB. */
	static const uint8_t s2_attr[2][3] = {
		{SMMUV3_S2_MEMATTR_NC, SMMUV3_S2_MEMATTR_WB,
		 SMMUV3_S2_MEMATTR_DEV_NGNRE},
		{SMMUV3_S2_MEMATTR_FWB_NC, SMMUV3_S2_MEMATTR_FWB_WB,
		 SMMUV3_S2_MEMATTR_DEV_NGNRE},
	};
	uint32_t mem = SMMUV3_FIELD_GET(SMMUV3_PROT_MEM_MASK, prot);
	uint32_t sh = SMMUV3_FIELD_GET(SMMUV3_PROT_SH_MASK, prot);
	bool s1 = pg->cfg.stage == SMMUV3_PGTBL_STAGE1;
	uint64_t a = SMMUV3_PTE_AF;

	/*
	 * Refused: unknown bits, no access, an unknown type, executable
	 * Device memory (never what a DMA mapping means), PRIV at stage 2
	 * (no privilege check to express, D8.5 S2AP).
	 */
	if ((prot & ~(uint32_t)SMMUV3_PROT_ALL) ||
	    !(prot & (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)) || mem > 2u ||
	    (mem == 2u && !(prot & SMMUV3_PROT_NOEXEC)) ||
	    ((prot & SMMUV3_PROT_PRIV) && !s1))
		return SMMUV3_EINVAL;
	a |= SMMUV3_FIELD_PREP(SMMUV3_PTE_SH,
			       (uint64_t)(sh ? sh_of[sh] : sh_default[mem]));
	if (s1) {
		a |= SMMUV3_PTE_NG |
		     SMMUV3_FIELD_PREP(SMMUV3_PTE_ATTRINDX, (uint64_t)mem);
		if (!(prot & SMMUV3_PROT_WRITE))
			a |= SMMUV3_PTE_AP_RDONLY;
		else if (pg->cfg.flags & SMMUV3_PGTBL_F_HTTU_HD)
			a |= SMMUV3_PTE_DBM; /* writable-dirty to start with */
		if (!(prot & SMMUV3_PROT_PRIV))
			a |= SMMUV3_PTE_AP_UNPRIV;
		if (prot & SMMUV3_PROT_NOEXEC)
			a |= SMMUV3_PTE_UXN | SMMUV3_PTE_PXN;
	} else {
		bool fwb = (pg->cfg.flags & SMMUV3_PGTBL_F_S2FWB) != 0;

		a |= SMMUV3_FIELD_PREP(SMMUV3_PTE_MEMATTR,
				       (uint64_t)s2_attr[fwb][mem]);
		if (prot & SMMUV3_PROT_READ)
			a |= SMMUV3_PTE_S2AP_R;
		if (prot & SMMUV3_PROT_WRITE)
			a |= SMMUV3_PTE_S2AP_W;
		/* XN[1:0] = 0b10: not executable at EL1 or EL0 (with or
		 * without FEAT_XNX, where bit 53 is otherwise RES0). */
		if (prot & SMMUV3_PROT_NOEXEC)
			a |= SMMUV3_FIELD_PREP(SMMUV3_PTE_S2XN, 2u);
	}
	*out = a;
	return 0;
}

static inline bool leaf_fits(const struct smmuv3_pgtbl *pg, unsigned int lvl,
			     unsigned int leaves, uint64_t addr, uint64_t end,
			     uint64_t pa_at)
{
	uint64_t span = SMMUV3_BIT64(pg->shift[lvl]);

	return ((leaves >> lvl) & 1u) &&
	       !((addr | pa_at) & (span - 1u)) && end - addr >= span;
}

/* Number of leading zero entries among the n at p. */
static inline uint64_t zero_prefix(const uint64_t *p, uint64_t n)
{
	uint64_t k;

	for (k = 0; k < n; k++)
		if (p[k])
			break;
	return k;
}

/* Preallocated tables, linked through word 0, PA in word 1. */
struct pool {
	uint64_t *head[PGT_LEVELS];
};

static void pool_free(const struct smmuv3_pgtbl *pg, struct pool *pl)
{
	unsigned int l;

	for (l = 0; l < PGT_LEVELS; l++) {
		while (pl->head[l]) {
			uint64_t *t = pl->head[l];

			pl->head[l] = (uint64_t *)(uintptr_t)t[0];
			pg->mm_free(pg->mm_ctx, t, gran_bytes(pg));
		}
	}
}

/* Allocate need[L] granule-sized, granule-aligned tables per level L. */
static int pool_fill(const struct smmuv3_pgtbl *pg, struct pool *pl,
		     const uint32_t need[PGT_LEVELS])
{
	size_t gran = gran_bytes(pg);
	unsigned int l;
	uint32_t k;

	for (l = 0; l < PGT_LEVELS; l++) {
		for (k = 0; k < need[l]; k++) {
			smmuv3_pa_t pa;
			uint64_t *t = pg->mm_alloc(pg->mm_ctx, gran, gran, &pa);

			if (!t) {
				pool_free(pg, pl);
				return SMMUV3_ENOMEM;
			}
			t[0] = (uint64_t)(uintptr_t)pl->head[l];
			t[1] = pa;
			pl->head[l] = t;
			/* A table beyond the OAS could not be walked. */
			if (pa > SMMUV3_BIT64(pg->cfg.oas) - gran) {
				pool_free(pg, pl);
				return SMMUV3_ERANGE;
			}
		}
	}
	return 0;
}

static uint64_t *pool_take(struct pool *pl, unsigned int lvl, uint64_t *pa)
{
	uint64_t *t = pl->head[lvl];

	pl->head[lvl] = (uint64_t *)(uintptr_t)t[0];
	*pa = t[1];
	t[0] = 0;
	t[1] = 0;
	return t;
}

/* Fill a run of n leaves (span 2^shift each) with consecutive addresses. */
static void fill_leaves(const struct smmuv3_pgtbl *pg, uint64_t *p, uint64_t n,
			uint64_t tmpl, uint64_t pa, unsigned int shift)
{
	uint64_t step = SMMUV3_BIT64(shift);
	uint64_t *e = p + n;

	/* (The compact build packs each entry: the same descriptors.) */
	if (!PGT_FAST_CASES ||
	    (pg->pg_shift == 16u &&
	     ((pa ^ (pa + (n << shift) - 1u)) & SMMUV3_PA_HI))) {
		/* 64K run crossing a 2^48 boundary: repack each entry. */
		for (; p != e; p++, pa += step)
			pte_write(p, tmpl | pte_addr(pg, pa));
		return;
	}
	tmpl |= pte_addr(pg, pa);
	do {
		pte_write(p, tmpl);
		tmpl += step;
	} while (++p != e);
}

/*
 * One walk of [iova, end) for both passes of map, so they agree by
 * construction. Plan (@pl NULL): check the range maps cleanly (with
 * @replace, leaves in it are to be cleared before the commit) and count the
 * new tables needed per level in @need; missing tables are walked as
 * virtual all-zero tables (NULL). Commit (@pl the tables the plan asked
 * for): write the leaves @attrs; the plan guarantees every slot written is
 * empty, so it cannot fail. The walk starts at the table @t0 of level
 * @lvl0: the root, or the top table of a block split (no count; NULL, a
 * virtual one, in its plan). Leaves go only where leaf_levels says.
 */
static PGT_SPECIALIZE int map_walk(const struct smmuv3_pgtbl *pg, uint64_t *t0,
				   unsigned int lvl0, uint64_t iova,
				   const uint64_t *ends, unsigned int nends,
				   uint64_t pa, uint64_t attrs,
				   bool replace, uint32_t need[PGT_LEVELS],
				   struct pool *pl)
{
	uint64_t *t[PGT_LEVELS], *up[PGT_LEVELS];
	unsigned int lvl = lvl0;
	uint64_t addr = iova, end = ends[0];

	t[lvl] = t0;
	up[lvl] = NULL;
	for (;;) {
		uint32_t idx = lvl_idx(pg, lvl, addr);
		uint64_t *tb = t[lvl];
		/* (Commit: every table exists, and a non-zero entry is a
		 * table, as the plan checked; "pl ||" folds that away.) */
		uint64_t pte = pl || tb ? tb[idx] : 0;
		uint64_t pa_at = pa + (addr - iova);

		if (pte && (pl || pte_is_table(pte, lvl))) {
			up[lvl + 1] = &tb[idx];
			t[lvl + 1] = child_of(pg, pte);
			lvl++;
			continue;
		}
		/* A leaf: an overlap, or (replace) cleared before commit. */
		if (pte && !replace)
			return SMMUV3_EEXIST;
		if (!leaf_fits(pg, lvl, pg->leaf_levels, addr, end, pa_at)) {
			uint64_t npa, *nt = NULL;

			if (!pl && lvl == PGT_LAST)
				return SMMUV3_EINVAL; /* not reached */
			if (!pl) {
				need[lvl + 1]++;
			} else {
				nt = pool_take(pl, lvl + 1, &npa);
				/*
				 * Publish: the zeroed table must be visible to
				 * the walker before the one 64-bit store that
				 * links it.
				 */
				clean(pg, nt, gran_bytes(pg));
				publish(pg);
				pte_set(pg, &tb[idx],
					pte_addr(pg, npa) |
						SMMUV3_PTE_TYPE_TABLE);
				(void)cnt_add(up[lvl], 1);
				up[lvl + 1] = &tb[idx];
			}
			t[lvl + 1] = nt;
			lvl++;
			continue;
		}
#if !PGT_FAST_CASES
		/*
		 * The plan checks one leaf per step (the slot is empty, or
		 * cleared first); the commit fills the run of empty slots
		 * (stopping before a table), cleaned at once.
		 */
		{
			uint64_t n = 1;

			if (pl) {
				n = run_len(pg, lvl, idx, addr, end);
				if (lvl != PGT_LAST)
					n = zero_prefix(tb + idx, n);
				fill_leaves(
					pg, tb + idx, n,
					attrs | (lvl == PGT_LAST
							 ? SMMUV3_PTE_TYPE_PAGE
							 : SMMUV3_PTE_TYPE_BLOCK),
					pa_at, pg->shift[lvl]);
				clean(pg, tb + idx, (size_t)n * 8u);
				(void)cnt_add(up[lvl], (int32_t)n);
			}
			addr += n << pg->shift[lvl];
		}
#else
		{
			uint64_t n = run_len(pg, lvl, idx, addr, end);

			if (!pl && tb && replace) {
				/* Leaves go; stop before a table. */
				uint64_t k;

				for (k = 0;
				     k < n && !pte_is_table(tb[idx + k], lvl);
				     k++)
					;
				n = k;
			} else if (pl ? lvl != PGT_LAST : tb != NULL) {
				/*
				 * Pages: any entry present overlaps (the
				 * commit knows the run is empty). Blocks: stop
				 * before a table and look inside it.
				 */
				uint64_t k = zero_prefix(tb + idx, n);

				if (k < n && lvl == PGT_LAST)
					return SMMUV3_EEXIST;
				n = k;
			}
			if (pl) {
				fill_leaves(
					pg, tb + idx, n,
					attrs | (lvl == PGT_LAST
							 ? SMMUV3_PTE_TYPE_PAGE
							 : SMMUV3_PTE_TYPE_BLOCK),
					pa_at, pg->shift[lvl]);
				clean(pg, tb + idx, (size_t)n * 8u);
				(void)cnt_add(up[lvl], (int32_t)n);
			}
			addr += n << pg->shift[lvl];
		}
#endif
		if (addr == end) {
			if (!--nends)
				return 0;
			end = *++ends; /* the next part */
		}
		while (lvl > lvl0 &&
		       !(addr & (SMMUV3_BIT64(pg->shift[lvl - 1]) - 1u)))
			lvl--;
	}
}

static int map_plan(const struct smmuv3_pgtbl *pg, uint64_t iova, uint64_t end,
		    uint64_t pa, bool replace, uint32_t need[PGT_LEVELS])
{
	return map_walk(pg, pg->root, pg->start_level, iova, &end, 1, pa, 0,
			replace, need, NULL);
}

static void map_commit(const struct smmuv3_pgtbl *pg, uint64_t iova,
		       uint64_t end, uint64_t pa, uint64_t attrs,
		       struct pool *pl)
{
	(void)map_walk(pg, pg->root, pg->start_level, iova, &end, 1, pa, attrs,
		       false, NULL, pl);
}

static inline int check_range(const struct smmuv3_pgtbl *pg, uint64_t iova,
			      uint64_t size)
{
	if (size == 0 || ((iova | size) & pg->gmask))
		return SMMUV3_EINVAL;
	if (!in_ias(pg, iova, size))
		return SMMUV3_ERANGE;
	return 0;
}

/* Kept out of the per-call paths (the compact build has none). */
#if defined(__GNUC__) && !SMMUV3_SMALL
#define PGT_NOINLINE __attribute__((noinline))
#else
#define PGT_NOINLINE
#endif

static PGT_NOINLINE int map_slow(struct smmuv3_pgtbl *pg, uint64_t iova,
				 uint64_t pa, uint64_t size, uint32_t prot,
				 uint64_t attrs);

#define PGT_MISS 1 /* the fast path does not apply: take the general one */



/* The path to the last-level table of an address. */
struct l3path {
	uint64_t *t3, *up3; /* the level-3 table and its descriptor */
	uint64_t *t2, *up2; /* the level-2 table, its descriptor (NULL: root) */
	uint64_t pte;	    /* the non-table entry that ended a failed walk */
};

/*
 * Walk to the level-3 table holding @iova, starting from the walk cache
 * (the level-2 table under the same level-1 entry as the last walk) when
 * it matches. Returns false, with w->pte the entry found, when an entry
 * above level 3 is not a table, or when the table starts at level 3.
 */
static inline bool walk_l3(struct smmuv3_pgtbl *pg, uint64_t iova,
			   struct l3path *w)
{
	uint64_t *t, *ptep, pte;

	if (pg->start_level < 2u) {
		uint64_t tag = iova >> pg->shift[1];

		if (tag == pg->wc_tag) {
			t = pg->wc_t2;
			w->up2 = pg->wc_up2;
		} else {
			uint64_t *up = NULL;
			unsigned int lvl;

			t = pg->root;
			for (lvl = pg->start_level; lvl < 2u; lvl++) {
				ptep = &t[lvl_idx(pg, lvl, iova)];
				pte = *ptep;
				if (!pte_is_table(pte, lvl)) {
					w->pte = pte;
					return false;
				}
				up = ptep;
				t = child_of(pg, pte);
			}
			pg->wc_tag = tag;
			pg->wc_t2 = t;
			pg->wc_up2 = up;
			w->up2 = up;
		}
	} else if (pg->start_level == 2u) {
		t = pg->root;
		w->up2 = NULL;
	} else {
		w->pte = 1u; /* a level-3 root: the general path */
		return false;
	}
	w->t2 = t;
	ptep = &t[lvl_idx(pg, 2u, iova)];
	pte = *ptep;
	if (!pte_is_table(pte, 2u)) {
		w->pte = pte;
		return false;
	}
	w->up3 = ptep;
	w->t3 = child_of(pg, pte);
	return true;
}

/*
 * The per-call fast path of map: a range inside one last-level table that
 * already exists (no allocation, no block can fit): one walk, a check that
 * the run is empty, the fill. Anything else is left to plan/commit.
 */
static inline int map_fast(struct smmuv3_pgtbl *pg, uint64_t iova, uint64_t pa,
			   uint64_t size, uint64_t attrs)
{
	uint64_t last = iova + (size - 1u), acc = 0, n, k, *p;
	struct l3path w;

	/* Inside one level-3 table, less than all of it. */
	if ((((iova ^ last) | size) >> pg->shift[2]) || !walk_l3(pg, iova, &w))
		return PGT_MISS;
	n = size >> pg->pg_shift;
	p = w.t3 + lvl_idx(pg, PGT_LAST, iova);
	for (k = 0; k < n; k++)
		acc |= p[k];
	if (acc)
		return SMMUV3_EEXIST;
	if (PGT_FAST_CASES && n == 1u)
		pte_write(p, attrs | SMMUV3_PTE_TYPE_PAGE | pte_addr(pg, pa));
	else
		fill_leaves(pg, p, n, attrs | SMMUV3_PTE_TYPE_PAGE, pa,
			    pg->pg_shift);
	clean(pg, p, (size_t)n * 8u);
	(void)cnt_add(w.up3, (int32_t)n);
	return 0;
}

SMMUV3_API int smmuv3_pgtbl_map(struct smmuv3_pgtbl *pgtbl, smmuv3_iova_t iova,
				smmuv3_pa_t pa, uint64_t size, uint32_t prot)
{
	uint64_t attrs, olim;
	int ret;

	if (!pgtbl || !pgtbl->root)
		return SMMUV3_EINVAL;
	ret = check_range(pgtbl, iova, size);
	if (ret)
		return ret;
	if (pa & (SMMUV3_BIT64(pgtbl->pg_shift) - 1u))
		return SMMUV3_EINVAL;
	olim = SMMUV3_BIT64(pgtbl->cfg.oas);
	if (size > olim || pa > olim - size)
		return SMMUV3_ERANGE;
	/* (The compact build translates @prot on every call.) */
	if (PGT_FAST_PATHS && prot == pgtbl->prot_last) {
		attrs = pgtbl->attrs_last;
	} else {
		if (prot & SMMUV3_MAP_REPLACE)
			return map_slow(pgtbl, iova, pa, size, prot, 0);
		ret = prot_to_attrs(pgtbl, prot, &attrs);
		if (ret)
			return ret;
		if (PGT_FAST_PATHS) {
			pgtbl->prot_last = prot;
			pgtbl->attrs_last = attrs;
		}
	}
	ret = PGT_FAST_PATHS ? map_fast(pgtbl, iova, pa, size, attrs)
			     : PGT_MISS;
	if (ret == PGT_MISS)
		return map_slow(pgtbl, iova, pa, size, prot, attrs);
	/* Descriptors visible before the caller starts DMA or a doorbell. */
	if (!ret)
		publish(pgtbl);
	return ret;
}

/* ---- unmap ---- */

/* Move a removal list onto the table's deferred list. */
static PGT_OUTLINE void defer_list(struct smmuv3_pgtbl *pg, uint64_t *freel)
{
	while (freel) {
		uint64_t *t = freel;

		freel = (uint64_t *)(uintptr_t)t[0];
		list_push(&pg->deferred, t);
	}
}

/*
 * The flush op calls of one unmap: a single table flush when a table went
 * (walk caches too), else one leaf flush per leaf size, each over the span
 * of the leaves of that size only: it starts and ends on leaves of that
 * size, so it is aligned to it as tlbi.h requires (a 2M flush over a span
 * that begins with 4K pages would be refused by smmuv3_tlbi_plan()). The
 * first error stops them (the caller keeps everything pending, so nothing
 * is lost).
 */
/* A table flush of [first, first + len), or flush_all without flush. */
static int flush_tables(const struct smmuv3_pgtbl *pg, uint64_t first,
			uint64_t len)
{
	const struct smmuv3_pgtbl_flush_ops *fo = pg->cfg.flush;

	return fo->flush ? fo->flush(pg->cfg.cookie, first, len, 0, false)
			 : fo->flush_all(pg->cfg.cookie);
}

static int unmap_flush(const struct smmuv3_pgtbl *pg, const struct unmap_acc *a)
{
	const struct smmuv3_pgtbl_flush_ops *fo = pg->cfg.flush;
	uint32_t lv = a->leaf_lvls;
	int ret = 0;

	/* The caller checked that one op exists. */
	if (!fo->flush || a->tables)
		return flush_tables(pg, a->first, a->last - a->first);
	while (lv && !ret) {
		unsigned int lvl = smmuv3_ctz64(lv);

		lv &= lv - 1u;
		ret = fo->flush(pg->cfg.cookie, a->lfirst[lvl],
				a->llast[lvl] - a->lfirst[lvl],
				SMMUV3_BIT64(pg->shift[lvl]), true);
	}
	return ret;
}

static inline bool has_flush(const struct smmuv3_pgtbl *pg)
{
	return pg->cfg.flush &&
	       (pg->cfg.flush->flush || pg->cfg.flush->flush_all);
}

/*
 * A flush failed: the walk caches may still point into the removed tables
 * of @freel. They are unlinked, but stay allocated on the deferred list
 * until a flush of the whole pending span (@a's) succeeds, or destroy.
 */
static void pend_keep(struct smmuv3_pgtbl *pg, const struct unmap_acc *a,
		      uint64_t *freel)
{
	defer_list(pg, freel);
	pg->pend = true;
	pg->pend_first = a->first;
	pg->pend_last = a->last;
	pg->pend_lvls = a->leaf_lvls;
	memcpy(pg->pend_lfirst, a->lfirst, sizeof(a->lfirst));
	memcpy(pg->pend_llast, a->llast, sizeof(a->llast));
}

/*
 * Flush what @a accumulated (widened to what an earlier failure left
 * pending), then free @freel; on a flush error keep it all pending.
 */
static int finish(struct smmuv3_pgtbl *pg, struct unmap_acc *a, uint64_t *freel)
{
	unsigned int lvl;
	int ret;

	if (pg->pend) {
		/* Retry what an earlier failed flush left, in the same call. */
		acc_range(a, pg->pend_first, pg->pend_last);
		for (lvl = 0; lvl < PGT_LEVELS; lvl++)
			if (pg->pend_lvls & (1u << lvl))
				acc_leaves(a, lvl, pg->pend_lfirst[lvl],
					   pg->pend_llast[lvl]);
		a->tables = a->tables || pg->deferred != NULL;
	}
	if (a->first == UINT64_MAX && !freel)
		return 0;

	if (!has_flush(pg)) {
		/*
		 * Nothing can invalidate a walk cache that may still hold
		 * the removed tables: keep them (unlinked) until destroy.
		 */
		publish(pg);
		defer_list(pg, freel);
		return 0;
	}
	/* The flush op orders the stores before its invalidation. */
	ret = unmap_flush(pg, a);
	if (ret) {
		pend_keep(pg, a, freel);
		return ret;
	}
	free_list(pg, freel);
	free_list(pg, pg->deferred);
	pg->deferred = NULL;
	pg->pend = false;
	return 0;
}

/* ---- block split ---- */

/* A block straddling an end of an unmap range, to be demoted. */
struct split {
	uint64_t *ptep;	 /* its descriptor */
	uint64_t pte;	 /* its value */
	uint64_t base;	 /* first IOVA it maps */
	uint64_t cut[2]; /* addresses inside it where the range starts/ends */
	unsigned int lvl;
};

/*
 * The map walk of the block of @sp into the table @t of the level below
 * it, in parts ending at its cuts, so no leaf spans a cut and every leaf
 * has a size the table allows (leaf_levels): the same output addresses
 * and attributes as the block. Plan (@t NULL, @pl NULL): @t and the
 * tables below it are counted in @need; commit: taken from @pl.
 */
static void split_walk(const struct smmuv3_pgtbl *pg, const struct split *sp,
		       uint64_t *t, uint32_t need[PGT_LEVELS], struct pool *pl)
{
	/* (A block is above level 3: the mask only tells the analyzers.) */
	unsigned int k, n = 0, lvl = (sp->lvl + 1u) & PGT_LAST;
	uint64_t ends[3];

	if (!t)
		need[lvl]++;
	for (k = 0; k < 2u; k++)
		if (sp->cut[k])
			ends[n++] = sp->cut[k];
	ends[n++] = sp->base + SMMUV3_BIT64(pg->shift[sp->lvl]);
	(void)map_walk(pg, t, lvl, sp->base, ends, n,
		       pte_to_pa(pg, sp->pte, sp->lvl),
		       sp->pte & ~(SMMUV3_PTE_ADDR | SMMUV3_PTE_TYPE), false,
		       need, pl);
}

/*
 * Build, from the tables the plan of split_walk() counted (in @pl), the
 * table that replaces the block of @sp exactly. Every entry is written and
 * cleaned before the caller links the table. Returns its descriptor
 * (every entry valid: a leaf or a table).
 */
static uint64_t split_build(const struct smmuv3_pgtbl *pg, struct pool *pl,
			    const struct split *sp)
{
	unsigned int lvl = sp->lvl + 1u;
	uint64_t tpa, *t = pool_take(pl, lvl, &tpa);

	split_walk(pg, sp, t, NULL, pl);
	return cnt_with(pte_addr(pg, tpa) | SMMUV3_PTE_TYPE_TABLE,
			lvl_nent(pg, lvl));
}

/*
 * Replace the block of @sp by an equivalent table (the same output address
 * and attributes for every address of the block). Hitless: the table is
 * complete and cleaned, a barrier orders it before the single store that
 * links it; the block's TLB entries are invalidated with the unmap's leaf
 * flush (recorded in @a). BBM: the block is invalidated and the flush
 * completed before the table is built and stored; on a flush error the
 * block is put back (nothing changed, the pool untouched) and the error
 * returned.
 */
static int split_apply(struct smmuv3_pgtbl *pg, struct pool *pl,
		       const struct split *sp, struct unmap_acc *a)
{
	uint64_t span = SMMUV3_BIT64(pg->shift[sp->lvl]);
	uint64_t desc;

	if (pg->cfg.split == SMMUV3_PGTBL_SPLIT_BBM && has_flush(pg)) {
		int ret;

		pte_set(pg, sp->ptep, 0);
		publish(pg);
		ret = flush_tables(pg, sp->base, span);
		if (ret) {
			pte_set(pg, sp->ptep, sp->pte);
			publish(pg);
			return ret;
		}
	} else {
		acc_leaves(a, sp->lvl, sp->base, sp->base + span);
	}
	desc = split_build(pg, pl, sp);
	publish(pg);
	pte_set(pg, sp->ptep, desc);
	return 0;
}


/*
 * Find the blocks straddling either end of [@iova, @end): 0, 1 or 2 splits
 * in @sp (one when both ends cut the same block). SMMUV3_EPERM when there
 * is one and splitting is off.
 */
static int find_splits(const struct smmuv3_pgtbl *pg, uint64_t iova,
		       uint64_t end, struct split sp[2], unsigned int *nsp)
{
	const uint64_t ends[2] = {iova, end};
	unsigned int k, n = 0;

	for (k = 0; k < 2u; k++) {
		uint64_t *ptep = NULL;
		unsigned int lvl = 0;
		uint64_t pte = leaf_at(pg, k ? end - 1u : iova, &lvl, &ptep);
		uint64_t span = SMMUV3_BIT64(pg->shift[lvl]);

		if (!pte || !(ends[k] & (span - 1u)))
			continue;
		if (pg->cfg.split == SMMUV3_PGTBL_SPLIT_NONE)
			return SMMUV3_EPERM;
		if (n && sp[0].ptep == ptep) {
			sp[0].cut[1] = end;
			continue;
		}
		sp[n].ptep = ptep;
		sp[n].pte = pte;
		sp[n].lvl = lvl;
		sp[n].base = ends[k] & ~(span - 1u);
		sp[n].cut[0] = k ? 0 : iova;
		sp[n].cut[1] = k ? end : 0;
		n++;
	}
	*nsp = n;
	return 0;
}

/*
 * Demote the blocks straddling either end of [@iova, @end) (find_splits()):
 * the tables they need are added to @need (zero, or with @planned the
 * tables a map plan needs; @pl empty), every table of @need is allocated
 * into @pl, then the splits are applied (recorded in
 * @a, which is initialised first). On error nothing has changed (see
 * split_apply()) and @pl is empty.
 */
static PGT_SPECIALIZE int split_ends(struct smmuv3_pgtbl *pg, uint64_t iova,
				     uint64_t end, bool planned,
				     uint32_t need[PGT_LEVELS],
				     struct pool *pl, struct unmap_acc *a)
{
	struct split sp[2];
	unsigned int nsp = 0, k;
	int ret;

	ret = find_splits(pg, iova, end, sp, &nsp);
	if (ret)
		return ret;
	acc_init(a);
	if (!planned && !nsp)
		return 0; /* (the usual unmap) */
	for (k = 0; k < nsp; k++)
		split_walk(pg, &sp[k], NULL, need, NULL);
	ret = pool_fill(pg, pl, need);
	for (k = 0; k < nsp && !ret; k++)
		ret = split_apply(pg, pl, &sp[k], a);
	if (ret)
		pool_free(pg, pl);
	return ret;
}

/* A flush error in the fast path: keep the state as finish() would. */
static PGT_NOINLINE int fast_flush_failed(struct smmuv3_pgtbl *pg,
					  uint64_t first, uint64_t last,
					  bool tables, uint64_t *freel, int ret)
{
	struct unmap_acc a;

	acc_init(&a);
	acc_leaves(&a, PGT_LAST, first, last);
	a.tables = tables;
	pend_keep(pg, &a, freel);
	return ret;
}

/*
 * The level-2 table holding @iova has just become empty (its count is 0):
 * unmap's walk over the page at @iova (which now finds nothing to clear)
 * unlinks it, and each table above it that this empties in turn. The walk
 * cache is dropped (it may name the table).
 */
static PGT_NOINLINE void unlink_empty_upper(struct smmuv3_pgtbl *pg,
					    uint64_t iova, uint64_t **freel)
{
	struct unmap_acc a;

	pg->wc_tag = UINT64_MAX;
	acc_init(&a);
	(void)rm_walk(pg, pg->root, pg->start_level, iova,
		      iova + gran_bytes(pg), RM_UNMAP, &a, freel, NULL, NULL);
}

/*
 * The per-call fast path of unmap: a range inside one last-level table
 * (pages only, so no block can straddle), nothing pending: one walk, the
 * pages cleared from the first to the last present one, the tables left
 * empty unlinked (unless kept), one flush call. Anything else is left to
 * the general path (PGT_MISS).
 */
static inline int unmap_fast(struct smmuv3_pgtbl *pg, uint64_t iova,
			     uint64_t size, uint64_t *unmapped)
{
	const struct smmuv3_pgtbl_flush_ops *fo = pg->cfg.flush;
	uint64_t last = iova + (size - 1u), *freel = NULL, c = 0;
	uint64_t *p, k0, k1;
	struct l3path w;
	bool tables = false;
	int ret;

	/* Inside one level-3 table, less than all of it; nothing pending. */
	if (pg->pend || (((iova ^ last) | size) >> pg->shift[2]))
		return PGT_MISS;
	if (!walk_l3(pg, iova, &w)) {
		if (w.pte) /* a block (straddling checks) or a level-3 root */
			return PGT_MISS;
		goto none;
	}
	p = w.t3 + lvl_idx(pg, PGT_LAST, iova);
	k1 = (size >> pg->pg_shift) - 1u;
	if (PGT_FAST_CASES && !k1) { /* one page */
		if (!p[0])
			goto none;
		k0 = 0;
		c = 1;
		pte_write(p, 0);
	} else {
		for (k0 = 0; k0 <= k1 && !p[k0]; k0++)
			;
		if (k0 > k1)
			goto none;
		while (!p[k1])
			k1--;
		uint64_t *q = p + k0, *e = p + k1 + 1u;

		/* Live entries are 0 or valid: bit 0 counts them. Four per
		 * step: runs are short, the loop overhead counts. */
		for (; PGT_FAST_CASES && e - q >= 4; q += 4) {
			c += (q[0] & SMMUV3_PTE_VALID) +
			     (q[1] & SMMUV3_PTE_VALID) +
			     (q[2] & SMMUV3_PTE_VALID) +
			     (q[3] & SMMUV3_PTE_VALID);
			pte_write(&q[0], 0);
			pte_write(&q[1], 0);
			pte_write(&q[2], 0);
			pte_write(&q[3], 0);
		}
		for (; q != e; q++) {
			c += *q & SMMUV3_PTE_VALID;
			pte_write(q, 0);
		}
	}
	clean(pg, p + k0, (size_t)(k1 + 1u - k0) * 8u);
	if (unmapped)
		*unmapped = c << pg->pg_shift;
	/* A leaf table left empty goes (its count says so); its parent
	 * too if that empties it (general code: rare). */
	if (cnt_add(w.up3, -(int32_t)c) == 0 &&
	    !(pg->cfg.flags & SMMUV3_PGTBL_F_KEEP_EMPTY)) {
		pte_set(pg, w.up3, 0);
		list_push(&freel, w.t3);
		tables = true;
		if (cnt_add(w.up2, -1) == 0)
			unlink_empty_upper(pg, iova, &freel);
	}
	iova += k0 << pg->pg_shift;
	last = iova + ((k1 + 1u - k0) << pg->pg_shift);
	/* No barrier here: the flush op orders the stores before its
	 * invalidation (see the flush contract in pgtable.h). */
	if (fo && fo->flush) {
		ret = fo->flush(pg->cfg.cookie, iova, last - iova,
				tables ? 0u : SMMUV3_BIT64(pg->pg_shift),
				!tables);
	} else if (fo && fo->flush_all) {
		ret = fo->flush_all(pg->cfg.cookie);
	} else {
		publish(pg);
		defer_list(pg, freel);
		return 0;
	}
	if (ret)
		return fast_flush_failed(pg, iova, last, tables, freel, ret);
	free_list(pg, freel);
	return 0;
none:
	if (unmapped)
		*unmapped = 0;
	return 0;
}

/* The general unmap: splits, the walk, the flush. */
static PGT_NOINLINE int unmap_slow(struct smmuv3_pgtbl *pgtbl, uint64_t iova,
				   uint64_t size, uint64_t *unmapped)
{
	uint32_t need[PGT_LEVELS] = {0, 0, 0, 0};
	struct pool pl = {{NULL, NULL, NULL, NULL}};
	struct unmap_acc a;
	uint64_t *freel = NULL;
	uint64_t end = iova + size;
	int ret;

	/* (Sets @a.) The splits take every table of the pool. */
	ret = split_ends(pgtbl, iova, end, false, need, &pl, &a);
	if (ret)
		return ret;

	(void)rm_walk(pgtbl, pgtbl->root, pgtbl->start_level, iova, end,
		      RM_UNMAP, &a, &freel, NULL, NULL);
	if (freel)
		pgtbl->wc_tag = UINT64_MAX; /* it may name a removed table */
	if (unmapped)
		*unmapped = a.bytes;
	return finish(pgtbl, &a, freel);
}

SMMUV3_API int smmuv3_pgtbl_unmap(struct smmuv3_pgtbl *pgtbl,
				  smmuv3_iova_t iova, uint64_t size,
				  uint64_t *unmapped)
{
	int ret;

	if (!pgtbl || !pgtbl->root)
		return SMMUV3_EINVAL;
	ret = check_range(pgtbl, iova, size);
	if (ret)
		return ret;
	if (PGT_FAST_PATHS) {
		ret = unmap_fast(pgtbl, iova, size, unmapped);
		if (ret != PGT_MISS)
			return ret;
	}
	return unmap_slow(pgtbl, iova, size, unmapped);
}

/* ---- replace in place ---- */


/* Permission bits of a leaf (D8.5): changing only these needs no
 * break-before-make, only a TLB invalidation. */
static uint64_t perm_bits(const struct smmuv3_pgtbl *pg)
{
	return pg->cfg.stage == SMMUV3_PGTBL_STAGE1
		       ? SMMUV3_PTE_AP | SMMUV3_PTE_PXN | SMMUV3_PTE_UXN |
				 SMMUV3_PTE_DBM
		       : SMMUV3_PTE_S2AP | SMMUV3_PTE_S2XN;
}

struct repl_walk {
	uint64_t iova, pa, attrs, covered;
	struct unmap_acc *a;
	bool perm_only; /* check: every leaf differs in permissions only */
	bool write;	/* rewrite permissions (perm_only) or clear */
};

static int repl_cb(const struct smmuv3_pgtbl *pg, void *arg,
		   const struct smmuv3_pgtbl_entry *e, uint64_t *ptep,
		   uint64_t *up)
{
	struct repl_walk *w = arg;
	uint64_t pm = perm_bits(pg), want;

	if (!e->leaf)
		return 0;
	if (!w->write) {
		/* Inside the range, at its own offset (the address field),
		 * same attributes. */
		want = w->attrs | pte_addr(pg, w->pa + (e->iova - w->iova)) |
		       (e->level == PGT_LAST ? SMMUV3_PTE_TYPE_PAGE
					     : SMMUV3_PTE_TYPE_BLOCK);
		if (e->iova < w->iova || ((e->desc ^ want) & ~pm))
			w->perm_only = false;
		w->covered += e->size;
		return 0;
	}
	pte_set(pg, ptep,
		w->perm_only ? (e->desc & ~pm) | (w->attrs & pm) : 0);
	if (!w->perm_only)
		(void)cnt_add(up, -1);
	acc_leaves(w->a, e->level, e->iova, e->iova + e->size);
	return 0;
}

/*
 * The general map: plan, allocate, commit, then publish. With
 * SMMUV3_MAP_REPLACE in @prot (@attrs is then computed here): permissions
 * only (every leaf of the range exists, lies inside it, maps the same
 * output address with the same memory attributes): each leaf is rewritten
 * in place, one store each, then a leaf flush (D8.16: no break-before-make
 * for a permission change). Otherwise break-before-make: straddling
 * blocks split (or EPERM), the new tables planned and allocated, the old
 * leaves cleared, a completed flush, then the new leaves written.
 */
static PGT_NOINLINE int map_slow(struct smmuv3_pgtbl *pg, uint64_t iova,
				 uint64_t pa, uint64_t size, uint32_t prot,
				 uint64_t attrs)
{
	uint32_t need[PGT_LEVELS] = {0, 0, 0, 0};
	struct pool pl = {{NULL, NULL, NULL, NULL}};
	bool replace = (prot & SMMUV3_MAP_REPLACE) != 0;
	struct repl_walk w;
	struct unmap_acc a;
	uint64_t end = iova + size;
	int ret;

	w.perm_only = false;
	if (replace) {
		ret = prot_to_attrs(pg, prot & ~SMMUV3_MAP_REPLACE, &attrs);
		if (ret)
			return ret;
		acc_init(&a);
		w.iova = iova;
		w.pa = pa;
		w.attrs = attrs;
		w.covered = 0;
		w.a = &a;
		w.perm_only = true;
		w.write = false;
		(void)walk_range(pg, iova, end, repl_cb, &w);
		w.perm_only = w.perm_only && w.covered == size;
	}
	if (!w.perm_only) {
		/* Replace: the plan counts tables where straddling blocks
		 * are; the commit uses the split tables instead (any left
		 * over go back below). */
		ret = map_plan(pg, iova, end, pa, replace, need);
		if (ret)
			return ret;
		ret = replace ? split_ends(pg, iova, end, true, need, &pl, &a)
			      : pool_fill(pg, &pl, need);
		if (ret)
			return ret;
		/* The old translations must be gone before the new ones
		 * are written: a table flush, which completes. */
		a.tables = true;
	}
	if (replace) {
		w.write = true;
		(void)walk_range(pg, iova, end, repl_cb, &w);
		ret = a.first == UINT64_MAX && !pg->pend ? 0
							 : finish(pg, &a, NULL);
		if (ret || w.perm_only) {
			pool_free(pg, &pl);
			return ret;
		}
	}
	map_commit(pg, iova, end, pa, attrs, &pl);
	if (replace)
		pool_free(pg, &pl); /* tables a split made unnecessary */
	/* Descriptors visible before the caller starts DMA or a doorbell. */
	publish(pg);
	return 0;
}

/* ---- trim ---- */

SMMUV3_API int smmuv3_pgtbl_trim(struct smmuv3_pgtbl *pgtbl, uint64_t *ntables)
{
	uint64_t *freel = NULL, n;
	struct unmap_acc a;

	if (!pgtbl || !pgtbl->root)
		return SMMUV3_EINVAL;
	acc_init(&a);
	/* Post-order: a table emptied by removing its children goes too. */
	(void)rm_walk(pgtbl, pgtbl->root, pgtbl->start_level, 0,
		      pgtbl->in_lim, RM_TRIM, &a, &freel, NULL, NULL);
	n = a.emptied;
	if (ntables)
		*ntables = n;
	if (n) {
		a.tables = true;
		pgtbl->wc_tag = UINT64_MAX;
	}
	return finish(pgtbl, &a, freel);
}

/* ---- sizing ---- */

SMMUV3_API int smmuv3_pgtbl_max_tables(const struct smmuv3_pgtbl *pgtbl,
				       smmuv3_iova_t iova, uint64_t size,
				       uint64_t *n)
{
	uint64_t last, cnt = 0;
	unsigned int l;
	int ret;

	if (!pgtbl || !pgtbl->root || !n)
		return SMMUV3_EINVAL;
	ret = check_range(pgtbl, iova, size);
	if (ret)
		return ret;
	last = iova + (size - 1u);
	/* Every level-L table the range touches (L below the root). */
	for (l = pgtbl->start_level + 1u; l < PGT_LEVELS; l++)
		cnt += (last >> pgtbl->shift[l - 1]) -
		       (iova >> pgtbl->shift[l - 1]) + 1u;
	*n = cnt;
	return 0;
}

/* ---- walk and dirty tracking ---- */

struct user_walk {
	smmuv3_pgtbl_walk_fn fn;
	void *arg;
};

static int user_walk_cb(const struct smmuv3_pgtbl *pg, void *arg,
			const struct smmuv3_pgtbl_entry *e, uint64_t *ptep,
			uint64_t *up)
{
	const struct user_walk *w = arg;

	(void)pg;
	(void)ptep;
	(void)up;
	return w->fn(w->arg, e);
}

SMMUV3_API int smmuv3_pgtbl_walk(const struct smmuv3_pgtbl *pgtbl,
				 smmuv3_iova_t iova, uint64_t size,
				 smmuv3_pgtbl_walk_fn fn, void *arg)
{
	struct user_walk w;

	if (!pgtbl || !pgtbl->root || !fn || size == 0)
		return SMMUV3_EINVAL;
	if (!in_ias(pgtbl, iova, size))
		return SMMUV3_ERANGE;
	w.fn = fn;
	w.arg = arg;
	return walk_range(pgtbl, iova, iova + size, user_walk_cb, &w);
}

struct dirty_walk {
	smmuv3_pgtbl_dirty_fn fn;
	void *arg;
	bool clear;
};

static int dirty_cb(const struct smmuv3_pgtbl *pg, void *arg,
		    const struct smmuv3_pgtbl_entry *e, uint64_t *ptep,
		    uint64_t *up)
{
	const struct dirty_walk *w = arg;

	(void)up;
	if (!e->leaf || !(e->desc & SMMUV3_PTE_DBM) ||
	    (e->desc & SMMUV3_PTE_AP_RDONLY))
		return 0;
	/* Writable-dirty: report, then make writable-clean atomically so a
	 * concurrent hardware update (which only clears AP[2]) is not lost. */
	w->fn(w->arg, e->iova, e->size);
	if (w->clear) {
		__atomic_fetch_or(ptep, SMMUV3_PTE_AP_RDONLY, __ATOMIC_RELAXED);
		clean(pg, ptep, 8);
	}
	return 0;
}

SMMUV3_API int smmuv3_pgtbl_read_and_clear_dirty(struct smmuv3_pgtbl *pgtbl,
						 smmuv3_iova_t iova,
						 uint64_t size, uint32_t flags,
						 smmuv3_pgtbl_dirty_fn fn,
						 void *arg)
{
	struct dirty_walk w;
	int ret;

	if (!pgtbl || !pgtbl->root || !fn || (flags & ~SMMUV3_DIRTY_NO_CLEAR))
		return SMMUV3_EINVAL;
	if (!(pgtbl->cfg.flags & SMMUV3_PGTBL_F_HTTU_HD))
		return SMMUV3_EOPNOTSUPP;
	ret = check_range(pgtbl, iova, size);
	if (ret)
		return ret;
	w.fn = fn;
	w.arg = arg;
	w.clear = !(flags & SMMUV3_DIRTY_NO_CLEAR);
	ret = walk_range(pgtbl, iova, iova + size, dirty_cb, &w);
	if (w.clear)
		publish(pgtbl);
	return ret;
}
