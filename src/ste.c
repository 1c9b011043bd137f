// SPDX-License-Identifier: BSD-2-Clause
/*
 * STE and CD builders, their "used bits" functions, and the hitless entry
 * writer shared by both (IHI 0070 5.2, 5.4).
 *
 * The SMMU reads an entry 64 bits at a time, at any moment, and may cache
 * it until a CFGI + CMD_SYNC; an update must therefore be a sequence of
 * single-word stores, each separated by an invalidation, such that every
 * state the SMMU can observe behaves as either the old or the new entry.
 * The writer gets there by knowing which bits each configuration uses.
 */
#include <smmuv3/cmd.h>
#include <smmuv3/ste.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* Byte order of entries in memory: always little-endian (IHI 0070 5). */


/* ------------------------------------------------------------------ */
/* Shared checks                                                       */

static bool has(const struct smmuv3_caps *caps, uint64_t feat)
{
	return (caps->features & feat) != 0;
}

/* Bits of the physical address space: the OAS, or 52 when unknown. */
static unsigned int pa_bits(const struct smmuv3_caps *caps)
{
	return caps->oas_bits ? caps->oas_bits : 52u;
}

static bool addr_fits(uint64_t addr, unsigned int bits)
{
	return bits >= 64u || (addr >> bits) == 0;
}

/* IHI 0070 5.2 S2PS / 5.4 IPS: encoding -> address bits (6 = 52). */
static const uint8_t ps_bits[7] = {32, 36, 40, 42, 44, 48, 52};

/*
 * TG encodings (STE.S2TG and CD.TG0 share them): 0 4K, 1 64K, 2 16K, as
 * granule indexes (log2 granule = 12 + 2 * index; the granule features
 * are GRAN4K << index).
 */
static const uint8_t tg_gran[3] = {0, 2, 1};

_Static_assert(SMMUV3_FEAT_GRAN16K == SMMUV3_FEAT_GRAN4K << 1 &&
		       SMMUV3_FEAT_GRAN64K == SMMUV3_FEAT_GRAN4K << 2,
	       "granule features in granule order");

static int check_tg(const struct smmuv3_caps *caps, uint8_t tg)
{
	if (tg > 2u)
		return SMMUV3_EINVAL;
	return has(caps, SMMUV3_FEAT_GRAN4K << tg_gran[tg]) ? 0
							    : SMMUV3_EOPNOTSUPP;
}

/* Granule log2 of a (checked) TG encoding. */
static unsigned int tg_bits(uint8_t tg)
{
	return 12u + 2u * tg_gran[tg];
}

/*
 * Arm ARM TCR_ELx.TxSZ / VTCR_EL2.T0SZ with IHI 0070 5.4 T0SZ: at most 39
 * (small translation tables, IDR3.STT, are not used), at least 16 (48
 * bits) or 12 (52 bits: only the 64K granule, with IDR5.VAX at stage 1).
 */
#define TXSZ_MAX 39u
#define TXSZ_MIN 16u
#define TXSZ_MIN_52 12u

/*
 * Stage 2 input size and start level (Arm ARM AArch64.S2InvalidSL and
 * S2InconsistentSL; IHI 0070 5.2 S2T0SZ, S2SL0). 4K: SL0 0/1/2 start at
 * level 2/1/0; 16K/64K: at level 3/2/1; SL0 2 needs a PA size of 44 bits
 * (42 with 16K); 3 is reserved (FEAT_TTST/LPA2 not used). The start level
 * must resolve at least one bit and at most stride + 4 (16 concatenated
 * tables).
 */
static int check_s2_walk(const struct smmuv3_caps *caps,
			 const struct smmuv3_ste_s2 *s2)
{
	unsigned int g = tg_bits(s2->tg), stride = g - 3u, ias, inbits;
	unsigned int start, below;

	ias = caps->s2_ias_bits ? caps->s2_ias_bits : pa_bits(caps);
	if (ias > (g == 16u ? 52u : 48u))
		ias = g == 16u ? 52u : 48u;
	inbits = 64u - s2->t0sz;
	if (s2->t0sz > TXSZ_MAX || inbits > ias)
		return SMMUV3_ERANGE;
	if (s2->sl0 == 3u)
		return SMMUV3_EINVAL;
	if (s2->sl0 == 2u && pa_bits(caps) < (g == 14u ? 42u : 44u))
		return SMMUV3_EINVAL;
	start = (g == 12u ? 2u : 3u) - s2->sl0;
	below = g + (3u - start) * stride;
	if (inbits <= below || inbits - below > stride + 4u)
		return SMMUV3_EINVAL;
	return 0;
}

/*
 * Output size of a walk (IHI 0070 5.2 S2PS, 5.4 IPS): the configured size
 * must not exceed the OAS, and is capped to 48 bits unless the granule is
 * 64K (52-bit output addresses need FEAT_LPA, 64K only without LPA2). A
 * table base above it is ILLEGAL (S2TTB) or unreachable (TTB0). @ps and
 * @tg were checked.
 */
static bool oa_ok(const struct smmuv3_caps *caps, uint8_t ps, uint8_t tg,
		  uint64_t ttb)
{
	unsigned int b = ps_bits[ps];

	if (b > pa_bits(caps))
		return false;
	if (tg_bits(tg) != 16u && b > 48u)
		b = 48u;
	return !(ttb >> b);
}

/* Shareability: 1 is Reserved in every SH-type field. */
static bool sh_ok(uint8_t sh)
{
	return sh <= 3u && sh != 1u;
}

/*
 * The walk attributes a stage-2 STE and a CD share: cacheability 0..3,
 * shareability not the Reserved 1 (IHI 0070 5.2 S2SH0, 5.4 SH0), an
 * output size encoding 0..6 and a 16-byte aligned table base.
 */
static bool walk_ok(uint8_t irgn, uint8_t orgn, uint8_t sh, uint8_t ps,
		    uint64_t ttb)
{
	return irgn <= 3u && orgn <= 3u && sh_ok(sh) && ps <= 6u &&
	       !(ttb & 15u);
}

/*
 * Walk endianness (IDR0.TTENDIAN): refuse the one the SMMU lacks. When the
 * caps say nothing about endianness (neither flag), do not judge.
 */
static bool endi_ok(const struct smmuv3_caps *caps, bool endi)
{
	const uint64_t both = SMMUV3_FEAT_TT_LE | SMMUV3_FEAT_TT_BE;

	if (!(caps->features & both))
		return !endi;
	return has(caps, endi ? SMMUV3_FEAT_TT_BE : SMMUV3_FEAT_TT_LE);
}

/*
 * Field packing by table: each entry is two bytes, {offset of a uint8_t
 * or bool member of the builder's input, bit position in the entry (word
 * pos / 64, bit pos % 64)}. The member's value (range-checked before; a
 * bool is 0 or 1) is ORed in at that bit: one loop instead of a shift and
 * an OR per field.
 */
