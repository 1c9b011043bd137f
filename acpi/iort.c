// SPDX-License-Identifier: BSD-2-Clause
/*
 * ACPI IO Remapping Table (Arm DEN 0049) discovery: SMMUv3 nodes, root
 * complex and named component ID mappings to StreamIDs, reserved memory
 * ranges. The table is untrusted: smmuv3_iort_open() walks every node once
 * and checks each length and array against the node and the table; every
 * later read is checked again (rd*() never reads past the table), node
 * references are accepted only if a node starts there, reference chains
 * stop after SMMUV3_IORT_MAX_HOPS. Little-endian byte loads throughout, so
 * the table may have any alignment and the CPU either endianness.
 */
#include <smmuv3/err.h>
#include <smmuv3/iort.h>

/* ACPI table header (36 bytes) and the IORT fields after it. */
#define HDR_LENGTH 4u
#define HDR_REVISION 8u
#define IORT_NNODES 36u
#define IORT_NODE_OFF 40u
#define IORT_HDR_SIZE 48u

/* Node header (DEN 0049, "IORT node header"). */
#define NODE_TYPE 0u
#define NODE_LENGTH 1u
#define NODE_REVISION 3u
#define NODE_ID 4u
#define NODE_NMAPS 8u
#define NODE_MAPS 12u
#define NODE_HDR_SIZE 16u

/* ID mapping (DEN 0049, "ID mapping format"). */
#define MAP_SIZE 20u
#define MAP_IN 0u
#define MAP_NUM 4u
#define MAP_OUT 8u
#define MAP_REF 12u
#define MAP_FLAGS 16u
#define MAP_SINGLE (1u << 0)

/* ITS group. */
#define ITS_COUNT 16u
#define ITS_FIXED 20u
/* Named component: flags, memory access properties, size limit, name. */
#define NC_NAME 29u
/* Root complex. */
#define RC_CCA 16u
#define RC_ATS 24u
#define RC_SEGMENT 28u
#define RC_MEMBITS 32u
#define RC_PASID 33u
#define RC_FLAGS 36u
#define RC_FIXED 36u
#define RC_FIXED_REV4 40u
/* SMMUv1/v2: global, context and PMU interrupt arrays (8 bytes each). */
#define SMMU2_GIRQ_REF 40u
#define SMMU2_CTX_N 44u
#define SMMU2_CTX_REF 48u
#define SMMU2_PMU_N 52u
#define SMMU2_PMU_REF 56u
#define SMMU2_FIXED 76u
/* SMMUv3 (DEN 0049, "SMMUv3 node"). */
#define SMMU3_BASE 16u
#define SMMU3_FLAGS 24u
#define SMMU3_VATOS 32u
#define SMMU3_MODEL 40u
#define SMMU3_GSIV 44u /* event, PRI, GERR, sync */
#define SMMU3_PXM 60u
#define SMMU3_DEVID 64u
#define SMMU3_FIXED 60u
/* PMCG. */
#define PMCG_FIXED 32u
#define PMCG_FIXED_REV1 40u
/* RMR and its memory range descriptors (DEN 0049). */
#define RMR_FLAGS 16u
#define RMR_COUNT 20u
#define RMR_REF 24u
#define RMR_FIXED 28u
#define RMR_DESC_SIZE 20u

#define MAX_NODES SMMUV3_IORT_MAX_NODES
#define MAX_IDS_PER_WALK SMMUV3_IORT_MAX_WALK_IDS

static uint32_t rd8(const struct smmuv3_iort *t, uint64_t off)
{
	return off < t->length ? t->table[off] : 0u;
}

static uint32_t rd16(const struct smmuv3_iort *t, uint64_t off)
{
	return rd8(t, off) | (rd8(t, off + 1) << 8);
}

static uint32_t rd32(const struct smmuv3_iort *t, uint64_t off)
{
	return rd16(t, off) | (rd16(t, off + 2) << 16);
}

static uint64_t rd64(const struct smmuv3_iort *t, uint64_t off)
{
	return (uint64_t)rd32(t, off) | ((uint64_t)rd32(t, off + 4) << 32);
}

/* Does [off, off + len) lie within [0, end)? (64-bit: no overflow.) */
static bool within(uint64_t off, uint64_t len, uint64_t end)
{
	return off <= end && len <= end - off;
}

