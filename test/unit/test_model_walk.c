/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests of the model's translation engine (test/model/walk.c): STE and CD
 * decoding with their ILLEGAL checks, stream- and CD-table lookups, and
 * stage-1 / stage-2 / nested page-table walks with their faults.
 *
 * Every entry is built here by hand from the field tables of IHI 0070 5.2
 * (STE), 5.4 (CD) and the Arm ARM VMSAv8-64 descriptor formats, in a small
 * sparse memory; every expected address, level and fault is worked out in
 * the comment next to it from the architecture, not from the model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "walk.h"

/* ---------------------------------------------------------------------- */
/* A sparse 64-bit memory with abort ranges                               */

#define TMEM_MAX 2048u

struct tmem {
	uint64_t addr[TMEM_MAX];
	uint64_t val[TMEM_MAX];
	unsigned int n;
	uint64_t ab_lo[4], ab_hi[4]; /* [lo, hi) aborts */
	unsigned int nab;
	unsigned int reads, writes;
};

static struct tmem tm;

static int tm_find(uint64_t pa)
{
	unsigned int i;

	for (i = 0; i < tm.n; i++)
		if (tm.addr[i] == pa)
			return (int)i;
	return -1;
}

static bool tm_aborts(uint64_t pa)
{
	unsigned int i;

	for (i = 0; i < tm.nab; i++)
		if (pa >= tm.ab_lo[i] && pa < tm.ab_hi[i])
			return true;
	return false;
}

static int tm_read(void *ctx, uint64_t pa, uint64_t *v)
{
	int i;

	(void)ctx;
	assert_true((pa & 7u) == 0); /* 64-bit aligned accesses only */
	tm.reads++;
	if (tm_aborts(pa))
		return -1;
	i = tm_find(pa);
	*v = i < 0 ? 0 : tm.val[i];
	return 0;
}

static int tm_write(void *ctx, uint64_t pa, uint64_t v)
{
	int i;

	(void)ctx;
	assert_true((pa & 7u) == 0);
	tm.writes++;
	if (tm_aborts(pa))
		return -1;
	i = tm_find(pa);
	if (i < 0) {
		assert_true(tm.n < TMEM_MAX);
		i = (int)tm.n++;
		tm.addr[i] = pa;
	}
	tm.val[i] = v;
	return 0;
}

static void mw(uint64_t pa, uint64_t v)
{
	assert_int_equal(tm_write(NULL, pa, v), 0);
	tm.writes--;
}

static uint64_t mr(uint64_t pa)
{
	int i = tm_find(pa);

	return i < 0 ? 0 : tm.val[i];
}

static void mw_entry(uint64_t pa, const uint64_t *raw)
{
	unsigned int i;

	for (i = 0; i < 8u; i++)
		mw(pa + 8u * i, raw[i]);
}

static void tm_abort(uint64_t lo, uint64_t hi)
{
	tm.ab_lo[tm.nab] = lo;
	tm.ab_hi[tm.nab] = hi;
	tm.nab++;
}

static const struct mdl_mem MEM = {tm_read, tm_write, NULL};

static int setup(void **state)
{
	(void)state;
	memset(&tm, 0, sizeof(tm));
	return 0;
}

/* ---------------------------------------------------------------------- */
/* ID registers (IHI 0070 6.3), spelled out per field                     */

#define IDR0_S2P (1u << 0)
#define IDR0_S1P (1u << 1)
#define IDR0_TTF_AA64 (2u << 2)
#define IDR0_HTTU_HAHD (2u << 6)
#define IDR0_HYP (1u << 9)
#define IDR0_ATS (1u << 10)
#define IDR0_ASID16 (1u << 12)
#define IDR0_VMID16 (1u << 18)
#define IDR0_CD2L (1u << 19)
#define IDR0_TTENDIAN_LE (2u << 21)
#define IDR0_STALL_NONE (1u << 24)
#define IDR0_STALL_FORCE (2u << 24)
#define IDR0_TERM_MODEL (1u << 26)
#define IDR0_ST_2LVL (1u << 27)
#define IDR1_SIDSIZE(n) ((uint32_t)(n))
#define IDR1_SSIDSIZE(n) ((uint32_t)(n) << 6)
#define IDR1_ATTR_PERMS_OVR (1u << 26)
#define IDR1_ATTR_TYPES_OVR (1u << 27)
#define IDR3_HAD (1u << 2)
#define IDR3_XNX (1u << 4)
#define IDR3_STT (1u << 9)
#define IDR5_OAS(e) ((uint32_t)(e)) /* 5 = 48 bits, 6 = 52 bits */
#define IDR5_GRAN4K (1u << 4)
#define IDR5_GRAN16K (1u << 5)
#define IDR5_GRAN64K (1u << 6)
#define IDR5_VAX52 (1u << 10)

/* A full-featured SMMU with a 48-bit OAS. */
static struct mdl_params full48(void)
{
	struct mdl_params p;

	memset(&p, 0, sizeof(p));
	p.idr[0] = IDR0_S2P | IDR0_S1P | IDR0_TTF_AA64 | IDR0_HTTU_HAHD |
		   IDR0_HYP | IDR0_ATS | IDR0_ASID16 | IDR0_VMID16 | IDR0_CD2L |
		   IDR0_ST_2LVL;
	p.idr[1] = IDR1_SIDSIZE(16) | IDR1_SSIDSIZE(20) | IDR1_ATTR_PERMS_OVR |
		   IDR1_ATTR_TYPES_OVR;
	p.idr[3] = IDR3_HAD | IDR3_XNX;
	p.idr[5] = IDR5_OAS(5) | IDR5_GRAN4K | IDR5_GRAN16K | IDR5_GRAN64K;
	return p;
}

static struct mdl_params full52(void)
{
	struct mdl_params p = full48();

	p.idr[5] = IDR5_OAS(6) | IDR5_GRAN4K | IDR5_GRAN16K | IDR5_GRAN64K |
		   IDR5_VAX52;
	return p;
}

/* ---------------------------------------------------------------------- */
/* STE fields (IHI 0070 5.2), bit numbers within each 64-bit word         */

#define STE0_V (1ull << 0)
#define STE0_CFG(c) ((uint64_t)(c) << 1)
#define STE0_S1FMT(f) ((uint64_t)(f) << 4)
#define STE0_S1CDMAX(n) ((uint64_t)(n) << 59)
#define STE1_S1DSS(d) ((uint64_t)(d) << 0)
#define STE1_S1CIR(x) ((uint64_t)(x) << 2)
#define STE1_S1COR(x) ((uint64_t)(x) << 4)
#define STE1_S1CSH(x) ((uint64_t)(x) << 6)
#define STE1_MEV (1ull << 19)
#define STE1_S1STALLD (1ull << 27)
#define STE1_EATS(x) ((uint64_t)(x) << 28)
#define STE1_STRW(x) ((uint64_t)(x) << 30)
#define STE1_MEMATTR(x) ((uint64_t)(x) << 32)
#define STE1_MTCFG (1ull << 36)
#define STE1_ALLOCCFG(x) ((uint64_t)(x) << 37)
#define STE1_SHCFG(x) ((uint64_t)(x) << 44)
#define STE1_PRIVCFG(x) ((uint64_t)(x) << 48)
#define STE1_INSTCFG(x) ((uint64_t)(x) << 50)
#define STE2_S2VMID(v) ((uint64_t)(v))
#define STE2_S2T0SZ(x) ((uint64_t)(x) << 32)
#define STE2_S2SL0(x) ((uint64_t)(x) << 38)
#define STE2_S2IR0(x) ((uint64_t)(x) << 40)
#define STE2_S2OR0(x) ((uint64_t)(x) << 42)
#define STE2_S2SH0(x) ((uint64_t)(x) << 44)
#define STE2_S2TG(x) ((uint64_t)(x) << 46)
#define STE2_S2PS(x) ((uint64_t)(x) << 48)
#define STE2_S2AA64 (1ull << 51)
#define STE2_S2ENDI (1ull << 52)
#define STE2_S2AFFD (1ull << 53)
#define STE2_S2PTW (1ull << 54)
#define STE2_S2S (1ull << 57)
#define STE2_S2R (1ull << 58)

/* CD fields (IHI 0070 5.4) */
#define CD0_T0SZ(x) ((uint64_t)(x))
#define CD0_TG0(x) ((uint64_t)(x) << 6)
#define CD0_IR0(x) ((uint64_t)(x) << 8)
#define CD0_OR0(x) ((uint64_t)(x) << 10)
#define CD0_SH0(x) ((uint64_t)(x) << 12)
#define CD0_EPD0 (1ull << 14)
#define CD0_ENDI (1ull << 15)
#define CD0_T1SZ(x) ((uint64_t)(x) << 16)
#define CD0_TG1(x) ((uint64_t)(x) << 22)
#define CD0_EPD1 (1ull << 30)
#define CD0_V (1ull << 31)
#define CD0_IPS(x) ((uint64_t)(x) << 32)
#define CD0_AFFD (1ull << 35)
#define CD0_WXN (1ull << 36)
#define CD0_TBI0 (1ull << 38)
#define CD0_PAN (1ull << 40)
#define CD0_AA64 (1ull << 41)
#define CD0_HD (1ull << 42)
#define CD0_HA (1ull << 43)
#define CD0_S (1ull << 44)
#define CD0_R (1ull << 45)
#define CD0_A (1ull << 46)
#define CD0_ASID(x) ((uint64_t)(x) << 48)

/* VMSAv8-64 descriptor bits (Arm ARM D8.3) */
#define D_TABLE 3ull
#define D_PAGE 3ull
#define D_BLOCK 1ull
#define D_AP1 (1ull << 6) /* stage 1: EL0 access */
#define D_AP2 (1ull << 7) /* stage 1: read-only */
#define D_SH_IS (3ull << 8)
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_DBM (1ull << 51)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54) /* XN in single-range regimes and stage 2 */
#define D_APT_NOEL0 (1ull << 61)
#define D_APT_RO (1ull << 62)
#define S2_R (1ull << 6)
#define S2_W (1ull << 7)
#define S2_WB (0xfull << 2)  /* MemAttr: Normal WB */
#define S2_DEV (0x1ull << 2) /* MemAttr: Device-nGnRE */

/* Stage-1 and stage-2 leaf templates */
#define S1_RW_ALL (D_PAGE | D_AF | D_SH_IS | D_AP1)
#define S2_RW (D_PAGE | D_AF | D_SH_IS | S2_WB | S2_R | S2_W)

static bool ste_same(const struct mdl_ste *a, const struct mdl_ste *b)
{
	struct mdl_ste x = *a, y = *b;

	memset(x.raw, 0, sizeof(x.raw));
	memset(y.raw, 0, sizeof(y.raw));
	return memcmp(&x, &y, sizeof(x)) == 0;
}

static bool cd_same(const struct mdl_cd *a, const struct mdl_cd *b)
{
	struct mdl_cd x = *a, y = *b;

	memset(x.raw, 0, sizeof(x.raw));
	memset(y.raw, 0, sizeof(y.raw));
	return memcmp(&x, &y, sizeof(x)) == 0;
}

static int decode(const struct mdl_params *p, const uint64_t *raw,
		  struct mdl_ste *ste)
{
	struct mdl_fault f;

	return mdl_ste_decode(p, raw, ste, &f);
}

/*
 * A stage-2 STE for a 40-bit IPA space with the 4K granule: S2T0SZ = 24,
 * S2SL0 = 1 (start at level 1, which must then resolve 40 - 30 = 10 bits:
 * two concatenated level-1 tables), S2PS = 0b010 (40 bits), VMID 5.
 */
