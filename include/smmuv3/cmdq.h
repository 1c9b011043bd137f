/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The command queue (IHI 0070 3.5 "Command and Event queues", 4.1.2
 * submission, 4.7.3 CMD_SYNC, 7.1 command queue errors).
 *
 * A caller-owned struct smmuv3_cmdq holds the queue memory (from the OSAL,
 * naturally aligned), a 64-bit logical producer and consumer index (the
 * hardware PROD/CONS carry log2size index bits plus the wrap bit, which the
 * library extends so that it never confuses "one lap ahead" with "not
 * consumed"), and the completion mode chosen from the capabilities:
 *   - MSI write-back: SMMUV3_OPT_MSIPOLL with FEAT_MSI and FEAT_COHERENCY:
 *     each CMD_SYNC is CS=SIG_IRQ with MSIAddress = its own queue slot and
 *     MSIData = 0, and completion is seen when the slot's first 32 bits read
 *     0 (no MMIO in the common case);
 *   - SEV: FEAT_SEV and the port has wait_event: CS=SIG_SEV, CONS polled
 *     with wait_event() between reads;
 *   - polling: CS=SIG_NONE, CONS polled with delay_ns() between reads.
 * Every wait (for space, for a CMD_SYNC) is bounded by a deadline from the
 * OSAL clock (timeout_ns, default SMMUV3_CMDQ_DEFAULT_TIMEOUT_NS = 1 s,
 * changed with smmuv3_cmdq_set_timeout()) that
 * restarts whenever the consumer index advances: it measures a lack of
 * progress, not the length of the call (a large issue() into a slow but
 * working SMMU completes; each wait lasts at most about (entries + 1) *
 * timeout_ns). On expiry: SMMUV3_ETIMEDOUT with the hardware
 * PROD/CONS/GERROR in struct smmuv3_cmdq_status.
 *
 * Enabling the queue (SMMU_CR0.CMDQEN) is device bring-up: program BASE,
 * PROD and CONS first (smmuv3_cmdq_hw_init() or smmuv3_cmdq_base_reg()).
 *
 * Concurrency contract: if the OSAL provides lock/unlock, any number of
 * threads may call issue/submit/sync/batch_* and handle_error on one queue
 * concurrently; each call's commands are contiguous in the queue (never
 * interleaved with another caller's) and in call order. The lock is held
 * while reserving space, writing entries and writing PROD (so while waiting
 * for space, bounded by the deadline) and while refreshing the consumer
 * index, never while sleeping for a CMD_SYNC. Without lock/unlock the
 * caller guarantees that one thread at a time uses the queue.
 * init/hw_init/fini are never concurrent with anything. If
 * smmuv3_cmdq_handle_error() is called from an interrupt handler, the
 * port's lock must keep that interrupt off the CPU while held (as
 * spin_lock_irqsave does), or the handler may wait for a lock its own CPU
 * holds. docs/cmdq.md
 * describes what a lock-free producer path would need.
 */
#ifndef SMMUV3_CMDQ_H
#define SMMUV3_CMDQ_H

#include <smmuv3/cmd.h>
#include <smmuv3/idr.h>
#include <smmuv3/osal.h>
#include <smmuv3/types.h>

/* Default deadline of each wait of a queue: 1 s of the OSAL clock. */
#define SMMUV3_CMDQ_DEFAULT_TIMEOUT_NS 1000000000ull

/* Commands in one batch (struct smmuv3_cmdq_batch). */
#define SMMUV3_CMDQ_BATCH_MAX 64u
/* MMU-700 erratum 2812531 (SMMUV3_OPT_CMDQ_FORCE_SYNC): at most this many
 * commands between two CMD_SYNCs. */
#define SMMUV3_CMDQ_FORCE_SYNC_AT 63u
/* Smallest queue: 2^1 entries. A batch plus its CMD_SYNC that does not fit
 * is published in several parts (still one caller's contiguous run). */
#define SMMUV3_CMDQ_MIN_LOG2 1u

enum smmuv3_cmdq_mode {
	SMMUV3_CMDQ_MODE_POLL = 0, /* CS=NONE, poll CONS with delay_ns */
	SMMUV3_CMDQ_MODE_SEV = 1,  /* CS=SEV, poll CONS with wait_event */
	SMMUV3_CMDQ_MODE_MSI = 2,  /* CS=IRQ, MSI write-back into the slot */
};

