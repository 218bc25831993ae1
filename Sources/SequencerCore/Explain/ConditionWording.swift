#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ``Condition`` (a Conditional's, a Goal's, an `exitWhen`) in words, with the values it reads
/// for one runner: `data.plan is "trial", needs "paid"`. Pure; the values come from the same
/// lodash `_.get` the engine evaluates (``Operand/resolve(in:)-(RunnerSnapshot)``).
public enum ConditionWording {
    /// What the condition compares, and what it needs, for `runner`.
    ///
    /// - `eq`/`isEqual`: `data.plan is "trial", needs "paid"`
    /// - relational: `data.age is 15, needs more than 17`
    /// - one-argument commands: `data.phone is missing, needs to be null or missing`
    /// - when the condition holds: `data.plan is "paid", as needed`
    /// - Parameters:
    ///   - condition: the condition.
    ///   - runner: the runner as task runners see it.
    /// - Returns: one phrase, no trailing period.
    public static func describe(_ condition: Condition, for runner: RunnerSnapshot) -> String {
        let subject = operand(condition.value, in: runner)
        if condition.holds(for: runner) {
            return "\(subject), as needed (\(condition.command.rawValue) holds)"
        }
        return "\(subject), needs \(requirement(condition, for: runner))"
    }

    /// The condition as written, without values: `data.plan eq "pro"`, `isNil(data.phone)`.
    public static func written(_ condition: Condition) -> String {
        let value = source(condition.value)
        guard let other = condition.compareTo else { return "\(condition.command.rawValue)(\(value))" }
        return "\(value) \(condition.command.rawValue) \(source(other))"
    }

    /// `data.plan is "trial"` for a path (`… is missing` when `_.get` finds nothing), the JSON for a raw value.
    static func operand(_ operand: Operand, in runner: RunnerSnapshot) -> String {
        switch operand {
        case .get(let getter): "\(getter.path) is \(value(getter.value(in: runner)))"
        case .raw(let raw): raw.jsonText
        }
    }

    /// What `compareTo` must be for the command to hold: `"paid"`, `more than 17`, `to be empty`.
    static func requirement(_ condition: Condition, for runner: RunnerSnapshot) -> String {
        let other = condition.compareTo.map { target(of: $0, in: runner) } ?? "undefined"
        switch condition.command {
        case .eq, .isEqual: return other
        case .gt: return "more than \(other)"
        case .gte: return "at least \(other)"
        case .lt: return "less than \(other)"
        case .lte: return "at most \(other)"
        case .includes: return "to include \(other)"
        case .startsWith: return "to start with \(other)"
        case .endsWith: return "to end with \(other)"
        case .has: return "to have \(other)"
        case .isMatch: return "to match \(other)"
        case .inRange: return "to be in range \(other)"
        case .isEmpty: return "to be empty"
        case .isNil: return "to be null or missing"
        }
    }

    /// A `compareTo` operand as the thing needed: a raw value as JSON, a path with its value.
    private static func target(of operand: Operand, in runner: RunnerSnapshot) -> String {
        switch operand {
        case .raw(let raw): raw.jsonText
        case .get(let getter): "\(getter.path) (\(value(getter.value(in: runner))))"
        }
    }

    private static func source(_ operand: Operand) -> String {
        switch operand {
        case .get(let getter): getter.path
        case .raw(let value): value.jsonText
        }
    }

    /// A value read by `_.get`: its JSON, or `missing` for `undefined`; long values cut at 80 characters.
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "missing" }
        let text = value.jsonText
        return text.count > 80 ? String(text.prefix(79)) + "…" : text
    }
}
