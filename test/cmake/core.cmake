# SPDX-License-Identifier: BSD-2-Clause
smmuv3_add_test(NAME test_core SOURCES unit/test_core.c LIBS smmuv3_osal_hosted)
smmuv3_add_test(NAME test_osal_arena SOURCES unit/test_osal_arena.c ../osal/baremetal/arena.c)
target_include_directories(test_osal_arena PRIVATE ${PROJECT_SOURCE_DIR}/osal/baremetal)
