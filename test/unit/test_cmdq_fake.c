// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fake command-queue consumer (see test_cmdq_fake.h). Register offsets
 * and bit positions are written here from IHI 0070 chapter 6 on purpose
 * (not taken from <smmuv3/hw/regs.h>), so the library is checked against
 * a second reading of the architecture.
 */
#define _DEFAULT_SOURCE /* usleep */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smmuv3/err.h>

#include "test_cmdq_fake.h"

/* IHI 0070 6.3: offsets. */
#define F_GERROR 0x60u
#define F_GERRORN 0x64u
#define F_CMDQ_BASE 0x90u
#define F_CMDQ_PROD 0x98u
#define F_CMDQ_CONS 0x9cu
/* 6.3.25 CMDQ_BASE: ADDR[51:5], LOG2SIZE[4:0]. */
#define F_BASE_ADDR 0x000fffffffffffe0ull
#define F_BASE_LOG2 0x1full

static struct cq_fake *F(void *ctx)
{
	return ctx;
}

static bool err_active(const struct cq_fake *f)
{
	return ((f->gerror ^ f->gerrorn) & 1u) != 0; /* CMDQ_ERR is bit 0 */
}

bool cq_fake_error_active(struct cq_fake *f)
{
	bool a;

	pthread_mutex_lock(&f->mu);
	a = err_active(f);
	pthread_mutex_unlock(&f->mu);
	return a;
}

static void raise_err(struct cq_fake *f, uint32_t code)
{
	f->cerr = code;
	f->gerror ^= 1u;
	f->n_errors++;
}

