// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device bring-up (probe, init, the reset/enable sequence, disable, fini),
 * the event and PRI queue consumers and GERROR handling. The order of the
 * reset sequence follows IHI 0070 (6.3.9 CR0/CR0ACK, 6.3.14 GBPA, 4.1
 * "queues must be set up before they are enabled"); every register
 * handshake is bounded by the OSAL clock.
 */
#include <smmuv3/device.h>
#include <smmuv3/hw/cmd.h>
#include <smmuv3/hw/regs.h>

#include "internal.h"

/* The bit of device state @s in a set of states. */
#define ST(s) (1u << (s))

/*
 * SMMUV3_EINVAL without @dev, SMMUV3_EPERM unless its state (read once)
 * is in @states (ST() bits), else 0.
 */
static NOINLINE int dev_check(const struct smmuv3_dev *dev,
			      unsigned int states)
{
	if (!dev)
		return SMMUV3_EINVAL;
	return ((states >> smmuv3_dev_state_get(dev)) & 1u) ? 0 : SMMUV3_EPERM;
}

static NOINLINE uint32_t rd32(const struct smmuv3_dev *dev, uint32_t off)
{
	return dev->osal.ops->read32(dev->osal.ctx, off);
}

static void wr32(const struct smmuv3_dev *dev, uint32_t off, uint32_t v)
{
	dev->osal.ops->write32(dev->osal.ctx, off, v);
}

static NOINLINE void wr64(const struct smmuv3_dev *dev, uint32_t off,
			  uint64_t v)
{
	dev->osal.ops->write64(dev->osal.ctx, off, v);
}

/*
 * Wait until (register @off & @mask) == @want; *@last: the last value
 * read. A timeout is kept in dev->last_reg and logged as "register poll
 * timeout" (arg: @off, @want, the last value read).
 */
static NOINLINE int wait_reg(struct smmuv3_dev *dev, uint32_t off,
			     uint32_t mask, uint32_t want, uint32_t *last)
{
	int ret = smmuv3_poll32(&dev->osal, off, mask, want,
				SMMUV3_POLL_TIMEOUT_NS, last);

	if (ret) {
		dev->last_reg = *last;
		smmuv3_log(&dev->osal, SMMUV3_LOG_ERR, "register poll timeout",
			   ret, off, want, *last, 0);
	}
	return ret;
}

/* Write a register and wait until its ACK register reads the same value. */
static int write_ack(struct smmuv3_dev *dev, uint32_t reg, uint32_t ack,
		     uint32_t val)
{
	uint32_t last = 0;

	wr32(dev, reg, val);
	return wait_reg(dev, ack, ~0u, val, &last);
}

static int write_cr0(struct smmuv3_dev *dev, uint32_t val)
{
	int ret = write_ack(dev, SMMUV3_CR0, SMMUV3_CR0ACK, val);

	if (!ret)
		dev->cr0 = val;
	return ret;
}

/* Enable @bits in CR0 too (acknowledged). */
static int cr0_set(struct smmuv3_dev *dev, uint32_t bits)
{
	return write_cr0(dev, dev->cr0 | bits);
}

/*
 * IHI 0070 6.3.14: GBPA is updated by writing the new value with UPDATE set
 * after any previous update completed, then waiting for UPDATE to clear.
 */
static int update_gbpa(struct smmuv3_dev *dev, bool abort)
{
	uint32_t v = 0;
	int ret = wait_reg(dev, SMMUV3_GBPA, SMMUV3_GBPA_UPDATE, 0, &v);

	if (ret)
		return ret;
	v &= ~(SMMUV3_GBPA_UPDATE | SMMUV3_GBPA_ABORT);
	if (abort)
		v |= SMMUV3_GBPA_ABORT;
	wr32(dev, SMMUV3_GBPA, v | SMMUV3_GBPA_UPDATE);
	return wait_reg(dev, SMMUV3_GBPA, SMMUV3_GBPA_UPDATE, 0, &v);
}

static void queue_free(struct smmuv3_dev *dev, struct smmuv3_queue *q)
{
	if (q->base)
		dev->osal.ops->free(dev->osal.ctx, q->base, q->bytes);
	q->base = NULL;
}

/*
 * The bytes of a queue of 2^@log2 entries of @esz bytes, and whether @pa
 * can be its base (IHI 0070 6.3.28: aligned to the queue size, >= 32,
 * within Q_BASE.ADDR).
 */
static size_t queue_bytes(uint32_t esz, uint8_t log2)
{
	size_t bytes = (size_t)esz << log2;

	return bytes < 32u ? 32u : bytes;
}

static bool queue_base_ok(smmuv3_pa_t pa, size_t bytes)
{
	return (pa & (~SMMUV3_Q_BASE_ADDR | (uint64_t)(bytes - 1u))) == 0;
}

/*
 * The PRI queue's registers are the event queue's, 0x20 further on
 * (IHI 0070 6.3.26-6.3.35).
 */
#define PRIQ_REG_DELTA (SMMUV3_PRIQ_BASE - SMMUV3_EVTQ_BASE)
_Static_assert(SMMUV3_PRIQ_PROD - SMMUV3_EVTQ_PROD == PRIQ_REG_DELTA &&
		       SMMUV3_PRIQ_CONS - SMMUV3_EVTQ_CONS == PRIQ_REG_DELTA,
	       "queue register layout");

/* Allocate the naturally aligned event (@pri false) or PRI queue. */
static int queue_alloc(struct smmuv3_dev *dev, bool pri)
{
	struct smmuv3_queue *q = pri ? &dev->priq : &dev->evtq;
	uint8_t log2 = pri ? dev->caps.priq_shift : dev->caps.evtq_shift;
	uint8_t esz = pri ? SMMUV3_PRI_BYTES : SMMUV3_EVT_BYTES;
	uint32_t delta = pri ? PRIQ_REG_DELTA : 0u;
	size_t bytes = queue_bytes(esz, log2);
	smmuv3_pa_t pa = 0;
	void *va;

	va = dev->osal.ops->alloc(dev->osal.ctx, bytes, bytes, &pa);
	if (!va)
		return SMMUV3_ENOMEM;
	if (!queue_base_ok(pa, bytes)) {
		dev->osal.ops->free(dev->osal.ctx, va, bytes);
		return SMMUV3_EFAULT;
	}
	*q = (struct smmuv3_queue){
		.base = va,
		.base_pa = pa,
		.bytes = bytes,
		.log2size = log2,
		.entry_bytes = esz,
		.base_reg = SMMUV3_EVTQ_BASE + delta,
		.prod_reg = dev->page1 + SMMUV3_EVTQ_PROD + delta,
		.cons_reg = dev->page1 + SMMUV3_EVTQ_CONS + delta,
	};
	return 0;
}

