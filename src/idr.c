// SPDX-License-Identifier: BSD-2-Clause
/*
 * Probing: read the ID registers (IHI 0070 6.3.1-6.3.8) and resolve them,
 * with the firmware's hints, the caller's limits and the errata table, into
 * one struct smmuv3_caps. Resolution is a pure function of its inputs so it
 * can be tested (and run by host tools) without a device. Anything the
 * library cannot drive is refused with a reason, never silently degraded.
 */
#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/regs.h>

#include "internal.h"

#define SZ_4K (1ull << 12)
#define SZ_16K (1ull << 14)
#define SZ_64K (1ull << 16)
#define SZ_2M (1ull << 21)
#define SZ_32M (1ull << 25)
#define SZ_512M (1ull << 29)
#define SZ_1G (1ull << 30)
#define SZ_4T (1ull << 42)

/* IHI 0070 6.3.1: IDR0.HTTU 0b11 (HA, HD and HAFT) is the largest value. */
#define HTTU_MAX 3u
/* Stage-1 VA bits the CPU may use: T0SZ 39..12 in VMSAv8-64 (25..52). */
#define HOST_VA_MIN 25u
#define HOST_VA_MAX 52u
/* IHI 0070 6.3.2: SIDSIZE <= 32, SSIDSIZE <= 20. */
#define SIDSIZE_MAX 32u
#define SSIDSIZE_MAX 20u

int smmuv3_idr_read(const struct smmuv3_osal *osal, struct smmuv3_idregs *regs)
{
	uint32_t v[8];
	unsigned int i;

	if (!osal || !osal->ops || !osal->ops->read32 || !regs)
		return SMMUV3_EINVAL;
	/* IDR0..IDR5, IIDR, AIDR: consecutive words. */
	for (i = 0; i < 8; i++)
		v[i] = osal->ops->read32(osal->ctx, SMMUV3_IDR0 + 4u * i);
	memcpy(regs, v, sizeof(*regs));
	return 0;
}

_Static_assert(SMMUV3_IDR5 == SMMUV3_IDR0 + 20u &&
		       SMMUV3_IIDR == SMMUV3_IDR0 + 24u &&
		       SMMUV3_AIDR == SMMUV3_IDR0 + 28u,
	       "IHI 0070 6.3: IDR0..IDR5, IIDR, AIDR are consecutive");
/* Members in declaration order and no padding: the registers in order. */
_Static_assert(sizeof(struct smmuv3_idregs) == 8u * sizeof(uint32_t),
	       "struct smmuv3_idregs is IDR0..IDR5, IIDR, AIDR");

static int refuse(struct smmuv3_probe_report *rep, int err,
		  enum smmuv3_refusal why, uint32_t detail)
{
	rep->reason = why;
	rep->detail = detail;
	return err;
}

/*
 * IHI 0070 6.3.6: IDR5.OAS -> output address bits; 0 for reserved. 0b111
 * is 56 bits from SMMUv3.4 (reserved before): VMSAv8-64 descriptors, the
 * only format built here, output at most 52 bits, so such a part is driven
 * as a 52-bit one and the caller is warned.
 */
static uint8_t oas_bits(uint32_t oas, const struct smmuv3_caps *c,
			uint32_t *warn)
{
	static const uint8_t bits[8] = {32, 36, 40, 42, 44, 48, 52, 52};

	if (oas == 7u) {
		if (c->arch_major != 3u || c->arch_minor < 4u)
			return 0;
		*warn |= SMMUV3_PROBE_WARN_OAS_CLAMPED;
	}
	return bits[oas & 7u];
}

/*
 * Clamp an IDR1 queue size to the architectural maximum and the caller's
 * cap (0 = none).
 */
static uint8_t cap_queue(uint32_t field, uint8_t cap, uint32_t *warn)
{
	uint32_t max = cap ? cap : SMMUV3_PROBE_MAX_QUEUE_SHIFT;

	if (field > max) {
		*warn |= SMMUV3_PROBE_WARN_QUEUE_CAPPED;
		return (uint8_t)max;
	}
	return (uint8_t)field;
}

