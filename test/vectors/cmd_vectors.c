// SPDX-License-Identifier: BSD-2-Clause
/*
 * Hand-written expected encodings of every SMMUv3 command (IHI 0070 ch. 4).
 * Layout reminders used in the derivations (dw0 = bits [63:0], dw1 = bits
 * [127:64], so "dw1 bit n" is command bit 64 + n):
 *   dw0: op[7:0] Global[9] SSec[10] SSV[11] SSID[31:12] SID[63:32]
 *        TLBI: NUM[16:12] SCALE[25:20] VMID[47:32] ASID[63:48]
 *        RESUME: Ac[12] Ab[13]; SYNC: CS[13:12] MSH[23:22] MSIAttr[27:24]
 *        MSIData[63:32]
 *   dw1: Leaf[0] / Range[4:0] / ATC Size[5:0] / PREFETCH Size[4:0],
 *        TTL[9:8] TG[11:10] Address[63:12] (IPA [51:12]),
 *        PRI PRGIndex[8:0] Resp[13:12], RESUME STAG[15:0],
 *        SYNC MSIAddress[51:2]
 * No value here was produced by running src/.
 */
#include <string.h>

#include <smmuv3/idr.h>
#include <smmuv3/hw/regs.h>

#include "cmd_vectors.h"

void cmd_vectors_caps(enum vec_caps which, struct smmuv3_caps *c)
{
	const uint64_t most = SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2 |
			      SMMUV3_FEAT_HYP | SMMUV3_FEAT_ATS |
			      SMMUV3_FEAT_PRI | SMMUV3_FEAT_MSI |
			      SMMUV3_FEAT_RANGE_INV;

	memset(c, 0, sizeof(*c));
	c->sid_bits = 32;
	c->ssid_bits = 20;
	c->asid_bits = 16;
	c->vmid_bits = 16;
	c->oas_bits = 52;
	c->s2_ias_bits = 52;
	c->stall_model = SMMUV3_IDR0_STALL_MODEL_STALL;
	c->features = most;
	switch (which) {
	case VEC_CAPS_SMALL:
		c->sid_bits = 16;
		c->ssid_bits = 0;
		c->asid_bits = 8;
		c->vmid_bits = 8;
		c->oas_bits = 40;
		c->s2_ias_bits = 40;
		c->stall_model = SMMUV3_IDR0_STALL_MODEL_NONE;
		c->features = SMMUV3_FEAT_TRANS_S1 | SMMUV3_FEAT_TRANS_S2;
		break;
	case VEC_CAPS_S1ONLY:
		c->features = most & ~SMMUV3_FEAT_TRANS_S2;
		break;
	case VEC_CAPS_S2ONLY:
		c->features = most & ~SMMUV3_FEAT_TRANS_S1;
		break;
	case VEC_CAPS_DS:
		c->features = most | SMMUV3_FEAT_DS;
		break;
	default:
		break;
	}
}

#define OP(x) .opcode = SMMUV3_OP_##x

