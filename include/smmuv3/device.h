/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device bring-up and fault reporting: one caller-owned struct smmuv3_dev
 * ties the probed capabilities, the command queue, the stream table and the
 * event and PRI queues to one SMMU.
 *
 * Phases (each restartable after the one that undoes it):
 *   smmuv3_dev_probe()   reads the ID registers only, resolves caps;
 *   smmuv3_dev_init()    allocates the queues and the stream table;
 *   smmuv3_dev_enable()  the reset sequence (IHI 0070 6.3.9 CR0 handshakes,
 *                        6.3.14 GBPA update protocol), ending with SMMUEN;
 *   smmuv3_dev_disable() CR0 = 0 (traffic then follows GBPA: abort unless
 *                        bypass of unknown streams was asked for);
 *   smmuv3_dev_fini()    frees what init allocated.
 * Every register handshake is bounded (1 s of the OSAL clock) and fails
 * with SMMUV3_ETIMEDOUT, never hangs. An SMMU that did not acknowledge
 * CR0 = 0, or entered service failure mode, is SMMUV3_DEV_FAILED: its
 * memory is never freed (it may still be accessed) until a later
 * smmuv3_dev_disable() is acknowledged.
 *
 * Concurrency: probe/init/enable/disable/fini are not concurrent with
 * anything. Command submission follows the command queue's contract
 * (cmdq.h). Event/PRI draining and GERROR handling must be serialised by
 * the caller (one interrupt thread).
 */
#ifndef SMMUV3_DEVICE_H
#define SMMUV3_DEVICE_H

#include <smmuv3/cmdq.h>
#include <smmuv3/idr.h>
#include <smmuv3/osal.h>
#include <smmuv3/ste.h>
#include <smmuv3/types.h>

/* An event or PRI queue (consumer side, owned by the library). */
struct smmuv3_queue {
	uint8_t *base;
	smmuv3_pa_t base_pa;
	size_t bytes;
	uint8_t log2size;
	uint8_t entry_bytes;
	uint32_t cons;       /* shadow CONS: index | wrap | OVACKFLG */
	uint32_t ovf_seen;   /* PROD.OVFLG value last reported to the caller */
	uint32_t base_reg;   /* offset of Q_BASE (page 0) */
	uint32_t prod_reg;   /* offset of Q_PROD (page 1 or 0) */
	uint32_t cons_reg;   /* offset of Q_CONS (page 1 or 0) */
};

/* A decoded event record (IHI 0070 7.3, 32 bytes). */
struct smmuv3_event {
	uint8_t id;          /* SMMUV3_EVT_* */
	bool ssv;
	uint32_t ssid;
	uint32_t sid;
	uint16_t stag;       /* stall tag (STALL = 1) */
	bool stall;          /* the transaction is stalled: RESUME/STALL_TERM */
	bool pnu, ind, rnw;  /* privileged, instruction, read */
	bool s2;             /* fault at stage 2 */
	uint8_t clss;        /* CLASS: 0 CD, 1 TT, 2 IN */
	bool ttrnw;
	uint64_t input_addr; /* faulting input address (translation events) */
	uint64_t addr2;      /* IPA (stage-2 faults) or fetch address */
	uint64_t raw[4];
};

/* Event IDs the library names (IHI 0070 7.3). */
#define SMMUV3_EVT_F_UUT 0x01u
#define SMMUV3_EVT_C_BAD_STREAMID 0x02u
#define SMMUV3_EVT_F_STE_FETCH 0x03u
#define SMMUV3_EVT_C_BAD_STE 0x04u
#define SMMUV3_EVT_F_BAD_ATS_TREQ 0x05u
#define SMMUV3_EVT_F_STREAM_DISABLED 0x06u
#define SMMUV3_EVT_F_TRANSL_FORBIDDEN 0x07u
#define SMMUV3_EVT_C_BAD_SUBSTREAMID 0x08u
#define SMMUV3_EVT_F_CD_FETCH 0x09u
#define SMMUV3_EVT_C_BAD_CD 0x0au
#define SMMUV3_EVT_F_WALK_EABT 0x0bu
#define SMMUV3_EVT_F_TRANSLATION 0x10u
#define SMMUV3_EVT_F_ADDR_SIZE 0x11u
#define SMMUV3_EVT_F_ACCESS 0x12u
#define SMMUV3_EVT_F_PERMISSION 0x13u
#define SMMUV3_EVT_F_TLB_CONFLICT 0x20u
#define SMMUV3_EVT_F_CFG_CONFLICT 0x21u
#define SMMUV3_EVT_E_PAGE_REQUEST 0x24u
#define SMMUV3_EVT_F_VMS_FETCH 0x25u

