// SPDX-License-Identifier: BSD-2-Clause
/*
 * A pKVM-style hypervisor on libsmmuv3, run against two SMMUs of the
 * bundled model (one with range invalidation, one without):
 *
 *  1. bring both SMMUs up; all of RAM is one physical space both reach;
 *  2. the host's DMA isolation: one identity stage-2 domain (VMID 1) on
 *     both SMMUs mapping host RAM but not the hypervisor's memory, with
 *     every host stream attached (12 streams, some ATS endpoints);
 *  3. host DMA reaches host RAM, and faults on hypervisor memory (the
 *     events are drained from both SMMUs by the host kernel, host.c, with
 *     its own prefixed copy of the library: the hypervisor owns the SMMUs
 *     with SMMUV3_DEV_F_QUEUES_EXTERNAL and never reads the event queue);
 *  4. page donation: the host gives sixteen pages to a new guest; they
 *     leave the host's domain (host RAM is mapped with 2 MiB blocks: the
 *     first unmap splits one hitlessly; the invalidation reaches both SMMUs
 *     and the ATS endpoints' ATCs before unmap returns) and enter the
 *     guest's stage 2;
 *  5. the guest owns its stage 1: its CD table and page table live in its
 *     own memory at IPAs; a device passed through to it moves from the host
 *     domain to a nested domain (guest stage 1 + the guest's stage 2) in one
 *     attach; the guest remaps and its invalidation is forwarded with the
 *     guest's VMID;
 *  6. guest teardown: the device goes back to the host domain in one
 *     attach, the pages back to the host.
 * Exit status 0 when every check passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

#include "host.h"

/* Physical memory: [HYP | host RAM], seen by both SMMUs at RAM_PA. */
#define RAM_PA 0x80000000ull
#define HYP_SIZE (4u << 20) /* the hypervisor's: never mapped for the host */
#define HOST_SIZE (12u << 20)
#define HOST_PA (RAM_PA + HYP_SIZE)
/* Where the host donates pages from: inside the first 2 MiB block. */
#define DONATE_PA HOST_PA

#define VMID_HOST 1
#define VMID_GUEST 2
#define GUEST_PAGES 16 /* 64 KiB: its tables, its CD, two DMA pages */
#define GUEST_VA 0x10000000ull

#define N_HOST_STREAMS 12
#define SID_PASSTHROUGH 0x101u /* on SMMU B, given to the guest */

static int failures;

static void expect(int cond, const char *what)
{
	printf("  [%s] %s\n", cond ? " ok " : "FAIL", what);
	if (!cond)
		failures++;
}

/* ---- the platform: one RAM both SMMUs reach (a bump allocator) ---- */

struct ram {
	uint8_t *base;
	size_t used;		  /* hypervisor allocations, within HYP_SIZE */
	struct smmuv3_osal inner; /* barriers, clock: the first SMMU's port */
};

static void *ram_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct ram *r = ctx;
	size_t off = (r->used + align - 1) & ~(align - 1);

	if (off + size > HYP_SIZE)
		return NULL;
	r->used = off + size;
	memset(r->base + off, 0, size);
	*pa = RAM_PA + off;
	return r->base + off;
}

static void ram_free(void *ctx, void *va, size_t size)
{
	(void)ctx, (void)va, (void)size; /* a bump allocator */
}

static int ram_v2p(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	struct ram *r = ctx;
	const uint8_t *p = va;

	if (p < r->base || p >= r->base + HYP_SIZE + HOST_SIZE)
		return SMMUV3_EFAULT;
	*pa = RAM_PA + (smmuv3_pa_t)(p - r->base);
	return 0;
}

static void *ram_p2v(void *ctx, smmuv3_pa_t pa)
{
	struct ram *r = ctx;

	if (pa < RAM_PA || pa - RAM_PA >= HYP_SIZE + HOST_SIZE)
		return NULL;
	return r->base + (size_t)(pa - RAM_PA);
}

static uint32_t ram_r32(void *ctx, uint32_t o)
{
	struct ram *r = ctx;

	return r->inner.ops->read32(r->inner.ctx, o);
}

static void ram_w32(void *ctx, uint32_t o, uint32_t v)
{
	struct ram *r = ctx;

	r->inner.ops->write32(r->inner.ctx, o, v);
}

static uint64_t ram_r64(void *ctx, uint32_t o)
{
	struct ram *r = ctx;

	return r->inner.ops->read64(r->inner.ctx, o);
}

