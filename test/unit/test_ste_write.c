// SPDX-License-Identifier: BSD-2-Clause
/*
 * The hitless writer against the model: every pair of a corpus of STEs
 * (and of CDs) is written while the observer decodes the live entry after
 * each 64-bit store. For a set of pairs the expected outcome (hitless or
 * not, number of syncs) is derived by hand in the table's comments from
 * the fields each configuration uses (IHI 0070 5.2, 5.4); for every pair
 * the observer, the final entry and the command stream are checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_ste_observer.c"

#include <smmuv3_osal_hosted.h>

/* ------------------------------------------------------------------ */
/* STE corpus                                                          */

enum {
	E_ABORT,
	E_BYPASS,
	E_S1_CD0,     /* S1CDMAX 0: one CD at X */
	E_S1_SSID0,   /* linear X, S1CDMAX 4, S1DSS SSID0 */
	E_S1_BYP,     /* ... S1DSS bypass */
	E_S1_TERM,    /* ... S1DSS terminate */
	E_S1_2LVL,    /* 2-level Y, S1CDMAX 12, SSID0 */
	E_S1_ATS,     /* E_S1_SSID0 + ATS */
	E_S1_STALL,   /* E_S1_SSID0, stall-capable master */
	E_S1_BYP_ATS, /* E_S1_BYP + ATS */
	E_S1_2LVL_AS, /* E_S1_2LVL + ATS + stall */
	E_S2,	      /* VMID 1, table T1 */
	E_S2_ATS,
	E_S2_STALL,
	E_NEST, /* E_S1_SSID0 over E_S2 */
	E_NEST_ATS,
	E_NEST_STALL,
	E_S2_B,	  /* VMID 2, table T2 (domain replace) */
	E_S1_EL2, /* E_S1_SSID0 with STRW = EL2 */
	E_S1_MEV, /* E_S1_SSID0 + MEV */
	/* Stage-1-only entries tagged with E_S2's VMID (1), so that only the
	 * S2S reading decides whether S1 <-> S2 with stalls is hitless. */
	E_S1_STALL_V1, /* E_S1_STALL, S2VMID 1 */
	E_S1_AS_V1,    /* E_S1_SSID0 + ATS + stall, S2VMID 1 */
	E_COUNT
};

static struct smmuv3_caps caps;
static struct smmuv3_ste corpus[E_COUNT];

static void s1_desc(struct smmuv3_ste_s1 *s1, uint64_t tab, uint8_t fmt,
		    uint8_t cdmax, uint8_t dss)
{
	memset(s1, 0, sizeof(*s1));
	s1->cdtab = tab;
	s1->s1fmt = fmt;
	s1->s1cdmax = cdmax;
	s1->s1dss = dss;
	s1->cir = s1->cor = SMMUV3_STE_CACHE_WBRA;
	s1->csh = SMMUV3_STE_SH_ISH;
}

static void s2_desc(struct smmuv3_ste_s2 *s2, uint16_t vmid, uint64_t ttb)
{
	/* 40-bit IPA, 4K granule, start at level 1 (SL0 = 1), 48-bit PA */
	memset(s2, 0, sizeof(*s2));
	s2->vmid = vmid;
	s2->t0sz = 24;
	s2->sl0 = 1;
	s2->irgn = s2->orgn = 1;
	s2->sh = 3;
	s2->tg = 0;
	s2->ps = 5;
	s2->ttb = ttb;
	s2->aa64 = true;
	s2->record = true;
}

#define X 0x80000000ull
#define Y 0x80100000ull
#define T1 0x90000000ull
#define T2 0x90200000ull

/*
 * The corpus on SMMU variant @v (OBS_V_*), its model parameters in @p. On
 * the full SMMU the flags are as named; elsewhere obs_flags() adapts them
 * as a caller must (so some entries coincide).
 */
static void build_corpus_v(unsigned int v, struct mdl_params *p)
{
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	uint32_t ats, st, ats_st, s1_0, s2_0, s2_ats, s2_st, el2, mev;

	obs_variant(v, p, &caps);
	ats = obs_flags(&caps, SMMUV3_STE_F_ATS, false);
	st = obs_flags(&caps, SMMUV3_STE_F_STALL, false);
	ats_st = obs_flags(&caps, SMMUV3_STE_F_ATS | SMMUV3_STE_F_STALL, false);
	s1_0 = obs_flags(&caps, 0, false);
	el2 = obs_flags(&caps, SMMUV3_STE_F_EL2, false);
	mev = obs_flags(&caps, SMMUV3_STE_F_MEV, false);
	s2_0 = obs_flags(&caps, 0, true);
	s2_ats = obs_flags(&caps, SMMUV3_STE_F_ATS, true);
	s2_st = obs_flags(&caps, SMMUV3_STE_F_STALL, true);
	assert_int_equal(smmuv3_ste_build_abort(&corpus[E_ABORT]), 0);
	assert_int_equal(
		smmuv3_ste_build_bypass(&caps, NULL, &corpus[E_BYPASS]), 0);
	s1_desc(&s1, X, 0, 0, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, s1_0, &corpus[E_S1_CD0]), 0);
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, s1_0, &corpus[E_S1_SSID0]), 0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, ats, &corpus[E_S1_ATS]), 0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, st, &corpus[E_S1_STALL]), 0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, el2, &corpus[E_S1_EL2]), 0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, mev, &corpus[E_S1_MEV]), 0);
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_BYPASS);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, s1_0, &corpus[E_S1_BYP]), 0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, ats, &corpus[E_S1_BYP_ATS]), 0);
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_TERMINATE);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, s1_0, &corpus[E_S1_TERM]), 0);
	s1_desc(&s1, Y, SMMUV3_STE_S1FMT_64K_L2, 12, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, s1_0, &corpus[E_S1_2LVL]), 0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, ats_st, &corpus[E_S1_2LVL_AS]),
		0);
	s2_desc(&s2, 1, T1);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, s2_0, &corpus[E_S2]),
			 0);
	assert_int_equal(
		smmuv3_ste_build_s2(&caps, &s2, s2_ats, &corpus[E_S2_ATS]), 0);
	assert_int_equal(
		smmuv3_ste_build_s2(&caps, &s2, s2_st, &corpus[E_S2_STALL]), 0);
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(
		smmuv3_ste_build_nested(&caps, &s1, &s2, s2_0, &corpus[E_NEST]),
		0);
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, s2_ats,
						 &corpus[E_NEST_ATS]),
			 0);
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, s2_st,
						 &corpus[E_NEST_STALL]),
			 0);
	s2_desc(&s2, 2, T2);
	assert_int_equal(smmuv3_ste_build_s2(&caps, &s2, s2_0, &corpus[E_S2_B]),
			 0);
	/* S2VMID (qw2 [15:0]) tags an NS-EL1 stage-1 stream's TLB entries */
	corpus[E_S1_STALL_V1] = corpus[E_S1_STALL];
	corpus[E_S1_STALL_V1].qw[2] |= 1;
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, ats_st, &corpus[E_S1_AS_V1]),
		0);
	corpus[E_S1_AS_V1].qw[2] |= 1;
}