/* A decoded PRI queue entry (IHI 0070 8.1, 16 bytes). */
struct smmuv3_pri {
	uint32_t sid;
	uint32_t ssid;
	bool ssv, priv, exec, read, write, last;
	uint16_t grpid;      /* PRG index */
	uint64_t addr;       /* page address */
};

/* struct smmuv3_dev_cfg.flags */
/*
 * Streams nobody configured bypass (else abort), with a linear or a
 * 2-level stream table (where every unused span points at one shared L2
 * table of bypass STEs: smmuv3_strtab_init()), and while SMMUEN = 0 (GBPA).
 */
#define SMMUV3_DEV_F_BYPASS_UNKNOWN (1u << 0)
#define SMMUV3_DEV_F_NO_EVTQ (1u << 1) /* leave EVTQEN/PRIQEN off (kdump) */
/*
 * The event and PRI queues are drained by another component (another copy
 * of the library, another exception level) through a struct
 * smmuv3_queue_consumer set up from smmuv3_dev_queue_info(): this device
 * then never reads or writes their PROD/CONS after enable
 * (smmuv3_dev_read_events()/_read_pri() return SMMUV3_EPERM, and
 * smmuv3_dev_handle_gerror() reports EVTQ_ABT_ERR/PRIQ_ABT_ERR without
 * discarding: the consumer calls smmuv3_queue_discard()).
 */
#define SMMUV3_DEV_F_QUEUES_EXTERNAL (1u << 2)

/*
 * MSI configuration of one interrupt source (IHI 0070 6.3.20-22:
 * IRQ_CFG0 address, IRQ_CFG1 data, IRQ_CFG2 memory attributes). With
 * SMMUV3_FEAT_MSI, enable programs all three registers of each source
 * (address 0 means "no MSI": wired interrupt) while its IRQEN is 0.
 */
struct smmuv3_msi_cfg {
	uint64_t addr;     /* doorbell, 4-byte aligned, below 2^52 */
	uint32_t data;
	uint8_t memattr;   /* IRQ_CFG2.MEMATTR, e.g. SMMUV3_MEMATTR_DEVICE_nGnRE */
	uint8_t sh;        /* IRQ_CFG2.SH */
};
enum { SMMUV3_MSI_GERROR = 0, SMMUV3_MSI_EVTQ = 1, SMMUV3_MSI_PRIQ = 2 };

struct smmuv3_dev_cfg {
	struct smmuv3_fw_info fw;          /* firmware description */
	struct smmuv3_probe_limits limits; /* queue size caps (0 = none) */
	uint32_t flags;                    /* SMMUV3_DEV_F_* */
	uint32_t irq_ctrl;                 /* SMMU_IRQ_CTRL at enable; 0: none */
	struct smmuv3_msi_cfg msi[3];      /* by SMMUV3_MSI_*; with FEAT_MSI */
};

enum smmuv3_dev_state {
	SMMUV3_DEV_NONE = 0,
	SMMUV3_DEV_PROBED,
	SMMUV3_DEV_READY,   /* init done, SMMU not enabled */
	SMMUV3_DEV_ENABLED,
	SMMUV3_DEV_FAILED,  /* CR0 = 0 not acknowledged, or SFM: see above */
};

/* Caller-owned; treat as opaque except caps (read-only after probe). */
struct smmuv3_dev {
	struct smmuv3_osal osal;
	struct smmuv3_dev_cfg cfg;
	struct smmuv3_caps caps;
	struct smmuv3_probe_report report;
	enum smmuv3_dev_state state;
	uint32_t page1;            /* offset of the page-1 registers */
	uint32_t cr0;              /* last value acknowledged in CR0ACK */
	struct smmuv3_cmdq cmdq;
	struct smmuv3_strtab strtab;
	struct smmuv3_queue evtq;
	struct smmuv3_queue priq;  /* allocated only with SMMUV3_FEAT_PRI */
	uint64_t events_lost;      /* event-queue overflows seen */
	uint32_t last_reg;         /* last register value of a failed handshake */
};

