#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What one tick did: the one summary the CLI prints (``text(at:)``), the Lambda tick handler
/// answers (``json``) and the logs carry. Every figure is derived from the tick's plans
/// (``BatchPlan/summary(written:)``) and added up across batches and workers.
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
    /// Runners kept where they were with nothing decided (history `kept`): a custom runner left
    /// them out, or a provider or Lambda could not be reached with this configuration.
    public var kept = 0
    /// Emails and SMS handed to the provider.
    public var deliveries = 0
    /// Messages that may have been sent (a timeout after the request left, a 5xx, a tick that
    /// died around the call): ledger `uncertain`, never resent automatically.
    public var uncertain = 0
    /// Runners whose effect was not attempted this tick (its deadline, a lost lease): due again.
    public var postponed = 0
    /// Runners whose write was skipped: their lease was lost or they were cancelled meanwhile.
    public var skipped = 0
    /// Runners that hit the per-tick step bound and were left for the next tick.
    public var bounded = 0
    /// Batches claimed.
    public var batches = 0
    /// Wall-clock seconds.
    public var elapsed: TimeInterval = 0

    public init() {}

    /// Adds another part's figures (not `elapsed`).
    public mutating func add(_ other: TickSummary) {
        examined += other.examined
        moved += other.moved
        transitions += other.transitions
        waiting += other.waiting
        completed += other.completed
        errors += other.errors
        failed += other.failed
        kept += other.kept
        deliveries += other.deliveries
        uncertain += other.uncertain
        postponed += other.postponed
        skipped += other.skipped
        bounded += other.bounded
        batches += other.batches
    }

    /// Counts one runner's outcome.
    mutating func count(_ outcome: PlannedOutcome) {
        switch outcome {
        case .waiting: waiting += 1
        case .completed: completed += 1
        case .failed: failed += 1
        case .error: errors += 1
        case .kept: kept += 1
        case .bounded: bounded += 1
        case .postponed: postponed += 1
        case .parked: break
        }
    }

    /// One line: `tick at 2026-12-01T09:00:00.000Z: examined 2, moved 2 (4 steps), waiting 2, …, 0.012 s`.
    /// - Parameter now: the tick's engine time (UTC).
    public func text(at now: Date) -> String {
        var line = "tick at \(Moment.formatISO8601(now)): examined \(examined), moved \(moved)"
            + " (\(transitions) step\(transitions == 1 ? "" : "s")), waiting \(waiting), completed \(completed)"
            + ", errors \(errors), failed \(failed), kept \(kept), sent \(deliveries)"
        if uncertain > 0 { line += ", uncertain \(uncertain)" }
        if postponed > 0 { line += ", postponed \(postponed)" }
        if skipped > 0 { line += ", skipped \(skipped)" }
        if bounded > 0 { line += ", step-bounded \(bounded)" }
        return line + ", " + elapsed.fixed(3) + " s"
    }

    /// The JSON form: `{"examined", "moved", "transitions", "waiting", "completed", "errors",
    /// "failed", "kept", "sent", "uncertain", "postponed", "skipped", "bounded", "batches",
    /// "elapsedSeconds"}`, numbers.
    public var json: JSONValue {
        let figures: [(String, Int)] = [
            ("examined", examined), ("moved", moved), ("transitions", transitions), ("waiting", waiting),
            ("completed", completed), ("errors", errors), ("failed", failed), ("kept", kept), ("sent", deliveries),
            ("uncertain", uncertain), ("postponed", postponed),
            ("skipped", skipped), ("bounded", bounded), ("batches", batches),
        ]
        var object = Dictionary(uniqueKeysWithValues: figures.map { ($0.0, JSONValue.number(Double($0.1))) })
        object["elapsedSeconds"] = .number(elapsed)
        return .object(object)
    }
}
