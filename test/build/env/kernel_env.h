/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A replacement environment header (see include/smmuv3/env.h), written as a
 * kernel would: no C library or compiler header at all, the types built
 * from the compiler's predefined macros. The build test compiles every
 * file of src/ with -nostdinc and only this, so a use of anything the
 * documented environment does not provide fails to compile.
 */
#ifndef KERNEL_ENV_H
#define KERNEL_ENV_H

typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __SIZE_TYPE__ size_t;
typedef _Bool bool;

#define true 1
#define false 0
#define NULL ((void *)0)

#define UINT32_MAX __UINT32_MAX__
#define UINT64_MAX __UINT64_MAX__
#define SIZE_MAX __SIZE_MAX__

#endif /* KERNEL_ENV_H */
