/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the command-queue producer (src/cmdq.c): make_room(),
 * emit(), emit_sync() and insert() write an entry only in a slot the SMMU
 * has consumed. The index arithmetic they call is proved by proofs/cmdq.c
 * (contracts in proofs/cmdq_spec.h, used here as proved facts).
 * docs/proofs.md, "Queue index arithmetic", says what is proved and what
 * is assumed.
 */
#include "cmdq_arith.h"
#include "../src/cmdq.c"
#include "cmdq_spec.h"

/* ---- The producer: make_room(), emit(), emit_sync(), insert() ---- */

/* The queue memory: 2^log2size entries of 16 bytes, apart from *q. */
/*@ predicate qmem(struct smmuv3_cmdq *q) =
      \valid(q->base + (0 .. (1 << q->log2size) * SMMUV3_CMD_BYTES - 1)) &&
      \separated(q, q->base + (0 .. (1 << q->log2size) * SMMUV3_CMD_BYTES - 1));
 */

/* From state L1 to L2 (lock held): PROD, the size and the memory are
 * unchanged, CONS only moves forward. */
/*@ predicate qkeep{L1, L2}(struct smmuv3_cmdq *q) =
      \at(q->prod, L2) == \at(q->prod, L1) &&
      \at(q->log2size, L2) == \at(q->log2size, L1) &&
      \at(q->base, L2) == \at(q->base, L1) &&
      \at(q->cons, L1) <= \at(q->cons, L2);
 */

/* What the helpers below may write in *q besides PROD: the queue memory,
 * CONS, the counters and the error records. */
#define Q_SIDE(q)                                                           \
	q->cons, q->stats, q->errs[0 .. SMMUV3_CMDQ_ERR_RING - 1], q->err_seq, \
		q->base[0 .. (1 << q->log2size) * SMMUV3_CMD_BYTES - 1]

/*
 * The claim: an entry is only written at a logical index in
 * [PROD, CONS + entries), i.e. in a slot whose previous entry (index - entries
 * < CONS) the SMMU has consumed. This precondition is the goal proved at
 * each call site in make_room()'s callers; put_entry() itself is not in the
 * proved set (its assigns clause is assumed: it writes the 16 bytes of the
 * slot, slot_va()).
 */
/*@ requires \valid_read(q) && qinv(q) && qmem(q);
    requires no_overwrite: q->prod <= logical < q->cons + (1 << q->log2size);
    assigns q->base[0 .. (1 << q->log2size) * SMMUV3_CMD_BYTES - 1];
    ensures qkeep{Old, Post}(q) && q->cons == \old(q->cons);
 */
static void put_entry(struct smmuv3_cmdq *q, uint64_t logical,
		      const struct smmuv3_cmd *c);

/*@ assigns *c; */
static void build_sync(const struct smmuv3_cmdq *q, uint64_t logical,
		       struct smmuv3_cmd *c);

/* Assumed (by reading): the helpers that talk to the SMMU and the OSAL
 * keep PROD, the size and the memory; CONS changes only through
 * cons_from_hw() (proved above: forward, invariant kept). */
/*@ requires \valid(q) && qinv(q) && qmem(q);
    assigns q->cons, q->stats;
    ensures qinv(q) && qkeep{Old, Post}(q);
 */
static uint32_t read_cons(struct smmuv3_cmdq *q);

/*@ requires \valid(q) && qinv(q) && qmem(q);
    requires out == \null;
    assigns Q_SIDE(q);
    ensures qinv(q) && qkeep{Old, Post}(q);
 */
static int handle_error_locked(struct smmuv3_cmdq *q,
			       struct smmuv3_cmdq_err_rec *out);

/*@ requires \valid(q) && qinv(q) && qmem(q);
    assigns q->stats;
    ensures qkeep{Old, Post}(q) && q->cons == \old(q->cons);
 */
static void publish(struct smmuv3_cmdq *q, uint64_t from);

/*@ requires \valid_read(q) && \valid(delay) && \separated(q, delay);
    assigns *delay;
 */
static void poll_pause(struct smmuv3_cmdq *q, uint64_t *delay);

/*@ requires \valid(q) && \separated(q, st);
    assigns q->stats, *st;
    ensures qkeep{Old, Post}(q) && q->cons == \old(q->cons);
 */
static void fill_hw_state(struct smmuv3_cmdq *q, struct smmuv3_cmdq_status *st);

/*@ assigns *dl; */
static inline void smmuv3_deadline_start(const struct smmuv3_osal *osal,
					 struct smmuv3_deadline *dl,
					 uint64_t timeout_ns);

/*@ assigns \nothing; */
static inline bool smmuv3_deadline_passed(const struct smmuv3_osal *osal,
					  const struct smmuv3_deadline *dl);

