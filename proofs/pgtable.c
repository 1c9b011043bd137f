/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the page-table arithmetic (src/pgtable_lpae.c): geometry
 * (granule, span per level, start level, concatenation, index masks),
 * indexing, and the configuration and range checks. The shipped file is
 * included unchanged; the contracts below attach to its functions. The
 * architecture's rules they are checked against are in pgtable_arch.h.
 * Run by proofs/run.sh; docs/proofs.md says what each means.
 */
#include "pgtable_arch.h"
#include "../src/pgtable_lpae.c"



/* The geometry layout() establishes and every walk relies on. */
/*@ predicate geom(struct smmuv3_pgtbl *pg, integer g, integer ias) =
      pg->pg_shift == arch_gbits(g) && pg->bpl == arch_stride(g) &&
      pg->gmask == pw(arch_gbits(g)) - 1 && pg->in_lim == pw(ias) &&
      pg->start_level <= 2 &&
      1 <= pg->root_bits <= arch_stride(g) + 4 &&
      pg->root_bits == arch_root_bits(g, ias, pg->start_level) &&
      pg->shift[0] == arch_span(g, 0) && pg->shift[1] == arch_span(g, 1) &&
      pg->shift[2] == arch_span(g, 2) && pg->shift[3] == arch_span(g, 3) &&
      pg->idx_mask[0] == pw(pg->start_level == 0 ? pg->root_bits : arch_stride(g)) - 1 &&
      pg->idx_mask[1] == pw(pg->start_level == 1 ? pg->root_bits : arch_stride(g)) - 1 &&
      pg->idx_mask[2] == pw(pg->start_level == 2 ? pg->root_bits : arch_stride(g)) - 1 &&
      pg->idx_mask[3] == pw(pg->start_level == 3 ? pg->root_bits : arch_stride(g)) - 1;
    predicate pg_ok(struct smmuv3_pgtbl *pg) =
      0 <= pg->cfg.granule <= 2 && ias_ok(pg->cfg.granule, pg->cfg.ias) &&
      geom(pg, pg->cfg.granule, pg->cfg.ias);
    // index bits of a table at level l
    logic integer lvl_bits(struct smmuv3_pgtbl *pg, integer l) =
      l == pg->start_level ? pg->root_bits : pg->bpl;
 */

/*@ // The library's choice among the architecture's stage-2 start levels:
    // one level lower with concatenated tables when the natural start
    // level has no SL0 encoding, or (unless SMMUV3_PGTBL_F_NO_OPT_CONCAT)
    // when that saves a level 0 or 1 lookup with at most 16 tables.
    predicate concat_policy(integer g, integer ias, integer pamax, integer noopt) =
      !arch_s2_sl(g, arch_start(g, ias), pamax) ||
      (noopt == 0 && arch_start(g, ias) <= 1 &&
       arch_root_bits(g, ias, arch_start(g, ias)) <= 4);
 */

/*@ assigns \nothing;
    ensures \result == arch_ps(bits);
 */
static int ps_encoding(unsigned int bits);

/*@ requires 0 <= g <= 2;
    requires start <= 3 && (g != 0 || start <= 2);
    assigns \nothing;
    ensures \result <==> arch_s2_sl(g, start, pamax);
 */
static bool s2_start_ok(enum smmuv3_granule g, unsigned int start,
			unsigned int pamax);

