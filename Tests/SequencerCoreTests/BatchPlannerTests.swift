import Foundation
import SequencerCore
import Testing

/// The planner alone: plans are values, so what a batch will do is checked without any edge.
@Suite struct BatchPlannerTests {
    let definition = try! SequenceDefinition.parse(try! JSONValue(parsing: """
        {"name": "p", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "score"},
          {"key": "score", "runner": "lambda:score", "config": {"k": 1}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func planner(outbox: Bool) -> BatchPlanner {
        BatchPlanner(machine: RunnerMachine(retry: RetryPolicy(maxAttempts: 3)), maxSteps: 25,
                     providers: [.email: (outbox ? .outbox : .ses, outbox), .sms: (.outbox, true)], canInvokeCustomRunners: true)
    }

    func runner(_ id: String) -> RunnerState {
        RunnerState(id: id, sequence: "p", version: 1, step: "hello", data: ["email": .string("\(id)@example.org")], stepEnteredAt: now)
    }

    var definitions: [SequenceVersion: SequenceDefinition] { [SequenceVersion(name: "p", version: 1): definition] }

    @Test func aSendThroughAProviderIsParkedWithAPendingLedgerRow() throws {
        let plan = planner(outbox: false).plan([runner("a")], definitions: definitions, now: now)
        #expect(plan.parked.count == 1)
        guard case .send(let record) = try #require(plan.parked.first).effect else { Issue.record("not a send"); return }
        #expect(record.status == .pending && record.provider == .ses && record.visit == 1 && record.step == "hello")
        #expect(plan.history.isEmpty)
        #expect(plan.summary(written: ["a"]).examined == 1)
        #expect(plan.write(lease: ("t", now)).lease?.runnerIDs == ["a"])
    }

    @Test func theOutboxIsRecordedInThePlanAndTheRunnerGoesOnToTheCustomStep() throws {
        let plan = planner(outbox: true).plan([runner("a")], definitions: definitions, now: now)
        #expect(plan.deliveries.map(\.status) == [.sent])
        #expect(plan.parked.count == 1)
        guard case .invoke(let call) = try #require(plan.parked.first).effect else { Issue.record("not a call"); return }
        #expect(call.function == "score" && call.config == ["k": 1] && call.step == "score")
        #expect(plan.runners[0].moved && plan.runners[0].sent == 1 && plan.runners[0].outcome == .parked)
    }

    @Test(arguments: [
        (EffectResult.delivered(messageID: "m"), "score", 0, PlannedOutcome.parked),
        (EffectResult.notRepeated(note: "already sent"), "score", 0, PlannedOutcome.parked),
        (EffectResult.refused(reason: "ses: MessageRejected"), "hello", 1, PlannedOutcome.error),
        (EffectResult.deferred(reason: "throttled"), "hello", 0, PlannedOutcome.kept),
    ])
    func eachSendResultBecomesTheRunnersDecision(_ result: EffectResult, _ step: String, _ attempts: Int, _ outcome: PlannedOutcome) throws {
        let first = planner(outbox: false).plan([runner("a")], definitions: definitions, now: now)
        let next = planner(outbox: false).resume(first.parked, results: ["a": result], definitions: definitions, now: now)
        #expect(next.runners[0].state.step == step)
        #expect(next.runners[0].state.attempts == attempts)
        #expect(next.runners[0].outcome == outcome)
        #expect(next.examined == 0)
        let sent = next.summary(written: ["a"]).deliveries
        if case .delivered = result { #expect(sent == 1) } else { #expect(sent == 0) }
    }

    @Test func aRunnerThatMovedBeforeParkingCountsOnce() throws {
        let planner = planner(outbox: true)
        let first = planner.plan([runner("a")], definitions: definitions, now: now)
        #expect(first.summary(written: ["a"]).moved == 1)
        let next = planner.resume(first.parked, results: ["a": .decided(.move(.next, message: "ok"))], definitions: definitions, now: now)
        #expect(next.runners[0].state.step == "wait")
        #expect(next.summary(written: ["a"]).moved == 0)
        #expect(next.summary(written: ["a"]).transitions == 1)
        #expect(next.summary(written: []).skipped == 1)
    }

    @Test func theStepBoundCountsTheParkedDecision() throws {
        var planner = planner(outbox: true)
        planner.maxSteps = 2
        let first = planner.plan([runner("a")], definitions: definitions, now: now)
        #expect(first.parked.first?.budget == 1)
        let next = planner.resume(first.parked, results: ["a": .decided(.move(.next, message: nil))], definitions: definitions, now: now)
        #expect(next.runners[0].state.step == "wait")
        #expect(next.runners[0].outcome == .bounded)
    }
}
