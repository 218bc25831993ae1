import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import Testing

/// A provider that refuses as told, and counts what it accepted.
final class ScriptedSender: MessageSender, @unchecked Sendable {
    let lock = NSLock()
    var failures: [DeliveryError]
    private(set) var accepted: [(message: OutgoingMessage, at: Date)] = []

    init(failures: [DeliveryError] = []) {
        self.failures = failures
    }

    var provider: String { "scripted" }
    var recordsInLedgerTransaction: Bool { false }

    func send(_ message: OutgoingMessage) throws(DeliveryError) -> String? {
        let failure: DeliveryError? = lock.withLock { failures.isEmpty ? nil : failures.removeFirst() }
        if let failure { throw failure }
        lock.withLock { accepted.append((message, Date())) }
        return "m-\(accepted.count)"
    }
}

@Suite struct DeliveryTests {
    let definition = """
        {"name": "mail", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    func tick(_ fixture: Fixture, _ sender: ScriptedSender, perSecond: Double = 0, at now: Date = clock()) throws -> TickSummary {
        try Tick(store: PostgresRunnerStore(connection: fixture.connection), configuration: TickConfiguration(),
                 senders: MessageSenders(email: sender, sms: sender, maxPerSecond: perSecond, attempts: 3),
                 logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).run(now: now)
    }

    @Test func throttlingIsRetriedThenLeftForTheNextTick() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("mail", count: 1, data: ["email": "a@example.org"], now: clock())
        let throttle = DeliveryError(isRetryable: true, reason: "SESV2 429 TooManyRequestsException: Maximum sending rate exceeded")
        let sender = ScriptedSender(failures: [throttle, throttle, throttle, throttle])
        let first = try tick(fixture, sender)
        #expect(first.errors == 0 && first.moved == 0)
        var state = try fixture.runner("r-0")
        #expect(state.step == "hello" && state.attempts == 0)
        #expect(try fixture.scalar("SELECT status FROM deliveries") == "failed")
        // Three tries in the first tick; the next tick's first try is refused once more, then it goes.
        #expect(try tick(fixture, sender, at: clock(1)).deliveries == 1)
        state = try fixture.runner("r-0")
        #expect(state.step == "wait")
        #expect(sender.accepted.count == 1)
        #expect(try fixture.scalar("SELECT status || ' ' || provider_message_id FROM deliveries") == "sent m-1")
    }

    @Test func aPermanentRefusalIsAFailedAttempt() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("mail", count: 1, data: ["email": "a@example.org"], now: clock())
        let sender = ScriptedSender(failures: [DeliveryError(isRetryable: false, reason: "SESV2 400 MessageRejected: Email address is not verified.")])
        #expect(try tick(fixture, sender).errors == 1)
        #expect(try fixture.runner("r-0").lastError == "scripted: SESV2 400 MessageRejected: Email address is not verified.")
        #expect(sender.accepted.isEmpty)
    }

    @Test func theSendRateIsBounded() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("mail", count: 5, data: ["email": "a@example.org"], now: clock())
        let sender = ScriptedSender()
        #expect(try tick(fixture, sender, perSecond: 20).deliveries == 5)
        let times = sender.accepted.map(\.at)
        #expect(times.count == 5)
        // 20 per second: consecutive sends at least ~50 ms apart.
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.045)
        }
    }
}
