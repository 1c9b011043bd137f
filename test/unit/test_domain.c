// SPDX-License-Identifier: BSD-2-Clause
/*
 * Domains end to end against the behavioural model: map, attach, translate
 * (the model walks the library's STE, CD and page tables independently),
 * unmap (the model's TLB keeps a stale translation unless the library's
 * planned invalidation really reaches it), detach and replace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/domain.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

struct fix {
	struct smmuv3_model *m;
	struct smmuv3_dev dev;
	struct smmuv3_osal osal;
	void *buf;
	smmuv3_pa_t buf_pa;
	size_t buf_size;
	/* The streams the tests attach, created on first use. */
	struct smmuv3_stream streams[16];
	uint32_t n_streams;
};

/* The stream object of StreamID @sid (flags 0), set up on first use. */
static struct smmuv3_stream *S(struct fix *f, uint32_t sid)
{
	for (uint32_t i = 0; i < f->n_streams; i++)
		if (f->streams[i].sid == sid)
			return &f->streams[i];
	assert_true(f->n_streams < 16);
	assert_int_equal(smmuv3_stream_init(&f->streams[f->n_streams], &f->dev,
					    sid, 0), 0);
	return &f->streams[f->n_streams++];
}

/*
 * A model of preset @p, a device probed with @dc (NULL: defaults) and
 * initialised, enabled when @enable, and @buf_size bytes of DMA memory.
 */
static struct fix *fix_new_full(enum smmuv3_model_preset p, size_t buf_size,
				bool noncoherent,
				const struct smmuv3_dev_cfg *dc, bool enable)
{
	struct smmuv3_model_config cfg = { .preset = p,
					   .noncoherent = noncoherent };
	struct fix *f = test_calloc(1, sizeof(*f));

	assert_non_null(f);
	/* Each preset's own OAS: the mock port's PAs lie below 2^32. */
	assert_int_equal(smmuv3_model_create(&cfg, &f->m), 0);
	f->osal = smmuv3_model_osal(f->m);
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, dc), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	if (enable)
		assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	/* "DMA target" memory, 2 MiB aligned so blocks can map it. */
	f->buf_size = buf_size;
	f->buf = f->osal.ops->alloc(f->osal.ctx, buf_size, 2u << 20,
				    &f->buf_pa);
	assert_non_null(f->buf);
	return f;
}

static struct fix *fix_new_cfg(enum smmuv3_model_preset p, size_t buf_size,
			       bool noncoherent)
{
	return fix_new_full(p, buf_size, noncoherent, NULL, true);
}

static struct fix *fix_new(enum smmuv3_model_preset p, size_t buf_size)
{
	return fix_new_cfg(p, buf_size, false);
}

static void fix_free(struct fix *f)
{
	f->osal.ops->free(f->osal.ctx, f->buf, f->buf_size);
	smmuv3_dev_fini(&f->dev);
	smmuv3_model_destroy(f->m);
	test_free(f);
}

static struct smmuv3_model_result access(struct fix *f, uint32_t sid,
					 uint64_t iova, unsigned int acc)
{
	struct smmuv3_model_result r;

	assert_int_equal(smmuv3_model_access(f->m, sid, false, 0, iova, acc,
					     &r), 0);
	return r;
}

static unsigned int count_opcode(struct fix *f, unsigned int from,
				 uint8_t op)
{
	unsigned int n = 0, total = smmuv3_model_cmd_log_count(f->m);

	for (unsigned int i = from; i < total; i++) {
		struct smmuv3_model_cmd c;

		assert_int_equal(smmuv3_model_cmd_log_get(f->m, i, &c), 0);
		if ((c.dw[0] & 0xff) == op)
			n++;
	}
	return n;
}

