/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The model's translation engine (walk.h): stream-table and CD-table
 * lookups, STE/CD decoding with the architected ILLEGAL-structure checks,
 * and VMSAv8-64 page-table walks for stage 1, stage 2 and nested
 * translation. Written from IHI 0070 (chapters 3, 5, 7 and 13) and the Arm
 * ARM (VMSAv8-64, D8), independently of the library's src/.
 *
 * Bit numbers below are the spec's, relative to each 64-bit word of an
 * entry (STE word 1 bit 19 = STE bit 83 = MEV), so that every line can be
 * checked against the tables of IHI 0070 5.2 and 5.4.
 *
 * Where the architecture leaves a choice to the implementation, or this
 * model deliberately restricts itself, the comment says "Model:".
 */
#include "walk.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* Bit helpers                                                            */

/* Bits [h:l] of @v, shifted down. */
static uint64_t bf(uint64_t v, unsigned int h, unsigned int l)
{
	return (v >> l) & (~(uint64_t)0 >> (63u - (h - l)));
}

static bool bt(uint64_t v, unsigned int n)
{
	return ((v >> n) & 1u) != 0;
}

/* Mask of bits [h:l]. */
static uint64_t gm(unsigned int h, unsigned int l)
{
	return (~(uint64_t)0 >> (63u - h)) & (~(uint64_t)0 << l);
}

/* Whether @v has any bit set at or above bit @n (n may be 64). */
static bool above(uint64_t v, unsigned int n)
{
	return n < 64u && (v >> n) != 0;
}

static uint64_t bswap64(uint64_t v)
{
	uint64_t r = 0;
	unsigned int i;

	for (i = 0; i < 8u; i++)
		r |= ((v >> (8u * i)) & 0xffu) << (8u * (7u - i));
	return r;
}

