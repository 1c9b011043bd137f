// SPDX-License-Identifier: BSD-2-Clause
/*
 * Benchmark of the LPAE page tables (not a timed test): map and unmap a
 * range (default 1 GiB) as pages and as the granule's first block size, for
 * the 4K, 16K and 64K granules, stage 1, 48-bit, coherent walks, flushes
 * going to an empty callback (as a deferred-flush gather would be).
 * Prints ns per leaf, table memory per mapped GiB, and the same for a
 * floor loop that only stores the same number of 64-bit descriptors.
 *
 * Each phase runs cold (fresh allocator) and then warm; the warm phases and
 * the floor loops are bracketed with callgrind client requests, so
 * scripts/bench-pgtable.sh (valgrind --tool=callgrind --collect-atstart=no)
 * gets exact instruction counts per phase: "<case>/<phase>/<n>" dumps.
 *
 * Per-call workloads (the DMA-API and hypervisor-donation hot path), for the
 * page cases: one page per call at ascending IOVAs (map1/unmap1) and at
 * random IOVAs (map1r/unmap1r: a fixed odd-multiplier permutation of the
 * pages, unmapped in another order), 1-16 pages per call at random
 * 16-page slots (map16r/unmap16r), and a bulk unmap that asks for the
 * unmapped byte count (unmapc). <n> is then the number of calls (pages for
 * unmapc). The flush op records its arguments (a gather would), it never
 * waits.
 *
 * Usage: bench_pgtable [MiB] (default 1024; must be a multiple of 1024 for
 * the 64K block case to use blocks).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmuv3/smmuv3.h>

#include "smmuv3_osal_hosted.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#endif

static void phase_begin(void)
{
	CALLGRIND_TOGGLE_COLLECT;
}

static void phase_end(const char *cas, const char *phase, uint64_t leaves)
{
	char name[96];

	CALLGRIND_TOGGLE_COLLECT;
	snprintf(name, sizeof(name), "%s/%s/%llu", cas, phase,
		 (unsigned long long)leaves);
	CALLGRIND_DUMP_STATS_AT(name);
	(void)name;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The flush op: records the last request (a gather would merge them). */
static struct {
	uint64_t iova, size, leaf, n;
} flushed;

static int nop_flush(void *c, smmuv3_iova_t i, uint64_t s, uint64_t l, bool o)
{
	(void)c;
	(void)o;
	flushed.iova = i;
	flushed.size = s;
	flushed.leaf = l;
	flushed.n++;
	return 0;
}

/* Page k of the permutation @mul (odd) of n = 2^m pages. */
static inline uint64_t perm(uint64_t k, uint64_t mul, uint64_t n)
{
	return (k * mul) & (n - 1u);
}

/* Length (1..16 pages) of the call in 16-page slot s. */
static inline uint64_t slot_len(uint64_t s)
{
	return 1u + ((s * 0x9E3779B97F4A7C15ull) >> 60);
}

static int nop_flush_all(void *c)
{
	(void)c;
	return 0;
}

/*
 * The bench's OSAL: the hosted port with alloc/free replaced by per-size
 * free lists (what a hypervisor's page pool does), so the figures measure
 * the page tables, not glibc's memalign. Memory handed out is zeroed with
 * 16-byte stores (glibc's memset uses "rep stosb" here, which callgrind
 * counts once per byte).
 */
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct flist {
	size_t size;
	void *head;
};
static struct flist flists[8];

static void zero_mem(void *p, size_t bytes)
{
#if defined(__SSE2__)
	__m128i z = _mm_setzero_si128(), *v = p, *e = v + bytes / 16;

	for (; v != e; v += 4) {
		_mm_store_si128(v, z);
		_mm_store_si128(v + 1, z);
		_mm_store_si128(v + 2, z);
		_mm_store_si128(v + 3, z);
	}
#else
	memset(p, 0, bytes);
#endif
}

static struct flist *flist_of(size_t size)
{
	size_t i;

	for (i = 0; i < 8; i++) {
		if (flists[i].size == size)
			return &flists[i];
		if (flists[i].size == 0) {
			flists[i].size = size;
			return &flists[i];
		}
	}
	abort();
}

static void *pool_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct smmuv3_hosted *h = ctx;
	struct flist *fl;
	void *p;

	size = (size + 63) & ~(size_t)63;
	fl = flist_of(size);
	if (fl->head) {
		p = fl->head;
		fl->head = *(void **)p;
	} else {
		p = aligned_alloc(align < 64 ? 64 : align, size);
		if (!p)
			return NULL;
	}
	zero_mem(p, size);
	h->n_alloc++;
	h->bytes_live += size;
	*pa = (smmuv3_pa_t)(uintptr_t)p;
	return p;
}

static void pool_free(void *ctx, void *va, size_t size)
{
	struct smmuv3_hosted *h = ctx;
	struct flist *fl;

	size = (size + 63) & ~(size_t)63;
	fl = flist_of(size);
	*(void **)va = fl->head;
	fl->head = va;
	h->n_free++;
	h->bytes_live -= size;
}

