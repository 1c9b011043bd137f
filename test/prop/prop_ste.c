// SPDX-License-Identifier: BSD-2-Clause
/*
 * Property test of the hitless writer: random pairs of STEs and of CDs,
 * drawn from the builders with small value sets (so that many pairs differ
 * in one or two fields), are written under the model-based observer. For
 * every pair: every state the SMMU can read behaves as the old or the new
 * entry (or, when the writer reports a non-hitless update, aborts); the
 * final entry is the target; 1 to 3 syncs, exactly 3 when not hitless; a
 * non-hitless update changes at least two words; writing the same target
 * again stores nothing and issues exactly one sync (so that a repeat after
 * a failed last sync re-invalidates). Every
 * generated entry must also be legal for the model (a builder property).
 * Fixed seed (override with argv[1]) so failures reproduce.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_ste_observer.c"

static uint64_t rng_state = 0x5eed5eed12345678ull;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static struct smmuv3_caps caps;

static void rand_ste(struct smmuv3_ste *e)
{
	static const uint64_t tabs[] = {0x80000000ull, 0x80100000ull};
	static const uint64_t ttbs[] = {0x90000000ull, 0x90200000ull};
	static const uint8_t sh[] = {0, 2, 3};
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_ste_attr a;
	uint32_t flags;
	unsigned int kind;
	int err;

	do {
		kind = pick(5);
		flags = (uint32_t)pick(16);
		memset(&s1, 0, sizeof(s1));
		s1.cdtab = tabs[pick(2)];
		s1.s1cdmax = (uint8_t)(pick(3) * 6); /* 0, 6, 12 */
		s1.s1fmt = s1.s1cdmax ? (uint8_t)(pick(2) * 2) : 0;
		s1.s1dss =
			s1.s1cdmax ? (uint8_t)pick(3) : SMMUV3_STE_S1DSS_SSID0;
		s1.cir = (uint8_t)pick(2);
		s1.cor = 1;
		s1.csh = sh[pick(3)];
		memset(&s2, 0, sizeof(s2));
		s2.vmid = (uint16_t)(1 + pick(2));
		s2.t0sz = (uint8_t)(24 + pick(2));
		s2.sl0 = 1;
		s2.irgn = s2.orgn = (uint8_t)pick(2);
		s2.sh = 3;
		s2.ps = 5;
		s2.ttb = ttbs[pick(2)];
		s2.aa64 = true;
		s2.record = pick(2);
		s2.affd = pick(2);
		s2.fwb = pick(2);
		switch (kind) {
		case 0:
			err = smmuv3_ste_build_abort(e);
			break;
		case 1:
			memset(&a, 0, sizeof(a));
			a.shcfg = (uint8_t)(pick(2) ? 1 : 3);
			a.mtcfg = pick(2);
			a.memattr = a.mtcfg ? (uint8_t)pick(16) : 0;
			a.privcfg = (uint8_t)(pick(2) * 2);
			err = smmuv3_ste_build_bypass(&caps,
						      pick(2) ? &a : NULL, e);
			break;
		case 2:
			err = smmuv3_ste_build_s1(&caps, &s1, flags, e);
			break;
		case 3:
			err = smmuv3_ste_build_s2(&caps, &s2, flags, e);
			break;
		default:
			err = smmuv3_ste_build_nested(&caps, &s1, &s2, flags,
						      e);
			break;
		}
	} while (err);
}

static void rand_cd(struct smmuv3_cd *cd)
{
	struct smmuv3_cd_cfg c;

	if (pick(6) == 0) {
		memset(cd, 0, sizeof(*cd));
		return;
	}
	memset(&c, 0, sizeof(c));
	c.asid = (uint16_t)(1 + pick(2));
	c.epd0 = pick(4) == 0;
	if (!c.epd0) {
		c.ttb0 = pick(2) ? 0xa0000000ull : 0xa0400000ull;
		c.t0sz = (uint8_t)(16 + pick(2) * 9);
		c.irgn0 = c.orgn0 = 1;
		c.sh0 = 3;
	}
	c.ips = 5;
	c.mair = pick(2) ? 0xff0400ull : 0x44ull;
	c.aa64 = c.abort = true;
	c.record = pick(2);
	c.aset = pick(2);
	/* what a caller must choose on this SMMU (IHI 0070 5.5) */
	c.stall = (caps.features & SMMUV3_FEAT_STALL_FORCE) ||
		  ((caps.features & SMMUV3_FEAT_STALLS) && pick(2));
	c.ha = pick(2);
	c.hd = c.ha && pick(2);
	assert_int_equal(smmuv3_cd_build(&caps, &c, cd), 0);
}

