// SPDX-License-Identifier: BSD-2-Clause
/*
 * Replay driver for the device-tree fuzz target, run by ctest in every
 * build: each file of the committed corpus goes through fuzz_fdt_one(),
 * then N deterministic mutations of them (seeded xorshift): bit flips,
 * random bytes, "interesting" 32-bit words at cell-aligned offsets (lengths,
 * cell counts, phandles), truncations and header-field rewrites.
 *
 * usage: fuzz_fdt_replay <corpus-dir> [iterations] [seed]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_fdt.h"

#define MAX_FILES 64
#define MAX_SIZE 65536

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static size_t mutate(uint8_t *b, size_t len)
{
	static const uint32_t words[] = {
		0,	 1,	      2,	   3,		4,
		5,	 0x7fffffffu, 0x80000000u, 0xffffffffu, 0xfffffffcu,
		0x10000, 0x20000,     0x28,	   0x38,
	};
	unsigned int nmut = 1 + (unsigned int)(rnd() % 4), i;

	for (i = 0; i < nmut && len; i++) {
		size_t off = (size_t)(rnd() % len);

		switch (rnd() % 6) {
		case 0: /* bit flip */
			b[off] ^= (uint8_t)(1u << (rnd() % 8));
			break;
		case 1: /* random byte */
			b[off] = (uint8_t)rnd();
			break;
		case 2: /* interesting word at a cell boundary */
		case 3:
			off &= ~(size_t)3;
			if (off + 4 <= len)
				put_be32(b + off,
					 words[rnd() % (sizeof(words) / 4)]);
			break;
		case 4: /* truncate */
			len = (size_t)(rnd() % (len + 1));
			break;
		case 5: /* a header field (the first 40 bytes) */
			off = (size_t)(rnd() % 10) * 4;
			if (off + 4 <= len)
				put_be32(b + off, (uint32_t)rnd() %
							  (uint32_t)(len + 64));
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	static uint8_t files[MAX_FILES][MAX_SIZE];
	static uint8_t work[MAX_SIZE];
	size_t sizes[MAX_FILES];
	unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 0) : 3000;
	unsigned int nfiles = 0, i;
	unsigned long it, opened = 0, parsed = 0;
	struct dirent *de;
	DIR *d;

	rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x5eed;
	if (!rng_state)
		rng_state = 1;
	if (argc < 2 || !(d = opendir(argv[1]))) {
		fprintf(stderr, "usage: %s <corpus-dir> [iters] [seed]\n",
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
		sizes[nfiles] = fread(files[nfiles], 1, MAX_SIZE, f);
		fclose(f);
		fuzz_fdt_one(files[nfiles], sizes[nfiles]);
		nfiles++;
	}
	closedir(d);
	if (!nfiles) {
		fprintf(stderr, "empty corpus %s\n", argv[1]);
		return 1;
	}
	for (it = 0; it < iters; it++) {
		unsigned int which = (unsigned int)(rnd() % nfiles);
		size_t len = sizes[which];
		int r;

		memcpy(work, files[which], len);
		len = mutate(work, len);
		r = fuzz_fdt_one(work, len);
		opened += (unsigned long)(r & 1);
		parsed += (unsigned long)((r >> 1) & 1);
	}
	for (i = 0; i < nfiles; i++)
		fuzz_fdt_one(files[i], 0);
	printf("replayed %u files and %lu mutations: %lu opened, %lu with an "
	       "SMMU parsed\n",
	       nfiles, iters, opened, parsed);
	return 0;
}
