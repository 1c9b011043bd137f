/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the used bits and the hitless step of the entry writer
 * (src/ste.c). The shipped file is included unchanged; the contracts below
 * attach to its functions, the invariant of the steps is written in it.
 * Run by proofs/run.sh; docs/proofs.md says what each means.
 */
#include "ste_bits.h"
#include "../src/ste.c"

/*@ requires \valid(dst + (0 .. 7)) && \valid_read(src + (0 .. 7));
    requires \separated(dst + (0 .. 7), src + (0 .. 7));
    assigns dst[0 .. 7];
    ensures \forall integer i; 0 <= i < 8 ==> dst[i] == src[i];
 */
static void copy_words(uint64_t *dst, const uint64_t *src);

/*@ assigns \nothing;
    ensures band(\result, cur_used) == band(cur, cur_used);
 */
static uint64_t idle_update(uint64_t cur, uint64_t tgt, uint64_t cur_used);

/*@ requires \valid_read(cur + (0 .. 7)) && \valid_read(tgt + (0 .. 7));
    requires \valid_read(cur_used + (0 .. 7)) && \valid_read(tgt_used + (0 .. 7));
    requires \valid_read(safe + (0 .. 7));
    requires \valid(eff + (0 .. 7)) && \valid(upd + (0 .. 7)) && \valid(crit);
    requires \separated(eff + (0 .. 7), upd + (0 .. 7), crit, cur + (0 .. 7),
                        tgt + (0 .. 7), cur_used + (0 .. 7),
                        tgt_used + (0 .. 7), safe + (0 .. 7));
    requires \forall integer i; 0 <= i < 8 ==> (tgt[i] & tgt_used[i]) == tgt[i];
    assigns eff[0 .. 7], upd[0 .. 7], *crit;
    ensures \result <= 8 && *crit < 8;
    ensures tgt_frame: as_new(tgt, tgt, tgt_used);
    ensures \forall integer j; 0 <= j < 8 ==>
      eff[j] == (cur_used[j] & (uint64_t)(~(safe[j] & tgt_used[j])));
    ensures as_old(upd, cur, eff);
    ensures \result == 0 ==> \forall integer j; 0 <= j < 8 ==>
      (upd[j] & tgt_used[j]) == tgt[j];
    ensures \result == 1 ==> \forall integer j; 0 <= j < 8 && j != *crit ==>
      (upd[j] & tgt_used[j]) == tgt[j];
 */
static unsigned int find_critical(const uint64_t *cur, const uint64_t *tgt,
				  const uint64_t *cur_used,
				  const uint64_t *tgt_used,
				  const uint64_t *safe, uint64_t *eff,
				  uint64_t *upd, unsigned int *crit);

/*@ requires \valid(p) && p->nsteps < 3;
    requires \valid(state + (0 .. 7)) && \valid_read(next + (0 .. 7));
    requires \separated(state + (0 .. 7), next + (0 .. 7), p);
    assigns p->step[p->nsteps], p->nsteps, state[0 .. 7];
    ensures \forall integer i; 0 <= i < 8 ==> state[i] == next[i];
    ensures p->nsteps == \old(p->nsteps) || p->nsteps == \old(p->nsteps) + 1;
    ensures (\forall integer i; 0 <= i < 8 ==> \old(state[i]) == next[i]) ==>
            p->nsteps == \old(p->nsteps);
    ensures \forall integer i; 0 <= i < 8 && \old(state[i]) != next[i] ==>
            p->step[\old(p->nsteps)].val[i] == next[i];
 */
static void add_step(struct plan *p, uint64_t *state, const uint64_t *next);

/*@ requires \valid_read(cur + (0 .. 7)) && \valid_read(tgt + (0 .. 7));
    requires \valid_read(cur_used + (0 .. 7)) && \valid_read(tgt_used + (0 .. 7));
    requires \valid_read(safe + (0 .. 7)) && \valid(p);
    requires \separated(p, cur + (0 .. 7), tgt + (0 .. 7), cur_used + (0 .. 7),
                        tgt_used + (0 .. 7), safe + (0 .. 7));
    requires \forall integer i; 0 <= i < 8 ==> (tgt[i] & tgt_used[i]) == tgt[i];
    assigns *p;
    ensures p->nsteps <= 3;
 */
static void plan_update(const uint64_t *cur, const uint64_t *tgt,
			const uint64_t *cur_used, const uint64_t *tgt_used,
			const uint64_t *safe, struct plan *p);

/* Used bits: defined for every entry (no run-time error for any 64-bit
 * words) and write only their output. */
/*@ requires ste == \null || \valid_read(ste);
    requires used == \null || \valid(used);
    requires \separated(ste, used);
    assigns *used;
 */
void smmuv3_ste_used(const struct smmuv3_ste *ste, struct smmuv3_ste *used);

/*@ requires cd == \null || \valid_read(cd);
    requires used == \null || \valid(used);
    requires \separated(cd, used);
    assigns *used;
    ensures cd != \null && used != \null && (cd->qw[0] & 0x80000000) != 0 ==>
      \forall integer i; 2 <= i < 8 ==> used->qw[i] == 0xffffffffffffffff;
 */
void smmuv3_cd_used(const struct smmuv3_cd *cd, struct smmuv3_cd *used);

/*@ requires \valid_read(entry + (0 .. 7)) && \valid(used + (0 .. 7));
    requires \separated(entry + (0 .. 7), used + (0 .. 7));
    assigns used[0 .. 7];
 */
static void ste_used_words(const uint64_t *entry, uint64_t *used);

/*@ requires \valid_read(entry + (0 .. 7)) && \valid(used + (0 .. 7));
    requires \separated(entry + (0 .. 7), used + (0 .. 7));
    assigns used[0 .. 7];
 */
static void cd_used_words(const uint64_t *entry, uint64_t *used);

/*@ requires \valid_read(cur + (0 .. 7)) && \valid_read(tgt + (0 .. 7));
    requires \valid(safe + (0 .. 7));
    requires \separated(safe + (0 .. 7), cur + (0 .. 7), tgt + (0 .. 7));
    assigns safe[1];
 */
static void ste_safe(const uint64_t *cur, const uint64_t *tgt, uint64_t *safe);
