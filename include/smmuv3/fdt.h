/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device-tree discovery (optional: the separate library smmuv3::fdt, built
 * with -DSMMUV3_FDT=ON, needs libfdt; the core library does not).
 *
 * Finds "arm,smmu-v3" nodes (Linux binding
 * Documentation/devicetree/bindings/iommu/arm,smmu-v3.yaml) and reads their
 * registers, named interrupts, coherency, MSI parent and quirk properties
 * into a struct smmuv3_fdt_smmu whose .fw feeds smmuv3_idr_resolve(). It
 * also resolves a master's stream IDs from its "iommus" property and a PCI
 * host bridge's RID -> SID mapping from "iommu-map"/"iommu-map-mask"
 * (bindings/pci/pci-iommu.txt).
 *
 * Blobs are untrusted: smmuv3_fdt_open() validates the whole structure
 * once, and every later length and offset is checked; a malformed or
 * hostile blob yields SMMUV3_EBADMSG, never a read out of bounds.
 * Nothing here allocates; the blob is only read.
 */
#ifndef SMMUV3_FDT_H
#define SMMUV3_FDT_H

#include <smmuv3/idr.h>
#include <smmuv3/types.h>

/* A validated blob. */
struct smmuv3_fdt {
	const void *blob;
	size_t size;
};

/* The SMMU's named interrupts (property "interrupt-names"). */
enum smmuv3_fdt_irq {
	SMMUV3_FDT_IRQ_EVENTQ = 0,
	SMMUV3_FDT_IRQ_GERROR = 1,
	SMMUV3_FDT_IRQ_PRIQ = 2,
	SMMUV3_FDT_IRQ_CMDQ_SYNC = 3,
	SMMUV3_FDT_IRQ_COMBINED = 4,
	SMMUV3_FDT_IRQ_COUNT = 5,
};

/*
 * Work bounds against hostile blobs (each phandle lookup scans the blob):
 * at most this many interrupt specifiers/names on an SMMU node, and this
 * many entries in a master's "iommus". Beyond: SMMUV3_EBADMSG.
 */
#define SMMUV3_FDT_MAX_IRQS 32u
#define SMMUV3_FDT_MAX_IOMMUS 64u

/* Largest #interrupt-cells accepted (GICv3 uses 3, or 4 with partitions). */
#define SMMUV3_FDT_IRQ_MAX_CELLS 4u

struct smmuv3_fdt_irq_spec {
	bool present;
	uint32_t controller;			  /* its phandle */
	uint32_t ncells;			  /* #interrupt-cells */
	uint32_t cells[SMMUV3_FDT_IRQ_MAX_CELLS]; /* the specifier */
};

struct smmuv3_fdt_smmu {
	int node;	  /* offset of the node in the blob */
	uint32_t phandle; /* 0 if the node has none */
	uint64_t base;	  /* first "reg" entry, parent bus address */
	uint64_t size;
	uint32_t irq_parent; /* "interrupts" controller; 0 if extended */
	struct smmuv3_fdt_irq_spec irq[SMMUV3_FDT_IRQ_COUNT];
	bool has_msi_parent;
	uint32_t msi_parent; /* first cell of "msi-parent" (a phandle) */
	/*
	 * Firmware flags for smmuv3_idr_resolve(): SMMUV3_FW_COHERENT
	 * (dma-coherent), SMMUV3_FW_QUIRK_BROKEN_PREFETCH
	 * (hisilicon,broken-prefetch-cmd), SMMUV3_FW_QUIRK_PAGE0_ONLY
	 * (cavium,cn9900-broken-page1-regspace), SMMUV3_FW_INSTDATA_OVERRIDE
	 * (arm,instdata-override), SMMUV3_FW_TEGRA264 (compatible
	 * "nvidia,tegra264-smmu"). host_va_bits and the CPU flags are the
	 * caller's to add.
	 */
	struct smmuv3_fw_info fw;
};