static uint64_t queue_base_reg(const struct smmuv3_queue *q)
{
	return SMMUV3_Q_BASE_RWA | (q->base_pa & SMMUV3_Q_BASE_ADDR) |
	       SMMUV3_FIELD_PREP(SMMUV3_Q_BASE_LOG2SIZE, (uint64_t)q->log2size);
}

static void queue_hw_init(struct smmuv3_dev *dev, struct smmuv3_queue *q)
{
	q->cons = 0;
	q->ovf_seen = 0;
	wr64(dev, q->base_reg, queue_base_reg(q));
	wr32(dev, q->prod_reg, 0);
	wr32(dev, q->cons_reg, 0);
}

int smmuv3_dev_probe(struct smmuv3_dev *dev, const struct smmuv3_osal *osal,
		     const struct smmuv3_dev_cfg *cfg)
{
	int ret;

	if (!osal)
		return SMMUV3_EINVAL;
	ret = dev_check(dev, ST(SMMUV3_DEV_NONE));
	if (ret)
		return ret;
	ret = smmuv3_osal_validate(osal);
	if (ret)
		return ret;
	if (cfg && (cfg->flags & ~(SMMUV3_DEV_F_BYPASS_UNKNOWN |
				   SMMUV3_DEV_F_NO_EVTQ |
				   SMMUV3_DEV_F_QUEUES_EXTERNAL)))
		return SMMUV3_EINVAL;
	/* dev->caps is written only on success, the report always. */
	ret = smmuv3_idr_probe(osal, cfg ? &cfg->fw : NULL,
			       cfg ? &cfg->limits : NULL, &dev->caps,
			       &dev->report);
	if (ret)
		return ret;
	dev->osal = *osal;
	if (cfg)
		dev->cfg = *cfg;
	else
		memset(&dev->cfg, 0, sizeof(dev->cfg));
	dev->page1 = (dev->caps.options & SMMUV3_OPT_PAGE0_REGS_ONLY)
			     ? 0
			     : SMMUV3_PAGE1;
	dev->cr0 = 0;
	dev->events_lost = 0;
	smmuv3_dev_state_set(dev, SMMUV3_DEV_PROBED);
	return 0;
}

int smmuv3_dev_init(struct smmuv3_dev *dev)
{
	bool bypass;
	int ret;

	ret = dev_check(dev, ST(SMMUV3_DEV_PROBED));
	if (ret)
		return ret;
	bypass = (dev->cfg.flags & SMMUV3_DEV_F_BYPASS_UNKNOWN) != 0;
	ret = smmuv3_cmdq_init(&dev->cmdq, &dev->osal, &dev->caps, 0);
	if (ret)
		return ret;
	ret = smmuv3_strtab_init(&dev->strtab, &dev->caps, &dev->osal, bypass);
	if (ret)
		goto err_cmdq;
	ret = queue_alloc(dev, false);
	if (ret)
		goto err_strtab;
	dev->priq.base = NULL;
	if (dev->caps.features & SMMUV3_FEAT_PRI) {
		ret = queue_alloc(dev, true);
		if (ret)
			goto err_evtq;
	}
	smmuv3_dev_state_set(dev, SMMUV3_DEV_READY);
	return 0;

err_evtq:
	queue_free(dev, &dev->evtq);
err_strtab:
	smmuv3_strtab_fini(&dev->strtab);
err_cmdq:
	smmuv3_cmdq_fini(&dev->cmdq);
	return ret;
}

/*
 * IHI 0070 4.3: nothing cached may survive a reset of the tables. Constant
 * commands (no field to check): CFGI_ALL (CFGI_STE_RANGE, Range 31, 4.3.6),
 * TLBI_EL2_ALL (with HYP) and TLBI_NSNH_ALL, each completed.
 */
static int reset_caches(struct smmuv3_dev *dev)
{
	static const struct smmuv3_cmd cmds[] = {
		{{SMMUV3_OP_CFGI_STE_RANGE,
		  SMMUV3_FIELD_PREP(SMMUV3_CMD1_CFGI_RANGE,
				    (uint64_t)SMMUV3_CFGI_RANGE_ALL_SIDS)}},
		{{SMMUV3_OP_TLBI_EL2_ALL, 0}},
		{{SMMUV3_OP_TLBI_NSNH_ALL, 0}},
	};
	int ret = 0;

	for (unsigned int i = 0; i < SMMUV3_ARRAY_SIZE(cmds) && !ret; i++)
		if (i != 1 || (dev->caps.features & SMMUV3_FEAT_HYP))
			ret = smmuv3_cmdq_submit(&dev->cmdq, &cmds[i], 1, NULL);
	return ret;
}

/* CR1 with shareability @sh and cacheability @c for tables and queues. */
#define CR1_VALUE(sh, c)                                     \
	(SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_SH, (uint32_t)(sh)) | \
	 SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_OC, (uint32_t)(c)) |  \
	 SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_IC, (uint32_t)(c)) |  \
	 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_SH, (uint32_t)(sh)) | \
	 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_OC, (uint32_t)(c)) |  \
	 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_IC, (uint32_t)(c)))