static void ram_w64(void *ctx, uint32_t o, uint64_t v)
{
	struct ram *r = ctx;

	r->inner.ops->write64(r->inner.ctx, o, v);
}

static void ram_barrier(void *ctx, enum smmuv3_barrier k)
{
	struct ram *r = ctx;

	r->inner.ops->barrier(r->inner.ctx, k);
}

static uint64_t ram_now(void *ctx)
{
	struct ram *r = ctx;

	return r->inner.ops->now_ns(r->inner.ctx);
}

static void ram_delay(void *ctx, uint64_t ns)
{
	struct ram *r = ctx;

	r->inner.ops->delay_ns(r->inner.ctx, ns);
}

static const struct smmuv3_osal_ops ram_ops = {
	.abi_version = SMMUV3_OSAL_ABI_VERSION,
	.alloc = ram_alloc,
	.free = ram_free,
	.virt_to_phys = ram_v2p,
	.phys_to_virt = ram_p2v,
	.read32 = ram_r32,
	.write32 = ram_w32,
	.read64 = ram_r64,
	.write64 = ram_w64,
	.barrier = ram_barrier,
	.now_ns = ram_now,
	.delay_ns = ram_delay,
};

/*
 * The guest's own allocator for its stage-1 tables: its pages, addressed
 * by IPA (the guest never sees a PA).
 */
struct guest_mem {
	uint8_t *base; /* guest IPA 0 (the hypervisor's view of it) */
	size_t used;   /* below the two DMA pages at the top */
	struct ram *ram;
};

#define GUEST_DMA_IPA ((GUEST_PAGES - 2) * 4096u) /* two pages */

static void *g_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *ipa)
{
	struct guest_mem *g = ctx;
	size_t off = (g->used + align - 1) & ~(align - 1);

	if (off + size > GUEST_DMA_IPA)
		return NULL;
	g->used = off + size;
	memset(g->base + off, 0, size);
	*ipa = off;
	return g->base + off;
}

static int g_v2p(void *ctx, const void *va, smmuv3_pa_t *ipa)
{
	struct guest_mem *g = ctx;
	const uint8_t *p = va;

	if (p < g->base || p >= g->base + GUEST_PAGES * 4096u)
		return SMMUV3_EFAULT;
	*ipa = (smmuv3_pa_t)(p - g->base);
	return 0;
}

static void *g_p2v(void *ctx, smmuv3_pa_t ipa)
{
	struct guest_mem *g = ctx;

	if (ipa >= GUEST_PAGES * 4096u)
		return NULL;
	return g->base + (size_t)ipa;
}

static uint32_t g_r32(void *ctx, uint32_t o)
{
	return ram_r32(((struct guest_mem *)ctx)->ram, o);
}

static void g_w32(void *ctx, uint32_t o, uint32_t v)
{
	ram_w32(((struct guest_mem *)ctx)->ram, o, v);
}

static uint64_t g_r64(void *ctx, uint32_t o)
{
	return ram_r64(((struct guest_mem *)ctx)->ram, o);
}

static void g_w64(void *ctx, uint32_t o, uint64_t v)
{
	ram_w64(((struct guest_mem *)ctx)->ram, o, v);
}

static void g_barrier(void *ctx, enum smmuv3_barrier k)
{
	ram_barrier(((struct guest_mem *)ctx)->ram, k);
}

static uint64_t g_now(void *ctx)
{
	return ram_now(((struct guest_mem *)ctx)->ram);
}

static void g_delay(void *ctx, uint64_t ns)
{
	ram_delay(((struct guest_mem *)ctx)->ram, ns);
}

static const struct smmuv3_osal_ops guest_ops = {
	.abi_version = SMMUV3_OSAL_ABI_VERSION,
	.alloc = g_alloc,
	.free = ram_free,
	.virt_to_phys = g_v2p,
	.phys_to_virt = g_p2v,
	.read32 = g_r32,
	.write32 = g_w32,
	.read64 = g_r64,
	.write64 = g_w64,
	.barrier = g_barrier,
	.now_ns = g_now,
	.delay_ns = g_delay,
};

/* ---- SMMUs ---- */

struct smmu {
	const char *name;
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct smmuv3_dev dev;
	struct smmuv3_queue_info qi; /* the event queue, for the host */
	struct host_evtq evtq;	     /* the host kernel's */
};

