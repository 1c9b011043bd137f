# SPDX-License-Identifier: BSD-2-Clause
# Command encoding (src/cmd.c) and the command queue (src/cmdq.c).
smmuv3_add_test(NAME test_cmd
  SOURCES unit/test_cmd.c vectors/cmd_vectors.c
  MODULES cmdq TIMEOUT 60)
find_package(Threads REQUIRED)
smmuv3_add_test(NAME test_cmdq
  SOURCES unit/test_cmdq.c unit/test_cmdq_fake.c
  MODULES cmdq LIBS Threads::Threads TIMEOUT 60)
# Against the behavioural model (test/model), when it is in the tree.
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME test_cmdq_model
    SOURCES unit/test_cmdq_model.c
    MODULES cmdq idr errata LIBS smmuv3_model Threads::Threads TIMEOUT 60)
endif()
# The benchmark (a program; ctest runs it briefly under the label "bench").
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME bench_cmdq
    SOURCES bench/bench_cmdq.c unit/test_cmdq_fake.c
    MODULES cmdq idr errata LIBS smmuv3_model Threads::Threads
    ARGS 20 LABELS bench TIMEOUT 60)
endif()
# Their fuzz targets (commands read back, event records): test/cmake/fuzz.cmake.
