/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Probing: the ID registers plus firmware hints, resolved (with every
 * erratum applied, see errata.h) into one struct smmuv3_caps. Every other
 * module takes its feature decisions from this struct and nothing else.
 */
#ifndef SMMUV3_IDR_H
#define SMMUV3_IDR_H

#include <smmuv3/osal.h>
#include <smmuv3/types.h>

/* Resolved features (after firmware overrides and errata). */
#define SMMUV3_FEAT_2LVL_STRTAB (1ull << 0)  /* 2-level stream table usable */
#define SMMUV3_FEAT_2LVL_CDTAB (1ull << 1)   /* IDR0.CD2L */
#define SMMUV3_FEAT_TT_LE (1ull << 2)        /* little-endian walks */
#define SMMUV3_FEAT_TT_BE (1ull << 3)        /* big-endian walks */
#define SMMUV3_FEAT_PRI (1ull << 4)
#define SMMUV3_FEAT_ATS (1ull << 5)
#define SMMUV3_FEAT_SEV (1ull << 6)          /* CMD_SYNC CS=SEV + WFE polling */
#define SMMUV3_FEAT_MSI (1ull << 7)
#define SMMUV3_FEAT_COHERENCY (1ull << 8)    /* coherent table/queue access */
#define SMMUV3_FEAT_TRANS_S1 (1ull << 9)
#define SMMUV3_FEAT_TRANS_S2 (1ull << 10)
#define SMMUV3_FEAT_STALLS (1ull << 11)
#define SMMUV3_FEAT_HYP (1ull << 12)
#define SMMUV3_FEAT_STALL_FORCE (1ull << 13)
#define SMMUV3_FEAT_VAX (1ull << 14)         /* 52-bit stage-1 VA */
#define SMMUV3_FEAT_RANGE_INV (1ull << 15)   /* IDR3.RIL */
#define SMMUV3_FEAT_BTM (1ull << 16)
#define SMMUV3_FEAT_E2H (1ull << 18)         /* HYP and the host runs VHE */
#define SMMUV3_FEAT_NESTING (1ull << 19)     /* S1 and S2 usable together */
#define SMMUV3_FEAT_ATTR_TYPES_OVR (1ull << 20)
#define SMMUV3_FEAT_HA (1ull << 21)          /* HTTU access flag */
#define SMMUV3_FEAT_HD (1ull << 22)          /* HTTU dirty state */
#define SMMUV3_FEAT_S2FWB (1ull << 23)
#define SMMUV3_FEAT_BBML2 (1ull << 24)
#define SMMUV3_FEAT_HAFT (1ull << 25)
#define SMMUV3_FEAT_DS (1ull << 26)          /* IDR5.DS: 52-bit with 4K/16K */
#define SMMUV3_FEAT_ATTR_PERMS_OVR (1ull << 27)
#define SMMUV3_FEAT_TERM_MODEL (1ull << 28)
#define SMMUV3_FEAT_XNX (1ull << 29)
#define SMMUV3_FEAT_GRAN4K (1ull << 30)
#define SMMUV3_FEAT_GRAN16K (1ull << 31)
#define SMMUV3_FEAT_GRAN64K (1ull << 32)
#define SMMUV3_FEAT_ECMDQ (1ull << 33)
#define SMMUV3_FEAT_ASID16 (1ull << 34)
#define SMMUV3_FEAT_VMID16 (1ull << 35)

/* Options: behaviours other modules must adopt (errata, quirks). */
#define SMMUV3_OPT_SKIP_PREFETCH (1u << 0)       /* never issue PREFETCH_* */
#define SMMUV3_OPT_PAGE0_REGS_ONLY (1u << 1)     /* page-1 regs live in page 0 */
#define SMMUV3_OPT_MSIPOLL (1u << 2)             /* CMD_SYNC via MSI write-back */
#define SMMUV3_OPT_CMDQ_FORCE_SYNC (1u << 3)     /* sync before a batch reaches 64 */
#define SMMUV3_OPT_OVR_INSTCFG_DATA (1u << 5)    /* STE.INSTCFG = data */
#define SMMUV3_OPT_FULL_CONT_RANGE_INV (1u << 6) /* one range must span a CONT run */
#define SMMUV3_OPT_REPEAT_INV (1u << 7)          /* repeat CFGI/TLBI after sync */

