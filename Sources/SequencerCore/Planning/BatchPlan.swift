#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the engine must do outside the database for a runner parked at a step: the I/O the
/// planner cannot do itself.
public enum Effect: Sendable, Hashable {
    /// Hand a rendered message to a provider that is not the ledger itself (SES, SNS), through
    /// the delivery ledger: the record's status is `pending`.
    case send(DeliveryRecord)
    /// Ask a custom task runner (a Lambda function) to decide for the runner.
    case invoke(CustomRunnerCall)
    /// Ask a Swift task runner that performs I/O to decide for the runner (after the commit).
    case run(TaskRunnerCall)
}

/// A step of a Swift task runner that performs I/O: the runners parked at it are decided by one
/// call per step and batch, after the batch's commit.
public struct TaskRunnerCall: Sendable, Hashable {
    /// The runner's name (``TaskRunner/name``).
    public var name: String
    /// The step's config, as written in the definition.
    public var config: JSONValue
    /// The step's key.
    public var step: String
    /// The sequence version the step belongs to.
    public var sequence: SequenceVersion

    public init(name: String, config: JSONValue, step: String, sequence: SequenceVersion) {
        self.name = name
        self.config = config
        self.step = step
        self.sequence = sequence
    }
}

/// A custom task runner's step, as one invocation event carries it (`{config, runners}`).
public struct CustomRunnerCall: Sendable, Hashable {
    /// The Lambda function, by ARN or name.
    public var function: String
    /// The step's config, as written in the definition.
    public var config: JSONValue
    /// The step's key.
    public var step: String
    /// The sequence version the step belongs to (one event per step and batch).
    public var sequence: SequenceVersion

    public init(function: String, config: JSONValue, step: String, sequence: SequenceVersion) {
        self.function = function
        self.config = config
        self.step = step
        self.sequence = sequence
    }
}

/// What came of an ``Effect``; the planner turns it into the runner's decision at its step
/// (``BatchPlanner/resume(_:results:definitions:now:)``).
public enum EffectResult: Sendable, Hashable {
    /// The provider accepted the message now (with its message id, if it gives one).
    case delivered(messageID: String?)
    /// An earlier, interrupted attempt left a ledger row for this visit (`sent` or `pending`):
    /// not sent again (at most once); the note says which.
    case notRepeated(note: String)
    /// The provider refused the message: a failed attempt of the runner.
    case refused(reason: String)
    /// Not attempted or not accepted for a reason that is not the runner's (throttling past the
    /// retries, no credentials, a call that may have run and will be made again): the runner
    /// stays, attempts untouched.
    case deferred(reason: String)
    /// The provider may have sent it (a timeout after the request left, a 5xx): the ledger row is
    /// `uncertain`, the runner moves on, and it is never sent again automatically.
    case uncertain(reason: String)
    /// Not attempted: the tick's deadline was too near, or the runner's lease was lost. The
    /// runner stays as it was, due at the next tick; no history line.
    case postponed
    /// A custom task runner's decision.
    case decided(StepDecision)
    /// Not sent: a frequency cap of its channel is reached until `until` (UTC). The step's
    /// `onCap` decides: hold the runner until then (`wait`) or follow `next` without it (`skip`).
    case overCap(FrequencyCap, until: Date)
}

/// A runner stopped before a step that needs I/O, with what the engine must do for it.
public struct ParkedRunner: Sendable, Hashable {
    /// Its state when it was parked (at the step of the effect).
    public var state: RunnerState
    public var effect: Effect
    /// Decisions it may still take this tick, the parked one included.
    public var budget: Int
    /// Whether it already moved a step this tick (it counts once in the summary's `moved`).
    public var movedBefore: Bool

    public init(state: RunnerState, effect: Effect, budget: Int, movedBefore: Bool) {
        self.state = state
        self.effect = effect
        self.budget = budget
        self.movedBefore = movedBefore
    }
}

/// How one runner's part of a plan ended, for the tick summary.
public enum PlannedOutcome: String, Sendable, Hashable, CaseIterable {
    /// Waiting at a step (a wait, a Goal, a custom runner's `noop`).
    case waiting
    /// Left its sequence.
    case completed
    /// Marked failed after its last attempt.
    case failed
    /// A failed attempt recorded; it will be retried.
    case error
    /// Nothing was decided for it (`kept`): it stays, attempts untouched.
    case kept
    /// Hit the per-tick step bound; continues next tick.
    case bounded
    /// Parked for I/O: its effect follows the write.
    case parked
    /// Its effect was not attempted (the deadline, a lost lease): due at the next tick.
    case postponed
}

/// One runner in a plan: its new state and what happened to it.
public struct PlannedRunner: Sendable, Hashable {
    public var state: RunnerState
    public var outcome: PlannedOutcome
    /// Whether it entered a step or completed in this plan and had not been counted before.
    public var moved: Bool
    /// Steps it moved in this plan (goal jumps, GoTos, each step of a chain).
    public var transitions: Int
    /// Messages of it handed to a provider (or the outbox) in this plan.
    public var sent: Int
    /// Messages of it that may have been sent (ledger `uncertain`) in this plan.
    public var uncertain: Int = 0
}

/// The decisions for one batch, with no I/O done: the new states and history lines to write,
/// the outbox's ledger rows, and the runners parked for I/O with their effects. The engine
/// applies it: the batch write, then the effects, then (through ``BatchPlanner/resume(_:results:definitions:now:)``)
/// the follow-up plan's write.
public struct BatchPlan: Sendable {
    /// Every runner of the batch, in claim order; parked ones with their state at parking.
    public var runners: [PlannedRunner]
    /// History lines of every runner, in order.
    public var history: [HistoryEntry]
    /// Ledger rows recorded with the move (outbox messages, status `sent`).
    public var deliveries: [DeliveryRecord]
    /// Runners that need an effect, in claim order.
    public var parked: [ParkedRunner]
    /// Runners claimed for this plan (0 for a follow-up plan: they were counted when claimed).
    public var examined: Int
    /// The tick's engine time the plan was made at (UTC).
    public var at: Date

    /// The store write of this plan; parked runners get `lease`.
    /// - Parameter lease: owner and expiry for the parked runners; `nil` when none are parked.
    public func write(lease: (owner: String, until: Date)?) -> BatchWrite {
        let leased = lease.map { BatchLease(owner: $0.owner, until: $0.until, runnerIDs: Set(parked.map(\.state.id))) }
        return BatchWrite(runners: runners.map(\.state), history: history, deliveries: deliveries,
                          lease: parked.isEmpty ? nil : leased, at: at)
    }

    /// The tick summary's figures for this plan, counting only the runners the store wrote.
    /// - Parameter written: the ids the store wrote (``RunnerStore/write(_:claim:)``).
    public func summary(written: Set<String>) -> TickSummary {
        var summary = TickSummary()
        summary.examined = examined
        for runner in runners {
            guard written.contains(runner.state.id) else {
                summary.skipped += 1
                continue
            }
            if runner.moved { summary.moved += 1 }
            summary.transitions += runner.transitions
            summary.deliveries += runner.sent
            summary.uncertain += runner.uncertain
            summary.count(runner.outcome)
        }
        return summary
    }
}
