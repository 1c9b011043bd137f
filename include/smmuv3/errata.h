/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the errata module's public API is defined by its issue. */
#ifndef SMMUV3_ERRATA_H
#define SMMUV3_ERRATA_H

#include <smmuv3/types.h>

#endif /* SMMUV3_ERRATA_H */
