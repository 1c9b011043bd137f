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
# The library's probe and command queue driving the model.
if(TARGET smmuv3_model AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/model/test_model_lib.c)
  smmuv3_add_test(NAME test_model_lib SOURCES model/test_model_lib.c
    MODULES idr errata cmdq LIBS smmuv3_model TIMEOUT 60)
endif()
# Property: every command the library's encoder accepts, the model runs.
if(TARGET smmuv3_model AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/model/test_model_cmd_prop.c)
  smmuv3_add_test(NAME test_model_cmd_prop SOURCES model/test_model_cmd_prop.c
    MODULES idr errata cmdq LIBS smmuv3_model TIMEOUT 60)
endif()
# The documented integration flow, library + model, under several variants.
if(TARGET smmuv3_model AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/model/test_model_e2e.c)
  smmuv3_add_test(NAME test_model_e2e SOURCES model/test_model_e2e.c
    MODULES idr errata cmdq tlbi ste pgtable_lpae device domain LIBS smmuv3_model TIMEOUT 60)
endif()
# Eager caching and the audit catch forgotten invalidations; DMA data path.
if(TARGET smmuv3_model AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/model/test_model_audit.c)
  smmuv3_add_test(NAME test_model_audit SOURCES model/test_model_audit.c
    MODULES idr errata cmdq tlbi ste pgtable_lpae device domain LIBS smmuv3_model TIMEOUT 60)
endif()