/* Hardware state reported with an error or a timeout. */
struct smmuv3_cmdq_status {
	uint32_t prod;        /* SMMU_CMDQ_PROD as read (0 if not read) */
	uint32_t cons;        /* SMMU_CMDQ_CONS as read, ERR field included */
	uint32_t gerror;      /* SMMU_GERROR as read */
	uint32_t cerror;      /* SMMUV3_CERROR_* of a handled error, else 0 */
	uint32_t err_index;   /* CONS.RD (with wrap) of the failing command */
	struct smmuv3_cmd failing; /* the command at err_index (CPU order) */
	int failing_decode;   /* smmuv3_cmd_decode(caps) result for it */
	uint32_t n_errors;    /* CMDQ errors recorded on this call's entries */
};

/* Handled CMDQ errors remembered for attribution to callers (power of 2). */
#define SMMUV3_CMDQ_ERR_RING 16u

/* One handled CMDQ error (IHI 0070 7.1), recorded under the lock. */
struct smmuv3_cmdq_err_rec {
	uint64_t index;       /* logical index of the failing entry */
	uint32_t cons;        /* SMMU_CMDQ_CONS as read, ERR field included */
	uint32_t gerror;      /* SMMU_GERROR as read */
	uint32_t cerror;      /* SMMUV3_CERROR_* */
	struct smmuv3_cmd failing; /* the entry as it was (CPU order) */
};

/* Counters, for tests and the benchmark (updated under the lock). */
struct smmuv3_cmdq_stats {
	uint64_t cmds;          /* entries written, CMD_SYNCs included */
	uint64_t syncs;         /* CMD_SYNCs written */
	uint64_t forced_syncs;  /* CMD_SYNCs inserted for FORCE_SYNC */
	uint64_t prefetch_dropped; /* PREFETCH_* dropped (SKIP_PREFETCH) */
	uint64_t repeats;       /* lists re-issued for REPEAT_INV */
	uint64_t prod_writes;   /* MMIO writes of SMMU_CMDQ_PROD */
	uint64_t cons_reads;    /* MMIO reads of SMMU_CMDQ_CONS */
	uint64_t gerror_reads;  /* MMIO reads of SMMU_GERROR(N) */
	uint64_t full_waits;    /* insertions that found the queue full */
	uint64_t errors;        /* CMDQ errors handled */
	uint64_t timeouts;
};

/* Caller-owned; treat as opaque. */
struct smmuv3_cmdq {
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;      /* copy of the probed capabilities */
	enum smmuv3_cmdq_mode mode;
	uint8_t log2size;             /* entries = 1 << log2size */
	bool coherent;                /* no cache_clean needed */
	uint8_t *base;                /* queue memory (VA) */
	smmuv3_pa_t base_pa;
	size_t bytes;
	uint64_t prod;                /* logical entries produced */
	uint64_t cons;                /* logical entries consumed (last seen) */
	uint32_t since_sync;          /* entries since the last CMD_SYNC */
	uint64_t timeout_ns;          /* deadline of each wait */
	struct smmuv3_cmdq_stats stats;
	/* The last SMMUV3_CMDQ_ERR_RING handled errors; record k (k counted
	 * from 0) is errs[k % SMMUV3_CMDQ_ERR_RING], err_seq are recorded. */
	struct smmuv3_cmdq_err_rec errs[SMMUV3_CMDQ_ERR_RING];
	uint64_t err_seq;
};

/* A batch of encoded commands (caller-owned, e.g. on the stack). */
struct smmuv3_cmdq_batch {
	struct smmuv3_cmd cmds[SMMUV3_CMDQ_BATCH_MAX];
	uint32_t n;
};

