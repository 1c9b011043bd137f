/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 VMSAv8-64 (LPAE) stage-1 and stage-2 page tables, independent of
 * the SMMU: memory comes from the OSAL, TLB maintenance goes out through
 * struct smmuv3_pgtbl_flush_ops (see tlbi.h for the gather that implements
 * it).
 */
#ifndef SMMUV3_PGTABLE_H
#define SMMUV3_PGTABLE_H

#include <smmuv3/osal.h>
#include <smmuv3/types.h>

/*
 * TLB maintenance requested by the page-table code. Called with the
 * page-table lock (if any) held; must not call back into it. Each returns
 * 0 or a negative SMMUV3_E* code. Either op may be NULL, but not both for
 * a table an SMMU walks: the ops (or both ops) may be NULL only for tables
 * never attached to an SMMU; nothing can then invalidate a walk cache, so
 * unmap frees no removed table before smmuv3_pgtbl_destroy() (they stay
 * unlinked on the deferred list).
 */
struct smmuv3_pgtbl_flush_ops {
	/*
	 * Entries covering [@iova, @iova + @size) changed. @leaf_size: the
	 * size of the leaf entries that changed, or 0 when a table was removed
	 * (walk caches must then be invalidated too). @leaf_only: true when
	 * only leaf entries changed (no table entry was removed).
	 * With @leaf_size 0, return 0 only once the invalidation (TLBI +
	 * CMD_SYNC) has COMPLETED: the removed tables are freed right after.
	 * A leaf-only flush may be gathered and completed later (return 0);
	 * an error it returns is passed on by smmuv3_pgtbl_unmap().
	 */
	int (*flush)(void *cookie, smmuv3_iova_t iova, uint64_t size,
		     uint64_t leaf_size, bool leaf_only);
	/*
	 * Everything this table translates must be invalidated. Used by unmap
	 * only when @flush is NULL, in its place: return 0 only once the
	 * invalidation has completed (tables may be freed right after).
	 */
	int (*flush_all)(void *cookie);
};

/*
 * Contract of the flush calls made by this module:
 * - map never calls flush (invalid -> valid needs no invalidation).
 * - flush and flush_all are called after the descriptor stores they cover
 *   with no barrier in between: the op must order those stores before the
 *   invalidation it issues (at least SMMUV3_BARRIER_MEM_PUBLISH; the
 *   command queue's barrier before its doorbell, which the TLBI gather
 *   uses, does).  Unmap without flush ops ends with MEM_PUBLISH itself.
 * - unmap makes at most one flush() per distinct leaf size removed (one in
 *   the common case), each covering exactly [first removed leaf of that
 *   size, end of the last one), so @iova and @size are multiples of
 *   @leaf_size, after all its descriptor stores are visible. When a
 *   table was removed, a single flush() with leaf_size 0 and leaf_only
 *   false covers the whole removed span; the removed tables are freed
 *   only after it returned 0.
 * - If a flush fails, unmap returns its error; the removed entries stay
 *   removed, the removed tables stay allocated (unlinked, on the table's
 *   deferred list) and the span stays pending. The next unmap (of any
 *   range, even a hole) widens its flush to the pending span (a
 *   table flush if tables are deferred) and frees them when it succeeds;
 *   smmuv3_pgtbl_destroy() frees them in any case.
 * - Without any flush op, removed tables are kept until destroy (above).
 * - read_and_clear_dirty never flushes: the caller flushes before trusting
 *   that further writes are recorded (Arm ARM, hardware management of
 *   the dirty state).
 */

#include <smmuv3/err.h>
#include <smmuv3/idr.h>

/* Translation stage of a table. */
enum smmuv3_pgtbl_stage {
	SMMUV3_PGTBL_STAGE1 = 1,
	SMMUV3_PGTBL_STAGE2 = 2,
};

