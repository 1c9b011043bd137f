/* SPDX-License-Identifier: BSD-2-Clause */
/* The one-input body shared by the libFuzzer target and the replay driver. */
#ifndef SMMUV3_FUZZ_FDT_H
#define SMMUV3_FUZZ_FDT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Run every device-tree entry point over @data; traps on a broken invariant.
 * Return: bit 0 set if the blob opened, bit 1 if an SMMU node parsed.
 */
int fuzz_fdt_one(const uint8_t *data, size_t size);

#endif