static int smmu_up(struct smmu *s, struct smmuv3_model_config *mc,
		   struct ram *ram)
{
	const struct smmuv3_dev_cfg cfg = {
		/* The host kernel drains the event queue (host.c). */
		.flags = SMMUV3_DEV_F_QUEUES_EXTERNAL,
		.fw = {.flags = SMMUV3_FW_COHERENT},
		.limits = {.cmdq_max_shift = 10,
			   .evtq_max_shift = 8,
			   .priq_max_shift = 8},
	};
	struct smmuv3_queue_info *qi = &s->qi;
	smmuv3_pa_t pa = 0;
	void *va;
	int ret;

	mc->pa_base = RAM_PA;
	if (smmuv3_model_create(mc, &s->m) != 0)
		return SMMUV3_ENOMEM;
	s->osal = smmuv3_model_osal(s->m);
	/* RAM first, so that it sits at RAM_PA in this SMMU's view too. */
	ret = smmuv3_mock_region_add_pa(smmuv3_model_mock(s->m), ram->base,
					HYP_SIZE + HOST_SIZE, &pa);
	if (ret || pa != RAM_PA)
		return ret ? ret : SMMUV3_EFAULT;
	ret = smmuv3_dev_probe(&s->dev, &s->osal, &cfg);
	if (!ret)
		ret = smmuv3_dev_init(&s->dev);
	if (!ret)
		ret = smmuv3_dev_enable(&s->dev);
	/* What the hypervisor tells the host about the event queue; the
	 * host maps the queue memory itself (here: the model's memory). */
	if (!ret)
		ret = smmuv3_dev_queue_info(&s->dev, SMMUV3_QUEUE_EVTQ, qi);
	if (ret)
		return ret;
	va = smmuv3_mock_pa_to_va(smmuv3_model_mock(s->m), qi->base_pa,
				  (size_t)qi->entry_bytes << qi->log2size);
	if (!va)
		return SMMUV3_EFAULT;
	return host_kernel_evtq_attach(&s->evtq, s->name, &s->osal, qi, va);
}

static struct smmuv3_model_result dma(struct smmu *s, uint32_t sid,
				      uint64_t addr, bool write)
{
	struct smmuv3_model_result r;

	if (smmuv3_model_access(s->m, sid, false, 0, addr,
				write ? MDL_ACC_WRITE : 0, &r) != 0)
		r.outcome = SMMUV3_MODEL_XLATE_ABORT;
	return r;
}

/* The host kernel's event handler (host.c, its own copy of the library). */
static unsigned int drain_events(struct smmu *s)
{
	return host_kernel_drain_events(&s->evtq);
}

/* ---- the hypervisor ---- */

static struct ram ram;
static const struct smmuv3_osal ram_osal = {.ops = &ram_ops, .ctx = &ram};
static struct smmu A = {.name = "A"}, B = {.name = "B"};
static struct smmuv3_domain host, guest_s2, guest;
static struct smmuv3_domain_smmu host_on_b, guest_on_b;
static struct smmuv3_stream streams[N_HOST_STREAMS];
static struct guest_mem gmem;
static smmuv3_pa_t donated[GUEST_PAGES];

static const uint32_t rw =
	SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;

/*
 * Host identity map of all host RAM in 2 MiB blocks. A donation cuts a page
 * out of a block: the block is split hitlessly (both SMMUs have
 * IDR3.BBML = 2), so host DMA to the rest of it never faults.
 */
static int host_domain(void)
{
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.ias = 40,
		.vmid = VMID_HOST,
		.pgtbl_split = SMMUV3_PGTBL_SPLIT_HITLESS,
		.osal = NULL,
	};
	int ret;

	cfg.osal = &ram_osal;
	ret = smmuv3_domain_init(&host, &A.dev, &cfg);
	if (!ret)
		ret = smmuv3_domain_add_smmu(&host, &host_on_b, &B.dev);
	if (!ret)
		ret = smmuv3_domain_map(&host, HOST_PA, HOST_PA, HOST_SIZE, rw);
	return ret;
}

/* Host streams: 10 on A, 2 on B; every third an ATS endpoint. */
static struct smmu *stream_smmu(int i)
{
	return i < 10 ? &A : &B;
}

static uint32_t stream_sid(int i)
{
	return i < 10 ? 0x10u + (uint32_t)i : 0x100u + (uint32_t)(i - 10);
}

