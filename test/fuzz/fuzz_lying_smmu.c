// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for what the library believes of the SMMU's own registers:
 * a device on the behavioural model, behind a port that lies, as a broken
 * or hostile SMMU (or a fault on the interconnect) would, about the queue
 * indexes and the global errors: CMDQ_CONS read backwards, beyond PROD or
 * stuck; EVTQ_PROD / PRIQ_PROD beyond the queue, backwards or stuck;
 * GERROR with random bits toggled. Meanwhile the input submits command
 * batches, injects and drains events and PRI requests, handles GERROR and
 * sets the model's own fault modes.
 *
 * Input: byte 0 sets queue sizes; then 4-byte operations: opcode, then
 * three argument bytes:
 *   'L' reg mode value   set a lie (reg: 0 CMDQ_CONS, 1 EVTQ_PROD,
 *                        2 PRIQ_PROD, 3 GERROR; mode: 0 off, 1 backwards
 *                        by value, 2 ahead by value, 3 stuck at the next
 *                        value read, 4 the raw value value * 0x01010101,
 *                        5 toggle bits: GERROR bits 0..6 as in value and
 *                        SFM_ERR with value bit 7; others value << 24)
 *   'C' n op x           submit n (0..15) commands and a CMD_SYNC
 *   'I' n op x           issue n commands without a sync
 *   'E' sid id x         inject an event record ('P': a PRI request)
 *   'e' max x x          drain up to max events ('p': PRI requests)
 *   'G' x x x            run the GERROR handler
 *   'F' fault arg on     set/clear a model fault mode (not SFM)
 *
 * Properties: no crash, hang (every wait has a deadline on the model's
 * virtual clock) or sanitizer report; every call returns one of its
 * documented codes and a successful drain returns at most what was asked;
 * and once the lies and faults stop the SMMU is usable again: unless the
 * device was marked FAILED, a CMD_SYNC completes (after the GERROR handler
 * ran) and both queues drain to empty without error; disable and fini
 * succeed without leaking.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/device.h>
