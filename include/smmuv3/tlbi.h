/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TLB and ATC invalidation planning (IHI 0070 4.4 "TLB invalidation", 4.5.1
 * CMD_ATC_INV). A pure planner turns a description of what changed in a
 * translation table into the fewest commands that invalidate exactly that
 * (struct smmuv3_cmd_desc, or encoded 128-bit commands), in the order the
 * architecture requires: TLBIs, CMD_SYNC, then ATC_INVs and a CMD_SYNC.
 *
 * A gather (struct smmuv3_tlbi_gather) implements the page-table flush ops
 * (pgtable.h): it merges the ranges of successive unmaps and issues one plan
 * through a caller callback. See docs/tlbi.md for the algorithms.
 */
#ifndef SMMUV3_TLBI_H
#define SMMUV3_TLBI_H

#include <smmuv3/cmd.h>
#include <smmuv3/cmdq.h>
#include <smmuv3/idr.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/types.h>

/*
 * Without range invalidation (IDR3.RIL == 0), one command is needed per
 * leaf. Above this many commands the plan invalidates the whole ASID/VMID
 * instead: 512 is the number of 4 KB leaves of one last-level table (a 2 MB
 * region), the same bound Arm CPUs use for broadcast TLBI loops. Beyond it
 * one unsized command (plus a TLB refill) is cheaper than hundreds of
 * commands (16 bytes each, 8 KB of queue at 512), and it bounds how long a
 * caller holding a lock spends feeding the queue.
 */
#define SMMUV3_TLBI_DEFAULT_MAX_OPS 512u

/*
 * Worst-case number of descriptors smmuv3_tlbi_plan() writes for @max_ops
 * (0 = default) and @n_ats ATS targets: up to max(max_ops, 2) TLBIs, a
 * CMD_SYNC, TLBI_NH_ALL and a CMD_SYNC (nested stage 2), n_ats ATC_INVs and
 * a CMD_SYNC.
 */
#define SMMUV3_TLBI_PLAN_MAX(max_ops, n_ats) \
	(((max_ops) ? (size_t)(max_ops) : (size_t)SMMUV3_TLBI_DEFAULT_MAX_OPS) + \
	 2u + 3u + (size_t)(n_ats) + 1u)

/* Which TLB entries a change affects (IHI 0070 4.4.2, 4.4.3). */
enum smmuv3_tlbi_regime {
	/* Stage 1 NS-EL1 by ASID (and VMID: 0 unless stage 1 of a nested
	 * configuration): CMD_TLBI_NH_VA / CMD_TLBI_NH_ASID. */
	SMMUV3_TLBI_S1 = 0,
	/* Stage 1 NS-EL2-E2H by ASID (host with VHE, STE.STRW = EL2):
	 * CMD_TLBI_EL2_VA / CMD_TLBI_EL2_ASID. Needs SMMUV3_FEAT_E2H. */
	SMMUV3_TLBI_S1_EL2 = 1,
	/* Stage 2 only, by VMID: CMD_TLBI_S2_IPA / CMD_TLBI_S12_VMALL. */
	SMMUV3_TLBI_S2 = 2,
	/*
	 * Stage 2 that is the parent of stage-1 (nested) configurations.
	 * CMD_TLBI_S2_IPA is not required to invalidate combined S1+S2 entries
	 * (IHI 0070 4.4.3.1), so the plan is S2_IPA..., CMD_SYNC,
	 * CMD_TLBI_NH_ALL(VMID), CMD_SYNC; the sync in between makes sure no
	 * combined entry is rebuilt from a stale stage-2 entry after NH_ALL.
	 * When stage 2 falls back to CMD_TLBI_S12_VMALL (all stages), NH_ALL
	 * is not needed. ATC entries hold VA translations whose IPAs are not
	 * known here, so ATC_INV always uses the whole-space form.
	 */
	SMMUV3_TLBI_S2_NESTED = 3,
};

/* One ATS endpoint (function) whose ATC caches translations of the domain. */
struct smmuv3_tlbi_ats_target {
	uint32_t sid;
	uint32_t ssid; /* PASID, used when ssv */
	bool ssv;      /* false: entries of every PASID in the range */
};

