// SPDX-License-Identifier: BSD-2-Clause
/*
 * Hand-derived descriptor and TCR/VTCR vectors (see lpae_vectors.h).
 *
 * Bit positions used below (Arm ARM D8.3 / D8.5, VMSAv8-64):
 *   [1:0] type: 0b11 page (L3) or table, 0b01 block.
 *   stage 1: AttrIndx [4:2], AP[1] (EL0) bit 6 = 0x40, AP[2] (RO) bit 7 =
 *   0x80, SH [9:8] (ISH 0x300, OSH 0x200), AF bit 10 = 0x400, nG bit 11 =
 *   0x800, DBM bit 51 = 0x0008000000000000, PXN bit 53, UXN bit 54 (both:
 *   0x0060000000000000).
 *   stage 2: MemAttr [5:2] (WB 0xF -> 0x3C, NC 0x5 -> 0x14, Device-nGnRE
 *   0x1 -> 0x04, FWB WB 0x6 -> 0x18), S2AP R bit 6 = 0x40, W bit 7 = 0x80,
 *   SH, AF as stage 1, XN[1] bit 54 = 0x0040000000000000.
 *   OA [47:12]; 64 KB granule with 52-bit OA: OA[51:48] in bits [15:12].
 * Library conventions these rows rely on (documented in pgtable.h): MAIR
 * index 0 NC, 1 WB, 2 Device; nG always set at stage 1; AF always set;
 * default SH inner for cached memory, outer otherwise.
 */
#include "lpae_vectors.h"

#include <smmuv3/pgtable.h>

#define R SMMUV3_PROT_READ
#define W SMMUV3_PROT_WRITE
#define XN SMMUV3_PROT_NOEXEC
#define PRIV SMMUV3_PROT_PRIV
#define WB SMMUV3_PROT_MEM_CACHED
#define DEV SMMUV3_PROT_MEM_DEVICE
#define NC SMMUV3_PROT_MEM_NC
#define G4 SMMUV3_GRANULE_4K
#define G16 SMMUV3_GRANULE_16K
#define G64 SMMUV3_GRANULE_64K
#define K4 0x1000ull
#define K16 0x4000ull
#define K64 0x10000ull
#define M2 0x200000ull
#define M32 0x2000000ull
#define M512 0x20000000ull
#define G1 0x40000000ull
#define T4 0x40000000000ull

