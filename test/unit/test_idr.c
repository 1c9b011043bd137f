// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of probing (src/idr.c): real parts' ID register values resolved
 * into capabilities, every refusal, firmware overrides, caller limits and
 * the stream-table layout. Expected values are worked out by hand from the
 * IHI 0070 field definitions (6.3.1-6.3.8); the comments show the sums.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/regs.h>

#include "smmuv3_osal_hosted.h"

/*
 * QEMU virt SMMUv3 (hw/arm/smmuv3.c, smmuv3_init_regs; 8.1 and later with
 * the default stage=1; 7.2 lacks VMID16: IDR0 = 0x0d40101a):
 * IDR0 = S1P 0x2 | TTF=AArch64 0x8 | COHACC 0x10 | ASID16 0x1000 |
 *        VMID16 0x40000 | TTENDIAN=LE 0x400000 | STALL_MODEL=1 0x1000000 |
 *        TERM_MODEL 0x4000000 | ST_LEVEL=2lvl 0x8000000 = 0x0d44101a
 * IDR1 = CMDQS 19 (0x2600000) | EVTQS 19 (0x130000) | SIDSIZE 16 = 0x02730010
 * IDR3 = HAD 0x4 | RIL 0x400 | BBML=2 0x1000 = 0x1404
 * IDR5 = GRAN64K 0x40 | GRAN16K 0x20 | GRAN4K 0x10 | OAS=4 (44 bits) = 0x74
 * AIDR = 1 (SMMUv3.1), IIDR = 0.
 */
#define QEMU72_IDR0 0x0d40101au
#define QEMU_IDR0_S1 0x0d44101au
#define QEMU_IDR0_S2 0x0d441019u     /* S2P 0x1 instead of S1P 0x2 */
#define QEMU_IDR0_NESTED 0x0d44101bu /* stage=nested: S1P | S2P */
#define QEMU_IDR1 0x02730010u
#define QEMU_IDR3 0x1404u
#define QEMU_IDR3_S2 0x1414u /* + XNX 0x10 with S2P */
#define QEMU_IDR5 0x74u

/*
 * Arm MMU-600 (SMMUv3.1), a full configuration per its TRM feature list:
 * IDR0 = S2P 1 | S1P 2 | TTF=both 0xc | COHACC 0x10 | BTM 0x20 | HTTU=2 0x80
 *      | HYP 0x200 | ATS 0x400 | ASID16 0x1000 | MSI 0x2000 | SEV 0x4000
 *      | ATOS 0x8000 | PRI 0x10000 | VMW 0x20000 | VMID16 0x40000
 *      | CD2L 0x80000 | VATOS 0x100000 | TTENDIAN=mixed 0 | STALL_MODEL=0
 *      | ST_LEVEL=2lvl 0x8000000 = 0x081ff6bf
 * IDR1 = ATTR_TYPES_OVR 0x8000000 | ATTR_PERMS_OVR 0x4000000
 *      | CMDQS 19 0x2600000 | EVTQS 19 0x130000 | PRIQS 19 0x9800
 *      | SSIDSIZE 20 0x500 | SIDSIZE 24 0x18 = 0x0e739d18
 * IDR3 = HAD 0x4
 * IDR5 = STALL_MAX 0x80 (0x800000) | GRAN64K|16K|4K 0x70 | OAS=5 = 0x00800075
 * IIDR = ProductID 0x483 << 20 | Variant << 16 | Revision << 12 | 0x43b
 */
#define MMU600_IDR0 0x081ff6bfu
#define MMU600_IDR1 0x0e739d18u
#define MMU600_IDR3 0x4u
#define MMU600_IDR5 0x00800075u
#define IIDR(prod, var, rev) \
	(((uint32_t)(prod) << 20) | ((uint32_t)(var) << 16) | \
	 ((uint32_t)(rev) << 12) | 0x43bu)

/*
 * Arm MMU-700 (SMMUv3.2): as MMU-600 but IDR3 = HAD 0x4 | RIL 0x400 |
 * BBML=2 0x1000 = 0x1404; IDR5 = STALL_MAX 0x80 | VAX=1 0x400 | grans 0x70 |
 * OAS=6 (52 bits) = 0x00800476.
 */
#define MMU700_IDR3 0x1404u
#define MMU700_IDR5 0x00800476u
/*
 * Arm MMU-S3 (SMMUv3.3+): IDR0 with HTTU=3 (0xc0 instead of 0x80) =
 * 0x081ff6ff; IDR3 = FWB 0x100 | RIL | BBML=2 | HAD = 0x1504; IDR5 adds
 * DS 0x80 = 0x008004f6.
 */
#define MMUS3_IDR0 0x081ff6ffu
#define MMUS3_IDR3 0x1504u
#define MMUS3_IDR5 0x008004f6u

#define SZ_4K 0x1000ull
#define SZ_16K 0x4000ull
#define SZ_64K 0x10000ull
#define SZ_2M 0x200000ull
#define SZ_32M 0x2000000ull
#define SZ_512M 0x20000000ull
#define SZ_1G 0x40000000ull
#define SZ_4T 0x40000000000ull

static struct smmuv3_idregs regs_of(uint32_t i0, uint32_t i1, uint32_t i3,
				    uint32_t i5, uint32_t iidr, uint32_t aidr)
{
	struct smmuv3_idregs r;

	memset(&r, 0, sizeof(r));
	r.idr[0] = i0;
	r.idr[1] = i1;
	r.idr[3] = i3;
	r.idr[5] = i5;
	r.iidr = iidr;
	r.aidr = aidr;
	return r;
}

static struct smmuv3_idregs qemu_s1(void)
{
	return regs_of(QEMU_IDR0_S1, QEMU_IDR1, QEMU_IDR3, QEMU_IDR5, 0, 1);
}

static struct smmuv3_idregs mmu600(uint32_t var, uint32_t rev)
{
	return regs_of(MMU600_IDR0, MMU600_IDR1, MMU600_IDR3, MMU600_IDR5,
		       IIDR(0x483, var, rev), 1);
}