static void test_s1_map_attach_unmap(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 4u << 20);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 3,
	};
	struct smmuv3_write_result wr;
	struct smmuv3_model_result r;
	const uint64_t iova = 0x40000000; /* 1 GiB: level-1 aligned */
	uint64_t unmapped = 0;
	unsigned int log0;
	smmuv3_pa_t pa;

	(void)state;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	/* 4 MiB as two 2 MiB blocks. */
	assert_int_equal(smmuv3_domain_map(dom, iova, f->buf_pa, 4u << 20,
					   SMMUV3_PROT_READ | SMMUV3_PROT_WRITE |
						   SMMUV3_PROT_MEM_CACHED),
			 0);
	assert_int_equal(smmuv3_domain_iova_to_phys(dom, iova + 0x1234, &pa), 0);
	assert_true(pa == f->buf_pa + 0x1234);

	/*
	 * Before attach: QEMU's stream table is 2-level and the span of SID
	 * 0x10 has no L2 table yet, so the L1 descriptor's Span is 0 and the
	 * SMMU reports C_BAD_STREAMID (IHI 0070 3.3.2, 7.3.3).
	 */
	r = access(f, 0x10, iova, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_STREAMID);

	assert_int_equal(smmuv3_domain_attach(dom, S(f, 0x10), &wr), 0);
	assert_true(wr.hitless); /* abort -> S1: one critical word */
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 0x10), &wr), SMMUV3_EEXIST);

	/* The model translates with its own walker: PA = buf + offset. */
	r = access(f, 0x10, iova + 0x2345, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == f->buf_pa + 0x2345);
	r = access(f, 0x10, iova + (3u << 20) + 8, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == f->buf_pa + (3u << 20) + 8);
	/* A second access is served from the model's TLB. */
	r = access(f, 0x10, iova + 0x2345, 0);
	assert_true(r.tlb_hit);

	/* Unmap the first 2 MiB block: the cached translation must go. */
	log0 = smmuv3_model_cmd_log_count(f->m);
	assert_int_equal(smmuv3_domain_unmap(dom, iova, 2u << 20, &unmapped), 0);
	assert_true(unmapped == (2u << 20));
	/* QEMU 7.2 has RIL: one range TLBI_NH_VA (opcode 0x12) suffices. */
	assert_int_equal(count_opcode(f, log0, 0x12), 1);
	assert_int_equal(count_opcode(f, log0, 0x46), 1);
	r = access(f, 0x10, iova + 0x2345, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	/* The other block still translates. */
	r = access(f, 0x10, iova + (3u << 20), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);

	/* The fault reached the event queue and decodes. */
	{
		struct smmuv3_event ev[4];
		size_t n;
		bool ovf;

		assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 4, &n,
							&ovf), 0);
		/* C_BAD_STREAMID from before the attach, then the fault. */
		assert_int_equal(n, 2);
		assert_int_equal(ev[0].id, SMMUV3_EVT_C_BAD_STREAMID);
		ev[0] = ev[1];
		assert_int_equal(ev[0].id, SMMUV3_EVT_F_TRANSLATION);
		assert_int_equal(ev[0].sid, 0x10);
		assert_true(ev[0].input_addr == iova + 0x2345);
	}

	assert_int_equal(smmuv3_domain_fini(dom), SMMUV3_EBUSY);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 0x10), NULL, &wr), 0);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 0x10), NULL, &wr), SMMUV3_ENOENT);
	r = access(f, 0x10, iova + (3u << 20), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_string_equal(smmuv3_model_last_violation(f->m), "");
	test_free(dom);
	fix_free(f);
}

