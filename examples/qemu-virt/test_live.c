// SPDX-License-Identifier: BSD-2-Clause
/*
 * Live changes while edu does DMA (40-bit edu DMA mask, so a bypassed DMA
 * reaches RAM). For every pair of configurations A, B of the stream among
 * abort, bypass, stage 1, stage 2 and nested (those the SMMU has), one
 * device -> RAM DMA is started with A live, and the CPU keeps switching
 * A -> B -> A ... with the hitless writer until the DMA completed. Then:
 *  - the data is in A's or B's target page and nowhere else (all target
 *    pages are checked; abort has none);
 *  - no event was recorded, except C_BAD_STE when a switch was not
 *    hitless (the writer then goes through V = 0, which aborts).
 * Every configuration sends the DMA address X to a different page: bypass
 * to X itself (a page of RAM), stage 1 and stage 2 each to their own page,
 * nested to a page behind an IPA at 4 GiB.
 * The same for a live CD (stage 1): its ASID alone changes (same tables:
 * one target), then its ASID and tables together (two targets; C_BAD_CD
 * allowed when a switch was not hitless).
 * 1 + n(n-1)/2 + 2 edu DMAs for n configurations (13 with all five).
 */
#include "harness.h"

/* Bytes per DMA: 64 accesses of 4 bytes, at most 64 events. */
#define T_LIVE_XFER 256u

enum cfg { C_ABORT, C_BYPASS, C_S1, C_S2, C_NEST, C_N };
static const char *const cfg_names[C_N] = { "abort", "bypass", "stage 1",
					   "stage 2", "nested" };

static struct smmuv3_domain d1, d2;
static struct t_nest n;
static struct smmuv3_ste ste_abort, ste_bypass;
static uint8_t *target[C_N];
static uint8_t *pages[8]; /* every page a DMA may land in */
static size_t n_pages;
static uint64_t x_addr; /* the DMA address */
static enum cfg cur;
static unsigned int switches, not_hitless;

static struct smmuv3_domain *dom_of(enum cfg c)
{
	return c == C_S1 ? &d1 : c == C_S2 ? &d2 : NULL;
}

/* Make @c live; leave the previous domain (its STE is already replaced). */
static int go(enum cfg c)
{
	struct smmuv3_write_result wr = { .hitless = true };
	struct smmuv3_domain *d = dom_of(c), *old = dom_of(cur);
	int ret;

	if (d)
		ret = smmuv3_domain_attach(d, &H.stream, &wr);
	else
		ret = smmuv3_dev_ste_write(&H.dev, H.sid,
					   c == C_ABORT	   ? &ste_abort
					   : c == C_BYPASS ? &ste_bypass
							   : &n.ste,
					   &wr);
	if (ret)
		return ret;
	/* An attach moves the stream out of its old domain by itself; after
	 * a hand-written STE the old domain only forgets the stream. */
	if (old && !d)
		ret = smmuv3_domain_detach(old, &H.stream, NULL, NULL);
	cur = c;
	switches++;
	if (!wr.hitless)
		not_hitless++;
	return ret;
}

static uint8_t *page(smmuv3_pa_t *pa)
{
	uint8_t *p = t_page(pa);

	if (p && n_pages < sizeof(pages) / sizeof(pages[0]))
		pages[n_pages++] = p;
	return p;
}

static void clear_pages(void)
{
	for (size_t i = 0; i < n_pages; i++)
		t_set(pages[i], 0);
}

/* What edu writes: no byte is 0, the value of a cleared page. */
static uint8_t live_pat(unsigned int i)
{
	return (uint8_t)(0x80u | ((i * 7u) & 0x7fu));
}

/*
 * Every byte of the DMA (edu issues it as several accesses, each a
 * transaction that may meet a different configuration) landed in @ta or
 * @tb, with the right value, or nowhere (abort has no target; a V = 0 step
 * aborts and records @bad_id); nothing else changed in any page; events
 * only @bad_id, and only when @nh switches were not hitless.
 */
