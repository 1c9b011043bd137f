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
 * Products and quotients by a power of two (proved by target tlbi_lemmas
 * from proofs/tlbi_div.h; before IntDiv below, which would hide them
 * from the solvers). Only the builds that define SMMUV3_TLBI_ENC_STEPS see
 * them (tlbi_enc, tlbi_lemmas): as hypotheses of every goal they slow the
 * solvers down on the goals that do not need them.
 */
#ifdef SMMUV3_TLBI_ENC_STEPS
/*@ lemma p2_mul_div: \forall integer k, m; 0 <= k && 0 <= m ==>
      (m * p2(k)) / p2(k) == m;
    lemma p2_mul_mod: \forall integer k, m; 0 <= k && 0 <= m ==>
      (m * p2(k)) % p2(k) == 0;
    lemma p2_of: \forall integer c, k; 0 <= k && 0 <= c && c % p2(k) == 0 ==>
      c == (c / p2(k)) * p2(k);
    lemma p2_div_anti: \forall integer c, k, s; 0 <= k <= s && 0 <= c ==>
      c / p2(s) <= c / p2(k);
 */
#endif

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

/*
 * One range command can express c pages: (NUM + 1) * 2^SCALE with
 * NUM + 1 <= 32 and SCALE <= max_scale (IHI 0070 4.4.1.1), i.e. c is a
 * multiple of some 2^k, k <= max_scale, with 1 <= c / 2^k <= 32. The one
 * existential is k (NUM + 1 is c / 2^k): the solvers find it from a term
 * p2(k) of the context, where a second one (NUM + 1) defeats them.
 */
/*@ predicate encodable(integer c, integer max_scale) =
      \exists integer k; 0 <= k <= max_scale && c % p2(k) == 0 &&
        1 <= c / p2(k) <= 32;
 */
#endif