/* smmuv3_tlbi_req.flags */
/* Only the TLBI commands: no CMD_SYNC, no ATC_INV (caller batches several
 * domains and ends the batch itself). */
#define SMMUV3_TLBI_F_NO_SYNC (1u << 0)

/* What changed. Zero-initialise and fill in what applies. */
struct smmuv3_tlbi_req {
	enum smmuv3_tlbi_regime regime;
	uint16_t asid;  /* S1, S1_EL2; < 2^caps->asid_bits */
	uint16_t vmid;  /* S1 (nested stage 1), S2, S2_NESTED; < 2^vmid_bits */
	enum smmuv3_granule granule; /* translation granule of the table */
	bool all;       /* the whole ASID/VMID (iova, size, leaf_* ignored) */
	smmuv3_iova_t iova; /* start, granule aligned */
	uint64_t size;  /* bytes, granule multiple; 0 plans nothing */
	/*
	 * Size of the leaf entries that changed: granule << (k * (log2
	 * granule - 3)), k = 0..3. When several sizes changed, the smallest,
	 * with leaf_mixed set. 0 = unknown, or a table was removed. When
	 * non-zero, iova and size must be multiples of it.
	 */
	uint64_t leaf_size;
	bool leaf_mixed; /* leaves of more than one size: no TTL hint */
	bool leaf_only;  /* only leaf entries changed (no table removed) */
	uint32_t max_ops; /* non-RIL command threshold; 0 = default */
	uint32_t flags;   /* SMMUV3_TLBI_F_* */
	const struct smmuv3_tlbi_ats_target *ats; /* may be NULL if n_ats 0 */
	size_t n_ats;
	/* Smallest ATC_INV span, log2 of 4 KB pages (the PCIe STU): spans
	 * below it are not guaranteed to invalidate (IHI 0070 4.5.1). */
	uint8_t atc_min_log2;
};

/* What a plan contains (for callers, tests and statistics). */
struct smmuv3_tlbi_info {
	size_t n_cmds;  /* descriptors written */
	size_t n_tlbi;  /* TLBI commands before the first CMD_SYNC */
	bool full;      /* fell back to a whole ASID/VMID invalidation */
	bool rounded;   /* FULL_CONT_RANGE_INV rounding invalidates beyond
			   the range (documented over-invalidation) */
};

