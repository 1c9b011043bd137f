// SPDX-License-Identifier: BSD-2-Clause
/*
 * Multi-threaded stress of one device on the behavioural model, for
 * ThreadSanitizer (the "tsan" preset) and as a plain functional test.
 *
 * Per round: the device is enabled; NWORKERS threads each own a stage-1
 * domain (its own ASID, one attached stream) and loop mapping and
 * unmapping pages of it (every unmap sends a TLB invalidation and a
 * CMD_SYNC through the shared command queue) and submitting command
 * batches of their own; one interrupt thread drains the event queue and
 * handles GERROR. Half-way through the round, while every worker waits
 * between its lock-free map phase and its unmap, the interrupt thread puts
 * the model into service failure mode, which the GERROR handler answers
 * by marking the device FAILED; the workers then unmap, their
 * invalidations reading the device state with nothing but the state's own
 * atomics ordering them against the handler's write. The
 * workers must then see their invalidations refused (SMMUV3_EIO), never
 * hang; the main thread joins everyone, recovers the SMMU (disable,
 * enable) and starts the next round. The OSAL lock is the mock port's
 * mutex, as a real port's would be; its barrier is a plain fence (see
 * fence_barrier()).
 *
 * What is checked: every call returns one of its documented codes; while
 * the device is healthy every translation of a worker's page is exactly
 * the PA it mapped and every unmap removes exactly what was mapped; the
 * model saw no programming-interface violation; the interrupt thread saw
 * SFM once per round; and (under TSan) no data race.
 *
 * usage: stress_dev [rounds] [iterations-per-worker] [processes]
 */
#define _DEFAULT_SOURCE /* nanosleep */
#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/domain.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/model.h>

#define NWORKERS 3
#define PAGES 16u
#define PG 4096u

struct shared {
	struct smmuv3_model *m;
	struct smmuv3_dev dev;
	struct smmuv3_osal osal;
	atomic_int go;	    /* workers may start */
	atomic_int running; /* workers still looping */
	atomic_int failed;  /* a check failed */
	/*
	 * The moment of the service failure: every worker, half-way through
	 * the round, counts itself in @waiting and waits for @window to
	 * become 1, which the interrupt thread sets once it has raised and
	 * handled the service failure. Relaxed accesses only: this
	 * schedules the interleaving without ordering anything (as an
	 * interrupt preempting a thread orders nothing), so ThreadSanitizer
	 * still sees the accesses either side as concurrent. (Pausing every
	 * worker also keeps their other reads of the state from crowding
	 * the handler's write out of ThreadSanitizer's shadow cells.)
	 */
	atomic_int waiting, window, passed;
	unsigned int iters, round;
};

struct worker {
	struct shared *s;
	struct smmuv3_domain dom;
	struct smmuv3_stream st;
	unsigned int id;
	void *buf;
	smmuv3_pa_t buf_pa;
	unsigned long maps, unmaps, eio;
};

/*
 * Wait a little without synchronising with anyone, and without generating
 * the stream of memory accesses a busy loop would (ThreadSanitizer keeps a
 * bounded history of them, shared by all threads; the accesses it reports
 * must still be in it).
 */
static void nap(void)
{
	nanosleep(&(struct timespec){0, 100000}, NULL);
}

