// SPDX-License-Identifier: BSD-2-Clause
/*
 * Property test of the TLBI planner: seeded random cases (start, size,
 * granule, leaf level, regime, RIL on/off, IDR5.DS, FULL_CONT_RANGE_INV,
 * ATS) plus fixed edge cases. Every planned command is encoded with
 * smmuv3_cmd_encode() and the 128-bit result is decoded by THIS FILE's own
 * decoder, written from IHI 0070 4.4.1.1 / 4.4.2 / 4.4.3 / 4.5.1 without the
 * library's masks, into the intervals of translation-granule pages it
 * invalidates. Checked for each case:
 *   - exact coverage: the union of the intervals is the range (no page
 *     missing, none outside), except under FULL_CONT_RANGE_INV where the one
 *     command must cover the range with the smallest expressible rounding;
 *   - no Reserved encoding (TG != 0 with NUM = SCALE = TTL = 0, 16K TTL 1
 *     without DS, SCALE > 31 without DS, TTL/NUM/SCALE with TG 0, TTL on an
 *     unaligned base), the TTL hint used exactly when it is valid;
 *   - the command count equals the minimum, computed here independently
 *     (search over SCALE for one exact command; two otherwise up to twice
 *     the largest command; else the whole ASID/VMID; without RIL one per
 *     leaf up to 512);
 *   - the sequence: TLBIs, CMD_SYNC, [NH_ALL, CMD_SYNC], [ATC_INV..,
 *     CMD_SYNC], and the ATC span is the smallest aligned power of two.
 * Then cases/20 random sequences of gather flushes (touching, overlapping,
 * disjoint, mixed leaf sizes, removed tables, flush_all): every flushed
 * page is invalidated by a plan submitted after the flush, by a command
 * whose Leaf/TTL scope reaches what changed (a removed table or flush_all
 * before the flush op returned 0); without rounding or flush_all, no page outside the
 * flushed ranges is invalidated.
 *
 * Usage: prop_tlbi [cases] [seed]   (defaults 1000000, 0x5eed7b1c0ffee)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/smmuv3.h>

/* ---- independent command decoder (IHI 0070 chapter 4) ---- */

static uint64_t bits(uint64_t w, unsigned int hi, unsigned int lo)
{
	return (w >> lo) & ((hi - lo == 63) ? ~0ull : ((1ull << (hi - lo + 1)) - 1));
}

struct dec {
	unsigned int op;
	unsigned int asid, vmid;
	bool leaf;
	unsigned int ttl, tg, num, scale, ttl128;
	uint64_t addr;
	/* ATC_INV */
	uint32_t sid, ssid;
	bool ssv, global;
	unsigned int size;
	uint64_t res0_dw0, res0_dw1; /* bits set outside known fields */
};

/* Opcodes (IHI 0070 4.1.1). */
enum {
	OP_TLBI_NH_ALL = 0x10,
	OP_TLBI_NH_ASID = 0x11,
	OP_TLBI_NH_VA = 0x12,
	OP_TLBI_EL2_ASID = 0x21,
	OP_TLBI_EL2_VA = 0x22,
	OP_TLBI_S12_VMALL = 0x28,
	OP_TLBI_S2_IPA = 0x2a,
	OP_ATC_INV = 0x40,
	OP_CMD_SYNC = 0x46,
};

static void decode(const struct smmuv3_cmd *c, struct dec *d)
{
	uint64_t w0 = c->dw[0], w1 = c->dw[1];
	uint64_t known0 = 0xff, known1 = 0;

	memset(d, 0, sizeof(*d));
	d->op = (unsigned int)bits(w0, 7, 0);
	switch (d->op) {
	case OP_TLBI_NH_VA:
	case OP_TLBI_EL2_VA:
	case OP_TLBI_S2_IPA:
		/* 4.4.1.1: NUM [16:12], SCALE [25:20]; Leaf bit 64, TTL128
		 * bit 71, TTL [73:72], TG [75:74]; Address [127:76]. */
		d->num = (unsigned int)bits(w0, 16, 12);
		d->scale = (unsigned int)bits(w0, 25, 20);
		d->leaf = bits(w1, 0, 0);
		d->ttl128 = (unsigned int)bits(w1, 7, 7);
		d->ttl = (unsigned int)bits(w1, 9, 8);
		d->tg = (unsigned int)bits(w1, 11, 10);
		d->addr = w1 & ~0xfffull;
		known0 |= 0x1full << 12 | 0x3full << 20;
		known1 |= 1 | 1ull << 7 | 0xfull << 8 | ~0xfffull;
		if (d->op == OP_TLBI_S2_IPA)
			known1 &= ~(0xfffull << 52); /* IPA [51:12] only */
		/* fall through */
	case OP_TLBI_NH_ASID:
	case OP_TLBI_EL2_ASID:
	case OP_TLBI_NH_ALL:
	case OP_TLBI_S12_VMALL:
		/* 4.4.2/4.4.3: VMID [47:32] (not EL2), ASID [63:48]. */
		if (d->op != OP_TLBI_EL2_VA && d->op != OP_TLBI_EL2_ASID) {
			d->vmid = (unsigned int)bits(w0, 47, 32);
			known0 |= 0xffffull << 32;
		}
		if (d->op != OP_TLBI_NH_ALL && d->op != OP_TLBI_S12_VMALL &&
		    d->op != OP_TLBI_S2_IPA) {
			d->asid = (unsigned int)bits(w0, 63, 48);
			known0 |= 0xffffull << 48;
		}
		break;
	case OP_ATC_INV:
		/* 4.5.1: G [9], SSV [11], SSID [31:12], SID [63:32];
		 * Size [69:64], Address [127:76]. */
		d->global = bits(w0, 9, 9);
		d->ssv = bits(w0, 11, 11);
		d->ssid = (uint32_t)bits(w0, 31, 12);
		d->sid = (uint32_t)bits(w0, 63, 32);
		d->size = (unsigned int)bits(w1, 5, 0);
		d->addr = w1 & ~0xfffull;
		known0 |= 1ull << 9 | 1ull << 11 | 0xfffffull << 12 |
			  0xffffffffull << 32;
		known1 |= 0x3full | ~0xfffull;
		break;
	case OP_CMD_SYNC:
		/* CS [13:12], MSH [23:22], MSIAttr [27:24], MSIData
		 * [63:32], MSIAddress [115:66]. */
		known0 |= 0x3ull << 12 | 0x3ull << 22 | 0xfull << 24 |
			  0xffffffffull << 32;
		known1 |= 0x000ffffffffffffcull;
		break;
	default:
		break;
	}
	d->res0_dw0 = w0 & ~known0;
	d->res0_dw1 = w1 & ~known1;
}

