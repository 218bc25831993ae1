#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// Read-only reports over runners and their history, for `graph --counts`, `status` and the
/// dashboard: the two grouped queries `docs/graph.md` describes, runners per version, and the
/// funnel over time. Every value is bound (``PostgresBindings``), every row read typed.
public struct SequenceReports {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Runners of one sequence (of one version when given) per step and status:
    /// `SELECT step, status, count(*) FROM runners … GROUP BY step, status`.
    /// - Throws: `PostgresError`.
    public func runnersPerStep(sequence: String, version: Int? = nil) throws -> [(step: String, status: RunnerStatus, count: Int)] {
        var binds = PostgresBindings()
        let name = binds.add(sequence), number = binds.add(version.map(String.init))
        return try connection.query("""
            SELECT step, status, count(*) FROM sequencer.runners
            WHERE sequence_name = \(name) AND (\(number)::int IS NULL OR sequence_version = \(number)::int)
            GROUP BY 1, 2 ORDER BY 1, 2
            """, binds) { row in
            (try row.string(0), try row.value(1, as: RunnerStatus.self), try row.int(2))
        }
    }

    /// History rows of one sequence (of one version when given) in `window` (engine clock, both
    /// ends included, so a tick at `--now` counts), grouped by move:
    /// `SELECT from_step, to_step, action, count(*) FROM runner_history WHERE at in the window …`.
    /// Actions are returned as stored (``GraphCounts/addTransitions(_:from:to:action:)`` keeps the moves).
    /// - Throws: `PostgresError`.
    public func transitions(sequence: String, version: Int? = nil, window: DateInterval) throws
        -> [(from: String?, to: String?, action: String, count: Int)] {
        var binds = PostgresBindings()
        let name = binds.add(sequence), number = binds.add(version.map(String.init))
        let start = binds.add(PostgresText.epoch(window.start)), end = binds.add(PostgresText.epoch(window.end))
        return try connection.query("""
            SELECT from_step, to_step, action, count(*) FROM sequencer.runner_history
            WHERE sequence_name = \(name) AND (\(number)::int IS NULL OR sequence_version = \(number)::int)
              AND at >= to_timestamp(\(start)::float8) AND at <= to_timestamp(\(end)::float8)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """, binds) { row in
            (row.optionalString(0), row.optionalString(1), try row.string(2), try row.int(3))
        }
    }

    /// The counts a graph of `sequence` shows: runners per step and status now, moves per edge in `window`.
    /// - Throws: `PostgresError`.
    public func graphCounts(sequence: String, version: Int? = nil, window: DateInterval) throws -> GraphCounts {
        var counts = GraphCounts(window: window)
        for cell in try runnersPerStep(sequence: sequence, version: version) {
            counts.addRunners(cell.count, status: cell.status, at: cell.step)
        }
        for move in try transitions(sequence: sequence, version: version, window: window) {
            counts.addTransitions(move.count, from: move.from, to: move.to, action: move.action)
        }
        return counts
    }

    /// One cell of `status`: runners of a sequence version at a step with a status.
    public struct VersionCount: Sendable, Hashable {
        public var sequence: String
        public var version: Int
        public var step: String
        public var status: RunnerStatus
        public var count: Int
    }

    /// Runners per sequence, version, step and status (all sequences when `sequence` is `nil`).
    /// - Throws: `PostgresError`.
    public func countsByVersion(sequence: String?) throws -> [VersionCount] {
        var binds = PostgresBindings()
        let name = binds.add(sequence)
        return try connection.query("""
            SELECT sequence_name, sequence_version, step, status, count(*) FROM sequencer.runners
            WHERE \(name)::text IS NULL OR sequence_name = \(name)
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """, binds) { row in
            VersionCount(sequence: try row.string(0), version: try row.int(1), step: try row.string(2),
                         status: try row.value(3, as: RunnerStatus.self), count: try row.int(4))
        }
    }

    /// Active runners of `sequence` per version below `version`, oldest version first.
    /// - Throws: `PostgresError`.
    public func activeRunners(of sequence: String, below version: Int) throws -> [(version: Int, count: Int)] {
        var binds = PostgresBindings()
        let name = binds.add(sequence), number = binds.add(String(version))
        return try connection.query("""
            SELECT sequence_version, count(*) FROM sequencer.runners
            WHERE sequence_name = \(name) AND status = 'active' AND sequence_version < \(number)::int
            GROUP BY 1 ORDER BY 1
            """, binds) { row in (try row.int(0), try row.int(1)) }
    }

    /// Runners entering each step of `sequence` per UTC day in `window` (history lines with a
    /// `to_step`: enrolments and moves), as (day start, step, count), by day then step.
    /// - Throws: `PostgresError`.
    public func arrivalsPerDay(sequence: String, window: DateInterval) throws -> [(day: Date, step: String, count: Int)] {
        var binds = PostgresBindings()
        let name = binds.add(sequence)
        let start = binds.add(PostgresText.epoch(window.start)), end = binds.add(PostgresText.epoch(window.end))
        return try connection.query("""
            SELECT extract(epoch from date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), to_step, count(*)
            FROM sequencer.runner_history
            WHERE sequence_name = \(name) AND to_step IS NOT NULL
              AND at >= to_timestamp(\(start)::float8) AND at < to_timestamp(\(end)::float8)
            GROUP BY 1, 2 ORDER BY 1, 2
            """, binds) { row in (try row.date(0), try row.string(1), try row.int(2)) }
    }
}
