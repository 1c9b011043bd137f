# SPDX-License-Identifier: BSD-2-Clause
# The project's warning set (shared/CONVENTIONS.md "Build"), as an interface target.
add_library(smmuv3_warnings INTERFACE)
target_compile_options(smmuv3_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wvla -Wundef -Wmissing-prototypes -Wstrict-prototypes
  -Wcast-qual -Wpointer-arith -pedantic
  $<$<BOOL:${SMMUV3_WERROR}>:-Werror>)