/* Firmware description, given to the probe (DT or ACPI or the integrator). */
#define SMMUV3_FW_COHERENT (1u << 0)        /* dma-coherent / IORT COHACC */
#define SMMUV3_FW_HTTU_OVERRIDE (1u << 1)   /* use fw_httu instead of IDR0.HTTU */
#define SMMUV3_FW_QUIRK_BROKEN_PREFETCH (1u << 2) /* hisilicon,broken-prefetch-cmd */
#define SMMUV3_FW_QUIRK_PAGE0_ONLY (1u << 3) /* cavium,cn9900-broken-page1-regspace */
#define SMMUV3_FW_INSTDATA_OVERRIDE (1u << 4) /* arm,instdata-override */
#define SMMUV3_FW_TEGRA264 (1u << 5)         /* nvidia,tegra264-smmu */
#define SMMUV3_FW_HOST_VHE (1u << 6)         /* the host runs at EL2 with E2H */
#define SMMUV3_FW_HOST_BE (1u << 7)          /* the CPU is big-endian */
#define SMMUV3_FW_NO_MSIPOLL (1u << 8)       /* do not use MSI write-back */
/* Every defined SMMUV3_FW_* bit; any other bit is refused (BAD_FW). */
#define SMMUV3_FW_ALL ((1u << 9) - 1u)

struct smmuv3_fw_info {
	uint32_t flags;       /* SMMUV3_FW_* */
	uint8_t fw_httu;      /* IDR0.HTTU encoding, with SMMUV3_FW_HTTU_OVERRIDE */
	uint8_t host_va_bits; /* CPU VA bits to clamp stage-1 IAS; 0 = no clamp */
};

/* Raw ID register values, as read or as given to smmuv3_idr_resolve(). */
struct smmuv3_idregs {
	uint32_t idr[6]; /* IDR0..IDR5 */
	uint32_t iidr;
	uint32_t aidr;
};

/* Granule indices used for the per-granule page-size bitmaps. */
enum smmuv3_granule {
	SMMUV3_GRANULE_4K = 0,
	SMMUV3_GRANULE_16K = 1,
	SMMUV3_GRANULE_64K = 2,
	SMMUV3_GRANULE_COUNT = 3,
};

struct smmuv3_caps {
	struct smmuv3_idregs regs; /* what was read */
	uint64_t features;         /* SMMUV3_FEAT_* after errata */
	uint32_t options;          /* SMMUV3_OPT_* */
	uint64_t errata;           /* bit i: row i of the errata table applied */

	uint8_t arch_major, arch_minor; /* AIDR: SMMUv3.<minor> */
	uint8_t asid_bits, vmid_bits;   /* 8 or 16 */
	uint8_t sid_bits, ssid_bits;    /* IDR1.SIDSIZE, SSIDSIZE */
	uint8_t oas_bits;               /* from IDR5.OAS */
	uint8_t s1_ias_bits, s1_oas_bits; /* for stage-1 domains */
	uint8_t s2_ias_bits, s2_oas_bits; /* for stage-2 domains */
	uint8_t cmdq_shift, evtq_shift, priq_shift; /* log2 entries, capped */
	uint8_t stall_model;            /* IDR0.STALL_MODEL */
	uint16_t stall_max;             /* IDR5.STALL_MAX */
	uint64_t pgsize[SMMUV3_GRANULE_COUNT]; /* page/block sizes per granule; 0 = granule absent */
	uint64_t pgsize_bitmap;         /* union of pgsize[] */

	/* Stream table layout */
	bool strtab_2lvl;
	uint8_t strtab_split;       /* log2 STEs per L2 table (2-level) */
	uint32_t strtab_l1_entries; /* L1 descriptors (2-level) */
	uint8_t strtab_log2size;    /* STRTAB_BASE_CFG.LOG2SIZE */

	/* Raw and firmware-derived values (fields above keep their meaning). */
	uint32_t fw_flags;          /* SMMUV3_FW_* the caps were resolved with */
	uint8_t ttf;                /* IDR0.TTF */
	uint8_t httu;               /* HTTU level used: IDR0.HTTU or fw_httu */
	uint8_t bbml;               /* IDR3.BBML */
	uint8_t vax;                /* IDR5.VAX */
	uint16_t iidr_implementer;  /* IIDR fields, for reports */
	uint16_t iidr_product;
	uint8_t iidr_variant, iidr_revision;
};

