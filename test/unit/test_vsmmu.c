// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests of the virtual SMMUv3 against fakes: guest memory is a byte
 * array addressed by IPA, the host records every command batch and STE
 * write. The guest's side is written from IHI 0070 directly (register
 * offsets, queue and STE layouts), so these tests check the emulation
 * against the architecture, not against the library's own helpers; the
 * host side is checked with the library's decoders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/vsmmu.h>

#define GBASE 0x40000000ull /* guest RAM IPA */
#define GSIZE 0x100000u
#define STRTAB (GBASE + 0x0)	 /* linear, 256 STEs = 16 KB */
#define CMDQ (GBASE + 0x10000)	 /* 256 commands = 4 KB */
#define EVTQ (GBASE + 0x20000)	 /* 16 records */
#define CDTAB (GBASE + 0x30000)
#define MSI_TARGET (GBASE + 0x40000)
#define VMID 7u

struct fake {
	uint8_t ram[GSIZE];
	bool fail_read, fail_write;
	uint64_t fail_read_ipa; /* reads at this IPA fail (0: none) */
	/* host */
	struct smmuv3_cmd cmds[64];
	unsigned int ncmds, nbatches;
	int cmds_ret, ste_ret;
	uint64_t ste[4][8]; /* by host SID 0x100 + i */
	unsigned int ste_writes;
	/* interrupts */
	unsigned int irqs[3];
	uint64_t irq_addr[3];
	uint32_t irq_data[3];
};

static struct fake *F;

static int g_read(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	struct fake *f = ctx;

	if (f->fail_read || (f->fail_read_ipa && ipa == f->fail_read_ipa))
		return SMMUV3_EFAULT;
	if (ipa < GBASE || ipa - GBASE > GSIZE - len)
		return SMMUV3_EFAULT;
	memcpy(buf, f->ram + (ipa - GBASE), len);
	return 0;
}

static int g_write(void *ctx, uint64_t ipa, const void *buf, size_t len)
{
	struct fake *f = ctx;

	if (f->fail_write || ipa < GBASE || ipa - GBASE > GSIZE - len)
		return SMMUV3_EFAULT;
	memcpy(f->ram + (ipa - GBASE), buf, len);
	return 0;
}

static void g_irq(void *ctx, enum smmuv3_vsmmu_irq irq, uint64_t addr,
		  uint32_t data)
{
	struct fake *f = ctx;

	f->irqs[irq]++;
	f->irq_addr[irq] = addr;
	f->irq_data[irq] = data;
}

static int h_cmds(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct fake *f = ctx;

	assert_true(n >= 1 && n <= 16);
	if (f->cmds_ret)
		return f->cmds_ret;
	assert_true(f->ncmds + n <= 64);
	memcpy(&f->cmds[f->ncmds], cmds, n * sizeof(*cmds));
	f->ncmds += (unsigned int)n;
	f->nbatches++;
	return 0;
}

static int h_ste(void *ctx, uint32_t sid, const struct smmuv3_ste *ste)
{
	struct fake *f = ctx;

	if (f->ste_ret)
		return f->ste_ret;
	assert_true(sid >= 0x100 && sid < 0x104);
	memcpy(f->ste[sid - 0x100], ste->qw, 64);
	f->ste_writes++;
	return 0;
}

static const struct smmuv3_vsmmu_guest_ops gops = {g_read, g_write, g_irq};
static const struct smmuv3_vsmmu_host_ops hops = {h_cmds, h_ste};

/* Guest SIDs 1, 2, 40 -> host SIDs 0x100, 0x101, 0x102. */
static const struct smmuv3_vsmmu_stream streams[] = {
	{1, 0x100}, {2, 0x101}, {40, 0x102}};

static struct smmuv3_caps hcaps;

static void host_caps(struct smmuv3_caps *c, bool s2, bool ats)
{
	struct smmuv3_idregs r;

	memset(&r, 0, sizeof(r));
	r.idr[0] = SMMUV3_IDR0_S1P | (s2 ? SMMUV3_IDR0_S2P : 0) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTF, 2) | SMMUV3_IDR0_COHACC |
		   SMMUV3_IDR0_ASID16 | SMMUV3_IDR0_VMID16 | SMMUV3_IDR0_MSI |
		   (ats ? SMMUV3_IDR0_ATS : 0) | SMMUV3_IDR0_CD2L |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL, 1) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR0_ST_LEVEL, 1);
	r.idr[1] = SMMUV3_FIELD_PREP(SMMUV3_IDR1_SIDSIZE, 16) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_SSIDSIZE, 10) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_EVTQS, 8) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_CMDQS, 8);
	r.idr[3] = SMMUV3_IDR3_RIL;
	r.idr[5] = 5u | SMMUV3_IDR5_GRAN4K | SMMUV3_IDR5_GRAN64K;
	r.aidr = 2;
	assert_int_equal(smmuv3_idr_resolve(&r, NULL, NULL, c, NULL), 0);
}

static void base_cfg(struct smmuv3_vsmmu_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->host_caps = &hcaps;
	c->host_ops = &hops;
	c->host_ctx = F;
	c->guest_ops = &gops;
	c->guest_ctx = F;
	c->s2 = (struct smmuv3_ste_s2){
		.vmid = VMID, .t0sz = 24, .sl0 = 1, .irgn = 1, .orgn = 1,
		.sh = 3, .tg = 0, .ps = 2, .ttb = 0x88000000, .aa64 = true};
	c->streams = streams;
	c->nstreams = 3;
	c->policy = (struct smmuv3_vsmmu_policy){
		.flags = SMMUV3_VSMMU_P_MSI | SMMUV3_VSMMU_P_RANGE_INV,
		.sid_bits = 8, .ssid_bits = 4, .cmdq_shift = 8,
		.evtq_shift = 4};
}

static int setup(void **state)
{
	F = test_calloc(1, sizeof(*F));
	host_caps(&hcaps, true, true);
	*state = test_calloc(1, sizeof(struct smmuv3_vsmmu));
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	test_free(F);
	return 0;
}

static uint64_t rd(struct smmuv3_vsmmu *vs, uint32_t off, unsigned int size)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(smmuv3_vsmmu_mmio(vs, off, size, false, &v), 0);
	return v;
}

static int wr(struct smmuv3_vsmmu *vs, uint32_t off, unsigned int size,
	      uint64_t v)
{
	return smmuv3_vsmmu_mmio(vs, off, size, true, &v);
}

static void put64(uint64_t ipa, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		F->ram[ipa - GBASE + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(uint64_t ipa)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)F->ram[ipa - GBASE + i] << (8 * i);
	return v;
}

/* A guest STE from raw words (IHI 0070 5.2). */
static void guest_ste(uint32_t gsid, uint64_t w0, uint64_t w1)
{
	uint64_t a = STRTAB + 64ull * gsid;

	for (int i = 0; i < 8; i++)
		put64(a + 8u * i, 0);
	put64(a, w0);
	put64(a + 8, w1);
}

static uint64_t ste_s1(uint64_t cdtab, unsigned int cdmax)
{
	return 1u | (5ull << 1) | (cdtab & SMMUV3_GENMASK64(51, 6)) |
	       ((uint64_t)cdmax << 59);
}

