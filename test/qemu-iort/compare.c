// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host side of the QEMU comparison: the same virt machine described twice,
 * by the IORT QEMU builds (dumped over the UART by fwcfg_dump.c) and by the
 * device tree it dumps (-machine dumpdtb=...). Both go through the
 * library's discovery paths, which must agree: one SMMUv3, same base
 * address and window, same firmware flags, the same four interrupts
 * (GSIV = GIC SPI number + 32), and for each edu device the same SMMU and
 * the same StreamID. It also checks the IORT's own root complex mapping
 * boundary: the first RID of the mapping that bypasses the SMMU (to the
 * ITS) must not reach the SMMU, whatever the QEMU version's ID count
 * (QEMU 7.2 writes one too many; the overlap rule of smmuv3_iort_map_id()
 * handles it).
 *
 * usage: qemu_iort_compare <uart-log> <dtb>
 * Exit status 0 on agreement; 1 with "FAIL: ..." lines otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/fdt.h>
#include <smmuv3/iort.h>

static int failures;

#define expect(c, ...)                                \
	do {                                          \
		if (!(c)) {                           \
			printf("FAIL: " __VA_ARGS__); \
			printf("\n");                 \
			failures++;                   \
		}                                     \
	} while (0)

static uint8_t iort_buf[65536];
static size_t iort_len;
static uint32_t rids[32];
static size_t nrids;

static int read_log(const char *path)
{
	char line[512];
	size_t want = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "IORT-LEN ", 9)) {
			want = strtoul(line + 9, NULL, 10);
		} else if (!strncmp(line, "IORT-HEX ", 9)) {
			const char *p = line + 9;

			while (p[0] && p[1] && p[0] != '\n' &&
			       iort_len < sizeof(iort_buf)) {
				char b[3] = {p[0], p[1], 0};

				iort_buf[iort_len++] =
					(uint8_t)strtoul(b, NULL, 16);
				p += 2;
			}
		} else if (!strncmp(line, "EDU-RID ", 8) && nrids < 32) {
			rids[nrids++] = (uint32_t)strtoul(line + 8, NULL, 16);
		}
	}
	fclose(f);
	if (!want || want != iort_len) {
		printf("FAIL: IORT dump incomplete (%zu of %zu bytes)\n",
		       iort_len, want);
		return -1;
	}
	return 0;
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		if (f)
			fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The DT's PCI host bridge: the node with "iommu-map". */
static int find_bridge(const struct smmuv3_fdt *fdt)
{
	int node;

	for (node = fdt_next_node(fdt->blob, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt->blob, node, NULL))
		if (fdt_getprop(fdt->blob, node, "iommu-map", NULL))
			return node;
	return -1;
}

static const struct {
	enum smmuv3_iort_irq iort;
	enum smmuv3_fdt_irq dt;
} irq_pairs[] = {
	{SMMUV3_IORT_IRQ_EVENTQ, SMMUV3_FDT_IRQ_EVENTQ},
	{SMMUV3_IORT_IRQ_PRIQ, SMMUV3_FDT_IRQ_PRIQ},
	{SMMUV3_IORT_IRQ_GERROR, SMMUV3_FDT_IRQ_GERROR},
	{SMMUV3_IORT_IRQ_CMDQ_SYNC, SMMUV3_FDT_IRQ_CMDQ_SYNC},
};

/* GSIV of a DT GIC specifier <type number flags>: SPI n is GSIV n + 32. */
static uint32_t dt_gsiv(const struct smmuv3_fdt_irq_spec *s)
{
	if (!s->present || s->ncells < 2)
		return 0;
	return s->cells[0] == 0 ? s->cells[1] + 32u : s->cells[1] + 16u;
}

