// SPDX-License-Identifier: BSD-2-Clause
/*
 * TLB and ATC invalidation planner and gather (IHI 0070 4.4, 4.5.1).
 *
 * Validate once, plan fast: smmuv3_tlbi_prepare() checks everything that
 * belongs to the domain (regime, ASID/VMID, granule, ATS targets) against
 * the capabilities and precomputes the command words; the per-range path
 * checks only the range and builds the 128-bit commands directly (the
 * values are known valid, so smmuv3_cmd_encode()'s checks would only
 * repeat the setup's). Descriptors, when asked for, are unpacked from the
 * same words, so every output form carries the same commands.
 *
 * All address arithmetic is done in translation-granule pages ("pages"):
 * page numbers are below 2^52 (2^64 >> 12), so sums of a page number and a
 * command's page count (at most 32 << 39 = 2^44) never overflow 64 bits.
 * The arithmetic core (range_split, range_single, count_to_num_scale) is
 * small pure functions so that it can be proved on its own. No 64-bit
 * division: the granule and every stride are powers of two (shifts).
 */
#include <smmuv3/smmuv3.h>

#include "internal.h"

/* IHI 0070 4.4.1.1: a range command covers (NUM + 1) * 2^SCALE granules. */
#define NUM_COUNT_MAX 32u        /* NUM is 5 bits: NUM + 1 <= 32 */
#define SCALE_MAX_5BIT 31u       /* SCALE [24:20] when IDR5.DS == 0 */
#define SCALE_MAX_DS 39u         /* SCALE [25:20], values > 39 act as 39 */
#define ATC_SIZE_ALL 52u         /* IHI 0070 4.5.1: Size 52 = 2^64 bytes */
#define S2_IPA_BITS 52u          /* CMD_TLBI_S2_IPA carries IPA[51:12] */

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define ALWAYS_INLINE inline
#define NOINLINE
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

/*
 * The compact build keeps helpers called at several sites out of line
 * (SMALL_NOINLINE); the fast build keeps the general path out of the fast
 * one (SLOW_NOINLINE), which the compact build does not have, and
 * specializes shared bodies for each caller (FAST_INLINE).
 */
#if SMMUV3_SMALL
#define SMALL_NOINLINE NOINLINE
#define SLOW_NOINLINE
#define FAST_INLINE
#else
#define SMALL_NOINLINE
#define SLOW_NOINLINE NOINLINE
#define FAST_INLINE ALWAYS_INLINE
#endif

/* A run of translation-granule pages. */
struct span {
	uint64_t start;
	uint64_t count;
};

/* Where the commands go: encoded words, descriptors or a sink. */
struct out {
	struct smmuv3_cmd *enc;
	struct smmuv3_cmd_desc *desc;
	int (*sink)(void *ctx, const struct smmuv3_cmd *c);
	void *sink_ctx;
	size_t cap;
	size_t n;
};

/* The range, checked, in pages. */
struct rng {
	uint64_t start;     /* first page */
	uint64_t npages;    /* pages in the range (> 0) */
	uint64_t w1;        /* dw1 bits common to the sized TLBIs (Leaf) */
	uint64_t blk_mask;  /* pages per leaf block - 1 */
	unsigned int blk_log2; /* log2 pages per leaf block */
	uint8_t ttl;        /* TTL hint candidate (0: none) */
	bool leaf_only;
};

/* log2 of the granule (a valid one): SMMUV3_GRANULE_4K/16K/64K are 0/1/2. */
_Static_assert(SMMUV3_GRANULE_4K == 0 && SMMUV3_GRANULE_16K == 1 &&
		       SMMUV3_GRANULE_64K == 2 &&
		       SMMUV3_FEAT_GRAN16K == SMMUV3_FEAT_GRAN4K << 1 &&
		       SMMUV3_FEAT_GRAN64K == SMMUV3_FEAT_GRAN4K << 2,
	       "granule_shift(), leaf_tab[] and the granule features index "
	       "by the granule");
static unsigned int granule_shift(enum smmuv3_granule g)
{
	return 12u + 2u * (unsigned int)g;
}

/*
 * Smallest SCALE such that one command (NUM + 1 <= 32) can reach @n >= 1
 * pages: 32 << s >= n, i.e. ((n - 1) >> 5) < 2^s.
 */
static unsigned int min_scale(uint64_t n)
{
	/*
	 * fls64(v) for v = (n - 1) >> 5 without a branch on v == 0 (most
	 * ranges are short): fls64(2v + 1) - 1 == fls64(v) for every v, and
	 * 2v + 1 == ((n - 1) >> 4) | 1, which is never 0.
	 */
	uint64_t w = ((n - 1u) >> 4) | 1u;

	/* Proof steps (ACSL; p2, odd_up: proofs/, docs/proofs.md). */
	/*@ assert ((n - 1) >> 4) == (n - 1) / p2(4); */
	/*@ assert w == odd_up((n - 1) / 16); */
	return 63u - (unsigned int)__builtin_clzll(w);
}

/*
 * NUM/SCALE for exactly @count pages, or false if no encoding exists with
 * SCALE <= @max_scale. Using the largest usable scale that divides @count
 * keeps NUM + 1 as small as possible.
 */
static bool count_to_num_scale(uint64_t count, unsigned int max_scale,
			       unsigned int *num, unsigned int *scale)
{
	unsigned int s;
	uint64_t q;

	if (count == 0)
		return false;
	s = smmuv3_ctz64(count);
	if (s > max_scale)
		s = max_scale;
	q = count >> s;
	/* Proof steps (ACSL; p2: proofs/pow2.h, docs/proofs.md). */
	/*@ assert q == count / p2(s); */
	/*@ assert q * p2(s) <= count; */
	/*@ assert (q << s) == q * p2(s); */
	/*@ assert enc_div: encodable(count, max_scale) ==> count % p2(s) == 0; */
	/*@ assert enc_ks: \forall integer k; 0 <= k <= max_scale &&
	                   count % p2(k) == 0 ==> k <= s; */
	/*@ assert enc_le: encodable(count, max_scale) ==> q <= 32; */
	/*@ assert enc_eq: encodable(count, max_scale) ==> q * p2(s) == count; */
	if (q > NUM_COUNT_MAX || (q << s) != count)
		return false;
	/*@ assert q * p2(s) == count; */
	/*@ assert 1 <= q <= 32; */
	/*@ assert (unsigned int)q == q; */
	*num = (unsigned int)q - 1u;
	*scale = s;
	return true;
}

/*
 * Split @n >= 1 pages starting at @start into at most two exact spans.
 * Returns the number of spans, or 0 when two commands cannot cover the
 * range (more than twice the largest command).
 *
 * The first span starts at @start with the largest count below @n that one
 * command can express at the smallest sufficient scale k ((n >> k) << k,
 * which is @n itself whenever one command can be exact). The remainder r
 * (< 2^k, or <= the largest command when k was capped) is covered by a span
 * that ends at the last page and is rounded up to its own scale; it is never
 * longer than the first span, so it starts inside the range and any excess
 * overlaps the first span, never the outside.
 */
static size_t range_split(uint64_t start, uint64_t n, unsigned int max_scale,
			  struct span sp[2])
{
	uint64_t big = (uint64_t)NUM_COUNT_MAX << max_scale;
	unsigned int k = min_scale(n);
	uint64_t c1, r, c2;

