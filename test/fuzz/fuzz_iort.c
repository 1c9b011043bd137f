// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for ACPI IORT discovery (acpi/iort.c). One body, two
 * drivers: with SMMUV3_LIBFUZZER it is a libFuzzer target
 * (LLVMFuzzerTestOneInput; run: fuzz_iort test/fuzz/corpus/iort); without,
 * a replay driver ctest runs in every build: each file of the committed
 * corpus, then N deterministic mutations of them (seeded xorshift: bit
 * flips, random bytes, "interesting" 32-bit words at 4-byte offsets -
 * lengths, counts, offsets, references - truncations, and the checksum
 * fixed up half of the time).
 *
 * The body runs every entry point over the input and traps (abort) when a
 * documented contract breaks: a return code outside the documented set, a
 * lookup that names something that is not an SMMUv3 node, a count beyond
 * the capacity without SMMUV3_E2BIG. ASan/UBSan (fuzz and asan presets)
 * catch out-of-bounds reads.
 *
 * usage: fuzz_iort_replay <corpus-dir> [iterations] [seed]
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/err.h>
#include <smmuv3/iort.h>

#define check(c)                 \
	do {                     \
		if (!(c))        \
			abort(); \
	} while (0)

/* At most this many nodes are exercised per input (work per input). */
#define MAX_VISIT 64u

static void check_smmu(const struct smmuv3_iort *t, uint32_t node)
{
	struct smmuv3_iort_smmu s;
	int ret = smmuv3_iort_parse_smmu(t, node, &s);

	check(ret == 0 || ret == SMMUV3_EBADMSG);
	if (ret)
		return;
	check(s.node == node && s.base != 0);
	check(s.size == SMMUV3_IORT_REG_SIZE ||
	      s.size == SMMUV3_IORT_REG_SIZE_PAGE0);
	check(s.base - 1u <= UINT64_MAX - s.size);
	check(!(s.fw.flags & ~SMMUV3_FW_ALL));
	check(s.fw.fw_httu <= 2);
	check(!s.has_devid_index || s.devid_index < 0xffffffffu);
}

/* A lookup result must name an SMMUv3 node. */
static void check_iommu(const struct smmuv3_iort *t, uint32_t iommu)
{
	struct smmuv3_iort_node n;

	check(smmuv3_iort_get_node(t, iommu, &n) == 0);
	check(n.type == SMMUV3_IORT_NODE_SMMU_V3);
}

static void lookups(const struct smmuv3_iort *t,
		    const struct smmuv3_iort_node *n, const uint8_t *data,
		    size_t size)
{
	struct smmuv3_iort_rmr_range rr[4];
	uint32_t ids[3] = {0, 0x10, 0x100}, sids[8], iommu, sid, smmu;
	size_t cnt, i;
	int ret;

	if (size >= 8)
		memcpy(&ids[2], data + size - 4, 4);
	for (i = 0; i < 3; i++) {
		ret = smmuv3_iort_map_id(t, n->offset, ids[i], &iommu, &sid);
		check(ret == 0 || ret == SMMUV3_ENOENT ||
		      ret == SMMUV3_ENODEV || ret == SMMUV3_EBADMSG);
		if (!ret) {
			check_iommu(t, iommu);
			if (!smmuv3_iort_rmr_ranges(t, iommu, sid, rr, 4, &cnt))
				check(cnt <= 4);
		}
	}
	ret = smmuv3_iort_next_smmu(t, 0, &smmu);
	check(ret == 0 || ret == SMMUV3_ENOENT);
	if (ret)
		return;
	ret = smmuv3_iort_master_sids(t, n->offset, smmu, sids, 8, &cnt);
	check(ret == 0 || ret == SMMUV3_E2BIG || ret == SMMUV3_EBADMSG);
	check(ret != 0 || cnt <= 8);
	check(ret != SMMUV3_E2BIG || cnt > 8);
	for (i = 0; i < 2; i++) {
		ret = smmuv3_iort_rmr_ranges(t, smmu, i ? ids[2] : 0, rr, 4,
					     &cnt);
		check(ret == 0 || ret == SMMUV3_E2BIG || ret == SMMUV3_EBADMSG);
		check(ret != 0 || cnt <= 4);
	}
}

int fuzz_iort_one(const uint8_t *data, size_t size);

