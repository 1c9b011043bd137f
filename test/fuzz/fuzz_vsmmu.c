// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzz target for the virtual SMMUv3: the input is a program a malicious
 * guest runs against it (register writes and reads, guest memory contents
 * including commands, STEs, L1 descriptors and CDs, doorbells) mixed with
 * host event records. The oracle sits in the host callbacks and checks
 * that nothing reaches outside the guest's policy:
 *  - a host STE goes only to a host StreamID of the mapping, is valid, and
 *    is abort, stage 2 only or nested; its stage-2 words are exactly the
 *    hypervisor's (VMID, VTCR, S2TTB); STRW is EL1; EATS only with ATS;
 *    the CD table pointer lies in the guest's IPA space; no bit outside
 *    smmuv3_ste_used();
 *  - a host command decodes for the host, is one of CFGI_CD(_ALL),
 *    TLBI_NH_*, TLBI_S12_VMALL, ATC_INV (with ATS); every VMID is the
 *    guest's, every StreamID a mapped host one; batches hold 1..16;
 *  - guest memory accesses are at most 64 bytes; and every call does
 *    bounded work (callback counts per call below a bound derived from
 *    the budget and the number of streams).
 *
 * Input: [0] policy flags, [1] CMDQS choice, [2] command budget, then
 * operations (see run()). Built as a libFuzzer target with
 * -DSMMUV3_FUZZ=ON (clang); otherwise main() replays a corpus directory
 * plus seeded mutations (argv: dir, iterations, seed) as a ctest smoke.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/vsmmu.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GBASE 0x40000000ull
#define GSIZE 0x10000u
#define VMID 9u

static uint8_t ram[GSIZE];
static struct smmuv3_caps hcaps;
static struct smmuv3_ste s2ref;
static struct smmuv3_vsmmu vs;
static uint32_t policy_flags;
static unsigned long calls; /* callbacks during the current API call */
static unsigned long n_ste, n_cmd; /* totals (the smoke checks them) */

static const struct smmuv3_vsmmu_stream streams[] = {
	{1, 0x100}, {2, 0x101}, {40, 0x102}};
#define NSTREAMS 3u

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_vsmmu: property failed: %s\n", what);
		abort();
	}
}

static bool host_sid_mapped(uint32_t sid)
{
	for (unsigned int i = 0; i < NSTREAMS; i++)
		if (streams[i].host_sid == sid)
			return true;
	return false;
}

static int g_read(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	(void)ctx;
	calls++;
	check(len > 0 && len <= 64, "guest read size");
	if (ipa < GBASE || ipa - GBASE > GSIZE - len)
		return SMMUV3_EFAULT;
	memcpy(buf, ram + (ipa - GBASE), len);
	return 0;
}

static int g_write(void *ctx, uint64_t ipa, const void *buf, size_t len)
{
	(void)ctx;
	calls++;
	check(len > 0 && len <= 64, "guest write size");
	if (ipa < GBASE || ipa - GBASE > GSIZE - len)
		return SMMUV3_EFAULT;
	memcpy(ram + (ipa - GBASE), buf, len);
	return 0;
}

static void g_irq(void *ctx, enum smmuv3_vsmmu_irq irq, uint64_t addr,
		  uint32_t data)
{
	(void)ctx;
	(void)addr;
	(void)data;
	calls++;
	check(irq <= SMMUV3_VSMMU_IRQ_CMD_SYNC, "irq source");
}

static int h_cmds(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct smmuv3_cmd_desc d;

	(void)ctx;
	calls++;
	check(n >= 1 && n <= 16, "host batch size");
	for (size_t i = 0; i < n; i++) {
		n_cmd++;
		check(smmuv3_cmd_decode(&hcaps, &cmds[i], &d) == 0,
		      "host command decodes");
		switch (d.opcode) {
		case SMMUV3_OP_CFGI_CD:
		case SMMUV3_OP_CFGI_CD_ALL:
			check(host_sid_mapped(d.sid), "CFGI_CD host SID");
			break;
		case SMMUV3_OP_ATC_INV:
			check(policy_flags & SMMUV3_VSMMU_P_ATS, "ATC_INV policy");
			check(host_sid_mapped(d.sid), "ATC_INV host SID");
			break;
		case SMMUV3_OP_TLBI_NH_ALL:
		case SMMUV3_OP_TLBI_NH_ASID:
		case SMMUV3_OP_TLBI_NH_VA:
		case SMMUV3_OP_TLBI_NH_VAA:
		case SMMUV3_OP_TLBI_S12_VMALL:
			check(d.vmid == VMID, "TLBI VMID");
			break;
		default:
			check(0, "host opcode outside the guest's world");
		}
	}
	return 0;
}

