#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Run the machine-checked proofs (docs/proofs.md). Each target is a pair
#   proofs/<name>.c     the proof build: includes the shipped source and the
#                       contracts that are not in it
#   proofs/<name>.args  Frama-C arguments, one or more per line ('#' starts
#                       a comment). A line "# eva-alarms: N" says the target
#                       runs Eva and that exactly N alarms remain, each one
#                       explained in docs/proofs.md. A line "# cost: N"
#                       gives the target's expected seconds on one idle
#                       core (scheduling only: longest first).
# A WP target fails when any goal is not proved (timeouts included); an Eva
# target fails when the alarm count differs from the one declared.
# Usage: proofs/run.sh [name...]   (default: every target)
#        proofs/run.sh --costs     (print "name seconds", longest first)
# Several targets run at once: Frama-C's own work (parsing, RTE, goal
# generation, Qed) is single-threaded, so one target that waits on Qed and
# another that waits on its provers share the cores.
# Environment: SMMUV3_PROOF_JOBS (targets at once, default: number of
# CPUs), SMMUV3_WP_PAR (prover processes per target, default: CPUs / jobs,
# at least 2), SMMUV3_PROOF_LOG (directory for the full logs, default: a
# temporary one). WP starts every prover of the target on each goal and
# the first proof cancels the others, but only -wp-par processes run at
# once: with -wp-par 1 the provers of a goal run one after the other, and
# a goal only the second prover proves first waits for the first one's
# whole timeout. Hence at least 2 (the targets use two provers).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# Expected seconds per target on one idle core with -wp-par 1 (measured;
# a "# cost: N" line in the .args file overrides). Only the order of the
# runs depends on it.
declare -A default_cost=(
  [tlbi_split]=300 [tlbi]=130 [eva_tlbi]=50 [cmdq]=90 [cmdq_insert]=45
  [eva_pgtable]=20 [pgtable]=25 [pgtable_lemmas]=3 [tlbi_lemmas]=8
)
cost_of() {
  local c
  c=$(sed -n 's/^# *cost: *\([0-9][0-9]*\).*/\1/p' "proofs/$1.args" 2>/dev/null | head -1)
  echo "${c:-${default_cost[$1]:-60}}"
}
all_names() {
  local a
  for a in proofs/*.args; do basename "$a" .args; done
}
if [ "${1:-}" = --costs ]; then
  for n in $(all_names); do echo "$n $(cost_of "$n")"; done | sort -k2,2nr -k1,1
  exit 0
fi

command -v frama-c >/dev/null || { echo "proofs: frama-c not found (scripts/deps.sh frama-c-base why3 z3 cvc4)"; exit 1; }
# Why3 must know the provers: detect them once per user.
[ -f "${HOME:-/root}/.why3.conf" ] || why3 config detect >/dev/null 2>&1 || true
ncpu=$(nproc)
jobs=${SMMUV3_PROOF_JOBS:-$ncpu}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
log=${SMMUV3_PROOF_LOG:-$(mktemp -d)}
mkdir -p "$log"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(all_names)
fi
# Longest first, so that the last target to finish is a short one.
mapfile -t names < <(for n in "${names[@]}"; do echo "$n $(cost_of "$n")"; done |
  sort -k2,2nr -k1,1 | cut -d' ' -f1)
[ "$jobs" -le ${#names[@]} ] || jobs=${#names[@]}
par=${SMMUV3_WP_PAR:-$(( ncpu / jobs > 2 ? ncpu / jobs : 2 ))}

# Runs target $1; prints its result lines; non-zero when it fails.
run_one() {
  local n=$1 src=proofs/$1.c args=proofs/$1.args
  local -a extra
  local eva t0 rc dt cpu line ok all stepre got steps
  [ -f "$src" ] && [ -f "$args" ] || { echo "proofs: $n: no $src or $args"; return 1; }
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
  # CPU seconds of Frama-C and its provers (this subshell's children).
  times >"$log/$n.times"
  cpu=$(tail -1 "$log/$n.times" | awk '{ split($1, u, "m"); split($2, s, "m");
    printf "%d", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
  if [ $rc -ne 0 ]; then
    echo "proofs: $n: FAILED (frama-c exit $rc, ${dt} s)"; tail -30 "$log/$n.log"; return 1
  fi
  # One line per WP pass (a target may run several with -then): the sums.
  line=$(grep -E '^\[wp\] Proved goals: *[0-9]+ */ *[0-9]+' "$log/$n.log" || true)
  if [ -n "$line" ]; then
    ok=$(echo "$line" | sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\1/' | awk '{ s += $1 } END { print s }')
    all=$(echo "$line" | sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\2/' | awk '{ s += $1 } END { print s }')
    if [ "$ok" != "$all" ]; then
      echo "proofs: $n: FAILED: $ok of $all goals proved (${dt} s); unproved:"
      grep -E '^\[wp\] \[(Timeout|Unknown|Failed|Stepover|Typed)\]|Goal .*: *(Timeout|Unknown|Failed)' "$log/$n.log" | head -40 || true
      grep -B1 -A3 -E 'Timeout|Unknown|Failed' "$log/$n.log" | head -60 || true
      return 1
    fi
    echo "proofs: $n: $ok / $all goals proved (${dt} s, ${cpu} s CPU)"
  fi
  if [ -n "$eva" ]; then
    # Eva's alarms: run-time errors and the driver's own assertions. The
    # step assertions written in src/ for WP (which proves them in the WP
    # targets) are counted apart: Eva often cannot evaluate them.
    # Frama-C wraps a long message onto indented lines: each alarm is
    # joined into one line first.
    stepre="^\\[eva:alarm\\] src/[^:]*:[0-9]+: Warning: assertion( '[^']*')? got status unknown\\.\$"
    awk '/^\[eva:alarm\]/ { if (a != "") print a; a = $0; sub(/[ \t]+$/, "", a); next }
      a != "" && /^[ \t]/ { l = $0; sub(/^[ \t]+/, "", l); a = a " " l; next }
      { if (a != "") print a; a = "" }
      END { if (a != "") print a }' "$log/$n.log" >"$log/$n.alarms"
    got=$(grep -cvE "$stepre" "$log/$n.alarms" || true)
    steps=$(grep -cE "$stepre" "$log/$n.alarms" || true)
    if [ "$got" != "$eva" ]; then
      echo "proofs: $n: FAILED: Eva reports $got alarms, $eva expected (${dt} s):"
      grep -A2 '^\[eva:alarm\]' "$log/$n.log" | head -60 || true
      return 1
    fi
    echo "proofs: $n: Eva: $got alarms, as documented, and $steps WP step assertions of src/ left to WP (${dt} s, ${cpu} s CPU)"
  fi
  [ -n "$line" ] || [ -n "$eva" ] || { echo "proofs: $n: FAILED: neither WP goals nor Eva found in the log"; return 1; }
}

fail=0
start=$(date +%s)
if [ "$jobs" -le 1 ]; then
  # A subshell per target: `times` then counts that target's processes only.
  for n in "${names[@]}"; do (run_one "$n") || fail=1; done
else
  # A pool of $jobs targets; each one's result is printed when it ends.
  declare -A name_of=()
  reap() {
    local p rc=0
    wait -n -p p || rc=$?
    cat "$log/${name_of[$p]}.result"
    [ $rc -eq 0 ] || fail=1
    unset "name_of[$p]"
  }
  for n in "${names[@]}"; do
    while [ ${#name_of[@]} -ge "$jobs" ]; do reap; done
    run_one "$n" >"$log/$n.result" 2>&1 &
    name_of[$!]=$n
  done
  while [ ${#name_of[@]} -gt 0 ]; do reap; done
fi
[ $fail -eq 0 ] || { echo "proofs: FAILED (logs in $log)"; exit 1; }
echo "proofs: all ${#names[@]} targets passed ($(( $(date +%s) - start )) s, $jobs at once, -wp-par $par)"
