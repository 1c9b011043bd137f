// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual SMMU (vsmmu.h) on QEMU's real SMMU (3 edu DMAs). A guest
 * driver written here from IHI 0070 (register offsets, queue protocol,
 * VMSAv8-64 descriptors) talks to the virtual SMMU through
 * smmuv3_vsmmu_mmio(); its RAM is 64 KiB at IPA 1 GiB, mapped by the
 * hypervisor's stage 2; the host side is the harness's device through
 * smmuv3_vsmmu_dev_host_ops() (wrapped only to record what reaches it).
 *  1. the guest probes the ID registers and enables its SMMU (CR0/CR0ACK);
 *  2. it writes its stream table, CD table and stage-1 tables in its RAM
 *     and attaches edu's stream (guest StreamID 3) with CFGI_STE: the
 *     virtual SMMU writes the host's nested STE;
 *  3. edu DMA through guest stage 1 + host stage 2 reaches the guest page
 *     the guest mapped (data checked);
 *  4. the guest unmaps, issues TLBI_NH_VA + CMD_SYNC (it reaches the host
 *     with the VMID; without it QEMU's cached translation is used and the
 *     group fails); a 64-byte DMA to the IOVA faults, the hypervisor
 *     drains the host queue and passes the records to
 *     smmuv3_vsmmu_event(): they reach the guest's event queue with
 *     StreamID 3, stage 1, the IOVA.
 */
#include <smmuv3/hw/cmd.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/hw/ste.h>
#include <smmuv3/vsmmu.h>

#include "harness.h"

#define GIPA 0x40000000ull /* guest RAM: 64 KiB of IPA space */
#define GRAM 0x10000u
#define G_STRTAB (GIPA + 0x0000)
#define G_CMDQ (GIPA + 0x1000)
#define G_EVTQ (GIPA + 0x2000)
#define G_CD (GIPA + 0x3000)
#define G_L1 (GIPA + 0x4000)
#define G_L2 (GIPA + 0x5000)
#define G_L3 (GIPA + 0x6000)
#define G_SRC (GIPA + 0x7000)
#define G_DST (GIPA + 0x8000)
#define IOVA_SRC 0x00100000ull
#define IOVA_DST 0x00101000ull
#define GSID 3u
#define ASID 7u
#define VMID 9u
#define EVTQ_SHIFT 5u

/* VMSAv8-64 stage-1 descriptors, 4 KB granule (Arm ARM D8.3). */
#define PTE_TABLE 3ull
#define PTE_PAGE (3ull | (1ull << 6) | (3ull << 8) | (1ull << 10))

struct guest {
	uint8_t *ram; /* host VA of guest RAM */
	smmuv3_pa_t ram_pa;
	unsigned int evtq_irqs;
	struct smmuv3_vsmmu vs;
	struct smmuv3_vsmmu_stream stream;
	struct t_tbl s2;
	struct smmuv3_caps gc; /* what the guest's driver probed */
	uint32_t prod;
	int err; /* first MMIO error */
	/* What reached the host through smmuv3_vsmmu_dev_host_ops(). */
	struct smmuv3_ste host_ste; /* the last STE written */
	unsigned int host_ste_writes;
	unsigned int host_nh_va; /* TLBI_NH_VA with VMID, ASID, IOVA_DST */
	unsigned int host_cmds;
};

static struct guest G;

static void bcopy_(uint8_t *d, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}

static int g_read(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	struct guest *g = ctx;

	if (ipa < GIPA || len > GRAM || ipa - GIPA > GRAM - len)
		return SMMUV3_EFAULT;
	bcopy_(buf, g->ram + (ipa - GIPA), len);
	return 0;
}

static int g_write(void *ctx, uint64_t ipa, const void *buf, size_t len)
{
	struct guest *g = ctx;

	if (ipa < GIPA || len > GRAM || ipa - GIPA > GRAM - len)
		return SMMUV3_EFAULT;
	bcopy_(g->ram + (ipa - GIPA), buf, len);
	return 0;
}