static void ste_s2_4k(uint64_t *raw, uint64_t s2ttb)
{
	memset(raw, 0, 64);
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_S2);
	raw[2] = STE2_S2VMID(5) | STE2_S2T0SZ(24) | STE2_S2SL0(1) |
		 STE2_S2IR0(1) | STE2_S2OR0(1) | STE2_S2SH0(3) | STE2_S2TG(0) |
		 STE2_S2PS(2) | STE2_S2AA64 | STE2_S2R;
	raw[3] = s2ttb;
}

/* A stage-1 STE with one CD (S1CDMax = 0) at @ctx, NS-EL1. */
static void ste_s1(uint64_t *raw, uint64_t ctx)
{
	memset(raw, 0, 64);
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_S1) | ctx;
	raw[1] = STE1_S1CIR(1) | STE1_S1COR(1) | STE1_S1CSH(3);
}

/*
 * A stage-1 CD: TTB0 only (EPD1), 4K granule unless changed, R and A set
 * (record faults, abort on fault), AArch64.
 */
static void cd_build(uint64_t *raw, unsigned int t0sz, unsigned int tg0,
		     unsigned int ips, uint64_t ttb0, uint16_t asid)
{
	memset(raw, 0, 64);
	raw[0] = CD0_T0SZ(t0sz) | CD0_TG0(tg0) | CD0_IR0(1) | CD0_OR0(1) |
		 CD0_SH0(3) | CD0_EPD1 | CD0_V | CD0_IPS(ips) | CD0_AA64 |
		 CD0_R | CD0_A | CD0_ASID(asid);
	raw[1] = ttb0;
	raw[3] = 0x0000000000ff0444ull; /* MAIR attrs 0x44, 0x04, 0xff */
}

/* ---------------------------------------------------------------------- */
/* STE decoding                                                           */

static void test_ste_valid_and_config(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a, b;
	struct mdl_fault f;
	uint64_t raw[8] = {0};
	unsigned int c;

	(void)state;
	/* V = 0: C_BAD_STE, nothing decoded */
	raw[0] = STE0_CFG(MDL_STE_CFG_BYPASS);
	assert_int_equal(mdl_ste_decode(&p, raw, &a, &f), MDL_EVT_C_BAD_STE);
	assert_int_equal(f.event_id, MDL_EVT_C_BAD_STE);
	assert_false(a.valid);
	assert_true(a.raw[0] == raw[0]);

	/* Config 0b001..0b011 are reserved: C_BAD_STE */
	for (c = 1; c <= 3; c++) {
		raw[0] = STE0_V | STE0_CFG(c);
		assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	}

	/* Abort uses no other field: garbage elsewhere decodes the same */
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_ABORT);
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_true(a.valid);
	assert_int_equal(a.config, MDL_STE_CFG_ABORT);
	raw[0] |= STE0_S1CDMAX(31) | 0x123400ull;
	raw[1] = ~0ull;
	raw[2] = ~0ull;
	raw[3] = 0x1000;
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));
}

static void test_ste_bypass_fields(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a, b;
	uint64_t raw[8] = {0};

	(void)state;
	/* Bypass uses SHCFG/MTCFG/MEMATTR/ALLOCCFG/PRIVCFG/INSTCFG only */
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_BYPASS);
	raw[1] = STE1_SHCFG(1) | STE1_INSTCFG(2);
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_int_equal(a.shcfg, 1);
	assert_int_equal(a.instcfg, 2);
	assert_false(a.s1_enabled || a.s2_enabled);
	/* S1 and S2 fields are ignored in bypass */
	raw[0] |= STE0_S1CDMAX(7) | 0x40000ull;
	raw[1] |= STE1_S1DSS(2) | STE1_EATS(1) | STE1_STRW(2) | STE1_MEV;
	raw[2] = STE2_S2VMID(9) | STE2_S2T0SZ(3);
	raw[3] = 0xdead000ull;
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));
	/* ...but a different SHCFG is a different behaviour */
	raw[1] = STE1_SHCFG(2) | STE1_INSTCFG(2);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_false(ste_same(&a, &b));
	/* PRIVCFG 0b01 is reserved and behaves as 0b00 */
	raw[1] = STE1_SHCFG(1) | STE1_INSTCFG(2) | STE1_PRIVCFG(1);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));
	/* MEMATTR only matters with MTCFG = 1 */
	raw[1] = STE1_SHCFG(1) | STE1_INSTCFG(2) | STE1_MEMATTR(0xf);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));
	raw[1] |= STE1_MTCFG;
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_false(ste_same(&a, &b));
	/* Without IDR1.ATTR_TYPES_OVR/PERMS_OVR the overrides are ignored */
	p.idr[1] &= ~(IDR1_ATTR_PERMS_OVR | IDR1_ATTR_TYPES_OVR);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_int_equal(b.shcfg, 0);
	assert_int_equal(b.instcfg, 0);
	assert_false(b.mtcfg);
}

static void test_ste_s1_checks(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a, b;
	uint64_t raw[8];

	(void)state;
	ste_s1(raw, 0x40000);
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_true(a.s1_enabled);
	assert_false(a.s2_enabled);
	assert_true(a.s1ctxptr == 0x40000);
	assert_int_equal(a.s1cir, 1);
	assert_int_equal(a.s1csh, 3);

	/* Stage 1 on an SMMU without S1P: ILLEGAL */
	p.idr[0] &= ~IDR0_S1P;
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	p = full48();

	/* S1CDMax 0: S1Fmt and S1DSS unused, even reserved values */
	raw[0] |= STE0_S1FMT(3);
	raw[1] |= STE1_S1DSS(3);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));

	/* S1CDMax != 0: S1Fmt 0b11 and S1DSS 0b11 are reserved */
	raw[0] |= STE0_S1CDMAX(4);
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	raw[0] &= ~STE0_S1FMT(3);
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	raw[1] &= ~STE1_S1DSS(3);
	assert_int_equal(decode(&p, raw, &b), 0);
	/* S1CDMax (4) beyond IDR1.SSIDSIZE (3) */
	p.idr[1] = (p.idr[1] & ~IDR1_SSIDSIZE(31)) | IDR1_SSIDSIZE(3);
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	p = full48();
	/* 2-level CD table without IDR0.CD2L */
	raw[0] |= STE0_S1FMT(2);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_int_equal(b.s1fmt, 2);
	p.idr[0] &= ~IDR0_CD2L;
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	p = full48();

	/* S1STALLD needs IDR0.STALL_MODEL == 0b00 */
	ste_s1(raw, 0x40000);
	raw[1] |= STE1_S1STALLD;
	assert_int_equal(decode(&p, raw, &b), 0);
	p.idr[0] |= IDR0_STALL_NONE;
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	p = full48();

	/* STRW: 0b01 and 0b11 reserved; EL2 (0b10) needs IDR0.Hyp */
	ste_s1(raw, 0x40000);
	raw[1] |= STE1_STRW(1);
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	raw[1] ^= STE1_STRW(1) ^ STE1_STRW(3);
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	raw[1] ^= STE1_STRW(3) ^ STE1_STRW(2);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_int_equal(b.strw, 2);
	p.idr[0] &= ~IDR0_HYP;
	assert_int_equal(decode(&p, raw, &b), MDL_EVT_C_BAD_STE);
	p = full48();
}

static void test_ste_s1_vmid_tagging(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a, b;
	uint64_t raw[8];

	(void)state;
	/* S1-only, EL1: S2VMID tags the TLB entries; other S2 fields unused */
	ste_s1(raw, 0x40000);
	raw[2] = STE2_S2VMID(7);
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_int_equal(a.s2vmid, 7);
	raw[2] |= STE2_S2T0SZ(1) | STE2_S2TG(3) | STE2_S2S;
	raw[3] = 0x123450;
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));
	raw[2] = STE2_S2VMID(8);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_false(ste_same(&a, &b));
	/* With 8-bit VMIDs, S2VMID[15:8] is ignored: 0x107 acts as 7 */
	p.idr[0] &= ~IDR0_VMID16;
	raw[2] = STE2_S2VMID(0x107);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_int_equal(b.s2vmid, 7);
	p = full48();
	/* EL2 stream world: no VMID */
	raw[1] |= STE1_STRW(2);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_int_equal(b.s2vmid, 0);
	/* STRW is not used by stage-2 or nested configurations */
	ste_s2_4k(raw, 0x200000);
	assert_int_equal(decode(&p, raw, &a), 0);
	raw[1] |= STE1_STRW(3);
	assert_int_equal(decode(&p, raw, &b), 0);
	assert_true(ste_same(&a, &b));
}

static void test_ste_s2_checks(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a;
	uint64_t raw[8];

	(void)state;
	ste_s2_4k(raw, 0x200000);
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_true(a.s2_enabled);
	assert_int_equal(a.s2vmid, 5);
	assert_int_equal(a.s2t0sz, 24);
	assert_int_equal(a.s2sl0, 1);
	assert_true(a.s2ttb == 0x200000);
	assert_true(a.s2aa64 && a.s2r);

	/* Stage 2 without IDR0.S2P */
	p.idr[0] &= ~IDR0_S2P;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	p = full48();
	/* S2TG 0b11 reserved; 16K (0b10) not implemented */
	raw[2] |= STE2_S2TG(3);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	raw[2] &= ~STE2_S2TG(3);
	raw[2] |= STE2_S2TG(2);
	p.idr[5] &= ~IDR5_GRAN16K;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	p = full48();
	/* Model: AArch32 stage 2 (S2AA64 = 0) */
	ste_s2_4k(raw, 0x200000);
	raw[2] &= ~STE2_S2AA64;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* Big-endian tables on a little-endian-only SMMU */
	ste_s2_4k(raw, 0x200000);
	raw[2] |= STE2_S2ENDI;
	assert_int_equal(decode(&p, raw, &a), 0);
	p.idr[0] |= IDR0_TTENDIAN_LE;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	p = full48();
	/* S2S with no stall support; S2S = 0 when stalls are forced */
	ste_s2_4k(raw, 0x200000);
	raw[2] |= STE2_S2S;
	p.idr[0] |= IDR0_STALL_NONE;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	p = full48();
	p.idr[0] |= IDR0_STALL_FORCE;
	raw[2] &= ~STE2_S2S;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	p = full48();
	/* EATS with S2S = 1 is ILLEGAL; EATS 0b11 reserved; S1CHK only nested
	 */
	ste_s2_4k(raw, 0x200000);
	raw[1] = STE1_EATS(1);
	raw[2] |= STE2_S2S;
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	raw[2] &= ~STE2_S2S;
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_int_equal(a.eats, 1);
	raw[1] = STE1_EATS(3);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	raw[1] = STE1_EATS(2);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* EATS is not used at all without IDR0.ATS */
	p.idr[0] &= ~IDR0_ATS;
	raw[1] = STE1_EATS(3);
	assert_int_equal(decode(&p, raw, &a), 0);
	assert_int_equal(a.eats, 0);
}

/*
 * S2T0SZ / S2SL0 (Arm ARM AArch64.S2InconsistentSL): with granule 2^g and
 * stride s = g - 3, starting at level L must leave the start level between
 * 1 and s + 4 bits to resolve: inbits - (g + (3 - L) * s) in [1, s + 4].
 */
