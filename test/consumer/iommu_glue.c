// SPDX-License-Identifier: BSD-2-Clause
#include <string.h>

#include "iommu_glue.h"

#ifndef GLUE_FORGET_TLBI
#define GLUE_FORGET_TLBI 0
#endif

int glue_init(struct glue *g, const struct smmuv3_osal *osal)
{
	struct smmuv3_domain_cfg dc;
	struct smmuv3_dev_cfg cfg;
	int ret;

	memset(g, 0, sizeof(*g));
	memset(&cfg, 0, sizeof(cfg));
	cfg.fw.flags = SMMUV3_FW_COHERENT; /* the platform is coherent */
	ret = smmuv3_dev_probe(&g->dev, osal, &cfg);
	if (!ret)
		ret = smmuv3_dev_init(&g->dev);
	if (!ret)
		ret = smmuv3_dev_enable(&g->dev);
	if (ret)
		return ret;
	memset(&dc, 0, sizeof(dc));
	dc.stage = SMMUV3_PGTBL_STAGE1;
	dc.granule = SMMUV3_GRANULE_4K;
	dc.asid = 1;
	return smmuv3_domain_init(&g->dom, &g->dev, &dc);
}

int glue_attach(struct glue *g, uint32_t sid)
{
	struct smmuv3_write_result wr;
	int ret;

	if (g->n_sids == GLUE_MAX_SIDS)
		return SMMUV3_E2BIG;
	ret = smmuv3_stream_init(&g->streams[g->n_sids], &g->dev, sid, 0);
	if (!ret)
		ret = smmuv3_domain_attach(&g->dom, &g->streams[g->n_sids], &wr);
	if (!ret)
		g->n_sids++;
	return ret;
}

int glue_map(struct glue *g, uint64_t iova, smmuv3_pa_t pa, uint64_t size)
{
	return smmuv3_domain_map(&g->dom, iova, pa, size,
				 SMMUV3_PROT_READ | SMMUV3_PROT_WRITE |
					 SMMUV3_PROT_MEM_CACHED);
}

int glue_unmap(struct glue *g, uint64_t iova, uint64_t size)
{
	uint64_t unmapped = 0;
	int ret;

#if GLUE_FORGET_TLBI
	/* The bug: straight to the page table, no invalidation. */
	ret = smmuv3_pgtbl_unmap(smmuv3_domain_pgtbl(&g->dom), iova, size,
				 &unmapped);
#else
	ret = smmuv3_domain_unmap(&g->dom, iova, size, &unmapped);
#endif
	if (!ret && unmapped != size)
		ret = SMMUV3_ENOENT;
	return ret;
}

int glue_faults_at(struct glue *g, uint64_t iova)
{
	struct smmuv3_event ev[8];
	bool ovf = false;
	size_t n = 0, i;
	int hits = 0;

	if (smmuv3_dev_read_events(&g->dev, ev, 8, &n, &ovf) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ev[i].id == SMMUV3_EVT_F_TRANSLATION &&
		    ev[i].input_addr == iova)
			hits++;
	return hits;
}

/*
 * Tear down. The library's fallible calls are marked warn_unused_result;
 * gcc does not accept a (void) cast for that, so each result is checked
 * and the first error returned (the rest still run).
 */
int glue_fini(struct glue *g)
{
	struct smmuv3_write_result wr;
	uint64_t unmapped = 0;
	unsigned int i;
	int ret = 0, r;

	/* Everything: a full unmap also flushes whatever is left. */
	r = smmuv3_domain_unmap(&g->dom, 0, 1ull << 39, &unmapped);
	if (r && !ret)
		ret = r;
	for (i = g->n_sids; i > 0; i--) {
		r = smmuv3_domain_detach(&g->dom, &g->streams[i - 1], NULL,
					 &wr);
		if (r && !ret)
			ret = r;
	}
	r = smmuv3_domain_fini(&g->dom);
	if (r && !ret)
		ret = r;
	r = smmuv3_dev_disable(&g->dev);
	if (r && !ret)
		ret = r;
	smmuv3_dev_fini(&g->dev);
	return ret;
}
