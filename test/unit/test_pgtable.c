// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests of the LPAE page tables: descriptor and configuration vectors
 * (test/vectors/lpae_vectors.c, derived by hand from the Arm ARM), every
 * granule x stage x IAS/OAS combination, errors leaving the table unchanged
 * (including a failed allocation at every point of a large map), flush
 * reporting, non-coherent cleans and HTTU dirty tracking.
 */
#define _DEFAULT_SOURCE /* mmap MAP_32BIT in test_pgtable_util.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <smmuv3/hw/lpae.h>

#include "lpae_vectors.h"
#include "test_pgtable_util.h"

static const struct smmuv3_caps *no_caps = NULL;

struct env {
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_osal_ops ops;
	struct flush_rec rec;
	struct smmuv3_pgtbl pg;
};

/*
 * Allocation shape check, on every allocation of every env test: a table is
 * exactly one granule, granule-aligned (and at a granule-aligned PA), or the
 * root of a concatenated stage-2 table, whose size (2..16 granules) the
 * test derives independently (chk.concat_root) and which must be aligned
 * to that size. chk.gran 0: no check (before the test sets it).
 */
static struct {
	uint64_t gran, concat_root;
	unsigned int n_gran, n_concat;
} chk;

static void *chk_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	void *p;

	if (chk.gran) {
		if (size == chk.gran && align == chk.gran) {
			chk.n_gran++;
		} else if (chk.concat_root && size == chk.concat_root &&
			   align == size) {
			chk.n_concat++;
		} else {
			fail_msg("allocation of %zu bytes aligned %zu (granule "
				 "%llu, concatenated root %llu)",
				 size, align, (unsigned long long)chk.gran,
				 (unsigned long long)chk.concat_root);
		}
	}
	p = lowmem_alloc(ctx, size, align, pa);
	if (p && chk.gran && (*pa & (align - 1u)))
		fail_msg("PA %#llx not aligned to %zu", (unsigned long long)*pa,
			 align);
	return p;
}

static void env_init(struct env *e, bool noncoherent)
{
	memset(e, 0, sizeof(*e));
	memset(&chk, 0, sizeof(chk));
	assert_int_equal(smmuv3_hosted_init(&e->h, NULL, &e->osal), 0);
	e->h.noncoherent = noncoherent;
	lowmem_ops(&e->ops, noncoherent ? &smmuv3_hosted_noncoherent_ops
					: &smmuv3_hosted_ops);
	e->ops.alloc = chk_alloc;
	e->osal.ops = &e->ops;
}

/* Check the allocations of tables with granule @g (0, 1, 2 = 4K/16K/64K)
 * from now on; @concat_root: size of a concatenated stage-2 root or 0. */
static void chk_start(int g, uint64_t concat_root)
{
	chk.gran = 0x1000ull << (2 * g);
	chk.concat_root = concat_root;
}

/* The hosted port's own allocator (heap, PA == VA), for OAS 48. */
static void env_init_heap(struct env *e)
{
	memset(e, 0, sizeof(*e));
	assert_int_equal(smmuv3_hosted_init(&e->h, NULL, &e->osal), 0);
}

static void env_fini(struct env *e)
{
	/* Every table's count of valid entries was kept exact. */
	if (e->pg.root)
		assert_int_equal(check_counts(&e->pg), 0);
	smmuv3_pgtbl_destroy(&e->pg);
	/* Everything allocated was freed. */
	assert_int_equal(e->h.bytes_live, 0);
	assert_int_equal(e->h.n_alloc, e->h.n_free);
	smmuv3_hosted_fini(&e->h);
}

/* ---- vectors ---------------------------------------------------------- */

struct find_leaf {
	uint64_t iova;
	struct smmuv3_pgtbl_entry e;
	int found;
};

static int find_leaf_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct find_leaf *f = arg;

	if (e->leaf && e->iova <= f->iova && f->iova - e->iova < e->size) {
		f->e = *e;
		f->found++;
	}
	return 0;
}

static void test_desc_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < lpae_desc_vecs_count; i++) {
		const struct lpae_desc_vec *v = &lpae_desc_vecs[i];
		struct env e;
		struct smmuv3_pgtbl_cfg c;
		struct find_leaf f = {v->iova, {0}, 0};
		smmuv3_pa_t pa = 0;

		env_init(&e, false);
		c = mkcfg(v->stage, v->granule, v->ias, v->oas, &e.rec);
		c.flags = v->cfg_flags;
		assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c),
				 0);
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, v->iova, v->pa,
						  v->size, v->prot),
				 0);
		assert_int_equal(smmuv3_pgtbl_walk(&e.pg, v->iova, v->size,
						   find_leaf_cb, &f),
				 0);
		if (f.found != 1 || f.e.desc != v->desc ||
		    f.e.level != v->level)
			fail_msg("%s: found %d level %u desc %#llx want %#llx",
				 v->what, f.found, f.e.level,
				 (unsigned long long)f.e.desc,
				 (unsigned long long)v->desc);
		assert_int_equal(f.e.size, v->size);
		assert_int_equal(f.e.addr, v->pa);
		assert_int_equal(
			smmuv3_pgtbl_iova_to_phys(&e.pg, v->iova + 0x808, &pa),
			0);
		assert_int_equal(pa, v->pa + 0x808);
		env_fini(&e);
	}
}

