// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of device-tree discovery (src/fdt.c). Blobs are built in memory with
 * libfdt's sequential-write API, modelled on QEMU virt's SMMUv3 node (and
 * the arm,smmu-v3 / pci-iommu bindings), then varied one property at a
 * time: every property the parser reads, every error it documents, and a
 * sweep over every truncation of a valid blob.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/fdt.h>

#define BUFSZ 8192
#define PH_INTC 1u
#define PH_SMMU 2u
#define PH_ITS 3u
#define PH_OTHER 4u /* another IOMMU, #iommu-cells = 2 */

enum ptype { P_CELLS, P_STR, P_EMPTY };

struct prop {
	const char *name;
	enum ptype type;
	int n;               /* cells, or string-list bytes */
	uint32_t cells[16];
	const char *str;
};

#define CELLS(nm, ...)                                                  \
	{ .name = (nm), .type = P_CELLS,                                \
	  .n = (int)(sizeof((uint32_t[]){ __VA_ARGS__ }) / 4),          \
	  .cells = { __VA_ARGS__ } }
#define STRS(nm, s) \
	{ .name = (nm), .type = P_STR, .n = (int)sizeof(s), .str = (s) }
#define EMPTY(nm) { .name = (nm), .type = P_EMPTY }

/*
 * QEMU virt: smmuv3@9050000, 0x20000 bytes, SPIs 74..77 (edge, type 1)
 * named eventq, priq, cmdq-sync, gerror; dma-coherent; one-cell IDs.
 */
static const struct prop std_smmu[] = {
	STRS("compatible", "arm,smmu-v3"),
	CELLS("reg", 0x0, 0x09050000, 0x0, 0x20000),
	CELLS("interrupts", 0, 74, 1, 0, 75, 1, 0, 76, 1, 0, 77, 1),
	STRS("interrupt-names", "eventq\0priq\0cmdq-sync\0gerror"),
	EMPTY("dma-coherent"),
	CELLS("#iommu-cells", 1),
	CELLS("phandle", PH_SMMU),
	CELLS("msi-parent", PH_ITS, 0x10),
};
#define NSTD (sizeof(std_smmu) / sizeof(std_smmu[0]))

static _Alignas(8) char blob[BUFSZ];

static void add_prop(void *f, const struct prop *p)
{
	uint32_t be[16];
	int i;

	switch (p->type) {
	case P_CELLS:
		for (i = 0; i < p->n; i++)
			be[i] = cpu_to_fdt32(p->cells[i]);
		assert_int_equal(fdt_property(f, p->name, be, p->n * 4), 0);
		break;
	case P_STR:
		assert_int_equal(fdt_property(f, p->name, p->str, p->n), 0);
		break;
	case P_EMPTY:
		assert_int_equal(fdt_property(f, p->name, NULL, 0), 0);
		break;
	}
}

static void add_node(void *f, const char *name, const struct prop *props,
		     size_t n)
{
	size_t i;

	assert_int_equal(fdt_begin_node(f, name), 0);
	for (i = 0; i < n; i++)
		if (props[i].name)
			add_prop(f, &props[i]);
	assert_int_equal(fdt_end_node(f), 0);
}

/*
 * / { #address-cells = 2; #size-cells = 2; interrupt-parent = <&intc>;
 *     intc { phandle 1; #interrupt-cells 3 } its { phandle 3 }
 *     other-iommu { phandle 4; #iommu-cells 2 }
 *     <smmu node from @smmu> <extra nodes> }
 * @root_cells: #address-cells/#size-cells of the root (0: omitted).
 */
static void build(const struct prop *smmu, size_t nsmmu, uint32_t ac,
		  uint32_t sc, void (*extra)(void *f))
{
	static const struct prop intc[] = {
		CELLS("phandle", PH_INTC),
		CELLS("#interrupt-cells", 3),
		EMPTY("interrupt-controller"),
	};
	static const struct prop its[] = {
		CELLS("phandle", PH_ITS),
		EMPTY("msi-controller"),
	};
	static const struct prop other[] = {
		STRS("compatible", "vendor,other-iommu"),
		CELLS("phandle", PH_OTHER),
		CELLS("#iommu-cells", 2),
	};
	void *f = blob;

	memset(blob, 0, sizeof(blob));
	assert_int_equal(fdt_create(f, BUFSZ), 0);
	assert_int_equal(fdt_finish_reservemap(f), 0);
	assert_int_equal(fdt_begin_node(f, ""), 0);
	if (ac)
		assert_int_equal(fdt_property_cell(f, "#address-cells", ac), 0);
	if (sc)
		assert_int_equal(fdt_property_cell(f, "#size-cells", sc), 0);
	assert_int_equal(fdt_property_cell(f, "interrupt-parent", PH_INTC), 0);
	add_node(f, "intc@8000000", intc, 3);
	add_node(f, "its@8080000", its, 2);
	add_node(f, "iommu@1000", other, 3);
	if (smmu)
		add_node(f, "smmuv3@9050000", smmu, nsmmu);
	if (extra)
		extra(f);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_finish(f), 0);
}

