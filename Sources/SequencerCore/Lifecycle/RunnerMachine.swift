#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The runner lifecycle as a pure state machine: a transition (a ``StepDecision`` taken at a step,
/// a goal that fired, an enrolment, a cancellation, a retry) and the runner's state in, the new
/// state and its history lines out. No I/O: the tick's planner and the store persist what it returns.
///
/// Every status change and every history line of the system comes from here (see
/// `docs/architecture.md`, "One lifecycle").
public struct RunnerMachine: Sendable {
    /// Backoff and failure of task-runner errors.
    public var retry: RetryPolicy

    public init(retry: RetryPolicy) {
        self.retry = retry
    }

    /// The result of one transition.
    public struct Outcome: Sendable, Hashable {
        public var state: RunnerState
        public var history: [HistoryEntry]
        /// Whether the runner entered a new step that should be looked at in the same tick.
        public var entered: Bool

        public init(state: RunnerState, history: [HistoryEntry], entered: Bool) {
            self.state = state
            self.history = history
            self.entered = entered
        }
    }

    /// Applies `decision`, taken at `step` of `definition`, at time `now` (UTC).
    public func apply(_ decision: StepDecision, to state: RunnerState, at step: Step,
                      of definition: SequenceDefinition, now: Date) -> Outcome {
        switch decision {
        case .move(.noop, _):
            return wait(state, until: .nextTick, now: now)
        case .move(let action, let message):
            let target = action == .altNext ? step.altNext : step.next
            return enter(target, from: state, action: action == .altNext ? .altNext : .next, message: message,
                         definition: definition, now: now)
        case .jump(let target, let message):
            return enter(target, from: state, action: .goTo, message: message, definition: definition, now: now)
        case .deliver(let outgoing):
            return enter(step.next, from: state, action: .next, message: outgoing.summary, definition: definition, now: now)
        case .wait(let wake, _):
            return wait(state, until: wake, now: now)
        case .hold(let until, let reason):
            var outcome = wait(state, until: .at(until), now: now)
            outcome.history = [HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: .held, message: reason, at: now)]
            return outcome
        case .skip(let reason):
            return enter(step.next, from: state, action: .skipped, message: reason, definition: definition, now: now)
        case .branch(let target, let message):
            return enter(target, from: state, action: .split, message: message, definition: definition, now: now)
        case .fail(let failure):
            return fail(state, failure.description, now: now)
        case .keep(let reason):
            return keep(state, reason: reason, now: now)
        }
    }

    /// Moves the runner to goal step `goal` because its condition now holds.
    public func reachGoal(_ goal: String, state: RunnerState, of definition: SequenceDefinition, now: Date) -> Outcome {
        enter(goal, from: state, action: .goal, message: "goal \(goal) reached", definition: definition, now: now)
    }

    /// Ends the runner because `definition`'s exit condition holds for it: status `exited`, never
    /// due again, history `exited`.
    public func exit(_ state: RunnerState, of definition: SequenceDefinition, now: Date) -> Outcome {
        var next = state
        next.status = .exited
        next.wakeAt = .distantFuture
        next.attempts = 0
        next.lastError = nil
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: .exited,
                                 message: "exit condition of \(definition.name) holds", at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }

    /// Whether `definition`'s exit condition (`exitWhen`) holds for the runner now.
    public static func exits(_ state: RunnerState, in definition: SequenceDefinition) -> Bool {
        definition.exitWhen?.holds(for: state.snapshot) ?? false
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

    /// Stays at the step, attempts untouched: nothing was decided for the runner. It is due again
    /// just after `now`, so the next tick (not this one) looks at it.
    func keep(_ state: RunnerState, reason: String, now: Date) -> Outcome {
        var next = state
        next.wakeAt = Self.nextTick(after: now)
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: .kept, message: reason, at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }

    /// Enters `target` (or completes when it is `nil`): a new visit, due at once, attempts reset.
    /// Entering a Goal step marks that goal reached (it no longer pulls the runner).
    func enter(_ target: String?, from state: RunnerState, action: HistoryAction, message: String?,
               definition: SequenceDefinition, now: Date) -> Outcome {
        var next = state
        next.attempts = 0
        next.lastError = nil
        guard let target else {
            next.status = .completed
            next.wakeAt = .distantFuture
            let entries = [
                HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: action, message: message, at: now),
                HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: .completed, message: nil, at: now),
            ]
            return Outcome(state: next, history: entries, entered: false)
        }
        next.step = target
        next.stepEnteredAt = now
        next.visit += 1
        next.wakeAt = .distantPast
        if Self.isGoal(target, in: definition) {
            next.goalsReached.insert(target)
        }
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: target, action: action, message: message, at: now)
        return Outcome(state: next, history: [entry], entered: true)
    }

    /// Whether `key` names a Goal step of `definition`.
    static func isGoal(_ key: String, in definition: SequenceDefinition) -> Bool {
        if case .builtin(.goal)? = definition.step(key)?.runner { return true }
        return false
    }

    /// Just after `now`: this tick's later claims skip the runner and the next tick takes it.
    static func nextTick(after now: Date) -> Date { now.addingTimeInterval(0.001) }

    private func wait(_ state: RunnerState, until wake: Wake, now: Date) -> Outcome {
        var next = state
        next.attempts = 0
        next.lastError = nil
        switch wake {
        case .at(let date): next.wakeAt = max(date, Self.nextTick(after: now))
        case .onDataChange: next.wakeAt = .distantFuture
        case .nextTick: next.wakeAt = Self.nextTick(after: now)
        }
        return Outcome(state: next, history: [], entered: false)
    }

    private func fail(_ state: RunnerState, _ reason: String, now: Date) -> Outcome {
        var next = state
        next.attempts += 1
        next.lastError = reason
        let message = "attempt \(next.attempts) of \(retry.maxAttempts): \(reason)"
        let action: HistoryAction
        if retry.allowsAnother(after: next.attempts) {
            action = .error
            next.wakeAt = now.addingTimeInterval(retry.delay(afterAttempt: next.attempts))
        } else {
            action = .failed
            next.status = .failed
            next.wakeAt = .distantFuture
        }
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: action, message: message, at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }
}
