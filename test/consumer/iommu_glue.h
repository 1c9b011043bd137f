/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small IOMMU glue as an RTOS would write it on top of libsmmuv3: bring
 * one SMMU up, put DMA masters behind one stage-1 domain, map and unmap
 * buffers for them, drain faults. Written from the installed headers and
 * docs only. Built with GLUE_FORGET_TLBI=1 its unmap has a classic bug: it
 * clears the page table but never sends the TLB invalidation.
 */
#ifndef IOMMU_GLUE_H
#define IOMMU_GLUE_H

#include <smmuv3/smmuv3.h>

#define GLUE_MAX_SIDS 4u

struct glue {
	struct smmuv3_dev dev;
	struct smmuv3_domain dom;
	struct smmuv3_stream streams[GLUE_MAX_SIDS];
	unsigned int n_sids;
};

int glue_init(struct glue *g, const struct smmuv3_osal *osal);
int glue_attach(struct glue *g, uint32_t sid);
int glue_map(struct glue *g, uint64_t iova, smmuv3_pa_t pa, uint64_t size);
int glue_unmap(struct glue *g, uint64_t iova, uint64_t size);
/* Drain the event queue; the number of translation faults seen at @iova. */
int glue_faults_at(struct glue *g, uint64_t iova);
int glue_fini(struct glue *g);

#endif
