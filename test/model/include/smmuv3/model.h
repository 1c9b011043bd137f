/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A behavioural SMMUv3 for host-side tests (IHI 0070). The model sits
 * behind the mock OSAL port: the library (or the integrator's code) talks
 * to it through ordinary MMIO ops, and tests ask it what the hardware would
 * do: "stream S (substream SS) reads IOVA X", which commands ran, what is
 * cached, what the access log shows.
 *
 * What it models: ID registers from presets (overridable per field); the
 * register file (CR0/CR0ACK, CR1, CR2, GBPA handshake, IRQ_CTRL/ACK,
 * GERROR/GERRORN, IRQ_CFG*, STRTAB_BASE*, all queue registers, page 0 and
 * page 1 or the page-0-only layout); a command consumer for every command,
 * with CERROR_ILL/ABT/ATC_INV_SYNC; a configuration cache (STE per SID, CD
 * per SID/SSID) and a TLB that keep entries until the architected
 * invalidation drops them (and an invalid L1CD until CFGI_CD Leaf=0);
 * event and PRI queues with overflow; GERROR/EVTQ/PRIQ interrupts (MSI or
 * wired); an optionally non-coherent table walker; named fault modes; an
 * access log of MMIO accesses and barriers; an observer hook.
 *
 * Translation (STE/CD fetch and decode, page-table walks) is done by the
 * engine of <smmuv3/model/walk.h>.
 *
 * Concurrency: every function takes the model's internal mutex, so several
 * threads may drive one model. Memory: the mock port's physical address
 * space (PAs from 0x8000_0000 by default, never host addresses); DMA is
 * allowed only inside memory registered with the port (allocations and
 * smmuv3_mock_region_add_pa()), reached by translating PA -> VA through its
 * registry; anything else is an external abort. To look at memory the
 * model wrote, use smmuv3_mock_pa_to_va(smmuv3_model_mock(m), pa, len).
 */
#ifndef SMMUV3_MODEL_H
#define SMMUV3_MODEL_H

#include <smmuv3/model/walk.h>
#include <smmuv3/osal.h>

#include "smmuv3_osal_mock.h"

struct smmuv3_model;

/* ID-register presets. */
enum smmuv3_model_preset {
	SMMUV3_MODEL_QEMU_VIRT_7_2 = 0, /* QEMU virt machine, 7.2 */
	SMMUV3_MODEL_MMU600_R0P0,
	SMMUV3_MODEL_MMU600_R1P0,
	SMMUV3_MODEL_MMU600_R2P0,
	SMMUV3_MODEL_MMU700_R0P0,
	SMMUV3_MODEL_MMU700_R1P1,
	SMMUV3_MODEL_S2_ONLY, /* stage 2 only, linear stream table */
	SMMUV3_MODEL_FULL,    /* every feature the model knows */
	SMMUV3_MODEL_MINIMAL, /* S1 only, 4K, linear tables, small queues */
	SMMUV3_MODEL_PRESET_COUNT,
};

/* Creation parameters: a preset plus per-field overrides. */
struct smmuv3_model_config {
	enum smmuv3_model_preset preset;
	/* IDR0..IDR5: value = (preset & ~idr_mask[n]) | idr_val[n] */
	uint32_t idr_mask[6];
	uint32_t idr_val[6];
	bool set_iidr, set_aidr;
	uint32_t iidr, aidr;
	/* Page-1 registers (EVTQ/PRIQ PROD/CONS) live in page 0 (Cavium). */
	bool page0_only;
	/*
	 * A non-coherent SMMU: the port exposes cache_clean, IDR0.COHACC is
	 * cleared (unless overridden), and STE/CD/page-table reads see an
	 * allocation's point-of-coherency copy, which only cache_clean()
	 * (whole 64-byte lines) and the SMMU's own writes update. Queues and
	 * MSI targets are accessed coherently.
	 */
	bool noncoherent;
	/* Honour CD.HA/HD (hardware access flag / dirty updates). */
	bool httu;
	/* First PA of the port's physical space; 0 = the mock's default
	 * (SMMUV3_MOCK_PA_BASE_DEFAULT). The space ends at pa_end, or at
	 * SMMUV3_MOCK_PA_END_DEFAULT when pa_end is 0. */
	uint64_t pa_base, pa_end;
};

/*
 * Set one ID-register field in @cfg: @idr 0..5, @mask a pre-shifted field
 * mask from <smmuv3/hw/regs.h>, @value the unshifted field value.
 * Return: 0, or SMMUV3_EINVAL (bad index, @value does not fit @mask).
 */
int smmuv3_model_config_field(struct smmuv3_model_config *cfg, unsigned int idr,
			      uint32_t mask, uint32_t value);

/*
 * Create a model. @cfg NULL means the QEMU virt 7.2 preset. The model owns
 * a mock OSAL port (smmuv3_model_osal()).
 * Return: 0, SMMUV3_EINVAL (bad preset), SMMUV3_ENOMEM.
 */
int smmuv3_model_create(const struct smmuv3_model_config *cfg,
			struct smmuv3_model **out);
/* Destroy a model; frees all memory still allocated through its port. */
void smmuv3_model_destroy(struct smmuv3_model *m);

/* The OSAL (mock port) wired to the model, for the library under test. */
struct smmuv3_osal smmuv3_model_osal(struct smmuv3_model *m);
/* The mock port itself (clock, failure injection, regions). */
struct smmuv3_mock *smmuv3_model_mock(struct smmuv3_model *m);

/* The value of ID register @n (0..5); IIDR and AIDR. */
uint32_t smmuv3_model_idr(struct smmuv3_model *m, unsigned int n);

/*
 * Read a register as software would, but without logging it or stepping
 * the consumer (for assertions). Offsets >= SMMUV3_PAGE1 address page 1.
 */
uint32_t smmuv3_model_peek32(struct smmuv3_model *m, uint32_t offset);
uint64_t smmuv3_model_peek64(struct smmuv3_model *m, uint32_t offset);

/* ---- fault modes ---------------------------------------------------- */

enum smmuv3_model_fault {
	SMMUV3_MODEL_FAULT_CR0ACK_NEVER = 0, /* CR0ACK never follows CR0 */
	SMMUV3_MODEL_FAULT_IRQ_ACK_NEVER,    /* IRQ_CTRLACK never follows */
	SMMUV3_MODEL_FAULT_GBPA_NEVER,	     /* GBPA.UPDATE never clears */
	SMMUV3_MODEL_FAULT_CMDQ_STUCK,	     /* consumer never consumes */
	SMMUV3_MODEL_FAULT_CMDQ_SLOW,	     /* @arg commands per step */
	/* CERROR_ILL when the consumer reaches slot @arg, once: @arg is the
	 * slot number 0 .. entries - 1, i.e. CMDQ_CONS.RD WITHOUT the wrap
	 * bit (it fires on whichever lap reaches that slot first). */
	SMMUV3_MODEL_FAULT_CMD_ILL_AT,
	SMMUV3_MODEL_FAULT_ATC_INV_SYNC, /* next CMD_SYNC after an
					  * ATC_INV: CERROR_ATC_INV_SYNC,
					  * once */
	SMMUV3_MODEL_FAULT_SFM,		 /* enter Service Failure Mode */
	/* The @arg-th MMIO read (1-based, counted from now) of EVTQ_PROD or
	 * PRIQ_PROD returns 0xffffffff (a lying register), once. */
	SMMUV3_MODEL_FAULT_QPROD_CORRUPT,
	SMMUV3_MODEL_FAULT_COUNT,
};

/*
 * Enable a fault mode (with its argument) or clear it. A "step" of the slow
 * consumer is any MMIO access, delay or smmuv3_model_step().
 * Entering SFM toggles GERROR.SFM_ERR; afterwards every transaction is
 * terminated (IHI 0070 12.3) until cleared.
 * Return: 0 or SMMUV3_EINVAL.
 */
int smmuv3_model_fault_set(struct smmuv3_model *m, enum smmuv3_model_fault f,
			   uint64_t arg);
int smmuv3_model_fault_clear(struct smmuv3_model *m, enum smmuv3_model_fault f);

/*
 * Table-walk abort: any SMMU read or write of [@pa, @pa + @size) is an
 * external abort (F_WALK_EABT, F_STE_FETCH, F_CD_FETCH, CERROR_ABT, as the
 * access dictates). @size 0 removes the range. One range at a time.
 */
void smmuv3_model_abort_range(struct smmuv3_model *m, uint64_t pa,
			      uint64_t size);

/* One consumer step (see SMMUV3_MODEL_FAULT_CMDQ_SLOW). */
void smmuv3_model_step(struct smmuv3_model *m);

/* ---- translation ---------------------------------------------------- */

enum smmuv3_model_outcome {
	SMMUV3_MODEL_XLATE_OK = 0,  /* translated (or bypassed): pa valid */
	SMMUV3_MODEL_XLATE_FAULT,   /* fault reported as an event record */
	SMMUV3_MODEL_XLATE_ABORT,   /* terminated without an event */
	SMMUV3_MODEL_XLATE_STALLED, /* stalled (event with Stall, STAG):
				     * waits for RESUME / STALL_TERM */
};

struct smmuv3_model_result {
	enum smmuv3_model_outcome outcome;
	uint64_t pa;
	bool bypass;	    /* SMMUEN=0 bypass or STE.Config bypass */
	bool tlb_hit;	    /* served from the TLB */
	uint8_t event_id;   /* MDL_EVT_* when outcome is FAULT */
	bool event_written; /* the record reached the event queue */
	uint16_t stag;	    /* STAG when outcome is STALLED */
	struct mdl_fault fault;
	struct mdl_xlate xlate;
};

/*
 * The fate of a stalled transaction (IHI 0070 3.12.2): RESUME with Retry
 * translates it again (its result, possibly a new stall), with Abort or
 * Terminate, and STALL_TERM, terminate it (outcome ABORT).
 * Return: 0 with *@res; SMMUV3_EAGAIN while still stalled; SMMUV3_ENOENT
 * for an unknown @stag; SMMUV3_EINVAL for NULLs.
 */
int smmuv3_model_stall_result(struct smmuv3_model *m, uint16_t stag,
			      struct smmuv3_model_result *res);

/*
 * "Stream @sid (substream @ssid if @ssv) accesses @iova" (@acc MDL_ACC_*),
 * through the configuration cache and the TLB, fetching and walking on a
 * miss. SMMUEN=0: GBPA.ABORT terminates, else bypass. Faults write an event
 * record (IHI 0070 7.3) when EVTQEN is set.
 * Return: 0 (the outcome is in *@res), SMMUV3_EINVAL for NULL arguments.
 */
int smmuv3_model_access(struct smmuv3_model *m, uint32_t sid, bool ssv,
			uint32_t ssid, uint64_t iova, unsigned int acc,
			struct smmuv3_model_result *res);

/*
 * The live STE / CD as the hardware would see it now: fetched from memory
 * and decoded, bypassing (and not filling) the caches. Return: 0, or the
 * MDL_EVT_* id of the fault with *@fault filled; SMMUV3_EINVAL for NULLs.
 */
int smmuv3_model_ste_peek(struct smmuv3_model *m, uint32_t sid,
			  struct mdl_ste *ste, struct mdl_fault *fault);
int smmuv3_model_cd_peek(struct smmuv3_model *m, uint32_t sid, bool ssv,
			 uint32_t ssid, struct mdl_cd *cd,
			 struct mdl_fault *fault);

/* The walk parameters of this model (ID registers, HTTU, CR2.E2H), to
 * decode raw entries with mdl_ste_decode()/mdl_cd_decode(). */
void smmuv3_model_params(struct smmuv3_model *m, struct mdl_params *out);

/*
 * An ATS Translation Request from the endpoint of @sid (IHI 0070 3.9):
 * STE.EATS = 0 gives F_BAD_ATS_TREQ (recorded); otherwise the request is
 * translated like an access (same caches) but a failure is only answered
 * to the endpoint (outcome FAULT, nothing recorded, no stall). A success
 * fills the endpoint's ATC, which keeps the translation until an ATC_INV
 * covering it: a missing ATC_INV shows in smmuv3_model_atc_lookup().
 * EATS = 0b10 (split stage) is answered with the full translation.
 * Return: 0 (outcome in *@res); SMMUV3_EOPNOTSUPP without IDR0.ATS;
 * SMMUV3_EINVAL for NULLs.
 */
int smmuv3_model_ats_translate(struct smmuv3_model *m, uint32_t sid, bool ssv,
			       uint32_t ssid, uint64_t iova, unsigned int acc,
			       struct smmuv3_model_result *res);
/* Whether the endpoint's ATC translates @iova; *@pa (may be NULL) gets it. */
bool smmuv3_model_atc_lookup(struct smmuv3_model *m, uint32_t sid, bool ssv,
			     uint32_t ssid, uint64_t iova, uint64_t *pa);

/* ---- caches ---------------------------------------------------------- */

/* Whether an STE for @sid / a CD for (@sid, @ssid) is cached. */
bool smmuv3_model_ste_cached(struct smmuv3_model *m, uint32_t sid);
bool smmuv3_model_cd_cached(struct smmuv3_model *m, uint32_t sid,
			    uint32_t ssid);
/* Number of valid TLB entries. */
unsigned int smmuv3_model_tlb_count(struct smmuv3_model *m);

/*
 * Insert a TLB entry directly (tests of invalidation commands that need no
 * page tables): @x->pa/size_log2/asid/vmid/global/s1_level/s2_level and
 * permissions are used; @va is aligned down to the entry size. @stages:
 * bit 0 stage 1, bit 1 stage 2. @el2: an EL2 (StreamWorld EL2) entry.
 * Return: 0 or SMMUV3_EINVAL.
 */
int smmuv3_model_tlb_insert(struct smmuv3_model *m, uint64_t va,
			    unsigned int stages, bool el2,
			    const struct mdl_xlate *x);
/* Whether a TLB entry covering @va with those tags exists. */
bool smmuv3_model_tlb_lookup(struct smmuv3_model *m, uint64_t va,
			     unsigned int stages, bool el2, uint16_t asid,
			     uint16_t vmid);

/* ---- observation ---------------------------------------------------- */

struct smmuv3_model_counters {
	uint64_t cmds; /* commands executed */
	uint64_t by_opcode[256];
	uint64_t syncs;	      /* CMD_SYNC completed */
	uint64_t sevs;	      /* SEV signalled (CS=SEV with IDR0.SEV) */
	uint64_t msi_writes;  /* CMD_SYNC MSI writes performed */
	uint64_t sync_irqs;   /* CS=IRQ without MSI (wired) */
	uint64_t cerrors;     /* CMDQ errors raised */
	uint64_t events;      /* event records written */
	uint64_t events_lost; /* records dropped (queue full or off) */
	uint64_t pri_written;
	uint64_t stalls;	      /* transactions stalled */
	uint64_t resumes;	      /* RESUMEs that matched a stall */
	uint64_t resumes_unmatched;   /* RESUMEs for no stalled transaction */
	uint64_t pri_resps;	      /* PRI_RESPs closing a group */
	uint64_t pri_resps_unmatched; /* PRI_RESPs for no open group */
	uint64_t violations;	      /* programming-interface misuse seen */
	/* Interrupts signalled, [0] GERROR, [1] EVTQ, [2] PRIQ: as MSIs
	 * (a 32-bit write of IRQ_CFG1 to IRQ_CFG0.ADDR) or wired. One per
	 * event record / PRI request / newly active global error. */
	uint64_t irq_msis[3];
	uint64_t irq_wired[3];
};

void smmuv3_model_counters(struct smmuv3_model *m,
			   struct smmuv3_model_counters *out);

/* Misuse (e.g. STRTAB_BASE written while SMMUEN=1): last message or "". */
const char *smmuv3_model_last_violation(struct smmuv3_model *m);

/*
 * Commands executed, in order (raw, CPU order). This log, the ATC log and
 * the access log each keep their first 2^20 entries (counters go on).
 */
struct smmuv3_model_cmd {
	uint64_t dw[2];
	uint32_t index; /* queue index (with wrap bit) it was read from */
};
unsigned int smmuv3_model_cmd_log_count(struct smmuv3_model *m);
int smmuv3_model_cmd_log_get(struct smmuv3_model *m, unsigned int i,
			     struct smmuv3_model_cmd *out);

/* ATC_INV commands executed (the model has no ATC: this is the record). */
struct smmuv3_model_atc_inv {
	uint32_t sid, ssid;
	bool ssv, global;
	uint64_t addr;
	uint8_t size; /* log2 of the number of 4KB pages */
};
unsigned int smmuv3_model_atc_log_count(struct smmuv3_model *m, uint32_t sid);
/* The @i-th ATC_INV for @sid. Return 0 or SMMUV3_ENOENT. */
int smmuv3_model_atc_log_get(struct smmuv3_model *m, uint32_t sid,
			     unsigned int i, struct smmuv3_model_atc_inv *out);

/* Access log: MMIO accesses and barriers, in order. */
enum smmuv3_model_log_kind {
	SMMUV3_MODEL_LOG_READ32 = 0,
	SMMUV3_MODEL_LOG_WRITE32,
	SMMUV3_MODEL_LOG_READ64,
	SMMUV3_MODEL_LOG_WRITE64,
	SMMUV3_MODEL_LOG_BARRIER, /* value = enum smmuv3_barrier */
};
struct smmuv3_model_log_entry {
	enum smmuv3_model_log_kind kind;
	uint32_t offset;
	uint64_t value;
};
unsigned int smmuv3_model_log_count(struct smmuv3_model *m);
int smmuv3_model_log_get(struct smmuv3_model *m, unsigned int i,
			 struct smmuv3_model_log_entry *out);
void smmuv3_model_log_clear(struct smmuv3_model *m);
/*
 * Index of the first entry at or after @from of @kind (and, for MMIO
 * kinds, at @offset; for barriers, of barrier kind @offset, or any when
 * @offset is ~0u), or -1.
 */
int smmuv3_model_log_find(struct smmuv3_model *m, unsigned int from,
			  enum smmuv3_model_log_kind kind, uint32_t offset);
/* Whether a barrier of @barrier kind (any if < 0) lies strictly between
 * log entries @a and @b. */
bool smmuv3_model_log_barrier_between(struct smmuv3_model *m, int a, int b,
				      int barrier);

/*
 * An observer, called with the model's (recursive) lock held after each
 * command executes (@dw its two words) and at each barrier (@barrier the
 * enum smmuv3_barrier; @dw NULL). It may call any smmuv3_model_* function,
 * e.g. smmuv3_model_ste_peek() to check the entry as the SMMU sees it at
 * every step of an update, but must not call into the library (which may
 * hold its OSAL lock while another thread waits for the model's). NULL
 * removes it.
 */
enum smmuv3_model_obs_kind {
	SMMUV3_MODEL_OBS_COMMAND = 0,
	SMMUV3_MODEL_OBS_BARRIER,
};
typedef void (*smmuv3_model_observer_fn)(void *ctx, struct smmuv3_model *m,
					 enum smmuv3_model_obs_kind kind,
					 const uint64_t *dw,
					 unsigned int barrier);
void smmuv3_model_set_observer(struct smmuv3_model *m,
			       smmuv3_model_observer_fn fn, void *ctx);

/* ---- event and PRI queue injection ---------------------------------- */

/*
 * Write a raw event record (4 dwords, CPU order) / PRI request (2 dwords)
 * into the queue as the SMMU would, with the overflow semantics.
 * Return: 0; SMMUV3_EPERM (queue disabled); SMMUV3_ENOSPC (full: the record
 * is lost and PROD.OVFLG toggled); SMMUV3_EFAULT (queue memory aborts:
 * GERROR.EVTQ_ABT_ERR/PRIQ_ABT_ERR toggled).
 */
int smmuv3_model_event_inject(struct smmuv3_model *m, const uint64_t rec[4]);
int smmuv3_model_pri_inject(struct smmuv3_model *m, const uint64_t rec[2]);

/* A PRI page request (IHI 0070 8.1) built from fields. */
struct smmuv3_model_pri_req {
	uint32_t sid, ssid;
	bool ssv, priv, exec, read, write, last;
	uint16_t grpid; /* PRG index, 9 bits */
	uint64_t addr;	/* page address, 4KB aligned */
};
int smmuv3_model_pri_request(struct smmuv3_model *m,
			     const struct smmuv3_model_pri_req *req);
/*
 * Whether the page request group (@sid, @grpid) whose last request
 * (req->last) was delivered still waits for its PRI_RESP.
 */
bool smmuv3_model_prg_outstanding(struct smmuv3_model *m, uint32_t sid,
				  uint16_t grpid);

#endif /* SMMUV3_MODEL_H */
