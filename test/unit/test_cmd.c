// SPDX-License-Identifier: BSD-2-Clause
/*
 * Command encoder/decoder/formatter against the hand-written table in
 * test/vectors/cmd_vectors.c (IHI 0070 chapter 4), plus a round-trip
 * property over pseudo-random 128-bit words: whatever decodes must encode
 * back to exactly the same words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/cmd.h>

#include "../vectors/cmd_vectors.h"
#include "../vectors/cmd_desc_equal.h"

static const struct smmuv3_caps *caps_for(enum vec_caps which,
					  struct smmuv3_caps *buf)
{
	if (which == VEC_CAPS_NULL)
		return NULL;
	cmd_vectors_caps(which, buf);
	return buf;
}

static void test_encode_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cmd_vectors_count; i++) {
		const struct cmd_vector *v = &cmd_vectors[i];
		struct smmuv3_caps cb;
		struct smmuv3_cmd c = { { 0, 0 } };
		int ret = smmuv3_cmd_encode(caps_for(v->caps, &cb), &v->d, &c);

		if (ret != 0 || c.dw[0] != v->dw0 || c.dw[1] != v->dw1)
			print_error("row '%s': ret %d got %016llx %016llx "
				    "want %016llx %016llx\n",
				    v->what, ret, (unsigned long long)c.dw[0],
				    (unsigned long long)c.dw[1],
				    (unsigned long long)v->dw0,
				    (unsigned long long)v->dw1);
		assert_int_equal(ret, 0);
		assert_true(c.dw[0] == v->dw0);
		assert_true(c.dw[1] == v->dw1);
	}
}

static void test_decode_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cmd_vectors_count; i++) {
		const struct cmd_vector *v = &cmd_vectors[i];
		struct smmuv3_caps cb;
		const struct smmuv3_caps *caps = caps_for(v->caps, &cb);
		struct smmuv3_cmd c = { { v->dw0, v->dw1 } }, again;
		struct smmuv3_cmd_desc d;
		int ret = smmuv3_cmd_decode(caps, &c, &d);

		if (ret != 0 || !cmd_desc_equal(&d, &v->d))
			print_error("row '%s': decode ret %d\n", v->what, ret);
		assert_int_equal(ret, 0);
		assert_true(cmd_desc_equal(&d, &v->d));
		assert_int_equal(smmuv3_cmd_encode(caps, &d, &again), 0);
		assert_true(again.dw[0] == v->dw0 && again.dw[1] == v->dw1);
	}
}

/* Every opcode of enum smmuv3_opcode has a name and at least one row. */
static void test_every_opcode_covered(void **state)
{
	static const uint8_t ops[] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11,
		0x12, 0x13, 0x20, 0x21, 0x22, 0x23, 0x28, 0x2a,
		0x30, 0x40, 0x41, 0x44, 0x45, 0x46,
	};
	size_t i, j;
	unsigned int named = 0;

	(void)state;
	for (i = 0; i < sizeof(ops); i++) {
		bool found = false;

		assert_non_null(smmuv3_cmd_opcode_name(ops[i]));
		for (j = 0; j < cmd_vectors_count; j++)
			if (cmd_vectors[j].d.opcode == ops[i])
				found = true;
		if (!found)
			print_error("opcode 0x%02x has no vector\n", ops[i]);
		assert_true(found);
	}
	/* Exactly these 22 opcodes are named, nothing else. */
	for (i = 0; i < 256; i++)
		if (smmuv3_cmd_opcode_name((uint8_t)i))
			named++;
	assert_int_equal(named, sizeof(ops));
	assert_string_equal(smmuv3_cmd_opcode_name(0x12), "CMD_TLBI_NH_VA");
}

static void test_refusals(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cmd_refusals_count; i++) {
		const struct cmd_refusal *r = &cmd_refusals[i];
		struct smmuv3_caps cb;
		struct smmuv3_cmd c = { { 0x5a5a5a5a5a5a5a5aull, 0xa5a5ull } };
		int ret = smmuv3_cmd_encode(caps_for(r->caps, &cb), &r->d, &c);

		if (ret != r->err)
			print_error("refusal '%s': ret %d want %d\n", r->what,
				    ret, r->err);
		assert_int_equal(ret, r->err);
		/* On error the output is unchanged. */
		assert_true(c.dw[0] == 0x5a5a5a5a5a5a5a5aull &&
			    c.dw[1] == 0xa5a5ull);
	}
}

