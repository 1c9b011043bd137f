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
 * invalidation drops them (and an invalid L1CD until CFGI_CD Leaf=0),
 * filled eagerly with everything valid by default, and an audit that names
 * every entry the tables no longer agree with (smmuv3_model_audit()); a
 * DMA data path (smmuv3_model_dma_read/write());
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

#include <stddef.h>

#include <smmuv3/model/walk.h>
#include <smmuv3/osal.h>
#include <smmuv3/osal/smmuv3_osal_mock.h>

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

/*
 * When the model's caches fill (see smmuv3_model_audit()).
 * EAGER (the default): at every point where software may have published
 * table updates to the SMMU (each barrier except MMIO_CONSUME, each
 * completed CMD_SYNC, each access or DMA) the model caches every valid
 * STE, CD and translation reachable from its stream table, as an SMMU may
 * do speculatively at any time. A missing invalidation therefore always
 * leaves a stale entry, whatever the test did before. Entries are not
 * evicted until 16384 translations, 4096 STEs and 4096 CDs are cached.
 * ON_USE: entries are cached only when an access uses them, in small
 * round-robin caches (1024 translations, 256 STEs, 256 CDs): for tests of
 * the caching behaviour itself.
 */
enum smmuv3_model_caching {
	SMMUV3_MODEL_CACHE_EAGER = 0,
	SMMUV3_MODEL_CACHE_ON_USE,
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
	/* Cache filling; 0 (the default) is SMMUV3_MODEL_CACHE_EAGER. */
	enum smmuv3_model_caching caching;
};

/**
 * smmuv3_model_config_field() - override one ID-register field in @cfg.
 * @cfg: the creation parameters to change.
 * @idr: which ID register, 0..5.
 * @mask: a pre-shifted field mask from <smmuv3/hw/regs.h>.
 * @value: the unshifted field value.
 * Return: 0; SMMUV3_EINVAL if @cfg is NULL, @idr > 5, @mask is 0 or
 * @value does not fit @mask.
 * On error: *@cfg is unchanged.
 */
int smmuv3_model_config_field(struct smmuv3_model_config *cfg, unsigned int idr,
			      uint32_t mask, uint32_t value);

/**
 * smmuv3_model_create() - create a model and the mock OSAL port it owns.
 * @cfg: preset, overrides and options; NULL means the QEMU virt 7.2 preset
 * with every option at its default (eager caching).
 * @out: receives the model.
 * Return: 0; SMMUV3_EINVAL if @out is NULL or the preset is unknown;
 * SMMUV3_ENOMEM if memory or a mutex cannot be had.
 * On error: nothing is allocated and *@out is unchanged.
 */
int smmuv3_model_create(const struct smmuv3_model_config *cfg,
			struct smmuv3_model **out);

/**
 * smmuv3_model_destroy() - free a model and all memory still allocated
 * through its port.
 * @m: the model, or NULL (nothing happens).
 * Return: nothing.
 */
void smmuv3_model_destroy(struct smmuv3_model *m);

/**
 * smmuv3_model_osal() - the OSAL wired to the model, for the code under test.
 * @m: the model (not NULL).
 * Return: the mock port's operations and context (by value; valid until
 * smmuv3_model_destroy()).
 */
struct smmuv3_osal smmuv3_model_osal(struct smmuv3_model *m);

/**
 * smmuv3_model_mock() - the mock port itself (clock, allocation-failure
 * injection, memory regions; see <smmuv3/osal/smmuv3_osal_mock.h>).
 * @m: the model (not NULL).
 * Return: the port, owned by the model.
 */
struct smmuv3_mock *smmuv3_model_mock(struct smmuv3_model *m);

/**
 * smmuv3_model_idr() - the value of ID register @n.
 * @m: the model (not NULL).
 * @n: 0..5 for SMMU_IDR0..5 (IIDR and AIDR: smmuv3_model_peek32()).
 * Return: the register's value; 0 for @n > 5.
 */
uint32_t smmuv3_model_idr(struct smmuv3_model *m, unsigned int n);