struct part_case {
	const char *name;
	struct smmuv3_idregs regs;
	uint32_t fw_flags;
	uint64_t features;
	uint32_t options;
	uint8_t asid_bits, vmid_bits, sid_bits, ssid_bits, oas;
	uint8_t s1_ias, s1_oas, s2_ias, s2_oas;
	uint8_t cmdq, evtq, priq;
	bool two_level;
	uint32_t l1;
	uint8_t log2size;
	uint64_t pg4k, pg16k, pg64k;
	uint8_t arch_minor;
};

#define F(x) SMMUV3_FEAT_##x

/* Features common to the MMU-600-style configurations above. */
#define MMU600_FEATS                                                       \
	(F(TRANS_S1) | F(TRANS_S2) | F(NESTING) | F(TT_LE) | F(TT_BE) |     \
	 F(COHERENCY) | F(BTM) | F(HA) | F(HD) | F(HYP) | F(ATS) |           \
	 F(ASID16) | F(MSI) | F(SEV) | F(PRI) | F(VMID16) | F(2LVL_CDTAB) |  \
	 F(STALLS) | F(2LVL_STRTAB) | F(ATTR_TYPES_OVR) | F(ATTR_PERMS_OVR) | \
	 F(GRAN4K) | F(GRAN16K) | F(GRAN64K))

static void test_real_parts(void **state)
{
	const uint64_t qemu_feats = F(TRANS_S1) | F(TT_LE) | F(COHERENCY) |
				    F(ASID16) | F(VMID16) | F(TERM_MODEL) |
				    F(2LVL_STRTAB) | F(RANGE_INV) | F(BBML2) |
				    F(GRAN4K) | F(GRAN16K) | F(GRAN64K);
	const uint64_t pg4k = SZ_4K | SZ_2M | SZ_1G;
	const uint64_t pg16k = SZ_16K | SZ_32M;
	const uint64_t pg64k = SZ_64K | SZ_512M;
	const struct part_case cases[] = {
		{ "qemu stage=1", qemu_s1(), SMMUV3_FW_COHERENT, qemu_feats, 0,
		  /* SIDSIZE 16 > 8: 2 levels, L1 = 2^(16-8) = 256 */
		  16, 16, 16, 0, 44, 48, 44, 44, 44, 19, 19, 0, true, 256, 16,
		  pg4k, pg16k, pg64k, 1 },
		/* QEMU 7.2: 8-bit VMIDs (no IDR0.VMID16, bit 18). */
		{ "qemu 7.2",
		  regs_of(QEMU72_IDR0, QEMU_IDR1, QEMU_IDR3, QEMU_IDR5, 0, 1),
		  SMMUV3_FW_COHERENT, qemu_feats & ~F(VMID16), 0, 16, 8, 16, 0,
		  44, 48, 44, 44, 44, 19, 19, 0, true, 256, 16, pg4k, pg16k,
		  pg64k, 1 },
		{ "qemu stage=2",
		  regs_of(QEMU_IDR0_S2, QEMU_IDR1, QEMU_IDR3_S2, QEMU_IDR5, 0,
			  1),
		  SMMUV3_FW_COHERENT,
		  (qemu_feats & ~F(TRANS_S1)) | F(TRANS_S2) | F(XNX), 0, 16,
		  16, 16, 0, 44, 48, 44, 44, 44, 19, 19, 0, true, 256, 16,
		  pg4k, pg16k, pg64k, 1 },
		{ "qemu stage=nested",
		  regs_of(QEMU_IDR0_NESTED, QEMU_IDR1, QEMU_IDR3_S2, QEMU_IDR5,
			  0, 1),
		  SMMUV3_FW_COHERENT,
		  qemu_feats | F(TRANS_S2) | F(XNX) | F(NESTING), 0, 16, 16, 16,
		  0, 44, 48, 44, 44, 44, 19, 19, 0, true, 256, 16, pg4k, pg16k,
		  pg64k, 1 },
		/*
		 * MMU-600 r0p0: 1076982 clears SEV, 1209401 clears NESTING.
		 * Coherent + MSI: MSIPOLL. SIDSIZE 24: L1 = 2^16 entries.
		 */
		{ "mmu-600 r0p0", mmu600(0, 0), SMMUV3_FW_COHERENT,
		  MMU600_FEATS & ~F(SEV) & ~F(NESTING), SMMUV3_OPT_MSIPOLL, 16,
		  16, 24, 20, 48, 48, 48, 48, 48, 19, 19, 19, true, 65536, 24,
		  pg4k, pg16k, pg64k, 1 },
		/* r1p0: only 1209401 (variant < 2). */
		{ "mmu-600 r1p0", mmu600(1, 0), SMMUV3_FW_COHERENT,
		  MMU600_FEATS & ~F(NESTING), SMMUV3_OPT_MSIPOLL, 16, 16, 24, 20,
		  48, 48, 48, 48, 48, 19, 19, 19, true, 65536, 24, pg4k, pg16k,
		  pg64k, 1 },
		/* r2p0: none; not coherent so no MSIPOLL and no COHERENCY. */
		{ "mmu-600 r2p0 non-coherent", mmu600(2, 0), 0,
		  MMU600_FEATS & ~F(COHERENCY), 0, 16, 16, 24, 20, 48, 48, 48,
		  48, 48, 19, 19, 19, true, 65536, 24, pg4k, pg16k, pg64k, 1 },
		/*
		 * MMU-700 r0p0: BTM cleared, FORCE_SYNC (2812531), NESTING
		 * cleared (2268618), FULL_CONT_RANGE_INV (3777127). VAX: s1
		 * IAS 52; OAS 52 adds the 4 TB block to the 64K granule.
		 */
		{ "mmu-700 r0p0",
		  regs_of(MMU600_IDR0, MMU600_IDR1, MMU700_IDR3, MMU700_IDR5,
			  IIDR(0x487, 0, 0), 2),
		  SMMUV3_FW_COHERENT,
		  (MMU600_FEATS & ~F(BTM) & ~F(NESTING)) | F(RANGE_INV) |
			  F(BBML2) | F(VAX),
		  SMMUV3_OPT_MSIPOLL | SMMUV3_OPT_CMDQ_FORCE_SYNC |
			  SMMUV3_OPT_FULL_CONT_RANGE_INV,
		  16, 16, 24, 20, 52, 52, 52, 52, 52, 19, 19, 19, true, 65536,
		  24, pg4k, pg16k, pg64k | SZ_4T, 2 },
		/* MMU-700 r1p1: neither 2812531 nor 2268618. */
		{ "mmu-700 r1p1",
		  regs_of(MMU600_IDR0, MMU600_IDR1, MMU700_IDR3, MMU700_IDR5,
			  IIDR(0x487, 1, 1), 2),
		  SMMUV3_FW_COHERENT,
		  (MMU600_FEATS & ~F(BTM)) | F(RANGE_INV) | F(BBML2) | F(VAX),
		  SMMUV3_OPT_MSIPOLL | SMMUV3_OPT_FULL_CONT_RANGE_INV, 16, 16,
		  24, 20, 52, 52, 52, 52, 52, 19, 19, 19, true, 65536, 24, pg4k,
		  pg16k, pg64k | SZ_4T, 2 },
		/* MMU-S3 r1p1: BTM cleared (3995052), 3673557 fixed. */
		{ "mmu-s3 r1p1",
		  regs_of(MMUS3_IDR0, MMU600_IDR1, MMUS3_IDR3, MMUS3_IDR5,
			  IIDR(0x498, 1, 1), 3),
		  SMMUV3_FW_COHERENT,
		  (MMU600_FEATS & ~F(BTM)) | F(HAFT) | F(RANGE_INV) | F(BBML2) |
			  F(VAX) | F(S2FWB) | F(DS),
		  SMMUV3_OPT_MSIPOLL, 16, 16, 24, 20, 52, 52, 52, 52, 52, 19, 19,
		  19, true, 65536, 24, pg4k, pg16k, pg64k | SZ_4T, 3 },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct part_case *t = &cases[i];
		struct smmuv3_fw_info fw = { t->fw_flags, 0, 0 };
		struct smmuv3_probe_report rep;
		struct smmuv3_caps c;

		print_message("part %s\n", t->name);
		assert_int_equal(smmuv3_idr_resolve(&t->regs, &fw, NULL, &c,
						    &rep), 0);
		assert_int_equal(rep.reason, SMMUV3_REFUSE_NONE);
		assert_true(c.features == t->features);
		assert_int_equal(c.options, t->options);
		assert_int_equal(c.asid_bits, t->asid_bits);
		assert_int_equal(c.vmid_bits, t->vmid_bits);
		assert_int_equal(c.sid_bits, t->sid_bits);
		assert_int_equal(c.ssid_bits, t->ssid_bits);
		assert_int_equal(c.oas_bits, t->oas);
		assert_int_equal(c.s1_ias_bits, t->s1_ias);
		assert_int_equal(c.s1_oas_bits, t->s1_oas);
		assert_int_equal(c.s2_ias_bits, t->s2_ias);
		assert_int_equal(c.s2_oas_bits, t->s2_oas);
		assert_int_equal(c.cmdq_shift, t->cmdq);
		assert_int_equal(c.evtq_shift, t->evtq);
		assert_int_equal(c.priq_shift, t->priq);
		assert_int_equal(c.strtab_2lvl, t->two_level);
		assert_int_equal(c.strtab_split, t->two_level ? 8 : 0);
		assert_int_equal(c.strtab_l1_entries, t->l1);
		assert_int_equal(c.strtab_log2size, t->log2size);
		assert_true(c.pgsize[SMMUV3_GRANULE_4K] == t->pg4k);
		assert_true(c.pgsize[SMMUV3_GRANULE_16K] == t->pg16k);
		assert_true(c.pgsize[SMMUV3_GRANULE_64K] == t->pg64k);
		assert_true(c.pgsize_bitmap == (t->pg4k | t->pg16k | t->pg64k));
		assert_int_equal(c.arch_major, 3);
		assert_int_equal(c.arch_minor, t->arch_minor);
		assert_memory_equal(&c.regs, &t->regs, sizeof(c.regs));
		assert_int_equal(c.fw_flags, t->fw_flags);
	}
}

