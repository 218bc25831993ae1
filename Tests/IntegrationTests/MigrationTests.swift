import Foundation
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
