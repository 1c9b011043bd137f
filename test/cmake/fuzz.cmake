# SPDX-License-Identifier: BSD-2-Clause
# Reliability: a fuzz target for every parser of untrusted input (docs/testing.md
# lists them) and the multi-threaded stress test of one device.
#
# Adding a fuzz target is one call:
#
#   smmuv3_add_fuzz_target(<name> <sources...> CORPUS <dir> FLOOR <edges>
#                          [MODULES <library modules...>] [LIBS <libs...>]
#                          [RUNS <n>] [REPLAY <n>] [OWN_MAIN])
#
# <sources> define LLVMFuzzerTestOneInput() (and nothing else global but
# helpers); <dir> is the seed corpus under test/fuzz/corpus/. MODULES are the
# library's object libraries to link (default: all of them); LIBS anything
# else (smmuv3_fdt, smmuv3_acpi, smmuv3_model, ...). OWN_MAIN: the sources
# bring their own replay main() (same arguments as fuzz/replay_main.c).
#  - Normal builds: <name>_replay (the sources + fuzz/replay_main.c) replays
#    the corpus and REPLAY (default 20000) seeded mutations of it; ctest runs
#    it as test <name>_replay, label "fuzz".
#  - -DSMMUV3_FUZZ=ON (preset "fuzz", clang): <name> is a libFuzzer binary.
#    Every library object it links is compiled with -fsanitize=fuzzer-no-link
#    (the harness and the model are not, so libFuzzer's "cov" counts library
#    edges only); a post-build check fails the build if any project library
#    object or archive member it links lacks that instrumentation. ctest test
#    <name>_smoke (label "fuzz") runs RUNS (default 20000) executions from the
#    corpus and fails if the library edge coverage is below FLOOR.
#    Target "fuzz_all" builds every fuzz binary.
# Long campaigns: scripts/fuzz-campaign.sh (docs/testing.md).

