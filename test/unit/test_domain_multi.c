// SPDX-License-Identifier: BSD-2-Clause
/*
 * A domain over two SMMUs (two model instances seeing one physical memory):
 * each unmap's invalidation reaches both, planned with each SMMU's own
 * capabilities, and a queue that times out on one is reported and retried.
 * Nested domains: a stage-2 remap leaves no stale combined stage 1+2 entry
 * in the model's TLB, one parent serves two guests, and the guests' own
 * invalidations are forwarded with the parent's VMID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "test_domain_util.h"

#define IPA 0x40000000ull
#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED)

struct two {
	struct td_shared sh;
	struct td_smmu a, b; /* a: range invalidation; b: none */
	struct smmuv3_domain *dom;
	struct smmuv3_domain_smmu b_entry;
	struct smmuv3_stream sa, sb;
	uint8_t *data;
	smmuv3_pa_t data_pa;
};

static void two_up(struct two *w)
{
	struct smmuv3_model_config ma = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_model_config mb = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 5,
		.osal = &w->sh.osal,
	};

	assert_int_equal(smmuv3_model_config_field(&mb, 3, SMMUV3_IDR3_RIL, 0),
			 0);
	td_smmu_up(&w->a, &ma, &w->sh);
	td_smmu_up(&w->b, &mb, &w->sh);
	assert_true(w->a.dev.caps.features & SMMUV3_FEAT_RANGE_INV);
	assert_false(w->b.dev.caps.features & SMMUV3_FEAT_RANGE_INV);
	w->data = td_alloc(&w->sh, 64 * 4096, 4096, &w->data_pa);
	assert_non_null(w->data);
	w->dom = test_calloc(1, sizeof(*w->dom));
	assert_int_equal(smmuv3_domain_init(w->dom, &w->a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_add_smmu(w->dom, &w->b_entry, &w->b.dev),
			 0);
	assert_int_equal(smmuv3_domain_add_smmu(w->dom, &w->b_entry, &w->b.dev),
			 SMMUV3_EEXIST);
	assert_int_equal(
		smmuv3_domain_map(w->dom, IPA, w->data_pa, 64 * 4096, RW), 0);
	assert_int_equal(smmuv3_stream_init(&w->sa, &w->a.dev, 0x10, 0), 0);
	assert_int_equal(smmuv3_stream_init(&w->sb, &w->b.dev, 0x20, 0), 0);
}

static void two_down(struct two *w)
{
	assert_int_equal(smmuv3_domain_fini(w->dom), 0);
	test_free(w->dom);
	td_smmu_down(&w->a);
	td_smmu_down(&w->b);
	free(w->sh.base);
}

/* Stream @sid of model @m reads IPA + @page * 4096: OK at that page? */
static bool reads(struct smmuv3_model *m, uint32_t sid, struct two *w,
		  unsigned int page)
{
	struct smmuv3_model_result r =
		td_access(m, sid, IPA + page * 4096u + 8, 0);

	if (r.outcome != SMMUV3_MODEL_XLATE_OK)
		return false;
	assert_true(r.pa == w->data_pa + page * 4096u + 8);
	return true;
}

static void test_two_smmus_unmap(void **state)
{
	struct two *w = test_calloc(1, sizeof(*w));
	unsigned int la, lb;

	(void)state;
	two_up(w);
	/* A stream on A only: B is not invalidated at all. */
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sa, NULL), 0);
	assert_true(reads(w->a.m, 0x10, w, 1));
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 63 * 4096, 4096, NULL), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(w->b.m), lb);

	/* Both SMMUs, TLBs primed on pages 1..6. */
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sb, NULL), 0);
	for (unsigned int p = 1; p <= 6; p++) {
		assert_true(reads(w->a.m, 0x10, w, p));
		assert_true(reads(w->b.m, 0x20, w, p));
	}
	la = smmuv3_model_cmd_log_count(w->a.m);
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 2 * 4096, 4 * 4096, NULL), 0);
	/* A (RIL): one range TLBI_S2_IPA; B: one per page. */
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_TLBI_S2_IPA), 1);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S2_IPA), 4);
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_TLBI_S12_VMALL), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S12_VMALL), 0);
	for (unsigned int p = 2; p <= 5; p++) {
		assert_false(reads(w->a.m, 0x10, w, p));
		assert_false(reads(w->b.m, 0x20, w, p));
	}
	assert_true(reads(w->a.m, 0x10, w, 1));
	assert_true(reads(w->b.m, 0x20, w, 6));

	/* 40 pages on B: 40 commands sent SMMUV3_DOMAIN_CHUNK at a time,
	 * each chunk completed by its CMD_SYNC. */
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 8 * 4096, 40 * 4096, NULL),
		0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S2_IPA), 40);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_CMD_SYNC),
			 (40 + SMMUV3_DOMAIN_CHUNK - 1) / SMMUV3_DOMAIN_CHUNK);

	/* The last stream leaving B: the VMID is invalidated there, and B
	 * gets nothing more. */
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sb, NULL, NULL), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S12_VMALL), 1);
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(smmuv3_domain_unmap(w->dom, IPA, 4096, NULL), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(w->b.m), lb);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sa, NULL, NULL), 0);
	assert_string_equal(smmuv3_model_last_violation(w->a.m), "");
	assert_string_equal(smmuv3_model_last_violation(w->b.m), "");
	two_down(w);
	test_free(w);
}

