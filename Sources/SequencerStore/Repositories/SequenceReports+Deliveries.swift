#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension SequenceReports {
    /// A delivery of the ledger that did not end `sent`: failed, pending (maybe sent by a tick
    /// that died around the call), or any status added later (`uncertain`).
    public struct UnsentDelivery: Sendable, Hashable {
        public var runnerID: String
        public var subject: String
        public var sequence: String
        public var step: String
        public var visit: Int
        public var channel: String
        public var provider: String
        /// As stored: `failed`, `pending`, … (read as text so a status added later still shows).
        public var status: String
        public var error: String?
        /// When the row was written (wall clock, UTC).
        public var createdAt: Date
    }

    /// Deliveries whose status is not `sent`, newest first, at most `limit`.
    /// - Throws: `PostgresError`.
    public func unsentDeliveries(limit: Int) throws -> [UnsentDelivery] {
        var binds = PostgresBindings()
        let count = binds.add(String(limit))
        return try connection.query("""
            SELECT runner_id, subject_id, sequence_name, step, visit, channel, provider, status, error, extract(epoch from created_at)
            FROM sequencer.deliveries WHERE status <> 'sent'
            ORDER BY created_at DESC, runner_id, step, visit LIMIT \(count)::int
            """, binds) { row in
            UnsentDelivery(runnerID: try row.string(0), subject: try row.string(1), sequence: try row.string(2), step: try row.string(3),
                           visit: try row.int(4), channel: try row.string(5), provider: try row.string(6), status: try row.string(7),
                           error: row.optionalString(8), createdAt: try row.date(9))
        }
    }

    /// Ledger rows per status (as stored), for the outbox page's summary.
    /// - Throws: `PostgresError`.
    public func deliveriesPerStatus() throws -> [(status: String, count: Int)] {
        try connection.query("SELECT status, count(*) FROM sequencer.deliveries GROUP BY 1 ORDER BY 1", PostgresBindings()) { row in
            (try row.string(0), try row.int(1))
        }
    }
}
