// SPDX-License-Identifier: BSD-2-Clause
/*
 * smmuv3-probe: print what libsmmuv3 would make of an SMMU, without the
 * SMMU. Give the ID register values (read with devmem, from a boot log or
 * iommufd hw_info) or a named preset, plus firmware flags, and it prints the
 * resolved capabilities, the derived sizes, the errata and quirks applied,
 * warnings, or the refusal reason. With --dtb it lists every arm,smmu-v3
 * node of a device tree (registers cannot be read from a DTB: give them
 * with the options or a preset to resolve each node's firmware info; the
 * node's properties, not the preset, then say what the platform is).
 * With --iort it reads an ACPI IORT (e.g. /sys/firmware/acpi/tables/IORT)
 * and prints the same report per SMMUv3 node, then the StreamIDs of root
 * complexes, named components and reserved memory ranges.
 *
 * Exit status: 0 resolved (or DT listed), 1 refused or malformed, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/smmuv3.h>
#ifdef SMMUV3_PROBE_HAVE_FDT
#include <smmuv3/fdt.h>
#endif
#ifdef SMMUV3_PROBE_HAVE_ACPI
#include <smmuv3/iort.h>
#endif

struct preset {
	const char *name;
	const char *what;
	struct smmuv3_idregs regs;
	uint32_t fw_flags;
};

#define ARM_IIDR(prod, var, rev) \
	(((uint32_t)(prod) << 20) | ((var) << 16) | ((rev) << 12) | 0x43bu)

/* Values as documented in test/unit/test_idr.c. */
static const struct preset presets[] = {
	{ "qemu-virt-7.2", "QEMU 7.2 virt SMMUv3 (stage 1, 8-bit VMIDs)",
	  { { 0x0d40101au, 0x02730010u, 0, 0x1404u, 0, 0x74u }, 0, 1 },
	  SMMUV3_FW_COHERENT },
	{ "qemu-virt", "QEMU virt SMMUv3, stage=1 (8.1 and later)",
	  { { 0x0d44101au, 0x02730010u, 0, 0x1404u, 0, 0x74u }, 0, 1 },
	  SMMUV3_FW_COHERENT },
	{ "qemu-virt-s2", "QEMU virt SMMUv3, stage=2",
	  { { 0x0d441019u, 0x02730010u, 0, 0x1414u, 0, 0x74u }, 0, 1 },
	  SMMUV3_FW_COHERENT },
	{ "qemu-virt-nested", "QEMU virt SMMUv3, stage=nested",
	  { { 0x0d44101bu, 0x02730010u, 0, 0x1414u, 0, 0x74u }, 0, 1 },
	  SMMUV3_FW_COHERENT },
	{ "mmu-600", "Arm MMU-600 r0p0 (full configuration)",
	  { { 0x081ff6bfu, 0x0e739d18u, 0, 0x4u, 0, 0x00800075u },
	    ARM_IIDR(0x483u, 0u, 0u), 1 },
	  SMMUV3_FW_COHERENT },
	{ "mmu-700", "Arm MMU-700 r0p0 (full configuration)",
	  { { 0x081ff6bfu, 0x0e739d18u, 0, 0x1404u, 0, 0x00800476u },
	    ARM_IIDR(0x487u, 0u, 0u), 2 },
	  SMMUV3_FW_COHERENT },
	{ "mmu-s3", "Arm MMU-S3 r1p1 (full configuration)",
	  { { 0x081ff6ffu, 0x0e739d18u, 0, 0x1504u, 0, 0x008004f6u },
	    ARM_IIDR(0x498u, 1u, 1u), 3 },
	  SMMUV3_FW_COHERENT },
};

