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
 * against the maxima too (which exclude DS). A descriptor that decoded,
 * with one member changed (which one and its value from the input's last
 * bytes), either is refused by smmuv3_cmd_encode() with the output
 * untouched or encodes to words that decode back to exactly it (against
 * the maxima and against the input's capabilities). A command that parses
 * has a name; the errata policies (smmuv3_errata_cmd_repeat/_drop) answer
 * true only with their option and for their opcode class.
 * Input: 16 bytes of command (two little-endian words), then optionally 8
 * bytes of capabilities.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/cmd.h>
#include <smmuv3/err.h>
#include <smmuv3/errata.h>

#include "../vectors/cmd_desc_equal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Member @which (0..22, in declaration order) of @d set to @v. */
static void set_member(struct smmuv3_cmd_desc *d, unsigned int which,
		       uint64_t v)
{
	switch (which) {
	case 0: d->opcode = (uint8_t)v; break;
	case 1: d->leaf = v & 1; break;
	case 2: d->ssv = v & 1; break;
	case 3: d->global = v & 1; break;
	case 4: d->sid = (uint32_t)v; break;
	case 5: d->ssid = (uint32_t)v; break;
	case 6: d->asid = (uint16_t)v; break;
	case 7: d->vmid = (uint16_t)v; break;
	case 8: d->addr = v; break;
	case 9: d->range = (uint8_t)v; break;
	case 10: d->size = (uint8_t)v; break;
	case 11: d->tg = (uint8_t)v; break;
	case 12: d->scale = (uint8_t)v; break;
	case 13: d->num = (uint8_t)v; break;
	case 14: d->ttl = (uint8_t)v; break;
	case 15: d->cs = (uint8_t)v; break;
	case 16: d->msh = (uint8_t)v; break;
	case 17: d->msiattr = (uint8_t)v; break;
	case 18: d->msidata = (uint32_t)v; break;
	case 19: d->resp = (uint8_t)v; break;
	case 20: d->grpid = (uint16_t)v; break;
	case 21: d->stag = (uint16_t)v; break;
	default: d->ssec = v & 1; break;
	}
}

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_cmd: property failed: %s\n", what);
		abort();
	}
}

/* @m either is refused with the output untouched, or encodes to words
 * that decode (against the same @caps) back to exactly @m. */
static void encode_changed(const struct smmuv3_caps *caps,
			   const struct smmuv3_cmd_desc *m)
{
	struct smmuv3_cmd c = { { 0x5a5a5a5a5a5a5a5aull,
				  0x5a5a5a5a5a5a5a5aull } };
	struct smmuv3_cmd_desc back;

	if (smmuv3_cmd_encode(caps, m, &c) != 0) {
		check(c.dw[0] == 0x5a5a5a5a5a5a5a5aull &&
			      c.dw[1] == 0x5a5a5a5a5a5a5a5aull,
		      "refused encode leaves the output");
		return;
	}
	check(smmuv3_cmd_decode(caps, &c, &back) == 0 && cmd_desc_equal(&back, m),
	      "what encodes decodes back to itself");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_caps caps;
	struct smmuv3_cmd cmd, again;
	struct smmuv3_cmd_desc d, again_d, m;
	char text[SMMUV3_CMD_FORMAT_MAX + 8];
	int ret;

	if (size < 16)
		return 0;
	cmd.dw[0] = load64(data);
	cmd.dw[1] = load64(data + 8);

	/* Decode against the architectural maxima, then re-encode. */
	ret = smmuv3_cmd_decode(NULL, &cmd, &d);
	check(ret == SMMUV3_EBADMSG ||
		      smmuv3_cmd_opcode_name((uint8_t)cmd.dw[0]) != NULL,
	      "a command that parses has a name");
	if (ret == 0) {
		check(smmuv3_cmd_encode(NULL, &d, &again) == 0, "re-encode");
		check(again.dw[0] == cmd.dw[0] && again.dw[1] == cmd.dw[1],
		      "round trip");
		/* One member changed: a value of any width, from the last
		 * eight bytes shifted by the last byte. */
		m = d;
		set_member(&m, data[size - 2] % 23u,
			   load64(data + size - 8) >> (data[size - 1] & 63u));
		encode_changed(NULL, &m);
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
		caps.options = data[21] | (uint32_t)data[22] << 8;
		/* The errata policies for a command of one's own queue: only
		 * with their option, only for their opcode class. */
		{
			unsigned int op = (unsigned int)(cmd.dw[0] & 0xff);

			check(!smmuv3_errata_cmd_repeat(&caps, &cmd) ||
				      ((caps.options & SMMUV3_OPT_REPEAT_INV) &&
				       op >= SMMUV3_OP_CFGI_STE &&
				       op < SMMUV3_OP_ATC_INV),
			      "repeat only CFGI/TLBI with REPEAT_INV");
			check(!smmuv3_errata_cmd_drop(&caps, &cmd) ||
				      ((caps.options & SMMUV3_OPT_SKIP_PREFETCH) &&
				       (op == SMMUV3_OP_PREFETCH_CONFIG ||
					op == SMMUV3_OP_PREFETCH_ADDR)),
			      "drop only PREFETCH_* with SKIP_PREFETCH");
		}
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
		if (ret == 0)
			encode_changed(&caps, &m);
	}

	return 0;
}
