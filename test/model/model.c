// SPDX-License-Identifier: BSD-2-Clause
/*
 * The behavioural SMMUv3 model core: ID presets, the register file (IHI
 * 0070 chapter 6), the queues and their index/wrap/overflow arithmetic
 * (3.5), the command consumer (chapter 4, with the CERROR rules of 7.1),
 * the configuration cache and TLB with architected invalidation, the event
 * and PRI queues (7.3, 8.1), interrupts, stalls and RESUME (3.12), ATS and
 * the endpoint's ATC (3.9), a non-coherent walker view, fault modes and
 * the access log. Translations are delegated to the walk engine (walk.h).
 * See <smmuv3/model.h>.
 *
 * Everything is serialised by one mutex (m->lock); helpers whose name ends
 * in _locked, and all static helpers below, expect it held.
 */
#define _POSIX_C_SOURCE 200809L
#include <smmuv3/model.h>

#include <smmuv3/err.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/hw/ste.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Cache sizes: on-use caching evicts round robin within the first
 * *_ENTRIES slots; eager caching uses up to *_MAX slots and evicts only
 * when they are all valid (counted in ->evictions, reported by the audit).
 */
#define TLB_ENTRIES 1024u
#define TLB_MAX 16384u
#define STE_CACHE_ENTRIES 256u
#define STE_CACHE_MAX 4096u
#define CD_CACHE_ENTRIES 256u
#define CD_CACHE_MAX 4096u
/* Eager caching: substreams of one STE looked at, configurations kept
 * apart per fill (beyond it, tables are walked again). */
#define EAGER_SSIDS 256u
#define EAGER_CONFIGS 64u
/* Index of the TLB by exact entry (open addressing; a power of two), and
 * last-hit hints of the STE and CD caches by StreamID. */
#define TLB_HASH (2u * TLB_MAX)
#define SID_HINTS 4096u
#define L1CD_CACHE_ENTRIES 64u
#define STALL_ENTRIES 64u
#define ATC_ENTRIES 512u
#define PRG_ENTRIES 64u
#define LOG_MAX_ENTRIES (1u << 20)

/* Command fields, written from IHI 0070 chapter 4 (dw0 = bits [63:0]). */
#define C0_OP SMMUV3_GENMASK64(7, 0)
#define C0_GLOBAL SMMUV3_BIT64(9) /* ATC_INV G */
#define C0_SSEC SMMUV3_BIT64(10)  /* CFGI_*, PREFETCH_* (4.1.6) */
#define C0_SSV SMMUV3_BIT64(11)
#define C0_SSID SMMUV3_GENMASK64(31, 12)
#define C0_SID SMMUV3_GENMASK64(63, 32)
#define C0_NUM SMMUV3_GENMASK64(16, 12) /* range TLBI */
#define C0_SCALE SMMUV3_GENMASK64(24, 20)
#define C0_SCALE_DS SMMUV3_GENMASK64(25, 20) /* with IDR5.DS */
#define C0_VMID SMMUV3_GENMASK64(47, 32)
#define C0_ASID SMMUV3_GENMASK64(63, 48)
#define C0_RESUME_ACTION SMMUV3_GENMASK64(13, 12)
#define C0_SYNC_CS SMMUV3_GENMASK64(13, 12)
#define C0_SYNC_MSH SMMUV3_GENMASK64(23, 22)
#define C0_SYNC_MSIATTR SMMUV3_GENMASK64(27, 24)
#define C0_SYNC_MSIDATA SMMUV3_GENMASK64(63, 32)
#define C1_LEAF SMMUV3_BIT64(0)
#define C1_RANGE SMMUV3_GENMASK64(4, 0) /* CFGI_STE_RANGE */
#define C1_TTL SMMUV3_GENMASK64(9, 8)
#define C1_TG SMMUV3_GENMASK64(11, 10)
#define C1_VA SMMUV3_GENMASK64(63, 12)
#define C1_IPA SMMUV3_GENMASK64(51, 12)
#define C1_ATC_SIZE SMMUV3_GENMASK64(5, 0)
#define C1_PRI_GRPID SMMUV3_GENMASK64(8, 0)
#define C1_PRI_RESP SMMUV3_GENMASK64(13, 12)
#define C1_STAG SMMUV3_GENMASK64(15, 0)
#define C1_SYNC_MSIADDR SMMUV3_GENMASK64(51, 2)

enum {
	OP_PREFETCH_CONFIG = 0x01,
	OP_PREFETCH_ADDR = 0x02,
	OP_CFGI_STE = 0x03,
	OP_CFGI_STE_RANGE = 0x04,
	OP_CFGI_CD = 0x05,
	OP_CFGI_CD_ALL = 0x06,
	OP_TLBI_NH_ALL = 0x10,
	OP_TLBI_NH_ASID = 0x11,
	OP_TLBI_NH_VA = 0x12,
	OP_TLBI_NH_VAA = 0x13,
	OP_TLBI_EL2_ALL = 0x20,
	OP_TLBI_EL2_ASID = 0x21,
	OP_TLBI_EL2_VA = 0x22,
	OP_TLBI_EL2_VAA = 0x23,
	OP_TLBI_S12_VMALL = 0x28,
	OP_TLBI_S2_IPA = 0x2a,
	OP_TLBI_NSNH_ALL = 0x30,
	OP_ATC_INV = 0x40,
	OP_PRI_RESP = 0x41,
	OP_RESUME = 0x44,
	OP_STALL_TERM = 0x45,
	OP_CMD_SYNC = 0x46,
};

/* Event record fields (IHI 0070 7.3). */
#define E0_ID SMMUV3_GENMASK64(7, 0)
#define E0_SSV SMMUV3_BIT64(11)
#define E0_SSID SMMUV3_GENMASK64(31, 12)
#define E0_SID SMMUV3_GENMASK64(63, 32)
#define E1_STAG SMMUV3_GENMASK64(15, 0)
#define E1_STALL SMMUV3_BIT64(31)
#define E1_PNU SMMUV3_BIT64(33)
#define E1_IND SMMUV3_BIT64(34)
#define E1_RNW SMMUV3_BIT64(35)
#define E1_S2 SMMUV3_BIT64(39)
#define E1_CLASS SMMUV3_GENMASK64(41, 40)
#define E1_TTRNW SMMUV3_BIT64(44)
#define E3_IPA SMMUV3_GENMASK64(51, 12)
#define E3_FETCH SMMUV3_GENMASK64(51, 3)

/* PRI request fields (IHI 0070 8.1). */
#define P0_SID SMMUV3_GENMASK64(31, 0)
#define P0_SSID SMMUV3_GENMASK64(51, 32)
#define P0_PRIV SMMUV3_BIT64(58)
#define P0_EXEC SMMUV3_BIT64(59)
#define P0_READ SMMUV3_BIT64(60)
#define P0_WRITE SMMUV3_BIT64(61)
#define P0_LAST SMMUV3_BIT64(62)
#define P0_SSV SMMUV3_BIT64(63)
#define P1_GRPID SMMUV3_GENMASK64(8, 0)
#define P1_ADDR SMMUV3_GENMASK64(63, 12)

#define STAGE_S1 1u
#define STAGE_S2 2u

struct tlb_entry {
	bool valid;
	uint8_t stages; /* STAGE_S1 | STAGE_S2 */
	bool el2, global;
	uint16_t asid, vmid;
	uint64_t va; /* aligned to 1 << size_log2 */
	uint64_t pa; /* output address of va */
	uint8_t size_log2;
	uint8_t level;	 /* leaf level that VA/IPA invalidation matches */
	uint8_t granule; /* log2 of the walk's granule; 0: unknown */
	/* MDL_ACC_PRIV / MDL_ACC_WRITE of the access that filled it: the
	 * permissions in x were computed for that privilege, and a write
	 * may have needed a dirty-state update (HTTU) a read did not do. */
	unsigned int fill_acc;
	struct mdl_xlate x;
};

struct ste_entry {
	bool valid;
	uint32_t sid;
	struct mdl_ste ste;
};

struct cd_entry {
	bool valid;
	uint32_t sid, index;
	bool ssv;
	bool s1_bypass;
	struct mdl_cd cd;
};

/* An invalid L1CD, cached (an SMMU may cache it: CFGI_CD Leaf=0 drops it). */
struct l1cd_entry {
	bool valid;
	uint32_t sid, l1idx;
};

/*
 * Non-coherent mode: what the table walker sees of an allocation is its
 * copy at the point of coherency, updated only by cache_clean() (64-byte
 * lines) and by the SMMU's own writes.
 */
struct poc {
	uintptr_t base;
	size_t size;
	uint8_t *mem;
};

/* An endpoint's ATC entry, filled by an ATS translation (IHI 0070 3.9). */
struct atc_entry {
	bool valid;
	uint32_t sid, ssid;
	bool ssv;
	uint64_t va, pa; /* va aligned to 1 << size_log2 */
	uint8_t size_log2;
};

/* A page request group waiting for its PRI_RESP (IHI 0070 8.1, 4.6.1). */
struct prg {
	bool valid;
	uint32_t sid, ssid;
	bool ssv;
	uint16_t grpid;
	uint8_t resp; /* last response given (when !valid after one) */
};

/* A stalled transaction and, once resolved, its result. */
struct stall {
	bool valid, pending;
	uint16_t stag;
	uint32_t sid, ssid;
	bool ssv;
	uint64_t iova;
	unsigned int acc;
	struct smmuv3_model_result res;
	/* 7.4: its record met a full queue; written when there is room. */
	bool rec_pending;
	uint64_t rec[4];
};

struct queue {
	uint64_t base;
	uint32_t prod, cons;
};

struct smmuv3_model {
	pthread_mutex_t lock;
	struct smmuv3_mock mock;
	struct smmuv3_osal osal;
	struct mdl_params params;
	struct mdl_mem mem;

	uint32_t idr[6], iidr, aidr;
	bool page0_only;
	bool noncoherent;
	struct poc *pocs;
	unsigned int n_poc, cap_poc;

	uint32_t cr0, cr0ack, cr1, cr2, gbpa, irq_ctrl, irq_ctrlack;
	uint32_t gerror, gerrorn;
	uint64_t irq_cfg0[3]; /* GERROR, EVTQ, PRIQ */
	uint32_t irq_cfg1[3], irq_cfg2[3];
	uint64_t strtab_base;
	uint32_t strtab_base_cfg;
	struct queue cmdq, evtq, priq;

	bool fault_on[SMMUV3_MODEL_FAULT_COUNT];
	uint64_t fault_arg[SMMUV3_MODEL_FAULT_COUNT];
	uint64_t abort_pa, abort_size;
	bool atc_inv_pending; /* an ATC_INV since the last CMD_SYNC */
	bool in_consume;
	bool in_ats; /* translating an ATS request: faults are not recorded */

	struct tlb_entry tlb[TLB_MAX];
	unsigned int tlb_next, tlb_hw;
	struct ste_entry stec[STE_CACHE_MAX];
	unsigned int ste_next, ste_hw;
	struct cd_entry cdc[CD_CACHE_MAX];
	unsigned int cd_next, cd_hw;
	/* Eager caching (SMMUV3_MODEL_CACHE_EAGER) and its state. */
	uint32_t tlb_hash[TLB_HASH]; /* tlb index + 1; 0: empty */
	unsigned int tlb_hash_used;  /* slots used since the last rebuild */
	unsigned int tlb_nfree;	     /* entries dropped since a free scan */
	uint16_t ste_hint[SID_HINTS], cd_hint[SID_HINTS]; /* index + 1 */
	/* While filling or auditing (the lock held, no allocation freed):
	 * the last region read, [rc_pa, rc_pa + rc_size) at host rc_base. */
	bool rc_on;
	uint64_t rc_pa;
	uintptr_t rc_base;
	size_t rc_size;
	bool eager, in_fill;
	uint64_t evictions;    /* valid entries evicted in eager mode */
	struct mdl_mem ro_mem; /* reads only: fills and audits */
	struct l1cd_entry l1cdc[L1CD_CACHE_ENTRIES];
	unsigned int l1cd_next;

	struct smmuv3_model_log_entry *log;
	unsigned int log_n, log_cap;
	struct smmuv3_model_cmd *cmdlog;
	unsigned int cmdlog_n, cmdlog_cap;
	struct smmuv3_model_atc_inv *atclog;
	unsigned int atclog_n, atclog_cap;

	struct smmuv3_model_counters ctr;
	char violation[160];

	smmuv3_model_observer_fn observer;
	void *observer_ctx;

	struct atc_entry atc[ATC_ENTRIES];
	unsigned int atc_next;
	struct stall stalls[STALL_ENTRIES];
	unsigned int stall_next;
	struct prg prgs[PRG_ENTRIES];
	uint16_t next_stag;
};

/* ---- presets -------------------------------------------------------- */

#define F32(mask, v) SMMUV3_FIELD_PREP(mask, (uint32_t)(v))
#define IIDR_ARM(prod, var, rev)                                            \
	(F32(SMMUV3_IIDR_PRODUCTID, prod) | F32(SMMUV3_IIDR_VARIANT, var) | \
	 F32(SMMUV3_IIDR_REVISION, rev) |                                   \
	 F32(SMMUV3_IIDR_IMPLEMENTER, 0x43bu))

/*
 * Arm CoreLink MMU-600 (SMMUv3.1) and MMU-700 (SMMUv3.2) as integrated on a
 * typical server SoC: the feature sets of their TRMs with the
 * integration-defined sizes picked to be representative.
 */
#define IDR0_MMU600                                                        \
	(SMMUV3_IDR0_S2P | SMMUV3_IDR0_S1P |                               \
	 F32(SMMUV3_IDR0_TTF, SMMUV3_IDR0_TTF_BOTH) | SMMUV3_IDR0_COHACC | \
	 SMMUV3_IDR0_BTM | F32(SMMUV3_IDR0_HTTU, SMMUV3_IDR0_HTTU_HAHD) |  \
	 SMMUV3_IDR0_HYP | SMMUV3_IDR0_ATS | SMMUV3_IDR0_ASID16 |          \
	 SMMUV3_IDR0_MSI | SMMUV3_IDR0_SEV | SMMUV3_IDR0_PRI |             \
	 SMMUV3_IDR0_VMID16 | SMMUV3_IDR0_CD2L |                           \
	 F32(SMMUV3_IDR0_TTENDIAN, SMMUV3_IDR0_TTENDIAN_MIXED) |           \
	 F32(SMMUV3_IDR0_STALL_MODEL, SMMUV3_IDR0_STALL_MODEL_STALL) |     \
	 F32(SMMUV3_IDR0_ST_LEVEL, SMMUV3_IDR0_ST_LEVEL_2LVL))
#define IDR1_BIG                                                        \
	(F32(SMMUV3_IDR1_SIDSIZE, 16) | F32(SMMUV3_IDR1_SSIDSIZE, 20) | \
	 F32(SMMUV3_IDR1_PRIQS, 19) | F32(SMMUV3_IDR1_EVTQS, 19) |      \
	 F32(SMMUV3_IDR1_CMDQS, 19))
#define IDR5_ALLGRAN(oas)                                 \
	(F32(SMMUV3_IDR5_OAS, oas) | SMMUV3_IDR5_GRAN4K | \
	 SMMUV3_IDR5_GRAN16K | SMMUV3_IDR5_GRAN64K |      \
	 F32(SMMUV3_IDR5_STALL_MAX, 0x80))

#define IDR3_MMU700                                            \
	(SMMUV3_IDR3_HAD | SMMUV3_IDR3_XNX | SMMUV3_IDR3_PPS | \
	 SMMUV3_IDR3_RIL | F32(SMMUV3_IDR3_BBML, 2) | SMMUV3_IDR3_E0PD)

struct preset {
	uint32_t idr[6];
	uint32_t iidr, aidr;
};

static const struct preset presets[SMMUV3_MODEL_PRESET_COUNT] = {
	/* The QEMU 7.2 virt machine's SMMUv3 ID values. */
	[SMMUV3_MODEL_QEMU_VIRT_7_2] =
		{{0x0d40101au, 0x02730010u, 0, 0x1404u, 0, 0x74u}, 0, 1},
	[SMMUV3_MODEL_MMU600_R0P0] = {{IDR0_MMU600, IDR1_BIG, 0,
				       SMMUV3_IDR3_HAD, 0, IDR5_ALLGRAN(5)},
				      IIDR_ARM(0x483u, 0, 0),
				      1},
	[SMMUV3_MODEL_MMU600_R1P0] = {{IDR0_MMU600, IDR1_BIG, 0,
				       SMMUV3_IDR3_HAD, 0, IDR5_ALLGRAN(5)},
				      IIDR_ARM(0x483u, 1, 0),
				      1},
	[SMMUV3_MODEL_MMU600_R2P0] = {{IDR0_MMU600, IDR1_BIG, 0,
				       SMMUV3_IDR3_HAD, 0, IDR5_ALLGRAN(5)},
				      IIDR_ARM(0x483u, 2, 0),
				      1},
	[SMMUV3_MODEL_MMU700_R0P0] = {{IDR0_MMU600, IDR1_BIG, 0, IDR3_MMU700, 0,
				       IDR5_ALLGRAN(5)},
				      IIDR_ARM(0x487u, 0, 0),
				      2},
	[SMMUV3_MODEL_MMU700_R1P1] = {{IDR0_MMU600, IDR1_BIG, 0, IDR3_MMU700, 0,
				       IDR5_ALLGRAN(5)},
				      IIDR_ARM(0x487u, 1, 1),
				      2},
	[SMMUV3_MODEL_S2_ONLY] =
		{{SMMUV3_IDR0_S2P |
			  F32(SMMUV3_IDR0_TTF, SMMUV3_IDR0_TTF_AARCH64) |
			  SMMUV3_IDR0_COHACC | SMMUV3_IDR0_VMID16 |
			  F32(SMMUV3_IDR0_TTENDIAN, SMMUV3_IDR0_TTENDIAN_LE) |
			  F32(SMMUV3_IDR0_STALL_MODEL,
			      SMMUV3_IDR0_STALL_MODEL_NONE) |
			  SMMUV3_IDR0_TERM_MODEL,
		  F32(SMMUV3_IDR1_SIDSIZE, 10) | F32(SMMUV3_IDR1_EVTQS, 10) |
			  F32(SMMUV3_IDR1_CMDQS, 10),
		  0, 0, 0,
		  F32(SMMUV3_IDR5_OAS, 5) | SMMUV3_IDR5_GRAN4K |
			  SMMUV3_IDR5_GRAN64K},
		 0,
		 1},
	[SMMUV3_MODEL_FULL] = {{(IDR0_MMU600 & ~SMMUV3_IDR0_TTENDIAN) |
					F32(SMMUV3_IDR0_TTENDIAN,
					    SMMUV3_IDR0_TTENDIAN_LE) |
					SMMUV3_IDR0_VMW,
				IDR1_BIG, 0,
				SMMUV3_IDR3_HAD | SMMUV3_IDR3_XNX |
					SMMUV3_IDR3_RIL | SMMUV3_IDR3_FWB |
					F32(SMMUV3_IDR3_BBML, 2),
				0, IDR5_ALLGRAN(6)},
			       0, /* no implementer: no errata apply */
			       2},
	[SMMUV3_MODEL_MINIMAL] =
		{{SMMUV3_IDR0_S1P |
			  F32(SMMUV3_IDR0_TTF, SMMUV3_IDR0_TTF_AARCH64) |
			  F32(SMMUV3_IDR0_TTENDIAN, SMMUV3_IDR0_TTENDIAN_LE) |
			  F32(SMMUV3_IDR0_STALL_MODEL,
			      SMMUV3_IDR0_STALL_MODEL_NONE),
		  F32(SMMUV3_IDR1_SIDSIZE, 6) | F32(SMMUV3_IDR1_EVTQS, 7) |
			  F32(SMMUV3_IDR1_CMDQS, 7),
		  0, 0, 0, F32(SMMUV3_IDR5_OAS, 2) | SMMUV3_IDR5_GRAN4K},
		 0,
		 0},
};