/*@ requires \valid(pg) && \valid_read(cfg) && \separated(pg, cfg);
    requires cfg->stage == SMMUV3_PGTBL_STAGE1 || cfg->stage == SMMUV3_PGTBL_STAGE2;
    requires 0 <= cfg->granule <= 2 && ias_ok(cfg->granule, cfg->ias);
    assigns pg->pg_shift, pg->bpl, pg->gmask, pg->in_lim, pg->start_level,
            pg->root_bits, pg->concat, pg->shift[0 .. 3], pg->idx_mask[0 .. 3],
            pg->hw.sl0;
    ensures \result == 0 || \result == SMMUV3_ERANGE;
    ensures geom: \result == 0 ==> geom(pg, cfg->granule, cfg->ias);
    ensures concat: \result == 0 ==> pg->concat == arch_concat(cfg->granule, cfg->ias, pg->start_level);
    behavior stage1:
      assumes cfg->stage == SMMUV3_PGTBL_STAGE1;
      ensures \result == 0;
      ensures s1_start: pg->start_level == arch_start(cfg->granule, cfg->ias);
      ensures pg->concat == 1;
    behavior stage2:
      assumes cfg->stage == SMMUV3_PGTBL_STAGE2;
      ensures s2_ok: \result == 0 ==> arch_s2_ok(cfg->granule, cfg->ias, pg->start_level, pamax);
      ensures s2_sl0: \result == 0 ==> pg->hw.sl0 == arch_sl0(cfg->granule, pg->start_level);
      ensures s2_complete: \result != 0 <==> (\forall integer l; 0 <= l <= 3 ==>
                                  !arch_s2_ok(cfg->granule, cfg->ias, l, pamax));
      ensures \result == 0 ==>
        (pg->start_level == arch_start(cfg->granule, cfg->ias) ||
         pg->start_level == arch_start(cfg->granule, cfg->ias) + 1);
      ensures \result == 0 ==>
        (pg->start_level == arch_start(cfg->granule, cfg->ias) + 1 <==>
         concat_policy(cfg->granule, cfg->ias, pamax,
                       cfg->flags & SMMUV3_PGTBL_F_NO_OPT_CONCAT));
    complete behaviors;
    disjoint behaviors;
 */
static int layout(struct smmuv3_pgtbl *pg, const struct smmuv3_pgtbl_cfg *cfg,
		  unsigned int pamax);

/*@ requires \valid_read(pg) && pg_ok(pg);
    requires pg->start_level <= lvl <= 3;
    assigns \nothing;
    ensures \result == pw(lvl_bits(pg, lvl));
 */
static inline uint32_t lvl_nent(const struct smmuv3_pgtbl *pg, unsigned int lvl);

/*@ // What indexing needs of the geometry (lemma idx_geom below).
    predicate idx_ok(struct smmuv3_pgtbl *pg, integer lvl) =
      0 <= lvl <= 3 && pg->shift[lvl] <= 55 && 1 <= lvl_bits(pg, lvl) <= 17 &&
      pg->idx_mask[lvl] + 1 == pw(lvl_bits(pg, lvl));
    lemma idx_geom: \forall struct smmuv3_pgtbl *pg, integer lvl;
      pg_ok(pg) && pg->start_level <= lvl <= 3 ==> idx_ok(pg, lvl);
 */

/*@ requires \valid_read(pg) && idx_ok(pg, lvl);
    assigns \nothing;
    ensures \result <= pg->idx_mask[lvl];
    ensures \result < pw(lvl_bits(pg, lvl));
    ensures \result == (addr / pw(pg->shift[lvl])) % pw(lvl_bits(pg, lvl));
 */
static inline uint32_t lvl_idx(const struct smmuv3_pgtbl *pg, unsigned int lvl,
			       uint64_t addr);

/*@ requires \valid_read(pg) && pg_ok(pg);
    assigns \nothing;
    ensures \result == pw(pg->pg_shift);
 */
static inline size_t gran_bytes(const struct smmuv3_pgtbl *pg);

/*@ requires \valid_read(pg);
    assigns \nothing;
    ensures \result <==> iova + size <= pg->in_lim;
 */
static inline bool in_ias(const struct smmuv3_pgtbl *pg, uint64_t iova,
			  uint64_t size);

/*@ requires \valid_read(pg) && pg_ok(pg);
    assigns \nothing;
    ensures \result == 0 || \result == SMMUV3_EINVAL || \result == SMMUV3_ERANGE;
    ensures \result == 0 <==> (size != 0 && iova % pw(pg->pg_shift) == 0 &&
                               size % pw(pg->pg_shift) == 0 &&
                               iova + size <= pw(pg->cfg.ias));
    ensures \result == 0 ==> iova + size <= pw(52);
 */
static inline int check_range(const struct smmuv3_pgtbl *pg, uint64_t iova,
			      uint64_t size);