/* smmuv3_pgtbl_cfg.flags */
/* Stage 1: set DBM on writable leaves for HTTU dirty tracking (CD.HD). */
#define SMMUV3_PGTBL_F_HTTU_HD (1u << 0)
/* Stage 2: the STE will set S2FWB; MemAttr uses the FWB encodings. */
#define SMMUV3_PGTBL_F_S2FWB (1u << 1)
/* Do not concatenate stage-2 roots unless the architecture requires it. */
#define SMMUV3_PGTBL_F_NO_OPT_CONCAT (1u << 2)
/*
 * Keep tables that partial unmaps leave empty (no table churn on map/unmap
 * cycles); smmuv3_pgtbl_trim() releases them. Default: freed by unmap.
 */
#define SMMUV3_PGTBL_F_KEEP_EMPTY (1u << 3)

/*
 * What smmuv3_pgtbl_unmap() does with a block that straddles an end of the
 * range (smmuv3_pgtbl_cfg.split; docs/pgtable.md "Block split").
 */
enum smmuv3_pgtbl_split {
	/* Refuse with SMMUV3_EPERM; nothing changes. */
	SMMUV3_PGTBL_SPLIT_NONE = 0,
	/*
	 * Hitless: a table holding the rest of the block is built in full,
	 * then replaces the block with one 64-bit store, then the block's
	 * range is invalidated. No access to the rest ever faults. Needs an
	 * SMMU with SMMU_IDR3.BBML = 2 (checked when init gets caps).
	 */
	SMMUV3_PGTBL_SPLIT_HITLESS = 1,
	/*
	 * Break-before-make, for any SMMU: the block is invalidated, its
	 * range invalidated (a completed table flush), then the table
	 * stored. Accesses to the rest of the block fault in that window.
	 */
	SMMUV3_PGTBL_SPLIT_BBM = 2,
};

/*
 * Allocation context of one page table (smmuv3_pgtbl_cfg.mm), e.g. a VM's
 * own page cache. All three ops are required; the contract of each is that
 * of the OSAL op of the same name (docs/porting.md): alloc returns zeroed,
 * @align-aligned memory the SMMU can read, with its PA; free gets the size
 * asked for; phys_to_virt maps a PA inside such memory back to its VA.
 * Called with the caller's page-table lock (if any) held.
 */
struct smmuv3_pgtbl_mm_ops {
	void *(*alloc)(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa);
	void (*free)(void *ctx, void *va, size_t size);
	void *(*phys_to_virt)(void *ctx, smmuv3_pa_t pa);
};

/* Configuration, given to smmuv3_pgtbl_init(). */
struct smmuv3_pgtbl_cfg {
	enum smmuv3_pgtbl_stage stage;
	enum smmuv3_granule granule; /* 4K, 16K or 64K (see idr.h) */
	uint8_t ias;		     /* input bits: 32..48, or 52 with 64K */
	uint8_t oas;	/* output bits: 32, 36, 40, 42, 44, 48, 52 (64K) */
	bool coherent;	/* walks snoop CPU caches (IDR0.COHACC + firmware) */
	uint32_t flags; /* SMMUV3_PGTBL_F_* */
	/* NULL only if never attached to an SMMU (see above) */
	const struct smmuv3_pgtbl_flush_ops *flush;
	void *cookie; /* for @flush */
	/*
	 * Fields below: zero keeps the behaviour of a table without them.
	 * @mm: where table memory comes from; NULL: the OSAL's alloc, free
	 * and phys_to_virt. @mm_ctx: passed to @mm's ops.
	 */
	const struct smmuv3_pgtbl_mm_ops *mm;
	void *mm_ctx;
	/*
	 * Leaf sizes map may use, as a mask of sizes (bit n: 2^n bytes, as
	 * struct smmuv3_caps.pgsize): 0 allows every size of the granule.
	 * Otherwise it must hold the granule's page size and, for each block
	 * size it holds, every smaller leaf size of the granule (it names
	 * the largest leaf allowed), and nothing else.
	 */
	uint64_t pgsize_mask;
	enum smmuv3_pgtbl_split split; /* SMMUV3_PGTBL_SPLIT_*; 0 = NONE */
};

/*
 * Raw field values for the CD (stage 1) and STE (stage 2) builders: the
 * TCR_EL1- and VTCR_EL2-shaped fields the SMMU takes from them (IHI 0070
 * 5.4 CD.T0SZ/TG0/IR0/OR0/SH0/IPS/TTB0, 5.2 STE.S2T0SZ/S2SL0/S2IR0/S2OR0/
 * S2SH0/S2TG/S2PS/S2TTB). Only the fields of the table's stage are set.
 */
