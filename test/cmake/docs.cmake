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
