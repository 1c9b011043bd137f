// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for probing: ID register values (hardware, or a hostile
 * emulation of it) and the firmware description, through
 * smmuv3_idr_resolve(), smmuv3_idr_probe() over MMIO and
 * smmuv3_dev_probe(). Input: IDR0..IDR5, IIDR, AIDR (8 little-endian
 * words), then fw flags (4 bytes), fw_httu, host_va_bits and the three
 * queue limits (1 byte each); missing bytes are zero.
 *
 * Properties (include/smmuv3/idr.h, docs/probing.md):
 *  - the result is 0, SMMUV3_EINVAL or SMMUV3_ENXIO; on failure the report
 *    names a reason, and the caps are untouched;
 *  - on success every resolved field lies within its documented range:
 *    ASID/VMID 8 or 16 bits; SSID <= 20 bits; OAS one of the IDR5.OAS
 *    sizes (at most 52); stage-1 IAS 48 or 52 (VAX), clamped to the host
 *    VA; stage-2 IAS = OAS; command queue > 2^6 entries; every queue <=
 *    2^19 and within the caller's limit; no PRI queue without PRI; page
 *    sizes exactly those of the advertised granules; the stream table
 *    linear (<= 2^20 STEs) or 2-level (split 8, <= 2^17 L1 entries) and
 *    covering sid_bits; feature implications (NESTING = S1 && S2, PRI
 *    needs ATS, E2H needs HYP, at least one stage and one granule);
 *  - resolving twice gives the same caps; the probe over MMIO (a port
 *    serving exactly these registers) and smmuv3_dev_probe() give the same
 *    result, caps and report as smmuv3_idr_resolve(), and the probe only
 *    reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/device.h>
#include <smmuv3/err.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/idr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			fprintf(stderr, "fuzz_idr:%d: property failed: %s\n", \
				__LINE__, #c);                                \
			abort();                                              \
		}                                                             \
	} while (0)

/* A port whose MMIO is the ID registers of the input (reads only). */
struct regs_port {
	struct smmuv3_idregs r;
	unsigned int writes;
};

static uint32_t rd32(void *ctx, uint32_t off)
{
	const struct regs_port *p = ctx;

	if (off <= SMMUV3_IDR5)
		return p->r.idr[off / 4];
	if (off == SMMUV3_IIDR)
		return p->r.iidr;
	if (off == SMMUV3_AIDR)
		return p->r.aidr;
	return 0;
}

static void wr32(void *ctx, uint32_t off, uint32_t v)
{
	(void)off;
	(void)v;
	((struct regs_port *)ctx)->writes++;
}

static uint64_t rd64(void *ctx, uint32_t off)
{
	return rd32(ctx, off) | ((uint64_t)rd32(ctx, off + 4) << 32);
}

static void wr64(void *ctx, uint32_t off, uint64_t v)
{
	wr32(ctx, off, (uint32_t)v);
}

static void *no_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	(void)ctx;
	(void)size;
	(void)align;
	(void)pa;
	return NULL;
}

static void no_free(void *ctx, void *va, size_t size)
{
	(void)ctx;
	(void)va;
	(void)size;
}

static int no_v2p(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	(void)ctx;
	(void)va;
	(void)pa;
	return SMMUV3_EFAULT;
}

static void barrier(void *ctx, enum smmuv3_barrier kind)
{
	(void)ctx;
	(void)kind;
}

static uint64_t now(void *ctx)
{
	(void)ctx;
	return 0;
}

static void delay(void *ctx, uint64_t ns)
{
	(void)ctx;
	(void)ns;
}

