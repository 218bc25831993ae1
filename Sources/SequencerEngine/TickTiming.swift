#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// The times of one tick: its engine instant, how far real time has moved since it started, and
/// its deadline — what tells the tick whether an effect can still be started, and until when
/// (engine clock) a lease it writes or renews must run.
///
/// Leases are compared with engine time by other ticks (`lease_until < now`). A tick's engine
/// instant is fixed, so a lease computed from it alone would already be over after a long tick;
/// leases count from ``engineNow()``, the tick's instant advanced by the real time elapsed.
struct TickTiming: Sendable {
    /// The tick's engine instant (UTC): every decision is taken at it.
    let now: Date
    /// The clock's reading when the tick started.
    let startedOnClock: Date
    /// When the tick must be done, on the clock; `nil`: no deadline.
    let deadline: Date?
    let clock: any EngineClock
    /// Seconds an effect needs at least before the deadline.
    let minimumCallSeconds: TimeInterval

    /// The engine time now: the tick's instant plus the real time elapsed since it started.
    func engineNow() -> Date {
        now.addingTimeInterval(max(0, clock.now().timeIntervalSince(startedOnClock)))
    }

    /// Seconds left before the deadline (`.infinity` without one).
    func secondsLeft() -> TimeInterval {
        deadline.map { $0.timeIntervalSince(clock.now()) } ?? .infinity
    }

    /// The timeout an effect may take now, at most `limit`; `nil` when too little time is left to
    /// start it (less than ``minimumCallSeconds``).
    func callTimeout(atMost limit: TimeInterval) -> TimeInterval? {
        let left = secondsLeft()
        guard left >= minimumCallSeconds else { return nil }
        return min(limit, left)
    }

    /// Whether another batch may be claimed: the deadline has not come (a batch's own decisions
    /// and write take milliseconds; its effects check the deadline again, one by one).
    func allowsMoreWork() -> Bool {
        secondsLeft() > 0
    }

    /// A lease from now (engine time) for `seconds`.
    func lease(owner: String, seconds: TimeInterval) -> LeaseClaim {
        let current = engineNow()
        return LeaseClaim(owner: owner, now: current, until: current.addingTimeInterval(seconds))
    }
}
