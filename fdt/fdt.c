// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device-tree discovery of SMMUv3 instances and of the stream IDs of their
 * masters, on top of libfdt. The blob is untrusted: it is validated as a
 * whole once (fdt_check_full) and every property length is checked before
 * a cell is read, every loop advances by at least one cell and every walk
 * up the tree has a fixed bound. Built as its own library (smmuv3::fdt) so
 * the freestanding core has no libfdt dependency.
 */
#include <libfdt.h>

#include <smmuv3/err.h>
#include <smmuv3/fdt.h>

#define CELL 4u
/* Deepest ancestor chain searched for "interrupt-parent". */
#define MAX_DEPTH 64u
/* #address-cells and #size-cells above this are refused (libfdt's limit). */
#define MAX_NCELLS 4u
/* #iommu-cells of another IOMMU referenced from "iommus". */
#define MAX_IOMMU_CELLS 4u

static const char *const irq_names[SMMUV3_FDT_IRQ_COUNT] = {
	[SMMUV3_FDT_IRQ_EVENTQ] = "eventq",
	[SMMUV3_FDT_IRQ_GERROR] = "gerror",
	[SMMUV3_FDT_IRQ_PRIQ] = "priq",
	[SMMUV3_FDT_IRQ_CMDQ_SYNC] = "cmdq-sync",
	[SMMUV3_FDT_IRQ_COMBINED] = "combined",
};

const char *smmuv3_fdt_irq_name(enum smmuv3_fdt_irq irq)
{
	if ((unsigned int)irq >= SMMUV3_FDT_IRQ_COUNT)
		return NULL;
	return irq_names[irq];
}

static int fdt_err(int err)
{
	return err == -FDT_ERR_NOTFOUND ? SMMUV3_ENOENT : SMMUV3_EBADMSG;
}

