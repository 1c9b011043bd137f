#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The full run of the command-path benchmarks (ctest -L bench runs them at
# a smoke size): bench_tlbi on 1,000,000 cases and bench_cmdq, timed; then
# instruction counts under callgrind, which do not depend on the machine:
#  - TLBI planning per case: the raw transcription, the prepared path
#    (smmuv3_tlbi_prep_encode) and the one-shot smmuv3_tlbi_plan_encode,
#    with and without RIL, and the ratios library / raw;
#  - per command: CFGI_STE, CFGI_CD, ATC_INV, CMD_SYNC by raw shifts, by the
#    library's unchecked builders and by smmuv3_cmd_encode;
#  - the command-queue insert path: the library's own instructions (the
#    fake consumer's excluded) per inserted command and per batch.
# With --quick (ctest's bench_cmd_instructions): no timed run, smaller
# callgrind runs (20,000 TLBI cases), exit 77 (skipped) without valgrind.
# Usage: scripts/bench-cmd.sh [--quick] [build dir, default build/gcc]
set -euo pipefail
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
here=$(cd "$(dirname "$0")/.." && pwd)
bld=${1:-$here/build/gcc}
tlbi=$bld/test/bench_tlbi
cmdq=$bld/test/bench_cmdq
[ -x "$tlbi" ] && [ -x "$cmdq" ] || { echo "build $bld first (cmake --preset gcc)"; exit 1; }
command -v valgrind >/dev/null || {
  echo "valgrind missing (Debian package valgrind)"; [ $quick = 1 ] && exit 77; exit 1; }
# Sanitizer builds do not run under valgrind (and their counts mean nothing).
# (grep reads all of nm's output: with -q, nm's SIGPIPE fails the pipeline.)
if nm "$tlbi" 2>/dev/null | grep -E '__(asan|tsan|msan)_init' >/dev/null; then
  echo "sanitizer build: no instruction counts"; [ $quick = 1 ] && exit 77; exit 1
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if [ $quick = 0 ]; then
  echo "== timed (gcc -O2 as built) =="
  "$tlbi" 1000000
  "$cmdq" 2000
  echo
fi

# Inclusive instructions of function $2 in callgrind output $1.
incl() { callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$1" 2>/dev/null |
  awk -v f="$2" '!d && $0 ~ ":"f"(\\.[a-z.0-9]+)? " {gsub(",", "", $1); print $1; d = 1}'; }
cg() { local out=$1; shift; valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >"$out.log" 2>&1 ||
  { echo "callgrind failed on $*:"; tail -5 "$out.log"; return 1; }; }

echo "== instructions (callgrind; ratio = library / raw, <= 1.00 is the target for prep_encode with RIL) =="
n=100000; [ $quick = 1 ] && n=20000
for mode in ril noril; do
  cg "$tmp/t.$mode" --toggle-collect='loop_*' "$tlbi" $n $mode
  raw=$(incl "$tmp/t.$mode" loop_raw); prep=$(incl "$tmp/t.$mode" loop_prep); one=$(incl "$tmp/t.$mode" loop_oneshot)
  awk -v m=$mode -v n=$n -v r="$raw" -v p="$prep" -v o="$one" 'BEGIN {
    printf "TLBI %-6s per case: raw %.1f, prep_encode %.1f (ratio %.2f), plan_encode %.1f (ratio %.2f)\n",
      m, r / n, p / n, p / r, o / n, o / r }'
done
names=(CFGI_STE CFGI_CD ATC_INV CMD_SYNC)
for k in 0 1 2 3; do
  cg "$tmp/e.$k" --toggle-collect='loop_enc_*' "$tlbi" 1000 enc $k
  calls=$(( (1000 / 1000 + 10 + 1) * 1024 ))
  raw=$(incl "$tmp/e.$k" loop_enc_raw); lib=$(incl "$tmp/e.$k" loop_enc_lib); chk=$(incl "$tmp/e.$k" loop_enc_checked)
  awk -v m=${names[$k]} -v n=$calls -v r="$raw" -v l="$lib" -v c="$chk" 'BEGIN {
    printf "%-8s per command: raw %.1f, builder %.1f (ratio %.2f), smmuv3_cmd_encode %.1f (ratio %.1f)\n",
      m, r / n, l / n, l / r, c / n, c / r }'
done
iters=2000; [ $quick = 1 ] && iters=200
for b in 1 64; do
  cg "$tmp/q.$b" --toggle-collect=loop_submit "$cmdq" $iters insert $b
  # The library's own functions (src/, and inline helpers of include/).
  lib=$(callgrind_annotate --auto=no --threshold=100 "$tmp/q.$b" 2>/dev/null |
    awk '$1 ~ /^[0-9,]+$/ && $0 ~ /%\) +([^ ]*\/)?(src|include\/smmuv3)\/[^ ]*:/ {gsub(",", "", $1); s += $1} END {print s + 0}')
  eval "q$b=$lib"
done
awk -v a="$q1" -v b="$q64" -v n=$iters 'BEGIN {
  per = (b - a) / n / 63; printf "cmdq insert path (library only): %.1f instructions per inserted command, %.1f per batch (batch of 1: %.1f, of 64: %.1f)\n",
    per, a / n - per, a / n, b / n }'