/* ---- helpers -------------------------------------------------------- */

static void violation(struct smmuv3_model *m, const char *what, uint64_t v)
{
	m->ctr.violations++;
	snprintf(m->violation, sizeof(m->violation), "%s (0x%llx)", what,
		 (unsigned long long)v);
}

/* Queue memory and tables are little-endian (IDR0.TTENDIAN aside). */
static uint64_t ld_le64(const volatile uint8_t *b)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

static void st_le(volatile uint8_t *b, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
}

/*
 * The one way the SMMU reaches memory: physical [pa, pa + len) as the host
 * memory behind it, or NULL (an external abort) unless it lies inside one
 * region registered with the mock port and outside the aborting range.
 * The port's PAs are not host addresses: nothing here may use one as a
 * pointer.
 */
static volatile uint8_t *dma_va(struct smmuv3_model *m, uint64_t pa, size_t len)
{
	if (m->abort_size && pa < m->abort_pa + m->abort_size &&
	    m->abort_pa < pa + len)
		return NULL;
	return smmuv3_mock_pa_to_va(&m->mock, pa, len);
}

/* The PoC copy holding host [va, va + len), if any (non-coherent mode). */
static struct poc *poc_find(struct smmuv3_model *m, uintptr_t va, size_t len)
{
	unsigned int i;

	for (i = 0; i < m->n_poc; i++) {
		struct poc *c = &m->pocs[i];

		if (va >= c->base && va - c->base <= c->size - len &&
		    len <= c->size)
			return c;
	}
	return NULL;
}

/* The table walker's view of memory (coherent, or the PoC copy). */
static int mem_read64(void *ctx, uint64_t pa, uint64_t *val)
{
	struct smmuv3_model *m = ctx;
	volatile uint8_t *b = NULL;
	const struct poc *c;
	uintptr_t base;
	size_t size;

	/* Fills and audits read whole tables: look each region up once. */
	if (m->rc_on && m->rc_size >= 8u && pa >= m->rc_pa &&
	    pa - m->rc_pa <= m->rc_size - 8u &&
	    !(m->abort_size && pa < m->abort_pa + m->abort_size &&
	      m->abort_pa < pa + 8u))
		b = (volatile uint8_t *)(m->rc_base +
					 (uintptr_t)(pa - m->rc_pa));
	if (!b) {
		b = dma_va(m, pa, 8);
		if (b && m->rc_on &&
		    smmuv3_mock_region_find(&m->mock, pa, 8, &base, &size)) {
			m->rc_base = base;
			m->rc_size = size;
			m->rc_pa = pa - ((uintptr_t)b - base);
		}
	}
	if (!b)
		return -1;
	c = m->noncoherent ? poc_find(m, (uintptr_t)b, 8) : NULL;
	*val = c ? ld_le64(c->mem + ((uintptr_t)b - c->base)) : ld_le64(b);
	return 0;
}

static int mem_write64(void *ctx, uint64_t pa, uint64_t val)
{
	struct smmuv3_model *m = ctx;
	volatile uint8_t *b = dma_va(m, pa, 8);
	const struct poc *c;

	if (!b)
		return -1;
	c = m->noncoherent ? poc_find(m, (uintptr_t)b, 8) : NULL;
	if (c)
		st_le(c->mem + ((uintptr_t)b - c->base), val, 8);
	st_le(b, val, 8);
	return 0;
}

static void log_add(struct smmuv3_model *m, enum smmuv3_model_log_kind kind,
		    uint32_t off, uint64_t v)
{
	if (m->log_n == m->log_cap) {
		unsigned int cap = m->log_cap ? m->log_cap * 2 : 1024;
		struct smmuv3_model_log_entry *n;

		if (cap > LOG_MAX_ENTRIES)
			return;
		n = realloc(m->log, cap * sizeof(*n));
		if (!n)
			return;
		m->log = n;
		m->log_cap = cap;
	}
	m->log[m->log_n].kind = kind;
	m->log[m->log_n].offset = off;
	m->log[m->log_n].value = v;
	m->log_n++;
}

