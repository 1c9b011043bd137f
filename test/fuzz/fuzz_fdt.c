// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for device-tree discovery (src/fdt.c). Each input is copied
 * into an exact-size heap buffer (so a sanitizer catches any read past its
 * end), opened, and every entry point is run: each arm,smmu-v3 node is
 * parsed, and every node of the tree is tried as a master ("iommus") and as
 * a PCI host bridge ("iommu-map") against each SMMU found. Results are
 * checked against the documented contracts; a violation traps.
 * Build with -DSMMUV3_FUZZ=ON under clang for libFuzzer; the replay driver
 * (fdt_replay.c) runs the same body from ctest.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <smmuv3/err.h>
#include <smmuv3/fdt.h>

#include "fuzz_fdt.h"

#define MAX_SMMUS 4
#define MAX_NODES 64

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void try_node(const struct smmuv3_fdt *fdt, int node, uint32_t ph)
{
	static const uint32_t rids[] = {0x0,	     0x1,	 0xff,
					0x100,	     0xffff,	 0x10000,
					0xfffffff8u, 0xffffffffu};
	uint32_t sids[4];
	size_t n = 0;
	unsigned int i;
	int ret, smmu = -1;

	ret = smmuv3_fdt_smmu_by_phandle(fdt, ph, &smmu);
	check(ret == 0 || ret == SMMUV3_ENOENT || ret == SMMUV3_ENODEV ||
	      ret == SMMUV3_EBADMSG);
	if (ret == 0)
		check(smmu >= 0);
	ret = smmuv3_fdt_master_sids(fdt, node, ph, sids, 4, &n);
	check(ret == 0 || ret == SMMUV3_ENOENT || ret == SMMUV3_EBADMSG ||
	      ret == SMMUV3_E2BIG);
	if (ret == 0)
		check(n <= 4);
	if (ret == SMMUV3_E2BIG)
		check(n > 4);
	for (i = 0; i < sizeof(rids) / sizeof(rids[0]); i++) {
		uint32_t iommu = 0, sid = 0;

		ret = smmuv3_fdt_map_rid(fdt, node, rids[i], &iommu, &sid);
		check(ret == 0 || ret == SMMUV3_ENOENT ||
		      ret == SMMUV3_EBADMSG || ret == SMMUV3_ERANGE);
		if (ret == 0)
			check(smmuv3_fdt_smmu_by_phandle(fdt, iommu, &smmu) <= 0);
	}
}

int fuzz_fdt_one(const uint8_t *data, size_t size)
{
	uint32_t phandles[MAX_SMMUS];
	unsigned int nsmmu = 0, k, visited = 0;
	struct smmuv3_fdt fdt;
	uint8_t *buf;
	int node = -1, depth = 0, ret, result = 0;

	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	ret = smmuv3_fdt_open(&fdt, buf, size);
	check(ret == 0 || ret == SMMUV3_EBADMSG || ret == SMMUV3_EINVAL);
	if (ret)
		goto out;
	result = 1;

	while (nsmmu < MAX_SMMUS &&
	       smmuv3_fdt_next_smmu(&fdt, node, &node) == 0) {
		struct smmuv3_fdt_smmu s;
		unsigned int i;

		ret = smmuv3_fdt_parse_smmu(&fdt, node, &s);
		check(ret == 0 || ret == SMMUV3_EBADMSG ||
		      ret == SMMUV3_ERANGE || ret == SMMUV3_ENODEV);
		if (ret)
			continue;
		check(s.node == node);
		for (i = 0; i < SMMUV3_FDT_IRQ_COUNT; i++)
			if (s.irq[i].present)
				check(s.irq[i].ncells >= 1 &&
				      s.irq[i].ncells <=
					      SMMUV3_FDT_IRQ_MAX_CELLS);
		check(s.size >= SMMUV3_FDT_MIN_REG_SIZE_PAGE0);
		phandles[nsmmu++] = s.phandle;
		result |= 2;
	}

	/* Every node as a master and as a host bridge, for each SMMU. */
	node = 0;
	while (node >= 0 && visited < MAX_NODES) {
		for (k = 0; k < nsmmu; k++)
			try_node(&fdt, node, phandles[k]);
		if (!nsmmu)
			try_node(&fdt, node, 1);
		visited++;
		node = fdt_next_node(buf, node, &depth);
	}
out:
	free(buf);
	return result;
}

#ifdef SMMUV3_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)fuzz_fdt_one(data, size);
	return 0;
}
#endif
