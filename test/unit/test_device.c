// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device bring-up, event/PRI queues and GERROR handling against the
 * behavioural model. Expected register values are derived from the presets'
 * ID registers and IHI 0070 chapter 6, not from the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/device.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

struct fix {
	struct smmuv3_model *m;
	struct smmuv3_dev dev;
	struct smmuv3_osal osal;
};

static struct fix *fix_new_caching(enum smmuv3_model_preset p,
				   enum smmuv3_model_caching caching)
{
	struct smmuv3_model_config cfg = { .preset = p, .caching = caching };
	struct fix *f = test_calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(smmuv3_model_create(&cfg, &f->m), 0);
	f->osal = smmuv3_model_osal(f->m);
	return f;
}

static struct fix *fix_new(enum smmuv3_model_preset p)
{
	return fix_new_caching(p, SMMUV3_MODEL_CACHE_EAGER);
}

static void fix_free(struct fix *f)
{
	smmuv3_dev_fini(&f->dev);
	smmuv3_model_destroy(f->m);
	test_free(f);
}

/* Bring-up on every preset: the final CR0 follows from the ID registers. */
static void test_enable_presets(void **state)
{
	(void)state;
	for (int p = 0; p < SMMUV3_MODEL_PRESET_COUNT; p++) {
		struct fix *f = fix_new((enum smmuv3_model_preset)p);
		uint32_t idr0 = smmuv3_model_idr(f->m, 0);
		uint32_t want = SMMUV3_CR0_SMMUEN | SMMUV3_CR0_CMDQEN |
				SMMUV3_CR0_EVTQEN;
		struct smmuv3_model_cmd c;

		if (idr0 & SMMUV3_IDR0_PRI)
			want |= SMMUV3_CR0_PRIQEN;
		if (idr0 & SMMUV3_IDR0_ATS)
			want |= SMMUV3_CR0_ATSCHK;
		assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
		assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_EPERM);
		assert_int_equal(smmuv3_dev_init(&f->dev), 0);
		assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
		assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_CR0ACK), want);
		/* Unknown streams abort while disabled too (GBPA.ABORT). */
		assert_true(smmuv3_model_peek32(f->m, SMMUV3_GBPA) &
			    SMMUV3_GBPA_ABORT);
		/* CR2: PTM and RECINVSID (no E2H: the host is not VHE). */
		assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_CR2),
				 SMMUV3_CR2_PTM | SMMUV3_CR2_RECINVSID);
		/* The first command is CFGI_ALL: opcode 0x04, Range 31. */
		assert_true(smmuv3_model_cmd_log_count(f->m) >= 2);
		assert_int_equal(smmuv3_model_cmd_log_get(f->m, 0, &c), 0);
		assert_int_equal(c.dw[0] & 0xff, 0x04);
		assert_int_equal(c.dw[1] & 0x1f, 31);
		assert_string_equal(smmuv3_model_last_violation(f->m), "");
		/* Restartable: disable, enable again. */
		assert_int_equal(smmuv3_dev_disable(&f->dev), 0);
		assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_CR0ACK), 0);
		assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
		assert_string_equal(smmuv3_model_last_violation(f->m), "");
		fix_free(f);
	}
}

/*
 * Order of the reset sequence as seen on the bus: the command queue base
 * and the stream table base are written before CR0.CMDQEN / SMMUEN.
 */
static void test_enable_order(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);
	int base, strtab, cr0_cmdq = -1, cr0_en = -1;
	unsigned int n;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	smmuv3_model_log_clear(f->m);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	n = smmuv3_model_log_count(f->m);
	for (unsigned int i = 0; i < n; i++) {
		struct smmuv3_model_log_entry e;

		assert_int_equal(smmuv3_model_log_get(f->m, i, &e), 0);
		if (e.kind != SMMUV3_MODEL_LOG_WRITE32 || e.offset != SMMUV3_CR0)
			continue;
		if ((e.value & SMMUV3_CR0_CMDQEN) && cr0_cmdq < 0)
			cr0_cmdq = (int)i;
		if ((e.value & SMMUV3_CR0_SMMUEN) && cr0_en < 0)
			cr0_en = (int)i;
	}
	base = smmuv3_model_log_find(f->m, 0, SMMUV3_MODEL_LOG_WRITE64,
				     SMMUV3_CMDQ_BASE);
	strtab = smmuv3_model_log_find(f->m, 0, SMMUV3_MODEL_LOG_WRITE64,
				       SMMUV3_STRTAB_BASE);
	assert_true(base >= 0 && strtab >= 0 && cr0_cmdq >= 0 && cr0_en >= 0);
	assert_true(base < cr0_cmdq && strtab < cr0_en && cr0_cmdq < cr0_en);
	/* The register value is the table's address (IHI 0070 6.3.23). */
	assert_true((smmuv3_model_peek64(f->m, SMMUV3_STRTAB_BASE) &
		     SMMUV3_STRTAB_BASE_ADDR) == f->dev.strtab.base_pa);
	fix_free(f);
}

/* A CR0 acknowledgement that never comes: a timeout, not a hang. */
static void test_enable_ack_timeout(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_model_fault_set(
				 f->m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER, 0), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_ETIMEDOUT);
	assert_int_equal(f->dev.state, SMMUV3_DEV_READY);
	assert_int_equal(smmuv3_model_fault_clear(
				 f->m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	/* GBPA.UPDATE stuck: the GBPA step times out. */
	assert_int_equal(smmuv3_dev_disable(&f->dev), 0);
	assert_int_equal(smmuv3_model_fault_set(
				 f->m, SMMUV3_MODEL_FAULT_GBPA_NEVER, 0), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_ETIMEDOUT);
	assert_true(f->dev.last_reg & SMMUV3_GBPA_UPDATE);
	fix_free(f);
}

static void test_probe_errors(void **state)
{
	struct smmuv3_model_config cfg = { .preset = SMMUV3_MODEL_QEMU_VIRT_7_2 };
	struct smmuv3_model *m;
	struct smmuv3_dev dev;
	struct smmuv3_osal osal;

	(void)state;
	memset(&dev, 0, sizeof(dev));
	/* No stage 1 and no stage 2: refused (IHI 0070 6.3.1). */
	assert_int_equal(smmuv3_model_config_field(&cfg, 0, SMMUV3_IDR0_S1P, 0), 0);
	assert_int_equal(smmuv3_model_create(&cfg, &m), 0);
	osal = smmuv3_model_osal(m);
	assert_int_equal(smmuv3_dev_probe(&dev, &osal, NULL), SMMUV3_ENXIO);
	assert_int_equal(dev.report.reason, SMMUV3_REFUSE_NO_TRANSLATION);
	assert_int_equal(dev.state, SMMUV3_DEV_NONE);
	assert_int_equal(smmuv3_dev_init(&dev), SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_probe(NULL, &osal, NULL), SMMUV3_EINVAL);
	{
		struct smmuv3_dev_cfg bad = { .flags = 1u << 9 };

		assert_int_equal(smmuv3_dev_probe(&dev, &osal, &bad),
				 SMMUV3_EINVAL);
	}
	smmuv3_model_destroy(m);
}

/*
 * Allocation failure at each allocation of init leaves nothing allocated
 * and the device probed (a queue that retries a smaller size may succeed).
 */
static void test_init_alloc_failure(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL);
	struct smmuv3_mock *mock = smmuv3_model_mock(f->m);
	uint64_t calls, k, failures = 0;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	calls = mock->n_alloc_calls;
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	k = mock->n_alloc_calls - calls; /* allocations of a clean init */
	assert_true(k >= 3);             /* cmdq, stream table, evtq, priq */
	fix_free(f);

	for (uint64_t nth = 1; nth <= k; nth++) {
		uint64_t live;
		int ret;

		f = fix_new(SMMUV3_MODEL_FULL);
		mock = smmuv3_model_mock(f->m);
		assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
		live = mock->bytes_live;
		mock->fail_nth = mock->n_alloc_calls + nth;
		ret = smmuv3_dev_init(&f->dev);
		mock->fail_nth = 0;
		if (ret) {
			assert_int_equal(ret, SMMUV3_ENOMEM);
			assert_int_equal(f->dev.state, SMMUV3_DEV_PROBED);
			assert_true(mock->bytes_live == live);
			failures++;
		} else {
			assert_int_equal(f->dev.state, SMMUV3_DEV_READY);
		}
		fix_free(f);
		if (nth == k)
			assert_int_not_equal(ret, 0); /* the last one cannot retry */
	}
	assert_true(failures >= k - 1);
}

