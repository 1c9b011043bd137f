# SPDX-License-Identifier: BSD-2-Clause
# Device bring-up and domains, against the behavioural model.
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME test_device SOURCES unit/test_device.c
    MODULES idr errata cmdq ste device LIBS smmuv3_model TIMEOUT 120)
  smmuv3_add_test(NAME test_domain SOURCES unit/test_domain.c
    MODULES idr errata cmdq tlbi ste pgtable_lpae device domain LIBS smmuv3_model TIMEOUT 120)
endif()
