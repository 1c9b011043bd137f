// SPDX-License-Identifier: BSD-2-Clause
/*
 * The library's page tables walked by the model's independent translation
 * engine (test/model/walk.c, written from the Arm ARM without looking at
 * src/): every mapping made through smmuv3_pgtbl_map() must translate, with
 * the right output address, leaf size and permissions, for real read /
 * write / execute accesses; unmapped addresses must give a translation
 * fault; HTTU dirty updates made by the model must be seen by
 * read_and_clear_dirty. The memory accessor reads host memory at PA == VA
 * (tables come from the tests' low arena, PA == VA below 2^31, so that
 * they fit even a 32-bit OAS).
 *
 * Stage 2 goes through mdl_ste_decode() on a raw STE built from the derived
 * VTCR fields, so the model also checks S2T0SZ/S2SL0/concatenation legality
 * (IHI 0070 5.2; Arm ARM AArch64.S2InvalidSL / S2InconsistentSL).
 */
#define _DEFAULT_SOURCE /* mmap MAP_32BIT in test_pgtable_util.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/hw/lpae.h>

#include "test_pgtable_util.h"
#include "walk.h"

/*
 * Table PAs may be given high bits [51:48] (pa_hi, 52-bit OA tests) that the
 * host address lacks: the accessor strips them again. Leaf output
 * addresses are never dereferenced (only table descriptors are read).
 */
static uint64_t pa_hi;

static int host_read64(void *ctx, uint64_t pa, uint64_t *val)
{
	(void)ctx;
	if ((pa & SMMUV3_PA_HI) != pa_hi)
		return -1; /* not one of our tables: external abort */
	*val = *(volatile const uint64_t *)(uintptr_t)(pa & ~SMMUV3_PA_HI);
	return 0;
}

static int host_write64(void *ctx, uint64_t pa, uint64_t val)
{
	(void)ctx;
	if ((pa & SMMUV3_PA_HI) != pa_hi)
		return -1;
	*(volatile uint64_t *)(uintptr_t)(pa & ~SMMUV3_PA_HI) = val;
	return 0;
}

static const struct mdl_mem hostmem = {host_read64, host_write64, NULL};

/* lowmem_alloc with pa_hi added to the physical address. */
static void *hi_alloc(void *ctx, size_t size, size_t align, smmuv3_pa_t *pa)
{
	void *p = lowmem_alloc(ctx, size, align, pa);

	*pa |= pa_hi;
	return p;
}

/* The mirror of hi_alloc: strip the added high bits again. */
static void *hi_p2v(void *ctx, smmuv3_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)(pa & ~SMMUV3_PA_HI);
}

struct mcase {
	int stage, granule;
	unsigned int ias, oas;
	uint32_t flags;
	enum smmuv3_pgtbl_split split; /* with the split observer (below) */
};

/* Hooks of the split observer (defined with its test). */
static void obs_clean(void *ctx, const void *va, size_t size);
static void obs_barrier(void *ctx, enum smmuv3_barrier kind);

/* Configurations walked with the SMMU's PA size below the table's IAS. */
static unsigned int cases_pa_below_ias;

struct ctx {
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_osal_ops ops;
	struct flush_rec rec;
	struct smmuv3_pgtbl pg;
	struct mdl_params p;
	struct mdl_ste ste;
	struct mdl_cd cd;
};

