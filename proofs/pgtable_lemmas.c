/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lemma of proofs/pgtable.c (idx_geom), proved on its own: the target
 * pgtable selects functions (-wp-fct), which leaves lemmas out.
 */
#include "pgtable.c"
