// SPDX-License-Identifier: BSD-2-Clause
/*
 * The command queue (IHI 0070 3.5, 4.1.2, 4.7.3, 7.1): queue memory, the
 * logical producer/consumer indexes, batched insertion with one PROD write,
 * CMD_SYNC completion (MSI write-back, SEV or polling) under a deadline,
 * and GERROR.CMDQ_ERR recovery. See include/smmuv3/cmdq.h for the contract
 * and docs/cmdq.md for the design.
 */
#include <smmuv3/cmdq.h>
#include <smmuv3/err.h>
#include <smmuv3/errata.h>
#include <smmuv3/hw/cmd.h>
#include <smmuv3/hw/regs.h>

#include "internal.h"

/* Poll back-off: 1 us doubling up to 64 us (bounded by the deadline). */
#define POLL_DELAY_MAX_NS (64u * SMMUV3_POLL_DELAY_NS)
/* Smallest size tried when the allocation of a larger queue fails. */
#define FALLBACK_MIN_LOG2 7u

static uint64_t q_entries(const struct smmuv3_cmdq *q)
{
	return 1ull << q->log2size;
}

/* The hardware PROD/CONS value of a logical index: index plus wrap bit. */
static uint32_t hw_index(const struct smmuv3_cmdq *q, uint64_t logical)
{
	return (uint32_t)(logical & ((2ull << q->log2size) - 1u));
}

static uint8_t *slot_va(const struct smmuv3_cmdq *q, uint64_t logical)
{
	return q->base + (size_t)(logical & (q_entries(q) - 1u)) *
				 SMMUV3_CMD_BYTES;
}

/*
 * The compact build keeps the register accessors below out of line (one
 * copy instead of one per access); otherwise they fold into each caller.
 */
#if SMMUV3_SMALL
#define CQ_OUTLINE NOINLINE
#else
#define CQ_OUTLINE inline
#endif

/* Read register @off, counting the reads of CONS and GERROR(N). */
static CQ_OUTLINE uint32_t rd32(struct smmuv3_cmdq *q, uint32_t off)
{
	if (off == SMMUV3_CMDQ_CONS)
		q->stats.cons_reads++;
	else if (off != SMMUV3_CMDQ_PROD)
		q->stats.gerror_reads++;
	return q->osal.ops->read32(q->osal.ctx, off);
}

static CQ_OUTLINE void wr32(struct smmuv3_cmdq *q, uint32_t off, uint32_t v)
{
	q->osal.ops->write32(q->osal.ctx, off, v);
}

static CQ_OUTLINE void q_barrier(const struct smmuv3_cmdq *q,
				 enum smmuv3_barrier kind)
{
	q->osal.ops->barrier(q->osal.ctx, kind);
}

static void q_lock(struct smmuv3_cmdq *q)
{
	if (q->osal.ops->lock)
		q->osal.ops->lock(q->osal.ctx);
}

static void q_unlock(struct smmuv3_cmdq *q)
{
	if (q->osal.ops->unlock)
		q->osal.ops->unlock(q->osal.ctx);
}

/*
 * Write one entry. dw0 goes in with one aligned 64-bit store: in MSI mode
 * a waiter polls the first 32 bits of its (already completed) CMD_SYNC's
 * slot without the lock (sync_cons()) while another producer may reuse
 * that slot, and must never see a torn word. Slots are 16-byte aligned
 * (the queue is naturally aligned, 3.5).
 */
static void put_entry(struct smmuv3_cmdq *q, uint64_t logical,
		      const struct smmuv3_cmd *c)
{
	uint64_t *p = (uint64_t *)(void *)slot_va(q, logical);

	p[1] = smmuv3_cpu_to_le64(c->dw[1]);
	__atomic_store_n(p, smmuv3_cpu_to_le64(c->dw[0]), __ATOMIC_RELAXED);
}

static void get_entry(const struct smmuv3_cmdq *q, uint64_t logical,
		      struct smmuv3_cmd *c)
{
	const uint64_t *w = (const uint64_t *)(const void *)slot_va(q, logical);

	c->dw[0] = smmuv3_cpu_to_le64(w[0]);
	c->dw[1] = smmuv3_cpu_to_le64(w[1]);
}

/*
 * The CMD_SYNC written at @logical, for the queue's completion mode. In MSI
 * mode it writes MSIData 0 to its own slot (IHI 0070 4.7.3: a 32-bit write
 * of MSIData to MSIAddress), Inner Shareable write-back, which clears the
 * slot's first word (opcode included) and tells the waiter it completed.
 */
