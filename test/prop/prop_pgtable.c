// SPDX-License-Identifier: BSD-2-Clause
/*
 * Property test of the LPAE page tables: seeded random map/unmap sequences
 * (with injected allocation failures) compared after every step with a
 * simple reference model, a flat array of 4K-granule "pages" that knows
 * nothing about tables. The model predicts results from the contract
 * alone: a map over anything mapped fails with EEXIST; a map uses the
 * largest block whose size and alignment fit (so the model knows each
 * leaf's extent); an unmap straddling a block fails with EPERM, or with
 * hitless splitting splits it (the model derives the smaller leaves from
 * the cuts and expects the block's range invalidated at the block's size);
 * a failed allocation changes nothing. The configurations cover the
 * table options: keep-empty (then trim, at random points and at the end),
 * a page-size mask, splitting. Invariants checked by walking: no empty
 * table is left behind (after a trim when tables are kept), and all memory
 * is returned at the end. After every
 * step the model's independent walker (test/model/walk.c) also translates
 * a few random pages and must agree with the reference.
 *
 * Seed: argv[1] or PGT_SEED, else a fixed default (printed on failure).
 */
#define _DEFAULT_SOURCE /* mmap MAP_32BIT in test_pgtable_util.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "test_pgtable_util.h"
#include "walk.h"

#include <smmuv3/tlbi.h>

#define NONE UINT64_MAX

static uint64_t seed = 0x5eed1234abcdull;
static uint64_t rng;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1Dull;
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

struct model {
	uint64_t base, pgsz, npages;
	uint64_t *pa;	      /* output address of page i, or NONE */
	uint64_t *leaf_start; /* iova of the leaf holding page i */
	uint64_t *leaf_size;
	uint64_t blocks[3]; /* block sizes usable below the root, desc */
	unsigned int nblocks;
	/*
	 * With kept empty tables: whether block-sized region i holds a
	 * table (even an empty one), so a map there uses pages, not the
	 * block (the table stays). NULL when tables are freed when empty.
	 */
	bool *tbl;
};

static uint64_t region_of(const struct model *m, uint64_t iova)
{
	return (iova - m->base) / m->blocks[m->nblocks - 1];
}

struct pcfg {
	const char *what;
	int stage, granule;
	unsigned int ias, oas;
	bool noncoherent;
	uint64_t base; /* window start: straddles a high table boundary */
	uint64_t npages;
	uint64_t blocks[3];
	unsigned int nblocks;
	unsigned int ops;
	uint32_t flags;		       /* SMMUV3_PGTBL_F_KEEP_EMPTY */
	enum smmuv3_pgtbl_split split; /* NONE or HITLESS */
	uint64_t pgsize_mask;
};

static void model_map(struct model *m, uint64_t iova, uint64_t pa,
		      uint64_t size)
{
	uint64_t a = iova, end = iova + size;

	/* Greedy largest aligned leaf, as the contract states. */
	while (a < end) {
		uint64_t ls = m->pgsz, p = pa + (a - iova), k;
		unsigned int b;

		for (b = 0; b < m->nblocks; b++) {
			uint64_t bs = m->blocks[b];

			if (!(a & (bs - 1)) && !(p & (bs - 1)) &&
			    end - a >= bs &&
			    !(m->tbl && b == m->nblocks - 1 &&
			      m->tbl[region_of(m, a)])) {
				ls = bs;
				break;
			}
		}
		if (m->tbl && m->nblocks && ls < m->blocks[m->nblocks - 1])
			m->tbl[region_of(m, a)] = true;
		for (k = 0; k < ls / m->pgsz; k++) {
			uint64_t i = (a - m->base) / m->pgsz + k;

			m->pa[i] = p + k * m->pgsz;
			m->leaf_start[i] = a;
			m->leaf_size[i] = ls;
		}
		a += ls;
	}
}

/* Trim: a region without any mapped page loses its (empty) table. */
static void model_trim(struct model *m)
{
	uint64_t r, k, bs, per;

	if (!m->tbl)
		return;
	bs = m->blocks[m->nblocks - 1];
	per = bs / m->pgsz;
	for (r = 0; r < m->npages / per; r++) {
		for (k = 0; k < per && m->pa[r * per + k] == NONE; k++)
			;
		if (k == per)
			m->tbl[r] = false;
	}
}

/* Unmap: a table whose whole span lies in the range is removed. */
static void model_unmap_regions(struct model *m, uint64_t iova, uint64_t end)
{
	uint64_t bs, a;

	if (!m->tbl)
		return;
	bs = m->blocks[m->nblocks - 1];
	for (a = (iova + bs - 1) & ~(bs - 1); a + bs <= end; a += bs)
		m->tbl[region_of(m, a)] = false;
}