static unsigned int oas_enc(unsigned int bits)
{
	static const unsigned int b[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned int i;

	for (i = 0; i < 7; i++)
		if (b[i] == bits)
			return i;
	return 0;
}

/* Returns false when the library refuses the configuration at stage 2
 * (no allowed start level; test_pgtable checks when that is right). */
static bool setup(struct ctx *c, const struct mcase *mc)
{
	struct smmuv3_pgtbl_cfg cfg;
	struct smmuv3_pgtbl_hwcfg hw;
	struct mdl_fault f;
	uint64_t raw[8] = {0};
	/*
	 * The model SMMU's OAS (the PA size the start-level rules use) is the
	 * table's OAS, so configurations with PA size < IAS are walked as
	 * such. Stage 2 input is bounded by the SMMU's IAS, max(OAS, 40 with
	 * AArch32 tables) (IHI 0070 3.4): up to 40 bits, advertise AArch32
	 * tables too; beyond, the SMMU's OAS must cover the IAS.
	 */
	unsigned int smmu_oas = mc->oas;
	bool aa32 = false;

	memset(c, 0, sizeof(*c));
	assert_int_equal(smmuv3_hosted_init(&c->h, NULL, &c->osal), 0);
	lowmem_ops(&c->ops, &smmuv3_hosted_ops); /* tables below 2^31 */
	if (pa_hi) {
		c->ops.alloc = hi_alloc;
		c->ops.phys_to_virt = hi_p2v;
	}
	c->osal.ops = &c->ops;
	cfg = mkcfg(mc->stage, mc->granule, mc->ias, mc->oas, &c->rec);
	cfg.flags = mc->flags;
	if (mc->split) {
		/* Non-coherent: every store to a live table is followed by a
		 * clean, where the observer translates. */
		c->ops.cache_clean = obs_clean;
		c->ops.barrier = obs_barrier;
		cfg.coherent = false;
		cfg.split = mc->split;
	}
	if (mc->stage == 2 &&
	    smmuv3_pgtbl_init(&c->pg, &c->osal, NULL, &cfg) == SMMUV3_ERANGE) {
		smmuv3_hosted_fini(&c->h);
		return false;
	}
	if (mc->stage == 1)
		assert_int_equal(
			smmuv3_pgtbl_init(&c->pg, &c->osal, NULL, &cfg), 0);
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(&c->pg, &hw), 0);
	if (mc->stage == 2 && mc->ias > smmu_oas) {
		if (mc->ias <= 40u)
			aa32 = true;
		else
			smmu_oas = mc->ias;
	}
	if (mc->stage == 2 && smmu_oas < mc->ias)
		cases_pa_below_ias++;
	if (mc->stage == 1 && smmu_oas < mc->ias)
		cases_pa_below_ias++;

	/* An SMMU with both stages, AArch64 tables, HTTU HA+HD, all
	 * granules, 52-bit VA, and an OAS covering the table's IAS/OAS. */
	c->p.idr[0] =
		SMMUV3_IDR0_S1P | SMMUV3_IDR0_S2P |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTF,
				  aa32 ? SMMUV3_IDR0_TTF_BOTH
				       : SMMUV3_IDR0_TTF_AARCH64) |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_HTTU, SMMUV3_IDR0_HTTU_HAHD);
	c->p.idr[3] = mc->flags & SMMUV3_PGTBL_F_S2FWB ? 1u << 8 : 0u;
	c->p.idr[5] = SMMUV3_FIELD_PREP(SMMUV3_IDR5_OAS, oas_enc(smmu_oas)) |
		      SMMUV3_IDR5_GRAN4K | SMMUV3_IDR5_GRAN16K |
		      SMMUV3_IDR5_GRAN64K |
		      SMMUV3_FIELD_PREP(SMMUV3_IDR5_VAX, 1u);
	c->p.httu_enabled = true;

	if (mc->stage == 1) {
		/* A decoded stage-1-only STE and CD (fields as the CD
		 * builder would copy them from hw). */
		c->ste.valid = true;
		c->ste.config = MDL_STE_CFG_S1;
		c->ste.s1_enabled = true;
		c->cd.valid = true;
		c->cd.aa64 = true;
		c->cd.t0sz = hw.t0sz;
		c->cd.tg0 = hw.tg;
		c->cd.irgn0 = hw.irgn;
		c->cd.orgn0 = hw.orgn;
		c->cd.sh0 = hw.sh;
		c->cd.ips = hw.ps;
		c->cd.ttb0 = hw.ttbr;
		c->cd.epd1 = true;
		c->cd.mair = hw.mair;
		c->cd.ha = hw.ha;
		c->cd.hd = hw.hd;
		c->cd.asid = 1;
		return true;
	}
	/* Raw STE (IHI 0070 5.2): V [0], Config [3:1]; S2VMID [143:128],
	 * S2T0SZ [165:160], S2SL0 [167:166], S2IR0, S2OR0, S2SH0, S2TG
	 * [175:174], S2PS [178:176], S2AA64 [179]; S2FWB [89]; S2TTB
	 * [243:196]. */
	raw[0] = 1u | (uint64_t)MDL_STE_CFG_S2 << 1;
	raw[1] = hw.fwb ? 1ull << 25 : 0;
	raw[2] = 1u | (uint64_t)hw.t0sz << 32 | (uint64_t)hw.sl0 << 38 |
		 (uint64_t)hw.irgn << 40 | (uint64_t)hw.orgn << 42 |
		 (uint64_t)hw.sh << 44 | (uint64_t)hw.tg << 46 |
		 (uint64_t)hw.ps << 48 | 1ull << 51;
	raw[3] = hw.ttbr & SMMUV3_GENMASK64(51, 4);
	if (mdl_ste_decode(&c->p, raw, &c->ste, &f) != 0)
		fail_msg("s2 g%d %u/%u: model refuses the STE (event %#x): "
			 "t0sz %u sl0 %u tg %u ps %u",
			 mc->granule, mc->ias, mc->oas, f.event_id, hw.t0sz,
			 hw.sl0, hw.tg, hw.ps);
	return true;
}

