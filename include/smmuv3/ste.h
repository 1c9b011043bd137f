/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stream tables, Stream Table Entries, Context Descriptors and CD tables
 * (IHI 0070 chapter 5), and the hitless entry writer that changes a live
 * STE or CD while the device keeps doing DMA.
 *
 * Builders are pure: they take the probed capabilities and a small struct
 * of raw field values and produce an entry in CPU order that sets only the
 * bits the hardware uses in that configuration. The writer takes the live
 * entry (in DMA memory, little-endian), the target and an ops table that
 * issues commands plus a CMD_SYNC; it needs no device, so a hypervisor with
 * its own queue, the tests and the device code all drive it the same way.
 * Tables allocate through the OSAL. Nothing here locks: one writer per
 * entry at a time is the caller's rule.
 */
#ifndef SMMUV3_STE_H
#define SMMUV3_STE_H

#include <smmuv3/cmd.h>
#include <smmuv3/err.h>
#include <smmuv3/hw/cd.h>
#include <smmuv3/hw/ste.h>
#include <smmuv3/idr.h>
#include <smmuv3/osal.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/types.h>

/* An STE or CD in CPU order (word i = bits [64i+63:64i]). */
struct smmuv3_ste {
	uint64_t qw[SMMUV3_STE_QWORDS];
};

struct smmuv3_cd {
	uint64_t qw[SMMUV3_CD_QWORDS];
};

/* ------------------------------------------------------------------ */
/* STE builders                                                        */
/* ------------------------------------------------------------------ */

/*
 * Attribute overrides for a bypass STE (IHI 0070 5.2), raw field values.
 * MTCFG/MEMATTR/ALLOCCFG/SHCFG other than "use incoming" need
 * SMMUV3_FEAT_ATTR_TYPES_OVR; PRIVCFG/INSTCFG other than "use incoming"
 * need SMMUV3_FEAT_ATTR_PERMS_OVR.
 */
struct smmuv3_ste_attr {
	bool mtcfg;	  /* use memattr instead of the incoming type */
	uint8_t memattr;  /* 4 bits, only with mtcfg */
	uint8_t alloccfg; /* 4 bits; 0 = use incoming, else 0b1xxx */
	uint8_t shcfg;	  /* 0 NSH, 1 incoming, 2 OSH, 3 ISH */
	uint8_t privcfg;  /* SMMUV3_STE_PRIVCFG_* (1 is reserved) */
	uint8_t instcfg;  /* SMMUV3_STE_INSTCFG_* (1 is reserved) */
};

/* Stage 1: where the CD table is and how to walk it. */
struct smmuv3_ste_s1 {
	smmuv3_pa_t cdtab; /* CD table (or L1 CD table) base; IPA if nested */
	uint8_t s1fmt;	   /* SMMUV3_STE_S1FMT_LINEAR or _64K_L2 */
	uint8_t s1cdmax;   /* log2(number of CDs); 0: no substreams */
	uint8_t s1dss;	   /* SMMUV3_STE_S1DSS_*; must be SSID0 if s1cdmax 0 */
	uint8_t cir, cor;  /* CD walk cacheability, SMMUV3_STE_CACHE_* */
	uint8_t csh;	   /* CD walk shareability, SMMUV3_STE_SH_* */
};

/* Stage 2: VMID, the VTCR fields and the table (filled by pgtable code). */
struct smmuv3_ste_s2 {
	uint16_t vmid; /* 1 .. 2^vmid_bits - 1 (0 is kept for S1 STEs) */
	uint8_t t0sz;  /* S2T0SZ: 64 - IPA bits, 39 .. (64 - IAS) */
	uint8_t sl0;   /* S2SL0: 4K 0/1/2 = level 2/1/0; 16K/64K = 3/2/1 */
	uint8_t irgn;  /* S2IR0: 0 NC, 1 WBRAWA, 2 WT, 3 WB */
	uint8_t orgn;  /* S2OR0 */
	uint8_t sh;    /* S2SH0: 0 NSH, 2 OSH, 3 ISH */
	uint8_t tg;    /* S2TG: 0 4K, 1 64K, 2 16K */
	uint8_t ps; /* S2PS: 0 32b, 1 36b, 2 40b, 3 42b, 4 44b, 5 48b, 6 52b */
	smmuv3_pa_t ttb; /* stage-2 table base, 16-byte aligned at least */
	bool aa64;	 /* S2AA64: must be true (AArch64 tables only) */
	bool endi;	 /* S2ENDI: big-endian walks (SMMUV3_FEAT_TT_BE) */
	bool affd;	 /* S2AFFD: access-flag faults disabled */
	bool ptw;	 /* S2PTW: protected table walk */
	bool record;	 /* S2R: record faults */
	bool fwb;	 /* S2FWB (SMMUV3_FEAT_S2FWB) */
};

