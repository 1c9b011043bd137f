/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtual SMMUv3 for guests: the trap-and-emulate pieces a hypervisor
 * links so that a guest runs its own, unmodified SMMUv3 driver against an
 * emulated SMMU while the real SMMU keeps the hypervisor's stage 2 under
 * every guest stream (nested translation, IHI 0070 3.3).
 *
 * The hypervisor traps the guest's accesses to the virtual SMMU's 128 KB
 * register frame and hands each to smmuv3_vsmmu_mmio(). The library keeps
 * the register file in a caller-owned struct smmuv3_vsmmu, reads the
 * guest's command queue and stream table from guest memory through a
 * callback (by IPA), validates every command and STE against a policy,
 * and turns them into host commands and host STEs through host callbacks:
 * guest StreamIDs become host StreamIDs of a fixed mapping, guest ASIDs
 * stay, the guest's VMID is inserted, and every host STE carries the
 * hypervisor's stage 2. Host event records of the guest's streams go back
 * into the guest's event queue with smmuv3_vsmmu_event().
 *
 * Nothing here allocates. Every call does bounded work (at most
 * policy.max_cmds commands, each touching at most nstreams STEs). The
 * caller serialises all calls on one struct smmuv3_vsmmu (one lock per
 * virtual SMMU); the callbacks run under that lock. See docs/vsmmu.md.
 */
#ifndef SMMUV3_VSMMU_H
#define SMMUV3_VSMMU_H

#include <smmuv3/cmd.h>
#include <smmuv3/device.h>
#include <smmuv3/err.h>
#include <smmuv3/idr.h>
#include <smmuv3/ste.h>
#include <smmuv3/types.h>

/* Size of the virtual SMMU's register frame: page 0 and page 1. */
#define SMMUV3_VSMMU_FRAME_SIZE 0x20000u

/* struct smmuv3_vsmmu_policy.flags: what the guest may see and use. */
/* Guest STEs may choose bypass (the host STE is then stage 2 only), and
 * GBPA.ABORT = 0 lets the guest's streams bypass while SMMUEN = 0. */
#define SMMUV3_VSMMU_P_BYPASS (1u << 0)
/* IDR0.ATS (needs SMMUV3_FEAT_ATS): STE.EATS = 1 and CMD_ATC_INV. */
#define SMMUV3_VSMMU_P_ATS (1u << 1)
/* IDR3.RIL (needs SMMUV3_FEAT_RANGE_INV): range TLBI fields. */
#define SMMUV3_VSMMU_P_RANGE_INV (1u << 2)
/* IDR0.MSI: CMD_SYNC MSIs and the GERROR/EVTQ IRQ_CFG registers. */
#define SMMUV3_VSMMU_P_MSI (1u << 3)
/* IDR0.CD2L (needs SMMUV3_FEAT_2LVL_CDTAB): 2-level CD tables. */
#define SMMUV3_VSMMU_P_CD2L (1u << 4)
#define SMMUV3_VSMMU_P_ALL 0x1fu

struct smmuv3_vsmmu_policy {
	uint32_t flags;	    /* SMMUV3_VSMMU_P_* */
	uint8_t sid_bits;   /* guest IDR1.SIDSIZE, 1..32 */
	uint8_t ssid_bits;  /* guest IDR1.SSIDSIZE, 0..host ssid_bits */
	uint8_t cmdq_shift; /* guest IDR1.CMDQS, 7..19 */
	uint8_t evtq_shift; /* guest IDR1.EVTQS, 0..19 */
	/* Commands consumed per call (a budget; the rest waits for
	 * smmuv3_vsmmu_process()); 0 = 2^cmdq_shift. */
	uint32_t max_cmds;
};

/* One pass-through stream: the guest's StreamID and the real one. */
struct smmuv3_vsmmu_stream {
	uint32_t guest_sid;
	uint32_t host_sid;
};

/* Interrupt sources of the virtual SMMU. */
enum smmuv3_vsmmu_irq {
	SMMUV3_VSMMU_IRQ_GERROR = 0,
	SMMUV3_VSMMU_IRQ_EVTQ = 1,
	SMMUV3_VSMMU_IRQ_CMD_SYNC = 2, /* CMD_SYNC CS = IRQ without MSI */
};

