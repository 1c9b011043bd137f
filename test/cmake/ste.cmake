# SPDX-License-Identifier: BSD-2-Clause
# Stream tables, STEs, CDs and the hitless writer.
smmuv3_add_test(NAME test_ste SOURCES unit/test_ste.c
  MODULES ste cmdq LIBS smmuv3_osal_hosted)

# The writer is checked against the model's STE/CD decoder (test/model/
# walk.c, an independent reading of IHI 0070); built once that file has it.
set(_ste_walk ${PROJECT_SOURCE_DIR}/test/model/walk.c)
set(_ste_have_walk FALSE)
if(EXISTS ${_ste_walk})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_ste_walk})
  file(READ ${_ste_walk} _ste_walk_src)
  string(FIND "${_ste_walk_src}" "int mdl_ste_decode(" _ste_pos)
  if(NOT _ste_pos EQUAL -1)
    set(_ste_have_walk TRUE)
  endif()
endif()
if(_ste_have_walk)
  smmuv3_add_test(NAME test_ste_write
    SOURCES unit/test_ste_write.c model/walk.c
    MODULES ste cmdq LIBS smmuv3_osal_hosted TIMEOUT 60)
  target_include_directories(test_ste_write PRIVATE
    ${PROJECT_SOURCE_DIR}/test/model ${PROJECT_SOURCE_DIR}/test/unit)
endif()
if(_ste_have_walk)
  smmuv3_add_test(NAME prop_ste
    SOURCES prop/prop_ste.c model/walk.c
    MODULES ste cmdq TIMEOUT 60 LABELS prop)
  target_include_directories(prop_ste PRIVATE
    ${PROJECT_SOURCE_DIR}/test/model ${PROJECT_SOURCE_DIR}/test/unit)
endif()
