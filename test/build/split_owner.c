// SPDX-License-Identifier: BSD-2-Clause
/*
 * The owner side of a split queue ownership (a hypervisor's copy of the
 * library, prefix a_): it owns the SMMU and its command queue, leaves the
 * event queue to another component and exports the queue's description.
 */
#include <smmuv3/smmuv3.h>

int split_owner_up(struct smmuv3_dev *dev, const struct smmuv3_osal *osal,
		   struct smmuv3_queue_info *info);
int split_owner_read(struct smmuv3_dev *dev);
void split_owner_down(struct smmuv3_dev *dev);

int split_owner_up(struct smmuv3_dev *dev, const struct smmuv3_osal *osal,
		   struct smmuv3_queue_info *info)
{
	struct smmuv3_dev_cfg cfg = {
		.flags = SMMUV3_DEV_F_QUEUES_EXTERNAL,
		.limits = { .evtq_max_shift = 6 },
	};
	int ret = smmuv3_dev_probe(dev, osal, &cfg);

	if (!ret)
		ret = smmuv3_dev_init(dev);
	if (!ret)
		ret = smmuv3_dev_enable(dev);
	if (!ret)
		ret = smmuv3_dev_queue_info(dev, SMMUV3_QUEUE_EVTQ, info);
	return ret;
}

/* What the owner's own drain says (it must refuse: SMMUV3_EPERM). */
int split_owner_read(struct smmuv3_dev *dev)
{
	struct smmuv3_event ev;
	size_t n;
	bool ovf;

	return smmuv3_dev_read_events(dev, &ev, 1, &n, &ovf);
}

void split_owner_down(struct smmuv3_dev *dev)
{
	smmuv3_dev_fini(dev);
}
