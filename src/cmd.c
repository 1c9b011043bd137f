// SPDX-License-Identifier: BSD-2-Clause
/*
 * Command encoding, decoding and formatting (IHI 0070 chapter 4). One table
 * says, per opcode, which descriptor fields the command has and which
 * feature it needs; encode and decode share one validator, so whatever
 * encode accepts decodes back to the same descriptor and vice versa.
 */
#include <smmuv3/cmd.h>
#include <smmuv3/err.h>
#include <smmuv3/hw/cmd.h>
#include <smmuv3/hw/regs.h>

#include "internal.h"

/* Descriptor fields a command has. */
#define F_SID (1u << 0)
#define F_SSV (1u << 1)     /* SSV + SubstreamID (SubstreamID only with SSV) */
#define F_SSID (1u << 2)    /* SubstreamID without SSV (CFGI_CD) */
#define F_LEAF (1u << 3)
#define F_RANGE (1u << 4)
#define F_VMID (1u << 5)
#define F_ASID (1u << 6)
#define F_VA (1u << 7)      /* addr in dw1[63:12] */
#define F_IPA (1u << 8)     /* addr in dw1[51:12] */
#define F_RIL (1u << 9)     /* TG, TTL, NUM, SCALE */
#define F_GLOBAL (1u << 10)
#define F_ATCSIZE (1u << 11)
#define F_PFSIZE (1u << 12)
#define F_PRI (1u << 13)    /* PRGIndex, Resp in dw1 */
#define F_RESUME (1u << 14) /* Ac/Ab in dw0, STAG */
#define F_SYNC (1u << 15)   /* CS, MSH, MSIAttr, MSIData, MSIAddress */

/*
 * What a command needs (CERROR_ILL without it): the index of a bit of
 * struct limits.features, which holds the SMMUV3_FEAT_* bits and two of its
 * own above them (always set; set when the SMMU can stall).
 */
enum need {
	NEED_S1 = 9,      /* 4.3.3/4.3.4, 4.4.2: stage 1 implemented */
	NEED_S2 = 10,     /* 4.4.3: stage 2 implemented */
	NEED_HYP = 12,    /* 4.4.2.7-10: IDR0.Hyp */
	NEED_ATS = 5,     /* 4.5.1: IDR0.ATS */
	NEED_PRI = 4,     /* 4.5.2: IDR0.PRI */
	NEED_STALL = 62,  /* 4.7.1/4.7.2: IDR0.STALL_MODEL != 0b01 */
	NEED_NONE = 63,
};
_Static_assert(SMMUV3_FEAT_TRANS_S1 == 1ull << NEED_S1 &&
		       SMMUV3_FEAT_TRANS_S2 == 1ull << NEED_S2 &&
		       SMMUV3_FEAT_HYP == 1ull << NEED_HYP &&
		       SMMUV3_FEAT_ATS == 1ull << NEED_ATS &&
		       SMMUV3_FEAT_PRI == 1ull << NEED_PRI &&
		       SMMUV3_FEAT_VMID16 < 1ull << NEED_STALL,
	       "need indices are the features' bits");
#define LIM_OWN (3ull << NEED_STALL)

#define TLBI_ADDR (F_LEAF | F_RIL)

/*
 * IHI 0070 4.1.1 opcodes with the fields of 4.2-4.7: name (CMD_<name>),
 * opcode, what the command needs, its fields. One list builds the rows,
 * the names and (at -O2) the opcode index.
 */
#define OPS(X)                                                               \
	X(PREFETCH_CONFIG, SMMUV3_OP_PREFETCH_CONFIG, NEED_NONE, F_SID | F_SSV) \
	X(PREFETCH_ADDR, SMMUV3_OP_PREFETCH_ADDR, NEED_NONE,                 \
	  F_SID | F_SSV | F_VA | F_PFSIZE)                                   \
	X(CFGI_STE, SMMUV3_OP_CFGI_STE, NEED_NONE, F_SID | F_LEAF)           \
	X(CFGI_STE_RANGE, SMMUV3_OP_CFGI_STE_RANGE, NEED_NONE, F_SID | F_RANGE) \
	X(CFGI_CD, SMMUV3_OP_CFGI_CD, NEED_S1, F_SID | F_SSID | F_LEAF)      \
	X(CFGI_CD_ALL, SMMUV3_OP_CFGI_CD_ALL, NEED_S1, F_SID)                \
	X(TLBI_NH_ALL, SMMUV3_OP_TLBI_NH_ALL, NEED_S1, F_VMID)               \
	X(TLBI_NH_ASID, SMMUV3_OP_TLBI_NH_ASID, NEED_S1, F_VMID | F_ASID)    \
	X(TLBI_NH_VA, SMMUV3_OP_TLBI_NH_VA, NEED_S1,                         \
	  F_VMID | F_ASID | F_VA | TLBI_ADDR)                                \
	X(TLBI_NH_VAA, SMMUV3_OP_TLBI_NH_VAA, NEED_S1, F_VMID | F_VA | TLBI_ADDR) \
	X(TLBI_EL2_ALL, SMMUV3_OP_TLBI_EL2_ALL, NEED_HYP, 0)                 \
	X(TLBI_EL2_ASID, SMMUV3_OP_TLBI_EL2_ASID, NEED_HYP, F_ASID)          \
	X(TLBI_EL2_VA, SMMUV3_OP_TLBI_EL2_VA, NEED_HYP, F_ASID | F_VA | TLBI_ADDR) \
	X(TLBI_EL2_VAA, SMMUV3_OP_TLBI_EL2_VAA, NEED_HYP, F_VA | TLBI_ADDR)  \
	X(TLBI_S12_VMALL, SMMUV3_OP_TLBI_S12_VMALL, NEED_S2, F_VMID)         \
	X(TLBI_S2_IPA, SMMUV3_OP_TLBI_S2_IPA, NEED_S2, F_VMID | F_IPA | TLBI_ADDR) \
	X(TLBI_NSNH_ALL, SMMUV3_OP_TLBI_NSNH_ALL, NEED_NONE, 0)              \
	X(ATC_INV, SMMUV3_OP_ATC_INV, NEED_ATS,                              \
	  F_SID | F_SSV | F_GLOBAL | F_VA | F_ATCSIZE)                       \
	X(PRI_RESP, SMMUV3_OP_PRI_RESP, NEED_PRI, F_SID | F_SSV | F_PRI)     \
	X(RESUME, SMMUV3_OP_RESUME, NEED_STALL, F_SID | F_RESUME)            \
	X(STALL_TERM, SMMUV3_OP_STALL_TERM, NEED_STALL, F_SID)               \
	X(SYNC, SMMUV3_OP_CMD_SYNC, NEED_NONE, F_SYNC)