static void teardown(struct ctx *c)
{
	smmuv3_pgtbl_destroy(&c->pg);
	assert_int_equal(c->h.bytes_live, 0);
	smmuv3_hosted_fini(&c->h);
}

static int xlate(struct ctx *c, uint64_t addr, unsigned int acc,
		 struct mdl_xlate *x, struct mdl_fault *f)
{
	return mdl_walk_stage(&hostmem, &c->p, c->pg.cfg.stage, &c->ste,
			      c->pg.cfg.stage == 1 ? &c->cd : NULL, addr, acc,
			      x, f);
}

/* Translate @iova for a read and compare with the expected PA/leaf. */
static void expect_map(struct ctx *c, uint64_t iova, uint64_t pa, uint64_t leaf,
		       uint32_t prot)
{
	struct mdl_xlate x;
	struct mdl_fault f;
	unsigned int priv = (prot & SMMUV3_PROT_PRIV) ? MDL_ACC_PRIV : 0u;
	int r;

	r = xlate(c, iova, priv, &x, &f);
	if (r)
		fail_msg("s%d g%d %u/%u: read %#llx faults %#x level %u",
			 c->pg.cfg.stage, c->pg.cfg.granule, c->pg.cfg.ias,
			 c->pg.cfg.oas, (unsigned long long)iova, r, f.level);
	assert_int_equal(x.pa, pa);
	assert_int_equal(1ull << x.size_log2, leaf);
	/* Write: allowed exactly when WRITE was given. */
	r = xlate(c, iova, MDL_ACC_WRITE | priv, &x, &f);
	if (prot & SMMUV3_PROT_WRITE)
		assert_int_equal(r, 0);
	else
		assert_int_equal(r, MDL_EVT_F_PERMISSION);
	/* Stage 2 read: exactly when READ was given. */
	if (c->pg.cfg.stage == 2) {
		r = xlate(c, iova, 0, &x, &f);
		assert_int_equal(r, (prot & SMMUV3_PROT_READ)
					    ? 0
					    : MDL_EVT_F_PERMISSION);
	}
	/* Execute: refused with NOEXEC. */
	r = xlate(c, iova, MDL_ACC_EXEC | priv, &x, &f);
	if (prot & SMMUV3_PROT_NOEXEC)
		assert_int_equal(r, MDL_EVT_F_PERMISSION);
	/* Stage 1 PRIV: an unprivileged access is refused. */
	if (c->pg.cfg.stage == 1 && (prot & SMMUV3_PROT_PRIV))
		assert_int_equal(xlate(c, iova, 0, &x, &f),
				 MDL_EVT_F_PERMISSION);
}