static const struct {
	uint64_t bit;
	const char *name;
} feat_names[] = {
	{ SMMUV3_FEAT_2LVL_STRTAB, "2lvl-strtab" },
	{ SMMUV3_FEAT_2LVL_CDTAB, "2lvl-cdtab" },
	{ SMMUV3_FEAT_TT_LE, "tt-le" },
	{ SMMUV3_FEAT_TT_BE, "tt-be" },
	{ SMMUV3_FEAT_PRI, "pri" },
	{ SMMUV3_FEAT_ATS, "ats" },
	{ SMMUV3_FEAT_SEV, "sev" },
	{ SMMUV3_FEAT_MSI, "msi" },
	{ SMMUV3_FEAT_COHERENCY, "coherency" },
	{ SMMUV3_FEAT_TRANS_S1, "s1" },
	{ SMMUV3_FEAT_TRANS_S2, "s2" },
	{ SMMUV3_FEAT_STALLS, "stalls" },
	{ SMMUV3_FEAT_HYP, "hyp" },
	{ SMMUV3_FEAT_STALL_FORCE, "stall-force" },
	{ SMMUV3_FEAT_VAX, "vax" },
	{ SMMUV3_FEAT_RANGE_INV, "range-inv" },
	{ SMMUV3_FEAT_BTM, "btm" },
	{ SMMUV3_FEAT_E2H, "e2h" },
	{ SMMUV3_FEAT_NESTING, "nesting" },
	{ SMMUV3_FEAT_ATTR_TYPES_OVR, "attr-types-ovr" },
	{ SMMUV3_FEAT_HA, "ha" },
	{ SMMUV3_FEAT_HD, "hd" },
	{ SMMUV3_FEAT_S2FWB, "s2fwb" },
	{ SMMUV3_FEAT_BBML2, "bbml2" },
	{ SMMUV3_FEAT_HAFT, "haft" },
	{ SMMUV3_FEAT_DS, "ds" },
	{ SMMUV3_FEAT_ATTR_PERMS_OVR, "attr-perms-ovr" },
	{ SMMUV3_FEAT_TERM_MODEL, "term-model" },
	{ SMMUV3_FEAT_XNX, "xnx" },
	{ SMMUV3_FEAT_GRAN4K, "gran4k" },
	{ SMMUV3_FEAT_GRAN16K, "gran16k" },
	{ SMMUV3_FEAT_GRAN64K, "gran64k" },
	{ SMMUV3_FEAT_ECMDQ, "ecmdq" },
	{ SMMUV3_FEAT_ASID16, "asid16" },
	{ SMMUV3_FEAT_VMID16, "vmid16" },
};

