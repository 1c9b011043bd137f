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
# The prepared fast paths against the general planner on ranges of every
# size (1 to 2^52 pages).
smmuv3_add_test(NAME prop_tlbi_prep SOURCES prop/prop_tlbi_prep.c
  MODULES tlbi cmdq LABELS prop TIMEOUT 120)
# Instruction counts of the command path under callgrind at a smoke size
# (scripts/bench-cmd.sh --quick; skipped without valgrind or when sanitized).
# The figures are defined for gcc builds, and Debian 12's valgrind cannot
# read clang 14's DWARF 5 debug information: gcc builds only.
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  add_test(NAME bench_cmd_instructions
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/bench-cmd.sh --quick ${PROJECT_BINARY_DIR})
  set_tests_properties(bench_cmd_instructions PROPERTIES LABELS bench
    TIMEOUT 300 SKIP_RETURN_CODE 77 DEPENDS "bench_tlbi;bench_cmdq")
endif()