static int h_ste(void *ctx, uint32_t sid, const struct smmuv3_ste *ste)
{
	struct smmuv3_ste used;
	uint32_t config;

	(void)ctx;
	calls++;
	n_ste++;
	check(host_sid_mapped(sid), "STE host SID");
	check(ste->qw[0] & SMMUV3_STE0_V, "STE valid");
	smmuv3_ste_used(ste, &used);
	for (unsigned int i = 0; i < 8; i++)
		check((ste->qw[i] & ~used.qw[i]) == 0, "STE unused bits");
	config = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, ste->qw[0]);
	if (config == SMMUV3_STE_CONFIG_ABORT)
		return 0;
	check(config == SMMUV3_STE_CONFIG_S2 ||
		      config == SMMUV3_STE_CONFIG_NESTED,
	      "STE config");
	check(ste->qw[2] == s2ref.qw[2] && ste->qw[3] == s2ref.qw[3],
	      "stage 2 is the hypervisor's");
	check(SMMUV3_FIELD_GET(SMMUV3_STE1_STRW, ste->qw[1]) == 0, "STRW");
	if (config == SMMUV3_STE_CONFIG_NESTED) {
		check((ste->qw[0] & SMMUV3_STE0_S1CTXPTR) >> 40 == 0,
		      "CD table in the 40-bit IPA space");
		check(SMMUV3_FIELD_GET(SMMUV3_STE1_EATS, ste->qw[1]) == 0 ||
			      ((policy_flags & SMMUV3_VSMMU_P_ATS) &&
			       SMMUV3_FIELD_GET(SMMUV3_STE1_EATS,
						ste->qw[1]) == 1),
		      "EATS");
	} else {
		check(policy_flags & SMMUV3_VSMMU_P_BYPASS, "bypass policy");
	}
	return 0;
}

static const struct smmuv3_vsmmu_guest_ops gops = {g_read, g_write, g_irq};
static const struct smmuv3_vsmmu_host_ops hops = {h_cmds, h_ste};

static void host_setup(void)
{
	struct smmuv3_idregs r;
	static bool done;

	if (done)
		return;
	memset(&r, 0, sizeof(r));
	r.idr[0] = SMMUV3_IDR0_S1P | SMMUV3_IDR0_S2P |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTF, 2) | SMMUV3_IDR0_COHACC |
		   SMMUV3_IDR0_ASID16 | SMMUV3_IDR0_VMID16 | SMMUV3_IDR0_MSI |
		   SMMUV3_IDR0_ATS | SMMUV3_IDR0_CD2L | SMMUV3_IDR0_HYP |
		   SMMUV3_IDR0_PRI |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL, 0) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR0_ST_LEVEL, 1);
	r.idr[1] = SMMUV3_FIELD_PREP(SMMUV3_IDR1_SIDSIZE, 16) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_SSIDSIZE, 10) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_EVTQS, 8) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_CMDQS, 8) |
		   SMMUV3_FIELD_PREP(SMMUV3_IDR1_PRIQS, 8);
	r.idr[3] = SMMUV3_IDR3_RIL;
	r.idr[5] = 5u | SMMUV3_IDR5_GRAN4K | SMMUV3_IDR5_GRAN64K;
	check(smmuv3_idr_resolve(&r, NULL, NULL, &hcaps, NULL) == 0,
	      "host caps");
	done = true;
}

static uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint64_t ld64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}