	/*
	 * Proof steps (ACSL; p2: proofs/pow2.h, docs/proofs.md). Two cases:
	 * "fit" (n <= 32 * 2^k: k is min_scale(n), c1 = (n >> k) << k, the
	 * remainder is below 2^k) and "cap" (k == max_scale, c1 is the
	 * largest command). Each count is m * 2^s with m <= 32, s <= max_scale
	 * (m1, k; m2, k below).
	 */
	/*@ assert big == 32 * p2(max_scale); */
	if (k > max_scale)
		k = max_scale;
	/*@ assert fit_lo: 0 < k && n <= 32 * p2(k) ==> 16 * p2(k) < n; */
	/*@ assert cap: 32 * p2(k) < n ==> k == max_scale; */
	c1 = n >> k;
	/*@ assert c1 == n / p2(k); */
	/*@ assert n == p2(k) * c1 + n % p2(k) && 0 <= n % p2(k) < p2(k); */
	/*@ assert n <= 32 * p2(k) ==> c1 <= 32; */
	/*@ assert c1 <= 31 ==> p2(k) * c1 <= 31 * p2(k); */
	/*@ assert n > 32 * p2(k) ==> c1 >= 32; */
	/*@ assert c1 <= 15 ==> p2(k) * c1 <= 15 * p2(k); */
	/*@ assert 0 < k && n <= 32 * p2(k) ==> c1 >= 16; */
	if (c1 > NUM_COUNT_MAX)
		c1 = NUM_COUNT_MAX;
	/*@ ghost uint64_t m1 = c1; */
	/*@ assert 1 <= m1 <= 32; */
	/*@ assert m1 * p2(k) <= n; */
	/*@ assert m1 * p2(k) <= 32 * p2(max_scale); */
	/*@ assert m1 >= 16 ==> m1 * p2(k) >= 16 * p2(k); */
	c1 <<= k;
	/*@ assert c1_enc: c1 == m1 * p2(k) && 1 <= m1 <= 32 && k <= max_scale; */
	/*@ assert c1_mod: c1 % p2(k) == 0; */
	/*@ assert c1_div: c1 / p2(k) == m1; */
	/*@ assert c1_expr: encodable(c1, max_scale); */
	/*@ assert c1_fit: n <= 32 * p2(k) ==> n - c1 < p2(k) &&
	                   (c1 < n ==> 0 < k && 16 * p2(k) <= c1); */
	/*@ assert c1_cap: 32 * p2(k) < n ==> c1 == big; */
	/*@ assert 1 <= c1 <= n && c1 <= big; */
	sp[0].start = start;
	sp[0].count = c1;
	/*@ assert sp0_enc: encodable(sp[0].count, max_scale); */
	r = n - c1;
	if (r == 0)
		return 1;
	if (r > big)
		return 0;
	/*@ assert sp0_enc2: encodable(sp[0].count, max_scale); */
	/*@ ghost unsigned int k1 = k; */
	k = min_scale(r);
	/*@ assert k <= max_scale; */
	/*@ assert n <= 32 * p2(k1) ==> k <= k1; */
	/*@ assert ((uint64_t)1 << k) == p2(k); */
	c2 = r + ((uint64_t)1 << k) - 1u;
	/*@ assert c2 == r + p2(k) - 1; */
	c2 >>= k;
	/*@ assert c2 == (r + p2(k) - 1) / p2(k); */
	/*@ assert r + p2(k) - 1 == p2(k) * c2 + (r + p2(k) - 1) % p2(k); */
	/*@ assert r <= c2 * p2(k) <= r + p2(k) - 1; */
	/*@ assert c2 >= 33 ==> c2 * p2(k) >= 33 * p2(k); */
	/*@ assert 1 <= c2 <= 32; */
	/*@ ghost uint64_t m2 = c2; */
	/*@ assert m2 * p2(k) <= 32 * p2(k); */
	c2 <<= k;
	/*@ assert c2_enc: c2 == m2 * p2(k) && 1 <= m2 <= 32 && k <= max_scale; */
	/*@ assert c2_div: c2 % p2(k) == 0 && c2 / p2(k) == m2; */
	/*@ assert r <= c2 <= r + p2(k) - 1 && c2 <= 32 * p2(k); */
	/*@ assert n <= 32 * p2(k1) ==> c2 < 2 * p2(k1); */
	/*@ assert c2 <= c1; */
	sp[1].start = start + n - c2;
	sp[1].count = c2;
	/*@ assert sp0_enc3: encodable(sp[0].count, max_scale); */
	/*@ assert start <= sp[1].start <= start + c1 &&
	           sp[1].start + sp[1].count == start + n; */
	return 2;
}

/*
 * FULL_CONT_RANGE_INV (MMU-700 erratum 3777127, MMU-S3 erratum 3673557):
 * one range command must span any contiguous run it touches, so the range
 * is covered by a single command, rounded up to the next count the command
 * can express (exact when possible). The smallest scale gives the smallest
 * rounding: any count at a larger scale is a multiple of 2^k as well. If
 * the rounded span would run past the top of the space it is moved down
 * (still covering the range). Returns false if one command cannot reach.
 */
static bool range_single(uint64_t start, uint64_t n, unsigned int max_scale,
			 uint64_t limit, struct span *sp)
{
	unsigned int k = min_scale(n);
	uint64_t c;

	if (k > max_scale)
		return false;
	/* Proof steps (ACSL; p2: proofs/pow2.h, docs/proofs.md). */
	/*@ assert ((uint64_t)1 << k) == p2(k); */
	c = n + ((uint64_t)1 << k) - 1u;
	/*@ assert c == n + p2(k) - 1; */
	c >>= k;
	/*@ assert c == (n + p2(k) - 1) / p2(k); */
	/*@ assert n + p2(k) - 1 == p2(k) * c + (n + p2(k) - 1) % p2(k); */
	/*@ assert n <= c * p2(k) <= n + p2(k) - 1; */
	/*@ assert c >= 33 ==> c * p2(k) >= 33 * p2(k); */
	/*@ assert 1 <= c <= 32; */
	/*@ ghost uint64_t m = c; */
	c <<= k;
	/*@ assert c_enc: c == m * p2(k) && 1 <= m <= 32 && k <= max_scale; */
	/*@ assert c_div: c % p2(k) == 0 && c / p2(k) == m; */
	if (c > limit)
		return false; /* unreachable: n <= limit, 2^k divides limit */
	sp->count = c;
	sp->start = (start > limit - c) ? limit - c : start;
	return true;
}

/* The descriptor of a command this file builds (only the opcodes and
 * fields it uses; every other field zero, as smmuv3_cmd_decode() gives). */
