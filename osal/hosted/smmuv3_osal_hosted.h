/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hosted (POSIX) OSAL port, for tests and user-space tools. Memory comes
 * from the C heap with physical address == virtual address; MMIO goes to a
 * caller-given mapping (e.g. an mmap of /dev/mem or a plain buffer); time is
 * CLOCK_MONOTONIC; the lock is a pthread mutex. An allocation-failure
 * injector lets tests fail the N-th allocation.
 */
#ifndef SMMUV3_OSAL_HOSTED_H
#define SMMUV3_OSAL_HOSTED_H

#include <pthread.h>

#include <smmuv3/osal.h>

struct smmuv3_hosted {
	volatile uint8_t *mmio;  /* register base, may be NULL if unused */
	bool noncoherent;        /* expose cache_clean (counts calls) */
	pthread_mutex_t mutex;
	/* Statistics, for leak and behaviour checks in tests. */
	uint64_t n_alloc, n_free, bytes_live, n_clean;
	/* Fail the allocation when n_alloc would reach this (0 = never). */
	uint64_t fail_at;
};

/* The operations; ctx must point at a struct smmuv3_hosted. */
extern const struct smmuv3_osal_ops smmuv3_hosted_ops;
/* Same, with cache_clean provided (for non-coherent walker tests). */
extern const struct smmuv3_osal_ops smmuv3_hosted_noncoherent_ops;

/**
 * smmuv3_hosted_init() - set up a hosted port.
 * @h: caller-owned port state (zeroed here).
 * @mmio: register mapping, or NULL if unused.
 * @out: receives {&smmuv3_hosted_ops, h}.
 * Return: 0; SMMUV3_ENOMEM if the mutex cannot be created.
 * On error: *@out is unchanged; nothing to undo.
 */
int smmuv3_hosted_init(struct smmuv3_hosted *h, void *mmio,
		       struct smmuv3_osal *out);

/**
 * smmuv3_hosted_fini() - release the port (its mutex); allocations are the
 * caller's to free first.
 * @h: the port.
 * Return: nothing.
 */
void smmuv3_hosted_fini(struct smmuv3_hosted *h);

#endif /* SMMUV3_OSAL_HOSTED_H */
