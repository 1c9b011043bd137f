// SPDX-License-Identifier: BSD-2-Clause
/*
 * STE/CD builders, stream tables and CD tables. Every expected encoding is
 * derived by hand from IHI 0070 5.2 (STE) and 5.4 (CD); the comment next to
 * each constant shows the sum of fields it is made of.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/ste.h>
#include <smmuv3_osal_hosted.h>

static void full_caps(struct smmuv3_caps *c)
{
	memset(c, 0, sizeof(*c));
	c->features =
		SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2 |
		SMMUV3_FEAT_NESTING | SMMUV3_FEAT_ATS | SMMUV3_FEAT_STALLS |
		SMMUV3_FEAT_2LVL_CDTAB | SMMUV3_FEAT_2LVL_STRTAB |
		SMMUV3_FEAT_ATTR_TYPES_OVR | SMMUV3_FEAT_ATTR_PERMS_OVR |
		SMMUV3_FEAT_E2H | SMMUV3_FEAT_HYP | SMMUV3_FEAT_GRAN4K |
		SMMUV3_FEAT_GRAN64K | SMMUV3_FEAT_S2FWB | SMMUV3_FEAT_HA |
		SMMUV3_FEAT_HD | SMMUV3_FEAT_COHERENCY | SMMUV3_FEAT_TT_LE;
	c->sid_bits = 16;
	c->ssid_bits = 20;
	c->asid_bits = 16;
	c->vmid_bits = 16;
	c->oas_bits = 48;
	c->s2_ias_bits = 48;
	c->strtab_log2size = 16;
}

static void test_abort_bypass(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_ste e;
	struct smmuv3_ste_attr a;

	(void)state;
	full_caps(&caps);
	assert_int_equal(smmuv3_ste_build_abort(&e), 0);
	/* V = 1 (bit 0), Config = 0b000 */
	assert_true(e.qw[0] == 0x1 && e.qw[1] == 0 && e.qw[2] == 0);

	assert_int_equal(smmuv3_ste_build_bypass(&caps, NULL, &e), 0);
	/* V | Config 0b100 << 1 = 0x9; SHCFG = 1 (incoming) at bit 44 */
	assert_true(e.qw[0] == 0x9);
	assert_true(e.qw[1] == 0x0000100000000000ull);

	caps.features &= ~SMMUV3_FEAT_ATTR_TYPES_OVR;
	assert_int_equal(smmuv3_ste_build_bypass(&caps, NULL, &e), 0);
	/* without the override feature SHCFG is ignored: 0 */
	assert_true(e.qw[1] == 0);

	/* Overrides: MTCFG (bit 36) + MemAttr 0xf (35:32) + ISH (3 << 44)
	 * + ALLOCCFG 0b1110 (40:37) + PRIVCFG priv (3 << 48) + INSTCFG data
	 * (2 << 50). */
	full_caps(&caps);
	memset(&a, 0, sizeof(a));
	a.mtcfg = true;
	a.memattr = 0xf;
	a.shcfg = 3;
	a.alloccfg = 0xe;
	a.privcfg = 3;
	a.instcfg = 2;
	assert_int_equal(smmuv3_ste_build_bypass(&caps, &a, &e), 0);
	assert_true(e.qw[1] == (0x0000001000000000ull | 0x0000000f00000000ull |
				0x0000300000000000ull | 0x000001c000000000ull |
				0x0003000000000000ull | 0x0008000000000000ull));
	/* ALLOCCFG 0b0xxx means "incoming": low bits without bit 3 are
	 * refused rather than dropped, with or without other overrides */
	a.alloccfg = 3;
	assert_int_equal(smmuv3_ste_build_bypass(&caps, &a, &e), SMMUV3_EINVAL);
	a.alloccfg = 0xe;
	/* reserved INSTCFG 0b01, MemAttr without MTCFG */
	a.instcfg = 1;
	assert_int_equal(smmuv3_ste_build_bypass(&caps, &a, &e), SMMUV3_EINVAL);
	a.instcfg = 0;
	a.mtcfg = false;
	assert_int_equal(smmuv3_ste_build_bypass(&caps, &a, &e), SMMUV3_EINVAL);
	a.memattr = 0;
	caps.features &= ~SMMUV3_FEAT_ATTR_TYPES_OVR;
	assert_int_equal(smmuv3_ste_build_bypass(&caps, &a, &e),
			 SMMUV3_EOPNOTSUPP);
	assert_int_equal(smmuv3_ste_build_bypass(NULL, NULL, &e),
			 SMMUV3_EINVAL);
}

