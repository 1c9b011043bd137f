// SPDX-License-Identifier: BSD-2-Clause
/*
 * The library against the model: libsmmuv3's probe and command queue drive
 * the model through its mock port, and the model (written independently
 * from IHI 0070) judges the result: the ID presets resolve, commands
 * arrive with the fields the caller asked for, the PROD doorbell follows a
 * publishing barrier, each completion mode (polling, SEV, MSI write-back)
 * completes, and a CERROR_ILL injected by the model is recovered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

struct t {
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	struct smmuv3_caps caps;
	struct smmuv3_cmdq q;
};

static void t_init_cfg(struct t *t, const struct smmuv3_model_config *cfg)
{
	struct smmuv3_idregs regs;
	struct smmuv3_probe_report rep;

	memset(t, 0, sizeof(*t));
	assert_int_equal(smmuv3_model_create(cfg, &t->m), 0);
	t->o = smmuv3_model_osal(t->m);
	assert_int_equal(smmuv3_idr_read(&t->o, &regs), 0);
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(smmuv3_idr_resolve(&regs, NULL, NULL, &t->caps, &rep),
			 0);
}

static void t_init(struct t *t, enum smmuv3_model_preset p)
{
	struct smmuv3_model_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = p;
	t_init_cfg(t, &cfg);
}

static void t_cmdq(struct t *t)
{
	assert_int_equal(smmuv3_cmdq_init(&t->q, &t->o, &t->caps, 4), 0);
	assert_int_equal(smmuv3_cmdq_hw_init(&t->q), 0);
	t->o.ops->write32(t->o.ctx, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
}

static void t_fini(struct t *t)
{
	smmuv3_cmdq_fini(&t->q);
	smmuv3_model_destroy(t->m);
}

static void test_presets_probe(void **state)
{
	static const enum smmuv3_model_preset all[] = {
		SMMUV3_MODEL_QEMU_VIRT_7_2, SMMUV3_MODEL_MMU600_R0P0,
		SMMUV3_MODEL_MMU600_R1P0,   SMMUV3_MODEL_MMU600_R2P0,
		SMMUV3_MODEL_MMU700_R0P0,   SMMUV3_MODEL_MMU700_R1P1,
		SMMUV3_MODEL_S2_ONLY,	    SMMUV3_MODEL_FULL,
		SMMUV3_MODEL_MINIMAL,
	};
	struct t t;
	unsigned int i;

	(void)state;
	/* Every preset is an SMMU the library accepts. */
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		t_init(&t, all[i]);
		smmuv3_model_destroy(t.m);
	}
	/* QEMU: SIDSIZE 16, 16-bit ASIDs, 8-bit VMIDs, stage 1 only. */
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	assert_int_equal(t.caps.sid_bits, 16);
	assert_int_equal(t.caps.asid_bits, 16);
	assert_int_equal(t.caps.vmid_bits, 8);
	assert_true(t.caps.features & SMMUV3_FEAT_TRANS_S1);
	assert_false(t.caps.features & SMMUV3_FEAT_TRANS_S2);
	smmuv3_model_destroy(t.m);
}

static void test_submit_reaches_model(void **state)
{
	struct smmuv3_model_counters c;
	struct smmuv3_model_cmd mc;
	struct smmuv3_cmdq_status st;
	struct smmuv3_cmd_desc d;
	struct smmuv3_cmd cmd;
	struct mdl_xlate x;
	unsigned int n;
	int prod_w;
	struct t t;

	(void)state;
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	t_cmdq(&t);
	/* A cached stage-1 translation of ASID 3 (VMID 0). */
	memset(&x, 0, sizeof(x));
	x.pa = 0x80000000;
	x.size_log2 = 12;
	x.readable = true;
	x.asid = 3;
	x.s1_level = 3;
	assert_int_equal(smmuv3_model_tlb_insert(t.m, 0x1000, 1, false, &x), 0);
	memset(&d, 0, sizeof(d));
	d.opcode = SMMUV3_OP_TLBI_NH_ASID;
	d.asid = 3;
	assert_int_equal(smmuv3_cmd_encode(&t.caps, &d, &cmd), 0);
	smmuv3_model_log_clear(t.m);
	assert_int_equal(smmuv3_cmdq_submit(&t.q, &cmd, 1, &st), 0);
	/* The model ran TLBI_NH_ASID (0x11) with ASID 3 in [63:48], then a
	 * CMD_SYNC (0x46), and dropped the entry. */
	n = smmuv3_model_cmd_log_count(t.m);
	assert_int_equal(n, 2);
	assert_int_equal(smmuv3_model_cmd_log_get(t.m, 0, &mc), 0);
	assert_true((mc.dw[0] & 0xff) == 0x11 && (mc.dw[0] >> 48) == 3);
	assert_int_equal(smmuv3_model_cmd_log_get(t.m, 1, &mc), 0);
	assert_true((mc.dw[0] & 0xff) == 0x46);
	assert_int_equal(smmuv3_model_tlb_count(t.m), 0);
	/* The doorbell came after a barrier that publishes the entries. */
	prod_w = smmuv3_model_log_find(t.m, 0, SMMUV3_MODEL_LOG_WRITE32,
				       SMMUV3_CMDQ_PROD);
	assert_true(prod_w > 0);
	assert_true(smmuv3_model_log_barrier_between(
			    t.m, -1, prod_w, SMMUV3_BARRIER_MMIO_PUBLISH) ||
		    smmuv3_model_log_barrier_between(t.m, -1, prod_w,
						     SMMUV3_BARRIER_FULL));
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.violations, 0);
	assert_int_equal(c.cerrors, 0);
	t_fini(&t);
}

