// SPDX-License-Identifier: BSD-2-Clause
/*
 * smmuv3-decode: decode SMMUv3 structures from hex words (as QEMU traces
 * and hardware dumps print them) and walk a page table in a memory dump.
 *
 *   smmuv3-decode [options] cmd   W0 W1          128-bit command
 *   smmuv3-decode [options] event W0 W1 W2 W3    event record
 *   smmuv3-decode [options] pri   W0 W1          PRI queue entry
 *   smmuv3-decode [options] ste   W0 .. W7       stream table entry
 *   smmuv3-decode [options] cd    W0 .. W7       context descriptor
 *   smmuv3-decode [options] pte   LEVEL DESC     page-table descriptor
 *   smmuv3-decode [options] walk  DUMP BASE TTB IOVA
 *
 * Words are 64-bit hex numbers (0x optional) in the structure's order;
 * twice as many 32-bit words (low word first) are accepted too; commas,
 * colons and brackets between words are ignored. walk reads the binary
 * file DUMP as memory starting at physical address BASE and translates
 * IOVA (an IPA with --stage 2) from the table at TTB, printing every
 * level's descriptor (stage 1: the TTB0 range, VA[55] = 0; EL1 regime,
 * 48-bit output; the access flag must be set).
 *
 * Options: --preset NAME (the model's ID registers used to judge STEs and
 * CDs: full (default), qemu, mmu600, mmu700, s2-only, minimal);
 * --granule 4k|16k|64k, --stage 1|2, --ias BITS (input size, default 48)
 * for pte and walk.
 *
 * The decoders are the library's (smmuv3_cmd_format(), smmuv3_event_decode();
 * for PRI entries, which it decodes only while draining its PRI queue, the
 * entry is put into the queue of a model the library drives, and read back
 * with smmuv3_dev_read_pri()) and, where the library has none (STE, CD,
 * page tables), the model's
 * table walker (<smmuv3/model/walk.h>), written independently of the
 * library from the architecture. Exit status: 0 decoded (even a fault or an
 * ILLEGAL entry), 1 malformed input, 2 usage.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/model.h>
#include <smmuv3/smmuv3.h>

static int usage(void)
{
	fprintf(stderr,
		"usage: smmuv3-decode [--preset NAME] [--granule 4k|16k|64k]\n"
		"                     [--stage 1|2] [--ias BITS] KIND ARGS\n"
		"  cmd W0 W1 | event W0..W3 | pri W0 W1 | ste W0..W7 | cd "
		"W0..W7\n"
		"  pte LEVEL DESC | walk DUMP BASE TTB IOVA\n");
	return 2;
}

struct opts {
	enum smmuv3_model_preset preset;
	unsigned int granule; /* log2: 12, 14, 16 */
	unsigned int stage;
	unsigned int ias;
};

/* Parse all hex numbers in argv[0..argc) (separators ignored). */
static int parse_words(int argc, char **argv, uint64_t *w, unsigned int max,
		       unsigned int *n)
{
	unsigned int k = 0;
	int i;

	for (i = 0; i < argc; i++) {
		const char *s = argv[i];

		while (*s) {
			char *end;
			uint64_t v;

			while (*s && strchr(" \t,:;[](){}", *s))
				s++;
			if (!*s)
				break;
			errno = 0;
			v = strtoull(s, &end, 16);
			if (end == s || errno)
				return -1;
			if (k == max)
				return -1;
			w[k++] = v;
			s = end;
		}
	}
	*n = k;
	return 0;
}

/* Exactly @want 64-bit words, or 2 * @want 32-bit words (low first). */
static int get_words(int argc, char **argv, uint64_t *out, unsigned int want)
{
	uint64_t w[32];
	unsigned int n = 0, i;

	if (parse_words(argc, argv, w, 32, &n))
		return -1;
	if (n == want) {
		memcpy(out, w, want * sizeof(*w));
		return 0;
	}
	if (n == 2u * want) {
		for (i = 0; i < 2u * want; i++)
			if (w[i] > 0xffffffffull)
				return -1;
		for (i = 0; i < want; i++)
			out[i] = w[2 * i] | (w[2 * i + 1] << 32);
		return 0;
	}
	return -1;
}