static int attach_host_streams(unsigned int *n_ats)
{
	int ret = 0;

	*n_ats = 0;
	for (int i = 0; i < N_HOST_STREAMS && !ret; i++) {
		uint32_t flags = (i % 3 == 0) ? SMMUV3_STREAM_F_ATS : 0;

		*n_ats += flags ? 1 : 0;
		ret = smmuv3_stream_init(&streams[i], &stream_smmu(i)->dev,
					 stream_sid(i), flags);
		if (!ret)
			ret = smmuv3_domain_attach(&host, &streams[i], NULL);
	}
	return ret;
}

/* Donate one host page to the guest at @ipa. */
static int donate(smmuv3_pa_t pa, uint64_t ipa)
{
	uint64_t unmapped = 0;
	int ret;

	ret = smmuv3_domain_unmap(&host, pa, 4096, &unmapped);
	if (!ret && unmapped != 4096)
		ret = SMMUV3_ENOENT;
	if (ret)
		return ret;
	/* The host's DMA can no longer reach it: safe to scrub and give. */
	memset(ram.base + (pa - RAM_PA), 0, 4096);
	return smmuv3_domain_map(&guest_s2, ipa, pa, 4096, rw);
}

static int reclaim(smmuv3_pa_t pa, uint64_t ipa)
{
	int ret = smmuv3_domain_unmap(&guest_s2, ipa, 4096, NULL);

	if (!ret)
		memset(ram.base + (pa - RAM_PA), 0, 4096);
	if (!ret)
		ret = smmuv3_domain_map(&host, pa, pa, 4096, rw);
	return ret;
}

/* The guest, inside its own memory: page table VA -> IPA and its CD. */
static int guest_builds_stage1(struct smmuv3_pgtbl *gpt, smmuv3_pa_t *cd_ipa,
			       const struct smmuv3_caps *caps)
{
	static struct smmuv3_osal gosal;
	struct smmuv3_pgtbl_cfg pc = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.ias = 39,
		.oas = 40,
		.coherent = true,
	};
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_cd_cfg cc;
	struct smmuv3_cd cd;
	uint64_t *cdp;
	int ret;

	gosal = (struct smmuv3_osal){.ops = &guest_ops, .ctx = &gmem};
	ret = smmuv3_pgtbl_init(gpt, &gosal, caps, &pc);
	/* Its DMA buffer: the last donated page. */
	if (!ret)
		ret = smmuv3_pgtbl_map(gpt, GUEST_VA, GUEST_DMA_IPA + 4096,
				       4096, rw);
	if (!ret)
		ret = smmuv3_pgtbl_get_hwcfg(gpt, &hw);
	if (ret)
		return ret;
	smmuv3_cd_cfg_from_pgtbl(&cc, &hw, 1);
	ret = smmuv3_cd_build(caps, &cc, &cd);
	if (ret)
		return ret;
	cdp = gosal.ops->alloc(gosal.ctx, 64, 64, cd_ipa);
	if (!cdp)
		return SMMUV3_ENOMEM;
	memcpy(cdp, cd.qw, sizeof(cd.qw)); /* little-endian host */
	return 0;
}