/* Per-master options of the translating builders. */
#define SMMUV3_STE_F_ATS (1u << 0) /* EATS = translate (SMMUV3_FEAT_ATS) */
/* master may stall (SMMUV3_FEAT_STALLS); required with STALL_FORCE */
#define SMMUV3_STE_F_STALL (1u << 1)
#define SMMUV3_STE_F_EL2 (1u << 2) /* STRW = EL2 (S1 only, SMMUV3_FEAT_E2H) */
#define SMMUV3_STE_F_MEV (1u << 3) /* merge events (MEV) */
#define SMMUV3_STE_F_ALL 0xfu

/**
 * smmuv3_ste_build_abort() - an STE that aborts every transaction silently.
 * @ste: output; V = 1, Config = abort, everything else 0.
 *
 * Return: 0; SMMUV3_EINVAL if @ste is NULL.
 * On error: nothing is written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_ste_build_abort(struct smmuv3_ste *ste);

/**
 * smmuv3_ste_build_bypass() - an STE passing transactions untranslated.
 * @caps: probed capabilities.
 * @attr: overrides, or NULL for "use incoming" everywhere (SHCFG is then
 *        written as incoming when ATTR_TYPES_OVR exists, because its 0
 *        encoding means "non-shareable").
 * @ste: output.
 *
 * Return: 0; SMMUV3_EINVAL for a NULL pointer, a reserved encoding, memattr
 * without mtcfg or a non-zero alloccfg without bit 3 (0b0xxx means
 * "incoming": its low bits would be ignored); SMMUV3_ERANGE if a field does
 * not fit; SMMUV3_EOPNOTSUPP if an override needs a feature the SMMU lacks.
 * On error: *@ste is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_ste_build_bypass(const struct smmuv3_caps *caps,
			const struct smmuv3_ste_attr *attr,
			struct smmuv3_ste *ste);

/**
 * smmuv3_ste_build_s1() - a stage-1 STE (Config = S1) using a CD table.
 * @caps: probed capabilities.
 * @s1: CD table description.
 * @flags: SMMUV3_STE_F_*. ATS sets EATS; without STALL, S1STALLD is set when
 *         the SMMU can stall (and the call fails with SMMUV3_EINVAL when it
 *         forces stalls); EL2 sets STRW = EL2; MEV sets MEV.
 * @ste: output. S2VMID is 0. INSTCFG = data with SMMUV3_OPT_OVR_INSTCFG_DATA;
 *       SHCFG = incoming when S1DSS = bypass and ATTR_TYPES_OVR exists.
 *
 * Return: 0; SMMUV3_EINVAL for NULL pointers, reserved encodings, unknown
 * flags, a table not 64-byte aligned or S1DSS != SSID0 with s1cdmax 0;
 * SMMUV3_ERANGE for s1cdmax > ssid_bits or an address beyond the OAS;
 * SMMUV3_EOPNOTSUPP when a needed feature (stage 1, 2-level CD tables, ATS,
 * stalls, E2H) is absent.
 * On error: *@ste is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_ste_build_s1(const struct smmuv3_caps *caps,
		    const struct smmuv3_ste_s1 *s1, uint32_t flags,
		    struct smmuv3_ste *ste);

/**
 * smmuv3_ste_build_s2() - a stage-2-only STE (Config = S2).
 * @caps: probed capabilities.
 * @s2: VMID, VTCR fields and table base.
 * @flags: SMMUV3_STE_F_*: ATS sets EATS, STALL sets S2S (ATS and STALL
 *         together are an illegal STE: SMMUV3_EINVAL), MEV sets MEV; EL2 is
 *         refused (SMMUV3_EINVAL). Without STALL the call fails with
 *         SMMUV3_EINVAL when the SMMU forces stalls (S2S = 0 is illegal
 *         there, so ATS is impossible with stage 2 on such an SMMU).
 * @ste: output. SHCFG = incoming with ATTR_TYPES_OVR; INSTCFG as for S1.
 *
 * Return: 0; SMMUV3_EINVAL for NULL pointers, reserved encodings (SH 1, TG
 * 3, PS > 6, SL0 3), bad flags, a misaligned table, SL0 2 on an SMMU with
 * fewer than 44 PA bits (42 with 16K), or an SL0 that leaves the start
 * level resolving no bit or more than 16 concatenated tables for T0SZ;
 * SMMUV3_ERANGE for VMID 0 or beyond vmid_bits, PS beyond the OAS, a table
 * beyond the effective PS (capped to the OAS, and to 48 bits unless 64K),
 * T0SZ above 39 or an input size beyond the stage-2 IAS (48 bits
 * unless 64K); SMMUV3_EOPNOTSUPP when a
 * needed feature (stage 2, the granule, FWB, the walk endianness, ATS,
 * stalls) is absent or aa64 is false.
 * On error: *@ste is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_ste_build_s2(const struct smmuv3_caps *caps,
		    const struct smmuv3_ste_s2 *s2, uint32_t flags,
		    struct smmuv3_ste *ste);

/**
 * smmuv3_ste_build_nested() - a nested STE (Config = S1 + S2).
 * @caps: probed capabilities.
 * @s1: the guest's CD table (its address is an IPA, checked against the
 *      stage-2 input size when known).
 * @s2: the host's stage 2.
 * @flags: as for S1 and S2 combined (STALL clears S1STALLD and sets S2S;
 *         required when the SMMU forces stalls); EL2 is refused.
 * @ste: output. SHCFG is "use incoming" (with ATTR_TYPES_OVR) only when
 *       s1cdmax != 0 and S1DSS = bypass, else 0: IHI 0070 13.5 gives the
 *       Shareability of stage 1 + stage 2 traffic as Combine(S1_TTD.SH,
 *       S2_TTD.SH), so SHCFG only applies to traffic that skips stage 1
 *       (docs/ste.md). INSTCFG as for S1.
 *
 * Return: 0; SMMUV3_EINVAL (NULL pointers, reserved encodings, bad flags,
 * ATS with STALL, EL2, a misaligned table, as for smmuv3_ste_build_s1()
 * and smmuv3_ste_build_s2()); SMMUV3_ERANGE (s1cdmax, VMID, PS, T0SZ,
 * table addresses out of range; the CD table beyond the stage-2 input
 * size); SMMUV3_EOPNOTSUPP without SMMUV3_FEAT_NESTING, stage 1 or
 * stage 2, or a feature a field or flag needs.
 * On error: *@ste is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_ste_build_nested(
	const struct smmuv3_caps *caps, const struct smmuv3_ste_s1 *s1,
	const struct smmuv3_ste_s2 *s2, uint32_t flags, struct smmuv3_ste *ste);

/**
 * smmuv3_ste_used() - the bits the hardware reads in @ste's configuration.
 * @ste: an entry in CPU order (NULL: nothing is done).
 * @used: output; a mask per word (NULL: nothing is done).
 *
 * Builders never set a bit outside this mask; the writer relies on it.
 * Readings of IHI 0070 5.2/13.5 (docs/ste.md): S2S counts in a
 * stage-1-only STE only when EATS != 0; SHCFG counts in a nested STE only
 * with S1CDMAX != 0 and S1DSS = bypass.
 * Return: nothing.
 */
