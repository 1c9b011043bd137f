// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual SMMUv3 (include/smmuv3/vsmmu.h, docs/vsmmu.md): the guest's
 * register file (IHI 0070 chapter 6), the consumer of the guest's command
 * queue (chapter 4, errors as 7.1), the guest STE validator that turns a
 * guest stage-1 STE into the host's nested STE (5.2), and the delivery of
 * host event records into the guest's event queue (7.3, 7.4).
 *
 * Everything the guest controls (registers, queue entries, STEs, L1
 * descriptors) is untrusted: it is read once into local variables, checked,
 * and only then acted upon; every loop is bounded by the policy or the
 * stream mapping fixed at init.
 */
#include <smmuv3/hw/regs.h>
#include <smmuv3/vsmmu.h>

#include "internal.h"

/* Event record fields (IHI 0070 7.3). */
#define EVT0_ID SMMUV3_GENMASK64(7, 0)
#define EVT0_SID SMMUV3_GENMASK64(63, 32)
#define EVT1_STAG SMMUV3_GENMASK64(15, 0)
#define EVT1_STALL SMMUV3_BIT64(31)
#define EVT1_S2 SMMUV3_BIT64(39)

/* Index and wrap bits of a PROD/CONS value (LOG2SIZE <= 19). */
#define Q_IDX_BITS SMMUV3_GENMASK32(19, 0)

/* Host commands batched before they are issued with a CMD_SYNC. */
#define BATCH_MAX 16u

/* Internal result of one guest command: consumed, or a CERROR code. */
#define CMD_DONE 0

/*
 * Guest memory is read into and written from 64-bit words in place: each
 * word converted between little-endian (the guest's tables, queues and
 * records, IHI 0070 3.x) and the CPU's order (no-op on little-endian).
 */
_Static_assert(SMMUV3_STE_SIZE == 8u * SMMUV3_STE_QWORDS &&
		       SMMUV3_CMD_BYTES == sizeof(((struct smmuv3_cmd *)0)->dw) &&
		       SMMUV3_EVT_BYTES == 4u * 8u,
	       "guest entries are read and written as 64-bit words");

static void le64_swap(uint64_t *w, unsigned int n)
{
	while (n--) {
		*w = smmuv3_le64_to_cpu(*w);
		w++;
	}
}

/* ------------------------------------------------------------------ */
/* Streams                                                             */
/* ------------------------------------------------------------------ */

/* The mapped stream of guest (or, with @host, host) StreamID @sid. */
static NOINLINE const struct smmuv3_vsmmu_stream *
find_stream(const struct smmuv3_vsmmu *vs, uint32_t sid, bool host)
{
	const struct smmuv3_vsmmu_stream *s = vs->cfg.streams;
	size_t i;

	for (i = 0; i < vs->cfg.nstreams; i++, s++)
		if ((host ? s->host_sid : s->guest_sid) == sid)
			return s;
	return NULL;
}

static NOINLINE void refuse(struct smmuv3_vsmmu *vs, enum smmuv3_vsmmu_refusal r,
		   uint32_t gsid, const struct smmuv3_cmd *cmd)
{
	vs->stats.refusals++;
	vs->stats.last_refusal = r;
	vs->stats.last_refusal_sid = gsid;
	vs->stats.last_refusal_cmd[0] = cmd ? cmd->dw[0] : 0;
	vs->stats.last_refusal_cmd[1] = cmd ? cmd->dw[1] : 0;
}

static int host_err(struct smmuv3_vsmmu *vs, int ret)
{
	if (ret)
		vs->stats.last_host_error = ret;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Guest STEs -> host STEs                                             */
/* ------------------------------------------------------------------ */

/*
 * Read the guest STE of @gsid from the guest's stream table (IHI 0070
 * 5.1, 6.3.24). Return 1 with @g filled, 0 when the StreamID is outside
 * the table or its L1 descriptor is invalid (an abort, as C_BAD_STREAMID
 * or an invalid descriptor), or SMMUV3_EFAULT when guest memory failed.
 */
static int guest_ste_read(struct smmuv3_vsmmu *vs, uint32_t gsid,
			  uint64_t g[SMMUV3_STE_QWORDS])
{
	const struct smmuv3_vsmmu_guest_ops *ops = vs->cfg.guest_ops;
	uint32_t cfg = vs->strtab_base_cfg;
	uint32_t log2size = SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE, cfg);
	uint32_t split = SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_SPLIT, cfg);
	uint64_t base = vs->strtab_base & SMMUV3_STRTAB_BASE_ADDR;
	uint64_t ste_ipa;

	if (log2size > vs->gcaps.sid_bits)
		log2size = vs->gcaps.sid_bits; /* 6.3.24: capped at SIDSIZE */
	if ((uint64_t)gsid >> log2size) /* log2size <= 32 */
		return 0;
	if (SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_FMT, cfg) ==
	    SMMUV3_STRTAB_BASE_CFG_FMT_2LVL) {
		uint64_t l1, l2ptr;
		uint32_t span, idx;

		/* 6.3.24: SPLIT 6, 8 or 10; other values are treated as 6
		 * here (CONSTRAINED UNPREDICTABLE), and never above LOG2SIZE. */
		if (split != 6u && split != 8u && split != 10u)
			split = 6u;
		if (split > log2size)
			split = log2size;
		if (ops->read(vs->cfg.guest_ctx,
			      base + (uint64_t)(gsid >> split) * 8u, &l1, 8u))
			return SMMUV3_EFAULT;
		le64_swap(&l1, 1u);
		span = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_L1STD_SPAN, l1);
		l2ptr = l1 & SMMUV3_L1STD_L2PTR;
		idx = gsid & ((1u << split) - 1u);
		/* 5.1: SPAN 0 is invalid; an L2 table holds 2^(SPAN-1)
		 * STEs; SPAN above SPLIT + 1 is treated as invalid. */
		if (span == 0u || span > split + 1u || (idx >> (span - 1u)))
			return 0;
		ste_ipa = l2ptr + (uint64_t)idx * SMMUV3_STE_SIZE;
	} else {
		ste_ipa = base + (uint64_t)gsid * SMMUV3_STE_SIZE;
	}
	if (ops->read(vs->cfg.guest_ctx, ste_ipa, g, SMMUV3_STE_SIZE))
		return SMMUV3_EFAULT;
	le64_swap(g, SMMUV3_STE_QWORDS);
	return 1;
}

/*
 * The host STE for a guest STE (IHI 0070 5.2): abort, stage 2 only for a
 * bypass the policy allows, or nested with the guest's CD table. Any
 * other choice is refused, and the stream aborts.
 */