static void open_blob(struct smmuv3_fdt *fdt)
{
	assert_int_equal(smmuv3_fdt_open(fdt, blob, fdt_totalsize(blob)), 0);
}

/* Parse the single SMMU node of the current blob. */
static int parse_only(struct smmuv3_fdt_smmu *s)
{
	struct smmuv3_fdt fdt;
	int node;

	open_blob(&fdt);
	assert_int_equal(smmuv3_fdt_next_smmu(&fdt, -1, &node), 0);
	return smmuv3_fdt_parse_smmu(&fdt, node, s);
}

/* std_smmu with property @name replaced by @with (or removed if NULL). */
static int parse_variant(const char *name, const struct prop *with,
			 struct smmuv3_fdt_smmu *s)
{
	struct prop p[NSTD + 1];
	size_t i, n = 0;
	bool replaced = false;

	for (i = 0; i < NSTD; i++) {
		if (!strcmp(std_smmu[i].name, name)) {
			replaced = true;
			if (with)
				p[n++] = *with;
		} else {
			p[n++] = std_smmu[i];
		}
	}
	if (!replaced && with)
		p[n++] = *with;
	build(p, n, 2, 2, NULL);
	return parse_only(s);
}

static void test_qemu_virt(void **state)
{
	struct smmuv3_fdt fdt;
	struct smmuv3_fdt_smmu s;
	int node, next;

	(void)state;
	build(std_smmu, NSTD, 2, 2, NULL);
	open_blob(&fdt);
	assert_int_equal(smmuv3_fdt_next_smmu(&fdt, -1, &node), 0);
	assert_int_equal(smmuv3_fdt_parse_smmu(&fdt, node, &s), 0);
	assert_int_equal(s.node, node);
	assert_int_equal(s.phandle, PH_SMMU);
	assert_true(s.base == 0x09050000u);
	assert_true(s.size == 0x20000u);
	assert_int_equal(s.irq_parent, PH_INTC);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].controller, PH_INTC);
	assert_int_equal(s.fw.flags, SMMUV3_FW_COHERENT);
	assert_true(s.has_msi_parent);
	assert_int_equal(s.msi_parent, PH_ITS);
	/* Names in blob order: eventq 74, priq 75, cmdq-sync 76, gerror 77. */
	assert_true(s.irq[SMMUV3_FDT_IRQ_EVENTQ].present);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].ncells, 3);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].cells[1], 74);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_PRIQ].cells[1], 75);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_CMDQ_SYNC].cells[1], 76);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_GERROR].cells[1], 77);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_GERROR].cells[2], 1);
	assert_false(s.irq[SMMUV3_FDT_IRQ_COMBINED].present);
	/* Only one SMMU. */
	assert_int_equal(smmuv3_fdt_next_smmu(&fdt, node, &next),
			 SMMUV3_ENOENT);
	/* Not an SMMU node: the root. */
	assert_int_equal(smmuv3_fdt_parse_smmu(&fdt, 0, &s), SMMUV3_ENODEV);
	assert_string_equal(smmuv3_fdt_irq_name(SMMUV3_FDT_IRQ_CMDQ_SYNC),
			    "cmdq-sync");
	assert_null(smmuv3_fdt_irq_name(SMMUV3_FDT_IRQ_COUNT));
}

static void test_quirks(void **state)
{
	static const struct {
		struct prop p;
		uint32_t flag;
	} cases[] = {
		{ EMPTY("hisilicon,broken-prefetch-cmd"),
		  SMMUV3_FW_QUIRK_BROKEN_PREFETCH },
		{ EMPTY("cavium,cn9900-broken-page1-regspace"),
		  SMMUV3_FW_QUIRK_PAGE0_ONLY },
		{ EMPTY("arm,instdata-override"), SMMUV3_FW_INSTDATA_OVERRIDE },
		{ STRS("compatible", "nvidia,tegra264-smmu\0arm,smmu-v3"),
		  SMMUV3_FW_TEGRA264 },
	};
	struct smmuv3_fdt_smmu s;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_variant(cases[i].p.name, &cases[i].p,
					       &s), 0);
		assert_int_equal(s.fw.flags,
				 SMMUV3_FW_COHERENT | cases[i].flag);
	}
	/* Without dma-coherent: not coherent. */
	assert_int_equal(parse_variant("dma-coherent", NULL, &s), 0);
	assert_int_equal(s.fw.flags, 0);
	/* No msi-parent. */
	assert_int_equal(parse_variant("msi-parent", NULL, &s), 0);
	assert_false(s.has_msi_parent);
}