static void build_corpus(void)
{
	struct mdl_params p;

	build_corpus_v(OBS_V_FULL, &p);
}

/*
 * Every corpus entry is a legal STE for the model (a builder check), on
 * every SMMU variant; and every pair is written without a mixed state.
 */
static void run_ste_pair(struct observer *o, unsigned int from, unsigned int to,
			 bool allow_abort, struct smmuv3_write_result *res);

static void test_corpus_legal(void **state)
{
	struct smmuv3_write_result res;
	struct observer o;
	struct mdl_ste d;
	unsigned int i, v, b;

	(void)state;
	for (v = 0; v < OBS_NVARIANTS; v++) {
		memset(&o, 0, sizeof(o));
		build_corpus_v(v, &o.p);
		for (i = 0; i < E_COUNT; i++) {
			if (obs_decode_ste(&o, corpus[i].qw, &d) != 0)
				print_error("variant %u entry %u illegal\n", v,
					    i);
			assert_int_equal(obs_decode_ste(&o, corpus[i].qw, &d),
					 0);
			assert_true(d.valid);
		}
		for (i = 0; i < E_COUNT; i++) {
			for (b = 0; b < E_COUNT; b++) {
				run_ste_pair(&o, i, b, true, &res);
				if (res.hitless)
					run_ste_pair(&o, i, b, false, &res);
			}
		}
	}
	build_corpus();
}

/*
 * Hand-derived expectations. "used" below means what IHI 0070 5.2 says the
 * SMMU reads for the configuration: abort reads V/Config; bypass adds the
 * qw1 overrides (SHCFG = incoming, set by the builder); S1 reads the qw0
 * table fields, the qw1 S1 fields (S1DSS only with S1CDMAX != 0, SHCFG only
 * with S1DSS = bypass) and qw2.S2VMID (0); S2 reads qw1 overrides/EATS,
 * qw2 and qw3. A word is critical when a bit both entries... differ in is
 * used by the current entry and by the target. One critical word: hitless
 * (unused bits, critical word, cleanup: a sync for each step that stores).
 * Two: V = 0, body, word 0 = 3 syncs.
 */
static const struct {
	uint8_t from, to;
	bool hitless;
	uint8_t syncs;
} expect[] = {
	/* qw1 (SHCFG) unused by abort first, then qw0 */
	{E_ABORT, E_BYPASS, true, 2},
	/* qw0 first, then clear qw1 */
	{E_BYPASS, E_ABORT, true, 2},
	{E_ABORT, E_S1_SSID0, true, 2},
	{E_S1_SSID0, E_ABORT, true, 2},
	{E_ABORT, E_S2, true, 2},
	/* S1CDMAX 0 -> 4: S1DSS unused before, then qw0 */
	{E_S1_CD0, E_S1_SSID0, true, 2},
	/* qw0 first, then S1DSS (unused by the target) cleared */
	{E_S1_SSID0, E_S1_CD0, true, 2},
	/* S1DSS (+ SHCFG) in qw1 only: one store */
	{E_S1_SSID0, E_S1_BYP, true, 1},
	{E_S1_BYP, E_S1_SSID0, true, 1},
	{E_S1_SSID0, E_S1_TERM, true, 1},
	/* table pointer, format and S1CDMAX are all in qw0 */
	{E_S1_SSID0, E_S1_2LVL, true, 1},
	/* EATS 0 <-> 1 is update-safe: one step */
	{E_S1_SSID0, E_S1_ATS, true, 1},
	{E_S1_ATS, E_S1_SSID0, true, 1},
	/* S1STALLD in qw1 */
	{E_S1_SSID0, E_S1_STALL, true, 1},
	/* EATS safe, S1STALLD critical, both in qw1 */
	{E_S1_ATS, E_S1_STALL, true, 1},
	/* STRW in qw1 */
	{E_S1_SSID0, E_S1_EL2, true, 1},
	/* STRW counts as used by nested too (docs/ste.md): Config (qw0) and
	 * STRW (qw1) both critical; never a nested STE with STRW = EL2 */
	{E_NEST, E_S1_EL2, false, 3},
	{E_S1_EL2, E_NEST, false, 3},
	/* MEV is update-safe */
	{E_S1_SSID0, E_S1_MEV, true, 1},
	/* Config (qw0) and S2VMID 0 -> 1 (qw2, used by S1) both critical */
	{E_S1_SSID0, E_S2, false, 3},
	{E_S2, E_S1_SSID0, false, 3},
	/* S2: EATS safe without S2S */
	{E_S2, E_S2_ATS, true, 1},
	/* EATS 1 -> 0 with S2S in the target is not safe: qw1 + qw2 */
	{E_S2_ATS, E_S2_STALL, false, 3},
	{E_S2_STALL, E_S2_ATS, false, 3},
	/* S2S alone (qw2) */
	{E_S2, E_S2_STALL, true, 1},
	/* S2 -> nested: S1 bits of qw1 first (SHCFG, used by S2 only, kept),
	 * then qw0, then SHCFG cleared */
	{E_S2, E_NEST, true, 3},
	/* nested -> S2: SHCFG (unused by nested) first, qw0, clear S1 bits */
	{E_NEST, E_S2, true, 3},
	{E_NEST, E_NEST_ATS, true, 1},
	/* EATS with S2S: qw1 (EATS, S1STALLD) + qw2 (S2S) */
	{E_NEST_ATS, E_NEST_STALL, false, 3},
	/* new VMID (qw2) and new table (qw3) */
	{E_S2, E_S2_B, false, 3},
	/* bypass -> S1: S1 bits first (SHCFG kept), qw0, SHCFG cleared */
	{E_BYPASS, E_S1_SSID0, true, 3},
	/* bypass -> S1 with S1DSS bypass: SHCFG stays used, no cleanup */
	{E_BYPASS, E_S1_BYP, true, 2},
	{E_S1_BYP, E_BYPASS, true, 2},
	/* bypass -> S2: SHCFG the same, qw2/qw3 first, then qw0 */
	{E_BYPASS, E_S2, true, 2},
	/*
	 * S1 <-> S2 for a stalling master in the same VMID. IHI 0070 5.2:
	 * S2S is IGNORED with stage 2 disabled, so the S1 entry does not use
	 * it: qw2/qw3 (S2S, VTCR, S2TTB) and qw1's SHCFG go first, then qw0,
	 * then the S1 fields are cleared: hitless in 3 syncs (Linux's
	 * writer does the same). Counting S2S as used would make qw2
	 * critical with qw0 and break through V = 0.
	 */
	{E_S1_STALL_V1, E_S2_STALL, true, 3},
	{E_S2_STALL, E_S1_STALL_V1, true, 3},
	/* With EATS != 0 in the S1 entry its validity check may read S2S
	 * (5.2 EATS, SMMUv3.0): qw0, qw1 (EATS, not safe with S2S) and qw2
	 * (S2S) are critical. */
	{E_S1_AS_V1, E_S2_STALL, false, 3},
	{E_S2_STALL, E_S1_AS_V1, false, 3},
	/* nothing to store: one sync re-invalidates (a repeat after a
	 * failed last sync must reach the SMMU) */
	{E_S1_SSID0, E_S1_SSID0, true, 1},
	{E_ABORT, E_ABORT, true, 1},
};