/* Build an event record by hand (IHI 0070 7.3.9 F_TRANSLATION layout). */
static void make_event(uint64_t rec[4], uint8_t id, uint32_t sid,
		       uint64_t iova)
{
	rec[0] = (uint64_t)id | ((uint64_t)sid << 32);
	rec[1] = (1ull << 35); /* RnW: a read */
	rec[2] = iova;
	rec[3] = 0;
}

static void test_events_and_overflow(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_MINIMAL);
	struct smmuv3_event ev[64];
	uint32_t entries;
	uint64_t rec[4];
	size_t n = 0;
	bool ovf = true;
	int injected = 0;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 4, &n, &ovf),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 0);
	assert_false(ovf);

	make_event(rec, 0x10, 7, 0x123000);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_false(ovf);
	assert_int_equal(ev[0].id, SMMUV3_EVT_F_TRANSLATION);
	assert_int_equal(ev[0].sid, 7);
	assert_true(ev[0].rnw);
	assert_true(ev[0].input_addr == 0x123000);
	assert_string_equal(smmuv3_event_name(ev[0].id), "F_TRANSLATION");

	/* Fill the queue until the SMMU drops a record (overflow). */
	entries = 1u << f->dev.evtq.log2size;
	for (uint32_t i = 0; i <= entries; i++) {
		make_event(rec, 0x10, i, (uint64_t)i << 12);
		if (smmuv3_model_event_inject(f->m, rec) == 0)
			injected++;
	}
	assert_int_equal(injected, (int)entries);
	/* Drain in two calls: the first cannot acknowledge the overflow. */
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 3, &n, &ovf), 0);
	assert_int_equal(n, 3);
	assert_true(ovf);
	assert_int_equal(ev[2].sid, 2);
	assert_false(smmuv3_model_peek32(f->m, f->dev.evtq.cons_reg) &
		     SMMUV3_Q_OVF);
	for (uint32_t got = 3; got < entries; got += (uint32_t)n) {
		assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 64, &n,
							&ovf), 0);
		assert_true(n > 0);
	}
	/* Drained: OVACKFLG now equals OVFLG (IHI 0070 3.5.3). */
	assert_true((smmuv3_model_peek32(f->m, f->dev.evtq.cons_reg) &
		     SMMUV3_Q_OVF) ==
		    (smmuv3_model_peek32(f->m, f->dev.evtq.prod_reg) &
		     SMMUV3_Q_OVF));
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 64, &n, &ovf), 0);
	assert_int_equal(n, 0);
	assert_false(ovf);
	fix_free(f);
}

static void test_pri(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL);
	struct smmuv3_model_pri_req r = {
		.sid = 0x42, .ssid = 5, .ssv = true, .read = true,
		.write = true, .last = true, .grpid = 0x1ab,
		.addr = 0xdead000,
	};
	struct smmuv3_pri req[4];
	size_t n;
	bool ovf;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_model_pri_request(f->m, &r), 0);
	assert_int_equal(smmuv3_dev_read_pri(&f->dev, req, 4, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(req[0].sid, 0x42);
	assert_int_equal(req[0].ssid, 5);
	assert_true(req[0].ssv && req[0].read && req[0].write && req[0].last);
	assert_false(req[0].exec || req[0].priv);
	assert_int_equal(req[0].grpid, 0x1ab);
	assert_true(req[0].addr == 0xdead000);
	fix_free(f);

	f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2); /* no PRI */
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_null(f->dev.priq.base);
	assert_int_equal(smmuv3_dev_read_pri(&f->dev, req, 4, &n, &ovf),
			 SMMUV3_EOPNOTSUPP);
	fix_free(f);
}

static void test_gerror(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);
	struct smmuv3_gerror_info info;
	struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_TLBI_NSNH_ALL };
	struct smmuv3_cmd cmd;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, &info), 0);
	assert_int_equal(info.active, 0);

	/* An illegal command: the queue recovers, the error is reported. */
	assert_int_equal(smmuv3_cmd_encode(&f->dev.caps, &d, &cmd), 0);
	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_CMD_ILL_AT,
			 f->dev.cmdq.prod & ((1u << f->dev.cmdq.log2size) - 1)),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&f->dev.cmdq, &cmd, 1, NULL),
			 SMMUV3_EIO);
	/* Already handled by the queue: nothing active any more. */
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, &info), 0);

	/*
	 * Service failure mode (IHI 0070 12.3): CR0 = 0 is written without
	 * waiting, the error is acknowledged, and the device is FAILED: it
	 * refuses to be enabled or to write entries until a disable is
	 * acknowledged.
	 */
	assert_int_equal(smmuv3_model_fault_set(f->m, SMMUV3_MODEL_FAULT_SFM, 0),
			 0);
	smmuv3_model_log_clear(f->m);
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, &info), SMMUV3_EIO);
	assert_true(info.active & SMMUV3_GERROR_SFM_ERR);
	assert_true(info.disabled);
	assert_int_equal(smmuv3_model_log_find(f->m, 0, SMMUV3_MODEL_LOG_READ32,
					       SMMUV3_CR0ACK), -1);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_CR0), 0);
	assert_int_equal(f->dev.state, SMMUV3_DEV_FAILED);
	assert_int_equal((smmuv3_model_peek32(f->m, SMMUV3_GERROR) ^
			  smmuv3_model_peek32(f->m, SMMUV3_GERRORN)) &
				 SMMUV3_GERROR_ERR_MASK, 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_EPERM);
	{
		struct smmuv3_ste abort_ste;

		assert_int_equal(smmuv3_ste_build_abort(&abort_ste), 0);
		assert_int_equal(smmuv3_dev_ste_write(&f->dev, 1, &abort_ste,
						      NULL), SMMUV3_EPERM);
	}
	assert_int_equal(smmuv3_model_fault_clear(f->m, SMMUV3_MODEL_FAULT_SFM),
			 0);
	assert_int_equal(smmuv3_dev_disable(&f->dev), 0);
	assert_int_equal(f->dev.state, SMMUV3_DEV_READY);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	fix_free(f);
}

static void test_event_decode(void **state)
{
	/* F_PERMISSION (0x13) at stage 2, CLASS TT: word 3 holds the IPA. */
	const uint64_t raw[4] = {
		0x13 | (1ull << 11) | (0x5ull << 12) | (0x99ull << 32),
		0xbeef | (1ull << 31) | (1ull << 33) | (1ull << 34) |
			(1ull << 39) | (1ull << 40) | (1ull << 44),
		0xffff000012345678ull,
		0x000fedcba9876fffull,
	};
	struct smmuv3_event ev;

	(void)state;
	assert_int_equal(smmuv3_event_decode(raw, &ev), 0);
	assert_int_equal(ev.id, 0x13);
	assert_true(ev.ssv);
	assert_int_equal(ev.ssid, 5);
	assert_int_equal(ev.sid, 0x99);
	assert_int_equal(ev.stag, 0xbeef);
	assert_true(ev.stall && ev.pnu && ev.ind && ev.s2 && ev.ttrnw);
	assert_false(ev.rnw);
	assert_int_equal(ev.clss, 1);
	assert_true(ev.input_addr == 0xffff000012345678ull);
	/* IPA field is bits [51:12]. */
	assert_true(ev.addr2 == 0x000fedcba9876000ull);
	assert_int_equal(smmuv3_event_decode(NULL, &ev), SMMUV3_EINVAL);
	assert_string_equal(smmuv3_event_name(0xee), "UNKNOWN");
}

