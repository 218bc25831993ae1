import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// Least privilege (issue 15.6): roles given `sequencer grants` do their work and nothing more.
@Suite struct GrantsTests {
    let mail = """
        {"name": "m", "reentry": "always", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi {{event.name}}"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    /// A login role of this test's own (roles are shared by the server's databases), granted
    /// `kind` through the real command, and a connection as it. Dropped by ``drop(_:_:)``.
    func role(_ fixture: Fixture, _ kind: RoleKind) throws -> (name: String, connection: PostgresConnection) {
        let name = "\(kind.rawValue)_\(UUID().uuidString.prefix(8).lowercased())"
        try fixture.connection.execute("CREATE ROLE \(name) LOGIN")  // name is ours: letters, digits, _
        let result = try SequencerCLI(databaseURL: fixture.url).run(["grants", "--role", name, "--kind", kind.rawValue, "--apply"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasSuffix("COMMIT;\n-- applied\n"))
        let url = fixture.url.replacingOccurrences(of: "postgresql://sequencer@", with: "postgresql://\(name)@")
        return (name, try PostgresConnection(url: url))
    }

    func drop(_ fixture: Fixture, _ name: String) throws {
        try fixture.connection.execute("DROP OWNED BY \(name); DROP ROLE \(name)")
    }

    /// The SQLSTATE a statement fails with, or `nil` when it succeeds.
    func sqlState(_ connection: PostgresConnection, _ sql: String) -> String? {
        do {
            try connection.execute(sql)
            return nil
        } catch {
            guard case .server(let state) = error.code else { return "not a server error: \(error)" }
            return state
        }
    }

    @Test func theRuntimeRoleTicksAndCallsTheEntryPointsButHasNoDDLAndDeletesNothing() throws {
        let fixture = try Fixture()
        try fixture.apply(mail)
        let (name, runtime) = try role(fixture, .runtime)
        defer { try? drop(fixture, name) }

        #expect(try runtime.query("SELECT sequencer.enroll('m', 'u-1', '{\"email\": \"u@example.com\"}', '{\"name\": \"Ann\"}')::text")
            .first?[0]?.contains("\"enrolled\": true") == true)
        try runtime.execute("SELECT sequencer.enroll('m', 'u-2', '{\"email\": \"v@example.com\"}')")
        let summary = try Tick(store: PostgresRunnerStore(connection: runtime), configuration: TickConfiguration(),
                               logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }).run(now: clock())
        #expect(summary.moved == 2 && summary.deliveries == 2)
        #expect(try runtime.query("SELECT sequencer.update_subject('u-1', '{\"plan\": \"paid\"}')->>'updated'").first?[0] == "true")
        #expect(try runtime.query("SELECT sequencer.cancel('u-1')").first?[0] == "1")
        #expect(try runtime.query("SELECT sequencer.cancel_by_key('none')").first?[0] == "0")

        #expect(sqlState(runtime, "DROP TABLE sequencer.runners") == "42501")
        #expect(sqlState(runtime, "CREATE TABLE sequencer.x (id int)") == "42501")
        #expect(sqlState(runtime, "DELETE FROM sequencer.runners") == "42501")
        #expect(sqlState(runtime, "DELETE FROM sequencer.runner_history") == "42501")
        #expect(sqlState(runtime, "TRUNCATE sequencer.deliveries") == "42501")
        #expect(sqlState(runtime, "UPDATE sequencer.subjects SET data = '{}'") == "42501")
        #expect(sqlState(runtime, "INSERT INTO sequencer.sequences (name, version, definition, checksum, entry_step) VALUES ('x', 1, '{}', '', 'a')") == "42501")
        #expect(sqlState(runtime, "UPDATE sequencer.settings SET value = '1'") == "42501")
        #expect(sqlState(runtime, "SELECT sequencer.merge_data('{}', '{}')") == "42501")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "2")
    }

    @Test func theApplicationRoleCallsTheEntryPointsAndReadsButWritesNothingItself() throws {
        let fixture = try Fixture()
        try fixture.apply(mail)
        let (name, application) = try role(fixture, .application)
        defer { try? drop(fixture, name) }

        let answers = try application.query("""
            SELECT a::text FROM sequencer.enroll_batch('[{"sequence": "m", "subject": "a", "data": {"email": "a@example.com"}},
                                                        {"sequence": "m", "subject": "b", "cancellationKey": "cart-b"}]') a
            """).map { $0[0] ?? "" }
        #expect(answers.allSatisfy { $0.contains("\"enrolled\": true") })
        #expect(try application.query("SELECT count(*) FROM sequencer.update_subjects('[{\"subject\": \"a\", \"data\": {\"x\": 1}}]')").first?[0] == "1")
        #expect(try application.query("SELECT sequencer.cancel_by_key('cart-b')").first?[0] == "1")
        // The batch function itself too (migration 007 had left it SECURITY INVOKER; 011 fixed it).
        #expect(try application.query("SELECT a ->> 'cancelled' FROM sequencer.cancel_batch('[{\"subject\": \"a\"}]') a").first?[0] == "1")
        #expect(try application.query("""
            SELECT (SELECT count(*) FROM sequencer.runners) + (SELECT count(*) FROM sequencer.runner_history)
                   + (SELECT count(*) FROM sequencer.subjects) + (SELECT count(*) FROM sequencer.deliveries)
                   + (SELECT count(*) FROM sequencer.sequences)
            """).first?[0] == "9")

        #expect(sqlState(application, "SELECT id FROM sequencer.runners FOR UPDATE") == "42501")
        #expect(sqlState(application, "UPDATE sequencer.runners SET step = 'wait'") == "42501")
        #expect(sqlState(application, "INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, action, at) VALUES ('a', 'a', 'm', 1, 'next', now())") == "42501")
        #expect(sqlState(application, "SELECT * FROM sequencer.idempotency_keys") == "42501")
        #expect(sqlState(application, "DROP TABLE sequencer.subjects") == "42501")
        #expect(sqlState(application, "CREATE TABLE sequencer.x (id int)") == "42501")
    }

    /// Migrations leave no function of the schema executable by every role; a role with only
    /// USAGE on the schema can call none.
    @Test func noFunctionIsExecutableByPublic() throws {
        let fixture = try Fixture()
        let name = "bare_\(UUID().uuidString.prefix(8).lowercased())"
        try fixture.connection.execute("CREATE ROLE \(name); GRANT USAGE ON SCHEMA sequencer TO \(name)")
        defer { try? drop(fixture, name) }
        let executable = try fixture.connection.query("""
            SELECT p.proname FROM pg_proc p
            WHERE p.pronamespace = 'sequencer'::regnamespace AND has_function_privilege('\(name)', p.oid, 'EXECUTE')
            """).map { $0[0] }
        #expect(executable.isEmpty, "executable by any role: \(executable)")
    }

    @Test func theCommandPrintsTheGrantsAndRefusesTheOwner() throws {
        let fixture = try Fixture()
        let cli = SequencerCLI(databaseURL: fixture.url)
        let printed = try cli.run(["grants", "--role", "Odd \"Role\""])
        #expect(printed.status == 0)
        #expect(printed.standardOutput.contains("GRANT SELECT, UPDATE ON sequencer.runners TO \"Odd \"\"Role\"\"\";\n"))
        #expect(printed.standardOutput.contains(
            "GRANT EXECUTE ON FUNCTION sequencer.cancel(subject text, sequence text, at timestamp with time zone) TO \"Odd \"\"Role\"\"\";\n"))
        #expect(!printed.standardOutput.contains("applied"))
        let owner = try cli.run(["grants", "--role", "sequencer", "--apply"])
        #expect(owner.status == 2)
        #expect(owner.standardError.contains("is a superuser"))
        let missing = try cli.run(["grants", "--role", "nobody_here", "--kind", "application", "--apply"])
        #expect(missing.standardError.contains("role \"nobody_here\" does not exist"))
    }
}
