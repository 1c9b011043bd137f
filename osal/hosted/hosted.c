// SPDX-License-Identifier: BSD-2-Clause
/*
 * Hosted OSAL port: see smmuv3_osal_hosted.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "smmuv3_osal_hosted.h"

#include <smmuv3/err.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *hosted_alloc(void *ctx, size_t size, size_t align,
			  smmuv3_pa_t *pa)
{
	struct smmuv3_hosted *h = ctx;
	size_t rounded;
	void *p;

	if (size == 0 || align == 0 || (align & (align - 1)) != 0)
		return NULL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	if (h->fail_at && h->n_alloc + 1 >= h->fail_at)
		return NULL;
	rounded = (size + align - 1) & ~(align - 1);
	p = aligned_alloc(align, rounded);
	if (!p)
		return NULL;
	memset(p, 0, rounded);
	h->n_alloc++;
	h->bytes_live += size;
	*pa = (smmuv3_pa_t)(uintptr_t)p;
	return p;
}

static void hosted_free(void *ctx, void *va, size_t size)
{
	struct smmuv3_hosted *h = ctx;

	if (!va)
		return;
	h->n_free++;
	h->bytes_live -= size;
	free(va);
}

static int hosted_virt_to_phys(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	(void)ctx;
	if (!va)
		return SMMUV3_EFAULT;
	*pa = (smmuv3_pa_t)(uintptr_t)va;
	return 0;
}

static void *hosted_phys_to_virt(void *ctx, smmuv3_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static uint32_t hosted_read32(void *ctx, uint32_t off)
{
	struct smmuv3_hosted *h = ctx;

	return *(volatile uint32_t *)(h->mmio + off);
}

static void hosted_write32(void *ctx, uint32_t off, uint32_t v)
{
	struct smmuv3_hosted *h = ctx;

	*(volatile uint32_t *)(h->mmio + off) = v;
}

static uint64_t hosted_read64(void *ctx, uint32_t off)
{
	struct smmuv3_hosted *h = ctx;

	return *(volatile uint64_t *)(h->mmio + off);
}

static void hosted_write64(void *ctx, uint32_t off, uint64_t v)
{
	struct smmuv3_hosted *h = ctx;

	*(volatile uint64_t *)(h->mmio + off) = v;
}

static void hosted_barrier(void *ctx, enum smmuv3_barrier kind)
{
	(void)ctx;
	(void)kind;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void hosted_cache_clean(void *ctx, const void *va, size_t size)
{
	struct smmuv3_hosted *h = ctx;

	(void)va;
	(void)size;
	__atomic_fetch_add(&h->n_clean, 1, __ATOMIC_RELAXED);
}

static uint64_t hosted_now_ns(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void hosted_delay_ns(void *ctx, uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	(void)ctx;
	nanosleep(&ts, NULL);
}

static void hosted_lock(void *ctx)
{
	struct smmuv3_hosted *h = ctx;

	pthread_mutex_lock(&h->mutex);
}

static void hosted_unlock(void *ctx)
{
	struct smmuv3_hosted *h = ctx;

	pthread_mutex_unlock(&h->mutex);
}

#define HOSTED_COMMON_OPS                        \
	.abi_version = SMMUV3_OSAL_ABI_VERSION,  \
	.alloc = hosted_alloc,                   \
	.free = hosted_free,                     \
	.virt_to_phys = hosted_virt_to_phys,     \
	.phys_to_virt = hosted_phys_to_virt,     \
	.read32 = hosted_read32,                 \
	.write32 = hosted_write32,               \
	.read64 = hosted_read64,                 \
	.write64 = hosted_write64,               \
	.barrier = hosted_barrier,               \
	.now_ns = hosted_now_ns,                 \
	.delay_ns = hosted_delay_ns,             \
	.lock = hosted_lock,                     \
	.unlock = hosted_unlock

const struct smmuv3_osal_ops smmuv3_hosted_ops = {
	HOSTED_COMMON_OPS,
};

const struct smmuv3_osal_ops smmuv3_hosted_noncoherent_ops = {
	HOSTED_COMMON_OPS,
	.cache_clean = hosted_cache_clean,
};

int smmuv3_hosted_init(struct smmuv3_hosted *h, void *mmio,
		       struct smmuv3_osal *out)
{
	memset(h, 0, sizeof(*h));
	h->mmio = mmio;
	if (pthread_mutex_init(&h->mutex, NULL) != 0)
		return SMMUV3_ENOMEM;
	out->ops = &smmuv3_hosted_ops;
	out->ctx = h;
	return 0;
}

void smmuv3_hosted_fini(struct smmuv3_hosted *h)
{
	pthread_mutex_destroy(&h->mutex);
}