static const struct smmuv3_pgtbl_flush_ops nop_ops = {
	.flush = nop_flush,
	.flush_all = nop_flush_all,
};

/* The floor: store n descriptors, one 64-bit store each, as the fill does. */
__attribute__((noinline)) static void floor_loop(uint64_t *p, uint64_t n,
						 uint64_t d, uint64_t step)
{
	uint64_t *e = p + n;

	do {
		*(volatile uint64_t *)p = d;
		d += step;
	} while (++p != e);
}

struct bcase {
	const char *name;
	enum smmuv3_granule g;
	uint64_t leaf;	 /* leaf size used */
	uint64_t pa_off; /* PA misalignment: selects the leaf size used */
};

int main(int argc, char **argv)
{
	uint64_t mib = argc > 1 ? strtoull(argv[1], NULL, 0) : 1024;
	uint64_t size = mib << 20;
	const struct bcase cases[] = {
		{"4K-pages", SMMUV3_GRANULE_4K, 0x1000, 0x1000},
		{"4K-2M", SMMUV3_GRANULE_4K, 0x200000,
		 0x200000}, /* not 1G-aligned */
		{"16K-pages", SMMUV3_GRANULE_16K, 0x4000, 0x4000},
		{"16K-32M", SMMUV3_GRANULE_16K, 0x2000000, 0},
		{"64K-pages", SMMUV3_GRANULE_64K, 0x10000, 0x10000},
		{"64K-512M", SMMUV3_GRANULE_64K, 0x20000000, 0},
	};
	const uint64_t iova = 1ull << 40, pa = 1ull << 41;
	static struct smmuv3_osal_ops bench_ops;
	size_t i;

#if defined(__GLIBC__)
	/* "Warm": keep freed table memory in the heap instead of returning
	 * it to the kernel after every unmap (page faults are not ours). */
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	mallopt(M_MMAP_THRESHOLD, 1 << 30);
#endif
	printf("# bench_pgtable: %llu MiB per case, stage 1, IAS/OAS 48, "
	       "coherent\n",
	       (unsigned long long)mib);
	printf("%-10s %9s %9s %9s %9s %9s %12s\n", "case", "leaves", "map-ns",
	       "unmap-ns", "floor-ns", "ratio", "tbl-KiB/GiB");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bcase *bc = &cases[i];
		struct smmuv3_hosted h;
		struct smmuv3_osal osal;
		struct smmuv3_pgtbl pg;
		struct smmuv3_pgtbl_cfg c;
		uint64_t n = size / bc->leaf, t0, t_map, t_unmap, t_floor;
		uint64_t t_map1, t_unmap1;
		uint64_t root, tbl_bytes, *buf;
		int pass;

		if (n == 0)
			continue;
		memset(&c, 0, sizeof(c));
		c.stage = SMMUV3_PGTBL_STAGE1;
		c.granule = bc->g;
		c.ias = 48;
		c.oas = 48;
		c.coherent = true;
		c.flush = &nop_ops;
		if (smmuv3_hosted_init(&h, NULL, &osal))
			return 1;
		bench_ops = smmuv3_hosted_ops;
		bench_ops.alloc = pool_alloc;
		bench_ops.free = pool_free;
		osal.ops = &bench_ops;
		if (smmuv3_pgtbl_init(&pg, &osal, NULL, &c))
			return 1;
		root = h.bytes_live;
		t_map = t_unmap = 0;
		tbl_bytes = 0;
		for (pass = 0; pass < 2; pass++) {
			/* pass 0 cold, pass 1 warm (measured by callgrind) */
			if (pass)
				phase_begin();
			t0 = now_ns();
			if (smmuv3_pgtbl_map(&pg, iova, pa + bc->pa_off, size,
					     SMMUV3_PROT_READ |
						     SMMUV3_PROT_WRITE |
						     SMMUV3_PROT_MEM_CACHED))
				return 2;
			t_map = now_ns() - t0;
			if (pass)
				phase_end(bc->name, "map", n);
			tbl_bytes = h.bytes_live - root;
			if (pass)
				phase_begin();
			t0 = now_ns();
			if (smmuv3_pgtbl_unmap(&pg, iova, size, NULL))
				return 3;
			t_unmap = now_ns() - t0;
			if (pass)
				phase_end(bc->name, "unmap", n);
		}
		if (h.bytes_live != root)
			return 4;
		t_map1 = t_unmap1 = 0;
		if (bc->pa_off == bc->leaf) {
			/* DMA-API style: one call per page, ascending. */
			uint64_t k;

			phase_begin();
			t0 = now_ns();
			for (k = 0; k < n; k++)
				if (smmuv3_pgtbl_map(&pg, iova + k * bc->leaf,
						     pa + bc->pa_off +
							     k * bc->leaf,
						     bc->leaf,
						     SMMUV3_PROT_READ |
							     SMMUV3_PROT_WRITE))
					return 6;
			t_map1 = now_ns() - t0;
			phase_end(bc->name, "map1", n);
			phase_begin();
			t0 = now_ns();
			for (k = 0; k < n; k++)
				if (smmuv3_pgtbl_unmap(&pg, iova + k * bc->leaf,
						       bc->leaf, NULL))
					return 7;
			t_unmap1 = now_ns() - t0;
			phase_end(bc->name, "unmap1", n);
			if (h.bytes_live != root)
				return 8;
		}
		if (bc->pa_off == bc->leaf && !(n & (n - 1u)) && n >= 16) {
			const uint32_t rw =
				SMMUV3_PROT_READ | SMMUV3_PROT_WRITE;
			uint64_t k, ns = n / 16u, calls = 0, unm = 0, tot = 0;

			/* The call lists are built before the measured phases
			 * (the harness's own arithmetic is not the library's).
			 */
			uint64_t *mo = malloc(n * 8u), *uo = malloc(n * 8u);
			uint64_t *ma = malloc(ns * 16u), *ua = malloc(ns * 16u);

			if (!mo || !uo || !ma || !ua)
				return 16;
			for (k = 0; k < n; k++) {
				mo[k] = iova +
					perm(k, 0x9E3779B1u, n) * bc->leaf;
				uo[k] = iova +
					perm(k, 0x85EBCA77u, n) * bc->leaf;
			}
			for (k = 0; k < ns; k++) {
				uint64_t qm = perm(k, 0x9E3779B1u, ns);
				uint64_t qu = perm(k, 0x85EBCA77u, ns);

				ma[2 * k] = iova + qm * 16u * bc->leaf;
				ma[2 * k + 1] = slot_len(qm) * bc->leaf;
				ua[2 * k] = iova + qu * 16u * bc->leaf;
				ua[2 * k + 1] = slot_len(qu) * bc->leaf;
			}
			/* Random single pages: cold round, then measured. */
			for (pass = 0; pass < 2; pass++) {
				if (pass)
					phase_begin();
				for (k = 0; k < n; k++)
					if (smmuv3_pgtbl_map(&pg, mo[k],
							     mo[k] - iova + pa,
							     bc->leaf, rw))
						return 9;
				if (pass) {
					phase_end(bc->name, "map1r", n);
					phase_begin();
				}
				for (k = 0; k < n; k++)
					if (smmuv3_pgtbl_unmap(&pg, uo[k],
							       bc->leaf, NULL))
						return 10;
				if (pass)
					phase_end(bc->name, "unmap1r", n);
			}
			/* 1-16 pages per call at random 16-page slots. */
			for (pass = 0; pass < 2; pass++) {
				calls = ns;
				if (pass)
					phase_begin();
				for (k = 0; k < ns; k++)
					if (smmuv3_pgtbl_map(&pg, ma[2 * k],
							     ma[2 * k] - iova +
								     pa,
							     ma[2 * k + 1], rw))
						return 11;
				if (pass) {
					phase_end(bc->name, "map16r", calls);
					phase_begin();
				}
				for (k = 0; k < ns; k++)
					if (smmuv3_pgtbl_unmap(&pg, ua[2 * k],
							       ua[2 * k + 1],
							       NULL))
						return 12;
				if (pass)
					phase_end(bc->name, "unmap16r", calls);
			}
			free(mo);
			free(uo);
			free(ma);
			free(ua);
			/* Bulk unmap asking for the byte count. */
			if (smmuv3_pgtbl_map(&pg, iova, pa + bc->pa_off, size,
					     rw))
				return 13;
			phase_begin();
			if (smmuv3_pgtbl_unmap(&pg, iova, size, &unm))
				return 14;
			phase_end(bc->name, "unmapc", n);
			for (k = 0; k < ns; k++)
				tot += slot_len(k);
			if (unm != size || h.bytes_live != root || !tot)
				return 15;
		}
		buf = aligned_alloc(4096, (size_t)((n * 8 + 4095) & ~4095ull));
		if (!buf)
			return 5;
		memset(buf, 0, (size_t)n * 8);
		floor_loop(buf, n, pa | 0xF47, bc->leaf); /* warm it too */
		phase_begin();
		t0 = now_ns();
		floor_loop(buf, n, pa | 0xF47, bc->leaf);
		t_floor = now_ns() - t0;
		phase_end(bc->name, "floor", n);
		free(buf);
		printf("%-10s %9llu %9.2f %9.2f %9.2f %9.2f %12llu\n", bc->name,
		       (unsigned long long)n, (double)t_map / (double)n,
		       (double)t_unmap / (double)n, (double)t_floor / (double)n,
		       (double)t_map / (double)(t_floor ? t_floor : 1),
		       (unsigned long long)(tbl_bytes * 1024 / mib / 1024));
		if (t_map1)
			printf("%-10s %9s %9.2f %9.2f   (one call per page)\n",
			       "", "", (double)t_map1 / (double)n,
			       (double)t_unmap1 / (double)n);
		smmuv3_pgtbl_destroy(&pg);
		smmuv3_hosted_fini(&h);
	}
	return 0;
}
