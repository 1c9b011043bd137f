/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 VMSAv8-64 (LPAE) stage-1 and stage-2 page tables, independent of
 * the SMMU: memory comes from the OSAL, TLB maintenance goes out through
 * struct smmuv3_pgtbl_flush_ops (see tlbi.h for the gather that implements
 * it).
 */
#ifndef SMMUV3_PGTABLE_H
#define SMMUV3_PGTABLE_H

#include <smmuv3/osal.h>
#include <smmuv3/types.h>

/*
 * TLB maintenance requested by the page-table code. All optional; called
 * with the page-table lock (if any) held and must not call back into it.
 */
struct smmuv3_pgtbl_flush_ops {
	/*
	 * Entries covering [@iova, @iova + @size) changed. @leaf_size: the
	 * size of the leaf entries that changed, or 0 when a table was removed
	 * (walk caches must then be invalidated too). @leaf_only: true when
	 * only leaf entries changed (no table entry was removed).
	 */
	void (*flush)(void *cookie, smmuv3_iova_t iova, uint64_t size,
		      uint64_t leaf_size, bool leaf_only);
	/* Everything this table translates must be invalidated. */
	void (*flush_all)(void *cookie);
};

#endif /* SMMUV3_PGTABLE_H */
