// SPDX-License-Identifier: BSD-2-Clause
/*
 * Block split while edu does DMA (stage 1, 40-bit edu DMA mask): a 2 MiB
 * block (IOVA and PA 2 MiB aligned) is mapped, and one 4K page of it is
 * donated (unmapped) while a DMA to its neighbouring page is in flight;
 * the unmap first replaces the block by an equivalent table
 * (docs/pgtable.md "Block split"): HITLESS (one store, which SMMU_IDR3.BBML
 * = 2 allows, IHI 0070 3.21.1) or break-before-make (any SMMU). IDR3.BBML
 * is read at run time: with BBML = 2 a HITLESS run, then a BBM run on a
 * second block; otherwise the BBM run only. The page table is built below
 * the domain API (tables.c): the domain does not pass a split mode on.
 * Each run:
 *  1. the mapping is one 2 MiB leaf (walk); edu reads page S of it into its
 *     buffer, which also puts the block in QEMU's IOTLB;
 *  2. edu writes its buffer to page D - 1 and, while that DMA is in flight
 *     (edu busy before and after the unmap), page D is unmapped: the walk
 *     then shows 511 4K leaves to the same memory, D absent;
 *  3. edu reads page D + 2 and writes it to page D + 1 (the neighbours
 *     translate through the new table, both directions);
 *  4. a DMA to page D faults with F_TRANSLATION (fields checked).
 * After each step the whole 2 MiB of memory is compared with what it must
 * hold: the data only where its IOVA maps, nothing written anywhere else.
 * Events: none, except (BBM only) F_TRANSLATION for the in-flight DMA's
 * own page, which can only come from the break window and is reported so.
 * QEMU's edu moves its data when its timer fires (~100 ms after the
 * start), so the split lands inside the DMA's lifetime but normally before
 * its accesses: this shows that the split and its invalidation never take
 * the neighbouring translations away (nor leave page D reachable through
 * a cached block), not a race at the granularity of single accesses.
 * 5 edu DMAs per run.
 */
#include "harness.h"

extern uint8_t __arena_end[];

#define SZ_2M 0x200000ull
/* Run r uses the block at IOVA_BLK + r * 2 MiB -> PA_BLK + r * 2 MiB. */
#define IOVA_BLK0 0x00400000ull /* 2 MiB aligned, inside a 28-bit mask */
#define PA_BLK0 0x50000000ull	/* RAM at 1 GiB + 256 MiB (-m 512) */
#define IOVA_BLK (IOVA_BLK0 + run * SZ_2M)
#define PA_BLK (PA_BLK0 + run * SZ_2M)
#define PG_S 1u /* source of step 1 */
#define PG_D 5u /* donated */
#define SEED_S 3u
#define SEED_R 4u

static struct t_tbl tts[2], *tt; /* one table per run */
static struct smmuv3_cdtab cdt;
static uint64_t *live; /* the CD of SSID 0 */
static unsigned int run;

static uint8_t *pg(unsigned int i)
{
	return (uint8_t *)(uintptr_t)(PA_BLK + (uint64_t)i * T_LEN);
}

/* What page @i of the block must hold: 0 = zero, else the seed + 1. */
static uint8_t want[SZ_2M / T_LEN];
static uint32_t want_len[SZ_2M / T_LEN];

/* The whole block holds what want[] says; nothing else was written. */
static int check_block(const char *what)
{
	for (unsigned int i = 0; i < SZ_2M / T_LEN; i++) {
		const volatile uint64_t *q = (const volatile uint64_t *)pg(i);
		uint32_t n = want[i] ? want_len[i] : 0;

		if (n && !t_holds_n(pg(i), (uint8_t)(want[i] - 1u), n)) {
			puts_("  page ");
			put_dec(i);
			puts_(" lacks its data\n");
			return t_fail(what, 0);
		}
		for (unsigned int w = n / 8u; w < T_LEN / 8u; w++)
			if (q[w]) {
				puts_("  page ");
				put_dec(i);
				puts_(" written at byte ");
				put_dec(w * 8u);
				puts_("\n");
				return t_fail(what, 0);
			}
	}
	return T_PASS;
}

struct leaves {
	unsigned int n4k, n2m, other;
	bool d_mapped;
};

static int count(void *arg, const struct smmuv3_pgtbl_entry *e)
{
	struct leaves *l = arg;

	if (!e->leaf)
		return 0;
	if (e->level == 3 && e->size == T_LEN) {
		l->n4k++;
		if (e->iova == IOVA_BLK + PG_D * T_LEN)
			l->d_mapped = true;
		if (e->addr != PA_BLK + (e->iova - IOVA_BLK))
			l->other++;
	} else if (e->level == 2 && e->size == SZ_2M && e->iova == IOVA_BLK &&
		   e->addr == PA_BLK) {
		l->n2m++;
	} else {
		l->other++;
	}
	return 0;
}

