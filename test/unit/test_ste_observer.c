// SPDX-License-Identifier: BSD-2-Clause
/*
 * The observer shared by the writer tests (included by test_ste_write.c
 * and prop_ste.c). It plays the SMMU: after every 64-bit store the writer
 * makes, it decodes the live entry with the model's decoder (test/model/
 * walk.c, written from the spec independently of src/) and checks that
 * the hardware would behave exactly as with the old or the new entry, or
 * (for updates the writer declares non-hitless) abort the stream. It also
 * records the commands of every sync.
 */
#include <walk.h>

#include <smmuv3/hw/regs.h>
#include <smmuv3/ste.h>

#define OBS_MAX_SYNCS 8

struct observer {
	struct mdl_params p;
	bool cd;		 /* observing a CD (else an STE) */
	struct mdl_ste cd_ste;	 /* the STE a CD is decoded under */
	uint64_t old[8], new[8]; /* CPU order */
	bool allow_abort;	 /* declared non-hitless */
	const uint64_t *live;
	uint64_t synced[8]; /* the entry as of the last sync */
	unsigned int mixes; /* torn-read combinations checked */
	unsigned int stores, bad;
	unsigned int first_bad_store;
	/* syncs */
	unsigned int syncs;
	unsigned int ncmds[OBS_MAX_SYNCS];
	struct smmuv3_cmd cmds[OBS_MAX_SYNCS][SMMUV3_WRITE_MAX_SIDS + 1];
	int fail_sync_at; /* 1-based; 0 = never */
};

/* An SMMU with everything the corpus needs (IHI 0070 6.3.1-6.3.6). */
static void obs_params(struct mdl_params *p)
{
	memset(p, 0, sizeof(*p));
	p->idr[0] =
		SMMUV3_IDR0_S2P | SMMUV3_IDR0_S1P |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTF, SMMUV3_IDR0_TTF_AARCH64) |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_HTTU, SMMUV3_IDR0_HTTU_HAHD) |
		SMMUV3_IDR0_HYP | SMMUV3_IDR0_ATS | SMMUV3_IDR0_ASID16 |
		SMMUV3_IDR0_VMID16 | SMMUV3_IDR0_CD2L |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTENDIAN,
				  SMMUV3_IDR0_TTENDIAN_LE) |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL,
				  SMMUV3_IDR0_STALL_MODEL_STALL) |
		SMMUV3_FIELD_PREP(SMMUV3_IDR0_ST_LEVEL,
				  SMMUV3_IDR0_ST_LEVEL_2LVL);
	p->idr[1] = SMMUV3_FIELD_PREP(SMMUV3_IDR1_SIDSIZE, 16u) |
		    SMMUV3_FIELD_PREP(SMMUV3_IDR1_SSIDSIZE, 20u) |
		    SMMUV3_IDR1_ATTR_PERMS_OVR | SMMUV3_IDR1_ATTR_TYPES_OVR;
	p->idr[3] = SMMUV3_IDR3_FWB;
	p->idr[5] = SMMUV3_FIELD_PREP(SMMUV3_IDR5_OAS, 5u) | /* 48 bits */
		    SMMUV3_IDR5_GRAN4K | SMMUV3_IDR5_GRAN64K;
	p->httu_enabled = true;
}

/* The same SMMU as struct smmuv3_caps (filled by hand, as a probe would). */
static void obs_caps(struct smmuv3_caps *c)
{
	memset(c, 0, sizeof(*c));
	c->features =
		SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2 |
		SMMUV3_FEAT_NESTING | SMMUV3_FEAT_ATS | SMMUV3_FEAT_STALLS |
		SMMUV3_FEAT_2LVL_CDTAB | SMMUV3_FEAT_2LVL_STRTAB |
		SMMUV3_FEAT_ATTR_TYPES_OVR | SMMUV3_FEAT_ATTR_PERMS_OVR |
		SMMUV3_FEAT_HYP | SMMUV3_FEAT_E2H | SMMUV3_FEAT_GRAN4K |
		SMMUV3_FEAT_GRAN64K | SMMUV3_FEAT_S2FWB | SMMUV3_FEAT_HA |
		SMMUV3_FEAT_HD | SMMUV3_FEAT_COHERENCY | SMMUV3_FEAT_TT_LE;
	c->sid_bits = 16;
	c->ssid_bits = 20;
	c->asid_bits = 16;
	c->vmid_bits = 16;
	c->oas_bits = 48;
	c->s2_ias_bits = 48;
}

/*
 * SMMU configurations the corpus and the properties also run under: the
 * same SMMU with one fault-model or feature difference, in the ID
 * registers (IHI 0070 6.3.1, 6.3.2) and in the caps a probe would derive.
 */
