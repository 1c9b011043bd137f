# SPDX-License-Identifier: BSD-2-Clause
# Command encoding (src/cmd.c) and the command queue (src/cmdq.c).
smmuv3_add_test(NAME test_cmd
  SOURCES unit/test_cmd.c vectors/cmd_vectors.c
  MODULES cmdq TIMEOUT 60)
find_package(Threads REQUIRED)
smmuv3_add_test(NAME test_cmdq
  SOURCES unit/test_cmdq.c unit/test_cmdq_fake.c
  MODULES cmdq LIBS Threads::Threads TIMEOUT 60)
