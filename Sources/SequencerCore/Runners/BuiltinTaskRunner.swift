#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The built-in task runners as pure functions: one step's parsed config, one runner and the
/// time in, a ``StepDecision`` out. No I/O; Email and SMS only render (the engine sends).
public enum BuiltinTaskRunner {
    /// How far ahead `WaitForDateComparison` searches for the next matching instant before it
    /// settles for a re-check at that horizon.
    public static let comparisonHorizon: TimeInterval = 2 * 366 * 86_400

    /// Decides for one runner.
    /// - Parameters:
    ///   - config: the step's parsed config.
    ///   - runner: the runner, as the wire protocol carries it.
    ///   - now: the engine's clock (UTC).
    ///   - limits: how large a rendered email or SMS may be (the configuration's `limits`).
    public static func decide(_ config: BuiltinStepConfig, runner: RunnerSnapshot, now: Date,
                              limits: MessageLimits = MessageLimits()) -> StepDecision {
        // Built on first use: a GoTo needs neither, a Conditional no template context.
        lazy var object = runner.object
        lazy var context = TemplateContext(object)
        switch config {
        case .goTo(let target):
            return .jump(to: target, message: "go to \(target)")

        case .condition(let condition):
            // At a Conditional this branches; at a Goal the engine maps altNext to a wait (see `decideGoal`).
            let holds = condition.holds(for: runner)
            return .move(holds ? .next : .altNext, message: "\(condition.command.rawValue) is \(holds)")

        case .waitForDate(let wait):
            let zone: IANATimeZone
            switch wait.timeZone.resolve(context) {
            case .success(let resolved): zone = resolved
            case .failure(let failure): return .fail(failure)
            }
            let text = wait.date.render(context)
            guard let date = Moment.parseDate(text, defaultTimeZone: zone) else {
                return .fail(StepFailure(field: "date", reason: "\"\(text)\" is not an ISO-8601 or ASP.NET (/Date(ms)/) date"))
            }
            return settle(until: date, now: now)

        case .waitForDuration(let wait):
            switch (wait.timeZone.resolve(context), wait.amount.resolve(context, field: "amount")) {
            case (.success(let zone), .success(let amount)):
                let due = Moment.add(amount, wait.unit, to: runner.stepEnteredAt, in: zone)
                return settle(until: due, now: now)
            case (.failure(let failure), _), (_, .failure(let failure)):
                return .fail(failure)
            }

        case .waitForDateComparison(let wait):
            let zone: IANATimeZone
            switch wait.timeZone.resolve(context) {
            case .success(let resolved): zone = resolved
            case .failure(let failure): return .fail(failure)
            }
            let current = Moment.get(wait.attribute, of: now, in: zone)
            let wanted = Set(wait.values)
            if wanted.contains(current) {
                return .move(.next, message: "\(wait.attribute.rawValue) is \(current)")
            }
            let horizon = now.addingTimeInterval(comparisonHorizon)
            let wake = Moment.nextInstant(where: wait.attribute, isIn: wanted, onOrAfter: now, in: zone, limit: horizon) ?? horizon
            return .wait(.at(wake), message: "\(wait.attribute.rawValue) is \(current), waiting until \(Moment.formatISO8601(wake))")

        case .email(let email):
            if let held = email.timing.quietHours.hold(now: now, context: context) { return held }
            switch email.render(context, limits: limits) {
            case .success(let message): return .deliver(.email(message))
            case .failure(let failure): return .fail(failure)
            }

        case .sms(let sms):
            if let held = sms.timing.quietHours.hold(now: now, context: context) { return held }
            switch sms.render(context, limits: limits) {
            case .success(let message): return .deliver(.sms(message))
            case .failure(let failure): return .fail(failure)
            }

        case .waitUntil(let wait):
            return wait.decide(for: runner, now: now, context: context)

        case .split(let split):
            return split.decide(for: runner)
        }
    }

    /// A Goal step's own decision: moves on when the condition holds, else waits for the data to change.
    public static func decideGoal(_ condition: Condition, runner: RunnerSnapshot) -> StepDecision {
        condition.holds(for: runner)
            ? .move(.next, message: "goal reached")
            : .wait(.onDataChange, message: "goal not reached yet")
    }

    private static func settle(until date: Date, now: Date) -> StepDecision {
        date <= now
            ? .move(.next, message: "\(Moment.formatISO8601(date)) has passed")
            : .wait(.at(date), message: "waiting until \(Moment.formatISO8601(date))")
    }
}
