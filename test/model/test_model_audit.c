// SPDX-License-Identifier: BSD-2-Clause
/*
 * The model never hides a missing invalidation: with eager caching (the
 * default) every valid STE, CD and translation is cached as soon as
 * software publishes it, so an operation that changes the tables without
 * the invalidation always leaves a stale entry, and smmuv3_model_audit()
 * names it. The forgotten invalidations are real library misuse: the page
 * table unmapped behind the domain's back (no TLBI), an STE rewritten in
 * memory without CFGI_STE. Also the DMA data path: bytes through a
 * StreamID, faults as event records the library decodes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/domain.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

#define SID 5u
#define IOVA_A 0x40000000ull
#define IOVA_B 0x40001000ull /* the next 4 KiB page, same leaf table */

struct rig {
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	struct smmuv3_dev *dev;
	struct smmuv3_domain *dom;
	struct smmuv3_stream st;
	void *buf; /* 8 KiB: page A then page B */
	smmuv3_pa_t pa;
};

static void rig_up_stage(struct rig *r, enum smmuv3_model_preset preset,
			 enum smmuv3_model_caching caching, bool s2)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_domain_cfg dc;
	struct smmuv3_dev_cfg devcfg;
	struct smmuv3_write_result wr;
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;

	memset(r, 0, sizeof(*r));
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = preset;
	cfg.caching = caching;
	assert_int_equal(smmuv3_model_create(&cfg, &r->m), 0);
	r->o = smmuv3_model_osal(r->m);
	r->dev = test_calloc(1, sizeof(*r->dev));
	r->dom = test_calloc(1, sizeof(*r->dom));
	memset(&devcfg, 0, sizeof(devcfg));
	devcfg.fw.flags = SMMUV3_FW_COHERENT;
	assert_int_equal(smmuv3_dev_probe(r->dev, &r->o, &devcfg), 0);
	assert_int_equal(smmuv3_dev_init(r->dev), 0);
	assert_int_equal(smmuv3_dev_enable(r->dev), 0);
	r->buf = r->o.ops->alloc(r->o.ctx, 8192, 4096, &r->pa);
	assert_non_null(r->buf);
	memset(&dc, 0, sizeof(dc));
	dc.stage = s2 ? SMMUV3_PGTBL_STAGE2 : SMMUV3_PGTBL_STAGE1;
	dc.granule = SMMUV3_GRANULE_4K;
	if (s2) {
		dc.vmid = 4;
		dc.ias = 40;
	} else {
		dc.asid = 3;
	}
	assert_int_equal(smmuv3_domain_init(r->dom, r->dev, &dc), 0);
	assert_int_equal(smmuv3_stream_init(&r->st, r->dev, SID, 0), 0);
	assert_int_equal(smmuv3_domain_attach(r->dom, &r->st, &wr), 0);
	assert_int_equal(smmuv3_domain_map(r->dom, IOVA_A, r->pa, 4096, rw), 0);
	assert_int_equal(
		smmuv3_domain_map(r->dom, IOVA_B, r->pa + 4096, 4096, rw), 0);
}

static void rig_up(struct rig *r, enum smmuv3_model_preset preset,
		   enum smmuv3_model_caching caching)
{
	rig_up_stage(r, preset, caching, false);
}

static void rig_down(struct rig *r)
{
	struct smmuv3_write_result wr;
	uint64_t n = 0;

	/* A full unmap flushes whatever the test left stale. */
	assert_int_equal(smmuv3_domain_unmap(r->dom, 0, 1ull << 32, &n), 0);
	assert_int_equal(smmuv3_domain_detach(r->dom, &r->st, NULL, &wr), 0);
	assert_int_equal(smmuv3_domain_fini(r->dom), 0);
	r->o.ops->free(r->o.ctx, r->buf, 8192);
	assert_int_equal(smmuv3_dev_disable(r->dev), 0);
	smmuv3_dev_fini(r->dev);
	smmuv3_model_destroy(r->m);
	test_free(r->dom);
	test_free(r->dev);
}

/* Print what the audit found (a failing test then says why). */
static int audit(struct smmuv3_model *m, struct smmuv3_model_stale *s,
		 unsigned int max)
{
	int n = smmuv3_model_audit(m, s, max);
	int i;

	for (i = 0; i < n && i < (int)max; i++)
		print_message("audit: %s\n", s[i].text);
	return n;
}

/*
 * The bug: unmap page A through the page table directly (the domain's
 * gathered TLBI is never sent). No DMA touched A before: eager caching
 * cached it when the map was published, so the stale entry is there.
 */