/* Bit number of a one-bit 32- or 64-bit mask, as a constant expression. */
#define BITNUM(m)                                   \
	((((m)&0xaaaaaaaaaaaaaaaaull) ? 1u : 0u) |  \
	 (((m)&0xccccccccccccccccull) ? 2u : 0u) |  \
	 (((m)&0xf0f0f0f0f0f0f0f0ull) ? 4u : 0u) |  \
	 (((m)&0xff00ff00ff00ff00ull) ? 8u : 0u) |  \
	 (((m)&0xffff0000ffff0000ull) ? 16u : 0u) | \
	 (((m)&0xffffffff00000000ull) ? 32u : 0u))
/* IDR<reg>.<idbit> is SMMUV3_FEAT_<feat>: [13:11] reg, [10:6] bit, [5:0] feat.
 */
#define ID_FEAT(reg, idbit, feat)                                         \
	(uint16_t)((reg) << 11 | BITNUM(SMMUV3_IDR##reg##_##idbit) << 6 | \
		   BITNUM(SMMUV3_FEAT_##feat))

/*
 * The ID register bits that are a feature as they stand (IHI 0070 6.3.1
 * IDR0, 6.3.2 IDR1, 6.3.4 IDR3, 6.3.6 IDR5). PRI and HYP are corrected
 * afterwards (they are RES0 in some configurations).
 */
static const uint16_t id_feat[] = {
	ID_FEAT(0, S1P, TRANS_S1),
	ID_FEAT(0, S2P, TRANS_S2),
	ID_FEAT(0, CD2L, 2LVL_CDTAB),
	ID_FEAT(0, ATS, ATS),
	ID_FEAT(0, PRI, PRI),
	ID_FEAT(0, SEV, SEV),
	ID_FEAT(0, MSI, MSI),
	ID_FEAT(0, BTM, BTM),
	ID_FEAT(0, TERM_MODEL, TERM_MODEL),
	ID_FEAT(0, ASID16, ASID16),
	ID_FEAT(0, VMID16, VMID16),
	ID_FEAT(0, HYP, HYP),
	ID_FEAT(1, ATTR_TYPES_OVR, ATTR_TYPES_OVR),
	ID_FEAT(1, ATTR_PERMS_OVR, ATTR_PERMS_OVR),
	ID_FEAT(1, ECMDQ, ECMDQ),
	ID_FEAT(3, RIL, RANGE_INV),
	ID_FEAT(3, FWB, S2FWB),
	ID_FEAT(3, XNX, XNX),
	ID_FEAT(5, DS, DS),
	ID_FEAT(5, GRAN4K, GRAN4K),
	ID_FEAT(5, GRAN16K, GRAN16K),
	ID_FEAT(5, GRAN64K, GRAN64K),
};

_Static_assert(SMMUV3_IDR1_EVTQS << 5 == SMMUV3_IDR1_CMDQS &&
		       SMMUV3_IDR1_PRIQS << 10 == SMMUV3_IDR1_CMDQS,
	       "IHI 0070 6.3.2: CMDQS, EVTQS, PRIQS are adjacent 5-bit fields");

/*
 * Features per value of IDR0.HTTU (6.3.1: 1 HA, 2 HA+HD, 3 HA+HD+HAFT), as
 * bits from SMMUV3_FEAT_HA; of IDR0.STALL_MODEL (0 stall and terminate, 1
 * terminate only, 2 stall forced, 3 reserved: no stall), as bits from
 * SMMUV3_FEAT_STALLS; of IDR0.TTENDIAN (0 mixed, 1 reserved, 2 little-endian
 * only, 3 big-endian only), before the host's byte order is matched.
 */
#define FEAT_HA_BIT 21u
#define FEAT_STALLS_BIT 11u
_Static_assert(SMMUV3_FEAT_HA >> FEAT_HA_BIT == 1u &&
		       SMMUV3_FEAT_HD == 2ull << FEAT_HA_BIT &&
		       SMMUV3_FEAT_HAFT == 16ull << FEAT_HA_BIT &&
		       SMMUV3_FEAT_STALLS >> FEAT_STALLS_BIT == 1u &&
		       SMMUV3_FEAT_STALL_FORCE == 4ull << FEAT_STALLS_BIT,
	       "httu_feat[] and stall_feat[] shift by the first feature");
static const uint8_t httu_feat[4] = {0, 1, 3, 0x13};
static const uint8_t stall_feat[4] = {1, 0, 5, 0};
static const uint8_t endian_feat[4] = {
	SMMUV3_FEAT_TT_LE | SMMUV3_FEAT_TT_BE, 0, SMMUV3_FEAT_TT_LE,
	SMMUV3_FEAT_TT_BE};
_Static_assert(SMMUV3_IDR0_TTENDIAN_MIXED == 0 &&
		       SMMUV3_IDR0_TTENDIAN_LE == 2 &&
		       SMMUV3_IDR0_TTENDIAN_BE == 3 && SMMUV3_FEAT_TT_BE < 256u,
	       "endian_feat[] indexes by IDR0.TTENDIAN");
_Static_assert(SMMUV3_IDR0_STALL_MODEL_STALL == 0 &&
		       SMMUV3_IDR0_STALL_MODEL_NONE == 1 &&
		       SMMUV3_IDR0_STALL_MODEL_FORCE == 2,
	       "stall_feat[] indexes by IDR0.STALL_MODEL");

/* Feature bits straight from the ID registers and firmware (no errata). */
static int resolve_features(const struct smmuv3_idregs *regs, uint32_t fwf,
			    uint8_t fw_httu, struct smmuv3_caps *c,
			    struct smmuv3_probe_report *rep)
{
	const uint32_t idr0 = regs->idr[0], idr1 = regs->idr[1];
	const uint32_t idr3 = regs->idr[3], idr5 = regs->idr[5];
	const uint64_t s12 = SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2;
	uint64_t f = 0;
	unsigned int i;
	uint32_t v, endi;

	for (i = 0; i < SMMUV3_ARRAY_SIZE(id_feat); i++) {
		unsigned int e = id_feat[i];

		if ((regs->idr[e >> 11] >> ((e >> 6) & 31u)) & 1u)
			f |= SMMUV3_BIT64(e & 63u);
	}
	/* 6.3.1: PRI is RES0 when ATS is 0; a stray bit is ignored. */
	if (!(f & SMMUV3_FEAT_ATS))
		f &= ~SMMUV3_FEAT_PRI;
	/* 6.3.1: Hyp is RES0 unless both stages are implemented. */
	if ((f & s12) != s12)
		f &= ~SMMUV3_FEAT_HYP;
	/* E2H translation regime only if the host runs VHE. */
	if ((f & SMMUV3_FEAT_HYP) && (fwf & SMMUV3_FW_HOST_VHE))
		f |= SMMUV3_FEAT_E2H;
	/* Nesting needs both stages; errata may clear it afterwards. */
	if ((f & s12) == s12)
		f |= SMMUV3_FEAT_NESTING;

	/* 6.3.1 S1P/S2P: at least one stage must translate. */
	if (!(f & s12))
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_NO_TRANSLATION,
			      idr0 & 3u);

	/* 6.3.1 TTF: bit 1 of the field = AArch64 tables (0b10, 0b11). */
	c->ttf = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_IDR0_TTF, idr0);
	if (!(c->ttf & SMMUV3_IDR0_TTF_AARCH64))
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_NO_AARCH64_TTF,
			      c->ttf);

	/* 6.3.1 TTENDIAN: 0 mixed, 1 reserved, 2 LE only, 3 BE only. */
	v = SMMUV3_FIELD_GET(SMMUV3_IDR0_TTENDIAN, idr0);
	endi = endian_feat[v];
	if (v != SMMUV3_IDR0_TTENDIAN_MIXED)
		endi &= (fwf & SMMUV3_FW_HOST_BE) ? SMMUV3_FEAT_TT_BE
						  : SMMUV3_FEAT_TT_LE;
	if (!endi)
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_TTENDIAN, v);
	f |= endi;

	/* 6.3.2: tables or queues fixed by the implementation. */
	if (idr1 & (SMMUV3_IDR1_TABLES_PRESET | SMMUV3_IDR1_QUEUES_PRESET |
		    SMMUV3_IDR1_REL))
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_PRESET,
			      idr1 & (SMMUV3_IDR1_TABLES_PRESET |
				      SMMUV3_IDR1_QUEUES_PRESET |
				      SMMUV3_IDR1_REL));

	/* Firmware is authoritative for coherency; a mismatch only warns. */
	if (fwf & SMMUV3_FW_COHERENT)
		f |= SMMUV3_FEAT_COHERENCY;
	if (!(fwf & SMMUV3_FW_COHERENT) != !(idr0 & SMMUV3_IDR0_COHACC))
		rep->warnings |= SMMUV3_PROBE_WARN_COHACC_MISMATCH;

	/* 6.3.1 HTTU: 1 HA, 2 HA+HD, 3 HA+HD+HAFT; firmware may override. */
	v = SMMUV3_FIELD_GET(SMMUV3_IDR0_HTTU, idr0);
	if (fwf & SMMUV3_FW_HTTU_OVERRIDE) {
		if (fw_httu != v)
			rep->warnings |= SMMUV3_PROBE_WARN_HTTU_MISMATCH;
		v = fw_httu;
	}
	c->httu = (uint8_t)v;
	f |= (uint64_t)httu_feat[v] << FEAT_HA_BIT;

	/* 6.3.1 STALL_MODEL: 0 stall+terminate, 1 terminate, 2 stall forced. */
	v = SMMUV3_FIELD_GET(SMMUV3_IDR0_STALL_MODEL, idr0);
	c->stall_model = (uint8_t)v;
	f |= (uint64_t)stall_feat[v] << FEAT_STALLS_BIT;
	if (v == 3u)
		rep->warnings |= SMMUV3_PROBE_WARN_STALL_MODEL;

	/* 6.3.4 IDR3.BBML. */
	c->bbml = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_IDR3_BBML, idr3);
	if (c->bbml == 2u)
		f |= SMMUV3_FEAT_BBML2;

	/* 6.3.6 IDR5. */
	if (!(f &
	      (SMMUV3_FEAT_GRAN4K | SMMUV3_FEAT_GRAN16K | SMMUV3_FEAT_GRAN64K)))
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_NO_GRANULE,
			      idr5 & 0x70u);
	/*
	 * VAX: 0 48-bit, 1 52-bit, 2 (SMMUv3.4) 56-bit stage-1 VA, which
	 * includes 52: VMSAv8-64 tables stop at 52, so 1 and 2 both give
	 * FEAT_VAX. 3 is reserved (treated as 48, warned).
	 */
	c->vax = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_IDR5_VAX, idr5);
	if (c->vax == 1u || c->vax == 2u)
		f |= SMMUV3_FEAT_VAX;
	else if (c->vax != 0u)
		rep->warnings |= SMMUV3_PROBE_WARN_VAX;

	c->features = f;
	return 0;
}

