/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared helpers of the page-table tests: a hosted port, a recording flush
 * ops table and a snapshot of every valid entry (to prove "unchanged").
 */
#ifndef PGTABLE_UTIL_H
#define PGTABLE_UTIL_H

#include <stdlib.h>
#include <string.h>

#include <smmuv3/smmuv3.h>

#include "smmuv3_osal_hosted.h"

struct flush_call {
	uint64_t iova, size, leaf_size;
	bool leaf_only;
};

struct flush_rec {
	struct flush_call calls[64];
	unsigned int n, n_all;
};

static inline void rec_flush(void *cookie, smmuv3_iova_t iova, uint64_t size,
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
}

static inline void rec_flush_all(void *cookie)
{
	struct flush_rec *r = cookie;

	r->n_all++;
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
