/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Facts of bitwise operations on non-negative integers that the hitless
 * step proof needs (target ste). Why3's theory of &, |, ~ and << on
 * integers is too weak for the SMT solvers to derive them, so they are
 * stated as axioms; each is true of C's unsigned operations below the type
 * width and of mathematical integers in two's complement, bit by bit.
 * docs/proofs.md lists them as assumed, not proved.
 */
#ifndef SMMUV3_PROOF_STE_BITS_H
#define SMMUV3_PROOF_STE_BITS_H
#include <smmuv3/types.h>

/*@ axiomatic SteBits {
      // Bit by bit: (z AND a) OR (t AND NOT a), masked by a, is z AND a.
      // (Written in the operand order WP's simplifier gives the code's
      // (cur & used) | (tgt & ~used), so that the solvers can match it.)
      axiom mux_keep: \forall integer a, t, z;
        0 <= z <= 18446744073709551615 && 0 <= t <= 18446744073709551615 &&
        0 <= a <= 18446744073709551615 ==>
        (a & ((z & a) | (t & (uint64_t)(~a)))) == (z & a);
      // 1 << i for a word index.
      axiom lsl1_word: \forall integer i; 0 <= i < 8 ==> 1 <= (1 << i) <= 128;
    }
 */
#endif