static void unpack(uint64_t w0, uint64_t w1, struct smmuv3_cmd_desc *d)
{
	uint8_t op = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_OP, w0);

	*d = (struct smmuv3_cmd_desc){ .opcode = op };
	if (op == SMMUV3_OP_CMD_SYNC)
		return;
	if (op == SMMUV3_OP_ATC_INV) {
		d->sid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_SID, w0);
		d->ssv = (w0 & SMMUV3_CMD0_SSV) != 0;
		d->ssid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_SSID, w0);
		d->addr = w1 & SMMUV3_CMD1_VA;
		d->size = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD1_ATC_SIZE, w1);
		return;
	}
	/* TLBIs: fields an opcode lacks are zero in the words already. */
	d->asid = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_ASID, w0);
	d->vmid = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_VMID, w0);
	d->num = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_TLBI_NUM, w0);
	d->scale = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD0_TLBI_SCALE, w0);
	d->leaf = (w1 & SMMUV3_CMD1_LEAF) != 0;
	d->ttl = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD1_TLBI_TTL, w1);
	d->tg = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_CMD1_TLBI_TG, w1);
	d->addr = w1 & SMMUV3_CMD1_VA;
}

/* Any output form, and the error when full. */
static int put_slow(struct out *o, uint64_t w0, uint64_t w1)
{
	if (o->n >= o->cap)
		return SMMUV3_E2BIG;
	if (o->enc) {
		o->enc[o->n].dw[0] = w0;
		o->enc[o->n].dw[1] = w1;
	} else if (o->desc) {
		unpack(w0, w1, &o->desc[o->n]);
	} else if (o->sink) {
		struct smmuv3_cmd c = { { w0, w1 } };
		int ret = o->sink(o->sink_ctx, &c);

		if (ret)
			return ret;
	}
	o->n++;
	return 0;
}

/* The hot case inline: encoded commands with room left. */
static inline int put(struct out *o, uint64_t w0, uint64_t w1)
{
	if (o->enc && o->n < o->cap) {
		o->enc[o->n].dw[0] = w0;
		o->enc[o->n].dw[1] = w1;
		o->n++;
		return 0;
	}
	return put_slow(o, w0, w1);
}

/* CMD_SYNC, CS = 0: a queue sets its own completion mode (4.7.3). */
static SMALL_NOINLINE int put_sync(struct out *o)
{
	return put(o, SMMUV3_OP_CMD_SYNC, 0);
}

/*
 * TTL hint for a span (IHI 0070 4.4.1.1), 0 when none may be used. A TTL
 * restricts the invalidation to leaf entries of one level, so it is only
 * correct when only leaves of exactly one size changed (r->ttl != 0). The
 * span must start on (and cover whole) blocks of that level: otherwise the
 * invalidated range is UNPREDICTABLE.
 */
static unsigned int span_ttl(const struct rng *r, uint64_t start,
			     uint64_t count)
{
	return ((start | count) & r->blk_mask) ? 0u : r->ttl;
}

/*
 * The fields of the command for the span *sp: 1 for a range command of
 * *num, *scale and *ttl covering *sp (which becomes two pages for one page
 * under FULL_CONT_RANGE_INV, *rounded then set), 0 for the non-range form
 * (one page, no TTL), SMMUV3_EINVAL if no NUM/SCALE exists (unreachable:
 * range_split() and range_single() make expressible counts).
 */
static int span_cmd(const struct smmuv3_tlbi_prep *p, const struct rng *r,
		    struct span *sp, unsigned int *num, unsigned int *scale,
		    unsigned int *ttl, bool *rounded)
{
	*ttl = span_ttl(r, sp->start, sp->count);
	/*
	 * IHI 0070 4.4.1.1: NUM == 0, SCALE == 0, TTL == 0 with TG != 0 is
	 * Reserved (CERROR_ILL). For one page without a TTL, use the non-range
	 * form (TG = 0), which invalidates exactly the entries of that address;
	 * with FULL_CONT_RANGE_INV a range is mandatory, so cover two pages.
	 */
	if (sp->count == 1 && *ttl == 0) {
		if (!p->full_cont)
			return 0;
		if (sp->start > p->limit_pages - 2u)
			sp->start = p->limit_pages - 2u;
		sp->count = 2;
		*rounded = true;
	}
	if (!count_to_num_scale(sp->count, p->max_scale, num, scale))
		return SMMUV3_EINVAL;
	return 1;
}

/* A range command for [start, start + count), or the non-range form where
 * that is required. */
static int put_span(const struct smmuv3_tlbi_prep *p, const struct rng *r,
		    struct out *o, uint64_t start, uint64_t count,
		    bool *rounded)
{
	struct span sp = { start, count };
	unsigned int num = 0, scale = 0, ttl;
	int ret = span_cmd(p, r, &sp, &num, &scale, &ttl, rounded);

	if (ret <= 0)
		return ret ? ret : put(o, p->sized0, r->w1 | (start << p->gshift));
	/* TG: 0b01 4KB, 0b10 16KB, 0b11 64KB = (log2 granule - 10) / 2. */
	return put(o,
		   p->sized0 |
			   SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_NUM,
					     (uint64_t)num) |
			   SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_SCALE,
					     (uint64_t)scale),
		   r->w1 | SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TTL, (uint64_t)ttl) |
			   SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TG,
					     (uint64_t)(p->gshift - 10u) >> 1) |
			   (sp.start << p->gshift));
}

/*
 * The spans of a range with RIL: one command covering it (rounded up)
 * under FULL_CONT_RANGE_INV, else at most two exact ones; 0 when the
 * whole ASID/VMID must go instead.
 */
static size_t plan_spans(const struct smmuv3_tlbi_prep *p, const struct rng *r,
			 struct span sp[2])
{
	if (p->full_cont)
		return range_single(r->start, r->npages, p->max_scale,
				    p->limit_pages, &sp[0]) ? 1u : 0u;
	return range_split(r->start, r->npages, p->max_scale, sp);
}

/* The TLBIs of the range; *full when it fell back to the whole ASID/VMID. */
static int plan_tlbi(const struct smmuv3_tlbi_prep *p, const struct rng *r,
		     struct out *o, struct smmuv3_tlbi_info *info)
{
	if (p->ril) {
		struct span sp[2];
		size_t nsp, i;
		int ret;

		nsp = plan_spans(p, r, sp);
		if (nsp == 0)
			goto full;
		if (p->full_cont && sp[0].count != r->npages)
			info->rounded = true;
		for (i = 0; i < nsp; i++) {
			ret = put_span(p, r, o, sp[i].start, sp[i].count,
				       &info->rounded);
			if (ret)
				return ret;
		}
		return 0;
	} else {
		/*
		 * One non-range command per leaf (IHI 0070 4.4: the address
		 * may be anywhere within the entry, and only the entries of
		 * that address go). When a table was removed (!leaf_only),
		 * its smaller entries are cached at every granule of the
		 * range: one command per granule, whatever leaf_size says.
		 */
		unsigned int sh = r->leaf_only ? r->blk_log2 : 0u;
		uint64_t ops = r->npages >> sh, i;
		uint64_t addr = r->w1 | (r->start << p->gshift);
		uint64_t step = (uint64_t)1 << (sh + p->gshift);

		if (ops > p->max_ops)
			goto full;
		for (i = 0; i < ops; i++, addr += step) {
			int ret = put(o, p->sized0, addr);

			if (ret)
				return ret;
		}
		return 0;
	}
full:
	info->full = true;
	return put(o, p->full0, 0);
}

/*
 * IHI 0070 4.5.1: ATC_INV spans 4 KB * 2^Size at an address aligned to the
 * span. Use the smallest aligned power-of-two span covering the 4 KB pages
 * of the range; Size 52 is the whole space.
 */
