// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests of the mock OSAL port: it validates, routes MMIO and barriers to
 * its device, keeps a registry of DMA-visible memory, fails the N-th
 * allocation on request, and runs a virtual clock that makes the library's
 * bounded polls time out instantly and deterministically.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>

#include "internal.h"
#include "smmuv3_osal_mock.h"

/* A fake device that records the last access and counts calls. */
struct fake {
	uint32_t last_off;
	uint64_t last_val;
	unsigned int reads, writes, barriers, delays;
	enum smmuv3_barrier last_barrier;
	uint32_t reg; /* value every read32 returns */
};

static uint32_t f_read32(void *ctx, uint32_t off)
{
	struct fake *f = ctx;

	f->reads++;
	f->last_off = off;
	return f->reg;
}

static void f_write32(void *ctx, uint32_t off, uint32_t v)
{
	struct fake *f = ctx;

	f->writes++;
	f->last_off = off;
	f->last_val = v;
}

static uint64_t f_read64(void *ctx, uint32_t off)
{
	struct fake *f = ctx;

	f->reads++;
	f->last_off = off;
	return 0x1122334455667788ull;
}

static void f_write64(void *ctx, uint32_t off, uint64_t v)
{
	struct fake *f = ctx;

	f->writes++;
	f->last_off = off;
	f->last_val = v;
}

static void f_barrier(void *ctx, enum smmuv3_barrier kind)
{
	struct fake *f = ctx;

	f->barriers++;
	f->last_barrier = kind;
}

static void f_delay(void *ctx, uint64_t ns)
{
	struct fake *f = ctx;

	(void)ns;
	f->delays++;
}

static const struct smmuv3_mock_device fake_dev = {
	.read32 = f_read32,
	.write32 = f_write32,
	.read64 = f_read64,
	.write64 = f_write64,
	.barrier = f_barrier,
	.delay = f_delay,
};

static void test_validate(void **state)
{
	struct smmuv3_mock m;
	struct smmuv3_osal o;

	(void)state;
	assert_int_equal(smmuv3_mock_init(&m, NULL, NULL, &o), 0);
	assert_int_equal(smmuv3_osal_validate(&o), 0);
	o.ops = &smmuv3_mock_noncoherent_ops;
	assert_int_equal(smmuv3_osal_validate(&o), 0);
	assert_non_null(o.ops->cache_clean);
	assert_null(smmuv3_mock_ops.cache_clean);
	/* No device: reads are 0, writes dropped. */
	assert_int_equal(o.ops->read32(o.ctx, 0), 0);
	o.ops->write32(o.ctx, 0, 1);
	smmuv3_mock_fini(&m);
	assert_int_equal(smmuv3_mock_init(NULL, NULL, NULL, &o), SMMUV3_EINVAL);
}

static void test_mmio_routing(void **state)
{
	struct smmuv3_mock m;
	struct smmuv3_osal o;
	struct fake f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.reg = 0xabcd;
	assert_int_equal(smmuv3_mock_init(&m, &fake_dev, &f, &o), 0);
	assert_int_equal(o.ops->read32(o.ctx, 0x20), 0xabcd);
	assert_int_equal(f.last_off, 0x20);
	o.ops->write32(o.ctx, 0x24, 7);
	assert_int_equal(f.last_off, 0x24);
	assert_int_equal(f.last_val, 7);
	assert_true(o.ops->read64(o.ctx, 0x80) == 0x1122334455667788ull);
	o.ops->write64(o.ctx, 0x90, 0xdeadbeef00ull);
	assert_true(f.last_val == 0xdeadbeef00ull);
	assert_int_equal(f.reads, 2);
	assert_int_equal(f.writes, 2);
	o.ops->barrier(o.ctx, SMMUV3_BARRIER_MMIO_PUBLISH);
	assert_int_equal(f.barriers, 1);
	assert_int_equal(f.last_barrier, SMMUV3_BARRIER_MMIO_PUBLISH);
	assert_int_equal(m.n_barrier[SMMUV3_BARRIER_MMIO_PUBLISH], 1);
	o.ops->delay_ns(o.ctx, 5);
	assert_int_equal(f.delays, 1);
	/* lock/unlock is a real mutex: twice in a row works when balanced. */
	o.ops->lock(o.ctx);
	o.ops->unlock(o.ctx);
	o.ops->lock(o.ctx);
	o.ops->unlock(o.ctx);
	assert_int_equal(m.n_lock, 2);
	smmuv3_mock_fini(&m);
}