/* Big-endian cell @i of a property already checked to hold it. */
static uint32_t cell_at(const void *val, uint32_t i)
{
	const uint8_t *p = (const uint8_t *)val + (size_t)i * CELL;

	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/*
 * Look up a property. Return: 0 with *val and *len (bytes) set;
 * SMMUV3_ENOENT if absent; SMMUV3_EBADMSG if the blob is malformed there.
 */
static int get_prop(const struct smmuv3_fdt *fdt, int node, const char *name,
		    const void **val, uint32_t *len)
{
	int l = 0;
	const void *v = fdt_getprop(fdt->blob, node, name, &l);

	if (!v)
		return fdt_err(l);
	if (l < 0)
		return SMMUV3_EBADMSG;
	*val = v;
	*len = (uint32_t)l;
	return 0;
}

/* A one-cell property. ENOENT if absent, EBADMSG unless exactly 4 bytes. */
static int get_u32(const struct smmuv3_fdt *fdt, int node, const char *name,
		   uint32_t *out)
{
	const void *v = NULL;
	uint32_t len = 0;
	int ret = get_prop(fdt, node, name, &v, &len);

	if (ret)
		return ret;
	if (len != CELL)
		return SMMUV3_EBADMSG;
	*out = cell_at(v, 0);
	return 0;
}

/* Whether a (boolean) property exists: 1, 0, or SMMUV3_EBADMSG. */
static int has_prop(const struct smmuv3_fdt *fdt, int node, const char *name)
{
	const void *v = NULL;
	uint32_t len = 0;
	int ret = get_prop(fdt, node, name, &v, &len);

	if (ret == SMMUV3_ENOENT)
		return 0;
	return ret ? ret : 1;
}

/* Cells [i, i + n) as one number; SMMUV3_ERANGE beyond 64 bits. */
static int read_cells(const void *val, uint32_t i, uint32_t n, uint64_t *out)
{
	uint64_t v = 0;
	uint32_t k;

	for (k = 0; k < n; k++) {
		if (v >> 32)
			return SMMUV3_ERANGE;
		v = (v << 32) | cell_at(val, i + k);
	}
	*out = v;
	return 0;
}

/*
 * Walk the structure block once with our own bounds before libfdt does:
 * libfdt 1.6.1 loops forever on a property whose length field makes the
 * next-tag offset go backwards (found by fuzzing; a "negative" length
 * such as 0xfffffff4). Every step here advances at least 4 bytes and
 * every length is checked against the end of the block.
 */
static bool struct_block_ok(const uint8_t *b, uint32_t total)
{
	uint32_t off = fdt_off_dt_struct(b), sz = fdt_size_dt_struct(b);
	uint32_t soff = fdt_off_dt_strings(b), ssz = fdt_size_dt_strings(b);
	uint32_t p, end;

	if (off > total || sz > total - off || soff > total ||
	    ssz > total - soff || (off & 3u))
		return false;
	p = off;
	end = off + sz;
	while (end - p >= CELL) {
		uint32_t tag = cell_at(b, p / CELL), len, nameoff;

		p += CELL;
		switch (tag) {
		case FDT_BEGIN_NODE:
			while (p < end && b[p] != 0)
				p++;
			if (p >= end)
				return false;
			p++; /* the NUL */
			break;
		case FDT_PROP:
			if (end - p < 2u * CELL)
				return false;
			len = cell_at(b, p / CELL);
			nameoff = cell_at(b, p / CELL + 1u);
			p += 2u * CELL;
			if (len > end - p || nameoff >= ssz)
				return false;
			p += len;
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			break;
		case FDT_END:
			return true;
		default:
			return false;
		}
		/* Tokens are 4-byte aligned; the padding must be in the block.
		 */
		if (p & 3u) {
			if (end - p < CELL - (p & 3u))
				return false;
			p += CELL - (p & 3u);
		}
	}
	return false;
}

/* Size of the version 17 header (struct fdt_header). */
#define HDR_SIZE 40u
/* A memory-reservation entry: two big-endian 64-bit words. */
#define RSV_ENTRY 16u

/*
 * The header's block offsets, checked before libfdt reads through them
 * (libfdt 1.6.1 makes a misaligned 64-bit access through an
 * off_mem_rsvmap that is not 8-aligned, found by fuzzing): the
 * memory-reservation map starts 8-aligned after the header and its
 * entries, up to the one of size 0 that ends it, lie inside @total; the
 * structure block starts 4-aligned after the header; the strings block
 * starts after the header. @total is already known to be readable.
 */
static bool header_offsets_ok(const uint8_t *b, uint32_t total)
{
	uint32_t rsv = fdt_off_mem_rsvmap(b), p;

	if (total < HDR_SIZE || rsv < HDR_SIZE || (rsv & 7u) ||
	    fdt_off_dt_struct(b) < HDR_SIZE || (fdt_off_dt_struct(b) & 3u) ||
	    fdt_off_dt_strings(b) < HDR_SIZE)
		return false;
	for (p = rsv; p <= total && total - p >= RSV_ENTRY; p += RSV_ENTRY) {
		/* The size word: cells 2 and 3 of the entry. */
		if (cell_at(b, p / CELL + 2u) == 0 &&
		    cell_at(b, p / CELL + 3u) == 0)
			return true;
	}
	return false; /* no terminating entry inside the blob */
}

int smmuv3_fdt_open(struct smmuv3_fdt *fdt, const void *blob, size_t size)
{
	if (!fdt || !blob || size > 0x7fffffffu)
		return SMMUV3_EINVAL;
	/* libfdt refuses blobs that are not 8-byte aligned. */
	if ((uintptr_t)blob & 7u)
		return SMMUV3_EINVAL;
	if (size < sizeof(struct fdt_header))
		return SMMUV3_EBADMSG;
	/*
	 * Only version 17 layouts (dtc's output since 2008): libfdt 1.6's
	 * fdt_check_full() dereferences NULL on some pre-v16 blobs (found by
	 * fuzzing), and v17 carries size_dt_struct, which bounds every walk.
	 */
	if (fdt_version(blob) < 17)
		return SMMUV3_EBADMSG;
	/*
	 * Our checks of the offsets, then libfdt's header-only check (reads
	 * the 40-byte header), then our own walk of the structure block.
	 */
	if (fdt_totalsize(blob) > size ||
	    !header_offsets_ok(blob, fdt_totalsize(blob)) ||
	    fdt_check_header(blob) != 0 ||
	    !struct_block_ok(blob, fdt_totalsize(blob)))
		return SMMUV3_EBADMSG;
	if (fdt_check_full(blob, size) != 0)
		return SMMUV3_EBADMSG;
	fdt->blob = blob;
	fdt->size = size;
	return 0;
}

int smmuv3_fdt_next_smmu(const struct smmuv3_fdt *fdt, int prev, int *node)
{
	int off;

	if (!fdt || !fdt->blob || !node || prev < -1)
		return SMMUV3_EINVAL;
	off = fdt_node_offset_by_compatible(fdt->blob, prev, "arm,smmu-v3");
	if (off < 0)
		return fdt_err(off);
	*node = off;
	return 0;
}

/* The first "reg" entry, with the parent's cell counts. */
static int parse_reg(const struct smmuv3_fdt *fdt, int node,
		     struct smmuv3_fdt_smmu *s)
{
	int parent = fdt_parent_offset(fdt->blob, node);
	int ac, sc, ret;
	const void *v = NULL;
	uint32_t len, entry;

	if (parent < 0)
		return SMMUV3_EBADMSG;
	ac = fdt_address_cells(fdt->blob, parent);
	sc = fdt_size_cells(fdt->blob, parent);
	if (ac < 1 || ac > (int)MAX_NCELLS || sc < 1 || sc > (int)MAX_NCELLS)
		return SMMUV3_EBADMSG;
	ret = get_prop(fdt, node, "reg", &v, &len);
	if (ret)
		return SMMUV3_EBADMSG;
	entry = (uint32_t)(ac + sc) * CELL;
	if (len < entry || len % entry)
		return SMMUV3_EBADMSG;
	ret = read_cells(v, 0, (uint32_t)ac, &s->base);
	if (!ret)
		ret = read_cells(v, (uint32_t)ac, (uint32_t)sc, &s->size);
	/* The window [base, base + size) must not wrap past 2^64. */
	if (!ret && s->size && s->base > UINT64_MAX - (s->size - 1u))
		ret = SMMUV3_ERANGE;
	return ret;
}

/* The interrupt controller: "interrupt-parent" here or on an ancestor. */
static int find_irq_parent(const struct smmuv3_fdt *fdt, int node,
			   uint32_t *phandle)
{
	unsigned int depth;
	int n = node;

	for (depth = 0; depth < MAX_DEPTH && n >= 0; depth++) {
		int ret = get_u32(fdt, n, "interrupt-parent", phandle);

		if (ret != SMMUV3_ENOENT)
			return ret;
		if (n == 0)
			break;
		n = fdt_parent_offset(fdt->blob, n);
	}
	return SMMUV3_EBADMSG;
}

/* #interrupt-cells of the controller @phandle (1..SMMUV3_FDT_IRQ_MAX_CELLS). */
static int irq_cells(const struct smmuv3_fdt *fdt, uint32_t phandle,
		     uint32_t *ncells)
{
	int ctrl = fdt_node_offset_by_phandle(fdt->blob, phandle);

	if (ctrl < 0 || get_u32(fdt, ctrl, "#interrupt-cells", ncells))
		return SMMUV3_EBADMSG;
	if (*ncells < 1 || *ncells > SMMUV3_FDT_IRQ_MAX_CELLS)
		return SMMUV3_EBADMSG;
	return 0;
}

/*
 * Specifier @idx of "interrupts" (all with the parent's @ncells) or of
 * "interrupts-extended" (each <phandle cells...>, @ncells unused): its
 * controller, cell count and first cell. Every entry before it is checked
 * on the way. Return: 0, SMMUV3_ENOENT past the end, SMMUV3_EBADMSG.
 */
static int irq_spec_at(const struct smmuv3_fdt *fdt, const void *v,
		       uint32_t len, bool ext, uint32_t parent, uint32_t ncells,
		       uint32_t idx, struct smmuv3_fdt_irq_spec *spec)
{
	uint32_t total = len / CELL, pos = 0, i, k;

	for (i = 0; pos < total; i++) {
		uint32_t ctrl = parent, n = ncells;
		int ret;

		/* Bounded work per call, whatever the blob says. */
		if (i >= SMMUV3_FDT_MAX_IRQS)
			return SMMUV3_EBADMSG;
		if (ext) {
			ctrl = cell_at(v, pos++);
			ret = irq_cells(fdt, ctrl, &n);
			if (ret)
				return ret;
		}
		if (n > total - pos)
			return SMMUV3_EBADMSG;
		if (i == idx) {
			spec->present = true;
			spec->controller = ctrl;
			spec->ncells = n;
			for (k = 0; k < n; k++)
				spec->cells[k] = cell_at(v, pos + k);
			return 0;
		}
		pos += n;
	}
	return SMMUV3_ENOENT;
}

static bool str_eq(const char *a, const char *b)
{
	/* Both NUL-terminated (libfdt checked the string list). */
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int parse_irqs(const struct smmuv3_fdt *fdt, int node,
		      struct smmuv3_fdt_smmu *s)
{
	const void *v = NULL;
	uint32_t len = 0, ncells = 0, i;
	bool ext = true;
	int nnames, ret;

	/* "interrupts-extended" takes precedence over "interrupts". */
	ret = get_prop(fdt, node, "interrupts-extended", &v, &len);
	if (ret == SMMUV3_ENOENT) {
		ext = false;
		ret = get_prop(fdt, node, "interrupts", &v, &len);
	}
	if (ret && ret != SMMUV3_ENOENT)
		return ret;
	if (ret == SMMUV3_ENOENT) {
		len = 0;
	} else {
		if (len == 0 || len % CELL)
			return SMMUV3_EBADMSG;
		if (!ext) {
			if (find_irq_parent(fdt, node, &s->irq_parent) ||
			    irq_cells(fdt, s->irq_parent, &ncells))
				return SMMUV3_EBADMSG;
			if (len % (ncells * CELL) ||
			    len / (ncells * CELL) > SMMUV3_FDT_MAX_IRQS)
				return SMMUV3_EBADMSG;
		} else {
			struct smmuv3_fdt_irq_spec all;

			/* Walk every entry: each must be well formed. */
			if (irq_spec_at(fdt, v, len, true, 0, 0, UINT32_MAX,
					&all) != SMMUV3_ENOENT)
				return SMMUV3_EBADMSG;
		}
	}

	nnames = fdt_stringlist_count(fdt->blob, node, "interrupt-names");
	if (nnames == -FDT_ERR_NOTFOUND)
		nnames = 0;
	if (nnames < 0 || (nnames > 0 && len == 0) ||
	    nnames > (int)SMMUV3_FDT_MAX_IRQS)
		return SMMUV3_EBADMSG;
	for (i = 0; i < (uint32_t)nnames; i++) {
		const char *name = fdt_stringlist_get(
			fdt->blob, node, "interrupt-names", (int)i, NULL);
		struct smmuv3_fdt_irq_spec spec = {0};
		unsigned int which;

		if (!name)
			return SMMUV3_EBADMSG;
		/* Each name needs its specifier, used or not. */
		ret = irq_spec_at(fdt, v, len, ext, s->irq_parent, ncells, i,
				  &spec);
		if (ret)
			return SMMUV3_EBADMSG;
		for (which = 0; which < SMMUV3_FDT_IRQ_COUNT; which++)
			if (str_eq(irq_names[which], name))
				break;
		if (which == SMMUV3_FDT_IRQ_COUNT)
			continue; /* a name this library does not use */
		if (s->irq[which].present)
			return SMMUV3_EBADMSG;
		s->irq[which] = spec;
	}
	return 0;
}

int smmuv3_fdt_parse_smmu(const struct smmuv3_fdt *fdt, int node,
			  struct smmuv3_fdt_smmu *out)
{
	static const struct {
		const char *prop;
		uint32_t flag;
	} bool_props[] = {
		{"dma-coherent", SMMUV3_FW_COHERENT},
		{"hisilicon,broken-prefetch-cmd",
		 SMMUV3_FW_QUIRK_BROKEN_PREFETCH},
		{"cavium,cn9900-broken-page1-regspace",
		 SMMUV3_FW_QUIRK_PAGE0_ONLY},
		{"arm,instdata-override", SMMUV3_FW_INSTDATA_OVERRIDE},
	};
	struct smmuv3_fdt_smmu s;
	const void *v = NULL;
	uint32_t len, cells, i;
	int ret;

	if (!fdt || !fdt->blob || !out)
		return SMMUV3_EINVAL;
	ret = fdt_node_check_compatible(fdt->blob, node, "arm,smmu-v3");
	if (ret == 1 || ret == -FDT_ERR_NOTFOUND)
		return SMMUV3_ENODEV;
	if (ret)
		return SMMUV3_EBADMSG;

	s = (struct smmuv3_fdt_smmu){.node = node};
	s.phandle = fdt_get_phandle(fdt->blob, node);
	ret = parse_reg(fdt, node, &s);
	if (ret)
		return ret;

	/* The binding: one cell, the stream ID. */
	if (get_u32(fdt, node, "#iommu-cells", &cells) || cells != 1)
		return SMMUV3_EBADMSG;

	for (i = 0; i < sizeof(bool_props) / sizeof(bool_props[0]); i++) {
		ret = has_prop(fdt, node, bool_props[i].prop);
		if (ret < 0)
			return ret;
		if (ret)
			s.fw.flags |= bool_props[i].flag;
	}
	if (fdt_node_check_compatible(fdt->blob, node,
				      "nvidia,tegra264-smmu") == 0)
		s.fw.flags |= SMMUV3_FW_TEGRA264;

	/* IHI 0070 6.2: page 1 at +64 KB unless the page-0-only quirk. */
	if (s.size < ((s.fw.flags & SMMUV3_FW_QUIRK_PAGE0_ONLY)
			      ? SMMUV3_FDT_MIN_REG_SIZE_PAGE0
			      : SMMUV3_FDT_MIN_REG_SIZE))
		return SMMUV3_ERANGE;

	ret = get_prop(fdt, node, "msi-parent", &v, &len);
	if (ret && ret != SMMUV3_ENOENT)
		return ret;
	if (!ret) {
		if (len < CELL || len % CELL)
			return SMMUV3_EBADMSG;
		s.has_msi_parent = true;
		s.msi_parent = cell_at(v, 0);
	}

	ret = parse_irqs(fdt, node, &s);
	if (ret)
		return ret;
	*out = s;
	return 0;
}

int smmuv3_fdt_master_sids(const struct smmuv3_fdt *fdt, int master,
			   uint32_t smmu_phandle, uint32_t *sids, size_t max,
			   size_t *n)
{
	const void *v = NULL;
	uint32_t len, ncells, i = 0, entries = 0;
	uint32_t last_ph = 0, icells = 0; /* phandle lookup cache */
	size_t count = 0;
	int ret;

	if (!fdt || !fdt->blob || !n || (!sids && max))
		return SMMUV3_EINVAL;
	ret = get_prop(fdt, master, "iommus", &v, &len);
	if (ret)
		return ret;
	if (len % CELL)
		return SMMUV3_EBADMSG;
	ncells = len / CELL;
	/*
	 * Each step consumes 1 + #iommu-cells >= 1 cells, and at most
	 * SMMUV3_FDT_MAX_IOMMUS steps are taken: each phandle lookup scans the
	 * blob, so the work per call stays linear in its size.
	 */
	while (i < ncells) {
		uint32_t ph = cell_at(v, i);

		if (++entries > SMMUV3_FDT_MAX_IOMMUS)
			return SMMUV3_EBADMSG;
		if (entries == 1 || ph != last_ph) {
			int tgt = fdt_node_offset_by_phandle(fdt->blob, ph);

			if (tgt < 0)
				return SMMUV3_EBADMSG;
			if (get_u32(fdt, tgt, "#iommu-cells", &icells) ||
			    icells > MAX_IOMMU_CELLS)
				return SMMUV3_EBADMSG;
			last_ph = ph;
		}
		if (icells > ncells - i - 1)
			return SMMUV3_EBADMSG;
		if (ph == smmu_phandle) {
			if (icells != 1)
				return SMMUV3_EBADMSG;
			if (count < max)
				sids[count] = cell_at(v, i + 1);
			count++;
		}
		i += 1 + icells;
	}
	*n = count;
	return count > max ? SMMUV3_E2BIG : 0;
}

int smmuv3_fdt_map_rid(const struct smmuv3_fdt *fdt, int bridge, uint32_t rid,
		       uint32_t *iommu, uint32_t *sid)
{
	const void *map;
	uint32_t len, mask = 0xffffffffu, masked, i;
	int ret;

	if (!fdt || !fdt->blob || !iommu || !sid)
		return SMMUV3_EINVAL;
	ret = get_u32(fdt, bridge, "iommu-map-mask", &mask);
	if (ret && ret != SMMUV3_ENOENT)
		return ret;
	ret = get_prop(fdt, bridge, "iommu-map", &map, &len);
	if (ret)
		return ret;
	if (len == 0 || len % (4u * CELL))
		return SMMUV3_EBADMSG;
	masked = rid & mask;
	for (i = 0; i < len / (4u * CELL); i++) {
		uint32_t rid_base = cell_at(map, 4u * i);
		uint32_t ph = cell_at(map, 4u * i + 1u);
		uint32_t sid_base = cell_at(map, 4u * i + 2u);
		uint32_t length = cell_at(map, 4u * i + 3u);
		uint64_t out;

		/* 64-bit sums: rid_base + length may exceed 32 bits. */
		if (masked < rid_base ||
		    (uint64_t)masked >= (uint64_t)rid_base + length)
			continue;
		out = (uint64_t)sid_base + (masked - rid_base);
		if (out > 0xffffffffu)
			return SMMUV3_ERANGE;
		*iommu = ph;
		*sid = (uint32_t)out;
		return 0;
	}
	return SMMUV3_ENOENT;
}

int smmuv3_fdt_smmu_by_phandle(const struct smmuv3_fdt *fdt, uint32_t phandle,
			       int *node)
{
	int off, ret;

	if (!fdt || !fdt->blob || !node)
		return SMMUV3_EINVAL;
	off = fdt_node_offset_by_phandle(fdt->blob, phandle);
	if (off == -FDT_ERR_NOTFOUND || off == -FDT_ERR_BADPHANDLE)
		return SMMUV3_ENOENT;
	if (off < 0)
		return SMMUV3_EBADMSG;
	ret = fdt_node_check_compatible(fdt->blob, off, "arm,smmu-v3");
	if (ret == 1 || ret == -FDT_ERR_NOTFOUND)
		return SMMUV3_ENODEV;
	if (ret)
		return SMMUV3_EBADMSG;
	*node = off;
	return 0;
}
