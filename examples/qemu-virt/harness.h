/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The test harness of the bare-metal QEMU program: one probed and enabled
 * SMMU, the edu device, DMA buffers, event checks and the verdicts. Each
 * test group (test_*.c) returns T_PASS, T_FAIL or T_SKIP (a ctest skip,
 * printed with its reason: never a silent pass).
 */
#ifndef QEMU_VIRT_HARNESS_H
#define QEMU_VIRT_HARNESS_H

#include <smmuv3/smmuv3.h>

#include "platform.h"

#define T_PASS 0
#define T_FAIL 1
#define T_SKIP 77 /* ctest SKIP_RETURN_CODE */

/* DMA buffers are one page; edu transfers half of it (see README). */
#define T_LEN 4096u
#define T_XFER 2048u
/*
 * A DMA expected to fault is short: QEMU's edu issues it as 4-byte
 * accesses and the SMMU records one event for each (architecturally each
 * is a transaction): 16 records, not 512, which would overflow the queue.
 */
#define T_FAULT_XFER 64u

struct harness {
	struct smmuv3_dev dev;
	struct smmuv3_osal osal;
	struct edu edu;
	uint32_t sid;		 /* edu's StreamID */
	struct smmuv3_stream stream; /* edu's stream, for domain attach */
	unsigned int dmas;	 /* edu DMAs started */
	unsigned int known;	 /* known QEMU deviations seen */
	unsigned int qemu_major; /* from the command line; 0 if unknown */
};

extern struct harness H;

/* Print "FAIL: what: error" and return T_FAIL. */
int t_fail(const char *what, int err);
/* Print "SKIP: what" and return T_SKIP. */
int t_skip(const char *what);
#define CHECK(cond, what)                       \
	do {                                    \
		if (!(cond))                    \
			return t_fail(what, 0); \
	} while (0)
#define TRY(expr, what)                          \
	do {                                     \
		int r_ = (expr);                 \
		if (r_)                          \
			return t_fail(what, r_); \
	} while (0)

bool t_has(uint64_t feat);
/* A zeroed page of DMA memory (never freed). */
void *t_page(smmuv3_pa_t *pa);
/* Fill a page with the pattern of @seed; check T_XFER bytes of it. */
void t_fill(void *p, uint8_t seed);
bool t_holds(const void *p, uint8_t seed);
bool t_holds_n(const void *p, uint8_t seed, uint32_t len);
/* Every byte of the page is @v. */
bool t_all(const void *p, uint8_t v);
void t_set(void *p, uint8_t v);

/* edu DMA of T_XFER bytes; false if the device did not finish. */
bool t_dma_to_ram(uint64_t addr);
bool t_dma_from_ram(uint64_t addr);
/* The same with @len bytes (T_FAULT_XFER when a fault is expected). */
bool t_dma_to_ram_n(uint64_t addr, uint32_t len);
bool t_dma_from_ram_n(uint64_t addr, uint32_t len);
/* Start a device -> RAM DMA; poll it with t_dma_busy(). */
void t_dma_to_ram_start(uint64_t addr, uint32_t len);
bool t_dma_busy(void);

/* Drain the event queue: *@n records, the first @max of them in @ev. */
int t_events(struct smmuv3_event *ev, size_t max, size_t *n);
void t_print_events(const struct smmuv3_event *ev, size_t n);

/* An expected fault: every field is compared. */
struct t_evx {
	uint8_t id;
	uint8_t clss; /* 0 CD, 1 TT, 2 IN */
	bool s2;
	bool rnw;
	uint64_t input;
	uint64_t ipa; /* compared (page) when s2 */
};
#define T_CLASS_CD 0u
#define T_CLASS_TT 1u
#define T_CLASS_IN 2u
/* The fault of one DMA (one or more records, see main.c) equal to @x. */
int t_expect(const char *what, const struct t_evx *x);
/* The fault of one DMA, returned in @ev (for the deviation checks). */
int t_one_event(const char *what, struct smmuv3_event *ev);
int t_no_events(const char *what);