/*
 * B's queue stops: unmap reports the timeout, A is invalidated anyway; once
 * B runs again the next unmap (even of a hole) invalidates B's whole VMID.
 */
static void test_two_smmus_timeout(void **state)
{
	struct two *w = test_calloc(1, sizeof(*w));
	unsigned int la, lb;

	(void)state;
	two_up(w);
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sa, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sb, NULL), 0);
	assert_true(reads(w->a.m, 0x10, w, 3));
	assert_true(reads(w->b.m, 0x20, w, 3));
	assert_int_equal(smmuv3_model_fault_set(
				 w->b.m, SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0),
			 0);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 3 * 4096, 4096, NULL),
		SMMUV3_ETIMEDOUT);
	assert_false(reads(w->a.m, 0x10, w, 3)); /* A completed */
	assert_int_equal(
		smmuv3_model_fault_clear(w->b.m, SMMUV3_MODEL_FAULT_CMDQ_STUCK),
		0);
	la = smmuv3_model_cmd_log_count(w->a.m);
	lb = smmuv3_model_cmd_log_count(w->b.m);
	/* A hole: nothing new to invalidate, only B's retry. */
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 3 * 4096, 4096, NULL), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S12_VMALL), 1);
	assert_int_equal(smmuv3_model_cmd_log_count(w->a.m), la);
	assert_false(reads(w->b.m, 0x20, w, 3));
	assert_true(reads(w->b.m, 0x20, w, 4));
	/* Retried once: the next unmap is an ordinary one again. */
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 4 * 4096, 4096, NULL), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S12_VMALL), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S2_IPA), 1);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sb, NULL, NULL), 0);
	two_down(w);
	test_free(w);
}

