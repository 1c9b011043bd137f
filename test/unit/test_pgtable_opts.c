// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests of the page-table options a hypervisor uses: tables in a
 * per-table allocation context (a strict page cache sized with
 * smmuv3_pgtbl_max_tables()), tables whose PA differs from their VA (the
 * bare-metal arena with a PA offset, so every walk goes through
 * phys_to_virt), the empty-table policy and trim, the page-size mask, the
 * split modes and their refusals, and the refused silent acceptances
 * (non-coherent walker without cache_clean, PRIV at stage 2, executable
 * Device memory). Translations are checked with iova_to_phys and the
 * walker; the model-based split test is in test_pgtable_model.c.
 */
#define _DEFAULT_SOURCE /* mmap MAP_32BIT in test_pgtable_util.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <smmuv3/hw/lpae.h>

#include "smmuv3_osal_baremetal.h"
#include "test_pgtable_util.h"

#define K4 0x1000ull
#define M2 0x200000ull
#define G1 0x40000000ull
#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)

struct env {
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_osal_ops ops;
	struct flush_rec rec;
	struct smmuv3_pgtbl pg;
};

static void env_init(struct env *e, bool noncoherent)
{
	memset(e, 0, sizeof(*e));
	assert_int_equal(smmuv3_hosted_init(&e->h, NULL, &e->osal), 0);
	lowmem_ops(&e->ops, noncoherent ? &smmuv3_hosted_noncoherent_ops
					: &smmuv3_hosted_ops);
	e->osal.ops = &e->ops;
}

static void env_fini(struct env *e)
{
	/* Every table's count of valid entries was kept exact. */
	if (e->pg.root)
		assert_int_equal(check_counts(&e->pg), 0);
	smmuv3_pgtbl_destroy(&e->pg);
	assert_int_equal(e->h.bytes_live, 0);
	smmuv3_hosted_fini(&e->h);
}

static uint64_t pa_of(const struct smmuv3_pgtbl *pg, uint64_t iova)
{
	smmuv3_pa_t pa = 0;
	int r = smmuv3_pgtbl_iova_to_phys(pg, iova, &pa);

	return r ? UINT64_MAX : pa;
}

/* Leaf sizes seen by the walker in a range. */
struct leaves {
	unsigned int n;
	uint64_t min, max;
};

static int leaves_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct leaves *l = arg;

	if (!e->leaf)
		return 0;
	l->n++;
	if (!l->min || e->size < l->min)
		l->min = e->size;
	if (e->size > l->max)
		l->max = e->size;
	return 0;
}

static struct leaves leaves_in(const struct smmuv3_pgtbl *pg, uint64_t iova,
			       uint64_t size)
{
	struct leaves l = {0, 0, 0};

	assert_int_equal(smmuv3_pgtbl_walk(pg, iova, size, leaves_cb, &l), 0);
	return l;
}

/* ---- refused silent acceptances ------------------------------------- */

static void test_refusals(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct snap a = {0}, b = {0};
	struct env e;

	(void)state;
	/* A non-coherent walker needs a port that cleans. */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	c.coherent = false;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
			 SMMUV3_EINVAL);
	assert_int_equal(e.h.n_alloc, 0);
	smmuv3_hosted_fini(&e.h);
	env_init(&e, true);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	env_fini(&e);

	/* Stage 2: no PRIV; both stages: Device memory only with NOEXEC. */
	for (int stage = 1; stage <= 2; stage++) {
		env_init(&e, false);
		c = mkcfg(stage, 0, 48, 48, &e.rec);
		assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
				 0);
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0, K4, RW), 0);
		snap_take(&e.pg, &a);
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2, 0, K4,
						  RW | SMMUV3_PROT_PRIV),
				 stage == 2 ? SMMUV3_EINVAL : 0);
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, 2 * M2, 0, K4,
						  RW | SMMUV3_PROT_MEM_DEVICE),
				 SMMUV3_EINVAL);
		if (stage == 2) {
			snap_take(&e.pg, &b);
			assert_true(snap_equal(&a, &b));
		}
		assert_int_equal(smmuv3_pgtbl_map(&e.pg, 2 * M2, 0, K4,
						  RW | SMMUV3_PROT_MEM_DEVICE |
							  SMMUV3_PROT_NOEXEC),
				 0);
		env_fini(&e);
	}
	snap_free(&a);
	snap_free(&b);
}