static void test_s2_domain(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_S2_ONLY, 2u << 20);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.ias = 40,
		.vmid = 9,
	};
	struct smmuv3_model_result r;
	unsigned int log0;

	(void)state;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	/* Sixteen 4 KiB pages of read-only memory at IPA 0x8000_0000. */
	assert_int_equal(smmuv3_domain_map(dom, 0x80000000ull, f->buf_pa,
					   16 * 4096, SMMUV3_PROT_READ |
					   SMMUV3_PROT_MEM_CACHED), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 3), NULL), 0);
	r = access(f, 3, 0x80000000ull + 5 * 4096 + 0x10, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == f->buf_pa + 5 * 4096 + 0x10);
	/* A write to read-only memory is a stage-2 permission fault. */
	r = access(f, 3, 0x80000000ull, MDL_ACC_WRITE);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_F_PERMISSION);
	assert_true(r.fault.s2);

	log0 = smmuv3_model_cmd_log_count(f->m);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x80000000ull + 4 * 4096,
					     4 * 4096, NULL), 0);
	/* S2-only domain: TLBI_S2_IPA (0x2a), never a full S12_VMALL. */
	assert_true(count_opcode(f, log0, 0x2a) >= 1);
	assert_int_equal(count_opcode(f, log0, 0x28), 0);
	r = access(f, 3, 0x80000000ull + 5 * 4096, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	r = access(f, 3, 0x80000000ull + 8 * 4096, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 3), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/* Moving a stream between two stage-1 domains without passing abort. */
static void test_replace(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 2u << 20);
	struct smmuv3_domain *a = test_calloc(1, sizeof(*a));
	struct smmuv3_domain *b = test_calloc(1, sizeof(*b));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
	};
	struct smmuv3_write_result wr;
	struct smmuv3_model_result r;

	(void)state;
	assert_int_equal(smmuv3_domain_init(a, &f->dev, &cfg), 0);
	cfg.asid = 2;
	assert_int_equal(smmuv3_domain_init(b, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(a, 0x1000, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_map(b, 0x1000, f->buf_pa + 0x8000,
					   4096, SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(a, S(f, 7), NULL), 0);
	r = access(f, 7, 0x1010, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		    r.pa == f->buf_pa + 0x10);
	assert_int_equal(smmuv3_domain_attach(b, S(f, 7), &wr), 0);
	assert_true(wr.hitless);
	r = access(f, 7, 0x1010, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		    r.pa == f->buf_pa + 0x8010);
	/* The stream left its old domain by moving. */
	assert_ptr_equal(smmuv3_stream_domain(S(f, 7)), b);
	assert_int_equal(smmuv3_domain_detach(a, S(f, 7), NULL, NULL),
			 SMMUV3_ENOENT);
	r = access(f, 7, 0x1010, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		    r.pa == f->buf_pa + 0x8010);
	assert_int_equal(smmuv3_domain_detach(b, S(f, 7), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(a), 0);
	assert_int_equal(smmuv3_domain_fini(b), 0);
	test_free(a);
	test_free(b);
	fix_free(f);
}

static void test_domain_errors(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 4096);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
	};

	(void)state;
	/* ASID 0 is never used (reserved for EL1 stage-1 STEs, docs/ste.md). */
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), SMMUV3_EINVAL);
	/* QEMU 7.2 has no stage 2. */
	cfg.stage = SMMUV3_PGTBL_STAGE2;
	cfg.vmid = 1;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg),
			 SMMUV3_EOPNOTSUPP);
	cfg.stage = SMMUV3_PGTBL_STAGE1;
	cfg.vmid = 0;
	cfg.asid = 1;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x1001, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_map(dom, 0x1000, f->buf_pa, 4096, 0),
			 SMMUV3_EINVAL);
	{
		struct smmuv3_stream st;

		/* QEMU: SIDSIZE 16 */
		assert_int_equal(smmuv3_stream_init(&st, &f->dev, 1u << 20, 0),
				 SMMUV3_ERANGE);
	}
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/*
 * A non-coherent SMMU (the model's walker sees only memory that was cleaned
 * to the point of coherency): the STE, CD, page tables and queue entries all
 * need the OSAL's cache_clean, or the translation fails.
 */