#define LSB_IS(m, bits) ((SMMUV3_MASK_LSB(m) & (bits)) != 0)
#define BITPOS(m)                                                   \
	(LSB_IS(m, 0xffffffff00000000ull) * 32u +                   \
	 LSB_IS(m, 0xffff0000ffff0000ull) * 16u +                   \
	 LSB_IS(m, 0xff00ff00ff00ff00ull) * 8u +                    \
	 LSB_IS(m, 0xf0f0f0f0f0f0f0f0ull) * 4u +                    \
	 LSB_IS(m, 0xccccccccccccccccull) * 2u +                    \
	 LSB_IS(m, 0xaaaaaaaaaaaaaaaaull))
#if defined(__GNUC__) || defined(__clang__)
/* Not offsetof(): a replacement environment header need not have it. */
#define MEMBER_OFFSET(type, member) __builtin_offsetof(type, member)
#else
#define MEMBER_OFFSET(type, member) offsetof(type, member)
#endif
#define PACK(type, member, word, mask)  \
	(uint8_t) MEMBER_OFFSET(type, member), \
		(uint8_t)((word) * 64u + BITPOS(mask))

static void pack(const void *in, const uint8_t *tab, size_t n, uint64_t *qw)
{
	const uint8_t *b = in;

	for (; n; n--, tab += 2)
		qw[tab[1] >> 6] |= (uint64_t)b[tab[0]] << (tab[1] & 63u);
}

/* ------------------------------------------------------------------ */
/* STE used bits (IHI 0070 5.2)                                        */

void smmuv3_ste_used(const struct smmuv3_ste *ste, struct smmuv3_ste *used)
{
	uint64_t qw0;
	uint8_t cfg;

	if (!ste || !used)
		return;
	qw0 = ste->qw[0];
	cfg = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, qw0);
	*used = (struct smmuv3_ste){ { 0 } };
	/* With V = 0 the SMMU looks at nothing else (C_BAD_STE). */
	used->qw[0] = SMMUV3_STE0_V;
	if (!(qw0 & SMMUV3_STE0_V))
		return;
	used->qw[0] |= SMMUV3_STE0_CONFIG;

	/*
	 * Config = bypass: only the attribute and permission overrides of
	 * the incoming transaction apply (ATS is not supported with bypass).
	 */
	if (cfg == SMMUV3_STE_CONFIG_BYPASS) {
		used->qw[1] |= SMMUV3_STE1_MTCFG | SMMUV3_STE1_MEMATTR |
			       SMMUV3_STE1_ALLOCCFG | SMMUV3_STE1_SHCFG |
			       SMMUV3_STE1_PRIVCFG | SMMUV3_STE1_INSTCFG;
		return;
	}
	/* Config = abort, or a reserved value (treated as abort). */
	if (!(cfg & 4u) || !(cfg & 3u))
		return;

	/* Any translating configuration. */
	used->qw[1] |= SMMUV3_STE1_EATS | SMMUV3_STE1_MEV |
		       SMMUV3_STE1_PRIVCFG | SMMUV3_STE1_INSTCFG;

	if (cfg & 1u) {
		/*
		 * Stage 1: the CD table and how to walk it. STRW too: with
		 * stage 2 it is IGNORED (effective NS-EL1, IHI 0070 5.2
		 * STRW), but counting it as used keeps a live nested STE
		 * from ever holding STRW = EL2 on the way to an EL2 entry.
		 */
		used->qw[0] |= SMMUV3_STE0_S1CTXPTR | SMMUV3_STE0_S1CDMAX;
		used->qw[1] |= SMMUV3_STE1_S1CIR | SMMUV3_STE1_S1COR |
			       SMMUV3_STE1_S1CSH | SMMUV3_STE1_S1STALLD |
			       SMMUV3_STE1_STRW;
		/*
		 * S1Fmt and S1DSS apply only when substreams exist (S1CDMAX
		 * != 0: otherwise S1ContextPtr is the one CD); with S1DSS =
		 * bypass, traffic without a SubstreamID skips stage 1 and the
		 * incoming-attribute overrides apply to it.
		 */
		if (SMMUV3_FIELD_GET(SMMUV3_STE0_S1CDMAX, qw0) != 0) {
			used->qw[0] |= SMMUV3_STE0_S1FMT;
			used->qw[1] |= SMMUV3_STE1_S1DSS;
			if (SMMUV3_FIELD_GET(SMMUV3_STE1_S1DSS, ste->qw[1]) ==
			    SMMUV3_STE_S1DSS_BYPASS)
				used->qw[1] |= SMMUV3_STE1_MTCFG |
					       SMMUV3_STE1_MEMATTR |
					       SMMUV3_STE1_ALLOCCFG |
					       SMMUV3_STE1_SHCFG;
		}
	}
	if (cfg == SMMUV3_STE_CONFIG_S1) {
		/*
		 * Stage 1 only. STRW selects the stream world. The VMID tags
		 * stage-1 TLB entries of the NS-EL1 world; the EL2 regimes
		 * have none (reserved STRW values: kept as used). S2S is
		 * IGNORED with stage 2 disabled (IHI 0070 5.2 S2S: "When
		 * STE.Config == 0b10x, {S2R, S2S} are IGNORED"), except that
		 * the validity check of a non-zero EATS may read it (5.2 V
		 * note; 5.2 EATS: CONSTRAINED UNPREDICTABLE for EATS = 0b01
		 * on SMMUv3.0), so it is used only when EATS != 0.
		 */
		if (ste->qw[1] & SMMUV3_STE1_EATS)
			used->qw[2] |= SMMUV3_STE2_S2S;
		if (SMMUV3_FIELD_GET(SMMUV3_STE1_STRW, ste->qw[1]) !=
		    SMMUV3_STE_STRW_EL2)
			used->qw[2] |= SMMUV3_STE2_S2VMID;
	}
	if (cfg & 2u) {
		used->qw[1] |= SMMUV3_STE1_S2FWB;
		/*
		 * Stage 2 only: the incoming attributes, after the overrides,
		 * are what stage 2 combines with. Nested: stage 1's output
		 * replaces them (IHI 0070 13.5: SH = Combine(S1_TTD.SH,
		 * S2_TTD.SH)), so SHCFG and the type overrides are used only
		 * for traffic that skips stage 1 (S1DSS = bypass, above).
		 */
		if (!(cfg & 1u))
			used->qw[1] |= SMMUV3_STE1_MTCFG | SMMUV3_STE1_MEMATTR |
				       SMMUV3_STE1_ALLOCCFG | SMMUV3_STE1_SHCFG;
		used->qw[2] |= SMMUV3_STE2_S2VMID | SMMUV3_STE2_VTCR |
			       SMMUV3_STE2_S2AA64 | SMMUV3_STE2_S2ENDI |
			       SMMUV3_STE2_S2AFFD | SMMUV3_STE2_S2PTW |
			       SMMUV3_STE2_S2HD | SMMUV3_STE2_S2HA |
			       SMMUV3_STE2_S2S | SMMUV3_STE2_S2R;
		used->qw[3] |= SMMUV3_STE3_S2TTB;
	}
}