static const struct {
	uint32_t bit;
	const char *name;
} opt_names[] = {
	{ SMMUV3_OPT_SKIP_PREFETCH, "skip-prefetch" },
	{ SMMUV3_OPT_PAGE0_REGS_ONLY, "page0-regs-only" },
	{ SMMUV3_OPT_MSIPOLL, "msipoll" },
	{ SMMUV3_OPT_CMDQ_FORCE_SYNC, "cmdq-force-sync" },
	{ SMMUV3_OPT_OVR_INSTCFG_DATA, "ovr-instcfg-data" },
	{ SMMUV3_OPT_FULL_CONT_RANGE_INV, "full-cont-range-inv" },
	{ SMMUV3_OPT_REPEAT_INV, "repeat-inv" },
}, fw_names[] = {
	{ SMMUV3_FW_COHERENT, "coherent" },
	{ SMMUV3_FW_HTTU_OVERRIDE, "httu-override" },
	{ SMMUV3_FW_QUIRK_BROKEN_PREFETCH, "broken-prefetch" },
	{ SMMUV3_FW_QUIRK_PAGE0_ONLY, "page0-only" },
	{ SMMUV3_FW_INSTDATA_OVERRIDE, "instdata-override" },
	{ SMMUV3_FW_TEGRA264, "tegra264" },
	{ SMMUV3_FW_HOST_VHE, "host-vhe" },
	{ SMMUV3_FW_HOST_BE, "host-be" },
	{ SMMUV3_FW_NO_MSIPOLL, "no-msipoll" },
}, warn_names[] = {
	{ SMMUV3_PROBE_WARN_COHACC_MISMATCH, "firmware coherency != IDR0.COHACC" },
	{ SMMUV3_PROBE_WARN_HTTU_MISMATCH, "firmware HTTU != IDR0.HTTU" },
	{ SMMUV3_PROBE_WARN_SID_TRUNCATED, "stream ID space truncated (L1 cap)" },
	{ SMMUV3_PROBE_WARN_STALL_MODEL, "reserved STALL_MODEL" },
	{ SMMUV3_PROBE_WARN_ST_LEVEL, "reserved ST_LEVEL" },
	{ SMMUV3_PROBE_WARN_VAX, "reserved VAX" },
	{ SMMUV3_PROBE_WARN_QUEUE_CAPPED, "queue capped below IDR1 size" },
	{ SMMUV3_PROBE_WARN_OAS_CLAMPED, "56-bit OAS used as 52 bits" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f, const char *argv0)
{
	size_t i;

	fprintf(f,
		"usage: %s [--preset NAME] [--idr0..--idr5 V] [--iidr V] "
		"[--aidr V]\n"
		"          [--coherent] [--httu N] [--vhe] [--be] "
		"[--no-msipoll]\n"
		"          [--va-bits N] [--quirk "
		"page0|prefetch|instdata|tegra264]\n"
		"          [--cmdq-max N] [--evtq-max N] [--priq-max N]\n"
		"          [--dtb FILE] [--iort FILE]\n"
		"presets:\n",
		argv0);
	for (i = 0; i < N(presets); i++)
		fprintf(f, "  %-18s %s\n", presets[i].name, presets[i].what);
}

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s || v > 0xffffffffull)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static void print_caps(const struct smmuv3_caps *c)
{
	static const char *const gran[SMMUV3_GRANULE_COUNT] = { "4K", "16K",
								"64K" };
	unsigned int i;

	printf("  SMMUv%u.%u  IIDR implementer 0x%03x product 0x%03x r%up%u\n",
	       c->arch_major, c->arch_minor, c->iidr_implementer,
	       c->iidr_product, c->iidr_variant, c->iidr_revision);
	printf("  features:");
	for (i = 0; i < N(feat_names); i++)
		if (c->features & feat_names[i].bit)
			printf(" %s", feat_names[i].name);
	printf("\n  options:");
	for (i = 0; i < N(opt_names); i++)
		if (c->options & opt_names[i].bit)
			printf(" %s", opt_names[i].name);
	printf("\n  asid %u bits, vmid %u bits, sid %u bits, ssid %u bits\n",
	       c->asid_bits, c->vmid_bits, c->sid_bits, c->ssid_bits);
	printf("  oas %u; stage 1 ias/oas %u/%u; stage 2 ias/oas %u/%u\n",
	       c->oas_bits, c->s1_ias_bits, c->s1_oas_bits, c->s2_ias_bits,
	       c->s2_oas_bits);
	printf("  queues (log2 entries): cmdq %u evtq %u priq %u\n",
	       c->cmdq_shift, c->evtq_shift, c->priq_shift);
	printf("  stall model %u, stall max %u, httu %u, bbml %u\n",
	       c->stall_model, c->stall_max, c->httu, c->bbml);
	if (c->strtab_2lvl)
		printf("  stream table: 2-level, split %u, %u L1 entries, "
		       "LOG2SIZE %u\n",
		       c->strtab_split, c->strtab_l1_entries,
		       c->strtab_log2size);
	else
		printf("  stream table: linear, LOG2SIZE %u\n",
		       c->strtab_log2size);
	for (i = 0; i < SMMUV3_GRANULE_COUNT; i++)
		if (c->pgsize[i])
			printf("  granule %-3s page sizes 0x%llx\n", gran[i],
			       (unsigned long long)c->pgsize[i]);
	printf("  errata/quirks applied:%s\n", c->errata ? "" : " none");
	for (i = 0; i < smmuv3_errata_count(); i++)
		if (c->errata & (1ull << i))
			printf("    [%2u] %s: %s\n", i,
			       smmuv3_errata_name(smmuv3_errata_row(i)),
			       smmuv3_errata_reason(smmuv3_errata_row(i)));
}