/* Guest commands go in at PROD; returns the mmio result of the doorbell. */
static uint32_t prod;
static int guest_cmds(struct smmuv3_vsmmu *vs, uint64_t (*c)[2],
		      unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		put64(CMDQ + 16u * (prod & 255u), c[i][0]);
		put64(CMDQ + 16u * (prod & 255u) + 8, c[i][1]);
		prod = (prod + 1u) & 511u;
	}
	return wr(vs, SMMUV3_CMDQ_PROD, 4, prod);
}

/* Reset, program the queues and the stream table, enable (as a driver). */
static void guest_enable(struct smmuv3_vsmmu *vs, struct smmuv3_vsmmu_cfg *c)
{
	assert_int_equal(smmuv3_vsmmu_init(vs, c), 0);
	prod = 0;
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE, 8, STRTAB), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE_CFG, 4, 8), 0);
	assert_int_equal(wr(vs, SMMUV3_CMDQ_BASE, 8, CMDQ | 8u), 0);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_BASE, 8, EVTQ | 4u), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4,
			    SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN),
			 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4,
			    SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN |
				    SMMUV3_CR0_SMMUEN),
			 0);
	assert_int_equal(rd(vs, SMMUV3_CR0ACK, 4),
			 SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN |
				 SMMUV3_CR0_SMMUEN);
}

static uint32_t host_config(unsigned int i)
{
	return (uint32_t)SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, F->ste[i][0]);
}

/* ---------------------------------------------------------------- */

static void test_init_refusals(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_stream dup[2] = {{1, 0x100}, {1, 0x101}};
	struct smmuv3_vsmmu_cfg c;
	struct smmuv3_caps s1only;

	base_cfg(&c);
	assert_int_equal(smmuv3_vsmmu_init(NULL, &c), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_vsmmu_init(vs, NULL), SMMUV3_EINVAL);
	c.policy.flags = 1u << 10;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.policy.sid_bits = 0;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.policy.cmdq_shift = 6; /* a batch and a sync must fit */
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.policy.evtq_shift = 20;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.ste_flags = SMMUV3_STE_F_EL2;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.guest_ops = NULL;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.streams = NULL;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	base_cfg(&c);
	c.streams = dup;
	c.nstreams = 2;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	dup[1] = (struct smmuv3_vsmmu_stream){2, 0x100};
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
	dup[1] = (struct smmuv3_vsmmu_stream){256, 0x101}; /* sid_bits 8 */
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_ERANGE);
	dup[1] = (struct smmuv3_vsmmu_stream){2, 0x10000}; /* host 16 bits */
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_ERANGE);
	base_cfg(&c);
	c.policy.ssid_bits = 11;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_ERANGE);
	base_cfg(&c);
	c.s2.vmid = 0;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_ERANGE);
	base_cfg(&c);
	host_caps(&s1only, false, true);
	c.host_caps = &s1only;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EOPNOTSUPP);
	base_cfg(&c);
	host_caps(&s1only, true, false);
	c.host_caps = &s1only;
	c.policy.flags |= SMMUV3_VSMMU_P_ATS;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EOPNOTSUPP);
	assert_int_equal(F->ste_writes, 0);
	base_cfg(&c);
	F->ste_ret = SMMUV3_EIO;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EIO);
	assert_int_equal(vs->stats.last_host_error, SMMUV3_EIO);
}

/* The guest's ID registers, checked by resolving them as a driver does. */
static void test_idregs(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	struct smmuv3_idregs r;
	struct smmuv3_caps g;
	unsigned int i;

	base_cfg(&c);
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
	/* Every stream starts aborting (GBPA.ABORT resets to 1). */
	assert_int_equal(F->ste_writes, 3);
	for (i = 0; i < 3; i++) {
		assert_true(F->ste[i][0] & SMMUV3_STE0_V);
		assert_int_equal(host_config(i), SMMUV3_STE_CONFIG_ABORT);
	}
	assert_int_equal(rd(vs, SMMUV3_GBPA, 4), SMMUV3_GBPA_ABORT);
	for (i = 0; i < 6; i++)
		r.idr[i] = (uint32_t)rd(vs, 4u * i, 4);
	r.iidr = (uint32_t)rd(vs, SMMUV3_IIDR, 4);
	r.aidr = (uint32_t)rd(vs, SMMUV3_AIDR, 4);
	assert_int_equal(r.aidr, 2);
	assert_int_equal(smmuv3_idr_resolve(&r, NULL, NULL, &g, NULL), 0);
	assert_true(g.features & SMMUV3_FEAT_TRANS_S1);
	assert_false(g.features & (SMMUV3_FEAT_TRANS_S2 | SMMUV3_FEAT_HYP |
				   SMMUV3_FEAT_PRI | SMMUV3_FEAT_STALLS |
				   SMMUV3_FEAT_ATS | SMMUV3_FEAT_BTM |
				   SMMUV3_FEAT_2LVL_CDTAB));
	assert_true(g.features & SMMUV3_FEAT_MSI);
	assert_true(g.features & SMMUV3_FEAT_RANGE_INV);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR0_ST_LEVEL, r.idr[0]),
			 SMMUV3_IDR0_ST_LEVEL_2LVL);
	assert_int_equal(g.sid_bits, 8);
	assert_int_equal(g.ssid_bits, 4);
	assert_int_equal(g.cmdq_shift, 8);
	assert_int_equal(g.evtq_shift, 4);
	assert_int_equal(g.asid_bits, 16);
	/* S2T0SZ 24: a 40-bit IPA space is the guest's physical space. */
	assert_int_equal(g.oas_bits, 40);
	assert_int_equal(r.idr[1] & SMMUV3_IDR1_PRIQS, 0);

	/* The host's resolved view counts, not its raw registers: the host
	 * IDR0.COHACC is 1 but its firmware did not say "coherent", so the
	 * resolved host (and the guest) is not coherent (docs/probing.md);
	 * HTTU and TTENDIAN come from the features. */
	assert_true(hcaps.regs.idr[0] & SMMUV3_IDR0_COHACC);
	assert_false(rd(vs, SMMUV3_IDR0, 4) & SMMUV3_IDR0_COHACC);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR0_TTENDIAN,
					  rd(vs, SMMUV3_IDR0, 4)),
			 SMMUV3_IDR0_TTENDIAN_MIXED);
	{
		struct smmuv3_caps h2 = hcaps;

		h2.features &= ~(SMMUV3_FEAT_TT_BE | SMMUV3_FEAT_GRAN64K);
		h2.features |= SMMUV3_FEAT_COHERENCY | SMMUV3_FEAT_HA |
			       SMMUV3_FEAT_HD |
			       SMMUV3_FEAT_TERM_MODEL | SMMUV3_FEAT_VAX |
			       SMMUV3_FEAT_GRAN16K;
		c.host_caps = &h2;
		assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
		r.idr[0] = (uint32_t)rd(vs, SMMUV3_IDR0, 4);
		r.idr[5] = (uint32_t)rd(vs, SMMUV3_IDR5, 4);
		assert_true(r.idr[0] & SMMUV3_IDR0_COHACC);
		assert_true(r.idr[0] & SMMUV3_IDR0_TERM_MODEL);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR0_HTTU, r.idr[0]),
				 SMMUV3_IDR0_HTTU_HAHD);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR0_TTENDIAN,
						  r.idr[0]),
				 SMMUV3_IDR0_TTENDIAN_LE);
		assert_int_equal(r.idr[5] & (SMMUV3_IDR5_GRAN4K |
					     SMMUV3_IDR5_GRAN16K |
					     SMMUV3_IDR5_GRAN64K),
				 SMMUV3_IDR5_GRAN4K | SMMUV3_IDR5_GRAN16K);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR5_VAX, r.idr[5]),
				 1);
		h2.features &= ~(SMMUV3_FEAT_HD | SMMUV3_FEAT_TT_LE);
		h2.features |= SMMUV3_FEAT_TT_BE;
		/* A big-endian-only host resolves with a big-endian CPU;
		 * its stage 2 walks big-endian. */
		c.s2.endi = true;
		assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_ENXIO);
		h2.fw_flags |= SMMUV3_FW_HOST_BE;
		assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
		r.idr[0] = (uint32_t)rd(vs, SMMUV3_IDR0, 4);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR0_HTTU, r.idr[0]),
				 SMMUV3_IDR0_HTTU_HA);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR0_TTENDIAN,
						  r.idr[0]),
				 SMMUV3_IDR0_TTENDIAN_BE);
		c.host_caps = &hcaps;
		c.s2.endi = false;
	}

	/* ATS and CD2L appear with the policy. */
	c.policy.flags = SMMUV3_VSMMU_P_ATS | SMMUV3_VSMMU_P_CD2L;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
	assert_true(rd(vs, SMMUV3_IDR0, 4) & SMMUV3_IDR0_ATS);
	assert_true(rd(vs, SMMUV3_IDR0, 4) & SMMUV3_IDR0_CD2L);
	assert_false(rd(vs, SMMUV3_IDR0, 4) & SMMUV3_IDR0_MSI);
	assert_false(rd(vs, SMMUV3_IDR3, 4) & SMMUV3_IDR3_RIL);
}

