#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// Calls an outside service under a ``RetryPolicy``: retryable failures (throttling, 5xx,
/// timeouts) are tried again after the policy's backoff, waited on the engine clock — so tests
/// with a manual clock never wait for real time.
struct Retrying {
    let policy: RetryPolicy
    let clock: any EngineClock
    /// When given, no wait is started that would leave too little time before its deadline.
    var timing: TickTiming? = nil

    /// Runs `call` until it succeeds, fails for good, or the policy's attempts are used.
    /// - Parameters:
    ///   - call: one attempt; gets the attempt number (1-based).
    ///   - onRetry: told of each failure that will be retried, before the wait.
    /// - Returns: the first success, or the last failure.
    func run<T>(_ call: (Int) throws(ServiceCallError) -> T,
                onRetry: (Int, ServiceCallError) -> Void = { _, _ in }) -> Result<T, ServiceCallError> {
        var attempt = 1
        while true {
            do {
                return .success(try call(attempt))
            } catch {
                let delay = policy.delay(afterAttempt: attempt)
                guard error.isRetryable, policy.allowsAnother(after: attempt),
                      (timing.map { $0.secondsLeft() - delay >= $0.minimumCallSeconds } ?? true) else { return .failure(error) }
                onRetry(attempt, error)
                clock.sleep(seconds: delay)
                attempt += 1
            }
        }
    }
}

/// The system's clock: `Date()` and a real sleep of the calling thread.
public struct SystemClock: EngineClock {
    public init() {}

    public func now() -> Date { Date() }

    /// Sleeps `seconds` (nothing for zero, negative or non-finite values; at most a day).
    public func sleep(seconds: TimeInterval) {
        guard seconds.isFinite, seconds > 0 else { return }
        DetachedThread.sleep(seconds: min(seconds, 86_400))
    }
}
