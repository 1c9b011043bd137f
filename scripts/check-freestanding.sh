#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Freestanding proof: cross-build the library for AArch64 with no libc
# headers reachable (-ffreestanding -nostdinc, see
# cmake/toolchains/aarch64-freestanding.cmake), then check that the archive
#  - references no symbol but memcpy/memset/memmove/memcmp,
#  - has no mutable data (.data*, .bss*, COMMON),
# and print its .text/.data/.bss sizes. Usage: check-freestanding.sh <src> <build dir>
set -euo pipefail
src=${1:?source dir}
bld=${2:?build dir}
cmake -S "$src" -B "$bld" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/aarch64-freestanding.cmake" \
      -DCMAKE_BUILD_TYPE=MinSizeRel >"$bld.configure.log" 2>&1 || { cat "$bld.configure.log"; exit 1; }
cmake --build "$bld" -j2 >"$bld.build.log" 2>&1 || { cat "$bld.build.log"; exit 1; }
lib="$bld/src/libsmmuv3.a"
fail=0
# Undefined in some member and not defined by any member of the archive.
defined=$(aarch64-linux-gnu-nm -g --defined-only "$lib" | awk 'NF==3 {print $3}' | sort -u)
undef=$(aarch64-linux-gnu-nm -u "$lib" | awk 'NF==2 {print $2}' | sort -u | comm -23 - <(echo "$defined"))
bad=$(echo "$undef" | grep -vxE 'memcpy|memset|memmove|memcmp|' || true)
if [ -n "$bad" ]; then
  echo "FAIL: the archive references symbols outside memcpy/memset/memmove/memcmp:"; echo "$bad"; fail=1
fi
mutable=$(aarch64-linux-gnu-objdump -h "$lib" | awk '$2 ~ /^\.(data|bss|tbss|tdata)/ && $3 !~ /^0+$/ {print $2, $3}')
common=$(aarch64-linux-gnu-nm "$lib" | awk '$2 ~ /^[CBbDdGgSs]$/ {print $3}')
if [ -n "$mutable$common" ]; then
  echo "FAIL: mutable global data in the archive:"; echo "$mutable"; echo "$common"; fail=1
fi
# The baremetal port must build freestanding too (it is allowed its own data).
[ -f "$bld/osal/baremetal/libsmmuv3_osal_baremetal.a" ] || { echo "FAIL: baremetal port not built"; fail=1; }
echo "libsmmuv3.a (aarch64, freestanding, MinSizeRel) section sizes:"
aarch64-linux-gnu-size -t "$lib" | awk 'NR==1 || /TOTALS/'
echo "undefined symbols: $(echo $undef)"
[ $fail -eq 0 ] && echo "freestanding check: PASS"
exit $fail
