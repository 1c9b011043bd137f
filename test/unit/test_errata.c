// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of the errata table (src/errata.c): every row triggered and not
 * triggered at its version boundary, through smmuv3_idr_resolve() so the
 * effect on the resolved capabilities is checked too. Boundaries are the
 * ones Arm's errata notices and the Linux driver use (docs/errata.md):
 * a row "before rXpY" must match rXp(Y-1) and not rXpY.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>

/*
 * Base part: S1P|S2P, TTF both, BTM 0x20, MSI 0x2000, SEV 0x4000,
 * ST_LEVEL 2lvl, TTENDIAN mixed = 0x3 | 0xc | 0x20 | 0x2000 | 0x4000 |
 * 0x8000000 = 0x0800602f. IDR1: ATTR_PERMS_OVR 0x4000000 | CMDQS 19
 * 0x2600000 | EVTQS 19 0x130000 | SIDSIZE 16 = 0x06730010. IDR5: 4K
 * granule 0x10 | OAS 48 (5) = 0x15.
 */
#define BASE_IDR0 0x0800602fu
#define BASE_IDR1 0x06730010u
#define BASE_IDR5 0x15u
#define IIDR(impl, prod, var, rev)                                        \
	(((uint32_t)(prod) << 20) | ((uint32_t)(var) << 16) |             \
	 ((uint32_t)(rev) << 12) | (uint32_t)(impl))
#define ARM 0x43bu
#define MMU600 0x483u
#define MMU700 0x487u
#define MMUL1 0x48au
#define MMUS3 0x498u

static unsigned int row_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < smmuv3_errata_count(); i++)
		if (!strcmp(smmuv3_errata_name(smmuv3_errata_row(i)), name))
			return i;
	fail_msg("no row %s", name);
	return 0;
}

static void resolve(uint32_t iidr, uint32_t fw, struct smmuv3_caps *c)
{
	struct smmuv3_idregs r;
	struct smmuv3_fw_info f = { fw, 0, 0 };

	memset(&r, 0, sizeof(r));
	r.idr[0] = BASE_IDR0;
	r.idr[1] = BASE_IDR1;
	r.idr[5] = BASE_IDR5;
	r.iidr = iidr;
	assert_int_equal(smmuv3_idr_resolve(&r, &f, NULL, c, NULL), 0);
}

struct boundary {
	const char *row;
	uint32_t iidr;
	bool applies;
	uint64_t feat_gone;  /* features that must be absent if it applies */
	uint32_t opt_set;    /* options that must be present if it applies */
};

#define F(x) SMMUV3_FEAT_##x
#define O(x) SMMUV3_OPT_##x

