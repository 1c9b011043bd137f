/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A bit fact the TTL proof uses (proof build only), in a block with its own
 * symbol so that it reaches only the goals that mention aligned(). True of
 * C's | and & on non-negative integers (ISO C11 6.5.10, 6.5.12): the low b
 * bits of x | y are all zero exactly when those of x and of y are, and a
 * number whose low b bits are zero is a multiple of 2^b. Listed in
 * docs/proofs.md as assumed.
 */
#ifndef SMMUV3_PROOF_TLBI_BITS_H
#define SMMUV3_PROOF_TLBI_BITS_H
#include "pow2.h"

/*@ axiomatic Aligned {
      predicate aligned(integer x, integer b) = x % p2(b) == 0;
      axiom lor_low_zero: \forall integer x, y, b; 0 <= x && 0 <= y &&
        0 <= b ==> (((x | y) & (p2(b) - 1)) == 0 <==>
                    (aligned(x, b) && aligned(y, b)));
    }
 */
#endif
