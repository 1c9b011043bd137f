/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the command-queue index arithmetic (src/cmdq.c). The
 * shipped file is included unchanged; the contracts (proofs/cmdq_spec.h)
 * attach to its functions. docs/proofs.md, "Queue index arithmetic", says
 * what each means and what is assumed.
 */
#include "cmdq_arith.h"
#include "../src/cmdq.c"
#include "cmdq_spec.h"