/* Write @to over @from, checking everything; return the result. */
static void run_ste_pair(struct observer *o, unsigned int from, unsigned int to,
			 bool allow_abort, struct smmuv3_write_result *res)
{
	uint64_t live[8] __attribute__((aligned(64)));
	unsigned int s, i;

	memcpy(live, corpus[from].qw, sizeof(live));
	obs_begin(o, live, corpus[to].qw, allow_abort);
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, o, 0x42, live,
					  &corpus[to], res),
			 0);
	if (o->bad)
		print_error("pair %u -> %u: bad state after store %u\n", from,
			    to, o->first_bad_store);
	assert_int_equal(o->bad, 0);
	assert_memory_equal(live, corpus[to].qw, sizeof(live));
	assert_int_equal(res->syncs, o->syncs);
	assert_int_equal(res->stores, o->stores);
	assert_true(o->syncs <= 3);
	for (s = 0; s < o->syncs; s++) {
		/* CFGI_STE (0x03) for SID 0x42, Leaf = 1 */
		assert_int_equal(cmd_op(&o->cmds[s][0]), 0x03);
		assert_int_equal(cmd_sid(&o->cmds[s][0]), 0x42);
		assert_true(o->cmds[s][0].dw[1] == 1);
		/* PREFETCH_CONFIG (0x01) rides with the last sync only */
		assert_int_equal(o->ncmds[s], s + 1 == o->syncs ? 2 : 1);
		if (s + 1 == o->syncs) {
			assert_int_equal(cmd_op(&o->cmds[s][1]), 0x01);
			assert_int_equal(cmd_sid(&o->cmds[s][1]), 0x42);
		}
	}
	/* nothing written: exactly one sync, no store */
	if (memcmp(corpus[from].qw, corpus[to].qw, 64) == 0)
		assert_true(o->syncs == 1 && o->stores == 0);
	for (i = 0; i < 8; i++)
		(void)i;
}

static void test_ste_expected(void **state)
{
	struct smmuv3_write_result res;
	struct observer o;
	unsigned int i;

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		run_ste_pair(&o, expect[i].from, expect[i].to,
			     !expect[i].hitless, &res);
		if (res.hitless != expect[i].hitless ||
		    res.syncs != expect[i].syncs)
			print_error("pair %u -> %u: hitless %d syncs %u\n",
				    expect[i].from, expect[i].to, res.hitless,
				    res.syncs);
		assert_int_equal(res.hitless, expect[i].hitless);
		assert_int_equal(res.syncs, expect[i].syncs);
	}
}

/*
 * Every ordered pair: the observer never sees a mixed entry (nor, for a
 * hitless update, an aborting one); sync counts are 1..3 hitless (1 for
 * no change), exactly 3 otherwise; an update touching at most one word is
 * always hitless with one sync.
 */
static void test_ste_all_pairs(void **state)
{
	struct smmuv3_write_result res;
	struct observer o;
	unsigned int a, b, i, words;

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	for (a = 0; a < E_COUNT; a++) {
		for (b = 0; b < E_COUNT; b++) {
			/* first as if hitless; allow abort only if declared */
			run_ste_pair(&o, a, b, true, &res);
			if (!res.hitless) {
				assert_int_equal(res.syncs, 3);
			} else {
				run_ste_pair(&o, a, b, false, &res);
				assert_true(res.hitless);
			}
			for (words = 0, i = 0; i < 8; i++)
				words += corpus[a].qw[i] != corpus[b].qw[i];
			if (words <= 1)
				assert_true(res.hitless && res.syncs == 1);
		}
	}
}

/*
 * Every ordered pair against a prediction made from the model alone: the
 * bits the model reads in an entry are found by flipping each bit and
 * decoding; the used-bits method of docs/ste.md, applied with those masks
 * and the documented update-safe bits (MEV; EATS 0/1 without S1CHK or
 * S2S), plus the two documented additions below (S2S in S1 STEs with
 * EATS != 0, STRW in nested STEs), predicts hitless-or-not and the number of syncs. The
 * writer must match it for every pair: its own used bits are no more
 * conservative than the hardware's where it matters for these
 * configurations.
 */
