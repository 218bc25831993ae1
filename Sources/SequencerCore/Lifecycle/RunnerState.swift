#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A runner's lifecycle status, as stored in `runners.status`.
public enum RunnerStatus: String, Sendable, Hashable, CaseIterable {
    /// Moving through its sequence.
    case active
    /// Left the sequence through a step with no `next`/`altNext`.
    case completed
    /// Stopped after the configured number of failed attempts at one step.
    case failed
    /// Cancelled by the application.
    case cancelled
    /// Left its sequence because the sequence's exit condition (`exitWhen`) held.
    case exited

    /// Whether the runner still moves (only `active` does).
    public var isActive: Bool { self == .active }
}

/// The engine's view of one runner while a tick works on it (a row of `runners`).
public struct RunnerState: Sendable, Hashable {
    public var id: String
    /// The subject whose walk this is; its data is shared by all its runners.
    public var subject: String
    public var sequence: String
    /// The sequence version the runner was enrolled in; it stays on it.
    public var version: Int
    public var step: String
    /// The subject's data, as read with the runner.
    public var data: JSONValue
    /// The enrolment's own payload (templates and paths read it as `event.*`).
    public var event: JSONValue
    /// When it entered `step` (UTC).
    public var stepEnteredAt: Date
    public var status: RunnerStatus
    /// When it is next due (UTC); `.distantFuture` = only on a data change, `.distantPast` = now.
    public var wakeAt: Date
    /// Failed attempts at the current step.
    public var attempts: Int
    public var lastError: String?
    /// Counts the steps entered (1 at enrolment); with `step` it names one visit, for the delivery ledger.
    public var visit: Int
    /// Goal steps the runner has entered; their goal no longer pulls it.
    public var goalsReached: Set<String>
    /// Bumped by the database whenever `data` changes, so a tick does not overwrite a fresher wake-up.
    public var dataRevision: Int64

    /// - Parameter subject: the subject's id; `nil` means the runner's id (one runner per subject).
    public init(id: String, subject: String? = nil, sequence: String, version: Int, step: String, data: JSONValue,
                event: JSONValue = .object([:]), stepEnteredAt: Date, status: RunnerStatus = .active, wakeAt: Date = .distantPast,
                attempts: Int = 0, lastError: String? = nil, visit: Int = 1, goalsReached: Set<String> = [], dataRevision: Int64 = 0) {
        self.id = id
        self.subject = subject ?? id
        self.event = event
        self.sequence = sequence
        self.version = version
        self.step = step
        self.data = data
        self.stepEnteredAt = stepEnteredAt
        self.status = status
        self.wakeAt = wakeAt
        self.attempts = attempts
        self.lastError = lastError
        self.visit = visit
        self.goalsReached = goalsReached
        self.dataRevision = dataRevision
    }

    /// The runner as task runners see it.
    public var snapshot: RunnerSnapshot {
        RunnerSnapshot(id: id, subject: subject, data: data, event: event, sequence: sequence, step: step, stepEnteredAt: stepEnteredAt)
    }

    /// The sequence version it runs on.
    public var sequenceVersion: SequenceVersion { SequenceVersion(name: sequence, version: version) }
}

/// One version of one sequence: the key definitions are stored and looked up by.
public struct SequenceVersion: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// 1 for the first version applied.
    public var version: Int

    public init(name: String, version: Int) {
        self.name = name
        self.version = version
    }

    public var description: String { "\(name) v\(version)" }
}