/*
 * Every event ID against its name in IHI 0070 7.3 (Table 7-3), written out
 * here independently of the library's list; IDs without a record are
 * "UNKNOWN" (the gaps 0x0c-0x0f, 0x14-0x1f, 0x22-0x23, above 0x25, and 0).
 */
static void test_event_names(void **state)
{
	static const struct {
		uint8_t id;
		const char *name;
	} tab[] = {
		{0x01, "F_UUT"},	     {0x02, "C_BAD_STREAMID"},
		{0x03, "F_STE_FETCH"},	     {0x04, "C_BAD_STE"},
		{0x05, "F_BAD_ATS_TREQ"},    {0x06, "F_STREAM_DISABLED"},
		{0x07, "F_TRANSL_FORBIDDEN"}, {0x08, "C_BAD_SUBSTREAMID"},
		{0x09, "F_CD_FETCH"},	     {0x0a, "C_BAD_CD"},
		{0x0b, "F_WALK_EABT"},	     {0x10, "F_TRANSLATION"},
		{0x11, "F_ADDR_SIZE"},	     {0x12, "F_ACCESS"},
		{0x13, "F_PERMISSION"},	     {0x20, "F_TLB_CONFLICT"},
		{0x21, "F_CFG_CONFLICT"},    {0x24, "E_PAGE_REQUEST"},
		{0x25, "F_VMS_FETCH"},
	};
	unsigned int id, i, named = 0;

	(void)state;
	for (id = 0; id < 256; id++) {
		const char *want = "UNKNOWN";

		for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
			if (tab[i].id == id)
				want = tab[i].name;
		named += strcmp(want, "UNKNOWN") != 0;
		assert_string_equal(smmuv3_event_name((uint8_t)id), want);
	}
	assert_int_equal(named, 19);
}

/* Options of the bring-up: IRQ handshake, EVTQ off, bypass of unknown SIDs. */
static void test_enable_options(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_MINIMAL); /* linear table */
	struct smmuv3_dev_cfg cfg = {
		.flags = SMMUV3_DEV_F_BYPASS_UNKNOWN | SMMUV3_DEV_F_NO_EVTQ,
		.irq_ctrl = SMMUV3_IRQ_CTRL_GERROR_IRQEN,
	};
	struct smmuv3_model_result r;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg),
			 SMMUV3_EPERM); /* already probed */
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_IRQ_CTRLACK),
			 SMMUV3_IRQ_CTRL_GERROR_IRQEN);
	assert_false(smmuv3_model_peek32(f->m, SMMUV3_CR0ACK) &
		     SMMUV3_CR0_EVTQEN);
	/* Bypass policy: GBPA.ABORT clear, an unknown stream passes through. */
	assert_false(smmuv3_model_peek32(f->m, SMMUV3_GBPA) & SMMUV3_GBPA_ABORT);
	assert_int_equal(smmuv3_model_access(f->m, 5, false, 0, 0x1234000, 0,
					     &r), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.bypass && r.pa == 0x1234000);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_disable(&f->dev), 0);
	assert_int_equal(smmuv3_dev_disable(&f->dev), SMMUV3_EPERM);
	/* An IRQ_CTRL acknowledgement that never comes. */
	assert_int_equal(smmuv3_model_fault_set(
				 f->m, SMMUV3_MODEL_FAULT_IRQ_ACK_NEVER, 0), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_ETIMEDOUT);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_CR0ACK), 0);
	fix_free(f);

	/* Unknown IRQ_CTRL bits are refused before touching the SMMU. */
	f = fix_new(SMMUV3_MODEL_MINIMAL);
	cfg.irq_ctrl = 1u << 7;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_CR0ACK), 0);
	fix_free(f);
}

/*
 * The Cavium page-0-only layout (firmware quirk): EVTQ PROD/CONS live at
 * their page-0 offsets, and events still flow.
 */
static void test_page0_only(void **state)
{
	struct smmuv3_model_config mc = { .preset = SMMUV3_MODEL_QEMU_VIRT_7_2,
					  .page0_only = true };
	struct smmuv3_dev_cfg cfg = {
		.fw = { .flags = SMMUV3_FW_QUIRK_PAGE0_ONLY },
		.limits = { .evtq_max_shift = 4 },
	};
	struct fix *f = test_calloc(1, sizeof(*f));
	struct smmuv3_event ev[2];
	uint64_t rec[4];
	size_t n;
	bool ovf;

	(void)state;
	assert_non_null(f);
	assert_int_equal(smmuv3_model_create(&mc, &f->m), 0);
	f->osal = smmuv3_model_osal(f->m);
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_true(f->dev.caps.options & SMMUV3_OPT_PAGE0_REGS_ONLY);
	assert_int_equal(f->dev.page1, 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(f->dev.evtq.prod_reg, SMMUV3_EVTQ_PROD);
	assert_int_equal(f->dev.evtq.log2size, 4);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	make_event(rec, 0x10, 3, 0x5000);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 2, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].sid, 3);
	assert_string_equal(smmuv3_model_last_violation(f->m), "");
	fix_free(f);
}

/* Other global errors are acknowledged; CMDQ state untouched. */
static void test_gerror_other(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_MINIMAL);
	struct smmuv3_gerror_info info;
	uint64_t rec[4];
	int ret;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, &info), SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	/* Make the event queue memory abort: the SMMU raises EVTQ_ABT_ERR. */
	smmuv3_model_abort_range(f->m, f->dev.evtq.base_pa, f->dev.evtq.bytes);
	make_event(rec, 0x10, 1, 0);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), SMMUV3_EFAULT);
	smmuv3_model_abort_range(f->m, 0, 0);
	ret = smmuv3_dev_handle_gerror(&f->dev, &info);
	assert_int_equal(ret, SMMUV3_EIO);
	assert_true(info.active & SMMUV3_GERROR_EVTQ_ABT_ERR);
	assert_false(info.disabled);
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, NULL), 0);
	assert_true(smmuv3_model_peek32(f->m, SMMUV3_CR0ACK) &
		    SMMUV3_CR0_SMMUEN);
	fix_free(f);
}

/*
 * Review findings: CMDQ_ERR and another error at once (GERRORN must toggle
 * each active bit exactly once: the model flags toggling an inactive one),
 * and a queue abort discarding its entries.
 */
static void test_gerror_cmdq_and_evtq(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_MINIMAL);
	struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_TLBI_NSNH_ALL };
	struct smmuv3_gerror_info info;
	struct smmuv3_event ev[4];
	struct smmuv3_cmd cmd;
	uint64_t rec[4];
	size_t n;
	bool ovf;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	/* A pending event that the abort below makes invalid. */
	make_event(rec, 0x10, 1, 0x1000);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	/* CMDQ_ERR left pending: issue without waiting. */
	assert_int_equal(smmuv3_cmd_encode(&f->dev.caps, &d, &cmd), 0);
	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_CMD_ILL_AT,
			 f->dev.cmdq.prod & ((1u << f->dev.cmdq.log2size) - 1)),
			 0);
	assert_int_equal(smmuv3_cmdq_issue(&f->dev.cmdq, &cmd, 1, NULL), 0);
	/* EVTQ_ABT_ERR: the queue memory aborts on the next record. */
	smmuv3_model_abort_range(f->m, f->dev.evtq.base_pa, f->dev.evtq.bytes);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), SMMUV3_EFAULT);
	smmuv3_model_abort_range(f->m, 0, 0);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_GERROR) ^
				 smmuv3_model_peek32(f->m, SMMUV3_GERRORN),
			 SMMUV3_GERROR_CMDQ_ERR | SMMUV3_GERROR_EVTQ_ABT_ERR);
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, &info), SMMUV3_EIO);
	assert_int_equal(info.active,
			 SMMUV3_GERROR_CMDQ_ERR | SMMUV3_GERROR_EVTQ_ABT_ERR);
	assert_int_equal(info.cmdq.cerror, SMMUV3_CERROR_ILL);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_GERROR),
			 smmuv3_model_peek32(f->m, SMMUV3_GERRORN));
	assert_string_equal(smmuv3_model_last_violation(f->m), "");
	/* The queue was emptied: the earlier record is not returned. */
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 0);
	/* The queue works again. */
	assert_int_equal(smmuv3_cmdq_submit(&f->dev.cmdq, &cmd, 1, NULL), 0);
	fix_free(f);
}

