import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

@Suite struct MigrationTests {
    func copyOfMigrations() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPostgres.migrationsFolder, to: folder)
        return folder
    }

    @Test func appliesOnceAndRecordsChecksums() throws {
        let connection = try PostgresConnection(url: try TestPostgres.freshDatabase(migrated: false))
        let migrations = try Migration.load(from: TestPostgres.migrationsFolder)
        let first = try Migrator(connection: connection).migrate(migrations)
        #expect(first == migrations.map { .applied($0.name) })
        let second = try Migrator(connection: connection).migrate(migrations)
        #expect(second == migrations.map { .alreadyApplied($0.name) })
        let checksum = try connection.query("SELECT checksum FROM sequencer.schema_migrations WHERE version = 1")[0][0]
        #expect(checksum?.count == 64)
    }

    @Test func refusesAnEditedMigrationAndAppliesNothing() throws {
        let connection = try PostgresConnection(url: try TestPostgres.freshDatabase(migrated: false))
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Migrator(connection: connection).migrate(try Migration.load(from: folder))

        let first = folder.appendingPathComponent("001_initial.sql")
        try (try String(contentsOf: first, encoding: .utf8) + "\n-- edited\n").write(to: first, atomically: true, encoding: .utf8)
        try "CREATE TABLE should_not_exist (id int);".write(to: folder.appendingPathComponent("900_later.sql"), atomically: true, encoding: .utf8)

        #expect {
            try Migrator(connection: connection).migrate(try Migration.load(from: folder))
        } throws: { error in
            "\(error)".contains("migration 001_initial.sql was changed after it was applied")
        }
        #expect(try connection.query("SELECT to_regclass('should_not_exist') IS NULL AND to_regclass('sequencer.should_not_exist') IS NULL")[0][0] == "t")
    }

    @Test func aFailingMigrationIsRolledBack() throws {
        let connection = try PostgresConnection(url: try TestPostgres.freshDatabase(migrated: false))
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "CREATE TABLE half_done (id int); SELECT no_such_function();".write(
            to: folder.appendingPathComponent("901_broken.sql"), atomically: true, encoding: .utf8)
        #expect {
            try Migrator(connection: connection).migrate(try Migration.load(from: folder))
        } throws: { error in
            "\(error)".hasPrefix("migration 901_broken.sql failed and was rolled back: PostgreSQL error 42883")
        }
        #expect(try connection.query("SELECT to_regclass('half_done') IS NULL AND to_regclass('sequencer.half_done') IS NULL")[0][0] == "t")
        #expect(try connection.query("SELECT count(*) FROM sequencer.schema_migrations WHERE version = 901")[0][0] == "0")
    }
}

/// The SHA-256 of `text` as the migrator records it.
func checksum(_ text: String, _ connection: PostgresConnection) throws -> String {
    try connection.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [text])[0][0] ?? ""
}

