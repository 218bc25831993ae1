#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension RunnerDirectory {
    /// One cell of `status`: how many runners of a sequence are at a step with a status.
    public struct StepCount: Sendable, Hashable {
        public var sequence: String
        public var step: String
        public var status: RunnerStatus
        public var count: Int
    }

    /// Runners per sequence, step and status (all sequences when `sequence` is `nil`).
    public func counts(sequence: String?) throws -> [StepCount] {
        var binds = PostgresBindings()
        let name = binds.add(sequence)
        return try connection.query("""
            SELECT sequence_name, step, status, count(*) FROM sequencer.runners
            WHERE \(name)::text IS NULL OR sequence_name = \(name)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """, binds) { row in
            StepCount(sequence: try row.string(0), step: try row.string(1), status: try row.value(2, as: RunnerStatus.self),
                      count: try row.int(3))
        }
    }

    /// One delivery of the ledger, as `outbox` prints it.
    public struct Delivery: Sendable, Hashable {
        public var runnerID: String
        public var step: String
        public var visit: Int
        public var channel: Channel
        public var provider: Provider
        public var status: DeliveryStatus
        public var payload: JSONValue
    }

    /// The number of deliveries per channel and status, of one runner or subject, or of all.
    public func deliveryCounts(runner: String? = nil) throws -> [(channel: Channel, status: DeliveryStatus, count: Int)] {
        var binds = PostgresBindings()
        let id = binds.add(runner)
        return try connection.query("""
            SELECT channel, status, count(*) FROM sequencer.deliveries
            WHERE \(id)::text IS NULL OR runner_id = \(id) OR subject_id = \(id) GROUP BY 1, 2 ORDER BY 1, 2
            """, binds) { row in
            (try row.value(0, as: Channel.self), try row.value(1, as: DeliveryStatus.self), try row.int(2))
        }
    }

    /// The latest deliveries (of one runner or subject, or of all), newest first.
    public func deliveries(limit: Int, runner: String? = nil) throws -> [Delivery] {
        var binds = PostgresBindings()
        let count = binds.add(String(limit)), id = binds.add(runner)
        return try connection.query("""
            SELECT runner_id, step, visit, channel, provider, status, payload::text FROM sequencer.deliveries
            WHERE \(id)::text IS NULL OR runner_id = \(id) OR subject_id = \(id)
            ORDER BY created_at DESC, runner_id LIMIT \(count)
            """, binds) { row in
            Delivery(runnerID: try row.string(0), step: try row.string(1), visit: try row.int(2),
                     channel: try row.value(3, as: Channel.self), provider: Provider(rawValue: try row.string(4)),
                     status: try row.value(5, as: DeliveryStatus.self), payload: try row.json(6))
        }
    }
}

extension RunnerDirectory {
    /// Runners due at `now` and not leased, counted up to `limit` (a bounded count: the fan-out
    /// decision needs no more, ``FanOut/countLimit(rate:workerSeconds:maxConcurrency:threshold:)``).
    public func dueCount(now: Date, limit: Int) throws -> Int {
        var binds = PostgresBindings()
        let at = binds.add(String(now.timeIntervalSince1970)), most = binds.add(String(max(0, limit)))
        return try connection.query("""
            SELECT count(*) FROM (SELECT 1 FROM sequencer.runners
                WHERE status = 'active' AND wake_at <= to_timestamp(\(at)::float8)
                  AND (lease_until IS NULL OR lease_until <= to_timestamp(\(at)::float8))
                LIMIT \(most)::bigint) due
            """, binds) { try $0.int(0) }.first ?? 0
    }

    /// Seconds between the oldest wake time of an active runner due at `now` and `now`: how far
    /// behind its schedule the engine is (the `Lag` metric, ``TickMetrics``); 0 when none is due.
    ///
    /// A runner made due at once (`wake_at = -infinity`: enrolment, a data change, `retry`) counts
    /// from its `updated_at`, looked at for at most 10,000 such runners (the oldest of those
    /// found on the due index), so the query stays bounded however long the backlog.
    public func lag(now: Date) throws -> Double {
        var binds = PostgresBindings()
        let at = binds.add(String(now.timeIntervalSince1970))
        let rows = try connection.query("""
            SELECT extract(epoch from least(
                (SELECT min(wake_at) FROM sequencer.runners
                 WHERE status = 'active' AND wake_at > '-infinity' AND wake_at <= to_timestamp(\(at)::float8)),
                (SELECT min(updated_at) FROM (SELECT updated_at FROM sequencer.runners
                 WHERE status = 'active' AND wake_at = '-infinity' LIMIT 10000) due_now)))
            """, binds) { try $0.optionalDouble(0) }
        guard let oldest = rows.first ?? nil else { return 0 }
        return max(0, now.timeIntervalSince1970 - oldest)
    }
}
