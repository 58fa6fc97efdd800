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
    targets: [
        .executableTarget(name: "App", dependencies: [.product(name: "DataAPI", package: "swift-data-api")]),
        .executableTarget(name: "ClientApp", dependencies: [
            .product(name: "DataAPIClient", package: "swift-data-api"),
            .product(name: "DataAPISQL", package: "swift-data-api"),
        ]),
    ]
)
SWIFT
cat > "$app/Sources/App/main.swift" <<'SWIFT'
import DataAPI
let db = Database(resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:light", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:light", database: "app", engine: .postgreSQL)
print(type(of: db), "builds without the LocalServer and Macros traits")
SWIFT
mkdir -p "$app/Sources/ClientApp"
cat > "$app/Sources/ClientApp/main.swift" <<'SWIFT'
import DataAPIClient
import DataAPISQL
let client = DataAPIClient(configuration: .init(region: "us-east-1", environment: [:]))
print(type(of: client), "and", SQLDialect.postgreSQL.name, "link without Foundation's full module")
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
swift run ClientApp
# The client and the query builder import FoundationEssentials only, so a process that uses
# them does not load Foundation's full module with ICU (a fifth of a fresh process's start).
# The executor imports Foundation: named time zones need its ICU data.
if ldd .build/debug/ClientApp | grep -E 'libFoundation\.so|libFoundationInternationalization|_FoundationICU'; then
  echo "error: an application using only DataAPIClient and DataAPISQL links the full Foundation (above)" >&2
  exit 1
fi
echo "the client and the query builder link FoundationEssentials only"
echo "light dependency checked in $(( $(date +%s) - start )) s"