/*
 * Bits the writer may change in the same step as unused bits although the
 * current configuration uses them. Each needs a reason why an SMMU seeing
 * the old value with otherwise new bits (or the reverse) is still correct:
 * - MEV only allows merging of event records; the SMMU may merge similar
 *   events even with MEV = 0 (IHI 0070 5.2 MEV), so either value is fine.
 * - EATS between abort (0) and translate (1): the caller disables ATS in
 *   the endpoint before clearing EATS and enables it only after setting
 *   it, so no Translation Request arrives while the value matters. Not
 *   when either side uses S1CHK (EATS bit 1), and not with S2S (EATS != 0
 *   with S2S = 1 is an illegal STE, so the order does matter there).
 * Honoured only where both entries use the bit. Only word 1 has safe bits:
 * the caller zeroes the others.
 */
static void ste_safe(const uint64_t *cur, const uint64_t *tgt, uint64_t *safe)
{
	safe[1] = SMMUV3_STE1_MEV;
	if (!((cur[1] | tgt[1]) &
	      SMMUV3_FIELD_PREP(SMMUV3_STE1_EATS, SMMUV3_STE_EATS_S1CHK)) &&
	    !((cur[2] | tgt[2]) & SMMUV3_STE2_S2S))
		safe[1] |= SMMUV3_FIELD_PREP(SMMUV3_STE1_EATS,
					     SMMUV3_STE_EATS_TRANS);
}

/* ------------------------------------------------------------------ */
/* STE builders                                                        */

int smmuv3_ste_build_abort(struct smmuv3_ste *ste)
{
	if (!ste)
		return SMMUV3_EINVAL;
	memset(ste, 0, sizeof(*ste));
	ste->qw[0] = SMMUV3_STE0_V |
		     SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG,
				       (uint64_t)SMMUV3_STE_CONFIG_ABORT);
	return 0;
}

/* SHCFG = "use incoming" where the field exists (its 0 means NSH). */
static uint64_t shcfg_incoming(const struct smmuv3_caps *caps)
{
	if (!has(caps, SMMUV3_FEAT_ATTR_TYPES_OVR))
		return 0;
	return SMMUV3_FIELD_PREP(SMMUV3_STE1_SHCFG,
				 (uint64_t)SMMUV3_STE_SHCFG_INCOMING);
}

int smmuv3_ste_build_bypass(const struct smmuv3_caps *caps,
			    const struct smmuv3_ste_attr *attr,
			    struct smmuv3_ste *ste)
{
	uint64_t qw1 = 0;
	bool types, perms;

	if (!caps || !ste)
		return SMMUV3_EINVAL;
	if (!attr) {
		qw1 = shcfg_incoming(caps);
		goto out;
	}
	if (!SMMUV3_FIELD_FITS(SMMUV3_STE1_MEMATTR, attr->memattr) ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STE1_ALLOCCFG, attr->alloccfg) ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STE1_SHCFG, attr->shcfg) ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STE1_PRIVCFG, attr->privcfg) ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STE1_INSTCFG, attr->instcfg))
		return SMMUV3_ERANGE;
	/* IHI 0070 5.2: PRIVCFG 0b01 and INSTCFG 0b01 are Reserved. */
	if (attr->privcfg == 1u || attr->instcfg == 1u)
		return SMMUV3_EINVAL;
	/* MemAttr is ignored unless MTCFG = 1: do not set ignored bits. */
	if (!attr->mtcfg && attr->memattr)
		return SMMUV3_EINVAL;
	/* ALLOCCFG 0b0xxx means "incoming": refuse the ignored low bits. */
	if (attr->alloccfg && !(attr->alloccfg & 8u))
		return SMMUV3_EINVAL;
	types = attr->mtcfg || attr->alloccfg ||
		attr->shcfg != SMMUV3_STE_SHCFG_INCOMING;
	perms = attr->privcfg || attr->instcfg;
	if ((types && !has(caps, SMMUV3_FEAT_ATTR_TYPES_OVR)) ||
	    (perms && !has(caps, SMMUV3_FEAT_ATTR_PERMS_OVR)))
		return SMMUV3_EOPNOTSUPP;
	qw1 = (attr->mtcfg ? SMMUV3_STE1_MTCFG : 0) |
	      SMMUV3_FIELD_PREP(SMMUV3_STE1_MEMATTR, (uint64_t)attr->memattr) |
	      SMMUV3_FIELD_PREP(SMMUV3_STE1_ALLOCCFG,
				(uint64_t)attr->alloccfg) |
	      SMMUV3_FIELD_PREP(SMMUV3_STE1_PRIVCFG, (uint64_t)attr->privcfg) |
	      SMMUV3_FIELD_PREP(SMMUV3_STE1_INSTCFG, (uint64_t)attr->instcfg);
	/* Without ATTR_TYPES_OVR SHCFG is ignored: leave it 0. */
	if (has(caps, SMMUV3_FEAT_ATTR_TYPES_OVR))
		qw1 |= SMMUV3_FIELD_PREP(SMMUV3_STE1_SHCFG,
					 (uint64_t)attr->shcfg);
out:
	memset(ste, 0, sizeof(*ste));
	ste->qw[0] = SMMUV3_STE0_V |
		     SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG,
				       (uint64_t)SMMUV3_STE_CONFIG_BYPASS);
	ste->qw[1] = qw1;
	return 0;
}

static uint64_t instcfg(const struct smmuv3_caps *caps)
{
	if (!(caps->options & SMMUV3_OPT_OVR_INSTCFG_DATA))
		return 0;
	return SMMUV3_FIELD_PREP(SMMUV3_STE1_INSTCFG,
				 (uint64_t)SMMUV3_STE_INSTCFG_DATA);
}

/* Check the common flags; @s1/@s2 say which stages the STE has. */
static int check_flags(const struct smmuv3_caps *caps, uint32_t flags, bool s1,
		       bool s2)
{
	if (flags & ~SMMUV3_STE_F_ALL)
		return SMMUV3_EINVAL;
	if ((flags & SMMUV3_STE_F_EL2) && s2)
		return SMMUV3_EINVAL; /* STRW = EL2 with stage 2: illegal */
	/* IHI 0070 5.2: EATS != 0 with S2S = 1 is an illegal STE. */
	if (s2 && (flags & SMMUV3_STE_F_ATS) && (flags & SMMUV3_STE_F_STALL))
		return SMMUV3_EINVAL;
	/*
	 * IHI 0070 5.5: with IDR0.STALL_MODEL = 0b10 every translating STE
	 * must stall (S1STALLD = 0, S2S = 1), so a master that cannot stall
	 * has no legal STE there; with stage 2 this also refuses ATS (EATS
	 * with S2S is illegal, above).
	 */
	if ((s1 || s2) && !(flags & SMMUV3_STE_F_STALL) &&
	    has(caps, SMMUV3_FEAT_STALL_FORCE))
		return SMMUV3_EINVAL;
	if ((flags & SMMUV3_STE_F_ATS) && !has(caps, SMMUV3_FEAT_ATS))
		return SMMUV3_EOPNOTSUPP;
	if ((flags & SMMUV3_STE_F_STALL) && !has(caps, SMMUV3_FEAT_STALLS))
		return SMMUV3_EOPNOTSUPP;
	if ((flags & SMMUV3_STE_F_EL2) && !has(caps, SMMUV3_FEAT_E2H))
		return SMMUV3_EOPNOTSUPP;
	return 0;
}

