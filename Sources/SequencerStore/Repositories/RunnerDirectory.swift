#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// What applications do to subjects and runners — enrol, update data, cancel — and what
/// operators do — retry, read runners and history.
///
/// Enrolment, updates and cancellation go through the SQL entry points of the `sequencer` schema
/// (`Migrations/003_entry_points.sql`, `docs/entry-points.md`), so the CLI, the `api` Lambda
/// handler and an application's own SQL validate and answer alike. `retry` is decided by the
/// core's ``RunnerMachine``; this type persists it.
public struct RunnerDirectory {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// One subject to enrol: `{"id": "<subject>", "data"?: {…}, "event"?: {…}, "idempotencyKey"?,
    /// "cancellationKey"?}` (the JSON Lines form of `sequencer enroll`).
    public struct Enrollment: Sendable, Hashable {
        /// The subject's id.
        public var id: String
        /// Merged into the subject's data (a JSON null deletes a key).
        public var data: JSONValue
        /// The enrolment's own payload, read as `event.*`.
        public var event: JSONValue
        public var idempotencyKey: String?
        public var cancellationKey: String?

        public init(id: String, data: JSONValue, event: JSONValue = [:], idempotencyKey: String? = nil, cancellationKey: String? = nil) {
            self.id = id
            self.data = data
            self.event = event
            self.idempotencyKey = idempotencyKey
            self.cancellationKey = cancellationKey
        }

        /// The item as `sequencer.enroll_batch` takes it.
        func json(sequence: String) -> JSONValue {
            var object: [String: JSONValue] = ["sequence": .string(sequence), "subject": .string(id), "data": data, "event": event]
            if let idempotencyKey { object["idempotencyKey"] = .string(idempotencyKey) }
            if let cancellationKey { object["cancellationKey"] = .string(cancellationKey) }
            return .object(object)
        }
    }

    /// What the SQL entry points answered, one per item, in order.
    public struct Answers: Sendable {
        /// The JSON answers as the functions gave them.
        public var answers: [JSONValue]

        /// Answers in item order (`[]` to gather several calls' answers).
        public init(answers: [JSONValue]) { self.answers = answers }

        /// The items that enrolled: (subject, runner id).
        public var enrolled: [(subject: String, runner: String)] {
            answers.compactMap { answer in
                guard answer["enrolled"] == .bool(true), let subject = answer["subject"]?.stringValue,
                      let runner = answer["runner"]?.stringValue else { return nil }
                return (subject, runner)
            }
        }

        /// Items refused by a sequence's re-entry rule: (subject, reason).
        public var refused: [(subject: String, reason: String)] {
            answers.compactMap { answer in
                guard answer["enrolled"] == .bool(false), let reason = answer["reason"]?.stringValue else { return nil }
                return (answer["subject"]?.stringValue ?? "", reason)
            }
        }

        /// Invalid items: (position from 0, field, reason).
        public var invalid: [(index: Int, field: String, reason: String)] {
            answers.enumerated().compactMap { index, answer in
                guard let reason = answer["error"]?.stringValue else { return nil }
                return (index, answer["field"]?.stringValue ?? "", reason)
            }
        }
    }

    /// Enrols subjects into the latest version of `sequence`, in one statement
    /// (`sequencer.enroll_batch`): each is enrolled, refused by the sequence's re-entry policy, or
    /// invalid (nothing done for it); see `docs/entry-points.md`.
    /// - Parameter now: the engine clock (UTC), recorded as `stepEnteredAt` and in the history.
    /// - Throws: `PostgresError`; nothing is written then.
    @discardableResult
    public func enroll(_ items: [Enrollment], in sequence: String, now: Date) throws -> Answers {
        try call("enroll_batch", JSONValue.array(items.map { $0.json(sequence: sequence) }), at: now)
    }

    /// Enrols items given in the entry points' JSON form (`sequencer.enroll_batch`).
    /// - Throws: `PostgresError`.
    public func enroll(json items: [JSONValue], now: Date) throws -> Answers {
        try call("enroll_batch", .array(items), at: now)
    }

    /// Merges each patch into its subject's data (top-level keys replaced, a JSON null deletes a
    /// key; the subject is created if new) through `sequencer.update_subjects`. A change makes
    /// every active runner of the subject due at once (Goals and exit conditions are checked).
    /// - Parameter items: `[{"subject", "data"}]`.
    /// - Throws: `PostgresError`.
    public func update(json items: [JSONValue]) throws -> Answers {
        try call("update_subjects", .array(items), at: nil)
    }

    /// Merges `patch` into one subject's data; see ``update(json:)``.
    /// - Throws: `CatalogError` for invalid input (naming the field), `PostgresError`.
    public func update(_ subject: String, merging patch: JSONValue) throws {
        let answers = try update(json: [["subject": .string(subject), "data": patch]])
        if let problem = answers.invalid.first { throw CatalogError(reason: "\(problem.field): \(problem.reason)") }
    }