static void test_mmu600_details(void **state)
{
	struct smmuv3_idregs r = mmu600(2, 3);
	struct smmuv3_caps c;

	(void)state;
	assert_int_equal(smmuv3_idr_resolve(&r, NULL, NULL, &c, NULL), 0);
	assert_int_equal(c.stall_model, 0);
	assert_int_equal(c.stall_max, 0x80);
	assert_int_equal(c.httu, 2);
	assert_int_equal(c.ttf, 3);
	assert_int_equal(c.iidr_implementer, 0x43b);
	assert_int_equal(c.iidr_product, 0x483);
	assert_int_equal(c.iidr_variant, 2);
	assert_int_equal(c.iidr_revision, 3);
	assert_true(c.errata == 0);
}

/* A valid base to mutate: QEMU stage 1 with MSI and PRI added. */
static int resolve_one(const struct smmuv3_idregs *r,
		       const struct smmuv3_fw_info *fw,
		       const struct smmuv3_probe_limits *lim,
		       struct smmuv3_caps *c, struct smmuv3_probe_report *rep)
{
	memset(c, 0xa5, sizeof(*c));
	return smmuv3_idr_resolve(r, fw, lim, c, rep);
}

struct refusal_case {
	const char *name;
	uint32_t idr0_clear, idr0_set, idr1_clear, idr1_set;
	uint32_t idr5_clear, idr5_set;
	uint32_t fw_flags;
	enum smmuv3_refusal reason;
	uint32_t detail;
};

