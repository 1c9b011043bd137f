// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for page-table operation sequences (src/pgtable_lpae.c)
 * against a reference model written here from the contract in
 * include/smmuv3/pgtable.h: the table is a set of leaves (iova, size, pa);
 * map installs, at each point, the largest leaf whose size and alignment
 * (input and output) fit (4K: 1G/2M/4K, 16K: 32M/16K, 64K: 512M/64K),
 * refuses any overlap with SMMUV3_EEXIST and changes nothing on error;
 * unmap removes every leaf inside the range, refuses a leaf straddling
 * either end with SMMUV3_EPERM, and reports exactly the bytes removed.
 *
 * Input: byte 0 picks stage, granule, IAS and OAS; then operations of 8
 * bytes: kind (map, unmap, translate), an address unit (the page or one of
 * the block sizes), IOVA and PA multiples of it, a count, protection bits
 * and flags (an unaligned or out-of-range operand, a failed allocation).
 *
 * Properties: every call returns exactly the code the reference predicts
 * (argument checks in the documented order, then EEXIST / EPERM), except
 * that a map may fail with SMMUV3_ENOMEM when allocation fails, changing
 * nothing; *unmapped is exact; every removed leaf was flushed (covered by
 * a flush callback range) before unmap returned; after every operation the
 * translations of the touched range, and at the end a full walk, equal the
 * reference exactly (each leaf's IOVA, size and output address).
 * Protections are drawn from combinations valid at both stages (Device
 * memory always with NOEXEC, PRIV only at stage 1) unless the input asks
 * for an invalid one, which must be refused with SMMUV3_EINVAL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/err.h>
#include <smmuv3/pgtable.h>

#include "smmuv3_osal_mock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                          \
	do {                                                              \
		if (!(c)) {                                               \
			fprintf(stderr,                                   \
				"fuzz_pgtable:%d: property failed: %s\n", \
				__LINE__, #c);                            \
			abort();                                          \
		}                                                         \
	} while (0)

#define MAX_LEAVES 4096u
#define MAX_OP_LEAVES 1024u
#define MAX_FLUSH 64u

struct leaf {
	uint64_t iova, size, pa;
};

struct ref {
	struct leaf l[MAX_LEAVES];
	unsigned int n;
	unsigned int nsizes;
	unsigned int shifts[3]; /* leaf sizes, largest first */
	unsigned int ias, oas, gshift;
};

struct flushes {
	uint64_t lo[MAX_FLUSH], hi[MAX_FLUSH];
	unsigned int n;
	bool all, overflow;
};

static int flush_cb(void *cookie, smmuv3_iova_t iova, uint64_t size,
		    uint64_t leaf_size, bool leaf_only)
{
	struct flushes *f = cookie;

	(void)leaf_size;
	(void)leaf_only;
	CHECK(size != 0);
	if (f->n == MAX_FLUSH) {
		f->overflow = true;
		return 0;
	}
	f->lo[f->n] = iova;
	f->hi[f->n] = iova + size - 1u;
	f->n++;
	return 0;
}

static const struct smmuv3_pgtbl_flush_ops flush_ops = {.flush = flush_cb};

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* Leaves a map of [iova, iova + size) -> pa would install, or -1. */
static int plan(const struct ref *r, uint64_t iova, uint64_t pa, uint64_t size,
		struct leaf *out)
{
	uint64_t a = iova, end = iova + size;
	int n = 0;

	while (a < end) {
		unsigned int k;

		for (k = 0; k < r->nsizes; k++) {
			uint64_t s = 1ull << r->shifts[k];
			uint64_t p = pa + (a - iova);

			if (!(a & (s - 1)) && !(p & (s - 1)) && end - a >= s)
				break;
		}
		CHECK(k < r->nsizes); /* the page always fits */
		if (n == (int)MAX_OP_LEAVES)
			return -1;
		out[n].iova = a;
		out[n].size = 1ull << r->shifts[k];
		out[n].pa = pa + (a - iova);
		a += out[n].size;
		n++;
	}
	return n;
}

static int cmp_leaf(const void *x, const void *y)
{
	const struct leaf *a = x, *b = y;

	return a->iova < b->iova ? -1 : a->iova > b->iova;
}

static void check_xlate(const struct smmuv3_pgtbl *pg, const struct ref *r,
			uint64_t iova)
{
	smmuv3_pa_t pa = 0;
	int ret = smmuv3_pgtbl_iova_to_phys(pg, iova, &pa);

	if (r->ias < 64 && iova >> r->ias) {
		CHECK(ret == SMMUV3_ERANGE);
		return;
	}
	for (unsigned int i = 0; i < r->n; i++) {
		const struct leaf *l = &r->l[i];

		if (iova >= l->iova && iova - l->iova < l->size) {
			CHECK(ret == 0);
			CHECK(pa == l->pa + (iova - l->iova));
			return;
		}
	}
	CHECK(ret == SMMUV3_ENOENT);
}

struct walk_ctx {
	const struct ref *r;
	unsigned int i;
};

static int walk_cb(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct walk_ctx *w = arg;
	const struct leaf *l;

	if (!e->leaf)
		return 0;
	CHECK(w->i < w->r->n);
	l = &w->r->l[w->i++];
	CHECK(e->iova == l->iova && e->size == l->size && e->addr == l->pa);
	return 0;
}

static uint32_t pick_prot(uint8_t b, bool s1)
{
	static const uint32_t rw[3] = {SMMUV3_PROT_READ, SMMUV3_PROT_WRITE,
				       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE};
	uint32_t p = rw[b % 3];
	uint32_t mem = (b >> 2) & 3;

	if (mem == 3)
		mem = 1;
	p |= mem << 4;
	if (mem == 2 || (b & 0x10))
		p |= SMMUV3_PROT_NOEXEC;
	if (s1 && (b & 0x20))
		p |= SMMUV3_PROT_PRIV;
	p |= (uint32_t)((b >> 6) & 3) << 6; /* SH */
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int gshift[3] = {12, 14, 16};
	static const unsigned int blocks[3][3] = {
		{30, 21, 12}, {25, 14, 0}, {29, 16, 0}};
	static const uint8_t iases[4] = {36, 40, 44, 48};
	static const uint8_t oases[4] = {36, 40, 44, 48};
	static struct ref r;
	static struct leaf pl[MAX_OP_LEAVES];
	struct smmuv3_mock mock;
	struct smmuv3_osal osal;
	struct smmuv3_pgtbl pg;
	struct smmuv3_pgtbl_cfg cfg = {0};
	struct flushes fl;
	struct walk_ctx wc;
	unsigned int g;
	size_t i;
	bool s1;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof(r));
	s1 = !(data[0] & 1);
	g = ((data[0] >> 1) & 3) % 3;
	r.gshift = gshift[g];
	r.ias = iases[(data[0] >> 3) & 3];
	r.oas = oases[(data[0] >> 5) & 3];
	for (unsigned int k = 0; k < 3 && blocks[g][k]; k++)
		r.shifts[r.nsizes++] = blocks[g][k];

	if (smmuv3_mock_init(&mock, NULL, NULL, &osal) != 0)
		abort();
	cfg.stage = s1 ? SMMUV3_PGTBL_STAGE1 : SMMUV3_PGTBL_STAGE2;
	cfg.granule = (enum smmuv3_granule)g;
	cfg.ias = (uint8_t)r.ias;
	cfg.oas = (uint8_t)r.oas;
	cfg.coherent = true;
	cfg.flush = &flush_ops;
	cfg.cookie = &fl;
	if (smmuv3_pgtbl_init(&pg, &osal, NULL, &cfg) != 0) {
		/* Only combinations the granule cannot express. */
		CHECK(!s1);
		smmuv3_mock_fini(&mock);
		return 0;
	}

	for (i = 1; i + 8 <= size; i += 8) {
		const uint8_t *op = data + i;
		unsigned int unit = op[1] % 3;
		unsigned int ushift = (unit < r.nsizes)
					      ? r.shifts[r.nsizes - 1 - unit]
					      : r.gshift;
		uint64_t iova = (uint64_t)(op[2] & 0x1f) << ushift;
		uint64_t pa = (uint64_t)(op[3] & 0x1f) << ushift;
		uint64_t len = (uint64_t)(1 + (op[4] & 3)) << ushift;
		uint8_t flags = op[6];
		int ret, want;

		/* Extra pages make runs that end between blocks. */
		len += (uint64_t)((op[4] >> 2) & 7) << r.gshift;
		iova += (uint64_t)((op[5] >> 4) & 3) << r.gshift;
		if (flags & 1)
			iova += 8; /* unaligned */
		if (flags & 2)	   /* near or past the top of the input space */
			iova = (1ull << r.ias) - len +
			       ((uint64_t)(op[5] & 3) << r.gshift);

		switch (op[0] % 3) {
		case 0: { /* map */
			uint32_t prot = pick_prot(op[7], s1);
			int np = 0;

			if (flags & 4)
				pa = (1ull << r.oas) - len +
				     ((uint64_t)(op[5] & 3) << r.gshift);
			if (flags & 8)
				prot = (flags & 0x10) ? 0x200u | prot
						      : prot & ~3u;
			if (flags & 0x20)
				pa += 4; /* unaligned */
			/* The reference's answer, in the documented order. */
			if ((iova | len) & ((1ull << r.gshift) - 1))
				want = SMMUV3_EINVAL;
			else if (len > (1ull << r.ias) ||
				 iova > (1ull << r.ias) - len)
				want = SMMUV3_ERANGE;
			else if (pa & ((1ull << r.gshift) - 1))
				want = SMMUV3_EINVAL;
			else if (len > (1ull << r.oas) ||
				 pa > (1ull << r.oas) - len)
				want = SMMUV3_ERANGE;
			else if ((prot & ~0xffu) || !(prot & 3u))
				want = SMMUV3_EINVAL;
			else {
				want = 0;
				for (unsigned int k = 0; k < r.n; k++)
					if (overlaps(r.l[k].iova, r.l[k].size,
						     iova, len))
						want = SMMUV3_EEXIST;
				if (!want) {
					np = plan(&r, iova, pa, len, pl);
					if (np < 0 ||
					    r.n + (unsigned int)np > MAX_LEAVES)
						continue; /* too big to model */
				}
			}
			mock.fail_nth =
				(flags & 0x40) ? mock.n_alloc_calls + 1 : 0;
			ret = smmuv3_pgtbl_map(&pg, iova, pa, len, prot);
			mock.fail_nth = 0;
			if (ret == SMMUV3_ENOMEM && want == 0 && (flags & 0x40))
				break; /* nothing changed: checked below */
			CHECK(ret == want);
			if (ret == 0) {
				memcpy(&r.l[r.n], pl, (size_t)np * sizeof(*pl));
				r.n += (unsigned int)np;
				qsort(r.l, r.n, sizeof(r.l[0]), cmp_leaf);
			}
			break;
		}
		case 1: { /* unmap */
			uint64_t unmapped = 0xdead, removed = 0;
			unsigned int k, kept = 0;

			if ((iova | len) & ((1ull << r.gshift) - 1))
				want = SMMUV3_EINVAL;
			else if (len > (1ull << r.ias) ||
				 iova > (1ull << r.ias) - len)
				want = SMMUV3_ERANGE;
			else {
				want = 0;
				for (k = 0; k < r.n; k++) {
					const struct leaf *l = &r.l[k];

					if (overlaps(l->iova, l->size, iova,
						     len) &&
					    (l->iova < iova ||
					     l->iova + l->size > iova + len))
						want = SMMUV3_EPERM;
				}
			}
			memset(&fl, 0, sizeof(fl));
			ret = smmuv3_pgtbl_unmap(&pg, iova, len, &unmapped);
			CHECK(ret == want);
			if (ret) {
				CHECK(fl.n == 0 && !fl.all);
				break;
			}
			for (k = 0; k < r.n; k++) {
				const struct leaf *l = &r.l[k];

				if (!overlaps(l->iova, l->size, iova, len)) {
					r.l[kept++] = *l;
					continue;
				}
				removed += l->size;
				/* Flushed: both ends covered by a flush. */
				if (!fl.overflow && !fl.all) {
					bool lo = false, hi = false;

					for (unsigned int f = 0; f < fl.n;
					     f++) {
						lo |= l->iova >= fl.lo[f] &&
						      l->iova <= fl.hi[f];
						hi |= l->iova + l->size - 1 >=
							      fl.lo[f] &&
						      l->iova + l->size - 1 <=
							      fl.hi[f];
					}
					CHECK(lo && hi);
				}
			}
			r.n = kept;
			CHECK(unmapped == removed);
			break;
		}
		default: /* translate */
			break;
		}
		/* The touched range as the reference has it. */
		check_xlate(&pg, &r, iova);
		check_xlate(&pg, &r, iova + len - 1);
		check_xlate(&pg, &r, iova + len / 2);
		check_xlate(&pg, &r, iova + len);
	}

	/* The whole table, leaf by leaf. */
	wc.r = &r;
	wc.i = 0;
	CHECK(smmuv3_pgtbl_walk(&pg, 0, 1ull << r.ias, walk_cb, &wc) == 0);
	CHECK(wc.i == r.n);
	smmuv3_pgtbl_destroy(&pg);
	CHECK(smmuv3_mock_live_allocs(&mock) == 0);
	smmuv3_mock_fini(&mock);
	return 0;
}