static void model_used(const struct observer *o, const uint64_t *e,
		       uint64_t *used)
{
	struct mdl_ste d0, d1;
	uint64_t f[8];
	unsigned int bit;

	(void)obs_decode_ste(o, e, &d0);
	memset(d0.raw, 0, sizeof(d0.raw));
	memset(used, 0, 64);
	for (bit = 0; bit < 512; bit++) {
		memcpy(f, e, sizeof(f));
		f[bit / 64] ^= 1ull << (bit % 64);
		(void)obs_decode_ste(o, f, &d1);
		memset(d1.raw, 0, sizeof(d1.raw));
		if (memcmp(&d0, &d1, sizeof(d0)))
			used[bit / 64] |= 1ull << (bit % 64);
	}
}

static void predict(const struct observer *o, const uint64_t *cur,
		    const uint64_t *tgt, bool *hitless, unsigned int *syncs)
{
	uint64_t cu[8], tu[8], safe[8] = {0}, upd[8], st[8];
	unsigned int i, ncrit = 0, crit = 0, n = 0;
	bool changed;

	model_used(o, cur, cu);
	model_used(o, tgt, tu);
	/*
	 * IHI 0070 5.2 EATS: with stage 2 bypassed it is CONSTRAINED
	 * UNPREDICTABLE whether S2S = 1 makes EATS = 1 ILLEGAL, so an SMMU
	 * may read S2S in a stage-1-only STE whose EATS (qw1 bits 29:28) is
	 * not 0 (the model does not). With EATS = 0, S2S is IGNORED (5.2
	 * S2S).
	 */
	if ((cur[0] & 1) && ((cur[0] >> 1) & 7) == 5 && ((cur[1] >> 28) & 3))
		cu[2] |= 1ull << 57;
	if ((tgt[0] & 1) && ((tgt[0] >> 1) & 7) == 5 && ((tgt[1] >> 28) & 3))
		tu[2] |= 1ull << 57;
	/*
	 * STRW (qw1 bits 31:30) is IGNORED with stage 2 enabled (IHI 0070
	 * 5.2 STRW: effective NS-EL1), so the model drops it in nested STEs;
	 * the library keeps it used wherever stage 1 is (as Linux does), so
	 * that a live nested STE never holds STRW = EL2.
	 */
	if ((cur[0] & 1) && ((cur[0] >> 1) & 7) == 7)
		cu[1] |= 3ull << 30;
	if ((tgt[0] & 1) && ((tgt[0] >> 1) & 7) == 7)
		tu[1] |= 3ull << 30;
	safe[1] = 1ull << 19; /* MEV */
	if (!(((cur[1] | tgt[1]) >> 29) & 1) &&
	    !(((cur[2] | tgt[2]) >> 57) & 1))
		safe[1] |= 1ull << 28; /* EATS bit 0 */
	for (i = 0; i < 8; i++) {
		safe[i] &= cu[i] & tu[i];
		cu[i] &= ~safe[i];
		upd[i] = (cur[i] & cu[i]) | (tgt[i] & ~cu[i]);
		if ((upd[i] & tu[i]) != (tgt[i] & tu[i])) {
			ncrit++;
			crit = i;
		}
	}
	*hitless = ncrit < 2;
	if (ncrit >= 2) {
		*syncs = 3;
		return;
	}
	if (ncrit == 0) {
		/* one step, or the one re-invalidating sync of no change */
		*syncs = 1;
		return;
	}
	memcpy(st, cur, sizeof(st));
	for (changed = false, i = 0; i < 8; i++) {
		if (i != crit && st[i] != upd[i]) {
			st[i] = upd[i];
			changed = true;
		}
	}
	n += changed;
	st[crit] = tgt[crit];
	n++;
	n += memcmp(st, tgt, 64) != 0;
	*syncs = n;
}

static void test_ste_all_pairs_predicted(void **state)
{
	struct smmuv3_write_result res;
	struct observer o;
	unsigned int a, b, syncs, differ = 0;
	bool hitless;

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	for (a = 0; a < E_COUNT; a++) {
		for (b = 0; b < E_COUNT; b++) {
			predict(&o, corpus[a].qw, corpus[b].qw, &hitless,
				&syncs);
			run_ste_pair(&o, a, b, true, &res);
			if (res.hitless != hitless || res.syncs != syncs) {
				print_message("pair %u -> %u: writer %d/%u "
					      "model %d/%u\n",
					      a, b, res.hitless, res.syncs,
					      hitless, syncs);
				differ++;
			}
		}
	}
	assert_int_equal(differ, 0);
}