static void test_cfg_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < lpae_cfg_vecs_count; i++) {
		const struct lpae_cfg_vec *v = &lpae_cfg_vecs[i];
		struct smmuv3_pgtbl_hwcfg hw;
		struct smmuv3_pgtbl_cfg c;
		struct env e;
		int ret;

		/* A non-coherent table needs a port that cleans. */
		env_init(&e, v->coherent == 0);
		c = mkcfg(v->stage, v->granule, v->ias, v->oas, &e.rec);
		c.coherent = v->coherent != 0;
		c.flags = v->cfg_flags;
		ret = smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c);
		if (ret != v->ret)
			fail_msg("%s: init %d want %d", v->what, ret, v->ret);
		if (ret) {
			assert_int_equal(e.h.n_alloc, 0);
			smmuv3_hosted_fini(&e.h);
			continue;
		}
		assert_int_equal(smmuv3_pgtbl_get_hwcfg(&e.pg, &hw), 0);
		if (e.pg.start_level != v->start_level ||
		    e.pg.concat != v->concat ||
		    (1u << e.pg.root_bits) != v->root_entries)
			fail_msg("%s: start %u concat %u root %u", v->what,
				 e.pg.start_level, e.pg.concat,
				 1u << e.pg.root_bits);
		assert_int_equal(hw.t0sz, v->t0sz);
		assert_int_equal(hw.tg, v->tg);
		assert_int_equal(hw.ps, v->ps);
		assert_int_equal(hw.irgn, v->irgn);
		assert_int_equal(hw.orgn, v->orgn);
		assert_int_equal(hw.sh, v->sh);
		if (v->stage == 2)
			assert_int_equal(hw.sl0, v->sl0);
		else
			/* MAIR: idx0 0x44 NC, idx1 0xff WB, idx2 0x04 dev */
			assert_int_equal(hw.mair, 0x04ff44);
		/* Root aligned to its size, at least 64 bytes (D8.2). */
		assert_int_equal(hw.ttbr & (v->root_entries * 8u - 1u), 0);
		assert_int_equal(hw.ttbr & 63u, 0);
		env_fini(&e);
	}
}

/* ---- the matrix ------------------------------------------------------- */

static const uint64_t gran_size[3] = {0x1000, 0x4000, 0x10000};
/* Largest block below the root that every matrix IAS can hold. */
static const uint64_t gran_block[3] = {0x200000, 0x2000000, 0x20000000};

static void check_pa(const struct smmuv3_pgtbl *pg, uint64_t iova,
		     uint64_t want)
{
	smmuv3_pa_t pa = 0;

	assert_int_equal(smmuv3_pgtbl_iova_to_phys(pg, iova, &pa), 0);
	assert_int_equal(pa, want);
}

static void check_unmapped(const struct smmuv3_pgtbl *pg, uint64_t iova)
{
	smmuv3_pa_t pa = 0;

	assert_int_equal(smmuv3_pgtbl_iova_to_phys(pg, iova, &pa),
			 SMMUV3_ENOENT);
}

/*
 * Whether VTCR.SL0 can start a stage-2 walk at @start with PA size @pa
 * (Arm ARM AArch64.S2InvalidSL, VTCR_EL2.SL0 without FEAT_LPA2/TTST): 4K:
 * levels 1..3, level 0 needs PA >= 44 bits; 16K: levels 2..3, level 1
 * needs PA >= 42, no level 0; 64K: levels 2..3, level 1 needs PA >= 44.
 */
static bool s2_sl_ok(int g, unsigned int start, unsigned int pa)
{
	if (g == 0)
		return start > 0 || pa >= 44;
	if (g == 1)
		return start > 1 || (start == 1 && pa >= 42);
	return start > 1 || (start == 1 && pa >= 44);
}

/*
 * Whether stage 2 must refuse (SMMUV3_ERANGE): the natural start level is
 * forbidden (above) and starting one level lower with concatenated tables
 * (Arm ARM R_DXBSH/R_SRKBC) is not possible either: it would take more
 * than 16 tables (the root would resolve more than 4 bits), or the lower
 * level is forbidden too (16K from level 0 lands on level 1, which also
 * needs PA >= 42).
 */
static bool s2_needs_too_many_tables(int g, unsigned int ias, unsigned int oas)
{
	unsigned int pg = 12u + 2u * (unsigned int)g, bpl = pg - 3u;
	unsigned int va = ias - pg, levels = (va + bpl - 1u) / bpl;
	unsigned int start = 4u - levels;
	unsigned int root = va - bpl * (levels - 1u);

	if (s2_sl_ok(g, start, oas))
		return false;
	return root > 4u || !s2_sl_ok(g, start + 1u, oas);
}

/*
 * Size of the concatenated stage-2 root (0 if none), derived from the Arm
 * ARM rules as s2_needs_too_many_tables(): concatenation is required where
 * the natural start level is forbidden, and chosen by default where the
 * start level is 0 or 1 and at most 16 tables (root bits <= 4) do.
 */
static uint64_t s2_concat_root(int g, unsigned int ias, unsigned int oas)
{
	unsigned int pg = 12u + 2u * (unsigned int)g, bpl = pg - 3u;
	unsigned int va = ias - pg, levels = (va + bpl - 1u) / bpl;
	unsigned int start = 4u - levels;
	unsigned int root = va - bpl * (levels - 1u);

	if (!s2_sl_ok(g, start, oas) || (start <= 1u && root <= 4u))
		return (1ull << root) << pg;
	return 0;
}