/* IHI 0070 5.2: the stage-1 fields taken from the input as they are. */
#define S1_PACK(member, word, mask) \
	PACK(struct smmuv3_ste_s1, member, word, mask)
static const uint8_t s1_pack[] = {
	S1_PACK(s1fmt, 0u, SMMUV3_STE0_S1FMT),
	S1_PACK(s1cdmax, 0u, SMMUV3_STE0_S1CDMAX),
	S1_PACK(cir, 1u, SMMUV3_STE1_S1CIR),
	S1_PACK(cor, 1u, SMMUV3_STE1_S1COR),
	S1_PACK(csh, 1u, SMMUV3_STE1_S1CSH),
};

/* The stage-1 inputs. @addr_bits bounds cdtab. */
static int s1_check(const struct smmuv3_caps *caps,
		    const struct smmuv3_ste_s1 *s1, unsigned int addr_bits)
{
	if (s1->s1fmt != SMMUV3_STE_S1FMT_LINEAR &&
	    s1->s1fmt != SMMUV3_STE_S1FMT_64K_L2)
		return SMMUV3_EINVAL;
	if (s1->cdtab & 63u)
		return SMMUV3_EINVAL;
	if (s1->s1dss > SMMUV3_STE_S1DSS_SSID0 || s1->cir > 3u ||
	    s1->cor > 3u || !sh_ok(s1->csh))
		return SMMUV3_EINVAL;
	/*
	 * S1Fmt and S1DSS are ignored without substreams: only a linear
	 * "table" of one CD and SSID0 describe that.
	 */
	if (s1->s1cdmax == 0 && (s1->s1dss != SMMUV3_STE_S1DSS_SSID0 ||
				 s1->s1fmt != SMMUV3_STE_S1FMT_LINEAR))
		return SMMUV3_EINVAL;
	if (s1->s1cdmax > caps->ssid_bits ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STE0_S1CDMAX, s1->s1cdmax) ||
	    !addr_fits(s1->cdtab, addr_bits))
		return SMMUV3_ERANGE;
	if (s1->s1fmt == SMMUV3_STE_S1FMT_64K_L2 &&
	    !has(caps, SMMUV3_FEAT_2LVL_CDTAB))
		return SMMUV3_EOPNOTSUPP;
	return 0;
}

/* IHI 0070 5.2: the stage-2 fields taken from the input as they are. */
#define S2_PACK(member, word, mask) \
	PACK(struct smmuv3_ste_s2, member, word, mask)
static const uint8_t s2_pack[] = {
	S2_PACK(t0sz, 2u, SMMUV3_STE2_S2T0SZ),
	S2_PACK(sl0, 2u, SMMUV3_STE2_S2SL0),
	S2_PACK(irgn, 2u, SMMUV3_STE2_S2IR0),
	S2_PACK(orgn, 2u, SMMUV3_STE2_S2OR0),
	S2_PACK(sh, 2u, SMMUV3_STE2_S2SH0),
	S2_PACK(tg, 2u, SMMUV3_STE2_S2TG),
	S2_PACK(ps, 2u, SMMUV3_STE2_S2PS),
	S2_PACK(aa64, 2u, SMMUV3_STE2_S2AA64),
	S2_PACK(endi, 2u, SMMUV3_STE2_S2ENDI),
	S2_PACK(affd, 2u, SMMUV3_STE2_S2AFFD),
	S2_PACK(ptw, 2u, SMMUV3_STE2_S2PTW),
	S2_PACK(record, 2u, SMMUV3_STE2_S2R),
	S2_PACK(fwb, 1u, SMMUV3_STE1_S2FWB),
};

static int s2_check(const struct smmuv3_caps *caps,
		    const struct smmuv3_ste_s2 *s2)
{
	unsigned int vmid_bits = caps->vmid_bits ? caps->vmid_bits : 16u;
	int err;

	if (!walk_ok(s2->irgn, s2->orgn, s2->sh, s2->ps, s2->ttb))
		return SMMUV3_EINVAL;
	if (!SMMUV3_FIELD_FITS(SMMUV3_STE2_S2T0SZ, s2->t0sz) ||
	    !SMMUV3_FIELD_FITS(SMMUV3_STE2_S2SL0, s2->sl0))
		return SMMUV3_ERANGE;
	err = check_tg(caps, s2->tg);
	if (err)
		return err;
	err = check_s2_walk(caps, s2);
	if (err)
		return err;
	/* VMID 0 is kept for stage-1 STEs of the NS-EL1 world (docs/ste.md). */
	if (s2->vmid == 0 || (vmid_bits < 16u && (s2->vmid >> vmid_bits)))
		return SMMUV3_ERANGE;
	if (!oa_ok(caps, s2->ps, s2->tg, s2->ttb))
		return SMMUV3_ERANGE;
	/* The builders describe AArch64 (VMSAv8-64) tables only. */
	if (!s2->aa64 || (s2->fwb && !has(caps, SMMUV3_FEAT_S2FWB)) ||
	    !endi_ok(caps, s2->endi))
		return SMMUV3_EOPNOTSUPP;
	return 0;
}

/*
 * The translating STEs: stage 1 (@s2 NULL), stage 2 (@s1 NULL) or nested
 * (both). One body for the three builders (the checks and the common
 * fields are the same); Config is 0b1 S2 S1 (IHI 0070 5.2).
 */
static int build_trans(const struct smmuv3_caps *caps,
		       const struct smmuv3_ste_s1 *s1,
		       const struct smmuv3_ste_s2 *s2, uint32_t flags,
		       struct smmuv3_ste *ste)
{
	uint64_t *e;
	int err;

	_Static_assert(SMMUV3_STE_CONFIG_S1 == SMMUV3_STE_CONFIG_BYPASS + 1u &&
			       SMMUV3_STE_CONFIG_S2 ==
				       SMMUV3_STE_CONFIG_BYPASS + 2u &&
			       SMMUV3_STE_CONFIG_NESTED ==
				       SMMUV3_STE_CONFIG_BYPASS + 3u,
		       "Config: stage 1 is bit 0, stage 2 bit 1");
	if (!caps || !ste)
		return SMMUV3_EINVAL;
	err = check_flags(caps, flags, s1 != NULL, s2 != NULL);
	if (err)
		return err;
	if ((s1 && s2 && !has(caps, SMMUV3_FEAT_NESTING)) ||
	    (s1 && !has(caps, SMMUV3_FEAT_TRANS_S1)) ||
	    (s2 && !has(caps, SMMUV3_FEAT_TRANS_S2)))
		return SMMUV3_EOPNOTSUPP;
	/* Nested, the CD table address is an IPA: bounded by the stage-2
	 * input size. */
	if (s1)
		err = s1_check(caps, s1,
			       !s2		   ? pa_bits(caps)
			       : caps->s2_ias_bits ? caps->s2_ias_bits
						   : 52u);
	if (!err && s2)
		err = s2_check(caps, s2);
	if (err)
		return err;