static void test_registers(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t v = 5;

	base_cfg(&c);
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
	assert_int_equal(smmuv3_vsmmu_mmio(NULL, 0, 4, false, &v),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_vsmmu_mmio(vs, 0, 4, false, NULL),
			 SMMUV3_EINVAL);
	/* CR0: PRIQEN (no PRI), ATSCHK (no ATS), VMW are RES0. */
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, 0xffffffffu), 0);
	assert_int_equal(rd(vs, SMMUV3_CR0, 4),
			 SMMUV3_CR0_SMMUEN | SMMUV3_CR0_EVTQEN |
				 SMMUV3_CR0_CMDQEN);
	assert_int_equal(rd(vs, SMMUV3_CR0ACK, 4), rd(vs, SMMUV3_CR0, 4));
	/* CR1/CR2 and the tables are frozen while enabled. */
	assert_int_equal(wr(vs, SMMUV3_CR1, 4, 0xfff), 0);
	assert_int_equal(rd(vs, SMMUV3_CR1, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_CR2, 4, 7), 0);
	assert_int_equal(rd(vs, SMMUV3_CR2, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE, 8, STRTAB), 0);
	assert_int_equal(rd(vs, SMMUV3_STRTAB_BASE, 8), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE_CFG, 4, 8), 0);
	assert_int_equal(rd(vs, SMMUV3_STRTAB_BASE_CFG, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_CMDQ_BASE, 8, CMDQ | 8), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_BASE, 8), 0);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_BASE, 8, EVTQ | 4), 0);
	assert_int_equal(rd(vs, SMMUV3_EVTQ_BASE, 8), 0);
	assert_int_equal(wr(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4, 3), 0);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_CMDQ_CONS, 4, 3), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, 0), 0);

	assert_int_equal(wr(vs, SMMUV3_CR1, 4, 0xffffffffu), 0);
	assert_int_equal(rd(vs, SMMUV3_CR1, 4), 0xfff);
	assert_int_equal(wr(vs, SMMUV3_CR2, 4, 0xffffffffu), 0);
	assert_int_equal(rd(vs, SMMUV3_CR2, 4),
			 SMMUV3_CR2_RECINVSID | SMMUV3_CR2_PTM);
	/* 64-bit registers: 8-byte or either 32-bit half; RES0 bits. */
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE, 4, 0xffffffffu), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE + 4, 4, 0xffffffffu), 0);
	assert_true(rd(vs, SMMUV3_STRTAB_BASE, 8) ==
		    (SMMUV3_STRTAB_BASE_RA | SMMUV3_STRTAB_BASE_ADDR));
	assert_int_equal(rd(vs, SMMUV3_STRTAB_BASE + 4, 4),
			 (uint32_t)((SMMUV3_STRTAB_BASE_RA |
				     SMMUV3_STRTAB_BASE_ADDR) >>
				    32));
	assert_int_equal(wr(vs, SMMUV3_CMDQ_BASE, 8, ~0ull), 0);
	assert_true(rd(vs, SMMUV3_CMDQ_BASE, 8) ==
		    (SMMUV3_Q_BASE_RWA | SMMUV3_Q_BASE_ADDR |
		     SMMUV3_Q_BASE_LOG2SIZE));
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE_CFG, 4, 0xffffffffu), 0);
	assert_int_equal(rd(vs, SMMUV3_STRTAB_BASE_CFG, 4), 0x307ff);
	assert_int_equal(wr(vs, SMMUV3_CMDQ_CONS, 4, 0xffffffffu), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 0x7f0fffff);
	assert_int_equal(wr(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4, ~0u), 0);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4),
			 0x800fffff);
	assert_int_equal(wr(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, ~0u), 0);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4),
			 0x800fffff);

	/* GBPA (6.3.14): fields change only with UPDATE, which reads 0;
	 * without the bypass policy ABORT stays set. */
	assert_int_equal(wr(vs, SMMUV3_GBPA, 4, 0x3), 0);
	assert_int_equal(rd(vs, SMMUV3_GBPA, 4), SMMUV3_GBPA_ABORT);
	assert_int_equal(wr(vs, SMMUV3_GBPA, 4, SMMUV3_GBPA_UPDATE | 0x1013),
			 0);
	assert_int_equal(rd(vs, SMMUV3_GBPA, 4), SMMUV3_GBPA_ABORT | 0x1013);

	/* IRQ_CTRL: PRIQ_IRQEN is RES0; ACK follows at once. */
	assert_int_equal(wr(vs, SMMUV3_IRQ_CTRL, 4, 7), 0);
	assert_int_equal(rd(vs, SMMUV3_IRQ_CTRL, 4), 5);
	assert_int_equal(rd(vs, SMMUV3_IRQ_CTRLACK, 4), 5);
	/* MSI configuration (policy MSI). */
	assert_int_equal(wr(vs, SMMUV3_GERROR_IRQ_CFG0, 8, ~0ull), 0);
	assert_true(rd(vs, SMMUV3_GERROR_IRQ_CFG0, 8) == SMMUV3_IRQ_CFG0_ADDR);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG1, 4, 0x1234), 0);
	assert_int_equal(rd(vs, SMMUV3_EVTQ_IRQ_CFG1, 4), 0x1234);
	assert_int_equal(wr(vs, SMMUV3_GERROR_IRQ_CFG1, 4, 0x55), 0);
	assert_int_equal(rd(vs, SMMUV3_GERROR_IRQ_CFG1, 4), 0x55);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG2, 4, ~0u), 0);
	assert_int_equal(rd(vs, SMMUV3_EVTQ_IRQ_CFG2, 4), 0x3f);
	assert_int_equal(wr(vs, SMMUV3_GERROR_IRQ_CFG2, 4, 0x11), 0);
	assert_int_equal(rd(vs, SMMUV3_GERROR_IRQ_CFG2, 4), 0x11);
	/* GERROR is read-only; GERRORN toggles only active errors. */
	assert_int_equal(wr(vs, SMMUV3_GERROR, 4, 1), 0);
	assert_int_equal(rd(vs, SMMUV3_GERROR, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_GERRORN, 4, 0x7ff), 0);
	assert_int_equal(rd(vs, SMMUV3_GERRORN, 4), 0);

	/* RAZ/WI: ID registers, PRIQ, STATUSR, AGBPA, reserved, page 1
	 * beyond the event queue, misaligned, odd sizes, 8-byte access to
	 * a 32-bit register, beyond the frame. */
	assert_int_equal(wr(vs, SMMUV3_IDR0, 4, 0), 0);
	assert_true(rd(vs, SMMUV3_IDR0, 4) & SMMUV3_IDR0_S1P);
	assert_int_equal(wr(vs, SMMUV3_PRIQ_BASE, 8, ~0ull), 0);
	assert_true(rd(vs, SMMUV3_PRIQ_BASE, 8) == 0);
	assert_true(rd(vs, SMMUV3_PAGE1 + SMMUV3_PRIQ_PROD, 4) == 0);
	assert_true(rd(vs, SMMUV3_STATUSR, 4) == 0);
	assert_true(rd(vs, SMMUV3_AGBPA, 4) == 0);
	assert_true(rd(vs, 0x100, 4) == 0);
	assert_true(rd(vs, SMMUV3_CR1 + 1, 4) == 0);
	assert_true(rd(vs, SMMUV3_CR1, 2) == 0);
	assert_true(rd(vs, SMMUV3_CR0, 8) == 0);
	assert_true(rd(vs, SMMUV3_VSMMU_FRAME_SIZE, 4) == 0);
	assert_int_equal(wr(vs, SMMUV3_CR1, 2, 0), 0);
	assert_int_equal(rd(vs, SMMUV3_CR1, 4), 0xfff);

	/* Without the MSI policy the IRQ_CFG registers are RAZ/WI. */
	c.policy.flags = 0;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG0, 8, 0x1000), 0);
	assert_true(rd(vs, SMMUV3_EVTQ_IRQ_CFG0, 8) == 0);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG1, 4, 1), 0);
	assert_true(rd(vs, SMMUV3_EVTQ_IRQ_CFG1, 4) == 0);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG2, 4, 1), 0);
	assert_true(rd(vs, SMMUV3_EVTQ_IRQ_CFG2, 4) == 0);
}