/* A wrong sequence (word 0 first) is caught by the observer. */
static void test_wrong_sequence_caught(void **state)
{
	uint64_t live[8];
	struct observer o;
	unsigned int i;

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	memcpy(live, corpus[E_S1_SSID0].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S2].qw, false);
	for (i = 0; i < 8; i++) {
		live[i] = corpus[E_S2].qw[i];
		obs_stored(&o, live, i);
	}
	/* S2 config with the S1 entry's qw2/qw3: caught at the first store */
	assert_true(o.bad > 0);
	assert_int_equal(o.first_bad_store, 1);

	/* Breaking through V = 0 is caught when declared hitless. */
	memcpy(live, corpus[E_S1_SSID0].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S2].qw, false);
	live[0] = 0;
	obs_stored(&o, live, 0);
	assert_int_equal(o.bad, 1);
	/*
	 * Body then word 0 without a sync in between: every prefix is fine
	 * (abort ignores qw1; then the full target), but a fetch may read
	 * the new word 0 with the old word 1 (an S1 STE without its qw1
	 * fields): caught by the torn-read check at the sync.
	 */
	memcpy(live, corpus[E_ABORT].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S1_SSID0].qw, false);
	live[1] = corpus[E_S1_SSID0].qw[1];
	obs_stored(&o, live, 1);
	live[0] = corpus[E_S1_SSID0].qw[0];
	obs_stored(&o, live, 0);
	assert_int_equal(o.bad, 0);
	assert_int_equal(obs_sync(&o, NULL, 0), 0);
	assert_true(o.bad > 0);
	assert_int_equal(o.mixes, 4);

	/*
	 * EATS and MEV may change out of order only when old and new differ
	 * in them: an S1 -> S1 update where both have EATS = 0 and MEV = 0
	 * must never show EATS = 1 or MEV = 1.
	 */
	memcpy(live, corpus[E_S1_SSID0].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S1_STALL].qw, false);
	live[1] |= 1ull << 28; /* EATS = 1 */
	obs_stored(&o, live, 1);
	assert_int_equal(o.bad, 1);
	memcpy(live, corpus[E_S1_SSID0].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S1_STALL].qw, false);
	live[1] |= 1ull << 19; /* MEV = 1 */
	obs_stored(&o, live, 1);
	assert_int_equal(o.bad, 1);
	/* ... but EATS 0 -> 1 on the way to an ATS entry is fine */
	memcpy(live, corpus[E_S1_SSID0].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S1_ATS].qw, false);
	live[1] |= 1ull << 28;
	obs_stored(&o, live, 1);
	assert_int_equal(o.bad, 0);

	/* ... and a bypass STE in between is never "abort". */
	obs_begin(&o, live, corpus[E_S2].qw, true);
	memcpy(live, corpus[E_BYPASS].qw, sizeof(live));
	obs_stored(&o, live, 0);
	assert_int_equal(o.bad, 1);
}

static void test_ste_write_errors(void **state)
{
	struct smmuv3_write_result res;
	struct smmuv3_ste bad;
	struct observer o;
	uint64_t live[8];

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	memcpy(live, corpus[E_ABORT].qw, sizeof(live));
	/* a target setting a bit its configuration ignores (S2TTB in S1) */
	bad = corpus[E_S1_SSID0];
	bad.qw[3] = 0x1000;
	obs_begin(&o, live, bad.qw, false);
	assert_int_equal(
		smmuv3_ste_write(&caps, &obs_ops, &o, 1, live, &bad, &res),
		SMMUV3_EINVAL);
	assert_int_equal(o.stores, 0);
	/* SID beyond SIDSIZE 16 */
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 0x10000, live,
					  &corpus[E_S2], &res),
			 SMMUV3_ERANGE);
	assert_int_equal(
		smmuv3_ste_write(&caps, NULL, &o, 1, live, &corpus[E_S2], &res),
		SMMUV3_EINVAL);
	assert_int_equal(o.stores, 0);
	assert_memory_equal(live, corpus[E_ABORT].qw, sizeof(live));

	/* a failing sync is reported; the entry is old or new, never mixed */
	obs_begin(&o, live, corpus[E_S2].qw, false);
	o.fail_sync_at = 1;
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_S2], &res),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(o.bad, 0);
	assert_int_equal(o.syncs, 1);
	/* repeating completes it */
	obs_begin(&o, live, corpus[E_S2].qw, false);
	memcpy(o.old, corpus[E_ABORT].qw, sizeof(o.old));
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_S2], &res),
			 0);
	assert_int_equal(o.bad, 0);
	assert_memory_equal(live, corpus[E_S2].qw, sizeof(live));

	/*
	 * The LAST sync fails: the entry already equals the target, but the
	 * SMMU may still cache the old one. Repeating the call must issue
	 * CFGI_STE + CMD_SYNC again (one sync, no store), else the documented
	 * recovery would leave a stale cached entry. abort -> S2 is 2 syncs
	 * (docs/ste.md), so fail the 2nd.
	 */
	memcpy(live, corpus[E_ABORT].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S2].qw, false);
	o.fail_sync_at = 2;
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_S2], &res),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(o.bad, 0);
	assert_int_equal(o.syncs, 2);
	assert_int_equal(res.syncs, 2);
	assert_memory_equal(live, corpus[E_S2].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S2].qw, false);
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_S2], &res),
			 0);
	assert_int_equal(o.stores, 0);
	assert_int_equal(o.syncs, 1);
	/* CFGI_STE(1, leaf) + PREFETCH_CONFIG(1) */
	assert_int_equal(o.ncmds[0], 2);
	assert_int_equal(cmd_op(&o.cmds[0][0]), 0x03);
	assert_int_equal(cmd_sid(&o.cmds[0][0]), 1);
	assert_int_equal(cmd_op(&o.cmds[0][1]), 0x01);
	/* a failing repeat is reported too */
	obs_begin(&o, live, corpus[E_S2].qw, false);
	o.fail_sync_at = 1;
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_S2], &res),
			 SMMUV3_ETIMEDOUT);
	/* a hitless 3-sync update (S2 -> nested) failing at the last one */
	memcpy(live, corpus[E_S2].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_NEST].qw, false);
	o.fail_sync_at = 3;
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_NEST], &res),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(o.bad, 0);
	assert_memory_equal(live, corpus[E_NEST].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_NEST].qw, false);
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_NEST], &res),
			 0);
	assert_int_equal(o.syncs, 1);
	assert_int_equal(cmd_op(&o.cmds[0][0]), 0x03);

	/* SKIP_PREFETCH: only CFGI_STE */
	caps.options |= SMMUV3_OPT_SKIP_PREFETCH;
	obs_begin(&o, live, corpus[E_ABORT].qw, false);
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 1, live,
					  &corpus[E_ABORT], &res),
			 0);
	assert_int_equal(res.syncs, 2);
	assert_int_equal(o.ncmds[0], 1);
	assert_int_equal(o.ncmds[1], 1);
	caps.options &= ~SMMUV3_OPT_SKIP_PREFETCH;
}

/* ------------------------------------------------------------------ */
/* CDs                                                                 */

enum {
	C_ZERO,	   /* invalid */
	C_A,	   /* ASID 1, table P1 */
	C_ASID2,   /* C_A with ASID 2 */
	C_EPD0,	   /* C_A released: EPD0, no table */
	C_TTB2,	   /* C_A with table P2 */
	C_MAIR,	   /* C_A with another MAIR */
	C_STALL,   /* C_A with S, HA, HD */
	C_EPD0_A2, /* C_EPD0 with ASID 2 */
	C_COUNT
};

