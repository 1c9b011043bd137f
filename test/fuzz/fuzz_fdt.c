// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for device-tree discovery (fdt/fdt.c over the system libfdt).
 * Each input is placed so that it ends exactly at a page boundary followed
 * by an inaccessible page (mmap + mprotect PROT_NONE): libfdt is a system
 * library without sanitizer instrumentation, so this is what makes any read
 * past the blob, inside libfdt or ours, fault. The start must be 8-byte
 * aligned (smmuv3_fdt_open() refuses others), so an input whose length is
 * not a multiple of 8 is padded with zeros up to one and the padded length
 * is the size given to the library. Then every entry point is run: each
 * arm,smmu-v3 node is parsed, and every node of the tree is tried as a
 * master ("iommus") and as a PCI host bridge ("iommu-map") against each
 * SMMU found. Results are checked against the documented contracts; a
 * violation aborts.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libfdt.h>

#include <smmuv3/err.h>
#include <smmuv3/fdt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SMMUS 4
#define MAX_NODES 64

#define check(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			fprintf(stderr, "fuzz_fdt:%d: property failed: %s\n", \
				__LINE__, #c);                                \
			abort();                                              \
		}                                                             \
	} while (0)

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
			check(smmuv3_fdt_smmu_by_phandle(fdt, iommu, &smmu) <=
			      0);
	}
}

/*
 * A buffer of @len bytes ending at a page boundary, followed by a
 * PROT_NONE page; *@map and *@maplen receive the mapping to unmap.
 */
static uint8_t *guarded(size_t len, void **map, size_t *maplen)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t data_pages = (len + pg - 1) / pg;
	uint8_t *m;

	if (!data_pages)
		data_pages = 1;
	*maplen = (data_pages + 1) * pg;
	m = mmap(NULL, *maplen, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		abort();
	if (mprotect(m + data_pages * pg, pg, PROT_NONE) != 0)
		abort();
	*map = m;
	return m + data_pages * pg - len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t phandles[MAX_SMMUS];
	unsigned int nsmmu = 0, k, visited = 0;
	struct smmuv3_fdt fdt;
	size_t padded = (size + 7u) & ~(size_t)7u, maplen;
	void *map;
	uint8_t *buf;
	int node = -1, depth = 0, ret;

	if (size > 0x100000)
		return 0;
	buf = guarded(padded, &map, &maplen);
	memcpy(buf, data, size);
	memset(buf + size, 0, padded - size);
	ret = smmuv3_fdt_open(&fdt, buf, padded);
	check(ret == 0 || ret == SMMUV3_EBADMSG);
	if (ret)
		goto out;

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
		for (i = 0; i < SMMUV3_FDT_IRQ_COUNT; i++) {
			check(smmuv3_fdt_irq_name((enum smmuv3_fdt_irq)i) !=
			      NULL);
			if (s.irq[i].present)
				check(s.irq[i].ncells >= 1 &&
				      s.irq[i].ncells <=
					      SMMUV3_FDT_IRQ_MAX_CELLS);
		}
		check(smmuv3_fdt_irq_name(SMMUV3_FDT_IRQ_COUNT) == NULL);
		/* Firmware flags only from the defined set. */
		check((s.fw.flags & ~(uint32_t)SMMUV3_FW_ALL) == 0);
		check(s.base <= UINT64_MAX - s.size + 1);
		check(s.size >= SMMUV3_FDT_MIN_REG_SIZE_PAGE0);
		phandles[nsmmu++] = s.phandle;
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
	munmap(map, maplen);
	return 0;
}