static void test_ste_s2_sl0_t0sz(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a;
	uint64_t raw[8];

	(void)state;
	ste_s2_4k(raw, 0);
#define S2CFG(t0sz, sl0, tg)                                                   \
	(raw[2] = (raw[2] & ~(STE2_S2T0SZ(63) | STE2_S2SL0(3) | STE2_S2TG(3) | \
			      STE2_S2PS(7))) |                                 \
		  STE2_S2T0SZ(t0sz) | STE2_S2SL0(sl0) | STE2_S2TG(tg) |        \
		  STE2_S2PS(5))
	/* 4K, 39 bits (T0SZ 25) from L1: 39 - 30 = 9 bits: fine */
	S2CFG(25, 1, 0);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* 4K, 39 bits from L0: 39 - 39 = 0 bits at L0: inconsistent */
	S2CFG(25, 2, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* 4K, 48 bits from L1: 18 bits > 9 + 4: would need 512 tables */
	S2CFG(16, 1, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* 4K, 48 bits from L0: 9 bits */
	S2CFG(16, 2, 0);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* 4K, 42 bits from L1: 12 bits = 8 concatenated tables */
	S2CFG(22, 1, 0);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* 4K, 43 bits from L1: 13 bits = 16 tables, the maximum */
	S2CFG(21, 1, 0);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* 4K, 44 bits from L1: 14 bits = 32 tables: too many */
	S2CFG(20, 1, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* 4K SL0 = 0b11 (level 3 needs FEAT_TTST): reserved here */
	S2CFG(25, 3, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* 64K, 42 bits from L2 (SL0 1): 42 - 29 = 13 bits */
	S2CFG(22, 1, 1);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* 64K, 48 bits from L1 (SL0 2): 48 - 42 = 6 bits */
	S2CFG(16, 2, 1);
	assert_int_equal(decode(&p, raw, &a), 0);
	/*
	 * 4K start level 0 needs a PA size >= 44: with IDR5.OAS = 42 bits a
	 * 42-bit IPA from L0 (42 - 39 = 3 bits, consistent) is still invalid,
	 * while the same range from L1 (12 bits, 8 tables) is fine.
	 */
	p.idr[5] = (p.idr[5] & ~7u) | IDR5_OAS(3);
	S2CFG(22, 2, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	S2CFG(22, 1, 0);
	assert_int_equal(decode(&p, raw, &a), 0);
	p = full48();
	/* 16K, 47 bits from L1 (SL0 2): 47 - 36 = 11 bits */
	S2CFG(17, 2, 2);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* 16K, 48 bits from L1: 12 bits = 2 concatenated tables */
	S2CFG(16, 2, 2);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* S2T0SZ > 39 without small translation tables */
	S2CFG(40, 0, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	/* Input range beyond IAS (= OAS 48): T0SZ 15 is 49 bits */
	S2CFG(15, 2, 0);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
#undef S2CFG
}

static void test_ste_s2ttb_range(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste a;
	uint64_t raw[8];

	(void)state;
	/* S2PS = 40 bits: S2TTB at 2^40 is out of range, 2^39 is fine */
	ste_s2_4k(raw, 1ull << 40);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
	ste_s2_4k(raw, 1ull << 39);
	assert_int_equal(decode(&p, raw, &a), 0);
	/* S2PS = 48 bits but OAS = 40: the effective PS is 40 */
	raw[2] = (raw[2] & ~STE2_S2PS(7)) | STE2_S2PS(5);
	raw[3] = 1ull << 44;
	assert_int_equal(decode(&p, raw, &a), 0);
	p.idr[5] = (p.idr[5] & ~7u) | IDR5_OAS(2);
	assert_int_equal(decode(&p, raw, &a), MDL_EVT_C_BAD_STE);
}

/* ---------------------------------------------------------------------- */
/* Stream table                                                           */

static void test_strtab_linear(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	/* Linear, LOG2SIZE 4 (16 STEs): SID 3 is at base + 3 * 64 */
	ste_s2_4k(raw, 0x200000);
	mw_entry(0x10000 + 3 * 64, raw);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x10000, 4, 3, &ste, &f), 0);
	assert_true(ste.s2_enabled);
	assert_int_equal(ste.s2vmid, 5);
	/* Every STE word is one 64-bit read */
	assert_int_equal(tm.reads, 8);
	/* SID 2 is all zeroes: V = 0 */
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x10000, 4, 2, &ste, &f),
			 MDL_EVT_C_BAD_STE);
	/* SID 16 is beyond 2^LOG2SIZE */
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x10000, 4, 16, &ste, &f),
			 MDL_EVT_C_BAD_STREAMID);
	assert_int_equal(f.event_id, MDL_EVT_C_BAD_STREAMID);
	/* LOG2SIZE 8 beyond IDR1.SIDSIZE 4: SID 16 is still out of range */
	p.idr[1] = (p.idr[1] & ~0x3fu) | IDR1_SIDSIZE(4);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x10000, 8, 16, &ste, &f),
			 MDL_EVT_C_BAD_STREAMID);
	/* RA (bit 62) and low bits of STRTAB_BASE are not address bits */
	p = full48();
	assert_int_equal(
		mdl_ste_fetch(&MEM, &p, (1ull << 62) | 0x10000, 4, 3, &ste, &f),
		0);
	/* An abort on the third word: F_STE_FETCH at base + 192 + 16 */
	tm_abort(0x10000 + 3 * 64 + 16, 0x10000 + 3 * 64 + 24);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x10000, 4, 3, &ste, &f),
			 MDL_EVT_F_STE_FETCH);
	assert_true(f.fetch_addr == 0x10000 + 3 * 64 + 16);
}

static void test_strtab_2level(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_fault f;
	uint64_t raw[8];
	/* STRTAB_BASE_CFG: FMT [17:16] = 1, SPLIT [10:6] = 8, LOG2SIZE 16 */
	uint32_t cfg = (1u << 16) | (8u << 6) | 16u;

	(void)state;
	/*
	 * SID 0x0105: L1 index 0x105 >> 8 = 1 at base + 8; L2 index 5.
	 * L1STD: SPAN 9 (2^8 = 256 STEs), L2Ptr 0x30000 -> STE at
	 * 0x30000 + 5 * 64 = 0x30140.
	 */
	mw(0x20000 + 8, 0x30000 | 9);
	ste_s2_4k(raw, 0x200000);
	mw_entry(0x30140, raw);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x20000, cfg, 0x105, &ste, &f),
			 0);
	assert_true(ste.s2_enabled);
	/* SPAN 3: 4 STEs (indices 0..3): index 5 is out of the L2 table */
	mw(0x20000 + 8, 0x30000 | 3);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x20000, cfg, 0x105, &ste, &f),
			 MDL_EVT_C_BAD_STREAMID);
	mw(0x30000 + 3 * 64, raw[0]);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x20000, cfg, 0x103, &ste, &f),
			 MDL_EVT_C_BAD_STE); /* found, but words 1..7 are 0 */
	/* SPAN 0: invalid L1 descriptor */
	mw(0x20000 + 8, 0x30000);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x20000, cfg, 0x105, &ste, &f),
			 MDL_EVT_C_BAD_STREAMID);
	/* SPAN 10 > SPLIT + 1: reserved, treated as invalid */
	mw(0x20000 + 8, 0x30000 | 10);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x20000, cfg, 0x105, &ste, &f),
			 MDL_EVT_C_BAD_STREAMID);
	/* An abort on the L1 descriptor */
	mw(0x20000 + 8, 0x30000 | 9);
	tm_abort(0x20008, 0x20010);
	assert_int_equal(mdl_ste_fetch(&MEM, &p, 0x20000, cfg, 0x105, &ste, &f),
			 MDL_EVT_F_STE_FETCH);
	assert_true(f.fetch_addr == 0x20008);
}

/* ---------------------------------------------------------------------- */
/* CD decoding and lookup                                                 */

static void test_cd_decode(void **state)
{
	struct mdl_params p = full48();
	struct mdl_cd a, b;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &a, &f), 0);
	assert_true(a.valid && a.aa64 && a.epd1 && a.r && a.a);
	assert_int_equal(a.t0sz, 25);
	assert_int_equal(a.asid, 0x42);
	assert_true(a.ttb0 == 0x100000);
	assert_true(a.mair == 0xff0444);

	/* V is bit 31, not bit 0 */
	raw[0] &= ~CD0_V;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	assert_false(b.valid);
	/* Model: AArch32 CDs */
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	raw[0] &= ~CD0_AA64;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	/* TG0 0b11 reserved; 16K (0b10) not implemented */
	cd_build(raw, 25, 3, 5, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	cd_build(raw, 25, 2, 5, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	p.idr[5] &= ~IDR5_GRAN16K;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p = full48();
	/* T0SZ range: 16..39 (12 with the 64K granule and IDR5.VAX) */
	cd_build(raw, 15, 0, 5, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	cd_build(raw, 40, 0, 5, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p.idr[3] |= IDR3_STT; /* small translation tables: up to 48 */
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	p = full52();
	cd_build(raw, 12, 1, 6, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	cd_build(raw, 12, 0, 6, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p = full48();
	/* TTB0 beyond the effective IPS (IPS 0b000 = 32 bits) */
	cd_build(raw, 25, 0, 0, 1ull << 32, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	cd_build(raw, 25, 0, 0, 0xfffff000ull, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	/* EPD0: TTB0 and the TCR0 fields are unused */
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	raw[0] |= CD0_EPD0;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &a, &f), 0);
	cd_build(raw, 39, 3, 5, 0x555000, 0x42);
	raw[0] |= CD0_EPD0;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	assert_true(cd_same(&a, &b));
	/* ENDI on a little-endian-only SMMU */
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	raw[0] |= CD0_ENDI;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	p.idr[0] |= IDR0_TTENDIAN_LE;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p = full48();
	/* A = 0 needs TERM_MODEL 0; S vs STALL_MODEL */
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	raw[0] &= ~CD0_A;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	p.idr[0] |= IDR0_TERM_MODEL;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p = full48();
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	raw[0] |= CD0_S;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	p.idr[0] |= IDR0_STALL_NONE;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p = full48();
	p.idr[0] |= IDR0_STALL_FORCE;
	raw[0] &= ~CD0_S;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f),
			 MDL_EVT_C_BAD_CD);
	p = full48();
	/* 8-bit ASIDs: ASID[15:8] ignored */
	cd_build(raw, 25, 0, 5, 0x100000, 0x1242);
	p.idr[0] &= ~IDR0_ASID16;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	assert_int_equal(b.asid, 0x42);
	p = full48();
	/* HA/HD are unused unless HTTU is enabled in the model */
	cd_build(raw, 25, 0, 5, 0x100000, 0x42);
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &a, &f), 0);
	raw[0] |= CD0_HA | CD0_HD;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	assert_true(cd_same(&a, &b));
	p.httu_enabled = true;
	assert_int_equal(mdl_cd_decode(&p, NULL, raw, &b, &f), 0);
	assert_true(b.ha && b.hd);
}

static void test_cd_fetch_linear_and_s1dss(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_fault f;
	uint64_t raw[8], cdraw[8];
	bool byp;

	(void)state;
	/* S1CDMax 0: a single CD at S1ContextPtr; any SSID is bad */
	ste_s1(raw, 0x40000);
	assert_int_equal(decode(&p, raw, &ste), 0);
	cd_build(cdraw, 25, 0, 5, 0x100000, 1);
	mw_entry(0x40000, cdraw);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, false, 0, &cd, &byp, &f),
			 0);
	assert_true(cd.valid && !byp);
	assert_int_equal(cd.asid, 1);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 0, &cd, &byp, &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);

	/* Linear table of 2^4 CDs: SSID 3 at 0x40000 + 3 * 64 */
	raw[0] |= STE0_S1CDMAX(4);
	raw[1] |= STE1_S1DSS(0);
	assert_int_equal(decode(&p, raw, &ste), 0);
	cd_build(cdraw, 25, 0, 5, 0x100000, 3);
	mw_entry(0x40000 + 3 * 64, cdraw);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 3, &cd, &byp, &f),
			 0);
	assert_int_equal(cd.asid, 3);
	/* SSID 16 >= 2^S1CDMax */
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 16, &cd, &byp, &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);
	/* SSID 5: an all-zero CD (V = 0) */
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 5, &cd, &byp, &f),
			 MDL_EVT_C_BAD_CD);
	/* S1DSS terminate: no-SSID traffic raises F_STREAM_DISABLED */
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, false, 0, &cd, &byp, &f),
			 MDL_EVT_F_STREAM_DISABLED);
	/* S1DSS bypass */
	raw[1] = (raw[1] & ~STE1_S1DSS(3)) | STE1_S1DSS(1);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, false, 0, &cd, &byp, &f),
			 0);
	assert_true(byp);
	assert_false(cd.valid);
	/* S1DSS substream 0: no-SSID traffic uses CD 0; SSID 0 is then bad */
	raw[1] = (raw[1] & ~STE1_S1DSS(3)) | STE1_S1DSS(2);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, false, 0, &cd, &byp, &f),
			 0);
	assert_false(byp);
	assert_int_equal(cd.asid, 1);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 0, &cd, &byp, &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);
	/* An abort on CD word 1 of SSID 3 */
	tm_abort(0x40000 + 3 * 64 + 8, 0x40000 + 3 * 64 + 16);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 3, &cd, &byp, &f),
			 MDL_EVT_F_CD_FETCH);
	assert_true(f.fetch_addr == 0x40000 + 3 * 64 + 8);
	/* A substream on a stream without stage 1 */
	ste_s2_4k(raw, 0x200000);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, true, 1, &cd, &byp, &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(mdl_cd_fetch(&MEM, &p, &ste, false, 0, &cd, &byp, &f),
			 0);
	assert_true(byp);
}

