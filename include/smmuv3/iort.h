/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ACPI IORT discovery (optional: the separate library smmuv3::acpi, built
 * with -DSMMUV3_ACPI=ON; freestanding, needs no ACPI interpreter: the IO
 * Remapping Table is static data the caller hands in).
 *
 * Reads the IO Remapping Table of Arm DEN 0049 (revisions C to E.f, table
 * revisions 0 to 7; docs/iort.md says what each brings): SMMUv3 nodes into a
 * struct smmuv3_iort_smmu whose .fw feeds smmuv3_idr_resolve() exactly like
 * the device-tree path's struct smmuv3_fdt_smmu, PCI requester IDs and named
 * components to StreamIDs through their ID mappings, and the reserved memory
 * ranges (RMR nodes) firmware needs kept mapped for given StreamIDs.
 *
 * Stream lookups give the same result as the device-tree path
 * (smmuv3_fdt_map_rid(), smmuv3_fdt_master_sids()): a 32-bit handle of the
 * SMMU plus the StreamID. The handle is the SMMU node's byte offset in the
 * table, which smmuv3_iort_parse_smmu() takes, as a phandle is what
 * smmuv3_fdt_smmu_by_phandle() takes; both descriptions carry .base and .fw,
 * so after discovery a caller matches SMMUs by base address on one path.
 *
 * The table is untrusted: smmuv3_iort_open() validates the header, the
 * checksum and every node's length and arrays once, and every later offset
 * is checked again before it is read; a malformed or hostile table yields
 * SMMUV3_EBADMSG, never a read out of bounds. Work is bounded: at most
 * SMMUV3_IORT_MAX_NODES nodes, reference chains by SMMUV3_IORT_MAX_HOPS, IDs
 * resolved one by one through intermediate nodes by
 * SMMUV3_IORT_MAX_WALK_IDS per call, the rest by the table's length.
 * Nothing here allocates; the table is only read, with byte loads (any
 * alignment).
 */
#ifndef SMMUV3_IORT_H
#define SMMUV3_IORT_H

#include <smmuv3/bits.h>
#include <smmuv3/idr.h>
#include <smmuv3/types.h>

/* Node types (DEN 0049, "IORT node types"). */
#define SMMUV3_IORT_NODE_ITS_GROUP 0u
#define SMMUV3_IORT_NODE_NAMED_COMPONENT 1u
#define SMMUV3_IORT_NODE_ROOT_COMPLEX 2u
#define SMMUV3_IORT_NODE_SMMU_V1V2 3u
#define SMMUV3_IORT_NODE_SMMU_V3 4u
#define SMMUV3_IORT_NODE_PMCG 5u
#define SMMUV3_IORT_NODE_RMR 6u

/* Highest table revision whose layout is known (DEN 0049 E.f). */
#define SMMUV3_IORT_MAX_REVISION 7u

/* Most nodes a table may have (each lookup may walk them all). */
#define SMMUV3_IORT_MAX_NODES 4096u

/* Most IDs resolved one by one through intermediate nodes per call. */
#define SMMUV3_IORT_MAX_WALK_IDS 4096u

/* Longest output-reference chain followed (node to node) per lookup. */
#define SMMUV3_IORT_MAX_HOPS 8u

/* smmuv3_iort_open() flags. */
/*
 * Accept a table whose checksum does not sum to zero: QEMU's fw_cfg copy
 * leaves checksums to the firmware's table loader.
 */
#define SMMUV3_IORT_OPEN_NO_CHECKSUM (1u << 0)

/* A validated table. */
struct smmuv3_iort {
	const uint8_t *table;
	uint32_t length;   /* header Length, <= the size given to open */
	uint8_t revision;  /* header Revision */
	uint32_t nodes;	   /* number of nodes */
	uint32_t node_off; /* offset of the first node */
};

/* One node's common header (DEN 0049, "IORT node header"). */
struct smmuv3_iort_node {
	uint32_t offset; /* of the node in the table: its handle */
	uint8_t type;	 /* SMMUV3_IORT_NODE_* (others: unknown, skipped) */
	uint8_t revision;
	uint16_t length;
	uint32_t identifier;
	uint32_t nmappings; /* ID mappings */
	uint32_t mappings;  /* their offset from the node */
};