static void test_noncoherent(void **state)
{
	struct fix *f = fix_new_cfg(SMMUV3_MODEL_QEMU_VIRT_7_2, 2u << 20, true);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 5,
	};
	struct smmuv3_model_result r;
	struct smmuv3_mock *mock = smmuv3_model_mock(f->m);
	uint64_t cleans;

	(void)state;
	assert_false(f->dev.caps.features & SMMUV3_FEAT_COHERENCY);
	assert_ptr_not_equal(smmuv3_dev_write_ops(&f->dev)->cache_clean, NULL);
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	cleans = mock->n_clean;
	assert_int_equal(smmuv3_domain_map(dom, 0x200000, f->buf_pa, 2u << 20,
					   SMMUV3_PROT_READ), 0);
	assert_true(mock->n_clean > cleans);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 0x22), NULL), 0);
	r = access(f, 0x22, 0x200000 + 0x777, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == f->buf_pa + 0x777);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x200000, 2u << 20, NULL), 0);
	r = access(f, 0x22, 0x200000 + 0x777, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 0x22), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/* Argument checks and the states a domain refuses. */
static void test_domain_args(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL, 4096);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
	};
	smmuv3_pa_t pa;

	(void)state;
	assert_int_equal(smmuv3_domain_init(NULL, &f->dev, &cfg), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, NULL), SMMUV3_EINVAL);
	cfg.stage = (enum smmuv3_pgtbl_stage)3;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), SMMUV3_EINVAL);
	cfg.stage = SMMUV3_PGTBL_STAGE1;
	cfg.vmid = 2; /* a stage-1 domain has no VMID */
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), SMMUV3_EINVAL);
	cfg.vmid = 0;
	cfg.granule = SMMUV3_GRANULE_COUNT;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), SMMUV3_EINVAL);
	cfg.granule = SMMUV3_GRANULE_64K;
	cfg.ias = 40;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	/* 4 KiB alignment is not enough for the 64 KiB granule. */
	assert_int_equal(smmuv3_domain_map(dom, 0x1000, f->buf_pa, 65536,
					   SMMUV3_PROT_READ), SMMUV3_EINVAL);
	/* Beyond the 40-bit input range. */
	assert_int_equal(smmuv3_domain_map(dom, 1ull << 40, f->buf_pa, 65536,
					   SMMUV3_PROT_READ), SMMUV3_ERANGE);
	assert_int_equal(smmuv3_domain_iova_to_phys(dom, 1ull << 39, &pa),
			 SMMUV3_ENOENT);
	/* Unmapping a hole is not an error and invalidates nothing. */
	assert_int_equal(smmuv3_domain_unmap(dom, 1ull << 39, 65536, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 4), NULL, NULL), SMMUV3_ENOENT);
	assert_int_equal(smmuv3_domain_map(NULL, 0, 0, 4096, 1), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_unmap(NULL, 0, 4096, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_attach(NULL, S(f, 0), NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_attach(dom, NULL, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_detach(NULL, S(f, 0), NULL, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_detach(dom, NULL, NULL, NULL),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_iova_to_phys(NULL, 0, &pa), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_int_equal(smmuv3_domain_fini(dom), SMMUV3_EINVAL);
	/* More streams than one CD write could name: no limit. */
	cfg.granule = SMMUV3_GRANULE_4K;
	cfg.ias = 0;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	for (uint32_t sid = 0; sid < 12; sid++)
		assert_int_equal(smmuv3_domain_attach(dom, S(f, sid), NULL), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 3), NULL),
			 SMMUV3_EEXIST);
	assert_int_equal(smmuv3_domain_fini(dom), SMMUV3_EBUSY);
	for (uint32_t sid = 0; sid < 12; sid++)
		assert_int_equal(smmuv3_domain_detach(dom, S(f, sid), NULL,
						      NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/*
 * Unmapping every page of a last-level table removes the table: the
 * invalidation must then include walk caches (Leaf = 0, IHI 0070 4.4.1).
 */
static void test_table_removal(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 2u << 20);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 3,
	};
	struct smmuv3_model_result r;
	unsigned int log0, total, leaf0 = 0;

	(void)state;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	/* Eight 4 KiB pages: one level-3 table under a level-2 entry. */
	assert_int_equal(smmuv3_domain_map(dom, 0x600000, f->buf_pa, 8 * 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 1), NULL), 0);
	r = access(f, 1, 0x600000 + 3 * 4096, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	log0 = smmuv3_model_cmd_log_count(f->m);
	/* The whole 2 MiB the table covers: the table goes. */
	assert_int_equal(smmuv3_domain_unmap(dom, 0x600000, 2u << 20, NULL), 0);
	total = smmuv3_model_cmd_log_count(f->m);
	for (unsigned int i = log0; i < total; i++) {
		struct smmuv3_model_cmd c;

		assert_int_equal(smmuv3_model_cmd_log_get(f->m, i, &c), 0);
		if ((c.dw[0] & 0xff) == 0x12 && !(c.dw[1] & 1))
			leaf0++; /* TLBI_NH_VA with Leaf = 0 */
	}
	assert_true(leaf0 >= 1);
	r = access(f, 1, 0x600000 + 3 * 4096, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 1), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/* fini invalidates the ASID: a new domain with the same ASID sees no
 * stale translation of the old one (the model's TLB would keep it). */
static void test_asid_reuse(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 2u << 20);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 7,
	};
	struct smmuv3_model_result r;

	(void)state;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x10000, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 2), NULL), 0);
	r = access(f, 2, 0x10008, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		    r.pa == f->buf_pa + 8);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 2), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x10000, f->buf_pa + 0x4000,
					   4096, SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 2), NULL), 0);
	r = access(f, 2, 0x10008, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		    r.pa == f->buf_pa + 0x4008);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 2), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/* A stuck command queue: attach fails, yet the stream is recorded if its
 * STE already points here, so fini refuses to free the tables. */