static void g_irq(void *ctx, enum smmuv3_vsmmu_irq irq, uint64_t addr,
		  uint32_t data)
{
	struct guest *g = ctx;

	(void)addr;
	(void)data;
	if (irq == SMMUV3_VSMMU_IRQ_EVTQ)
		g->evtq_irqs++;
}

static const struct smmuv3_vsmmu_guest_ops gops = {g_read, g_write, g_irq};

/*
 * The host side is the library's (smmuv3_vsmmu_dev_host_ops() on the
 * harness's device); these two only record what passes through.
 */
static int h_cmds(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct guest *g = &G;

	for (size_t i = 0; i < n; i++) {
		uint64_t d0 = cmds[i].dw[0];

		g->host_cmds++;
		if ((d0 & 0xffu) == SMMUV3_OP_TLBI_NH_VA &&
		    SMMUV3_FIELD_GET(SMMUV3_CMD0_VMID, d0) == VMID &&
		    SMMUV3_FIELD_GET(SMMUV3_CMD0_ASID, d0) == ASID &&
		    (cmds[i].dw[1] & ~0xfffull) == IOVA_DST)
			g->host_nh_va++;
	}
	return smmuv3_vsmmu_dev_host_ops()->cmds(ctx, cmds, n);
}

static int h_ste_write(void *ctx, uint32_t host_sid,
		       const struct smmuv3_ste *ste)
{
	G.host_ste = *ste;
	G.host_ste_writes++;
	return smmuv3_vsmmu_dev_host_ops()->ste_write(ctx, host_sid, ste);
}

static const struct smmuv3_vsmmu_host_ops hops = {h_cmds, h_ste_write};

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

static uint8_t *gva(uint64_t ipa)
{
	return G.ram + (ipa - GIPA);
}

/* The guest's MMIO: every access traps into its virtual SMMU. */
static uint64_t rd(uint32_t off, unsigned int size)
{
	uint64_t v = 0;
	int ret = smmuv3_vsmmu_mmio(&G.vs, off, size, false, &v);

	if (ret && !G.err)
		G.err = ret;
	return v;
}

static void wr(uint32_t off, unsigned int size, uint64_t v)
{
	int ret = smmuv3_vsmmu_mmio(&G.vs, off, size, true, &v);

	if (ret && !G.err)
		G.err = ret;
}

/* Submit commands plus a CMD_SYNC and poll CONS (CS = NONE). */
static int guest_submit(const struct smmuv3_cmd_desc *d, unsigned int n)
{
	const struct smmuv3_cmd_desc sync = {.opcode = SMMUV3_OP_CMD_SYNC};
	struct smmuv3_cmd c;

	for (unsigned int i = 0; i <= n; i++) {
		TRY(smmuv3_cmd_encode(&G.gc, i < n ? &d[i] : &sync, &c),
		    "guest command encode");
		put64(G_CMDQ + 16u * (G.prod & 255u), c.dw[0]);
		put64(G_CMDQ + 16u * (G.prod & 255u) + 8, c.dw[1]);
		G.prod = (G.prod + 1u) & 511u;
	}
	wr(SMMUV3_CMDQ_PROD, 4, G.prod);
	CHECK(rd(SMMUV3_CMDQ_CONS, 4) == G.prod, "guest CMDQ not consumed");
	CHECK(rd(SMMUV3_GERROR, 4) == 0, "guest GERROR");
	TRY(G.err, "guest MMIO");
	return 0;
}