static int resolve_and_print(const struct smmuv3_idregs *regs,
			     const struct smmuv3_fw_info *fw,
			     const struct smmuv3_probe_limits *lim)
{
	struct smmuv3_probe_report rep;
	struct smmuv3_caps caps;
	unsigned int i;
	int ret;

	printf("  IDR0 0x%08x IDR1 0x%08x IDR3 0x%08x IDR5 0x%08x IIDR 0x%08x "
	       "AIDR 0x%08x\n",
	       regs->idr[0], regs->idr[1], regs->idr[3], regs->idr[5],
	       regs->iidr, regs->aidr);
	printf("  firmware flags:");
	for (i = 0; i < N(fw_names); i++)
		if (fw->flags & fw_names[i].bit)
			printf(" %s", fw_names[i].name);
	printf("\n");
	ret = smmuv3_idr_resolve(regs, fw, lim, &caps, &rep);
	for (i = 0; i < N(warn_names); i++)
		if (rep.warnings & warn_names[i].bit)
			printf("  warning: %s\n", warn_names[i].name);
	if (ret) {
		printf("  REFUSED: %s (%s), value 0x%x\n",
		       smmuv3_idr_refusal_name(rep.reason),
		       smmuv3_strerror(ret), rep.detail);
		return 1;
	}
	print_caps(&caps);
	return 0;
}

/* The firmware flags of one SMMU description, resolved if registers given. */
static int report_fw(bool have_regs, const struct smmuv3_idregs *regs,
		     const struct smmuv3_fw_info *fw_cli,
		     const struct smmuv3_fw_info *fw_node,
		     const struct smmuv3_probe_limits *lim)
{
	struct smmuv3_fw_info fw = *fw_cli;
	unsigned int i;

	fw.flags |= fw_node->flags;
	if (fw_node->flags & SMMUV3_FW_HTTU_OVERRIDE)
		fw.fw_httu = fw_node->fw_httu;
	if (have_regs)
		return resolve_and_print(regs, &fw, lim);
	printf("  firmware flags:");
	for (i = 0; i < N(fw_names); i++)
		if (fw.flags & fw_names[i].bit)
			printf(" %s", fw_names[i].name);
	printf("\n  (give --preset or --idrN to resolve)\n");
	return 0;
}

static void *read_file(const char *path, size_t *size)
{
	void *buf;
	long len;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	/* malloc's alignment satisfies libfdt's 8-byte requirement. */
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*size = (size_t)len;
	return buf;
}

#ifdef SMMUV3_PROBE_HAVE_FDT
static int do_dtb(const char *path, bool have_regs,
		  const struct smmuv3_idregs *regs,
		  const struct smmuv3_fw_info *fw_cli,
		  const struct smmuv3_probe_limits *lim)
{
	struct smmuv3_fdt fdt;
	size_t len = 0;
	void *blob = read_file(path, &len);
	int node = -1, ret, status = 0, count = 0;
	unsigned int i, k;

	if (!blob)
		return 1;
	ret = smmuv3_fdt_open(&fdt, blob, len);
	if (ret) {
		printf("%s: %s\n", path, smmuv3_strerror(ret));
		free(blob);
		return 1;
	}
	while (smmuv3_fdt_next_smmu(&fdt, node, &node) == 0) {
		struct smmuv3_fdt_smmu s;

		count++;
		ret = smmuv3_fdt_parse_smmu(&fdt, node, &s);
		if (ret) {
			printf("arm,smmu-v3 node at offset %d: %s\n", node,
			       smmuv3_strerror(ret));
			status = 1;
			continue;
		}
		printf("arm,smmu-v3 @ 0x%llx size 0x%llx phandle %u\n",
		       (unsigned long long)s.base,
		       (unsigned long long)s.size, s.phandle);
		for (i = 0; i < SMMUV3_FDT_IRQ_COUNT; i++) {
			if (!s.irq[i].present)
				continue;
			printf("  irq %-9s <", smmuv3_fdt_irq_name(i));
			for (k = 0; k < s.irq[i].ncells; k++)
				printf("%s%u", k ? " " : "", s.irq[i].cells[k]);
			printf("> (controller phandle %u)\n",
			       s.irq[i].controller);
		}
		if (s.has_msi_parent)
			printf("  msi-parent phandle %u\n", s.msi_parent);
		if (report_fw(have_regs, regs, fw_cli, &s.fw, lim))
			status = 1;
	}
	if (!count)
		printf("%s: no arm,smmu-v3 node\n", path);
	free(blob);
	return status;
}
#endif

