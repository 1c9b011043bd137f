/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sweeps of the model's walker (test/model/walk.c) over every granule and
 * every input size: for each stage-1 TxSZ, and each stage-2 (S2T0SZ,
 * S2SL0) pair, this test decides validity and the table shape on its own
 * (counting levels the way the Arm ARM describes a walk: each level
 * resolves granule - 3 bits above the page offset, the first level the
 * rest, stage 2 up to 16 concatenated root tables), builds a one-page
 * mapping with its own table builder, and checks the decoder's verdict,
 * the output address, the leaf level and the number of descriptor reads.
 * The addresses used have every index bit set, then an alternating
 * pattern, so that a wrong index width at any level misses the mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "walk.h"

/* A sparse memory of 64-bit words. */
#define SMEM_MAX 512u

static struct {
	uint64_t addr[SMEM_MAX], val[SMEM_MAX];
	unsigned int n, reads;
} sm;

static int sm_read(void *ctx, uint64_t pa, uint64_t *v)
{
	unsigned int i;

	(void)ctx;
	sm.reads++;
	*v = 0;
	for (i = 0; i < sm.n; i++)
		if (sm.addr[i] == pa)
			*v = sm.val[i];
	return 0;
}

static void sm_write(uint64_t pa, uint64_t v)
{
	assert_true(sm.n < SMEM_MAX);
	sm.addr[sm.n] = pa;
	sm.val[sm.n] = v;
	sm.n++;
}

static const struct mdl_mem SMEM = {sm_read, NULL, NULL};

/* Full-featured SMMU, 52-bit OAS, all granules, 52-bit VA (IHI 0070 6.3) */
static struct mdl_params params(void)
{
	struct mdl_params p;

	memset(&p, 0, sizeof(p));
	p.idr[0] = (1u << 0) | (1u << 1) | (2u << 2) | (1u << 12) |
		   (1u << 18); /* S2P S1P TTF=AArch64 ASID16 VMID16 */
	p.idr[1] = 16u | (8u << 6);
	p.idr[5] = 6u | (7u << 4) | (1u << 10); /* OAS 52, GRAN*, VAX */
	return p;
}

/* Levels a walk needs for @inbits with granule 2^g (no concatenation). */
static unsigned int levels_for(unsigned int inbits, unsigned int g)
{
	unsigned int covered = g, n = 0;

	while (covered < inbits) {
		covered += g - 3u;
		n++;
	}
	return n;
}

/*
 * Build a one-page mapping of @ia -> @pa (page descriptor @attrs) in
 * tables starting at @root, level @start, and return the number of
 * levels. Each level L resolves bits [g + (3-L)(g-3) + w - 1 : g +
 * (3-L)(g-3)], w = g - 3 except at the first level, which takes the rest.
 */
static unsigned int build(uint64_t root, unsigned int start, unsigned int g,
			  unsigned int inbits, uint64_t ia, uint64_t pa,
			  uint64_t attrs)
{
	uint64_t table = root, next = 0x10000000;
	unsigned int level, lo, w;

	for (level = start; level <= 3u; level++) {
		lo = g + (3u - level) * (g - 3u);
		w = level == start ? inbits - lo : g - 3u;
		uint64_t idx = (ia >> lo) & ((1ull << w) - 1u);

		if (level == 3u) {
			sm_write(table + 8u * idx, pa | attrs | 3u);
		} else {
			sm_write(table + 8u * idx, next | 3u);
			table = next;
			next += 0x10000;
		}
	}
	return 4u - start;
}

static uint64_t tg0_enc(unsigned int g)
{
	return g == 12u ? 0u : g == 16u ? 1u : 2u;
}

/* Two addresses in range: all index bits ones, then 0b1010... */
static uint64_t sweep_addr(unsigned int inbits, unsigned int g, int which)
{
	uint64_t top = (1ull << inbits) - 1u, off = 0x18;

	if (which == 0)
		return (top & ~((1ull << g) - 1u)) | off;
	return (0xaaaaaaaaaaaaaaaaull & top & ~((1ull << g) - 1u)) | off;
}