#define OP_NAME_MEMBER(n, op, need, f) char n[sizeof("CMD_" #n)];
#define OP_NAME_INIT(n, op, need, f) "CMD_" #n,

/*
 * The names, one char array each in one constant object: a row holds its
 * name's offset there (no pointers: no relocations, no .data; each name
 * takes its own length, not the longest one's).
 */
static const struct op_names {
	OPS(OP_NAME_MEMBER)
} op_names = { OPS(OP_NAME_INIT) };

/*
 * offsetof() is not part of what the environment header must provide
 * (include/smmuv3/env.h): the compiler's builtin where there is one.
 */
#if defined(__GNUC__) || defined(__clang__)
#define MEMBER_OFFSET(t, m) __builtin_offsetof(t, m)
#else
#define MEMBER_OFFSET(t, m) offsetof(t, m)
#endif

struct op_info {
	uint8_t op;
	uint8_t need;
	uint16_t fields;
	uint16_t name; /* offset in op_names */
};

#define OP_ROW(n, op, need, f)                                     \
	{ op, need, f, (uint16_t)MEMBER_OFFSET(struct op_names, n) },
#define OP_ENUM(n, op, need, f) ROW_##n,

static const struct op_info op_table[] = { OPS(OP_ROW) };

#if !SMMUV3_SMALL
/* Row + 1 of each opcode (0: undefined): one load instead of a search. */
enum op_row { OPS(OP_ENUM) ROW_COUNT };
#define OP_INDEX(n, op, need, f) [op] = ROW_##n + 1,
static const uint8_t op_index[SMMUV3_OP_CMD_SYNC + 1] = { OPS(OP_INDEX) };
#endif

static const struct op_info *op_lookup(uint8_t op)
{
#if SMMUV3_SMALL
	const struct op_info *oi;

	for (oi = op_table; oi < op_table + SMMUV3_ARRAY_SIZE(op_table); oi++)
		if (oi->op == op)
			return oi;
	return NULL;
#else
	if (op >= SMMUV3_ARRAY_SIZE(op_index) || !op_index[op])
		return NULL;
	return &op_table[op_index[op] - 1u];
#endif
}

const char *smmuv3_cmd_opcode_name(uint8_t opcode)
{
	const struct op_info *oi = op_lookup(opcode);

	return oi ? (const char *)&op_names + oi->name : NULL;
}

/* The limits encode/decode check against (caps resolved, or the maxima). */
enum lim { L_SID, L_SSID, L_ASID, L_VMID, L_PA, L_IPA, L_COUNT };

struct limits {
	uint8_t bits[L_COUNT]; /* widths, at most those of the maxima */
	uint64_t features;     /* SMMUV3_FEAT_* and the bits of enum need */
};

#define ARCH_PA_BITS 52u
#define ZERO_IS_MAX 0x80u /* a width of 0 means "not checked" */
#if SMMUV3_SMALL
#define LIM_SRC(m, max) { (uint8_t)MEMBER_OFFSET(struct smmuv3_caps, m), max }

/* Where each width is in struct smmuv3_caps, and the architecture's. */
static const struct {
	uint8_t at, max;
} lim_src[L_COUNT] = {
	LIM_SRC(sid_bits, 32), LIM_SRC(ssid_bits, 20),
	LIM_SRC(asid_bits, 16), LIM_SRC(vmid_bits, 16),
	LIM_SRC(oas_bits, ARCH_PA_BITS | ZERO_IS_MAX),
	LIM_SRC(s2_ias_bits, ARCH_PA_BITS | ZERO_IS_MAX),
};
_Static_assert(MEMBER_OFFSET(struct smmuv3_caps, s2_ias_bits) < 256 &&
		       MEMBER_OFFSET(struct smmuv3_caps, sid_bits) < 256,
	       "width offsets are 8 bits");
#endif