/* Sizes: address widths, queues, page sizes (IHI 0070 6.3.2, 6.3.6). */
static int resolve_sizes(const struct smmuv3_idregs *regs, uint8_t host_va,
			 const struct smmuv3_probe_limits *lim,
			 struct smmuv3_caps *c, struct smmuv3_probe_report *rep)
{
	const uint32_t idr1 = regs->idr[1], idr5 = regs->idr[5];
	const uint8_t qcap[3] = {lim->cmdq_max_shift, lim->evtq_max_shift,
				 lim->priq_max_shift};
	uint8_t s1_ias, q[3];
	unsigned int i;
	uint32_t v;

	v = SMMUV3_FIELD_GET(SMMUV3_IDR5_OAS, idr5);
	c->oas_bits = oas_bits(v, c, &rep->warnings);
	if (!c->oas_bits)
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_OAS, v);

	/*
	 * Stage 1 input: 48 bits, 52 with VAX, never more than the CPU's VA
	 * (the tables are shared with, or built like, the CPU's); output: OAS.
	 * Stage 2 input (IPA) and output: OAS. The page-table module further
	 * limits 52-bit sizes to what the granule supports.
	 */
	s1_ias = (c->features & SMMUV3_FEAT_VAX) ? 52u : 48u;
	if (host_va && host_va < s1_ias)
		s1_ias = host_va;
	c->s1_ias_bits = s1_ias;
	c->s1_oas_bits = c->oas_bits;
	c->s2_ias_bits = c->oas_bits;
	c->s2_oas_bits = c->oas_bits;

	c->asid_bits = (c->features & SMMUV3_FEAT_ASID16) ? 16u : 8u;
	c->vmid_bits = (c->features & SMMUV3_FEAT_VMID16) ? 16u : 8u;

	v = SMMUV3_FIELD_GET(SMMUV3_IDR1_SSIDSIZE, idr1);
	if (v > SSIDSIZE_MAX)
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_RESERVED, v);
	c->ssid_bits = (uint8_t)v;

	/*
	 * Queues, log2 entries from IDR1.CMDQS, EVTQS, PRIQS (5-bit fields
	 * 5 bits apart), each capped: the command queue must hold a batch of
	 * 64 + a CMD_SYNC; no PRI queue without PRI (IDR1.PRIQS is then RES0
	 * or meaningless).
	 */
	for (i = 0; i < 3; i++) {
		v = SMMUV3_FIELD_GET(SMMUV3_IDR1_CMDQS, idr1 << (5u * i));
		if (i == 2 && !(c->features & SMMUV3_FEAT_PRI))
			v = 0;
		q[i] = cap_queue(v, qcap[i], &rep->warnings);
		if (i == 0 && q[0] <= SMMUV3_CMDQ_BATCH_MIN_SHIFT)
			return refuse(rep, SMMUV3_ENXIO,
				      SMMUV3_REFUSE_CMDQ_TOO_SMALL, q[0]);
	}
	c->cmdq_shift = q[0];
	c->evtq_shift = q[1];
	c->priq_shift = q[2];

	c->stall_max = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_IDR5_STALL_MAX, idr5);

	/*
	 * VMSAv8-64 block sizes per granule; 4 TB needs 64K and 52-bit OA.
	 * resolve() cleared c: an absent granule keeps 0.
	 */
	if (c->features & SMMUV3_FEAT_GRAN4K)
		c->pgsize[SMMUV3_GRANULE_4K] = SZ_4K | SZ_2M | SZ_1G;
	if (c->features & SMMUV3_FEAT_GRAN16K)
		c->pgsize[SMMUV3_GRANULE_16K] = SZ_16K | SZ_32M;
	if (c->features & SMMUV3_FEAT_GRAN64K)
		c->pgsize[SMMUV3_GRANULE_64K] =
			SZ_64K | SZ_512M | (c->oas_bits == 52u ? SZ_4T : 0);
	c->pgsize_bitmap = c->pgsize[SMMUV3_GRANULE_4K] |
			   c->pgsize[SMMUV3_GRANULE_16K] |
			   c->pgsize[SMMUV3_GRANULE_64K];
	return 0;
}