struct smmuv3_pgtbl_hwcfg {
	/* both stages */
	uint8_t t0sz;  /* 64 - IAS */
	uint8_t tg;    /* SMMUV3_TCR_TG_*: CD.TG0 / STE.S2TG */
	uint8_t irgn;  /* SMMUV3_RGN_*: CD.IR0 / STE.S2IR0 */
	uint8_t orgn;  /* CD.OR0 / STE.S2OR0 */
	uint8_t sh;    /* SMMUV3_SH_*: CD.SH0 / STE.S2SH0 */
	uint8_t ps;    /* SMMUV3_PS_*: CD.IPS / STE.S2PS */
	uint64_t ttbr; /* root table PA: CD.TTB0 / STE.S2TTB */
	/* stage 1 */
	uint64_t mair; /* CD.MAIR0 value matching the ATTRINDX used */
	bool hd, ha;   /* CD.HD/HA when SMMUV3_PGTBL_F_HTTU_HD */
	/* stage 2 */
	uint8_t sl0; /* STE.S2SL0 */
	bool fwb;    /* STE.S2FWB */
};

/* Caller-owned page-table state. Treat as opaque. */
struct smmuv3_pgtbl {
	struct smmuv3_osal osal;
	struct smmuv3_pgtbl_cfg cfg;
	struct smmuv3_pgtbl_hwcfg hw;
	/* Table memory: cfg.mm's ops or the OSAL's. */
	void *(*mm_alloc)(void *ctx, size_t size, size_t align,
			  smmuv3_pa_t *pa);
	void (*mm_free)(void *ctx, void *va, size_t size);
	void *(*mm_p2v)(void *ctx, smmuv3_pa_t pa);
	void *mm_ctx;
	uint64_t *root; /* virtual address of the (concatenated) root */
	smmuv3_pa_t root_pa;
	uint32_t root_bytes;  /* architectural size of the root */
	uint8_t start_level;  /* 0..3 */
	uint8_t concat;	      /* stage-2 concatenated roots (1 = none) */
	uint8_t pg_shift;     /* 12, 14, 16 */
	uint8_t bpl;	      /* bits per level: pg_shift - 3 */
	uint8_t root_bits;    /* index bits of the root, incl. concat */
	uint8_t leaf_levels;  /* bit L: a leaf may be installed at level L */
	uint8_t shift[4];     /* log2 of the span of one entry per level */
	uint32_t root_alloc;  /* bytes allocated (and alignment) for the root */
	uint32_t idx_mask[4]; /* entries per table at each level, minus 1 */
	/* Left by a failed flush in smmuv3_pgtbl_unmap() (see above). */
	uint64_t *deferred;  /* removed tables awaiting a completed flush */
	uint64_t pend_first; /* span still to invalidate (end exclusive) */
	uint64_t pend_last;
	uint64_t pend_lfirst[4]; /* span of the level-L leaves in it */
	uint64_t pend_llast[4];
	uint32_t pend_lvls; /* bit L: level-L leaves in the span */
	bool pend;	    /* a flush failed; the span above is pending */
	void (*clean_fn)(void *ctx, const void *va, size_t size); /* OSAL */
	uint64_t in_lim;					  /* 2^IAS */
	uint64_t gmask;	   /* granule size - 1 */
	uint64_t tbl_mask; /* descriptor bits of a next-level table PA */
	uint64_t hi_mask;  /* OA[51:48] field (bits [15:12]), 64K only */
	/* Walk cache: the level-2 table under level-1 entry wc_tag. */
	uint64_t wc_tag; /* IOVA >> shift[1]; UINT64_MAX: empty */
	uint64_t *wc_t2;
	uint64_t *wc_up2; /* the descriptor linking wc_t2 */
	/* The last prot map translated, and its leaf attributes. */
	uint32_t prot_last;
	uint64_t attrs_last;
};

