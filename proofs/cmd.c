/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proof build of the command field packing (src/cmd.c). The shipped file is
 * included unchanged. For each entry of its field table, a function below
 * runs build()'s placement of a value (the SMMUV3_FIELD_PREP of the mask
 * build() uses, or its masking of an address, or its setting of a flag
 * bit) and then extract()'s reading of it (the table entry's field_mask()
 * and shift, set() into a descriptor); WP proves, for every value of the
 * field's width, where exactly the value was placed and that the
 * descriptor gets it back (one assertion per entry).
 * docs/proofs.md, "Command field packing", says what this covers.
 * The field functions are generated (one per table entry, same shape).
 */
#include "cmd_bits.h"
#include "../src/cmd.c"

/*
 * set() stores @v, converted to the member's type, into member @m. One
 * postcondition, the conjunction over the members: WP splits each goal of
 * set() by the cases of its switch, so one clause per member would make 21
 * goals per case.
 */
/*@ requires \valid(d) && m <= M_MSIDATA;
    assigns *d;
    ensures
      (m == M_SID ==> d->sid == (uint32_t)v) &&
      (m == M_SSV ==> d->ssv == (v != 0 ? 1 : 0)) &&
      (m == M_SSID ==> d->ssid == (uint32_t)v) &&
      (m == M_LEAF ==> d->leaf == (v != 0 ? 1 : 0)) &&
      (m == M_RANGE ==> d->range == (uint8_t)v) &&
      (m == M_VMID ==> d->vmid == (uint16_t)v) &&
      (m == M_ASID ==> d->asid == (uint16_t)v) &&
      (m == M_ADDR ==> d->addr == v) &&
      (m == M_TG ==> d->tg == (uint8_t)v) &&
      (m == M_TTL ==> d->ttl == (uint8_t)v) &&
      (m == M_NUM ==> d->num == (uint8_t)v) &&
      (m == M_SCALE ==> d->scale == (uint8_t)v) &&
      (m == M_GLOBAL ==> d->global == (v != 0 ? 1 : 0)) &&
      (m == M_SIZE ==> d->size == (uint8_t)v) &&
      (m == M_GRPID ==> d->grpid == (uint16_t)v) &&
      (m == M_RESP ==> d->resp == (uint8_t)v) &&
      (m == M_STAG ==> d->stag == (uint16_t)v) &&
      (m == M_CS ==> d->cs == (uint8_t)v) &&
      (m == M_MSH ==> d->msh == (uint8_t)v) &&
      (m == M_MSIATTR ==> d->msiattr == (uint8_t)v) &&
      (m == M_MSIDATA ==> d->msidata == (uint32_t)v);
 */
static NOINLINE void set(struct smmuv3_cmd_desc *d, unsigned int m,
			 uint64_t v);

/*@ requires x < 4294967296; */
static void field_sid(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, x), v;

	v = w & field_mask(&fields[0]);
	set(&d, fields[0].mem, fields[0].inplace ? v : v >> fields[0].lo);
	//@ assert w_sid: w == x * 4294967296 && d.sid == x;
}

static void field_ssv(bool b)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = b ? SMMUV3_CMD0_SSV : 0, v;

	v = w & field_mask(&fields[1]);
	set(&d, fields[1].mem, fields[1].inplace ? v : v >> fields[1].lo);
	//@ assert w_ssv: w == (b ? 2048 : 0) && d.ssv == b;
}

/*@ requires x < 1048576; */
static void field_ssid(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SSID, x), v;

	v = w & field_mask(&fields[2]);
	set(&d, fields[2].mem, fields[2].inplace ? v : v >> fields[2].lo);
	//@ assert w_ssid: w == x * 4096 && d.ssid == x;
}

static void field_leaf(bool b)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = b ? SMMUV3_CMD1_LEAF : 0, v;

	v = w & field_mask(&fields[3]);
	set(&d, fields[3].mem, fields[3].inplace ? v : v >> fields[3].lo);
	//@ assert w_leaf: w == (b ? 1 : 0) && d.leaf == b;
}

/*@ requires x < 32; */
static void field_range(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_CFGI_RANGE, x), v;

	v = w & field_mask(&fields[4]);
	set(&d, fields[4].mem, fields[4].inplace ? v : v >> fields[4].lo);
	//@ assert w_range: w == x * 1 && d.range == x;
}

/*@ requires x < 65536; */
static void field_vmid(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_VMID, x), v;

	v = w & field_mask(&fields[5]);
	set(&d, fields[5].mem, fields[5].inplace ? v : v >> fields[5].lo);
	//@ assert w_vmid: w == x * 4294967296 && d.vmid == x;
}

/*@ requires x < 65536; */
static void field_asid(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_ASID, x), v;

	v = w & field_mask(&fields[6]);
	set(&d, fields[6].mem, fields[6].inplace ? v : v >> fields[6].lo);
	//@ assert w_asid: w == x * 281474976710656 && d.asid == x;
}

/*@ requires a % 4096 == 0 && a < 18446744073709551616; */
static void field_va(uint64_t a)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = a & SMMUV3_CMD1_VA, v;

	v = w & field_mask(&fields[7]);
	set(&d, fields[7].mem, fields[7].inplace ? v : v >> fields[7].lo);
	//@ assert w_va: w == a && d.addr == a;
}