static void matrix_one(int stage, int g, unsigned int ias, unsigned int oas)
{
	uint64_t pgsz = gran_size[g], blk = gran_block[g];
	uint64_t top = 1ull << ias, otop = 1ull << oas;
	uint64_t unm = 0, live_root;
	struct smmuv3_pgtbl_cfg c;
	struct env e;
	int ret;

	env_init(&e, false);
	chk_start(g, stage == 2 ? s2_concat_root(g, ias, oas) : 0);
	c = mkcfg(stage, g, ias, oas, &e.rec);
	ret = smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c);
	if (stage == 2 && s2_needs_too_many_tables(g, ias, oas)) {
		assert_int_equal(ret, SMMUV3_ERANGE);
		assert_int_equal(e.h.n_alloc, 0);
		smmuv3_hosted_fini(&e.h);
		return;
	}
	if (ret)
		fail_msg("init s%d g%d %u/%u: %d", stage, g, ias, oas, ret);
	live_root = e.h.bytes_live;
	/* The root: one granule, or the concatenated tables. */
	assert_int_equal(chk.n_gran + chk.n_concat, 1);
	assert_int_equal(chk.n_concat, chk.concat_root ? 1 : 0);
	assert_int_equal(live_root, chk.concat_root ? chk.concat_root : pgsz);

	/* Pages at the bottom, a block run, pages at the very top of IAS
	 * mapped to the very top of OAS. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 3 * pgsz, 5 * pgsz,
					  SMMUV3_PROT_READ),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 2 * blk, 2 * blk, 2 * blk,
					  SMMUV3_PROT_READ | SMMUV3_PROT_WRITE),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, top - 2 * pgsz,
					  otop - 2 * pgsz, 2 * pgsz,
					  SMMUV3_PROT_WRITE),
			 0);
	check_pa(&e.pg, 0, 3 * pgsz);
	check_pa(&e.pg, 4 * pgsz + 7, 7 * pgsz + 7);
	check_unmapped(&e.pg, 5 * pgsz);
	check_pa(&e.pg, 2 * blk, 2 * blk);
	check_pa(&e.pg, 4 * blk - 1, 4 * blk - 1);
	check_unmapped(&e.pg, 4 * blk);
	check_pa(&e.pg, top - 1, otop - 1);
	/* Tables below the root: one granule each (checked by chk_alloc),
	 * and bytes_live counts exactly those. */
	assert_int_equal(
		e.h.bytes_live,
		live_root + (chk.n_gran - (chk.concat_root ? 0u : 1u)) * pgsz);
	assert_true(chk.n_gran >= 2);
	/* Beyond IAS / OAS. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, top - pgsz, 0, 2 * pgsz,
					  SMMUV3_PROT_READ),
			 SMMUV3_ERANGE);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 8 * pgsz, otop - pgsz,
					  2 * pgsz, SMMUV3_PROT_READ),
			 SMMUV3_ERANGE);
	/* Overlap. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 4 * pgsz, 0, 4 * pgsz,
					  SMMUV3_PROT_READ),
			 SMMUV3_EEXIST);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 2 * blk, 0, blk, SMMUV3_PROT_READ),
		SMMUV3_EEXIST);

	/* Unmap everything: each range frees its tables again. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, top, &unm), 0);
	assert_int_equal(unm, 5 * pgsz + 2 * blk + 2 * pgsz);
	check_unmapped(&e.pg, 0);
	check_unmapped(&e.pg, 2 * blk);
	check_unmapped(&e.pg, top - 1);
	assert_int_equal(e.h.bytes_live, live_root);
	/* One walk flush for the whole span (tables were removed). */
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].leaf_size, 0);
	assert_false(e.rec.calls[0].leaf_only);
	assert_int_equal(e.rec.calls[0].iova, 0);
	assert_int_equal(e.rec.calls[0].size, top);
	env_fini(&e);
}

static void test_matrix(void **state)
{
	static const unsigned int sizes[] = {32, 36, 40, 42, 44, 48, 52};
	int stage, g;
	size_t i, j;

	(void)state;
	for (stage = 1; stage <= 2; stage++)
		for (g = 0; g < 3; g++)
			for (i = 0; i < 7; i++)
				for (j = 0; j < 7; j++) {
					unsigned int ias = sizes[i];
					unsigned int oas = sizes[j];

					if (g != 2 && (ias == 52 || oas == 52))
						continue;
					matrix_one(stage, g, ias, oas);
				}
}

/* ---- errors ----------------------------------------------------------- */