int main(void)
{
	struct smmuv3_model_config ma = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_model_config mb = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_stream *pt = NULL; /* the passed-through device */
	struct smmuv3_model_result r;
	struct smmuv3_write_result wr;
	struct smmuv3_pgtbl gpt;
	smmuv3_pa_t cd_ipa = 0;
	unsigned int n_ats, la, lb, events;
	int ret;

	/* 1. Bring-up. */
	printf("1. two SMMUs (A: range invalidation, B: none), one RAM\n");
	ram.base = aligned_alloc(2u << 20, HYP_SIZE + HOST_SIZE);
	if (!ram.base)
		return 2;
	memset(ram.base, 0, HYP_SIZE + HOST_SIZE);
	if (smmuv3_model_config_field(&mb, 3, SMMUV3_IDR3_RIL, 0))
		return 2;
	ret = smmu_up(&A, &ma, &ram);
	if (!ret)
		ret = smmu_up(&B, &mb, &ram);
	expect(ret == 0, "probe, init, enable both SMMUs");
	if (ret)
		return 1;
	ram.inner = A.osal;

	/* 2. The host's identity domain, every host stream. */
	printf("2. host identity stage 2 (VMID %u) on both SMMUs\n", VMID_HOST);
	ret = host_domain();
	expect(ret == 0, "identity map of host RAM; hypervisor RAM left out");
	ret = attach_host_streams(&n_ats);
	expect(ret == 0, "12 host streams attached (10 on A, 2 on B)");
	if (failures)
		return 1;
	printf("  %u of them are ATS endpoints; domain is %zu bytes\n", n_ats,
	       sizeof(host));

	/* 3. Host DMA. */
	printf("3. host DMA\n");
	r = dma(&A, 0x13, DONATE_PA + 0x10, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == DONATE_PA + 0x10,
	       "A: host device writes host RAM (identity, a 2 MiB block)");
	r = dma(&B, 0x100, HOST_PA + (8u << 20), false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		       r.pa == HOST_PA + (8u << 20),
	       "B: host device reads host RAM (a 2 MiB block)");
	r = dma(&A, 0x11, RAM_PA + 0x1000, false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT && r.fault.s2,
	       "A: host DMA into hypervisor memory faults at stage 2");
	{
		struct smmuv3_event ev;
		size_t n = 0;
		bool ovf;

		expect(smmuv3_dev_read_events(&A.dev, &ev, 1, &n, &ovf) ==
			       SMMUV3_EPERM,
		       "the hypervisor's copy leaves the event queue alone");
	}
	events = drain_events(&A) + drain_events(&B);
	expect(events == 1, "the host kernel's copy drains exactly that event");
	expect(smmuv3_model_peek32(A.m, A.qi.cons_reg) ==
		       smmuv3_model_peek32(A.m, A.qi.prod_reg),
	       "A: EVTQ_CONS caught up with EVTQ_PROD");

	/* 4. Page donation. */
	printf("4. the host donates %u pages to a guest (VMID %u)\n",
	       GUEST_PAGES, VMID_GUEST);
	{
		struct smmuv3_domain_cfg cfg = {
			.stage = SMMUV3_PGTBL_STAGE2,
			.granule = SMMUV3_GRANULE_4K,
			.ias = 40,
			.vmid = VMID_GUEST,
			.osal = &ram_osal,
		};

		ret = smmuv3_domain_init(&guest_s2, &A.dev, &cfg);
		if (!ret)
			ret = smmuv3_domain_add_smmu(&guest_s2, &guest_on_b,
						     &B.dev);
		expect(ret == 0, "guest stage-2 domain on both SMMUs");
	}
	/* Warm the TLBs (the block) and an ATC on the first page to be
	 * donated. */
	donated[0] = DONATE_PA + 0x40000;
	(void)dma(&A, 0x10, donated[0], false);
	(void)dma(&B, 0x100, donated[0], false);
	(void)smmuv3_model_ats_translate(A.m, 0x10, false, 0, donated[0], 0,
					 &r);
	expect(smmuv3_model_atc_lookup(A.m, 0x10, false, 0, donated[0], NULL),
	       "ATS endpoint 0x10 caches the page in its ATC");
	la = smmuv3_model_cmd_log_count(A.m);
	lb = smmuv3_model_cmd_log_count(B.m);
	ret = 0;
	gmem.ram = &ram;
	gmem.base = ram.base + (donated[0] - RAM_PA);
	for (unsigned int i = 0; i < GUEST_PAGES && !ret; i++) {
		donated[i] = DONATE_PA + 0x40000 + i * 4096u;
		ret = donate(donated[i], i * 4096u);
	}
	expect(ret == 0, "unmapped from the host, mapped for the guest");
	if (failures)
		return 1;
	printf("  commands: A %u, B %u (each SMMU planned for itself)\n",
	       smmuv3_model_cmd_log_count(A.m) - la,
	       smmuv3_model_cmd_log_count(B.m) - lb);
	r = dma(&A, 0x10, donated[0], false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT,
	       "A: host DMA to the donated page faults (TLB invalidated)");
	r = dma(&B, 0x100, donated[0], false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT,
	       "B: host DMA to the donated page faults (TLB invalidated)");
	expect(!smmuv3_model_atc_lookup(A.m, 0x10, false, 0, donated[0], NULL),
	       "the ATS endpoint's ATC no longer has it");
	/* The rest of the split block is still the host's, unchanged. */
	r = dma(&A, 0x10, donated[0] - 4096 + 0x20, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		       r.pa == donated[0] - 4096 + 0x20,
	       "A: the page below the donated ones still translates");
	r = dma(&B, 0x100, donated[GUEST_PAGES - 1] + 4096 + 0x20, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		       r.pa == donated[GUEST_PAGES - 1] + 4096 + 0x20,
	       "B: the page above them still translates");
	r = dma(&B, 0x101, DONATE_PA + (2u << 20) - 4096, false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK,
	       "B: the last page of the split block still translates");
	expect(drain_events(&A) == 1 && drain_events(&B) == 1,
	       "one fault per SMMU for the host");

	/* 5. The guest and its pass-through device. */
	printf("5. guest stage 1 over its stage 2 (nested), device 0x%x\n",
	       SID_PASSTHROUGH);
	ret = guest_builds_stage1(&gpt, &cd_ipa, &B.dev.caps);
	expect(ret == 0, "the guest builds its page table and CD at IPAs");
	if (failures)
		return 1;
	{
		struct smmuv3_domain_cfg cfg = {
			.type = SMMUV3_DOMAIN_NESTED,
			.parent = &guest_s2,
			.s1_cdtab = cd_ipa,
			.s1fmt = SMMUV3_STE_S1FMT_LINEAR,
		};

		ret = smmuv3_domain_init(&guest, NULL, &cfg);
		expect(ret == 0, "nested domain: guest CD table at an IPA");
	}
	if (failures)
		return 1;
	pt = smmuv3_domain_find_stream(&host, &B.dev, SID_PASSTHROUGH);
	expect(pt != NULL && smmuv3_stream_domain(pt) == &host,
	       "the device is the host's");
	if (!pt)
		return 1;
	ret = smmuv3_domain_attach(&guest, pt, &wr);
	expect(ret == 0 && smmuv3_stream_domain(pt) == &guest,
	       "host -> guest in one attach");
	printf("  writer: %s, %u syncs\n",
	       wr.hitless ? "hitless" : "through abort (VMID changes)",
	       wr.syncs);
	r = dma(&B, SID_PASSTHROUGH, GUEST_VA + 0x20, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		       r.pa == donated[GUEST_PAGES - 1] + 0x20,
	       "guest DMA: VA -> IPA -> the last donated page");
	r = dma(&B, SID_PASSTHROUGH, DONATE_PA + (1u << 20), false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT,
	       "guest device cannot reach host RAM");
	/* The guest remaps its VA to its other DMA page and invalidates. */
	{
		const struct smmuv3_cmd_desc inv = {
			.opcode = SMMUV3_OP_TLBI_NH_VA,
			.asid = 1,
			.addr = GUEST_VA,
			.leaf = true,
		};
		uint64_t u;

		ret = smmuv3_pgtbl_unmap(&gpt, GUEST_VA, 4096, &u);
		if (!ret)
			ret = smmuv3_pgtbl_map(&gpt, GUEST_VA, GUEST_DMA_IPA,
					       4096, rw);
		if (!ret)
			ret = smmuv3_domain_nested_invalidate(&guest, &inv, 1);
		r = dma(&B, SID_PASSTHROUGH, GUEST_VA + 0x20, true);
		expect(ret == 0 && r.outcome == SMMUV3_MODEL_XLATE_OK &&
			       r.pa == donated[GUEST_PAGES - 2] + 0x20,
		       "guest TLBI_NH_VA forwarded with the guest's VMID");
	}
	(void)drain_events(&B);

	/* 6. Teardown of the guest. */
	printf("6. guest teardown\n");
	ret = smmuv3_domain_attach(&host, pt, &wr);
	expect(ret == 0 && smmuv3_stream_domain(pt) == &host,
	       "guest -> host in one attach");
	r = dma(&B, SID_PASSTHROUGH, HOST_PA + 0x10, false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK, "it is a host device again");
	ret = smmuv3_domain_fini(&guest);
	for (unsigned int i = 0; i < GUEST_PAGES && !ret; i++)
		ret = reclaim(donated[i], i * 4096u);
	if (!ret)
		ret = smmuv3_domain_fini(&guest_s2);
	expect(ret == 0, "nested and stage-2 domains gone, pages back");
	r = dma(&A, 0x10, donated[0], false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == donated[0],
	       "the host reaches the reclaimed page again");
	smmuv3_pgtbl_destroy(&gpt);

	for (int i = 0; i < N_HOST_STREAMS && !ret; i++)
		ret = smmuv3_domain_detach(&host, &streams[i], NULL, NULL);
	if (!ret)
		ret = smmuv3_domain_fini(&host);
	expect(ret == 0, "host domain down");
	smmuv3_dev_fini(&A.dev);
	smmuv3_dev_fini(&B.dev);
	smmuv3_model_destroy(A.m);
	smmuv3_model_destroy(B.m);
	free(ram.base);
	printf("%s\n", failures ? "FAILED" : "PASS");
	return failures ? 1 : 0;
}