static void test_s1(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste e, keep;

	(void)state;
	full_caps(&caps);
	memset(&s1, 0, sizeof(s1));
	s1.cdtab = 0x80000040;
	s1.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
	s1.s1cdmax = 0;
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	s1.cir = s1.cor = SMMUV3_STE_CACHE_WBRA;
	s1.csh = SMMUV3_STE_SH_ISH;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), 0);
	/* qw0: V 1 | Config 5 << 1 (0xa) | ptr 0x80000040 */
	assert_true(e.qw[0] == 0x8000004bull);
	/* qw1: CIR 1 << 2 | COR 1 << 4 | CSH 3 << 6 | S1STALLD 1 << 27;
	 * S1DSS left 0 because S1CDMAX = 0 makes it ignored */
	assert_true(e.qw[1] == 0x080000d4ull);
	assert_true(e.qw[2] == 0 && e.qw[3] == 0);

	s1.s1fmt = SMMUV3_STE_S1FMT_64K_L2;
	s1.s1cdmax = 5;
	s1.s1dss = SMMUV3_STE_S1DSS_BYPASS;
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1,
				    SMMUV3_STE_F_ATS | SMMUV3_STE_F_EL2, &e),
		0);
	/* qw0: 0x4b | S1FMT 2 << 4 (0x20) | S1CDMAX 5 << 59 */
	assert_true(e.qw[0] == (0x2800000000000000ull | 0x8000006bull));
	/* qw1: S1DSS 1 | 0xd4 | S1STALLD | EATS 1 << 28 | STRW 2 << 30 |
	 * SHCFG 1 << 44 (incoming, as S1DSS = bypass) */
	assert_true(e.qw[1] == 0x00001000980000d5ull);

	/* With a stall-capable master S1STALLD stays 0. */
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, SMMUV3_STE_F_STALL, &e), 0);
	assert_true(e.qw[1] == 0xd6ull); /* S1DSS 2 | 0xd4 */

	/* Errors leave the output alone. */
	keep = e;
	s1.cdtab = 0x80000020; /* not 64-byte aligned */
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_EINVAL);
	s1.cdtab = 1ull << 48; /* beyond OAS 48 */
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_ERANGE);
	s1.cdtab = 0x80000040;
	s1.s1cdmax = 21; /* beyond SSIDSIZE 20 */
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_ERANGE);
	s1.s1cdmax = 0;
	s1.s1dss = SMMUV3_STE_S1DSS_BYPASS; /* ignored without substreams */
	s1.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_EINVAL);
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	s1.s1fmt = SMMUV3_STE_S1FMT_64K_L2; /* S1Fmt ignored as well */
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_EINVAL);
	s1.s1cdmax = 5;
	s1.csh = 1; /* reserved shareability */
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_EINVAL);
	s1.csh = 3;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0x100, &e),
			 SMMUV3_EINVAL);
	caps.features &= ~SMMUV3_FEAT_2LVL_CDTAB;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e),
			 SMMUV3_EOPNOTSUPP);
	full_caps(&caps);
	caps.features &= ~SMMUV3_FEAT_ATS;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, SMMUV3_STE_F_ATS, &e),
			 SMMUV3_EOPNOTSUPP);
	assert_memory_equal(&keep, &e, sizeof(e));

	/* Without stall support S1STALLD is RES0; OVR_INSTCFG_DATA. */
	full_caps(&caps);
	caps.features &= ~SMMUV3_FEAT_STALLS;
	caps.options |= SMMUV3_OPT_OVR_INSTCFG_DATA;
	s1.s1fmt = SMMUV3_STE_S1FMT_LINEAR;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), 0);
	/* S1DSS 2 | 0xd4 - S1STALLD + INSTCFG 2 << 50 */
	assert_true(e.qw[1] == (0xd6ull | 0x0008000000000000ull));
}

static void s2_cfg(struct smmuv3_ste_s2 *s2)
{
	memset(s2, 0, sizeof(*s2));
	s2->vmid = 5;
	s2->t0sz = 24;
	s2->sl0 = 1;
	s2->irgn = 1;
	s2->orgn = 1;
	s2->sh = 3;
	s2->tg = 0;
	s2->ps = 5;
	s2->ttb = 0x12345000;
	s2->aa64 = true;
	s2->ptw = true;
	s2->record = true;
}