/**
 * smmuv3_model_peek32() - read a 32-bit register as software would, without
 * logging the read or stepping the command consumer (for assertions).
 * @m: the model (not NULL).
 * @offset: register offset; offsets >= SMMUV3_PAGE1 address page 1.
 * Return: the value a read would return (0 for unimplemented offsets).
 */
uint32_t smmuv3_model_peek32(struct smmuv3_model *m, uint32_t offset);

/**
 * smmuv3_model_peek64() - smmuv3_model_peek32() for a 64-bit register.
 * @m: the model (not NULL).
 * @offset: register offset, as for smmuv3_model_peek32().
 * Return: the value a 64-bit read would return.
 */
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

/**
 * smmuv3_model_fault_set() - enable a fault mode.
 * @m: the model (not NULL).
 * @f: the mode (enum smmuv3_model_fault).
 * @arg: its argument (CMDQ_SLOW: commands per step, not 0; CMD_ILL_AT:
 * the queue slot, 0 .. 2^log2size - 1, without the wrap bit: the first
 * command consumed from that slot fails; otherwise ignored).
 * A "step" of the slow consumer is any MMIO access, delay or
 * smmuv3_model_step(). Entering SFM toggles GERROR.SFM_ERR; afterwards
 * every transaction is terminated (IHI 0070 12.3) until cleared.
 * Return: 0; SMMUV3_EINVAL if @m is NULL, @f is out of range, or @arg is 0
 * for CMDQ_SLOW.
 * On error: no mode changed.
 */
int smmuv3_model_fault_set(struct smmuv3_model *m, enum smmuv3_model_fault f,
			   uint64_t arg);

/**
 * smmuv3_model_fault_clear() - disable a fault mode.
 * @m: the model (not NULL).
 * @f: the mode.
 * Return: 0; SMMUV3_EINVAL if @m is NULL or @f is out of range.
 * On error: no mode changed.
 */
int smmuv3_model_fault_clear(struct smmuv3_model *m, enum smmuv3_model_fault f);

/**
 * smmuv3_model_abort_range() - make SMMU accesses to a range abort.
 * @m: the model (not NULL).
 * @pa: first physical address of the range.
 * @size: its size in bytes; 0 removes the range (one range at a time).
 * Any SMMU read or write there is an external abort (F_WALK_EABT,
 * F_STE_FETCH, F_CD_FETCH, CERROR_ABT, as the access dictates).
 * Return: nothing.
 */
void smmuv3_model_abort_range(struct smmuv3_model *m, uint64_t pa,
			      uint64_t size);

/**
 * smmuv3_model_step() - one consumer step (see SMMUV3_MODEL_FAULT_CMDQ_SLOW).
 * @m: the model (not NULL).
 * Return: nothing.
 */
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
	size_t dma_done; /* DMA: bytes transferred before this outcome */
};

/**
 * smmuv3_model_stall_result() - the fate of a stalled transaction.
 * @m: the model (not NULL).
 * @stag: its stall tag (res->stag of the access that stalled).
 * @res: receives its final result.
 * IHI 0070 3.12.2: RESUME with Retry translates it again (its result,
 * possibly a new stall); with Abort or Terminate, and STALL_TERM, it is
 * terminated (outcome ABORT).
 * Return: 0 with *@res; SMMUV3_EAGAIN while it is still stalled;
 * SMMUV3_ENOENT for an unknown @stag; SMMUV3_EINVAL if @m or @res is NULL.
 * On error: *@res is unchanged.
 */
int smmuv3_model_stall_result(struct smmuv3_model *m, uint16_t stag,
			      struct smmuv3_model_result *res);

/**
 * smmuv3_model_access() - a device's access through the SMMU.
 * @m: the model (not NULL).
 * @sid: its StreamID.
 * @ssv: whether it carries a SubstreamID.
 * @ssid: the SubstreamID (when @ssv).
 * @iova: the input address.
 * @acc: MDL_ACC_WRITE, MDL_ACC_EXEC, MDL_ACC_PRIV (0: unprivileged data
 * read).
 * @res: receives the outcome.
 * The access goes through the configuration cache and the TLB, fetching and
 * walking on a miss (with eager caching, everything valid is cached first).
 * SMMUEN = 0: GBPA.ABORT terminates, else bypass. Faults write an event
 * record (IHI 0070 7.3) when EVTQEN is set, or stall.
 * Return: 0 (the outcome is in *@res); SMMUV3_EINVAL if @m or @res is NULL.
 * On error: nothing was accessed and *@res is unchanged.
 */