static void build_sync(const struct smmuv3_cmdq *q, uint64_t logical,
		       struct smmuv3_cmd *c)
{
	if (q->mode == SMMUV3_CMDQ_MODE_MSI)
		smmuv3_cmd_build_sync(c, SMMUV3_SYNC_CS_IRQ, SMMUV3_SH_ISH,
				      SMMUV3_MEMATTR_OIWB,
				      (q->base_pa + (logical & (q_entries(q) - 1u)) *
							    SMMUV3_CMD_BYTES) &
					      SMMUV3_CMD1_SYNC_MSIADDR);
	else
		smmuv3_cmd_build_sync(c,
				      q->mode == SMMUV3_CMDQ_MODE_SEV
					      ? SMMUV3_SYNC_CS_SEV
					      : SMMUV3_SYNC_CS_NONE,
				      0, 0, 0);
}

/* Clean entries [from, to) to the point of coherency (the caller checks
 * that the queue is not coherent: no call on the common path). */
static void clean_range(struct smmuv3_cmdq *q, uint64_t from, uint64_t to)
{
	uint64_t n;

	/* At most two pieces: up to the end of the ring, then from slot 0. */
	while (from < to) {
		n = q_entries(q) - (from & (q_entries(q) - 1u));
		if (n > to - from)
			n = to - from;
		q->osal.ops->cache_clean(q->osal.ctx, slot_va(q, from),
					 (size_t)n * SMMUV3_CMD_BYTES);
		from += n;
	}
}

/*
 * Update the logical consumer index from a CONS value (lock held).
 * PROD - CONS never exceeds the queue size, so the hardware distance
 * (prod - cons) modulo 2 * entries is exact; a value claiming more is
 * ignored (it cannot come from a working SMMU).
 */
static bool logical_of(const struct smmuv3_cmdq *q, uint32_t raw, uint64_t *out)
{
	uint64_t mask = (2ull << q->log2size) - 1u;
	/* (PROD - CONS) modulo 2 * entries, without wrapping around 2^64. */
	uint64_t dist = ((uint64_t)hw_index(q, q->prod) + (mask + 1u) -
			 hw_index(q, raw)) & mask;

	if (dist > q_entries(q) || dist > q->prod) /* nor before entry 0 */
		return false;
	*out = q->prod - dist;
	return true;
}

static void cons_from_hw(struct smmuv3_cmdq *q, uint32_t raw)
{
	uint64_t c;

	if (logical_of(q, raw, &c) && c > q->cons)
		q->cons = c;
}

static uint32_t read_cons(struct smmuv3_cmdq *q)
{
	uint32_t raw = rd32(q, SMMUV3_CMDQ_CONS);

	cons_from_hw(q, raw);
	return raw;
}

static void fill_hw_state(struct smmuv3_cmdq *q, struct smmuv3_cmdq_status *st)
{
	uint32_t prod = rd32(q, SMMUV3_CMDQ_PROD);
	uint32_t cons = rd32(q, SMMUV3_CMDQ_CONS);
	uint32_t gerror = rd32(q, SMMUV3_GERROR);

	if (st) {
		st->prod = prod;
		st->cons = cons;
		st->gerror = gerror;
	}
}

/*
 * Copy a record's details into a status (the caller counts n_errors). The
 * failing command is decoded here, for the report, not when the error is
 * handled: the handler sits under every insertion's wait for room and
 * stays small, and the caps the decode checks against never change.
 */
static NOINLINE void status_from_rec(const struct smmuv3_cmdq *q,
				     const struct smmuv3_cmdq_err_rec *r,
				     struct smmuv3_cmdq_status *st, bool full)
{
	struct smmuv3_cmd_desc d;

	st->cerror = r->cerror;
	st->err_index = hw_index(q, r->index);
	st->failing = r->failing;
	st->failing_decode = smmuv3_cmd_decode(&q->caps, &r->failing, &d);
	if (full) {
		st->gerror = r->gerror;
		st->cons = r->cons;
	}
}

/*
 * IHI 0070 7.1: recover from a command queue error (lock held). The error
 * is recorded, with the logical index of its entry, before it is
 * acknowledged: the entry's submitter cannot see its CMD_SYNC complete
 * before the acknowledgement, and reads the records under the lock.
 */
static int handle_error_locked(struct smmuv3_cmdq *q,
			       struct smmuv3_cmdq_err_rec *out)
{
	struct smmuv3_cmdq_err_rec *rec;
	uint32_t gerror = rd32(q, SMMUV3_GERROR);
	uint32_t gerrorn = rd32(q, SMMUV3_GERRORN);
	uint32_t cons, idx;
	struct smmuv3_cmd sync;