static void test_s2(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_ste e;

	(void)state;
	full_caps(&caps);
	s2_cfg(&s2);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, SMMUV3_STE_F_ATS, &e),
			 0);
	/* V | Config 6 << 1 */
	assert_true(e.qw[0] == 0xd);
	/* EATS 1 << 28 | SHCFG 1 << 44 */
	assert_true(e.qw[1] == 0x0000100010000000ull);
	/* VTCR (bits 50:32) = T0SZ 0x18 | SL0 1 << 6 | IR0 1 << 8 | OR0 1 << 10
	 * | SH0 3 << 12 | TG 0 | PS 5 << 16 = 0x53558; VMID 5; AA64 bit 51,
	 * PTW bit 54, S2R bit 58 */
	assert_true(e.qw[2] == 0x044d355800000005ull);
	assert_true(e.qw[3] == 0x12345000ull);

	/* S2S (bit 57) for a stalling master, FWB (qw1 bit 25) */
	s2.fwb = true;
	assert_int_equal(
		smmuv3_ste_build_s2(&caps, &s2, SMMUV3_STE_F_STALL, &e), 0);
	assert_true(e.qw[1] == 0x0000100002000000ull);
	assert_true(e.qw[2] == (0x044d355800000005ull | (1ull << 57)));

	/* EATS with S2S is an illegal STE */
	assert_int_equal(
		smmuv3_ste_build_s2(&caps, &s2,
				    SMMUV3_STE_F_STALL | SMMUV3_STE_F_ATS, &e),
		SMMUV3_EINVAL);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, SMMUV3_STE_F_EL2, &e),
			 SMMUV3_EINVAL);
	s2.vmid = 0;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	caps.vmid_bits = 8;
	s2.vmid = 256;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	s2.vmid = 255;
	s2.ps = 6; /* 52 bits > OAS 48 */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	s2.ps = 5;
	s2.tg = 2; /* 16K granule absent */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e),
			 SMMUV3_EOPNOTSUPP);
	s2.tg = 3;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.tg = 0;
	s2.ttb = 0x12345008;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.ttb = 0x12345000;
	s2.t0sz = 64;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	/*
	 * Arm ARM VTCR_EL2 / IHI 0070 5.2 S2T0SZ, S2SL0 (4K: stride 9, SL0
	 * 0/1/2 start at level 2/1/0; 64K: stride 13, SL0 0/1/2 start at
	 * level 3/2/1; the start level resolves 1 .. stride + 4 bits, i.e.
	 * at most 16 concatenated tables). The table above: T0SZ 24 = 40
	 * bits, SL0 1 = level 1, which resolves 40 - (12 + 2 * 9) = 10 bits.
	 */
	s2.t0sz = 0; /* 64-bit IPA: above 48 and the 48-bit IAS */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	s2.t0sz = 40; /* 24 bits: below the minimum of 25 (T0SZ 39) */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	s2.t0sz = 24;
	s2.sl0 = 3; /* reserved */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.sl0 = 0; /* level 2: 40 - 21 = 19 bits > 13 (2^19 / 2^9 tables) */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.t0sz = 16; /* 48 bits from level 1: 48 - 30 = 18 bits > 13 */
	s2.sl0 = 1;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.sl0 = 2; /* level 0: 48 - 39 = 9 bits, needs OAS >= 44 */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), 0);
	caps.oas_bits = 42;
	s2.ps = 3;
	s2.ttb = 0x12345000;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	caps.oas_bits = 48;
	s2.ps = 5;
	caps.s2_ias_bits = 40; /* 48-bit input beyond the IAS */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	caps.s2_ias_bits = 48;
	s2.t0sz = 39; /* 25 bits from level 1 (30 bits below it): nothing */
	s2.sl0 = 1;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.sl0 = 0; /* level 2: 25 - 21 = 4 bits */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), 0);
	s2.tg = 1; /* 64K, T0SZ 22 = 42 bits */
	s2.t0sz = 22;
	s2.sl0 = 2; /* level 1: 16 + 2 * 13 = 42, nothing left */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	s2.sl0 = 1; /* level 2: 42 - 29 = 13 bits */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), 0);
	s2.tg = 0;
	s2.t0sz = 24;
	s2.sl0 = 1;
	/* S2TTB beyond the effective S2PS (40 bits) is ILLEGAL (5.2) */
	s2.ps = 2;
	s2.ttb = 1ull << 44;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_ERANGE);
	s2.ps = 5;
	s2.ttb = 0x12345000;
	caps.features &= ~SMMUV3_FEAT_S2FWB;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e),
			 SMMUV3_EOPNOTSUPP);
	s2.fwb = false;
	s2.aa64 = false; /* AArch32 LPAE tables: not supported */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e),
			 SMMUV3_EOPNOTSUPP);
	s2.aa64 = true;
	s2.endi = true; /* little-endian-only SMMU */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e),
			 SMMUV3_EOPNOTSUPP);
	/* big-endian-only SMMU: S2ENDI bit 52 required */
	caps.features &= ~SMMUV3_FEAT_TT_LE;
	caps.features |= SMMUV3_FEAT_TT_BE;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), 0);
	assert_true(e.qw[2] & (1ull << 52));
	s2.endi = false;
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e),
			 SMMUV3_EOPNOTSUPP);
}

static void test_nested(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_ste e;

	(void)state;
	full_caps(&caps);
	s2_cfg(&s2);
	memset(&s1, 0, sizeof(s1));
	s1.cdtab = 0x40000000;
	s1.s1cdmax = 3;
	s1.s1dss = SMMUV3_STE_S1DSS_TERMINATE;
	s1.cir = s1.cor = 1;
	s1.csh = 3;
	assert_int_equal(
		smmuv3_ste_build_nested(&caps, &s1, &s2, SMMUV3_STE_F_MEV, &e),
		0);
	/* V | Config 7 << 1 (0xe) | ptr | S1CDMAX 3 << 59 */
	assert_true(e.qw[0] == (0x1800000000000000ull | 0x4000000full));
	/* S1DSS 0 | 0xd4 | MEV 1 << 19; no SHCFG: stage 1 replaces the
	 * incoming attributes (S1DSS is not bypass) */
	assert_true(e.qw[1] == 0x00000000080800d4ull);
	assert_true(e.qw[2] == 0x044d355800000005ull);
	assert_true(e.qw[3] == 0x12345000ull);
	assert_int_equal(
		smmuv3_ste_build_nested(&caps, &s1, &s2, SMMUV3_STE_F_EL2, &e),
		SMMUV3_EINVAL);
	caps.features &= ~SMMUV3_FEAT_NESTING;
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, 0, &e),
			 SMMUV3_EOPNOTSUPP);
}

static void cd_cfg(struct smmuv3_cd_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->asid = 0x1234;
	c->ttb0 = 0x40001000;
	c->t0sz = 16;
	c->tg0 = SMMUV3_CD_TG0_4K;
	c->irgn0 = c->orgn0 = 1;
	c->sh0 = 3;
	c->ips = 5;
	c->mair = 0x44ff04;
	c->aa64 = true;
	c->record = true;
	c->abort = true;
	c->aset = true;
}

