/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the cmdq module's public API is defined by its issue. */
#ifndef SMMUV3_CMDQ_H
#define SMMUV3_CMDQ_H

#include <smmuv3/types.h>

#endif /* SMMUV3_CMDQ_H */