/*
 * A hitless split of the leaf holding page @pi before an unmap of
 * [@iova, @end): each page of the old block now lies in the largest leaf
 * (the block sizes below it, then the page) that no cut of the range
 * enters, with the same output address. Returns the block's size (0 if
 * the leaf does not straddle the range).
 */
static uint64_t model_split(struct model *m, uint64_t pi, uint64_t iova,
			    uint64_t end)
{
	uint64_t b = m->leaf_start[pi], bs = m->leaf_size[pi], k;

	if (m->pa[pi] == NONE || (b >= iova && b + bs <= end))
		return 0;
	for (k = 0; k < bs / m->pgsz; k++) {
		uint64_t a = b + k * m->pgsz, ls = m->pgsz;
		uint64_t i = (a - m->base) / m->pgsz;
		unsigned int j;

		for (j = 0; j < m->nblocks; j++) {
			uint64_t s = m->blocks[j], e = a & ~(s - 1);

			if (s >= bs || (iova > e && iova < e + s) ||
			    (end > e && end < e + s))
				continue;
			ls = s;
			break;
		}
		m->leaf_start[i] = a & ~(ls - 1);
		m->leaf_size[i] = ls;
		if (m->tbl && ls < m->blocks[m->nblocks - 1])
			m->tbl[region_of(m, a)] = true;
	}
	return bs;
}

/*
 * The model's independent walker (test/model/walk.c) on a few random pages
 * after every step: it must agree with the reference model too.
 */
static int rd64(void *ctx, uint64_t pa, uint64_t *val)
{
	(void)ctx;
	*val = *(volatile const uint64_t *)(uintptr_t)pa;
	return 0;
}

static int wr64(void *ctx, uint64_t pa, uint64_t val)
{
	(void)ctx;
	*(volatile uint64_t *)(uintptr_t)pa = val;
	return 0;
}

struct mdl_ctx {
	struct mdl_mem mem;
	struct mdl_params p;
	struct mdl_ste ste;
	struct mdl_cd cd;
};

static void mdl_setup(struct mdl_ctx *x, const struct smmuv3_pgtbl *pg)
{
	struct smmuv3_pgtbl_hwcfg hw;

	memset(x, 0, sizeof(*x));
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(pg, &hw), 0);
	x->mem.read64 = rd64;
	x->mem.write64 = wr64;
	/* S1P, S2P, AArch64 tables; all granules, OAS 52, VAX. */
	x->p.idr[0] = 1u | 2u | 2u << 2;
	x->p.idr[5] = 6u | 7u << 4 | 1u << 10;
	x->ste.valid = true;
	if (pg->cfg.stage == SMMUV3_PGTBL_STAGE1) {
		x->ste.config = MDL_STE_CFG_S1;
		x->ste.s1_enabled = true;
		x->cd.valid = true;
		x->cd.aa64 = true;
		x->cd.epd1 = true;
		x->cd.t0sz = hw.t0sz;
		x->cd.tg0 = hw.tg;
		x->cd.ips = hw.ps;
		x->cd.ttb0 = hw.ttbr;
		x->cd.mair = hw.mair;
	} else {
		x->ste.config = MDL_STE_CFG_S2;
		x->ste.s2_enabled = true;
		x->ste.s2aa64 = true;
		x->ste.s2t0sz = hw.t0sz;
		x->ste.s2sl0 = hw.sl0;
		x->ste.s2tg = hw.tg;
		x->ste.s2ps = hw.ps;
		x->ste.s2ttb = hw.ttbr;
	}
}

static void check_model_walk(const struct smmuv3_pgtbl *pg,
			     const struct model *m, struct mdl_ctx *x)
{
	unsigned int k;

	for (k = 0; k < 8; k++) {
		uint64_t i = rnd_below(m->npages);
		uint64_t iova = m->base + i * m->pgsz + 16;
		struct mdl_xlate out;
		struct mdl_fault f;
		int r = mdl_walk_stage(&x->mem, &x->p, pg->cfg.stage, &x->ste,
				       pg->cfg.stage == 1 ? &x->cd : NULL, iova,
				       MDL_ACC_PRIV, &out, &f);

		if (m->pa[i] == NONE) {
			if (r != MDL_EVT_F_TRANSLATION)
				fail_msg("seed %#llx: model walk of unmapped "
					 "%#llx gives %#x",
					 (unsigned long long)seed,
					 (unsigned long long)iova, r);
			continue;
		}
		/* Readable unless mapped write-only at stage 2. */
		if (r == MDL_EVT_F_PERMISSION && pg->cfg.stage == 2)
			continue;
		if (r != 0 || out.pa != m->pa[i] + 16 ||
		    (1ull << out.size_log2) != m->leaf_size[i])
			fail_msg("seed %#llx: model walk of %#llx: %#x pa "
				 "%#llx size %#llx, want pa %#llx size %#llx",
				 (unsigned long long)seed,
				 (unsigned long long)iova, r,
				 (unsigned long long)out.pa,
				 1ull << out.size_log2,
				 (unsigned long long)m->pa[i] + 16,
				 (unsigned long long)m->leaf_size[i]);
	}
}

