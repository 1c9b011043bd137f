// SPDX-License-Identifier: BSD-2-Clause
/*
 * Benchmark of the TLBI planner and the hot command encoders against raw,
 * unvalidated transcriptions written here, on identical inputs in one run.
 *
 * TLBI: the library's prepared path (smmuv3_tlbi_prepare() once, then
 * smmuv3_tlbi_prep_encode() per range) and its one-shot path
 * (smmuv3_tlbi_plan_encode(), which validates the whole request every
 * time) versus raw_plan() below: a minimal range-splitting loop written
 * from the published description of the Linux driver's algorithm (a first
 * command of floor(n / 2^k) * 2^k pages at the smallest scale k with
 * NUM + 1 <= 32, the remainder as a second command anchored at the last
 * page; without RIL one command per leaf, or the whole ASID above 512),
 * with no validation, emitting the same 128-bit commands and the CMD_SYNC.
 * Like a driver it takes the domain's granule and ASID at run time and the
 * Leaf bit and TTL from leaf_only; its per-command helper is inline, as the
 * library's are (neither side is handicapped by a call the compiler chose
 * not to inline). Before timing, every case is checked: same number of commands, and each
 * command invalidates the same address and page count (NUM/SCALE may
 * differ: the library picks the largest scale that divides the count).
 *
 * The mix (4K granule, stage 1, leaf-only unmaps, like a DMA API user):
 *   45% one 4K page; 25% 2..16 pages; 10% one 2M block; 10% 17..4096
 *   pages (up to 16 MB); 5% 2..64 2M blocks; 5% 1..4 1G blocks.
 * Start addresses are random and aligned to the leaf size.
 *
 * Encoders: CMD_CFGI_STE, CMD_CFGI_CD, CMD_ATC_INV and CMD_SYNC built by
 * the library's unchecked builders (what its hot paths use), by the
 * validating smmuv3_cmd_encode(), and by raw shifts written here.
 *
 * Timing: cases run in chunks of 1000, each path timed on the same chunk
 * in turn; the figure is the median over chunks of ns per case, and the
 * ratio is library / raw. Instruction counts (independent of the machine)
 * come from scripts/bench-cmd.sh, which runs this program under callgrind
 * and reads the inclusive counts of the loop_* functions. The ratios are
 * repeated together at the end of the output.
 *
 * Usage: bench_tlbi [cases per flavour (default 1000000) [ril|noril|enc
 * [0-3: one encoder]]]
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmuv3/smmuv3.h>

#define CHUNK 1000u
#define NOINLINE __attribute__((noinline))

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The cases, in the library's own range struct: both sides read the
 * same memory (raw_plan() uses iova, size, leaf_size and leaf_only). */
#define tcase smmuv3_tlbi_range

static void gen(struct tcase *t)
{
	unsigned int p = (unsigned int)(rnd() % 100);
	uint64_t leaf, count;

	if (p < 45) {
		leaf = 1ull << 12;
		count = 1;
	} else if (p < 70) {
		leaf = 1ull << 12;
		count = 2 + rnd() % 15;
	} else if (p < 80) {
		leaf = 1ull << 21;
		count = 1;
	} else if (p < 90) {
		leaf = 1ull << 12;
		count = 17 + rnd() % 4080;
	} else if (p < 95) {
		leaf = 1ull << 21;
		count = 2 + rnd() % 63;
	} else {
		leaf = 1ull << 30;
		count = 1 + rnd() % 4;
	}
	t->leaf_size = leaf;
	t->leaf_only = true;
	t->size = count * leaf;
	/* Random leaf-aligned start in a 48-bit space. */
	t->iova = (rnd() % ((1ull << 48) / leaf - count)) * leaf;
}

/* ---- the raw transcription (no validation at all) ---- */

#define ASID 1u
#define OP_NH_VA 0x12u
#define OP_NH_ASID 0x11u
#define OP_SYNC 0x46u