static void test_combined_irq(void **state)
{
	/* ThunderX2 style: a single "combined" interrupt. */
	static const struct prop irq = CELLS("interrupts", 0, 90, 4);
	static const struct prop names = STRS("interrupt-names", "combined");
	struct prop p[NSTD];
	struct smmuv3_fdt_smmu s;
	size_t i;

	(void)state;
	for (i = 0; i < NSTD; i++) {
		p[i] = std_smmu[i];
		if (!strcmp(p[i].name, "interrupts"))
			p[i] = irq;
		if (!strcmp(p[i].name, "interrupt-names"))
			p[i] = names;
	}
	build(p, NSTD, 2, 2, NULL);
	assert_int_equal(parse_only(&s), 0);
	assert_true(s.irq[SMMUV3_FDT_IRQ_COMBINED].present);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_COMBINED].cells[1], 90);
	assert_false(s.irq[SMMUV3_FDT_IRQ_EVENTQ].present);
	/* No interrupts at all: valid (a polled SMMU), nothing present. */
	for (i = 0; i < NSTD; i++)
		if (!strcmp(p[i].name, "interrupts") ||
		    !strcmp(p[i].name, "interrupt-names"))
			p[i].name = NULL;
	build(p, NSTD, 2, 2, NULL);
	assert_int_equal(parse_only(&s), 0);
	for (i = 0; i < SMMUV3_FDT_IRQ_COUNT; i++)
		assert_false(s.irq[i].present);
	/* Unknown names are skipped; fewer names than specifiers is fine. */
	{
		static const struct prop n2 =
			STRS("interrupt-names", "eventq\0wibble");
		assert_int_equal(parse_variant("interrupt-names", &n2, &s), 0);
		assert_true(s.irq[SMMUV3_FDT_IRQ_EVENTQ].present);
		assert_false(s.irq[SMMUV3_FDT_IRQ_PRIQ].present);
	}
}

/* A second controller with 2 cells, for interrupts-extended. */
static void extra_intc2(void *f)
{
	static const struct prop intc2[] = {
		CELLS("phandle", 5),
		CELLS("#interrupt-cells", 2),
		EMPTY("interrupt-controller"),
	};

	add_node(f, "intc2", intc2, 3);
}

static void test_interrupts_extended(void **state)
{
	/* gerror on intc (3 cells), eventq on intc2 (2 cells), combined. */
	static const struct prop ext = CELLS("interrupts-extended", PH_INTC, 0,
					     77, 1, 5, 12, 4, PH_INTC, 0, 90,
					     4);
	static const struct prop names =
		STRS("interrupt-names", "gerror\0eventq\0combined");
	static const struct prop ext_bad =
		CELLS("interrupts-extended", PH_INTC, 0, 77, 1, 5, 12);
	static const struct prop ext_noctl =
		CELLS("interrupts-extended", PH_ITS, 0, 77, 1);
	struct prop p[NSTD + 1];
	struct smmuv3_fdt_smmu s;
	size_t i;

	(void)state;
	for (i = 0; i < NSTD; i++) {
		p[i] = std_smmu[i];
		if (!strcmp(p[i].name, "interrupt-names"))
			p[i] = names;
	}
	/* Both properties: interrupts-extended wins. */
	p[NSTD] = ext;
	build(p, NSTD + 1, 2, 2, extra_intc2);
	assert_int_equal(parse_only(&s), 0);
	assert_int_equal(s.irq_parent, 0);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_GERROR].controller, PH_INTC);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_GERROR].ncells, 3);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_GERROR].cells[1], 77);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].controller, 5);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].ncells, 2);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].cells[0], 12);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_EVENTQ].cells[1], 4);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_COMBINED].cells[1], 90);
	assert_false(s.irq[SMMUV3_FDT_IRQ_PRIQ].present);
	/* Last entry short one cell; a controller without #interrupt-cells. */
	p[NSTD] = ext_bad;
	build(p, NSTD + 1, 2, 2, extra_intc2);
	assert_int_equal(parse_only(&s), SMMUV3_EBADMSG);
	p[NSTD] = ext_noctl;
	build(p, NSTD + 1, 2, 2, extra_intc2);
	assert_int_equal(parse_only(&s), SMMUV3_EBADMSG);
}

