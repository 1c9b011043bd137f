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
# Parsers of untrusted bytes (commands read back, event records): a seeded
# sweep under ctest, and a libFuzzer target with -DSMMUV3_FUZZ=ON.
add_executable(fuzz_records_sweep fuzz/fuzz_records.c)
target_link_libraries(fuzz_records_sweep PRIVATE smmuv3_obj_core smmuv3_obj_cmdq smmuv3_obj_device
  smmuv3_obj_idr smmuv3_obj_errata smmuv3_obj_ste smmuv3_warnings)
add_test(NAME fuzz_records_sweep COMMAND fuzz_records_sweep 200000 0x5eed)
set_tests_properties(fuzz_records_sweep PROPERTIES TIMEOUT 120 LABELS fuzz)
if(SMMUV3_FUZZ)
  add_executable(fuzz_records fuzz/fuzz_records.c)
  target_compile_definitions(fuzz_records PRIVATE SMMUV3_LIBFUZZER)
  target_compile_options(fuzz_records PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(fuzz_records PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_records PRIVATE smmuv3_obj_core smmuv3_obj_cmdq smmuv3_obj_device
    smmuv3_obj_idr smmuv3_obj_errata smmuv3_obj_ste smmuv3_warnings)
endif()