/* Opcodes defined for the Non-secure queue (4.1.1). */
static bool op_defined(unsigned int op)
{
	switch (op) {
	case 0x01: case 0x02: case 0x03: case 0x04: case 0x05: case 0x06:
	case 0x10: case 0x11: case 0x12: case 0x13:
	case 0x20: case 0x21: case 0x22: case 0x23:
	case 0x28: case 0x2a: case 0x30:
	case 0x40: case 0x41: case 0x44: case 0x45: case 0x46:
		return true;
	default:
		return false;
	}
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Consume up to @budget entries (device lock held). */
static void consume(struct cq_fake *f, uint64_t budget)
{
	unsigned int log2 = (unsigned int)(f->cmdq_base & F_BASE_LOG2);
	uint32_t wrapmask = (2u << log2) - 1u;
	uint8_t *mem = (uint8_t *)(uintptr_t)(f->cmdq_base & F_BASE_ADDR);

	while (budget-- && f->cons != f->prod && !err_active(f)) {
		uint8_t *slot = mem + (size_t)(f->cons & ((1u << log2) - 1u)) * 16u;
		uint64_t dw0 = le64(slot), dw1 = le64(slot + 8);
		unsigned int op = (unsigned int)(dw0 & 0xffu);

		if (f->ill_pending) {
			/* Still the same bytes at the same index: ILL again. */
			if (f->ill_index == f->cons && f->ill_dw0 == dw0 &&
			    f->ill_dw1 == dw1) {
				raise_err(f, 1);
				return;
			}
			f->ill_pending = false;
		}
		if (f->ill_at >= 0 && (uint64_t)f->ill_at == f->consumed) {
			f->ill_at = -1;
			f->ill_pending = true;
			f->ill_index = f->cons;
			f->ill_dw0 = dw0;
			f->ill_dw1 = dw1;
			raise_err(f, 1); /* CERROR_ILL */
			return;
		}
		if (op == 0x03 && f->ill_sid_bit &&
		    ((uint32_t)(dw0 >> 32) & f->ill_sid_bit)) {
			raise_err(f, 1); /* persistent: the entry itself */
			return;
		}
		if (f->abt_at >= 0 && (uint64_t)f->abt_at == f->consumed) {
			f->abt_at = -1;
			raise_err(f, 2); /* CERROR_ABT */
			return;
		}
		if (!op_defined(op)) {
			raise_err(f, 1);
			return;
		}
		if (op == 0x46 && f->atc_sync_armed && f->atc_seen) {
			f->atc_sync_armed = false;
			f->atc_seen = false;
			raise_err(f, 3); /* CERROR_ATC_INV_SYNC */
			return;
		}
		if (op == 0x40)
			f->atc_seen = true;
		if (op == 0x46) {
			unsigned int cs = (unsigned int)((dw0 >> 12) & 3u);
			uint64_t addr = dw1 & 0x000ffffffffffffcull;
			uint32_t data = (uint32_t)(dw0 >> 32);

			f->atc_seen = false;
			f->n_syncs++;
			if (cs == 1 && f->msi && addr) {
				uint8_t *p = (uint8_t *)(uintptr_t)addr;

				p[0] = (uint8_t)data;
				p[1] = (uint8_t)(data >> 8);
				p[2] = (uint8_t)(data >> 16);
				p[3] = (uint8_t)(data >> 24);
				f->n_msi++;
			}
			if (cs == 2 && f->sev)
				f->n_sev++;
		}
		if (f->log_n == f->log_cap) {
			size_t cap = f->log_cap ? f->log_cap * 2u : 1024u;
			struct cq_fake_entry *n =
				realloc(f->log, cap * sizeof(*n));

			if (!n)
				abort();
			f->log = n;
			f->log_cap = cap;
		}
		f->log[f->log_n].dw0 = dw0;
		f->log[f->log_n].dw1 = dw1;
		f->log[f->log_n].index = f->cons;
		f->log_n++;
		f->cons = (f->cons + 1u) & wrapmask;
		f->consumed++;
	}
}

static void consume_step(struct cq_fake *f);

static void step_locked(struct cq_fake *f)
{
	if (f->no_mmio_steps)
		return;
	consume_step(f);
}

static void step_time_locked(struct cq_fake *f)
{
	consume_step(f);
}

static void consume_step(struct cq_fake *f)
{
	if (f->mode == CQ_FAKE_IMMEDIATE)
		consume(f, UINT64_MAX);
	else if (f->mode == CQ_FAKE_SLOW)
		consume(f, f->slow_per_step);
}

void cq_fake_step(struct cq_fake *f)
{
	pthread_mutex_lock(&f->mu);
	consume_step(f);
	pthread_mutex_unlock(&f->mu);
}

static uint32_t op_read32(void *ctx, uint32_t off)
{
	struct cq_fake *f = F(ctx);
	uint32_t v = 0;

	pthread_mutex_lock(&f->mu);
	f->n_mmio_reads++;
	step_locked(f);
	switch (off) {
	case F_GERROR: v = f->gerror; break;
	case F_GERRORN: v = f->gerrorn; break;
	case F_CMDQ_PROD: v = f->prod; break;
	case F_CMDQ_CONS:
		f->n_cons_reads++;
		v = f->cons | (f->cerr << 24); /* ERR [30:24] */
		break;
	default: break;
	}
	pthread_mutex_unlock(&f->mu);
	return v;
}

static void op_write32(void *ctx, uint32_t off, uint32_t v)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	f->n_mmio_writes++;
	switch (off) {
	case F_GERRORN: f->gerrorn = v; break;
	case F_CMDQ_PROD:
		f->n_prod_writes++;
		/* Entries published by moving PROD must have been made
		 * visible first (4.1.2): an MMIO_PUBLISH barrier since the
		 * previous PROD write. */
		if (v != f->prod && !f->publish_seen)
			f->violations++;
		f->publish_seen = false;
		f->prod = v;
		break;
	case F_CMDQ_CONS: f->cons = v; break;
	default: break;
	}
	step_locked(f);
	pthread_mutex_unlock(&f->mu);
}

static uint64_t op_read64(void *ctx, uint32_t off)
{
	struct cq_fake *f = F(ctx);
	uint64_t v = 0;

	pthread_mutex_lock(&f->mu);
	f->n_mmio_reads++;
	if (off == F_CMDQ_BASE)
		v = f->cmdq_base;
	pthread_mutex_unlock(&f->mu);
	return v;
}

static void op_write64(void *ctx, uint32_t off, uint64_t v)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	f->n_mmio_writes++;
	if (off == F_CMDQ_BASE)
		f->cmdq_base = v;
	pthread_mutex_unlock(&f->mu);
}

static void op_barrier(void *ctx, enum smmuv3_barrier kind)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	f->n_barrier[kind & 3]++;
	if (kind == SMMUV3_BARRIER_MMIO_PUBLISH ||
	    kind == SMMUV3_BARRIER_FULL)
		f->publish_seen = true;
	pthread_mutex_unlock(&f->mu);
}