/*@ requires a % 4096 == 0 && a < 4503599627370496; */
static void field_ipa(uint64_t a)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = a & SMMUV3_CMD1_IPA, v;

	v = w & field_mask(&fields[8]);
	set(&d, fields[8].mem, fields[8].inplace ? v : v >> fields[8].lo);
	//@ assert w_ipa: w == a && d.addr == a;
}

/*@ requires x < 32; */
static void field_num(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_NUM, x), v;

	v = w & field_mask(&fields[9]);
	set(&d, fields[9].mem, fields[9].inplace ? v : v >> fields[9].lo);
	//@ assert w_num: w == x * 4096 && d.num == x;
}

/*@ requires x < 64; */
static void field_scale(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_TLBI_SCALE, x), v;

	v = w & field_mask(&fields[10]);
	set(&d, fields[10].mem, fields[10].inplace ? v : v >> fields[10].lo);
	//@ assert w_scale: w == x * 1048576 && d.scale == x;
}

/*@ requires x < 4; */
static void field_ttl(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TTL, x), v;

	v = w & field_mask(&fields[11]);
	set(&d, fields[11].mem, fields[11].inplace ? v : v >> fields[11].lo);
	//@ assert w_ttl: w == x * 256 && d.ttl == x;
}

/*@ requires x < 4; */
static void field_tg(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_TLBI_TG, x), v;

	v = w & field_mask(&fields[12]);
	set(&d, fields[12].mem, fields[12].inplace ? v : v >> fields[12].lo);
	//@ assert w_tg: w == x * 1024 && d.tg == x;
}

static void field_global(bool b)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = b ? SMMUV3_CMD0_ATC_GLOBAL : 0, v;

	v = w & field_mask(&fields[13]);
	set(&d, fields[13].mem, fields[13].inplace ? v : v >> fields[13].lo);
	//@ assert w_global: w == (b ? 512 : 0) && d.global == b;
}

/*@ requires x < 64; */
static void field_atc_size(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_ATC_SIZE, x), v;

	v = w & field_mask(&fields[14]);
	set(&d, fields[14].mem, fields[14].inplace ? v : v >> fields[14].lo);
	//@ assert w_atc_size: w == x * 1 && d.size == x;
}

/*@ requires x < 32; */
static void field_pf_size(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_PREFETCH_SIZE, x), v;

	v = w & field_mask(&fields[15]);
	set(&d, fields[15].mem, fields[15].inplace ? v : v >> fields[15].lo);
	//@ assert w_pf_size: w == x * 1 && d.size == x;
}

/*@ requires x < 512; */
static void field_grpid(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_PRI_GRPID, x), v;

	v = w & field_mask(&fields[16]);
	set(&d, fields[16].mem, fields[16].inplace ? v : v >> fields[16].lo);
	//@ assert w_grpid: w == x * 1 && d.grpid == x;
}

/*@ requires x < 4; */
static void field_pri_resp(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_PRI_RESP, x), v;

	v = w & field_mask(&fields[17]);
	set(&d, fields[17].mem, fields[17].inplace ? v : v >> fields[17].lo);
	//@ assert w_pri_resp: w == x * 4096 && d.resp == x;
}

/*@ requires x < 4; */
static void field_resume_resp(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_RESUME_RESP, x), v;

	v = w & field_mask(&fields[18]);
	set(&d, fields[18].mem, fields[18].inplace ? v : v >> fields[18].lo);
	//@ assert w_resume_resp: w == x * 4096 && d.resp == x;
}

/*@ requires x < 65536; */
static void field_stag(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD1_RESUME_STAG, x), v;

	v = w & field_mask(&fields[19]);
	set(&d, fields[19].mem, fields[19].inplace ? v : v >> fields[19].lo);
	//@ assert w_stag: w == x * 1 && d.stag == x;
}

/*@ requires x < 4; */
static void field_cs(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_CS, x), v;

	v = w & field_mask(&fields[20]);
	set(&d, fields[20].mem, fields[20].inplace ? v : v >> fields[20].lo);
	//@ assert w_cs: w == x * 4096 && d.cs == x;
}

/*@ requires x < 4; */
static void field_msh(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSH, x), v;

	v = w & field_mask(&fields[21]);
	set(&d, fields[21].mem, fields[21].inplace ? v : v >> fields[21].lo);
	//@ assert w_msh: w == x * 4194304 && d.msh == x;
}

/*@ requires x < 16; */
static void field_msiattr(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIATTR, x), v;

	v = w & field_mask(&fields[22]);
	set(&d, fields[22].mem, fields[22].inplace ? v : v >> fields[22].lo);
	//@ assert w_msiattr: w == x * 16777216 && d.msiattr == x;
}

/*@ requires x < 4294967296; */
static void field_msidata(uint64_t x)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIDATA, x), v;

	v = w & field_mask(&fields[23]);
	set(&d, fields[23].mem, fields[23].inplace ? v : v >> fields[23].lo);
	//@ assert w_msidata: w == x * 4294967296 && d.msidata == x;
}

/*@ requires a % 4 == 0 && a < 4503599627370496; */
static void field_msiaddr(uint64_t a)
{
	struct smmuv3_cmd_desc d = { 0 };
	uint64_t w = a & SMMUV3_CMD1_SYNC_MSIADDR, v;

	v = w & field_mask(&fields[24]);
	set(&d, fields[24].mem, fields[24].inplace ? v : v >> fields[24].lo);
	//@ assert w_msiaddr: w == a && d.addr == a;
}