static void test_boundaries(void **state)
{
	static const struct boundary cases[] = {
		/* 1076982: r0p0..r0p2. */
		{ "Arm MMU-600 erratum 1076982", IIDR(ARM, MMU600, 0, 0), true,
		  F(SEV), 0 },
		{ "Arm MMU-600 erratum 1076982", IIDR(ARM, MMU600, 0, 2), true,
		  F(SEV), 0 },
		{ "Arm MMU-600 erratum 1076982", IIDR(ARM, MMU600, 0, 3), false,
		  F(SEV), 0 },
		{ "Arm MMU-600 erratum 1076982", IIDR(ARM, MMU600, 1, 0), false,
		  F(SEV), 0 },
		{ "Arm MMU-600 erratum 1076982", IIDR(ARM, MMU700, 0, 0), false,
		  F(SEV), 0 },
		/* Another implementer with Arm's product number. */
		{ "Arm MMU-600 erratum 1076982", IIDR(0x43c, MMU600, 0, 0),
		  false, F(SEV), 0 },
		/* 1209401: variant < 2. */
		{ "Arm MMU-600 erratum 1209401", IIDR(ARM, MMU600, 0, 0), true,
		  F(NESTING), 0 },
		{ "Arm MMU-600 erratum 1209401", IIDR(ARM, MMU600, 1, 15), true,
		  F(NESTING), 0 },
		{ "Arm MMU-600 erratum 1209401", IIDR(ARM, MMU700, 1, 1), false,
		  F(NESTING), 0 },
		{ "Arm MMU-600 erratum 1209401", IIDR(ARM, MMU600, 2, 0), false,
		  F(NESTING), 0 },
		/* MMU-700 BTM: every version. */
		{ "Arm MMU-700 broadcast TLB maintenance",
		  IIDR(ARM, MMU700, 0, 0), true, F(BTM), 0 },
		{ "Arm MMU-700 broadcast TLB maintenance",
		  IIDR(ARM, MMU700, 15, 15), true, F(BTM), 0 },
		{ "Arm MMU-700 broadcast TLB maintenance",
		  IIDR(ARM, MMU600, 0, 0), false, F(BTM), 0 },
		/* 2812531: variant < 1 OR revision < 1. */
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 0, 5), true,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 1, 0), true,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 1, 1), false,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 2, 0), true,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 2, 1), false,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 15, 0), true,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMU700, 15, 15),
		  false, 0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 erratum 2812531", IIDR(ARM, MMUS3, 0, 0), false,
		  0, O(CMDQ_FORCE_SYNC) },
		{ "Arm MMU-700 errata 2268618, 2812531 (nesting)",
		  IIDR(ARM, MMU700, 0, 15), true, F(NESTING), 0 },
		{ "Arm MMU-700 errata 2268618, 2812531 (nesting)",
		  IIDR(ARM, MMU700, 3, 0), true, F(NESTING), 0 },
		{ "Arm MMU-700 errata 2268618, 2812531 (nesting)",
		  IIDR(ARM, MMU700, 1, 1), false, F(NESTING), 0 },
		/* 3777127: every MMU-700. */
		{ "Arm MMU-700 erratum 3777127", IIDR(ARM, MMU700, 0, 0), true,
		  0, O(FULL_CONT_RANGE_INV) },
		{ "Arm MMU-700 erratum 3777127", IIDR(ARM, MMU700, 15, 15),
		  true, 0, O(FULL_CONT_RANGE_INV) },
		{ "Arm MMU-700 erratum 3777127", IIDR(ARM, MMUL1, 0, 0), false,
		  0, O(FULL_CONT_RANGE_INV) },
		/* MMU-L1 3878312 and MMU-S3 3995052: every version. */
		{ "Arm MMU-L1 erratum 3878312", IIDR(ARM, MMUL1, 0, 0), true,
		  F(BTM), 0 },
		{ "Arm MMU-L1 erratum 3878312", IIDR(ARM, MMUL1, 15, 15), true,
		  F(BTM), 0 },
		{ "Arm MMU-L1 erratum 3878312", IIDR(ARM, MMUS3, 0, 0), false,
		  F(BTM), 0 },
		{ "Arm MMU-S3 erratum 3995052", IIDR(ARM, MMUS3, 0, 0), true,
		  F(BTM), 0 },
		{ "Arm MMU-S3 erratum 3995052", IIDR(ARM, MMUS3, 9, 9), true,
		  F(BTM), 0 },
		{ "Arm MMU-S3 erratum 3995052", IIDR(ARM, MMUL1, 0, 0), false,
		  F(BTM), 0 },
		/* 3673557: before r1p1. */
		{ "Arm MMU-S3 erratum 3673557", IIDR(ARM, MMUS3, 0, 15), true,
		  0, O(FULL_CONT_RANGE_INV) },
		{ "Arm MMU-S3 erratum 3673557", IIDR(ARM, MMUS3, 1, 0), true,
		  0, O(FULL_CONT_RANGE_INV) },
		{ "Arm MMU-S3 erratum 3673557", IIDR(ARM, MMUS3, 1, 1), false,
		  0, O(FULL_CONT_RANGE_INV) },
		{ "Arm MMU-S3 erratum 3673557", IIDR(ARM, MMUS3, 2, 0), false,
		  0, O(FULL_CONT_RANGE_INV) },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct boundary *t = &cases[i];
		unsigned int row = row_index(t->row);
		struct smmuv3_caps c;

		uint64_t other_clear = 0;
		uint32_t other_opt = 0;
		unsigned int j;

		print_message("%s iidr %08x\n", t->row, t->iidr);
		resolve(t->iidr, 0, &c);
		assert_int_equal(!!(c.errata & (1ull << row)), t->applies);
		if (t->applies) {
			assert_true((c.features & t->feat_gone) == 0);
			assert_true((c.options & t->opt_set) == t->opt_set);
		}
		/*
		 * The other side of the boundary: unless another applied row
		 * has the same effect, the feature stays (the base part has
		 * SEV, BTM and NESTING) and the option stays clear.
		 */
		for (j = 0; j < smmuv3_errata_count(); j++) {
			if (j == row || !(c.errata & (1ull << j)))
				continue;
			other_clear |= smmuv3_errata_row(j)->feat_clear;
			other_opt |= smmuv3_errata_row(j)->opt_set;
		}
		if (!t->applies) {
			assert_true((c.features & t->feat_gone & ~other_clear) ==
				    (t->feat_gone & ~other_clear));
			assert_true((c.options & t->opt_set & ~other_opt) == 0);
		}
		assert_int_equal(smmuv3_errata_matches(smmuv3_errata_row(row),
						       t->iidr, 0, c.features |
						       t->feat_gone),
				 t->applies);
	}
}

