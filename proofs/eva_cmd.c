/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Eva (value analysis) of the public entry points of src/cmd.c: encode,
 * decode, format and opcode_name over their whole input space. The shipped
 * file is included unchanged; main() is the analysis driver (proof build
 * only). docs/proofs.md, "Eva", lists what the analysis covers.
 */
#include <string.h>
#include "__fc_builtin.h"
#include "../src/cmd.c"

static uint8_t any_u8(void)
{
	return (uint8_t)Frama_C_interval(0, 255);
}

static uint64_t any_u64(void)
{
	return Frama_C_unsigned_long_long_interval(0, ~0ull);
}

static void any_caps(struct smmuv3_caps *c)
{
	memset(c, 0, sizeof(*c));
	c->features = any_u64();
	c->sid_bits = any_u8();
	c->ssid_bits = any_u8();
	c->asid_bits = any_u8();
	c->vmid_bits = any_u8();
	c->oas_bits = any_u8();
	c->s2_ias_bits = any_u8();
	c->stall_model = any_u8();
}

static void any_desc(struct smmuv3_cmd_desc *d)
{
	d->opcode = any_u8();
	d->leaf = Frama_C_interval(0, 1);
	d->ssv = Frama_C_interval(0, 1);
	d->global = Frama_C_interval(0, 1);
	d->sid = Frama_C_unsigned_int_interval(0, ~0u);
	d->ssid = Frama_C_unsigned_int_interval(0, ~0u);
	d->asid = (uint16_t)Frama_C_interval(0, 65535);
	d->vmid = (uint16_t)Frama_C_interval(0, 65535);
	d->addr = any_u64();
	d->range = any_u8();
	d->size = any_u8();
	d->tg = any_u8();
	d->scale = any_u8();
	d->num = any_u8();
	d->ttl = any_u8();
	d->cs = any_u8();
	d->msh = any_u8();
	d->msiattr = any_u8();
	d->msidata = Frama_C_unsigned_int_interval(0, ~0u);
	d->resp = any_u8();
	d->grpid = (uint16_t)Frama_C_interval(0, 65535);
	d->stag = (uint16_t)Frama_C_interval(0, 65535);
	d->ssec = Frama_C_interval(0, 1);
}

/*
 * The field table, checked by the analysis (all constants, so Eva computes
 * it exactly): for every opcode of op_table[], the fields it has are
 * pairwise disjoint in their word and disjoint from the opcode bits [7:0],
 * and their union is what known_bits() accepts (every other bit is RES0).
 * A violation would make @bad 1 and the read of one_slot[bad] an
 * out-of-bounds alarm, which fails the target (0 alarms expected).
 */
static void check_fields_disjoint(void)
{
	static const char one_slot[1];
	unsigned int i, j;
	int bad = 0;

	for (i = 0; i < SMMUV3_ARRAY_SIZE(op_table); i++) {
		uint64_t k[2] = { SMMUV3_CMD0_OP, 0 };
		uint64_t k0, k1;

		for (j = 0; j < SMMUV3_ARRAY_SIZE(fields); j++) {
			uint64_t mk = field_mask(&fields[j]);

			if (!(op_table[i].fields & fields[j].flag))
				continue;
			if (k[fields[j].word] & mk)
				bad = 1;
			k[fields[j].word] |= mk;
		}
		known_bits(op_table[i].fields, true, &k0, &k1);
		if (k0 != k[0] || k1 != k[1])
			bad = 1;
	}
	(void)one_slot[bad];
}

int main(void)
{
	struct smmuv3_caps caps;
	const struct smmuv3_caps *cp;
	struct smmuv3_cmd_desc d, back;
	struct smmuv3_cmd c, raw;
	char buf[SMMUV3_CMD_FORMAT_MAX];
	size_t len = Frama_C_size_t_interval(1, sizeof(buf));
	const char *name;
	int r;

	check_fields_disjoint();
	any_caps(&caps);
	cp = Frama_C_nondet(0, 1) ? &caps : NULL;
	any_desc(&d);
	/* encode, then decode of what it produced */
	r = smmuv3_cmd_encode(cp, &d, &c);
	if (r == 0) {
		r = smmuv3_cmd_decode(cp, &c, &back);
		r = smmuv3_cmd_format(&c, buf, len);
	}
	/* decode and format of any 128 bits */
	raw.dw[0] = any_u64();
	raw.dw[1] = any_u64();
	r = smmuv3_cmd_decode(cp, &raw, &back);
	r = smmuv3_cmd_format(&raw, buf, len);
	name = smmuv3_cmd_opcode_name(any_u8());
	/* the NULL-pointer rejections */
	r = smmuv3_cmd_encode(cp, NULL, &c);
	r = smmuv3_cmd_decode(cp, NULL, &back);
	r = smmuv3_cmd_format(&raw, NULL, len);
	(void)r;
	(void)name;
	return 0;
}