static void test_attach_failure(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 4096);
	struct smmuv3_domain *a = test_calloc(1, sizeof(*a));
	struct smmuv3_domain *b = test_calloc(1, sizeof(*b));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
	};
	int ret;

	(void)state;
	assert_int_equal(smmuv3_domain_init(a, &f->dev, &cfg), 0);
	cfg.asid = 2;
	assert_int_equal(smmuv3_domain_init(b, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_attach(a, S(f, 7), NULL), 0);
	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0), 0);
	ret = smmuv3_domain_attach(b, S(f, 7), NULL);
	assert_int_equal(ret, SMMUV3_ETIMEDOUT);
	/* Whatever the writer stored, one domain owns the live STE. */
	assert_true(smmuv3_stream_domain(S(f, 7)) == b ||
		    smmuv3_stream_domain(S(f, 7)) == a);
	if (smmuv3_stream_domain(S(f, 7)) == b)
		assert_int_equal(smmuv3_domain_fini(b), SMMUV3_EBUSY);
	assert_int_equal(smmuv3_model_fault_clear(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK), 0);
	/* The queue is stuck behind unconsumed commands no more: recover by
	 * detaching and tearing down normally. */
	assert_int_equal(smmuv3_domain_detach(smmuv3_stream_domain(S(f, 7)),
					      S(f, 7), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(a), 0);
	assert_int_equal(smmuv3_domain_fini(b), 0);
	test_free(a);
	test_free(b);
	fix_free(f);
}

/*
 * Domains set up before the SMMU is enabled (boot: tables first, then
 * SMMUEN) need no commands; enable invalidates everything. fini after
 * disable does not wait for a queue that is off.
 */
static void test_before_enable(void **state)
{
	struct fix *f = fix_new_full(SMMUV3_MODEL_QEMU_VIRT_7_2, 4096, false,
				     NULL, false);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
	};
	struct smmuv3_model_result r;
	struct smmuv3_mock *mock;
	uint64_t t0;

	(void)state;
	assert_int_equal(f->dev.state, SMMUV3_DEV_READY);
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x3000, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 4), NULL), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(f->m), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	r = access(f, 4, 0x3010, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK &&
		    r.pa == f->buf_pa + 0x10);
	assert_int_equal(smmuv3_dev_disable(&f->dev), 0);
	mock = smmuv3_model_mock(f->m);
	t0 = mock->clock_ns;
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 4), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_true(mock->clock_ns - t0 < 1000000); /* no 1 s timeout */
	test_free(dom);
	fix_free(f);
}

