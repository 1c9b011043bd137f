// SPDX-License-Identifier: BSD-2-Clause
/*
 * A guest runs its SMMUv3 driver against the virtual SMMU while the real
 * SMMU is the behavioural model driven by the library (host side): the
 * guest probes the virtual SMMU's ID registers, enables it, gives its
 * device (guest StreamID 3, host StreamID 5) a stage-1 STE with its own CD
 * table and page tables in guest memory, and the model translates the
 * device's DMA through the guest's stage 1 and the hypervisor's stage 2.
 * The guest unmaps with a TLBI that the virtual SMMU forwards (the stale
 * translation is gone only after it), and the fault comes back as an
 * event record in the guest's own event queue. A stage-2 fault stays with
 * the hypervisor.
 *
 * The guest's side is written here from IHI 0070 (register offsets, queue
 * protocol, page-table descriptors); it uses the library only to build its
 * STE and CD and to resolve the ID registers, as a guest driver could.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/vsmmu.h>

#define GIPA 0x40000000ull /* guest RAM: 2 MB of IPA space */
#define GRAM 0x200000u
#define G_STRTAB (GIPA + 0x0)
#define G_CMDQ (GIPA + 0x10000)
#define G_EVTQ (GIPA + 0x20000)
#define G_CD (GIPA + 0x30000)
#define G_L1 (GIPA + 0x40000)
#define G_L2 (GIPA + 0x41000)
#define G_L3 (GIPA + 0x42000)
#define G_BUF (GIPA + 0x100000) /* the DMA buffer */
#define IOVA 0x10000000ull
#define IOVA_S2F 0x10001000ull /* maps an IPA outside stage 2 */
#define GSID 3u
#define HSID 5u
#define ASID 9u
#define VMID 5u

struct guest {
	uint8_t *ram; /* host VA of guest RAM */
	smmuv3_pa_t ram_pa;
	unsigned int irqs[3];
};

static int g_read(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	struct guest *g = ctx;

	if (ipa < GIPA || ipa - GIPA > GRAM - len)
		return SMMUV3_EFAULT;
	memcpy(buf, g->ram + (ipa - GIPA), len);
	return 0;
}

static int g_write(void *ctx, uint64_t ipa, const void *buf, size_t len)
{
	struct guest *g = ctx;

	if (ipa < GIPA || ipa - GIPA > GRAM - len)
		return SMMUV3_EFAULT;
	memcpy(g->ram + (ipa - GIPA), buf, len);
	return 0;
}

static void g_irq(void *ctx, enum smmuv3_vsmmu_irq irq, uint64_t addr,
		  uint32_t data)
{
	struct guest *g = ctx;

	(void)addr;
	(void)data;
	g->irqs[irq]++;
}

static const struct smmuv3_vsmmu_guest_ops gops = {g_read, g_write, g_irq};

static struct guest G;
static struct smmuv3_vsmmu VS;

static void put64(uint64_t ipa, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		G.ram[ipa - GIPA + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(uint64_t ipa)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)G.ram[ipa - GIPA + i] << (8 * i);
	return v;
}

/* The guest's MMIO: every access traps into the virtual SMMU. */
static uint64_t mmio_rd(uint32_t off, unsigned int size)
{
	uint64_t v;

	assert_int_equal(smmuv3_vsmmu_mmio(&VS, off, size, false, &v), 0);
	return v;
}

static void mmio_wr(uint32_t off, unsigned int size, uint64_t v)
{
	assert_int_equal(smmuv3_vsmmu_mmio(&VS, off, size, true, &v), 0);
}

static uint32_t prod;