int smmuv3_model_access(struct smmuv3_model *m, uint32_t sid, bool ssv,
			uint32_t ssid, uint64_t iova, unsigned int acc,
			struct smmuv3_model_result *res);

/**
 * smmuv3_model_ste_peek() - the live STE as the SMMU would read it now.
 * @m: the model (not NULL).
 * @sid: the StreamID.
 * @ste: receives the decoded STE.
 * @fault: receives the fault of an invalid or unreachable STE.
 * The STE is fetched from memory and decoded, bypassing (and not filling)
 * the caches.
 * Return: 0; a positive MDL_EVT_* id (C_BAD_STREAMID, F_STE_FETCH,
 * C_BAD_STE) with *@fault filled; SMMUV3_EINVAL if a pointer is NULL.
 * On error: SMMUV3_EINVAL writes nothing; an MDL_EVT_* result leaves in
 * *@ste what was decoded (raw words at least, when they were read).
 */
int smmuv3_model_ste_peek(struct smmuv3_model *m, uint32_t sid,
			  struct mdl_ste *ste, struct mdl_fault *fault);

/**
 * smmuv3_model_cd_peek() - the live CD as the SMMU would read it now.
 * @m: the model (not NULL).
 * @sid: the StreamID whose STE points at the CD table.
 * @ssv: whether a SubstreamID selects the CD.
 * @ssid: the SubstreamID (when @ssv).
 * @cd: receives the decoded CD.
 * @fault: receives the fault when the STE or CD is invalid or unreachable.
 * Return: 0; a positive MDL_EVT_* id with *@fault filled; SMMUV3_EINVAL if
 * a pointer is NULL.
 * On error: as smmuv3_model_ste_peek().
 */
int smmuv3_model_cd_peek(struct smmuv3_model *m, uint32_t sid, bool ssv,
			 uint32_t ssid, struct mdl_cd *cd,
			 struct mdl_fault *fault);

/**
 * smmuv3_model_params() - the walk parameters of this model (ID registers,
 * HTTU, CR2.E2H), to decode raw entries with mdl_ste_decode() and
 * mdl_cd_decode().
 * @m: the model (not NULL).
 * @out: receives them.
 * Return: nothing.
 */
void smmuv3_model_params(struct smmuv3_model *m, struct mdl_params *out);

/**
 * smmuv3_model_ats_translate() - an ATS Translation Request (IHI 0070 3.9).
 * @m: the model (not NULL).
 * @sid: the endpoint's StreamID.
 * @ssv: whether the request carries a PASID.
 * @ssid: the PASID (when @ssv).
 * @iova: the address to translate.
 * @acc: MDL_ACC_* of the request.
 * @res: receives the outcome.
 * STE.EATS = 0 gives F_BAD_ATS_TREQ (recorded); otherwise the request is
 * translated like an access (same caches) but a failure is only answered
 * to the endpoint (outcome FAULT, nothing recorded, no stall). A success
 * fills the endpoint's ATC, which keeps the translation until an ATC_INV
 * covering it: a missing ATC_INV shows in smmuv3_model_atc_lookup().
 * EATS = 0b10 (split stage) is answered with the full translation.
 * Return: 0 (outcome in *@res); SMMUV3_EOPNOTSUPP without IDR0.ATS;
 * SMMUV3_EINVAL if @m or @res is NULL.
 * On error: nothing was translated; the ATC and *@res are unchanged.
 */
int smmuv3_model_ats_translate(struct smmuv3_model *m, uint32_t sid, bool ssv,
			       uint32_t ssid, uint64_t iova, unsigned int acc,
			       struct smmuv3_model_result *res);