set(SMMUV3_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
if(SMMUV3_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SMMUV3_FUZZ needs clang (-fsanitize=fuzzer)")
  endif()
  # Coverage instrumentation of the library itself (every module, and the
  # device-tree library): without it libFuzzer is blind to what it drives.
  foreach(m IN LISTS SMMUV3_MODULES)
    target_compile_options(smmuv3_obj_${m} PRIVATE -fsanitize=fuzzer-no-link)
  endforeach()
  if(TARGET smmuv3_fdt)
    target_compile_options(smmuv3_fdt PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  if(TARGET smmuv3_acpi)
    target_compile_options(smmuv3_acpi PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  if(NOT TARGET fuzz_all)
    add_custom_target(fuzz_all)
  endif()
endif()

function(smmuv3_add_fuzz_target name)
  cmake_parse_arguments(F "OWN_MAIN" "CORPUS;FLOOR;RUNS;REPLAY" "MODULES;LIBS" ${ARGN})
  set(_srcs ${F_UNPARSED_ARGUMENTS})
  if(NOT F_CORPUS OR "${F_FLOOR}" STREQUAL "" OR NOT _srcs)
    message(FATAL_ERROR "smmuv3_add_fuzz_target(${name}): sources, CORPUS and FLOOR are required")
  endif()
  if(NOT IS_ABSOLUTE "${F_CORPUS}")
    set(F_CORPUS ${SMMUV3_FUZZ_DIR}/${F_CORPUS})
  endif()
  if(NOT F_MODULES)
    set(F_MODULES ${SMMUV3_MODULES})
  endif()
  if(NOT F_RUNS)
    set(F_RUNS 20000)
  endif()
  if(NOT F_REPLAY)
    set(F_REPLAY 20000)
  endif()
  set(_libs)
  foreach(m IN LISTS F_MODULES)
    list(APPEND _libs smmuv3_obj_${m})
  endforeach()
  list(APPEND _libs ${F_LIBS})

  if(NOT SMMUV3_FUZZ)
    if(F_OWN_MAIN)
      add_executable(${name}_replay ${_srcs})
    else()
      add_executable(${name}_replay ${SMMUV3_FUZZ_DIR}/replay_main.c ${_srcs})
    endif()
    target_link_libraries(${name}_replay PRIVATE ${_libs} smmuv3_warnings)
    target_include_directories(${name}_replay PRIVATE ${SMMUV3_FUZZ_DIR})
    add_test(NAME ${name}_replay COMMAND ${name}_replay ${F_CORPUS} ${F_REPLAY} 0x5eed)
    set_tests_properties(${name}_replay PROPERTIES TIMEOUT 120 LABELS fuzz)
    return()
  endif()

  add_executable(${name} ${_srcs})
  target_compile_definitions(${name} PRIVATE SMMUV3_LIBFUZZER)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE ${_libs} smmuv3_warnings)
  target_include_directories(${name} PRIVATE ${SMMUV3_FUZZ_DIR})
  add_dependencies(fuzz_all ${name})
  # Every project library object (or archive) this target links must carry
  # the coverage instrumentation.
  # ("|"-separated: a ";" list would be split into separate arguments.)
  set(_check)
  foreach(l IN LISTS _libs)
    if(l MATCHES "^smmuv3_obj_")
      list(APPEND _check "$<JOIN:$<TARGET_OBJECTS:${l}>,|>")
    elseif(l STREQUAL "smmuv3" OR l STREQUAL "smmuv3_fdt" OR l STREQUAL "smmuv3::smmuv3"
           OR l STREQUAL "smmuv3::fdt" OR l STREQUAL "smmuv3_acpi")
      list(APPEND _check "$<TARGET_FILE:${l}>")
    endif()
  endforeach()
  string(JOIN "|" _check ${_check})
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DWHAT=${name} "-DFILES=${_check}"
      -P ${SMMUV3_FUZZ_DIR}/cmake/check_instrumented.cmake
    VERBATIM)
  add_test(NAME ${name}_smoke COMMAND ${CMAKE_COMMAND}
    -DEXE=$<TARGET_FILE:${name}> -DCORPUS=${F_CORPUS} -DFLOOR=${F_FLOOR}
    -DRUNS=${F_RUNS} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/fuzz-smoke/${name}
    -P ${SMMUV3_FUZZ_DIR}/cmake/smoke.cmake)
  set_tests_properties(${name}_smoke PROPERTIES TIMEOUT 300 LABELS fuzz
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endfunction()

# ---- the targets (floors: library edges reached by the smoke run, set a
# little below what it reaches today so a harness that goes blind fails) --
if(TARGET smmuv3_fdt)
  smmuv3_add_fuzz_target(fuzz_fdt fuzz/fuzz_fdt.c CORPUS corpus/fdt FLOOR 150
    MODULES core idr errata LIBS smmuv3_fdt)
endif()
smmuv3_add_fuzz_target(fuzz_cmd fuzz/fuzz_cmd.c CORPUS corpus/cmd FLOOR 270
  MODULES core cmdq idr errata)
smmuv3_add_fuzz_target(fuzz_idr fuzz/fuzz_idr.c CORPUS corpus/idr FLOOR 150)
smmuv3_add_fuzz_target(fuzz_pgtable fuzz/fuzz_pgtable.c CORPUS corpus/pgtable
  FLOOR 290 MODULES core pgtable_lpae idr errata LIBS smmuv3_osal_mock
  RUNS 3000 REPLAY 5000)
if(TARGET smmuv3_model)
  smmuv3_add_fuzz_target(fuzz_records fuzz/fuzz_records.c CORPUS corpus/records
    FLOOR 290 LIBS smmuv3_model RUNS 2000 REPLAY 3000)
  smmuv3_add_fuzz_target(fuzz_lying_smmu fuzz/fuzz_lying_smmu.c
    CORPUS corpus/lying_smmu FLOOR 450 LIBS smmuv3_model RUNS 2000 REPLAY 2000)
endif()

# The instrumentation check itself must refuse an uninstrumented object: the
# replay driver, compiled like a harness (no coverage), next to a library one.
if(SMMUV3_FUZZ)
  add_library(smmuv3_fuzz_uninstrumented OBJECT fuzz/replay_main.c)
  target_link_libraries(smmuv3_fuzz_uninstrumented PRIVATE smmuv3_warnings)
  add_dependencies(fuzz_all smmuv3_fuzz_uninstrumented)
  add_test(NAME fuzz_check_refuses_uninstrumented COMMAND ${CMAKE_COMMAND}
    -DNM=${CMAKE_NM} -DWHAT=probe
    "-DFILES=$<JOIN:$<TARGET_OBJECTS:smmuv3_obj_core>,|>|$<JOIN:$<TARGET_OBJECTS:smmuv3_fuzz_uninstrumented>,|>"
    -P ${SMMUV3_FUZZ_DIR}/cmake/check_instrumented.cmake)
  set_tests_properties(fuzz_check_refuses_uninstrumented PROPERTIES LABELS fuzz
    PASS_REGULAR_EXPRESSION "without coverage[ \n]+instrumentation.*replay_main")
endif()

# ---- multi-threaded stress of one device (ThreadSanitizer: preset "tsan") --
if(TARGET smmuv3_model)
  find_package(Threads REQUIRED)
  add_executable(stress_dev stress/stress_dev.c)
  foreach(m IN LISTS SMMUV3_MODULES)
    target_link_libraries(stress_dev PRIVATE smmuv3_obj_${m})
  endforeach()
  target_link_libraries(stress_dev PRIVATE smmuv3_model Threads::Threads smmuv3_warnings)
  add_test(NAME stress_dev COMMAND stress_dev 3 20)
  set_tests_properties(stress_dev PROPERTIES TIMEOUT 120 LABELS "stress;tsan"
    ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:exitcode=66:history_size=7:second_deadlock_stack=1")
endif()
# The IORT parser (acpi/) and the virtual SMMU's guest interface.
if(TARGET smmuv3_acpi)
  smmuv3_add_fuzz_target(fuzz_iort fuzz/fuzz_iort.c CORPUS corpus/iort
    FLOOR 180 MODULES core LIBS smmuv3_acpi OWN_MAIN)
endif()
smmuv3_add_fuzz_target(fuzz_vsmmu fuzz/fuzz_vsmmu.c CORPUS corpus/vsmmu
  FLOOR 560 OWN_MAIN)
