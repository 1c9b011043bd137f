/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the range-invalidation arithmetic (src/tlbi.c). The shipped
 * file is included unchanged; the contracts below attach to its functions
 * (Frama-C merges a contract given on a later declaration with the
 * definition). Run by proofs/run.sh; docs/proofs.md says what each means.
 */
#include "pow2.h"
#include "builtins.h"
#include "tlbi_arith.h"
#include "tlbi_bits.h"
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

/* The smallest SCALE whose 32 << SCALE reaches n. */
/*@ requires 1 <= n;
    assigns \nothing;
    ensures \result <= 59;
    ensures n <= 32 * p2(\result);
    ensures \result > 0 ==> 32 * p2(\result - 1) < n;
 */
static unsigned int min_scale(uint64_t n);

/* NUM/SCALE for exactly count pages, whenever one command can express it. */
/*@ requires max_scale <= 39;
    requires \valid(num) && \valid(scale) && \separated(num, scale);
    assigns *num, *scale;
    ensures \result ==> *num <= 31 && *scale <= max_scale
                         && count == (*num + 1) * p2(*scale);
    ensures complete: encodable(count, max_scale) ==> \result;
 */
static bool count_to_num_scale(uint64_t count, unsigned int max_scale,
			       unsigned int *num, unsigned int *scale);

/*
 * What first, one and two say about the spans, and that it means exactly
 * [start, start + n) (proved by target tlbi_lemmas): so covers and inside
 * below follow from first, one and two.
 */
/*@ predicate split_ok(integer start, integer n, integer res, integer s0,
                       integer c0, integer s1, integer c1) =
      1 <= res <= 2 && s0 == start && 1 <= c0 <= n &&
      (res == 1 ==> c0 == n) &&
      (res == 2 ==> s1 + c1 == start + n && start <= s1 <= start + c0);
    lemma split_exact: \forall integer start, n, res, s0, c0, s1, c1, x;
      split_ok(start, n, res, s0, c0, s1, c1) ==>
      (start <= x < start + n <==>
       (s0 <= x < s0 + c0 || (res == 2 && s1 <= x < s1 + c1)));
 */

/* At most two spans covering exactly [start, start + n), each one command. */
/*@ requires 1 <= n && start + n <= p2(52);
    requires max_scale <= 39;
    requires \valid(sp + (0 .. 1));
    assigns sp[0 .. 1];
    ensures 0 <= \result <= 2;
    ensures none: \result == 0 <==> n > 64 * p2(max_scale);
    ensures first: \result >= 1 ==> sp[0].start == start &&
            1 <= sp[0].count <= n;
    ensures first_enc: \result >= 1 ==> encodable(sp[0].count, max_scale);
    ensures one: \result == 1 ==> sp[0].count == n;
    ensures two: \result == 2 ==> sp[1].start + sp[1].count == start + n &&
            start <= sp[1].start <= start + sp[0].count;
    ensures two_enc: \result == 2 ==> encodable(sp[1].count, max_scale);
    ensures covers: \forall integer x; start <= x < start + n ==>
            (sp[0].start <= x < sp[0].start + sp[0].count) ||
            (\result == 2 && sp[1].start <= x < sp[1].start + sp[1].count);
    ensures inside: \result >= 1 ==> \forall integer x;
            (sp[0].start <= x < sp[0].start + sp[0].count) ||
            (\result == 2 && sp[1].start <= x < sp[1].start + sp[1].count)
            ==> start <= x < start + n;
 */
static size_t range_split(uint64_t start, uint64_t n, unsigned int max_scale,
			  struct span sp[2]);

/*
 * One command covering [start, start + n) (FULL_CONT_RANGE_INV), inside
 * [0, limit), or false when n is beyond the largest command.
 */
/*@ requires 1 <= n && max_scale <= 39;
    requires start + n <= limit <= p2(52);
    requires \valid(sp);
    assigns *sp;
    ensures big: n > 32 * p2(max_scale) ==> !\result;
    ensures enc: \result ==> encodable(sp->count, max_scale);
    ensures covers: \result ==> sp->start <= start &&
            start + n <= sp->start + sp->count <= limit;
 */
static bool range_single(uint64_t start, uint64_t n, unsigned int max_scale,
			 uint64_t limit, struct span *sp);

/* The TTL hint of a span: r->ttl or 0, r->ttl only on whole blocks. */
/*@ requires \valid_read(r);
    requires r->blk_log2 <= 63 && r->blk_mask == p2(r->blk_log2) - 1;
    assigns \nothing;
    ensures \result == 0 || \result == r->ttl;
    ensures whole: \result != 0 ==> aligned(start, r->blk_log2) &&
            aligned(count, r->blk_log2);
    ensures kept: r->ttl != 0 && aligned(start, r->blk_log2) &&
            aligned(count, r->blk_log2) ==> \result == r->ttl;
 */
static unsigned int span_ttl(const struct rng *r, uint64_t start,
			     uint64_t count);