/* Firmware left the SMMU enabled: GBPA.ABORT goes first, then CR0 = 0. */
static void test_enable_after_firmware(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);
	struct smmuv3_dev *fw = test_calloc(1, sizeof(*fw));
	int gbpa = -1, cr0 = -1;
	unsigned int count;

	(void)state;
	/* "Firmware": a first driver instance leaves it enabled, bypass. */
	{
		struct smmuv3_dev_cfg c = { .flags = SMMUV3_DEV_F_BYPASS_UNKNOWN };

		assert_int_equal(smmuv3_dev_probe(fw, &f->osal, &c), 0);
		assert_int_equal(smmuv3_dev_init(fw), 0);
		assert_int_equal(smmuv3_dev_enable(fw), 0);
	}
	assert_false(smmuv3_model_peek32(f->m, SMMUV3_GBPA) & SMMUV3_GBPA_ABORT);
	smmuv3_model_log_clear(f->m);
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	count = smmuv3_model_log_count(f->m);
	for (unsigned int i = 0; i < count; i++) {
		struct smmuv3_model_log_entry e;

		assert_int_equal(smmuv3_model_log_get(f->m, i, &e), 0);
		if (e.kind != SMMUV3_MODEL_LOG_WRITE32)
			continue;
		if (e.offset == SMMUV3_GBPA && gbpa < 0)
			gbpa = (int)i;
		if (e.offset == SMMUV3_CR0 && cr0 < 0)
			cr0 = (int)i;
	}
	assert_true(gbpa >= 0 && cr0 >= 0 && gbpa < cr0);
	assert_string_equal(smmuv3_model_last_violation(f->m), "");
	/* The old instance's memory is not ours to free after this: the
	 * model frees everything at destroy. */
	test_free(fw);
	fix_free(f);
}

/* A second overflow after an acknowledged one is reported again, once. */
static void test_overflow_twice(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_MINIMAL);
	struct smmuv3_dev_cfg cfg = { .limits = { .evtq_max_shift = 2 } };
	struct smmuv3_event ev[8];
	uint64_t rec[4];
	size_t n;
	bool ovf;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(f->dev.evtq.log2size, 2); /* 4 entries */
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 0, &n, &ovf), 0);
	assert_int_equal(n, 0);
	for (int round = 0; round < 2; round++) {
		make_event(rec, 0x10, 1, 0);
		for (int i = 0; i < 5; i++) /* the fifth is lost */
			(void)smmuv3_model_event_inject(f->m, rec);
		assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 2, &n,
							&ovf), 0);
		assert_int_equal(n, 2);
		assert_true(ovf);
		assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 8, &n,
							&ovf), 0);
		assert_int_equal(n, 2);
		assert_false(ovf); /* reported once per overflow */
	}
	assert_true(f->dev.events_lost == 2);
	fix_free(f);
}

/* CR0 = 0 never acknowledged: FAILED, and fini does not free. */
static void test_disable_timeout_leaks(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_MINIMAL);
	struct smmuv3_mock *mock = smmuv3_model_mock(f->m);
	uint64_t live;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_model_fault_set(
				 f->m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER, 0), 0);
	assert_int_equal(smmuv3_dev_disable(&f->dev), SMMUV3_ETIMEDOUT);
	assert_int_equal(f->dev.state, SMMUV3_DEV_FAILED);
	live = mock->bytes_live;
	smmuv3_dev_fini(&f->dev);
	assert_true(mock->bytes_live == live); /* nothing freed */
	assert_int_equal(f->dev.state, SMMUV3_DEV_FAILED);
	/* Once the SMMU acknowledges, disable recovers and fini frees. */
	assert_int_equal(smmuv3_model_fault_clear(
				 f->m, SMMUV3_MODEL_FAULT_CR0ACK_NEVER), 0);
	smmuv3_dev_fini(&f->dev);
	assert_int_equal(f->dev.state, SMMUV3_DEV_NONE);
	assert_true(mock->bytes_live < live);
	fix_free(f);
}

/* MSI programming (IHI 0070 6.3.20-22) and refused IRQ configurations. */
static void test_msi(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL);
	struct smmuv3_model_counters ctr;
	struct smmuv3_dev_cfg cfg = {
		.irq_ctrl = SMMUV3_IRQ_CTRL_EVTQ_IRQEN,
	};
	smmuv3_pa_t pa;
	uint32_t *doorbell;
	uint64_t rec[4];

	(void)state;
	doorbell = f->osal.ops->alloc(f->osal.ctx, 64, 64, &pa);
	assert_non_null(doorbell);
	cfg.msi[SMMUV3_MSI_EVTQ] = (struct smmuv3_msi_cfg){
		.addr = pa, .data = 0xc0de, .memattr = 0xf, .sh = 3 };
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_true(smmuv3_model_peek64(f->m, SMMUV3_EVTQ_IRQ_CFG0) == pa);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_EVTQ_IRQ_CFG1), 0xc0de);
	assert_int_equal(smmuv3_model_peek32(f->m, SMMUV3_EVTQ_IRQ_CFG2), 0x3f);
	assert_true(smmuv3_model_peek64(f->m, SMMUV3_GERROR_IRQ_CFG0) == 0);
	make_event(rec, 0x10, 1, 0);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	smmuv3_model_counters(f->m, &ctr);
	assert_true(ctr.irq_msis[1] == 1);
	assert_int_equal(*doorbell, 0xc0de);
	f->osal.ops->free(f->osal.ctx, doorbell, 64);
	fix_free(f);

	/* PRIQ_IRQEN on a part without PRI; a misaligned doorbell. */
	f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);
	cfg = (struct smmuv3_dev_cfg){ .irq_ctrl = SMMUV3_IRQ_CTRL_PRIQ_IRQEN };
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_EINVAL);
	f->dev.cfg.irq_ctrl = 0;
	f->dev.cfg.msi[0].addr = 0x1002;
	assert_int_equal(smmuv3_dev_enable(&f->dev), SMMUV3_EINVAL);
	f->dev.cfg.msi[0].addr = 0;
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	fix_free(f);
}

/* Writing entries before enable needs no command (and cannot time out). */
static void test_ste_write_ready(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);
	struct smmuv3_write_result wr;
	struct smmuv3_ste bypass;
	struct smmuv3_model_result r;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_ste_build_bypass(&f->dev.caps, NULL, &bypass), 0);
	assert_int_equal(smmuv3_dev_ste_write(&f->dev, 0x31, &bypass, &wr), 0);
	assert_int_equal(smmuv3_model_cmd_log_count(f->m), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_model_access(f->m, 0x31, false, 0, 0x5000, 0,
					     &r), 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
	assert_true(r.bypass);
	fix_free(f);
}

/* ------------------------------------------------------------------ */
/* Draining never loses a record; consumers in another component       */
/* ------------------------------------------------------------------ */

/* Who drains: the device itself or a struct smmuv3_queue_consumer. */
struct rd {
	struct smmuv3_dev *dev;
	struct smmuv3_queue_consumer *c; /* NULL: the device drains */
	bool pri;
};

/* One call; the tag of each consumed record (event input address, PRI
 * page address) goes to @tags. */