/* One API call with the work bound checked. */
static void mmio(uint32_t off, unsigned int size, bool write, uint64_t v,
		 unsigned long bound)
{
	int ret;

	calls = 0;
	ret = smmuv3_vsmmu_mmio(&vs, off, size, write, &v);
	check(ret == 0 || ret == SMMUV3_EAGAIN, "mmio result");
	check(calls <= bound, "bounded work per call");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_vsmmu_cfg c;
	unsigned long bound;
	enum smmuv3_vsmmu_fate fate;
	uint32_t budget, prod;
	size_t i = 3;
	uint64_t raw[4];
	int ret;

	if (size < 3)
		return 0;
	host_setup();
	memset(ram, 0, sizeof(ram));
	memset(&c, 0, sizeof(c));
	policy_flags = data[0] & SMMUV3_VSMMU_P_ALL;
	budget = (uint32_t)data[2] + 1u;
	c.host_caps = &hcaps;
	c.host_ops = &hops;
	c.guest_ops = &gops;
	c.s2 = (struct smmuv3_ste_s2){
		.vmid = VMID, .t0sz = 24, .sl0 = 1, .irgn = 1, .orgn = 1,
		.sh = 3, .tg = 0, .ps = 2, .ttb = 0x88000000, .aa64 = true};
	check(smmuv3_ste_build_s2(&hcaps, &c.s2, 0, &s2ref) == 0, "s2 ref");
	c.streams = streams;
	c.nstreams = NSTREAMS;
	c.policy = (struct smmuv3_vsmmu_policy){
		.flags = policy_flags, .sid_bits = 8, .ssid_bits = 4,
		.cmdq_shift = (uint8_t)(7u + data[1] % 3u), .evtq_shift = 4,
		.max_cmds = budget};
	calls = 0;
	check(smmuv3_vsmmu_init(&vs, &c) == 0, "init");
	/* Per call: each command reads itself (1), may rewrite every
	 * stream (each: 2 reads, 1 write), one host batch per 16, an MSI;
	 * plus a full resync (SMMUEN/GBPA) and an interrupt or two. */
	bound = budget * (2ul + 3ul * NSTREAMS + 2ul) + 3ul * NSTREAMS + 8ul;

	while (i < size) {
		uint8_t op = data[i++];

		switch (op % 7u) {
		case 0: /* register write */
			if (size - i < 11)
				return 0;
			mmio(((ld16(data + i) & 0x8000u) ? SMMUV3_PAGE1 : 0u) |
				     (ld16(data + i) & 0x7fffu),
			     (data[i + 2] & 1u) ? 8u : (data[i + 2] & 2u) ? 4u
							 : data[i + 2],
			     true, ld64(data + i + 3), bound);
			i += 11;
			break;
		case 1: /* register read */
			if (size - i < 3)
				return 0;
			mmio(((ld16(data + i) & 0x8000u) ? SMMUV3_PAGE1 : 0u) |
				     (ld16(data + i) & 0x7fffu),
			     (data[i + 2] & 1u) ? 8u : 4u, false, 0, bound);
			i += 3;
			break;
		case 2: /* guest memory: STEs, CDs, L1 descriptors, commands */
			if (size - i < 18)
				return 0;
			memcpy(ram + (ld16(data + i) & (GSIZE - 16u)),
			       data + i + 2, 16);
			i += 18;
			break;
		case 3: /* a driver's set-up, to reach deep states fast */
			if (size - i < 1)
				return 0;
			mmio(SMMUV3_CR0, 4, true, 0, bound);
			mmio(SMMUV3_STRTAB_BASE, 8, true, GBASE, bound);
			mmio(SMMUV3_STRTAB_BASE_CFG, 4, true,
			     (data[i] & 1u) ? ((1u << 16) | (6u << 6) | 8u) : 8u,
			     bound);
			mmio(SMMUV3_CMDQ_BASE, 8, true,
			     (GBASE + 0x4000u) | c.policy.cmdq_shift, bound);
			mmio(SMMUV3_EVTQ_BASE, 8, true, (GBASE + 0x8000u) | 4u,
			     bound);
			mmio(SMMUV3_IRQ_CTRL, 4, true, data[i] >> 1, bound);
			mmio(SMMUV3_GBPA, 4, true,
			     SMMUV3_GBPA_UPDATE |
				     ((data[i] & 8u) ? SMMUV3_GBPA_ABORT : 0u),
			     bound);
			mmio(SMMUV3_CR0, 4, true, 0xd, bound);
			i += 1;
			break;
		case 4: /* one command at PROD, then the doorbell */
			if (size - i < 16)
				return 0;
			calls = 0;
			check(smmuv3_vsmmu_mmio(&vs, SMMUV3_CMDQ_PROD, 4,
						false, &raw[0]) == 0,
			      "PROD read");
			prod = (uint32_t)raw[0];
			if ((vs.cmdq_base & SMMUV3_Q_BASE_ADDR) ==
			    GBASE + 0x4000u) {
				uint32_t l = c.policy.cmdq_shift;

				memcpy(ram + 0x4000u +
					       16u * (prod & ((1u << l) - 1u)),
				       data + i, 16);
				prod = (prod & ~((2u << l) - 1u)) |
				       ((prod + 1u) & ((2u << l) - 1u));
			}
			mmio(SMMUV3_CMDQ_PROD, 4, true, prod, bound);
			i += 16;
			break;
		case 5: /* a host event record */
			if (size - i < 33)
				return 0;
			for (int k = 0; k < 4; k++)
				raw[k] = ld64(data + i + 1 + 8 * k);
			if (!(data[i] & 0x80u))
				raw[0] = (raw[0] & 0xffffffffull) |
					 ((uint64_t)streams[data[i] % NSTREAMS]
						  .host_sid
					  << 32);
			calls = 0;
			ret = smmuv3_vsmmu_event(&vs, raw, &fate);
			check(ret == 0 || ret == SMMUV3_ENOENT, "event result");
			check(calls <= 2, "event work");
			i += 33;
			break;
		default:
			calls = 0;
			ret = smmuv3_vsmmu_process(&vs);
			check(ret == 0 || ret == SMMUV3_EAGAIN, "process result");
			check(calls <= bound, "bounded work per call");
			break;
		}
	}
	return 0;
}

