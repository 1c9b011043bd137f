// SPDX-License-Identifier: BSD-2-Clause
/*
 * libsmmuv3 on QEMU's virt machine (-M virt,iommu=smmuv3): probe the SMMU,
 * reset and enable it, then run one test group against it with the "edu"
 * PCI device doing real DMA. The group is the last word of the semihosting
 * command line (QEMU's -append): stage1 (the default), stage2, nested,
 * live, deviations, split or vsmmu. The exit status (semihosting) is the verdict:
 * 0 pass, 1 fail, 77 skipped (the SMMU lacks what the group needs; the
 * reason is printed).
 *
 * This file is the harness (harness.h); the groups are in test_*.c.
 */
#include "harness.h"
#include "smmuv3_osal_baremetal.h"

extern uint8_t __arena_start[], __arena_end[];

struct harness H;
static struct smmuv3_baremetal bm;
static const char *qemu_version = "(version unknown)";
static const char *machine = "virt";

static bool prefix(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return *p == 0;
}

int t_fail(const char *what, int err)
{
	puts_("FAIL: ");
	puts_(what);
	if (err) {
		puts_(": ");
		puts_(smmuv3_strerror(err));
	}
	puts_("\n");
	return T_FAIL;
}

int t_skip(const char *what)
{
	puts_("SKIP: ");
	puts_(what);
	puts_("\n");
	return T_SKIP;
}

bool t_has(uint64_t feat)
{
	return (H.dev.caps.features & feat) == feat;
}

void *t_page(smmuv3_pa_t *pa)
{
	uint8_t *p = H.osal.ops->alloc(H.osal.ctx, T_LEN, T_LEN, pa);

	if (p)
		t_set(p, 0);
	return p;
}

static uint8_t pat(uint8_t seed, unsigned int i)
{
	return (uint8_t)(i * 13u + 7u + seed * 101u);
}

void t_fill(void *p, uint8_t seed)
{
	for (unsigned int i = 0; i < T_LEN; i++)
		((uint8_t *)p)[i] = pat(seed, i);
	__asm__ volatile("dsb sy" ::: "memory");
}

bool t_holds(const void *p, uint8_t seed)
{
	return t_holds_n(p, seed, T_XFER);
}

bool t_holds_n(const void *p, uint8_t seed, uint32_t len)
{
	for (unsigned int i = 0; i < len; i++)
		if (((const volatile uint8_t *)p)[i] != pat(seed, i))
			return false;
	return true;
}

bool t_all(const void *p, uint8_t v)
{
	for (unsigned int i = 0; i < T_LEN; i++)
		if (((const volatile uint8_t *)p)[i] != v)
			return false;
	return true;
}

void t_set(void *p, uint8_t v)
{
	for (unsigned int i = 0; i < T_LEN; i++)
		((volatile uint8_t *)p)[i] = v;
	__asm__ volatile("dsb sy" ::: "memory");
}

bool t_dma_to_ram_n(uint64_t addr, uint32_t len)
{
	H.dmas++;
	__asm__ volatile("dsb sy" ::: "memory");
	return edu_dma_to_ram(&H.edu, addr, len);
}

bool t_dma_from_ram_n(uint64_t addr, uint32_t len)
{
	H.dmas++;
	__asm__ volatile("dsb sy" ::: "memory");
	return edu_dma_from_ram(&H.edu, addr, len);
}

bool t_dma_to_ram(uint64_t addr)
{
	return t_dma_to_ram_n(addr, T_XFER);
}

bool t_dma_from_ram(uint64_t addr)
{
	return t_dma_from_ram_n(addr, T_XFER);
}

void t_dma_to_ram_start(uint64_t addr, uint32_t len)
{
	H.dmas++;
	__asm__ volatile("dsb sy" ::: "memory");
	edu_dma_start(&H.edu, 0x40000, addr, len, true);
}

