/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VMSAv8-64 translation table descriptors (Arm ARM DDI 0487, D8.3 "Translation
 * table descriptor formats") and the translation-control field encodings the
 * SMMU copies from TCR_ELx / VTCR_EL2 into the CD and the STE (IHI 0070 5.2,
 * 5.4). Spec-literal bit numbers, one pre-shifted mask per field.
 */
#ifndef SMMUV3_HW_LPAE_H
#define SMMUV3_HW_LPAE_H

#include <smmuv3/bits.h>

/* D8.3.1: bit 0 valid; bit 1 distinguishes table/page (1) from block (0). */
#define SMMUV3_PTE_VALID SMMUV3_BIT64(0)
#define SMMUV3_PTE_TYPE SMMUV3_GENMASK64(1, 0)
#define SMMUV3_PTE_TYPE_BLOCK 1ull /* levels 0-2 */
#define SMMUV3_PTE_TYPE_TABLE 3ull /* levels 0-2 */
#define SMMUV3_PTE_TYPE_PAGE 3ull  /* level 3 */

/*
 * Output / next-level table address, bits [47:12] (the granule's low bits
 * are RES0 in that range). With the 64 KB granule and a 52-bit OA
 * (FEAT_LPA) address bits [51:48] are held in descriptor bits [15:12].
 */
#define SMMUV3_PTE_ADDR SMMUV3_GENMASK64(47, 12)
#define SMMUV3_PTE_ADDR_HI SMMUV3_GENMASK64(15, 12) /* OA[51:48], 64K only */
#define SMMUV3_PA_HI SMMUV3_GENMASK64(51, 48)

/* Lower attributes of block and page descriptors (D8.3.2). */
#define SMMUV3_PTE_ATTRINDX SMMUV3_GENMASK64(4, 2) /* stage 1 */
#define SMMUV3_PTE_NS SMMUV3_BIT64(5)		   /* stage 1 */
#define SMMUV3_PTE_AP SMMUV3_GENMASK64(7, 6)	   /* stage 1: AP[2:1] */
#define SMMUV3_PTE_AP_UNPRIV SMMUV3_BIT64(6)	   /* AP[1]: EL0 access */
#define SMMUV3_PTE_AP_RDONLY SMMUV3_BIT64(7)	   /* AP[2]: read-only */
#define SMMUV3_PTE_MEMATTR SMMUV3_GENMASK64(5, 2)  /* stage 2 */
#define SMMUV3_PTE_S2AP SMMUV3_GENMASK64(7, 6)	   /* stage 2 */
#define SMMUV3_PTE_S2AP_R SMMUV3_BIT64(6)	   /* S2AP[0] */
#define SMMUV3_PTE_S2AP_W SMMUV3_BIT64(7)	   /* S2AP[1] */
#define SMMUV3_PTE_SH SMMUV3_GENMASK64(9, 8)
#define SMMUV3_PTE_AF SMMUV3_BIT64(10)
#define SMMUV3_PTE_NG SMMUV3_BIT64(11) /* stage 1 */

/* Upper attributes. */
#define SMMUV3_PTE_DBM SMMUV3_BIT64(51)
#define SMMUV3_PTE_CONT SMMUV3_BIT64(52)
#define SMMUV3_PTE_PXN SMMUV3_BIT64(53)		 /* stage 1 */
#define SMMUV3_PTE_UXN SMMUV3_BIT64(54)		 /* stage 1 (XN at EL2) */
#define SMMUV3_PTE_S2XN SMMUV3_GENMASK64(54, 53) /* stage 2 XN[1:0] */
#define SMMUV3_PTE_SW SMMUV3_GENMASK64(58, 55)	 /* reserved for software */

/* SH[1:0] encodings (D8.5.2); the same values as hw/regs.h. */
#ifndef SMMUV3_SH_NSH
#define SMMUV3_SH_NSH 0u
#define SMMUV3_SH_OSH 2u
#define SMMUV3_SH_ISH 3u
#endif

/*
 * Stage-2 MemAttr[3:0] (D8.5.5, without FEAT_S2FWB): 0b00dd Device (dd=01
 * nGnRE); 0booii Normal with outer oo / inner ii (01 NC, 11 WB).
 */
#define SMMUV3_S2_MEMATTR_DEV_NGNRE 0x1u
#define SMMUV3_S2_MEMATTR_NC 0x5u
#define SMMUV3_S2_MEMATTR_WB 0xfu
/*
 * With FEAT_S2FWB (STE.S2FWB = 1): MemAttr[2] = 0 Device (MemAttr[1:0] as
 * above), MemAttr[2] = 1 Normal with [1:0] = 01 Non-cacheable, 10 forced
 * Write-Back, 11 stage-1 attributes.
 */
#define SMMUV3_S2_MEMATTR_FWB_NC 0x5u
#define SMMUV3_S2_MEMATTR_FWB_WB 0x6u

/* MAIR attribute bytes (D19 MAIR_ELx.Attr<n>). */
#define SMMUV3_MAIR_ATTR_NC 0x44u	 /* Normal, inner/outer NC */
#define SMMUV3_MAIR_ATTR_WBRWA 0xffu	 /* Normal, inner/outer WB RW-alloc */
#define SMMUV3_MAIR_ATTR_DEV_NGNRE 0x04u /* Device-nGnRE */

/* TCR.TG0 / VTCR.TG0 / CD.TG0 / STE.S2TG granule encodings. */
#define SMMUV3_TCR_TG_4K 0u
#define SMMUV3_TCR_TG_64K 1u
#define SMMUV3_TCR_TG_16K 2u

/* TCR.IRGN0/ORGN0 cacheability of walks. */
#define SMMUV3_RGN_NC 0u
#define SMMUV3_RGN_WBWA 1u
#define SMMUV3_RGN_WT 2u
#define SMMUV3_RGN_WB 3u

/* TCR.IPS / VTCR.PS (and CD.IPS, STE.S2PS) output-size encodings. */
#define SMMUV3_PS_32 0u
#define SMMUV3_PS_36 1u
#define SMMUV3_PS_40 2u
#define SMMUV3_PS_42 3u
#define SMMUV3_PS_44 4u
#define SMMUV3_PS_48 5u
#define SMMUV3_PS_52 6u

#endif /* SMMUV3_HW_LPAE_H */