/* clang-format off */
const struct lpae_desc_vec lpae_desc_vecs[] = {
	/* 0x800 nG + 0x400 AF + 0x300 ISH + 0x40 EL0 + 0x4 idx1 + 3 = 0xF47 */
	{ "s1 4K page RW WB", 1, G4, 48, 48, 0, 3, 0x7000, 0x12345000, K4,
	  R | W | WB, 0x0000000012345F47ull },
	/* 0x800 + 0x400 + 0x200 OSH + 0x80 RO + idx0 + 3 = 0xE83; PXN|UXN */
	{ "s1 4K page RO NC XN priv", 1, G4, 48, 48, 0, 3, 0x1000,
	  0x80000000, K4, R | NC | XN | PRIV, 0x0060000080000E83ull },
	/* 0x800 + 0x400 + 0x200 OSH + 0x40 + 0x8 idx2 + 1 block = 0xE49;
	 * Device memory is mapped only with XN: PXN|UXN (bits 53, 54) */
	{ "s1 4K 2M block RW device", 1, G4, 48, 48, 0, 2, 0x40200000,
	  0x40200000, M2, R | W | DEV | XN, 0x0060000040200E49ull },
	/* 0xF45 (block) + DBM (HTTU_HD, writable) */
	{ "s1 4K 1G block RW WB DBM", 1, G4, 48, 48, SMMUV3_PGTBL_F_HTTU_HD, 1,
	  0x80000000, 0x1C0000000ull, G1, R | W | WB, 0x00080001C0000F45ull },
	/* RO never gets DBM: 0xF47 + 0x80 = 0xFC7 */
	{ "s1 4K page RO WB with HD", 1, G4, 48, 48, SMMUV3_PGTBL_F_HTTU_HD, 3,
	  0x3000, 0x5000, K4, R | WB, 0x0000000000005FC7ull },
	/* write-only is RW at stage 1; SH none: 0x800+0x400+0x40+0x4+3 */
	{ "s1 4K page W-only NSH top of 48-bit PA", 1, G4, 48, 48, 0, 3,
	  0x2000, 0xFFFFFFFFF000ull, K4, W | WB | SMMUV3_PROT_SH_NONE,
	  0x0000FFFFFFFFFC47ull },
	/* 16K 32M block: 0xF45 */
	{ "s1 16K 32M block RW WB", 1, G16, 48, 48, 0, 2, 0x6000000, 0x2000000,
	  M32, R | W | WB, 0x0000000002000F45ull },
	{ "s1 16K page RW WB", 1, G16, 36, 40, 0, 3, 0xC000, 0xFF0004000ull,
	  K16, R | W | WB, 0x0000000FF0004F47ull },
	/* 64K, OA 0xF_1234_5678_0000: [47:16] stay, [51:48]=0xF -> [15:12] */
	{ "s1 64K page OA52", 1, G64, 52, 52, 0, 3, 0x10000,
	  0x000F123456780000ull, K64, R | W | WB, 0x000012345678FF47ull },
	/* 64K 4T block at L1 (OA 52 only): OA 0xC<<48 -> 0xC000 | 0xE41 */
	{ "s1 64K 4T block OA52 NC", 1, G64, 52, 52, 0, 1, T4,
	  0x000C000000000000ull, T4, R | W | NC, 0x000000000000CE41ull },
	{ "s1 64K 512M block", 1, G64, 48, 48, 0, 2, M512, 0x60000000, M512,
	  R | W | WB, 0x0000000060000F45ull },
	/* S2: 0x400 AF + 0x300 ISH + 0xC0 RW + 0x3C WB + 3 = 0x7FF */
	{ "s2 4K page RW WB", 2, G4, 48, 48, 0, 3, 0x9000, 0x12345000, K4,
	  R | W | WB, 0x00000000123457FFull },
	/* 0x400 + 0x200 OSH + 0x40 R + 0x04 dev + 1 = 0x645; XN[1] */
	{ "s2 4K 2M block RO device XN", 2, G4, 40, 40, 0, 2, 0x3FE00000,
	  0x3FE00000, M2, R | DEV | XN, 0x004000003FE00645ull },
	/* FWB forced WB 0x6 -> 0x18: 0x400 + 0x300 + 0xC0 + 0x18 + 3 */
	{ "s2 4K page FWB WB", 2, G4, 48, 48, SMMUV3_PGTBL_F_S2FWB, 3, 0x1000,
	  0x1000, K4, R | W | WB, 0x00000000000017DBull },
	/* NC 0x5 -> 0x14, W only 0x80: 0x400 + 0x200 + 0x80 + 0x14 + 3 */
	{ "s2 16K page W-only NC", 2, G16, 48, 48, 0, 3, 0x8000, 0x4000, K16,
	  W | NC, 0x0000000000004697ull },
	/* RW WB block: 0x400 AF + 0x300 ISH + 0xC0 RW + 0x3C WB + 1 = 0x7FD */
	{ "s2 64K 512M block", 2, G64, 48, 48, 0, 2, 0, 0x20000000, M512,
	  R | W | WB, 0x00000000200007FDull },
	/* S2 1G block at 4K, OA 0x3_4000_0000 */
	{ "s2 4K 1G block", 2, G4, 48, 48, 0, 1, G1, 0x340000000ull, G1,
	  R | W | WB, 0x00000003400007FDull },
};
/* clang-format on */
const size_t lpae_desc_vecs_count =
	sizeof(lpae_desc_vecs) / sizeof(lpae_desc_vecs[0]);