/* The hypervisor: guest RAM, its stage 2, the virtual SMMU. */
static int hyp_create(void)
{
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	struct smmuv3_vsmmu_cfg vcfg = {0};

	G.ram = H.osal.ops->alloc(H.osal.ctx, GRAM, GRAM, &G.ram_pa);
	CHECK(G.ram, "guest RAM");
	for (size_t i = 0; i < GRAM; i++)
		G.ram[i] = 0;
	TRY(t_tbl_s2(&G.s2, VMID, 40, 0), "stage-2 table");
	TRY(smmuv3_pgtbl_map(&G.s2.pt, GIPA, G.ram_pa, GRAM, rw), "s2 map");
	G.stream = (struct smmuv3_vsmmu_stream){GSID, H.sid};
	vcfg.host_caps = &H.dev.caps;
	vcfg.host_ops = &hops;
	vcfg.host_ctx = &H.dev;
	vcfg.guest_ops = &gops;
	vcfg.guest_ctx = &G;
	TRY(t_ste_s2(&G.s2, VMID, &vcfg.s2), "stage-2 STE fields");
	vcfg.streams = &G.stream;
	vcfg.nstreams = 1;
	vcfg.policy = (struct smmuv3_vsmmu_policy){
		.sid_bits = 4, .cmdq_shift = 8, .evtq_shift = EVTQ_SHIFT};
	TRY(smmuv3_vsmmu_init(&G.vs, &vcfg), "vSMMU init");
	return 0;
}

/* 1. The guest's driver: probe, then enable (IHI 0070 6.3.9). */
static int guest_probe_enable(void)
{
	const uint32_t en =
		SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN | SMMUV3_CR0_SMMUEN;
	const struct smmuv3_cmd_desc inv[2] = {
		{.opcode = SMMUV3_OP_CFGI_STE_RANGE,
		 .range = SMMUV3_CFGI_RANGE_ALL_SIDS},
		{.opcode = SMMUV3_OP_TLBI_NSNH_ALL}};
	struct smmuv3_idregs gr = {0};

	for (unsigned int i = 0; i < 6; i++)
		gr.idr[i] = (uint32_t)rd(4u * i, 4);
	gr.iidr = (uint32_t)rd(SMMUV3_IIDR, 4);
	gr.aidr = (uint32_t)rd(SMMUV3_AIDR, 4);
	TRY(G.err, "guest ID register reads");
	TRY(smmuv3_idr_resolve(&gr, NULL, NULL, &G.gc, NULL),
	    "guest ID registers");
	puts_("guest sees IDR0 ");
	put_hex(gr.idr[0]);
	puts_("\n");
	CHECK(G.gc.features & SMMUV3_FEAT_TRANS_S1, "guest: no stage 1");
	CHECK(!(G.gc.features & SMMUV3_FEAT_TRANS_S2), "guest: stage 2 shown");
	CHECK(G.gc.sid_bits == 4, "guest SIDSIZE");

	wr(SMMUV3_CR0, 4, 0);
	CHECK(rd(SMMUV3_CR0ACK, 4) == 0, "guest CR0ACK");
	wr(SMMUV3_CR1, 4, 0xd5);
	wr(SMMUV3_STRTAB_BASE, 8, G_STRTAB);
	wr(SMMUV3_STRTAB_BASE_CFG, 4, 4); /* linear, 16 STEs */
	wr(SMMUV3_CMDQ_BASE, 8, G_CMDQ | 8u);
	wr(SMMUV3_CMDQ_PROD, 4, 0);
	wr(SMMUV3_CMDQ_CONS, 4, 0);
	wr(SMMUV3_EVTQ_BASE, 8, G_EVTQ | EVTQ_SHIFT);
	wr(SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4, 0);
	wr(SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, 0);
	wr(SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN);
	CHECK(rd(SMMUV3_CR0ACK, 4) == SMMUV3_CR0_CMDQEN, "guest CR0ACK");
	if (guest_submit(inv, 2))
		return T_FAIL;
	wr(SMMUV3_IRQ_CTRL, 4, SMMUV3_IRQ_CTRL_EVTQ_IRQEN);
	CHECK(rd(SMMUV3_IRQ_CTRLACK, 4) == SMMUV3_IRQ_CTRL_EVTQ_IRQEN,
	      "guest IRQ_CTRLACK");
	wr(SMMUV3_CR0, 4, SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVTQEN);
	wr(SMMUV3_CR0, 4, en);
	CHECK(rd(SMMUV3_CR0ACK, 4) == en, "guest CR0ACK after enable");
	TRY(G.err, "guest MMIO");
	puts_("guest probed and enabled its SMMU: ok\n");
	return 0;
}

