// SPDX-License-Identifier: BSD-2-Clause
/*
 * Command-queue benchmark (not a timed test): commands per second submitted
 * and consumed through the behavioural model, for batch sizes 1..64, and
 * the MMIO accesses per batch (the goal: one PROD write per batch and, when
 * polling, one CONS read per completed CMD_SYNC; none with MSI write-back).
 * Host wall-clock time includes the model's own cost, so the figures
 * compare configurations rather than predict hardware.
 *
 * The insert path alone: the same submits against the small fake consumer
 * of the unit tests (test/unit/test_cmdq_fake.c: it consumes at once), so
 * that the library's own cost shows: ns per batch for 1..64 commands, and
 * from those a cost per inserted command and per batch (the CMD_SYNC, the
 * single PROD write, the wait). scripts/bench-cmd.sh runs this part under
 * callgrind and reports the library's instructions per command and per
 * batch.
 *
 * Usage: bench_cmdq [iterations per batch size, default 2000 [insert N]]
 * ("insert N": only the insert-path part, batches of N commands).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

#include "../unit/test_cmdq_fake.h"

#define NOINLINE __attribute__((noinline))

struct cfg {
	const char *name;
	enum smmuv3_model_preset preset;
	uint32_t fw_flags;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int run(const struct cfg *c, unsigned int iters)
{
	struct smmuv3_model_config mc;
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct smmuv3_fw_info fw;
	struct smmuv3_caps caps;
	struct smmuv3_cmdq q;
	struct smmuv3_cmd cmds[SMMUV3_CMDQ_BATCH_MAX];
	static const unsigned int sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 16,
					      24, 32, 48, 63, 64 };
	unsigned int n, i, k, si;

	memset(&mc, 0, sizeof(mc));
	mc.preset = c->preset;
	if (smmuv3_model_create(&mc, &m))
		return 1;
	osal = smmuv3_model_osal(m);
	memset(&fw, 0, sizeof(fw));
	fw.flags = c->fw_flags;
	if (smmuv3_idr_probe(&osal, &fw, NULL, &caps, NULL) ||
	    smmuv3_cmdq_init(&q, &osal, &caps, 10) || smmuv3_cmdq_hw_init(&q)) {
		smmuv3_model_destroy(m);
		return 1;
	}
	osal.ops->write32(osal.ctx, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	printf("\n%s (mode %s, queue 2^%u)\n", c->name,
	       q.mode == SMMUV3_CMDQ_MODE_MSI   ? "MSI write-back"
	       : q.mode == SMMUV3_CMDQ_MODE_SEV ? "SEV"
						: "poll",
	       q.log2size);
	printf("%5s %12s %12s %10s %10s %10s\n", "batch", "cmds/s",
	       "batches/s", "PROD wr", "CONS rd", "MMIO");
	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		uint64_t prod_w = 0, cons_r = 0, mmio = 0;
		double t0, t;

		n = sizes[si];
		for (i = 0; i < n; i++) {
			/* CMD_TLBI_NH_ASID(ASID i), IHI 0070 4.4.2.2. */
			cmds[i].dw[0] = 0x11u | ((uint64_t)i << 48);
			cmds[i].dw[1] = 0;
		}
		t0 = now_s();
		for (k = 0; k < iters; k++) {
			unsigned int e, total;

			smmuv3_model_log_clear(m);
			if (smmuv3_cmdq_submit(&q, cmds, n, NULL)) {
				fprintf(stderr, "submit failed\n");
				smmuv3_cmdq_fini(&q);
				smmuv3_model_destroy(m);
				return 1;
			}
			total = smmuv3_model_log_count(m);
			for (e = 0; e < total; e++) {
				struct smmuv3_model_log_entry le;

				if (smmuv3_model_log_get(m, e, &le))
					continue;
				if (le.kind == SMMUV3_MODEL_LOG_BARRIER)
					continue;
				mmio++;
				if (le.kind == SMMUV3_MODEL_LOG_WRITE32 &&
				    le.offset == SMMUV3_CMDQ_PROD)
					prod_w++;
				if (le.kind == SMMUV3_MODEL_LOG_READ32 &&
				    le.offset == SMMUV3_CMDQ_CONS)
					cons_r++;
			}
		}
		t = now_s() - t0;
		printf("%5u %12.0f %12.0f %10.2f %10.2f %10.2f\n", n,
		       (double)n * iters / t, (double)iters / t,
		       (double)prod_w / iters, (double)cons_r / iters,
		       (double)mmio / iters);
	}
	smmuv3_cmdq_fini(&q);
	smmuv3_model_destroy(m);
	return 0;
}