static void check_all(const struct smmuv3_pgtbl *pg, const struct model *m)
{
	uint64_t i;

	for (i = 0; i < m->npages; i++) {
		uint64_t iova = m->base + i * m->pgsz;
		smmuv3_pa_t pa = 0;
		int ret = smmuv3_pgtbl_iova_to_phys(pg, iova + 8, &pa);

		if (m->pa[i] == NONE) {
			if (ret != SMMUV3_ENOENT)
				fail_msg("seed %#llx: page %#llx should be "
					 "unmapped (ret %d pa %#llx)",
					 (unsigned long long)seed,
					 (unsigned long long)iova, ret,
					 (unsigned long long)pa);
		} else if (ret != 0 || pa != m->pa[i] + 8) {
			fail_msg("seed %#llx: page %#llx ret %d pa %#llx want "
				 "%#llx",
				 (unsigned long long)seed,
				 (unsigned long long)iova, ret,
				 (unsigned long long)pa,
				 (unsigned long long)m->pa[i] + 8);
		}
	}
}

/* Every table entry must be followed by at least one valid entry in it. */
struct empty_chk {
	uint64_t tbl_end[4];
	bool seen[4];
	int lvl_open[4];
	unsigned int bad;
	unsigned int leaves_wrong_size;
	const struct model *m;
};

static int empty_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct empty_chk *c = arg;
	unsigned int l;

	/* Close tables we have left; an entry at level l belongs to the
	 * table opened at level l-1. */
	for (l = 0; l < 4; l++) {
		if (c->lvl_open[l] && e->iova >= c->tbl_end[l]) {
			if (!c->seen[l])
				c->bad++;
			c->lvl_open[l] = 0;
		}
	}
	if (e->level > 0 && c->lvl_open[e->level - 1])
		c->seen[e->level - 1] = true;
	if (!e->leaf) {
		c->lvl_open[e->level] = 1;
		c->seen[e->level] = false;
		c->tbl_end[e->level] = e->iova + e->size;
	} else if (e->iova >= c->m->base &&
		   e->iova < c->m->base + c->m->npages * c->m->pgsz) {
		uint64_t i = (e->iova - c->m->base) / c->m->pgsz;

		if (c->m->leaf_size[i] != e->size ||
		    c->m->leaf_start[i] != e->iova)
			c->leaves_wrong_size++;
	}
	return 0;
}

static void check_no_empty_tables(const struct smmuv3_pgtbl *pg,
				  const struct model *m)
{
	struct empty_chk c;
	unsigned int l;

	memset(&c, 0, sizeof(c));
	c.m = m;
	assert_int_equal(
		smmuv3_pgtbl_walk(pg, 0, 1ull << pg->cfg.ias, empty_cb, &c), 0);
	for (l = 0; l < 4; l++)
		if (c.lvl_open[l] && !c.seen[l])
			c.bad++;
	if (c.bad || c.leaves_wrong_size)
		fail_msg("seed %#llx: %u empty tables, %u leaves not as the "
			 "model predicts",
			 (unsigned long long)seed, c.bad, c.leaves_wrong_size);
	if (check_counts(pg))
		fail_msg("seed %#llx: %u table counts wrong",
			 (unsigned long long)seed, check_counts(pg));
}

/* Hull of the removed leaves of each size (at most one per level). */
struct spans {
	struct {
		uint64_t size, lo, hi;
	} s[4];
	size_t n;
};

static void spans_add(struct spans *sp, uint64_t size, uint64_t lo, uint64_t hi)
{
	size_t j;

	for (j = 0; j < sp->n; j++)
		if (sp->s[j].size == size)
			break;
	if (j == sp->n) {
		assert_true(sp->n < 4);
		sp->n++;
		sp->s[j].size = size;
		sp->s[j].lo = lo;
		sp->s[j].hi = hi;
	}
	if (lo < sp->s[j].lo)
		sp->s[j].lo = lo;
	if (hi > sp->s[j].hi)
		sp->s[j].hi = hi;
}