/* Protection / attribute flags for smmuv3_pgtbl_map() (@prot). */
#define SMMUV3_PROT_READ (1u << 0)
#define SMMUV3_PROT_WRITE (1u << 1)
#define SMMUV3_PROT_NOEXEC (1u << 2) /* XN (stage 1: UXN and PXN) */
#define SMMUV3_PROT_PRIV (1u << 3)   /* stage 1: no unprivileged access */
/* Memory type, bits [5:4]. */
#define SMMUV3_PROT_MEM_MASK (3u << 4)
#define SMMUV3_PROT_MEM_NC (0u << 4)	 /* Normal Non-cacheable */
#define SMMUV3_PROT_MEM_CACHED (1u << 4) /* Normal Write-Back */
#define SMMUV3_PROT_MEM_DEVICE (2u << 4) /* Device-nGnRE (MMIO) */
/* Shareability, bits [7:6]; DEFAULT = inner if cached, else outer. */
#define SMMUV3_PROT_SH_MASK (3u << 6)
#define SMMUV3_PROT_SH_DEFAULT (0u << 6)
#define SMMUV3_PROT_SH_NONE (1u << 6)
#define SMMUV3_PROT_SH_OUTER (2u << 6)
#define SMMUV3_PROT_SH_INNER (3u << 6)
#define SMMUV3_PROT_ALL 0xffu
/*
 * Map flag, ORed into smmuv3_pgtbl_map()'s @prot: replace whatever the
 * range maps (see smmuv3_pgtbl_map()) instead of failing with EEXIST.
 */
#define SMMUV3_MAP_REPLACE (1u << 8)

/**
 * smmuv3_pgtbl_init() - validate @cfg, derive the layout and allocate the root.
 * @pgtbl: caller-owned state, written on success only.
 * @osal: port used for barriers and cache_clean, and for table memory
 *        (alloc/free/phys_to_virt) unless @cfg->mm is set.
 * @caps: probed capabilities to check @cfg against, or NULL to check
 *        against the architecture only.
 * @cfg: stage, granule, sizes, flags, flush ops, allocation context,
 *       page-size mask, split mode.
 *
 * The start level follows from IAS and the granule (Arm ARM D8.2); for
 * stage 2, roots are concatenated (up to 16; Arm ARM R_DXBSH, R_SRKBC,
 * AArch64.S2InvalidSL) where the architecture requires it (a start at
 * level 0 with 4K or level 1 with 64K and a PA size below 44 bits, level
 * 0 with 16K, level 1 with 16K below 42 bits; the PA size is
 * @caps->oas_bits, or @cfg->oas without caps) and, unless
 * SMMUV3_PGTBL_F_NO_OPT_CONCAT, where it saves a level (start level 0/1
 * with at most 16 root entries). The level reached by concatenating must
 * be allowed too (16K from level 0 reaches level 1: PA size >= 42 bits).
 * Every table, the root included, is one granule allocated granule-aligned;
 * a concatenated stage-2 root is 2..16 granules aligned to its size.
 *
 * Return: 0; SMMUV3_EINVAL for a NULL argument, a bad stage/granule, an
 * IAS/OAS the granule cannot express, 52 bits without 64K, a flag of the
 * other stage, a page-size mask that is not the granule's page size plus
 * consecutive larger leaf sizes, an unknown split mode, @cfg->mm with a
 * NULL op, or @cfg->coherent false while @osal has no cache_clean (the
 * walker would never see the tables);
 * SMMUV3_ERANGE if more than 16 roots would be needed, if no
 * stage-2 start level is allowed for the PA size (16K with IAS 48 and a PA
 * size below 42 bits), or the root memory lies beyond OAS;
 * SMMUV3_EOPNOTSUPP if @caps lacks the stage, granule, sizes, HTTU or FWB,
 * or SMMUV3_PGTBL_SPLIT_HITLESS is asked of an SMMU whose IDR3.BBML < 2;
 * SMMUV3_ENOSYS if neither @cfg->mm nor @osal has phys_to_virt;
 * SMMUV3_ENOSYS/EINVAL from smmuv3_osal_validate(); SMMUV3_ENOMEM if the
 * root cannot be allocated.
 * On error: nothing is allocated and *@pgtbl is not written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_pgtbl_init(struct smmuv3_pgtbl *pgtbl, const struct smmuv3_osal *osal,
		  const struct smmuv3_caps *caps,
		  const struct smmuv3_pgtbl_cfg *cfg);

/**
 * smmuv3_pgtbl_destroy() - free every table of a page table.
 * @pgtbl: an initialised table, or NULL (ignored).
 *
 * Frees every table, including the root and the tables a failed unmap
 * flush kept. The caller must have detached the table from the SMMU (and
 * invalidated) first. @pgtbl may be re-initialised afterwards.
 * Return: nothing.
 */