static void test_refusals(void **state)
{
	static const struct refusal_case cases[] = {
		/* IDR0[1:0] = 0: neither stage. */
		{ "no stage", 0x3, 0, 0, 0, 0, 0, 0,
		  SMMUV3_REFUSE_NO_TRANSLATION, 0 },
		/* TTF [3:2] = 1: AArch32 only; = 0 reserved. */
		{ "ttf aarch32", 0xc, 0x4, 0, 0, 0, 0, 0,
		  SMMUV3_REFUSE_NO_AARCH64_TTF, 1 },
		{ "ttf reserved", 0xc, 0, 0, 0, 0, 0, 0,
		  SMMUV3_REFUSE_NO_AARCH64_TTF, 0 },
		/* TTENDIAN [22:21]: 1 reserved; 2 (LE) on a BE host; 3 on LE. */
		{ "ttendian reserved", 0x600000, 0x200000, 0, 0, 0, 0, 0,
		  SMMUV3_REFUSE_TTENDIAN, 1 },
		{ "le tables, be cpu", 0, 0, 0, 0, 0, 0, SMMUV3_FW_HOST_BE,
		  SMMUV3_REFUSE_TTENDIAN, 2 },
		{ "be tables, le cpu", 0, 0x600000, 0, 0, 0, 0, 0,
		  SMMUV3_REFUSE_TTENDIAN, 3 },
		/* IDR1 bits 30, 29, 28. */
		{ "tables preset", 0, 0, 0, 1u << 30, 0, 0, 0,
		  SMMUV3_REFUSE_PRESET, 1u << 30 },
		{ "queues preset", 0, 0, 0, 1u << 29, 0, 0, 0,
		  SMMUV3_REFUSE_PRESET, 1u << 29 },
		{ "rel", 0, 0, 0, 1u << 28, 0, 0, 0, SMMUV3_REFUSE_PRESET,
		  1u << 28 },
		/* CMDQS [25:21] = 6: 64 entries, no room for batch + sync. */
		{ "cmdq 64 entries", 0, 0, 0x1f << 21, 6u << 21, 0, 0, 0,
		  SMMUV3_REFUSE_CMDQ_TOO_SMALL, 6 },
		{ "cmdq 1 entry", 0, 0, 0x1f << 21, 0, 0, 0, 0,
		  SMMUV3_REFUSE_CMDQ_TOO_SMALL, 0 },
		/* instdata override, IDR1.ATTR_PERMS_OVR (bit 26) clear. */
		{ "instdata override", 0, 0, 0, 0, 0, 0,
		  SMMUV3_FW_INSTDATA_OVERRIDE, SMMUV3_REFUSE_INSTDATA_OVR,
		  QEMU_IDR1 },
		/* IDR5 [6:4] = 0: no granule. */
		{ "no granule", 0, 0, 0, 0, 0x70, 0, 0,
		  SMMUV3_REFUSE_NO_GRANULE, 0 },
		/* IDR5.OAS [2:0] = 7 reserved. */
		{ "oas reserved", 0, 0, 0, 0, 0x7, 0x7, 0, SMMUV3_REFUSE_OAS,
		  7 },
		/* SIDSIZE 33 reserved even with 2 levels. */
		{ "sidsize 33", 0, 0, 0x3f, 33, 0, 0, 0, SMMUV3_REFUSE_SIDSIZE,
		  33 },
		/* Linear (ST_LEVEL 0) with SIDSIZE 21: 2^21 STEs = 128 MiB. */
		{ "linear sidsize 21", 3u << 27, 0, 0x3f, 21, 0, 0, 0,
		  SMMUV3_REFUSE_SIDSIZE, 21 },
		/* SSIDSIZE [10:6] = 21: above the architectural 20. */
		{ "ssidsize 21", 0, 0, 0, 21u << 6, 0, 0, 0,
		  SMMUV3_REFUSE_RESERVED, 21 },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct refusal_case *t = &cases[i];
		struct smmuv3_idregs r = qemu_s1();
		struct smmuv3_fw_info fw = { t->fw_flags, 0, 0 };
		struct smmuv3_probe_report rep;
		struct smmuv3_caps c, before;
		int ret;

		print_message("refusal %s\n", t->name);
		r.idr[0] = (r.idr[0] & ~t->idr0_clear) | t->idr0_set;
		r.idr[1] = (r.idr[1] & ~t->idr1_clear) | t->idr1_set;
		r.idr[5] = (r.idr[5] & ~t->idr5_clear) | t->idr5_set;
		memset(&c, 0x5a, sizeof(c));
		before = c;
		ret = smmuv3_idr_resolve(&r, &fw, NULL, &c, &rep);
		assert_int_equal(ret, SMMUV3_ENXIO);
		assert_int_equal(rep.reason, t->reason);
		assert_int_equal(rep.detail, t->detail);
		/* On error the caps are untouched. */
		assert_memory_equal(&c, &before, sizeof(c));
		assert_string_not_equal(smmuv3_idr_refusal_name(rep.reason),
					"unknown");
	}
}

static void test_ttendian_ok(void **state)
{
	struct smmuv3_idregs r = qemu_s1();
	struct smmuv3_fw_info be = { SMMUV3_FW_HOST_BE, 0, 0 };
	struct smmuv3_caps c;

	(void)state;
	/* Mixed (0): both, on either CPU. */
	r.idr[0] &= ~0x600000u;
	assert_int_equal(resolve_one(&r, &be, NULL, &c, NULL), 0);
	assert_true((c.features & (F(TT_LE) | F(TT_BE))) ==
		    (F(TT_LE) | F(TT_BE)));
	/* BE only (3) with a BE CPU. */
	r.idr[0] |= 0x600000u;
	assert_int_equal(resolve_one(&r, &be, NULL, &c, NULL), 0);
	assert_true((c.features & (F(TT_LE) | F(TT_BE))) == F(TT_BE));
	/* TTF = 3 (both) is accepted. */
	r = qemu_s1();
	r.idr[0] |= 0xcu;
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, NULL), 0);
	assert_int_equal(c.ttf, 3);
}