static void read_node(const struct smmuv3_iort *t, uint32_t off,
		      struct smmuv3_iort_node *n)
{
	n->offset = off;
	n->type = (uint8_t)rd8(t, off + NODE_TYPE);
	n->length = (uint16_t)rd16(t, off + NODE_LENGTH);
	n->revision = (uint8_t)rd8(t, off + NODE_REVISION);
	n->identifier = rd32(t, off + NODE_ID);
	n->nmappings = rd32(t, off + NODE_NMAPS);
	n->mappings = rd32(t, off + NODE_MAPS);
}

/* An array of @count entries of @size bytes at @ref inside the node. */
static bool array_ok(const struct smmuv3_iort_node *n, uint32_t ref,
		     uint32_t count, uint32_t size)
{
	if (!count)
		return true;
	return ref >= NODE_HDR_SIZE &&
	       within(ref, (uint64_t)count * size, n->length);
}

/* The type-specific shape of one node (DEN 0049, the node formats). */
static bool node_ok(const struct smmuv3_iort *t,
		    const struct smmuv3_iort_node *n)
{
	uint32_t o = n->offset, i;

	if (!array_ok(n, n->mappings, n->nmappings, MAP_SIZE))
		return false;
	switch (n->type) {
	case SMMUV3_IORT_NODE_ITS_GROUP:
		return n->length >= ITS_FIXED &&
		       within(ITS_FIXED, (uint64_t)rd32(t, o + ITS_COUNT) * 4u,
			      n->length);
	case SMMUV3_IORT_NODE_NAMED_COMPONENT:
		/* The object name is a NUL-terminated string in the node. */
		for (i = NC_NAME; i < n->length; i++)
			if (!rd8(t, (uint64_t)o + i))
				return true;
		return false;
	case SMMUV3_IORT_NODE_ROOT_COMPLEX:
		return n->length >=
		       (n->revision >= 4 ? RC_FIXED_REV4 : RC_FIXED);
	case SMMUV3_IORT_NODE_SMMU_V1V2:
		return n->length >= SMMU2_FIXED &&
		       array_ok(n, rd32(t, o + SMMU2_GIRQ_REF), 2u, 8u) &&
		       array_ok(n, rd32(t, o + SMMU2_CTX_REF),
				rd32(t, o + SMMU2_CTX_N), 8u) &&
		       array_ok(n, rd32(t, o + SMMU2_PMU_REF),
				rd32(t, o + SMMU2_PMU_N), 8u);
	case SMMUV3_IORT_NODE_SMMU_V3:
		return n->length >= SMMU3_FIXED;
	case SMMUV3_IORT_NODE_PMCG:
		return n->length >=
		       (n->revision >= 1 ? PMCG_FIXED_REV1 : PMCG_FIXED);
	case SMMUV3_IORT_NODE_RMR:
		return n->length >= RMR_FIXED &&
		       array_ok(n, rd32(t, o + RMR_REF), rd32(t, o + RMR_COUNT),
				RMR_DESC_SIZE);
	default:
		return true; /* a later revision's type: walked over */
	}
}

static uint8_t checksum(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;
	uint32_t i;

	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum;
}

int smmuv3_iort_open(struct smmuv3_iort *iort, const void *table, size_t size,
		     uint32_t flags)
{
	struct smmuv3_iort t, hdr;
	const uint8_t *p = table;
	uint32_t off, i;

	if (!iort || !table || (flags & ~SMMUV3_IORT_OPEN_NO_CHECKSUM))
		return SMMUV3_EINVAL;
	if (size < IORT_HDR_SIZE || p[0] != 'I' || p[1] != 'O' || p[2] != 'R' ||
	    p[3] != 'T')
		return SMMUV3_EBADMSG;
	hdr.table = p;
	hdr.length = IORT_HDR_SIZE; /* readable: size >= IORT_HDR_SIZE */
	t.table = p;
	t.length = rd32(&hdr, HDR_LENGTH);
	if (t.length < IORT_HDR_SIZE || t.length > size)
		return SMMUV3_EBADMSG;
	if (!(flags & SMMUV3_IORT_OPEN_NO_CHECKSUM) &&
	    checksum(p, t.length) != 0)
		return SMMUV3_EBADMSG;
	t.revision = (uint8_t)rd8(&t, HDR_REVISION);
	t.nodes = rd32(&t, IORT_NNODES);
	t.node_off = rd32(&t, IORT_NODE_OFF);
	if (t.nodes > MAX_NODES ||
	    (t.nodes && (t.node_off < IORT_HDR_SIZE || t.node_off > t.length)))
		return SMMUV3_EBADMSG;
	for (i = 0, off = t.node_off; i < t.nodes; i++) {
		struct smmuv3_iort_node n;

		if (!within(off, NODE_HDR_SIZE, t.length))
			return SMMUV3_EBADMSG;
		read_node(&t, off, &n);
		if (n.length < NODE_HDR_SIZE ||
		    !within(off, n.length, t.length) || !node_ok(&t, &n))
			return SMMUV3_EBADMSG;
		off += n.length;
	}
	*iort = t;
	return 0;
}