static unsigned int fls64(uint64_t v)
{
	return v ? 64u - (unsigned int)__builtin_clzll(v) : 0u;
}

static unsigned int ilog2(uint64_t v)
{
	return 63u - (unsigned int)__builtin_clzll(v);
}

/* The domain, known only at run time (as in a driver): its granule and
 * its ASID, read once per chunk of cases. */
static volatile unsigned int raw_granule_log2 = 12;
static volatile uint16_t raw_asid = ASID;

struct raw_dom {
	unsigned int tgs; /* log2 granule */
	uint64_t asid;
};

/* One range command: NUM = num - 1 [16:12], SCALE [24:20], ASID [63:48];
 * dw1: Leaf [0], TTL [9:8], TG [11:10], address. Inline, as the library's
 * own command builders are. */
static inline struct smmuv3_cmd *raw_cmd(struct smmuv3_cmd *c,
					 const struct raw_dom *d,
					 uint64_t start_pg, uint64_t num,
					 unsigned int scale, unsigned int ttl,
					 unsigned int tg, uint64_t leaf)
{
	unsigned int tgs = d->tgs;
	uint64_t addr = start_pg << tgs;

	/* TTL needs the address aligned to its level's block. */
	if (ttl && (addr & ((1ull << (tgs + (tgs - 3) * (3 - ttl))) - 1u)))
		ttl = 0;
	if (num == 1 && scale == 0 && ttl == 0)
		tg = 0; /* NUM = SCALE = TTL = 0 with TG != 0 is Reserved */
	c->dw[0] = OP_NH_VA | ((num - 1) << 12) | ((uint64_t)scale << 20) |
		   (d->asid << 48);
	c->dw[1] = leaf | ((uint64_t)ttl << 8) | ((uint64_t)tg << 10) | addr;
	return c + 1;
}

/*
 * Called as a function, as the library is (and as a driver calls its
 * invalidation routine), so that the ratio compares the work done, not
 * whether the compiler could inline one side into the timed loop.
 */
NOINLINE static size_t raw_plan(const struct tcase *t, bool ril,
				const struct raw_dom *d, struct smmuv3_cmd *c)
{
	struct smmuv3_cmd *p = c;
	unsigned int tgs = d->tgs;
	uint64_t leaf = t->leaf_only;

	if (ril) {
		uint64_t start = t->iova >> tgs;
		uint64_t last = (t->iova + t->size - 1) >> tgs;
		uint64_t n = last - start + 1, num, r;
		unsigned int tg = (tgs - 10) / 2;
		unsigned int ttl =
			leaf ? 4 - ((ilog2(t->leaf_size) - 3) / (tgs - 3)) : 0;
		unsigned int scale = fls64((n - 1) / 32);

		if (scale > 31) {
			p->dw[0] = OP_NH_ASID | (d->asid << 48);
			p->dw[1] = 0;
			p++;
		} else {
			num = n >> scale;
			p = raw_cmd(p, d, start, num, scale, ttl, tg, leaf);
			r = n - (num << scale);
			if (r) {
				unsigned int s2 = fls64((r - 1) / 32);
				uint64_t num2 = (r + (1ull << s2) - 1) >> s2;

				p = raw_cmd(p, d, last - (num2 << s2) + 1,
					    num2, s2, ttl, tg, leaf);
			}
		}
	} else {
		uint64_t ops = t->size / t->leaf_size, i, iova = t->iova;

		if (ops == 0 || ops > 512) {
			p->dw[0] = OP_NH_ASID | (d->asid << 48);
			p->dw[1] = 0;
			p++;
		} else {
			for (i = 0; i < ops; i++, iova += t->leaf_size) {
				p->dw[0] = OP_NH_VA | (d->asid << 48);
				p->dw[1] = leaf | iova;
				p++;
			}
		}
	}
	p->dw[0] = OP_SYNC;
	p->dw[1] = 0;
	return (size_t)(p + 1 - c);
}

