#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Build (if needed) and run the bare-metal example under QEMU's virt machine
# with its SMMUv3 and an "edu" PCI DMA device. The program's exit status (by
# semihosting) is this script's. Usage: run-qemu-example.sh [freestanding build dir]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bld=${1:-$src/build/aarch64-freestanding}
if [ ! -f "$bld/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$bld" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/aarch64-freestanding.cmake" \
        -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
fi
cmake --build "$bld" -j2 --target smmuv3_qemu_virt >/dev/null
elf="$bld/examples/qemu-virt/smmuv3_qemu_virt.elf"
# edu keeps its default 28-bit DMA mask: RAM starts at 1 GiB, so only a
# translated (IOVA below 256 MiB) DMA can reach it.
set +e
timeout 60 qemu-system-aarch64 -M virt,iommu=smmuv3 -cpu cortex-a57 -m 512 -nographic \
  -nodefaults -serial stdio -semihosting -device edu,addr=2 -kernel "$elf"
rc=$?
set -e
[ $rc -eq 124 ] && echo "FAIL: QEMU example timed out"
exit $rc