/* ---- the case and its independent expectations ---- */

struct pcase {
	enum smmuv3_tlbi_regime regime;
	unsigned int gshift;   /* 12, 14, 16 */
	bool ril, ds, fullcont;
	unsigned int leaf_j;   /* leaf = granule << (j * (gshift - 3)) */
	bool has_leaf, leaf_only, mixed;
	uint64_t iova, size;
	unsigned int space;    /* address bits of the space (<= 64) */
	unsigned int s2_ias;   /* caps->s2_ias_bits, 0 = unset */
	unsigned int n_ats;
	unsigned int max_ops;  /* 0 = default */
};

struct stats {
	uint64_t cases, cmds, one, two, full, rounded, nonril_cmds, ttl;
	uint64_t errors_expected;
};

static const char *fail_what;
static int failures;

#define CHECK(cond, what)                 \
	do {                              \
		if (!(cond)) {            \
			fail_what = what; \
			return false;     \
		}                         \
	} while (0)

/* Minimum count of range commands covering n pages exactly; 0 = none. */
static unsigned int exact_one(uint64_t n, unsigned int max_scale)
{
	unsigned int s;

	for (s = 0; s <= max_scale && s < 64; s++) {
		if (n & ((1ull << s) - 1))
			break; /* 2^s no longer divides n */
		if ((n >> s) <= 32)
			return 1;
	}
	return 0;
}

/* Smallest (m) * 2^j >= n, m <= 32, j <= max_scale; 0 if none. */
static uint64_t min_rounded(uint64_t n, unsigned int max_scale)
{
	unsigned int j;

	for (j = 0; j <= max_scale; j++) {
		uint64_t m = (n + (1ull << j) - 1) >> j;

		if (m <= 32)
			return m << j;
	}
	return 0;
}

struct ival {
	uint64_t lo, hi;
};

static int ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static struct smmuv3_cmd_desc descs[SMMUV3_TLBI_PLAN_MAX(0, 2)];
static struct ival ivals[SMMUV3_TLBI_PLAN_MAX(0, 2)];

static void make_caps(const struct pcase *pc, struct smmuv3_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->features = SMMUV3_FEAT_GRAN4K | SMMUV3_FEAT_GRAN16K |
			 SMMUV3_FEAT_GRAN64K | SMMUV3_FEAT_TRANS_S1 |
			 SMMUV3_FEAT_TRANS_S2 | SMMUV3_FEAT_HYP |
			 SMMUV3_FEAT_E2H | SMMUV3_FEAT_ATS;
	if (pc->ril)
		caps->features |= SMMUV3_FEAT_RANGE_INV;
	if (pc->ds)
		caps->features |= SMMUV3_FEAT_DS;
	if (pc->fullcont)
		caps->options |= SMMUV3_OPT_FULL_CONT_RANGE_INV;
	caps->asid_bits = 16;
	caps->vmid_bits = 16;
	caps->sid_bits = 16;
	caps->ssid_bits = 20;
	caps->s2_ias_bits = (uint8_t)pc->s2_ias;
}

static const struct smmuv3_tlbi_ats_target ats_tgts[2] = {
	{ .sid = 0x1234 },
	{ .sid = 0x42, .ssid = 0x7, .ssv = true },
};