static void test_cd(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_cd_cfg c;
	struct smmuv3_cd cd;

	(void)state;
	full_caps(&caps);
	cd_cfg(&c);
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	/* low: T0SZ 0x10 | IR0 1 << 8 | OR0 1 << 10 | SH0 3 << 12 | EPD1 1 <<
	 * 30 | V 1 << 31 = 0xc0003510; high (bit - 32): IPS 5 | AA64 1 << 9 |
	 * R 1 << 13 | A 1 << 14 | ASET 1 << 15 | ASID 0x1234 << 16 */
	assert_true(cd.qw[0] == 0x1234e205c0003510ull);
	assert_true(cd.qw[1] == 0x40001000ull);
	assert_true(cd.qw[2] == 0);
	assert_true(cd.qw[3] == 0x44ff04ull);

	/* EPD0 form: T0 fields and TTB0 must be zero */
	c.epd0 = true;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EINVAL);
	c.ttb0 = 0;
	c.t0sz = 0;
	c.irgn0 = c.orgn0 = 0;
	c.sh0 = 0;
	c.ha = c.hd = true;
	c.stall = true;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	/* EPD0 1 << 14 | EPD1 | V = 0xc0004000; high adds HD 1 << 10,
	 * HA 1 << 11, S 1 << 12 */
	assert_true(cd.qw[0] == 0x1234fe05c0004000ull);
	assert_true(cd.qw[1] == 0);

	cd_cfg(&c);
	c.hd = true; /* HD without HA */
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EINVAL);
	cd_cfg(&c);
	caps.asid_bits = 8;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	full_caps(&caps);
	c.tg0 = SMMUV3_CD_TG0_16K;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EOPNOTSUPP);
	c.tg0 = 3;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EINVAL);
	c.tg0 = 0;
	c.ttb0 = 1ull << 48;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	/* T0SZ (Arm ARM TCR_EL1.T0SZ, IHI 0070 5.4): 16 .. 39 (no STT); 12
	 * with 52-bit VA (IDR5.VAX) and the 64K granule only */
	cd_cfg(&c);
	c.t0sz = 0;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	c.t0sz = 15;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	c.t0sz = 40;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	c.t0sz = 39;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	caps.features |= SMMUV3_FEAT_VAX;
	c.t0sz = 12;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	c.tg0 = SMMUV3_CD_TG0_64K;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	caps.features &= ~SMMUV3_FEAT_VAX;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	/* TTB0 beyond the effective IPS (IPS 0: 32 bits) */
	cd_cfg(&c);
	c.ips = 0;
	c.ttb0 = 1ull << 40;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_ERANGE);
	cd_cfg(&c);
	c.aa64 = false;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EOPNOTSUPP);
	c.aa64 = true;
	c.endi = true; /* ENDI bit 15 needs big-endian walks */
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EOPNOTSUPP);
	caps.features |= SMMUV3_FEAT_TT_BE;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	assert_true(cd.qw[0] == (0x1234e205c0003510ull | (1ull << 15)));
}

/*
 * IHI 0070 5.5 / 6.3.1: with IDR0.STALL_MODEL = 0b10 (stalls forced) an
 * STE with S2S = 0 and a CD with S = 0 are ILLEGAL; with IDR0.TERM_MODEL =
 * 1 a CD with A = 0 is ILLEGAL (only the abort behaviour exists).
 */
static void test_fault_models(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_cd_cfg c;
	struct smmuv3_ste e;
	struct smmuv3_cd cd;

	(void)state;
	full_caps(&caps);
	caps.features |= SMMUV3_FEAT_STALL_FORCE;
	caps.stall_model = 2;
	s2_cfg(&s2);
	/* S2: a master that cannot stall, with or without ATS */
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &e), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, SMMUV3_STE_F_ATS, &e),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, SMMUV3_STE_F_MEV, &e),
			 SMMUV3_EINVAL);
	/* a stalling master: S2S (qw2 bit 57) */
	assert_int_equal(
		smmuv3_ste_build_s2(&caps, &s2, SMMUV3_STE_F_STALL, &e), 0);
	assert_true(e.qw[2] & (1ull << 57));
	memset(&s1, 0, sizeof(s1));
	s1.cdtab = 0x40000000;
	s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	s1.cir = s1.cor = 1;
	s1.csh = 3;
	assert_int_equal(smmuv3_ste_build_s1(&caps, &s1, 0, &e), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, 0, &e),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2,
						 SMMUV3_STE_F_STALL, &e),
			 0);
	/* abort and bypass STEs have no stall configuration */
	assert_int_equal(smmuv3_ste_build_abort(&e), 0);
	assert_int_equal(smmuv3_ste_build_bypass(&caps, NULL, &e), 0);

	/* CD: S = 0 refused, S = 1 accepted */
	cd_cfg(&c);
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EINVAL);
	c.stall = true;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	assert_true(cd.qw[0] & (1ull << 44)); /* S */

	/* TERM_MODEL: A = 0 (RAZ/WI) refused, A = 1 accepted */
	full_caps(&caps);
	caps.features |= SMMUV3_FEAT_TERM_MODEL;
	cd_cfg(&c);
	c.abort = false;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), SMMUV3_EINVAL);
	c.abort = true;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	assert_true(cd.qw[0] & (1ull << 46)); /* A */
}

/* Builders never set a bit outside what the configuration uses. */
static void test_used_covers_builders(void **state)
{
	struct smmuv3_caps caps;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_ste e, u;
	struct smmuv3_cd_cfg c;
	struct smmuv3_cd cd, cu;
	unsigned int i;

	(void)state;
	full_caps(&caps);
	s2_cfg(&s2);
	memset(&s1, 0, sizeof(s1));
	s1.cdtab = 0x40000000;
	s1.s1cdmax = 3;
	s1.s1dss = SMMUV3_STE_S1DSS_BYPASS;
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, 0x9, &e), 0);
	smmuv3_ste_used(&e, &u);
	for (i = 0; i < 8; i++)
		assert_true((e.qw[i] & ~u.qw[i]) == 0);
	/* STRW (qw1 bits 31:30) counts as used wherever stage 1 is */
	assert_true((u.qw[1] & (3ull << 30)) == (3ull << 30));
	/* V = 0: only V is used */
	e.qw[0] &= ~1ull;
	smmuv3_ste_used(&e, &u);
	assert_true(u.qw[0] == 1 && u.qw[1] == 0 && u.qw[2] == 0);

	cd_cfg(&c);
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cd), 0);
	smmuv3_cd_used(&cd, &cu);
	assert_true(cu.qw[1] == ~0ull);
	cd.qw[0] |= SMMUV3_CD0_EPD0;
	smmuv3_cd_used(&cd, &cu);
	/* TTB0 [51:4] and T0SZ/TG0/IR0/OR0/SH0 [13:0] unused */
	assert_true(cu.qw[1] == ~0x000ffffffffffff0ull);
	assert_true(cu.qw[0] == ~0x3fffull);
}