SMMUV3_API void smmuv3_pgtbl_destroy(struct smmuv3_pgtbl *pgtbl);

/**
 * smmuv3_pgtbl_get_hwcfg() - the derived CD/STE field values (see struct).
 * @pgtbl: an initialised table.
 * @out: receives the values.
 * Return: 0; SMMUV3_EINVAL if an argument is NULL or @pgtbl is not
 * initialised.
 * On error: *@out is not written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_pgtbl_get_hwcfg(const struct smmuv3_pgtbl *pgtbl,
		       struct smmuv3_pgtbl_hwcfg *out);

/**
 * smmuv3_pgtbl_map() - map [@iova, @iova + @size) to [@pa, @pa + @size).
 * @pgtbl: an initialised table.
 * @iova: first input address, granule-aligned.
 * @pa: first output address, granule-aligned.
 * @size: bytes, a non-zero multiple of the granule.
 * @prot: SMMUV3_PROT_*; READ or WRITE required. Stage 1 cannot express
 *        write-only: WRITE alone maps read-write. MEM_DEVICE needs NOEXEC;
 *        PRIV is stage 1 only. May include SMMUV3_MAP_REPLACE.
 *
 * Uses the largest leaf whose size and alignment fit at each point and
 * that the page-size mask allows (4K: 1G/2M/4K; 16K: 32M/16K; 64K: 4T
 * (OAS 52)/512M/64K). All checks and all table allocations happen before
 * the first descriptor is written, so a failed map changes nothing. No
 * flush is needed or made. smmuv3_pgtbl_max_tables() bounds the tables it
 * allocates.
 *
 * With SMMUV3_MAP_REPLACE, what the range maps is replaced, with the
 * invalidation the change needs: if every address of the range is mapped
 * by leaves inside it to the same output addresses with the same memory
 * attributes, only permissions change: each leaf is rewritten in place
 * (one store, no fault window) and a leaf flush follows, as after unmap.
 * Otherwise break-before-make: blocks straddling an end are split as
 * unmap does (or SMMUV3_EPERM), all new tables are allocated, the old
 * leaves cleared, a table flush (which completes) invalidates them, then
 * the new leaves are written; accesses to the range fault meanwhile.
 *
 * Return: 0; SMMUV3_EINVAL if @pgtbl is NULL, @size is 0, @iova/@pa/@size
 * are not granule-aligned, @prot has no READ/WRITE or unknown bits or a
 * reserved MEM/SH value, is MEM_DEVICE without NOEXEC, or has PRIV on a
 * stage-2 table; SMMUV3_ERANGE if the input range exceeds IAS,
 * the output range exceeds OAS, or a table allocated lies beyond OAS
 * (table addresses are output addresses); SMMUV3_EEXIST if any
 * part of the range is already mapped (without REPLACE); SMMUV3_ENOMEM if
 * a table cannot be allocated. With REPLACE also: SMMUV3_EPERM if a block
 * straddles an end and splitting is off; any error of the flush op (the
 * error of a split's break with SMMUV3_PGTBL_SPLIT_BBM, or of the
 * invalidation of the old leaves).
 * On error: the table is unchanged, except after a flush error of the
 * invalidation of the old leaves (REPLACE): the range is then unmapped,
 * not replaced, and the flush pending as after a failed unmap flush.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_pgtbl_map(struct smmuv3_pgtbl *pgtbl,
						  smmuv3_iova_t iova,
						  smmuv3_pa_t pa, uint64_t size,
						  uint32_t prot);

/**
 * smmuv3_pgtbl_unmap() - remove every mapping inside [@iova, @iova + @size).
 * @pgtbl: an initialised table.
 * @iova: first input address, granule-aligned.
 * @size: bytes, a non-zero multiple of the granule.
 * @unmapped: if not NULL, receives the number of bytes that were mapped
 *            and are now removed (holes are skipped, not an error).
 *
 * A block only partly inside the range is handled as @cfg.split says:
 * refused (SMMUV3_PGTBL_SPLIT_NONE), or first replaced by an equivalent
 * table (HITLESS: one store, no access to the rest of the block faults;
 * BBM: invalid entry, completed flush, table), allocated before anything
 * changes; docs/pgtable.md "Block split". The pieces are leaves of the
 * sizes the table allows (caps->pgsize[] and @cfg.pgsize_mask).
 * smmuv3_pgtbl_max_tables() of the range bounds the tables a split
 * allocates when those sizes have no gap below the block's (else a block
 * whose next smaller size is missing takes a table per entry below it).
 * Tables left empty are unlinked and freed after the flush (see above),
 * unless SMMUV3_PGTBL_F_KEEP_EMPTY (subtrees wholly inside the range are
 * removed in both policies). A flush that an earlier call left pending
 * (failed) is retried here, widened to cover it.
 *
 * Return: 0; SMMUV3_EINVAL for NULL @pgtbl, zero or unaligned @iova/@size;
 * SMMUV3_ERANGE beyond IAS or if a split table lies beyond OAS;
 * SMMUV3_EPERM if a block straddles either end of the range and splitting
 * is off; SMMUV3_ENOMEM if a split table cannot be allocated; with
 * SMMUV3_PGTBL_SPLIT_BBM, the error of the flush completing the break
 * (the block is then restored). On these errors the translations are
 * unchanged (a block may have been replaced by an equivalent table) and
 * no other flush is made. Otherwise, any error returned by the flush op
 * (with the gather: SMMUV3_ETIMEDOUT, SMMUV3_EIO... from the command
 * queue).
 * On error: after a flush error the range IS unmapped (*@unmapped is set)
 * but its invalidation did not complete, so the SMMU may still use the old
 * translations and walk the removed tables, which are therefore kept
 * allocated (not leaked: freed by the next successful unmap flush, trim or
 * destroy). Call unmap again (any range; it retries and frees them) or
 * invalidate the whole ASID/VMID yourself (the tables then stay kept until
 * the next unmap or destroy) before reusing the IOVAs or the mapped memory.
 * After the other errors nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_pgtbl_unmap(struct smmuv3_pgtbl *pgtbl,
						    smmuv3_iova_t iova,
						    uint64_t size,
						    uint64_t *unmapped);

/**
 * smmuv3_pgtbl_trim() - release every empty table (not the root).
 * @pgtbl: an initialised table.
 * @ntables: if not NULL, receives the number of tables unlinked.
 *
 * For tables kept by SMMUV3_PGTBL_F_KEEP_EMPTY: each empty table is
 * unlinked (a table emptied that way goes too), one table flush covers
 * them, and they are freed once it returned 0 (as unmap does, including
 * the retry of a pending flush).
 * Return: 0; SMMUV3_EINVAL if @pgtbl is NULL or not initialised; any error
 * of the flush op.
 * On error: after a flush error the tables are unlinked and kept
 * allocated until a later unmap, trim or destroy flushes successfully
 * (*@ntables is set); translations never change.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_pgtbl_trim(struct smmuv3_pgtbl *pgtbl,
						   uint64_t *ntables);

/**
 * smmuv3_pgtbl_max_tables() - most tables a map of a range can allocate.
 * @pgtbl: an initialised table.
 * @iova: first input address, granule-aligned.
 * @size: bytes, a non-zero multiple of the granule.
 * @n: receives the bound: every table below the root the range touches,
 *     whatever is mapped now, so a caller can top up its allocation
 *     context with @n granules and then map without SMMUV3_ENOMEM. It
 *     also bounds the tables a splitting unmap of the range allocates
 *     when the table's leaf sizes have no gap (see smmuv3_pgtbl_unmap()).
 * Return: 0; SMMUV3_EINVAL for a NULL argument, zero or unaligned
 * @iova/@size; SMMUV3_ERANGE beyond IAS.
 * On error: *@n is not written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_pgtbl_max_tables(const struct smmuv3_pgtbl *pgtbl, smmuv3_iova_t iova,
			uint64_t size, uint64_t *n);

/**
 * smmuv3_pgtbl_iova_to_phys() - software walk of @iova.
 * @pgtbl: an initialised table.
 * @iova: the input address.
 * @pa: receives the output address (including the offset inside the leaf).
 * Return: 0; SMMUV3_ENOENT if unmapped; SMMUV3_EINVAL for NULL arguments;
 * SMMUV3_ERANGE beyond IAS.
 * On error: *@pa is not written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_pgtbl_iova_to_phys(const struct smmuv3_pgtbl *pgtbl, smmuv3_iova_t iova,
			  smmuv3_pa_t *pa);

/* One valid entry reported by smmuv3_pgtbl_walk(). */
struct smmuv3_pgtbl_entry {
	smmuv3_iova_t iova; /* first address the entry covers */
	uint64_t size;	    /* bytes the entry covers */
	uint8_t level;	    /* lookup level 0..3 */
	bool leaf;	    /* block/page (true) or table (false) */
	uint64_t desc;	    /* raw descriptor */
	smmuv3_pa_t addr;   /* output address or next-level table PA */
};

