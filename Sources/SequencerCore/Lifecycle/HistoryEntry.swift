#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a history line records, as stored in `runner_history.action`.
///
/// Every transition of the runner lifecycle (``RunnerMachine``) writes exactly one of these.
public enum HistoryAction: String, Sendable, Hashable, CaseIterable {
    /// Entered the sequence at its entry step.
    case enrolled
    /// Followed the step's `next`.
    case next
    /// Followed the step's `altNext`.
    case altNext
    /// Jumped to a step named by a `GoTo`.
    case goTo
    /// Pulled to a Goal step whose condition holds.
    case goal
    /// Took a branch of a `Split` step (`toStep` is the branch's step, `nil` for a branch that
    /// ends the sequence); the message names the branch.
    case split
    /// A message step's send was held: reached in quiet hours or over a frequency cap; the runner
    /// stays at the step until the time the message names.
    case held
    /// A message step's send was skipped (over a frequency cap with `"onCap": "skip"`); the
    /// runner followed `next` without it.
    case skipped
    /// Left the sequence (no `next`/`altNext`); follows the move that ended it.
    case completed
    /// A failed attempt that will be retried with backoff.
    case error
    /// The last failed attempt: the runner is `failed`.
    case failed
    /// Nothing was decided (a custom runner left it out, a provider cannot be reached): it stays,
    /// attempts untouched.
    case kept
    /// Cancelled by the application.
    case cancelled
    /// Left the sequence because its exit condition (`exitWhen`) held.
    case exited
    /// A failed runner made active again by an operator (`sequencer retry`).
    case retried
    /// Moved by an operator to another version of its sequence (`sequencer sequences migrate`),
    /// at the same step or at the step the migration maps it to; the message names both versions.
    case migrated
}

/// One line of a runner's history (a row of `runner_history`).
public struct HistoryEntry: Sendable, Hashable {
    public var runnerID: String
    /// `nil` for the enrolment entry.
    public var fromStep: String?
    /// `nil` when the runner left the sequence (completed, failed, cancelled) or stayed (error, kept).
    public var toStep: String?
    public var action: HistoryAction
    public var message: String?
    /// The engine clock's time of the move (UTC).
    public var at: Date

    public init(runnerID: String, fromStep: String?, toStep: String?, action: HistoryAction, message: String?, at: Date) {
        self.runnerID = runnerID
        self.fromStep = fromStep
        self.toStep = toStep
        self.action = action
        self.message = message
        self.at = at
    }
}