static int enable_seq(struct smmuv3_dev *dev)
{
	uint64_t feat = dev->caps.features;
	bool evtq = !(dev->cfg.flags & SMMUV3_DEV_F_NO_EVTQ);
	int ret;

	/*
	 * Abort traffic while the SMMU is reset, whether or not firmware left
	 * it enabled (with SMMUEN = 0, GBPA decides what passes).
	 */
	ret = update_gbpa(dev, true);
	if (!ret)
		ret = write_cr0(dev, 0);
	if (ret)
		return ret;

	/* CR1: how the SMMU accesses tables and queues (6.3.11). */
	wr32(dev, SMMUV3_CR1,
	     (feat & SMMUV3_FEAT_COHERENCY)
		     ? CR1_VALUE(SMMUV3_SH_ISH, SMMUV3_CR1_CACHE_WB)
		     : CR1_VALUE(SMMUV3_SH_OSH, SMMUV3_CR1_CACHE_NC));
	/* CR2: private TLB maintenance, invalid SIDs recorded (6.3.12). */
	wr32(dev, SMMUV3_CR2,
	     SMMUV3_CR2_PTM | SMMUV3_CR2_RECINVSID |
		     ((feat & SMMUV3_FEAT_E2H) ? SMMUV3_CR2_E2H : 0u));

	wr64(dev, SMMUV3_STRTAB_BASE, smmuv3_strtab_base_reg(&dev->strtab));
	wr32(dev, SMMUV3_STRTAB_BASE_CFG, smmuv3_strtab_base_cfg(&dev->strtab));

	ret = smmuv3_cmdq_hw_init(&dev->cmdq);
	if (!ret)
		ret = cr0_set(dev, SMMUV3_CR0_CMDQEN);
	if (!ret)
		ret = reset_caches(dev);
	if (ret)
		return ret;

	queue_hw_init(dev, &dev->evtq);
	if (evtq) {
		ret = cr0_set(dev, SMMUV3_CR0_EVTQEN);
		if (!ret && dev->priq.base) {
			queue_hw_init(dev, &dev->priq);
			ret = cr0_set(dev, SMMUV3_CR0_PRIQEN);
		}
	}
	if (!ret && (feat & SMMUV3_FEAT_ATS))
		ret = cr0_set(dev, SMMUV3_CR0_ATSCHK);

	/* Interrupts: off, then what the integrator asked for (wired or MSI
	 * configured by the integrator through the IRQ_CFG registers). */
	if (!ret)
		ret = write_ack(dev, SMMUV3_IRQ_CTRL, SMMUV3_IRQ_CTRLACK, 0);
	if (ret)
		return ret;
	/*
	 * IRQ_CFG0..2 reset to UNKNOWN and may be written only while the
	 * source's IRQEN is 0 (IHI 0070 6.3.20): program all of them now, so
	 * an MSI never goes to a stale address.
	 */
	if (feat & SMMUV3_FEAT_MSI) {
		static const uint16_t cfg0[3] = { SMMUV3_GERROR_IRQ_CFG0,
						  SMMUV3_EVTQ_IRQ_CFG0,
						  SMMUV3_PRIQ_IRQ_CFG0 };

		for (unsigned int i = 0; i < 3; i++) {
			const struct smmuv3_msi_cfg *m = &dev->cfg.msi[i];

			if (i == SMMUV3_MSI_PRIQ && !dev->priq.base)
				continue;
			wr64(dev, cfg0[i], m->addr); /* checked by enable */
			wr32(dev, cfg0[i] + 8u, m->data);
			wr32(dev, cfg0[i] + 12u,
			     SMMUV3_FIELD_PREP(SMMUV3_IRQ_CFG2_MEMATTR,
					       (uint32_t)m->memattr) |
				     SMMUV3_FIELD_PREP(SMMUV3_IRQ_CFG2_SH,
						       (uint32_t)m->sh));
		}
	}
	if (dev->cfg.irq_ctrl)
		ret = write_ack(dev, SMMUV3_IRQ_CTRL, SMMUV3_IRQ_CTRLACK,
				dev->cfg.irq_ctrl);
	/* Unknown streams while SMMUEN = 0 later: same policy as the table. */
	if (!ret)
		ret = update_gbpa(dev, !dev->strtab.bypass);
	return ret ? ret : cr0_set(dev, SMMUV3_CR0_SMMUEN);
}

int smmuv3_dev_enable(struct smmuv3_dev *dev)
{
	int ret;

	ret = dev_check(dev, ST(SMMUV3_DEV_READY));
	if (ret)
		return ret;
	if (dev->cfg.irq_ctrl & ~(SMMUV3_IRQ_CTRL_GERROR_IRQEN |
				  SMMUV3_IRQ_CTRL_PRIQ_IRQEN |
				  SMMUV3_IRQ_CTRL_EVTQ_IRQEN))
		return SMMUV3_EINVAL;
	/* PRIQ_IRQEN is RES0 without PRI: its ACK would never match. */
	if ((dev->cfg.irq_ctrl & SMMUV3_IRQ_CTRL_PRIQ_IRQEN) &&
	    !(dev->caps.features & SMMUV3_FEAT_PRI))
		return SMMUV3_EINVAL;
	for (unsigned int i = 0; i < 3; i++)
		if ((dev->cfg.msi[i].addr & ~SMMUV3_IRQ_CFG0_ADDR) ||
		    dev->cfg.msi[i].memattr > 0xf || dev->cfg.msi[i].sh > 3)
			return SMMUV3_EINVAL;
	ret = enable_seq(dev);
	if (ret) {
		/* Leave it off; keep the first error's register value. */
		uint32_t saved = dev->last_reg;

		if (write_cr0(dev, 0))
			smmuv3_dev_state_set(dev, SMMUV3_DEV_FAILED);
		dev->last_reg = saved;
		return ret;
	}
	smmuv3_dev_state_set(dev, SMMUV3_DEV_ENABLED);
	return 0;
}

int smmuv3_dev_disable(struct smmuv3_dev *dev)
{
	int ret;

	ret = dev_check(dev, ST(SMMUV3_DEV_ENABLED) | ST(SMMUV3_DEV_FAILED));
	if (ret)
		return ret;
	ret = write_cr0(dev, 0);
	/* Unacknowledged: the SMMU may still walk tables and write queues. */
	smmuv3_dev_state_set(dev, ret ? SMMUV3_DEV_FAILED : SMMUV3_DEV_READY);
	return ret;
}

