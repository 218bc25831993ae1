#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The engine's source of time and its way to wait: the system clock in production, a manual
/// clock in tests (`SequencerTestSupport.ManualClock`), so no test waits for real time.
///
/// Used for what happens in real time within a tick — retry backoff of provider and Lambda
/// calls, the send-rate limit — not for the tick's own instant (`now`), which is given per tick.
public protocol EngineClock: Sendable {
    /// The current time (UTC).
    func now() -> Date
    /// Blocks the calling thread for `seconds` (a manual clock advances instead).
    func sleep(seconds: TimeInterval)
}