/* ------------------------------------------------------------------ */

static void test_strtab_linear(void **state)
{
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_strtab st;
	uint64_t *ste;

	(void)state;
	full_caps(&caps);
	caps.sid_bits = 8;
	caps.strtab_log2size = 8;
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false), 0);
	assert_int_equal(smmuv3_strtab_get(&st, 255, &ste), 0);
	/* every entry abort: V = 1, Config = 0 */
	assert_true(ste[0] == 1 && ste[1] == 0);
	assert_ptr_equal(ste, (uint64_t *)st.base + 255 * 8);
	assert_int_equal(smmuv3_strtab_get(&st, 256, &ste), SMMUV3_ERANGE);
	/* 6.3.24: FMT 0 (17:16), LOG2SIZE 8 */
	assert_int_equal(smmuv3_strtab_base_cfg(&st), 8);
	/* 6.3.23: RA bit 62 | base (hosted: PA == VA) */
	assert_true(smmuv3_strtab_base_reg(&st) ==
		    ((1ull << 62) |
		     ((uint64_t)(uintptr_t)st.base & 0x000fffffffffffc0ull)));
	assert_true(((uintptr_t)st.base & (256 * 64 - 1)) == 0);
	/* GBPA: ABORT (bit 20) set, UPDATE (bit 31) cleared */
	assert_int_equal(smmuv3_strtab_gbpa(&st, 0x80001000u), 0x00101000u);
	smmuv3_strtab_fini(&st);

	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, true), 0);
	assert_int_equal(smmuv3_strtab_get(&st, 7, &ste), 0);
	/* bypass default: 0x9 and SHCFG incoming */
	assert_true(ste[0] == 9 && ste[1] == (1ull << 44));
	assert_int_equal(smmuv3_strtab_gbpa(&st, 0x00101000u), 0x00001000u);
	smmuv3_strtab_fini(&st);

	/* idr.h: a linear table covers at most 2^20 SIDs (64 MB of STEs);
	 * 2^21 would be 128 MB, 2^26 4 GB (a 32-bit size_t wraps) */
	caps.sid_bits = 21;
	caps.strtab_log2size = 21;
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false),
			 SMMUV3_EINVAL);
	caps.sid_bits = 26;
	caps.strtab_log2size = 26;
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false),
			 SMMUV3_EINVAL);
	assert_true(h.n_alloc == h.n_free);
	smmuv3_hosted_fini(&h);
}

static void test_strtab_2lvl(void **state)
{
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_strtab st;
	uint64_t *ste, *ste2, l1;
	uint64_t n;

	(void)state;
	full_caps(&caps);
	caps.sid_bits = 16;
	caps.strtab_2lvl = true;
	caps.strtab_split = 8;
	caps.strtab_l1_entries = 256;
	caps.strtab_log2size = 16;
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false), 0);
	/* FMT 1 << 16 | SPLIT 8 << 6 | LOG2SIZE 16 */
	assert_int_equal(smmuv3_strtab_base_cfg(&st), 0x10210);
	assert_true(st.base[0x12] == 0); /* L1 descriptor invalid */
	n = h.n_alloc;
	assert_int_equal(smmuv3_strtab_get(&st, 0x1234, &ste), 0);
	assert_true(h.n_alloc == n + 1);
	l1 = st.base[0x12];
	/* SPAN = SPLIT + 1 = 9; L2PTR = the L2 table, 16 KB aligned */
	assert_true((l1 & 0x1f) == 9);
	assert_ptr_equal((uint64_t *)(uintptr_t)(l1 & 0x000fffffffffffc0ull),
			 ste - 0x34 * 8);
	assert_true(((l1 & ~0x1full) & (16384 - 1)) == 0);
	assert_true(ste[0] == 1);
	assert_true((ste - 0x34 * 8)[255 * 8] == 1);
	/* same span: no new allocation */
	assert_int_equal(smmuv3_strtab_get(&st, 0x12ff, &ste2), 0);
	assert_true(h.n_alloc == n + 1);
	/* allocation failure leaves the descriptor invalid */
	h.fail_at = h.n_alloc + 1;
	assert_int_equal(smmuv3_strtab_get(&st, 0x2000, &ste2), SMMUV3_ENOMEM);
	assert_true(st.base[0x20] == 0);
	h.fail_at = 0;
	assert_int_equal(smmuv3_strtab_get(&st, 0x10000, &ste2), SMMUV3_ERANGE);
	smmuv3_strtab_fini(&st);
	assert_true(h.n_alloc == h.n_free);

	caps.strtab_l1_entries = 128; /* inconsistent with LOG2SIZE - SPLIT */
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false),
			 SMMUV3_EINVAL);
	caps.strtab_l1_entries = 256;
	caps.strtab_split = 7;
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false),
			 SMMUV3_EINVAL);
	smmuv3_hosted_fini(&h);
}

/* ------------------------------------------------------------------ */