static void test_errors_unchanged(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct snap before = {0}, after = {0};
	struct env e;
	uint64_t unm = 0;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x200000, 0x400000, 0x200000,
					  SMMUV3_PROT_READ),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x1000, 0x1000, 0x3000,
					  SMMUV3_PROT_READ),
			 0);
	snap_take(&e.pg, &before);

	/* Unaligned iova, pa, size; zero size; no permission; bad prot. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x10800, 0, 0x1000, 1),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x10000, 0x800, 0x1000, 1),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x10000, 0, 0x1800, 1),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x10000, 0, 0, 1),
			 SMMUV3_EINVAL);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0x10000, 0, 0x1000, SMMUV3_PROT_NOEXEC),
		SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x10000, 0, 0x1000, 0x200 | 1),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x10000, 0, 0x1000, 0x31),
			 SMMUV3_EINVAL);
	/* A range whose last pages overlap: nothing of it may appear. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x100000, 0, 0x102000,
					  SMMUV3_PROT_READ),
			 SMMUV3_EEXIST);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0, 0, 0x2000, SMMUV3_PROT_READ),
		SMMUV3_EEXIST);
	/* Beyond IAS / OAS, including wrap-around. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 1ull << 48, 0, 0x1000, 1),
			 SMMUV3_ERANGE);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, ~0xfffull, 0, 0x2000, 1),
			 SMMUV3_ERANGE);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0x10000, 1ull << 48, 0x1000, 1),
		SMMUV3_ERANGE);
	/* Partial unmap of the 2M block: refused, not split. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x201000, 0x1000, &unm),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x1000, 0x200000, &unm),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x1800, 0x1000, &unm),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, 1ull << 49, &unm),
			 SMMUV3_ERANGE);
	assert_int_equal(e.rec.n, 0);
	snap_take(&e.pg, &after);
	assert_true(snap_equal(&before, &after));

	/* A hole-only unmap is fine and flushes nothing. */
	assert_int_equal(
		smmuv3_pgtbl_unmap(&e.pg, 0x40000000, 0x40000000, &unm), 0);
	assert_int_equal(unm, 0);
	assert_int_equal(e.rec.n, 0);
	snap_free(&before);
	snap_free(&after);
	env_fini(&e);
}

/*
 * Allocation failure at every point: a 4K map of 1 GiB + 8 MiB starting
 * 4 MiB below a 512 GiB boundary (so it needs new L1, L2 and L3 tables on
 * both sides, next to existing mappings) with an unaligned PA (pages
 * only). Fail the N-th allocation for every N until the map succeeds.
 */
static void test_alloc_fail_every_point(void **state)
{
	const uint64_t iova = (512ull << 30) - 0x400000;
	const uint64_t size = (1ull << 30) + 0x800000;
	struct smmuv3_pgtbl_cfg c;
	struct snap before = {0}, after = {0};
	struct env e;
	uint64_t n, base_alloc, live;
	int ret;

	(void)state;
	env_init_heap(&e); /* the hosted port's fail_at, unwrapped */
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, iova - 0x1000, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, iova + size, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	snap_take(&e.pg, &before);
	live = e.h.bytes_live;
	for (n = 1;; n++) {
		base_alloc = e.h.n_alloc;
		e.h.fail_at = base_alloc + n;
		ret = smmuv3_pgtbl_map(&e.pg, iova, 0x7654321000ull, size,
				       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
		e.h.fail_at = 0;
		if (ret == 0)
			break;
		assert_int_equal(ret, SMMUV3_ENOMEM);
		assert_int_equal(e.h.bytes_live, live);
		snap_take(&e.pg, &after);
		assert_true(snap_equal(&before, &after));
		check_unmapped(&e.pg, iova);
		check_unmapped(&e.pg, iova + size - 1);
	}
	/*
	 * Tables needed: the L1 tables on both sides of the 512 GiB (L0)
	 * boundary exist (they hold the two guard pages), as do the L2 tables
	 * of [511G, 512G) and [513G, 514G). New: 2 L3 tables for
	 * [512G-4M, 512G); one L2 table and 512 L3 tables for [512G, 513G);
	 * 2 L3 tables for [513G, 513G+4M): 517. Failing allocation n for
	 * every n = 1..517 fails the map; n = 518 is never reached.
	 */
	assert_int_equal(n, 518);
	check_pa(&e.pg, iova, 0x7654321000ull);
	check_pa(&e.pg, iova + size - 1, 0x7654321000ull + size - 1);
	snap_free(&before);
	snap_free(&after);
	env_fini(&e);
}

/* ---- flush reporting -------------------------------------------------- */

static void test_flush_reporting(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct env e;
	uint64_t unm = 0;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	/* 4 MiB of pages at 0 (PA unaligned to 2M: pages only). */
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0, 0x1000, 0x400000, SMMUV3_PROT_READ),
		0);
	assert_int_equal(e.rec.n, 0); /* map never flushes */
	/* Leaf-only: pages 1..2 of a table that stays non-empty. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x1000, 0x2000, &unm), 0);
	assert_int_equal(unm, 0x2000);
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].iova, 0x1000);
	assert_int_equal(e.rec.calls[0].size, 0x2000);
	assert_int_equal(e.rec.calls[0].leaf_size, 0x1000);
	assert_true(e.rec.calls[0].leaf_only);
	/* Holes at both ends of the range are not reported: unmap
	 * [0x3000, 0x3000 + 6 pages) after punching 0x3000 and 0x8000 out;
	 * leaves remain at 0x4000..0x7fff -> flush [0x4000, 0x8000). */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x3000, 0x1000, &unm), 0);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x8000, 0x1000, &unm), 0);
	e.rec.n = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x3000, 0x6000, &unm), 0);
	assert_int_equal(unm, 0x4000);
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].iova, 0x4000);
	assert_int_equal(e.rec.calls[0].size, 0x4000);
	assert_int_equal(e.rec.calls[0].leaf_size, 0x1000);
	/* The rest of the first 2M: that L3 table empties and is freed. */
	e.rec.n = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, 0x200000, &unm), 0);
	/* 2 + 1 + 1 + 4 pages of the first 2M were removed above. */
	assert_int_equal(unm, 0x200000 - 0x8000);
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].leaf_size, 0);
	assert_false(e.rec.calls[0].leaf_only);
	assert_int_equal(e.rec.calls[0].iova, 0);
	assert_int_equal(e.rec.calls[0].size, 0x200000);
	/* Mixed leaf sizes without table removal: one call per size. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x40000000, 0x40000000,
					  0x400000, SMMUV3_PROT_READ),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x40400000, 0x1000, 0x2000,
					  SMMUV3_PROT_READ),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x40402000, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	e.rec.n = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x40200000, 0x202000, &unm),
			 0);
	assert_int_equal(unm, 0x202000);
	assert_int_equal(e.rec.n, 2);
	/*
	 * Either order: each size over its own leaves, so that the range is
	 * a multiple of its leaf size (tlbi.h): the 2M block
	 * [0x40200000, 0x40400000) and the two 4K pages
	 * [0x40400000, 0x40402000). (One 2M flush over the whole removed span
	 * would start on a 2M boundary but end 8K past one.)
	 */
	{
		unsigned int b = e.rec.calls[0].leaf_size == 0x200000 ? 0 : 1;

		assert_true(e.rec.calls[0].leaf_only &&
			    e.rec.calls[1].leaf_only);
		assert_int_equal(e.rec.calls[b].leaf_size, 0x200000);
		assert_int_equal(e.rec.calls[b].iova, 0x40200000);
		assert_int_equal(e.rec.calls[b].size, 0x200000);
		assert_int_equal(e.rec.calls[1 - b].leaf_size, 0x1000);
		assert_int_equal(e.rec.calls[1 - b].iova, 0x40400000);
		assert_int_equal(e.rec.calls[1 - b].size, 0x2000);
	}
	check_pa(&e.pg, 0x40000000, 0x40000000);
	check_pa(&e.pg, 0x40402000, 0x1000);
	check_pa(&e.pg, 0x200000, 0x201000);
	env_fini(&e);
}

