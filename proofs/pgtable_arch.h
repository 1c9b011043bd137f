/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The architecture's rules for VMSAv8-64 translation table geometry, written
 * from the Arm ARM (DDI 0487, D8.2 "Translation table walk", the tables of
 * the initial lookup level per granule and TxSZ, VTCR_EL2.SL0, and the
 * pseudocode AArch64.S2InvalidSL / AArch64.S2InconsistentSL), without
 * FEAT_LPA2 and FEAT_TTST, independently of src/pgtable_lpae.c. The proofs
 * (proofs/pgtable.c) show the code computes these. Granules are numbered as
 * enum smmuv3_granule: 0 = 4K, 1 = 16K, 2 = 64K.
 */
#ifndef SMMUV3_PROOF_PGTABLE_ARCH_H
#define SMMUV3_PROOF_PGTABLE_ARCH_H

/*@ // Trusted (docs/proofs.md): powers of two and the meaning of shifts and
    // masks on non-negative integers (true of mathematical integers and of
    // C's unsigned shifts below the type width, ISO C11 6.5.7). The same
    // facts as proofs/pow2.h, on a separate symbol and without p2_add, whose
    // non-linear pattern makes Z3 4.8.12 fail on every goal that sees it.
    axiomatic PgtPow {
      logic integer pw(integer k);
      // pw(k) == 2^k for every k the proofs meet (no recursive axiom:
      // pw(k + 1) == 2 * pw(k) makes the solvers loop)
      axiom pw_val:
        pw(0) == 1 &&
        pw(1) == 2 &&
        pw(2) == 4 &&
        pw(3) == 8 &&
        pw(4) == 16 &&
        pw(5) == 32 &&
        pw(6) == 64 &&
        pw(7) == 128 &&
        pw(8) == 256 &&
        pw(9) == 512 &&
        pw(10) == 1024 &&
        pw(11) == 2048 &&
        pw(12) == 4096 &&
        pw(13) == 8192 &&
        pw(14) == 16384 &&
        pw(15) == 32768 &&
        pw(16) == 65536 &&
        pw(17) == 131072 &&
        pw(18) == 262144 &&
        pw(19) == 524288 &&
        pw(20) == 1048576 &&
        pw(21) == 2097152 &&
        pw(22) == 4194304 &&
        pw(23) == 8388608 &&
        pw(24) == 16777216 &&
        pw(25) == 33554432 &&
        pw(26) == 67108864 &&
        pw(27) == 134217728 &&
        pw(28) == 268435456 &&
        pw(29) == 536870912 &&
        pw(30) == 1073741824 &&
        pw(31) == 2147483648 &&
        pw(32) == 4294967296 &&
        pw(33) == 8589934592 &&
        pw(34) == 17179869184 &&
        pw(35) == 34359738368 &&
        pw(36) == 68719476736 &&
        pw(37) == 137438953472 &&
        pw(38) == 274877906944 &&
        pw(39) == 549755813888 &&
        pw(40) == 1099511627776 &&
        pw(41) == 2199023255552 &&
        pw(42) == 4398046511104 &&
        pw(43) == 8796093022208 &&
        pw(44) == 17592186044416 &&
        pw(45) == 35184372088832 &&
        pw(46) == 70368744177664 &&
        pw(47) == 140737488355328 &&
        pw(48) == 281474976710656 &&
        pw(49) == 562949953421312 &&
        pw(50) == 1125899906842624 &&
        pw(51) == 2251799813685248 &&
        pw(52) == 4503599627370496 &&
        pw(53) == 9007199254740992 &&
        pw(54) == 18014398509481984 &&
        pw(55) == 36028797018963968 &&
        pw(56) == 72057594037927936 &&
        pw(57) == 144115188075855872 &&
        pw(58) == 288230376151711744 &&
        pw(59) == 576460752303423488 &&
        pw(60) == 1152921504606846976 &&
        pw(61) == 2305843009213693952 &&
        pw(62) == 4611686018427387904 &&
        pw(63) == 9223372036854775808 &&
        pw(64) == 18446744073709551616;
      axiom pw_pos: \forall integer k; 0 <= k <= 64 ==> pw(k) >= 1;
      axiom pw_mono: \forall integer a, b; 0 <= a <= b <= 64 ==> pw(a) <= pw(b);
      axiom lsr_pw: \forall integer x, k; 0 <= x && 0 <= k <= 64 ==>
                      (x >> k) == x / pw(k);
      axiom lsl_pw: \forall integer x, k; 0 <= k <= 64 ==> (x << k) == x * pw(k);
      axiom land_pw: \forall integer x, m, k; 0 <= x && 0 <= k <= 64 &&
                      m + 1 == pw(k) ==> (x & m) == x % pw(k);
      axiom lor_pw: \forall integer a, b, k; 0 <= a && 0 <= b && 0 <= k <= 64 ==>
                      ((a | b) % pw(k) == 0 <==> (a % pw(k) == 0 && b % pw(k) == 0));
    }
    // The same kind of facts without powers of two: an axiomatic block
    // with no symbol of its own, so that they reach every goal.
    axiomatic PgtBits {
      axiom land_le: \forall integer x, m; 0 <= x && 0 <= m ==>
                       0 <= (x & m) <= m;
      axiom lsr_le: \forall integer x, k; 0 <= x && 0 <= k ==>
                       0 <= (x >> k) <= x;
    }
 */

