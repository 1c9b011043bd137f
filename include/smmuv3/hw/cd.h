/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Context Descriptor and Level-1 Context Descriptor layouts (IHI 0070 5.3,
 * 5.4). A CD is 64 bytes, eight 64-bit words held little-endian in memory;
 * masks are relative to each word (SMMUV3_CD<word>_<FIELD>) and the comment
 * gives the spec's bit numbers within the 512-bit entry. Note that the CD
 * valid bit is bit 31 of word 0, not bit 0 as in the STE.
 */
#ifndef SMMUV3_HW_CD_H
#define SMMUV3_HW_CD_H

#include <smmuv3/bits.h>

#define SMMUV3_CD_QWORDS 8u
#define SMMUV3_CD_SIZE 64u

/* IHI 0070 5.3: Level-1 Context Descriptor (8 bytes) */
#define SMMUV3_L1CD_V SMMUV3_BIT64(0)		   /* [0] */
#define SMMUV3_L1CD_L2PTR SMMUV3_GENMASK64(51, 12) /* [51:12] */
#define SMMUV3_L1CD_SIZE 8u
/* S1Fmt == 0b10: each L2 table holds 1024 CDs (64 KB, 64 KB aligned) */
#define SMMUV3_CD_L2_LOG2_ENTRIES 10u

/* Word 0: bits [63:0] */
#define SMMUV3_CD0_T0SZ SMMUV3_GENMASK64(5, 0)	 /* [5:0] */
#define SMMUV3_CD0_TG0 SMMUV3_GENMASK64(7, 6)	 /* [7:6] */
#define SMMUV3_CD0_IR0 SMMUV3_GENMASK64(9, 8)	 /* [9:8] */
#define SMMUV3_CD0_OR0 SMMUV3_GENMASK64(11, 10)	 /* [11:10] */
#define SMMUV3_CD0_SH0 SMMUV3_GENMASK64(13, 12)	 /* [13:12] */
#define SMMUV3_CD0_EPD0 SMMUV3_BIT64(14)	 /* [14] */
#define SMMUV3_CD0_ENDI SMMUV3_BIT64(15)	 /* [15] */
#define SMMUV3_CD0_T1SZ SMMUV3_GENMASK64(21, 16) /* [21:16] */
#define SMMUV3_CD0_TG1 SMMUV3_GENMASK64(23, 22)	 /* [23:22] */
#define SMMUV3_CD0_IR1 SMMUV3_GENMASK64(25, 24)	 /* [25:24] */
#define SMMUV3_CD0_OR1 SMMUV3_GENMASK64(27, 26)	 /* [27:26] */
#define SMMUV3_CD0_SH1 SMMUV3_GENMASK64(29, 28)	 /* [29:28] */
#define SMMUV3_CD0_EPD1 SMMUV3_BIT64(30)	 /* [30] */
#define SMMUV3_CD0_V SMMUV3_BIT64(31)		 /* [31] */
#define SMMUV3_CD0_IPS SMMUV3_GENMASK64(34, 32)	 /* [34:32] */
#define SMMUV3_CD0_AFFD SMMUV3_BIT64(35)	 /* [35] */
#define SMMUV3_CD0_WXN SMMUV3_BIT64(36)		 /* [36] */
#define SMMUV3_CD0_UWXN SMMUV3_BIT64(37)	 /* [37] */
#define SMMUV3_CD0_TBI0 SMMUV3_BIT64(38)	 /* [38] */
#define SMMUV3_CD0_TBI1 SMMUV3_BIT64(39)	 /* [39] */
#define SMMUV3_CD0_PAN SMMUV3_BIT64(40)		 /* [40] */
#define SMMUV3_CD0_AA64 SMMUV3_BIT64(41)	 /* [41] */
#define SMMUV3_CD0_HD SMMUV3_BIT64(42)		 /* [42] */
#define SMMUV3_CD0_HA SMMUV3_BIT64(43)		 /* [43] */
#define SMMUV3_CD0_S SMMUV3_BIT64(44)		 /* [44] */
#define SMMUV3_CD0_R SMMUV3_BIT64(45)		 /* [45] */
#define SMMUV3_CD0_A SMMUV3_BIT64(46)		 /* [46] */
#define SMMUV3_CD0_ASET SMMUV3_BIT64(47)	 /* [47] */
#define SMMUV3_CD0_ASID SMMUV3_GENMASK64(63, 48) /* [63:48] */

/* Word 1: bits [127:64] */
#define SMMUV3_CD1_TTB0 SMMUV3_GENMASK64(51, 4) /* [115:68] */
/* Word 2: bits [191:128] */
#define SMMUV3_CD2_TTB1 SMMUV3_GENMASK64(51, 4) /* [179:132] */
/* Word 3: bits [255:192], MAIR0 in [31:0], MAIR1 in [63:32] */
#define SMMUV3_CD3_MAIR SMMUV3_GENMASK64(63, 0)
/* Word 4: AMAIR */
#define SMMUV3_CD4_AMAIR SMMUV3_GENMASK64(63, 0)

/* CD.TG0 uses the TCR_ELx.TG0 encoding */
#define SMMUV3_CD_TG0_4K 0u
#define SMMUV3_CD_TG0_64K 1u
#define SMMUV3_CD_TG0_16K 2u

#endif /* SMMUV3_HW_CD_H */
