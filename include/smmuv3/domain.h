/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Domains: an address space (a stage-1 or stage-2 page table with its ASID
 * or VMID) that streams are attached to. This is the glue that makes the
 * modules one driver: map/unmap go to the page-table code, whose flushes go
 * through the TLBI gather into the device's command queue, and attach and
 * detach change STEs (and the stage-1 CD) only through the hitless writer.
 *
 * Concurrency: one thread at a time per domain (the caller's lock).
 * map/unmap of different domains of one device may run concurrently when
 * the OSAL provides the command-queue lock; attach/detach (stream-table
 * updates, which may allocate L2 tables) must be serialised per device by
 * the caller.
 * While the device is READY (not enabled) no invalidation is sent: the
 * SMMU reads no table and smmuv3_dev_enable() invalidates everything.
 */
#ifndef SMMUV3_DOMAIN_H
#define SMMUV3_DOMAIN_H

#include <smmuv3/device.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/ste.h>
#include <smmuv3/tlbi.h>

struct smmuv3_domain_cfg {
	enum smmuv3_pgtbl_stage stage; /* SMMUV3_PGTBL_STAGE1 or _STAGE2 */
	enum smmuv3_granule granule;
	uint8_t ias;        /* input bits; 0: the probed default for the
			       stage (at most 48 unless 64K granule);
			       an explicit value is checked, never clamped */
	uint16_t asid;      /* stage 1: 1 .. 2^asid_bits - 1 */
	uint16_t vmid;      /* stage 2: 1 .. 2^vmid_bits - 1 */
	uint32_t ste_flags; /* SMMUV3_STE_F_* for the attached streams;
			       SMMUV3_STE_F_ATS: every attached stream is an
			       ATS endpoint whose ATC each unmap invalidates */
};

/* Caller-owned; treat as opaque. */
struct smmuv3_domain {
	struct smmuv3_dev *dev;
	struct smmuv3_domain_cfg cfg;
	struct smmuv3_pgtbl pgtbl;
	struct smmuv3_pgtbl_flush_ops flush_ops;
	struct smmuv3_tlbi_gather gather;
	struct smmuv3_cmd_desc plan[SMMUV3_TLBI_PLAN_MAX(0,
							 SMMUV3_WRITE_MAX_SIDS)];
	struct smmuv3_tlbi_ats_target ats[SMMUV3_WRITE_MAX_SIDS];
	struct smmuv3_cmdq_batch batch; /* sends plans to the queue */
	struct smmuv3_cdtab cdtab; /* stage 1: one context (SSID 0) */
	struct smmuv3_cd cd;       /* stage 1: its CD */
	bool cd_live;              /* the CD has been written to the table */
	struct smmuv3_ste ste;     /* the STE every attached stream gets */
	uint32_t sids[SMMUV3_WRITE_MAX_SIDS];
	size_t n_sids;
};

/**
 * smmuv3_domain_init() - create an empty domain on @dev (initialised).
 * Return: 0; SMMUV3_EINVAL (NULL pointers, bad stage/granule, ASID/VMID 0);
 * SMMUV3_EPERM if @dev is not initialised; SMMUV3_EOPNOTSUPP/ERANGE when
 * the SMMU lacks the stage, granule or ID width, or ATS for
 * SMMUV3_STE_F_ATS; errors of
 * smmuv3_pgtbl_init(), smmuv3_cdtab_init(), the CD/STE builders and
 * smmuv3_tlbi_gather_init(). On error nothing is allocated.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_init(struct smmuv3_domain *dom, struct smmuv3_dev *dev,
		   const struct smmuv3_domain_cfg *cfg);

/**
 * smmuv3_domain_fini() - invalidate the ASID/VMID, then free the tables.
 * Return: 0; SMMUV3_EBUSY while streams are attached; SMMUV3_EINVAL for
 * NULL or a domain that is not initialised; SMMUV3_ETIMEDOUT / SMMUV3_EIO
 * if the invalidation failed. On error nothing is freed (retry later: the
 * ASID/VMID must not be reused before fini succeeded).
 */
SMMUV3_API SMMUV3_MUST_CHECK int smmuv3_domain_fini(struct smmuv3_domain *dom);

/** smmuv3_domain_map() - smmuv3_pgtbl_map() (no invalidation needed). */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_map(struct smmuv3_domain *dom, smmuv3_iova_t iova,
		  smmuv3_pa_t pa, uint64_t size, uint32_t prot);

/**
 * smmuv3_domain_unmap() - smmuv3_pgtbl_unmap(), then the gathered TLB
 * invalidation (range commands planned by smmuv3_tlbi_plan()) submitted
 * and completed before returning.
 * Return: 0; argument errors of smmuv3_pgtbl_unmap() (EINVAL, ERANGE,
 * EPERM: nothing changed); or the first error of the invalidation
 * (ETIMEDOUT, EIO): the range is unmapped but its invalidation did not
 * complete, removed tables are kept (not freed) and the ASID/VMID stays
 * marked for a full invalidation: call unmap again (any range) before
 * reusing the IOVAs or the memory.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_unmap(struct smmuv3_domain *dom, smmuv3_iova_t iova,
		    uint64_t size, uint64_t *unmapped);

/** smmuv3_domain_iova_to_phys() - software walk of the domain's table. */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_iova_to_phys(const struct smmuv3_domain *dom,
			   smmuv3_iova_t iova, smmuv3_pa_t *pa);

/**
 * smmuv3_domain_attach() - point stream @sid at the domain, hitlessly
 * (whatever the stream had before: abort, bypass or another domain).
 * Stage 1: the CD is written first (smmuv3_cd_write()) if it is not yet.
 * Return: 0; SMMUV3_EINVAL; SMMUV3_E2BIG beyond SMMUV3_WRITE_MAX_SIDS
 * streams; SMMUV3_EEXIST if already attached here; errors of
 * smmuv3_dev_ste_write() / smmuv3_cd_write(). If the writer failed after
 * storing the new STE, the stream counts as attached (detach to retry).
 * ATS domains: after the STE, the endpoint's whole ATC is invalidated
 * (ATC_INV Size 52 + CMD_SYNC) and the stream joins the endpoints every
 * unmap invalidates; enable ATS in the endpoint only after this returns 0.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_attach(struct smmuv3_domain *dom, uint32_t sid,
		     struct smmuv3_write_result *res);

/**
 * smmuv3_domain_detach() - forget stream @sid; if its live STE is still
 * this domain's, make it abort (hitless). A stream already moved to another
 * domain by smmuv3_domain_attach() keeps its new STE. ATS domains: the
 * endpoint's whole ATC is then invalidated in any case (disable ATS in the
 * endpoint first), so detach a moved stream from its old domain.
 * Return: 0; SMMUV3_EINVAL; SMMUV3_ENOENT if not attached here; errors of
 * smmuv3_dev_ste_write() and of the ATC invalidation.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_domain_detach(struct smmuv3_domain *dom, uint32_t sid,
		     struct smmuv3_write_result *res);

#endif /* SMMUV3_DOMAIN_H */
