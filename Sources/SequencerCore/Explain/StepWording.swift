#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a runner at a step waits for, in words, from the step's parsed config, the runner and
/// the time — the same semantics the engine decides with (``Moment/nextInstant(where:isIn:onOrAfter:in:limit:)``,
/// ``Moment/add(_:_:to:in:)``, ``Condition``, templates), no I/O:
///
/// - `hour in [9] in America/New_York: next match 2026-12-07T14:00:00Z`
/// - `Goal: waits for a data change; data.plan is "trial", needs "paid"`
/// - `waiting until 2026-12-03T08:00:00Z (2 days after entering)`
/// - `custom task runner: Lambda function score-lead (arn:…)`
public enum StepWording {
    /// One phrase for a runner at `step` at time `now` (UTC).
    public static func waitsFor(_ step: Step, runner: RunnerSnapshot, now: Date) -> String {
        if case .lambda(let function) = step.runner {
            return "custom task runner: Lambda function \(StepSummary.functionName(function)) (\(function)) decides when it is due"
        }
        if case .swift(let name) = step.runner {
            return "custom task runner: Swift task runner \(name) decides when it is due"
        }
        guard case .builtin(let kind) = step.runner, let config = step.builtin else {
            return "\(step.runner): no parsed config"
        }
        let context = TemplateContext(runner.object)
        switch config {
        case .goTo(let target):
            return "GoTo: goes to \(target) when the tick looks at it"
        case .condition(let condition) where kind == .goal:
            return goal(condition, runner: runner)
        case .condition(let condition):
            let holds = condition.holds(for: runner)
            let way = holds ? "next" : "altNext"
            let target = (holds ? step.next : step.altNext) ?? "completion"
            return "Conditional: \(ConditionWording.written(condition)) is \(holds) now → \(way) (\(target)) when the tick looks at it; "
                + ConditionWording.describe(condition, for: runner)
        case .waitForDate(let wait):
            return waitForDate(wait, context: context, now: now)
        case .waitForDuration(let wait):
            return waitForDuration(wait, runner: runner, context: context, now: now)
        case .waitForDateComparison(let wait):
            return waitForDateComparison(wait, context: context, now: now)
        case .email(let email):
            switch email.render(context) {
            case .success(let message): return "Email: sends \(OutgoingMessage.email(message).summary) when the tick looks at it"
            case .failure(let failure): return "Email: cannot be sent, \(failure) (each look is a failed attempt)"
            }
        case .sms(let sms):
            switch sms.render(context) {
            case .success(let message): return "SMS: sends \(OutgoingMessage.sms(message).summary) when the tick looks at it"
            case .failure(let failure): return "SMS: cannot be sent, \(failure) (each look is a failed attempt)"
            }
        case .waitUntil(let wait):
            return waitUntil(wait, runner: runner, context: context, now: now)
        case .split(let split):
            let index = split.branchIndex(subject: runner.subject, sequence: runner.sequence)
            return "Split: takes branch \(index + 1) of \(split.branches.count) → \(split.branches[index].next ?? "completion") when the tick looks at it"
        }
    }

    /// `Goal: waits for a data change; data.plan is "trial", needs "paid"`.
    static func goal(_ condition: Condition, runner: RunnerSnapshot) -> String {
        if condition.holds(for: runner) {
            return "Goal: its condition holds (\(ConditionWording.describe(condition, for: runner))); it moves on when the tick looks at it"
        }
        return "Goal: waits for a data change; \(ConditionWording.describe(condition, for: runner))"
    }

    private static func waitForDate(_ wait: WaitForDateConfig, context: TemplateContext, now: Date) -> String {
        let zone: IANATimeZone
        switch wait.timeZone.resolve(context) {
        case .success(let resolved): zone = resolved
        case .failure(let failure): return "WaitForDate: \(failure) (each look is a failed attempt)"
        }
        let text = wait.date.render(context)
        let origin = wait.date.isTemplated ? " (config.date \"\(wait.date.source)\")" : ""
        guard let date = Moment.parseDate(text, defaultTimeZone: zone) else {
            return "WaitForDate: config.date renders \"\(text)\", not an ISO-8601 or ASP.NET date (each look is a failed attempt)"
        }
        if date <= now { return "WaitForDate: \(Moment.formatISO8601(date))\(origin) has passed; it moves on when the tick looks at it" }
        return "waiting until \(Moment.formatISO8601(date))\(origin)"
    }

