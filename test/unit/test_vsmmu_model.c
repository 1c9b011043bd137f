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
 * the hypervisor. Two guests with identical StreamIDs, ASIDs and IOVAs on
 * one SMMU stay apart: neither's invalidations reach the other. With
 * substreams, the guest's forwarded CFGI_CD retires one context and its
 * C_BAD_CD reaches the guest. With ATS, the guest's ATC_INV is forwarded
 * and empties the endpoint's ATC.
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
	struct smmuv3_vsmmu vs;
	struct smmuv3_vsmmu_stream stream;
	struct smmuv3_pgtbl s2;
	struct smmuv3_caps gc; /* what the guest's driver probed */
	uint32_t prod;
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

static void put64(struct guest *g, uint64_t ipa, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		g->ram[ipa - GIPA + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(struct guest *g, uint64_t ipa)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)g->ram[ipa - GIPA + i] << (8 * i);
	return v;
}

/* The guest's MMIO: every access traps into its virtual SMMU. */
static uint64_t mmio_rd(struct guest *g, uint32_t off, unsigned int size)
{
	uint64_t v;

	assert_int_equal(smmuv3_vsmmu_mmio(&g->vs, off, size, false, &v), 0);
	return v;
}

static void mmio_wr(struct guest *g, uint32_t off, unsigned int size,
		    uint64_t v)
{
	assert_int_equal(smmuv3_vsmmu_mmio(&g->vs, off, size, true, &v), 0);
}

/* Submit commands and wait for CONS (the guest polls: CS = NONE). */
static void guest_submit(struct guest *g, const struct smmuv3_cmd_desc *d,
			 unsigned int n)
{
	struct smmuv3_cmd c;
	const struct smmuv3_cmd_desc sync = {.opcode = SMMUV3_OP_CMD_SYNC};

	for (unsigned int i = 0; i <= n; i++) {
		assert_int_equal(smmuv3_cmd_encode(&g->gc, i < n ? &d[i] : &sync,
						   &c),
				 0);
		put64(g, G_CMDQ + 16u * (g->prod & 255u), c.dw[0]);
		put64(g, G_CMDQ + 16u * (g->prod & 255u) + 8, c.dw[1]);
		g->prod = (g->prod + 1u) & 511u;
	}
	mmio_wr(g, SMMUV3_CMDQ_PROD, 4, g->prod);
	assert_int_equal(mmio_rd(g, SMMUV3_CMDQ_CONS, 4), g->prod);
	assert_int_equal(mmio_rd(g, SMMUV3_GERROR, 4), 0);
}

/* VMSAv8-64 stage-1 descriptors, 4 KB granule (Arm ARM D8.3). */
#define PTE_TABLE 3ull
#define PTE_PAGE (3ull | (1ull << 6) /* AP: EL0 RW */ | (3ull << 8) | \
		  (1ull << 10) /* AF */)

struct host {
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	struct smmuv3_dev *dev;
};

static void host_up(struct host *h)
{
	struct smmuv3_model_config mcfg = {.preset = SMMUV3_MODEL_MMU700_R1P1};
	struct smmuv3_dev_cfg dcfg = {.fw = {.flags = SMMUV3_FW_COHERENT}};

	assert_int_equal(smmuv3_model_create(&mcfg, &h->m), 0);
	h->o = smmuv3_model_osal(h->m);
	h->dev = test_calloc(1, sizeof(*h->dev));
	assert_int_equal(smmuv3_dev_probe(h->dev, &h->o, &dcfg), 0);
	assert_int_equal(smmuv3_dev_init(h->dev), 0);
	assert_int_equal(smmuv3_dev_enable(h->dev), 0);
}