/*
 * The index of the node at @off, or -1 if no node starts there. O(nodes):
 * the walk was validated by smmuv3_iort_open().
 */
static int64_t node_index(const struct smmuv3_iort *t, uint32_t off)
{
	uint32_t i, o = t->node_off;

	for (i = 0; i < t->nodes; i++) {
		if (o == off)
			return i;
		if (o > off)
			break;
		o += rd16(t, (uint64_t)o + NODE_LENGTH);
	}
	return -1;
}

int smmuv3_iort_get_node(const struct smmuv3_iort *iort, uint32_t offset,
			 struct smmuv3_iort_node *node)
{
	if (!iort || !node)
		return SMMUV3_EINVAL;
	if (node_index(iort, offset) < 0)
		return SMMUV3_ENOENT;
	read_node(iort, offset, node);
	return 0;
}

int smmuv3_iort_next_node(const struct smmuv3_iort *iort, uint32_t prev,
			  struct smmuv3_iort_node *node)
{
	uint32_t next;

	if (!iort || !node)
		return SMMUV3_EINVAL;
	if (!prev) {
		if (!iort->nodes)
			return SMMUV3_ENOENT;
		next = iort->node_off;
	} else {
		int64_t idx = node_index(iort, prev);

		if (idx < 0)
			return SMMUV3_EBADMSG;
		if ((uint64_t)idx + 1u >= iort->nodes)
			return SMMUV3_ENOENT;
		next = prev + rd16(iort, (uint64_t)prev + NODE_LENGTH);
	}
	read_node(iort, next, node);
	return 0;
}

static void read_map(const struct smmuv3_iort *t,
		     const struct smmuv3_iort_node *n, uint32_t index,
		     struct smmuv3_iort_idmap *m)
{
	uint64_t a =
		(uint64_t)n->offset + n->mappings + (uint64_t)index * MAP_SIZE;

	m->input_base = rd32(t, a + MAP_IN);
	m->count = (uint64_t)rd32(t, a + MAP_NUM) + 1u;
	m->output_base = rd32(t, a + MAP_OUT);
	m->output_ref = rd32(t, a + MAP_REF);
	m->single = rd32(t, a + MAP_FLAGS) & MAP_SINGLE;
}

int smmuv3_iort_get_idmap(const struct smmuv3_iort *iort, uint32_t node,
			  uint32_t index, struct smmuv3_iort_idmap *map)
{
	struct smmuv3_iort_node n;
	struct smmuv3_iort_idmap m;

	if (!iort || !map)
		return SMMUV3_EINVAL;
	if (node_index(iort, node) < 0)
		return SMMUV3_ENOENT;
	read_node(iort, node, &n);
	if (index >= n.nmappings)
		return SMMUV3_ENOENT;
	read_map(iort, &n, index, &m);
	if (m.count > 0xffffffffu)
		return SMMUV3_EBADMSG;
	*map = m;
	return 0;
}

/*
 * The next node of @type after the node at @prev (0: from the start), in
 * one walk. Return: 0; SMMUV3_ENOENT after the last; SMMUV3_EBADMSG if no
 * node starts at @prev.
 */
static int next_of_type(const struct smmuv3_iort *t, uint32_t prev,
			uint8_t type, struct smmuv3_iort_node *out)
{
	bool started = !prev;
	uint32_t i, o = t->node_off;

	for (i = 0; i < t->nodes;
	     i++, o += rd16(t, (uint64_t)o + NODE_LENGTH)) {
		if (!started) {
			started = o == prev;
			continue;
		}
		if (rd8(t, o) == type) {
			read_node(t, o, out);
			return 0;
		}
	}
	return started ? SMMUV3_ENOENT : SMMUV3_EBADMSG;
}