/* Stream table layout (IHI 0070 3.4.3, 6.3.24 STRTAB_BASE_CFG). */
static int resolve_strtab(const struct smmuv3_idregs *regs,
			  struct smmuv3_caps *c,
			  struct smmuv3_probe_report *rep)
{
	uint32_t sid = SMMUV3_FIELD_GET(SMMUV3_IDR1_SIDSIZE, regs->idr[1]);
	uint32_t lvl = SMMUV3_FIELD_GET(SMMUV3_IDR0_ST_LEVEL, regs->idr[0]);

	if (sid > SIDSIZE_MAX)
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_SIDSIZE, sid);
	if (lvl > SMMUV3_IDR0_ST_LEVEL_2LVL)
		rep->warnings |= SMMUV3_PROBE_WARN_ST_LEVEL;

	/* resolve() cleared c: a linear table sets only the sizes. */
	if (lvl == SMMUV3_IDR0_ST_LEVEL_2LVL && sid > SMMUV3_STRTAB_SPLIT) {
		/*
		 * L1 entries = ((2^sid - 1) >> split) + 1 = 2^(sid - split),
		 * capped at 2^17 (a 1 MiB L1 table). Beyond that the SID space
		 * is truncated: sid_bits reports what the table covers, and
		 * the SMMU answers higher SIDs with C_BAD_STREAMID.
		 */
		if (sid > SMMUV3_STRTAB_SPLIT + SMMUV3_STRTAB_L1_MAX_SHIFT) {
			sid = SMMUV3_STRTAB_SPLIT + SMMUV3_STRTAB_L1_MAX_SHIFT;
			rep->warnings |= SMMUV3_PROBE_WARN_SID_TRUNCATED;
		}
		c->features |= SMMUV3_FEAT_2LVL_STRTAB;
		c->strtab_2lvl = true;
		c->strtab_split = SMMUV3_STRTAB_SPLIT;
		c->strtab_l1_entries = (uint32_t)1u
				       << (sid - SMMUV3_STRTAB_SPLIT);
	} else if (sid > SMMUV3_STRTAB_LINEAR_MAX_SID_BITS) {
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_SIDSIZE, sid);
	}
	c->strtab_log2size = (uint8_t)sid;
	c->sid_bits = (uint8_t)sid;
	return 0;
}