bool t_dma_busy(void)
{
	return edu_dma_busy(&H.edu);
}

static const char *const class_names[4] = { "CD", "TT", "IN", "?" };

static void print_event(const struct smmuv3_event *e)
{
	puts_("  event ");
	puts_(smmuv3_event_name(e->id));
	puts_(" sid ");
	put_hex(e->sid);
	puts_(" input ");
	put_hex(e->input_addr);
	puts_(" S2=");
	put_dec(e->s2);
	puts_(" CLASS=");
	puts_(class_names[e->clss & 3]);
	puts_(" RnW=");
	put_dec(e->rnw);
	puts_(" TTRnW=");
	put_dec(e->ttrnw);
	puts_(" IPA/addr ");
	put_hex(e->addr2);
	/* The record as the SMMU wrote it (tools/smmuv3-decode reads these). */
	puts_("\n    raw");
	for (unsigned int i = 0; i < 4; i++) {
		puts_(" ");
		put_hex(e->raw[i]);
	}
	puts_("\n");
}

int t_events(struct smmuv3_event *ev, size_t max, size_t *n)
{
	struct smmuv3_event more[16];
	bool ovf = false, o;
	size_t got;
	int ret;

	*n = 0;
	do {
		o = false;
		got = 0;
		if (*n < max)
			ret = smmuv3_dev_read_events(&H.dev, ev + *n, max - *n,
						     &got, &o);
		else
			ret = smmuv3_dev_read_events(&H.dev, more, 16, &got,
						     &o);
		if (ret)
			return ret;
		ovf |= o;
		*n += got;
	} while (got);
	if (ovf)
		puts_("  (event queue overflow)\n");
	return ovf ? SMMUV3_EIO : 0;
}

void t_print_events(const struct smmuv3_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_event(&ev[i]);
}

/*
 * QEMU's edu issues a DMA as several smaller accesses, and the SMMU records
 * a fault for each of the first ones: one DMA's fault is one or more
 * events that differ only in the input address, inside the DMA's range.
 */
int t_one_event(const char *what, struct smmuv3_event *ev)
{
	struct smmuv3_event e[T_FAULT_XFER / 4];
	size_t n;

	TRY(t_events(e, T_FAULT_XFER / 4, &n), what);
	if (n > T_FAULT_XFER / 4)
		return t_fail("more events than accesses", 0);
	if (n == 0) {
		puts_("  (no event)\n");
		return t_fail(what, 0);
	}
	print_event(&e[0]);
	for (size_t i = 1; i < n; i++) {
		if (e[i].id != e[0].id || e[i].sid != e[0].sid ||
		    e[i].s2 != e[0].s2 || e[i].clss != e[0].clss ||
		    e[i].rnw != e[0].rnw || e[i].addr2 != e[0].addr2 ||
		    e[i].input_addr < e[0].input_addr ||
		    e[i].input_addr - e[0].input_addr >= T_XFER) {
			t_print_events(e, n);
			return t_fail("events of one DMA differ", 0);
		}
	}
	if (n > 1) {
		puts_("  (and ");
		put_dec(n - 1);
		puts_(" more for later accesses of the same DMA)\n");
	}
	*ev = e[0];
	return T_PASS;
}

int t_expect(const char *what, const struct t_evx *x)
{
	struct smmuv3_event e;
	int ret = t_one_event(what, &e);

	if (ret)
		return ret;
	CHECK(e.id == x->id, "event ID");
	CHECK(e.sid == H.sid, "event StreamID");
	CHECK(e.input_addr == x->input, "event input address");
	if (H.qemu_major == 7 && x->clss == T_CLASS_IN) {
		ret = t_known("QEMU 7.2 records CLASS = 0 (CD) for an input "
			      "address fault (IHI 0070 7.3: CLASS = 2, IN)",
			      e.clss == T_CLASS_CD);
		if (ret)
			return ret;
	} else {
		CHECK(e.clss == x->clss, "event CLASS");
	}
	CHECK(e.s2 == x->s2, "event S2");
	CHECK(e.rnw == x->rnw, "event RnW");
	if (x->s2)
		CHECK(e.addr2 == (x->ipa & ~0xfffull), "event IPA");
	puts_("ok: ");
	puts_(what);
	puts_("\n");
	return T_PASS;
}