/* GBPA and SMMUEN decide the host STEs of every stream. */
static void test_gbpa_bypass(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;

	base_cfg(&c);
	c.policy.flags |= SMMUV3_VSMMU_P_BYPASS;
	assert_int_equal(smmuv3_vsmmu_init(vs, &c), 0);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
	assert_int_equal(wr(vs, SMMUV3_GBPA, 4, SMMUV3_GBPA_UPDATE), 0);
	assert_int_equal(rd(vs, SMMUV3_GBPA, 4), 0);
	/* Bypass for the guest is stage 2 only on the host. */
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(host_config(i), SMMUV3_STE_CONFIG_S2);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_STE2_S2VMID,
						  F->ste[i][2]),
				 VMID);
		assert_true((F->ste[i][3] & SMMUV3_STE3_S2TTB) == 0x88000000);
	}
	/* SMMUEN with an empty (zeroed) guest table: V = 0, abort. */
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE_CFG, 4, 8), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE, 8, STRTAB), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_SMMUEN), 0);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
	assert_int_equal(vs->stats.refusals, 0);
	/* A guest bypass STE is allowed by this policy. */
	guest_ste(2, 1u | (4u << 1), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, 0), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_SMMUEN), 0);
	assert_int_equal(host_config(1), SMMUV3_STE_CONFIG_S2);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
	/* A CFGI_STE while SMMUEN = 0 follows GBPA, not the guest STE. */
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, 0), 0);
	assert_int_equal(wr(vs, SMMUV3_GBPA, 4, SMMUV3_GBPA_UPDATE), 0);
	assert_int_equal(wr(vs, SMMUV3_CMDQ_BASE, 8, CMDQ | 8u), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN), 0);
	prod = (uint32_t)rd(vs, SMMUV3_CMDQ_PROD, 4);
	{
		uint64_t cfgi[][2] = {{0x03 | (1ull << 32), 0}};

		F->ste_writes = 0;
		assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
		assert_int_equal(F->ste_writes, 1);
		assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_S2);
	}
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_SMMUEN), 0);
	/* GBPA changes while SMMUEN = 1 leave the STEs alone. */
	F->ste_writes = 0;
	assert_int_equal(wr(vs, SMMUV3_GBPA, 4,
			    SMMUV3_GBPA_UPDATE | SMMUV3_GBPA_ABORT),
			 0);
	assert_int_equal(F->ste_writes, 0);
	/* A host failure is passed on (the register is applied). */
	F->ste_ret = SMMUV3_ETIMEDOUT;
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, 0), SMMUV3_ETIMEDOUT);
	assert_int_equal(rd(vs, SMMUV3_CR0, 4), 0);
	assert_int_equal(wr(vs, SMMUV3_GBPA, 4, SMMUV3_GBPA_UPDATE),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(vs->stats.last_host_error, SMMUV3_ETIMEDOUT);
}

