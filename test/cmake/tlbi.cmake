# SPDX-License-Identifier: BSD-2-Clause
# Range TLB invalidation: unit tests (worked examples), the property test
# (1,000,000 seeded cases decoded back to pages) and a benchmark.
# The batch helper is tested against the command-queue fake of test_cmdq.
find_package(Threads REQUIRED)
smmuv3_add_test(NAME test_tlbi
  SOURCES unit/test_tlbi.c unit/test_cmdq_fake.c
  MODULES tlbi cmdq LIBS Threads::Threads)
smmuv3_add_test(NAME prop_tlbi SOURCES prop/prop_tlbi.c MODULES tlbi cmdq
  LABELS prop TIMEOUT 300)
# Benchmark: `bench_tlbi [ranges]`; ctest runs it briefly (label bench).
smmuv3_add_test(NAME bench_tlbi SOURCES bench/bench_tlbi.c MODULES tlbi cmdq
  ARGS 200000 LABELS bench TIMEOUT 300)