static int leaves(struct leaves *l)
{
	*l = (struct leaves){ 0 };
	return smmuv3_pgtbl_walk(&tt->pt, IOVA_BLK, SZ_2M, count, l);
}

/*
 * Events after the split window: none; with BBM, F_TRANSLATION for the
 * in-flight DMA's page (@pg_iova) is the break window, counted in *@bbm.
 */
static int window_events(bool bbm, uint64_t pg_iova, size_t *nbbm)
{
	struct smmuv3_event ev[T_XFER / 4];
	size_t n;

	*nbbm = 0;
	TRY(t_events(ev, T_XFER / 4, &n), "events");
	for (size_t i = 0; i < n && i < T_XFER / 4; i++) {
		if (bbm && ev[i].id == SMMUV3_EVT_F_TRANSLATION &&
		    ev[i].sid == H.sid && ev[i].input_addr >= pg_iova &&
		    ev[i].input_addr < pg_iova + T_XFER) {
			(*nbbm)++;
			continue;
		}
		t_print_events(ev, n);
		return t_fail(bbm ? "an event outside the break window"
				  : "an event during a hitless split",
			      0);
	}
	CHECK(n <= T_XFER / 4, "more events than accesses");
	return T_PASS;
}

/* One block, one split with @split (the CD is switched to its table). */
static int split_run(enum smmuv3_pgtbl_split split)
{
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	const struct smmuv3_write_ops *ops = smmuv3_dev_write_ops(&H.dev);
	const bool hitless = split == SMMUV3_PGTBL_SPLIT_HITLESS;
	const uint64_t iova_d = IOVA_BLK + PG_D * T_LEN;
	const uint16_t asid = (uint16_t)(7u + run);
	bool busy_before, busy_after;
	struct smmuv3_cd cd;
	struct leaves l;
	size_t nbbm;
	struct t_evx x;
	int ret;

	puts_(hitless ? "split mode HITLESS (block -> table in one store)\n"
		      : "split mode BBM (break-before-make: the block is "
			"invalid until a completed invalidation)\n");
	for (unsigned int i = 0; i < SZ_2M / T_LEN; i++) {
		t_set(pg(i), 0);
		want[i] = 0;
		want_len[i] = 0;
	}
	t_fill(pg(PG_S), SEED_S);
	want[PG_S] = SEED_S + 1u;
	want_len[PG_S] = T_LEN;
	t_fill(pg(PG_D + 2u), SEED_R);
	want[PG_D + 2u] = SEED_R + 1u;
	want_len[PG_D + 2u] = T_LEN;

	tt = &tts[run];
	TRY(t_tbl_s1_split(tt, asid, 0, 39, 40, split), "page table");
	TRY(smmuv3_pgtbl_map(&tt->pt, IOVA_BLK, PA_BLK, SZ_2M, rw), "map");
	TRY(leaves(&l), "walk");
	CHECK(l.n2m == 1 && l.n4k == 0 && l.other == 0,
	      "the 2 MiB mapping is not one block");
	TRY(t_cd(tt, asid, &cd), "CD");
	TRY(smmuv3_cd_write(&H.dev.caps, ops, &H.dev, &H.sid, 1, 0, live, &cd,
			    NULL),
	    "CD write");
	if (run == 0) {
		/* The stream: stage 1 through the one CD (SSID 0). */
		struct smmuv3_ste_s1 s1 = {
			.s1dss = SMMUV3_STE_S1DSS_SSID0,
			.cir = SMMUV3_STE_CACHE_WBRA,
			.cor = SMMUV3_STE_CACHE_WBRA,
			.csh = SMMUV3_STE_SH_ISH,
		};
		struct smmuv3_ste ste;

		smmuv3_cdtab_ste_s1(&cdt, &s1);
		TRY(smmuv3_ste_build_s1(&H.dev.caps, &s1, 0, &ste), "STE");
		TRY(smmuv3_dev_ste_write(&H.dev, H.sid, &ste, NULL),
		    "STE write");
	}

	/* 1. Read through the block. */
	CHECK(t_dma_from_ram(IOVA_BLK + PG_S * T_LEN),
	      "edu DMA did not complete");
	TRY(t_no_events("no event for a DMA through the block"), "events");
	TRY(check_block("memory changed by a read"), "block");
	puts_("2 MiB block mapped (one leaf), edu read page ");
	put_dec(PG_S);
	puts_(": ok\n");

	/* 2. Split while a DMA to page D - 1 is in flight. */
	t_dma_to_ram_start(IOVA_BLK + (PG_D - 1u) * T_LEN, T_XFER);
	busy_before = t_dma_busy();
	ret = t_tbl_unmap(tt, iova_d, T_LEN);
	busy_after = t_dma_busy();
	for (unsigned int i = 0; t_dma_busy(); i++)
		CHECK(i < 20000000u, "edu DMA did not complete");
	TRY(ret, "unmap (split)");
	TRY(leaves(&l), "walk");
	CHECK(l.n2m == 0 && l.n4k == SZ_2M / T_LEN - 1u && !l.d_mapped &&
		      l.other == 0,
	      "after the split: not 511 4K pages of the same memory");
	puts_("split during the DMA (edu busy before: ");
	puts_(busy_before ? "yes" : "no");
	puts_(", after: ");
	puts_(busy_after ? "yes" : "no");
	puts_("); 511 4K pages, page ");
	put_dec(PG_D);
	puts_(" donated\n");
	CHECK(busy_before && busy_after,
	      "the split did not happen while the DMA was in flight");
	ret = window_events(!hitless, iova_d - T_LEN, &nbbm);
	if (ret)
		return ret;
	if (nbbm) {
		/* Faulted accesses wrote nothing: the rest must be right. */
		puts_("  BBM: ");
		put_dec(nbbm);
		puts_(" F_TRANSLATION inside the break window (allowed)\n");
		for (unsigned int i = 0; i < T_XFER; i++) {
			uint8_t b = ((volatile uint8_t *)pg(PG_D - 1u))[i];

			CHECK(b == 0 || b == pg(PG_S)[i],
			      "DMA wrote a wrong value");
		}
		t_set(pg(PG_D - 1u), 0);
	} else {
		want[PG_D - 1u] = SEED_S + 1u;
		want_len[PG_D - 1u] = T_XFER;
	}
	TRY(check_block("in-flight DMA across the split"), "block");
	puts_("in-flight DMA to page ");
	put_dec(PG_D - 1u);
	puts_(nbbm ? ": partly faulted in the break window, rest right\n"
		   : ": all its data at the right page, no event\n");

	/* 3. Both neighbours' sides, both directions, after the split. */
	CHECK(t_dma_from_ram(IOVA_BLK + (PG_D + 2u) * T_LEN) &&
		      t_dma_to_ram(IOVA_BLK + (PG_D + 1u) * T_LEN),
	      "edu DMA did not complete");
	want[PG_D + 1u] = SEED_R + 1u;
	want_len[PG_D + 1u] = T_XFER;
	TRY(t_no_events("no event for the neighbours after the split"),
	    "events");
	TRY(check_block("DMA through the split table"), "block");
	puts_("neighbours translate after the split: ok\n");

	/* 4. The donated page faults and stays untouched. */
	CHECK(t_dma_to_ram_n(iova_d, T_FAULT_XFER), "edu DMA did not complete");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_IN,
			   .input = iova_d };
	ret = t_expect("DMA to the donated page: F_TRANSLATION", &x);
	if (ret)
		return ret;
	TRY(check_block("DMA to the donated page reached memory"), "block");
	run++;
	return T_PASS;
}

