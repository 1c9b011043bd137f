// SPDX-License-Identifier: BSD-2-Clause
/*
 * The bare-metal port's arena allocator, in portable C (no assembly) so the
 * host test suite can exercise it: a first-fit free list kept inside the
 * free memory itself, sorted by address and coalesced on free. Because the
 * OSAL passes the size back to free(), allocated blocks carry no header: a
 * table of exactly 4 KiB aligned to 4 KiB costs exactly 4 KiB.
 */
#include "smmuv3_osal_baremetal.h"

#include <smmuv3/err.h>

void *memset(void *dst, int c, size_t n);

struct smmuv3_bm_free {
	size_t size;
	struct smmuv3_bm_free *next;
};

static size_t round_chunk(size_t n)
{
	return (n + SMMUV3_BM_CHUNK - 1) & ~(size_t)(SMMUV3_BM_CHUNK - 1);
}

/* Insert [p, p + size) into the sorted free list, merging neighbours. */
static void bm_insert(struct smmuv3_baremetal *bm, uint8_t *p, size_t size)
{
	struct smmuv3_bm_free **link = &bm->free_list;
	struct smmuv3_bm_free *prev = NULL;
	struct smmuv3_bm_free *node = (struct smmuv3_bm_free *)(void *)p;

	while (*link && (uint8_t *)*link < p) {
		prev = *link;
		link = &(*link)->next;
	}
	node->size = size;
	node->next = *link;
	*link = node;
	if (node->next && p + size == (uint8_t *)node->next) {
		node->size += node->next->size;
		node->next = node->next->next;
	}
	if (prev && (uint8_t *)prev + prev->size == p) {
		prev->size += node->size;
		prev->next = node->next;
	}
	bm->bytes_free += size;
}

void *smmuv3_bm_arena_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct smmuv3_baremetal *bm = ctx;
	struct smmuv3_bm_free **link;

	if (size == 0 || align == 0 || (align & (align - 1)) != 0)
		return NULL;
	if (align < SMMUV3_BM_CHUNK)
		align = SMMUV3_BM_CHUNK;
	size = round_chunk(size);
	for (link = &bm->free_list; *link; link = &(*link)->next) {
		struct smmuv3_bm_free *blk = *link;
		uintptr_t start = (uintptr_t)blk;
		uintptr_t end = start + blk->size;
		uintptr_t a = (start + align - 1) & ~(uintptr_t)(align - 1);
		struct smmuv3_bm_free *next = blk->next;

		if (a < start || a + size > end || a + size < a)
			continue;
		/* Unlink, then give back the head and tail remainders. */
		*link = next;
		bm->bytes_free -= blk->size;
		if (a > start)
			bm_insert(bm, (uint8_t *)start, a - start);
		if (a + size < end)
			bm_insert(bm, (uint8_t *)(a + size), end - (a + size));
		memset((void *)a, 0, size);
		*pa = (smmuv3_pa_t)a + bm->pa_offset;
		return (void *)a;
	}
	return NULL;
}

void smmuv3_bm_arena_free(void *ctx, void *va, size_t size)
{
	struct smmuv3_baremetal *bm = ctx;

	if (!va || size == 0)
		return;
	bm_insert(bm, va, round_chunk(size));
}

int smmuv3_bm_arena_init(struct smmuv3_baremetal *bm, void *arena, size_t size,
			 uint64_t pa_offset)
{
	uintptr_t a = (uintptr_t)arena;

	if (!bm || !arena || (a & (SMMUV3_BM_CHUNK - 1)) != 0 ||
	    size < SMMUV3_BM_CHUNK)
		return SMMUV3_EINVAL;
	bm->arena = arena;
	bm->arena_size = size & ~(size_t)(SMMUV3_BM_CHUNK - 1);
	bm->pa_offset = pa_offset;
	bm->free_list = NULL;
	bm->bytes_free = 0;
	bm_insert(bm, arena, bm->arena_size);
	return 0;
}

int smmuv3_bm_arena_virt_to_phys(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	const struct smmuv3_baremetal *bm = ctx;
	const uint8_t *p = va;

	if (!p || p < bm->arena || p >= bm->arena + bm->arena_size)
		return SMMUV3_EFAULT;
	*pa = (smmuv3_pa_t)(uintptr_t)p + bm->pa_offset;
	return 0;
}

void *smmuv3_bm_arena_phys_to_virt(void *ctx, smmuv3_pa_t pa)
{
	const struct smmuv3_baremetal *bm = ctx;
	uint64_t off = pa - bm->pa_offset - (uint64_t)(uintptr_t)bm->arena;

	/* One unsigned compare: PAs below the arena wrap to huge offsets. */
	if (off >= bm->arena_size)
		return NULL;
	return bm->arena + off;
}