/* 2. Its tables (IPAs) and STE in its RAM, then CFGI_STE. */
static int guest_attach(void)
{
	struct smmuv3_cd_cfg cdc = {0};
	struct smmuv3_ste_s1 s1 = {0};
	struct smmuv3_cmd_desc d = {0};
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	unsigned int writes = G.host_ste_writes;
	uint64_t q0, q2;

	put64(G_L1 + 8u * (IOVA_SRC >> 30), G_L2 | PTE_TABLE);
	put64(G_L2 + 8u * ((IOVA_SRC >> 21) & 511u), G_L3 | PTE_TABLE);
	put64(G_L3 + 8u * ((IOVA_SRC >> 12) & 511u), G_SRC | PTE_PAGE);
	put64(G_L3 + 8u * ((IOVA_DST >> 12) & 511u), G_DST | PTE_PAGE);
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
	TRY(smmuv3_cd_build(&G.gc, &cdc, &cd), "guest CD");
	for (unsigned int i = 0; i < 8; i++)
		put64(G_CD + 8u * i, cd.qw[i]);
	s1.cdtab = G_CD;
	s1.s1cdmax = 0;
	s1.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	s1.cir = s1.cor = SMMUV3_STE_CACHE_WBRA;
	s1.csh = SMMUV3_STE_SH_ISH;
	TRY(smmuv3_ste_build_s1(&G.gc, &s1, 0, &ste), "guest STE");
	for (unsigned int i = 0; i < 8; i++)
		put64(G_STRTAB + 64u * GSID + 8u * i, ste.qw[i]);
	d.opcode = SMMUV3_OP_CFGI_STE;
	d.sid = GSID;
	if (guest_submit(&d, 1))
		return T_FAIL;
	if (G.vs.stats.refusals) {
		puts_("  refusal: ");
		puts_(smmuv3_vsmmu_refusal_name(G.vs.stats.last_refusal));
		puts_("\n");
		return t_fail("vSMMU refused the guest STE", 0);
	}
	CHECK(G.host_ste_writes > writes, "no host STE write");
	TRY(G.vs.stats.last_host_error, "host STE write");
	/* The host STE nests the guest's CD table (an IPA) in stage 2. */
	q0 = G.host_ste.qw[0];
	q2 = G.host_ste.qw[2];
	CHECK((q0 & SMMUV3_STE0_V) &&
		      SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, q0) ==
			      SMMUV3_STE_CONFIG_NESTED,
	      "host STE is not nested");
	CHECK((q0 & SMMUV3_STE0_S1CTXPTR) == G_CD,
	      "host STE S1ContextPtr is not the guest's CD table IPA");
	CHECK(SMMUV3_FIELD_GET(SMMUV3_STE2_S2VMID, q2) == VMID,
	      "host STE VMID");
	puts_("guest attached edu with stage 1 (host nested STE): ok\n");
	return 0;
}

/* 4. The fault: host records to the guest's queue. */
static int hyp_events(size_t *delivered)
{
	struct smmuv3_event ev[T_FAULT_XFER / 4];
	enum smmuv3_vsmmu_fate fate;
	size_t n;

	*delivered = 0;
	TRY(t_events(ev, T_FAULT_XFER / 4, &n), "host events");
	CHECK(n > 0 && n <= T_FAULT_XFER / 4, "host event count");
	t_print_events(ev, 1);
	for (size_t i = 0; i < n; i++) {
		CHECK(ev[i].sid == H.sid, "host record's StreamID");
		TRY(smmuv3_vsmmu_event(&G.vs, ev[i].raw, &fate),
		    "smmuv3_vsmmu_event");
		CHECK(fate == SMMUV3_VSMMU_EVT_DELIVERED,
		      "record not delivered to the guest");
		(*delivered)++;
	}
	return 0;
}

