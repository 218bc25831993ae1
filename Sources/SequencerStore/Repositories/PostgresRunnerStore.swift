import Foundation
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

    public func lockDue(now: Date, limit: Int) throws -> [RunnerState] {
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
        for (state, ctid) in rows { lockedRows[state.id] = ctid }
        return rows.map(\.0)
    }

    public func recordPending(_ deliveries: [DeliveryRecord]) throws -> [String: DeliveryStatus] {
        if deliveries.isEmpty { return [:] }
        var binds = PostgresBindings()
        let ids = binds.add(array: deliveries.map(\.runnerID)), steps = binds.add(array: deliveries.map(\.step))
        let visits = binds.add(array: deliveries.map { String($0.visit) }), sequences = binds.add(array: deliveries.map(\.sequence))
        let subjects = binds.add(array: deliveries.map(\.subject))
        let channels = binds.add(array: deliveries.map(\.message.channel.rawValue))
        let providers = binds.add(array: deliveries.map(\.provider.rawValue))
        let payloads = binds.add(array: deliveries.map(\.message.json.jsonText))
        let rows = try connection.preparedQuery("""
            WITH input AS (
                SELECT * FROM unnest(\(ids)::text[], \(steps)::text[], \(visits)::int[], \(sequences)::text[], \(subjects)::text[],
                                     \(channels)::text[], \(providers)::text[], \(payloads)::text[])
                    AS d(runner_id, step, visit, sequence_name, subject_id, channel, provider, payload)
            ), taken AS (
                INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload)
                SELECT runner_id, step, visit, sequence_name, subject_id, channel, provider, 'pending', payload::jsonb FROM input
                ON CONFLICT (runner_id, step, visit) DO UPDATE
                    SET status = 'pending', error = NULL, provider = EXCLUDED.provider, payload = EXCLUDED.payload
                    WHERE deliveries.status = 'failed'
                RETURNING runner_id
            )
            SELECT d.runner_id, d.status FROM sequencer.deliveries d
            JOIN input i ON d.runner_id = i.runner_id AND d.step = i.step AND d.visit = i.visit
            WHERE d.runner_id NOT IN (SELECT runner_id FROM taken)
            """, binds) { row in (try row.string(0), try row.value(1, as: DeliveryStatus.self)) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func recordOutcomes(_ deliveries: [DeliveryRecord]) throws {
        if deliveries.isEmpty { return }
        var binds = PostgresBindings()
        let ids = binds.add(array: deliveries.map(\.runnerID)), steps = binds.add(array: deliveries.map(\.step))
        let visits = binds.add(array: deliveries.map { String($0.visit) })
        let statuses = binds.add(array: deliveries.map(\.status.rawValue))
        let messageIDs = binds.add(array: deliveries.map(\.providerMessageID)), errors = binds.add(array: deliveries.map(\.error))
        _ = try connection.preparedQuery("""
            UPDATE sequencer.deliveries d SET status = u.status, provider_message_id = u.message_id, error = u.error,
                sent_at = CASE WHEN u.status = 'sent' THEN now() END
            FROM unnest(\(ids)::text[], \(steps)::text[], \(visits)::int[], \(statuses)::text[], \(messageIDs)::text[],
                        \(errors)::text[]) AS u(runner_id, step, visit, status, message_id, error)
            WHERE d.runner_id = u.runner_id AND d.step = u.step AND d.visit = u.visit
            """, binds) { _ in () }
    }

    public func definition(of version: SequenceVersion) throws -> SequenceDefinition {
        try SequenceCatalog(connection: connection).definition(name: version.name, version: version.version)
    }
}