static int bad_input(const char *what)
{
	fprintf(stderr, "smmuv3-decode: %s\n", what);
	return 1;
}

static int do_cmd(int argc, char **argv)
{
	struct smmuv3_cmd c;
	char buf[SMMUV3_CMD_FORMAT_MAX];
	int ret;

	if (get_words(argc, argv, c.dw, 2))
		return bad_input("cmd needs 2 64-bit words");
	ret = smmuv3_cmd_format(&c, buf, sizeof(buf));
	printf("%s\n", buf);
	if (ret)
		printf("invalid: %s\n", smmuv3_strerror(ret));
	return 0;
}

static int do_event(int argc, char **argv)
{
	struct smmuv3_event ev;
	uint64_t w[4];

	if (get_words(argc, argv, w, 4))
		return bad_input("event needs 4 64-bit words");
	if (smmuv3_event_decode(w, &ev) != 0)
		return bad_input("event: not decodable");
	printf("event %s (0x%02x) sid=0x%" PRIx32, smmuv3_event_name(ev.id),
	       ev.id, ev.sid);
	if (ev.ssv)
		printf(" ssid=0x%" PRIx32, ev.ssid);
	printf("\n");
	printf("input_addr=0x%" PRIx64 " addr2=0x%" PRIx64 "\n", ev.input_addr,
	       ev.addr2);
	printf("rnw=%d ind=%d pnu=%d s2=%d class=%u ttrnw=%d", ev.rnw, ev.ind,
	       ev.pnu, ev.s2, ev.clss, ev.ttrnw);
	if (ev.stall)
		printf(" stall stag=0x%x", ev.stag);
	printf("\n");
	return 0;
}

/*
 * The library decodes PRI entries only as it drains its PRI queue: bring a
 * model with PRI up under the library, put the raw entry into the queue
 * as the SMMU would, and drain it.
 */
static int do_pri(int argc, char **argv)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_dev_cfg dc;
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	struct smmuv3_pri req;
	struct smmuv3_dev *dev;
	uint64_t w[2];
	bool ovf = false;
	size_t n = 0;
	int ret;

	if (get_words(argc, argv, w, 2))
		return bad_input("pri needs 2 64-bit words");
	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = SMMUV3_MODEL_FULL;
	dev = calloc(1, sizeof(*dev));
	if (!dev || smmuv3_model_create(&cfg, &m) != 0) {
		free(dev);
		return bad_input("out of memory");
	}
	osal = smmuv3_model_osal(m);
	memset(&dc, 0, sizeof(dc));
	dc.fw.flags = SMMUV3_FW_COHERENT;
	ret = smmuv3_dev_probe(dev, &osal, &dc);
	if (!ret)
		ret = smmuv3_dev_init(dev);
	if (!ret)
		ret = smmuv3_dev_enable(dev);
	if (!ret)
		ret = smmuv3_model_pri_inject(m, w);
	if (!ret)
		ret = smmuv3_dev_read_pri(dev, &req, 1, &n, &ovf);
	if (!ret && n == 1) {
		printf("pri sid=0x%" PRIx32, req.sid);
		if (req.ssv)
			printf(" ssid=0x%" PRIx32, req.ssid);
		printf(" grpid=0x%x addr=0x%" PRIx64 "\n", req.grpid, req.addr);
		printf("read=%d write=%d exec=%d priv=%d last=%d\n", req.read,
		       req.write, req.exec, req.priv, req.last);
	}
	if (smmuv3_dev_disable(dev) == 0)
		smmuv3_dev_fini(dev);
	smmuv3_model_destroy(m);
	free(dev);
	if (ret || n != 1)
		return bad_input("pri: the library did not decode the entry");
	return 0;
}

static const char *evt_name(int id)
{
	return id == MDL_RES_ABORT ? "ABORT" : smmuv3_event_name((uint8_t)id);
}

static int params_of(const struct opts *o, struct mdl_params *p)
{
	struct smmuv3_model_config cfg;
	struct smmuv3_model *m;

	memset(&cfg, 0, sizeof(cfg));
	cfg.preset = o->preset;
	if (smmuv3_model_create(&cfg, &m) != 0)
		return -1;
	smmuv3_model_params(m, p);
	smmuv3_model_destroy(m);
	return 0;
}

