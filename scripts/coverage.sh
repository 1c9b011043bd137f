#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# lcov over a --coverage build whose tests have run: HTML report in
# <build>/coverage-html, summary printed, fails below the line-coverage bar
# for src/, fdt/ and acpi/ (SMMUV3_COVERAGE_MIN, default 90).
set -euo pipefail
bld=${1:?build dir}
min=${SMMUV3_COVERAGE_MIN:-90}
src=$(cd "$(dirname "$0")/.." && pwd)
lcov --quiet --capture --directory "$bld" --output-file "$bld/all.info" --rc lcov_branch_coverage=0 >/dev/null
lcov --quiet --extract "$bld/all.info" "$src/src/*" "$src/fdt/*" "$src/acpi/*" --output-file "$bld/src.info" >/dev/null
genhtml --quiet "$bld/src.info" --output-directory "$bld/coverage-html" >/dev/null
summary=$(lcov --summary "$bld/src.info" 2>&1)
echo "$summary"
lcov --list "$bld/src.info" 2>/dev/null | sed -n '1,40p'
pct=$(echo "$summary" | awk '/lines\.\.\./ {sub("%","",$2); print $2}')
echo "src/ fdt/ acpi/ line coverage: ${pct}% (bar: ${min}%)"
awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p + 0 >= m + 0) }' || { echo "FAIL: coverage below ${min}%"; exit 1; }
