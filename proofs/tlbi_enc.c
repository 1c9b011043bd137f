/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the steps of src/tlbi.c that need the power-of-two
 * division lemmas of proofs/tlbi_arith.h (proved by target tlbi_lemmas):
 * the same contracts as proofs/tlbi.c, with those lemmas in the context.
 * The targets tlbi and tlbi_split prove every other goal without them
 * (docs/proofs.md, "Range invalidation planner").
 */
#define SMMUV3_TLBI_ENC_STEPS 1
#include "tlbi.c"