void smmuv3_dev_fini(struct smmuv3_dev *dev)
{
	enum smmuv3_dev_state st;

	if (!dev)
		return;
	st = smmuv3_dev_state_get(dev);
	if (st == SMMUV3_DEV_NONE)
		return;
	if (st == SMMUV3_DEV_ENABLED || st == SMMUV3_DEV_FAILED) {
		if (smmuv3_dev_disable(dev) != 0) {
			/* Freeing memory the SMMU may still use would be
			 * worse. */
			smmuv3_log(&dev->osal, SMMUV3_LOG_ERR,
				   "fini: not disabled, memory leaked",
				   SMMUV3_ETIMEDOUT, dev->last_reg, 0, 0, 0);
			return; /* stays FAILED: a later fini may retry */
		}
		st = SMMUV3_DEV_READY;
	}
	if (st == SMMUV3_DEV_READY) {
		queue_free(dev, &dev->priq);
		queue_free(dev, &dev->evtq);
		smmuv3_strtab_fini(&dev->strtab);
		smmuv3_cmdq_fini(&dev->cmdq);
	}
	smmuv3_dev_state_set(dev, SMMUV3_DEV_NONE);
}

/* ------------------------------------------------------------------ */
/* The hitless writer's ops                                            */
/* ------------------------------------------------------------------ */

static int dev_sync(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct smmuv3_dev *dev = ctx;
	enum smmuv3_dev_state st = smmuv3_dev_state_get(dev);

	if (n > UINT32_MAX)
		return SMMUV3_EINVAL;
	/*
	 * Not enabled: the SMMU reads no table, and enable issues CFGI_ALL
	 * and TLBI_NSNH_ALL before SMMUEN, so nothing needs invalidating.
	 */
	if (st == SMMUV3_DEV_READY)
		return 0;
	if (st != SMMUV3_DEV_ENABLED)
		return SMMUV3_EIO;
	return smmuv3_cmdq_submit(&dev->cmdq, cmds, (uint32_t)n, NULL);
}

static void dev_publish(void *ctx)
{
	const struct smmuv3_dev *dev = ctx;

	dev->osal.ops->barrier(dev->osal.ctx, SMMUV3_BARRIER_MEM_PUBLISH);
}

static void dev_clean(void *ctx, const void *va, size_t size)
{
	const struct smmuv3_dev *dev = ctx;

	if (dev->osal.ops->cache_clean)
		dev->osal.ops->cache_clean(dev->osal.ctx, va, size);
}

static const struct smmuv3_write_ops dev_write_ops = {
	.sync = dev_sync,
	.publish = dev_publish,
	.cache_clean = NULL,
};

static const struct smmuv3_write_ops dev_write_ops_nc = {
	.sync = dev_sync,
	.publish = dev_publish,
	.cache_clean = dev_clean,
};

const struct smmuv3_write_ops *smmuv3_dev_write_ops(const struct smmuv3_dev *dev)
{
	if (dev && !(dev->caps.features & SMMUV3_FEAT_COHERENCY) &&
	    dev->osal.ops->cache_clean)
		return &dev_write_ops_nc;
	return &dev_write_ops;
}

int smmuv3_dev_ste_write(struct smmuv3_dev *dev, uint32_t sid,
			 const struct smmuv3_ste *target,
			 struct smmuv3_write_result *res)
{
	const struct smmuv3_write_ops *ops;
	uint64_t *live;
	int ret;

	if (!target)
		return SMMUV3_EINVAL;
	ret = dev_check(dev, ST(SMMUV3_DEV_READY) | ST(SMMUV3_DEV_ENABLED));
	if (ret)
		return ret;
	ops = smmuv3_dev_write_ops(dev);
	/* A new or replaced L1 descriptor is invalidated first (5.1.1). */
	ret = smmuv3_strtab_get_sync(&dev->strtab, &dev->caps, ops, dev, sid,
				     &live);
	if (ret)
		return ret;
	return smmuv3_ste_write(&dev->caps, ops, dev, sid, live, target, res);
}

struct smmuv3_cmdq *smmuv3_dev_cmdq(struct smmuv3_dev *dev)
{
	return dev_check(dev, ST(SMMUV3_DEV_READY) | ST(SMMUV3_DEV_ENABLED) |
				      ST(SMMUV3_DEV_FAILED))
		       ? NULL
		       : &dev->cmdq;
}

/*
 * RESUME and PRI_RESP need no CMD_SYNC (IHI 0070 4.7.1, 4.5.2: the SMMU
 * acts on them when it consumes them), so they are issued without one.
 */
static int issue_response(struct smmuv3_dev *dev,
			  const struct smmuv3_cmd_desc *d)
{
	struct smmuv3_cmd cmd;
	int ret;

	ret = dev_check(dev, ST(SMMUV3_DEV_ENABLED));
	if (ret)
		return ret;
	ret = smmuv3_cmd_encode(&dev->caps, d, &cmd);
	if (ret)
		return ret;
	return smmuv3_cmdq_issue(&dev->cmdq, &cmd, 1, NULL);
}

int smmuv3_dev_resume(struct smmuv3_dev *dev, uint32_t sid, uint16_t stag,
		      uint8_t resp)
{
	struct smmuv3_cmd_desc d = {
		.opcode = SMMUV3_OP_RESUME,
		.sid = sid,
		.stag = stag,
		.resp = resp,
	};

	if (!dev || (resp != SMMUV3_RESUME_RETRY &&
		     resp != SMMUV3_RESUME_TERMINATE &&
		     resp != SMMUV3_RESUME_ABORT))
		return SMMUV3_EINVAL;
	return issue_response(dev, &d);
}

int smmuv3_dev_pri_resp(struct smmuv3_dev *dev, const struct smmuv3_pri *req,
			uint8_t resp)
{
	struct smmuv3_cmd_desc d;

	if (!dev || !req || resp > SMMUV3_PRI_RESP_SUCCESS)
		return SMMUV3_EINVAL;
	if (!(dev->caps.features & SMMUV3_FEAT_PRI))
		return SMMUV3_EOPNOTSUPP;
	d = (struct smmuv3_cmd_desc){
		.opcode = SMMUV3_OP_PRI_RESP,
		.sid = req->sid,
		.ssv = req->ssv,
		.ssid = req->ssv ? req->ssid : 0,
		.grpid = req->grpid,
		.resp = resp,
	};
	return issue_response(dev, &d);
}

