# SPDX-License-Identifier: BSD-2-Clause
# LPAE page tables: unit tests, vectors, properties, benchmark.
smmuv3_add_test(NAME test_pgtable
  SOURCES unit/test_pgtable.c vectors/lpae_vectors.c
  MODULES pgtable_lpae LIBS smmuv3_osal_hosted TIMEOUT 120)
target_include_directories(test_pgtable PRIVATE ${PROJECT_SOURCE_DIR}/test/vectors)
smmuv3_add_test(NAME prop_pgtable SOURCES prop/prop_pgtable.c model/walk.c
  MODULES pgtable_lpae tlbi cmdq LIBS smmuv3_osal_hosted TIMEOUT 300)
target_include_directories(prop_pgtable PRIVATE ${PROJECT_SOURCE_DIR}/test/unit
  ${PROJECT_SOURCE_DIR}/test/model)
# Benchmark: a small run under ctest (label bench); scripts/bench-pgtable.sh
# builds -O2 and runs the full 1 GiB under callgrind.
add_executable(bench_pgtable bench/bench_pgtable.c)
target_link_libraries(bench_pgtable PRIVATE smmuv3_obj_core smmuv3_obj_pgtable_lpae smmuv3_osal_hosted smmuv3_warnings)
add_test(NAME bench_pgtable_small COMMAND bench_pgtable 64)
set_tests_properties(bench_pgtable_small PROPERTIES LABELS bench TIMEOUT 60)
# The library's tables walked by the model's independent translation engine.
if(EXISTS ${PROJECT_SOURCE_DIR}/test/model/walk.c)
  smmuv3_add_test(NAME test_pgtable_model
    SOURCES unit/test_pgtable_model.c model/walk.c
    MODULES pgtable_lpae LIBS smmuv3_osal_hosted TIMEOUT 300)
  target_include_directories(test_pgtable_model PRIVATE
    ${PROJECT_SOURCE_DIR}/test/model ${PROJECT_SOURCE_DIR}/test/unit)
endif()
# Options a hypervisor uses: allocation context, PA != VA (bare-metal arena
# with a PA offset), empty-table policy, page-size mask, split modes.
smmuv3_add_test(NAME test_pgtable_opts
  SOURCES unit/test_pgtable_opts.c ../osal/baremetal/arena.c
  MODULES pgtable_lpae LIBS smmuv3_osal_hosted TIMEOUT 120)
target_include_directories(test_pgtable_opts PRIVATE
  ${PROJECT_SOURCE_DIR}/osal/baremetal)
