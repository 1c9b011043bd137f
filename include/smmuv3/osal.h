/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The OS abstraction layer: everything libsmmuv3 needs from a platform.
 *
 * A port fills one constant struct smmuv3_osal_ops; the library holds a
 * struct smmuv3_osal (ops + the port's context pointer) inside each
 * caller-owned object, so several SMMUs, even behind different ports, can
 * live in one image. The library never calls anything outside this table.
 * docs/porting.md documents each operation; smmuv3_osal_validate() checks a
 * port at init.
 */
#ifndef SMMUV3_OSAL_H
#define SMMUV3_OSAL_H

#include <smmuv3/types.h>

/* Bumped when struct smmuv3_osal_ops changes incompatibly. */
#define SMMUV3_OSAL_ABI_VERSION 2u

/* Barriers, named by the ordering they provide rather than by instruction. */
enum smmuv3_barrier {
	/*
	 * Normal-memory writes before this point are observed by the SMMU
	 * (table walker, queue consumer) before normal-memory writes after it.
	 * Used before publishing a table pointer. AArch64: DMB OSHST.
	 */
	SMMUV3_BARRIER_MEM_PUBLISH = 0,
	/*
	 * Normal-memory writes (queue entries, tables) before this point are
	 * visible to the SMMU before a following MMIO write (a PROD doorbell).
	 * AArch64: DSB ST (or DMB OSHST where the port knows that suffices).
	 */
	SMMUV3_BARRIER_MMIO_PUBLISH = 1,
	/*
	 * An MMIO read (a PROD or CONS index) before this point completes
	 * before normal-memory reads after it (reading the entries it
	 * announces). AArch64: DMB OSHLD (DSB LD with Device-nGnRE reads).
	 */
	SMMUV3_BARRIER_MMIO_CONSUME = 2,
	/* Full two-way barrier for everything. AArch64: DSB SY. */
	SMMUV3_BARRIER_FULL = 3,
};

/* Structured log events: no format strings cross the OSAL. */
enum smmuv3_log_level {
	SMMUV3_LOG_ERR = 0,
	SMMUV3_LOG_WARN = 1,
	SMMUV3_LOG_INFO = 2,
	SMMUV3_LOG_DEBUG = 3,
};

struct smmuv3_log_event {
	enum smmuv3_log_level level;
	const char *what;   /* static text, e.g. "CMD_SYNC timeout" */
	int err;            /* related SMMUV3_E* code, or 0 */
	uint64_t arg[4];    /* event-specific values, documented at the call */
};

/*
 * Operations. "Required" ops must be non-NULL (smmuv3_osal_validate());
 * optional ones may be NULL and the library falls back as documented.
 * Unless stated, ops may be called with the port's lock held and must not
 * call back into the library.
 */
struct smmuv3_osal_ops {
	uint32_t abi_version; /* must be SMMUV3_OSAL_ABI_VERSION */

	/*
	 * Required. Allocate @size bytes of zeroed memory aligned to @align (a
	 * power of two >= 8) that the SMMU can read and write (DMA-visible),
	 * store its physical address in *@pa and return its virtual address,
	 * or NULL on failure. May block unless the port says otherwise.
	 */
	void *(*alloc)(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa);
	/* Required. Free memory from alloc(); @size as allocated. */
	void (*free)(void *ctx, void *va, size_t size);
	/*
	 * Required. Physical address of @va, which lies inside memory from
	 * alloc(). Return 0 on success or SMMUV3_EFAULT.
	 */
	int (*virt_to_phys)(void *ctx, const void *va, smmuv3_pa_t *pa);
	/*
	 * Required by the page-table code (smmuv3_pgtbl_init() refuses a port
	 * without it unless the table brings its own allocation context),
	 * optional otherwise. The mirror of virt_to_phys(): the virtual
	 * address of physical address @pa, which lies inside memory from
	 * alloc(); NULL if it does not. Called at every step of a table walk,
	 * so keep it cheap (typically a linear offset). Never blocks.
	 */
	void *(*phys_to_virt)(void *ctx, smmuv3_pa_t pa);

	/* Required. MMIO at byte @offset from the SMMU's register base. */
	uint32_t (*read32)(void *ctx, uint32_t offset);
	void (*write32)(void *ctx, uint32_t offset, uint32_t value);
	uint64_t (*read64)(void *ctx, uint32_t offset);
	void (*write64)(void *ctx, uint32_t offset, uint64_t value);

	/* Required. See enum smmuv3_barrier. */
	void (*barrier)(void *ctx, enum smmuv3_barrier kind);

	/*
	 * Optional (NULL: the SMMU's walks are cache-coherent). Clean the data
	 * cache lines covering [@va, @va + @size) to the point of coherency so
	 * that a non-coherent table walker sees the writes.
	 */
	void (*cache_clean)(void *ctx, const void *va, size_t size);

	/* Required. A monotonic clock in nanoseconds, for deadlines. */
	uint64_t (*now_ns)(void *ctx);
	/* Required. Wait at least @ns nanoseconds (may spin). */
	void (*delay_ns)(void *ctx, uint64_t ns);
	/*
	 * Optional. Wait for an event (AArch64 WFE) for at most a short,
	 * bounded time; used only when the SMMU signals CMD_SYNC with SEV.
	 * NULL: the library polls with delay_ns().
	 */
	void (*wait_event)(void *ctx);

	/*
	 * Optional pair (both or neither). Mutual exclusion for command-queue
	 * producers. NULL: the caller guarantees a single producer.
	 */
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);

	/* Optional. Receive a structured log event. */
	void (*log)(void *ctx, const struct smmuv3_log_event *ev);
};

/* What each library object holds: the port's operations and its context. */
struct smmuv3_osal {
	const struct smmuv3_osal_ops *ops;
	void *ctx;
};

/**
 * smmuv3_osal_validate() - check that a port is usable.
 * @osal: the port.
 *
 * phys_to_virt is not checked here (the page-table code needs it and checks
 * it in smmuv3_pgtbl_init()).
 * Return: 0; SMMUV3_EINVAL if @osal or its ops are NULL or the ABI version
 * differs; SMMUV3_ENOSYS if a required operation is missing or only one of
 * lock/unlock is given.
 * On error: nothing changed (the check only reads @osal).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_osal_validate(const struct smmuv3_osal *osal);

#endif /* SMMUV3_OSAL_H */