static void print_ste(const struct mdl_ste *s)
{
	static const char *const cfgs[8] = {"abort",  "res1", "res2", "res3",
					    "bypass", "s1",   "s2",   "nested"};

	printf("ste valid=%d config=%s\n", s->valid, cfgs[s->config & 7u]);
	if (s->s1_enabled)
		printf("s1: ctxptr=0x%" PRIx64 " fmt=%u cdmax=%u dss=%u "
		       "cir=%u cor=%u csh=%u stalld=%d strw=%u\n",
		       s->s1ctxptr, s->s1fmt, s->s1cdmax, s->s1dss, s->s1cir,
		       s->s1cor, s->s1csh, s->s1stalld, s->strw);
	if (s->s2_enabled)
		printf("s2: vmid=%u ttb=0x%" PRIx64 " t0sz=%u sl0=%u tg=%u "
		       "ps=%u ir0=%u or0=%u sh0=%u aa64=%d endi=%d affd=%d "
		       "ptw=%d s=%d r=%d fwb=%d ha=%d hd=%d\n",
		       s->s2vmid, s->s2ttb, s->s2t0sz, s->s2sl0, s->s2tg,
		       s->s2ps, s->s2ir0, s->s2or0, s->s2sh0, s->s2aa64,
		       s->s2endi, s->s2affd, s->s2ptw, s->s2s, s->s2r, s->s2fwb,
		       s->s2ha, s->s2hd);
	else if (s->s1_enabled && s->s2vmid)
		printf("s2vmid=%u (TLB tag)\n", s->s2vmid);
	printf("eats=%u mev=%d shcfg=%u instcfg=%u privcfg=%u mtcfg=%d "
	       "memattr=%u alloccfg=%u\n",
	       s->eats, s->mev, s->shcfg, s->instcfg, s->privcfg, s->mtcfg,
	       s->memattr, s->alloccfg);
}

static int do_ste(const struct opts *o, int argc, char **argv)
{
	struct mdl_params p;
	struct mdl_fault f;
	struct mdl_ste s;
	uint64_t w[8];
	int ret;

	if (get_words(argc, argv, w, 8))
		return bad_input("ste needs 8 64-bit words");
	if (params_of(o, &p))
		return bad_input("bad preset");
	ret = mdl_ste_decode(&p, w, &s, &f);
	if (ret) {
		printf("ste ILLEGAL: %s (0x%02x)\n", evt_name(ret), ret);
		return 0;
	}
	print_ste(&s);
	return 0;
}

static int do_cd(const struct opts *o, int argc, char **argv)
{
	struct mdl_params p;
	struct mdl_fault f;
	struct mdl_ste ste;
	struct mdl_cd c;
	uint64_t w[8];
	int ret;

	if (get_words(argc, argv, w, 8))
		return bad_input("cd needs 8 64-bit words");
	if (params_of(o, &p))
		return bad_input("bad preset");
	/* Judged as the CD of a plain stage-1 EL1 stream. */
	memset(&ste, 0, sizeof(ste));
	ste.valid = true;
	ste.config = MDL_STE_CFG_S1;
	ste.s1_enabled = true;
	ret = mdl_cd_decode(&p, &ste, w, &c, &f);
	if (ret) {
		printf("cd ILLEGAL: %s (0x%02x)\n", evt_name(ret), ret);
		return 0;
	}
	printf("cd valid=%d asid=%u aa64=%d ips=%u r=%d a=%d s=%d aset=%d "
	       "ha=%d hd=%d\n",
	       c.valid, c.asid, c.aa64, c.ips, c.r, c.a, c.s, c.aset, c.ha,
	       c.hd);
	printf("ttb0=0x%" PRIx64 " t0sz=%u tg0=%u irgn0=%u orgn0=%u sh0=%u "
	       "epd0=%d tbi0=%d had0=%d\n",
	       c.ttb0, c.t0sz, c.tg0, c.irgn0, c.orgn0, c.sh0, c.epd0, c.tbi0,
	       c.had0);
	printf("ttb1=0x%" PRIx64 " t1sz=%u tg1=%u irgn1=%u orgn1=%u sh1=%u "
	       "epd1=%d tbi1=%d had1=%d\n",
	       c.ttb1, c.t1sz, c.tg1, c.irgn1, c.orgn1, c.sh1, c.epd1, c.tbi1,
	       c.had1);
	printf("mair=0x%016" PRIx64 " amair=0x%" PRIx64
	       " endi=%d aff=%d wxn=%d uwxn=%d pan=%d\n",
	       c.mair, c.amair, c.endi, c.aff, c.wxn, c.uwxn, c.pan);
	return 0;
}

