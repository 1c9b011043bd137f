// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of ACPI IORT discovery (acpi/iort.c).
 *
 * Three sources of tables: iasl (acpica-tools) compiles its own IORT template
 * and test/vectors/iort/server-rev0.asl (revision 0 layouts; every node
 * type iasl 20200925 knows) into the directory given as argv[1]; the newer
 * layouts (table revisions 3 to 7: node identifiers, root complex PASID
 * and flags, RMR nodes) that iasl 20200925 cannot compile are built here
 * byte by byte from the field offsets of Arm DEN 0049 (tb_*() below); the
 * IORTs QEMU 7.2 and 10.0 serve are in test/vectors/iort (argv[2]). Each
 * test states where its expected numbers come from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/iort.h>

static const char *aml_dir = ".";
static const char *vec_dir = ".";

/* ---- tables from iasl ---------------------------------------------- */

static size_t load_from(const char *dir, const char *name, uint8_t *buf,
			size_t cap)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.aml", dir, name);
	f = fopen(path, "rb");
	if (!f) {
		print_error("cannot open %s (iasl output; is acpica-tools "
			    "installed?)\n",
			    path);
		fail();
	}
	n = fread(buf, 1, cap, f);
	fclose(f);
	assert_true(n > 0 && n < cap);
	return n;
}

static size_t load_aml(const char *name, uint8_t *buf, size_t cap)
{
	return load_from(aml_dir, name, buf, cap);
}

/* ---- a table builder, DEN 0049 field by field ------------------------ */

struct tb {
	uint8_t b[2048];
	uint32_t len;
	uint32_t nodes;
};

static void p8(struct tb *t, uint32_t off, uint32_t v)
{
	t->b[off] = (uint8_t)v;
}

static void p16(struct tb *t, uint32_t off, uint32_t v)
{
	p8(t, off, v);
	p8(t, off + 1, v >> 8);
}

static void p32(struct tb *t, uint32_t off, uint32_t v)
{
	p16(t, off, v);
	p16(t, off + 2, v >> 16);
}

static void p64(struct tb *t, uint32_t off, uint64_t v)
{
	p32(t, off, (uint32_t)v);
	p32(t, off + 4, (uint32_t)(v >> 32));
}

/* ACPI header (signature, revision, OEM fields) + IORT node offset 48. */
static void tb_init(struct tb *t, uint8_t revision)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, "IORT", 4);
	p8(t, 8, revision);
	memcpy(t->b + 10, "SMMUV3", 6);
	memcpy(t->b + 16, "TESTTBL ", 8);
	p32(t, 40, 48); /* offset of the node array */
	t->len = 48;
}

/*
 * Append a node: 16-byte header (type, length, revision, identifier,
 * mapping count, mapping array offset), @fixed bytes of type-specific
 * fields (header included), then @nmaps zeroed 20-byte ID mappings.
 */
static uint32_t tb_node(struct tb *t, uint8_t type, uint8_t rev, uint32_t id,
			uint32_t fixed, uint32_t nmaps)
{
	uint32_t o = t->len, len = fixed + nmaps * 20u;

	p8(t, o + 0, type);
	p16(t, o + 1, len);
	p8(t, o + 3, rev);
	p32(t, o + 4, id);
	p32(t, o + 8, nmaps);
	p32(t, o + 12, nmaps ? fixed : 0);
	t->len += len;
	t->nodes++;
	return o;
}

/* Mapping @i of node @n: input base, Number of IDs (count - 1), output
 * base, output reference, flags. */
static void tb_map(struct tb *t, uint32_t n, uint32_t i, uint32_t in,
		   uint32_t num, uint32_t out, uint32_t ref, uint32_t flags)
{
	uint32_t m = n + t->b[n + 12] + (t->b[n + 13] << 8) + i * 20u;

	p32(t, m, in);
	p32(t, m + 4, num);
	p32(t, m + 8, out);
	p32(t, m + 12, ref);
	p32(t, m + 16, flags);
}

/* Length, node count, checksum (the bytes sum to 0 mod 256). */
static void tb_finish(struct tb *t)
{
	uint8_t sum = 0;
	uint32_t i;

	p32(t, 4, t->len);
	p32(t, 36, t->nodes);
	p8(t, 9, 0);
	for (i = 0; i < t->len; i++)
		sum = (uint8_t)(sum + t->b[i]);
	p8(t, 9, (uint8_t)(0u - sum));
}

static uint32_t tb_its(struct tb *t)
{
	uint32_t n = tb_node(t, SMMUV3_IORT_NODE_ITS_GROUP, 1, 0, 24, 0);

	p32(t, n + 16, 1); /* one ITS, identifier 0 */
	return n;
}

static uint32_t tb_smmu3(struct tb *t, uint8_t rev, uint64_t base,
			 uint32_t flags, uint32_t model, uint32_t nmaps)
{
	uint32_t n = tb_node(t, SMMUV3_IORT_NODE_SMMU_V3, rev, 0, 68, nmaps);

	p64(t, n + 16, base);
	p32(t, n + 24, flags);
	p32(t, n + 40, model);
	return n;
}

static uint32_t tb_rc(struct tb *t, uint8_t rev, uint32_t seg, uint32_t nmaps)
{
	uint32_t n = tb_node(t, SMMUV3_IORT_NODE_ROOT_COMPLEX, rev, 0,
			     rev >= 4 ? 40u : 36u, nmaps);

	p32(t, n + 16, 1); /* CCA: coherent */
	p8(t, n + 23, 3);  /* memory access flags: CPM, DACS */
	p32(t, n + 28, seg);
	p8(t, n + 32, 48); /* memory address size limit */
	return n;
}

/* Named component with @name, fixed part padded to a multiple of 4. */
static uint32_t tb_nc(struct tb *t, const char *name, uint32_t nmaps)
{
	uint32_t fixed = (29u + (uint32_t)strlen(name) + 1u + 3u) & ~3u;
	uint32_t n = tb_node(t, SMMUV3_IORT_NODE_NAMED_COMPONENT, 4, 0, fixed,
			     nmaps);

	memcpy(t->b + n + 29, name, strlen(name) + 1);
	return n;
}

