/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the range-invalidation arithmetic (src/tlbi.c). The shipped
 * file is included unchanged; the contracts below attach to its functions
 * (Frama-C merges a contract given on a later declaration with the
 * definition). Run by proofs/run.sh; docs/proofs.md says what each means.
 */
#include "pow2.h"
#include "builtins.h"
#include "../src/tlbi.c"

/*@ assigns \nothing;
    ensures \result <= 64;
    ensures v == 0 ==> \result == 0;
    ensures v != 0 ==> 1 <= \result && p2(\result - 1) <= v < p2(\result);
 */
static inline unsigned int smmuv3_fls64(uint64_t v);

/*@ requires v != 0;
    assigns \nothing;
    ensures 0 <= \result <= 63;
    ensures v % p2(\result) == 0;
    ensures (v / p2(\result)) % 2 == 1;
 */
static inline unsigned int smmuv3_ctz64(uint64_t v);

/*@ lemma div32_up: \forall integer x; 0 <= x ==> x < 32 * (x / 32 + 1);
    lemma div32_down: \forall integer x; 0 <= x ==> 32 * (x / 32) <= x;
 */

/* The smallest SCALE whose 32 << SCALE reaches n. */
/*@ requires 1 <= n;
    assigns \nothing;
    ensures \result <= 59;
    ensures n <= 32 * p2(\result);
    ensures \result > 0 ==> 32 * p2(\result - 1) < n;
 */
static unsigned int min_scale(uint64_t n);

/*@ lemma div_mul_le: \forall integer x, d; 0 <= x && 0 < d ==> (x / d) * d <= x;
    lemma div_exact: \forall integer q, d; 0 < d ==> (d * q) / d == q;
    lemma mod_mul: \forall integer q, d; 0 < d ==> (d * q) % d == 0;
    lemma div_le: \forall integer x, d; 0 <= x && 1 <= d ==> x / d <= x;
    lemma p2_split: \forall integer t, k; 0 <= t < k ==>
        p2(k) == 2 * (p2(t) * p2(k - t - 1));
    lemma p2_split2: \forall integer s, k; 0 <= k <= s ==>
        p2(s) == p2(k) * p2(s - k);
    lemma div_div: \forall integer x, a, b; 0 <= x && 0 < a && 0 < b ==>
        x / (a * b) == (x / a) / b;
    lemma val_ge: \forall integer m, k, t; 0 <= k && 0 <= t && 1 <= m &&
        (m * p2(k)) % p2(t) == 0 && ((m * p2(k)) / p2(t)) % 2 == 1 ==> k <= t;
    lemma divides_down: \forall integer c, s, t; 0 <= s <= t && 0 <= c &&
        c % p2(t) == 0 ==> c % p2(s) == 0;
    lemma mod_zero_mul: \forall integer c, d; 0 <= c && 0 < d && c % d == 0 ==>
        (c / d) * d == c;
 */

/*@ requires max_scale <= 39;
    requires \valid(num) && \valid(scale) && \separated(num, scale);
    assigns *num, *scale;
    ensures \result ==> *num <= 31 && *scale <= max_scale
                         && count == (*num + 1) * p2(*scale);
    ensures (1 <= count && \exists integer m, k; 1 <= m <= 32
             && 0 <= k <= max_scale && count == m * p2(k)) ==> \result;
 */
static bool count_to_num_scale(uint64_t count, unsigned int max_scale,
			       unsigned int *num, unsigned int *scale);

/*@ predicate encodable(integer c, integer max_scale) =
      \exists integer m, k; 1 <= m <= 32 && 0 <= k <= max_scale && c == m * p2(k);
 */

/*@ requires 1 <= n && start + n <= p2(52);
    requires max_scale <= 39;
    requires \valid(sp + (0 .. 1));
    assigns sp[0 .. 1];
    ensures 0 <= \result <= 2;
    ensures \result >= 1 ==> sp[0].start == start && 1 <= sp[0].count <= n
            && encodable(sp[0].count, max_scale);
    ensures \result == 1 ==> sp[0].count == n;
    ensures \result == 2 ==> sp[1].start + sp[1].count == start + n
            && start <= sp[1].start <= start + sp[0].count
            && encodable(sp[1].count, max_scale);
    ensures \result == 0 <==> n > 64 * p2(max_scale);
 */
static size_t range_split(uint64_t start, uint64_t n, unsigned int max_scale,
			  struct span sp[2]);