static void test_cd_fetch_2level(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_fault f;
	uint64_t raw[8], cdraw[8];
	bool byp;

	(void)state;
	/*
	 * S1Fmt 1 (4KB leaves, 64 CDs each): SSID 0x47 = L1 index 1 (at
	 * 0x40008), L2 index 7: CD at L2Ptr 0x50000 + 7 * 64 = 0x501c0.
	 */
	ste_s1(raw, 0x40000);
	raw[0] |= STE0_S1CDMAX(8) | STE0_S1FMT(1);
	raw[1] |= STE1_S1DSS(1);
	assert_int_equal(decode(&p, raw, &ste), 0);
	mw(0x40008, 0x50000 | 1); /* L1CD: V [0], L2Ptr [51:12] */
	cd_build(cdraw, 25, 0, 5, 0x100000, 0x47);
	mw_entry(0x501c0, cdraw);
	assert_int_equal(
		mdl_cd_fetch(&MEM, &p, &ste, true, 0x47, &cd, &byp, &f), 0);
	assert_int_equal(cd.asid, 0x47);
	/* L1CD.V = 0 */
	mw(0x40008, 0x50000);
	assert_int_equal(
		mdl_cd_fetch(&MEM, &p, &ste, true, 0x47, &cd, &byp, &f),
		MDL_EVT_C_BAD_SUBSTREAMID);
	/* Abort on the L1CD */
	tm_abort(0x40008, 0x40010);
	assert_int_equal(
		mdl_cd_fetch(&MEM, &p, &ste, true, 0x47, &cd, &byp, &f),
		MDL_EVT_F_CD_FETCH);
	assert_true(f.fetch_addr == 0x40008);
	setup(NULL);

	/*
	 * S1Fmt 2 (64KB leaves, 1024 CDs each): SSID 0x403 = L1 index 1,
	 * L2 index 3: CD at 0x60000 + 3 * 64 = 0x600c0.
	 */
	ste_s1(raw, 0x40000);
	raw[0] |= STE0_S1CDMAX(12) | STE0_S1FMT(2);
	assert_int_equal(decode(&p, raw, &ste), 0);
	mw(0x40008, 0x60000 | 1);
	cd_build(cdraw, 25, 0, 5, 0x100000, 0x403);
	mw_entry(0x600c0, cdraw);
	assert_int_equal(
		mdl_cd_fetch(&MEM, &p, &ste, true, 0x403, &cd, &byp, &f), 0);
	assert_int_equal(cd.asid, 0x403);
}

/* ---------------------------------------------------------------------- */
/* Stage-1 walks, 4K granule                                              */

/*
 * 4K granule, T0SZ 25 (39-bit VA): start level 1 (39 - 12 = 27 = 3 x 9).
 * VA 0x40201123: L1 index VA[38:30] = 1, L2 index VA[29:21] = 1, L3 index
 * VA[20:12] = 1, offset 0x123. Tables: L1 0x100000, L2 0x101000, L3
 * 0x102000; the page at PA 0x80000000 -> PA 0x80000123.
 */
static void build_s1_4k(uint64_t leaf)
{
	mw(0x100000 + 8, 0x101000 | D_TABLE);
	mw(0x101000 + 8, 0x102000 | D_TABLE);
	mw(0x102000 + 8, 0x80000000ull | leaf);
}

static int s1_xlate(const struct mdl_params *p, const uint64_t *cdraw,
		    uint64_t va, unsigned int acc, struct mdl_xlate *x,
		    struct mdl_fault *f)
{
	struct mdl_cd cd;

	assert_int_equal(mdl_cd_decode(p, NULL, cdraw, &cd, f), 0);
	return mdl_walk_stage(&MEM, p, 1, NULL, &cd, va, acc, x, f);
}

static void test_s1_4k_page(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];

	(void)state;
	cd_build(cd, 25, 0, 5, 0x100000, 9);
	build_s1_4k(S1_RW_ALL | D_NG);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f), 0);
	assert_true(x.pa == 0x80000123);
	assert_int_equal(x.size_log2, 12);
	assert_int_equal(x.s1_level, 3);
	assert_int_equal(x.asid, 9);
	assert_true(x.readable && x.writable && x.executable);
	assert_false(x.global); /* nG = 1 */
	/* three descriptor reads, 64 bits each */
	assert_int_equal(tm.reads, 3);
	/* a global page */
	build_s1_4k(S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f), 0);
	assert_true(x.global);
}

static void test_s1_4k_blocks(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];

	(void)state;
	/*
	 * T0SZ 16 (48-bit VA): start level 0 (36 = 4 x 9).
	 * VA 0x8000_4032_3456 = 0x100 << 39 | 1 << 30 | 1 << 21 | 0x123456:
	 * L0 index 0x100, L1 index 1, L2 index 1, 2MB offset 0x123456.
	 */
	cd_build(cd, 16, 0, 5, 0x100000, 1);
	mw(0x100000 + 0x100 * 8, 0x101000 | D_TABLE);
	mw(0x101000 + 8, 0x102000 | D_TABLE);
	/* 2MB block at L2: PA 0x4_0000_0000 | VA[20:0] = 0x123456 */
	mw(0x102000 + 8, 0x400000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, 0x800040323456ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x400123456ull);
	assert_int_equal(x.size_log2, 21);
	assert_int_equal(x.s1_level, 2);
	/* 1GB block at L1: PA 0x40000000 | VA[29:0] = 0x00323456 */
	mw(0x101000 + 8, 0x40000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, 0x800040323456ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x40000000ull + 0x00323456ull);
	assert_int_equal(x.size_log2, 30);
	assert_int_equal(x.s1_level, 1);
	/* A block at L0 is not allowed with 4K (no FEAT_LPA2): level 0 */
	mw(0x100000 + 0x100 * 8, 0x8000000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, 0x800040323456ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 0);
	/* 0b01 at level 3 is reserved: translation fault at level 3 */
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	build_s1_4k(D_BLOCK | D_AF);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 3);
	assert_false(f.s2);
	assert_true(f.input_addr == 0x40201123);
}

static void test_s1_4k_faults(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];

	(void)state;
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	/* Invalid L2 descriptor: translation fault at level 2 */
	mw(0x100000 + 8, 0x101000 | D_TABLE);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 2);
	assert_int_equal(f.clss, MDL_CLASS_IN);
	assert_true(f.rnw);
	/* VA beyond the 39-bit TTB0 range: level-0 translation fault */
	build_s1_4k(S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, 1ull << 39, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 0);
	assert_false(f.rnw);
	/* An upper-range VA with EPD1 = 1: level-0 translation fault */
	assert_int_equal(s1_xlate(&p, cd, 0xffffffffc0201000ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 0);
	/* Output beyond IPS 0b000 (32 bits): address size fault, level 3 */
	cd_build(cd, 25, 0, 0, 0x100000, 1);
	mw(0x102000 + 8, 0x100000000ull | S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_ADDR_SIZE);
	assert_int_equal(f.level, 3);
	/* A next-level table address beyond IPS: fault at the table's level */
	mw(0x100000 + 8, 0x100101000ull | D_TABLE);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_ADDR_SIZE);
	assert_int_equal(f.level, 1);
	/* External abort reading the L2 descriptor (0x101008) */
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	build_s1_4k(S1_RW_ALL);
	tm_abort(0x101008, 0x101010);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_WALK_EABT);
	assert_true(f.fetch_addr == 0x101008);
	assert_int_equal(f.level, 2);
	assert_false(f.s2);
}

static void test_s1_access_flag(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];

	(void)state;
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	/* AF = 0, no HTTU: access flag fault at level 3 */
	build_s1_4k(S1_RW_ALL & ~D_AF);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_ACCESS);
	assert_int_equal(f.level, 3);
	/* Access flag before permission: AF = 0 on a read-only page, write */
	build_s1_4k((S1_RW_ALL & ~D_AF) | D_AP2);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_ACCESS);
	/* CD.AFFD: AF = 0 never faults */
	cd[0] |= CD0_AFFD;
	build_s1_4k(S1_RW_ALL & ~D_AF);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f), 0);
	assert_true(mr(0x102008) == (0x80000000ull | (S1_RW_ALL & ~D_AF)));
	/* HA (with HTTU): the SMMU sets AF in memory instead */
	cd[0] &= ~CD0_AFFD;
	cd[0] |= CD0_HA;
	p.httu_enabled = true;
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f), 0);
	assert_true(mr(0x102008) == (0x80000000ull | S1_RW_ALL));
	/* ...but not when the access faults (read-only page, write) */
	build_s1_4k((S1_RW_ALL & ~D_AF) | D_AP2);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(mr(0x102008) ==
		    (0x80000000ull | ((S1_RW_ALL & ~D_AF) | D_AP2)));
}