static unsigned int umin(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

static int set_fault(struct mdl_fault *f, uint8_t id)
{
	f->event_id = id;
	return id;
}

/* ---------------------------------------------------------------------- */
/* ID registers (IHI 0070 6.3.1 - 6.3.6)                                  */

#define IDR0_S2P(p) bt((p)->idr[0], 0)
#define IDR0_S1P(p) bt((p)->idr[0], 1)
#define IDR0_TTF(p) bf((p)->idr[0], 3, 2)
#define IDR0_HTTU(p) bf((p)->idr[0], 7, 6)
#define IDR0_HYP(p) bt((p)->idr[0], 9)
#define IDR0_ATS(p) bt((p)->idr[0], 10)
#define IDR0_NS1ATS(p) bt((p)->idr[0], 11)
#define IDR0_ASID16(p) bt((p)->idr[0], 12)
#define IDR0_VMID16(p) bt((p)->idr[0], 18)
#define IDR0_CD2L(p) bt((p)->idr[0], 19)
#define IDR0_TTENDIAN(p) bf((p)->idr[0], 22, 21)
#define IDR0_STALL_MODEL(p) bf((p)->idr[0], 25, 24)
#define IDR0_TERM_MODEL(p) bt((p)->idr[0], 26)
#define IDR0_ST_LEVEL(p) bf((p)->idr[0], 28, 27)
#define IDR1_SIDSIZE(p) ((unsigned int)bf((p)->idr[1], 5, 0))
#define IDR1_SSIDSIZE(p) ((unsigned int)bf((p)->idr[1], 10, 6))
#define IDR1_ATTR_PERMS_OVR(p) bt((p)->idr[1], 26)
#define IDR1_ATTR_TYPES_OVR(p) bt((p)->idr[1], 27)
#define IDR3_HAD(p) bt((p)->idr[3], 2)
#define IDR3_XNX(p) bt((p)->idr[3], 4)
#define IDR3_FWB(p) bt((p)->idr[3], 8)
#define IDR3_STT(p) bt((p)->idr[3], 9)
#define IDR5_OAS(p) ((unsigned int)bf((p)->idr[5], 2, 0))
#define IDR5_VAX(p) bf((p)->idr[5], 11, 10)

/* IDR5.OAS, CD.IPS, STE.S2PS encoding -> bits. Model: reserved 0b111 as 52. */
static unsigned int pa_bits(unsigned int enc)
{
	static const unsigned char bits[8] = {32, 36, 40, 42, 44, 48, 52, 52};

	return bits[enc & 7u];
}

static unsigned int oas_bits(const struct mdl_params *p)
{
	return pa_bits(IDR5_OAS(p));
}

/* IHI 0070 6.3.6: IDR5.GRAN4K [4], GRAN16K [5], GRAN64K [6] */
static bool granule_supported(const struct mdl_params *p, unsigned int g)
{
	switch (g) {
	case 12:
		return bt(p->idr[5], 4);
	case 14:
		return bt(p->idr[5], 5);
	case 16:
		return bt(p->idr[5], 6);
	default:
		return false;
	}
}

/* TCR.TG0 / STE.S2TG encoding: 0 4K, 1 64K, 2 16K, 3 reserved (-> 0). */
static unsigned int tg0_bits(unsigned int tg)
{
	static const unsigned char g[4] = {12, 16, 14, 0};

	return g[tg & 3u];
}

/* TCR.TG1 encoding: 1 16K, 2 4K, 3 64K, 0 reserved (-> 0). */
static unsigned int tg1_bits(unsigned int tg)
{
	static const unsigned char g[4] = {0, 14, 12, 16};

	return g[tg & 3u];
}

/*
 * Translation-table endianness allowed by IDR0.TTENDIAN (IHI 0070 6.3.1):
 * 0b00 mixed, 0b10 little only, 0b11 big only; 0b01 is reserved (Model:
 * treated as mixed).
 */
static bool endian_ok(const struct mdl_params *p, bool big)
{
	switch (IDR0_TTENDIAN(p)) {
	case 2:
		return !big;
	case 3:
		return big;
	default:
		return true;
	}
}

/*
 * IAS (IHI 0070 3.4): max(OAS, 40 if AArch32 tables are supported). The
 * stage-2 input range may not exceed 48 bits unless the 64K granule is in
 * use (IHI 0070 3.4.3: 52-bit addresses need the 64KB granule).
 */
static unsigned int ias_bits(const struct mdl_params *p)
{
	unsigned int ias = oas_bits(p);

	if ((IDR0_TTF(p) & 1u) && ias < 40u)
		ias = 40u;
	return ias;
}

/*
 * Effective output size of a stage: the configured PS/IPS capped to OAS,
 * and to 48 bits unless the granule is 64K (Arm ARM: 52-bit OAs need
 * FEAT_LPA, which only covers the 64KB granule without FEAT_LPA2).
 */
static unsigned int eff_oa_bits(const struct mdl_params *p, unsigned int enc,
				unsigned int g)
{
	unsigned int b = umin(pa_bits(enc), oas_bits(p));

	if (g != 16u)
		b = umin(b, 48u);
	return b;
}

/* Largest TxSZ (Arm ARM: 39, or 48/47 with small translation tables). */
static unsigned int max_txsz(const struct mdl_params *p, unsigned int g)
{
	if (!IDR3_STT(p))
		return 39u;
	return g == 16u ? 47u : 48u;
}

/* ---------------------------------------------------------------------- */
/* STE decoding (IHI 0070 5.2)                                            */

#define STRW_EL1 0u
#define STRW_EL2 2u

static int bad_ste(struct mdl_ste *out, struct mdl_fault *f)
{
	uint64_t raw[8];

	/* Every ILLEGAL STE behaves the same: keep only raw[]. */
	memcpy(raw, out->raw, sizeof(raw));
	memset(out, 0, sizeof(*out));
	memcpy(out->raw, raw, sizeof(raw));
	return set_fault(f, MDL_EVT_C_BAD_STE);
}

/* The attribute overrides applied to traffic that bypasses stage 1. */
static void decode_type_overrides(const struct mdl_params *p,
				  const uint64_t *raw, struct mdl_ste *o)
{
	uint64_t q1 = raw[1];

	/* IHI 0070 5.2: ignored unless IDR1.ATTR_TYPES_OVR == 1 */
	if (!IDR1_ATTR_TYPES_OVR(p))
		return;
	o->mtcfg = bt(q1, 36);
	if (o->mtcfg)
		o->memattr = (uint8_t)bf(q1, 35, 32);
	/* ALLOCCFG 0b0xxx: use incoming; 0b1RWT: override (RA, WA, TR) */
	if (bt(q1, 40))
		o->alloccfg = (uint8_t)bf(q1, 40, 37);
	o->shcfg = (uint8_t)bf(q1, 45, 44);
}

static void decode_perm_overrides(const struct mdl_params *p,
				  const uint64_t *raw, struct mdl_ste *o)
{
	uint64_t q1 = raw[1];
	uint8_t v;

	/* IHI 0070 5.2: ignored unless IDR1.ATTR_PERMS_OVR == 1 */
	if (!IDR1_ATTR_PERMS_OVR(p))
		return;
	/* PRIVCFG/INSTCFG 0b01 is reserved and behaves as 0b00 (incoming) */
	v = (uint8_t)bf(q1, 49, 48);
	o->privcfg = v == 1u ? 0u : v;
	v = (uint8_t)bf(q1, 51, 50);
	o->instcfg = v == 1u ? 0u : v;
}

/* Stage-2 fields and their checks; 0 or C_BAD_STE. */
static int decode_s2(const struct mdl_params *p, const uint64_t *raw,
		     struct mdl_ste *o)
{
	uint64_t q2 = raw[2], q3 = raw[3];
	unsigned int g, stride, inbits, start, width, ps, sl0;

	if (!IDR0_S2P(p))
		return -1; /* stage 2 selected but not implemented */
	o->s2vmid = (uint16_t)bf(q2, 15, 0);
	if (!IDR0_VMID16(p))
		o->s2vmid &= 0xffu; /* 8-bit VMIDs: [15:8] ignored */
	o->s2t0sz = (uint8_t)bf(q2, 37, 32);
	o->s2sl0 = (uint8_t)bf(q2, 39, 38);
	o->s2ir0 = (uint8_t)bf(q2, 41, 40);
	o->s2or0 = (uint8_t)bf(q2, 43, 42);
	o->s2sh0 = (uint8_t)bf(q2, 45, 44);
	o->s2tg = (uint8_t)bf(q2, 47, 46);
	o->s2ps = (uint8_t)bf(q2, 50, 48);
	o->s2aa64 = bt(q2, 51);
	o->s2endi = bt(q2, 52);
	o->s2affd = bt(q2, 53);
	o->s2ptw = bt(q2, 54);
	o->s2s = bt(q2, 57);
	o->s2r = bt(q2, 58);
	/* HTTU at stage 2: S2HA [184], S2HD [183] (HD needs HA) */
	if (p->httu_enabled && IDR0_HTTU(p) >= 1u) {
		o->s2ha = bt(q2, 56);
		if (IDR0_HTTU(p) >= 2u)
			o->s2hd = o->s2ha && bt(q2, 55);
	}
	if (IDR3_FWB(p))
		o->s2fwb = bt(raw[1], 25);
	o->s2ttb = q3 & gm(51, 4);

	/*
	 * Model: AArch32 (LPAE) stage-2 tables are not modelled; S2AA64 == 0
	 * is ILLEGAL anyway when IDR0.TTF lacks AArch32.
	 */
	if (!o->s2aa64)
		return -1;
	if (!endian_ok(p, o->s2endi))
		return -1;
	/* S2TG: reserved encoding or a granule the SMMU lacks (IDR5.GRANx) */
	g = tg0_bits(o->s2tg);
	if (!granule_supported(p, g))
		return -1;
	stride = g - 3u;
	/* S2T0SZ: input size within [25 (or less with STT), IAS] */
	inbits = 64u - o->s2t0sz;
	if (o->s2t0sz > max_txsz(p, g))
		return -1;
	if (inbits > umin(ias_bits(p), g == 16u ? 52u : 48u))
		return -1;
	/*
	 * S2SL0 (Arm ARM AArch64.S2InvalidSL): 4K: 0 -> L2, 1 -> L1, 2 -> L0
	 * (needs PA size >= 44), 3 reserved here (FEAT_TTST); 16K/64K: 0 -> L3,
	 * 1 -> L2, 2 -> L1 (16K needs PA >= 42, 64K needs PA >= 44), 3
	 * reserved (FEAT_LPA2).
	 */
	sl0 = o->s2sl0;
	if (sl0 == 3u)
		return -1;
	if (g == 12u) {
		start = 2u - sl0;
		if (sl0 == 2u && oas_bits(p) < 44u)
			return -1;
	} else {
		start = 3u - sl0;
		if (sl0 == 2u && oas_bits(p) < (g == 14u ? 42u : 44u))
			return -1;
	}
	/*
	 * Arm ARM AArch64.S2InconsistentSL: the start level must resolve at
	 * least one bit and at most stride + 4 bits (up to 16 concatenated
	 * tables).
	 */
	if (inbits <= g + (3u - start) * stride)
		return -1;
	width = inbits - (g + (3u - start) * stride);
	if (width > stride + 4u)
		return -1;
	/* IHI 0070 5.2: S2TTB outside the effective S2PS range is ILLEGAL */
	ps = eff_oa_bits(p, o->s2ps, g);
	if (above(o->s2ttb, ps))
		return -1;
	/* IHI 0070 5.5: stall configuration against IDR0.STALL_MODEL */
	if (o->s2s && IDR0_STALL_MODEL(p) == 1u)
		return -1;
	if (!o->s2s && IDR0_STALL_MODEL(p) == 2u)
		return -1;
	return 0;
}

/* Stage-1 fields and their checks; 0 or C_BAD_STE. */
static int decode_s1(const struct mdl_params *p, const uint64_t *raw,
		     struct mdl_ste *o)
{
	uint64_t q0 = raw[0], q1 = raw[1];

	if (!IDR0_S1P(p))
		return -1; /* stage 1 selected but not implemented */
	o->s1ctxptr = q0 & gm(51, 6);
	o->s1cdmax = (uint8_t)bf(q0, 63, 59);
	if (o->s1cdmax > IDR1_SSIDSIZE(p))
		return -1;
	/* S1Fmt and S1DSS are only used with substreams (S1CDMax != 0) */
	if (o->s1cdmax != 0) {
		o->s1fmt = (uint8_t)bf(q0, 5, 4);
		o->s1dss = (uint8_t)bf(q1, 1, 0);
		if (o->s1fmt == 3u || (o->s1fmt != 0 && !IDR0_CD2L(p)))
			return -1;
		if (o->s1dss == 3u)
			return -1;
	}
	o->s1cir = (uint8_t)bf(q1, 3, 2);
	o->s1cor = (uint8_t)bf(q1, 5, 4);
	o->s1csh = (uint8_t)bf(q1, 7, 6);
	/* S1STALLD is ILLEGAL unless IDR0.STALL_MODEL == 0b00 */
	o->s1stalld = bt(q1, 27);
	if (o->s1stalld && IDR0_STALL_MODEL(p) != 0)
		return -1;
	/* A PA when stage 2 bypasses; Model: beyond OAS is ILLEGAL */
	if (!bt(q0, 2) && above(o->s1ctxptr, oas_bits(p)))
		return -1;
	return 0;
}

int mdl_ste_decode(const struct mdl_params *p, const uint64_t raw[8],
		   struct mdl_ste *out, struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	uint64_t q1 = raw[1];
	bool s1, s2;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	memcpy(out->raw, raw, sizeof(out->raw));

	/* IHI 0070 5.2: V == 0 -> C_BAD_STE for any transaction */
	if (!bt(raw[0], 0))
		return set_fault(f, MDL_EVT_C_BAD_STE);
	out->valid = true;
	out->config = (uint8_t)bf(raw[0], 3, 1);
	switch (out->config) {
	case MDL_STE_CFG_ABORT:
		return 0;
	case MDL_STE_CFG_BYPASS:
		decode_type_overrides(p, raw, out);
		decode_perm_overrides(p, raw, out);
		return 0;
	case MDL_STE_CFG_S1:
	case MDL_STE_CFG_S2:
	case MDL_STE_CFG_NESTED:
		break;
	default:
		return bad_ste(out, f); /* 0b001..0b011 reserved */
	}
	s1 = (out->config & 1u) != 0;
	s2 = (out->config & 2u) != 0;
	out->s1_enabled = s1;
	out->s2_enabled = s2;
	if (s1 && decode_s1(p, raw, out))
		return bad_ste(out, f);
	if (s2 && decode_s2(p, raw, out))
		return bad_ste(out, f);

	/*
	 * STRW: only used when stage 1 translates and stage 2 bypasses (a
	 * stage-2 configuration is always EL1). 0b01 (EL3, Secure only) and
	 * 0b11 are reserved here; EL2 needs IDR0.Hyp.
	 */
	if (s1 && !s2) {
		out->strw = (uint8_t)bf(q1, 31, 30);
		if (out->strw == 1u || out->strw == 3u)
			return bad_ste(out, f);
		if (out->strw == STRW_EL2 && !IDR0_HYP(p))
			return bad_ste(out, f);
		/*
		 * IHI 0070 5.2: S2VMID is used for TLB tagging even when stage
		 * 2 bypasses, for an EL1 stream world on an SMMU with S2P.
		 */
		if (out->strw == STRW_EL1 && IDR0_S2P(p)) {
			out->s2vmid = (uint16_t)bf(raw[2], 15, 0);
			if (!IDR0_VMID16(p))
				out->s2vmid &= 0xffu;
		}
	}

	out->mev = bt(q1, 19);
	/*
	 * EATS only matters when ATS is implemented. 0b11 is reserved; 0b10
	 * (split-stage, S1CHK) needs nested translation and IDR0.NS1ATS == 0;
	 * EATS != 0 with S2S == 1 is ILLEGAL (IHI 0070 5.2).
	 */
	if (IDR0_ATS(p)) {
		out->eats = (uint8_t)bf(q1, 29, 28);
		if (out->eats == 3u)
			return bad_ste(out, f);
		if (out->eats == 2u &&
		    (out->config != MDL_STE_CFG_NESTED || IDR0_NS1ATS(p)))
			return bad_ste(out, f);
		if (out->eats != 0 && s2 && out->s2s)
			return bad_ste(out, f);
	}
	decode_perm_overrides(p, raw, out);
	/*
	 * The memory-type overrides apply to traffic that bypasses stage 1:
	 * all of it with stage 2 only, the no-substream traffic with
	 * S1DSS == bypass otherwise (IHI 0070 13.x).
	 */
	if (!s1 || (out->s1cdmax != 0 && out->s1dss == 1u))
		decode_type_overrides(p, raw, out);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Stream table (IHI 0070 3.3, 5.1)                                       */

static int read_entry(const struct mdl_mem *mem, uint64_t pa, uint64_t *raw,
		      unsigned int n, uint64_t *bad_pa)
{
	unsigned int i;

	/* One 64-bit single-copy-atomic read per word (IHI 0070 3.21.3). */
	for (i = 0; i < n; i++) {
		if (mem->read64(mem->ctx, pa + 8u * i, &raw[i])) {
			*bad_pa = pa + 8u * i;
			return -1;
		}
	}
	return 0;
}

int mdl_ste_fetch(const struct mdl_mem *mem, const struct mdl_params *p,
		  uint64_t strtab_base, uint32_t strtab_cfg, uint32_t sid,
		  struct mdl_ste *out, struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	unsigned int log2size = (unsigned int)bf(strtab_cfg, 5, 0);
	unsigned int split = (unsigned int)bf(strtab_cfg, 10, 6);
	unsigned int fmt = (unsigned int)bf(strtab_cfg, 17, 16);
	uint64_t base = strtab_base & gm(51, 6);
	uint64_t addr, raw[8], bad;
	unsigned int eff;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	/*
	 * IHI 0070 6.3.24: LOG2SIZE beyond IDR1.SIDSIZE is treated as SIDSIZE;
	 * a StreamID outside the table is C_BAD_STREAMID.
	 */
	eff = umin(log2size, IDR1_SIDSIZE(p));
	if (eff < 32u && (sid >> eff) != 0)
		return set_fault(f, MDL_EVT_C_BAD_STREAMID);

	/* Model: FMT 2-level without IDR0.ST_LEVEL support, or 0b1x: linear */
	if (fmt == 1u && IDR0_ST_LEVEL(p) == 1u) {
		uint64_t l1, l2ptr;
		unsigned int span, lo;

		/* SPLIT: 6, 8 or 10; Model: others rounded down (min 6) */
		if (split > 10u)
			split = 10u;
		else if (split < 6u)
			split = 6u;
		split &= ~1u;
		addr = base + 8u * (uint64_t)(sid >> split);
		if (mem->read64(mem->ctx, addr, &l1)) {
			f->fetch_addr = addr;
			return set_fault(f, MDL_EVT_F_STE_FETCH);
		}
		/*
		 * IHI 0070 5.1: L1STD.SPAN [4:0] = log2(STEs in the L2 table)
		 * + 1; 0 = invalid; values beyond SPLIT + 1 are reserved
		 * (Model: invalid). L2Ptr [51:6].
		 */
		span = (unsigned int)bf(l1, 4, 0);
		l2ptr = l1 & gm(51, 6);
		if (span == 0 || span > split + 1u)
			return set_fault(f, MDL_EVT_C_BAD_STREAMID);
		lo = sid & ((1u << split) - 1u);
		if ((lo >> (span - 1u)) != 0)
			return set_fault(f, MDL_EVT_C_BAD_STREAMID);
		addr = l2ptr + 64u * (uint64_t)lo;
	} else {
		addr = base + 64u * (uint64_t)sid;
	}
	if (read_entry(mem, addr, raw, 8u, &bad)) {
		f->fetch_addr = bad;
		return set_fault(f, MDL_EVT_F_STE_FETCH);
	}
	return mdl_ste_decode(p, raw, out, f);
}

/* ---------------------------------------------------------------------- */
/* CD decoding (IHI 0070 5.4)                                             */

/* Whether the stream world of @ste is the single-range EL2 regime. */
static bool el2_single(const struct mdl_params *p, const struct mdl_ste *ste)
{
	return ste && ste->s1_enabled && !ste->s2_enabled &&
	       ste->strw == STRW_EL2 && !p->e2h;
}

/* Check one TTBx half; 0 or -1 (ILLEGAL). */
static int check_tt(const struct mdl_params *p, unsigned int g,
		    unsigned int txsz, unsigned int ips, uint64_t ttb)
{
	unsigned int min_txsz = 16u;

	if (!granule_supported(p, g))
		return -1;
	/* 52-bit VA needs IDR5.VAX == 1 and the 64K granule */
	if (g == 16u && IDR5_VAX(p) == 1u)
		min_txsz = 12u;
	if (txsz < min_txsz || txsz > max_txsz(p, g))
		return -1;
	/* Model: TTBx outside the effective IPS is ILLEGAL (cf. S2TTB) */
	if (above(ttb, eff_oa_bits(p, ips, g)))
		return -1;
	return 0;
}

int mdl_cd_decode(const struct mdl_params *p, const struct mdl_ste *ste,
		  const uint64_t raw[8], struct mdl_cd *out,
		  struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	uint64_t q0 = raw[0];
	bool single = el2_single(p, ste);
	unsigned int stall = (unsigned int)IDR0_STALL_MODEL(p);

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	memcpy(out->raw, raw, sizeof(out->raw));

	if (!bt(q0, 31)) /* IHI 0070 5.4: V is bit 31 */
		return set_fault(f, MDL_EVT_C_BAD_CD);
	out->valid = true;
	out->ips = (uint8_t)bf(q0, 34, 32);
	out->epd0 = bt(q0, 14);
	out->endi = bt(q0, 15);
	out->aff = bt(q0, 35);
	out->wxn = bt(q0, 36);
	out->tbi0 = bt(q0, 38);
	out->aa64 = bt(q0, 41);
	out->s = bt(q0, 44);
	out->r = bt(q0, 45);
	out->a = bt(q0, 46);
	out->aset = bt(q0, 47);
	out->mair = raw[3];
	out->amair = raw[4];
	/* UWXN only applies to AArch32 tables: not used with AA64 = 1 */
	if (p->httu_enabled && IDR0_HTTU(p) >= 1u) {
		out->ha = bt(q0, 43);
		/* dirty state needs HA as well (Arm ARM: HD without HA is 0) */
		if (IDR0_HTTU(p) >= 2u)
			out->hd = out->ha && bt(q0, 42);
	}
	if (!out->epd0) {
		out->t0sz = (uint8_t)bf(q0, 5, 0);
		out->tg0 = (uint8_t)bf(q0, 7, 6);
		out->irgn0 = (uint8_t)bf(q0, 9, 8);
		out->orgn0 = (uint8_t)bf(q0, 11, 10);
		out->sh0 = (uint8_t)bf(q0, 13, 12);
		out->ttb0 = raw[1] & gm(51, 4);
		if (IDR3_HAD(p))
			out->had0 = bt(raw[1], 1);
	}
	/* The EL2 (non-E2H) regime has one VA range, no ASID and no EL0. */
	if (!single) {
		out->epd1 = bt(q0, 30);
		out->tbi1 = bt(q0, 39);
		out->pan = bt(q0, 40);
		out->asid = (uint16_t)bf(q0, 63, 48);
		if (!IDR0_ASID16(p))
			out->asid &= 0xffu;
		if (!out->epd1) {
			out->t1sz = (uint8_t)bf(q0, 21, 16);
			out->tg1 = (uint8_t)bf(q0, 23, 22);
			out->irgn1 = (uint8_t)bf(q0, 25, 24);
			out->orgn1 = (uint8_t)bf(q0, 27, 26);
			out->sh1 = (uint8_t)bf(q0, 29, 28);
			out->ttb1 = raw[2] & gm(51, 4);
			if (IDR3_HAD(p))
				out->had1 = bt(raw[2], 1);
		}
	}

	/* Model: AArch32 (LPAE) stage-1 tables are not modelled */
	if (!out->aa64)
		goto bad;
	if (!endian_ok(p, out->endi))
		goto bad;
	if (!out->epd0 &&
	    check_tt(p, tg0_bits(out->tg0), out->t0sz, out->ips, out->ttb0))
		goto bad;
	if (!single && !out->epd1 &&
	    check_tt(p, tg1_bits(out->tg1), out->t1sz, out->ips, out->ttb1))
		goto bad;
	/* IHI 0070 5.5: fault configuration against IDR0 */
	if (!out->a && IDR0_TERM_MODEL(p))
		goto bad;
	if (out->s && stall == 1u)
		goto bad;
	if (!out->s && stall == 2u)
		goto bad;
	/* Model: CD.S = 1 on a stream with STE.S1STALLD = 1 is ILLEGAL */
	if (out->s && ste && ste->s1stalld)
		goto bad;
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	memcpy(out->raw, raw, sizeof(out->raw));
	return set_fault(f, MDL_EVT_C_BAD_CD);
}

/* ---------------------------------------------------------------------- */
/* Page-table walks (Arm ARM D8, IHI 0070 3.4, 3.13)                      */

/* One translation regime's walk parameters. */
struct tt {
	int stage;	     /* 1 or 2 */
	unsigned int g;	     /* granule log2: 12, 14, 16 */
	unsigned int inbits; /* input address size */
	unsigned int start;  /* start level */
	unsigned int oabits; /* effective output size */
	uint64_t ttb;	     /* root table (aligned) */
	bool be;	     /* big-endian descriptors */
	bool oa52;	     /* 64K descriptors carry OA[51:48] in [15:12] */
	bool lpa;	     /* FEAT_LPA: 64K level-1 blocks */
	bool ha, hd;	     /* HTTU: access flag, dirty state */
	/* stage 1 */
	bool el2; /* single-range EL2: no EL0, AP[1] ignored */
	bool hpd, affd, wxn, pan;
	/* stage 2 */
	bool xnx, s2affd;
	bool ptw; /* S2PTW: S1 walks to Device memory fault */
	bool fwb; /* S2FWB: stage-2 MemAttr encoding */
};

/* Result of one stage. */
struct leaf {
	uint64_t oa;
	unsigned int size_log2;
	unsigned int level;
	bool r, w, x;  /* for the access's privilege */
	uint8_t pm[2]; /* MDL_PERM_* for unprivileged, privileged */
	bool global;
	uint8_t attr, sh;
	bool device; /* stage 2: Device memory type */
};

static unsigned int level_shift(const struct tt *t, unsigned int level)
{
	return t->g + (3u - level) * (t->g - 3u);
}

/* Output address held by a table/block/page descriptor (Arm ARM D8.3). */
static uint64_t desc_oa(const struct tt *t, uint64_t d)
{
	uint64_t oa = d & gm(47, t->g);

	if (t->oa52)
		oa |= bf(d, 15, 12) << 48;
	return oa;
}

/* Block descriptors are legal at: 4K L1/L2, 16K L2, 64K L2 (L1 with LPA). */
static bool block_ok(const struct tt *t, unsigned int level)
{
	switch (t->g) {
	case 12:
		return level == 1u || level == 2u;
	case 14:
		return level == 2u;
	default:
		return level == 2u || (level == 1u && t->lpa);
	}
}

static int read_desc(const struct mdl_mem *mem, const struct tt *t, uint64_t pa,
		     uint64_t *d)
{
	if (mem->read64(mem->ctx, pa, d))
		return -1;
	if (t->be)
		*d = bswap64(*d);
	return 0;
}

static int write_desc(const struct mdl_mem *mem, const struct tt *t,
		      uint64_t pa, uint64_t d)
{
	if (!mem->write64)
		return -1;
	return mem->write64(mem->ctx, pa, t->be ? bswap64(d) : d);
}

static int walk(const struct mdl_mem *mem, const struct mdl_params *p,
		const struct tt *t, uint64_t ia, unsigned int acc,
		const struct tt *nest, struct leaf *out, struct mdl_fault *f);

/*
 * Stage-2 translation of an address the SMMU itself accesses for stage 1
 * (a CD, L1CD or stage-1 descriptor): needs read (or write) permission;
 * Device memory with S2PTW is a permission fault (IHI 0070 5.2 S2PTW).
 */
static int s2_access(const struct mdl_mem *mem, const struct mdl_params *p,
		     const struct tt *s2, uint64_t ipa, bool write,
		     uint8_t clss, bool s2ptw, uint64_t *pa,
		     struct mdl_fault *f)
{
	struct leaf l;
	int ret;

	/* Table walks are privileged data accesses. */
	ret = walk(mem, p, s2, ipa, MDL_ACC_PRIV | (write ? MDL_ACC_WRITE : 0u),
		   NULL, &l, f);
	if (!ret && s2ptw && l.device) {
		f->level = (uint8_t)l.level;
		ret = set_fault(f, MDL_EVT_F_PERMISSION);
	}
	if (ret) {
		f->s2 = true;
		f->clss = clss;
		f->ipa = ipa;
		f->ttrnw = !write;
		return ret;
	}
	*pa = l.oa;
	return 0;
}

/* Stage-1 permissions of a leaf, for the access @acc (Arm ARM D8.4). */
static int s1_perms(const struct tt *t, uint64_t d, unsigned int apt, bool uxnt,
		    bool pxnt, unsigned int acc, bool *dirty, struct leaf *out)
{
	bool ap2 = bt(d, 7), ap1 = bt(d, 6);
	bool priv = (acc & MDL_ACC_PRIV) != 0;
	bool write = (acc & MDL_ACC_WRITE) != 0;
	bool exec = (acc & MDL_ACC_EXEC) != 0 && !write;
	bool pr, pw, px, ur, uw, ux, ok;
	bool dbm = t->hd && bt(d, 51);

	/* APTable[1] (bit 62): no writes below; APTable[0] (61): no EL0 */
	pw = !ap2 && !(apt & 2u);
	pr = true;
	if (t->el2) {
		/* EL2 regime: one privilege level; AP[1] and PAN unused. */
		priv = true;
		ur = uw = ux = false;
		px = !bt(d, 54) && !uxnt && !(t->wxn && pw);
	} else {
		ur = ap1 && !(apt & 1u);
		uw = ur && pw;
		ux = !bt(d, 54) && !uxnt && !(t->wxn && uw);
		/* EL0-writable memory is never privileged-executable */
		px = !bt(d, 53) && !pxnt && !uw && !(t->wxn && pw);
	}
	*dirty = false;
	if (exec)
		ok = priv ? px : ux;
	else if (write)
		ok = priv ? pw : uw;
	else
		ok = priv ? pr : ur;
	/*
	 * HTTU dirty state (Arm ARM D8.4.x): a write to a writable-clean
	 * entry (DBM = 1, AP[2] = 1) is permitted and clears AP[2], unless
	 * the hierarchical APTable forbids writes.
	 */
	if (!ok && write && dbm && ap2 && !(apt & 2u) && (priv || ur)) {
		ok = true;
		*dirty = true;
	}
	/* PAN: privileged data access to EL0-accessible memory */
	if (ok && t->pan && priv && !exec && !t->el2 && ur)
		ok = false;
	out->pm[1] = (uint8_t)((t->pan && ur ? 0u : MDL_PERM_R) |
			       (pw && !(t->pan && ur) ? MDL_PERM_W : 0u) |
			       (px ? MDL_PERM_X : 0u));
	out->pm[0] = t->el2 ? out->pm[1]
			    : (uint8_t)((ur ? MDL_PERM_R : 0u) |
					(uw ? MDL_PERM_W : 0u) |
					(ux ? MDL_PERM_X : 0u));
	out->r = priv ? pr : ur;
	out->w = (priv ? pw : uw) || *dirty;
	out->x = priv ? px : ux;
	return ok ? 0 : -1;
}

/* Stage-2 permissions (S2AP, XN with FEAT_XNX) for the access @acc. */
static int s2_perms(const struct tt *t, uint64_t d, unsigned int acc,
		    struct leaf *out)
{
	bool priv = (acc & MDL_ACC_PRIV) != 0;
	bool write = (acc & MDL_ACC_WRITE) != 0;
	bool exec = (acc & MDL_ACC_EXEC) != 0 && !write;
	unsigned int xn;

	out->r = bt(d, 6);
	out->w = bt(d, 7);
	if (t->xnx) {
		/* XN[1:0]: 00 all, 01 EL0 only, 10 none, 11 EL1 only */
		xn = (unsigned int)bf(d, 54, 53);
		out->x = priv ? (xn == 0u || xn == 3u) : (xn == 0u || xn == 1u);
		out->pm[0] = (xn == 0u || xn == 1u) ? MDL_PERM_X : 0u;
		out->pm[1] = (xn == 0u || xn == 3u) ? MDL_PERM_X : 0u;
	} else {
		out->x = !bt(d, 54);
		out->pm[0] = out->pm[1] = out->x ? MDL_PERM_X : 0u;
	}
	out->pm[0] |= (uint8_t)((out->r ? MDL_PERM_R : 0u) |
				(out->w ? MDL_PERM_W : 0u));
	out->pm[1] |= (uint8_t)((out->r ? MDL_PERM_R : 0u) |
				(out->w ? MDL_PERM_W : 0u));
	/* Model: an instruction fetch needs execute permission only. */
	if (exec)
		return out->x ? 0 : -1;
	return (write ? out->w : out->r) ? 0 : -1;
}

/*
 * Walk one stage for input address @ia. With @nest (stage 1 of a nested
 * configuration), every table address is an IPA translated by stage 2
 * (CLASS = TT); the nesting depth is therefore at most 2.
 */
static int walk(const struct mdl_mem *mem, const struct mdl_params *p,
		const struct tt *t, uint64_t ia, unsigned int acc,
		const struct tt *nest, struct leaf *out, struct mdl_fault *f)
{
	unsigned int level = t->start, apt = 0, shift = 0, width;
	uint64_t table = t->ttb, dia = 0, dpa = 0, d = 0, idx, oa;
	bool uxnt = false, pxnt = false, dirty = false, setaf = false;
	int i;

	memset(out, 0, sizeof(*out));
	f->s2 = t->stage == 2;
	for (i = 0; i < 4; i++) {
		shift = level_shift(t, level);
		width = level == t->start ? t->inbits - shift : t->g - 3u;
		idx = (ia >> shift) & (((uint64_t)1 << width) - 1u);
		dia = table + 8u * idx;
		dpa = dia;
		if (nest) {
			if (s2_access(mem, p, nest, dia, false, MDL_CLASS_TT,
				      nest->ptw, &dpa, f))
				return f->event_id;
			f->s2 = false;
		}
		if (read_desc(mem, t, dpa, &d)) {
			f->fetch_addr = dpa;
			f->level = (uint8_t)level;
			f->s2 = t->stage == 2;
			return set_fault(f, MDL_EVT_F_WALK_EABT);
		}
		f->level = (uint8_t)level;
		if (!(d & 1u))
			return set_fault(f, MDL_EVT_F_TRANSLATION);
		if (level < 3u && (d & 3u) == 3u) {
			/* Table descriptor: next-level table address */
			table = desc_oa(t, d);
			if (above(table, t->oabits))
				return set_fault(f, MDL_EVT_F_ADDR_SIZE);
			if (t->stage == 1 && !t->hpd) {
				apt |= (unsigned int)bf(d, 62, 61);
				uxnt = uxnt || bt(d, 60);
				pxnt = pxnt || (bt(d, 59) && !t->el2);
			}
			level++;
			continue;
		}
		/* Page at level 3 (0b11); block at a legal level (0b01). */
		if (level == 3u ? (d & 3u) != 3u : !block_ok(t, level))
			return set_fault(f, MDL_EVT_F_TRANSLATION);
		break;
	}
	oa = desc_oa(t, d) & ~((((uint64_t)1) << shift) - 1u);
	if (above(oa, t->oabits))
		return set_fault(f, MDL_EVT_F_ADDR_SIZE);

	out->oa = oa | (ia & ((((uint64_t)1) << shift) - 1u));
	out->size_log2 = shift;
	out->level = level;
	out->sh = (uint8_t)bf(d, 9, 8);
	if (t->stage == 1) {
		int perm = s1_perms(t, d, apt, uxnt, pxnt, acc, &dirty, out);

		/* Access flag before permission (Arm ARM fault priority). */
		if (!bt(d, 10)) {
			if (t->ha)
				setaf = true;
			else if (!t->affd)
				return set_fault(f, MDL_EVT_F_ACCESS);
		}
		if (perm)
			return set_fault(f, MDL_EVT_F_PERMISSION);
		out->global = t->el2 || !bt(d, 11);
		out->attr = (uint8_t)bf(d, 4, 2); /* AttrIndx */
		if (setaf || dirty) {
			uint64_t nd = d | (setaf ? (uint64_t)1 << 10 : 0u);

			if (dirty)
				nd &= ~((uint64_t)1 << 7);
			/* Nested: the update needs S2 write permission */
			if (nest) {
				if (s2_access(mem, p, nest, dia, true,
					      MDL_CLASS_TT, nest->ptw, &dpa, f))
					return f->event_id;
				f->s2 = false;
			}
			if (write_desc(mem, t, dpa, nd)) {
				f->fetch_addr = dpa;
				f->s2 = false;
				return set_fault(f, MDL_EVT_F_WALK_EABT);
			}
		}
	} else {
		int perm = s2_perms(t, d, acc, out);

		/*
		 * Stage-2 dirty state: a write to a writable-clean entry
		 * (DBM = 1, S2AP[1] = 0) with S2HD sets S2AP[1].
		 */
		if (perm && (acc & MDL_ACC_WRITE) && t->hd && bt(d, 51) &&
		    !bt(d, 7)) {
			perm = 0;
			dirty = true;
		}
		if (!bt(d, 10)) {
			if (t->ha)
				setaf = true;
			else if (!t->s2affd)
				return set_fault(f, MDL_EVT_F_ACCESS);
		}
		if (perm)
			return set_fault(f, MDL_EVT_F_PERMISSION);
		if (setaf || dirty) {
			uint64_t nd = d | ((uint64_t)1 << 10);

			if (dirty)
				nd |= (uint64_t)1 << 7;
			if (write_desc(mem, t, dpa, nd)) {
				f->fetch_addr = dpa;
				return set_fault(f, MDL_EVT_F_WALK_EABT);
			}
			if (dirty)
				out->w = true;
		}
		out->attr = (uint8_t)bf(d, 5, 2); /* MemAttr */
		/* Device: MemAttr[3:2] == 0b00, or MemAttr[2] == 0 with FWB */
		out->device = t->fwb ? !bt(d, 4) : bf(d, 5, 4) == 0u;
		out->global = true;
	}
	f->level = 0;
	return 0;
}

/* Stage-2 walk parameters from a decoded STE (checked by the decoder). */
static void s2_setup(const struct mdl_params *p, const struct mdl_ste *ste,
		     struct tt *t)
{
	unsigned int width;

	memset(t, 0, sizeof(*t));
	t->stage = 2;
	t->g = tg0_bits(ste->s2tg);
	t->inbits = 64u - ste->s2t0sz;
	t->start = t->g == 12u ? 2u - ste->s2sl0 : 3u - ste->s2sl0;
	t->oabits = eff_oa_bits(p, ste->s2ps, t->g);
	t->oa52 = t->g == 16u && oas_bits(p) == 52u;
	t->lpa = t->oa52;
	t->be = ste->s2endi;
	t->xnx = IDR3_XNX(p);
	t->s2affd = ste->s2affd;
	t->ptw = ste->s2ptw;
	t->ha = ste->s2ha;
	t->hd = ste->s2hd;
	t->fwb = ste->s2fwb;
	/* Root (possibly concatenated) table aligned to its size */
	width = t->inbits - level_shift(t, t->start);
	t->ttb = ste->s2ttb & ~((((uint64_t)8) << width) - 1u);
}

/*
 * Stage-1 walk parameters for @va: select TTB0/TTB1 and check the VA range
 * (Arm ARM D8.2: out of range or EPDx = 1 is a level-0 translation fault).
 */
static int s1_setup(const struct mdl_params *p, const struct mdl_ste *ste,
		    const struct mdl_cd *cd, uint64_t va, struct tt *t,
		    struct mdl_fault *f)
{
	bool single = el2_single(p, ste);
	bool upper = !single && bt(va, 55);
	bool tbi = upper ? cd->tbi1 : cd->tbi0;
	unsigned int top = tbi ? 55u : 63u;
	unsigned int txsz, g, width;
	uint64_t hi, ttb;

	memset(t, 0, sizeof(*t));
	t->stage = 1;
	if (upper ? cd->epd1 : cd->epd0) {
		f->level = 0;
		return set_fault(f, MDL_EVT_F_TRANSLATION);
	}
	txsz = upper ? cd->t1sz : cd->t0sz;
	g = upper ? tg1_bits(cd->tg1) : tg0_bits(cd->tg0);
	ttb = upper ? cd->ttb1 : cd->ttb0;
	t->g = g;
	t->inbits = 64u - txsz;
	/* bits [top:inbits] must all equal the range-select bit */
	hi = bf(va, top, t->inbits);
	if (hi != (upper ? bf(~(uint64_t)0, top, t->inbits) : 0u)) {
		f->level = 0;
		return set_fault(f, MDL_EVT_F_TRANSLATION);
	}
	/* start level: enough levels to resolve inbits - g bits */
	t->start = 4u - (t->inbits - g + (g - 4u)) / (g - 3u);
	t->oabits = eff_oa_bits(p, cd->ips, g);
	t->oa52 = g == 16u && oas_bits(p) == 52u;
	t->lpa = t->oa52;
	t->be = cd->endi;
	t->el2 = single;
	t->hpd = upper ? cd->had1 : cd->had0;
	t->ha = cd->ha;
	t->hd = cd->hd;
	t->affd = cd->aff;
	t->wxn = cd->wxn;
	t->pan = cd->pan;
	width = t->inbits - level_shift(t, t->start);
	t->ttb = ttb & ~((((uint64_t)8) << width) - 1u);
	return 0;
}

int mdl_walk_stage(const struct mdl_mem *mem, const struct mdl_params *p,
		   int stage, const struct mdl_ste *ste,
		   const struct mdl_cd *cd, uint64_t addr, unsigned int acc,
		   struct mdl_xlate *out, struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	struct tt t;
	struct leaf l;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	f->input_addr = addr;
	f->rnw = !(acc & MDL_ACC_WRITE);
	f->ind = (acc & MDL_ACC_EXEC) && !(acc & MDL_ACC_WRITE);
	f->pnu = (acc & MDL_ACC_PRIV) != 0;
	out->s1_level = out->s2_level = 0xff;
	if (stage == 1) {
		if (!cd || !cd->valid)
			return set_fault(f, MDL_EVT_C_BAD_CD);
		ret = s1_setup(p, ste, cd, addr, &t, f);
		if (!ret)
			ret = walk(mem, p, &t, addr, acc, NULL, &l, f);
		if (ret) {
			f->clss = MDL_CLASS_IN;
			return ret;
		}
		out->s1_level = (uint8_t)l.level;
		out->asid = cd->asid;
	} else {
		if (!ste || !ste->valid || !ste->s2_enabled)
			return set_fault(f, MDL_EVT_C_BAD_STE);
		s2_setup(p, ste, &t);
		if (above(addr, t.inbits)) {
			f->s2 = true;
			f->ipa = addr;
			f->clss = MDL_CLASS_IN;
			return set_fault(f, MDL_EVT_F_TRANSLATION);
		}
		ret = walk(mem, p, &t, addr, acc, NULL, &l, f);
		if (ret) {
			f->ipa = addr;
			f->clss = MDL_CLASS_IN;
			return ret;
		}
		out->s2_level = (uint8_t)l.level;
		out->vmid = ste->s2vmid;
	}
	out->pa = l.oa;
	out->size_log2 = (uint8_t)l.size_log2;
	out->readable = l.r;
	out->writable = l.w;
	out->executable = l.x;
	out->perm[0] = l.pm[0];
	out->perm[1] = l.pm[1];
	out->global = l.global;
	out->attrs = stage == 1 ? l.attr : (uint64_t)l.attr << 16;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* CD fetch (IHI 0070 3.3.2, 5.3, 5.4)                                    */

/* Read @n words of a structure at @addr: a PA, or an IPA when nested. */
static int cfg_read(const struct mdl_mem *mem, const struct mdl_params *p,
		    const struct mdl_ste *ste, uint64_t addr, uint64_t *raw,
		    unsigned int n, struct mdl_fault *f)
{
	uint64_t pa = addr, bad;

	if (ste->s2_enabled) {
		struct tt s2;

		s2_setup(p, ste, &s2);
		if (above(addr, s2.inbits)) {
			f->s2 = true;
			f->clss = MDL_CLASS_CD;
			f->ipa = addr;
			f->level = 0;
			return set_fault(f, MDL_EVT_F_TRANSLATION);
		}
		/* A CD (64-byte aligned) never crosses a page. */
		if (s2_access(mem, p, &s2, addr, false, MDL_CLASS_CD, false,
			      &pa, f))
			return f->event_id;
	}
	if (read_entry(mem, pa, raw, n, &bad)) {
		f->fetch_addr = bad;
		return set_fault(f, MDL_EVT_F_CD_FETCH);
	}
	return 0;
}

int mdl_cd_fetch(const struct mdl_mem *mem, const struct mdl_params *p,
		 const struct mdl_ste *ste, bool ssv, uint32_t ssid,
		 struct mdl_cd *out, bool *s1_bypass, struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	uint64_t addr = ste->s1ctxptr, raw[8];
	int ret;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	*s1_bypass = false;
	if (!ste->valid)
		return set_fault(f, MDL_EVT_C_BAD_STE);
	/* IHI 0070 3.9: a substream on a stream without stage 1 */
	if (!ste->s1_enabled) {
		if (ssv)
			return set_fault(f, MDL_EVT_C_BAD_SUBSTREAMID);
		*s1_bypass = true;
		return 0;
	}
	if (ste->s1cdmax == 0) {
		/* One CD; S1Fmt and S1DSS are ignored; no substreams. */
		if (ssv)
			return set_fault(f, MDL_EVT_C_BAD_SUBSTREAMID);
		ssid = 0;
	} else if (!ssv) {
		/* IHI 0070 5.2 S1DSS: traffic without a SubstreamID */
		switch (ste->s1dss) {
		case 0: /* terminate, with an event */
			return set_fault(f, MDL_EVT_F_STREAM_DISABLED);
		case 1: /* bypass stage 1 */
			*s1_bypass = true;
			return 0;
		default: /* use CD 0 */
			ssid = 0;
			break;
		}
	} else {
		if ((ssid >> ste->s1cdmax) != 0)
			return set_fault(f, MDL_EVT_C_BAD_SUBSTREAMID);
		/* With S1DSS = substream 0, SSID 0 is reserved for non-SSV */
		if (ste->s1dss == 2u && ssid == 0)
			return set_fault(f, MDL_EVT_C_BAD_SUBSTREAMID);
	}

	if (ste->s1cdmax != 0 && ste->s1fmt != 0) {
		/* 2-level: S1Fmt 1 = 64 CDs (4KB) per L2, 2 = 1024 (64KB) */
		unsigned int split = ste->s1fmt == 1u ? 6u : 10u;
		uint64_t l1;

		ret = cfg_read(mem, p, ste,
			       addr + 8u * (uint64_t)(ssid >> split), &l1, 1u,
			       f);
		if (ret)
			return ret;
		/* IHI 0070 5.3: L1CD.V [0]; Model: invalid -> C_BAD_SUBSTREAMID
		 */
		if (!bt(l1, 0))
			return set_fault(f, MDL_EVT_C_BAD_SUBSTREAMID);
		addr = (l1 & gm(51, 12)) +
		       64u * (uint64_t)(ssid & ((1u << split) - 1u));
	} else {
		addr += 64u * (uint64_t)ssid;
	}
	ret = cfg_read(mem, p, ste, addr, raw, 8u, f);
	if (ret)
		return ret;
	return mdl_cd_decode(p, ste, raw, out, f);
}

/* ---------------------------------------------------------------------- */
/* Whole translation                                                      */

int mdl_translate(const struct mdl_mem *mem, const struct mdl_params *p,
		  const struct mdl_ste *ste, const struct mdl_cd *cd,
		  uint64_t iova, unsigned int acc, struct mdl_xlate *out,
		  struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	struct tt s1t, s2t;
	struct leaf l1, l2;
	bool s1, s2;
	uint64_t ipa;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	memset(&l1, 0, sizeof(l1));
	out->s1_level = out->s2_level = 0xff;
	if (!ste->valid)
		return set_fault(f, MDL_EVT_C_BAD_STE);
	/* IHI 0070 5.2 PRIVCFG/INSTCFG override the incoming attributes */
	if (ste->privcfg == 2u)
		acc &= ~MDL_ACC_PRIV;
	else if (ste->privcfg == 3u)
		acc |= MDL_ACC_PRIV;
	if (ste->instcfg == 2u)
		acc &= ~MDL_ACC_EXEC;
	else if (ste->instcfg == 3u)
		acc |= MDL_ACC_EXEC;
	if (acc & MDL_ACC_WRITE)
		acc &= ~MDL_ACC_EXEC; /* writes are always data */
	f->input_addr = iova;
	f->rnw = !(acc & MDL_ACC_WRITE);
	f->ind = (acc & MDL_ACC_EXEC) != 0;
	f->pnu = (acc & MDL_ACC_PRIV) != 0;

	if (ste->config == MDL_STE_CFG_ABORT)
		return MDL_RES_ABORT;
	/* @cd == NULL: stage 1 bypassed (S1DSS) or not configured */
	if (ste->s1_enabled && cd && !cd->valid)
		return set_fault(f, MDL_EVT_C_BAD_CD);
	s1 = ste->s1_enabled && cd;
	s2 = ste->s2_enabled;
	if (s2)
		s2_setup(p, ste, &s2t);

	if (s1) {
		ret = s1_setup(p, ste, cd, iova, &s1t, f);
		if (!ret)
			ret = walk(mem, p, &s1t, iova, acc, s2 ? &s2t : NULL,
				   &l1, f);
		if (ret) {
			if (!f->s2)
				f->clss = MDL_CLASS_IN;
			return ret;
		}
		ipa = l1.oa;
		out->s1_level = (uint8_t)l1.level;
		out->asid = cd->asid;
		out->global = l1.global;
	} else {
		/*
		 * Stage 1 bypassed: the input goes straight to stage 2 (range
		 * IAS) or out (range OAS); beyond it is a stage-1 address size
		 * fault (Arm ARM AArch64.S1DisabledOutput, IHI 0070 3.4).
		 */
		ipa = iova;
		if (above(iova, s2 ? ias_bits(p) : oas_bits(p))) {
			f->level = 0;
			return set_fault(f, MDL_EVT_F_ADDR_SIZE);
		}
		l1.r = l1.w = l1.x = true;
		l1.pm[0] = l1.pm[1] = MDL_PERM_R | MDL_PERM_W | MDL_PERM_X;
		l1.size_log2 = 64u;
		out->global = true;
	}
	if (!s2) {
		out->pa = ipa;
		out->size_log2 = (uint8_t)(s1 ? l1.size_log2 : 12u);
		out->readable = l1.r;
		out->writable = l1.w;
		out->executable = l1.x;
		out->perm[0] = l1.pm[0];
		out->perm[1] = l1.pm[1];
		out->attrs = s1 ? l1.attr : 0u;
		/* S2VMID tags an EL1 stage-1-only stream's TLB entries */
		out->vmid = ste->s2vmid;
		return 0;
	}
	/* Stage 2 of the input (or stage-1 output) address: CLASS = IN */
	if (above(ipa, s2t.inbits)) {
		f->s2 = true;
		f->clss = MDL_CLASS_IN;
		f->ipa = ipa;
		f->level = 0;
		return set_fault(f, MDL_EVT_F_TRANSLATION);
	}
	ret = walk(mem, p, &s2t, ipa, acc, NULL, &l2, f);
	if (ret) {
		f->clss = MDL_CLASS_IN;
		f->ipa = ipa;
		return ret;
	}
	out->pa = l2.oa;
	out->s2_level = (uint8_t)l2.level;
	out->size_log2 = (uint8_t)(l1.size_log2 < l2.size_log2 ? l1.size_log2
							       : l2.size_log2);
	out->readable = l1.r && l2.r;
	out->writable = l1.w && l2.w;
	out->executable = l1.x && l2.x;
	out->perm[0] = l1.pm[0] & l2.pm[0];
	out->perm[1] = l1.pm[1] & l2.pm[1];
	out->vmid = ste->s2vmid;
	out->attrs = (s1 ? l1.attr : 0u) | ((uint64_t)l2.attr << 16);
	return 0;
}

int mdl_translate_stream(const struct mdl_mem *mem, const struct mdl_params *p,
			 uint64_t strtab_base, uint32_t strtab_cfg,
			 uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova,
			 unsigned int acc, struct mdl_xlate *out,
			 struct mdl_fault *fault)
{
	struct mdl_fault dummy;
	struct mdl_fault *f = fault ? fault : &dummy;
	struct mdl_ste ste;
	struct mdl_cd cd;
	bool bypass = false;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = mdl_ste_fetch(mem, p, strtab_base, strtab_cfg, sid, &ste, f);
	if (ret)
		return ret;
	if (ste.config == MDL_STE_CFG_ABORT)
		return MDL_RES_ABORT;
	ret = mdl_cd_fetch(mem, p, &ste, ssv, ssid, &cd, &bypass, f);
	if (ret) {
		/* stage-2 faults on the CD fetch still name the transaction */
		f->input_addr = iova;
		f->rnw = !(acc & MDL_ACC_WRITE);
		return ret;
	}
	return mdl_translate(mem, p, &ste, bypass ? NULL : &cd, iova, acc, out,
			     f);
}

/* ---------------------------------------------------------------------- */
/* Leaf enumeration (what an SMMU could cache speculatively)              */

/*
 * Visit every valid leaf below @table (at @level) whose input addresses
 * start at @ia_base. Descriptors that cannot be read, table addresses
 * beyond the output size and reserved encodings are skipped: a walk
 * through them faults, so nothing of theirs can be cached. The depth is
 * bounded by the four lookup levels.
 */
static void enum_table(const struct mdl_mem *mem, const struct mdl_params *p,
		       const struct tt *t, const struct tt *nest,
		       uint64_t table, unsigned int level, uint64_t ia_base,
		       mdl_leaf_fn fn, void *ctx)
{
	unsigned int shift = level_shift(t, level);
	unsigned int width = level == t->start ? t->inbits - shift : t->g - 3u;
	uint64_t n = (uint64_t)1 << width, idx, dpa, d, ia;
	struct mdl_fault f;

	for (idx = 0; idx < n; idx++) {
		dpa = table + 8u * idx;
		if (nest) {
			memset(&f, 0, sizeof(f));
			if (s2_access(mem, p, nest, dpa, false, MDL_CLASS_TT,
				      nest->ptw, &dpa, &f))
				continue;
		}
		if (read_desc(mem, t, dpa, &d) || !(d & 1u))
			continue;
		ia = ia_base | (idx << shift);
		if (level < 3u && (d & 3u) == 3u) {
			uint64_t next = desc_oa(t, d);

			if (!above(next, t->oabits))
				enum_table(mem, p, t, nest, next, level + 1u,
					   ia, fn, ctx);
			continue;
		}
		if (level == 3u ? (d & 3u) == 3u : block_ok(t, level))
			fn(ctx, ia, shift);
	}
}

int mdl_enum_leaves(const struct mdl_mem *mem, const struct mdl_params *p,
		    const struct mdl_ste *ste, const struct mdl_cd *cd,
		    mdl_leaf_fn fn, void *ctx)
{
	struct mdl_fault f;
	struct tt t, s2t;
	unsigned int half;

	if (!mem || !p || !ste || !ste->valid || !fn)
		return MDL_EVT_C_BAD_STE;
	if (!cd) {
		if (!ste->s2_enabled)
			return MDL_EVT_C_BAD_STE;
		s2_setup(p, ste, &t);
		enum_table(mem, p, &t, NULL, t.ttb, t.start, 0, fn, ctx);
		return 0;
	}
	if (!cd->valid || !ste->s1_enabled)
		return MDL_EVT_C_BAD_CD;
	if (ste->s2_enabled)
		s2_setup(p, ste, &s2t);
	/* TTB0 covers VA[55] = 0, TTB1 (when there are two ranges) the top. */
	for (half = 0; half < 2u; half++) {
		uint64_t probe = half ? ~(uint64_t)0 : 0;
		uint64_t base;

		memset(&f, 0, sizeof(f));
		if (half && el2_single(p, ste))
			break;
		if (s1_setup(p, ste, cd, probe, &t, &f))
			continue;
		base = half ? ~(uint64_t)0 << t.inbits : 0;
		if (t.inbits >= 64u)
			base = 0;
		enum_table(mem, p, &t, ste->s2_enabled ? &s2t : NULL, t.ttb,
			   t.start, base, fn, ctx);
	}
	return 0;
}