int t_no_events(const char *what)
{
	struct smmuv3_event e[8];
	size_t n;

	TRY(t_events(e, 8, &n), what);
	if (n) {
		t_print_events(e, n < 8 ? n : 8);
		return t_fail(what, 0);
	}
	return T_PASS;
}

int t_known(const char *what, bool present)
{
	if (!present) {
		puts_("FAIL: DEVIATION GONE (QEMU now follows the "
		      "architecture; "
		      "make the test expect it): ");
		puts_(what);
		puts_("\n");
		return T_FAIL;
	}
	H.known++;
	puts_("KNOWN DEVIATION (QEMU, not the architecture): ");
	puts_(what);
	puts_("\n");
	return T_PASS;
}

/*
 * The TLBI gathers' submit: encode the plan and send each run of commands
 * with its CMD_SYNC through the device's write ops (smmuv3_dev_write_ops():
 * commands, then a CMD_SYNC, waited for).
 */
int t_submit(void *ctx, const struct smmuv3_cmd_desc *cmds, size_t n)
{
	const struct smmuv3_write_ops *ops = smmuv3_dev_write_ops(&H.dev);
	static struct smmuv3_cmd enc[32];
	size_t k = 0;
	int ret;

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		if (cmds[i].opcode != SMMUV3_OP_CMD_SYNC) {
			ret = smmuv3_cmd_encode(&H.dev.caps, &cmds[i], &enc[k]);
			if (ret)
				return ret;
			k++;
		}
		if (k && (k == 32 || cmds[i].opcode == SMMUV3_OP_CMD_SYNC)) {
			ret = ops->sync(&H.dev, enc, k);
			if (ret)
				return ret;
			k = 0;
		}
	}
	return k ? ops->sync(&H.dev, enc, k) : 0;
}

/*
 * Semihosting SYS_GET_CMDLINE (QEMU: the ELF's name and -append): the
 * last word names the group; "qemu=M.m" tells which QEMU runs us, for its
 * known deviations, and "machine=..." the machine type.
 */
