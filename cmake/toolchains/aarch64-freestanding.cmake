# SPDX-License-Identifier: BSD-2-Clause
# Freestanding AArch64 build of the library: no libc headers can be found
# (-nostdinc; only gcc's own freestanding headers via -isystem), no FP/SIMD
# registers (hypervisor and kernel code must not touch them).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=include
  OUTPUT_VARIABLE _smmuv3_gcc_inc OUTPUT_STRIP_TRAILING_WHITESPACE)
set(CMAKE_C_FLAGS_INIT "-ffreestanding -nostdinc -isystem ${_smmuv3_gcc_inc} -mgeneral-regs-only -mno-outline-atomics -fno-pie -fno-common -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector")
set(CMAKE_NM aarch64-linux-gnu-nm)
set(CMAKE_OBJCOPY aarch64-linux-gnu-objcopy)
set(CMAKE_SIZE aarch64-linux-gnu-size)
set(SMMUV3_FREESTANDING ON CACHE BOOL "" FORCE)
set(SMMUV3_OSAL_PORT baremetal CACHE STRING "" FORCE)