static void test_bad_words(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cmd_bad_words_count; i++) {
		const struct cmd_bad_words *b = &cmd_bad_words[i];
		struct smmuv3_cmd c = { { b->dw0, b->dw1 } };
		struct smmuv3_cmd_desc d, before;
		int ret;

		memset(&d, 0x77, sizeof(d));
		before = d;
		ret = smmuv3_cmd_decode(NULL, &c, &d);
		if (ret != b->err)
			print_error("bad words '%s': ret %d want %d\n", b->what,
				    ret, b->err);
		assert_int_equal(ret, b->err);
		assert_memory_equal(&d, &before, sizeof(d));
	}
}

static void test_null_args(void **state)
{
	struct smmuv3_cmd_desc d = { .opcode = SMMUV3_OP_CMD_SYNC };
	struct smmuv3_cmd c = { { 0x46, 0 } };
	char buf[8];

	(void)state;
	assert_int_equal(smmuv3_cmd_encode(NULL, NULL, &c), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmd_encode(NULL, &d, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmd_decode(NULL, NULL, &d), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmd_decode(NULL, &c, NULL), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmd_format(NULL, buf, sizeof(buf)),
			 SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmd_format(&c, NULL, 8), SMMUV3_EINVAL);
	assert_int_equal(smmuv3_cmd_format(&c, buf, 0), SMMUV3_EINVAL);
}

static void test_format_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cmd_format_vectors_count; i++) {
		const struct cmd_format_vector *f = &cmd_format_vectors[i];
		struct smmuv3_cmd c = { { f->dw0, f->dw1 } };
		char buf[SMMUV3_CMD_FORMAT_MAX];
		int ret = smmuv3_cmd_format(&c, buf, sizeof(buf));

		assert_string_equal(buf, f->text);
		assert_int_equal(ret, f->err);
	}
}

static void test_format_truncation(void **state)
{
	struct smmuv3_cmd c = { { 0x0000000500000003ull, 1 } };
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(smmuv3_cmd_format(&c, buf, 5), SMMUV3_E2BIG);
	assert_string_equal(buf, "CMD_");
	assert_int_equal(buf[5], 'x'); /* nothing written past len */
	assert_int_equal(smmuv3_cmd_format(&c, buf, 1), SMMUV3_E2BIG);
	assert_string_equal(buf, "");
}

/* xorshift64*: deterministic pseudo-random words. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/*
 * Property: for random words (opcode drawn from the defined ones half the
 * time, other bits sparse so that some words are valid), decode succeeds
 * only if encode of the result gives the same words; format never
 * overflows SMMUV3_CMD_FORMAT_MAX and agrees with decode(NULL).
 */
static void test_roundtrip_property(void **state)
{
	static const uint8_t ops[] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11,
		0x12, 0x13, 0x20, 0x21, 0x22, 0x23, 0x28, 0x2a,
		0x30, 0x40, 0x41, 0x44, 0x45, 0x46,
	};
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned long valid = 0, i;
	struct smmuv3_caps small;

	(void)state;
	cmd_vectors_caps(VEC_CAPS_SMALL, &small);
	for (i = 0; i < 200000; i++) {
		/* ~2 bits set per word (density 1/32), so that a useful
		 * share of words has no RES0 bit set. */
		uint64_t w0 = rnd(&seed) & rnd(&seed) & rnd(&seed) &
			      rnd(&seed) & rnd(&seed);
		uint64_t w1 = rnd(&seed) & rnd(&seed) & rnd(&seed) &
			      rnd(&seed) & rnd(&seed);
		struct smmuv3_cmd c, again;
		struct smmuv3_cmd_desc d;
		char buf[SMMUV3_CMD_FORMAT_MAX];
		int ret, fret;

		if (i & 1)
			w0 = (w0 & ~0xffull) | ops[rnd(&seed) % sizeof(ops)];
		c.dw[0] = w0;
		c.dw[1] = w1;
		ret = smmuv3_cmd_decode(NULL, &c, &d);
		fret = smmuv3_cmd_format(&c, buf, sizeof(buf));
		assert_int_equal(fret, ret);
		assert_true(strlen(buf) < sizeof(buf));
		if (ret == 0) {
			valid++;
			assert_int_equal(smmuv3_cmd_encode(NULL, &d, &again), 0);
			assert_true(again.dw[0] == w0 && again.dw[1] == w1);
		}
		/* The same holds under probed (smaller) capabilities. */
		if (smmuv3_cmd_decode(&small, &c, &d) == 0) {
			assert_int_equal(smmuv3_cmd_encode(&small, &d, &again),
					 0);
			assert_true(again.dw[0] == w0 && again.dw[1] == w1);
		}
	}
	/* The generator must actually exercise valid commands. */
	if (valid <= 5000)
		print_error("only %lu valid words\n", valid);
	assert_true(valid > 5000);
}