/* RMR with @ndesc memory range descriptors after @nmaps mappings. */
static uint32_t tb_rmr(struct tb *t, uint8_t rev, uint32_t flags,
		       uint32_t nmaps, uint32_t ndesc, const uint64_t *ranges)
{
	uint32_t n = tb_node(t, SMMUV3_IORT_NODE_RMR, rev, 0, 28, nmaps);
	uint32_t d = n + 28u + nmaps * 20u, i;

	p32(t, n + 16, flags);
	p32(t, n + 20, ndesc);
	p32(t, n + 24, d - n);
	for (i = 0; i < ndesc; i++) {
		p64(t, d + i * 20u, ranges[2 * i]);
		p64(t, d + i * 20u + 8u, ranges[2 * i + 1]);
	}
	t->len += ndesc * 20u;
	p16(t, n + 1, t->len - n);
	return n;
}

static int tb_open(struct tb *t, struct smmuv3_iort *iort)
{
	return smmuv3_iort_open(iort, t->b, t->len, 0);
}

/* ---- the iasl template ---------------------------------------------- */

/*
 * `iasl -T IORT` (acpica-tools 20200925): revision 0, one node of each
 * type 0..5, every mapping's output reference 0 (no node starts there).
 */
static void test_iasl_template(void **state)
{
	static uint8_t buf[4096];
	static const uint8_t types[] = {0, 1, 2, 3, 4, 5};
	struct smmuv3_iort iort;
	struct smmuv3_iort_node n;
	struct smmuv3_iort_smmu s;
	struct smmuv3_iort_rc rc;
	uint32_t prev = 0, node, iommu = 0, sid = 0, i;
	size_t len = load_aml("template", buf, sizeof(buf)), cnt = 0;

	(void)state;
	assert_int_equal(len, 0x1f8); /* the template's Table Length */
	assert_int_equal(smmuv3_iort_open(&iort, buf, len, 0), 0);
	assert_int_equal(iort.revision, 0);
	assert_int_equal(iort.nodes, 6);
	assert_int_equal(iort.node_off, 0x34); /* after 4 bytes of padding */
	for (i = 0; i < 6; i++) {
		assert_int_equal(smmuv3_iort_next_node(&iort, prev, &n), 0);
		assert_int_equal(n.type, types[i]);
		prev = n.offset;
	}
	assert_int_equal(smmuv3_iort_next_node(&iort, prev, &n), SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_next_smmu(&iort, 0, &node), 0);
	/* The template's SMMUv3 has base address 0: not a usable SMMU. */
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, node, &s),
			 SMMUV3_EBADMSG);
	assert_int_equal(
		smmuv3_iort_find_named(&iort, "\\_SB.PCI0.DEV0", &node), 0);
	/* Output reference 0 is not a node. */
	assert_int_equal(smmuv3_iort_master_sids(&iort, node, 0, NULL, 0, &cnt),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_find_rc(&iort, 0, &rc), 0);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0, &iommu, &sid),
			 SMMUV3_EBADMSG);
}

/* ---- the iasl-compiled server table ---------------------------------- */

/* Node offsets, as commented in test/vectors/iort/server-rev0.asl. */
#define SRV_ITS 0x30u
#define SRV_SMMU1 0x48u
#define SRV_SMMU2 0xa0u
#define SRV_RC0 0xe4u
#define SRV_RC1 0x144u
#define SRV_ETH0 0x17cu
#define SRV_SMMUV2 0x1ccu
#define SRV_GPU0 0x220u
#define SRV_PMCG 0x25cu

static uint8_t srv[1024];
static size_t srv_len;

static void open_server(struct smmuv3_iort *iort)
{
	srv_len = load_aml("server-rev0", srv, sizeof(srv));
	assert_int_equal(srv_len, 0x284);
	assert_int_equal(smmuv3_iort_open(iort, srv, srv_len, 0), 0);
	assert_int_equal(iort->nodes, 9);
}

static void test_server_smmus(void **state)
{
	struct smmuv3_iort iort;
	struct smmuv3_iort_smmu s;
	uint32_t node;

	(void)state;
	open_server(&iort);
	assert_int_equal(smmuv3_iort_next_smmu(&iort, 0, &node), 0);
	assert_int_equal(node, SRV_SMMU1);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, node, &s), 0);
	assert_int_equal(s.node, SRV_SMMU1);
	assert_true(s.base == 0x140000000ull);
	assert_int_equal(s.size, SMMUV3_IORT_REG_SIZE);
	assert_int_equal(s.model, SMMUV3_IORT_MODEL_HISILICON_HI161X);
	assert_int_equal(s.flags, 0x19);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_EVENTQ], 0x100);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_PRIQ], 0x101);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_GERROR], 0x102);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_CMDQ_SYNC], 0x103);
	assert_true(s.has_pxm);
	assert_int_equal(s.pxm, 1);
	assert_true(s.has_devid_index);
	assert_int_equal(s.devid_index, 0);
	/* COHACC override (bit 0) and the Hi161x prefetch quirk. */
	assert_int_equal(s.fw.flags,
			 SMMUV3_FW_COHERENT | SMMUV3_FW_QUIRK_BROKEN_PREFETCH);

	assert_int_equal(smmuv3_iort_next_smmu(&iort, node, &node), 0);
	assert_int_equal(node, SRV_SMMU2);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, node, &s), 0);
	assert_true(s.base == 0x150000000ull);
	/* CN99xx: page-0-only register layout, 64 KB window. */
	assert_int_equal(s.size, SMMUV3_IORT_REG_SIZE_PAGE0);
	assert_false(s.has_pxm);
	assert_false(s.has_devid_index);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_EVENTQ], 0);
	/* HTTU override 2 (flags bits [2:1] = 0b10): access and dirty. */
	assert_int_equal(s.fw.flags,
			 SMMUV3_FW_QUIRK_PAGE0_ONLY | SMMUV3_FW_HTTU_OVERRIDE);
	assert_int_equal(s.fw.fw_httu, 2);
	assert_int_equal(smmuv3_iort_next_smmu(&iort, node, &node),
			 SMMUV3_ENOENT);

	/* Not SMMUv3 nodes / not nodes. */
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, SRV_SMMUV2, &s),
			 SMMUV3_ENODEV);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, SRV_SMMU1 + 4, &s),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_parse_smmu(NULL, SRV_SMMU1, &s),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, SRV_SMMU1, NULL),
			 SMMUV3_EINVAL);
}

/*
 * The model quirks reach the library's options through the same firmware
 * flags the device-tree quirk properties set. ID registers: QEMU virt's
 * (as in test/unit/test_idr.c's preset).
 */