static void test_reg_cells(void **state)
{
	static const struct prop reg1 = CELLS("reg", 0x2b400000, 0x100000);
	static const struct prop reg_hi = CELLS("reg", 0x1, 0x2b400000, 0x0,
						0x20000);
	static const struct prop small = CELLS("reg", 0x0, 0x09050000, 0x0,
					       0x10000);
	static const struct prop page0 =
		EMPTY("cavium,cn9900-broken-page1-regspace");
	struct prop p[NSTD];
	struct smmuv3_fdt_smmu s;
	size_t i;

	(void)state;
	/* Parent #address-cells = 1, #size-cells = 1. */
	for (i = 0; i < NSTD; i++)
		p[i] = !strcmp(std_smmu[i].name, "reg") ? reg1 : std_smmu[i];
	build(p, NSTD, 1, 1, NULL);
	assert_int_equal(parse_only(&s), 0);
	assert_true(s.base == 0x2b400000u && s.size == 0x100000u);
	/* Defaults when the parent says nothing: 2 and 1 cells (3 cells). */
	{
		static const struct prop reg3 = CELLS("reg", 0x0, 0x2b400000,
						      0x20000);
		for (i = 0; i < NSTD; i++)
			p[i] = !strcmp(std_smmu[i].name, "reg") ? reg3
								 : std_smmu[i];
		build(p, NSTD, 0, 0, NULL);
		assert_int_equal(parse_only(&s), 0);
		assert_true(s.base == 0x2b400000u && s.size == 0x20000u);
	}
	/* A 64-bit address: 0x1_2b400000. */
	assert_int_equal(parse_variant("reg", &reg_hi, &s), 0);
	assert_true(s.base == 0x12b400000ull);
	/* 64 KB is too small unless the page-0-only quirk is present. */
	assert_int_equal(parse_variant("reg", &small, &s), SMMUV3_ERANGE);
	for (i = 0; i < NSTD; i++)
		p[i] = !strcmp(std_smmu[i].name, "reg") ? small : std_smmu[i];
	{
		struct prop q[NSTD + 1];

		memcpy(q, p, sizeof(p));
		q[NSTD] = page0;
		build(q, NSTD + 1, 2, 2, NULL);
		assert_int_equal(parse_only(&s), 0);
		assert_true(s.size == 0x10000u);
	}
	/* Three address cells whose top cell is non-zero: beyond 64 bits. */
	{
		static const struct prop reg96 =
			CELLS("reg", 0x1, 0x0, 0x0, 0x0, 0x20000);
		for (i = 0; i < NSTD; i++)
			p[i] = !strcmp(std_smmu[i].name, "reg") ? reg96
								 : std_smmu[i];
		build(p, NSTD, 3, 2, NULL);
		assert_int_equal(parse_only(&s), SMMUV3_ERANGE);
	}
	/*
	 * A window wrapping past 2^64: 128 KB from 2^64 - 64 KB is refused;
	 * from 2^64 - 128 KB it ends exactly at 2^64 and is accepted.
	 */
	{
		static const struct prop wrap = CELLS("reg", 0xffffffffu,
						      0xffff0000u, 0x0,
						      0x20000);
		static const struct prop top = CELLS("reg", 0xffffffffu,
						     0xfffe0000u, 0x0,
						     0x20000);

		assert_int_equal(parse_variant("reg", &wrap, &s),
				 SMMUV3_ERANGE);
		assert_int_equal(parse_variant("reg", &top, &s), 0);
		assert_true(s.base == 0xfffffffffffe0000ull);
	}
}

static void test_malformed_smmu(void **state)
{
	static const struct {
		const char *what;
		const char *name;
		struct prop with;
		bool remove;
	} cases[] = {
		{ "no reg", "reg", { 0 }, true },
		{ "short reg", "reg", CELLS("reg", 0x0, 0x09050000, 0x0), false },
		{ "reg not a multiple", "reg",
		  CELLS("reg", 0, 0x09050000, 0, 0x20000, 0), false },
		{ "no #iommu-cells", "#iommu-cells", { 0 }, true },
		{ "#iommu-cells 2", "#iommu-cells", CELLS("#iommu-cells", 2),
		  false },
		{ "#iommu-cells 8 bytes", "#iommu-cells",
		  CELLS("#iommu-cells", 1, 1), false },
		{ "interrupts not a multiple of 3", "interrupts",
		  CELLS("interrupts", 0, 74, 1, 0), false },
		{ "empty interrupts", "interrupts", EMPTY("interrupts"), false },
		{ "more names than interrupts", "interrupt-names",
		  STRS("interrupt-names",
		       "eventq\0priq\0cmdq-sync\0gerror\0combined"),
		  false },
		{ "names without interrupts", "interrupts", { 0 }, true },
		{ "duplicate name", "interrupt-names",
		  STRS("interrupt-names", "eventq\0eventq"), false },
		{ "unterminated names", "interrupt-names",
		  { .name = "interrupt-names", .type = P_STR, .n = 6,
		    .str = "eventq" },
		  false },
		{ "empty msi-parent", "msi-parent", EMPTY("msi-parent"), false },
		{ "msi-parent 6 bytes", "msi-parent",
		  { .name = "msi-parent", .type = P_STR, .n = 6,
		    .str = "abcdef" },
		  false },
		{ "dangling interrupt-parent", "interrupt-parent",
		  CELLS("interrupt-parent", 77), false },
		{ "interrupt-parent without #interrupt-cells",
		  "interrupt-parent", CELLS("interrupt-parent", PH_ITS), false },
	};
	struct smmuv3_fdt_smmu s;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("malformed: %s\n", cases[i].what);
		memset(&s, 0x5a, sizeof(s));
		assert_int_equal(parse_variant(cases[i].name,
					       cases[i].remove ? NULL
							       : &cases[i].with,
					       &s),
				 SMMUV3_EBADMSG);
	}
}

