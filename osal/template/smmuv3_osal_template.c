// SPDX-License-Identifier: BSD-2-Clause
/*
 * The copy-me OSAL port. Copy this file into your platform, rename the
 * "tmpl_" functions, fill in each body, and hand &tmpl_ops plus your
 * context to the library. Every operation says whether it is required,
 * when it is called, whether it may block and in which units it works;
 * docs/porting.md says the same at more length. This file compiles as it
 * is (the build checks it), but every stub fails or does nothing: it is
 * not a working port.
 */
#include <smmuv3/err.h>
#include <smmuv3/osal.h>

/* Your per-SMMU context: register base, allocator handle, lock... */
struct tmpl_ctx {
	volatile uint8_t *mmio; /* virtual address of the SMMU register page 0 */
};

/*
 * REQUIRED. Zeroed, DMA-visible memory of @size bytes aligned to @align (a
 * power of two; the library asks for natural alignment of queues and up to
 * 64 KiB for tables). Store the bus/physical address the SMMU must use in
 * *@pa. Called at init and when tables grow (page-table map, on-demand L2
 * stream/CD tables): may block unless you promise otherwise to your own
 * callers. The memory must be mapped Normal, Inner/Outer Write-Back
 * cacheable (or Non-cacheable with cache_clean below for a non-coherent SMMU).
 * Return NULL on failure: the library then leaves its state unchanged.
 */
static void *tmpl_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	(void)ctx;
	(void)size;
	(void)align;
	(void)pa;
	return NULL;
}

/* REQUIRED. Give back memory from tmpl_alloc(); @size is the size asked for. */
static void tmpl_free(void *ctx, void *va, size_t size)
{
	(void)ctx;
	(void)va;
	(void)size;
}

/* REQUIRED. Physical address of @va (inside memory from tmpl_alloc()). */
static int tmpl_virt_to_phys(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	(void)ctx;
	(void)va;
	(void)pa;
	return SMMUV3_EFAULT;
}

/*
 * REQUIRED for page tables (smmuv3_pgtbl_init() refuses a port without it
 * unless the table has its own allocation context). The mirror of
 * tmpl_virt_to_phys(): virtual address of @pa inside memory from
 * tmpl_alloc(), NULL otherwise. Called at every step of a page-table walk:
 * make it cheap (a linear offset for a linear map).
 */
static void *tmpl_phys_to_virt(void *ctx, smmuv3_pa_t pa)
{
	(void)ctx;
	(void)pa;
	return NULL;
}

/*
 * REQUIRED. 32/64-bit MMIO at @off bytes from the SMMU base (page 1 is at
 * +0x10000). Single accesses of exactly that width to a Device-nGnRE
 * mapping; no barrier implied (the library calls barrier() where needed).
 */
static uint32_t tmpl_read32(void *ctx, uint32_t off)
{
	const struct tmpl_ctx *c = ctx;

	return *(volatile const uint32_t *)(c->mmio + off);
}

static void tmpl_write32(void *ctx, uint32_t off, uint32_t v)
{
	const struct tmpl_ctx *c = ctx;

	*(volatile uint32_t *)(c->mmio + off) = v;
}

static uint64_t tmpl_read64(void *ctx, uint32_t off)
{
	const struct tmpl_ctx *c = ctx;

	return *(volatile const uint64_t *)(c->mmio + off);
}

static void tmpl_write64(void *ctx, uint32_t off, uint64_t v)
{
	const struct tmpl_ctx *c = ctx;

	*(volatile uint64_t *)(c->mmio + off) = v;
}

/*
 * REQUIRED. Barriers by intent (see enum smmuv3_barrier). On AArch64:
 * MEM_PUBLISH "dmb oshst", MMIO_PUBLISH "dsb st", MMIO_CONSUME "dsb ld"
 * (or "dmb oshld"), FULL "dsb sy". Never a no-op on real hardware.
 */
static void tmpl_barrier(void *ctx, enum smmuv3_barrier kind)
{
	(void)ctx;
	(void)kind;
}

/*
 * OPTIONAL: leave NULL when the SMMU's table walks and queue accesses are
 * cache-coherent (IDR0.COHACC and firmware "dma-coherent"). Otherwise clean
 * [@va, @va + @size) to the point of coherency ("dc cvac" per line, then
 * "dsb sy").
 */
static void tmpl_cache_clean(void *ctx, const void *va, size_t size)
{
	(void)ctx;
	(void)va;
	(void)size;
}

/* REQUIRED. Monotonic nanoseconds (any epoch); used only for deadlines. */
static uint64_t tmpl_now_ns(void *ctx)
{
	(void)ctx;
	return 0;
}

/* REQUIRED. Wait at least @ns; may spin; called between register polls. */
static void tmpl_delay_ns(void *ctx, uint64_t ns)
{
	(void)ctx;
	(void)ns;
}

/*
 * OPTIONAL. "wfe" with a bounded wake-up (an event stream or timer): used
 * only to wait for a CMD_SYNC signalled with SEV. NULL: delay_ns polling.
 */
static void tmpl_wait_event(void *ctx)
{
	(void)ctx;
}

/*
 * OPTIONAL pair, both or neither. Serialise command-queue producers (e.g.
 * a spinlock with interrupts masked). Never called recursively. NULL: you
 * guarantee a single producer per queue.
 */
static void tmpl_lock(void *ctx)
{
	(void)ctx;
}

static void tmpl_unlock(void *ctx)
{
	(void)ctx;
}

/* OPTIONAL. Structured log events (ev->what is a static string). */
static void tmpl_log(void *ctx, const struct smmuv3_log_event *ev)
{
	(void)ctx;
	(void)ev;
}

const struct smmuv3_osal_ops tmpl_ops;
const struct smmuv3_osal_ops tmpl_ops = {
	.abi_version = SMMUV3_OSAL_ABI_VERSION,
	.alloc = tmpl_alloc,
	.free = tmpl_free,
	.virt_to_phys = tmpl_virt_to_phys,
	.phys_to_virt = tmpl_phys_to_virt,
	.read32 = tmpl_read32,
	.write32 = tmpl_write32,
	.read64 = tmpl_read64,
	.write64 = tmpl_write64,
	.barrier = tmpl_barrier,
	.cache_clean = tmpl_cache_clean,
	.now_ns = tmpl_now_ns,
	.delay_ns = tmpl_delay_ns,
	.wait_event = tmpl_wait_event,
	.lock = tmpl_lock,
	.unlock = tmpl_unlock,
	.log = tmpl_log,
};
