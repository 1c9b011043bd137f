// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for the records the SMMU writes into memory: event records
 * (IHI 0070 7.3, 32 bytes) and PRI page requests (8.1, 16 bytes), read back
 * by smmuv3_dev_read_events() / smmuv3_dev_read_pri() from the queues of a
 * behavioural model whose queue sizes come from the input (2^1..2^4
 * entries, so wrap and overflow are frequent).
 *
 * Input: byte 0 sets the event and PRI queue sizes, then a script of
 * operations: 'E' + 32 bytes injects an event record, 'P' + 16 bytes a PRI
 * request, 'e'/'p' + 1 byte drains up to that many (0..16) events / PRI
 * requests; anything else is skipped. At the end both queues are drained.
 *
 * Properties: no crash or sanitizer report; every call returns a documented
 * code; records come out exactly once and in order, each the record
 * injected (events: raw words equal and the decode equal to
 * smmuv3_event_decode() of them, ID and SID at their architected places;
 * PRI: every field at its IHI 0070 8.1 place, decoded here independently),
 * except those the model dropped on a full queue; each overflow episode
 * (IHI 0070 7.4) is reported exactly once, by the time the queue has been
 * read to its end, and no overflow is reported without one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/device.h>
#include <smmuv3/err.h>
#include <smmuv3/model.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                          \
	do {                                                              \
		if (!(c)) {                                               \
			fprintf(stderr,                                   \
				"fuzz_records:%d: property failed: %s\n", \
				__LINE__, #c);                            \
			abort();                                          \
		}                                                         \
	} while (0)

#define MAXQ 16u /* largest queue (2^4) */
#define RING (4u * MAXQ)

/* Records injected and not yet read back, per queue (a FIFO). */
struct fifo {
	uint64_t rec[RING][4];
	unsigned int head, n;
	/*
	 * Overflow episode (IHI 0070 7.4): opened by a drop while none is
	 * open, reported once, closed (acknowledged) when the library reads
	 * the queue to its end; drops meanwhile belong to it.
	 */
	bool ovf_open, reported;
};

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void push(struct fifo *f, const uint64_t *rec, unsigned int words)
{
	CHECK(f->n < RING);
	memset(f->rec[(f->head + f->n) % RING], 0, sizeof(f->rec[0]));
	memcpy(f->rec[(f->head + f->n) % RING], rec, words * 8u);
	f->n++;
}

static const uint64_t *pop(struct fifo *f)
{
	const uint64_t *r;

	CHECK(f->n > 0);
	r = f->rec[f->head];
	f->head = (f->head + 1) % RING;
	f->n--;
	return r;
}

static void check_event(const struct smmuv3_event *ev, const uint64_t *want)
{
	struct smmuv3_event ref;

	CHECK(memcmp(ev->raw, want, sizeof(ev->raw)) == 0);
	CHECK(smmuv3_event_decode(want, &ref) == 0);
	/* Field by field: the structs' padding is indeterminate. */
	CHECK(ref.id == ev->id && ref.ssv == ev->ssv && ref.ssid == ev->ssid &&
	      ref.sid == ev->sid && ref.stag == ev->stag &&
	      ref.stall == ev->stall && ref.pnu == ev->pnu &&
	      ref.ind == ev->ind && ref.rnw == ev->rnw && ref.s2 == ev->s2 &&
	      ref.clss == ev->clss && ref.ttrnw == ev->ttrnw &&
	      ref.input_addr == ev->input_addr && ref.addr2 == ev->addr2);
	CHECK(ev->id == (want[0] & 0xffu));
	CHECK(ev->sid == (uint32_t)(want[0] >> 32));
	CHECK(smmuv3_event_name(ev->id) != NULL);
}

/* IHI 0070 8.1, decoded here without the library's field macros. */
static void check_pri(const struct smmuv3_pri *r, const uint64_t *w)
{
	CHECK(r->sid == (uint32_t)w[0]);
	CHECK(r->ssid == (uint32_t)((w[0] >> 32) & 0xfffffu));
	CHECK(r->priv == (bool)((w[0] >> 58) & 1));
	CHECK(r->exec == (bool)((w[0] >> 59) & 1));
	CHECK(r->read == (bool)((w[0] >> 60) & 1));
	CHECK(r->write == (bool)((w[0] >> 61) & 1));
	CHECK(r->last == (bool)((w[0] >> 62) & 1));
	CHECK(r->ssv == (bool)((w[0] >> 63) & 1));
	CHECK(r->grpid == (uint16_t)(w[1] & 0x1ffu));
	CHECK(r->addr == (w[1] & ~0xfffull));
}

/* Drain up to @max; returns how many were read. */
static size_t drain(struct smmuv3_dev *dev, bool pri, struct fifo *f,
		    size_t max)
{
	struct smmuv3_event ev[MAXQ];
	struct smmuv3_pri req[MAXQ];
	size_t n = 12345;
	bool ovf = false;
	int ret;

	if (pri)
		ret = smmuv3_dev_read_pri(dev, req, max, &n, &ovf);
	else
		ret = smmuv3_dev_read_events(dev, ev, max, &n, &ovf);
	CHECK(ret == 0);
	CHECK(n <= max);
	if (ovf) {
		CHECK(f->ovf_open && !f->reported);
		f->reported = true;
	}
	for (size_t i = 0; i < n; i++) {
		const uint64_t *want = pop(f);

		if (pri)
			check_pri(&req[i], want);
		else
			check_event(&ev[i], want);
	}
	/* Stopped short: the queue was empty. */
	if (n < max)
		CHECK(f->n == 0);
	/* Read to the end (PROD was read): any drop must have been
	 * reported by now, and the episode is acknowledged. */
	if (max && f->n == 0) {
		CHECK(!f->ovf_open || f->reported);
		f->ovf_open = false;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_model_config mc = {.preset = SMMUV3_MODEL_FULL};
	struct smmuv3_dev_cfg cfg = {0};
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	static struct smmuv3_dev dev;
	static struct fifo fq[2];
	size_t i = 1;

	if (size < 1)
		return 0;
	memset(&dev, 0, sizeof(dev));
	memset(fq, 0, sizeof(fq));
	cfg.limits.cmdq_max_shift = 8;
	cfg.limits.evtq_max_shift = 1 + (data[0] & 3);
	cfg.limits.priq_max_shift = 1 + ((data[0] >> 2) & 3);
	if (smmuv3_model_create(&mc, &m) != 0)
		abort();
	osal = smmuv3_model_osal(m);
	CHECK(smmuv3_dev_probe(&dev, &osal, &cfg) == 0);
	CHECK(smmuv3_dev_init(&dev) == 0);
	CHECK(smmuv3_dev_enable(&dev) == 0);

	while (i < size) {
		uint8_t op = data[i++];
		uint64_t rec[4];
		int ret;

		switch (op) {
		case 'E':
		case 'P': {
			unsigned int words = op == 'E' ? 4 : 2;
			struct fifo *f = &fq[op == 'P'];

			if (size - i < words * 8u) {
				i = size;
				break;
			}
			for (unsigned int k = 0; k < words; k++)
				rec[k] = le64(data + i + 8 * k);
			i += words * 8u;
			ret = op == 'E' ? smmuv3_model_event_inject(m, rec)
					: smmuv3_model_pri_inject(m, rec);
			CHECK(ret == 0 || ret == SMMUV3_ENOSPC);
			if (ret == 0)
				push(f, rec, words);
			else if (!f->ovf_open)
				f->ovf_open = true, f->reported = false;
			break;
		}
		case 'e':
		case 'p':
			if (i < size)
				(void)drain(&dev, op == 'p', &fq[op == 'p'],
					    data[i++] % (MAXQ + 1));
			break;
		default:
			break;
		}
	}
	/* Everything left comes out. */
	for (int q = 0; q < 2; q++)
		while (drain(&dev, q == 1, &fq[q], MAXQ) == MAXQ)
			;
	smmuv3_dev_fini(&dev);
	smmuv3_model_destroy(m);
	return 0;
}
