/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the ste module's public API is defined by its issue. */
#ifndef SMMUV3_STE_H
#define SMMUV3_STE_H

#include <smmuv3/types.h>

#endif /* SMMUV3_STE_H */