/* Why a probe refused a part (struct smmuv3_probe_report.reason). */
enum smmuv3_refusal {
	SMMUV3_REFUSE_NONE = 0,
	SMMUV3_REFUSE_NO_TRANSLATION,  /* IDR0.S1P == S2P == 0 */
	SMMUV3_REFUSE_NO_AARCH64_TTF,  /* IDR0.TTF lacks AArch64 */
	SMMUV3_REFUSE_TTENDIAN,        /* reserved or incompatible endianness */
	SMMUV3_REFUSE_PRESET,          /* TABLES_PRESET / QUEUES_PRESET / REL */
	SMMUV3_REFUSE_CMDQ_TOO_SMALL,  /* cannot hold a batch plus a sync */
	SMMUV3_REFUSE_INSTDATA_OVR,    /* instdata override without ATTR_PERMS_OVR */
	SMMUV3_REFUSE_NO_GRANULE,      /* no translation granule */
	SMMUV3_REFUSE_OAS,             /* reserved IDR5.OAS */
	SMMUV3_REFUSE_BAD_LIMIT,       /* caller limits out of range */
	SMMUV3_REFUSE_SIDSIZE,         /* SIDSIZE too large for linear table */
	SMMUV3_REFUSE_RESERVED,        /* reserved value in an ID field */
	SMMUV3_REFUSE_BAD_FW,          /* firmware info out of range */
	SMMUV3_REFUSE_COUNT
};

/* Warnings: the probe succeeded but something deserves a log line. */
#define SMMUV3_PROBE_WARN_COHACC_MISMATCH (1u << 0) /* fw coherency != IDR0.COHACC */
#define SMMUV3_PROBE_WARN_HTTU_MISMATCH (1u << 1)   /* fw_httu != IDR0.HTTU */
#define SMMUV3_PROBE_WARN_SID_TRUNCATED (1u << 2)   /* L1 cap: sid_bits reduced */
#define SMMUV3_PROBE_WARN_STALL_MODEL (1u << 3)     /* reserved, treated as no stall */
#define SMMUV3_PROBE_WARN_ST_LEVEL (1u << 4)        /* reserved, treated as linear */
#define SMMUV3_PROBE_WARN_VAX (1u << 5)             /* reserved, treated as 48-bit */
#define SMMUV3_PROBE_WARN_QUEUE_CAPPED (1u << 6)    /* a queue below its IDR1 size */
#define SMMUV3_PROBE_WARN_OAS_CLAMPED (1u << 7)     /* 56-bit OAS used as 52 */

/*
 * Which field a refusal is about, in struct smmuv3_probe_report.detail: the
 * raw field value that was refused (e.g. IDR0.TTF, the capped CMDQ log2
 * size, the SIDSIZE), or the offending caller/firmware value.
 */
struct smmuv3_probe_report {
	enum smmuv3_refusal reason; /* SMMUV3_REFUSE_NONE on success */
	uint32_t detail;            /* the value refused */
	uint32_t warnings;          /* SMMUV3_PROBE_WARN_* (also on success) */
};

/*
 * What the caller is willing to allocate. Each field is a log2 number of
 * queue entries; 0 means "no cap" (the architectural maximum,
 * SMMUV3_PROBE_MAX_QUEUE_SHIFT). The command queue cap must be > 6 (a batch
 * of SMMUV3_CMDQ_BATCH_MIN_SHIFT commands plus a CMD_SYNC must fit).
 */
struct smmuv3_probe_limits {
	uint8_t cmdq_max_shift;
	uint8_t evtq_max_shift;
	uint8_t priq_max_shift;
};

/* IHI 0070 6.3.2: CMDQS, EVTQS and PRIQS are at most 19. */
#define SMMUV3_PROBE_MAX_QUEUE_SHIFT 19u
/* log2 of the largest command batch (64), which must fit with a CMD_SYNC. */
#define SMMUV3_CMDQ_BATCH_MIN_SHIFT 6u
/* 2-level stream table: STEs per L2 table (log2) and the L1 cap (entries). */
#define SMMUV3_STRTAB_SPLIT 8u
#define SMMUV3_STRTAB_L1_MAX_SHIFT 17u
/* Largest linear stream table the library builds: 2^20 STEs = 64 MiB. */
#define SMMUV3_STRTAB_LINEAR_MAX_SID_BITS 20u

/* Arm Ltd's JEP106 code in IIDR.Implementer and Arm SMMU product IDs. */
#define SMMUV3_IIDR_IMPL_ARM 0x43bu
#define SMMUV3_IIDR_PROD_MMU600 0x483u
#define SMMUV3_IIDR_PROD_MMU700 0x487u
#define SMMUV3_IIDR_PROD_MMUL1 0x48au
#define SMMUV3_IIDR_PROD_MMUS3 0x498u