static bool limit_ok(uint8_t v, uint8_t min)
{
	return v == 0 || (v >= min && v <= SMMUV3_PROBE_MAX_QUEUE_SHIFT);
}

static int resolve(const struct smmuv3_idregs *regs,
		   const struct smmuv3_fw_info *fw,
		   const struct smmuv3_probe_limits *limits,
		   struct smmuv3_caps *caps, struct smmuv3_probe_report *rep)
{
	static const struct smmuv3_fw_info no_fw = {0, 0, 0};
	static const struct smmuv3_probe_limits no_limits = {0, 0, 0};
	struct smmuv3_caps c;
	int ret;

	if (!regs || !caps)
		return SMMUV3_EINVAL;
	if (!fw)
		fw = &no_fw;
	if (!limits)
		limits = &no_limits;

	if (!limit_ok(limits->cmdq_max_shift, SMMUV3_CMDQ_BATCH_MIN_SHIFT + 1u))
		return refuse(rep, SMMUV3_EINVAL, SMMUV3_REFUSE_BAD_LIMIT,
			      limits->cmdq_max_shift);
	if (!limit_ok(limits->evtq_max_shift, 1u))
		return refuse(rep, SMMUV3_EINVAL, SMMUV3_REFUSE_BAD_LIMIT,
			      limits->evtq_max_shift);
	if (!limit_ok(limits->priq_max_shift, 1u))
		return refuse(rep, SMMUV3_EINVAL, SMMUV3_REFUSE_BAD_LIMIT,
			      limits->priq_max_shift);
	if (fw->flags & ~SMMUV3_FW_ALL)
		return refuse(rep, SMMUV3_EINVAL, SMMUV3_REFUSE_BAD_FW,
			      fw->flags & ~SMMUV3_FW_ALL);
	if (fw->fw_httu > HTTU_MAX)
		return refuse(rep, SMMUV3_EINVAL, SMMUV3_REFUSE_BAD_FW,
			      fw->fw_httu);
	if (fw->host_va_bits &&
	    (fw->host_va_bits < HOST_VA_MIN || fw->host_va_bits > HOST_VA_MAX))
		return refuse(rep, SMMUV3_EINVAL, SMMUV3_REFUSE_BAD_FW,
			      fw->host_va_bits);

