import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

private let chain = SampleSequences.chain

@Suite struct TickTests {
    @Test func instantStepsFinishInOneTickAndSendOnce() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try RunnerDirectory(connection: fixture.connection).enroll([
            .init(id: "pro", data: ["plan": "pro", "email": "p@example.com", "name": "Zoë"]),
            .init(id: "free", data: ["plan": "free"]),
        ], in: "chain", now: clock())

        let summary = try fixture.tick(at: clock())
        #expect(summary.examined == 2)
        #expect(summary.deliveries == 1)
        #expect(try fixture.runner("pro").step == "wait-a-day")
        #expect(try fixture.runner("free").step == "wait-a-day")
        #expect(try fixture.history("pro").map(\.action.rawValue) == ["enrolled", "next", "next", "goTo"])
        #expect(try fixture.history("free").map(\.action.rawValue) == ["enrolled", "altNext"])
        let payload = try fixture.scalar("SELECT payload->>'subject' FROM sequencer.deliveries WHERE runner_id = 'pro'")
        #expect(payload == "Hi Zoë")

        // Waiting runners are not looked at again before they are due.
        #expect(try fixture.tick(at: clock(3_600)).examined == 0)
        let next = try fixture.tick(at: clock(86_400))
        #expect(next.examined == 2)
        #expect(try fixture.runner("pro").step == "done")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.deliveries") == "1")
    }

    @Test func goalFiresWhenDataChanges() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try fixture.enroll("chain", count: 2, data: ["plan": "free", "converted": false], now: clock())
        _ = try fixture.tick(at: clock())
        try RunnerDirectory(connection: fixture.connection).update("r-1", merging: ["converted": true])

        let summary = try fixture.tick(at: clock(60))
        #expect(summary.examined == 1)
        let converted = try fixture.runner("r-1")
        #expect(converted.status == .completed)
        #expect(try fixture.history("r-1").map(\.action.rawValue) == ["enrolled", "altNext", "goal", "next", "completed"])
        #expect(try fixture.runner("r-0").step == "wait-a-day")

        // A runner that reaches the goal in the normal flow waits there until it holds.
        _ = try fixture.tick(at: clock(86_400))
        #expect(try fixture.runner("r-0").step == "done")
        #expect(try fixture.runner("r-0").status == .active)
        #expect(try fixture.tick(at: clock(90_000)).examined == 0)
        try RunnerDirectory(connection: fixture.connection).update("r-0", merging: ["converted": true])
        _ = try fixture.tick(at: clock(90_000))
        #expect(try fixture.runner("r-0").status == .completed)
    }

    @Test func errorsAreRetriedWithBackoffThenFail() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "dated", "steps": [{"key": "until", "runner": "WaitForDate", "config": {"date": "{{data.renewal}}"}}]}
            """)
        try fixture.enroll("dated", count: 1, data: ["renewal": "someday"], now: clock())
        let policy = TickConfiguration(retry: RetryPolicy(maxAttempts: 2, baseDelay: 30, maxDelay: 300))

        let first = try fixture.tick(at: clock(), policy)
        #expect(first.errors == 1)
        var state = try fixture.runner("r-0")
        #expect(state.attempts == 1)
        #expect(state.lastError == "config.date: \"someday\" is not an ISO-8601 or ASP.NET (/Date(ms)/) date")
        #expect(state.wakeAt == clock(30))
        #expect(try fixture.tick(at: clock(29), policy).examined == 0)

        let second = try fixture.tick(at: clock(30), policy)
        #expect(second.failed == 1)
        state = try fixture.runner("r-0")
        #expect(state.status == .failed)
        #expect(try fixture.history("r-0").map(\.action.rawValue) == ["enrolled", "error", "failed"])
    }

    @Test func aCrashedTicksLeasesExpire() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try fixture.enroll("chain", count: 5, data: ["plan": "free"], now: clock())
        // A tick that leases runners for I/O and then dies before writing their moves.
        let crashed = PostgresRunnerStore(connection: try PostgresConnection(url: fixture.url))
        try lease(in: crashed, owner: "crashed", at: clock(), expected: 5)

        #expect(try fixture.tick(at: clock(299)).examined == 0)
        let later = try fixture.tick(at: clock(301))
        #expect(later.examined == 5)
        #expect(later.moved == 5)
        // The crashed tick's late write is refused: it no longer holds the leases.
        let stale = try crashed.write(BatchWrite(runners: [try fixture.runner("r-0")]), claim: .leased(owner: "crashed"))
        #expect(stale.isEmpty)
    }

    @Test func aDataChangeDuringATickIsNotLost() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try fixture.enroll("chain", count: 1, data: ["plan": "free"], now: clock())
        _ = try fixture.tick(at: clock())
        let store = PostgresRunnerStore(connection: try PostgresConnection(url: fixture.url))
        var claimed = try lease(in: store, owner: "slow", at: clock(86_400), expected: 1)
        try RunnerDirectory(connection: fixture.connection).update("r-0", merging: ["converted": true])
        claimed[0].wakeAt = clock(999_999)
        #expect(try store.write(BatchWrite(runners: claimed), claim: .leased(owner: "slow")) == ["r-0"])
        #expect(try fixture.runner("r-0").wakeAt == .distantPast)
    }

    @Test func aTickThatDiesHoldingRowLocksLeavesItsBatchDue() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try fixture.enroll("chain", count: 5, data: ["plan": "free"], now: clock())
        let crashed = PostgresRunnerStore(connection: try PostgresConnection(url: fixture.url))
        struct Crash: Error {}
        #expect(throws: Crash.self) {
            try crashed.transaction {
                #expect(try crashed.lockDue(now: clock(), limit: 100).runners.count == 5)
                throw Crash()
            }
        }
        let tick = try fixture.tick(at: clock())
        #expect(tick.examined == 5)
        #expect(tick.moved == 5)
    }

    @Test func rowsLockedByAnotherTickAreSkippedNotWaitedFor() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try fixture.enroll("chain", count: 5, data: ["plan": "free"], now: clock())
        let other = try PostgresConnection(url: fixture.url)
        try other.execute("BEGIN")
        #expect(try PostgresRunnerStore(connection: other).lockDue(now: clock(), limit: 3).runners.count == 3)
        let tick = try fixture.tick(at: clock())
        #expect(tick.examined == 2)
        try other.execute("ROLLBACK")
        #expect(try fixture.tick(at: clock()).examined == 3)
    }

    /// Locks the due runners and writes them back leased to `owner`, as a tick does before I/O.
    @discardableResult
    func lease(in store: PostgresRunnerStore, owner: String, at now: Date, expected: Int) throws -> [RunnerState] {
        try store.transaction {
            let claimed = try store.lockDue(now: now, limit: 100).runners
            #expect(claimed.count == expected)
            let lease = BatchLease(owner: owner, until: now.addingTimeInterval(300), runnerIDs: Set(claimed.map(\.id)))
            #expect(try store.write(BatchWrite(runners: claimed, lease: lease), claim: .locked).count == expected)
            return claimed
        }
    }

    @Test func cancelledRunnersAreNeverMoved() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        try fixture.enroll("chain", count: 2, data: ["plan": "free"], now: clock())
        #expect(try RunnerDirectory(connection: fixture.connection).cancel("r-0", now: clock()) == 1)
        #expect(try fixture.tick(at: clock()).examined == 1)
        #expect(try fixture.runner("r-0").status == .cancelled)
        #expect(try fixture.runner("r-0").step == "is-pro")
    }

    @Test func runnersStayOnTheVersionTheyEnrolledIn() throws {
        let fixture = try Fixture()
        #expect(try fixture.apply(chain) == 1)
        #expect(try fixture.apply(chain) == 1)  // unchanged: no new version
        try fixture.enroll("chain", count: 1, prefix: "old", data: ["plan": "pro", "email": "o@example.com"], now: clock())
        let changed = chain.replacingOccurrences(of: #""next": "pro-email""#, with: #""next": "wait-a-day""#)
        #expect(try fixture.apply(changed) == 2)
        try fixture.enroll("chain", count: 1, prefix: "new", data: ["plan": "pro", "email": "n@example.com"], now: clock())
        _ = try fixture.tick(at: clock())
        #expect(try fixture.runner("old-0").version == 1)
        #expect(try fixture.history("old-0").map(\.toStep) == ["is-pro", "pro-email", "jump", "wait-a-day"])
        #expect(try fixture.runner("new-0").version == 2)
        #expect(try fixture.history("new-0").map(\.toStep) == ["is-pro", "wait-a-day"])
    }

    /// Re-entry (issue 13): the default policy refuses a second enrolment, says why, and still
    /// merges the enrolment's data into the subject's.
    @Test func enrollingAnExistingSubjectReportsTheRule() throws {
        let fixture = try Fixture()
        try fixture.apply(chain)
        let directory = RunnerDirectory(connection: fixture.connection)
        _ = try directory.enroll([.init(id: "a", data: ["plan": "pro"])], in: "chain", now: clock())
        let again = try directory.enroll([.init(id: "a", data: ["plan": "free"]), .init(id: "b", data: [:])], in: "chain", now: clock())
        #expect(again.enrolled.map(\.subject) == ["b"])
        #expect(again.refused.map(\.subject) == ["a"])
        #expect(again.refused.first?.reason == #"re-entry refused: subject "a" has already entered sequence "chain" (reentry: never)"#)
        #expect(try fixture.runner("a").data == ["plan": "free"])
        #expect(try RunnerDirectory(connection: fixture.connection).runners(ofSubject: "a").count == 1)
    }

    @Test func theStepBoundStopsRunawayChains() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "long", "steps": [
              {"key": "s1", "runner": "GoTo", "config": {"step": "s2"}},
              {"key": "s2", "runner": "GoTo", "config": {"step": "s3"}},
              {"key": "s3", "runner": "GoTo", "config": {"step": "s4"}},
              {"key": "s4", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "h"}}
            ]}
            """)
        try fixture.enroll("long", count: 1, now: clock())
        let summary = try fixture.tick(at: clock(), TickConfiguration(maxStepsPerRunner: 2))
        #expect(summary.bounded == 1)
        #expect(try fixture.runner("r-0").step == "s3")
        // It is due again at the next tick, not in this one.
        #expect(try fixture.tick(at: clock(1), TickConfiguration(maxStepsPerRunner: 2)).moved == 1)
        #expect(try fixture.runner("r-0").step == "s4")
    }
}
