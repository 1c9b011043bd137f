#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The demo (README): cross-build the library freestanding for AArch64 and run
# the bare-metal example on QEMU's virt machine with its SMMUv3: a real PCI
# device (edu) does DMA through a stage-1 domain (translated round trip,
# permission fault, remap, unmap); on a QEMU whose SMMU has stage 2 and
# nesting (10.0), the same through a stage-2 domain and a nested
# configuration. The first line says which QEMU and which SMMU features it
# found. Installs missing Debian packages first.
# Environment: SMMUV3_QEMU (default: Debian's qemu-system-aarch64, 7.2:
# stage 1 only); for stage 2 and nested, unpack QEMU 10.0 beside it with
#   SMMUV3_QEMU=$(scripts/get-qemu10.sh) scripts/demo.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/deps.sh" cmake make gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
exec "$here/scripts/run-qemu-example.sh" "$here/build/aarch64-freestanding" demo