int test_vsmmu(void)
{
	struct smmuv3_cmd_desc d = {0};
	struct smmuv3_event e;
	uint64_t raw[4];
	size_t got;
	uint32_t prod;
	int ret;

	if (!t_has(SMMUV3_FEAT_NESTING))
		return t_skip(
			"vsmmu: no stage 2/nesting on this SMMU (IDR0.S1P "
			"and S2P not both 1; QEMU before 9.2, e.g. 7.2): "
			"the virtual SMMU nests the guest's stage 1 in "
			"the host's stage 2");
	ret = hyp_create();
	if (ret)
		return ret;
	ret = guest_probe_enable();
	if (ret)
		return ret;
	ret = guest_attach();
	if (ret)
		return ret;

	/* 3. */
	t_fill(gva(G_SRC), 5);
	t_set(gva(G_DST), 0xee);
	CHECK(t_dma_from_ram(IOVA_SRC) && t_dma_to_ram(IOVA_DST),
	      "edu DMA did not complete");
	CHECK(t_holds(gva(G_DST), 5), "DMA data not at the guest's page");
	TRY(t_no_events("no event for a mapped DMA"), "events");
	CHECK(G.vs.stats.events == 0, "guest got an event");
	puts_("DMA through guest stage 1 + host stage 2: ok\n");

	/* 4. */
	put64(G_L3 + 8u * ((IOVA_DST >> 12) & 511u), 0);
	d.opcode = SMMUV3_OP_TLBI_NH_VA;
	d.asid = ASID;
	d.addr = IOVA_DST;
	d.leaf = true;
	if (guest_submit(&d, 1))
		return T_FAIL;
	CHECK(G.vs.stats.refusals == 0, "vSMMU refused the guest TLBI");
	CHECK(G.host_nh_va == 1,
	      "TLBI_NH_VA not forwarded once with the VMID, ASID and IOVA");
	t_set(gva(G_DST), 0x5a);
	CHECK(t_dma_to_ram_n(IOVA_DST, T_FAULT_XFER),
	      "edu DMA did not complete");
	CHECK(t_all(gva(G_DST), 0x5a), "DMA reached the unmapped page");
	ret = hyp_events(&got);
	if (ret)
		return ret;
	prod = (uint32_t)rd(SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD, 4);
	TRY(G.err, "guest MMIO");
	CHECK((prod & ((1u << EVTQ_SHIFT) - 1u)) == got,
	      "guest EVTQ_PROD does not count the records");
	CHECK(G.evtq_irqs > 0, "no guest event interrupt");
	for (size_t i = 0; i < got; i++) {
		for (unsigned int w = 0; w < 4; w++)
			raw[w] = get64(G_EVTQ + 32u * i + 8u * w);
		TRY(smmuv3_event_decode(raw, &e), "guest record decode");
		CHECK(e.id == SMMUV3_EVT_F_TRANSLATION, "guest record id");
		CHECK(e.sid == GSID, "guest record StreamID");
		CHECK(!e.s2 && e.clss == T_CLASS_IN, "guest record S2/CLASS");
		CHECK(!e.rnw, "guest record RnW");
		CHECK(e.input_addr >= IOVA_DST &&
			      e.input_addr < IOVA_DST + T_FAULT_XFER,
		      "guest record input address");
	}
	wr(SMMUV3_PAGE1 + SMMUV3_EVTQ_CONS, 4, prod);
	puts_("guest TLBI_NH_VA forwarded; fault in the guest's queue with "
	      "StreamID 3: ok\n");

	wr(SMMUV3_CR0, 4, 0);
	TRY(G.err, "guest MMIO");
	TRY(smmuv3_vsmmu_fini(&G.vs), "vSMMU fini");
	TRY(t_abort(), "detach");
	return T_PASS;
}
