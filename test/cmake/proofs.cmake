# SPDX-License-Identifier: BSD-2-Clause
# Machine-checked proofs (docs/proofs.md): one ctest test per proof target
# proofs/<name>.args, labelled "proofs". Only with SMMUV3_PROOFS (the proofs
# workflow preset), which builds nothing else.
# The proofs test preset runs two targets at once (its "jobs"): Frama-C's
# own work (parsing, goal generation, Qed) is one process per target. Each
# target runs two prover processes (SMMUV3_WP_PAR=2), so a goal's Z3 and
# CVC4 race and the first proof stops the other; with one, a goal that
# only CVC4 proves waits for Z3's timeout first. COST (the target's
# expected seconds, from proofs/run.sh --costs) makes ctest start the
# longest targets first.
add_custom_target(proofs_ready)
if(SMMUV3_PROOFS)
  file(GLOB _smmuv3_proof_args CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/proofs/*.args)
  execute_process(COMMAND ${PROJECT_SOURCE_DIR}/proofs/run.sh --costs
    OUTPUT_VARIABLE _smmuv3_proof_costs OUTPUT_STRIP_TRAILING_WHITESPACE)
  foreach(_a IN LISTS _smmuv3_proof_args)
    get_filename_component(_n ${_a} NAME_WE)
    set(_cost 60)
    if(_smmuv3_proof_costs MATCHES "(^|\n)${_n} ([0-9]+)")
      set(_cost ${CMAKE_MATCH_2})
    endif()
    add_test(NAME proof_${_n} COMMAND ${PROJECT_SOURCE_DIR}/proofs/run.sh ${_n})
    set_tests_properties(proof_${_n} PROPERTIES LABELS proofs TIMEOUT 1200
      COST ${_cost} PROCESSORS 1
      ENVIRONMENT "SMMUV3_PROOF_LOG=${CMAKE_CURRENT_BINARY_DIR}/proofs;SMMUV3_WP_PAR=2")
  endforeach()
endif()
