/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lemmas of proofs/tlbi_arith.h and proofs/tlbi.c, proved on their own:
 * the targets tlbi and tlbi_split select functions (-wp-fct), which leaves
 * the lemmas they use out; this target proves every one of them, with the
 * facts of proofs/tlbi_div.h (first: see there) as steps.
 */
#define SMMUV3_TLBI_ENC_STEPS 1
#include "tlbi_div.h"
#include "tlbi.c"