static void host_down(struct host *h)
{
	struct smmuv3_model_counters cnt;

	smmuv3_model_counters(h->m, &cnt);
	assert_int_equal(cnt.violations, 0);
	assert_int_equal(cnt.cerrors, 0);
	assert_int_equal(smmuv3_dev_disable(h->dev), 0);
	smmuv3_dev_fini(h->dev);
	smmuv3_model_destroy(h->m);
	test_free(h->dev);
}

/* The hypervisor gives a guest RAM, a stage 2 and a virtual SMMU. */
static void guest_create(struct host *h, struct guest *g, uint32_t hsid,
			 uint16_t vmid, uint8_t ssid_bits, uint32_t policy)
{
	struct smmuv3_pgtbl_cfg pcfg;
	struct smmuv3_vsmmu_cfg vcfg;

	memset(g, 0, sizeof(*g));
	g->ram = h->o.ops->alloc(h->o.ctx, GRAM, GRAM, &g->ram_pa);
	assert_non_null(g->ram);
	memset(g->ram, 0, GRAM);
	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.stage = SMMUV3_PGTBL_STAGE2;
	pcfg.granule = SMMUV3_GRANULE_4K;
	pcfg.ias = 40;
	pcfg.oas = h->dev->caps.oas_bits;
	pcfg.coherent = true;
	assert_int_equal(smmuv3_pgtbl_init(&g->s2, &h->o, &h->dev->caps,
					   &pcfg),
			 0);
	assert_int_equal(smmuv3_pgtbl_map(&g->s2, GIPA, g->ram_pa, GRAM,
					  SMMUV3_PROT_READ |
						  SMMUV3_PROT_WRITE |
						  SMMUV3_PROT_MEM_CACHED),
			 0);
	g->stream = (struct smmuv3_vsmmu_stream){GSID, hsid};
	memset(&vcfg, 0, sizeof(vcfg));
	vcfg.host_caps = &h->dev->caps;
	vcfg.host_ops = smmuv3_vsmmu_dev_host_ops();
	vcfg.host_ctx = h->dev;
	vcfg.guest_ops = &gops;
	vcfg.guest_ctx = g;
	vcfg.s2 = (struct smmuv3_ste_s2){
		.vmid = vmid, .t0sz = g->s2.hw.t0sz, .sl0 = g->s2.hw.sl0,
		.irgn = g->s2.hw.irgn, .orgn = g->s2.hw.orgn,
		.sh = g->s2.hw.sh, .tg = g->s2.hw.tg, .ps = g->s2.hw.ps,
		.ttb = g->s2.hw.ttbr, .aa64 = true, .record = true};
	vcfg.streams = &g->stream;
	vcfg.nstreams = 1;
	vcfg.policy = (struct smmuv3_vsmmu_policy){
		.flags = policy, .sid_bits = 8, .ssid_bits = ssid_bits,
		.cmdq_shift = 8, .evtq_shift = 5};
	assert_int_equal(smmuv3_vsmmu_init(&g->vs, &vcfg), 0);
}

static void guest_destroy(struct host *h, struct guest *g)
{
	assert_int_equal(smmuv3_vsmmu_fini(&g->vs), 0);
	smmuv3_pgtbl_destroy(&g->s2);
	h->o.ops->free(h->o.ctx, g->ram, GRAM);
}

