/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Facts of integers the queue-index proofs (proofs/cmdq.c) use: x & (2^k - 1)
 * keeps the k low bits of x >= 0, i.e. is x modulo 2^k, for every k a queue
 * index mask can have (entries 2^k, k <= 19: IDR1.CMDQS, IHI 0070 6.3.2, and
 * the index + wrap-bit mask 2^(k+1) - 1), and for the conversion to a 32-bit
 * unsigned type (2^32 - 1). WP's own theory of & does not know these; they
 * are assumed (trusted base, docs/proofs.md). One axiom per constant, so the
 * provers match them once the proof has split the size into its cases
 * (-wp-auto wp:range in proofs/cmdq.args).
 */
#ifndef SMMUV3_PROOF_CMDQ_ARITH_H
#define SMMUV3_PROOF_CMDQ_ARITH_H

/*@ axiomatic LowMask {
      axiom land_low_0: \forall integer x; 0 <= x ==>
        (x & 0) == x % 1 && (0 & x) == x % 1;
      axiom land_low_1: \forall integer x; 0 <= x ==>
        (x & 1) == x % 2 && (1 & x) == x % 2;
      axiom land_low_2: \forall integer x; 0 <= x ==>
        (x & 3) == x % 4 && (3 & x) == x % 4;
      axiom land_low_3: \forall integer x; 0 <= x ==>
        (x & 7) == x % 8 && (7 & x) == x % 8;
      axiom land_low_4: \forall integer x; 0 <= x ==>
        (x & 15) == x % 16 && (15 & x) == x % 16;
      axiom land_low_5: \forall integer x; 0 <= x ==>
        (x & 31) == x % 32 && (31 & x) == x % 32;
      axiom land_low_6: \forall integer x; 0 <= x ==>
        (x & 63) == x % 64 && (63 & x) == x % 64;
      axiom land_low_7: \forall integer x; 0 <= x ==>
        (x & 127) == x % 128 && (127 & x) == x % 128;
      axiom land_low_8: \forall integer x; 0 <= x ==>
        (x & 255) == x % 256 && (255 & x) == x % 256;
      axiom land_low_9: \forall integer x; 0 <= x ==>
        (x & 511) == x % 512 && (511 & x) == x % 512;
      axiom land_low_10: \forall integer x; 0 <= x ==>
        (x & 1023) == x % 1024 && (1023 & x) == x % 1024;
      axiom land_low_11: \forall integer x; 0 <= x ==>
        (x & 2047) == x % 2048 && (2047 & x) == x % 2048;
      axiom land_low_12: \forall integer x; 0 <= x ==>
        (x & 4095) == x % 4096 && (4095 & x) == x % 4096;
      axiom land_low_13: \forall integer x; 0 <= x ==>
        (x & 8191) == x % 8192 && (8191 & x) == x % 8192;
      axiom land_low_14: \forall integer x; 0 <= x ==>
        (x & 16383) == x % 16384 && (16383 & x) == x % 16384;
      axiom land_low_15: \forall integer x; 0 <= x ==>
        (x & 32767) == x % 32768 && (32767 & x) == x % 32768;
      axiom land_low_16: \forall integer x; 0 <= x ==>
        (x & 65535) == x % 65536 && (65535 & x) == x % 65536;
      axiom land_low_17: \forall integer x; 0 <= x ==>
        (x & 131071) == x % 131072 && (131071 & x) == x % 131072;
      axiom land_low_18: \forall integer x; 0 <= x ==>
        (x & 262143) == x % 262144 && (262143 & x) == x % 262144;
      axiom land_low_19: \forall integer x; 0 <= x ==>
        (x & 524287) == x % 524288 && (524287 & x) == x % 524288;
      axiom land_low_20: \forall integer x; 0 <= x ==>
        (x & 1048575) == x % 1048576 && (1048575 & x) == x % 1048576;
      axiom land_low_32: \forall integer x; 0 <= x ==>
        (x & 4294967295) == x % 4294967296 &&
        (4294967295 & x) == x % 4294967296;
    }
 */

#endif