static void extra_masters(void *f)
{
	static const struct prop dev1[] = {
		CELLS("iommus", PH_SMMU, 0x42, PH_OTHER, 7, 8, PH_SMMU, 0x43),
	};
	static const struct prop dev2[] = {
		CELLS("iommus", PH_OTHER, 1, 2),
	};
	static const struct prop bad_trunc[] = {
		CELLS("iommus", PH_SMMU, 0x42, PH_OTHER, 7),
	};
	static const struct prop bad_ph[] = {
		CELLS("iommus", 0x99, 0x1),
	};
	static const struct prop bad_len[] = {
		STRS("iommus", "abcdef"),
	};
	static const struct prop no_cells[] = {
		CELLS("iommus", PH_ITS, 1),
	};
	static const struct prop pcie[] = {
		STRS("compatible", "pci-host-ecam-generic"),
		/*
		 * RIDs 0x0000-0x00ff -> SIDs 0x1000.., 0x0100-0x01ff ->
		 * other IOMMU 0x0.., then 0x0200-0x02ff -> SIDs 0x80..
		 */
		CELLS("iommu-map", 0x0000, PH_SMMU, 0x1000, 0x100, 0x0100,
		      PH_OTHER, 0x0, 0x100, 0x0200, PH_SMMU, 0x80, 0x100),
	};
	static const struct prop pcie_mask[] = {
		/* Only the bus number (RID[15:8]) selects the SID. */
		CELLS("iommu-map-mask", 0xff00),
		CELLS("iommu-map", 0x0000, PH_SMMU, 0x0, 0x10000),
	};
	static const struct prop pcie_big[] = {
		/* rid-base + length > 2^32 and sid-base near the top. */
		CELLS("iommu-map", 0xfffffff0u, PH_SMMU, 0xfffffff8u, 0x100),
	};
	static const struct prop pcie_bad[] = {
		CELLS("iommu-map", 0x0, PH_SMMU, 0x0),
	};
	static const struct prop pcie_badmask[] = {
		CELLS("iommu-map-mask", 0xff00, 0),
		CELLS("iommu-map", 0x0, PH_SMMU, 0x0, 0x10),
	};

	add_node(f, "dev1", dev1, 1);
	add_node(f, "dev2", dev2, 1);
	add_node(f, "bad-trunc", bad_trunc, 1);
	add_node(f, "bad-ph", bad_ph, 1);
	add_node(f, "bad-len", bad_len, 1);
	add_node(f, "no-cells", no_cells, 1);
	add_node(f, "pcie", pcie, 2);
	add_node(f, "pcie-mask", pcie_mask, 2);
	add_node(f, "pcie-big", pcie_big, 1);
	add_node(f, "pcie-bad", pcie_bad, 1);
	add_node(f, "pcie-badmask", pcie_badmask, 2);
}

static int node_of(const char *path)
{
	int off = fdt_path_offset(blob, path);

	assert_true(off >= 0);
	return off;
}

static void test_iommus(void **state)
{
	struct smmuv3_fdt fdt;
	uint32_t sids[4];
	size_t n = 99;

	(void)state;
	build(std_smmu, NSTD, 2, 2, extra_masters);
	open_blob(&fdt);
	/* Two SMMU entries around a 2-cell entry for the other IOMMU. */
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/dev1"),
						PH_SMMU, sids, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sids[0], 0x42);
	assert_int_equal(sids[1], 0x43);
	/* The other IOMMU's view of dev1: #iommu-cells 2 is not ours. */
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/dev1"),
						PH_OTHER, sids, 4, &n),
			 SMMUV3_EBADMSG);
	/* Room for one: E2BIG with the number needed. */
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/dev1"),
						PH_SMMU, sids, 1, &n),
			 SMMUV3_E2BIG);
	assert_int_equal(n, 2);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/dev1"),
						PH_SMMU, NULL, 0, &n),
			 SMMUV3_E2BIG);
	/* Not behind this SMMU. */
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/dev2"),
						PH_SMMU, sids, 4, &n), 0);
	assert_int_equal(n, 0);
	/* No iommus at all. */
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/pcie"),
						PH_SMMU, sids, 4, &n),
			 SMMUV3_ENOENT);
	/* Truncated, dangling phandle, odd length, no #iommu-cells. */
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/bad-trunc"),
						PH_SMMU, sids, 4, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/bad-ph"),
						PH_SMMU, sids, 4, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/bad-len"),
						PH_SMMU, sids, 4, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/no-cells"),
						PH_SMMU, sids, 4, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/dev1"),
						PH_SMMU, NULL, 4, &n),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_fdt_master_sids(NULL, 0, PH_SMMU, sids, 4,
						&n),
			 SMMUV3_EINVAL);
}