static void test_registry(void **state)
{
	struct smmuv3_mock m;
	struct smmuv3_osal o;
	smmuv3_pa_t pa = 0, pa2;
	uint8_t own[64];
	uint8_t *p;

	(void)state;
	assert_int_equal(smmuv3_mock_init(&m, NULL, NULL, &o), 0);
	p = o.ops->alloc(o.ctx, 100, 64, &pa);
	assert_non_null(p);
	assert_true(pa != (uintptr_t)p); /* its own physical space */
	assert_int_equal((uintptr_t)p % 64, 0);
	assert_int_equal(pa % 64, 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(p[i], 0); /* zeroed */
	/* Inside, at the edges, and one byte beyond. */
	assert_true(smmuv3_mock_pa_valid(&m, pa, 100));
	assert_true(smmuv3_mock_pa_valid(&m, pa + 99, 1));
	assert_false(smmuv3_mock_pa_valid(&m, pa + 99, 2));
	assert_false(smmuv3_mock_pa_valid(&m, pa + 100, 1));
	assert_false(smmuv3_mock_pa_valid(&m, pa - 1, 1));
	assert_int_equal(o.ops->virt_to_phys(o.ctx, p + 10, &pa2), 0);
	assert_true(pa2 == pa + 10);
	assert_int_equal(o.ops->virt_to_phys(o.ctx, own, &pa2), SMMUV3_EFAULT);
	assert_int_equal(smmuv3_mock_live_allocs(&m), 1);
	o.ops->free(o.ctx, p, 100);
	assert_false(smmuv3_mock_pa_valid(&m, pa, 1));
	assert_int_equal(smmuv3_mock_live_allocs(&m), 0);
	/* Test-owned memory can be registered and removed. */
	assert_int_equal(smmuv3_mock_region_add(&m, own, sizeof(own)), 0);
	assert_int_equal(o.ops->virt_to_phys(o.ctx, own, &pa2), 0);
	assert_true(smmuv3_mock_pa_valid(&m, pa2, sizeof(own)));
	assert_false(smmuv3_mock_pa_valid(&m, (uintptr_t)own, 1));
	smmuv3_mock_region_remove(&m, own);
	assert_false(smmuv3_mock_pa_valid(&m, pa2, 1));
	assert_int_equal(o.ops->virt_to_phys(o.ctx, own, &pa2), SMMUV3_EFAULT);
	/* Bad alignment is refused. */
	assert_null(o.ops->alloc(o.ctx, 16, 3, &pa));
	assert_null(o.ops->alloc(o.ctx, 0, 8, &pa));
	smmuv3_mock_fini(&m);
}

/*
 * The physical space: PAs are not host addresses, are aligned as asked,
 * lie in [pa_base, pa_end), translate both ways, and freed space is given
 * out again (first fit from pa_base).
 */
static void test_phys_space(void **state)
{
	const smmuv3_pa_t base = 0x40000000, end = 0x40800000; /* 8 MiB */
	uint8_t *own = aligned_alloc(2u << 20, 4u << 20); /* 2 MiB-aligned */
	smmuv3_pa_t pa[4], pa2;
	struct smmuv3_mock m;
	struct smmuv3_osal o;
	uint8_t *p[4];
	uintptr_t hb;
	size_t hs;

	(void)state;
	assert_non_null(own);
	assert_int_equal(smmuv3_mock_init(&m, NULL, NULL, &o), 0);
	/* The default space: [0x8000_0000, 2^32), within a 32-bit OAS. */
	assert_true(m.pa_base == 0x80000000ull);
	assert_true(m.pa_end == 0x100000000ull);
	m.pa_base = base;
	m.pa_end = end;
	/* 100 bytes (64-aligned), a 4 KiB page, 64 KiB aligned to 64 KiB, 8
	 * bytes: first fit from base gives, by hand, base, base + 0x1000
	 * (100 bytes end at base + 100, the next 4 KiB boundary), base +
	 * 0x10000 (the next 64 KiB boundary after base + 0x2000), and base +
	 * 104 (the first 8-byte boundary after the 100 bytes, in the gap
	 * before the page). */
	p[0] = o.ops->alloc(o.ctx, 100, 64, &pa[0]);
	p[1] = o.ops->alloc(o.ctx, 4096, 4096, &pa[1]);
	p[2] = o.ops->alloc(o.ctx, 0x10000, 0x10000, &pa[2]);
	p[3] = o.ops->alloc(o.ctx, 8, 8, &pa[3]);
	for (int i = 0; i < 4; i++) {
		assert_non_null(p[i]);
		assert_true(pa[i] != (uintptr_t)p[i]);
		assert_true(pa[i] >= base && pa[i] < end);
		/* Translates both ways, inside and at the last byte. */
		assert_ptr_equal(smmuv3_mock_pa_to_va(&m, pa[i], 1), p[i]);
		assert_int_equal(o.ops->virt_to_phys(o.ctx, p[i], &pa2), 0);
		assert_true(pa2 == pa[i]);
	}
	assert_true(pa[0] == base);
	assert_true(pa[1] == base + 0x1000);
	assert_true(pa[2] == base + 0x10000);
	assert_true(pa[3] == base + 104);
	assert_ptr_equal(smmuv3_mock_pa_to_va(&m, pa[2] + 0xffff, 1),
			 p[2] + 0xffff);
	assert_int_equal(smmuv3_mock_va_to_pa(&m, p[2] + 0x10, 0xfff0, &pa2),
			 0);
	assert_true(pa2 == pa[2] + 0x10);
	/* Past the end of a region, or a range straddling it: nothing. */
	assert_null(smmuv3_mock_pa_to_va(&m, pa[1] + 4096, 1));
	assert_null(smmuv3_mock_pa_to_va(&m, pa[1] + 4095, 2));
	assert_null(smmuv3_mock_pa_to_va(&m, base - 1, 1));
	assert_int_equal(smmuv3_mock_va_to_pa(&m, p[1] + 4095, 2, &pa2),
			 SMMUV3_EFAULT);
	/* The host address is not a physical address. */
	assert_null(smmuv3_mock_pa_to_va(&m, (uintptr_t)p[1], 1));
	/* Freed space is reused: the page goes back to base + 0x1000. */
	o.ops->free(o.ctx, p[1], 4096);
	assert_null(smmuv3_mock_pa_to_va(&m, pa[1], 1));
	p[1] = o.ops->alloc(o.ctx, 4096, 4096, &pa2);
	assert_non_null(p[1]);
	assert_true(pa2 == base + 0x1000);
	/* Test-owned memory keeps its alignment (up to 2 MiB) and its page
	 * offset: the 2 MiB-aligned buffer lands on the first free 2 MiB
	 * boundary, base + 0x200000; one at +0x40 of a page (64-byte
	 * aligned) in the first free page with room, base + 0x2000, at
	 * +0x40. */
	assert_int_equal(smmuv3_mock_region_add_pa(&m, own, 8192, &pa2), 0);
	assert_true(pa2 == base + 0x200000);
	assert_int_equal(
		smmuv3_mock_region_add_pa(&m, own + 0x3040, 0x40, &pa2), 0);
	assert_true(pa2 == base + 0x2040);
	assert_ptr_equal(smmuv3_mock_pa_to_va(&m, pa2, 0x40), own + 0x3040);
	assert_true(smmuv3_mock_region_find(&m, pa2 + 1, 1, &hb, &hs));
	assert_true(hb == (uintptr_t)(own + 0x3040) && hs == 0x40);
	smmuv3_mock_region_remove(&m, own + 0x3040);
	assert_null(smmuv3_mock_pa_to_va(&m, pa2, 1));
	smmuv3_mock_region_remove(&m, own);
	/* The space is finite: 8 MiB cannot hold another 8 MiB. */
	assert_null(o.ops->alloc(o.ctx, 0x800000, 4096, &pa2));
	assert_int_equal(smmuv3_mock_live_allocs(&m), 4);
	smmuv3_mock_fini(&m);
	free(own);
}

static void test_fail_nth(void **state)
{
	struct smmuv3_mock m;
	struct smmuv3_osal o;
	smmuv3_pa_t pa;
	void *a, *b, *c;

	(void)state;
	assert_int_equal(smmuv3_mock_init(&m, NULL, NULL, &o), 0);
	m.fail_nth = 2;
	a = o.ops->alloc(o.ctx, 8, 8, &pa);
	b = o.ops->alloc(o.ctx, 8, 8, &pa);
	c = o.ops->alloc(o.ctx, 8, 8, &pa);
	assert_non_null(a);
	assert_null(b); /* the second attempt fails */
	assert_non_null(c);
	assert_int_equal(m.n_alloc_calls, 3);
	assert_int_equal(smmuv3_mock_live_allocs(&m), 2);
	o.ops->free(o.ctx, a, 8);
	/* c is freed by fini (no leak under ASan). */
	smmuv3_mock_fini(&m);
}

static void test_virtual_clock(void **state)
{
	struct smmuv3_mock m;
	struct smmuv3_osal o;
	struct fake f;
	uint32_t last = 0;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.reg = 0x1;
	assert_int_equal(smmuv3_mock_init(&m, &fake_dev, &f, &o), 0);
	m.clock_step_ns = 100;
	/* now_ns returns the time, then advances by the step. */
	assert_true(o.ops->now_ns(o.ctx) == 0);
	assert_true(o.ops->now_ns(o.ctx) == 100);
	o.ops->delay_ns(o.ctx, 1000);
	assert_true(smmuv3_mock_time(&m) == 1200);
	/* A 1 ms poll for a bit that never sets times out at once: every
	 * iteration costs one step plus the library's 1 us delay. */
	assert_int_equal(smmuv3_poll32(&o, 0x24, 0x2, 0x2, 1000000, &last),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(last, 0x1);
	assert_true(smmuv3_mock_time(&m) >= 1000000 + 1200);
	/* The same poll succeeds at once when the bit reads as wanted. */
	assert_int_equal(smmuv3_poll32(&o, 0x24, 0x1, 0x1, 1000000, &last), 0);
	smmuv3_mock_fini(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_mmio_routing),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_phys_space),
		cmocka_unit_test(test_fail_nth),
		cmocka_unit_test(test_virtual_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
