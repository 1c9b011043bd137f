# SPDX-License-Identifier: BSD-2-Clause
# smmuv3_add_test(NAME <name> SOURCES <files...> [MODULES <mods...>] [LIBS <libs...>]
#                 [ARGS <args...>] [LABELS <labels...>] [TIMEOUT <s>])
# Builds a cmocka (or plain) test executable linking only the named library
# modules (object libraries; "core" is always included) and registers it with ctest.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

function(smmuv3_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;MODULES;LIBS;ARGS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set(_mods core ${T_MODULES})
  # cmdq.c applies the errata policies errata.c exposes.
  if("cmdq" IN_LIST _mods)
    list(APPEND _mods errata)
  endif()
  list(REMOVE_DUPLICATES _mods)
  foreach(m IN LISTS _mods)
    target_link_libraries(${T_NAME} PRIVATE smmuv3_obj_${m})
  endforeach()
  target_link_libraries(${T_NAME} PRIVATE PkgConfig::CMOCKA smmuv3_warnings ${T_LIBS})
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/test/support ${PROJECT_SOURCE_DIR}/src)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
endfunction()
