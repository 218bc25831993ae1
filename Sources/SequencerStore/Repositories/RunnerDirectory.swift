import Foundation
import SequencerCore

/// What applications do to runners: enroll, update data, cancel, retry, and read status and
/// history. Every transition is decided by the core's ``RunnerMachine``; this type persists it.
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
        let machine = RunnerMachine(retry: RetryPolicy())
        let outcomes = runners.map { machine.enroll($0.id, data: $0.data, in: definition, version: version, now: now) }
        let enrolled = try connection.transaction { try insert(outcomes) }
        let enrolledSet = Set(enrolled)
        return (runners.map(\.id).filter { enrolledSet.contains($0) }, runners.map(\.id).filter { !enrolledSet.contains($0) })
    }

    /// Inserts new runners with their enrolment history; existing ids are skipped.
    /// - Returns: the ids inserted.
    private func insert(_ outcomes: [RunnerMachine.Outcome]) throws -> [String] {
        guard let first = outcomes.first?.state else { return [] }
        var binds = PostgresBindings()
        let ids = binds.add(array: outcomes.map(\.state.id)), data = binds.add(array: outcomes.map(\.state.data.jsonText))
        let sequence = binds.add(first.sequence), version = binds.add(String(first.version)), step = binds.add(first.step)
        let now = binds.add(PostgresText.epoch(first.stepEnteredAt)), goals = binds.add(array: first.goalsReached.sorted())
        let action = binds.add(outcomes[0].history[0].action.rawValue)
        return try connection.query("""
            WITH input AS (
                SELECT * FROM unnest(\(ids)::text[], \(data)::text[]) WITH ORDINALITY AS u(id, data, n)
            ), inserted AS (
                INSERT INTO runners (id, sequence_name, sequence_version, step, data, step_entered_at, wake_at,
                                     goals_reached, enrolled_at)
                SELECT u.id, \(sequence), \(version), \(step), u.data::jsonb, to_timestamp(\(now)::float8), '-infinity',
                       \(goals)::text[], to_timestamp(\(now)::float8)
                FROM input u ORDER BY u.n
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ), history AS (
                INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, at)
                SELECT id, \(sequence), \(version), NULL, \(step), \(action), to_timestamp(\(now)::float8) FROM inserted
            )
            SELECT id FROM inserted
            """, binds) { row in try row.string(0) }
    }

    /// Merges `patch` into the runner's data (top-level keys replaced, as PostgreSQL's `||`).
    /// The change makes the runner due at once, so its Goals are checked by the next tick.
    /// - Throws: `CatalogError` when there is no such runner.
    public func update(_ id: String, merging patch: JSONValue) throws {
        var binds = PostgresBindings()
        let runner = binds.add(id), json = binds.add(patch.jsonText)
        let rows = try connection.query("UPDATE runners SET data = data || \(json)::jsonb, updated_at = now() WHERE id = \(runner) RETURNING id", binds)
        if rows.isEmpty { throw CatalogError(reason: "no runner with id \"\(id)\"") }
    }

    /// Cancels an active runner (``RunnerMachine/cancel(_:now:)``); it will not be moved again.
    /// - Returns: `false` when it was no longer active (its status is unchanged).
    /// - Throws: `CatalogError` when there is no such runner.
    @discardableResult
    public func cancel(_ id: String, now: Date) throws -> Bool {
        try transition(id) { RunnerMachine(retry: RetryPolicy()).cancel($0, now: now) }
    }

    /// Makes a `failed` runner active again at the step where it failed, due at once, with its
    /// attempts reset (``RunnerMachine/retry(_:now:)``), after the cause — a provider refusal, a
    /// bad address in its data — is fixed.
    /// - Returns: `false` when it was not failed (nothing changes).
    /// - Throws: `CatalogError` when there is no such runner.
    @discardableResult
    public func retry(_ id: String, now: Date) throws -> Bool {
        try transition(id) { RunnerMachine(retry: RetryPolicy()).retry($0, now: now) }
    }

    /// Reads the runner under a row lock, asks the machine for the transition and writes it with
    /// its history, in one transaction; the lease is released.
    private func transition(_ id: String, _ change: (RunnerState) -> RunnerMachine.Outcome?) throws -> Bool {
        try connection.transaction {
            var binds = PostgresBindings()
            let runner = binds.add(id)
            let current = try connection.query("SELECT \(RunnerRow.columns) FROM runners r WHERE r.id = \(runner) FOR UPDATE", binds) {
                try RunnerRow.decode($0)
            }
            guard let state = current.first else { throw CatalogError(reason: "no runner with id \"\(id)\"") }
            guard let outcome = change(state) else { return false }
            try persist(outcome)
            return true
        }
    }

    /// Writes one runner's transition: its status, wake-up, attempts and error, its history lines.
    private func persist(_ outcome: RunnerMachine.Outcome) throws {
        let state = outcome.state
        var binds = PostgresBindings()
        let id = binds.add(state.id), status = binds.add(state.status.rawValue), wake = binds.add(PostgresText.epoch(state.wakeAt))
        let attempts = binds.add(String(state.attempts)), lastError = binds.add(state.lastError)
        let sequence = binds.add(state.sequence), version = binds.add(String(state.version))
        let from = binds.add(array: outcome.history.map(\.fromStep)), to = binds.add(array: outcome.history.map(\.toStep))
        let actions = binds.add(array: outcome.history.map(\.action.rawValue)), messages = binds.add(array: outcome.history.map(\.message))
        let times = binds.add(array: outcome.history.map { PostgresText.epoch($0.at) })
        try connection.query("""
            WITH changed AS (
                UPDATE runners SET status = \(status), wake_at = to_timestamp(\(wake)::float8), attempts = \(attempts)::int,
                    last_error = \(lastError), lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = \(id)
            )
            INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, message, at)
            SELECT \(id), \(sequence), \(version)::int, h.from_step, h.to_step, h.action, h.message, to_timestamp(h.at)
            FROM unnest(\(from)::text[], \(to)::text[], \(actions)::text[], \(messages)::text[], \(times)::float8[])
                WITH ORDINALITY AS h(from_step, to_step, action, message, at, n)
            ORDER BY h.n
            """, binds)
    }

    /// One runner's current row.
    /// - Throws: `CatalogError` when there is no such runner.
    public func runner(_ id: String) throws -> RunnerState {
        var binds = PostgresBindings()
        let runner = binds.add(id)
        let states = try connection.query("SELECT \(RunnerRow.columns) FROM runners r WHERE r.id = \(runner)", binds) {
            try RunnerRow.decode($0)
        }
        guard let state = states.first else { throw CatalogError(reason: "no runner with id \"\(id)\"") }
        return state
    }
}