static void test_server_quirks_resolve(void **state)
{
	static const struct smmuv3_idregs regs = {
		{0x0d44101au, 0x02730010u, 0, 0x1404u, 0, 0x74u}, 0, 1};
	struct smmuv3_iort iort;
	struct smmuv3_iort_smmu s;
	struct smmuv3_caps caps;

	(void)state;
	open_server(&iort);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, SRV_SMMU1, &s), 0);
	assert_int_equal(smmuv3_idr_resolve(&regs, &s.fw, NULL, &caps, NULL),
			 0);
	assert_true(caps.options & SMMUV3_OPT_SKIP_PREFETCH);
	assert_false(caps.options & SMMUV3_OPT_PAGE0_REGS_ONLY);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, SRV_SMMU2, &s), 0);
	assert_int_equal(smmuv3_idr_resolve(&regs, &s.fw, NULL, &caps, NULL),
			 0);
	assert_true(caps.options & SMMUV3_OPT_PAGE0_REGS_ONLY);
	assert_false(caps.options & SMMUV3_OPT_SKIP_PREFETCH);
	/* The HTTU override beats IDR0.HTTU (0 in these registers). */
	assert_int_equal(caps.httu, 2);
}

static void test_server_rids(void **state)
{
	struct smmuv3_iort iort;
	struct smmuv3_iort_rc rc;
	uint32_t iommu = 0x55, sid = 0x66;

	(void)state;
	open_server(&iort);
	assert_int_equal(smmuv3_iort_find_rc(&iort, 0, &rc), 0);
	assert_int_equal(rc.node, SRV_RC0);
	assert_int_equal(rc.segment, 0);
	assert_int_equal(rc.ats, SMMUV3_IORT_RC_ATS);
	assert_true(rc.coherent);
	assert_int_equal(rc.mem_bits, 48);
	assert_int_equal(rc.pasid_bits, 0); /* revision 0: no PASID field */
	assert_int_equal(rc.flags, 0);
	assert_int_equal(smmuv3_iort_find_rc(&iort, 1, &rc), 0);
	assert_int_equal(rc.node, SRV_RC1);
	assert_int_equal(smmuv3_iort_find_rc(&iort, 2, &rc), SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_find_rc(NULL, 0, &rc), SMMUV3_EINVAL);
	memset(&rc, 0, sizeof(rc));
	assert_int_equal(smmuv3_iort_parse_rc(&iort, SRV_RC1, &rc), 0);
	assert_int_equal(rc.segment, 1);
	assert_int_equal(rc.ats, 0);
	assert_int_equal(smmuv3_iort_parse_rc(&iort, SRV_SMMU1, &rc),
			 SMMUV3_ENODEV);
	assert_int_equal(smmuv3_iort_parse_rc(&iort, SRV_RC1 + 1, &rc),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_parse_rc(&iort, SRV_RC1, NULL),
			 SMMUV3_EINVAL);

	/* Bus 0 -> SMMU #1, SID = RID. */
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x10, &iommu, &sid), 0);
	assert_int_equal(iommu, SRV_SMMU1);
	assert_int_equal(sid, 0x10);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0xff, &iommu, &sid), 0);
	assert_int_equal(sid, 0xff);
	/* Bus 1 -> SMMU #2, SID = 0x1000 + RID - 0x100. */
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x100, &iommu, &sid), 0);
	assert_int_equal(iommu, SRV_SMMU2);
	assert_int_equal(sid, 0x1000);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x1ff, &iommu, &sid), 0);
	assert_int_equal(sid, 0x10ff);
	/* Buses 2.. go straight to the ITS: no SMMU, outputs unchanged. */
	iommu = sid = 0x77;
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x200, &iommu, &sid),
			 SMMUV3_ENODEV);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 1, 0x10, &iommu, &sid),
			 SMMUV3_ENODEV);
	assert_int_equal(iommu, 0x77);
	assert_int_equal(sid, 0x77);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 2, 0x10, &iommu, &sid),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x10000, &iommu, &sid),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0, NULL, &sid),
			 SMMUV3_EINVAL);
	/* map_id from the root complex is the same lookup. */
	assert_int_equal(
		smmuv3_iort_map_id(&iort, SRV_RC0, 0x1ff, &iommu, &sid), 0);
	assert_int_equal(sid, 0x10ff);
	assert_int_equal(
		smmuv3_iort_map_id(&iort, SRV_RC0 + 1, 0, &iommu, &sid),
		SMMUV3_ENOENT);
	/* The SMMU's own mapping leads to the ITS. */
	assert_int_equal(smmuv3_iort_map_id(&iort, SRV_SMMU1, 5, &iommu, &sid),
			 SMMUV3_ENOENT); /* single mappings translate no ID */
}

static void test_server_named(void **state)
{
	struct smmuv3_iort iort;
	uint32_t node = 0, sids[8], iommu, sid;
	size_t n = 99;

	(void)state;
	open_server(&iort);
	assert_int_equal(smmuv3_iort_find_named(&iort, "\\_SB.ETH0", &node), 0);
	assert_int_equal(node, SRV_ETH0);
	assert_int_equal(smmuv3_iort_find_named(&iort, "\\_SB.GPU0", &node), 0);
	assert_int_equal(node, SRV_GPU0);
	assert_int_equal(smmuv3_iort_find_named(&iort, "\\_SB.ETH", &node),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_find_named(&iort, "\\_SB.ETH00", &node),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_find_named(&iort, NULL, &node),
			 SMMUV3_EINVAL);

	/* ETH0: single mapping, StreamID 0x2000 on SMMU #1. */
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_ETH0, SRV_SMMU1,
						 sids, 8, &n),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(sids[0], 0x2000);
	/* ...and IDs 0..3 -> StreamIDs 0x3000..0x3003 on SMMU #2. */
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_ETH0, SRV_SMMU2,
						 sids, 8, &n),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(sids[0], 0x3000);
	assert_int_equal(sids[3], 0x3003);
	assert_int_equal(smmuv3_iort_map_id(&iort, SRV_ETH0, 2, &iommu, &sid),
			 0);
	assert_int_equal(iommu, SRV_SMMU2);
	assert_int_equal(sid, 0x3002);
	assert_int_equal(smmuv3_iort_map_id(&iort, SRV_ETH0, 4, &iommu, &sid),
			 SMMUV3_ENOENT);
	/* Too small: E2BIG, the number needed, the first @max filled. */
	sids[2] = 0xdead;
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_ETH0, SRV_SMMU2,
						 sids, 2, &n),
			 SMMUV3_E2BIG);
	assert_int_equal(n, 4);
	assert_int_equal(sids[1], 0x3001);
	assert_int_equal(sids[2], 0xdead);
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_ETH0, SRV_SMMU2,
						 NULL, 0, &n),
			 SMMUV3_E2BIG);
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_ETH0, SRV_SMMU2,
						 NULL, 1, &n),
			 SMMUV3_EINVAL);
	/* GPU0 sits behind the SMMUv2: nothing on any SMMUv3. */
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_GPU0, SRV_SMMU1,
						 sids, 8, &n),
			 0);
	assert_int_equal(n, 0);
	/* A root complex enumerates its RID ranges: bus 1 on SMMU #2. */
	assert_int_equal(
		smmuv3_iort_master_sids(&iort, SRV_RC0, SRV_SMMU2, NULL, 0, &n),
		SMMUV3_E2BIG);
	assert_int_equal(n, 0x100);
	assert_int_equal(smmuv3_iort_master_sids(&iort, SRV_RC0 + 2, SRV_SMMU2,
						 NULL, 0, &n),
			 SMMUV3_ENOENT);
}