static void expect_fault(struct ctx *c, uint64_t iova)
{
	struct mdl_xlate x;
	struct mdl_fault f;

	assert_int_equal(xlate(c, iova, 0, &x, &f), MDL_EVT_F_TRANSLATION);
}

static unsigned int cases_run, cases_refused;

static void one_case(const struct mcase *mc)
{
	static const uint64_t gsz[3] = {0x1000, 0x4000, 0x10000};
	static const uint64_t bsz[3] = {0x200000, 0x2000000, 0x20000000};
	uint64_t g = gsz[mc->granule], b = bsz[mc->granule];
	uint64_t top = 1ull << mc->ias, otop = 1ull << mc->oas;
	const uint32_t rw = SMMUV3_PROT_READ | SMMUV3_PROT_WRITE;
	struct ctx c;

	if (!setup(&c, mc)) {
		cases_refused++;
		return;
	}
	cases_run++;
	/* pages (RW), one read-only XN page, a block run, top of IAS/OAS */
	assert_int_equal(smmuv3_pgtbl_map(&c.pg, g, 5 * g, 3 * g, rw), 0);
	assert_int_equal(
		smmuv3_pgtbl_map(&c.pg, 4 * g, 9 * g, g,
				 SMMUV3_PROT_READ | SMMUV3_PROT_NOEXEC),
		0);
	assert_int_equal(smmuv3_pgtbl_map(&c.pg, 2 * b, 4 * b, 2 * b,
					  rw | SMMUV3_PROT_MEM_CACHED),
			 0);
	assert_int_equal(
		smmuv3_pgtbl_map(&c.pg, top - 2 * g, otop - 2 * g, 2 * g,
				 mc->stage == 2 ? SMMUV3_PROT_WRITE
						: rw | SMMUV3_PROT_PRIV),
		0);
	expect_map(&c, g, 5 * g, g, rw);
	expect_map(&c, 3 * g + 0x18, 7 * g + 0x18, g, rw);
	expect_map(&c, 4 * g + 8, 9 * g + 8, g,
		   SMMUV3_PROT_READ | SMMUV3_PROT_NOEXEC);
	expect_map(&c, 2 * b + g, 4 * b + g, b, rw);
	expect_map(&c, 4 * b - 8, 6 * b - 8, b, rw);
	if (mc->stage == 2) {
		struct mdl_xlate x;
		struct mdl_fault f;

		/* Write-only at stage 2: writes pass, reads fault. */
		assert_int_equal(xlate(&c, top - 8, MDL_ACC_WRITE, &x, &f), 0);
		assert_int_equal(x.pa, otop - 8);
		assert_int_equal(xlate(&c, top - 8, 0, &x, &f),
				 MDL_EVT_F_PERMISSION);
	} else {
		expect_map(&c, top - 8, otop - 8, g, rw | SMMUV3_PROT_PRIV);
	}
	expect_fault(&c, 0);
	expect_fault(&c, 5 * g);
	expect_fault(&c, 4 * b);
	expect_fault(&c, top - 3 * g);

	/* Unmap part: the model must now fault there, not elsewhere. */
	assert_int_equal(smmuv3_pgtbl_unmap(&c.pg, 2 * g, g, NULL), 0);
	expect_fault(&c, 2 * g);
	expect_map(&c, 3 * g, 7 * g, g, rw);
	assert_int_equal(smmuv3_pgtbl_unmap(&c.pg, 0, top, NULL), 0);
	expect_fault(&c, g);
	expect_fault(&c, 2 * b);
	expect_fault(&c, top - 8);
	teardown(&c);
}

static void test_model_matrix(void **state)
{
	static const unsigned int sizes[] = {32, 36, 40, 42, 44, 48, 52};
	struct mcase mc;
	size_t i;

	(void)state;
	for (mc.stage = 1; mc.stage <= 2; mc.stage++)
		for (mc.granule = 0; mc.granule < 3; mc.granule++)
			for (i = 0; i < 7; i++) {
				mc.ias = sizes[i];
				mc.oas = sizes[i];
				mc.flags = 0;
				mc.split = SMMUV3_PGTBL_SPLIT_NONE;
				if (mc.granule != 2 && mc.ias == 52)
					continue;
				one_case(&mc);
				/* and a smaller OAS where it fits */
				if (i > 0) {
					mc.oas = sizes[i - 1];
					one_case(&mc);
				}
			}
	printf("model walks: %u configurations (%u with PA size < IAS), %u "
	       "refused (start level)\n",
	       cases_run, cases_pa_below_ias, cases_refused);
	assert_true(cases_run >= 40);
	assert_true(cases_pa_below_ias >= 20);
}

