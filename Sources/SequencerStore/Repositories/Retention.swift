#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Deletes what Sequencer no longer needs (`sequencer prune`): old history lines and ledger
/// rows, history beyond a per-runner cap, expired idempotency keys.
///
/// Every deletion runs in batches of at most ``batchSize`` rows, each batch one statement in its
/// own transaction (autocommit), walking an index of the table in order (keyset: each batch starts
/// after the last key the previous one looked at), so no lock is held longer than one batch and no
/// batch reads again what an earlier one read. The locks taken are row locks on the rows
/// deleted, which nothing else writes: ticks and entry points go on meanwhile.
///
/// Nothing the engine decides with is deleted: history is a record (no decision reads it), and a
/// ledger row goes only when its runner can never be at that visit again. Runners and subjects
/// are kept.
public struct Retention {
    let connection: PostgresConnection
    /// Rows per batch (history lines, ledger rows, keys); runners per batch of the per-runner cap
    /// are a hundredth of it.
    public var batchSize: Int

    /// - Parameter batchSize: at least 1.
    public init(connection: PostgresConnection, batchSize: Int = 10_000) {
        self.connection = connection
        self.batchSize = max(1, batchSize)
    }

    /// Deletes the history lines whose `at` (engine clock) is before `cutoff`.
    /// - Returns: how many were deleted.
    /// - Throws: `PostgresError`; batches deleted before the error stay deleted.
    public func deleteHistory(before cutoff: Date) throws -> Int {
        var deleted = 0
        var after: String? = "0"
        while let last = after {
            var binds = PostgresBindings()
            let start = binds.add(last), before = binds.add(PostgresText.epoch(cutoff)), limit = binds.add(String(batchSize))
            let row = try connection.query("""
                WITH doomed AS (
                    SELECT id FROM sequencer.runner_history
                    WHERE id > \(start)::bigint AND at < to_timestamp(\(before)::float8) ORDER BY id LIMIT \(limit)::int
                ), deleted AS (
                    DELETE FROM sequencer.runner_history h USING doomed d WHERE h.id = d.id RETURNING 1
                )
                SELECT (SELECT count(*) FROM deleted), (SELECT max(id) FROM doomed), (SELECT count(*) FROM doomed)
                """, binds) { row in (try row.int(0), row.optionalString(1), try row.int(2)) }[0]
            deleted += row.0
            after = row.2 < batchSize ? nil : row.1
        }
        return deleted
    }

    /// Deletes the ledger rows created (wall clock) before `cutoff` whose runner can never be at
    /// that visit again: it has moved on to a later visit, or it ended for good (`completed`,
    /// `cancelled`, `exited`; a `failed` runner may be retried at the same visit, so its current
    /// visit's row stays — that row is what stops a second send). Only settled rows go (`sent`,
    /// `failed`): a `pending` or `uncertain` one waits for an operator.
    /// - Returns: how many were deleted.
    /// - Throws: `PostgresError`; batches deleted before the error stay deleted.
    public func deleteDeliveries(before cutoff: Date) throws -> Int {
        var deleted = 0
        var after: (runner: String, step: String, visit: String)? = ("", "", "0")
        while let last = after {
            var binds = PostgresBindings()
            let runner = binds.add(last.runner), step = binds.add(last.step), visit = binds.add(last.visit)
            let before = binds.add(PostgresText.epoch(cutoff)), limit = binds.add(String(batchSize))
            let row = try connection.query("""
                WITH doomed AS (
                    SELECT d.runner_id, d.step, d.visit,
                           d.status IN ('sent', 'failed') AND (d.visit < r.visit OR r.status IN ('completed', 'cancelled', 'exited')) AS done
                    FROM sequencer.deliveries d JOIN sequencer.runners r ON r.id = d.runner_id
                    WHERE (d.runner_id, d.step, d.visit) > (\(runner), \(step), \(visit)::int)
                      AND d.created_at < to_timestamp(\(before)::float8)
                    ORDER BY d.runner_id, d.step, d.visit LIMIT \(limit)::int
                ), deleted AS (
                    DELETE FROM sequencer.deliveries d USING doomed x
                    WHERE x.done AND d.runner_id = x.runner_id AND d.step = x.step AND d.visit = x.visit RETURNING 1
                ), last AS (
                    SELECT runner_id, step, visit FROM doomed ORDER BY runner_id DESC, step DESC, visit DESC LIMIT 1
                )
                SELECT (SELECT count(*) FROM deleted), (SELECT count(*) FROM doomed), l.runner_id, l.step, l.visit
                FROM (SELECT 1) one LEFT JOIN last l ON true
                """, binds) { row in
                (try row.int(0), try row.int(1), row.optionalString(2), row.optionalString(3), row.optionalString(4))
            }[0]
            deleted += row.0
            if row.1 < batchSize { break }
            after = row.2.flatMap { id in row.3.flatMap { step in row.4.map { (id, step, $0) } } }
        }
        return deleted
    }

