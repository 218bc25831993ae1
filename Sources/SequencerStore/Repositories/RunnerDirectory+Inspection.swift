#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension RunnerDirectory {
    /// One runner with what `explain` and the dashboard show beside its state: its lease and
    /// the times it was enrolled and ended (engine clock, UTC).
    public struct Inspection: Sendable, Hashable {
        public var state: RunnerState
        /// The tick holding it for a network call (`lease_owner`), or `nil`.
        public var leaseOwner: String?
        /// Until when (`lease_until`), or `nil`.
        public var leaseUntil: Date?
        public var enrolledAt: Date
        /// When it left `active`; `nil` while active.
        public var endedAt: Date?
        /// When the tick last looked at it while it waited (`checked_at`, engine clock); `nil` when never.
        public var checkedAt: Date?

        /// The lease as one value, when both columns are set.
        public var lease: (owner: String, until: Date)? {
            guard let leaseOwner, let leaseUntil else { return nil }
            return (leaseOwner, leaseUntil)
        }
    }

    /// A subject's runners with their lease and times, oldest enrolment first, then by sequence
    /// (only those in `sequence` when given); a runner id finds that one runner.
    /// - Throws: `PostgresError`.
    public func inspections(ofSubject subject: String, sequence: String? = nil) throws -> [Inspection] {
        var binds = PostgresBindings()
        let id = binds.add(subject), name = binds.add(sequence)
        return try connection.query("""
            SELECT \(RunnerRow.columns), r.lease_owner, extract(epoch from r.lease_until), extract(epoch from r.enrolled_at),
                   extract(epoch from r.ended_at), extract(epoch from r.checked_at)
            FROM \(RunnerRow.tables)
            WHERE (r.subject_id = \(id) OR r.id = \(id)) AND (\(name)::text IS NULL OR r.sequence_name = \(name))
            ORDER BY r.enrolled_at, r.sequence_name, r.id
            """, binds) { row in
            let base = RunnerRow.count
            return Inspection(state: try RunnerRow.decode(row).state, leaseOwner: row.optionalString(base),
                              leaseUntil: try row.optionalDate(base + 1), enrolledAt: try row.date(base + 2),
                              endedAt: try row.optionalDate(base + 3), checkedAt: try row.optionalDate(base + 4))
        }
    }

    /// What ``RunnerExplanation`` needs for each of a subject's runners (see
    /// ``inspections(ofSubject:sequence:)``): the runner, its version's definition and the latest
    /// version, and when the tick last looked at it while it waited (`checked_at`).
    /// - Parameter maxAttempts: the configuration's `tick.maxAttempts`.
    /// - Throws: `PostgresError`; a definition that no longer parses is left out (`nil`).
    public func explanationInputs(ofSubject subject: String, sequence: String? = nil, maxAttempts: Int) throws -> [ExplanationInput] {
        let catalog = SequenceCatalog(connection: connection)
        var definitions: [SequenceVersion: SequenceDefinition?] = [:]
        var latest: [String: Int?] = [:]
        return try inspections(ofSubject: subject, sequence: sequence).map { inspection in
            let key = inspection.state.sequenceVersion
            if definitions[key] == nil { definitions[key] = try? catalog.definition(name: key.name, version: key.version) }
            if latest[key.name] == nil { latest[key.name] = try catalog.latestVersion(of: key.name) }
            return ExplanationInput(runner: inspection.state, definition: definitions[key] ?? nil, latestVersion: latest[key.name] ?? nil,
                                    lease: inspection.lease, enrolledAt: inspection.enrolledAt, endedAt: inspection.endedAt,
                                    maxAttempts: maxAttempts, lastCheckedAt: inspection.checkedAt)
        }
    }

    /// Subjects whose id starts with `prefix` (case-insensitive), with how many runners each
    /// has, at most `limit`, by id.
    /// - Throws: `PostgresError`.
    public func subjects(matching prefix: String, limit: Int) throws -> [(subject: String, runners: Int)] {
        var binds = PostgresBindings()
        let escaped = prefix.replacingLiteral("\\", with: "\\\\").replacingLiteral("%", with: "\\%")
            .replacingLiteral("_", with: "\\_")
        let pattern = binds.add(escaped + "%"), count = binds.add(String(limit))
        return try connection.query("""
            SELECT s.id, (SELECT count(*) FROM sequencer.runners r WHERE r.subject_id = s.id)
            FROM sequencer.subjects s WHERE s.id ILIKE \(pattern) ORDER BY s.id LIMIT \(count)::int
            """, binds) { row in (try row.string(0), try row.int(1)) }
    }
}
