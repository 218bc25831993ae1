import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore
import SequencerTestSupport
import Testing

/// The tick and the API leave nothing in their database session that would pin it to one server
/// connection behind RDS Proxy or break it behind PgBouncer in transaction mode: no setting
/// changed at session level, no prepared statement (when they are off), no advisory lock, no
/// LISTEN, no temporary table (docs/scaling.md, "Poolers").
@Suite struct SessionStateTests {
    let definition = """
        {"name": "s", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    @Test(arguments: [PreparedStatements.off, .on])
    func aTickAndAPICallsLeaveTheSessionAsTheyFoundIt(_ statements: PreparedStatements) throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        let connection = try PostgresConnection(url: fixture.url, statements: statements)
        let api = APIService(connection: connection)
        let commands: JSONValue = ["commands": [
            ["command": "enroll", "sequence": "s", "subject": "a", "data": ["email": "a@example.com"], "idempotencyKey": "k-a"],
            ["command": "enroll", "sequence": "s", "subject": "b", "data": ["email": "b@example.com"]],
            ["command": "update", "subject": "b", "data": ["email": "b2@example.com"]],
            ["command": "cancel", "subject": "b", "sequence": "s"],
        ]]
        #expect(api.handle(commands, now: Date())["results"]?.arrayValue?.allSatisfy { $0["ok"] == true } == true)
        let tick = Tick(store: PostgresRunnerStore(connection: connection), configuration: TickConfiguration(),
                        logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        #expect(try tick.run(now: Date()).moved == 1)

        let state = try connection.query("""
            SELECT (SELECT count(*) FROM pg_settings WHERE source = 'session'),
                   (SELECT count(*) FROM pg_prepared_statements),
                   (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()),
                   (SELECT count(*) FROM pg_listening_channels()),
                   (SELECT count(*) FROM pg_class WHERE relpersistence = 't')
            """)[0]
        #expect(state[0] == "0", "settings changed in the session")
        #expect(state[1] == (statements == .off ? "0" : state[1]), "prepared statements with the switch off")
        #expect(statements == .off || state[1] != "0", "the switch on keeps named statements")
        #expect(state[2] == "0" && state[3] == "0" && state[4] == "0")
    }
}
