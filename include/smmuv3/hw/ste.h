/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stream Table Entry and Level-1 Stream Table Descriptor layouts
 * (IHI 0070 5.1, 5.2). An STE is 64 bytes, eight 64-bit words held
 * little-endian in memory; masks below are relative to each word, named
 * SMMUV3_STE<word>_<FIELD>, and the comment gives the spec's bit numbers
 * within the 512-bit entry so each line can be checked against the table.
 */
#ifndef SMMUV3_HW_STE_H
#define SMMUV3_HW_STE_H

#include <smmuv3/bits.h>

#define SMMUV3_STE_QWORDS 8u
#define SMMUV3_STE_SIZE 64u

/* IHI 0070 5.1: Level-1 Stream Table Descriptor (8 bytes) */
#define SMMUV3_L1STD_SPAN SMMUV3_GENMASK64(4, 0)   /* [4:0] */
#define SMMUV3_L1STD_L2PTR SMMUV3_GENMASK64(51, 6) /* [51:6] */
#define SMMUV3_L1STD_SIZE 8u

/* Word 0: bits [63:0] */
#define SMMUV3_STE0_V SMMUV3_BIT64(0)		     /* [0] */
#define SMMUV3_STE0_CONFIG SMMUV3_GENMASK64(3, 1)    /* [3:1] */
#define SMMUV3_STE0_S1FMT SMMUV3_GENMASK64(5, 4)     /* [5:4] */
#define SMMUV3_STE0_S1CTXPTR SMMUV3_GENMASK64(51, 6) /* [51:6] */
#define SMMUV3_STE0_S1CDMAX SMMUV3_GENMASK64(63, 59) /* [63:59] */

/* STE.Config (bit 0 of the value = stage 1, bit 1 = stage 2) */
#define SMMUV3_STE_CONFIG_ABORT 0u
#define SMMUV3_STE_CONFIG_BYPASS 4u
#define SMMUV3_STE_CONFIG_S1 5u
#define SMMUV3_STE_CONFIG_S2 6u
#define SMMUV3_STE_CONFIG_NESTED 7u

/* STE.S1Fmt */
#define SMMUV3_STE_S1FMT_LINEAR 0u
#define SMMUV3_STE_S1FMT_64K_L2 2u /* 2-level, 1024 CDs (64 KB) per L2 */

/* Word 1: bits [127:64] */
#define SMMUV3_STE1_S1DSS SMMUV3_GENMASK64(1, 0)      /* [65:64] */
#define SMMUV3_STE1_S1CIR SMMUV3_GENMASK64(3, 2)      /* [67:66] */
#define SMMUV3_STE1_S1COR SMMUV3_GENMASK64(5, 4)      /* [69:68] */
#define SMMUV3_STE1_S1CSH SMMUV3_GENMASK64(7, 6)      /* [71:70] */
#define SMMUV3_STE1_MEV SMMUV3_BIT64(19)	      /* [83] */
#define SMMUV3_STE1_S2FWB SMMUV3_BIT64(25)	      /* [89] */
#define SMMUV3_STE1_S1STALLD SMMUV3_BIT64(27)	      /* [91] */
#define SMMUV3_STE1_EATS SMMUV3_GENMASK64(29, 28)     /* [93:92] */
#define SMMUV3_STE1_STRW SMMUV3_GENMASK64(31, 30)     /* [95:94] */
#define SMMUV3_STE1_MEMATTR SMMUV3_GENMASK64(35, 32)  /* [99:96] */
#define SMMUV3_STE1_MTCFG SMMUV3_BIT64(36)	      /* [100] */
#define SMMUV3_STE1_ALLOCCFG SMMUV3_GENMASK64(40, 37) /* [104:101] */
#define SMMUV3_STE1_SHCFG SMMUV3_GENMASK64(45, 44)    /* [109:108] */
#define SMMUV3_STE1_NSCFG SMMUV3_GENMASK64(47, 46)    /* [111:110] */
#define SMMUV3_STE1_PRIVCFG SMMUV3_GENMASK64(49, 48)  /* [113:112] */
#define SMMUV3_STE1_INSTCFG SMMUV3_GENMASK64(51, 50)  /* [115:114] */

