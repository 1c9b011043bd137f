/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of insert() and its fast path put_run() (src/cmdq.c): every
 * entry they write lies in [PROD, CONS + entries). The contracts are those
 * of proofs/cmdq_insert.c (make_room(), emit() and emit_sync() are proved
 * by that target); docs/proofs.md, "Queue index arithmetic".
 */
#include "cmdq_insert.c"
