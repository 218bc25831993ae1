#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One numbered SQL file from `Migrations/`, e.g. `001_initial.sql`.
public struct Migration: Sendable, Hashable {
    /// The number before the first `_`.
    public var version: Int
    /// The file name.
    public var name: String
    public var sql: String

    /// Reads every `NNN_name.sql` in `directory`, ordered by number.
    /// - Throws: `MigrationError` for an unreadable folder, a badly named file or a repeated number.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError(reason: "cannot read the migrations folder \(directory.path): \(error)")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            guard name.wholeMatch(of: /[0-9]{3,}_[A-Za-z0-9_.-]+\.sql/) != nil,
                  let number = name.split(separator: "_").first.flatMap({ Int($0) }) else {
                throw MigrationError(reason: "\(name): a migration's name must be NNN_name.sql (three or more digits), e.g. 002_add_index.sql")
            }
            if let other = migrations.first(where: { $0.version == number }) {
                throw MigrationError(reason: "\(name) and \(other.name) have the same number \(number)")
            }
            guard let sql = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
                throw MigrationError(reason: "\(name): cannot read it as UTF-8 text")
            }
            migrations.append(Migration(version: number, name: name, sql: sql))
        }
        if migrations.isEmpty {
            throw MigrationError(reason: "no .sql files in \(directory.path)")
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

/// A migration that cannot be applied, or a changed one that was applied before.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Applies migrations in order, each in its own transaction, recording each with the SHA-256 of
/// its text in `sequencer.schema_migrations`. A file changed after it was applied is refused:
/// write a new one.
///
/// Everything Sequencer owns lives in the PostgreSQL schema `sequencer`, so it can share the
/// application's database: migrations run with `search_path = sequencer, public`, and a record
/// table left in `public` by a version before 002 is moved there (only when it is Sequencer's own:
/// it has a `checksum` column and records `001_initial.sql`).
public struct Migrator {
    /// What `migrate` did with one file.
    public enum Result: Sendable, Hashable {
        case applied(String)
        case alreadyApplied(String)
    }

    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Applies the migrations not applied yet.
    /// - Throws: `MigrationError` when an applied file was edited (nothing is applied then), or
    ///   when a migration's SQL fails, naming the file (that migration is rolled back; earlier ones stay).
    public func migrate(_ migrations: [Migration]) throws -> [Result] {
        try prepareSchema()
        let applied = try connection.query("SELECT version, name, checksum FROM sequencer.schema_migrations ORDER BY version", PostgresBindings()) {
            row in (try row.int(0), (name: try row.string(1), checksum: try row.string(2)))
        }
        let recorded = Dictionary(applied, uniquingKeysWith: { first, _ in first })
        // Check every applied file before applying anything.
        for migration in migrations {
            guard let record = recorded[migration.version] else { continue }
            let checksum = try self.checksum(of: migration.sql)
            if checksum != record.checksum {
                throw MigrationError(reason: "migration \(migration.name) was changed after it was applied (recorded checksum \(record.checksum.prefix(12))…, file now \(checksum.prefix(12))…). Applied migrations must not be edited: restore the file and put the change in a new migration.")
            }
        }
        var results: [Result] = []
        for migration in migrations {
            if recorded[migration.version] != nil {
                results.append(.alreadyApplied(migration.name))
                continue
            }
            do {
                try apply(migration)
            } catch let error as PostgresError {
                throw MigrationError(reason: "migration \(migration.name) failed and was rolled back: \(error)")
            }
            results.append(.applied(migration.name))
        }
        return results
    }

    /// Creates the schema and the record table, moving an earlier one of Sequencer's from `public`.
    private func prepareSchema() throws {
        try connection.execute("""
            CREATE SCHEMA IF NOT EXISTS sequencer;
            DO $$
            BEGIN
                IF to_regclass('sequencer.schema_migrations') IS NULL AND to_regclass('public.schema_migrations') IS NOT NULL
                   AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
                               AND table_name = 'schema_migrations' AND column_name = 'checksum') THEN
                    IF EXISTS (SELECT 1 FROM public.schema_migrations WHERE name = '001_initial.sql') THEN
                        ALTER TABLE public.schema_migrations SET SCHEMA sequencer;
                    END IF;
                END IF;
            END
            $$;
            CREATE TABLE IF NOT EXISTS sequencer.schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
    }

    private func apply(_ migration: Migration) throws {
        try connection.transaction {
            try connection.execute("SET LOCAL search_path = sequencer, public")
            // Two `migrate` runs at once: the second waits, then sees the record and skips.
            try connection.query("SELECT pg_advisory_xact_lock(7301001)")
            var check = PostgresBindings()
            let number = check.add(String(migration.version))
            let again = try connection.query("SELECT 1 FROM sequencer.schema_migrations WHERE version = \(number)::int", check) { _ in true }
            if !again.isEmpty { return }
            var binds = PostgresBindings()
            let version = binds.add(String(migration.version)), name = binds.add(migration.name), sql = binds.add(migration.sql)
            try connection.execute(migration.sql)
            try connection.query("""
                INSERT INTO sequencer.schema_migrations (version, name, checksum)
                VALUES (\(version)::int, \(name), encode(sha256(convert_to(\(sql), 'UTF8')), 'hex'))
                """, binds)
        }
    }

    private func checksum(of sql: String) throws -> String {
        var binds = PostgresBindings()
        let text = binds.add(sql)
        let checksums = try connection.query("SELECT encode(sha256(convert_to(\(text), 'UTF8')), 'hex')", binds) { try $0.string(0) }
        return checksums.first ?? ""
    }
}