/*
 * 52-bit OA with the 64K granule: every table lives above 2^48 (PA bits
 * [51:48] = 0xA), so each table descriptor and TTB carry OA[51:48] (in
 * descriptor bits [15:12]); the model must follow them.
 */
static void test_model_52bit_tables(void **state)
{
	struct mcase mc = {1, 2, 52, 52, 0, SMMUV3_PGTBL_SPLIT_NONE};

	(void)state;
	pa_hi = 0xAull << 48;
	one_case(&mc);
	mc.stage = 2;
	one_case(&mc);
	mc.ias = 48;
	one_case(&mc);
	pa_hi = 0;
}

/* Stage-1 HTTU: the model's dirty-state updates seen by the library. */
struct drec {
	unsigned int n;
	uint64_t iova;
};

static void dfn(void *arg, smmuv3_iova_t iova, uint64_t size)
{
	struct drec *d = arg;

	(void)size;
	d->n++;
	d->iova = iova;
}

static void test_model_dirty(void **state)
{
	const struct mcase mc = {
		1, 0, 48, 48, SMMUV3_PGTBL_F_HTTU_HD, SMMUV3_PGTBL_SPLIT_NONE};
	struct drec d = {0, 0};
	struct mdl_xlate x;
	struct mdl_fault f;
	struct ctx c;

	(void)state;
	assert_true(setup(&c, &mc));
	assert_int_equal(smmuv3_pgtbl_map(&c.pg, 0x10000, 0x80000, 0x4000, 3),
			 0);
	/* Start writable-dirty; clear to writable-clean. */
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(&c.pg, 0, 0x100000,
							   0, dfn, &d),
			 0);
	assert_int_equal(d.n, 4);
	d.n = 0;
	/* A read does not dirty; a write through the model does (HD). */
	assert_int_equal(xlate(&c, 0x11000, 0, &x, &f), 0);
	assert_int_equal(
		smmuv3_pgtbl_read_and_clear_dirty(
			&c.pg, 0, 0x100000, SMMUV3_DIRTY_NO_CLEAR, dfn, &d),
		0);
	assert_int_equal(d.n, 0);
	assert_int_equal(xlate(&c, 0x12008, MDL_ACC_WRITE, &x, &f), 0);
	assert_int_equal(x.pa, 0x82008);
	assert_int_equal(smmuv3_pgtbl_read_and_clear_dirty(&c.pg, 0, 0x100000,
							   0, dfn, &d),
			 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.iova, 0x12000);
	teardown(&c);
}

/* ---- block split under DMA ------------------------------------------ */

/*
 * The observer: at every cache_clean the page-table code makes
 * (in non-coherent mode every store to a table the SMMU can reach is
 * followed by a clean before the next such store; a barrier stores nothing,
 * so it adds no state to observe), the model's walker translates a write
 * at every 4 KiB of the block being split.
 * Every address must translate to its original output address with its
 * original permissions, except the page being unmapped, which may also
 * fault (from the store that clears it on), and, in BBM mode only, any
 * address of the block may fault (the break) but never translate
 * elsewhere.
 */
static struct {
	struct ctx *c;
	bool active, allow_fault;
	uint64_t base, size, pa, hole, hole_size;
	unsigned int n_obs, n_faults, n_hole_faults;
} obs;

