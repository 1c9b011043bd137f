/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The model's translation engine: stream-table, CD-table and page-table
 * walks with the architected fault checks (IHI 0070 chapters 3, 5 and 7;
 * Arm ARM VMSAv8-64 for the page tables). Written from the architecture,
 * independently of the library's src/, so that it can act as an oracle:
 * tests decode what the library wrote with these functions.
 *
 * Pure functions over a memory accessor: no caching here (the model core
 * caches what these return). Every descriptor read is one 64-bit access.
 *
 * Return convention for the int functions: 0 on success, otherwise the
 * architected event ID of the fault (MDL_EVT_*), with *fault filled in.
 *
 * Choices the architecture leaves open, or restrictions, of this model:
 * - AArch32 tables (STE.S2AA64 = 0, CD.AA64 = 0) are ILLEGAL (C_BAD_*).
 * - CD.TTBx outside the effective IPS is ILLEGAL (as S2TTB is for S2PS);
 *   TxSZ outside [16 (12 with 64K and IDR5.VAX), 39 (48/47 with
 *   IDR3.STT)] is ILLEGAL; so is CD.S = 1 under STE.S1STALLD = 1.
 * - S1ContextPtr beyond OAS (stage 2 bypassed) is C_BAD_STE; an L1STD
 *   SPAN of 0 or beyond SPLIT + 1, or a StreamID beyond SPAN, is
 *   C_BAD_STREAMID; an L1CD with V = 0 is C_BAD_SUBSTREAMID.
 * - fetch_addr of F_STE_FETCH/F_CD_FETCH/F_WALK_EABT is the address of the
 *   64-bit word whose read aborted.
 * - Table base addresses (TTBx, S2TTB) are aligned down to the size of the
 *   (concatenated) root table: low bits are treated as zero.
 * - Instruction fetches need execute permission only (as the Arm ARM
 *   stage-1/stage-2 checks); writes are always data accesses.
 * - A translation fault for an input outside the TxSZ range, or with EPDx,
 *   reports level 0; an address size fault on a table address reports the
 *   level of the table descriptor that held it.
 * - With IDR5.OAS = 52 and the 64K granule, descriptor bits [15:12] are
 *   OA[51:48] (and 4TB level-1 blocks are legal); beyond the effective IPS
 *   or S2PS they give an address size fault.
 * - HTTU: AF (CD.HA, STE.S2HA) and dirty state (CD.HD, STE.S2HD, with
 *   DBM) at both stages, when params.httu_enabled and IDR0.HTTU allow it;
 *   the descriptor is rewritten with one 64-bit write.
 * - Bypassed stages: Config bypass and stage 1 bypass without stage 2
 *   check the input against OAS, stage 1 bypass with stage 2 against IAS
 *   (F_ADDR_SIZE, stage 1, level 0).
 */
#ifndef SMMUV3_MODEL_WALK_H
#define SMMUV3_MODEL_WALK_H

#include <stdbool.h>
#include <stdint.h>

/* Event IDs (IHI 0070 7.3) */
#define MDL_EVT_F_UUT 0x01
#define MDL_EVT_C_BAD_STREAMID 0x02
#define MDL_EVT_F_STE_FETCH 0x03
#define MDL_EVT_C_BAD_STE 0x04
#define MDL_EVT_F_BAD_ATS_TREQ 0x05
#define MDL_EVT_F_STREAM_DISABLED 0x06
#define MDL_EVT_F_TRANSL_FORBIDDEN 0x07
#define MDL_EVT_C_BAD_SUBSTREAMID 0x08
#define MDL_EVT_F_CD_FETCH 0x09
#define MDL_EVT_C_BAD_CD 0x0a
#define MDL_EVT_F_WALK_EABT 0x0b
#define MDL_EVT_F_TRANSLATION 0x10
#define MDL_EVT_F_ADDR_SIZE 0x11
#define MDL_EVT_F_ACCESS 0x12
#define MDL_EVT_F_PERMISSION 0x13
#define MDL_EVT_F_TLB_CONFLICT 0x20
#define MDL_EVT_F_CFG_CONFLICT 0x21

/*
 * Not an event: the transaction is terminated without an event record
 * (STE.Config == abort, IHI 0070 5.2). event_id in the fault stays 0.
 */
#define MDL_RES_ABORT 0x100

/* CLASS of a stage-2 fault (IHI 0070 7.3.12) */
#define MDL_CLASS_CD 0u /* fetching a CD (or L1CD) through stage 2 */
#define MDL_CLASS_TT 1u /* a stage-1 table walk access through stage 2 */
#define MDL_CLASS_IN 2u /* the input address (its IPA) */