/* Smallest MMIO window: two 64 KB pages, one with the page-0-only quirk. */
#define SMMUV3_FDT_MIN_REG_SIZE 0x20000u
#define SMMUV3_FDT_MIN_REG_SIZE_PAGE0 0x10000u

/**
 * smmuv3_fdt_open() - validate a flattened device tree.
 * @fdt:  receives {blob, size} on success.
 * @blob: the blob, 8-byte aligned (libfdt refuses others).
 * @size: bytes readable at @blob; the header's totalsize must fit.
 *
 * Nothing beyond @size is read. Before libfdt looks at the blob, the
 * header's offsets are checked here: the memory-reservation map starts
 * 8-aligned after the 40-byte header and is terminated (an entry of size
 * 0) inside totalsize; the structure block starts 4-aligned after the
 * header, the strings block after the header; then the structure block is
 * walked with bounds on every token before libfdt's own full check.
 * Return: 0; SMMUV3_EINVAL for NULL arguments, a misaligned @blob or a
 * size over INT32_MAX;
 * SMMUV3_EBADMSG if the header (magic, version, sizes, the block offsets
 * above) or structure is invalid or truncated, or the blob's version is
 * below 17 (the layout dtc has written since 2008).
 * On error: *@fdt is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_fdt_open(struct smmuv3_fdt *fdt,
						 const void *blob, size_t size);

/**
 * smmuv3_fdt_next_smmu() - iterate over "arm,smmu-v3" nodes.
 * @fdt:  an opened blob.
 * @prev: -1 to start, else the offset returned by the previous call.
 * @node: receives the next node's offset.
 * Return: 0; SMMUV3_ENOENT when there are no more; SMMUV3_EINVAL for NULL
 * arguments or a @prev below -1; SMMUV3_EBADMSG for a malformed blob.
 * On error: *@node is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_fdt_next_smmu(const struct smmuv3_fdt *fdt, int prev, int *node);

/**
 * smmuv3_fdt_parse_smmu() - read one SMMU node.
 * @fdt:  an opened blob.
 * @node: offset of an "arm,smmu-v3" node.
 * @out:  receives the description (written only on success).
 *
 * "reg" is read with the parent's #address-cells/#size-cells (1 or 2 each;
 * defaults 2 and 1) and is not translated through "ranges". Interrupts are
 * read from "interrupts-extended" (<phandle specifier> entries, each with
 * its controller's #interrupt-cells) or else from "interrupts" with the
 * #interrupt-cells of the controller found through "interrupt-parent" on
 * the node or its nearest ancestor; each name in "interrupt-names"
 * (eventq, gerror, priq, cmdq-sync, combined) takes the specifier at its
 * index; other names are ignored.
 * Return: 0;
 *  SMMUV3_EINVAL  NULL argument;
 *  SMMUV3_ENODEV  @node is not an "arm,smmu-v3" node;
 *  SMMUV3_EBADMSG no/short "reg", bad cell counts, "#iommu-cells" missing
 *                 or not 1, interrupt properties inconsistent (more names
 *                 than specifiers, a length not a multiple of the cells,
 *                 a controller without #interrupt-cells or with more than
 *                 SMMUV3_FDT_IRQ_MAX_CELLS, a name given twice, more than
 *                 SMMUV3_FDT_MAX_IRQS specifiers or names), an empty
 *                 "msi-parent", or any malformed property;
 *  SMMUV3_ERANGE  the address or size does not fit 64 bits, the window
 *                 [base, base + size) extends beyond 2^64, or the window
 *                 is smaller than SMMUV3_FDT_MIN_REG_SIZE (or ..._PAGE0
 *                 with the page-0-only quirk).
 * On error: *@out is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_fdt_parse_smmu(const struct smmuv3_fdt *fdt, int node,
		      struct smmuv3_fdt_smmu *out);

/**
 * smmuv3_fdt_master_sids() - stream IDs a master has on one SMMU.
 * @fdt:    an opened blob.
 * @master: offset of the master's node.
 * @smmu_phandle: the SMMU's phandle.
 * @sids:   receives up to @max stream IDs, in property order.
 * @max:    capacity of @sids.
 * @n:      receives the number of stream IDs found for this SMMU.
 *
 * Walks "iommus" = <phandle specifier...>..., taking each referenced
 * node's #iommu-cells to step over specifiers for other IOMMUs.
 * Return: 0 (*@n may be 0 if none refers to @smmu_phandle);
 *  SMMUV3_EINVAL  NULL argument (@sids may be NULL only if @max is 0);
 *  SMMUV3_ENOENT  the master has no "iommus";
 *  SMMUV3_EBADMSG truncated entry, unknown phandle, a referenced node
 *                 without #iommu-cells (or more than 4), the SMMU's own
 *                 entries not 1 cell, or more than SMMUV3_FDT_MAX_IOMMUS
 *                 entries;
 *  SMMUV3_E2BIG   more than @max stream IDs (*@n = the number needed,
 *                 @sids holds the first @max).
 * On error: for SMMUV3_E2BIG as above; otherwise *@n is unchanged and
 * @sids may hold partial results.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_fdt_master_sids(const struct smmuv3_fdt *fdt, int master,
		       uint32_t smmu_phandle, uint32_t *sids, size_t max,
		       size_t *n);

/**
 * smmuv3_fdt_map_rid() - map a PCI requester ID through "iommu-map".
 * @fdt:    an opened blob.
 * @bridge: offset of the PCI host bridge node.
 * @rid:    the requester ID (bus << 8 | devfn).
 * @iommu:  receives the phandle of the IOMMU of the matching entry.
 * @sid:    receives the stream ID.
 *
 * The RID is first ANDed with "iommu-map-mask" (default all ones); the
 * first entry (rid-base, iommu, sid-base, length) with rid-base <= masked
 * RID < rid-base + length gives sid = sid-base + (masked RID - rid-base).
 * Return: 0;
 *  SMMUV3_EINVAL  NULL argument;
 *  SMMUV3_ENOENT  no "iommu-map", or no entry covers the RID;
 *  SMMUV3_EBADMSG the map's length is not a multiple of 16 bytes, or
 *                 "iommu-map-mask" is not one cell;
 *  SMMUV3_ERANGE  the matching entry's stream ID overflows 32 bits.
 * On error: *@iommu and *@sid are unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_fdt_map_rid(const struct smmuv3_fdt *fdt, int bridge, uint32_t rid,
		   uint32_t *iommu, uint32_t *sid);

/**
 * smmuv3_fdt_smmu_by_phandle() - the arm,smmu-v3 node a phandle names (as
 * returned by smmuv3_fdt_map_rid() or found in "iommus").
 * @fdt:     an opened blob.
 * @phandle: the phandle to look up.
 * @node:    receives the node's offset.
 * Return: 0 with *@node set; SMMUV3_EINVAL for NULL arguments;
 * SMMUV3_ENOENT if no node has the phandle (or it is 0 or ~0);
 * SMMUV3_ENODEV if the node is not an arm,smmu-v3; SMMUV3_EBADMSG for a
 * malformed blob.
 * On error: *@node is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_fdt_smmu_by_phandle(const struct smmuv3_fdt *fdt, uint32_t phandle,
			   int *node);

/**
 * smmuv3_fdt_irq_name() - the "interrupt-names" string of an interrupt.
 * @irq: one of enum smmuv3_fdt_irq (any value accepted).
 * Return: a static string ("eventq", "gerror", "priq", "cmdq-sync",
 * "combined"), or NULL for a value out of range.
 */
SMMUV3_API const char *smmuv3_fdt_irq_name(enum smmuv3_fdt_irq irq);

#endif /* SMMUV3_FDT_H */
