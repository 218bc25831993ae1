#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// The tick's store on PostgreSQL: locks due runners with `FOR UPDATE SKIP LOCKED` (leases only
/// for runners whose I/O runs outside the transaction), writes each batch with one statement over
/// `unnest`ed arrays, each distinct new state and history line sent once (``BatchRows``).
public final class PostgresRunnerStore: RunnerStore {
    public let connection: PostgresConnection
    /// Runner id → `ctid` of the row version locked by the last `lockDue`: a locked row cannot
    /// move, so the write finds it by a TID scan instead of a primary-key descent.
    var lockedRows: [String: String] = [:]

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        defer { lockedRows = [:] }
        return try connection.transaction(body)
    }

    public func lockDue(now: Date, limit: Int) throws -> ClaimedBatch {
        var binds = PostgresBindings()
        let now = binds.add(PostgresText.epoch(now)), limit = binds.add(String(limit))
        // Served by the partial index runners_due (wake_at WHERE status = 'active').
        let rows = try connection.preparedQuery("""
            SELECT \(RunnerRow.columns), r.ctid FROM \(RunnerRow.tables)
            WHERE r.status = 'active' AND r.wake_at <= to_timestamp(\(now)::float8)
              AND (r.lease_until IS NULL OR r.lease_until < to_timestamp(\(now)::float8))
            ORDER BY r.wake_at
            LIMIT \(limit)
            FOR UPDATE OF r SKIP LOCKED
            """, binds) { row in (try RunnerRow.decode(row), try row.string(RunnerRow.count)) }
        lockedRows.reserveCapacity(rows.count)
        var unreadable: [String: String] = [:]
        for (claimed, ctid) in rows {
            lockedRows[claimed.state.id] = ctid
            if let reason = claimed.unreadable { unreadable[claimed.state.id] = reason }
        }
        return ClaimedBatch(runners: rows.map(\.0.state), unreadable: unreadable)
    }

    public func renewLeases(_ ids: [String], lease: LeaseClaim) throws -> Set<String> {
        if ids.isEmpty { return [] }
        var binds = PostgresBindings()
        let runners = binds.add(array: ids), owner = binds.add(lease.owner)
        let now = binds.add(PostgresText.epoch(lease.now)), until = binds.add(PostgresText.epoch(lease.until))
        let renewed = try connection.preparedQuery("""
            UPDATE sequencer.runners SET lease_until = to_timestamp(\(until)::float8)
            WHERE id = ANY (\(runners)::text[]) AND lease_owner = \(owner) AND lease_until >= to_timestamp(\(now)::float8)
              AND status = 'active'
            RETURNING id
            """, binds) { try $0.string(0) }
        return Set(renewed)
    }

    public func definition(of version: SequenceVersion) throws -> SequenceDefinition {
        try SequenceCatalog(connection: connection).definition(name: version.name, version: version.version)
    }
}
