import Foundation
import SequencerCore

/// What applications do to runners: enroll, update data, cancel, and read status and history.
public struct RunnerDirectory {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// A runner to enroll: `{"id": "…", "data": {…}}`.
    public struct Enrollment: Sendable, Hashable {
        public var id: String
        public var data: JSONValue
        public init(id: String, data: JSONValue) {
            self.id = id
            self.data = data
        }
    }

    /// Enrolls runners at the entry step of the latest version of `sequence`, due at once, in one
    /// transaction. Ids that already exist (in any sequence) are left untouched and returned.
    /// - Parameter now: the engine clock (UTC), recorded as `stepEnteredAt` and in the history.
    /// - Returns: the ids enrolled and the ids that already existed.
    /// - Throws: `CatalogError` for an unknown sequence, `PostgresError`.
    @discardableResult
    public func enroll(_ runners: [Enrollment], in sequence: String, now: Date) throws -> (enrolled: [String], existing: [String]) {
        let catalog = SequenceCatalog(connection: connection)
        guard let version = try catalog.latestVersion(of: sequence) else {
            throw CatalogError(reason: "no sequence named \"\(sequence)\" (apply it first: sequencer sequences apply FILE)")
        }
        let definition = try catalog.definition(name: sequence, version: version)
        let goals = definition.step(definition.start).map { step -> [String] in
            if case .builtin(.goal) = step.runner { return [step.key] } else { return [] }
        } ?? []
        let enrolled = try connection.transaction { () -> [String] in
            let rows = try connection.query("""
                WITH input AS (
                    SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(id, data, n)
                ), inserted AS (
                    INSERT INTO runners (id, sequence_name, sequence_version, step, data, step_entered_at, wake_at,
                                         goals_reached, enrolled_at)
                    SELECT u.id, $3, $4, $5, u.data::jsonb, to_timestamp($6::float8), '-infinity', $7::text[], to_timestamp($6::float8)
                    FROM input u ORDER BY u.n
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                ), history AS (
                    INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, at)
                    SELECT id, $3, $4, NULL, $5, 'enrolled', to_timestamp($6::float8) FROM inserted
                )
                SELECT id FROM inserted
                """, [PostgresText.array(runners.map(\.id)), PostgresText.array(runners.map(\.data.jsonText)), sequence,
                      String(version), definition.start, PostgresText.epoch(now), PostgresText.array(goals)])
            return rows.compactMap { $0[0] }
        }
        let enrolledSet = Set(enrolled)
        return (runners.map(\.id).filter { enrolledSet.contains($0) }, runners.map(\.id).filter { !enrolledSet.contains($0) })
    }

    /// Merges `patch` into the runner's data (top-level keys replaced, as PostgreSQL's `||`).
    /// The change makes the runner due at once, so its Goals are checked by the next tick.
    /// - Throws: `CatalogError` when there is no such runner.
    public func update(_ id: String, merging patch: JSONValue) throws {
        let rows = try connection.query("UPDATE runners SET data = data || $2::jsonb, updated_at = now() WHERE id = $1 RETURNING id",
                                        [id, patch.jsonText])
        if rows.isEmpty { throw CatalogError(reason: "no runner with id \"\(id)\"") }
    }

    /// Cancels an active runner; it will not be moved again.
    /// - Returns: `false` when it was no longer active (its status is unchanged).
    /// - Throws: `CatalogError` when there is no such runner.
    @discardableResult
    public func cancel(_ id: String, now: Date) throws -> Bool {
        try transition(id, from: .active, action: "cancelled", stays: false, now: now, set: """
            status = 'cancelled', wake_at = 'infinity', lease_owner = NULL, lease_until = NULL
            """)
    }

    /// Makes a `failed` runner active again at the step where it failed, due at once, with its
    /// attempts reset (after the cause — a provider refusal, a bad address in its data — is fixed).
    /// - Returns: `false` when it was not failed (nothing changes).
    /// - Throws: `CatalogError` when there is no such runner.
    @discardableResult
    public func retry(_ id: String, now: Date) throws -> Bool {
        try transition(id, from: .failed, action: "retried", stays: true, now: now, set: """
            status = 'active', attempts = 0, last_error = NULL, wake_at = '-infinity'
            """)
    }