/**
 * smmuv3_dev_probe() - validate the port, read the ID registers and resolve
 * the capabilities (smmuv3_idr_probe()). Reads only; writes no register.
 * @dev: caller-owned, zeroed or fini'd.
 * @osal: the port (copied).
 * @cfg: firmware description, limits and flags (copied); NULL for defaults.
 *
 * Return: 0; SMMUV3_EINVAL (NULL @dev/@osal, unknown cfg->flags);
 * SMMUV3_EPERM unless @dev is in SMMUV3_DEV_NONE; the errors of
 * smmuv3_osal_validate() (SMMUV3_EINVAL: NULL ops or another OSAL ABI
 * version; SMMUV3_ENOSYS: a required op missing, or only one of
 * lock/unlock); the errors of smmuv3_idr_probe() (SMMUV3_EINVAL: limits or
 * firmware description out of range; SMMUV3_ENXIO: an SMMU the library
 * cannot drive; dev->report says why).
 * On error: @dev stays in SMMUV3_DEV_NONE (only dev->report is written).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_probe(struct smmuv3_dev *dev, const struct smmuv3_osal *osal,
		 const struct smmuv3_dev_cfg *cfg);

/**
 * smmuv3_dev_init() - allocate the command queue, the stream table (every
 * entry abort, or bypass with SMMUV3_DEV_F_BYPASS_UNKNOWN), the event queue
 * and, with SMMUV3_FEAT_PRI, the PRI queue. Touches no register.
 * @dev: a probed device (SMMUV3_DEV_PROBED).
 *
 * Return: 0 (state READY); SMMUV3_EINVAL for NULL @dev, or from
 * smmuv3_cmdq_init()/smmuv3_strtab_init() (an inconsistent layout);
 * SMMUV3_EPERM unless probed; SMMUV3_ENOMEM; SMMUV3_EFAULT if the OSAL
 * returns queue memory that is not naturally aligned or beyond 52 bits.
 * On error: nothing stays allocated and the state is unchanged (PROBED).
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_init(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_enable() - reset and enable the SMMU.
 * @dev: an initialised device (SMMUV3_DEV_READY).
 *
 * The sequence (IHI 0070 6.3.9-6.3.14): GBPA.ABORT first (traffic aborts
 * while the SMMU is reset, whatever firmware left); CR0 = 0; CR1
 * (table/queue cacheability and shareability, from coherency); CR2 (PTM,
 * RECINVSID, E2H with SMMUV3_FEAT_E2H); stream table base; command queue
 * with CMDQEN; CFGI_ALL, TLBI_EL2_ALL (HYP), TLBI_NSNH_ALL, each synced;
 * event queue (EVTQEN) and PRI queue (PRIQEN); ATSCHK with ATS; IRQ_CTRL
 * = 0, the MSI registers (FEAT_MSI), then cfg.irq_ctrl; GBPA for unknown
 * streams; SMMUEN. Each handshake polls for at most 1 s of the OSAL clock.
 * Return: 0 (state ENABLED); SMMUV3_EINVAL for NULL @dev, unknown irq_ctrl
 * bits, PRIQ_IRQEN without SMMUV3_FEAT_PRI, or a misaligned MSI address
 * (or memattr above 15, sh above 3); SMMUV3_EPERM unless READY;
 * SMMUV3_ETIMEDOUT when an ACK or GBPA.UPDATE did not arrive
 * (dev->last_reg holds the last value read) or a CMD_SYNC timed out;
 * SMMUV3_EIO for a command error during the cache reset.
 * On error: CR0 = 0 is written: if acknowledged the device stays READY
 * (with GBPA.ABORT set), otherwise it becomes FAILED; SMMUV3_EINVAL and
 * SMMUV3_EPERM touch nothing.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_enable(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_disable() - CR0 = 0 and wait (at most 1 s) for CR0ACK.
 * @dev: an ENABLED or FAILED device.
 *
 * Return: 0 (state READY); SMMUV3_EINVAL for NULL @dev; SMMUV3_EPERM
 * unless ENABLED or FAILED; SMMUV3_ETIMEDOUT (CR0ACK did not follow).
 * On error: SMMUV3_EINVAL/SMMUV3_EPERM change nothing; after
 * SMMUV3_ETIMEDOUT the state is FAILED (the SMMU may still use its
 * memory) and dev->last_reg holds the last CR0ACK read.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_disable(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_fini() - disable if needed and free everything; @dev becomes
 * NONE.
 * @dev: any device, or NULL (no-op).
 *
 * A device whose CR0 = 0 is not acknowledged stays FAILED and keeps its
 * memory (logged; the SMMU may still access it); call again later.
 * Return: nothing.
 */
