// SPDX-License-Identifier: BSD-2-Clause
/*
 * TLB and ATC invalidation planner and gather (IHI 0070 4.4, 4.5.1).
 *
 * All address arithmetic is done in translation-granule pages ("pages"):
 * page numbers are below 2^52 (2^64 >> 12), so sums of a page number and a
 * command's page count (at most 32 << 39 = 2^44) never overflow 64 bits.
 * The arithmetic core (range_split, count_to_num_scale, span_ttl) is small
 * pure functions so that it can be proved on its own.
 */
#include <smmuv3/smmuv3.h>

#include "internal.h"

/* IHI 0070 4.4.1.1: a range command covers (NUM + 1) * 2^SCALE granules. */
#define NUM_COUNT_MAX 32u        /* NUM is 5 bits: NUM + 1 <= 32 */
#define SCALE_MAX_5BIT 31u       /* SCALE [24:20] when IDR5.DS == 0 */
#define SCALE_MAX_DS 39u         /* SCALE [25:20], values > 39 act as 39 */
#define ATC_SIZE_ALL 52u         /* IHI 0070 4.5.1: Size 52 = 2^64 bytes */
#define S2_IPA_BITS 52u          /* CMD_TLBI_S2_IPA carries IPA[51:12] */

/* A run of translation-granule pages. */
struct span {
	uint64_t start;
	uint64_t count;
};

/* Everything derived from the request once validated. */
struct plan_ctx {
	const struct smmuv3_caps *caps;
	const struct smmuv3_tlbi_req *req;
	unsigned int gshift;     /* log2 granule: 12, 14, 16 */
	unsigned int max_scale;  /* 31, or 39 with IDR5.DS */
	uint64_t limit_pages;    /* pages of the addressable space */
	uint64_t start;          /* first page */
	uint64_t npages;         /* pages in the range */
	unsigned int leaf_j;     /* leaf_size = granule << (leaf_j * (gshift-3)) */
	bool ttl_candidate;      /* a TTL hint may apply (see span_ttl) */
	/* Output: one of descriptors, encoded commands or a sink. */
	struct smmuv3_cmd_desc *out;
	struct smmuv3_cmd *enc;
	int (*sink)(void *ctx, const struct smmuv3_cmd_desc *d);
	void *sink_ctx;
	size_t cap;
	size_t n;
};

static unsigned int granule_shift(enum smmuv3_granule g)
{
	return g == SMMUV3_GRANULE_4K ? 12u : g == SMMUV3_GRANULE_16K ? 14u : 16u;
}

static uint64_t granule_feature(enum smmuv3_granule g)
{
	return g == SMMUV3_GRANULE_4K	  ? SMMUV3_FEAT_GRAN4K
	       : g == SMMUV3_GRANULE_16K ? SMMUV3_FEAT_GRAN16K
					 : SMMUV3_FEAT_GRAN64K;
}

/* IHI 0070 4.4.1.1 TG: 0b01 4KB, 0b10 16KB, 0b11 64KB. */
static uint8_t tg_field(unsigned int gshift)
{
	return (uint8_t)((gshift - 10u) / 2u);
}

/*
 * Smallest SCALE such that one command (NUM + 1 <= 32) can reach @n >= 1
 * pages: 32 << s >= n, i.e. ((n - 1) >> 5) < 2^s.
 */
static unsigned int min_scale(uint64_t n)
{
	return smmuv3_fls64((n - 1u) >> 5);
}

/*
 * NUM/SCALE for exactly @count pages, or false if no encoding exists with
 * SCALE <= @max_scale. Using the largest usable scale that divides @count
 * keeps NUM + 1 as small as possible.
 */