/* The span of leaves of @size in @sp, or false. */
static bool spans_get(const struct spans *sp, uint64_t size, uint64_t *lo,
		      uint64_t *hi)
{
	size_t j;

	for (j = 0; j < sp->n; j++)
		if (sp->s[j].size == size) {
			*lo = sp->s[j].lo;
			*hi = sp->s[j].hi;
			return true;
		}
	return false;
}

/* What a failed flush left pending (the library retries it). */
struct pend_state {
	bool pend, tables; /* tables: the failed call was a table flush */
	uint64_t lo, hi;   /* hull of everything pending */
	struct spans leaves;
};

static void pend_widen(struct pend_state *ps, uint64_t lo, uint64_t hi)
{
	if (lo < ps->lo)
		ps->lo = lo;
	if (hi > ps->hi)
		ps->hi = hi;
}

/*
 * A leaf flush must be something the TLBI planner accepts as is: iova and
 * size multiples of leaf_size (tlbi.h). Plan it with and without range
 * invalidation.
 */
static void check_plannable(const struct pcfg *pc, const struct flush_call *fc)
{
	static struct smmuv3_cmd_desc buf[SMMUV3_TLBI_PLAN_MAX(0, 0)];
	struct smmuv3_caps caps;
	struct smmuv3_tlbi_req req;
	struct smmuv3_tlbi_info info;
	int ril;

	if ((fc->iova | fc->size) & (fc->leaf_size - 1u))
		fail_msg("seed %#llx: leaf flush %#llx+%#llx not aligned to "
			 "its leaf size %#llx",
			 (unsigned long long)seed, (unsigned long long)fc->iova,
			 (unsigned long long)fc->size,
			 (unsigned long long)fc->leaf_size);
	memset(&caps, 0, sizeof(caps));
	caps.asid_bits = 16;
	caps.vmid_bits = 16;
	memset(&req, 0, sizeof(req));
	req.regime = pc->stage == 1 ? SMMUV3_TLBI_S1 : SMMUV3_TLBI_S2;
	req.asid = pc->stage == 1 ? 1u : 0u;
	req.vmid = pc->stage == 1 ? 0u : 1u;
	req.granule = (enum smmuv3_granule)pc->granule;
	req.iova = fc->iova;
	req.size = fc->size;
	req.leaf_size = fc->leaf_size;
	req.leaf_only = fc->leaf_only;
	for (ril = 0; ril < 2; ril++) {
		caps.features = SMMUV3_FEAT_GRAN4K | SMMUV3_FEAT_GRAN16K |
				SMMUV3_FEAT_GRAN64K |
				(ril ? SMMUV3_FEAT_RANGE_INV : 0u);
		if (smmuv3_tlbi_plan(&caps, &req, buf,
				     sizeof(buf) / sizeof(buf[0]), &info) != 0)
			fail_msg("seed %#llx: smmuv3_tlbi_plan refuses the "
				 "leaf flush %#llx+%#llx leaf %#llx (RIL %d)",
				 (unsigned long long)seed,
				 (unsigned long long)fc->iova,
				 (unsigned long long)fc->size,
				 (unsigned long long)fc->leaf_size, ril);
	}
}

/*
 * The flush calls of one unmap that returned 0 or the flush error. Flushed
 * iff something was removed or a retry was pending. A table flush
 * (leaf_size 0, walk caches too) is the only call and covers everything
 * removed and pending, nothing outside the request and the pending span.
 * Otherwise one leaf flush per leaf size removed or pending, each covering
 * exactly the leaves of its size (their hull, with the pending ones), so
 * that it is aligned to its leaf size.
 */