static enum smmuv3_vsmmu_refusal ste_translate(struct smmuv3_vsmmu *vs,
					       const uint64_t g[SMMUV3_STE_QWORDS],
					       struct smmuv3_ste *out,
					       bool *built)
{
	const struct smmuv3_caps *hc = vs->cfg.host_caps;
	uint32_t flags = vs->cfg.ste_flags;
	struct smmuv3_ste_s1 s1;
	uint32_t config, eats;

	if (!(g[0] & SMMUV3_STE0_V))
		return SMMUV3_VSMMU_OK; /* invalid: abort (caller default) */
	config = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, g[0]);
	switch (config) {
	case SMMUV3_STE_CONFIG_ABORT:
		return SMMUV3_VSMMU_OK;
	case SMMUV3_STE_CONFIG_BYPASS:
		if (!(vs->cfg.policy.flags & SMMUV3_VSMMU_P_BYPASS))
			return SMMUV3_VSMMU_R_STE_BYPASS;
		if (smmuv3_ste_build_s2(hc, &vs->cfg.s2, flags, out))
			return SMMUV3_VSMMU_R_STE_HOST;
		*built = true;
		return SMMUV3_VSMMU_OK;
	case SMMUV3_STE_CONFIG_S1:
		break;
	case SMMUV3_STE_CONFIG_S2:
	case SMMUV3_STE_CONFIG_NESTED:
		return SMMUV3_VSMMU_R_STE_STAGE2;
	default:
		return SMMUV3_VSMMU_R_STE_ILLEGAL; /* 0b001..0b011 Reserved */
	}

	s1.cdtab = g[0] & SMMUV3_STE0_S1CTXPTR;
	s1.s1cdmax = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE0_S1CDMAX, g[0]);
	s1.s1fmt = s1.s1cdmax
			   ? (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE0_S1FMT, g[0])
			   : SMMUV3_STE_S1FMT_LINEAR;
	s1.s1dss = s1.s1cdmax ? (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE1_S1DSS,
							  g[1])
			      : SMMUV3_STE_S1DSS_SSID0;
	s1.cir = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE1_S1CIR, g[1]);
	s1.cor = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE1_S1COR, g[1]);
	s1.csh = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_STE1_S1CSH, g[1]);
	/* The CD table lies in the guest's physical (IPA) space. */
	if (s1.s1cdmax > vs->gcaps.ssid_bits || s1.s1dss == 3u ||
	    s1.csh == 1u || (s1.cdtab >> vs->gcaps.oas_bits))
		return SMMUV3_VSMMU_R_STE_ILLEGAL;
	if (s1.s1fmt != SMMUV3_STE_S1FMT_LINEAR &&
	    !(vs->gcaps.features & SMMUV3_FEAT_2LVL_CDTAB))
		return SMMUV3_VSMMU_R_STE_FEATURE;
	if (s1.s1fmt == 3u)
		return SMMUV3_VSMMU_R_STE_ILLEGAL;
	if (s1.s1fmt == 1u)
		return SMMUV3_VSMMU_R_STE_FEATURE; /* 4 KB L2 CD tables */
	/* The guest's world is NS-EL1 only (no HYP in its IDR0). */
	if (SMMUV3_FIELD_GET(SMMUV3_STE1_STRW, g[1]) != SMMUV3_STE_STRW_NSEL1)
		return SMMUV3_VSMMU_R_STE_FEATURE;
	eats = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_STE1_EATS, g[1]);
	if (eats == SMMUV3_STE_EATS_TRANS &&
	    (vs->gcaps.features & SMMUV3_FEAT_ATS))
		flags |= SMMUV3_STE_F_ATS;
	else if (eats != SMMUV3_STE_EATS_ABORT)
		return SMMUV3_VSMMU_R_STE_FEATURE;
	if (g[1] & SMMUV3_STE1_MEV)
		flags |= SMMUV3_STE_F_MEV;
	if (smmuv3_ste_build_nested(hc, &s1, &vs->cfg.s2, flags, out))
		return SMMUV3_VSMMU_R_STE_HOST;
	*built = true;
	return SMMUV3_VSMMU_OK;
}

/* Bring the host STE of one mapped stream in line with the guest's state. */
static int stream_sync(struct smmuv3_vsmmu *vs,
		       const struct smmuv3_vsmmu_stream *s)
{
	uint64_t g[SMMUV3_STE_QWORDS];
	enum smmuv3_vsmmu_refusal r = SMMUV3_VSMMU_OK;
	struct smmuv3_ste ste;
	int ret;

	bool built = false;

	if (!(vs->cr0 & SMMUV3_CR0_SMMUEN)) {
		/* 6.3.14: with SMMUEN = 0 traffic follows GBPA. */
		built = !(vs->gbpa & SMMUV3_GBPA_ABORT) &&
			smmuv3_ste_build_s2(vs->cfg.host_caps, &vs->cfg.s2,
					    vs->cfg.ste_flags, &ste) == 0;
	} else {
		ret = guest_ste_read(vs, s->guest_sid, g);
		if (ret < 0)
			r = SMMUV3_VSMMU_R_STE_FETCH;
		else if (ret == 1)
			r = ste_translate(vs, g, &ste, &built);
		if (r != SMMUV3_VSMMU_OK) {
			refuse(vs, r, s->guest_sid, NULL);
			built = false;
		}
	}
	if (!built) {
		ret = smmuv3_ste_build_abort(&ste);
		if (ret)
			return ret;
	}
	vs->stats.ste_writes++;
	return host_err(vs, vs->cfg.host_ops->ste_write(vs->cfg.host_ctx,
							s->host_sid, &ste));
}

static int streams_sync_all(struct smmuv3_vsmmu *vs)
{
	size_t i;
	int ret, first = 0;

	/* Every stream is attempted, so one failure leaves no stale one. */
	for (i = 0; i < vs->cfg.nstreams; i++) {
		ret = stream_sync(vs, &vs->cfg.streams[i]);
		if (ret && !first)
			first = ret;
	}
	return first;
}

/* ------------------------------------------------------------------ */
/* Interrupts and global errors                                        */
/* ------------------------------------------------------------------ */