/**
 * smmuv3_cmdq_init() - allocate and set up a command queue.
 * @q: caller-owned queue (fully initialised here).
 * @osal: the port (validated; copied).
 * @caps: probed capabilities (copied): caps->cmdq_shift (IDR1.CMDQS,
 *   capped) sizes the queue, features/options choose the completion mode
 *   and the quirks (SKIP_PREFETCH, CMDQ_FORCE_SYNC, REPEAT_INV, MSIPOLL).
 * @max_log2: the caller's limit on log2(entries) (0: no limit).
 *
 * log2size = min(caps->cmdq_shift, @max_log2, SMMUV3_Q_MAX_LOG2SIZE); the
 * memory is 16 << log2size bytes aligned to its size (at least 32). If the
 * allocation fails, smaller sizes are tried down to 2^7 entries (or the
 * requested size if smaller). The wait deadline starts at
 * SMMUV3_CMDQ_DEFAULT_TIMEOUT_NS.
 * Return: 0; SMMUV3_EINVAL (NULL @q or @caps, cmdq_shift 0, or from
 * smmuv3_osal_validate(): NULL @osal or another OSAL ABI version);
 * SMMUV3_ENOSYS (smmuv3_osal_validate(): a required op missing);
 * SMMUV3_ENOMEM; SMMUV3_EFAULT if the memory's physical address is not
 * naturally aligned or beyond 52 bits.
 * On error: nothing is allocated and *@q is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_init(struct smmuv3_cmdq *q, const struct smmuv3_osal *osal,
		 const struct smmuv3_caps *caps, unsigned int max_log2);

/**
 * smmuv3_cmdq_fini() - free the queue memory (CMDQEN must be 0).
 * @q: the queue (NULL or not initialised: no-op).
 *
 * Return: nothing.
 */
SMMUV3_API void smmuv3_cmdq_fini(struct smmuv3_cmdq *q);

/**
 * smmuv3_cmdq_base_reg() - the SMMU_CMDQ_BASE value for @q.
 * @q: an initialised queue (NULL or not initialised gives 0).
 *
 * Return: RA (bit 62) | ADDR[51:5] | LOG2SIZE[4:0] (IHI 0070 6.3.25).
 */
SMMUV3_API uint64_t smmuv3_cmdq_base_reg(const struct smmuv3_cmdq *q);