/* The guest's driver: probe, then enable (IHI 0070 6.3.9 handshakes). */
static void guest_probe_enable(struct guest *g)
{
	struct smmuv3_idregs gr;
	unsigned int i;

	for (i = 0; i < 6; i++)
		gr.idr[i] = (uint32_t)mmio_rd(g, 4u * i, 4);
	gr.iidr = (uint32_t)mmio_rd(g, SMMUV3_IIDR, 4);
	gr.aidr = (uint32_t)mmio_rd(g, SMMUV3_AIDR, 4);
	assert_int_equal(smmuv3_idr_resolve(&gr, NULL, NULL, &g->gc, NULL), 0);
	assert_true(g->gc.features & SMMUV3_FEAT_TRANS_S1);
	assert_false(g->gc.features & SMMUV3_FEAT_TRANS_S2);
	assert_int_equal(g->gc.oas_bits, 40);

	mmio_wr(g, SMMUV3_CR0, 4, 0);
	assert_int_equal(mmio_rd(g, SMMUV3_CR0ACK, 4), 0);
	mmio_wr(g, SMMUV3_CR1, 4, 0xd5);
	mmio_wr(g, SMMUV3_STRTAB_BASE, 8, G_STRTAB);
	mmio_wr(g, SMMUV3_STRTAB_BASE_CFG, 4, 8); /* linear, 256 STEs */
	mmio_wr(g, SMMUV3_CMDQ_BASE, 8, G_CMDQ | 8u);
	mmio_wr(g, SMMUV3_CMDQ_PROD, 4, 0);
	mmio_wr(g, SMMUV3_CMDQ_CONS, 4, 0);
	mmio_wr(g, SMMUV3_EVTQ_BASE, 8, G_EVTQ | 5u);
	mmio_wr(g, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4, 0);
	mmio_wr(g, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, 0);
	mmio_wr(g, SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN);
	{
		struct smmuv3_cmd_desc inv[2] = {
			{.opcode = SMMUV3_OP_CFGI_STE_RANGE,
			 .range = SMMUV3_CFGI_RANGE_ALL_SIDS},
			{.opcode = SMMUV3_OP_TLBI_NSNH_ALL}};

		guest_submit(g, inv, 2);
	}
	mmio_wr(g, SMMUV3_IRQ_CTRL, 4, SMMUV3_IRQ_CTRL_EVTQ_IRQEN);
	assert_int_equal(mmio_rd(g, SMMUV3_IRQ_CTRLACK, 4),
			 SMMUV3_IRQ_CTRL_EVTQ_IRQEN);
	mmio_wr(g, SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN);
	mmio_wr(g, SMMUV3_CR0, 4,
		SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN | SMMUV3_CR0_SMMUEN);
	assert_int_equal(mmio_rd(g, SMMUV3_CR0ACK, 4),
			 SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN |
				 SMMUV3_CR0_SMMUEN);
}

/* A stage-1 context at index @ssid of the guest's linear CD table. */
static void guest_cd(struct guest *g, uint32_t ssid, uint16_t asid)
{
	struct smmuv3_cd_cfg cdc;
	struct smmuv3_cd cd;
	unsigned int i;

	memset(&cdc, 0, sizeof(cdc));
	cdc.asid = asid;
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
	assert_int_equal(smmuv3_cd_build(&g->gc, &cdc, &cd), 0);
	for (i = 0; i < 8; i++)
		put64(g, G_CD + 64u * ssid + 8u * i, cd.qw[i]);
}

/* Its own page tables (IPAs), CD and STE in its memory, then CFGI_STE. */
static void guest_attach(struct guest *g, uint32_t ste_flags)
{
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste ste;
	struct smmuv3_cmd_desc d;
	unsigned int i;

	put64(g, G_L1 + 8u * (IOVA >> 30), G_L2 | PTE_TABLE);
	put64(g, G_L2 + 8u * ((IOVA >> 21) & 511u), G_L3 | PTE_TABLE);
	put64(g, G_L3 + 8u * ((IOVA >> 12) & 511u), G_BUF | PTE_PAGE);
	put64(g, G_L3 + 8u * ((IOVA_S2F >> 12) & 511u),
	      (GIPA + 4 * GRAM) | PTE_PAGE); /* beyond its RAM */
	guest_cd(g, 0, ASID);
	memset(&s1, 0, sizeof(s1));
	s1.cdtab = G_CD;
	s1.s1cdmax = g->gc.ssid_bits; /* 2^SSIDSIZE CDs, linear */
	s1.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	s1.cir = s1.cor = SMMUV3_STE_CACHE_WBRA;
	s1.csh = SMMUV3_STE_SH_ISH;
	assert_int_equal(smmuv3_ste_build_s1(&g->gc, &s1, ste_flags, &ste), 0);
	for (i = 0; i < 8; i++)
		put64(g, G_STRTAB + 64u * GSID + 8u * i, ste.qw[i]);
	memset(&d, 0, sizeof(d));
	d.opcode = SMMUV3_OP_CFGI_STE;
	d.sid = GSID;
	guest_submit(g, &d, 1);
	assert_int_equal(g->vs.stats.refusals, 0);
}