/// A database made by a version before 002 (tables in `public`, one runner per id) moves into
/// the `sequencer` schema without loss: each runner becomes a subject and its runner, ids kept.
@Suite struct SubjectsMigrationTests {
    @Test func aVersionOneDatabaseMovesWithoutLoss() throws {
        let url = try TestPostgres.freshDatabase(migrated: false)
        let connection = try PostgresConnection(url: url)
        let migrations = try Migration.load(from: TestPostgres.migrationsFolder)
        // As the version-1 migrator left it.
        try connection.execute(migrations[0].sql)
        try connection.execute("""
            CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                                            applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO schema_migrations (version, name, checksum) VALUES (1, '001_initial.sql', '\(try checksum(migrations[0].sql, connection))');
            INSERT INTO sequences (name, version, definition, checksum) VALUES ('old', 1,
                '{"name": "old", "steps": [{"key": "g", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.ok"}, "compareTo": {"type": "raw", "value": true}}}]}', 'c');
            INSERT INTO runners (id, sequence_name, sequence_version, step, data, step_entered_at, wake_at, goals_reached, enrolled_at, status)
            VALUES ('u-1', 'old', 1, 'g', '{"ok": false, "email": "u@example.com"}', now(), 'infinity', '{g}', now(), 'active'),
                   ('u-2', 'old', 1, 'g', '{"ok": true}', now(), 'infinity', '{g}', now(), 'completed');
            INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, at)
            VALUES ('u-1', 'old', 1, NULL, 'g', 'enrolled', now()), ('u-2', 'old', 1, NULL, 'g', 'enrolled', now());
            INSERT INTO deliveries (runner_id, step, visit, sequence_name, channel, provider, status, payload)
            VALUES ('u-1', 'g', 1, 'old', 'email', 'outbox', 'sent', '{}');
            """)
        // The application's own table of the same name as one of ours stays where it is.
        try connection.execute("CREATE SCHEMA app; CREATE TABLE app.runners (id int)")
        let results = try Migrator(connection: connection).migrate(migrations)
        #expect(results.first == .alreadyApplied("001_initial.sql"))
        #expect(results.dropFirst().allSatisfy { if case .applied = $0 { true } else { false } })
        #expect(try connection.query("SELECT to_regclass('public.runners') IS NULL AND to_regclass('app.runners') IS NOT NULL")[0][0] == "t")
        #expect(try connection.query("SELECT string_agg(id || '=' || data::text, ';' ORDER BY id) FROM sequencer.subjects")[0][0]
                == #"u-1={"ok": false, "email": "u@example.com"};u-2={"ok": true}"#)
        #expect(try connection.query("SELECT string_agg(id || ':' || subject_id || ':' || status, ',' ORDER BY id) FROM sequencer.runners")[0][0]
                == "u-1:u-1:active,u-2:u-2:completed")
        #expect(try connection.query("SELECT count(*) FROM sequencer.runner_history WHERE subject_id = runner_id")[0][0] == "2")
        #expect(try connection.query("SELECT subject_id FROM sequencer.deliveries")[0][0] == "u-1")
        #expect(try connection.query("SELECT entry_step || ' ' || entry_goals::text FROM sequencer.sequences")[0][0] == "g {g}")
        #expect(try connection.query("SELECT count(*) FROM sequencer.schema_migrations")[0][0] == String(migrations.count))
        // The moved runner still works: a data change wakes it and its Goal fires.
        try RunnerDirectory(connection: connection).update("u-1", merging: ["ok": true])
        #expect(try connection.query("SELECT wake_at = '-infinity' FROM sequencer.runners WHERE id = 'u-1'")[0][0] == "t")
    }

    /// Migration 009 moves the row rules into functions that PostgreSQL calls with the writer's
    /// rights: a role that could update runners before it (the runtime role of an earlier
    /// `sequencer grants`) still can after it, and the rule still holds for that role.
    @Test func aRoleThatUpdatedRunnersBeforeTheRowRuleFunctionsStillCan() throws {
        let url = try TestPostgres.freshDatabase(migrated: false)
        let connection = try PostgresConnection(url: url)
        let migrations = try Migration.load(from: TestPostgres.migrationsFolder)
        _ = try Migrator(connection: connection).migrate(migrations.filter { $0.version < 9 })
        let role = "writer_\(UUID().uuidString.prefix(8).lowercased())"
        try connection.execute("""
            CREATE ROLE \(role) LOGIN; GRANT USAGE ON SCHEMA sequencer TO \(role);
            GRANT SELECT, UPDATE ON sequencer.runners TO \(role);
            INSERT INTO sequencer.sequences (name, version, definition, checksum, entry_step)
            VALUES ('s', 1, '{"name": "s", "steps": [{"key": "a", "runner": "GoTo", "config": {"stepKey": "a"}}]}', 'c', 'a');
            SELECT sequencer.enroll('s', 'u-1');
            """)
        defer { try? connection.execute("DROP OWNED BY \(role); DROP ROLE \(role)") }
        _ = try Migrator(connection: connection).migrate(migrations)
        let writer = try PostgresConnection(url: url.replacingOccurrences(of: "postgresql://sequencer@", with: "postgresql://\(role)@"))
        try writer.execute("UPDATE sequencer.runners SET status = 'completed' WHERE id = 'u-1'")
        #expect(throws: PostgresError.self) { try writer.execute("UPDATE sequencer.runners SET status = 'lost' WHERE id = 'u-1'") }
        #expect(try connection.query("SELECT status FROM sequencer.runners")[0][0] == "completed")
        #expect(try connection.query("""
            SELECT has_function_privilege('\(role)', 'sequencer.subject_row_ok(text, jsonb)', 'EXECUTE')
            """)[0][0] == "f")
    }
}