/* add_smmu refusals: a non-paging domain, an SMMU without the stage. */
static void test_add_smmu_refusals(void **state)
{
	struct td_shared sh = {0};
	struct smmuv3_model_config ma = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_model_config mb = {.preset = SMMUV3_MODEL_QEMU_VIRT_7_2};
	struct td_smmu a = {0}, b = {0};
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain *byp = test_calloc(1, sizeof(*byp));
	struct smmuv3_domain_smmu e;
	const struct smmuv3_domain_cfg bc = {.type = SMMUV3_DOMAIN_BYPASS};
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 5,
		.osal = &sh.osal,
	};
	struct smmuv3_stream s;

	(void)state;
	td_smmu_up(&a, &ma, &sh);
	td_smmu_up(&b, &mb, &sh);
	assert_int_equal(smmuv3_domain_init(dom, &a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_init(byp, NULL, &bc), 0);
	/* QEMU 7.2: stage 1 only. */
	assert_int_equal(smmuv3_domain_add_smmu(dom, &e, &b.dev),
			 SMMUV3_EOPNOTSUPP);
	assert_int_equal(smmuv3_domain_add_smmu(byp, &e, &b.dev),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_add_smmu(dom, NULL, &b.dev),
			 SMMUV3_EINVAL);
	/* A stream of an SMMU the domain is not on. */
	assert_int_equal(smmuv3_stream_init(&s, &b.dev, 1, 0), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &s, NULL), SMMUV3_ENODEV);
	assert_null(smmuv3_stream_domain(&s));
	/* A bypass domain takes streams of any SMMU. */
	assert_int_equal(smmuv3_domain_attach(byp, &s, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(byp, &s, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(byp), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	td_smmu_down(&a);
	td_smmu_down(&b);
	free(sh.base);
	test_free(byp);
	test_free(dom);
}

/* Stream @sid of model @m reads @ipa: the PA it reaches, or ~0 on a fault. */
static uint64_t xlate(struct smmuv3_model *m, uint32_t sid, uint64_t ipa)
{
	struct smmuv3_model_result r = td_access(m, sid, ipa, 0);

	return r.outcome == SMMUV3_MODEL_XLATE_OK ? r.pa : ~0ull;
}

/*
 * cfg.pgtbl_split: refused unless known, HITLESS refused on an SMMU with
 * BBML < 2 (at init and at add_smmu); NONE refuses to cut a 2 MiB block;
 * HITLESS (A, BBML 2) and BBM (A and B) unmap one page out of the block
 * while the rest of it keeps translating to the same addresses.
 */
static void test_block_split(void **state)
{
	struct td_shared sh = {0};
	struct smmuv3_model_config ma = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_model_config mb = {.preset = SMMUV3_MODEL_FULL};
	struct td_smmu a = {0}, b = {0};
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_smmu e;
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 5,
		.osal = &sh.osal,
	};
	const uint64_t blk = 2u << 20;
	struct smmuv3_stream sa, sb;
	smmuv3_pa_t pa = 0, q;
	uint64_t unmapped;

	(void)state;
	assert_int_equal(smmuv3_model_config_field(&mb, 3, SMMUV3_IDR3_BBML, 0),
			 0);
	td_smmu_up(&a, &ma, &sh);
	td_smmu_up(&b, &mb, &sh);
	assert_int_equal(a.dev.caps.bbml, 2);
	assert_int_equal(b.dev.caps.bbml, 0);
	assert_non_null(td_alloc(&sh, blk, blk, &pa));
	assert_int_equal(smmuv3_stream_init(&sa, &a.dev, 0x10, 0), 0);
	assert_int_equal(smmuv3_stream_init(&sb, &b.dev, 0x20, 0), 0);

	cfg.pgtbl_split = (enum smmuv3_pgtbl_split)3;
	assert_int_equal(smmuv3_domain_init(dom, &a.dev, &cfg), SMMUV3_EINVAL);
	cfg.pgtbl_split = SMMUV3_PGTBL_SPLIT_HITLESS;
	assert_int_equal(smmuv3_domain_init(dom, &b.dev, &cfg),
			 SMMUV3_EOPNOTSUPP);

	/* NONE: a cut block is refused, nothing changes. */
	cfg.pgtbl_split = SMMUV3_PGTBL_SPLIT_NONE;
	assert_int_equal(smmuv3_domain_init(dom, &a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, IPA, pa, blk, RW), 0);
	assert_int_equal(smmuv3_domain_unmap(dom, IPA + 4096, 4096, NULL),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_domain_attach(dom, &sa, NULL), 0);
	assert_true(xlate(a.m, 0x10, IPA + 4096) == pa + 4096);
	assert_int_equal(smmuv3_domain_detach(dom, &sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_unmap(dom, IPA, blk, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);

	/* HITLESS on A; B (BBML 0) cannot join. */
	cfg.pgtbl_split = SMMUV3_PGTBL_SPLIT_HITLESS;
	assert_int_equal(smmuv3_domain_init(dom, &a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_add_smmu(dom, &e, &b.dev),
			 SMMUV3_EOPNOTSUPP);
	assert_int_equal(smmuv3_domain_map(dom, IPA, pa, blk, RW), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &sa, NULL), 0);
	/* The block is in A's TLB before the split. */
	assert_true(xlate(a.m, 0x10, IPA + 8) == pa + 8);
	assert_int_equal(smmuv3_domain_unmap(dom, IPA + 4096, 4096, &unmapped),
			 0);
	assert_true(unmapped == 4096);
	assert_true(xlate(a.m, 0x10, IPA + 4096) == ~0ull);
	assert_true(xlate(a.m, 0x10, IPA + 8) == pa + 8);
	assert_true(xlate(a.m, 0x10, IPA + 2 * 4096) == pa + 2 * 4096);
	assert_true(xlate(a.m, 0x10, IPA + blk - 4096) == pa + blk - 4096);
	assert_int_equal(smmuv3_domain_iova_to_phys(dom, IPA + 4096, &q),
			 SMMUV3_ENOENT);
	assert_int_equal(smmuv3_domain_detach(dom, &sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);

	/* BBM on both SMMUs. */
	cfg.pgtbl_split = SMMUV3_PGTBL_SPLIT_BBM;
	assert_int_equal(smmuv3_domain_init(dom, &a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_add_smmu(dom, &e, &b.dev), 0);
	assert_int_equal(smmuv3_domain_map(dom, IPA, pa, blk, RW), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &sa, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &sb, NULL), 0);
	assert_true(xlate(b.m, 0x20, IPA + 8) == pa + 8);
	assert_int_equal(
		smmuv3_domain_unmap(dom, IPA + 3 * 4096, 4096, &unmapped), 0);
	assert_true(unmapped == 4096);
	assert_true(xlate(a.m, 0x10, IPA + 3 * 4096) == ~0ull);
	assert_true(xlate(b.m, 0x20, IPA + 3 * 4096) == ~0ull);
	assert_true(xlate(a.m, 0x10, IPA + 4 * 4096) == pa + 4 * 4096);
	assert_true(xlate(b.m, 0x20, IPA + 8) == pa + 8);
	assert_int_equal(smmuv3_domain_detach(dom, &sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(dom, &sb, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_string_equal(smmuv3_model_last_violation(a.m), "");
	assert_string_equal(smmuv3_model_last_violation(b.m), "");
	td_smmu_down(&a);
	td_smmu_down(&b);
	free(sh.base);
	test_free(dom);
}

/*
 * The domain's gather: one unmap over 4 KiB pages and a 2 MiB block makes
 * one flush per leaf size; touching ranges merge into one round, a gap
 * issues the first range alone. Without RIL, more than
 * SMMUV3_TLBI_DEFAULT_MAX_OPS leaves become one whole-VMID command.
 */
static void test_gather_shapes(void **state)
{
	struct two *w = test_calloc(1, sizeof(*w));
	const uint64_t base = 0x10000000ull; /* 256 MiB: 2 MiB aligned */
	uint64_t unm = 0;
	unsigned int la, lb;

	(void)state;
	two_up(w);
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sa, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sb, NULL), 0);
	/* Pages [base + 2M - 8K, base + 2M) (a page at base keeps their
	 * table), a block [base + 2M, base + 4M): touching leaf ranges. */
	assert_int_equal(smmuv3_domain_map(w->dom, base, TD_PA_BASE, 4096, RW),
			 0);
	assert_int_equal(smmuv3_domain_map(w->dom, base + (2u << 20) - 8192,
					   TD_PA_BASE, 8192, RW),
			 0);
	assert_int_equal(smmuv3_domain_map(w->dom, base + (2u << 20),
					   TD_PA_BASE + (2u << 20), 2u << 20,
					   RW),
			 0);
	la = smmuv3_model_cmd_log_count(w->a.m);
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(smmuv3_domain_unmap(w->dom, base + (2u << 20) - 8192,
					     8192 + (2u << 20), &unm),
			 0);
	assert_true(unm == 8192 + (2u << 20));
	/* Merged: one round per SMMU, one CMD_SYNC (A: 514 pages are not
	 * (NUM + 1) << SCALE, so two overlapping range commands; B: 514
	 * leaves of the smallest size are above SMMUV3_TLBI_DEFAULT_MAX_OPS,
	 * so the whole VMID). */
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_TLBI_S2_IPA), 2);
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_CMD_SYNC), 1);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S2_IPA), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S12_VMALL), 1);
	assert_int_equal(smmuv3_domain_unmap(w->dom, base, 4096, &unm), 0);
	/* Two pages at base + 2M (the first stays mapped, so no table is
	 * removed) and a block at base + 6M, unmapped across the gap: two
	 * rounds (a disjoint range is not merged). */
	assert_int_equal(smmuv3_domain_map(w->dom, base + (2u << 20),
					   TD_PA_BASE, 8192, RW),
			 0);
	assert_int_equal(smmuv3_domain_map(w->dom, base + (6u << 20),
					   TD_PA_BASE + (2u << 20), 2u << 20,
					   RW),
			 0);
	la = smmuv3_model_cmd_log_count(w->a.m);
	assert_int_equal(smmuv3_domain_unmap(w->dom, base + (2u << 20) + 4096,
					     (6u << 20) - 4096, &unm),
			 0);
	assert_true(unm == 4096 + (2u << 20));
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_TLBI_S2_IPA), 2);
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_CMD_SYNC), 2);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, base + (2u << 20), 4096, &unm), 0);
	/* 600 pages that cannot be blocks (IPA and PA differ by 4 KiB mod
	 * 2 MiB): B sends one TLBI_S12_VMALL, A one range. */
	assert_int_equal(smmuv3_domain_map(w->dom, base + 4096, TD_PA_BASE,
					   600 * 4096, RW),
			 0);
	la = smmuv3_model_cmd_log_count(w->a.m);
	lb = smmuv3_model_cmd_log_count(w->b.m);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, base + 4096, 600 * 4096, &unm), 0);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S12_VMALL), 1);
	assert_int_equal(td_count_op(w->b.m, lb, SMMUV3_OP_TLBI_S2_IPA), 0);
	assert_int_equal(td_count_op(w->a.m, la, SMMUV3_OP_TLBI_S12_VMALL), 0);
	assert_true(td_count_op(w->a.m, la, SMMUV3_OP_TLBI_S2_IPA) >= 1);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sb, NULL, NULL), 0);
	two_down(w);
	test_free(w);
}