static const char *parse_cmdline(char *buf, size_t len)
{
	uint64_t block[2] = { (uint64_t)(uintptr_t)buf, len };
	register uint64_t x0 __asm__("x0") = 0x15;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
	const char *last = "stage1";

	buf[0] = 0;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	if (x0 != 0)
		return last;
	buf[len - 1] = 0;
	for (char *p = buf; *p; p++) {
		if (*p == ' ')
			*p = 0;
		else if (p == buf || p[-1] == 0)
			last = p;
	}
	for (char *p = buf; p < buf + len - 1; p++) {
		if (p != buf && p[-1] != 0)
			continue;
		if (prefix(p, "machine="))
			machine = p + 8;
		if (prefix(p, "qemu=")) {
			qemu_version = p + 5;
			for (p += 5; *p >= '0' && *p <= '9'; p++)
				H.qemu_major = H.qemu_major * 10u +
					       (unsigned int)(*p - '0');
		}
	}
	return last;
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int test_demo(void);

static const struct {
	const char *name;
	int (*fn)(void);
} groups[] = {
	{ "stage1", test_stage1 },
	{ "stage2", test_stage2 },
	{ "nested", test_nested },
	{ "live", test_live },
	{ "deviations", test_deviations },
	{ "split", test_split },
	{ "vsmmu", test_vsmmu },
	{ "demo", test_demo },
};

/* One line: which QEMU, which SMMU, which of its features the tests use. */
static void features_line(void)
{
	puts_("QEMU ");
	puts_(qemu_version);
	puts_(" ");
	puts_(machine);
	puts_(", SMMUv3 IDR0 ");
	put_hex(H.dev.caps.regs.idr[0]);
	puts_(": stage 1 ");
	puts_(t_has(SMMUV3_FEAT_TRANS_S1) ? "yes" : "no");
	puts_(", stage 2 ");
	puts_(t_has(SMMUV3_FEAT_TRANS_S2) ? "yes" : "no");
	puts_(", nested ");
	puts_(t_has(SMMUV3_FEAT_NESTING) ? "yes" : "no");
	puts_(", range TLBI ");
	puts_(t_has(SMMUV3_FEAT_RANGE_INV) ? "yes" : "no");
	puts_(", 2-level stream table ");
	puts_(t_has(SMMUV3_FEAT_2LVL_STRTAB) ? "yes" : "no");
	puts_("\n");
}

/* The README demo: stage 1, then stage 2 and nested when the SMMU has
 * them (a skipped part is printed with its reason). */
static int test_demo(void)
{
	int ret = test_stage1();

	if (!ret) {
		ret = test_stage2();
		if (ret == T_SKIP)
			ret = T_PASS;
	}
	if (!ret) {
		ret = test_nested();
		if (ret == T_SKIP)
			ret = T_PASS;
	}
	return ret;
}

int main(void);

int main(void)
{
	/* QEMU's queues can be 2^19 entries: cap them to fit the arena. */
	struct smmuv3_dev_cfg cfg = {
		.fw = { .flags = SMMUV3_FW_COHERENT },
		.limits = { .cmdq_max_shift = 10,
			   .evtq_max_shift = 8,
			   .priq_max_shift = 8},
	};
	static char cmdline[256];
	const char *name = parse_cmdline(cmdline, sizeof(cmdline));
	int ret = T_FAIL;

	puts_("libsmmuv3 " SMMUV3_VERSION_STRING " on QEMU virt, group ");
	puts_(name);
	puts_("\n");
	if (!edu_find(&H.edu))
		return t_fail("no edu device (-device edu)", SMMUV3_ENODEV);
	H.sid = H.edu.rid;
	TRY(smmuv3_baremetal_init(&bm, (void *)VIRT_SMMU, __arena_start,
				  (size_t)(__arena_end - __arena_start), 0,
				  &H.osal),
	    "OSAL");
	ret = smmuv3_dev_probe(&H.dev, &H.osal, &cfg);
	if (ret)
		return t_fail(smmuv3_idr_refusal_name(H.dev.report.reason),
			      ret);
	features_line();
	puts_("probe: features ");
	put_hex(H.dev.caps.features);
	puts_(" SIDs ");
	put_dec(H.dev.caps.sid_bits);
	puts_(" bits, OAS ");
	put_dec(H.dev.caps.oas_bits);
	puts_(" bits\n");
	TRY(smmuv3_dev_init(&H.dev), "init");
	TRY(smmuv3_dev_enable(&H.dev), "enable");
	TRY(smmuv3_stream_init(&H.stream, &H.dev, H.sid, 0), "stream");
	puts_("SMMU enabled: cmdq 2^");
	put_dec(H.dev.cmdq.log2size);
	puts_(" entries, stream table ");
	puts_(H.dev.strtab.two_level ? "2-level\n" : "linear\n");

	ret = -1;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (streq(name, groups[i].name))
			ret = groups[i].fn();
	if (ret < 0)
		return t_fail("unknown test group", SMMUV3_EINVAL);
	puts_("edu DMAs: ");
	put_dec(H.dmas);
	puts_(", known QEMU deviations seen: ");
	put_dec(H.known);
	puts_("\n");
	if (ret == T_PASS) {
		TRY(smmuv3_dev_disable(&H.dev), "disable");
		smmuv3_dev_fini(&H.dev);
		puts_("PASS\n");
	}
	return ret;
}