/* ------------------------------------------------------------------ */
/* Event and PRI queues                                                */
/* ------------------------------------------------------------------ */

/* Event record fields (IHI 0070 7.3), word-relative masks. */
#define EVT0_ID SMMUV3_GENMASK64(7, 0)
#define EVT0_SSV SMMUV3_BIT64(11)
#define EVT0_SSID SMMUV3_GENMASK64(31, 12)
#define EVT0_SID SMMUV3_GENMASK64(63, 32)
#define EVT1_STAG SMMUV3_GENMASK64(15, 0)
#define EVT1_STALL SMMUV3_BIT64(31)
#define EVT1_PNU SMMUV3_BIT64(33)
#define EVT1_IND SMMUV3_BIT64(34)
#define EVT1_RNW SMMUV3_BIT64(35)
#define EVT1_S2 SMMUV3_BIT64(39)
#define EVT1_CLASS SMMUV3_GENMASK64(41, 40)
#define EVT1_TTRNW SMMUV3_BIT64(44)
#define EVT3_IPA SMMUV3_GENMASK64(51, 12)
#define EVT3_FETCH SMMUV3_GENMASK64(51, 3)

static void event_decode_raw(const uint64_t *raw, struct smmuv3_event *ev);

int smmuv3_event_decode(const uint64_t raw[4], struct smmuv3_event *ev)
{
	if (!raw || !ev)
		return SMMUV3_EINVAL;
	event_decode_raw(raw, ev);
	return 0;
}

static void event_decode_raw(const uint64_t *raw, struct smmuv3_event *ev)
{
	uint64_t w0 = raw[0], w1 = raw[1], mask = 0;
	uint8_t id = (uint8_t)SMMUV3_FIELD_GET(EVT0_ID, w0);

	/* Every member is written (the padding is not). */
	ev->id = id;
	ev->ssv = (w0 & EVT0_SSV) != 0;
	ev->ssid = (uint32_t)SMMUV3_FIELD_GET(EVT0_SSID, w0);
	ev->sid = (uint32_t)SMMUV3_FIELD_GET(EVT0_SID, w0);
	ev->stag = (uint16_t)SMMUV3_FIELD_GET(EVT1_STAG, w1);
	ev->stall = (w1 & EVT1_STALL) != 0;
	ev->pnu = (w1 & EVT1_PNU) != 0;
	ev->ind = (w1 & EVT1_IND) != 0;
	ev->rnw = (w1 & EVT1_RNW) != 0;
	ev->s2 = (w1 & EVT1_S2) != 0;
	ev->clss = (uint8_t)SMMUV3_FIELD_GET(EVT1_CLASS, w1);
	ev->ttrnw = (w1 & EVT1_TTRNW) != 0;
	ev->input_addr = raw[2];
	/*
	 * Word 3 (IHI 0070 7.3): the IPA for translation-type faults, the
	 * fetch address for fetch faults; other records have no word-3 field.
	 */
	switch (id) {
	case SMMUV3_EVT_F_TRANSLATION:
	case SMMUV3_EVT_F_ADDR_SIZE:
	case SMMUV3_EVT_F_ACCESS:
	case SMMUV3_EVT_F_PERMISSION:
	case SMMUV3_EVT_F_TLB_CONFLICT:
		mask = EVT3_IPA;
		break;
	case SMMUV3_EVT_F_STE_FETCH:
	case SMMUV3_EVT_F_CD_FETCH:
	case SMMUV3_EVT_F_WALK_EABT:
	case SMMUV3_EVT_F_VMS_FETCH:
		mask = EVT3_FETCH;
		break;
	default:
		break;
	}
	ev->addr2 = raw[3] & mask;
	for (unsigned int i = 0; i < 4; i++)
		ev->raw[i] = raw[i];
}

/*
 * The names of the event records (IHI 0070 7.3) as one string, "UNKNOWN"
 * first, each followed by a NUL, in increasing ID order, and the set of
 * named IDs as a bitmap (every ID is below 64), both built from one list:
 * no pointer per name, no switch, no position table.
 */
#define EVT_NAMES(X) \
	X(F_UUT) X(C_BAD_STREAMID) X(F_STE_FETCH) X(C_BAD_STE) \
	X(F_BAD_ATS_TREQ) X(F_STREAM_DISABLED) X(F_TRANSL_FORBIDDEN) \
	X(C_BAD_SUBSTREAMID) X(F_CD_FETCH) X(C_BAD_CD) X(F_WALK_EABT) \
	X(F_TRANSLATION) X(F_ADDR_SIZE) X(F_ACCESS) X(F_PERMISSION) \
	X(F_TLB_CONFLICT) X(F_CFG_CONFLICT) X(E_PAGE_REQUEST) X(F_VMS_FETCH)

/*
 * Compile-time check of the list: each ID above the previous one and below
 * 64 (GAP_n is the previous ID + 1; a false check divides by zero).
 */
enum evt_order {
	EVT_ORDER_START = 0,
#define EVT_ORDER(n) \
	EVT_GAP_##n, \
	EVT_CHK_##n = 1 / (int)(SMMUV3_EVT_##n >= (unsigned int)EVT_GAP_##n && \
				SMMUV3_EVT_##n < 64u), \
	EVT_ID_##n = SMMUV3_EVT_##n,
	EVT_NAMES(EVT_ORDER)
#undef EVT_ORDER
};

const char *smmuv3_event_name(uint8_t id)
{
#define EVT_BIT(n) | ((uint64_t)1 << SMMUV3_EVT_##n)
	const uint64_t named = 0 EVT_NAMES(EVT_BIT);
#undef EVT_BIT
	static const char names[] = "UNKNOWN"
#define EVT_STR(n) "\0" #n
		EVT_NAMES(EVT_STR)
#undef EVT_STR
		;
	const char *p = names;

	if (id < 64u && ((named >> id) & 1u))
		for (unsigned int i = 0; i <= id; i++)
			if ((named >> i) & 1u)
				while (*p++ != '\0')
					;
	return p;
}