/*
 * An SMMU that fails (CR0 = 0 never acknowledged): unmap reports SMMUV3_EIO
 * and still invalidates the other; once the SMMU is disabled properly
 * (READY) nothing is sent to it and the pending state clears.
 */
static void test_failed_smmu(void **state)
{
	struct two *w = test_calloc(1, sizeof(*w));
	struct smmuv3_stream x;

	(void)state;
	two_up(w);
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sa, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(w->dom, &w->sb, NULL), 0);
	assert_true(reads(w->a.m, 0x10, w, 2));
	assert_int_equal(smmuv3_model_fault_set(
				 w->b.m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER, 0),
			 0);
	assert_int_equal(smmuv3_dev_disable(&w->b.dev), SMMUV3_ETIMEDOUT);
	assert_int_equal(w->b.dev.state, SMMUV3_DEV_FAILED);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 2 * 4096, 4096, NULL),
		SMMUV3_EIO);
	assert_false(reads(w->a.m, 0x10, w, 2));
	assert_int_equal(smmuv3_stream_init(&x, &w->b.dev, 0x21, 0), 0);
	assert_int_equal(smmuv3_domain_attach(w->dom, &x, NULL), SMMUV3_EPERM);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sb, NULL, NULL),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_model_fault_clear(
				 w->b.m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER),
			 0);
	assert_int_equal(smmuv3_dev_disable(&w->b.dev), 0);
	assert_int_equal(
		smmuv3_domain_unmap(w->dom, IPA + 3 * 4096, 4096, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(w->dom, &w->sb, NULL, NULL), 0);
	/* B finalised before the domain: fini sends it nothing. */
	smmuv3_dev_fini(&w->b.dev);
	two_down(w);
	test_free(w);
}

