import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// A provider that refuses as told, and counts what it accepted.
final class ScriptedSender: MessageSender, @unchecked Sendable {
    let lock = NSLock()
    var failures: [DeliveryError]
    private(set) var accepted: [(message: OutgoingMessage, at: Date)] = []
    /// Sends found running at the same time as another (providers' clients are not shared across threads).
    private(set) var overlaps = 0
    private var inFlight = 0

    /// The clock sends are stamped with (the tick's, so pacing is checked without waiting).
    let clock: ManualClock

    init(failures: [DeliveryError] = [], clock: ManualClock = ManualClock()) {
        self.failures = failures
        self.clock = clock
    }

    var provider: Provider { Provider(rawValue: "scripted") }
    var recordsInLedgerTransaction: Bool { false }

    func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
        lock.withLock {
            inFlight += 1
            if inFlight > 1 { overlaps += 1 }
        }
        defer { lock.withLock { inFlight -= 1 } }
        usleep(50)  // long enough for an overlap to be seen
        let failure: DeliveryError? = lock.withLock { failures.isEmpty ? nil : failures.removeFirst() }
        if let failure { throw failure }
        lock.withLock { accepted.append((message, clock.now())) }
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
                 logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, clock: sender.clock).run(now: now)
    }

    /// Several workers: each runner's pure step is decided under row locks, its email is sent after
    /// the commit under a lease, one worker at a time, once per runner.
    @Test func workersSendEveryMessageOnceAndOneAtATime() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "mail", "steps": [
              {"key": "check", "runner": "Conditional", "config": {"lodashCommand": "has", "value": {"type": "get", "value": "data"}, "compareTo": {"type": "raw", "value": "email"}}, "next": "hello"},
              {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        for index in 0..<300 {
            try fixture.enroll("mail", count: 1, prefix: "r\(index)", data: ["email": .string("u\(index)@example.org")], now: clock())
        }
        let sender = ScriptedSender()
        var configuration = TickConfiguration(batchSize: 40)
        configuration.workers = 3
        let stores = try (0..<3).map { _ in PostgresRunnerStore(connection: try PostgresConnection(url: fixture.url)) }
        let summary = try Tick(stores: stores, configuration: configuration, senders: MessageSenders(email: sender, sms: sender),
                               logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).run(now: clock())
        #expect(summary.examined == 300)
        #expect(summary.moved == 300)
        #expect(summary.transitions == 600)
        #expect(summary.deliveries == 300)
        #expect(sender.overlaps == 0)
        let recipients = sender.accepted.compactMap { if case .email(let email) = $0.message { email.to.first } else { nil } }
        #expect(Set(recipients).count == 300 && recipients.count == 300)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.deliveries WHERE status = 'sent'") == "300")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE step = 'wait' AND lease_owner IS NULL") == "300")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE from_step = 'check' AND to_step = 'hello'") == "300")
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
        #expect(try fixture.scalar("SELECT status FROM sequencer.deliveries") == "failed")
        // Three tries in the first tick; the next tick's first try is refused once more, then it goes.
        #expect(try tick(fixture, sender, at: clock(1)).deliveries == 1)
        state = try fixture.runner("r-0")
        #expect(state.step == "wait")
        #expect(sender.accepted.count == 1)
        #expect(try fixture.scalar("SELECT status || ' ' || provider_message_id FROM sequencer.deliveries") == "sent m-1")
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