/* Memory accessor: return 0, or -1 for an external abort at @pa. */
struct mdl_mem {
	int (*read64)(void *ctx, uint64_t pa, uint64_t *val);
	int (*write64)(void *ctx, uint64_t pa, uint64_t val); /* HTTU updates */
	void *ctx;
};

/* The ID-register values that shape walks (S1P/S2P, granules, OAS, sizes). */
struct mdl_params {
	uint32_t idr[6];
	bool httu_enabled; /* honour CD.HA/HD (requires IDR0.HTTU) */
	bool e2h;	   /* SMMU_CR2.E2H: STRW == 0b10 means EL2-E2H */
};

/* STE.Config values (IHI 0070 5.2) */
#define MDL_STE_CFG_ABORT 0u
#define MDL_STE_CFG_BYPASS 4u
#define MDL_STE_CFG_S1 5u
#define MDL_STE_CFG_S2 6u
#define MDL_STE_CFG_NESTED 7u

/*
 * A decoded STE: only the fields the hardware uses for its Config. Fields
 * the configuration does not use are left zero, so two decoded entries
 * (ignoring raw[]) compare equal exactly when the hardware would behave the
 * same: the hitless-update tests rely on this. The same holds for mdl_cd.
 */
struct mdl_ste {
	uint64_t raw[8];
	bool valid;
	uint8_t config; /* STE.Config (3 bits) */
	bool s1_enabled, s2_enabled;
	/* stage 1 */
	uint8_t s1fmt;
	uint64_t s1ctxptr; /* physical (or IPA when nested) address */
	uint8_t s1cdmax;
	uint8_t s1dss;
	uint8_t s1cir, s1cor, s1csh;
	bool s1stalld;
	uint8_t eats;
	uint8_t strw;
	bool mev;
	uint8_t shcfg, instcfg, privcfg, memattr;
	bool mtcfg;
	uint8_t alloccfg;
	/* stage 2 */
	uint16_t s2vmid;
	uint8_t s2t0sz, s2sl0, s2ir0, s2or0, s2sh0, s2tg, s2ps;
	bool s2aa64, s2endi, s2affd, s2ptw, s2s, s2r, s2fwb;
	bool s2ha, s2hd; /* used only with params.httu_enabled + IDR0.HTTU */
	uint64_t s2ttb;
};

/* A decoded CD. */
struct mdl_cd {
	uint64_t raw[8];
	bool valid;
	uint8_t t0sz, tg0, irgn0, orgn0, sh0;
	bool epd0, epd1, endi;
	uint8_t t1sz, tg1, irgn1, orgn1, sh1;
	uint8_t ips;
	bool aff, wxn, uwxn, tbi0, tbi1, pan, aa64, hd, ha, s, r, a, aset;
	uint16_t asid;
	uint64_t ttb0, ttb1;
	uint64_t mair;
	uint64_t amair;
	bool had0, had1; /* hierarchical attributes disabled (IDR3.HAD) */
};

/* Access being translated */
#define MDL_ACC_WRITE (1u << 0) /* else read */
#define MDL_ACC_EXEC (1u << 1)	/* instruction fetch (InD) */
#define MDL_ACC_PRIV (1u << 2)	/* privileged (PnU) */

/* A fault, in the terms of an event record (IHI 0070 7.3). */
struct mdl_fault {
	uint8_t event_id;
	bool s2;      /* fault at stage 2 */
	uint8_t clss; /* CLASS: 0 CD, 1 TT (walk of S1 tables at S2), 2 IN */
	bool rnw, ind, pnu;
	uint64_t input_addr;
	uint64_t ipa;	     /* for stage-2 faults */
	uint64_t fetch_addr; /* for fetch faults / walk external aborts */
	uint8_t level;	     /* lookup level of a translation fault */
	bool ttrnw;	     /* CLASS == TT: the table access was a read */
};

/* mdl_xlate.perm[] bits */
#define MDL_PERM_R (1u << 0)
#define MDL_PERM_W (1u << 1) /* without a dirty-state update */
#define MDL_PERM_X (1u << 2)