static bool check_case(const struct pcase *pc, struct stats *st)
{
	struct smmuv3_caps caps;
	struct smmuv3_tlbi_req req = { 0 };
	struct smmuv3_tlbi_info info;
	const unsigned int gs = pc->gshift;
	const uint64_t leaf = pc->has_leaf
				      ? 1ull << (gs + pc->leaf_j * (gs - 3))
				      : 0;
	const unsigned int max_scale = pc->ds ? 39 : 31;
	const bool s2 = pc->regime == SMMUV3_TLBI_S2 ||
			pc->regime == SMMUV3_TLBI_S2_NESTED;
	uint64_t s, e, n, limit;
	unsigned int level = 3 - pc->leaf_j, want_ttl = 0;
	size_t i, k, nt, nival = 0;
	bool full = false;
	int ret;

	make_caps(pc, &caps);
	req.regime = pc->regime;
	req.asid = pc->regime == SMMUV3_TLBI_S2 ||
				   pc->regime == SMMUV3_TLBI_S2_NESTED
			   ? 0
			   : 0xbeef;
	req.vmid = pc->regime == SMMUV3_TLBI_S1_EL2 ? 0 : 0x77;
	req.granule = gs == 12 ? SMMUV3_GRANULE_4K
		      : gs == 14 ? SMMUV3_GRANULE_16K
				 : SMMUV3_GRANULE_64K;
	req.iova = pc->iova;
	req.size = pc->size;
	req.leaf_size = leaf;
	req.leaf_only = pc->leaf_only;
	req.leaf_mixed = pc->mixed;
	req.max_ops = pc->max_ops;
	req.ats = pc->n_ats ? ats_tgts : NULL;
	req.n_ats = pc->n_ats;
	if (pc->regime == SMMUV3_TLBI_S2 || pc->regime == SMMUV3_TLBI_S2_NESTED)
		req.ats = pc->n_ats ? ats_tgts : NULL; /* SID 0x42 uses SSV */

	ret = smmuv3_tlbi_plan(&caps, &req, descs, sizeof(descs) / sizeof(descs[0]),
			       &info);
	st->cases++;

	/* Independent validity: overflow and space limits. */
	if (pc->size && pc->size - 1 > UINT64_MAX - pc->iova) {
		CHECK(ret == SMMUV3_EINVAL, "overflow not refused");
		st->errors_expected++;
		return true;
	}
	limit = s2 ? (pc->s2_ias && pc->s2_ias < 52 ? pc->s2_ias : 52) : 64;
	if (pc->size && limit < 64 &&
	    (pc->iova + pc->size - 1) >> limit != 0) {
		CHECK(ret == SMMUV3_ERANGE, "out-of-space range not refused");
		st->errors_expected++;
		return true;
	}
	CHECK(ret == 0, "plan failed");
	if (pc->size == 0) {
		CHECK(info.n_cmds == 0, "size 0 planned commands");
		return true;
	}

	s = pc->iova >> gs;
	e = (pc->iova + pc->size - 1) >> gs;
	n = e - s + 1;
	limit = limit == 64 ? 1ull << (64 - gs) : 1ull << (limit - gs);
	if (pc->ril && pc->has_leaf && pc->leaf_only && !pc->mixed &&
	    level >= 1 && level <= 3 && !(gs == 14 && level == 1 && !pc->ds))
		want_ttl = level;

	/* Decode the TLBI group. */
	for (nt = 0; nt < info.n_cmds; nt++) {
		struct smmuv3_cmd cmd;
		struct dec d;

		CHECK(smmuv3_cmd_encode(&caps, &descs[nt], &cmd) == 0,
		      "encoder refused a planned command");
		decode(&cmd, &d);
		CHECK(d.res0_dw0 == 0 && d.res0_dw1 == 0, "RES0 bit set");
		if (d.op == OP_CMD_SYNC)
			break;
		switch (d.op) {
		case OP_TLBI_NH_ASID:
		case OP_TLBI_EL2_ASID:
		case OP_TLBI_S12_VMALL:
			CHECK(d.op == (pc->regime == SMMUV3_TLBI_S1 ? OP_TLBI_NH_ASID
				       : pc->regime == SMMUV3_TLBI_S1_EL2
					       ? OP_TLBI_EL2_ASID
					       : OP_TLBI_S12_VMALL),
			      "wrong full opcode");
			CHECK(d.asid == req.asid || d.op == OP_TLBI_S12_VMALL,
			      "full asid");
			CHECK(d.vmid == req.vmid || d.op == OP_TLBI_EL2_ASID,
			      "full vmid");
			full = true;
			continue;
		case OP_TLBI_NH_VA:
			CHECK(pc->regime == SMMUV3_TLBI_S1, "NH_VA regime");
			CHECK(d.asid == req.asid && d.vmid == req.vmid,
			      "NH_VA ids");
			break;
		case OP_TLBI_EL2_VA:
			CHECK(pc->regime == SMMUV3_TLBI_S1_EL2, "EL2_VA regime");
			CHECK(d.asid == req.asid, "EL2_VA asid");
			break;
		case OP_TLBI_S2_IPA:
			CHECK(s2, "S2_IPA regime");
			CHECK(d.vmid == req.vmid, "S2_IPA vmid");
			break;
		default:
			CHECK(0, "unexpected opcode in TLBI group");
		}
		CHECK(d.leaf == pc->leaf_only, "Leaf bit");
		CHECK(d.ttl128 == 0, "TTL128");
		if (d.tg == 0) {
			/* Non-range: the entries of addr only (4.4): the
			 * whole leaf holding it when only leaves of that
			 * size (or larger) changed, else one granule (a
			 * removed table had smaller entries elsewhere). */
			uint64_t u = pc->has_leaf && pc->leaf_only ? leaf >> gs
								   : 1;
			uint64_t p = (d.addr >> gs) & ~(u - 1);

			CHECK(d.num == 0 && d.scale == 0 && d.ttl == 0,
			      "NUM/SCALE/TTL with TG 0 (RES0)");
			CHECK((d.addr & ((1ull << gs) - 1)) == 0,
			      "TG 0 address not granule aligned");
			ivals[nival].lo = p;
			ivals[nival].hi = p + u - 1;
			nival++;
			continue;
		}
		/* Range form (4.4.1.1). */
		CHECK(pc->ril, "range command without RIL");
		CHECK(d.tg == (gs - 10) / 2, "TG is not the granule");
		CHECK(!(d.num == 0 && d.scale == 0 && d.ttl == 0),
		      "Reserved NUM=SCALE=TTL=0");
		CHECK(d.scale <= max_scale, "SCALE too large");
		CHECK(!(gs == 14 && d.ttl == 1 && !pc->ds), "16K TTL 1");
		CHECK((d.addr & ((1ull << gs) - 1)) == 0,
		      "range base not granule aligned");
		{
			uint64_t cnt = (uint64_t)(d.num + 1) << d.scale;
			uint64_t lo = d.addr >> gs;

			CHECK(d.ttl == want_ttl, "TTL hint not used as valid");
			if (d.ttl) {
				uint64_t blk = 1ull << ((3 - d.ttl) * (gs - 3));

				CHECK((lo & (blk - 1)) == 0 &&
					      (cnt & (blk - 1)) == 0,
				      "TTL on a misaligned span");
			}
			CHECK(lo + cnt <= limit, "range beyond the space");
			ivals[nival].lo = lo;
			ivals[nival].hi = lo + cnt - 1;
			nival++;
			st->ttl += d.ttl != 0;
		}
	}
	CHECK(nt == info.n_tlbi, "n_tlbi");
	CHECK(nt < info.n_cmds, "no CMD_SYNC after the TLBIs");
	CHECK(full == info.full, "info.full");

	/* Expected command count, computed independently. */
	if (pc->ril && !pc->fullcont) {
		uint64_t big = 32ull << max_scale;

		if (exact_one(n, max_scale)) {
			CHECK(!full && nt == 1, "not one command");
			st->one++;
		} else if (n <= 2 * big) {
			CHECK(!full && nt == 2, "not two commands");
			st->two++;
		} else {
			CHECK(full && nt == 1, "expected full invalidation");
		}
	} else if (pc->ril) {
		uint64_t want = (n == 1 && !want_ttl) ? 2
						     : min_rounded(n, max_scale);

		if (want == 0) {
			CHECK(full && nt == 1, "expected full (FULL_CONT)");
		} else {
			CHECK(!full && nt == 1 && nival == 1,
			      "FULL_CONT: not one command");
			CHECK(ivals[0].hi - ivals[0].lo + 1 == want,
			      "FULL_CONT: rounding not minimal");
			CHECK(ivals[0].lo <= s && ivals[0].hi >= e,
			      "FULL_CONT: range not covered");
			CHECK(info.rounded == (want != n), "info.rounded");
			st->rounded += want != n;
			st->one++;
		}
	} else {
		uint64_t ops = pc->size / (leaf && pc->leaf_only
						   ? leaf
						   : 1ull << gs);
		uint64_t max = pc->max_ops ? pc->max_ops : 512;

		if (ops > max)
			CHECK(full && nt == 1, "non-RIL: expected full");
		else
			CHECK(!full && nt == ops, "non-RIL: not one per leaf");
		st->nonril_cmds += nt;
	}
	if (full)
		st->full++;

	/* Exact coverage (not for FULL_CONT, checked above, nor full). */
	if (!full && !(pc->ril && pc->fullcont)) {
		uint64_t cur = s;

		for (k = 1; k < nival; k++)
			if (ivals[k].lo < ivals[k - 1].lo)
				break;
		if (k < nival)
			qsort(ivals, nival, sizeof(ivals[0]), ival_cmp);
		for (k = 0; k < nival; k++) {
			CHECK(ivals[k].lo >= s && ivals[k].hi <= e,
			      "page outside the range invalidated");
			CHECK(ivals[k].lo <= cur, "page of the range missed");
			if (ivals[k].hi + 1 > cur)
				cur = ivals[k].hi + 1;
		}
		CHECK(cur == e + 1, "tail of the range missed");
	}

	/* The rest of the sequence. */
	i = nt + 1;
	if (pc->regime == SMMUV3_TLBI_S2_NESTED && !full) {
		struct smmuv3_cmd cmd;
		struct dec d;

		CHECK(i + 1 < info.n_cmds, "nested: NH_ALL missing");
		CHECK(smmuv3_cmd_encode(&caps, &descs[i], &cmd) == 0, "enc");
		decode(&cmd, &d);
		CHECK(d.op == OP_TLBI_NH_ALL && d.vmid == req.vmid,
		      "nested: NH_ALL");
		CHECK(smmuv3_cmd_encode(&caps, &descs[i + 1], &cmd) == 0,
		      "enc");
		decode(&cmd, &d);
		CHECK(d.op == OP_CMD_SYNC, "nested: sync after NH_ALL");
		i += 2;
	}
	if (pc->n_ats) {
		uint64_t f = pc->iova >> 12;
		uint64_t l = (pc->iova + pc->size - 1) >> 12;
		bool whole = pc->regime == SMMUV3_TLBI_S2_NESTED;

		for (k = 0; k < pc->n_ats; k++, i++) {
			struct smmuv3_cmd cmd;
			struct dec d;

			CHECK(i < info.n_cmds, "ATC_INV missing");
			CHECK(smmuv3_cmd_encode(&caps, &descs[i], &cmd) == 0,
			      "ATC encode");
			decode(&cmd, &d);
			CHECK(d.res0_dw0 == 0 && d.res0_dw1 == 0, "ATC RES0");
			CHECK(d.op == OP_ATC_INV, "ATC_INV expected");
			CHECK(d.sid == ats_tgts[k].sid &&
				      d.ssv == ats_tgts[k].ssv &&
				      d.ssid == (d.ssv ? ats_tgts[k].ssid : 0),
			      "ATC ids");
			CHECK(d.size <= 52, "ATC Size > 52");
			if (whole || d.size == 52) {
				CHECK(d.size == 52 && d.addr == 0,
				      "ATC whole form");
				CHECK(whole || (f >> 51) != (l >> 51),
				      "ATC whole space not needed");
				continue;
			}
			CHECK(((d.addr >> 12) & ((1ull << d.size) - 1)) == 0,
			      "ATC addr not aligned to its span");
			CHECK((d.addr >> 12) <= f &&
				      (d.addr >> 12) + (1ull << d.size) - 1 >= l,
			      "ATC span misses the range");
			CHECK(d.size == 0 ||
				      (f >> (d.size - 1)) != (l >> (d.size - 1)),
			      "ATC span not minimal");
		}
		CHECK(i < info.n_cmds && descs[i].opcode == OP_CMD_SYNC,
		      "sync after ATC_INV");
		i++;
	}
	CHECK(i == info.n_cmds, "extra commands at the end");
	st->cmds += info.n_cmds;
	return true;
}

