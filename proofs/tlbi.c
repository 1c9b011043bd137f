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
    ensures \forall integer j; 0 <= j ==> (v % p2(j) == 0 <==> j <= \result);
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

/*
 * The fields of one command (put_span() packs them into the words): the
 * non-range form exactly for one page without a TTL outside FULL_CONT;
 * else a range command of NUM <= 31, SCALE <= max_scale covering exactly
 * (NUM + 1) * 2^SCALE == count pages from start, the span unchanged except
 * one page under FULL_CONT (two pages, inside the space, containing it),
 * never the Reserved NUM == SCALE == TTL == 0, the TTL as span_ttl().
 */
/*@ requires \valid_read(p) && \valid_read(r);
    requires \valid(sp) && \valid(num) && \valid(scale) && \valid(ttl) &&
             \valid(rounded);
    requires p->max_scale <= 39;
    requires 2 <= p->limit_pages <= p2(52);
    requires r->blk_log2 <= 63 && r->blk_mask == p2(r->blk_log2) - 1;
    requires r->ttl <= 3;
    requires 1 <= sp->count && sp->start + sp->count <= p->limit_pages;
    requires encodable(sp->count, p->max_scale);
    assigns *sp, *num, *scale, *ttl, *rounded;
    ensures form: \result == 0 || \result == 1;
    ensures ttl: *ttl == 0 || *ttl == r->ttl;
    ensures nonrange: \result == 0 <==>
            (\old(sp->count) == 1 && *ttl == 0 && !p->full_cont);
    ensures nonrange_span: \result == 0 ==> sp->start == \old(sp->start) &&
            sp->count == 1 && *rounded == \old(*rounded);
    ensures same: !(\old(sp->count) == 1 && *ttl == 0) ==>
            sp->start == \old(sp->start) && sp->count == \old(sp->count) &&
            *rounded == \old(*rounded);
    ensures round: \old(sp->count) == 1 && *ttl == 0 && p->full_cont ==>
            sp->count == 2 && sp->start <= \old(sp->start) < sp->start + 2 &&
            sp->start + 2 <= p->limit_pages && *rounded;
    ensures fields: \result == 1 ==> *num <= 31 && *scale <= p->max_scale &&
            (*num + 1) * p2(*scale) == sp->count;
    ensures not_reserved: \result == 1 ==> *num != 0 || *scale != 0 ||
            *ttl != 0;
    ensures whole: *ttl != 0 ==> aligned(sp->start, r->blk_log2) &&
            aligned(sp->count, r->blk_log2);
    ensures kept: r->ttl != 0 && aligned(\old(sp->start), r->blk_log2) &&
            aligned(\old(sp->count), r->blk_log2) ==> *ttl == r->ttl;
 */
static int span_cmd(const struct smmuv3_tlbi_prep *p, const struct rng *r,
		    struct span *sp, unsigned int *num, unsigned int *scale,
		    unsigned int *ttl, bool *rounded);

/*
 * The spans plan_tlbi() emits with RIL: none (the whole ASID/VMID) exactly
 * beyond two commands, else exactly the range in one or two spans; under
 * FULL_CONT one span covering the range inside the space, none whenever
 * one command cannot reach. Every count is expressible and every span
 * inside the space (span_cmd()'s preconditions).
 */
/*@ requires \valid_read(p) && \valid_read(r) && \valid(sp + (0 .. 1));
    requires p->max_scale <= 39;
    requires 1 <= r->npages;
    requires r->start + r->npages <= p->limit_pages <= p2(52);
    assigns sp[0 .. 1];
    ensures \result <= 2;
    ensures split_none: !p->full_cont ==>
            (\result == 0 <==> r->npages > 64 * p2(p->max_scale));
    ensures single_none: p->full_cont ==> \result <= 1 &&
            (r->npages > 32 * p2(p->max_scale) ==> \result == 0);
    ensures split_exact: !p->full_cont && \result >= 1 ==>
            split_ok(r->start, r->npages, \result, sp[0].start, sp[0].count,
                     sp[1].start, sp[1].count);
    ensures single_covers: p->full_cont && \result == 1 ==>
            sp[0].start <= r->start &&
            r->start + r->npages <= sp[0].start + sp[0].count;
    ensures enc0: \result >= 1 ==> encodable(sp[0].count, p->max_scale);
    ensures in0: \result >= 1 ==> 1 <= sp[0].count;
    ensures in0_single: p->full_cont && \result == 1 ==>
            sp[0].start + sp[0].count <= p->limit_pages;
    ensures in0_split: !p->full_cont && \result >= 1 ==>
            sp[0].start + sp[0].count <= p->limit_pages;
    ensures enc1: \result == 2 ==> encodable(sp[1].count, p->max_scale);
    ensures in1: \result == 2 ==> 1 <= sp[1].count &&
            sp[1].start + sp[1].count <= p->limit_pages;
 */
static size_t plan_spans(const struct smmuv3_tlbi_prep *p, const struct rng *r,
			 struct span sp[2]);