static bool count_to_num_scale(uint64_t count, unsigned int max_scale,
			       uint8_t *num, uint8_t *scale)
{
	unsigned int s;

	if (count == 0)
		return false;
	s = smmuv3_ctz64(count);
	if (s > max_scale)
		s = max_scale;
	if ((count >> s) > NUM_COUNT_MAX || ((count >> s) << s) != count)
		return false;
	*num = (uint8_t)((count >> s) - 1u);
	*scale = (uint8_t)s;
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

	if (k > max_scale)
		k = max_scale;
	c1 = n >> k;
	if (c1 > NUM_COUNT_MAX)
		c1 = NUM_COUNT_MAX;
	c1 <<= k;
	sp[0].start = start;
	sp[0].count = c1;
	r = n - c1;
	if (r == 0)
		return 1;
	if (r > big)
		return 0;
	k = min_scale(r);
	c2 = ((r + ((uint64_t)1 << k) - 1u) >> k) << k;
	sp[1].start = start + n - c2;
	sp[1].count = c2;
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
	c = ((n + ((uint64_t)1 << k) - 1u) >> k) << k;
	if (c > limit)
		return false; /* unreachable: n <= limit, 2^k divides limit */
	sp->count = c;
	sp->start = (start > limit - c) ? limit - c : start;
	return true;
}

/*
 * TTL hint for a span (IHI 0070 4.4.1.1), 0 when none may be used. A TTL
 * restricts the invalidation to leaf entries of one level, so it is only
 * correct when only leaves of exactly one size changed. The range must
 * start on (and cover whole) blocks of that level: otherwise the
 * invalidated range is UNPREDICTABLE. Level-0 blocks (4K with FEAT_LPA2)
 * have no TTL encoding; 16K with TTL = 1 is Reserved unless IDR5.DS.
 */
static uint8_t span_ttl(const struct plan_ctx *c, const struct span *sp)
{
	unsigned int level;
	uint64_t block;

	if (!c->ttl_candidate)
		return 0;
	if (c->leaf_j > 2u)
		return 0; /* level 0: no TTL encoding */
	level = 3u - c->leaf_j;
	if (c->gshift == 14u && level == 1u &&
	    !(c->caps->features & SMMUV3_FEAT_DS))
		return 0;
	block = (uint64_t)1 << (c->leaf_j * (c->gshift - 3u));
	if ((sp->start & (block - 1u)) || (sp->count & (block - 1u)))
		return 0;
	return (uint8_t)level;
}

static int emit(struct plan_ctx *c, const struct smmuv3_cmd_desc *d)
{
	if (c->n >= c->cap)
		return SMMUV3_E2BIG;
	if (c->sink) {
		int ret = c->sink(c->sink_ctx, d);

		if (ret)
			return ret;
	} else if (c->enc) {
		int ret = smmuv3_cmd_encode(c->caps, d, &c->enc[c->n]);

		if (ret)
			return ret;
	} else {
		c->out[c->n] = *d;
	}
	c->n++;
	return 0;
}

static int emit_sync(struct plan_ctx *c)
{
	struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_CMD_SYNC,
				     .cs = SMMUV3_SYNC_CS_NONE };

	return emit(c, &d);
}

/* The sized TLBI for the regime, with the identifiers filled in. */
static struct smmuv3_cmd_desc sized_cmd(const struct plan_ctx *c)
{
	struct smmuv3_cmd_desc d = { 0 };

	switch (c->req->regime) {
	case SMMUV3_TLBI_S1:
		d.opcode = SMMUV3_OP_TLBI_NH_VA;
		d.asid = c->req->asid;
		d.vmid = c->req->vmid;
		break;
	case SMMUV3_TLBI_S1_EL2:
		d.opcode = SMMUV3_OP_TLBI_EL2_VA;
		d.asid = c->req->asid;
		break;
	default:
		d.opcode = SMMUV3_OP_TLBI_S2_IPA;
		d.vmid = c->req->vmid;
		break;
	}
	d.leaf = c->req->leaf_only;
	return d;
}

static int emit_full(struct plan_ctx *c)
{
	struct smmuv3_cmd_desc d = { 0 };

	switch (c->req->regime) {
	case SMMUV3_TLBI_S1:
		d.opcode = SMMUV3_OP_TLBI_NH_ASID;
		d.asid = c->req->asid;
		d.vmid = c->req->vmid;
		break;
	case SMMUV3_TLBI_S1_EL2:
		d.opcode = SMMUV3_OP_TLBI_EL2_ASID;
		d.asid = c->req->asid;
		break;
	default:
		/* IHI 0070 4.4.3.2: all stages for the VMID. */
		d.opcode = SMMUV3_OP_TLBI_S12_VMALL;
		d.vmid = c->req->vmid;
		break;
	}
	return emit(c, &d);
}