	_Static_assert(SMMUV3_CERROR_NONE == 0 && SMMUV3_CERROR_ILL == 1 &&
			       SMMUV3_CERROR_ABT == 2 &&
			       SMMUV3_CERROR_ATC_INV_SYNC == 3,
		       "the codes of IHI 0070 7.1");

	/* An error is active while GERROR and GERRORN differ (6.3.18). */
	if (!((gerror ^ gerrorn) & SMMUV3_GERROR_CMDQ_ERR))
		return 0;
	cons = rd32(q, SMMUV3_CMDQ_CONS);
	cons_from_hw(q, cons);
	/* The record is filled in place; it counts once err_seq moves. */
	rec = &q->errs[q->err_seq & (SMMUV3_CMDQ_ERR_RING - 1u)];
	/* A CONS beyond PROD cannot come from a working SMMU: blame the
	 * entry the library last knew to be next. */
	if (!logical_of(q, cons, &rec->index))
		rec->index = q->cons;
	rec->cons = cons;
	rec->gerror = gerror;
	rec->cerror = SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons);
	idx = hw_index(q, cons);
	/* The index read must complete before the entry is read. */
	q_barrier(q, SMMUV3_BARRIER_MMIO_CONSUME);
	get_entry(q, idx, &rec->failing);

	/*
	 * CERROR_NONE; CERROR_ABT: the fetch aborted, the SMMU fetches the
	 * entry again; CERROR_ATC_INV_SYNC: CONS stays at the CMD_SYNC,
	 * which is retried. Otherwise CERROR_ILL (or a code this library
	 * does not know): the SMMU resumes at CONS once the error is
	 * acknowledged, so replace the entry in place by a CMD_SYNC of our
	 * completion mode (if the bad entry was someone's CMD_SYNC, its
	 * waiter still sees completion), and make it visible before the ack.
	 */
	if (rec->cerror == SMMUV3_CERROR_ILL ||
	    rec->cerror > SMMUV3_CERROR_ATC_INV_SYNC) {
		build_sync(q, idx, &sync);
		put_entry(q, idx, &sync);
		if (!q->coherent)
			clean_range(q, idx, (uint64_t)idx + 1u);
		q_barrier(q, SMMUV3_BARRIER_MMIO_PUBLISH);
	}
	q->err_seq++;
	/* Acknowledge only CMDQ_ERR: toggle its GERRORN bit. */
	wr32(q, SMMUV3_GERRORN, gerrorn ^ SMMUV3_GERROR_CMDQ_ERR);
	q->stats.errors++;
	smmuv3_log(&q->osal, SMMUV3_LOG_ERR, "CMDQ error", SMMUV3_EIO,
		   rec->cerror, idx, rec->failing.dw[0], rec->failing.dw[1]);
	if (out)
		*out = *rec;
	return SMMUV3_EIO;
}

int smmuv3_cmdq_handle_error(struct smmuv3_cmdq *q,
			     struct smmuv3_cmdq_status *st)
{
	struct smmuv3_cmdq_err_rec rec;
	int ret;

	if (!q || !q->base)
		return SMMUV3_EINVAL;
	q_lock(q);
	ret = handle_error_locked(q, &rec);
	q_unlock(q);
	if (ret == SMMUV3_EIO && st) {
		status_from_rec(q, &rec, st, true);
		st->n_errors++;
	}
	return ret;
}

/* The entries of one insertion: [first, at] and the error count before. */
struct span {
	uint64_t first;
	uint64_t at;   /* its CMD_SYNC */
	uint64_t seq0; /* q->err_seq when the insertion began */
};

/*
 * Errors recorded on @sp's entries since it began (lock held): details of
 * the last one into *@st (with CONS/GERROR if @full). SMMUV3_EIO if there
 * was one, or if the ring overflowed meanwhile (not attributable).
 */
static int attribute(const struct smmuv3_cmdq *q, const struct span *sp,
		     struct smmuv3_cmdq_status *st, bool full)
{
	uint64_t k = q->err_seq - sp->seq0 > SMMUV3_CMDQ_ERR_RING
			     ? q->err_seq - SMMUV3_CMDQ_ERR_RING
			     : sp->seq0;
	bool lost = k != sp->seq0;
	const struct smmuv3_cmdq_err_rec *last = NULL;
	uint32_t n = 0;