static unsigned int words_differ(const uint64_t *a, const uint64_t *b)
{
	unsigned int i, n = 0;

	for (i = 0; i < 8; i++)
		n += a[i] != b[i];
	return n;
}

#define PAIRS 20000
/* pairs on each SMMU variant other than the full one */
#define PAIRS_VARIANT 3000

static void check_pair(struct observer *o, const uint64_t *from,
		       const uint64_t *to, bool cd, unsigned int *nhitless)
{
	static const uint32_t sids[1] = {7};
	uint64_t live[8] __attribute__((aligned(64)));
	struct smmuv3_write_result res;
	unsigned int pass;
	int err;

	for (pass = 0; pass < 2; pass++) {
		memcpy(live, from, sizeof(live));
		/* pass 0 allows abort; pass 1 re-checks a hitless claim */
		obs_begin(o, live, to, pass == 0);
		if (cd)
			err = smmuv3_cd_write(
				&caps, &obs_ops, o, sids, 1, 1, live,
				(const struct smmuv3_cd *)to, &res);
		else
			err = smmuv3_ste_write(&caps, &obs_ops, o, 7, live,
					       (const struct smmuv3_ste *)to,
					       &res);
		assert_int_equal(err, 0);
		assert_int_equal(o->bad, 0);
		assert_memory_equal(live, to, sizeof(live));
		assert_true(res.syncs >= 1 && res.syncs <= 3);
		assert_true((res.stores == 0) == (words_differ(from, to) == 0));
		if (!res.hitless) {
			assert_int_equal(res.syncs, 3);
			assert_true(words_differ(from, to) >= 2);
			break;
		}
	}
	if (res.hitless)
		(*nhitless)++;
	/* writing the target again: no store, one sync */
	obs_begin(o, live, to, false);
	if (cd)
		err = smmuv3_cd_write(&caps, &obs_ops, o, sids, 1, 1, live,
				      (const struct smmuv3_cd *)to, &res);
	else
		err = smmuv3_ste_write(&caps, &obs_ops, o, 7, live,
				       (const struct smmuv3_ste *)to, &res);
	assert_int_equal(err, 0);
	assert_int_equal(res.syncs, 1);
	assert_int_equal(o->syncs, 1);
	assert_int_equal(res.stores, 0);
}

static void prop_ste_pairs(void **state)
{
	struct smmuv3_ste a, b;
	struct observer o;
	struct mdl_ste d;
	unsigned int i, v, n, hitless;

	(void)state;
	for (v = 0; v < OBS_NVARIANTS; v++) {
		memset(&o, 0, sizeof(o));
		obs_variant(v, &o.p, &caps);
		n = v == OBS_V_FULL ? PAIRS : PAIRS_VARIANT;
		hitless = 0;
		for (i = 0; i < n; i++) {
			rand_ste(&a);
			rand_ste(&b);
			assert_int_equal(obs_decode_ste(&o, a.qw, &d), 0);
			assert_int_equal(obs_decode_ste(&o, b.qw, &d), 0);
			check_pair(&o, a.qw, b.qw, false, &hitless);
		}
		/* the generator must produce both kinds of update */
		assert_true(hitless > n / 10 && hitless < n);
	}
}

static void prop_cd_pairs(void **state)
{
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste ste;
	struct smmuv3_cd a, b;
	struct observer o;
	struct mdl_cd d;
	unsigned int i, v, n, hitless;

	(void)state;
	for (v = 0; v < OBS_NVARIANTS; v++) {
		memset(&o, 0, sizeof(o));
		obs_variant(v, &o.p, &caps);
		o.cd = true;
		memset(&s1, 0, sizeof(s1));
		s1.cdtab = 0x80000000ull;
		s1.s1cdmax = 4;
		s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
		s1.cir = s1.cor = 1;
		s1.csh = 3;
		assert_int_equal(
			smmuv3_ste_build_s1(
				&caps, &s1,
				obs_flags(&caps, SMMUV3_STE_F_STALL, false),
				&ste),
			0);
		assert_int_equal(obs_decode_ste(&o, ste.qw, &o.cd_ste), 0);
		n = v == OBS_V_FULL ? PAIRS : PAIRS_VARIANT;
		hitless = 0;
		for (i = 0; i < n; i++) {
			rand_cd(&a);
			rand_cd(&b);
			if (a.qw[0])
				assert_int_equal(obs_decode_cd(&o, a.qw, &d),
						 0);
			check_pair(&o, a.qw, b.qw, true, &hitless);
		}
		assert_true(hitless > n / 10 && hitless < n);
	}
}

