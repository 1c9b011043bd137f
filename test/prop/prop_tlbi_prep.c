// SPDX-License-Identifier: BSD-2-Clause
/*
 * Property: smmuv3_tlbi_prep_encode() (the prepared fast paths) writes
 * exactly the words smmuv3_cmd_encode() gives for smmuv3_tlbi_plan()'s
 * descriptors (the general planner), with the same count and shape, or
 * fails with the same error, on random requests whose ranges reach every
 * size from one page to the whole space (2^0..2^52 pages: both split
 * commands, the whole-ASID fallback above twice the largest command, a
 * single command whose scale is capped), at random places including the
 * top of the space, for stage 1 and stage 2 (with and without a 40-bit
 * IAS), every granule and leaf level, leaf-only and mixed leaves, with and
 * without RIL and DS, plus unaligned and whole-ASID requests.
 *
 * Usage: prop_tlbi_prep [cases (default 500000) [seed]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/smmuv3.h>

static uint64_t seed = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

#define CAP SMMUV3_TLBI_PLAN_MAX(0, 0)

/* One random request into @caps and @r; false to skip it. */
static bool gen(struct smmuv3_caps *caps, struct smmuv3_tlbi_req *r)
{
	uint64_t x = rnd(), leaf, unit, pages;
	unsigned int gs, lvl, kb;

	memset(caps, 0, sizeof(*caps));
	memset(r, 0, sizeof(*r));
	caps->features = SMMUV3_FEAT_GRAN4K | SMMUV3_FEAT_GRAN16K |
			 SMMUV3_FEAT_GRAN64K | SMMUV3_FEAT_TRANS_S1 |
			 SMMUV3_FEAT_TRANS_S2 |
			 ((x & 1u) ? SMMUV3_FEAT_RANGE_INV : 0u) |
			 ((x & 2u) ? SMMUV3_FEAT_DS : 0u);
	caps->asid_bits = 16;
	caps->vmid_bits = 16;
	caps->s2_ias_bits = (x & 4u) ? 40 : 0;
	r->regime = ((x >> 3) & 1u) ? SMMUV3_TLBI_S2 : SMMUV3_TLBI_S1;
	r->granule = (enum smmuv3_granule)((x >> 4) % 3u);
	r->asid = r->regime == SMMUV3_TLBI_S1 ? 5 : 0;
	r->vmid = r->regime == SMMUV3_TLBI_S2 ? 9 : 0;
	gs = r->granule == SMMUV3_GRANULE_4K	? 12u
	     : r->granule == SMMUV3_GRANULE_16K ? 14u
						: 16u;
	lvl = (unsigned int)((x >> 8) & 3u);
	if (lvl == 3u && gs != 12u)
		lvl = 2u;
	leaf = ((x >> 10) & 3u) ? (uint64_t)1 << (gs + lvl * (gs - 3u)) : 0u;
	unit = leaf ? leaf : (uint64_t)1 << gs;
	kb = (unsigned int)(rnd() % 53u);
	pages = 1u + (kb ? rnd() % ((uint64_t)1 << kb) : 0u);
	if ((x >> 12) & 1u)
		pages = (uint64_t)1 << (rnd() % 45u);
	if (pages > UINT64_MAX / unit)
		return false;
	r->leaf_size = leaf;
	r->leaf_only = (x >> 13) & 1u;
	r->leaf_mixed = ((x >> 14) & 7u) == 0;
	r->size = pages * unit;
	r->iova = rnd() & ~(unit - 1u);
	if ((x >> 17) & 1u)
		r->iova &= ((uint64_t)1 << 48) - 1u;
	if (((x >> 18) & 7u) == 0)
		r->iova = 0 - r->size; /* ends at 2^64 */
	if (((x >> 21) & 15u) == 0)
		r->iova |= 0x800u; /* invalid: not aligned */
	r->all = ((x >> 25) & 31u) == 0;
	return true;
}

int main(int argc, char **argv)
{
	static struct smmuv3_cmd_desc d[CAP];
	static struct smmuv3_cmd w1[CAP], w2[CAP];
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 500000ul;
	unsigned long it, ok = 0, errs = 0, multi = 0, full = 0, bad = 0;

	if (argc > 2)
		seed = strtoull(argv[2], NULL, 0) | 1u;
	for (it = 0; it < n; it++) {
		struct smmuv3_caps caps;
		struct smmuv3_tlbi_req r;
		struct smmuv3_tlbi_prep p;
		struct smmuv3_tlbi_range rg = { 0 };
		struct smmuv3_tlbi_info i1, i2;
		int e1, e2;
		size_t k;

		if (!gen(&caps, &r))
			continue;
		e1 = smmuv3_tlbi_plan(&caps, &r, d, CAP, &i1);
		e2 = smmuv3_tlbi_prepare(&p, &caps, &r);
		if (!e2) {
			rg.all = r.all;
			rg.iova = r.iova;
			rg.size = r.size;
			rg.leaf_size = r.leaf_size;
			rg.leaf_only = r.leaf_only;
			rg.leaf_mixed = r.leaf_mixed;
			e2 = smmuv3_tlbi_prep_encode(&p, &rg, w2, CAP, &i2);
		}
		if (e1 != e2) {
			if (bad++ < 10)
				printf("case %lu: error %d, prepared %d\n", it,
				       e1, e2);
			continue;
		}
		if (e1) {
			errs++;
			continue;
		}
		if (i1.n_cmds != i2.n_cmds || i1.n_tlbi != i2.n_tlbi ||
		    i1.full != i2.full || i1.rounded != i2.rounded) {
			if (bad++ < 10)
				printf("case %lu: plan shape differs\n", it);
			continue;
		}
		for (k = 0; k < i1.n_cmds; k++) {
			if (smmuv3_cmd_encode(&caps, &d[k], &w1[k]) ||
			    memcmp(&w1[k], &w2[k], sizeof(w1[k]))) {
				if (bad++ < 10)
					printf("case %lu: command %zu differs\n",
					       it, k);
				break;
			}
		}
		ok++;
		multi += i1.n_tlbi > 1u;
		full += i1.full;
	}
	printf("prop_tlbi_prep: %lu plans equal (%lu of two commands, %lu "
	       "whole ASID/VMID), %lu refused alike, %lu differ\n",
	       ok, multi, full, errs, bad);
	/* Every kind of case was met (the generator is fixed). */
	return bad || ok < n / 4u || multi < n / 50u || full < n / 50u ||
	       errs < n / 10u;
}
