# SPDX-License-Identifier: BSD-2-Clause
# Smoke run of one libFuzzer target: RUNS executions starting from the seed
# corpus CORPUS (new inputs go to the scratch directory WORK, never into the
# source tree), then the library edge coverage it reached ("cov:" of the
# final line: only library objects are coverage-instrumented) against FLOOR.
# cmake -DEXE= -DCORPUS= -DFLOOR= -DRUNS= -DWORK= -P smoke.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${EXE} -runs=${RUNS} -seed=1 -max_len=4096
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${WORK} ${CORPUS}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message("${out}")
  message(FATAL_ERROR "${EXE}: exit status ${rc}")
endif()
string(REGEX MATCHALL "cov: [0-9]+" covs "${out}")
list(LENGTH covs ncov)
if(ncov EQUAL 0)
  message("${out}")
  message(FATAL_ERROR "${EXE}: no coverage figure printed")
endif()
list(GET covs -1 last)
string(REGEX REPLACE "cov: " "" cov "${last}")
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" units "${out}")
message("${EXE}: ${units}; library edges covered: ${cov} (floor ${FLOOR})")
if(cov LESS FLOOR)
  message(FATAL_ERROR "coverage ${cov} below the floor ${FLOOR}")
endif()