/* ---- page tables through the model's walker ------------------------ */

/*
 * Memory for the walker: a dump file at [base, base + size), plus a few
 * synthetic words (for pte), and a log of the descriptors read.
 */
struct mem {
	const uint8_t *dump;
	uint64_t base, size;
	uint64_t syn_pa[4], syn_val[4];
	unsigned int n_syn;
	bool log;
	unsigned int reads;
	const struct opts *o;
};

static int mem_read(void *ctx, uint64_t pa, uint64_t *val)
{
	struct mem *m = ctx;
	unsigned int i;

	for (i = 0; i < m->n_syn; i++)
		if (m->syn_pa[i] == pa) {
			*val = m->syn_val[i];
			return 0;
		}
	if (!m->dump || m->size < 8u || pa < m->base ||
	    pa - m->base > m->size - 8u || (pa & 7u))
		return -1;
	memcpy(val, m->dump + (pa - m->base), 8); /* little-endian host */
	if (m->log)
		printf("  read PA 0x%" PRIx64 " = 0x%016" PRIx64 "\n", pa,
		       *val);
	m->reads++;
	return 0;
}

/* Start level of a walk of @ias bits with granule 2^@g. */
static unsigned int start_level(unsigned int ias, unsigned int g)
{
	return 4u - (ias - g + (g - 4u)) / (g - 3u);
}

/* The STE/CD of a plain EL1 stage-@stage regime with table @ttb. */
static int regime(const struct opts *o, uint64_t ttb, bool show_af,
		  struct mdl_ste *ste, struct mdl_cd *cd)
{
	unsigned int sl = start_level(o->ias, o->granule);

	memset(ste, 0, sizeof(*ste));
	memset(cd, 0, sizeof(*cd));
	ste->valid = true;
	if (o->stage == 2) {
		ste->config = MDL_STE_CFG_S2;
		ste->s2_enabled = true;
		ste->s2t0sz = (uint8_t)(64u - o->ias);
		ste->s2tg = o->granule == 12u	? 0u
			    : o->granule == 16u ? 1u
						: 2u;
		/* SL0: 4K: start = 2 - SL0; 16K/64K: start = 3 - SL0. */
		ste->s2sl0 = (uint8_t)(o->granule == 12u ? 2u - sl : 3u - sl);
		ste->s2ps = 5; /* 48 bits */
		ste->s2aa64 = true;
		ste->s2ttb = ttb;
		ste->s2affd = show_af;
		return 0;
	}
	ste->config = MDL_STE_CFG_S1;
	ste->s1_enabled = true;
	cd->valid = true;
	cd->aa64 = true;
	cd->t0sz = (uint8_t)(64u - o->ias);
	cd->tg0 = o->granule == 12u ? 0u : o->granule == 16u ? 1u : 2u;
	cd->epd1 = true;
	cd->ips = 5;
	cd->ttb0 = ttb;
	cd->aff = show_af; /* AF = 0 leaves decode instead of faulting */
	return 0;
}

static void print_xlate(const struct mdl_xlate *x, unsigned int stage)
{
	printf("-> PA 0x%" PRIx64 " size 2^%u level %u\n", x->pa, x->size_log2,
	       stage == 2 ? x->s2_level : x->s1_level);
	printf("   unpriv %c%c%c priv %c%c%c global=%d attrs=0x%" PRIx64 "\n",
	       x->perm[0] & MDL_PERM_R ? 'r' : '-',
	       x->perm[0] & MDL_PERM_W ? 'w' : '-',
	       x->perm[0] & MDL_PERM_X ? 'x' : '-',
	       x->perm[1] & MDL_PERM_R ? 'r' : '-',
	       x->perm[1] & MDL_PERM_W ? 'w' : '-',
	       x->perm[1] & MDL_PERM_X ? 'x' : '-', x->global, x->attrs);
}