/* ---- the timed loops (noinline: callgrind counts each one) ---- */

static struct smmuv3_cmd out[SMMUV3_TLBI_PLAN_MAX(0, 0)];
static uint64_t sink_acc;

NOINLINE static int loop_raw(const struct tcase *t, size_t n, bool ril)
{
	const struct raw_dom d = { raw_granule_log2, raw_asid };
	size_t i;

	for (i = 0; i < n; i++) {
		size_t k = raw_plan(&t[i], ril, &d, out);

		sink_acc += out[k - 1].dw[0] + k;
	}
	return 0;
}

NOINLINE static int loop_prep(const struct smmuv3_tlbi_prep *p,
			      const struct tcase *t, size_t n)
{
	struct smmuv3_tlbi_info info;
	size_t i;

	for (i = 0; i < n; i++) {
		if (smmuv3_tlbi_prep_encode(p, &t[i], out,
					    SMMUV3_TLBI_PLAN_MAX(0, 0), &info))
			return 1;
		sink_acc += out[info.n_cmds - 1].dw[0] + info.n_cmds;
	}
	return 0;
}

NOINLINE static int loop_oneshot(const struct smmuv3_caps *caps,
				 struct smmuv3_tlbi_req *req,
				 const struct tcase *t, size_t n)
{
	struct smmuv3_tlbi_info info;
	size_t i;

	for (i = 0; i < n; i++) {
		req->iova = t[i].iova;
		req->size = t[i].size;
		req->leaf_size = t[i].leaf_size;
		if (smmuv3_tlbi_plan_encode(caps, req, out,
					    SMMUV3_TLBI_PLAN_MAX(0, 0), &info))
			return 1;
		sink_acc += out[info.n_cmds - 1].dw[0] + info.n_cmds;
	}
	return 0;
}

/* The ratios, repeated together at the end of the output. */
static char summary[1024];
static size_t summary_len;

static void note(const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(summary + summary_len, sizeof(summary) - summary_len,
		      fmt, ap);
	va_end(ap);
	if (k > 0 && (size_t)k < sizeof(summary) - summary_len)
		summary_len += (size_t)k;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_d);
	return n ? v[n / 2] : 0.0;
}

/* Pages and address a TLBI covers (TG = 0: one page). */
static void cover(const struct smmuv3_cmd *c, uint64_t *addr, uint64_t *pages)
{
	uint64_t num = (c->dw[0] >> 12) & 31u, scale = (c->dw[0] >> 20) & 63u;

	*addr = c->dw[1] & ~0xfffull;
	*pages = ((c->dw[1] >> 10) & 3u) ? (num + 1) << scale : 1u;
}

/* Same commands (count, opcode, address, pages, Leaf) for every case. */
static int verify(const struct smmuv3_tlbi_prep *p, const struct tcase *t,
		  size_t n, bool ril, double *cmds_per_case)
{
	static struct smmuv3_cmd raw[SMMUV3_TLBI_PLAN_MAX(0, 0)];
	const struct raw_dom dom = { raw_granule_log2, raw_asid };
	struct smmuv3_tlbi_info info;
	uint64_t total = 0;
	size_t i, k, j;

	for (i = 0; i < n; i++) {
		k = raw_plan(&t[i], ril, &dom, raw);
		if (smmuv3_tlbi_prep_encode(p, &t[i], out,
					    SMMUV3_TLBI_PLAN_MAX(0, 0), &info) ||
		    info.n_cmds != k) {
			printf("case %zu: %zu commands, raw %zu\n", i,
			       info.n_cmds, k);
			return 1;
		}
		for (j = 0; j < k; j++) {
			uint64_t a1, n1, a2, n2;

			cover(&out[j], &a1, &n1);
			cover(&raw[j], &a2, &n2);
			if ((out[j].dw[0] & 0xff) != (raw[j].dw[0] & 0xff) ||
			    a1 != a2 || n1 != n2 ||
			    (out[j].dw[1] & 1u) != (raw[j].dw[1] & 1u)) {
				printf("case %zu command %zu differs: "
				       "%016" PRIx64 " %016" PRIx64
				       " raw %016" PRIx64 " %016" PRIx64 "\n",
				       i, j, out[j].dw[0], out[j].dw[1],
				       raw[j].dw[0], raw[j].dw[1]);
				return 1;
			}
		}
		total += k - 1; /* TLBIs, without the CMD_SYNC */
	}
	*cmds_per_case = (double)total / (double)n;
	return 0;
}

