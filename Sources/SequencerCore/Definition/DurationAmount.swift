#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A duration's `amount` (`WaitForDuration`, `WaitUntil`'s `timeout`): a JSON number, or a
/// string read as moment reads numeric strings (``Moment/numericAmount(_:)``). A literal string
/// is read when the definition is applied; a template (`"{{data.days}}"`) is rendered per runner
/// and read then, an error for that runner when it is not a non-negative number.
public enum DurationAmount: Sendable, Hashable {
    /// A number, known when the definition was read (never negative).
    case constant(Double)
    /// A template rendered per runner.
    case template(TemplateString)

    /// The amount for one runner.
    /// - Parameters:
    ///   - context: the runner's template context, built only for a template.
    ///   - field: the config field named in a failure (`amount`, `timeout.amount`).
    /// - Returns: the amount, or a failure naming `field` and the rendered text.
    public func resolve(_ context: @autoclosure () -> TemplateContext, field: String) -> Result<Double, StepFailure> {
        switch self {
        case .constant(let value):
            return .success(value)
        case .template(let template):
            let text = template.render(context())
            guard let value = Moment.numericAmount(text) else {
                return .failure(StepFailure(field: field, reason: "\"\(text)\" (rendered from \"\(template.source)\") is not a number moment.js can add"))
            }
            guard value >= 0 else {
                return .failure(StepFailure(field: field, reason: "\"\(text)\" (rendered from \"\(template.source)\") is negative: a wait cannot end before the runner entered the step"))
            }
            return .success(value)
        }
    }

    /// The amount when it is known without a runner.
    public var constant: Double? {
        if case .constant(let value) = self { return value }
        return nil
    }

    /// How the amount is written, for people (`2`, `{{data.days}}`).
    public var text: String {
        switch self {
        case .constant(let value): JavaScript.numberToString(value)
        case .template(let template): template.source
        }
    }
}

extension ConfigReader {
    /// Reads a duration amount at `field`: a number, a numeric string, or a template; a negative
    /// or non-numeric literal is a problem at the field's pointer.
    mutating func durationAmount(_ field: String) -> DurationAmount? {
        let place = fields.path(field)
        switch members[field] {
        case nil:
            fields.add(place, "is required")
            return nil
        case .number(let value)?:
            return checkedAmount(value, written: JavaScript.numberToString(value), at: place)
        case .string(let text)?:
            let template: TemplateString
            do { template = try TemplateString(text) } catch {
                fields.add(place, error.description)
                return nil
            }
            if template.isTemplated { return .template(template) }
            guard let value = Moment.numericAmount(text) else {
                fields.add(place, "\"\(text)\" is not a number as moment.js reads numeric strings (e.g. 2, \"21\", \" 5 \", \"1e2\", \"21.5\")")
                return nil
            }
            return checkedAmount(value, written: "\"\(text)\"", at: place)
        case let other?:
            fields.add(place, "must be a number or a numeric string, not \(other.typeName)")
            return nil
        }
    }

    private mutating func checkedAmount(_ value: Double, written: String, at place: String) -> DurationAmount? {
        guard value >= 0 else {
            fields.add(place, "must not be negative (got \(written)): a wait cannot end before the runner entered the step")
            return nil
        }
        return .constant(value)
    }
}
