#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Long fuzzing campaign (docs/testing.md): builds the "fuzz" preset (clang,
# libFuzzer, ASan+UBSan, coverage-instrumented library) and runs every fuzz
# target (or those named) for a while each, from its committed seed corpus,
# one after the other. New inputs go to a scratch corpus under the output
# directory, never into the source tree; crashes are saved there as
# crash-* / timeout-* / leak-* files. At the end a table (markdown, also in
# <out>/summary.md) gives per target: runs, executions per second, library
# edges covered ("cov", only the library is instrumented), features, scratch
# corpus size, findings.
#
# usage: scripts/fuzz-campaign.sh [-t seconds] [-o outdir] [-m] [target...]
#   -t  seconds per target (default 300)
#   -o  output directory (default build/fuzz-campaign/<UTC date-time>)
#   -m  afterwards merge inputs that add coverage into the seed corpus
#       (test/fuzz/corpus/...), minimised, for review and commit
# Exit status: 0 when no target found anything, 1 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=300
out=""
merge=0
while getopts "t:o:m" opt; do
  case $opt in
    t) secs=$OPTARG ;;
    o) out=$OPTARG ;;
    m) merge=1 ;;
    *) sed -n '3,20p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
scripts/deps.sh cmake make clang libclang-rt-14-dev pkg-config libcmocka-dev libfdt-dev
[ -n "$out" ] || out=build/fuzz-campaign/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

cmake --preset fuzz >"$out/configure.log"
cmake --build --preset fuzz >"$out/build.log"

# The targets and their seed corpora, as registered with ctest
# (smmuv3_add_fuzz_target in test/cmake/fuzz.cmake).
declare -A corpus exe
while IFS= read -r line; do
  name=$(sed -n 's/.*Test command: .*-DEXE=\([^ "]*\).*/\1/p' <<<"$line")
  dir=$(sed -n 's/.*-DCORPUS=\([^ "]*\).*/\1/p' <<<"$line")
  [ -n "$name" ] || continue
  t=$(basename "$name")
  exe[$t]=$name
  corpus[$t]=$dir
done < <(cd build/fuzz && ctest -N -V -L fuzz 2>/dev/null | grep "Test command")

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(printf '%s\n' "${!exe[@]}" | sort)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

status=0
{
  echo "| target | seconds | runs | exec/s | library edges (cov) | features | corpus | findings |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$out/summary.md"
for t in "${targets[@]}"; do
  [ -n "${exe[$t]:-}" ] || { echo "unknown target $t" >&2; exit 2; }
  mkdir -p "$out/$t/corpus"
  echo "=== $t: ${secs}s from ${corpus[$t]}"
  rc=0
  "${exe[$t]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$out/$t/" \
    "$out/$t/corpus" "${corpus[$t]}" >"$out/$t/log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t/log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/$t/log" | tail -1)
  cov=$( (grep -o 'cov: [0-9]*' "$out/$t/log" || true) | tail -1 | cut -d' ' -f2)
  ft=$( (grep -o 'ft: [0-9]*' "$out/$t/log" || true) | tail -1 | cut -d' ' -f2)
  n=$(find "$out/$t/corpus" -type f | wc -l)
  found=$(find "$out/$t" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
    -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    echo "!!! $t: exit $rc, $found finding(s): see $out/$t/log"
  fi
  echo "| $t | $secs | ${runs:-?} | ${eps:-?} | ${cov:-?} | ${ft:-?} | $n | $found |" >>"$out/summary.md"
  if [ "$merge" = 1 ]; then
    "${exe[$t]}" -merge=1 -max_len=4096 "${corpus[$t]}" "$out/$t/corpus" \
      >"$out/$t/merge.log" 2>&1 || true
  fi
done
echo
echo "clang $(clang --version | sed -n 's/.*version \([0-9.]*\).*/\1/p;q'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)" | tee -a "$out/summary.md"
cat "$out/summary.md"
exit $status