SMMUV3_API void smmuv3_dev_fini(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_write_ops() - the hitless writer's ops for this device.
 * @dev: the device (NULL gives the coherent ops).
 *
 * sync = smmuv3_cmdq_submit() of the commands plus a CMD_SYNC while
 * ENABLED, nothing while READY (the SMMU reads no table and enable
 * invalidates all its caches), SMMUV3_EIO while FAILED; publish = the
 * MEM_PUBLISH barrier; cache_clean when the SMMU is not coherent. Use with
 * ctx = @dev.
 * Return: a pointer to constant ops (never NULL).
 */
SMMUV3_API const struct smmuv3_write_ops *
smmuv3_dev_write_ops(const struct smmuv3_dev *dev);

/**
 * smmuv3_dev_ste_write() - change the STE of @sid to @target with the
 * hitless writer (allocating its L2 stream table on demand).
 * @dev: an initialised device (READY or ENABLED).
 * @sid: the StreamID, below 2^caps.sid_bits.
 * @target: the wanted STE.
 * @res: receives what the writer did (may be NULL).
 *
 * Return: 0; SMMUV3_EINVAL for NULL @dev/@target or a @target setting bits
 * smmuv3_ste_used() does not count; SMMUV3_EPERM unless READY or ENABLED;
 * SMMUV3_ERANGE for @sid outside the stream table; SMMUV3_ENOMEM (no L2
 * table); the errors of smmuv3_cmdq_submit() (SMMUV3_ETIMEDOUT,
 * SMMUV3_EIO) while ENABLED.
 * On error: before any store nothing changed; after a sync error the
 * entry holds the old, the new or the V = 0 configuration and the SMMU
 * may cache an older one: repeat the call until it returns 0.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_ste_write(struct smmuv3_dev *dev, uint32_t sid,
		     const struct smmuv3_ste *target,
		     struct smmuv3_write_result *res);

/**
 * smmuv3_dev_cmdq() - the command queue of @dev, for callers that submit
 * their own commands (smmuv3_cmdq_submit() and the batch API).
 * @dev: the device.
 *
 * Return: the queue, or NULL if @dev is NULL or not initialised (state
 * other than READY, ENABLED or FAILED).
 */
SMMUV3_API struct smmuv3_cmdq *smmuv3_dev_cmdq(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_resume() - answer a stalled transaction (IHI 0070 4.7.1
 * CMD_RESUME, 3.12.2): retry it, or terminate it (with an abort or
 * RAZ/WI).
 * @dev: an ENABLED device.
 * @sid: the StreamID of the stall event (struct smmuv3_event.sid).
 * @stag: its stall tag (struct smmuv3_event.stag).
 * @resp: SMMUV3_RESUME_RETRY, SMMUV3_RESUME_TERMINATE or
 *        SMMUV3_RESUME_ABORT.
 *
 * The command is issued without a CMD_SYNC (a RESUME needs none: the
 * transaction is retried or terminated once the SMMU consumes it), so a
 * CMDQ error on it is recorded and logged, not returned.
 * Return: 0; SMMUV3_EINVAL for NULL @dev or an unknown @resp;
 * SMMUV3_EPERM unless ENABLED; SMMUV3_ERANGE for @sid beyond
 * caps.sid_bits; SMMUV3_EOPNOTSUPP when the SMMU has no stall model
 * (caps.stall_model 1); SMMUV3_ETIMEDOUT if the command queue stayed full
 * (smmuv3_cmdq_issue()).
 * On error: nothing was published.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_resume(struct smmuv3_dev *dev,
						   uint32_t sid, uint16_t stag,
						   uint8_t resp);

/**
 * smmuv3_dev_pri_resp() - answer a page request group (IHI 0070 4.5.2
 * CMD_PRI_RESP), normally after its request with last = true.
 * @dev: an ENABLED device with SMMUV3_FEAT_PRI.
 * @req: a request of the group (its sid, ssv/ssid and grpid are used).
 * @resp: SMMUV3_PRI_RESP_SUCCESS, _INVALID or _FAILURE.
 *
 * Issued without a CMD_SYNC (as smmuv3_dev_resume()).
 * Return: 0; SMMUV3_EINVAL for NULL pointers or @resp above 2;
 * SMMUV3_EPERM unless ENABLED; SMMUV3_EOPNOTSUPP without SMMUV3_FEAT_PRI;
 * SMMUV3_ERANGE for a sid/ssid beyond the probed widths; SMMUV3_ETIMEDOUT
 * if the command queue stayed full.
 * On error: nothing was published.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_pri_resp(struct smmuv3_dev *dev, const struct smmuv3_pri *req,
		    uint8_t resp);

/**
 * smmuv3_event_decode() - decode a 32-byte event record.
 * @raw: the record's four 64-bit words in CPU order (convert from the
 *       queue's little-endian memory first).
 * @ev: receives the decoded record.
 *
 * Pure: any value is accepted (unknown event IDs are kept in ev->id).
 * Return: 0; SMMUV3_EINVAL for NULL pointers.
 * On error: *@ev is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_event_decode(const uint64_t raw[4],
						     struct smmuv3_event *ev);

/**
 * smmuv3_pri_decode() - decode a 16-byte PRI queue entry (IHI 0070 8.1).
 * @raw: the entry's two 64-bit words in CPU order.
 * @req: receives the decoded request.
 *
 * Pure: any value is accepted.
 * Return: 0; SMMUV3_EINVAL for NULL pointers.
 * On error: *@req is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_pri_decode(const uint64_t raw[2],
						   struct smmuv3_pri *req);

/**
 * smmuv3_event_name() - the architecture's name of an event ID.
 * @id: struct smmuv3_event.id.
 *
 * Return: a static string such as "F_TRANSLATION"; "UNKNOWN" for an ID the
 * library does not name (never NULL).
 */
SMMUV3_API const char *smmuv3_event_name(uint8_t id);

/**
 * smmuv3_dev_read_events() - drain up to @max events from the event queue.
 * @dev: an ENABLED device without SMMUV3_DEV_F_QUEUES_EXTERNAL.
 * @ev: receives the records (@max entries; may be NULL when @max is 0).
 * @max: the most records to consume.
 * @n: receives how many were consumed and decoded into @ev, on success
 *     AND on error (records are never lost: those consumed before an error
 *     are in @ev[0..*@n-1]).
 * @overflowed: receives true if a new overflow was seen during this call
 *     (PROD.OVFLG toggled since the last report: the SMMU lost records).
 *
 * Per chunk of 16 records: reads PROD, consumes, writes CONS (after a
 * barrier ordering the entry reads before it). The overflow is
 * acknowledged (CONS.OVACKFLG = PROD.OVFLG) once the queue is drained.
 * The queue memory must be coherent with the SMMU, or mapped non-cacheable
 * by the port (the library only cleans, never invalidates). Never polls.
 * Return: 0 (the queue is empty or @max were consumed); SMMUV3_EINVAL for
 * NULL @dev/@n/@overflowed, or NULL @ev with @max > 0; SMMUV3_EPERM unless
 * ENABLED, or with SMMUV3_DEV_F_QUEUES_EXTERNAL; SMMUV3_EIO if a PROD read
 * was corrupt (bits beyond index, wrap and OVFLG).
 * On error: *@n and *@overflowed are written except for SMMUV3_EINVAL;
 * records consumed before the corrupt PROD read are delivered (and
 * acknowledged in CONS), the others stay in the queue for the next call.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_read_events(struct smmuv3_dev *dev, struct smmuv3_event *ev,
		       size_t max, size_t *n, bool *overflowed);

/**
 * smmuv3_dev_read_pri() - drain up to @max page requests from the PRI
 * queue; as smmuv3_dev_read_events() in every respect.
 * @dev: an ENABLED device with SMMUV3_FEAT_PRI, without
 *       SMMUV3_DEV_F_QUEUES_EXTERNAL.
 * @req: receives the requests (may be NULL when @max is 0).
 * @max: the most requests to consume.
 * @n: receives how many were consumed, on success and on error.
 * @overflowed: receives true if a new PRI queue overflow was seen.
 *
 * Return: 0; SMMUV3_EINVAL (NULL pointers as for events);
 * SMMUV3_EOPNOTSUPP without SMMUV3_FEAT_PRI; SMMUV3_EPERM unless ENABLED,
 * or with SMMUV3_DEV_F_QUEUES_EXTERNAL; SMMUV3_EIO if a PROD read was
 * corrupt.
 * On error: as smmuv3_dev_read_events() (requests consumed before the
 * corrupt read are in @req[0..*@n-1]).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_read_pri(struct smmuv3_dev *dev, struct smmuv3_pri *req,
		    size_t max, size_t *n, bool *overflowed);

/* ------------------------------------------------------------------ */
/* Draining a queue from another component                             */
/* ------------------------------------------------------------------ */

enum smmuv3_queue_kind {
	SMMUV3_QUEUE_EVTQ = 0, /* 32-byte event records (IHI 0070 7.3) */
	SMMUV3_QUEUE_PRIQ = 1, /* 16-byte page requests (IHI 0070 8.1) */
};

/*
 * What the owner of an SMMU exports so that another component can drain
 * one of its queues: plain values, valid for any copy of the library.
 */
struct smmuv3_queue_info {
	smmuv3_pa_t base_pa;  /* queue memory: entry_bytes << log2size bytes */
	uint32_t prod_reg;    /* offset of Q_PROD from the SMMU's base */
	uint32_t cons_reg;    /* offset of Q_CONS from the SMMU's base */
	uint8_t log2size;     /* entries = 1 << log2size */
	uint8_t entry_bytes;  /* SMMUV3_EVT_BYTES or SMMUV3_PRI_BYTES */
	uint8_t kind;         /* enum smmuv3_queue_kind */
};

/* A consumer of one event or PRI queue (caller-owned; treat as opaque). */
struct smmuv3_queue_consumer {
	struct smmuv3_osal osal; /* the consumer's own port: MMIO, barriers */
	struct smmuv3_queue q;
	uint8_t kind;            /* enum smmuv3_queue_kind */
	uint64_t overflows;      /* overflow episodes reported */
};

/**
 * smmuv3_dev_queue_info() - describe the event or PRI queue of @dev for a
 * consumer in another component (smmuv3_queue_attach()).
 * @dev: an initialised device (READY or ENABLED).
 * @kind: SMMUV3_QUEUE_EVTQ or SMMUV3_QUEUE_PRIQ.
 * @info: receives the description.
 *
 * The owner sets SMMUV3_DEV_F_QUEUES_EXTERNAL so that it never touches
 * the queue's PROD/CONS itself after enable.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or an unknown @kind;
 * SMMUV3_EPERM unless READY or ENABLED; SMMUV3_EOPNOTSUPP for the PRI
 * queue without SMMUV3_FEAT_PRI.
 * On error: *@info is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_queue_info(const struct smmuv3_dev *dev,
		      enum smmuv3_queue_kind kind,
		      struct smmuv3_queue_info *info);

/**
 * smmuv3_queue_attach() - set up a consumer of a queue another component
 * owns, after that component enabled it.
 * @c: caller-owned consumer (fully initialised here).
 * @osal: the consumer's port (copied): read32, write32 and barrier are
 *        used, with register offsets from the same SMMU base as the owner's.
 * @info: the owner's smmuv3_dev_queue_info().
 * @base: the queue memory (info->base_pa) as mapped by the consumer,
 *        coherent with the SMMU or non-cacheable.
 *
 * Reads the queue's CONS register once (the consumer continues from where
 * the previous consumer stopped, and reports an overflow that was not
 * acknowledged yet).
 * Return: 0; SMMUV3_EINVAL for NULL pointers, an unknown kind, an
 * entry_bytes that does not match it, log2size above
 * SMMUV3_Q_MAX_LOG2SIZE, a base_pa not aligned to the queue size (at least
 * 32), a register offset that is not 4-byte aligned; the errors of
 * smmuv3_osal_validate() (SMMUV3_EINVAL: another OSAL ABI version;
 * SMMUV3_ENOSYS: a required op missing).
 * On error: *@c is unchanged and no register was read.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_queue_attach(struct smmuv3_queue_consumer *c,
		    const struct smmuv3_osal *osal,
		    const struct smmuv3_queue_info *info, void *base);

/**
 * smmuv3_queue_read_events() - drain up to @max events through a consumer;
 * the same algorithm and decoder as smmuv3_dev_read_events().
 * @c: an attached SMMUV3_QUEUE_EVTQ consumer.
 * @ev: receives the records (may be NULL when @max is 0).
 * @max: the most records to consume.
 * @n: receives how many were consumed, on success and on error.
 * @overflowed: receives true if a new overflow was seen during this call.
 *
 * Return: 0; SMMUV3_EINVAL for NULL @c/@n/@overflowed, NULL @ev with
 * @max > 0, or a PRI-queue consumer; SMMUV3_EIO if a PROD read was corrupt.
 * On error: as smmuv3_dev_read_events(): *@n and *@overflowed are written
 * except for SMMUV3_EINVAL, and no consumed record is lost.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_queue_read_events(struct smmuv3_queue_consumer *c,
			 struct smmuv3_event *ev, size_t max, size_t *n,
			 bool *overflowed);

/**
 * smmuv3_queue_read_pri() - drain up to @max page requests through a
 * consumer; as smmuv3_dev_read_pri().
 * @c: an attached SMMUV3_QUEUE_PRIQ consumer.
 * @req: receives the requests (may be NULL when @max is 0).
 * @max: the most requests to consume.
 * @n: receives how many were consumed, on success and on error.
 * @overflowed: receives true if a new overflow was seen during this call.
 *
 * Return: 0; SMMUV3_EINVAL for NULL pointers (as for events) or an
 * event-queue consumer; SMMUV3_EIO if a PROD read was corrupt.
 * On error: as smmuv3_queue_read_events().
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_queue_read_pri(struct smmuv3_queue_consumer *c, struct smmuv3_pri *req,
		      size_t max, size_t *n, bool *overflowed);

/**
 * smmuv3_queue_discard() - drop every entry of the queue (CONS = PROD),
 * what the consumer does when the owner's GERROR handler reports
 * EVTQ_ABT_ERR / PRIQ_ABT_ERR for its queue (the entries are not valid
 * after an abort, IHI 0070 7.2).
 * @c: an attached consumer.
 *
 * Return: 0; SMMUV3_EINVAL for NULL @c or an unattached consumer;
 * SMMUV3_EIO if PROD read corrupt (nothing written).
 * On error: nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_queue_discard(struct smmuv3_queue_consumer *c);

/* What smmuv3_dev_handle_gerror() found. */
struct smmuv3_gerror_info {
	uint32_t active;      /* GERROR ^ GERRORN before acknowledgement */
	struct smmuv3_cmdq_status cmdq; /* for CMDQ_ERR */
	bool disabled;        /* SFM_ERR: the SMMU was disabled */
};

/**
 * smmuv3_dev_handle_gerror() - the GERROR interrupt handler's work (IHI
 * 0070 7.2).
 * @dev: an initialised device (READY or ENABLED).
 * @info: receives what was found (may be NULL).
 *
 * Every active error but CMDQ_ERR is acknowledged first by toggling
 * exactly its GERRORN bit (under the OSAL lock, re-reading GERRORN), then
 * CMDQ_ERR goes to smmuv3_cmdq_handle_error(). EVTQ_ABT_ERR /
 * PRIQ_ABT_ERR discard the queue's entries (CONS = PROD: after an abort
 * they are not valid), unless SMMUV3_DEV_F_QUEUES_EXTERNAL (then the
 * queue's consumer calls smmuv3_queue_discard()). SFM_ERR (service
 * failure mode: only a reset recovers) writes CR0 = 0 without waiting and
 * makes the device FAILED. Never polls.
 * Return: 0 when nothing was active; SMMUV3_EIO when errors were handled
 * (details in *@info); SMMUV3_EINVAL for NULL @dev; SMMUV3_EPERM unless
 * READY or ENABLED.
 * On error: SMMUV3_EINVAL/SMMUV3_EPERM touch nothing; SMMUV3_EIO is the
 * report of handled errors (the device is FAILED after SFM_ERR).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_handle_gerror(struct smmuv3_dev *dev,
			 struct smmuv3_gerror_info *info);

#endif /* SMMUV3_DEVICE_H */
