/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mock OSAL port, for host-side tests. MMIO accesses and barriers are
 * routed to a device (a table of callbacks plus a context: the behavioural
 * model of test/model, or any test fake); memory comes from the heap with
 * a physical address of the port's own (below), and every live allocation
 * is kept in a registry so that a device can refuse DMA outside it (an
 * external abort);
 * time is a virtual clock that advances by a fixed step on every now_ns()
 * and by the requested amount on delay_ns(), so timeouts are instant and
 * deterministic; the lock is a pthread mutex; allocation failures can be
 * injected (fail the N-th).
 *
 * The registry and the counters are thread-safe (one internal mutex); the
 * device callbacks are called without any mock lock held.
 *
 * Physical addresses are not host addresses: the port has its own physical
 * address space, [pa_base, pa_end) (by default [0x8000_0000, 2^32), so a
 * 32-bit OAS suffices), and hands out naturally aligned ranges of it
 * first-fit, so freed space is reused. Each registered region maps one PA
 * range onto one host buffer; virt_to_phys() and smmuv3_mock_pa_to_va()
 * translate through the registry. Code that uses a host pointer where a
 * physical address is due (or the reverse) therefore reaches no memory.
 */
#ifndef SMMUV3_OSAL_MOCK_H
#define SMMUV3_OSAL_MOCK_H

#include <pthread.h>

#include <smmuv3/osal.h>

/*
 * The device behind the mock's MMIO. read32/write32/read64/write64 are
 * required; the rest are optional observers: barrier and delay (the model
 * records barriers in its access log and advances a slow consumer on
 * delays), on_alloc/on_free (after an allocation is registered, before it
 * is released; host addresses) and clean (each cache_clean() call, with
 * the non-coherent ops; host addresses). Unset reads return 0, unset
 * writes are dropped.
 */
struct smmuv3_mock_device {
	uint32_t (*read32)(void *ctx, uint32_t offset);
	void (*write32)(void *ctx, uint32_t offset, uint32_t value);
	uint64_t (*read64)(void *ctx, uint32_t offset);
	void (*write64)(void *ctx, uint32_t offset, uint64_t value);
	void (*barrier)(void *ctx, enum smmuv3_barrier kind);
	void (*delay)(void *ctx, uint64_t ns);
	void (*on_alloc)(void *ctx, void *va, size_t size);
	void (*on_free)(void *ctx, void *va, size_t size);
	void (*clean)(void *ctx, const void *va, size_t size);
};

/* One registered memory region (an allocation or test-owned memory). */
struct smmuv3_mock_region {
	uintptr_t base; /* host (virtual) address */
	smmuv3_pa_t pa; /* physical address of base */
	size_t size;
	bool allocated; /* from alloc() (else smmuv3_mock_region_add()) */
	struct smmuv3_mock_region *next;
};

struct smmuv3_mock {
	const struct smmuv3_mock_device *dev;
	void *dev_ctx;

	/* Virtual clock: now_ns() returns the time, then adds clock_step_ns. */
	uint64_t clock_ns;
	uint64_t clock_step_ns;

	/* The physical address space [pa_base, pa_end) that alloc() and
	 * smmuv3_mock_region_add() take PAs from. smmuv3_mock_init() sets
	 * SMMUV3_MOCK_PA_BASE_DEFAULT and SMMUV3_MOCK_PA_END_DEFAULT; change
	 * them before the first allocation. */
	smmuv3_pa_t pa_base, pa_end;

	/* Allocation-failure injection: fail attempt number fail_nth
	 * (1-based, counting every alloc() call); 0 = never. */
	uint64_t fail_nth;

	/* Statistics, updated under the port's internal mutex (n_lock with
	 * an atomic add). There is no snapshot function: read them plainly
	 * once the threads that use the port are done (or stopped). */
	uint64_t n_alloc_calls, n_alloc, n_free, bytes_live;
	uint64_t n_clean, n_barrier[4], n_delay, n_wait_event;
	uint64_t n_lock;

	/* Private. */
	struct smmuv3_mock_region *regions;
	pthread_mutex_t state_lock; /* registry and counters */
	pthread_mutex_t user_lock;  /* the OSAL lock()/unlock() */
};

#define SMMUV3_MOCK_PA_BASE_DEFAULT 0x80000000ull
#define SMMUV3_MOCK_PA_END_DEFAULT 0x100000000ull

/* Operations without cache_clean (coherent walker) and with it (counts). */
extern const struct smmuv3_osal_ops smmuv3_mock_ops;
extern const struct smmuv3_osal_ops smmuv3_mock_noncoherent_ops;

/**
 * smmuv3_mock_init() - set up a mock port.
 * @m: caller-owned port state (zeroed here).
 * @dev: the device behind the MMIO ops, or NULL (reads return 0).
 * @dev_ctx: its context.
 * @out: receives {&smmuv3_mock_ops, m}.
 * The clock starts at 0 with a step of 10000 ns (10 us); the physical
 * space is [SMMUV3_MOCK_PA_BASE_DEFAULT, SMMUV3_MOCK_PA_END_DEFAULT).
 * Return: 0; SMMUV3_EINVAL if @m or @out is NULL; SMMUV3_ENOMEM if a mutex
 * cannot be created.
 * On error: nothing to undo (*@out unchanged; *@m may have been zeroed).
 */