static void atc_span(const struct smmuv3_tlbi_prep *p,
		     const struct smmuv3_tlbi_range *rq, bool whole,
		     uint64_t *addr, uint8_t *size)
{
	uint64_t first, last;
	unsigned int log2;

	*addr = 0;
	*size = ATC_SIZE_ALL;
	if (whole)
		return;
	first = rq->iova >> 12;
	last = (rq->iova + (rq->size - 1u)) >> 12;
	log2 = smmuv3_fls64(first ^ last);
	if (log2 < p->tmpl.atc_min_log2)
		log2 = p->tmpl.atc_min_log2;
	if (log2 >= ATC_SIZE_ALL)
		return;
	*addr = (first & ~(((uint64_t)1 << log2) - 1u)) << 12;
	*size = (uint8_t)log2;
}

static int plan_atc(const struct smmuv3_tlbi_prep *p,
		    const struct smmuv3_tlbi_range *rq, struct out *o)
{
	const struct smmuv3_tlbi_ats_target *t = p->tmpl.ats;
	bool whole = rq->all || p->tmpl.regime == SMMUV3_TLBI_S2_NESTED;
	uint64_t addr;
	uint8_t size;
	size_t i;
	int ret;

	atc_span(p, rq, whole, &addr, &size);
	for (i = 0; i < p->tmpl.n_ats; i++) {
		struct smmuv3_cmd c;

		smmuv3_cmd_build_atc_inv(&c, t[i].sid, t[i].ssv,
					 t[i].ssv ? t[i].ssid : 0u, addr, size);
		ret = put(o, c.dw[0], c.dw[1]);
		if (ret)
			return ret;
	}
	return put_sync(o);
}

static bool id_fits(uint32_t id, uint8_t bits)
{
	return bits >= 32u || (id >> bits) == 0;
}

/* The features the regime's commands need (IHI 0070 4.4.2, 4.4.3); a
 * VMID other than 0 (stage 1 of a nested configuration) needs stage 2. */
static uint64_t regime_features(const struct smmuv3_tlbi_req *t)
{
	static const uint32_t feat[4] = {
		[SMMUV3_TLBI_S1] = SMMUV3_FEAT_TRANS_S1,
		[SMMUV3_TLBI_S1_EL2] = SMMUV3_FEAT_E2H | SMMUV3_FEAT_HYP,
		[SMMUV3_TLBI_S2] = SMMUV3_FEAT_TRANS_S2,
		[SMMUV3_TLBI_S2_NESTED] =
			SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2,
	};

	return feat[t->regime] | (t->vmid ? SMMUV3_FEAT_TRANS_S2 : 0u);
}

/*
 * VMSAv8-64 leaf sizes: granule << (j * (log2 granule - 3)) for levels
 * 3 - j, with blocks up to level 0 (4K, FEAT_LPA2) or level 1 (16K with
 * FEAT_LPA2, 64K with 52-bit). The TTL hint (IHI 0070 4.4.1.1) is the level
 * 3 - j, used with RIL only; level 0 has no encoding and 16K with TTL = 1
 * is Reserved unless IDR5.DS. Per granule: {bit log2(leaf) for every leaf
 * size, the TTL of leaf 2^m at bits [2k+1:2k], k = m mod 32 (j <= 2; 16K
 * j <= 1: the 16K TTL = 1 entry is added with DS only; the fields of one
 * granule's leaf sizes do not overlap)}.
 */
#define LEAF_LOG2(g, j) ((g) + (j) * ((g) - 3u))
#define LEAF_BIT(g, j) ((uint64_t)1 << LEAF_LOG2(g, j))
#define TTL_AT(g, j) ((uint64_t)(3u - (j)) << ((2u * LEAF_LOG2(g, j)) & 63u))
static const uint64_t leaf_tab[SMMUV3_GRANULE_COUNT][2] = {
	{ LEAF_BIT(12u, 0u) | LEAF_BIT(12u, 1u) | LEAF_BIT(12u, 2u) |
		  LEAF_BIT(12u, 3u),
	  TTL_AT(12u, 0u) | TTL_AT(12u, 1u) | TTL_AT(12u, 2u) },
	{ LEAF_BIT(14u, 0u) | LEAF_BIT(14u, 1u) | LEAF_BIT(14u, 2u),
	  TTL_AT(14u, 0u) | TTL_AT(14u, 1u) },
	{ LEAF_BIT(16u, 0u) | LEAF_BIT(16u, 1u) | LEAF_BIT(16u, 2u),
	  TTL_AT(16u, 0u) | TTL_AT(16u, 1u) | TTL_AT(16u, 2u) },
};

/*
 * Validate the template into @p. @cmds: also check that @caps has the
 * commands of the regime (the encoded forms are built unchecked; a
 * descriptor plan leaves that check to the encoder of its consumer).
 */
