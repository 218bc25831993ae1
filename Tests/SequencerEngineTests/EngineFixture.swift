import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerTestSupport

/// An in-memory database with definitions applied, and ticks over it: the engine without PostgreSQL.
struct EngineFixture {
    let database = InMemoryDatabase()
    let clock = ManualClock()

    /// Applies a definition given as JSON text (its Swift task runners looked up in `runners`).
    func apply(_ text: String, runners: TaskRunnerRegistry = .none) throws {
        database.apply(try SequenceDefinition.parse(try JSONValue(parsing: text), runners: runners))
    }

    /// Runs one tick at `now` over `workers` stores of the database.
    func tick(at now: Date, _ configuration: TickConfiguration = TickConfiguration(), workers: Int = 1,
              senders: MessageSenders = .outbox, customRunners: CustomRunners? = nil,
              taskRunners: TaskRunnerRegistry = .none) throws -> TickSummary {
        let stores = (0..<workers).map { _ in InMemoryRunnerStore(database: database) }
        return try Tick(stores: stores, configuration: configuration, senders: senders, logger: Logger(label: "test") { _ in
            SwiftLogNoOpLogHandler()
        }, customRunners: customRunners, clock: clock, taskRunners: taskRunners).run(now: now)
    }

    /// The history actions of one runner.
    func actions(_ id: String) -> [String] {
        database.history(id).map(\.action.rawValue)
    }
}

/// `2026-01-05T09:00:00Z` plus `seconds`.
func instant(_ seconds: TimeInterval = 0) -> Date {
    Date(timeIntervalSince1970: 1_767_603_600 + seconds)
}

/// Custom runners answered by `invoker`; functions named `allowed-…` are allowed.
func customRunners(_ invoker: RecordingInvoker) -> CustomRunners {
    CustomRunners(makeInvoker: { invoker }, allows: { $0.hasPrefix("allowed-") })
}

let chainDefinition = SampleSequences.chain
