/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the used-bits functions of src/ste.c: the same contracts
 * as the target ste (proofs/ste.c), another selection of functions
 * (proofs/ste_used.args), so that each target stays short.
 */
#include "ste.c"
