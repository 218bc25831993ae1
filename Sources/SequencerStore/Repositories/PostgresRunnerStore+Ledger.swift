#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension PostgresRunnerStore {
    public func claimDelivery(_ record: DeliveryRecord, lease: LeaseClaim, caps: FrequencyCaps) throws -> LedgerClaim {
        try connection.transaction {
            let window = caps.window(for: record.message.channel)
            // The subject before the runner: a data change locks them in that order too.
            if window != nil { try lockSubject(record.subject) }
            guard try renewLeases([record.runnerID], lease: lease) == [record.runnerID] else { return .leaseLost }
            if let window, try !hasEarlierAttempt(record) {
                let earlier = try attempts(of: record, since: lease.now.addingTimeInterval(-window))
                if case .over(let cap, let until) = caps.verdict(channel: record.message.channel, earlier: earlier, now: lease.now) {
                    return .overCap(cap, until: until)
                }
            }
            if try insertPending(record, at: lease.now) || (try takeBackFailed(record, at: lease.now)) { return .claimed }
            return .earlier(try settleEarlier(record))
        }
    }

    public func recordOutcome(_ record: DeliveryRecord, beforeCommit: () throws -> Void) throws {
        try connection.transaction {
            var binds = PostgresBindings()
            let key = Self.bindKey(record, &binds)
            let status = binds.add(record.status.rawValue), messageID = binds.add(record.providerMessageID)
            let error = binds.add(record.error)
            _ = try connection.preparedQuery("""
                UPDATE sequencer.deliveries SET status = \(status), provider_message_id = \(messageID), error = \(error),
                    sent_at = CASE WHEN \(status) = 'sent' THEN now() END
                WHERE runner_id = \(key.runner) AND step = \(key.step) AND visit = \(key.visit)::int AND status = 'pending'
                """, binds) { _ in () }
            try beforeCommit()
        }
    }

    /// Locks the subject's row until the transaction ends (`FOR NO KEY UPDATE`: enrolments,
    /// which only need its key, go on). Frequency caps count under it.
    private func lockSubject(_ subject: String) throws {
        var binds = PostgresBindings()
        let id = binds.add(subject)
        _ = try connection.preparedQuery("SELECT 1 FROM sequencer.subjects WHERE id = \(id) FOR NO KEY UPDATE", binds) { _ in () }
    }

    /// Whether the visit already has a row that is not `failed` (then no cap applies: the row
    /// decides, as without caps).
    private func hasEarlierAttempt(_ record: DeliveryRecord) throws -> Bool {
        var binds = PostgresBindings()
        let key = Self.bindKey(record, &binds)
        return try !connection.preparedQuery("""
            SELECT 1 FROM sequencer.deliveries
            WHERE runner_id = \(key.runner) AND step = \(key.step) AND visit = \(key.visit)::int AND status <> 'failed'
            """, binds) { _ in () }.isEmpty
    }

    /// When the subject's rows of the message's channel that may have reached the person were
    /// taken, from `since` on (engine clock).
    private func attempts(of record: DeliveryRecord, since: Date) throws -> [Date] {
        var binds = PostgresBindings()
        let subject = binds.add(record.subject), channel = binds.add(record.message.channel.rawValue)
        let start = binds.add(PostgresText.epoch(since))
        return try connection.preparedQuery("""
            SELECT extract(epoch FROM attempted_at)::float8 FROM sequencer.deliveries
            WHERE subject_id = \(subject) AND channel = \(channel) AND attempted_at > to_timestamp(\(start)::float8)
              AND status IN ('pending', 'sent', 'uncertain')
            """, binds) { try $0.date(0) }
    }

    /// Inserts the `pending` row taken at `at` (engine clock); `false` when one exists (an insert
    /// of the same visit by another transaction is waited for, then seen).
    private func insertPending(_ record: DeliveryRecord, at: Date) throws -> Bool {
        var binds = PostgresBindings()
        let key = Self.bindKey(record, &binds)
        let sequence = binds.add(record.sequence), subject = binds.add(record.subject)
        let channel = binds.add(record.message.channel.rawValue), provider = binds.add(record.provider.rawValue)
        let payload = binds.add(record.message.json.jsonText), taken = binds.add(PostgresText.epoch(at))
        let inserted = try connection.preparedQuery("""
            INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload,
                                              attempted_at)
            VALUES (\(key.runner), \(key.step), \(key.visit)::int, \(sequence), \(subject), \(channel), \(provider), 'pending',
                    \(payload)::jsonb, to_timestamp(\(taken)::float8))
            ON CONFLICT (runner_id, step, visit) DO NOTHING
            RETURNING 1
            """, binds) { _ in true }
        return !inserted.isEmpty
    }

    /// Takes back a row that `failed` (provably not sent) at `at` (engine clock); `false` when the
    /// row is in another state.
    private func takeBackFailed(_ record: DeliveryRecord, at: Date) throws -> Bool {
        var binds = PostgresBindings()
        let key = Self.bindKey(record, &binds)
        let provider = binds.add(record.provider.rawValue), payload = binds.add(record.message.json.jsonText)
        let attempted = binds.add(PostgresText.epoch(at))
        let taken = try connection.preparedQuery("""
            UPDATE sequencer.deliveries SET status = 'pending', error = NULL, provider = \(provider), payload = \(payload)::jsonb,
                attempted_at = to_timestamp(\(attempted)::float8)
            WHERE runner_id = \(key.runner) AND step = \(key.step) AND visit = \(key.visit)::int AND status = 'failed'
            RETURNING 1
            """, binds) { _ in true }
        return !taken.isEmpty
    }

    /// The status an earlier attempt left; a `pending` row (that attempt died around its call)
    /// becomes `uncertain`. Returns the status found.
    private func settleEarlier(_ record: DeliveryRecord) throws -> DeliveryStatus {
        var binds = PostgresBindings()
        let key = Self.bindKey(record, &binds)
        let found = try connection.preparedQuery("""
            SELECT status FROM sequencer.deliveries
            WHERE runner_id = \(key.runner) AND step = \(key.step) AND visit = \(key.visit)::int FOR UPDATE
            """, binds) { try $0.value(0, as: DeliveryStatus.self) }
        guard let status = found.first else { return .failed }
        if status == .pending {
            var update = PostgresBindings()
            let pendingKey = Self.bindKey(record, &update)
            _ = try connection.preparedQuery("""
                UPDATE sequencer.deliveries
                SET status = 'uncertain', error = 'an earlier tick stopped around the call; it may have been sent'
                WHERE runner_id = \(pendingKey.runner) AND step = \(pendingKey.step) AND visit = \(pendingKey.visit)::int
                """, update) { _ in () }
        }
        return status
    }

    /// Binds a row's key (runner, step, visit).
    private static func bindKey(_ record: DeliveryRecord, _ binds: inout PostgresBindings) -> (runner: String, step: String, visit: String) {
        (binds.add(record.runnerID), binds.add(record.step), binds.add(String(record.visit)))
    }
}
