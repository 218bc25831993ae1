import Foundation
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// The tick's semantics against the in-memory store: chains, Goals, errors, the step bound and
/// the summary, with no database and no real time.
@Suite struct TickSemanticsTests {
    @Test func aChainOfInstantStepsFinishesInOneTick() throws {
        let fixture = EngineFixture()
        try fixture.apply(chainDefinition)
        try fixture.database.enroll(["pro"], data: ["plan": "pro", "email": "p@example.com", "name": "Zoë"], in: "chain", now: instant())
        try fixture.database.enroll(["free"], data: ["plan": "free"], in: "chain", now: instant())

        let summary = try fixture.tick(at: instant())
        #expect(summary.examined == 2)
        #expect(summary.moved == 2)
        #expect(summary.transitions == 4)
        #expect(summary.deliveries == 1)
        #expect(summary.waiting == 2)
        #expect(summary.batches == 1)
        #expect(fixture.database.runner("pro")?.step == "wait-a-day")
        #expect(fixture.actions("pro") == ["enrolled", "next", "next", "goTo"])
        #expect(fixture.actions("free") == ["enrolled", "altNext"])
        let ledger = fixture.database.deliveries
        #expect(ledger.count == 1 && ledger[0].provider == .outbox && ledger[0].status == .sent)
        if case .email(let email)? = ledger.first?.message { #expect(email.subject == "Hi Zoë") } else { Issue.record("no email") }

        #expect(try fixture.tick(at: instant(3_600)).examined == 0)
        #expect(try fixture.tick(at: instant(86_400)).moved == 2)
        #expect(fixture.database.runner("pro")?.step == "done")
    }

    @Test func aGoalPullsARunnerWhenItsDataChanges() throws {
        let fixture = EngineFixture()
        try fixture.apply(chainDefinition)
        try fixture.database.enroll(["r-0", "r-1"], data: ["plan": "free", "converted": false], in: "chain", now: instant())
        _ = try fixture.tick(at: instant())
        fixture.database.update("r-1", merging: ["converted": true])

        let summary = try fixture.tick(at: instant(60))
        #expect(summary.examined == 1)
        #expect(summary.completed == 1)
        #expect(fixture.actions("r-1") == ["enrolled", "altNext", "goal", "next", "completed"])
        #expect(fixture.database.runner("r-0")?.step == "wait-a-day")
    }

    @Test func errorsBackOffThenFail() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "dated", "steps": [{"key": "until", "runner": "WaitForDate", "config": {"date": "{{data.renewal}}"}}]}
            """)
        try fixture.database.enroll(["r"], data: ["renewal": "someday"], in: "dated", now: instant())
        let policy = TickConfiguration(retry: RetryPolicy(maxAttempts: 2, baseDelay: 30, maxDelay: 300))

        #expect(try fixture.tick(at: instant(), policy).errors == 1)
        #expect(fixture.database.runner("r")?.wakeAt == instant(30))
        #expect(fixture.database.runner("r")?.lastError == "config.date: \"someday\" is not an ISO-8601 or ASP.NET (/Date(ms)/) date")
        #expect(try fixture.tick(at: instant(29), policy).examined == 0)
        #expect(try fixture.tick(at: instant(30), policy).failed == 1)
        #expect(fixture.database.runner("r")?.status == .failed)
        #expect(fixture.actions("r") == ["enrolled", "error", "failed"])
    }

    @Test func theStepBoundLeavesARunawayLoopForTheNextTick() throws {
        let fixture = EngineFixture()
        // The loader refuses a loop whose only wait is zero long; a wait for a date long past
        // still passes at once on every lap, so the bound is what stops it.
        try fixture.apply("""
            {"name": "loop", "steps": [
              {"key": "a", "runner": "WaitForDate", "config": {"date": "2020-01-01T00:00:00Z"}, "next": "b"},
              {"key": "b", "runner": "GoTo", "config": {"step": "a"}}]}
            """)
        try fixture.database.enroll(["r"], in: "loop", now: instant())
        var configuration = TickConfiguration()
        configuration.maxStepsPerRunner = 5
        let summary = try fixture.tick(at: instant(), configuration)
        #expect(summary.bounded == 1)
        #expect(summary.transitions == 5)
        #expect(summary.waiting == 0)
        let wake = try #require(fixture.database.runner("r")?.wakeAt)
        #expect(abs(wake.timeIntervalSince(instant())) < 0.01)
    }

    @Test func severalWorkersMoveEveryRunnerOnce() throws {
        let fixture = EngineFixture()
        try fixture.apply(chainDefinition)
        try fixture.database.enroll((0..<250).map { "r-\($0)" }, data: ["plan": "free"], in: "chain", now: instant())
        var configuration = TickConfiguration(batchSize: 10)
        configuration.workers = 3
        let summary = try fixture.tick(at: instant(), configuration, workers: 3)
        #expect(summary.examined == 250)
        #expect(summary.moved == 250)
        #expect(summary.batches >= 25)
        let moves = fixture.database.allHistory.filter { $0.action == .altNext }
        #expect(moves.count == 250 && Set(moves.map(\.runnerID)).count == 250)
    }

    /// A subject's data change wakes all its runners; a sequence's exit condition ends its runner.
    @Test func anExitConditionEndsTheRunnerAndEventIsReadPerRunner() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "nurture", "exitWhen": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"}, "compareTo": {"type": "raw", "value": "paid"}},
             "steps": [{"key": "source", "runner": "Conditional", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "event.source"}, "compareTo": {"type": "raw", "value": "ads"}}, "next": "wait", "altNext": "wait"},
                       {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 7, "unit": "days"}}]}
            """)
        try fixture.apply(chainDefinition)
        try fixture.database.enroll(["s"], event: ["source": "ads"], in: "nurture", now: instant())
        try fixture.database.enroll(["s"], data: ["plan": "trial"], in: "chain", now: instant())
        _ = try fixture.tick(at: instant())
        #expect(fixture.database.history("s").map(\.action) == [.enrolled, .next])
        fixture.database.update("s", merging: ["plan": "paid"])
        let summary = try fixture.tick(at: instant(60))
        #expect(summary.examined == 2)
        #expect(summary.completed == 1)
        #expect(fixture.database.runner("s")?.status == .exited)
        #expect(fixture.database.runner("s")?.wakeAt == .distantFuture)
        #expect(fixture.database.runner("s#2")?.status == .active)
    }

    @Test func theSummaryRendersAsTextAndJSON() {
        var summary = TickSummary()
        summary.examined = 3
        summary.moved = 2
        summary.transitions = 1
        summary.kept = 1
        summary.elapsed = 0.25
        #expect(summary.text(at: instant()) == "tick at 2026-01-05T09:00:00Z: examined 3, moved 2 (1 step), waiting 0, completed 0, errors 0, failed 0, kept 1, sent 0, 0.250 s")
        #expect(summary.json["examined"] == 3)
        #expect(summary.json["kept"] == 1)
        #expect(summary.json["elapsedSeconds"] == 0.25)
    }
}