/**
 * smmuv3_tlbi_plan() - plan the invalidation of @req.
 * @caps: probed capabilities. Uses FEAT_RANGE_INV (range commands and TTL),
 *        FEAT_DS (6-bit SCALE, 16K TTL = 1), FEAT_E2H, FEAT_ATS, the
 *        granule features, asid_bits, vmid_bits, OPT_FULL_CONT_RANGE_INV.
 * @req:  what changed.
 * @out:  caller buffer of @cap descriptors (NULL only with @cap 0);
 *        SMMUV3_TLBI_PLAN_MAX(req->max_ops, req->n_ats) always suffices.
 * @cap:  entries in @out.
 * @info: receives the count and the shape of the plan.
 *
 * With RIL, the union of the range commands is exactly the granule pages of
 * [iova, iova + size): one command when (NUM+1) * 2^SCALE can equal the page
 * count, otherwise two (the second anchored at the end, overlapping the
 * first); above twice the largest command, a whole ASID/VMID invalidation.
 * With SMMUV3_OPT_FULL_CONT_RANGE_INV (MMU-700 erratum 3777127, MMU-S3
 * erratum 3673557) one range command rounded up (info->rounded) so that a
 * contiguous run is never split. Reserved encodings are never produced.
 * Without RIL, one command per leaf_size when leaf_only, else per
 * granule (a removed table's smaller entries lie at every granule), up to
 * max_ops.
 *
 * Return: 0; SMMUV3_EINVAL for a NULL pointer, an unknown regime or
 * granule, unaligned iova/size/leaf_size, a leaf_size that is no block size
 * of the granule, iova + size beyond 2^64, VMID != 0 for S1_EL2, ats NULL
 * with n_ats != 0, atc_min_log2 > 52; SMMUV3_ERANGE for an ASID/VMID wider
 * than caps allow, a stage-2 range beyond 2^52 (the IPA field) or beyond
 * caps->s2_ias_bits when set, or a SID/SSID wider than caps->sid_bits /
 * ssid_bits; SMMUV3_EOPNOTSUPP for a granule the SMMU lacks, S1_EL2
 * without FEAT_E2H, or ATS targets without FEAT_ATS; SMMUV3_E2BIG if
 * @cap is too small.
 * On error: nothing useful is in @out and *@info is zeroed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_plan(const struct smmuv3_caps *caps,
		 const struct smmuv3_tlbi_req *req, struct smmuv3_cmd_desc *out,
		 size_t cap, struct smmuv3_tlbi_info *info);

/**
 * smmuv3_tlbi_plan_encode() - smmuv3_tlbi_plan(), written as encoded
 * 128-bit commands (CPU order) into @out.
 * @caps: as for smmuv3_tlbi_plan().
 * @req: what changed.
 * @out: caller buffer of @cap commands (NULL only with @cap 0).
 * @cap: entries in @out.
 * @info: receives the count and the shape of the plan.
 *
 * The request is validated once (as smmuv3_tlbi_prepare() and then the
 * range) and the commands are built without re-validating each one; they
 * are exactly what smmuv3_cmd_encode() gives for smmuv3_tlbi_plan()'s
 * descriptors.
 * Return: as smmuv3_tlbi_plan(); also SMMUV3_EOPNOTSUPP when @caps lacks
 * the stage of the regime's commands (as smmuv3_tlbi_prepare()).
 * On error: nothing useful is in @out and *@info is zeroed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_plan_encode(const struct smmuv3_caps *caps,
			const struct smmuv3_tlbi_req *req,
			struct smmuv3_cmd *out, size_t cap,
			struct smmuv3_tlbi_info *info);

/*
 * Validate once, plan fast. A prepared context holds a domain's regime,
 * ASID/VMID, granule, thresholds and ATS targets, checked against the
 * capabilities once by smmuv3_tlbi_prepare(); each later range only has its
 * own fields checked (alignment, bounds, leaf size) and its commands are
 * built directly, without smmuv3_cmd_encode()'s per-field validation. The
 * commands are the same as smmuv3_tlbi_plan_encode()'s for the same request.
 */
struct smmuv3_tlbi_prep {
	/* Set by smmuv3_tlbi_prepare(); do not modify. */
	struct smmuv3_tlbi_req tmpl; /* the template (range fields zero) */
	uint64_t sized0;      /* dw0 of the sized TLBI: opcode, ASID, VMID */
	uint64_t full0;       /* dw0 of the whole-ASID/VMID TLBI */
	uint64_t tg1;         /* dw1 TG field of the range TLBIs */
	uint64_t limit_pages; /* granule pages of the addressable space */
	uint64_t last_byte;   /* last byte address of that space */
	uint64_t ril_last;    /* last_byte if simple with RIL, else 0 */
	uint64_t gmask;       /* granule - 1 */
	uint64_t leaf_ok;     /* bit n: a leaf of 2^n bytes is a block */
	uint64_t ttl_lg;      /* TTL hint of a leaf of 2^m bytes at bits
				 [2k+1:2k], k = m mod 32 */
	uint32_t max_ops;     /* non-RIL threshold (default resolved) */
	uint8_t gshift;       /* log2 granule: 12, 14 or 16 */
	uint8_t max_scale;    /* 31, or 39 with IDR5.DS */
	bool ril;             /* SMMUV3_FEAT_RANGE_INV */
	bool ds;              /* SMMUV3_FEAT_DS */
	bool full_cont;       /* SMMUV3_OPT_FULL_CONT_RANGE_INV */
	bool simple;          /* no FULL_CONT, NO_SYNC, nesting or ATS */
};

/* One range to invalidate under a prepared context (fields as in struct
 * smmuv3_tlbi_req). Zero-initialise and fill in what applies. */
