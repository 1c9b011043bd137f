/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Errata and platform quirks: one constant table (src/errata.c), applied by
 * smmuv3_idr_resolve(). Each row names the erratum or quirk, its trigger
 * (an IIDR implementer/product/version range, firmware flags, features) and
 * its effect, which only clears SMMUV3_FEAT_* bits and sets SMMUV3_OPT_*
 * bits. Bit i of struct smmuv3_caps.errata says row i applied.
 * docs/errata.md mirrors the table.
 *
 * Errata a la carte: what the command queue (src/cmdq.c) does because of
 * an option an erratum set is also exposed here as pure functions of the
 * resolved capabilities (smmuv3_errata_sync_interval(),
 * smmuv3_errata_cmd_repeat(), smmuv3_errata_cmd_drop()), and cmdq.c uses
 * them. A caller that keeps its own command queue (and takes only the
 * encoders, the TLBI planner, the STE writer and this table) applies the
 * same rules by calling them:
 *   - after at most smmuv3_errata_sync_interval() commands, a CMD_SYNC
 *     (MMU-700 erratum 2812531), so a batch ends with one at least that
 *     often;
 *   - each command for which smmuv3_errata_cmd_repeat() is true is issued
 *     again after the CMD_SYNC that follows it has completed, followed by
 *     a second CMD_SYNC (Tegra264);
 *   - a command for which smmuv3_errata_cmd_drop() is true is not issued
 *     (broken PREFETCH_* on Hi161x).
 * Each is false (or 0) unless its option is set in caps->options.
 */
#ifndef SMMUV3_ERRATA_H
#define SMMUV3_ERRATA_H

#include <smmuv3/cmd.h>
#include <smmuv3/idr.h>
#include <smmuv3/types.h>

/*
 * Version of a part as one byte 0xVR: IIDR.Variant (the X of rXpY) in the
 * high nibble, IIDR.Revision (the Y) in the low nibble, so r1p0 = 0x10 and
 * "before r1p1" is the interval [0x00, 0x10].
 */
#define SMMUV3_RXPY(x, y) ((uint8_t)(((x) << 4) | (y)))

/*
 * A row holds no text and no pointer, so the table is pure read-only data
 * even in position-independent builds (no .data.rel.ro): its name and
 * reason are indices into one constant string of the library's, read with
 * smmuv3_errata_name() and smmuv3_errata_reason(). A trigger or option
 * mask is as wide as the bits the rows use need (SMMUV3_FEAT_* bits 0..31
 * in feat_required, SMMUV3_FW_* and SMMUV3_OPT_* bits 0..15; a wider
 * constant does not compile); feat_clear has all 64 bits, so
 * "features &= ~row->feat_clear" is right as written. Fields are ordered by
 * size, so a row is 32 bytes (30 and tail padding).
 */
struct smmuv3_erratum {
	uint64_t feat_clear;	/* effect: SMMUV3_FEAT_* cleared */
	uint32_t feat_required; /* trigger: SMMUV3_FEAT_* all set */
	uint16_t fw_required;	/* trigger: SMMUV3_FW_* all set */
	uint16_t fw_forbidden;	/* trigger: SMMUV3_FW_* all clear */
	uint16_t opt_set;	/* effect: SMMUV3_OPT_* set */

	/* Trigger: every condition present must hold. */
	uint16_t implementer; /* IIDR.Implementer */
	uint16_t product;     /* IIDR.ProductID */
	/*
	 * Version: rXpY (SMMUV3_RXPY) in [ver_lo, ver_hi] AND revision (Y) in
	 * [rev_lo, rev_hi]; with rev_or, OR instead of AND (used for "r0pX or
	 * rXp0").
	 */
	uint8_t ver_lo, ver_hi;
	uint8_t rev_lo, rev_hi;
	bool match_iidr; /* IIDR condition above is used */
	bool rev_or;	 /* version OR revision (see ver_lo) */

	/* Text: read through smmuv3_errata_name() / smmuv3_errata_reason(). */
	uint8_t name_id;   /* erratum or quirk name */
	uint8_t reason_id; /* one line: what goes wrong */
};

/**
 * smmuv3_errata_count() - number of rows in the table.
 *
 * Return: the number of rows (at most 64, the width of caps.errata).
 */
SMMUV3_API unsigned int smmuv3_errata_count(void);

/**
 * smmuv3_errata_row() - row @i of the table.
 * @i: row index, 0 .. smmuv3_errata_count() - 1.
 *
 * Return: the constant row, or NULL if @i >= smmuv3_errata_count().
 */