/* How the library reaches the guest. */
struct smmuv3_vsmmu_guest_ops {
	/*
	 * Required. Copy @len bytes of guest memory at IPA @ipa into @buf.
	 * Return 0, or a negative SMMUV3_E* code when any byte is not guest
	 * RAM the guest may let the SMMU read (the library then reports an
	 * abort to the guest as the architecture does for a bus abort).
	 */
	int (*read)(void *ctx, uint64_t ipa, void *buf, size_t len);
	/* Required. Store @len bytes at IPA @ipa (event records, CMD_SYNC
	 * MSIs, which may target an emulated interrupt controller). */
	int (*write)(void *ctx, uint64_t ipa, const void *buf, size_t len);
	/*
	 * Required. Raise the guest interrupt @irq: an MSI of @msi_data to
	 * @msi_addr when @msi_addr is not 0 (the guest programmed
	 * IRQ_CFG0/1), else the wired interrupt.
	 */
	void (*irq)(void *ctx, enum smmuv3_vsmmu_irq irq, uint64_t msi_addr,
		    uint32_t msi_data);
};

/* How the library reaches the real SMMU. */
struct smmuv3_vsmmu_host_ops {
	/*
	 * Required. Issue @cmds[0..@n) (1 <= @n <= 16) then a CMD_SYNC on
	 * the host's command queue and wait for it. Return 0 or a negative
	 * SMMUV3_E* code.
	 */
	int (*cmds)(void *ctx, const struct smmuv3_cmd *cmds, size_t n);
	/* Required. Change the live STE of @host_sid to @ste hitlessly
	 * (e.g. smmuv3_dev_ste_write()). Return 0 or a negative code. */
	int (*ste_write)(void *ctx, uint32_t host_sid,
			 const struct smmuv3_ste *ste);
};

struct smmuv3_vsmmu_cfg {
	const struct smmuv3_caps *host_caps; /* kept; must outlive @vs */
	const struct smmuv3_vsmmu_host_ops *host_ops;
	void *host_ctx;
	const struct smmuv3_vsmmu_guest_ops *guest_ops;
	void *guest_ctx;
	/* The guest's stage 2: VMID, VTCR fields and table (IHI 0070 5.2),
	 * as accepted by smmuv3_ste_build_s2() for the host. */
	struct smmuv3_ste_s2 s2;
	uint32_t ste_flags; /* host STE flags: SMMUV3_STE_F_STALL, _MEV */
	/* The guest's streams (caller storage, kept; no duplicate guest or
	 * host StreamID; guest SIDs below 2^policy.sid_bits). */
	const struct smmuv3_vsmmu_stream *streams;
	size_t nstreams;
	struct smmuv3_vsmmu_policy policy;
};

/* Why a guest command or STE was refused (struct smmuv3_vsmmu_stats). */
enum smmuv3_vsmmu_refusal {
	SMMUV3_VSMMU_OK = 0,
	SMMUV3_VSMMU_R_STE_FETCH,     /* guest STE or L1 descriptor unreadable */
	SMMUV3_VSMMU_R_STE_ILLEGAL,   /* reserved Config or field value */
	SMMUV3_VSMMU_R_STE_STAGE2,    /* the guest asked for stage 2 */
	SMMUV3_VSMMU_R_STE_BYPASS,    /* bypass outside the policy */
	SMMUV3_VSMMU_R_STE_FEATURE,   /* EATS, STRW, S1Fmt outside the policy */
	SMMUV3_VSMMU_R_STE_HOST,      /* the host's nested STE builder refused */
	SMMUV3_VSMMU_R_CMD_ILLEGAL,   /* CERROR_ILL: not a legal guest command */
	SMMUV3_VSMMU_R_CMD_FETCH,     /* CERROR_ABT: queue entry unreadable */
	SMMUV3_VSMMU_R_COUNT
};

/* Counters and the last refusal, for the hypervisor's logs. */
struct smmuv3_vsmmu_stats {
	uint64_t cmds;	     /* guest commands consumed */
	uint64_t forwarded;  /* host commands issued for them */
	uint64_t ste_writes; /* host STE writes */
	uint64_t refusals;   /* guest STEs or commands refused */
	uint64_t events;     /* records written to the guest's queue */
	uint64_t events_lost; /* guest queue full, disabled or aborting */
	uint64_t events_hyp; /* records kept for the hypervisor */
	enum smmuv3_vsmmu_refusal last_refusal;
	uint32_t last_refusal_sid; /* guest SID (STE refusals) */
	uint64_t last_refusal_cmd[2]; /* the refused command (CPU order) */
	int last_host_error;	      /* last host callback error, or 0 */
};