static int rd_call(const struct rd *r, size_t max, uint64_t *tags, size_t *n,
		   bool *ovf)
{
	struct smmuv3_event ev[64];
	struct smmuv3_pri pr[64];
	int ret;

	assert_true(max <= 64);
	*n = 999;
	if (r->pri)
		ret = r->c ? smmuv3_queue_read_pri(r->c, pr, max, n, ovf)
			   : smmuv3_dev_read_pri(r->dev, pr, max, n, ovf);
	else
		ret = r->c ? smmuv3_queue_read_events(r->c, ev, max, n, ovf)
			   : smmuv3_dev_read_events(r->dev, ev, max, n, ovf);
	/* *n is written whatever the result. */
	assert_true(*n <= max);
	for (size_t i = 0; i < *n; i++)
		tags[i] = r->pri ? pr[i].addr : ev[i].input_addr;
	return ret;
}

static void inject_tagged(struct smmuv3_model *m, bool pri, uint64_t tag)
{
	if (pri) {
		struct smmuv3_model_pri_req q = { .sid = 1, .read = true,
						  .addr = tag };

		assert_int_equal(smmuv3_model_pri_request(m, &q), 0);
	} else {
		uint64_t rec[4];

		make_event(rec, 0x10, 1, tag);
		assert_int_equal(smmuv3_model_event_inject(m, rec), 0);
	}
}

/* Call until a call succeeds with nothing left; count SMMUV3_EIO results. */
static size_t drain_all(const struct rd *r, size_t max, uint64_t *got,
			int *eio)
{
	size_t total = 0;
	bool ovf;

	*eio = 0;
	for (int calls = 0; calls < 1000; calls++) {
		size_t n;
		int ret = rd_call(r, max, got + total, &n, &ovf);

		assert_false(ovf);
		total += n;
		if (ret == SMMUV3_EIO)
			(*eio)++;
		else if (ret != 0)
			fail_msg("drain returned %d", ret);
		else if (n == 0)
			return total;
	}
	fail_msg("queue never drained");
	return total;
}

static unsigned int count_reads(struct smmuv3_model *m, uint32_t off)
{
	unsigned int k = 0;
	int i = 0;

	while ((i = smmuv3_model_log_find(m, (unsigned int)i,
					  SMMUV3_MODEL_LOG_READ32, off)) >= 0) {
		k++;
		i++;
	}
	return k;
}

/*
 * A lying PROD (0xffffffff) at every PROD read of a drain, for several
 * call sizes (one record per call, chunks of 16, a call of 17 that
 * crosses a chunk boundary, 64): every queued record is delivered exactly
 * once and in order across the calls, and exactly one call fails.
 */
static void check_lossless(struct smmuv3_model *m, const struct rd *r,
			   uint32_t prod_reg, uint32_t entries)
{
	static const size_t maxes[] = { 1, 7, 16, 17, 64 };
	uint32_t nrec = entries - 1u < 37u ? entries - 1u : 37u;
	uint64_t got[256], serial = 1;
	int eio;

	for (size_t mi = 0; mi < sizeof(maxes) / sizeof(maxes[0]); mi++) {
		uint64_t first = serial;
		unsigned int reads;

		/* A clean drain: how many PROD reads it makes. */
		for (uint32_t i = 0; i < nrec; i++)
			inject_tagged(m, r->pri, (serial++) << 12);
		smmuv3_model_log_clear(m);
		assert_int_equal(drain_all(r, maxes[mi], got, &eio), nrec);
		assert_int_equal(eio, 0);
		reads = count_reads(m, prod_reg);
		/* At least one read per chunk of 16 and per call. */
		assert_true(reads >= (nrec + 15u) / 16u + 1u);
		for (uint32_t i = 0; i < nrec; i++)
			assert_true(got[i] == (first + i) << 12);

		for (unsigned int k = 1; k <= reads; k++) {
			first = serial;
			for (uint32_t i = 0; i < nrec; i++)
				inject_tagged(m, r->pri, (serial++) << 12);
			assert_int_equal(smmuv3_model_fault_set(m,
					 SMMUV3_MODEL_FAULT_QPROD_CORRUPT, k), 0);
			assert_int_equal(drain_all(r, maxes[mi], got, &eio),
					 nrec);
			assert_int_equal(eio, 1);
			for (uint32_t i = 0; i < nrec; i++)
				assert_true(got[i] == (first + i) << 12);
		}
	}
}

static void test_drain_corrupt_prod(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL);
	struct smmuv3_event ev[2];
	struct rd r = { .pri = false };
	size_t n = 99;
	bool ovf = true;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	/* *n and *overflowed are written on every error but EINVAL. */
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 2, &n, &ovf),
			 SMMUV3_EPERM);
	assert_int_equal(n, 0);
	assert_false(ovf);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	r.dev = &f->dev;
	check_lossless(f->m, &r, f->dev.evtq.prod_reg,
		       1u << f->dev.evtq.log2size);
	r.pri = true;
	check_lossless(f->m, &r, f->dev.priq.prod_reg,
		       1u << f->dev.priq.log2size);
	fix_free(f);

	/* The page-0-only layout (PROD in page 0) and a 16-entry queue. */
	{
		struct smmuv3_model_config mc = {
			.preset = SMMUV3_MODEL_MINIMAL, .page0_only = true };
		struct smmuv3_dev_cfg cfg = {
			.fw = { .flags = SMMUV3_FW_QUIRK_PAGE0_ONLY },
			.limits = { .evtq_max_shift = 4 },
		};

		f = test_calloc(1, sizeof(*f));
		assert_non_null(f);
		assert_int_equal(smmuv3_model_create(&mc, &f->m), 0);
		f->osal = smmuv3_model_osal(f->m);
		assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	}
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(f->dev.evtq.prod_reg, SMMUV3_EVTQ_PROD);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	r = (struct rd){ .dev = &f->dev };
	check_lossless(f->m, &r, f->dev.evtq.prod_reg,
		       1u << f->dev.evtq.log2size);
	fix_free(f);
}

/* An owner that leaves its queues to a consumer elsewhere. */
static struct fix *fix_external(enum smmuv3_model_preset p)
{
	/* Queues of 2^7 entries: the overflow test fills one. */
	struct smmuv3_dev_cfg cfg = {
		.flags = SMMUV3_DEV_F_QUEUES_EXTERNAL,
		.limits = { .evtq_max_shift = 7, .priq_max_shift = 7 },
	};
	struct fix *f = fix_new(p);

	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	return f;
}

/* Attach a consumer as another component would: from the exported info
 * only, mapping the queue memory by its physical address. */
static void attach(struct fix *f, enum smmuv3_queue_kind kind,
		   struct smmuv3_queue_consumer *c)
{
	struct smmuv3_queue_info info;
	void *va;

	assert_int_equal(smmuv3_dev_queue_info(&f->dev, kind, &info), 0);
	va = smmuv3_mock_pa_to_va(smmuv3_model_mock(f->m), info.base_pa,
				  (size_t)info.entry_bytes << info.log2size);
	assert_non_null(va);
	assert_int_equal(smmuv3_queue_attach(c, &f->osal, &info, va), 0);
}