    private static func waitForDuration(_ wait: WaitForDurationConfig, runner: RunnerSnapshot, context: TemplateContext,
                                        now: Date) -> String {
        let zone: IANATimeZone
        switch wait.timeZone.resolve(context) {
        case .success(let resolved): zone = resolved
        case .failure(let failure): return "WaitForDuration: \(failure) (each look is a failed attempt)"
        }
        let resolved: Double
        switch wait.amount.resolve(context, field: "amount") {
        case .success(let value): resolved = value
        case .failure(let failure): return "WaitForDuration: \(failure) (each look is a failed attempt)"
        }
        let due = Moment.add(resolved, wait.unit, to: runner.stepEnteredAt, in: zone)
        let amount = JavaScript.numberToString(resolved)
        let unit = resolved == 1 && wait.unit.rawValue.hasSuffix("s") ? String(wait.unit.rawValue.dropLast()) : wait.unit.rawValue
        let span = "\(amount) \(unit) after entering" + (zone == .gmt ? "" : ", in \(zoneName(zone))")
        if due <= now { return "WaitForDuration: \(span) passed at \(Moment.formatISO8601(due)); it moves on when the tick looks at it" }
        return "waiting until \(Moment.formatISO8601(due)) (\(span))"
    }

    private static func waitForDateComparison(_ wait: WaitForDateComparisonConfig, context: TemplateContext, now: Date) -> String {
        let zone: IANATimeZone
        switch wait.timeZone.resolve(context) {
        case .success(let resolved): zone = resolved
        case .failure(let failure): return "WaitForDateComparison: \(failure) (each look is a failed attempt)"
        }
        let values = wait.values.map(String.init).joined(separator: ", ")
        let rule = "\(wait.attribute.rawValue) in [\(values)] in \(zoneName(zone))"
        let current = Moment.get(wait.attribute, of: now, in: zone)
        if wait.values.contains(current) {
            return "\(rule): matches now (\(wait.attribute.rawValue) is \(current)); it moves on when the tick looks at it"
        }
        let horizon = now.addingTimeInterval(BuiltinTaskRunner.comparisonHorizon)
        guard let next = Moment.nextInstant(where: wait.attribute, isIn: Set(wait.values), onOrAfter: now, in: zone, limit: horizon) else {
            return "\(rule): no match within two years (\(wait.attribute.rawValue) is \(current) now)"
        }
        return "\(rule): next match \(Moment.formatISO8601(next))"
    }

    private static func waitUntil(_ wait: WaitUntilConfig, runner: RunnerSnapshot, context: TemplateContext, now: Date) -> String {
        let rule = ConditionWording.written(wait.condition)
        if wait.condition.holds(for: runner) {
            return "WaitUntil: \(rule) holds; it moves on (next) when the tick looks at it"
        }
        switch wait.deadline(for: runner, context: context) {
        case .failure(let failure):
            return "WaitUntil: \(failure) (each look is a failed attempt)"
        case .success(let deadline) where deadline <= now:
            return "WaitUntil: timed out at \(Moment.formatISO8601(deadline)); it takes altNext when the tick looks at it"
        case .success(let deadline):
            return "waiting until \(rule) holds (checked on every data change) or \(Moment.formatISO8601(deadline)) (then altNext); "
                + ConditionWording.describe(wait.condition, for: runner)
        }
    }

    /// `UTC` for GMT/UTC, else the IANA name.
    static func zoneName(_ zone: IANATimeZone) -> String {
        ["GMT", "UTC", "Etc/UTC", "Etc/GMT"].contains(zone.identifier) ? "UTC" : zone.identifier
    }
}
