// SPDX-License-Identifier: BSD-2-Clause
/*
 * The bare-metal port's arena allocator, run on the host: alignment,
 * zeroing, exhaustion, coalescing (the whole arena is one block again after
 * everything is freed), and a seeded random alloc/free sequence checked for
 * overlaps against a list of live blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/err.h>

#include "smmuv3_osal_baremetal.h"

#define ARENA_SIZE (1u << 20)
static _Alignas(65536) uint8_t arena[ARENA_SIZE];

static void test_basic(void **state)
{
	struct smmuv3_baremetal bm = { 0 };
	smmuv3_pa_t pa = 0;
	uint8_t *a, *b;

	(void)state;
	assert_int_equal(smmuv3_bm_arena_init(&bm, arena + 1, 4096, 0), SMMUV3_EINVAL);
	/* Dirty memory first: allocations must come back zeroed. */
	memset(arena, 0xa5, 8192);
	assert_int_equal(smmuv3_bm_arena_init(&bm, arena, ARENA_SIZE, 0x1000), 0);
	assert_int_equal(bm.bytes_free, ARENA_SIZE);
	a = smmuv3_bm_arena_alloc(&bm, 100, 64, &pa);
	assert_non_null(a);
	assert_true(pa == (smmuv3_pa_t)(uintptr_t)a + 0x1000);
	for (int i = 0; i < 100; i++)
		assert_int_equal(a[i], 0);
	/* 100 bytes take two 64-byte chunks. */
	assert_int_equal(bm.bytes_free, ARENA_SIZE - 128);
	b = smmuv3_bm_arena_alloc(&bm, 4096, 4096, &pa);
	assert_non_null(b);
	assert_int_equal((uintptr_t)b % 4096, 0);
	assert_int_equal(smmuv3_bm_arena_virt_to_phys(&bm, b + 5, &pa), 0);
	assert_true(pa == (smmuv3_pa_t)(uintptr_t)b + 5 + 0x1000);
	assert_int_equal(smmuv3_bm_arena_virt_to_phys(&bm, arena + ARENA_SIZE, &pa),
			 SMMUV3_EFAULT);
	assert_null(smmuv3_bm_arena_alloc(&bm, ARENA_SIZE, 64, &pa));
	assert_null(smmuv3_bm_arena_alloc(&bm, 64, 3, &pa));
	smmuv3_bm_arena_free(&bm, a, 100);
	smmuv3_bm_arena_free(&bm, b, 4096);
	/* Fully coalesced: one free block covering the arena. */
	assert_int_equal(bm.bytes_free, ARENA_SIZE);
	assert_non_null(smmuv3_bm_arena_alloc(&bm, ARENA_SIZE, 64, &pa));
}

struct live {
	uint8_t *p;
	size_t size;
};

static void test_random(void **state)
{
	struct smmuv3_baremetal bm = { 0 };
	static struct live live[256];
	size_t n = 0;
	unsigned int seed = 12345;

	(void)state;
	assert_int_equal(smmuv3_bm_arena_init(&bm, arena, ARENA_SIZE, 0), 0);
	for (int step = 0; step < 20000; step++) {
		seed = seed * 1103515245u + 12345u;
		if (n < 256 && ((seed >> 16) & 1)) {
			size_t size = 1 + ((seed >> 8) % 20000);
			size_t align = (size_t)64 << ((seed >> 4) % 7);
			smmuv3_pa_t pa;
			uint8_t *p = smmuv3_bm_arena_alloc(&bm, size, align, &pa);

			if (!p)
				continue;
			assert_int_equal((uintptr_t)p % align, 0);
			assert_true(p >= arena && p + size <= arena + ARENA_SIZE);
			for (size_t i = 0; i < n; i++)
				assert_true(p + size <= live[i].p ||
					    live[i].p + live[i].size <= p);
			for (size_t i = 0; i < size; i++)
				assert_int_equal(p[i], 0);
			memset(p, 0xff, size);
			live[n++] = (struct live){ p, size };
		} else if (n) {
			size_t k = (seed >> 8) % n;

			smmuv3_bm_arena_free(&bm, live[k].p, live[k].size);
			live[k] = live[--n];
		}
	}
	while (n) {
		n--;
		smmuv3_bm_arena_free(&bm, live[n].p, live[n].size);
	}
	assert_int_equal(bm.bytes_free, ARENA_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
