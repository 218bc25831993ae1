#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
    /// Seconds a send or a call needs at least before the deadline; one with less time left is
    /// not started (its runner stays due for the next tick).
    public var minimumCallSeconds: TimeInterval = 2
    /// Seconds one send may take at most (the provider call's timeout, shortened to what is left
    /// before the deadline).
    public var sendTimeoutSeconds: TimeInterval = 30
    /// Seconds one custom-runner invocation may take at most (shortened likewise).
    public var invocationTimeoutSeconds: TimeInterval = 60
    /// How large a rendered email or SMS may be (the configuration's `limits.emailPartBytes` and
    /// `limits.smsCharacters`); a larger one is a failed attempt naming the field.
    public var messageLimits = MessageLimits()
    /// On Lambda: tick invocations at once, fan-out workers included (`tick.maxConcurrency`,
    /// ``FanOut``); 1 turns fan-out off.
    public var maxConcurrency: Int = 10
    /// On Lambda: no fan-out worker is started for a due backlog of this many runners or fewer
    /// (`tick.fanOutBacklog`).
    public var fanOutBacklog: Int = 10_000
    /// On Lambda: seconds between tick passes within one scheduled invocation
    /// (`tick.intervalSeconds`, ``TickCadence``); 0: one pass per invocation.
    public var intervalSeconds: TimeInterval = 0
    /// On Lambda: seconds between scheduled invocations (`tick.scheduleSeconds`, the EventBridge
    /// rule's rate): passes stop shortly before the next one.
    public var scheduleSeconds: TimeInterval = 60

    public init(batchSize: Int = 1_000, maxStepsPerRunner: Int = 25, leaseSeconds: TimeInterval = 300,
                retry: RetryPolicy = RetryPolicy(), safetyMarginSeconds: TimeInterval = 10) {
        self.batchSize = batchSize
        self.maxStepsPerRunner = maxStepsPerRunner
        self.leaseSeconds = leaseSeconds
        self.retry = retry
        self.safetyMarginSeconds = safetyMarginSeconds
    }
}