/*
 * Layout (D8.2): va = ias - pg_shift bits; levels = ceil(va / (pg_shift -
 * 3)); start = 4 - levels; root entries = 2^(va - (levels-1)*(pg_shift-3)).
 * Stage 2: start one level lower with 2^(root bits) tables when required
 * (Arm ARM AArch64.S2InvalidSL, R_DXBSH/R_SRKBC: 16K from level 0; 4K from
 * level 0 or 64K from level 1 with PA size < 44; 16K from level 1 with PA
 * size < 42; PA size = the table's OAS here, no caps) or when <= 16
 * tables save a level from 0/1.
 * SL0 (VTCR_EL2): 4K: L2=0, L1=1, L0=2; 16K/64K: L3=0, L2=1, L1=2.
 * TG0: 4K 0, 64K 1, 16K 2. PS: 32 0, 36 1, 40 2, 42 3, 44 4, 48 5, 52 6.
 * Coherent: IRGN=ORGN=1 (WBWA), SH=3; else 0, 0, SH=2.
 */
/* clang-format off */
const struct lpae_cfg_vec lpae_cfg_vecs[] = {
	/* va 36, 4 levels */
	{ "s1 4K 48/48", 1, G4, 48, 48, 1, 0, 0, 0, 1, 512, 16, 0, 0, 5, 1, 1, 3 },
	/* va 27, 3 levels, 9 root bits */
	{ "s1 4K 39/40", 1, G4, 39, 40, 1, 0, 0, 1, 1, 512, 25, 0, 0, 2, 1, 1, 3 },
	/* va 20, 3 levels, 2 root bits; non-coherent */
	{ "s1 4K 32/32 nc", 1, G4, 32, 32, 0, 0, 0, 1, 1, 4, 32, 0, 0, 0, 0, 0, 2 },
	/* va 34, 4 levels, 1 root bit */
	{ "s1 16K 48/48", 1, G16, 48, 48, 1, 0, 0, 0, 1, 2, 16, 2, 0, 5, 1, 1, 3 },
	/* va 33, 3 levels, 11 root bits */
	{ "s1 16K 47/44", 1, G16, 47, 44, 1, 0, 0, 1, 1, 2048, 17, 2, 0, 4, 1, 1, 3 },
	/* va 32, 3 levels, 6 root bits */
	{ "s1 64K 48/48", 1, G64, 48, 48, 1, 0, 0, 1, 1, 64, 16, 1, 0, 5, 1, 1, 3 },
	/* va 36, 3 levels, 10 root bits */
	{ "s1 64K 52/52", 1, G64, 52, 52, 1, 0, 0, 1, 1, 1024, 12, 1, 0, 6, 1, 1, 3 },
	/* va 26, 2 levels, 13 root bits */
	{ "s1 64K 42/42", 1, G64, 42, 42, 1, 0, 0, 2, 1, 8192, 22, 1, 0, 3, 1, 1, 3 },
	/* 52 bits need 64K without LPA2 */
	{ "s1 4K 52 refused", 1, G4, 52, 48, 1, 0, -22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "s1 16K oas52 refused", 1, G16, 48, 52, 1, 0, -22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "s1 oas 41 refused", 1, G4, 40, 41, 1, 0, -22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "s1 ias 49 refused", 1, G64, 49, 52, 1, 0, -22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	/* L0 root of 2 entries, PS 40 < 44: 2 concatenated L1 tables */
	{ "s2 4K 40/40", 2, G4, 40, 40, 1, 0, 0, 1, 2, 1024, 24, 0, 1, 2, 1, 1, 3 },
	/* L0 root of 8 entries, PS 42: 8 concatenated L1 tables */
	{ "s2 4K 42/42", 2, G4, 42, 42, 1, 0, 0, 1, 8, 4096, 22, 0, 1, 3, 1, 1, 3 },
	/* PS 48 >= 44, 512 entries: level 0 */
	{ "s2 4K 48/48", 2, G4, 48, 48, 1, 0, 0, 0, 1, 512, 16, 0, 2, 5, 1, 1, 3 },
	/* would need 32 concatenated tables */
	{ "s2 4K 44/40 refused", 2, G4, 44, 40, 1, 0, -34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	/* L1 root of 4 entries: optional concatenation -> L2, 4 tables */
	{ "s2 4K 32/32", 2, G4, 32, 32, 0, 0, 0, 2, 4, 2048, 32, 0, 0, 0, 0, 0, 2 },
	{ "s2 4K 32/32 no opt", 2, G4, 32, 32, 0, SMMUV3_PGTBL_F_NO_OPT_CONCAT,
	  0, 1, 1, 4, 32, 0, 1, 0, 0, 0, 2 },
	/* L1 root of 64 entries */
	{ "s2 4K 36/36", 2, G4, 36, 36, 1, 0, 0, 1, 1, 64, 28, 0, 1, 1, 1, 1, 3 },
	/* 16K L0 impossible at stage 2: 2 L1 tables */
	{ "s2 16K 48/48", 2, G16, 48, 48, 1, 0, 0, 1, 2, 4096, 16, 2, 2, 5, 1, 1, 3 },
	{ "s2 16K 48/48 no opt", 2, G16, 48, 48, 1, SMMUV3_PGTBL_F_NO_OPT_CONCAT,
	  0, 1, 2, 4096, 16, 2, 2, 5, 1, 1, 3 },
	/* va 26, L1 root 16 entries, PS 40: 16 L2 tables */
	{ "s2 16K 40/40", 2, G16, 40, 40, 1, 0, 0, 2, 16, 32768, 24, 2, 1, 2, 1, 1, 3 },
	/* va 28, L1 root 64 entries */
	{ "s2 16K 42/42", 2, G16, 42, 42, 1, 0, 0, 1, 1, 64, 22, 2, 2, 3, 1, 1, 3 },
	/* va 28, L1 root 4 entries -> 4 L2 tables */
	{ "s2 64K 44/44", 2, G64, 44, 44, 1, 0, 0, 2, 4, 32768, 20, 1, 1, 4, 1, 1, 3 },
	{ "s2 64K 48/48", 2, G64, 48, 48, 1, 0, 0, 1, 1, 64, 16, 1, 2, 5, 1, 1, 3 },
	/* va 30, L1 root 16 entries, PS 40 < 44 cannot start at L1 (64K):
	 * 16 concatenated L2 tables of 8192 entries */
	{ "s2 64K 46/40", 2, G64, 46, 40, 1, 0, 0, 2, 16, 131072, 18, 1, 1, 2,
	  1, 1, 3 },
	/* same with 64 root entries: would need 64 tables */
	{ "s2 64K 48/40 refused", 2, G64, 48, 40, 1, 0, -34, 0, 0, 0, 0, 0, 0,
	  0, 0, 0, 0 },
	/* 16K L1 start needs PS >= 42; 64 root entries cannot concatenate */
	{ "s2 16K 42/36 refused", 2, G16, 42, 36, 1, 0, -34, 0, 0, 0, 0, 0, 0,
	  0, 0, 0, 0 },
	/* the same with PS 42: the 2 concatenated L1 tables are allowed */
	{ "s2 16K 48/42", 2, G16, 48, 42, 1, 0, 0, 1, 2, 4096, 16, 2, 2, 3, 1, 1, 3 },
	/* va 34, 4 levels: 16K L0 impossible at stage 2; 2 concatenated L1
	 * tables would do, but a level-1 start with 16K needs PS >= 42
	 * (AArch64.S2InvalidSL): nothing is left */
	{ "s2 16K 48/40 refused", 2, G16, 48, 40, 1, 0, -34, 0, 0, 0, 0, 0, 0,
	  0, 0, 0, 0 },
	{ "s2 64K 52/52", 2, G64, 52, 52, 1, 0, 0, 1, 1, 1024, 12, 1, 2, 6, 1, 1, 3 },
	/* flags of the other stage */
	{ "s2 HD refused", 2, G4, 48, 48, 1, SMMUV3_PGTBL_F_HTTU_HD, -22,
	  0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "s1 FWB refused", 1, G4, 48, 48, 1, SMMUV3_PGTBL_F_S2FWB, -22,
	  0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
};
/* clang-format on */
const size_t lpae_cfg_vecs_count =
	sizeof(lpae_cfg_vecs) / sizeof(lpae_cfg_vecs[0]);