static void test_fw_overrides(void **state)
{
	struct smmuv3_idregs r = qemu_s1();
	struct smmuv3_fw_info fw = { 0, 0, 0 };
	struct smmuv3_probe_report rep;
	struct smmuv3_caps c;

	(void)state;
	/* IDR0.COHACC = 1 but firmware says not coherent: not coherent. */
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_false(c.features & F(COHERENCY));
	assert_true(rep.warnings & SMMUV3_PROBE_WARN_COHACC_MISMATCH);
	/* COHACC = 0 and firmware says coherent: coherent. */
	r.idr[0] &= ~SMMUV3_IDR0_COHACC;
	fw.flags = SMMUV3_FW_COHERENT;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_true(c.features & F(COHERENCY));
	assert_true(rep.warnings & SMMUV3_PROBE_WARN_COHACC_MISMATCH);
	/* Agreement: no warning. */
	r = qemu_s1();
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_false(rep.warnings & SMMUV3_PROBE_WARN_COHACC_MISMATCH);

	/* HTTU: IDR0 says none; override to 2 gives HA and HD. */
	fw.flags = SMMUV3_FW_HTTU_OVERRIDE;
	fw.fw_httu = 2;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_true((c.features & (F(HA) | F(HD) | F(HAFT))) ==
		    (F(HA) | F(HD)));
	assert_true(rep.warnings & SMMUV3_PROBE_WARN_HTTU_MISMATCH);
	/* IDR0.HTTU = 3 (bits 7:6); override to 0 removes all of them. */
	r.idr[0] |= 0xc0u;
	fw.fw_httu = 0;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_false(c.features & (F(HA) | F(HD) | F(HAFT)));
	/* Without the override flag, fw_httu is ignored: HTTU 3 = all. */
	fw.flags = 0;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_true((c.features & (F(HA) | F(HD) | F(HAFT))) ==
		    (F(HA) | F(HD) | F(HAFT)));
	assert_false(rep.warnings & SMMUV3_PROBE_WARN_HTTU_MISMATCH);
	/* HTTU = 1: HA only. */
	r.idr[0] = (r.idr[0] & ~0xc0u) | 0x40u;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_true((c.features & (F(HA) | F(HD) | F(HAFT))) == F(HA));

	/* E2H needs IDR0.HYP (bit 9) and a VHE host. */
	r = qemu_s1();
	fw.flags = SMMUV3_FW_HOST_VHE;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_false(c.features & (F(HYP) | F(E2H)));
	/*
	 * IHI 0070 6.3.1: Hyp is RES0 unless S1P == S2P == 1; a stage-1-only
	 * part (QEMU stage=1) that sets it anyway gets neither HYP nor E2H.
	 */
	r.idr[0] |= 0x200u;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_false(c.features & (F(HYP) | F(E2H)));
	r.idr[0] |= 0x1u; /* S2P */
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_true((c.features & (F(HYP) | F(E2H))) == (F(HYP) | F(E2H)));
	fw.flags = 0;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_true((c.features & (F(HYP) | F(E2H))) == F(HYP));

	/* Stage-1 IAS: 48, clamped to a 39-bit CPU VA; VAX: 52 -> 48. */
	fw.host_va_bits = 39;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 39);
	assert_int_equal(c.s2_ias_bits, 44);
	r.idr[5] |= 0x400u; /* VAX = 1 */
	fw.host_va_bits = 48;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 48);
	fw.host_va_bits = 0;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 52);
	/*
	 * VAX = 2 (IHI 0070 6.3.6, SMMUv3.4): VAs of up to 56 bits, which
	 * includes 52; VMSAv8-64 tables stop at 52: FEAT_VAX, 52, no warning.
	 */
	r.idr[5] = (r.idr[5] & ~0xc00u) | 0x800u;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 52);
	assert_true(c.features & F(VAX));
	assert_int_equal(c.vax, 2);
	assert_false(rep.warnings & SMMUV3_PROBE_WARN_VAX);
	/* VAX = 3 is reserved: 48 bits, with a warning. */
	r.idr[5] |= 0xc00u;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 48);
	assert_false(c.features & F(VAX));
	assert_true(rep.warnings & SMMUV3_PROBE_WARN_VAX);
}

/*
 * IHI 0070 6.3.6: IDR5.OAS 0b111 is 56 bits from SMMUv3.4 (reserved in
 * v3.3 and earlier, see the "oas reserved" refusal with AIDR = v3.1). The
 * library builds VMSAv8-64 tables, whose output stops at 52 bits, so a
 * 56-bit part is driven as a 52-bit one (with a warning), not refused.
 */
static void test_oas_56(void **state)
{
	struct smmuv3_idregs r = qemu_s1();
	struct smmuv3_probe_report rep;
	struct smmuv3_caps c, before;

	(void)state;
	/* AIDR = 0x04: ArchMajorRev 0 (v3), ArchMinorRev 4: SMMUv3.4. */
	r.aidr = 0x04u;
	r.idr[5] = 0x40u | 0x7u; /* 64K granule, OAS 0b111 */
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_int_equal(c.oas_bits, 52);
	assert_int_equal(c.s1_oas_bits, 52);
	assert_int_equal(c.s2_ias_bits, 52);
	assert_int_equal(c.s2_oas_bits, 52);
	assert_true(rep.warnings & SMMUV3_PROBE_WARN_OAS_CLAMPED);
	/* 64K granule with a 52-bit OA: the 4 TB level-1 block. */
	assert_true(c.pgsize[SMMUV3_GRANULE_64K] ==
		    (SZ_64K | SZ_512M | SZ_4T));
	/* OAS 0b110 (52 bits) on the same part: no clamp, no warning. */
	r.idr[5] = 0x40u | 0x6u;
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_int_equal(c.oas_bits, 52);
	assert_false(rep.warnings & SMMUV3_PROBE_WARN_OAS_CLAMPED);
	/* SMMUv3.3 (AIDR 0x03): 0b111 is reserved, refused untouched. */
	r.aidr = 0x03u;
	r.idr[5] = 0x40u | 0x7u;
	memset(&c, 0x5a, sizeof(c));
	before = c;
	assert_int_equal(smmuv3_idr_resolve(&r, NULL, NULL, &c, &rep),
			 SMMUV3_ENXIO);
	assert_int_equal(rep.reason, SMMUV3_REFUSE_OAS);
	assert_int_equal(rep.detail, 7);
	assert_memory_equal(&c, &before, sizeof(c));
}

/*
 * Firmware flags are caller input: bits with no SMMUV3_FW_* meaning (bit 9
 * and up today) are refused, not silently kept in caps.fw_flags.
 */