static void test_forgot_tlbi_is_caught(void **state)
{
	struct smmuv3_model_stale s[4];
	struct smmuv3_model_result res;
	uint64_t n = 0;
	uint8_t byte;
	struct rig r;

	(void)state;
	rig_up(&r, SMMUV3_MODEL_MMU700_R1P1, SMMUV3_MODEL_CACHE_EAGER);
	assert_int_equal(audit(r.m, s, 4), 0);
	assert_int_equal(smmuv3_pgtbl_unmap(smmuv3_domain_pgtbl(r.dom), IOVA_A, 4096, &n),
			 0);
	assert_true(n == 4096);
	/* The audit names exactly the stale translation of A. */
	assert_int_equal(audit(r.m, s, 4), 1);
	assert_int_equal(s[0].kind, SMMUV3_MODEL_STALE_TLB);
	assert_true(s[0].va == IOVA_A);
	assert_true(s[0].pa == r.pa);
	assert_int_equal(s[0].asid, 3);
	assert_non_null(strstr(s[0].text, "missing TLBI"));
	/* And the device still reaches the unmapped page. */
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_A,
					       &byte, 1, 0, &res),
			 0);
	assert_true(res.tlb_hit);
	rig_down(&r);
}

/* Stage 2 (IPA -> PA, tagged by VMID): the same bug, the same report. */
static void test_forgot_tlbi_stage2_is_caught(void **state)
{
	struct smmuv3_model_stale s[4];
	struct smmuv3_model_result res;
	uint64_t n = 0;
	uint8_t byte;
	struct rig r;

	(void)state;
	rig_up_stage(&r, SMMUV3_MODEL_S2_ONLY, SMMUV3_MODEL_CACHE_EAGER, true);
	assert_int_equal(audit(r.m, s, 4), 0);
	assert_int_equal(smmuv3_pgtbl_unmap(smmuv3_domain_pgtbl(r.dom), IOVA_B, 4096, &n),
			 0);
	assert_int_equal(audit(r.m, s, 4), 1);
	assert_int_equal(s[0].kind, SMMUV3_MODEL_STALE_TLB);
	assert_int_equal(s[0].stages, 2);
	assert_true(s[0].va == IOVA_B);
	assert_true(s[0].pa == r.pa + 4096);
	assert_int_equal(s[0].vmid, 4);
	assert_non_null(strstr(s[0].text, "IPA 0x40001000"));
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_B,
					       &byte, 1, 0, &res),
			 0);
	assert_true(res.tlb_hit);
	rig_down(&r);
}

/* The same unmap through the domain: invalidated, the DMA faults. */
static void test_domain_unmap_is_clean(void **state)
{
	struct smmuv3_model_stale s[4];
	struct smmuv3_model_result res;
	struct smmuv3_event ev[2];
	bool ovf = false;
	uint64_t n = 0;
	size_t got = 0;
	uint8_t byte;
	struct rig r;

	(void)state;
	rig_up(&r, SMMUV3_MODEL_MMU700_R1P1, SMMUV3_MODEL_CACHE_EAGER);
	assert_int_equal(smmuv3_domain_unmap(r.dom, IOVA_A, 4096, &n), 0);
	assert_int_equal(audit(r.m, s, 4), 0);
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_A + 8,
					       &byte, 1, 0, &res),
			 SMMUV3_EFAULT);
	assert_int_equal(res.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(res.event_id, MDL_EVT_F_TRANSLATION);
	assert_int_equal(smmuv3_dev_read_events(r.dev, ev, 2, &got, &ovf), 0);
	assert_int_equal(got, 1);
	assert_int_equal(ev[0].id, SMMUV3_EVT_F_TRANSLATION);
	assert_true(ev[0].input_addr == IOVA_A + 8);
	/* B is still mapped and untouched. */
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_B,
					       &byte, 1, 0, &res),
			 0);
	rig_down(&r);
}

/*
 * With caching on use, the same bug goes unseen unless something used A
 * before the unmap: why eager caching is the default. smmuv3_model_
 * prefetch() primes the caches once.
 */
static void test_on_use_needs_priming(void **state)
{
	struct smmuv3_model_stale s[4];
	uint64_t n = 0;
	struct rig r;

	(void)state;
	rig_up(&r, SMMUV3_MODEL_MMU700_R1P1, SMMUV3_MODEL_CACHE_ON_USE);
	assert_int_equal(smmuv3_pgtbl_unmap(smmuv3_domain_pgtbl(r.dom), IOVA_A, 4096, &n),
			 0);
	assert_int_equal(audit(r.m, s, 4), 0); /* nothing cached: hidden */
	rig_down(&r);

	rig_up(&r, SMMUV3_MODEL_MMU700_R1P1, SMMUV3_MODEL_CACHE_ON_USE);
	smmuv3_model_prefetch(r.m);
	assert_int_equal(smmuv3_pgtbl_unmap(smmuv3_domain_pgtbl(r.dom), IOVA_A, 4096, &n),
			 0);
	assert_int_equal(audit(r.m, s, 4), 1);
	assert_int_equal(s[0].kind, SMMUV3_MODEL_STALE_TLB);
	rig_down(&r);
}