/* ---- generator ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void gen_case(struct pcase *pc)
{
	static const unsigned int s1_spaces[] = { 32, 39, 48, 52, 64 };
	static const unsigned int s2_spaces[] = { 32, 40, 48, 52 };
	uint64_t units, count, start;
	unsigned int lg, max_j, r;

	memset(pc, 0, sizeof(*pc));
	pc->gshift = 12 + 2 * (unsigned int)below(3);
	pc->regime = (enum smmuv3_tlbi_regime)below(4);
	pc->ril = below(4) != 0;
	pc->ds = below(4) == 0;
	pc->fullcont = pc->ril && below(4) == 0;
	if (pc->regime == SMMUV3_TLBI_S2 || pc->regime == SMMUV3_TLBI_S2_NESTED) {
		pc->space = s2_spaces[below(4)];
		if (below(2))
			pc->s2_ias = pc->space;
	} else {
		pc->space = s1_spaces[below(5)];
	}
	pc->has_leaf = below(4) != 0;
	max_j = pc->gshift == 12 ? 3 : 2;
	r = (unsigned int)below(8);
	pc->leaf_j = r < 4 ? 0 : r < 6 ? 1 : r < 7 ? 2 : max_j;
	if (!pc->has_leaf ||
	    pc->gshift + pc->leaf_j * (pc->gshift - 3) >= pc->space)
		pc->leaf_j = 0;
	pc->leaf_only = pc->has_leaf ? below(8) != 0 : below(2) != 0;
	pc->mixed = pc->has_leaf && below(8) == 0;
	pc->n_ats = below(4) == 0 ? 1 + (unsigned int)below(2) : 0;
	if (!pc->ril && below(16) == 0)
		pc->max_ops = 1 + (unsigned int)below(64);

	lg = pc->has_leaf ? pc->gshift + pc->leaf_j * (pc->gshift - 3)
			  : pc->gshift;
	units = 1ull << (pc->space - lg); /* units in the space */

	r = (unsigned int)below(100);
	if (r < 35) {
		count = 1 + below(64);
	} else if (r < 55) { /* around a power of two */
		unsigned int k = (unsigned int)below(pc->space - lg + 1);

		count = (1ull << k) + below(7) - 3;
	} else if (r < 75) { /* log-uniform */
		unsigned int k = (unsigned int)below(pc->space - lg + 1);

		count = 1 + below(1ull << k);
	} else if (r < 88) { /* odd multiple of a power of two */
		unsigned int k = (unsigned int)below(pc->space - lg + 1);

		count = (1 + 2 * below(40)) << (k > 6 ? k - 6 : 0);
	} else if (r < 94) {
		count = units; /* the whole space */
	} else if (r < 99) {
		count = units - below(units < 8 ? units : 8);
	} else {
		count = 0;
	}
	if (count > units)
		count = units;
	if (pc->space == 64 && count == units)
		count--; /* size must fit 64 bits */

	r = (unsigned int)below(10);
	if (r < 3)
		start = 0;
	else if (r < 5)
		start = units - count; /* ends at the top */
	else if (r < 6 && lg < 32 && (1ull << (32 - lg)) < units) {
		/* straddle 2^32 (when the count allows) */
		uint64_t p = 1ull << (32 - lg);

		start = p > count / 2 + 1 ? p - count / 2 - 1 : 0;
		if (start > units - count)
			start = units - count;
	} else
		start = below(units - count + 1);
	pc->iova = start << lg;
	pc->size = count << lg;
}

