#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# One QEMU comparison run: dump the DT of a virt machine with an SMMUv3 and
# two edu devices, boot fwcfg_dump.elf on the same machine to dump its IORT,
# and compare both descriptions (qemu_iort_compare).
# Usage: run.sh <qemu-system-aarch64> <fwcfg_dump.elf> <qemu_iort_compare> <workdir> <label>
#   <qemu-system-aarch64> may be "qemu10": then the binary comes from
#   $SMMUV3_QEMU10, else from scripts/get-qemu10.sh (prints its path); if
#   neither gives one the run is SKIPPED (exit 77, reported by ctest as
#   skipped, with a loud message), never passed.
set -euo pipefail
qemu=$1 elf=$2 cmp=$3 work=$4 label=$5
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$qemu" = qemu10 ]; then
  qemu=${SMMUV3_QEMU10:-}
  if [ -z "$qemu" ] && [ -x "$src/scripts/get-qemu10.sh" ]; then
    qemu=$("$src/scripts/get-qemu10.sh" 2>/dev/null) || qemu=
  fi
  if [ -z "$qemu" ] || [ ! -x "$qemu" ]; then
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "SKIPPED: QEMU 10.0 comparison NOT RUN: no QEMU 10.0 binary"
    echo "  (set SMMUV3_QEMU10=/path/to/qemu-system-aarch64, or provide"
    echo "   scripts/get-qemu10.sh printing its path)"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    exit 77
  fi
fi
mkdir -p "$work"
echo "$label: $("$qemu" --version | head -1)"
machine="virt,iommu=smmuv3"
devs=(-device edu,addr=2 -device edu,addr=3)
rm -f "$work/$label.dtb" "$work/$label.log"
timeout 60 "$qemu" -M "$machine,dumpdtb=$work/$label.dtb" -cpu cortex-a57 -m 512 \
  -nographic -nodefaults "${devs[@]}" >/dev/null 2>&1 || true
[ -s "$work/$label.dtb" ] || { echo "FAIL: QEMU did not dump its DTB"; exit 1; }
set +e
timeout 60 "$qemu" -M "$machine" -cpu cortex-a57 -m 512 -nographic -nodefaults \
  -serial stdio -semihosting "${devs[@]}" -kernel "$elf" > "$work/$label.log"
rc=$?
set -e
if [ $rc -ne 0 ]; then
  cat "$work/$label.log"
  echo "FAIL: fwcfg_dump exited with $rc"
  exit 1
fi
"$cmp" "$work/$label.log" "$work/$label.dtb"
