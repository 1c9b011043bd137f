/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Command encoding and decoding (IHI 0070 chapter 4, "Commands"). Pure
 * functions: they need the probed capabilities (for ASID/VMID/SID/SSID
 * widths) but no device. A command is held in CPU order; the queue stores
 * it little-endian.
 */
#ifndef SMMUV3_CMD_H
#define SMMUV3_CMD_H

#include <smmuv3/idr.h>
#include <smmuv3/types.h>

/* Opcodes (IHI 0070 4.1.1). CFGI_ALL is CFGI_STE_RANGE with Range = 31. */
enum smmuv3_opcode {
	SMMUV3_OP_PREFETCH_CONFIG = 0x01,
	SMMUV3_OP_PREFETCH_ADDR = 0x02,
	SMMUV3_OP_CFGI_STE = 0x03,
	SMMUV3_OP_CFGI_STE_RANGE = 0x04,
	SMMUV3_OP_CFGI_CD = 0x05,
	SMMUV3_OP_CFGI_CD_ALL = 0x06,
	SMMUV3_OP_TLBI_NH_ALL = 0x10,
	SMMUV3_OP_TLBI_NH_ASID = 0x11,
	SMMUV3_OP_TLBI_NH_VA = 0x12,
	SMMUV3_OP_TLBI_NH_VAA = 0x13,
	SMMUV3_OP_TLBI_EL2_ALL = 0x20,
	SMMUV3_OP_TLBI_EL2_ASID = 0x21,
	SMMUV3_OP_TLBI_EL2_VA = 0x22,
	SMMUV3_OP_TLBI_EL2_VAA = 0x23,
	SMMUV3_OP_TLBI_S12_VMALL = 0x28,
	SMMUV3_OP_TLBI_S2_IPA = 0x2a,
	SMMUV3_OP_TLBI_NSNH_ALL = 0x30,
	SMMUV3_OP_ATC_INV = 0x40,
	SMMUV3_OP_PRI_RESP = 0x41,
	SMMUV3_OP_RESUME = 0x44,
	SMMUV3_OP_STALL_TERM = 0x45,
	SMMUV3_OP_CMD_SYNC = 0x46,
};

/* CMD_SYNC completion signal (CS field). */
#define SMMUV3_SYNC_CS_NONE 0u
#define SMMUV3_SYNC_CS_IRQ 1u
#define SMMUV3_SYNC_CS_SEV 2u

/* One 128-bit command, dw[0] = bits [63:0], dw[1] = bits [127:64]. */
struct smmuv3_cmd {
	uint64_t dw[2];
};

/*
 * Every field any command has, in natural units. Fields a command does not
 * have must be zero (encode refuses non-zero ones so that a caller's mistake
 * is not silently dropped). Range-TLBI fields hold the architected field
 * values (num is the NUM field, i.e. count - 1).
 */
struct smmuv3_cmd_desc {
	uint8_t opcode;   /* enum smmuv3_opcode */
	bool leaf;        /* CFGI_STE/CFGI_CD Leaf, TLBI Leaf */
	bool ssv;         /* SubstreamID valid */
	bool global;      /* ATC_INV G */
	uint32_t sid;
	uint32_t ssid;
	uint16_t asid;
	uint16_t vmid;
	uint64_t addr;    /* VA/IPA/ATC address, PREFETCH_ADDR address, MSI address */
	uint8_t range;    /* CFGI_STE_RANGE: invalidates 2^(range+1) STEs; 31 = all */
	uint8_t size;     /* ATC_INV / PREFETCH_ADDR Size */
	uint8_t tg;       /* range TLBI: translation granule field */
	uint8_t scale;    /* range TLBI: SCALE */
	uint8_t num;      /* range TLBI: NUM */
	uint8_t ttl;      /* range TLBI: TTL */
	uint8_t cs;       /* CMD_SYNC: SMMUV3_SYNC_CS_* */
	uint8_t msh;      /* CMD_SYNC: MSI shareability */
	uint8_t msiattr;  /* CMD_SYNC: MSI memory attributes */
	uint32_t msidata; /* CMD_SYNC: MSI payload */
	uint8_t resp;     /* PRI_RESP / RESUME response */
	uint16_t grpid;   /* PRI_RESP PRG index */
	uint16_t stag;    /* RESUME / STALL_TERM stall tag */
	bool ssec;        /* Secure stream (always false for the NS interface) */
};

#endif /* SMMUV3_CMD_H */