struct smmuv3_tlbi_range {
	bool all;           /* the whole ASID/VMID (the rest is ignored) */
	smmuv3_iova_t iova; /* start, granule aligned */
	uint64_t size;      /* bytes, granule multiple; 0 plans nothing */
	uint64_t leaf_size; /* as smmuv3_tlbi_req.leaf_size */
	bool leaf_mixed;
	bool leaf_only;
};

/**
 * smmuv3_tlbi_prepare() - validate a domain's invalidation template once.
 * @p: receives the prepared context.
 * @caps: probed capabilities (only read here; not kept).
 * @tmpl: regime, asid/vmid, granule, max_ops, flags, ats/n_ats and
 *        atc_min_log2 (all, iova, size and leaf_* are ignored); the ATS
 *        array must outlive @p.
 *
 * Checks everything smmuv3_tlbi_plan() checks that does not depend on the
 * range, and that @caps has the commands the plans will use: TRANS_S1 for
 * SMMUV3_TLBI_S1 (and TRANS_S2 with a non-zero VMID), HYP and E2H for
 * SMMUV3_TLBI_S1_EL2, TRANS_S2 for SMMUV3_TLBI_S2, both stages for
 * SMMUV3_TLBI_S2_NESTED.
 *
 * Return: 0; SMMUV3_EINVAL for a NULL pointer, an unknown regime or
 * granule, unknown flags, SMMUV3_TLBI_F_NO_SYNC with ATS targets or
 * S2_NESTED, VMID != 0 for S1_EL2, ats NULL with n_ats != 0, atc_min_log2
 * > 52; SMMUV3_ERANGE for an ASID/VMID/SID/SSID wider than @caps allow or a
 * stage-2 IAS (caps->s2_ias_bits) not above the granule; SMMUV3_EOPNOTSUPP
 * for a granule, stage, E2H/HYP or ATS the SMMU lacks.
 * On error: *@p is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_prepare(struct smmuv3_tlbi_prep *p, const struct smmuv3_caps *caps,
		    const struct smmuv3_tlbi_req *tmpl);

/**
 * smmuv3_tlbi_prep_encode() - plan one range under a prepared context,
 * as encoded 128-bit commands (CPU order).
 * @p: a context set up by smmuv3_tlbi_prepare().
 * @r: the range.
 * @out: caller buffer of @cap commands;
 *       SMMUV3_TLBI_PLAN_MAX(tmpl->max_ops, tmpl->n_ats) always suffices.
 * @cap: entries in @out.
 * @info: receives the count and the shape of the plan.
 *
 * The hot path: only the range is checked. The commands are those
 * smmuv3_tlbi_plan_encode() writes for the template with @r's range.
 * Return: 0; SMMUV3_EINVAL for a NULL pointer (@out may be NULL only with
 * @cap 0), unaligned iova/size/leaf_size, a leaf_size that is no block size
 * of the granule, iova + size beyond 2^64; SMMUV3_ERANGE for a range beyond
 * the addressable space (stage 2: 2^52 or caps->s2_ias_bits); SMMUV3_E2BIG
 * if @cap is too small.
 * On error: nothing useful is in @out and *@info is zeroed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_prep_encode(const struct smmuv3_tlbi_prep *p,
			const struct smmuv3_tlbi_range *r,
			struct smmuv3_cmd *out, size_t cap,
			struct smmuv3_tlbi_info *info);

/**
 * smmuv3_tlbi_batch_add() - append the plan of @req to a command-queue
 * batch and issue it.
 * @q: the command queue.
 * @b: a batch (which may already hold commands; they go out with the
 *     plan's first CMD_SYNC).
 * @caps: as for smmuv3_tlbi_plan() (normally the caps @q was set up with).
 * @req: what changed.
 * @info: receives the plan's shape (n_cmds counts the CMD_SYNCs too).
 * @st: queue state on a queue error (may be NULL).
 *
 * Every command of the plan goes through smmuv3_cmdq_batch_add_cmd()
 * (built unchecked after the request was validated); each
 * CMD_SYNC of the plan is a smmuv3_cmdq_batch_submit(), which inserts the
 * queue's own CMD_SYNC (its completion mode) and waits for it, so ATC_INVs
 * are only published after the TLB invalidation completed. With
 * SMMUV3_TLBI_F_NO_SYNC the TLBIs stay in @b for the caller to submit.
 * The request is validated before anything is added.
 *
 * Return: 0; any error of smmuv3_tlbi_plan_encode() (nothing added);
 * SMMUV3_EINVAL for NULL @q or @b; errors of
 * smmuv3_cmdq_batch_add_cmd()/batch_submit() (SMMUV3_ETIMEDOUT, SMMUV3_EIO):
 * commands before the failing one may have been published.
 * On error: *@info is zeroed on a validation error; after a queue error
 * the batch holds what was added before it.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_batch_add(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
		      const struct smmuv3_caps *caps,
		      const struct smmuv3_tlbi_req *req,
		      struct smmuv3_tlbi_info *info,
		      struct smmuv3_cmdq_status *st);

/*
 * Gather: accumulates the flushes of successive page-table updates and
 * issues them as one plan.
 *
 * Policy: a range that overlaps or touches the pending one is merged
 * (leaf_only is AND-ed, the smallest leaf size kept, leaf_mixed set when
 * sizes differ); a disjoint range first issues the pending one (merging
 * across a gap would invalidate pages that did not change). A removed table
 * (leaf_size 0) is issued at once, before the flush op returns, because the
 * page-table code may free and reuse the table's memory right after; so is
 * flush_all (the page-table code may use it in place of flush). Leaf-only
 * changes stay pending until a disjoint range, a table, flush_all or
 * smmuv3_tlbi_gather_sync() issues them.
 *
 * Errors: the flush op returns the submit callback's error when it issued
 * a table removal (the page-table code then keeps the tables) and 0 for a
 * leaf change it only recorded; flush_all returns its submit error. Every
 * error (also one hit while issuing a pending leaf range) is besides kept
 * in the gather and returned by the next sync; after an error the whole
 * ASID/VMID stays pending so that a retry over-invalidates instead of
 * missing anything.
 */