int smmuv3_iort_next_smmu(const struct smmuv3_iort *iort, uint32_t prev,
			  uint32_t *node)
{
	struct smmuv3_iort_node n;
	int ret;

	if (!iort || !node)
		return SMMUV3_EINVAL;
	ret = next_of_type(iort, prev, SMMUV3_IORT_NODE_SMMU_V3, &n);
	if (ret)
		return ret;
	*node = n.offset;
	return 0;
}

int smmuv3_iort_parse_smmu(const struct smmuv3_iort *iort, uint32_t node,
			   struct smmuv3_iort_smmu *out)
{
	struct smmuv3_iort_smmu s = {0};
	struct smmuv3_iort_node n;
	uint32_t httu, i;

	if (!iort || !out)
		return SMMUV3_EINVAL;
	if (node_index(iort, node) < 0)
		return SMMUV3_ENOENT;
	read_node(iort, node, &n);
	if (n.type != SMMUV3_IORT_NODE_SMMU_V3)
		return SMMUV3_ENODEV;
	s.node = node;
	s.identifier = n.identifier;
	s.base = rd64(iort, (uint64_t)node + SMMU3_BASE);
	s.flags = rd32(iort, (uint64_t)node + SMMU3_FLAGS);
	s.vatos = rd64(iort, (uint64_t)node + SMMU3_VATOS);
	s.model = rd32(iort, (uint64_t)node + SMMU3_MODEL);
	for (i = 0; i < SMMUV3_IORT_IRQ_COUNT; i++)
		s.gsiv[i] = rd32(iort, (uint64_t)node + SMMU3_GSIV + 4u * i);
	if (s.flags & SMMUV3_IORT_SMMU_PXM_VALID) {
		if (n.length < SMMU3_PXM + 4u)
			return SMMUV3_EBADMSG;
		s.has_pxm = true;
		s.pxm = rd32(iort, (uint64_t)node + SMMU3_PXM);
	}
	if (s.flags & SMMUV3_IORT_SMMU_DEVID_VALID) {
		if (n.length < SMMU3_DEVID + 4u)
			return SMMUV3_EBADMSG;
		s.has_devid_index = true;
		s.devid_index = rd32(iort, (uint64_t)node + SMMU3_DEVID);
		if (s.devid_index >= n.nmappings)
			return SMMUV3_EBADMSG;
	}
	if (s.flags & SMMUV3_IORT_SMMU_COHACC)
		s.fw.flags |= SMMUV3_FW_COHERENT;
	httu = SMMUV3_FIELD_GET(SMMUV3_IORT_SMMU_HTTU, s.flags);
	if (httu == 3u)
		return SMMUV3_EBADMSG; /* reserved */
	if (httu) {
		/* 1: access flag, 2: access and dirty: IDR0.HTTU's encoding. */
		s.fw.flags |= SMMUV3_FW_HTTU_OVERRIDE;
		s.fw.fw_httu = (uint8_t)httu;
	}
	s.size = SMMUV3_IORT_REG_SIZE;
	if (s.model == SMMUV3_IORT_MODEL_CAVIUM_CN99XX) {
		/* Page 1 registers are aliased in page 0 only. */
		s.fw.flags |= SMMUV3_FW_QUIRK_PAGE0_ONLY;
		s.size = SMMUV3_IORT_REG_SIZE_PAGE0;
	} else if (s.model == SMMUV3_IORT_MODEL_HISILICON_HI161X) {
		/* CMD_PREFETCH_* must not be issued. */
		s.fw.flags |= SMMUV3_FW_QUIRK_BROKEN_PREFETCH;
	}
	if (!s.base || s.base > UINT64_MAX - s.size + 1u)
		return SMMUV3_EBADMSG;
	*out = s;
	return 0;
}

static void read_rc(const struct smmuv3_iort *t,
		    const struct smmuv3_iort_node *n, struct smmuv3_iort_rc *rc)
{
	uint64_t o = n->offset;

	rc->node = n->offset;
	rc->coherent = rd32(t, o + RC_CCA) & 1u;
	rc->ats = rd32(t, o + RC_ATS);
	rc->segment = rd32(t, o + RC_SEGMENT);
	rc->mem_bits = (uint8_t)rd8(t, o + RC_MEMBITS);
	/* PASID capabilities bits [4:0]: max PASID width. */
	rc->pasid_bits =
		n->revision >= 3 ? (uint8_t)(rd16(t, o + RC_PASID) & 0x1fu) : 0;
	rc->flags = n->revision >= 4 ? rd32(t, o + RC_FLAGS) : 0;
}

