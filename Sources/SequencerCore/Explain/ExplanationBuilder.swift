#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the lines of a ``RunnerExplanation``: position, version, what the step waits for, the
/// wake-up, a lease, attempts, goals and the exit condition that may pull the runner, and a hint.
struct ExplanationBuilder {
    let input: ExplanationInput
    let now: Date

    /// How long a runner may be due without being looked at before the explanation suggests
    /// checking that the tick runs (seconds).
    static let overdueAfter: TimeInterval = 15 * 60

    private var runner: RunnerState { input.runner }

    func lines() -> [ExplanationLine] {
        var lines = [ExplanationLine(.position, position()), ExplanationLine(.version, versionText())]
        guard runner.status == .active else {
            return lines + ended()
        }
        guard let definition = input.definition else {
            return lines + [ExplanationLine(.hint, "version \(runner.version) of \(runner.sequence) is not stored: each look is a failed attempt")]
        }
        guard let step = definition.step(runner.step) else {
            return lines + [ExplanationLine(.hint, "its step \"\(runner.step)\" does not exist in version \(runner.version): each look is a failed attempt")]
        }
        lines.append(ExplanationLine(.waitsFor, StepWording.waitsFor(step, runner: runner.snapshot, now: now)))
        lines += lease() ?? [ExplanationLine(.wake, wake())]
        if let checked = input.lastCheckedAt {
            lines.append(ExplanationLine(.lastChecked, "\(Moment.formatISO8601(checked)) (\(Self.span(from: checked, to: now)) ago)"))
        }
        if runner.attempts > 0 {
            let error = runner.lastError.map { ": \($0)" } ?? ""
            lines.append(ExplanationLine(.attempts, "\(runner.attempts) of \(input.maxAttempts) failed\(error)"))
        }
        lines += pulls(definition)
        if let hint = overdue() { lines.append(hint) }
        return lines
    }

    /// `active at wait-for-9am (WaitForDateComparison) since 2026-12-05T10:00:00Z (1 day 4 hours)`.
    private func position() -> String {
        let kind = input.definition?.step(runner.step).map { " (\(Self.kind($0.runner)))" } ?? ""
        let since = "since \(Moment.formatISO8601(runner.stepEnteredAt)) (\(Self.span(from: runner.stepEnteredAt, to: now)) ago)"
        return "\(runner.status.rawValue) at \(runner.step)\(kind) \(since), visit \(runner.visit)"
    }

    /// `v1; latest is v3` or `v3 (the latest)`.
    private func versionText() -> String {
        guard let latest = input.latestVersion else { return "v\(runner.version)" }
        if latest == runner.version { return "v\(runner.version) (the latest)" }
        let move = runner.status == .active
            ? " (\(SequenceMigration(sequence: runner.sequence, from: runner.version, to: latest).command) moves it)" : ""
        return "v\(runner.version); latest is v\(latest)\(move)"
    }

    private func ended() -> [ExplanationLine] {
        let when = input.endedAt.map { " at \(Moment.formatISO8601($0))" } ?? ""
        switch runner.status {
        case .failed:
            let error = runner.lastError.map { ": \($0)" } ?? ""
            return [ExplanationLine(.attempts, "failed\(when) after \(runner.attempts) attempts\(error)"),
                    ExplanationLine(.hint, "fix the cause, then `sequencer retry \(runner.id)` makes it active again at \(runner.step)")]
        case .completed: return [ExplanationLine(.hint, "completed\(when): it left the sequence at \(runner.step) and does not move again")]
        case .cancelled: return [ExplanationLine(.hint, "cancelled\(when): it does not move again")]
        case .exited: return [ExplanationLine(.hint, "exited\(when): the sequence's exit condition held; it does not move again")]
        case .active: return []
        }
    }

    /// The lease line when a tick holds (or held) the runner for a network call.
    private func lease() -> [ExplanationLine]? {
        guard let lease = input.lease else { return nil }
        if lease.until > now {
            return [ExplanationLine(.lease, "parked: tick \(lease.owner) holds it for a send or a call until \(Moment.formatISO8601(lease.until)); other ticks skip it until then")]
        }
        return [ExplanationLine(.lease, "tick \(lease.owner) held it until \(Moment.formatISO8601(lease.until)) and did not finish: the next tick takes it again"),
                ExplanationLine(.wake, wake())]
    }

    /// `due now`, `only when the subject's data changes`, or `next look at … (in 2 days 3 hours)`.
    private func wake() -> String {
        if runner.wakeAt == .distantFuture { return "only when the subject's data changes (any update of it makes the runner due)" }
        if runner.wakeAt <= now {
            if runner.wakeAt == .distantPast { return "due now: the next tick looks at it" }
            return "due since \(Moment.formatISO8601(runner.wakeAt)) (\(Self.span(from: runner.wakeAt, to: now))): the next tick looks at it"
        }
        return "next look at \(Moment.formatISO8601(runner.wakeAt)) (in \(Self.span(from: now, to: runner.wakeAt)))"
    }

    /// Goals elsewhere that would pull the runner, and the exit condition.
    private func pulls(_ definition: SequenceDefinition) -> [ExplanationLine] {
        let snapshot = runner.snapshot
        var lines: [ExplanationLine] = []
        for step in definition.steps {
            guard case .builtin(.goal) = step.runner, case .condition(let condition)? = step.builtin,
                  step.key != runner.step, !runner.goalsReached.contains(step.key) else { continue }
            lines.append(ExplanationLine(.also, "Goal \(step.key) pulls it when \(ConditionWording.written(condition)): "
                                         + ConditionWording.describe(condition, for: snapshot)))
        }
        if let exit = definition.exitWhen {
            lines.append(ExplanationLine(.also, "exits the sequence when \(ConditionWording.written(exit)): "
                                         + ConditionWording.describe(exit, for: snapshot)))
        }
        return lines
    }

    /// A hint when the runner has been due for long without a tick looking at it.
    private func overdue() -> ExplanationLine? {
        guard input.lease == nil || input.lease!.until <= now, runner.wakeAt != .distantPast,
              now.timeIntervalSince(runner.wakeAt) > Self.overdueAfter else { return nil }
        return ExplanationLine(.hint, "due for \(Self.span(from: runner.wakeAt, to: now)) and not moved: is the tick running (`sequencer tick`, the schedule)?")
    }

    /// `Email`, `WaitForDuration`, `Lambda`.
    static func kind(_ runner: TaskRunnerName) -> String {
        switch runner {
        case .builtin(let builtin): builtin.rawValue
        case .lambda: "Lambda"
        case .swift(let name): name
        }
    }

    /// A rough span for people: `3 days 4 hours`, `2 hours 5 minutes`, `40 seconds`.
    static func span(from start: Date, to end: Date) -> String {
        let seconds = Int(max(0, end.timeIntervalSince(start)).rounded())
        let units: [(String, Int)] = [("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)]
        var parts: [String] = []
        var rest = seconds
        for (name, size) in units where rest >= size && parts.count < 2 {
            let count = rest / size
            rest -= count * size
            parts.append("\(count) \(name)\(count == 1 ? "" : "s")")
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }
}