/* A part no row matches keeps every feature the registers give. */
static void test_unaffected(void **state)
{
	struct smmuv3_caps c;

	(void)state;
	resolve(IIDR(ARM, MMU600, 3, 0), 0, &c);
	assert_true(c.errata == 0);
	assert_int_equal(c.options, 0);
	assert_true((c.features & (F(SEV) | F(BTM) | F(NESTING))) ==
		    (F(SEV) | F(BTM) | F(NESTING)));
}

static void test_fw_quirks(void **state)
{
	static const struct {
		const char *row;
		uint32_t fw;
		uint32_t opt;
	} cases[] = {
		{ "cavium,cn9900-broken-page1-regspace",
		  SMMUV3_FW_QUIRK_PAGE0_ONLY, O(PAGE0_REGS_ONLY) },
		{ "hisilicon,broken-prefetch-cmd",
		  SMMUV3_FW_QUIRK_BROKEN_PREFETCH, O(SKIP_PREFETCH) },
		{ "arm,instdata-override", SMMUV3_FW_INSTDATA_OVERRIDE,
		  O(OVR_INSTCFG_DATA) },
		{ "nvidia,tegra264-smmu repeat invalidation",
		  SMMUV3_FW_TEGRA264, O(REPEAT_INV) },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned int row = row_index(cases[i].row);
		struct smmuv3_caps c;

		resolve(0, cases[i].fw, &c);
		assert_true(c.errata == (1ull << row));
		assert_int_equal(c.options, cases[i].opt);
		resolve(0, 0, &c);
		assert_true(c.errata == 0);
		assert_int_equal(c.options, 0);
	}
}

static void test_msipoll(void **state)
{
	unsigned int row = row_index("MSI-polled CMD_SYNC");
	struct smmuv3_idregs r;
	struct smmuv3_fw_info fw = { SMMUV3_FW_COHERENT, 0, 0 };
	struct smmuv3_caps c;

	(void)state;
	/* MSI (base IDR0 bit 13) and coherent: MSIPOLL. */
	resolve(0, SMMUV3_FW_COHERENT, &c);
	assert_true(c.errata == (1ull << row));
	assert_int_equal(c.options, O(MSIPOLL));
	/* Not coherent, or firmware opts out: no MSIPOLL. */
	resolve(0, 0, &c);
	assert_int_equal(c.options, 0);
	resolve(0, SMMUV3_FW_COHERENT | SMMUV3_FW_NO_MSIPOLL, &c);
	assert_int_equal(c.options, 0);
	assert_true(c.errata == 0);
	/* No MSI. */
	memset(&r, 0, sizeof(r));
	r.idr[0] = BASE_IDR0 & ~0x2000u;
	r.idr[1] = BASE_IDR1;
	r.idr[5] = BASE_IDR5;
	assert_int_equal(smmuv3_idr_resolve(&r, &fw, NULL, &c, NULL), 0);
	assert_int_equal(c.options, 0);
}