typedef int (*smmuv3_tlbi_submit_fn)(void *ctx,
				     const struct smmuv3_cmd_desc *cmds,
				     size_t n);

struct smmuv3_tlbi_gather {
	/* Set by smmuv3_tlbi_gather_init(); do not modify. */
	const struct smmuv3_caps *caps;
	struct smmuv3_tlbi_req tmpl;
	struct smmuv3_cmd_desc *buf;
	size_t cap;
	smmuv3_tlbi_submit_fn submit;
	void *submit_ctx;
	struct smmuv3_tlbi_prep prep; /* the template, validated */
	/* Pending state. */
	bool pending;
	bool all;
	bool leaf_only;
	bool leaf_mixed;
	smmuv3_iova_t start;
	smmuv3_iova_t last; /* inclusive, so the top of 2^64 fits */
	uint64_t leaf_size;
	int err;
	/* Statistics. */
	uint64_t n_issued; /* plans submitted */
	uint64_t n_merged; /* flush calls merged into a pending range */
};

/**
 * smmuv3_tlbi_gather_init() - prepare @g for the domain described by @tmpl.
 * @g: the gather (fully initialised here).
 * @caps: probed capabilities; must outlive @g.
 * @tmpl: regime, asid/vmid, granule, max_ops, flags and ATS targets (the
 *        range fields are ignored); the ATS array must outlive @g. It is
 *        validated here, once (as smmuv3_tlbi_prepare(), without the stage
 *        check: the submit callback's encoder makes it).
 * @buf: scratch for plans; must hold
 *        SMMUV3_TLBI_PLAN_MAX(tmpl->max_ops, tmpl->n_ats) descriptors.
 * @cap: entries in @buf.
 * @submit: called with each plan (ends with CMD_SYNC unless
 *        SMMUV3_TLBI_F_NO_SYNC); returns 0 or a negative SMMUV3_E* code.
 *        It must not return 0 before the plan's CMD_SYNCs completed (e.g.
 *        smmuv3_cmdq_submit() at each CMD_SYNC): a removed table's memory
 *        is reused by the page-table code as soon as the flush op returns
 *        0, and ATC_INV must follow a completed TLBI.
 * @ctx: passed to @submit.
 *
 * Return: 0; SMMUV3_EINVAL for NULL pointers or an invalid template (as for
 * smmuv3_tlbi_plan()); SMMUV3_ERANGE/EOPNOTSUPP as for smmuv3_tlbi_plan();
 * SMMUV3_E2BIG if @cap is too small.
 * On error: @g is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_gather_init(struct smmuv3_tlbi_gather *g,
			const struct smmuv3_caps *caps,
			const struct smmuv3_tlbi_req *tmpl,
			struct smmuv3_cmd_desc *buf, size_t cap,
			smmuv3_tlbi_submit_fn submit, void *ctx);

/**
 * smmuv3_tlbi_gather_flush() - the pgtable "flush" op (cookie = gather).
 * @cookie: the struct smmuv3_tlbi_gather.
 * @iova: start of the range that changed.
 * @size: bytes; 0 records nothing.
 * @leaf_size: size of the leaf entries that changed; 0: a table was removed.
 * @leaf_only: only leaf entries changed.
 *
 * Records that [@iova, @iova + @size) changed (see the policy above). An
 * unaligned range is widened to the granule and loses its TTL hint.
 * @leaf_size 0 always means a table was removed (the pgtable contract),
 * not "unknown" as in struct smmuv3_tlbi_req: @leaf_only is then ignored
 * (treated as false: walk caches too) and the plan is issued at once.
 *
 * Return: with @leaf_size 0 (a table was removed), 0 once the merged plan
 * was submitted and completed, or the submit callback's error
 * (SMMUV3_ETIMEDOUT, SMMUV3_EIO... : the invalidation may not have
 * completed; the whole ASID/VMID stays pending); for a leaf change, 0
 * (an error issuing an older pending range is kept for the next sync);
 * SMMUV3_EINVAL for a NULL @cookie. Not SMMUV3_MUST_CHECK: an op table
 * entry; the page-table code checks it.
 * On error: the whole ASID/VMID stays pending (issued by the next issue or
 * sync) and the error is kept for the next smmuv3_tlbi_gather_sync().
 */