const struct cmd_vector cmd_vectors[] = {
	/* 4.2.1: op 0x01, nothing else. */
	{ "prefetch_config min", VEC_CAPS_NULL, { OP(PREFETCH_CONFIG) },
	  0x0000000000000001ull, 0 },
	/* SID 0xffffffff -> [63:32]; SSID 0xfffff -> [31:12] = 0xfffff000;
	 * SSV -> 0x800; op 0x01: low word 0xfffff801. */
	{ "prefetch_config max", VEC_CAPS_NULL,
	  { OP(PREFETCH_CONFIG), .sid = 0xffffffffu, .ssv = true,
	    .ssid = 0xfffffu },
	  0xfffffffffffff801ull, 0 },
	/* 4.2.2: op 0x02; all zero. */
	{ "prefetch_addr min", VEC_CAPS_NULL, { OP(PREFETCH_ADDR) },
	  0x0000000000000002ull, 0 },
	/* SID 0x12 -> 0x12 << 32; dw1 = Addr[63:12] | Size 31 (0x1f). */
	{ "prefetch_addr max", VEC_CAPS_NULL,
	  { OP(PREFETCH_ADDR), .sid = 0x12u, .addr = 0xfffffffffffff000ull,
	    .size = 31 },
	  0x0000001200000002ull, 0xfffffffffffff01full },
	/* 4.3.1: op 0x03, SID max, Leaf = dw1[0]. */
	{ "cfgi_ste max", VEC_CAPS_NULL,
	  { OP(CFGI_STE), .sid = 0xffffffffu, .leaf = true },
	  0xffffffff00000003ull, 0x1ull },
	{ "cfgi_ste min", VEC_CAPS_NULL, { OP(CFGI_STE) },
	  0x0000000000000003ull, 0 },
	/* 16-bit SIDs: SID 0xffff -> 0x0000ffff << 32. */
	{ "cfgi_ste small sid", VEC_CAPS_SMALL,
	  { OP(CFGI_STE), .sid = 0xffffu },
	  0x0000ffff00000003ull, 0 },
	/* 4.3.2: Range 7 = 2^8 StreamIDs; SID 0x100 is 256-aligned. */
	{ "cfgi_ste_range 256", VEC_CAPS_NULL,
	  { OP(CFGI_STE_RANGE), .sid = 0x100u, .range = 7 },
	  0x0000010000000004ull, 0x7ull },
	/* Range 0 = 2 StreamIDs: SID bit 0 must be 0; 0xfffffffe is. */
	{ "cfgi_ste_range 2", VEC_CAPS_NULL,
	  { OP(CFGI_STE_RANGE), .sid = 0xfffffffeu, .range = 0 },
	  0xfffffffe00000004ull, 0 },
	/* 4.3.6: CFGI_ALL = STE_RANGE with Range 31 (0x1f), SID 0. */
	{ "cfgi_all", VEC_CAPS_NULL,
	  { OP(CFGI_STE_RANGE), .range = 31 },
	  0x0000000000000004ull, 0x1full },
	/* 4.3.3: SSID [31:12] without SSV: 0xfffff000 | op 0x05. */
	{ "cfgi_cd max", VEC_CAPS_NULL,
	  { OP(CFGI_CD), .sid = 0xffffffffu, .ssid = 0xfffffu, .leaf = true },
	  0xfffffffffffff005ull, 0x1ull },
	{ "cfgi_cd min", VEC_CAPS_NULL, { OP(CFGI_CD), .sid = 1 },
	  0x0000000100000005ull, 0 },
	/* 4.3.4: op 0x06, SID 0xabcdef01 << 32. */
	{ "cfgi_cd_all", VEC_CAPS_NULL,
	  { OP(CFGI_CD_ALL), .sid = 0xabcdef01u },
	  0xabcdef0100000006ull, 0 },
	/* 4.4.2.1: VMID [47:32]: 0xffff << 32 = 0x0000ffff00000000. */
	{ "tlbi_nh_all max", VEC_CAPS_NULL,
	  { OP(TLBI_NH_ALL), .vmid = 0xffffu },
	  0x0000ffff00000010ull, 0 },
	{ "tlbi_nh_all min", VEC_CAPS_NULL, { OP(TLBI_NH_ALL) },
	  0x0000000000000010ull, 0 },
	/* 4.4.2.2: ASID [63:48] 0xffff and VMID [47:32] 0xffff. */
	{ "tlbi_nh_asid max", VEC_CAPS_NULL,
	  { OP(TLBI_NH_ASID), .vmid = 0xffffu, .asid = 0xffffu },
	  0xffffffff00000011ull, 0 },
	/* ASID 1 -> bit 48. */
	{ "tlbi_nh_asid 1", VEC_CAPS_NULL, { OP(TLBI_NH_ASID), .asid = 1 },
	  0x0001000000000011ull, 0 },
	/* 8-bit IDs: ASID 0xff -> 0x00ff << 48, VMID 0xff -> 0xff << 32. */
	{ "tlbi_nh_asid small", VEC_CAPS_SMALL,
	  { OP(TLBI_NH_ASID), .vmid = 0xffu, .asid = 0xffu },
	  0x00ff00ff00000011ull, 0 },
	/* 4.4.2.4: ASID 0xabcd [63:48], VMID 0x1234 [47:32]; dw1 = VA | Leaf. */
	{ "tlbi_nh_va", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .vmid = 0x1234u, .asid = 0xabcdu,
	    .addr = 0xfffffffffffff000ull, .leaf = true },
	  0xabcd123400000012ull, 0xfffffffffffff001ull },
	/* 4.4.1.1 range: NUM 31 -> 0x1f000, SCALE 31 -> 0x1f00000 (dw0);
	 * TTL 3 -> 0x300, TG 1 (4K) -> 0x400, Addr 0x1000 (dw1). */
	{ "tlbi_nh_va range max", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .addr = 0x1000u, .tg = 1, .ttl = 3, .num = 31,
	    .scale = 31 },
	  0x0000000001f1f012ull, 0x0000000000001700ull },
	/* TG 3 (64K) TTL 1: level-1 block of 64K is 2^42, Addr = 1 << 42;
	 * dw1 = 0x40000000000 | TG 0xc00 | TTL 0x100 | Leaf 1. */
	{ "tlbi_nh_va 64k ttl1", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .addr = 1ull << 42, .tg = 3, .ttl = 1,
	    .leaf = true },
	  0x0000000000000012ull, 0x0000040000000d01ull },
	/* TG 2 (16K) TTL 2: level-2 block 2^25 = 0x2000000; NUM 1 -> 0x1000;
	 * dw1 = 0x2000000 | TG 0x800 | TTL 0x200. */
	{ "tlbi_nh_va 16k ttl2", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .addr = 0x2000000u, .tg = 2, .ttl = 2, .num = 1 },
	  0x0000000000001012ull, 0x0000000002000a00ull },
	/* SCALE 1 alone (TTL 0, NUM 0) is a valid range: 0x100000. */
	{ "tlbi_nh_va scale1", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .tg = 1, .scale = 1 },
	  0x0000000000100012ull, 0x0000000000000400ull },
	/* IDR5.DS: SCALE 39 -> 39 << 20 = 0x2700000; 16K TTL 1 allowed,
	 * level-1 block 2^36, Addr 0; dw1 = TG 0x800 | TTL 0x100. */
	{ "tlbi_nh_va ds", VEC_CAPS_DS,
	  { OP(TLBI_NH_VA), .tg = 2, .ttl = 1, .scale = 39 },
	  0x0000000002700012ull, 0x0000000000000900ull },
	/* 4.4.2.3: no ASID; VMID 0xffff; a 48-bit VA. */
	{ "tlbi_nh_vaa", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VAA), .vmid = 0xffffu, .addr = 0x00007ffffffff000ull,
	    .leaf = true },
	  0x0000ffff00000013ull, 0x00007ffffffff001ull },
	/* 4.4.2.7-10 */
	{ "tlbi_el2_all", VEC_CAPS_NULL, { OP(TLBI_EL2_ALL) },
	  0x0000000000000020ull, 0 },
	{ "tlbi_el2_asid", VEC_CAPS_NULL,
	  { OP(TLBI_EL2_ASID), .asid = 0xffffu },
	  0xffff000000000021ull, 0 },
	/* ASID 0x8000 -> bit 63; NUM 2 -> 0x2000; 64K TTL 3 needs 64K
	 * alignment only; dw1 = bit 63 | TG 0xc00 | TTL 0x300. */
	{ "tlbi_el2_va", VEC_CAPS_NULL,
	  { OP(TLBI_EL2_VA), .asid = 0x8000u, .addr = 0x8000000000000000ull,
	    .tg = 3, .ttl = 3, .num = 2 },
	  0x8000000000002022ull, 0x8000000000000f00ull },
	{ "tlbi_el2_vaa", VEC_CAPS_NULL,
	  { OP(TLBI_EL2_VAA), .addr = 0x1000u, .leaf = true },
	  0x0000000000000023ull, 0x0000000000001001ull },
	/* 4.4.3.2 */
	{ "tlbi_s12_vmall", VEC_CAPS_NULL,
	  { OP(TLBI_S12_VMALL), .vmid = 0xffffu },
	  0x0000ffff00000028ull, 0 },
	/* 4.4.3.1: IPA [51:12] max = 0x000ffffffffff000; VMID 1 -> 1 << 32. */
	{ "tlbi_s2_ipa max", VEC_CAPS_NULL,
	  { OP(TLBI_S2_IPA), .vmid = 1, .addr = 0x000ffffffffff000ull,
	    .leaf = true },
	  0x000000010000002aull, 0x000ffffffffff001ull },
	/* 4K TTL 1: 1 GB block, Addr 0x40000000; TG 0x400 | TTL 0x100. */
	{ "tlbi_s2_ipa 4k ttl1", VEC_CAPS_NULL,
	  { OP(TLBI_S2_IPA), .addr = 0x40000000u, .tg = 1, .ttl = 1 },
	  0x000000000000002aull, 0x0000000040000500ull },
	/* 40-bit IPA: top page 0xfffffff000. */
	{ "tlbi_s2_ipa small", VEC_CAPS_SMALL,
	  { OP(TLBI_S2_IPA), .vmid = 0xffu, .addr = 0xfffffff000ull },
	  0x000000ff0000002aull, 0x000000fffffff000ull },
	/* 4.4.4.1 */
	{ "tlbi_nsnh_all", VEC_CAPS_NULL, { OP(TLBI_NSNH_ALL) },
	  0x0000000000000030ull, 0 },
	/* 4.5.1: SID 0x10 << 32; SSID 1 -> 0x1000; SSV 0x800; G 0x200;
	 * op 0x40: low word 0x1a40; Size 52 = 0x34 (invalidate all). */
	{ "atc_inv all", VEC_CAPS_NULL,
	  { OP(ATC_INV), .sid = 0x10u, .ssv = true, .ssid = 1, .global = true,
	    .size = 52 },
	  0x0000001000001a40ull, 0x0000000000000034ull },
	{ "atc_inv one page top", VEC_CAPS_NULL,
	  { OP(ATC_INV), .addr = 0xfffffffffffff000ull },
	  0x0000000000000040ull, 0xfffffffffffff000ull },
	/* Size 9: span 4K * 2^9 = 2 MB; Addr 0x200000 aligned; dw1 = | 9. */
	{ "atc_inv 2m", VEC_CAPS_NULL,
	  { OP(ATC_INV), .sid = 0xffffffffu, .addr = 0x200000u, .size = 9 },
	  0xffffffff00000040ull, 0x0000000000200009ull },
	/* 4.5.2: SID 5; SSID 0xfffff; SSV; op 0x41 -> 0x00000005fffff841;
	 * dw1 = PRGIndex 0x1ff | Resp 2 << 12 (0x2000). */
	{ "pri_resp max", VEC_CAPS_NULL,
	  { OP(PRI_RESP), .sid = 5, .ssv = true, .ssid = 0xfffffu,
	    .grpid = 0x1ffu, .resp = SMMUV3_PRI_RESP_SUCCESS },
	  0x00000005fffff841ull, 0x00000000000021ffull },
	{ "pri_resp failure", VEC_CAPS_NULL, { OP(PRI_RESP) },
	  0x0000000000000041ull, 0 },
	{ "pri_resp invalid", VEC_CAPS_NULL,
	  { OP(PRI_RESP), .grpid = 1, .resp = SMMUV3_PRI_RESP_INVALID },
	  0x0000000000000041ull, 0x0000000000001001ull },
	/* 4.7.1: Ac (retry) = bit 12; STAG 0xffff in dw1[15:0]. */
	{ "resume retry", VEC_CAPS_NULL,
	  { OP(RESUME), .sid = 0xffffffffu, .resp = SMMUV3_RESUME_RETRY,
	    .stag = 0xffffu },
	  0xffffffff00001044ull, 0x000000000000ffffull },
	/* Ab (abort) = bit 13. */
	{ "resume abort", VEC_CAPS_NULL,
	  { OP(RESUME), .resp = SMMUV3_RESUME_ABORT },
	  0x0000000000002044ull, 0 },
	{ "resume terminate", VEC_CAPS_NULL,
	  { OP(RESUME), .resp = SMMUV3_RESUME_TERMINATE },
	  0x0000000000000044ull, 0 },
	/* 4.7.2 */
	{ "stall_term", VEC_CAPS_NULL, { OP(STALL_TERM), .sid = 7 },
	  0x0000000700000045ull, 0 },
	/* 4.7.3: CS 0 none; CS 2 SEV -> 0x2000. */
	{ "sync none", VEC_CAPS_NULL, { OP(CMD_SYNC) },
	  0x0000000000000046ull, 0 },
	{ "sync sev", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_SEV },
	  0x0000000000002046ull, 0 },
	/* CS 1 -> 0x1000; MSH 3 -> 0xc00000; MSIAttr 0xf -> 0xf000000;
	 * MSIData 0; MSIAddress 0x80000010 in dw1[51:2] as is. */
	{ "sync msi wb", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msh = 3,
	    .msiattr = 0xf, .addr = 0x80000010u },
	  0x000000000fc01046ull, 0x0000000080000010ull },
	/* MSIAttr 1 (Device-nGnRE) -> 0x1000000; MSIData max [63:32];
	 * MSIAddress max 0x000ffffffffffffc. */
	{ "sync msi max", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msiattr = 1,
	    .msidata = 0xffffffffu, .addr = 0x000ffffffffffffcull },
	  0xffffffff01001046ull, 0x000ffffffffffffcull },
	/* CS IRQ with no MSI (wired interrupt only). */
	{ "sync irq wired", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ },
	  0x0000000000001046ull, 0 },
	/* MSH 2 -> 0x800000; MSIAttr 5 (oNC iNC) -> 0x5000000. */
	{ "sync msi nc osh", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msh = 2, .msiattr = 5,
	    .addr = 0x1000u },
	  0x0000000005801046ull, 0x0000000000001000ull },
};
const size_t cmd_vectors_count = sizeof(cmd_vectors) / sizeof(cmd_vectors[0]);

