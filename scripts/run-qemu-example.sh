#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Build (if needed) and run the bare-metal example under QEMU's virt machine
# with its SMMUv3 and an "edu" PCI DMA device. The program's exit status (by
# semihosting) is this script's: 0 pass, 77 skipped (the SMMU lacks what the
# group needs; the program says why), anything else a failure.
# Usage: run-qemu-example.sh [freestanding build dir] [test group]
#   groups: stage1 (default), stage2, nested, live, deviations, split
#   (examples/qemu-virt/README.md).
# Environment:
#   SMMUV3_QEMU          the qemu-system-aarch64 to run (default: from PATH;
#                        scripts/get-qemu10.sh prints QEMU 10.0's)
#   SMMUV3_QEMU_MACHINE  the machine type (default: virt)
#   SMMUV3_QEMU_PREBUILT 1: do not (re)build, the ELF is up to date
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bld=${1:-$src/build/aarch64-freestanding}
group=${2:-stage1}
qemu=${SMMUV3_QEMU:-qemu-system-aarch64}
machine=${SMMUV3_QEMU_MACHINE:-virt}
mkdir -p "$bld"
# Several groups may run in parallel (ctest -j): one build at a time. The
# ctest tests set SMMUV3_QEMU_PREBUILT=1: their fixture built the ELF.
[ "${SMMUV3_QEMU_PREBUILT:-0}" = 1 ] || (
  flock 9
  if [ ! -f "$bld/CMakeCache.txt" ]; then
    cmake -S "$src" -B "$bld" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/aarch64-freestanding.cmake" \
          -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
  fi
  cmake --build "$bld" -j2 --target smmuv3_qemu_virt >/dev/null
) 9>"$bld/.qemu-example.lock"
elf="$bld/examples/qemu-virt/smmuv3_qemu_virt.elf"
[ -f "$elf" ] || { echo "FAIL: $elf not built"; exit 1; }
# stage1 keeps edu's default 28-bit DMA mask: RAM starts at 1 GiB, so only
# a translated (IOVA below 256 MiB) DMA can reach it. The other groups need
# bypassed DMA to RAM and IPAs up to 2^40: a 40-bit mask.
edu=edu,addr=2
[ "$group" = stage1 ] || edu="$edu,dma_mask=0xffffffffff"
version=$("$qemu" --version | head -n1)
echo "QEMU: $version, machine $machine, group $group"
# The program expects the known deviations of this QEMU (docs/qemu.md).
qv=$(echo "$version" | sed -n 's/.*version \([0-9]*\.[0-9]*\).*/\1/p')
set +e
timeout 120 "$qemu" -M "$machine,iommu=smmuv3" -cpu cortex-a57 -m 512 -nographic \
  -nodefaults -serial stdio -semihosting -device "$edu" -kernel "$elf" -append "qemu=$qv machine=$machine $group"
rc=$?
set -e
[ $rc -eq 124 ] && echo "FAIL: QEMU example timed out"
exit $rc
