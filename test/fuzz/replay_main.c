// SPDX-License-Identifier: BSD-2-Clause
/*
 * Replay driver for any fuzz target, linked instead of libFuzzer in the
 * normal (gcc, clang, asan, coverage) builds so that ctest runs every
 * target's body: each file of the committed corpus goes through
 * LLVMFuzzerTestOneInput(), then N deterministic mutations of them
 * (seeded xorshift): bit flips, random bytes, "interesting" 32-bit words
 * (both byte orders) at 4-byte-aligned offsets (lengths, cell counts,
 * register values, queue indexes), a word set to a small offset (header
 * fields), truncation, insertion of bytes and splicing of two inputs.
 * A property violation aborts (or traps) inside the target.
 *
 * usage: <target>_replay <corpus-dir> [mutations] [seed]
 * With FUZZ_REPLAY_LAST=<file> in the environment each input is written to
 * <file> before it runs, so a failing mutation is left there to reproduce.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES 4096
#define MAX_SIZE 65536

static uint64_t rng_state;
static const char *last_path;

static void run_one(const uint8_t *data, size_t len)
{
	if (last_path) {
		FILE *f = fopen(last_path, "wb");

		if (f) {
			fwrite(data, 1, len, f);
			fclose(f);
		}
	}
	LLVMFuzzerTestOneInput(data, len);
}

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static void put32(uint8_t *p, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (be ? 24 - 8 * i : 8 * i));
}

struct input {
	uint8_t *data;
	size_t len;
};

static size_t mutate(uint8_t *b, size_t len, const struct input *other)
{
	static const uint32_t words[] = {
		0,	 1,	      2,	   3,		4,
		5,	 7,	      8,	   0x10,	0x13,
		0x14,	 0x1f,	      0x20,	   0x28,	0x38,
		0x80,	 0xff,	      0x100,	   0xffff,	0x10000,
		0x20000, 0x7fffffffu, 0x80000000u, 0xfffffffcu, 0xffffffffu,
	};
	unsigned int nmut = 1 + (unsigned int)(rnd() % 4), i;

	for (i = 0; i < nmut; i++) {
		size_t off = len ? (size_t)(rnd() % len) : 0;

		switch (rnd() % 8) {
		case 0: /* bit flip */
			if (len)
				b[off] ^= (uint8_t)(1u << (rnd() % 8));
			break;
		case 1: /* random byte */
			if (len)
				b[off] = (uint8_t)rnd();
			break;
		case 2: /* interesting word at an aligned offset */
		case 3:
			off &= ~(size_t)3;
			if (off + 4 <= len)
				put32(b + off,
				      words[rnd() % (sizeof(words) / 4)],
				      (int)(rnd() & 1));
			break;
		case 4: /* truncate */
			len = (size_t)(rnd() % (len + 1));
			break;
		case 5: /* a word near the start set to a small offset */
			off = (size_t)(rnd() % 10) * 4;
			if (off + 4 <= len)
				put32(b + off,
				      (uint32_t)(rnd() % (uint32_t)(len + 64)),
				      (int)(rnd() & 1));
			break;
		case 6: /* insert up to 8 random bytes */
			if (len + 8 <= MAX_SIZE) {
				size_t k = 1 + (size_t)(rnd() % 8);

				memmove(b + off + k, b + off, len - off);
				for (size_t j = 0; j < k; j++)
					b[off + j] = (uint8_t)rnd();
				len += k;
			}
			break;
		case 7: /* splice: the tail of another input */
			if (other->len) {
				size_t from = (size_t)(rnd() % other->len);
				size_t k = other->len - from;

				if (off + k > MAX_SIZE)
					k = MAX_SIZE - off;
				memcpy(b + off, other->data + from, k);
				len = off + k;
			}
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	static struct input in[MAX_FILES];
	static uint8_t work[MAX_SIZE + 8];
	unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 0) : 3000;
	unsigned int nfiles = 0;
	unsigned long it;
	struct dirent *de;
	DIR *d;

	last_path = getenv("FUZZ_REPLAY_LAST");
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x5eed;
	if (!rng_state)
		rng_state = 1;
	if (argc < 2 || !(d = opendir(argv[1]))) {
		fprintf(stderr, "usage: %s <corpus-dir> [mutations] [seed]\n",
			argv[0]);
		return 2;
	}
	while ((de = readdir(d)) && nfiles < MAX_FILES) {
		char path[4096];
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		in[nfiles].data = malloc(MAX_SIZE);
		if (!in[nfiles].data) {
			fclose(f);
			return 1;
		}
		in[nfiles].len = fread(in[nfiles].data, 1, MAX_SIZE, f);
		fclose(f);
		run_one(in[nfiles].data, in[nfiles].len);
		nfiles++;
	}
	closedir(d);
	if (!nfiles) {
		fprintf(stderr, "empty corpus %s\n", argv[1]);
		return 1;
	}
	for (it = 0; it < iters; it++) {
		const struct input *a = &in[rnd() % nfiles];
		const struct input *b = &in[rnd() % nfiles];
		size_t len = a->len;

		memcpy(work, a->data, len);
		len = mutate(work, len, b);
		run_one(work, len);
	}
	run_one(work, 0);
	printf("%s: replayed %u corpus files and %lu mutations, no property "
	       "failed\n",
	       argv[0], nfiles, iters);
	for (unsigned int i = 0; i < nfiles; i++)
		free(in[i].data);
	return 0;
}