/* ---- fixed edge cases ---- */

static struct pcase edge(unsigned int gs, enum smmuv3_tlbi_regime regime,
			 bool ril, bool ds, bool fc, uint64_t iova,
			 uint64_t size, unsigned int leaf_j, bool has_leaf,
			 unsigned int space)
{
	struct pcase pc = { 0 };

	pc.gshift = gs;
	pc.regime = regime;
	pc.ril = ril;
	pc.ds = ds;
	pc.fullcont = fc;
	pc.iova = iova;
	pc.size = size;
	pc.leaf_j = leaf_j;
	pc.has_leaf = has_leaf;
	pc.leaf_only = has_leaf;
	pc.space = space;
	return pc;
}

static int run_edges(struct stats *st)
{
	const uint64_t top = 0xfffffffffffff000ull;
	const enum smmuv3_tlbi_regime S1 = SMMUV3_TLBI_S1, S2 = SMMUV3_TLBI_S2;
	struct pcase cases[] = {
		edge(12, S1, true, false, false, 0x1000, 0, 0, false, 48),
		edge(12, S1, true, false, false, 0x1000, 0x1000, 0, true, 48),
		edge(12, S1, true, false, false, 0x1000, 0x1000, 0, false, 48),
		edge(12, S1, true, false, true, 0x1000, 0x1000, 0, false, 48),
		edge(12, S1, true, false, false, 0, 1ull << 48, 0, false, 48),
		edge(12, S1, true, false, false, 0, 1ull << 52, 0, false, 52),
		edge(12, S1, true, true, false, 0, 1ull << 52, 0, false, 52),
		edge(16, S2, true, false, false, 0, 1ull << 52, 0, false, 52),
		edge(14, S2, true, false, false, 0, 1ull << 52, 0, false, 52),
		edge(12, S1, true, false, false, 0xfffff000, 0x2000, 0, true,
		     48),
		edge(12, S1, false, false, false, 0xfffff000, 0x2000, 0, true,
		     48),
		edge(12, S1, true, false, false, top, 0x1000, 0, true, 64),
		edge(12, S1, true, false, true, top, 0x1000, 0, false, 64),
		edge(12, S1, true, false, true, top - 0x20000, 0x21000, 0,
		     false, 64),
		edge(12, S1, true, false, false, top, 0x2000, 0, true, 64),
		edge(12, S1, true, false, false, 0x1000, ~0xfffull, 0, false,
		     64),
		edge(12, S1, true, false, false, 0x2000, ~0xfffull, 0, false,
		     64),
		edge(12, S1, false, false, false, top, 0x2000, 0, false, 64),
		edge(12, S2, true, false, false, (1ull << 52) - 0x1000, 0x1000,
		     0, true, 52),
		edge(12, S2, true, false, false, (1ull << 52) - 0x1000, 0x2000,
		     0, true, 52),
		edge(12, S2, true, false, true, (1ull << 52) - 0x3000, 0x3000,
		     0, true, 52),
		edge(12, S1, true, false, false, 0, (1ull << 48) + 0x1000, 0,
		     true, 52),
		edge(12, S1, true, false, false, 0, 1ull << 49, 0, true, 52),
		edge(12, S1, true, false, false, 0, (1ull << 49) + 0x1000, 0,
		     true, 52),
		edge(12, S1, false, false, false, 0, 512 * 0x1000ull, 0, true,
		     48),
		edge(12, S1, false, false, false, 0, 513 * 0x1000ull, 0, true,
		     48),
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!check_case(&cases[i], st)) {
			printf("edge case %zu FAILED: %s\n", i, fail_what);
			bad++;
		}
	}
	printf("edge cases: %zu run, %d failed\n", i, bad);
	return bad;
}