	for (; k < q->err_seq; k++) {
		const struct smmuv3_cmdq_err_rec *r =
			&q->errs[k & (SMMUV3_CMDQ_ERR_RING - 1u)];

		if (r->index < sp->first || r->index > sp->at)
			continue;
		n++;
		last = r;
	}
	if (st && last)
		status_from_rec(q, last, st, full);
	if (st)
		st->n_errors += n;
	return (n || lost) ? SMMUV3_EIO : 0;
}

/* One pause between polls: WFE-style wait in SEV mode, else a delay. */
static void poll_pause(struct smmuv3_cmdq *q, uint64_t *delay)
{
	const struct smmuv3_osal_ops *ops = q->osal.ops;

	if (q->mode == SMMUV3_CMDQ_MODE_SEV) {
		ops->wait_event(q->osal.ctx);
		return;
	}
	ops->delay_ns(q->osal.ctx, *delay);
	if (*delay < POLL_DELAY_MAX_NS)
		*delay *= 2u;
}

/* Publish entries [q->prod - n, q->prod): clean, barrier, PROD write. */
static void publish(struct smmuv3_cmdq *q, uint64_t from)
{
	if (q->prod == from)
		return;
	if (!q->coherent)
		clean_range(q, from, q->prod);
	/* Entries must be visible to the SMMU before it sees PROD (4.1.2). */
	q_barrier(q, SMMUV3_BARRIER_MMIO_PUBLISH);
	wr32(q, SMMUV3_CMDQ_PROD, hw_index(q, q->prod));
	q->stats.prod_writes++;
}

/* Insertion state of one call (lock held throughout). */
struct ins {
	uint64_t from; /* first entry not yet published */
	struct smmuv3_deadline dl;
	struct smmuv3_cmdq_status *st;
};

/* Whether the entry at q->prod is free: the consumer has read every entry
 * below q->cons, and PROD - CONS never exceeds the queue size. */
static bool q_has_room(const struct smmuv3_cmdq *q)
{
	return q->prod - q->cons < q_entries(q);
}

/* Whether @n entries and one more (a CMD_SYNC) are free. */
static bool q_fits(const struct smmuv3_cmdq *q, uint32_t n)
{
	return q_entries(q) - (q->prod - q->cons) > n;
}

/* Wait until one more entry fits (lock held); publishes what is pending. */
static int make_room(struct smmuv3_cmdq *q, struct ins *in)
{
	uint64_t delay = SMMUV3_POLL_DELAY_NS;
	uint64_t seen;

	if (q_has_room(q))
		return 0;
	/* The logical CONS is only refreshed when the queue looks full, so
	 * it is usually stale: read it before publishing anything in parts
	 * (a CONS read saves a PROD write and keeps one per call). */
	read_cons(q);
	if (q_has_room(q))
		return 0;
	/* Really full: let the SMMU see what is pending, then wait. */
	publish(q, in->from);
	in->from = q->prod;
	q->stats.full_waits++;
	smmuv3_deadline_start(&q->osal, &in->dl, q->timeout_ns);
	seen = q->cons;
	/*@ loop invariant q->log2size <= 19 && q->cons <= q->prod &&
		q->prod - q->cons <= (1 << q->log2size);
	    loop invariant q->prod == \at(q->prod, Pre) &&
		q->log2size == \at(q->log2size, Pre) &&
		q->base == \at(q->base, Pre) && \at(q->cons, Pre) <= q->cons;
	    loop assigns q->cons, q->stats, q->errs[0 ..], q->err_seq,
		\at(q->base, Pre)[0 .. \at(1 << q->log2size, Pre) * 16 - 1],
		in->dl, *(in->st), delay, seen; */
	for (;;) {
		bool late = smmuv3_deadline_passed(&q->osal, &in->dl);

		/* Recorded for the submitter whose entry it hit. */
		(void)handle_error_locked(q, NULL);
		read_cons(q);
		if (q_has_room(q))
			return 0;
		if (q->cons != seen) {
			/* Progress: the deadline measures its absence. */
			seen = q->cons;
			smmuv3_deadline_start(&q->osal, &in->dl, q->timeout_ns);
			late = false;
		}
		if (late) {
			q->stats.timeouts++;
			fill_hw_state(q, in->st);
			smmuv3_log(&q->osal, SMMUV3_LOG_ERR, "CMDQ full timeout",
				   SMMUV3_ETIMEDOUT, q->prod, q->cons, 0, 0);
			return SMMUV3_ETIMEDOUT;
		}
		poll_pause(q, &delay);
	}
}

static int emit(struct smmuv3_cmdq *q, struct ins *in,
		const struct smmuv3_cmd *c)
{
	int ret = make_room(q, in);

	if (ret)
		return ret;
	put_entry(q, q->prod, c);
	q->prod++;
	q->stats.cmds++;
	return 0;
}