/* A stage-1 domain on two SMMUs; refusals of SMMUs that cannot take it. */
static void test_s1_two_smmus(void **state)
{
	struct td_shared sh = {0};
	struct smmuv3_model_config ma = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_model_config mb = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct td_smmu a = {0}, b = {0}, c = {0};
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain *big = test_calloc(1, sizeof(*big));
	struct smmuv3_domain_smmu eb, ec;
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 9,
		.osal = &sh.osal,
	};
	struct smmuv3_stream sa, sb;
	uint8_t *data;
	smmuv3_pa_t pa = 0;
	struct smmuv3_model_result r;

	(void)state;
	/* c: 8-bit VMIDs and ASIDs, forced stalls */
	assert_int_equal(
		smmuv3_model_config_field(&mc, 0, SMMUV3_IDR0_STALL_MODEL,
					  SMMUV3_IDR0_STALL_MODEL_FORCE),
		0);
	assert_int_equal(
		smmuv3_model_config_field(&mc, 0, SMMUV3_IDR0_VMID16, 0), 0);
	assert_int_equal(
		smmuv3_model_config_field(&mc, 0, SMMUV3_IDR0_ASID16, 0), 0);
	td_smmu_up(&a, &ma, &sh);
	td_smmu_up(&b, &mb, &sh);
	td_smmu_up(&c, &mc, &sh);
	data = td_alloc(&sh, 4096, 4096, &pa);
	assert_non_null(data);
	assert_int_equal(smmuv3_domain_init(dom, &a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_add_smmu(dom, &eb, &b.dev), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x5000, pa, 4096, RW), 0);
	assert_int_equal(smmuv3_stream_init(&sa, &a.dev, 1, 0), 0);
	assert_int_equal(smmuv3_stream_init(&sb, &b.dev, 1, 0), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &sa, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &sb, NULL), 0);
	r = td_access(a.m, 1, 0x5008, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == pa + 8);
	r = td_access(b.m, 1, 0x5008, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == pa + 8);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x5000, 4096, NULL), 0);
	r = td_access(b.m, 1, 0x5008, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	/* c forces stalls: the shared CD (S = 0) would be wrong there. */
	assert_int_equal(smmuv3_domain_add_smmu(dom, &ec, &c.dev),
			 SMMUV3_EOPNOTSUPP);
	/* ASID 300 does not fit c's 8 bits. */
	cfg.asid = 300;
	assert_int_equal(smmuv3_domain_init(big, &a.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_add_smmu(big, &ec, &c.dev),
			 SMMUV3_ERANGE);
	assert_int_equal(smmuv3_domain_fini(big), 0);
	/* EL2 (STRW) needs E2H, which the model's host does not run. */
	cfg.asid = 3;
	cfg.ste_flags = SMMUV3_STE_F_EL2;
	assert_int_equal(smmuv3_domain_init(big, &a.dev, &cfg),
			 SMMUV3_EOPNOTSUPP);
	assert_int_equal(smmuv3_domain_detach(dom, &sa, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(dom, &sb, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	td_smmu_down(&a);
	td_smmu_down(&b);
	td_smmu_down(&c);
	free(sh.base);
	test_free(big);
	test_free(dom);
}

/* Every allocation failure during init leaves nothing allocated. */
static void test_init_alloc_failures(void **state)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct td_smmu t = {0};
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 2,
		.ssid_bits = 12, /* 2-level CD table: L1, then the CD 0 leaf */
	};
	struct smmuv3_mock *mk;
	struct smmuv3_stream s;
	uint64_t live;
	int ret = -1;

	(void)state;
	td_smmu_up(&t, &mc, NULL);
	mk = smmuv3_model_mock(t.m);
	live = smmuv3_mock_live_allocs(mk);
	for (uint64_t n = 1; ret != 0 && n < 16; n++) {
		mk->fail_nth = mk->n_alloc_calls + n;
		ret = smmuv3_domain_init(dom, &t.dev, &cfg);
		mk->fail_nth = 0;
		if (ret) {
			assert_int_equal(ret, SMMUV3_ENOMEM);
			assert_int_equal(smmuv3_mock_live_allocs(mk), live);
			assert_int_equal(smmuv3_domain_fini(dom),
					 SMMUV3_EINVAL);
		}
	}
	assert_int_equal(ret, 0);
	/* A stream without SubstreamIDs needs CD 0 at the table base. */
	assert_int_equal(smmuv3_stream_init(&s, &t.dev, 2, 0), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &s, NULL), SMMUV3_EINVAL);
	assert_int_equal(
		smmuv3_stream_init(&s, &t.dev, 2, SMMUV3_STREAM_F_SSID), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &s, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(dom, &s, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	td_smmu_down(&t);
	test_free(dom);
}

/* ------------------------------------------------------------------ */
/* Nested                                                              */
/* ------------------------------------------------------------------ */

#define GVA 0x10000ull

struct guest {
	struct smmuv3_pgtbl pt; /* VA -> IPA */
	uint64_t *cd;
	smmuv3_pa_t cd_pa;
	struct smmuv3_domain *dom;
	struct smmuv3_stream s;
};

struct nest {
	struct td_smmu t;
	struct smmuv3_domain *s2;
	uint8_t *data;
	smmuv3_pa_t data_pa;
	struct guest g[2];
};

static void guest_up(struct nest *n, struct guest *g, uint16_t asid,
		     uint32_t sid)
{
	struct smmuv3_pgtbl_cfg gc = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.ias = 39,
		.oas = 40,
		.coherent = true,
	};
	struct smmuv3_domain_cfg dc = {
		.type = SMMUV3_DOMAIN_NESTED,
		.parent = n->s2,
		.s1fmt = SMMUV3_STE_S1FMT_LINEAR,
	};
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_cd_cfg cc;
	struct smmuv3_cd cd;

	/* The guest's tables are in RAM the parent maps at IPA = PA. */
	assert_int_equal(
		smmuv3_pgtbl_init(&g->pt, &n->t.osal, &n->t.dev.caps, &gc), 0);
	assert_int_equal(smmuv3_pgtbl_map(&g->pt, GVA, IPA, 4096, RW), 0);
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(&g->pt, &hw), 0);
	smmuv3_cd_cfg_from_pgtbl(&cc, &hw, asid);
	assert_int_equal(smmuv3_cd_build(&n->t.dev.caps, &cc, &cd), 0);
	g->cd = n->t.osal.ops->alloc(n->t.osal.ctx, 64, 64, &g->cd_pa);
	assert_non_null(g->cd);
	memcpy(g->cd, cd.qw, 64); /* little-endian host */
	dc.s1_cdtab = g->cd_pa;
	g->dom = test_calloc(1, sizeof(*g->dom));
	assert_int_equal(smmuv3_domain_init(g->dom, NULL, &dc), 0);
	assert_int_equal(smmuv3_stream_init(&g->s, &n->t.dev, sid, 0), 0);
	assert_int_equal(smmuv3_domain_attach(g->dom, &g->s, NULL), 0);
}

static void guest_down(struct nest *n, struct guest *g)
{
	assert_int_equal(smmuv3_domain_fini(g->dom), SMMUV3_EBUSY);
	assert_int_equal(smmuv3_domain_detach(g->dom, &g->s, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(g->dom), 0);
	test_free(g->dom);
	smmuv3_pgtbl_destroy(&g->pt);
	n->t.osal.ops->free(n->t.osal.ctx, g->cd, 64);
}

static void nest_up(struct nest *n)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_domain_cfg s2 = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 6,
	};

	td_smmu_up(&n->t, &mc, NULL);
	n->data = n->t.osal.ops->alloc(n->t.osal.ctx, 4 * 4096, 4096,
				       &n->data_pa);
	assert_non_null(n->data);
	n->s2 = test_calloc(1, sizeof(*n->s2));
	assert_int_equal(smmuv3_domain_init(n->s2, &n->t.dev, &s2), 0);
	/* RAM at IPA = PA (1 GiB blocks); the guest page at IPA. */
	assert_int_equal(smmuv3_domain_map(n->s2, TD_PA_BASE, TD_PA_BASE,
					   2ull << 30, RW),
			 0);
	assert_int_equal(smmuv3_domain_map(n->s2, IPA, n->data_pa, 4096, RW),
			 0);
}

