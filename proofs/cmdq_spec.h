/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Contracts of the command-queue index arithmetic of src/cmdq.c, included
 * after the source by proofs/cmdq.c (which proves them) and by
 * proofs/cmdq_insert.c (whose producer proofs use them).
 * docs/proofs.md, "Queue index arithmetic", says what each means.
 */
#ifndef SMMUV3_PROOF_CMDQ_SPEC_H
#define SMMUV3_PROOF_CMDQ_SPEC_H

/* The queue invariant: log2size within the architecture's maximum
 * (IDR1.CMDQS <= 19), and the logical indexes with
 * CONS <= PROD <= CONS + entries. */
/*@ predicate qinv(struct smmuv3_cmdq *q) =
      q->log2size <= 19 && q->cons <= q->prod &&
      q->prod - q->cons <= (1 << q->log2size);
 */

/*@ requires \valid_read(q) && q->log2size <= 19;
    assigns \nothing;
    ensures \result == (1 << q->log2size);
 */
static uint64_t q_entries(const struct smmuv3_cmdq *q);

/*@ requires \valid_read(q) && q->log2size <= 19;
    assigns \nothing;
    ensures \result == logical % (2 << q->log2size);
 */
static uint32_t hw_index(const struct smmuv3_cmdq *q, uint64_t logical);

/*@ requires \valid_read(q) && q->log2size <= 19;
    requires \valid(q->base + (0 .. (1 << q->log2size) * SMMUV3_CMD_BYTES - 1));
    assigns \nothing;
    ensures \result == q->base + (logical % (1 << q->log2size)) * SMMUV3_CMD_BYTES;
    ensures \valid(\result + (0 .. SMMUV3_CMD_BYTES - 1));
 */
static uint8_t *slot_va(const struct smmuv3_cmdq *q, uint64_t logical);

/*@ requires \valid_read(q) && \valid(out) && \separated(q, out);
    requires q->log2size <= 19;
    assigns *out;
    ensures \result ==> *out <= q->prod && q->prod - *out <= (1 << q->log2size);
    ensures \result ==> *out % (2 << q->log2size) == raw % (2 << q->log2size);
 */
static bool logical_of(const struct smmuv3_cmdq *q, uint32_t raw, uint64_t *out);

/*@ requires \valid(q) && qinv(q);
    assigns q->cons;
    ensures qinv(q);
    ensures \old(q->cons) <= q->cons;
 */
static void cons_from_hw(struct smmuv3_cmdq *q, uint32_t raw);

/*@ requires \valid_read(q) && qinv(q);
    assigns \nothing;
    ensures \result <==> q->prod - q->cons < (1 << q->log2size);
    ensures \result ==> q->prod + 1 - q->cons <= (1 << q->log2size);
    ensures \result ==> \forall integer j; q->cons <= j < q->prod ==>
            j % (1 << q->log2size) != q->prod % (1 << q->log2size);
 */
static bool q_has_room(const struct smmuv3_cmdq *q);

/*@ requires \valid_read(q) && qinv(q);
    assigns \nothing;
    ensures \result <==> q->prod + n + 1 - q->cons <= (1 << q->log2size);
    ensures \result ==> \forall integer i, j; 0 <= i <= n &&
            q->cons <= j < q->prod ==>
            j % (1 << q->log2size) != (q->prod + i) % (1 << q->log2size);
 */
static bool q_fits(const struct smmuv3_cmdq *q, uint32_t n);

#endif
