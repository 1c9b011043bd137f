# SPDX-License-Identifier: BSD-2-Clause
# The virtual SMMUv3: unit tests against fakes, the guest-on-model flow,
# and the fuzzer of guest registers, commands and STEs (with its replay
# smoke over the committed corpus).
# Every library module is linked (SMMUV3_MODULES), so a split of a module
# the vSMMU uses needs no change here.
smmuv3_add_test(NAME test_vsmmu SOURCES unit/test_vsmmu.c
  MODULES ${SMMUV3_MODULES} TIMEOUT 60)
# A guest driver on the virtual SMMU, the real SMMU being the model.
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME test_vsmmu_model SOURCES unit/test_vsmmu_model.c
    MODULES ${SMMUV3_MODULES} LIBS smmuv3_model TIMEOUT 60)
endif()

# Guest-program fuzzing: the replay driver always runs the committed corpus
# and seeded mutations with the policy oracle; -DSMMUV3_FUZZ=ON (clang)
# adds the libFuzzer target fuzz_vsmmu (run: fuzz_vsmmu
# test/fuzz/corpus/vsmmu).
add_executable(fuzz_vsmmu_replay fuzz/fuzz_vsmmu.c)
foreach(m IN LISTS SMMUV3_MODULES)
  target_link_libraries(fuzz_vsmmu_replay PRIVATE smmuv3_obj_${m})
endforeach()
target_link_libraries(fuzz_vsmmu_replay PRIVATE smmuv3_warnings)
add_test(NAME fuzz_vsmmu_replay COMMAND fuzz_vsmmu_replay
  ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/vsmmu 20000 0x5eed)
set_tests_properties(fuzz_vsmmu_replay PROPERTIES TIMEOUT 60 LABELS fuzz)
if(SMMUV3_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SMMUV3_FUZZ needs clang (-fsanitize=fuzzer)")
  endif()
  # The library's sources are compiled into the target so that libFuzzer
  # sees their coverage.
  set(_vsmmu_lib_src)
  foreach(m IN LISTS SMMUV3_MODULES)
    get_target_property(_s smmuv3_obj_${m} SOURCES)
    get_target_property(_d smmuv3_obj_${m} SOURCE_DIR)
    foreach(f IN LISTS _s)
      list(APPEND _vsmmu_lib_src ${_d}/${f})
    endforeach()
  endforeach()
  add_executable(fuzz_vsmmu fuzz/fuzz_vsmmu.c ${_vsmmu_lib_src})
  target_include_directories(fuzz_vsmmu PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(fuzz_vsmmu PRIVATE smmuv3_headers)
  target_compile_definitions(fuzz_vsmmu PRIVATE SMMUV3_LIBFUZZER)
  target_compile_options(fuzz_vsmmu PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(fuzz_vsmmu PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_vsmmu PRIVATE smmuv3_warnings)
endif()