static void irq_raise(struct smmuv3_vsmmu *vs, enum smmuv3_vsmmu_irq irq)
{
	uint64_t addr = 0;
	uint32_t data = 0;

	_Static_assert(SMMUV3_IRQ_CTRL_EVTQ_IRQEN ==
			       SMMUV3_IRQ_CTRL_GERROR_IRQEN << 2u,
		       "the enable of interrupt irq is bit 2 * irq");
	if (!(vs->irq_ctrl & (SMMUV3_IRQ_CTRL_GERROR_IRQEN << (2u * irq))))
		return;
	if (vs->gcaps.features & SMMUV3_FEAT_MSI) {
		addr = vs->irq_cfg0[irq] & SMMUV3_IRQ_CFG0_ADDR;
		data = vs->irq_cfg1[irq];
	}
	vs->cfg.guest_ops->irq(vs->cfg.guest_ctx, irq, addr, data);
}

/* IHI 0070 7.2: an error becomes active by toggling its GERROR bit. */
static void gerror_raise(struct smmuv3_vsmmu *vs, uint32_t bit)
{
	if ((vs->gerror ^ vs->gerrorn) & bit)
		return;
	vs->gerror ^= bit;
	irq_raise(vs, SMMUV3_VSMMU_IRQ_GERROR);
}

/* ------------------------------------------------------------------ */
/* Command queue                                                       */
/* ------------------------------------------------------------------ */

static uint32_t q_log2(uint64_t base, uint32_t max)
{
	uint32_t l = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_Q_BASE_LOG2SIZE, base);

	return l < max ? l : max; /* 6.3.25: LOG2SIZE beyond the IDR max */
}

static uint32_t q_inc(uint32_t v, uint32_t l)
{
	uint32_t m = (2u << l) - 1u; /* index and wrap bits */

	return (v & ~m) | ((v + 1u) & m);
}

static int batch_flush(struct smmuv3_vsmmu *vs)
{
	int ret;

	if (!vs->nbatch)
		return 0;
	ret = vs->cfg.host_ops->cmds(vs->cfg.host_ctx, vs->batch, vs->nbatch);
	if (ret)
		return host_err(vs, ret);
	vs->stats.forwarded += vs->nbatch;
	vs->nbatch = 0;
	return 0;
}

/* Encode @d for the host and queue it; CERROR_ILL if the host refuses. */
static int forward(struct smmuv3_vsmmu *vs, const struct smmuv3_cmd_desc *d)
{
	int ret;

	if (vs->nbatch == BATCH_MAX) {
		ret = batch_flush(vs);
		if (ret)
			return ret;
	}
	/* The guest's view is a subset of the host's, so this holds for
	 * every command that decoded; refused all the same if not. */
	if (smmuv3_cmd_encode(vs->cfg.host_caps, d, &vs->batch[vs->nbatch])) {
		refuse(vs, SMMUV3_VSMMU_R_CMD_ILLEGAL, d->sid, NULL);
		return (int)SMMUV3_CERROR_ILL;
	}
	vs->nbatch++;
	return CMD_DONE;
}

/*
 * CFGI_STE and CFGI_STE_RANGE: the host STE of each mapped stream in the
 * range follows the guest's again, after the earlier invalidations. A
 * CFGI_STE of a StreamID without a device behind it has no effect.
 */
static int cfgi_ste(struct smmuv3_vsmmu *vs, const struct smmuv3_cmd_desc *d)
{
	uint64_t lo = d->sid, hi;
	size_t i;
	int ret;

	if (d->opcode == SMMUV3_OP_CFGI_STE) {
		if (!find_stream(vs, d->sid, false))
			return CMD_DONE;
		hi = lo;
	} else {
		/* Range 31 (every StreamID): [0, 2^32). The decoder keeps
		 * Range below 32. */
		lo &= ~(((uint64_t)2 << d->range) - 1u);
		hi = lo + ((uint64_t)2 << d->range) - 1u;
	}
	ret = batch_flush(vs);
	for (i = 0; i < vs->cfg.nstreams && !ret; i++) {
		const struct smmuv3_vsmmu_stream *s = &vs->cfg.streams[i];

		if (s->guest_sid >= lo && s->guest_sid <= hi)
			ret = stream_sync(vs, s);
	}
	return ret;
}

static int cmd_sync(struct smmuv3_vsmmu *vs, const struct smmuv3_cmd_desc *d)
{
	uint64_t le = smmuv3_cpu_to_le64(d->msidata); /* first 4 bytes */
	int ret;

	/* 4.7.3: everything before the sync has completed on the host. */
	ret = batch_flush(vs);
	if (ret)
		return ret;
	if (d->cs != SMMUV3_SYNC_CS_IRQ)
		return CMD_DONE; /* NONE, SEV: the guest polls CONS */
	if (d->addr) {
		if (vs->cfg.guest_ops->write(vs->cfg.guest_ctx, d->addr, &le,
					     4u))
			gerror_raise(vs, SMMUV3_GERROR_MSI_CMDQ_ABT_ERR);
	} else {
		vs->cfg.guest_ops->irq(vs->cfg.guest_ctx,
				       SMMUV3_VSMMU_IRQ_CMD_SYNC, 0, 0);
	}
	return CMD_DONE;
}

/*
 * One guest command: CMD_DONE, a positive CERROR code, or a negative host
 * error. The guest's capabilities (decode) make everything outside its
 * world illegal: stage-2 and EL2 TLBIs, PRI, stalls, ATS without the
 * policy, VMIDs other than 0.
 */
static int cmd_one(struct smmuv3_vsmmu *vs, const struct smmuv3_cmd *cmd)
{
	const struct smmuv3_vsmmu_stream *s;
	struct smmuv3_cmd_desc d;

	if (smmuv3_cmd_decode(&vs->gcaps, cmd, &d))
		goto illegal;
	switch (d.opcode) {
	case SMMUV3_OP_PREFETCH_CONFIG:
	case SMMUV3_OP_PREFETCH_ADDR:
		return CMD_DONE; /* hints: no effect is a legal effect */
	case SMMUV3_OP_CFGI_STE:
	case SMMUV3_OP_CFGI_STE_RANGE:
		return cfgi_ste(vs, &d);
	case SMMUV3_OP_CFGI_CD:
	case SMMUV3_OP_CFGI_CD_ALL:
	case SMMUV3_OP_ATC_INV:
		s = find_stream(vs, d.sid, false);
		if (!s)
			return CMD_DONE; /* no device behind it */
		d.sid = s->host_sid;
		break;
	case SMMUV3_OP_TLBI_NSNH_ALL:
		/* The guest's whole non-secure world is its VMID. */
		memset(&d, 0, sizeof(d));
		d.opcode = SMMUV3_OP_TLBI_S12_VMALL;
		/* fall through */
	case SMMUV3_OP_TLBI_NH_ALL:
	case SMMUV3_OP_TLBI_NH_ASID:
	case SMMUV3_OP_TLBI_NH_VA:
	case SMMUV3_OP_TLBI_NH_VAA:
		d.vmid = vs->cfg.s2.vmid;
		break;
	case SMMUV3_OP_CMD_SYNC:
		return cmd_sync(vs, &d);
	default:
		/* Decodable for the guest but not forwardable. */
		goto illegal;
	}
	return forward(vs, &d);
illegal:
	refuse(vs, SMMUV3_VSMMU_R_CMD_ILLEGAL, 0, cmd);
	return (int)SMMUV3_CERROR_ILL;
}

