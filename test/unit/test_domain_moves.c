// SPDX-License-Identifier: BSD-2-Clause
/*
 * Streams and domains against the behavioural model: a thousand streams on
 * one domain with per-stream flags; every move between {abort, bypass,
 * stage 1, stage 2, nested} watched by the model's observer (after every
 * command and barrier the live STE is decoded with the model's own decoder
 * and must behave as the old or the new entry, or abort when the writer
 * says the move was not hitless); the accessors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_domain_util.h"
#include "test_ste_observer.c"

/* ------------------------------------------------------------------ */
/* A thousand streams                                                  */
/* ------------------------------------------------------------------ */

#define NSTREAMS 1000u

/*
 * One stage-2 domain, 1000 streams (every third an ATS endpoint): all
 * translate, the domain finds each one, an unmap invalidates the TLB once
 * and the ATC of exactly the ATS endpoints, and every stream moves back to
 * an abort domain.
 */
static void test_thousand_streams(void **state)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct td_smmu t = {0};
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain *blk = test_calloc(1, sizeof(*blk));
	struct smmuv3_stream *st = test_calloc(NSTREAMS, sizeof(*st));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 3,
	};
	const struct smmuv3_domain_cfg bcfg = {.type = SMMUV3_DOMAIN_ABORT};
	struct smmuv3_model_result r;
	unsigned int log0, n_ats = 0, atc_invs = 0;
	smmuv3_pa_t pa;
	void *buf;

	(void)state;
	td_smmu_up(&t, &mc, NULL);
	buf = t.osal.ops->alloc(t.osal.ctx, 2 * 4096, 4096, &pa);
	assert_non_null(buf);
	assert_int_equal(smmuv3_domain_init(dom, &t.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_init(blk, NULL, &bcfg), 0);
	assert_int_equal(smmuv3_domain_map(dom, 0x40000000, pa, 2 * 4096,
					   SMMUV3_PROT_READ |
						   SMMUV3_PROT_WRITE |
						   SMMUV3_PROT_MEM_CACHED),
			 0);
	for (uint32_t i = 0; i < NSTREAMS; i++) {
		uint32_t flags = (i % 3 == 0) ? SMMUV3_STREAM_F_ATS : 0;

		n_ats += flags ? 1 : 0;
		assert_int_equal(
			smmuv3_stream_init(&st[i], &t.dev, 0x1000 + i, flags),
			0);
		assert_int_equal(smmuv3_domain_attach(dom, &st[i], NULL), 0);
	}
	assert_int_equal(dom->n_streams, NSTREAMS);
	/* Each stream's own flags reach its STE: EATS only where asked. */
	for (uint32_t i = 0; i < 6; i++) {
		struct smmuv3_ste ste;

		assert_int_equal(smmuv3_stream_ste(&st[i], &ste), 0);
		assert_int_equal((ste.qw[1] >> 28) & 3u, i % 3 == 0 ? 1u : 0u);
	}
	for (uint32_t i = 0; i < NSTREAMS; i += 97) {
		assert_ptr_equal(smmuv3_stream_domain(&st[i]), dom);
		assert_ptr_equal(
			smmuv3_domain_find_stream(dom, &t.dev, 0x1000 + i),
			&st[i]);
		r = td_access(t.m, 0x1000 + i, 0x40001008, MDL_ACC_WRITE);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
		assert_true(r.pa == pa + 0x1008);
	}
	assert_null(smmuv3_domain_find_stream(dom, &t.dev, 0x1000 + NSTREAMS));

	log0 = smmuv3_model_cmd_log_count(t.m);
	assert_int_equal(smmuv3_domain_unmap(dom, 0x40001000, 4096, NULL), 0);
	/* One TLBI_S2_IPA for the page (RIL), whatever the stream count. */
	assert_int_equal(td_count_op(t.m, log0, SMMUV3_OP_TLBI_S2_IPA), 1);
	atc_invs = td_count_op(t.m, log0, SMMUV3_OP_ATC_INV);
	assert_int_equal(atc_invs, n_ats);
	r = td_access(t.m, 0x1000 + 3, 0x40001008, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);

	for (uint32_t i = 0; i < NSTREAMS; i++)
		assert_int_equal(smmuv3_domain_detach(dom, &st[i], blk, NULL),
				 0);
	assert_int_equal(dom->n_streams, 0);
	assert_int_equal(blk->n_streams, NSTREAMS);
	r = td_access(t.m, 0x1000 + 5, 0x40000008, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	assert_int_equal(smmuv3_domain_fini(blk), SMMUV3_EBUSY);
	for (uint32_t i = 0; i < NSTREAMS; i++)
		assert_int_equal(smmuv3_domain_detach(blk, &st[i], NULL, NULL),
				 0);
	assert_int_equal(smmuv3_domain_fini(blk), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	assert_string_equal(smmuv3_model_last_violation(t.m), "");
	t.osal.ops->free(t.osal.ctx, buf, 2 * 4096);
	td_smmu_down(&t);
	test_free(st);
	test_free(blk);
	test_free(dom);
}

/* ------------------------------------------------------------------ */
/* Every move between five kinds of domain                             */
/* ------------------------------------------------------------------ */

enum { K_ABORT, K_BYPASS, K_S1, K_S2, K_NESTED, K_COUNT };
static const char *const kname[K_COUNT] = {"abort", "bypass", "S1", "S2",
					   "nested"};

#define S1_VA 0x10000ull	/* stage-1 and guest VA */
#define GUEST_IPA 0x40000000ull /* the guest page's IPA */

struct world {
	struct td_smmu t;
	struct smmuv3_domain *d[K_COUNT];
	void *buf; /* data pages */
	smmuv3_pa_t buf_pa;
	void *cd; /* the guest's CD (one-entry table at an IPA = its PA) */
	smmuv3_pa_t cd_pa;
	struct smmuv3_pgtbl gpt; /* the guest's stage-1 table */
	/* observation */
	struct observer o;
	const uint64_t *live;
	unsigned int seen, same, aborting, bad;
};

static void world_obs(void *ctx, struct smmuv3_model *m,
		      enum smmuv3_model_obs_kind kind, const uint64_t *dw,
		      unsigned int barrier)
{
	struct world *w = ctx;
	uint64_t raw[8];

	(void)m;
	(void)kind;
	(void)dw;
	(void)barrier;
	if (!w->live)
		return;
	memcpy(raw, w->live, sizeof(raw)); /* little-endian host */
	w->seen++;
	if (obs_check(&w->o, raw))
		w->same++;
	else if (!(raw[0] & 1u))
		w->aborting++; /* V = 0: the stream aborts (C_BAD_STE) */
	else
		w->bad++;
}

static void world_up(struct world *w)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	const struct smmuv3_domain_cfg abort_cfg = {
		.type = SMMUV3_DOMAIN_ABORT};
	const struct smmuv3_domain_cfg bypass_cfg = {
		.type = SMMUV3_DOMAIN_BYPASS};
	struct smmuv3_domain_cfg s1 = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
	};
	struct smmuv3_domain_cfg s2 = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 2,
	};
	struct smmuv3_domain_cfg nested = {
		.type = SMMUV3_DOMAIN_NESTED,
		.s1fmt = SMMUV3_STE_S1FMT_LINEAR,
	};
	struct smmuv3_pgtbl_cfg gc = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.ias = 39,
		.oas = 40, /* guest "physical" = IPA */
		.coherent = true,
	};
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	struct smmuv3_pgtbl_hwcfg hw;
	struct smmuv3_cd_cfg cdc;
	struct smmuv3_cd cd;
	uint64_t *cdw;

	td_smmu_up(&w->t, &mc, NULL);
	w->buf =
		w->t.osal.ops->alloc(w->t.osal.ctx, 2 * 4096, 4096, &w->buf_pa);
	assert_non_null(w->buf);
	for (int k = 0; k < K_COUNT; k++) {
		w->d[k] = test_calloc(1, sizeof(*w->d[k]));
		assert_non_null(w->d[k]);
	}
	assert_int_equal(smmuv3_domain_init(w->d[K_ABORT], NULL, &abort_cfg),
			 0);
	assert_int_equal(smmuv3_domain_init(w->d[K_BYPASS], NULL, &bypass_cfg),
			 0);
	assert_int_equal(smmuv3_domain_init(w->d[K_S1], &w->t.dev, &s1), 0);
	assert_int_equal(
		smmuv3_domain_map(w->d[K_S1], S1_VA, w->buf_pa, 4096, rw), 0);
	/* Stage 2: the model's RAM at IPA = PA (1 GiB blocks), so that the
	 * guest's tables are reachable, plus the guest page at GUEST_IPA. */
	assert_int_equal(smmuv3_domain_init(w->d[K_S2], &w->t.dev, &s2), 0);
	assert_int_equal(smmuv3_domain_map(w->d[K_S2], 0x80000000ull,
					   0x80000000ull, 2ull << 30, rw),
			 0);
	assert_int_equal(smmuv3_domain_map(w->d[K_S2], GUEST_IPA,
					   w->buf_pa + 4096, 4096, rw),
			 0);
	/* The guest: VA S1_VA -> GUEST_IPA, its CD (ASID 7) at an IPA. */
	assert_int_equal(
		smmuv3_pgtbl_init(&w->gpt, &w->t.osal, &w->t.dev.caps, &gc), 0);
	assert_int_equal(smmuv3_pgtbl_map(&w->gpt, S1_VA, GUEST_IPA, 4096, rw),
			 0);
	assert_int_equal(smmuv3_pgtbl_get_hwcfg(&w->gpt, &hw), 0);
	smmuv3_cd_cfg_from_pgtbl(&cdc, &hw, 7);
	assert_int_equal(smmuv3_cd_build(&w->t.dev.caps, &cdc, &cd), 0);
	w->cd = w->t.osal.ops->alloc(w->t.osal.ctx, 64, 64, &w->cd_pa);
	assert_non_null(w->cd);
	cdw = w->cd;
	for (int i = 0; i < 8; i++)
		cdw[i] = cd.qw[i]; /* little-endian host */
	nested.parent = w->d[K_S2];
	nested.s1_cdtab = w->cd_pa;
	assert_int_equal(smmuv3_domain_init(w->d[K_NESTED], NULL, &nested), 0);
	smmuv3_model_params(w->t.m, &w->o.p);
	smmuv3_model_set_observer(w->t.m, world_obs, w);
	(void)obs_params;
	(void)obs_caps;
}