static void observe(void)
{
	uint64_t off;

	if (!obs.active)
		return;
	obs.n_obs++;
	for (off = 0; off < obs.size; off += 0x1000) {
		uint64_t iova = obs.base + off;
		bool in_hole =
			iova >= obs.hole && iova - obs.hole < obs.hole_size;
		struct mdl_xlate x;
		struct mdl_fault f;
		int r;

		r = xlate(obs.c, iova + 8, MDL_ACC_WRITE, &x, &f);
		if (r) {
			if (r != MDL_EVT_F_TRANSLATION ||
			    !(in_hole || obs.allow_fault))
				fail_msg("split: %#llx faults %#x (observation "
					 "%u)",
					 (unsigned long long)iova, r,
					 obs.n_obs);
			obs.n_faults++;
			obs.n_hole_faults += in_hole;
			continue;
		}
		if (x.pa != obs.pa + off + 8)
			fail_msg("split: %#llx -> %#llx, want %#llx",
				 (unsigned long long)iova,
				 (unsigned long long)x.pa,
				 (unsigned long long)(obs.pa + off + 8));
	}
}

static void obs_clean(void *ctx, const void *va, size_t size)
{
	(void)ctx;
	(void)va;
	(void)size;
	observe();
}

static void obs_barrier(void *ctx, enum smmuv3_barrier kind)
{
	(void)ctx;
	(void)kind;
	/* A barrier stores nothing: the clean after each store observed. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/*
 * Map one block of @bsz at @base (output @pa), then unmap one 4K-granule
 * page (or granule) at @hole_off inside it with splitting on: the observer
 * checks every intermediate state; afterwards exactly that granule faults,
 * the rest keeps its addresses, now through a table. First, allocation
 * failure at each allocation the split makes: -ENOMEM and the block intact.
 */
static void split_case(int stage, int g, enum smmuv3_pgtbl_split mode,
		       uint64_t bsz, uint64_t hole_off)
{
	const struct mcase mc = {stage, g, 48, 48, 0, mode};
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	uint64_t gsz = 0x1000ull << (2 * g), base = 2 * bsz, pa = 6 * bsz;
	uint64_t unm = 0, fail, live;
	struct snap before = {0}, after = {0};
	struct ctx c;

	assert_true(setup(&c, &mc));
	assert_int_equal(smmuv3_pgtbl_map(&c.pg, base, pa, bsz, rw), 0);
	snap_take(&c.pg, &before);
	/* The block is one leaf of size bsz. */
	{
		struct mdl_xlate x;
		struct mdl_fault f;

		assert_int_equal(xlate(&c, base, 0, &x, &f), 0);
		assert_int_equal(1ull << x.size_log2, bsz);
	}

	/* Allocation failure at the first, second... table of the split. */
	live = c.h.n_alloc - c.h.n_free;
	for (fail = 1;; fail++) {
		int r;

		assert_true(fail < 8); /* a split needs at most 2 tables */
		c.h.fail_at = c.h.n_alloc + fail;
		r = smmuv3_pgtbl_unmap(&c.pg, base + hole_off, gsz, &unm);
		c.h.fail_at = 0;
		if (r == 0)
			break;
		assert_int_equal(r, SMMUV3_ENOMEM);
		assert_int_equal(c.h.n_alloc - c.h.n_free, live);
		snap_take(&c.pg, &after);
		assert_true(snap_equal(&before, &after));
		assert_int_equal(c.rec.n, 0);
	}
	/* Each table of the split was failed once: 1 (one level down) or 2
	 * (a 1G block down to pages). */
	assert_int_equal(c.h.n_alloc - c.h.n_free, live + fail - 1);
	assert_int_equal(fail - 1, bsz == 0x40000000 ? 2 : 1);
	/* The last unmap succeeded: undo it and redo it observed. */
	assert_int_equal(smmuv3_pgtbl_unmap(&c.pg, 0, 1ull << 48, NULL), 0);
	assert_int_equal(smmuv3_pgtbl_map(&c.pg, base, pa, bsz, rw), 0);
	memset(&c.rec, 0, sizeof(c.rec));

	obs.c = &c;
	obs.base = base;
	obs.size = bsz;
	obs.pa = pa;
	obs.hole = base + hole_off;
	obs.hole_size = gsz;
	obs.allow_fault = mode == SMMUV3_PGTBL_SPLIT_BBM;
	obs.n_obs = obs.n_faults = obs.n_hole_faults = 0;
	obs.active = true;
	observe();
	assert_int_equal(smmuv3_pgtbl_unmap(&c.pg, base + hole_off, gsz, &unm),
			 0);
	observe();
	obs.active = false;
	assert_int_equal(unm, gsz);
	/* Several states were observed, the last with the hole faulting. */
	assert_true(obs.n_obs >= 4);
	assert_true(obs.n_hole_faults >= gsz / 0x1000);
	if (mode == SMMUV3_PGTBL_SPLIT_HITLESS)
		assert_int_equal(obs.n_faults, obs.n_hole_faults);

	/* Afterwards: exactly the hole faults; the rest is mapped by smaller
	 * leaves, to the same addresses. */
	for (uint64_t off = 0; off < bsz; off += gsz) {
		struct mdl_xlate x;
		struct mdl_fault f;
		int r = xlate(&c, base + off, MDL_ACC_WRITE, &x, &f);

		if (off == hole_off) {
			assert_int_equal(r, MDL_EVT_F_TRANSLATION);
			continue;
		}
		assert_int_equal(r, 0);
		assert_int_equal(x.pa, pa + off);
		assert_true((1ull << x.size_log2) < bsz);
	}
	/* Invalidation: the old block's whole range, at the block's size
	 * (hitless) or completed in the middle (BBM), and the page. */
	if (mode == SMMUV3_PGTBL_SPLIT_HITLESS) {
		bool block = false, page = false;

		for (unsigned int i = 0; i < c.rec.n; i++) {
			if (c.rec.calls[i].leaf_size == bsz &&
			    c.rec.calls[i].iova == base &&
			    c.rec.calls[i].size == bsz)
				block = true;
			if (c.rec.calls[i].leaf_size == gsz &&
			    c.rec.calls[i].iova == base + hole_off &&
			    c.rec.calls[i].size == gsz)
				page = true;
		}
		assert_true(block && page);
	} else {
		assert_true(c.rec.n >= 2);
		assert_int_equal(c.rec.calls[0].leaf_size, 0);
		assert_int_equal(c.rec.calls[0].iova, base);
		assert_int_equal(c.rec.calls[0].size, bsz);
	}
	snap_free(&before);
	snap_free(&after);
	teardown(&c);
}

static void test_split_hitless(void **state)
{
	(void)state;
	for (int stage = 1; stage <= 2; stage++) {
		/* 4K: 2M block, pages at the start, middle and end; 1G. */
		split_case(stage, 0, SMMUV3_PGTBL_SPLIT_HITLESS, 0x200000, 0);
		split_case(stage, 0, SMMUV3_PGTBL_SPLIT_HITLESS, 0x200000,
			   0x123000);
		split_case(stage, 0, SMMUV3_PGTBL_SPLIT_HITLESS, 0x200000,
			   0x1ff000);
		split_case(stage, 0, SMMUV3_PGTBL_SPLIT_HITLESS, 0x40000000,
			   0x12345000);
		/* 16K: 32M; 64K: 512M. */
		split_case(stage, 1, SMMUV3_PGTBL_SPLIT_HITLESS, 0x2000000,
			   0x1234000);
		split_case(stage, 2, SMMUV3_PGTBL_SPLIT_HITLESS, 0x20000000,
			   0x12340000);
	}
}

static void test_split_bbm(void **state)
{
	(void)state;
	split_case(1, 0, SMMUV3_PGTBL_SPLIT_BBM, 0x200000, 0x123000);
	split_case(2, 0, SMMUV3_PGTBL_SPLIT_BBM, 0x40000000, 0x12345000);
	split_case(1, 2, SMMUV3_PGTBL_SPLIT_BBM, 0x20000000, 0x10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_matrix),
		cmocka_unit_test(test_model_52bit_tables),
		cmocka_unit_test(test_model_dirty),
		cmocka_unit_test(test_split_hitless),
		cmocka_unit_test(test_split_bbm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
