// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of the library basics: bit-field helpers, error names, OSAL
 * validation and the bounded register poll (against the hosted port with a
 * plain buffer as its "registers").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/regs.h>

#include "internal.h"
#include "smmuv3_osal_hosted.h"

/* Constant expressions: these must compile as static assertions. */
_Static_assert(SMMUV3_GENMASK32(31, 0) == 0xffffffffu, "genmask32 full");
_Static_assert(SMMUV3_GENMASK64(63, 0) == ~0ull, "genmask64 full");
_Static_assert(SMMUV3_GENMASK64(51, 6) == 0x000fffffffffffc0ull, "strtab addr");
_Static_assert(SMMUV3_FIELD_PREP(SMMUV3_IDR1_CMDQS, 19u) == (19u << 21), "prep");
_Static_assert(SMMUV3_FIELD_GET(SMMUV3_IDR0_TTENDIAN, 0x00600000u) == 3u, "get");
_Static_assert(SMMUV3_FIELD_MAX(SMMUV3_IDR1_SIDSIZE) == 63u, "max");

static void test_fields(void **state)
{
	(void)state;
	/* QEMU virt 7.2 IDR1 = 0x02730010: CMDQS 19, EVTQS 19, SIDSIZE 16. */
	uint32_t idr1 = 0x02730010u;

	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR1_CMDQS, idr1), 19);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR1_EVTQS, idr1), 19);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR1_SIDSIZE, idr1), 16);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_IDR1_SSIDSIZE, idr1), 0);
	/* A 64-bit field at the top. */
	assert_true(SMMUV3_FIELD_PREP(SMMUV3_GENMASK64(63, 59), 31u) ==
		    0xf800000000000000ull);
	assert_true(SMMUV3_FIELD_FITS(SMMUV3_IDR1_SIDSIZE, 63));
	assert_false(SMMUV3_FIELD_FITS(SMMUV3_IDR1_SIDSIZE, 64));
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(smmuv3_strerror(0), "success");
	assert_string_equal(smmuv3_strerror(SMMUV3_ETIMEDOUT), "timed out");
	assert_string_equal(smmuv3_strerror(SMMUV3_EINVAL), "invalid argument");
	assert_string_equal(smmuv3_strerror(-9999), "unknown error");
	/* Every code has its own name. */
	{
		static const int codes[] = {
			SMMUV3_OK, SMMUV3_EPERM, SMMUV3_ENOENT, SMMUV3_EIO,
			SMMUV3_ENXIO, SMMUV3_E2BIG, SMMUV3_EAGAIN,
			SMMUV3_ENOMEM, SMMUV3_EFAULT, SMMUV3_EBUSY,
			SMMUV3_EEXIST, SMMUV3_ENODEV, SMMUV3_EINVAL,
			SMMUV3_ENOSPC, SMMUV3_ERANGE, SMMUV3_ENOSYS,
			SMMUV3_EBADMSG, SMMUV3_EOPNOTSUPP, SMMUV3_ETIMEDOUT,
		};
		const size_t n = sizeof(codes) / sizeof(codes[0]);

		for (size_t i = 0; i < n; i++) {
			assert_string_not_equal(smmuv3_strerror(codes[i]),
						"unknown error");
			for (size_t j = 0; j < i; j++)
				assert_string_not_equal(smmuv3_strerror(codes[i]),
							smmuv3_strerror(codes[j]));
		}
	}
	assert_int_equal(smmuv3_version(), SMMUV3_VERSION);
}

static void test_osal_validate(void **state)
{
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_osal_ops ops;

	(void)state;
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	assert_int_equal(smmuv3_osal_validate(&osal), 0);
	assert_int_equal(smmuv3_osal_validate(NULL), SMMUV3_EINVAL);

	ops = smmuv3_hosted_ops;
	osal.ops = &ops;
	ops.abi_version = 99;
	assert_int_equal(smmuv3_osal_validate(&osal), SMMUV3_EINVAL);
	ops = smmuv3_hosted_ops;
	ops.read64 = NULL;
	assert_int_equal(smmuv3_osal_validate(&osal), SMMUV3_ENOSYS);
	ops = smmuv3_hosted_ops;
	ops.unlock = NULL;
	assert_int_equal(smmuv3_osal_validate(&osal), SMMUV3_ENOSYS);
	ops = smmuv3_hosted_ops;
	ops.lock = NULL;
	ops.unlock = NULL;
	assert_int_equal(smmuv3_osal_validate(&osal), 0);
	smmuv3_hosted_fini(&h);
}

static void test_poll(void **state)
{
	uint32_t regs[0x100] = { 0 };
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	uint32_t last = 0;

	(void)state;
	assert_int_equal(smmuv3_hosted_init(&h, regs, &osal), 0);
	regs[SMMUV3_CR0ACK / 4] = 0x9;
	assert_int_equal(smmuv3_poll32(&osal, SMMUV3_CR0ACK, 0xf, 0x9,
				       1000000, &last), 0);
	assert_int_equal(last, 0x9);
	/* Never matches: times out (1 ms) and reports the last value read. */
	assert_int_equal(smmuv3_poll32(&osal, SMMUV3_CR0ACK, 0xf, 0x1,
				       1000000, &last), SMMUV3_ETIMEDOUT);
	assert_int_equal(last, 0x9);
	smmuv3_hosted_fini(&h);
}

static void test_hosted_alloc(void **state)
{
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	smmuv3_pa_t pa = 0, pa2 = 0;
	uint8_t *p;

	(void)state;
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	p = osal.ops->alloc(osal.ctx, 100, 4096, &pa);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 4096, 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	assert_int_equal(osal.ops->virt_to_phys(osal.ctx, p + 8, &pa2), 0);
	assert_true(pa2 == pa + 8);
	osal.ops->free(osal.ctx, p, 100);
	assert_true(h.bytes_live == 0);
	h.fail_at = h.n_alloc + 1;
	assert_null(osal.ops->alloc(osal.ctx, 64, 64, &pa));
	smmuv3_hosted_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_osal_validate),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_hosted_alloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