/*@ assigns \nothing; */
static inline void smmuv3_log(const struct smmuv3_osal *osal,
			      enum smmuv3_log_level level, const char *what,
			      int err, uint64_t a0, uint64_t a1, uint64_t a2,
			      uint64_t a3);

/*@ assigns \nothing; */
uint32_t smmuv3_errata_sync_interval(const struct smmuv3_caps *caps);

/*@ assigns \nothing; */
bool smmuv3_errata_cmd_drop(const struct smmuv3_caps *caps,
			    const struct smmuv3_cmd *cmd);

/* The lock: insert()'s precondition describes the queue as it is once
 * the lock is taken (every update of PROD and CONS is made under it, and
 * insert() reads them only after taking it). */
/*@ assigns \nothing; */
static void q_lock(struct smmuv3_cmdq *q);

/*@ assigns \nothing; */
static void q_unlock(struct smmuv3_cmdq *q);

/*@ requires \valid(q) && \valid(in) && \separated(q, in, in->st);
    requires qinv(q) && qmem(q);
    assigns Q_SIDE(q), *in, *(in->st);
    ensures room_st: in->st == \old(in->st);
    ensures room_inv: qinv(q);
    ensures room_keep: qkeep{Old, Post}(q);
    ensures \result == 0 ==> q->prod - q->cons < (1 << q->log2size);
 */
static int make_room(struct smmuv3_cmdq *q, struct ins *in);

/*@ requires \valid(q) && \valid(in) && \separated(q, in, in->st);
    requires \valid_read(c);
    requires qinv(q) && qmem(q) && q->prod < UINT64_MAX;
    assigns q->prod, q->since_sync, Q_SIDE(q), *in, *(in->st);
    ensures in->st == \old(in->st);
    ensures qinv(q);
    ensures q->log2size == \old(q->log2size) && q->base == \old(q->base);
    ensures \result == 0 ==> q->prod == \old(q->prod) + 1;
    ensures \result != 0 ==> q->prod == \old(q->prod);
 */
static int emit(struct smmuv3_cmdq *q, struct ins *in,
		const struct smmuv3_cmd *c);

/*@ requires \valid(q) && \valid(in) && \valid(at);
    requires \separated(q, in, at, in->st);
    requires qinv(q) && qmem(q) && q->prod < UINT64_MAX;
    assigns q->prod, q->since_sync, Q_SIDE(q), *in, *(in->st), *at;
    ensures in->st == \old(in->st);
    ensures qinv(q);
    ensures q->log2size == \old(q->log2size) && q->base == \old(q->base);
    ensures \result == 0 ==> q->prod == \old(q->prod) + 1;
    ensures \result != 0 ==> q->prod == \old(q->prod);
 */
static int emit_sync(struct smmuv3_cmdq *q, struct ins *in, uint64_t *at);

/* One command of insert()'s entry-by-entry loop: at most two entries
 * (a forced CMD_SYNC and the command), each through emit_sync() / emit(). */
/*@ requires \valid(q) && \valid(in) && \separated(q, in, in->st);
    requires \valid_read(c);
    requires qinv(q) && qmem(q) && q->prod + 2 < UINT64_MAX;
    assigns q->prod, q->since_sync, Q_SIDE(q), *in, *(in->st);
    ensures in->st == \old(in->st);
    ensures qinv(q);
    ensures q->log2size == \old(q->log2size) && q->base == \old(q->base);
    ensures \old(q->prod) <= q->prod <= \old(q->prod) + 2;
 */
static int put_one(struct smmuv3_cmdq *q, struct ins *in,
		   const struct smmuv3_cmd *c, uint32_t sync_at);

/*@ requires \valid(q) && qinv(q) && qmem(q);
    requires \valid_read(cmds + (0 .. n - 1));
    requires fits: q->prod + n + 1 - q->cons <= (1 << q->log2size);
    requires no_wrap: q->prod + n < UINT64_MAX;
    assigns q->prod, q->stats, q->since_sync,
	q->base[0 .. (1 << q->log2size) * SMMUV3_CMD_BYTES - 1];
    ensures qinv(q) && q->prod == \old(q->prod) + n;
    ensures q->cons == \old(q->cons) && q->log2size == \old(q->log2size) &&
	q->base == \old(q->base);
 */
static void put_run(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		    uint32_t n);

/*@ requires \valid(q) && qinv(q) && qmem(q);
    requires no_wrap: q->prod + 2 * n + 1 <= UINT64_MAX;
    requires \valid_read(cmds + (0 .. n - 1));
    requires sp != \null ==> \valid(sp) && \separated(sp, q, st);
    requires \separated(q, st);
    requires sync ==> sp != \null;
 */
static int insert(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		  uint32_t n, bool sync, struct span *sp,
		  struct smmuv3_cmdq_status *st);