static struct smmuv3_cd cds[C_COUNT];

static void build_cds(void)
{
	struct smmuv3_cd_cfg c;

	obs_caps(&caps);
	memset(&cds[C_ZERO], 0, sizeof(cds[C_ZERO]));
	memset(&c, 0, sizeof(c));
	c.asid = 1;
	c.ttb0 = 0xa0000000;
	c.t0sz = 16;
	c.tg0 = SMMUV3_CD_TG0_4K;
	c.irgn0 = c.orgn0 = 1;
	c.sh0 = 3;
	c.ips = 5;
	c.mair = 0x0000000000ff0400ull;
	c.aa64 = c.record = c.abort = c.aset = true;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_A]), 0);
	c.asid = 2;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_ASID2]), 0);
	c.asid = 1;
	c.ttb0 = 0xa0400000;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_TTB2]), 0);
	c.ttb0 = 0xa0000000;
	c.mair = 0x44ull;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_MAIR]), 0);
	c.mair = 0x0000000000ff0400ull;
	c.stall = c.ha = c.hd = true;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_STALL]), 0);
	c.stall = c.ha = c.hd = false;
	c.epd0 = true;
	c.ttb0 = 0;
	c.t0sz = c.tg0 = c.irgn0 = c.orgn0 = c.sh0 = 0;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_EPD0]), 0);
	c.asid = 2;
	assert_int_equal(smmuv3_cd_build(&caps, &c, &cds[C_EPD0_A2]), 0);
}

/* The STE the CDs are decoded under: S1, stall-capable master. */
static void cd_observer(struct observer *o)
{
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste ste;

	memset(o, 0, sizeof(*o));
	obs_params(&o->p);
	o->cd = true;
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(
		smmuv3_ste_build_s1(&caps, &s1, SMMUV3_STE_F_STALL, &ste), 0);
	assert_int_equal(obs_decode_ste(o, ste.qw, &o->cd_ste), 0);
}

/*
 * CD: V = 0 uses only V; V = 1 uses every bit except TTB0 and the T0 walk
 * fields when EPD0 = 1 (IHI 0070 5.4).
 */
static const struct {
	uint8_t from, to;
	bool hitless;
	uint8_t syncs;
} cd_expect[] = {
	/* qw1 and qw3 unused while invalid, then qw0 */
	{C_ZERO, C_A, true, 2},
	/* qw0 (V = 0) first, then clear qw1 and qw3 */
	{C_A, C_ZERO, true, 2},
	/* ASID: qw0 only */
	{C_A, C_ASID2, true, 1},
	/* EPD0 on: qw0, then TTB0 (now unused) cleared */
	{C_A, C_EPD0, true, 2},
	/* EPD0 off: TTB0 (unused) first, then qw0 */
	{C_EPD0, C_A, true, 2},
	{C_EPD0, C_ASID2, true, 2},
	/* TTB0 alone is qw1 */
	{C_A, C_TTB2, true, 1},
	/* ASID (qw0) and TTB0 (qw1) both used: through V = 0 */
	{C_ASID2, C_TTB2, false, 3},
	/* MAIR alone (qw3) */
	{C_A, C_MAIR, true, 1},
	/* ASID and MAIR */
	{C_ASID2, C_MAIR, false, 3},
	/* S, HA, HD all in qw0 */
	{C_A, C_STALL, true, 1},
	/* released -> released with another ASID: qw0 only */
	{C_EPD0, C_EPD0_A2, true, 1},
	/* nothing to store: one sync */
	{C_A, C_A, true, 1},
};

static void run_cd_pair(struct observer *o, unsigned int from, unsigned int to,
			bool allow_abort, struct smmuv3_write_result *res)
{
	static const uint32_t sids[2] = {5, 6};
	uint64_t live[8] __attribute__((aligned(64)));
	unsigned int s, i;

	memcpy(live, cds[from].qw, sizeof(live));
	obs_begin(o, live, cds[to].qw, allow_abort);
	assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, o, sids, 2, 3, live,
					 &cds[to], res),
			 0);
	if (o->bad)
		print_error("cd %u -> %u: bad state after store %u\n", from, to,
			    o->first_bad_store);
	assert_int_equal(o->bad, 0);
	assert_memory_equal(live, cds[to].qw, sizeof(live));
	assert_int_equal(res->syncs, o->syncs);
	for (s = 0; s < o->syncs; s++) {
		/* CFGI_CD (0x05) per SID, SSID 3 at [31:12], Leaf = 1 */
		assert_int_equal(o->ncmds[s], 2);
		for (i = 0; i < 2; i++) {
			assert_int_equal(cmd_op(&o->cmds[s][i]), 0x05);
			assert_int_equal(cmd_sid(&o->cmds[s][i]), sids[i]);
			assert_true(((o->cmds[s][i].dw[0] >> 12) & 0xfffff) ==
				    3);
			assert_true(o->cmds[s][i].dw[1] == 1);
		}
	}
}

static void test_cd_expected(void **state)
{
	struct smmuv3_write_result res;
	struct observer o;
	unsigned int i;

	(void)state;
	build_cds();
	cd_observer(&o);
	for (i = 0; i < C_COUNT; i++) {
		struct mdl_cd d;

		if (i != C_ZERO)
			assert_int_equal(obs_decode_cd(&o, cds[i].qw, &d), 0);
	}
	for (i = 0; i < sizeof(cd_expect) / sizeof(cd_expect[0]); i++) {
		run_cd_pair(&o, cd_expect[i].from, cd_expect[i].to,
			    !cd_expect[i].hitless, &res);
		if (res.hitless != cd_expect[i].hitless ||
		    res.syncs != cd_expect[i].syncs)
			print_error("cd %u -> %u: hitless %d syncs %u\n",
				    cd_expect[i].from, cd_expect[i].to,
				    res.hitless, res.syncs);
		assert_int_equal(res.hitless, cd_expect[i].hitless);
		assert_int_equal(res.syncs, cd_expect[i].syncs);
	}
}