int smmuv3_iort_find_rc(const struct smmuv3_iort *iort, uint32_t segment,
			struct smmuv3_iort_rc *out)
{
	struct smmuv3_iort_node n;
	uint32_t prev = 0;

	if (!iort || !out)
		return SMMUV3_EINVAL;
	while (!next_of_type(iort, prev, SMMUV3_IORT_NODE_ROOT_COMPLEX, &n)) {
		if (rd32(iort, (uint64_t)n.offset + RC_SEGMENT) == segment) {
			read_rc(iort, &n, out);
			return 0;
		}
		prev = n.offset;
	}
	return SMMUV3_ENOENT;
}

int smmuv3_iort_parse_rc(const struct smmuv3_iort *iort, uint32_t node,
			 struct smmuv3_iort_rc *out)
{
	struct smmuv3_iort_node n;

	if (!iort || !out)
		return SMMUV3_EINVAL;
	if (node_index(iort, node) < 0)
		return SMMUV3_ENOENT;
	read_node(iort, node, &n);
	if (n.type != SMMUV3_IORT_NODE_ROOT_COMPLEX)
		return SMMUV3_ENODEV;
	read_rc(iort, &n, out);
	return 0;
}

int smmuv3_iort_find_named(const struct smmuv3_iort *iort, const char *name,
			   uint32_t *node)
{
	struct smmuv3_iort_node n;
	uint32_t prev = 0, i;

	if (!iort || !name || !node)
		return SMMUV3_EINVAL;
	while (!next_of_type(iort, prev, SMMUV3_IORT_NODE_NAMED_COMPONENT,
			     &n)) {
		/* The name is NUL-terminated inside the node (open). */
		for (i = 0; NC_NAME + i < n.length; i++) {
			uint32_t c =
				rd8(iort, (uint64_t)n.offset + NC_NAME + i);

			if (c != (uint8_t)name[i])
				break;
			if (!c) {
				*node = n.offset;
				return 0;
			}
		}
		prev = n.offset;
	}
	return SMMUV3_ENOENT;
}

/*
 * The range mapping of node @n that translates @id, by the overlap rule of
 * smmuv3_iort_map_id(). Return: 0 with *m set; SMMUV3_ENOENT if none;
 * SMMUV3_EBADMSG for a count field of all ones.
 */
static int find_map(const struct smmuv3_iort *t,
		    const struct smmuv3_iort_node *n, uint32_t id,
		    struct smmuv3_iort_idmap *out)
{
	struct smmuv3_iort_idmap m, tentative;
	bool have_tentative = false;
	uint32_t i;

	for (i = 0; i < n->nmappings; i++) {
		read_map(t, n, i, &m);
		if (m.count > 0xffffffffu)
			return SMMUV3_EBADMSG;
		if (m.single || id < m.input_base ||
		    id - m.input_base >= m.count)
			continue;
		if (have_tentative) {
			if (id != m.input_base)
				continue; /* otherwise the first one wins */
			*out = m;
			return 0;
		}
		if (m.count >= 2u && id - m.input_base == m.count - 1u) {
			/* The last ID: a later range starting here wins. */
			tentative = m;
			have_tentative = true;
			continue;
		}
		*out = m;
		return 0;
	}
	if (!have_tentative)
		return SMMUV3_ENOENT;
	*out = tentative;
	return 0;
}

/*
 * Follow @id from the node at @off (already known to be a node) through
 * range mappings until an SMMUv3 node. @hops counts the references already
 * followed.
 */
static int resolve(const struct smmuv3_iort *t, uint32_t off, uint32_t id,
		   uint32_t hops, uint32_t *iommu, uint32_t *sid)
{
	for (;; hops++) {
		struct smmuv3_iort_node n;
		struct smmuv3_iort_idmap m;
		uint64_t out;
		int ret;

		read_node(t, off, &n);
		if (hops) {
			switch (n.type) {
			case SMMUV3_IORT_NODE_SMMU_V3:
				*iommu = off;
				*sid = id;
				return 0;
			case SMMUV3_IORT_NODE_NAMED_COMPONENT:
			case SMMUV3_IORT_NODE_ROOT_COMPLEX:
				break; /* an intermediate node: map again */
			default:
				return SMMUV3_ENODEV;
			}
		}
		if (hops >= SMMUV3_IORT_MAX_HOPS)
			return SMMUV3_EBADMSG;
		ret = find_map(t, &n, id, &m);
		if (ret)
			return ret;
		out = (uint64_t)m.output_base + (id - m.input_base);
		if (out > 0xffffffffu || node_index(t, m.output_ref) < 0)
			return SMMUV3_EBADMSG;
		off = m.output_ref;
		id = (uint32_t)out;
	}
}

