/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared helpers of the page-table tests: a hosted port, a recording flush
 * ops table and a snapshot of every valid entry (to prove "unchanged").
 */
#ifndef PGTABLE_UTIL_H
#define PGTABLE_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <smmuv3/smmuv3.h>

#include "smmuv3_osal_hosted.h"

struct flush_call {
	uint64_t iova, size, leaf_size;
	bool leaf_only;
};

struct flush_rec {
	struct flush_call calls[64];
	unsigned int n, n_all;
	/* Injected errors: returned by table (leaf_size 0), leaf and
	 * flush_all calls while non-zero (calls are recorded anyway). */
	int fail_table, fail_leaf, fail_all;
};

static inline int rec_flush(void *cookie, smmuv3_iova_t iova, uint64_t size,
			    uint64_t leaf_size, bool leaf_only)
{
	struct flush_rec *r = cookie;

	if (r->n < 64) {
		r->calls[r->n].iova = iova;
		r->calls[r->n].size = size;
		r->calls[r->n].leaf_size = leaf_size;
		r->calls[r->n].leaf_only = leaf_only;
	}
	r->n++;
	return leaf_size ? r->fail_leaf : r->fail_table;
}

static inline int rec_flush_all(void *cookie)
{
	struct flush_rec *r = cookie;

	r->n_all++;
	return r->fail_all;
}

static const struct smmuv3_pgtbl_flush_ops rec_ops = {
	.flush = rec_flush,
	.flush_all = rec_flush_all,
};

struct snap {
	struct smmuv3_pgtbl_entry *e;
	size_t n, cap;
};

static inline int snap_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct snap *s = arg;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->e = realloc(s->e, s->cap * sizeof(*s->e));
	}
	s->e[s->n++] = *e;
	return 0;
}

static inline void snap_take(const struct smmuv3_pgtbl *pg, struct snap *s)
{
	s->n = 0;
	if (smmuv3_pgtbl_walk(pg, 0, 1ull << pg->cfg.ias, snap_cb, s) != 0)
		abort();
}

static inline bool snap_equal(const struct snap *a, const struct snap *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->e[i].iova != b->e[i].iova ||
		    a->e[i].size != b->e[i].size ||
		    a->e[i].level != b->e[i].level ||
		    a->e[i].leaf != b->e[i].leaf ||
		    a->e[i].desc != b->e[i].desc)
			return false;
	return true;
}

static inline void snap_free(struct snap *s)
{
	free(s->e);
	memset(s, 0, sizeof(*s));
}

/*
 * The count of valid entries a table descriptor carries for the table it
 * links (docs/pgtable.md, "Memory": bits [9:2] = count[7:0], bits [58:52]
 * = count[14:8]) must equal what the table holds. Tables are read at
 * PA == VA (the tests' allocators). Returns the number of mismatches.
 */
struct cnt_chk {
	unsigned int bad, tables;
	size_t nent;
};

static inline int cnt_chk_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct cnt_chk *c = arg;
	const uint64_t *t = (const uint64_t *)(uintptr_t)e->addr;
	uint64_t want =
		((e->desc >> 2) & 0xff) | (((e->desc >> 52) & 0x7f) << 8);
	uint64_t n = 0;
	size_t k;

	if (e->leaf)
		return 0;
	for (k = 0; k < c->nent; k++)
		n += t[k] & 1u;
	c->tables++;
	if (n != want)
		c->bad++;
	return 0;
}

static inline unsigned int check_counts(const struct smmuv3_pgtbl *pg)
{
	struct cnt_chk c = {0, 0,
			    ((size_t)0x1000 << (2 * pg->cfg.granule)) / 8};

	if (smmuv3_pgtbl_walk(pg, 0, 1ull << pg->cfg.ias, cnt_chk_cb, &c) != 0)
		abort();
	return c.bad;
}

/*
 * Low memory for tables: the hosted port's heap lies far above 2^32, but a
 * table address is an output address and must fit the OAS (down to 32
 * bits). This allocator hands out zeroed, aligned blocks from an arena
 * mapped below 2 GiB (MAP_32BIT, 256 MiB), PA == VA like the hosted port, with
 * the same statistics and fail_at injection in struct smmuv3_hosted.
 */
#define LOWMEM_ARENA (256ull << 20)

struct lowmem_free {
	struct lowmem_free *next;
	size_t size;
};

static uint8_t *lowmem_base;
static size_t lowmem_used;
static struct lowmem_free *lowmem_list[32];

static inline void *lowmem_alloc(void *ctx, size_t size, size_t align,
				 smmuv3_pa_t *pa)
{
	struct smmuv3_hosted *h = ctx;
	unsigned int b;
	size_t bsz;
	uint8_t *p;

	if (h->fail_at && h->n_alloc + 1 >= h->fail_at)
		return NULL;
	if (!lowmem_base) {
		void *m = mmap(NULL, LOWMEM_ARENA, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT |
				       MAP_NORESERVE,
			       -1, 0);

		if (m == MAP_FAILED)
			abort();
		lowmem_base = m;
	}
	/* Power-of-two size classes, naturally aligned (>= align). */
	for (b = 6; ((size_t)1 << b) < size || ((size_t)1 << b) < align; b++)
		;
	bsz = (size_t)1 << b;
	if (lowmem_list[b]) {
		p = (uint8_t *)lowmem_list[b];
		lowmem_list[b] = lowmem_list[b]->next;
	} else {
		size_t off = (lowmem_used + bsz - 1) & ~(bsz - 1);

		if (off + bsz > LOWMEM_ARENA)
			return NULL;
		p = lowmem_base + off;
		lowmem_used = off + bsz;
	}
	memset(p, 0, bsz);
	h->n_alloc++;
	h->bytes_live += size;
	*pa = (smmuv3_pa_t)(uintptr_t)p;
	return p;
}

static inline void lowmem_freefn(void *ctx, void *va, size_t size)
{
	struct smmuv3_hosted *h = ctx;
	struct lowmem_free *f = va;
	unsigned int b;

	for (b = 6; ((size_t)1 << b) < size; b++)
		;
	/* Allocations rounded up to their alignment: find the class by
	 * the size; alignment never exceeds the size here. */
	f->next = lowmem_list[b];
	lowmem_list[b] = f;
	h->n_free++;
	h->bytes_live -= size;
}

/* A copy of @base with alloc/free from the low arena. */
static inline void lowmem_ops(struct smmuv3_osal_ops *ops,
			      const struct smmuv3_osal_ops *base)
{
	*ops = *base;
	ops->alloc = lowmem_alloc;
	ops->free = lowmem_freefn;
}

static inline struct smmuv3_pgtbl_cfg mkcfg(int stage, int gran,
					    unsigned int ias, unsigned int oas,
					    struct flush_rec *rec)
{
	struct smmuv3_pgtbl_cfg c;

	memset(&c, 0, sizeof(c));
	c.stage = (enum smmuv3_pgtbl_stage)stage;
	c.granule = (enum smmuv3_granule)gran;
	c.ias = (uint8_t)ias;
	c.oas = (uint8_t)oas;
	c.coherent = true;
	c.flush = &rec_ops;
	c.cookie = rec;
	return c;
}

#endif
