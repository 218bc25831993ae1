#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RunnerMachine {
    /// A new runner at the entry step of `definition` (version `version`), due at once: visit 1,
    /// `stepEnteredAt` = `now`, history `enrolled`. An entry step that is a Goal counts as reached.
    /// - Parameters:
    ///   - id: the runner's id.
    ///   - data: its data (a JSON object).
    ///   - now: the engine clock (UTC).
    public func enroll(_ id: String, data: JSONValue, in definition: SequenceDefinition, version: Int, now: Date) -> Outcome {
        var state = RunnerState(id: id, sequence: definition.name, version: version, step: definition.start, data: data,
                                stepEnteredAt: now, wakeAt: .distantPast)
        if Self.isGoal(definition.start, in: definition) {
            state.goalsReached = [definition.start]
        }
        let entry = HistoryEntry(runnerID: id, fromStep: nil, toStep: definition.start, action: .enrolled, message: nil, at: now)
        return Outcome(state: state, history: [entry], entered: true)
    }

    /// Cancels an active runner: status `cancelled`, never due again, lease released (by the
    /// store), history `cancelled`.
    /// - Returns: `nil` when the runner is not active (nothing changes).
    public func cancel(_ state: RunnerState, now: Date) -> Outcome? {
        guard state.status == .active else { return nil }
        var next = state
        next.status = .cancelled
        next.wakeAt = .distantFuture
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: .cancelled, message: nil, at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }

    /// Makes a failed runner active again at the step where it failed, due at once, attempts and
    /// error cleared, history `retried` (from and to that step).
    /// - Returns: `nil` when the runner is not failed (nothing changes).
    public func retry(_ state: RunnerState, now: Date) -> Outcome? {
        guard state.status == .failed else { return nil }
        var next = state
        next.status = .active
        next.attempts = 0
        next.lastError = nil
        next.wakeAt = .distantPast
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: state.step, action: .retried, message: nil, at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }

    /// Marks a runner failed because its stored row cannot be read (its subject's data holds what
    /// JSON cannot carry, e.g. a number beyond `Double` or nesting deeper than 512): nothing can be
    /// decided for it until the data is fixed and the runner retried (`sequencer retry`).
    public func unreadable(_ state: RunnerState, reason: String, now: Date) -> Outcome {
        var next = state
        next.status = .failed
        next.wakeAt = .distantFuture
        next.lastError = "its stored data cannot be read: \(reason)"
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: nil, action: .failed,
                                 message: "\(next.lastError!) (fix the subject's data, then sequencer retry)", at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }
}
