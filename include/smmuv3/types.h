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

/*
 * SMMUV3_MUST_CHECK marks every fallible function: its result must be used.
 * gcc's warn_unused_result is not silenced by a (void) cast (by design), so
 * check the result even on cleanup paths ("if (ret) report(ret);"); see
 * docs/testing-with-the-model.md, "Checking return values". A build that
 * must ignore results can define SMMUV3_MUST_CHECK as empty before
 * including any header.
 */
#ifndef SMMUV3_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define SMMUV3_MUST_CHECK __attribute__((warn_unused_result))
#else
#define SMMUV3_MUST_CHECK
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define SMMUV3_UNUSED __attribute__((unused))
#else
#define SMMUV3_UNUSED
#endif

#ifndef SMMUV3_API
#define SMMUV3_API
#endif

#endif /* SMMUV3_TYPES_H */
