# SPDX-License-Identifier: BSD-2-Clause
# Machine-checked proofs (docs/proofs.md): one ctest test per proof target
# proofs/<name>.args, labelled "proofs". Only with SMMUV3_PROOFS (the proofs
# workflow preset), which builds nothing else.
add_custom_target(proofs_ready)
if(SMMUV3_PROOFS)
  file(GLOB _smmuv3_proof_args CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/proofs/*.args)
  foreach(_a IN LISTS _smmuv3_proof_args)
    get_filename_component(_n ${_a} NAME_WE)
    add_test(NAME proof_${_n} COMMAND ${PROJECT_SOURCE_DIR}/proofs/run.sh ${_n})
    set_tests_properties(proof_${_n} PROPERTIES LABELS proofs TIMEOUT 1200
      ENVIRONMENT "SMMUV3_PROOF_LOG=${CMAKE_CURRENT_BINARY_DIR}/proofs")
  endforeach()
endif()