/* Result of a successful translation (what a TLB would cache). */
struct mdl_xlate {
	uint64_t pa;	   /* output address of the access */
	uint8_t size_log2; /* size of the (combined) leaf entry */
	bool readable, writable, executable;
	bool global; /* stage-1 nG == 0 */
	uint16_t asid, vmid;
	uint8_t s1_level, s2_level; /* leaf levels (0xff = stage bypassed) */
	uint64_t attrs; /* implementation-defined summary of memory attrs */
	/*
	 * Both stages combined, for [0] unprivileged and [1] privileged
	 * accesses (after PRIVCFG): what a TLB entry grants to later accesses
	 * of either privilege. readable/writable/executable above are for the
	 * access that was translated.
	 */
	uint8_t perm[2];
};

/**
 * mdl_ste_decode() - decode an STE as the hardware would, C_BAD_STE checks
 * included.
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @raw: the STE's 8 words, CPU order.
 * @out: receives the decoded STE (fields the Config does not use are 0).
 * @fault: receives the fault; may be NULL.
 * Return: 0; MDL_EVT_C_BAD_STE for an invalid or ILLEGAL STE.
 * On error: *@out holds only @raw (and valid = false).
 */
int mdl_ste_decode(const struct mdl_params *p, const uint64_t raw[8],
		   struct mdl_ste *out, struct mdl_fault *fault);

/**
 * mdl_ste_fetch() - locate and decode the STE of a StreamID (linear or
 * 2-level stream table).
 * @mem: the memory accessor (one 64-bit read per descriptor word).
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @strtab_base: SMMU_STRTAB_BASE address field.
 * @strtab_cfg: SMMU_STRTAB_BASE_CFG.
 * @sid: the StreamID.
 * @out: receives the decoded STE.
 * @fault: receives the fault; may be NULL.
 * Return: 0; MDL_EVT_C_BAD_STREAMID (beyond the table or an L1 span),
 * MDL_EVT_F_STE_FETCH (a read aborted) or MDL_EVT_C_BAD_STE.
 * On error: *@fault names it; *@out holds what was read.
 */
int mdl_ste_fetch(const struct mdl_mem *mem, const struct mdl_params *p,
		  uint64_t strtab_base, uint32_t strtab_cfg, uint32_t sid,
		  struct mdl_ste *out, struct mdl_fault *fault);

/**
 * mdl_cd_decode() - decode a CD (C_BAD_CD checks included) for an STE.
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @ste: the STE the CD belongs to (its StreamWorld and stage 2 matter).
 * @raw: the CD's 8 words, CPU order.
 * @out: receives the decoded CD.
 * @fault: receives the fault; may be NULL.
 * Return: 0; MDL_EVT_C_BAD_CD for an invalid or ILLEGAL CD.
 * On error: *@out holds only @raw (and valid = false).
 */
int mdl_cd_decode(const struct mdl_params *p, const struct mdl_ste *ste,
		  const uint64_t raw[8], struct mdl_cd *out,
		  struct mdl_fault *fault);

/**
 * mdl_cd_fetch() - locate and decode the CD of (@ssv, @ssid) under @ste.
 * @mem: the memory accessor (one 64-bit read per descriptor word).
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @ste: the stream's decoded STE (S1FMT, S1CDMAX, S1DSS; nested: the CD
 * address is an IPA translated by its stage 2).
 * @ssv: whether the transaction has a SubstreamID.
 * @ssid: the SubstreamID (when @ssv).
 * @out: receives the decoded CD.
 * @s1_bypass: set when S1DSS makes stage 1 bypass for a stream without a
 * substream (then 0 is returned with out->valid false).
 * @fault: receives the fault; may be NULL.
 * Return: 0; MDL_EVT_C_BAD_SUBSTREAMID, MDL_EVT_F_CD_FETCH, MDL_EVT_C_BAD_CD,
 * or a stage-2 fault of the CD fetch (CLASS = CD).
 * On error: *@fault names it.
 */
int mdl_cd_fetch(const struct mdl_mem *mem, const struct mdl_params *p,
		 const struct mdl_ste *ste, bool ssv, uint32_t ssid,
		 struct mdl_cd *out, bool *s1_bypass, struct mdl_fault *fault);

/**
 * mdl_translate() - translate an address under a decoded STE and CD.
 * @mem: the memory accessor (one 64-bit read per descriptor word).
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @ste: the stream's STE.
 * @cd: its CD, or NULL when stage 1 is bypassed or absent.
 * @iova: the input address.
 * @acc: MDL_ACC_* of the access.
 * @out: receives the translation.
 * @fault: receives the fault; may be NULL.
 * Stage 1, stage 2 or both; AF/dirty updates are written through @mem when
 * HTTU is enabled.
 * Return: 0; MDL_RES_ABORT (Config abort: no event) or the event id of the
 * fault (translation, address size, access flag, permission, walk abort,
 * C_BAD_CD/C_BAD_STE).
 * On error: *@fault describes it as an event record would.
 */