/* A range command for @sp, or the non-range form where that is required. */
static int emit_span(struct plan_ctx *c, const struct span *sp,
		     bool *rounded)
{
	struct smmuv3_cmd_desc d = sized_cmd(c);
	struct span s = *sp;
	uint8_t ttl = span_ttl(c, &s);

	/*
	 * IHI 0070 4.4.1.1: NUM == 0, SCALE == 0, TTL == 0 with TG != 0 is
	 * Reserved (CERROR_ILL). For one page without a TTL, use the non-range
	 * form (TG = 0), which invalidates exactly the entries of that address;
	 * with FULL_CONT_RANGE_INV a range is mandatory, so cover two pages.
	 */
	if (s.count == 1 && ttl == 0) {
		if (!(c->caps->options & SMMUV3_OPT_FULL_CONT_RANGE_INV)) {
			d.addr = s.start << c->gshift;
			return emit(c, &d);
		}
		if (s.start > c->limit_pages - 2u)
			s.start = c->limit_pages - 2u;
		s.count = 2;
		*rounded = true;
	}
	if (!count_to_num_scale(s.count, c->max_scale, &d.num, &d.scale))
		return SMMUV3_EINVAL; /* unreachable: range_split invariant */
	d.tg = tg_field(c->gshift);
	d.ttl = ttl;
	d.addr = s.start << c->gshift;
	return emit(c, &d);
}

static int plan_tlbi(struct plan_ctx *c, struct smmuv3_tlbi_info *info)
{
	const struct smmuv3_tlbi_req *req = c->req;
	int ret;

	if (req->all)
		goto full;

	if (c->caps->features & SMMUV3_FEAT_RANGE_INV) {
		struct span sp[2];
		size_t nsp, i;

		if (c->caps->options & SMMUV3_OPT_FULL_CONT_RANGE_INV) {
			if (!range_single(c->start, c->npages, c->max_scale,
					  c->limit_pages, &sp[0]))
				goto full;
			nsp = 1;
			if (sp[0].count != c->npages)
				info->rounded = true;
		} else {
			nsp = range_split(c->start, c->npages, c->max_scale,
					  sp);
			if (nsp == 0)
				goto full;
		}
		for (i = 0; i < nsp; i++) {
			ret = emit_span(c, &sp[i], &info->rounded);
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
		uint64_t stride = req->leaf_size && req->leaf_only
					  ? req->leaf_size >> c->gshift
					  : 1u;
		uint64_t ops = c->npages / stride;
		uint32_t max_ops = req->max_ops ? req->max_ops
						: SMMUV3_TLBI_DEFAULT_MAX_OPS;
		uint64_t i;

		if (ops > max_ops)
			goto full;
		for (i = 0; i < ops; i++) {
			struct smmuv3_cmd_desc d = sized_cmd(c);

			d.addr = (c->start + i * stride) << c->gshift;
			ret = emit(c, &d);
			if (ret)
				return ret;
		}
		return 0;
	}
full:
	info->full = true;
	return emit_full(c);
}

/*
 * IHI 0070 4.5.1: ATC_INV spans 4 KB * 2^Size at an address aligned to the
 * span. Use the smallest aligned power-of-two span covering the 4 KB pages
 * of the range; Size 52 is the whole space.
 */
static void atc_span(const struct smmuv3_tlbi_req *req, bool whole,
		     uint64_t *addr, uint8_t *size)
{
	uint64_t first, last;
	unsigned int log2;

	if (whole) {
		*addr = 0;
		*size = ATC_SIZE_ALL;
		return;
	}
	first = req->iova >> 12;
	last = (req->iova + (req->size - 1u)) >> 12;
	log2 = smmuv3_fls64(first ^ last);
	if (log2 < req->atc_min_log2)
		log2 = req->atc_min_log2;
	if (log2 >= ATC_SIZE_ALL) {
		*addr = 0;
		*size = ATC_SIZE_ALL;
		return;
	}
	*addr = (first & ~(((uint64_t)1 << log2) - 1u)) << 12;
	*size = (uint8_t)log2;
}

static int plan_atc(struct plan_ctx *c)
{
	const struct smmuv3_tlbi_req *req = c->req;
	bool whole = req->all || req->regime == SMMUV3_TLBI_S2_NESTED;
	uint64_t addr;
	uint8_t size;
	size_t i;

	atc_span(req, whole, &addr, &size);
	for (i = 0; i < req->n_ats; i++) {
		struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_ATC_INV };
		int ret;

		d.sid = req->ats[i].sid;
		d.ssv = req->ats[i].ssv;
		d.ssid = req->ats[i].ssv ? req->ats[i].ssid : 0u;
		d.addr = addr;
		d.size = size;
		ret = emit(c, &d);
		if (ret)
			return ret;
	}
	return emit_sync(c);
}

