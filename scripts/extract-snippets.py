#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write every ```c block of the given Markdown files to <out dir> as
<doc id>_<n>.c, and print one line per block: "<file> main" when the block
defines main(), else "<file> object". Usage: extract-snippets.py <out dir>
<doc>..."""
import os
import re
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for doc in sys.argv[2:]:
    ident = re.sub(r"\W", "_", os.path.basename(doc))
    text = open(doc, encoding="utf-8").read()
    blocks = re.findall(r"^```c\n(.*?)^```", text, re.M | re.S)
    for n, b in enumerate(blocks, 1):
        path = os.path.join(out, "%s_%d.c" % (ident, n))
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != b:  # keep the timestamp when unchanged
            with open(path, "w", encoding="utf-8") as f:
                f.write(b)
        print(path, "main" if re.search(r"\bint\s+main\s*\(", b) else "object")
