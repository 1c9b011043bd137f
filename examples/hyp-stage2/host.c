// SPDX-License-Identifier: BSD-2-Clause
/*
 * The host kernel's side of the example: its own copy of libsmmuv3 (every
 * symbol prefixed host_, see examples/CMakeLists.txt), which never touches
 * an SMMU's registers other than the event queue's PROD/CONS. The
 * hypervisor (main.c, the unprefixed copy) owns the SMMUs with
 * SMMUV3_DEV_F_QUEUES_EXTERNAL and hands over only the queue's description
 * (struct smmuv3_queue_info: plain values) and the host's mapping of the
 * queue memory; the host decodes and prints the events itself.
 */
#include <stdio.h>

#include <smmuv3/smmuv3.h>

#include "host.h"

#ifndef SMMUV3_PREFIX_HEADER
#error "host.c is built against the host_-prefixed copy (examples/CMakeLists.txt)"
#endif

int host_kernel_evtq_attach(struct host_evtq *q, const char *name,
			    const struct smmuv3_osal *osal,
			    const struct smmuv3_queue_info *info, void *va)
{
	q->name = name;
	return smmuv3_queue_attach(&q->c, osal, info, va);
}

unsigned int host_kernel_drain_events(struct host_evtq *q)
{
	struct smmuv3_event ev[8];
	unsigned int total = 0;
	size_t n;
	bool ovf;

	do {
		if (smmuv3_queue_read_events(&q->c, ev, 8, &n, &ovf) != 0)
			return total;
		if (ovf)
			printf("  host: SMMU %s: event queue overflowed\n",
			       q->name);
		for (size_t i = 0; i < n; i++)
			printf("  host: SMMU %s: %s from StreamID %#x at "
			       "%#llx%s\n",
			       q->name, smmuv3_event_name(ev[i].id), ev[i].sid,
			       (unsigned long long)ev[i].input_addr,
			       ev[i].s2 ? " (stage 2)" : "");
		total += (unsigned int)n;
	} while (n == 8);
	return total;
}
