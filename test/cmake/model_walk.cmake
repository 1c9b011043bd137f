# SPDX-License-Identifier: BSD-2-Clause
# The model's translation engine (test/model/walk.c), tested on its own
# against hand-built STEs, CDs and page tables in an array-backed memory.
smmuv3_add_test(NAME test_model_walk
  SOURCES unit/test_model_walk.c model/walk.c
  LABELS model TIMEOUT 60)
target_include_directories(test_model_walk PRIVATE ${PROJECT_SOURCE_DIR}/test/model)
smmuv3_add_test(NAME test_model_walk_sweep
  SOURCES unit/test_model_walk_sweep.c model/walk.c
  LABELS model TIMEOUT 60)
target_include_directories(test_model_walk_sweep PRIVATE ${PROJECT_SOURCE_DIR}/test/model)