static void test_s1_permissions(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];
	const uint64_t va = 0x40201123;
	const unsigned int W = MDL_ACC_WRITE, X = MDL_ACC_EXEC,
			   PR = MDL_ACC_PRIV;

	(void)state;
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	/* AP[2:1] = 0b00: privileged RW, no EL0 access */
	build_s1_4k(D_PAGE | D_AF);
	assert_int_equal(s1_xlate(&p, cd, va, PR | W, &x, &f), 0);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), MDL_EVT_F_PERMISSION);
	assert_int_equal(f.level, 3);
	assert_false(f.pnu);
	/* ...but EL0 may execute it (UXN = 0): execute-only at EL0 */
	assert_int_equal(s1_xlate(&p, cd, va, X, &x, &f), 0);
	assert_int_equal(x.perm[0], MDL_PERM_X);
	assert_int_equal(x.perm[1], MDL_PERM_R | MDL_PERM_W | MDL_PERM_X);
	/* AP[2:1] = 0b11: read-only for both */
	build_s1_4k(D_PAGE | D_AF | D_AP1 | D_AP2);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_false(x.writable);
	assert_int_equal(s1_xlate(&p, cd, va, W, &x, &f), MDL_EVT_F_PERMISSION);
	assert_int_equal(s1_xlate(&p, cd, va, PR | W, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(f.pnu);
	/* AP[2:1] = 0b01: RW for both; EL0-writable implies PXN */
	build_s1_4k(D_PAGE | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, va, X, &x, &f), 0);
	assert_int_equal(x.perm[0], MDL_PERM_R | MDL_PERM_W | MDL_PERM_X);
	assert_int_equal(x.perm[1], MDL_PERM_R | MDL_PERM_W);
	assert_int_equal(s1_xlate(&p, cd, va, PR | X, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(f.ind);
	/* UXN / PXN */
	build_s1_4k(D_PAGE | D_AF | D_AP1 | D_AP2 | D_UXN);
	assert_int_equal(s1_xlate(&p, cd, va, X, &x, &f), MDL_EVT_F_PERMISSION);
	assert_int_equal(s1_xlate(&p, cd, va, PR | X, &x, &f), 0);
	build_s1_4k(D_PAGE | D_AF | D_AP1 | D_AP2 | D_PXN);
	assert_int_equal(s1_xlate(&p, cd, va, X, &x, &f), 0);
	assert_int_equal(s1_xlate(&p, cd, va, PR | X, &x, &f),
			 MDL_EVT_F_PERMISSION);
	/* Writes are data: EXEC is ignored on a write */
	build_s1_4k(D_PAGE | D_AF | D_AP1 | D_UXN | D_PXN);
	assert_int_equal(s1_xlate(&p, cd, va, W | X, &x, &f), 0);
	/* WXN: writable implies execute-never */
	cd[0] |= CD0_WXN;
	build_s1_4k(D_PAGE | D_AF);
	assert_int_equal(s1_xlate(&p, cd, va, PR | X, &x, &f),
			 MDL_EVT_F_PERMISSION);
	cd[0] &= ~CD0_WXN;
	/* PAN: privileged data access to an EL0-accessible page */
	cd[0] |= CD0_PAN;
	build_s1_4k(D_PAGE | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, va, PR, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_int_equal(x.perm[1], 0); /* PAN: no privileged data access */
	cd[0] &= ~CD0_PAN;
	/* APTable[1] at level 1: everything below is read-only */
	mw(0x100000 + 8, 0x101000 | D_TABLE | D_APT_RO);
	assert_int_equal(s1_xlate(&p, cd, va, W, &x, &f), MDL_EVT_F_PERMISSION);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	/* APTable[0] at level 2: no EL0 access below */
	mw(0x100000 + 8, 0x101000 | D_TABLE);
	mw(0x101000 + 8, 0x102000 | D_TABLE | D_APT_NOEL0);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), MDL_EVT_F_PERMISSION);
	assert_int_equal(s1_xlate(&p, cd, va, PR | W, &x, &f), 0);
	/* ...unless hierarchical attributes are disabled (CD HAD0, qw1[1]) */
	cd[1] |= 2u;
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	cd[1] &= ~2ull;
	/* UXNTable (bit 60) / PXNTable (bit 59) at level 1 */
	mw(0x101000 + 8, 0x102000 | D_TABLE);
	build_s1_4k(D_PAGE | D_AF | D_AP1 | D_AP2);
	mw(0x100000 + 8, 0x101000 | D_TABLE | (1ull << 60));
	assert_int_equal(s1_xlate(&p, cd, va, X, &x, &f), MDL_EVT_F_PERMISSION);
	assert_int_equal(s1_xlate(&p, cd, va, PR | X, &x, &f), 0);
	mw(0x100000 + 8, 0x101000 | D_TABLE | (1ull << 59));
	assert_int_equal(s1_xlate(&p, cd, va, X, &x, &f), 0);
	assert_int_equal(s1_xlate(&p, cd, va, PR | X, &x, &f),
			 MDL_EVT_F_PERMISSION);
}

/* ---------------------------------------------------------------------- */
/* Stage-2 walks, 4K granule                                              */

/*
 * ste_s2_4k: 40-bit IPA, start level 1 with two concatenated tables at
 * S2TTB 0x200000 (8KB). IPA 0x80_4020_1456: L1 index IPA[39:30] = 0x201
 * = 513 -> descriptor at 0x200000 + 513 * 8 = 0x201008 (second table);
 * L2 index IPA[29:21] = 1, L3 index IPA[20:12] = 1, offset 0x456.
 */
static void build_s2_4k(uint64_t leaf)
{
	mw(0x201008, 0x203000 | D_TABLE);
	mw(0x203008, 0x204000 | D_TABLE);
	mw(0x204008, 0x90000000ull | leaf);
}

static int s2_xlate(const struct mdl_params *p, const uint64_t *raw,
		    uint64_t ipa, unsigned int acc, struct mdl_xlate *x,
		    struct mdl_fault *f)
{
	struct mdl_ste ste;

	assert_int_equal(mdl_ste_decode(p, raw, &ste, f), 0);
	return mdl_walk_stage(&MEM, p, 2, &ste, NULL, ipa, acc, x, f);
}

static void test_s2_4k_concat(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	ste_s2_4k(raw, 0x200000);
	build_s2_4k(S2_RW);
	assert_int_equal(
		s2_xlate(&p, raw, 0x8040201456ull, MDL_ACC_WRITE, &x, &f), 0);
	assert_true(x.pa == 0x90000456ull);
	assert_int_equal(x.s2_level, 3);
	assert_int_equal(x.size_log2, 12);
	assert_int_equal(x.vmid, 5);
	/* IPA 0x0040201456 uses the first table: index 1, not there */
	assert_int_equal(s2_xlate(&p, raw, 0x0040201456ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 1);
	assert_true(f.s2);
	assert_true(f.ipa == 0x0040201456ull);
	assert_int_equal(f.clss, MDL_CLASS_IN);
	/*
	 * Model: S2TTB bits below the 8KB alignment of the concatenated root
	 * are treated as zero (one of the Arm ARM's permitted behaviours).
	 */
	ste_s2_4k(raw, 0x201000);
	assert_int_equal(s2_xlate(&p, raw, 0x8040201456ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x90000456ull);
	ste_s2_4k(raw, 0x200000);
	/* IPA beyond 40 bits: stage-2 translation fault */
	assert_int_equal(s2_xlate(&p, raw, 1ull << 40, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_true(f.s2);
}

static void test_s2_4k_faults(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];
	const uint64_t ipa = 0x8040201456ull;

	(void)state;
	ste_s2_4k(raw, 0x200000);
	/* S2AP read-only: write faults */
	build_s2_4k(S2_RW & ~S2_W);
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), 0);
	assert_false(x.writable);
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(f.s2);
	assert_int_equal(f.level, 3);
	/* S2AP write-only: read faults */
	build_s2_4k(S2_RW & ~S2_R);
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f),
			 MDL_EVT_F_PERMISSION);
	/* XN (XNX 0b10): no execution at all */
	build_s2_4k(S2_RW | (2ull << 53));
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_EXEC, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_int_equal(
		s2_xlate(&p, raw, ipa, MDL_ACC_EXEC | MDL_ACC_PRIV, &x, &f),
		MDL_EVT_F_PERMISSION);
	/* XNX 0b01: EL0 may execute, EL1 may not */
	build_s2_4k(S2_RW | (1ull << 53));
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_EXEC, &x, &f), 0);
	assert_int_equal(x.perm[0], MDL_PERM_R | MDL_PERM_W | MDL_PERM_X);
	assert_int_equal(x.perm[1], MDL_PERM_R | MDL_PERM_W);
	assert_int_equal(
		s2_xlate(&p, raw, ipa, MDL_ACC_EXEC | MDL_ACC_PRIV, &x, &f),
		MDL_EVT_F_PERMISSION);
	/* Without FEAT_XNX only bit 54 counts: 0b01 is executable */
	p.idr[3] &= ~IDR3_XNX;
	assert_int_equal(
		s2_xlate(&p, raw, ipa, MDL_ACC_EXEC | MDL_ACC_PRIV, &x, &f), 0);
	p = full48();
	/* AF = 0: stage-2 access flag fault; S2AFFD disables it */
	build_s2_4k(S2_RW & ~D_AF);
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), MDL_EVT_F_ACCESS);
	assert_true(f.s2);
	raw[2] |= STE2_S2AFFD;
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), 0);
	/* Output beyond S2PS (40 bits): address size fault at level 3 */
	ste_s2_4k(raw, 0x200000);
	mw(0x204008, (1ull << 40) | S2_RW);
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f),
			 MDL_EVT_F_ADDR_SIZE);
	assert_int_equal(f.level, 3);
	assert_true(f.s2);
	/* 1GB block at level 1: PA 0xc0000000 | IPA[29:0] */
	mw(0x201008, 0xc0000000ull | D_BLOCK | D_AF | S2_R | S2_WB);
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), 0);
	assert_true(x.pa == 0xc0000000ull + 0x00201456ull);
	assert_int_equal(x.s2_level, 1);
	assert_int_equal(x.size_log2, 30);
	/* Walk abort on the level-1 descriptor */
	tm_abort(0x201008, 0x201010);
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f),
			 MDL_EVT_F_WALK_EABT);
	assert_true(f.fetch_addr == 0x201008);
	assert_true(f.s2);
}

/* ---------------------------------------------------------------------- */
/* 16K and 64K granules, 52-bit output                                    */