/* ---- phys_to_virt and allocation contexts ---------------------------- */

static void test_needs_phys_to_virt(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	struct env e;

	(void)state;
	env_init(&e, false);
	e.ops.phys_to_virt = NULL;
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
			 SMMUV3_ENOSYS);
	assert_int_equal(e.h.n_alloc, 0);
	smmuv3_hosted_fini(&e.h);
	/* The hosted port's own mapping: PA == VA both ways. */
	{
		smmuv3_pa_t pa = 0;
		int x;

		assert_int_equal(smmuv3_hosted_ops.virt_to_phys(NULL, &x, &pa),
				 0);
		assert_ptr_equal(smmuv3_hosted_ops.phys_to_virt(NULL, pa), &x);
	}
}

/*
 * A strict page cache, as a hypervisor keeps per VM: single granules only
 * (any other request fails), a fixed number of them, refilled by the
 * caller. Every table must come from it; the OSAL's allocator fails.
 */
#define CACHE_MAX 64
struct page_cache {
	void *page[CACHE_MAX];
	unsigned int n, gets, puts, bad;
	size_t gran;
};

static void *pc_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct page_cache *pc = ctx;
	void *p;

	if (size != pc->gran || align != pc->gran) {
		pc->bad++;
		return NULL;
	}
	if (!pc->n)
		return NULL;
	p = pc->page[--pc->n];
	memset(p, 0, pc->gran);
	pc->gets++;
	*pa = (smmuv3_pa_t)(uintptr_t)p;
	return p;
}

static void pc_free(void *ctx, void *va, size_t size)
{
	struct page_cache *pc = ctx;

	assert_int_equal(size, pc->gran);
	assert_true(pc->n < CACHE_MAX);
	pc->page[pc->n++] = va;
	pc->puts++;
}

static void *pc_p2v(void *ctx, smmuv3_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static const struct smmuv3_pgtbl_mm_ops pc_ops = {pc_alloc, pc_free, pc_p2v};

static void pc_refill(struct page_cache *pc, unsigned int want)
{
	while (pc->n < want) {
		void *p = NULL;

		assert_int_equal(posix_memalign(&p, pc->gran, pc->gran), 0);
		pc->page[pc->n++] = p;
	}
}

static void pc_drain(struct page_cache *pc)
{
	while (pc->n)
		free(pc->page[--pc->n]);
}

static void test_alloc_context(void **state)
{
	static const struct smmuv3_pgtbl_mm_ops half = {pc_alloc, pc_free,
							NULL};
	struct page_cache pc = {{NULL}, 0, 0, 0, 0, 0x1000};
	struct smmuv3_pgtbl_cfg c;
	struct snap a = {0}, b = {0};
	uint64_t need = 0, before;
	struct env e;

	(void)state;
	env_init(&e, false);
	e.h.fail_at = 1; /* the OSAL allocator fails every time */
	c = mkcfg(2, 0, 48, 48, &e.rec);
	c.mm = &half;
	c.mm_ctx = &pc;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
			 SMMUV3_EINVAL);
	c.mm = &pc_ops;
	/* Stage 2, IAS 48, 4K: start level 0 with 512 root entries, no
	 * concatenation: the root is one granule too. */
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
			 SMMUV3_ENOMEM);
	pc_refill(&pc, 1);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(pc.n, 0);

	/* 3 pages across a 2M boundary below 512G: the bound is one L1,
	 * one L2 and two L3 tables; an empty table needs all four. */
	assert_int_equal(smmuv3_pgtbl_max_tables(&e.pg, M2 - K4, 3 * K4, &need),
			 0);
	assert_int_equal(need, 4);
	pc_refill(&pc, 3);
	snap_take(&e.pg, &a);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, M2 - K4, 0x80000000, 3 * K4, RW),
		SMMUV3_ENOMEM);
	snap_take(&e.pg, &b);
	assert_true(snap_equal(&a, &b));
	assert_int_equal(pc.n, 3); /* every page went back */
	/* Topped up to the bound: the map cannot fail for memory. */
	pc_refill(&pc, (unsigned int)need);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, M2 - K4, 0x80000000, 3 * K4, RW), 0);
	assert_int_equal(pc.n, 0);
	assert_int_equal(pa_of(&e.pg, M2), 0x80001000);
	/* Bound over a large range: one L1, 2 L2, 513 L3 tables. */
	assert_int_equal(
		smmuv3_pgtbl_max_tables(&e.pg, G1 - M2, G1 + 2 * K4, &need), 0);
	assert_int_equal(need, 1 + 2 + 513);
	assert_int_equal(smmuv3_pgtbl_max_tables(&e.pg, 0, 0, &need),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_max_tables(&e.pg, 1ull << 48, K4, &need),
			 SMMUV3_ERANGE);
	assert_int_equal(smmuv3_pgtbl_max_tables(NULL, 0, K4, &need),
			 SMMUV3_EINVAL);

	/* Unmap gives the tables back to the cache after the flush. */
	before = pc.puts;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, G1, NULL), 0);
	assert_int_equal(pc.puts - before, 4);
	assert_int_equal(pc.bad, 0);
	smmuv3_pgtbl_destroy(&e.pg);
	assert_int_equal(pc.gets, pc.puts);
	assert_int_equal(e.h.n_alloc, 0); /* nothing from the OSAL */
	smmuv3_hosted_fini(&e.h);
	pc_drain(&pc);
	snap_free(&a);
	snap_free(&b);
}

