#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `WaitUntil` step's config: `Conditional`'s (`lodashCommand`, `value`, `compareTo`) plus
/// `timeout` — `{"amount", "unit"}` after the runner entered the step (moment's `add`, in
/// `timeZone`) or `{"date"}` (as `WaitForDate` reads it) — and an optional `timeZone`.
public struct WaitUntilConfig: Sendable, Hashable {
    /// When a runner may go on.
    public enum Timeout: Sendable, Hashable {
        /// `amount unit` after `stepEnteredAt`.
        case after(amount: DurationAmount, unit: MomentDurationUnit)
        /// At this date (ISO 8601 or ASP.NET, a template rendered per runner).
        case at(TemplateString)
    }

    /// Checked when the runner enters and whenever the tick looks at it (every data change wakes it).
    public var condition: Condition
    public var timeout: Timeout
    /// Zone for calendar arithmetic and for a date without an offset; UTC by default.
    public var timeZone: TimeZoneSetting

    /// `next` when the condition holds; else `altNext` once the timeout has passed; else a wait
    /// until the timeout (a data change makes the runner due sooner).
    func decide(for runner: RunnerSnapshot, now: Date, context: @autoclosure () -> TemplateContext) -> StepDecision {
        if condition.holds(for: runner) {
            return .move(.next, message: "\(condition.command.rawValue) holds")
        }
        let deadline: Date
        switch self.deadline(for: runner, context: context()) {
        case .success(let date): deadline = date
        case .failure(let failure): return .fail(failure)
        }
        if deadline <= now {
            return .move(.altNext, message: "timed out at \(Moment.formatISO8601(deadline))")
        }
        return .wait(.at(deadline), message: "waiting for the condition until \(Moment.formatISO8601(deadline))")
    }

    /// The instant the timeout passes for `runner`.
    public func deadline(for runner: RunnerSnapshot, context: TemplateContext) -> Result<Date, StepFailure> {
        let zone: IANATimeZone
        switch timeZone.resolve(context) {
        case .success(let resolved): zone = resolved
        case .failure(let failure): return .failure(failure)
        }
        switch timeout {
        case .after(let amount, let unit):
            return amount.resolve(context, field: "timeout.amount").map { Moment.add($0, unit, to: runner.stepEnteredAt, in: zone) }
        case .at(let template):
            let text = template.render(context)
            guard let date = Moment.parseDate(text, defaultTimeZone: zone) else {
                return .failure(StepFailure(field: "timeout.date", reason: "\"\(text)\" is not an ISO-8601 or ASP.NET (/Date(ms)/) date"))
            }
            return .success(date)
        }
    }

    /// Whether a runner can stay at the step: a date timeout, or a duration that moves time forward.
    var canWait: Bool {
        switch timeout {
        case .at: true
        case .after(let amount, let unit): WaitForDurationConfig(amount: amount, unit: unit, timeZone: timeZone).waitsPositiveTime
        }
    }
}

/// How a message step treats a frequency cap it would exceed (`"onCap"` on Email and SMS).
public enum CapPolicy: String, Sendable, Hashable, CaseIterable {
    /// Stay at the step until the cap allows the message (the default).
    case wait
    /// Follow `next` without sending, with a `skipped` history line.
    case skip
}

extension Step {
    /// The step's policy over a frequency cap: its `onCap` for Email and SMS, else `wait`.
    public var capPolicy: CapPolicy {
        switch builtin {
        case .email(let email)?: email.timing.onCap
        case .sms(let sms)?: sms.timing.onCap
        default: .wait
        }
    }
}

/// What Email and SMS steps share beyond their message: quiet hours and the cap policy.
public struct MessageTiming: Sendable, Hashable {
    /// The step's quiet hours (resolved against the sequence's once the definition is read).
    public var quietHours: QuietHoursSetting
    /// What happens over a frequency cap.
    public var onCap: CapPolicy

    public init(quietHours: QuietHoursSetting = .inherit, onCap: CapPolicy = .wait) {
        self.quietHours = quietHours
        self.onCap = onCap
    }
}