    /// Changes a runner's status, in one transaction with its history line, when it is `from`.
    /// - Parameters:
    ///   - stays: whether the history line names the current step as the destination too.
    ///   - assignments: the `SET` list (a constant of this file, never user input).
    private func transition(_ id: String, from expected: RunnerStatus, action: String, stays: Bool, now: Date,
                            set assignments: String) throws -> Bool {
        try connection.transaction {
            let rows = try connection.query("SELECT status, step, sequence_name, sequence_version FROM runners WHERE id = $1 FOR UPDATE", [id])
            guard let row = rows.first else { throw CatalogError(reason: "no runner with id \"\(id)\"") }
            guard row[0] == expected.rawValue else { return false }
            try connection.query("UPDATE runners SET \(assignments), updated_at = now() WHERE id = $1", [id])
            try connection.query("""
                INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, at)
                VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8))
                """, [id, row[2], row[3], row[1], stays ? row[1] : nil, action, PostgresText.epoch(now)])
            return true
        }
    }

    /// One runner's current row.
    /// - Throws: `CatalogError` when there is no such runner.
    public func runner(_ id: String) throws -> RunnerState {
        let state = try connection.preparedQuery("SELECT \(PostgresRunnerStore.runnerColumns) FROM runners r WHERE r.id = $1", [id]) { reader in
            try reader.rowCount == 0 ? nil : PostgresRunnerStore.runnerState(reader, 0)
        }
        guard let state else { throw CatalogError(reason: "no runner with id \"\(id)\"") }
        return state
    }

    /// One cell of `status`: how many runners of a sequence are at a step with a status.
    public struct StepCount: Sendable, Hashable {
        public var sequence: String
        public var step: String
        public var status: RunnerStatus
        public var count: Int
    }

    /// Runners per sequence, step and status (all sequences when `sequence` is `nil`).
    public func counts(sequence: String?) throws -> [StepCount] {
        try connection.query("""
            SELECT sequence_name, step, status, count(*) FROM runners
            WHERE $1::text IS NULL OR sequence_name = $1
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """, [sequence]).map { row in
            StepCount(sequence: row[0]!, step: row[1]!, status: RunnerStatus(rawValue: row[2]!) ?? .active, count: Int(row[3]!)!)
        }
    }

    /// A runner's history, oldest first.
    /// - Throws: `CatalogError` when there is no such runner and no history.
    public func history(_ id: String) throws -> [HistoryEntry] {
        let rows = try connection.query("""
            SELECT runner_id, from_step, to_step, action, message, extract(epoch from at)
            FROM runner_history WHERE runner_id = $1 ORDER BY id
            """, [id])
        if rows.isEmpty { _ = try runner(id) }
        return rows.map { row in
            HistoryEntry(runnerID: row[0]!, fromStep: row[1], toStep: row[2], action: row[3]!, message: row[4],
                         at: PostgresText.date(epoch: row[5])!)
        }
    }

    /// One delivery of the ledger, as `outbox` prints it.
    public struct Delivery: Sendable, Hashable {
        public var runnerID: String
        public var step: String
        public var visit: Int
        public var channel: String
        public var provider: String
        public var status: String
        public var payload: JSONValue
    }

    /// The number of deliveries per channel and status, of one runner or of all.
    public func deliveryCounts(runner: String? = nil) throws -> [(channel: String, status: String, count: Int)] {
        try connection.query("""
            SELECT channel, status, count(*) FROM deliveries WHERE $1::text IS NULL OR runner_id = $1 GROUP BY 1, 2 ORDER BY 1, 2
            """, [runner]).map {
            ($0[0]!, $0[1]!, Int($0[2]!)!)
        }
    }

    /// The latest deliveries, newest first.
    public func deliveries(limit: Int, runner: String? = nil) throws -> [Delivery] {
        try connection.query("""
            SELECT runner_id, step, visit, channel, provider, status, payload::text FROM deliveries
            WHERE $2::text IS NULL OR runner_id = $2
            ORDER BY created_at DESC, runner_id LIMIT $1
            """, [String(limit), runner]).map { row in
            Delivery(runnerID: row[0]!, step: row[1]!, visit: Int(row[2]!)!, channel: row[3]!, provider: row[4]!,
                     status: row[5]!, payload: (try? JSONValue(parsing: row[6]!)) ?? .null)
        }
    }
}
