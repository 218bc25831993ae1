// swift-tools-version:6.1
import PackageDescription

// A program with a Swift task runner of its own: LeadScore, built into its own `sequencer` command
// and Lambda `bootstrap` (docs/task-runners.md in the Sequencer repository). It depends on
// Sequencer by path; in your own repository, depend on it by URL and version instead.
let package = Package(
    name: "custom-runner",
    platforms: [.macOS(.v15)],
    products: [
        // The executables are named as Sequencer's own (a Lambda custom runtime's entry point must be
        // called `bootstrap`); their targets have names of their own, as SwiftPM requires.
        .executable(name: "sequencer", targets: ["LeadsCLI"]),
        .executable(name: "bootstrap", targets: ["LeadsBootstrap"]),
    ],
    dependencies: [.package(name: "Sequencer", path: "../..")],
    targets: [
        // The runner: pure code over SequencerKit's types, tested on its own.
        .target(name: "LeadScore", dependencies: [.product(name: "SequencerKit", package: "Sequencer")]),
        // The `sequencer` command with LeadScore built in (local mode, apply, tick, check, eval, preview…).
        .executableTarget(name: "LeadsCLI", dependencies: ["LeadScore", .product(name: "SequencerCLI", package: "Sequencer")]),
        // The Lambda bootstrap with LeadScore built in: the tick runs it in-process; _HANDLER=LeadScore
        // serves it as a function of its own.
        .executableTarget(name: "LeadsBootstrap", dependencies: ["LeadScore", .product(name: "SequencerLambda", package: "Sequencer")]),
        .testTarget(name: "LeadScoreTests", dependencies: ["LeadScore"]),
    ]
)
