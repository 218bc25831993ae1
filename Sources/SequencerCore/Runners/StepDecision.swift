#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the engine does with one runner after its step's task runner has looked at it.
public enum StepDecision: Sendable, Hashable {
    /// Follow `next` or `altNext` (a `noop` is ``wait(_:message:)``).
    case move(TaskAction, message: String?)
    /// Jump to a step by key (GoTo).
    case jump(to: String, message: String?)
    /// Stay at the step until `wake`.
    case wait(Wake, message: String?)
    /// Stay at the step until `until` (UTC) with a `held` history line saying why: a message
    /// reached in quiet hours, or over a frequency cap.
    case hold(until: Date, reason: String)
    /// Follow `next` without doing the step's work (a message over a frequency cap with
    /// `"onCap": "skip"`), with a `skipped` history line.
    case skip(reason: String)
    /// Enter the step `target` (`nil`: complete the sequence), with a `split` history line: the
    /// branch a `Split` step chose.
    case branch(to: String?, message: String)
    /// Hand a message to the email/SMS provider; on success the runner follows `next`.
    case deliver(OutgoingMessage)
    /// The runner could not be handled; counts as a failed attempt.
    case fail(StepFailure)
    /// Nothing was decided for the runner (a custom runner left it out of its answer, or the
    /// engine cannot reach the provider): it stays as it is, attempts untouched, and is looked at
    /// again at the next tick; the reason goes to its history.
    case keep(reason: String)
}

/// When a waiting runner needs another look.
public enum Wake: Sendable, Hashable {
    /// At this instant (UTC) or later.
    case at(Date)
    /// Only when its data changes (a Goal whose condition does not hold yet).
    case onDataChange
    /// At the next tick (a custom runner that gave no `wakeAt`, as in the original).
    case nextTick
}

/// Why one runner could not be handled at a step: the config field and the reason.
/// Never holds secrets: only rendered config values and the runner's own data.
public struct StepFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The config field involved, e.g. `to`; empty when not about one field.
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.isEmpty ? reason : "config.\(field): \(reason)" }
}

extension StepDecision {
    /// The wire-protocol answer for `runnerID` (a delivery is reported as `next`: the caller sent it).
    public func answer(for runnerID: String) -> TaskAnswer {
        switch self {
        case .move(let action, let message): TaskAnswer(id: runnerID, action: action, message: message)
        case .jump(let target, let message): TaskAnswer(id: runnerID, action: .next, message: message ?? "go to \(target)")
        case .wait(.at(let date), let message): TaskAnswer(id: runnerID, action: .noop, message: message, wakeAt: date)
        case .wait(_, let message): TaskAnswer(id: runnerID, action: .noop, message: message)
        case .hold(let until, let reason): TaskAnswer(id: runnerID, action: .noop, message: reason, wakeAt: until)
        case .skip(let reason): TaskAnswer(id: runnerID, action: .next, message: reason)
        case .branch(let target, let message): TaskAnswer(id: runnerID, action: .next, message: message + " → " + (target ?? "completion"))
        case .deliver(let outgoing): TaskAnswer(id: runnerID, action: .next, message: outgoing.summary)
        case .fail(let failure): TaskAnswer(id: runnerID, action: .noop, message: failure.description, error: failure.description)
        case .keep(let reason): TaskAnswer(id: runnerID, action: .noop, message: reason)
        }
    }
}