static void check_unmap_flushes(const struct pcfg *pc,
				const struct flush_rec *rec,
				const struct pend_state *ps,
				const struct spans *rm, uint64_t iova,
				uint64_t end, uint64_t lo, uint64_t hi, int ret)
{
	struct spans want = *rm;
	uint64_t a = ps->pend && ps->lo < iova ? ps->lo : iova;
	uint64_t b = ps->pend && ps->hi > end ? ps->hi : end;
	size_t j, done = 0;
	unsigned int k;

	/* A split block widens the span beyond the range (lo/hi). */
	if (lo != UINT64_MAX) {
		a = lo < a ? lo : a;
		b = hi > b ? hi : b;
	}

	if (ps->pend)
		for (j = 0; j < ps->leaves.n; j++)
			spans_add(&want, ps->leaves.s[j].size,
				  ps->leaves.s[j].lo, ps->leaves.s[j].hi);
	/* Kept empty tables wholly inside the range are removed too: a
	 * table flush may come with nothing mapped removed. */
	if (lo == UINT64_MAX && !ps->pend && rec->n &&
	    (pc->flags & SMMUV3_PGTBL_F_KEEP_EMPTY)) {
		assert_int_equal(rec->n, 1);
		assert_int_equal(rec->calls[0].leaf_size, 0);
		assert_true(rec->calls[0].iova >= iova &&
			    rec->calls[0].iova + rec->calls[0].size <= end);
		return;
	}
	assert_true((lo != UINT64_MAX || ps->pend) == (rec->n != 0));
	assert_true(rec->n <= 4);
	if (ret == SMMUV3_ETIMEDOUT)
		assert_int_equal(rec->n, 1); /* the first error stops them */
	for (k = 0; k < rec->n; k++) {
		const struct flush_call *fc = &rec->calls[k];
		uint64_t wlo = 0, whi = 0;

		assert_true(fc->iova >= a);
		assert_true(fc->iova + fc->size <= b);
		if (fc->leaf_size == 0) {
			assert_false(fc->leaf_only);
			assert_int_equal(rec->n, 1);
			if (lo != UINT64_MAX) {
				assert_true(fc->iova <= lo);
				assert_true(fc->iova + fc->size >= hi);
			}
			if (ps->pend) {
				assert_true(fc->iova <= ps->lo);
				assert_true(fc->iova + fc->size >= ps->hi);
			}
			return;
		}
		assert_true(fc->leaf_only);
		/* Deferred tables need a table flush. */
		assert_false(ps->pend && ps->tables);
		if (!spans_get(&want, fc->leaf_size, &wlo, &whi))
			fail_msg("seed %#llx: flush of leaf size %#llx, none "
				 "removed or pending",
				 (unsigned long long)seed,
				 (unsigned long long)fc->leaf_size);
		check_plannable(pc, fc);
		assert_int_equal(fc->iova, wlo);
		assert_int_equal(fc->size, whi - wlo);
		done++;
	}
	/* Every size got its flush (unless an error stopped them). */
	if (ret == 0 && rec->n)
		assert_int_equal(done, want.n);
}