/* ---- failed flushes --------------------------------------------------- */

/*
 * A flush that fails when tables were removed: unmap returns its error, the
 * mappings are gone, but no table is freed (the SMMU's walk cache may still
 * point into it) until a flush of the pending span succeeds, or destroy.
 *
 * Layout (stage 1, 4K, IAS 48: start level 0): 8 pages at 0x600000 need a
 * level-1, a level-2 and a level-3 table under the root. Unmapping the
 * whole 2 MiB at 0x600000 unlinks the level-3 table with one store at
 * level 2 (it lies wholly inside), then the level-2 and level-1 tables
 * that are left empty: one table flush (leaf_size 0) of exactly
 * [0x600000, 0x800000), the span of the removed level-2 entry.
 */
static void test_flush_failure_tables(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct snap sn = {0};
	struct env e;
	uint64_t base_live, mapped_live, mapped_free, unm = 0;
	smmuv3_pa_t pa;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	base_live = e.h.bytes_live; /* the root */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x1000, 8 * 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	mapped_live = e.h.bytes_live;
	mapped_free = e.h.n_free;
	assert_true(mapped_live > base_live); /* three tables */

	/* The table flush fails (a command-queue timeout behind it). */
	e.rec.fail_table = SMMUV3_ETIMEDOUT;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x200000, &unm),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(unm, 8 * 0x1000); /* the mappings are gone */
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].iova, 0x600000);
	assert_int_equal(e.rec.calls[0].size, 0x200000);
	assert_int_equal(e.rec.calls[0].leaf_size, 0);
	assert_false(e.rec.calls[0].leaf_only);
	/* ... but nothing was freed. */
	assert_int_equal(e.h.bytes_live, mapped_live);
	assert_int_equal(e.h.n_free, mapped_free);
	assert_int_equal(smmuv3_pgtbl_iova_to_phys(&e.pg, 0x603000, &pa),
			 SMMUV3_ENOENT);
	snap_take(&e.pg, &sn); /* unlinked: the walker sees nothing */
	assert_int_equal(sn.n, 0);
	snap_free(&sn);

	/* Errors found before any change do not retry anything. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600800, 0x1000, &unm),
			 SMMUV3_EINVAL);
	assert_int_equal(e.rec.n, 1);

	/* Called again (a hole now) while the queue still fails: the
	 * pending span is flushed again, as a table flush, and fails. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x200000, &unm),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(unm, 0);
	assert_int_equal(e.rec.n, 2);
	assert_int_equal(e.rec.calls[1].iova, 0x600000);
	assert_int_equal(e.rec.calls[1].size, 0x200000);
	assert_int_equal(e.rec.calls[1].leaf_size, 0);
	assert_int_equal(e.h.bytes_live, mapped_live);
	assert_int_equal(e.h.n_free, mapped_free);

	/* The queue recovers: an unmap of an unrelated hole flushes the
	 * pending span (only it: nothing else changed) and frees all three
	 * tables, back to the root alone. */
	e.rec.fail_table = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x40000000, 0x1000, &unm),
			 0);
	assert_int_equal(unm, 0);
	assert_int_equal(e.rec.n, 3);
	assert_int_equal(e.rec.calls[2].iova, 0x600000);
	assert_int_equal(e.rec.calls[2].size, 0x200000);
	assert_int_equal(e.rec.calls[2].leaf_size, 0);
	assert_int_equal(e.h.bytes_live, base_live);
	assert_int_equal(e.h.n_free, mapped_free + 3);
	/* Nothing pending any more: a hole flushes nothing. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x40000000, 0x1000, &unm),
			 0);
	assert_int_equal(e.rec.n, 3);
	/* The IOVAs can be mapped again. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x2000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	check_pa(&e.pg, 0x600000, 0x2000);
	env_fini(&e);
}

/*
 * Tables kept by a failed flush are freed by destroy (env_fini checks that
 * every byte came back), and a later successful unmap that removes more
 * tables frees both sets with one table flush over the union of the spans.
 */