/*
 * Tables whose PA is not their VA: the bare-metal arena with a PA offset
 * (tables appear at PA 0x4000_0000 onwards); every walk must go through
 * phys_to_virt. 16K granule, stage 1.
 */
#define ARENA_SIZE (1u << 20)
static _Alignas(65536) uint8_t arena[ARENA_SIZE];

static void test_pa_not_va(void **state)
{
	struct smmuv3_baremetal bm;
	struct smmuv3_osal_ops ops = smmuv3_hosted_ops;
	struct smmuv3_osal osal = {&ops, &bm};
	struct flush_rec rec = {0};
	struct smmuv3_pgtbl_cfg c = mkcfg(1, 1, 47, 48, &rec);
	struct smmuv3_pgtbl pg;
	uint64_t off = 0x40000000ull - (uint64_t)(uintptr_t)arena;
	size_t free0;
	smmuv3_pa_t pa = 0;

	(void)state;
	memset(&bm, 0, sizeof(bm));
	assert_int_equal(smmuv3_bm_arena_init(&bm, arena, ARENA_SIZE, off), 0);
	free0 = bm.bytes_free;
	ops.alloc = smmuv3_bm_arena_alloc;
	ops.free = smmuv3_bm_arena_free;
	ops.virt_to_phys = smmuv3_bm_arena_virt_to_phys;
	ops.phys_to_virt = smmuv3_bm_arena_phys_to_virt;
	/* The port's pair: inverse of each other; outside: NULL. */
	assert_int_equal(smmuv3_bm_arena_virt_to_phys(&bm, arena + 0x20, &pa),
			 0);
	assert_int_equal(pa, 0x40000020);
	assert_ptr_equal(smmuv3_bm_arena_phys_to_virt(&bm, pa), arena + 0x20);
	assert_null(smmuv3_bm_arena_phys_to_virt(&bm, 0x3fffffff));
	assert_null(smmuv3_bm_arena_phys_to_virt(&bm, 0x40000000 + ARENA_SIZE));

	assert_int_equal(smmuv3_pgtbl_init(&pg, &osal, NULL, &c), 0);
	assert_int_equal(pg.root_pa, pg.hw.ttbr);
	assert_true(pg.root_pa >= 0x40000000 &&
		    pg.root_pa < 0x40000000 + ARENA_SIZE);
	assert_int_equal(smmuv3_pgtbl_map(&pg, 0x4000, 0x8000, 0x8000, RW), 0);
	assert_int_equal(
		smmuv3_pgtbl_map(&pg, 1ull << 46, 0x2000000, 0x2000000, RW), 0);
	assert_int_equal(pa_of(&pg, 0x4008), 0x8008);
	assert_int_equal(pa_of(&pg, (1ull << 46) + 0x4000), 0x2004000);
	assert_int_equal(smmuv3_pgtbl_unmap(&pg, 0x4000, 0x4000, NULL), 0);
	assert_int_equal(pa_of(&pg, 0x4008), UINT64_MAX);
	assert_int_equal(pa_of(&pg, 0x8008), 0xc008);
	smmuv3_pgtbl_destroy(&pg);
	assert_int_equal(bm.bytes_free, free0);
}

/* ---- empty-table policy and trim ------------------------------------- */