/* ATS without IDR0.ATS is refused; a failed init leaves nothing usable. */
static void test_refusals(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 4096);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
		.ste_flags = SMMUV3_STE_F_ATS,
	};

	(void)state;
	/* QEMU 7.2's SMMU has no ATS (IDR0.ATS = 0). */
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg),
			 SMMUV3_EOPNOTSUPP);
	cfg.ste_flags = 0;
	cfg.ias = 60; /* explicit sizes are checked, not clamped */
	assert_int_not_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_fini(dom), SMMUV3_EINVAL);
	test_free(dom);
	fix_free(f);
}

/*
 * A command queue that stops consuming while an unmap removes a table: the
 * TLBI (Leaf = 0) + CMD_SYNC never completes, so the SMMU's walk cache may
 * still point into the removed level-3 table (IHI 0070 4.4.1). unmap must
 * return SMMUV3_ETIMEDOUT and keep the table memory allocated (the mock's
 * registry of live allocations is unchanged); once the queue runs again, a
 * second unmap (or fini) completes the invalidation and frees it.
 */
static void test_unmap_stuck_keeps_tables(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2, 2u << 20);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 9,
	};
	struct smmuv3_mock *mk = smmuv3_model_mock(f->m);
	struct smmuv3_model_result r;
	uint64_t before_map, mapped, tables, live, before_init, unm = 0;
	smmuv3_pa_t pa;

	(void)state;
	/* Round 1: recovery through a second unmap. */
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	before_map = mk->bytes_live;
	/* Eight pages at 6 MiB: level-1, -2 and -3 tables under the root. */
	assert_int_equal(smmuv3_domain_map(dom, 0x600000, f->buf_pa, 8 * 4096,
					   SMMUV3_PROT_READ), 0);
	mapped = mk->bytes_live;
	assert_true(mapped > before_map);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 1), NULL), 0);
	r = access(f, 1, 0x600000 + 3 * 4096, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	/* What map allocated (the tables), and all that is live now
	 * (attach allocated stream-table memory besides). */
	tables = mapped - before_map;
	live = mk->bytes_live;

	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0), 0);
	/* The whole 2 MiB the level-3 table covers: the tables go. */
	assert_int_equal(smmuv3_domain_unmap(dom, 0x600000, 2u << 20, &unm),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(unm, 8 * 4096); /* the mappings are gone */
	assert_int_equal(smmuv3_domain_iova_to_phys(dom, 0x603000, &pa),
			 SMMUV3_ENOENT);
	/* ... but not one table byte was given back. */
	assert_int_equal(mk->bytes_live, live);

	assert_int_equal(smmuv3_model_fault_clear(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK), 0);
	/* Called again on the (now empty) range: the pending invalidation
	 * completes and the tables are freed. */
	assert_int_equal(smmuv3_domain_unmap(dom, 0x600000, 2u << 20, &unm),
			 0);
	assert_int_equal(unm, 0);
	assert_int_equal(mk->bytes_live, live - tables);
	/* The model's TLB and walk cache no longer translate it. */
	r = access(f, 1, 0x600000 + 3 * 4096, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 1), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);

	/* Round 2: recovery through fini (detach, invalidate, destroy). */
	memset(dom, 0, sizeof(*dom));
	before_init = mk->bytes_live;
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x600000, f->buf_pa, 8 * 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 1), NULL), 0);
	mapped = mk->bytes_live;
	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0), 0);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x600000, 2u << 20, NULL),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(mk->bytes_live, mapped);
	assert_int_equal(smmuv3_model_fault_clear(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK), 0);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 1), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	/* Everything the domain allocated, kept tables included, is back. */
	assert_int_equal(mk->bytes_live, before_init);
	test_free(dom);
	fix_free(f);
}

/*
 * NVIDIA Tegra264 quirk (SMMUV3_OPT_REPEAT_INV, from the firmware
 * compatible): every invalidation the domain sends is issued twice, each
 * time completed by a CMD_SYNC.
 */
