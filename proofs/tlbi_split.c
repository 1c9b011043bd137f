/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of range_split() (src/tlbi.c): the same contracts as
 * proofs/tlbi.c (included), proved in a target of its own so that each
 * target stays short (docs/proofs.md, "Range invalidation planner").
 */
#include "tlbi.c"