const struct cmd_refusal cmd_refusals[] = {
	/* 4.1.1 Reserved opcodes and ones the NS library does not issue. */
	{ "opcode 0", VEC_CAPS_NULL, { .opcode = 0x00 }, SMMUV3_EINVAL },
	{ "cfgi_vms_pidm", VEC_CAPS_NULL, { .opcode = 0x07 }, SMMUV3_EINVAL },
	{ "impdef 0x80", VEC_CAPS_NULL, { .opcode = 0x80 }, SMMUV3_EINVAL },
	/* Fields a command does not have. */
	{ "cfgi_ste asid", VEC_CAPS_NULL, { OP(CFGI_STE), .asid = 1 },
	  SMMUV3_EINVAL },
	{ "nh_all addr", VEC_CAPS_NULL, { OP(TLBI_NH_ALL), .addr = 0x1000 },
	  SMMUV3_EINVAL },
	{ "sync sid", VEC_CAPS_NULL, { OP(CMD_SYNC), .sid = 1 },
	  SMMUV3_EINVAL },
	{ "nh_asid leaf", VEC_CAPS_NULL, { OP(TLBI_NH_ASID), .leaf = true },
	  SMMUV3_EINVAL },
	{ "cfgi_cd ssv", VEC_CAPS_NULL, { OP(CFGI_CD), .ssv = true },
	  SMMUV3_EINVAL },
	{ "stall_term stag", VEC_CAPS_NULL, { OP(STALL_TERM), .stag = 1 },
	  SMMUV3_EINVAL },
	/* 4.1.6: SSec == 1 on the Non-secure queue is ILLEGAL. */
	{ "ssec", VEC_CAPS_NULL, { OP(CFGI_STE), .ssec = true },
	  SMMUV3_EINVAL },
	/* SubstreamID without SSV. */
	{ "ssid without ssv", VEC_CAPS_NULL,
	  { OP(PREFETCH_CONFIG), .ssid = 1 }, SMMUV3_EINVAL },
	/* SSID is 20 bits. */
	{ "ssid 21 bits", VEC_CAPS_NULL,
	  { OP(CFGI_CD), .ssid = 0x100000u }, SMMUV3_ERANGE },
	/* 4.3.2: Range is 5 bits; SID must be aligned to 2^(Range+1). */
	{ "range 32", VEC_CAPS_NULL, { OP(CFGI_STE_RANGE), .range = 32 },
	  SMMUV3_ERANGE },
	{ "range misaligned", VEC_CAPS_NULL,
	  { OP(CFGI_STE_RANGE), .sid = 0x180u, .range = 7 }, SMMUV3_EINVAL },
	{ "cfgi_all sid", VEC_CAPS_NULL,
	  { OP(CFGI_STE_RANGE), .sid = 1, .range = 31 }, SMMUV3_EINVAL },
	/* 4.1.6: Address[11:0] are not encodable. */
	{ "va low bits", VEC_CAPS_NULL, { OP(TLBI_NH_VA), .addr = 0x1800 },
	  SMMUV3_EINVAL },
	/* 4.4.1.1: TG != 0 with NUM = SCALE = TTL = 0 is Reserved. */
	{ "ril tg only", VEC_CAPS_NULL, { OP(TLBI_NH_VA), .tg = 1 },
	  SMMUV3_EINVAL },
	{ "ril ttl without tg", VEC_CAPS_NULL, { OP(TLBI_NH_VA), .ttl = 1 },
	  SMMUV3_EINVAL },
	{ "ril num without tg", VEC_CAPS_NULL, { OP(TLBI_S2_IPA), .num = 1 },
	  SMMUV3_EINVAL },
	/* 16K TTL 1 is Reserved unless IDR5.DS. */
	{ "16k ttl1 no ds", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .tg = 2, .ttl = 1 }, SMMUV3_EINVAL },
	/* 16K granule: Address[13:12] must be 0. */
	{ "16k misaligned", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .tg = 2, .ttl = 3, .addr = 0x1000 },
	  SMMUV3_EINVAL },
	/* 4K TTL 2: 2 MB block, Address[20:12] must be 0. */
	{ "4k ttl2 misaligned", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .tg = 1, .ttl = 2, .addr = 0x1000 },
	  SMMUV3_EINVAL },
	{ "tg 4", VEC_CAPS_NULL, { OP(TLBI_NH_VA), .tg = 4, .num = 1 },
	  SMMUV3_ERANGE },
	{ "num 32", VEC_CAPS_NULL, { OP(TLBI_NH_VA), .tg = 1, .num = 32 },
	  SMMUV3_ERANGE },
	{ "scale 32 no ds", VEC_CAPS_NULL,
	  { OP(TLBI_NH_VA), .tg = 1, .scale = 32 }, SMMUV3_ERANGE },
	{ "scale 40 ds", VEC_CAPS_DS, { OP(TLBI_NH_VA), .tg = 1, .scale = 40 },
	  SMMUV3_ERANGE },
	/* 52-bit IPA field. */
	{ "ipa 2^52", VEC_CAPS_NULL, { OP(TLBI_S2_IPA), .addr = 1ull << 52 },
	  SMMUV3_ERANGE },
	/* 4.5.1: Size <= 52, Address aligned to the span. */
	{ "atc size 53", VEC_CAPS_NULL, { OP(ATC_INV), .size = 53 },
	  SMMUV3_ERANGE },
	{ "atc misaligned", VEC_CAPS_NULL,
	  { OP(ATC_INV), .size = 1, .addr = 0x1000 }, SMMUV3_EINVAL },
	{ "atc all with addr", VEC_CAPS_NULL,
	  { OP(ATC_INV), .size = 52, .addr = 0x1000 }, SMMUV3_EINVAL },
	/* 4.5.1: Global is IGNORED when SSV == 0 (it only widens an SSV
	 * invalidation to all SubstreamIDs): asking for it is a mistake. */
	{ "atc global without ssv", VEC_CAPS_NULL,
	  { OP(ATC_INV), .global = true, .size = 52 }, SMMUV3_EINVAL },
	{ "prefetch size 32", VEC_CAPS_NULL,
	  { OP(PREFETCH_ADDR), .size = 32 }, SMMUV3_ERANGE },
	/* 4.5.2: Resp 3 ILLEGAL; PRGIndex 9 bits. */
	{ "pri resp 3", VEC_CAPS_NULL, { OP(PRI_RESP), .resp = 3 },
	  SMMUV3_EINVAL },
	{ "pri resp 4", VEC_CAPS_NULL, { OP(PRI_RESP), .resp = 4 },
	  SMMUV3_ERANGE },
	{ "pri grpid 512", VEC_CAPS_NULL, { OP(PRI_RESP), .grpid = 0x200 },
	  SMMUV3_ERANGE },
	{ "resume resp 4", VEC_CAPS_NULL, { OP(RESUME), .resp = 4 },
	  SMMUV3_ERANGE },
	/* 4.7.1: Ab is IGNORED with Ac = retry: refused (library choice). */
	{ "resume retry+abort", VEC_CAPS_NULL, { OP(RESUME), .resp = 3 },
	  SMMUV3_EINVAL },
	/* 4.7.3: CS 3 Reserved; MSI fields only with CS = SIG_IRQ; MSH 1
	 * Reserved; MemAttr 0b0100/0b1000/0b1100 Reserved. */
	{ "sync cs 3", VEC_CAPS_NULL, { OP(CMD_SYNC), .cs = 3 },
	  SMMUV3_EINVAL },
	{ "sync cs 4", VEC_CAPS_NULL, { OP(CMD_SYNC), .cs = 4 },
	  SMMUV3_ERANGE },
	{ "sync none msidata", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .msidata = 1 }, SMMUV3_EINVAL },
	{ "sync sev msiaddr", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_SEV, .addr = 0x1000 },
	  SMMUV3_EINVAL },
	{ "sync msh 1", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msh = 1 },
	  SMMUV3_EINVAL },
	{ "sync attr 4", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msiattr = 4 },
	  SMMUV3_EINVAL },
	{ "sync attr 8", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msiattr = 8 },
	  SMMUV3_EINVAL },
	{ "sync attr c", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .msiattr = 0xc },
	  SMMUV3_EINVAL },
	{ "sync addr unaligned", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .addr = 0x1002 },
	  SMMUV3_EINVAL },
	{ "sync addr 2^52", VEC_CAPS_NULL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .addr = 1ull << 52 },
	  SMMUV3_ERANGE },
	/* Probed widths (SMALL: 8-bit ASID/VMID, 16-bit SID, no SSID). */
	{ "small asid", VEC_CAPS_SMALL, { OP(TLBI_NH_ASID), .asid = 0x100 },
	  SMMUV3_ERANGE },
	{ "small vmid", VEC_CAPS_SMALL, { OP(TLBI_S12_VMALL), .vmid = 0x100 },
	  SMMUV3_ERANGE },
	{ "small sid", VEC_CAPS_SMALL, { OP(CFGI_STE), .sid = 0x10000 },
	  SMMUV3_ERANGE },
	{ "small ssid", VEC_CAPS_SMALL, { OP(CFGI_CD), .ssid = 1 },
	  SMMUV3_ERANGE },
	{ "small ssv", VEC_CAPS_SMALL, { OP(PREFETCH_CONFIG), .ssv = true },
	  SMMUV3_EOPNOTSUPP },
	{ "small ipa", VEC_CAPS_SMALL, { OP(TLBI_S2_IPA), .addr = 1ull << 40 },
	  SMMUV3_ERANGE },
	{ "small msi pa", VEC_CAPS_SMALL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .addr = 1ull << 40 },
	  SMMUV3_ERANGE },
	/* Features (CERROR_ILL without them). */
	{ "no hyp", VEC_CAPS_SMALL, { OP(TLBI_EL2_ALL) }, SMMUV3_EOPNOTSUPP },
	{ "no ats", VEC_CAPS_SMALL, { OP(ATC_INV) }, SMMUV3_EOPNOTSUPP },
	{ "no pri", VEC_CAPS_SMALL, { OP(PRI_RESP) }, SMMUV3_EOPNOTSUPP },
	{ "no stall resume", VEC_CAPS_SMALL, { OP(RESUME) },
	  SMMUV3_EOPNOTSUPP },
	{ "no stall term", VEC_CAPS_SMALL, { OP(STALL_TERM) },
	  SMMUV3_EOPNOTSUPP },
	{ "no ril", VEC_CAPS_SMALL, { OP(TLBI_NH_VA), .tg = 1, .num = 1 },
	  SMMUV3_EOPNOTSUPP },
	{ "no msi", VEC_CAPS_SMALL,
	  { OP(CMD_SYNC), .cs = SMMUV3_SYNC_CS_IRQ, .addr = 0x1000 },
	  SMMUV3_EOPNOTSUPP },
	{ "s1only s12_vmall", VEC_CAPS_S1ONLY, { OP(TLBI_S12_VMALL) },
	  SMMUV3_EOPNOTSUPP },
	{ "s1only s2_ipa", VEC_CAPS_S1ONLY, { OP(TLBI_S2_IPA) },
	  SMMUV3_EOPNOTSUPP },
	{ "s1only nh vmid", VEC_CAPS_S1ONLY, { OP(TLBI_NH_ALL), .vmid = 1 },
	  SMMUV3_EOPNOTSUPP },
	{ "s2only cfgi_cd", VEC_CAPS_S2ONLY, { OP(CFGI_CD) },
	  SMMUV3_EOPNOTSUPP },
	{ "s2only cfgi_cd_all", VEC_CAPS_S2ONLY, { OP(CFGI_CD_ALL) },
	  SMMUV3_EOPNOTSUPP },
	{ "s2only nh_all", VEC_CAPS_S2ONLY, { OP(TLBI_NH_ALL) },
	  SMMUV3_EOPNOTSUPP },
};
const size_t cmd_refusals_count =
	sizeof(cmd_refusals) / sizeof(cmd_refusals[0]);

