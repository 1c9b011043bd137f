/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Command encoding and decoding (IHI 0070 chapter 4, "Commands"). Pure
 * functions: they need the probed capabilities (for ASID/VMID/SID/SSID
 * widths) but no device. A command is held in CPU order; the queue stores
 * it little-endian.
 */
#ifndef SMMUV3_CMD_H
#define SMMUV3_CMD_H

#include <smmuv3/hw/cmd.h>
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

/* PRI_RESP Resp (IHI 0070 4.5.2); 3 is ILLEGAL. */
#define SMMUV3_PRI_RESP_FAILURE 0u /* ResponseFailure */
#define SMMUV3_PRI_RESP_INVALID 1u /* InvalidRequest */
#define SMMUV3_PRI_RESP_SUCCESS 2u /* Success */

/*
 * RESUME response (IHI 0070 4.7.1), the {Ab, Ac} pair as one value: bit 0 is
 * Ac (1 retry, 0 terminate), bit 1 is Ab (terminate with abort rather than
 * RAZ/WI). 3 (retry with Ab, which the SMMU ignores) is refused.
 */
#define SMMUV3_RESUME_TERMINATE 0u
#define SMMUV3_RESUME_RETRY 1u
#define SMMUV3_RESUME_ABORT 2u

/* Range-TLBI TG values (IHI 0070 4.4.1.1). */
#define SMMUV3_TG_NONE 0u
#define SMMUV3_TG_4K 1u
#define SMMUV3_TG_16K 2u
#define SMMUV3_TG_64K 3u

/* ATC_INV Size meaning "the whole address space" (2^64 bytes). */
#define SMMUV3_ATC_INV_SIZE_ALL 52u
/* CFGI_STE_RANGE Range meaning "all StreamIDs" (CMD_CFGI_ALL). */
#define SMMUV3_CFGI_RANGE_ALL_SIDS 31u

/* Buffer size that always holds smmuv3_cmd_format()'s text. */
#define SMMUV3_CMD_FORMAT_MAX 256u

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

/*
 * Capabilities and caps == NULL. Encode and decode check every field against
 * the architecture and, given @caps, against the probed SMMU:
 *   caps->sid_bits, ssid_bits   StreamID / SubstreamID width (IDR1)
 *   caps->asid_bits, vmid_bits  8 or 16 (IDR0.ASID16/VMID16)
 *   caps->oas_bits              MSI address limit (0: not checked)
 *   caps->s2_ias_bits           TLBI_S2_IPA address limit (0: not checked)
 *   caps->stall_model           RESUME/STALL_TERM refused when 1 (no stalls)
 *   caps->features              TRANS_S1 (CFGI_CD*, TLBI_NH_*), TRANS_S2
 *                               (TLBI_S12_VMALL, TLBI_S2_IPA, non-zero VMID
 *                               in TLBI_NH_*), HYP (TLBI_EL2_*), ATS
 *                               (ATC_INV), PRI (PRI_RESP), MSI (CMD_SYNC
 *                               with an MSI address), RANGE_INV (TG, TTL,
 *                               NUM, SCALE), DS (SCALE up to 39, TTL 1 with
 *                               a 16 KB granule)
 * A command the SMMU would reject with CERROR_ILL is refused.
 * caps == NULL means the architectural maxima of the Non-secure interface
 * of SMMUv3.0-3.3: 32-bit StreamID, 20-bit SubstreamID, 16-bit ASID and
 * VMID, 52-bit physical and IPA addresses, every optional command present
 * (stage 1 and 2, HYP, ATS, PRI, stalls, MSI, RIL) but not IDR5.DS (so
 * SCALE <= 31 and TTL 1 with 16 KB granule is refused).
 *
 * Library choices stricter than the hardware (which ignores the bits):
 * address bits below what a command uses are refused (VA/IPA bits [11:0],
 * bits below the TG granule or the TTL level, ATC_INV bits below its span,
 * CFGI_STE_RANGE StreamID bits below its range, MSI address bits [1:0]);
 * fields a command (or a CMD_SYNC's CS mode) does not have must be zero;
 * SubstreamID must be zero when SSV is clear; ssec must be false.
 */