/**
 * smmuv3_model_atc_lookup() - whether an endpoint's ATC translates @iova.
 * @m: the model (not NULL).
 * @sid: the endpoint's StreamID.
 * @ssv: whether to look up a PASID's entries.
 * @ssid: the PASID (when @ssv).
 * @iova: the address.
 * @pa: receives the translation when found; may be NULL.
 * Return: true if the ATC holds a translation of @iova.
 */
bool smmuv3_model_atc_lookup(struct smmuv3_model *m, uint32_t sid, bool ssv,
			     uint32_t ssid, uint64_t iova, uint64_t *pa);

/* ---- DMA -------------------------------------------------------------- */

/**
 * smmuv3_model_dma_read() - a device reads memory through the SMMU.
 * @m: the model (not NULL).
 * @sid: the device's StreamID.
 * @ssv: whether it uses a SubstreamID.
 * @ssid: the SubstreamID (when @ssv).
 * @iova: the first input address.
 * @buf: receives the @len bytes read.
 * @len: bytes to read.
 * @acc: MDL_ACC_PRIV and/or MDL_ACC_EXEC (the direction is implied).
 * @res: receives the last page's outcome and the bytes moved (dma_done).
 * Each page is translated as by smmuv3_model_access(); faults are reported
 * as an access reports them: an event record in the event queue (when
 * EVTQEN is set), a stall, or a termination. A non-coherent model's device
 * reads the memory's point-of-coherency copy (what cache_clean() pushed).
 * Return: 0 when all @len bytes moved (res->dma_done == @len);
 * SMMUV3_EFAULT when a page did not translate (*@res is that page's
 * outcome, FAULT, ABORT or STALLED) or translated to a PA outside the
 * port's registered memory (outcome ABORT, no event: a bus error);
 * SMMUV3_EINVAL if @m or @res is NULL, or @buf is NULL with @len != 0.
 * On error: the first res->dma_done bytes were read; nothing after them
 * (SMMUV3_EINVAL: nothing at all, *@res unchanged).
 */
int smmuv3_model_dma_read(struct smmuv3_model *m, uint32_t sid, bool ssv,
			  uint32_t ssid, uint64_t iova, void *buf, size_t len,
			  unsigned int acc, struct smmuv3_model_result *res);

/**
 * smmuv3_model_dma_write() - a device writes memory through the SMMU.
 * @m: the model (not NULL).
 * @sid: the device's StreamID.
 * @ssv: whether it uses a SubstreamID.
 * @ssid: the SubstreamID (when @ssv).
 * @iova: the first input address.
 * @buf: the @len bytes to write.
 * @len: bytes to write.
 * @acc: MDL_ACC_PRIV or 0 (the direction is implied).
 * @res: receives the last page's outcome and the bytes moved (dma_done).
 * As smmuv3_model_dma_read(); a non-coherent model's device writes update
 * memory and its point-of-coherency copy.
 * Return: 0 when all @len bytes moved; SMMUV3_EFAULT (a page did not
 * translate, or its PA is outside the port's memory); SMMUV3_EINVAL if @m
 * or @res is NULL, or @buf is NULL with @len != 0.
 * On error: the first res->dma_done bytes were written; nothing after them
 * (SMMUV3_EINVAL: nothing at all, *@res unchanged).
 */
int smmuv3_model_dma_write(struct smmuv3_model *m, uint32_t sid, bool ssv,
			   uint32_t ssid, uint64_t iova, const void *buf,
			   size_t len, unsigned int acc,
			   struct smmuv3_model_result *res);

/* ---- caches ---------------------------------------------------------- */

/**
 * smmuv3_model_ste_cached() - whether an STE of @sid is cached.
 * @m: the model (not NULL).
 * @sid: the StreamID.
 * Return: true if the configuration cache holds an STE for @sid.
 */
bool smmuv3_model_ste_cached(struct smmuv3_model *m, uint32_t sid);

/**
 * smmuv3_model_cd_cached() - whether a CD of (@sid, @ssid) is cached.
 * @m: the model (not NULL).
 * @sid: the StreamID.
 * @ssid: the SubstreamID (0 also matches the CD of a stream without one).
 * Return: true if the configuration cache holds that CD.
 */
bool smmuv3_model_cd_cached(struct smmuv3_model *m, uint32_t sid,
			    uint32_t ssid);

