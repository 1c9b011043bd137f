// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mock OSAL port: see smmuv3_osal_mock.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "smmuv3_osal_mock.h"

#include <smmuv3/err.h>

#include <stdlib.h>
#include <string.h>

static void st_lock(struct smmuv3_mock *m)
{
	pthread_mutex_lock(&m->state_lock);
}

static void st_unlock(struct smmuv3_mock *m)
{
	pthread_mutex_unlock(&m->state_lock);
}

/*
 * Caller holds state_lock. The first free physical range of @size bytes
 * that starts @off bytes past a multiple of @align (a power of two), at or
 * above pa_base and ending at or below pa_end. The registry is sorted by
 * PA, so one pass finds it. Return: 0, or SMMUV3_ENOMEM when none is left.
 */
static int pa_reserve(const struct smmuv3_mock *m, size_t size, uint64_t align,
		      uint64_t off, smmuv3_pa_t *pa)
{
	const struct smmuv3_mock_region *r;
	uint64_t cand; /* an @align-aligned block; the range is at +off */

	if (m->pa_base > UINT64_MAX - (align - 1u))
		return SMMUV3_ENOMEM;
	cand = (m->pa_base + align - 1u) & ~(align - 1u);
	for (r = m->regions; r; r = r->next) {
		uint64_t end = r->pa + r->size;

		if (cand > UINT64_MAX - off - size)
			return SMMUV3_ENOMEM;
		if (end <= cand + off)
			continue;
		if (cand + off + size <= r->pa)
			break;
		/* end > cand + off >= off: no underflow. */
		if (end - off > UINT64_MAX - (align - 1u))
			return SMMUV3_ENOMEM;
		cand = (end - off + align - 1u) & ~(align - 1u);
	}
	if (cand > UINT64_MAX - off - size || cand + off + size > m->pa_end)
		return SMMUV3_ENOMEM;
	*pa = cand + off;
	return 0;
}

/* Caller holds state_lock. Inserts keeping the registry sorted by PA. */
static int region_insert(struct smmuv3_mock *m, uintptr_t base, smmuv3_pa_t pa,
			 size_t size, bool allocated)
{
	struct smmuv3_mock_region *r = malloc(sizeof(*r));
	struct smmuv3_mock_region **pp;

	if (!r)
		return SMMUV3_ENOMEM;
	r->base = base;
	r->pa = pa;
	r->size = size;
	r->allocated = allocated;
	for (pp = &m->regions; *pp && (*pp)->pa < pa; pp = &(*pp)->next)
		;
	r->next = *pp;
	*pp = r;
	return 0;
}

/* Caller holds state_lock; returns the removed region (to free) or NULL. */
static struct smmuv3_mock_region *region_unlink(struct smmuv3_mock *m,
						uintptr_t base)
{
	struct smmuv3_mock_region **pp;

	for (pp = &m->regions; *pp; pp = &(*pp)->next) {
		struct smmuv3_mock_region *r = *pp;

		if (r->base == base) {
			*pp = r->next;
			return r;
		}
	}
	return NULL;
}

/* Caller holds state_lock: the region holding physical [pa, pa + len). */
static const struct smmuv3_mock_region *
region_by_pa(const struct smmuv3_mock *m, uint64_t pa, size_t len)
{
	const struct smmuv3_mock_region *r;

	for (r = m->regions; r && r->pa <= pa; r = r->next) {
		if (len <= r->size && pa - r->pa <= r->size - len)
			return r;
	}
	return NULL;
}

/* Caller holds state_lock: the region holding host [va, va + len). */
static const struct smmuv3_mock_region *
region_by_va(const struct smmuv3_mock *m, uintptr_t va, size_t len)
{
	const struct smmuv3_mock_region *r;

	for (r = m->regions; r; r = r->next) {
		if (va >= r->base && len <= r->size &&
		    va - r->base <= r->size - len)
			return r;
	}
	return NULL;
}

static void *mock_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct smmuv3_mock *m = ctx;
	smmuv3_pa_t phys;
	size_t rounded;
	bool fail;
	void *p;

	if (!pa || size == 0 || align == 0 || (align & (align - 1)) != 0)
		return NULL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	if (size > SIZE_MAX - align)
		return NULL;
	st_lock(m);
	m->n_alloc_calls++;
	fail = m->fail_nth != 0 && m->n_alloc_calls == m->fail_nth;
	st_unlock(m);
	if (fail)
		return NULL;
	rounded = (size + align - 1) & ~(align - 1);
	p = aligned_alloc(align, rounded);
	if (!p)
		return NULL;
	memset(p, 0, rounded);
	st_lock(m);
	/* Naturally aligned: the PA has the alignment asked for. */
	if (pa_reserve(m, size, align, 0, &phys) != 0 ||
	    region_insert(m, (uintptr_t)p, phys, size, true) != 0) {
		st_unlock(m);
		free(p);
		return NULL;
	}
	m->n_alloc++;
	m->bytes_live += size;
	st_unlock(m);
	if (m->dev && m->dev->on_alloc)
		m->dev->on_alloc(m->dev_ctx, p, size);
	*pa = phys;
	return p;
}

