// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Sequencer",
    platforms: [.macOS(.v15)],
    products: [
        // The executables `sequencer` and `bootstrap` are not declared as products: SwiftPM makes
        // them for this package when it is built itself, and a program depending on it (such as
        // examples/custom-runner) names its own `sequencer` and `bootstrap` without a clash.
        .library(name: "SequencerCore", targets: ["SequencerCore"]),
        // For programs with their own Swift task runners (docs/task-runners.md): the TaskRunner
        // protocol and types (SequencerKit), the `sequencer` command (SequencerCLI) and the Lambda
        // bootstrap (SequencerLambda), each started with `Sequencer.main(runners:)`.
        .library(name: "SequencerKit", targets: ["SequencerKit"]),
        .library(name: "SequencerCLI", targets: ["SequencerCLI"]),
        .library(name: "SequencerLambda", targets: ["SequencerLambda"]),
        // For the fuzz package (Fuzz/, scripts/fuzz), which depends on this one by path.
        .library(name: "SequencerHTTP", targets: ["SequencerHTTP"]),
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "AWS", targets: ["AWS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The reference for SequencerCore's own Mustache renderer, in tests only.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // The read-only operator dashboard (`sequencer dashboard`) only.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // C libraries: module maps only; variadic curl calls get typed wrappers in CCurlShim.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Foundation-free (FoundationEssentials, no ICU): templates and time zones are its own.
        .target(name: "SequencerCore"),
        .target(name: "SequencerStore", dependencies: ["SequencerCore", "CLibPQ"]),
        .target(name: "SequencerEngine", dependencies: ["SequencerCore", .product(name: "Logging", package: "swift-log")]),
        // The composition root: configuration → PostgreSQL stores, AWS providers and Lambda, a tick.
        .target(
            name: "SequencerKit",
            dependencies: ["SequencerCore", "SequencerEngine", "SequencerStore", "AWS", .product(name: "Logging", package: "swift-log")]
        ),
        // The read-only operator dashboard: HTML pages over the store's reads, served by Hummingbird.
        .target(
            name: "SequencerDashboard",
            dependencies: ["SequencerCore", "SequencerStore", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // The `sequencer` command as a library: `Sequencer.main(runners:)` for programs with their own
        // Swift task runners (examples/custom-runner); Sources/sequencer is this repository's own.
        .target(
            name: "SequencerCLI",
            dependencies: [
                "SequencerCore", "SequencerStore", "SequencerEngine", "SequencerKit", "AWS", "SequencerHTTP", "SequencerDashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "sequencer", dependencies: ["SequencerCLI", "SequencerKit"]),
        .target(name: "SequencerHTTP", dependencies: ["CCurl", "CCurlShim"]),
        .target(name: "AWS", dependencies: ["SequencerHTTP", "SequencerCore", "COpenSSL"]),
        // The Runtime API client knows nothing of Sequencer's domain: HTTP and logging only.
        .target(name: "LambdaRuntime", dependencies: ["SequencerHTTP", .product(name: "Logging", package: "swift-log")]),
        // The Lambda `bootstrap` as a library: `Sequencer.main(runners:)` serves `_HANDLER` (tick, api,
        // a built-in or Swift task runner); Sources/bootstrap is this repository's own.
        .target(
            name: "SequencerLambda",
            dependencies: [
                "LambdaRuntime", "SequencerCore", "SequencerStore", "SequencerEngine", "SequencerKit", "AWS",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "bootstrap", dependencies: ["SequencerLambda", "SequencerKit"]),
        .target(
            name: "SequencerTestSupport",
            dependencies: ["SequencerCore", "SequencerStore", "SequencerHTTP"]
        ),
        .executableTarget(name: "lambda-emulator", dependencies: ["SequencerTestSupport"]),
        // Benchmarks: built by CI so they cannot rot, run by hand (bench/*.sh), never timed in tests.
        .executableTarget(name: "RuntimeBenchmark", dependencies: ["SequencerTestSupport"], path: "bench/RuntimeBenchmark"),
        // swift-mustache only as the reference of the template differential tests.
        .testTarget(
            name: "SequencerCoreTests",
            dependencies: ["SequencerCore", "SequencerTestSupport", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Fixtures"]
        ),
        // The tick's semantics against the in-memory store: no database, milliseconds.
        .testTarget(
            name: "SequencerEngineTests",
            dependencies: ["SequencerCore", "SequencerEngine", "SequencerTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // libpq's error messages redacted; no server needed.
        .testTarget(name: "SequencerStoreTests", dependencies: ["SequencerStore", "SequencerTestSupport"]),
        // The dashboard's pages (escaping, links) without a server or a database.
        .testTarget(name: "SequencerDashboardTests", dependencies: ["SequencerDashboard", "SequencerCore"]),
        .testTarget(
            name: "AWSTests",
            dependencies: ["AWS", "SequencerCore", "SequencerEngine", "SequencerStore", "SequencerKit", "SequencerTestSupport",
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "SequencerHTTP", "SequencerCore", "SequencerStore", "AWS", "SequencerTestSupport"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["SequencerCore", "SequencerStore", "SequencerEngine", "SequencerKit", "SequencerTestSupport",
                           .product(name: "Logging", package: "swift-log")]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