static void test_flush_failure_destroy(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct env e;
	uint64_t base_live, nfree, unm = 0;

	(void)state;
	/* Destroy with tables kept. */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	nfree = e.h.n_free;
	e.rec.fail_table = SMMUV3_EIO;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x1000, &unm),
			 SMMUV3_EIO);
	assert_int_equal(e.h.n_free, nfree); /* three tables kept */
	env_fini(&e); /* bytes_live 0, n_alloc == n_free */

	/*
	 * Union. Pages at 0x600000 and 0x40000000: one level-1 table (0..512
	 * GiB) holding level-2 table A (0..1 GiB, entry 0) and B (1..2 GiB,
	 * entry 1), each with one level-3 table. Unmapping 0x600000 empties
	 * its level-3 table and A (removed; the level-1 table keeps B): the
	 * flush covers the cleared page [0x600000, 0x601000) and fails.
	 * Unmapping 0x40000000 then empties the rest: one table flush from
	 * 0x600000 to 0x40001000, and everything but the root is freed.
	 */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	base_live = e.h.bytes_live;
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x40000000, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	e.rec.fail_table = SMMUV3_EIO;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x1000, &unm),
			 SMMUV3_EIO);
	e.rec.fail_table = 0;
	e.rec.n = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x40000000, 0x1000, &unm),
			 0);
	assert_int_equal(unm, 0x1000);
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].leaf_size, 0);
	assert_false(e.rec.calls[0].leaf_only);
	assert_int_equal(e.rec.calls[0].iova, 0x600000);
	assert_int_equal(e.rec.calls[0].size, 0x40001000 - 0x600000);
	assert_int_equal(e.h.bytes_live, base_live); /* all freed */
	env_fini(&e);
}

/*
 * A failed leaf-only flush is returned too; no table was removed, so
 * nothing is kept, but the span stays pending and the next unmap flushes
 * it again (same leaf size, leaf-only). flush_all (used when there is no
 * flush op) follows the same rules for removed tables.
 */
static void test_flush_failure_leaf_and_all(void **state)
{
	static const struct smmuv3_pgtbl_flush_ops all_only = {
		.flush_all = rec_flush_all,
	};
	struct smmuv3_pgtbl_cfg c;
	struct env e;
	uint64_t live, nfree, base_live, unm = 0;
	smmuv3_pa_t pa;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0x1000, 4 * 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	live = e.h.bytes_live;
	e.rec.fail_leaf = SMMUV3_ETIMEDOUT;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x1000, 0x1000, &unm),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(unm, 0x1000);
	assert_int_equal(smmuv3_pgtbl_iova_to_phys(&e.pg, 0x1000, &pa),
			 SMMUV3_ENOENT);
	check_pa(&e.pg, 0x2000, 0x3000); /* the neighbours stay */
	assert_int_equal(e.h.bytes_live, live);
	e.rec.fail_leaf = 0;
	e.rec.n = 0;
	/* Unmapping the page at 0x3000 flushes [0x1000, 0x4000): the pending
	 * page and the new one, 4K leaves. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x3000, 0x1000, &unm), 0);
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].iova, 0x1000);
	assert_int_equal(e.rec.calls[0].size, 0x3000);
	assert_int_equal(e.rec.calls[0].leaf_size, 0x1000);
	assert_true(e.rec.calls[0].leaf_only);
	env_fini(&e);

	/* flush_all only. */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	c.flush = &all_only;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	base_live = e.h.bytes_live;
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x1000, 0x1000,
					  SMMUV3_PROT_READ),
			 0);
	live = e.h.bytes_live;
	nfree = e.h.n_free;
	e.rec.fail_all = SMMUV3_EIO;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x1000, &unm),
			 SMMUV3_EIO);
	assert_int_equal(e.rec.n_all, 1);
	assert_int_equal(e.h.bytes_live, live);
	assert_int_equal(e.h.n_free, nfree);
	e.rec.fail_all = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x1000, &unm), 0);
	assert_int_equal(e.rec.n_all, 2);
	assert_int_equal(e.h.bytes_live, base_live);
	env_fini(&e);
}

/*
 * No flush op (or an op table with neither op): nothing can invalidate an
 * SMMU's walk cache, so a removed table is never freed before destroy (a
 * walk still holding it must not read reused memory). The mappings are
 * gone at once; destroy frees everything.
 */
