#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore

/// The one way to set up the engine from a ``Configuration``, shared by the `sequencer` commands
/// that tick (`tick`, `run`, `simulate`) and the Lambda `tick` handler: database connections for
/// the tick's workers, and a tick with the configured providers and custom runners.
public enum EngineSetup {
    /// One database connection per tick worker (`tick.workers`).
    /// - Throws: `PostgresError` when the database cannot be reached.
    public static func connections(_ configuration: Configuration) throws -> [PostgresConnection] {
        try (0..<configuration.tick.workers).map { _ in try PostgresConnection(url: configuration.databaseURL) }
    }

    /// A tick over `connections` (one worker each) with the configured email and SMS providers
    /// and Lambda task runners, credentials read from `environment` when first needed, and the
    /// program's Swift task runners (``Sequencer/taskRunners``).
    public static func tick(_ configuration: Configuration, connections: [PostgresConnection], logger: Logger,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            taskRunners: TaskRunnerRegistry = Sequencer.taskRunners) -> Tick<PostgresRunnerStore> {
        Tick(stores: connections.map { PostgresRunnerStore(connection: $0) }, configuration: configuration.tick,
             senders: configuration.messageSenders(environment: environment), logger: logger,
             customRunners: configuration.customRunners(environment: environment), taskRunners: taskRunners)
    }
}