/**
 * smmuv3_idr_read() - read the ID registers of an SMMU.
 * @osal: the port (MMIO via read32 at offsets from the SMMU base).
 * @regs: receives IDR0..IDR5, IIDR and AIDR.
 *
 * Only reads; no side effects on the SMMU. IDR2 and IDR4 are read and kept
 * raw (IDR4 is IMPLEMENTATION DEFINED).
 * Return: 0; SMMUV3_EINVAL if an argument is NULL or the port has no read32.
 * On error: nothing was read and *@regs is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_idr_read(const struct smmuv3_osal *osal, struct smmuv3_idregs *regs);

/**
 * smmuv3_idr_resolve() - turn ID registers and firmware hints into caps.
 * @regs:   raw register values (read, or given by a tool or test).
 * @fw:     firmware description; NULL means "no flags, no VA clamp".
 * @limits: caller caps on queue sizes; NULL means none.
 * @caps:   receives the resolved capabilities (written only on success).
 * @rep:    receives the refusal reason and warnings; may be NULL.
 *
 * Pure: touches no device. Applies, in order: the ID fields (IHI 0070
 * 6.3.1-6.3.8), the firmware overrides (fw coherency beats IDR0.COHACC,
 * fw_httu beats IDR0.HTTU under SMMUV3_FW_HTTU_OVERRIDE, E2H needs HYP and
 * SMMUV3_FW_HOST_VHE), NESTING = S1 && S2, then every matching row of the
 * errata table (errata.h), then the checks that depend on options. See
 * docs/probing.md for each derived value.
 *
 * Return: 0 on success. On failure *@caps is untouched, @rep->reason says
 * why and @rep->detail holds the refused value:
 *  SMMUV3_EINVAL  @regs or @caps NULL; limits out of range
 *                 (SMMUV3_REFUSE_BAD_LIMIT); firmware info out of range
 *                 (SMMUV3_REFUSE_BAD_FW: a flag outside SMMUV3_FW_ALL,
 *                 fw_httu > 3, host_va_bits not 0 or 25..52).
 *  SMMUV3_ENXIO   the SMMU cannot be driven: NO_TRANSLATION, NO_AARCH64_TTF,
 *                 TTENDIAN (reserved or not matching SMMUV3_FW_HOST_BE),
 *                 PRESET (IDR1.TABLES_PRESET, QUEUES_PRESET or REL),
 *                 CMDQ_TOO_SMALL (capped CMDQS <= 6), INSTDATA_OVR
 *                 (arm,instdata-override without IDR1.ATTR_PERMS_OVR),
 *                 NO_GRANULE, OAS (IDR5.OAS 0b111 before SMMUv3.4; from
 *                 v3.4 it is 56 bits, used as 52 with
 *                 SMMUV3_PROBE_WARN_OAS_CLAMPED), SIDSIZE (SIDSIZE > 32,
 *                 or > SMMUV3_STRTAB_LINEAR_MAX_SID_BITS without a usable
 *                 2-level table), RESERVED (SSIDSIZE > 20).
 * On error: *@caps is unchanged; *@rep (when given) names the reason.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_idr_resolve(const struct smmuv3_idregs *regs,
		   const struct smmuv3_fw_info *fw,
		   const struct smmuv3_probe_limits *limits,
		   struct smmuv3_caps *caps, struct smmuv3_probe_report *rep);

/**
 * smmuv3_idr_probe() - smmuv3_idr_read() then smmuv3_idr_resolve().
 * @osal: the port, as for smmuv3_idr_read().
 * @fw: firmware description, as for smmuv3_idr_resolve(); may be NULL.
 * @limits: queue-size caps, as for smmuv3_idr_resolve(); may be NULL.
 * @caps: receives the resolved capabilities (only on success).
 * @rep: receives the refusal reason and warnings; may be NULL (cleared
 *       first when given).
 * Return: 0; SMMUV3_EINVAL (a NULL @osal, port without read32, NULL
 * @caps, or limits or firmware information out of range); SMMUV3_ENXIO
 * (the SMMU cannot be driven: every reason listed for
 * smmuv3_idr_resolve()).
 * On error: *@caps is unchanged; *@rep names the reason (SMMUV3_REFUSE_NONE
 * when the registers could not be read).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_idr_probe(const struct smmuv3_osal *osal,
		 const struct smmuv3_fw_info *fw,
		 const struct smmuv3_probe_limits *limits,
		 struct smmuv3_caps *caps, struct smmuv3_probe_report *rep);

/**
 * smmuv3_idr_refusal_name() - short constant text for a refusal reason.
 * @reason: a value of enum smmuv3_refusal (any value is accepted).
 * Return: a static string; "unknown" for values out of range.
 */
SMMUV3_API const char *smmuv3_idr_refusal_name(enum smmuv3_refusal reason);


#endif /* SMMUV3_IDR_H */