int smmuv3_mock_init(struct smmuv3_mock *m,
		     const struct smmuv3_mock_device *dev, void *dev_ctx,
		     struct smmuv3_osal *out);

/**
 * smmuv3_mock_fini() - free every allocation still registered and destroy the
 * mutexes.
 * @m: the port (initialised by smmuv3_mock_init()).
 * Return: nothing.
 */
void smmuv3_mock_fini(struct smmuv3_mock *m);

/**
 * smmuv3_mock_set_device() - attach (or replace) the device behind the MMIO
 * ops; not while another thread does MMIO.
 * @m: the port (initialised by smmuv3_mock_init()).
 * @dev: the device, or NULL.
 * @dev_ctx: its context.
 * Return: nothing.
 */
void smmuv3_mock_set_device(struct smmuv3_mock *m,
			    const struct smmuv3_mock_device *dev,
			    void *dev_ctx);

/**
 * smmuv3_mock_region_add_pa() - register test-owned memory as DMA-visible.
 * @m: the port (initialised by smmuv3_mock_init()).
 * @va: the memory.
 * @size: its size in bytes.
 * @pa: receives its physical address (may be NULL).
 * The PA comes from the port's physical space; it keeps @va's alignment up
 * to 2 MiB and @va's offset in its 4 KiB page.
 * Return: 0; SMMUV3_EINVAL for a NULL or empty region; SMMUV3_ENOMEM when
 * there is no memory or no free physical range.
 * On error: nothing is registered.
 */
int smmuv3_mock_region_add_pa(struct smmuv3_mock *m, const void *va,
			      size_t size, smmuv3_pa_t *pa);

/**
 * smmuv3_mock_region_add() - smmuv3_mock_region_add_pa() without the PA
 * (virt_to_phys() gives it).
 * @m: the port (initialised by smmuv3_mock_init()).
 * @va: the memory.
 * @size: its size in bytes.
 * Return: as smmuv3_mock_region_add_pa(): 0; SMMUV3_EINVAL; SMMUV3_ENOMEM.
 * On error: nothing is registered.
 */
int smmuv3_mock_region_add(struct smmuv3_mock *m, const void *va, size_t size);

/**
 * smmuv3_mock_region_remove() - unregister memory added with
 * smmuv3_mock_region_add(); its PA range is free again.
 * @m: the port (initialised by smmuv3_mock_init()).
 * @va: the address it was added with (unknown addresses are ignored).
 * Return: nothing.
 */
void smmuv3_mock_region_remove(struct smmuv3_mock *m, const void *va);

/**
 * smmuv3_mock_pa_valid() - whether physical memory is registered.
 * @m: the port (initialised by smmuv3_mock_init()).
 * @pa: first physical address.
 * @len: length in bytes (0 is treated as 1).
 * Return: true if [@pa, @pa + @len) lies entirely inside one registered
 * region.
 */
bool smmuv3_mock_pa_valid(struct smmuv3_mock *m, smmuv3_pa_t pa, size_t len);

/**
 * smmuv3_mock_pa_to_va() - the host address of physical memory.
 * @m: the port (initialised by smmuv3_mock_init()).
 * @pa: first physical address.
 * @len: length in bytes (0 is treated as 1).
 * Return: the host address of @pa, or NULL unless [@pa, @pa + @len) lies
 * entirely inside one registered region.
 */
void *smmuv3_mock_pa_to_va(struct smmuv3_mock *m, smmuv3_pa_t pa, size_t len);

/**
 * smmuv3_mock_va_to_pa() - the physical address of host memory (the port's
 * virt_to_phys() with a length).
 * @m: the port (initialised by smmuv3_mock_init()).
 * @va: first host address.
 * @len: length in bytes.
 * @pa: receives the physical address of @va.
 * Return: 0; SMMUV3_EFAULT unless [@va, @va + @len) lies entirely inside
 * one registered region; SMMUV3_EINVAL for NULL pointers.
 * On error: *@pa is unchanged.
 */
int smmuv3_mock_va_to_pa(struct smmuv3_mock *m, const void *va, size_t len,
			 smmuv3_pa_t *pa);

/**
 * smmuv3_mock_time() - the current virtual time, without advancing it.
 * @m: the port (initialised by smmuv3_mock_init()).
 * Return: nanoseconds of virtual time.
 */
uint64_t smmuv3_mock_time(struct smmuv3_mock *m);

/**
 * smmuv3_mock_region_find() - the registered region holding physical memory.
 * @m: the port (initialised by smmuv3_mock_init()).
 * @pa: first physical address.
 * @len: length in bytes.
 * @base: receives the region's host address.
 * @size: receives its size.
 * Return: true if [@pa, @pa + @len) lies inside one region (then *@base
 * and *@size are written).
 */
bool smmuv3_mock_region_find(struct smmuv3_mock *m, smmuv3_pa_t pa, size_t len,
			     uintptr_t *base, size_t *size);

/**
 * smmuv3_mock_live_allocs() - allocations not yet freed.
 * @m: the port (initialised by smmuv3_mock_init()).
 * Return: the number of live allocations made through alloc().
 */
uint64_t smmuv3_mock_live_allocs(struct smmuv3_mock *m);

#endif /* SMMUV3_OSAL_MOCK_H */
