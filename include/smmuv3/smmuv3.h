/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libsmmuv3 umbrella header: a portable, freestanding driver library for
 * the Arm SMMUv3 (IHI 0070). Include this, or only the module headers you
 * use. Architectural definitions (register and descriptor layouts) are in
 * <smmuv3/hw/...> and are not included here.
 */
#ifndef SMMUV3_SMMUV3_H
#define SMMUV3_SMMUV3_H

#include <smmuv3/config.h>
#include <smmuv3/types.h>
#include <smmuv3/bits.h>
#include <smmuv3/err.h>
#include <smmuv3/osal.h>
#include <smmuv3/idr.h>
#include <smmuv3/errata.h>
#include <smmuv3/cmd.h>
#include <smmuv3/cmdq.h>
#include <smmuv3/tlbi.h>
#include <smmuv3/ste.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/device.h>
#include <smmuv3/domain.h>
#include <smmuv3/vsmmu.h>

/**
 * smmuv3_version() - the version of the compiled library.
 * Return: its SMMUV3_VERSION ((major << 16) | (minor << 8) | patch), to
 * compare with the headers' SMMUV3_VERSION.
 */
SMMUV3_API uint32_t smmuv3_version(void);

#endif /* SMMUV3_SMMUV3_H */