/*
 * Copy the entries from *@cons up to @prod (both index + wrap), at most
 * @max, into @words; *@cons moves past them. Returns how many.
 */
static size_t queue_copy(const struct smmuv3_queue *q, uint32_t *cons,
			 uint32_t prod, uint64_t *words, size_t max)
{
	uint32_t idx_mask = (1u << q->log2size) - 1u;
	uint32_t ptr_mask = (2u << q->log2size) - 1u; /* index + wrap */
	size_t nw = q->entry_bytes / 8u;
	uint32_t c = *cons;
	size_t got = 0;

	/*@ loop invariant 0 <= got <= max && c < (2 << q->log2size);
	    loop invariant c == (\at(*cons, Pre) + got) % (2 << q->log2size);
	    loop invariant got <= (prod + (2 << q->log2size) - \at(*cons, Pre)) %
		(2 << q->log2size);
	    loop assigns got, c, words[0 .. max * nw - 1];
	    loop variant max - got; */
	while (got < max && c != prod) {
		const uint8_t *e = q->base + (size_t)(c & idx_mask) *
						     q->entry_bytes;

		/* The entry read is the one of logical index CONS + got, and
		 * got < PROD - CONS: one the SMMU wrote and we have not read. */
		/*@ assert unread: got < (prod + (2 << q->log2size) -
			\at(*cons, Pre)) % (2 << q->log2size); */
		/*@ assert slot_mask: (c & idx_mask) == c % (1 << q->log2size); */
		/*@ assert slot_mod: c % (1 << q->log2size) ==
			(\at(*cons, Pre) + got) % (1 << q->log2size); */
		/*@ assert slot: e == q->base + ((\at(*cons, Pre) + got) %
			(1 << q->log2size)) * q->entry_bytes; */
		/*@ assert in_queue: \valid_read(e + (0 .. q->entry_bytes - 1)); */
		/*@ assert nw == 2 || nw == 4; */
		/*@ assert nw == 2 ==> got * 2 + 2 <= max * 2; */
		/*@ assert nw == 4 ==> got * 4 + 4 <= max * 4; */
		/*@ assert got * nw + nw <= max * nw; */
		/*@ assert max * nw <= 4 * 65536; */
		/*@ loop invariant 0 <= w <= nw;
		    loop assigns w, words[got * nw .. got * nw + nw - 1];
		    loop variant nw - w; */
		for (size_t w = 0; w < nw; w++) {
			/*@ assert in_out: \valid(words + (got * nw + w)); */
			words[got * nw + w] = smmuv3_le64_to_cpu(
				((const uint64_t *)(const void *)e)[w]);
		}
		got++;
		c = (c + 1u) & ptr_mask;
	}
	*cons = c;
	return got;
}

/*
 * Consume up to @max entries of @q into @words (entry_bytes / 8 words
 * each). Queue pointers: index in the low log2size bits, wrap bit above,
 * OVFLG/OVACKFLG at bit 31 (IHI 0070 3.5.1, 6.3.29). A corrupt PROD
 * consumes nothing (CONS is not written).
 */
static int queue_drain(const struct smmuv3_osal *osal, struct smmuv3_queue *q,
		       uint64_t *words, size_t max, size_t *n, bool *ovf)
{
	const struct smmuv3_osal_ops *ops = osal->ops;
	uint32_t ptr_mask = (2u << q->log2size) - 1u; /* index + wrap */
	uint32_t prod, cons = q->cons & ptr_mask;
	size_t got;

	prod = ops->read32(osal->ctx, q->prod_reg);
	if (prod & ~(ptr_mask | SMMUV3_Q_OVF))
		return SMMUV3_EIO;
	/* Entries up to PROD are visible once PROD is (consume barrier). */
	ops->barrier(osal->ctx, SMMUV3_BARRIER_MMIO_CONSUME);
	got = queue_copy(q, &cons, prod & ptr_mask, words, max);
	/* Report each overflow once: when OVFLG toggles. */
	*ovf = (prod & SMMUV3_Q_OVF) != q->ovf_seen;
	q->ovf_seen = prod & SMMUV3_Q_OVF;
	/*
	 * Acknowledge an overflow only once drained (IHI 0070 3.5.3: the
	 * OVACKFLG write tells the SMMU the software has seen the loss).
	 */
	if (cons == (prod & ptr_mask))
		q->cons = cons | (prod & SMMUV3_Q_OVF);
	else
		q->cons = cons | (q->cons & SMMUV3_Q_OVF);
	/* Our reads of the entries complete before the SMMU may reuse them. */
	ops->barrier(osal->ctx, SMMUV3_BARRIER_FULL);
	ops->write32(osal->ctx, q->cons_reg, q->cons);
	*n = got;
	return 0;
}

/* Decode one drained entry (@w: its words) into slot @i of @out. */
typedef void (*decode_fn)(const uint64_t *w, void *out, size_t i);

/*
 * Drain up to @max entries of @q in chunks of 16 (bounded stack), decoding
 * each with @decode. *@ovf: an overflow was seen during this call. *@n is
 * written on error too: each chunk's records are decoded into @out before
 * the next PROD read, so a corrupt read loses nothing already consumed.
 */
static int drain_decode(const struct smmuv3_osal *osal, struct smmuv3_queue *q,
			decode_fn decode, void *out, size_t max, size_t *n,
			bool *ovf)
{
	uint64_t raw[4 * 16] = { 0 };
	size_t nw = q->entry_bytes / 8u, total = 0;
	int ret = 0;

	*ovf = false;
	while (total < max) {
		size_t chunk = max - total > 16 ? 16 : max - total;
		size_t got = 0;
		bool o = false;

		ret = queue_drain(osal, q, raw, chunk, &got, &o);
		if (ret)
			break;
		*ovf |= o;
		for (size_t i = 0; i < got; i++)
			decode(&raw[nw * i], out, total + i);
		total += got;
		/* cppcheck's value flow wrongly takes chunk < 1 here (max > 0). */
		// cppcheck-suppress knownConditionTrueFalse
		if (got < chunk)
			break; /* the queue is empty */
	}
	*n = total;
	return ret;
}