/* ---- gather property: nothing flushed is ever left out ---- */

#define G_MAX_REC 64
#define G_MAX_IV 256

struct g_iv {
	uint64_t lo, hi;   /* granule pages */
	uint64_t when;     /* submit number (plans) */
	unsigned int ttl;  /* plans: TTL (0: any level) */
	bool leaf;         /* plans: Leaf = 1 (walk caches kept) */
	unsigned int level; /* flushes: leaf level, 0 = table removed */
};

struct g_state {
	const struct smmuv3_caps *caps;
	unsigned int gs;
	uint64_t submits;
	struct g_iv sub[G_MAX_IV]; /* what plans invalidated */
	size_t nsub;
	uint64_t full_when[G_MAX_REC]; /* plans that were whole-ASID */
	size_t nfull;
	bool bad;
	const char *why;
};

static int g_submit(void *ctx, const struct smmuv3_cmd_desc *c, size_t n)
{
	struct g_state *g = ctx;
	size_t i;

	for (i = 0; i < n && c[i].opcode != OP_CMD_SYNC; i++) {
		struct smmuv3_cmd cmd;
		struct dec d;

		if (smmuv3_cmd_encode(g->caps, &c[i], &cmd) != 0) {
			g->bad = true;
			g->why = "gather: encoder refused";
			continue;
		}
		decode(&cmd, &d);
		if (d.op == OP_TLBI_NH_ASID) {
			if (g->nfull < G_MAX_REC)
				g->full_when[g->nfull++] = g->submits;
			continue;
		}
		if (d.op != OP_TLBI_NH_VA || g->nsub == G_MAX_IV) {
			g->bad = true;
			g->why = "gather: unexpected command";
			continue;
		}
		g->sub[g->nsub].lo = d.addr >> g->gs;
		g->sub[g->nsub].hi = (d.addr >> g->gs) +
				     (d.tg ? ((uint64_t)(d.num + 1) << d.scale)
					   : 1) - 1;
		g->sub[g->nsub].when = g->submits;
		g->sub[g->nsub].ttl = d.ttl;
		g->sub[g->nsub].leaf = d.leaf;
		g->nsub++;
	}
	if (i == n) {
		g->bad = true;
		g->why = "gather: plan without CMD_SYNC";
	}
	g->submits++;
	return 0;
}

