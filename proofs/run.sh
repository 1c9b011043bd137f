#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Run the machine-checked proofs (docs/proofs.md). Each target is a pair
#   proofs/<name>.c     the proof build: includes the shipped source and the
#                       contracts that are not in it
#   proofs/<name>.args  Frama-C arguments, one or more per line ('#' starts
#                       a comment). A line "# eva-alarms: N" says the target
#                       runs Eva and that exactly N alarms remain, each one
#                       explained in docs/proofs.md.
# A WP target fails when any goal is not proved (timeouts included); an Eva
# target fails when the alarm count differs from the one declared.
# Usage: proofs/run.sh [name...]   (default: every target)
# Environment: SMMUV3_WP_PAR (default: number of CPUs), SMMUV3_PROOF_LOG
# (directory for the full logs, default: a temporary one).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
command -v frama-c >/dev/null || { echo "proofs: frama-c not found (scripts/deps.sh frama-c-base why3 z3 cvc4)"; exit 1; }
# Why3 must know the provers: detect them once per user.
[ -f "${HOME:-/root}/.why3.conf" ] || why3 config detect >/dev/null 2>&1 || true
par=${SMMUV3_WP_PAR:-$(nproc)}
log=${SMMUV3_PROOF_LOG:-$(mktemp -d)}
mkdir -p "$log"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for a in proofs/*.args; do names+=("$(basename "$a" .args)"); done
fi
fail=0
for n in "${names[@]}"; do
  src=proofs/$n.c args=proofs/$n.args
  [ -f "$src" ] && [ -f "$args" ] || { echo "proofs: $n: no $src or $args"; fail=1; continue; }
  mapfile -t extra < <(sed -e 's/#.*//' "$args" | tr -s ' \t' '\n' | grep -v '^$' || true)
  eva=$(sed -n 's/^# *eva-alarms: *\([0-9][0-9]*\).*/\1/p' "$args")
  t0=$(date +%s)
  set +e
  frama-c \
    -c11 -machdep gcc_x86_64 -cpp-extra-args="-I$here/include -I$here/src -I$here/proofs -DSMMUV3_PROOF" \
    -wp-par "$par" -wp-session "$log/$n.session" \
    "$src" "${extra[@]}" >"$log/$n.log" 2>&1
  rc=$?
  set -e
  dt=$(( $(date +%s) - t0 ))
  if [ $rc -ne 0 ]; then
    echo "proofs: $n: FAILED (frama-c exit $rc, ${dt} s)"; tail -30 "$log/$n.log"; fail=1; continue
  fi
  line=$(grep -E '^\[wp\] Proved goals: *[0-9]+ */ *[0-9]+' "$log/$n.log" | tail -1 || true)
  if [ -n "$line" ]; then
    ok=$(echo "$line" | sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\1/')
    all=$(echo "$line" | sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\2/')
    if [ "$ok" != "$all" ]; then
      echo "proofs: $n: FAILED: $ok of $all goals proved (${dt} s); unproved:"
      grep -E '^\[wp\] \[(Timeout|Unknown|Failed|Stepover|Typed)\]|Goal .*: *(Timeout|Unknown|Failed)' "$log/$n.log" | head -40 || true
      grep -B1 -A3 -E 'Timeout|Unknown|Failed' "$log/$n.log" | head -60 || true
      fail=1; continue
    fi
    echo "proofs: $n: $ok / $all goals proved (${dt} s)"
  fi
  if [ -n "$eva" ]; then
    # Eva's alarms: run-time errors and the driver's own assertions. The
    # step assertions written in src/ for WP (which proves them in the WP
    # targets) are counted apart: Eva often cannot evaluate them.
    stepre="^\\[eva:alarm\\] src/[^:]*:[0-9]+: Warning: assertion( '[^']*')? got status unknown\\.\$"
    got=$(grep '^\[eva:alarm\]' "$log/$n.log" | grep -cvE "$stepre" || true)
    steps=$(grep -cE "$stepre" "$log/$n.log" || true)
    if [ "$got" != "$eva" ]; then
      echo "proofs: $n: FAILED: Eva reports $got alarms, $eva expected (${dt} s):"
      grep -A2 '^\[eva:alarm\]' "$log/$n.log" | head -60 || true
      fail=1; continue
    fi
    echo "proofs: $n: Eva: $got alarms, as documented, and $steps WP step assertions of src/ left to WP (${dt} s)"
  fi
  [ -n "$line" ] || [ -n "$eva" ] || { echo "proofs: $n: FAILED: neither WP goals nor Eva found in the log"; fail=1; }
done
[ $fail -eq 0 ] || { echo "proofs: FAILED (logs in $log)"; exit 1; }
echo "proofs: all ${#names[@]} targets passed"