/**
 * smmuv3_cmd_encode() - build one command from a descriptor.
 * @caps: probed capabilities, or NULL for the architectural maxima (above).
 * @d: the descriptor; fields the opcode does not have must be zero.
 * @out: receives the command (CPU order; the queue stores it little-endian).
 * Pure: no device access, no state.
 * Return: 0;
 * SMMUV3_EINVAL if a pointer is NULL, the opcode is not one of enum
 *   smmuv3_opcode, a field the command does not have is non-zero, a
 *   Reserved value or combination is used (CS 3, MSH 1, reserved MSIAttr,
 *   PRI Resp 3, RESUME retry with abort, ATC_INV Global without SSV
 *   (IGNORED then), TG != 0 with NUM = SCALE = TTL = 0,
 *   TTL/NUM/SCALE with TG 0,
 *   TTL 1 with 16 KB granule without DS), or an address is misaligned;
 * SMMUV3_ERANGE if a value exceeds its field or the probed width (SID,
 *   SSID, ASID, VMID, Range, Size, NUM, SCALE, PRGIndex, addresses);
 * SMMUV3_EOPNOTSUPP if @caps lacks the feature the command or field needs.
 * On error: *@out is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmd_encode(const struct smmuv3_caps *caps,
		  const struct smmuv3_cmd_desc *d, struct smmuv3_cmd *out);

/**
 * smmuv3_cmd_decode() - parse and validate one command.
 * @caps: as for smmuv3_cmd_encode(), or NULL.
 * @cmd: the command (CPU order).
 * @d: receives the descriptor; encoding it gives back @cmd exactly.
 * Return: 0; SMMUV3_EINVAL if a pointer is NULL; SMMUV3_EBADMSG if the
 * opcode is undefined (or not a Non-secure command this library knows:
 * Secure/Realm-only, DPTI, CFGI_VMS_PIDM, IMPLEMENTATION DEFINED) or a RES0
 * bit is set (SCALE bit 5, dw0 bit 25, is RES0 unless @caps has IDR5.DS);
 * otherwise any error smmuv3_cmd_encode() would give for the
 * decoded descriptor.
 * On error: *@d is unchanged.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmd_decode(const struct smmuv3_caps *caps, const struct smmuv3_cmd *cmd,
		  struct smmuv3_cmd_desc *d);

/**
 * smmuv3_cmd_opcode_name() - the architecture's name of an opcode.
 * @opcode: dw0[7:0].
 * Return: a static string such as "CMD_TLBI_NH_VA", or NULL if @opcode is
 * not one of enum smmuv3_opcode.
 */
SMMUV3_API const char *smmuv3_cmd_opcode_name(uint8_t opcode);

/**
 * smmuv3_cmd_format() - render any 128-bit command as one line of text.
 * @cmd: the command (CPU order).
 * @buf: output, always NUL-terminated when @len > 0.
 * @len: size of @buf; SMMUV3_CMD_FORMAT_MAX always suffices.
 * Fields are shown with the architecture's names in hexadecimal, e.g.
 * "CMD_CFGI_STE sid=0x5 leaf=1". An undefined opcode is shown as
 * "UNKNOWN op=0x.. dw0=0x... dw1=0x..."; RES0 bits that are set are appended
 * as "res0=<dw0 bits>,<dw1 bits>". Uses no libc.
 * Return: 0 if the command is valid for caps == NULL (as smmuv3_cmd_decode());
 * SMMUV3_EINVAL if @cmd or @buf is NULL or @len is 0; SMMUV3_E2BIG if the
 * text was truncated; else the error smmuv3_cmd_decode(NULL, ...) gives
 * (the text is still written).
 * On error: @buf holds the (possibly truncated) text, NUL-terminated, when
 * @buf and @len allow; nothing else changes.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_cmd_format(const struct smmuv3_cmd *cmd, char *buf, size_t len);

/*
 * Unchecked builders for hot paths. They place already-validated values
 * into the command words and check nothing: each value must have been
 * checked once, when the object it comes from was set up (a StreamID and
 * SubstreamID against caps->sid_bits/ssid_bits at attach, an ATC span by
 * the planner, a CMD_SYNC's fields by the queue at init). Fed arbitrary
 * values they build what smmuv3_cmd_encode() would refuse; for such values
 * use smmuv3_cmd_encode(). The library's own hot paths use these.
 */