/*
 * Each width of @caps up to the architecture's (a width of 0 stays 0: the
 * value must be 0, except for the addresses, where 0 is not checked); with
 * caps == NULL the maxima.
 */
static NOINLINE void get_limits(const struct smmuv3_caps *caps,
				struct limits *l)
{
#if !SMMUV3_SMALL
	/* lim_src[] written out: encode runs this for every command. */
	if (caps) {
		l->bits[L_SID] = caps->sid_bits > 32 ? 32 : caps->sid_bits;
		l->bits[L_SSID] = caps->ssid_bits > 20 ? 20 : caps->ssid_bits;
		l->bits[L_ASID] = caps->asid_bits > 16 ? 16 : caps->asid_bits;
		l->bits[L_VMID] = caps->vmid_bits > 16 ? 16 : caps->vmid_bits;
		l->bits[L_PA] = (caps->oas_bits == 0 ||
				 caps->oas_bits > ARCH_PA_BITS)
					? ARCH_PA_BITS
					: caps->oas_bits;
		l->bits[L_IPA] = (caps->s2_ias_bits == 0 ||
				  caps->s2_ias_bits > ARCH_PA_BITS)
					 ? ARCH_PA_BITS
					 : caps->s2_ias_bits;
	} else {
		l->bits[L_SID] = 32;
		l->bits[L_SSID] = 20;
		l->bits[L_ASID] = l->bits[L_VMID] = 16;
		l->bits[L_PA] = l->bits[L_IPA] = ARCH_PA_BITS;
	}
#else
	unsigned int i;

	for (i = 0; i < L_COUNT; i++) {
		unsigned int max = lim_src[i].max & ~ZERO_IS_MAX;
		unsigned int v = caps ? ((const unsigned char *)caps)[lim_src[i].at]
				      : max;

		if (v > max || (v == 0 && (lim_src[i].max & ZERO_IS_MAX)))
			v = max;
		l->bits[i] = (uint8_t)v;
	}
#endif
	l->features = caps ? (caps->features & ~LIM_OWN) | 1ull << NEED_NONE |
				     (uint64_t)(caps->stall_model !=
						SMMUV3_IDR0_STALL_MODEL_NONE)
					     << NEED_STALL
			   : SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2 |
				     SMMUV3_FEAT_HYP | SMMUV3_FEAT_ATS |
				     SMMUV3_FEAT_PRI | SMMUV3_FEAT_MSI |
				     SMMUV3_FEAT_RANGE_INV | LIM_OWN;
}

/* Whether @v fits in @bits bits (bits < 64: every width in struct limits). */
static bool fits(uint64_t v, unsigned int bits)
{
	return (v >> (bits & 63u)) == 0;
}

/* Low @bits bits of @v are zero (1 <= bits <= 64: they are shifted out). */
static bool aligned(uint64_t v, unsigned int bits)
{
	return (v << (64u - bits)) == 0;
}

/*
 * The descriptor's fields, and where each command's fields sit in its two
 * words (4.2-4.7). One table drives encode, decode, the RES0 masks, the
 * "absent fields are zero" check and the text form.
 */
enum member {
	M_SID, M_SSV, M_SSID, M_LEAF, M_RANGE, M_VMID, M_ASID, M_ADDR, M_TG,
	M_TTL, M_NUM, M_SCALE, M_GLOBAL, M_SIZE, M_GRPID, M_RESP, M_STAG,
	M_CS, M_MSH, M_MSIATTR, M_MSIDATA, M_COUNT
};

/*
 * Where each member sits in the descriptor: its offset, and log2 of its
 * size in bits [7:6] (members are 1, 2, 4 or 8 bytes, at offsets < 64).
 */
#define DESC_SIZE_LOG2(n)                                             \
	(sizeof(((const struct smmuv3_cmd_desc *)0)->n) == 1   ? 0u   \
	 : sizeof(((const struct smmuv3_cmd_desc *)0)->n) == 2 ? 1u   \
	 : sizeof(((const struct smmuv3_cmd_desc *)0)->n) == 4 ? 2u   \
							       : 3u)
#define LOC(n)                                                         \
	(uint8_t)(MEMBER_OFFSET(struct smmuv3_cmd_desc, n) |           \
		  DESC_SIZE_LOG2(n) << 6)

static const uint8_t member_loc[M_COUNT] = {
	LOC(sid), LOC(ssv), LOC(ssid), LOC(leaf), LOC(range), LOC(vmid),
	LOC(asid), LOC(addr), LOC(tg), LOC(ttl), LOC(num), LOC(scale),
	LOC(global), LOC(size), LOC(grpid), LOC(resp), LOC(stag), LOC(cs),
	LOC(msh), LOC(msiattr), LOC(msidata),
};
_Static_assert(sizeof(struct smmuv3_cmd_desc) <= 64, "offsets are 6 bits");

/* Member @m of @d (m < M_COUNT), read through its own type. */
static NOINLINE uint64_t get(const struct smmuv3_cmd_desc *d, unsigned int m)
{
	unsigned int loc = member_loc[m];
	const void *p = (const unsigned char *)d + (loc & 63u);

	switch (loc >> 6) {
	case 0: return *(const uint8_t *)p;
	case 1: return *(const uint16_t *)p;
	case 2: return *(const uint32_t *)p;
	default: return *(const uint64_t *)p;
	}
}

