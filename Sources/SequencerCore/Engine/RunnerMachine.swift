import Foundation

/// The engine's decisions for one runner as a pure state machine: a ``StepDecision`` (or a goal
/// that fired) and the runner's state in, the new state and its history entries out. No I/O.
public struct RunnerMachine: Sendable {
    public var retry: RetryPolicy

    public init(retry: RetryPolicy) {
        self.retry = retry
    }

    /// The result of applying one decision.
    public struct Outcome: Sendable, Hashable {
        public var state: RunnerState
        public var history: [HistoryEntry]
        /// Whether the runner entered a new step that should be looked at in the same tick.
        public var entered: Bool
    }

    /// Applies `decision`, taken at `step` of `definition`, at time `now` (UTC).
    public func apply(_ decision: StepDecision, to state: RunnerState, at step: Step,
                      of definition: SequenceDefinition, now: Date) -> Outcome {
        switch decision {
        case .move(let action, let message):
            let target = action == .altNext ? step.altNext : step.next
            if action == .noop {
                return wait(state, until: .nextTick, now: now)
            }
            return enter(target, from: state, action: action.rawValue, message: message, definition: definition, now: now)
        case .jump(let target, let message):
            return enter(target, from: state, action: "goTo", message: message, definition: definition, now: now)
        case .deliver(let outgoing):
            return enter(step.next, from: state, action: TaskAction.next.rawValue, message: outgoing.summary,
                         definition: definition, now: now)
        case .wait(let wake, _):
            return wait(state, until: wake, now: now)
        case .fail(let failure):
            return fail(state, failure.description, now: now)
        case .keep(let reason):
            var next = state
            next.wakeAt = now.addingTimeInterval(0.001)
            let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: "kept", message: reason, at: now)
            return Outcome(state: next, history: [entry], entered: false)
        }
    }

    /// Moves the runner to goal step `goal` because its condition now holds.
    public func reachGoal(_ goal: String, state: RunnerState, of definition: SequenceDefinition, now: Date) -> Outcome {
        enter(goal, from: state, action: "goal", message: "goal \(goal) reached", definition: definition, now: now)
    }

    /// The first goal step of `definition` (in file order) that pulls the runner now: one it is not
    /// at, has not entered before, and whose condition holds for it.
    public static func firstGoalReached(by state: RunnerState, in definition: SequenceDefinition) -> String? {
        lazy var snapshot = state.snapshot  // most sequences have no goals
        for step in definition.steps {
            guard case .builtin(.goal) = step.runner, case .condition(let condition)? = step.builtin,
                  step.key != state.step, !state.goalsReached.contains(step.key) else { continue }
            if condition.holds(for: snapshot) { return step.key }
        }
        return nil
    }

    private func enter(_ target: String?, from state: RunnerState, action: String, message: String?,
                       definition: SequenceDefinition, now: Date) -> Outcome {
        var next = state
        next.attempts = 0
        next.lastError = nil
        guard let target else {
            next.status = .completed
            next.wakeAt = .distantFuture
            let entries = [
                HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: action, message: message, at: now),
                HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: "completed", message: nil, at: now),
            ]
            return Outcome(state: next, history: entries, entered: false)
        }
        next.step = target
        next.stepEnteredAt = now
        next.visit += 1
        next.wakeAt = .distantPast
        if case .builtin(.goal)? = definition.step(target)?.runner {
            next.goalsReached.insert(target)
        }
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: target, action: action, message: message, at: now)
        return Outcome(state: next, history: [entry], entered: true)
    }

    private func wait(_ state: RunnerState, until wake: Wake, now: Date) -> Outcome {
        var next = state
        next.attempts = 0
        next.lastError = nil
        switch wake {
        case .at(let date): next.wakeAt = max(date, now.addingTimeInterval(0.001))
        case .onDataChange: next.wakeAt = .distantFuture
        // Just after this tick's clock, so this tick's later claims skip it and the next tick takes it.
        case .nextTick: next.wakeAt = now.addingTimeInterval(0.001)
        }
        return Outcome(state: next, history: [], entered: false)
    }

    private func fail(_ state: RunnerState, _ reason: String, now: Date) -> Outcome {
        var next = state
        next.attempts += 1
        next.lastError = reason
        if next.attempts >= retry.maxAttempts {
            next.status = .failed
            next.wakeAt = .distantFuture
            let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: "failed",
                                     message: "attempt \(next.attempts) of \(retry.maxAttempts): \(reason)", at: now)
            return Outcome(state: next, history: [entry], entered: false)
        }
        next.wakeAt = now.addingTimeInterval(retry.delay(afterAttempt: next.attempts))
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: "error",
                                 message: "attempt \(next.attempts) of \(retry.maxAttempts): \(reason)", at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }
}