static void test_iommu_map(void **state)
{
	static const struct {
		const char *node;
		uint32_t rid;
		int ret;
		uint32_t iommu, sid;
	} cases[] = {
		/* Entry 1: 0x1000 + (0x42 - 0). */
		{ "/pcie", 0x0042, 0, PH_SMMU, 0x1042 },
		{ "/pcie", 0x00ff, 0, PH_SMMU, 0x10ff },
		/* Entry 2 belongs to the other IOMMU. */
		{ "/pcie", 0x0100, 0, PH_OTHER, 0x0 },
		/* Entry 3: 0x80 + (0x2ff - 0x200). */
		{ "/pcie", 0x02ff, 0, PH_SMMU, 0x17f },
		/* Past the last entry. */
		{ "/pcie", 0x0300, SMMUV3_ENOENT, 0, 0 },
		/* Mask 0xff00: 0x1234 -> 0x1200 -> SID 0x1200. */
		{ "/pcie-mask", 0x1234, 0, PH_SMMU, 0x1200 },
		{ "/pcie-mask", 0x00ff, 0, PH_SMMU, 0x0 },
		/* 0xfffffff8 + (0xfffffff7 - 0xfffffff0) = 0xffffffff. */
		{ "/pcie-big", 0xfffffff7u, 0, PH_SMMU, 0xffffffffu },
		/* One more overflows 32 bits. */
		{ "/pcie-big", 0xfffffff8u, SMMUV3_ERANGE, 0, 0 },
		{ "/pcie-big", 0xffffffffu, SMMUV3_ERANGE, 0, 0 },
		{ "/pcie-big", 0xffffffefu, SMMUV3_ENOENT, 0, 0 },
		{ "/pcie-bad", 0x0, SMMUV3_EBADMSG, 0, 0 },
		{ "/pcie-badmask", 0x0, SMMUV3_EBADMSG, 0, 0 },
		{ "/dev1", 0x0, SMMUV3_ENOENT, 0, 0 },
	};
	struct smmuv3_fdt fdt;
	unsigned int i;

	(void)state;
	build(std_smmu, NSTD, 2, 2, extra_masters);
	open_blob(&fdt);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t iommu = 0xdead, sid = 0xbeef;

		print_message("%s rid %x\n", cases[i].node, cases[i].rid);
		assert_int_equal(smmuv3_fdt_map_rid(&fdt,
						    node_of(cases[i].node),
						    cases[i].rid, &iommu, &sid),
				 cases[i].ret);
		if (cases[i].ret == 0) {
			assert_int_equal(iommu, cases[i].iommu);
			assert_int_equal(sid, cases[i].sid);
		} else {
			assert_int_equal(iommu, 0xdead);
			assert_int_equal(sid, 0xbeef);
		}
	}
	assert_int_equal(smmuv3_fdt_map_rid(&fdt, 0, 0, NULL, NULL),
			 SMMUV3_EINVAL);
}

/* Raw-cell property built at run time (for long lists). */
static uint32_t big_cells[1024];
static int big_n;
static const char *big_name;

static void extra_big_master(void *f)
{
	uint32_t be[1024];
	int i;

	for (i = 0; i < big_n; i++)
		be[i] = cpu_to_fdt32(big_cells[i]);
	assert_int_equal(fdt_begin_node(f, "big"), 0);
	assert_int_equal(fdt_property(f, big_name, be, big_n * 4), 0);
	assert_int_equal(fdt_end_node(f), 0);
}

/* An SMMU whose "interrupts" is big_cells[0..big_n) (3 cells each). */
static void extra_big_smmu(void *f)
{
	static const struct prop base[] = {
		STRS("compatible", "arm,smmu-v3"),
		CELLS("reg", 0x0, 0x2b400000, 0x0, 0x20000),
		CELLS("#iommu-cells", 1),
		STRS("interrupt-names", "eventq\0gerror"),
	};
	uint32_t be[1024];
	size_t k;
	int i;

	for (i = 0; i < big_n; i++)
		be[i] = cpu_to_fdt32(big_cells[i]);
	assert_int_equal(fdt_begin_node(f, "smmuv3@2b400000"), 0);
	for (k = 0; k < sizeof(base) / sizeof(base[0]); k++)
		add_prop(f, &base[k]);
	assert_int_equal(fdt_property(f, "interrupts", be, big_n * 4), 0);
	assert_int_equal(fdt_end_node(f), 0);
}

/* Work bounds: SMMUV3_FDT_MAX_IOMMUS entries, SMMUV3_FDT_MAX_IRQS irqs. */
static void test_bounds(void **state)
{
	struct smmuv3_fdt fdt;
	struct smmuv3_fdt_smmu s;
	uint32_t sids[64];
	size_t n = 0;
	int i;

	(void)state;
	/* 64 <&smmu i> entries are fine; 65 are refused. */
	big_name = "iommus";
	for (i = 0; i < 65; i++) {
		big_cells[2 * i] = PH_SMMU;
		big_cells[2 * i + 1] = (uint32_t)i;
	}
	big_n = 128;
	build(std_smmu, NSTD, 2, 2, extra_big_master);
	open_blob(&fdt);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/big"),
						PH_SMMU, sids, 64, &n), 0);
	assert_int_equal(n, 64);
	assert_int_equal(sids[63], 63);
	big_n = 130;
	build(std_smmu, NSTD, 2, 2, extra_big_master);
	open_blob(&fdt);
	assert_int_equal(smmuv3_fdt_master_sids(&fdt, node_of("/big"),
						PH_SMMU, sids, 64, &n),
			 SMMUV3_EBADMSG);

	/* 32 three-cell interrupts are fine; 33 are refused. */
	for (i = 0; i < 33 * 3; i++)
		big_cells[i] = (uint32_t)i;
	big_n = 32 * 3;
	build(NULL, 0, 2, 2, extra_big_smmu);
	assert_int_equal(parse_only(&s), 0);
	assert_int_equal(s.irq[SMMUV3_FDT_IRQ_GERROR].cells[1], 4);
	big_n = 33 * 3;
	build(NULL, 0, 2, 2, extra_big_smmu);
	assert_int_equal(parse_only(&s), SMMUV3_EBADMSG);
}