SMMUV3_API const struct smmuv3_erratum *smmuv3_errata_row(unsigned int i);

/**
 * smmuv3_errata_name() - the name of an erratum or quirk row.
 * @row: a row from smmuv3_errata_row() (or a copy of one); NULL allowed.
 *
 * Return: a constant NUL-terminated string, e.g. "Arm MMU-600 erratum
 * 1076982" or a device-tree quirk property; NULL if @row is NULL or its
 * name_id is not one of the library's texts.
 */
SMMUV3_API const char *smmuv3_errata_name(const struct smmuv3_erratum *row);

/**
 * smmuv3_errata_reason() - the one-line reason of an erratum or quirk row.
 * @row: a row from smmuv3_errata_row() (or a copy of one); NULL allowed.
 *
 * Return: a constant NUL-terminated string saying what goes wrong; NULL if
 * @row is NULL or its reason_id is not one of the library's texts.
 */
SMMUV3_API const char *smmuv3_errata_reason(const struct smmuv3_erratum *row);

/**
 * smmuv3_errata_matches() - whether @row triggers.
 * @row:      a row (NULL never matches).
 * @iidr:     raw SMMU_IIDR.
 * @fw_flags: SMMUV3_FW_*.
 * @features: SMMUV3_FEAT_* before any erratum is applied.
 *
 * Return: true if every condition of @row holds, else false.
 */
SMMUV3_API bool smmuv3_errata_matches(const struct smmuv3_erratum *row,
				      uint32_t iidr, uint32_t fw_flags,
				      uint64_t features);

/**
 * smmuv3_errata_apply() - apply every matching row.
 * @iidr:     raw SMMU_IIDR.
 * @fw_flags: SMMUV3_FW_*.
 * @features: in: features from the ID registers and firmware; out: with
 *            every matching row's feat_clear removed. All rows are matched
 *            against the input value, so row order does not matter.
 * @options:  in/out: every matching row's opt_set added.
 * @applied:  receives bit i set for each row i that matched.
 *
 * Return: 0; SMMUV3_EINVAL if a pointer is NULL.
 * On error: nothing is written.
 */
SMMUV3_API SMMUV3_MUST_CHECK int
smmuv3_errata_apply(uint32_t iidr, uint32_t fw_flags, uint64_t *features,
		    uint32_t *options, uint64_t *applied);

/* MMU-700 erratum 2812531: at most this many commands between CMD_SYNCs. */
#define SMMUV3_ERRATA_2812531_SYNC_INTERVAL 63u

/**
 * smmuv3_errata_sync_interval() - the most commands that may be written
 * to the command queue between two CMD_SYNCs.
 * @caps: resolved capabilities (NULL: no limit).
 *
 * What must follow each batch: with SMMUV3_OPT_CMDQ_FORCE_SYNC (MMU-700
 * erratum 2812531) a CMD_SYNC after at most
 * SMMUV3_ERRATA_2812531_SYNC_INTERVAL commands, so a longer batch is
 * split by CMD_SYNCs (which need not be waited for).
 * Return: the limit, or 0 for no limit.
 */
SMMUV3_API uint32_t smmuv3_errata_sync_interval(const struct smmuv3_caps *caps);

/**
 * smmuv3_errata_cmd_repeat() - whether @cmd must be issued twice.
 * @caps: resolved capabilities (NULL: never).
 * @cmd: an encoded command (CPU order; NULL: never).
 *
 * With SMMUV3_OPT_REPEAT_INV (Tegra264) every CFGI_* and TLBI_* (opcodes
 * 0x03 .. 0x3f) must be issued, followed by a CMD_SYNC, and issued again
 * once that CMD_SYNC completed, followed by another CMD_SYNC.
 * Return: true if @cmd needs the repetition, else false.
 */
SMMUV3_API bool smmuv3_errata_cmd_repeat(const struct smmuv3_caps *caps,
					 const struct smmuv3_cmd *cmd);

/**
 * smmuv3_errata_cmd_drop() - whether @cmd must not be issued at all.
 * @caps: resolved capabilities (NULL: never).
 * @cmd: an encoded command (CPU order; NULL: never).
 *
 * With SMMUV3_OPT_SKIP_PREFETCH (hisilicon,broken-prefetch-cmd)
 * PREFETCH_CONFIG and PREFETCH_ADDR are dropped: they are hints, so
 * dropping them changes no result.
 * Return: true if @cmd must be dropped, else false.
 */
SMMUV3_API bool smmuv3_errata_cmd_drop(const struct smmuv3_caps *caps,
				       const struct smmuv3_cmd *cmd);

#endif /* SMMUV3_ERRATA_H */
