/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lemmas of proofs/tlbi_arith.h and proofs/tlbi.c, proved on their own:
 * the targets tlbi and tlbi_split select functions (-wp-fct), which leaves
 * the lemmas they use out; this target proves every one of them.
 */
#include "tlbi.c"
