/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Facts of integers the command-packing proofs (proofs/cmd.c) use, one per
 * field position of IHI 0070 chapter 4 that src/cmd.c packs: a number whose
 * binary digits all lie in bits [h:l] (a multiple of 2^l below 2^(h+1)) is
 * unchanged by the mask of bits [h:l]; and y >> l is y / 2^l. WP's theory of
 * & and >> does not know these; they are assumed (trusted base,
 * docs/proofs.md). Stated per constant so that the provers match them on
 * the constants the code's masks fold to. Generated with the harness.
 */
#ifndef SMMUV3_PROOF_CMD_BITS_H
#define SMMUV3_PROOF_CMD_BITS_H

/*@ axiomatic FieldBits {
      axiom in_field_0_0: \forall integer y; 0 <= y < 2 &&
        y % 1 == 0 ==> (y & 1) == y && (1 & y) == y;
      axiom in_field_4_0: \forall integer y; 0 <= y < 32 &&
        y % 1 == 0 ==> (y & 31) == y && (31 & y) == y;
      axiom in_field_5_0: \forall integer y; 0 <= y < 64 &&
        y % 1 == 0 ==> (y & 63) == y && (63 & y) == y;
      axiom in_field_7_0: \forall integer y; 0 <= y < 256 &&
        y % 1 == 0 ==> (y & 255) == y && (255 & y) == y;
      axiom in_field_8_0: \forall integer y; 0 <= y < 512 &&
        y % 1 == 0 ==> (y & 511) == y && (511 & y) == y;
      axiom in_field_9_8: \forall integer y; 0 <= y < 1024 &&
        y % 256 == 0 ==> (y & 768) == y && (768 & y) == y;
      axiom in_field_9_9: \forall integer y; 0 <= y < 1024 &&
        y % 512 == 0 ==> (y & 512) == y && (512 & y) == y;
      axiom in_field_11_10: \forall integer y; 0 <= y < 4096 &&
        y % 1024 == 0 ==> (y & 3072) == y && (3072 & y) == y;
      axiom in_field_11_11: \forall integer y; 0 <= y < 4096 &&
        y % 2048 == 0 ==> (y & 2048) == y && (2048 & y) == y;
      axiom in_field_13_12: \forall integer y; 0 <= y < 16384 &&
        y % 4096 == 0 ==> (y & 12288) == y && (12288 & y) == y;
      axiom in_field_15_0: \forall integer y; 0 <= y < 65536 &&
        y % 1 == 0 ==> (y & 65535) == y && (65535 & y) == y;
      axiom in_field_16_12: \forall integer y; 0 <= y < 131072 &&
        y % 4096 == 0 ==> (y & 126976) == y && (126976 & y) == y;
      axiom in_field_23_22: \forall integer y; 0 <= y < 16777216 &&
        y % 4194304 == 0 ==> (y & 12582912) == y && (12582912 & y) == y;
      axiom in_field_25_20: \forall integer y; 0 <= y < 67108864 &&
        y % 1048576 == 0 ==> (y & 66060288) == y && (66060288 & y) == y;
      axiom in_field_27_24: \forall integer y; 0 <= y < 268435456 &&
        y % 16777216 == 0 ==> (y & 251658240) == y && (251658240 & y) == y;
      axiom in_field_31_12: \forall integer y; 0 <= y < 4294967296 &&
        y % 4096 == 0 ==> (y & 4294963200) == y && (4294963200 & y) == y;
      axiom in_field_47_32: \forall integer y; 0 <= y < 281474976710656 &&
        y % 4294967296 == 0 ==> (y & 281470681743360) == y && (281470681743360 & y) == y;
      axiom in_field_51_2: \forall integer y; 0 <= y < 4503599627370496 &&
        y % 4 == 0 ==> (y & 4503599627370492) == y && (4503599627370492 & y) == y;
      axiom in_field_51_12: \forall integer y; 0 <= y < 4503599627370496 &&
        y % 4096 == 0 ==> (y & 4503599627366400) == y && (4503599627366400 & y) == y;
      axiom in_field_63_12: \forall integer y; 0 <= y < 18446744073709551616 &&
        y % 4096 == 0 ==> (y & 18446744073709547520) == y && (18446744073709547520 & y) == y;
      axiom in_field_63_32: \forall integer y; 0 <= y < 18446744073709551616 &&
        y % 4294967296 == 0 ==> (y & 18446744069414584320) == y && (18446744069414584320 & y) == y;
      axiom in_field_63_48: \forall integer y; 0 <= y < 18446744073709551616 &&
        y % 281474976710656 == 0 ==> (y & 18446462598732840960) == y && (18446462598732840960 & y) == y;
      axiom lsr_2: \forall integer y; 0 <= y ==> (y >> 2) == y / 4;
      axiom lsr_8: \forall integer y; 0 <= y ==> (y >> 8) == y / 256;
      axiom lsr_9: \forall integer y; 0 <= y ==> (y >> 9) == y / 512;
      axiom lsr_10: \forall integer y; 0 <= y ==> (y >> 10) == y / 1024;
      axiom lsr_11: \forall integer y; 0 <= y ==> (y >> 11) == y / 2048;
      axiom lsr_12: \forall integer y; 0 <= y ==> (y >> 12) == y / 4096;
      axiom lsr_20: \forall integer y; 0 <= y ==> (y >> 20) == y / 1048576;
      axiom lsr_22: \forall integer y; 0 <= y ==> (y >> 22) == y / 4194304;
      axiom lsr_24: \forall integer y; 0 <= y ==> (y >> 24) == y / 16777216;
      axiom lsr_32: \forall integer y; 0 <= y ==> (y >> 32) == y / 4294967296;
      axiom lsr_48: \forall integer y; 0 <= y ==> (y >> 48) == y / 281474976710656;
    }
 */

#endif