/* @v fits the member (it came out of a field at most as wide). */
static NOINLINE void set(struct smmuv3_cmd_desc *d, unsigned int m,
			 uint64_t v)
{
	switch (m) {
	case M_SID: d->sid = (uint32_t)v; break;
	case M_SSV: d->ssv = v != 0; break;
	case M_SSID: d->ssid = (uint32_t)v; break;
	case M_LEAF: d->leaf = v != 0; break;
	case M_RANGE: d->range = (uint8_t)v; break;
	case M_VMID: d->vmid = (uint16_t)v; break;
	case M_ASID: d->asid = (uint16_t)v; break;
	case M_ADDR: d->addr = v; break;
	case M_TG: d->tg = (uint8_t)v; break;
	case M_TTL: d->ttl = (uint8_t)v; break;
	case M_NUM: d->num = (uint8_t)v; break;
	case M_SCALE: d->scale = (uint8_t)v; break;
	case M_GLOBAL: d->global = v != 0; break;
	case M_SIZE: d->size = (uint8_t)v; break;
	case M_GRPID: d->grpid = (uint16_t)v; break;
	case M_RESP: d->resp = (uint8_t)v; break;
	case M_STAG: d->stag = (uint16_t)v; break;
	case M_CS: d->cs = (uint8_t)v; break;
	case M_MSH: d->msh = (uint8_t)v; break;
	case M_MSIATTR: d->msiattr = (uint8_t)v; break;
	default: d->msidata = (uint32_t)v; break;
	}
}

/*
 * One field: present when the command has @flag; bits [hi:lo] of word
 * @word. An address (@inplace) keeps its own bit positions (the field
 * holds Address[hi:lo]); any other value is shifted to bit lo.
 */
struct field {
	uint16_t flag;
	uint8_t mem;
	uint8_t word;
	uint8_t lo, hi;
	bool inplace;
};

static const struct field fields[] = {
	{ F_SID, M_SID, 0, 32, 63, false },      /* 4.1.6 StreamID */
	{ F_SSV, M_SSV, 0, 11, 11, false },
	{ F_SSV | F_SSID, M_SSID, 0, 12, 31, false },
	{ F_LEAF, M_LEAF, 1, 0, 0, false },
	{ F_RANGE, M_RANGE, 1, 0, 4, false },    /* 4.3.2 */
	{ F_VMID, M_VMID, 0, 32, 47, false },    /* 4.4.2 */
	{ F_ASID, M_ASID, 0, 48, 63, false },
	{ F_VA, M_ADDR, 1, 12, 63, true },
	{ F_IPA, M_ADDR, 1, 12, 51, true },
	{ F_RIL, M_NUM, 0, 12, 16, false },      /* 4.4.1.1 */
	{ F_RIL, M_SCALE, 0, 20, 25, false },
	{ F_RIL, M_TTL, 1, 8, 9, false },
	{ F_RIL, M_TG, 1, 10, 11, false },
	{ F_GLOBAL, M_GLOBAL, 0, 9, 9, false },  /* 4.5.1 */
	{ F_ATCSIZE, M_SIZE, 1, 0, 5, false },
	{ F_PFSIZE, M_SIZE, 1, 0, 4, false },    /* 4.2.2 */
	{ F_PRI, M_GRPID, 1, 0, 8, false },      /* 4.5.2 */
	{ F_PRI, M_RESP, 1, 12, 13, false },
	{ F_RESUME, M_RESP, 0, 12, 13, false },  /* 4.7.1 */
	{ F_RESUME, M_STAG, 1, 0, 15, false },
	{ F_SYNC, M_CS, 0, 12, 13, false },      /* 4.7.3 */
	{ F_SYNC, M_MSH, 0, 22, 23, false },
	{ F_SYNC, M_MSIATTR, 0, 24, 27, false },
	{ F_SYNC, M_MSIDATA, 0, 32, 63, false },
	{ F_SYNC, M_ADDR, 1, 2, 51, true },
};

static uint64_t field_mask(const struct field *fl)
{
	return SMMUV3_GENMASK64(fl->hi, fl->lo);
}

#if SMMUV3_SMALL
/* Every member the command has no field for must be zero (or false). Out
 * of line: inlined, its loops make the compiler copy validate()'s body. */
static NOINLINE int check_absent(const struct smmuv3_cmd_desc *d,
				 unsigned int f)
{
	uint32_t absent = (1u << M_COUNT) - 1u;
	unsigned int i;

	if (d->ssec)
		return SMMUV3_EINVAL; /* 4.1.6: SSec == 1 is ILLEGAL on NS queue */
	for (i = 0; i < SMMUV3_ARRAY_SIZE(fields); i++)
		if (f & fields[i].flag)
			absent &= ~(1u << fields[i].mem);
	for (i = 0; i < M_COUNT; i++)
		if (get(d, i) && (absent & (1u << i)))
			return SMMUV3_EINVAL;
	return 0;
}
#else
/* Every field the command does not have must be zero (or false). Written
 * out rather than from the field table: encode is on callers' paths. */
