# SPDX-License-Identifier: BSD-2-Clause
smmuv3_add_test(NAME test_core SOURCES unit/test_core.c LIBS smmuv3_osal_hosted)