/*
 * The unchecked builders of <smmuv3/cmd.h> give, for values within their
 * documented ranges, exactly what smmuv3_cmd_encode() gives for the same
 * command (which the vector table checks against hand-written words).
 */
static void test_builders(void **state)
{
	uint64_t seed = 0x243f6a8885a308d3ull;
	unsigned long i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		uint32_t sid = (uint32_t)rnd(&seed);
		uint32_t ssid = (uint32_t)rnd(&seed) & 0xfffffu;
		bool leaf = rnd(&seed) & 1u, ssv = rnd(&seed) & 1u;
		uint8_t size = (uint8_t)(rnd(&seed) % 53u);
		uint64_t addr = size >= 52u ? 0 :
			rnd(&seed) & ~((4096ull << size) - 1u);
		uint8_t cs = (uint8_t)(rnd(&seed) % 3u);
		struct smmuv3_cmd_desc d;
		struct smmuv3_cmd a, b;

		memset(&d, 0, sizeof(d));
		d.opcode = SMMUV3_OP_CFGI_STE;
		d.sid = sid;
		d.leaf = leaf;
		assert_int_equal(smmuv3_cmd_encode(NULL, &d, &a), 0);
		smmuv3_cmd_build_cfgi_ste(&b, sid, leaf);
		assert_memory_equal(&a, &b, sizeof(a));

		d.opcode = SMMUV3_OP_CFGI_CD;
		d.ssid = ssid;
		assert_int_equal(smmuv3_cmd_encode(NULL, &d, &a), 0);
		smmuv3_cmd_build_cfgi_cd(&b, sid, ssid, leaf);
		assert_memory_equal(&a, &b, sizeof(a));

		memset(&d, 0, sizeof(d));
		d.opcode = SMMUV3_OP_ATC_INV;
		d.sid = sid;
		d.ssv = ssv;
		d.ssid = ssv ? ssid : 0u;
		d.addr = addr;
		d.size = size;
		assert_int_equal(smmuv3_cmd_encode(NULL, &d, &a), 0);
		smmuv3_cmd_build_atc_inv(&b, sid, ssv, d.ssid, addr, size);
		assert_memory_equal(&a, &b, sizeof(a));

		memset(&d, 0, sizeof(d));
		d.opcode = SMMUV3_OP_CMD_SYNC;
		d.cs = cs;
		if (cs == SMMUV3_SYNC_CS_IRQ) {
			d.msh = 3;
			d.msiattr = 0xf;
			d.addr = addr & SMMUV3_CMD1_SYNC_MSIADDR & ~3ull;
		}
		assert_int_equal(smmuv3_cmd_encode(NULL, &d, &a), 0);
		smmuv3_cmd_build_sync(&b, cs, d.msh, d.msiattr, d.addr);
		assert_memory_equal(&a, &b, sizeof(a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_vectors),
		cmocka_unit_test(test_decode_vectors),
		cmocka_unit_test(test_every_opcode_covered),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bad_words),
		cmocka_unit_test(test_null_args),
		cmocka_unit_test(test_format_vectors),
		cmocka_unit_test(test_format_truncation),
		cmocka_unit_test(test_roundtrip_property),
		cmocka_unit_test(test_builders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
