#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension PostgresRunnerStore {
    public func write(_ batch: BatchWrite, claim: BatchClaim) throws -> Set<String> {
        if batch.runners.isEmpty { return [] }
        let statement = BatchWriteStatement(batch, claim: claim, lockedRows: lockedRows)
        let written = try connection.preparedQuery(statement.sql, statement.bindings) { row in try row.string(0) }
        return Set(written)
    }
}

/// The one statement that writes a batch: the runners' new states (each distinct state sent once,
/// ``BatchRows``), their history lines (each distinct line once) and the outbox's ledger rows.
/// Parameters are bound by name (``PostgresBindings``): every placeholder in ``sql`` comes from the
/// field that holds its value.
struct BatchWriteStatement {
    private(set) var bindings = PostgresBindings()
    private(set) var sql = ""

    /// Placeholders of the distinct new states (`unnest`ed together, numbered by `WITH ORDINALITY`).
    private struct States {
        var step, status, entered, wake, attempts, lastError, goals, leased: String
    }

    /// Placeholders of the batch's runners, each pointing at its state.
    private struct Runners {
        var id, row, visit, revision, state: String
    }

    /// Placeholders of the distinct history lines and of the entries pointing at them.
    private struct Lines {
        var sequence, version, fromStep, toStep, action, message, at, entryRunner, entrySubject, entryLine: String
    }

    /// Placeholders of the ledger rows.
    private struct Deliveries {
        var runner, step, visit, sequence, subject, channel, provider, status, payload, messageID, error: String
    }

    init(_ batch: BatchWrite, claim: BatchClaim, lockedRows: [String: String]) {
        let rows = BatchRows(batch, leased: batch.lease?.runnerIDs ?? [])
        let leaseOwner: String, locked: Bool
        switch claim {
        case .locked: (leaseOwner, locked) = (batch.lease?.owner ?? "", true)
        case .leased(let owner): (leaseOwner, locked) = (owner, false)
        }
        let owner = bindings.add(leaseOwner)
        let until = bindings.add(batch.lease.map { PostgresText.epoch($0.until) })
        let at = bindings.add(PostgresText.epoch(batch.at))
        let states = bindStates(rows)
        let runners = bindRunners(batch.runners, rows: rows, lockedRows: locked ? lockedRows : nil)
        let subjects = Dictionary(batch.runners.map { ($0.id, $0.subject) }, uniquingKeysWith: { first, _ in first })
        let lines = bindLines(rows, history: batch.history, subjects: subjects)
        let deliveries = bindDeliveries(batch.deliveries)
        sql = Self.sql(states: states, runners: runners, lines: lines, deliveries: deliveries, owner: owner, until: until, at: at,
                       locked: locked)
    }

    private static func sql(states: States, runners: Runners, lines: Lines, deliveries: Deliveries, owner: String, until: String,
                            at: String, locked: Bool) -> String {
        // Locked rows are found by ctid (and checked by id); leased ones by id, if still leased.
        let rowsToWrite = locked ? "r.ctid = u.row AND r.id = u.id" : "r.id = u.id AND r.lease_owner = \(owner)"
        // Every locked row is written; a leased one may have been cancelled or taken meanwhile.
        let writtenOnly = locked ? "" : "WHERE h.runner_id IN (SELECT id FROM written)"
        return """
            WITH state AS (
                SELECT * FROM unnest(\(states.step)::text[], \(states.status)::text[], \(states.entered)::float8[], \(states.wake)::float8[],
                                     \(states.attempts)::int[], \(states.lastError)::text[], \(states.goals)::text[], \(states.leased)::bool[])
                    WITH ORDINALITY AS s(step, status, entered, wake, attempts, last_error, goals, leased, n)
            ), input AS (
                SELECT u.id, u.row, u.visit, u.revision, s.* FROM unnest(\(runners.id)::text[], \(runners.row)::tid[], \(runners.visit)::int[],
                                                                         \(runners.revision)::bigint[], \(runners.state)::int[])
                    AS u(id, row, visit, revision, state) JOIN state s ON s.n = u.state
            ), written AS (
                UPDATE sequencer.runners r SET
                    step = u.step, status = u.status, step_entered_at = to_timestamp(u.entered),
                    wake_at = CASE WHEN r.data_revision = u.revision OR u.status <> 'active'
                                   THEN to_timestamp(u.wake) ELSE '-infinity' END,
                    attempts = u.attempts, last_error = u.last_error, visit = u.visit, goals_reached = u.goals::text[],
                    lease_owner = CASE WHEN u.leased THEN \(owner) END,
                    lease_until = CASE WHEN u.leased THEN to_timestamp(\(until)::float8) END, updated_at = now(),
                    ended_at = CASE WHEN u.status <> 'active' THEN to_timestamp(\(at)::float8) END,
                    checked_at = to_timestamp(\(at)::float8)
                FROM input u
                WHERE \(rowsToWrite) AND r.status = 'active'
                RETURNING r.id
            ), line AS (
                SELECT * FROM unnest(\(lines.sequence)::text[], \(lines.version)::int[], \(lines.fromStep)::text[], \(lines.toStep)::text[],
                                     \(lines.action)::text[], \(lines.message)::text[], \(lines.at)::float8[])
                    WITH ORDINALITY AS l(sequence_name, sequence_version, from_step, to_step, action, message, at, n)
            ), history AS (
                INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action,
                                                      message, at)
                SELECT h.runner_id, h.subject_id, l.sequence_name, l.sequence_version, l.from_step, l.to_step, l.action, l.message,
                       to_timestamp(l.at)
                FROM unnest(\(lines.entryRunner)::text[], \(lines.entrySubject)::text[], \(lines.entryLine)::int[])
                    WITH ORDINALITY AS h(runner_id, subject_id, line, n)
                JOIN line l ON l.n = h.line
                \(writtenOnly)
                ORDER BY h.n
            ), delivered AS (
                INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload,
                                                  provider_message_id, error, sent_at, attempted_at)
                SELECT d.runner_id, d.step, d.visit, d.sequence_name, d.subject_id, d.channel, d.provider, d.status, d.payload::jsonb,
                       d.provider_message_id, d.error, CASE WHEN d.status = 'sent' THEN now() END, to_timestamp(\(at)::float8)
                FROM unnest(\(deliveries.runner)::text[], \(deliveries.step)::text[], \(deliveries.visit)::int[], \(deliveries.sequence)::text[],
                            \(deliveries.subject)::text[], \(deliveries.channel)::text[], \(deliveries.provider)::text[],
                            \(deliveries.status)::text[], \(deliveries.payload)::text[], \(deliveries.messageID)::text[], \(deliveries.error)::text[])
                    AS d(runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload, provider_message_id, error)
                WHERE d.runner_id IN (SELECT id FROM written)
                ON CONFLICT (runner_id, step, visit) DO NOTHING
            )
            SELECT id FROM written
            """
    }

