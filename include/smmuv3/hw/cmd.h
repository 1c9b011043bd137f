/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Command queue entry layouts (IHI 0070 chapter 4, "Commands"), as
 * pre-shifted masks for SMMUV3_FIELD_PREP/GET. A command is two 64-bit
 * words: CMD0 masks apply to dw[0] (command bits [63:0]), CMD1 masks to
 * dw[1] (command bits [127:64], so CMD1 bit n is command bit 64 + n). Every
 * bit not named here is RES0 for the Non-secure command queue (4.1.5).
 */
#ifndef SMMUV3_HW_CMD_H
#define SMMUV3_HW_CMD_H

#include <smmuv3/bits.h>

/* 4.1.1: every command begins with an 8-bit opcode. */
#define SMMUV3_CMD0_OP SMMUV3_GENMASK64(7, 0)

/* 4.1.6 common fields */
#define SMMUV3_CMD0_SSEC SMMUV3_BIT64(10)        /* must be 0 on the NS queue */
#define SMMUV3_CMD0_SSV SMMUV3_BIT64(11)
#define SMMUV3_CMD0_SSID SMMUV3_GENMASK64(31, 12)
#define SMMUV3_CMD0_SID SMMUV3_GENMASK64(63, 32)
/* Virtual addresses are Address[63:12]; physical/IPA Address[51:12]
 * ([55:52] exist from SMMUv3.4 only and are RES0 for this library). */
#define SMMUV3_CMD1_VA SMMUV3_GENMASK64(63, 12)
#define SMMUV3_CMD1_IPA SMMUV3_GENMASK64(51, 12)

/* 4.2.1 CMD_PREFETCH_CONFIG: SSec, SSV, SubstreamID, StreamID (dw0) */
/* 4.2.2 CMD_PREFETCH_ADDR: dw0 as PREFETCH_CONFIG; dw1 Size[4:0], Addr[63:12].
 * Stride (SMMUv3.1+) and NS (Secure queue) are not encoded: 0 = 4 KB stride. */
#define SMMUV3_CMD1_PREFETCH_SIZE SMMUV3_GENMASK64(4, 0)

/* 4.3.1 CMD_CFGI_STE: SSec, StreamID; dw1 Leaf[0] */
#define SMMUV3_CMD1_LEAF SMMUV3_BIT64(0)
/* 4.3.2 CMD_CFGI_STE_RANGE (and 4.3.6 CMD_CFGI_ALL = Range 31,
 * SMMUV3_CFGI_RANGE_ALL_SIDS in <smmuv3/cmd.h>): dw1 Range[4:0] */
#define SMMUV3_CMD1_CFGI_RANGE SMMUV3_GENMASK64(4, 0)
/* 4.3.3 CMD_CFGI_CD: SSec, SubstreamID[31:12] (no SSV), StreamID; dw1 Leaf */
/* 4.3.4 CMD_CFGI_CD_ALL: SSec, StreamID */

/* 4.4.1.1 range-based invalidation and level hint (IDR3.RIL) */
#define SMMUV3_CMD0_TLBI_NUM SMMUV3_GENMASK64(16, 12)
/* SCALE is [24:20]; bit 25 exists only when IDR5.DS == 1 (max 39). */
#define SMMUV3_CMD0_TLBI_SCALE SMMUV3_GENMASK64(25, 20)
#define SMMUV3_CMD0_TLBI_SCALE_DS SMMUV3_BIT64(25) /* RES0 without DS */
#define SMMUV3_TLBI_SCALE_MAX 31u
#define SMMUV3_TLBI_SCALE_MAX_DS 39u
#define SMMUV3_CMD1_TLBI_TTL128 SMMUV3_BIT64(7) /* 128-bit descriptors: RES0 here */
#define SMMUV3_CMD1_TLBI_TTL SMMUV3_GENMASK64(9, 8)
#define SMMUV3_CMD1_TLBI_TG SMMUV3_GENMASK64(11, 10)
/* TG values: SMMUV3_TG_* in <smmuv3/cmd.h> */
/* 4.4.2 stage-1 TLBI: VMID[47:32], ASID[63:48] */
#define SMMUV3_CMD0_VMID SMMUV3_GENMASK64(47, 32)
#define SMMUV3_CMD0_ASID SMMUV3_GENMASK64(63, 48)

/* 4.5.1 CMD_ATC_INV: Global[9], SSV, SubstreamID, StreamID; dw1 Size[5:0],
 * Address[63:12]. Size 52 = the whole 2^64 address space. */
#define SMMUV3_CMD0_ATC_GLOBAL SMMUV3_BIT64(9)
#define SMMUV3_CMD1_ATC_SIZE SMMUV3_GENMASK64(5, 0)
/* Size 52 (all): SMMUV3_ATC_INV_SIZE_ALL in <smmuv3/cmd.h> */

/* 4.5.2 CMD_PRI_RESP: SSV, SubstreamID, StreamID; dw1 PRGIndex[8:0], Resp[13:12] */
#define SMMUV3_CMD1_PRI_GRPID SMMUV3_GENMASK64(8, 0)
#define SMMUV3_CMD1_PRI_RESP SMMUV3_GENMASK64(13, 12)
/* Resp values: SMMUV3_PRI_RESP_* in <smmuv3/cmd.h>; 3 is ILLEGAL. */

/* 4.7.1 CMD_RESUME: SSec, Ac[12], Ab[13], StreamID; dw1 STAG[15:0] */
#define SMMUV3_CMD0_RESUME_AC SMMUV3_BIT64(12) /* 1 retry, 0 terminate */
#define SMMUV3_CMD0_RESUME_AB SMMUV3_BIT64(13) /* terminate with abort */
/* {Ab, Ac} as one field: SMMUV3_RESUME_* values in <smmuv3/cmd.h> */
#define SMMUV3_CMD0_RESUME_RESP SMMUV3_GENMASK64(13, 12)
#define SMMUV3_CMD1_RESUME_STAG SMMUV3_GENMASK64(15, 0)
/* 4.7.2 CMD_STALL_TERM: SSec, StreamID */

/* 4.7.3 CMD_SYNC: CS[13:12], MSH[23:22], MSIAttr[27:24], MSIData[63:32];
 * dw1 MSIAddress[51:2] */
#define SMMUV3_CMD0_SYNC_CS SMMUV3_GENMASK64(13, 12)
#define SMMUV3_CMD0_SYNC_MSH SMMUV3_GENMASK64(23, 22)
#define SMMUV3_CMD0_SYNC_MSIATTR SMMUV3_GENMASK64(27, 24)
#define SMMUV3_CMD0_SYNC_MSIDATA SMMUV3_GENMASK64(63, 32)
#define SMMUV3_CMD1_SYNC_MSIADDR SMMUV3_GENMASK64(51, 2)
/* MSH: 0 non-shareable, 1 Reserved, 2 outer, 3 inner shareable (SMMUV3_SH_*) */
#define SMMUV3_SYNC_MSH_RESERVED 1u

#endif /* SMMUV3_HW_CMD_H */
