#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whether a Lambda tick starts further tick workers, and how many: pure arithmetic over what
/// the tick measured of itself (docs/scaling.md, "Fan-out").
///
/// The tick first runs a short probe; from it comes its rate (runners examined per second). What
/// it can still move before its deadline is `rate × secondsLeft`; a worker started now moves about
/// `rate × workerSeconds` (its invocation's time less the margin). When the due backlog exceeds
/// both the threshold and what this invocation can move, it starts enough workers for the rest,
/// at most `maxConcurrency − 1` (itself is one). Workers share the backlog through
/// `FOR UPDATE SKIP LOCKED` and end when nothing is due, so every runner still moves once.
public struct FanOut: Sendable, Hashable {
    /// Runners examined by the probe, and the seconds it took.
    public var probeExamined: Int
    public var probeSeconds: Double
    /// Runners still due after the probe (a bounded count: at most ``countLimit``).
    public var backlog: Int
    /// Seconds this invocation has left to tick, and seconds a worker started now has.
    public var secondsLeft: Double
    public var workerSeconds: Double
    /// `tick.maxConcurrency`: invocations ticking at once, this one included.
    public var maxConcurrency: Int
    /// `tick.fanOutBacklog`: no worker is started for a backlog at or below it.
    public var threshold: Int

    public init(probeExamined: Int, probeSeconds: Double, backlog: Int, secondsLeft: Double, workerSeconds: Double,
                maxConcurrency: Int, threshold: Int) {
        self.probeExamined = probeExamined
        self.probeSeconds = probeSeconds
        self.backlog = backlog
        self.secondsLeft = secondsLeft
        self.workerSeconds = workerSeconds
        self.maxConcurrency = maxConcurrency
        self.threshold = threshold
    }

    /// Runners examined per second in the probe; 0 when it examined nothing or took no time.
    public var rate: Double {
        probeExamined > 0 && probeSeconds > 0 ? Double(probeExamined) / probeSeconds : 0
    }

    /// How many runners the backlog count needs to look at to decide: one more than all the
    /// workers could move (a larger backlog changes nothing), and at least one more than
    /// `threshold` (so that a backlog above it is seen as above it, however slow the probe was).
    public static func countLimit(rate: Double, workerSeconds: Double, maxConcurrency: Int, threshold: Int = 0) -> Int {
        let most = rate * max(0, workerSeconds) * Double(max(1, maxConcurrency))
        let needed = most.isFinite ? min(most, 100_000_000) : 100_000_000
        return Int(max(needed, Double(min(max(0, threshold), 100_000_000)))) + 1
    }

    /// The workers to start now (0 when one invocation suffices, fan-out is off, or the rate is
    /// unknown).
    public var workers: Int {
        guard maxConcurrency > 1, backlog > threshold, rate > 0, workerSeconds > 0 else { return 0 }
        let rest = Double(backlog) - rate * max(0, secondsLeft)
        guard rest > 0 else { return 0 }
        let needed = (rest / (rate * workerSeconds)).rounded(.up)
        return Int(min(needed, Double(maxConcurrency - 1)))
    }
}

/// When a Lambda tick with `tick.intervalSeconds` runs its next pass: one scheduled invocation
/// ticks every `interval` seconds until shortly before the next schedule, so waits resolve
/// within `interval` seconds with one EventBridge rule (docs/scaling.md, "Sub-minute ticks").
public enum TickCadence {
    /// The start of the next pass: `interval` after the last pass started, or at once when the
    /// pass ran longer; `nil` when it would start at or after `windowEnd` (the next schedule, or
    /// the invocation's deadline, less the safety margin), or when `interval` is 0 (one pass).
    public static func nextPass(lastStart: Date, lastEnd: Date, interval: TimeInterval, windowEnd: Date) -> Date? {
        guard interval > 0 else { return nil }
        let next = max(lastStart.addingTimeInterval(interval), lastEnd)
        return next < windowEnd ? next : nil
    }
}