static int emit_sync(struct smmuv3_cmdq *q, struct ins *in, uint64_t *at)
{
	struct smmuv3_cmd s;
	int ret = make_room(q, in);

	if (ret)
		return ret;
	build_sync(q, q->prod, &s);
	*at = q->prod;
	put_entry(q, q->prod, &s);
	q->prod++;
	q->stats.cmds++;
	q->stats.syncs++;
	q->since_sync = 0;
	return 0;
}

_Static_assert(SMMUV3_CMDQ_FORCE_SYNC_AT == SMMUV3_ERRATA_2812531_SYNC_INTERVAL,
	       "cmdq.h and errata.h name the same MMU-700 limit");
_Static_assert(SMMUV3_CMDQ_DEFAULT_TIMEOUT_NS == SMMUV3_POLL_TIMEOUT_NS,
	       "cmdq.h documents the default deadline the library uses");

/* Write @n commands at PROD (the caller checked that they fit). */
static void put_run(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		    uint32_t n)
{
	uint32_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant q->log2size == \at(q->log2size, LoopEntry) &&
		q->base == \at(q->base, LoopEntry);
	    loop assigns i, \at(q->base, Pre)[0 ..
		\at(1 << q->log2size, Pre) * 16 - 1];
	    loop variant n - i; */
	for (i = 0; i < n; i++)
		put_entry(q, q->prod + i, &cmds[i]);
	q->prod += n;
	q->stats.cmds += n;
	q->since_sync += n;
}

/*
 * One command of the entry-by-entry path of insert(): dropped (a PREFETCH_*
 * under SKIP_PREFETCH), or written, after a forced CMD_SYNC when @sync_at
 * commands went since the last one (0: never).
 */
static int put_one(struct smmuv3_cmdq *q, struct ins *in,
		   const struct smmuv3_cmd *c, uint32_t sync_at)
{
	uint64_t unused;
	int ret;

	if ((q->caps.options & SMMUV3_OPT_SKIP_PREFETCH) &&
	    smmuv3_errata_cmd_drop(&q->caps, c)) {
		q->stats.prefetch_dropped++;
		return 0;
	}
	if (sync_at && q->since_sync >= sync_at) {
		ret = emit_sync(q, in, &unused);
		if (ret)
			return ret;
		q->stats.forced_syncs++;
	}
	ret = emit(q, in, c);
	if (!ret)
		q->since_sync++;
	return ret;
}

/*
 * Write @n commands (+ a CMD_SYNC if @sync, its index in *@sync_at) and
 * publish them. Quirks applied here, the single insertion path:
 * SKIP_PREFETCH drops PREFETCH_*; CMDQ_FORCE_SYNC (MMU-700 erratum
 * 2812531) inserts a CMD_SYNC before a 64th command since the last one.
 */
static int insert(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		  uint32_t n, bool sync, struct span *sp,
		  struct smmuv3_cmdq_status *st)
{
	/* The errata policies (errata.h), as a caller with its own queue
	 * would apply them; the option test keeps the common path cheap. */
	const bool drop = (q->caps.options & SMMUV3_OPT_SKIP_PREFETCH) != 0;
	const uint32_t sync_at = smmuv3_errata_sync_interval(&q->caps);
	struct ins in;
	uint32_t i;
	int ret = 0;

	q_lock(q);
	in.from = q->prod;
	in.st = st;
	if (sp) {
		sp->first = q->prod;
		sp->at = q->prod;
		sp->seq0 = q->err_seq;
	}
	/*
	 * The common case: no quirk applies and the free space (by the last
	 * CONS seen) takes the run and its CMD_SYNC: one room check, one
	 * copy loop, the counters once. Otherwise entry by entry.
	 */
	i = 0;
	if (!drop && !sync_at && q_fits(q, n)) {
		put_run(q, cmds, n);
		i = n;
	}
	/*@ loop invariant q->log2size <= 19 && q->cons <= q->prod &&
		q->prod - q->cons <= (1 << q->log2size);
	    loop invariant q->log2size == \at(q->log2size, LoopEntry) &&
		q->base == \at(q->base, LoopEntry);
	    loop invariant i <= n && q->prod <= \at(q->prod, Pre) + 2 * i;
	    loop invariant in.st == st;
	    loop assigns i, ret, q->prod, q->since_sync, q->cons, q->stats,
		q->errs[0 ..], q->err_seq,
		\at(q->base, Pre)[0 .. \at(1 << q->log2size, Pre) * 16 - 1],
		in, *st;
	    loop variant n - i; */
	for (; i < n && !ret; i++)
		ret = put_one(q, &in, &cmds[i], sync_at);
	if (!ret && sync)
		ret = emit_sync(q, &in, &sp->at);
	publish(q, in.from);
	q_unlock(q);
	return ret;
}