static void nest_down(struct nest *n)
{
	assert_int_equal(smmuv3_domain_fini(n->s2), 0);
	test_free(n->s2);
	n->t.osal.ops->free(n->t.osal.ctx, n->data, 4 * 4096);
	td_smmu_down(&n->t);
}

static smmuv3_pa_t gread(struct nest *n, uint32_t sid)
{
	struct smmuv3_model_result r = td_access(n->t.m, sid, GVA + 8, 0);

	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	return r.pa;
}

/*
 * The parent moves the guest page (IPA) to another host page. TLBI_S2_IPA
 * alone need not drop combined stage 1+2 entries (IHI 0070 4.4.3.1), and
 * the model keeps them; the parent's unmap adds TLBI_NH_ALL for the VMID, so
 * the guest's next DMA reaches the new page.
 */
static void test_nested_remap(void **state)
{
	struct nest *n = test_calloc(1, sizeof(*n));
	struct smmuv3_cmd c[2];
	const struct smmuv3_cmd_desc s2ipa = {
		.opcode = SMMUV3_OP_TLBI_S2_IPA,
		.vmid = 6,
		.addr = IPA,
	};
	unsigned int log0;

	(void)state;
	nest_up(n);
	guest_up(n, &n->g[0], 7, 0x40);
	assert_true(gread(n, 0x40) == n->data_pa + 8);
	/* A combined entry (both stages) is cached for GVA. */
	assert_true(smmuv3_model_tlb_lookup(n->t.m, GVA, 3, false, 7, 6));
	/* The stage-2 TLBI of the IPA alone leaves it (the model keeps what
	 * the architecture allows it to keep). */
	assert_int_equal(smmuv3_cmd_encode(&n->t.dev.caps, &s2ipa, &c[0]), 0);
	assert_int_equal(smmuv3_cmdq_submit(&n->t.dev.cmdq, c, 1, NULL), 0);
	assert_true(smmuv3_model_tlb_lookup(n->t.m, GVA, 3, false, 7, 6));

	log0 = smmuv3_model_cmd_log_count(n->t.m);
	assert_int_equal(smmuv3_domain_unmap(n->s2, IPA, 4096, NULL), 0);
	assert_int_equal(td_count_op(n->t.m, log0, SMMUV3_OP_TLBI_S2_IPA), 1);
	assert_int_equal(td_count_op(n->t.m, log0, SMMUV3_OP_TLBI_NH_ALL), 1);
	assert_false(smmuv3_model_tlb_lookup(n->t.m, GVA, 3, false, 7, 6));
	assert_int_equal(
		smmuv3_domain_map(n->s2, IPA, n->data_pa + 4096, 4096, RW), 0);
	assert_true(gread(n, 0x40) == n->data_pa + 4096 + 8);
	/* The stream moves to the parent and back: the SMMU keeps a stream
	 * on the parent's tables throughout, so no whole-VMID TLBI. */
	log0 = smmuv3_model_cmd_log_count(n->t.m);
	assert_int_equal(smmuv3_domain_attach(n->s2, &n->g[0].s, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(n->g[0].dom, &n->g[0].s, NULL),
			 0);
	assert_int_equal(td_count_op(n->t.m, log0, SMMUV3_OP_TLBI_S12_VMALL),
			 0);
	assert_true(gread(n, 0x40) == n->data_pa + 4096 + 8);
	/* The parent cannot go while a nested domain sits on it. */
	assert_int_equal(smmuv3_domain_fini(n->s2), SMMUV3_EBUSY);
	guest_down(n, &n->g[0]);
	assert_string_equal(smmuv3_model_last_violation(n->t.m), "");
	nest_down(n);
	test_free(n);
}

/*
 * Two guests on one parent; each guest's own stage-1 invalidations are
 * forwarded with the parent's VMID; CFGI_CD only for the guest's streams.
 */
static void test_nested_two_guests(void **state)
{
	struct nest *n = test_calloc(1, sizeof(*n));
	struct smmuv3_cmd_desc d[2] = {0};
	unsigned int log0, total, nh_va = 0;

	(void)state;
	nest_up(n);
	guest_up(n, &n->g[0], 7, 0x40);
	guest_up(n, &n->g[1], 8, 0x41);
	assert_true(gread(n, 0x40) == n->data_pa + 8);
	assert_true(gread(n, 0x41) == n->data_pa + 8);
	assert_ptr_equal(n->s2->children, n->g[1].dom);

	/* Guest 0 remaps its VA to another IPA (RAM at IPA = PA), then
	 * invalidates it; the guest wrote VMID 0, the SMMU gets VMID 6. */
	{
		uint64_t unm;

		assert_int_equal(
			smmuv3_pgtbl_unmap(&n->g[0].pt, GVA, 4096, &unm), 0);
		assert_int_equal(smmuv3_pgtbl_map(&n->g[0].pt, GVA,
						  n->data_pa + 2 * 4096, 4096,
						  RW),
				 0);
	}
	assert_true(gread(n, 0x40) == n->data_pa + 8); /* stale until ... */
	d[0] = (struct smmuv3_cmd_desc){.opcode = SMMUV3_OP_TLBI_NH_VA,
					.asid = 7,
					.addr = GVA,
					.leaf = true};
	d[1] = (struct smmuv3_cmd_desc){
		.opcode = SMMUV3_OP_CFGI_CD, .sid = 0x40, .leaf = true};
	log0 = smmuv3_model_cmd_log_count(n->t.m);
	assert_int_equal(smmuv3_domain_nested_invalidate(n->g[0].dom, d, 2), 0);
	total = smmuv3_model_cmd_log_count(n->t.m);
	for (unsigned int i = log0; i < total; i++) {
		struct smmuv3_model_cmd c;

		assert_int_equal(smmuv3_model_cmd_log_get(n->t.m, i, &c), 0);
		if ((c.dw[0] & 0xff) == SMMUV3_OP_TLBI_NH_VA) {
			nh_va++;
			assert_int_equal((c.dw[0] >> 32) & 0xffff,
					 6);		    /* VMID */
			assert_int_equal(c.dw[0] >> 48, 7); /* ASID */
		}
	}
	assert_int_equal(nh_va, 1);
	assert_true(gread(n, 0x40) == n->data_pa + 2 * 4096 + 8);
	assert_true(gread(n, 0x41) == n->data_pa + 8);

	/* Refusals: nothing is sent. */
	log0 = smmuv3_model_cmd_log_count(n->t.m);
	d[1].sid = 0x41; /* guest 1's stream */
	assert_int_equal(smmuv3_domain_nested_invalidate(n->g[0].dom, d, 2),
			 SMMUV3_EPERM);
	d[1].opcode = SMMUV3_OP_TLBI_S12_VMALL;
	assert_int_equal(smmuv3_domain_nested_invalidate(n->g[0].dom, d, 2),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_nested_invalidate(n->s2, d, 1),
			 SMMUV3_EINVAL);
	d[0].asid = 0xffff;
	d[0].addr = 1; /* not page aligned */
	assert_int_not_equal(smmuv3_domain_nested_invalidate(n->g[0].dom, d, 1),
			     0);
	assert_int_equal(smmuv3_model_cmd_log_count(n->t.m), log0);
	assert_int_equal(smmuv3_domain_nested_invalidate(n->g[0].dom, NULL, 0),
			 0);

	/* The parent's unmap drops both guests' combined entries. */
	assert_int_equal(smmuv3_domain_unmap(n->s2, IPA, 4096, NULL), 0);
	{
		struct smmuv3_model_result r = td_access(n->t.m, 0x41, GVA, 0);

		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
		assert_true(r.fault.s2);
	}
	guest_down(n, &n->g[0]);
	guest_down(n, &n->g[1]);
	assert_null(n->s2->children);
	nest_down(n);
	test_free(n);
}

/*
 * A guest table with more than one CD used by a stream without
 * SubstreamIDs (S1CDMAX 0: CD 0 at the base of a linear table; a 2-level
 * table is refused); an ATS endpoint behind a nested domain has its whole
 * ATC invalidated by the parent's unmaps; forwarded commands go out in
 * completed chunks.
 */
static void test_nested_cdmax_ats(void **state)
{
	struct nest *n = test_calloc(1, sizeof(*n));
	struct smmuv3_domain *lin = test_calloc(1, sizeof(*lin));
	struct smmuv3_domain *l2 = test_calloc(1, sizeof(*l2));
	struct smmuv3_domain_cfg dc = {
		.type = SMMUV3_DOMAIN_NESTED,
		.s1fmt = SMMUV3_STE_S1FMT_LINEAR,
		.s1cdmax = 2,
		.s1dss = SMMUV3_STE_S1DSS_SSID0,
	};
	struct smmuv3_cmd_desc d[20];
	struct smmuv3_stream e, f;
	struct smmuv3_model_result r;
	struct smmuv3_ste ste;
	unsigned int log0, atc0;

	(void)state;
	nest_up(n);
	guest_up(n, &n->g[0], 7, 0x40);
	dc.parent = n->s2;
	dc.s1_cdtab = n->g[0].cd_pa;
	assert_int_equal(smmuv3_domain_init(lin, NULL, &dc), 0);
	dc.s1fmt = SMMUV3_STE_S1FMT_64K_L2;
	dc.s1cdmax = 11;
	assert_int_equal(smmuv3_domain_init(l2, NULL, &dc), 0);
	assert_int_equal(
		smmuv3_stream_init(&e, &n->t.dev, 0x42, SMMUV3_STREAM_F_ATS),
		0);
	assert_int_equal(smmuv3_domain_attach(l2, &e, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_attach(lin, &e, NULL), 0);
	assert_int_equal(smmuv3_stream_ste(&e, &ste), 0);
	assert_int_equal((ste.qw[0] >> 59) & 31u, 0); /* S1CDMax */
	assert_true(gread(n, 0x42) == n->data_pa + 8);
	/* With SubstreamIDs the guest's S1CDMAX and S1DSS are used. */
	assert_int_equal(
		smmuv3_stream_init(&f, &n->t.dev, 0x43, SMMUV3_STREAM_F_SSID),
		0);
	assert_int_equal(smmuv3_domain_attach(lin, &f, NULL), 0);
	assert_int_equal(smmuv3_stream_ste(&f, &ste), 0);
	assert_int_equal((ste.qw[0] >> 59) & 31u, 2);
	assert_true(gread(n, 0x43) == n->data_pa + 8);

	/* The endpoint caches the guest VA; the parent's unmap drops it. */
	assert_int_equal(
		smmuv3_model_ats_translate(n->t.m, 0x42, false, 0, GVA, 0, &r),
		0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(smmuv3_model_atc_lookup(n->t.m, 0x42, false, 0, GVA, NULL));
	atc0 = smmuv3_model_atc_log_count(n->t.m, 0x42);
	assert_int_equal(smmuv3_domain_unmap(n->s2, IPA, 4096, NULL), 0);
	assert_int_equal(smmuv3_model_atc_log_count(n->t.m, 0x42), atc0 + 1);
	assert_false(
		smmuv3_model_atc_lookup(n->t.m, 0x42, false, 0, GVA, NULL));

	/* Twenty forwarded TLBIs: two completed chunks. */
	for (int i = 0; i < 20; i++)
		d[i] = (struct smmuv3_cmd_desc){
			.opcode = SMMUV3_OP_TLBI_NH_ASID, .asid = (uint16_t)i};
	log0 = smmuv3_model_cmd_log_count(n->t.m);
	assert_int_equal(smmuv3_domain_nested_invalidate(lin, d, 20), 0);
	assert_int_equal(td_count_op(n->t.m, log0, SMMUV3_OP_TLBI_NH_ASID), 20);
	assert_int_equal(td_count_op(n->t.m, log0, SMMUV3_OP_CMD_SYNC),
			 (20 + SMMUV3_DOMAIN_CHUNK - 1) / SMMUV3_DOMAIN_CHUNK);
	/* A stream leaving a nested domain for its parent: one attach. */
	assert_int_equal(smmuv3_domain_attach(n->s2, &f, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_detach(lin, &f, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(lin, &e, n->s2, NULL), 0);
	assert_ptr_equal(smmuv3_stream_domain(&e), n->s2);
	assert_int_equal(smmuv3_domain_detach(n->s2, &e, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(lin), 0);
	assert_int_equal(smmuv3_domain_fini(l2), 0);
	guest_down(n, &n->g[0]);
	nest_down(n);
	test_free(l2);
	test_free(lin);
	test_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_smmus_unmap),
		cmocka_unit_test(test_two_smmus_timeout),
		cmocka_unit_test(test_add_smmu_refusals),
		cmocka_unit_test(test_block_split),
		cmocka_unit_test(test_gather_shapes),
		cmocka_unit_test(test_failed_smmu),
		cmocka_unit_test(test_s1_two_smmus),
		cmocka_unit_test(test_init_alloc_failures),
		cmocka_unit_test(test_nested_remap),
		cmocka_unit_test(test_nested_two_guests),
		cmocka_unit_test(test_nested_cdmax_ats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
