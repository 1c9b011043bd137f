#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The whole test suite (README: "run every test"). Installs missing Debian
# packages, then runs the CMake workflow presets:
#   gcc      - release build, all tests, plus the build tests: freestanding
#              AArch64 cross build, package consumers (find_package,
#              pkg-config, add_subdirectory), two prefixed copies, cppcheck
#              and clang-tidy on src/, armhf/i386/-nostdinc compiles of src/
#              (no libgcc helpers), AArch64 image size and stack depth
#   clang    - the same tests built with clang
#   asan     - clang with AddressSanitizer + UndefinedBehaviorSanitizer
#   coverage - gcc --coverage, then the lcov summary of src/ (fails < 90%)
#   tsan     - clang ThreadSanitizer: the multi-threaded stress test only
#   fuzz     - clang libFuzzer targets: each one's smoke run from its corpus,
#              failing below its library coverage floor (docs/testing.md)
#   proofs   - Frama-C/WP proofs and Eva (proofs/run.sh, docs/proofs.md):
#              fails on any unproved goal or undocumented alarm
# Exits non-zero on the first failure. Usage: scripts/test.sh [preset...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
scripts/deps.sh cmake make gcc clang libclang-rt-14-dev pkg-config libcmocka-dev libfdt-dev lcov \
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf \
  cppcheck clang-tidy valgrind qemu-system-arm python3
# QEMU 10.0 beside Debian's 7.2 for the test_qemu10_* tests (gcc preset,
# docs/qemu.md); without it they are skipped, and said so here.
scripts/get-qemu10.sh >/dev/null ||
  echo "WARNING: QEMU 10.0 is not available: the test_qemu10_* tests will be SKIPPED"
# iasl compiles the IORT test tables (test/vectors/iort).
scripts/deps.sh acpica-tools
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(gcc clang asan coverage tsan fuzz proofs)
# The proof tools (Frama-C 25, Why3 and the two SMT solvers) only when needed.
case " ${presets[*]} " in *" proofs "*) scripts/deps.sh frama-c-base why3 z3 cvc4 ;; esac
start=$(date +%s)
for p in "${presets[@]}"; do
  echo "=================== workflow preset: $p ==================="
  t0=$(date +%s)
  cmake --workflow --preset "$p" --fresh
  if [ "$p" = coverage ]; then
    scripts/coverage.sh build/coverage
  fi
  echo "=================== $p: done in $(( $(date +%s) - t0 )) s ==================="
done
echo "ALL TEST PRESETS PASSED (${presets[*]}) in $(( $(date +%s) - start )) s"