	/* Valid: build it in place. */
	memset(ste, 0, sizeof(*ste));
	e = ste->qw;
	e[0] = SMMUV3_STE0_V |
	       SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG,
				 (uint64_t)(SMMUV3_STE_CONFIG_BYPASS +
					    (s1 ? 1u : 0u) + (s2 ? 2u : 0u)));
	e[1] = instcfg(caps) |
	       ((flags & SMMUV3_STE_F_MEV) ? SMMUV3_STE1_MEV : 0) |
	       ((flags & SMMUV3_STE_F_ATS)
			? SMMUV3_FIELD_PREP(SMMUV3_STE1_EATS,
					    (uint64_t)SMMUV3_STE_EATS_TRANS)
			: 0);
	if (s1) {
		e[0] |= s1->cdtab & SMMUV3_STE0_S1CTXPTR;
		pack(s1, s1_pack, sizeof(s1_pack) / 2u, e);
		/* S1DSS only with substreams; with S1DSS = bypass the
		 * overrides apply to the traffic without a SubstreamID. */
		if (s1->s1cdmax) {
			e[1] |= SMMUV3_FIELD_PREP(SMMUV3_STE1_S1DSS,
						  (uint64_t)s1->s1dss);
			if (s1->s1dss == SMMUV3_STE_S1DSS_BYPASS)
				e[1] |= shcfg_incoming(caps);
		}
		/* S1STALLD is RES0 unless the SMMU supports stalls. */
		if (has(caps, SMMUV3_FEAT_STALLS) &&
		    !(flags & SMMUV3_STE_F_STALL))
			e[1] |= SMMUV3_STE1_S1STALLD;
		if (flags & SMMUV3_STE_F_EL2)
			e[1] |= SMMUV3_FIELD_PREP(SMMUV3_STE1_STRW,
						  (uint64_t)SMMUV3_STE_STRW_EL2);
	}
	if (s2) {
		pack(s2, s2_pack, sizeof(s2_pack) / 2u, e);
		e[2] |= SMMUV3_FIELD_PREP(SMMUV3_STE2_S2VMID,
					  (uint64_t)s2->vmid) |
			((flags & SMMUV3_STE_F_STALL) ? SMMUV3_STE2_S2S : 0);
		e[3] = s2->ttb & SMMUV3_STE3_S2TTB;
		/* Stage 2 only: the overrides apply to the input of stage
		 * 2. */
		if (!s1)
			e[1] |= shcfg_incoming(caps);
	}
	return 0;
}

int smmuv3_ste_build_s1(const struct smmuv3_caps *caps,
			const struct smmuv3_ste_s1 *s1, uint32_t flags,
			struct smmuv3_ste *ste)
{
	return s1 ? build_trans(caps, s1, NULL, flags, ste) : SMMUV3_EINVAL;
}

int smmuv3_ste_build_s2(const struct smmuv3_caps *caps,
			const struct smmuv3_ste_s2 *s2, uint32_t flags,
			struct smmuv3_ste *ste)
{
	return s2 ? build_trans(caps, NULL, s2, flags, ste) : SMMUV3_EINVAL;
}

int smmuv3_ste_build_nested(const struct smmuv3_caps *caps,
			    const struct smmuv3_ste_s1 *s1,
			    const struct smmuv3_ste_s2 *s2, uint32_t flags,
			    struct smmuv3_ste *ste)
{
	return s1 && s2 ? build_trans(caps, s1, s2, flags, ste)
			: SMMUV3_EINVAL;
}

/* ------------------------------------------------------------------ */
/* CDs (IHI 0070 5.4)                                                  */

void smmuv3_cd_used(const struct smmuv3_cd *cd, struct smmuv3_cd *used)
{
	unsigned int i;

	if (!cd || !used)
		return;
	*used = (struct smmuv3_cd){ { 0 } };
	used->qw[0] = SMMUV3_CD0_V;
	if (!(cd->qw[0] & SMMUV3_CD0_V))
		return;
	/*@ loop invariant 0 <= i <= 8;
	    loop invariant \forall integer j; 0 <= j < i ==> used->qw[j] == 0xffffffffffffffff;
	    loop assigns i, used->qw[0 .. 7];
	    loop variant 8 - i; */
	for (i = 0; i < SMMUV3_CD_QWORDS; i++)
		used->qw[i] = ~(uint64_t)0;
	/* EPD0 = 1: no TTB0 walks, so TTB0 and its walk attributes are idle. */
	if (cd->qw[0] & SMMUV3_CD0_EPD0) {
		used->qw[0] &=
			~(SMMUV3_CD0_T0SZ | SMMUV3_CD0_TG0 | SMMUV3_CD0_IR0 |
			  SMMUV3_CD0_OR0 | SMMUV3_CD0_SH0);
		used->qw[1] &= ~SMMUV3_CD1_TTB0;
	}
}

/* IHI 0070 5.4: the CD fields taken from the input as they are. */
#define CD_PACK(member, mask) PACK(struct smmuv3_cd_cfg, member, 0u, mask)
static const uint8_t cd_fields[] = {
	CD_PACK(t0sz, SMMUV3_CD0_T0SZ),	 CD_PACK(tg0, SMMUV3_CD0_TG0),
	CD_PACK(irgn0, SMMUV3_CD0_IR0),	 CD_PACK(orgn0, SMMUV3_CD0_OR0),
	CD_PACK(sh0, SMMUV3_CD0_SH0),	 CD_PACK(epd0, SMMUV3_CD0_EPD0),
	CD_PACK(endi, SMMUV3_CD0_ENDI),	 CD_PACK(ips, SMMUV3_CD0_IPS),
	CD_PACK(aa64, SMMUV3_CD0_AA64),	 CD_PACK(hd, SMMUV3_CD0_HD),
	CD_PACK(ha, SMMUV3_CD0_HA),	 CD_PACK(stall, SMMUV3_CD0_S),
	CD_PACK(record, SMMUV3_CD0_R),	 CD_PACK(abort, SMMUV3_CD0_A),
	CD_PACK(aset, SMMUV3_CD0_ASET),
};