/* The guest's S1 STE becomes the host's nested STE on CFGI_STE. */
static void test_cfgi_ste_nested(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	struct smmuv3_ste ref;
	uint64_t cmds[][2] = {
		{0x03 | (1ull << 32), 0}, /* CFGI_STE SID 1 */
		{0x03 | (9ull << 32), 0}, /* CFGI_STE SID 9: no device */
		{0x46, 0},		  /* CMD_SYNC */
	};

	base_cfg(&c);
	guest_enable(vs, &c);
	F->ste_writes = 0;
	guest_ste(1, ste_s1(CDTAB, 0), 0);
	assert_int_equal(guest_cmds(vs, cmds, 3), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 3);
	assert_int_equal(F->ste_writes, 1);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
	assert_true((F->ste[0][0] & SMMUV3_STE0_S1CTXPTR) == CDTAB);
	/* Words 2 and 3 are exactly the hypervisor's stage 2. */
	assert_int_equal(smmuv3_ste_build_s2(&hcaps, &c.s2, 0, &ref), 0);
	assert_true(F->ste[0][2] == ref.qw[2]);
	assert_true(F->ste[0][3] == ref.qw[3]);
	assert_int_equal(vs->stats.cmds, 3);
	assert_int_equal(F->ncmds, 0); /* nothing else for the host */

	/* CFGI_ALL re-reads every stream; a 2-level table works too. */
	F->ste_writes = 0;
	assert_int_equal(wr(vs, SMMUV3_CR0, 4,
			    SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN),
			 0);
	/* L1 descriptors of 2^6 STEs each: SID 40 is in L1 entry 0. */
	put64(GBASE + 0x50000, (STRTAB) | 7u); /* SPAN 7: 64 STEs */
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE, 8, GBASE + 0x50000), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE_CFG, 4,
			    (1u << 16) | (6u << 6) | 8u),
			 0);
	guest_ste(40, ste_s1(CDTAB + 0x1000, 0), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4,
			    SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN |
				    SMMUV3_CR0_SMMUEN),
			 0);
	assert_int_equal(F->ste_writes, 6); /* off (3) and on (3) */
	assert_int_equal(host_config(2), SMMUV3_STE_CONFIG_NESTED);
	assert_true((F->ste[2][0] & SMMUV3_STE0_S1CTXPTR) == CDTAB + 0x1000);
	/* SPAN 2 (2 STEs): SID 40 (index 40) is outside it -> abort. */
	put64(GBASE + 0x50000, (STRTAB) | 2u);
	{
		uint64_t all[][2] = {{0x04, 31}, {0x46, 0}};

		assert_int_equal(guest_cmds(vs, all, 2), 0);
	}
	assert_int_equal(host_config(2), SMMUV3_STE_CONFIG_ABORT);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
	/* Invalid L1 descriptor (SPAN 0). */
	put64(GBASE + 0x50000, 0);
	{
		uint64_t rng[][2] = {{0x04 | (0ull << 32), 1}};

		assert_int_equal(guest_cmds(vs, rng, 1), 0); /* SIDs 0..3 */
	}
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
	assert_int_equal(host_config(1), SMMUV3_STE_CONFIG_ABORT);
	assert_int_equal(vs->stats.refusals, 0);
	/* A StreamID beyond LOG2SIZE aborts: LOG2SIZE 5 leaves out 40. */
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE, 8, STRTAB), 0);
	assert_int_equal(wr(vs, SMMUV3_STRTAB_BASE_CFG, 4, 5), 0);
	assert_int_equal(wr(vs, SMMUV3_CR0, 4,
			    SMMUV3_CR0_CMDQEN | SMMUV3_CR0_SMMUEN),
			 0);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
	assert_int_equal(host_config(2), SMMUV3_STE_CONFIG_ABORT);
}

/* Every guest STE the policy refuses aborts, with its reason. */
static void test_ste_refusals(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t cfgi[][2] = {{0x03 | (1ull << 32), 0}};
	const struct {
		uint64_t w0, w1;
		enum smmuv3_vsmmu_refusal r;
	} cases[] = {
		{1u | (6u << 1), 0, SMMUV3_VSMMU_R_STE_STAGE2},
		{1u | (7u << 1), 0, SMMUV3_VSMMU_R_STE_STAGE2},
		{1u | (4u << 1), 0, SMMUV3_VSMMU_R_STE_BYPASS},
		{1u | (1u << 1), 0, SMMUV3_VSMMU_R_STE_ILLEGAL},
		{1u | (3u << 1), 0, SMMUV3_VSMMU_R_STE_ILLEGAL},
		/* S1CDMAX 5 > SSIDSIZE 4 */
		{ste_s1(CDTAB, 5), 0, SMMUV3_VSMMU_R_STE_ILLEGAL},
		/* S1DSS 3 is reserved */
		{ste_s1(CDTAB, 2), 3, SMMUV3_VSMMU_R_STE_ILLEGAL},
		/* S1CSH 1 is reserved */
		{ste_s1(CDTAB, 0), 1u << 6, SMMUV3_VSMMU_R_STE_ILLEGAL},
		/* 2-level CD table without CD2L */
		{ste_s1(CDTAB, 2) | (2u << 4), 2, SMMUV3_VSMMU_R_STE_FEATURE},
		/* STRW = EL2 */
		{ste_s1(CDTAB, 0), 2ull << 30, SMMUV3_VSMMU_R_STE_FEATURE},
		/* EATS without the ATS policy */
		{ste_s1(CDTAB, 0), 1ull << 28, SMMUV3_VSMMU_R_STE_FEATURE},
		/* CD table beyond the guest's 40-bit physical space */
		{ste_s1(1ull << 45, 0), 0, SMMUV3_VSMMU_R_STE_ILLEGAL},
	};
	unsigned int i;

	base_cfg(&c);
	guest_enable(vs, &c);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		guest_ste(1, ste_s1(CDTAB, 0), 0);
		assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
		assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
		guest_ste(1, cases[i].w0, cases[i].w1);
		assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
		assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
		assert_int_equal(vs->stats.last_refusal, cases[i].r);
		assert_int_equal(vs->stats.last_refusal_sid, 1);
		assert_int_equal(vs->stats.refusals, i + 1);
		/* A refused STE is not a command error. */
		assert_int_equal(rd(vs, SMMUV3_GERROR, 4), 0);
	}
	/* Unreadable guest STE. */
	F->fail_read_ipa = STRTAB + 64;
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(vs->stats.last_refusal, SMMUV3_VSMMU_R_STE_FETCH);
	F->fail_read_ipa = 0;
	/* Explicit abort and V = 0 are not refusals. */
	i = (unsigned int)vs->stats.refusals;
	guest_ste(1, 1u, 0);
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	guest_ste(1, 0, 0);
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
	assert_int_equal(vs->stats.refusals, i);

	/* With ATS and CD2L allowed, EATS = 1 and S1Fmt 2 pass; EATS 2
	 * (split stage ATS) and S1Fmt 1 (4 KB leaves) do not. */
	c.policy.flags |= SMMUV3_VSMMU_P_ATS | SMMUV3_VSMMU_P_CD2L;
	guest_enable(vs, &c);
	guest_ste(1, ste_s1(CDTAB, 2) | (2u << 4), 2 | (1ull << 28));
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_STE1_EATS, F->ste[0][1]), 1);
	guest_ste(1, ste_s1(CDTAB, 2) | (1u << 4), 2);
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(vs->stats.last_refusal, SMMUV3_VSMMU_R_STE_FEATURE);
	guest_ste(1, ste_s1(CDTAB, 2) | (3u << 4), 2);
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(vs->stats.last_refusal, SMMUV3_VSMMU_R_STE_ILLEGAL);
	guest_ste(1, ste_s1(CDTAB, 0), 2ull << 28);
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(vs->stats.last_refusal, SMMUV3_VSMMU_R_STE_FEATURE);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
	/* A host that forces stalls: every host STE stalls (S2S), so ATS is
	 * impossible there and the host's builder refuses EATS = 1. */
	{
		struct smmuv3_caps h2 = hcaps;

		h2.features |= SMMUV3_FEAT_STALLS | SMMUV3_FEAT_STALL_FORCE;
		h2.stall_model = 2;
		c.host_caps = &h2;
		assert_int_equal(smmuv3_vsmmu_init(vs, &c), SMMUV3_EINVAL);
		c.ste_flags = SMMUV3_STE_F_STALL;
		guest_enable(vs, &c);
		guest_ste(1, ste_s1(CDTAB, 0), 0);
		assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
		assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
		assert_true(F->ste[0][2] & SMMUV3_STE2_S2S);
		guest_ste(1, ste_s1(CDTAB, 0), 1ull << 28);
		assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
		assert_int_equal(vs->stats.last_refusal,
				 SMMUV3_VSMMU_R_STE_HOST);
		assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_ABORT);
		c.host_caps = &hcaps;
	}
}

