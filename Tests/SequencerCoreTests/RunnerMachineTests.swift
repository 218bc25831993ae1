import Foundation
import SequencerCore
import Testing

private let definition = try! SequenceDefinition.parse(try! JSONValue(parsing: """
    {"name": "m", "steps": [
      {"key": "check", "runner": "Conditional", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.ok"}, "compareTo": {"type": "raw", "value": true}}, "next": "wait", "altNext": null},
      {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "hours"}, "next": "won"},
      {"key": "won", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.won"}, "compareTo": {"type": "raw", "value": true}}}
    ]}
    """))

struct RunnerMachineTests {
    let machine = RunnerMachine(retry: RetryPolicy(maxAttempts: 3, baseDelay: 10, maxDelay: 15))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func state(at step: String, data: JSONValue = [:]) -> RunnerState {
        RunnerState(id: "r", sequence: "m", version: 1, step: step, data: data, stepEnteredAt: now.addingTimeInterval(-60))
    }

    @Test func nextEntersTheNextStepAndCountsAVisit() {
        let outcome = machine.apply(.move(.next, message: "ok"), to: state(at: "check"), at: definition.step("check")!, of: definition, now: now)
        #expect(outcome.entered)
        #expect(outcome.state.step == "wait")
        #expect(outcome.state.visit == 2)
        #expect(outcome.state.stepEnteredAt == now)
        #expect(outcome.history == [HistoryEntry(runnerID: "r", fromStep: "check", toStep: "wait", action: .next, message: "ok", at: now)])
    }

    @Test func aMissingTargetCompletesTheRunner() {
        let outcome = machine.apply(.move(.altNext, message: nil), to: state(at: "check"), at: definition.step("check")!, of: definition, now: now)
        #expect(!outcome.entered)
        #expect(outcome.state.status == .completed)
        #expect(outcome.history.map(\.action.rawValue) == ["altNext", "completed"])
    }

    @Test func failuresBackOffThenFail() {
        var current = state(at: "wait")
        var delays: [TimeInterval] = []
        for _ in 0..<2 {
            let outcome = machine.apply(.fail(StepFailure(field: "x", reason: "bad")), to: current, at: definition.step("wait")!, of: definition, now: now)
            current = outcome.state
            delays.append(current.wakeAt.timeIntervalSince(now))
            #expect(current.status == .active)
            #expect(outcome.history.map(\.action.rawValue) == ["error"])
        }
        #expect(delays == [10, 15])
        let last = machine.apply(.fail(StepFailure(field: "x", reason: "bad")), to: current, at: definition.step("wait")!, of: definition, now: now)
        #expect(last.state.status == .failed)
        #expect(last.state.attempts == 3)
        #expect(last.state.lastError == "config.x: bad")
        #expect(last.history.map(\.action.rawValue) == ["failed"])
    }

    @Test func waitingResetsAttemptsAndSetsWake() {
        var failing = state(at: "wait")
        failing.attempts = 2
        failing.lastError = "earlier"
        let outcome = machine.apply(.wait(.onDataChange, message: nil), to: failing, at: definition.step("wait")!, of: definition, now: now)
        #expect(outcome.state.attempts == 0)
        #expect(outcome.state.lastError == nil)
        #expect(outcome.state.wakeAt == .distantFuture)
    }

    @Test func goalsPullRunnersThatHaveNotReachedThem() {
        #expect(RunnerMachine.firstGoalReached(by: state(at: "check", data: ["won": true]), in: definition) == "won")
        #expect(RunnerMachine.firstGoalReached(by: state(at: "check", data: ["won": false]), in: definition) == nil)
        var reached = state(at: "wait", data: ["won": true])
        reached.goalsReached = ["won"]
        #expect(RunnerMachine.firstGoalReached(by: reached, in: definition) == nil)
        let jumped = machine.reachGoal("won", state: state(at: "check", data: ["won": true]), of: definition, now: now)
        #expect(jumped.state.step == "won")
        #expect(jumped.state.goalsReached == ["won"])
        #expect(jumped.history.first?.action.rawValue == "goal")
    }
}
