// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for commands read back from the queue (the failing command of
 * a CMDQ error, IHI 0070 4.1, 7.1): 128 bits through smmuv3_cmd_decode(),
 * smmuv3_cmd_encode() and smmuv3_cmd_format(). Properties: no crash or
 * sanitizer report; the text always fits and is terminated, never a byte
 * past the buffer is written, and formatting succeeds exactly when decoding
 * does; whatever decodes re-encodes to the same two words, against the
 * architectural maxima (caps NULL) and against narrower capabilities taken
 * from the input; what decodes against caps without IDR5.DS decodes
 * against the maxima too (which exclude DS).
 * Input: 16 bytes of command (two little-endian words), then optionally 8
 * bytes of capabilities.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/cmd.h>
#include <smmuv3/err.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		fprintf(stderr, "fuzz_cmd: property failed: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_caps caps;
	struct smmuv3_cmd cmd, again;
	struct smmuv3_cmd_desc d, again_d;
	char text[SMMUV3_CMD_FORMAT_MAX + 8];
	int ret;

	if (size < 16)
		return 0;
	cmd.dw[0] = load64(data);
	cmd.dw[1] = load64(data + 8);

	/* Decode against the architectural maxima, then re-encode. */
	ret = smmuv3_cmd_decode(NULL, &cmd, &d);
	if (ret == 0) {
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
		int r;

		memset(text, 0x7f, sizeof(text));
		r = smmuv3_cmd_format(&cmd, text, small);
		check(r != SMMUV3_EINVAL, "small buffer accepted");
		check(memchr(text, 0, small) != NULL, "terminated (small)");
		for (size_t i = small; i < sizeof(text); i++)
			check(text[i] == 0x7f, "no overflow (small)");
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
			/* NULL excludes IDR5.DS (SCALE > 31, TTL 1 with
			 * 16 KB granule): only without DS are the caps
			 * narrower. */
			if (!(caps.features & SMMUV3_FEAT_DS))
				check(smmuv3_cmd_decode(NULL, &cmd, &again_d) ==
					      0,
				      "narrower caps accept only what the "
				      "maxima do");
			check(smmuv3_cmd_encode(&caps, &d, &again) == 0,
			      "re-encode (caps)");
			check(again.dw[0] == cmd.dw[0] &&
				      again.dw[1] == cmd.dw[1],
			      "round trip (caps)");
		}
	}

	return 0;
}