int smmuv3_cd_build(const struct smmuv3_caps *caps,
		    const struct smmuv3_cd_cfg *cfg, struct smmuv3_cd *cd)
{
	unsigned int asid_bits;
	int err;

	if (!caps || !cfg || !cd)
		return SMMUV3_EINVAL;
	asid_bits = caps->asid_bits ? caps->asid_bits : 16u;
	if ((cfg->hd && !cfg->ha) ||
	    !walk_ok(cfg->irgn0, cfg->orgn0, cfg->sh0, cfg->ips, cfg->ttb0))
		return SMMUV3_EINVAL;
	if (cfg->epd0) {
		/* Never set bits the SMMU ignores (T0 fields, TTB0). */
		if (cfg->ttb0 || cfg->t0sz || cfg->tg0 || cfg->irgn0 ||
		    cfg->orgn0 || cfg->sh0)
			return SMMUV3_EINVAL;
	} else {
		/* CD.TG0 and STE.S2TG share the encoding. */
		err = check_tg(caps, cfg->tg0);
		if (err)
			return err;
		if (cfg->t0sz > TXSZ_MAX ||
		    cfg->t0sz < ((tg_bits(cfg->tg0) == 16u &&
				  has(caps, SMMUV3_FEAT_VAX))
					 ? TXSZ_MIN_52
					 : TXSZ_MIN))
			return SMMUV3_ERANGE;
	}
	if ((asid_bits < 16u && (cfg->asid >> asid_bits)) ||
	    !oa_ok(caps, cfg->ips, cfg->tg0, cfg->ttb0))
		return SMMUV3_ERANGE;
	/*
	 * IHI 0070 5.5: CD.S = 0 is ILLEGAL when IDR0.STALL_MODEL = 0b10
	 * (stalls forced), CD.A = 0 when IDR0.TERM_MODEL = 1 (no RAZ/WI).
	 */
	if ((!cfg->stall && has(caps, SMMUV3_FEAT_STALL_FORCE)) ||
	    (!cfg->abort && has(caps, SMMUV3_FEAT_TERM_MODEL)))
		return SMMUV3_EINVAL;
	if ((cfg->ha && !has(caps, SMMUV3_FEAT_HA)) ||
	    (cfg->hd && !has(caps, SMMUV3_FEAT_HD)) ||
	    (cfg->stall && !has(caps, SMMUV3_FEAT_STALLS)) ||
	    !endi_ok(caps, cfg->endi) || !cfg->aa64)
		return SMMUV3_EOPNOTSUPP;

	/* Valid: build it in place. */
	memset(cd, 0, sizeof(*cd));
	cd->qw[0] = SMMUV3_CD0_EPD1 | SMMUV3_CD0_V |
		    SMMUV3_FIELD_PREP(SMMUV3_CD0_ASID, (uint64_t)cfg->asid);
	pack(cfg, cd_fields, sizeof(cd_fields) / 2u, cd->qw);
	cd->qw[1] = cfg->ttb0 & SMMUV3_CD1_TTB0;
	cd->qw[3] = cfg->mair;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */

#define MAX_QWORDS 8u
#define MAX_STEPS 3u
#define MAX_CMDS (SMMUV3_WRITE_MAX_SIDS + 1u)

/* One step: words to store (mask of qwords, values), then one sync. */
struct step {
	uint8_t mask;
	uint64_t val[MAX_QWORDS];
};

struct plan {
	struct step step[MAX_STEPS];
	unsigned int nsteps;
	bool hitless;
};

/*@ // The invariant of every planned step, proved by WP (docs/proofs.md).
    // x AND m, kept opaque to WP's simplifier (see proofs/ste_bits.h).
    logic integer band(integer x, integer m) = m & x;
    // @e holds the current entry @c in every bit of @m (the bits it uses
    // minus the safe bits both entries use: find_critical()).
    predicate as_old(uint64_t *e, uint64_t *c, uint64_t *m) =
      \forall integer i; 0 <= i < 8 ==> band(e[i], m[i]) == band(c[i], m[i]);
    // @e holds the target @t (which sets only bits of @tu) in every bit
    // it uses.
    predicate as_new(uint64_t *e, uint64_t *t, uint64_t *tu) =
      \forall integer i; 0 <= i < 8 ==> (e[i] & tu[i]) == t[i];
    predicate good(uint64_t *e, uint64_t *c, uint64_t *m, uint64_t *t,
                   uint64_t *tu) = as_old(e, c, m) || as_new(e, t, tu);
    // @a differs from @b in at most word @j (one 64-bit store).
    predicate one_word_at(uint64_t *b, uint64_t *a, integer j) = 0 <= j < 8 &&
      \forall integer i; 0 <= i < 8 && i != j ==> b[i] == a[i];
    predicate one_word(uint64_t *b, uint64_t *a) = \exists integer j;
      one_word_at(b, a, j);
    // Every entry the SMMU can read while @b becomes @a (any mix of their
    // words) behaves as the old entry or as the new one.
    predicate hitless_step(uint64_t *c, uint64_t *m, uint64_t *t,
                           uint64_t *tu, uint64_t *b, uint64_t *a) =
      (as_old(b, c, m) && as_old(a, c, m)) ||
      (as_new(b, t, tu) && as_new(a, t, tu)) ||
      (one_word(b, a) && good(b, c, m, t, tu) && good(a, c, m, t, tu));
    // The same, where an entry with word 0 = 0 (V = 0: abort) may be seen.
    predicate abort_step(uint64_t *c, uint64_t *m, uint64_t *t,
                         uint64_t *tu, uint64_t *b, uint64_t *a) =
      (b[0] == 0 && a[0] == 0) ||
      (one_word(b, a) && (good(b, c, m, t, tu) || b[0] == 0) &&
       (good(a, c, m, t, tu) || a[0] == 0));
 */

typedef void (*used_fn)(const uint64_t *entry, uint64_t *used);
typedef void (*safe_fn)(const uint64_t *cur, const uint64_t *tgt,
			uint64_t *safe);

static void copy_words(uint64_t *dst, const uint64_t *src)
{
	unsigned int i;

	/*@ loop invariant 0 <= i <= 8;
	    loop invariant \forall integer j; 0 <= j < i ==> dst[j] == src[j];
	    loop assigns i, dst[0 .. 7];
	    loop variant 8 - i; */
	for (i = 0; i < MAX_QWORDS; i++)
		dst[i] = src[i];
}

static void ste_used_words(const uint64_t *entry, uint64_t *used)
{
	struct smmuv3_ste e = { { 0 } }, u;

	copy_words(e.qw, entry);
	smmuv3_ste_used(&e, &u);
	copy_words(used, u.qw);
}

static void cd_used_words(const uint64_t *entry, uint64_t *used)
{
	struct smmuv3_cd e = { { 0 } }, u;

	copy_words(e.qw, entry);
	smmuv3_cd_used(&e, &u);
	copy_words(used, u.qw);
}

/* Queue a step moving @state to @next; skipped when nothing changes. */
static void add_step(struct plan *p, uint64_t *state, const uint64_t *next)
{
	struct step *s = &p->step[p->nsteps];
	unsigned int i;

	s->mask = 0;
	/*@ loop invariant 0 <= i <= 8;
	    loop invariant \forall integer j; 0 <= j < i ==> state[j] == next[j];
	    loop invariant \forall integer j; i <= j < 8 ==> state[j] == \at(state[j], LoopEntry);
	    loop invariant (\forall integer j; 0 <= j < i ==> \at(state[j], LoopEntry) == next[j]) ==> s->mask == 0;
	    loop invariant \forall integer j; 0 <= j < i && \at(state[j], LoopEntry) != next[j] ==> s->val[j] == next[j];
	    loop assigns i, s->mask, s->val[0 .. 7], state[0 .. 7];
	    loop variant 8 - i; */
	for (i = 0; i < MAX_QWORDS; i++) {
		if (state[i] != next[i]) {
			s->mask |= (uint8_t)(1u << i);
			s->val[i] = next[i];
			state[i] = next[i];
		}
	}
	if (s->mask)
		p->nsteps++;
}

/* The current word with every bit it does not use already at target. */
static uint64_t idle_update(uint64_t cur, uint64_t tgt, uint64_t cur_used)
{
	return (cur & cur_used) | (tgt & ~cur_used);
}

/*
 * Fill @eff with the bits of the current entry that must keep their value
 * until the critical store (used; a safe bit counts as unused, it may be
 * written early, but only where both entries use it) and @upd with the
 * current entry whose other bits are already at target; return the number
 * of critical words, where the hardware would still see a wrong used bit,
 * and the index of the last one in *@crit.
 */
static unsigned int find_critical(const uint64_t *cur, const uint64_t *tgt,
				  const uint64_t *cur_used,
				  const uint64_t *tgt_used,
				  const uint64_t *safe, uint64_t *eff,
				  uint64_t *upd, unsigned int *crit)
{
	unsigned int i, ncrit = 0;

	*crit = 0;
	/*@ loop invariant 0 <= i <= 8 && ncrit <= i && *crit < 8;
	    loop invariant \forall integer j; 0 <= j < i ==>
	        eff[j] == (cur_used[j] & (uint64_t)(~(safe[j] & tgt_used[j])));
	    loop invariant \forall integer j; 0 <= j < i ==>
	        band(upd[j], eff[j]) == band(cur[j], eff[j]);
	    loop invariant ncrit == 0 ==> \forall integer j; 0 <= j < i ==>
	        (upd[j] & tgt_used[j]) == tgt[j];
	    loop invariant ncrit == 1 ==> \forall integer j; 0 <= j < i && j != *crit ==>
	        (upd[j] & tgt_used[j]) == tgt[j];
	    loop invariant ncrit >= 1 ==> *crit < i;
	    loop assigns i, ncrit, *crit, eff[0 .. 7], upd[0 .. 7];
	    loop variant 8 - i; */
	for (i = 0; i < MAX_QWORDS; i++) {
		eff[i] = cur_used[i] & ~(safe[i] & tgt_used[i]);
		upd[i] = idle_update(cur[i], tgt[i], eff[i]);
		if ((upd[i] & tgt_used[i]) != tgt[i]) {
			ncrit++;
			*crit = i;
		}
	}
	return ncrit;
}

/*
 * Plan the update of @cur to @tgt (the used-bits method of docs/ste.md;
 * IHI 0070 3.21.3 on the 64-bit single-copy atomicity of entry reads) from
 * the bits each entry uses (@cur_used, @tgt_used; @tgt sets no others)
 * and the bits safe to change early (@safe). Word 0 holds the valid bit of
 * both an STE (bit 0) and a CD (bit 31). docs/proofs.md states what is
 * proved of every step (the assertions below).
 */
static void plan_update(const uint64_t *cur, const uint64_t *tgt,
			const uint64_t *cur_used, const uint64_t *tgt_used,
			const uint64_t *safe, struct plan *p)
{
	uint64_t eff[MAX_QWORDS], unused_upd[MAX_QWORDS];
	uint64_t state[MAX_QWORDS], next[MAX_QWORDS];
	unsigned int ncrit, crit;

	copy_words(state, cur);
	p->nsteps = 0;
	p->hitless = true;
	ncrit = find_critical(cur, tgt, cur_used, tgt_used, safe, eff,
			      unused_upd, &crit);
	//@ assert st_old: as_old(&state[0], cur, &eff[0]);

	if (ncrit == 0) {
		/*
		 * Only idle or safe bits differ: one step (the second one
		 * stores nothing unless the current entry still has a used
		 * bit set that the target neither uses nor sets).
		 */
		//@ assert s0a_old: as_old(&unused_upd[0], cur, &eff[0]);
		//@ check s0a: hitless_step(cur, &eff[0], tgt, tgt_used, &state[0], &unused_upd[0]);
		add_step(p, state, unused_upd);
		//@ assert s0b_new: as_new(&state[0], tgt, tgt_used);
		//@ assert s0b_tgt: as_new(tgt, tgt, tgt_used);
		//@ check s0b: hitless_step(cur, &eff[0], tgt, tgt_used, &state[0], tgt);
		add_step(p, state, tgt);
	} else if (ncrit == 1) {
		/* 1: every idle bit, keeping the critical word as it is. */
		copy_words(next, unused_upd);
		next[crit] = cur[crit];
		//@ assert s1a_old: as_old(&next[0], cur, &eff[0]);
		//@ check s1a: hitless_step(cur, &eff[0], tgt, tgt_used, &state[0], &next[0]);
		add_step(p, state, next);
		/* 2: the critical word, one 64-bit store: old -> new. */
		//@ assert s1b_st: \forall integer i; 0 <= i < 8 && i != crit ==> state[i] == unused_upd[i];
		//@ assert s1b_c: state[crit] == cur[crit];
		copy_words(next, state);
		next[crit] = tgt[crit];
		//@ assert s1b_old: as_old(&state[0], cur, &eff[0]);
		//@ assert s1b_new: as_new(&next[0], tgt, tgt_used);
		//@ assert s1b_one: one_word_at(&state[0], &next[0], crit);
		//@ check s1b: hitless_step(cur, &eff[0], tgt, tgt_used, &state[0], &next[0]);
		add_step(p, state, next);
		/* 3: clear what the new entry does not use. */
		//@ assert s1c_new: as_new(&state[0], tgt, tgt_used);
		//@ assert s1c_tgt: as_new(tgt, tgt, tgt_used);
		//@ check s1c: hitless_step(cur, &eff[0], tgt, tgt_used, &state[0], tgt);
		add_step(p, state, tgt);
	} else {
		/*
		 * Two words must change together: invalidate (V = 0 aborts
		 * the stream; never pass through bypass), rewrite the body,
		 * then make the entry valid again with word 0 last.
		 */
		p->hitless = false;
		copy_words(next, state);
		next[0] = 0;
		//@ assert s2a_old: as_old(&state[0], cur, &eff[0]);
		//@ assert s2a_one: one_word_at(&state[0], &next[0], 0);
		//@ check s2a: abort_step(cur, &eff[0], tgt, tgt_used, &state[0], &next[0]);
		add_step(p, state, next);
		copy_words(next, tgt);
		next[0] = state[0];
		//@ check s2b: abort_step(cur, &eff[0], tgt, tgt_used, &state[0], &next[0]);
		add_step(p, state, next);
		//@ assert s2c_v0: state[0] == 0;
		//@ assert s2c_tgt: as_new(tgt, tgt, tgt_used);
		//@ assert s2c_one: one_word_at(&state[0], tgt, 0);
		//@ check s2c: abort_step(cur, &eff[0], tgt, tgt_used, &state[0], tgt);
		add_step(p, state, tgt);
	}
}

struct writer {
	const struct smmuv3_write_ops *ops;
	void *ctx;
	const struct smmuv3_cmd *cmds; /* the commands of every sync */
	size_t ncmds;
	size_t nlast; /* the last sync's: cmds[ncmds .. nlast) ride with it */
};

static int run_plan(const struct writer *w, uint64_t *live,
		    const struct plan *p, struct smmuv3_write_result *res)
{
	volatile uint64_t *vlive = live;
	const struct smmuv3_write_ops *ops = w->ops;
	unsigned int s = 0, i, mask;
	int err;

	/* Make the tables the new entry points to visible first. */
	ops->publish(w->ctx);
	/*
	 * Without a step the entry already holds the target, but an earlier
	 * call may have failed at its last sync, so the SMMU may cache an
	 * older entry: one sync without a store (IHI 0070 4.3.2: CFGI +
	 * CMD_SYNC make the memory copy the one in use).
	 */
	do {
		mask = s < p->nsteps ? p->step[s].mask : 0u;
		for (i = 0; i < MAX_QWORDS; i++) {
			if (!(mask & (1u << i)))
				continue;
			/* One single-copy-atomic 64-bit store per word. */
			vlive[i] = smmuv3_cpu_to_le64(p->step[s].val[i]);
			res->stores++;
			if (ops->stored)
				ops->stored(w->ctx, live, i);
		}
		if (mask && ops->cache_clean)
			ops->cache_clean(w->ctx, live, MAX_QWORDS * 8u);
		s++;
		err = ops->sync(w->ctx, w->cmds,
				s >= p->nsteps ? w->nlast : w->ncmds);
		res->syncs++;
	} while (!err && s < p->nsteps);
	return err;
}

static int write_entry(const struct writer *w, uint64_t *live,
		       const uint64_t *tgt, used_fn used, safe_fn safe,
		       struct smmuv3_write_result *res)
{
	uint64_t cur[MAX_QWORDS], cur_used[MAX_QWORDS], tgt_used[MAX_QWORDS];
	uint64_t safe_bits[MAX_QWORDS] = { 0 };
	struct smmuv3_write_result r = { .hitless = true };
	struct plan p;
	unsigned int i;
	int err;

	/* The target must not set bits its own configuration ignores. */
	used(tgt, tgt_used);
	for (i = 0; i < MAX_QWORDS; i++) {
		if (tgt[i] & ~tgt_used[i])
			return SMMUV3_EINVAL;
		cur[i] = smmuv3_le64_to_cpu(((volatile const uint64_t *)live)[i]);
	}
	used(cur, cur_used);
	if (safe)
		safe(cur, tgt, safe_bits);
	plan_update(cur, tgt, cur_used, tgt_used, safe_bits, &p);
	r.hitless = p.hitless;
	err = run_plan(w, live, &p, &r);
	if (res)
		*res = r;
	return err;
}

/* The checks both writers start with. */
static bool args_ok(const struct smmuv3_caps *caps,
		    const struct smmuv3_write_ops *ops, const uint64_t *live,
		    const void *target)
{
	return caps && ops && ops->sync && ops->publish && live && target;
}

static bool id_ok(uint32_t id, uint8_t bits)
{
	return bits >= 32u || !(id >> bits);
}

int smmuv3_ste_write(const struct smmuv3_caps *caps,
		     const struct smmuv3_write_ops *ops, void *ctx,
		     uint32_t sid, uint64_t *live,
		     const struct smmuv3_ste *target,
		     struct smmuv3_write_result *res)
{
	struct smmuv3_cmd cmds[2];
	struct writer w;
	size_t nlast = 1;

	if (!args_ok(caps, ops, live, target))
		return SMMUV3_EINVAL;
	if (!id_ok(sid, caps->sid_bits))
		return SMMUV3_ERANGE;

	/* IHI 0070 4.3.2: CFGI_STE with Leaf = 1 (only this STE). The SID
	 * was checked above: the commands are built without re-checking. */
	smmuv3_cmd_build_cfgi_ste(&cmds[0], sid, true);
	if (!(caps->options & SMMUV3_OPT_SKIP_PREFETCH)) {
		/* IHI 0070 4.2.1: a hint to load the new configuration, with
		 * the last sync. */
		cmds[1] = (struct smmuv3_cmd){
			{ SMMUV3_OP_PREFETCH_CONFIG |
				  SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID,
						    (uint64_t)sid),
			  0 }
		};
		nlast = 2;
	}
	w = (struct writer){ .ops = ops, .ctx = ctx, .cmds = cmds,
			     .ncmds = 1, .nlast = nlast };
	return write_entry(&w, live, target->qw, ste_used_words, ste_safe, res);
}