/*
 * Is every page of [lo, hi] in the union of the intervals of @v whose
 * 'when' is in [from, to) and that invalidate what changed at @level
 * (IHI 0070 4.4: Leaf = 1 keeps walk caches, so it does not count for a
 * removed table (level 0); TTL != 0 only reaches leaves of that level)?
 * @level < 0: any interval counts.
 */
static bool iv_covered(const struct g_iv *v, size_t n, uint64_t lo,
		       uint64_t hi, uint64_t from, uint64_t to, int level)
{
	uint64_t p = lo;
	size_t i;
	bool progress = true;

	while (p <= hi && progress) {
		progress = false;
		for (i = 0; i < n; i++) {
			if (level >= 0 &&
			    ((v[i].leaf && level == 0) ||
			     (v[i].ttl && (int)v[i].ttl != level)))
				continue;
			if (v[i].when >= from && v[i].when < to &&
			    v[i].lo <= p && v[i].hi >= p) {
				if (v[i].hi >= hi)
					return true;
				p = v[i].hi + 1;
				progress = true;
			}
		}
	}
	return p > hi;
}

/* Is every page of [lo, hi] invalidated by plans numbered in [from, to)? */
static bool g_covered(const struct g_state *g, uint64_t lo, uint64_t hi,
		      uint64_t from, uint64_t to, int level)
{
	size_t i;

	for (i = 0; i < g->nfull; i++)
		if (g->full_when[i] >= from && g->full_when[i] < to)
			return true;
	return iv_covered(g->sub, g->nsub, lo, hi, from, to, level);
}