#ifdef SMMUV3_PROBE_HAVE_ACPI
static const char *const node_names[] = {"its-group",	 "named-component",
					 "root-complex", "smmu-v1v2",
					 "smmu-v3",	 "pmcg",
					 "rmr"};

/* StreamIDs a node's mappings give on each SMMUv3, as ranges. */
static int print_sids(const struct smmuv3_iort *iort, uint32_t node)
{
	uint32_t smmu = 0, sids[256];
	size_t n, i, run;
	int ret, status = 0;

	while (smmuv3_iort_next_smmu(iort, smmu, &smmu) == 0) {
		ret = smmuv3_iort_master_sids(iort, node, smmu, sids, N(sids),
					      &n);
		if (ret && ret != SMMUV3_E2BIG) {
			printf("    StreamIDs: %s\n", smmuv3_strerror(ret));
			return 1;
		}
		if (!n)
			continue;
		printf("    on SMMUv3 node 0x%x: %zu StreamID(s)", smmu, n);
		for (i = 0; i < n && i < N(sids); i += run) {
			for (run = 1; i + run < n && i + run < N(sids) &&
				      sids[i + run] == sids[i] + run;
			     run++)
				;
			if (run > 1)
				printf(" 0x%x-0x%x", sids[i],
				       sids[i] + (uint32_t)run - 1u);
			else
				printf(" 0x%x", sids[i]);
		}
		printf("%s\n", n > N(sids) ? " ..." : "");
	}
	return status;
}

/* An RMR node's memory ranges, found through its first StreamID. */
static void print_rmr(const struct smmuv3_iort *iort, uint32_t node)
{
	struct smmuv3_iort_rmr_range r[16];
	uint32_t smmu = 0, sid;
	size_t n, i;
	int ret;

	while (smmuv3_iort_next_smmu(iort, smmu, &smmu) == 0) {
		ret = smmuv3_iort_master_sids(iort, node, smmu, &sid, 1, &n);
		if ((ret && ret != SMMUV3_E2BIG) || !n)
			continue;
		ret = smmuv3_iort_rmr_ranges(iort, smmu, sid, r, N(r), &n);
		if (ret && ret != SMMUV3_E2BIG) {
			printf("    ranges: %s\n", smmuv3_strerror(ret));
			return;
		}
		for (i = 0; i < n && i < N(r); i++)
			if (r[i].node == node)
				printf("    range 0x%llx size 0x%llx flags "
				       "0x%x\n",
				       (unsigned long long)r[i].base,
				       (unsigned long long)r[i].length,
				       r[i].flags);
		return;
	}
}