static void test_server_walk(void **state)
{
	static const uint32_t offs[] = {SRV_ITS,    SRV_SMMU1, SRV_SMMU2,
					SRV_RC0,    SRV_RC1,   SRV_ETH0,
					SRV_SMMUV2, SRV_GPU0,  SRV_PMCG};
	static const uint8_t types[] = {0, 4, 4, 2, 2, 1, 3, 1, 5};
	struct smmuv3_iort iort;
	struct smmuv3_iort_node n;
	struct smmuv3_iort_idmap m;
	uint32_t prev = 0, i;

	(void)state;
	open_server(&iort);
	for (i = 0; i < 9; i++) {
		assert_int_equal(smmuv3_iort_next_node(&iort, prev, &n), 0);
		assert_int_equal(n.offset, offs[i]);
		assert_int_equal(n.type, types[i]);
		prev = n.offset;
	}
	assert_int_equal(smmuv3_iort_next_node(&iort, prev, &n), SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_next_node(&iort, SRV_RC0 + 4, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_next_smmu(&iort, SRV_RC0 + 4, &prev),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_next_node(NULL, 0, &n), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_get_node(&iort, SRV_PMCG, &n), 0);
	assert_int_equal(n.type, SMMUV3_IORT_NODE_PMCG);
	assert_int_equal(n.revision, 1);
	assert_int_equal(n.length, 0x28);
	assert_int_equal(smmuv3_iort_get_node(&iort, SRV_PMCG + 1, &n),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_get_node(&iort, SRV_PMCG, NULL),
			 SMMUV3_EINVAL);
	/* RC0's third mapping: RIDs 0x200..0xffff to the ITS. */
	assert_int_equal(smmuv3_iort_get_idmap(&iort, SRV_RC0, 2, &m), 0);
	assert_int_equal(m.input_base, 0x200);
	assert_true(m.count == 0xfe00u);
	assert_int_equal(m.output_ref, SRV_ITS);
	assert_false(m.single);
	assert_int_equal(smmuv3_iort_get_idmap(&iort, SRV_RC0, 3, &m),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_get_idmap(&iort, 7, 0, &m), SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_get_idmap(&iort, SRV_RC0, 0, NULL),
			 SMMUV3_EINVAL);
}

/* Checksum, truncation, and every single-byte corruption. */
static void test_server_integrity(void **state)
{
	static uint8_t copy[1024];
	struct smmuv3_iort iort, before;
	size_t len, i;

	(void)state;
	open_server(&iort);
	len = srv_len;
	memcpy(copy, srv, len);
	copy[len - 1] ^= 1u;
	memset(&before, 0xa5, sizeof(before));
	iort = before;
	assert_int_equal(smmuv3_iort_open(&iort, copy, len, 0), SMMUV3_EBADMSG);
	assert_memory_equal(&iort, &before, sizeof(iort));
	assert_int_equal(smmuv3_iort_open(&iort, copy, len,
					  SMMUV3_IORT_OPEN_NO_CHECKSUM),
			 0);
	assert_int_equal(smmuv3_iort_open(&iort, srv, len, 2u), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_open(NULL, srv, len, 0), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_open(&iort, NULL, len, 0), SMMUV3_EINVAL);
	/* Any size short of Length is refused. */
	for (i = 0; i < len; i++)
		assert_int_equal(smmuv3_iort_open(&iort, srv, i, 0),
				 SMMUV3_EBADMSG);
	/*
	 * Any byte set to 0xff or 0x00: the checksum catches it (one byte
	 * changes the sum unless it held that value already).
	 */
	for (i = 0; i < len; i++) {
		static const uint8_t vals[] = {0x00, 0xff};
		size_t k;

		for (k = 0; k < 2; k++) {
			memcpy(copy, srv, len);
			if (copy[i] == vals[k])
				continue;
			copy[i] = vals[k];
			assert_int_equal(smmuv3_iort_open(&iort, copy, len, 0),
					 SMMUV3_EBADMSG);
		}
	}
}

/* ---- newer layouts, built from DEN 0049 E.b-E.f --------------------- */

/*
 * Table revision 6 (E.e): identifiers, root complex node revision 4
 * (PASID capabilities, flags), PMCG revision 2, RMR node revision 3 with
 * access attributes, and a node type this code does not know.
 */
static void test_rev_e_layouts(void **state)
{
	static const uint64_t r1[] = {0xc0000000ull, 0x800000ull, 0xd0000000ull,
				      0x10000ull};
	static const uint64_t r2[] = {0xe0000000ull, 0x20000ull};
	struct tb t;
	struct smmuv3_iort iort;
	struct smmuv3_iort_smmu s;
	struct smmuv3_iort_rc rc;
	struct smmuv3_iort_rmr_range rr[4];
	struct smmuv3_iort_node n;
	uint32_t its, smmu, rcn, rmr1, rmr2, pmcg, unk, sids[8], iommu, sid;
	size_t cnt = 0;

	(void)state;
	tb_init(&t, 6);
	its = tb_its(&t);
	smmu = tb_smmu3(&t, 4, 0x2b400000ull, SMMUV3_IORT_SMMU_COHACC,
			SMMUV3_IORT_MODEL_GENERIC, 0);
	p32(&t, smmu + 4, 7);	  /* identifier */
	p32(&t, smmu + 44, 0x30); /* event GSIV only */
	rcn = tb_rc(&t, 4, 3, 2);
	p32(&t, rcn + 24,
	    SMMUV3_IORT_RC_ATS | SMMUV3_IORT_RC_PRI | SMMUV3_IORT_RC_PASID_FWD);
	p16(&t, rcn + 33, 20); /* max PASID width */
	p32(&t, rcn + 36, 1);  /* flags */
	tb_map(&t, rcn, 0, 0, 0xffff, 0x10000, smmu, 0);
	tb_map(&t, rcn, 1, 0, 0, 0x99, its, 1); /* the RC's own ID */
	pmcg = tb_node(&t, SMMUV3_IORT_NODE_PMCG, 2, 9, 40, 0);
	p64(&t, pmcg + 16, 0x2b420000ull);
	p32(&t, pmcg + 28, smmu);
	/* RMR 1: remap permitted, privileged, attributes 5, StreamID 0x40. */
	rmr1 = tb_rmr(&t, 3,
		      SMMUV3_IORT_RMR_REMAP_PERMITTED |
			      SMMUV3_IORT_RMR_PRIVILEGED | (5u << 2),
		      1, 2, r1);
	tb_map(&t, rmr1, 0, 0, 0, 0x40, smmu, 1);
	/* RMR 2: StreamIDs 0x50..0x53 (Number of IDs 3). */
	rmr2 = tb_rmr(&t, 3, 0, 1, 1, r2);
	tb_map(&t, rmr2, 0, 0, 3, 0x50, smmu, 0);
	unk = tb_node(&t, 0x7f, 0, 0, 24, 0); /* a later type: skipped */
	tb_finish(&t);

	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(iort.revision, 6);
	assert_int_equal(smmuv3_iort_get_node(&iort, unk, &n), 0);
	assert_int_equal(n.type, 0x7f);
	assert_int_equal(smmuv3_iort_next_node(&iort, unk, &n), SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, smmu, &s), 0);
	assert_int_equal(s.identifier, 7);
	assert_true(s.base == 0x2b400000ull);
	assert_int_equal(s.fw.flags, SMMUV3_FW_COHERENT);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_EVENTQ], 0x30);
	assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_GERROR], 0);

	assert_int_equal(smmuv3_iort_find_rc(&iort, 3, &rc), 0);
	assert_int_equal(rc.ats, 7);
	assert_int_equal(rc.pasid_bits, 20);
	assert_int_equal(rc.flags, 1);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 3, 0x0308, &iommu, &sid),
			 0);
	assert_int_equal(iommu, smmu);
	assert_int_equal(sid, 0x10308);

	/* RMR ranges per StreamID. */
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x40, rr, 4, &cnt),
			 0);
	assert_int_equal(cnt, 2);
	assert_int_equal(rr[0].node, rmr1);
	assert_true(rr[0].base == 0xc0000000ull);
	assert_true(rr[0].length == 0x800000ull);
	assert_true(rr[1].base == 0xd0000000ull);
	assert_int_equal(rr[0].flags, 0x17);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IORT_RMR_ATTR, rr[0].flags),
			 5);
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x53, rr, 4, &cnt),
			 0);
	assert_int_equal(cnt, 1);
	assert_int_equal(rr[0].node, rmr2);
	assert_true(rr[0].base == 0xe0000000ull);
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x54, rr, 4, &cnt),
			 0);
	assert_int_equal(cnt, 0);
	assert_int_equal(
		smmuv3_iort_rmr_ranges(&iort, smmu + 4, 0x40, rr, 4, &cnt), 0);
	assert_int_equal(cnt, 0); /* no such SMMU: nothing matches */
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x40, rr, 1, &cnt),
			 SMMUV3_E2BIG);
	assert_int_equal(cnt, 2);
	assert_int_equal(
		smmuv3_iort_rmr_ranges(&iort, smmu, 0x40, NULL, 1, &cnt),
		SMMUV3_EINVAL);
	/* Every StreamID with an RMR: the RMR nodes' own mappings. */
	assert_int_equal(
		smmuv3_iort_master_sids(&iort, rmr2, smmu, sids, 8, &cnt), 0);
	assert_int_equal(cnt, 4);
	assert_int_equal(sids[3], 0x53);
}

