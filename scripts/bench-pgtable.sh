#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Page-table benchmark: builds bench_pgtable at -O2
# (RelWithDebInfo), prints wall-clock figures, then runs it under
# valgrind --tool=callgrind --collect-atstart=no; the bench brackets each
# warm phase with CALLGRIND_TOGGLE_COLLECT and dumps "<case>/<phase>/<n>",
# so instruction counts per leaf are exact and repeatable.
#   scripts/bench-pgtable.sh [MiB]      (default 1024)
#   SRC=<source tree> BUILD=<build dir> CC=<compiler> override defaults.
set -eu
SRC=${SRC:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-/tmp/b-bench-pgtable}
MIB=${1:-1024}
cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target bench_pgtable -j2 >/dev/null
BIN="$BUILD/test/bench_pgtable"
echo "== wall clock (-O2) =="
"$BIN" "$MIB"
OUT=$(mktemp -d)
echo "== callgrind (instructions, warm phases) =="
valgrind --tool=callgrind --collect-atstart=no \
	--callgrind-out-file="$OUT/cg.out" "$BIN" "$MIB" >/dev/null 2>"$OUT/vg.log"
# Each client-request dump is one file: its "desc: Trigger:" names the
# phase, its "summary:"/"totals:" line holds the Ir count (everything,
# including the bench's page-pool allocator); callgrind_annotate gives the
# share spent in src/pgtable_lpae.c alone ("lib").
for f in "$OUT"/cg.out.*; do
	name=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
	[ -n "$name" ] || continue
	ir=$(awk '/^(summary|totals):/ { v = $2 } END { print v + 0 }' "$f")
	lib=$(callgrind_annotate --inclusive=no --auto=no --threshold=100 "$f" 2>/dev/null |
		awk '/pgtable_lpae.c:/ { gsub(",", "", $1); s += $1 } END { print s + 0 }')
	echo "$name $ir $lib"
done | awk -F'[/ ]' '
	{ c = $1; ph = $2; n = $3; ir[c, ph] = $4; lib[c, ph] = $5; calls[c, ph] = n;
	  if (ph == "map") leaves[c] = n;
	  if (!(c in seen)) { seen[c] = 1; order[++k] = c } }
	END {
		printf "%-10s %8s %9s %9s %9s %9s %8s %9s\n", "case", "leaves",
			"map-Ir", "(lib)", "unmap-Ir", "(lib)", "floor", "map/flr"
		for (i = 1; i <= k; i++) {
			c = order[i]; n = leaves[c]
			f = ir[c, "floor"] / n
			printf "%-10s %8d %9.2f %9.2f %9.2f %9.2f %8.2f %9.2f\n",
				c, n, ir[c, "map"] / n, lib[c, "map"] / n,
				ir[c, "unmap"] / n, lib[c, "unmap"] / n, f,
				(f > 0 ? ir[c, "map"] / n / f : 0)
			if ((c, "map1") in ir)
				printf "%-10s %8s %9.2f %9.2f %9.2f %9.2f   (one call per page)\n",
					"", "", ir[c, "map1"] / n, lib[c, "map1"] / n,
					ir[c, "unmap1"] / n, lib[c, "unmap1"] / n
		}
		print "(per leaf; Ir = instructions incl. the table allocator;"
		print " lib = instructions in src/pgtable_lpae.c only)"
		print ""
		printf "%-10s %-9s %10s %9s %9s\n", "per call", "workload",
			"calls", "Ir/call", "(lib)"
		split("map1 unmap1 map1r unmap1r map16r unmap16r unmapc", w, " ")
		for (i = 1; i <= k; i++) {
			c = order[i]
			for (j = 1; j <= 7; j++) {
				if (!((c, w[j]) in ir))
					continue
				n = calls[c, w[j]]
				printf "%-10s %-9s %10d %9.1f %9.1f\n", c, w[j], n,
					ir[c, w[j]] / n, lib[c, w[j]] / n
			}
		}
		print "(map1/unmap1: one page per call, ascending; ..r: random"
		print " IOVAs; map16r/unmap16r: 1-16 pages per call, random;"
		print " unmapc: bulk unmap with the byte count, per page)"
	}'
rm -rf "$OUT"