/* Unmap IOVA in the guest's table, and (if @tlbi) invalidate. */
static void guest_unmap(struct guest *g, bool tlbi)
{
	struct smmuv3_cmd_desc d;

	put64(g, G_L3 + 8u * ((IOVA >> 12) & 511u), 0);
	if (!tlbi)
		return;
	memset(&d, 0, sizeof(d));
	d.opcode = SMMUV3_OP_TLBI_NH_VA;
	d.asid = ASID;
	d.addr = IOVA;
	d.leaf = true;
	guest_submit(g, &d, 1);
}

static void test_guest_on_model(void **state)
{
	struct smmuv3_model_result r;
	struct smmuv3_event ev[4];
	enum smmuv3_vsmmu_fate fate;
	struct host h;
	struct guest *g;
	size_t n = 0;
	bool ovf;
	unsigned int i, delivered = 0, hyp = 0;

	(void)state;
	host_up(&h);
	g = test_calloc(1, sizeof(*g));
	guest_create(&h, g, HSID, VMID, 0, SMMUV3_VSMMU_P_MSI);
	/* Before the guest enables anything its device aborts. */
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA, 0,
					     &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	guest_probe_enable(g);
	guest_attach(g, 0);

	/* DMA through guest stage 1 + host stage 2. */
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == g->ram_pa + (G_BUF - GIPA) + 0x10);

	/* The guest unmaps: without its TLBI the translation is stale. */
	guest_unmap(g, false);
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.tlb_hit);
	guest_unmap(g, true);
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	/* A stage-2 fault: the guest's IPA is not its RAM. */
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA_S2F,
					     0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);

	/* The hypervisor's event handler passes records on. */
	assert_int_equal(smmuv3_dev_read_events(h.dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(smmuv3_vsmmu_event(&g->vs, ev[i].raw, &fate),
				 0);
		if (fate == SMMUV3_VSMMU_EVT_DELIVERED)
			delivered++;
		else if (fate == SMMUV3_VSMMU_EVT_HYP)
			hyp++;
	}
	assert_int_equal(delivered, 1);
	assert_int_equal(hyp, 1);

	/* The guest sees its own fault, with its own StreamID. */
	assert_int_equal(g->irqs[SMMUV3_VSMMU_IRQ_EVTQ], 1);
	assert_int_equal(mmio_rd(g, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4), 1);
	{
		uint64_t raw[4];
		struct smmuv3_event e;

		for (i = 0; i < 4; i++)
			raw[i] = get64(g, G_EVTQ + 8u * i);
		assert_int_equal(smmuv3_event_decode(raw, &e), 0);
		assert_int_equal(e.id, SMMUV3_EVT_F_TRANSLATION);
		assert_int_equal(e.sid, GSID);
		assert_false(e.s2);
		assert_true(e.input_addr == IOVA + 0x10);
	}
	mmio_wr(g, SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, 1);

	/* The guest disables its SMMU: its device aborts again. */
	mmio_wr(g, SMMUV3_CR0, 4, 0);
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA + 0x10,
					     0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);

	guest_destroy(&h, g);
	test_free(g);
	host_down(&h);
}

/*
 * Two guests on one SMMU, with the same guest StreamID, ASID and IOVA:
 * each DMA lands in its own RAM, and one guest's invalidations (even its
 * TLBI_NSNH_ALL and CFGI_ALL) leave the other's translations and STE alone.
 */