static void test_no_flush_ops_keep_tables(void **state)
{
	static const struct smmuv3_pgtbl_flush_ops none = {NULL, NULL};
	struct smmuv3_pgtbl_cfg c;
	struct env e;
	uint64_t live, nfree, unm = 0;
	smmuv3_pa_t pa;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		env_init(&e, false);
		c = mkcfg(1, 0, 48, 48, &e.rec);
		c.flush = i ? &none : NULL;
		assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c),
				 0);
		/* 4 pages at 0x600000: level-1, -2 and -3 tables. */
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x1000,
						  0x4000, SMMUV3_PROT_READ),
				 0);
		live = e.h.bytes_live;
		nfree = e.h.n_free;
		/* Emptied and unlinked, but none of the three freed. */
		assert_int_equal(
			smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x4000, &unm), 0);
		assert_int_equal(unm, 0x4000);
		assert_int_equal(
			smmuv3_pgtbl_iova_to_phys(&e.pg, 0x600000, &pa),
			SMMUV3_ENOENT);
		assert_int_equal(e.h.bytes_live, live);
		assert_int_equal(e.h.n_free, nfree);
		/* Mapped and unmapped again: new tables, still none freed. */
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x600000, 0x1000,
						  0x4000, SMMUV3_PROT_READ),
				 0);
		check_pa(&e.pg, 0x601000, 0x2000);
		assert_int_equal(
			smmuv3_pgtbl_unmap(&e.pg, 0x600000, 0x4000, &unm), 0);
		assert_true(e.h.bytes_live > live);
		assert_int_equal(e.h.n_free, nfree);
		assert_int_equal(e.rec.n, 0);
		env_fini(&e); /* destroy frees them all */
	}
}

/* ---- non-coherent walkers --------------------------------------------- */

static void test_noncoherent_cleans(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct smmuv3_pgtbl_hwcfg hw;
	struct env e;
	uint64_t n0;

	(void)state;
	env_init(&e, true);
	c = mkcfg(1, 0, 48, 40, &e.rec);
	c.coherent = false;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(&e.pg, &hw), 0);
	assert_int_equal(hw.sh, 2);
	assert_int_equal(hw.irgn, 0);
	n0 = e.h.n_clean;
	assert_true(n0 >= 1); /* the zeroed root */
	/* One page in a fresh tree: 3 new tables (L1, L2, L3), each cleaned
	 * before its table descriptor is stored, each descriptor cleaned,
	 * and the page run cleaned: 3 + 3 + 1. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x1000, 0x1000, 0x1000, 1), 0);
	assert_int_equal(e.h.n_clean - n0, 7);
	n0 = e.h.n_clean;
	/* Unmap: the page run, then three table descriptors. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x1000, 0x1000, NULL), 0);
	assert_int_equal(e.h.n_clean - n0, 4);
	env_fini(&e);
}

/* ---- HTTU dirty tracking ---------------------------------------------- */

struct dirty_rec {
	uint64_t iova[16], size[16];
	unsigned int n;
};

static void dirty_fn(void *arg, smmuv3_iova_t iova, uint64_t size)
{
	struct dirty_rec *r = arg;

	if (r->n < 16) {
		r->iova[r->n] = iova;
		r->size[r->n] = size;
	}
	r->n++;
}

struct ptep_find {
	uint64_t iova;
	uint64_t *ptep;
	const struct smmuv3_pgtbl *pg;
};

/* Locate a leaf's memory: hosted PA == VA, tables reported before leaves. */
static int ptep_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct ptep_find *f = arg;
	static uint64_t *tbl;

	if (!e->leaf) {
		tbl = (uint64_t *)(uintptr_t)e->addr;
		return 0;
	}
	if (e->iova == f->iova)
		f->ptep = tbl + ((e->iova >> f->pg->shift[e->level]) &
				 ((1u << f->pg->bpl) - 1u));
	return 0;
}

static void test_dirty(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct dirty_rec r = {{0}, {0}, 0};
	struct ptep_find f;
	struct env e;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(&e.pg, 0, 0x1000, 0,
							   dirty_fn, &r),
			 SMMUV3_EOPNOTSUPP);
	smmuv3_pgtbl_destroy(&e.pg);
	c.flags = SMMUV3_PGTBL_F_HTTU_HD;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	/* RW pages + one RW 2M block + one RO page. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x1000, 0x1000, 0x2000, 3), 0);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0x200000, 0x200000, 0x200000, 3), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x5000, 0x5000, 0x1000, 1), 0);
	/* Freshly mapped writable leaves start writable-dirty. */
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(
				 &e.pg, 0, 0x400000, SMMUV3_DIRTY_NO_CLEAR,
				 dirty_fn, &r),
			 0);
	assert_int_equal(r.n, 3);
	r.n = 0;
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(&e.pg, 0, 0x400000,
							   0, dirty_fn, &r),
			 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.iova[2], 0x200000);
	assert_int_equal(r.size[2], 0x200000);
	r.n = 0;
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(&e.pg, 0, 0x400000,
							   0, dirty_fn, &r),
			 0);
	assert_int_equal(r.n, 0);
	/* The SMMU writes page 0x2000: it clears AP[2] (DBM stays). */
	f.iova = 0x2000;
	f.ptep = NULL;
	f.pg = &e.pg;
	assert_int_equal(smmuv3_pgtbl_walk(&e.pg, 0, 0x400000, ptep_cb, &f), 0);
	assert_non_null(f.ptep);
	assert_true((*f.ptep & SMMUV3_PTE_DBM) && (*f.ptep & 0x80));
	*f.ptep &= ~0x80ull;
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(&e.pg, 0, 0x400000,
							   0, dirty_fn, &r),
			 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.iova[0], 0x2000);
	assert_int_equal(r.size[0], 0x1000);
	assert_true(*f.ptep & 0x80);
	env_fini(&e);
}

