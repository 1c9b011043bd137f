# SPDX-License-Identifier: BSD-2-Clause
# Probing: ID registers, errata table, device-tree discovery and its fuzzer.
smmuv3_add_test(NAME test_idr SOURCES unit/test_idr.c MODULES idr errata
  LIBS smmuv3_osal_hosted TIMEOUT 60)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_errata.c)
  smmuv3_add_test(NAME test_errata SOURCES unit/test_errata.c MODULES idr errata
    TIMEOUT 60)
endif()
# Probing through the behavioural model's register decode.
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME test_idr_model SOURCES unit/test_idr_model.c
    MODULES idr errata LIBS smmuv3_model TIMEOUT 60)
endif()
if(TARGET smmuv3_fdt)
  smmuv3_add_test(NAME test_fdt SOURCES unit/test_fdt.c MODULES idr errata
    LIBS smmuv3_fdt TIMEOUT 60)
endif()

# Device-tree fuzzing: the replay driver always runs the committed corpus and
# a few thousand seeded mutations; -DSMMUV3_FUZZ=ON (clang) adds the
# libFuzzer target fuzz_fdt (run: fuzz_fdt test/fuzz/corpus/fdt).
option(SMMUV3_FUZZ "Build libFuzzer targets (clang)" OFF)
if(TARGET smmuv3_fdt)
  add_executable(fuzz_fdt_replay fuzz/fdt_replay.c fuzz/fuzz_fdt.c)
  target_link_libraries(fuzz_fdt_replay PRIVATE smmuv3_fdt smmuv3_warnings)
  add_test(NAME fuzz_fdt_replay COMMAND fuzz_fdt_replay
    ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/fdt 20000 0x5eed)
  set_tests_properties(fuzz_fdt_replay PROPERTIES TIMEOUT 60 LABELS fuzz)
  if(SMMUV3_FUZZ)
    if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
      message(FATAL_ERROR "SMMUV3_FUZZ needs clang (-fsanitize=fuzzer)")
    endif()
    target_compile_options(smmuv3_fdt PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
    add_executable(fuzz_fdt fuzz/fuzz_fdt.c)
    target_compile_definitions(fuzz_fdt PRIVATE SMMUV3_LIBFUZZER)
    target_compile_options(fuzz_fdt PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(fuzz_fdt PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(fuzz_fdt PRIVATE smmuv3_fdt smmuv3_warnings)
  endif()
endif()

# The bring-up tool, on presets, raw values and a corpus DTB.
if(TARGET smmuv3-probe)
  add_test(NAME tool_smmuv3_probe_preset COMMAND smmuv3-probe --preset mmu-700)
  set_tests_properties(tool_smmuv3_probe_preset PROPERTIES
    PASS_REGULAR_EXPRESSION "erratum 2812531.*erratum 3777127")
  add_test(NAME tool_smmuv3_probe_refuse COMMAND smmuv3-probe
    --idr0 0x0d441018 --idr1 0x02730010 --idr5 0x74)
  set_tests_properties(tool_smmuv3_probe_refuse PROPERTIES
    PASS_REGULAR_EXPRESSION "REFUSED: no stage 1 or stage 2")
  if(TARGET smmuv3_fdt)
    add_test(NAME tool_smmuv3_probe_dtb COMMAND smmuv3-probe
      --dtb ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/fdt/qemu-virt.dtb --preset qemu-virt)
    set_tests_properties(tool_smmuv3_probe_dtb PROPERTIES
      PASS_REGULAR_EXPRESSION "irq cmdq-sync +<0 76 1>.*firmware flags: coherent\n")
  endif()
endif()