static void test_fw_unknown_flags(void **state)
{
	struct smmuv3_idregs r = qemu_s1();
	struct smmuv3_fw_info fw = { 0, 0, 0 };
	struct smmuv3_probe_report rep;
	struct smmuv3_caps c, before;

	(void)state;
	/*
	 * Bits 0..8 are all defined: accepted (mixed-endian tables and
	 * IDR1.ATTR_PERMS_OVR, bit 26, so HOST_BE and the instdata override
	 * among them are fine).
	 */
	r.idr[0] &= ~0x600000u;
	r.idr[1] |= 1u << 26;
	fw.flags = 0x1ffu;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.fw_flags, 0x1ff);
	fw.flags = 1u << 9;
	memset(&c, 0x5a, sizeof(c));
	before = c;
	assert_int_equal(smmuv3_idr_resolve(&r, &fw, NULL, &c, &rep),
			 SMMUV3_EINVAL);
	assert_int_equal(rep.reason, SMMUV3_REFUSE_BAD_FW);
	assert_int_equal(rep.detail, 1u << 9);
	assert_memory_equal(&c, &before, sizeof(c));
	fw.flags = SMMUV3_FW_COHERENT | 0x80000000u;
	assert_int_equal(smmuv3_idr_resolve(&r, &fw, NULL, &c, &rep),
			 SMMUV3_EINVAL);
	assert_int_equal(rep.detail, 0x80000000u);
	assert_memory_equal(&c, &before, sizeof(c));
}

static void test_bad_inputs(void **state)
{
	struct smmuv3_idregs r = qemu_s1();
	struct smmuv3_fw_info fw = { 0, 0, 0 };
	struct smmuv3_probe_limits lim = { 0, 0, 0 };
	struct smmuv3_probe_report rep;
	struct smmuv3_caps c;

	(void)state;
	assert_int_equal(smmuv3_idr_resolve(NULL, NULL, NULL, &c, &rep),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_idr_resolve(&r, NULL, NULL, NULL, &rep),
			 SMMUV3_EINVAL);
	fw.fw_httu = 4;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), SMMUV3_EINVAL);
	assert_int_equal(rep.reason, SMMUV3_REFUSE_BAD_FW);
	assert_int_equal(rep.detail, 4);
	fw.fw_httu = 0;
	fw.host_va_bits = 24;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), SMMUV3_EINVAL);
	assert_int_equal(rep.reason, SMMUV3_REFUSE_BAD_FW);
	fw.host_va_bits = 53;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), SMMUV3_EINVAL);
	fw.host_va_bits = 25;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 25);
	fw.host_va_bits = 52;
	assert_int_equal(resolve_one(&r, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.s1_ias_bits, 48);

	/* Limits: cmdq cap must be 7..19, others 1..19 (0 = none). */
	lim.cmdq_max_shift = 6;
	assert_int_equal(resolve_one(&r, NULL, &lim, &c, &rep), SMMUV3_EINVAL);
	assert_int_equal(rep.reason, SMMUV3_REFUSE_BAD_LIMIT);
	assert_int_equal(rep.detail, 6);
	lim.cmdq_max_shift = 20;
	assert_int_equal(resolve_one(&r, NULL, &lim, &c, &rep), SMMUV3_EINVAL);
	lim.cmdq_max_shift = 0;
	lim.evtq_max_shift = 20;
	assert_int_equal(resolve_one(&r, NULL, &lim, &c, &rep), SMMUV3_EINVAL);
	lim.evtq_max_shift = 0;
	lim.priq_max_shift = 20;
	assert_int_equal(resolve_one(&r, NULL, &lim, &c, &rep), SMMUV3_EINVAL);
	assert_int_equal(rep.detail, 20);
}

static void test_limits(void **state)
{
	struct smmuv3_idregs r = mmu600(2, 0);
	struct smmuv3_probe_limits lim = { 7, 10, 8 };
	struct smmuv3_probe_report rep;
	struct smmuv3_caps c;

	(void)state;
	/* IDR1 queues are 19: capped to the caller's 7, 10, 8. */
	assert_int_equal(resolve_one(&r, NULL, &lim, &c, &rep), 0);
	assert_int_equal(c.cmdq_shift, 7);
	assert_int_equal(c.evtq_shift, 10);
	assert_int_equal(c.priq_shift, 8);
	assert_true(rep.warnings & SMMUV3_PROBE_WARN_QUEUE_CAPPED);
	/* A cap above the hardware size changes nothing. */
	lim.cmdq_max_shift = 19;
	lim.evtq_max_shift = 19;
	lim.priq_max_shift = 19;
	assert_int_equal(resolve_one(&r, NULL, &lim, &c, &rep), 0);
	assert_int_equal(c.cmdq_shift, 19);
	assert_false(rep.warnings & SMMUV3_PROBE_WARN_QUEUE_CAPPED);
	/* Hardware CMDQS 7 (128 entries) is the smallest accepted. */
	r.idr[1] = (r.idr[1] & ~(0x1fu << 21)) | (7u << 21);
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_int_equal(c.cmdq_shift, 7);
	/* CMDQS 31 > architectural 19: capped to 19. */
	r.idr[1] |= 0x1fu << 21;
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_int_equal(c.cmdq_shift, 19);
	/*
	 * IDR0.PRI (bit 16) is RES0 when IDR0.ATS (bit 10) is 0 (IHI 0070
	 * 6.3.1): PRI without ATS is ignored, and there is no PRI queue.
	 */
	r.idr[0] &= ~(1u << 10);
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_false(c.features & F(PRI));
	assert_int_equal(c.priq_shift, 0);
	r.idr[0] |= 1u << 10;
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_true(c.features & F(PRI));
	assert_int_equal(c.priq_shift, 19);
	/* Without IDR0.PRI (bit 16) there is no PRI queue. */
	r.idr[0] &= ~(1u << 16);
	assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
	assert_int_equal(c.priq_shift, 0);
}

