#!/usr/bin/env python3
"""Counts the public declarations of each library target with and without a doc comment.

    python3 scripts/doc-coverage.py                 # a table for the library targets
    python3 scripts/doc-coverage.py DataAPISQL -v   # and the undocumented ones, file:line
    python3 scripts/doc-coverage.py --fail-under 100 DataAPI DataAPISQL DataAPIClient

A declaration counts as public when it is spelled `public` or `open` and every type around it
is public (extensions are taken as extending a public type when the target declares that type
public, or when it is not declared in the target), or when it is an enum case or a protocol
requirement inside a public enum or protocol. It is documented when a `///` line or a `/** */`
block comes right before it, attribute lines (`@inlinable`, `@discardableResult`) allowed in
between. Extensions themselves and imports are not counted; members that only satisfy a
protocol are (DocC shows them, with the requirement's comment when they have none). The scan
is lexical (no compiler): an estimate that errs on the side of counting.
"""
import os
import re
import sys

LIBRARY_TARGETS = ["DataAPI", "DataAPISQL", "DataAPIClient", "DataAPIMacros", "DataAPILocal"]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

DECL_KEYWORDS = (
    "func|var|let|init|subscript|struct|enum|class|actor|protocol|typealias|"
    "associatedtype|case|macro|extension|static|final|indirect|convenience|required|"
    "mutating|nonmutating|nonisolated|override|consuming|borrowing|lazy|dynamic|"
    "prefix|postfix|infix|operator|precedencegroup|distributed"
)
PUBLIC_RE = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:\w+\s+)*?(public|open)(?:\([^)]*\))?\s+")
TYPE_RE = re.compile(r"\b(struct|enum|class|actor|protocol|extension)\s+([A-Za-z_][\w.]*)")
MEMBER_RE = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:static|class|mutating|nonmutating|nonisolated)\s+)*"
    r"(func|var|let|init|subscript|associatedtype|typealias|case)\b"
)


def strip_code(lines):
    """Yields (line without strings and comments, original line) and tracks block comments."""
    in_block = 0
    in_multiline_string = False
    for line in lines:
        out = []
        i = 0
        n = len(line)
        while i < n:
            if in_block:
                if line.startswith("*/", i):
                    in_block -= 1
                    i += 2
                elif line.startswith("/*", i):
                    in_block += 1
                    i += 2
                else:
                    i += 1
                continue
            if in_multiline_string:
                if line.startswith('"""', i):
                    in_multiline_string = False
                    i += 3
                else:
                    i += 1
                continue
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block += 1
                i += 2
                continue
            if line.startswith('"""', i):
                in_multiline_string = True
                i += 3
                continue
            c = line[i]
            if c == '"':
                i += 1
                depth = 0
                while i < n:
                    if line[i] == "\\" and i + 1 < n and line[i + 1] == "(":
                        depth += 1
                        i += 2
                        continue
                    if depth and line[i] == "(":
                        depth += 1
                    elif depth and line[i] == ")":
                        depth -= 1
                    elif line[i] == "\\":
                        i += 2
                        continue
                    elif line[i] == '"' and depth == 0:
                        break
                    i += 1
                i += 1
                out.append('""')
                continue
            out.append(c)
            i += 1
        yield "".join(out), line


def swift_files(target):
    base = os.path.join(ROOT, "Sources", target)
    for d, _, files in sorted(os.walk(base)):
        for f in sorted(files):
            if f.endswith(".swift"):
                yield os.path.join(d, f)


def public_type_names(target):
    names = set()
    declared = set()
    for path in swift_files(target):
        with open(path, encoding="utf-8") as fh:
            for code, _ in strip_code(fh.read().split("\n")):
                m = TYPE_RE.search(code)
                if m and m.group(1) != "extension":
                    declared.add(m.group(2))
                    if PUBLIC_RE.match(code.strip()):
                        names.add(m.group(2))
    return names, declared


def documented(raw_lines, index):
    j = index - 1
    while j >= 0:
        s = raw_lines[j].strip()
        if s.startswith("@") or s.startswith("#if") or s.startswith("#endif"):
            j -= 1
            continue
        return s.startswith("///") or s.endswith("*/") and "/**" in "".join(raw_lines[max(0, j - 200):j + 1])
    return False


def scan(target):
    public_types, declared_types = public_type_names(target)
    found = []  # (path, line number, declaration, documented)
    for path in swift_files(target):
        with open(path, encoding="utf-8") as fh:
            raw = fh.read().split("\n")
        stack = []  # one entry per open brace: (kind, public) where kind is the scope's keyword or None
        pending = None  # the scope that the next "{" opens
        for number, (code, original) in enumerate(strip_code(raw)):
            stripped = code.strip()
            in_public_scope = all(p for k, p in stack if k is not None)
            enclosing = next((k for k, p in reversed(stack) if k is not None), None)
            directly_in_type = bool(stack) and stack[-1][0] is not None or not stack
            m = TYPE_RE.search(stripped)
            is_public = bool(PUBLIC_RE.match(stripped))
            if stripped.startswith("import") or re.match(r"^@_exported", stripped):
                pass
            elif directly_in_type and in_public_scope and stripped:
                if is_public and not (m and m.group(1) == "extension"):
                    found.append((path, number + 1, stripped, documented(raw, number)))
                elif not is_public and enclosing in ("enum", "protocol") and MEMBER_RE.match(stripped):
                    kind = MEMBER_RE.match(stripped).group(1)
                    if (enclosing == "enum" and kind == "case") or (enclosing == "protocol" and kind != "case"):
                        found.append((path, number + 1, stripped, documented(raw, number)))
            if m:
                if m.group(1) == "extension":
                    name = m.group(2)
                    pending = ("extension", name in public_types or name.split(".")[0] not in declared_types)
                else:
                    pending = (m.group(1), is_public and in_public_scope and directly_in_type)
            for c in code:
                if c == "{":
                    if pending is not None:
                        stack.append(pending)
                        pending = None
                    else:
                        stack.append((None, True))
                elif c == "}":
                    if stack:
                        stack.pop()
    return found


def main(argv):
    verbose = "-v" in argv
    fail_under = None
    args = [a for a in argv if a != "-v"]
    if "--fail-under" in args:
        i = args.index("--fail-under")
        fail_under = float(args[i + 1])
        del args[i:i + 2]
    targets = args or LIBRARY_TARGETS
    failed = False
    print(f"{'target':<16}{'public':>8}{'documented':>12}{'missing':>9}{'coverage':>10}")
    for target in targets:
        found = scan(target)
        done = sum(1 for f in found if f[3])
        total = len(found)
        pct = 100.0 * done / total if total else 100.0
        print(f"{target:<16}{total:>8}{done:>12}{total - done:>9}{pct:>9.1f}%")
        if fail_under is not None and pct < fail_under:
            failed = True
        if verbose:
            for path, line, decl, ok in found:
                if not ok:
                    print(f"  {os.path.relpath(path, ROOT)}:{line}: {decl[:100]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
