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
# Split queue ownership: copy a owns the SMMU, copy b drains its events.
if(TARGET smmuv3_model)
  add_library(split_owner OBJECT build/split_owner.c)
  target_link_libraries(split_owner PRIVATE smmuv3_copy_a smmuv3_warnings)
  add_library(split_consumer OBJECT build/split_consumer.c)
  target_link_libraries(split_consumer PRIVATE smmuv3_copy_b smmuv3_warnings)
  add_executable(test_split_queues build/split_queues_main.c)
  target_link_libraries(test_split_queues PRIVATE split_owner split_consumer
    smmuv3_model smmuv3_warnings)
  add_test(NAME test_split_queues COMMAND test_split_queues)
endif()
# Every global symbol of a prefixed copy carries the prefix.
add_test(NAME test_prefix_complete
  COMMAND sh -c "! ${CMAKE_NM} -g --defined-only $<TARGET_FILE:smmuv3_copy_a> | awk 'NF==3 {print $3}' | grep -v '^a_'")

add_test(NAME test_freestanding_aarch64
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-freestanding.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/freestanding)
# The bare-metal program on QEMU's SMMUv3 (uses the freestanding build), one
# test per group and QEMU (docs/qemu.md): Debian's QEMU 7.2 (stage 1 only:
# its stage-2/nested groups skip, saying why) and QEMU 10.0 unpacked by
# scripts/get-qemu10.sh (stage 1, stage 2, nested). Exit status 77 =
# skipped: a group the SMMU cannot run, or QEMU 10.0 not obtainable (loud
# message), never a pass.
set(_qemu_run ${PROJECT_SOURCE_DIR}/scripts/run-qemu-example.sh ${CMAKE_BINARY_DIR}/freestanding)
set(_qemu_tests)
foreach(g stage1 stage2 nested live split vsmmu)
  add_test(NAME test_qemu72_${g} COMMAND ${_qemu_run} ${g})
  set_tests_properties(test_qemu72_${g} PROPERTIES ENVIRONMENT "SMMUV3_QEMU=qemu-system-aarch64;SMMUV3_QEMU_PREBUILT=1")
  list(APPEND _qemu_tests test_qemu72_${g})
endforeach()
foreach(g stage1 stage2 nested live deviations split vsmmu)
  add_test(NAME test_qemu10_${g}
    COMMAND sh -c "q=$(${PROJECT_SOURCE_DIR}/scripts/get-qemu10.sh) || exit 77; SMMUV3_QEMU=$q exec \"$@\"" sh ${_qemu_run} ${g})
  set_tests_properties(test_qemu10_${g} PROPERTIES ENVIRONMENT "SMMUV3_QEMU_PREBUILT=1")
  list(APPEND _qemu_tests test_qemu10_${g})
endforeach()
set_tests_properties(test_freestanding_aarch64 PROPERTIES FIXTURES_SETUP freestanding)
set_tests_properties(${_qemu_tests} PROPERTIES FIXTURES_REQUIRED freestanding TIMEOUT 300
  SKIP_RETURN_CODE 77 LABELS qemu)
add_test(NAME test_consumers
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-consumers.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/consumers)
add_test(NAME test_static_analysis
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-static.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(test_freestanding_aarch64 test_consumers test_static_analysis PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)
# 32-bit targets (armhf, i386) at -O2 and -Os: no libgcc helper may be
# needed; and src/ with a replacement environment header (include/smmuv3/env.h).
add_test(NAME test_32bit_and_env
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-32bit.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/check-32bit)
set_tests_properties(test_32bit_and_env PROPERTIES TIMEOUT 600)
# AArch64 -Os image size per object (subset and whole, with limits) and the
# worst-case stack depth of every public function (with a limit).
add_test(NAME test_size_and_stack
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-size.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/check-size)
set_tests_properties(test_size_and_stack PROPERTIES TIMEOUT 600)
# The caller-allocated domain stays under 1 KiB (printed in the test log).
add_executable(test_domain_size build/domain_size.c)
target_link_libraries(test_domain_size PRIVATE smmuv3_headers smmuv3_warnings)
add_test(NAME test_domain_size COMMAND test_domain_size)