/* Make room for entry @n of a log; logs stop at LOG_MAX_ENTRIES. */
static bool grow(void **arr, unsigned int *cap, unsigned int n, size_t esz)
{
	void *p;
	unsigned int c;

	if (n < *cap)
		return true;
	if (n >= LOG_MAX_ENTRIES)
		return false;
	c = *cap ? *cap * 2 : 64;
	p = realloc(*arr, (size_t)c * esz);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

/* ---- queues (IHI 0070 3.5) ------------------------------------------ */

static unsigned int q_log2(const struct queue *q, uint32_t max)
{
	unsigned int l =
		(unsigned int)SMMUV3_FIELD_GET(SMMUV3_Q_BASE_LOG2SIZE, q->base);

	/* 6.3.25: sizes above the IDR1 maximum behave as the maximum. */
	return l > max ? max : l;
}

static uint32_t q_wrapmask(unsigned int l)
{
	return (2u << l) - 1u; /* index bits plus the wrap bit */
}

static bool q_empty(uint32_t prod, uint32_t cons, unsigned int l)
{
	return ((prod ^ cons) & q_wrapmask(l)) == 0;
}

static bool q_full(uint32_t prod, uint32_t cons, unsigned int l)
{
	uint32_t x = (prod ^ cons) & q_wrapmask(l);

	return x == (1u << l);
}

static uint32_t q_next(uint32_t v, unsigned int l)
{
	return (v + 1u) & q_wrapmask(l);
}

static uint64_t q_addr(const struct queue *q)
{
	return q->base & SMMUV3_Q_BASE_ADDR;
}

static unsigned int cmdqs(const struct smmuv3_model *m)
{
	return SMMUV3_FIELD_GET(SMMUV3_IDR1_CMDQS, m->idr[1]);
}

static unsigned int evtqs(const struct smmuv3_model *m)
{
	return SMMUV3_FIELD_GET(SMMUV3_IDR1_EVTQS, m->idr[1]);
}

static unsigned int priqs(const struct smmuv3_model *m)
{
	return SMMUV3_FIELD_GET(SMMUV3_IDR1_PRIQS, m->idr[1]);
}

static bool gerror_active(const struct smmuv3_model *m, uint32_t bit)
{
	return ((m->gerror ^ m->gerrorn) & bit) != 0;
}

/*
 * Signal interrupt @n (0 GERROR, 1 EVTQ, 2 PRIQ) if enabled in
 * IRQ_CTRLACK: an MSI (IHI 0070 6.3.20-22: a 32-bit write of IRQ_CFG1 to
 * IRQ_CFG0.ADDR) when the SMMU has MSIs and ADDR is not 0, else a wired
 * interrupt (counted). A failed MSI write raises its MSI_*_ABT_ERR.
 */
static void gerror_raise(struct smmuv3_model *m, uint32_t bit);

static void irq_signal(struct smmuv3_model *m, unsigned int n)
{
	static const uint32_t en[3] = {SMMUV3_IRQ_CTRL_GERROR_IRQEN,
				       SMMUV3_IRQ_CTRL_EVTQ_IRQEN,
				       SMMUV3_IRQ_CTRL_PRIQ_IRQEN};
	static const uint32_t abt[3] = {SMMUV3_GERROR_MSI_GERROR_ABT_ERR,
					SMMUV3_GERROR_MSI_EVTQ_ABT_ERR,
					SMMUV3_GERROR_MSI_PRIQ_ABT_ERR};
	uint64_t addr = m->irq_cfg0[n] & SMMUV3_IRQ_CFG0_ADDR;
	volatile uint8_t *b;

	if (!(m->irq_ctrlack & en[n]))
		return;
	if ((m->idr[0] & SMMUV3_IDR0_MSI) && addr != 0) {
		b = dma_va(m, addr, 4);
		if (b) {
			st_le(b, m->irq_cfg1[n], 4);
			m->ctr.irq_msis[n]++;
		} else if (n != 0) {
			gerror_raise(m, abt[n]);
		} else if (!gerror_active(m, abt[0])) {
			m->gerror ^= abt[0]; /* no recursion for GERROR */
		}
	} else {
		m->ctr.irq_wired[n]++;
	}
}

/* Raise a global error unless that error is already active (7.2). */
static void gerror_raise(struct smmuv3_model *m, uint32_t bit)
{
	if (!gerror_active(m, bit)) {
		m->gerror ^= bit;
		irq_signal(m, 0);
	}
}

/*
 * Produce a record into the event or PRI queue (7.4, 8.1): a full queue
 * loses the record and toggles PROD.OVFLG if no overflow is outstanding
 * (OVFLG == CONS.OVACKFLG).
 */
static int q_produce(struct smmuv3_model *m, struct queue *q,
		     unsigned int maxlog2, unsigned int ndw,
		     const uint64_t *rec, uint32_t en_bit, uint32_t abt_bit,
		     bool may_overflow)
{
	unsigned int l = q_log2(q, maxlog2), i;
	volatile uint8_t *b;
	uint64_t pa;

	if (!(m->cr0ack & en_bit))
		return SMMUV3_EPERM;
	if (q_full(q->prod, q->cons, l)) {
		if (may_overflow && ((q->prod ^ q->cons) & SMMUV3_Q_OVF) == 0)
			q->prod ^= SMMUV3_Q_OVF;
		return SMMUV3_ENOSPC;
	}
	pa = q_addr(q) + (uint64_t)(q->prod & ((1u << l) - 1u)) * ndw * 8u;
	b = dma_va(m, pa, ndw * 8u);
	if (!b) {
		gerror_raise(m, abt_bit);
		return SMMUV3_EFAULT;
	}
	for (i = 0; i < ndw; i++)
		st_le(b + 8u * i, rec[i], 8);
	q->prod = (q->prod & SMMUV3_Q_OVF) | q_next(q->prod, l);
	return 0;
}

/*
 * 7.4: a record of a stalled transaction (@stall) is never discarded by a
 * full queue and causes no overflow: it is written when there is room.
 */
static int evt_produce_ex(struct smmuv3_model *m, const uint64_t rec[4],
			  bool stall)
{
	int ret = q_produce(m, &m->evtq, evtqs(m), 4, rec, SMMUV3_CR0_EVTQEN,
			    SMMUV3_GERROR_EVTQ_ABT_ERR, !stall);

	if (ret == 0) {
		m->ctr.events++;
		irq_signal(m, 1);
	} else if (!stall || ret != SMMUV3_ENOSPC) {
		m->ctr.events_lost++;
	}
	return ret;
}

static int evt_produce(struct smmuv3_model *m, const uint64_t rec[4])
{
	return evt_produce_ex(m, rec, false);
}

/* Write the deferred records of stalled transactions, oldest first. */
static void stall_records_flush(struct smmuv3_model *m)
{
	unsigned int i, n;

	for (n = 0; n < STALL_ENTRIES; n++) {
		struct stall *st;

		i = (m->stall_next + n) % STALL_ENTRIES;
		st = &m->stalls[i];
		if (!st->valid || !st->pending || !st->rec_pending)
			continue;
		if (evt_produce_ex(m, st->rec, true) != 0)
			return;
		st->rec_pending = false;
	}
}

/* ---- caches --------------------------------------------------------- */

/*
 * The slot for a new entry of a cache whose entries start with their
 * "valid" flag (@base, @stride bytes apart). On-use caching: round robin
 * over the first @lazy slots, as before. Eager caching: a free slot if
 * any, else a new one up to @max, else round robin (an eviction, which
 * could hide a stale entry: counted and reported by the audit).
 */
static unsigned int slot_pick(struct smmuv3_model *m, const void *base,
			      size_t stride, unsigned int *next,
			      unsigned int *hw, unsigned int lazy,
			      unsigned int max, unsigned int *nfree)
{
	unsigned int i, n;

	if (!m->eager) {
		i = *next % lazy;
		*next = (i + 1u) % lazy;
		if (i >= *hw)
			*hw = i + 1u;
		return i;
	}
	/* @nfree (when kept) counts entries dropped: none, no scan. */
	for (n = 0; (!nfree || *nfree) && n < *hw; n++) {
		i = (*next + n) % *hw;
		if (!*(const bool *)((const char *)base + (size_t)i * stride)) {
			*next = i + 1u;
			if (nfree)
				(*nfree)--;
			return i;
		}
	}
	if (nfree)
		*nfree = 0;
	if (*hw < max)
		return (*hw)++;
	i = *next % max;
	*next = (i + 1u) % max;
	m->evictions++;
	return i;
}

static struct ste_entry *ste_lookup(struct smmuv3_model *m, uint32_t sid)
{
	unsigned int i;

	unsigned int h = m->ste_hint[sid % SID_HINTS];

	if (h && h <= m->ste_hw && m->stec[h - 1u].valid &&
	    m->stec[h - 1u].sid == sid)
		return &m->stec[h - 1u];
	for (i = 0; i < m->ste_hw; i++)
		if (m->stec[i].valid && m->stec[i].sid == sid) {
			m->ste_hint[sid % SID_HINTS] = (uint16_t)(i + 1u);
			return &m->stec[i];
		}
	return NULL;
}

static struct cd_entry *cd_lookup(struct smmuv3_model *m, uint32_t sid,
				  uint32_t index, bool ssv)
{
	unsigned int i, k = (sid * 31u + index) % SID_HINTS;
	unsigned int h = m->cd_hint[k];
	struct cd_entry *c;

	if (h && h <= m->cd_hw) {
		c = &m->cdc[h - 1u];
		if (c->valid && c->sid == sid && c->index == index &&
		    c->ssv == ssv)
			return c;
	}
	for (i = 0; i < m->cd_hw; i++) {
		c = &m->cdc[i];
		if (c->valid && c->sid == sid && c->index == index &&
		    c->ssv == ssv) {
			m->cd_hint[k] = (uint16_t)(i + 1u);
			return c;
		}
	}
	return NULL;
}

static void cfgi_sid_range(struct smmuv3_model *m, uint32_t first,
			   uint64_t count)
{
	unsigned int i;

	for (i = 0; i < m->ste_hw; i++)
		if (m->stec[i].valid && m->stec[i].sid >= first &&
		    m->stec[i].sid - first < count)
			m->stec[i].valid = false;
	/* 4.3.1/4.3.2: so do the CDs and L1CDs cached through them. */
	for (i = 0; i < m->cd_hw; i++)
		if (m->cdc[i].valid && m->cdc[i].sid >= first &&
		    m->cdc[i].sid - first < count)
			m->cdc[i].valid = false;
	for (i = 0; i < L1CD_CACHE_ENTRIES; i++)
		if (m->l1cdc[i].valid && m->l1cdc[i].sid >= first &&
		    m->l1cdc[i].sid - first < count)
			m->l1cdc[i].valid = false;
}

/*
 * CFGI_CD (4.3.3): the CD of (@sid, @ssid), and with Leaf = 0 also the
 * L1CD that points at it (the model drops every cached L1CD of @sid, an
 * allowed over-invalidation: it does not know the split here).
 * CFGI_CD_ALL (@all): every CD and L1CD of @sid.
 */
static void cfgi_cd(struct smmuv3_model *m, uint32_t sid, bool all,
		    uint32_t ssid, bool leaf)
{
	unsigned int i;

	for (i = 0; i < m->cd_hw; i++) {
		struct cd_entry *c = &m->cdc[i];

		if (c->valid && c->sid == sid && (all || c->index == ssid))
			c->valid = false;
	}
	if (leaf && !all)
		return;
	for (i = 0; i < L1CD_CACHE_ENTRIES; i++)
		if (m->l1cdc[i].valid && m->l1cdc[i].sid == sid)
			m->l1cdc[i].valid = false;
}

/* A TLB invalidation, decoded. */
struct tlbi {
	bool el2; /* EL2 entries (else non-EL2) */
	bool match_vmid;
	uint16_t vmid;
	bool match_asid;     /* non-global entries of this ASID only */
	bool asid_or_global; /* VA forms: this ASID or global */
	uint16_t asid;
	uint8_t stages_mask; /* entries with any of these stages */
	bool s2_only;	     /* S2_IPA: stage-2-only entries */
	bool by_addr;
	uint64_t addr, last; /* inclusive range */
	uint8_t ttl;	     /* 0: any level */
	uint8_t granule;     /* TG != 0: log2 of its granule, else 0 */
};

static bool tlbi_hits(const struct tlbi *t, const struct tlb_entry *e)
{
	uint64_t e_last;

	if (!e->valid)
		return false;
	if (e->el2 != t->el2)
		return false;
	if (!(e->stages & t->stages_mask))
		return false;
	if (t->s2_only && e->stages != STAGE_S2)
		return false;
	if (t->match_vmid && e->vmid != t->vmid)
		return false;
	if (t->match_asid && (e->global || e->asid != t->asid))
		return false;
	if (t->asid_or_global && !e->global && e->asid != t->asid)
		return false;
	if (t->by_addr) {
		e_last = e->va + ((1ull << e->size_log2) - 1u);
		if (e->va > t->last || e_last < t->addr)
			return false;
		if (t->ttl && e->level != t->ttl)
			return false;
		/* 4.4.1.1: TG != 0 need only drop entries of that granule. */
		if (t->granule && e->granule && e->granule != t->granule)
			return false;
	}
	return true;
}

static void tlb_invalidate(struct smmuv3_model *m, const struct tlbi *t)
{
	unsigned int i;

	for (i = 0; i < m->tlb_hw; i++)
		if (tlbi_hits(t, &m->tlb[i])) {
			m->tlb[i].valid = false;
			m->tlb_nfree++;
		}
}

static struct tlb_entry *tlb_find(struct smmuv3_model *m, uint64_t va,
				  unsigned int stages, bool el2, uint16_t asid,
				  uint16_t vmid)
{
	unsigned int i;

	for (i = 0; i < m->tlb_hw; i++) {
		struct tlb_entry *e = &m->tlb[i];

		if (!e->valid || e->stages != stages || e->el2 != el2 ||
		    e->vmid != vmid)
			continue;
		if ((stages & STAGE_S1) && !e->global && e->asid != asid)
			continue;
		if (((va ^ e->va) >> e->size_log2) != 0 && e->size_log2 < 64)
			continue;
		return e;
	}
	return NULL;
}

/* Slot of the TLB index for an entry with these tags. */
static unsigned int tlb_hash_of(uint64_t va, unsigned int stages, bool el2,
				uint16_t asid, uint16_t vmid, bool priv)
{
	uint64_t h = (va >> 12) * 0x9e3779b97f4a7c15ull;

	h ^= (((uint64_t)asid << 32) | ((uint64_t)vmid << 16) |
	      ((uint64_t)stages << 2) | ((uint64_t)el2 << 1) | (uint64_t)priv) *
	     0xc2b2ae3d27d4eb4full;
	return (unsigned int)(h >> 40) & (TLB_HASH - 1u);
}

static void tlb_hash_put(struct smmuv3_model *m, unsigned int idx)
{
	const struct tlb_entry *e = &m->tlb[idx];
	unsigned int i = tlb_hash_of(e->va, e->stages, e->el2, e->asid, e->vmid,
				     (e->fill_acc & MDL_ACC_PRIV) != 0);

	while (m->tlb_hash[i])
		i = (i + 1u) & (TLB_HASH - 1u);
	m->tlb_hash[i] = idx + 1u;
	m->tlb_hash_used++;
}

/* Slots of dropped or replaced entries accumulate: start again. */
static void tlb_hash_rebuild(struct smmuv3_model *m)
{
	unsigned int i;

	memset(m->tlb_hash, 0, sizeof(m->tlb_hash));
	m->tlb_hash_used = 0;
	for (i = 0; i < m->tlb_hw; i++)
		if (m->tlb[i].valid)
			tlb_hash_put(m, i);
}

/* The entry at exactly @va (its base) with these tags, if any. */
static struct tlb_entry *tlb_hash_find(struct smmuv3_model *m, uint64_t va,
				       unsigned int stages, bool el2,
				       uint16_t asid, uint16_t vmid, bool priv)
{
	unsigned int i = tlb_hash_of(va, stages, el2, asid, vmid, priv);

	for (; m->tlb_hash[i]; i = (i + 1u) & (TLB_HASH - 1u)) {
		struct tlb_entry *e = &m->tlb[m->tlb_hash[i] - 1u];

		if (e->valid && e->va == va && e->stages == stages &&
		    e->el2 == el2 && e->asid == asid && e->vmid == vmid &&
		    ((e->fill_acc & MDL_ACC_PRIV) != 0) == priv)
			return e;
	}
	return NULL;
}

static void tlb_add(struct smmuv3_model *m, uint64_t va, unsigned int stages,
		    bool el2, uint16_t asid, uint16_t vmid,
		    const struct mdl_xlate *x, unsigned int fill_acc,
		    uint8_t granule)
{
	struct tlb_entry *e;
	unsigned int idx;
	uint64_t mask;

	if (x->size_log2 >= 64 || x->size_log2 < 12)
		return;
	idx = slot_pick(m, m->tlb, sizeof(m->tlb[0]), &m->tlb_next, &m->tlb_hw,
			TLB_ENTRIES, TLB_MAX, &m->tlb_nfree);
	e = &m->tlb[idx];
	mask = (1ull << x->size_log2) - 1u;
	memset(e, 0, sizeof(*e));
	e->valid = true;
	e->stages = (uint8_t)stages;
	e->el2 = el2;
	e->global = (stages & STAGE_S1) ? x->global : false;
	e->asid = (stages & STAGE_S1) ? asid : 0;
	e->vmid = vmid;
	e->va = va & ~mask;
	e->pa = x->pa - (va & mask);
	e->size_log2 = x->size_log2;
	e->level = (stages & STAGE_S1) ? x->s1_level : x->s2_level;
	e->fill_acc = fill_acc;
	e->granule = granule;
	e->x = *x;
	if (m->tlb_hash_used >= TLB_HASH / 2u)
		tlb_hash_rebuild(m);
	else
		tlb_hash_put(m, idx);
}

/* ---- command consumer (IHI 0070 chapter 4) -------------------------- */

static bool sid_ok(const struct smmuv3_model *m, uint64_t sid)
{
	unsigned int bits = SMMUV3_FIELD_GET(SMMUV3_IDR1_SIDSIZE, m->idr[1]);

	return bits >= 32 || sid < (1ull << bits);
}

static bool ssid_ok(const struct smmuv3_model *m, uint64_t ssid)
{
	unsigned int bits = SMMUV3_FIELD_GET(SMMUV3_IDR1_SSIDSIZE, m->idr[1]);

	return ssid < (1ull << bits);
}

static bool asid_ok(const struct smmuv3_model *m, uint64_t asid)
{
	return (m->idr[0] & SMMUV3_IDR0_ASID16) || asid < 256u;
}

static bool vmid_ok(const struct smmuv3_model *m, uint64_t vmid)
{
	return (m->idr[0] & SMMUV3_IDR0_VMID16) || vmid < 256u;
}

/*
 * The address part of a TLBI (4.4.1): TG == 0 names one address (entries
 * containing it); otherwise a range of (NUM + 1) * 2^SCALE granules from
 * the address (IHI 0070 4.4.1.1 "Range = ((NUM+1) x 2^SCALE) x
 * Translation_Granule_Size"; note this is not the CPU's TLBI RVA formula,
 * (NUM+1) x 2^(5 x SCALE + 1)), TTL naming the leaf level (0: any).
 * Returns a CERROR code.
 */
static unsigned int tlbi_range(const struct smmuv3_model *m, uint64_t dw0,
			       uint64_t dw1, uint64_t addr, struct tlbi *t)
{
	unsigned int tg = (unsigned int)SMMUV3_FIELD_GET(C1_TG, dw1);
	unsigned int ttl = (unsigned int)SMMUV3_FIELD_GET(C1_TTL, dw1);
	unsigned int num = (unsigned int)SMMUV3_FIELD_GET(C0_NUM, dw0);
	bool ds = (m->idr[5] & SMMUV3_IDR5_DS) != 0;
	/* 4.4.1.1: SCALE is [24:20], or [25:20] with IDR5.DS (values above
	 * 39 then treated as 39). */
	unsigned int scale = (unsigned int)SMMUV3_FIELD_GET(
		ds ? C0_SCALE_DS : C0_SCALE, dw0);
	unsigned int shift;

	/* NUM/SCALE exist only with range invalidation (IDR3.RIL). */
	if ((num || scale) && !(m->idr[3] & SMMUV3_IDR3_RIL))
		return SMMUV3_CERROR_ILL;
	t->by_addr = true;
	t->addr = addr;
	if (tg == 0) {
		/* TTL/NUM/SCALE are only meaningful with a granule. */
		if (ttl || num || scale)
			return SMMUV3_CERROR_ILL;
		t->last = addr;
		return SMMUV3_CERROR_NONE;
	}
	if (scale > 39u)
		scale = 39u;
	/* 4.4.1.1: TG = 16KB with TTL = 1 is Reserved without IDR5.DS and
	 * treated as TTL = 0 (so CERROR_ILL only through the next rule). */
	if (tg == 2 && ttl == 1 && !ds)
		ttl = 0;
	/* TG != 0 with NUM = SCALE = TTL = 0 is Reserved: CERROR_ILL. */
	if (!num && !scale && !ttl)
		return SMMUV3_CERROR_ILL;
	t->ttl = (uint8_t)ttl;
	/* TG 1: 4KB (12), 2: 16KB (14), 3: 64KB (16). */
	t->granule = (uint8_t)(10u + 2u * tg);
	shift = 10u + 2u * tg + scale;
	if (!num && !scale) {
		/* Non-range with a TTL hint: the entries containing addr. */
		t->last = addr;
		return SMMUV3_CERROR_NONE;
	}
	if (shift + 5u >= 64u ||
	    ((uint64_t)(num + 1u) << shift) - 1u > UINT64_MAX - addr)
		t->last = UINT64_MAX;
	else
		t->last = addr + (((uint64_t)(num + 1u) << shift) - 1u);
	return SMMUV3_CERROR_NONE;
}

static void eager_fill(struct smmuv3_model *m);

static unsigned int exec_sync(struct smmuv3_model *m, uint64_t dw0,
			      uint64_t dw1)
{
	unsigned int cs = (unsigned int)SMMUV3_FIELD_GET(C0_SYNC_CS, dw0);
	uint64_t addr = dw1 & C1_SYNC_MSIADDR;

	if (cs == 3u)
		return SMMUV3_CERROR_ILL;
	if (m->atc_inv_pending &&
	    m->fault_on[SMMUV3_MODEL_FAULT_ATC_INV_SYNC]) {
		/* 4.7.3/7.1: an ATC invalidation timed out. CONS stays on the
		 * CMD_SYNC; the fault fires once. */
		m->fault_on[SMMUV3_MODEL_FAULT_ATC_INV_SYNC] = false;
		return SMMUV3_CERROR_ATC_INV_SYNC;
	}
	m->atc_inv_pending = false;
	m->ctr.syncs++;
	/* The invalidations before it are complete; the SMMU may refill. */
	eager_fill(m);
	if (cs == 1u) {
		if ((m->idr[0] & SMMUV3_IDR0_MSI) && addr != 0) {
			/* 4.7.3: a 32-bit MSI write of MSIData to MSIAddr. */
			volatile uint8_t *b = dma_va(m, addr, 4);

			if (b) {
				st_le(b, SMMUV3_FIELD_GET(C0_SYNC_MSIDATA, dw0),
				      4);
				m->ctr.msi_writes++;
			} else {
				gerror_raise(m, SMMUV3_GERROR_MSI_CMDQ_ABT_ERR);
			}
		} else {
			m->ctr.sync_irqs++;
		}
	} else if (cs == 2u && (m->idr[0] & SMMUV3_IDR0_SEV)) {
		m->ctr.sevs++;
	}
	return SMMUV3_CERROR_NONE;
}

static void access_locked(struct smmuv3_model *m, uint32_t sid, bool ssv,
			  uint32_t ssid, uint64_t iova, unsigned int acc,
			  struct smmuv3_model_result *res);

/*
 * RESUME (4.7.2): the stalled transaction (@sid, @stag) is retried
 * (Action 1) or terminated (0 Terminate, 2 Abort: both end it without a
 * further event here). A RESUME matching nothing is ignored.
 */
static void resume(struct smmuv3_model *m, uint32_t sid, uint16_t stag,
		   bool retry)
{
	unsigned int i;

	for (i = 0; i < STALL_ENTRIES; i++) {
		struct stall *st = &m->stalls[i];

		if (!st->valid || !st->pending || st->sid != sid ||
		    st->stag != stag)
			continue;
		st->pending = false;
		m->ctr.resumes++;
		memset(&st->res, 0, sizeof(st->res));
		if (retry)
			access_locked(m, st->sid, st->ssv, st->ssid, st->iova,
				      st->acc, &st->res);
		else
			st->res.outcome = SMMUV3_MODEL_XLATE_ABORT;
		return;
	}
	m->ctr.resumes_unmatched++;
}

/*
 * ATC_INV (4.5.1): the endpoint drops the translations of @sid (of
 * substream @ssid only with @ssv; of every substream and of the
 * substream-less traffic without) overlapping 4KB * 2^@size at @addr
 * aligned down to that span; @size 52 or more means everything.
 */
static void atc_inv(struct smmuv3_model *m, uint32_t sid, bool ssv,
		    uint32_t ssid, uint64_t addr, unsigned int size)
{
	uint64_t first = 0, last = UINT64_MAX;
	unsigned int i;

	if (size + 12u < 64u && size < 52u) {
		uint64_t span = 1ull << (size + 12u);

		first = addr & ~(span - 1u);
		last = first + (span - 1u);
	}
	for (i = 0; i < ATC_ENTRIES; i++) {
		struct atc_entry *e = &m->atc[i];
		uint64_t e_last;

		if (!e->valid || e->sid != sid)
			continue;
		if (ssv && (!e->ssv || e->ssid != ssid))
			continue;
		e_last = e->va + ((1ull << e->size_log2) - 1u);
		if (e->va > last || e_last < first)
			continue;
		e->valid = false;
	}
}

/*
 * PRI_RESP (4.6.1): the response to the page request group (@sid, @ssv,
 * @ssid, @grpid) goes to the endpoint; the group is no longer
 * outstanding. A response for no outstanding group is counted.
 */
static void prg_respond(struct smmuv3_model *m, uint32_t sid, bool ssv,
			uint32_t ssid, uint16_t grpid)
{
	unsigned int i;

	for (i = 0; i < PRG_ENTRIES; i++) {
		struct prg *g = &m->prgs[i];

		if (g->valid && g->sid == sid && g->grpid == grpid &&
		    g->ssv == ssv && (!ssv || g->ssid == ssid)) {
			g->valid = false;
			m->ctr.pri_resps++;
			return;
		}
	}
	m->ctr.pri_resps_unmatched++;
}

/* STALL_TERM (4.7.3): terminate every stalled transaction of @sid. */
static void stall_term(struct smmuv3_model *m, uint32_t sid)
{
	unsigned int i;

	for (i = 0; i < STALL_ENTRIES; i++) {
		struct stall *st = &m->stalls[i];

		if (st->valid && st->pending && st->sid == sid) {
			st->pending = false;
			memset(&st->res, 0, sizeof(st->res));
			st->res.outcome = SMMUV3_MODEL_XLATE_ABORT;
		}
	}
}

/*
 * 4.1.7: an out-of-range StreamID or SubstreamID (beyond IDR1.SIDSIZE /
 * SSIDSIZE) is CONSTRAINED UNPREDICTABLE: the command has no effect or
 * acts on an UNKNOWN value; 4.4: ASID/VMID[15:8] set without ASID16 /
 * VMID16 need not affect any entry. The model takes "no effect" and flags
 * the misuse as a violation; it is not a CERROR_ILL.
 */
static unsigned int out_of_range(struct smmuv3_model *m, const char *what,
				 uint64_t v)
{
	violation(m, what, v);
	return SMMUV3_CERROR_NONE;
}

static unsigned int exec_cmd(struct smmuv3_model *m, uint64_t dw0, uint64_t dw1)
{
	unsigned int op = (unsigned int)(dw0 & C0_OP);
	uint64_t sid = SMMUV3_FIELD_GET(C0_SID, dw0);
	uint64_t ssid = SMMUV3_FIELD_GET(C0_SSID, dw0);
	uint64_t asid = SMMUV3_FIELD_GET(C0_ASID, dw0);
	uint64_t vmid = SMMUV3_FIELD_GET(C0_VMID, dw0);
	bool hyp = (m->idr[0] & SMMUV3_IDR0_HYP) != 0;
	bool s1 = (m->idr[0] & SMMUV3_IDR0_S1P) != 0;
	bool s2 = (m->idr[0] & SMMUV3_IDR0_S2P) != 0;
	struct tlbi t;
	unsigned int err;

	memset(&t, 0, sizeof(t));
	switch (op) {
	case OP_PREFETCH_CONFIG:
	case OP_PREFETCH_ADDR:
		/* 4.2: hints; the model does not prefetch. */
		if (dw0 & C0_SSEC)
			return SMMUV3_CERROR_ILL;
		if (!sid_ok(m, sid) || ((dw0 & C0_SSV) && !ssid_ok(m, ssid)))
			return out_of_range(m, "PREFETCH SID/SSID", dw0);
		return SMMUV3_CERROR_NONE;
	case OP_CFGI_STE:
		if (dw0 & C0_SSEC)
			return SMMUV3_CERROR_ILL;
		if (!sid_ok(m, sid))
			return out_of_range(m, "CFGI_STE SID", sid);
		cfgi_sid_range(m, (uint32_t)sid, 1);
		return SMMUV3_CERROR_NONE;
	case OP_CFGI_STE_RANGE: {
		unsigned int range = (unsigned int)(dw1 & C1_RANGE);

		/* 4.3.2: 2^(Range + 1) STEs from SID aligned down; 31 = all. */
		if (dw0 & C0_SSEC)
			return SMMUV3_CERROR_ILL;
		if (range == 31u) {
			cfgi_sid_range(m, 0, 1ull << 32);
			return SMMUV3_CERROR_NONE;
		}
		if (!sid_ok(m, sid))
			return out_of_range(m, "CFGI_STE_RANGE SID", sid);
		cfgi_sid_range(m, (uint32_t)(sid & ~((2ull << range) - 1u)),
			       2ull << range);
		return SMMUV3_CERROR_NONE;
	}
	case OP_CFGI_CD:
		/* 4.3.3/4.3.4: CERROR_ILL when stage 1 is not implemented. */
		if (!s1 || (dw0 & C0_SSEC))
			return SMMUV3_CERROR_ILL;
		if (!sid_ok(m, sid) || !ssid_ok(m, ssid))
			return out_of_range(m, "CFGI_CD SID/SSID", dw0);
		cfgi_cd(m, (uint32_t)sid, false, (uint32_t)ssid,
			(dw1 & C1_LEAF) != 0);
		return SMMUV3_CERROR_NONE;
	case OP_CFGI_CD_ALL:
		if (!s1 || (dw0 & C0_SSEC))
			return SMMUV3_CERROR_ILL;
		if (!sid_ok(m, sid))
			return out_of_range(m, "CFGI_CD_ALL SID", sid);
		cfgi_cd(m, (uint32_t)sid, true, 0, false);
		return SMMUV3_CERROR_NONE;
	case OP_TLBI_NH_ALL:
	case OP_TLBI_NH_ASID:
	case OP_TLBI_NH_VA:
	case OP_TLBI_NH_VAA:
		/* 4.4.2-5: stage-1 entries of the non-EL2 regime, by VMID;
		 * CERROR_ILL on a stage-2-only SMMU (4.4.2). */
		if (!s1)
			return SMMUV3_CERROR_ILL;
		/* CERROR_ILL first (4.1.3), then the out-of-range checks. */
		if (op == OP_TLBI_NH_VA || op == OP_TLBI_NH_VAA) {
			err = tlbi_range(m, dw0, dw1, dw1 & C1_VA, &t);
			if (err)
				return err;
		}
		if (!vmid_ok(m, vmid))
			return out_of_range(m, "TLBI VMID[15:8] without VMID16",
					    vmid);
		t.match_vmid = true;
		t.vmid = (uint16_t)vmid;
		t.stages_mask = STAGE_S1;
		if (op == OP_TLBI_NH_ASID || op == OP_TLBI_NH_VA) {
			if (!asid_ok(m, asid))
				return out_of_range(
					m, "TLBI ASID[15:8] without ASID16",
					asid);
			t.asid = (uint16_t)asid;
			t.match_asid = op == OP_TLBI_NH_ASID;
			t.asid_or_global = op == OP_TLBI_NH_VA;
		}
		tlb_invalidate(m, &t);
		return SMMUV3_CERROR_NONE;
	case OP_TLBI_EL2_ALL:
	case OP_TLBI_EL2_ASID:
	case OP_TLBI_EL2_VA:
	case OP_TLBI_EL2_VAA:
		/* 4.4.6-9: only with hypervisor support (IDR0.HYP). */
		if (!hyp || !s1)
			return SMMUV3_CERROR_ILL;
		/* CERROR_ILL first (4.1.3), then the out-of-range checks. */
		if (op == OP_TLBI_EL2_VA || op == OP_TLBI_EL2_VAA) {
			err = tlbi_range(m, dw0, dw1, dw1 & C1_VA, &t);
			if (err)
				return err;
		}
		t.el2 = true;
		t.stages_mask = STAGE_S1;
		if (op == OP_TLBI_EL2_ASID || op == OP_TLBI_EL2_VA) {
			if (!asid_ok(m, asid))
				return out_of_range(
					m, "TLBI ASID[15:8] without ASID16",
					asid);
			t.asid = (uint16_t)asid;
			t.match_asid = op == OP_TLBI_EL2_ASID;
			t.asid_or_global = op == OP_TLBI_EL2_VA;
		}
		tlb_invalidate(m, &t);
		return SMMUV3_CERROR_NONE;
	case OP_TLBI_S12_VMALL:
		/* 4.4.3.2: CERROR_ILL without stage 2. */
		if (!s2)
			return SMMUV3_CERROR_ILL;
		if (!vmid_ok(m, vmid))
			return out_of_range(m, "TLBI VMID[15:8] without VMID16",
					    vmid);
		t.match_vmid = true;
		t.vmid = (uint16_t)vmid;
		t.stages_mask = STAGE_S1 | STAGE_S2;
		tlb_invalidate(m, &t);
		return SMMUV3_CERROR_NONE;
	case OP_TLBI_S2_IPA:
		/* 4.4.11: stage-2-only entries by IPA; combined S1+S2 entries
		 * need TLBI_S12_VMALL or an NH form. CERROR_ILL without
		 * stage 2 (4.4.3.1). */
		if (!s2)
			return SMMUV3_CERROR_ILL;
		t.match_vmid = true;
		t.vmid = (uint16_t)vmid;
		t.stages_mask = STAGE_S2;
		t.s2_only = true;
		err = tlbi_range(m, dw0, dw1, dw1 & C1_IPA, &t);
		if (err)
			return err;
		if (!vmid_ok(m, vmid))
			return out_of_range(m, "TLBI VMID[15:8] without VMID16",
					    vmid);
		tlb_invalidate(m, &t);
		return SMMUV3_CERROR_NONE;
	case OP_TLBI_NSNH_ALL:
		t.stages_mask = STAGE_S1 | STAGE_S2;
		tlb_invalidate(m, &t);
		return SMMUV3_CERROR_NONE;
	case OP_ATC_INV: {
		struct smmuv3_model_atc_inv *a;

		if (!sid_ok(m, sid) || ((dw0 & C0_SSV) && !ssid_ok(m, ssid)))
			return out_of_range(m, "ATC_INV SID/SSID", dw0);
		if (grow((void **)&m->atclog, &m->atclog_cap, m->atclog_n,
			 sizeof(*m->atclog))) {
			a = &m->atclog[m->atclog_n++];
			a->sid = (uint32_t)sid;
			a->ssid = (uint32_t)ssid;
			a->ssv = (dw0 & C0_SSV) != 0;
			a->global = (dw0 & C0_GLOBAL) != 0;
			a->addr = dw1 & C1_VA;
			a->size = (uint8_t)(dw1 & C1_ATC_SIZE);
		}
		atc_inv(m, (uint32_t)sid, (dw0 & C0_SSV) != 0, (uint32_t)ssid,
			dw1 & C1_VA, (unsigned int)(dw1 & C1_ATC_SIZE));
		m->atc_inv_pending = true;
		return SMMUV3_CERROR_NONE;
	}
	case OP_PRI_RESP:
		if (!(m->idr[0] & SMMUV3_IDR0_PRI) ||
		    SMMUV3_FIELD_GET(C1_PRI_RESP, dw1) == 3u)
			return SMMUV3_CERROR_ILL;
		if (!sid_ok(m, sid) || ((dw0 & C0_SSV) && !ssid_ok(m, ssid)))
			return out_of_range(m, "PRI_RESP SID/SSID", dw0);
		prg_respond(m, (uint32_t)sid, (dw0 & C0_SSV) != 0,
			    (uint32_t)ssid,
			    (uint16_t)SMMUV3_FIELD_GET(C1_PRI_GRPID, dw1));
		return SMMUV3_CERROR_NONE;
	case OP_RESUME:
		if (SMMUV3_FIELD_GET(C0_RESUME_ACTION, dw0) == 3u)
			return SMMUV3_CERROR_ILL;
		if (!sid_ok(m, sid))
			return out_of_range(m, "RESUME SID", sid);
		resume(m, (uint32_t)sid, (uint16_t)(dw1 & C1_STAG),
		       SMMUV3_FIELD_GET(C0_RESUME_ACTION, dw0) == 1u);
		return SMMUV3_CERROR_NONE;
	case OP_STALL_TERM:
		if (!sid_ok(m, sid))
			return out_of_range(m, "STALL_TERM SID", sid);
		stall_term(m, (uint32_t)sid);
		return SMMUV3_CERROR_NONE;
	case OP_CMD_SYNC:
		return exec_sync(m, dw0, dw1);
	default:
		/* 4.1.1: undefined opcodes are illegal. */
		return SMMUV3_CERROR_ILL;
	}
}

static void cmdq_error(struct smmuv3_model *m, unsigned int code)
{
	/* 7.1: CONS keeps the index of the faulting command. */
	m->cmdq.cons = (m->cmdq.cons & ~SMMUV3_CMDQ_CONS_ERR) |
		       SMMUV3_FIELD_PREP(SMMUV3_CMDQ_CONS_ERR, code);
	gerror_raise(m, SMMUV3_GERROR_CMDQ_ERR);
	m->ctr.cerrors++;
}

/* Consume up to @budget commands (0: all available). */
static void cmdq_consume(struct smmuv3_model *m, uint64_t budget)
{
	unsigned int l = q_log2(&m->cmdq, cmdqs(m));
	uint64_t done = 0;

	if (!(m->cr0ack & SMMUV3_CR0_CMDQEN) ||
	    m->fault_on[SMMUV3_MODEL_FAULT_CMDQ_STUCK] ||
	    gerror_active(m, SMMUV3_GERROR_CMDQ_ERR) || m->in_consume)
		return;
	m->in_consume = true;
	while (!q_empty(m->cmdq.prod, m->cmdq.cons, l)) {
		uint32_t idx = m->cmdq.cons & ((1u << l) - 1u);
		uint64_t pa = q_addr(&m->cmdq) + (uint64_t)idx * 16u;
		const volatile uint8_t *b;
		uint64_t dw0, dw1;
		unsigned int err;

		if (budget && done >= budget)
			break;
		b = dma_va(m, pa, 16);
		if (!b) {
			cmdq_error(m, SMMUV3_CERROR_ABT);
			break;
		}
		dw0 = ld_le64(b);
		dw1 = ld_le64(b + 8);
		if (m->fault_on[SMMUV3_MODEL_FAULT_CMD_ILL_AT] &&
		    m->fault_arg[SMMUV3_MODEL_FAULT_CMD_ILL_AT] == idx) {
			m->fault_on[SMMUV3_MODEL_FAULT_CMD_ILL_AT] = false;
			cmdq_error(m, SMMUV3_CERROR_ILL);
			break;
		}
		err = exec_cmd(m, dw0, dw1);
		if (err) {
			cmdq_error(m, err);
			break;
		}
		if (grow((void **)&m->cmdlog, &m->cmdlog_cap, m->cmdlog_n,
			 sizeof(*m->cmdlog))) {
			m->cmdlog[m->cmdlog_n].dw[0] = dw0;
			m->cmdlog[m->cmdlog_n].dw[1] = dw1;
			m->cmdlog[m->cmdlog_n].index =
				m->cmdq.cons & q_wrapmask(l);
			m->cmdlog_n++;
		}
		m->ctr.cmds++;
		m->ctr.by_opcode[dw0 & C0_OP]++;
		if (m->observer) {
			const uint64_t dw[2] = {dw0, dw1};

			m->observer(m->observer_ctx, m,
				    SMMUV3_MODEL_OBS_COMMAND, dw, 0);
		}
		m->cmdq.cons = (m->cmdq.cons & ~q_wrapmask(l)) |
			       q_next(m->cmdq.cons, l);
		done++;
	}
	m->in_consume = false;
}

/* A step: what happens on each MMIO access and delay. */
static void step(struct smmuv3_model *m)
{
	if (m->fault_on[SMMUV3_MODEL_FAULT_CMDQ_SLOW])
		cmdq_consume(m, m->fault_arg[SMMUV3_MODEL_FAULT_CMDQ_SLOW]);
	else
		cmdq_consume(m, 0);
}

/* ---- register file (IHI 0070 chapter 6) ----------------------------- */

static bool is_page1_reg(uint32_t o)
{
	return o == SMMUV3_EVTQ_PROD || o == SMMUV3_EVTQ_CONS ||
	       o == SMMUV3_PRIQ_PROD || o == SMMUV3_PRIQ_CONS;
}

static uint32_t lo32(uint64_t v)
{
	return (uint32_t)v;
}

static uint32_t hi32(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

/* 64-bit registers, by their offset in page 0. */
static uint64_t *reg64(struct smmuv3_model *m, uint32_t o)
{
	switch (o) {
	case SMMUV3_GERROR_IRQ_CFG0:
		return &m->irq_cfg0[0];
	case SMMUV3_EVTQ_IRQ_CFG0:
		return &m->irq_cfg0[1];
	case SMMUV3_PRIQ_IRQ_CFG0:
		return &m->irq_cfg0[2];
	case SMMUV3_STRTAB_BASE:
		return &m->strtab_base;
	case SMMUV3_CMDQ_BASE:
		return &m->cmdq.base;
	case SMMUV3_EVTQ_BASE:
		return &m->evtq.base;
	case SMMUV3_PRIQ_BASE:
		return &m->priq.base;
	default:
		return NULL;
	}
}

static uint32_t reg_read32(struct smmuv3_model *m, uint32_t off)
{
	uint32_t o = off & (SMMUV3_PAGE_SIZE - 1u);
	bool page1 = off >= SMMUV3_PAGE1;
	uint64_t *r64;

	if (off >= 2u * SMMUV3_PAGE_SIZE)
		return 0;
	if (page1 || (m->page0_only && is_page1_reg(o))) {
		if (page1 && m->page0_only)
			return 0; /* no page 1 on this part */
		switch (o) {
		case SMMUV3_EVTQ_PROD:
			return m->evtq.prod;
		case SMMUV3_EVTQ_CONS:
			return m->evtq.cons;
		case SMMUV3_PRIQ_PROD:
			return m->priq.prod;
		case SMMUV3_PRIQ_CONS:
			return m->priq.cons;
		default:
			return 0;
		}
	}
	r64 = reg64(m, o & ~7u);
	if (r64)
		return (o & 4u) ? hi32(*r64) : lo32(*r64);
	switch (o) {
	case SMMUV3_IDR0:
	case SMMUV3_IDR1:
	case SMMUV3_IDR2:
	case SMMUV3_IDR3:
	case SMMUV3_IDR4:
	case SMMUV3_IDR5:
		return m->idr[o / 4u];
	case SMMUV3_IIDR:
		return m->iidr;
	case SMMUV3_AIDR:
		return m->aidr;
	case SMMUV3_CR0:
		return m->cr0;
	case SMMUV3_CR0ACK:
		return m->cr0ack;
	case SMMUV3_CR1:
		return m->cr1;
	case SMMUV3_CR2:
		return m->cr2;
	case SMMUV3_GBPA:
		return m->gbpa;
	case SMMUV3_IRQ_CTRL:
		return m->irq_ctrl;
	case SMMUV3_IRQ_CTRLACK:
		return m->irq_ctrlack;
	case SMMUV3_GERROR:
		return m->gerror;
	case SMMUV3_GERRORN:
		return m->gerrorn;
	case SMMUV3_GERROR_IRQ_CFG1:
		return m->irq_cfg1[0];
	case SMMUV3_GERROR_IRQ_CFG2:
		return m->irq_cfg2[0];
	case SMMUV3_EVTQ_IRQ_CFG1:
		return m->irq_cfg1[1];
	case SMMUV3_EVTQ_IRQ_CFG2:
		return m->irq_cfg2[1];
	case SMMUV3_PRIQ_IRQ_CFG1:
		return m->irq_cfg1[2];
	case SMMUV3_PRIQ_IRQ_CFG2:
		return m->irq_cfg2[2];
	case SMMUV3_STRTAB_BASE_CFG:
		return m->strtab_base_cfg;
	case SMMUV3_CMDQ_PROD:
		return m->cmdq.prod;
	case SMMUV3_CMDQ_CONS:
		return m->cmdq.cons;
	default:
		return 0; /* STATUSR, AGBPA, reserved: RAZ */
	}
}

/* Index/wrap bits of a PROD/CONS register (20 bits: LOG2SIZE <= 19). */
#define Q_IDX_BITS SMMUV3_GENMASK32(19, 0)

static void write_q_base(struct smmuv3_model *m, uint64_t *base,
			 uint32_t en_bit, uint64_t v, const char *name)
{
	if ((m->cr0 | m->cr0ack) & en_bit) {
		violation(m, name, v);
		return;
	}
	*base = v & (SMMUV3_Q_BASE_RWA | SMMUV3_Q_BASE_ADDR |
		     SMMUV3_Q_BASE_LOG2SIZE);
}

static void write_reg64(struct smmuv3_model *m, uint32_t o, uint64_t v)
{
	switch (o) {
	case SMMUV3_GERROR_IRQ_CFG0:
	case SMMUV3_EVTQ_IRQ_CFG0:
	case SMMUV3_PRIQ_IRQ_CFG0:
		*reg64(m, o) = v & SMMUV3_IRQ_CFG0_ADDR;
		break;
	case SMMUV3_STRTAB_BASE:
		/* 6.3.23: only while SMMUEN (and its ACK) are 0. */
		if ((m->cr0 | m->cr0ack) & SMMUV3_CR0_SMMUEN) {
			violation(m, "STRTAB_BASE written while SMMUEN", v);
			break;
		}
		m->strtab_base =
			v & (SMMUV3_STRTAB_BASE_RA | SMMUV3_STRTAB_BASE_ADDR);
		break;
	case SMMUV3_CMDQ_BASE:
		write_q_base(m, &m->cmdq.base, SMMUV3_CR0_CMDQEN, v,
			     "CMDQ_BASE written while CMDQEN");
		break;
	case SMMUV3_EVTQ_BASE:
		write_q_base(m, &m->evtq.base, SMMUV3_CR0_EVTQEN, v,
			     "EVTQ_BASE written while EVTQEN");
		break;
	case SMMUV3_PRIQ_BASE:
		write_q_base(m, &m->priq.base, SMMUV3_CR0_PRIQEN, v,
			     "PRIQ_BASE written while PRIQEN");
		break;
	default:
		break;
	}
}

static void write_cr0(struct smmuv3_model *m, uint32_t v)
{
	uint32_t valid =
		SMMUV3_CR0_SMMUEN | SMMUV3_CR0_EVTQEN | SMMUV3_CR0_CMDQEN;

	if (m->idr[0] & SMMUV3_IDR0_PRI)
		valid |= SMMUV3_CR0_PRIQEN;
	if (m->idr[0] & SMMUV3_IDR0_ATS)
		valid |= SMMUV3_CR0_ATSCHK;
	if (m->idr[0] & SMMUV3_IDR0_VMW)
		valid |= SMMUV3_CR0_VMW;
	m->cr0 = v & valid;
	/* 6.3.9: CR0ACK follows once the change has taken effect. */
	if (!m->fault_on[SMMUV3_MODEL_FAULT_CR0ACK_NEVER])
		m->cr0ack = m->cr0;
}

static void write_gerrorn(struct smmuv3_model *m, uint32_t v)
{
	uint32_t active = m->gerror ^ m->gerrorn;

	v &= SMMUV3_GERROR_ERR_MASK;
	/* 6.3.19: toggling a bit whose error is not active is misuse. */
	if ((v ^ m->gerrorn) & ~active)
		violation(m, "GERRORN toggles an inactive error", v);
	m->gerrorn = v;
}

static void write_page1(struct smmuv3_model *m, uint32_t o, uint32_t v)
{
	switch (o) {
	case SMMUV3_EVTQ_PROD:
		/* Software initialises PROD only while the queue is off. */
		if ((m->cr0 | m->cr0ack) & SMMUV3_CR0_EVTQEN)
			violation(m, "EVTQ_PROD written while EVTQEN", v);
		else
			m->evtq.prod = v & (Q_IDX_BITS | SMMUV3_Q_OVF);
		break;
	case SMMUV3_EVTQ_CONS:
		m->evtq.cons = v & (Q_IDX_BITS | SMMUV3_Q_OVF);
		/* 7.4: deferred stall records go in once there is room. */
		stall_records_flush(m);
		break;
	case SMMUV3_PRIQ_PROD:
		if ((m->cr0 | m->cr0ack) & SMMUV3_CR0_PRIQEN)
			violation(m, "PRIQ_PROD written while PRIQEN", v);
		else
			m->priq.prod = v & (Q_IDX_BITS | SMMUV3_Q_OVF);
		break;
	case SMMUV3_PRIQ_CONS:
		m->priq.cons = v & (Q_IDX_BITS | SMMUV3_Q_OVF);
		break;
	default:
		break;
	}
}

static void reg_write32(struct smmuv3_model *m, uint32_t off, uint32_t v)
{
	uint32_t o = off & (SMMUV3_PAGE_SIZE - 1u);
	bool page1 = off >= SMMUV3_PAGE1;
	uint64_t *r64;

	if (off >= 2u * SMMUV3_PAGE_SIZE)
		return;
	if (page1 || (m->page0_only && is_page1_reg(o))) {
		if (!(page1 && m->page0_only))
			write_page1(m, o, v);
		return;
	}
	r64 = reg64(m, o & ~7u);
	if (r64) {
		uint64_t nv =
			(o & 4u)
				? ((*r64 & 0xffffffffull) | ((uint64_t)v << 32))
				: ((*r64 & ~0xffffffffull) | v);

		write_reg64(m, o & ~7u, nv);
		return;
	}
	switch (o) {
	case SMMUV3_CR0:
		write_cr0(m, v);
		break;
	case SMMUV3_CR1:
		m->cr1 = v & SMMUV3_GENMASK32(11, 0);
		break;
	case SMMUV3_CR2:
		m->cr2 = v & (SMMUV3_CR2_RECINVSID | SMMUV3_CR2_PTM |
			      ((m->idr[0] & SMMUV3_IDR0_HYP) ? SMMUV3_CR2_E2H
							     : 0u));
		/* 6.3.12: E2H changes how STRW == EL2 streams translate. */
		m->params.e2h = (m->cr2 & SMMUV3_CR2_E2H) != 0;
		break;
	case SMMUV3_GBPA:
		/* 6.3.14: a write takes effect only with UPDATE set; UPDATE
		 * reads 1 until it has. */
		if (!(v & SMMUV3_GBPA_UPDATE)) {
			violation(m, "GBPA written without UPDATE", v);
			break;
		}
		if (m->fault_on[SMMUV3_MODEL_FAULT_GBPA_NEVER]) {
			m->gbpa |= SMMUV3_GBPA_UPDATE;
			break;
		}
		m->gbpa = v & (SMMUV3_GBPA_MEMATTR | SMMUV3_GBPA_MTCFG |
			       SMMUV3_GBPA_ALLOCCFG | SMMUV3_GBPA_SHCFG |
			       SMMUV3_GBPA_PRIVCFG | SMMUV3_GBPA_INSTCFG |
			       SMMUV3_GBPA_ABORT);
		break;
	case SMMUV3_IRQ_CTRL:
		m->irq_ctrl = v & (SMMUV3_IRQ_CTRL_GERROR_IRQEN |
				   SMMUV3_IRQ_CTRL_EVTQ_IRQEN |
				   ((m->idr[0] & SMMUV3_IDR0_PRI)
					    ? SMMUV3_IRQ_CTRL_PRIQ_IRQEN
					    : 0u));
		if (!m->fault_on[SMMUV3_MODEL_FAULT_IRQ_ACK_NEVER])
			m->irq_ctrlack = m->irq_ctrl;
		break;
	case SMMUV3_GERRORN:
		write_gerrorn(m, v);
		break;
	case SMMUV3_GERROR_IRQ_CFG1:
		m->irq_cfg1[0] = v;
		break;
	case SMMUV3_GERROR_IRQ_CFG2:
		m->irq_cfg2[0] = v & SMMUV3_GENMASK32(5, 0);
		break;
	case SMMUV3_EVTQ_IRQ_CFG1:
		m->irq_cfg1[1] = v;
		break;
	case SMMUV3_EVTQ_IRQ_CFG2:
		m->irq_cfg2[1] = v & SMMUV3_GENMASK32(5, 0);
		break;
	case SMMUV3_PRIQ_IRQ_CFG1:
		m->irq_cfg1[2] = v;
		break;
	case SMMUV3_PRIQ_IRQ_CFG2:
		m->irq_cfg2[2] = v & SMMUV3_GENMASK32(5, 0);
		break;
	case SMMUV3_STRTAB_BASE_CFG:
		if ((m->cr0 | m->cr0ack) & SMMUV3_CR0_SMMUEN) {
			violation(m, "STRTAB_BASE_CFG written while SMMUEN", v);
			break;
		}
		m->strtab_base_cfg = v & (SMMUV3_STRTAB_BASE_CFG_LOG2SIZE |
					  SMMUV3_STRTAB_BASE_CFG_SPLIT |
					  SMMUV3_STRTAB_BASE_CFG_FMT);
		break;
	case SMMUV3_CMDQ_PROD:
		m->cmdq.prod = v & Q_IDX_BITS;
		break;
	case SMMUV3_CMDQ_CONS:
		/* 6.3.27: software may set CONS only while the queue is off. */
		if ((m->cr0 | m->cr0ack) & SMMUV3_CR0_CMDQEN)
			violation(m, "CMDQ_CONS written while CMDQEN", v);
		else
			m->cmdq.cons = v & (Q_IDX_BITS | SMMUV3_CMDQ_CONS_ERR);
		break;
	default:
		break; /* RO and reserved registers: writes ignored */
	}
}

/* ---- mock device callbacks ------------------------------------------ */

static uint32_t dev_read32(void *ctx, uint32_t off)
{
	struct smmuv3_model *m = ctx;
	uint32_t v;

	pthread_mutex_lock(&m->lock);
	step(m);
	v = reg_read32(m, off);
	if (m->fault_on[SMMUV3_MODEL_FAULT_QPROD_CORRUPT] &&
	    (off >= SMMUV3_PAGE1 || m->page0_only) &&
	    ((off & (SMMUV3_PAGE_SIZE - 1u)) == SMMUV3_EVTQ_PROD ||
	     (off & (SMMUV3_PAGE_SIZE - 1u)) == SMMUV3_PRIQ_PROD) &&
	    --m->fault_arg[SMMUV3_MODEL_FAULT_QPROD_CORRUPT] == 0) {
		m->fault_on[SMMUV3_MODEL_FAULT_QPROD_CORRUPT] = false;
		v = 0xffffffffu;
	}
	log_add(m, SMMUV3_MODEL_LOG_READ32, off, v);
	pthread_mutex_unlock(&m->lock);
	return v;
}

static void dev_write32(void *ctx, uint32_t off, uint32_t v)
{
	struct smmuv3_model *m = ctx;

	pthread_mutex_lock(&m->lock);
	log_add(m, SMMUV3_MODEL_LOG_WRITE32, off, v);
	reg_write32(m, off, v);
	step(m);
	pthread_mutex_unlock(&m->lock);
}

static uint64_t read64_locked(struct smmuv3_model *m, uint32_t off)
{
	/* A 64-bit access to a 64-bit register, or to two 32-bit ones. */
	return (uint64_t)reg_read32(m, off) |
	       ((uint64_t)reg_read32(m, off + 4u) << 32);
}

static uint64_t dev_read64(void *ctx, uint32_t off)
{
	struct smmuv3_model *m = ctx;
	uint64_t v;

	pthread_mutex_lock(&m->lock);
	step(m);
	v = read64_locked(m, off);
	log_add(m, SMMUV3_MODEL_LOG_READ64, off, v);
	pthread_mutex_unlock(&m->lock);
	return v;
}

static void dev_write64(void *ctx, uint32_t off, uint64_t v)
{
	struct smmuv3_model *m = ctx;
	uint32_t o = off & (SMMUV3_PAGE_SIZE - 1u);

	pthread_mutex_lock(&m->lock);
	log_add(m, SMMUV3_MODEL_LOG_WRITE64, off, v);
	if (off < SMMUV3_PAGE1 && (o & 7u) == 0 && reg64(m, o))
		write_reg64(m, o, v);
	else {
		reg_write32(m, off, lo32(v));
		reg_write32(m, off + 4u, hi32(v));
	}
	step(m);
	pthread_mutex_unlock(&m->lock);
}

static void dev_barrier(void *ctx, enum smmuv3_barrier kind)
{
	struct smmuv3_model *m = ctx;

	pthread_mutex_lock(&m->lock);
	log_add(m, SMMUV3_MODEL_LOG_BARRIER, (uint32_t)kind, (uint64_t)kind);
	if (m->observer)
		m->observer(m->observer_ctx, m, SMMUV3_MODEL_OBS_BARRIER, NULL,
			    (unsigned int)kind);
	/* Writes before it are visible to the SMMU: cache what it may. */
	if (kind != SMMUV3_BARRIER_MMIO_CONSUME)
		eager_fill(m);
	pthread_mutex_unlock(&m->lock);
}

static void dev_delay(void *ctx, uint64_t ns)
{
	struct smmuv3_model *m = ctx;

	(void)ns;
	pthread_mutex_lock(&m->lock);
	step(m);
	pthread_mutex_unlock(&m->lock);
}

static void dev_on_alloc(void *ctx, void *va, size_t size)
{
	struct smmuv3_model *m = ctx;
	struct poc *c;

	if (!m->noncoherent)
		return;
	pthread_mutex_lock(&m->lock);
	if (grow((void **)&m->pocs, &m->cap_poc, m->n_poc, sizeof(*m->pocs))) {
		c = &m->pocs[m->n_poc];
		/* alloc() memory starts zeroed, in the caches and at PoC. */
		c->mem = calloc(1, size);
		if (c->mem) {
			c->base = (uintptr_t)va;
			c->size = size;
			m->n_poc++;
		}
	}
	pthread_mutex_unlock(&m->lock);
}

static void dev_on_free(void *ctx, void *va, size_t size)
{
	struct smmuv3_model *m = ctx;
	unsigned int i;

	(void)size;
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->n_poc; i++) {
		if (m->pocs[i].base == (uintptr_t)va) {
			free(m->pocs[i].mem);
			m->pocs[i] = m->pocs[--m->n_poc];
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
}

/* cache_clean(): the 64-byte lines covering the range reach the PoC. */
static void dev_clean(void *ctx, const void *va, size_t size)
{
	struct smmuv3_model *m = ctx;
	uintptr_t lo = (uintptr_t)va & ~(uintptr_t)63u;
	uintptr_t hi;
	unsigned int i;

	if (size == 0 || (uintptr_t)va > UINTPTR_MAX - size - 63u)
		return;
	hi = ((uintptr_t)va + size + 63u) & ~(uintptr_t)63u;
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->n_poc; i++) {
		struct poc *c = &m->pocs[i];
		uintptr_t a = lo > c->base ? lo : c->base;
		uintptr_t b = hi < c->base + c->size ? hi : c->base + c->size;

		if (a < b)
			memcpy(c->mem + (a - c->base), (const void *)a, b - a);
	}
	pthread_mutex_unlock(&m->lock);
}

static const struct smmuv3_mock_device model_device = {
	.on_alloc = dev_on_alloc,
	.on_free = dev_on_free,
	.clean = dev_clean,
	.read32 = dev_read32,
	.write32 = dev_write32,
	.read64 = dev_read64,
	.write64 = dev_write64,
	.barrier = dev_barrier,
	.delay = dev_delay,
};

/* ---- lifecycle ------------------------------------------------------ */

int smmuv3_model_config_field(struct smmuv3_model_config *cfg, unsigned int idr,
			      uint32_t mask, uint32_t value)
{
	if (!cfg || idr > 5u || mask == 0 || !SMMUV3_FIELD_FITS(mask, value))
		return SMMUV3_EINVAL;
	cfg->idr_mask[idr] |= mask;
	cfg->idr_val[idr] =
		(cfg->idr_val[idr] & ~mask) | SMMUV3_FIELD_PREP(mask, value);
	return 0;
}

static int ro_write64(void *ctx, uint64_t pa, uint64_t val);

int smmuv3_model_create(const struct smmuv3_model_config *cfg,
			struct smmuv3_model **out)
{
	static const struct smmuv3_model_config def = {
		.preset = SMMUV3_MODEL_QEMU_VIRT_7_2,
	};
	pthread_mutexattr_t attr;
	const struct preset *p;
	struct smmuv3_model *m;
	unsigned int i;

	if (!out)
		return SMMUV3_EINVAL;
	if (!cfg)
		cfg = &def;
	if ((unsigned int)cfg->preset >= SMMUV3_MODEL_PRESET_COUNT)
		return SMMUV3_EINVAL;
	p = &presets[cfg->preset];
	m = calloc(1, sizeof(*m));
	if (!m)
		return SMMUV3_ENOMEM;
	/* Recursive: an observer may call back into the model. */
	if (pthread_mutexattr_init(&attr) != 0) {
		free(m);
		return SMMUV3_ENOMEM;
	}
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	if (pthread_mutex_init(&m->lock, &attr) != 0) {
		pthread_mutexattr_destroy(&attr);
		free(m);
		return SMMUV3_ENOMEM;
	}
	pthread_mutexattr_destroy(&attr);
	if (smmuv3_mock_init(&m->mock, &model_device, m, &m->osal) != 0) {
		pthread_mutex_destroy(&m->lock);
		free(m);
		return SMMUV3_ENOMEM;
	}
	if (cfg->noncoherent)
		m->osal.ops = &smmuv3_mock_noncoherent_ops;
	if (cfg->pa_base)
		m->mock.pa_base = cfg->pa_base;
	if (cfg->pa_end)
		m->mock.pa_end = cfg->pa_end;
	for (i = 0; i < 6; i++)
		m->idr[i] = (p->idr[i] & ~cfg->idr_mask[i]) |
			    (cfg->idr_val[i] & cfg->idr_mask[i]);
	m->iidr = cfg->set_iidr ? cfg->iidr : p->iidr;
	m->aidr = cfg->set_aidr ? cfg->aidr : p->aidr;
	m->page0_only = cfg->page0_only;
	m->noncoherent = cfg->noncoherent;
	/* A non-coherent SMMU does not claim coherent access (6.3.1). */
	if (cfg->noncoherent && !(cfg->idr_mask[0] & SMMUV3_IDR0_COHACC))
		m->idr[0] &= ~SMMUV3_IDR0_COHACC;
	memcpy(m->params.idr, m->idr, sizeof(m->idr));
	m->params.httu_enabled = cfg->httu;
	m->mem.read64 = mem_read64;
	m->mem.write64 = mem_write64;
	m->mem.ctx = m;
	m->ro_mem.read64 = mem_read64;
	m->ro_mem.write64 = ro_write64;
	m->ro_mem.ctx = m;
	m->eager = cfg->caching == SMMUV3_MODEL_CACHE_EAGER;
	*out = m;
	return 0;
}

void smmuv3_model_destroy(struct smmuv3_model *m)
{
	if (!m)
		return;
	smmuv3_mock_fini(&m->mock);
	pthread_mutex_destroy(&m->lock);
	free(m->log);
	free(m->cmdlog);
	free(m->atclog);
	while (m->n_poc)
		free(m->pocs[--m->n_poc].mem);
	free(m->pocs);
	free(m);
}

struct smmuv3_osal smmuv3_model_osal(struct smmuv3_model *m)
{
	return m->osal;
}

struct smmuv3_mock *smmuv3_model_mock(struct smmuv3_model *m)
{
	return &m->mock;
}

uint32_t smmuv3_model_idr(struct smmuv3_model *m, unsigned int n)
{
	return n < 6u ? m->idr[n] : 0;
}

uint32_t smmuv3_model_peek32(struct smmuv3_model *m, uint32_t offset)
{
	uint32_t v;

	pthread_mutex_lock(&m->lock);
	v = reg_read32(m, offset);
	pthread_mutex_unlock(&m->lock);
	return v;
}

uint64_t smmuv3_model_peek64(struct smmuv3_model *m, uint32_t offset)
{
	uint64_t v;

	pthread_mutex_lock(&m->lock);
	v = read64_locked(m, offset);
	pthread_mutex_unlock(&m->lock);
	return v;
}

int smmuv3_model_fault_set(struct smmuv3_model *m, enum smmuv3_model_fault f,
			   uint64_t arg)
{
	if (!m || (unsigned int)f >= SMMUV3_MODEL_FAULT_COUNT)
		return SMMUV3_EINVAL;
	if ((f == SMMUV3_MODEL_FAULT_CMDQ_SLOW ||
	     f == SMMUV3_MODEL_FAULT_QPROD_CORRUPT) && arg == 0)
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	m->fault_on[f] = true;
	m->fault_arg[f] = arg;
	if (f == SMMUV3_MODEL_FAULT_SFM)
		gerror_raise(m, SMMUV3_GERROR_SFM_ERR);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

int smmuv3_model_fault_clear(struct smmuv3_model *m, enum smmuv3_model_fault f)
{
	if (!m || (unsigned int)f >= SMMUV3_MODEL_FAULT_COUNT)
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	m->fault_on[f] = false;
	m->fault_arg[f] = 0;
	step(m);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

void smmuv3_model_abort_range(struct smmuv3_model *m, uint64_t pa,
			      uint64_t size)
{
	pthread_mutex_lock(&m->lock);
	m->abort_pa = pa;
	m->abort_size = size;
	pthread_mutex_unlock(&m->lock);
}

void smmuv3_model_step(struct smmuv3_model *m)
{
	pthread_mutex_lock(&m->lock);
	step(m);
	pthread_mutex_unlock(&m->lock);
}

/* ---- translation ---------------------------------------------------- */

static bool fault_recorded(uint8_t id)
{
	return id == MDL_EVT_F_TRANSLATION || id == MDL_EVT_F_ADDR_SIZE ||
	       id == MDL_EVT_F_ACCESS || id == MDL_EVT_F_PERMISSION;
}

/* Build the event record of a fault (IHI 0070 7.3). */
static void fault_record(uint32_t sid, bool ssv, uint32_t ssid,
			 const struct mdl_fault *f, uint64_t rec[4])
{
	rec[0] = SMMUV3_FIELD_PREP(E0_ID, (uint64_t)f->event_id) |
		 (ssv ? E0_SSV | SMMUV3_FIELD_PREP(E0_SSID, (uint64_t)ssid)
		      : 0) |
		 SMMUV3_FIELD_PREP(E0_SID, (uint64_t)sid);
	rec[1] = 0;
	rec[2] = 0;
	rec[3] = 0;
	switch (f->event_id) {
	case MDL_EVT_F_TRANSLATION:
	case MDL_EVT_F_ADDR_SIZE:
	case MDL_EVT_F_ACCESS:
	case MDL_EVT_F_PERMISSION:
		rec[3] = f->ipa & E3_IPA;
		/* fall through */
	case MDL_EVT_F_WALK_EABT:
		/*
		 * TTRnW: with CLASS = TT, whether the stage-1 table access
		 * that faulted at stage 2 was a read (1) or an HTTU update
		 * (0); RES0 for the other classes (IHI 0070 7.3.12-7.3.15).
		 */
		rec[1] = (f->pnu ? E1_PNU : 0) | (f->ind ? E1_IND : 0) |
			 (f->rnw ? E1_RNW : 0) | (f->s2 ? E1_S2 : 0) |
			 SMMUV3_FIELD_PREP(E1_CLASS, (uint64_t)f->clss) |
			 (f->s2 && f->clss == MDL_CLASS_TT && f->ttrnw ?
				  E1_TTRNW :
				  0);
		rec[2] = f->input_addr;
		if (f->event_id == MDL_EVT_F_WALK_EABT)
			rec[3] = f->fetch_addr & E3_FETCH;
		break;
	case MDL_EVT_F_STE_FETCH:
	case MDL_EVT_F_CD_FETCH:
		rec[3] = f->fetch_addr & E3_FETCH;
		break;
	case MDL_EVT_F_TRANSL_FORBIDDEN:
	case MDL_EVT_F_BAD_ATS_TREQ:
		rec[1] = f->rnw ? E1_RNW : 0;
		rec[2] = f->input_addr;
		break;
	default:
		break;
	}
}

static void report(struct smmuv3_model *m, uint32_t sid, bool ssv,
		   uint32_t ssid, const struct mdl_fault *f, bool record,
		   struct smmuv3_model_result *res)
{
	uint64_t rec[4];

	if (m->in_ats && fault_recorded(f->event_id)) {
		/* 3.9.1: a failed ATS translation is answered to the
		 * endpoint (no access), not recorded. */
		res->outcome = SMMUV3_MODEL_XLATE_FAULT;
		res->event_id = f->event_id;
		res->fault = *f;
		return;
	}

	if (res->outcome == SMMUV3_MODEL_XLATE_STALLED) {
		/* 7.3: Stall [95] and STAG [79:64]; always recorded. 7.4: a
		 * full queue defers the record (no overflow) until there is
		 * room; a disabled or aborting queue terminates the stall. */
		struct stall *st = &m->stalls[m->stall_next];
		int ret;

		res->event_id = f->event_id;
		res->fault = *f;
		fault_record(sid, ssv, ssid, f, rec);
		rec[1] |= E1_STALL |
			  SMMUV3_FIELD_PREP(E1_STAG, (uint64_t)res->stag);
		stall_records_flush(m);
		ret = evt_produce_ex(m, rec, true);
		res->event_written = ret == 0;
		if (ret != 0 && ret != SMMUV3_ENOSPC) {
			res->outcome = SMMUV3_MODEL_XLATE_ABORT;
			return;
		}
		m->stall_next = (m->stall_next + 1u) % STALL_ENTRIES;
		memset(st, 0, sizeof(*st));
		st->rec_pending = ret == SMMUV3_ENOSPC;
		memcpy(st->rec, rec, sizeof(st->rec));
		st->valid = true;
		st->pending = true;
		st->stag = res->stag;
		st->sid = sid;
		st->ssv = ssv;
		st->ssid = ssid;
		st->iova = f->input_addr;
		st->acc = (f->rnw ? 0u : MDL_ACC_WRITE) |
			  (f->ind ? MDL_ACC_EXEC : 0u) |
			  (f->pnu ? MDL_ACC_PRIV : 0u);
		m->ctr.stalls++;
		return;
	}

	res->outcome = SMMUV3_MODEL_XLATE_FAULT;
	res->event_id = f->event_id;
	res->fault = *f;
	if (!record || f->event_id == 0) {
		res->outcome = SMMUV3_MODEL_XLATE_ABORT;
		return;
	}
	fault_record(sid, ssv, ssid, f, rec);
	res->event_written = evt_produce(m, rec) == 0;
}

static int get_ste(struct smmuv3_model *m, uint32_t sid, struct mdl_ste *ste,
		   struct mdl_fault *f)
{
	struct ste_entry *e = ste_lookup(m, sid);
	int ret;

	if (e) {
		*ste = e->ste;
		return 0;
	}
	ret = mdl_ste_fetch(&m->mem, &m->params,
			    m->strtab_base & SMMUV3_STRTAB_BASE_ADDR,
			    m->strtab_base_cfg, sid, ste, f);
	if (ret)
		return ret;
	e = &m->stec[slot_pick(m, m->stec, sizeof(m->stec[0]), &m->ste_next,
			       &m->ste_hw, STE_CACHE_ENTRIES, STE_CACHE_MAX,
			       NULL)];
	m->ste_hint[sid % SID_HINTS] = (uint16_t)(e - m->stec + 1);
	e->valid = true;
	e->sid = sid;
	e->ste = *ste;
	return 0;
}

static int get_cd(struct smmuv3_model *m, uint32_t sid,
		  const struct mdl_ste *ste, bool ssv, uint32_t ssid,
		  struct mdl_cd *cd, bool *bypass, struct mdl_fault *f)
{
	uint32_t index = ssv ? ssid : 0;
	struct cd_entry *e = cd_lookup(m, sid, index, ssv);
	bool two_level;
	uint32_t l1idx;
	unsigned int i;
	uint64_t l1;
	int ret;

	if (e) {
		*cd = e->cd;
		*bypass = e->s1_bypass;
		return 0;
	}
	/* A 2-level CD table (5.3) at a PA: L1CDs may be cached. */
	two_level =
		ssv && ste->s1cdmax != 0 && ste->s1fmt != 0 && !ste->s2_enabled;
	l1idx = ssid >> (ste->s1fmt == 1u ? 6u : 10u);
	if (two_level) {
		for (i = 0; i < L1CD_CACHE_ENTRIES; i++) {
			const struct l1cd_entry *n = &m->l1cdc[i];

			if (n->valid && n->sid == sid && n->l1idx == l1idx) {
				memset(f, 0, sizeof(*f));
				f->event_id = MDL_EVT_C_BAD_SUBSTREAMID;
				return f->event_id;
			}
		}
	}
	*bypass = false;
	ret = mdl_cd_fetch(&m->mem, &m->params, ste, ssv, ssid, cd, bypass, f);
	if (ret == MDL_EVT_C_BAD_SUBSTREAMID && two_level &&
	    mem_read64(m, ste->s1ctxptr + 8u * (uint64_t)l1idx, &l1) == 0 &&
	    !(l1 & 1u)) {
		/* The invalid L1CD is cached until CFGI_CD(Leaf=0). */
		struct l1cd_entry *n = &m->l1cdc[m->l1cd_next];

		m->l1cd_next = (m->l1cd_next + 1u) % L1CD_CACHE_ENTRIES;
		n->valid = true;
		n->sid = sid;
		n->l1idx = l1idx;
	}
	if (ret)
		return ret;
	e = &m->cdc[slot_pick(m, m->cdc, sizeof(m->cdc[0]), &m->cd_next,
			      &m->cd_hw, CD_CACHE_ENTRIES, CD_CACHE_MAX, NULL)];
	m->cd_hint[(sid * 31u + index) % SID_HINTS] =
		(uint16_t)(e - m->cdc + 1);
	e->valid = true;
	e->sid = sid;
	e->index = index;
	e->ssv = ssv;
	e->s1_bypass = *bypass;
	e->cd = *cd;
	return 0;
}

static bool perm_ok(const struct mdl_xlate *x, unsigned int acc)
{
	if ((acc & MDL_ACC_WRITE) && !x->writable)
		return false;
	if (!(acc & MDL_ACC_WRITE) && !x->readable)
		return false;
	if ((acc & MDL_ACC_EXEC) && !x->executable)
		return false;
	return true;
}

/*
 * Whether a TLB hit can serve @acc: the same privilege as the fill (the
 * permissions depend on it), the permissions allow it, and with HTTU a
 * write does not hit an entry filled by a read (the first write must walk
 * to set the dirty state).
 */
static bool tlb_usable(const struct smmuv3_model *m, const struct tlb_entry *e,
		       unsigned int acc)
{
	if ((e->fill_acc ^ acc) & MDL_ACC_PRIV)
		return false;
	if (!perm_ok(&e->x, acc))
		return false;
	if (m->params.httu_enabled && (acc & MDL_ACC_WRITE) &&
	    !(e->fill_acc & MDL_ACC_WRITE))
		return false;
	return true;
}

/*
 * log2 of the granule of the walk that translates @iova: stage 1's (CD
 * TG0 for TTB0, 0b00 4KB 0b01 64KB 0b10 16KB; TG1 for TTB1 (VA[55] set),
 * 0b01 16KB 0b10 4KB 0b11 64KB) unless the regime has one VA range
 * (@single: EL2 without E2H), or, stage 2 only, STE.S2TG (as TG0).
 * 0 when the encoding is reserved.
 */
static uint8_t walk_granule(const struct mdl_ste *ste, const struct mdl_cd *cd,
			    bool single, uint64_t iova)
{
	static const uint8_t tg0[4] = {12, 16, 14, 0};
	static const uint8_t tg1[4] = {0, 14, 12, 16};

	if (!cd)
		return tg0[ste->s2tg & 3u];
	if (!single && ((iova >> 55) & 1u))
		return tg1[cd->tg1 & 3u];
	return tg0[cd->tg0 & 3u];
}

static void access_locked(struct smmuv3_model *m, uint32_t sid, bool ssv,
			  uint32_t ssid, uint64_t iova, unsigned int acc,
			  struct smmuv3_model_result *res)
{
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_fault f;
	struct tlb_entry *e;
	bool s1_bypass = true, el2;
	unsigned int stages = 0;
	uint16_t asid = 0, vmid;
	int ret;

	memset(&ste, 0, sizeof(ste));
	memset(&cd, 0, sizeof(cd));
	memset(&f, 0, sizeof(f));
	if (m->fault_on[SMMUV3_MODEL_FAULT_SFM]) {
		/* 12.3: in Service Failure Mode transactions terminate. */
		res->outcome = SMMUV3_MODEL_XLATE_ABORT;
		return;
	}
	if (!(m->cr0ack & SMMUV3_CR0_SMMUEN)) {
		/* 6.3.14: with the SMMU disabled, GBPA decides. */
		if (m->gbpa & SMMUV3_GBPA_ABORT) {
			res->outcome = SMMUV3_MODEL_XLATE_ABORT;
		} else {
			res->outcome = SMMUV3_MODEL_XLATE_OK;
			res->bypass = true;
			res->pa = iova;
		}
		return;
	}
	ret = get_ste(m, sid, &ste, &f);
	if (ret) {
		report(m, sid, ssv, ssid, &f, true, res);
		return;
	}
	if (ste.config == MDL_STE_CFG_ABORT) {
		/* 5.2: Config abort terminates without an event. */
		res->outcome = SMMUV3_MODEL_XLATE_ABORT;
		return;
	}
	if (ssv && !ste.s1_enabled) {
		/* 5.2: a SubstreamID with stage 1 not enabled. */
		f.event_id = MDL_EVT_C_BAD_SUBSTREAMID;
		f.input_addr = iova;
		report(m, sid, ssv, ssid, &f, true, res);
		return;
	}
	if (ste.s1_enabled) {
		ret = get_cd(m, sid, &ste, ssv, ssid, &cd, &s1_bypass, &f);
		if (ret) {
			/* A stage-2 fault of the CD fetch (CLASS = CD) names
			 * the transaction and follows STE.S2R. */
			f.input_addr = iova;
			f.rnw = !(acc & MDL_ACC_WRITE);
			report(m, sid, ssv, ssid, &f,
			       !fault_recorded(f.event_id) || !f.s2 || ste.s2r,
			       res);
			return;
		}
		if (!s1_bypass) {
			stages |= STAGE_S1;
			asid = cd.asid;
		}
	}
	if (ste.s2_enabled)
		stages |= STAGE_S2;
	vmid = ste.s2vmid;
	el2 = ste.strw == 2u;
	if (stages == 0) {
		/* Bypass: no TLB entry, but the OAS check still applies. */
		res->bypass = true;
		ret = mdl_translate(&m->mem, &m->params, &ste, NULL, iova, acc,
				    &res->xlate, &f);
		if (ret) {
			report(m, sid, ssv, ssid, &f, true, res);
			return;
		}
		res->outcome = SMMUV3_MODEL_XLATE_OK;
		res->pa = res->xlate.pa;
		return;
	}
	e = tlb_find(m, iova, stages, el2, asid, vmid);
	if (e && !tlb_usable(m, e, acc)) {
		/* Refetch; the new walk's entry replaces this one. */
		e->valid = false;
		m->tlb_nfree++;
		e = NULL;
	}
	if (e) {
		res->outcome = SMMUV3_MODEL_XLATE_OK;
		res->tlb_hit = true;
		res->xlate = e->x;
		res->pa = e->pa + (iova - e->va);
		res->xlate.pa = res->pa;
		return;
	}
	ret = mdl_translate(&m->mem, &m->params, &ste,
			    (stages & STAGE_S1) ? &cd : NULL, iova, acc,
			    &res->xlate, &f);
	if (ret) {
		/* 5.4/5.2: CD.R / STE.S2R = 0 suppress recording of
		 * translation-related faults of their stage. */
		bool rec = !fault_recorded(f.event_id) ||
			   (f.s2 ? ste.s2r : !(stages & STAGE_S1) || cd.r);

		/* 3.12.2: translation-related faults stall when the stage's
		 * stall control (CD.S, STE.S2S) is set and the SMMU can
		 * stall (IDR0.STALL_MODEL != 0b01). */
		bool stall =
			fault_recorded(f.event_id) &&
			SMMUV3_FIELD_GET(SMMUV3_IDR0_STALL_MODEL, m->idr[0]) !=
				SMMUV3_IDR0_STALL_MODEL_NONE &&
			(f.s2 ? ste.s2s : (stages & STAGE_S1) && cd.s);

		if (stall && !m->in_ats) {
			res->outcome = SMMUV3_MODEL_XLATE_STALLED;
			res->stag = m->next_stag++;
		}
		report(m, sid, ssv, ssid, &f, rec, res);
		return;
	}
	tlb_add(m, iova, stages, el2, asid, vmid, &res->xlate,
		acc & (MDL_ACC_PRIV | MDL_ACC_WRITE),
		walk_granule(&ste, (stages & STAGE_S1) ? &cd : NULL,
			     el2 && !m->params.e2h, iova));
	res->outcome = SMMUV3_MODEL_XLATE_OK;
	res->pa = res->xlate.pa;
}

/* ---- eager caching and the audit ------------------------------------ */

/*
 * Eager caching: at every point where software may have published table
 * updates to the SMMU (a barrier other than MMIO_CONSUME, a completed
 * CMD_SYNC, an access), the model caches every valid STE, CD and
 * translation reachable from the stream table, as an SMMU may do
 * speculatively (IHI 0070 3.21: valid structures may be cached at any
 * time). A missing invalidation then always leaves a stale entry that an
 * access hits and smmuv3_model_audit() names.
 */

static int ro_write64(void *ctx, uint64_t pa, uint64_t val)
{
	(void)ctx;
	(void)pa;
	(void)val;
	return -1; /* speculative walks make no AF/dirty updates */
}

/* A TLB entry for @va with these tags usable by @acc (any output). */
static bool tlb_has(struct smmuv3_model *m, uint64_t va, unsigned int stages,
		    bool el2, uint16_t asid, uint16_t vmid, unsigned int acc)
{
	unsigned int i;

	for (i = 0; i < m->tlb_hw; i++) {
		const struct tlb_entry *e = &m->tlb[i];

		if (!e->valid || e->stages != stages || e->el2 != el2 ||
		    e->vmid != vmid)
			continue;
		if ((stages & STAGE_S1) && !e->global && e->asid != asid)
			continue;
		if (((va ^ e->va) >> e->size_log2) != 0)
			continue;
		if (!((e->fill_acc ^ acc) & MDL_ACC_PRIV))
			return true;
	}
	return false;
}

/* One configuration whose translations are cached. */
struct fill_cfg {
	struct smmuv3_model *m;
	const struct mdl_ste *ste;
	const struct mdl_cd *cd; /* NULL: stage 2 only */
	unsigned int stages;
	bool el2, single;
	uint16_t asid, vmid;
};

/* Cache @va for @acc; the size translated (0 if nothing is cached). */
static unsigned int fill_one(const struct fill_cfg *c, uint64_t va,
			     unsigned int acc)
{
	struct smmuv3_model *m = c->m;
	bool priv = (acc & MDL_ACC_PRIV) != 0;
	struct tlb_entry *e;
	struct mdl_xlate x;
	struct mdl_fault f;

	/* Already cached from these tables (the common case): keep it. */
	e = tlb_hash_find(m, va, c->stages, c->el2, c->asid, c->vmid, priv);
	if (e)
		return e->size_log2;
	if (mdl_translate(&m->ro_mem, &m->params, c->ste, c->cd, va, acc, &x,
			  &f) != 0) {
		acc |= MDL_ACC_WRITE; /* e.g. write-only at stage 2 */
		if (mdl_translate(&m->ro_mem, &m->params, c->ste, c->cd, va,
				  acc, &x, &f) != 0)
			return 0;
	}
	if (!tlb_has(m, va, c->stages, c->el2, c->asid, c->vmid, acc))
		tlb_add(m, va, c->stages, c->el2, c->asid, c->vmid, &x,
			acc & (MDL_ACC_PRIV | MDL_ACC_WRITE),
			walk_granule(c->ste, c->cd, c->single, va));
	return x.size_log2;
}

static void fill_leaf(void *ctx, uint64_t ia, unsigned int size_log2)
{
	const struct fill_cfg *c = ctx;
	uint64_t va = ia, last = ia;
	unsigned int n, sz, step;

	if (size_log2 < 64u)
		last = ia + ((1ull << size_log2) - 1u);
	/* Nested: a stage-1 block may combine into smaller entries. */
	for (n = 0; n < 512u; n++) {
		sz = fill_one(c, va, 0);
		step = fill_one(c, va, MDL_ACC_PRIV);
		if (step > sz)
			sz = step;
		if (sz == 0 || sz >= size_log2)
			break;
		va += 1ull << sz;
		if (va > last || va <= ia)
			break;
	}
}

/* Tables already walked in this fill (many streams share one domain). */
struct fill_seen {
	unsigned int n;
	uint64_t key[EAGER_CONFIGS][4];
};

static void fill_tlb(struct smmuv3_model *m, struct fill_seen *seen,
		     const struct mdl_ste *ste, const struct mdl_cd *cd)
{
	struct fill_cfg c;
	uint64_t key[4];
	unsigned int i;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.ste = ste;
	c.cd = cd;
	c.stages = (cd ? STAGE_S1 : 0u) | (ste->s2_enabled ? STAGE_S2 : 0u);
	if (c.stages == 0)
		return;
	c.el2 = ste->strw == 2u;
	c.single = c.el2 && !m->params.e2h;
	c.asid = cd ? cd->asid : 0;
	c.vmid = ste->s2vmid;
	key[0] = ((uint64_t)c.stages << 40) | ((uint64_t)c.el2 << 36) |
		 ((uint64_t)c.asid << 16) | c.vmid;
	key[1] = ste->s2_enabled ? ste->s2ttb : 0;
	key[2] = cd ? cd->ttb0 : 0;
	key[3] = cd ? cd->ttb1 : 0;
	for (i = 0; i < seen->n; i++)
		if (memcmp(seen->key[i], key, sizeof(key)) == 0)
			return;
	if (seen->n < EAGER_CONFIGS)
		memcpy(seen->key[seen->n++], key, sizeof(key));
	(void)mdl_enum_leaves(&m->ro_mem, &m->params, ste, cd, fill_leaf, &c);
}

/* Cache the CD of (@ssv, @ssid) of @sid and its translations. */
static void fill_cd(struct smmuv3_model *m, struct fill_seen *seen,
		    uint32_t sid, const struct mdl_ste *ste, bool ssv,
		    uint32_t ssid)
{
	struct mdl_fault f;
	struct mdl_cd cd;
	bool bypass = false;

	memset(&f, 0, sizeof(f));
	if (get_cd(m, sid, ste, ssv, ssid, &cd, &bypass, &f) != 0)
		return;
	fill_tlb(m, seen, ste, bypass ? NULL : &cd);
}

static void fill_stream(struct smmuv3_model *m, struct fill_seen *seen,
			uint32_t sid)
{
	struct mdl_fault f;
	struct mdl_ste ste;
	uint32_t span, l1, n, i, ssids;
	uint64_t d;

	memset(&f, 0, sizeof(f));
	if (get_ste(m, sid, &ste, &f) != 0 || !ste.valid)
		return;
	if (!ste.s1_enabled) {
		if (ste.s2_enabled)
			fill_tlb(m, seen, &ste, NULL);
		return;
	}
	fill_cd(m, seen, sid, &ste, false, 0);
	if (ste.s1cdmax == 0)
		return;
	ssids = ste.s1cdmax >= 31u ? ~0u : (1u << ste.s1cdmax);
	if (ste.s1fmt == 0) {
		for (i = 0; i < ssids && i < EAGER_SSIDS; i++)
			fill_cd(m, seen, sid, &ste, true, i);
		return;
	}
	/* 2-level CD table: only spans whose L1CD is valid (an invalid L1CD
	 * is not cached eagerly). Nested CD tables live at IPAs: skipped. */
	if (ste.s2_enabled)
		return;
	span = ste.s1fmt == 1u ? 6u : 10u;
	n = 0;
	for (l1 = 0; l1 <= (ssids - 1u) >> span && n < EAGER_SSIDS; l1++) {
		if (mem_read64(m, ste.s1ctxptr + 8u * (uint64_t)l1, &d) ||
		    !(d & 1u))
			continue;
		for (i = 0; i < (1u << span) && n < EAGER_SSIDS; i++, n++)
			fill_cd(m, seen, sid, &ste, true, (l1 << span) | i);
	}
}

/* Call @fn for every StreamID whose STE has V = 1 in the live table. */
static void for_each_live_sid(struct smmuv3_model *m,
			      void (*fn)(struct smmuv3_model *m, void *ctx,
					 uint32_t sid),
			      void *ctx)
{
	uint64_t base = m->strtab_base & SMMUV3_STRTAB_BASE_ADDR, d, l2;
	uint32_t cfg = m->strtab_base_cfg;
	unsigned int log2size =
		SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE, cfg);
	unsigned int split =
		SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_SPLIT, cfg);
	unsigned int sidbits = SMMUV3_FIELD_GET(SMMUV3_IDR1_SIDSIZE, m->idr[1]);
	uint32_t i, j, n, span;

	if (log2size > sidbits)
		log2size = sidbits;
	if (log2size > 24u)
		log2size = 24u;
	if (SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_FMT, cfg) ==
	    SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR) {
		for (i = 0; i < (1u << log2size); i++)
			if (mem_read64(m, base + 64u * (uint64_t)i, &d) == 0 &&
			    (d & SMMUV3_STE0_V))
				fn(m, ctx, i);
		return;
	}
	if (split > log2size)
		split = log2size;
	for (i = 0; i < (1u << (log2size - split)); i++) {
		if (mem_read64(m, base + 8u * (uint64_t)i, &d) != 0)
			continue;
		span = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_L1STD_SPAN, d);
		l2 = d & SMMUV3_L1STD_L2PTR;
		if (span == 0 || span > split + 1u)
			continue;
		n = 1u << (span - 1u);
		for (j = 0; j < n; j++)
			if (mem_read64(m, l2 + 64u * (uint64_t)j, &d) == 0 &&
			    (d & SMMUV3_STE0_V))
				fn(m, ctx, (i << split) | j);
	}
}