static void *op_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	struct cq_fake *f = F(ctx);
	size_t sz = size < align ? align : size;
	void *p;

	if (f->alloc_max && size > f->alloc_max)
		return NULL;
	sz = (sz + align - 1u) & ~(align - 1u);
	p = aligned_alloc(align, sz);
	if (!p)
		return NULL;
	memset(p, 0, sz);
	*pa = (smmuv3_pa_t)(uintptr_t)p;
	pthread_mutex_lock(&f->mu);
	f->n_alloc++;
	pthread_mutex_unlock(&f->mu);
	return p;
}

static void op_free(void *ctx, void *va, size_t size)
{
	struct cq_fake *f = F(ctx);

	(void)size;
	free(va);
	pthread_mutex_lock(&f->mu);
	f->n_free++;
	pthread_mutex_unlock(&f->mu);
}

static int op_v2p(void *ctx, const void *va, smmuv3_pa_t *pa)
{
	(void)ctx;
	*pa = (smmuv3_pa_t)(uintptr_t)va;
	return 0;
}

static uint64_t op_now(void *ctx)
{
	struct cq_fake *f = F(ctx);
	uint64_t t;

	pthread_mutex_lock(&f->mu);
	t = f->clock_ns;
	f->clock_ns += f->clock_step_ns;
	pthread_mutex_unlock(&f->mu);
	return t;
}

static void op_delay(void *ctx, uint64_t ns)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	f->clock_ns += ns;
	f->n_delay++;
	step_time_locked(f);
	pthread_mutex_unlock(&f->mu);
	if (f->delay_sleep_us)
		usleep(f->delay_sleep_us);
}

static void op_wait_event(void *ctx)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	f->clock_ns += 1000u;
	f->n_wait_event++;
	step_time_locked(f);
	pthread_mutex_unlock(&f->mu);
}

static void op_clean(void *ctx, const void *va, size_t size)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	if (f->n_cleans < CQ_FAKE_CLEANS) {
		f->cleans[f->n_cleans].va = (uintptr_t)va;
		f->cleans[f->n_cleans].size = size;
		f->n_cleans++;
	}
	f->n_clean++;
	pthread_mutex_unlock(&f->mu);
}

static void op_lock(void *ctx)
{
	pthread_mutex_lock(&F(ctx)->user);
}

static void op_unlock(void *ctx)
{
	pthread_mutex_unlock(&F(ctx)->user);
}

static void op_log(void *ctx, const struct smmuv3_log_event *ev)
{
	struct cq_fake *f = F(ctx);

	pthread_mutex_lock(&f->mu);
	f->last_log = *ev;
	f->n_log++;
	pthread_mutex_unlock(&f->mu);
}

#define BASE_OPS                                                      \
	.abi_version = SMMUV3_OSAL_ABI_VERSION, .alloc = op_alloc,    \
	.free = op_free, .virt_to_phys = op_v2p, .read32 = op_read32, \
	.write32 = op_write32, .read64 = op_read64,                   \
	.write64 = op_write64, .barrier = op_barrier, .now_ns = op_now, \
	.delay_ns = op_delay, .log = op_log

/* Index: ops_flags (LOCK | WFE | CLEAN). */
static const struct smmuv3_osal_ops fake_ops[8] = {
	{ BASE_OPS },
	{ BASE_OPS, .lock = op_lock, .unlock = op_unlock },
	{ BASE_OPS, .wait_event = op_wait_event },
	{ BASE_OPS, .lock = op_lock, .unlock = op_unlock,
	  .wait_event = op_wait_event },
	{ BASE_OPS, .cache_clean = op_clean },
	{ BASE_OPS, .cache_clean = op_clean, .lock = op_lock,
	  .unlock = op_unlock },
	{ BASE_OPS, .cache_clean = op_clean, .wait_event = op_wait_event },
	{ BASE_OPS, .cache_clean = op_clean, .lock = op_lock,
	  .unlock = op_unlock, .wait_event = op_wait_event },
};

void cq_fake_init(struct cq_fake *f, unsigned int ops_flags,
		  struct smmuv3_osal *out)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mu, NULL);
	pthread_mutex_init(&f->user, NULL);
	f->clock_step_ns = 1000;
	f->ill_at = -1;
	f->abt_at = -1;
	f->slow_per_step = 1;
	out->ops = &fake_ops[ops_flags & 7u];
	out->ctx = f;
}

void cq_fake_fini(struct cq_fake *f)
{
	free(f->log);
	f->log = NULL;
	pthread_mutex_destroy(&f->mu);
	pthread_mutex_destroy(&f->user);
}