static void test_by_phandle(void **state)
{
	struct smmuv3_fdt fdt;
	int node = -7, smmu;

	(void)state;
	build(std_smmu, NSTD, 2, 2, extra_masters);
	open_blob(&fdt);
	assert_int_equal(smmuv3_fdt_next_smmu(&fdt, -1, &smmu), 0);
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, PH_SMMU, &node), 0);
	assert_int_equal(node, smmu);
	/* The other IOMMU and the ITS are not SMMUv3s. */
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, PH_OTHER, &node),
			 SMMUV3_ENODEV);
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, PH_ITS, &node),
			 SMMUV3_ENODEV);
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, 0x99, &node),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, 0, &node),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, ~0u, &node),
			 SMMUV3_ENOENT);
	assert_int_equal(node, smmu);
	assert_int_equal(smmuv3_fdt_smmu_by_phandle(&fdt, PH_SMMU, NULL),
			 SMMUV3_EINVAL);
}

static void extra_second_smmu(void *f)
{
	static const struct prop s2[] = {
		STRS("compatible", "arm,smmu-v3"),
		CELLS("reg", 0x0, 0x2b400000, 0x0, 0x40000),
		CELLS("#iommu-cells", 1),
		CELLS("phandle", 9),
	};
	static const struct prop notsmmu[] = {
		STRS("compatible", "arm,mmu-500"),
		CELLS("reg", 0x0, 0x1000000, 0x0, 0x40000),
	};

	add_node(f, "iommu@1000000", notsmmu, 2);
	add_node(f, "smmuv3@2b400000", s2, 4);
}

static void test_two_smmus(void **state)
{
	struct smmuv3_fdt fdt;
	struct smmuv3_fdt_smmu s;
	int node = -1, count = 0;
	uint64_t bases[2] = { 0, 0 };

	(void)state;
	build(std_smmu, NSTD, 2, 2, extra_second_smmu);
	open_blob(&fdt);
	while (smmuv3_fdt_next_smmu(&fdt, node, &node) == 0) {
		assert_true(count < 2);
		assert_int_equal(smmuv3_fdt_parse_smmu(&fdt, node, &s), 0);
		bases[count++] = s.base;
	}
	assert_int_equal(count, 2);
	assert_true(bases[0] == 0x09050000u);
	assert_true(bases[1] == 0x2b400000u);
	/* The second SMMU has no interrupts, no msi-parent, not coherent. */
	assert_false(s.has_msi_parent);
	assert_int_equal(s.fw.flags, 0);
	assert_int_equal(s.phandle, 9);
	assert_int_equal(smmuv3_fdt_next_smmu(&fdt, -2, &node), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_fdt_parse_smmu(&fdt, -1, &s), SMMUV3_EBADMSG);
}

static void test_open(void **state)
{
	static _Alignas(8) char copy[BUFSZ + 8];
	struct smmuv3_fdt fdt;
	uint32_t total, len;
	int node;

	(void)state;
	build(std_smmu, NSTD, 2, 2, extra_masters);
	total = fdt_totalsize(blob);
	assert_int_equal(smmuv3_fdt_open(NULL, blob, total), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_fdt_open(&fdt, NULL, total), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_fdt_open(&fdt, blob, 8), SMMUV3_EBADMSG);
	/* Misaligned. */
	memcpy(copy + 4, blob, total);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy + 4, total), SMMUV3_EINVAL);
	/* Bad magic. */
	memcpy(copy, blob, total);
	copy[0] ^= 1;
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total), SMMUV3_EBADMSG);
	/* Every truncation of a valid blob is refused, never read past. */
	memcpy(copy, blob, total);
	for (len = 0; len < total; len++)
		assert_int_equal(smmuv3_fdt_open(&fdt, copy, len),
				 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total), 0);
	/* Header version (bytes 20..23) 16: refused, only v17 is accepted. */
	copy[23] = 16;
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total), SMMUV3_EBADMSG);
	copy[23] = 17;
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total), 0);
	/*
	 * A "negative" property length (0xfffffff4 = -12) sends libfdt 1.6.1
	 * into an endless loop; the root's first property sits right after
	 * the root's BEGIN_NODE token and empty name (8 bytes).
	 */
	{
		uint32_t prop = fdt_off_dt_struct(copy) + 8u;
		uint32_t len_be = cpu_to_fdt32(0xfffffff4u);

		assert_int_equal(fdt32_to_cpu(*(const fdt32_t *)(copy + prop)),
				 FDT_PROP);
		memcpy(copy + prop + 4, &len_be, 4);
		assert_int_equal(smmuv3_fdt_open(&fdt, copy, total),
				 SMMUV3_EBADMSG);
		/* A length just past the structure block too. */
		len_be = cpu_to_fdt32(fdt_size_dt_struct(copy));
		memcpy(copy + prop + 4, &len_be, 4);
		assert_int_equal(smmuv3_fdt_open(&fdt, copy, total),
				 SMMUV3_EBADMSG);
	}
	/* No SMMU at all. */
	build(NULL, 0, 2, 2, NULL);
	open_blob(&fdt);
	assert_int_equal(smmuv3_fdt_next_smmu(&fdt, -1, &node), SMMUV3_ENOENT);
}