static void assert_host_cmd(unsigned int i, uint8_t op, uint32_t sid,
			    uint16_t vmid, uint16_t asid)
{
	struct smmuv3_cmd_desc d;

	assert_true(i < F->ncmds);
	assert_int_equal(smmuv3_cmd_decode(&hcaps, &F->cmds[i], &d), 0);
	assert_int_equal(d.opcode, op);
	assert_int_equal(d.sid, sid);
	assert_int_equal(d.vmid, vmid);
	assert_int_equal(d.asid, asid);
}

/* Invalidations are forwarded in the guest's world: host SID, VMID. */
static void test_forwarding(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t cmds[][2] = {
		{0x05 | (2ull << 32) | (3ull << 12), 1}, /* CFGI_CD 2/3 leaf */
		{0x06 | (40ull << 32), 0},		 /* CFGI_CD_ALL 40 */
		{0x05 | (9ull << 32), 0},		 /* no device: dropped */
		{0x10, 0},				 /* TLBI_NH_ALL */
		{0x11 | (0x1234ull << 48), 0},		 /* NH_ASID */
		{0x12 | (5ull << 48), 0x7000 | 1},	 /* NH_VA leaf */
		{0x13, 0x9000},				 /* NH_VAA */
		{0x30, 0},				 /* NSNH_ALL */
		{0x01 | (1ull << 32), 0},		 /* PREFETCH: dropped */
		/* NH_VA, range: TG 4K, NUM 1, SCALE 0 */
		{0x12 | (5ull << 48) | (1ull << 12), 0x8000 | (1u << 10)},
		{0x46, 0},
	};

	base_cfg(&c);
	guest_enable(vs, &c);
	assert_int_equal(guest_cmds(vs, cmds, 11), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 11);
	assert_int_equal(F->ncmds, 8);
	assert_int_equal(F->nbatches, 1); /* one host sync for the batch */
	assert_host_cmd(0, SMMUV3_OP_CFGI_CD, 0x101, 0, 0);
	assert_host_cmd(1, SMMUV3_OP_CFGI_CD_ALL, 0x102, 0, 0);
	assert_host_cmd(2, SMMUV3_OP_TLBI_NH_ALL, 0, VMID, 0);
	assert_host_cmd(3, SMMUV3_OP_TLBI_NH_ASID, 0, VMID, 0x1234);
	assert_host_cmd(4, SMMUV3_OP_TLBI_NH_VA, 0, VMID, 5);
	assert_host_cmd(5, SMMUV3_OP_TLBI_NH_VAA, 0, VMID, 0);
	assert_host_cmd(6, SMMUV3_OP_TLBI_S12_VMALL, 0, VMID, 0);
	assert_host_cmd(7, SMMUV3_OP_TLBI_NH_VA, 0, VMID, 5);
	assert_true((F->cmds[7].dw[1] & ~0xfffull) == 0x8000);
	assert_int_equal(vs->stats.forwarded, 8);

	/* More than a batch: flushed in 16s, all before the sync ends. */
	{
		uint64_t many[40][2];

		for (int i = 0; i < 39; i++) {
			many[i][0] = 0x11 | ((uint64_t)i << 48);
			many[i][1] = 0;
		}
		many[39][0] = 0x46;
		many[39][1] = 0;
		F->ncmds = 0;
		F->nbatches = 0;
		assert_int_equal(guest_cmds(vs, many, 40), 0);
		/* 39 commands: 16 + 16 + 7, each batch with a host sync. */
		assert_int_equal(F->nbatches, 3);
	}
}

/* CMD_SYNC completion: MSI into guest memory, or the wired interrupt. */
static void test_sync(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t msi[][2] = {
		{0x46 | (1u << 12) | (3u << 22) | (0xabcdull << 32),
		 MSI_TARGET}};
	uint64_t wired[][2] = {{0x46 | (1u << 12), 0}};
	uint64_t sev[][2] = {{0x46 | (2u << 12), 0}};
	uint64_t bad_msi[][2] = {
		{0x46 | (1u << 12) | (1ull << 32), 0x1000}};

	base_cfg(&c);
	guest_enable(vs, &c);
	assert_int_equal(guest_cmds(vs, msi, 1), 0);
	assert_int_equal(F->ram[MSI_TARGET - GBASE], 0xcd);
	assert_int_equal(F->ram[MSI_TARGET - GBASE + 1], 0xab);
	assert_int_equal(guest_cmds(vs, wired, 1), 0);
	assert_int_equal(F->irqs[SMMUV3_VSMMU_IRQ_CMD_SYNC], 1);
	assert_int_equal(guest_cmds(vs, sev, 1), 0);
	assert_int_equal(F->irqs[SMMUV3_VSMMU_IRQ_CMD_SYNC], 1);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 3);
	/* An MSI write that aborts: GERROR.MSI_CMDQ_ABT_ERR, consumed. */
	assert_int_equal(guest_cmds(vs, bad_msi, 1), 0);
	assert_int_equal(rd(vs, SMMUV3_GERROR, 4),
			 SMMUV3_GERROR_MSI_CMDQ_ABT_ERR);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 4);
	/* The host's failure leaves the sync in the queue to retry. */
	{
		uint64_t c2[][2] = {{0x10, 0}, {0x46, 0}};

		F->cmds_ret = SMMUV3_ETIMEDOUT;
		assert_int_equal(guest_cmds(vs, c2, 2), SMMUV3_ETIMEDOUT);
		assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 5);
		assert_int_equal(vs->stats.last_host_error, SMMUV3_ETIMEDOUT);
		F->cmds_ret = 0;
		assert_int_equal(smmuv3_vsmmu_process(vs), 0);
		assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 6);
	}
	/* Without a sync, the forwarded commands still reach the host at
	 * the end of the call; a failure there is reported and the batch
	 * kept for the next call. */
	{
		uint64_t c3[][2] = {{0x10, 0}};
		unsigned int before = F->ncmds;

		F->cmds_ret = SMMUV3_EIO;
		assert_int_equal(guest_cmds(vs, c3, 1), SMMUV3_EIO);
		assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 7);
		F->cmds_ret = 0;
		assert_int_equal(smmuv3_vsmmu_process(vs), 0);
		assert_int_equal(F->ncmds, before + 1);
	}
	assert_int_equal(smmuv3_vsmmu_process(NULL), SMMUV3_EINVAL);
}