static void fill_sid(struct smmuv3_model *m, void *ctx, uint32_t sid)
{
	fill_stream(m, ctx, sid);
}

static void eager_fill(struct smmuv3_model *m)
{
	struct fill_seen *seen;

	if (!m->eager || m->in_fill || !(m->cr0ack & SMMUV3_CR0_SMMUEN) ||
	    m->fault_on[SMMUV3_MODEL_FAULT_SFM])
		return;
	seen = calloc(1, sizeof(*seen));
	if (!seen)
		return;
	m->in_fill = true;
	m->rc_on = true;
	for_each_live_sid(m, fill_sid, seen);
	m->rc_on = false;
	m->rc_size = 0;
	m->in_fill = false;
	free(seen);
}

/* ---- audit ---------------------------------------------------------- */

struct audit {
	struct smmuv3_model_stale *out;
	unsigned int max, n;
};

static struct smmuv3_model_stale *audit_add(struct audit *a,
					    enum smmuv3_model_stale_kind k)
{
	struct smmuv3_model_stale *s = NULL;

	if (a->n < a->max && a->out) {
		s = &a->out[a->n];
		memset(s, 0, sizeof(*s));
		s->kind = k;
	}
	a->n++;
	return s;
}

/* Whether two decoded entries make the hardware behave alike. */
static bool ste_same(const struct mdl_ste *a, const struct mdl_ste *b)
{
	struct mdl_ste x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	memset(x.raw, 0, sizeof(x.raw));
	memset(y.raw, 0, sizeof(y.raw));
	return memcmp(&x, &y, sizeof(x)) == 0;
}