/*
 * The logical CONS, as seen by a check of whether the CMD_SYNC at @at has
 * completed (it has if the result is above @at); no MMIO in MSI mode.
 */
static uint64_t sync_cons(struct smmuv3_cmdq *q, uint64_t at, bool refresh)
{
	bool msi_done = false;
	uint64_t cons;

	if (q->mode == SMMUV3_CMDQ_MODE_MSI) {
		const uint32_t *w =
			(const uint32_t *)(const void *)slot_va(q, at);

		/*
		 * Lock-free read: the SMMU's MSI write (4.7.3) or another
		 * producer's put_entry() (once the slot was consumed) may
		 * write it concurrently, so one single-copy-atomic aligned
		 * 32-bit load, never a torn or cached value. Zero in either
		 * byte order; the opcode keeps it non-zero until the SMMU's
		 * MSI write, and a reused slot holds a non-zero opcode too.
		 * Not zero and no @refresh: the slot may have been reused
		 * after completion if another thread observed CONS pass it,
		 * which the logical CONS tells without MMIO.
		 */
		msi_done = __atomic_load_n(w, __ATOMIC_ACQUIRE) == 0;
		refresh = refresh && !msi_done;
	} else {
		refresh = true;
	}
	q_lock(q);
	if (msi_done && q->cons < at + 1u)
		q->cons = at + 1u; /* 4.7.3: MSI => consumed */
	if (refresh)
		read_cons(q);
	cons = q->cons;
	q_unlock(q);
	return cons;
}

/*
 * Wait for @sp's CMD_SYNC, then report the errors recorded on @sp's
 * entries (by whoever handled them: this wait, another waiter or the
 * GERROR interrupt handler).
 */
static int wait_sync(struct smmuv3_cmdq *q, const struct span *sp,
		     struct smmuv3_cmdq_status *st)
{
	const uint64_t at = sp->at;
	struct smmuv3_deadline dl = {0}; /* set before its first use */
	uint64_t delay = SMMUV3_POLL_DELAY_NS, seen = 0, now_cons;
	bool polling = false; /* the first check: no error handling, no
				 MMIO in MSI mode, usually enough */
	bool late = false;
	int ret;

	for (;;) {
		late = polling && smmuv3_deadline_passed(&q->osal, &dl);
		if (polling) {
			q_lock(q);
			(void)handle_error_locked(q, NULL);
			q_unlock(q);
		}
		now_cons = sync_cons(q, at, polling);
		if (now_cons > at) {
			late = false; /* completed, in time or not */
			break;
		}
		if (!polling || now_cons != seen) {
			/* Progress (bounded: the entries before our sync):
			 * the deadline measures its absence. */
			seen = now_cons;
			smmuv3_deadline_start(&q->osal, &dl, q->timeout_ns);
			late = false;
		}
		if (late)
			break;
		if (polling)
			poll_pause(q, &delay);
		polling = true;
	}

	/*
	 * Completed: reads of memory the SMMU wrote come after seeing it, and
	 * every error on our entries was recorded before it was acknowledged,
	 * hence before our CMD_SYNC could complete. Timed out: the registers
	 * and whatever was recorded so far.
	 */
	if (!late)
		q_barrier(q, SMMUV3_BARRIER_MMIO_CONSUME);
	q_lock(q);
	if (late) {
		q->stats.timeouts++;
		fill_hw_state(q, st);
	}
	ret = attribute(q, sp, st, !late);
	q_unlock(q);
	if (!late)
		return ret;
	smmuv3_log(&q->osal, SMMUV3_LOG_ERR, "CMD_SYNC timeout",
		   SMMUV3_ETIMEDOUT, at, 0, 0, 0);
	return SMMUV3_ETIMEDOUT;
}

static void status_clear(struct smmuv3_cmdq_status *st)
{
	if (st)
		memset(st, 0, sizeof(*st));
}

/* REPEAT_INV (errata.h): whether any command of the list is repeated. */
static bool wants_repeat(const struct smmuv3_cmdq *q,
			 const struct smmuv3_cmd *cmds, uint32_t n)
{
	uint32_t i;

	if (!(q->caps.options & SMMUV3_OPT_REPEAT_INV))
		return false; /* the common path: no call per command */
	for (i = 0; i < n; i++)
		if (smmuv3_errata_cmd_repeat(&q->caps, &cmds[i]))
			return true;
	return false;
}