SMMUV3_API void smmuv3_ste_used(const struct smmuv3_ste *ste,
				struct smmuv3_ste *used);

/* ------------------------------------------------------------------ */
/* CD builders                                                         */
/* ------------------------------------------------------------------ */

/* A stage-1 context (TTB1 is never used: EPD1 is always set). */
struct smmuv3_cd_cfg {
	uint16_t asid;	      /* < 2^asid_bits */
	smmuv3_pa_t ttb0;     /* 16-byte aligned, below 2^oas_bits */
	uint8_t t0sz;	      /* 16 .. 39 (12 with 64K and VAX) */
	uint8_t tg0;	      /* SMMUV3_CD_TG0_* */
	uint8_t irgn0, orgn0; /* 0 NC, 1 WBWA, 2 WT, 3 WB */
	uint8_t sh0;	      /* 0 NSH, 2 OSH, 3 ISH */
	uint8_t ips;	      /* 0..6 as TCR.IPS */
	bool epd0;     /* no TTB0 walks: ttb0 and the T0 fields must be 0 */
	uint64_t mair; /* MAIR0 | MAIR1 << 32 */
	bool aa64;     /* must be true (AArch64 tables only) */
	bool endi;     /* big-endian walks (SMMUV3_FEAT_TT_BE) */
	bool stall;    /* S: stall faults (SMMUV3_FEAT_STALLS) */
	bool record;   /* R: record faults */
	bool abort;    /* A: terminated transactions abort (else RAZ/WI) */
	bool aset;     /* ASET: ASID not shared with the PE */
	bool ha, hd;   /* HTTU (SMMUV3_FEAT_HA/HD); hd needs ha */
};

