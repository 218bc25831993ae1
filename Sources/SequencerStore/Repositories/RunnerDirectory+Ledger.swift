#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension RunnerDirectory {
    /// One row of the delivery ledger, for operators (`sequencer outbox`).
    public struct LedgerEntry: Sendable, Hashable {
        /// The row's id (`deliveries.id`), what `sequencer outbox resend` takes.
        public var id: Int64
        public var runnerID: String
        public var subject: String
        public var step: String
        public var visit: Int
        public var channel: Channel
        public var provider: Provider
        public var status: DeliveryStatus
        /// The message as rendered (``OutgoingMessage/json``).
        public var payload: JSONValue
        public var error: String?
        /// When the row was written (UTC).
        public var createdAt: Date
        /// When an operator resent it, if ever (UTC).
        public var resentAt: Date?
    }

    /// The latest ledger rows, newest first: of one runner or subject (`runner`), in one status,
    /// or all.
    public func ledger(limit: Int, runner: String? = nil, status: DeliveryStatus? = nil) throws -> [LedgerEntry] {
        var binds = PostgresBindings()
        let count = binds.add(String(limit)), id = binds.add(runner), state = binds.add(status?.rawValue)
        return try connection.query("""
            SELECT \(Self.ledgerColumns) FROM sequencer.deliveries
            WHERE (\(id)::text IS NULL OR runner_id = \(id) OR subject_id = \(id)) AND (\(state)::text IS NULL OR status = \(state))
            ORDER BY created_at DESC, id DESC LIMIT \(count)
            """, binds, row: Self.ledgerEntry)
    }

    /// Resends ledger row `id` through `send`, holding the row locked (`FOR UPDATE NOWAIT`) from
    /// the read to the write: two operators cannot resend it at once, and a resend that dies
    /// leaves the row as it was (`uncertain`). `send` throws a ``ResendRefusal`` to change nothing.
    /// - Throws: ``ResendRefusal`` (`notFound`, `busy`, or from `send`), `PostgresError`.
    public func resend(_ id: Int64, send: (LedgerEntry) throws -> ResendOutcome) throws -> ResendOutcome {
        try connection.transaction {
            var binds = PostgresBindings()
            let key = binds.add(String(id))
            let rows: [LedgerEntry]
            do {
                rows = try connection.query("SELECT \(Self.ledgerColumns) FROM sequencer.deliveries WHERE id = \(key)::bigint FOR UPDATE NOWAIT",
                                            binds, row: Self.ledgerEntry)
            } catch let error as PostgresError where error.code == .server(sqlState: "55P03") {
                throw ResendRefusal.busy(id)
            }
            guard let entry = rows.first else { throw ResendRefusal.notFound(id) }
            let outcome = try send(entry)
            try record(outcome, of: id)
            return outcome
        }
    }

    private func record(_ outcome: ResendOutcome, of id: Int64) throws {
        var binds = PostgresBindings()
        let key = binds.add(String(id))
        switch outcome {
        case .sent(let messageID):
            let message = binds.add(messageID)
            _ = try connection.query("""
                UPDATE sequencer.deliveries SET status = 'sent', provider_message_id = \(message), error = NULL, sent_at = now(), resent_at = now()
                WHERE id = \(key)::bigint
                """, binds)
        case .failed(let error):
            let reason = binds.add("resent by hand and failed (\(error.kind.rawValue)): \(error.reason)")
            _ = try connection.query("UPDATE sequencer.deliveries SET error = \(reason) WHERE id = \(key)::bigint", binds)
        }
    }

    private static let ledgerColumns =
        "id, runner_id, subject_id, step, visit, channel, provider, status, payload::text, error, extract(epoch from created_at), extract(epoch from resent_at)"

    private static func ledgerEntry(_ row: PostgresRow) throws -> LedgerEntry {
        LedgerEntry(id: try row.int64(0), runnerID: try row.string(1), subject: try row.string(2), step: try row.string(3),
                    visit: try row.int(4), channel: try row.value(5, as: Channel.self), provider: Provider(rawValue: try row.string(6)),
                    status: try row.value(7, as: DeliveryStatus.self), payload: try row.json(8), error: row.optionalString(9),
                    createdAt: try row.date(10), resentAt: try row.optionalDate(11))
    }
}
