#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Image size and stack depth of src/ for AArch64, freestanding, -Os (the
# flags of cmake/toolchains/aarch64-freestanding.cmake):
#  - code (.text) and code plus constant data (.text + .rodata) per object,
#    for the a-la-carte subset a kernel with its own queue and page tables
#    takes (cmd, tlbi, ste, errata, idr) and for the whole of src/, each
#    against a limit;
#  - the worst-case stack depth of every public function through the call
#    graph (gcc -fcallgraph-info=su: each function's own frame plus the
#    deepest chain of direct calls below it; the library has no recursion,
#    which is checked). Calls through pointers (OSAL operations, caller
#    callbacks) are not followed: the caller's own functions add their
#    frames on top. Fails above the limit.
# Usage: check-size.sh <src dir> <scratch dir>
set -euo pipefail
src=$(cd "${1:?source dir}" && pwd)
out=${2:?scratch dir}
# Limits, bytes. Code alone (.text) has the targets the library is held to:
# the subset at most 16 KiB and the whole of src/ (with domains, the virtual
# SMMU and the page-table options) at most 48 KiB. Code plus constant data
# (.text + .rodata: the field and string tables are image too) has limits
# at today's figures (16.4 and 50.9 KiB), against growth and against code
# moved into tables looking like savings. The stack limit holds today's
# worst (1312 bytes: domain detach reaching the command queue's error
# handler). Lower each limit as the code shrinks.
SUBSET_TEXT_LIMIT=$((16 * 1024))
WHOLE_TEXT_LIMIT=$((48 * 1024))
SUBSET_LIMIT=$((33 * 512))
WHOLE_LIMIT=$((51 * 1024))
STACK_LIMIT=1344
subset="cmd tlbi ste errata idr"
cc=aarch64-linux-gnu-gcc
inc=$($cc -print-file-name=include)
rm -rf "$out"; mkdir -p "$out"
for f in "$src"/src/*.c; do
  b=$(basename "$f" .c)
  (cd "$out" && $cc -std=c11 -Os -ffreestanding -nostdinc -isystem "$inc" -mgeneral-regs-only \
    -mno-outline-atomics -fno-pie -fno-common -fno-asynchronous-unwind-tables -fno-unwind-tables \
    -fno-stack-protector -I"$src/include" -fcallgraph-info=su -c "$f" -o "$b.o")
done
fail=0
textonly() { aarch64-linux-gnu-size -A "$1" | awk '$1 == ".text" {print $2}'; }
echo "AArch64 -Os freestanding, bytes per object: .text + .rodata (.text alone):"
for o in "$out"/*.o; do
  printf "  %-16s %6d (%d)\n" "$(basename "$o")" \
    "$(aarch64-linux-gnu-size "$o" | awk 'NR == 2 {print $1}')" "$(textonly "$o")"
done
sum() { local t=0 o; for o in "$@"; do t=$((t + $(aarch64-linux-gnu-size "$out/$o.o" | awk 'NR==2 {print $1}'))); done; echo $t; }
sub=$(sum $subset)
whole=$(sum $(cd "$out" && ls *.o | sed 's/\.o$//'))
kib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1024}'; }
tsum() { local t=0 o; for o in "$@"; do t=$((t + $(textonly "$out/$o.o"))); done; echo $t; }
tsub=$(tsum $subset)
twhole=$(tsum $(cd "$out" && ls *.o | sed 's/\.o$//'))
printf "  subset (%s): .text %d bytes (%s KiB), limit %d; .text + .rodata %d (%s KiB), limit %d\n" \
  "$subset" "$tsub" "$(kib "$tsub")" $SUBSET_TEXT_LIMIT "$sub" "$(kib "$sub")" $SUBSET_LIMIT
printf "  whole src/: .text %d bytes (%s KiB), limit %d; .text + .rodata %d (%s KiB), limit %d\n" \
  "$twhole" "$(kib "$twhole")" $WHOLE_TEXT_LIMIT "$whole" "$(kib "$whole")" $WHOLE_LIMIT
[ "$tsub" -le $SUBSET_TEXT_LIMIT ] || { echo "FAIL: subset code above its limit"; fail=1; }
[ "$twhole" -le $WHOLE_TEXT_LIMIT ] || { echo "FAIL: src/ code above its limit"; fail=1; }
[ "$sub" -le $SUBSET_LIMIT ] || { echo "FAIL: subset code + constants above its limit"; fail=1; }
[ "$whole" -le $WHOLE_LIMIT ] || { echo "FAIL: src/ code + constants above its limit"; fail=1; }

echo "Worst-case stack depth of each public function (bytes; own frame + deepest direct calls):"
report=$(cat "$out"/*.ci | awk -v limit=$STACK_LIMIT '
  function q(s) { sub(/^"/, "", s); sub(/"$/, "", s); return s }
  /^node:/ {
    if (match($0, /title: "[^"]*"/)) t = q(substr($0, RSTART + 7, RLENGTH - 7)); else next
    if (match($0, /\\n[0-9]+ bytes/)) { s = substr($0, RSTART + 2, RLENGTH - 2); sub(/ bytes/, "", s); su[t] = s + 0 }
  }
  /^edge:/ {
    match($0, /sourcename: "[^"]*"/); a = q(substr($0, RSTART + 12, RLENGTH - 12))
    match($0, /targetname: "[^"]*"/); b = q(substr($0, RSTART + 12, RLENGTH - 12))
    if (!((a SUBSEP b) in seen)) { seen[a, b] = 1; nc[a]++; callee[a, nc[a]] = b }
  }
  function depth(f,    i, d, m, c) {
    if (f in memo) return memo[f]
    if (f in onstack) { recursion = recursion " " f; return 0 }
    onstack[f] = 1; m = 0; c = ""
    for (i = 1; i <= nc[f]; i++) { d = depth(callee[f, i]); if (d > m) { m = d; c = callee[f, i] } }
    delete onstack[f]
    memo[f] = su[f] + m; via[f] = c
    return memo[f]
  }
  END {
    worst = 0
    for (f in su) if (f !~ /[\/:]/ && f ~ /^smmuv3_/) {
      d = depth(f); path = f; g = f
      while (via[g] != "") { g = via[g]; n = split(g, p, ":"); path = path " > " p[n] }
      printf "  %5d  %s\n", d, path
      if (d > worst) { worst = d; wf = f }
    }
    printf "WORST %d %s\n", worst, wf
    if (recursion != "") printf "RECURSION%s\n", recursion
  }' | sort -k1,1nr)
echo "$report" | grep -v '^WORST\|^RECURSION'
worst=$(echo "$report" | awk '/^WORST/ {print $2, $3}')
echo "  deepest: ${worst%% *} bytes (${worst#* }), limit $STACK_LIMIT"
if echo "$report" | grep -q '^RECURSION'; then echo "FAIL: recursion:$(echo "$report" | sed -n 's/^RECURSION//p')"; fail=1; fi
[ "${worst%% *}" -le $STACK_LIMIT ] || { echo "FAIL: stack depth above its limit"; fail=1; }
[ $fail -eq 0 ] && echo "size and stack check: PASS"
exit $fail