    private mutating func bindStates(_ rows: BatchRows) -> States {
        let states = rows.states
        return States(
            step: bindings.add(array: states.map(\.step)), status: bindings.add(array: states.map(\.status.rawValue)),
            entered: bindings.add(array: states.map { PostgresText.epoch($0.stepEnteredAt) }),
            wake: bindings.add(array: states.map { PostgresText.epoch($0.wakeAt) }),
            attempts: bindings.add(array: states.map { String($0.attempts) }), lastError: bindings.add(array: states.map(\.lastError)),
            goals: bindings.add(array: states.map { PostgresText.array($0.goalsReached) }),
            leased: bindings.add(array: states.map { $0.leased ? "t" : "f" }))
    }

    private mutating func bindRunners(_ runners: [RunnerState], rows: BatchRows, lockedRows: [String: String]?) -> Runners {
        Runners(
            id: bindings.add(array: runners.map(\.id)), row: bindings.add(array: runners.map { lockedRows?[$0.id] }),
            visit: bindings.add(array: runners.map { String($0.visit) }),
            revision: bindings.add(array: runners.map { String($0.dataRevision) }),
            state: bindings.add(array: rows.stateOfRunner.map { String($0) }))
    }

    private mutating func bindLines(_ rows: BatchRows, history: [HistoryEntry], subjects: [String: String]) -> Lines {
        let lines = rows.lines
        return Lines(
            sequence: bindings.add(array: lines.map(\.sequence)), version: bindings.add(array: lines.map { String($0.version) }),
            fromStep: bindings.add(array: lines.map(\.fromStep)), toStep: bindings.add(array: lines.map(\.toStep)),
            action: bindings.add(array: lines.map(\.action.rawValue)), message: bindings.add(array: lines.map(\.message)),
            at: bindings.add(array: lines.map { PostgresText.epoch($0.at) }),
            entryRunner: bindings.add(array: history.map(\.runnerID)),
            entrySubject: bindings.add(array: history.map { subjects[$0.runnerID] ?? $0.runnerID }), entryLine: bindings.add(array: rows.lineOfEntry.map { String($0) }))
    }

    private mutating func bindDeliveries(_ deliveries: [DeliveryRecord]) -> Deliveries {
        Deliveries(
            runner: bindings.add(array: deliveries.map(\.runnerID)), step: bindings.add(array: deliveries.map(\.step)),
            visit: bindings.add(array: deliveries.map { String($0.visit) }), sequence: bindings.add(array: deliveries.map(\.sequence)),
            subject: bindings.add(array: deliveries.map(\.subject)), channel: bindings.add(array: deliveries.map(\.message.channel.rawValue)),
            provider: bindings.add(array: deliveries.map(\.provider.rawValue)),
            status: bindings.add(array: deliveries.map(\.status.rawValue)),
            payload: bindings.add(array: deliveries.map(\.message.json.jsonText)),
            messageID: bindings.add(array: deliveries.map(\.providerMessageID)), error: bindings.add(array: deliveries.map(\.error)))
    }
}