static int run_tlbi(const char *name, bool ril, const struct tcase *t,
		    size_t n)
{
	struct smmuv3_caps caps;
	struct smmuv3_tlbi_req req;
	struct smmuv3_tlbi_prep p;
	size_t nchunks = (n + CHUNK - 1) / CHUNK, c;
	double *traw = calloc(nchunks, sizeof(double));
	double *tprep = calloc(nchunks, sizeof(double));
	double *tone = calloc(nchunks, sizeof(double));
	double cpc, mraw, mprep, mone;
	int bad = 0;

	if (!traw || !tprep || !tone)
		return 1;
	memset(&caps, 0, sizeof(caps));
	caps.features = (ril ? SMMUV3_FEAT_RANGE_INV : 0u) |
			SMMUV3_FEAT_GRAN4K | SMMUV3_FEAT_TRANS_S1;
	caps.asid_bits = 16;
	caps.vmid_bits = 16;
	memset(&req, 0, sizeof(req));
	req.regime = SMMUV3_TLBI_S1;
	req.asid = ASID;
	req.granule = SMMUV3_GRANULE_4K;
	req.leaf_only = true;
	if (smmuv3_tlbi_prepare(&p, &caps, &req) ||
	    verify(&p, t, n, ril, &cpc)) {
		printf("%s: the library and the raw loop disagree\n", name);
		bad = 1;
		goto out;
	}
	for (c = 0; c < nchunks; c++) {
		const struct tcase *ct = t + c * CHUNK;
		size_t m = n - c * CHUNK < CHUNK ? n - c * CHUNK : CHUNK;
		double t0 = now(), t1, t2, t3;

		bad |= loop_raw(ct, m, ril);
		t1 = now();
		bad |= loop_prep(&p, ct, m);
		t2 = now();
		bad |= loop_oneshot(&caps, &req, ct, m);
		t3 = now();
		traw[c] = (t1 - t0) * 1e9 / (double)m;
		tprep[c] = (t2 - t1) * 1e9 / (double)m;
		tone[c] = (t3 - t2) * 1e9 / (double)m;
	}
	mraw = median(traw, nchunks);
	mprep = median(tprep, nchunks);
	mone = median(tone, nchunks);
	printf("TLBI %-7s %.3f TLBIs/case (same commands on all %zu cases)\n",
	       name, cpc, n);
	printf("  raw loop %6.1f ns/case; prep_encode %6.1f ns (ratio %.2f);"
	       " plan_encode %6.1f ns (ratio %.2f)\n",
	       mraw, mprep, mprep / mraw, mone, mone / mraw);
	note("TLBI %-7s prep_encode %5.2f   plan_encode %5.2f\n", name,
	     mprep / mraw, mone / mraw);
out:
	free(traw);
	free(tprep);
	free(tone);
	return bad;
}

/* ---- single-command encoders ---- */

#define NENC 1024u

struct ecase {
	uint32_t sid, ssid;
	uint64_t addr;
	uint8_t size;
};

static struct smmuv3_cmd eout[NENC];

