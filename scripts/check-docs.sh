#!/usr/bin/env bash
# Builds the DocC catalogs of the library targets with swift-docc-plugin and fails on any
# documentation warning (an unresolved symbol or article link, a parameter without its
# documentation, …), so that the docs cannot rot:
#
#   bash scripts/check-docs.sh                   # all four catalogs
#   bash scripts/check-docs.sh DataAPISQL        # one
#
# The archives land in .build/plugins/Swift-DocC/outputs/<Target>.doccarchive. Generating
# documentation compiles the targets to extract their symbol graphs, so after `swift test`
# it reuses most of the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(DataAPISQL DataAPIClient DataAPI DataAPILocal)
# Targets whose Swift sources' warnings are printed but do not fail the check (warnings from
# their catalogs still do); empty: every target is held to no warnings.
lenient_targets=()

args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
status=0
swift package generate-documentation "${args[@]}" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -60 "$log"
  echo "check-docs: generate-documentation failed (exit $status)" >&2
  exit 1
fi

# DocC prints `warning: <what>` and then `--> <file>:<line>`. SwiftPM's notes about
# dependencies (`warning: 'package': …`) and compiler diagnostics (`/path/file.swift:1:2:
# warning: …`) are not documentation warnings.
python3 - "$log" "${lenient_targets[@]}" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
lenient = set(sys.argv[2:])
fatal, tolerated = [], []
target = None
for i, line in enumerate(lines):
    m = re.match(r"Building documentation for '([^']+)'", line)
    if m:
        target = m.group(1)
    if not re.match(r"(warning|error): ", line) or re.match(r"warning: '[^']*': ", line):
        continue
    block = lines[i:i + 5]
    where = next((l.split("-->", 1)[1].strip() for l in block[1:3] if "-->" in l), "")
    # A Swift source of the target (`../Dir/File.swift` from its catalog, or
    # `Sources/Target/…` when it has none), not an article of its catalog.
    in_sources = where.split(":")[0].endswith(".swift")
    if target in lenient and in_sources:
        tolerated.append(f"[{target}] " + "\n".join(block[:2]))
    else:
        fatal.append(f"[{target}] " + "\n".join(block))
for t in tolerated:
    print("check-docs: tolerated until the DataAPILocal refactor lands:\n" + t)
for f in fatal:
    print(f)
if fatal:
    print(f"check-docs: {len(fatal)} documentation warning(s)", file=sys.stderr)
    sys.exit(1)
print(f"check-docs: no documentation warnings ({len(tolerated)} tolerated)")
PY
echo "check-docs: ${targets[*]} built in $(( $(date +%s) - start )) s"
# For information (not a gate): public declarations with a doc comment, per target.
python3 scripts/doc-coverage.py