static void decode_event(const uint64_t *w, void *out, size_t i)
{
	struct smmuv3_event *ev = out;

	event_decode_raw(w, &ev[i]);
}


/* PRI queue entry (IHI 0070 8.1). */
#define PRI0_SID SMMUV3_GENMASK64(31, 0)
#define PRI0_SSID SMMUV3_GENMASK64(51, 32)
#define PRI0_PRIV SMMUV3_BIT64(58)
#define PRI0_EXEC SMMUV3_BIT64(59)
#define PRI0_READ SMMUV3_BIT64(60)
#define PRI0_WRITE SMMUV3_BIT64(61)
#define PRI0_LAST SMMUV3_BIT64(62)
#define PRI0_SSV SMMUV3_BIT64(63)
#define PRI1_GRPID SMMUV3_GENMASK64(8, 0)
#define PRI1_ADDR SMMUV3_GENMASK64(63, 12)

static void pri_decode_raw(const uint64_t *w, struct smmuv3_pri *req)
{
	*req = (struct smmuv3_pri){
		.sid = (uint32_t)SMMUV3_FIELD_GET(PRI0_SID, w[0]),
		.ssid = (uint32_t)SMMUV3_FIELD_GET(PRI0_SSID, w[0]),
		.ssv = (w[0] & PRI0_SSV) != 0,
		.priv = (w[0] & PRI0_PRIV) != 0,
		.exec = (w[0] & PRI0_EXEC) != 0,
		.read = (w[0] & PRI0_READ) != 0,
		.write = (w[0] & PRI0_WRITE) != 0,
		.last = (w[0] & PRI0_LAST) != 0,
		.grpid = (uint16_t)SMMUV3_FIELD_GET(PRI1_GRPID, w[1]),
		.addr = w[1] & PRI1_ADDR,
	};
}

int smmuv3_pri_decode(const uint64_t raw[2], struct smmuv3_pri *req)
{
	if (!raw || !req)
		return SMMUV3_EINVAL;
	pri_decode_raw(raw, req);
	return 0;
}

static void decode_pri(const uint64_t *w, void *out, size_t i)
{
	struct smmuv3_pri *req = out;

	pri_decode_raw(w, &req[i]);
}

/* The device's own event (@pri false) or PRI queue reader: one body. */
static int dev_read(struct smmuv3_dev *dev, bool pri, void *out, size_t max,
		    size_t *n, bool *overflowed)
{
	int ret;

	if (!dev || !n || !overflowed || (max && !out))
		return SMMUV3_EINVAL;
	*n = 0;
	*overflowed = false;
	if (pri && !(dev->caps.features & SMMUV3_FEAT_PRI))
		return SMMUV3_EOPNOTSUPP;
	/* Another component drains this queue (smmuv3_queue_attach()). */
	if (dev->cfg.flags & SMMUV3_DEV_F_QUEUES_EXTERNAL)
		return SMMUV3_EPERM;
	if (smmuv3_dev_state_get(dev) != SMMUV3_DEV_ENABLED)
		return SMMUV3_EPERM;
	ret = drain_decode(&dev->osal, pri ? &dev->priq : &dev->evtq,
			   pri ? decode_pri : decode_event, out, max, n,
			   overflowed);
	if (*overflowed && !pri)
		dev->events_lost++; /* overflow episodes */
	return ret;
}

int smmuv3_dev_read_events(struct smmuv3_dev *dev, struct smmuv3_event *ev,
			   size_t max, size_t *n, bool *overflowed)
{
	return dev_read(dev, false, ev, max, n, overflowed);
}

int smmuv3_dev_read_pri(struct smmuv3_dev *dev, struct smmuv3_pri *req,
			size_t max, size_t *n, bool *overflowed)
{
	return dev_read(dev, true, req, max, n, overflowed);
}

/* ------------------------------------------------------------------ */
/* Queues drained by another component                                 */
/* ------------------------------------------------------------------ */

int smmuv3_dev_queue_info(const struct smmuv3_dev *dev,
			  enum smmuv3_queue_kind kind,
			  struct smmuv3_queue_info *info)
{
	const struct smmuv3_queue *q;
	int ret;

	if (!info || (kind != SMMUV3_QUEUE_EVTQ && kind != SMMUV3_QUEUE_PRIQ))
		return SMMUV3_EINVAL;
	ret = dev_check(dev, ST(SMMUV3_DEV_READY) | ST(SMMUV3_DEV_ENABLED));
	if (ret)
		return ret;
	if (kind == SMMUV3_QUEUE_PRIQ &&
	    !(dev->caps.features & SMMUV3_FEAT_PRI))
		return SMMUV3_EOPNOTSUPP;
	q = kind == SMMUV3_QUEUE_EVTQ ? &dev->evtq : &dev->priq;
	*info = (struct smmuv3_queue_info){
		.base_pa = q->base_pa,
		.prod_reg = q->prod_reg,
		.cons_reg = q->cons_reg,
		.log2size = q->log2size,
		.entry_bytes = q->entry_bytes,
		.kind = (uint8_t)kind,
	};
	return 0;
}

int smmuv3_queue_attach(struct smmuv3_queue_consumer *c,
			const struct smmuv3_osal *osal,
			const struct smmuv3_queue_info *info, void *base)
{
	uint32_t esz, cons, ptr_mask;
	size_t bytes;
	int ret;

	if (!c || !osal || !info || !base)
		return SMMUV3_EINVAL;
	if (info->kind == SMMUV3_QUEUE_EVTQ)
		esz = SMMUV3_EVT_BYTES;
	else if (info->kind == SMMUV3_QUEUE_PRIQ)
		esz = SMMUV3_PRI_BYTES;
	else
		return SMMUV3_EINVAL;
	if (info->entry_bytes != esz || info->log2size > SMMUV3_Q_MAX_LOG2SIZE ||
	    (info->prod_reg & 3u) || (info->cons_reg & 3u))
		return SMMUV3_EINVAL;
	bytes = queue_bytes(esz, info->log2size);
	if (!queue_base_ok(info->base_pa, bytes))
		return SMMUV3_EINVAL;
	ret = smmuv3_osal_validate(osal);
	if (ret)
		return ret;
	ptr_mask = (2u << info->log2size) - 1u;
	cons = osal->ops->read32(osal->ctx, info->cons_reg);
	*c = (struct smmuv3_queue_consumer){
		.osal = *osal,
		.kind = info->kind,
		.q = {
			.base = base,
			.base_pa = info->base_pa,
			.bytes = bytes,
			.log2size = info->log2size,
			.entry_bytes = info->entry_bytes,
			/* Continue where the last consumer stopped; an
			 * overflow it did not acknowledge is reported. */
			.cons = cons & (ptr_mask | SMMUV3_Q_OVF),
			.ovf_seen = cons & SMMUV3_Q_OVF,
			.prod_reg = info->prod_reg,
			.cons_reg = info->cons_reg,
		},
	};
	return 0;
}

