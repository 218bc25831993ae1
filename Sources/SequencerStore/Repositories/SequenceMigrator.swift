#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// Moves the active runners of one sequence version to another (`sequencer sequences migrate`),
/// in one transaction: it locks them, asks ``SequenceMigration`` whether every step they are at
/// has a place in the target version (refusing, and moving nothing, when not), and writes each
/// runner's ``RunnerMachine/migrate(_:to:version:mapping:now:)`` transition and history line.
///
/// Runners a tick holds under a lease (a send or a custom runner's call in flight) are not
/// moved: the tick's follow-up write would put them at a step of the old version. They are
/// counted in ``Report/leased``; run the migration again once the lease is over.
public struct SequenceMigrator {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// What a migration did, or would do with `dryRun`.
    public struct Report: Sendable, Hashable {
        /// Active runners of the source version per step (leased ones included).
        public var runnersAt: [String: Int]
        /// Runners moved (or that would move, in a dry run).
        public var moved: Int
        /// Runners skipped because a tick holds them under a lease.
        public var leased: Int
        /// Moved runners per (old step, new step).
        public var moves: [String: [String: Int]]
    }

    /// The migration refused: why (nothing was moved).
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var migration: SequenceMigration
        public var problems: [SequenceMigration.Problem]

        public var description: String {
            "cannot migrate \(migration.sequence) from v\(migration.from) to v\(migration.to): "
                + problems.map(\.description).joined(separator: "; ") + "; nothing was moved"
        }
    }

    /// Runs `migration`.
    /// - Parameters:
    ///   - migration: sequence, versions and step mapping.
    ///   - now: the engine clock (UTC): history time, and the end of leases that still hold.
    ///   - dryRun: check and count, then roll back.
    /// - Throws: ``Refusal`` when a step has no place in the target version; `CatalogError` when
    ///   a version does not exist; `PostgresError`.
    public func migrate(_ migration: SequenceMigration, now: Date, dryRun: Bool) throws -> Report {
        let catalog = SequenceCatalog(connection: connection)
        let source = try catalog.definition(name: migration.sequence, version: migration.from)
        let target = try catalog.definition(name: migration.sequence, version: migration.to)
        do {
            return try connection.transaction {
                let runners = try lockActive(migration, now: now)
                var report = Report(runnersAt: [:], moved: 0, leased: 0, moves: [:])
                for runner in runners { report.runnersAt[runner.state.step, default: 0] += 1 }
                let problems = migration.problems(runnersAt: report.runnersAt, source: source, target: target)
                guard problems.isEmpty else { throw Refusal(migration: migration, problems: problems) }
                let machine = RunnerMachine(retry: RetryPolicy())
                var outcomes: [RunnerMachine.Outcome] = []
                for runner in runners {
                    guard !runner.leased else { report.leased += 1; continue }
                    guard let outcome = machine.migrate(runner.state, to: target, version: migration.to, mapping: migration.mapping, now: now)
                    else { continue }
                    outcomes.append(outcome)
                    report.moves[runner.state.step, default: [:]][outcome.state.step, default: 0] += 1
                }
                report.moved = outcomes.count
                if dryRun { throw DryRun(report: report) }  // rolls the transaction back: the locks go, nothing was written
                if !outcomes.isEmpty { try write(outcomes) }
                return report
            }
        } catch let dry as DryRun {
            return dry.report
        }
    }

    /// Ends a dry run's transaction by rolling it back, carrying what it found.
    private struct DryRun: Error {
        var report: Report
    }

    /// The source version's active runners, locked, with whether a tick holds each under a lease.
    private func lockActive(_ migration: SequenceMigration, now: Date) throws -> [(state: RunnerState, leased: Bool)] {
        var binds = PostgresBindings()
        let name = binds.add(migration.sequence), version = binds.add(String(migration.from)), clock = binds.add(PostgresText.epoch(now))
        return try connection.query("""
            SELECT \(RunnerRow.columns), (r.lease_owner IS NOT NULL AND r.lease_until > to_timestamp(\(clock)::float8))
            FROM \(RunnerRow.tables)
            WHERE r.sequence_name = \(name) AND r.sequence_version = \(version)::int AND r.status = 'active'
            ORDER BY r.id
            FOR UPDATE OF r
            """, binds) { row in (try RunnerRow.decode(row).state, try row.bool(RunnerRow.count)) }
    }

    /// One statement: the runners' new version, step, wake-up and goals, and their history lines.
    private func write(_ outcomes: [RunnerMachine.Outcome]) throws {
        let states = outcomes.map(\.state)
        let lines = outcomes.flatMap { outcome in outcome.history.map { (outcome.state, $0) } }
        var binds = PostgresBindings()
        let ids = binds.add(array: states.map(\.id)), versions = binds.add(array: states.map { String($0.version) })
        let steps = binds.add(array: states.map(\.step)), goals = binds.add(array: states.map { PostgresText.array($0.goalsReached.sorted()) })
        let historyIDs = binds.add(array: lines.map(\.0.id)), subjects = binds.add(array: lines.map(\.0.subject))
        let sequences = binds.add(array: lines.map(\.0.sequence)), lineVersions = binds.add(array: lines.map { String($0.0.version) })
        let from = binds.add(array: lines.map(\.1.fromStep)), to = binds.add(array: lines.map(\.1.toStep))
        let actions = binds.add(array: lines.map(\.1.action.rawValue)), messages = binds.add(array: lines.map(\.1.message))
        let times = binds.add(array: lines.map { PostgresText.epoch($0.1.at) })
        try connection.query("""
            WITH moved AS (
                UPDATE sequencer.runners r SET sequence_version = u.version, step = u.step, wake_at = '-infinity', attempts = 0,
                    last_error = NULL, goals_reached = u.goals::text[], lease_owner = NULL, lease_until = NULL, updated_at = now()
                FROM unnest(\(ids)::text[], \(versions)::int[], \(steps)::text[], \(goals)::text[]) AS u(id, version, step, goals)
                WHERE r.id = u.id AND r.status = 'active'
            )
            INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action,
                                                  message, at)
            SELECT h.runner_id, h.subject_id, h.sequence_name, h.version, h.from_step, h.to_step, h.action, h.message, to_timestamp(h.at)
            FROM unnest(\(historyIDs)::text[], \(subjects)::text[], \(sequences)::text[], \(lineVersions)::int[], \(from)::text[],
                        \(to)::text[], \(actions)::text[], \(messages)::text[], \(times)::float8[])
                WITH ORDINALITY AS h(runner_id, subject_id, sequence_name, version, from_step, to_step, action, message, at, n)
            ORDER BY h.n
            """, binds)
    }
}
