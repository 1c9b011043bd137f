/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the command field packing (src/cmd.c). The shipped file is
 * included unchanged. For each entry of its field table, a function below
 * runs build()'s placement of a value (the SMMUV3_FIELD_PREP of the mask
 * build() uses, or its masking of an address, or its setting of a flag
 * bit) and then extract()'s reading of it (the table entry's field_mask()
 * and shift, set() into a descriptor); WP proves, for every value of the
 * field's width, that the descriptor gets the value back and where exactly
 * the value was placed.
 * docs/proofs.md, "Command field packing", says what this covers.
 * The field functions are generated (one per table entry, same shape).
 */
#include "cmd_bits.h"
#include "../src/cmd.c"

/* set() stores @v, converted to the member's type, into member @m. */
/*@ requires \valid(d) && m <= M_MSIDATA;
    assigns *d;
    ensures m == M_SID ==> d->sid == (uint32_t)v;
    ensures m == M_SSV ==> d->ssv == (v != 0 ? 1 : 0);
    ensures m == M_SSID ==> d->ssid == (uint32_t)v;
    ensures m == M_LEAF ==> d->leaf == (v != 0 ? 1 : 0);
    ensures m == M_RANGE ==> d->range == (uint8_t)v;
    ensures m == M_VMID ==> d->vmid == (uint16_t)v;
    ensures m == M_ASID ==> d->asid == (uint16_t)v;
    ensures m == M_ADDR ==> d->addr == v;
    ensures m == M_TG ==> d->tg == (uint8_t)v;
    ensures m == M_TTL ==> d->ttl == (uint8_t)v;
    ensures m == M_NUM ==> d->num == (uint8_t)v;
    ensures m == M_SCALE ==> d->scale == (uint8_t)v;
    ensures m == M_GLOBAL ==> d->global == (v != 0 ? 1 : 0);
    ensures m == M_SIZE ==> d->size == (uint8_t)v;
    ensures m == M_GRPID ==> d->grpid == (uint16_t)v;
    ensures m == M_RESP ==> d->resp == (uint8_t)v;
    ensures m == M_STAG ==> d->stag == (uint16_t)v;
    ensures m == M_CS ==> d->cs == (uint8_t)v;
    ensures m == M_MSH ==> d->msh == (uint8_t)v;
    ensures m == M_MSIATTR ==> d->msiattr == (uint8_t)v;
    ensures m == M_MSIDATA ==> d->msidata == (uint32_t)v;
 */
static NOINLINE void set(struct smmuv3_cmd_desc *d, unsigned int m,
			 uint64_t v);

/*@ requires x < 4294967296;
    assigns \nothing;
    ensures \result == x * 4294967296;
 */
static uint64_t field_sid(uint64_t x)
{
	const struct field *fl = &fields[0];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.sid == x;
	return w;
}

/*@ assigns \nothing;
    ensures \result == (b ? 2048 : 0);
 */
static uint64_t field_ssv(bool b)
{
	const struct field *fl = &fields[1];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = b ? SMMUV3_CMD0_SSV : 0, v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.ssv == b;
	return w;
}

/*@ requires x < 1048576;
    assigns \nothing;
    ensures \result == x * 4096;
 */
static uint64_t field_ssid(uint64_t x)
{
	const struct field *fl = &fields[2];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SSID, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.ssid == x;
	return w;
}

/*@ assigns \nothing;
    ensures \result == (b ? 1 : 0);
 */
static uint64_t field_leaf(bool b)
{
	const struct field *fl = &fields[3];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = b ? SMMUV3_CMD1_LEAF : 0, v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.leaf == b;
	return w;
}

/*@ requires x < 32;
    assigns \nothing;
    ensures \result == x * 1;
 */
static uint64_t field_range(uint64_t x)
{
	const struct field *fl = &fields[4];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_CFGI_RANGE, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.range == x;
	return w;
}

/*@ requires x < 65536;
    assigns \nothing;
    ensures \result == x * 4294967296;
 */
static uint64_t field_vmid(uint64_t x)
{
	const struct field *fl = &fields[5];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_VMID, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.vmid == x;
	return w;
}

/*@ requires x < 65536;
    assigns \nothing;
    ensures \result == x * 281474976710656;
 */
static uint64_t field_asid(uint64_t x)
{
	const struct field *fl = &fields[6];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_ASID, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.asid == x;
	return w;
}

/*@ requires a % 4096 == 0 && a < 18446744073709551616;
    assigns \nothing;
    ensures \result == a;
 */
static uint64_t field_va(uint64_t a)
{
	const struct field *fl = &fields[7];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = a & SMMUV3_CMD1_VA, v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.addr == a;
	return w;
}