/**
 * smmuv3_cmd_build_cfgi_ste() - CMD_CFGI_STE (IHI 0070 4.3.1), unchecked.
 * @c: receives the command (CPU order).
 * @sid: StreamID, < 2^caps->sid_bits.
 * @leaf: only the STE itself (not the L1 descriptor) changed.
 * Return: nothing.
 */
static inline void smmuv3_cmd_build_cfgi_ste(struct smmuv3_cmd *c,
					     uint32_t sid, bool leaf)
{
	c->dw[0] = SMMUV3_OP_CFGI_STE |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, (uint64_t)sid);
	c->dw[1] = leaf ? SMMUV3_CMD1_LEAF : 0u;
}

/**
 * smmuv3_cmd_build_cfgi_cd() - CMD_CFGI_CD (IHI 0070 4.3.3), unchecked.
 * @c: receives the command (CPU order).
 * @sid: StreamID, < 2^caps->sid_bits.
 * @ssid: SubstreamID, < 2^caps->ssid_bits.
 * @leaf: only the CD itself (not an L1 CD descriptor) changed.
 * Return: nothing.
 */
static inline void smmuv3_cmd_build_cfgi_cd(struct smmuv3_cmd *c, uint32_t sid,
					    uint32_t ssid, bool leaf)
{
	c->dw[0] = SMMUV3_OP_CFGI_CD |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SSID, (uint64_t)ssid) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, (uint64_t)sid);
	c->dw[1] = leaf ? SMMUV3_CMD1_LEAF : 0u;
}

/**
 * smmuv3_cmd_build_atc_inv() - CMD_ATC_INV (IHI 0070 4.5.1), unchecked.
 * @c: receives the command (CPU order).
 * @sid: StreamID, < 2^caps->sid_bits.
 * @ssv: @ssid is valid (else every PASID of the range).
 * @ssid: SubstreamID (PASID), < 2^caps->ssid_bits; 0 when !@ssv.
 * @addr: start, aligned to 4 KB << @size.
 * @size: log2 of the span in 4 KB pages, <= SMMUV3_ATC_INV_SIZE_ALL.
 * Return: nothing.
 */
static inline void smmuv3_cmd_build_atc_inv(struct smmuv3_cmd *c, uint32_t sid,
					    bool ssv, uint32_t ssid,
					    uint64_t addr, uint8_t size)
{
	c->dw[0] = SMMUV3_OP_ATC_INV | (ssv ? SMMUV3_CMD0_SSV : 0u) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SSID, (uint64_t)ssid) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SID, (uint64_t)sid);
	c->dw[1] = addr | size;
}

/**
 * smmuv3_cmd_build_sync() - CMD_SYNC (IHI 0070 4.7.3), unchecked.
 * @c: receives the command (CPU order).
 * @cs: SMMUV3_SYNC_CS_NONE, _IRQ or _SEV.
 * @msh: MSI shareability (0, 2 or 3), 0 unless @cs is _IRQ.
 * @msiattr: MSI memory attributes (not a Reserved encoding), 0 unless _IRQ.
 * @msiaddr: MSI address, 4-byte aligned, below 2^52; 0 unless _IRQ.
 * The MSI payload (MSIData) is 0.
 * Return: nothing.
 */
static inline void smmuv3_cmd_build_sync(struct smmuv3_cmd *c, uint8_t cs,
					 uint8_t msh, uint8_t msiattr,
					 uint64_t msiaddr)
{
	c->dw[0] = SMMUV3_OP_CMD_SYNC |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_CS, (uint64_t)cs) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSH, (uint64_t)msh) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD0_SYNC_MSIATTR,
				     (uint64_t)msiattr);
	c->dw[1] = msiaddr;
}

#endif /* SMMUV3_CMD_H */
