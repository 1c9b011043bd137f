# SPDX-License-Identifier: BSD-2-Clause
# Range TLB invalidation: unit tests (worked examples), the property test
# (1,000,000 seeded cases decoded back to pages) and a benchmark.
smmuv3_add_test(NAME test_tlbi SOURCES unit/test_tlbi.c MODULES tlbi cmdq)
smmuv3_add_test(NAME prop_tlbi SOURCES prop/prop_tlbi.c MODULES tlbi cmdq
  LABELS prop TIMEOUT 120)