int mdl_translate(const struct mdl_mem *mem, const struct mdl_params *p,
		  const struct mdl_ste *ste, const struct mdl_cd *cd,
		  uint64_t iova, unsigned int acc, struct mdl_xlate *out,
		  struct mdl_fault *fault);

/**
 * mdl_walk_stage() - walk one stage of page tables only (page-table tests).
 * @mem: the memory accessor (one 64-bit read per descriptor word).
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @stage: 1 (uses @cd's TTB0/TTB1, TxSZ, TGx, IPS) or 2 (uses @ste's S2
 * fields).
 * @ste: the STE (stage 2; for stage 1 its StreamWorld).
 * @cd: the CD (stage 1).
 * @addr: the input address.
 * @acc: MDL_ACC_* of the access.
 * @out: receives the translation.
 * @fault: receives the fault; may be NULL.
 * No nesting: stage-1 table addresses are PAs.
 * Return: 0; the event id of the fault; MDL_EVT_C_BAD_CD / MDL_EVT_C_BAD_STE
 * when @cd / @ste does not enable the stage.
 * On error: *@fault describes it.
 */
int mdl_walk_stage(const struct mdl_mem *mem, const struct mdl_params *p,
		   int stage, const struct mdl_ste *ste,
		   const struct mdl_cd *cd, uint64_t addr, unsigned int acc,
		   struct mdl_xlate *out, struct mdl_fault *fault);

/**
 * mdl_translate_stream() - the whole path of one transaction: fetch the STE,
 * the CD when stage 1 is enabled, and translate.
 * @mem: the memory accessor (one 64-bit read per descriptor word).
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @strtab_base: SMMU_STRTAB_BASE address field.
 * @strtab_cfg: SMMU_STRTAB_BASE_CFG.
 * @sid: the StreamID.
 * @ssv: whether the transaction has a SubstreamID.
 * @ssid: the SubstreamID (when @ssv).
 * @iova: the input address.
 * @acc: MDL_ACC_* of the access.
 * @out: receives the translation.
 * @fault: receives the fault; may be NULL.
 * Return: 0; MDL_RES_ABORT (Config abort: no event) or an event id; for
 * events other than the configuration ones the input address and access
 * are filled in.
 * On error: *@fault describes it.
 */
int mdl_translate_stream(const struct mdl_mem *mem, const struct mdl_params *p,
			 uint64_t strtab_base, uint32_t strtab_cfg,
			 uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova,
			 unsigned int acc, struct mdl_xlate *out,
			 struct mdl_fault *fault);

/*
 * Called for each valid leaf: input addresses [@ia, @ia + 2^@size_log2)
 * map through one block or page descriptor.
 */
typedef void (*mdl_leaf_fn)(void *ctx, uint64_t ia, unsigned int size_log2);

/**
 * mdl_enum_leaves() - enumerate the valid leaves of one configuration's
 * tables (what an SMMU could cache speculatively).
 * @mem: the memory accessor (one 64-bit read per descriptor word).
 * @p: the walk parameters (ID registers, HTTU, E2H).
 * @ste: the stream's STE.
 * @cd: with a CD (stage 1 enabled, the CD valid): every stage-1 leaf of TTB0
 * and, when the regime has two VA ranges, TTB1 (nested: the stage-1 table
 * addresses are IPAs translated by @ste's stage 2; leaves whose tables do
 * not translate are skipped); NULL: every stage-2 leaf of @ste.
 * @fn: called once per leaf with its input address and size.
 * @ctx: passed to @fn.
 * Only descriptors are read (no access flag or dirty updates). A leaf is not
 * necessarily usable (its permissions, access flag or stage-2 mapping may
 * fault): translate its address to find out.
 * Return: 0; MDL_EVT_C_BAD_STE / MDL_EVT_C_BAD_CD when @ste / @cd do not
 * enable the stage asked for, or an argument is NULL.
 * On error: @fn was not called.
 */
int mdl_enum_leaves(const struct mdl_mem *mem, const struct mdl_params *p,
		    const struct mdl_ste *ste, const struct mdl_cd *cd,
		    mdl_leaf_fn fn, void *ctx);

#endif /* SMMUV3_MODEL_WALK_H */