/* Build the QEMU virt IORT shape: ITS, SMMUv3, RC with two mappings. */
static void qemu_shape(struct tb *t, uint32_t smmu_num, uint32_t *smmu,
		       uint32_t *rc)
{
	uint32_t its;

	tb_init(t, 3);
	its = tb_its(t);
	*smmu = tb_smmu3(t, 4, 0x09050000ull, SMMUV3_IORT_SMMU_COHACC, 0, 1);
	tb_map(t, *smmu, 0, 0, 0xffff, 0, its, 0);
	*rc = tb_rc(t, 3, 0, 2);
	tb_map(t, *rc, 0, 0, smmu_num, 0, *smmu, 0);
	tb_map(t, *rc, 1, 0x100, 0xfeff, 0x100, its, 0);
	tb_finish(t);
}

/*
 * The overlap rule. QEMU 7.2 writes Number of IDs 0x100 for bus 0 (RIDs
 * 0..0x100, one too many) then maps 0x100.. to the ITS; QEMU 10.0 writes
 * 0xff. Both must give: RIDs 0..0xff on the SMMU, 0x100 to the ITS.
 */
static void test_overlap_qemu(void **state)
{
	static const uint32_t nums[] = {0x100, 0xff};
	struct tb t;
	struct smmuv3_iort iort;
	uint32_t smmu, rc, iommu, sid, k;
	size_t n;

	(void)state;
	for (k = 0; k < 2; k++) {
		qemu_shape(&t, nums[k], &smmu, &rc);
		assert_int_equal(tb_open(&t, &iort), 0);
		assert_int_equal(
			smmuv3_iort_map_rid(&iort, 0, 0x10, &iommu, &sid), 0);
		assert_int_equal(iommu, smmu);
		assert_int_equal(sid, 0x10);
		assert_int_equal(
			smmuv3_iort_map_rid(&iort, 0, 0xff, &iommu, &sid), 0);
		assert_int_equal(sid, 0xff);
		assert_int_equal(
			smmuv3_iort_map_rid(&iort, 0, 0x100, &iommu, &sid),
			SMMUV3_ENODEV);
		assert_int_equal(
			smmuv3_iort_master_sids(&iort, rc, smmu, NULL, 0, &n),
			SMMUV3_E2BIG);
		assert_int_equal(n, 0x100);
	}
}

/*
 * The IORTs QEMU really serves over fw_cfg for "-M virt,iommu=smmuv3"
 * (dumped by test/qemu-iort/fwcfg_dump.c; checksum 0, left to the
 * firmware's loader): 7.2 maps RIDs 0..0x100 to the SMMU (Number of IDs
 * 0x100, one too many), 10.0 maps 0..0xff; both map 0x100.. to the ITS.
 * Nodes: ITS group at 0x30, SMMUv3 at 0x48 (base 0x9050000, COHACC, GSIVs
 * 106 107 109 108), root complex at 0xa0.
 */