/**
 * smmuv3_cmdq_hw_init() - program SMMU_CMDQ_BASE, SMMU_CMDQ_PROD = 0 and
 * SMMU_CMDQ_CONS = 0 and reset the logical indexes.
 * @q: an initialised queue.
 *
 * Only while CR0.CMDQEN is 0 (IHI 0070 6.3.25: BASE is ignored/UNKNOWN
 * otherwise). Writes only.
 * Return: 0; SMMUV3_EINVAL (@q NULL or not initialised).
 * On error: nothing is written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_cmdq_hw_init(struct smmuv3_cmdq *q);

/**
 * smmuv3_cmdq_set_timeout() - how long a later wait may see no progress
 * (CONS not advancing).
 * @q: an initialised queue.
 * @timeout_ns: the deadline in ns of the OSAL clock (> 0).
 *
 * Return: 0; SMMUV3_EINVAL (@q NULL or @timeout_ns 0).
 * On error: the deadline is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_set_timeout(struct smmuv3_cmdq *q, uint64_t timeout_ns);

/**
 * smmuv3_cmdq_issue() - insert @n encoded commands without a CMD_SYNC.
 * @q: an initialised queue.
 * @cmds: @n commands (CPU order; NULL only with @n 0).
 * @n: how many (0 .. any).
 * @st: hardware state on error or timeout (may be NULL).
 *
 * Commands are written after the previous ones and published with one
 * PROD write when they fit (more only when the queue is too small or
 * full). With SMMUV3_OPT_SKIP_PREFETCH, PREFETCH_CONFIG/ADDR are dropped
 * here (the one place that does so; counted in stats.prefetch_dropped).
 * With SMMUV3_OPT_CMDQ_FORCE_SYNC a CMD_SYNC (not waited for) is inserted
 * so that no more than 63 commands are ever between two CMD_SYNCs
 * (smmuv3_errata_sync_interval()). Commands are not validated (use
 * smmuv3_cmd_encode()). With SMMUV3_OPT_REPEAT_INV (Tegra264) issue()
 * refuses CFGI_* and TLBI_* (opcodes 0x03..0x3f): they must be repeated
 * after a completed CMD_SYNC, which only smmuv3_cmdq_submit() and the
 * batch API do.
 * Polls while the queue is full: refreshes CONS, handles CMDQ errors.
 * Nothing is waited for, so a CMDQ error on these commands is not
 * reported here (only recorded, logged and counted): callers that need
 * to know use smmuv3_cmdq_submit() or the batch API.
 * Return: 0; SMMUV3_EINVAL (NULL or uninitialised @q, @cmds NULL with
 * @n > 0, or with SMMUV3_OPT_REPEAT_INV a CFGI_* or TLBI_* among @cmds);
 * SMMUV3_ETIMEDOUT if CONS did not advance for timeout_ns while the queue
 * was full.
 * On error: SMMUV3_EINVAL publishes nothing; after SMMUV3_ETIMEDOUT the
 * commands already published stay published, the rest are dropped, and
 * *@st has PROD/CONS/GERROR.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_issue(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		  uint32_t n, struct smmuv3_cmdq_status *st);

/**
 * smmuv3_cmdq_submit() - insert @n commands followed by a CMD_SYNC and
 * wait until the CMD_SYNC completes.
 * @q: an initialised queue.
 * @cmds: @n commands (CPU order; NULL only with @n 0).
 * @n: how many; 0 sends a plain CMD_SYNC.
 * @st: hardware state and error details (may be NULL).
 *
 * The commands and the CMD_SYNC are published together (one PROD write in
 * the common case); completion means every earlier command of this queue
 * has completed (IHI 0070 4.7.3). With SMMUV3_OPT_REPEAT_INV, when any
 * command is a CFGI_* or TLBI_* (smmuv3_errata_cmd_repeat()) the list
 * and its sync are issued a second time after the first sync completed.
 * Errors are attributed by position, whoever handled them (this call, a
 * concurrent waiter or smmuv3_cmdq_handle_error() from the GERROR
 * interrupt): every handled error is recorded under the lock with the
 * logical index of its entry, and this call reports exactly those whose
 * index lies in its own entries [first command, its CMD_SYNC].
 * Return: 0 (no error recorded on this call's entries); SMMUV3_EINVAL
 * (NULL or uninitialised @q, @cmds NULL with @n > 0); SMMUV3_ETIMEDOUT
 * (space or completion deadline passed); SMMUV3_EIO once the CMD_SYNC
 * completed if an error was recorded on one of this call's entries, or,
 * conservatively, if more than SMMUV3_CMDQ_ERR_RING errors were handled
 * while this call ran (older records overwritten).
 * On error: SMMUV3_EINVAL publishes nothing. SMMUV3_ETIMEDOUT: *@st has
 * PROD/CONS/GERROR as read after the deadline and the errors recorded on
 * this call's entries so far; what was published stays published.
 * SMMUV3_EIO: *@st has CERROR, the CONS.RD index, the command and its
 * decode of the last error and n_errors; the queue was recovered (IHI
 * 0070 7.1) but the failing command (CERROR_ILL: replaced by a CMD_SYNC)
 * did not take effect (CERROR_ABT and CERROR_ATC_INV_SYNC: the entry was
 * retried).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_submit(struct smmuv3_cmdq *q, const struct smmuv3_cmd *cmds,
		   uint32_t n, struct smmuv3_cmdq_status *st);

/**
 * smmuv3_cmdq_sync() - a CMD_SYNC alone, waited for:
 * smmuv3_cmdq_submit(@q, NULL, 0, @st).
 * @q: an initialised queue.
 * @st: hardware state and error details (may be NULL).
 *
 * Return: 0; SMMUV3_EINVAL (NULL or uninitialised @q); SMMUV3_ETIMEDOUT
 * (space or completion deadline passed); SMMUV3_EIO (a CMDQ error was
 * recorded on the CMD_SYNC).
 * On error: as smmuv3_cmdq_submit() (*@st says what was seen).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_sync(struct smmuv3_cmdq *q, struct smmuv3_cmdq_status *st);

/**
 * smmuv3_cmdq_batch_init() - empty a batch.
 * @b: the batch (NULL: no-op).
 *
 * Return: nothing.
 */
SMMUV3_API void smmuv3_cmdq_batch_init(struct smmuv3_cmdq_batch *b);