static bool id_fits(uint32_t id, uint8_t bits)
{
	return bits >= 32u || (id >> bits) == 0;
}

/* Validate everything except the range; fill the granule fields of @c. */
static int check_domain(const struct smmuv3_caps *caps,
			const struct smmuv3_tlbi_req *req, struct plan_ctx *c)
{
	size_t i;

	if (req->regime > SMMUV3_TLBI_S2_NESTED ||
	    (unsigned int)req->granule >= SMMUV3_GRANULE_COUNT ||
	    (req->flags & ~SMMUV3_TLBI_F_NO_SYNC) ||
	    (req->n_ats && !req->ats) || req->atc_min_log2 > ATC_SIZE_ALL)
		return SMMUV3_EINVAL;
	if ((req->flags & SMMUV3_TLBI_F_NO_SYNC) &&
	    (req->n_ats || req->regime == SMMUV3_TLBI_S2_NESTED))
		return SMMUV3_EINVAL; /* needs a sync inside the plan */
	if (req->regime == SMMUV3_TLBI_S1_EL2 && req->vmid)
		return SMMUV3_EINVAL;
	if (!(caps->features & granule_feature(req->granule)))
		return SMMUV3_EOPNOTSUPP;
	if (req->regime == SMMUV3_TLBI_S1_EL2 &&
	    !(caps->features & SMMUV3_FEAT_E2H))
		return SMMUV3_EOPNOTSUPP;
	if (req->n_ats && !(caps->features & SMMUV3_FEAT_ATS))
		return SMMUV3_EOPNOTSUPP;
	if (!id_fits(req->asid, caps->asid_bits) ||
	    !id_fits(req->vmid, caps->vmid_bits))
		return SMMUV3_ERANGE;
	for (i = 0; i < req->n_ats; i++) {
		if (!id_fits(req->ats[i].sid, caps->sid_bits))
			return SMMUV3_ERANGE;
		if (req->ats[i].ssv &&
		    (caps->ssid_bits == 0 ||
		     !id_fits(req->ats[i].ssid, caps->ssid_bits)))
			return SMMUV3_ERANGE;
	}
	c->caps = caps;
	c->req = req;
	c->gshift = granule_shift(req->granule);
	c->max_scale = (caps->features & SMMUV3_FEAT_DS) ? SCALE_MAX_DS
							 : SCALE_MAX_5BIT;
	if (req->regime == SMMUV3_TLBI_S2 ||
	    req->regime == SMMUV3_TLBI_S2_NESTED) {
		/* The IPA field ends at bit 51; a probed stage-2 IAS is
		 * tighter (addresses above it are out of range). */
		unsigned int ias = S2_IPA_BITS;

		if (caps->s2_ias_bits && caps->s2_ias_bits < ias)
			ias = caps->s2_ias_bits;
		if (ias <= c->gshift)
			return SMMUV3_ERANGE;
		c->limit_pages = (uint64_t)1 << (ias - c->gshift);
	} else {
		c->limit_pages = (uint64_t)1 << (64u - c->gshift);
	}
	return 0;
}

