// swift-tools-version:6.0
import CompilerPluginSupport
import PackageDescription

let package = Package(
    name: "swift-data-api",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DataAPI", targets: ["DataAPI"]),
        .library(name: "DataAPIClient", targets: ["DataAPIClient"]),
        .library(name: "DataAPILocal", targets: ["DataAPILocal"]),
        .library(name: "DataAPISQL", targets: ["DataAPISQL"]),
        // `@Table` and `@Column`: the only product that builds swift-syntax.
        .library(name: "DataAPIMacros", targets: ["DataAPIMacros"]),
        .executable(name: "data-api", targets: ["data-api"]),
        .executable(name: "data-api-local", targets: ["data-api-local"]),
        .executable(name: "quickstart", targets: ["Quickstart"]),
        .executable(name: "local-demo", targets: ["LocalDemo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/pointfreeco/swift-macro-testing", from: "0.7.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"]), .brew(["mariadb-connector-c"])]
        ),
        .target(
            name: "DataAPIClient",
            dependencies: [
                "CCurl", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // The query builder: pure Swift, no I/O, no dependency on the client.
        .target(name: "DataAPISQL"),
        // The ORM executor: typed statements in, models out, transactions as closures.
        .target(
            name: "DataAPI",
            dependencies: [
                "DataAPISQL", "DataAPIClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "DataAPITests",
            dependencies: [
                "DataAPI", "DataAPISQL", "DataAPIClient", "DataAPILocal", "DataAPITestServer",
                "DataAPILocalTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        // One ephemeral PostgreSQL and MariaDB shared by every test target in the test process.
        .target(name: "DataAPILocalTestSupport", dependencies: ["DataAPILocal", "DataAPIClient"]),
        .executableTarget(
            name: "Quickstart",
            dependencies: ["DataAPI", "DataAPILocal", "DataAPIMacros"],
            path: "Examples/Quickstart"
        ),
        .testTarget(
            name: "DataAPISQLTests",
            dependencies: ["DataAPISQL", "DataAPI", "DataAPIClient", "DataAPILocal", "DataAPITestServer", "DataAPILocalTestSupport"]
        ),
        .target(
            name: "DataAPILocal",
            dependencies: [
                "DataAPIClient", "CMariaDB",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "data-api-local",
            dependencies: [
                "DataAPILocal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "LocalDemo",
            dependencies: ["DataAPIClient", "DataAPILocal"],
            path: "Examples/LocalDemo"
        ),
        .testTarget(
            name: "DataAPILocalTests",
            dependencies: ["DataAPILocal", "DataAPIClient", "DataAPITestServer", "DataAPILocalTestSupport", "data-api-local"]
        ),
        // A small blocking-socket HTTP/1.1 server on loopback, used by the tests and
        // the transport benchmark to script responses and count TCP connections.
        .target(name: "DataAPITestServer"),
        .executableTarget(
            name: "data-api",
            dependencies: [
                "DataAPI", "DataAPIClient", "DataAPILocal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `data-api` tool driven through pipes against the local server.
        .testTarget(
            name: "DataAPIToolTests",
            dependencies: ["data-api", "DataAPI", "DataAPILocal", "DataAPILocalTestSupport", "DataAPITestServer"]
        ),
        .executableTarget(
            name: "TransportBenchmark",
            dependencies: ["DataAPIClient", "DataAPITestServer"],
            path: "Benchmarks/TransportBenchmark"
        ),
        .executableTarget(
            name: "ExecutorBenchmark",
            dependencies: ["DataAPI", "DataAPIClient", "DataAPITestServer", "BenchmarkModels"],
            path: "Benchmarks/ExecutorBenchmark"
        ),
        .executableTarget(
            name: "BulkBenchmark",
            dependencies: ["DataAPI", "DataAPIClient", "DataAPITestServer", "BenchmarkModels"],
            path: "Benchmarks/BulkBenchmark"
        ),
        // The row model both executor benchmarks read and write.
        .target(name: "BenchmarkModels", dependencies: ["DataAPISQL"], path: "Benchmarks/BenchmarkModels"),
        // This client next to boto3 on the same data-api-local, and the local server next to
        // pgbench, in one run (Docs/Benchmarks.md).
        .executableTarget(
            name: "PerformanceBenchmark",
            dependencies: [
                "DataAPI", "DataAPIClient", "DataAPISQL", "DataAPILocal", "BenchmarkModels",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/PerformanceBenchmark",
            exclude: ["boto3_side.py"]
        ),
        // A fresh process's first call, timed by PerformanceBenchmark.
        .executableTarget(name: "ColdStartProbe", dependencies: ["DataAPIClient"], path: "Benchmarks/ColdStartProbe"),
        .executableTarget(
            name: "LocalServerBenchmark",
            dependencies: ["DataAPIClient", "DataAPILocal"],
            path: "Benchmarks/LocalServerBenchmark"
        ),
        // What `@Table`, `@Column` and `@Transient` expand to: a plain library so that the
        // expansion tests link it without building the test product as a host tool.
        .target(
            name: "DataAPIMacroExpansions",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            ]
        ),
        // The compiler plugin behind the macros; only `DataAPIMacros` depends on it.
        .macro(
            name: "DataAPIMacrosPlugin",
            dependencies: [
                "DataAPIMacroExpansions",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ]
        ),
        // The macro declarations; re-exports DataAPISQL.
        .target(name: "DataAPIMacros", dependencies: ["DataAPISQL", "DataAPIMacrosPlugin"]),
        .testTarget(
            name: "DataAPIMacrosTests",
            dependencies: [
                "DataAPIMacros", "DataAPIMacroExpansions", "DataAPISQL", "DataAPI", "BenchmarkModels",
                .product(name: "MacroTesting", package: "swift-macro-testing"),
            ]
        ),
        .testTarget(
            name: "DataAPIClientTests",
            dependencies: [
                "DataAPIClient", "DataAPITestServer",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
