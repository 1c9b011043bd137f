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
