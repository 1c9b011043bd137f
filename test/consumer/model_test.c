// SPDX-License-Identifier: BSD-2-Clause
/*
 * The glue's test, against the SMMUv3 model (docs/testing-with-the-model.md):
 * two DMA masters behind one domain, two buffers; the devices write and read
 * through their IOVAs; after an unmap the model's caches must agree with the
 * tables (smmuv3_model_audit()) and the device must fault, with the event
 * record the glue drains. Exit status 0 when every check holds.
 */
#include <stdio.h>
#include <string.h>

#include <smmuv3/model.h>

#include "iommu_glue.h"

#define SID_NIC 3u
#define SID_DMA 9u
#define IOVA_RX 0x10000000ull
#define IOVA_TX 0x10001000ull

static int failures;

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #c);                                 \
			failures++;                                            \
		}                                                              \
	} while (0)

/* The model's caches agree with the tables; print what does not. */
static int stale_entries(struct smmuv3_model *m)
{
	struct smmuv3_model_stale s[8];
	int n = smmuv3_model_audit(m, s, 8), i;

	for (i = 0; i < n && i < 8; i++)
		fprintf(stderr, "model: %s\n", s[i].text);
	return n;
}

int main(void)
{
	struct smmuv3_model_result r;
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct glue g;
	smmuv3_pa_t rx_pa, tx_pa;
	uint8_t *rx, *tx, data[256], back[256];
	unsigned int i;

	/* Default config: eager caching, so no stale entry can hide. */
	if (smmuv3_model_create(NULL, &m) != 0)
		return 2;
	osal = smmuv3_model_osal(m);
	if (glue_init(&g, &osal) != 0)
		return 2;
	CHECK(glue_attach(&g, SID_NIC) == 0);
	CHECK(glue_attach(&g, SID_DMA) == 0);
	rx = osal.ops->alloc(osal.ctx, 4096, 4096, &rx_pa);
	tx = osal.ops->alloc(osal.ctx, 4096, 4096, &tx_pa);
	if (!rx || !tx)
		return 2;
	CHECK(glue_map(&g, IOVA_RX, rx_pa, 4096) == 0);
	CHECK(glue_map(&g, IOVA_TX, tx_pa, 4096) == 0);

	/* The NIC receives into RX; the DMA engine reads TX. */
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0x5a);
	memcpy(tx, data, sizeof(data));
	CHECK(smmuv3_model_dma_write(m, SID_NIC, false, 0, IOVA_RX, data,
				     sizeof(data), 0, &r) == 0);
	CHECK(memcmp(rx, data, sizeof(data)) == 0);
	CHECK(smmuv3_model_dma_read(m, SID_DMA, false, 0, IOVA_TX, back,
				    sizeof(back), 0, &r) == 0);
	CHECK(memcmp(back, data, sizeof(data)) == 0);

	/* RX is unmapped: nothing may still translate it. */
	CHECK(glue_unmap(&g, IOVA_RX, 4096) == 0);
	CHECK(stale_entries(m) == 0);
	CHECK(smmuv3_model_dma_write(m, SID_NIC, false, 0, IOVA_RX, data, 16, 0,
				     &r) == SMMUV3_EFAULT);
	CHECK(r.outcome == SMMUV3_MODEL_XLATE_FAULT);
	CHECK(glue_faults_at(&g, IOVA_RX) == 1);
	/* TX still works. */
	CHECK(smmuv3_model_dma_read(m, SID_DMA, false, 0, IOVA_TX, back, 16, 0,
				    &r) == 0);
	CHECK(glue_unmap(&g, IOVA_TX, 4096) == 0);
	CHECK(stale_entries(m) == 0);

	CHECK(glue_fini(&g) == 0);
	osal.ops->free(osal.ctx, rx, 4096);
	osal.ops->free(osal.ctx, tx, 4096);
	smmuv3_model_destroy(m);
	if (failures) {
		fprintf(stderr, "glue test: %d check(s) failed\n", failures);
		return 1;
	}
	printf("glue test: ok\n");
	return 0;
}