static void test_table(void **state)
{
	uint64_t feat = 0x55, applied = 1;
	uint32_t opt = 0;
	unsigned int i;

	(void)state;
	assert_true(smmuv3_errata_count() >= 14);
	assert_true(smmuv3_errata_count() <= 64);
	assert_null(smmuv3_errata_row(smmuv3_errata_count()));
	for (i = 0; i < smmuv3_errata_count(); i++) {
		const struct smmuv3_erratum *row = smmuv3_errata_row(i);

		const char *name = smmuv3_errata_name(row);
		const char *reason = smmuv3_errata_reason(row);
		unsigned int j;

		/* Every row has a name and a reason; names are unique. */
		assert_non_null(name);
		assert_non_null(reason);
		assert_true(name[0] != 0 && reason[0] != 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(
				smmuv3_errata_name(smmuv3_errata_row(j)), name);
		/* Effects only clear features or set options. */
		assert_true(row->feat_clear != 0 || row->opt_set != 0);
		/* Every row has a trigger. */
		assert_true(row->match_iidr || row->fw_required ||
			    row->feat_required);
	}
	assert_false(smmuv3_errata_matches(NULL, 0, ~0u, ~0ull));
	assert_null(smmuv3_errata_name(NULL));
	assert_null(smmuv3_errata_reason(NULL));

	assert_int_equal(smmuv3_errata_apply(0, 0, NULL, &opt, &applied),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_errata_apply(0, 0, &feat, NULL, &applied),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_errata_apply(0, 0, &feat, &opt, NULL),
			 SMMUV3_EINVAL);
	assert_true(feat == 0x55 && applied == 1 && opt == 0);
	/* Nothing matches: outputs written, features unchanged. */
	assert_int_equal(smmuv3_errata_apply(0, 0, &feat, &opt, &applied), 0);
	assert_true(feat == 0x55 && applied == 0 && opt == 0);
}

/* A command with opcode @op and junk in every other field. */
static struct smmuv3_cmd op_cmd(unsigned int op)
{
	struct smmuv3_cmd c = { { 0xfedcba9876543200ull | op,
				  0x0123456789abcdefull } };

	return c;
}

/*
 * The command-queue policies as pure functions of the resolved caps. The
 * expected opcode classes are written from IHI 0070 4.1.1's opcode list:
 * CFGI_* are 0x03..0x06, TLBI_* 0x10..0x30; PREFETCH_* 0x01/0x02; the
 * rest (ATC_INV 0x40, PRI_RESP 0x41, RESUME 0x44, STALL_TERM 0x45,
 * CMD_SYNC 0x46) are neither.
 */
/*
 * Each row's name and reason, in row order, as docs/errata.md lists them
 * (written from the document, not from the table's source).
 */
static void test_text(void **state)
{
	static const struct {
		const char *name, *reason;
	} want[] = {
		{ "Arm MMU-600 erratum 1076982",
		  "SEV on CMD_SYNC completion is unreliable: no WFE waits" },
		{ "Arm MMU-600 erratum 1209401",
		  "nested stage 1 + stage 2 translation is unreliable" },
		{ "Arm MMU-700 broadcast TLB maintenance",
		  "several errata make BTM unusable" },
		{ "Arm MMU-700 erratum 2812531",
		  "batches need a CMD_SYNC at least every 63 commands" },
		{ "Arm MMU-700 errata 2268618, 2812531 (nesting)",
		  "nested stage 1 + stage 2 translation is unreliable" },
		{ "Arm MMU-700 erratum 3777127",
		  "a range invalidation must fully span a contiguous run" },
		{ "Arm MMU-L1 erratum 3878312",
		  "broadcast TLB maintenance is unreliable" },
		{ "Arm MMU-S3 erratum 3995052",
		  "broadcast TLB maintenance is unreliable" },
		{ "Arm MMU-S3 erratum 3673557",
		  "a range invalidation must fully span a contiguous run" },
		{ "cavium,cn9900-broken-page1-regspace",
		  "page-1 registers are only reachable in page 0" },
		{ "hisilicon,broken-prefetch-cmd",
		  "CMD_PREFETCH_CFG is broken (Hi161x)" },
		{ "arm,instdata-override",
		  "firmware asks STE.INSTCFG = data for all accesses" },
		{ "nvidia,tegra264-smmu repeat invalidation",
		  "CFGI/TLBI must be issued twice, each with a CMD_SYNC" },
		{ "MSI-polled CMD_SYNC",
		  "coherent SMMU with MSIs: complete syncs by write-back" },
	};
	struct smmuv3_erratum forged;
	unsigned int i;

	(void)state;
	assert_int_equal(smmuv3_errata_count(), 14);
	for (i = 0; i < 14; i++) {
		const struct smmuv3_erratum *row = smmuv3_errata_row(i);

		assert_string_equal(smmuv3_errata_name(row), want[i].name);
		assert_string_equal(smmuv3_errata_reason(row), want[i].reason);
	}
	/* A copy reads the same text; an index past the texts reads none. */
	forged = *smmuv3_errata_row(3);
	assert_string_equal(smmuv3_errata_name(&forged), want[3].name);
	forged.name_id = 255;
	forged.reason_id = 255;
	assert_null(smmuv3_errata_name(&forged));
	assert_null(smmuv3_errata_reason(&forged));
}

static void test_policies(void **state)
{
	static const unsigned int inv[] = { 0x03, 0x04, 0x05, 0x06, 0x10, 0x11,
					    0x12, 0x13, 0x20, 0x21, 0x22, 0x23,
					    0x28, 0x2a, 0x30 };
	static const unsigned int other[] = { 0x01, 0x02, 0x40, 0x41,
					      0x44, 0x45, 0x46 };
	struct smmuv3_caps c, tegra, hisi;
	struct smmuv3_cmd cmd;
	unsigned int i;

	(void)state;
	/* MMU-700 erratum 2812531: a CMD_SYNC at least every 63 commands on
	 * r0p0 and r1p0, none needed on r1p1. */
	resolve(IIDR(ARM, MMU700, 0, 0), 0, &c);
	assert_int_equal(smmuv3_errata_sync_interval(&c), 63);
	resolve(IIDR(ARM, MMU700, 1, 0), 0, &c);
	assert_int_equal(smmuv3_errata_sync_interval(&c), 63);
	resolve(IIDR(ARM, MMU700, 1, 1), 0, &c);
	assert_int_equal(smmuv3_errata_sync_interval(&c), 0);
	assert_int_equal(smmuv3_errata_sync_interval(NULL), 0);

	resolve(0, SMMUV3_FW_TEGRA264, &tegra);
	resolve(0, SMMUV3_FW_QUIRK_BROKEN_PREFETCH, &hisi);
	resolve(IIDR(ARM, MMU700, 0, 0), 0, &c);
	for (i = 0; i < sizeof(inv) / sizeof(inv[0]); i++) {
		cmd = op_cmd(inv[i]);
		assert_true(smmuv3_errata_cmd_repeat(&tegra, &cmd));
		assert_false(smmuv3_errata_cmd_repeat(&c, &cmd));
		assert_false(smmuv3_errata_cmd_repeat(&hisi, &cmd));
		assert_false(smmuv3_errata_cmd_drop(&hisi, &cmd));
		assert_false(smmuv3_errata_cmd_drop(&tegra, &cmd));
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		bool prefetch = other[i] <= 0x02;

		cmd = op_cmd(other[i]);
		assert_false(smmuv3_errata_cmd_repeat(&tegra, &cmd));
		assert_true(smmuv3_errata_cmd_drop(&hisi, &cmd) == prefetch);
		assert_false(smmuv3_errata_cmd_drop(&c, &cmd));
		assert_false(smmuv3_errata_cmd_drop(&tegra, &cmd));
	}
	cmd = op_cmd(0x03);
	assert_false(smmuv3_errata_cmd_repeat(NULL, &cmd));
	assert_false(smmuv3_errata_cmd_repeat(&tegra, NULL));
	cmd = op_cmd(0x01);
	assert_false(smmuv3_errata_cmd_drop(NULL, &cmd));
	assert_false(smmuv3_errata_cmd_drop(&hisi, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_unaffected),
		cmocka_unit_test(test_fw_quirks),
		cmocka_unit_test(test_msipoll),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_policies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