static void test_qemu_tables(void **state)
{
	static const char *const names[] = {"qemu72-virt-smmuv3",
					    "qemu10-virt-smmuv3"};
	static const uint32_t last[] = {0x100, 0xff};
	static uint8_t buf[1024];
	struct smmuv3_iort iort;
	struct smmuv3_iort_smmu s;
	struct smmuv3_iort_idmap m;
	uint32_t node, iommu, sid, k;
	size_t len, n;

	(void)state;
	for (k = 0; k < 2; k++) {
		len = load_from(vec_dir, names[k], buf, sizeof(buf));
		assert_int_equal(len, 236);
		assert_int_equal(smmuv3_iort_open(&iort, buf, len, 0),
				 SMMUV3_EBADMSG);
		assert_int_equal(smmuv3_iort_open(&iort, buf, len,
						  SMMUV3_IORT_OPEN_NO_CHECKSUM),
				 0);
		assert_int_equal(iort.revision, 3);
		assert_int_equal(smmuv3_iort_next_smmu(&iort, 0, &node), 0);
		assert_int_equal(node, 0x48);
		assert_int_equal(smmuv3_iort_parse_smmu(&iort, node, &s), 0);
		assert_true(s.base == 0x9050000u);
		assert_int_equal(s.fw.flags, SMMUV3_FW_COHERENT);
		assert_int_equal(s.identifier, 1);
		assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_EVENTQ], 106);
		assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_GERROR], 109);
		assert_int_equal(s.gsiv[SMMUV3_IORT_IRQ_CMDQ_SYNC], 108);
		assert_int_equal(smmuv3_iort_get_idmap(&iort, 0xa0, 0, &m), 0);
		assert_true(m.input_base + m.count - 1u == last[k]);
		/* The edu devices at 00:02.0 and 00:03.0: SID = RID. */
		assert_int_equal(
			smmuv3_iort_map_rid(&iort, 0, 0x10, &iommu, &sid), 0);
		assert_int_equal(iommu, 0x48);
		assert_int_equal(sid, 0x10);
		assert_int_equal(
			smmuv3_iort_map_rid(&iort, 0, 0xff, &iommu, &sid), 0);
		assert_int_equal(sid, 0xff);
		/* The overlap rule: 0x100 goes to the ITS on both. */
		assert_int_equal(
			smmuv3_iort_map_rid(&iort, 0, 0x100, &iommu, &sid),
			SMMUV3_ENODEV);
		assert_int_equal(
			smmuv3_iort_master_sids(&iort, 0xa0, 0x48, NULL, 0, &n),
			SMMUV3_E2BIG);
		assert_int_equal(n, 0x100);
	}
}

/* The other overlaps: the first mapping in table order wins. */
static void test_overlap_first_wins(void **state)
{
	struct tb t;
	struct smmuv3_iort iort;
	uint32_t a, b, rc, iommu, sid;
	size_t n;

	(void)state;
	tb_init(&t, 5);
	a = tb_smmu3(&t, 4, 0x10000000ull, 0, 0, 0);
	b = tb_smmu3(&t, 4, 0x20000000ull, 0, 0, 0);
	rc = tb_rc(&t, 3, 0, 4);
	tb_map(&t, rc, 0, 0x000, 0x1ff, 0x000, a, 0); /* 0x000-0x1ff */
	tb_map(&t, rc, 1, 0x100, 0x0ff, 0x800, b, 0); /* inside: shadowed */
	tb_map(&t, rc, 2, 0x300, 0x000, 0x900, a, 0); /* one ID, 0x300 */
	tb_map(&t, rc, 3, 0x300, 0x0ff, 0xa00, b, 0); /* starts there too */
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x150, &iommu, &sid), 0);
	assert_int_equal(iommu, a);
	assert_int_equal(sid, 0x150);
	/* 0x1ff is the last ID of mapping 0, but nothing starts there. */
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x1ff, &iommu, &sid), 0);
	assert_int_equal(iommu, a);
	/* A one-ID mapping is not a candidate for the off-by-one rule. */
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x300, &iommu, &sid), 0);
	assert_int_equal(iommu, a);
	assert_int_equal(sid, 0x900);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x301, &iommu, &sid), 0);
	assert_int_equal(iommu, b);
	assert_int_equal(sid, 0xa01);
	assert_int_equal(smmuv3_iort_map_rid(&iort, 0, 0x400, &iommu, &sid),
			 SMMUV3_ENOENT);
	/* Enumeration reports each mapping's IDs (overlaps included). */
	assert_int_equal(smmuv3_iort_master_sids(&iort, rc, b, NULL, 0, &n),
			 SMMUV3_E2BIG);
	assert_int_equal(n, 0x200);
}