static void print_fault(const struct mdl_fault *f, int id)
{
	printf("-> fault %s (0x%02x) level %u", evt_name(id), id, f->level);
	if (id == MDL_EVT_F_WALK_EABT)
		printf(" at PA 0x%" PRIx64 " (not in the dump)", f->fetch_addr);
	printf("\n");
}

/* Translate @ia, with access flag faults told apart from permissions. */
static int translate(const struct opts *o, struct mem *m, uint64_t ttb,
		     bool show_af, uint64_t ia, struct mdl_xlate *x,
		     struct mdl_fault *f)
{
	struct mdl_mem mm = {mem_read, NULL, m};
	struct mdl_params p;
	struct mdl_ste ste;
	struct mdl_cd cd;
	int ret;

	if (params_of(o, &p))
		return -1;
	regime(o, ttb, show_af, &ste, &cd);
	/* The first access the entry permits (read, write, then fetch). */
	ret = mdl_walk_stage(&mm, &p, (int)o->stage, &ste, &cd, ia,
			     MDL_ACC_PRIV, x, f);
	if (ret == MDL_EVT_F_PERMISSION)
		ret = mdl_walk_stage(&mm, &p, (int)o->stage, &ste, &cd, ia,
				     MDL_ACC_PRIV | MDL_ACC_WRITE, x, f);
	if (ret == MDL_EVT_F_PERMISSION)
		ret = mdl_walk_stage(&mm, &p, (int)o->stage, &ste, &cd, ia,
				     MDL_ACC_PRIV | MDL_ACC_EXEC, x, f);
	return ret;
}

/*
 * One descriptor at @level: placed in a synthetic chain of tables (the
 * walk of IA 0 reaches it at that level), then walked. A table descriptor
 * shows as the external abort on the next-level table it points to.
 */
static int do_pte(const struct opts *o, int argc, char **argv)
{
	unsigned int sl = start_level(o->ias, o->granule), lvl, i;
	struct mdl_xlate x;
	struct mdl_fault f;
	struct mem m;
	uint64_t w[2];
	int ret;

	if (get_words(argc, argv, w, 2) || w[0] > 3u)
		return bad_input("pte needs LEVEL (0..3) and a 64-bit DESC");
	lvl = (unsigned int)w[0];
	if (lvl < sl)
		return bad_input("LEVEL is above the start level for --ias");
	memset(&m, 0, sizeof(m));
	/* Tables at synthetic PAs 0x1000 * (k + 1), entry 0 of each. */
	for (i = sl; i < lvl; i++) {
		m.syn_pa[m.n_syn] = 0x1000ull << (i - sl) << (o->granule - 12u);
		m.syn_val[m.n_syn++] =
			(0x2000ull << (i - sl) << (o->granule - 12u)) | 3u;
	}
	m.syn_pa[m.n_syn] = 0x1000ull << (lvl - sl) << (o->granule - 12u);
	m.syn_val[m.n_syn++] = w[1];
	printf("pte 0x%016" PRIx64 " at level %u, stage %u, %uK granule\n",
	       w[1], lvl, o->stage, 1u << (o->granule - 10u));
	ret = translate(o, &m, m.syn_pa[0], true, 0, &x, &f);
	if (ret < 0)
		return bad_input("bad preset");
	if (ret == MDL_EVT_F_WALK_EABT && f.level == lvl + 1u) {
		printf("-> table: next level at PA 0x%" PRIx64 "\n",
		       f.fetch_addr);
		return 0;
	}
	if (ret) {
		print_fault(&f, ret);
		return 0;
	}
	if (x.size_log2 < 64u)
		x.pa &= ~((1ull << x.size_log2) - 1u);
	print_xlate(&x, o->stage);
	return 0;
}