struct sync_log {
	unsigned int calls;
	unsigned int ncmds[4];
	uint64_t dw0[4][SMMUV3_WRITE_MAX_SIDS];
	uint64_t dw1[4][SMMUV3_WRITE_MAX_SIDS];
};

static int log_sync(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct sync_log *l = ctx;
	size_t i;

	assert_true(l->calls < 4 && n <= SMMUV3_WRITE_MAX_SIDS);
	l->ncmds[l->calls] = (unsigned int)n;
	for (i = 0; i < n; i++) {
		l->dw0[l->calls][i] = cmds[i].dw[0];
		l->dw1[l->calls][i] = cmds[i].dw[1];
	}
	l->calls++;
	return 0;
}

static void nop_publish(void *ctx)
{
	(void)ctx;
}

static void test_cdtab(void **state)
{
	static const struct smmuv3_write_ops ops = {
		.sync = log_sync,
		.publish = nop_publish,
	};
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_cdtab cdt;
	struct smmuv3_ste_s1 s1;
	struct sync_log log;
	uint32_t sids[2] = {3, 9};
	uint64_t *cd, *cd2, l1, n_clean;

	(void)state;
	full_caps(&caps);
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);

	/* linear: 2^4 CDs, all zero (invalid) */
	assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, 4), 0);
	memset(&log, 0, sizeof(log));
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 2, 15, &cd), 0);
	assert_ptr_equal(cd, cdt.base + 15 * 8);
	assert_int_equal(log.calls, 0);
	memset(&s1, 0, sizeof(s1));
	smmuv3_cdtab_ste_s1(&cdt, &s1);
	assert_int_equal(s1.s1fmt, 0);
	assert_int_equal(s1.s1cdmax, 4);
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 2, 16, &cd),
		SMMUV3_ERANGE);
	smmuv3_cdtab_fini(&cdt);

	/* 2-level: 2^12 SSIDs -> 4 L1 descriptors of 1024-CD leaves */
	assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, 12), 0);
	assert_int_equal(cdt.s1fmt, SMMUV3_STE_S1FMT_64K_L2);
	assert_int_equal(cdt.num_l1, 4);
	memset(&log, 0, sizeof(log));
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 2, 0x805, &cd),
		0);
	l1 = cdt.base[2];
	/* V (bit 0) | L2PTR [51:12] */
	assert_true((l1 & 1) == 1);
	assert_ptr_equal((uint64_t *)(uintptr_t)(l1 & 0x000ffffffffff000ull),
			 cd - 5 * 8);
	assert_true(cd[0] == 0 && (cd - 5 * 8)[1023 * 8] == 0);
	/* one sync with CFGI_CD (0x05) per SID: SSID 0x805 at [31:12],
	 * SID at [63:32], Leaf (dw1 bit 0) = 0 */
	assert_int_equal(log.calls, 1);
	assert_int_equal(log.ncmds[0], 2);
	assert_true(log.dw0[0][0] == ((3ull << 32) | (0x805ull << 12) | 0x05));
	assert_true(log.dw0[0][1] == ((9ull << 32) | (0x805ull << 12) | 0x05));
	assert_true(log.dw1[0][0] == 0 && log.dw1[0][1] == 0);
	/* the same leaf again: nothing to issue */
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 1, 0xbff, &cd2),
		0);
	assert_int_equal(log.calls, 1);
	assert_ptr_equal(cd2, cd + (0xbff - 0x805) * 8);
	smmuv3_cdtab_fini(&cdt);

	/* allocation failure: state unchanged, nothing issued */
	assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, 12), 0);
	memset(&log, 0, sizeof(log));
	h.fail_at = h.n_alloc + 1;
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 1, 0x400, &cd),
		SMMUV3_ENOMEM);
	h.fail_at = 0;
	assert_true(cdt.base[1] == 0 && cdt.l2[1] == NULL);
	assert_int_equal(log.calls, 0);
	/* a SID beyond SIDSIZE is refused before anything changes */
	sids[1] = 1u << 16;
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 2, 0x400, &cd),
		SMMUV3_ERANGE);
	assert_true(cdt.base[1] == 0 && cdt.l2[1] == NULL);
	sids[1] = 9;
	smmuv3_cdtab_fini(&cdt);

	/* non-coherent: the new leaf and its descriptor are cleaned */
	caps.features &= ~SMMUV3_FEAT_COHERENCY;
	osal.ops = &smmuv3_hosted_noncoherent_ops;
	assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, 12), 0);
	n_clean = h.n_clean;
	assert_true(n_clean >= 1); /* the L1 table */
	assert_int_equal(
		smmuv3_cdtab_get(&cdt, &caps, &ops, &log, sids, 1, 0x400, &cd),
		0);
	assert_true(h.n_clean >= n_clean + 2);
	smmuv3_cdtab_fini(&cdt);
	caps.features |= SMMUV3_FEAT_COHERENCY;

	/* without CD2L more than 10 bits cannot be held */
	caps.features &= ~SMMUV3_FEAT_2LVL_CDTAB;
	assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, 11),
			 SMMUV3_ERANGE);
	assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, 21),
			 SMMUV3_ERANGE);
	assert_true(h.n_alloc == h.n_free);
	smmuv3_hosted_fini(&h);
}

/* ------------------------------------------------------------------ */
/* Ordering and cache maintenance                                      */

static const uint64_t *watch_slot; /* the L1 descriptor being published */
static unsigned int barriers_before_publish, barriers_after_publish;
static struct smmuv3_osal_ops rec_ops;

/* the L2 table (SPLIT 6: 64 STEs, 4 KB) as cleaned before publication */
static const uint64_t *l2_cleaned;
static unsigned int l2_ready_at_barrier;

