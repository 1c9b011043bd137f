/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Between the hypervisor (main.c) and the host kernel (host.c), which are
 * built against two copies of libsmmuv3: only plain structures of the
 * public headers cross (the same layout in both copies).
 */
#ifndef HYP_STAGE2_HOST_H
#define HYP_STAGE2_HOST_H

#include <smmuv3/device.h>

/* The host's consumer of one SMMU's event queue (host's storage). */
struct host_evtq {
	struct smmuv3_queue_consumer c;
	const char *name;
};

/* Set up @q from the hypervisor's description of the queue; 0 or the
 * error of smmuv3_queue_attach(). @va: the host's mapping of the queue. */
int host_kernel_evtq_attach(struct host_evtq *q, const char *name,
			    const struct smmuv3_osal *osal,
			    const struct smmuv3_queue_info *info, void *va);

/* Drain and print every pending event; returns how many. */
unsigned int host_kernel_drain_events(struct host_evtq *q);

#endif