static void world_down(struct world *w)
{
	smmuv3_model_set_observer(w->t.m, NULL, NULL);
	assert_int_equal(smmuv3_domain_fini(w->d[K_NESTED]), 0);
	for (int k = 0; k < K_COUNT; k++) {
		if (k != K_NESTED)
			assert_int_equal(smmuv3_domain_fini(w->d[k]), 0);
		test_free(w->d[k]);
	}
	smmuv3_pgtbl_destroy(&w->gpt);
	w->t.osal.ops->free(w->t.osal.ctx, w->cd, 64);
	w->t.osal.ops->free(w->t.osal.ctx, w->buf, 2 * 4096);
	td_smmu_down(&w->t);
}

/* What a DMA of stream @sid does under domain kind @k. */
static void check_kind(struct world *w, uint32_t sid, int k)
{
	struct smmuv3_model_result r;

	switch (k) {
	case K_ABORT:
		r = td_access(w->t.m, sid, S1_VA, 0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
		break;
	case K_BYPASS:
		r = td_access(w->t.m, sid, w->buf_pa + 8, 0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
		assert_true(r.bypass && r.pa == w->buf_pa + 8);
		break;
	case K_S1:
		r = td_access(w->t.m, sid, S1_VA + 8, 0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
		assert_true(r.pa == w->buf_pa + 8);
		break;
	case K_S2:
		r = td_access(w->t.m, sid, GUEST_IPA + 8, 0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
		assert_true(r.pa == w->buf_pa + 4096 + 8);
		break;
	default: /* nested: VA -> IPA -> PA */
		r = td_access(w->t.m, sid, S1_VA + 8, 0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
		assert_true(r.pa == w->buf_pa + 4096 + 8);
		break;
	}
}

/*
 * Which moves the writer can make without passing through V = 0 (IHI 0070
 * 5.2, docs/ste.md: one 64-bit word whose used bits change in both
 * entries). Abort uses only V and Config, so any move to or from it
 * changes word 0 alone; bypass <-> S1/S2/nested and S2 <-> nested (same
 * VMID and stage-2 words) also need only word 0 once the fields the old
 * entry ignores are written first. A stage-1-only STE tags its TLB entries
 * with S2VMID (0 for a stage-1 domain), so S1 <-> S2 and S1 <-> nested
 * change Config (word 0) and S2VMID (word 2), both used by both entries:
 * those go through V = 0 (abort, never bypass).
 */
static bool expect_hitless(int from, int to)
{
	/* Only a move between S1 and a VMID-tagged stage 2 needs V = 0. */
	bool s1 = from == K_S1 || to == K_S1;
	bool s2 = from == K_S2 || from == K_NESTED || to == K_S2 ||
		  to == K_NESTED;

	return !(s1 && s2);
}

static void test_move_matrix(void **state)
{
	struct world *w = test_calloc(1, sizeof(*w));
	uint32_t sid = 0x200;

	(void)state;
	world_up(w);
	for (int from = 0; from < K_COUNT; from++) {
		for (int to = 0; to < K_COUNT; to++) {
			struct smmuv3_stream s;
			struct smmuv3_write_result wr;
			struct smmuv3_ste target;
			uint64_t *live;

			if (from == to)
				continue;
			sid++;
			assert_int_equal(
				smmuv3_stream_init(&s, &w->t.dev, sid, 0), 0);
			assert_int_equal(
				smmuv3_domain_attach(w->d[from], &s, NULL), 0);
			check_kind(w, sid, from);
			assert_int_equal(
				smmuv3_strtab_get(&w->t.dev.strtab, sid, &live),
				0);
			assert_int_equal(
				smmuv3_domain_ste(w->d[to], &s, &target), 0);
			obs_begin(&w->o, live, target.qw, false);
			w->live = live;
			w->seen = w->same = w->aborting = w->bad = 0;
			assert_int_equal(
				smmuv3_domain_attach(w->d[to], &s, &wr), 0);
			w->live = NULL;
			print_message("%-6s -> %-6s hitless %d syncs %u "
				      "seen %u old/new %u V=0 %u\n",
				      kname[from], kname[to], wr.hitless,
				      wr.syncs, w->seen, w->same, w->aborting);
			/* What the SMMU saw agrees with what the writer said.
			 */
			assert_int_equal(w->bad, 0);
			assert_true(w->seen >= wr.syncs);
			if (wr.hitless)
				assert_int_equal(w->aborting, 0);
			else
				assert_true(w->aborting > 0);
			assert_int_equal(wr.hitless, expect_hitless(from, to));
			assert_ptr_equal(smmuv3_stream_domain(&s), w->d[to]);
			check_kind(w, sid, to);
			assert_int_equal(
				smmuv3_domain_detach(w->d[to], &s, NULL, NULL),
				0);
		}
	}
	assert_string_equal(smmuv3_model_last_violation(w->t.m), "");
	world_down(w);
	test_free(w);
}

/* ------------------------------------------------------------------ */
/* SubstreamIDs, accessors, refusals                                   */
/* ------------------------------------------------------------------ */

static void test_ssid_and_accessors(void **state)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct td_smmu t = {0};
	struct smmuv3_domain *dom = test_calloc(1, sizeof(*dom));
	struct smmuv3_domain *s2 = test_calloc(1, sizeof(*s2));
	struct smmuv3_domain_cfg cfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 5,
		.ssid_bits = 4,
	};
	struct smmuv3_domain_cfg cfg2 = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 4,
	};
	struct smmuv3_domain_geometry g;
	struct smmuv3_stream a, b, bad;
	struct smmuv3_model_result r;
	struct smmuv3_ste ste;
	smmuv3_pa_t pa;
	void *buf;

	(void)state;
	td_smmu_up(&t, &mc, NULL);
	buf = t.osal.ops->alloc(t.osal.ctx, 4096, 4096, &pa);
	assert_non_null(buf);
	assert_int_equal(smmuv3_domain_init(dom, &t.dev, &cfg), 0);
	assert_int_equal(smmuv3_domain_init(s2, &t.dev, &cfg2), 0);
	assert_int_equal(
		smmuv3_domain_map(dom, 0x8000, pa, 4096, SMMUV3_PROT_READ), 0);
	/* a issues SubstreamIDs, b does not. */
	assert_int_equal(
		smmuv3_stream_init(&a, &t.dev, 0x30, SMMUV3_STREAM_F_SSID), 0);
	assert_int_equal(smmuv3_stream_init(&b, &t.dev, 0x31, 0), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &a, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(dom, &b, NULL), 0);
	assert_int_equal(smmuv3_stream_ste(&a, &ste), 0);
	assert_int_equal((ste.qw[0] >> 59) & 31u, 4); /* S1CDMax */
	assert_int_equal(smmuv3_stream_ste(&b, &ste), 0);
	assert_int_equal((ste.qw[0] >> 59) & 31u, 0);
	/* Without a SubstreamID both use CD 0 (S1DSS = SSID0). */
	r = td_access(t.m, 0x30, 0x8010, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == pa + 0x10);
	r = td_access(t.m, 0x31, 0x8010, 0);
	assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == pa + 0x10);
	/* SubstreamID 1 on b: beyond S1CDMax 0 (C_BAD_SUBSTREAMID); on a: an
	 * invalid CD (C_BAD_CD). */
	assert_int_equal(smmuv3_model_access(t.m, 0x31, true, 1, 0x8010, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(smmuv3_model_access(t.m, 0x30, true, 1, 0x8010, 0, &r),
			 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
	assert_int_equal(r.event_id, MDL_EVT_C_BAD_CD);
	/* SubstreamID 1 gets its own address space (ASID 20): only the
	 * SSID stream can use it, and clearing it reaches the SMMU's cached
	 * copy (CFGI_CD). */
	{
		struct smmuv3_pgtbl pt2;
		struct smmuv3_pgtbl_cfg pc = {
			.stage = SMMUV3_PGTBL_STAGE1,
			.granule = SMMUV3_GRANULE_4K,
			.ias = 39,
			.oas = 40,
			.coherent = true,
		};
		struct smmuv3_pgtbl_hwcfg hw;
		struct smmuv3_cd_cfg cc;
		struct smmuv3_cd cd;
		const struct smmuv3_cd zero = {{0}};
		unsigned int log0;
		smmuv3_pa_t pa2 = 0;
		void *buf2 = t.osal.ops->alloc(t.osal.ctx, 4096, 4096, &pa2);

		assert_non_null(buf2);

		assert_int_equal(
			smmuv3_pgtbl_init(&pt2, &t.osal, &t.dev.caps, &pc), 0);
		assert_int_equal(smmuv3_pgtbl_map(&pt2, 0x8000, pa2, 4096,
						  SMMUV3_PROT_READ),
				 0);
		assert_int_equal(smmuv3_pgtbl_get_hwcfg(&pt2, &hw), 0);
		smmuv3_cd_cfg_from_pgtbl(&cc, &hw, 20);
		assert_int_equal(smmuv3_cd_build(&t.dev.caps, &cc, &cd), 0);
		log0 = smmuv3_model_cmd_log_count(t.m);
		assert_int_equal(smmuv3_domain_cd_write(dom, 1, &cd, NULL), 0);
		/* CFGI_CD for the SSID stream (0x30) only. */
		assert_true(td_count_op(t.m, log0, SMMUV3_OP_CFGI_CD) >= 1);
		assert_int_equal(
			smmuv3_model_access(t.m, 0x30, true, 1, 0x8010, 0, &r),
			0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_OK);
		assert_true(r.pa == pa2 + 0x10);
		assert_true(smmuv3_model_cd_cached(t.m, 0x30, 1));
		/* SubstreamID 0 is still the domain's own. */
		r = td_access(t.m, 0x30, 0x8010, 0);
		assert_true(r.pa == pa + 0x10);
		assert_int_equal(smmuv3_domain_cd_write(dom, 1, &zero, NULL),
				 0);
		assert_false(smmuv3_model_cd_cached(t.m, 0x30, 1));
		assert_int_equal(
			smmuv3_model_access(t.m, 0x30, true, 1, 0x8010, 0, &r),
			0);
		assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_FAULT);
		assert_int_equal(r.event_id, MDL_EVT_C_BAD_CD);
		assert_int_equal(smmuv3_domain_cd_write(dom, 0, &cd, NULL),
				 SMMUV3_EINVAL);
		assert_int_equal(smmuv3_domain_cd_write(dom, 16, &cd, NULL),
				 SMMUV3_ERANGE);
		assert_int_equal(smmuv3_domain_cd_write(s2, 1, &cd, NULL),
				 SMMUV3_EINVAL);
		smmuv3_pgtbl_destroy(&pt2);
		t.osal.ops->free(t.osal.ctx, buf2, 4096);
	}
	/* No SubstreamIDs without stage 1. */
	assert_int_equal(smmuv3_domain_attach(s2, &a, NULL), SMMUV3_EINVAL);
	assert_ptr_equal(smmuv3_stream_domain(&a), dom);

	/* Accessors. */
	assert_int_equal(smmuv3_domain_geometry(dom, &g), 0);
	assert_int_equal(g.stage, SMMUV3_PGTBL_STAGE1);
	assert_int_equal(g.asid, 5);
	assert_int_equal(g.ias, t.dev.caps.s1_ias_bits > 48
					? 48
					: t.dev.caps.s1_ias_bits);
	/* 4K granule: 4 KiB pages, 2 MiB and 1 GiB blocks. */
	assert_true(g.pgsize_bitmap & (1ull << 12));
	assert_true(g.pgsize_bitmap & (1ull << 21));
	assert_true(g.pgsize_bitmap & (1ull << 30));
	assert_false(g.pgsize_bitmap & (1ull << 13));
	assert_non_null(smmuv3_domain_pgtbl(dom));
	assert_null(smmuv3_domain_pgtbl(NULL));
	assert_int_equal(smmuv3_domain_geometry(NULL, &g), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_ste(dom, &a, &ste), 0);
	{
		struct smmuv3_ste live;

		assert_int_equal(smmuv3_stream_ste(&a, &live), 0);
		assert_memory_equal(&live, &ste, sizeof(ste));
	}
	assert_null(smmuv3_stream_domain(NULL));
	assert_int_equal(smmuv3_stream_ste(NULL, &ste), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_domain_ste(NULL, &a, &ste), SMMUV3_EINVAL);
	/* Refusals of stream_init. */
	assert_int_equal(smmuv3_stream_init(&bad, &t.dev, 1, 1u << 20),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_stream_init(NULL, &t.dev, 1, 0), SMMUV3_EINVAL);
	/* Refusals of init. */
	{
		struct smmuv3_domain *x = test_calloc(1, sizeof(*x));
		struct smmuv3_domain_cfg c = {.type = SMMUV3_DOMAIN_NESTED,
					      .parent = dom};

		assert_int_equal(smmuv3_domain_init(x, NULL, &c),
				 SMMUV3_EINVAL); /* parent is stage 1 */
		c.type = (enum smmuv3_domain_type)9;
		assert_int_equal(smmuv3_domain_init(x, NULL, &c),
				 SMMUV3_EINVAL);
		c = (struct smmuv3_domain_cfg){.type = SMMUV3_DOMAIN_BYPASS,
					       .ste_flags = SMMUV3_STE_F_ATS};
		assert_int_equal(smmuv3_domain_init(x, NULL, &c),
				 SMMUV3_EINVAL);
		c = cfg2;
		assert_int_equal(smmuv3_domain_init(x, NULL, &c),
				 SMMUV3_EINVAL);
		c.vmid = 0xffff;
		c.ste_flags = SMMUV3_STE_F_EL2;
		assert_int_equal(smmuv3_domain_init(x, &t.dev, &c),
				 SMMUV3_EINVAL);
		test_free(x);
	}
	assert_int_equal(smmuv3_domain_detach(dom, &a, dom, NULL),
			 SMMUV3_EEXIST);
	/* An STE replaced behind the domain's back is kept by detach. */
	{
		struct smmuv3_stream c;
		struct smmuv3_ste byp;
		struct smmuv3_write_result wr;

		assert_int_equal(smmuv3_stream_init(&c, &t.dev, 0x32, 0), 0);
		assert_int_equal(smmuv3_domain_attach(dom, &c, NULL), 0);
		assert_int_equal(
			smmuv3_ste_build_bypass(&t.dev.caps, NULL, &byp), 0);
		assert_int_equal(smmuv3_dev_ste_write(&t.dev, 0x32, &byp, NULL),
				 0);
		assert_int_equal(smmuv3_domain_detach(dom, &c, NULL, &wr), 0);
		assert_true(wr.hitless && wr.syncs == 0);
		assert_null(smmuv3_stream_domain(&c));
		r = td_access(t.m, 0x32, pa + 8, 0);
		assert_true(r.outcome == SMMUV3_MODEL_XLATE_OK && r.bypass);
	}
	assert_int_equal(smmuv3_domain_detach(dom, &a, NULL, NULL), 0);
	assert_int_equal(smmuv3_domain_detach(dom, &b, NULL, NULL), 0);
	r = td_access(t.m, 0x31, 0x8010, 0);
	assert_int_equal(r.outcome, SMMUV3_MODEL_XLATE_ABORT);
	assert_int_equal(smmuv3_domain_fini(s2), 0);
	assert_int_equal(smmuv3_domain_fini(dom), 0);
	t.osal.ops->free(t.osal.ctx, buf, 4096);
	td_smmu_down(&t);
	test_free(s2);
	test_free(dom);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thousand_streams),
		cmocka_unit_test(test_move_matrix),
		cmocka_unit_test(test_ssid_and_accessors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
