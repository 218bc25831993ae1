import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// The delivery promise under deadlines, uncertain failures, lost leases and unreadable rows, on
/// the in-memory store and a manual clock (`docs/reliability.md`).
@Suite struct ReliabilityTests {
    let mail = """
        {"name": "mail", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    /// A provider that takes `seconds` of the manual clock per message.
    final class SlowSender: MessageSender, @unchecked Sendable {
        let clock: ManualClock
        let seconds: TimeInterval
        private(set) var sent: [String] = []
        init(clock: ManualClock, seconds: TimeInterval) {
            self.clock = clock
            self.seconds = seconds
        }
        var provider: Provider { .ses }
        var recordsInLedgerTransaction: Bool { false }
        func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
            #expect(timeout <= 30 && timeout > 0)
            clock.advance(seconds)
            if case .email(let email) = message { sent.append(email.to[0]) }
            return "m"
        }
    }

    func enroll(_ fixture: EngineFixture, _ count: Int) throws {
        try fixture.apply(mail)
        for index in 0..<count {
            try fixture.database.enroll(["u\(index)"], data: ["email": .string("u\(index)@example.org")], in: "mail", now: instant())
        }
    }

    func tick(_ fixture: EngineFixture, _ sender: any MessageSender, at now: Date = instant(), deadline: Date?) throws -> TickSummary {
        try Tick(store: InMemoryRunnerStore(database: fixture.database), configuration: TickConfiguration(),
                 senders: MessageSenders(email: sender, sms: sender), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() },
                 clock: fixture.clock, failpoints: .none).run(now: now, deadline: deadline)
    }

    /// A deadline mid-send: the messages that fit are sent; the others get no ledger row and stay
    /// due; the next tick sends them. Every message exactly once.
    @Test func aDeadlineMidRoundPostponesTheRestWithoutLedgerRows() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 10)
        let sender = SlowSender(clock: fixture.clock, seconds: 1)
        let first = try tick(fixture, sender, deadline: fixture.clock.now().addingTimeInterval(5.5))
        // 2 s must remain to start a send: sends at 0, 1, 2, 3 s; the one at 4 s would end past 5.5 − 2.
        #expect(sender.sent.count == 4)
        #expect(first.deliveries == 4 && first.postponed == 6)
        #expect(fixture.database.deliveries.count == 4)
        #expect(fixture.database.runners.filter { $0.step == "hello" }.allSatisfy { fixture.database.leaseOwner(of: $0.id) == nil })
        let second = try tick(fixture, sender, at: instant(1), deadline: nil)
        #expect(second.deliveries == 6)
        #expect(sender.sent.count == 10 && Set(sender.sent).count == 10)
        #expect(fixture.database.deliveries.allSatisfy { $0.status == .sent })
    }

    /// A rate far below one message per second (the configuration allows down to 0) waits on the
    /// clock instead of trapping in integer conversion; a wait past the deadline is not started:
    /// the first message goes, the rest are postponed with no ledger row.
    @Test func aTinySendRateWaitsOrPostponesAndNeverTraps() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 3)
        let sender = SlowSender(clock: fixture.clock, seconds: 0)
        let senders = MessageSenders(email: sender, sms: sender, maxPerSecond: 0.000_01)
        let summary = try Tick(store: InMemoryRunnerStore(database: fixture.database), configuration: TickConfiguration(), senders: senders,
                               logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, clock: fixture.clock, failpoints: .none)
            .run(now: instant(), deadline: fixture.clock.now().addingTimeInterval(60))
        #expect(summary.deliveries == 1 && summary.postponed == 2)
        #expect(fixture.database.deliveries.count == 1)
        #expect(fixture.clock.sleeps.isEmpty)
    }

    /// `SEQUENCER_FAILPOINT` names a point and optionally which passing; anything else is refused
    /// with the known names (the process then exits 2 rather than run without the crash asked for).
    @Test func failpointSettingsAreReadOrRefusedWithTheKnownNames() throws {
        #expect(try Failpoints.parse("mid-write") == (.midWrite, 1))
        #expect(try Failpoints.parse("mid-write:2") == (.midWrite, 2))
        for bad in ["mid_write", "", "mid-write:0", "mid-write:", "after-claim:x"] {
            #expect(throws: FailpointSettingError.self, "\(bad)") { try Failpoints.parse(bad) }
        }
        #expect {
            try Failpoints.parse("after-send")
        } throws: { "\($0)".contains("known: after-claim, after-pending-commit, after-provider-accepted, before-sent-commit, after-invoke, mid-write") }
    }

    /// A timeout after the request left (or a 5xx) may have sent it: `uncertain`, the runner moves
    /// on, nothing is retried or resent.
    @Test func anUncertainFailureIsNeverResent() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 1)
        let sender = RecordingSender(provider: .ses, failures: [DeliveryError(kind: .uncertain, reason: "timed out after the request")])
        let summary = try tick(fixture, sender, deadline: nil)
        #expect(summary.uncertain == 1 && summary.deliveries == 0 && summary.errors == 0)
        #expect(fixture.clock.sleeps.isEmpty)  // not retried
        #expect(fixture.database.runner("u0")?.step == "wait")
        #expect(fixture.database.deliveries.first?.status == .uncertain)
        #expect(fixture.database.history("u0").last?.message?.contains("maybe sent") == true)
        #expect(sender.messages.isEmpty)
    }

    /// A message not sent because the call never left is retried on the clock, then deferred.
    @Test func aCallThatNeverLeftIsRetriedThenDeferred() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 1)
        let refusedConnection = DeliveryError(kind: .notSent, reason: "connection refused")
        let sender = RecordingSender(provider: .ses, failures: [refusedConnection, refusedConnection, refusedConnection])
        let summary = try tick(fixture, sender, deadline: nil)
        #expect(summary.kept == 1)
        #expect(fixture.clock.sleeps == [0.2, 0.4])
        #expect(fixture.database.deliveries.first?.status == .failed)
        #expect(try tick(fixture, sender, at: instant(1), deadline: nil).deliveries == 1)
    }

    /// A tick that lost its lease (it ran out, another tick took the runner) sends nothing for it.
    @Test func aLostLeaseMeansNoEffect() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 1)
        final class Thief: MessageSender, @unchecked Sendable {
            let database: InMemoryDatabase
            var sent = 0
            init(_ database: InMemoryDatabase) { self.database = database }
            var provider: Provider { .ses }
            var recordsInLedgerTransaction: Bool { false }
            func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
                sent += 1
                return "m"
            }
        }
        let sender = Thief(fixture.database)
        // The first write leases the runner; the lease then runs out before the send.
        let failpoints = Failpoints { point in
            if point == .midWrite, let owner = fixture.database.leaseOwner(of: "u0") {
                _ = owner
                fixture.database.expireLease(of: "u0", at: instant(-1))
            }
        }
        let summary = try Tick(store: InMemoryRunnerStore(database: fixture.database), configuration: TickConfiguration(),
                               senders: MessageSenders(email: sender, sms: sender), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() },
                               clock: fixture.clock, failpoints: failpoints).run(now: instant())
        #expect(sender.sent == 0)
        #expect(summary.postponed == 1)
        #expect(fixture.database.deliveries.isEmpty)
        #expect(fixture.database.runner("u0")?.step == "hello")
    }

    /// A runner whose stored data cannot be read is failed, naming the problem; its batch moves.
    @Test func anUnreadableRowFailsAloneAndTheBatchMoves() throws {
        let fixture = EngineFixture()
        try fixture.apply(SampleSequences.chain)
        try fixture.database.enroll(["good-1", "bad", "good-2"], data: ["plan": "free"], in: "chain", now: instant())
        fixture.database.poison("bad", reason: "the subject's data is not JSON Sequencer can read (number out of range)")
        let summary = try fixture.tick(at: instant())
        #expect(summary.examined == 3 && summary.failed == 1 && summary.moved == 2)
        let bad = try #require(fixture.database.runner("bad"))
        #expect(bad.status == .failed)
        #expect(bad.lastError?.contains("number out of range") == true)
        #expect(fixture.database.runner("good-1")?.step == "wait-a-day")
    }

    /// Leases are renewed while a round's sends go on (from the engine time now: the tick's
    /// instant plus the real time spent), so slow sends do not lose the runners still waiting.
    @Test func leasesHoldThroughALongRound() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 3)
        let sender = SlowSender(clock: fixture.clock, seconds: 200)  // the lease is 300 s
        let summary = try tick(fixture, sender, deadline: nil)
        #expect(sender.sent.count == 3)
        #expect(summary.postponed == 0)
        #expect(fixture.database.deliveries.map(\.status) == [.sent, .sent, .sent])
    }

    /// One send longer than the lease: the runners behind it may have been taken by another tick,
    /// so they get no effect from this one.
    @Test func aSendLongerThanTheLeaseLosesTheRest() throws {
        let fixture = EngineFixture()
        try enroll(fixture, 2)
        let sender = SlowSender(clock: fixture.clock, seconds: 400)
        let summary = try tick(fixture, sender, deadline: nil)
        #expect(sender.sent.count == 1)
        #expect(summary.postponed == 1)
    }
}