NOINLINE static void loop_enc_raw(const struct ecase *e, unsigned int kind)
{
	unsigned int i;

	for (i = 0; i < NENC; i++) {
		struct smmuv3_cmd *c = &eout[i];

		switch (kind) {
		case 0: /* CFGI_STE: SID [63:32]; Leaf */
			c->dw[0] = 0x03u | ((uint64_t)e[i].sid << 32);
			c->dw[1] = 1;
			break;
		case 1: /* CFGI_CD: SSID [31:12], SID [63:32]; Leaf */
			c->dw[0] = 0x05u | ((uint64_t)e[i].ssid << 12) |
				   ((uint64_t)e[i].sid << 32);
			c->dw[1] = 1;
			break;
		case 2: /* ATC_INV: SSV [11], SSID, SID; Size [5:0], addr */
			c->dw[0] = 0x40u | (1u << 11) |
				   ((uint64_t)e[i].ssid << 12) |
				   ((uint64_t)e[i].sid << 32);
			c->dw[1] = e[i].addr | e[i].size;
			break;
		default: /* CMD_SYNC: CS IRQ, MSH 3, MSIAttr 0xf; addr */
			c->dw[0] = 0x46u | (1u << 12) | (3u << 22) |
				   (0xfu << 24);
			c->dw[1] = e[i].addr;
			break;
		}
	}
}

NOINLINE static void loop_enc_lib(const struct ecase *e, unsigned int kind)
{
	unsigned int i;

	for (i = 0; i < NENC; i++) {
		struct smmuv3_cmd *c = &eout[i];

		switch (kind) {
		case 0:
			smmuv3_cmd_build_cfgi_ste(c, e[i].sid, true);
			break;
		case 1:
			smmuv3_cmd_build_cfgi_cd(c, e[i].sid, e[i].ssid, true);
			break;
		case 2:
			smmuv3_cmd_build_atc_inv(c, e[i].sid, true, e[i].ssid,
						 e[i].addr, e[i].size);
			break;
		default:
			smmuv3_cmd_build_sync(c, SMMUV3_SYNC_CS_IRQ, 3, 0xf,
					      e[i].addr);
			break;
		}
	}
}

static void desc_of(const struct ecase *e, unsigned int kind,
		    struct smmuv3_cmd_desc *d)
{
	memset(d, 0, sizeof(*d));
	switch (kind) {
	case 0:
		d->opcode = SMMUV3_OP_CFGI_STE;
		d->sid = e->sid;
		d->leaf = true;
		break;
	case 1:
		d->opcode = SMMUV3_OP_CFGI_CD;
		d->sid = e->sid;
		d->ssid = e->ssid;
		d->leaf = true;
		break;
	case 2:
		d->opcode = SMMUV3_OP_ATC_INV;
		d->sid = e->sid;
		d->ssv = true;
		d->ssid = e->ssid;
		d->addr = e->addr;
		d->size = e->size;
		break;
	default:
		d->opcode = SMMUV3_OP_CMD_SYNC;
		d->cs = SMMUV3_SYNC_CS_IRQ;
		d->msh = 3;
		d->msiattr = 0xf;
		d->addr = e->addr;
		break;
	}
}

NOINLINE static int loop_enc_checked(const struct smmuv3_caps *caps,
				     const struct ecase *e, unsigned int kind)
{
	struct smmuv3_cmd_desc d;
	unsigned int i;

	for (i = 0; i < NENC; i++) {
		desc_of(&e[i], kind, &d);
		if (smmuv3_cmd_encode(caps, &d, &eout[i]))
			return 1;
	}
	return 0;
}

/* All four encoders, or only @only (0..3: CFGI_STE, CFGI_CD, ATC_INV,
 * CMD_SYNC). */
