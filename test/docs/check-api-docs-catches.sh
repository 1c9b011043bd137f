#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The contract checker must fail on test/docs/fixture (a header breaking
# each rule once) and name exactly those violations; the function that
# keeps the contract must not be named. Usage: <python3> <source dir>
set -euo pipefail
py=${1:?python} src=${2:?source dir}
out=$("$py" "$src/scripts/check-api-docs.py" "$src/test/docs/fixture") && {
    echo "FAIL: the checker passed the fixture"; exit 1; }
want=(
  "smmuv3_fix_nocomment(): no comment directly above"
  "smmuv3_fix_plain(): comment does not start with /**"
  "smmuv3_fix_noparam(): parameter b has no '@b:' line"
  "smmuv3_fix_noreturn(): no 'Return:' line"
  "smmuv3_fix_noerror(): can fail but has no 'On error:' line"
  "smmuv3_fix_wrongname(): no 'smmuv3_fix_wrongname() - summary' line"
  "names SMMUV3_NOT_DEFINED_ANYWHERE, which no public header"
)
for w in "${want[@]}"; do
  grep -qF "$w" <<<"$out" || { echo "FAIL: not reported: $w"; echo "$out"; exit 1; }
done
if grep -q "smmuv3_fix_good\|SMMUV3_FIXTURE_OK\|names SMMUV3_EINVAL" <<<"$out"; then
  echo "FAIL: a conforming item was reported"; echo "$out"; exit 1
fi
echo "the checker reports every violation of the fixture"