/* IHI 0070 7.1: stop at the command, CONS.ERR, then GERROR.CMDQ_ERR. */
static void cerror(struct smmuv3_vsmmu *vs, uint32_t code)
{
	vs->cmdq_cons = (vs->cmdq_cons & ~SMMUV3_CMDQ_CONS_ERR) |
			SMMUV3_FIELD_PREP(SMMUV3_CMDQ_CONS_ERR, code);
	gerror_raise(vs, SMMUV3_GERROR_CMDQ_ERR);
}

static int cmdq_run(struct smmuv3_vsmmu *vs)
{
	uint32_t l = q_log2(vs->cmdq_base, vs->gcaps.cmdq_shift);
	uint32_t m = (2u << l) - 1u, budget = vs->cfg.policy.max_cmds;
	uint64_t base = vs->cmdq_base & SMMUV3_Q_BASE_ADDR;
	struct smmuv3_cmd cmd;
	int ret;

	if (!budget)
		budget = 1u << vs->gcaps.cmdq_shift;
	while ((vs->cr0 & SMMUV3_CR0_CMDQEN) &&
	       !((vs->gerror ^ vs->gerrorn) & SMMUV3_GERROR_CMDQ_ERR) &&
	       ((vs->cmdq_prod ^ vs->cmdq_cons) & m)) {
		if (!budget) {
			ret = batch_flush(vs);
			return ret ? ret : SMMUV3_EAGAIN;
		}
		budget--;
		if (vs->cfg.guest_ops->read(
			    vs->cfg.guest_ctx,
			    base + (uint64_t)(vs->cmdq_cons & ((1u << l) - 1u)) *
					   SMMUV3_CMD_BYTES,
			    cmd.dw, SMMUV3_CMD_BYTES)) {
			refuse(vs, SMMUV3_VSMMU_R_CMD_FETCH, 0, NULL);
			ret = (int)SMMUV3_CERROR_ABT;
		} else {
			le64_swap(cmd.dw, 2u);
			ret = cmd_one(vs, &cmd);
		}
		if (ret < 0)
			return ret; /* host failure: not consumed */
		if (ret > 0) {
			/* Earlier commands were consumed: they reach the
			 * host before the guest sees the error. */
			cerror(vs, (uint32_t)ret);
			break;
		}
		vs->stats.cmds++;
		vs->cmdq_cons = q_inc(vs->cmdq_cons, l);
	}
	return batch_flush(vs);
}

/* ------------------------------------------------------------------ */
/* Event queue                                                         */
/* ------------------------------------------------------------------ */

/* Records the guest's own stage 1 causes (IHI 0070 7.3). */
static bool evt_for_guest(const struct smmuv3_vsmmu *vs, const uint64_t *raw)
{
	switch ((uint8_t)SMMUV3_FIELD_GET(EVT0_ID, raw[0])) {
	case SMMUV3_EVT_F_UUT:
	case SMMUV3_EVT_C_BAD_SUBSTREAMID:
	case SMMUV3_EVT_F_STREAM_DISABLED:
	case SMMUV3_EVT_F_TRANSL_FORBIDDEN:
	case SMMUV3_EVT_C_BAD_CD:
		return true;
	case SMMUV3_EVT_F_BAD_ATS_TREQ:
		return (vs->gcaps.features & SMMUV3_FEAT_ATS) != 0;
	case SMMUV3_EVT_F_TRANSLATION:
	case SMMUV3_EVT_F_ADDR_SIZE:
	case SMMUV3_EVT_F_ACCESS:
	case SMMUV3_EVT_F_PERMISSION:
	case SMMUV3_EVT_F_TLB_CONFLICT:
		return !(raw[1] & EVT1_S2);
	default:
		return false;
	}
}

int smmuv3_vsmmu_event(struct smmuv3_vsmmu *vs, const uint64_t raw[4],
		       enum smmuv3_vsmmu_fate *fate)
{
	const struct smmuv3_vsmmu_stream *s;
	uint32_t l, m;
	uint64_t rec[4], ipa;

	if (!vs || !raw || !fate)
		return SMMUV3_EINVAL;
	s = find_stream(vs, (uint32_t)SMMUV3_FIELD_GET(EVT0_SID, raw[0]),
			true);
	if (!s)
		return SMMUV3_ENOENT;
	if (!evt_for_guest(vs, raw)) {
		vs->stats.events_hyp++;
		*fate = SMMUV3_VSMMU_EVT_HYP;
		return 0;
	}
	rec[0] = (raw[0] & ~EVT0_SID) |
		 SMMUV3_FIELD_PREP(EVT0_SID, (uint64_t)s->guest_sid);
	rec[1] = raw[1] & ~(EVT1_STALL | EVT1_STAG); /* the guest cannot
							 resume */
	rec[2] = raw[2];
	rec[3] = 0; /* IPA / fetch address: host information */