static void run(const struct pcfg *pc)
{
	struct mdl_ctx mx;
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_osal_ops ops;
	struct flush_rec rec;
	struct smmuv3_pgtbl pg;
	struct smmuv3_pgtbl_cfg c;
	struct model m;
	uint64_t live_root, i;
	unsigned int op, st[8] = {0}; /* map ok/EEXIST/ENOMEM, unmap ok/EPERM,
					 tables freed, flush failed, leaf
					 flushes of two sizes */
	/* What a failed flush left pending, if anything. */
	struct pend_state ps;

	memset(&ps, 0, sizeof(ps));
	ps.lo = UINT64_MAX;

	memset(&rec, 0, sizeof(rec));
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	lowmem_ops(&ops, pc->noncoherent ? &smmuv3_hosted_noncoherent_ops
					 : &smmuv3_hosted_ops);
	osal.ops = &ops;
	c = mkcfg(pc->stage, pc->granule, pc->ias, pc->oas, &rec);
	c.coherent = !pc->noncoherent;
	c.flags = pc->flags;
	c.split = pc->split;
	c.pgsize_mask = pc->pgsize_mask;
	assert_int_equal(smmuv3_pgtbl_init(&pg, &osal, NULL, &c), 0);
	live_root = h.bytes_live;
	mdl_setup(&mx, &pg);

	memset(&m, 0, sizeof(m));
	m.base = pc->base;
	m.pgsz = 0x1000ull << (2 * pc->granule);
	m.npages = pc->npages;
	m.nblocks = pc->nblocks;
	for (i = 0; i < pc->nblocks; i++)
		m.blocks[i] = pc->blocks[i];
	m.pa = malloc(m.npages * 8);
	m.leaf_start = malloc(m.npages * 8);
	m.leaf_size = malloc(m.npages * 8);
	for (i = 0; i < m.npages; i++)
		m.pa[i] = NONE;
	if ((pc->flags & SMMUV3_PGTBL_F_KEEP_EMPTY) && m.nblocks)
		m.tbl = calloc(m.npages * m.pgsz / m.blocks[m.nblocks - 1], 1);

	for (op = 0; op < pc->ops; op++) {
		uint64_t r = rnd_below(100), first, n, iova, size, k;
		int ret, want = 0;

		/* Ranges: mostly short, sometimes block-sized and aligned. */
		if (r < 20 && m.nblocks) {
			uint64_t bs = m.blocks[rnd_below(m.nblocks)];
			uint64_t nb = m.npages * m.pgsz / bs;

			first = (rnd_below(nb) * bs) / m.pgsz;
			n = bs / m.pgsz * (1 + rnd_below(2));
		} else if (r < 30 && m.nblocks) {
			/* A block and a few pages on either side: leaves
			 * of two sizes, often in tables that stay. */
			uint64_t bs = m.blocks[0];
			uint64_t nb = m.npages * m.pgsz / bs;
			uint64_t b0 = (1 + rnd_below(nb - 1)) * bs / m.pgsz;
			uint64_t k0 = rnd_below(4), k1 = rnd_below(4);

			first = b0 - k0;
			n = k0 + bs / m.pgsz + k1;
		} else {
			first = rnd_below(m.npages);
			n = 1 + rnd_below(r < 60 ? 8 : 600);
		}
		if (first + n > m.npages)
			n = m.npages - first;
		iova = m.base + first * m.pgsz;
		size = n * m.pgsz;

		if (rnd_below(2) == 0) { /* map */
			uint64_t pa;
			uint32_t prot = 1u + (uint32_t)rnd_below(3);
			bool inject = rnd_below(8) == 0;
			uint64_t live = h.bytes_live;

			/* PA keeps the IOVA's block alignment half the time. */
			if (rnd_below(2))
				pa = (iova - m.base) + (1ull << (pc->oas - 1));
			else
				pa = m.pgsz * (1 + rnd_below(1u << 20));
			for (k = 0; k < n; k++)
				if (m.pa[first + k] != NONE)
					want = SMMUV3_EEXIST;
			if (inject)
				h.fail_at = h.n_alloc + 1 + rnd_below(3);
			ret = smmuv3_pgtbl_map(&pg, iova, pa, size, prot);
			h.fail_at = 0;
			if (inject && ret == SMMUV3_ENOMEM && want == 0) {
				/* Allowed only if tables were needed. */
				assert_int_equal(h.bytes_live, live);
			} else if (ret != want) {
				fail_msg(
					"seed %#llx op %u: map %#llx+%#llx ret "
					"%d want %d",
					(unsigned long long)seed, op,
					(unsigned long long)iova,
					(unsigned long long)size, ret, want);
			} else if (ret == 0) {
				model_map(&m, iova, pa, size);
			}
			st[ret == 0 ? 0 : ret == SMMUV3_EEXIST ? 1 : 2]++;
		} else if (pc->flags & SMMUV3_PGTBL_F_KEEP_EMPTY && !ps.pend &&
			   rnd_below(40) == 0) {
			/* Release the kept empty tables; nothing else moves. */
			uint64_t nt = 0;

			rec.n = 0;
			assert_int_equal(smmuv3_pgtbl_trim(&pg, &nt), 0);
			assert_int_equal(rec.n, nt ? 1 : 0);
			model_trim(&m);
			if (nt)
				assert_int_equal(rec.calls[0].leaf_size, 0);
			check_no_empty_tables(&pg, &m);
			st[5] += nt != 0;
		} else { /* unmap */
			uint64_t unm = 0, exp = 0, sb[2] = {0, 0};
			uint64_t sbase[2] = {0, 0};
			uint64_t last = first + n - 1;
			bool straddle = false;

			if (m.pa[first] != NONE && m.leaf_start[first] != iova)
				straddle = true;
			if (m.pa[last] != NONE &&
			    m.leaf_start[last] + m.leaf_size[last] !=
				    iova + size)
				straddle = true;
			if (straddle && pc->split == SMMUV3_PGTBL_SPLIT_NONE)
				want = SMMUV3_EPERM;
			/* Sometimes every flush call fails (a stuck queue):
			 * the unmap happens, its error is returned, nothing
			 * is freed and the span stays pending. */
			bool fail = want == 0 && rnd_below(12) == 0;
			bool inject =
				straddle && want == 0 && rnd_below(4) == 0;
			uint64_t nfree = h.n_free, live = h.bytes_live;

			rec.n = 0;
			rec.fail_table = rec.fail_leaf = rec.fail_all =
				fail ? SMMUV3_ETIMEDOUT : 0;
			if (inject) /* a split's table allocation fails */
				h.fail_at = h.n_alloc + 1 + rnd_below(2);
			ret = smmuv3_pgtbl_unmap(&pg, iova, size, &unm);
			h.fail_at = 0;
			rec.fail_table = rec.fail_leaf = rec.fail_all = 0;
			if (inject && ret == SMMUV3_ENOMEM) {
				/* Nothing changed, nothing flushed. */
				assert_int_equal(h.bytes_live, live);
				assert_int_equal(rec.n, 0);
				st[2]++;
				check_all(&pg, &m);
				continue;
			}
			if (fail && rec.n)
				want = SMMUV3_ETIMEDOUT;
			if (straddle && want != SMMUV3_EPERM) {
				sbase[0] = m.leaf_start[first];
				sb[0] = model_split(&m, first, iova,
						    iova + size);
				sbase[1] = m.leaf_start[last];
				sb[1] = model_split(&m, last, iova,
						    iova + size);
			}
			if (ret != want)
				fail_msg("seed %#llx op %u: unmap %#llx+%#llx "
					 "ret %d want %d",
					 (unsigned long long)seed, op,
					 (unsigned long long)iova,
					 (unsigned long long)size, ret, want);
			st[ret == 0 ? 3 : ret == SMMUV3_EPERM ? 4 : 6]++;
			if (ret == 0 && rec.n && rec.calls[0].leaf_size == 0)
				st[5]++;
			if (ret == 0 && rec.n > 1)
				st[7]++;
			if (ret == SMMUV3_ETIMEDOUT) {
				/* The first call failed and stopped the rest.
				 */
				assert_int_equal(rec.n, 1);
				assert_int_equal(h.n_free, nfree);
			}
			if (ret == 0 || ret == SMMUV3_ETIMEDOUT) {
				uint64_t lo = UINT64_MAX, hi = 0;
				struct spans rm = {{{0, 0, 0}}, 0};

				for (k = 0; k < n; k++) {
					uint64_t pi = first + k;

					if (m.pa[pi] == NONE)
						continue;
					exp += m.pgsz;
					if (lo == UINT64_MAX)
						lo = m.leaf_start[pi];
					hi = m.leaf_start[pi] + m.leaf_size[pi];
					spans_add(&rm, m.leaf_size[pi],
						  m.leaf_start[pi], hi);
					m.pa[pi] = NONE;
				}
				model_unmap_regions(&m, iova, iova + size);
				/* A split block's range is invalidated at
				 * its size (its TLB entry is stale). */
				for (k = 0; k < 2; k++) {
					if (!sb[k])
						continue;
					spans_add(&rm, sb[k], sbase[k],
						  sbase[k] + sb[k]);
					if (lo == UINT64_MAX || sbase[k] < lo)
						lo = sbase[k];
					if (sbase[k] + sb[k] > hi)
						hi = sbase[k] + sb[k];
				}
				assert_int_equal(unm, exp);
				check_unmap_flushes(pc, &rec, &ps, &rm, iova,
						    iova + size, lo, hi, ret);
				if (ret == SMMUV3_ETIMEDOUT) {
					/* Everything stays pending: the
					 * failed call, the removed leaves of
					 * every size, tables if it was a
					 * table flush. */
					const struct flush_call *fc =
						&rec.calls[0];
					size_t j;

					pend_widen(&ps, fc->iova,
						   fc->iova + fc->size);
					if (lo != UINT64_MAX)
						pend_widen(&ps, lo, hi);
					for (j = 0; j < rm.n; j++)
						spans_add(&ps.leaves,
							  rm.s[j].size,
							  rm.s[j].lo,
							  rm.s[j].hi);
					ps.tables =
						ps.tables || fc->leaf_size == 0;
					ps.pend = true;
				} else if (rec.n) {
					memset(&ps, 0, sizeof(ps));
					ps.lo = UINT64_MAX;
				}
			}
		}
		/* Every translation of the window: after every step, or every
		 * fourth step for the option configurations (cost). */
		if (!pc->flags && !pc->split && !pc->pgsize_mask)
			check_all(&pg, &m);
		else if (op % 4 == 0)
			check_all(&pg, &m);
		check_model_walk(&pg, &m, &mx);
		if (op % 16 == 0 && !(pc->flags & SMMUV3_PGTBL_F_KEEP_EMPTY))
			check_no_empty_tables(&pg, &m);
		else if (op % 16 == 0 && check_counts(&pg))
			fail_msg("seed %#llx op %u: table counts wrong",
				 (unsigned long long)seed, op);
	}
	check_all(&pg, &m);
	if (pc->flags & SMMUV3_PGTBL_F_KEEP_EMPTY) {
		assert_int_equal(smmuv3_pgtbl_trim(&pg, NULL), 0);
		memset(&ps, 0, sizeof(ps));
	}
	check_no_empty_tables(&pg, &m);
	printf("%s: map ok %u eexist %u enomem %u, unmap ok %u eperm %u "
	       "(freeing tables %u, two leaf sizes %u) flush failed %u\n",
	       pc->what, st[0], st[1], st[2], st[3], st[4], st[5], st[7],
	       st[6]);
	assert_int_equal(
		smmuv3_pgtbl_unmap(&pg, m.base, m.npages * m.pgsz, NULL), 0);
	if (pc->flags & SMMUV3_PGTBL_F_KEEP_EMPTY)
		assert_int_equal(smmuv3_pgtbl_trim(&pg, NULL), 0);
	assert_int_equal(h.bytes_live, live_root);
	smmuv3_pgtbl_destroy(&pg);
	assert_int_equal(h.bytes_live, 0);
	assert_int_equal(h.n_alloc, h.n_free);
	free(m.tbl);
	free(m.pa);
	free(m.leaf_start);
	free(m.leaf_size);
	smmuv3_hosted_fini(&h);
}

