// SPDX-License-Identifier: BSD-2-Clause
/* Placeholder translation unit for the idr module (to be implemented). */
#include <smmuv3/smmuv3.h>

#include "internal.h"
