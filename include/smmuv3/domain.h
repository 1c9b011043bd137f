/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Domains: what a stream is attached to. A domain is one of
 *   - a paging domain: a stage-1 (ASID) or stage-2 (VMID) page table;
 *   - a nested domain: a guest-owned stage-1 CD table (at an IPA) on top of
 *     a stage-2 paging domain, its parent;
 *   - a bypass (identity) or an abort (blocking) domain: no table.
 * Streams (struct smmuv3_stream, storage provided by the caller, any
 * number) are moved between domains by smmuv3_domain_attach(), always
 * through the hitless STE writer (ste.h). One paging domain can serve
 * streams on several SMMUs (smmuv3_domain_add_smmu()): one page table, and
 * every unmap's invalidation sent to each SMMU that has one of its streams
 * attached, through that SMMU's own command queue and planned with that
 * SMMU's capabilities, completed on all of them before unmap returns.
 *
 * Concurrency: one thread at a time per domain (the caller's lock), and
 * attach/detach serialised per SMMU by the caller (stream-table updates may
 * allocate L2 tables); an attach touches the old and the new domain of the
 * stream, so hold both domains' locks. map/unmap of different domains may
 * run concurrently when the OSAL provides the command-queue lock.
 * While an SMMU is READY (not enabled) nothing is sent to it: the SMMU
 * reads no table and smmuv3_dev_enable() invalidates everything. docs/domain.md
 * describes the life of a stream and the invalidation rules.
 */
#ifndef SMMUV3_DOMAIN_H
#define SMMUV3_DOMAIN_H

#include <smmuv3/device.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/ste.h>
#include <smmuv3/tlbi.h>

/* What a domain does with the transactions of its streams. */
enum smmuv3_domain_type {
	SMMUV3_DOMAIN_PAGING = 0, /* cfg.stage: stage 1 or stage 2 */
	SMMUV3_DOMAIN_NESTED = 1, /* guest stage 1 + the parent's stage 2 */
	SMMUV3_DOMAIN_BYPASS = 2, /* identity: STE.Config = bypass */
	SMMUV3_DOMAIN_ABORT = 3,  /* blocking: STE.Config = abort */
};

/* Largest number of commands a domain sends in one submit (on the stack). */
#define SMMUV3_DOMAIN_CHUNK 16u

struct smmuv3_domain;

struct smmuv3_domain_cfg {
	enum smmuv3_domain_type type;
	/* PAGING */
	enum smmuv3_pgtbl_stage stage; /* SMMUV3_PGTBL_STAGE1 or _STAGE2 */
	enum smmuv3_granule granule;
	uint8_t ias;	   /* input bits; 0: the probed default for the
			      stage (at most 48 unless 64K granule);
			      an explicit value is checked, never clamped */
	uint16_t asid;	   /* stage 1: 1 .. 2^asid_bits - 1 */
	uint16_t vmid;	   /* stage 2: 1 .. 2^vmid_bits - 1 */
	uint8_t ssid_bits; /* stage 1: CD table of 2^ssid_bits contexts; the
			      domain's own CD is SubstreamID 0 */
	/* What an unmap does with a block it cuts (the page table's
	 * cfg.split, pgtable.h): SMMUV3_PGTBL_SPLIT_NONE (0) refuses with
	 * SMMUV3_EPERM; _HITLESS needs IDR3.BBML >= 2 on every SMMU of the
	 * domain; _BBM works anywhere (the rest of the block faults while
	 * it is split). docs/pgtable.md "Block split". */
	enum smmuv3_pgtbl_split pgtbl_split;
	/* Memory for the page table and CD table (the SMMUs of the domain
	 * must all reach it at the same PA); NULL: the device's OSAL. */
	const struct smmuv3_osal *osal;
	/* SMMUV3_STE_F_* given to every stream (ORed with the stream's own
	 * flags); EL2 (stage 1, STRW = EL2) and MEV are per domain. */
	uint32_t ste_flags;
	/* NESTED */
	struct smmuv3_domain *parent; /* a stage-2 PAGING domain */
	smmuv3_pa_t s1_cdtab; /* the guest's CD table: an IPA of the parent */
	uint8_t s1fmt;	      /* SMMUV3_STE_S1FMT_* of the guest's table */
	uint8_t s1cdmax;      /* log2 of its number of CDs */
	uint8_t s1dss;	      /* SMMUV3_STE_S1DSS_*, with s1cdmax != 0 */
};

/*
 * One SMMU a paging domain is present on. The first (the device given to
 * smmuv3_domain_init()) is inside struct smmuv3_domain; each further one is
 * caller storage passed to smmuv3_domain_add_smmu(). Treat as opaque.
 */
struct smmuv3_domain_smmu {
	struct smmuv3_domain_smmu *next;
	struct smmuv3_dev *dev;
	uint32_t n_streams; /* attached streams (nested children's too) */
	uint32_t n_ats;	    /* of which ATS endpoints */
	bool inv_all;	    /* whole tag pending (a failure, a move, fini) */
};

/* struct smmuv3_stream flags (ATS and STALL are the SMMUV3_STE_F_ bits). */
#define SMMUV3_STREAM_F_ATS SMMUV3_STE_F_ATS
#define SMMUV3_STREAM_F_STALL SMMUV3_STE_F_STALL
/* The endpoint issues SubstreamIDs: its STE has the CD table's S1CDMAX.
 * Without it S1CDMAX = 0 (transactions with a SubstreamID are refused). */
#define SMMUV3_STREAM_F_SSID (1u << 8)
#define SMMUV3_STREAM_F_ALL \
	(SMMUV3_STREAM_F_ATS | SMMUV3_STREAM_F_STALL | SMMUV3_STREAM_F_SSID)

/*
 * A stream (StreamID of one SMMU) and the domain it is attached to.
 * Caller storage (e.g. one per device the platform describes), set up by
 * smmuv3_stream_init(), kept until it is attached to no domain. Treat as
 * opaque.
 */
struct smmuv3_stream {
	struct smmuv3_stream *next, *prev; /* in its domain's list */
	struct smmuv3_domain *dom;	   /* NULL: not attached */
	struct smmuv3_dev *dev;
	uint32_t sid;
	uint32_t flags; /* SMMUV3_STREAM_F_* */
	bool ats_live;	/* attached with EATS set */
};

/*
 * Caller-owned; treat as opaque (accessors below). Small: no buffer scales
 * with the number of streams, of SMMUs or of commands in a plan.
 */
struct smmuv3_domain {
	struct smmuv3_domain_cfg cfg;
	bool live;			/* initialised */
	struct smmuv3_domain_smmu smmu; /* first SMMU (paging); list head */
	struct smmuv3_pgtbl pgtbl;	/* paging */
	struct smmuv3_pgtbl_flush_ops flush_ops;
	struct smmuv3_cdtab cdtab;     /* stage 1 */
	struct smmuv3_stream *streams; /* attached streams */
	size_t n_streams;
	struct smmuv3_domain *children; /* stage 2: nested domains on it */
	struct smmuv3_domain *sibling;	/* nested: next child of the parent */
	/* Invalidation pending since the last issue (the domain's gather). */
	struct smmuv3_domain_inv {
		bool leaf_only, leaf_mixed, pending;
		smmuv3_iova_t start, last; /* last inclusive */
		uint64_t leaf_size;
		int err;
	} inv;
	uint64_t n_issued; /* invalidation rounds sent (statistics) */
};

/**
 * smmuv3_domain_init() - set up an empty domain.
 * @dom: caller storage (any contents; fully written here).
 * @dev: PAGING: the first SMMU (probed and initialised) whose streams the
 *       domain serves, whose capabilities size the page table; NESTED: the
 *       parent's device or NULL; BYPASS/ABORT: ignored (may be NULL), those
 *       domains take streams of any SMMU.
 * @cfg: what the domain is (copied).
 *
 * PAGING stage 1 also allocates the CD table and writes the domain's CD at
 * SubstreamID 0 (no SMMU reads it before a stream is attached). NESTED
 * registers the domain with its parent, whose unmaps then use the
 * S2_NESTED invalidation regime (TLBI_S2_IPA, CMD_SYNC, TLBI_NH_ALL,
 * CMD_SYNC: no stale combined stage 1+2 entry survives).
 * Return: 0; SMMUV3_EINVAL for NULL @dom/@cfg, a NULL @dev for PAGING, an
 * unknown type/stage/granule/pgtbl_split, ASID 0 or VMID 0 (or one set
 * for the other stage), unknown ste_flags, EL2 with stage 2, a NESTED parent that is not
 * an initialised stage-2 paging domain or a nested s1dss/s1cdmax
 * combination the STE builder refuses; SMMUV3_EPERM when @dev is not
 * initialised (READY or ENABLED); SMMUV3_ERANGE for an ASID/VMID beyond the
 * SMMU's width; SMMUV3_EOPNOTSUPP when the SMMU lacks the stage, the
 * granule, nesting or E2H, or pgtbl_split is SMMUV3_PGTBL_SPLIT_HITLESS
 * and its IDR3.BBML < 2; the errors of smmuv3_pgtbl_init() (EINVAL,
 * ERANGE, EOPNOTSUPP, ENOMEM), smmuv3_cdtab_init() (ERANGE, ENOMEM, ENOSYS),
 * smmuv3_cd_build() and smmuv3_ste_build_s1()/_s2()/_nested() (EINVAL,
 * ERANGE, EOPNOTSUPP).
 * On error: nothing is allocated and @dom is not initialised (every other
 * call refuses it with SMMUV3_EINVAL).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_init(struct smmuv3_domain *dom, struct smmuv3_dev *dev,
		   const struct smmuv3_domain_cfg *cfg);

/**
 * smmuv3_domain_add_smmu() - let a paging domain serve streams of one more
 * SMMU.
 * @dom: an initialised PAGING domain.
 * @smmu: caller storage for the SMMU's entry; must outlive the domain.
 * @dev: the SMMU (initialised); it must reach the domain's tables at the
 *       same physical addresses as the first SMMU (cfg.osal).
 *
 * The domain's ASID/VMID, granule, stage and table sizes are checked
 * against @dev's capabilities, as is its coherency (the table is written
 * for one coherency). Nothing is sent to the SMMU.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or a domain that is not an
 * initialised paging domain; SMMUV3_EEXIST if @dev is already one of its
 * SMMUs; SMMUV3_EPERM if @dev is not READY or ENABLED; SMMUV3_ERANGE when
 * the ASID/VMID or a table size exceeds what @dev supports;
 * SMMUV3_EOPNOTSUPP when @dev lacks the stage, the granule or nesting (for a
 * parent), or its IDR3.BBML < 2 with cfg.pgtbl_split = HITLESS (a hitless
 * split needs it on every SMMU walking the table), or its coherency differs, or (stage 1) the domain's CD would
 * read differently on @dev (e.g. it forces stalls); the errors of
 * smmuv3_cd_build() and the STE builders for @dev.
 * On error: nothing changed.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_add_smmu(struct smmuv3_domain *dom,
		       struct smmuv3_domain_smmu *smmu, struct smmuv3_dev *dev);

/**
 * smmuv3_domain_fini() - invalidate the domain's ASID/VMID on each of its
 * SMMUs, then free its tables.
 * @dom: an initialised domain with no stream attached (and, for a stage-2
 *       domain, no nested domain left on it).
 *
 * NESTED: TLBI_NH_ALL of the parent's VMID on the parent's SMMUs (the
 * guest's stage-1 entries), then it leaves its parent. SMMUs that are not
 * enabled (READY, or already finalised) are sent nothing: their next
 * enable invalidates everything.
 * Return: 0; SMMUV3_EINVAL for NULL or a domain that is not initialised;
 * SMMUV3_EBUSY while streams or nested domains are attached;
 * SMMUV3_ETIMEDOUT or SMMUV3_EIO if an invalidation failed (from
 * smmuv3_cmdq_submit()).
 * On error: nothing is freed and the domain stays usable (retry later: the
 * ASID/VMID must not be reused before fini succeeded).
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_domain_fini(struct smmuv3_domain *dom);

/**
 * smmuv3_domain_map() - map [@iova, @iova + @size) to @pa in a paging
 * domain (no invalidation needed: only invalid entries change).
 * @dom: an initialised PAGING domain.
 * @iova: input address (IOVA for stage 1, IPA for stage 2), granule
 *        aligned.
 * @pa: output address, granule aligned.
 * @size: bytes, a multiple of the granule, > 0.
 * @prot: SMMUV3_PROT_* (pgtable.h).
 * Return: 0; SMMUV3_EINVAL for NULL @dom, a domain that is not an
 * initialised paging domain, or arguments smmuv3_pgtbl_map() refuses
 * (alignment, size 0, unknown prot bits); SMMUV3_ERANGE for an address
 * beyond the table's input or output size; SMMUV3_EEXIST if part of the
 * range is already mapped; SMMUV3_ENOMEM when a table could not be
 * allocated.
 * On error: nothing is mapped (smmuv3_pgtbl_map() undoes a partial map).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_map(struct smmuv3_domain *dom, smmuv3_iova_t iova, smmuv3_pa_t pa,
		  uint64_t size, uint32_t prot);

/**
 * smmuv3_domain_unmap() - unmap [@iova, @iova + @size), then invalidate it
 * on every SMMU of the domain that has a stream attached (of this domain or
 * of a nested domain on it), and wait for completion everywhere.
 * @dom: an initialised PAGING domain.
 * @iova: start, granule aligned.
 * @size: bytes, a multiple of the granule.
 * @unmapped: receives the bytes that were mapped in the range (may be NULL).
 *
 * Per SMMU the invalidation is planned with that SMMU's capabilities
 * (range TLBIs with RIL, one per leaf without, the whole ASID/VMID above
 * SMMUV3_TLBI_DEFAULT_MAX_OPS commands), sent in submits of at most
 * SMMUV3_DOMAIN_CHUNK commands, each completed by a CMD_SYNC; then one
 * ATC_INV per ATS stream on that SMMU and a CMD_SYNC. When an SMMU fails,
 * the others are still invalidated, the error is returned, and that SMMU
 * keeps its whole ASID/VMID pending: the next unmap (of any range, even
 * size 0) retries it. A block the range cuts is split first as
 * cfg.pgtbl_split says (its split tables come from cfg.osal).
 * Return: 0; SMMUV3_EINVAL for NULL @dom or a domain that is not an
 * initialised paging domain, or a range smmuv3_pgtbl_unmap() refuses
 * (alignment); SMMUV3_ERANGE/SMMUV3_EPERM as smmuv3_pgtbl_unmap() (EPERM: a
 * block straddles an end and cfg.pgtbl_split is SMMUV3_PGTBL_SPLIT_NONE;
 * nothing changed); SMMUV3_ENOMEM if a split table cannot be allocated
 * (nothing changed); SMMUV3_ETIMEDOUT or SMMUV3_EIO from
 * smmuv3_cmdq_submit() on one SMMU (with SMMUV3_PGTBL_SPLIT_BBM also from
 * the flush completing a split's break: the block is then restored), or
 * SMMUV3_EIO when one of the SMMUs is FAILED.
 * On error: for EINVAL/ERANGE/EPERM/ENOMEM the translations are unchanged
 * (a block may have been replaced by an equivalent table); after the tables
 * changed (ETIMEDOUT/EIO) the range is unmapped but its
 * invalidation did not complete on some SMMU; removed tables are kept (not
 * freed) and the failed SMMUs keep the whole ASID/VMID pending: call unmap
 * again (any range) before reusing the IOVAs or the memory.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_domain_unmap(struct smmuv3_domain *dom,
						     smmuv3_iova_t iova,
						     uint64_t size,
						     uint64_t *unmapped);

/**
 * smmuv3_domain_iova_to_phys() - software walk of a paging domain's table.
 * @dom: an initialised PAGING domain.
 * @iova: the address to look up.
 * @pa: receives the output address.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or a domain that is not an
 * initialised paging domain; SMMUV3_ENOENT when @iova is not mapped;
 * SMMUV3_ERANGE when @iova is beyond the table's input size.
 * On error: *@pa is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_iova_to_phys(const struct smmuv3_domain *dom, smmuv3_iova_t iova,
			   smmuv3_pa_t *pa);

/**
 * smmuv3_stream_init() - describe a stream before its first attach.
 * @s: caller storage (any contents; fully written here).
 * @dev: the SMMU the stream belongs to (probed).
 * @sid: its StreamID, below 2^sid_bits.
 * @flags: SMMUV3_STREAM_F_*: ATS (the endpoint is an ATS function: EATS is
 *         set in translating STEs and its ATC invalidated by every unmap),
 *         STALL (the master may stall), SSID (it issues SubstreamIDs).
 *
 * Writes no STE: the stream keeps what its STE holds (the stream table's
 * default: abort, or bypass with SMMUV3_DEV_F_BYPASS_UNKNOWN) until it is
 * attached.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or unknown @flags;
 * SMMUV3_EPERM if @dev is not probed; SMMUV3_ERANGE for @sid beyond the
 * SMMU's StreamID width; SMMUV3_EOPNOTSUPP for ATS, STALL or SSID on an
 * SMMU without that feature.
 * On error: *@s is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_stream_init(struct smmuv3_stream *s,
						    struct smmuv3_dev *dev,
						    uint32_t sid,
						    uint32_t flags);

/**
 * smmuv3_stream_domain() - the domain @s is attached to.
 * @s: an initialised stream, or NULL.
 * Return: the domain, or NULL when @s is NULL or attached to none.
 */
SMMUV3_API struct smmuv3_domain *
smmuv3_stream_domain(const struct smmuv3_stream *s);

/**
 * smmuv3_stream_ste() - the stream's live STE, as the SMMU reads it.
 * @s: an initialised stream.
 * @ste: receives the entry in CPU order.
 * Return: 0; SMMUV3_EINVAL for NULL pointers; SMMUV3_EPERM if the SMMU is
 * not initialised; SMMUV3_ERANGE when the stream table does not cover the
 * StreamID; SMMUV3_ENOMEM when its L2 stream table had to be allocated and
 * could not be (smmuv3_strtab_get() allocates it, filled with the default
 * entry, which is then what is returned).
 * On error: *@ste is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_stream_ste(const struct smmuv3_stream *s, struct smmuv3_ste *ste);

/**
 * smmuv3_domain_find_stream() - the stream (@dev, @sid) if it is attached
 * to @dom. Walks the domain's streams.
 * @dom: an initialised domain.
 * @dev: the SMMU.
 * @sid: the StreamID.
 * Return: the stream, or NULL when not attached here (or a NULL argument).
 */
SMMUV3_API struct smmuv3_stream *
smmuv3_domain_find_stream(const struct smmuv3_domain *dom,
			  const struct smmuv3_dev *dev, uint32_t sid);

/**
 * smmuv3_domain_attach() - move stream @s to @dom from whatever it has now
 * (its default entry, another domain of any type), with the hitless writer.
 * @dom: an initialised domain; for PAGING (and a NESTED domain's parent),
 *       the stream's SMMU must be one of its SMMUs.
 * @s: an initialised stream.
 * @res: optional: what the STE writer did (hitless, syncs, stores).
 *
 * The target STE is built for the stream's SMMU and flags: PAGING stage 1
 * points at the domain's CD table (S1CDMAX = cfg.ssid_bits with
 * SMMUV3_STREAM_F_SSID, else 0), stage 2 at the page table; NESTED uses the
 * guest's CD table and the parent's stage 2; BYPASS and ABORT carry no
 * translation (EATS is 0: disable ATS in the endpoint first). The writer
 * stays hitless unless two words of the entry must change at once
 * (docs/ste.md), when the stream aborts in between (@res->hitless false).
 * Once the new STE is in place the stream leaves its old domain: an ATS
 * endpoint's whole ATC is invalidated (ATC_INV + CMD_SYNC) when its old or
 * new STE has EATS set, and an SMMU left with no stream on the old
 * domain's tables (its own or its nested domains' streams) gets a TLBI of
 * the old ASID/VMID (a failure there is kept pending and retried by the
 * old domain's next unmap). Enable ATS in the endpoint only after this
 * returned 0.
 * Return: 0; SMMUV3_EINVAL for NULL pointers, an uninitialised domain or
 * stream, a stream without SMMUV3_STREAM_F_SSID on a 2-level CD table, or
 * SSID on a stage-2 domain; SMMUV3_EEXIST if @s is already attached to
 * @dom; SMMUV3_ENODEV if the stream's SMMU is not one of the domain's;
 * SMMUV3_EPERM if the SMMU is not initialised; the STE builders' errors
 * (EINVAL, ERANGE, EOPNOTSUPP: e.g. ATS with STALL on stage 2); the errors
 * of smmuv3_dev_ste_write() (ERANGE, ENOMEM, and ETIMEDOUT/EIO of its
 * syncs); ETIMEDOUT/EIO of the ATC invalidation.
 * On error: if the STE was not changed, the stream stays where it was; if
 * the writer or the ATC invalidation failed after the new STE was stored,
 * the stream counts as attached to @dom (attach it again, or elsewhere, to
 * retry: the writer repeats its invalidation).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_attach(struct smmuv3_domain *dom, struct smmuv3_stream *s,
		     struct smmuv3_write_result *res);

/**
 * smmuv3_domain_detach() - take stream @s out of @dom and put it where
 * @to says: smmuv3_domain_attach(@to, @s, @res), or, with @to NULL, an
 * abort STE and no domain. With @to NULL, an STE the caller already
 * replaced behind the domain's back (smmuv3_dev_ste_write(): any entry
 * other than the one @dom gave the stream) is kept, and the stream only
 * leaves @dom (with the ATC and TLB invalidations of smmuv3_domain_attach()).
 * @dom: the domain @s is attached to.
 * @s: the stream.
 * @to: the next domain (an abort or bypass domain, the host's domain...),
 *      or NULL.
 * @res: optional: what the STE writer did.
 * Return: 0; SMMUV3_EINVAL for NULL @dom/@s; SMMUV3_ENOENT if @s is not
 * attached to @dom; SMMUV3_EEXIST if @to is @dom; otherwise the errors of
 * smmuv3_domain_attach() (with @to NULL: those of smmuv3_dev_ste_write()
 * and of the ATC invalidation).
 * On error: as smmuv3_domain_attach().
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_detach(const struct smmuv3_domain *dom, struct smmuv3_stream *s,
		     struct smmuv3_domain *to, struct smmuv3_write_result *res);

/**
 * smmuv3_domain_ste() - the STE @dom gives to stream @s (what attach
 * writes), built for the stream's SMMU.
 * @dom: an initialised domain.
 * @s: an initialised stream (attached or not).
 * @ste: receives the entry (CPU order).
 * Return: 0; SMMUV3_EINVAL, SMMUV3_ENODEV and the STE builders' errors as
 * for smmuv3_domain_attach().
 * On error: *@ste is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_ste(const struct smmuv3_domain *dom,
		  const struct smmuv3_stream *s, struct smmuv3_ste *ste);

/* A paging domain's translation geometry. */
struct smmuv3_domain_geometry {
	enum smmuv3_pgtbl_stage stage;
	enum smmuv3_granule granule;
	uint8_t ias, oas;	/* input and output address bits */
	uint64_t pgsize_bitmap; /* page and block sizes map can use */
	uint16_t asid, vmid;
};

/**
 * smmuv3_domain_geometry() - what a paging domain translates.
 * @dom: an initialised PAGING domain.
 * @g: receives the geometry.
 * Return: 0; SMMUV3_EINVAL for NULL pointers or a domain that is not an
 * initialised paging domain.
 * On error: *@g is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_geometry(const struct smmuv3_domain *dom,
		       struct smmuv3_domain_geometry *g);

/**
 * smmuv3_domain_pgtbl() - the page table of a paging domain, for the
 * page-table calls a caller needs beyond map/unmap (smmuv3_pgtbl_walk(),
 * smmuv3_pgtbl_read_and_clear_dirty(), smmuv3_pgtbl_get_hwcfg()). Its
 * flush ops are the domain's: an unmap through it is invalidated on the
 * domain's SMMUs, but only smmuv3_domain_unmap() waits for completion.
 * @dom: an initialised PAGING domain.
 * Return: the table, or NULL for NULL or any other domain.
 */
SMMUV3_API struct smmuv3_pgtbl *smmuv3_domain_pgtbl(struct smmuv3_domain *dom);

/**
 * smmuv3_domain_cd_write() - install, change or clear the context
 * descriptor of SubstreamID @ssid (a PASID's address space) in a stage-1
 * domain's CD table, with the hitless writer.
 * @dom: an initialised stage-1 PAGING domain with cfg.ssid_bits > 0.
 * @ssid: 1 .. 2^cfg.ssid_bits - 1 (CD 0 is the domain's own).
 * @cd: the new CD (smmuv3_cd_build(), e.g. another page table and ASID),
 *      or all zeros to make the SubstreamID invalid.
 * @res: optional: what the writer did.
 *
 * Each step of the writer is followed by CFGI_CD(SID, @ssid) for every
 * attached stream with SMMUV3_STREAM_F_SSID, on its own SMMU, completed
 * (streams without it use CD 0 only). A 2-level table's leaf is allocated
 * on first use. The TLB entries of an ASID the old CD used are the
 * caller's to invalidate.
 * Return: 0; SMMUV3_EINVAL for NULL pointers, a domain that is not an
 * initialised stage-1 paging domain, @ssid 0, or a @cd setting bits its
 * configuration does not use; SMMUV3_ERANGE for @ssid beyond the table;
 * SMMUV3_ENOMEM when a leaf table could not be allocated;
 * SMMUV3_ETIMEDOUT or SMMUV3_EIO from smmuv3_cmdq_submit() (or EIO when an
 * SMMU with such a stream is FAILED).
 * On error: argument errors change nothing; after a queue error the CD
 * holds the old, the new or an invalid entry and some SMMU may still cache
 * the old one: call again with the same @cd until it returns 0.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_cd_write(struct smmuv3_domain *dom, uint32_t ssid,
		       const struct smmuv3_cd *cd,
		       struct smmuv3_write_result *res);

/**
 * smmuv3_domain_nested_invalidate() - forward a guest's stage-1
 * invalidations for a nested domain.
 * @dom: an initialised NESTED domain.
 * @cmds: the guest's commands: TLBI_NH_ALL, TLBI_NH_ASID, TLBI_NH_VA,
 *        TLBI_NH_VAA, CFGI_CD, CFGI_CD_ALL and ATC_INV (their SIDs being
 *        physical StreamIDs); the VMID field is replaced by the parent's.
 * @n: number of commands (0: nothing is sent).
 *
 * TLBIs go to every SMMU with a stream of @dom attached; CFGI_CD, CFGI_CD_ALL
 * and ATC_INV to the SMMU of the stream with that StreamID. Each SMMU gets
 * its commands in submits of at most SMMUV3_DOMAIN_CHUNK, each completed.
 * Every command is validated (and encoded against each SMMU's
 * capabilities) before anything is sent.
 * Return: 0; SMMUV3_EINVAL for NULL pointers (@cmds with @n > 0), a domain
 * that is not NESTED, or another opcode; SMMUV3_EPERM for a StreamID that
 * is not attached to @dom; the smmuv3_cmd_encode() errors (EINVAL,
 * ERANGE); SMMUV3_ETIMEDOUT/EIO from smmuv3_cmdq_submit().
 * On error: validation errors send nothing; a queue error may leave the
 * commands sent to some SMMUs only (send them again).
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_nested_invalidate(struct smmuv3_domain *dom,
				const struct smmuv3_cmd_desc *cmds, size_t n);

#endif /* SMMUV3_DOMAIN_H */