static void test_repeat_inv(void **state)
{
	const struct smmuv3_dev_cfg dc = { .fw = { .flags = SMMUV3_FW_TEGRA264 } };
	struct fix *f = fix_new_full(SMMUV3_MODEL_QEMU_VIRT_7_2, 4096, false,
				     &dc, true);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 9,
	};
	unsigned int log0;

	(void)state;
	assert_true(f->dev.caps.options & SMMUV3_OPT_REPEAT_INV);
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x5000, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 1), NULL), 0);
	log0 = smmuv3_model_cmd_log_count(f->m);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x5000, 4096, NULL), 0);
	/* One page: one TLBI_NH_VA, sent twice, each with its CMD_SYNC. */
	assert_int_equal(count_opcode(f, log0, 0x12), 2);
	assert_int_equal(count_opcode(f, log0, 0x46), 2);
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 1), NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

/*
 * ATS (IHI 0070 3.9, 4.5.1): translations an endpoint cached in its ATC
 * must go with every unmap (ATC_INV after the completed TLBI) and with
 * detach; the model's endpoint ATC keeps them until an ATC_INV covers them.
 */
static void test_ats(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL, 2u << 20);
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 4,
		.ste_flags = SMMUV3_STE_F_ATS,
	};
	struct smmuv3_model_result r;
	uint64_t pa = 0;
	unsigned int atc0;

	(void)state;
	assert_true(f->dev.caps.features & SMMUV3_FEAT_ATS);
	assert_int_equal(smmuv3_domain_init(dom, &f->dev, &cfg), 0);
	/* Two pages 1 MiB apart: an ATC_INV of one must not need the other. */
	assert_int_equal(smmuv3_domain_map(dom, 0x100000, f->buf_pa, 4096,
					   SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x200000, f->buf_pa + 0x100000,
					   4096, SMMUV3_PROT_READ), 0);
	atc0 = smmuv3_model_atc_log_count(f->m, 6);
	assert_int_equal(smmuv3_domain_attach(dom, S(f, 6), NULL), 0);
	/* Attach dropped whatever the endpoint cached before. */
	assert_int_equal(smmuv3_model_atc_log_count(f->m, 6), atc0 + 1);
	/* The endpoint translates both pages into its ATC. */
	assert_int_equal(smmuv3_model_ats_translate(f->m, 6, false, 0,
						    0x100000, 0, &r), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_int_equal(smmuv3_model_ats_translate(f->m, 6, false, 0,
						    0x200000, 0, &r), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(smmuv3_model_atc_lookup(f->m, 6, false, 0, 0x100010, &pa));
	assert_true(pa == f->buf_pa + 0x10);
	/* Unmap one page: its ATC entry goes, the other stays. */
	assert_int_equal(smmuv3_domain_unmap(dom, 0x100000, 4096, NULL), 0);
	assert_false(smmuv3_model_atc_lookup(f->m, 6, false, 0, 0x100010,
					     NULL));
	assert_true(smmuv3_model_atc_lookup(f->m, 6, false, 0, 0x200010,
					    NULL));
	/* Detach drops the rest of the endpoint's ATC. */
	assert_int_equal(smmuv3_domain_detach(dom, S(f, 6), NULL, NULL), 0);
	assert_false(smmuv3_model_atc_lookup(f->m, 6, false, 0, 0x200010,
					     NULL));
	/* A detached endpoint is no longer invalidated by unmaps. */
	atc0 = smmuv3_model_atc_log_count(f->m, 6);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x200000, 4096, NULL), 0);
	assert_int_equal(smmuv3_model_atc_log_count(f->m, 6), atc0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	test_free(dom);
	fix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_map_attach_unmap),
		cmocka_unit_test(test_s2_domain),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_domain_errors),
		cmocka_unit_test(test_noncoherent),
		cmocka_unit_test(test_domain_args),
		cmocka_unit_test(test_table_removal),
		cmocka_unit_test(test_asid_reuse),
		cmocka_unit_test(test_attach_failure),
		cmocka_unit_test(test_before_enable),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_repeat_inv),
		cmocka_unit_test(test_ats),
		cmocka_unit_test(test_unmap_stuck_keeps_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