/* Caller-owned state of one virtual SMMU; private to the library except
 * stats (read-only). */
struct smmuv3_vsmmu {
	struct smmuv3_vsmmu_cfg cfg;
	struct smmuv3_caps gcaps; /* the guest's view, resolved */
	struct smmuv3_idregs gregs;
	uint32_t cr0, cr1, cr2, gbpa, irq_ctrl, gerror, gerrorn;
	uint64_t irq_cfg0[2]; /* [0] GERROR, [1] EVTQ */
	uint32_t irq_cfg1[2], irq_cfg2[2];
	uint64_t strtab_base;
	uint32_t strtab_base_cfg;
	uint64_t cmdq_base, evtq_base;
	uint32_t cmdq_prod, cmdq_cons, evtq_prod, evtq_cons;
	struct smmuv3_cmd batch[16];
	uint32_t nbatch;
	struct smmuv3_vsmmu_stats stats;
};

/**
 * smmuv3_vsmmu_init() - set up one virtual SMMU in its reset state.
 * @vs: caller-owned storage.
 * @cfg: host, guest, stage 2, streams and policy (copied; the streams
 *       array, host_caps and the ops are referenced, not copied).
 *
 * Derives the guest's ID registers from @cfg->host_caps (the resolved
 * features, not the raw registers) filtered by the policy: stage 1 only, AArch64 tables, no HYP, PRI, stalls, SEV or BTM,
 * 2-level stream tables (parsed in software), ATS, RIL, MSI and CD2L only
 * as the policy allows, the OAS equal to the stage-2 input size. Then puts
 * every mapped stream in the disabled state (host STE abort: GBPA.ABORT
 * resets to 1) through host_ops->ste_write.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or ops, unknown policy flags,
 * sid_bits outside 1..32, cmdq_shift outside 7..19, evtq_shift above 19,
 * ste_flags other than STALL and MEV, a duplicate guest or host StreamID
 * or nstreams 0 with a NULL array; SMMUV3_ERANGE for a guest SID beyond
 * sid_bits, a host SID beyond host_caps->sid_bits or ssid_bits beyond the
 * host's; SMMUV3_EOPNOTSUPP when the host lacks nesting or a feature the
 * policy asks for; the errors of smmuv3_ste_build_s2() for @cfg->s2;
 * SMMUV3_ENXIO when the derived guest registers do not resolve
 * (smmuv3_idr_resolve()); a host_ops->ste_write error.
 * On error: *@vs is not usable (the host STEs of the streams written
 * before the failing one hold abort).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_vsmmu_init(struct smmuv3_vsmmu *vs, const struct smmuv3_vsmmu_cfg *cfg);

/**
 * smmuv3_vsmmu_mmio() - emulate one trapped access to the register frame.
 * @vs: the virtual SMMU.
 * @offset: byte offset in the frame (0 .. SMMUV3_VSMMU_FRAME_SIZE - 1).
 * @size: 4 or 8 bytes.
 * @write: true for a store of *@value, false for a load into *@value.
 * @value: the value stored, or receives the value loaded.
 *
 * IHI 0070 chapter 6: ID registers, CR0/CR0ACK (acknowledged at once),
 * CR1, CR2, GBPA (applied when UPDATE is written as 1, which reads as 0),
 * IRQ_CTRL/IRQ_CTRLACK, GERROR/GERRORN, GERROR and EVTQ IRQ_CFG0-2,
 * STRTAB_BASE(_CFG), CMDQ and EVTQ BASE/PROD/CONS (page 1 for the event
 * queue's). 64-bit registers take 4-byte accesses to either half; any
 * other offset, an 8-byte access to a 32-bit register, a misaligned
 * access or another size reads as zero and ignores writes, as do writes
 * to read-only registers and to registers the architecture freezes
 * (BASE registers while their queue or SMMUEN is enabled, PROD of an
 * enabled event queue, CONS of an enabled command queue). A CMDQ_PROD
 * write (and enabling CMDQEN, acknowledging GERROR.CMDQ_ERR) consumes
 * guest commands; changing SMMUEN or GBPA rewrites the host STE of every
 * mapped stream.
 * Return: 0; SMMUV3_EINVAL for NULL pointers; SMMUV3_EAGAIN when the
 * command budget ran out with commands left (call smmuv3_vsmmu_process());
 * a host callback error (the register value is applied; the command that
 * needed the host is not consumed, stats.last_host_error holds the code).
 * On error: as said for each code; a load always fills *@value.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_vsmmu_mmio(struct smmuv3_vsmmu *vs,
						   uint32_t offset,
						   unsigned int size,
						   bool write, uint64_t *value);

/**
 * smmuv3_vsmmu_process() - consume guest commands (after SMMUV3_EAGAIN, or
 * to retry after a host error).
 * @vs: the virtual SMMU.
 * Return: 0 when the queue is empty, disabled or stopped by a command
 * error; SMMUV3_EINVAL for NULL; SMMUV3_EAGAIN when the budget ran out
 * again; a host callback error (the failing command is not consumed).
 * On error: commands before the failing one are consumed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_vsmmu_process(struct smmuv3_vsmmu *vs);

/**
 * smmuv3_vsmmu_fini() - take the guest's streams away: every mapped
 * stream's host STE becomes abort (e.g. before the guest is destroyed or
 * its devices are given to someone else).
 * @vs: the virtual SMMU; unusable afterwards until smmuv3_vsmmu_init().
 *
 * Every stream is attempted even when one fails.
 * Return: 0; SMMUV3_EINVAL for NULL; the first host_ops->ste_write error.
 * On error: the streams whose write succeeded abort; call again to retry
 * the others.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_vsmmu_fini(struct smmuv3_vsmmu *vs);

/* What smmuv3_vsmmu_event() did with a host record. */
enum smmuv3_vsmmu_fate {
	SMMUV3_VSMMU_EVT_DELIVERED = 0, /* written to the guest's queue */
	SMMUV3_VSMMU_EVT_LOST,		/* guest queue off, full or aborting */
	SMMUV3_VSMMU_EVT_HYP,		/* the hypervisor's: stage 2 or host */
};