int smmuv3_cd_write(const struct smmuv3_caps *caps,
		    const struct smmuv3_write_ops *ops, void *ctx,
		    const uint32_t *sids, size_t nsids, uint32_t ssid,
		    uint64_t *live, const struct smmuv3_cd *target,
		    struct smmuv3_write_result *res)
{
	struct smmuv3_cmd cmds[SMMUV3_WRITE_MAX_SIDS];
	struct writer w = { .ops = ops, .ctx = ctx, .cmds = cmds,
			    .ncmds = nsids, .nlast = nsids };
	size_t i;

	if (!args_ok(caps, ops, live, target))
		return SMMUV3_EINVAL;
	if (!id_ok(ssid, caps->ssid_bits))
		return SMMUV3_ERANGE;
	if (!sids || nsids == 0)
		return SMMUV3_EINVAL;
	if (nsids > SMMUV3_WRITE_MAX_SIDS)
		return SMMUV3_E2BIG;
	/* IHI 0070 4.3.3: CFGI_CD needs stage 1 (CERROR_ILL without). */
	if (!(caps->features & SMMUV3_FEAT_TRANS_S1))
		return SMMUV3_EOPNOTSUPP;
	for (i = 0; i < nsids; i++) {
		/* CFGI_CD(SID, SSID, Leaf = 1); the SSID was checked above. */
		if (!id_ok(sids[i], caps->sid_bits))
			return SMMUV3_ERANGE;
		smmuv3_cmd_build_cfgi_cd(&cmds[i], sids[i], ssid, true);
	}
	return write_entry(&w, live, target->qw, cd_used_words, NULL, res);
}
