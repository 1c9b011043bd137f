// SPDX-License-Identifier: BSD-2-Clause
/*
 * Property: every command the library's encoder accepts for an SMMU is one
 * that SMMU executes. Random descriptors (deterministic LCG) are encoded
 * with smmuv3_cmd_encode() against the capabilities the library probed
 * from each model preset; each accepted command is run by the model
 * (whose rules were written separately from IHI 0070 chapter 4) and must
 * not raise a command error. The opposite direction is not a property:
 * the encoder is deliberately stricter than the hardware.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

#define ITERATIONS 6000u
#define QLOG2 4u

static uint64_t lcg_state;

static uint64_t rnd(void)
{
	/* Knuth's MMIX LCG; the high bits are the good ones. */
	lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
	return lcg_state >> 11;
}

/* A value of random width: often small, sometimes at or past a limit. */
static uint64_t rnd_val(unsigned int max_bits)
{
	unsigned int bits = (unsigned int)(rnd() % (max_bits + 1u));

	return bits == 0 ? 0 : rnd() & ((1ull << bits) - 1u);
}

static void rnd_range(struct smmuv3_cmd_desc *d)
{
	d->leaf = rnd() & 1u;
	d->addr = rnd_val(52) & ~0xfffull;
	if (rnd() & 1u) {
		d->tg = (uint8_t)(rnd() % 4u);
		d->ttl = (uint8_t)(rnd() % 4u);
		d->num = (uint8_t)rnd_val(5);
		d->scale = (uint8_t)rnd_val(5);
		/* Align to the granule so that the encoder accepts more. */
		if (d->tg)
			d->addr &= ~((1ull << (10u + 2u * d->tg)) - 1u);
	}
}

static void rnd_desc(struct smmuv3_cmd_desc *d, uint64_t msi_pa)
{
	static const uint8_t ops[] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11,
		0x12, 0x13, 0x20, 0x21, 0x22, 0x23, 0x28, 0x2a,
		0x30, 0x40, 0x41, 0x44, 0x45, 0x46,
	};

	memset(d, 0, sizeof(*d));
	d->opcode = ops[rnd() % sizeof(ops)];
	switch (d->opcode) {
	case SMMUV3_OP_PREFETCH_ADDR:
		d->addr = rnd_val(52) & ~0xfffull;
		d->size = (uint8_t)rnd_val(5);
		/* fall through */
	case SMMUV3_OP_PREFETCH_CONFIG:
		d->sid = (uint32_t)rnd_val(32);
		d->ssv = rnd() & 1u;
		d->ssid = d->ssv ? (uint32_t)rnd_val(20) : 0;
		break;
	case SMMUV3_OP_CFGI_STE:
		d->sid = (uint32_t)rnd_val(32);
		d->leaf = rnd() & 1u;
		break;
	case SMMUV3_OP_CFGI_STE_RANGE:
		d->range = (uint8_t)(rnd() % 32u);
		d->sid = d->range == 31u ? 0 : (uint32_t)rnd_val(32);
		if (d->range < 31u)
			d->sid &= ~(uint32_t)((2ull << d->range) - 1u);
		break;
	case SMMUV3_OP_CFGI_CD:
		d->sid = (uint32_t)rnd_val(32);
		d->ssid = (uint32_t)rnd_val(20);
		d->leaf = rnd() & 1u;
		break;
	case SMMUV3_OP_CFGI_CD_ALL:
		d->sid = (uint32_t)rnd_val(32);
		break;
	case SMMUV3_OP_TLBI_NH_VA:
	case SMMUV3_OP_TLBI_EL2_VA:
		rnd_range(d);
		/* fall through */
	case SMMUV3_OP_TLBI_NH_ASID:
	case SMMUV3_OP_TLBI_EL2_ASID:
		d->asid = (uint16_t)rnd_val(16);
		if (d->opcode == SMMUV3_OP_TLBI_NH_VA ||
		    d->opcode == SMMUV3_OP_TLBI_NH_ASID)
			d->vmid = (uint16_t)rnd_val(16);
		break;
	case SMMUV3_OP_TLBI_NH_VAA:
	case SMMUV3_OP_TLBI_S2_IPA:
		rnd_range(d);
		/* fall through */
	case SMMUV3_OP_TLBI_NH_ALL:
	case SMMUV3_OP_TLBI_S12_VMALL:
		d->vmid = (uint16_t)rnd_val(16);
		break;
	case SMMUV3_OP_TLBI_EL2_VAA:
		rnd_range(d);
		break;
	case SMMUV3_OP_ATC_INV:
		d->sid = (uint32_t)rnd_val(32);
		d->ssv = rnd() & 1u;
		d->ssid = d->ssv ? (uint32_t)rnd_val(20) : 0;
		d->global = rnd() & 1u;
		d->size = (uint8_t)(rnd() % 53u);
		d->addr = d->size >= 52u
				  ? 0
				  : rnd_val(52) &
					    ~((1ull << (12u + d->size)) - 1u);
		break;
	case SMMUV3_OP_PRI_RESP:
		d->sid = (uint32_t)rnd_val(32);
		d->ssv = rnd() & 1u;
		d->ssid = d->ssv ? (uint32_t)rnd_val(20) : 0;
		d->grpid = (uint16_t)rnd_val(9);
		d->resp = (uint8_t)(rnd() % 4u);
		break;
	case SMMUV3_OP_RESUME:
		d->sid = (uint32_t)rnd_val(32);
		d->stag = (uint16_t)rnd_val(16);
		d->resp = (uint8_t)(rnd() % 4u);
		break;
	case SMMUV3_OP_STALL_TERM:
		d->sid = (uint32_t)rnd_val(32);
		break;
	case SMMUV3_OP_CMD_SYNC:
		d->cs = (uint8_t)(rnd() % 4u);
		if (d->cs == SMMUV3_SYNC_CS_IRQ) {
			/* MSIs go to scratch memory the model may write. */
			d->addr = msi_pa;
			d->msidata = (uint32_t)rnd();
			d->msh = 3;
			d->msiattr = 0xf;
		}
		break;
	default:
		break;
	}
}