const struct cmd_bad_words cmd_bad_words[] = {
	/* 4.1.1 Reserved / not-NS opcodes. */
	{ "op 0x00", 0x00, 0, SMMUV3_EBADMSG },
	{ "op 0x07 vms_pidm", 0x07, 0, SMMUV3_EBADMSG },
	{ "op 0x18 tlbi_el3_all", 0x18, 0, SMMUV3_EBADMSG },
	{ "op 0x60 tlbi_snh_all", 0x60, 0, SMMUV3_EBADMSG },
	{ "op 0x80 impdef", 0x80, 0, SMMUV3_EBADMSG },
	{ "op 0xff", 0xff, 0, SMMUV3_EBADMSG },
	/* 4.1.5 RES0 bits: SSec (bit 10) on CFGI_STE; dw1 bit 1 of CFGI_STE;
	 * TTL128 (dw1 bit 7) on NH_VA; IPA bit 52; CMD_SYNC dw0 bit 14. */
	{ "cfgi_ste ssec", 0x403, 0, SMMUV3_EBADMSG },
	{ "cfgi_ste dw1 bit1", 0x03, 0x2, SMMUV3_EBADMSG },
	{ "nh_va ttl128", 0x12, 0x80, SMMUV3_EBADMSG },
	{ "s2_ipa bit 52", 0x2a, 0x0010000000000000ull, SMMUV3_EBADMSG },
	{ "sync bit 14", 0x4046, 0, SMMUV3_EBADMSG },
	{ "nh_all asid", 0x0001000000000010ull, 0, SMMUV3_EBADMSG },
	/* Well-formed bits, invalid values. */
	{ "nh_va tg only", 0x12, 0x400, SMMUV3_EINVAL },
	{ "sync cs 3", 0x3046, 0, SMMUV3_EINVAL },
	/* 4.4.1.1: SCALE bit 5 (dw0 bit 25) exists only with IDR5.DS; for
	 * caps == NULL (no DS) it is RES0. */
	{ "nh_va scale bit 25 no ds", 0x0000000002000012ull, 0x400,
	  SMMUV3_EBADMSG },
	/* ATC_INV with G (bit 9) but SSV clear, Size 52: 4.5.1 G ignored. */
	{ "atc_inv g without ssv", 0x240, 0x34, SMMUV3_EINVAL },
	{ "pri resp 3", 0x41, 0x3000, SMMUV3_EINVAL },
	/* RESUME Ac (bit 12) and Ab (bit 13) both set. */
	{ "resume ac+ab", 0x3044, 0, SMMUV3_EINVAL },
};
const size_t cmd_bad_words_count =
	sizeof(cmd_bad_words) / sizeof(cmd_bad_words[0]);