	memset(&c, 0, sizeof(c));
	c.regs = *regs;
	c.fw_flags = fw->flags;
	c.iidr_implementer =
		(uint16_t)SMMUV3_FIELD_GET(SMMUV3_IIDR_IMPLEMENTER, regs->iidr);
	c.iidr_product =
		(uint16_t)SMMUV3_FIELD_GET(SMMUV3_IIDR_PRODUCTID, regs->iidr);
	c.iidr_variant =
		(uint8_t)SMMUV3_FIELD_GET(SMMUV3_IIDR_VARIANT, regs->iidr);
	c.iidr_revision =
		(uint8_t)SMMUV3_FIELD_GET(SMMUV3_IIDR_REVISION, regs->iidr);
	/* 6.3.8 AIDR: ArchMajorRev 0 = SMMUv3, ArchMinorRev = v3.<minor>. */
	c.arch_major =
		(uint8_t)(3u + SMMUV3_FIELD_GET(SMMUV3_AIDR_MAJOR, regs->aidr));
	c.arch_minor = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_AIDR_MINOR, regs->aidr);

	ret = resolve_features(regs, fw->flags, fw->fw_httu, &c, rep);
	if (ret)
		return ret;
	ret = resolve_sizes(regs, fw->host_va_bits, limits, &c, rep);
	if (ret)
		return ret;
	ret = resolve_strtab(regs, &c, rep);
	if (ret)
		return ret;

	/* Errata and quirks: one table (errata.c), applied once, here. */
	ret = smmuv3_errata_apply(regs->iidr, fw->flags, &c.features,
				  &c.options, &c.errata);
	if (ret)
		return ret;

	/* Checks on options the errata/quirk rows set. */
	if ((c.options & SMMUV3_OPT_OVR_INSTCFG_DATA) &&
	    !(c.features & SMMUV3_FEAT_ATTR_PERMS_OVR))
		return refuse(rep, SMMUV3_ENXIO, SMMUV3_REFUSE_INSTDATA_OVR,
			      regs->idr[1]);

	*caps = c;
	return 0;
}