static int do_iort(const char *path, bool have_regs,
		   const struct smmuv3_idregs *regs,
		   const struct smmuv3_fw_info *fw_cli,
		   const struct smmuv3_probe_limits *lim)
{
	struct smmuv3_iort iort;
	struct smmuv3_iort_node n;
	size_t len = 0;
	uint8_t *tbl = read_file(path, &len);
	uint32_t prev = 0, node = 0, i;
	int ret, status = 0, count = 0;

	if (!tbl)
		return 1;
	ret = smmuv3_iort_open(&iort, tbl, len, 0);
	if (ret == SMMUV3_EBADMSG &&
	    !smmuv3_iort_open(&iort, tbl, len, SMMUV3_IORT_OPEN_NO_CHECKSUM)) {
		/* As QEMU serves it over fw_cfg: the loader sets checksums. */
		printf("%s: warning: checksum does not sum to zero\n", path);
		ret = 0;
	}
	if (ret) {
		printf("%s: %s\n", path, smmuv3_strerror(ret));
		free(tbl);
		return 1;
	}
	printf("IORT revision %u, %u nodes\n", iort.revision, iort.nodes);
	while (smmuv3_iort_next_smmu(&iort, node, &node) == 0) {
		struct smmuv3_iort_smmu s;

		count++;
		ret = smmuv3_iort_parse_smmu(&iort, node, &s);
		if (ret) {
			printf("SMMUv3 node at offset 0x%x: %s\n", node,
			       smmuv3_strerror(ret));
			status = 1;
			continue;
		}
		printf("arm,smmu-v3 @ 0x%llx size 0x%llx iort-node 0x%x\n",
		       (unsigned long long)s.base, (unsigned long long)s.size,
		       node);
		for (i = 0; i < SMMUV3_IORT_IRQ_COUNT; i++)
			if (s.gsiv[i])
				printf("  irq %-9s gsiv %u\n",
				       smmuv3_iort_irq_name(i), s.gsiv[i]);
		printf("  model %u, identifier %u", s.model, s.identifier);
		if (s.has_pxm)
			printf(", proximity domain %u", s.pxm);
		if (s.has_devid_index)
			printf(", DeviceID mapping %u", s.devid_index);
		printf("\n");
		if (report_fw(have_regs, regs, fw_cli, &s.fw, lim))
			status = 1;
	}
	if (!count)
		printf("%s: no SMMUv3 node\n", path);
	while (smmuv3_iort_next_node(&iort, prev, &n) == 0) {
		prev = n.offset;
		if (n.type == SMMUV3_IORT_NODE_ROOT_COMPLEX) {
			struct smmuv3_iort_rc rc;

			if (smmuv3_iort_parse_rc(&iort, n.offset, &rc))
				continue;
			printf("%s node 0x%x: PCI segment %u, ATS attribute "
			       "0x%x\n",
			       node_names[n.type], n.offset, rc.segment,
			       rc.ats);
		} else if (n.type == SMMUV3_IORT_NODE_NAMED_COMPONENT) {
			/* The open checked the name is NUL-terminated. */
			printf("%s node 0x%x: %s\n", node_names[n.type],
			       n.offset, (const char *)tbl + n.offset + 29);
		} else if (n.type == SMMUV3_IORT_NODE_RMR) {
			printf("%s node 0x%x\n", node_names[n.type], n.offset);
			print_rmr(&iort, n.offset);
		} else {
			continue;
		}
		if (print_sids(&iort, n.offset))
			status = 1;
	}
	free(tbl);
	return status;
}
#endif

