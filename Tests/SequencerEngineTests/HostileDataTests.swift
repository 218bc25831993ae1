import Foundation
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// A runner whose data tries to add a recipient gets a failed attempt; nothing reaches a provider.
@Suite struct HostileDataTests {
    let mail = """
        {"name": "mail", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "Acme <a@example.com>", "to": "{{data.name}} <{{data.email}}>", "subject": "Hi"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    @Test(arguments: [Provider.ses, Provider.outbox])
    func aCommaInTheDataIsAFailedAttemptAndNoEmail(_ provider: Provider) throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["evil", "fine"], in: "mail", now: instant())
        fixture.database.update("evil", merging: ["name": "Me", "email": "me@x.com>, victim@y.com, <me@x.com"])
        fixture.database.update("fine", merging: ["name": "Zoë", "email": "zoe@example.com"])
        let sender = RecordingSender(provider: provider)
        let senders = provider == .outbox ? MessageSenders.outbox : MessageSenders(email: sender, sms: sender)

        let summary = try fixture.tick(at: instant(), senders: senders)

        #expect(summary.errors == 1)
        let evil = try #require(fixture.database.runner("evil"))
        #expect(evil.step == "hello" && evil.attempts == 1)
        #expect(evil.lastError?.hasPrefix("config.to: a value from the runner's data holds a comma") == true, "\(evil.lastError ?? "-")")
        #expect(fixture.actions("evil") == ["enrolled", "error"])
        #expect(fixture.database.runner("fine")?.step == "wait")
        let sent = provider == .outbox ? fixture.database.deliveries.map(\.message) : sender.messages
        #expect(sent.count == 1)
        #expect(sent.allSatisfy { $0.summary == "email to Zoë <zoe@example.com>: Hi" })
        #expect(!fixture.database.deliveries.contains { $0.runnerID == "evil" })
    }
}