/*@ // log2 of the granule size, and the IA bits one lookup level resolves
    logic integer arch_gbits(integer g) = g == 0 ? 12 : (g == 1 ? 14 : 16);
    logic integer arch_stride(integer g) = arch_gbits(g) - 3;

    // log2 of the IA span of one entry at lookup level lvl (0..3)
    logic integer arch_span(integer g, integer lvl) =
      arch_gbits(g) + (3 - lvl) * arch_stride(g);

    // Initial lookup level of a walk with no concatenation, for an IA
    // size of ias bits (Arm ARM tables: 4K: IA 40..48 level 0, 31..39
    // level 1, 22..30 level 2; 16K: 48 level 0, 37..47 level 1, 26..36
    // level 2; 64K: 43..52 level 1, 30..42 level 2).
    logic integer arch_start(integer g, integer ias) =
      g == 0 ? (ias >= 40 ? 0 : (ias >= 31 ? 1 : (ias >= 22 ? 2 : 3))) :
      (g == 1 ? (ias >= 48 ? 0 : (ias >= 37 ? 1 : (ias >= 26 ? 2 : 3))) :
                (ias >= 43 ? 1 : (ias >= 30 ? 2 : 3)));

    // IA bits the initial lookup at level lvl resolves (all the IA bits
    // above the span of one of its entries)
    logic integer arch_root_bits(integer g, integer ias, integer lvl) =
      ias - arch_span(g, lvl);

    // Stage 2: the start levels VTCR_EL2.SL0 can encode, and when
    // (AArch64.S2InvalidSL): 4K: SL0 2/1/0 = level 0 (PA size >= 44 bits)
    // /1/2; 16K: SL0 2/1/0 = level 1 (PA size >= 42) /2/3 (SL0 3, level 0,
    // needs FEAT_LPA2); 64K: SL0 2/1/0 = level 1 (PA size >= 44) /2/3.
    predicate arch_s2_sl(integer g, integer lvl, integer pamax) =
      g == 0 ? ((lvl == 0 && pamax >= 44) || lvl == 1 || lvl == 2) :
      (g == 1 ? ((lvl == 1 && pamax >= 42) || lvl == 2 || lvl == 3) :
                ((lvl == 1 && pamax >= 44) || lvl == 2 || lvl == 3));
    logic integer arch_sl0(integer g, integer lvl) =
      g == 0 ? (lvl == 0 ? 2 : (lvl == 1 ? 1 : 0)) :
               (lvl == 1 ? 2 : (lvl == 2 ? 1 : 0));

    // A stage-2 walk may start at lvl (AArch64.S2InconsistentSL): SL0
    // encodes it and the initial lookup resolves at least 1 and at most
    // stride + 4 IA bits: up to 2^4 = 16 concatenated tables.
    predicate arch_s2_ok(integer g, integer ias, integer lvl, integer pamax) =
      0 <= lvl <= 3 && arch_s2_sl(g, lvl, pamax) &&
      1 <= arch_root_bits(g, ias, lvl) <= arch_stride(g) + 4;

    // Number of tables concatenated at the initial lookup level lvl
    logic integer arch_concat(integer g, integer ias, integer lvl) =
      arch_root_bits(g, ias, lvl) > arch_stride(g) ?
        pw(arch_root_bits(g, ias, lvl) - arch_stride(g)) : 1;

    // IA sizes the library accepts (no FEAT_LPA2: 52 bits only with 64K,
    // FEAT_LVA / FEAT_LPA) and the PA sizes of TCR.IPS / VTCR.PS
    predicate ias_ok(integer g, integer ias) =
      (32 <= ias <= 48) || (g == 2 && ias == 52);
    predicate oas_ok(integer g, integer oas) =
      (oas == 32 || oas == 36 || oas == 40 || oas == 42 || oas == 44 ||
       oas == 48 || (oas == 52 && g == 2));
    // The PS / IPS encoding of a PA size (TCR_ELx.IPS, VTCR_EL2.PS)
    logic integer arch_ps(integer bits) =
      bits == 32 ? 0 : (bits == 36 ? 1 : (bits == 40 ? 2 : (bits == 42 ? 3 :
      (bits == 44 ? 4 : (bits == 48 ? 5 : (bits == 52 ? 6 : -1))))));
 */
#endif