static void test_s1_16k(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];
	/*
	 * 16K (TG0 0b10), T0SZ 17 (47-bit VA): 47 - 14 = 33 = 3 x 11, start
	 * level 1 (shift 36, 11 bits), L2 shift 25, L3 shift 14.
	 * VA = 3 << 36 | 2 << 25 | 1 << 14 | 0x1abc = 0x30_0400_5abc.
	 */
	const uint64_t va = 0x3004005abcull;

	(void)state;
	cd_build(cd, 17, 2, 5, 0x300000, 1);
	mw(0x300000 + 3 * 8, 0x304000 | D_TABLE);
	mw(0x304000 + 2 * 8, 0x308000 | D_TABLE);
	mw(0x308000 + 1 * 8, 0x12344000ull | S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_true(x.pa == 0x12345abcull); /* 0x12344000 + 0x1abc */
	assert_int_equal(x.size_log2, 14);
	assert_int_equal(x.s1_level, 3);
	/* 32MB block at L2: PA 0x42000000 | VA[24:0] (0x5abc) */
	mw(0x304000 + 2 * 8, 0x42000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_true(x.pa == 0x42005abcull);
	assert_int_equal(x.size_log2, 25);
	assert_int_equal(x.s1_level, 2);
	/* No level-1 blocks with 16K (they need FEAT_LPA2) */
	mw(0x300000 + 3 * 8, 0x1000000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 1);
}

static void test_s1_64k(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];
	/*
	 * 64K (TG0 0b01), T0SZ 22 (42-bit VA): 42 - 16 = 26 = 2 x 13, start
	 * level 2 (shift 29), L3 shift 16.
	 * VA = 5 << 29 | 7 << 16 | 0x1234 = 0xa0071234.
	 */
	const uint64_t va = 0xa0071234ull;

	(void)state;
	cd_build(cd, 22, 1, 5, 0x400000, 1);
	mw(0x400000 + 5 * 8, 0x410000 | D_TABLE);
	mw(0x410000 + 7 * 8, 0x55550000ull | S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_true(x.pa == 0x55551234ull);
	assert_int_equal(x.size_log2, 16);
	assert_int_equal(x.s1_level, 3);
	assert_int_equal(tm.reads, 2);
	/* 512MB block at L2: PA 0x60000000 | VA[28:0] (0x71234) */
	mw(0x400000 + 5 * 8, 0x60000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_true(x.pa == 0x60071234ull);
	assert_int_equal(x.size_log2, 29);
	/*
	 * T0SZ 16 (48 bits) with 64K: 32 bits = 3 levels, start at L1 with
	 * 6 bits. Without 52-bit PAs (FEAT_LPA), a 64K L1 block is invalid.
	 */
	cd_build(cd, 16, 1, 5, 0x400000, 1);
	mw(0x400000 + 1 * 8, 0x40000000000ull | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, 1ull << 42, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 1);
}

/*
 * 52-bit VA and PA with the 64K granule (IDR5.OAS = 52, VAX): T0SZ 12,
 * 52 - 16 = 36 -> 3 levels, start level 1 (shift 42) resolving 10 bits.
 * VA = 0x201 << 42 | 3 << 29 | 2 << 16 | 0x10 = 0x0008_0400_6002_0010.
 * Descriptors carry OA[51:48] in bits [15:12] (Arm ARM D8.3, FEAT_LPA).
 */
static void test_s1_64k_52bit(void **state)
{
	struct mdl_params p = full52();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];
	const uint64_t va = 0x0008040060020010ull;
	/* L2 table at PA 0x1_0000_0051_0000: OA[51:48] = 1 in bits [15:12] */
	const uint64_t l2 = 0x0001000000510000ull;

	(void)state;
	cd_build(cd, 12, 1, 6, 0x500000, 1);
	mw(0x500000 + 0x201 * 8, 0x510000ull | (1ull << 12) | D_TABLE);
	mw(l2 + 3 * 8, 0x520000 | D_TABLE);
	/* page OA 0xf_1234_5678_0000: [47:16] in place, 0xf in [15:12] */
	mw(0x520000 + 2 * 8, 0x0000123456780000ull | 0xf000u | S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_true(x.pa == 0x000f123456780010ull);
	assert_int_equal(x.s1_level, 3);
	/* The same tables with IPS 48: the L2 table address is too big */
	cd_build(cd, 12, 1, 5, 0x500000, 1);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), MDL_EVT_F_ADDR_SIZE);
	assert_int_equal(f.level, 1);
	/* ...and with a low L2 table, the page OA is too big (level 3) */
	mw(0x500000 + 0x201 * 8, 0x510000ull | D_TABLE);
	mw(0x510000 + 3 * 8, 0x520000 | D_TABLE);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), MDL_EVT_F_ADDR_SIZE);
	assert_int_equal(f.level, 3);
	/*
	 * With 52-bit PAs a 64K level-1 block (4TB) is legal: OA
	 * 0x3_0000_0000_0000 (0x3 in [15:12]) | VA[41:0] = 0x6002_0010.
	 */
	cd_build(cd, 12, 1, 6, 0x500000, 1);
	mw(0x500000 + 0x201 * 8, 0x3000u | D_BLOCK | D_AF | D_AP1);
	assert_int_equal(s1_xlate(&p, cd, va, 0, &x, &f), 0);
	assert_true(x.pa == 0x0003000060020010ull);
	assert_int_equal(x.size_log2, 42);
	assert_int_equal(x.s1_level, 1);
}

/* TTB1: the upper VA range, and top-byte-ignore. */
static void test_s1_ttb1(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];

	(void)state;
	/*
	 * T1SZ 25, TG1 0b10 (4K), TTB1 0x600000: upper-range VAs have
	 * VA[63:39] all ones. VA 0xffff_ff80_4020_1123: L1/L2/L3 index 1.
	 */
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	cd[0] &= ~CD0_EPD1;
	cd[0] |= CD0_T1SZ(25) | CD0_TG1(2);
	cd[2] = 0x600000;
	mw(0x600000 + 8, 0x601000 | D_TABLE);
	mw(0x601000 + 8, 0x602000 | D_TABLE);
	mw(0x602000 + 8, 0x70000000ull | S1_RW_ALL);
	assert_int_equal(s1_xlate(&p, cd, 0xffffff8040201123ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x70000123ull);
	/* bit 39 clear in an upper-range VA: outside the T1SZ range */
	assert_int_equal(s1_xlate(&p, cd, 0xffffff0040201123ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 0);
	/* a tagged pointer (top byte 0x12, bit 55 set) faults without TBI1 */
	assert_int_equal(s1_xlate(&p, cd, 0x12ffff8040201123ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	/* ...and is translated with TBI1 (CD bit 39) */
	cd[0] |= 1ull << 39;
	assert_int_equal(s1_xlate(&p, cd, 0x12ffff8040201123ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x70000123ull);
	/* TTB1 is not used with EPD1 */
	cd[0] |= CD0_EPD1;
	assert_int_equal(s1_xlate(&p, cd, 0xffffff8040201123ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
}

/* HTTU dirty state: DBM with CD.HD (Arm ARM D8.4, FEAT_HAFDBS). */
static void test_s1_dirty(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];
	const uint64_t clean = 0x80000000ull | S1_RW_ALL | D_AP2 | D_DBM;

	(void)state;
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	/* Writable-clean page, no HD: a write is a permission fault */
	build_s1_4k(S1_RW_ALL | D_AP2 | D_DBM);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	/* With HA|HD: reads leave it clean, a write clears AP[2] */
	p.httu_enabled = true;
	cd[0] |= CD0_HA | CD0_HD;
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f), 0);
	assert_true(mr(0x102008) == clean);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 0);
	assert_true(mr(0x102008) == (clean & ~D_AP2));
	/* DBM does not override a read-only APTable */
	build_s1_4k(S1_RW_ALL | D_AP2 | D_DBM);
	mw(0x100000 + 8, 0x101000 | D_TABLE | D_APT_RO);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(mr(0x102008) == clean);
	/* Without IDR0.HTTU dirty state, HD is not used */
	p.idr[0] &= ~IDR0_HTTU_HAHD;
	mw(0x100000 + 8, 0x101000 | D_TABLE);
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
}

/* Big-endian translation tables (CD.ENDI, IDR0.TTENDIAN mixed). */
static uint64_t bswap(uint64_t v)
{
	uint64_t r = 0;
	int i;

	for (i = 0; i < 8; i++)
		r = (r << 8) | ((v >> (8 * i)) & 0xff);
	return r;
}

static void test_s1_big_endian(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t cd[8];

	(void)state;
	cd_build(cd, 25, 0, 5, 0x100000, 1);
	cd[0] |= CD0_ENDI;
	mw(0x100000 + 8, bswap(0x101000 | D_TABLE));
	mw(0x101000 + 8, bswap(0x102000 | D_TABLE));
	mw(0x102000 + 8, bswap(0x80000000ull | S1_RW_ALL));
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f), 0);
	assert_true(x.pa == 0x80000123ull);
	/* read as little-endian, the L1 descriptor has bit 0 clear */
	cd[0] &= ~CD0_ENDI;
	assert_int_equal(s1_xlate(&p, cd, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 1);
}

static void test_s2_16k_64k(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	/*
	 * 16K stage 2, S2T0SZ 28 (36-bit IPA), S2SL0 1 (level 2, shift 25,
	 * 36 - 25 = 11 bits). IPA = 0x7ff << 25 | 3 << 14 | 0x10 =
	 * 0xf_fe00_c010: L2 descriptor at 0x700000 + 0x7ff * 8 = 0x703ff8,
	 * L3 index 3 in the table at 0x710000.
	 */
	ste_s2_4k(raw, 0x700000);
	raw[2] = STE2_S2VMID(1) | STE2_S2T0SZ(28) | STE2_S2SL0(1) |
		 STE2_S2TG(2) | STE2_S2PS(5) | STE2_S2AA64;
	mw(0x703ff8, 0x710000 | D_TABLE);
	mw(0x710000 + 3 * 8, 0x80004000ull | S2_RW);
	assert_int_equal(s2_xlate(&p, raw, 0xffe00c010ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x80004010ull);
	assert_int_equal(x.size_log2, 14);
	/*
	 * 64K stage 2, S2T0SZ 20 (44-bit IPA), S2SL0 1 (level 2, shift 29):
	 * 44 - 29 = 15 bits = 4 concatenated 64KB tables (256KB at 0x800000).
	 * IPA = 0x4001 << 29 | 5 << 16 | 0x99 = 0x800_2005_0099: root entry
	 * 0x4001 at 0x800000 + 0x20008 (the third table), L3 index 5.
	 */
	raw[2] = STE2_S2VMID(1) | STE2_S2T0SZ(20) | STE2_S2SL0(1) |
		 STE2_S2TG(1) | STE2_S2PS(5) | STE2_S2AA64;
	raw[3] = 0x800000;
	mw(0x820008, 0x900000 | D_TABLE);
	mw(0x900000 + 5 * 8, 0xa00000000ull | S2_RW);
	assert_int_equal(s2_xlate(&p, raw, 0x80020050099ull, 0, &x, &f), 0);
	assert_true(x.pa == 0xa00000099ull);
	assert_int_equal(x.s2_level, 3);
	assert_int_equal(x.size_log2, 16);
	/* root entry 0x0001 (first table) is empty: level-2 fault */
	assert_int_equal(s2_xlate(&p, raw, 0x20050099ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_int_equal(f.level, 2);
}

/* ---------------------------------------------------------------------- */
/* Whole translations: configs, overrides, nesting                        */

static void test_xlate_bypass_abort(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8] = {0};

	(void)state;
	/* Bypass: the output is the input; beyond OAS (48) it faults */
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_BYPASS);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(mdl_translate(&MEM, &p, &ste, NULL, 0x1234567000ull,
				       MDL_ACC_WRITE, &x, &f),
			 0);
	assert_true(x.pa == 0x1234567000ull);
	assert_true(x.readable && x.writable);
	assert_int_equal(x.s1_level, 0xff);
	assert_int_equal(x.s2_level, 0xff);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, NULL, 1ull << 48, 0, &x, &f),
		MDL_EVT_F_ADDR_SIZE);
	assert_false(f.s2);
	assert_int_equal(f.level, 0);
	/* with a 40-bit OAS, 2^40 is out of range and 2^40 - 1 is not */
	p.idr[5] = (p.idr[5] & ~7u) | IDR5_OAS(2);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, NULL, 1ull << 40, 0, &x, &f),
		MDL_EVT_F_ADDR_SIZE);
	assert_int_equal(mdl_translate(&MEM, &p, &ste, NULL, (1ull << 40) - 1,
				       0, &x, &f),
			 0);
	p = full48();
	/* Abort: terminated without an event */
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_ABORT);
	mw_entry(0x10000 + 64, raw);
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x10000, 4, 1, false, 0,
					      0x1000, 0, &x, &f),
			 MDL_RES_ABORT);
	assert_int_equal(f.event_id, 0);
	/* An invalid STE through the whole path */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x10000, 4, 2, false, 0,
					      0x1000, 0, &x, &f),
			 MDL_EVT_C_BAD_STE);
}

