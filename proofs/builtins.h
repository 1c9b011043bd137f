/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Contracts of the compiler builtins the library uses, for the proof build
 * only (Frama-C has no model of them): what GCC documents for
 * __builtin_clzll / __builtin_ctzll of a non-zero 64-bit value. The count
 * of trailing zero bits t is stated as "2^j divides v exactly when j <= t"
 * (and v / 2^t is odd).
 */
#ifndef SMMUV3_PROOF_BUILTINS_H
#define SMMUV3_PROOF_BUILTINS_H
#include "pow2.h"

/*@ requires v != 0;
    assigns \nothing;
    ensures 0 <= \result <= 63;
    ensures p2(63 - \result) <= v < p2(64 - \result);
 */
int __builtin_clzll(unsigned long long v);

/*@ requires v != 0;
    assigns \nothing;
    ensures 0 <= \result <= 63;
    ensures v % p2(\result) == 0;
    ensures (v / p2(\result)) % 2 == 1;
    ensures \forall integer j; 0 <= j ==> (v % p2(j) == 0 <==> j <= \result);
 */
int __builtin_ctzll(unsigned long long v);

#endif
