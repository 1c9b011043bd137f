/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The environment the library is compiled in: the scalar types and limits
 * it uses, and nothing else. This default takes them from the compiler's
 * own freestanding headers (<stdbool.h>, <stddef.h>, <stdint.h>: part of
 * every C11 compiler, even with -ffreestanding). An embedder whose build
 * has none of them (a Linux kernel module is compiled with -nostdinc)
 * replaces this file with its own, as libfdt's libfdt_env.h is replaced:
 * either define SMMUV3_ENV_HEADER to the name of a header (e.g.
 * -DSMMUV3_ENV_HEADER='"my_smmuv3_env.h"'), or put a file named
 * smmuv3/env.h ahead of this one on the include path. docs/porting.md
 * lists what a replacement must provide:
 *   types   uint8_t uint16_t uint32_t uint64_t int32_t int64_t uintptr_t
 *           size_t bool
 *   values  true false NULL
 *   limits  UINT32_MAX UINT64_MAX SIZE_MAX
 * and that the library calls no function but memcpy, memset, memmove and
 * memcmp (which the embedder links).
 */
#ifndef SMMUV3_ENV_H
#define SMMUV3_ENV_H

#ifdef SMMUV3_ENV_HEADER
#include SMMUV3_ENV_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#endif /* SMMUV3_ENV_H */