static int run_encoders(unsigned int rounds, int only)
{
	static const char *const names[] = { "CFGI_STE", "CFGI_CD", "ATC_INV",
					     "CMD_SYNC" };
	static struct ecase e[NENC];
	static struct smmuv3_cmd ref[NENC];
	struct smmuv3_caps caps;
	double *tr = calloc(rounds, sizeof(double));
	double *tl = calloc(rounds, sizeof(double));
	double *tc = calloc(rounds, sizeof(double));
	unsigned int i, k, r;
	int bad = 0;

	if (!tr || !tl || !tc)
		return 1;
	memset(&caps, 0, sizeof(caps));
	caps.features = SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_ATS |
			SMMUV3_FEAT_MSI;
	caps.sid_bits = 32;
	caps.ssid_bits = 20;
	caps.asid_bits = 16;
	caps.vmid_bits = 16;
	caps.oas_bits = 48;
	for (i = 0; i < NENC; i++) {
		e[i].sid = (uint32_t)rnd();
		e[i].ssid = (uint32_t)rnd() & 0xfffffu;
		e[i].size = (uint8_t)(rnd() % 20);
		/* Aligned to the ATC span (and so 4-byte aligned for MSI). */
		e[i].addr = (rnd() & ((1ull << 48) - 1)) &
			    ~((4096ull << e[i].size) - 1);
	}
	printf("encoders: each loop runs %u times over %u commands\n",
	       rounds + 1u, NENC);
	for (k = 0; k < 4; k++) {
		if (only >= 0 && (unsigned int)only != k)
			continue;
		/* All three agree word for word. */
		loop_enc_raw(e, k);
		memcpy(ref, eout, sizeof(ref));
		loop_enc_lib(e, k);
		bad |= memcmp(ref, eout, sizeof(ref)) != 0;
		bad |= loop_enc_checked(&caps, e, k);
		bad |= memcmp(ref, eout, sizeof(ref)) != 0;
		if (bad) {
			printf("%s: encoders disagree\n", names[k]);
			break;
		}
		for (r = 0; r < rounds; r++) {
			double t0 = now(), t1, t2, t3;

			loop_enc_raw(e, k);
			t1 = now();
			loop_enc_lib(e, k);
			t2 = now();
			bad |= loop_enc_checked(&caps, e, k);
			t3 = now();
			tr[r] = (t1 - t0) * 1e9 / NENC;
			tl[r] = (t2 - t1) * 1e9 / NENC;
			tc[r] = (t3 - t2) * 1e9 / NENC;
		}
		{
			double mr = median(tr, rounds), ml = median(tl, rounds),
			       mc = median(tc, rounds);

			printf("%-8s raw %5.2f ns/cmd; builder %5.2f ns (ratio "
			       "%.2f); smmuv3_cmd_encode %6.2f ns (ratio %.1f)\n",
			       names[k], mr, ml, ml / mr, mc, mc / mr);
			note("%-12s builder     %5.2f   smmuv3_cmd_encode %5.1f\n",
			     names[k], ml / mr, mc / mr);
		}
	}
	free(tr);
	free(tl);
	free(tc);
	return bad;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 0) : 1000000u;
	const char *only = argc > 2 ? argv[2] : NULL;
	struct tcase *t;
	size_t i;
	int bad = 0;

	if (n == 0)
		n = 1;
	t = calloc(n, sizeof(*t));
	if (!t)
		return 1;
	for (i = 0; i < n; i++)
		gen(&t[i]);
	printf("bench_tlbi: %zu cases (4K granule, stage 1, DMA-unmap mix); "
	       "ratio = library / raw, median of %u-case chunks\n",
	       n, CHUNK);
	if (!only || !strcmp(only, "ril"))
		bad |= run_tlbi("RIL", true, t, n);
	if (!only || !strcmp(only, "noril"))
		bad |= run_tlbi("no RIL", false, t, n);
	if (!only || !strcmp(only, "enc"))
		bad |= run_encoders((unsigned int)(n / 1000u) + 10u,
				    argc > 3 ? atoi(argv[3]) : -1);
	printf("\n== ratios by time, library / raw (%s; instructions: "
	       "scripts/bench-cmd.sh, or ctest -R bench_cmd_instructions -V) "
	       "==\n%s",
	       bad ? "RESULTS DIFFER" : "same commands", summary);
	printf("(checksum %" PRIu64 ")\n", sink_acc);
	free(t);
	return bad;
}