static int prep_init(struct smmuv3_tlbi_prep *p,
		     const struct smmuv3_caps *caps,
		     const struct smmuv3_tlbi_req *t, bool cmds)
{
	/* IHI 0070 4.4.2/4.4.3.2: {sized, whole ASID/VMID} per regime; the
	 * stage-2 fallback invalidates all stages of the VMID. */
	static const uint8_t ops[4][2] = {
		{ SMMUV3_OP_TLBI_NH_VA, SMMUV3_OP_TLBI_NH_ASID },
		{ SMMUV3_OP_TLBI_EL2_VA, SMMUV3_OP_TLBI_EL2_ASID },
		{ SMMUV3_OP_TLBI_S2_IPA, SMMUV3_OP_TLBI_S12_VMALL },
		{ SMMUV3_OP_TLBI_S2_IPA, SMMUV3_OP_TLBI_S12_VMALL },
	};
	uint64_t ids;
	unsigned int g, lim;
	size_t i;

	if (!p || !caps || !t)
		return SMMUV3_EINVAL;
	if (t->regime > SMMUV3_TLBI_S2_NESTED ||
	    (unsigned int)t->granule >= SMMUV3_GRANULE_COUNT ||
	    (t->flags & ~SMMUV3_TLBI_F_NO_SYNC) || (t->n_ats && !t->ats) ||
	    t->atc_min_log2 > ATC_SIZE_ALL)
		return SMMUV3_EINVAL;
	if ((t->flags & SMMUV3_TLBI_F_NO_SYNC) &&
	    (t->n_ats || t->regime == SMMUV3_TLBI_S2_NESTED))
		return SMMUV3_EINVAL; /* needs a sync inside the plan */
	if (t->regime == SMMUV3_TLBI_S1_EL2 && t->vmid)
		return SMMUV3_EINVAL;
	if (!(caps->features & (SMMUV3_FEAT_GRAN4K << t->granule)))
		return SMMUV3_EOPNOTSUPP;
	if (t->regime == SMMUV3_TLBI_S1_EL2 &&
	    !(caps->features & SMMUV3_FEAT_E2H))
		return SMMUV3_EOPNOTSUPP;
	if (cmds &&
	    (caps->features & regime_features(t)) != regime_features(t))
		return SMMUV3_EOPNOTSUPP;
	if (t->n_ats && !(caps->features & SMMUV3_FEAT_ATS))
		return SMMUV3_EOPNOTSUPP;
	if (!id_fits(t->asid, caps->asid_bits) ||
	    !id_fits(t->vmid, caps->vmid_bits))
		return SMMUV3_ERANGE;
	for (i = 0; i < t->n_ats; i++) {
		if (!id_fits(t->ats[i].sid, caps->sid_bits))
			return SMMUV3_ERANGE;
		if (t->ats[i].ssv &&
		    (caps->ssid_bits == 0 ||
		     !id_fits(t->ats[i].ssid, caps->ssid_bits)))
			return SMMUV3_ERANGE;
	}
	g = granule_shift(t->granule);
	lim = 64u - g;
	if (t->regime >= SMMUV3_TLBI_S2) {
		/* The IPA field ends at bit 51; a probed stage-2 IAS is
		 * tighter (addresses above it are out of range). */
		unsigned int ias = S2_IPA_BITS;

		if (caps->s2_ias_bits && caps->s2_ias_bits < ias)
			ias = caps->s2_ias_bits;
		if (ias <= g)
			return SMMUV3_ERANGE;
		lim = ias - g;
	}

	/* Valid: fill *p (nothing was written before this point); every
	 * field is set, the template's range fields are zero. */
	p->tmpl = *t;
	p->tmpl.all = false;
	p->tmpl.iova = 0;
	p->tmpl.size = 0;
	p->tmpl.leaf_size = 0;
	p->tmpl.leaf_mixed = false;
	p->tmpl.leaf_only = false;
	p->limit_pages = (uint64_t)1 << lim;
	p->gmask = ((uint64_t)1 << g) - 1u;
	/* 2^(lim + g) - 1, which is UINT64_MAX when lim + g == 64. */
	p->last_byte = (p->limit_pages << g) - 1u;
	p->gshift = (uint8_t)g;
	p->ds = (caps->features & SMMUV3_FEAT_DS) != 0;
	p->max_scale = p->ds ? SCALE_MAX_DS : SCALE_MAX_5BIT;
	p->ril = (caps->features & SMMUV3_FEAT_RANGE_INV) != 0;
	p->full_cont = (caps->options & SMMUV3_OPT_FULL_CONT_RANGE_INV) != 0;
	p->max_ops = t->max_ops ? t->max_ops : SMMUV3_TLBI_DEFAULT_MAX_OPS;
	p->simple = !p->full_cont && !t->flags && !t->n_ats &&
		    t->regime != SMMUV3_TLBI_S2_NESTED;
	p->ril_last = p->simple && p->ril ? p->last_byte : 0u;
	/* TG: 0b01 4KB, 0b10 16KB, 0b11 64KB = (log2 granule - 10) / 2. */
	p->tg1 = SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TG, (uint64_t)(g - 10u) >> 1);
	p->leaf_ok = leaf_tab[t->granule][0];
	p->ttl_lg = 0;
	if (p->ril)
		p->ttl_lg = leaf_tab[t->granule][1] |
			    (g == 14u && p->ds ? TTL_AT(14u, 2u) : 0u);
	/* IHI 0070 4.4.2/4.4.3: the sized and unsized opcodes; EL2
	 * commands have no VMID (it is 0 here), stage 2 no ASID. */
	ids = SMMUV3_FIELD_PREP(SMMUV3_CMD0_VMID, (uint64_t)t->vmid);
	if (t->regime < SMMUV3_TLBI_S2)
		ids |= SMMUV3_FIELD_PREP(SMMUV3_CMD0_ASID, (uint64_t)t->asid);
	p->sized0 = ops[t->regime][0] | ids;
	p->full0 = ops[t->regime][1] | ids;
	return 0;
}

int smmuv3_tlbi_prepare(struct smmuv3_tlbi_prep *p,
			const struct smmuv3_caps *caps,
			const struct smmuv3_tlbi_req *tmpl)
{
	return prep_init(p, caps, tmpl, true);
}

/* Validate the range and leaf description into @r (size != 0). */
static int check_range(const struct smmuv3_tlbi_prep *p,
		       const struct smmuv3_tlbi_range *rq, struct rng *r)
{
	unsigned int gs = p->gshift;
	uint64_t last;

	if ((rq->iova | rq->size) & p->gmask)
		return SMMUV3_EINVAL;
	if (rq->size - 1u > UINT64_MAX - rq->iova)
		return SMMUV3_EINVAL; /* iova + size > 2^64 */
	last = (rq->iova + (rq->size - 1u)) >> gs;
	if (last >= p->limit_pages)
		return SMMUV3_ERANGE;
	r->start = rq->iova >> gs;
	r->npages = last - r->start + 1u;
	r->w1 = rq->leaf_only ? SMMUV3_CMD1_LEAF : 0u;
	r->leaf_only = rq->leaf_only;
	r->blk_log2 = 0;
	r->blk_mask = 0;
	r->ttl = 0;
	if (rq->leaf_size) {
		unsigned int lg = smmuv3_ctz64(rq->leaf_size), d = lg - gs;

		if (!smmuv3_is_pow2_u64(rq->leaf_size) ||
		    !((p->leaf_ok >> lg) & 1u) ||
		    ((rq->iova | rq->size) & (rq->leaf_size - 1u)))
			return SMMUV3_EINVAL;
		r->blk_log2 = d;
		r->blk_mask = ((uint64_t)1 << d) - 1u;
		/* Only for leaf-only changes of one size. */
		if (rq->leaf_only && !rq->leaf_mixed)
			r->ttl = (uint8_t)((p->ttl_lg >> ((2u * lg) & 63u)) &
					   3u);
	}
	return 0;
}

/* Plan @rq under @p into @o; validation happens before anything is put. */
static int plan_prep(const struct smmuv3_tlbi_prep *p,
		     const struct smmuv3_tlbi_range *rq, struct out *o,
		     struct smmuv3_tlbi_info *info)
{
	struct smmuv3_tlbi_info inf = { 0 };
	struct rng r;
	int ret;

	*info = inf;
	if (!rq->all) {
		if (rq->size == 0)
			return (rq->iova & p->gmask)
				       ? SMMUV3_EINVAL
				       : 0; /* nothing changed, nothing to wait for */
		ret = check_range(p, rq, &r);
		if (ret)
			return ret;
		ret = plan_tlbi(p, &r, o, &inf);
	} else {
		inf.full = true;
		ret = put(o, p->full0, 0);
	}
	if (ret)
		return ret;
	inf.n_tlbi = o->n;
	if (!(p->tmpl.flags & SMMUV3_TLBI_F_NO_SYNC)) {
		ret = put_sync(o);
		if (!ret && p->tmpl.regime == SMMUV3_TLBI_S2_NESTED &&
		    !inf.full) {
			/* Combined S1+S2 entries: after the stage-2 entries
			 * are gone (IHI 0070 4.4.3.1). */
			ret = put(o,
				  SMMUV3_OP_TLBI_NH_ALL |
					  (p->full0 & SMMUV3_CMD0_VMID),
				  0);
			if (!ret)
				ret = put_sync(o);
		}
		/* IHI 0070 4.5.1: ATC_INV only after the TLBI completed. */
		if (!ret && p->tmpl.n_ats)
			ret = plan_atc(p, rq, o);
		if (ret)
			return ret;
	}
	inf.n_cmds = o->n;
	*info = inf;
	return 0;
}

/*
 * The general path: every case but the fast ones, and every error (in the
 * compact build, every case).
 */
