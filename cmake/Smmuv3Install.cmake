# SPDX-License-Identifier: BSD-2-Clause
# Install rules: placeholder, completed by the foundation work.