/*
 * smmuv3_cd_cfg_from_pgtbl() - the stage-1 context of a page table: the
 * TTB0 fields, IPS and MAIR from smmuv3_pgtbl_get_hwcfg(), the ASID, and
 * the usual flags (AArch64, faults recorded, terminated transactions
 * abort, ASID not shared with a PE, HTTU as the table was set up). Stalls
 * stay off: set @c->stall when the masters stall or the SMMU forces it.
 * Fills @c only; smmuv3_cd_build() checks it.
 */
static inline void
smmuv3_cd_cfg_from_pgtbl(struct smmuv3_cd_cfg *c,
			 const struct smmuv3_pgtbl_hwcfg *hw, uint16_t asid)
{
	*c = (struct smmuv3_cd_cfg){
		.asid = asid,
		.ttb0 = hw->ttbr,
		.t0sz = hw->t0sz,
		.tg0 = hw->tg, /* TCR and CD.TG0 share the encoding */
		.irgn0 = hw->irgn,
		.orgn0 = hw->orgn,
		.sh0 = hw->sh,
		.ips = hw->ps,
		.mair = hw->mair,
		.aa64 = true,
		.record = true,
		.abort = true,
		.aset = true,
		.ha = hw->ha,
		.hd = hw->hd,
	};
}

/**
 * smmuv3_cd_build() - a valid CD from @cfg.
 * @caps: probed capabilities.
 * @cfg: the stage-1 context.
 * @cd: output.
 *
 * Return: 0; SMMUV3_EINVAL for NULL pointers, reserved encodings (TG0 3,
 * SH0 1, IPS > 6), misaligned ttb0, hd without ha, non-zero T0 fields or
 * ttb0 with epd0, stall false when the SMMU forces stalls
 * (SMMUV3_FEAT_STALL_FORCE) or abort false when it only aborts
 * (SMMUV3_FEAT_TERM_MODEL); SMMUV3_ERANGE for ASID beyond asid_bits, IPS
 * beyond the OAS, ttb0 beyond the effective IPS (as for S2TTB), t0sz
 * outside 16 .. 39 (12 .. 39 with the 64K granule and SMMUV3_FEAT_VAX);
 * SMMUV3_EOPNOTSUPP for a feature the SMMU lacks (granule, HA, HD, stalls,
 * the walk endianness) or aa64 false.
 * On error: *@cd is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cd_build(const struct smmuv3_caps *caps, const struct smmuv3_cd_cfg *cfg,
		struct smmuv3_cd *cd);

/**
 * smmuv3_cd_used() - the bits the hardware reads in @cd.
 * @cd: an entry in CPU order (NULL: nothing is done).
 * @used: output; a mask per word (NULL: nothing is done).
 *
 * V alone when V is 0, otherwise everything except TTB0 and the T0 walk
 * fields when EPD0 = 1.
 * Return: nothing.
 */
SMMUV3_API void smmuv3_cd_used(const struct smmuv3_cd *cd,
			       struct smmuv3_cd *used);

/* ------------------------------------------------------------------ */
/* The hitless writer                                                  */
/* ------------------------------------------------------------------ */