static void test_two_guests(void **state)
{
	struct smmuv3_model_result r;
	struct smmuv3_cmd_desc d[2];
	struct host h;
	struct guest *a, *b;

	(void)state;
	host_up(&h);
	a = test_calloc(1, sizeof(*a));
	b = test_calloc(1, sizeof(*b));
	guest_create(&h, a, HSID, VMID, 0, SMMUV3_VSMMU_P_MSI);
	guest_create(&h, b, HSID + 1, VMID + 1, 0, SMMUV3_VSMMU_P_MSI);
	guest_probe_enable(a);
	guest_probe_enable(b);
	guest_attach(a, 0);
	guest_attach(b, 0);
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == a->ram_pa + (G_BUF - GIPA));
	assert_int_equal(smmuv3_model_access(h.m, HSID + 1, false, 0, IOVA,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == b->ram_pa + (G_BUF - GIPA));

	/* B unmaps without its TLBI; A invalidates everything it can. */
	guest_unmap(b, false);
	memset(d, 0, sizeof(d));
	d[0].opcode = SMMUV3_OP_TLBI_NSNH_ALL;
	d[1].opcode = SMMUV3_OP_CFGI_STE_RANGE;
	d[1].range = SMMUV3_CFGI_RANGE_ALL_SIDS;
	guest_submit(a, d, 2);
	d[0].opcode = SMMUV3_OP_TLBI_NH_ASID;
	d[0].asid = ASID;
	guest_submit(a, d, 1);
	/* B's stale entry survives: A reached only VMID 5 and SID 5. */
	assert_int_equal(smmuv3_model_access(h.m, HSID + 1, false, 0, IOVA,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.tlb_hit);
	assert_true(r.pa == b->ram_pa + (G_BUF - GIPA));
	assert_true(smmuv3_model_ste_cached(h.m, HSID + 1));
	/* B's own TLBI removes it. */
	guest_unmap(b, true);
	assert_int_equal(smmuv3_model_access(h.m, HSID + 1, false, 0, IOVA,
					     0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	/* A still translates. */
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA, 0,
					     &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);

	guest_destroy(&h, a);
	guest_destroy(&h, b);
	test_free(a);
	test_free(b);
	host_down(&h);
}

/*
 * Substreams: the guest's STE has a CD table of 16 contexts; DMA without a
 * SubstreamID uses CD 0, with SubstreamID 2 its own ASID. The guest
 * invalidates CD 2 with a forwarded CFGI_CD (and TLBI_NH_ASID), and the
 * next access by SubstreamID 2 is a C_BAD_CD in the guest's event queue.
 */
static void test_substreams(void **state)
{
	struct smmuv3_model_result r;
	struct smmuv3_cmd_desc d[2];
	struct smmuv3_event ev[4], e;
	enum smmuv3_vsmmu_fate fate;
	struct host h;
	struct guest *g;
	uint64_t raw[4];
	size_t n = 0;
	bool ovf;
	unsigned int i;

	(void)state;
	host_up(&h);
	g = test_calloc(1, sizeof(*g));
	guest_create(&h, g, HSID, VMID, 4, SMMUV3_VSMMU_P_MSI);
	guest_probe_enable(g);
	assert_int_equal(g->gc.ssid_bits, 4);
	guest_cd(g, 2, ASID + 1);
	guest_attach(g, 0);
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_int_equal(smmuv3_model_access(h.m, HSID, true, 2, IOVA,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == g->ram_pa + (G_BUF - GIPA));

	/* CD 2 becomes invalid: cached until the guest's CFGI_CD. */
	put64(g, G_CD + 64u * 2, 0);
	assert_int_equal(smmuv3_model_access(h.m, HSID, true, 2, IOVA, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	memset(d, 0, sizeof(d));
	d[0].opcode = SMMUV3_OP_CFGI_CD;
	d[0].sid = GSID;
	d[0].ssid = 2;
	d[0].leaf = true;
	d[1].opcode = SMMUV3_OP_TLBI_NH_ASID;
	d[1].asid = ASID + 1;
	guest_submit(g, d, 2);
	assert_false(smmuv3_model_cd_cached(h.m, HSID, 2));
	assert_int_equal(smmuv3_model_access(h.m, HSID, true, 2, IOVA, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_CD);
	/* SubstreamID 0 is untouched. */
	assert_int_equal(smmuv3_model_access(h.m, HSID, false, 0, IOVA, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);

	assert_int_equal(smmuv3_dev_read_events(h.dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(smmuv3_vsmmu_event(&g->vs, ev[0].raw, &fate), 0);
	assert_int_equal(fate, SMMUV3_VSMMU_EVT_DELIVERED);
	for (i = 0; i < 4; i++)
		raw[i] = get64(g, G_EVTQ + 8u * i);
	assert_int_equal(smmuv3_event_decode(raw, &e), 0);
	assert_int_equal(e.id, SMMUV3_EVT_C_BAD_CD);
	assert_int_equal(e.sid, GSID);
	assert_true(e.ssv);
	assert_int_equal(e.ssid, 2);

	guest_destroy(&h, g);
	test_free(g);
	host_down(&h);
}

/*
 * ATS: the guest's STE asks for EATS = 1 (the policy allows it), the
 * endpoint's ATC caches a translation, and the guest's unmap with
 * TLBI + CMD_SYNC + ATC_INV (forwarded to the host StreamID) empties it.
 */
static void test_ats(void **state)
{
	struct smmuv3_model_result r;
	struct smmuv3_model_atc_inv inv;
	struct smmuv3_cmd_desc d[3];
	struct host h;
	struct guest *g;
	uint64_t pa = 0;

	(void)state;
	host_up(&h);
	assert_true(h.dev->caps.features & SMMUV3_FEAT_ATS); /* MMU-700 */
	g = test_calloc(1, sizeof(*g));
	guest_create(&h, g, HSID, VMID, 0,
		     SMMUV3_VSMMU_P_MSI | SMMUV3_VSMMU_P_ATS);
	guest_probe_enable(g);
	assert_true(g->gc.features & SMMUV3_FEAT_ATS);
	guest_attach(g, SMMUV3_STE_F_ATS);
	assert_int_equal(smmuv3_model_ats_translate(h.m, HSID, false, 0, IOVA,
						    MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(smmuv3_model_atc_lookup(h.m, HSID, false, 0, IOVA, &pa));
	assert_true(pa == g->ram_pa + (G_BUF - GIPA));

	put64(g, G_L3 + 8u * ((IOVA >> 12) & 511u), 0);
	memset(d, 0, sizeof(d));
	d[0].opcode = SMMUV3_OP_TLBI_NH_VA;
	d[0].asid = ASID;
	d[0].addr = IOVA;
	d[0].leaf = true;
	d[1].opcode = SMMUV3_OP_CMD_SYNC;
	d[2].opcode = SMMUV3_OP_ATC_INV;
	d[2].sid = GSID;
	d[2].size = SMMUV3_ATC_INV_SIZE_ALL;
	guest_submit(g, d, 3);
	assert_false(smmuv3_model_atc_lookup(h.m, HSID, false, 0, IOVA, NULL));
	assert_int_equal(smmuv3_model_atc_log_count(h.m, HSID), 1);
	assert_int_equal(smmuv3_model_atc_log_get(h.m, HSID, 0, &inv), 0);
	assert_int_equal(inv.size, SMMUV3_ATC_INV_SIZE_ALL);

	guest_destroy(&h, g);
	test_free(g);
	host_down(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_on_model),
		cmocka_unit_test(test_two_guests),
		cmocka_unit_test(test_substreams),
		cmocka_unit_test(test_ats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