/*@ requires a % 4096 == 0 && a < 4503599627370496;
    assigns \nothing;
    ensures \result == a;
 */
static uint64_t field_ipa(uint64_t a)
{
	const struct field *fl = &fields[8];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = a & SMMUV3_CMD1_IPA, v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.addr == a;
	return w;
}

/*@ requires x < 32;
    assigns \nothing;
    ensures \result == x * 4096;
 */
static uint64_t field_num(uint64_t x)
{
	const struct field *fl = &fields[9];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_NUM, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.num == x;
	return w;
}

/*@ requires x < 64;
    assigns \nothing;
    ensures \result == x * 1048576;
 */
static uint64_t field_scale(uint64_t x)
{
	const struct field *fl = &fields[10];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_SCALE, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.scale == x;
	return w;
}

/*@ requires x < 4;
    assigns \nothing;
    ensures \result == x * 256;
 */
static uint64_t field_ttl(uint64_t x)
{
	const struct field *fl = &fields[11];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TTL, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.ttl == x;
	return w;
}

/*@ requires x < 4;
    assigns \nothing;
    ensures \result == x * 1024;
 */
static uint64_t field_tg(uint64_t x)
{
	const struct field *fl = &fields[12];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TG, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.tg == x;
	return w;
}

/*@ assigns \nothing;
    ensures \result == (b ? 512 : 0);
 */
static uint64_t field_global(bool b)
{
	const struct field *fl = &fields[13];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = b ? SMMUV3_CMD0_ATC_GLOBAL : 0, v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.global == b;
	return w;
}

/*@ requires x < 64;
    assigns \nothing;
    ensures \result == x * 1;
 */
static uint64_t field_atc_size(uint64_t x)
{
	const struct field *fl = &fields[14];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_ATC_SIZE, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.size == x;
	return w;
}

/*@ requires x < 32;
    assigns \nothing;
    ensures \result == x * 1;
 */
static uint64_t field_pf_size(uint64_t x)
{
	const struct field *fl = &fields[15];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_PREFETCH_SIZE, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.size == x;
	return w;
}

/*@ requires x < 512;
    assigns \nothing;
    ensures \result == x * 1;
 */
static uint64_t field_grpid(uint64_t x)
{
	const struct field *fl = &fields[16];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_PRI_GRPID, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.grpid == x;
	return w;
}

/*@ requires x < 4;
    assigns \nothing;
    ensures \result == x * 4096;
 */
static uint64_t field_pri_resp(uint64_t x)
{
	const struct field *fl = &fields[17];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_PRI_RESP, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.resp == x;
	return w;
}

/*@ requires x < 4;
    assigns \nothing;
    ensures \result == x * 4096;
 */
static uint64_t field_resume_resp(uint64_t x)
{
	const struct field *fl = &fields[18];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_RESUME_RESP, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.resp == x;
	return w;
}

/*@ requires x < 65536;
    assigns \nothing;
    ensures \result == x * 1;
 */
static uint64_t field_stag(uint64_t x)
{
	const struct field *fl = &fields[19];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_RESUME_STAG, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.stag == x;
	return w;
}

/*@ requires x < 4;
    assigns \nothing;
    ensures \result == x * 4096;
 */
static uint64_t field_cs(uint64_t x)
{
	const struct field *fl = &fields[20];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_CS, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.cs == x;
	return w;
}

/*@ requires x < 4;
    assigns \nothing;
    ensures \result == x * 4194304;
 */
static uint64_t field_msh(uint64_t x)
{
	const struct field *fl = &fields[21];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSH, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.msh == x;
	return w;
}

/*@ requires x < 16;
    assigns \nothing;
    ensures \result == x * 16777216;
 */
static uint64_t field_msiattr(uint64_t x)
{
	const struct field *fl = &fields[22];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIATTR, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.msiattr == x;
	return w;
}

/*@ requires x < 4294967296;
    assigns \nothing;
    ensures \result == x * 4294967296;
 */
static uint64_t field_msidata(uint64_t x)
{
	const struct field *fl = &fields[23];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIDATA, x), v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.msidata == x;
	return w;
}

/*@ requires a % 4 == 0 && a < 4503599627370496;
    assigns \nothing;
    ensures \result == a;
 */
static uint64_t field_msiaddr(uint64_t a)
{
	const struct field *fl = &fields[24];
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = a & SMMUV3_CMD1_SYNC_MSIADDR, v;

	v = w & field_mask(fl);
	set(&d, fl->mem, fl->inplace ? v : v >> fl->lo);
	//@ assert d.addr == a;
	return w;
}

