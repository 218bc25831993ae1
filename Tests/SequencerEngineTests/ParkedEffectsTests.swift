import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// Runners parked for I/O: written with a lease, their effects performed after the write, what
/// follows written under the lease — and retries waited on the manual clock.
@Suite struct ParkedEffectsTests {
    let mail = """
        {"name": "mail", "steps": [
          {"key": "check", "runner": "Conditional", "config": {"lodashCommand": "has", "value": {"type": "get", "value": "data"}, "compareTo": {"type": "raw", "value": "email"}}, "next": "hello"},
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    /// A sender that records, at each send, who holds the runner's lease.
    final class LeaseWatchingSender: MessageSender, @unchecked Sendable {
        let database: InMemoryDatabase
        private(set) var leaseOwners: [String?] = []
        init(database: InMemoryDatabase) { self.database = database }
        var provider: Provider { .ses }
        var recordsInLedgerTransaction: Bool { false }
        func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
            guard case .email(let email) = message else { return nil }
            let id = String(email.to[0].prefix { $0 != "@" })
            leaseOwners.append(database.leaseOwner(of: id))
            #expect(database.runner(id)?.step == "hello")
            return "m"
        }
    }

    @Test func aSendHappensAfterTheWriteUnderALeaseThenTheRunnerMovesOn() throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["u1", "u2"].map { $0 }, in: "mail", now: instant())
        fixture.database.update("u1", merging: ["email": "u1@example.org"])
        fixture.database.update("u2", merging: ["email": "u2@example.org"])
        let sender = LeaseWatchingSender(database: fixture.database)
        let summary = try fixture.tick(at: instant(), senders: MessageSenders(email: sender, sms: sender))

        #expect(sender.leaseOwners.count == 2 && sender.leaseOwners.allSatisfy { $0?.hasPrefix("tick-") == true })
        #expect(summary.examined == 2)
        #expect(summary.moved == 2)  // moved before and after parking: counted once
        #expect(summary.transitions == 4)
        #expect(summary.deliveries == 2)
        #expect(summary.waiting == 2)
        for id in ["u1", "u2"] {
            #expect(fixture.database.runner(id)?.step == "wait")
            #expect(fixture.database.leaseOwner(of: id) == nil)
        }
        #expect(fixture.database.deliveries.map(\.status) == [.sent, .sent])
    }

    @Test func throttlingIsRetriedOnTheClockThenLeftForTheNextTick() throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["u"], data: ["email": "u@example.org"], in: "mail", now: instant())
        let throttle = DeliveryError(isRetryable: true, reason: "SESV2 429 TooManyRequestsException")
        let sender = RecordingSender(provider: .ses, failures: [throttle, throttle, throttle, throttle])

        let first = try fixture.tick(at: instant(), senders: MessageSenders(email: sender, sms: sender))
        #expect(fixture.clock.sleeps == [0.2, 0.4])
        #expect(first.kept == 1 && first.errors == 0)
        #expect(fixture.database.runner("u")?.step == "hello")
        #expect(fixture.database.runner("u")?.attempts == 0)
        #expect(fixture.database.deliveries.first?.status == .failed)

        let second = try fixture.tick(at: instant(1), senders: MessageSenders(email: sender, sms: sender))
        #expect(second.deliveries == 1)
        #expect(sender.messages.count == 1)
        #expect(fixture.database.runner("u")?.step == "wait")
    }

    @Test func aRefusalIsAFailedAttemptNamingTheProvider() throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["u"], data: ["email": "u@example.org"], in: "mail", now: instant())
        let sender = RecordingSender(provider: .ses, failures: [DeliveryError(isRetryable: false, reason: "MessageRejected")])
        #expect(try fixture.tick(at: instant(), senders: MessageSenders(email: sender, sms: sender)).errors == 1)
        #expect(fixture.database.runner("u")?.lastError == "ses: MessageRejected")
        #expect(fixture.clock.sleeps.isEmpty)
    }

    @Test func theSendRateIsPacedOnTheClock() throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["a", "b", "c"], data: ["email": "x@example.org"], in: "mail", now: instant())
        let sender = RecordingSender(provider: .ses)
        _ = try fixture.tick(at: instant(), senders: MessageSenders(email: sender, sms: sender, maxPerSecond: 20))
        #expect(sender.messages.count == 3)
        #expect(fixture.clock.sleeps.count == 2)
        #expect(fixture.clock.sleeps.allSatisfy { abs($0 - 0.05) < 1e-9 })
    }

    @Test func aRunnerCancelledWhileParkedIsNotWritten() throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["u"], data: ["email": "u@example.org"], in: "mail", now: instant())
        final class CancellingSender: MessageSender, @unchecked Sendable {
            let database: InMemoryDatabase
            init(_ database: InMemoryDatabase) { self.database = database }
            var provider: Provider { .ses }
            var recordsInLedgerTransaction: Bool { false }
            func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
                database.cancel("u", now: instant())
                return "m"
            }
        }
        let summary = try fixture.tick(at: instant(), senders: MessageSenders(email: CancellingSender(fixture.database), sms: OutboxSender()))
        #expect(summary.skipped == 1)
        #expect(summary.deliveries == 0)
        #expect(fixture.database.runner("u")?.status == .cancelled)
        #expect(fixture.actions("u") == ["enrolled", "next", "cancelled"])
    }

    @Test func aCustomRunnersAnswerIsAppliedAndTheChainGoesOn() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "custom", "steps": [
              {"key": "first", "runner": "GoTo", "config": {"step": "score"}},
              {"key": "score", "runner": "lambda:allowed-score", "config": {"threshold": 50}, "next": "tell", "altNext": "low"},
              {"key": "tell", "runner": "Email", "config": {"from": "a@example.com", "to": "u@example.org", "subject": "Hi"}, "next": "high"},
              {"key": "high", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}},
              {"key": "low", "runner": "WaitForDuration", "config": {"amount": 2, "unit": "days"}}]}
            """)
        try fixture.database.enroll(["r-0", "r-1"], in: "custom", now: instant())
        let invoker = RecordingInvoker.answering("next")
        let summary = try fixture.tick(at: instant(), customRunners: customRunners(invoker))
        #expect(invoker.calls.count == 1)
        #expect(invoker.calls[0].event["config"] == ["threshold": 50])
        #expect(invoker.calls[0].event["runners"]?.arrayValue?.count == 2)
        #expect(summary.moved == 2 && summary.transitions == 6 && summary.deliveries == 2)
        #expect(fixture.actions("r-0") == ["enrolled", "goTo", "next", "next"])
        #expect(fixture.database.runner("r-0")?.step == "high")
    }

    @Test func withoutAWSAccessACustomStepIsKeptAndCounted() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "custom", "steps": [{"key": "score", "runner": "lambda:allowed-score", "config": {}}]}
            """)
        try fixture.database.enroll(["r"], in: "custom", now: instant())
        let summary = try fixture.tick(at: instant())
        #expect(summary.kept == 1 && summary.waiting == 0 && summary.errors == 0)
        #expect(fixture.actions("r") == ["enrolled", "kept"])
        #expect(fixture.database.runner("r")?.attempts == 0)
    }

    /// A tick that dies after the send keeps its runners leased until the lease ends; the next
    /// tick after that finds the ledger row and does not send again.
    @Test func aDeadTicksLeaseHoldsUntilItEndsAndTheLedgerPreventsASecondSend() throws {
        let fixture = EngineFixture()
        try fixture.apply(mail)
        try fixture.database.enroll(["u"], data: ["email": "u@example.org"], in: "mail", now: instant())
        let sender = RecordingSender(provider: .ses)
        let senders = MessageSenders(email: sender, sms: sender)
        struct Died: Error {}
        // Dies in the write that follows the send (the first write is the batch's own).
        let sent = Flag()
        let dying = Tick(store: InMemoryRunnerStore(database: fixture.database), configuration: TickConfiguration(), senders: senders,
                         logger: .init(label: "t") { _ in SwiftLogNoOpLogHandler() }, clock: fixture.clock,
                         failpoints: Failpoints { point in if point == .midWrite, sent.isSet { throw Died() }
                                                           if point == .afterProviderAccepted { sent.set() } })
        #expect(throws: Died.self) { try dying.run(now: instant()) }
        #expect(fixture.database.leaseOwner(of: "u") == dying.owner)

        #expect(try fixture.tick(at: instant(299), senders: senders).examined == 0)
        let later = try fixture.tick(at: instant(301), senders: senders)
        #expect(later.examined == 1 && later.moved == 1 && later.deliveries == 0)
        #expect(sender.messages.count == 1)
        #expect(fixture.database.runner("u")?.step == "wait")
        #expect(fixture.database.history("u").last?.message?.hasSuffix("already sent by an earlier attempt") == true)
    }
}

/// A flag set once, read from any thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