static const struct pcfg cfgs[] = {
	/* 32 MiB of 4K pages around the 512 GiB (L0) boundary, 2M blocks */
	{"s1 4K 48",
	 1,
	 0,
	 48,
	 48,
	 false,
	 (512ull << 30) - (16ull << 20),
	 8192,
	 {0x200000},
	 1,
	 1500,
	 0,
	 SMMUV3_PGTBL_SPLIT_NONE,
	 0},
	/* stage 2 with concatenated L1 roots, non-coherent */
	{"s2 4K 40 nc",
	 2,
	 0,
	 40,
	 40,
	 true,
	 (1ull << 39) - (16ull << 20),
	 8192,
	 {0x200000},
	 1,
	 1200,
	 0,
	 SMMUV3_PGTBL_SPLIT_NONE,
	 0},
	/* 16K: 256 MiB window around a 64 GiB (L1) boundary, 32M blocks */
	{"s1 16K 47",
	 1,
	 1,
	 47,
	 44,
	 false,
	 (64ull << 30) - (128ull << 20),
	 16384,
	 {0x2000000},
	 1,
	 1000,
	 0,
	 SMMUV3_PGTBL_SPLIT_NONE,
	 0},
	/* 64K 52-bit: 2 GiB window at the top of IAS, 512M blocks */
	{"s2 64K 52",
	 2,
	 2,
	 52,
	 52,
	 false,
	 (1ull << 52) - (2ull << 30),
	 32768,
	 {0x20000000},
	 1,
	 600,
	 0,
	 SMMUV3_PGTBL_SPLIT_NONE,
	 0},
	/* The table options: hitless split with tables kept (and trimmed) */
	{"s1 4K 48 split keep",
	 1,
	 0,
	 48,
	 48,
	 false,
	 (512ull << 30) - (16ull << 20),
	 8192,
	 {0x200000},
	 1,
	 500,
	 SMMUV3_PGTBL_F_KEEP_EMPTY,
	 SMMUV3_PGTBL_SPLIT_HITLESS,
	 0},
	{"s2 4K 40 nc split",
	 2,
	 0,
	 40,
	 40,
	 true,
	 (1ull << 39) - (16ull << 20),
	 8192,
	 {0x200000},
	 1,
	 400,
	 0,
	 SMMUV3_PGTBL_SPLIT_HITLESS,
	 0},
	{"s1 16K 47 split keep",
	 1,
	 1,
	 47,
	 44,
	 false,
	 (64ull << 30) - (128ull << 20),
	 16384,
	 {0x2000000},
	 1,
	 400,
	 SMMUV3_PGTBL_F_KEEP_EMPTY,
	 SMMUV3_PGTBL_SPLIT_HITLESS,
	 0},
	{"s2 64K 52 split",
	 2,
	 2,
	 52,
	 52,
	 false,
	 (1ull << 52) - (2ull << 30),
	 32768,
	 {0x20000000},
	 1,
	 250,
	 0,
	 SMMUV3_PGTBL_SPLIT_HITLESS,
	 0},
	/* Page-size mask: 4K only (no blocks at all), tables kept */
	{"s2 4K 40 4K-only keep",
	 2,
	 0,
	 40,
	 40,
	 false,
	 (1ull << 39) - (16ull << 20),
	 8192,
	 {0},
	 0,
	 400,
	 SMMUV3_PGTBL_F_KEEP_EMPTY,
	 SMMUV3_PGTBL_SPLIT_NONE,
	 0x1000},
};

static void test_random_sequences(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		rng = seed ^ (0x9E3779B97F4A7C15ull * (i + 1));
		run(&cfgs[i]);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_sequences),
	};
	const char *env = getenv("PGT_SEED");

	if (argc > 1)
		seed = strtoull(argv[1], NULL, 0);
	else if (env)
		seed = strtoull(env, NULL, 0);
	printf("prop_pgtable seed %#llx\n", (unsigned long long)seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
