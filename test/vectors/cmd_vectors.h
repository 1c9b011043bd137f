/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Expected command encodings, written by hand from IHI 0070 chapter 4
 * (independently of src/): each row is a descriptor and the two 64-bit
 * words the architecture's field layout gives, with a comment deriving them;
 * then descriptors the encoder must refuse and raw words the decoder must
 * reject, each with the error code and why.
 */
#ifndef SMMUV3_TEST_CMD_VECTORS_H
#define SMMUV3_TEST_CMD_VECTORS_H

#include <smmuv3/cmd.h>
#include <smmuv3/err.h>

/* Which capabilities a row is checked against (see cmd_vectors.c). */
enum vec_caps {
	VEC_CAPS_NULL = 0, /* caps == NULL: architectural maxima */
	VEC_CAPS_SMALL,    /* 8-bit ASID/VMID, 16-bit SID, no SSID, 40-bit PA/IPA,
			    * S1+S2 only: no HYP/ATS/PRI/MSI/RIL/stalls */
	VEC_CAPS_S1ONLY,   /* stage 1 only, otherwise maxima (+RIL) */
	VEC_CAPS_S2ONLY,   /* stage 2 only, otherwise maxima (+RIL) */
	VEC_CAPS_DS,       /* maxima plus IDR5.DS */
	VEC_CAPS_COUNT,
};

struct cmd_vector {
	const char *what;
	enum vec_caps caps;
	struct smmuv3_cmd_desc d;
	uint64_t dw0, dw1;
};

struct cmd_refusal {
	const char *what;
	enum vec_caps caps;
	struct smmuv3_cmd_desc d;
	int err;
};

struct cmd_bad_words {
	const char *what;
	uint64_t dw0, dw1;
	int err; /* from smmuv3_cmd_decode(NULL, ...) */
};

struct cmd_format_vector {
	uint64_t dw0, dw1;
	const char *text;
	int err;
};

void cmd_vectors_caps(enum vec_caps which, struct smmuv3_caps *out);

extern const struct cmd_vector cmd_vectors[];
extern const size_t cmd_vectors_count;
extern const struct cmd_refusal cmd_refusals[];
extern const size_t cmd_refusals_count;
extern const struct cmd_bad_words cmd_bad_words[];
extern const size_t cmd_bad_words_count;
extern const struct cmd_format_vector cmd_format_vectors[];
extern const size_t cmd_format_vectors_count;

#endif /* SMMUV3_TEST_CMD_VECTORS_H */