static const struct smmuv3_osal_ops port_ops = {
	.abi_version = SMMUV3_OSAL_ABI_VERSION,
	.alloc = no_alloc,
	.free = no_free,
	.virt_to_phys = no_v2p,
	.read32 = rd32,
	.write32 = wr32,
	.read64 = rd64,
	.write64 = wr64,
	.barrier = barrier,
	.now_ns = now,
	.delay_ns = delay,
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static bool oas_size(unsigned int b)
{
	return b == 32 || b == 36 || b == 40 || b == 42 || b == 44 || b == 48 ||
	       b == 52;
}

static void check_ranges(const struct smmuv3_caps *c,
			 const struct smmuv3_fw_info *fw,
			 const struct smmuv3_probe_limits *lim)
{
	const uint64_t f = c->features;
	static const uint64_t gran[3] = {
		SMMUV3_FEAT_GRAN4K, SMMUV3_FEAT_GRAN16K, SMMUV3_FEAT_GRAN64K};
	static const uint64_t sizes[3] = {
		(1ull << 12) | (1ull << 21) | (1ull << 30),
		(1ull << 14) | (1ull << 25),
		(1ull << 16) | (1ull << 29) | (1ull << 42),
	};

	CHECK(c->asid_bits == 8 || c->asid_bits == 16);
	CHECK(c->vmid_bits == 8 || c->vmid_bits == 16);
	CHECK((c->asid_bits == 16) == !!(f & SMMUV3_FEAT_ASID16));
	CHECK((c->vmid_bits == 16) == !!(f & SMMUV3_FEAT_VMID16));
	CHECK(c->ssid_bits <= 20);
	CHECK(oas_size(c->oas_bits));
	CHECK(c->s1_oas_bits == c->oas_bits && c->s2_oas_bits == c->oas_bits);
	CHECK(c->s2_ias_bits == c->oas_bits);
	{
		unsigned int ias = (f & SMMUV3_FEAT_VAX) ? 52u : 48u;

		if (fw->host_va_bits && fw->host_va_bits < ias)
			ias = fw->host_va_bits;
		CHECK(c->s1_ias_bits == ias);
	}
	CHECK(c->cmdq_shift > SMMUV3_CMDQ_BATCH_MIN_SHIFT &&
	      c->cmdq_shift <= SMMUV3_PROBE_MAX_QUEUE_SHIFT);
	CHECK(c->evtq_shift <= SMMUV3_PROBE_MAX_QUEUE_SHIFT);
	CHECK(c->priq_shift <= SMMUV3_PROBE_MAX_QUEUE_SHIFT);
	CHECK(!lim->cmdq_max_shift || c->cmdq_shift <= lim->cmdq_max_shift);
	CHECK(!lim->evtq_max_shift || c->evtq_shift <= lim->evtq_max_shift);
	CHECK(!lim->priq_max_shift || c->priq_shift <= lim->priq_max_shift);
	CHECK((f & SMMUV3_FEAT_PRI) || c->priq_shift == 0);
	CHECK(c->stall_model <= 3);

	CHECK(f & (SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2));
	CHECK(!(f & SMMUV3_FEAT_NESTING) ||
	      ((f & SMMUV3_FEAT_TRANS_S1) && (f & SMMUV3_FEAT_TRANS_S2)));
	CHECK(!(f & SMMUV3_FEAT_PRI) || (f & SMMUV3_FEAT_ATS));
	CHECK(!(f & SMMUV3_FEAT_E2H) || (f & SMMUV3_FEAT_HYP));
	CHECK(!(f & SMMUV3_FEAT_E2H) || (fw->flags & SMMUV3_FW_HOST_VHE));
	CHECK(!(f & SMMUV3_FEAT_HYP) ||
	      ((f & SMMUV3_FEAT_TRANS_S1) && (f & SMMUV3_FEAT_TRANS_S2)));
	CHECK(!(f & SMMUV3_FEAT_HD) || (f & SMMUV3_FEAT_HA));
	CHECK(c->fw_flags == fw->flags);
	CHECK(c->httu <= 3);

	{
		uint64_t all = 0;

		for (int g = 0; g < 3; g++) {
			if (f & gran[g]) {
				CHECK(c->pgsize[g] != 0);
				CHECK((c->pgsize[g] & ~sizes[g]) == 0);
				/* the granule itself is always a page size */
				CHECK(c->pgsize[g] & (1ull << (12 + 2 * g)));
			} else {
				CHECK(c->pgsize[g] == 0);
			}
			all |= c->pgsize[g];
		}
		CHECK(all != 0 && all == c->pgsize_bitmap);
		/* 4T blocks only with a 52-bit OAS */
		CHECK(!(all & (1ull << 42)) || c->oas_bits == 52);
	}

	CHECK(c->sid_bits <= 32);
	if (c->strtab_2lvl) {
		CHECK(f & SMMUV3_FEAT_2LVL_STRTAB);
		CHECK(c->strtab_split == SMMUV3_STRTAB_SPLIT);
		CHECK(c->strtab_l1_entries >= 1 &&
		      c->strtab_l1_entries <=
			      (1u << SMMUV3_STRTAB_L1_MAX_SHIFT));
		CHECK((c->strtab_l1_entries & (c->strtab_l1_entries - 1)) == 0);
		CHECK((1ull << c->strtab_log2size) ==
		      (uint64_t)c->strtab_l1_entries << c->strtab_split);
		CHECK(c->sid_bits == c->strtab_log2size);
		CHECK(c->sid_bits > SMMUV3_STRTAB_SPLIT);
	} else {
		CHECK(c->strtab_split == 0 && c->strtab_l1_entries == 0);
		CHECK(c->sid_bits <= SMMUV3_STRTAB_LINEAR_MAX_SID_BITS);
		CHECK(c->strtab_log2size == c->sid_bits);
	}
	/* docs/probing.md: 3 + AIDR.ArchMajorRev, AIDR.ArchMinorRev */
	CHECK(c->arch_major == 3 + ((c->regs.aidr >> 4) & 0xf));
	CHECK(c->arch_minor == (c->regs.aidr & 0xf));
}

/* Field by field: the struct's padding is indeterminate. */
static bool caps_equal(const struct smmuv3_caps *a, const struct smmuv3_caps *b)
{
#define EQ(f) (a->f == b->f)
	return memcmp(&a->regs, &b->regs, sizeof(a->regs)) == 0 &&
	       EQ(features) && EQ(options) && EQ(errata) && EQ(arch_major) &&
	       EQ(arch_minor) && EQ(asid_bits) && EQ(vmid_bits) &&
	       EQ(sid_bits) && EQ(ssid_bits) && EQ(oas_bits) &&
	       EQ(s1_ias_bits) && EQ(s1_oas_bits) && EQ(s2_ias_bits) &&
	       EQ(s2_oas_bits) && EQ(cmdq_shift) && EQ(evtq_shift) &&
	       EQ(priq_shift) && EQ(stall_model) && EQ(stall_max) &&
	       EQ(pgsize[0]) && EQ(pgsize[1]) && EQ(pgsize[2]) &&
	       EQ(pgsize_bitmap) && EQ(strtab_2lvl) && EQ(strtab_split) &&
	       EQ(strtab_l1_entries) && EQ(strtab_log2size) && EQ(fw_flags) &&
	       EQ(ttf) && EQ(httu) && EQ(bbml) && EQ(vax) &&
	       EQ(iidr_implementer) && EQ(iidr_product) && EQ(iidr_variant) &&
	       EQ(iidr_revision);
#undef EQ
}

static bool rep_equal(const struct smmuv3_probe_report *a,
		      const struct smmuv3_probe_report *b)
{
	return a->reason == b->reason && a->detail == b->detail &&
	       a->warnings == b->warnings;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t in[32 + 9] = {0};
	struct regs_port port = {0};
	struct smmuv3_osal osal = {&port_ops, &port};
	struct smmuv3_fw_info fw = {0};
	struct smmuv3_probe_limits lim = {0};
	struct smmuv3_caps caps, again, probed;
	struct smmuv3_probe_report rep, rep2;
	struct smmuv3_dev_cfg cfg = {0};
	struct smmuv3_dev dev;
	int ret, ret2;

	memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
	for (int i = 0; i < 6; i++)
		port.r.idr[i] = le32(in + 4 * i);
	port.r.iidr = le32(in + 24);
	port.r.aidr = le32(in + 28);
	fw.flags = le32(in + 32);
	/* Mostly defined flags, so the fuzzer reaches past BAD_FW. */
	if (!(in[40] & 0x80))
		fw.flags &= SMMUV3_FW_ALL;
	fw.fw_httu = in[36];
	fw.host_va_bits = in[37];
	lim.cmdq_max_shift = in[38] & 0x1f;
	lim.evtq_max_shift = in[39] & 0x1f;
	lim.priq_max_shift = in[40] & 0x1f;

	memset(&caps, 0xa5, sizeof(caps));
	memset(&rep, 0xa5, sizeof(rep));
	ret = smmuv3_idr_resolve(&port.r, &fw, &lim, &caps, &rep);
	CHECK(ret == 0 || ret == SMMUV3_EINVAL || ret == SMMUV3_ENXIO);
	if (ret) {
		struct smmuv3_caps canary;

		memset(&canary, 0xa5, sizeof(canary));
		CHECK(memcmp(&caps, &canary, sizeof(caps)) == 0);
		CHECK(rep.reason != SMMUV3_REFUSE_NONE &&
		      rep.reason < SMMUV3_REFUSE_COUNT);
		CHECK(smmuv3_idr_refusal_name(rep.reason) != NULL);
	} else {
		CHECK(rep.reason == SMMUV3_REFUSE_NONE);
		check_ranges(&caps, &fw, &lim);
		memset(&again, 0, sizeof(again));
		CHECK(smmuv3_idr_resolve(&port.r, &fw, &lim, &again, NULL) ==
		      0);
		CHECK(caps_equal(&caps, &again));
	}

	/* The same through MMIO. */
	memset(&probed, 0xa5, sizeof(probed));
	memset(&rep2, 0, sizeof(rep2));
	ret2 = smmuv3_idr_probe(&osal, &fw, &lim, &probed, &rep2);
	CHECK(ret2 == ret);
	CHECK(rep_equal(&rep, &rep2));
	if (!ret)
		CHECK(caps_equal(&caps, &probed));
	else
		CHECK(memcmp(&probed, &caps, sizeof(caps)) == 0); /* canary */
	CHECK(port.writes == 0);

	/* And as the device's probe. */
	memset(&dev, 0, sizeof(dev));
	cfg.fw = fw;
	cfg.limits = lim;
	ret2 = smmuv3_dev_probe(&dev, &osal, &cfg);
	CHECK(ret2 == ret);
	if (!ret)
		CHECK(caps_equal(&caps, &dev.caps));
	CHECK(port.writes == 0);
	return 0;
}