static void test_queue_consumer(void **state)
{
	struct fix *f = fix_external(SMMUV3_MODEL_FULL);
	struct smmuv3_queue_consumer c, c2, cp;
	struct smmuv3_queue_info info, bad;
	struct smmuv3_gerror_info gi;
	struct smmuv3_event ev[4];
	struct smmuv3_pri pr[4];
	uint64_t rec[4], *got;
	struct rd r;
	uint32_t cons;
	size_t n;
	bool ovf;
	int eio;

	(void)state;
	/* The owner does not drain. */
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 4, &n, &ovf),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_read_pri(&f->dev, pr, 4, &n, &ovf),
			 SMMUV3_EPERM);

	/* What is exported: the queue as programmed into EVTQ_BASE. */
	assert_int_equal(smmuv3_dev_queue_info(&f->dev, SMMUV3_QUEUE_EVTQ,
					       &info), 0);
	assert_int_equal(info.entry_bytes, 32);
	assert_int_equal(info.kind, SMMUV3_QUEUE_EVTQ);
	assert_true((smmuv3_model_peek64(f->m, SMMUV3_EVTQ_BASE) &
		     SMMUV3_Q_BASE_ADDR) == info.base_pa);
	assert_int_equal(smmuv3_model_peek64(f->m, SMMUV3_EVTQ_BASE) &
			 SMMUV3_Q_BASE_LOG2SIZE, info.log2size);
	assert_int_equal(info.prod_reg, SMMUV3_PAGE1 + SMMUV3_EVTQ_PROD);
	assert_int_equal(smmuv3_dev_queue_info(NULL, SMMUV3_QUEUE_EVTQ, &info),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_dev_queue_info(&f->dev, 7, &info),
			 SMMUV3_EINVAL);

	/* Refused descriptions. */
	bad = info;
	bad.entry_bytes = 16;
	assert_int_equal(smmuv3_queue_attach(&c, &f->osal, &bad, &c),
			 SMMUV3_EINVAL);
	bad = info;
	bad.kind = 2;
	assert_int_equal(smmuv3_queue_attach(&c, &f->osal, &bad, &c),
			 SMMUV3_EINVAL);
	bad = info;
	bad.base_pa += 32;
	assert_int_equal(smmuv3_queue_attach(&c, &f->osal, &bad, &c),
			 SMMUV3_EINVAL);
	bad = info;
	bad.log2size = 20;
	assert_int_equal(smmuv3_queue_attach(&c, &f->osal, &bad, &c),
			 SMMUV3_EINVAL);
	bad = info;
	bad.cons_reg += 2;
	assert_int_equal(smmuv3_queue_attach(&c, &f->osal, &bad, &c),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_queue_attach(&c, &f->osal, &info, NULL),
			 SMMUV3_EINVAL);

	attach(f, SMMUV3_QUEUE_EVTQ, &c);
	make_event(rec, 0x10, 9, 0x7000);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	make_event(rec, 0x13, 10, 0x8000);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	/* The same decoder as the owner's: the record's fields. */
	assert_int_equal(smmuv3_queue_read_events(&c, ev, 1, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].id, SMMUV3_EVT_F_TRANSLATION);
	assert_int_equal(ev[0].sid, 9);
	assert_true(ev[0].input_addr == 0x7000);
	/* A second consumer continues where the first stopped (CONS). */
	attach(f, SMMUV3_QUEUE_EVTQ, &c2);
	assert_int_equal(smmuv3_queue_read_events(&c2, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].id, SMMUV3_EVT_F_PERMISSION);
	assert_int_equal(ev[0].sid, 10);
	/* Wrong kind, NULL pointers. */
	assert_int_equal(smmuv3_queue_read_pri(&c2, pr, 4, &n, &ovf),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_queue_read_events(&c2, NULL, 4, &n, &ovf),
			 SMMUV3_EINVAL);

	/* Overflow seen and acknowledged through the consumer. */
	for (uint32_t i = 0; i <= (1u << info.log2size); i++) {
		make_event(rec, 0x10, 1, 0);
		(void)smmuv3_model_event_inject(f->m, rec);
	}
	assert_int_equal(smmuv3_queue_read_events(&c2, ev, 4, &n, &ovf), 0);
	assert_true(ovf);
	assert_int_equal(n, 4);
	r = (struct rd){ .c = &c2 };
	got = test_calloc(1u << info.log2size, sizeof(*got));
	assert_non_null(got);
	assert_int_equal(drain_all(&r, 64, got, &eio),
			 (1u << info.log2size) - 4u);
	test_free(got);
	assert_true((smmuv3_model_peek32(f->m, info.cons_reg) &
		     SMMUV3_Q_OVF) ==
		    (smmuv3_model_peek32(f->m, info.prod_reg) & SMMUV3_Q_OVF));
	assert_true(c2.overflows == 1);

	/* Lossless under a lying PROD, as the owner's own drain. */
	check_lossless(f->m, &r, info.prod_reg, 1u << info.log2size);

	/*
	 * A queue abort: the owner's GERROR handler reports it but leaves
	 * the consumer's CONS alone; the consumer discards.
	 */
	make_event(rec, 0x10, 1, 0);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), 0);
	cons = smmuv3_model_peek32(f->m, info.cons_reg);
	smmuv3_model_abort_range(f->m, info.base_pa,
				 (size_t)info.entry_bytes << info.log2size);
	assert_int_equal(smmuv3_model_event_inject(f->m, rec), SMMUV3_EFAULT);
	smmuv3_model_abort_range(f->m, 0, 0);
	assert_int_equal(smmuv3_dev_handle_gerror(&f->dev, &gi), SMMUV3_EIO);
	assert_true(gi.active & SMMUV3_GERROR_EVTQ_ABT_ERR);
	assert_int_equal(smmuv3_model_peek32(f->m, info.cons_reg), cons);
	/* A lying PROD: nothing is discarded (CONS unchanged), then it is. */
	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_QPROD_CORRUPT, 1), 0);
	assert_int_equal(smmuv3_queue_discard(&c2), SMMUV3_EIO);
	assert_int_equal(smmuv3_model_peek32(f->m, info.cons_reg), cons);
	assert_int_equal(smmuv3_queue_discard(&c2), 0);
	assert_int_equal(smmuv3_queue_read_events(&c2, ev, 4, &n, &ovf), 0);
	assert_int_equal(n, 0);
	assert_int_equal(smmuv3_queue_discard(NULL), SMMUV3_EINVAL);

	/* The PRI queue. */
	attach(f, SMMUV3_QUEUE_PRIQ, &cp);
	{
		struct smmuv3_model_pri_req q = {
			.sid = 0x42, .ssid = 3, .ssv = true, .write = true,
			.last = true, .grpid = 0x12, .addr = 0xbeef000,
		};

		assert_int_equal(smmuv3_model_pri_request(f->m, &q), 0);
	}
	assert_int_equal(smmuv3_queue_read_pri(&cp, pr, 4, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pr[0].sid, 0x42);
	assert_true(pr[0].ssv && pr[0].write && pr[0].last);
	assert_int_equal(pr[0].grpid, 0x12);
	assert_true(pr[0].addr == 0xbeef000);
	r = (struct rd){ .c = &cp, .pri = true };
	check_lossless(f->m, &r, info.prod_reg - SMMUV3_EVTQ_PROD +
				 SMMUV3_PRIQ_PROD, 1u << cp.q.log2size);
	fix_free(f);

	/* No PRI queue to export without PRI. */
	f = fix_external(SMMUV3_MODEL_QEMU_VIRT_7_2);
	assert_int_equal(smmuv3_dev_queue_info(&f->dev, SMMUV3_QUEUE_PRIQ,
					       &info), SMMUV3_EOPNOTSUPP);
	fix_free(f);
}

/* The record decoders, as pure functions of the words. */
static void test_record_decoders(void **state)
{
	/* IHI 0070 8.1: SID [31:0], SSID [51:32], PnU 58, Exec 59, Read 60,
	 * Write 61, Last 62, SSV 63; PRG index [8:0] and Addr [63:12]. */
	const uint64_t raw[2] = {
		0x77ull | (0x12345ull << 32) | (1ull << 58) | (1ull << 60) |
			(1ull << 62) | (1ull << 63),
		0x1ffull | 0xabcdef000ull,
	};
	struct smmuv3_pri req;

	(void)state;
	assert_int_equal(smmuv3_pri_decode(raw, &req), 0);
	assert_int_equal(req.sid, 0x77);
	assert_int_equal(req.ssid, 0x12345);
	assert_true(req.priv && req.read && req.last && req.ssv);
	assert_false(req.exec || req.write);
	assert_int_equal(req.grpid, 0x1ff);
	assert_true(req.addr == 0xabcdef000ull);
	assert_int_equal(smmuv3_pri_decode(NULL, &req), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_pri_decode(raw, NULL), SMMUV3_EINVAL);
}

