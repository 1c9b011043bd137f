/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Scalar types and compiler attributes shared by every public header. The
 * standard types come from <smmuv3/env.h>, which an embedder may replace.
 */
#ifndef SMMUV3_TYPES_H
#define SMMUV3_TYPES_H

#include <smmuv3/config.h>
#include <smmuv3/env.h>

typedef uint64_t smmuv3_pa_t;    /* physical (bus) address as the SMMU sees it */
typedef uint64_t smmuv3_iova_t;  /* input address of a translation */

#if defined(__GNUC__) || defined(__clang__)
#define SMMUV3_MUST_CHECK __attribute__((warn_unused_result))
#define SMMUV3_UNUSED __attribute__((unused))
#else
#define SMMUV3_MUST_CHECK
#define SMMUV3_UNUSED
#endif

#ifndef SMMUV3_API
#define SMMUV3_API
#endif

#endif /* SMMUV3_TYPES_H */