/* Runs the property; returns how many opcodes of the list got through. */
static unsigned int run_preset(enum smmuv3_model_preset p, uint64_t seed)
{
	unsigned int seen[256] = {0}, kinds = 0;
	struct smmuv3_model_config cfg;
	struct smmuv3_probe_report rep;
	struct smmuv3_idregs regs;
	struct smmuv3_caps caps;
	struct smmuv3_model *m;
	struct smmuv3_osal o;
	struct smmuv3_cmd_desc d;
	struct smmuv3_cmd c;
	smmuv3_pa_t qpa, msi_pa;
	unsigned int i, accepted = 0;
	uint32_t prod = 0, cons;
	uint64_t *q;

	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = p;
	assert_int_equal(smmuv3_model_create(&cfg, &m), 0);
	o = smmuv3_model_osal(m);
	assert_int_equal(smmuv3_idr_read(&o, &regs), 0);
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(smmuv3_idr_resolve(&regs, NULL, NULL, &caps, &rep), 0);
	q = o.ops->alloc(o.ctx, 16u << QLOG2, 16u << QLOG2, &qpa);
	assert_non_null(q);
	assert_non_null(o.ops->alloc(o.ctx, 64, 64, &msi_pa));
	o.ops->write64(o.ctx, SMMUV3_CMDQ_BASE, qpa | QLOG2);
	o.ops->write32(o.ctx, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	lcg_state = seed;
	for (i = 0; i < ITERATIONS; i++) {
		uint32_t idx = prod & ((1u << QLOG2) - 1u);

		rnd_desc(&d, msi_pa);
		if (smmuv3_cmd_encode(&caps, &d, &c) != 0)
			continue;
		accepted++;
		if (seen[d.opcode]++ == 0)
			kinds++;
		q[2 * idx] = c.dw[0];
		q[2 * idx + 1] = c.dw[1];
		prod = (prod + 1u) & ((2u << QLOG2) - 1u);
		o.ops->write32(o.ctx, SMMUV3_CMDQ_PROD, prod);
		cons = o.ops->read32(o.ctx, SMMUV3_CMDQ_CONS);
		if (cons != prod) {
			print_message("preset %d: model refused opcode 0x%02x "
				      "dw0 %016llx dw1 %016llx (CONS %08x)\n",
				      (int)p, d.opcode,
				      (unsigned long long)c.dw[0],
				      (unsigned long long)c.dw[1], cons);
			fail();
		}
	}
	/* Enough commands got through for the property to mean something. */
	assert_true(accepted > ITERATIONS / 8u);
	print_message("preset %d: %u of %u commands accepted, %u opcodes\n",
		      (int)p, accepted, ITERATIONS, kinds);
	smmuv3_model_destroy(m);
	return kinds;
}

static void test_encoder_vs_model(void **state)
{
	static const enum smmuv3_model_preset presets[] = {
		SMMUV3_MODEL_QEMU_VIRT_7_2, SMMUV3_MODEL_MMU600_R0P0,
		SMMUV3_MODEL_MMU700_R1P1,   SMMUV3_MODEL_S2_ONLY,
		SMMUV3_MODEL_FULL,	    SMMUV3_MODEL_MINIMAL,
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		unsigned int kinds = run_preset(presets[i], 0x5eed0000u + i);

		/* FULL has every feature: all 22 opcodes must be exercised. */
		if (presets[i] == SMMUV3_MODEL_FULL)
			assert_int_equal(kinds, 22);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoder_vs_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