/* How the writer reaches the SMMU and the memory. */
struct smmuv3_write_ops {
	/*
	 * Required. Issue @cmds[0..@n) (CFGI_STE/CFGI_CD, maybe
	 * PREFETCH_CONFIG), then a CMD_SYNC, and wait for it. Must order the
	 * entry's earlier stores before the commands (the queue's publish
	 * barrier does). Return 0 or a negative SMMUV3_E* code.
	 */
	int (*sync)(void *ctx, const struct smmuv3_cmd *cmds, size_t n);
	/*
	 * Required. Order earlier normal-memory writes (the tables the new
	 * entry points to) before later ones as the SMMU sees them
	 * (SMMUV3_BARRIER_MEM_PUBLISH).
	 */
	void (*publish)(void *ctx);
	/* Optional: clean the entry's cache lines (non-coherent SMMU). */
	void (*cache_clean)(void *ctx, const void *va, size_t size);
	/*
	 * Optional: called after every 64-bit store to the live @entry,
	 * @qword being the word just written (tests observe with it).
	 */
	void (*stored)(void *ctx, const uint64_t *entry, unsigned int qword);
};

struct smmuv3_write_result {
	bool hitless;	/* never showed anything but old or new */
	uint8_t syncs;	/* sync() calls made */
	uint8_t stores; /* 64-bit stores made */
};

/* Most streams one CD write invalidates (one batch). */
#define SMMUV3_WRITE_MAX_SIDS 8u

/**
 * smmuv3_ste_write() - change a live STE to @target without a mixed state.
 * @caps: probed capabilities (SID range, SMMUV3_OPT_SKIP_PREFETCH).
 * @ops: the SMMU access (sync and publish required).
 * @ctx: passed to @ops.
 * @sid: the stream the STE belongs to (for CFGI_STE / PREFETCH_CONFIG).
 * @live: the live STE, 8 little-endian words in memory the SMMU reads.
 * @target: the wanted entry; must set no bit outside smmuv3_ste_used().
 * @res: optional result.
 *
 * Uses the "used bits" method (docs/ste.md): bits the current entry does
 * not use are written first, then the one critical word, then the rest,
 * with CFGI_STE + CMD_SYNC after each step that stored something. When two
 * words are critical the entry goes through V = 0 (abort, never bypass) and
 * @res->hitless is false. PREFETCH_CONFIG rides with the last sync unless
 * SMMUV3_OPT_SKIP_PREFETCH. MEV, and EATS between 0 and 1 (without S1CHK
 * or S2S), are written out of order; the caller's duty behind EATS: disable
 * ATS in the endpoint (and invalidate its ATC) before a write that clears
 * EATS, and enable ATS in the endpoint only after a write that sets it has
 * returned 0, so no Translation Request sees the intermediate value.
 * A @target equal to the live entry stores
 * nothing and issues exactly one sync (CFGI_STE, PREFETCH_CONFIG unless
 * skipped, CMD_SYNC), so a repeated call always reaches the SMMU.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or a target setting unused
 * bits; SMMUV3_ERANGE for @sid beyond sid_bits; an ops->sync() error
 * (e.g. SMMUV3_ETIMEDOUT, SMMUV3_EIO from the command queue).
 * On error: SMMUV3_EINVAL and SMMUV3_ERANGE store nothing; after a sync()
 * error the entry holds the old, the new or the V = 0 configuration but the
 * SMMU may still cache an older one: repeat the call (even when the entry
 * already holds @target it invalidates again) until it returns 0.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_ste_write(const struct smmuv3_caps *caps,
		 const struct smmuv3_write_ops *ops, void *ctx, uint32_t sid,
		 uint64_t *live, const struct smmuv3_ste *target,
		 struct smmuv3_write_result *res);

/**
 * smmuv3_cd_write() - change a live CD to @target without a mixed state.
 * @caps: probed capabilities (SID and SSID ranges).
 * @ops: the SMMU access (sync and publish required).
 * @ctx: passed to @ops.
 * @sids: every stream that uses the CD table; each sync issues
 *        CFGI_CD(sid, @ssid, leaf) for all of them.
 * @nsids: how many (1 .. SMMUV3_WRITE_MAX_SIDS).
 * @ssid: the SubstreamID of the CD.
 * @live: the live CD, 8 little-endian words in memory the SMMU reads.
 * @target: the wanted entry; must set no bit outside smmuv3_cd_used().
 * @res: optional result.
 *
 * The method of smmuv3_ste_write() (a @target equal to the live CD issues
 * exactly one sync: the CFGI_CDs and CMD_SYNC). No prefetch.
 * Return: 0; SMMUV3_EINVAL for NULL pointers, @nsids 0 or a target setting
 * unused bits; SMMUV3_E2BIG for more than SMMUV3_WRITE_MAX_SIDS streams;
 * SMMUV3_ERANGE for @ssid beyond ssid_bits or a SID beyond sid_bits;
 * SMMUV3_EOPNOTSUPP (smmuv3_cmd_encode(): no stage 1); an ops->sync()
 * error (e.g. SMMUV3_ETIMEDOUT, SMMUV3_EIO).
 * On error: as smmuv3_ste_write(): validation errors store nothing; after
 * a sync() error repeat the call until it returns 0.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cd_write(const struct smmuv3_caps *caps,
		const struct smmuv3_write_ops *ops, void *ctx,
		const uint32_t *sids, size_t nsids, uint32_t ssid,
		uint64_t *live, const struct smmuv3_cd *target,
		struct smmuv3_write_result *res);

/* ------------------------------------------------------------------ */
/* Stream tables                                                       */
/* ------------------------------------------------------------------ */