static void test_xlate_overrides(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8], cdraw[8];

	(void)state;
	cd_build(cdraw, 25, 0, 5, 0x100000, 1);
	assert_int_equal(mdl_cd_decode(&p, NULL, cdraw, &cd, &f), 0);
	/* A privileged-only, EL0-executable page (AP 0b00, PXN) */
	build_s1_4k(D_PAGE | D_AF | D_PXN);
	ste_s1(raw, 0x40000);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, &cd, 0x40201123, 0, &x, &f),
		MDL_EVT_F_PERMISSION);
	assert_int_equal(f.clss, MDL_CLASS_IN);
	/* A CD that failed to decode is not a stage-1 bypass */
	cdraw[0] &= ~CD0_V;
	assert_int_equal(mdl_cd_decode(&p, NULL, cdraw, &cd, &f),
			 MDL_EVT_C_BAD_CD);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, &cd, 0x40201123, 0, &x, &f),
		MDL_EVT_C_BAD_CD);
	cdraw[0] |= CD0_V;
	assert_int_equal(mdl_cd_decode(&p, NULL, cdraw, &cd, &f), 0);
	/* PRIVCFG 0b11: the access is made privileged */
	raw[1] |= STE1_PRIVCFG(3);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, &cd, 0x40201123, 0, &x, &f), 0);
	assert_true(x.pa == 0x80000123ull);
	/* INSTCFG 0b11 on top: an instruction fetch, PXN -> fault */
	raw[1] |= STE1_INSTCFG(3);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, &cd, 0x40201123, 0, &x, &f),
		MDL_EVT_F_PERMISSION);
	assert_true(f.ind && f.pnu);
	/* PRIVCFG 0b10 (unprivileged) + INSTCFG 0b10 (data): EL0 read fails */
	raw[1] &= ~(STE1_PRIVCFG(3) | STE1_INSTCFG(3));
	raw[1] |= STE1_PRIVCFG(2) | STE1_INSTCFG(2);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(mdl_translate(&MEM, &p, &ste, &cd, 0x40201123,
				       MDL_ACC_PRIV | MDL_ACC_EXEC, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_false(f.pnu || f.ind);
}

/* The EL2 stream world (STRW 0b10, CR2.E2H 0): one range, no EL0, no ASID */
static void test_xlate_el2(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8], cdraw[8];

	(void)state;
	ste_s1(raw, 0x40000);
	raw[1] |= STE1_STRW(2);
	raw[2] = STE2_S2VMID(3);
	assert_int_equal(decode(&p, raw, &ste), 0);
	cd_build(cdraw, 25, 0, 5, 0x100000, 0x77);
	cdraw[0] &= ~CD0_EPD1; /* TTB1 fields are not used in this regime */
	cdraw[0] |= CD0_T1SZ(63);
	assert_int_equal(mdl_cd_decode(&p, &ste, cdraw, &cd, &f), 0);
	assert_int_equal(cd.asid, 0);
	assert_false(cd.epd1);
	/* AP[1] = 0 and nG = 1: still accessible, and global */
	build_s1_4k(D_PAGE | D_AF | D_NG);
	assert_int_equal(
		mdl_translate(&MEM, &p, &ste, &cd, 0x40201123, 0, &x, &f), 0);
	assert_true(x.global);
	assert_int_equal(x.vmid, 0);
	/* an upper-range VA is simply out of range */
	assert_int_equal(mdl_translate(&MEM, &p, &ste, &cd,
				       0xffffff8040201123ull, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	/* With CR2.E2H, STRW EL2 is the two-range EL2-E2H regime */
	p.e2h = true;
	assert_int_equal(mdl_cd_decode(&p, &ste, cdraw, &cd, &f),
			 MDL_EVT_C_BAD_CD); /* TG1 0b00, T1SZ 63 now checked */
}

/*
 * Nested: STE Config 0b111 with the 4K stage 2 of ste_s2_4k (40-bit IPA,
 * two concatenated level-1 tables at 0x200000) mapping 1GB blocks:
 * IPA 0x4000_0000 (L1 index 1) -> PA 0x1_0000_0000 and IPA 0x8000_0000
 * (index 2) -> PA 0x2_0000_0000. The CD is at IPA 0x4000_0000 and the
 * stage-1 tables at IPAs 0x4010_0000.. (PA = IPA + 0xc000_0000).
 */
#define N_OFF 0xc0000000ull

static void build_nested(uint64_t *raw)
{
	uint64_t cd[8];

	ste_s2_4k(raw, 0x200000);
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_NESTED) | 0x40000000ull;
	raw[1] = STE1_S1CIR(1) | STE1_S1COR(1) | STE1_S1CSH(3);
	mw(0x200000 + 1 * 8,
	   0x100000000ull | D_BLOCK | D_AF | S2_WB | S2_R | S2_W);
	mw(0x200000 + 2 * 8,
	   0x200000000ull | D_BLOCK | D_AF | S2_WB | S2_R | S2_W);
	cd_build(cd, 25, 0, 5, 0x40100000, 4);
	mw_entry(0x40000000 + N_OFF, cd);
	mw(0x40100000 + N_OFF + 8, 0x40101000 | D_TABLE);
	mw(0x40101000 + N_OFF + 8, 0x40102000 | D_TABLE);
	/* S1 leaf: VA 0x40201123 -> IPA 0x8000_0123 -> PA 0x2_0000_0123 */
	mw(0x40102000 + N_OFF + 8, 0x80000000ull | S1_RW_ALL);
	/* stream table: linear, 16 STEs at 0x10000, SID 1 */
	mw_entry(0x10000 + 64, raw);
}

static int nested_xlate(const struct mdl_params *p, uint64_t va,
			unsigned int acc, struct mdl_xlate *x,
			struct mdl_fault *f)
{
	return mdl_translate_stream(&MEM, p, 0x10000, 4, 1, false, 0, va, acc,
				    x, f);
}

static void test_nested(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	build_nested(raw);
	assert_int_equal(nested_xlate(&p, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 0);
	assert_true(x.pa == 0x200000123ull);
	assert_int_equal(x.s1_level, 3);
	assert_int_equal(x.s2_level, 1);
	assert_int_equal(x.size_log2, 12); /* min(4KB page, 1GB block) */
	assert_int_equal(x.asid, 4);
	assert_int_equal(x.vmid, 5);
	/* S1 AP 0b01 (RW, EL0 writable so not privileged-executable) and
	 * S2 RW executable: combined */
	assert_int_equal(x.perm[0], MDL_PERM_R | MDL_PERM_W | MDL_PERM_X);
	assert_int_equal(x.perm[1], MDL_PERM_R | MDL_PERM_W);
	/*
	 * Reads: STE 8, CD (1 S2 read + 8), and per S1 level one S2 read
	 * plus the descriptor (3 x 2), then the output IPA's S2 read: 23.
	 */
	assert_int_equal(tm.reads, 8 + 9 + 6 + 1);
	/* S2 read-only: W goes for both */
	mw(0x200000 + 2 * 8, 0x200000000ull | D_BLOCK | D_AF | S2_WB | S2_R);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f), 0);
	assert_int_equal(x.perm[0], MDL_PERM_R | MDL_PERM_X);
	assert_int_equal(x.perm[1], MDL_PERM_R);
}

static void test_nested_faults(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	build_nested(raw);
	/* The S1 output IPA 0x8000_0123 unmapped at S2: CLASS = IN */
	mw(0x200000 + 2 * 8, 0);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_IN);
	assert_true(f.ipa == 0x80000123ull);
	assert_true(f.input_addr == 0x40201123ull);
	assert_int_equal(f.level, 1);
	/* An S1 table at IPA 0x8010_1000 (unmapped): CLASS = TT, IPA of the
	 * L2 descriptor = 0x8010_1000 + 1 * 8 */
	mw(0x40100000 + N_OFF + 8, 0x80101000 | D_TABLE);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_TT);
	assert_true(f.ipa == 0x80101008ull);
	assert_true(f.ttrnw);
	/* Stage-1 faults inside a nested walk are stage-1 faults */
	mw(0x40100000 + N_OFF + 8, 0x40101000 | D_TABLE);
	mw(0x40101000 + N_OFF + 8, 0);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_false(f.s2);
	assert_int_equal(f.level, 2);
	mw(0x40101000 + N_OFF + 8, 0x40102000 | D_TABLE);
	/* S2 read-only mapping of the output: write is an S2 permission
	 * fault on the input (CLASS IN) */
	mw(0x200000 + 2 * 8, 0x200000000ull | D_BLOCK | D_AF | S2_WB | S2_R);
	assert_int_equal(nested_xlate(&p, 0x40201123, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_IN);
	/* The CD's IPA unmapped: S2 fault with CLASS = CD */
	raw[0] = (raw[0] & ~0x000ffffffffffc0ull) | 0xc0000000ull;
	mw(0x10000 + 64, raw[0]);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_CD);
	assert_true(f.ipa == 0xc0000000ull);
}

static void test_nested_s2ptw(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	build_nested(raw);
	/* The S1 tables' S2 mapping is Device memory */
	mw(0x200000 + 1 * 8,
	   0x100000000ull | D_BLOCK | D_AF | S2_DEV | S2_R | S2_W);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f), 0);
	/* With S2PTW, a stage-1 walk to Device memory is an S2 permission
	 * fault, CLASS = TT, on the first table access (L1 descriptor IPA
	 * 0x4010_0008) */
	raw[2] |= STE2_S2PTW;
	mw(0x10000 + 64 + 16, raw[2]);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_TT);
	assert_true(f.ipa == 0x40100008ull);
	/*
	 * With S2FWB (IDR3.FWB, STE [89]) MemAttr[2] = 0 means Device: 0b1000
	 * is then Device (it is Normal, MemAttr[3:2] = 0b10, without FWB),
	 * and 0b0110 (forced Normal WB) is not.
	 */
	mw(0x200000 + 1 * 8,
	   0x100000000ull | D_BLOCK | D_AF | (0x8ull << 2) | S2_R | S2_W);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f), 0);
	p.idr[3] |= 1u << 8;
	raw[1] |= 1ull << 25;
	mw(0x10000 + 64 + 8, raw[1]);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_PERMISSION);
	mw(0x200000 + 1 * 8,
	   0x100000000ull | D_BLOCK | D_AF | (0x6ull << 2) | S2_R | S2_W);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f), 0);
}

/* S1DSS bypass with stage 2: the input is an IPA, range-checked on IAS. */
static void test_s1_bypass_s2(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];

	(void)state;
	build_nested(raw);
	raw[0] |= STE0_S1CDMAX(2);
	raw[1] |= STE1_S1DSS(1);
	mw_entry(0x10000 + 64, raw);
	/* IPA 0x8000_0040 -> PA 0x2_0000_0040 through the 1GB block */
	assert_int_equal(nested_xlate(&p, 0x80000040ull, 0, &x, &f), 0);
	assert_true(x.pa == 0x200000040ull);
	assert_int_equal(x.s1_level, 0xff);
	assert_int_equal(x.s2_level, 1);
	assert_int_equal(x.size_log2, 30);
	/* beyond S2T0SZ (40 bits) but within IAS: stage-2 fault */
	assert_int_equal(nested_xlate(&p, 1ull << 40, 0, &x, &f),
			 MDL_EVT_F_TRANSLATION);
	assert_true(f.s2);
	/* beyond IAS (48 bits): stage-1 address size fault */
	assert_int_equal(nested_xlate(&p, 1ull << 48, 0, &x, &f),
			 MDL_EVT_F_ADDR_SIZE);
	assert_false(f.s2);
}