static SLOW_NOINLINE int
prep_encode_slow(const struct smmuv3_tlbi_prep *p,
		 const struct smmuv3_tlbi_range *r, struct smmuv3_cmd *out,
		 size_t cap, struct smmuv3_tlbi_info *info)
{
	struct out o = { .enc = out, .cap = cap };

	if (!info)
		return SMMUV3_EINVAL;
	if (!p || !r || (!out && cap)) {
		*info = (struct smmuv3_tlbi_info){ 0 };
		return SMMUV3_EINVAL;
	}
	return plan_prep(p, r, &o, info);
}

#if !SMMUV3_SMALL
/*
 * NUM | SCALE << 8 of one range command of n = 1..32 pages at the largest
 * scale dividing n (as count_to_num_scale()): SCALE = ctz(n), NUM = (n >>
 * SCALE) - 1. Shifted left by 12 it is the NUM [16:12] and SCALE [24:20]
 * fields of dw0 (IHI 0070 4.4.1.1).
 */
#define CTZ5(n)                                                          \
	((n) & 1u ? 0u : (n) & 2u ? 1u : (n) & 4u ? 2u : (n) & 8u ? 3u : \
	 (n) & 16u ? 4u : 5u)
#define NS(n) ((uint16_t)((((n) >> CTZ5(n)) - 1u) | (CTZ5(n) << 8)))
static const uint16_t num_scale[NUM_COUNT_MAX + 1u] = {
	0u,	 NS(1u),  NS(2u),  NS(3u),  NS(4u),  NS(5u),  NS(6u),
	NS(7u),	 NS(8u),  NS(9u),  NS(10u), NS(11u), NS(12u), NS(13u),
	NS(14u), NS(15u), NS(16u), NS(17u), NS(18u), NS(19u), NS(20u),
	NS(21u), NS(22u), NS(23u), NS(24u), NS(25u), NS(26u), NS(27u),
	NS(28u), NS(29u), NS(30u), NS(31u), NS(32u),
};

/*
 * The fast paths below make the same checks as check_range() in one pass
 * and build the same commands as plan_prep(); any request they do not take
 * (including every invalid one) goes to prep_encode_slow(), which checks
 * again in the documented order and reports the error.
 *
 * fast_range(): true when [iova, iova + size) is a plain valid range under
 * @p: with @l = leaf_size (or the granule when leaf_size is 0), end - 1 <=
 * @last (the last byte of the space), iova + size does not wrap (end >
 * iova, which also excludes size == 0), l is a power of two that divides
 * iova and size, and l is a block size of the granule (leaf_ok; every such
 * size is a multiple of the granule, so iova and size are granule aligned
 * too). *lg receives log2 l.
 */
static ALWAYS_INLINE bool fast_range(const struct smmuv3_tlbi_prep *p,
				     uint64_t iova, uint64_t size, uint64_t l,
				     uint64_t last, unsigned int *lg)
{
	uint64_t end = iova + size;

	*lg = smmuv3_ctz64(l);
	return end - 1u <= last && end > iova &&
	       !((l | iova | size) & (l - 1u)) && ((p->leaf_ok >> *lg) & 1u);
}

/*
 * One range TLBI at @c for @count pages (m << k with m <= 32 and k <=
 * max_scale, as range_split() makes them); @w1 holds Leaf, the address and
 * the TTL field, @ttl the hint valid for this span. NUM/SCALE as
 * count_to_num_scale() (the largest usable scale dividing the count). For
 * one page without a TTL, NUM and SCALE are 0 and TG is left out: the
 * non-range form (IHI 0070 4.4.1.1: NUM = SCALE = TTL = 0 with TG != 0 is
 * Reserved).
 */
static ALWAYS_INLINE void fast_cmd(const struct smmuv3_tlbi_prep *p,
				   struct smmuv3_cmd *c, uint64_t w1,
				   uint64_t count, unsigned int ttl)
{
	unsigned int s = smmuv3_ctz64(count);

	if (s > p->max_scale)
		s = p->max_scale;
	c->dw[0] = p->sized0 |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_NUM, (count >> s) - 1u) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_SCALE, (uint64_t)s);
	c->dw[1] = w1 | (((count - 1u) | ttl) ? p->tg1 : 0u);
}

/* The end of a fast plan: CMD_SYNC at @c (CS = 0: the queue sets its own
 * completion mode, IHI 0070 4.7.3) and the plan's shape. */
static ALWAYS_INLINE int fast_done(const struct smmuv3_cmd *out,
				   struct smmuv3_cmd *c,
				   struct smmuv3_tlbi_info *info, bool full)
{
	c->dw[0] = SMMUV3_OP_CMD_SYNC;
	c->dw[1] = 0;
	info->n_tlbi = (size_t)(c - out);
	info->n_cmds = info->n_tlbi + 1u;
	info->full = full;
	info->rounded = false;
	return 0;
}

/*
 * Without RIL (and the RIL cases the inline path leaves): one command per
 * leaf (or per granule when a table was removed) up to max_ops, else the
 * whole ASID/VMID, as plan_tlbi(). Called with the pointers checked, a
 * sized range and @cap >= 3.
 */
static NOINLINE int prep_encode_other(const struct smmuv3_tlbi_prep *p,
				      const struct smmuv3_tlbi_range *rq,
				      struct smmuv3_cmd *out, size_t cap,
				      struct smmuv3_tlbi_info *info)
{
	uint64_t iova, size, ops, a, step;
	unsigned int lg, sh;
	struct smmuv3_cmd *c = out, *end;
	bool full;

	if (!p->simple || p->ril)
		goto slow;
	iova = rq->iova;
	size = rq->size;
	if (!fast_range(p, iova, size,
			rq->leaf_size ? rq->leaf_size : p->gmask + 1u,
			p->last_byte, &lg))
		goto slow;
	sh = rq->leaf_only ? lg : p->gshift;
	ops = size >> sh;
	full = ops > p->max_ops;
	if (full) {
		/* Too many: the whole ASID/VMID instead. */
		c->dw[0] = p->full0;
		c->dw[1] = 0;
		c++;
	} else {
		if (ops > cap - 1u)
			goto slow;
		a = SMMUV3_FIELD_PREP(SMMUV3_CMD1_LEAF,
				      (uint64_t)rq->leaf_only) |
		    iova;
		step = (uint64_t)1 << sh;
		for (end = c + ops; c < end; c++, a += step) {
			c->dw[0] = p->sized0;
			c->dw[1] = a;
		}
	}
	return fast_done(out, c, info, full);
slow:
	return prep_encode_slow(p, rq, out, cap, info);
}

/*
 * With RIL, a range one command cannot cover exactly: range_split() inline
 * (at most two commands, the second anchored at the last page). @w1 holds
 * Leaf, the TTL field and the first address, as smmuv3_tlbi_prep_encode()
 * computed them for @rq.
 */
