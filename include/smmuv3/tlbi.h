/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the tlbi module's public API is defined by its issue. */
#ifndef SMMUV3_TLBI_H
#define SMMUV3_TLBI_H

#include <smmuv3/types.h>

#endif /* SMMUV3_TLBI_H */