	*fate = SMMUV3_VSMMU_EVT_LOST;
	l = q_log2(vs->evtq_base, vs->gcaps.evtq_shift);
	m = (1u << l) - 1u;
	if (!(vs->cr0 & SMMUV3_CR0_EVTQEN) ||
	    ((vs->gerror ^ vs->gerrorn) & SMMUV3_GERROR_EVTQ_ABT_ERR)) {
		vs->stats.events_lost++;
		return 0;
	}
	/* 7.4: full when the indices match and the wrap bits differ. */
	if (((vs->evtq_prod ^ vs->evtq_cons) & ((2u << l) - 1u)) == m + 1u) {
		if (!((vs->evtq_prod ^ vs->evtq_cons) & SMMUV3_Q_OVF))
			vs->evtq_prod ^= SMMUV3_Q_OVF;
		vs->stats.events_lost++;
		return 0;
	}
	le64_swap(rec, 4u);
	ipa = (vs->evtq_base & SMMUV3_Q_BASE_ADDR) +
	      (uint64_t)(vs->evtq_prod & m) * SMMUV3_EVT_BYTES;
	if (vs->cfg.guest_ops->write(vs->cfg.guest_ctx, ipa, rec,
				     SMMUV3_EVT_BYTES)) {
		/* 7.2: EVTQ_ABT_ERR; the queue accepts nothing until the
		 * guest acknowledges it. */
		gerror_raise(vs, SMMUV3_GERROR_EVTQ_ABT_ERR);
		vs->stats.events_lost++;
		return 0;
	}
	vs->evtq_prod = (vs->evtq_prod & SMMUV3_Q_OVF) |
			((vs->evtq_prod + 1u) & ((2u << l) - 1u));
	vs->stats.events++;
	*fate = SMMUV3_VSMMU_EVT_DELIVERED;
	irq_raise(vs, SMMUV3_VSMMU_IRQ_EVTQ);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

/*
 * The register file (IHI 0070 6.3) as a table: one entry per 32-bit word
 * of page 0 below 0xC0; page 1's EVTQ_PROD and EVTQ_CONS use the entries
 * of their page offsets, reserved in page 0. An entry names the field the
 * word reads (each half of a 64-bit register on its own; an ACK register
 * reads its control register; none: RAZ), and how a write changes it: the
 * bits it sets, and what must hold for it to take effect, else it is
 * ignored: the CR0 enables that must be clear (a base or configuration
 * register is read-only while its queue or the SMMU is enabled) or IDR0.MSI
 * (the IRQ_CFG registers). GBPA and GERRORN have their own rules.
 */
#define REG_SLOTS (0xC0u / 4u)
/* The compiler's offsetof: an environment header need not give stddef.h. */
#define REG_BASE __builtin_offsetof(struct smmuv3_vsmmu, gregs)
#define REG_FIELD(f) \
	(uint8_t)(1u + __builtin_offsetof(struct smmuv3_vsmmu, f) - REG_BASE)
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
	__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define REG_LO_BYTE 4u
#else
#define REG_LO_BYTE 0u
#endif
#define REG_LO(f) (uint8_t)(REG_FIELD(f) + REG_LO_BYTE)
#define REG_HI(f) (uint8_t)(REG_FIELD(f) + 4u - REG_LO_BYTE)

/* Write conditions: the CR0 enables at their own bit positions; bit 1
 * (PRIQEN, never an enable here: no PRI queue) asks for IDR0.MSI. */
#define W_SMMUEN SMMUV3_CR0_SMMUEN
#define W_MSI SMMUV3_CR0_PRIQEN
#define W_EVTQEN SMMUV3_CR0_EVTQEN
#define W_CMDQEN SMMUV3_CR0_CMDQEN
_Static_assert((W_SMMUEN | W_MSI | W_EVTQEN | W_CMDQEN) == 0xfu,
	       "write conditions fit in four bits");

/* Write masks: index into reg_masks (0: the write is ignored). */
enum {
	M_NONE,
	M_ALL,
	M_CR0,
	M_CR1,
	M_CR2,
	M_IRQ_CTRL,
	M_CFG0_LO,
	M_CFG0_HI,
	M_CFG2,
	M_STRTAB_LO,
	M_STRTAB_HI,
	M_STRTAB_CFG,
	M_QBASE_HI,
	M_CMDQ_PROD,
	M_CMDQ_CONS,
	M_EVTQ_IDX,
};

#define STRTAB_BASE_FIELDS (SMMUV3_STRTAB_BASE_RA | SMMUV3_STRTAB_BASE_ADDR)
#define Q_BASE_FIELDS \
	(SMMUV3_Q_BASE_RWA | SMMUV3_Q_BASE_ADDR | SMMUV3_Q_BASE_LOG2SIZE)
_Static_assert((uint32_t)Q_BASE_FIELDS == UINT32_MAX,
	       "every low bit of a queue base is writable");

static const uint32_t reg_masks[] = {
	[M_CR0] = SMMUV3_CR0_SMMUEN | SMMUV3_CR0_EVTQEN | SMMUV3_CR0_CMDQEN |
		  SMMUV3_CR0_ATSCHK,
	[M_ALL] = UINT32_MAX,
	[M_CR1] = SMMUV3_CR1_QUEUE_IC | SMMUV3_CR1_QUEUE_OC |
		  SMMUV3_CR1_QUEUE_SH | SMMUV3_CR1_TABLE_IC |
		  SMMUV3_CR1_TABLE_OC | SMMUV3_CR1_TABLE_SH,
	[M_CR2] = SMMUV3_CR2_RECINVSID | SMMUV3_CR2_PTM,
	[M_IRQ_CTRL] = SMMUV3_IRQ_CTRL_GERROR_IRQEN | SMMUV3_IRQ_CTRL_EVTQ_IRQEN,
	[M_CFG0_LO] = (uint32_t)SMMUV3_IRQ_CFG0_ADDR,
	[M_CFG0_HI] = (uint32_t)(SMMUV3_IRQ_CFG0_ADDR >> 32),
	[M_CFG2] = SMMUV3_IRQ_CFG2_MEMATTR | SMMUV3_IRQ_CFG2_SH,
	[M_STRTAB_LO] = (uint32_t)STRTAB_BASE_FIELDS,
	[M_STRTAB_HI] = (uint32_t)(STRTAB_BASE_FIELDS >> 32),
	[M_STRTAB_CFG] = SMMUV3_STRTAB_BASE_CFG_LOG2SIZE |
			 SMMUV3_STRTAB_BASE_CFG_SPLIT |
			 SMMUV3_STRTAB_BASE_CFG_FMT,
	[M_QBASE_HI] = (uint32_t)(Q_BASE_FIELDS >> 32),
	[M_CMDQ_PROD] = Q_IDX_BITS,
	[M_CMDQ_CONS] = Q_IDX_BITS | SMMUV3_CMDQ_CONS_ERR,
	[M_EVTQ_IDX] = Q_IDX_BITS | SMMUV3_Q_OVF,
};

struct reg {
	uint8_t field; /* REG_FIELD() of the word read, 0: RAZ */
	uint8_t wr;    /* write condition << 4 | M_* */
};

#define R(off) [(off) / 4u]
#define RD(f) {REG_FIELD(f), M_NONE}
#define RW(f, cond, m) {REG_FIELD(f), (uint8_t)((cond) << 4 | (m))}
#define RW64(f, cond, lo, hi)                                   \
	{REG_LO(f), (uint8_t)((cond) << 4 | (lo))}, {REG_HI(f), \
						      (uint8_t)((cond) << 4 | (hi))}

static const struct reg regs[REG_SLOTS] = {
	R(SMMUV3_IDR0) = RD(gregs.idr[0]),
	R(SMMUV3_IDR1) = RD(gregs.idr[1]),
	R(SMMUV3_IDR2) = RD(gregs.idr[2]),
	R(SMMUV3_IDR3) = RD(gregs.idr[3]),
	R(SMMUV3_IDR4) = RD(gregs.idr[4]),
	R(SMMUV3_IDR5) = RD(gregs.idr[5]),
	R(SMMUV3_IIDR) = RD(gregs.iidr),
	R(SMMUV3_AIDR) = RD(gregs.aidr),
	R(SMMUV3_CR0) = RW(cr0, 0, M_CR0),
	R(SMMUV3_CR0ACK) = RD(cr0), /* 6.3.10: acknowledged at once */
	R(SMMUV3_CR1) = RW(cr1, W_CMDQEN | W_EVTQEN | W_SMMUEN, M_CR1),
	R(SMMUV3_CR2) = RW(cr2, W_SMMUEN, M_CR2),
	R(SMMUV3_GBPA) = RD(gbpa), /* UPDATE completes at once: reads 0 */
	R(SMMUV3_IRQ_CTRL) = RW(irq_ctrl, 0, M_IRQ_CTRL),
	R(SMMUV3_IRQ_CTRLACK) = RD(irq_ctrl),
	R(SMMUV3_GERROR) = RD(gerror),
	R(SMMUV3_GERRORN) = RD(gerrorn),
	R(SMMUV3_GERROR_IRQ_CFG0) = RW64(irq_cfg0[0], W_MSI, M_CFG0_LO,
					 M_CFG0_HI),
	R(SMMUV3_GERROR_IRQ_CFG1) = RW(irq_cfg1[0], W_MSI, M_ALL),
	R(SMMUV3_GERROR_IRQ_CFG2) = RW(irq_cfg2[0], W_MSI, M_CFG2),
	R(SMMUV3_STRTAB_BASE) = RW64(strtab_base, W_SMMUEN, M_STRTAB_LO,
				     M_STRTAB_HI),
	R(SMMUV3_STRTAB_BASE_CFG) = RW(strtab_base_cfg, W_SMMUEN,
				       M_STRTAB_CFG),
	R(SMMUV3_CMDQ_BASE) = RW64(cmdq_base, W_CMDQEN, M_ALL, M_QBASE_HI),
	R(SMMUV3_CMDQ_PROD) = RW(cmdq_prod, 0, M_CMDQ_PROD),
	R(SMMUV3_CMDQ_CONS) = RW(cmdq_cons, W_CMDQEN, M_CMDQ_CONS),
	R(SMMUV3_EVTQ_BASE) = RW64(evtq_base, W_EVTQEN, M_ALL, M_QBASE_HI),
	R(SMMUV3_EVTQ_PROD) = RW(evtq_prod, W_EVTQEN, M_EVTQ_IDX),
	R(SMMUV3_EVTQ_CONS) = RW(evtq_cons, 0, M_EVTQ_IDX),
	R(SMMUV3_EVTQ_IRQ_CFG0) = RW64(irq_cfg0[1], W_MSI, M_CFG0_LO,
				       M_CFG0_HI),
	R(SMMUV3_EVTQ_IRQ_CFG1) = RW(irq_cfg1[1], W_MSI, M_ALL),
	R(SMMUV3_EVTQ_IRQ_CFG2) = RW(irq_cfg2[1], W_MSI, M_CFG2),
};

/* The 64-bit registers: the 8-byte accesses emulated (IHI 0070 6.2). */
#define REG64_SLOTS                                               \
	(SMMUV3_BIT64(SMMUV3_GERROR_IRQ_CFG0 / 4u) |              \
	 SMMUV3_BIT64(SMMUV3_STRTAB_BASE / 4u) |                  \
	 SMMUV3_BIT64(SMMUV3_CMDQ_BASE / 4u) |                    \
	 SMMUV3_BIT64(SMMUV3_EVTQ_BASE / 4u) |                    \
	 SMMUV3_BIT64(SMMUV3_EVTQ_IRQ_CFG0 / 4u))

static uint8_t *reg_at(struct smmuv3_vsmmu *vs, uint32_t slot)
{
	return (uint8_t *)vs + REG_BASE + regs[slot].field - 1u;
}

static uint32_t reg_read(struct smmuv3_vsmmu *vs, uint32_t slot)
{
	uint32_t v = 0;

	if (regs[slot].field)
		__builtin_memcpy(&v, reg_at(vs, slot), sizeof(v));
	return v;
}

#define GBPA_FIELDS                                                     \
	(SMMUV3_GBPA_MEMATTR | SMMUV3_GBPA_MTCFG | SMMUV3_GBPA_ALLOCCFG | \
	 SMMUV3_GBPA_SHCFG | SMMUV3_GBPA_PRIVCFG | SMMUV3_GBPA_INSTCFG |  \
	 SMMUV3_GBPA_ABORT)

static int reg_write(struct smmuv3_vsmmu *vs, uint32_t slot, uint32_t v)
{
	uint32_t wr = regs[slot].wr, cond = wr >> 4, old = vs->cr0, active;
	int ret = 0, r2;

	switch (slot * 4u) {
	case SMMUV3_GBPA:
		/* 6.3.14: only a write with UPDATE = 1 changes the fields. */
		if (!(v & SMMUV3_GBPA_UPDATE))
			return 0;
		old = vs->gbpa;
		vs->gbpa = v & GBPA_FIELDS;
		if (!(vs->cfg.policy.flags & SMMUV3_VSMMU_P_BYPASS))
			vs->gbpa |= SMMUV3_GBPA_ABORT; /* policy: no bypass */
		if (((old ^ vs->gbpa) & SMMUV3_GBPA_ABORT) &&
		    !(vs->cr0 & SMMUV3_CR0_SMMUEN))
			return streams_sync_all(vs);
		return 0;
	case SMMUV3_GERRORN:
		/* 6.3.19: toggling a bit acknowledges its active error;
		 * toggling an inactive one is ignored here. */
		active = vs->gerror ^ vs->gerrorn;
		vs->gerrorn ^= (v ^ vs->gerrorn) & active;
		if ((active & SMMUV3_GERROR_CMDQ_ERR) &&
		    !((vs->gerror ^ vs->gerrorn) & SMMUV3_GERROR_CMDQ_ERR))
			return cmdq_run(vs); /* 7.1: processing restarts */
		return 0;
	default:
		break;
	}
	if (!(wr & 0xfu) || (old & cond & ~W_MSI) ||
	    ((cond & W_MSI) && !(vs->gcaps.features & SMMUV3_FEAT_MSI)))
		return 0; /* read-only, reserved, or not now: WI */
	v &= reg_masks[wr & 0xfu];
	__builtin_memcpy(reg_at(vs, slot), &v, sizeof(v));
	if (slot == SMMUV3_CR0 / 4u) {
		if (!(vs->gcaps.features & SMMUV3_FEAT_ATS))
			vs->cr0 &= ~SMMUV3_CR0_ATSCHK;
		if ((old ^ vs->cr0) & SMMUV3_CR0_SMMUEN)
			ret = streams_sync_all(vs);
		if (!(vs->cr0 & ~old & SMMUV3_CR0_CMDQEN))
			return ret;
	} else if (slot != SMMUV3_CMDQ_PROD / 4u) {
		return 0;
	}
	r2 = cmdq_run(vs); /* CMDQEN set, or PROD written */
	return ret ? ret : r2;
}

int smmuv3_vsmmu_mmio(struct smmuv3_vsmmu *vs, uint32_t offset,
		      unsigned int size, bool write, uint64_t *value)
{
	uint32_t o, slot, i;
	bool wide = size == 8u;
	uint64_t v;
	int ret = 0;

	if (!vs || !value)
		return SMMUV3_EINVAL;
	o = offset & (SMMUV3_PAGE_SIZE - 1u);
	slot = o / 4u;
	v = write ? *value : 0;
	/* 6.2: anything else reads as zero and ignores writes: beyond the
	 * frame, misaligned, other sizes, 8 bytes to a 32-bit register, page
	 * 1 other than the event queue's PROD and CONS. */
	i = 0;
	if (!(offset >= SMMUV3_VSMMU_FRAME_SIZE || (size != 4u && !wide) ||
	      (offset & (size - 1u)) || slot >= REG_SLOTS ||
	      (offset >= SMMUV3_PAGE1) !=
		      (o == SMMUV3_EVTQ_PROD || o == SMMUV3_EVTQ_CONS) ||
	      (wide && !((REG64_SLOTS >> slot) & 1u))))
		i = size / 4u;
	/* Word by word, the high one first: the halves of a 64-bit
	 * register have no side effects, the low word's result is kept. */
	while (i-- > 0) {
		if (write)
			ret = reg_write(vs, slot + i, (uint32_t)(v >> (32u * i)));
		else
			v = v << 32 | reg_read(vs, slot + i);
	}
	if (!write)
		*value = v;
	return ret;
}

int smmuv3_vsmmu_process(struct smmuv3_vsmmu *vs)
{
	if (!vs)
		return SMMUV3_EINVAL;
	return cmdq_run(vs);
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */
/* ------------------------------------------------------------------ */

/* IDR5.OAS encoding of the largest size not above @bits (min 32). */
static uint32_t oas_code(uint32_t bits)
{
	static const uint8_t sizes[] = {32, 36, 40, 42, 44, 48, 52};
	uint32_t i, code = 0;

	for (i = 0; i < sizeof(sizes); i++)
		if (sizes[i] <= bits)
			code = i;
	return code;
}

/*
 * The guest's ID registers (docs/vsmmu.md): from the host's resolved
 * capabilities (firmware overrides and errata applied), filtered by the
 * policy.
 */
static void guest_idregs(const struct smmuv3_vsmmu_cfg *cfg,
			 struct smmuv3_idregs *g)
{
	const struct smmuv3_caps *hc = cfg->host_caps;
	const struct smmuv3_vsmmu_policy *p = &cfg->policy;
	uint64_t f = hc->features;
	uint32_t i0, i5, endian, httu;

	/* 6.3.1 TTENDIAN: 0 mixed, 2 little, 3 big. */
	endian = (f & SMMUV3_FEAT_TT_BE)
			 ? ((f & SMMUV3_FEAT_TT_LE) ? SMMUV3_IDR0_TTENDIAN_MIXED
						    : SMMUV3_IDR0_TTENDIAN_BE)
			 : SMMUV3_IDR0_TTENDIAN_LE;
	httu = (f & SMMUV3_FEAT_HD)   ? SMMUV3_IDR0_HTTU_HAHD
	       : (f & SMMUV3_FEAT_HA) ? SMMUV3_IDR0_HTTU_HA
				      : SMMUV3_IDR0_HTTU_NONE;
	i0 = SMMUV3_IDR0_S1P |
	     SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTF, SMMUV3_IDR0_TTF_AARCH64) |
	     SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTENDIAN, endian) |
	     SMMUV3_FIELD_PREP(SMMUV3_IDR0_HTTU, httu) |
	     SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL,
			       SMMUV3_IDR0_STALL_MODEL_NONE) |
	     SMMUV3_FIELD_PREP(SMMUV3_IDR0_ST_LEVEL,
			       SMMUV3_IDR0_ST_LEVEL_2LVL);
	if (f & SMMUV3_FEAT_COHERENCY)
		i0 |= SMMUV3_IDR0_COHACC;
	if (hc->asid_bits == 16u)
		i0 |= SMMUV3_IDR0_ASID16;
	if (f & SMMUV3_FEAT_TERM_MODEL)
		i0 |= SMMUV3_IDR0_TERM_MODEL;
	if (p->flags & SMMUV3_VSMMU_P_ATS)
		i0 |= SMMUV3_IDR0_ATS;
	if (p->flags & SMMUV3_VSMMU_P_MSI)
		i0 |= SMMUV3_IDR0_MSI;
	if (p->flags & SMMUV3_VSMMU_P_CD2L)
		i0 |= SMMUV3_IDR0_CD2L;
	g->idr[0] = i0;
	g->idr[1] = SMMUV3_FIELD_PREP(SMMUV3_IDR1_SIDSIZE, p->sid_bits) |
		    SMMUV3_FIELD_PREP(SMMUV3_IDR1_SSIDSIZE, p->ssid_bits) |
		    SMMUV3_FIELD_PREP(SMMUV3_IDR1_EVTQS, p->evtq_shift) |
		    SMMUV3_FIELD_PREP(SMMUV3_IDR1_CMDQS, p->cmdq_shift);
	g->idr[2] = 0;
	g->idr[3] = (p->flags & SMMUV3_VSMMU_P_RANGE_INV) ? SMMUV3_IDR3_RIL
							  : 0;
	g->idr[4] = 0;
	i5 = SMMUV3_FIELD_PREP(SMMUV3_IDR5_OAS,
			       oas_code(64u - (uint32_t)cfg->s2.t0sz));
	if (f & SMMUV3_FEAT_GRAN4K)
		i5 |= SMMUV3_IDR5_GRAN4K;
	if (f & SMMUV3_FEAT_GRAN16K)
		i5 |= SMMUV3_IDR5_GRAN16K;
	if (f & SMMUV3_FEAT_GRAN64K)
		i5 |= SMMUV3_IDR5_GRAN64K;
	if (f & SMMUV3_FEAT_VAX)
		i5 |= SMMUV3_FIELD_PREP(SMMUV3_IDR5_VAX, 1u);
	g->idr[5] = i5;
	g->iidr = 0;
	g->aidr = hc->regs.aidr & (SMMUV3_AIDR_MAJOR | SMMUV3_AIDR_MINOR);
}