static void test_completion_modes(void **state)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model_counters c;
	struct smmuv3_cmdq_status st;
	struct t t;
	int i, k;

	(void)state;
	/* FULL has MSI, SEV and coherency; without IDR0.MSI it has SEV
	 * only; without both, polling. In each case 40 syncs on a 16-entry
	 * queue (wrapping twice) complete and the model's counters agree
	 * with the library's completion mode. */
	for (k = 0; k < 3; k++) {
		memset(&cfg, 0, sizeof(cfg));
		cfg.preset = SMMUV3_MODEL_FULL;
		if (k >= 1)
			assert_int_equal(smmuv3_model_config_field(
						 &cfg, 0, SMMUV3_IDR0_MSI, 0),
					 0);
		if (k >= 2)
			assert_int_equal(smmuv3_model_config_field(
						 &cfg, 0, SMMUV3_IDR0_SEV, 0),
					 0);
		t_init_cfg(&t, &cfg);
		t_cmdq(&t);
		for (i = 0; i < 40; i++)
			assert_int_equal(smmuv3_cmdq_sync(&t.q, &st), 0);
		smmuv3_model_counters(t.m, &c);
		assert_int_equal(c.syncs, 40);
		assert_int_equal(c.msi_writes,
				 t.q.mode == SMMUV3_CMDQ_MODE_MSI ? 40 : 0);
		assert_int_equal(c.sevs,
				 t.q.mode == SMMUV3_CMDQ_MODE_SEV ? 40 : 0);
		if (k == 1)
			assert_int_equal(t.q.mode, SMMUV3_CMDQ_MODE_SEV);
		if (k == 2)
			assert_int_equal(t.q.mode, SMMUV3_CMDQ_MODE_POLL);
		/* 40 = 32 + 8: index 8, wrap bit (bit 4) clear. */
		assert_int_equal(smmuv3_model_peek32(t.m, SMMUV3_CMDQ_CONS), 8);
		t_fini(&t);
	}

	/* A slow consumer (one command per register access) still
	 * completes; a stuck one times out on the virtual clock. */
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	t_cmdq(&t);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMDQ_SLOW, 1),
		0);
	for (i = 0; i < 5; i++)
		assert_int_equal(smmuv3_cmdq_sync(&t.q, &st), 0);
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMDQ_STUCK, 0),
		0);
	assert_int_equal(smmuv3_cmdq_set_timeout(&t.q, 1000000), 0);
	assert_int_equal(smmuv3_cmdq_sync(&t.q, &st), SMMUV3_ETIMEDOUT);
	t_fini(&t);
}

static void test_error_recovery(void **state)
{
	struct smmuv3_model_counters c;
	struct smmuv3_cmdq_status st;
	struct smmuv3_cmd_desc d;
	struct smmuv3_cmd cmd;
	struct t t;

	(void)state;
	t_init(&t, SMMUV3_MODEL_QEMU_VIRT_7_2);
	t_cmdq(&t);
	/* The model declares the command in slot 0 illegal. */
	assert_int_equal(
		smmuv3_model_fault_set(t.m, SMMUV3_MODEL_FAULT_CMD_ILL_AT, 0),
		0);
	memset(&d, 0, sizeof(d));
	d.opcode = SMMUV3_OP_CFGI_STE;
	d.sid = 5;
	assert_int_equal(smmuv3_cmd_encode(&t.caps, &d, &cmd), 0);
	memset(&st, 0, sizeof(st));
	assert_int_equal(smmuv3_cmdq_submit(&t.q, &cmd, 1, &st), SMMUV3_EIO);
	assert_int_equal(st.cerror, SMMUV3_CERROR_ILL);
	assert_int_equal(st.err_index, 0);
	/* Acknowledged, and the queue runs again. */
	assert_int_equal(smmuv3_model_peek32(t.m, SMMUV3_GERROR) ^
				 smmuv3_model_peek32(t.m, SMMUV3_GERRORN),
			 0);
	assert_int_equal(smmuv3_cmdq_submit(&t.q, &cmd, 1, &st), 0);
	smmuv3_model_counters(t.m, &c);
	assert_int_equal(c.cerrors, 1);
	assert_int_equal(c.by_opcode[0x03], 1); /* the replaced one did not */
	assert_int_equal(c.violations, 0);
	t_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets_probe),
		cmocka_unit_test(test_submit_reaches_model),
		cmocka_unit_test(test_completion_modes),
		cmocka_unit_test(test_error_recovery),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
