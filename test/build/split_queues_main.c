// SPDX-License-Identifier: BSD-2-Clause
/*
 * Split queue ownership across two prefixed copies of the library in one
 * program, on the model: copy a owns the SMMU (SMMUV3_DEV_F_QUEUES_EXTERNAL)
 * and exports the event queue's description; copy b drains the events the
 * SMMU recorded from that description alone, with its own decoder.
 */
#include <stdio.h>
#include <stdlib.h>

#include <smmuv3/device.h>
#include <smmuv3/model.h>

int split_owner_up(struct smmuv3_dev *dev, const struct smmuv3_osal *osal,
		   struct smmuv3_queue_info *info);
int split_owner_read(struct smmuv3_dev *dev);
void split_owner_down(struct smmuv3_dev *dev);
int split_consumer_drain(const struct smmuv3_osal *osal,
			 const struct smmuv3_queue_info *info, void *va,
			 uint32_t *sids, size_t max, size_t *n);

int main(void)
{
	struct smmuv3_model_config cfg = { .preset = SMMUV3_MODEL_FULL };
	struct smmuv3_queue_info info;
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct smmuv3_dev *dev;
	uint32_t sids[8];
	int ret, fails = 0;
	size_t n = 0;
	void *va;

	dev = calloc(1, sizeof(*dev));
	if (!dev || smmuv3_model_create(&cfg, &m)) {
		printf("FAIL: setup\n");
		return 1;
	}
	osal = smmuv3_model_osal(m);
	ret = split_owner_up(dev, &osal, &info);
	if (ret) {
		printf("FAIL: owner bring-up %d\n", ret);
		return 1;
	}
	/* Three translation faults (IHI 0070 7.3: id [7:0], SID [63:32]). */
	for (uint64_t sid = 5; sid < 8; sid++) {
		const uint64_t rec[4] = { 0x10u | (sid << 32), 0, 0x1000, 0 };

		if (smmuv3_model_event_inject(m, rec))
			fails++;
	}
	if (split_owner_read(dev) != -1) /* SMMUV3_EPERM */
		fails++;
	va = smmuv3_mock_pa_to_va(smmuv3_model_mock(m), info.base_pa,
				  (size_t)info.entry_bytes << info.log2size);
	ret = split_consumer_drain(&osal, &info, va, sids, 8, &n);
	if (ret || n != 3 || sids[0] != 5 || sids[1] != 6 || sids[2] != 7)
		fails++;
	/* Drained: CONS caught up with PROD. */
	if (smmuv3_model_peek32(m, info.cons_reg) !=
	    smmuv3_model_peek32(m, info.prod_reg))
		fails++;
	split_owner_down(dev);
	smmuv3_model_destroy(m);
	free(dev);
	if (fails) {
		printf("FAIL: %d checks (consumer ret %d, n %zu)\n", fails, ret,
		       n);
		return 1;
	}
	printf("split queues across two copies: ok\n");
	return 0;
}
