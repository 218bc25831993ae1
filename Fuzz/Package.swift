// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for Sequencer (issue 15). Built and run by `scripts/fuzz`, never by the root
// package's `swift build`: every target here is linked with `--sanitize fuzzer --sanitize address`,
// and the root package's modules are compiled with `-enable-testing` so `@testable import` reaches
// their `package` and internal seams.

/// One fuzz target: an executable named `fuzz-<name>` whose sources are `Sources/fuzz-<name>`.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"] + dependencies)
}

let core = Target.Dependency.product(name: "SequencerCore", package: "Sequencer")

let package = Package(
    name: "SequencerFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Sequencer", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget("json", [core]),
        fuzzTarget("definition", [core]),
        fuzzTarget("template", [core]),
        fuzzTarget("moment", [core]),
        fuzzTarget("lodash", [core]),
        fuzzTarget("step-eval", [core]),
        fuzzTarget("runtime-api", [
            .product(name: "LambdaRuntime", package: "Sequencer"),
            .product(name: "SequencerHTTP", package: "Sequencer"),
        ]),
        fuzzTarget("sigv4", [.product(name: "AWS", package: "Sequencer")]),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