/**
 * smmuv3_cmdq_batch_add() - encode @d (against @q's caps) and append it
 * to @b, flushing @b first when it is full.
 * @q: an initialised queue.
 * @b: the batch.
 * @d: the command descriptor.
 * @st: hardware state of a failed flush (may be NULL).
 *
 * If @b already holds SMMUV3_CMDQ_BATCH_MAX commands they are issued
 * first without a sync (with SMMUV3_OPT_REPEAT_INV, if any of them is a
 * CFGI_* or TLBI_*, submitted with a sync and repeated instead); with
 * SMMUV3_OPT_CMDQ_FORCE_SYNC, when it holds 63
 * (smmuv3_errata_sync_interval()) they are submitted with a CMD_SYNC (and
 * waited for) first.
 * Return: 0 (@d added); SMMUV3_EINVAL (NULL pointer, uninitialised @q,
 * b->n above SMMUV3_CMDQ_BATCH_MAX, or from smmuv3_cmd_encode(): a
 * reserved or misaligned field); SMMUV3_ERANGE and SMMUV3_EOPNOTSUPP from
 * smmuv3_cmd_encode() (a value beyond the probed width, a missing
 * feature); a flush error: SMMUV3_ETIMEDOUT (the flushed commands were
 * published up to the point where the queue stayed full, the rest
 * dropped) or SMMUV3_EIO (all were published and the sync completed, but a
 * CMDQ error hit one of them).
 * On error: validation and encoding errors change nothing; after a flush
 * error the batch is empty and @d was NOT added: add it again to keep it
 * (it is then added once); *@st as for smmuv3_cmdq_submit().
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_batch_add(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
		      const struct smmuv3_cmd_desc *d,
		      struct smmuv3_cmdq_status *st);

/**
 * smmuv3_cmdq_batch_add_cmd() - append an encoded command to @b, with the
 * flushes of smmuv3_cmdq_batch_add().
 * @q: an initialised queue.
 * @b: the batch.
 * @cmd: the command (CPU order; not validated).
 * @st: hardware state of a failed flush (may be NULL).
 *
 * Return: 0 (@cmd added); SMMUV3_EINVAL (NULL pointer, uninitialised @q,
 * b->n above SMMUV3_CMDQ_BATCH_MAX); SMMUV3_ETIMEDOUT or SMMUV3_EIO from
 * the flush (as smmuv3_cmdq_batch_add()).
 * On error: SMMUV3_EINVAL changes nothing; after a flush error the batch
 * is empty and @cmd was NOT added.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_batch_add_cmd(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
			  const struct smmuv3_cmd *cmd,
			  struct smmuv3_cmdq_status *st);

/**
 * smmuv3_cmdq_batch_submit() - smmuv3_cmdq_submit() of the batch's
 * commands; the batch is empty afterwards whatever the result.
 * @q: an initialised queue.
 * @b: the batch (may be empty: a plain CMD_SYNC).
 * @st: hardware state and error details (may be NULL).
 *
 * Return: 0; SMMUV3_EINVAL (NULL pointers, uninitialised @q, b->n above
 * SMMUV3_CMDQ_BATCH_MAX); SMMUV3_ETIMEDOUT; SMMUV3_EIO (as
 * smmuv3_cmdq_submit()).
 * On error: SMMUV3_EINVAL leaves the batch unchanged; otherwise the batch
 * is empty and *@st is as for smmuv3_cmdq_submit().
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_batch_submit(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
			 struct smmuv3_cmdq_status *st);

/**
 * smmuv3_cmdq_handle_error() - GERROR.CMDQ_ERR handling (IHI 0070 7.1),
 * for a GERROR interrupt handler; the waits call it themselves.
 * @q: an initialised queue.
 * @st: details of the handled error (may be NULL).
 *
 * If SMMU_GERROR.CMDQ_ERR != SMMU_GERRORN.CMDQ_ERR: reads SMMU_CMDQ_CONS,
 * reports CONS.ERR and the command at CONS.RD (decoded into
 * st->failing_decode); for CERROR_ILL (and unknown codes) overwrites that
 * slot with a CMD_SYNC of the queue's completion mode so the queue resumes
 * from it; CERROR_ABT (fetch abort: the SMMU fetches it again) and
 * CERROR_ATC_INV_SYNC (the CMD_SYNC is retried) leave the queue as is;
 * then acknowledges by toggling only GERRORN.CMDQ_ERR. No other command is
 * touched, so none is lost. Logs "CMDQ error" (arg: cerror, index, dw0,
 * dw1). Takes the lock. Never polls.
 * The error is recorded (struct smmuv3_cmdq_err_rec) so that the submit
 * whose entries it hit returns SMMUV3_EIO.
 * Return: 0 if no CMDQ error was active; SMMUV3_EIO if one was handled
 * (details in *@st: n_errors incremented); SMMUV3_EINVAL for NULL or
 * uninitialised @q.
 * On error: SMMUV3_EINVAL touches nothing; SMMUV3_EIO is the report of a
 * handled (acknowledged) error.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmdq_handle_error(struct smmuv3_cmdq *q, struct smmuv3_cmdq_status *st);

#endif /* SMMUV3_CMDQ_H */