/*
 * An STE rewritten in memory without CFGI_STE (linear stream table of the
 * MINIMAL preset: the STE of SID is at STRTAB_BASE + 64 * SID). Config
 * (word 0 [3:1]) set to 0b000, abort: the cached STE still translates.
 */
static void test_forgot_cfgi_ste_is_caught(void **state)
{
	struct smmuv3_model_stale s[8];
	struct smmuv3_model_result res;
	uint64_t base, *ste, old;
	uint8_t byte;
	struct rig r;
	int n, i;
	bool found = false;

	(void)state;
	rig_up(&r, SMMUV3_MODEL_MINIMAL, SMMUV3_MODEL_CACHE_EAGER);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_FMT,
					  smmuv3_model_peek32(
						  r.m, SMMUV3_STRTAB_BASE_CFG)),
			 SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR);
	base = smmuv3_model_peek64(r.m, SMMUV3_STRTAB_BASE) &
	       SMMUV3_STRTAB_BASE_ADDR;
	ste = smmuv3_mock_pa_to_va(smmuv3_model_mock(r.m), base + 64u * SID,
				   64);
	assert_non_null(ste);
	old = ste[0];
	ste[0] &= ~0xeull;
	r.o.ops->barrier(r.o.ctx, SMMUV3_BARRIER_FULL);
	n = audit(r.m, s, 8);
	assert_true(n >= 1);
	for (i = 0; i < n && i < 8; i++)
		if (s[i].kind == SMMUV3_MODEL_STALE_STE && s[i].sid == SID)
			found = true;
	assert_true(found);
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_A,
					       &byte, 1, 0, &res),
			 0); /* served by the stale STE */
	ste[0] = old;
	r.o.ops->barrier(r.o.ctx, SMMUV3_BARRIER_FULL);
	assert_int_equal(audit(r.m, s, 8), 0);
	rig_down(&r);
}

/* Bytes through the SMMU, across a page boundary; a fault midway. */
static void test_dma_data_path(void **state)
{
	struct smmuv3_model_result res;
	struct smmuv3_model_counters c;
	uint8_t out[64], in[64];
	uint64_t n = 0;
	struct rig r;
	unsigned int i;

	(void)state;
	rig_up(&r, SMMUV3_MODEL_QEMU_VIRT_7_2, SMMUV3_MODEL_CACHE_EAGER);
	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7u + 1u);
	/* 32 bytes at the end of A, 32 at the start of B. */
	assert_int_equal(smmuv3_model_dma_write(r.m, SID, false, 0, IOVA_B - 32,
						out, sizeof(out), 0, &res),
			 0);
	assert_int_equal(res.dma_done, sizeof(out));
	assert_memory_equal((uint8_t *)r.buf + 4096 - 32, out, sizeof(out));
	memset(in, 0, sizeof(in));
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_B - 32,
					       in, sizeof(in), 0, &res),
			 0);
	assert_memory_equal(in, out, sizeof(out));
	/* Unmap B: a read across the boundary moves A's 32 bytes, then
	 * faults on B with an F_TRANSLATION record at B's first byte. */
	assert_int_equal(smmuv3_domain_unmap(r.dom, IOVA_B, 4096, &n), 0);
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_B - 32,
					       in, sizeof(in), 0, &res),
			 SMMUV3_EFAULT);
	assert_int_equal(res.dma_done, 32);
	assert_int_equal(res.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(res.event_id, MDL_EVT_F_TRANSLATION);
	assert_true(res.fault.input_addr == IOVA_B);
	assert_true(res.event_written);
	smmuv3_model_counters(r.m, &c);
	assert_int_equal(c.events, 1);
	/* Argument errors. */
	assert_int_equal(smmuv3_model_dma_read(r.m, SID, false, 0, IOVA_A, NULL,
					       1, 0, &res),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_model_dma_write(r.m, SID, false, 0, IOVA_A, out,
						1, 0, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_model_audit(NULL, NULL, 0), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_model_audit(r.m, NULL, 1), SMMUV3_EINVAL);
	rig_down(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forgot_tlbi_is_caught),
		cmocka_unit_test(test_forgot_tlbi_stage2_is_caught),
		cmocka_unit_test(test_domain_unmap_is_clean),
		cmocka_unit_test(test_on_use_needs_priming),
		cmocka_unit_test(test_forgot_cfgi_ste_is_caught),
		cmocka_unit_test(test_dma_data_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