enum {
	OBS_V_FULL,	   /* obs_params()/obs_caps() */
	OBS_V_STALL_FORCE, /* IDR0.STALL_MODEL = 0b10 */
	OBS_V_NO_STALL,	   /* IDR0.STALL_MODEL = 0b01 */
	OBS_V_TERM_MODEL,  /* IDR0.TERM_MODEL = 1 */
	OBS_V_NO_TYPES,	   /* IDR1.ATTR_TYPES_OVR = 0 */
	OBS_V_NO_ATS,	   /* IDR0.ATS = 0 */
	OBS_NVARIANTS
};

static SMMUV3_UNUSED void obs_variant(unsigned int v, struct mdl_params *p,
				      struct smmuv3_caps *c)
{
	obs_params(p);
	obs_caps(c);
	switch (v) {
	case OBS_V_STALL_FORCE:
		p->idr[0] &= ~SMMUV3_IDR0_STALL_MODEL;
		p->idr[0] |= SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL,
					       SMMUV3_IDR0_STALL_MODEL_FORCE);
		c->features |= SMMUV3_FEAT_STALL_FORCE;
		c->stall_model = SMMUV3_IDR0_STALL_MODEL_FORCE;
		break;
	case OBS_V_NO_STALL:
		p->idr[0] &= ~SMMUV3_IDR0_STALL_MODEL;
		p->idr[0] |= SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL,
					       SMMUV3_IDR0_STALL_MODEL_NONE);
		c->features &= ~SMMUV3_FEAT_STALLS;
		c->stall_model = SMMUV3_IDR0_STALL_MODEL_NONE;
		break;
	case OBS_V_TERM_MODEL:
		p->idr[0] |= SMMUV3_IDR0_TERM_MODEL;
		c->features |= SMMUV3_FEAT_TERM_MODEL;
		break;
	case OBS_V_NO_TYPES:
		p->idr[1] &= ~SMMUV3_IDR1_ATTR_TYPES_OVR;
		c->features &= ~SMMUV3_FEAT_ATTR_TYPES_OVR;
		break;
	case OBS_V_NO_ATS:
		p->idr[0] &= ~SMMUV3_IDR0_ATS;
		c->features &= ~SMMUV3_FEAT_ATS;
		break;
	default:
		break;
	}
}

/*
 * The per-master flags a caller would pass on SMMU @c for a master that
 * wants @flags: forced stalls make every master stall (and rule out ATS
 * with stage 2, EATS with S2S being illegal); absent features are dropped.
 */
static SMMUV3_UNUSED uint32_t obs_flags(const struct smmuv3_caps *c,
					uint32_t flags, bool s2)
{
	if (c->features & SMMUV3_FEAT_STALL_FORCE) {
		flags |= SMMUV3_STE_F_STALL;
		if (s2)
			flags &= ~SMMUV3_STE_F_ATS;
	}
	if (!(c->features & SMMUV3_FEAT_STALLS))
		flags &= ~SMMUV3_STE_F_STALL;
	if (!(c->features & SMMUV3_FEAT_ATS))
		flags &= ~SMMUV3_STE_F_ATS;
	return flags;
}

/*
 * Decoded equality "as the hardware behaves". The one documented
 * exception: MEV, and EATS between 0 and 1 when neither entry has S1CHK or
 * S2S, may change out of order (see ste_safe() in src/ste.c for why) - but
 * only when the old and new entries differ in that field (MEV qw1 bit 19,
 * EATS qw1 bits 29:28); otherwise any other value is a wrong state.
 */
static bool ste_same(const struct observer *o, struct mdl_ste a,
		     struct mdl_ste b)
{
	uint64_t d1 = o->old[1] ^ o->new[1];
	bool s1chk = ((o->old[1] | o->new[1]) >> 29) & 1u;
	bool s2s = ((o->old[2] | o->new[2]) >> 57) & 1u;

	memset(a.raw, 0, sizeof(a.raw));
	memset(b.raw, 0, sizeof(b.raw));
	if ((d1 >> 19) & 1u)
		a.mev = b.mev = false;
	if (((d1 >> 28) & 3u) && !s1chk && !s2s && a.eats <= 1u && b.eats <= 1u)
		a.eats = b.eats = 0;
	return memcmp(&a, &b, sizeof(a)) == 0;
}

static bool cd_same(struct mdl_cd a, struct mdl_cd b)
{
	memset(a.raw, 0, sizeof(a.raw));
	memset(b.raw, 0, sizeof(b.raw));
	return memcmp(&a, &b, sizeof(a)) == 0;
}

static int obs_decode_ste(const struct observer *o, const uint64_t *raw,
			  struct mdl_ste *d)
{
	struct mdl_fault f;

	return mdl_ste_decode(&o->p, raw, d, &f);
}

static int obs_decode_cd(const struct observer *o, const uint64_t *raw,
			 struct mdl_cd *d)
{
	struct mdl_fault f;