/*
 * smmuv3_cmdq_issue() (@wait false) and smmuv3_cmdq_submit(): the same
 * checks, then an insertion, or insertions each with its CMD_SYNC waited
 * for.
 */
static int issue_or_submit(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
			   uint32_t n, struct smmuv3_cmdq_status *st, bool wait)
{
	unsigned int round, rounds;
	int err = 0;

	if (!q || !q->base || (!cmds && n))
		return SMMUV3_EINVAL;
	rounds = wants_repeat(q, cmds, n) ? 2u : 1u;
	/* REPEAT_INV: an invalidation must come with the CMD_SYNC after
	 * which it is repeated (submit or the batch API). */
	if (!wait && rounds > 1u)
		return SMMUV3_EINVAL;
	status_clear(st);
#if !SMMUV3_SMALL
	/* A call of its own: the copy loop inlined for this case alone. */
	if (!wait)
		return insert(q, cmds, n, false, NULL, st);
#endif
	for (round = 0; round < rounds; round++) {
		struct span sp;
		/* Known true at -O2 (the early return): cppcheck sees only
		 * that configuration. */
		// cppcheck-suppress knownConditionTrueFalse
		int ret = insert(q, cmds, n, wait, wait ? &sp : NULL, st);

		// cppcheck-suppress knownConditionTrueFalse
		if (!wait)
			return ret;
		if (ret == SMMUV3_ETIMEDOUT)
			return ret;
		if (ret)
			err = ret;
		ret = wait_sync(q, &sp, st);
		if (ret == SMMUV3_ETIMEDOUT)
			return ret;
		if (ret)
			err = ret;
		if (round > 0) {
			q_lock(q);
			q->stats.repeats++;
			q_unlock(q);
		}
	}
	return err;
}

int smmuv3_cmdq_issue(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		      uint32_t n, struct smmuv3_cmdq_status *st)
{
	return issue_or_submit(q, cmds, n, st, false);
}

int smmuv3_cmdq_submit(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		       uint32_t n, struct smmuv3_cmdq_status *st)
{
	return issue_or_submit(q, cmds, n, st, true);
}

int smmuv3_cmdq_sync(struct smmuv3_cmdq *q, struct smmuv3_cmdq_status *st)
{
	return smmuv3_cmdq_submit(q, NULL, 0, st);
}

void smmuv3_cmdq_batch_init(struct smmuv3_cmdq_batch *b)
{
	if (b)
		b->n = 0;
}

int smmuv3_cmdq_batch_add_cmd(struct smmuv3_cmdq *q,
			      struct smmuv3_cmdq_batch *b,
			      const struct smmuv3_cmd *cmd,
			      struct smmuv3_cmdq_status *st)
{
	uint32_t sync_at;
	bool force;
	int ret = 0;

	if (!q || !q->base || !b || !cmd || b->n > SMMUV3_CMDQ_BATCH_MAX)
		return SMMUV3_EINVAL;
	sync_at = smmuv3_errata_sync_interval(&q->caps);
	force = sync_at && b->n >= sync_at;
	if (force || b->n == SMMUV3_CMDQ_BATCH_MAX) {
		/* CMDQ_FORCE_SYNC: a CMD_SYNC at its interval; REPEAT_INV:
		 * invalidations go with a sync, to be repeated. */
		ret = issue_or_submit(q, b->cmds, b->n, st,
				      force || wants_repeat(q, b->cmds, b->n));
		b->n = 0;
	}
	/* On a failed flush the new command is not added: the caller sees
	 * the error and decides (adding it again keeps it once). */
	if (ret)
		return ret;
	b->cmds[b->n++] = *cmd;
	return 0;
}

int smmuv3_cmdq_batch_add(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
			  const struct smmuv3_cmd_desc *d,
			  struct smmuv3_cmdq_status *st)
{
	struct smmuv3_cmd c;
	int ret;

	if (!q || !q->base || !b || !d)
		return SMMUV3_EINVAL;
	ret = smmuv3_cmd_encode(&q->caps, d, &c);
	if (ret)
		return ret;
	return smmuv3_cmdq_batch_add_cmd(q, b, &c, st);
}

int smmuv3_cmdq_batch_submit(struct smmuv3_cmdq *q,
			     struct smmuv3_cmdq_batch *b,
			     struct smmuv3_cmdq_status *st)
{
	int ret;