/* The timed loop (noinline: callgrind counts it on its own). */
NOINLINE static int loop_submit(struct smmuv3_cmdq *q, struct cq_fake *f,
				const struct smmuv3_cmd *cmds, unsigned int n,
				unsigned int iters)
{
	unsigned int k;

	for (k = 0; k < iters; k++) {
		f->log_n = 0; /* the fake keeps a log; not part of the cost */
		if (smmuv3_cmdq_submit(q, cmds, n, NULL))
			return 1;
	}
	return 0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median ns per batch of @n commands (+ CMD_SYNC) over @rounds rounds. */
static double time_batches(struct smmuv3_cmdq *q, struct cq_fake *f,
			   const struct smmuv3_cmd *cmds, unsigned int n,
			   unsigned int iters, unsigned int rounds, int *bad)
{
	double v[15];
	unsigned int r;

	if (rounds > 15)
		rounds = 15;
	for (r = 0; r < rounds; r++) {
		double t0 = now_s();

		*bad |= loop_submit(q, f, cmds, n, iters);
		v[r] = (now_s() - t0) * 1e9 / iters;
	}
	qsort(v, rounds, sizeof(v[0]), cmp_d);
	return v[rounds / 2];
}

static int run_insert(unsigned int iters, unsigned int only_n)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8, 16, 32, 64 };
	struct smmuv3_cmd cmds[SMMUV3_CMDQ_BATCH_MAX];
	struct smmuv3_caps caps;
	struct smmuv3_osal osal;
	struct smmuv3_cmdq q;
	struct cq_fake f;
	double t1 = 0, t64 = 0;
	unsigned int i, si;
	int bad = 0;

	cq_fake_init(&f, 0, &osal);
	memset(&caps, 0, sizeof(caps));
	caps.cmdq_shift = 10;
	caps.features = SMMUV3_FEAT_COHERENCY; /* no cache maintenance */
	if (smmuv3_cmdq_init(&q, &osal, &caps, 0) || smmuv3_cmdq_hw_init(&q)) {
		cq_fake_fini(&f);
		return 1;
	}
	for (i = 0; i < SMMUV3_CMDQ_BATCH_MAX; i++)
		smmuv3_cmd_build_cfgi_ste(&cmds[i], i, true);
	if (only_n) {
		bad = loop_submit(&q, &f, cmds, only_n, iters);
		printf("insert path: %u batches of %u commands\n", iters,
		       only_n);
		goto out;
	}
	printf("\ninsert path (fake consumer, poll mode): ns per batch "
	       "(commands + CMD_SYNC)\n%5s %10s %10s\n", "batch", "ns",
	       "PROD wr");
	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		uint64_t w0 = f.n_prod_writes;
		double t = time_batches(&q, &f, cmds, sizes[si], iters, 5,
					&bad);

		printf("%5u %10.1f %10.2f\n", sizes[si], t,
		       (double)(f.n_prod_writes - w0) / (5.0 * iters));
		if (sizes[si] == 1)
			t1 = t;
		if (sizes[si] == 64)
			t64 = t;
	}
	printf("per inserted command %.2f ns, per batch %.1f ns "
	       "(linear fit of 1 and 64)\n",
	       (t64 - t1) / 63.0, t1 - (t64 - t1) / 63.0);
out:
	smmuv3_cmdq_fini(&q);
	cq_fake_fini(&f);
	return bad;
}

int main(int argc, char **argv)
{
	static const struct cfg cfgs[] = {
		{ "QEMU virt 7.2 preset (no MSI, no SEV)",
		  SMMUV3_MODEL_QEMU_VIRT_7_2, 0 },
		{ "MMU-600 r2p0 preset, coherent (MSIPOLL)",
		  SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_COHERENT },
		{ "MMU-600 r2p0 preset, MSI polling disabled (SEV)",
		  SMMUV3_MODEL_MMU600_R2P0, SMMUV3_FW_NO_MSIPOLL },
	};
	unsigned int iters = 2000, i;

	if (argc > 1)
		iters = (unsigned int)strtoul(argv[1], NULL, 0);
	if (iters == 0)
		iters = 1;
	if (argc > 3 && !strcmp(argv[2], "insert"))
		return run_insert(iters, (unsigned int)strtoul(argv[3], NULL,
							       0));
	printf("bench_cmdq: %u submits (commands + CMD_SYNC) per batch size\n",
	       iters);
	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++)
		if (run(&cfgs[i], iters))
			return 1;
	return run_insert(iters * 10u, 0);
}