int smmuv3_iort_map_id(const struct smmuv3_iort *iort, uint32_t node,
		       uint32_t id, uint32_t *iommu, uint32_t *sid)
{
	uint32_t i = 0, s = 0;
	int ret;

	if (!iort || !iommu || !sid)
		return SMMUV3_EINVAL;
	if (node_index(iort, node) < 0)
		return SMMUV3_ENOENT;
	ret = resolve(iort, node, id, 0, &i, &s);
	if (ret)
		return ret;
	*iommu = i;
	*sid = s;
	return 0;
}

int smmuv3_iort_map_rid(const struct smmuv3_iort *iort, uint32_t segment,
			uint32_t rid, uint32_t *iommu, uint32_t *sid)
{
	struct smmuv3_iort_rc rc;
	int ret;

	if (!iort || !iommu || !sid || rid > 0xffffu)
		return SMMUV3_EINVAL;
	ret = smmuv3_iort_find_rc(iort, segment, &rc);
	if (ret)
		return ret;
	return smmuv3_iort_map_id(iort, rc.node, rid, iommu, sid);
}

/* Where the StreamIDs a walk finds go: @cb gets runs (first SID, count). */
struct sid_sink {
	int (*cb)(struct sid_sink *sink, uint32_t first, uint64_t count);
	uint32_t *sids;
	uint64_t max, n;
	uint32_t want; /* rmr: the StreamID looked for */
	bool hit;
	uint32_t budget; /* IDs left to resolve one by one */
};

/*
 * Visit every StreamID on @iommu that mapping @m gives. Ranges that go
 * straight to @iommu are one run; ranges into an intermediate node are
 * resolved ID by ID, from the sink's budget (MAX_IDS_PER_WALK per call).
 * @drop_last: the range's last ID belongs to a later mapping (the overlap
 * rule).
 */
