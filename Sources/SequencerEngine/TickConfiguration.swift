import Foundation
import SequencerCore

/// Settings of one tick.
public struct TickConfiguration: Sendable {
    /// Runners claimed and written per batch; bounds the tick's memory.
    public var batchSize: Int
    /// Steps one runner may take in one tick before it is left for the next tick (stops runaway loops).
    public var maxStepsPerRunner: Int
    /// Seconds a claim is leased; a crashed tick's runners are taken again after it.
    public var leaseSeconds: TimeInterval
    /// Retry and failure of task-runner errors.
    public var retry: RetryPolicy
    /// In Lambda, seconds before the invocation's deadline at which the tick stops claiming batches.
    public var safetyMarginSeconds: TimeInterval
    /// Custom task runners (Lambda functions) invoked at once, across steps.
    public var maxConcurrentInvocations: Int = 4
    /// Attempts per custom-runner invocation when it is throttled or times out (backoff 0.2 s, 0.4 s, …).
    public var invocationAttempts: Int = 3
    /// Batches worked on at once, each on its own database connection: while PostgreSQL writes
    /// one batch the engine decides the next. Memory grows with `workers × batchSize`.
    public var workers: Int = 2

    public init(batchSize: Int = 1_000, maxStepsPerRunner: Int = 25, leaseSeconds: TimeInterval = 300,
                retry: RetryPolicy = RetryPolicy(), safetyMarginSeconds: TimeInterval = 10) {
        self.batchSize = batchSize
        self.maxStepsPerRunner = maxStepsPerRunner
        self.leaseSeconds = leaseSeconds
        self.retry = retry
        self.safetyMarginSeconds = safetyMarginSeconds
    }
}

/// What one tick did, as `sequencer tick` prints it.
public struct TickSummary: Sendable, Hashable {
    /// Runners claimed and looked at; a runner whose data changed during the tick is due again at
    /// once (its Goals are re-checked) and counts again.
    public var examined = 0
    /// Runners that moved at least one step.
    public var moved = 0
    /// Steps moved in all (a runner through an instant chain counts each step).
    public var transitions = 0
    /// Runners left waiting at a step.
    public var waiting = 0
    /// Runners that left their sequence.
    public var completed = 0
    /// Task-runner errors recorded (attempts that will be retried).
    public var errors = 0
    /// Runners marked failed after their last attempt.
    public var failed = 0
    /// Emails and SMS handed to the provider.
    public var deliveries = 0
    /// Runners whose write was skipped: their lease was lost or they were cancelled meanwhile.
    public var skipped = 0
    /// Runners that hit the per-tick step bound and were left for the next tick.
    public var bounded = 0
    public var batches = 0
    /// Wall-clock seconds.
    public var elapsed: TimeInterval = 0

    public init() {}

    mutating func add(_ other: TickSummary) {
        examined += other.examined
        moved += other.moved
        transitions += other.transitions
        waiting += other.waiting
        completed += other.completed
        errors += other.errors
        failed += other.failed
        deliveries += other.deliveries
        skipped += other.skipped
        bounded += other.bounded
        batches += other.batches
    }
}