static int check_window(uint8_t *ta, uint8_t *tb, unsigned int nh,
			uint8_t bad_id)
{
	struct smmuv3_event ev[T_LIVE_XFER / 4];
	unsigned int in_a = 0, in_b = 0, lost = 0;
	size_t cnt;

	for (unsigned int i = 0; i < T_LEN; i++) {
		uint8_t *where = NULL;

		for (size_t p = 0; p < n_pages; p++) {
			if (pages[p][i] == 0)
				continue;
			CHECK(i < T_LIVE_XFER && pages[p][i] == live_pat(i),
			      "DMA wrote a wrong value");
			CHECK(!where, "one access landed in two pages");
			where = pages[p];
		}
		if (i >= T_LIVE_XFER)
			continue;
		if (!where)
			lost++;
		else if (where == ta)
			in_a++;
		else if (where == tb)
			in_b++;
		else
			return t_fail("DMA went to neither the old nor the "
				      "new target",
				      0);
	}
	TRY(t_events(ev, T_LIVE_XFER / 4, &cnt), "events");
	for (size_t i = 0; i < cnt && i < T_LIVE_XFER / 4; i++) {
		if (!nh || ev[i].id != bad_id) {
			t_print_events(ev, cnt);
			return t_fail("unexpected event", 0);
		}
	}
	CHECK(cnt <= T_LIVE_XFER / 4, "more events than accesses");
	CHECK(!lost || !ta || !tb || cnt,
	      "DMA lost between two translating configurations, no event");
	puts_(": bytes to old ");
	put_dec(in_a);
	puts_(", new ");
	put_dec(in_b);
	puts_(", aborted ");
	put_dec(lost);
	if (cnt) {
		puts_(" (");
		put_dec(cnt);
		puts_(" ");
		puts_(smmuv3_event_name(bad_id));
		puts_(")");
	}
	puts_("\n");
	return T_PASS;
}

/* Switch between @a and @b until the DMA completed (it takes ~100 ms). */
static int pair(enum cfg a, enum cfg b)
{
	unsigned int sw0, nh0;

	if (cur != a)
		TRY(go(a), "switch");
	TRY(t_no_events("no event before the window"), "events");
	clear_pages();
	sw0 = switches;
	nh0 = not_hitless;
	t_dma_to_ram_start(x_addr, T_LIVE_XFER);
	for (unsigned int i = 0; t_dma_busy(); i++) {
		CHECK(i < 1000000, "edu DMA did not complete");
		TRY(go(cur == a ? b : a), "switch");
	}
	puts_("  ");
	puts_(cfg_names[a]);
	puts_(" <-> ");
	puts_(cfg_names[b]);
	puts_(": ");
	put_dec(switches - sw0);
	puts_(" STE switches during the DMA, ");
	put_dec(not_hitless - nh0);
	puts_(" not hitless");
	return check_window(target[a], target[b], not_hitless - nh0,
			    SMMUV3_EVT_C_BAD_STE);
}

/* A live CD switched between @x and @y during one DMA. */
static int cd_window(const char *what, uint64_t *live,
		     const struct smmuv3_cd *x, const struct smmuv3_cd *y,
		     uint8_t *tx, uint8_t *ty)
{
	const struct smmuv3_write_ops *ops = smmuv3_dev_write_ops(&H.dev);
	struct smmuv3_write_result wr;
	unsigned int sw = 0, nh = 0;
	bool on_x = true;

	TRY(smmuv3_cd_write(&H.dev.caps, ops, &H.dev, &H.sid, 1, 0, live, x,
			    NULL),
	    "CD write");
	clear_pages();
	t_dma_to_ram_start(x_addr, T_LIVE_XFER);
	for (unsigned int i = 0; t_dma_busy(); i++) {
		CHECK(i < 1000000, "edu DMA did not complete");
		on_x = !on_x;
		TRY(smmuv3_cd_write(&H.dev.caps, ops, &H.dev, &H.sid, 1, 0,
				    live, on_x ? x : y, &wr),
		    "CD write");
		sw++;
		nh += !wr.hitless;
	}
	puts_("  ");
	puts_(what);
	puts_(": ");
	put_dec(sw);
	puts_(" CD switches during the DMA, ");
	put_dec(nh);
	puts_(" not hitless");
	return check_window(tx, ty, nh, SMMUV3_EVT_C_BAD_CD);
}

static struct t_tbl ta, tb;
static struct smmuv3_cdtab cdt;