static NOINLINE int prep_encode_split(const struct smmuv3_tlbi_prep *p,
				      const struct smmuv3_tlbi_range *rq,
				      struct smmuv3_cmd *out, size_t cap,
				      struct smmuv3_tlbi_info *info,
				      uint64_t w1)
{
	unsigned int ttl = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_CMD1_TLBI_TTL,
							  w1);
	uint64_t end = rq->iova + rq->size, n = rq->size >> p->gshift;
	unsigned int k = min_scale(n);
	uint64_t count, r, a;
	struct smmuv3_cmd *c = out;

	if (UNLIKELY(k > p->max_scale))
		return prep_encode_slow(p, rq, out, cap, info);
	/*
	 * First span: (n >> k) << k pages at iova. Its byte size is size with
	 * the bits below 2^(k + gshift) cleared, a multiple of the leaf size
	 * like size itself, and iova is leaf aligned: the TTL holds.
	 */
	count = (n >> k) << k;
	r = n - count;
	for (;;) {
		fast_cmd(p, c++, w1, count, ttl);
		if (!r)
			break;
		/* The rest, rounded up to its own scale, ending at the last
		 * page; the TTL only if it lies on whole leaves (span_ttl()).
		 * A TTL implies a leaf_size. */
		k = min_scale(r);
		count = ((r + ((uint64_t)1 << k) - 1u) >> k) << k;
		a = end - (count << p->gshift);
		w1 = (w1 & (SMMUV3_CMD1_LEAF | SMMUV3_CMD1_TLBI_TTL)) | a;
		if (ttl && ((a | (count << p->gshift)) & (rq->leaf_size - 1u))) {
			w1 &= ~SMMUV3_CMD1_TLBI_TTL;
			ttl = 0;
		}
		r = 0;
	}
	return fast_done(out, c, info, false);
}

/*
 * The common case straight through: a simple context (no FULL_CONT,
 * NO_SYNC, nesting or ATS) with RIL, a sized range, room for the plan.
 * A range one command covers exactly is written here, two commands by
 * prep_encode_split(); contexts without RIL and ranges this path does not
 * take go to prep_encode_other(), errors to prep_encode_slow().
 */
int smmuv3_tlbi_prep_encode(const struct smmuv3_tlbi_prep *p,
			    const struct smmuv3_tlbi_range *rq,
			    struct smmuv3_cmd *out, size_t cap,
			    struct smmuv3_tlbi_info *info)
{
	uint64_t iova, size, leaf, l, tab = 0, n, m, s, w1;
	unsigned int lg, ttl;

	if (UNLIKELY(!p || !rq || !info || !out || rq->all || cap < 3u))
		return prep_encode_slow(p, rq, out, cap, info);
	iova = rq->iova;
	size = rq->size;
	/* ril_last is 0 when this path is off: no valid range ends at 0. */
	if (UNLIKELY(iova + size - 1u > p->ril_last))
		goto other;
	leaf = rq->leaf_size;
	if (LIKELY(leaf)) {
		l = leaf;
		/* TTL only for leaf-only changes of one size (check_range). */
		if (rq->leaf_only && !rq->leaf_mixed)
			tab = p->ttl_lg;
	} else {
		l = p->gmask + 1u;
	}
	if (UNLIKELY(!fast_range(p, iova, size, l, p->ril_last, &lg)))
		goto other;
	ttl = (unsigned int)(tab >> ((2u * lg) & 63u)) & 3u;
	w1 = SMMUV3_FIELD_PREP(SMMUV3_CMD1_LEAF, (uint64_t)rq->leaf_only) |
	     SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TTL, (uint64_t)ttl) | iova;
	/*
	 * One exact command when n = m << s with m <= 32 and s <= max_scale
	 * (s = ctz(n)): then range_split() gives the single span n, and
	 * count_to_num_scale() NUM = m - 1, SCALE = s. The span is the range:
	 * the TTL holds. Otherwise two commands (prep_encode_split()). Up
	 * to 32 pages the fields come from a table.
	 */
	n = size >> p->gshift;
	if (LIKELY(n <= NUM_COUNT_MAX)) {
		out->dw[0] = p->sized0 | ((uint64_t)num_scale[n] << 12);
	} else {
		s = smmuv3_ctz64(n);
		m = n >> s;
		if (m > NUM_COUNT_MAX || s > p->max_scale)
			return prep_encode_split(p, rq, out, cap, info, w1);
		out->dw[0] = p->sized0 |
			     SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_NUM, m - 1u) |
			     SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_SCALE,
					       (uint64_t)s);
	}
	out->dw[1] = w1 | (((n - 1u) | ttl) ? p->tg1 : 0u);
	return fast_done(out, out + 1, info, false);
other:
	return prep_encode_other(p, rq, out, cap, info);
}

#else /* SMMUV3_SMALL: no fast path; the general planner does it all. */

int smmuv3_tlbi_prep_encode(const struct smmuv3_tlbi_prep *p,
			    const struct smmuv3_tlbi_range *rq,
			    struct smmuv3_cmd *out, size_t cap,
			    struct smmuv3_tlbi_info *info)
{
	return prep_encode_slow(p, rq, out, cap, info);
}

#endif /* SMMUV3_SMALL */

static void range_of(const struct smmuv3_tlbi_req *req,
		     struct smmuv3_tlbi_range *r)
{
	r->all = req->all;
	r->iova = req->iova;
	r->size = req->size;
	r->leaf_size = req->leaf_size;
	r->leaf_mixed = req->leaf_mixed;
	r->leaf_only = req->leaf_only;
}

/* The output forms of the one-shot entry points. */
enum out_kind { OUT_DESC, OUT_ENC, OUT_SINK };

static int to_batch(void *ctx, const struct smmuv3_cmd *c);

/*
 * The one-shot entry points: prepare, then plan into @out (descriptors,
 * encoded commands, or the batch_sink of a command-queue batch). Encoded
 * and queued commands need the stage check of smmuv3_tlbi_prepare().
 */
static FAST_INLINE int plan(const struct smmuv3_caps *caps,
			    const struct smmuv3_tlbi_req *req, enum out_kind kind,
			    void *out, size_t cap,
			    struct smmuv3_tlbi_info *info)
{
	struct smmuv3_tlbi_prep p;
	struct smmuv3_tlbi_range r;
	struct out o = { .cap = cap };
	int ret;

	if (!info)
		return SMMUV3_EINVAL;
	*info = (struct smmuv3_tlbi_info){ 0 };
	if (!caps || !req || (!out && cap))
		return SMMUV3_EINVAL;
	ret = prep_init(&p, caps, req, kind != OUT_DESC);
	if (ret)
		return ret;
	range_of(req, &r);
	if (kind == OUT_DESC) {
		o.desc = out;
	} else if (kind == OUT_ENC) {
#if !SMMUV3_SMALL
		/* The prepared encoder, with its fast path. */
		return smmuv3_tlbi_prep_encode(&p, &r, out, cap, info);
#else
		o.enc = out;
#endif
	} else {
		o.sink = to_batch;
		o.sink_ctx = out;
	}
	return plan_prep(&p, &r, &o, info);
}

int smmuv3_tlbi_plan(const struct smmuv3_caps *caps,
		     const struct smmuv3_tlbi_req *req,
		     struct smmuv3_cmd_desc *out, size_t cap,
		     struct smmuv3_tlbi_info *info)
{
	return plan(caps, req, OUT_DESC, out, cap, info);
}

int smmuv3_tlbi_plan_encode(const struct smmuv3_caps *caps,
			    const struct smmuv3_tlbi_req *req,
			    struct smmuv3_cmd *out, size_t cap,
			    struct smmuv3_tlbi_info *info)
{
	return plan(caps, req, OUT_ENC, out, cap, info);
}