/* RESUME and PRI_RESP through the device; the command queue accessor. */
static void test_responses(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL);
	struct smmuv3_model_pri_req q = {
		.sid = 0x42, .ssid = 5, .ssv = true, .read = true,
		.last = true, .grpid = 0x1ab, .addr = 0xdead000,
	};
	struct smmuv3_model_counters ctr;
	struct smmuv3_model_cmd c;
	struct smmuv3_pri req;
	unsigned int k;
	size_t n;
	bool ovf;

	(void)state;
	assert_null(smmuv3_dev_cmdq(NULL));
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_null(smmuv3_dev_cmdq(&f->dev));
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_ptr_equal(smmuv3_dev_cmdq(&f->dev), &f->dev.cmdq);
	assert_int_equal(smmuv3_dev_resume(&f->dev, 1, 2, SMMUV3_RESUME_RETRY),
			 SMMUV3_EPERM);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_dev_resume(NULL, 1, 2, 0), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_dev_resume(&f->dev, 1, 2, 3), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_dev_resume(&f->dev, 1u << f->dev.caps.sid_bits,
					   2, 0), SMMUV3_ERANGE);

	/* RESUME (IHI 0070 4.7.1): opcode 0x44, Ac bit 12 (retry), Ab bit
	 * 13, StreamID [63:32]; STAG in dw1 [15:0]. Nothing is stalled, so
	 * the model counts it unmatched. */
	assert_int_equal(smmuv3_dev_resume(&f->dev, 0x31, 0x1234,
					   SMMUV3_RESUME_RETRY), 0);
	assert_int_equal(smmuv3_cmdq_sync(smmuv3_dev_cmdq(&f->dev), NULL), 0);
	k = smmuv3_model_cmd_log_count(f->m);
	assert_int_equal(smmuv3_model_cmd_log_get(f->m, k - 2, &c), 0);
	assert_true(c.dw[0] == (0x44ull | (1ull << 12) | (0x31ull << 32)));
	assert_true(c.dw[1] == 0x1234);
	smmuv3_model_counters(f->m, &ctr);
	assert_true(ctr.resumes_unmatched == 1);

	/* PRI_RESP closes the group the request belongs to. */
	assert_int_equal(smmuv3_model_pri_request(f->m, &q), 0);
	assert_int_equal(smmuv3_dev_read_pri(&f->dev, &req, 1, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_true(smmuv3_model_prg_outstanding(f->m, 0x42, 0x1ab));
	assert_int_equal(smmuv3_dev_pri_resp(&f->dev, &req, 3), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_dev_pri_resp(&f->dev, NULL, 2), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_dev_pri_resp(&f->dev, &req,
					     SMMUV3_PRI_RESP_SUCCESS), 0);
	assert_int_equal(smmuv3_cmdq_sync(smmuv3_dev_cmdq(&f->dev), NULL), 0);
	assert_false(smmuv3_model_prg_outstanding(f->m, 0x42, 0x1ab));
	smmuv3_model_counters(f->m, &ctr);
	assert_true(ctr.pri_resps == 1 && ctr.pri_resps_unmatched == 0);
	fix_free(f);

	/* No PRI; and a part without stalls refuses RESUME. */
	f = fix_new(SMMUV3_MODEL_QEMU_VIRT_7_2);
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_int_equal(smmuv3_dev_pri_resp(&f->dev, &req, 2),
			 SMMUV3_EOPNOTSUPP);
	if (f->dev.caps.stall_model == SMMUV3_IDR0_STALL_MODEL_NONE)
		assert_int_equal(smmuv3_dev_resume(&f->dev, 1, 2, 0),
				 SMMUV3_EOPNOTSUPP);
	else
		assert_int_equal(smmuv3_dev_resume(&f->dev, 1, 2, 0), 0);
	fix_free(f);
}

/* ------------------------------------------------------------------ */
/* Unknown streams bypass with every stream-table format              */
/* ------------------------------------------------------------------ */

/* Watches two StreamIDs of one span at every command and barrier. */
struct span_watch {
	uint32_t sid, other;
	unsigned int checks, bad;
};

static void watch_span(void *ctx, struct smmuv3_model *m,
		       enum smmuv3_model_obs_kind kind, const uint64_t *dw,
		       unsigned int barrier)
{
	struct span_watch *w = ctx;
	struct mdl_fault fault;
	struct mdl_ste ste;

	(void)kind;
	(void)dw;
	(void)barrier;
	w->checks++;
	/* The neighbour always bypasses (Config 0b100). */
	if (smmuv3_model_ste_peek(m, w->other, &ste, &fault) != 0 ||
	    !ste.valid || ste.config != 4)
		w->bad++;
	/* The stream written: bypass until its abort STE lands. */
	if (smmuv3_model_ste_peek(m, w->sid, &ste, &fault) != 0 ||
	    !ste.valid || (ste.config != 4 && ste.config != 0))
		w->bad++;
}

static bool bypasses(struct smmuv3_model *m, uint32_t sid)
{
	struct smmuv3_model_result r;

	assert_int_equal(smmuv3_model_access(m, sid, false, 0, 0x4000, 0, &r),
				 0);
	return r.outcome == SMMUV3_MODEL_XLATE_OK && r.bypass &&
	       r.pa == 0x4000;
}

/* CFGI_STE (0x03) for @sid with Leaf (dw1 bit 0) = @leaf, in the log. */
static unsigned int count_cfgi(struct smmuv3_model *m, uint32_t sid, bool leaf)
{
	unsigned int i, k = 0, n = smmuv3_model_cmd_log_count(m);
	struct smmuv3_model_cmd c;

	for (i = 0; i < n; i++) {
		assert_int_equal(smmuv3_model_cmd_log_get(m, i, &c), 0);
		if ((c.dw[0] & 0xff) == 0x03 && (c.dw[0] >> 32) == sid &&
		    (c.dw[1] & 1) == leaf)
			k++;
	}
	return k;
}

/*
 * SMMUV3_DEV_F_BYPASS_UNKNOWN on every preset, linear or 2-level: every
 * unconfigured StreamID bypasses; configuring one stream (an abort STE)
 * changes that stream only, and the switch of its span from the shared
 * bypass L2 table to its own never shows the SMMU anything but bypass for
 * its neighbour (the model's observer peeks at every command and
 * barrier). Without the flag, unknown streams do not pass.
 */
static void test_bypass_unknown_presets(void **state)
{
	(void)state;
	for (int p = 0; p < SMMUV3_MODEL_PRESET_COUNT; p++) {
		struct smmuv3_dev_cfg cfg = {
			.flags = SMMUV3_DEV_F_BYPASS_UNKNOWN };
		/*
		 * Caching on use: with the shared bypass table every StreamID
		 * has a valid STE, and eager caching would walk all of them
		 * at every barrier. The observer checks each step instead.
		 */
		struct fix *f = fix_new_caching((enum smmuv3_model_preset)p,
						SMMUV3_MODEL_CACHE_ON_USE);
		struct span_watch w = { 0 };
		struct smmuv3_write_result wr;
		struct smmuv3_ste abort_ste;
		uint32_t top, sid;

		assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
		assert_int_equal(smmuv3_dev_init(&f->dev), 0);
		assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
		top = f->dev.caps.sid_bits >= 32
			      ? UINT32_MAX
			      : (uint32_t)((1ull << f->dev.caps.sid_bits) - 1);
		/* the table may cover fewer StreamIDs than sid_bits */
		if (f->dev.strtab.log2size < 32)
			top = (uint32_t)((1ull << f->dev.strtab.log2size) - 1);
		assert_true(bypasses(f->m, 0));
		assert_true(bypasses(f->m, 1));
		assert_true(bypasses(f->m, top / 2));
		assert_true(bypasses(f->m, top));

		sid = top / 3;
		w.sid = sid;
		w.other = sid ^ 1u;
		assert_int_equal(smmuv3_ste_build_abort(&abort_ste), 0);
		smmuv3_model_set_observer(f->m, watch_span, &w);
		assert_int_equal(smmuv3_dev_ste_write(&f->dev, sid, &abort_ste,
						      &wr), 0);
		smmuv3_model_set_observer(f->m, NULL, NULL);
		assert_true(w.checks > 0);
		assert_int_equal(w.bad, 0);
		assert_false(bypasses(f->m, sid));
		assert_true(bypasses(f->m, sid ^ 1u));
		assert_true(bypasses(f->m, top));
		assert_true(bypasses(f->m, 0));
		/* IHI 0070 5.1.1: the replaced L1 descriptor was invalidated
		 * with the non-leaf CFGI_STE (2-level only). */
		assert_int_equal(count_cfgi(f->m, sid, false),
				 f->dev.strtab.two_level ? 1u : 0u);
		assert_string_equal(smmuv3_model_last_violation(f->m), "");
		fix_free(f);

		/* Without the flag an unknown stream never passes. */
		f = fix_new((enum smmuv3_model_preset)p);
		assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
		assert_int_equal(smmuv3_dev_init(&f->dev), 0);
		assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
		assert_false(bypasses(f->m, 0));
		assert_false(bypasses(f->m, top));
		fix_free(f);
	}
}

/*
 * The invalidation of a switched L1 descriptor failing (a stuck command
 * queue): the span keeps its new table, marked; the retry invalidates it
 * again before writing the STE.
 */
static void test_bypass_unknown_sync_error(void **state)
{
	struct smmuv3_dev_cfg cfg = { .flags = SMMUV3_DEV_F_BYPASS_UNKNOWN };
	/* on use: every StreamID's STE is valid (see above) */
	struct fix *f = fix_new_caching(SMMUV3_MODEL_QEMU_VIRT_7_2,
					SMMUV3_MODEL_CACHE_ON_USE);
	struct smmuv3_ste abort_ste;
	const uint32_t sid = 0x345;
	uint32_t idx;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, &cfg), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_true(f->dev.strtab.two_level);
	idx = sid >> f->dev.strtab.split;
	assert_int_equal(smmuv3_cmdq_set_timeout(smmuv3_dev_cmdq(&f->dev),
						 1000000), 0);
	assert_int_equal(smmuv3_ste_build_abort(&abort_ste), 0);
	assert_int_equal(smmuv3_model_fault_set(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0), 0);
	assert_int_equal(smmuv3_dev_ste_write(&f->dev, sid, &abort_ste, NULL),
			 SMMUV3_ETIMEDOUT);
	assert_non_null(f->dev.strtab.l2[idx]);
	assert_int_equal(f->dev.strtab.l1_stale[idx], 1);
	assert_true(bypasses(f->m, sid));
	assert_int_equal(smmuv3_model_fault_clear(f->m,
			 SMMUV3_MODEL_FAULT_CMDQ_STUCK), 0);
	assert_int_equal(smmuv3_dev_ste_write(&f->dev, sid, &abort_ste, NULL),
			 0);
	assert_int_equal(f->dev.strtab.l1_stale[idx], 0);
	/* once from the stuck attempt (consumed late), once from the retry */
	assert_int_equal(count_cfgi(f->m, sid, false), 2);
	assert_false(bypasses(f->m, sid));
	assert_true(bypasses(f->m, sid + 1));
	fix_free(f);
}

