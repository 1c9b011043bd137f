# SPDX-License-Identifier: BSD-2-Clause
# The documentation contract of the public headers (scripts/check-api-docs.py)
# and the C snippets of the README and the testing guide, compiled.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(_skip "")
  if(EXISTS ${PROJECT_SOURCE_DIR}/scripts/api-docs-skip.txt)
    set(_skip --skip ${PROJECT_SOURCE_DIR}/scripts/api-docs-skip.txt)
  endif()
  add_test(NAME test_api_docs
    COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/scripts/check-api-docs.py
            ${PROJECT_SOURCE_DIR} ${_skip})
else()
  # The check must run: fail loudly rather than skip it.
  add_test(NAME test_api_docs COMMAND sh -c "echo 'python3 not found: install it (scripts/deps.sh python3)'; exit 1")
endif()

# Every ```c block of these documents is a complete translation unit: it is
# compiled (a block with main() is also linked against the library and the
# model and run). Editing a document re-runs the extraction.
if(Python3_Interpreter_FOUND AND TARGET smmuv3_model)
  set(_docs ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/testing-with-the-model.md)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_docs})
  execute_process(
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/extract-snippets.py
            ${CMAKE_CURRENT_BINARY_DIR}/doc_snippets ${_docs}
    OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "extracting the documentation snippets failed")
  endif()
  string(REPLACE "\n" ";" _lines "${_out}")
  set(_objs)
  foreach(l IN LISTS _lines)
    if(l MATCHES "^(.+) (main|object)$")
      set(_f ${CMAKE_MATCH_1})
      if(CMAKE_MATCH_2 STREQUAL "main")
        get_filename_component(_n ${_f} NAME_WE)
        add_executable(snippet_${_n} ${_f})
        target_compile_options(snippet_${_n} PRIVATE -Wall -Wextra -Werror)
        target_link_libraries(snippet_${_n} PRIVATE smmuv3 smmuv3_model)
        add_test(NAME test_doc_snippet_${_n} COMMAND snippet_${_n})
      else()
        list(APPEND _objs ${_f})
      endif()
    endif()
  endforeach()
  if(_objs)
    add_library(doc_snippets OBJECT ${_objs})
    target_compile_options(doc_snippets PRIVATE -Wall -Wextra -Werror)
    target_link_libraries(doc_snippets PRIVATE smmuv3 smmuv3_model)
  endif()
endif()

# The checker itself can fail: a fixture header breaking each rule once.
if(Python3_Interpreter_FOUND)
  add_test(NAME test_api_docs_catches
    COMMAND ${PROJECT_SOURCE_DIR}/test/docs/check-api-docs-catches.sh ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR})
endif()