/* Submit commands and wait for CONS (the guest polls: CS = NONE). */
static void guest_submit(const struct smmuv3_caps *gc,
			 const struct smmuv3_cmd_desc *d, unsigned int n)
{
	struct smmuv3_cmd c;
	const struct smmuv3_cmd_desc sync = {.opcode = SMMUV3_OP_CMD_SYNC};

	for (unsigned int i = 0; i <= n; i++) {
		assert_int_equal(smmuv3_cmd_encode(gc, i < n ? &d[i] : &sync,
						   &c),
				 0);
		put64(G_CMDQ + 16u * (prod & 255u), c.dw[0]);
		put64(G_CMDQ + 16u * (prod & 255u) + 8, c.dw[1]);
		prod = (prod + 1u) & 511u;
	}
	mmio_wr(SMMUV3_CMDQ_PROD, 4, prod);
	assert_int_equal(mmio_rd(SMMUV3_CMDQ_CONS, 4), prod);
	assert_int_equal(mmio_rd(SMMUV3_GERROR, 4), 0);
}

/* VMSAv8-64 stage-1 descriptors, 4 KB granule (Arm ARM D8.3). */
#define PTE_TABLE 3ull
#define PTE_PAGE (3ull | (1ull << 6) /* AP: EL0 RW */ | (3ull << 8) | \
		  (1ull << 10) /* AF */)