/* IHI 0070 7.1: CONS stops at the command, CONS.ERR, GERROR.CMDQ_ERR;
 * nothing is consumed until GERRORN acknowledges. */
static void test_cerror(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t bad[][2] = {
		{0x10, 0},		      /* NH_ALL: fine */
		{0x2a | (7ull << 32), 0x1000}, /* TLBI_S2_IPA: no stage 2 */
		{0x10, 0},
	};
	uint64_t refused[][2] = {
		{0x20, 0},			/* TLBI_EL2_ALL: no HYP */
		{0x28 | (3ull << 32), 0},	/* TLBI_S12_VMALL */
		{0x10 | (3ull << 32), 0},	/* NH_ALL with a VMID */
		{0x40 | (1ull << 32), 52},	/* ATC_INV: no ATS */
		{0x41 | (1ull << 32), 2u << 12}, /* PRI_RESP */
		{0x44 | (1ull << 32), 0},	/* RESUME */
		{0x45 | (1ull << 32), 0},	/* STALL_TERM */
		{0x03 | (256ull << 32), 0},	/* SID beyond SIDSIZE 8 */
		{0x05 | (1ull << 32) | (16ull << 12), 0}, /* SSID > 4 bits */
		{0xff, 0},			/* undefined opcode */
		{0x18, 0},			/* TLBI_EL3_ALL: Secure */
		{0x1a, 0x1000},			/* TLBI_EL3_VA: Secure */
		{0x03 | (1ull << 10) | (1ull << 32), 0}, /* SSec */
		{0x46 | (3u << 12), 0},		/* CS reserved */
		{0x10 | (1ull << 8), 0},	/* RES0 bit */
	};
	uint32_t cons;
	unsigned int i;

	base_cfg(&c);
	c.policy.flags = 0; /* no MSI: GERROR is a wired interrupt */
	guest_enable(vs, &c);
	assert_int_equal(wr(vs, SMMUV3_IRQ_CTRL, 4,
			    SMMUV3_IRQ_CTRL_GERROR_IRQEN),
			 0);
	assert_int_equal(guest_cmds(vs, bad, 3), 0);
	cons = (uint32_t)rd(vs, SMMUV3_CMDQ_CONS, 4);
	assert_int_equal(cons & 0xfffff, 1);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons),
			 SMMUV3_CERROR_ILL);
	assert_int_equal(rd(vs, SMMUV3_GERROR, 4), SMMUV3_GERROR_CMDQ_ERR);
	assert_int_equal(F->irqs[SMMUV3_VSMMU_IRQ_GERROR], 1);
	assert_int_equal(F->irq_addr[SMMUV3_VSMMU_IRQ_GERROR], 0);
	/* The command before the error reached the host. */
	assert_int_equal(F->ncmds, 1);
	assert_int_equal(vs->stats.last_refusal, SMMUV3_VSMMU_R_CMD_ILLEGAL);
	assert_true(vs->stats.last_refusal_cmd[0] == bad[1][0]);
	/* A new doorbell consumes nothing while the error is active. */
	assert_int_equal(wr(vs, SMMUV3_CMDQ_PROD, 4, prod), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4) & 0xfffff, 1);
	assert_int_equal(smmuv3_vsmmu_process(vs), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4) & 0xfffff, 1);
	/* The guest replaces the command with a CMD_SYNC and acks. */
	put64(CMDQ + 16, 0x46);
	put64(CMDQ + 24, 0);
	assert_int_equal(wr(vs, SMMUV3_GERRORN, 4, SMMUV3_GERROR_CMDQ_ERR), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4) & 0xfffff, 3);
	assert_int_equal(F->ncmds, 2);

	/* Every command outside the guest's world is CERROR_ILL. */
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		uint32_t before = (uint32_t)rd(vs, SMMUV3_CMDQ_CONS, 4) &
				  0xfffff;
		uint32_t g;

		assert_int_equal(guest_cmds(vs, &refused[i], 1), 0);
		cons = (uint32_t)rd(vs, SMMUV3_CMDQ_CONS, 4);
		assert_int_equal(cons & 0xfffff, before);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons),
				 SMMUV3_CERROR_ILL);
		g = (uint32_t)rd(vs, SMMUV3_GERROR, 4);
		assert_true((g ^ rd(vs, SMMUV3_GERRORN, 4)) &
			    SMMUV3_GERROR_CMDQ_ERR);
		/* Skip it: the guest turns it into a no-op sync. */
		put64(CMDQ + 16u * before, 0x46);
		put64(CMDQ + 16u * before + 8, 0);
		assert_int_equal(wr(vs, SMMUV3_GERRORN, 4,
				    rd(vs, SMMUV3_GERRORN, 4) ^
					    SMMUV3_GERROR_CMDQ_ERR),
				 0);
		assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4) & 0xfffff,
				 before + 1);
	}
	assert_int_equal(F->ncmds, 2); /* nothing refused reached the host */

	/* An unreadable queue entry: CERROR_ABT. */
	F->fail_read = true;
	{
		uint64_t one[][2] = {{0x46, 0}};

		assert_int_equal(guest_cmds(vs, one, 1), 0);
	}
	F->fail_read = false;
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR,
					  rd(vs, SMMUV3_CMDQ_CONS, 4)),
			 SMMUV3_CERROR_ABT);
	assert_int_equal(vs->stats.last_refusal, SMMUV3_VSMMU_R_CMD_FETCH);
	/* While the error is active, the guest may move PROD back to CONS
	 * (7.1) and disable the queue; CONS becomes writable. */
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_SMMUEN), 0);
	assert_int_equal(wr(vs, SMMUV3_CMDQ_CONS, 4, 0), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 0);
}

/* A full queue of commands costs at most max_cmds per call. */
static void test_budget(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t cmds[255][2];
	int ret, calls = 0;

	base_cfg(&c);
	c.policy.max_cmds = 100;
	guest_enable(vs, &c);
	for (int i = 0; i < 255; i++) {
		cmds[i][0] = 0x04; /* CFGI_ALL: 3 STE writes each */
		cmds[i][1] = 31;
	}
	F->ste_writes = 0;
	assert_int_equal(guest_cmds(vs, cmds, 255), SMMUV3_EAGAIN);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 100);
	assert_int_equal(F->ste_writes, 300);
	do {
		ret = smmuv3_vsmmu_process(vs);
		calls++;
	} while (ret == SMMUV3_EAGAIN && calls < 10);
	assert_int_equal(ret, 0);
	assert_int_equal(calls, 2);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 255);
	/* The wrap bit follows the index around the queue. */
	assert_int_equal(guest_cmds(vs, cmds, 2), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 256 | 1);
	/* A host STE failure leaves the CFGI in the queue. */
	F->ste_ret = SMMUV3_EIO;
	assert_int_equal(guest_cmds(vs, cmds, 1), SMMUV3_EIO);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 256 | 1);
	F->ste_ret = 0;
	assert_int_equal(smmuv3_vsmmu_process(vs), 0);
	assert_int_equal(rd(vs, SMMUV3_CMDQ_CONS, 4), 256 | 2);
}

