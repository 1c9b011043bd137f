/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the event/PRI queue consumer index arithmetic
 * (src/device.c, queue_copy()): the consumer reads only entries in
 * [CONS, PROD) (written by the SMMU, not yet read), never runs past PROD,
 * and moves CONS by exactly the count read, for every queue size
 * 2^0 .. 2^19 (IDR1.EVTQS/PRIQS). The shipped file is included unchanged.
 * docs/proofs.md, "Queue index arithmetic", says what is assumed.
 */
#include "cmdq_arith.h"
#include "../src/device.c"

/* The byte-order conversion (src/internal.h) writes nothing. */
/*@ assigns \nothing; */
static inline uint64_t smmuv3_cpu_to_le64(uint64_t v);

/* The entries available: (PROD - CONS) modulo 2 * entries. */
/*@ logic integer q_avail(integer cons, integer prod, integer k) =
      (prod + (2 << k) - cons) % (2 << k);
 */

/*@ requires \valid_read(q) && q->log2size <= 19;
    requires q->entry_bytes == 16 || q->entry_bytes == 32;
    requires \valid_read(q->base + (0 .. (1 << q->log2size) * q->entry_bytes - 1));
    requires \valid(cons) && *cons < (2 << q->log2size);
    requires prod < (2 << q->log2size);
    requires max <= 65536;
    requires \valid(words + (0 .. max * (q->entry_bytes / 8) - 1));
    requires \separated(words + (0 .. max * (q->entry_bytes / 8) - 1), q, cons);
    requires \separated(cons, q);
    assigns *cons, words[0 .. max * (q->entry_bytes / 8) - 1];
    ensures bound: \result <= max;
    ensures not_past_prod: \result <= q_avail(\old(*cons), prod, q->log2size);
    ensures drains: \result == max || \result == q_avail(\old(*cons), prod, q->log2size);
    ensures moves: *cons == (\old(*cons) + \result) % (2 << q->log2size);
 */
static size_t queue_copy(const struct smmuv3_queue *q, uint32_t *cons,
			 uint32_t prod, uint64_t *words, size_t max);