static int visit_map(const struct smmuv3_iort *t,
		     const struct smmuv3_iort_idmap *m, bool drop_last,
		     uint32_t iommu, struct sid_sink *sink)
{
	struct smmuv3_iort_node target;
	uint64_t count = m->single ? 1u : m->count, k;
	uint32_t got_iommu, sid;
	int ret;

	if (count > 0xffffffffu)
		return SMMUV3_EBADMSG;
	if (drop_last)
		count--;
	if ((uint64_t)m->output_base + count - 1u > 0xffffffffu ||
	    node_index(t, m->output_ref) < 0)
		return SMMUV3_EBADMSG;
	read_node(t, m->output_ref, &target);
	if (target.type == SMMUV3_IORT_NODE_SMMU_V3)
		return m->output_ref == iommu
			       ? sink->cb(sink, m->output_base, count)
			       : 0;
	if (target.type != SMMUV3_IORT_NODE_NAMED_COMPONENT &&
	    target.type != SMMUV3_IORT_NODE_ROOT_COMPLEX)
		return 0; /* ITS group, SMMUv1/v2, ...: no SMMUv3 StreamID */
	if (count > sink->budget)
		return SMMUV3_EBADMSG;
	sink->budget -= (uint32_t)count;
	for (k = 0; k < count; k++) {
		ret = resolve(t, m->output_ref, (uint32_t)(m->output_base + k),
			      1, &got_iommu, &sid);
		if (ret == SMMUV3_ENOENT || ret == SMMUV3_ENODEV)
			continue;
		if (ret)
			return ret;
		if (got_iommu == iommu) {
			ret = sink->cb(sink, sid, 1);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Does a later range mapping of @n start at mapping @i's last ID? */
static bool last_id_taken(const struct smmuv3_iort *t,
			  const struct smmuv3_iort_node *n, uint32_t i,
			  const struct smmuv3_iort_idmap *m)
{
	struct smmuv3_iort_idmap l;
	uint32_t j;

	if (m->single || m->count < 2u || m->count > 0xffffffffu)
		return false;
	for (j = i + 1; j < n->nmappings; j++) {
		read_map(t, n, j, &l);
		if (!l.single && l.input_base == m->input_base + m->count - 1u)
			return true;
	}
	return false;
}

static int visit_node(const struct smmuv3_iort *t, uint32_t node,
		      uint32_t iommu, struct sid_sink *sink)
{
	struct smmuv3_iort_node n;
	struct smmuv3_iort_idmap m;
	uint32_t i;
	int ret;

	read_node(t, node, &n);
	for (i = 0; i < n.nmappings; i++) {
		read_map(t, &n, i, &m);
		ret = visit_map(t, &m, last_id_taken(t, &n, i, &m), iommu,
				sink);
		if (ret)
			return ret;
	}
	return 0;
}

static int collect_sids(struct sid_sink *sink, uint32_t first, uint64_t count)
{
	uint64_t k;

	for (k = 0; k < count && sink->n + k < sink->max; k++)
		sink->sids[sink->n + k] = (uint32_t)(first + k);
	sink->n += (size_t)count;
	return 0;
}

int smmuv3_iort_master_sids(const struct smmuv3_iort *iort, uint32_t node,
			    uint32_t iommu, uint32_t *sids, size_t max,
			    size_t *n)
{
	struct sid_sink sink = {collect_sids,	 sids, max, 0, 0, false,
				MAX_IDS_PER_WALK};
	int ret;

	if (!iort || !n || (!sids && max))
		return SMMUV3_EINVAL;
	if (node_index(iort, node) < 0)
		return SMMUV3_ENOENT;
	ret = visit_node(iort, node, iommu, &sink);
	if (ret)
		return ret;
	*n = sink.n > SIZE_MAX ? SIZE_MAX : (size_t)sink.n;
	return sink.n > max ? SMMUV3_E2BIG : 0;
}

static int match_sid(struct sid_sink *sink, uint32_t first, uint64_t count)
{
	if (sink->want >= first && sink->want - first < count)
		sink->hit = true;
	return 0;
}

int smmuv3_iort_rmr_ranges(const struct smmuv3_iort *iort, uint32_t iommu,
			   uint32_t sid, struct smmuv3_iort_rmr_range *ranges,
			   size_t max, size_t *n)
{
	struct sid_sink sink = {match_sid,	 NULL, 0, 0, sid, false,
				MAX_IDS_PER_WALK};
	struct smmuv3_iort_node rmr;
	uint32_t prev = 0, i;
	size_t found = 0;
	int ret;

	if (!iort || !n || (!ranges && max))
		return SMMUV3_EINVAL;
	while (!next_of_type(iort, prev, SMMUV3_IORT_NODE_RMR, &rmr)) {
		uint64_t o = rmr.offset;
		uint32_t count = rd32(iort, o + RMR_COUNT);
		uint64_t desc = o + rd32(iort, o + RMR_REF);

		prev = rmr.offset;
		sink.hit = false;
		ret = visit_node(iort, rmr.offset, iommu, &sink);
		if (ret)
			return ret;
		if (!sink.hit)
			continue;
		for (i = 0; i < count; i++, desc += RMR_DESC_SIZE) {
			struct smmuv3_iort_rmr_range r;

			r.node = rmr.offset;
			r.flags = rd32(iort, o + RMR_FLAGS);
			r.base = rd64(iort, desc);
			r.length = rd64(iort, desc + 8u);
			if (r.length && r.base > UINT64_MAX - (r.length - 1u))
				return SMMUV3_EBADMSG;
			if (found < max)
				ranges[found] = r;
			found++;
		}
	}
	*n = found;
	return found > max ? SMMUV3_E2BIG : 0;
}

const char *smmuv3_iort_irq_name(enum smmuv3_iort_irq irq)
{
	/* Text in arrays, no pointers: no relocated data (freestanding). */
	static const char names[SMMUV3_IORT_IRQ_COUNT][10] = {
		[SMMUV3_IORT_IRQ_EVENTQ] = "eventq",
		[SMMUV3_IORT_IRQ_PRIQ] = "priq",
		[SMMUV3_IORT_IRQ_GERROR] = "gerror",
		[SMMUV3_IORT_IRQ_CMDQ_SYNC] = "cmdq-sync",
	};

	if ((unsigned int)irq >= SMMUV3_IORT_IRQ_COUNT)
		return NULL;
	return names[irq];
}