    /// Keeps each runner's `limit` newest history lines and deletes the rest. The runners over the
    /// cap are found by one pass over the index `runner_history (runner_id, id)`, a hundredth of
    /// ``batchSize`` runners per statement.
    /// - Returns: lines deleted, and the runners they belonged to.
    /// - Throws: `PostgresError`; batches deleted before the error stay deleted.
    public func trimHistory(perRunner limit: Int) throws -> (lines: Int, runners: Int) {
        var total = (lines: 0, runners: 0)
        let runnersPerBatch = max(1, batchSize / 100)
        var after: String? = ""
        while let last = after {
            var binds = PostgresBindings()
            let start = binds.add(last), keep = binds.add(String(max(0, limit))), page = binds.add(String(runnersPerBatch))
            let row = try connection.query("""
                WITH over AS (
                    SELECT runner_id FROM sequencer.runner_history WHERE runner_id > \(start)
                    GROUP BY runner_id HAVING count(*) > \(keep)::int ORDER BY runner_id LIMIT \(page)::int
                ), cut AS (
                    SELECT o.runner_id, (SELECT h.id FROM sequencer.runner_history h WHERE h.runner_id = o.runner_id
                                         ORDER BY h.id DESC OFFSET \(keep)::int LIMIT 1) AS newest_doomed
                    FROM over o
                ), deleted AS (
                    DELETE FROM sequencer.runner_history h USING cut c
                    WHERE h.runner_id = c.runner_id AND h.id <= c.newest_doomed RETURNING 1
                )
                SELECT (SELECT count(*) FROM deleted), (SELECT count(*) FROM over),
                       (SELECT runner_id FROM over ORDER BY runner_id DESC LIMIT 1)
                """, binds) { row in (try row.int(0), try row.int(1), row.optionalString(2)) }[0]
            total.lines += row.0
            total.runners += row.1
            after = row.1 < runnersPerBatch ? nil : row.2
        }
        return total
    }

    /// Deletes the idempotency keys older than the retention window
    /// (`settings.idempotencyRetentionSeconds`): an enrolment would take them again anyway.
    /// - Returns: how many were deleted.
    /// - Throws: `PostgresError`; batches deleted before the error stay deleted.
    public func deleteExpiredKeys() throws -> Int {
        var deleted = 0
        var after: String? = ""
        while let last = after {
            var binds = PostgresBindings()
            let start = binds.add(last), limit = binds.add(String(batchSize))
            let row = try connection.query("""
                WITH doomed AS (
                    SELECT key FROM sequencer.idempotency_keys
                    WHERE key > \(start) AND created_at < now() - make_interval(secs => sequencer.idempotency_retention())
                    ORDER BY key LIMIT \(limit)::int
                ), deleted AS (
                    DELETE FROM sequencer.idempotency_keys k USING doomed d
                    WHERE k.key = d.key AND k.created_at < now() - make_interval(secs => sequencer.idempotency_retention())
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM deleted), (SELECT count(*) FROM doomed),
                       (SELECT key FROM doomed ORDER BY key DESC LIMIT 1)
                """, binds) { row in (try row.int(0), try row.int(1), row.optionalString(2)) }[0]
            deleted += row.0
            after = row.1 < batchSize ? nil : row.2
        }
        return deleted
    }
}