static bool cd_same(const struct mdl_cd *a, const struct mdl_cd *b)
{
	struct mdl_cd x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	memset(x.raw, 0, sizeof(x.raw));
	memset(y.raw, 0, sizeof(y.raw));
	return memcmp(&x, &y, sizeof(x)) == 0;
}

static int live_ste(struct smmuv3_model *m, uint32_t sid, struct mdl_ste *ste)
{
	struct mdl_fault f;

	memset(&f, 0, sizeof(f));
	return mdl_ste_fetch(&m->ro_mem, &m->params,
			     m->strtab_base & SMMUV3_STRTAB_BASE_ADDR,
			     m->strtab_base_cfg, sid, ste, &f);
}

/* A live configuration (for TLB entries: which tables they came from). */
struct live_cfg {
	uint32_t sid, ssid;
	bool ssv;
	struct mdl_ste ste;
	struct mdl_cd cd;
	bool s1;
	unsigned int stages;
	bool el2;
	uint16_t asid, vmid;
};

struct live_set {
	struct live_cfg *c;
	unsigned int n, cap;
};

static void live_add(struct smmuv3_model *m, struct live_set *ls, uint32_t sid,
		     const struct mdl_ste *ste, bool ssv, uint32_t ssid)
{
	struct live_cfg lc;
	struct mdl_fault f;
	bool bypass = false;
	unsigned int i;

	memset(&lc, 0, sizeof(lc));
	memset(&f, 0, sizeof(f));
	lc.sid = sid;
	lc.ssv = ssv;
	lc.ssid = ssid;
	lc.ste = *ste;
	if (ste->s1_enabled) {
		if (mdl_cd_fetch(&m->ro_mem, &m->params, ste, ssv, ssid, &lc.cd,
				 &bypass, &f) != 0)
			return;
		lc.s1 = !bypass;
	}
	lc.stages = (lc.s1 ? STAGE_S1 : 0u) | (ste->s2_enabled ? STAGE_S2 : 0u);
	if (lc.stages == 0)
		return;
	lc.el2 = ste->strw == 2u;
	lc.asid = lc.s1 ? lc.cd.asid : 0;
	lc.vmid = ste->s2vmid;
	for (i = 0; i < ls->n; i++) {
		const struct live_cfg *o = &ls->c[i];

		if (o->stages == lc.stages && o->el2 == lc.el2 &&
		    o->asid == lc.asid && o->vmid == lc.vmid &&
		    o->ste.s2ttb == lc.ste.s2ttb &&
		    (!lc.s1 ||
		     (o->cd.ttb0 == lc.cd.ttb0 && o->cd.ttb1 == lc.cd.ttb1)))
			return;
	}
	if (!grow((void **)&ls->c, &ls->cap, ls->n, sizeof(*ls->c)))
		return;
	ls->c[ls->n++] = lc;
}