/* Caller-owned; fields are private to the library. */
struct smmuv3_strtab {
	struct smmuv3_osal osal;
	uint64_t *base; /* linear STEs, or the L1 descriptors */
	smmuv3_pa_t base_pa;
	size_t base_size;
	uint64_t **l2; /* 2-level: private L2 table per L1 entry, or NULL */
	uint8_t *l1_stale; /* 2-level: L1 descriptor changed, not invalidated */
	size_t l2_array_size; /* l2[] and l1_stale[] (one allocation) */
	uint64_t *shared; /* 2-level with bypass: the shared bypass L2 table */
	smmuv3_pa_t shared_pa;
	uint32_t num_l1;  /* 2-level: L1 descriptors */
	uint8_t log2size; /* STRTAB_BASE_CFG.LOG2SIZE */
	uint8_t split;	  /* 2-level: log2 STEs per L2 table */
	bool two_level;
	bool bypass;		/* unknown streams bypass (else abort) */
	bool noncoherent;	/* clean caches after stores */
	struct smmuv3_ste fill; /* what unused entries hold */
};

/**
 * smmuv3_strtab_init() - allocate a stream table whose every entry aborts,
 * or bypasses with @bypass_unknown.
 * @st: caller-owned table (fully initialised here).
 * @caps: probed capabilities: the layout (linear with 2^LOG2SIZE STEs, or
 *        2-level with strtab_split and strtab_l1_entries) and coherency.
 * @osal: the port (validated; copied).
 * @bypass_unknown: streams nobody configured bypass (else abort).
 *
 * 2-level without @bypass_unknown: every L1 descriptor is invalid (the
 * SMMU reports C_BAD_STREAMID) until smmuv3_strtab_get_sync() needs its L2
 * table. 2-level with @bypass_unknown: one shared L2 table of bypass STEs
 * is allocated and every L1 descriptor points at it, so every StreamID
 * bypasses whatever the table format; the first smmuv3_strtab_get_sync()
 * in a span gives the span a private L2 table (also all bypass) and
 * switches its descriptor hitlessly (both tables hold identical entries).
 * Return: 0; SMMUV3_EINVAL for NULL pointers or an inconsistent layout in
 * @caps (split not 6/8/10, L1 count not 2^(LOG2SIZE - SPLIT), LOG2SIZE above
 * sid_bits, a linear table above SMMUV3_STRTAB_LINEAR_MAX_SID_BITS);
 * SMMUV3_ENOMEM; the errors of smmuv3_osal_validate() (SMMUV3_EINVAL,
 * SMMUV3_ENOSYS).
 * On error: nothing is allocated and *@st is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_strtab_init(struct smmuv3_strtab *st, const struct smmuv3_caps *caps,
		   const struct smmuv3_osal *osal, bool bypass_unknown);

/**
 * smmuv3_strtab_fini() - free everything smmuv3_strtab_init() and the
 * get functions allocated.
 * @st: the table (NULL, or never initialised: no-op).
 *
 * Return: nothing.
 */