static void test_nested_walk_abort_and_httu(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8], d;

	(void)state;
	build_nested(raw);
	/*
	 * Move the S1 L2 table to IPA 0x8010_1000 (PA 0x2_0010_1000 through
	 * the index-2 block) and make the S2 read of that block descriptor
	 * (0x200010) abort: F_WALK_EABT at stage 2, CLASS = TT.
	 */
	mw(0x40100000 + N_OFF + 8, 0x80101000 | D_TABLE);
	mw(0x200000000ull + 0x101000 + 8, 0x40102000 | D_TABLE);
	tm_abort(0x200010, 0x200018);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_WALK_EABT);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_TT);
	assert_true(f.fetch_addr == 0x200010);
	assert_true(f.ipa == 0x80101008ull);
	setup(NULL);

	/*
	 * HTTU in a nested walk: setting AF in the S1 leaf (IPA
	 * 0x4010_2008) is a write through stage 2; with the index-1 block
	 * read-only it is an S2 permission fault, CLASS = TT, TTRnW = 0.
	 */
	build_nested(raw);
	p.httu_enabled = true;
	mw(0x40000000 + N_OFF, mr(0x40000000 + N_OFF) | CD0_HA);
	mw(0x40102000 + N_OFF + 8, 0x80000000ull | (S1_RW_ALL & ~D_AF));
	mw(0x200000 + 1 * 8, 0x100000000ull | D_BLOCK | D_AF | S2_WB | S2_R);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f),
			 MDL_EVT_F_PERMISSION);
	assert_true(f.s2);
	assert_int_equal(f.clss, MDL_CLASS_TT);
	assert_false(f.ttrnw);
	assert_true(f.ipa == 0x40102008ull);
	/* writable at S2: the AF update lands at the PA */
	mw(0x200000 + 1 * 8,
	   0x100000000ull | D_BLOCK | D_AF | S2_WB | S2_R | S2_W);
	assert_int_equal(nested_xlate(&p, 0x40201123, 0, &x, &f), 0);
	d = mr(0x40102000 + N_OFF + 8);
	assert_true(d == (0x80000000ull | S1_RW_ALL));
}

static void test_ste_more_checks(void **state)
{
	struct mdl_params p = full48();
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_fault f;
	uint64_t raw[8], cdraw[8];

	(void)state;
	/* S1ContextPtr is a PA without stage 2: beyond OAS (48) is ILLEGAL */
	ste_s1(raw, 1ull << 48);
	assert_int_equal(decode(&p, raw, &ste), MDL_EVT_C_BAD_STE);
	/* ...but an IPA when nested (checked by stage 2 at fetch time) */
	ste_s2_4k(raw, 0x200000);
	raw[0] = STE0_V | STE0_CFG(MDL_STE_CFG_NESTED) | (1ull << 48);
	assert_int_equal(decode(&p, raw, &ste), 0);
	/* EATS S1CHK (split-stage ATS) in a nested STE, with NS1ATS = 0 */
	raw[1] = STE1_EATS(2);
	assert_int_equal(decode(&p, raw, &ste), 0);
	assert_int_equal(ste.eats, 2);
	p.idr[0] |= 1u << 11; /* IDR0.NS1ATS: split-stage ATS not supported */
	assert_int_equal(decode(&p, raw, &ste), MDL_EVT_C_BAD_STE);
	p = full48();
	/* CD.S = 1 under STE.S1STALLD = 1 */
	ste_s1(raw, 0x40000);
	raw[1] |= STE1_S1STALLD;
	assert_int_equal(decode(&p, raw, &ste), 0);
	cd_build(cdraw, 25, 0, 5, 0x100000, 1);
	cdraw[0] |= CD0_S;
	assert_int_equal(mdl_cd_decode(&p, NULL, cdraw, &cd, &f), 0);
	assert_int_equal(mdl_cd_decode(&p, &ste, cdraw, &cd, &f),
			 MDL_EVT_C_BAD_CD);
	/* TTB1 half: TG1 0b00 is reserved when EPD1 = 0 */
	cd_build(cdraw, 25, 0, 5, 0x100000, 1);
	cdraw[0] &= ~CD0_EPD1;
	cdraw[0] |= CD0_T1SZ(25) | CD0_TG1(0);
	assert_int_equal(mdl_cd_decode(&p, NULL, cdraw, &cd, &f),
			 MDL_EVT_C_BAD_CD);
	cdraw[0] |= CD0_TG1(2); /* 4K */
	assert_int_equal(mdl_cd_decode(&p, NULL, cdraw, &cd, &f), 0);
	assert_int_equal(cd.tg1, 2);
	assert_int_equal(cd.t1sz, 25);
}

/* Stage-2 HTTU: STE.S2HA [184] sets AF, STE.S2HD [183] + DBM sets S2AP[1]. */
static void test_s2_httu(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8];
	const uint64_t ipa = 0x8040201456ull;
	const uint64_t clean = 0x90000000ull | (S2_RW & ~S2_W) | D_DBM;

	(void)state;
	ste_s2_4k(raw, 0x200000);
	raw[2] |= 1ull << 56; /* S2HA */
	build_s2_4k(S2_RW & ~D_AF);
	/* HTTU not enabled in the model: S2HA is not used */
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), MDL_EVT_F_ACCESS);
	p.httu_enabled = true;
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), 0);
	assert_true(mr(0x204008) == (0x90000000ull | S2_RW));
	/* writable-clean (DBM, S2AP[1] = 0): S2HD without S2HA is unused */
	build_s2_4k((S2_RW & ~S2_W) | D_DBM);
	raw[2] &= ~(1ull << 56);
	raw[2] |= 1ull << 55;
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	raw[2] |= 1ull << 56;
	/* a read leaves it clean; a write makes it dirty (S2AP[1] = 1) */
	assert_int_equal(s2_xlate(&p, raw, ipa, 0, &x, &f), 0);
	assert_true(mr(0x204008) == clean);
	assert_false(x.perm[0] & MDL_PERM_W);
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_WRITE, &x, &f), 0);
	assert_true(mr(0x204008) == (clean | S2_W));
	assert_true(x.writable);
	/* without DBM a read-only page stays read-only */
	build_s2_4k(S2_RW & ~S2_W);
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
	/* IDR0.HTTU = 0b01 (AF only): S2HD is not used */
	p.idr[0] = (p.idr[0] & ~(3u << 6)) | (1u << 6);
	build_s2_4k((S2_RW & ~S2_W) | D_DBM);
	assert_int_equal(s2_xlate(&p, raw, ipa, MDL_ACC_WRITE, &x, &f),
			 MDL_EVT_F_PERMISSION);
}

/*
 * The whole path: a 2-level stream table (SPLIT 8), a 2-level CD table
 * with 64KB leaves, S1DSS = substream 0, and two address spaces.
 */
static void test_stream_path(void **state)
{
	struct mdl_params p = full48();
	struct mdl_xlate x;
	struct mdl_fault f;
	uint64_t raw[8], cd[8];
	const uint32_t cfg = (1u << 16) | (8u << 6) | 16u;

	(void)state;
	/* SID 0x102: L1 index 1 (0x20008) -> L2 0x30000 (SPAN 9), STE 2 */
	mw(0x20008, 0x30000 | 9);
	ste_s1(raw, 0x40000);
	raw[0] |= STE0_S1CDMAX(12) | STE0_S1FMT(2);
	raw[1] |= STE1_S1DSS(2);
	mw_entry(0x30000 + 2 * 64, raw);
	/* SSID 0 -> L1CD 0 -> L2 0x60000, CD 0; SSID 0x405 -> L1CD 1 ->
	 * L2 0x70000, CD 5 at 0x70140 */
	mw(0x40000, 0x60000 | 1);
	mw(0x40008, 0x70000 | 1);
	cd_build(cd, 25, 0, 5, 0x100000, 10);
	mw_entry(0x60000, cd);
	cd_build(cd, 22, 1, 5, 0x400000, 11);
	mw_entry(0x70140, cd);
	/* 4K tables of test_s1_4k_page, 64K tables of test_s1_64k */
	build_s1_4k(S1_RW_ALL);
	mw(0x400000 + 5 * 8, 0x410000 | D_TABLE);
	mw(0x410000 + 7 * 8, 0x55550000ull | S1_RW_ALL);

	/* no SubstreamID: CD 0 (ASID 10) */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x102,
					      false, 0, 0x40201123, 0, &x, &f),
			 0);
	assert_true(x.pa == 0x80000123ull);
	assert_int_equal(x.asid, 10);
	/* SSID 0x405: its own CD (ASID 11, 64K granule) */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x102,
					      true, 0x405, 0xa0071234, 0, &x,
					      &f),
			 0);
	assert_true(x.pa == 0x55551234ull);
	assert_int_equal(x.asid, 11);
	/* ...which does not map the other space's address */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x102,
					      true, 0x405, 0x40201123, 0, &x,
					      &f),
			 MDL_EVT_F_TRANSLATION);
	assert_true(f.input_addr == 0x40201123ull);
	/* SSID 0 is reserved with S1DSS = substream 0; 0x1405 >= 2^12 */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x102,
					      true, 0, 0x40201123, 0, &x, &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x102,
					      true, 0x1405, 0x40201123, 0, &x,
					      &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);
	/* SSID 0x805: L1CD 2 is invalid */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x102,
					      true, 0x805, 0x40201123, 0, &x,
					      &f),
			 MDL_EVT_C_BAD_SUBSTREAMID);
	/* SID 0x302: L1 descriptor 3 is invalid (SPAN 0) */
	assert_int_equal(mdl_translate_stream(&MEM, &p, 0x20000, cfg, 0x302,
					      false, 0, 0x40201123, 0, &x, &f),
			 MDL_EVT_C_BAD_STREAMID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ste_valid_and_config, setup),
		cmocka_unit_test_setup(test_ste_bypass_fields, setup),
		cmocka_unit_test_setup(test_ste_s1_checks, setup),
		cmocka_unit_test_setup(test_ste_s1_vmid_tagging, setup),
		cmocka_unit_test_setup(test_ste_s2_checks, setup),
		cmocka_unit_test_setup(test_ste_s2_sl0_t0sz, setup),
		cmocka_unit_test_setup(test_ste_s2ttb_range, setup),
		cmocka_unit_test_setup(test_strtab_linear, setup),
		cmocka_unit_test_setup(test_strtab_2level, setup),
		cmocka_unit_test_setup(test_cd_decode, setup),
		cmocka_unit_test_setup(test_cd_fetch_linear_and_s1dss, setup),
		cmocka_unit_test_setup(test_cd_fetch_2level, setup),
		cmocka_unit_test_setup(test_s1_4k_page, setup),
		cmocka_unit_test_setup(test_s1_4k_blocks, setup),
		cmocka_unit_test_setup(test_s1_4k_faults, setup),
		cmocka_unit_test_setup(test_s1_access_flag, setup),
		cmocka_unit_test_setup(test_s1_permissions, setup),
		cmocka_unit_test_setup(test_s2_4k_concat, setup),
		cmocka_unit_test_setup(test_s2_4k_faults, setup),
		cmocka_unit_test_setup(test_s1_16k, setup),
		cmocka_unit_test_setup(test_s1_64k, setup),
		cmocka_unit_test_setup(test_s1_64k_52bit, setup),
		cmocka_unit_test_setup(test_s1_ttb1, setup),
		cmocka_unit_test_setup(test_s1_dirty, setup),
		cmocka_unit_test_setup(test_s1_big_endian, setup),
		cmocka_unit_test_setup(test_s2_16k_64k, setup),
		cmocka_unit_test_setup(test_xlate_bypass_abort, setup),
		cmocka_unit_test_setup(test_xlate_overrides, setup),
		cmocka_unit_test_setup(test_xlate_el2, setup),
		cmocka_unit_test_setup(test_nested, setup),
		cmocka_unit_test_setup(test_nested_faults, setup),
		cmocka_unit_test_setup(test_nested_s2ptw, setup),
		cmocka_unit_test_setup(test_s1_bypass_s2, setup),
		cmocka_unit_test_setup(test_nested_walk_abort_and_httu, setup),
		cmocka_unit_test_setup(test_ste_more_checks, setup),
		cmocka_unit_test_setup(test_s2_httu, setup),
		cmocka_unit_test_setup(test_stream_path, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
