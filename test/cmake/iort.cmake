# SPDX-License-Identifier: BSD-2-Clause
# ACPI IORT discovery: unit tests over tables compiled by iasl (acpica-tools)
# and built field by field, the fuzz target and its replay smoke, the probe
# tool on an IORT, and the QEMU comparison of the IORT and DT paths.
if(NOT TARGET smmuv3_acpi)
  return()
endif()

# Tables iasl compiles from test/vectors/iort/*.asl (its own template and
# tables written for the tests): nobody here wrote the compiler.
find_program(SMMUV3_IASL iasl)
set(_iort_vec ${CMAKE_CURRENT_SOURCE_DIR}/vectors/iort)
set(_iort_aml_dir ${CMAKE_CURRENT_BINARY_DIR}/iort-aml)
set(_iort_amls)
if(SMMUV3_IASL)
  foreach(t template server-rev0)
    add_custom_command(OUTPUT ${_iort_aml_dir}/${t}.aml
      COMMAND ${CMAKE_COMMAND} -E make_directory ${_iort_aml_dir}
      COMMAND ${SMMUV3_IASL} -vs -p ${_iort_aml_dir}/${t} ${_iort_vec}/${t}.asl
      DEPENDS ${_iort_vec}/${t}.asl VERBATIM)
    list(APPEND _iort_amls ${_iort_aml_dir}/${t}.aml)
  endforeach()
  add_custom_target(iort_tables ALL DEPENDS ${_iort_amls})
else()
  message(WARNING "iasl (Debian package acpica-tools) not found: test_iort runs without the iasl-compiled tables and FAILS")
endif()

smmuv3_add_test(NAME test_iort SOURCES unit/test_iort.c MODULES idr errata
  LIBS smmuv3_acpi ARGS ${_iort_aml_dir} TIMEOUT 60)
if(TARGET iort_tables)
  add_dependencies(test_iort iort_tables)
endif()

# Fuzzing: the replay driver runs the committed corpus and seeded mutations
# in every build (label fuzz); -DSMMUV3_FUZZ=ON (clang) adds the libFuzzer
# target fuzz_iort (run: fuzz_iort test/fuzz/corpus/iort).
add_executable(fuzz_iort_replay fuzz/fuzz_iort.c)
target_link_libraries(fuzz_iort_replay PRIVATE smmuv3_acpi smmuv3_warnings)
add_test(NAME fuzz_iort_replay COMMAND fuzz_iort_replay
  ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/iort 20000 0x5eed)
set_tests_properties(fuzz_iort_replay PROPERTIES TIMEOUT 60 LABELS fuzz)
if(SMMUV3_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SMMUV3_FUZZ needs clang (-fsanitize=fuzzer)")
  endif()
  target_compile_options(smmuv3_acpi PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
  add_executable(fuzz_iort fuzz/fuzz_iort.c)
  target_compile_definitions(fuzz_iort PRIVATE SMMUV3_LIBFUZZER)
  target_compile_options(fuzz_iort PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(fuzz_iort PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_iort PRIVATE smmuv3_acpi smmuv3_warnings)
endif()
