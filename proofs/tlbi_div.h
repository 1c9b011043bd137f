/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Facts of integer multiplication and division (proof build only) from
 * which target tlbi_lemmas proves the power-of-two lemmas of
 * proofs/tlbi_arith.h. Proved by WP (lemmas, not axioms), and included
 * first, by proofs/tlbi_lemmas.c only: placed after proofs/pow2.h they
 * are not proved (the solvers lose themselves in the power-of-two axioms),
 * and as hypotheses of every goal they would slow the other targets down.
 */
#ifndef SMMUV3_PROOF_TLBI_DIV_H
#define SMMUV3_PROOF_TLBI_DIV_H

/*@ lemma div_mul: \forall integer d, y; 0 < d && 0 <= y ==> (y * d) / d == y;
    lemma mod_mul: \forall integer d, y; 0 < d && 0 <= y ==> (y * d) % d == 0;
    lemma mul_div: \forall integer x, d; 0 <= x && 0 < d && x % d == 0 ==>
      x == (x / d) * d;
    lemma div_anti: \forall integer c, a, b; 0 < a <= b && 0 <= c ==>
      c / b <= c / a;
 */
#endif
