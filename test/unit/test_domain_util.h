/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the domain tests: SMMU models brought up through the library,
 * and one "physical memory" several models see at the same addresses (a
 * real system has one PA space for all its SMMUs; each model has its own
 * mock port, so a shared region is registered at the same PA in each and a
 * small OSAL allocates the domain's tables from it).
 */
#ifndef TEST_DOMAIN_UTIL_H
#define TEST_DOMAIN_UTIL_H

#include <stdlib.h>
#include <string.h>

#include <smmuv3/domain.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

/* Where every model's port starts its PA space: the shared region. */
#define TD_PA_BASE 0x80000000ull
#define TD_SHARED_SIZE (32u << 20)

struct td_smmu {
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct smmuv3_dev dev;
};

/* The shared memory and its allocator (a bump pointer; free is a no-op). */
struct td_shared {
	uint8_t *base;
	smmuv3_pa_t pa;
	size_t size, used;
	struct smmuv3_osal inner; /* barriers etc. of the first model */
	struct smmuv3_osal osal;  /* what the domain gets */
};

static void *td_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct td_shared *s = ctx;
	size_t off = (s->used + align - 1) & ~(align - 1);

	if (off + size > s->size)
		return NULL;
	s->used = off + size;
	memset(s->base + off, 0, size);
	*pa = s->pa + off;
	return s->base + off;
}

static void td_free(void *ctx, void *va, size_t size)
{
	(void)ctx;
	(void)va;
	(void)size;
}

static int td_v2p(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	struct td_shared *s = ctx;
	const uint8_t *p = va;

	if (p < s->base || p >= s->base + s->size)
		return SMMUV3_EFAULT;
	*pa = s->pa + (smmuv3_pa_t)(p - s->base);
	return 0;
}

static void *td_p2v(void *ctx, smmuv3_pa_t pa)
{
	struct td_shared *s = ctx;

	if (pa < s->pa || pa - s->pa >= s->size)
		return NULL;
	return s->base + (size_t)(pa - s->pa);
}

static uint32_t td_r32(void *ctx, uint32_t o)
{
	struct td_shared *s = ctx;

	return s->inner.ops->read32(s->inner.ctx, o);
}

static void td_w32(void *ctx, uint32_t o, uint32_t v)
{
	struct td_shared *s = ctx;

	s->inner.ops->write32(s->inner.ctx, o, v);
}

static uint64_t td_r64(void *ctx, uint32_t o)
{
	struct td_shared *s = ctx;

	return s->inner.ops->read64(s->inner.ctx, o);
}

static void td_w64(void *ctx, uint32_t o, uint64_t v)
{
	struct td_shared *s = ctx;

	s->inner.ops->write64(s->inner.ctx, o, v);
}

static void td_barrier(void *ctx, enum smmuv3_barrier k)
{
	struct td_shared *s = ctx;

	s->inner.ops->barrier(s->inner.ctx, k);
}

static uint64_t td_now(void *ctx)
{
	struct td_shared *s = ctx;

	return s->inner.ops->now_ns(s->inner.ctx);
}

static void td_delay(void *ctx, uint64_t ns)
{
	struct td_shared *s = ctx;

	s->inner.ops->delay_ns(s->inner.ctx, ns);
}

static const struct smmuv3_osal_ops td_ops = {
	.abi_version = SMMUV3_OSAL_ABI_VERSION,
	.alloc = td_alloc,
	.free = td_free,
	.virt_to_phys = td_v2p,
	.phys_to_virt = td_p2v,
	.read32 = td_r32,
	.write32 = td_w32,
	.read64 = td_r64,
	.write64 = td_w64,
	.barrier = td_barrier,
	.now_ns = td_now,
	.delay_ns = td_delay,
};

/*
 * A model of @cfg whose PA space starts with the shared region (registered
 * first, so at TD_PA_BASE in every model), probed, initialised, enabled.
 */
static void td_smmu_up(struct td_smmu *t, struct smmuv3_model_config *cfg,
		       struct td_shared *sh)
{
	smmuv3_pa_t pa = 0;

	cfg->pa_base = TD_PA_BASE;
	assert_int_equal(smmuv3_model_create(cfg, &t->m), 0);
	t->osal = smmuv3_model_osal(t->m);
	if (sh) {
		if (!sh->base) {
			sh->base = aligned_alloc(2u << 20, TD_SHARED_SIZE);
			assert_non_null(sh->base);
			sh->size = TD_SHARED_SIZE;
			sh->inner = t->osal;
			sh->osal.ops = &td_ops;
			sh->osal.ctx = sh;
		}
		assert_int_equal(
			smmuv3_mock_region_add_pa(smmuv3_model_mock(t->m),
						  sh->base, sh->size, &pa),
			0);
		assert_true(pa == TD_PA_BASE);
		sh->pa = pa;
	}
	assert_int_equal(smmuv3_dev_probe(&t->dev, &t->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&t->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&t->dev), 0);
}

static void td_smmu_down(struct td_smmu *t)
{
	smmuv3_dev_fini(&t->dev);
	smmuv3_model_destroy(t->m);
}

static struct smmuv3_model_result
td_access(struct smmuv3_model *m, uint32_t sid, uint64_t va, unsigned int acc)
{
	struct smmuv3_model_result r;

	assert_int_equal(smmuv3_model_access(m, sid, false, 0, va, acc, &r), 0);
	return r;
}

/* Commands with opcode @op in the model's log from index @from. */
static unsigned int td_count_op(struct smmuv3_model *m, unsigned int from,
				uint8_t op)
{
	unsigned int n = 0, total = smmuv3_model_cmd_log_count(m);

	for (unsigned int i = from; i < total; i++) {
		struct smmuv3_model_cmd c;

		assert_int_equal(smmuv3_model_cmd_log_get(m, i, &c), 0);
		if ((c.dw[0] & 0xff) == op)
			n++;
	}
	return n;
}

#endif /* TEST_DOMAIN_UTIL_H */
