/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Facts of integer division and of | the range-invalidation proofs use
 * (proof build only). The axioms are true of C's operators on non-negative
 * integers (ISO C11 6.5.5, 6.5.12) and are listed in docs/proofs.md as
 * assumed; the lemmas are proved by WP from them and from proofs/pow2.h
 * (target tlbi_lemmas).
 */
#ifndef SMMUV3_PROOF_TLBI_ARITH_H
#define SMMUV3_PROOF_TLBI_ARITH_H
#include "pow2.h"

/*
 * Division of non-negative integers (ISO C11 6.5.5: truncation, so
 * a == (a / b) * b + a % b with 0 <= a % b < b). SMT solvers do not find
 * this non-linear fact by themselves.
 */
/*@ axiomatic IntDiv {
      axiom div_mod_def: \forall integer x, d; 0 <= x && 0 < d ==>
        x == d * (x / d) + x % d && 0 <= x % d < d;
    }
 */

/*
 * A bitwise fact, in a block with its own symbol so that it reaches only
 * the goals that use that symbol (an axiom about | alone would reach every
 * goal and slow the solvers down).
 */
/*@ axiomatic OddUp {
      logic integer odd_up(integer x);
      axiom odd_up_def: \forall integer x; odd_up(x) == x + 1 - x % 2;
      axiom lor_1: \forall integer x; 0 <= x ==> (x | 1) == odd_up(x);
    }
 */

/*@ lemma p2_4: p2(4) == 16;
    lemma odd_up_ge: \forall integer x; 0 <= x ==> x <= odd_up(x) <= x + 1;
    lemma ms_hi: \forall integer n, f; 1 <= n && 0 <= f &&
      odd_up((n - 1) / 16) < p2(f + 1) ==> n <= 32 * p2(f);
    lemma even_le: \forall integer a, u; 0 <= u && 2 * a <= odd_up(u) ==>
      2 * a <= u;
    lemma ms_lo: \forall integer n, a; 1 <= n &&
      2 * a <= (n - 1) / 16 ==> 32 * a < n;
    lemma p2_pred: \forall integer f; 1 <= f ==> p2(f) == 2 * p2(f - 1);
    lemma ms_lo2: \forall integer n, f; 1 <= n && 1 <= f &&
      p2(f) <= odd_up((n - 1) / 16) ==> 32 * p2(f - 1) < n;
 */

/* One range command can express c pages: (NUM + 1) * 2^SCALE with
 * NUM + 1 <= 32 and SCALE <= max_scale (IHI 0070 4.4.1.1). */
/*@ predicate encodable(integer c, integer max_scale) =
      \exists integer m, k; 1 <= m <= 32 && 0 <= k <= max_scale &&
        c == m * p2(k);
 */
#endif
