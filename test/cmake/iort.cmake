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
  LIBS smmuv3_acpi ARGS ${_iort_aml_dir} ${_iort_vec} TIMEOUT 60)
if(TARGET iort_tables)
  add_dependencies(test_iort iort_tables)
endif()

# Fuzzing: fuzz_iort (test/cmake/fuzz.cmake): the replay in every build,
# the libFuzzer target and its coverage smoke with -DSMMUV3_FUZZ=ON.

# The tool on the iasl-compiled server table.
if(TARGET smmuv3-probe AND TARGET iort_tables)
  add_test(NAME tool_smmuv3_probe_iort COMMAND smmuv3-probe
    --iort ${_iort_aml_dir}/server-rev0.aml --preset qemu-virt)
  set_tests_properties(tool_smmuv3_probe_iort PROPERTIES
    PASS_REGULAR_EXPRESSION "arm,smmu-v3 @ 0x150000000 size 0x10000 iort-node 0xa0\n.*firmware flags: httu-override page0-only\n.*options: page0-regs-only.*named-component node 0x17c: \\\\_SB.ETH0\n    on SMMUv3 node 0x48: 1 StreamID\\(s\\) 0x2000\n    on SMMUv3 node 0xa0: 4 StreamID\\(s\\) 0x3000-0x3003\n")
endif()

if(TARGET smmuv3-probe)
  add_test(NAME tool_smmuv3_probe_iort_rmr COMMAND smmuv3-probe
    --iort ${_iort_vec}/rmr-rev5.aml)
  set_tests_properties(tool_smmuv3_probe_iort_rmr PROPERTIES
    PASS_REGULAR_EXPRESSION "rmr node 0x74\n    range 0xc0000000 size 0x800000 flags 0x15\n    range 0xd0000000 size 0x10000 flags 0x15\n    on SMMUv3 node 0x30: 2 StreamID\\(s\\) 0x40-0x41\n")
endif()

# QEMU comparison: the IORT QEMU's virt machine serves over fw_cfg, dumped
# by a bare-metal program built from examples/qemu-virt's start code,
# linker script and platform support, against the DT of the same machine.
find_program(SMMUV3_AARCH64_CC aarch64-linux-gnu-gcc)
find_program(SMMUV3_QEMU_AARCH64 qemu-system-aarch64)
if(SMMUV3_AARCH64_CC AND SMMUV3_QEMU_AARCH64 AND TARGET smmuv3_fdt)
  set(_qv ${PROJECT_SOURCE_DIR}/examples/qemu-virt)
  set(_qi ${CMAKE_CURRENT_SOURCE_DIR}/qemu-iort)
  execute_process(COMMAND ${SMMUV3_AARCH64_CC} -print-file-name=include
    OUTPUT_VARIABLE _a64_inc OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(_elf ${CMAKE_CURRENT_BINARY_DIR}/qemu-iort/fwcfg_dump.elf)
  add_custom_command(OUTPUT ${_elf}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/qemu-iort
    COMMAND ${SMMUV3_AARCH64_CC} -std=c11 -O2 -Wall -Wextra -Werror
      -ffreestanding -nostdinc -isystem ${_a64_inc} -mgeneral-regs-only
      -mstrict-align -fno-pie -fno-stack-protector -I${_qv}
      -nostdlib -static -no-pie -Wl,--no-warn-rwx-segments -Wl,--build-id=none
      -T ${_qv}/link.ld ${_qv}/start.S ${_qv}/platform.c ${_qi}/fwcfg_dump.c
      -lgcc -o ${_elf}
    DEPENDS ${_qv}/link.ld ${_qv}/start.S ${_qv}/platform.c ${_qv}/platform.h
      ${_qi}/fwcfg_dump.c
    VERBATIM)
  add_custom_target(qemu_iort_elf ALL DEPENDS ${_elf})
  add_executable(qemu_iort_compare qemu-iort/compare.c)
  target_link_libraries(qemu_iort_compare PRIVATE smmuv3_acpi smmuv3_fdt smmuv3_obj_core
    smmuv3_warnings)
  add_dependencies(qemu_iort_compare qemu_iort_elf)
  foreach(v 72 10)
    if(v STREQUAL "72")
      set(_q ${SMMUV3_QEMU_AARCH64})
    else()
      set(_q qemu10)
    endif()
    add_test(NAME qemu_iort_${v} COMMAND ${_qi}/run.sh ${_q} ${_elf}
      $<TARGET_FILE:qemu_iort_compare> ${CMAKE_CURRENT_BINARY_DIR}/qemu-iort qemu${v})
    set_tests_properties(qemu_iort_${v} PROPERTIES TIMEOUT 180 LABELS qemu
      SKIP_RETURN_CODE 77 PASS_REGULAR_EXPRESSION "IORT and DT paths agree")
  endforeach()
else()
  message(WARNING "qemu_iort tests not built: need aarch64-linux-gnu-gcc, qemu-system-aarch64 and smmuv3::fdt")
endif()

# acpi/ is freestanding like src/: cross-compiled with no libc headers
# reachable, it may reference only mem* and holds no mutable data.
if(SMMUV3_AARCH64_CC)
  find_program(SMMUV3_AARCH64_NM aarch64-linux-gnu-nm)
  execute_process(COMMAND ${SMMUV3_AARCH64_CC} -print-file-name=include
    OUTPUT_VARIABLE _a64_inc OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(_o ${CMAKE_CURRENT_BINARY_DIR}/iort-aarch64.o)
  add_test(NAME acpi_freestanding COMMAND bash -c
    "${SMMUV3_AARCH64_CC} -std=c11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdinc -isystem ${_a64_inc} -mgeneral-regs-only -I${PROJECT_SOURCE_DIR}/include -c ${PROJECT_SOURCE_DIR}/acpi/iort.c -o ${_o} && u=$(${SMMUV3_AARCH64_NM} -u ${_o} | awk '{print $2}' | grep -vxE 'memcpy|memset|memmove|memcmp' || true) && d=$(${SMMUV3_AARCH64_NM} ${_o} | awk '$2 ~ /^[BbDdCGgSs]$/') && echo \"undefined: $(${SMMUV3_AARCH64_NM} -u ${_o} | awk '{print $2}' | tr '\\n' ' ')\" && [ -z \"$u$d\" ] && echo 'acpi freestanding: PASS'")
  set_tests_properties(acpi_freestanding PROPERTIES TIMEOUT 60
    PASS_REGULAR_EXPRESSION "acpi freestanding: PASS")
endif()