static void rec_f_translation(uint64_t raw[4], uint32_t hsid, bool s2)
{
	raw[0] = SMMUV3_EVT_F_TRANSLATION | ((uint64_t)hsid << 32);
	raw[1] = (1ull << 31) | 0x55 | (s2 ? 1ull << 39 : 0) | (1ull << 35);
	raw[2] = 0x12345000;
	raw[3] = 0xdead000;
}

static void test_events(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	enum smmuv3_vsmmu_fate fate;
	uint64_t raw[4];
	unsigned int i;

	base_cfg(&c);
	guest_enable(vs, &c);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG0, 8, 0x8000000), 0);
	assert_int_equal(wr(vs, SMMUV3_EVTQ_IRQ_CFG1, 4, 77), 0);
	assert_int_equal(wr(vs, SMMUV3_IRQ_CTRL, 4,
			    SMMUV3_IRQ_CTRL_EVTQ_IRQEN |
				    SMMUV3_IRQ_CTRL_GERROR_IRQEN),
			 0);
	rec_f_translation(raw, 0x101, false);
	assert_int_equal(smmuv3_vsmmu_event(NULL, raw, &fate), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
	/* Guest SID 2, stall tag and word 3 gone, the rest kept. */
	assert_true(get64(EVTQ) == (SMMUV3_EVT_F_TRANSLATION | (2ull << 32)));
	assert_true(get64(EVTQ + 8) == (1ull << 35));
	assert_true(get64(EVTQ + 16) == 0x12345000);
	assert_true(get64(EVTQ + 24) == 0);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4), 1);
	assert_int_equal(F->irqs[SMMUV3_VSMMU_IRQ_EVTQ], 1);
	assert_true(F->irq_addr[SMMUV3_VSMMU_IRQ_EVTQ] == 0x8000000);
	assert_int_equal(F->irq_data[SMMUV3_VSMMU_IRQ_EVTQ], 77);

	/* Stage-2 faults and host trouble stay with the hypervisor. */
	rec_f_translation(raw, 0x101, true);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_HYP);
	raw[0] = SMMUV3_EVT_C_BAD_STE | (0x100ull << 32);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_HYP);
	raw[0] = SMMUV3_EVT_F_BAD_ATS_TREQ | (0x100ull << 32);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_HYP); /* no ATS policy */
	assert_int_equal(vs->stats.events_hyp, 3);
	/* Other guest-caused records. */
	raw[0] = SMMUV3_EVT_C_BAD_CD | (0x102ull << 32);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
	assert_true(get64(EVTQ + 32) == (SMMUV3_EVT_C_BAD_CD | (40ull << 32)));
	/* Not the guest's stream. */
	raw[0] = SMMUV3_EVT_F_TRANSLATION | (0x200ull << 32);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), SMMUV3_ENOENT);

	/* 7.4: 16 entries; fill the queue, then overflow toggles OVFLG
	 * once until the guest acknowledges with CONS.OVACKFLG. */
	rec_f_translation(raw, 0x100, false);
	for (i = 2; i < 16; i++) {
		assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
		assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
	}
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4), 16);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_LOST);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4),
			 16 | SMMUV3_Q_OVF);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4),
			 16 | SMMUV3_Q_OVF);
	/* The guest consumes all and acknowledges the overflow. */
	assert_int_equal(wr(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4,
			    16 | SMMUV3_Q_OVF),
			 0);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
	assert_int_equal(rd(vs, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4),
			 17 | SMMUV3_Q_OVF);
	assert_int_equal(vs->stats.events_lost, 2);

	/* A queue write that aborts: EVTQ_ABT_ERR, then nothing until
	 * acknowledged. */
	F->fail_write = true;
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_LOST);
	assert_int_equal(rd(vs, SMMUV3_GERROR, 4), SMMUV3_GERROR_EVTQ_ABT_ERR);
	F->fail_write = false;
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_LOST);
	assert_int_equal(wr(vs, SMMUV3_GERRORN, 4, SMMUV3_GERROR_EVTQ_ABT_ERR),
			 0);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
	/* Disabled queue: lost. */
	assert_int_equal(wr(vs, SMMUV3_CR0, 4, SMMUV3_CR0_SMMUEN), 0);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_LOST);

	/* With ATS, F_BAD_ATS_TREQ is the guest's. */
	c.policy.flags |= SMMUV3_VSMMU_P_ATS;
	guest_enable(vs, &c);
	raw[0] = SMMUV3_EVT_F_BAD_ATS_TREQ | (0x100ull << 32);
	assert_int_equal(smmuv3_vsmmu_event(vs, raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
}

/* Tear-down: every stream aborts, failures are retried. */
static void test_fini(void **state)
{
	struct smmuv3_vsmmu *vs = *state;
	struct smmuv3_vsmmu_cfg c;
	uint64_t cfgi[][2] = {{0x04, 31}};

	base_cfg(&c);
	guest_enable(vs, &c);
	guest_ste(1, ste_s1(CDTAB, 0), 0);
	guest_ste(2, ste_s1(CDTAB, 0), 0);
	assert_int_equal(guest_cmds(vs, cfgi, 1), 0);
	assert_int_equal(host_config(0), SMMUV3_STE_CONFIG_NESTED);
	assert_int_equal(host_config(1), SMMUV3_STE_CONFIG_NESTED);
	assert_int_equal(smmuv3_vsmmu_fini(NULL), SMMUV3_EINVAL);
	F->ste_ret = SMMUV3_EIO;
	assert_int_equal(smmuv3_vsmmu_fini(vs), SMMUV3_EIO);
	F->ste_ret = 0;
	assert_int_equal(smmuv3_vsmmu_fini(vs), 0);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(host_config(i), SMMUV3_STE_CONFIG_ABORT);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(smmuv3_vsmmu_refusal_name(SMMUV3_VSMMU_OK), "ok");
	assert_string_equal(
		smmuv3_vsmmu_refusal_name(SMMUV3_VSMMU_R_CMD_FETCH),
		"cmd-fetch");
	assert_string_equal(smmuv3_vsmmu_refusal_name(SMMUV3_VSMMU_R_COUNT),
			    "unknown");
	/* Every reason by name (vsmmu.h), so none is cut or shifted. */
	assert_string_equal(
		smmuv3_vsmmu_refusal_name(SMMUV3_VSMMU_R_STE_ILLEGAL),
		"ste-illegal");
	assert_string_equal(
		smmuv3_vsmmu_refusal_name(SMMUV3_VSMMU_R_STE_FEATURE),
		"ste-feature");
	assert_string_equal(
		smmuv3_vsmmu_refusal_name(SMMUV3_VSMMU_R_CMD_ILLEGAL),
		"cmd-illegal");
	assert_non_null(smmuv3_vsmmu_dev_host_ops()->cmds);
	assert_non_null(smmuv3_vsmmu_dev_host_ops()->ste_write);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_refusals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_idregs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gbpa_bypass, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cfgi_ste_nested, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ste_refusals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forwarding, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cerror, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fini, setup, teardown),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
