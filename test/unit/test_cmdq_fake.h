/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small fake SMMU command-queue consumer behind a test OSAL, written from
 * IHI 0070 (3.5 queues, 4.7.3 CMD_SYNC, 7.1 command errors) independently
 * of src/: registers CMDQ_BASE/PROD/CONS and GERROR/GERRORN, a consumer that
 * executes entries from memory (PA == VA) on MMIO accesses and delays, MSI
 * write-back and SEV for CMD_SYNC, injected CERROR_ILL/ABT/ATC_INV_SYNC, a
 * stuck or slow mode, a virtual clock, and counters of everything the
 * library does (for the tests and the benchmark).
 */
#ifndef SMMUV3_TEST_CMDQ_FAKE_H
#define SMMUV3_TEST_CMDQ_FAKE_H

#include <pthread.h>

#include <smmuv3/osal.h>

enum cq_fake_mode {
	CQ_FAKE_IMMEDIATE = 0, /* consume everything at once */
	CQ_FAKE_STUCK,         /* never consume */
	CQ_FAKE_SLOW,          /* slow_per_step entries per MMIO/delay */
};

struct cq_fake_entry {
	uint64_t dw0, dw1;
	uint32_t index; /* hardware index (with wrap) it was read from */
};

struct cq_fake {
	pthread_mutex_t mu;   /* device state */
	pthread_mutex_t user; /* the OSAL lock */
	uint64_t clock_ns, clock_step_ns;

	/* Registers. */
	uint64_t cmdq_base;
	uint32_t prod, cons, cerr;
	uint32_t gerror, gerrorn;

	/* Behaviour. */
	enum cq_fake_mode mode;
	unsigned int slow_per_step;
	bool no_mmio_steps;       /* SLOW: step only on delay/wait_event */
	bool msi, sev;
	int64_t ill_at, abt_at;   /* consumed-count that faults; -1 */
	/* CERROR_ILL from ill_at persists until the entry changes (7.1: the
	 * SMMU resumes at the same entry after the acknowledgement). */
	bool ill_pending;
	uint32_t ill_index;
	uint64_t ill_dw0, ill_dw1;
	uint32_t ill_sid_bit;     /* CFGI_STE with this SID bit: CERROR_ILL */
	unsigned int delay_sleep_us; /* real sleep in delay_ns (threads) */
	bool atc_sync_armed;      /* next CMD_SYNC after an ATC_INV faults */
	bool atc_seen;
	size_t alloc_max;         /* fail allocations above this (0: none) */

	/* Observation. */
	uint64_t consumed;
	uint64_t n_prod_writes, n_cons_reads, n_mmio_reads, n_mmio_writes;
	uint64_t n_barrier[4], n_wait_event, n_delay, n_clean, n_alloc, n_free;
	uint64_t n_msi, n_sev, n_syncs, n_errors, n_log;
	uint64_t violations;      /* PROD written without MMIO_PUBLISH before */
	/* cache_clean ranges, in call order (the first CQ_FAKE_CLEANS). */
	struct { uintptr_t va; size_t size; } cleans[64];
	size_t n_cleans;
	bool publish_seen;
	struct smmuv3_log_event last_log;
	struct cq_fake_entry *log;
	size_t log_n, log_cap;
};

/* Which optional ops the port offers. */
#define CQ_FAKE_LOCK (1u << 0)
#define CQ_FAKE_WFE (1u << 1)
#define CQ_FAKE_CLEAN (1u << 2)
#define CQ_FAKE_CLEANS 64u

void cq_fake_init(struct cq_fake *f, unsigned int ops_flags,
		  struct smmuv3_osal *out);
void cq_fake_fini(struct cq_fake *f);
/* One consumer step from the test's side. */
void cq_fake_step(struct cq_fake *f);
/* Whether a CMDQ error is active (GERROR.CMDQ_ERR != GERRORN.CMDQ_ERR). */
bool cq_fake_error_active(struct cq_fake *f);

#endif /* SMMUV3_TEST_CMDQ_FAKE_H */