/**
 * smmuv3_model_tlb_count() - the number of valid TLB entries.
 * @m: the model (not NULL).
 * Return: the count (with eager caching, one per cached translation and
 * privilege).
 */
unsigned int smmuv3_model_tlb_count(struct smmuv3_model *m);

/**
 * smmuv3_model_tlb_insert() - insert a TLB entry directly (tests of
 * invalidation commands that need no page tables).
 * @m: the model (not NULL).
 * @va: input address, aligned down to the entry size.
 * @stages: bit 0 stage 1, bit 1 stage 2.
 * @el2: an EL2 (StreamWorld EL2) entry.
 * @x: pa, size_log2, asid, vmid, global, s1_level, s2_level and the
 * permissions of the entry.
 * Return: 0; SMMUV3_EINVAL if @m or @x is NULL, @stages is 0 or above 3,
 * or x->size_log2 is outside [12, 63].
 * On error: the TLB is unchanged.
 */
int smmuv3_model_tlb_insert(struct smmuv3_model *m, uint64_t va,
			    unsigned int stages, bool el2,
			    const struct mdl_xlate *x);

/**
 * smmuv3_model_tlb_lookup() - whether a TLB entry covers @va with these tags.
 * @m: the model (not NULL).
 * @va: the input address.
 * @stages: bit 0 stage 1, bit 1 stage 2 (must equal the entry's).
 * @el2: an EL2 entry.
 * @asid: ASID (stage 1; global entries match any).
 * @vmid: VMID.
 * Return: true if such an entry exists.
 */
bool smmuv3_model_tlb_lookup(struct smmuv3_model *m, uint64_t va,
			     unsigned int stages, bool el2, uint16_t asid,
			     uint16_t vmid);

/* ---- audit of the caches against the tables ------------------------ */

enum smmuv3_model_stale_kind {
	SMMUV3_MODEL_STALE_STE = 0, /* cached STE != the table's */
	SMMUV3_MODEL_STALE_CD,	    /* cached CD != the live CD */
	SMMUV3_MODEL_STALE_L1CD,    /* cached invalid L1CD now valid */
	SMMUV3_MODEL_STALE_TLB,	    /* cached translation != the tables' */
	SMMUV3_MODEL_STALE_EVICTED, /* entries were evicted: audit partial */
};

/* One stale entry; @text says what and why, in one line. */
struct smmuv3_model_stale {
	enum smmuv3_model_stale_kind kind;
	uint32_t sid, ssid; /* STE, CD, L1CD (ssid: the L1 index) */
	bool ssv;
	uint64_t va, pa;     /* TLB: input and output of the entry */
	uint8_t size_log2;   /* TLB: entry size */
	unsigned int stages; /* TLB: bit 0 stage 1, bit 1 stage 2 */
	bool el2, global;
	uint16_t asid, vmid;
	char text[192];
};

/**
 * smmuv3_model_audit() - compare the caches with the tables in memory.
 * @m: the model (not NULL).
 * @out: receives up to @max stale entries; may be NULL when @max is 0.
 * @max: capacity of @out.
 * Every cached STE, CD, invalid L1CD and translation is compared with what
 * the tables give now; each one that differs is reported (a TLB entry is
 * stale when the live STEs/CDs with its tags, StreamWorld, ASID and VMID,
 * do not translate its address to the same output with the same
 * permissions; an entry no live STE/CD reaches, e.g. of a detached domain,
 * is unused and reported only once its ASID/VMID is used again with other
 * tables). Call it after an operation of the code under test: any entry
 * found is an invalidation that operation (or an earlier one) did not do.
 * With SMMUEN = 0 nothing is used from the caches and nothing is reported.
 * Return: the number of stale entries (0: caches and tables agree);
 * SMMUV3_EINVAL if @m is NULL, or @out is NULL with @max != 0.
 * On error: nothing is written.
 */
int smmuv3_model_audit(struct smmuv3_model *m, struct smmuv3_model_stale *out,
		       unsigned int max);