int smmuv3_idr_resolve(const struct smmuv3_idregs *regs,
		       const struct smmuv3_fw_info *fw,
		       const struct smmuv3_probe_limits *limits,
		       struct smmuv3_caps *caps,
		       struct smmuv3_probe_report *rep)
{
	struct smmuv3_probe_report r = {SMMUV3_REFUSE_NONE, 0, 0};
	int ret = resolve(regs, fw, limits, caps, &r);

	if (rep)
		*rep = r;
	return ret;
}

int smmuv3_idr_probe(const struct smmuv3_osal *osal,
		     const struct smmuv3_fw_info *fw,
		     const struct smmuv3_probe_limits *limits,
		     struct smmuv3_caps *caps, struct smmuv3_probe_report *rep)
{
	struct smmuv3_idregs regs;
	int ret;

	if (rep) {
		rep->reason = SMMUV3_REFUSE_NONE;
		rep->detail = 0;
		rep->warnings = 0;
	}
	ret = smmuv3_idr_read(osal, &regs);
	if (ret)
		return ret;
	return smmuv3_idr_resolve(&regs, fw, limits, caps, rep);
}

/* One name per enum smmuv3_refusal value, in order, then "unknown". */
static const char refusal_names[] = "none\0"
				    "no stage 1 or stage 2\0"
				    "no AArch64 table format\0"
				    "table endianness unusable\0"
				    "preset tables/queues or REL\0"
				    "command queue too small\0"
				    "instdata override without ATTR_PERMS_OVR\0"
				    "no translation granule\0"
				    "reserved output address size\0"
				    "caller limit out of range\0"
				    "stream ID space unsupported\0"
				    "reserved ID field value\0"
				    "firmware info out of range\0"
				    "unknown";

const char *smmuv3_idr_refusal_name(enum smmuv3_refusal reason)
{
	unsigned int i = (unsigned int)reason;

	return smmuv3_str_nth(refusal_names, i < SMMUV3_REFUSE_COUNT
						     ? i
						     : SMMUV3_REFUSE_COUNT);
}