static void test_keep_empty_trim(void **state)
{
	struct smmuv3_pgtbl_cfg c;
	uint64_t n = 0, live, allocs;
	struct env e;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	c.flags = SMMUV3_PGTBL_F_KEEP_EMPTY;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	live = e.h.bytes_live;
	/* Map/unmap cycles of one page: the tables are allocated once. */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(
			smmuv3_pgtbl_map(&e.pg, 0x5000, 0x9000, K4, RW), 0);
		assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x5000, K4, &n), 0);
		assert_int_equal(n, K4);
	}
	assert_int_equal(e.h.n_alloc, 4); /* root, L1, L2, L3 */
	assert_int_equal(e.h.bytes_live, live + 3 * K4);
	/* Only leaf flushes: no table went. */
	for (unsigned int i = 0; i < e.rec.n; i++)
		assert_true(e.rec.calls[i].leaf_only);

	/* A second page elsewhere keeps its L3 table non-empty. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2 + K4, 0, K4, RW), 0);
	assert_int_equal(e.h.n_alloc, 5);
	/* Trim: the empty L3 table goes; the rest is in use. A failing
	 * flush keeps it allocated (unlinked) until the retry. */
	e.rec.n = 0;
	e.rec.fail_table = SMMUV3_ETIMEDOUT;
	assert_int_equal(smmuv3_pgtbl_trim(&e.pg, &n), SMMUV3_ETIMEDOUT);
	assert_int_equal(n, 1);
	assert_int_equal(e.h.bytes_live, live + 4 * K4);
	e.rec.fail_table = 0;
	assert_int_equal(smmuv3_pgtbl_trim(&e.pg, &n), 0);
	assert_int_equal(n, 0); /* nothing new, the pending one freed */
	assert_int_equal(e.h.bytes_live, live + 3 * K4);
	assert_int_equal(e.rec.n, 2);
	assert_int_equal(e.rec.calls[0].leaf_size, 0);
	assert_int_equal(e.rec.calls[0].iova, 0);
	assert_int_equal(e.rec.calls[0].size, M2);
	assert_int_equal(pa_of(&e.pg, M2 + K4), 0);
	/* Empty everything (tables kept), then trim cascades: L3, L2, L1. */
	allocs = e.h.n_alloc;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, M2, K4 * 2, NULL), 0);
	assert_int_equal(e.h.n_alloc, allocs);
	assert_int_equal(smmuv3_pgtbl_trim(&e.pg, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(e.h.bytes_live, live);
	assert_int_equal(smmuv3_pgtbl_trim(NULL, &n), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pgtbl_trim(&e.pg, NULL), 0);
	env_fini(&e);

	/* Default policy: unmap frees the emptied tables at once. */
	env_init(&e, false);
	c.flags = 0;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0x5000, 0x9000, K4, RW), 0);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0x5000, K4, NULL), 0);
	assert_int_equal(e.h.bytes_live, live);
	env_fini(&e);
}

/* ---- page-size mask --------------------------------------------------- */

static void test_pgsize_mask(void **state)
{
	static const struct {
		int g;
		unsigned int oas;
		uint64_t mask;
		int ret;
	} v[] = {
		{0, 48, K4, 0},
		{0, 48, K4 | M2, 0},
		{0, 48, K4 | M2 | G1, 0},
		{0, 48, M2, SMMUV3_EINVAL},	     /* no page size */
		{0, 48, K4 | G1, SMMUV3_EINVAL},     /* a gap */
		{0, 48, K4 | 0x4000, SMMUV3_EINVAL}, /* not a 4K leaf size */
		{1, 48, 0x4000 | 0x2000000, 0},
		{1, 48, 0x2000000, SMMUV3_EINVAL},
		{2, 48, 0x10000 | 0x20000000, 0},
		{2, 48, 0x10000 | 0x20000000 | (1ull << 42), SMMUV3_EINVAL},
		{2, 52, 0x10000 | 0x20000000 | (1ull << 42), 0},
	};
	struct smmuv3_pgtbl_cfg c;
	struct leaves l;
	struct env e;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		env_init(&e, false);
		c = mkcfg(1, v[i].g, v[i].oas, v[i].oas, &e.rec);
		c.pgsize_mask = v[i].mask;
		assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
				 v[i].ret);
		if (!v[i].ret)
			smmuv3_pgtbl_destroy(&e.pg);
		smmuv3_hosted_fini(&e.h);
	}

	/* 4K only: an aligned 4 MiB identity map is 1024 pages. */
	env_init(&e, false);
	c = mkcfg(2, 0, 40, 40, &e.rec);
	c.pgsize_mask = K4;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, G1, G1, 2 * M2, RW), 0);
	l = leaves_in(&e.pg, G1, 2 * M2);
	assert_int_equal(l.n, 1024);
	assert_int_equal(l.max, K4);
	assert_int_equal(pa_of(&e.pg, G1 + M2 + 8), G1 + M2 + 8);
	env_fini(&e);
	/* Up to 2M: a 1G-aligned GiB is 512 blocks of 2M, not one of 1G. */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	c.pgsize_mask = K4 | M2;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, G1, G1, G1, RW), 0);
	l = leaves_in(&e.pg, G1, G1);
	assert_int_equal(l.n, 512);
	assert_int_equal(l.min, M2);
	assert_int_equal(l.max, M2);
	env_fini(&e);
}

