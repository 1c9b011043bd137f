#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Static analysis of the library sources (src/, fdt/, acpi/): cppcheck and clang-tidy,
# both must report nothing. Usage: check-static.sh <src> <build dir>
# Suppressed cppcheck checks, and why: missingIncludeSystem (freestanding
# headers), unusedFunction (a library's API), constParameterCallback (ops
# signatures are fixed), unusedStructMember (hardware/ABI layouts),
# variableScope (kernel style declares at the top of a block).
set -euo pipefail
src=${1:?source dir}
cd "$src"
fail=0
echo "== cppcheck src/"
if ! cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,style,performance,portability \
     --inline-suppr --suppress=missingIncludeSystem --suppress=unusedFunction \
     --suppress=constParameterCallback --suppress=unusedStructMember \
     --suppress=variableScope \
     -I include -I src -D__GNUC__ src/*.c fdt/*.c acpi/*.c; then
  fail=1
fi
echo "== clang-tidy src/"
for f in src/*.c fdt/*.c acpi/*.c; do
  case "$f" in fdt/*) extra="-I/usr/include";; *) extra="";; esac
  if ! clang-tidy --quiet "$f" -- -std=c11 -Iinclude -Isrc $extra >/tmp/clang-tidy.$$ 2>&1; then
    cat /tmp/clang-tidy.$$; fail=1
  fi
done
rm -f /tmp/clang-tidy.$$
[ $fail -eq 0 ] && echo "static analysis: PASS"
exit $fail