/* One ID mapping (DEN 0049, "ID mapping format"), Number of IDs + 1. */
struct smmuv3_iort_idmap {
	uint32_t input_base;
	uint64_t count; /* IDs covered: the field plus one */
	uint32_t output_base;
	uint32_t output_ref; /* node offset */
	bool single;	     /* flags bit 0: input ignored, one output ID */
};

/* SMMUv3 node: models and flags (DEN 0049, "SMMUv3 node"). */
#define SMMUV3_IORT_MODEL_GENERIC 0u
#define SMMUV3_IORT_MODEL_HISILICON_HI161X 1u
#define SMMUV3_IORT_MODEL_CAVIUM_CN99XX 2u

#define SMMUV3_IORT_SMMU_COHACC (1u << 0)
#define SMMUV3_IORT_SMMU_HTTU (3u << 1)
#define SMMUV3_IORT_SMMU_PXM_VALID (1u << 3)
#define SMMUV3_IORT_SMMU_DEVID_VALID (1u << 4)

/* The SMMU's wired interrupts; GSIV 0 means none (MSIs or polling). */
enum smmuv3_iort_irq {
	SMMUV3_IORT_IRQ_EVENTQ = 0,
	SMMUV3_IORT_IRQ_PRIQ = 1,
	SMMUV3_IORT_IRQ_GERROR = 2,
	SMMUV3_IORT_IRQ_CMDQ_SYNC = 3,
	SMMUV3_IORT_IRQ_COUNT = 4,
};

/* MMIO window implied by the model (IORT has no size): 128 KB, or 64 KB
 * for the page-0-only Cavium CN99xx. */
#define SMMUV3_IORT_REG_SIZE 0x20000u
#define SMMUV3_IORT_REG_SIZE_PAGE0 0x10000u

struct smmuv3_iort_smmu {
	uint32_t node;	     /* offset in the table: the lookups' handle */
	uint32_t identifier; /* node Identifier (revision 3 tables on) */
	uint64_t base;
	uint64_t size;	/* SMMUV3_IORT_REG_SIZE or ..._PAGE0 */
	uint32_t flags; /* raw node flags, SMMUV3_IORT_SMMU_* */
	uint32_t model; /* SMMUV3_IORT_MODEL_* or another value */
	uint64_t vatos; /* VATOS page base, 0 if none */
	uint32_t gsiv[SMMUV3_IORT_IRQ_COUNT];
	bool has_pxm;
	uint32_t pxm; /* proximity domain, with has_pxm */
	bool has_devid_index;
	uint32_t devid_index; /* its own MSI mapping, with has_devid_index */
	/*
	 * Firmware flags for smmuv3_idr_resolve(): SMMUV3_FW_COHERENT
	 * (COHACC override), SMMUV3_FW_HTTU_OVERRIDE with fw_httu (HTTU
	 * override 1: access flag, 2: access and dirty), and the model's
	 * quirks: SMMUV3_FW_QUIRK_BROKEN_PREFETCH (HiSilicon Hi161x),
	 * SMMUV3_FW_QUIRK_PAGE0_ONLY (Cavium CN99xx). host_va_bits and the
	 * CPU flags are the caller's to add.
	 */
	struct smmuv3_fw_info fw;
};

/* Root complex node (DEN 0049, "Root complex node"). */
#define SMMUV3_IORT_RC_ATS (1u << 0)
#define SMMUV3_IORT_RC_PRI (1u << 1)
#define SMMUV3_IORT_RC_PASID_FWD (1u << 2)

struct smmuv3_iort_rc {
	uint32_t node;
	uint32_t segment;   /* PCI segment number */
	uint32_t ats;	    /* ATS attribute, SMMUV3_IORT_RC_* */
	bool coherent;	    /* CCA of the memory access properties */
	uint8_t mem_bits;   /* memory address size limit; 0 if not given */
	uint8_t pasid_bits; /* max PASID width (node revision >= 3), else 0 */
	uint32_t flags;	    /* node flags (revision >= 4), else 0 */
};

/* RMR node (DEN 0049, "Reserved memory range node"). */
#define SMMUV3_IORT_RMR_REMAP_PERMITTED (1u << 0)
#define SMMUV3_IORT_RMR_PRIVILEGED (1u << 1)
/* Access attributes, bits [9:2] (node revision >= 3). */
#define SMMUV3_IORT_RMR_ATTR SMMUV3_GENMASK32(9, 2)

