#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The demo (README): cross-build the library freestanding for AArch64 and run
# the bare-metal example on QEMU's virt machine with its SMMUv3: a real PCI
# device (edu) does DMA through a stage-1 domain, then is blocked after an
# unmap. Installs missing Debian packages first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/deps.sh" cmake make gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
exec "$here/scripts/run-qemu-example.sh" "$here/build/aarch64-freestanding"