int test_split(void)
{
	const struct smmuv3_write_ops *ops = smmuv3_dev_write_ops(&H.dev);
	const bool bbml2 = H.dev.caps.bbml >= 2;
	int ret;

	if (!t_has(SMMUV3_FEAT_TRANS_S1))
		return t_skip("split: the SMMU has no stage 1 (IDR0.S1P = 0)");
	CHECK(PA_BLK0 + 2u * SZ_2M <= 0x40000000ull + 0x20000000ull &&
		      PA_BLK0 >= (uintptr_t)__arena_end + 0x10000u,
	      "the 2 MiB blocks are not free RAM (link.ld, -m 512)");
	TRY(smmuv3_cdtab_init(&cdt, &H.dev.caps, &H.osal, 0), "CD table");
	TRY(smmuv3_cdtab_get(&cdt, &H.dev.caps, ops, &H.dev, &H.sid, 1, 0,
			     &live),
	    "CD");
	puts_("IDR3 ");
	put_hex(H.dev.caps.regs.idr[3]);
	puts_(", BBML = ");
	put_dec(H.dev.caps.bbml);
	CHECK(H.dev.caps.bbml == ((H.dev.caps.regs.idr[3] >> 11) & 3u),
	      "caps.bbml is not IDR3[12:11] (IHI 0070 6.3.4)");
	puts_(bbml2 ? ": HITLESS split, then BBM (valid on any SMMU)\n"
		    : ": BBM split only (HITLESS needs BBML = 2)\n");
	ret = split_run(bbml2 ? SMMUV3_PGTBL_SPLIT_HITLESS
			      : SMMUV3_PGTBL_SPLIT_BBM);
	if (!ret && bbml2)
		ret = split_run(SMMUV3_PGTBL_SPLIT_BBM);
	if (!ret)
		ret = t_abort();
	return ret;
}