static int do_walk(const struct opts *o, int argc, char **argv)
{
	struct mdl_xlate x;
	struct mdl_fault f;
	struct mem m;
	uint64_t w[3];
	FILE *fp;
	long len;
	uint8_t *buf;
	int ret;

	if (argc < 1 || get_words(argc - 1, argv + 1, w, 3))
		return bad_input("walk needs DUMP BASE TTB IOVA");
	fp = fopen(argv[0], "rb");
	if (!fp)
		return bad_input("walk: cannot open the dump");
	if (fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 8 ||
	    fseek(fp, 0, SEEK_SET)) {
		fclose(fp);
		return bad_input("walk: the dump is empty or unreadable");
	}
	buf = malloc((size_t)len);
	if (!buf || fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		free(buf);
		fclose(fp);
		return bad_input("walk: cannot read the dump");
	}
	fclose(fp);
	memset(&m, 0, sizeof(m));
	m.dump = buf;
	m.base = w[0];
	m.size = (uint64_t)len;
	m.log = true;
	printf("walk %s 0x%" PRIx64 " from table 0x%" PRIx64
	       " (stage %u, %uK granule, %u-bit input, start level %u)\n",
	       o->stage == 2 ? "IPA" : "VA", w[2], w[1], o->stage,
	       1u << (o->granule - 10u), o->ias,
	       start_level(o->ias, o->granule));
	ret = translate(o, &m, w[1], false, w[2], &x, &f);
	free(buf);
	if (ret < 0)
		return bad_input("bad preset");
	if (ret)
		print_fault(&f, ret);
	else
		print_xlate(&x, o->stage);
	return 0;
}

static const struct {
	const char *name;
	enum smmuv3_model_preset p;
} presets[] = {
	{"full", SMMUV3_MODEL_FULL},
	{"qemu", SMMUV3_MODEL_QEMU_VIRT_7_2},
	{"mmu600", SMMUV3_MODEL_MMU600_R2P0},
	{"mmu700", SMMUV3_MODEL_MMU700_R1P1},
	{"s2-only", SMMUV3_MODEL_S2_ONLY},
	{"minimal", SMMUV3_MODEL_MINIMAL},
};

int main(int argc, char **argv)
{
	struct opts o = {SMMUV3_MODEL_FULL, 12, 1, 48};
	const char *kind;
	int i = 1;
	unsigned int k;

	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--preset")) {
			for (k = 0; k < sizeof(presets) / sizeof(presets[0]);
			     k++)
				if (!strcmp(argv[i + 1], presets[k].name))
					break;
			if (k == sizeof(presets) / sizeof(presets[0]))
				return usage();
			o.preset = presets[k].p;
		} else if (!strcmp(argv[i], "--granule")) {
			if (!strcmp(argv[i + 1], "4k"))
				o.granule = 12;
			else if (!strcmp(argv[i + 1], "16k"))
				o.granule = 14;
			else if (!strcmp(argv[i + 1], "64k"))
				o.granule = 16;
			else
				return usage();
		} else if (!strcmp(argv[i], "--stage")) {
			o.stage = (unsigned int)atoi(argv[i + 1]);
			if (o.stage != 1 && o.stage != 2)
				return usage();
		} else if (!strcmp(argv[i], "--ias")) {
			o.ias = (unsigned int)atoi(argv[i + 1]);
			if (o.ias < 25 || o.ias > 48)
				return usage();
		} else {
			return usage();
		}
		i += 2;
	}
	if (i >= argc)
		return usage();
	kind = argv[i++];
	if (!strcmp(kind, "cmd"))
		return do_cmd(argc - i, argv + i);
	if (!strcmp(kind, "event"))
		return do_event(argc - i, argv + i);
	if (!strcmp(kind, "pri"))
		return do_pri(argc - i, argv + i);
	if (!strcmp(kind, "ste"))
		return do_ste(&o, argc - i, argv + i);
	if (!strcmp(kind, "cd"))
		return do_cd(&o, argc - i, argv + i);
	if (!strcmp(kind, "pte"))
		return do_pte(&o, argc - i, argv + i);
	if (!strcmp(kind, "walk"))
		return do_walk(&o, argc - i, argv + i);
	return usage();
}