    /// Cancels active runners through `sequencer.cancel_batch`: items `{"subject", "sequence"?}`
    /// or `{"cancellationKey"}`; each answer carries `cancelled` (how many).
    /// - Parameter now: the engine clock (UTC), recorded in the history.
    /// - Throws: `PostgresError`.
    public func cancel(json items: [JSONValue], now: Date) throws -> Answers {
        try call("cancel_batch", .array(items), at: now)
    }

    /// Cancels a subject's active runners (all, or those in `sequence`).
    /// - Returns: how many were cancelled.
    /// - Throws: `CatalogError` for invalid input, `PostgresError`.
    @discardableResult
    public func cancel(_ subject: String, sequence: String? = nil, now: Date) throws -> Int {
        var item: [String: JSONValue] = ["subject": .string(subject)]
        if let sequence { item["sequence"] = .string(sequence) }
        let answers = try cancel(json: [.object(item)], now: now)
        if let problem = answers.invalid.first { throw CatalogError(reason: "\(problem.field): \(problem.reason)") }
        return Int(answers.answers.first?["cancelled"]?.numberValue ?? 0)
    }

    /// Calls a batch entry point with `items` (and the engine clock when it takes one).
    private func call(_ function: String, _ items: JSONValue, at now: Date?) throws -> Answers {
        var binds = PostgresBindings()
        let json = binds.add(items.jsonText)
        let clock = now.map { binds.add(PostgresText.epoch($0)) }
        let arguments = clock.map { "\(json)::jsonb, to_timestamp(\($0)::float8)" } ?? "\(json)::jsonb"
        let answers = try connection.query("SELECT a::text FROM sequencer.\(function)(\(arguments)) AS a", binds) { try $0.json(0) }
        return Answers(answers: answers)
    }

    /// Makes a `failed` runner active again at the step where it failed, due at once, with its
    /// attempts reset (``RunnerMachine/retry(_:now:)``), after the cause — a provider refusal, a
    /// bad address in its data — is fixed.
    /// - Parameter reference: a runner id, or a subject with one runner (in `sequence`).
    /// - Returns: `false` when it was not failed (nothing changes).
    /// - Throws: `CatalogError` when there is no such runner, or the subject has several.
    @discardableResult
    public func retry(_ reference: String, sequence: String? = nil, now: Date) throws -> Bool {
        let id = try runner(reference, sequence: sequence).id
        return try connection.transaction {
            var binds = PostgresBindings()
            let runner = binds.add(id)
            let current = try connection.query("SELECT \(RunnerRow.columns) FROM \(RunnerRow.tables) WHERE r.id = \(runner) FOR UPDATE OF r",
                                               binds) { try RunnerRow.decode($0).state }
            guard let state = current.first else { throw CatalogError(reason: "no runner with id \"\(id)\"") }
            guard let outcome = RunnerMachine(retry: RetryPolicy()).retry(state, now: now) else { return false }
            try persist(outcome)
            return true
        }
    }

    /// Writes one runner's transition: its status, wake-up, attempts and error, its history lines.
    private func persist(_ outcome: RunnerMachine.Outcome) throws {
        let state = outcome.state
        var binds = PostgresBindings()
        let id = binds.add(state.id), subject = binds.add(state.subject), status = binds.add(state.status.rawValue)
        let wake = binds.add(PostgresText.epoch(state.wakeAt)), attempts = binds.add(String(state.attempts))
        let lastError = binds.add(state.lastError), sequence = binds.add(state.sequence), version = binds.add(String(state.version))
        let from = binds.add(array: outcome.history.map(\.fromStep)), to = binds.add(array: outcome.history.map(\.toStep))
        let actions = binds.add(array: outcome.history.map(\.action.rawValue)), messages = binds.add(array: outcome.history.map(\.message))
        let times = binds.add(array: outcome.history.map { PostgresText.epoch($0.at) })
        try connection.query("""
            WITH changed AS (
                UPDATE sequencer.runners SET status = \(status), wake_at = to_timestamp(\(wake)::float8), attempts = \(attempts)::int,
                    last_error = \(lastError), lease_owner = NULL, lease_until = NULL, updated_at = now(),
                    ended_at = CASE WHEN \(status) = 'active' THEN NULL ELSE ended_at END
                WHERE id = \(id)
            )
            INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action,
                                                  message, at)
            SELECT \(id), \(subject), \(sequence), \(version)::int, h.from_step, h.to_step, h.action, h.message, to_timestamp(h.at)
            FROM unnest(\(from)::text[], \(to)::text[], \(actions)::text[], \(messages)::text[], \(times)::float8[])
                WITH ORDINALITY AS h(from_step, to_step, action, message, at, n)
            ORDER BY h.n
            """, binds)
    }
}