static int consumer_read(struct smmuv3_queue_consumer *c, uint8_t kind,
			 decode_fn decode, void *out, size_t max, size_t *n,
			 bool *overflowed)
{
	int ret;

	if (!c || !n || !overflowed || (max && !out) || !c->q.base ||
	    c->kind != kind)
		return SMMUV3_EINVAL;
	ret = drain_decode(&c->osal, &c->q, decode, out, max, n, overflowed);
	if (*overflowed)
		c->overflows++;
	return ret;
}

int smmuv3_queue_read_events(struct smmuv3_queue_consumer *c,
			     struct smmuv3_event *ev, size_t max, size_t *n,
			     bool *overflowed)
{
	return consumer_read(c, SMMUV3_QUEUE_EVTQ, decode_event, ev, max, n,
			     overflowed);
}

int smmuv3_queue_read_pri(struct smmuv3_queue_consumer *c,
			  struct smmuv3_pri *req, size_t max, size_t *n,
			  bool *overflowed)
{
	return consumer_read(c, SMMUV3_QUEUE_PRIQ, decode_pri, req, max, n,
			     overflowed);
}

/* After an abort on a queue's memory its entries are not valid: drop them. */
static int queue_discard(const struct smmuv3_osal *osal, struct smmuv3_queue *q)
{
	uint32_t ptr_mask = (2u << q->log2size) - 1u;
	uint32_t prod;

	if (!q->base)
		return 0;
	prod = osal->ops->read32(osal->ctx, q->prod_reg);
	if (prod & ~(ptr_mask | SMMUV3_Q_OVF))
		return SMMUV3_EIO;
	q->cons = (prod & ptr_mask) | (prod & SMMUV3_Q_OVF);
	q->ovf_seen = prod & SMMUV3_Q_OVF;
	osal->ops->write32(osal->ctx, q->cons_reg, q->cons);
	return 0;
}

int smmuv3_queue_discard(struct smmuv3_queue_consumer *c)
{
	if (!c || !c->q.base)
		return SMMUV3_EINVAL;
	return queue_discard(&c->osal, &c->q);
}

int smmuv3_dev_handle_gerror(struct smmuv3_dev *dev,
			     struct smmuv3_gerror_info *info)
{
	const struct smmuv3_osal_ops *ops;
	struct smmuv3_gerror_info local;
	uint32_t gerror, gerrorn, active, others;
	int ret;

	ret = dev_check(dev, ST(SMMUV3_DEV_READY) | ST(SMMUV3_DEV_ENABLED));
	if (ret)
		return ret;
	ops = dev->osal.ops;
	if (!info)
		info = &local;
	*info = (struct smmuv3_gerror_info){ 0 };
	gerror = rd32(dev, SMMUV3_GERROR);
	gerrorn = rd32(dev, SMMUV3_GERRORN);
	active = (gerror ^ gerrorn) & SMMUV3_GERROR_ERR_MASK;
	info->active = active;
	if (!active)
		return 0;
	smmuv3_log(&dev->osal, SMMUV3_LOG_ERR, "GERROR", SMMUV3_EIO, active,
		   gerror, gerrorn, 0);
	if (active & SMMUV3_GERROR_SFM_ERR) {
		/*
		 * IHI 0070 12.3: service failure mode; only a reset recovers
		 * and CR0ACK may never follow, so do not wait here (this runs
		 * in an interrupt handler). The device is FAILED until a
		 * smmuv3_dev_disable() is acknowledged.
		 */
		wr32(dev, SMMUV3_CR0, 0);
		smmuv3_dev_state_set(dev, SMMUV3_DEV_FAILED);
		info->disabled = true;
	}
	/*
	 * With the queues drained elsewhere their consumer discards
	 * (smmuv3_queue_discard()). A corrupt PROD leaves the entries: the
	 * next drain reports it.
	 */
	if (!(dev->cfg.flags & SMMUV3_DEV_F_QUEUES_EXTERNAL)) {
		if (active & SMMUV3_GERROR_EVTQ_ABT_ERR)
			(void)queue_discard(&dev->osal, &dev->evtq);
		if (active & SMMUV3_GERROR_PRIQ_ABT_ERR)
			(void)queue_discard(&dev->osal, &dev->priq);
	}
	/*
	 * Acknowledge everything but CMDQ_ERR by toggling exactly those
	 * GERRORN bits (toggling an inactive one is CONSTRAINED
	 * UNPREDICTABLE, 6.3.20). GERRORN is re-read under the lock the
	 * command queue takes for its own CMDQ_ERR acknowledgement.
	 */
	others = active & ~SMMUV3_GERROR_CMDQ_ERR;
	if (others) {
		if (ops->lock)
			ops->lock(dev->osal.ctx);
		gerrorn = rd32(dev, SMMUV3_GERRORN);
		wr32(dev, SMMUV3_GERRORN, gerrorn ^ others);
		if (ops->unlock)
			ops->unlock(dev->osal.ctx);
	}
	if ((active & SMMUV3_GERROR_CMDQ_ERR) &&
	    smmuv3_cmdq_handle_error(&dev->cmdq, &info->cmdq) == 0)
		info->active &= ~SMMUV3_GERROR_CMDQ_ERR; /* handled meanwhile */
	return SMMUV3_EIO;
}
