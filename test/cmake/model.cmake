# SPDX-License-Identifier: BSD-2-Clause
# Tests of the mock OSAL port and of the behavioural model core (the walk
# engine's tests live in model_walk.cmake).
smmuv3_add_test(NAME test_osal_mock SOURCES model/test_osal_mock.c LIBS smmuv3_osal_mock TIMEOUT 60)
if(TARGET smmuv3_model)
  foreach(t model_regs model_cmdq model_xlate)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/model/test_${t}.c)
      smmuv3_add_test(NAME test_${t} SOURCES model/test_${t}.c LIBS smmuv3_model TIMEOUT 60)
    endif()
  endforeach()
endif()