/* ---- command-queue batch ---- */

struct batch_sink {
	struct smmuv3_cmdq *q;
	struct smmuv3_cmdq_batch *b;
	struct smmuv3_cmdq_status *st;
};

static int to_batch(void *ctx, const struct smmuv3_cmd *c)
{
	const struct batch_sink *bs = ctx;

	/* The queue builds each CMD_SYNC itself (its completion mode) and
	 * waits for it: IHI 0070 4.7.3, ATC_INV after a completed TLBI. The
	 * commands were validated with the plan: no encoder on the way. */
	if (SMMUV3_FIELD_GET(SMMUV3_CMD0_OP, c->dw[0]) == SMMUV3_OP_CMD_SYNC)
		return smmuv3_cmdq_batch_submit(bs->q, bs->b, bs->st);
	return smmuv3_cmdq_batch_add_cmd(bs->q, bs->b, c, bs->st);
}

int smmuv3_tlbi_batch_add(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
			  const struct smmuv3_caps *caps,
			  const struct smmuv3_tlbi_req *req,
			  struct smmuv3_tlbi_info *info,
			  struct smmuv3_cmdq_status *st)
{
	struct batch_sink bs = { .q = q, .b = b, .st = st };

	if (!info)
		return SMMUV3_EINVAL;
	if (!q || !b) {
		*info = (struct smmuv3_tlbi_info){ 0 };
		return SMMUV3_EINVAL;
	}
	/* Every check precedes the first command: nothing reaches the batch
	 * on a validation error. */
	return plan(caps, req, OUT_SINK, &bs, SIZE_MAX, info);
}

/* ---- gather ---- */

/*
 * Issue what is pending. Returns the submit error (0 once the invalidation
 * went out, even if the range plan failed and "everything" was issued
 * instead; that error is still kept for the next sync).
 */
static int gather_issue(struct smmuv3_tlbi_gather *g)
{
	/* With all set the planner reads none of the range fields. */
	struct smmuv3_tlbi_range r = {
		.all = g->all || (g->start == 0 && g->last == UINT64_MAX),
		.iova = g->start,
		.size = g->last - g->start + 1u,
		.leaf_size = g->leaf_size,
		.leaf_mixed = g->leaf_mixed,
		.leaf_only = g->leaf_only,
	};
	struct smmuv3_tlbi_info info;
	struct out o = { .desc = g->buf, .cap = g->cap };
	int ret;

	if (!g->pending)
		return 0;
	while ((ret = plan_prep(&g->prep, &r, &o, &info)) && !r.all) {
		/* Never lose an invalidation: fall back to everything. */
		r.all = true;
		if (!g->err)
			g->err = ret;
		o.n = 0;
	}
	if (!ret && info.n_cmds)
		ret = g->submit(g->submit_ctx, g->buf, info.n_cmds);
	if (ret) {
		if (!g->err)
			g->err = ret;
		g->all = true; /* stays pending: retried by the next issue */
		return ret;
	}
	g->pending = false;
	g->all = false;
	g->n_issued++;
	return 0;
}

int smmuv3_tlbi_gather_init(struct smmuv3_tlbi_gather *g,
			    const struct smmuv3_caps *caps,
			    const struct smmuv3_tlbi_req *tmpl,
			    struct smmuv3_cmd_desc *buf, size_t cap,
			    smmuv3_tlbi_submit_fn submit, void *ctx)
{
	int ret;

	if (!g || !caps || !tmpl || !buf || !submit)
		return SMMUV3_EINVAL;
	if (cap < SMMUV3_TLBI_PLAN_MAX(tmpl->max_ops, tmpl->n_ats))
		return SMMUV3_E2BIG;
	/* Validate the template once; every issue plans under it (into
	 * descriptors, which the submit callback encodes). prep_init()
	 * writes g->prep only when it succeeds. */
	ret = prep_init(&g->prep, caps, tmpl, false);
	if (ret)
		return ret;
	g->caps = caps;
	g->tmpl = g->prep.tmpl;
	g->buf = buf;
	g->cap = cap;
	g->submit = submit;
	g->submit_ctx = ctx;
	/* Nothing pending, no error, no statistics. */
	g->pending = false;
	g->all = false;
	g->leaf_only = false;
	g->leaf_mixed = false;
	g->start = 0;
	g->last = 0;
	g->leaf_size = 0;
	g->err = 0;
	g->n_issued = 0;
	g->n_merged = 0;
	return 0;
}

int smmuv3_tlbi_gather_flush(void *cookie, smmuv3_iova_t iova, uint64_t size,
			     uint64_t leaf_size, bool leaf_only)
{
	struct smmuv3_tlbi_gather *g = cookie;
	uint64_t gmask, lo, hi;
	bool table = (leaf_size == 0);

	if (!g)
		return SMMUV3_EINVAL;
	if (size == 0)
		return 0;
	gmask = g->prep.gmask;
	lo = iova & ~gmask;
	hi = (size - 1u > UINT64_MAX - iova) ? UINT64_MAX
					     : (iova + (size - 1u)) | gmask;
	if (table)
		leaf_only = false;
	/* Unaligned to its own leaf size: keep it correct, drop the hint. */
	if (leaf_size && (((lo | (hi + 1u)) & (leaf_size - 1u)) ||
			  !smmuv3_is_pow2_u64(leaf_size) || leaf_size <= gmask))
		leaf_size = 0;

	if (g->pending && !g->all) {
		bool below = hi < g->start && g->start - hi > 1u;
		bool above = lo > g->last && lo - g->last > 1u;

		/* A leaf change's error waits for the sync (kept in g->err);
		 * a table's is returned below by its own issue. */
		if (below || above)
			(void)gather_issue(g);
	}
	if (!g->pending) {
		g->pending = true;
		g->all = false;
		g->start = lo;
		g->last = hi;
		g->leaf_size = leaf_size;
		g->leaf_only = leaf_only;
		g->leaf_mixed = false;
	} else if (!g->all) {
		g->n_merged++;
		if (lo < g->start)
			g->start = lo;
		if (hi > g->last)
			g->last = hi;
		g->leaf_only = g->leaf_only && leaf_only;
		if (g->leaf_size != leaf_size) {
			/* The smaller size; 0 (unknown) is the smallest. */
			g->leaf_mixed = true;
			if (leaf_size < g->leaf_size)
				g->leaf_size = leaf_size;
		}
	}
	/*
	 * The table's memory may be reused as soon as we return 0: issue now
	 * (with whatever was merged) and report whether it completed.
	 */
	if (table)
		return gather_issue(g);
	return 0;
}

int smmuv3_tlbi_gather_flush_all(void *cookie)
{
	struct smmuv3_tlbi_gather *g = cookie;

	if (!g)
		return SMMUV3_EINVAL;
	g->pending = true;
	g->all = true;
	/* May stand in for a table removal (pgtable.h): issue now. */
	return gather_issue(g);
}

int smmuv3_tlbi_gather_sync(struct smmuv3_tlbi_gather *g)
{
	int err;

	if (!g)
		return SMMUV3_EINVAL;
	(void)gather_issue(g);
	err = g->err;
	g->err = 0;
	return err;
}