typedef int (*smmuv3_pgtbl_walk_fn)(void *arg,
				    const struct smmuv3_pgtbl_entry *e);

/**
 * smmuv3_pgtbl_walk() - report every valid entry overlapping a range.
 * @pgtbl: an initialised table.
 * @iova: first input address of the range.
 * @size: bytes, non-zero.
 * @fn: called for each entry; returns 0 to continue, any other value stops
 *      the walk and is returned.
 * @arg: passed to @fn.
 *
 * Entries come in address order, a table before its contents.
 * Return: 0, @fn's value, SMMUV3_EINVAL (NULL, zero size) or SMMUV3_ERANGE
 * (beyond IAS).
 * On error: nothing changed (the walk only reads).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_pgtbl_walk(const struct smmuv3_pgtbl *pgtbl, smmuv3_iova_t iova,
		  uint64_t size, smmuv3_pgtbl_walk_fn fn, void *arg);

/* Flags of smmuv3_pgtbl_read_and_clear_dirty(). */
#define SMMUV3_DIRTY_NO_CLEAR (1u << 0) /* report only */

typedef void (*smmuv3_pgtbl_dirty_fn)(void *arg, smmuv3_iova_t iova,
				      uint64_t size);

/**
 * smmuv3_pgtbl_read_and_clear_dirty() - HTTU dirty state of a range.
 * @pgtbl: an initialised stage-1 table with SMMUV3_PGTBL_F_HTTU_HD.
 * @iova: first input address, granule-aligned.
 * @size: bytes, a non-zero multiple of the granule.
 * @flags: 0 or SMMUV3_DIRTY_NO_CLEAR.
 * @fn: receives each dirty leaf (its whole span).
 * @arg: passed to @fn.
 *
 * Every leaf in the range that is writable-dirty (DBM = 1, AP[2] = 0: Arm
 * ARM "Hardware management of the dirty state") is reported to @fn and,
 * unless SMMUV3_DIRTY_NO_CLEAR, made writable-clean by atomically setting
 * AP[2]. No flush: the caller must invalidate the TLB afterwards before
 * relying on new writes being seen.
 * Return: 0; SMMUV3_EINVAL (NULL, zero size, unaligned, unknown flags);
 * SMMUV3_EOPNOTSUPP without HTTU_HD; SMMUV3_ERANGE beyond IAS.
 * On error: nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_pgtbl_read_and_clear_dirty(
	struct smmuv3_pgtbl *pgtbl, smmuv3_iova_t iova, uint64_t size,
	uint32_t flags, smmuv3_pgtbl_dirty_fn fn, void *arg);

#endif /* SMMUV3_PGTABLE_H */