SMMUV3_API void smmuv3_strtab_fini(struct smmuv3_strtab *st);

/**
 * smmuv3_strtab_get_sync() - the live STE of @sid, giving its span a
 * private L2 table first if it has none, and invalidating a changed L1
 * descriptor.
 * @st: the table.
 * @caps: probed capabilities (required with @ops, for the API's symmetry with
 *        the CD table; the table already holds what CFGI_STE needs).
 * @ops: the SMMU access; ops->sync is used (NULL: no invalidation, only
 *       while the SMMU does not walk the table, e.g. before enable, whose
 *       CFGI_ALL covers it).
 * @ctx: passed to @ops.
 * @sid: the StreamID.
 * @live: receives the STE (8 little-endian words the SMMU reads).
 *
 * A new L2 table is filled with the default entry, made visible (cache
 * clean when non-coherent), then published with one 64-bit store of the
 * L1 descriptor after SMMUV3_BARRIER_MEM_PUBLISH, replacing an invalid
 * descriptor or one pointing at the shared bypass table. IHI 0070 5.1.1:
 * a changed L1 descriptor needs the non-leaf CMD_CFGI_STE, so one
 * (CFGI_STE @sid, Leaf = 0) goes through ops->sync before *@live is set.
 * Return: 0 with *@live set; SMMUV3_EINVAL for NULL pointers (@ops may be
 * NULL) or an ops without sync; SMMUV3_ERANGE for @sid outside the table;
 * SMMUV3_ENOMEM (state unchanged); an ops->sync() error (e.g.
 * SMMUV3_ETIMEDOUT, SMMUV3_EIO).
 * On error: after a sync error the new L2 table stays published and is
 * marked for invalidation: the next call for its span issues the
 * CFGI_STE again (the SMMU sees identical entries in the meantime); on
 * other errors nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_strtab_get_sync(struct smmuv3_strtab *st, const struct smmuv3_caps *caps,
		       const struct smmuv3_write_ops *ops, void *ctx,
		       uint32_t sid, uint64_t **live);

/**
 * smmuv3_strtab_get() - smmuv3_strtab_get_sync() without an invalidation:
 * only while the SMMU does not walk the table (before enable).
 * @st: the table.
 * @sid: the StreamID.
 * @live: receives the STE.
 *
 * A descriptor changed here stays marked, so a later
 * smmuv3_strtab_get_sync() for the span invalidates it.
 * Return: 0 with *@live set; SMMUV3_EINVAL for NULL pointers;
 * SMMUV3_ERANGE for @sid outside the table; SMMUV3_ENOMEM.
 * On error: nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_strtab_get(struct smmuv3_strtab *st, uint32_t sid, uint64_t **live);

/**
 * smmuv3_strtab_base_reg() - the SMMU_STRTAB_BASE value for @st.
 * @st: the table (NULL gives 0).
 *
 * Return: RA | the table's physical address (IHI 0070 6.3.23).
 */
SMMUV3_API uint64_t smmuv3_strtab_base_reg(const struct smmuv3_strtab *st);

/**
 * smmuv3_strtab_base_cfg() - the SMMU_STRTAB_BASE_CFG value for @st.
 * @st: the table (NULL gives 0).
 *
 * Return: FMT, SPLIT (2-level) and LOG2SIZE (IHI 0070 6.3.24).
 */
SMMUV3_API uint32_t smmuv3_strtab_base_cfg(const struct smmuv3_strtab *st);

/**
 * smmuv3_strtab_gbpa() - the SMMU_GBPA value matching the policy for
 * unknown streams while SMMUEN = 0.
 * @st: the table (NULL: abort).
 * @cur: the current GBPA value.
 *
 * The device code sets UPDATE when writing it (IHI 0070 6.3.14).
 * Return: @cur with ABORT set (clear with bypass_unknown) and UPDATE clear.
 */
SMMUV3_API uint32_t smmuv3_strtab_gbpa(const struct smmuv3_strtab *st,
				       uint32_t cur);

/* ------------------------------------------------------------------ */
/* CD tables                                                           */
/* ------------------------------------------------------------------ */