/* STE.S1DSS: what a transaction without a SubstreamID gets */
#define SMMUV3_STE_S1DSS_TERMINATE 0u
#define SMMUV3_STE_S1DSS_BYPASS 1u
#define SMMUV3_STE_S1DSS_SSID0 2u
/* STE.S1CIR/S1COR (CD-table walk cacheability) and S1CSH */
#define SMMUV3_STE_CACHE_NC 0u
#define SMMUV3_STE_CACHE_WBRA 1u
#define SMMUV3_STE_CACHE_WT 2u
#define SMMUV3_STE_CACHE_WB 3u
#define SMMUV3_STE_SH_NSH 0u
#define SMMUV3_STE_SH_OSH 2u
#define SMMUV3_STE_SH_ISH 3u
/* STE.EATS */
#define SMMUV3_STE_EATS_ABORT 0u
#define SMMUV3_STE_EATS_TRANS 1u
#define SMMUV3_STE_EATS_S1CHK 2u
/* STE.STRW */
#define SMMUV3_STE_STRW_NSEL1 0u
#define SMMUV3_STE_STRW_EL2 2u
/* STE.SHCFG (0 NSH, 2 OSH, 3 ISH override), PRIVCFG, INSTCFG */
#define SMMUV3_STE_SHCFG_INCOMING 1u
#define SMMUV3_STE_PRIVCFG_INCOMING 0u
#define SMMUV3_STE_PRIVCFG_UNPRIV 2u
#define SMMUV3_STE_PRIVCFG_PRIV 3u
#define SMMUV3_STE_INSTCFG_INCOMING 0u
#define SMMUV3_STE_INSTCFG_DATA 2u
#define SMMUV3_STE_INSTCFG_INSTR 3u

/* Word 2: bits [191:128] */
#define SMMUV3_STE2_S2VMID SMMUV3_GENMASK64(15, 0)  /* [143:128] */
#define SMMUV3_STE2_VTCR SMMUV3_GENMASK64(50, 32)   /* [178:160] */
#define SMMUV3_STE2_S2T0SZ SMMUV3_GENMASK64(37, 32) /* [165:160] */
#define SMMUV3_STE2_S2SL0 SMMUV3_GENMASK64(39, 38)  /* [167:166] */
#define SMMUV3_STE2_S2IR0 SMMUV3_GENMASK64(41, 40)  /* [169:168] */
#define SMMUV3_STE2_S2OR0 SMMUV3_GENMASK64(43, 42)  /* [171:170] */
#define SMMUV3_STE2_S2SH0 SMMUV3_GENMASK64(45, 44)  /* [173:172] */
#define SMMUV3_STE2_S2TG SMMUV3_GENMASK64(47, 46)   /* [175:174] */
#define SMMUV3_STE2_S2PS SMMUV3_GENMASK64(50, 48)   /* [178:176] */
#define SMMUV3_STE2_S2AA64 SMMUV3_BIT64(51)	    /* [179] */
#define SMMUV3_STE2_S2ENDI SMMUV3_BIT64(52)	    /* [180] */
#define SMMUV3_STE2_S2AFFD SMMUV3_BIT64(53)	    /* [181] */
#define SMMUV3_STE2_S2PTW SMMUV3_BIT64(54)	    /* [182] */
#define SMMUV3_STE2_S2HD SMMUV3_BIT64(55)	    /* [183] */
#define SMMUV3_STE2_S2HA SMMUV3_BIT64(56)	    /* [184] */
#define SMMUV3_STE2_S2S SMMUV3_BIT64(57)	    /* [185] */
#define SMMUV3_STE2_S2R SMMUV3_BIT64(58)	    /* [186] */

/* Word 3: bits [255:192] */
#define SMMUV3_STE3_S2TTB SMMUV3_GENMASK64(51, 4) /* [243:196] */

#endif /* SMMUV3_HW_STE_H */