/* ---- split modes ------------------------------------------------------ */

static void test_split_modes(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_pgtbl_cfg c;
	struct snap a = {0}, b = {0};
	struct leaves l;
	uint64_t n = 0;
	struct env e;

	(void)state;
	/* Off: refused, unchanged, nothing flushed. */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0, 4 * M2, RW), 0);
	snap_take(&e.pg, &a);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, K4, K4, &n), SMMUV3_EPERM);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, M2 + K4, &n),
			 SMMUV3_EPERM);
	snap_take(&e.pg, &b);
	assert_true(snap_equal(&a, &b));
	assert_int_equal(e.rec.n, 0);
	env_fini(&e);

	/* Unknown mode; hitless against caps without BBML2. */
	env_init(&e, false);
	c.split = (enum smmuv3_pgtbl_split)3;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c),
			 SMMUV3_EINVAL);
	memset(&caps, 0, sizeof(caps));
	caps.features = SMMUV3_FEAT_TRANS_S1;
	caps.pgsize[0] = K4 | M2 | G1;
	caps.s1_ias_bits = caps.s1_oas_bits = caps.oas_bits = 48;
	c.split = SMMUV3_PGTBL_SPLIT_HITLESS;
	caps.bbml = 1;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c),
			 SMMUV3_EOPNOTSUPP);
	c.split = SMMUV3_PGTBL_SPLIT_BBM; /* any SMMU */
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c), 0);
	smmuv3_pgtbl_destroy(&e.pg);
	caps.bbml = 2;
	c.split = SMMUV3_PGTBL_SPLIT_HITLESS;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c), 0);

	/* A range cutting two blocks: [1M, 5M) over four 2M blocks. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0x10000000, 4 * M2, RW), 0);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, M2 / 2, 2 * M2, &n), 0);
	assert_int_equal(n, 2 * M2);
	assert_int_equal(pa_of(&e.pg, M2 / 2 - K4), 0x10000000 + M2 / 2 - K4);
	assert_int_equal(pa_of(&e.pg, M2 / 2), UINT64_MAX);
	assert_int_equal(pa_of(&e.pg, 2 * M2 + M2 / 2 - 8), UINT64_MAX);
	assert_int_equal(pa_of(&e.pg, 2 * M2 + M2 / 2),
			 0x10000000 + 2 * M2 + M2 / 2);
	/* Leaves left: 256 + 256 pages and the fourth block. */
	l = leaves_in(&e.pg, 0, 4 * M2);
	assert_int_equal(l.n, 256 + 256 + 1);
	/* A hole of several pages in the middle of one block. */
	assert_int_equal(
		smmuv3_pgtbl_unmap(&e.pg, 3 * M2 + 16 * K4, 8 * K4, &n), 0);
	assert_int_equal(n, 8 * K4);
	l = leaves_in(&e.pg, 3 * M2, M2);
	assert_int_equal(l.n, 512 - 8);
	env_fini(&e);

	/* 1G block cut on a 2M boundary: one 2M-block table, no pages. */
	env_init(&e, false);
	c.split = SMMUV3_PGTBL_SPLIT_HITLESS;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, G1, 0, G1, RW), 0);
	assert_int_equal(e.h.n_alloc, 2);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, G1 + 4 * M2, M2, &n), 0);
	assert_int_equal(e.h.n_alloc, 3);
	l = leaves_in(&e.pg, G1, G1);
	assert_int_equal(l.n, 511);
	assert_int_equal(l.min, M2);
	env_fini(&e);

	/* BBM: the break's flush fails -> the block is back, no leak. */
	env_init(&e, false);
	c.split = SMMUV3_PGTBL_SPLIT_BBM;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, G1, 0, G1, RW), 0);
	snap_take(&e.pg, &a);
	e.rec.fail_table = SMMUV3_EIO;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, G1 + K4, K4, &n),
			 SMMUV3_EIO);
	snap_take(&e.pg, &b);
	assert_true(snap_equal(&a, &b));
	assert_int_equal(e.h.n_alloc - e.h.n_free, 2);
	assert_int_equal(e.rec.n, 1);
	e.rec.fail_table = 0;
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, G1 + K4, K4, &n), 0);
	assert_int_equal(pa_of(&e.pg, G1 + K4), UINT64_MAX);
	assert_int_equal(pa_of(&e.pg, G1 + 2 * K4), 2 * K4);
	env_fini(&e);

	/* Without flush ops (never attached) a split needs no invalidation. */
	env_init(&e, false);
	c.flush = NULL;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0, M2, RW), 0);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, K4, &n), 0);
	assert_int_equal(pa_of(&e.pg, K4), K4);
	env_fini(&e);
	snap_free(&a);
	snap_free(&b);
}