	return mdl_cd_decode(&o->p, &o->cd_ste, raw, d, &f);
}

/* Check the live entry now; returns true when acceptable. */
static bool obs_check(struct observer *o, const uint64_t *live)
{
	uint64_t raw[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		raw[i] = live[i]; /* little-endian host: CPU order */
	if (o->cd) {
		struct mdl_cd now, a, b;
		int rn = obs_decode_cd(o, raw, &now);

		(void)obs_decode_cd(o, o->old, &a);
		(void)obs_decode_cd(o, o->new, &b);
		/*
		 * Equal decodes behave the same, legal or not (an invalid
		 * old CD decodes to all-zero, as does the live one while
		 * V is still 0).
		 */
		(void)rn;
		if (cd_same(now, a) || cd_same(now, b))
			return true;
		/* V = 0: transactions with this SSID abort (C_BAD_CD). */
		return o->allow_abort && !now.valid;
	} else {
		struct mdl_ste now, a, b;
		int rn = obs_decode_ste(o, raw, &now);

		(void)obs_decode_ste(o, o->old, &a);
		(void)obs_decode_ste(o, o->new, &b);
		(void)rn;
		if (ste_same(o, now, a) || ste_same(o, now, b))
			return true;
		/* V = 0: the stream aborts (C_BAD_STE), never bypasses. */
		return o->allow_abort && !now.valid;
	}
}

static void obs_stored(void *ctx, const uint64_t *entry, unsigned int qword)
{
	struct observer *o = ctx;

	(void)qword;
	o->stores++;
	if (!obs_check(o, entry)) {
		if (!o->bad)
			o->first_bad_store = o->stores;
		o->bad++;
	}
}

/*
 * The SMMU reads an entry one 64-bit word at a time and a fetch may
 * straddle stores, so between two syncs it can see any mix of the words as
 * they were at the previous sync and as they are now (a completed CMD_SYNC
 * after CFGI ends every earlier fetch). Check every such combination.
 */
static void obs_check_mixes(struct observer *o)
{
	uint64_t mix[8];
	unsigned int diff = 0, sub, i;

	for (i = 0; i < 8; i++)
		if (o->synced[i] != o->live[i])
			diff |= 1u << i;
	/* every subset of the changed words taken from the new state */
	for (sub = diff;; sub = (sub - 1) & diff) {
		for (i = 0; i < 8; i++)
			mix[i] = (sub & (1u << i)) ? o->live[i] : o->synced[i];
		o->mixes++;
		if (!obs_check(o, mix)) {
			if (!o->bad)
				o->first_bad_store = o->stores;
			o->bad++;
		}
		if (sub == 0)
			break;
	}
	memcpy(o->synced, o->live, sizeof(o->synced));
}

static int obs_sync(void *ctx, const struct smmuv3_cmd *cmds, size_t n)
{
	struct observer *o = ctx;
	size_t i;

	if (o->live)
		obs_check_mixes(o);

	if (o->syncs < OBS_MAX_SYNCS) {
		o->ncmds[o->syncs] = (unsigned int)n;
		for (i = 0; i < n && i <= SMMUV3_WRITE_MAX_SIDS; i++)
			o->cmds[o->syncs][i] = cmds[i];
	}
	o->syncs++;
	if (o->fail_sync_at && (int)o->syncs == o->fail_sync_at)
		return SMMUV3_ETIMEDOUT;
	return 0;
}

static void obs_publish(void *ctx)
{
	(void)ctx;
}

static const struct smmuv3_write_ops obs_ops = {
	.sync = obs_sync,
	.publish = obs_publish,
	.stored = obs_stored,
};

/* Start observing an update of @live from its contents to @target. */
static void obs_begin(struct observer *o, const uint64_t *live,
		      const uint64_t *target, bool allow_abort)
{
	memcpy(o->old, live, sizeof(o->old));
	memcpy(o->new, target, sizeof(o->new));
	o->allow_abort = allow_abort;
	o->live = live;
	memcpy(o->synced, live, sizeof(o->synced));
	o->mixes = 0;
	o->stores = o->bad = o->first_bad_store = 0;
	o->syncs = 0;
	o->fail_sync_at = 0;
	memset(o->ncmds, 0, sizeof(o->ncmds));
}

/* dw0[7:0] opcode, dw0[63:32] SID (IHI 0070 4.3.x), dw1[0] Leaf. */
static SMMUV3_UNUSED unsigned int cmd_op(const struct smmuv3_cmd *c)
{
	return (unsigned int)(c->dw[0] & 0xffu);
}

static SMMUV3_UNUSED uint32_t cmd_sid(const struct smmuv3_cmd *c)
{
	return (uint32_t)(c->dw[0] >> 32);
}