/**
 * smmuv3_vsmmu_event() - hand a host event record of a guest stream to the
 * guest.
 * @vs: the virtual SMMU.
 * @raw: the record (IHI 0070 7.3) as read from the host queue, CPU order.
 * @fate: receives what happened.
 *
 * Records caused by the guest's own stage 1 (F_UUT, C_BAD_SUBSTREAMID,
 * F_STREAM_DISABLED, F_TRANSL_FORBIDDEN, C_BAD_CD, F_BAD_ATS_TREQ with ATS,
 * and F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION, F_TLB_CONFLICT
 * at stage 1) get the guest StreamID, lose the stall tag and word 3 (host
 * addresses), and are written to the guest's event queue with the
 * overflow rule of IHI 0070 7.4 (a full queue loses the record and toggles
 * EVTQ_PROD.OVFLG unless an overflow is outstanding) and the EVTQ
 * interrupt; a queue write that fails raises GERROR.EVTQ_ABT_ERR. Every
 * other record (stage-2 faults, fetch aborts, bad host STEs) is the
 * hypervisor's: nothing is written.
 * Return: 0; SMMUV3_EINVAL for NULL pointers; SMMUV3_ENOENT when the
 * record's StreamID is not one of the guest's (nothing changed).
 * On error: nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_vsmmu_event(struct smmuv3_vsmmu *vs, const uint64_t raw[4],
		   enum smmuv3_vsmmu_fate *fate);

/**
 * smmuv3_vsmmu_dev_host_ops() - host ops driving a library device.
 *
 * With ctx = a struct smmuv3_dev *: cmds is smmuv3_dev_write_ops(dev)->
 * sync (the commands plus a CMD_SYNC through the device's queue) and
 * ste_write is smmuv3_dev_ste_write().
 * Return: a pointer to a constant ops table (never NULL).
 */
SMMUV3_API const struct smmuv3_vsmmu_host_ops *smmuv3_vsmmu_dev_host_ops(void);

/**
 * smmuv3_vsmmu_refusal_name() - short constant text for a refusal.
 * @r: the refusal.
 * Return: a static string; "unknown" for values out of range.
 */
SMMUV3_API const char *smmuv3_vsmmu_refusal_name(enum smmuv3_vsmmu_refusal r);

#endif /* SMMUV3_VSMMU_H */