static int check_absent(const struct smmuv3_cmd_desc *d, unsigned int f)
{
	if (d->ssec)
		return SMMUV3_EINVAL; /* 4.1.6: SSec == 1 is ILLEGAL on NS queue */
	if ((!(f & F_SID) && d->sid) || (!(f & F_SSV) && d->ssv) ||
	    (!(f & (F_SSV | F_SSID)) && d->ssid) ||
	    (!(f & F_LEAF) && d->leaf) || (!(f & F_RANGE) && d->range) ||
	    (!(f & F_VMID) && d->vmid) || (!(f & F_ASID) && d->asid) ||
	    (!(f & (F_VA | F_IPA | F_SYNC)) && d->addr) ||
	    (!(f & F_RIL) && (d->tg || d->ttl || d->num || d->scale)) ||
	    (!(f & F_GLOBAL) && d->global) ||
	    (!(f & (F_ATCSIZE | F_PFSIZE)) && d->size) ||
	    (!(f & F_PRI) && d->grpid) ||
	    (!(f & (F_PRI | F_RESUME)) && d->resp) ||
	    (!(f & F_RESUME) && d->stag) ||
	    (!(f & F_SYNC) &&
	     (d->cs || d->msh || d->msiattr || d->msidata)))
		return SMMUV3_EINVAL;
	return 0;
}
#endif

/* IHI 0070 4.4.1.1: TG, TTL, NUM, SCALE and the address they qualify. */
static int check_ril(const struct limits *l, const struct smmuv3_cmd_desc *d)
{
	bool ds = (l->features & SMMUV3_FEAT_DS) != 0;
	unsigned int g;

	if (!(d->tg || d->ttl || d->num || d->scale))
		return 0;
	if (!(l->features & SMMUV3_FEAT_RANGE_INV))
		return SMMUV3_EOPNOTSUPP; /* RES0 when IDR3.RIL == 0 */
	if ((d->tg | d->ttl) > 3u || d->num > 31u ||
	    d->scale > (ds ? SMMUV3_TLBI_SCALE_MAX_DS : SMMUV3_TLBI_SCALE_MAX))
		return SMMUV3_ERANGE;
	if (d->tg == SMMUV3_TG_NONE)
		return SMMUV3_EINVAL; /* TTL, NUM, SCALE are RES0 with TG 0 */
	if (d->num == 0 && d->scale == 0 && d->ttl == 0)
		return SMMUV3_EINVAL; /* Reserved combination: CERROR_ILL */
	if (d->tg == SMMUV3_TG_16K && d->ttl == 1 && !ds)
		return SMMUV3_EINVAL; /* Reserved without IDR5.DS */
	/*
	 * The range is UNPREDICTABLE unless Address is aligned to the granule
	 * (log2 g = 12, 14, 16 for TG 1, 2, 3) and, with a level hint, to that
	 * level's block size: log2 = g + (g - 3) * (3 - TTL) for TTL 1..3, the
	 * factor 2, 1, 0 (0 for TTL 0 too) read from 0b00_01_10_00.
	 */
	g = 10u + 2u * d->tg;
	g += (g - 3u) * ((0x18u >> (2u * d->ttl)) & 3u);
	return aligned(d->addr, g) ? 0 : SMMUV3_EINVAL;
}

static int check_sync(const struct limits *l, const struct smmuv3_cmd_desc *d)
{
	if (d->cs > 3u)
		return SMMUV3_ERANGE;
	if (d->cs == 3u)
		return SMMUV3_EINVAL; /* 4.7.3: CS 0b11 Reserved, CERROR_ILL */
	if (d->cs != SMMUV3_SYNC_CS_IRQ)
		return (d->msh || d->msiattr || d->msidata || d->addr)
			       ? SMMUV3_EINVAL
			       : 0;
	if ((d->msh >> 2 | d->msiattr >> 4) != 0)
		return SMMUV3_ERANGE; /* MSH 2 bits, MSIAttr 4 bits */
	if (d->msh == SMMUV3_SYNC_MSH_RESERVED)
		return SMMUV3_EINVAL;
	/* MemAttr encoding: outer Normal (0b01..0b11) with inner 0b00 is
	 * Reserved. */
	if ((d->msiattr & 0xcu) != 0 && (d->msiattr & 0x3u) == 0)
		return SMMUV3_EINVAL;
	if (!aligned(d->addr, 2))
		return SMMUV3_EINVAL; /* a 32-bit word-aligned write */
	if (!fits(d->addr, l->bits[L_PA]))
		return SMMUV3_ERANGE;
	if (d->addr && !(l->features & SMMUV3_FEAT_MSI))
		return SMMUV3_EOPNOTSUPP;
	return 0;
}

/*
 * check_absent() first: a member the command has no field for is zero from
 * then on, so a check of a member only one kind of command has needs no
 * test of the command's fields (a zero passes it).
 */