/* Validate the range and leaf description; fill the range fields of @c. */
static int check_range(const struct smmuv3_tlbi_req *req, struct plan_ctx *c)
{
	uint64_t gmask = ((uint64_t)1 << c->gshift) - 1u;
	uint64_t last;
	unsigned int bits = c->gshift - 3u;

	if ((req->iova & gmask) || (req->size & gmask))
		return SMMUV3_EINVAL;
	c->npages = 0;
	if (req->size == 0)
		return 0;
	if (req->size - 1u > UINT64_MAX - req->iova)
		return SMMUV3_EINVAL; /* iova + size > 2^64 */
	last = req->iova + (req->size - 1u);
	if ((last >> c->gshift) >= c->limit_pages)
		return SMMUV3_ERANGE;
	c->start = req->iova >> c->gshift;
	c->npages = (last >> c->gshift) - c->start + 1u;
	c->leaf_j = 0;
	c->ttl_candidate = false;
	if (req->leaf_size) {
		/* VMSAv8-64: blocks at up to level 0 (4K, FEAT_LPA2) or level
		 * 1 (16K with FEAT_LPA2, 64K with 52-bit). */
		unsigned int j, max_j = c->gshift == 12u ? 3u : 2u;

		for (j = 0; j <= max_j; j++)
			if (req->leaf_size == (uint64_t)1 << (c->gshift + j * bits))
				break;
		if (j > max_j)
			return SMMUV3_EINVAL;
		if ((req->iova | req->size) & (req->leaf_size - 1u))
			return SMMUV3_EINVAL;
		c->leaf_j = j;
		c->ttl_candidate = req->leaf_only && !req->leaf_mixed &&
				   (c->caps->features & SMMUV3_FEAT_RANGE_INV);
	}
	return 0;
}

/*
 * Plan @req into @o's output (descriptors, encoded commands or a sink).
 * Validation happens before anything is emitted.
 */
static int plan(const struct smmuv3_caps *caps,
		const struct smmuv3_tlbi_req *req, const struct plan_ctx *o,
		struct smmuv3_tlbi_info *info)
{
	struct smmuv3_tlbi_info inf = { 0 };
	struct plan_ctx c = { 0 };
	int ret;

	if (!info)
		return SMMUV3_EINVAL;
	*info = inf;
	if (!caps || !req || (!o->out && !o->enc && !o->sink && o->cap))
		return SMMUV3_EINVAL;
	ret = check_domain(caps, req, &c);
	if (ret)
		return ret;
	if (!req->all) {
		ret = check_range(req, &c);
		if (ret)
			return ret;
		if (req->size == 0)
			return 0; /* nothing changed, nothing to wait for */
	}
	c.out = o->out;
	c.enc = o->enc;
	c.sink = o->sink;
	c.sink_ctx = o->sink_ctx;
	c.cap = o->cap;

	ret = plan_tlbi(&c, &inf);
	if (ret)
		return ret;
	inf.n_tlbi = c.n;
	if (!(req->flags & SMMUV3_TLBI_F_NO_SYNC)) {
		ret = emit_sync(&c);
		if (!ret && req->regime == SMMUV3_TLBI_S2_NESTED && !inf.full) {
			/* Combined S1+S2 entries: after the stage-2 entries
			 * are gone (IHI 0070 4.4.3.1). */
			struct smmuv3_cmd_desc d = {
				.opcode = SMMUV3_OP_TLBI_NH_ALL,
				.vmid = req->vmid,
			};

			ret = emit(&c, &d);
			if (!ret)
				ret = emit_sync(&c);
		}
		/* IHI 0070 4.5.1: ATC_INV only after the TLBI completed. */
		if (!ret && req->n_ats)
			ret = plan_atc(&c);
		if (ret)
			return ret;
	}
	inf.n_cmds = c.n;
	*info = inf;
	return 0;
}

int smmuv3_tlbi_plan(const struct smmuv3_caps *caps,
		     const struct smmuv3_tlbi_req *req,
		     struct smmuv3_cmd_desc *out, size_t cap,
		     struct smmuv3_tlbi_info *info)
{
	struct plan_ctx o = { .out = out, .cap = cap };

	return plan(caps, req, &o, info);
}

int smmuv3_tlbi_plan_encode(const struct smmuv3_caps *caps,
			    const struct smmuv3_tlbi_req *req,
			    struct smmuv3_cmd *out, size_t cap,
			    struct smmuv3_tlbi_info *info)
{
	struct plan_ctx o = { .enc = out, .cap = cap };

	return plan(caps, req, &o, info);
}

/* ---- command-queue batch ---- */

struct batch_sink {
	struct smmuv3_cmdq *q;
	struct smmuv3_cmdq_batch *b;
	struct smmuv3_cmdq_status *st;
};