/*
 * The used-bits functions are a superset of what the model reads: flipping
 * any bit they call unused never changes the model's decode. (The writer
 * relies on this direction: a bit wrongly called unused would be written
 * while the SMMU still reads it.)
 */
static void prop_used_superset(void **state)
{
	struct smmuv3_ste e, u, f;
	struct smmuv3_cd c, cu, cf;
	struct observer o;
	struct mdl_ste d0, d1;
	struct mdl_cd c0, c1;
	unsigned int i, bit;

	(void)state;
	obs_caps(&caps);
	memset(&o, 0, sizeof(o));
	obs_params(&o.p);
	for (i = 0; i < 1000; i++) {
		rand_ste(&e);
		smmuv3_ste_used(&e, &u);
		assert_int_equal(obs_decode_ste(&o, e.qw, &d0), 0);
		memset(d0.raw, 0, sizeof(d0.raw));
		for (bit = 0; bit < 512; bit++) {
			if (u.qw[bit / 64] & (1ull << (bit % 64)))
				continue;
			f = e;
			f.qw[bit / 64] ^= 1ull << (bit % 64);
			(void)obs_decode_ste(&o, f.qw, &d1);
			memset(d1.raw, 0, sizeof(d1.raw));
			if (memcmp(&d0, &d1, sizeof(d0)))
				print_error("STE %016llx: bit %u used\n",
					    (unsigned long long)e.qw[0], bit);
			assert_memory_equal(&d0, &d1, sizeof(d0));
		}
	}
	o.cd = true;
	for (i = 0; i < 1000; i++) {
		rand_cd(&c);
		smmuv3_cd_used(&c, &cu);
		(void)obs_decode_cd(&o, c.qw, &c0);
		memset(c0.raw, 0, sizeof(c0.raw));
		for (bit = 0; bit < 512; bit++) {
			if (cu.qw[bit / 64] & (1ull << (bit % 64)))
				continue;
			cf = c;
			cf.qw[bit / 64] ^= 1ull << (bit % 64);
			(void)obs_decode_cd(&o, cf.qw, &c1);
			memset(c1.raw, 0, sizeof(c1.raw));
			if (memcmp(&c0, &c1, sizeof(c0)))
				print_error("CD %016llx: bit %u used\n",
					    (unsigned long long)c.qw[0], bit);
			assert_memory_equal(&c0, &c1, sizeof(c0));
		}
	}
}

/* A few addresses: aligned low ones and single high bits (32 .. 51). */
static uint64_t rand_addr(uint64_t base, uint64_t align)
{
	if (pick(2))
		return base + align * pick(4);
	return 1ull << (32 + pick(20));
}

/* Random raw inputs over (and just beyond) each field's range. */
static int rand_build(unsigned int kind, struct smmuv3_ste *e,
		      struct smmuv3_cd *cd)
{
	struct smmuv3_ste_attr a;
	struct smmuv3_ste_s1 s1;
	struct smmuv3_ste_s2 s2;
	struct smmuv3_cd_cfg c;
	uint32_t flags = (uint32_t)pick(16);

	/* a caller's flags half of the time, so that each kind builds */
	if (pick(2))
		flags = obs_flags(&caps, flags & ~SMMUV3_STE_F_EL2, kind >= 2);