const struct cmd_format_vector cmd_format_vectors[] = {
	{ 0x0000000500000003ull, 0x1, "CMD_CFGI_STE sid=0x5 leaf=1", 0 },
	{ 0x2046, 0, "CMD_SYNC cs=sev", 0 },
	{ 0x000000000fc01046ull, 0x80000010ull,
	  "CMD_SYNC cs=irq msh=3 msiattr=0xf msidata=0x0 msiaddr=0x80000010",
	  0 },
	{ 0x0002000100000012ull, 0x3001,
	  "CMD_TLBI_NH_VA vmid=0x1 asid=0x2 addr=0x3000 leaf=1 tg=0 ttl=0 "
	  "num=0 scale=0",
	  0 },
	{ 0, 0, "UNKNOWN op=0x0 dw0=0x0 dw1=0x0", SMMUV3_EBADMSG },
	{ 0x1234567890abcd99ull, 0x1,
	  "UNKNOWN op=0x99 dw0=0x1234567890abcd99 dw1=0x1", SMMUV3_EBADMSG },
	{ 0x403, 0x2, "CMD_CFGI_STE sid=0x0 leaf=0 res0=0x400,0x2",
	  SMMUV3_EBADMSG },
	{ 0x0000001000001a40ull, 0x34,
	  "CMD_ATC_INV sid=0x10 ssv=1 ssid=0x1 addr=0x0 g=1 size=52", 0 },
	{ 0x00000005fffff841ull, 0x21ff,
	  "CMD_PRI_RESP sid=0x5 ssv=1 ssid=0xfffff grpid=0x1ff resp=2", 0 },
	{ 0x12, 0x400,
	  "CMD_TLBI_NH_VA vmid=0x0 asid=0x0 addr=0x0 leaf=0 tg=1 ttl=0 "
	  "num=0 scale=0",
	  SMMUV3_EINVAL },
};
const size_t cmd_format_vectors_count =
	sizeof(cmd_format_vectors) / sizeof(cmd_format_vectors[0]);