/* ---- walker ------------------------------------------------------------ */

static int count_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	unsigned int *n = arg;

	n[e->leaf ? 1 : 0]++;
	return n[1] == 100 ? 42 : 0;
}

static void test_walker(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct env e;
	unsigned int n[2] = {0, 0};

	(void)state;
	env_init(&e, false);
	c = mkcfg(2, 2, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	/* 64K: 8 pages, a 512M block, 200 pages across an L2 boundary. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0, 0x80000, 1), 0);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0x20000000, 0x20000000, 0x20000000, 1),
		0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x40000000000ull - 0x640000,
					  0x10000, 0xC80000, 1),
			 0);
	/* Range [0x10000, 0x30000): 64K S2 48-bit starts at L1 (64-entry
	 * root, not concatenated): the L1 entry pointing at the L2 table,
	 * the L2 entry pointing at the L3 table, two pages. */
	assert_int_equal(
		smmuv3_pgtbl_walk(&e.pg, 0x10000, 0x20000, count_cb, n), 0);
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 2);
	n[0] = n[1] = 0;
	/* Stop after the 100th leaf: 8 pages, 1 block, 91 more pages. */
	assert_int_equal(smmuv3_pgtbl_walk(&e.pg, 0, 1ull << 48, count_cb, n),
			 42);
	assert_int_equal(n[1], 100);
	env_fini(&e);
}

/* Configuration checked against probed capabilities. */
static void test_caps(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_pgtbl_cfg c;
	struct smmuv3_pgtbl_hwcfg hw;
	struct find_leaf f = {0x40000000, {0}, 0};
	struct env e;

	(void)state;
	memset(&caps, 0, sizeof(caps));
	caps.features =
		SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2 | SMMUV3_FEAT_HD;
	caps.pgsize[SMMUV3_GRANULE_4K] = 0x1000 | 0x200000; /* no 1G */
	caps.oas_bits = 44;
	caps.s1_ias_bits = 48;
	caps.s1_oas_bits = 44;
	caps.s2_ias_bits = 44;
	caps.s2_oas_bits = 44;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 44, &e.rec);
	c.flags = SMMUV3_PGTBL_F_HTTU_HD;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c), 0);
	/* 1 GiB aligned both sides, but 1G blocks are not in pgsize: 2M. */
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 0x40000000, 0x40000000, 0x40000000, 3),
		0);
	assert_int_equal(
		smmuv3_pgtbl_walk(&e.pg, 0x40000000, 0x1000, find_leaf_cb, &f),
		0);
	assert_int_equal(f.found, 1);
	assert_int_equal(f.e.size, 0x200000);
	smmuv3_pgtbl_destroy(&e.pg);
	/* Beyond the probed sizes, absent granule/stage/features. */
	c.oas = 48;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c),
			 SMMUV3_EOPNOTSUPP);
	c = mkcfg(1, 1, 48, 44, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c),
			 SMMUV3_EOPNOTSUPP);
	c = mkcfg(2, 0, 40, 40, &e.rec);
	c.flags = SMMUV3_PGTBL_F_S2FWB;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c),
			 SMMUV3_EOPNOTSUPP);
	caps.features &= ~SMMUV3_FEAT_HD;
	c = mkcfg(1, 0, 48, 44, &e.rec);
	c.flags = SMMUV3_PGTBL_F_HTTU_HD;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c),
			 SMMUV3_EOPNOTSUPP);
	/*
	 * Stage 2, 4K, IAS 40 over a 40-bit S2PS, no optional concatenation:
	 * with the SMMU's PA size 44 the walk may start at level 0 (SL0 2,
	 * a 2-entry root); without caps the PA size is taken as 40 < 44 and
	 * two level-1 tables are concatenated (SL0 1).
	 */
	c = mkcfg(2, 0, 40, 40, &e.rec);
	c.flags = SMMUV3_PGTBL_F_NO_OPT_CONCAT;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(&e.pg, &hw), 0);
	assert_int_equal(hw.sl0, 2);
	assert_int_equal(e.pg.concat, 1);
	smmuv3_pgtbl_destroy(&e.pg);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, no_caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(&e.pg, &hw), 0);
	assert_int_equal(hw.sl0, 1);
	assert_int_equal(e.pg.concat, 2);
	caps.features &= ~SMMUV3_FEAT_TRANS_S2;
	smmuv3_pgtbl_destroy(&e.pg);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c),
			 SMMUV3_EOPNOTSUPP);
	/* NULL arguments. */
	assert_int_equal(smmuv3_pgtbl_init(NULL, &e.osal, NULL, &c),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_map(NULL, 0, 0, 0x1000, 1),
			 SMMUV3_EINVAL);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc_vectors),
		cmocka_unit_test(test_cfg_vectors),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_errors_unchanged),
		cmocka_unit_test(test_alloc_fail_every_point),
		cmocka_unit_test(test_flush_reporting),
		cmocka_unit_test(test_flush_failure_tables),
		cmocka_unit_test(test_flush_failure_destroy),
		cmocka_unit_test(test_flush_failure_leaf_and_all),
		cmocka_unit_test(test_no_flush_ops_keep_tables),
		cmocka_unit_test(test_noncoherent_cleans),
		cmocka_unit_test(test_dirty),
		cmocka_unit_test(test_walker),
		cmocka_unit_test(test_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