static void test_s1_sweep(void **state)
{
	static const unsigned int gs[3] = {12, 14, 16};
	struct mdl_params p = params();
	unsigned int gi, t0sz, lv, n = 0;
	int which;

	(void)state;
	for (gi = 0; gi < 3u; gi++) {
		unsigned int g = gs[gi];
		/* TxSZ 16..39, or from 12 with 64K and 52-bit VAs */
		unsigned int min = g == 16u ? 12u : 16u;

		for (t0sz = 10; t0sz <= 41u; t0sz++) {
			for (which = 0; which < 2; which++) {
				unsigned int inbits = 64u - t0sz;
				uint64_t raw[8] = {0}, va;
				/* OA above 48 bits only with 64K */
				uint64_t pa = g == 16u ? 0x000f000012340000ull
						       : 0x0000800012340000ull;
				struct mdl_cd cd;
				struct mdl_xlate x;
				struct mdl_fault f;
				bool valid = t0sz >= min && t0sz <= 39u;
				int ret;

				memset(&sm, 0, sizeof(sm));
				raw[0] = t0sz | (tg0_enc(g) << 6) |
					 (1ull << 30) | (1ull << 31) |
					 (6ull << 32) | (1ull << 41) |
					 (1ull << 46);
				raw[1] = 0x4000000; /* TTB0 */
				ret = mdl_cd_decode(&p, NULL, raw, &cd, &f);
				assert_int_equal(ret,
						 valid ? 0 : MDL_EVT_C_BAD_CD);
				if (!valid)
					continue;
				va = sweep_addr(inbits, g, which);
				lv = levels_for(inbits, g);
				assert_true(lv >= 1u && lv <= 4u);
				if (g == 16u)
					/* OA[51:48] in descriptor [15:12] */
					build(0x4000000, 4u - lv, g, inbits, va,
					      0x12340000ull,
					      0xf000u | (1u << 10));
				else
					build(0x4000000, 4u - lv, g, inbits, va,
					      pa, 1u << 10);
				sm.reads = 0;
				ret = mdl_walk_stage(&SMEM, &p, 1, NULL, &cd,
						     va, MDL_ACC_PRIV, &x, &f);
				assert_int_equal(ret, 0);
				assert_true(x.pa == (pa | 0x18));
				assert_int_equal(x.s1_level, 3);
				assert_int_equal(x.size_log2, g);
				assert_int_equal(sm.reads, lv);
				/* the first address beyond the range */
				if (inbits < 52u) {
					ret = mdl_walk_stage(
						&SMEM, &p, 1, NULL, &cd,
						1ull << inbits, MDL_ACC_PRIV,
						&x, &f);
					assert_int_equal(ret,
							 MDL_EVT_F_TRANSLATION);
					assert_int_equal(f.level, 0);
				}
				n++;
			}
		}
	}
	/* 4K: 24 sizes, 16K: 24, 64K: 28; two addresses each */
	assert_int_equal(n, 2 * (24 + 24 + 28));
}

static void test_s2_sweep(void **state)
{
	static const unsigned int gs[3] = {12, 14, 16};
	struct mdl_params p = params();
	unsigned int gi, t0sz, sl0, nvalid = 0;

	(void)state;
	for (gi = 0; gi < 3u; gi++) {
		unsigned int g = gs[gi], stride = g - 3u;
		/* IAS is 52 bits (OAS 52), 48 unless the granule is 64K */
		unsigned int maxin = g == 16u ? 52u : 48u;

		for (t0sz = 10; t0sz <= 41u; t0sz++) {
			for (sl0 = 0; sl0 < 4u; sl0++) {
				unsigned int inbits = 64u - t0sz, start;
				uint64_t raw[8] = {0}, ipa, root = 0x4000000;
				struct mdl_ste ste;
				struct mdl_xlate x;
				struct mdl_fault f;
				bool valid;
				int ret, which;

				/*
				 * SL0 -> start level (VTCR_EL2.SL0): 4K 0/1/2
				 * = L2/L1/L0, 16K/64K 0/1/2 = L3/L2/L1; 3 is
				 * reserved without TTST/LPA2.
				 */
				start = g == 12u ? 2u - (sl0 & 1u) - (sl0 & 2u)
						 : 3u - sl0;
				valid = sl0 != 3u && inbits <= maxin &&
					t0sz <= 39u;
				/*
				 * The start level resolves what is left: at
				 * least 1 bit, at most stride + 4 (16
				 * concatenated root tables).
				 */
				if (valid) {
					unsigned int below =
						g + (3u - start) * stride;

					valid = inbits > below &&
						inbits - below <= stride + 4u;
				}
				memset(&sm, 0, sizeof(sm));
				raw[0] = 1u | (6u << 1); /* V, Config S2 */
				raw[2] = 1u | ((uint64_t)t0sz << 32) |
					 ((uint64_t)sl0 << 38) |
					 (tg0_enc(g) << 46) | (6ull << 48) |
					 (1ull << 51);
				raw[3] = root;
				ret = mdl_ste_decode(&p, raw, &ste, &f);
				assert_int_equal(ret,
						 valid ? 0 : MDL_EVT_C_BAD_STE);
				if (!valid)
					continue;
				nvalid++;
				for (which = 0; which < 2; which++) {
					ipa = sweep_addr(inbits, g, which);
					memset(&sm, 0, sizeof(sm));
					/* AF, S2AP read/write */
					build(root, start, g, inbits, ipa,
					      0x12340000ull,
					      (1u << 10) | (3u << 6));
					sm.reads = 0;
					ret = mdl_walk_stage(&SMEM, &p, 2, &ste,
							     NULL, ipa, 0, &x,
							     &f);
					assert_int_equal(ret, 0);
					assert_true(x.pa ==
						    (0x12340000ull | 0x18));
					assert_int_equal(x.s2_level, 3);
					assert_int_equal(sm.reads, 4u - start);
				}
			}
		}
	}
	/*
	 * The number of valid (size, start level) pairs, counted over start
	 * levels instead of SL0 encodings: a mapping of SL0 to the wrong
	 * level would change which pairs decode.
	 */
	{
		unsigned int count = 0, in, L;

		for (gi = 0; gi < 3u; gi++) {
			unsigned int g = gs[gi], s = g - 3u;
			unsigned int maxin = g == 16u ? 52u : 48u;

			for (in = 25; in <= maxin; in++)
				for (L = (g == 12u ? 0u : 1u); L <= 3u; L++) {
					/* L3 start for 4K needs SL0 = 3 */
					if (g == 12u && L == 3u)
						continue;
					if (in > g + (3u - L) * s &&
					    in - (g + (3u - L) * s) <= s + 4u)
						count++;
				}
		}
		assert_int_equal(nvalid, count);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_sweep),
		cmocka_unit_test(test_s2_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
