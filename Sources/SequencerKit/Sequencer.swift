@_exported import SequencerCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// The entry points of programs built on Sequencer: `Sequencer.main(runners:)` in
/// `SequencerCLI` (the `sequencer` command) and in `SequencerLambda` (the Lambda `bootstrap`),
/// each with the program's Swift task runners (``TaskRunner``). `import SequencerKit` gives a
/// runner's code the types it needs (`TaskRunner`, `RunnerSnapshot`, `JSONValue`,
/// `JSONFieldReader`, …). Guide: `docs/task-runners.md`.
public enum Sequencer {
    /// This release of Sequencer (semantic versioning), the one constant for it: `sequencer
    /// --version` prints it. Raise it with each release.
    public static let version = "0.1.0"

    private static let installation = Installation()

    /// The Swift task runners of this program, installed by `main` before any command or handler
    /// runs (none until then).
    public static var taskRunners: TaskRunnerRegistry { installation.registry }

    /// Installs the program's runners; called once by `main`.
    /// - Throws: ``TaskRunnerRegistryError`` for a name that cannot be used.
    public static func install(_ runners: [any TaskRunner]) throws(TaskRunnerRegistryError) {
        installation.registry = try TaskRunnerRegistry(runners)
    }

    /// The registry, set once at start and read from any thread.
    private final class Installation: @unchecked Sendable {
        // `stored` is read and written under `lock`.
        private let lock = Lock()
        private var stored = TaskRunnerRegistry.none
        var registry: TaskRunnerRegistry {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }
}