static void test_cd_all_pairs(void **state)
{
	struct smmuv3_write_result res;
	struct observer o;
	unsigned int a, b;

	(void)state;
	build_cds();
	cd_observer(&o);
	for (a = 0; a < C_COUNT; a++) {
		for (b = 0; b < C_COUNT; b++) {
			run_cd_pair(&o, a, b, true, &res);
			if (res.hitless)
				run_cd_pair(&o, a, b, false, &res);
			else
				assert_int_equal(res.syncs, 3);
		}
	}
}

static void test_cd_write_errors(void **state)
{
	struct smmuv3_write_result res;
	uint32_t sids[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct observer o;
	uint64_t live[8];

	(void)state;
	build_cds();
	cd_observer(&o);
	memcpy(live, cds[C_ZERO].qw, sizeof(live));
	obs_begin(&o, live, cds[C_A].qw, false);
	assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, &o, sids, 9, 0, live,
					 &cds[C_A], &res),
			 SMMUV3_E2BIG);
	assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, &o, sids, 0, 0, live,
					 &cds[C_A], &res),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, &o, sids, 1, 1u << 20,
					 live, &cds[C_A], &res),
			 SMMUV3_ERANGE);
	assert_int_equal(o.stores, 0);

	/* invalid -> C_A is 2 syncs; the last fails, the repeat re-issues
	 * CFGI_CD for every stream (one sync, no store) */
	obs_begin(&o, live, cds[C_A].qw, false);
	o.fail_sync_at = 2;
	assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, &o, sids, 2, 3, live,
					 &cds[C_A], &res),
			 SMMUV3_ETIMEDOUT);
	assert_int_equal(o.bad, 0);
	assert_memory_equal(live, cds[C_A].qw, sizeof(live));
	obs_begin(&o, live, cds[C_A].qw, false);
	assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, &o, sids, 2, 3, live,
					 &cds[C_A], &res),
			 0);
	assert_int_equal(o.stores, 0);
	assert_int_equal(o.syncs, 1);
	assert_int_equal(o.ncmds[0], 2);
	assert_int_equal(cmd_op(&o.cmds[0][0]), 0x05);
	assert_int_equal(cmd_sid(&o.cmds[0][1]), 2);
}

/* ------------------------------------------------------------------ */
/* Tables, walked by the model (hosted port: PA == VA)                 */

static int host_read64(void *ctx, uint64_t pa, uint64_t *val)
{
	(void)ctx;
	*val = *(const uint64_t *)(uintptr_t)pa;
	return 0;
}

static int host_write64(void *ctx, uint64_t pa, uint64_t val)
{
	(void)ctx;
	*(uint64_t *)(uintptr_t)pa = val;
	return 0;
}

static const struct mdl_mem host_mem = {host_read64, host_write64, NULL};

static void test_strtab_model(void **state)
{
	struct smmuv3_write_result res;
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_strtab st;
	struct mdl_fault f;
	struct mdl_ste d, want;
	struct observer o;
	uint64_t *live;
	unsigned int two;

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	for (two = 0; two < 2; two++) {
		caps.strtab_2lvl = two;
		caps.strtab_split = 8;
		caps.strtab_l1_entries = 256;
		caps.strtab_log2size = 16;
		caps.sid_bits = 16;
		if (!two) {
			caps.sid_bits = 12;
			caps.strtab_log2size = 12;
		}
		assert_int_equal(smmuv3_strtab_init(&st, &caps, &osal, false),
				 0);
		if (two) {
			/* no L2 table yet: the SID is not covered */
			assert_int_equal(
				mdl_ste_fetch(&host_mem, &o.p,
					      smmuv3_strtab_base_reg(&st),
					      smmuv3_strtab_base_cfg(&st),
					      0x345, &d, &f),
				MDL_EVT_C_BAD_STREAMID);
		}
		assert_int_equal(smmuv3_strtab_get(&st, 0x345, &live), 0);
		/* a fresh entry is abort */
		assert_int_equal(mdl_ste_fetch(&host_mem, &o.p,
					       smmuv3_strtab_base_reg(&st),
					       smmuv3_strtab_base_cfg(&st),
					       0x345, &d, &f),
				 0);
		assert_true(d.valid && d.config == MDL_STE_CFG_ABORT);
		/* the SID beside it, in the same L2 table, too */
		assert_int_equal(mdl_ste_fetch(&host_mem, &o.p,
					       smmuv3_strtab_base_reg(&st),
					       smmuv3_strtab_base_cfg(&st),
					       0x300, &d, &f),
				 0);
		assert_true(d.valid && d.config == MDL_STE_CFG_ABORT);
		/* the writer's result is what the model finds for the SID */
		obs_begin(&o, live, corpus[E_NEST].qw, false);
		assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 0x345,
						  live, &corpus[E_NEST], &res),
				 0);
		assert_int_equal(mdl_ste_fetch(&host_mem, &o.p,
					       smmuv3_strtab_base_reg(&st),
					       smmuv3_strtab_base_cfg(&st),
					       0x345, &d, &f),
				 0);
		assert_int_equal(obs_decode_ste(&o, corpus[E_NEST].qw, &want),
				 0);
		memset(d.raw, 0, sizeof(d.raw));
		memset(want.raw, 0, sizeof(want.raw));
		assert_memory_equal(&d, &want, sizeof(d));
		smmuv3_strtab_fini(&st);
	}
	obs_caps(&caps);
	assert_true(h.n_alloc == h.n_free);
	smmuv3_hosted_fini(&h);
}