static int validate(const struct limits *l, const struct op_info *oi,
		    const struct smmuv3_cmd_desc *d)
{
	unsigned int f = oi->fields;
	int ret;

	ret = check_absent(d, f);
	if (ret)
		return ret;
	if (!((l->features >> oi->need) & 1u))
		return SMMUV3_EOPNOTSUPP;

	if (!fits(d->sid, l->bits[L_SID]))
		return SMMUV3_ERANGE;
	/* SubstreamID only with SSV (CFGI_CD has no SSV: its SSID alone). */
	if ((f & F_SSV) && !d->ssv && d->ssid)
		return SMMUV3_EINVAL;
	if (d->ssv && l->bits[L_SSID] == 0)
		return SMMUV3_EOPNOTSUPP; /* 4.2, 4.5: SSV must be 0 */
	if (!fits(d->ssid, l->bits[L_SSID]) || !fits(d->asid, l->bits[L_ASID]) ||
	    !fits(d->vmid, l->bits[L_VMID]))
		return SMMUV3_ERANGE;
	/* 4.4.2: NH VMID is RES0 without stage 2. */
	if (d->vmid && !(l->features & SMMUV3_FEAT_TRANS_S2))
		return SMMUV3_EOPNOTSUPP;
	if (f & F_RANGE) {
		if (d->range > SMMUV3_CFGI_RANGE_ALL_SIDS)
			return SMMUV3_ERANGE;
		/* 4.3.2: StreamID bits [Range:0] are IGNORED. */
		if (!aligned(d->sid, d->range + 1u))
			return SMMUV3_EINVAL;
	}
	if (f & (F_VA | F_IPA)) {
		if (!aligned(d->addr, 12))
			return SMMUV3_EINVAL; /* 4.1.6: Address[11:0] are zero */
		if ((f & F_IPA) && !fits(d->addr, l->bits[L_IPA]))
			return SMMUV3_ERANGE;
	}
	ret = check_ril(l, d);
	if (ret)
		return ret;
	/* 4.5.1: Global is IGNORED unless SSV == 1 (library choice: refused
	 * rather than silently dropped). */
	if (d->global && !d->ssv)
		return SMMUV3_EINVAL;
	/* ATC_INV Size up to 52 (2^64 bytes), PREFETCH_ADDR's field 5 bits. */
	if (d->size > ((f & F_ATCSIZE) ? SMMUV3_ATC_INV_SIZE_ALL
				       : SMMUV3_FIELD_MAX(SMMUV3_CMD1_PREFETCH_SIZE)))
		return SMMUV3_ERANGE;
	/* 4.5.1: the span is 4 KB * 2^Size, aligned to its size. */
	if ((f & F_ATCSIZE) && !aligned(d->addr, 12u + d->size))
		return SMMUV3_EINVAL;
	/* PRI_RESP: PRGIndex, Resp (4.5.2); RESUME: Ac/Ab (4.7.1). */
	if (!SMMUV3_FIELD_FITS(SMMUV3_CMD1_PRI_GRPID, d->grpid) ||
	    d->resp > 3u)
		return SMMUV3_ERANGE;
	/* PRI_RESP Resp 3 is Reserved (ILLEGAL); RESUME with Ab is IGNORED
	 * with Ac = retry, so asking for both is a caller mistake (library
	 * choice). */
	if (d->resp == 3u)
		return SMMUV3_EINVAL;
	if (f & F_SYNC)
		return check_sync(l, d);
	return 0;
}

/* Written out rather than from the field table: encode is on callers'
 * paths (the table loop costs several times more). */
static void build(const struct op_info *oi, const struct smmuv3_cmd_desc *d,
		  struct smmuv3_cmd *c)
{
	unsigned int f = oi->fields;
	uint64_t w0 = SMMUV3_FIELD_PREP(SMMUV3_CMD0_OP, (uint64_t)oi->op);
	uint64_t w1 = 0;

	if (f & F_SID)
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, (uint64_t)d->sid);
	if ((f & F_SSV) && d->ssv)
		w0 |= SMMUV3_CMD0_SSV;
	if (f & (F_SSV | F_SSID))
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_SSID, (uint64_t)d->ssid);
	if (f & F_VMID)
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_VMID, (uint64_t)d->vmid);
	if (f & F_ASID)
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_ASID, (uint64_t)d->asid);
	if ((f & F_LEAF) && d->leaf)
		w1 |= SMMUV3_CMD1_LEAF;
	if (f & F_RANGE)
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_CFGI_RANGE,
					(uint64_t)d->range);
	if (f & F_VA)
		w1 |= d->addr & SMMUV3_CMD1_VA;
	if (f & F_IPA)
		w1 |= d->addr & SMMUV3_CMD1_IPA;
	if (f & F_RIL) {
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_NUM, (uint64_t)d->num);
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_SCALE,
					(uint64_t)d->scale);
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TTL, (uint64_t)d->ttl);
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TG, (uint64_t)d->tg);
	}
	if ((f & F_GLOBAL) && d->global)
		w0 |= SMMUV3_CMD0_ATC_GLOBAL;
	if (f & F_ATCSIZE)
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_ATC_SIZE, (uint64_t)d->size);
	if (f & F_PFSIZE)
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_PREFETCH_SIZE,
					(uint64_t)d->size);
	if (f & F_PRI) {
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_PRI_GRPID,
					(uint64_t)d->grpid);
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_PRI_RESP, (uint64_t)d->resp);
	}
	if (f & F_RESUME) {
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_RESUME_RESP,
					(uint64_t)d->resp);
		w1 |= SMMUV3_FIELD_PREP(SMMUV3_CMD1_RESUME_STAG,
					(uint64_t)d->stag);
	}
	if (f & F_SYNC) {
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_CS, (uint64_t)d->cs);
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSH, (uint64_t)d->msh);
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIATTR,
					(uint64_t)d->msiattr);
		w0 |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIDATA,
					(uint64_t)d->msidata);
		w1 |= d->addr & SMMUV3_CMD1_SYNC_MSIADDR;
	}
	c->dw[0] = w0;
	c->dw[1] = w1;
}

