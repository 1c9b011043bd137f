/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bare-metal AArch64 OSAL port: no heap, no libc. Memory comes from a
 * caller-provided static arena (identity-mapped: PA == VA unless the caller
 * gives an offset), MMIO is a plain Device mapping of the SMMU registers,
 * barriers and cache maintenance are AArch64 instructions, time is the
 * generic timer (CNTVCT_EL0 / CNTFRQ_EL0). Also provides memcpy, memset,
 * memmove and memcmp, which the library may call.
 *
 * Not thread-safe by itself: give lock/unlock in a copy of the ops if
 * several CPUs produce commands.
 */
#ifndef SMMUV3_OSAL_BAREMETAL_H
#define SMMUV3_OSAL_BAREMETAL_H

#include <smmuv3/osal.h>

/* Granule of the arena allocator; every block is a multiple of it. */
#define SMMUV3_BM_CHUNK 64u

struct smmuv3_bm_free; /* free-list node, stored inside free memory */

struct smmuv3_baremetal {
	volatile uint8_t *mmio;     /* SMMU register base (Device memory) */
	uint8_t *arena;             /* SMMUV3_BM_CHUNK-aligned */
	size_t arena_size;
	uint64_t pa_offset;         /* PA = VA + pa_offset */
	struct smmuv3_bm_free *free_list;
	size_t bytes_free;
	bool noncoherent;           /* the SMMU walks without snooping caches */
};

extern const struct smmuv3_osal_ops smmuv3_baremetal_ops;
extern const struct smmuv3_osal_ops smmuv3_baremetal_noncoherent_ops;

/**
 * smmuv3_baremetal_init() - set up the port.
 * @bm: caller-owned state.
 * @mmio: SMMU register base (virtual address of a Device mapping).
 * @arena: memory the SMMU can access (DMA-visible), at least 64-byte aligned.
 * @size: arena size in bytes.
 * @pa_offset: physical minus virtual address of the arena (0 if identity).
 * @out: receives {ops, bm}: the non-coherent ops (with cache_clean) when
 * the caller set bm->noncoherent before the call.
 * Return: 0; SMMUV3_EINVAL if @out, @bm or @arena is NULL, @arena is not
 * SMMUV3_BM_CHUNK-aligned or @size is below SMMUV3_BM_CHUNK.
 * On error: *@out is unchanged.
 */
int smmuv3_baremetal_init(struct smmuv3_baremetal *bm, void *mmio, void *arena,
			  size_t size, uint64_t pa_offset,
			  struct smmuv3_osal *out);

/**
 * smmuv3_bm_arena_init() - the arena allocator alone (portable; used by
 * the ops above): make @arena one free block.
 * @bm: the state to hold the allocator.
 * @arena: the memory, SMMUV3_BM_CHUNK-aligned.
 * @size: its size (rounded down to SMMUV3_BM_CHUNK).
 * @pa_offset: physical minus virtual address of the arena.
 * Return: 0; SMMUV3_EINVAL if @bm or @arena is NULL, @arena is misaligned
 * or @size is below SMMUV3_BM_CHUNK.
 * On error: *@bm is unchanged.
 */
int smmuv3_bm_arena_init(struct smmuv3_baremetal *bm, void *arena, size_t size,
			 uint64_t pa_offset);

/**
 * smmuv3_bm_arena_alloc() - the port's alloc(): first fit from the arena.
 * @ctx: the struct smmuv3_baremetal.
 * @size: bytes (rounded up to SMMUV3_BM_CHUNK).
 * @align: power-of-two alignment (at least SMMUV3_BM_CHUNK is used).
 * @pa: receives the block's physical address.
 * Return: the zeroed block, or NULL if @size or @align is invalid or no
 * free block fits.
 */
void *smmuv3_bm_arena_alloc(void *ctx, size_t size, size_t align,
			    smmuv3_pa_t *pa);

/**
 * smmuv3_bm_arena_free() - the port's free(): return a block (merged with
 * its free neighbours).
 * @ctx: the struct smmuv3_baremetal.
 * @va: the block, or NULL (nothing happens).
 * @size: the size it was allocated with.
 * Return: nothing.
 */
void smmuv3_bm_arena_free(void *ctx, void *va, size_t size);

/**
 * smmuv3_bm_arena_virt_to_phys() - the port's virt_to_phys().
 * @ctx: the struct smmuv3_baremetal.
 * @va: an address inside the arena.
 * @pa: receives its physical address.
 * Return: 0; SMMUV3_EFAULT if @va is NULL or outside the arena.
 * On error: *@pa is unchanged.
 */
int smmuv3_bm_arena_virt_to_phys(void *ctx, const void *va, smmuv3_pa_t *pa);

/**
 * smmuv3_bm_arena_phys_to_virt() - the port's phys_to_virt().
 * @ctx: the struct smmuv3_baremetal.
 * @pa: a physical address inside the arena.
 * Return: its virtual address, or NULL if @pa is outside the arena.
 */
void *smmuv3_bm_arena_phys_to_virt(void *ctx, smmuv3_pa_t pa);

#endif /* SMMUV3_OSAL_BAREMETAL_H */
