# SPDX-License-Identifier: BSD-2-Clause
# LPAE page tables (issue 8): unit tests, vectors, properties, benchmark.
smmuv3_add_test(NAME test_pgtable
  SOURCES unit/test_pgtable.c vectors/lpae_vectors.c
  MODULES pgtable_lpae LIBS smmuv3_osal_hosted TIMEOUT 120)
target_include_directories(test_pgtable PRIVATE ${PROJECT_SOURCE_DIR}/test/vectors)
smmuv3_add_test(NAME prop_pgtable SOURCES prop/prop_pgtable.c
  MODULES pgtable_lpae LIBS smmuv3_osal_hosted TIMEOUT 120)
target_include_directories(prop_pgtable PRIVATE ${PROJECT_SOURCE_DIR}/test/unit)