/* Chains through an intermediate node, and broken chains. */
static void test_chains(void **state)
{
	struct tb t;
	struct smmuv3_iort iort;
	struct smmuv3_iort_idmap m;
	uint32_t smmu, nc1, nc2, l1, l2, bad, big, iommu = 1, sid = 2;
	uint32_t sids[8];
	size_t n;

	(void)state;
	tb_init(&t, 7);
	smmu = tb_smmu3(&t, 5, 0x40000000ull, 0, 0, 0);
	nc2 = tb_nc(&t, "\\_SB.BRG0", 1);
	tb_map(&t, nc2, 0, 0x10, 0xf, 0x700, smmu, 0); /* 0x10.. -> 0x700.. */
	nc1 = tb_nc(&t, "\\_SB.DEV1", 2);
	tb_map(&t, nc1, 0, 0, 3, 0x12, nc2, 0); /* IDs 0..3 -> 0x12.. */
	tb_map(&t, nc1, 1, 0, 0, 0x1f, nc2, 1); /* own ID -> 0x1f */
	l1 = tb_nc(&t, "\\_SB.LP1", 1);
	l2 = tb_nc(&t, "\\_SB.LP2", 1);
	tb_map(&t, l1, 0, 0, 0xff, 0, l2, 0);
	tb_map(&t, l2, 0, 0, 0xff, 0, l1, 0); /* a loop */
	bad = tb_nc(&t, "\\_SB.BAD", 3);
	tb_map(&t, bad, 0, 0, 0, 0, l1 + 4, 0);	       /* not a node */
	tb_map(&t, bad, 1, 1, 0, 0xffffffff, smmu, 0); /* fine: one ID */
	tb_map(&t, bad, 2, 2, 1, 0xffffffff, smmu, 0); /* 0xffffffff + 1 */
	big = tb_nc(&t, "\\_SB.BIG", 2);
	tb_map(&t, big, 0, 0, 0xffffffff, 0, smmu, 0); /* 2^32 IDs */
	tb_map(&t, big, 1, 0, 0x10000, 0, nc2, 0);     /* 65537 IDs via nc2 */
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);

	assert_int_equal(smmuv3_iort_map_id(&iort, nc1, 2, &iommu, &sid), 0);
	assert_int_equal(iommu, smmu);
	assert_int_equal(sid, 0x704); /* 2 -> 0x14 -> 0x700 + 4 */
	assert_int_equal(smmuv3_iort_map_id(&iort, nc1, 4, &iommu, &sid),
			 SMMUV3_ENOENT);
	/* master_sids: 0x12..0x15 then 0x1f, each through nc2. */
	assert_int_equal(smmuv3_iort_master_sids(&iort, nc1, smmu, sids, 8, &n),
			 0);
	assert_int_equal(n, 5);
	assert_int_equal(sids[0], 0x702);
	assert_int_equal(sids[3], 0x705);
	assert_int_equal(sids[4], 0x70f);
	assert_int_equal(smmuv3_iort_master_sids(&iort, nc1, smmu, sids, 2, &n),
			 SMMUV3_E2BIG);
	assert_int_equal(n, 5);

	iommu = sid = 0x33;
	assert_int_equal(smmuv3_iort_map_id(&iort, l1, 5, &iommu, &sid),
			 SMMUV3_EBADMSG);
	assert_int_equal(iommu, 0x33);
	assert_int_equal(smmuv3_iort_master_sids(&iort, l1, smmu, sids, 8, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_map_id(&iort, bad, 0, &iommu, &sid),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_map_id(&iort, bad, 1, &iommu, &sid), 0);
	assert_true(sid == 0xffffffffu);
	assert_int_equal(smmuv3_iort_map_id(&iort, bad, 3, &iommu, &sid),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_master_sids(&iort, bad, smmu, sids, 8, &n),
			 SMMUV3_EBADMSG);
	/* Number of IDs 0xffffffff cannot fit past base 0... */
	assert_int_equal(smmuv3_iort_get_idmap(&iort, big, 0, &m),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_map_id(&iort, big, 0, &iommu, &sid),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_master_sids(&iort, big, smmu, sids, 8, &n),
			 SMMUV3_EBADMSG);
	/* ...and a range through an intermediate node is bounded. */
	assert_int_equal(smmuv3_iort_get_idmap(&iort, big, 1, &m), 0);
	p32(&t, big + 8, 1); /* keep the node; drop mapping 0 */
	p32(&t, big + 12, t.b[big + 12] + 20u);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_master_sids(&iort, big, smmu, sids, 8, &n),
			 SMMUV3_EBADMSG);
	/* 4096 IDs through nc2 is the per-call budget: nc2 maps 0x10..0x1f. */
	tb_map(&t, big, 0, 0, 0xfff, 0, nc2, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_master_sids(&iort, big, smmu, sids, 8, &n),
			 SMMUV3_E2BIG);
	assert_int_equal(n, 16);
	assert_int_equal(sids[0], 0x700);
	tb_map(&t, big, 0, 0, 0x1000, 0, nc2, 0); /* 4097 IDs */
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_master_sids(&iort, big, smmu, sids, 8, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_master_sids(&iort, 3, smmu, sids, 8, &n),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_iort_master_sids(NULL, nc1, smmu, sids, 8, &n),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_map_id(&iort, nc1, 0, NULL, &sid),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_iort_map_id(&iort, 5, 0, &iommu, &sid),
			 SMMUV3_ENOENT);
}

/* SMMUv3 node fields that must be consistent. */
static void test_smmu_fields(void **state)
{
	struct tb t;
	struct smmuv3_iort iort;
	struct smmuv3_iort_smmu s, before;
	uint32_t n;

	(void)state;
	memset(&before, 0x5a, sizeof(before));

	/* Revision 0 layout: 60 bytes, no PXM/DeviceID fields. */
	tb_init(&t, 0);
	n = tb_node(&t, SMMUV3_IORT_NODE_SMMU_V3, 0, 0, 60, 0);
	p64(&t, n + 16, 0x1000000ull);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), 0);
	p32(&t, n + 24, SMMUV3_IORT_SMMU_PXM_VALID);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	s = before;
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), SMMUV3_EBADMSG);
	assert_memory_equal(&s, &before, sizeof(s));
	p32(&t, n + 24, SMMUV3_IORT_SMMU_DEVID_VALID);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), SMMUV3_EBADMSG);

	/* Full layout: DeviceID index must name one of the mappings. */
	tb_init(&t, 3);
	n = tb_smmu3(&t, 2, 0x1000000ull, SMMUV3_IORT_SMMU_DEVID_VALID, 0, 1);
	tb_map(&t, n, 0, 0, 0, 0, n, 1);
	p32(&t, n + 64, 1);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), SMMUV3_EBADMSG);
	p32(&t, n + 64, 0);
	p32(&t, n + 24, SMMUV3_IORT_SMMU_DEVID_VALID | (1u << 1));
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), 0);
	assert_int_equal(s.fw.flags, SMMUV3_FW_HTTU_OVERRIDE);
	assert_int_equal(s.fw.fw_httu, 1); /* access flag only */
	/* HTTU override 3 is reserved. */
	p32(&t, n + 24, 3u << 1);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), SMMUV3_EBADMSG);
	/* An unknown model is generic: no quirk. */
	p32(&t, n + 24, 0);
	p32(&t, n + 40, 0x1234);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), 0);
	assert_int_equal(s.fw.flags, 0);
	assert_int_equal(s.model, 0x1234);
	/* The window must fit below 2^64; base 0 is refused. */
	p64(&t, n + 16, 0xfffffffffffe0000ull);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), 0);
	p64(&t, n + 16, 0xfffffffffffe1000ull);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), SMMUV3_EBADMSG);
	p64(&t, n + 16, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_parse_smmu(&iort, n, &s), SMMUV3_EBADMSG);
}

