import AWS
import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore
import SequencerTestSupport
import Testing

/// Email through SES and SMS through SNS — our client, signer and ledger — against moto with
/// signature checking on; messages are read back from moto and compared field by field.
@Suite struct MessagingMotoTests {
    let moto: MotoServer.Instance

    init() throws {
        moto = try MotoServer.shared.get()
        try moto.verifyEmailIdentity()
    }

    struct World {
        let url: String
        let connection: PostgresConnection
        let senders: MessageSenders

        func tick(at now: Date, crash: (@Sendable (Failpoint) throws -> Void)? = nil) throws -> TickSummary {
            try Tick(store: PostgresRunnerStore(connection: connection), configuration: TickConfiguration(), senders: senders,
                     logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, clock: ManualClock(),
                     failpoints: crash.map { Failpoints($0) } ?? .none).run(now: now)
        }

        func runner(_ id: String) throws -> RunnerState { try RunnerDirectory(connection: connection).runner(id) }
    }

    func world(_ definition: String, runners: [RunnerDirectory.Enrollment], now: Date) throws -> World {
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: definition)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        try RunnerDirectory(connection: connection).enroll(runners, in: try SequenceDefinition.parse(json).name, now: now)
        return World(url: url, connection: connection, senders: MessageSenders(email: AWSMessageSender(.ses, environment: moto.environment),
                                                                      sms: AWSMessageSender(.sns, environment: moto.environment)))
    }

    /// What moto received: SES messages and SNS SMS.
    func received() throws -> (emails: [JSONValue], sms: [JSONValue]) {
        let data = try JSONValue(parsing: try MotoServer.json("/moto-api/data.json"))
        return (data["ses"]?["Message"]?.arrayValue ?? [], data["sns"]?["SMS"]?.arrayValue ?? [])
    }

    func emails(to address: String) throws -> [JSONValue] {
        try received().emails.filter { $0["destinations"]?["ToAddresses"]?.arrayValue?.contains(.string(address)) == true }
    }

    static func unique() -> String { UUID().uuidString.prefix(8).lowercased() }

    @Test func emailAndSMSArriveAsRendered() throws {
        let tag = Self.unique()
        let address = "zoe-\(tag)@example.org"
        let phone = "+1415555\(String(Int.random(in: 1000...9999)))"
        let world = try world("""
            {"name": "welcome", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "Acme <hello@example.com>", "to": "{{data.email}}",
                "bcc": ["audit@example.com"], "replyTo": "help@example.com", "subject": "Hi {{data.name}}",
                "text": "Dear {{data.name}}, {{data.missing}}done", "html": "<p>{{data.name}} & co</p>"}, "next": "text"},
              {"key": "text", "runner": "SMS", "config": {"from": "+15555550100", "to": "{{data.phone}}", "message": "Hi {{data.name}}"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """, runners: [.init(id: "z", data: ["email": .string(address), "phone": .string(phone), "name": "Zoë <O'Brien>"])], now: Date())
        let summary = try world.tick(at: Date())
        #expect(summary.deliveries == 2)
        #expect(try world.runner("z").step == "wait")

        let email = try #require(try emails(to: address).first)
        #expect(email["source"] == "Acme <hello@example.com>")
        #expect(email["subject"] == "Hi Zoë <O'Brien>")
        // Rendered values are escaped; the template's own text ("& co") is the author's HTML.
        #expect(email["body"] == "<p>Zoë &lt;O&#39;Brien&gt; & co</p>", "\(email["body"]?.jsonText ?? "")")
        #expect(email["destinations"]?["BccAddresses"] == ["audit@example.com"])
        let sms = try #require(try received().sms.first { $0["phone_number"] == .string(phone) })
        #expect(sms["message"] == "Hi Zoë <O'Brien>")

        let ledger = try world.connection.query("SELECT channel, provider, status, provider_message_id FROM sequencer.deliveries ORDER BY channel")
        #expect(ledger.map { [$0[0]!, $0[1]!, $0[2]!] } == [["email", "ses", "sent"], ["sms", "sns", "sent"]])
        #expect(ledger[0][3] == email["id"]?.stringValue)
        #expect(ledger[1][3] == sms["message_id"]?.stringValue)
    }

    /// The tick dies at each point around a send; the next tick (after the lease) must not send
    /// again: at most one message per runner, step and visit. A message that may have gone is
    /// `uncertain` (docs/reliability.md); the process-killing version is `FailpointKillTests`.
    @Test(arguments: [Failpoint.afterPendingCommit, .afterProviderAccepted, .beforeSentCommit, .midWrite])
    func aCrashedTickNeverSendsTwice(_ point: Failpoint) throws {
        let address = "crash-\(point.rawValue)-\(Self.unique())@example.org"
        let now = Date()
        let world = try world("""
            {"name": "once", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Once"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """, runners: [.init(id: "c", data: ["email": .string(address)])], now: now)
        struct Crash: Error {}
        #expect(throws: Crash.self) {
            _ = try world.tick(at: now) { reached in if reached == point { throw Crash() } }
        }
        #expect(try world.runner("c").step == "hello")
        let next = try world.tick(at: now.addingTimeInterval(301))
        #expect(next.moved == 1)
        #expect(try world.runner("c").step == "wait")
        let expected = point == .afterPendingCommit ? 0 : 1
        #expect(try emails(to: address).count == expected)
        let status = try world.connection.query("SELECT status FROM sequencer.deliveries WHERE runner_id = 'c'")[0][0]
        #expect(status == (point == .midWrite ? "sent" : "uncertain"))
    }

    /// An `uncertain` row (the tick died after SES accepted it) resent by an operator: SES gets it
    /// a second time, knowingly; the row becomes `sent` with `resent_at`. A second resend, a row
    /// that is not uncertain, another provider, an unknown id and a locked row are refused and
    /// change nothing.
    @Test func anOperatorResendsAnUncertainMessageKnowingly() throws {
        let address = "resend-\(Self.unique())@example.org"
        let now = Date()
        let world = try world("""
            {"name": "resend", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Once"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """, runners: [.init(id: "u", data: ["email": .string(address)]), .init(id: "v", data: ["email": .string("v-" + address)])], now: now)
        struct Crash: Error {}
        _ = try? world.tick(at: now) { reached in if reached == .afterProviderAccepted { throw Crash() } }
        _ = try world.tick(at: now.addingTimeInterval(301))
        let directory = RunnerDirectory(connection: world.connection)
        let uncertain = try directory.ledger(limit: 10, status: .uncertain)
        #expect(uncertain.count == 1)
        let row = try #require(uncertain.first)
        let sent = try #require(try directory.ledger(limit: 10, status: .sent).first)
        let received = try emails(to: row.runnerID == "u" ? address : "v-" + address).count

        // Refusals first: each leaves the row as it was.
        #expect(throws: ResendRefusal.self) { try DeliveryResend.run(sent.id, connection: world.connection, senders: world.senders) }
        #expect(throws: ResendRefusal.self) { try DeliveryResend.run(row.id, connection: world.connection, senders: .outbox) }
        #expect(throws: ResendRefusal.self) { try DeliveryResend.run(999_999, connection: world.connection, senders: world.senders) }
        let holder = try PostgresConnection(url: world.url)
        try holder.execute("BEGIN; SELECT 1 FROM sequencer.deliveries WHERE id = \(row.id) FOR UPDATE")
        #expect {
            try DeliveryResend.run(row.id, connection: world.connection, senders: world.senders)
        } throws: { "\($0)".contains("being resent by another process") }
        try holder.execute("ROLLBACK")
        #expect(try directory.ledger(limit: 10, status: .uncertain).map(\.id) == [row.id])

        guard case .sent(let messageID) = try DeliveryResend.run(row.id, connection: world.connection, senders: world.senders) else {
            Issue.record("not sent")
            return
        }
        #expect(try emails(to: row.runnerID == "u" ? address : "v-" + address).count == received + 1)
        let after = try #require(try directory.ledger(limit: 10).first { $0.id == row.id })
        #expect(after.status == .sent)
        #expect(after.resentAt != nil)
        #expect(try world.connection.query("SELECT provider_message_id FROM sequencer.deliveries WHERE id = \(row.id)")[0][0] == messageID)
        #expect(throws: ResendRefusal.self) { try DeliveryResend.run(row.id, connection: world.connection, senders: world.senders) }
    }

    @Test func aRejectedMessageFailsThatRunnerWithTheProvidersCode() throws {
        let world = try world("""
            {"name": "rejected", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "someone@unverified.example.net", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """, runners: [.init(id: "r", data: ["email": "x@example.org"])], now: Date())
        #expect(try world.tick(at: Date()).errors == 1)
        let state = try world.runner("r")
        #expect(state.step == "hello")
        #expect(state.lastError?.contains("ses: SESV2 400 MessageRejected") == true, "\(state.lastError ?? "")")
        let row = try world.connection.query("SELECT status, error FROM sequencer.deliveries WHERE runner_id = 'r'")[0]
        #expect(row[0] == "failed")
        #expect(row[1]?.contains("MessageRejected") == true)
    }

    @Test func aLoopBackIsANewVisitAndSendsAgain() throws {
        let address = "loop-\(Self.unique())@example.org"
        let now = Date()
        let world = try world("""
            {"name": "loop", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Again"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "hours"}, "next": "back"},
              {"key": "back", "runner": "GoTo", "config": {"step": "hello"}}]}
            """, runners: [.init(id: "l", data: ["email": .string(address)])], now: now)
        _ = try world.tick(at: now)
        _ = try world.tick(at: now.addingTimeInterval(3_601))
        let debug = "\(try world.connection.query("SELECT status, error FROM sequencer.deliveries").map { $0 }) \(try world.runner("l"))"
        #expect(try emails(to: address).count == 2, "\(debug)")
        let visits = try world.connection.query("SELECT visit FROM sequencer.deliveries WHERE runner_id = 'l' ORDER BY visit").map { $0[0]! }
        #expect(visits == ["1", "4"])
    }
}
