import Foundation
import SequencerCore

/// The tick's store on PostgreSQL: locks due runners with `FOR UPDATE SKIP LOCKED` (leases only
/// for runners whose I/O runs outside the transaction), writes each batch with one statement over
/// `unnest`ed arrays, each distinct new state and history line sent once (``BatchRows``).
public final class PostgresRunnerStore: RunnerStore {
    public let connection: PostgresConnection
    private var definitions: [String: SequenceDefinition] = [:]
    /// Runner id → `ctid` of the row version locked by the last `lockDue`: a locked row cannot
    /// move, so the write finds it by a TID scan instead of a primary-key descent.
    private var lockedRows: [String: String] = [:]

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    static let runnerColumns = """
        r.id, r.sequence_name, r.sequence_version, r.step, r.data::text, extract(epoch from r.step_entered_at),
        r.status, extract(epoch from r.wake_at), r.attempts, r.last_error, r.visit, r.goals_reached, r.data_revision
        """

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        defer { lockedRows = [:] }
        return try connection.transaction(body)
    }

    public func lockDue(now: Date, limit: Int) throws -> [RunnerState] {
        // Served by the partial index runners_due (wake_at WHERE status = 'active').
        try connection.preparedQuery("""
            SELECT \(Self.runnerColumns), r.ctid FROM runners r
            WHERE r.status = 'active' AND r.wake_at <= to_timestamp($1::float8)
              AND (r.lease_until IS NULL OR r.lease_until < to_timestamp($1::float8))
            ORDER BY r.wake_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
            """, [PostgresText.epoch(now), String(limit)]) { reader in
            var states: [RunnerState] = []
            states.reserveCapacity(reader.rowCount)
            for row in 0..<reader.rowCount {
                let state = try Self.runnerState(reader, row)
                lockedRows[state.id] = reader.string(row, 13)
                states.append(state)
            }
            return states
        }
    }

    /// A runner from a row of `runnerColumns`, read in place (no `String` per cell: the claim reads thousands).
    static func runnerState(_ reader: PostgresResultReader, _ row: Int) throws -> RunnerState {
        guard let id = reader.string(row, 0), let sequence = reader.string(row, 1), let version = reader.integer(row, 2),
              let step = reader.string(row, 3), let data = reader.bytes(row, 4), let entered = reader.double(row, 5),
              let status = reader.string(row, 6), let wake = reader.double(row, 7), let attempts = reader.integer(row, 8),
              let visit = reader.integer(row, 10), let goals = reader.string(row, 11), let revision = reader.integer(row, 12)
        else { throw PostgresError(code: .server(sqlState: "XX000"), message: "a runners row is not what the engine expects (row \(row))") }
        return RunnerState(
            id: id, sequence: sequence, version: Int(version), step: step, data: try JSONValue(parsingUTF8: data),
            stepEnteredAt: PostgresText.date(epoch: entered), status: RunnerStatus(rawValue: status) ?? .active,
            wakeAt: PostgresText.date(epoch: wake), attempts: Int(attempts), lastError: reader.string(row, 9), visit: Int(visit),
            goalsReached: goals == "{}" ? [] : Set(PostgresText.parseArray(goals).compactMap { $0 }), dataRevision: revision)
    }

    public func write(_ batch: BatchWrite, claim: BatchClaim) throws -> Set<String> {
        if batch.runners.isEmpty { return [] }
        let leaseOwner: String, locked: Bool
        switch claim {
        case .locked: (leaseOwner, locked) = (batch.lease?.owner ?? "", true)
        case .leased(let owner): (leaseOwner, locked) = (owner, false)
        }
        let runners = batch.runners
        let rows = BatchRows(batch, leased: batch.lease?.runnerIDs ?? [])
        let sequenceOf = Dictionary(runners.map { ($0.id, $0.sequence) }, uniquingKeysWith: { first, _ in first })
        let deliveries = batch.deliveries
        let parameters: [String?] = [
            leaseOwner,
            // distinct new states
            PostgresText.array(rows.states.map(\.step)),
            PostgresText.array(rows.states.map(\.status.rawValue)),
            PostgresText.array(rows.states.map { PostgresText.epoch($0.stepEnteredAt) }),
            PostgresText.array(rows.states.map { PostgresText.epoch($0.wakeAt) }),
            PostgresText.array(rows.states.map { String($0.attempts) }),
            PostgresText.array(rows.states.map(\.lastError)),
            PostgresText.array(rows.states.map { PostgresText.array($0.goalsReached) }),
            PostgresText.array(rows.states.map { $0.leased ? "t" : "f" }),
            // runners
            PostgresText.array(runners.map(\.id)),
            PostgresText.array(runners.map { locked ? lockedRows[$0.id] : nil }),
            PostgresText.array(runners.map { String($0.visit) }),
            PostgresText.array(runners.map { String($0.dataRevision) }),
            PostgresText.array(rows.stateOfRunner.map { String($0) }),
            // distinct history lines, then entries
            PostgresText.array(rows.lines.map(\.sequence)),
            PostgresText.array(rows.lines.map { String($0.version) }),
            PostgresText.array(rows.lines.map(\.fromStep)),
            PostgresText.array(rows.lines.map(\.toStep)),
            PostgresText.array(rows.lines.map(\.action)),
            PostgresText.array(rows.lines.map(\.message)),
            PostgresText.array(rows.lines.map { PostgresText.epoch($0.at) }),
            PostgresText.array(batch.history.map(\.runnerID)),
            PostgresText.array(rows.lineOfEntry.map { String($0) }),
            // deliveries
            PostgresText.array(deliveries.map(\.runnerID)),
            PostgresText.array(deliveries.map(\.step)),
            PostgresText.array(deliveries.map { String($0.visit) }),
            PostgresText.array(deliveries.map { sequenceOf[$0.runnerID] ?? "" }),
            PostgresText.array(deliveries.map(\.message.channel)),
            PostgresText.array(deliveries.map(\.provider)),
            PostgresText.array(deliveries.map(\.status.rawValue)),
            PostgresText.array(deliveries.map(\.message.json.jsonText)),
            PostgresText.array(deliveries.map(\.providerMessageID)),
            PostgresText.array(deliveries.map(\.error)),
            // lease
            batch.lease.map { PostgresText.epoch($0.until) },
        ]
        // Locked rows are found by ctid (and checked by id); leased ones by id, if still leased.
        let rowsToWrite = locked ? "r.ctid = u.row AND r.id = u.id" : "r.id = u.id AND r.lease_owner = $1"
        // Every locked row is written; a leased one may have been cancelled or taken meanwhile.
        let writtenOnly = locked ? "" : "WHERE h.runner_id IN (SELECT id FROM written)"
        let written = try connection.preparedQuery("""
            WITH state AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[], $6::int[], $7::text[], $8::text[], $9::bool[])
                    WITH ORDINALITY AS s(step, status, entered, wake, attempts, last_error, goals, leased, n)
            ), input AS (
                SELECT u.id, u.row, u.visit, u.revision, s.* FROM unnest($10::text[], $11::tid[], $12::int[], $13::bigint[], $14::int[])
                    AS u(id, row, visit, revision, state) JOIN state s ON s.n = u.state
            ), written AS (
                UPDATE runners r SET
                    step = u.step, status = u.status, step_entered_at = to_timestamp(u.entered),
                    wake_at = CASE WHEN r.data_revision = u.revision OR u.status <> 'active'
                                   THEN to_timestamp(u.wake) ELSE '-infinity' END,
                    attempts = u.attempts, last_error = u.last_error, visit = u.visit, goals_reached = u.goals::text[],
                    lease_owner = CASE WHEN u.leased THEN $1 END,
                    lease_until = CASE WHEN u.leased THEN to_timestamp($34::float8) END, updated_at = now()
                FROM input u
                WHERE \(rowsToWrite) AND r.status = 'active'
                RETURNING r.id
            ), line AS (
                SELECT * FROM unnest($15::text[], $16::int[], $17::text[], $18::text[], $19::text[], $20::text[], $21::float8[])
                    WITH ORDINALITY AS l(sequence_name, sequence_version, from_step, to_step, action, message, at, n)
            ), history AS (
                INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, message, at)
                SELECT h.runner_id, l.sequence_name, l.sequence_version, l.from_step, l.to_step, l.action, l.message, to_timestamp(l.at)
                FROM unnest($22::text[], $23::int[]) WITH ORDINALITY AS h(runner_id, line, n)
                JOIN line l ON l.n = h.line
                \(writtenOnly)
                ORDER BY h.n
            ), delivered AS (
                INSERT INTO deliveries (runner_id, step, visit, sequence_name, channel, provider, status, payload,
                                        provider_message_id, error, sent_at)
                SELECT d.runner_id, d.step, d.visit, d.sequence_name, d.channel, d.provider, d.status, d.payload::jsonb,
                       d.provider_message_id, d.error, CASE WHEN d.status = 'sent' THEN now() END
                FROM unnest($24::text[], $25::text[], $26::int[], $27::text[], $28::text[], $29::text[], $30::text[],
                            $31::text[], $32::text[], $33::text[])
                    AS d(runner_id, step, visit, sequence_name, channel, provider, status, payload, provider_message_id, error)
                WHERE d.runner_id IN (SELECT id FROM written)
                ON CONFLICT (runner_id, step, visit) DO NOTHING
            )
            SELECT id FROM written
            """, parameters)
        return Set(written.compactMap { $0[0] })
    }

    public func recordPending(_ deliveries: [DeliveryRecord]) throws -> [String: DeliveryRecord.Status] {
        if deliveries.isEmpty { return [:] }
        let rows = try connection.preparedQuery("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
                    AS d(runner_id, step, visit, sequence_name, channel, provider, payload)
            ), taken AS (
                INSERT INTO deliveries (runner_id, step, visit, sequence_name, channel, provider, status, payload)
                SELECT runner_id, step, visit, sequence_name, channel, provider, 'pending', payload::jsonb FROM input
                ON CONFLICT (runner_id, step, visit) DO UPDATE
                    SET status = 'pending', error = NULL, provider = EXCLUDED.provider, payload = EXCLUDED.payload
                    WHERE deliveries.status = 'failed'
                RETURNING runner_id
            )
            SELECT d.runner_id, d.status FROM deliveries d
            JOIN input i ON d.runner_id = i.runner_id AND d.step = i.step AND d.visit = i.visit
            WHERE d.runner_id NOT IN (SELECT runner_id FROM taken)
            """, [
                PostgresText.array(deliveries.map(\.runnerID)), PostgresText.array(deliveries.map(\.step)),
                PostgresText.array(deliveries.map { String($0.visit) }), PostgresText.array(deliveries.map(\.sequence)),
                PostgresText.array(deliveries.map(\.message.channel)), PostgresText.array(deliveries.map(\.provider)),
                PostgresText.array(deliveries.map(\.message.json.jsonText)),
            ])
        var earlier: [String: DeliveryRecord.Status] = [:]
        for row in rows {
            earlier[row[0]!] = DeliveryRecord.Status(rawValue: row[1]!) ?? .pending
        }
        return earlier
    }

    public func recordOutcomes(_ deliveries: [DeliveryRecord]) throws {
        if deliveries.isEmpty { return }
        try connection.preparedQuery("""
            UPDATE deliveries d SET status = u.status, provider_message_id = u.message_id, error = u.error,
                sent_at = CASE WHEN u.status = 'sent' THEN now() END
            FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[])
                AS u(runner_id, step, visit, status, message_id, error)
            WHERE d.runner_id = u.runner_id AND d.step = u.step AND d.visit = u.visit
            """, [
                PostgresText.array(deliveries.map(\.runnerID)), PostgresText.array(deliveries.map(\.step)),
                PostgresText.array(deliveries.map { String($0.visit) }), PostgresText.array(deliveries.map(\.status.rawValue)),
                PostgresText.array(deliveries.map(\.providerMessageID)), PostgresText.array(deliveries.map(\.error)),
            ])
    }

    public func definition(name: String, version: Int) throws -> SequenceDefinition {
        let key = "\(name)@\(version)"
        if let cached = definitions[key] { return cached }
        let definition = try SequenceCatalog(connection: connection).definition(name: name, version: version)
        definitions[key] = definition
        return definition
    }
}
