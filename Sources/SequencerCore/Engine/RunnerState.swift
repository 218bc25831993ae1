import Foundation

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
}

/// The engine's view of one runner while a tick works on it (a row of `runners`).
public struct RunnerState: Sendable, Hashable {
    public var id: String
    public var sequence: String
    /// The sequence version the runner was enrolled in; it stays on it.
    public var version: Int
    public var step: String
    public var data: JSONValue
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

    public init(id: String, sequence: String, version: Int, step: String, data: JSONValue, stepEnteredAt: Date,
                status: RunnerStatus = .active, wakeAt: Date = .distantPast, attempts: Int = 0, lastError: String? = nil,
                visit: Int = 1, goalsReached: Set<String> = [], dataRevision: Int64 = 0) {
        self.id = id
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
        RunnerSnapshot(id: id, data: data, sequence: sequence, step: step, stepEnteredAt: stepEnteredAt)
    }
}

/// One line of a runner's history (a row of `runner_history`).
public struct HistoryEntry: Sendable, Hashable {
    public var runnerID: String
    /// `nil` for the enrolment entry.
    public var fromStep: String?
    /// `nil` when the runner left the sequence (completed, failed, cancelled) or stayed (error).
    public var toStep: String?
    /// `enrolled`, `next`, `altNext`, `goTo`, `goal`, `completed`, `error`, `failed`, `cancelled`.
    public var action: String
    public var message: String?
    /// The engine clock's time of the move (UTC).
    public var at: Date

    public init(runnerID: String, fromStep: String?, toStep: String?, action: String, message: String?, at: Date) {
        self.runnerID = runnerID
        self.fromStep = fromStep
        self.toStep = toStep
        self.action = action
        self.message = message
        self.at = at
    }
}

/// How task-runner errors are retried: exponential backoff from `baseDelay`, doubling per
/// attempt up to `maxDelay`; the runner is marked failed at `maxAttempts`.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    /// Seconds before the first retry.
    public var baseDelay: TimeInterval
    /// Upper bound of the delay, seconds.
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 60, maxDelay: TimeInterval = 3_600) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after the `attempt`-th failure (1-based).
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
    }
}
