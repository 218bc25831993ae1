import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport

/// A fresh, migrated database and helpers to drive the engine against it.
struct Fixture {
    let url: String
    let connection: PostgresConnection

    init() throws {
        url = try TestPostgres.freshDatabase()
        connection = try PostgresConnection(url: url)
    }

    /// Applies a definition given as JSON text; returns the version stored.
    @discardableResult
    func apply(_ text: String) throws -> Int {
        let json = try JSONValue(parsing: text)
        let definition = try SequenceDefinition.parse(json)
        return try SequenceCatalog(connection: connection).apply([(definition, json)])[0].version
    }

    /// Enrolls runners `prefix-0 … prefix-(count-1)` with `data`.
    func enroll(_ sequence: String, count: Int, prefix: String = "r", data: JSONValue = [:], now: Date) throws {
        let runners = (0..<count).map { RunnerDirectory.Enrollment(id: "\(prefix)-\($0)", data: data) }
        _ = try RunnerDirectory(connection: connection).enroll(runners, in: sequence, now: now)
    }

    func tick(at now: Date, _ configuration: TickConfiguration = TickConfiguration()) throws -> TickSummary {
        let store = PostgresRunnerStore(connection: connection)
        return try Tick(store: store, configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            .run(now: now)
    }

    func runner(_ id: String) throws -> RunnerState {
        try RunnerDirectory(connection: connection).runner(id)
    }

    func history(_ id: String) throws -> [HistoryEntry] {
        try RunnerDirectory(connection: connection).history(id)
    }

    /// Whether one session of the database comes to wait on a lock before `done` is signalled
    /// (polled every 10 ms, at most 1,000 times): the thread `done` belongs to is blocked by
    /// another transaction.
    func waitsOnALock(_ done: DispatchSemaphore) throws -> Bool {
        for _ in 0..<1_000 {
            if try scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == "1" {
                return true
            }
            if done.wait(timeout: .now() + 0.01) == .success {
                done.signal()
                return false
            }
        }
        return false
    }

    /// The single value of a one-row, one-column query.
    func scalar(_ sql: String, _ parameters: [String?] = []) throws -> String? {
        try connection.query(sql, parameters).first?[0] ?? nil
    }
}

/// `2026-01-05T09:00:00Z` plus `seconds`.
func clock(_ seconds: TimeInterval = 0) -> Date {
    Date(timeIntervalSince1970: 1_767_603_600 + seconds)
}