static void mock_free(void *ctx, void *va, size_t size)
{
	struct smmuv3_mock *m = ctx;
	struct smmuv3_mock_region *r;

	if (!va)
		return;
	if (m->dev && m->dev->on_free)
		m->dev->on_free(m->dev_ctx, va, size);
	st_lock(m);
	r = region_unlink(m, (uintptr_t)va);
	if (r) {
		m->n_free++;
		m->bytes_live -= r->size;
	}
	st_unlock(m);
	/* Freeing something alloc() did not return is a test bug: leak it
	 * rather than corrupt the heap, the live count shows it. */
	if (r) {
		if (r->allocated)
			free(va);
		free(r);
	}
}

static int mock_virt_to_phys(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	if (!va || !pa)
		return SMMUV3_EFAULT;
	return smmuv3_mock_va_to_pa(ctx, va, 1, pa);
}

static void *mock_phys_to_virt(void *ctx, smmuv3_pa_t pa)
{
	return smmuv3_mock_pa_to_va(ctx, pa, 1);
}

static uint32_t mock_read32(void *ctx, uint32_t off)
{
	struct smmuv3_mock *m = ctx;

	if (!m->dev || !m->dev->read32)
		return 0;
	return m->dev->read32(m->dev_ctx, off);
}

static void mock_write32(void *ctx, uint32_t off, uint32_t v)
{
	struct smmuv3_mock *m = ctx;

	if (m->dev && m->dev->write32)
		m->dev->write32(m->dev_ctx, off, v);
}

static uint64_t mock_read64(void *ctx, uint32_t off)
{
	struct smmuv3_mock *m = ctx;

	if (!m->dev || !m->dev->read64)
		return 0;
	return m->dev->read64(m->dev_ctx, off);
}

static void mock_write64(void *ctx, uint32_t off, uint64_t v)
{
	struct smmuv3_mock *m = ctx;

	if (m->dev && m->dev->write64)
		m->dev->write64(m->dev_ctx, off, v);
}

static void mock_barrier(void *ctx, enum smmuv3_barrier kind)
{
	struct smmuv3_mock *m = ctx;

	/* The mutex pair orders memory like a full barrier between threads;
	 * the device (the model) runs in this process and sees memory in
	 * program order, so no fence instruction is needed. */
	st_lock(m);
	if ((unsigned int)kind < 4u)
		m->n_barrier[kind]++;
	st_unlock(m);
	if (m->dev && m->dev->barrier)
		m->dev->barrier(m->dev_ctx, kind);
}

static void mock_cache_clean(void *ctx, const void *va, size_t size)
{
	struct smmuv3_mock *m = ctx;

	st_lock(m);
	m->n_clean++;
	st_unlock(m);
	if (m->dev && m->dev->clean)
		m->dev->clean(m->dev_ctx, va, size);
}

static uint64_t mock_now_ns(void *ctx)
{
	struct smmuv3_mock *m = ctx;
	uint64_t t;

	st_lock(m);
	t = m->clock_ns;
	m->clock_ns += m->clock_step_ns;
	st_unlock(m);
	return t;
}

static void mock_delay_ns(void *ctx, uint64_t ns)
{
	struct smmuv3_mock *m = ctx;

	st_lock(m);
	m->clock_ns += ns;
	m->n_delay++;
	st_unlock(m);
	if (m->dev && m->dev->delay)
		m->dev->delay(m->dev_ctx, ns);
}

static void mock_wait_event(void *ctx)
{
	struct smmuv3_mock *m = ctx;

	st_lock(m);
	m->clock_ns += m->clock_step_ns;
	m->n_wait_event++;
	st_unlock(m);
	if (m->dev && m->dev->delay)
		m->dev->delay(m->dev_ctx, m->clock_step_ns);
}

static void mock_lock(void *ctx)
{
	struct smmuv3_mock *m = ctx;

	pthread_mutex_lock(&m->user_lock);
	__atomic_fetch_add(&m->n_lock, 1, __ATOMIC_RELAXED);
}

static void mock_unlock(void *ctx)
{
	struct smmuv3_mock *m = ctx;

	pthread_mutex_unlock(&m->user_lock);
}

#define MOCK_COMMON_OPS                                                        \
	.abi_version = SMMUV3_OSAL_ABI_VERSION, .alloc = mock_alloc,           \
	.free = mock_free, .virt_to_phys = mock_virt_to_phys,                  \
	.phys_to_virt = mock_phys_to_virt,                                     \
	.read32 = mock_read32, .write32 = mock_write32, .read64 = mock_read64, \
	.write64 = mock_write64, .barrier = mock_barrier,                      \
	.now_ns = mock_now_ns, .delay_ns = mock_delay_ns,                      \
	.wait_event = mock_wait_event, .lock = mock_lock,                      \
	.unlock = mock_unlock

const struct smmuv3_osal_ops smmuv3_mock_ops = {
	MOCK_COMMON_OPS,
};

const struct smmuv3_osal_ops smmuv3_mock_noncoherent_ops = {
	MOCK_COMMON_OPS,
	.cache_clean = mock_cache_clean,
};

