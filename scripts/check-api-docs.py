#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check the public API documentation contract (docs/design.md, "API
documentation"): every SMMUV3_API function in include/smmuv3 (and every
function of the model and OSAL port headers) has a kernel-doc comment
directly above it that
  - starts with "/**" and names the function: "name() - summary";
  - has an "@param:" line for each parameter;
  - has a "Return:" line;
  - has a line starting "On error:" when the function can fail (it is
    SMMUV3_MUST_CHECK, or its Return: text names an SMMUV3_E* code).
Also compares the codes a function's comment names with the SMMUV3_E*
codes its definition and the functions it calls (transitively, in src/,
fdt/, osal/ and test/model/) contain, and lists the ones not documented
(informational: a code in a callee may be handled by the caller).
Last, every SMMUV3_ name the headers' comments, README.md and docs/*.md
mention must exist outside src/: a macro or enum constant of a public
header, or a CMake option (a name followed by '*' is a pattern).

Usage: check-api-docs.py <source dir> [--skip FILE] [--codes]
FILE lists headers (paths relative to the source dir, one per line, '#'
comments) whose violations are reported but do not fail the check.
--codes prints the undocumented-code comparison too.
Exit status: 0 when every checked header keeps the contract.
"""
import os
import re
import sys

API_HEADERS = "include/smmuv3"
# Headers whose every function prototype is public API (no SMMUV3_API).
ALL_FN_HEADERS = [
    "test/model/include/smmuv3/model.h",
    "osal/mock/smmuv3_osal_mock.h",
    "osal/hosted/smmuv3_osal_hosted.h",
    "osal/baremetal/smmuv3_osal_baremetal.h",
    "test/model/walk.h",
]
SRC_DIRS = ["src", "fdt", "osal", "test/model"]

COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
CODE_RE = re.compile(r"\bSMMUV3_E[A-Z0-9]+\b")


def strip_comments_keep_layout(text):
    return COMMENT_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def split_params(params):
    out, depth, cur = [], 0, ""
    for ch in params:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    names = []
    for p in out:
        p = p.strip()
        if p in ("void", "...", ""):
            continue
        m = re.search(r"\(\s*\*\s*(\w+)\s*\)", p)  # function pointer
        if m:
            names.append(m.group(1))
            continue
        p = re.sub(r"\[.*?\]", "", p)
        m = re.search(r"(\w+)\s*$", p)
        if m:
            names.append(m.group(1))
    return names


def declarations(text, all_functions):
    """(name, params, must_check, start offset) of each prototype."""
    clean = strip_comments_keep_layout(text)
    clean = re.sub(r"^\s*#.*?(?<!\\)$", lambda m: " " * len(m.group(0)),
                   clean, flags=re.M | re.S)
    decls = []
    # Top-level statements end at ';' or a '{...}' body.
    i, n, start, depth = 0, len(clean), 0, 0
    while i < n:
        ch = clean[i]
        if ch == "{":
            if depth == 0:
                stmt = clean[start:i]
                decls.append((stmt, start))
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                # skip to ';' of a struct/enum, or the end of a body
                j = i + 1
                while j < n and clean[j] in " \t\n":
                    j += 1
                if j < n and clean[j] == ";":
                    i = j
                start = i + 1
        elif ch == ";" and depth == 0:
            decls.append((clean[start:i], start))
            start = i + 1
        i += 1
    out = []
    for stmt, off in decls:
        s = " ".join(stmt.split())
        if "(" not in s or s.startswith("typedef") or "=" in s.split("(")[0]:
            continue
        if not all_functions and "SMMUV3_API" not in s:
            continue
        m = re.match(r"^(.*?)\b(\w+)\s*\((.*)\)\s*(__attribute__.*)?$", s)
        if not m:
            continue
        head, name, params = m.group(1), m.group(2), m.group(3)
        if name in ("if", "while", "sizeof") or head.strip() == "":
            continue
        if re.search(r"\bstruct\s*$|\benum\s*$", head):
            continue
        lead = len(stmt) - len(stmt.lstrip())
        out.append((name, split_params(params), "SMMUV3_MUST_CHECK" in head,
                    head, off + lead))
    return out


def comment_above(text, pos):
    before = text[:pos].rstrip()
    if not before.endswith("*/"):
        return None
    start = before.rfind("/*")
    return before[start:]


def check_header(path, rel, all_functions):
    text = open(path, encoding="utf-8").read()
    problems, docs = [], {}
    for name, params, must_check, head, pos in declarations(text, all_functions):
        c = comment_above(text, pos)
        where = "%s: %s()" % (rel, name)
        if c is None:
            problems.append("%s: no comment directly above" % where)
            continue
        lines = [re.sub(r"^\s*/?\*+/?\s?", "", l) for l in c.splitlines()]
        body = "\n".join(lines)
        docs[name] = (body, re.search(r"\bint\s*$", head.replace("SMMUV3_MUST_CHECK", "").replace("SMMUV3_API", "").strip()) is not None)
        if not c.startswith("/**"):
            problems.append("%s: comment does not start with /**" % where)
        if not re.search(r"\b%s\(\)\s+-\s+\S" % re.escape(name), body):
            problems.append("%s: no '%s() - summary' line" % (where, name))
        for p in params:
            if not re.search(r"@%s:" % re.escape(p), body):
                problems.append("%s: parameter %s has no '@%s:' line" %
                                (where, p, p))
        ret = re.search(r"^Return:(.*?)(?=^\S+:|\Z)", body, re.M | re.S)
        if not ret:
            problems.append("%s: no 'Return:' line" % where)
        fallible = must_check or (ret and CODE_RE.search(ret.group(1)))
        if fallible and not re.search(r"^On error:", body, re.M):
            problems.append("%s: can fail but has no 'On error:' line" % where)
    return problems, docs


def definitions(src):
    """name -> function body text, for every function defined in SRC_DIRS."""
    defs = {}
    for d in SRC_DIRS:
        for root, _, files in os.walk(os.path.join(src, d)):
            for f in files:
                if not f.endswith(".c"):
                    continue
                text = strip_comments_keep_layout(
                    open(os.path.join(root, f), encoding="utf-8").read())
                for m in re.finditer(r"^[A-Za-z_][\w \t\*]*?\b(\w+)\s*\([^;{]*?\)\s*\{",
                                     text, re.M | re.S):
                    name, i, depth = m.group(1), m.end() - 1, 0
                    for j in range(i, len(text)):
                        if text[j] == "{":
                            depth += 1
                        elif text[j] == "}":
                            depth -= 1
                            if depth == 0:
                                defs.setdefault(name, text[i:j + 1])
                                break
    return defs


def returned_codes(name, defs, seen=None):
    if seen is None:
        seen = set()
    if name in seen or name not in defs:
        return set()
    seen.add(name)
    body = defs[name]
    codes = set(CODE_RE.findall(body))
    for callee in set(re.findall(r"\b(\w+)\s*\(", body)):
        if callee != name and callee in defs:
            codes |= returned_codes(callee, defs, seen)
    return codes


def known_names(src, headers):
    names = set()
    for p, _, _ in headers:
        t = open(p, encoding="utf-8").read()
        names |= set(re.findall(r"#\s*define\s+(SMMUV3_\w+)", t))
        # configuration macros the user may define (tested, not defined)
        names |= set(re.findall(r"#\s*if(?:n?def)?\s+(?:defined\s*\(?\s*)?(SMMUV3_\w+)", t))
        names |= set(re.findall(r"\b(SMMUV3_\w+)\s*(?:=[^=]|,)", t))
        for body in re.findall(r"enum\s*\w*\s*\{(.*?)\}", t, re.S):
            names |= set(re.findall(r"\b(SMMUV3_\w+)\b",
                                    COMMENT_RE.sub("", body)))
    for root, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
        for f in files:
            if f == "CMakeLists.txt" or f.endswith(".cmake"):
                t = open(os.path.join(root, f), encoding="utf-8").read()
                names |= set(re.findall(r"option\((SMMUV3_\w+)", t))
                names |= set(re.findall(r"set\((SMMUV3_\w+)[^)]*CACHE", t))
            elif f.endswith(".sh") or f == "run":
                # environment variables the scripts read
                t = open(os.path.join(root, f), encoding="utf-8").read()
                names |= set(re.findall(r"\$\{?(SMMUV3_\w+)", t))
    return names


def unknown_names(src, headers, known):
    """(file, name) of SMMUV3_ names mentioned but defined nowhere public."""
    out = []
    docs = [(os.path.join(src, "README.md"), "README.md")]
    ddir = os.path.join(src, "docs")
    for f in sorted(os.listdir(ddir)) if os.path.isdir(ddir) else []:
        if f.endswith(".md"):
            docs.append((os.path.join(src, "docs", f), "docs/" + f))
    for p, rel, _ in headers:
        text = " ".join(COMMENT_RE.findall(open(p, encoding="utf-8").read()))
        docs.append((None, rel, text))
    for item in docs:
        if len(item) == 2:
            p, rel = item
            if not os.path.exists(p):
                continue
            text = open(p, encoding="utf-8").read()
        else:
            _, rel, text = item
        for m in re.finditer(r"\bSMMUV3_[A-Z0-9_]*[A-Z0-9]\b(\*|<)?", text):
            name = m.group(0)
            if m.group(1) or name in known:
                continue
            out.append((rel, name.rstrip("*<")))
    return sorted(set(out))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    src = argv[1]
    skip, show_codes = set(), "--codes" in argv
    if "--skip" in argv:
        for line in open(argv[argv.index("--skip") + 1], encoding="utf-8"):
            line = line.split("#")[0].strip()
            if line:
                skip.add(line)
    headers = []
    for root, _, files in os.walk(os.path.join(src, API_HEADERS)):
        for f in sorted(files):
            if f.endswith(".h"):
                p = os.path.join(root, f)
                headers.append((p, os.path.relpath(p, src), False))
    for rel in ALL_FN_HEADERS:
        p = os.path.join(src, rel)
        if os.path.exists(p):
            headers.append((p, rel, True))
    failed, skipped, alldocs = [], [], {}
    for p, rel, allfn in sorted(headers):
        probs, docs = check_header(p, rel, allfn)
        alldocs.update(docs)
        (skipped if rel in skip else failed).extend(probs)
    for rel, name in unknown_names(src, headers, known_names(src, headers)):
        msg = "%s: names %s, which no public header or CMake option defines" % (rel, name)
        (skipped if rel in skip else failed).append(msg)
    for s in skipped:
        print("skipped (temporary list): " + s)
    for f in failed:
        print("FAIL: " + f)
    if show_codes:
        defs = definitions(src)
        for name in sorted(alldocs):
            body, returns_int = alldocs[name]
            if not returns_int:
                continue
            undoc = returned_codes(name, defs) - set(CODE_RE.findall(body))
            undoc.discard("SMMUV3_EOK")
            if undoc:
                print("codes: %s() may return, undocumented: %s" %
                      (name, " ".join(sorted(undoc))))
    checked = len(headers) - len([h for h in headers if h[1] in skip])
    print("api docs: %d header(s) checked, %d violation(s), %d in %d skipped "
          "header(s)" % (checked, len(failed), len(skipped), len(skip)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
