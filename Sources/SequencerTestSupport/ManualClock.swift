import Foundation
import SequencerCore

/// A clock tests move by hand: `sleep` advances it instantly and records the wait, so retry
/// backoff and send pacing are checked without waiting for real time.
public final class ManualClock: EngineClock, @unchecked Sendable {
    // @unchecked: fields are read and written under `lock`.
    private let lock = NSLock()
    private var current: Date
    private var waits: [TimeInterval] = []

    /// - Parameter start: the clock's first reading (UTC).
    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_603_600)) {
        current = start
    }

    public func now() -> Date { lock.withLock { current } }

    /// Advances the clock by `seconds` (when positive) and records the wait.
    public func sleep(seconds: TimeInterval) {
        lock.withLock {
            waits.append(seconds)
            if seconds.isFinite, seconds > 0 { current = current.addingTimeInterval(seconds) }
        }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(_ seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    /// Every wait asked for, in order (seconds).
    public var sleeps: [TimeInterval] { lock.withLock { waits } }
}
