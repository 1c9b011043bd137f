/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trusted base of the proofs: the meaning of shifts as powers of two.
 * WP's own theory of << and >> on integers relates them to multiplication
 * only for shifts by 0 and 1, so these standard facts are stated as axioms
 * (every one is true of C's unsigned shifts below the type width, ISO C11
 * 6.5.7, and of mathematical integers). docs/proofs.md lists them as
 * assumed, not proved.
 */
#ifndef SMMUV3_PROOF_POW2_H
#define SMMUV3_PROOF_POW2_H

/*@ axiomatic Pow2 {
      logic integer p2(integer k);
      axiom p2_0: p2(0) == 1;
      axiom p2_1: p2(1) == 2;
      axiom p2_5: p2(5) == 32;
      axiom p2_52: p2(52) == 4503599627370496;
      axiom p2_39: p2(39) == 549755813888;
      axiom p2_59: p2(59) == 576460752303423488;
      axiom p2_64: p2(64) == 18446744073709551616;
      axiom p2_succ: \forall integer k; 0 <= k ==> p2(k + 1) == 2 * p2(k);
      axiom p2_add: \forall integer a, b; 0 <= a && 0 <= b ==>
                      p2(a + b) == p2(a) * p2(b);
      axiom p2_pos: \forall integer k; 0 <= k ==> p2(k) >= 1;
      axiom p2_mono: \forall integer a, b; 0 <= a <= b ==> p2(a) <= p2(b);
      axiom p2_strict: \forall integer a, b; 0 <= a < b ==> 2 * p2(a) <= p2(b);
      axiom lsr_p2: \forall integer x, k; 0 <= x && 0 <= k ==>
                      (x >> k) == x / p2(k);
      axiom land_m32: \forall integer x; 0 <= x ==> (x & -32) == 32 * (x / 32);
      axiom lsl_p2: \forall integer x, k; 0 <= k ==> (x << k) == x * p2(k);
    }
 */
#endif