#ifndef SMMUV3_LIBFUZZER
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define MAX_FILES 64
#define MAX_SIZE 8192

int main(int argc, char **argv)
{
	static uint8_t files[MAX_FILES][MAX_SIZE], buf[MAX_SIZE];
	size_t lens[MAX_FILES], nfiles = 0, len;
	unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 0) : 2000;
	struct dirent *de;
	DIR *dir;

	rng = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x5eed;
	if (argc < 2 || !(dir = opendir(argv[1]))) {
		fprintf(stderr, "usage: fuzz_vsmmu <corpus-dir> [n] [seed]\n");
		return 2;
	}
	while ((de = readdir(dir)) && nfiles < MAX_FILES) {
		char path[4096];
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		lens[nfiles] = fread(files[nfiles], 1, MAX_SIZE, f);
		fclose(f);
		LLVMFuzzerTestOneInput(files[nfiles], lens[nfiles]);
		nfiles++;
	}
	closedir(dir);
	if (!nfiles) {
		fprintf(stderr, "fuzz_vsmmu: empty corpus\n");
		return 1;
	}
	for (unsigned long it = 0; it < iters; it++) {
		size_t k = (size_t)(rnd() % nfiles);
		unsigned int nm = 1 + (unsigned int)(rnd() % 8);

		len = lens[k];
		memcpy(buf, files[k], len);
		for (unsigned int j = 0; j < nm && len; j++) {
			size_t off = (size_t)(rnd() % len);

			switch (rnd() % 4) {
			case 0:
				buf[off] ^= (uint8_t)(1u << (rnd() % 8));
				break;
			case 1:
				buf[off] = (uint8_t)rnd();
				break;
			case 2: /* a 64-bit word of random bits */
				for (int b = 0; b < 8 && off + b < len; b++)
					buf[off + b] = (uint8_t)rnd();
				break;
			default: /* truncate */
				len = (size_t)(rnd() % (len + 1));
				break;
			}
		}
		LLVMFuzzerTestOneInput(buf, len);
	}
	/* The smoke must reach the host: STEs and forwarded commands. */
	printf("fuzz_vsmmu: %zu files, %lu mutations, %lu host STEs, "
	       "%lu host commands checked\n",
	       nfiles, iters, n_ste, n_cmd);
	return (n_ste && n_cmd) ? 0 : 1;
}
#endif