static void rec_clean(void *ctx, const void *va, size_t size)
{
	if (watch_slot && *watch_slot == 0 && size == 64u * 64u)
		l2_cleaned = va;
	smmuv3_hosted_noncoherent_ops.cache_clean(ctx, va, size);
}

static void rec_barrier(void *ctx, enum smmuv3_barrier kind)
{
	unsigned int i, j;
	bool filled = true;

	if (kind == SMMUV3_BARRIER_MEM_PUBLISH && watch_slot) {
		if (*watch_slot == 0) {
			barriers_before_publish++;
			/*
			 * The barrier before the L1 descriptor store: the L2
			 * table must be cleaned already and hold 64 abort
			 * STEs (V = 1, Config 0: qw0 = 1, the rest 0).
			 */
			for (i = 0; l2_cleaned && i < 64; i++)
				for (j = 0; j < 8; j++)
					if (l2_cleaned[i * 8 + j] !=
					    (j ? 0 : 1))
						filled = false;
			if (l2_cleaned && filled)
				l2_ready_at_barrier++;
		} else {
			barriers_after_publish++;
		}
	}
	smmuv3_hosted_noncoherent_ops.barrier(ctx, kind);
}

static void test_strtab_publish_order(void **state)
{
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_strtab st;
	uint64_t *ste, cleans;

	(void)state;
	full_caps(&caps);
	caps.features &= ~SMMUV3_FEAT_COHERENCY;
	caps.strtab_2lvl = true;
	caps.strtab_split = 6;
	caps.strtab_l1_entries = 1024;
	caps.strtab_log2size = 16;
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	rec_ops = smmuv3_hosted_noncoherent_ops;
	rec_ops.barrier = rec_barrier;
	rec_ops.cache_clean = rec_clean;
	osal.ops = &rec_ops;
	l2_cleaned = NULL;
	l2_ready_at_barrier = 0;
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false), 0);
	/* non-coherent: the L1 table was cleaned */
	assert_true(h.n_clean >= 1);
	cleans = h.n_clean;
	/* SID 0x1c0 >> SPLIT 6 = L1 index 7 */
	watch_slot = &st.base[7];
	barriers_before_publish = barriers_after_publish = 0;
	assert_int_equal(smmuv3_strtab_get(&st, 0x1c0, &ste), 0);
	/* one publish barrier, while the descriptor was still invalid */
	assert_int_equal(barriers_before_publish, 1);
	assert_int_equal(barriers_after_publish, 0);
	/* ... after the L2 table was filled and cleaned */
	assert_int_equal(l2_ready_at_barrier, 1);
	/* that table is the one the descriptor points to (L2Ptr [51:6],
	 * hosted PA == VA), and it holds the live STE */
	assert_true((st.base[7] & 0x000fffffffffffc0ull) ==
		    (uint64_t)(uintptr_t)l2_cleaned);
	assert_ptr_equal(ste, l2_cleaned);
	/* SPAN = 6 + 1 */
	assert_true((st.base[7] & 0x1f) == 7);
	/* the L2 table and the descriptor were cleaned */
	assert_true(h.n_clean >= cleans + 2);
	watch_slot = NULL;
	/* GBPA for 2-level with abort policy */
	assert_int_equal(smmuv3_strtab_gbpa(&st, 0), 0x00100000u);
	/* FMT 1 | SPLIT 6 << 6 | LOG2SIZE 16 */
	assert_int_equal(smmuv3_strtab_base_cfg(&st), 0x10190);
	smmuv3_strtab_fini(&st);
	smmuv3_hosted_fini(&h);
}

static unsigned int published, stores_unpublished, cleaned, synced;

static int ord_sync(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	(void)ctx;
	(void)cmds;
	(void)n;
	synced++;
	/* each step's stores were cleaned before its sync */
	assert_int_equal(cleaned, synced);
	return 0;
}

static void ord_publish(void *ctx)
{
	(void)ctx;
	published++;
}

static void ord_clean(void *ctx, const void *va, size_t size)
{
	(void)ctx;
	(void)va;
	assert_int_equal(size, 64);
	cleaned++;
}

static void ord_stored(void *ctx, const uint64_t *entry, unsigned int qw)
{
	(void)ctx;
	(void)entry;
	(void)qw;
	if (!published)
		stores_unpublished++;
}

static void test_writer_order(void **state)
{
	static const struct smmuv3_write_ops ops = {
		.sync = ord_sync,
		.publish = ord_publish,
		.cache_clean = ord_clean,
		.stored = ord_stored,
	};
	struct smmuv3_write_result res;
	struct smmuv3_caps caps;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_ste target;
	uint64_t live[8] = {1, 0, 0, 0, 0, 0, 0, 0}; /* abort */

	(void)state;
	full_caps(&caps);
	s2_cfg(&s2);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, 0, &target), 0);
	published = stores_unpublished = cleaned = synced = 0;
	assert_int_equal(
		smmuv3_ste_write(&caps, &ops, NULL, 3, live, &target, &res), 0);
	/* the publish barrier came before the first store */
	assert_int_equal(published, 1);
	assert_int_equal(stores_unpublished, 0);
	/* abort -> S2: words 1..3 first, then word 0: 2 steps, 4 stores */
	assert_true(res.hitless);
	assert_int_equal(res.syncs, 2);
	assert_int_equal(res.stores, 4);
	assert_int_equal(cleaned, 2);
}

/* A sync op recording its commands and failing on demand. */
struct rec_sync {
	struct smmuv3_cmd cmds[4];
	size_t n;
	unsigned int calls;
	int fail;
};