/* Each bound smmuv3_iort_open() checks, one at a time. */
static void test_open_bounds(void **state)
{
	static const uint64_t r[] = {0x1000, 0x1000};
	struct tb t;
	struct smmuv3_iort iort;
	uint32_t n;

	(void)state;
	/* An empty table (no nodes) is valid. */
	tb_init(&t, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_next_node(&iort, 0, NULL), SMMUV3_EINVAL);
	{
		struct smmuv3_iort_node nd;
		uint32_t s;

		assert_int_equal(smmuv3_iort_next_node(&iort, 0, &nd),
				 SMMUV3_ENOENT);
		assert_int_equal(smmuv3_iort_next_smmu(&iort, 0, &s),
				 SMMUV3_ENOENT);
		assert_int_equal(smmuv3_iort_next_smmu(&iort, 0, NULL),
				 SMMUV3_EINVAL);
	}
	/* Signature. */
	t.b[0] = 'X';
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	/* Length below the IORT header. */
	tb_init(&t, 0);
	tb_finish(&t);
	p32(&t, 4, 40);
	assert_int_equal(
		smmuv3_iort_open(&iort, t.b, 48, SMMUV3_IORT_OPEN_NO_CHECKSUM),
		SMMUV3_EBADMSG);
	/* Node array offset inside the header, or past the end. */
	tb_init(&t, 0);
	tb_its(&t);
	p32(&t, 40, 44);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	p32(&t, 40, 0x1000);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	/* More nodes than the table holds. */
	tb_init(&t, 0);
	tb_its(&t);
	tb_finish(&t);
	p32(&t, 36, 2);
	assert_int_equal(smmuv3_iort_open(&iort, t.b, t.len,
					  SMMUV3_IORT_OPEN_NO_CHECKSUM),
			 SMMUV3_EBADMSG);
	p32(&t, 36, 5000); /* above the node bound */
	assert_int_equal(smmuv3_iort_open(&iort, t.b, t.len,
					  SMMUV3_IORT_OPEN_NO_CHECKSUM),
			 SMMUV3_EBADMSG);
	/* A node shorter than its header or past the end. */
	tb_init(&t, 0);
	n = tb_its(&t);
	p16(&t, n + 1, 8);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	p16(&t, n + 1, 200);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	/* ITS identifiers past the node. */
	tb_init(&t, 0);
	n = tb_its(&t);
	p32(&t, n + 16, 2);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	/* ID mapping array past the node, or over the node header. */
	tb_init(&t, 0);
	n = tb_nc(&t, "\\_SB.X", 1);
	p32(&t, n + 8, 2);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	p32(&t, n + 8, 1);
	p32(&t, n + 12, 8);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	/* A named component whose name has no NUL in the node. */
	tb_init(&t, 0);
	n = tb_nc(&t, "\\_SB.ABCDEF", 0);
	memset(t.b + n + 29, 'A', t.len - n - 29);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	/* Fixed parts: RC (36, revision 4: 40), SMMUv1/v2 (76 + arrays),
	 * SMMUv3 (60), PMCG (32, revision 1: 40), RMR (28 + ranges). */
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_ROOT_COMPLEX, 4, 0, 36, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_ROOT_COMPLEX, 3, 0, 35, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	n = tb_node(&t, SMMUV3_IORT_NODE_SMMU_V1V2, 0, 0, 76, 0);
	p32(&t, n + 40, 60);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	p32(&t, n + 44, 1); /* one context interrupt at 76: past the node */
	p32(&t, n + 48, 76);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	p32(&t, n + 44, 0);
	p32(&t, n + 52, 1); /* one PMU interrupt at 72: crosses the end */
	p32(&t, n + 56, 72);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	p32(&t, n + 52, 0);
	p32(&t, n + 40, 64); /* global interrupts 64..80 */
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_SMMU_V1V2, 0, 0, 72, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_SMMU_V3, 0, 0, 56, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_PMCG, 0, 0, 32, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_PMCG, 1, 0, 32, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	n = tb_rmr(&t, 3, 0, 0, 1, r);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	p32(&t, n + 20, 2);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
	tb_init(&t, 0);
	tb_node(&t, SMMUV3_IORT_NODE_RMR, 3, 0, 24, 0);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), SMMUV3_EBADMSG);
}

/* RMR ranges whose end would wrap are refused when reported. */
static void test_rmr_overflow(void **state)
{
	static const uint64_t r[] = {0xffffffffffff0000ull, 0x20000ull};
	struct tb t;
	struct smmuv3_iort iort;
	struct smmuv3_iort_rmr_range rr;
	uint32_t smmu, rmr, bad;
	size_t n = 7;

	(void)state;
	tb_init(&t, 5);
	smmu = tb_smmu3(&t, 4, 0x1000000ull, 0, 0, 0);
	rmr = tb_rmr(&t, 3, 0, 1, 1, r);
	tb_map(&t, rmr, 0, 0, 0, 0x8, smmu, 1);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x8, &rr, 1, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(n, 7);
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x9, &rr, 1, &n),
			 0);
	assert_int_equal(n, 0);
	/* A broken reference in an RMR's mapping is reported. */
	tb_init(&t, 5);
	smmu = tb_smmu3(&t, 4, 0x1000000ull, 0, 0, 0);
	bad = tb_rmr(&t, 3, 0, 1, 0, NULL);
	tb_map(&t, bad, 0, 0, 0, 0x8, smmu + 2, 1);
	tb_finish(&t);
	assert_int_equal(tb_open(&t, &iort), 0);
	assert_int_equal(smmuv3_iort_rmr_ranges(&iort, smmu, 0x8, &rr, 1, &n),
			 SMMUV3_EBADMSG);
	assert_int_equal(smmuv3_iort_rmr_ranges(NULL, smmu, 0x8, &rr, 1, &n),
			 SMMUV3_EINVAL);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(smmuv3_iort_irq_name(SMMUV3_IORT_IRQ_EVENTQ),
			    "eventq");
	assert_string_equal(smmuv3_iort_irq_name(SMMUV3_IORT_IRQ_CMDQ_SYNC),
			    "cmdq-sync");
	assert_null(smmuv3_iort_irq_name(SMMUV3_IORT_IRQ_COUNT));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iasl_template),
		cmocka_unit_test(test_server_smmus),
		cmocka_unit_test(test_server_quirks_resolve),
		cmocka_unit_test(test_server_rids),
		cmocka_unit_test(test_server_named),
		cmocka_unit_test(test_server_walk),
		cmocka_unit_test(test_server_integrity),
		cmocka_unit_test(test_rev_e_layouts),
		cmocka_unit_test(test_overlap_qemu),
		cmocka_unit_test(test_qemu_tables),
		cmocka_unit_test(test_overlap_first_wins),
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_smmu_fields),
		cmocka_unit_test(test_open_bounds),
		cmocka_unit_test(test_rmr_overflow),
		cmocka_unit_test(test_names),
	};

	if (argc > 1)
		aml_dir = argv[1];
	if (argc > 2)
		vec_dir = argv[2];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