struct smmuv3_cdtab {
	struct smmuv3_osal osal;
	uint64_t *base; /* linear CDs, or the L1 CD descriptors */
	smmuv3_pa_t base_pa;
	size_t base_size;
	uint64_t **l2; /* 2-level: L2 table per L1 entry, or NULL */
	size_t l2_array_size;
	uint32_t num_l1;
	uint8_t s1fmt;	 /* SMMUV3_STE_S1FMT_* */
	uint8_t s1cdmax; /* log2 CDs */
	bool noncoherent;
};

/**
 * smmuv3_cdtab_init() - a CD table for 2^@ssid_bits contexts, all invalid.
 * @cdt: caller-owned table (fully initialised here).
 * @caps: probed capabilities (SSIDSIZE, CD2L, coherency).
 * @osal: the port (validated; copied).
 * @ssid_bits: log2 of the number of contexts (0: one CD).
 *
 * Linear when @ssid_bits <= 10 or the SMMU lacks CD2L, else 2-level with
 * 1024-CD (64 KB) leaves allocated on demand.
 * Return: 0; SMMUV3_EINVAL for NULL pointers; SMMUV3_ERANGE when
 * @ssid_bits exceeds the SMMU's SSIDSIZE or 20, or, without CD2L, 10;
 * SMMUV3_ENOMEM; the errors of smmuv3_osal_validate() (SMMUV3_EINVAL,
 * SMMUV3_ENOSYS).
 * On error: nothing is allocated and *@cdt is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cdtab_init(struct smmuv3_cdtab *cdt, const struct smmuv3_caps *caps,
		  const struct smmuv3_osal *osal, uint8_t ssid_bits);

/**
 * smmuv3_cdtab_fini() - free everything smmuv3_cdtab_init() and
 * smmuv3_cdtab_get() allocated.
 * @cdt: the table (NULL, or never initialised: no-op).
 *
 * Return: nothing.
 */
SMMUV3_API void smmuv3_cdtab_fini(struct smmuv3_cdtab *cdt);

/**
 * smmuv3_cdtab_ste_s1() - fill s1->cdtab, s1fmt and s1cdmax for an STE
 * using @cdt (the other fields of @s1 are left alone).
 * @cdt: an initialised CD table (NULL: nothing is done).
 * @s1: the stage-1 description to complete (NULL: nothing is done).
 *
 * Return: nothing.
 */
SMMUV3_API void smmuv3_cdtab_ste_s1(const struct smmuv3_cdtab *cdt,
				    struct smmuv3_ste_s1 *s1);

/**
 * smmuv3_cdtab_get() - the live CD of @ssid, allocating its L2 table on
 * demand.
 * @cdt: the table.
 * @caps: probed capabilities (for encoding CFGI_CD).
 * @ops: the SMMU access (ops->sync is used).
 * @ctx: passed to @ops.
 * @sids: the streams that use the table (1 .. SMMUV3_WRITE_MAX_SIDS).
 * @nsids: how many.
 * @ssid: the SubstreamID.
 * @live: receives the CD (8 little-endian words the SMMU reads).
 *
 * A missing L2 table is allocated zeroed (all CDs invalid), made visible,
 * published with one 64-bit store after SMMUV3_BARRIER_MEM_PUBLISH, and
 * then CFGI_CD(sid, ssid, leaf = 0) + CMD_SYNC is issued for each of
 * @sids, because the SMMU may have cached the invalid L1 descriptor (IHI
 * 0070 5.3.1).
 * Return: 0 with *@live set; SMMUV3_EINVAL for NULL pointers, an ops
 * without sync or @nsids 0; SMMUV3_E2BIG for more than
 * SMMUV3_WRITE_MAX_SIDS streams; SMMUV3_ERANGE for @ssid outside the table
 * or a SID beyond sid_bits; SMMUV3_EOPNOTSUPP from smmuv3_cmd_encode()
 * without stage 1; SMMUV3_ENOMEM; an ops->sync() error (e.g.
 * SMMUV3_ETIMEDOUT, SMMUV3_EIO).
 * On error: after a sync error the L2 table stays published; on the
 * others nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cdtab_get(struct smmuv3_cdtab *cdt, const struct smmuv3_caps *caps,
		 const struct smmuv3_write_ops *ops, void *ctx,
		 const uint32_t *sids, size_t nsids, uint32_t ssid,
		 uint64_t **live);

#endif /* SMMUV3_STE_H */
