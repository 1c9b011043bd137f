# SPDX-License-Identifier: BSD-2-Clause
# Probing: ID registers, errata table, device-tree discovery.
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

# Device-tree fuzzing: test/cmake/fuzz.cmake.

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
