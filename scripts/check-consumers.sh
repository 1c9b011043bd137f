#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Package-consumer checks: install the library from a fresh build into a
# temporary prefix, then build and run test/consumer with find_package, with
# pkg-config, and with add_subdirectory. Usage: check-consumers.sh <src> <work dir>
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
rm -rf "$work" && mkdir -p "$work"
log="$work/log"
run() { "$@" >>"$log" 2>&1 || { echo "FAIL: $*"; tail -40 "$log"; exit 1; }; }
run cmake -S "$src" -B "$work/lib" -DCMAKE_BUILD_TYPE=Release -DSMMUV3_BUILD_TESTS=OFF \
    -DSMMUV3_BUILD_EXAMPLES=OFF -DSMMUV3_BUILD_TOOLS=OFF -DSMMUV3_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$work/prefix"
run cmake --build "$work/lib" -j2
run cmake --install "$work/lib"
# 1. find_package(smmuv3)
run cmake -S "$src/test/consumer" -B "$work/pkg" -DSMMUV3_CONSUME=package -DCMAKE_PREFIX_PATH="$work/prefix"
run cmake --build "$work/pkg"
"$work/pkg/consumer"
# 2. pkg-config
pcdir=$(dirname "$(find "$work/prefix" -name smmuv3.pc | head -1)")
flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs smmuv3)
run cc -std=c11 -Wall -Werror -o "$work/pc-consumer" "$src/test/consumer/main.c" \
    -I"$work/prefix/include/smmuv3/osal" $flags -L"$work/prefix/lib" -lsmmuv3_osal_hosted -lsmmuv3 -lpthread
"$work/pc-consumer"
# 3. add_subdirectory
run cmake -S "$src/test/consumer" -B "$work/sub" -DSMMUV3_CONSUME=subdir -DSMMUV3_SOURCE_DIR="$src"
run cmake --build "$work/sub" -j2
"$work/sub/consumer"
echo "consumer checks: PASS (find_package, pkg-config, add_subdirectory)"
