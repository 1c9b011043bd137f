/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Eva (value analysis) over the page-table arithmetic of
 * src/pgtable_lpae.c: every configuration (any stage, granule, IAS, OAS,
 * flags, page-size mask, split mode, SMMU capabilities or none) goes
 * through check_cfg() and layout(); for each accepted one, any 64-bit IOVA
 * and size go through check_range(), and every level's index of the first
 * and last byte of an accepted range is computed and used to read a table
 * of its level's size. Eva proves no run-time error is possible (shifts,
 * unsigned wrap-around, conversions, array bounds) and the assertions
 * below (indexes inside their table). docs/proofs.md lists the result.
 */
#include "__fc_builtin.h"
#include "pgtable_arch.h" /* logic used by annotations in the source */
#include "../src/pgtable_lpae.c"

/* The largest table: a 64K-granule root of 16 concatenated tables. */
static uint64_t table[(size_t)1 << 17];

int main(void)
{
	struct smmuv3_pgtbl_cfg cfg;
	struct smmuv3_caps caps;
	struct smmuv3_pgtbl pg;
	const struct smmuv3_caps *cp;
	unsigned int pamax, lvl, g, ias;
	uint64_t iova, size, last;

	/* 1. The checks, on every configuration and capability set. */
	cfg.stage = (enum smmuv3_pgtbl_stage)Frama_C_interval(0, 3);
	cfg.granule = (enum smmuv3_granule)Frama_C_interval(0, 3);
	cfg.ias = Frama_C_unsigned_char_interval(0, 255);
	cfg.oas = Frama_C_unsigned_char_interval(0, 255);
	cfg.coherent = Frama_C_interval(0, 1);
	cfg.flags = Frama_C_unsigned_int_interval(0, UINT32_MAX);
	cfg.flush = NULL;
	cfg.cookie = NULL;
	cfg.mm = NULL;
	cfg.mm_ctx = NULL;
	cfg.pgsize_mask = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
	cfg.split = (enum smmuv3_pgtbl_split)Frama_C_interval(0, 3);
	caps.features = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
	caps.oas_bits = Frama_C_unsigned_char_interval(0, 255);
	caps.s1_ias_bits = Frama_C_unsigned_char_interval(0, 255);
	caps.s1_oas_bits = Frama_C_unsigned_char_interval(0, 255);
	caps.s2_ias_bits = Frama_C_unsigned_char_interval(0, 255);
	caps.s2_oas_bits = Frama_C_unsigned_char_interval(0, 255);
	caps.bbml = Frama_C_unsigned_char_interval(0, 255);
	for (lvl = 0; lvl < SMMUV3_GRANULE_COUNT; lvl++)
		caps.pgsize[lvl] =
			Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
	cp = Frama_C_nondet(0, 1) ? &caps : NULL;
	(void)check_cfg(&cfg, cp);

	/*
	 * 2. The geometry, for each stage, granule and IAS check_cfg()
	 * accepts (one state each: 32..48, and 52 with 64K), any OAS, any
	 * PA size, any flags; then any 64-bit IOVA and size.
	 */
	cfg.stage = (enum smmuv3_pgtbl_stage)Frama_C_interval_split(1, 2);
	g = (unsigned int)Frama_C_interval_split(0, 2);
	ias = (unsigned int)Frama_C_interval_split(32, 52);
	if (ias > 48u && (g != SMMUV3_GRANULE_64K || ias != 52u))
		return 0;
	cfg.granule = (enum smmuv3_granule)g;
	cfg.ias = (uint8_t)ias;
	pamax = Frama_C_unsigned_int_interval(0, UINT32_MAX);
	memset(&pg, 0, sizeof(pg)); /* as smmuv3_pgtbl_init() */
	if (layout(&pg, &cfg, pamax))
		return 0;
	pg.cfg = cfg;
	/*@ assert pg.start_level <= 2; */
	/* The Arm ARM's rules (docs/proofs.md), checked for every state. */
	/*@ assert s1_start: cfg.stage == SMMUV3_PGTBL_STAGE1 ==>
	      pg.start_level == (g == 0 ? (ias >= 40 ? 0 : 1) :
	                         g == 1 ? (ias >= 48 ? 0 : ias >= 37 ? 1 : 2) :
	                                  (ias >= 43 ? 1 : 2)); */
	/*@ assert s2_sl0: cfg.stage == SMMUV3_PGTBL_STAGE2 ==>
	      (g == 0 ? ((pg.start_level == 0 && pamax >= 44) ||
	                 pg.start_level == 1 || pg.start_level == 2) :
	       g == 1 ? ((pg.start_level == 1 && pamax >= 42) ||
	                 pg.start_level == 2 || pg.start_level == 3) :
	                ((pg.start_level == 1 && pamax >= 44) ||
	                 pg.start_level == 2 || pg.start_level == 3)); */
	/*@ assert root: pg.shift[pg.start_level] + pg.root_bits == ias &&
	      1 <= pg.root_bits <= pg.bpl + (cfg.stage == SMMUV3_PGTBL_STAGE2 ? 4 : 0); */
	/*@ assert concat: pg.concat == (pg.root_bits > pg.bpl ?
	      1 << (pg.root_bits - pg.bpl) : 1); */

	iova = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
	size = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
	if (check_range(&pg, iova, size))
		return 0;
	/* Not taken (check_range() checked it, and WP proves its contract);
	 * the same test here lets Eva bound iova and size in main(). */
	if (!in_ias(&pg, iova, size) || size == 0 || size > pg.in_lim ||
	    iova > pg.in_lim - size)
		return 1;
	last = iova + size - 1u;
	for (lvl = pg.start_level; lvl < PGT_LEVELS; lvl++) {
		uint32_t n = lvl_nent(&pg, lvl);
		uint32_t i = lvl_idx(&pg, lvl, iova);
		uint32_t j = lvl_idx(&pg, lvl, last);

		/*@ assert i < n && j < n; */
		table[i] = table[j] + gran_bytes(&pg);
	}
	return 0;
}