static void test_strtab(void **state)
{
	/* {ST_LEVEL, SIDSIZE} -> {2lvl, L1 entries, LOG2SIZE, sid_bits, warn} */
	static const struct {
		uint32_t lvl, sid;
		bool two;
		uint32_t l1;
		uint8_t log2size, sid_bits;
		bool truncated;
	} cases[] = {
		{ 1, 0, false, 0, 0, 0, false },  /* one STE, linear */
		{ 1, 8, false, 0, 8, 8, false },  /* <= split: linear */
		{ 1, 9, true, 2, 9, 9, false },   /* 2^9 SIDs: 2 L2 tables */
		{ 1, 16, true, 256, 16, 16, false },
		/* 2^25 SIDs: L1 = 2^17, the cap exactly. */
		{ 1, 25, true, 131072, 25, 25, false },
		/* 2^26 SIDs would need 2^18 L1 entries: truncated to 25 bits. */
		{ 1, 26, true, 131072, 25, 25, true },
		{ 1, 32, true, 131072, 25, 25, true },
		{ 0, 16, false, 0, 16, 16, false },
		{ 0, 20, false, 0, 20, 20, false }, /* largest linear */
		/* ST_LEVEL 2 is reserved: linear, warned. */
		{ 2, 12, false, 0, 12, 12, false },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct smmuv3_idregs r = qemu_s1();
		struct smmuv3_probe_report rep;
		struct smmuv3_caps c;

		r.idr[0] = (r.idr[0] & ~(3u << 27)) | (cases[i].lvl << 27);
		r.idr[1] = (r.idr[1] & ~0x3fu) | cases[i].sid;
		assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
		assert_int_equal(c.strtab_2lvl, cases[i].two);
		assert_int_equal(!!(c.features & F(2LVL_STRTAB)), cases[i].two);
		assert_int_equal(c.strtab_l1_entries, cases[i].l1);
		assert_int_equal(c.strtab_log2size, cases[i].log2size);
		assert_int_equal(c.sid_bits, cases[i].sid_bits);
		assert_int_equal(!!(rep.warnings &
				    SMMUV3_PROBE_WARN_SID_TRUNCATED),
				 cases[i].truncated);
		assert_int_equal(!!(rep.warnings & SMMUV3_PROBE_WARN_ST_LEVEL),
				 cases[i].lvl == 2);
	}
}

static void test_oas_and_pgsize(void **state)
{
	/* IDR5.OAS 0..6 -> 32, 36, 40, 42, 44, 48, 52 (IHI 0070 6.3.6). */
	static const uint8_t bits[7] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 7; i++) {
		struct smmuv3_idregs r = qemu_s1();
		struct smmuv3_caps c;

		r.idr[5] = 0x40u | i; /* 64K granule only */
		assert_int_equal(resolve_one(&r, NULL, NULL, &c, NULL), 0);
		assert_int_equal(c.oas_bits, bits[i]);
		assert_int_equal(c.s2_ias_bits, bits[i]);
		assert_true(c.pgsize[SMMUV3_GRANULE_4K] == 0);
		assert_true(c.pgsize[SMMUV3_GRANULE_16K] == 0);
		/* The 4 TB level-1 block exists only with a 52-bit OA. */
		assert_true(c.pgsize[SMMUV3_GRANULE_64K] ==
			    (SZ_64K | SZ_512M | (i == 6 ? SZ_4T : 0)));
		assert_true(c.pgsize_bitmap == c.pgsize[SMMUV3_GRANULE_64K]);
	}
}

static void test_stall_model(void **state)
{
	static const struct {
		uint32_t model;
		uint64_t feats;
		bool warn;
	} cases[] = {
		{ 0, F(STALLS), false },
		{ 1, 0, false },
		{ 2, F(STALLS) | F(STALL_FORCE), false },
		{ 3, 0, true },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct smmuv3_idregs r = qemu_s1();
		struct smmuv3_probe_report rep;
		struct smmuv3_caps c;

		r.idr[0] = (r.idr[0] & ~(3u << 24)) | (cases[i].model << 24);
		assert_int_equal(resolve_one(&r, NULL, NULL, &c, &rep), 0);
		assert_true((c.features & (F(STALLS) | F(STALL_FORCE))) ==
			    cases[i].feats);
		assert_int_equal(c.stall_model, cases[i].model);
		assert_int_equal(!!(rep.warnings &
				    SMMUV3_PROBE_WARN_STALL_MODEL),
				 cases[i].warn);
	}
}