#define CHECK(s, c)                                                          \
	do {                                                                 \
		if (!(c)) {                                                  \
			fprintf(stderr, "stress_dev:%d: check failed: %s\n", \
				__LINE__, #c);                               \
			atomic_store(&(s)->failed, 1);                       \
		}                                                            \
	} while (0)

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *s = w->s;
	const uint64_t iova = 0x100000ull * (w->id + 1);

	while (!atomic_load(&s->go))
		;
	for (unsigned int it = 0; it < s->iters; it++) {
		uint64_t unmapped = 0;
		struct smmuv3_cmdq_batch b;
		struct smmuv3_cmd_desc d = {
			.opcode = SMMUV3_OP_TLBI_NH_ASID,
			.asid = w->dom.cfg.asid,
		};
		int ret;

		/* A batch of our own on the shared queue. */
		smmuv3_cmdq_batch_init(&b);
		ret = smmuv3_cmdq_batch_add(&s->dev.cmdq, &b, &d, NULL);
		CHECK(s, ret == 0);
		ret = smmuv3_cmdq_batch_submit(&s->dev.cmdq, &b, NULL);
		/* After SFM the queue is not consumed: a timeout is fine. */
		CHECK(s,
		      ret == 0 || ret == SMMUV3_ETIMEDOUT || ret == SMMUV3_EIO);
		/* Map PAGES pages one at a time (no MMIO: table memory). */
		for (unsigned int p = 0; p < PAGES; p++) {
			ret = smmuv3_domain_map(
				&w->dom, iova + p * PG, w->buf_pa + p * PG, PG,
				SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
			CHECK(s, ret == 0);
			w->maps += ret == 0;
		}
		/*
		 * Check every page's translation (software walks). From the
		 * batch to the unmap's invalidation, this thread takes no lock
		 * and touches no register: if the GERROR handler changes the
		 * device state meanwhile, nothing orders that write before
		 * the invalidation's read of it but the state's own atomics.
		 */
		for (unsigned int k = 0; k < 4 * PAGES; k++) {
			unsigned int p = k % PAGES;
			smmuv3_pa_t pa = 0;

			ret = smmuv3_domain_iova_to_phys(
				&w->dom, iova + p * PG + 8, &pa);
			CHECK(s, ret == 0 && pa == w->buf_pa + p * PG + 8);
		}
		if (it == s->iters / 2) {
			atomic_fetch_add_explicit(&s->waiting, 1,
						  memory_order_relaxed);
			/* The round's chosen worker goes first, alone. */
			while (atomic_load_explicit(&s->window,
						    memory_order_relaxed) <
			       (w->id == s->round % NWORKERS ? 1 : 2))
				nap();
		}
		/* Unmap everything: invalidation through the queue. */
		ret = smmuv3_domain_unmap(&w->dom, iova, PAGES * PG, &unmapped);
		CHECK(s,
		      ret == 0 || ret == SMMUV3_EIO || ret == SMMUV3_ETIMEDOUT);
		CHECK(s, unmapped == PAGES * PG);
		if (it == s->iters / 2)
			atomic_fetch_add_explicit(&s->passed, 1,
						  memory_order_relaxed);
		w->unmaps++;
		w->eio += ret != 0;
	}
	atomic_fetch_sub(&s->running, 1);
	return NULL;
}

/*
 * The port's barrier as on hardware: a fence, not a lock. (The mock port
 * counts barriers under a mutex and the model logs them under its own:
 * that would order every thread's barrier against every other's, an
 * ordering no real port provides, and hide races from ThreadSanitizer.)
 */
static void fence_barrier(void *ctx, enum smmuv3_barrier kind)
{
	(void)ctx;
	(void)kind;
	atomic_thread_fence(memory_order_seq_cst);
}

/* The interrupt thread: drain events, handle GERROR, inject SFM once. */
static void *irq_main(void *arg)
{
	struct shared *s = arg;
	unsigned long sfm_seen = 0;
	bool injected = false;

	while (!atomic_load(&s->go))
		;
	while (atomic_load(&s->running) > 0 || !injected) {
		struct smmuv3_event ev[8];
		struct smmuv3_gerror_info gi;
		size_t n = 0;
		bool ovf = false;
		int ret;

		ret = smmuv3_dev_read_events(&s->dev, ev, 8, &n, &ovf);
		CHECK(s, ret == 0 || ret == SMMUV3_EPERM);
		if (!injected &&
		    atomic_load_explicit(&s->waiting, memory_order_relaxed) ==
			    NWORKERS) {
			CHECK(s, smmuv3_model_fault_set(
					 s->m, SMMUV3_MODEL_FAULT_SFM, 0) == 0);
			injected = true;
		}
		ret = smmuv3_dev_handle_gerror(&s->dev, &gi);
		CHECK(s, ret == 0 || ret == SMMUV3_EIO || ret == SMMUV3_EPERM);
		if (ret == SMMUV3_EIO && gi.disabled)
			sfm_seen++;
		if (injected &&
		    !atomic_load_explicit(&s->window, memory_order_relaxed)) {
			atomic_store_explicit(&s->window, 1,
					      memory_order_relaxed);
			/*
			 * Sleep until the chosen worker has read the state
			 * (see nap()), then release the others.
			 */
			while (atomic_load_explicit(&s->passed,
						    memory_order_relaxed) < 1)
				nap();
			atomic_store_explicit(&s->window, 2,
					      memory_order_relaxed);
		}
	}
	/* The SFM raised after the workers ended is handled here. */
	for (int k = 0; k < 4 && !sfm_seen; k++) {
		struct smmuv3_gerror_info gi;

		if (smmuv3_dev_handle_gerror(&s->dev, &gi) == SMMUV3_EIO &&
		    gi.disabled)
			sfm_seen++;
	}
	CHECK(s, sfm_seen == 1);
	return NULL;
}

static int run(unsigned int rounds, unsigned int iters)
{
	/*
	 * Caching on use: an eager model walks every table at each CMD_SYNC,
	 * from whichever thread submitted it, while other workers write their
	 * own tables. That is what hardware may do (speculative walks of
	 * single-copy-atomic descriptors), but the model reads memory byte by
	 * byte and is not the code under test here: the library's own shared
	 * state is.
	 */
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_QEMU_VIRT_7_2,
					 .caching = SMMUV3_MODEL_CACHE_ON_USE};
	static struct shared s;
	static struct worker w[NWORKERS];
	static struct smmuv3_osal_ops ops;
	unsigned long maps = 0, unmaps = 0, eio = 0;

	s.iters = iters;
	if (smmuv3_model_create(&mc, &s.m) != 0)
		return 1;
	s.osal = smmuv3_model_osal(s.m);
	ops = *s.osal.ops;
	ops.barrier = fence_barrier;
	s.osal.ops = &ops;
	if (smmuv3_dev_probe(&s.dev, &s.osal, NULL) != 0 ||
	    smmuv3_dev_init(&s.dev) != 0)
		return 1;
	/* Short command-queue deadlines: SFM rounds end in timeouts. */
	if (smmuv3_cmdq_set_timeout(&s.dev.cmdq, 2000000) != 0)
		return 1;
	for (unsigned int i = 0; i < NWORKERS; i++) {
		struct smmuv3_domain_cfg dc = {
			.stage = SMMUV3_PGTBL_STAGE1,
			.granule = SMMUV3_GRANULE_4K,
			.asid = (uint16_t)(i + 1),
		};
		struct smmuv3_write_result wr;

		w[i].s = &s;
		w[i].id = i;
		w[i].buf = s.osal.ops->alloc(s.osal.ctx, PAGES * PG, PG,
					     &w[i].buf_pa);
		if (!w[i].buf || smmuv3_domain_init(&w[i].dom, &s.dev, &dc) ||
		    smmuv3_stream_init(&w[i].st, &s.dev, 16 + i, 0) ||
		    smmuv3_domain_attach(&w[i].dom, &w[i].st, &wr))
			return 1;
		/*
		 * A page mapped for good right after the worker's range keeps
		 * its last-level table alive, so the workers' maps allocate
		 * nothing (and take no lock).
		 */
		if (smmuv3_domain_map(&w[i].dom,
				      0x100000ull * (i + 1) + PAGES * PG,
				      w[i].buf_pa, PG, SMMUV3_PROT_READ))
			return 1;
	}
	for (s.round = 0; s.round < rounds; s.round++) {
		pthread_t th[NWORKERS], irq;

		if (smmuv3_dev_enable(&s.dev) != 0) {
			fprintf(stderr, "stress_dev: enable failed\n");
			return 1;
		}
		atomic_store(&s.go, 0);
		atomic_store(&s.window, 0);
		atomic_store(&s.waiting, 0);
		atomic_store(&s.passed, 0);
		atomic_store(&s.running, NWORKERS);
		for (unsigned int i = 0; i < NWORKERS; i++)
			pthread_create(&th[i], NULL, worker_main, &w[i]);
		pthread_create(&irq, NULL, irq_main, &s);
		atomic_store(&s.go, 1);
		for (unsigned int i = 0; i < NWORKERS; i++)
			pthread_join(th[i], NULL);
		pthread_join(irq, NULL);
		CHECK(&s, s.dev.state == SMMUV3_DEV_FAILED);
		CHECK(&s, smmuv3_model_fault_clear(
				  s.m, SMMUV3_MODEL_FAULT_SFM) == 0);
		CHECK(&s, smmuv3_dev_disable(&s.dev) == 0);
		if (atomic_load(&s.failed))
			break;
	}
	for (unsigned int i = 0; i < NWORKERS; i++) {
		struct smmuv3_write_result wr;

		CHECK(&s, smmuv3_domain_detach(&w[i].dom, &w[i].st, NULL,
					       &wr) == 0);
		CHECK(&s, smmuv3_domain_fini(&w[i].dom) == 0);
		maps += w[i].maps;
		unmaps += w[i].unmaps;
		eio += w[i].eio;
		s.osal.ops->free(s.osal.ctx, w[i].buf, PAGES * PG);
	}
	CHECK(&s, smmuv3_model_last_violation(s.m)[0] == '\0');
	smmuv3_dev_fini(&s.dev);
	smmuv3_model_destroy(s.m);
	printf("stress_dev: %u rounds, %d workers: %lu maps, %lu unmaps "
	       "(%lu refused after SFM)\n",
	       rounds, NWORKERS, maps, unmaps, eio);
	return atomic_load(&s.failed) ? 1 : 0;
}

/*
 * Each run in a fresh process (fork before any thread exists): what
 * ThreadSanitizer can report depends on how much history it still holds,
 * so several short processes catch a race more surely than one long one.
 */
int main(int argc, char **argv)
{
	unsigned int rounds = argc > 1 ? (unsigned int)atoi(argv[1]) : 3;
	unsigned int iters = argc > 2 ? (unsigned int)atoi(argv[2]) : 40;
	unsigned int procs = argc > 3 ? (unsigned int)atoi(argv[3]) : 1;

	for (unsigned int p = 0; p < procs; p++) {
		pid_t pid = fork();
		int st = 0;

		if (pid < 0)
			return 1;
		if (pid == 0)
			_exit(run(rounds, iters));
		if (waitpid(pid, &st, 0) != pid)
			return 1;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "stress_dev: process %u failed (%d)\n",
				p, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
		}
	}
	return 0;
}