static int rec_sync_fn(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct rec_sync *r = ctx;

	r->calls++;
	if (r->fail)
		return r->fail;
	r->n = n;
	for (size_t i = 0; i < n && i < 4; i++)
		r->cmds[i] = cmds[i];
	return 0;
}

static void rec_publish_fn(void *ctx)
{
	(void)ctx;
}

/*
 * 2-level with bypass of unknown streams: one shared L2 table of bypass
 * STEs behind every L1 descriptor; a span gets its own table (bypass too)
 * on first use, published over the shared one and invalidated with
 * CFGI_STE Leaf = 0 (IHI 0070 5.1.1); a failed invalidation is retried.
 */
static void test_strtab_bypass_2lvl(void **state)
{
	const struct smmuv3_write_ops ops = { .sync = rec_sync_fn,
					      .publish = rec_publish_fn };
	const struct smmuv3_write_ops no_sync = { .publish = rec_publish_fn };
	struct rec_sync r = { .n = 0 };
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_caps caps;
	struct smmuv3_strtab st;
	uint64_t *ste, shared_l1;
	uint64_t n;

	(void)state;
	full_caps(&caps);
	caps.sid_bits = 16;
	caps.strtab_2lvl = true;
	caps.strtab_split = 8;
	caps.strtab_l1_entries = 256;
	caps.strtab_log2size = 16;
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	/* allocation failures at each of the three allocations: nothing
	 * leaks */
	for (uint64_t k = 1; k <= 3; k++) {
		h.fail_at = h.n_alloc + k;
		assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, true),
				 SMMUV3_ENOMEM);
		h.fail_at = 0;
		assert_true(h.n_alloc == h.n_free);
	}
	assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, true), 0);
	assert_non_null(st.shared);
	/* every L1 descriptor: SPAN 9 (SPLIT + 1), L2Ptr = the shared table
	 * (hosted PA == VA), whose 256 STEs are bypass (V | Config 4 << 1) */
	shared_l1 = 9u | ((uint64_t)(uintptr_t)st.shared);
	for (unsigned int i = 0; i < 256; i++)
		assert_true(st.base[i] == shared_l1);
	assert_true((st.shared[0] & 0xf) == 9 && (st.shared[255 * 8] & 0xf) == 9);

	/* refused: an ops without sync, caps missing with ops */
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &no_sync, &r, 5,
						&ste), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_strtab_get_sync(&st, NULL, &ops, &r, 5, &ste),
			 SMMUV3_EINVAL);
	assert_true(st.base[0] == shared_l1 && r.calls == 0);

	/* first use of span 0x12: a private table, then CFGI_STE Leaf = 0 */
	n = h.n_alloc;
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &ops, &r, 0x1234,
						&ste), 0);
	assert_true(h.n_alloc == n + 1);
	assert_true(st.base[0x12] != shared_l1 && (st.base[0x12] & 0x1f) == 9);
	assert_ptr_equal(ste, st.l2[0x12] + 0x34 * 8);
	assert_true((ste[0] & 0xf) == 9); /* still bypass */
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.n, 1);
	/* opcode 0x03, SID 0x1234 in [63:32], Leaf (dw1 bit 0) = 0 */
	assert_true(r.cmds[0].dw[0] == (0x03ull | (0x1234ull << 32)));
	assert_true(r.cmds[0].dw[1] == 0);
	assert_int_equal(st.l1_stale[0x12], 0);
	/* the same span again: nothing to invalidate */
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &ops, &r, 0x12ff,
						&ste), 0);
	assert_int_equal(r.calls, 1);
	/* other spans still point at the shared table */
	assert_true(st.base[0x11] == shared_l1 && st.base[0x13] == shared_l1);

	/* a failed invalidation: table kept, marked, retried */
	r.fail = SMMUV3_ETIMEDOUT;
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &ops, &r, 0x2000,
						&ste), SMMUV3_ETIMEDOUT);
	assert_non_null(st.l2[0x20]);
	assert_int_equal(st.l1_stale[0x20], 1);
	r.fail = 0;
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &ops, &r, 0x2001,
						&ste), 0);
	assert_int_equal(r.calls, 3);
	assert_true(r.cmds[0].dw[0] == (0x03ull | (0x2001ull << 32)));
	assert_int_equal(st.l1_stale[0x20], 0);

	/* get() without ops marks the span; get_sync() later invalidates */
	assert_int_equal(smmuv3_strtab_get(&st, 0x3000, &ste), 0);
	assert_int_equal(st.l1_stale[0x30], 1);
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &ops, &r, 0x3000,
						&ste), 0);
	assert_int_equal(r.calls, 4);
	assert_int_equal(st.l1_stale[0x30], 0);
	/* out of range: nothing happens */
	assert_int_equal(smmuv3_strtab_get_sync(&st, &caps, &ops, &r, 0x10000,
						&ste), SMMUV3_ERANGE);
	smmuv3_strtab_fini(&st);
	assert_true(h.n_alloc == h.n_free);
	smmuv3_hosted_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abort_bypass),
		cmocka_unit_test(test_s1),
		cmocka_unit_test(test_s2),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_cd),
		cmocka_unit_test(test_fault_models),
		cmocka_unit_test(test_used_covers_builders),
		cmocka_unit_test(test_strtab_linear),
		cmocka_unit_test(test_strtab_2lvl),
		cmocka_unit_test(test_strtab_bypass_2lvl),
		cmocka_unit_test(test_cdtab),
		cmocka_unit_test(test_strtab_publish_order),
		cmocka_unit_test(test_writer_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
