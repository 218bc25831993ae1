#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension PostgresRunnerStore {
    public func claimDelivery(_ record: DeliveryRecord, lease: LeaseClaim) throws -> LedgerClaim {
        try connection.transaction {
            guard try renewLeases([record.runnerID], lease: lease) == [record.runnerID] else { return .leaseLost }
            if try insertPending(record) || (try takeBackFailed(record)) { return .claimed }
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

    /// Inserts the `pending` row; `false` when one exists (an insert of the same visit by another
    /// transaction is waited for, then seen).
    private func insertPending(_ record: DeliveryRecord) throws -> Bool {
        var binds = PostgresBindings()
        let key = Self.bindKey(record, &binds)
        let sequence = binds.add(record.sequence), subject = binds.add(record.subject)
        let channel = binds.add(record.message.channel.rawValue), provider = binds.add(record.provider.rawValue)
        let payload = binds.add(record.message.json.jsonText)
        let inserted = try connection.preparedQuery("""
            INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload)
            VALUES (\(key.runner), \(key.step), \(key.visit)::int, \(sequence), \(subject), \(channel), \(provider), 'pending',
                    \(payload)::jsonb)
            ON CONFLICT (runner_id, step, visit) DO NOTHING
            RETURNING 1
            """, binds) { _ in true }
        return !inserted.isEmpty
    }

    /// Takes back a row that `failed` (provably not sent); `false` when the row is in another state.
    private func takeBackFailed(_ record: DeliveryRecord) throws -> Bool {
        var binds = PostgresBindings()
        let key = Self.bindKey(record, &binds)
        let provider = binds.add(record.provider.rawValue), payload = binds.add(record.message.json.jsonText)
        let taken = try connection.preparedQuery("""
            UPDATE sequencer.deliveries SET status = 'pending', error = NULL, provider = \(provider), payload = \(payload)::jsonb
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
