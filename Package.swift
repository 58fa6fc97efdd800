// swift-tools-version:6.1
import CompilerPluginSupport
import PackageDescription

/// Dependencies that only the local server and the executables need.
let localServer = TargetDependencyCondition.when(traits: ["LocalServer"])
/// Dependencies that only the macros need.
let macros = TargetDependencyCondition.when(traits: ["Macros"])

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
    // Both on by default, so `swift run quickstart` and `swift test` need no flags. An application that
    // uses only the executor, the builder or the client writes `traits: []` (or `["Macros"]`) on its
    // `.package` line and then resolves swift-log, swift-metrics and swift-distributed-tracing alone (plus
    // swift-syntax with Macros): SwiftPM does not fetch a dependency whose every use is behind a disabled
    // trait (Docs/Packaging.md has the figures).
    traits: [
        .trait(
            name: "LocalServer",
            description: "DataAPILocal and the data-api-local and data-api executables: SwiftNIO, Hummingbird, "
                + "PostgresNIO."
        ),
        .trait(name: "Macros", description: "@Table, @Column and @Transient: swift-syntax."),
        .default(enabledTraits: ["LocalServer", "Macros"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/pointfreeco/swift-macro-testing", from: "0.7.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        // `swift package generate-documentation --target DataAPI` (scripts/check-docs.sh builds all four catalogs).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        // libcurl's typed wrappers. libcurl itself is loaded at run time, the first time a
        // transfer needs it (all but plain HTTP to an IP address or localhost, on Linux): its
        // headers (libcurl4-openssl-dev) are needed to build, the library (libcurl4) only by a
        // process that makes such a transfer. dlopen is in libdl before glibc 2.34.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        // glibc's GNU extensions the client calls (pipe2, pthread_setname_np, closefrom in spawn).
        .systemLibrary(name: "CDataAPISystem"),
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"]), .brew(["mariadb-connector-c"])]
        ),
        .target(
            name: "DataAPIClient",
            dependencies: [
                "CCurl", "COpenSSL", "CDataAPISystem",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
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
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "DataAPITests",
            dependencies: [
                "DataAPI", "DataAPISQL", "DataAPIClient",
                "DataAPILocal", "DataAPITestServer", "DataAPILocalTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
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
            dependencies: [
                "DataAPISQL", "DataAPI", "DataAPIClient",
                "DataAPILocal", "DataAPITestServer", "DataAPILocalTestSupport",
                .product(name: "InlineSnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .target(
            name: "DataAPILocal",
            dependencies: [
                "DataAPIClient", "CMariaDB",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: localServer),
                .product(name: "NIOCore", package: "swift-nio", condition: localServer),
                .product(name: "NIOPosix", package: "swift-nio", condition: localServer),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: localServer),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras", condition: localServer),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras", condition: localServer),
                .product(name: "Hummingbird", package: "hummingbird", condition: localServer),
                .product(name: "HummingbirdCore", package: "hummingbird", condition: localServer),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: localServer),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: localServer),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus", condition: localServer),
            ]
        ),
        .executableTarget(
            name: "data-api-local",
            dependencies: [
                "DataAPILocal",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser", condition: localServer),
            ]
        ),
        .executableTarget(
            name: "LocalDemo",
            dependencies: ["DataAPIClient", "DataAPILocal"],
            path: "Examples/LocalDemo"
        ),
        .testTarget(
            name: "DataAPILocalTests",
            dependencies: [
                "DataAPILocal", "DataAPIClient",
                "DataAPITestServer", "DataAPILocalTestSupport", "data-api-local",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: localServer),
                .product(name: "NIOCore", package: "swift-nio", condition: localServer),
                .product(name: "NIOPosix", package: "swift-nio", condition: localServer),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the tests and benchmarks share: blocking-socket HTTP/1.1 servers on loopback
        // (scripted replies, a fault-injecting proxy, listeners that hang or refuse), child
        // processes and a Python runner, temporary directories, a seeded random generator.
        .target(name: "DataAPITestServer", dependencies: ["DataAPIClient"]),
        .executableTarget(
            name: "data-api",
            dependencies: [
                "DataAPI", "DataAPIClient", "DataAPILocal",
                .product(name: "ArgumentParser", package: "swift-argument-parser", condition: localServer),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `data-api` tool driven through pipes against the local server.
        .testTarget(
            name: "DataAPIToolTests",
            dependencies: [
                "data-api", "DataAPI", "DataAPIClient", "DataAPILocal", "DataAPILocalTestSupport", "DataAPITestServer",
            ]
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
                .product(name: "SwiftSyntax", package: "swift-syntax", condition: macros),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax", condition: macros),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax", condition: macros),
                .product(name: "SwiftDiagnostics", package: "swift-syntax", condition: macros),
            ]
        ),
        // The compiler plugin behind the macros; only `DataAPIMacros` depends on it.
        .macro(
            name: "DataAPIMacrosPlugin",
            dependencies: [
                "DataAPIMacroExpansions",
                .product(name: "SwiftSyntax", package: "swift-syntax", condition: macros),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax", condition: macros),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax", condition: macros),
            ]
        ),
        // The macro declarations; re-exports DataAPISQL.
        .target(
            name: "DataAPIMacros",
            dependencies: ["DataAPISQL", .target(name: "DataAPIMacrosPlugin", condition: macros)]
        ),
        .testTarget(
            name: "DataAPIMacrosTests",
            dependencies: [
                "DataAPIMacros", "DataAPIMacroExpansions", "DataAPISQL", "DataAPI", "BenchmarkModels",
                .product(name: "MacroTesting", package: "swift-macro-testing"),
            ]
        ),
        // The SQL in DataAPISQL's doc comments, compiled and rendered (scripts/doc-examples.py).
        .testTarget(name: "DataAPISQLDocTests", dependencies: ["DataAPISQL"]),
        .testTarget(
            name: "DataAPIClientTests",
            dependencies: [
                "DataAPIClient", "DataAPITestServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