static void test_cdtab_model(void **state)
{
	static const uint32_t sids[1] = {4};
	struct smmuv3_write_result res;
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;
	struct smmuv3_cdtab cdt;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste ste;
	struct mdl_fault f;
	struct mdl_ste ds;
	struct mdl_cd dc, want;
	struct observer o;
	uint64_t *live;
	bool byp;
	unsigned int i;
	static const uint8_t bits[2] = {6, 14};
	static const uint32_t ssid[2] = {0x2a, 0x2c05};

	(void)state;
	build_cds();
	assert_int_equal(smmuv3_hosted_init(&h, NULL, &osal), 0);
	for (i = 0; i < 2; i++) {
		cd_observer(&o);
		assert_int_equal(smmuv3_cdtab_init(&cdt, &caps, &osal, bits[i]),
				 0);
		memset(&s1, 0, sizeof(s1));
		smmuv3_cdtab_ste_s1(&cdt, &s1);
		s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
		s1.cir = s1.cor = 1;
		s1.csh = 3;
		assert_int_equal(smmuv3_ste_build_s1(&caps, &s1,
						     SMMUV3_STE_F_STALL, &ste),
				 0);
		assert_int_equal(obs_decode_ste(&o, ste.qw, &ds), 0);
		o.cd_ste = ds;
		assert_int_equal(smmuv3_cdtab_get(&cdt, &caps, &obs_ops, &o,
						  sids, 1, ssid[i], &live),
				 0);
		/* a new L2 table costs one sync (CFGI_CD leaf 0) */
		assert_int_equal(o.syncs, i);
		obs_begin(&o, live, cds[C_A].qw, false);
		assert_int_equal(smmuv3_cd_write(&caps, &obs_ops, &o, sids, 1,
						 ssid[i], live, &cds[C_A],
						 &res),
				 0);
		assert_int_equal(mdl_cd_fetch(&host_mem, &o.p, &ds, true,
					      ssid[i], &dc, &byp, &f),
				 0);
		assert_int_equal(obs_decode_cd(&o, cds[C_A].qw, &want), 0);
		memset(dc.raw, 0, sizeof(dc.raw));
		memset(want.raw, 0, sizeof(want.raw));
		assert_memory_equal(&dc, &want, sizeof(dc));
		/* another SSID of the table is still invalid */
		assert_int_not_equal(mdl_cd_fetch(&host_mem, &o.p, &ds, true,
						  ssid[i] + 1, &dc, &byp, &f),
				     0);
		smmuv3_cdtab_fini(&cdt);
	}
	assert_true(h.n_alloc == h.n_free);
	smmuv3_hosted_fini(&h);
}

/*
 * SHCFG in nested STEs. IHI 0070 13.5 gives the output Shareability of
 * stage 1 + stage 2 as Combine(S1_TTD.SH, S2_TTD.SH), without STE.SHCFG;
 * traffic that skips stage 1 through S1DSS = bypass is stage-2-only for
 * which it is Combine(STE.SHCFG, S2_TTD.SH). So a nested STE uses SHCFG
 * only with S1CDMAX != 0 and S1DSS = bypass: the builder sets it ("use
 * incoming") only then, the writer refuses a target setting it otherwise,
 * and the model (an independent reading) agrees bit for bit.
 */
static void test_nested_shcfg(void **state)
{
	const uint64_t shcfg = 3ull << 44, incoming = 1ull << 44;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_ste nest, byp, used, bad;
	struct mdl_ste d0, d1;
	struct observer o;
	uint64_t live[8] __attribute__((aligned(64)));
	uint64_t f[8];

	(void)state;
	build_corpus();
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	assert_true(caps.features & SMMUV3_FEAT_ATTR_TYPES_OVR);
	s2_desc(&s2, 1, T1);
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_SSID0);
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, 0, &nest), 0);
	s1_desc(&s1, X, 0, 4, SMMUV3_STE_S1DSS_BYPASS);
	assert_int_equal(smmuv3_ste_build_nested(&caps, &s1, &s2, 0, &byp), 0);
	/* Builder: 0 (ignored) with SSID0, "incoming" with S1DSS bypass. */
	assert_true((nest.qw[1] & shcfg) == 0);
	assert_true((byp.qw[1] & shcfg) == incoming);
	smmuv3_ste_used(&nest, &used);
	assert_true((used.qw[1] & shcfg) == 0);
	smmuv3_ste_used(&byp, &used);
	assert_true((used.qw[1] & shcfg) == shcfg);
	/* The model: SHCFG changes nothing in the first, matters in the
	 * second (a stage-2-only path for SSID-less traffic). */
	memcpy(f, nest.qw, sizeof(f));
	assert_int_equal(obs_decode_ste(&o, f, &d0), 0);
	f[1] |= incoming;
	assert_int_equal(obs_decode_ste(&o, f, &d1), 0);
	memset(d0.raw, 0, sizeof(d0.raw));
	memset(d1.raw, 0, sizeof(d1.raw));
	assert_memory_equal(&d0, &d1, sizeof(d0));
	memcpy(f, byp.qw, sizeof(f));
	assert_int_equal(obs_decode_ste(&o, f, &d0), 0);
	f[1] &= ~shcfg;
	assert_int_equal(obs_decode_ste(&o, f, &d1), 0);
	memset(d0.raw, 0, sizeof(d0.raw));
	memset(d1.raw, 0, sizeof(d1.raw));
	assert_memory_not_equal(&d0, &d1, sizeof(d0));
	/* The writer refuses an ignored SHCFG in a target: nothing stored. */
	bad = nest;
	bad.qw[1] |= incoming;
	memcpy(live, corpus[E_S2].qw, sizeof(live));
	obs_begin(&o, live, corpus[E_S2].qw, false);
	assert_int_equal(smmuv3_ste_write(&caps, &obs_ops, &o, 0x42, live, &bad,
					  NULL),
			 SMMUV3_EINVAL);
	assert_memory_equal(live, corpus[E_S2].qw, sizeof(live));
	assert_int_equal(o.syncs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_legal),
		cmocka_unit_test(test_ste_expected),
		cmocka_unit_test(test_ste_all_pairs),
		cmocka_unit_test(test_ste_all_pairs_predicted),
		cmocka_unit_test(test_nested_shcfg),
		cmocka_unit_test(test_wrong_sequence_caught),
		cmocka_unit_test(test_ste_write_errors),
		cmocka_unit_test(test_cd_expected),
		cmocka_unit_test(test_cd_all_pairs),
		cmocka_unit_test(test_cd_write_errors),
		cmocka_unit_test(test_strtab_model),
		cmocka_unit_test(test_cdtab_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
