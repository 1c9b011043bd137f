# SPDX-License-Identifier: BSD-2-Clause
# Domains and streams against the behavioural model (test_domain itself is
# registered with the device tests).
if(TARGET smmuv3_model)
  foreach(t test_domain_moves test_domain_multi)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/unit/${t}.c)
      smmuv3_add_test(NAME ${t} SOURCES unit/${t}.c
        MODULES idr errata cmdq tlbi ste pgtable_lpae device domain
        LIBS smmuv3_model TIMEOUT 120)
      target_include_directories(${t} PRIVATE
        ${PROJECT_SOURCE_DIR}/test/model ${PROJECT_SOURCE_DIR}/test/unit)
    endif()
  endforeach()
endif()
