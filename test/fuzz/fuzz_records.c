// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for the parsers of bytes that come from hardware or memory the
 * library does not control: 128-bit commands read back from the queue (the
 * failing command of a CMDQ error) through smmuv3_cmd_decode() and
 * smmuv3_cmd_format(), and 32-byte event records through
 * smmuv3_event_decode(). Properties: no crash or sanitizer report; the text
 * always fits and is terminated; whatever decodes re-encodes to the same
 * words (caps == NULL and the caps of the input's choice).
 *
 * Built as a libFuzzer target with -DSMMUV3_FUZZ=ON (clang); otherwise
 * main() runs a seeded random sweep (argv[1] cases, argv[2] seed) as a test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/cmd.h>
#include <smmuv3/device.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How many inputs decoded as valid commands (the sweep checks it). */
static unsigned long n_valid;

static uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_records: property failed: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_caps caps;
	struct smmuv3_cmd cmd, again;
	struct smmuv3_cmd_desc d;
	struct smmuv3_event ev;
	char text[SMMUV3_CMD_FORMAT_MAX + 8];
	uint64_t rec[4];
	int ret;

	if (size < 16)
		return 0;
	cmd.dw[0] = load64(data);
	cmd.dw[1] = load64(data + 8);

	/* Decode against the architectural maxima, then re-encode. */
	ret = smmuv3_cmd_decode(NULL, &cmd, &d);
	if (ret == 0) {
		n_valid++;
		check(smmuv3_cmd_encode(NULL, &d, &again) == 0, "re-encode");
		check(again.dw[0] == cmd.dw[0] && again.dw[1] == cmd.dw[1],
		      "round trip");
	}
	/* The text never overflows and is always terminated. */
	memset(text, 0x7f, sizeof(text));
	check(smmuv3_cmd_format(&cmd, text, SMMUV3_CMD_FORMAT_MAX) ==
		      smmuv3_cmd_decode(NULL, &cmd, &d),
	      "format result = decode result (never truncated at MAX)");
	check(memchr(text, 0, SMMUV3_CMD_FORMAT_MAX) != NULL, "terminated");
	for (size_t i = SMMUV3_CMD_FORMAT_MAX; i < sizeof(text); i++)
		check(text[i] == 0x7f, "no overflow");
	{
		size_t small = 1 + (data[0] % 16);
		int r = smmuv3_cmd_format(&cmd, text, small);

		check(r != SMMUV3_EINVAL, "small buffer accepted");
		check(memchr(text, 0, small) != NULL, "terminated (small)");
	}

	/* Narrower capabilities taken from the input. */
	if (size >= 24) {
		memset(&caps, 0, sizeof(caps));
		caps.features = load64(data + 16);
		caps.sid_bits = data[16] % 33;
		caps.ssid_bits = data[17] % 21;
		caps.asid_bits = (data[18] & 1) ? 16 : 8;
		caps.vmid_bits = (data[18] & 2) ? 16 : 8;
		caps.oas_bits = 32 + data[19] % 21;
		caps.stall_model = data[20] % 3;
		if (smmuv3_cmd_decode(&caps, &cmd, &d) == 0) {
			check(smmuv3_cmd_encode(&caps, &d, &again) == 0,
			      "re-encode (caps)");
			check(again.dw[0] == cmd.dw[0] &&
			      again.dw[1] == cmd.dw[1], "round trip (caps)");
		}
	}

	/* Event records. */
	if (size >= 32) {
		for (int i = 0; i < 4; i++)
			rec[i] = load64(data + 8 * i);
		check(smmuv3_event_decode(rec, &ev) == 0, "event decode");
		check(ev.id == (rec[0] & 0xff) && ev.sid == rec[0] >> 32,
		      "event id/sid");
		check(smmuv3_event_name(ev.id) != NULL, "event name");
	}
	return 0;
}

