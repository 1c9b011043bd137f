# SPDX-License-Identifier: BSD-2-Clause
# Stream tables, STEs, CDs and the hitless writer (issue 7).
smmuv3_add_test(NAME test_ste SOURCES unit/test_ste.c
  MODULES ste cmdq LIBS smmuv3_osal_hosted)