int main(int argc, char **argv)
{
	struct smmuv3_idregs regs;
	struct smmuv3_fw_info fw = { 0, 0, 0 };
	struct smmuv3_probe_limits lim = { 0, 0, 0 };
	const char *dtb = NULL, *iort = NULL;
	bool have_regs = false;
	uint32_t preset_fw = 0; /* a preset's platform flags: not for a DTB */
	int i;

	memset(&regs, 0, sizeof(regs));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint32_t x = 0;
		size_t k;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout, argv[0]);
			return 0;
		} else if (!strcmp(a, "--coherent")) {
			fw.flags |= SMMUV3_FW_COHERENT;
		} else if (!strcmp(a, "--vhe")) {
			fw.flags |= SMMUV3_FW_HOST_VHE;
		} else if (!strcmp(a, "--be")) {
			fw.flags |= SMMUV3_FW_HOST_BE;
		} else if (!strcmp(a, "--no-msipoll")) {
			fw.flags |= SMMUV3_FW_NO_MSIPOLL;
		} else if (!v) {
			usage(stderr, argv[0]);
			return 2;
		} else if (!strcmp(a, "--preset")) {
			for (k = 0; k < N(presets); k++)
				if (!strcmp(v, presets[k].name))
					break;
			if (k == N(presets)) {
				fprintf(stderr, "unknown preset %s\n", v);
				usage(stderr, argv[0]);
				return 2;
			}
			regs = presets[k].regs;
			preset_fw = presets[k].fw_flags;
			have_regs = true;
			i++;
		} else if (!strcmp(a, "--dtb")) {
			dtb = v;
			i++;
		} else if (!strcmp(a, "--iort")) {
			iort = v;
			i++;
		} else if (!strcmp(a, "--quirk")) {
			if (!strcmp(v, "page0"))
				fw.flags |= SMMUV3_FW_QUIRK_PAGE0_ONLY;
			else if (!strcmp(v, "prefetch"))
				fw.flags |= SMMUV3_FW_QUIRK_BROKEN_PREFETCH;
			else if (!strcmp(v, "instdata"))
				fw.flags |= SMMUV3_FW_INSTDATA_OVERRIDE;
			else if (!strcmp(v, "tegra264"))
				fw.flags |= SMMUV3_FW_TEGRA264;
			else {
				fprintf(stderr, "unknown quirk %s\n", v);
				return 2;
			}
			i++;
		} else {
			static const char *const reg_opts[8] = {
				"--idr0", "--idr1", "--idr2", "--idr3",
				"--idr4", "--idr5", "--iidr", "--aidr",
			};
			uint32_t *reg_dst[8] = {
				&regs.idr[0], &regs.idr[1], &regs.idr[2],
				&regs.idr[3], &regs.idr[4], &regs.idr[5],
				&regs.iidr, &regs.aidr,
			};

			if (parse_u32(v, &x)) {
				fprintf(stderr, "bad number %s for %s\n", v, a);
				return 2;
			}
			i++;
			for (k = 0; k < 8; k++)
				if (!strcmp(a, reg_opts[k]))
					break;
			if (k < 8) {
				*reg_dst[k] = x;
				have_regs = true;
			} else if (!strcmp(a, "--httu") && x <= 255) {
				fw.flags |= SMMUV3_FW_HTTU_OVERRIDE;
				fw.fw_httu = (uint8_t)x;
			} else if (!strcmp(a, "--va-bits") && x <= 255) {
				fw.host_va_bits = (uint8_t)x;
			} else if (!strcmp(a, "--cmdq-max") && x <= 255) {
				lim.cmdq_max_shift = (uint8_t)x;
			} else if (!strcmp(a, "--evtq-max") && x <= 255) {
				lim.evtq_max_shift = (uint8_t)x;
			} else if (!strcmp(a, "--priq-max") && x <= 255) {
				lim.priq_max_shift = (uint8_t)x;
			} else {
				fprintf(stderr, "unknown option %s\n", a);
				usage(stderr, argv[0]);
				return 2;
			}
		}
	}
	if (dtb) {
#ifdef SMMUV3_PROBE_HAVE_FDT
		return do_dtb(dtb, have_regs, &regs, &fw, &lim);
#else
		fprintf(stderr, "built without device-tree support\n");
		return 2;
#endif
	}
	if (iort) {
#ifdef SMMUV3_PROBE_HAVE_ACPI
		return do_iort(iort, have_regs, &regs, &fw, &lim);
#else
		fprintf(stderr, "built without ACPI IORT support\n");
		return 2;
#endif
	}
	if (!have_regs) {
		usage(stderr, argv[0]);
		return 2;
	}
	fw.flags |= preset_fw;
	printf("SMMU from registers:\n");
	return resolve_and_print(&regs, &fw, &lim);
}