SMMUV3_API int smmuv3_tlbi_gather_flush(void *cookie, smmuv3_iova_t iova,
					uint64_t size, uint64_t leaf_size,
					bool leaf_only);

/**
 * smmuv3_tlbi_gather_flush_all() - the pgtable "flush_all" op: marks the
 * whole ASID/VMID (merging what was pending) and issues it at once.
 * @cookie: the struct smmuv3_tlbi_gather.
 * Return: 0 once it completed; the submit callback's error (kept pending,
 * also returned by the next sync); SMMUV3_EINVAL for a NULL @cookie.
 * On error: the whole ASID/VMID stays pending.
 */
SMMUV3_API int smmuv3_tlbi_gather_flush_all(void *cookie);

/**
 * smmuv3_tlbi_gather_sync() - issue what is pending and return the first
 * error since the previous sync (0 if none), which is then cleared.
 * @g: the gather.
 * Return: 0; SMMUV3_EINVAL for a NULL @g; else the first error kept since
 * the previous sync: a submit callback's error (SMMUV3_ETIMEDOUT,
 * SMMUV3_EIO, ...) or a planning error of a merged range (which was then
 * issued as the whole ASID/VMID).
 * On error: what could not be issued stays pending (as the whole
 * ASID/VMID); the returned error is cleared.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_tlbi_gather_sync(struct smmuv3_tlbi_gather *g);

/*
 * Initialiser of a struct smmuv3_pgtbl_flush_ops for the page-table code,
 * with the gather as cookie:
 *   static const struct smmuv3_pgtbl_flush_ops ops = SMMUV3_TLBI_GATHER_OPS;
 * (a macro rather than a library object: the library keeps no data that
 * needs relocation.)
 */
#define SMMUV3_TLBI_GATHER_OPS                            \
	{                                                 \
		.flush = smmuv3_tlbi_gather_flush,        \
		.flush_all = smmuv3_tlbi_gather_flush_all \
	}

#endif /* SMMUV3_TLBI_H */