/*
 * RESUME end to end: a stalling stage-2 STE over an empty table (every
 * access faults, IHI 0070 5.5 S2S: the fault stalls), the stall event read
 * through the device, then smmuv3_dev_resume() with Terminate: the model
 * ends the stalled transaction (3.12.2), and a second stall answered with
 * Retry is translated again (and stalls again: the table is still empty).
 */
static void test_resume_stall(void **state)
{
	struct fix *f = fix_new(SMMUV3_MODEL_FULL);
	struct smmuv3_ste_s2 s2 = {
		.vmid = 1, .t0sz = 32, .sl0 = 1, /* 32-bit IPA, start level 1 */
		.irgn = 1, .orgn = 1, .sh = 3, .tg = 0, .ps = 0,
		.aa64 = true, .record = true,
	};
	struct smmuv3_model_counters ctr;
	struct smmuv3_model_result r, fin;
	struct smmuv3_event ev[2];
	struct smmuv3_ste ste;
	smmuv3_pa_t pa;
	void *table;
	size_t n;
	bool ovf;

	(void)state;
	assert_int_equal(smmuv3_dev_probe(&f->dev, &f->osal, NULL), 0);
	assert_int_equal(smmuv3_dev_init(&f->dev), 0);
	assert_int_equal(smmuv3_dev_enable(&f->dev), 0);
	assert_true(f->dev.caps.features & SMMUV3_FEAT_STALLS);
	table = f->osal.ops->alloc(f->osal.ctx, 4096, 4096, &pa);
	assert_non_null(table);
	memset(table, 0, 4096);
	s2.ttb = pa;
	assert_int_equal(smmuv3_ste_build_s2(&f->dev.caps, &s2,
					     SMMUV3_STE_F_STALL, &ste), 0);
	assert_int_equal(smmuv3_dev_ste_write(&f->dev, 3, &ste, NULL), 0);

	assert_int_equal(smmuv3_model_access(f->m, 3, false, 0, 0x5000, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_STALLED);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 2, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_true(ev[0].stall);
	assert_int_equal(ev[0].sid, 3);
	assert_int_equal(ev[0].stag, r.stag);
	assert_int_equal(smmuv3_model_stall_result(f->m, ev[0].stag, &fin),
			 SMMUV3_EAGAIN);
	assert_int_equal(smmuv3_dev_resume(&f->dev, ev[0].sid, ev[0].stag,
					   SMMUV3_RESUME_TERMINATE), 0);
	assert_int_equal(smmuv3_cmdq_sync(smmuv3_dev_cmdq(&f->dev), NULL), 0);
	assert_int_equal(smmuv3_model_stall_result(f->m, ev[0].stag, &fin), 0);
	assert_int_equal(fin.outcome, SMMUV3_MODEL_XLATE_ABORT);

	assert_int_equal(smmuv3_model_access(f->m, 3, false, 0, 0x6000, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_STALLED);
	assert_int_equal(smmuv3_dev_read_events(&f->dev, ev, 2, &n, &ovf), 0);
	assert_int_equal(n, 1);
	assert_int_equal(smmuv3_dev_resume(&f->dev, ev[0].sid, ev[0].stag,
					   SMMUV3_RESUME_RETRY), 0);
	assert_int_equal(smmuv3_cmdq_sync(smmuv3_dev_cmdq(&f->dev), NULL), 0);
	smmuv3_model_counters(f->m, &ctr);
	assert_true(ctr.resumes == 2 && ctr.resumes_unmatched == 0);
	f->osal.ops->free(f->osal.ctx, table, 4096);
	fix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_names),
		cmocka_unit_test(test_enable_presets),
		cmocka_unit_test(test_enable_order),
		cmocka_unit_test(test_enable_ack_timeout),
		cmocka_unit_test(test_probe_errors),
		cmocka_unit_test(test_init_alloc_failure),
		cmocka_unit_test(test_events_and_overflow),
		cmocka_unit_test(test_pri),
		cmocka_unit_test(test_gerror),
		cmocka_unit_test(test_event_decode),
		cmocka_unit_test(test_enable_options),
		cmocka_unit_test(test_page0_only),
		cmocka_unit_test(test_gerror_other),
		cmocka_unit_test(test_gerror_cmdq_and_evtq),
		cmocka_unit_test(test_enable_after_firmware),
		cmocka_unit_test(test_overflow_twice),
		cmocka_unit_test(test_disable_timeout_leaks),
		cmocka_unit_test(test_msi),
		cmocka_unit_test(test_ste_write_ready),
		cmocka_unit_test(test_drain_corrupt_prod),
		cmocka_unit_test(test_queue_consumer),
		cmocka_unit_test(test_record_decoders),
		cmocka_unit_test(test_responses),
		cmocka_unit_test(test_resume_stall),
		cmocka_unit_test(test_bypass_unknown_presets),
		cmocka_unit_test(test_bypass_unknown_sync_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