/*
 * A split makes leaves only of the sizes the SMMU supports: with 4K pages
 * and 1G blocks but no 2M blocks (IDR5.GRAN with a gap), a 1G block cut
 * at one page becomes 512 tables of pages, never 2M blocks.
 */
static void test_split_leaf_levels(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_pgtbl_cfg c;
	struct leaves l;
	uint64_t n = 0;
	struct env e;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	c.split = SMMUV3_PGTBL_SPLIT_HITLESS;
	memset(&caps, 0, sizeof(caps));
	caps.features = SMMUV3_FEAT_TRANS_S1;
	caps.pgsize[0] = K4 | G1;
	caps.s1_ias_bits = caps.s1_oas_bits = caps.oas_bits = 48;
	caps.bbml = 2;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, &caps, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, G1, 0, G1, RW), 0);
	l = leaves_in(&e.pg, G1, G1);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.max, G1);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, G1 + M2 + K4, K4, &n), 0);
	assert_int_equal(n, K4);
	/* Root, level 1, then one level-2 table and 512 level-3 tables. */
	assert_int_equal(e.h.n_alloc, 2 + 1 + 512);
	l = leaves_in(&e.pg, G1, G1);
	assert_int_equal(l.n, 512 * 512 - 1);
	assert_int_equal(l.max, K4);
	assert_int_equal(pa_of(&e.pg, G1 + M2 + K4), UINT64_MAX);
	assert_int_equal(pa_of(&e.pg, G1 + M2 + 2 * K4 + 8), M2 + 2 * K4 + 8);
	assert_int_equal(pa_of(&e.pg, 2 * G1 - 8), G1 - 8);
	env_fini(&e);
}

/* ---- replace in place ------------------------------------------------ */