int fuzz_iort_one(const uint8_t *data, size_t size)
{
	struct smmuv3_iort t, t2;
	struct smmuv3_iort_node n;
	struct smmuv3_iort_idmap m;
	struct smmuv3_iort_rc rc;
	uint32_t prev = 0, visited = 0, iommu, sid, node;
	int ret, result = 0;

	if (!size)
		return 0;
	ret = smmuv3_iort_open(&t, data, size, 0);
	check(ret == 0 || ret == SMMUV3_EBADMSG);
	ret = smmuv3_iort_open(&t2, data, size, SMMUV3_IORT_OPEN_NO_CHECKSUM);
	check(ret == 0 || ret == SMMUV3_EBADMSG);
	if (ret)
		return 0;
	result |= 1;
	check(t2.length <= size && t2.length >= 48);
	while (visited++ < MAX_VISIT) {
		ret = smmuv3_iort_next_node(&t2, prev, &n);
		check(ret == 0 || ret == SMMUV3_ENOENT);
		if (ret)
			break;
		check(n.offset > prev && n.length >= 16);
		check((uint64_t)n.offset + n.length <= t2.length);
		if (n.nmappings) {
			ret = smmuv3_iort_get_idmap(&t2, n.offset, 0, &m);
			check(ret == 0 || ret == SMMUV3_EBADMSG);
		}
		if (n.type == SMMUV3_IORT_NODE_SMMU_V3) {
			check_smmu(&t2, n.offset);
			result |= 2;
		}
		lookups(&t2, &n, data, size);
		prev = n.offset;
	}
	ret = smmuv3_iort_find_rc(&t2, 0, &rc);
	check(ret == 0 || ret == SMMUV3_ENOENT);
	ret = smmuv3_iort_map_rid(&t2, 0, 0x10, &iommu, &sid);
	check(ret == 0 || ret == SMMUV3_ENOENT || ret == SMMUV3_ENODEV ||
	      ret == SMMUV3_EBADMSG);
	if (!ret)
		check_iommu(&t2, iommu);
	ret = smmuv3_iort_find_named(&t2, "\\_SB.ETH0", &node);
	check(ret == 0 || ret == SMMUV3_ENOENT);
	return result;
}

#ifdef SMMUV3_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_iort_one(data, size);
	return 0;
}
#else
#include <dirent.h>
#include <stdio.h>

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

static void fix_checksum(uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	size_t i;

	if (len < 10)
		return;
	p[9] = 0;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	p[9] = (uint8_t)(0u - sum);
}

static void mutate(uint8_t *p, size_t *len)
{
	static const uint32_t words[] = {
		0,     1,      0x10,	0x14,	    0x30,	0xff,
		0x100, 0xffff, 0x10000, 0x7fffffff, 0xfffffffe, 0xffffffff};
	size_t i, k = 1 + rnd() % 4;

	for (i = 0; i < k && *len; i++) {
		size_t at = rnd() % *len;

		switch (rnd() % 5) {
		case 0:
			p[at] ^= (uint8_t)(1u << (rnd() % 8));
			break;
		case 1:
			p[at] = (uint8_t)rnd();
			break;
		case 2:
			at &= ~(size_t)3;
			if (at + 4 <= *len) {
				uint32_t w = words[rnd() % 12];

				memcpy(p + at, &w, 4);
			}
			break;
		case 3:
			*len = at ? at : 1;
			break;
		default: /* a 16-bit node length or small count */
			p[at] = (uint8_t)(rnd() % 0x60);
			break;
		}
	}
	if (rnd() % 2)
		fix_checksum(p, *len);
}

int main(int argc, char **argv)
{
	static uint8_t files[MAX_FILES][MAX_SIZE], buf[MAX_SIZE];
	size_t sizes[MAX_FILES], nfiles = 0, i;
	unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000;
	unsigned long stats[4] = {0};
	struct dirent *de;
	DIR *d;

	rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x5eed;
	if (!rng_state)
		rng_state = 1;
	if (argc < 2 || !(d = opendir(argv[1]))) {
		fprintf(stderr, "usage: %s <corpus-dir> [iterations] [seed]\n",
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
		stats[fuzz_iort_one(files[nfiles], sizes[nfiles]) & 3]++;
		nfiles++;
	}
	closedir(d);
	if (!nfiles) {
		fprintf(stderr, "empty corpus %s\n", argv[1]);
		return 1;
	}
	for (i = 0; i < iters; i++) {
		size_t f = rnd() % nfiles, len = sizes[f];

		memcpy(buf, files[f], len);
		mutate(buf, &len);
		stats[fuzz_iort_one(buf, len) & 3]++;
	}
	printf("%zu corpus files, %lu mutations: %lu refused, %lu opened, "
	       "%lu with an SMMUv3 parsed\n",
	       nfiles, iters, stats[0], stats[1], stats[3]);
	/* The corpus must reach the parser's depths, not stop at open. */
	return stats[3] ? 0 : 1;
}
#endif
