#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// The `sequences` table: versioned definitions.
public struct SequenceCatalog {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// What applying one definition did.
    public struct ApplyResult: Sendable, Hashable {
        public var name: String
        public var version: Int
        /// `false` when the latest version already had exactly this definition.
        public var created: Bool
    }

    /// Stores each definition as a new version of its sequence unless the latest version is the
    /// same (compared by the SHA-256 of its canonical JSON). All in one transaction.
    /// - Parameter definitions: validated definitions with the JSON they were read from.
    /// - Throws: `PostgresError`; nothing is stored then.
    public func apply(_ definitions: [(definition: SequenceDefinition, json: JSONValue)]) throws -> [ApplyResult] {
        try connection.transaction {
            try connection.query("LOCK TABLE sequencer.sequences IN SHARE ROW EXCLUSIVE MODE")
            var results: [ApplyResult] = []
            for (definition, json) in definitions {
                // What enrolling needs, decided once here: the entry state by the runner lifecycle.
                let entry = RunnerMachine(retry: RetryPolicy()).enroll("", data: [:], in: definition, version: 0, now: Date()).state
                var binds = PostgresBindings()
                let name = binds.add(definition.name), text = binds.add(json.jsonText)
                let step = binds.add(entry.step), goals = binds.add(array: entry.goalsReached.sorted())
                let reentry = binds.add(definition.reentry.rawValue), after = binds.add(String(definition.reentryAfterSeconds))
                let rows = try connection.query("""
                    WITH latest AS (
                        SELECT version, checksum FROM sequencer.sequences WHERE name = \(name) ORDER BY version DESC LIMIT 1
                    ), inserted AS (
                        INSERT INTO sequencer.sequences (name, version, definition, checksum, entry_step, entry_goals, reentry,
                                                         reentry_after_seconds)
                        SELECT \(name), coalesce((SELECT version FROM latest), 0) + 1, \(text)::text::jsonb,
                               encode(sha256(convert_to(\(text)::text, 'UTF8')), 'hex'), \(step), \(goals)::text[], \(reentry),
                               \(after)::float8
                        WHERE NOT EXISTS (SELECT 1 FROM latest WHERE checksum = encode(sha256(convert_to(\(text)::text, 'UTF8')), 'hex'))
                        RETURNING version
                    )
                    SELECT version, true FROM inserted
                    UNION ALL
                    SELECT version, false FROM latest WHERE NOT EXISTS (SELECT 1 FROM inserted)
                    """, binds) { row in
                    ApplyResult(name: definition.name, version: try row.int(0), created: try row.bool(1))
                }
                guard let result = rows.first else {
                    throw PostgresError(code: .unexpectedValue, message: "applying \(definition.name) returned no version")
                }
                results.append(result)
            }
            return results
        }
    }

    /// One line of `sequences list`.
    public struct Summary: Sendable, Hashable {
        public var name: String
        public var latestVersion: Int
        public var steps: Int
        public var activeRunners: Int
        public var totalRunners: Int
    }

    /// Every sequence with its latest version and runner counts.
    public func list() throws -> [Summary] {
        try connection.query("""
            SELECT s.name, s.version, jsonb_array_length(s.definition -> 'steps'),
                   (SELECT count(*) FROM sequencer.runners r WHERE r.sequence_name = s.name AND r.status = 'active'),
                   (SELECT count(*) FROM sequencer.runners r WHERE r.sequence_name = s.name)
            FROM sequencer.sequences s
            WHERE s.version = (SELECT max(version) FROM sequencer.sequences WHERE name = s.name)
            ORDER BY s.name
            """, PostgresBindings()) { row in
            Summary(name: try row.string(0), latestVersion: try row.int(1), steps: try row.int(2),
                    activeRunners: try row.int(3), totalRunners: try row.int(4))
        }
    }

    /// The latest version number of `name`, or `nil` when there is no such sequence.
    public func latestVersion(of name: String) throws -> Int? {
        var binds = PostgresBindings()
        let sequence = binds.add(name)
        return try connection.query("SELECT max(version) FROM sequencer.sequences WHERE name = \(sequence)", binds) { row in
            row.isNull(0) ? nil : try row.int(0)
        }.first ?? nil
    }

    /// The definition of `name` at `version` (the latest when `nil`).
    /// - Throws: `CatalogError` when there is no such sequence or version.
    public func definition(name: String, version: Int? = nil) throws -> SequenceDefinition {
        guard let version = try version ?? latestVersion(of: name) else {
            throw CatalogError(reason: "no sequence named \"\(name)\" (see `sequencer sequences list`)")
        }
        var binds = PostgresBindings()
        let sequence = binds.add(name), number = binds.add(String(version))
        let stored = try connection.query("SELECT definition::text FROM sequencer.sequences WHERE name = \(sequence) AND version = \(number)", binds) {
            try $0.json(0)
        }
        guard let json = stored.first else {
            throw CatalogError(reason: "sequence \"\(name)\" has no version \(version)")
        }
        return try SequenceDefinition.parse(json, runners: .storedDefinitions)
    }
}

/// A sequence or runner that does not exist, or a request the catalog refuses.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
