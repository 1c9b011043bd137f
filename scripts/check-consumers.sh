#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Package-consumer checks. Installs the library from a fresh build with
# `cmake --install --prefix` (the documented way: the prefix is chosen at
# install time, not at configure time), then builds test/consumer three
# ways: find_package, pkg-config (no flag beyond what pkg-config prints),
# add_subdirectory. Each way runs the hosted-port consumer and the IOMMU
# glue's model test, and checks that the glue built with its TLBI
# forgotten FAILS its test with a stale-TLB report. Last, two copies
# built with symbol prefixes a_ and b_ are installed into one prefix and
# linked into one program (CMake package and pkg-config).
# Usage: check-consumers.sh <src> <work dir>
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
rm -rf "$work" && mkdir -p "$work"
log="$work/log"
run() { "$@" >>"$log" 2>&1 || { echo "FAIL: $*"; tail -40 "$log"; exit 1; }; }
lib_opts=(-DCMAKE_BUILD_TYPE=Release -DSMMUV3_BUILD_TESTS=OFF -DSMMUV3_BUILD_EXAMPLES=OFF
          -DSMMUV3_INSTALL=ON)
prefix="$work/prefix"

# The glue test must pass; its forgotten-TLBI twin must fail, naming it.
check_glue() { # <good binary> <buggy binary>
    run "$1"
    if "$2" >"$work/buggy.out" 2>&1; then
        echo "FAIL: $2 passed: the forgotten TLBI went unseen"; cat "$work/buggy.out"; exit 1
    fi
    grep -q "stale TLB entry" "$work/buggy.out" ||
        { echo "FAIL: $2 failed without naming the stale TLB entry"; cat "$work/buggy.out"; exit 1; }
}

run cmake -S "$src" -B "$work/lib" "${lib_opts[@]}" -DSMMUV3_BUILD_TOOLS=ON
run cmake --build "$work/lib" -j2
run cmake --install "$work/lib" --prefix "$prefix"
# The installed decoder works from the install (the QEMU demo's record).
"$prefix/bin/smmuv3-decode" event 0x0000001000000010 0 0x200000 0 | grep -q "F_TRANSLATION (0x10) sid=0x10" ||
    { echo "FAIL: installed smmuv3-decode"; exit 1; }

# 1. find_package(smmuv3)
run cmake -S "$src/test/consumer" -B "$work/pkg" -DSMMUV3_CONSUME=package -DCMAKE_PREFIX_PATH="$prefix"
run cmake --build "$work/pkg" -j2
run "$work/pkg/consumer"
check_glue "$work/pkg/glue_test" "$work/pkg/glue_test_forgot_tlbi"

# 2. pkg-config, from a copy of the prefix moved elsewhere (relocatable .pc)
cp -a "$prefix" "$work/moved"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$(find "$work/moved" -name smmuv3.pc | head -1)")
pc() { pkg-config "$@" || { echo "FAIL: pkg-config $*"; exit 1; }; }
[ "$(pc --variable=prefix smmuv3)" -ef "$work/moved" ] ||
    { echo "FAIL: smmuv3.pc does not follow its prefix"; exit 1; }
run cc -std=c11 -Wall -Werror -o "$work/pc-consumer" "$src/test/consumer/main.c" \
    $(pc --cflags --libs smmuv3-osal-hosted)
run "$work/pc-consumer"
for v in good buggy; do
    def=""; [ $v = buggy ] && def="-DGLUE_FORGET_TLBI=1"
    run cc -std=c11 -Wall -Wextra -Werror $def -o "$work/pc-glue-$v" "$src/test/consumer/model_test.c" \
        "$src/test/consumer/iommu_glue.c" $(pc --cflags --libs smmuv3-model)
done
check_glue "$work/pc-glue-good" "$work/pc-glue-buggy"
unset PKG_CONFIG_PATH

# 3. add_subdirectory
run cmake -S "$src/test/consumer" -B "$work/sub" -DSMMUV3_CONSUME=subdir -DSMMUV3_SOURCE_DIR="$src"
run cmake --build "$work/sub" -j2
run "$work/sub/consumer"
check_glue "$work/sub/glue_test" "$work/sub/glue_test_forgot_tlbi"

# 4. Two prefixed copies installed side by side, linked into one program.
both="$work/both"
for p in a b; do
    run cmake -S "$src" -B "$work/lib-$p" "${lib_opts[@]}" -DSMMUV3_BUILD_TOOLS=OFF -DSMMUV3_SYMBOL_PREFIX=${p}_ -DSMMUV3_BUILD_MODEL=OFF -DSMMUV3_FDT=OFF
    run cmake --build "$work/lib-$p" -j2
    run cmake --install "$work/lib-$p" --prefix "$both"
done
for f in lib/liba_smmuv3.a lib/libb_smmuv3.a include/smmuv3/smmuv3_prefix_a_smmuv3.h \
         include/smmuv3/smmuv3_prefix_b_smmuv3.h lib/cmake/a_smmuv3/a_smmuv3Config.cmake \
         lib/cmake/b_smmuv3/b_smmuv3Config.cmake lib/pkgconfig/a_smmuv3.pc lib/pkgconfig/b_smmuv3.pc; do
    [ -e "$both/$f" ] || { echo "FAIL: $f not installed"; ls -R "$both" | head -40; exit 1; }
done
run cmake -S "$src/test/consumer" -B "$work/two" -DSMMUV3_CONSUME=prefixes -DCMAKE_PREFIX_PATH="$both"
run cmake --build "$work/two" -j2
run "$work/two/two_copies"
export PKG_CONFIG_PATH="$both/lib/pkgconfig"
for p in a b; do
    run cc -std=c11 -Wall -Werror -c -DCOPY_FN=use_copy_$p $(pc --cflags ${p}_smmuv3) \
        -o "$work/user_$p.o" "$src/test/build/two_copies_user.c"
done
run cc -o "$work/pc-two" "$src/test/build/two_copies_main.c" "$work/user_a.o" "$work/user_b.o" \
    $(pc --libs a_smmuv3) $(pc --libs b_smmuv3)
run "$work/pc-two"
echo "consumer checks: PASS (find_package, pkg-config, add_subdirectory; forgotten TLBI caught each way; two prefixed copies side by side)"