static int run_gather(uint64_t nseq)
{
	static struct smmuv3_cmd_desc buf[SMMUV3_TLBI_PLAN_MAX(0, 0)];
	static const struct smmuv3_pgtbl_flush_ops ops = SMMUV3_TLBI_GATHER_OPS;
	uint64_t seq, flushes = 0, plans = 0;
	int bad = 0;

	for (seq = 0; seq < nseq; seq++) {
		struct pcase pc;
		struct smmuv3_caps caps;
		struct smmuv3_tlbi_req t = { 0 };
		struct smmuv3_tlbi_gather gt;
		struct g_state g = { 0 };
		struct g_iv rec[G_MAX_REC];
		size_t nrec = 0, k, i;
		unsigned int nops = 1 + (unsigned int)below(10), bs;
		bool any_all = false;

		memset(&pc, 0, sizeof(pc));
		pc.gshift = 12 + 2 * (unsigned int)below(3);
		pc.ril = true;
		pc.fullcont = below(4) == 0;
		pc.ds = below(2) == 0;
		make_caps(&pc, &caps);
		g.caps = &caps;
		g.gs = pc.gshift;
		bs = pc.gshift + (pc.gshift - 3); /* level-2 block */
		t.regime = SMMUV3_TLBI_S1;
		t.asid = 3;
		t.granule = pc.gshift == 12 ? SMMUV3_GRANULE_4K
			    : pc.gshift == 14 ? SMMUV3_GRANULE_16K
					      : SMMUV3_GRANULE_64K;
		if (smmuv3_tlbi_gather_init(&gt, &caps, &t, buf,
					    sizeof(buf) / sizeof(buf[0]),
					    g_submit, &g)) {
			printf("gather init failed\n");
			return 1;
		}
		for (k = 0; k < nops; k++) {
			unsigned int r = (unsigned int)below(100);
			uint64_t before = g.submits, leaf, iova, size;

			if (r < 3) {
				/* issued (and completed: 0) before it returns */
				if (ops.flush_all(&gt) != 0 ||
				    g.submits == before) {
					g.bad = true;
					g.why = "gather: flush_all not issued";
				}
				any_all = true;
				continue;
			}
			leaf = 1ull << (r < 70 ? pc.gshift : bs);
			size = (1 + below(r < 70 ? 40 : 3)) * leaf;
			if (nrec && below(3) == 0) {
				/* next to the previous flush: touching, one
				 * leaf apart, or overlapping it */
				uint64_t d = below(3) * leaf;

				iova = below(2) ? (rec[nrec - 1].hi + 1) << pc.gshift
						: rec[nrec - 1].lo << pc.gshift;
				if (iova & (leaf - 1))
					iova = (iova + leaf - 1) & ~(leaf - 1);
				iova = below(2) ? iova + d
				       : iova > size + d ? iova - size - d : 0;
			} else {
				/* a window of 64 blocks */
				iova = below(64ull << (bs - pc.gshift))
				       << pc.gshift;
			}
			iova &= ~(leaf - 1);
			if (r >= 90) { /* a removed table */
				if (ops.flush(&gt, iova, size, 0, false) != 0) {
					g.bad = true;
					g.why = "gather: table flush failed";
				}
				/* must be out before the call returned */
				if (!g_covered(&g, iova >> pc.gshift,
					       (iova + size - 1) >> pc.gshift,
					       before, g.submits, 0)) {
					g.bad = true;
					g.why = "gather: table not issued at once";
				}
			} else {
				/* 85..89: leaves changed and also a table
				 * (Leaf = 0 needed) */
				if (ops.flush(&gt, iova, size, leaf, r < 85) !=
				    0) {
					g.bad = true;
					g.why = "gather: leaf flush failed";
				}
			}
			rec[nrec].lo = iova >> pc.gshift;
			rec[nrec].hi = (iova + size - 1) >> pc.gshift;
			rec[nrec].when = before;
			rec[nrec].level = r >= 85 ? 0 : r < 70 ? 3 : 2;
			nrec++;
			flushes++;
		}
		if (smmuv3_tlbi_gather_sync(&gt) != 0) {
			g.bad = true;
			g.why = "gather: sync failed";
		}
		/* No flushed page is left out of a later plan. */
		for (i = 0; i < nrec && !g.bad; i++)
			if (!g_covered(&g, rec[i].lo, rec[i].hi, rec[i].when,
				       UINT64_MAX, (int)rec[i].level)) {
				g.bad = true;
				g.why = "gather: a flushed page was not invalidated";
			}
		/* Exact: nothing outside what was flushed (no rounding, no
		 * flush_all). */
		if (!pc.fullcont && !any_all && g.nfull == 0)
			for (i = 0; i < g.nsub && !g.bad; i++)
				if (!iv_covered(rec, nrec, g.sub[i].lo,
						g.sub[i].hi, 0, UINT64_MAX, -1)) {
					g.bad = true;
					g.why = "gather: page outside the "
						"flushed ranges";
				}
		plans += g.submits;
		if (g.bad && bad++ < 10)
			printf("gather sequence %" PRIu64 " FAILED: %s\n", seq,
			       g.why);
	}
	printf("gather: %" PRIu64 " sequences, %" PRIu64 " flushes, %" PRIu64
	       " plans, %d failed\n",
	       nseq, flushes, plans, bad);
	return bad;
}

int main(int argc, char **argv)
{
	uint64_t ncases = 1000000, seed = 0x5eed7b1c0ffeeull, i;
	struct stats st = { 0 };

	if (argc > 1)
		ncases = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		seed = strtoull(argv[2], NULL, 0);
	printf("prop_tlbi: seed 0x%" PRIx64 ", %" PRIu64 " random cases\n",
	       seed, ncases);

	failures = run_edges(&st);
	rng_state = seed;
	for (i = 0; i < ncases; i++) {
		struct pcase pc;

		gen_case(&pc);
		if (!check_case(&pc, &st)) {
			if (failures++ < 10)
				printf("case %" PRIu64 " FAILED: %s: regime %d "
				       "g %u ril %d ds %d fc %d leaf %d j %u "
				       "only %d mixed %d iova 0x%" PRIx64
				       " size 0x%" PRIx64 " space %u ats %u\n",
				       i, fail_what, pc.regime, pc.gshift,
				       pc.ril, pc.ds, pc.fullcont, pc.has_leaf,
				       pc.leaf_j, pc.leaf_only, pc.mixed,
				       pc.iova, pc.size, pc.space, pc.n_ats);
		}
	}
	printf("cases %" PRIu64 " (errors expected %" PRIu64 "), commands %"
	       PRIu64 ": RIL one %" PRIu64 ", two %" PRIu64 ", full %" PRIu64
	       ", FULL_CONT rounded %" PRIu64 ", with TTL %" PRIu64
	       ", non-RIL TLBIs %" PRIu64 "\n",
	       st.cases, st.errors_expected, st.cmds, st.one, st.two, st.full,
	       st.rounded, st.ttl, st.nonril_cmds);
	failures += run_gather(ncases / 20);
	printf("%s (%d failures)\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