static void test_guest_on_model(void **state)
{
	struct smmuv3_model_config mcfg = {.preset = SMMUV3_MODEL_MMU700_R1P1};
	struct smmuv3_dev_cfg dcfg = {.fw = {.flags = SMMUV3_FW_COHERENT}};
	const struct smmuv3_vsmmu_stream streams[] = {{GSID, HSID}};
	struct smmuv3_vsmmu_cfg vcfg;
	struct smmuv3_pgtbl_cfg pcfg;
	struct smmuv3_model_counters cnt;
	struct smmuv3_model_result r;
	struct smmuv3_pgtbl s2;
	struct smmuv3_idregs gr;
	struct smmuv3_caps gc;
	struct smmuv3_cd_cfg cdc;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	struct smmuv3_cmd_desc d[2];
	struct smmuv3_event ev[4];
	enum smmuv3_vsmmu_fate fate;
	struct smmuv3_dev *dev;
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	size_t n = 0;
	bool ovf;
	unsigned int i, delivered = 0, hyp = 0;

	(void)state;
	assert_int_equal(smmuv3_model_create(&mcfg, &m), 0);
	o = smmuv3_model_osal(m);
	dev = test_calloc(1, sizeof(*dev));

	/* The hypervisor: the real SMMU, the guest's RAM and stage 2. */
	assert_int_equal(smmuv3_dev_probe(dev, &o, &dcfg), 0);
	assert_int_equal(smmuv3_dev_init(dev), 0);
	assert_int_equal(smmuv3_dev_enable(dev), 0);
	G.ram = o.ops->alloc(o.ctx, GRAM, GRAM, &G.ram_pa);
	assert_non_null(G.ram);
	memset(G.ram, 0, GRAM);
	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.stage = SMMUV3_PGTBL_STAGE2;
	pcfg.granule = SMMUV3_GRANULE_4K;
	pcfg.ias = 40;
	pcfg.oas = dev->caps.oas_bits;
	pcfg.coherent = true;
	assert_int_equal(smmuv3_pgtbl_init(&s2, &o, &dev->caps, &pcfg), 0);
	assert_int_equal(smmuv3_pgtbl_map(&s2, GIPA, G.ram_pa, GRAM,
					  SMMUV3_PROT_READ |
						  SMMUV3_PROT_WRITE |
						  SMMUV3_PROT_MEM_CACHED),
			 0);
	memset(&vcfg, 0, sizeof(vcfg));
	vcfg.host_caps = &dev->caps;
	vcfg.host_ops = smmuv3_vsmmu_dev_host_ops();
	vcfg.host_ctx = dev;
	vcfg.guest_ops = &gops;
	vcfg.guest_ctx = &G;
	vcfg.s2 = (struct smmuv3_ste_s2){
		.vmid = VMID, .t0sz = s2.hw.t0sz, .sl0 = s2.hw.sl0,
		.irgn = s2.hw.irgn, .orgn = s2.hw.orgn, .sh = s2.hw.sh,
		.tg = s2.hw.tg, .ps = s2.hw.ps, .ttb = s2.hw.ttbr,
		.aa64 = true, .record = true};
	vcfg.streams = streams;
	vcfg.nstreams = 1;
	vcfg.policy = (struct smmuv3_vsmmu_policy){
		.flags = SMMUV3_VSMMU_P_MSI, .sid_bits = 8, .ssid_bits = 0,
		.cmdq_shift = 8, .evtq_shift = 5};
	assert_int_equal(smmuv3_vsmmu_init(&VS, &vcfg), 0);
	/* Before the guest enables anything its device aborts. */
	assert_int_equal(smmuv3_model_access(m, HSID, false, 0, IOVA, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);

	/* The guest probes. */
	for (i = 0; i < 6; i++)
		gr.idr[i] = (uint32_t)mmio_rd(4u * i, 4);
	gr.iidr = (uint32_t)mmio_rd(SMMUV3_IIDR, 4);
	gr.aidr = (uint32_t)mmio_rd(SMMUV3_AIDR, 4);
	assert_int_equal(smmuv3_idr_resolve(&gr, NULL, NULL, &gc, NULL), 0);
	assert_true(gc.features & SMMUV3_FEAT_TRANS_S1);
	assert_false(gc.features & SMMUV3_FEAT_TRANS_S2);
	assert_int_equal(gc.oas_bits, 40);

	/* ...and enables (IHI 0070 6.3.9 handshakes, answered at once). */
	mmio_wr(SMMUV3_CR0, 4, 0);
	assert_int_equal(mmio_rd(SMMUV3_CR0ACK, 4), 0);
	mmio_wr(SMMUV3_CR1, 4, 0xd5);
	mmio_wr(SMMUV3_STRTAB_BASE, 8, G_STRTAB);
	mmio_wr(SMMUV3_STRTAB_BASE_CFG, 4, 8); /* linear, 256 STEs */
	mmio_wr(SMMUV3_CMDQ_BASE, 8, G_CMDQ | 8u);
	mmio_wr(SMMUV3_CMDQ_PROD, 4, 0);
	mmio_wr(SMMUV3_CMDQ_CONS, 4, 0);
	mmio_wr(SMMUV3_EVTQ_BASE, 8, G_EVTQ | 5u);
	mmio_wr(SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4, 0);
	mmio_wr(SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, 0);
	mmio_wr(SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN);
	{
		struct smmuv3_cmd_desc inv[2] = {
			{.opcode = SMMUV3_OP_CFGI_STE_RANGE,
			 .range = SMMUV3_CFGI_RANGE_ALL_SIDS},
			{.opcode = SMMUV3_OP_TLBI_NSNH_ALL}};

		guest_submit(&gc, inv, 2);
	}
	mmio_wr(SMMUV3_IRQ_CTRL, 4, SMMUV3_IRQ_CTRL_EVTQ_IRQEN);
	assert_int_equal(mmio_rd(SMMUV3_IRQ_CTRLACK, 4),
			 SMMUV3_IRQ_CTRL_EVTQ_IRQEN);
	mmio_wr(SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN);
	mmio_wr(SMMUV3_CR0, 4,
		SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN | SMMUV3_CR0_SMMUEN);
	assert_int_equal(mmio_rd(SMMUV3_CR0ACK, 4),
			 SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN |
				 SMMUV3_CR0_SMMUEN);

	/* Its own page tables (IPAs), CD and STE in its memory. */
	put64(G_L1 + 8u * (IOVA >> 30), G_L2 | PTE_TABLE);
	put64(G_L2 + 8u * ((IOVA >> 21) & 511u), G_L3 | PTE_TABLE);
	put64(G_L3 + 8u * ((IOVA >> 12) & 511u), G_BUF | PTE_PAGE);
	put64(G_L3 + 8u * ((IOVA_S2F >> 12) & 511u),
	      (GIPA + 4 * GRAM) | PTE_PAGE); /* beyond its RAM */
	memset(&cdc, 0, sizeof(cdc));
	cdc.asid = ASID;
	cdc.ttb0 = G_L1;
	cdc.t0sz = 25; /* 39-bit VA: the walk starts at level 1 */
	cdc.tg0 = SMMUV3_CD_TG0_4K;
	cdc.irgn0 = 1;
	cdc.orgn0 = 1;
	cdc.sh0 = 3;
	cdc.ips = 2; /* 40 bits */
	cdc.mair = 0xff;
	cdc.aa64 = true;
	cdc.record = true;
	cdc.abort = true;
	assert_int_equal(smmuv3_cd_build(&gc, &cdc, &cd), 0);
	for (i = 0; i < 8; i++)
		put64(G_CD + 8u * i, cd.qw[i]);
	memset(&s1, 0, sizeof(s1));
	s1.cdtab = G_CD;
	s1.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	s1.cir = s1.cor = SMMUV3_STE_CACHE_WBRA;
	s1.csh = SMMUV3_STE_SH_ISH;
	assert_int_equal(smmuv3_ste_build_s1(&gc, &s1, 0, &ste), 0);
	for (i = 0; i < 8; i++)
		put64(G_STRTAB + 64u * GSID + 8u * i, ste.qw[i]);
	memset(d, 0, sizeof(d));
	d[0].opcode = SMMUV3_OP_CFGI_STE;
	d[0].sid = GSID;
	guest_submit(&gc, d, 1);
	assert_int_equal(VS.stats.refusals, 0);

	/* DMA through guest stage 1 + host stage 2. */
	assert_int_equal(smmuv3_model_access(m, HSID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == G.ram_pa + (G_BUF - GIPA) + 0x10);

	/* The guest unmaps: without its TLBI the translation is stale. */
	put64(G_L3 + 8u * ((IOVA >> 12) & 511u), 0);
	assert_int_equal(smmuv3_model_access(m, HSID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.tlb_hit);
	memset(d, 0, sizeof(d));
	d[0].opcode = SMMUV3_OP_TLBI_NH_VA;
	d[0].asid = ASID;
	d[0].addr = IOVA;
	d[0].leaf = true;
	guest_submit(&gc, d, 1);
	assert_int_equal(smmuv3_model_access(m, HSID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	/* A stage-2 fault: the guest's IPA is not its RAM. */
	assert_int_equal(smmuv3_model_access(m, HSID, false, 0, IOVA_S2F, 0,
					     &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);

	/* The hypervisor's event handler passes records on. */
	assert_int_equal(smmuv3_dev_read_events(dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(smmuv3_vsmmu_event(&VS, ev[i].raw, &fate), 0);
		if (fate == SMMUV3_VSMMU_EVT_DELIVERED)
			delivered++;
		else if (fate == SMMUV3_VSMMU_EVT_HYP)
			hyp++;
	}
	assert_int_equal(delivered, 1);
	assert_int_equal(hyp, 1);

	/* The guest sees its own fault, with its own StreamID. */
	assert_int_equal(G.irqs[SMMUV3_VSMMU_IRQ_EVTQ], 1);
	assert_int_equal(mmio_rd(SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4), 1);
	{
		uint64_t raw[4];
		struct smmuv3_event e;

		for (i = 0; i < 4; i++)
			raw[i] = get64(G_EVTQ + 8u * i);
		assert_int_equal(smmuv3_event_decode(raw, &e), 0);
		assert_int_equal(e.id, SMMUV3_EVT_F_TRANSLATION);
		assert_int_equal(e.sid, GSID);
		assert_false(e.s2);
		assert_true(e.input_addr == IOVA + 0x10);
	}
	mmio_wr(SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, 1);

	/* The guest disables its SMMU: its device aborts again. */
	mmio_wr(SMMUV3_CR0, 4, 0);
	assert_int_equal(smmuv3_model_access(m, HSID, false, 0, IOVA + 0x10,
					     0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);

	smmuv3_model_counters(m, &cnt);
	assert_int_equal(cnt.violations, 0);
	assert_int_equal(cnt.cerrors, 0);
	smmuv3_pgtbl_destroy(&s2);
	o.ops->free(o.ctx, G.ram, GRAM);
	assert_int_equal(smmuv3_dev_disable(dev), 0);
	smmuv3_dev_fini(dev);
	smmuv3_model_destroy(m);
	test_free(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_on_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