static int count_only(void *ctx, const struct smmuv3_cmd_desc *d)
{
	(void)ctx;
	(void)d;
	return 0;
}

static int to_batch(void *ctx, const struct smmuv3_cmd_desc *d)
{
	const struct batch_sink *bs = ctx;

	/* The queue builds each CMD_SYNC itself (its completion mode) and
	 * waits for it: IHI 0070 4.7.3, ATC_INV after a completed TLBI. */
	if (d->opcode == SMMUV3_OP_CMD_SYNC)
		return smmuv3_cmdq_batch_submit(bs->q, bs->b, bs->st);
	return smmuv3_cmdq_batch_add(bs->q, bs->b, d, bs->st);
}

int smmuv3_tlbi_batch_add(struct smmuv3_cmdq *q, struct smmuv3_cmdq_batch *b,
			  const struct smmuv3_caps *caps,
			  const struct smmuv3_tlbi_req *req,
			  struct smmuv3_tlbi_info *info,
			  struct smmuv3_cmdq_status *st)
{
	struct batch_sink bs = { .q = q, .b = b, .st = st };
	struct plan_ctx o = { .sink = count_only, .cap = SIZE_MAX };
	int ret;

	if (!info)
		return SMMUV3_EINVAL;
	if (!q || !b) {
		*info = (struct smmuv3_tlbi_info){ 0 };
		return SMMUV3_EINVAL;
	}
	/* Validate (and size) first: nothing reaches the batch on error. */
	ret = plan(caps, req, &o, info);
	if (ret)
		return ret;
	o.sink = to_batch;
	o.sink_ctx = &bs;
	return plan(caps, req, &o, info);
}

/* ---- gather ---- */

/*
 * Issue what is pending. Returns the submit error (0 once the invalidation
 * went out, even if the range plan failed and "everything" was issued
 * instead; that error is still kept for the next sync).
 */
static int gather_issue(struct smmuv3_tlbi_gather *g)
{
	struct smmuv3_tlbi_req req = g->tmpl;
	struct smmuv3_tlbi_info info;
	int ret;

	if (!g->pending)
		return 0;
	req.all = g->all || (g->start == 0 && g->last == UINT64_MAX);
	if (!req.all) {
		req.iova = g->start;
		req.size = g->last - g->start + 1u;
		req.leaf_size = g->leaf_size;
		req.leaf_only = g->leaf_only;
		req.leaf_mixed = g->leaf_mixed;
	}
	ret = smmuv3_tlbi_plan(g->caps, &req, g->buf, g->cap, &info);
	if (ret && !req.all) {
		/* Never lose an invalidation: fall back to everything. */
		req.all = true;
		if (!g->err)
			g->err = ret;
		ret = smmuv3_tlbi_plan(g->caps, &req, g->buf, g->cap, &info);
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
	struct smmuv3_tlbi_req req;
	struct smmuv3_tlbi_info info;
	int ret;

	if (!g || !caps || !tmpl || !buf || !submit)
		return SMMUV3_EINVAL;
	if (cap < SMMUV3_TLBI_PLAN_MAX(tmpl->max_ops, tmpl->n_ats))
		return SMMUV3_E2BIG;
	/* Validate the template by planning "everything" into the scratch. */
	req = *tmpl;
	req.all = true;
	ret = smmuv3_tlbi_plan(caps, &req, buf, cap, &info);
	if (ret)
		return ret;
	*g = (struct smmuv3_tlbi_gather){
		.caps = caps,
		.tmpl = *tmpl,
		.buf = buf,
		.cap = cap,
		.submit = submit,
		.submit_ctx = ctx,
	};
	g->tmpl.all = false;
	g->tmpl.iova = 0;
	g->tmpl.size = 0;
	g->tmpl.leaf_size = 0;
	g->tmpl.leaf_only = false;
	g->tmpl.leaf_mixed = false;
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
	gmask = ((uint64_t)1 << granule_shift(g->tmpl.granule)) - 1u;
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
			g->leaf_mixed = true;
			if (g->leaf_size == 0 || leaf_size == 0)
				g->leaf_size = 0;
			else if (leaf_size < g->leaf_size)
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
