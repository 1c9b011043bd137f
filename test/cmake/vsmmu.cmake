# SPDX-License-Identifier: BSD-2-Clause
# The virtual SMMUv3: unit tests against fakes, the guest-on-model flow,
# and the fuzzer of guest registers, commands and STEs (with its replay
# smoke over the committed corpus).
smmuv3_add_test(NAME test_vsmmu SOURCES unit/test_vsmmu.c
  MODULES idr errata cmdq ste device vsmmu TIMEOUT 60)
# A guest driver on the virtual SMMU, the real SMMU being the model.
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME test_vsmmu_model SOURCES unit/test_vsmmu_model.c
    MODULES idr errata cmdq tlbi ste pgtable_lpae device vsmmu
    LIBS smmuv3_model TIMEOUT 60)
endif()