static void test_probe_reads_registers(void **state)
{
	static uint32_t mmio[0x20 / 4];
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_idregs r;
	struct smmuv3_caps c;
	struct smmuv3_probe_report rep;
	struct smmuv3_fw_info fw = { SMMUV3_FW_COHERENT, 0, 0 };

	(void)state;
	memset(mmio, 0, sizeof(mmio));
	/* IDR0..5 at 0x0..0x14, IIDR 0x18, AIDR 0x1c (IHI 0070 6.3). */
	mmio[0] = MMU600_IDR0;
	mmio[1] = MMU600_IDR1;
	mmio[2] = 0x12u;
	mmio[3] = MMU600_IDR3;
	mmio[4] = 0x34u;
	mmio[5] = MMU600_IDR5;
	mmio[6] = IIDR(0x483, 0, 0);
	mmio[7] = 0x1u;
	assert_int_equal(smmuv3_hosted_init(&h, mmio, &osal), 0);
	assert_int_equal(smmuv3_idr_read(&osal, &r), 0);
	assert_int_equal(r.idr[2], 0x12);
	assert_int_equal(r.idr[4], 0x34);
	assert_int_equal(r.iidr, IIDR(0x483, 0, 0));
	assert_int_equal(r.aidr, 1);
	assert_int_equal(smmuv3_idr_probe(&osal, &fw, NULL, &c, &rep), 0);
	assert_int_equal(c.regs.idr[0], MMU600_IDR0);
	assert_true(c.features == (MMU600_FEATS & ~F(SEV) & ~F(NESTING)));
	assert_int_equal(smmuv3_idr_read(NULL, &r), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_idr_read(&osal, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_idr_probe(NULL, &fw, NULL, &c, &rep),
			 SMMUV3_EINVAL);
	/* A refused part through probe. */
	mmio[0] &= ~3u;
	assert_int_equal(smmuv3_idr_probe(&osal, &fw, NULL, &c, &rep),
			 SMMUV3_ENXIO);
	assert_int_equal(rep.reason, SMMUV3_REFUSE_NO_TRANSLATION);
	smmuv3_hosted_fini(&h);
	assert_string_equal(smmuv3_idr_refusal_name(SMMUV3_REFUSE_COUNT),
			    "unknown");
	/* Every reason has its own text. */
	{
		int a, b;

		for (a = 0; a < SMMUV3_REFUSE_COUNT; a++)
			for (b = 0; b < a; b++)
				assert_string_not_equal(
					smmuv3_idr_refusal_name(a),
					smmuv3_idr_refusal_name(b));
	}
}

static uint64_t rng = 0x1234567887654321ull;

static uint32_t rnd32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/*
 * Property: for random register values (biased towards valid parts) and
 * firmware flags, resolution either refuses with a reason and leaves the
 * caps untouched, or returns caps that satisfy the architectural and
 * documented invariants below.
 */
static void test_random_properties(void **state)
{
	unsigned int it, ok = 0, i;

	(void)state;
	for (it = 0; it < 200000; it++) {
		struct smmuv3_idregs r = mmu600(rnd32() & 3, rnd32() & 15);
		struct smmuv3_fw_info fw = { rnd32() & 0x1ff, 0, 0 };
		struct smmuv3_probe_report rep;
		struct smmuv3_caps c, before;
		uint32_t opts = 0;
		int ret;

		/* Randomise a few fields, or whole registers now and then. */
		for (i = 0; i < 6; i++) {
			if ((rnd32() & 7) == 0)
				r.idr[i] = rnd32();
			else
				r.idr[i] ^= rnd32() & rnd32() & rnd32();
		}
		if (rnd32() & 1)
			r.iidr = (r.iidr & 0xfffu) |
				 ((0x480u + (rnd32() & 0x1f)) << 20) |
				 (rnd32() & 0xff000u);
		fw.fw_httu = (uint8_t)(rnd32() & 3);
		memset(&c, 0x77, sizeof(c));
		before = c;
		ret = smmuv3_idr_resolve(&r, &fw, NULL, &c, &rep);
		if (ret) {
			assert_int_equal(ret, SMMUV3_ENXIO);
			assert_int_not_equal(rep.reason, SMMUV3_REFUSE_NONE);
			assert_memory_equal(&c, &before, sizeof(c));
			continue;
		}
		ok++;
		assert_true(c.features & (F(TRANS_S1) | F(TRANS_S2)));
		assert_true(c.ttf & 2);
		if (c.features & F(NESTING))
			assert_true((c.features & F(TRANS_S1)) &&
				    (c.features & F(TRANS_S2)));
		if (c.features & F(E2H))
			assert_true(c.features & F(HYP));
		/* IHI 0070 6.3.1: HYP RES0 without both stages, PRI
		 * RES0 without ATS.
		 */
		if (c.features & F(HYP))
			assert_true((c.features & F(TRANS_S1)) &&
				    (c.features & F(TRANS_S2)));
		if (c.features & F(PRI))
			assert_true(c.features & F(ATS));
		if (c.features & F(HD))
			assert_true(c.features & F(HA));
		assert_int_equal(!!(c.features & F(COHERENCY)),
				 !!(fw.flags & SMMUV3_FW_COHERENT));
		assert_true(c.cmdq_shift > 6 && c.cmdq_shift <= 19);
		assert_true(c.evtq_shift <= 19 && c.priq_shift <= 19);
		if (!(c.features & F(PRI)))
			assert_int_equal(c.priq_shift, 0);
		assert_true(c.ssid_bits <= 20);
		assert_true(c.sid_bits <= 32);
		if (c.strtab_2lvl) {
			assert_true(c.features & F(2LVL_STRTAB));
			assert_int_equal(c.strtab_split, 8);
			assert_true(c.strtab_log2size > 8 &&
				    c.strtab_log2size <= 25);
			assert_int_equal(c.strtab_l1_entries,
					 1u << (c.strtab_log2size - 8));
		} else {
			assert_false(c.features & F(2LVL_STRTAB));
			assert_true(c.sid_bits <= 20);
		}
		assert_int_equal(c.strtab_log2size, c.sid_bits);
		assert_true(c.s1_ias_bits == 48 || c.s1_ias_bits == 52);
		assert_true(c.s2_ias_bits == c.oas_bits);
		assert_true(c.pgsize_bitmap ==
			    (c.pgsize[0] | c.pgsize[1] | c.pgsize[2]));
		assert_true(c.pgsize_bitmap != 0);
		if (c.pgsize_bitmap & SZ_4T)
			assert_int_equal(c.oas_bits, 52);
		/* Options come only from applied rows, and rows are honest. */
		for (i = 0; i < smmuv3_errata_count(); i++) {
			const struct smmuv3_erratum *row = smmuv3_errata_row(i);
			bool applied = (c.errata >> i) & 1u;

			assert_int_equal(smmuv3_errata_matches(row, r.iidr,
							       fw.flags,
							       c.features),
					 applied);
			if (applied) {
				opts |= row->opt_set;
				assert_true((c.features & row->feat_clear) == 0);
			}
		}
		assert_int_equal(c.options, opts);
		if (c.options & SMMUV3_OPT_OVR_INSTCFG_DATA)
			assert_true(c.features & F(ATTR_PERMS_OVR));
	}
	print_message("%u of 200000 resolved\n", ok);
	/* The bias keeps a fair share of successful resolutions. */
	assert_true(ok > 20000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_parts),
		cmocka_unit_test(test_mmu600_details),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_ttendian_ok),
		cmocka_unit_test(test_fw_overrides),
		cmocka_unit_test(test_oas_56),
		cmocka_unit_test(test_fw_unknown_flags),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_strtab),
		cmocka_unit_test(test_oas_and_pgsize),
		cmocka_unit_test(test_stall_model),
		cmocka_unit_test(test_probe_reads_registers),
		cmocka_unit_test(test_random_properties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