static void live_sid(struct smmuv3_model *m, void *ctx, uint32_t sid)
{
	struct live_set *ls = ctx;
	struct mdl_ste ste;
	uint32_t i, ssids;

	if (live_ste(m, sid, &ste) != 0 || !ste.valid)
		return;
	live_add(m, ls, sid, &ste, false, 0);
	if (!ste.s1_enabled || ste.s1cdmax == 0)
		return;
	ssids = ste.s1cdmax >= 31u ? ~0u : (1u << ste.s1cdmax);
	for (i = 0; i < ssids && i < EAGER_SSIDS * 4u; i++)
		live_add(m, ls, sid, &ste, true, i);
}

static void audit_config(struct smmuv3_model *m, struct audit *a)
{
	struct mdl_ste ste;
	struct mdl_cd cd;
	struct mdl_fault f;
	struct smmuv3_model_stale *s;
	unsigned int i;
	bool bypass;
	uint64_t d;
	int ret;

	for (i = 0; i < m->ste_hw; i++) {
		const struct ste_entry *e = &m->stec[i];

		if (!e->valid)
			continue;
		ret = live_ste(m, e->sid, &ste);
		if (ret == 0 && ste_same(&e->ste, &ste))
			continue;
		s = audit_add(a, SMMUV3_MODEL_STALE_STE);
		if (!s)
			continue;
		s->sid = e->sid;
		snprintf(s->text, sizeof(s->text),
			 "stale STE cache entry: StreamID %u: %s (missing "
			 "CFGI_STE?)",
			 (unsigned int)e->sid,
			 ret ? "the table's STE is now invalid"
			     : "the table's STE now differs");
	}
	for (i = 0; i < m->cd_hw; i++) {
		const struct cd_entry *e = &m->cdc[i];

		if (!e->valid)
			continue;
		memset(&f, 0, sizeof(f));
		bypass = false;
		ret = live_ste(m, e->sid, &ste);
		if (ret == 0 && ste.s1_enabled)
			ret = mdl_cd_fetch(&m->ro_mem, &m->params, &ste, e->ssv,
					   e->index, &cd, &bypass, &f);
		else
			ret = -1;
		if (ret == 0 && bypass == e->s1_bypass &&
		    (bypass || cd_same(&e->cd, &cd)))
			continue;
		s = audit_add(a, SMMUV3_MODEL_STALE_CD);
		if (!s)
			continue;
		s->sid = e->sid;
		s->ssv = e->ssv;
		s->ssid = e->index;
		snprintf(s->text, sizeof(s->text),
			 "stale CD cache entry: StreamID %u SubstreamID %u%s: "
			 "%s (missing CFGI_CD?)",
			 (unsigned int)e->sid, (unsigned int)e->index,
			 e->ssv ? "" : " (no substream)",
			 ret ? "the live CD is now invalid or unreachable"
			     : "the live CD now differs");
	}
	for (i = 0; i < L1CD_CACHE_ENTRIES; i++) {
		const struct l1cd_entry *e = &m->l1cdc[i];

		if (!e->valid || live_ste(m, e->sid, &ste) != 0 ||
		    !ste.s1_enabled || ste.s1fmt == 0 || ste.s2_enabled)
			continue;
		if (mem_read64(m, ste.s1ctxptr + 8u * (uint64_t)e->l1idx, &d) ||
		    !(d & 1u))
			continue;
		s = audit_add(a, SMMUV3_MODEL_STALE_L1CD);
		if (!s)
			continue;
		s->sid = e->sid;
		s->ssv = true;
		s->ssid = e->l1idx;
		snprintf(s->text, sizeof(s->text),
			 "stale invalid L1CD cached: StreamID %u L1 index %u "
			 "is now valid (missing CFGI_CD with Leaf = 0?)",
			 (unsigned int)e->sid, (unsigned int)e->l1idx);
	}
}

