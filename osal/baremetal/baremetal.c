// SPDX-License-Identifier: BSD-2-Clause
/*
 * Bare-metal AArch64 OSAL port (see smmuv3_osal_baremetal.h).
 * The arena allocator is in arena.c (portable, tested on the host).
 */
#include "smmuv3_osal_baremetal.h"

#include <smmuv3/err.h>

#if !defined(__aarch64__)
#error "the baremetal OSAL port is AArch64-only"
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

static uint32_t bm_read32(void *ctx, uint32_t off)
{
	const struct smmuv3_baremetal *bm = ctx;

	return *(volatile const uint32_t *)(bm->mmio + off);
}

static void bm_write32(void *ctx, uint32_t off, uint32_t v)
{
	const struct smmuv3_baremetal *bm = ctx;

	*(volatile uint32_t *)(bm->mmio + off) = v;
}

static uint64_t bm_read64(void *ctx, uint32_t off)
{
	const struct smmuv3_baremetal *bm = ctx;

	return *(volatile const uint64_t *)(bm->mmio + off);
}

static void bm_write64(void *ctx, uint32_t off, uint64_t v)
{
	const struct smmuv3_baremetal *bm = ctx;

	*(volatile uint64_t *)(bm->mmio + off) = v;
}

static void bm_barrier(void *ctx, enum smmuv3_barrier kind)
{
	(void)ctx;
	switch (kind) {
	case SMMUV3_BARRIER_MEM_PUBLISH:
		__asm__ volatile("dmb oshst" ::: "memory");
		break;
	case SMMUV3_BARRIER_MMIO_PUBLISH:
		__asm__ volatile("dsb st" ::: "memory");
		break;
	case SMMUV3_BARRIER_MMIO_CONSUME:
		__asm__ volatile("dsb ld" ::: "memory");
		break;
	default:
		__asm__ volatile("dsb sy" ::: "memory");
		break;
	}
}

static void bm_cache_clean(void *ctx, const void *va, size_t size)
{
	uint64_t ctr;
	uintptr_t line, p, end = (uintptr_t)va + size;

	(void)ctx;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = (uintptr_t)4 << ((ctr >> 16) & 0xf); /* DminLine, in words */
	for (p = (uintptr_t)va & ~(line - 1); p < end; p += line)
		__asm__ volatile("dc cvac, %0" ::"r"(p) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

static uint64_t bm_now_ns(void *ctx)
{
	uint64_t cnt, frq;

	(void)ctx;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt)::"memory");
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	if (frq == 0)
		return cnt;
	/* Split to avoid overflowing cnt * 1e9. */
	return (cnt / frq) * 1000000000ull + ((cnt % frq) * 1000000000ull) / frq;
}

static void bm_delay_ns(void *ctx, uint64_t ns)
{
	uint64_t end = bm_now_ns(ctx) + ns;

	while (bm_now_ns(ctx) < end)
		__asm__ volatile("yield");
}

#define BM_COMMON_OPS                          \
	.abi_version = SMMUV3_OSAL_ABI_VERSION, \
	.alloc = smmuv3_bm_arena_alloc,         \
	.free = smmuv3_bm_arena_free,           \
	.virt_to_phys = smmuv3_bm_arena_virt_to_phys, \
	.phys_to_virt = smmuv3_bm_arena_phys_to_virt, \
	.read32 = bm_read32,                    \
	.write32 = bm_write32,                  \
	.read64 = bm_read64,                    \
	.write64 = bm_write64,                  \
	.barrier = bm_barrier,                  \
	.now_ns = bm_now_ns,                    \
	.delay_ns = bm_delay_ns

const struct smmuv3_osal_ops smmuv3_baremetal_ops = {
	BM_COMMON_OPS,
};

const struct smmuv3_osal_ops smmuv3_baremetal_noncoherent_ops = {
	BM_COMMON_OPS,
	.cache_clean = bm_cache_clean,
};

int smmuv3_baremetal_init(struct smmuv3_baremetal *bm, void *mmio, void *arena,
			  size_t size, uint64_t pa_offset,
			  struct smmuv3_osal *out)
{
	int ret;

	if (!out)
		return SMMUV3_EINVAL;
	ret = smmuv3_bm_arena_init(bm, arena, size, pa_offset);
	if (ret)
		return ret;
	bm->mmio = mmio;
	out->ops = bm->noncoherent ? &smmuv3_baremetal_noncoherent_ops
				   : &smmuv3_baremetal_ops;
	out->ctx = bm;
	return 0;
}

/* The four functions the compiler and the library may call. */
void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}
