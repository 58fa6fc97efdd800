#!/usr/bin/env bash
# An application that depends on swift-data-api with `traits: []` and uses only the executor must
# resolve and build without the local server's packages (SwiftNIO, Hummingbird, PostgresNIO, …) or
# swift-syntax. This builds such an application against this checkout and fails if it resolves any
# package beyond the allowed ones or does not build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
app="$(mktemp -d)"
trap 'rm -rf "$app"' EXIT
allowed=" swift-log swift-metrics swift-distributed-tracing swift-service-context "

mkdir -p "$app/Sources/App"
cat > "$app/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "LightApp",
    dependencies: [.package(name: "swift-data-api", path: "$repo", traits: [])],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "DataAPI", package: "swift-data-api")])]
)
SWIFT
cat > "$app/Sources/App/main.swift" <<'SWIFT'
import DataAPI
let db = Database(resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:light", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:light", database: "app", engine: .postgreSQL)
print(type(of: db), "builds without the LocalServer and Macros traits")
SWIFT

cd "$app"
start=$(date +%s)
swift package resolve >/dev/null
resolved=$(ls .build/checkouts 2>/dev/null | sort | tr '\n' ' ')
echo "light dependency resolves: ${resolved:-nothing}"
for package in $resolved; do
  case "$allowed" in
    *" $package "*) ;;
    *) echo "error: an application using traits: [] resolved $package" >&2; exit 1 ;;
  esac
done
swift build >/dev/null
swift run App
echo "light dependency checked in $(( $(date +%s) - start )) s"
