// SPDX-License-Identifier: BSD-2-Clause
/*
 * Probing against the behavioural model (test/model): smmuv3_idr_probe()
 * reads the ID registers through the model's MMIO decode (an independent
 * register map) and must see the model's preset values and apply the
 * errata its IIDR calls for (docs/errata.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/model.h>

static unsigned int row_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < smmuv3_errata_count(); i++)
		if (!strcmp(smmuv3_errata_name(smmuv3_errata_row(i)), name))
			return i;
	fail_msg("no row %s", name);
	return 0;
}

static uint64_t rows(const char *const *names)
{
	uint64_t m = 0;

	for (; *names; names++)
		m |= 1ull << row_index(*names);
	return m;
}

static void test_model_presets(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const m600r0[] = { "Arm MMU-600 erratum 1076982",
					      "Arm MMU-600 erratum 1209401",
					      NULL };
	static const char *const m600r1[] = { "Arm MMU-600 erratum 1209401",
					      NULL };
	static const char *const m700r0[] = {
		"Arm MMU-700 broadcast TLB maintenance",
		"Arm MMU-700 erratum 2812531",
		"Arm MMU-700 errata 2268618, 2812531 (nesting)",
		"Arm MMU-700 erratum 3777127", NULL
	};
	static const char *const m700r1[] = {
		"Arm MMU-700 broadcast TLB maintenance",
		"Arm MMU-700 erratum 3777127", NULL
	};
	static const struct {
		enum smmuv3_model_preset p;
		const char *const *rows;
	} cases[] = {
		{ SMMUV3_MODEL_QEMU_VIRT_7_2, none },
		{ SMMUV3_MODEL_MMU600_R0P0, m600r0 },
		{ SMMUV3_MODEL_MMU600_R1P0, m600r1 },
		{ SMMUV3_MODEL_MMU600_R2P0, none },
		{ SMMUV3_MODEL_MMU700_R0P0, m700r0 },
		{ SMMUV3_MODEL_MMU700_R1P1, m700r1 },
		{ SMMUV3_MODEL_S2_ONLY, none },
		{ SMMUV3_MODEL_FULL, none },
		{ SMMUV3_MODEL_MINIMAL, none },
	};
	unsigned int i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct smmuv3_model_config cfg;
		struct smmuv3_model *m;
		struct smmuv3_osal osal;
		struct smmuv3_caps c;
		struct smmuv3_probe_report rep;
		/* Not coherent: MSIPOLL stays out of the expected rows. */
		struct smmuv3_fw_info fw = { 0, 0, 0 };

		print_message("model preset %d\n", (int)cases[i].p);
		memset(&cfg, 0, sizeof(cfg));
		cfg.preset = cases[i].p;
		assert_int_equal(smmuv3_model_create(&cfg, &m), 0);
		osal = smmuv3_model_osal(m);
		assert_int_equal(smmuv3_idr_probe(&osal, &fw, NULL, &c, &rep),
				 0);
		for (n = 0; n < 6; n++)
			assert_int_equal(c.regs.idr[n], smmuv3_model_idr(m, n));
		assert_int_equal(c.regs.iidr,
				 smmuv3_model_peek32(m, 0x18u /* IHI 0070 6.3.7 */));
		assert_int_equal(c.regs.aidr,
				 smmuv3_model_peek32(m, 0x1cu /* 6.3.8 */));
		assert_true(c.errata == rows(cases[i].rows));
		/* The model's stream-table size fits what was derived. */
		assert_true(c.strtab_log2size == c.sid_bits);
		smmuv3_model_destroy(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_presets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
