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
#define SMMUV3_DEV_F_BYPASS_UNKNOWN (1u << 0) /* unknown streams bypass */
#define SMMUV3_DEV_F_NO_EVTQ (1u << 1) /* leave EVTQEN/PRIQEN off (kdump) */

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
 * Return: 0; SMMUV3_EINVAL (NULL @dev/@osal, unknown cfg->flags);
 * SMMUV3_EPERM unless @dev is in SMMUV3_DEV_NONE; smmuv3_osal_validate()
 * errors; smmuv3_idr_probe() errors (dev->report says why). On error @dev
 * stays in SMMUV3_DEV_NONE.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_probe(struct smmuv3_dev *dev, const struct smmuv3_osal *osal,
		 const struct smmuv3_dev_cfg *cfg);

/**
 * smmuv3_dev_init() - allocate the command queue, the stream table (every
 * entry abort, or bypass with SMMUV3_DEV_F_BYPASS_UNKNOWN), the event queue
 * and, with SMMUV3_FEAT_PRI, the PRI queue. Touches no register.
 * Return: 0; SMMUV3_EPERM unless probed; SMMUV3_ENOMEM; SMMUV3_EFAULT if
 * the OSAL returns queue memory that is not naturally aligned or beyond 52
 * bits; the errors of smmuv3_cmdq_init()/smmuv3_strtab_init(). On error
 * nothing stays allocated and the state is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_init(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_enable() - reset and enable the SMMU (facts sheet section 8,
 * IHI 0070 6.3.9-6.3.14): GBPA.ABORT first (traffic aborts while the
 * SMMU is reset, whatever firmware left); CR0 = 0; CR1
 * (table/queue cacheability and shareability, from coherency); CR2 (PTM,
 * RECINVSID, E2H with SMMUV3_FEAT_E2H); stream table base; command queue
 * with CMDQEN; CFGI_ALL, TLBI_EL2_ALL (HYP), TLBI_NSNH_ALL, each synced;
 * event queue (EVTQEN) and PRI queue (PRIQEN); ATSCHK with ATS; IRQ_CTRL = 0,
 * the MSI registers (FEAT_MSI), then cfg.irq_ctrl; GBPA for unknown
 * streams; SMMUEN.
 * Return: 0; SMMUV3_EPERM unless initialised (or already enabled);
 * SMMUV3_EINVAL for unknown irq_ctrl bits, PRIQ_IRQEN without
 * SMMUV3_FEAT_PRI, or a misaligned MSI address; SMMUV3_ETIMEDOUT when an
 * ACK or GBPA.UPDATE did not arrive (dev->last_reg holds the last value
 * read) or a CMD_SYNC timed out; SMMUV3_EIO for a command error. On error
 * CR0 = 0 is written: if acknowledged the device stays READY (with
 * GBPA.ABORT set), otherwise it becomes FAILED.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_enable(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_disable() - CR0 = 0 and wait for the acknowledgement.
 * Return: 0 (state READY); SMMUV3_EPERM unless ENABLED or FAILED;
 * SMMUV3_ETIMEDOUT (state FAILED: the SMMU may still use its memory).
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_dev_disable(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_fini() - disable if needed and free everything; @dev becomes
 * NONE. A device whose CR0 = 0 is not acknowledged stays FAILED and keeps
 * its memory (logged; the SMMU may still access it); call again later.
 */
SMMUV3_API void smmuv3_dev_fini(struct smmuv3_dev *dev);

/**
 * smmuv3_dev_write_ops() - the hitless writer's ops for this device: sync
 * = smmuv3_cmdq_submit() of the commands plus a CMD_SYNC while ENABLED,
 * nothing while READY (the SMMU reads no table and enable invalidates all
 * its caches), SMMUV3_EIO while FAILED; publish = the MEM_PUBLISH barrier;
 * cache_clean when the SMMU is not coherent. Use with @ctx = @dev.
 */
SMMUV3_API const struct smmuv3_write_ops *
smmuv3_dev_write_ops(const struct smmuv3_dev *dev);

/**
 * smmuv3_dev_ste_write() - change the STE of @sid to @target with the
 * hitless writer (allocating its L2 stream table on demand).
 * Return: as smmuv3_strtab_get() and smmuv3_ste_write(); SMMUV3_EPERM
 * unless initialised.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_ste_write(struct smmuv3_dev *dev, uint32_t sid,
		     const struct smmuv3_ste *target,
		     struct smmuv3_write_result *res);

/**
 * smmuv3_event_decode() - decode a 32-byte event record (CPU order words).
 * Return: 0; SMMUV3_EINVAL for NULL pointers.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_event_decode(const uint64_t raw[4],
						     struct smmuv3_event *ev);

/** smmuv3_event_name() - "F_TRANSLATION" etc.; "UNKNOWN" otherwise. */
SMMUV3_API const char *smmuv3_event_name(uint8_t id);

/**
 * smmuv3_dev_read_events() - drain up to @max events from the event queue.
 * @n: receives how many were decoded into @ev.
 * @overflowed: receives true once for each new overflow (PROD.OVFLG
 * toggled since the last report): records were lost. The overflow is
 * acknowledged (CONS.OVACKFLG = PROD.OVFLG) once the queue is drained.
 * Per chunk of 16 records: reads PROD, consumes, writes CONS (after a
 * barrier ordering the entry reads before it).
 * The queue memory must be coherent with the SMMU, or mapped
 * non-cacheable by the port (the library only cleans, never invalidates).
 * Return: 0; SMMUV3_EINVAL for NULL pointers; SMMUV3_EPERM unless enabled;
 * SMMUV3_EIO if PROD is corrupt (index beyond the queue).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_read_events(struct smmuv3_dev *dev, struct smmuv3_event *ev,
		       size_t max, size_t *n, bool *overflowed);

/**
 * smmuv3_dev_read_pri() - as smmuv3_dev_read_events() for the PRI queue.
 * Return: also SMMUV3_EOPNOTSUPP without SMMUV3_FEAT_PRI.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_read_pri(struct smmuv3_dev *dev, struct smmuv3_pri *req,
		    size_t max, size_t *n, bool *overflowed);

/* What smmuv3_dev_handle_gerror() found. */
struct smmuv3_gerror_info {
	uint32_t active;      /* GERROR ^ GERRORN before acknowledgement */
	struct smmuv3_cmdq_status cmdq; /* for CMDQ_ERR */
	bool disabled;        /* SFM_ERR: the SMMU was disabled */
};

/**
 * smmuv3_dev_handle_gerror() - the GERROR interrupt handler's work (IHI
 * 0070 7.2): every active error but CMDQ_ERR is acknowledged first by
 * toggling exactly its GERRORN bit (under the OSAL lock, re-reading
 * GERRORN), then CMDQ_ERR goes to smmuv3_cmdq_handle_error(). EVTQ_ABT_ERR
 * / PRIQ_ABT_ERR discard the queue's entries (CONS = PROD: after an abort
 * they are not valid). SFM_ERR (service failure mode: only a reset
 * recovers) writes CR0 = 0 without waiting and makes the device FAILED.
 * Never polls.
 * Return: 0 when nothing was active; SMMUV3_EIO when errors were handled
 * (details in *@info, which may be NULL); SMMUV3_EINVAL; SMMUV3_EPERM
 * unless initialised.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_dev_handle_gerror(struct smmuv3_dev *dev,
			 struct smmuv3_gerror_info *info);

#endif /* SMMUV3_DEVICE_H */
