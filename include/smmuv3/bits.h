/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Portable bit-field helpers. Masks are pre-shifted (GENMASK style); FIELD_PREP
 * and FIELD_GET derive the shift from the mask's lowest set bit, so one mask
 * macro names a field everywhere. All of these are integer constant
 * expressions under -std=c11 -pedantic when their arguments are.
 */
#ifndef SMMUV3_BITS_H
#define SMMUV3_BITS_H

#include <smmuv3/env.h>

#define SMMUV3_BIT32(n) ((uint32_t)1u << (n))
#define SMMUV3_BIT64(n) ((uint64_t)1u << (n))

/* Bits h..l inclusive, h >= l, h < width. */
#define SMMUV3_GENMASK32(h, l) \
	((uint32_t)((~(uint32_t)0 >> (31 - (h))) & (~(uint32_t)0 << (l))))
#define SMMUV3_GENMASK64(h, l) \
	((uint64_t)((~(uint64_t)0 >> (63 - (h))) & (~(uint64_t)0 << (l))))

/*
 * The lowest set bit of a non-zero constant mask, as a multiplier:
 * (mask & -mask). Using multiplication/division by the low bit instead of a
 * shift keeps these constant expressions without needing __builtin_ctz.
 */
#define SMMUV3_MASK_LSB(mask) ((mask) & (~(mask) + 1u))

/* Place @val into the field @mask (val is masked; callers range-check first). */
#define SMMUV3_FIELD_PREP(mask, val) \
	(((val) * SMMUV3_MASK_LSB(mask)) & (mask))
/* Extract the field @mask of @reg, shifted down to bit 0. */
#define SMMUV3_FIELD_GET(mask, reg) (((reg) & (mask)) / SMMUV3_MASK_LSB(mask))
/* Largest value the field @mask can hold. */
#define SMMUV3_FIELD_MAX(mask) ((mask) / SMMUV3_MASK_LSB(mask))
/* Whether @val fits into @mask without truncation. */
#define SMMUV3_FIELD_FITS(mask, val) ((uint64_t)(val) <= (uint64_t)SMMUV3_FIELD_MAX(mask))

#endif /* SMMUV3_BITS_H */