static void test_replace(void **state)
{
	const uint32_t rep = SMMUV3_MAP_REPLACE;
	struct smmuv3_pgtbl_cfg c;
	struct snap a = {0}, b = {0};
	struct leaves l;
	uint64_t allocs, n = 0;
	struct env e;

	(void)state;
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	/* A 2M block and 4 pages after it, read-write. */
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, M2, 0x40000000, M2 + 4 * K4, RW), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2, 0x40000000, K4, RW),
			 SMMUV3_EEXIST);
	allocs = e.h.n_alloc;

	/* Permissions only: read-only in place, same leaves, leaf flushes
	 * of each leaf size, no allocation, no table flush. */
	e.rec.n = 0;
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2, 0x40000000, M2 + 4 * K4,
					  SMMUV3_PROT_READ | rep),
			 0);
	assert_int_equal(e.h.n_alloc, allocs);
	l = leaves_in(&e.pg, M2, M2 + 4 * K4);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.max, M2);
	assert_int_equal(e.rec.n, 2);
	for (unsigned int i = 0; i < e.rec.n; i++)
		assert_true(e.rec.calls[i].leaf_only);
	snap_take(&e.pg, &a);
	for (size_t i = 0; i < a.n; i++)
		if (a.e[i].leaf)
			assert_true(a.e[i].desc & SMMUV3_PTE_AP_RDONLY);
	assert_int_equal(pa_of(&e.pg, 2 * M2 + 8), 0x40200008);

	/* A new output address: break-before-make, a completed table flush
	 * first; same layout, so no allocation. */
	e.rec.n = 0;
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 2 * M2, 0x80000000, 4 * K4, RW | rep),
		0);
	assert_int_equal(e.rec.n, 1);
	assert_int_equal(e.rec.calls[0].leaf_size, 0);
	assert_int_equal(e.rec.calls[0].iova, 2 * M2);
	assert_int_equal(e.rec.calls[0].size, 4 * K4);
	assert_int_equal(pa_of(&e.pg, 2 * M2 + K4 + 8), 0x80001008);
	assert_int_equal(e.h.n_alloc, allocs);

	/* The block replaced by pages (a misaligned PA): a new table;
	 * allocation failure leaves everything as it was. */
	snap_take(&e.pg, &a);
	e.h.fail_at = e.h.n_alloc + 1;
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2, 0x7000, M2, RW | rep),
			 SMMUV3_ENOMEM);
	e.h.fail_at = 0;
	snap_take(&e.pg, &b);
	assert_true(snap_equal(&a, &b));
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2, 0x7000, M2, RW | rep), 0);
	l = leaves_in(&e.pg, M2, M2);
	assert_int_equal(l.n, 512);
	assert_int_equal(pa_of(&e.pg, M2 + 0x1ff008), 0x206008);

	/* Holes and an empty range: mapped as by a plain map. */
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, M2 + 8 * K4, 8 * K4, &n), 0);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, M2, 0x100000, 32 * K4, RW | rep), 0);
	assert_int_equal(pa_of(&e.pg, M2 + 9 * K4), 0x109000);
	assert_int_equal(pa_of(&e.pg, M2 + 32 * K4), 0x7000 + 32 * K4);
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 8 * M2, 0x100000, K4, RW | rep), 0);
	assert_int_equal(pa_of(&e.pg, 8 * M2), 0x100000);

	/* A new failing table flush: the range is unmapped, not replaced,
	 * and the flush pending until the next unmap. */
	e.rec.fail_table = SMMUV3_ETIMEDOUT;
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, 8 * M2, 0x200000, K4, RW | rep),
		SMMUV3_ETIMEDOUT);
	e.rec.fail_table = 0;
	assert_int_equal(pa_of(&e.pg, 8 * M2), UINT64_MAX);
	assert_true(e.pg.pend);
	assert_int_equal(smmuv3_pgtbl_unmap(&e.pg, 0, K4, NULL), 0);
	assert_false(e.pg.pend);
	/* Bad prot with the flag: refused before anything. */
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, M2, 0, K4, rep),
			 SMMUV3_EINVAL);
	env_fini(&e);

	/* A block straddling the range: EPERM without splitting; split
	 * with hitless splitting. */
	env_init(&e, false);
	c = mkcfg(1, 0, 48, 48, &e.rec);
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0, M2, RW), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, K4, 0x9000, K4, RW | rep),
			 SMMUV3_EPERM);
	env_fini(&e);
	env_init(&e, false);
	c.split = SMMUV3_PGTBL_SPLIT_HITLESS;
	assert_int_equal(smmuv3_pgtbl_init(&e.pg, &e.osal, NULL, &c), 0);
	assert_int_equal(smmuv3_pgtbl_map(&e.pg, 0, 0, M2, RW), 0);
	/* Permission change of one page of the block: split, then BBM of
	 * that page (the split leaves differ from the block's layout). */
	assert_int_equal(
		smmuv3_pgtbl_map(&e.pg, K4, K4, K4, SMMUV3_PROT_READ | rep), 0);
	assert_int_equal(pa_of(&e.pg, K4 + 8), K4 + 8);
	assert_int_equal(pa_of(&e.pg, 2 * K4 + 8), 2 * K4 + 8);
	l = leaves_in(&e.pg, 0, M2);
	assert_int_equal(l.n, 512);
	env_fini(&e);
	snap_free(&a);
	snap_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_needs_phys_to_virt),
		cmocka_unit_test(test_alloc_context),
		cmocka_unit_test(test_pa_not_va),
		cmocka_unit_test(test_keep_empty_trim),
		cmocka_unit_test(test_pgsize_mask),
		cmocka_unit_test(test_split_modes),
		cmocka_unit_test(test_split_leaf_levels),
		cmocka_unit_test(test_replace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