/* Whether an earlier valid TLB entry is the same translation (another
 * privilege's copy): one report per stale translation. */
static bool tlb_dup_before(const struct smmuv3_model *m, unsigned int i)
{
	const struct tlb_entry *e = &m->tlb[i];
	unsigned int k;

	for (k = 0; k < i; k++) {
		const struct tlb_entry *o = &m->tlb[k];

		if (o->valid && o->va == e->va && o->pa == e->pa &&
		    o->size_log2 == e->size_log2 && o->stages == e->stages &&
		    o->el2 == e->el2 && o->asid == e->asid &&
		    o->vmid == e->vmid && o->global == e->global)
			return true;
	}
	return false;
}

static void audit_tlb(struct smmuv3_model *m, struct audit *a)
{
	struct live_set ls;
	struct smmuv3_model_stale *s;
	struct mdl_xlate x;
	struct mdl_fault f;
	unsigned int i, j;

	memset(&ls, 0, sizeof(ls));
	for_each_live_sid(m, live_sid, &ls);
	for (i = 0; i < m->tlb_hw; i++) {
		const struct tlb_entry *e = &m->tlb[i];
		const char *why = "";
		bool matched = false, ok = false;
		int ret = 0;

		if (!e->valid)
			continue;
		for (j = 0; j < ls.n && !ok; j++) {
			const struct live_cfg *c = &ls.c[j];

			if (c->stages != e->stages || c->el2 != e->el2 ||
			    c->vmid != e->vmid ||
			    ((e->stages & STAGE_S1) && !e->global &&
			     c->asid != e->asid))
				continue;
			matched = true;
			memset(&f, 0, sizeof(f));
			ret = mdl_translate(&m->ro_mem, &m->params, &c->ste,
					    c->s1 ? &c->cd : NULL, e->va,
					    e->fill_acc, &x, &f);
			ok = ret == 0 && x.pa == e->pa &&
			     x.readable == e->x.readable &&
			     x.writable == e->x.writable &&
			     x.executable == e->x.executable;
			if (!ok)
				why = ret == 0 ? (x.pa != e->pa
							  ? "the tables now "
							    "map it elsewhere "
							    "(missing TLBI?)"
							  : "the tables now "
							    "give other "
							    "permissions "
							    "(missing TLBI?)")
					       : "the tables no longer map it "
						 "(missing TLBI?)";
		}
		/* No live configuration reaches it (its domain is detached
		 * or freed): unused, so not stale until its tags are reused
		 * with other tables, and then reported. */
		if (ok || !matched || tlb_dup_before(m, i))
			continue;
		s = audit_add(a, SMMUV3_MODEL_STALE_TLB);
		if (!s)
			continue;
		s->va = e->va;
		s->pa = e->pa;
		s->size_log2 = e->size_log2;
		s->stages = e->stages;
		s->el2 = e->el2;
		s->asid = e->asid;
		s->vmid = e->vmid;
		s->global = e->global;
		snprintf(
			s->text, sizeof(s->text),
			"stale TLB entry: %s 0x%llx (2^%u bytes) -> PA 0x%llx, "
			"ASID %u VMID %u%s: %s",
			e->stages == STAGE_S2 ? "IPA" : "VA",
			(unsigned long long)e->va, (unsigned int)e->size_log2,
			(unsigned long long)e->pa, (unsigned int)e->asid,
			(unsigned int)e->vmid, e->el2 ? " EL2" : "", why);
	}
	free(ls.c);
}

