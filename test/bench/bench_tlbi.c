// SPDX-License-Identifier: BSD-2-Clause
/*
 * Benchmark of the TLBI planner: ranges planned per second and the
 * distribution of TLBI command counts for a DMA-unmap-like mix, for three
 * SMMU flavours (RIL, RIL + FULL_CONT_RANGE_INV, no RIL).
 *
 * The mix (4K granule, stage 1, leaf-only unmaps, like a DMA API user):
 *   45% one 4K page; 25% 2..16 pages; 10% one 2M block; 10% 17..4096
 *   pages (up to 16 MB); 5% 2..64 2M blocks; 5% 1..4 1G blocks.
 * Start addresses are random and aligned to the leaf size.
 *
 * Usage: bench_tlbi [ranges per flavour] (default 2000000)
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmuv3/smmuv3.h>

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void gen(struct smmuv3_tlbi_req *r)
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
	r->leaf_size = leaf;
	r->size = count * leaf;
	/* Random leaf-aligned start in a 48-bit space. */
	r->iova = (rnd() % ((1ull << 48) / leaf - count)) * leaf;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define HIST 6 /* 1, 2, 3-16, 17-128, 129-512, full */

static int run(const char *name, uint64_t features, uint32_t options,
	       uint64_t n)
{
	static struct smmuv3_cmd_desc out[SMMUV3_TLBI_PLAN_MAX(0, 0)];
	struct smmuv3_caps caps;
	struct smmuv3_tlbi_req r;
	struct smmuv3_tlbi_info info;
	uint64_t hist[HIST] = { 0 }, cmds = 0, rounded = 0, i;
	double t0, dt;

	memset(&caps, 0, sizeof(caps));
	caps.features = features | SMMUV3_FEAT_GRAN4K | SMMUV3_FEAT_TRANS_S1;
	caps.options = options;
	caps.asid_bits = 16;
	caps.vmid_bits = 16;
	memset(&r, 0, sizeof(r));
	r.regime = SMMUV3_TLBI_S1;
	r.asid = 1;
	r.granule = SMMUV3_GRANULE_4K;
	r.leaf_only = true;

	rng = 0x243f6a8885a308d3ull; /* same ranges for every flavour */
	t0 = now();
	for (i = 0; i < n; i++) {
		gen(&r);
		if (smmuv3_tlbi_plan(&caps, &r, out, SMMUV3_TLBI_PLAN_MAX(0, 0),
				     &info)) {
			printf("%s: plan failed\n", name);
			return 1;
		}
		cmds += info.n_tlbi;
		rounded += info.rounded;
		if (info.full)
			hist[5]++;
		else if (info.n_tlbi <= 2)
			hist[info.n_tlbi - 1]++;
		else if (info.n_tlbi <= 16)
			hist[2]++;
		else if (info.n_tlbi <= 128)
			hist[3]++;
		else
			hist[4]++;
	}
	dt = now() - t0;
	printf("%-16s %8.2f M ranges/s  %6.1f ns/range  %.3f TLBIs/range",
	       name, (double)n / dt / 1e6, dt * 1e9 / (double)n,
	       (double)cmds / (double)n);
	if (options)
		printf("  rounded up: %.2f%%",
		       100.0 * (double)rounded / (double)n);
	printf("\n");
	printf("  TLBI commands per range: 1: %.2f%%  2: %.2f%%  3-16: %.2f%%"
	       "  17-128: %.2f%%  129-512: %.2f%%  whole ASID: %.2f%%\n",
	       100.0 * (double)hist[0] / (double)n,
	       100.0 * (double)hist[1] / (double)n,
	       100.0 * (double)hist[2] / (double)n,
	       100.0 * (double)hist[3] / (double)n,
	       100.0 * (double)hist[4] / (double)n,
	       100.0 * (double)hist[5] / (double)n);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000000;
	int bad = 0;

	printf("bench_tlbi: %" PRIu64 " ranges per flavour (4K granule, "
	       "DMA-unmap mix)\n", n);
	bad |= run("RIL", SMMUV3_FEAT_RANGE_INV, 0, n);
	bad |= run("RIL + FULL_CONT", SMMUV3_FEAT_RANGE_INV,
		   SMMUV3_OPT_FULL_CONT_RANGE_INV, n);
	bad |= run("no RIL", 0, 0, n);
	return bad;
}