#ifndef SMMUV3_LIBFUZZER
static uint64_t rnd(uint64_t *s)
{
	/* xorshift64 */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	/* Valid seeds: one per opcode, each with a few fields set. */
	static const struct smmuv3_cmd_desc seeds[] = {
		{ .opcode = SMMUV3_OP_PREFETCH_CONFIG, .sid = 7 },
		{ .opcode = SMMUV3_OP_CFGI_STE, .sid = 0x1234, .leaf = true },
		{ .opcode = SMMUV3_OP_CFGI_STE_RANGE, .range = 31 },
		{ .opcode = SMMUV3_OP_CFGI_CD, .sid = 3, .ssid = 9 },
		{ .opcode = SMMUV3_OP_CFGI_CD_ALL, .sid = 3 },
		{ .opcode = SMMUV3_OP_TLBI_NH_ALL, .vmid = 2 },
		{ .opcode = SMMUV3_OP_TLBI_NH_ASID, .asid = 5 },
		{ .opcode = SMMUV3_OP_TLBI_NH_VA, .asid = 5, .addr = 0x40000,
		  .leaf = true },
		{ .opcode = SMMUV3_OP_TLBI_NH_VA, .asid = 5, .addr = 0x200000,
		  .tg = 1, .num = 3, .scale = 2, .ttl = 3 },
		{ .opcode = SMMUV3_OP_TLBI_EL2_ALL },
		{ .opcode = SMMUV3_OP_TLBI_EL2_ASID, .asid = 1 },
		{ .opcode = SMMUV3_OP_TLBI_EL2_VA, .asid = 1, .addr = 0x1000 },
		{ .opcode = SMMUV3_OP_TLBI_S12_VMALL, .vmid = 4 },
		{ .opcode = SMMUV3_OP_TLBI_S2_IPA, .vmid = 4, .addr = 0x80000 },
		{ .opcode = SMMUV3_OP_TLBI_NSNH_ALL },
		{ .opcode = SMMUV3_OP_ATC_INV, .sid = 8, .addr = 0, .size = 52 },
		{ .opcode = SMMUV3_OP_PRI_RESP, .sid = 8, .grpid = 3, .resp = 2 },
		{ .opcode = SMMUV3_OP_RESUME, .sid = 8, .stag = 0x55, .resp = 1 },
		{ .opcode = SMMUV3_OP_STALL_TERM, .sid = 8 },
		{ .opcode = SMMUV3_OP_CMD_SYNC, .cs = SMMUV3_SYNC_CS_SEV },
	};
	const size_t nseeds = sizeof(seeds) / sizeof(seeds[0]);
	struct smmuv3_cmd enc[sizeof(seeds) / sizeof(seeds[0])];
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 200000;
	uint64_t s = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed;
	uint8_t buf[32];

	for (size_t i = 0; i < nseeds; i++)
		if (smmuv3_cmd_encode(NULL, &seeds[i], &enc[i]) != 0) {
			fprintf(stderr, "seed %zu does not encode\n", i);
			return 1;
		}
	for (unsigned long c = 0; c < n; c++) {
		const struct smmuv3_cmd *base = &enc[rnd(&s) % nseeds];
		uint64_t w0 = base->dw[0], w1 = base->dw[1];
		unsigned int flips = (unsigned int)(rnd(&s) % 4);

		/* A valid command with 0..3 random bits flipped. */
		for (unsigned int k = 0; k < flips; k++) {
			unsigned int bit = (unsigned int)(rnd(&s) % 128);

			if (bit < 64)
				w0 ^= 1ull << bit;
			else
				w1 ^= 1ull << (bit - 64);
		}
		for (int i = 0; i < 8; i++) {
			buf[i] = (uint8_t)(w0 >> (8 * i));
			buf[8 + i] = (uint8_t)(w1 >> (8 * i));
		}
		for (int i = 16; i < 32; i++)
			buf[i] = (uint8_t)rnd(&s);
		LLVMFuzzerTestOneInput(buf, sizeof(buf));
	}
	printf("fuzz_records: %lu inputs (%lu valid commands), no property failed\n",
	       n, n_valid);
	/* The sweep must reach the round-trip property, not only refusals. */
	return n_valid * 10 >= n ? 0 : 1;
}
#endif