int smmuv3_cmd_encode(const struct smmuv3_caps *caps,
		      const struct smmuv3_cmd_desc *d, struct smmuv3_cmd *out)
{
	const struct op_info *oi;
	struct limits l;
	int ret;

	if (!d || !out)
		return SMMUV3_EINVAL;
	oi = op_lookup(d->opcode);
	if (!oi)
		return SMMUV3_EINVAL;
	get_limits(caps, &l);
	ret = validate(&l, oi, d);
	if (ret)
		return ret;
	build(oi, d, out);
	return 0;
}

/* The bits of each word that the command's fields occupy (SCALE bit 5
 * only with IDR5.DS: 4.4.1.1, RES0 otherwise). */
static void known_bits(unsigned int f, bool ds, uint64_t *k0, uint64_t *k1)
{
	uint64_t m[2] = { SMMUV3_CMD0_OP, 0 };
	unsigned int i;

	for (i = 0; i < SMMUV3_ARRAY_SIZE(fields); i++)
		if (f & fields[i].flag)
			m[fields[i].word] |= field_mask(&fields[i]);
	if (!ds)
		m[0] &= ~((f & F_RIL) ? SMMUV3_CMD0_TLBI_SCALE_DS : 0u);
	*k0 = m[0];
	*k1 = m[1];
}

/* Extract every field of @oi's command (no validation). */
static void extract(const struct op_info *oi, const struct smmuv3_cmd *c,
		    struct smmuv3_cmd_desc *d)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	d->opcode = oi->op;
	for (i = 0; i < SMMUV3_ARRAY_SIZE(fields); i++) {
		const struct field *fl = &fields[i];
		uint64_t v = c->dw[fl->word] & field_mask(fl);

		if (oi->fields & fl->flag)
			set(d, fl->mem, fl->inplace ? v : v >> fl->lo);
	}
}

/*
 * Decode and format: the fields of @cmd, a command of row @oi, read from
 * the bits its fields occupy (*@d), the other bits (@res0) and the
 * decoding's result against @caps. (Reading only the known bits changes
 * nothing for a command that decodes: it has no other bits.)
 */
static int parse(const struct smmuv3_caps *caps, const struct op_info *oi,
		 const struct smmuv3_cmd *cmd, struct smmuv3_cmd_desc *d,
		 uint64_t res0[2])
{
	struct smmuv3_cmd known;
	struct limits l;
	uint64_t k0, k1;

	get_limits(caps, &l);
	known_bits(oi->fields, (l.features & SMMUV3_FEAT_DS) != 0, &k0, &k1);
	known.dw[0] = cmd->dw[0] & k0;
	known.dw[1] = cmd->dw[1] & k1;
	res0[0] = cmd->dw[0] & ~k0;
	res0[1] = cmd->dw[1] & ~k1;
	extract(oi, &known, d);
	if (res0[0] || res0[1])
		return SMMUV3_EBADMSG; /* 4.1.5: RES0 bits set */
	return validate(&l, oi, d);
}

/* The row of @cmd's opcode, or NULL. */
static const struct op_info *cmd_row(const struct smmuv3_cmd *cmd)
{
	return op_lookup((uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_OP, cmd->dw[0]));
}

int smmuv3_cmd_decode(const struct smmuv3_caps *caps,
		      const struct smmuv3_cmd *cmd, struct smmuv3_cmd_desc *d)
{
	const struct op_info *oi;
	struct smmuv3_cmd_desc tmp;
	uint64_t res0[2];
	int ret;

	if (!cmd || !d)
		return SMMUV3_EINVAL;
	oi = cmd_row(cmd);
	if (!oi)
		return SMMUV3_EBADMSG;
	ret = parse(caps, oi, cmd, &tmp, res0);
	if (ret)
		return ret;
	*d = tmp;
	return 0;
}

/* A bounded text sink: never writes past len - 1, always terminates. */
struct sink {
	char *buf;
	size_t len, pos;
	bool trunc;
};

static void put_ch(struct sink *s, char c)
{
	if (s->pos + 1u < s->len)
		s->buf[s->pos++] = c;
	else
		s->trunc = true;
}

static void put_str(struct sink *s, const char *str)
{
	while (*str)
		put_ch(s, *str++);
}

/* How a value is written. */
enum how { HEX, DEC, CS };

/*
 * @v as 0x and hexadecimal digits without leading zeros, in decimal, or
 * (CS) as the name of a CMD_SYNC completion signal. Decimal fields are at
 * most 6 bits wide (< 100): turned into two BCD digits by subtraction (no
 * division, so no libgcc helper on targets without a divide instruction)
 * and written by the same digit loop.
 */
static void put_val(struct sink *s, uint64_t v, unsigned int how)
{
	static const char cs_names[4][5] = { "none", "irq", "sev", "rsvd" };
	int shift = 60;

	if (how == CS) {
		put_str(s, cs_names[v & 3u]);
		return;
	}
	if (how == DEC) {
		uint64_t tens = 0;

		while (v >= 10u) {
			v -= 10u;
			tens += 0x10u;
		}
		v += tens;
	} else {
		put_str(s, "0x");
	}
	while (shift > 0 && ((v >> shift) & 0xfu) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4) {
		unsigned int d = (unsigned int)(v >> shift) & 0xfu;

		put_ch(s, (char)(d < 10u ? '0' + d : 'a' - 10u + d));
	}
}