int main(int argc, char **argv)
{
	struct smmuv3_iort iort;
	struct smmuv3_iort_smmu is;
	struct smmuv3_iort_rc rc;
	struct smmuv3_iort_node rcn;
	struct smmuv3_iort_idmap m;
	struct smmuv3_fdt fdt;
	struct smmuv3_fdt_smmu ds;
	uint32_t inode, i, iommu, sid, ph, dsid;
	int dnode = -1, bridge, ret, dn;
	size_t dtb_len = 0;
	void *dtb;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <uart-log> <dtb>\n", argv[0]);
		return 2;
	}
	if (read_log(argv[1]))
		return 1;
	dtb = read_file(argv[2], &dtb_len);
	if (!dtb)
		return 1;

	/* fw_cfg's copy: checksums are left to the firmware's loader. */
	ret = smmuv3_iort_open(&iort, iort_buf, iort_len,
			       SMMUV3_IORT_OPEN_NO_CHECKSUM);
	expect(ret == 0, "IORT open: %s", smmuv3_strerror(ret));
	ret = smmuv3_fdt_open(&fdt, dtb, dtb_len);
	expect(ret == 0, "DT open: %s", smmuv3_strerror(ret));
	if (failures)
		return 1;
	printf("IORT revision %u, %u nodes; %zu edu device(s)\n", iort.revision,
	       iort.nodes, nrids);

	expect(smmuv3_iort_next_smmu(&iort, 0, &inode) == 0, "no IORT SMMUv3");
	expect(smmuv3_iort_next_smmu(&iort, inode, &i) == SMMUV3_ENOENT,
	       "more than one IORT SMMUv3");
	expect(smmuv3_fdt_next_smmu(&fdt, -1, &dnode) == 0, "no DT SMMUv3");
	if (failures)
		return 1;
	expect(smmuv3_iort_parse_smmu(&iort, inode, &is) == 0,
	       "IORT SMMUv3 node");
	expect(smmuv3_fdt_parse_smmu(&fdt, dnode, &ds) == 0, "DT SMMUv3 node");
	if (failures)
		return 1;
	printf("SMMUv3: IORT base 0x%llx size 0x%llx fw 0x%x; DT base 0x%llx "
	       "size 0x%llx fw 0x%x\n",
	       (unsigned long long)is.base, (unsigned long long)is.size,
	       is.fw.flags, (unsigned long long)ds.base,
	       (unsigned long long)ds.size, ds.fw.flags);
	expect(is.base == ds.base, "base differs");
	expect(is.size == ds.size, "window size differs");
	expect(is.fw.flags == ds.fw.flags && is.fw.fw_httu == ds.fw.fw_httu,
	       "firmware flags differ");
	for (i = 0; i < 4; i++) {
		uint32_t a = is.gsiv[irq_pairs[i].iort];
		uint32_t b = dt_gsiv(&ds.irq[irq_pairs[i].dt]);

		printf("  irq %-9s IORT GSIV %u, DT GSIV %u\n",
		       smmuv3_iort_irq_name(irq_pairs[i].iort), a, b);
		expect(a == b, "irq %s differs",
		       smmuv3_iort_irq_name(irq_pairs[i].iort));
	}

	/* Each edu device: same SMMU, same StreamID on both paths. */
	bridge = find_bridge(&fdt);
	expect(bridge >= 0, "DT has no iommu-map");
	expect(nrids > 0, "no edu device found by the guest");
	for (i = 0; i < nrids && bridge >= 0; i++) {
		ret = smmuv3_iort_map_rid(&iort, 0, rids[i], &iommu, &sid);
		expect(ret == 0, "IORT map RID 0x%x: %s", rids[i],
		       smmuv3_strerror(ret));
		ret = smmuv3_fdt_map_rid(&fdt, bridge, rids[i], &ph, &dsid);
		expect(ret == 0, "DT map RID 0x%x: %s", rids[i],
		       smmuv3_strerror(ret));
		ret = smmuv3_fdt_smmu_by_phandle(&fdt, ph, &dn);
		expect(ret == 0 && dn == dnode, "DT RID 0x%x: other SMMU",
		       rids[i]);
		expect(iommu == inode, "IORT RID 0x%x: other SMMU", rids[i]);
		expect(sid == dsid, "RID 0x%x: IORT StreamID 0x%x, DT 0x%x",
		       rids[i], sid, dsid);
		printf("edu RID 0x%04x: IORT StreamID 0x%x on SMMU @0x%llx, "
		       "DT StreamID 0x%x\n",
		       rids[i], sid, (unsigned long long)is.base, dsid);
	}

	/*
	 * The root complex's mappings: the first one goes to the SMMU, the
	 * next (bypass) one to the ITS. Its first RID must not reach the
	 * SMMU: with QEMU 7.2's count (one too many) only the overlap rule
	 * makes it so.
	 */
	expect(smmuv3_iort_find_rc(&iort, 0, &rc) == 0, "no root complex");
	expect(smmuv3_iort_get_node(&iort, rc.node, &rcn) == 0, "RC node");
	expect(rcn.nmappings >= 2, "RC has %u mappings", rcn.nmappings);
	if (!failures) {
		struct smmuv3_iort_idmap first;

		expect(smmuv3_iort_get_idmap(&iort, rc.node, 0, &first) == 0 &&
			       first.output_ref == inode,
		       "first RC mapping is not to the SMMU");
		expect(smmuv3_iort_get_idmap(&iort, rc.node, 1, &m) == 0,
		       "second RC mapping");
		printf("RC mapping 0: RIDs 0x%x..0x%llx -> SMMU; mapping 1: "
		       "RIDs from 0x%x -> node 0x%x%s\n",
		       first.input_base,
		       (unsigned long long)(first.input_base + first.count -
					    1u),
		       m.input_base, m.output_ref,
		       first.input_base + first.count - 1u >= m.input_base
			       ? " (overlap: the ID count is one too large)"
			       : "");
		ret = smmuv3_iort_map_rid(&iort, 0, m.input_base, &iommu, &sid);
		expect(ret == SMMUV3_ENODEV,
		       "RID 0x%x should bypass the SMMU: %s", m.input_base,
		       smmuv3_strerror(ret));
		ret = smmuv3_iort_map_rid(&iort, 0, m.input_base - 1u, &iommu,
					  &sid);
		expect(ret == 0 && sid == m.input_base - 1u,
		       "RID 0x%x should reach the SMMU", m.input_base - 1u);
	}
	free(dtb);
	printf(failures ? "IORT and DT paths DISAGREE\n"
			: "IORT and DT paths agree\n");
	return failures ? 1 : 0;
}