static int cfg_check(const struct smmuv3_vsmmu_cfg *cfg)
{
	const struct smmuv3_caps *hc = cfg->host_caps;
	const struct smmuv3_vsmmu_policy *p = &cfg->policy;
	static const struct {
		uint32_t flag;
		uint64_t feat;
	} needs[] = {
		{SMMUV3_VSMMU_P_ATS, SMMUV3_FEAT_ATS},
		{SMMUV3_VSMMU_P_RANGE_INV, SMMUV3_FEAT_RANGE_INV},
		{SMMUV3_VSMMU_P_CD2L, SMMUV3_FEAT_2LVL_CDTAB},
	};
	struct smmuv3_ste ste;
	size_t i, j;
	int ret;

	if (!hc || !cfg->host_ops || !cfg->host_ops->cmds ||
	    !cfg->host_ops->ste_write || !cfg->guest_ops ||
	    !cfg->guest_ops->read || !cfg->guest_ops->write ||
	    !cfg->guest_ops->irq || (cfg->nstreams && !cfg->streams))
		return SMMUV3_EINVAL;
	if ((p->flags & ~SMMUV3_VSMMU_P_ALL) || p->sid_bits < 1u ||
	    p->sid_bits > 32u || p->cmdq_shift < 7u ||
	    p->cmdq_shift > SMMUV3_Q_MAX_LOG2SIZE ||
	    p->evtq_shift > SMMUV3_Q_MAX_LOG2SIZE ||
	    (cfg->ste_flags & ~(SMMUV3_STE_F_STALL | SMMUV3_STE_F_MEV)))
		return SMMUV3_EINVAL;
	if (p->ssid_bits > hc->ssid_bits)
		return SMMUV3_ERANGE;
	if (!(hc->features & SMMUV3_FEAT_NESTING))
		return SMMUV3_EOPNOTSUPP;
	for (i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
		if ((p->flags & needs[i].flag) && !(hc->features & needs[i].feat))
			return SMMUV3_EOPNOTSUPP;
	ret = smmuv3_ste_build_s2(hc, &cfg->s2, cfg->ste_flags, &ste);
	if (ret)
		return ret;
	for (i = 0; i < cfg->nstreams; i++) {
		const struct smmuv3_vsmmu_stream *s = &cfg->streams[i];

		if (((uint64_t)s->guest_sid >> p->sid_bits) ||
		    (hc->sid_bits < 32u && (s->host_sid >> hc->sid_bits)))
			return SMMUV3_ERANGE;
		for (j = 0; j < i; j++)
			if (cfg->streams[j].guest_sid == s->guest_sid ||
			    cfg->streams[j].host_sid == s->host_sid)
				return SMMUV3_EINVAL;
	}
	return 0;
}

int smmuv3_vsmmu_init(struct smmuv3_vsmmu *vs, const struct smmuv3_vsmmu_cfg *cfg)
{
	struct smmuv3_fw_info gfw = {0};
	struct smmuv3_probe_report rep;
	int ret;

	if (!vs || !cfg)
		return SMMUV3_EINVAL;
	ret = cfg_check(cfg);
	if (ret)
		return ret;
	memset(vs, 0, sizeof(*vs));
	vs->cfg = *cfg;
	guest_idregs(cfg, &vs->gregs);
	/* The guest's tables have the host CPU's endianness. */
	gfw.flags = cfg->host_caps->fw_flags & SMMUV3_FW_HOST_BE;
	ret = smmuv3_idr_resolve(&vs->gregs, &gfw, NULL, &vs->gcaps, &rep);
	if (ret)
		return SMMUV3_ENXIO;
	/* The guest's VMIDs and ASIDs are checked against its own view;
	 * its commands may not name a VMID (no stage 2). */
	vs->gbpa = SMMUV3_GBPA_ABORT;
	return streams_sync_all(vs);
}

int smmuv3_vsmmu_fini(struct smmuv3_vsmmu *vs)
{
	if (!vs)
		return SMMUV3_EINVAL;
	/* SMMUEN = 0 with GBPA.ABORT: every stream aborts. */
	vs->cr0 = 0;
	vs->gbpa = SMMUV3_GBPA_ABORT;
	vs->nbatch = 0;
	return streams_sync_all(vs);
}

/* ------------------------------------------------------------------ */
/* Host ops for a library device                                       */
/* ------------------------------------------------------------------ */

static int dev_cmds(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct smmuv3_dev *dev = ctx;

	return smmuv3_dev_write_ops(dev)->sync(dev, cmds, n);
}

static int dev_ste_write(void *ctx, uint32_t host_sid,
			 const struct smmuv3_ste *ste)
{
	return smmuv3_dev_ste_write(ctx, host_sid, ste, NULL);
}

const struct smmuv3_vsmmu_host_ops *smmuv3_vsmmu_dev_host_ops(void)
{
	static const struct smmuv3_vsmmu_host_ops ops = {
		.cmds = dev_cmds,
		.ste_write = dev_ste_write,
	};

	return &ops;
}

const char *smmuv3_vsmmu_refusal_name(enum smmuv3_vsmmu_refusal r)
{
	/* One name per refusal, then the name of any other value. */
	static const char names[] = "ok\0ste-fetch\0ste-illegal\0ste-stage2\0"
				    "ste-bypass\0ste-feature\0ste-host\0"
				    "cmd-illegal\0cmd-fetch\0unknown";

	return smmuv3_str_nth(names, (unsigned int)r < SMMUV3_VSMMU_R_COUNT
					     ? (unsigned int)r
					     : SMMUV3_VSMMU_R_COUNT);
}
