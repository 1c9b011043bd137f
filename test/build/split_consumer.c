// SPDX-License-Identifier: BSD-2-Clause
/*
 * The consumer side of a split queue ownership (a host kernel's copy of
 * the library, prefix b_): it knows only the exported queue description
 * and its own mapping of the queue memory.
 */
#include <smmuv3/smmuv3.h>

int split_consumer_drain(const struct smmuv3_osal *osal,
			 const struct smmuv3_queue_info *info, void *va,
			 uint32_t *sids, size_t max, size_t *n);

int split_consumer_drain(const struct smmuv3_osal *osal,
			 const struct smmuv3_queue_info *info, void *va,
			 uint32_t *sids, size_t max, size_t *n)
{
	struct smmuv3_queue_consumer c;
	struct smmuv3_event ev[8];
	bool ovf;
	int ret;

	if (max > 8)
		return SMMUV3_EINVAL;
	ret = smmuv3_queue_attach(&c, osal, info, va);
	if (ret)
		return ret;
	ret = smmuv3_queue_read_events(&c, ev, max, n, &ovf);
	for (size_t i = 0; i < *n; i++)
		sids[i] = ev[i].sid;
	return ret;
}
