#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// How a failing thing is tried again: at most `maxAttempts` attempts, waiting `baseDelay`
/// seconds after the first failure and doubling per failure up to `maxDelay` seconds.
///
/// One type for every retry of the engine: task-runner errors of a runner (attempts spread over
/// ticks: defaults 5 attempts, 60 s, capped at 1 h) and calls to providers and Lambda within a
/// tick (``RetryPolicy/calls``: 3 attempts, 0.2 s, 0.4 s).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; at least 1.
    public var maxAttempts: Int
    /// Seconds to wait after the first failed attempt.
    public var baseDelay: TimeInterval
    /// Upper bound of any one wait, seconds.
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 60, maxDelay: TimeInterval = 3_600) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The policy for calls to outside services within one tick (SES, SNS, Lambda `Invoke`):
    /// `attempts` tries, 0.2 s after the first failure, doubling, at most 5 s.
    public static func calls(attempts: Int = 3) -> RetryPolicy {
        RetryPolicy(maxAttempts: attempts, baseDelay: 0.2, maxDelay: 5)
    }

    /// Seconds to wait after the `attempt`-th failure (1-based).
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(maxDelay, baseDelay * pow(2, Double(min(62, max(0, attempt - 1)))))
    }

    /// Whether another attempt follows the `attempt`-th failure (1-based).
    public func allowsAnother(after attempt: Int) -> Bool {
        attempt < maxAttempts
    }
}
