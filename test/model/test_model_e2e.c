// SPDX-License-Identifier: BSD-2-Clause
/*
 * The integration test docs/testing-with-the-model.md describes, run for
 * real: the library brings the SMMU up, maps and attaches a stream, the
 * model translates; the library unmaps, the model faults and records the
 * event, and the library's event reader decodes it. Run under the model
 * variants an integrator meets: a coherent SMMU, a non-coherent one (the
 * model's walker sees only cleaned memory, so a missing cache clean in the
 * library would fail here), the page-0-only register layout (with the
 * firmware quirk flag), and an MMU-700 with its errata applied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/domain.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

#define SID 5u
#define IOVA 0x40000000ull

struct variant {
	enum smmuv3_model_preset preset;
	bool noncoherent, page0_only;
	uint32_t fw_flags;
	bool oas32; /* IDR5.OAS = 0b000: 32 bits (IHI 0070 6.3.6) */
};

/* No cache of the model may disagree with the tables (eager caching). */
static void assert_no_stale(struct smmuv3_model *m)
{
	struct smmuv3_model_stale s[4];
	int n = smmuv3_model_audit(m, s, 4);
	int i;

	for (i = 0; i < n && i < 4; i++)
		print_message("audit: %s\n", s[i].text);
	assert_int_equal(n, 0);
}

static void run(const struct variant *v)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model_counters c;
	struct smmuv3_model_result r;
	struct smmuv3_domain_cfg dc;
	struct smmuv3_write_result wr;
	struct smmuv3_dev_cfg devcfg;
	struct smmuv3_event ev[4];
	struct smmuv3_domain *dom;
	struct smmuv3_stream st;
	struct smmuv3_dev *dev;
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	uint64_t unmapped = 0;
	bool ovf = true;
	smmuv3_pa_t pa;
	size_t n = 0;
	void *buf;

	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = v->preset;
	cfg.noncoherent = v->noncoherent;
	cfg.page0_only = v->page0_only;
	if (v->oas32)
		assert_int_equal(
			smmuv3_model_config_field(&cfg, 5, SMMUV3_IDR5_OAS, 0),
			0);
	assert_int_equal(smmuv3_model_create(&cfg, &m), 0);
	o = smmuv3_model_osal(m);
	dev = test_calloc(1, sizeof(*dev));
	dom = test_calloc(1, sizeof(*dom));
	memset(&devcfg, 0, sizeof(devcfg));
	devcfg.fw.flags = v->fw_flags;

	assert_int_equal(smmuv3_dev_probe(dev, &o, &devcfg), 0);
	if (v->oas32)
		assert_int_equal(dev->caps.oas_bits, 32);
	assert_int_equal(smmuv3_dev_init(dev), 0);
	assert_int_equal(smmuv3_dev_enable(dev), 0);
	assert_int_equal(smmuv3_model_peek32(m, SMMUV3_CR0ACK) &
				 SMMUV3_CR0_SMMUEN,
			 SMMUV3_CR0_SMMUEN);

	buf = o.ops->alloc(o.ctx, 4096, 4096, &pa);
	assert_non_null(buf);
	memset(&dc, 0, sizeof(dc));
	dc.stage = SMMUV3_PGTBL_STAGE1;
	dc.granule = SMMUV3_GRANULE_4K;
	dc.asid = 3;
	assert_int_equal(smmuv3_domain_init(dom, dev, &dc), 0);
	assert_int_equal(smmuv3_domain_map(dom, IOVA, pa, 4096,
					   SMMUV3_PROT_READ |
						   SMMUV3_PROT_WRITE |
						   SMMUV3_PROT_MEM_CACHED),
			 0);
	assert_no_stale(m);
	assert_int_equal(smmuv3_stream_init(&st, dev, SID, 0), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &st, &wr), 0);
	assert_no_stale(m);

	/* The device writes through the new mapping. */
	assert_int_equal(smmuv3_model_access(m, SID, false, 0, IOVA + 0x10,
					     MDL_ACC_WRITE, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.pa == pa + 0x10);

	/* After the unmap the translation is gone, not stale... */
	assert_int_equal(smmuv3_domain_unmap(dom, IOVA, 4096, &unmapped), 0);
	assert_true(unmapped == 4096);
	assert_no_stale(m);
	assert_int_equal(
		smmuv3_model_access(m, SID, false, 0, IOVA + 0x10, 0, &r), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_F_TRANSLATION);
	assert_true(r.event_written);

	/* ...and the library reads the record the model wrote (through
	 * page 1, or page 0 with the quirk). */
	assert_int_equal(smmuv3_dev_read_events(dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_false(ovf);
	assert_int_equal(ev[0].id, SMMUV3_EVT_F_TRANSLATION);
	assert_int_equal(ev[0].sid, SID);
	assert_true(ev[0].rnw);
	assert_true(ev[0].input_addr == IOVA + 0x10);

	smmuv3_model_counters(m, &c);
	assert_int_equal(c.violations, 0);
	assert_int_equal(c.cerrors, 0);
	assert_int_equal(smmuv3_domain_detach(dom, &st, NULL, &wr), 0);
	assert_no_stale(m);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_no_stale(m);
	o.ops->free(o.ctx, buf, 4096);
	assert_int_equal(smmuv3_dev_disable(dev), 0);
	smmuv3_dev_fini(dev);
	smmuv3_model_destroy(m);
	test_free(dom);
	test_free(dev);
}

static void test_coherent(void **state)
{
	const struct variant v = {SMMUV3_MODEL_QEMU_VIRT_7_2, false, false,
				  SMMUV3_FW_COHERENT, false};

	(void)state;
	run(&v);
}

static void test_noncoherent(void **state)
{
	const struct variant v = {SMMUV3_MODEL_MMU600_R2P0, true, false, 0,
				  false};

	(void)state;
	run(&v);
}

static void test_page0_only(void **state)
{
	const struct variant v = {
		SMMUV3_MODEL_MMU600_R0P0, false, true,
		SMMUV3_FW_COHERENT | SMMUV3_FW_QUIRK_PAGE0_ONLY, false};

	(void)state;
	run(&v);
}

static void test_mmu700(void **state)
{
	const struct variant v = {SMMUV3_MODEL_MMU700_R1P1, false, false,
				  SMMUV3_FW_COHERENT, false};

	(void)state;
	run(&v);
}

/* The smallest OAS: the mock port's PAs (below 2^32) still fit. */
static void test_oas32(void **state)
{
	const struct variant v = {SMMUV3_MODEL_QEMU_VIRT_7_2, false, false,
				  SMMUV3_FW_COHERENT, true};

	(void)state;
	run(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coherent),
		cmocka_unit_test(test_noncoherent),
		cmocka_unit_test(test_page0_only),
		cmocka_unit_test(test_mmu700),
		cmocka_unit_test(test_oas32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