/*
 * A known deviation of QEMU from the architecture: @present says whether
 * QEMU still behaves that way. Prints "KNOWN DEVIATION" and returns T_PASS
 * if present; T_FAIL with "DEVIATION GONE" if not (the test must then be
 * changed to expect the architecture).
 */
int t_known(const char *what, bool present);

/* Send commands plus a CMD_SYNC (TLBI gather submit for own tables). */
int t_submit(void *ctx, const struct smmuv3_cmd_desc *cmds, size_t n);

/*
 * Page tables driven below the domain API (nested configurations, own
 * CDs): a table, its TLBI gather and the gather's plan buffer.
 */
struct t_tbl {
	struct smmuv3_pgtbl pt;
	struct smmuv3_tlbi_gather g;
	struct smmuv3_pgtbl_flush_ops ops;
	struct smmuv3_cmd_desc plan[SMMUV3_TLBI_PLAN_MAX(0, 0)];
};
/* Stage 1 (TLBI by @asid, and @vmid when nested), 4K, @ias/@oas bits. */
int t_tbl_s1(struct t_tbl *t, uint16_t asid, uint16_t vmid, uint8_t ias,
	     uint8_t oas);
/* Stage 2 of nested configurations (TLBI S2_NESTED by @vmid), 4K. */
/* The same, splitting blocks at unmap as @split says (pgtable.h). */
int t_tbl_s1_split(struct t_tbl *t, uint16_t asid, uint16_t vmid, uint8_t ias,
		   uint8_t oas, enum smmuv3_pgtbl_split split);
int t_tbl_s2(struct t_tbl *t, uint16_t vmid, uint8_t ias, uint32_t flags);
int t_tbl_unmap(struct t_tbl *t, uint64_t iova, uint64_t size);
/* A CD for a stage-1 table (record faults, abort terminated ones). */
int t_cd(const struct t_tbl *s1, uint16_t asid, struct smmuv3_cd *cd);

/*
 * A nested configuration: stage 1 (IAS 39, IPA 40 bits) under a stage 2
 * (IAS 40 without optional concatenation: one level-0 root), a one-CD
 * table, and the STE. The CD table and every stage-1 table live at IPA ==
 * PA: t_nest_finish() maps their pages 1:1 at stage 2 after the caller made
 * the stage-1 mappings (which allocate the tables).
 */
struct t_nest {
	struct t_tbl s1, s2;
	struct smmuv3_cdtab cdt;
	struct smmuv3_cd cd;
	struct smmuv3_ste ste;
	uint64_t *cd_live;
	smmuv3_pa_t cd_ipa;   /* the CD table (IPA == PA) */
	smmuv3_pa_t root_ipa; /* the stage-1 root table (IPA == PA) */
	uint16_t vmid;
};
int t_nest_init(struct t_nest *n, uint16_t asid, uint16_t vmid);
int t_nest_finish(struct t_nest *n);
/* Stage-1 table pages (root first), as smmuv3_pgtbl_walk() finds them. */
size_t t_nest_s1_tables(const struct t_nest *n, uint64_t iova, smmuv3_pa_t *pa,
			size_t max);
/* The stage-2 fields of an STE for table @s2 (VMID @vmid). */
int t_ste_s2(const struct t_tbl *s2, uint16_t vmid, struct smmuv3_ste_s2 *f);
/* Re-issue the STE (CFGI_STE + CMD_SYNC): drops cached CDs. */
int t_ste_refresh(const struct smmuv3_ste *ste);

/* Make edu's STE abort (hitless writer). */
int t_abort(void);

/* Test groups. */
int test_stage1(void);
int test_stage2(void);
int test_nested(void);
int test_live(void);
int test_deviations(void);
int test_split(void);
int test_vsmmu(void);

#endif