#include <smmuv3/err.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                             \
	do {                                                                 \
		if (!(c)) {                                                  \
			fprintf(stderr,                                      \
				"fuzz_lying_smmu:%d: property failed: %s\n", \
				__LINE__, #c);                               \
			abort();                                             \
		}                                                            \
	} while (0)

enum { R_CMDQ_CONS, R_EVTQ_PROD, R_PRIQ_PROD, R_GERROR, R_COUNT };

struct lie {
	uint8_t mode, value;
	bool have_stuck;
	uint32_t stuck;
};

/* The lying port: the model's ops, read32 filtered. */
static struct {
	const struct smmuv3_osal_ops *real;
	struct lie lie[R_COUNT];
	uint32_t page1;
} port;

static int reg_of(uint32_t off)
{
	if (off == SMMUV3_CMDQ_CONS)
		return R_CMDQ_CONS;
	if (off == SMMUV3_GERROR)
		return R_GERROR;
	if (off == port.page1 + SMMUV3_EVTQ_PROD)
		return R_EVTQ_PROD;
	if (off == port.page1 + SMMUV3_PRIQ_PROD)
		return R_PRIQ_PROD;
	return -1;
}

static uint32_t lying_read32(void *ctx, uint32_t off)
{
	uint32_t v = port.real->read32(ctx, off);
	int r = reg_of(off);
	struct lie *l;

	if (r < 0)
		return v;
	l = &port.lie[r];
	switch (l->mode) {
	case 1:
		return v - l->value; /* the index field wraps as it will */
	case 2:
		return v + l->value;
	case 3:
		if (!l->have_stuck) {
			l->stuck = v;
			l->have_stuck = true;
		}
		return l->stuck;
	case 4:
		return (uint32_t)l->value * 0x01010101u;
	case 5: /* GERROR: bits 0..6 and, with bit 7, SFM_ERR (bit 8) */
		if (r == R_GERROR)
			return v ^ (l->value & 0x7fu) ^
			       ((l->value & 0x80u) ? SMMUV3_GERROR_SFM_ERR : 0);
		return v ^ ((uint32_t)l->value << 24);
	default:
		return v;
	}
}

static struct smmuv3_osal_ops lying_ops;

static void encode_cmd(struct smmuv3_dev *dev, uint8_t kind, uint32_t i,
		       struct smmuv3_cmd *c)
{
	struct smmuv3_cmd_desc d = {0};

	switch (kind % 4) {
	case 0:
		d.opcode = SMMUV3_OP_TLBI_NH_ASID;
		d.asid = (uint16_t)(1 + i);
		break;
	case 1:
		d.opcode = SMMUV3_OP_CFGI_STE;
		d.sid = i;
		d.leaf = true;
		break;
	case 2:
		d.opcode = SMMUV3_OP_TLBI_S12_VMALL;
		d.vmid = (uint16_t)(1 + i);
		break;
	default:
		d.opcode = SMMUV3_OP_PREFETCH_CONFIG;
		d.sid = i;
		break;
	}
	CHECK(smmuv3_cmd_encode(&dev->caps, &d, c) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_dev_cfg cfg = {0};
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	static struct smmuv3_dev dev;
	struct smmuv3_cmd cmds[16];
	struct smmuv3_gerror_info gi;
	size_t i;
	int ret;

	if (size < 1)
		return 0;
	memset(&dev, 0, sizeof(dev));
	memset(&port.lie, 0, sizeof(port.lie));
	cfg.limits.cmdq_max_shift = 7 + (data[0] & 1);
	cfg.limits.evtq_max_shift = 1 + ((data[0] >> 1) & 3);
	cfg.limits.priq_max_shift = 1 + ((data[0] >> 3) & 3);
	if (smmuv3_model_create(&mc, &m) != 0)
		abort();
	osal = smmuv3_model_osal(m);
	port.real = osal.ops;
	lying_ops = *osal.ops;
	lying_ops.read32 = lying_read32;
	osal.ops = &lying_ops;
	CHECK(smmuv3_dev_probe(&dev, &osal, &cfg) == 0);
	port.page1 = dev.page1;
	CHECK(smmuv3_dev_init(&dev) == 0);
	CHECK(smmuv3_dev_enable(&dev) == 0);
	/* Short deadlines: a lie that stalls the queue costs little. */
	CHECK(smmuv3_cmdq_set_timeout(&dev.cmdq, 200000) == 0);

	for (i = 1; i + 4 <= size; i += 4) {
		const uint8_t *op = data + i;

		switch (op[0]) {
		case 'L': {
			struct lie *l = &port.lie[op[1] % R_COUNT];

			l->mode = op[2] % 6;
			l->value = op[3];
			l->have_stuck = false;
			break;
		}
		case 'C':
		case 'I': {
			uint32_t n = op[1] % 16;
			struct smmuv3_cmdq_status st;

			for (uint32_t k = 0; k < n; k++)
				encode_cmd(&dev, op[2], k + op[3], &cmds[k]);
			if (op[0] == 'C') {
				ret = smmuv3_cmdq_submit(&dev.cmdq, cmds, n,
							 &st);
				CHECK(ret == 0 || ret == SMMUV3_ETIMEDOUT ||
				      ret == SMMUV3_EIO);
			} else {
				ret = smmuv3_cmdq_issue(&dev.cmdq, cmds, n,
							&st);
				CHECK(ret == 0 || ret == SMMUV3_ETIMEDOUT);
			}
			break;
		}
		case 'E': {
			uint64_t rec[4] = {(uint64_t)op[1] << 32 | 0x10u, 0,
					   (uint64_t)op[2] << 12, 0};

			ret = smmuv3_model_event_inject(m, rec);
			CHECK(ret == 0 || ret == SMMUV3_ENOSPC ||
			      ret == SMMUV3_EPERM || ret == SMMUV3_EFAULT);
			break;
		}
		case 'P': {
			uint64_t rec[2] = {(uint64_t)op[1] | 1ull << 62 |
						   1ull << 60,
					   (uint64_t)op[2] << 12 | op[3]};

			ret = smmuv3_model_pri_inject(m, rec);
			CHECK(ret == 0 || ret == SMMUV3_ENOSPC ||
			      ret == SMMUV3_EPERM || ret == SMMUV3_EFAULT);
			break;
		}
		case 'e':
		case 'p': {
			struct smmuv3_event ev[16];
			struct smmuv3_pri req[16];
			size_t max = op[1] % 17, n = 99;
			bool ovf;

			if (op[0] == 'e')
				ret = smmuv3_dev_read_events(&dev, ev, max, &n,
							     &ovf);
			else
				ret = smmuv3_dev_read_pri(&dev, req, max, &n,
							  &ovf);
			CHECK(ret == 0 || ret == SMMUV3_EIO ||
			      ret == SMMUV3_EPERM);
			if (ret == 0)
				CHECK(n <= max);
			break;
		}
		case 'G':
			ret = smmuv3_dev_handle_gerror(&dev, &gi);
			CHECK(ret == 0 || ret == SMMUV3_EIO ||
			      ret == SMMUV3_EPERM);
			break;
		case 'F': {
			static const enum smmuv3_model_fault f[] = {
				SMMUV3_MODEL_FAULT_CMDQ_STUCK,
				SMMUV3_MODEL_FAULT_CMDQ_SLOW,
				SMMUV3_MODEL_FAULT_CMD_ILL_AT,
				SMMUV3_MODEL_FAULT_ATC_INV_SYNC,
			};
			enum smmuv3_model_fault which = f[op[1] % 4];

			if (op[3] & 1)
				CHECK(smmuv3_model_fault_set(
					      m, which, 1 + op[2] % 8) == 0);
			else
				CHECK(smmuv3_model_fault_clear(m, which) == 0);
			break;
		}
		default:
			break;
		}
	}

	/* The lies and faults stop: the SMMU must be usable again. */
	memset(&port.lie, 0, sizeof(port.lie));
	for (int f = 0; f < SMMUV3_MODEL_FAULT_COUNT; f++)
		if (f != SMMUV3_MODEL_FAULT_SFM)
			(void)smmuv3_model_fault_clear(
				m, (enum smmuv3_model_fault)f);
	ret = smmuv3_dev_handle_gerror(&dev, &gi);
	CHECK(ret == 0 || ret == SMMUV3_EIO || ret == SMMUV3_EPERM);
	if (dev.state == SMMUV3_DEV_ENABLED) {
		ret = smmuv3_cmdq_sync(&dev.cmdq, NULL);
		if (ret == SMMUV3_EIO)
			ret = smmuv3_cmdq_sync(&dev.cmdq, NULL);
		CHECK(ret == 0);
		/* Both queues drain to empty again (within two passes of a
		 * whole queue of stale entries a lie may have left). */
		for (int q = 0; q < 2; q++) {
			struct smmuv3_event ev[16];
			struct smmuv3_pri req[16];
			size_t n = 16;
			bool ovf;
			int k;

			for (k = 0; k < 64 && n == 16; k++) {
				ret = q ? smmuv3_dev_read_pri(&dev, req, 16, &n,
							      &ovf)
					: smmuv3_dev_read_events(&dev, ev, 16,
								 &n, &ovf);
				CHECK(ret == 0);
			}
			CHECK(n < 16);
		}
	}
	if (dev.state == SMMUV3_DEV_ENABLED || dev.state == SMMUV3_DEV_FAILED)
		CHECK(smmuv3_dev_disable(&dev) == 0);
	smmuv3_dev_fini(&dev);
	CHECK(dev.state == SMMUV3_DEV_NONE);
	CHECK(smmuv3_mock_live_allocs(smmuv3_model_mock(m)) == 0);
	smmuv3_model_destroy(m);
	return 0;
}