static void put_be32(char *p, uint32_t v)
{
	uint32_t be = cpu_to_fdt32(v);

	memcpy(p, &be, 4);
}

/*
 * The header's block offsets are checked before libfdt reads through them.
 * The blob of build() is re-laid out with 8 more bytes between the header
 * and the structure block, all zero, so that its memory-reservation map
 * (one terminating entry of 16 zero bytes) can sit at 0x2c: 4-aligned,
 * every other check passes (libfdt 1.6.1 accepts it, with a misaligned
 * 64-bit access), and it must be refused; at 0x30 the same blob opens.
 */
static void test_open_header_offsets(void **state)
{
	static _Alignas(8) char copy[BUFSZ + 16];
	struct smmuv3_fdt fdt;
	uint32_t total, st;

	(void)state;
	build(std_smmu, NSTD, 2, 2, NULL);
	total = fdt_totalsize(blob);
	st = fdt_off_dt_struct(blob);
	/* Header, reservation map, structure: room for 16 bytes at 0x30. */
	assert_true(fdt_off_mem_rsvmap(blob) < st && st >= 0x38);
	memset(copy, 0, sizeof(copy));
	memcpy(copy, blob, 0x28);
	memcpy(copy + st + 8, blob + st, total - st);
	put_be32(copy + 4, total + 8);			   /* totalsize */
	put_be32(copy + 8, st + 8);			   /* off_dt_struct */
	put_be32(copy + 12, fdt_off_dt_strings(blob) + 8); /* strings */
	put_be32(copy + 16, 0x30);			   /* rsvmap */
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8), 0);
	put_be32(copy + 16, 0x2c); /* 4-aligned only */
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	/* The reproducer's offset, 0x55 (odd). */
	put_be32(copy + 16, 0x55);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	/* Inside the header. */
	put_be32(copy + 16, 0x20);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	/* No terminating entry before the end of the blob: the map starts
	 * at the last 8-aligned offset whose entry would not fit. */
	put_be32(copy + 16, (total + 8 - 8u) & ~7u);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	/* Beyond the blob. */
	put_be32(copy + 16, 0x7ffffff8u);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	/* Structure block inside the header (4-aligned), strings too. */
	put_be32(copy + 16, 0x30);
	put_be32(copy + 8, 0x24);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	put_be32(copy + 8, st + 8);
	put_be32(copy + 12, 0x10);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8),
			 SMMUV3_EBADMSG);
	put_be32(copy + 12, fdt_off_dt_strings(blob) + 8);
	assert_int_equal(smmuv3_fdt_open(&fdt, copy, total + 8), 0);
}

/* The parsed fw info drives the probe: QEMU node + QEMU registers. */
static void test_to_caps(void **state)
{
	struct smmuv3_fdt_smmu s;
	struct smmuv3_idregs r;
	struct smmuv3_caps c;

	(void)state;
	build(std_smmu, NSTD, 2, 2, NULL);
	assert_int_equal(parse_only(&s), 0);
	memset(&r, 0, sizeof(r));
	r.idr[0] = 0x0d44101au; /* QEMU virt stage 1, see test_idr.c */
	r.idr[1] = 0x02730010u;
	r.idr[5] = 0x74u;
	assert_int_equal(smmuv3_idr_resolve(&r, &s.fw, NULL, &c, NULL), 0);
	assert_true(c.features & SMMUV3_FEAT_COHERENCY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_virt),
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_combined_irq),
		cmocka_unit_test(test_interrupts_extended),
		cmocka_unit_test(test_reg_cells),
		cmocka_unit_test(test_malformed_smmu),
		cmocka_unit_test(test_iommus),
		cmocka_unit_test(test_iommu_map),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_by_phandle),
		cmocka_unit_test(test_two_smmus),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_open_header_offsets),
		cmocka_unit_test(test_to_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