int smmuv3_model_audit(struct smmuv3_model *m, struct smmuv3_model_stale *out,
		       unsigned int max)
{
	struct audit a;
	struct smmuv3_model_stale *s;

	if (!m || (max && !out))
		return SMMUV3_EINVAL;
	memset(&a, 0, sizeof(a));
	a.out = out;
	a.max = max;
	pthread_mutex_lock(&m->lock);
	if ((m->cr0ack & SMMUV3_CR0_SMMUEN) &&
	    !m->fault_on[SMMUV3_MODEL_FAULT_SFM]) {
		m->rc_on = true;
		audit_config(m, &a);
		audit_tlb(m, &a);
		m->rc_on = false;
		m->rc_size = 0;
		if (m->evictions) {
			s = audit_add(&a, SMMUV3_MODEL_STALE_EVICTED);
			if (s)
				snprintf(s->text, sizeof(s->text),
					 "%llu cache entries were evicted: the "
					 "audit may miss stale ones",
					 (unsigned long long)m->evictions);
		}
	}
	pthread_mutex_unlock(&m->lock);
	return (int)(a.n > (unsigned int)INT32_MAX ? INT32_MAX : a.n);
}

void smmuv3_model_prefetch(struct smmuv3_model *m)
{
	bool eager;

	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	eager = m->eager;
	m->eager = true;
	eager_fill(m);
	m->eager = eager;
	pthread_mutex_unlock(&m->lock);
}

/* ---- DMA ------------------------------------------------------------- */

static int dma_locked(struct smmuv3_model *m, uint32_t sid, bool ssv,
		      uint32_t ssid, uint64_t iova, uint8_t *rd,
		      const uint8_t *wr, size_t len, unsigned int acc,
		      struct smmuv3_model_result *res)
{
	size_t done = 0, chunk, k;
	volatile uint8_t *b;
	struct poc *c;

	eager_fill(m);
	memset(res, 0, sizeof(*res));
	while (done < len) {
		memset(res, 0, sizeof(*res));
		res->dma_done = done;
		access_locked(m, sid, ssv, ssid, iova, acc, res);
		if (res->outcome != SMMUV3_MODEL_XLATE_OK)
			return SMMUV3_EFAULT;
		/* Translations are at least 4 KiB: one page at a time. */
		chunk = 4096u - (size_t)(iova & 4095u);
		if (chunk > len - done)
			chunk = len - done;
		b = dma_va(m, res->pa, chunk);
		if (!b) {
			/* No memory there: the bus aborts the access (not
			 * an SMMU fault, so no event record). */
			res->outcome = SMMUV3_MODEL_XLATE_ABORT;
			return SMMUV3_EFAULT;
		}
		c = m->noncoherent ? poc_find(m, (uintptr_t)b, chunk) : NULL;
		for (k = 0; k < chunk; k++) {
			if (rd) {
				/* Non-coherent: the device reads the PoC. */
				rd[done + k] =
					c ? c->mem[(uintptr_t)b - c->base + k]
					  : b[k];
			} else {
				b[k] = wr[done + k];
				if (c)
					c->mem[(uintptr_t)b - c->base + k] =
						wr[done + k];
			}
		}
		done += chunk;
		iova += chunk;
	}
	res->dma_done = done;
	return 0;
}

int smmuv3_model_dma_read(struct smmuv3_model *m, uint32_t sid, bool ssv,
			  uint32_t ssid, uint64_t iova, void *buf, size_t len,
			  unsigned int acc, struct smmuv3_model_result *res)
{
	int ret;

	if (!m || !res || (len && !buf))
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	ret = dma_locked(m, sid, ssv, ssid, iova, buf, NULL, len,
			 acc & ~MDL_ACC_WRITE, res);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int smmuv3_model_dma_write(struct smmuv3_model *m, uint32_t sid, bool ssv,
			   uint32_t ssid, uint64_t iova, const void *buf,
			   size_t len, unsigned int acc,
			   struct smmuv3_model_result *res)
{
	int ret;

	if (!m || !res || (len && !buf))
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	ret = dma_locked(m, sid, ssv, ssid, iova, NULL, buf, len,
			 (acc | MDL_ACC_WRITE) & ~MDL_ACC_EXEC, res);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int smmuv3_model_access(struct smmuv3_model *m, uint32_t sid, bool ssv,
			uint32_t ssid, uint64_t iova, unsigned int acc,
			struct smmuv3_model_result *res)
{
	if (!m || !res)
		return SMMUV3_EINVAL;
	memset(res, 0, sizeof(*res));
	pthread_mutex_lock(&m->lock);
	eager_fill(m);
	access_locked(m, sid, ssv, ssid, iova, acc, res);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

int smmuv3_model_ste_peek(struct smmuv3_model *m, uint32_t sid,
			  struct mdl_ste *ste, struct mdl_fault *fault)
{
	int ret;

	if (!m || !ste || !fault)
		return SMMUV3_EINVAL;
	memset(ste, 0, sizeof(*ste));
	memset(fault, 0, sizeof(*fault));
	pthread_mutex_lock(&m->lock);
	ret = mdl_ste_fetch(&m->mem, &m->params,
			    m->strtab_base & SMMUV3_STRTAB_BASE_ADDR,
			    m->strtab_base_cfg, sid, ste, fault);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int smmuv3_model_cd_peek(struct smmuv3_model *m, uint32_t sid, bool ssv,
			 uint32_t ssid, struct mdl_cd *cd,
			 struct mdl_fault *fault)
{
	struct mdl_ste ste;
	bool bypass = false;
	int ret;

	if (!m || !cd || !fault)
		return SMMUV3_EINVAL;
	memset(cd, 0, sizeof(*cd));
	memset(fault, 0, sizeof(*fault));
	pthread_mutex_lock(&m->lock);
	ret = mdl_ste_fetch(&m->mem, &m->params,
			    m->strtab_base & SMMUV3_STRTAB_BASE_ADDR,
			    m->strtab_base_cfg, sid, &ste, fault);
	if (ret == 0)
		ret = mdl_cd_fetch(&m->mem, &m->params, &ste, ssv, ssid, cd,
				   &bypass, fault);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* ---- caches API ----------------------------------------------------- */

bool smmuv3_model_ste_cached(struct smmuv3_model *m, uint32_t sid)
{
	bool r;

	pthread_mutex_lock(&m->lock);
	r = ste_lookup(m, sid) != NULL;
	pthread_mutex_unlock(&m->lock);
	return r;
}

bool smmuv3_model_cd_cached(struct smmuv3_model *m, uint32_t sid, uint32_t ssid)
{
	bool r;

	pthread_mutex_lock(&m->lock);
	r = cd_lookup(m, sid, ssid, true) || cd_lookup(m, sid, ssid, false);
	pthread_mutex_unlock(&m->lock);
	return r;
}

unsigned int smmuv3_model_tlb_count(struct smmuv3_model *m)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->tlb_hw; i++)
		n += m->tlb[i].valid;
	pthread_mutex_unlock(&m->lock);
	return n;
}

int smmuv3_model_tlb_insert(struct smmuv3_model *m, uint64_t va,
			    unsigned int stages, bool el2,
			    const struct mdl_xlate *x)
{
	if (!m || !x || stages == 0 || stages > 3u || x->size_log2 < 12 ||
	    x->size_log2 >= 64)
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	tlb_add(m, va, stages, el2, x->asid, x->vmid, x, MDL_ACC_WRITE, 0);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

bool smmuv3_model_tlb_lookup(struct smmuv3_model *m, uint64_t va,
			     unsigned int stages, bool el2, uint16_t asid,
			     uint16_t vmid)
{
	bool r;

	pthread_mutex_lock(&m->lock);
	r = tlb_find(m, va, stages, el2, asid, vmid) != NULL;
	pthread_mutex_unlock(&m->lock);
	return r;
}

/* ---- observation ---------------------------------------------------- */

void smmuv3_model_counters(struct smmuv3_model *m,
			   struct smmuv3_model_counters *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->ctr;
	pthread_mutex_unlock(&m->lock);
}

const char *smmuv3_model_last_violation(struct smmuv3_model *m)
{
	return m->violation;
}

unsigned int smmuv3_model_cmd_log_count(struct smmuv3_model *m)
{
	unsigned int n;

	pthread_mutex_lock(&m->lock);
	n = m->cmdlog_n;
	pthread_mutex_unlock(&m->lock);
	return n;
}

int smmuv3_model_cmd_log_get(struct smmuv3_model *m, unsigned int i,
			     struct smmuv3_model_cmd *out)
{
	int ret = SMMUV3_ENOENT;

	pthread_mutex_lock(&m->lock);
	if (i < m->cmdlog_n) {
		*out = m->cmdlog[i];
		ret = 0;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

unsigned int smmuv3_model_atc_log_count(struct smmuv3_model *m, uint32_t sid)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->atclog_n; i++)
		n += m->atclog[i].sid == sid;
	pthread_mutex_unlock(&m->lock);
	return n;
}

int smmuv3_model_atc_log_get(struct smmuv3_model *m, uint32_t sid,
			     unsigned int i, struct smmuv3_model_atc_inv *out)
{
	unsigned int k;
	int ret = SMMUV3_ENOENT;

	pthread_mutex_lock(&m->lock);
	for (k = 0; k < m->atclog_n; k++) {
		if (m->atclog[k].sid != sid)
			continue;
		if (i-- == 0) {
			*out = m->atclog[k];
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

unsigned int smmuv3_model_log_count(struct smmuv3_model *m)
{
	unsigned int n;

	pthread_mutex_lock(&m->lock);
	n = m->log_n;
	pthread_mutex_unlock(&m->lock);
	return n;
}

int smmuv3_model_log_get(struct smmuv3_model *m, unsigned int i,
			 struct smmuv3_model_log_entry *out)
{
	int ret = SMMUV3_ENOENT;

	pthread_mutex_lock(&m->lock);
	if (i < m->log_n) {
		*out = m->log[i];
		ret = 0;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

void smmuv3_model_log_clear(struct smmuv3_model *m)
{
	pthread_mutex_lock(&m->lock);
	m->log_n = 0;
	pthread_mutex_unlock(&m->lock);
}

int smmuv3_model_log_find(struct smmuv3_model *m, unsigned int from,
			  enum smmuv3_model_log_kind kind, uint32_t offset)
{
	unsigned int i;
	int r = -1;

	pthread_mutex_lock(&m->lock);
	for (i = from; i < m->log_n; i++) {
		const struct smmuv3_model_log_entry *e = &m->log[i];

		if (e->kind != kind)
			continue;
		if (kind == SMMUV3_MODEL_LOG_BARRIER && offset == ~0u) {
			r = (int)i;
			break;
		}
		if (e->offset == offset) {
			r = (int)i;
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return r;
}

bool smmuv3_model_log_barrier_between(struct smmuv3_model *m, int a, int b,
				      int barrier)
{
	bool found = false;
	int i;

	pthread_mutex_lock(&m->lock);
	for (i = a + 1; i < b && i >= 0 && (unsigned int)i < m->log_n; i++) {
		const struct smmuv3_model_log_entry *e = &m->log[i];

		if (e->kind == SMMUV3_MODEL_LOG_BARRIER &&
		    (barrier < 0 || e->value == (uint64_t)barrier)) {
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return found;
}

/* ---- event and PRI injection ---------------------------------------- */

int smmuv3_model_event_inject(struct smmuv3_model *m, const uint64_t rec[4])
{
	int ret;

	if (!m || !rec)
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	ret = evt_produce(m, rec);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int smmuv3_model_pri_inject(struct smmuv3_model *m, const uint64_t rec[2])
{
	int ret;

	if (!m || !rec)
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	ret = q_produce(m, &m->priq, priqs(m), 2, rec, SMMUV3_CR0_PRIQEN,
			SMMUV3_GERROR_PRIQ_ABT_ERR, true);
	if (ret == 0) {
		m->ctr.pri_written++;
		irq_signal(m, 2);
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int smmuv3_model_pri_request(struct smmuv3_model *m,
			     const struct smmuv3_model_pri_req *req)
{
	uint64_t rec[2];
	int ret;

	if (!m || !req || req->grpid > 0x1ffu || (req->addr & 0xfffu) ||
	    (req->ssv && req->ssid > 0xfffffu))
		return SMMUV3_EINVAL;
	rec[0] = SMMUV3_FIELD_PREP(P0_SID, (uint64_t)req->sid) |
		 (req->ssv ? P0_SSV | SMMUV3_FIELD_PREP(P0_SSID,
							(uint64_t)req->ssid)
			   : 0) |
		 (req->priv ? P0_PRIV : 0) | (req->exec ? P0_EXEC : 0) |
		 (req->read ? P0_READ : 0) | (req->write ? P0_WRITE : 0) |
		 (req->last ? P0_LAST : 0);
	rec[1] = SMMUV3_FIELD_PREP(P1_GRPID, (uint64_t)req->grpid) |
		 (req->addr & P1_ADDR);
	ret = smmuv3_model_pri_inject(m, rec);
	if (ret == 0 && req->last) {
		/* The last request of a group makes it await a PRI_RESP. */
		unsigned int i;

		pthread_mutex_lock(&m->lock);
		for (i = 0; i < PRG_ENTRIES; i++) {
			struct prg *g = &m->prgs[i];

			if (g->valid)
				continue;
			g->valid = true;
			g->sid = req->sid;
			g->ssv = req->ssv;
			g->ssid = req->ssv ? req->ssid : 0;
			g->grpid = req->grpid;
			break;
		}
		pthread_mutex_unlock(&m->lock);
	}
	return ret;
}

bool smmuv3_model_prg_outstanding(struct smmuv3_model *m, uint32_t sid,
				  uint16_t grpid)
{
	unsigned int i;
	bool r = false;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < PRG_ENTRIES; i++)
		if (m->prgs[i].valid && m->prgs[i].sid == sid &&
		    m->prgs[i].grpid == grpid)
			r = true;
	pthread_mutex_unlock(&m->lock);
	return r;
}

void smmuv3_model_set_observer(struct smmuv3_model *m,
			       smmuv3_model_observer_fn fn, void *ctx)
{
	pthread_mutex_lock(&m->lock);
	m->observer = fn;
	m->observer_ctx = ctx;
	pthread_mutex_unlock(&m->lock);
}

void smmuv3_model_params(struct smmuv3_model *m, struct mdl_params *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->params;
	pthread_mutex_unlock(&m->lock);
}

int smmuv3_model_stall_result(struct smmuv3_model *m, uint16_t stag,
			      struct smmuv3_model_result *res)
{
	unsigned int i;
	int ret = SMMUV3_ENOENT;

	if (!m || !res)
		return SMMUV3_EINVAL;
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < STALL_ENTRIES; i++) {
		const struct stall *st = &m->stalls[i];

		if (!st->valid || st->stag != stag)
			continue;
		if (st->pending) {
			ret = SMMUV3_EAGAIN;
		} else {
			*res = st->res;
			ret = 0;
		}
		break;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int smmuv3_model_ats_translate(struct smmuv3_model *m, uint32_t sid, bool ssv,
			       uint32_t ssid, uint64_t iova, unsigned int acc,
			       struct smmuv3_model_result *res)
{
	struct mdl_fault f;
	struct mdl_ste ste;
	int ret;

	if (!m || !res)
		return SMMUV3_EINVAL;
	if (!(m->idr[0] & SMMUV3_IDR0_ATS))
		return SMMUV3_EOPNOTSUPP;
	memset(res, 0, sizeof(*res));
	memset(&f, 0, sizeof(f));
	pthread_mutex_lock(&m->lock);
	eager_fill(m);
	if (!(m->cr0ack & SMMUV3_CR0_SMMUEN) ||
	    m->fault_on[SMMUV3_MODEL_FAULT_SFM]) {
		res->outcome = SMMUV3_MODEL_XLATE_ABORT;
		goto out;
	}
	ret = get_ste(m, sid, &ste, &f);
	if (ret == 0 && ste.valid && ste.config != MDL_STE_CFG_ABORT &&
	    ste.config != MDL_STE_CFG_BYPASS && ste.eats == 0) {
		/* 5.2 EATS = 0: ATS requests are not allowed. */
		f.event_id = MDL_EVT_F_BAD_ATS_TREQ;
		f.input_addr = iova;
		f.rnw = !(acc & MDL_ACC_WRITE);
		report(m, sid, ssv, ssid, &f, true, res);
		goto out;
	}
	m->in_ats = true;
	access_locked(m, sid, ssv, ssid, iova, acc, res);
	m->in_ats = false;
	if (res->outcome == SMMUV3_MODEL_XLATE_OK) {
		struct atc_entry *e = &m->atc[m->atc_next];
		unsigned int sz = res->bypass ? 12u : res->xlate.size_log2;
		uint64_t mask;

		if (sz < 12u || sz >= 64u)
			sz = 12u;
		mask = (1ull << sz) - 1u;
		m->atc_next = (m->atc_next + 1u) % ATC_ENTRIES;
		e->valid = true;
		e->sid = sid;
		e->ssv = ssv;
		e->ssid = ssv ? ssid : 0;
		e->va = iova & ~mask;
		e->pa = res->pa - (iova & mask);
		e->size_log2 = (uint8_t)sz;
	}
out:
	pthread_mutex_unlock(&m->lock);
	return 0;
}

bool smmuv3_model_atc_lookup(struct smmuv3_model *m, uint32_t sid, bool ssv,
			     uint32_t ssid, uint64_t iova, uint64_t *pa)
{
	unsigned int i;
	bool hit = false;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < ATC_ENTRIES; i++) {
		const struct atc_entry *e = &m->atc[i];

		if (!e->valid || e->sid != sid || e->ssv != ssv ||
		    (ssv && e->ssid != ssid) ||
		    ((iova ^ e->va) >> e->size_log2) != 0)
			continue;
		if (pa)
			*pa = e->pa + (iova - e->va);
		hit = true;
		break;
	}
	pthread_mutex_unlock(&m->lock);
	return hit;
}