/**
 * smmuv3_model_prefetch() - cache every valid STE, CD and translation now, as
 * eager caching does at each barrier (primes a SMMUV3_MODEL_CACHE_ON_USE
 * model once).
 * @m: the model (not NULL).
 * Return: nothing.
 */
void smmuv3_model_prefetch(struct smmuv3_model *m);

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

/**
 * smmuv3_model_counters() - a copy of the model's counters.
 * @m: the model (not NULL).
 * @out: receives them.
 * Return: nothing.
 */
void smmuv3_model_counters(struct smmuv3_model *m,
			   struct smmuv3_model_counters *out);

/**
 * smmuv3_model_last_violation() - the last programming-interface misuse seen
 * (e.g. STRTAB_BASE written while SMMUEN = 1).
 * @m: the model (not NULL).
 * Return: its description, or "" if none; valid until the next call into
 * the model.
 */
const char *smmuv3_model_last_violation(struct smmuv3_model *m);

/*
 * Commands executed, in order (raw, CPU order). This log, the ATC log and
 * the access log each keep their first 2^20 entries (counters go on).
 */
struct smmuv3_model_cmd {
	uint64_t dw[2];
	uint32_t index; /* queue index (with wrap bit) it was read from */
};

/**
 * smmuv3_model_cmd_log_count() - how many commands the log holds.
 * @m: the model (not NULL).
 * Return: the number of logged commands (at most 2^20).
 */
unsigned int smmuv3_model_cmd_log_count(struct smmuv3_model *m);

/**
 * smmuv3_model_cmd_log_get() - the @i-th command executed.
 * @m: the model (not NULL).
 * @i: its index in the log, from 0.
 * @out: receives it.
 * Return: 0; SMMUV3_ENOENT if @i is beyond the log.
 * On error: *@out is unchanged.
 */
int smmuv3_model_cmd_log_get(struct smmuv3_model *m, unsigned int i,
			     struct smmuv3_model_cmd *out);

/* ATC_INV commands executed (the model has no ATC: this is the record). */
struct smmuv3_model_atc_inv {
	uint32_t sid, ssid;
	bool ssv, global;
	uint64_t addr;
	uint8_t size; /* log2 of the number of 4KB pages */
};

/**
 * smmuv3_model_atc_log_count() - how many ATC_INVs for @sid were executed.
 * @m: the model (not NULL).
 * @sid: the StreamID.
 * Return: the number logged.
 */
unsigned int smmuv3_model_atc_log_count(struct smmuv3_model *m, uint32_t sid);

/**
 * smmuv3_model_atc_log_get() - the @i-th ATC_INV executed for @sid.
 * @m: the model (not NULL).
 * @sid: the StreamID.
 * @i: index among that stream's ATC_INVs, from 0.
 * @out: receives it.
 * Return: 0; SMMUV3_ENOENT if there is no such entry.
 * On error: *@out is unchanged.
 */
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

/**
 * smmuv3_model_log_count() - how many entries the access log holds.
 * @m: the model (not NULL).
 * Return: the number of entries (at most 2^20).
 */
unsigned int smmuv3_model_log_count(struct smmuv3_model *m);

/**
 * smmuv3_model_log_get() - access-log entry @i.
 * @m: the model (not NULL).
 * @i: its index, from 0.
 * @out: receives it.
 * Return: 0; SMMUV3_ENOENT if @i is beyond the log.
 * On error: *@out is unchanged.
 */
int smmuv3_model_log_get(struct smmuv3_model *m, unsigned int i,
			 struct smmuv3_model_log_entry *out);

/**
 * smmuv3_model_log_clear() - empty the access log.
 * @m: the model (not NULL).
 * Return: nothing.
 */
void smmuv3_model_log_clear(struct smmuv3_model *m);

/**
 * smmuv3_model_log_find() - the first access-log entry at or after @from of a
 * kind.
 * @m: the model (not NULL).
 * @from: index to start at.
 * @kind: the entry kind.
 * @offset: MMIO kinds: the register offset; barriers: the barrier kind, or
 * ~0u for any.
 * Return: the entry's index, or -1 if there is none.
 */
int smmuv3_model_log_find(struct smmuv3_model *m, unsigned int from,
			  enum smmuv3_model_log_kind kind, uint32_t offset);