	memset(&s1, 0, sizeof(s1));
	s1.cdtab = rand_addr(0x80000000ull, 32);
	s1.s1fmt = (uint8_t)(pick(2) ? 0 : pick(4));
	s1.s1cdmax = (uint8_t)(pick(2) ? 0 : pick(24));
	s1.s1dss = (uint8_t)(pick(2) ? SMMUV3_STE_S1DSS_SSID0 : pick(4));
	s1.cir = (uint8_t)pick(4);
	s1.cor = (uint8_t)pick(4);
	s1.csh = (uint8_t)pick(4);
	memset(&s2, 0, sizeof(s2));
	s2.vmid = (uint16_t)pick(4);
	/* half of the time near the usual sizes (4K, SL0 1: 31..43 bits) */
	s2.t0sz = (uint8_t)(pick(2) ? 21 + pick(13) : pick(64));
	s2.sl0 = (uint8_t)(pick(2) ? 1 : pick(4));
	s2.irgn = (uint8_t)pick(4);
	s2.orgn = (uint8_t)pick(4);
	s2.sh = (uint8_t)pick(4);
	s2.tg = (uint8_t)(pick(2) ? 0 : pick(4));
	s2.ps = (uint8_t)pick(8);
	s2.ttb = rand_addr(0x90000000ull, 8);
	s2.aa64 = pick(8) != 0;
	s2.endi = pick(8) == 0;
	s2.affd = pick(2);
	s2.ptw = pick(2);
	s2.record = pick(2);
	s2.fwb = pick(2);
	switch (kind) {
	case 0:
		memset(&a, 0, sizeof(a));
		a.mtcfg = pick(2);
		a.memattr = (uint8_t)(pick(2) ? pick(16) : 0);
		a.alloccfg = (uint8_t)(pick(2) ? pick(16) : 0);
		a.shcfg = (uint8_t)pick(4);
		a.privcfg = (uint8_t)pick(4);
		a.instcfg = (uint8_t)pick(4);
		return smmuv3_ste_build_bypass(&caps, pick(4) ? &a : NULL, e);
	case 1:
		return smmuv3_ste_build_s1(&caps, &s1, flags, e);
	case 2:
		return smmuv3_ste_build_s2(&caps, &s2, flags, e);
	case 3:
		return smmuv3_ste_build_nested(&caps, &s1, &s2, flags, e);
	default:
		memset(&c, 0, sizeof(c));
		c.asid = (uint16_t)rnd();
		c.epd0 = pick(4) == 0;
		if (!c.epd0 || pick(2)) {
			c.ttb0 = rand_addr(0xa0000000ull, 8);
			c.t0sz = (uint8_t)pick(64);
			c.tg0 = (uint8_t)pick(4);
			c.irgn0 = (uint8_t)pick(4);
			c.orgn0 = (uint8_t)pick(4);
			c.sh0 = (uint8_t)pick(4);
		}
		c.ips = (uint8_t)pick(8);
		c.mair = rnd();
		c.aa64 = pick(8) != 0;
		c.endi = pick(8) == 0;
		c.stall = pick(2);
		c.record = pick(2);
		c.abort = pick(2);
		c.aset = pick(2);
		c.ha = pick(2);
		c.hd = pick(2);
		return smmuv3_cd_build(&caps, &c, cd);
	}
}

/*
 * Every builder output is legal for the model, on every SMMU variant: for
 * random raw inputs, a builder that returns 0 produced an STE (or CD) the
 * model's decoder accepts. Each kind must succeed now and then, so the
 * property is not vacuous.
 */
static void prop_builders_legal(void **state)
{
	struct smmuv3_ste e;
	struct smmuv3_cd cd;
	struct mdl_params p;
	struct mdl_fault f;
	struct mdl_ste d;
	struct mdl_cd dc;
	unsigned int v, i, kind, ok[5];
	int rc;

	(void)state;
	for (v = 0; v < OBS_NVARIANTS; v++) {
		obs_variant(v, &p, &caps);
		memset(ok, 0, sizeof(ok));
		for (i = 0; i < 60000; i++) {
			kind = pick(5);
			if (rand_build(kind, &e, &cd))
				continue;
			ok[kind]++;
			if (kind == 4)
				rc = mdl_cd_decode(&p, NULL, cd.qw, &dc, &f);
			else
				rc = mdl_ste_decode(&p, e.qw, &d, &f);
			if (rc)
				print_error(
					"variant %u kind %u: model %d for "
					"%016llx %016llx %016llx %016llx\n",
					v, kind, rc,
					(unsigned long long)(kind == 4
								     ? cd.qw[0]
								     : e.qw[0]),
					(unsigned long long)(kind == 4
								     ? cd.qw[1]
								     : e.qw[1]),
					(unsigned long long)(kind == 4
								     ? cd.qw[2]
								     : e.qw[2]),
					(unsigned long long)(kind == 4
								     ? cd.qw[3]
								     : e.qw[3]));
			assert_int_equal(rc, 0);
		}
		for (kind = 0; kind < 5; kind++) {
			if (ok[kind] < 20)
				print_error("variant %u kind %u: %u built\n", v,
					    kind, ok[kind]);
			assert_true(ok[kind] >= 20);
		}
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prop_ste_pairs),
		cmocka_unit_test(prop_cd_pairs),
		cmocka_unit_test(prop_used_superset),
		cmocka_unit_test(prop_builders_legal),
	};

	if (argc > 1)
		rng_state = strtoull(argv[1], NULL, 0) | 1u;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