int smmuv3_mock_init(struct smmuv3_mock *m,
		     const struct smmuv3_mock_device *dev, void *dev_ctx,
		     struct smmuv3_osal *out)
{
	if (!m || !out)
		return SMMUV3_EINVAL;
	memset(m, 0, sizeof(*m));
	m->dev = dev;
	m->dev_ctx = dev_ctx;
	m->clock_step_ns = 10000;
	m->pa_base = SMMUV3_MOCK_PA_BASE_DEFAULT;
	m->pa_end = SMMUV3_MOCK_PA_END_DEFAULT;
	if (pthread_mutex_init(&m->state_lock, NULL) != 0)
		return SMMUV3_ENOMEM;
	if (pthread_mutex_init(&m->user_lock, NULL) != 0) {
		pthread_mutex_destroy(&m->state_lock);
		return SMMUV3_ENOMEM;
	}
	out->ops = &smmuv3_mock_ops;
	out->ctx = m;
	return 0;
}

void smmuv3_mock_fini(struct smmuv3_mock *m)
{
	struct smmuv3_mock_region *r, *next;

	if (!m)
		return;
	for (r = m->regions; r; r = next) {
		next = r->next;
		if (r->allocated)
			free((void *)r->base);
		free(r);
	}
	m->regions = NULL;
	pthread_mutex_destroy(&m->user_lock);
	pthread_mutex_destroy(&m->state_lock);
}

void smmuv3_mock_set_device(struct smmuv3_mock *m,
			    const struct smmuv3_mock_device *dev, void *dev_ctx)
{
	m->dev = dev;
	m->dev_ctx = dev_ctx;
}

int smmuv3_mock_region_add_pa(struct smmuv3_mock *m, const void *va,
			      size_t size, smmuv3_pa_t *pa)
{
	uintptr_t v = (uintptr_t)va;
	uint64_t align = 4096;
	smmuv3_pa_t p;
	int ret;

	if (!m || !va || size == 0)
		return SMMUV3_EINVAL;
	/* Keep the buffer's alignment (up to 2 MiB) and its page offset. */
	while (align < (2u << 20) && (v & align) == 0)
		align <<= 1;
	st_lock(m);
	ret = pa_reserve(m, size, align, v & 4095u, &p);
	if (!ret)
		ret = region_insert(m, v, p, size, false);
	st_unlock(m);
	if (!ret && pa)
		*pa = p;
	return ret;
}

int smmuv3_mock_region_add(struct smmuv3_mock *m, const void *va, size_t size)
{
	return smmuv3_mock_region_add_pa(m, va, size, NULL);
}

void smmuv3_mock_region_remove(struct smmuv3_mock *m, const void *va)
{
	struct smmuv3_mock_region **pp, *r = NULL;

	st_lock(m);
	for (pp = &m->regions; *pp; pp = &(*pp)->next) {
		/* Allocations are not ours to remove this way. */
		if ((*pp)->base == (uintptr_t)va && !(*pp)->allocated) {
			r = *pp;
			*pp = r->next;
			break;
		}
	}
	st_unlock(m);
	free(r);
}

bool smmuv3_mock_pa_valid(struct smmuv3_mock *m, smmuv3_pa_t pa, size_t len)
{
	return smmuv3_mock_region_find(m, pa, len, NULL, NULL);
}

bool smmuv3_mock_region_find(struct smmuv3_mock *m, smmuv3_pa_t pa, size_t len,
			     uintptr_t *base, size_t *size)
{
	const struct smmuv3_mock_region *r;

	if (len == 0)
		len = 1;
	st_lock(m);
	r = region_by_pa(m, pa, len);
	if (r && base)
		*base = r->base;
	if (r && size)
		*size = r->size;
	st_unlock(m);
	return r != NULL;
}

void *smmuv3_mock_pa_to_va(struct smmuv3_mock *m, smmuv3_pa_t pa, size_t len)
{
	const struct smmuv3_mock_region *r;
	void *va = NULL;

	if (len == 0)
		len = 1;
	st_lock(m);
	r = region_by_pa(m, pa, len);
	if (r)
		va = (void *)(r->base + (uintptr_t)(pa - r->pa));
	st_unlock(m);
	return va;
}

int smmuv3_mock_va_to_pa(struct smmuv3_mock *m, const void *va, size_t len,
			 smmuv3_pa_t *pa)
{
	const struct smmuv3_mock_region *r;

	if (!m || !va || !pa)
		return SMMUV3_EINVAL;
	if (len == 0)
		len = 1;
	st_lock(m);
	r = region_by_va(m, (uintptr_t)va, len);
	if (r)
		*pa = r->pa + ((uintptr_t)va - r->base);
	st_unlock(m);
	return r ? 0 : SMMUV3_EFAULT;
}

uint64_t smmuv3_mock_time(struct smmuv3_mock *m)
{
	uint64_t t;

	st_lock(m);
	t = m->clock_ns;
	st_unlock(m);
	return t;
}

uint64_t smmuv3_mock_live_allocs(struct smmuv3_mock *m)
{
	uint64_t n;

	st_lock(m);
	n = m->n_alloc - m->n_free;
	st_unlock(m);
	return n;
}