/* " name=value" */
static void put_field(struct sink *s, const char *name, uint64_t v,
		      unsigned int how)
{
	put_ch(s, ' ');
	put_str(s, name);
	put_ch(s, '=');
	put_val(s, v, how);
}

/*
 * The text form's fields, in order: shown when the command has one of
 * @flags (MSI: a CMD_SYNC whose MSI fields are in use), written @how.
 * A row is one word: flags [16:0], member [21:17], how [23:22], the
 * name's offset in shown_names [31:24].
 */
#define F_MSI (1u << 16)
#define SHOWN(X)                                   \
	X(sid, F_SID, M_SID, HEX)                  \
	X(ssv, F_SSV, M_SSV, DEC)                  \
	X(ssid, F_SSV | F_SSID, M_SSID, HEX)       \
	X(vmid, F_VMID, M_VMID, HEX)               \
	X(asid, F_ASID, M_ASID, HEX)               \
	X(addr, F_VA | F_IPA, M_ADDR, HEX)         \
	X(leaf, F_LEAF, M_LEAF, DEC)               \
	X(range, F_RANGE, M_RANGE, DEC)            \
	X(tg, F_RIL, M_TG, DEC)                    \
	X(ttl, F_RIL, M_TTL, DEC)                  \
	X(num, F_RIL, M_NUM, DEC)                  \
	X(scale, F_RIL, M_SCALE, DEC)              \
	X(g, F_GLOBAL, M_GLOBAL, DEC)              \
	X(size, F_ATCSIZE | F_PFSIZE, M_SIZE, DEC) \
	X(grpid, F_PRI, M_GRPID, HEX)              \
	X(resp, F_PRI | F_RESUME, M_RESP, DEC)     \
	X(stag, F_RESUME, M_STAG, HEX)             \
	X(cs, F_SYNC, M_CS, CS)                    \
	X(msh, F_MSI, M_MSH, DEC)                  \
	X(msiattr, F_MSI, M_MSIATTR, HEX)          \
	X(msidata, F_MSI, M_MSIDATA, HEX)          \
	X(msiaddr, F_MSI, M_ADDR, HEX)
#define SHOWN_MEMBER(n, f, m, h) char n[sizeof(#n)];
#define SHOWN_NAME(n, f, m, h) #n,
#define SHOWN_ROW(n, f, m, h)                                        \
	((uint32_t)(f) | (uint32_t)(m) << 17 | (uint32_t)(h) << 22 | \
	 (uint32_t)MEMBER_OFFSET(struct shown_names, n) << 24),

static const struct shown_names {
	SHOWN(SHOWN_MEMBER)
} shown_names = { SHOWN(SHOWN_NAME) };

static const uint32_t shown[] = { SHOWN(SHOWN_ROW) };

_Static_assert(sizeof(struct shown_names) <= 256, "name offsets are 8 bits");
_Static_assert(M_COUNT <= 32 && CS <= 3, "members are 5 bits, how 2");

static void format_fields(struct sink *s, unsigned int f,
			  const struct smmuv3_cmd_desc *d)
{
	unsigned int i;

	if ((f & F_SYNC) && (d->cs == SMMUV3_SYNC_CS_IRQ || d->msh ||
			     d->msiattr || d->msidata || d->addr))
		f |= F_MSI;
	for (i = 0; i < SMMUV3_ARRAY_SIZE(shown); i++) {
		uint32_t r = shown[i];

		if (f & r & 0x1ffffu)
			put_field(s, (const char *)&shown_names + (r >> 24),
				  get(d, (r >> 17) & 0x1fu), (r >> 22) & 3u);
	}
}

int smmuv3_cmd_format(const struct smmuv3_cmd *cmd, char *buf, size_t len)
{
	struct sink s = { buf, len, 0, false };
	const struct op_info *oi;
	struct smmuv3_cmd_desc d;
	uint64_t res0[2];
	int ret;

	if (!cmd || !buf || len == 0)
		return SMMUV3_EINVAL;
	oi = cmd_row(cmd);
	if (!oi) {
		put_str(&s, "UNKNOWN op=");
		put_val(&s, SMMUV3_FIELD_GET(SMMUV3_CMD0_OP, cmd->dw[0]), HEX);
		put_field(&s, "dw0", cmd->dw[0], HEX);
		put_field(&s, "dw1", cmd->dw[1], HEX);
		ret = SMMUV3_EBADMSG;
	} else {
		/* As decode with caps == NULL (no DS); RES0 bits shown apart. */
		ret = parse(NULL, oi, cmd, &d, res0);
		put_str(&s, (const char *)&op_names + oi->name);
		format_fields(&s, oi->fields, &d);
		if (res0[0] || res0[1]) {
			put_field(&s, "res0", res0[0], HEX);
			put_ch(&s, ',');
			put_val(&s, res0[1], HEX);
		}
	}
	buf[s.pos] = '\0';
	return s.trunc ? SMMUV3_E2BIG : ret;
}
