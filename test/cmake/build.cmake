# SPDX-License-Identifier: BSD-2-Clause
# Tests of the build itself (only with SMMUV3_PACKAGE_TESTS, i.e. once per run).
if(NOT SMMUV3_PACKAGE_TESTS)
  return()
endif()

# Two prefixed copies of the whole library linked into one program.
include(Smmuv3Prefix)
foreach(copy a b)
  set(_objs)
  foreach(m IN LISTS SMMUV3_MODULES)
    list(APPEND _objs $<TARGET_OBJECTS:smmuv3_obj_${m}>)
  endforeach()
  add_library(smmuv3_copy_${copy} STATIC ${_objs})
  target_link_libraries(smmuv3_copy_${copy} PUBLIC smmuv3_headers)
  smmuv3_apply_symbol_prefix(smmuv3_copy_${copy} ${copy}_)
  add_library(two_copies_user_${copy} OBJECT build/two_copies_user.c)
  target_compile_definitions(two_copies_user_${copy} PRIVATE COPY_FN=use_copy_${copy})
  target_link_libraries(two_copies_user_${copy} PRIVATE smmuv3_copy_${copy} smmuv3_warnings)
endforeach()
add_executable(test_two_copies build/two_copies_main.c)
target_link_libraries(test_two_copies PRIVATE two_copies_user_a two_copies_user_b)
add_test(NAME test_two_copies COMMAND test_two_copies)
# Every global symbol of a prefixed copy carries the prefix.
add_test(NAME test_prefix_complete
  COMMAND sh -c "! ${CMAKE_NM} -g --defined-only $<TARGET_FILE:smmuv3_copy_a> | awk 'NF==3 {print $3}' | grep -v '^a_'")

add_test(NAME test_freestanding_aarch64
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-freestanding.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/freestanding)
# The bare-metal example on QEMU's SMMUv3 (uses the freestanding build).
add_test(NAME test_qemu_example
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/run-qemu-example.sh ${CMAKE_BINARY_DIR}/freestanding)
set_tests_properties(test_freestanding_aarch64 PROPERTIES FIXTURES_SETUP freestanding)
set_tests_properties(test_qemu_example PROPERTIES FIXTURES_REQUIRED freestanding TIMEOUT 300)
add_test(NAME test_consumers
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-consumers.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/consumers)
add_test(NAME test_static_analysis
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-static.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(test_freestanding_aarch64 test_consumers test_static_analysis PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)
# The caller-allocated domain stays under 1 KiB (printed in the test log).
add_executable(test_domain_size build/domain_size.c)
target_link_libraries(test_domain_size PRIVATE smmuv3_headers smmuv3_warnings)
add_test(NAME test_domain_size COMMAND test_domain_size)
