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
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
status=0
swift package generate-documentation "${args[@]}" --warnings-as-errors >"$log" 2>&1 || status=$?
# DocC prints `warning: <what> --> <file>`; SwiftPM's own notes about dependencies
# (`warning: 'package': …`) and compiler diagnostics (`/path/file.swift:1:2: warning: …`) are
# not documentation warnings.
warnings=$(grep -E "^(warning|error): " "$log" | grep -vE "^warning: '[^']*': " || true)
if [ "$status" -ne 0 ] || [ -n "$warnings" ]; then
  grep -E -A4 "^(warning|error): " "$log" | grep -vE "^warning: '[^']*': " || tail -40 "$log"
  echo "check-docs: documentation of ${targets[*]} has warnings or failed to build (exit $status)" >&2
  exit 1
fi
echo "check-docs: ${targets[*]} built without warnings in $(( $(date +%s) - start )) s"
