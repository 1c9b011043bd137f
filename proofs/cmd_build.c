/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of build(), the packing of encode (src/cmd.c), against the
 * field table fields[] of the same file. The shipped file is included
 * unchanged. ENC(flags, op, d, w) below is word w of a command as the
 * table says it is packed: the opcode in dw0[7:0], ORed with, for every
 * table entry whose flag the command has and whose word is w, the entry's
 * placement of its member (a 1-bit field: its mask when the member is
 * true; an address: its bits inside the mask; any other value: shifted to
 * the entry's low bit, as a 64-bit product, and masked). WP proves that
 * build() writes exactly ENC(...) in both words, for each of the 22
 * opcodes of op_table[] (one behaviour each): its hand-written masks and
 * flag tests are the table's. docs/proofs.md, "Command field packing".
 */
#include "../src/cmd.c"

/* The table-driven specification (macros, so that WP unfolds it and Qed
 * folds the constant table). */
/* Member @m of descriptor @d (enum member). */
#define MVAL(d, m) \
      (m == M_SID ? (d).sid : m == M_SSV ? (d).ssv : m == M_SSID ? (d).ssid : \
      m == M_LEAF ? (d).leaf : m == M_RANGE ? (d).range : m == M_VMID ? (d).vmid : \
      m == M_ASID ? (d).asid : m == M_ADDR ? (d).addr : m == M_TG ? (d).tg : \
      m == M_TTL ? (d).ttl : m == M_NUM ? (d).num : m == M_SCALE ? (d).scale : \
      m == M_GLOBAL ? (d).global : m == M_SIZE ? (d).size : \
      m == M_GRPID ? (d).grpid : m == M_RESP ? (d).resp : m == M_STAG ? (d).stag : \
      m == M_CS ? (d).cs : m == M_MSH ? (d).msh : m == M_MSIATTR ? (d).msiattr : \
      (d).msidata)
/* Bits [hi:lo] of table entry j, as an integer. */
#define FMASK(j) ((1 << (fields[j].hi + 1)) - (1 << fields[j].lo))
#define FVAL(d, j) MVAL(d, fields[j].mem)
/* What entry j places in its word (64-bit product, as C computes it). */
#define FPLACE(d, j) (\let v = FVAL(d, j); \
      fields[j].inplace ? (v & FMASK(j)) : \
      fields[j].hi == fields[j].lo ? (v != 0 ? FMASK(j) : 0) : \
      ((uint64_t)(v * (1 << fields[j].lo)) & FMASK(j)))
#define FTERM(fl, d, w, j) \
      (((fl & fields[j].flag) != 0 && fields[j].word == w) ? FPLACE(d, j) : 0)
#define ENC(fl, op, d, w) ((w == 0 ? op : 0) | \
      FTERM(fl, d, w, 0) | FTERM(fl, d, w, 1) | FTERM(fl, d, w, 2) | \
      FTERM(fl, d, w, 3) | FTERM(fl, d, w, 4) | FTERM(fl, d, w, 5) | \
      FTERM(fl, d, w, 6) | FTERM(fl, d, w, 7) | FTERM(fl, d, w, 8) | \
      FTERM(fl, d, w, 9) | FTERM(fl, d, w, 10) | FTERM(fl, d, w, 11) | \
      FTERM(fl, d, w, 12) | FTERM(fl, d, w, 13) | FTERM(fl, d, w, 14) | \
      FTERM(fl, d, w, 15) | FTERM(fl, d, w, 16) | FTERM(fl, d, w, 17) | \
      FTERM(fl, d, w, 18) | FTERM(fl, d, w, 19) | FTERM(fl, d, w, 20) | \
      FTERM(fl, d, w, 21) | FTERM(fl, d, w, 22) | FTERM(fl, d, w, 23) | \
      FTERM(fl, d, w, 24))

/* One behaviour per op_table[] entry. */
#define OPB(i) behavior op_##i: assumes oi == &op_table[i]; \
   ensures w0_##i: c->dw[0] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 0); \
   ensures w1_##i: c->dw[1] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 1);

/* ATC_INV's dw0 has two flag bits (SSV, Global): its equation is stated once
 * per combination of the two (their conjunction is the equation, as both
 * are bools), so that each goal is one path of build(). */
#define OPB4(i) behavior op_##i: assumes oi == &op_table[i]; \
   ensures w0_##i##_00: !\old(d->ssv) && !\old(d->global) ==> \
      c->dw[0] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 0); \
   ensures w0_##i##_01: !\old(d->ssv) && \old(d->global) ==> \
      c->dw[0] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 0); \
   ensures w0_##i##_10: \old(d->ssv) && !\old(d->global) ==> \
      c->dw[0] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 0); \
   ensures w0_##i##_11: \old(d->ssv) && \old(d->global) ==> \
      c->dw[0] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 0); \
   ensures w1_##i: c->dw[1] == ENC(op_table[i].fields, op_table[i].op, \old(*d), 1);

/*@ requires \valid_read(d) && \valid(c) && \separated(c, d);
    requires \valid_read(oi);
    requires \exists integer i; 0 <= i < 22 && oi == &op_table[i];
    assigns c->dw[0 .. 1];
    OPB(0) OPB(1) OPB(2) OPB(3) OPB(4) OPB(5) OPB(6) OPB(7) OPB(8) OPB(9)
    OPB(10) OPB(11) OPB(12) OPB(13) OPB(14) OPB(15) OPB(16) OPB4(17) OPB(18)
    OPB(19) OPB(20) OPB(21)
 */
static void build(const struct op_info *oi, const struct smmuv3_cmd_desc *d,
		  struct smmuv3_cmd *c);