static int live_cd(void)
{
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	const struct smmuv3_write_ops *ops = smmuv3_dev_write_ops(&H.dev);
	struct smmuv3_ste_s1 s1 = {
		.s1dss = SMMUV3_STE_S1DSS_SSID0,
		.cir = SMMUV3_STE_CACHE_WBRA,
		.cor = SMMUV3_STE_CACHE_WBRA,
		.csh = SMMUV3_STE_SH_ISH,
	};
	struct smmuv3_cd cd_a5, cd_a6, cd_b6;
	struct smmuv3_ste ste;
	smmuv3_pa_t a_pa, b_pa;
	uint8_t *a = page(&a_pa), *b = page(&b_pa);
	uint64_t *live;
	int ret;

	CHECK(a && b, "buffers");
	TRY(t_tbl_s1(&ta, 5, 0, 39, 40), "table");
	TRY(t_tbl_s1(&tb, 6, 0, 39, 40), "table");
	TRY(smmuv3_pgtbl_map(&ta.pt, x_addr, a_pa, T_LEN, rw), "map");
	TRY(smmuv3_pgtbl_map(&tb.pt, x_addr, b_pa, T_LEN, rw), "map");
	TRY(t_cd(&ta, 5, &cd_a5), "CD");
	TRY(t_cd(&ta, 6, &cd_a6), "CD");
	TRY(t_cd(&tb, 6, &cd_b6), "CD");
	TRY(smmuv3_cdtab_init(&cdt, &H.dev.caps, &H.osal, 0), "CD table");
	TRY(smmuv3_cdtab_get(&cdt, &H.dev.caps, ops, &H.dev, &H.sid, 1, 0,
			     &live),
	    "CD");
	TRY(smmuv3_cd_write(&H.dev.caps, ops, &H.dev, &H.sid, 1, 0, live,
			    &cd_a5, NULL),
	    "CD write");
	smmuv3_cdtab_ste_s1(&cdt, &s1);
	TRY(smmuv3_ste_build_s1(&H.dev.caps, &s1, 0, &ste), "STE");
	TRY(smmuv3_dev_ste_write(&H.dev, H.sid, &ste, NULL), "STE write");
	ret = cd_window("ASID 5 <-> 6 on a live CD, same tables", live, &cd_a5,
			&cd_a6, a, a);
	if (!ret)
		ret = cd_window("ASID 5 <-> 6 and tables A <-> B on a live CD",
				live, &cd_a5, &cd_b6, a, b);
	if (!ret)
		ret = t_abort();
	return ret;
}

int test_live(void)
{
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	const struct smmuv3_domain_cfg c1 = { .stage = SMMUV3_PGTBL_STAGE1,
					     .granule = SMMUV3_GRANULE_4K,
					     .asid = 1 };
	const struct smmuv3_domain_cfg c2 = { .stage = SMMUV3_PGTBL_STAGE2,
					     .granule = SMMUV3_GRANULE_4K,
					     .vmid = 1 };
	const uint64_t ipa_n = 0x100000000ull;
	smmuv3_pa_t pa[C_N];
	bool have[C_N] = { true, true, true, t_has(SMMUV3_FEAT_TRANS_S2),
			  t_has(SMMUV3_FEAT_NESTING) };
	int ret;

	for (int i = C_BYPASS; i < C_N; i++)
		if (have[i])
			CHECK(target[i] = page(&pa[i]), "buffers");
	x_addr = pa[C_BYPASS]; /* bypass: the DMA address is the target */
	/* edu's buffer gets the live pattern (read through bypass). */
	for (unsigned int i = 0; i < T_LEN; i++)
		target[C_BYPASS][i] = live_pat(i);
	TRY(smmuv3_ste_build_abort(&ste_abort), "abort STE");
	TRY(smmuv3_ste_build_bypass(&H.dev.caps, NULL, &ste_bypass),
	    "bypass STE");
	cur = C_ABORT;
	TRY(go(C_BYPASS), "bypass");
	CHECK(t_dma_from_ram(x_addr), "edu DMA did not complete");
	TRY(go(C_ABORT), "abort");

	TRY(smmuv3_domain_init(&d1, &H.dev, &c1), "stage-1 domain");
	TRY(smmuv3_domain_map(&d1, x_addr, pa[C_S1], T_LEN, rw), "map");
	if (have[C_S2]) {
		TRY(smmuv3_domain_init(&d2, &H.dev, &c2), "stage-2 domain");
		TRY(smmuv3_domain_map(&d2, x_addr, pa[C_S2], T_LEN, rw), "map");
	} else {
		puts_("SKIP (part): stage 2 and nested are not in the live "
		      "switches: this SMMU has no stage 2 (IDR0.S2P = 0, "
		      "e.g. QEMU 7.2)\n");
	}
	if (have[C_NEST]) {
		TRY(t_nest_init(&n, 2, 2), "nested tables");
		TRY(smmuv3_pgtbl_map(&n.s1.pt, x_addr, ipa_n, T_LEN, rw),
		    "map");
		TRY(smmuv3_pgtbl_map(&n.s2.pt, ipa_n, pa[C_NEST], T_LEN, rw),
		    "map");
		TRY(t_nest_finish(&n), "nested CD and STE");
	}

	puts_("live STE switches while edu does DMA:\n");
	for (int a = 0; a < C_N; a++)
		for (int b = a + 1; b < C_N; b++)
			if (have[a] && have[b]) {
				ret = pair((enum cfg)a, (enum cfg)b);
				if (ret)
					return ret;
			}
	TRY(go(C_ABORT), "abort");
	puts_("STE switches: ");
	put_dec(switches);
	puts_(", not hitless: ");
	put_dec(not_hitless);
	puts_("\nlive CD changes while edu does DMA:\n");
	return live_cd();
}