/**
 * smmuv3_model_log_barrier_between() - whether a barrier lies strictly
 * between access-log entries @a and @b.
 * @m: the model (not NULL).
 * @a: the earlier entry's index.
 * @b: the later entry's index.
 * @barrier: enum smmuv3_barrier kind, or < 0 for any.
 * Return: true if such a barrier was logged between them.
 */
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

/**
 * smmuv3_model_set_observer() - install (or remove) the observer.
 * @m: the model (not NULL).
 * @fn: called with the model's (recursive) lock held after each command
 * executes (@dw its two words) and at each barrier (@barrier the enum
 * smmuv3_barrier; @dw NULL); NULL removes it. It may call any
 * smmuv3_model_* function, e.g. smmuv3_model_ste_peek() to check the
 * entry as the SMMU sees it at every step of an update, but must not call
 * into the library (which may hold its OSAL lock while another thread
 * waits for the model's).
 * @ctx: passed to @fn.
 * Return: nothing.
 */
void smmuv3_model_set_observer(struct smmuv3_model *m,
			       smmuv3_model_observer_fn fn, void *ctx);

/* ---- event and PRI queue injection ---------------------------------- */

/**
 * smmuv3_model_event_inject() - write a raw event record into the event
 * queue as the SMMU would, with the architected overflow behaviour.
 * @m: the model (not NULL).
 * @rec: the record, 4 dwords in CPU order.
 * Return: 0; SMMUV3_EPERM if the queue is disabled; SMMUV3_ENOSPC if it is
 * full (the record is lost and PROD.OVFLG toggled); SMMUV3_EFAULT if the
 * queue memory aborts (GERROR.EVTQ_ABT_ERR toggled); SMMUV3_EINVAL if @m
 * or @rec is NULL.
 * On error: the record is not in the queue.
 */
int smmuv3_model_event_inject(struct smmuv3_model *m, const uint64_t rec[4]);

/**
 * smmuv3_model_pri_inject() - write a raw PRI request into the PRI queue as
 * the SMMU would.
 * @m: the model (not NULL).
 * @rec: the request, 2 dwords in CPU order.
 * Return: as smmuv3_model_event_inject(), for the PRI queue: 0;
 * SMMUV3_EPERM; SMMUV3_ENOSPC; SMMUV3_EFAULT (GERROR.PRIQ_ABT_ERR);
 * SMMUV3_EINVAL.
 * On error: the request is not in the queue.
 */
int smmuv3_model_pri_inject(struct smmuv3_model *m, const uint64_t rec[2]);

/* A PRI page request (IHI 0070 8.1) built from fields. */
struct smmuv3_model_pri_req {
	uint32_t sid, ssid;
	bool ssv, priv, exec, read, write, last;
	uint16_t grpid; /* PRG index, 9 bits */
	uint64_t addr;	/* page address, 4KB aligned */
};

/**
 * smmuv3_model_pri_request() - a PRI page request (IHI 0070 8.1) built from
 * fields and written into the PRI queue.
 * @m: the model (not NULL).
 * @req: the request.
 * Return: 0; SMMUV3_EINVAL if @m or @req is NULL, req->grpid exceeds 9
 * bits, req->addr is not 4 KiB aligned or req->ssid exceeds 20 bits (with
 * req->ssv); SMMUV3_EPERM, SMMUV3_ENOSPC, SMMUV3_EFAULT as for
 * smmuv3_model_pri_inject().
 * On error: the request is not in the queue and no group is opened.
 */
int smmuv3_model_pri_request(struct smmuv3_model *m,
			     const struct smmuv3_model_pri_req *req);

/**
 * smmuv3_model_prg_outstanding() - whether a page request group waits for
 * its PRI_RESP.
 * @m: the model (not NULL).
 * @sid: the StreamID.
 * @grpid: the PRG index.
 * Return: true once the group's last request (req->last) was delivered and
 * until a PRI_RESP for it is executed.
 */
bool smmuv3_model_prg_outstanding(struct smmuv3_model *m, uint32_t sid,
				  uint16_t grpid);

#endif /* SMMUV3_MODEL_H */