	if (!q || !q->base || !b || b->n > SMMUV3_CMDQ_BATCH_MAX)
		return SMMUV3_EINVAL;
	ret = smmuv3_cmdq_submit(q, b->cmds, b->n, st);
	b->n = 0;
	return ret;
}

int smmuv3_cmdq_init(struct smmuv3_cmdq *q, const struct smmuv3_osal *osal,
		     const struct smmuv3_caps *caps, unsigned int max_log2)
{
	unsigned int log2, min_log2;
	smmuv3_pa_t pa = 0;
	size_t bytes;
	void *va = NULL;
	int ret;

	if (!q || !caps)
		return SMMUV3_EINVAL;
	ret = smmuv3_osal_validate(osal);
	if (ret)
		return ret;
	log2 = caps->cmdq_shift;
	if (log2 > SMMUV3_Q_MAX_LOG2SIZE)
		log2 = SMMUV3_Q_MAX_LOG2SIZE;
	if (max_log2 && max_log2 < log2)
		log2 = max_log2;
	if (log2 < SMMUV3_CMDQ_MIN_LOG2)
		return SMMUV3_EINVAL;
	min_log2 = log2 < FALLBACK_MIN_LOG2 ? log2 : FALLBACK_MIN_LOG2;
	for (;;) {
		/* BASE.ADDR is [51:5]: at least 32-byte aligned, and the
		 * architecture wants the queue aligned to its size. */
		_Static_assert(SMMUV3_CMD_BYTES << SMMUV3_CMDQ_MIN_LOG2 >= 32u,
			       "a queue is aligned to its size, >= 32 bytes");
		bytes = (size_t)SMMUV3_CMD_BYTES << log2;
		va = osal->ops->alloc(osal->ctx, bytes, bytes, &pa);
		if (va || log2 == min_log2)
			break;
		log2--;
	}
	if (!va)
		return SMMUV3_ENOMEM;
	if ((pa & (bytes - 1u)) != 0 || (pa >> 52) != 0) {
		/* Not naturally aligned, or beyond BASE.ADDR[51:5]. */
		osal->ops->free(osal->ctx, va, bytes);
		return SMMUV3_EFAULT;
	}
	memset(q, 0, sizeof(*q));
	q->osal = *osal;
	q->caps = *caps;
	q->log2size = (uint8_t)log2;
	q->base = va;
	q->base_pa = pa;
	q->bytes = bytes;
	q->timeout_ns = SMMUV3_POLL_TIMEOUT_NS;
	q->coherent = (caps->features & SMMUV3_FEAT_COHERENCY) ||
		      !osal->ops->cache_clean;
	if ((caps->options & SMMUV3_OPT_MSIPOLL) &&
	    (caps->features & SMMUV3_FEAT_MSI) &&
	    (caps->features & SMMUV3_FEAT_COHERENCY))
		q->mode = SMMUV3_CMDQ_MODE_MSI;
	else if ((caps->features & SMMUV3_FEAT_SEV) && osal->ops->wait_event)
		q->mode = SMMUV3_CMDQ_MODE_SEV;
	else
		q->mode = SMMUV3_CMDQ_MODE_POLL;
	return 0;
}

void smmuv3_cmdq_fini(struct smmuv3_cmdq *q)
{
	if (!q || !q->base)
		return;
	q->osal.ops->free(q->osal.ctx, q->base, q->bytes);
	q->base = NULL;
}

uint64_t smmuv3_cmdq_base_reg(const struct smmuv3_cmdq *q)
{
	if (!q || !q->base)
		return 0;
	return SMMUV3_Q_BASE_RWA | (q->base_pa & SMMUV3_Q_BASE_ADDR) |
	       SMMUV3_FIELD_PREP(SMMUV3_Q_BASE_LOG2SIZE,
				 (uint64_t)q->log2size);
}

int smmuv3_cmdq_hw_init(struct smmuv3_cmdq *q)
{
	if (!q || !q->base)
		return SMMUV3_EINVAL;
	q->osal.ops->write64(q->osal.ctx, SMMUV3_CMDQ_BASE,
			     smmuv3_cmdq_base_reg(q));
	wr32(q, SMMUV3_CMDQ_PROD, 0);
	wr32(q, SMMUV3_CMDQ_CONS, 0);
	q->prod = 0;
	q->cons = 0;
	q->since_sync = 0;
	return 0;
}

int smmuv3_cmdq_set_timeout(struct smmuv3_cmdq *q, uint64_t timeout_ns)
{
	if (!q || timeout_ns == 0)
		return SMMUV3_EINVAL;
	q->timeout_ns = timeout_ns;
	return 0;
}
