# SPDX-License-Identifier: BSD-2-Clause
# Probing: ID registers, errata table, device-tree discovery and its fuzzer.
smmuv3_add_test(NAME test_idr SOURCES unit/test_idr.c MODULES idr errata
  LIBS smmuv3_osal_hosted TIMEOUT 60)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_errata.c)
  smmuv3_add_test(NAME test_errata SOURCES unit/test_errata.c MODULES idr errata
    TIMEOUT 60)
endif()
if(TARGET smmuv3_fdt)
  smmuv3_add_test(NAME test_fdt SOURCES unit/test_fdt.c MODULES idr errata
    LIBS smmuv3_fdt TIMEOUT 60)
endif()
