# SPDX-License-Identifier: BSD-2-Clause
# The virtual SMMUv3: unit tests against fakes, the guest-on-model flow,
# and the fuzzer of guest registers, commands and STEs (with its replay
# smoke over the committed corpus).
# Every library module is linked (SMMUV3_MODULES), so a split of a module
# the vSMMU uses needs no change here.
smmuv3_add_test(NAME test_vsmmu SOURCES unit/test_vsmmu.c
  MODULES ${SMMUV3_MODULES} TIMEOUT 60)
# A guest driver on the virtual SMMU, the real SMMU being the model.
if(TARGET smmuv3_model)
  smmuv3_add_test(NAME test_vsmmu_model SOURCES unit/test_vsmmu_model.c
    MODULES ${SMMUV3_MODULES} LIBS smmuv3_model TIMEOUT 60)
endif()

# Guest-program fuzzing with the policy oracle: fuzz_vsmmu
# (test/cmake/fuzz.cmake): the replay in every build, the libFuzzer target
# and its coverage smoke with -DSMMUV3_FUZZ=ON.