struct smmuv3_iort_rmr_range {
	uint32_t node;	/* the RMR node */
	uint32_t flags; /* its flags, SMMUV3_IORT_RMR_* */
	uint64_t base;
	uint64_t length;
};

/**
 * smmuv3_iort_open() - validate an IO Remapping Table.
 * @iort:  receives the validated table on success.
 * @table: the table's bytes, from its "IORT" signature; any alignment.
 * @size:  bytes readable at @table; the header's Length must fit.
 * @flags: 0 or SMMUV3_IORT_OPEN_NO_CHECKSUM.
 *
 * Checks the signature, Length (>= 48, <= @size), the checksum, and that
 * the node array lies in the table and every node has a known-good shape:
 * a length of at least its type's fixed part and not crossing the table's
 * end, its ID mapping array, ITS identifier array, SMMUv1/v2 interrupt
 * arrays and RMR range array inside the node, a named component's name
 * NUL-terminated inside the node. Nodes of unknown types (future
 * revisions) are walked over by their length. Any table revision is
 * accepted; fields of layouts newer than SMMUV3_IORT_MAX_REVISION are not
 * read.
 * Return: 0;
 *  SMMUV3_EINVAL  NULL @iort or @table, or an unknown bit in @flags;
 *  SMMUV3_EBADMSG wrong signature, Length outside 48..@size, bad
 *                 checksum, more than SMMUV3_IORT_MAX_NODES nodes, a node or
 *                 array out of
 *                 bounds.
 * On error: *@iort is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_iort_open(struct smmuv3_iort *iort,
						  const void *table,
						  size_t size, uint32_t flags);

/**
 * smmuv3_iort_next_node() - iterate over the nodes in table order.
 * @iort: an opened table.
 * @prev: 0 to start, else the offset of the previous node.
 * @node: receives the next node's header.
 * Return: 0; SMMUV3_ENOENT after the last node; SMMUV3_EINVAL for NULL
 * arguments; SMMUV3_EBADMSG if @prev is not a node's offset.
 * On error: *@node is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_next_node(const struct smmuv3_iort *iort, uint32_t prev,
		      struct smmuv3_iort_node *node);

/**
 * smmuv3_iort_get_node() - read the header of the node at an offset.
 * @iort:   an opened table.
 * @offset: a node's offset (a handle returned by this API).
 * @node:   receives its header.
 * Return: 0; SMMUV3_EINVAL for NULL arguments; SMMUV3_ENOENT if no node
 * starts at @offset.
 * On error: *@node is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_get_node(const struct smmuv3_iort *iort, uint32_t offset,
		     struct smmuv3_iort_node *node);

/**
 * smmuv3_iort_get_idmap() - read one ID mapping of a node.
 * @iort:  an opened table.
 * @node:  the node's offset.
 * @index: which mapping, below the node's nmappings.
 * @map:   receives the mapping.
 * Return: 0; SMMUV3_EINVAL for NULL arguments; SMMUV3_ENOENT if @node is
 * not a node's offset or @index is not below its mapping count;
 * SMMUV3_EBADMSG if the mapping's count field is all ones (2^32 IDs do not
 * fit a 32-bit ID space past its base).
 * On error: *@map is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_get_idmap(const struct smmuv3_iort *iort, uint32_t node,
		      uint32_t index, struct smmuv3_iort_idmap *map);

/**
 * smmuv3_iort_next_smmu() - iterate over the SMMUv3 nodes.
 * @iort: an opened table.
 * @prev: 0 to start, else the offset returned by the previous call.
 * @node: receives the next SMMUv3 node's offset.
 * Return: 0; SMMUV3_ENOENT when there are no more; SMMUV3_EINVAL for NULL
 * arguments; SMMUV3_EBADMSG if @prev is not a node's offset.
 * On error: *@node is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_next_smmu(const struct smmuv3_iort *iort, uint32_t prev,
		      uint32_t *node);

/**
 * smmuv3_iort_parse_smmu() - read one SMMUv3 node.
 * @iort: an opened table.
 * @node: offset of an SMMUv3 node (from smmuv3_iort_next_smmu() or a
 *        lookup's iommu handle).
 * @out:  receives the description (written only on success).
 *
 * Proximity domain and DeviceID mapping index are read only when their
 * flag says they are valid. An unknown model value is treated as generic.
 * Return: 0;
 *  SMMUV3_EINVAL  NULL argument;
 *  SMMUV3_ENOENT  no node starts at @node;
 *  SMMUV3_ENODEV  the node is not an SMMUv3 node;
 *  SMMUV3_EBADMSG a flagged field lies past the node's length, the
 *                 HTTU override is the reserved value 3, the DeviceID
 *                 mapping index is not below the node's mapping count, or
 *                 the base address is 0 or the window overflows 64 bits.
 * On error: *@out is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_parse_smmu(const struct smmuv3_iort *iort, uint32_t node,
		       struct smmuv3_iort_smmu *out);

/**
 * smmuv3_iort_find_rc() - the root complex node of a PCI segment.
 * @iort:    an opened table.
 * @segment: the PCI segment number.
 * @out:     receives the root complex description (the first node with
 *           that segment, in table order).
 * Return: 0; SMMUV3_EINVAL for NULL arguments; SMMUV3_ENOENT if no root
 * complex node has @segment.
 * On error: *@out is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_find_rc(const struct smmuv3_iort *iort, uint32_t segment,
		    struct smmuv3_iort_rc *out);

/**
 * smmuv3_iort_parse_rc() - read one root complex node.
 * @iort: an opened table.
 * @node: offset of a root complex node.
 * @out:  receives the description.
 *
 * PASID width and flags are read from node revisions 3 and 4 on.
 * Return: 0; SMMUV3_EINVAL for NULL arguments; SMMUV3_ENOENT if no node
 * starts at @node; SMMUV3_ENODEV if it is not a root complex node.
 * On error: *@out is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_parse_rc(const struct smmuv3_iort *iort, uint32_t node,
		     struct smmuv3_iort_rc *out);

/**
 * smmuv3_iort_find_named() - a named component by its device object name.
 * @iort: an opened table.
 * @name: the full ACPI path as in the table (e.g. "\_SB.ETH0"), compared
 *        exactly.
 * @node: receives the node's offset.
 * Return: 0; SMMUV3_EINVAL for NULL arguments; SMMUV3_ENOENT if no named
 * component has that name.
 * On error: *@node is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_find_named(const struct smmuv3_iort *iort, const char *name,
		       uint32_t *node);

/**
 * smmuv3_iort_map_id() - map an input ID of a node to an SMMUv3 StreamID.
 * @iort:  an opened table.
 * @node:  offset of the node the ID enters (root complex: a requester ID;
 *         named component: a device's own ID).
 * @id:    the input ID.
 * @iommu: receives the SMMUv3 node's offset (give it to
 *         smmuv3_iort_parse_smmu()).
 * @sid:   receives the StreamID.
 *
 * At each node the ID is looked up in the node's range mappings (single
 * mappings describe the node's own ID and are not used to translate an
 * input ID) and the output ID follows the output reference, until it
 * reaches an SMMUv3 node. Overlap rule: the first mapping in table order
 * that covers the ID wins, except that a match on a mapping's last ID
 * (input base + the Number of IDs field, when that field is not 0) yields to a
 * later mapping of the same node that starts at that ID: tables that put the
 * number of IDs where DEN 0049 wants that number minus one (QEMU 7.2's
 * root complex) then still map the next range's first ID through the next
 * mapping.
 * Return: 0;
 *  SMMUV3_EINVAL  NULL argument;
 *  SMMUV3_ENOENT  @node is not a node's offset, or no mapping covers the
 *                 ID at some node of the chain;
 *  SMMUV3_ENODEV  the chain ends at an ITS group, an SMMUv1/v2, a PMCG or
 *                 an RMR node (the ID reaches no SMMUv3);
 *  SMMUV3_EBADMSG an output reference that is not a node's offset, an
 *                 output ID overflowing 32 bits, a count field of all
 *                 ones, or more than SMMUV3_IORT_MAX_HOPS hops (a loop).
 * On error: *@iommu and *@sid are unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_map_id(const struct smmuv3_iort *iort, uint32_t node, uint32_t id,
		   uint32_t *iommu, uint32_t *sid);

/**
 * smmuv3_iort_map_rid() - map a PCI requester ID to an SMMUv3 StreamID.
 * @iort:    an opened table.
 * @segment: the PCI segment of the device.
 * @rid:     the requester ID (bus << 8 | devfn).
 * @iommu:   receives the SMMUv3 node's offset.
 * @sid:     receives the StreamID.
 *
 * smmuv3_iort_find_rc() then smmuv3_iort_map_id(), with its overlap rule.
 * Return: 0; SMMUV3_EINVAL for NULL arguments or @rid above 0xffff;
 * SMMUV3_ENOENT no root complex for @segment or no mapping covers @rid;
 * SMMUV3_ENODEV the RID reaches no SMMUv3 (e.g. mapped straight to an ITS
 * group); SMMUV3_EBADMSG as for smmuv3_iort_map_id().
 * On error: *@iommu and *@sid are unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_map_rid(const struct smmuv3_iort *iort, uint32_t segment,
		    uint32_t rid, uint32_t *iommu, uint32_t *sid);

/**
 * smmuv3_iort_master_sids() - every StreamID a node's mappings give on one
 * SMMU.
 * @iort:  an opened table.
 * @node:  offset of a named component, root complex or RMR node.
 * @iommu: offset of the SMMUv3 node.
 * @sids:  receives up to @max StreamIDs, in mapping order.
 * @max:   capacity of @sids.
 * @n:     receives the number of StreamIDs found for @iommu.
 *
 * A single mapping gives its output base; a range mapping gives one
 * StreamID per ID it covers. Each is followed through the output
 * reference chain; mappings that reach another SMMU, no SMMU, or no
 * mapping at an intermediate node contribute nothing. A range that goes
 * through an intermediate node (a named component or root complex mapping
 * again) is resolved ID by ID, at most SMMUV3_IORT_MAX_WALK_IDS per call.
 * Return: 0 (*@n may be 0);
 *  SMMUV3_EINVAL  NULL argument (@sids may be NULL only if @max is 0);
 *  SMMUV3_ENOENT  no node starts at @node;
 *  SMMUV3_EBADMSG as for smmuv3_iort_map_id() (a broken reference, an
 *                 overflowing ID, a loop), or more than
 *                 SMMUV3_IORT_MAX_WALK_IDS IDs to resolve through
 *                 intermediate nodes;
 *  SMMUV3_E2BIG   more than @max StreamIDs (*@n = the number needed,
 *                 @sids holds the first @max).
 * On error: other than SMMUV3_E2BIG, *@n is unchanged and @sids may hold
 * partial results.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_master_sids(const struct smmuv3_iort *iort, uint32_t node,
			uint32_t iommu, uint32_t *sids, size_t max, size_t *n);

/**
 * smmuv3_iort_rmr_ranges() - the reserved memory ranges of one StreamID.
 * @iort:   an opened table.
 * @iommu:  offset of the SMMUv3 node.
 * @sid:    the StreamID.
 * @ranges: receives up to @max ranges, in table order.
 * @max:    capacity of @ranges.
 * @n:      receives the number of ranges for (@iommu, @sid).
 *
 * Every RMR node whose ID mappings (followed like
 * smmuv3_iort_master_sids()) give @sid on @iommu contributes all its
 * memory range descriptors. The caller keeps these ranges mapped 1:1 for
 * the stream (an identity mapping in its domain, or bypass) from before it
 * enables translation until the owning driver takes the device over.
 * Return: 0 (*@n may be 0);
 *  SMMUV3_EINVAL  NULL argument (@ranges may be NULL only if @max is 0);
 *  SMMUV3_EBADMSG a broken reference, an overflowing ID or a loop in an
 *                 RMR node's mappings, more than
 *                 SMMUV3_IORT_MAX_WALK_IDS IDs to resolve through
 *                 intermediate nodes, or a range whose end
 *                 overflows 64 bits;
 *  SMMUV3_E2BIG   more than @max ranges (*@n = the number needed,
 *                 @ranges holds the first @max).
 * On error: other than SMMUV3_E2BIG, *@n is unchanged and @ranges may hold
 * partial results.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_iort_rmr_ranges(const struct smmuv3_iort *iort, uint32_t iommu,
		       uint32_t sid, struct smmuv3_iort_rmr_range *ranges,
		       size_t max, size_t *n);

/**
 * smmuv3_iort_irq_name() - a short name for an SMMUv3 interrupt.
 * @irq: SMMUV3_IORT_IRQ_*.
 * Return: "eventq", "priq", "gerror" or "cmdq-sync" (the device-tree
 * interrupt-names); NULL for another value.
 */
SMMUV3_API const char *smmuv3_iort_irq_name(enum smmuv3_iort_irq irq);

#endif /* SMMUV3_IORT_H */
