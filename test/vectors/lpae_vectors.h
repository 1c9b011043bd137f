/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Expected VMSAv8-64 descriptor encodings and derived translation-control
 * values, written by hand from the Arm ARM (DDI 0487 D8.2, D8.3, D8.5) and
 * IHI 0070 5.2/5.4, independently of src/pgtable_lpae.c. Each row says how
 * its number was derived.
 */
#ifndef LPAE_VECTORS_H
#define LPAE_VECTORS_H

#include <stddef.h>
#include <stdint.h>

struct lpae_desc_vec {
	const char *what;
	int stage;   /* 1 or 2 */
	int granule; /* enum smmuv3_granule */
	unsigned int ias, oas;
	uint32_t cfg_flags; /* SMMUV3_PGTBL_F_* */
	unsigned int level; /* level the leaf must land at */
	uint64_t iova, pa, size;
	uint32_t prot; /* SMMUV3_PROT_* */
	uint64_t desc; /* expected leaf descriptor */
};

struct lpae_cfg_vec {
	const char *what;
	int stage, granule;
	unsigned int ias, oas;
	int coherent;
	uint32_t cfg_flags;
	int ret; /* expected init result */
	unsigned int start_level;
	unsigned int concat;	   /* concatenated root tables */
	unsigned int root_entries; /* descriptors in the (concatenated) root */
	unsigned int t0sz, tg, sl0, ps, irgn, orgn, sh;
};

extern const struct lpae_desc_vec lpae_desc_vecs[];
extern const size_t lpae_desc_vecs_count;
extern const struct lpae_cfg_vec lpae_cfg_vecs[];
extern const size_t lpae_cfg_vecs_count;

#endif
