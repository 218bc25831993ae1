#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parsed config of a built-in task runner's step. Field meanings follow the original
/// project's README; string fields are ``TemplateString``s rendered per runner.
public enum BuiltinStepConfig: Sendable, Hashable {
    /// `GoTo`: `{"step": "<key>"}`.
    case goTo(step: String)
    /// `Conditional` and `Goal`: `{"lodashCommand", "value", "compareTo"}`.
    case condition(Condition)
    /// `WaitForDate`: `{"date": ISO-8601, "timeZone"?}`.
    case waitForDate(WaitForDateConfig)
    /// `WaitForDuration`: `{"amount": N | "N" | template, "unit": moment unit, "timeZone"?}`.
    case waitForDuration(WaitForDurationConfig)
    /// `WaitForDateComparison`: `{"attribute": moment getter, "values": [Int], "timeZone"?}`.
    case waitForDateComparison(WaitForDateComparisonConfig)
    /// `Email`.
    case email(EmailConfig)
    /// `SMS`.
    case sms(SMSConfig)
    /// `WaitUntil`: a condition with a timeout.
    case waitUntil(WaitUntilConfig)
    /// `Split`: weighted branches, chosen by a stable hash of the subject.
    case split(SplitConfig)
}

/// `_[command](value, compareTo)` over the runner object, as the original's Conditional and Goal.
public struct Condition: Sendable, Hashable {
    /// The lodash function to call.
    public var command: LodashCommand
    /// First argument.
    public var value: Operand
    /// Second argument; `nil` passes JavaScript `undefined`.
    public var compareTo: Operand?

    public init(command: LodashCommand, value: Operand, compareTo: Operand?) {
        self.command = command
        self.value = value
        self.compareTo = compareTo
    }

    /// Whether the condition holds for `runner` (the runner object `{id, data, sequence, step, stepEnteredAt}`).
    public func holds(for runner: JSONValue) -> Bool {
        command.evaluate(value.resolve(in: runner), compareTo?.resolve(in: runner))
    }

    /// Whether the condition holds for `runner`; the same as ``holds(for:)-(JSONValue)`` on its
    /// ``RunnerSnapshot/object``, without building that object.
    public func holds(for runner: RunnerSnapshot) -> Bool {
        command.evaluate(value.resolve(in: runner), compareTo?.resolve(in: runner))
    }
}

/// An argument of a ``Condition``: `{"type": "get", "value": "data.user.age"}` reads the runner
/// object with lodash `_.get`; `{"type": "raw", "value": X}` is X.
public enum Operand: Sendable, Hashable {
    /// lodash `_.get` of the path (split once, when the definition is read).
    case get(LodashPath.Getter)
    case raw(JSONValue)

    /// The operand's value for `runner`; `nil` is JavaScript `undefined`.
    public func resolve(in runner: JSONValue) -> JSONValue? {
        switch self {
        case .get(let getter): getter.value(in: runner)
        case .raw(let value): value
        }
    }

    /// The operand's value for `runner`, read without building its runner object.
    public func resolve(in runner: RunnerSnapshot) -> JSONValue? {
        switch self {
        case .get(let getter): getter.value(in: runner)
        case .raw(let value): value
        }
    }
}

/// A `timeZone` config field: an IANA name (`"Europe/Paris"`), possibly a template
/// (`"{{data.timeZone}}"`). Absent or rendered empty means UTC.
public struct TimeZoneSetting: Sendable, Hashable {
    /// `nil` when the field is absent.
    public var text: TemplateString? {
        didSet { constant = Self.constantZone(text) }
    }
    /// The zone when `text` is absent or a plain name (looked up once, not per runner).
    private var constant: IANATimeZone?

    /// The setting for a config's `timeZone` text; `nil` when the field is absent (UTC).
    public init(_ text: TemplateString?) {
        self.text = text
        constant = Self.constantZone(text)
    }

    private static func constantZone(_ text: TemplateString?) -> IANATimeZone? {
        guard let text else { return .gmt }
        if text.isTemplated { return nil }
        let name = text.source.trimmingWhitespace()
        return name.isEmpty ? .gmt : IANATimeZone(identifier: name)
    }

    /// The zone for one runner.
    /// - Parameter context: the runner's template context, built only when the setting is a template.
    /// - Returns: the zone, or a reason naming the rendered value when it is not an IANA zone.
    public func resolve(_ context: @autoclosure () -> TemplateContext) -> Result<IANATimeZone, StepFailure> {
        if let constant { return .success(constant) }
        guard let text else { return .success(.gmt) }
        let name = text.render(context()).trimmingWhitespace()
        if name.isEmpty { return .success(.gmt) }
        guard let zone = IANATimeZone(identifier: name) else {
            return .failure(StepFailure(field: "timeZone", reason: "\"\(name)\" is not an IANA time zone"))
        }
        return .success(zone)
    }
}

/// `WaitForDate` config.
public struct WaitForDateConfig: Sendable, Hashable {
    /// ISO-8601 date as moment parses it; a template is rendered per runner first.
    public var date: TemplateString
    /// Zone for a date written without an offset (UTC by default, as the original on Lambda).
    public var timeZone: TimeZoneSetting
}

/// `WaitForDuration` config.
public struct WaitForDurationConfig: Sendable, Hashable {
    /// How many `unit`s after `stepEnteredAt` (a number, a numeric string or a template); fractions
    /// follow moment's `add`.
    public var amount: DurationAmount
    /// A moment.js duration unit.
    public var unit: MomentDurationUnit
    /// Zone for calendar arithmetic (days and longer).
    public var timeZone: TimeZoneSetting

    public init(amount: DurationAmount, unit: MomentDurationUnit, timeZone: TimeZoneSetting) {
        self.amount = amount
        self.unit = unit
        self.timeZone = timeZone
    }
}

/// `WaitForDateComparison` config.
public struct WaitForDateComparisonConfig: Sendable, Hashable {
    /// The moment.js getter (`month` is 0-based, `day` is the weekday with 0 = Sunday).
    public var attribute: MomentGetter
    /// The runner continues when the getter's value of now is one of these.
    public var values: [Int]
    /// Zone the getter is evaluated in.
    public var timeZone: TimeZoneSetting
}

/// A list of addresses: one template, or a list of templates, each rendering to one address or
/// to several separated by commas the template itself holds (a comma from the runner's data is
/// an error, see ``AddressRendering``).
public struct AddressList: Sendable, Hashable {
    /// The templates, one per list entry as written.
    public var entries: [TemplateString]
}

/// `Email` config, as in the original README plus `replyTo` and `configurationSet`.
public struct EmailConfig: Sendable, Hashable {
    public var from: TemplateString
    public var to: AddressList
    public var cc: AddressList
    public var bcc: AddressList
    public var replyTo: AddressList
    public var subject: TemplateString?
    public var text: TemplateString?
    /// Rendered with HTML escaping.
    public var html: TemplateString?
    /// SES configuration set name, passed through.
    public var configurationSet: String?
    /// Quiet hours and the frequency-cap policy.
    public var timing = MessageTiming()
}

/// `SMS` config, as in the original README plus `messageType`.
public struct SMSConfig: Sendable, Hashable {
    /// Origination number (E.164); optional, the provider's default otherwise.
    public var from: TemplateString?
    /// Destination number (E.164).
    public var to: TemplateString
    public var message: TemplateString
    /// `Transactional` (default) or `Promotional`, as SNS names them.
    public var messageType: String
    /// Quiet hours and the frequency-cap policy.
    public var timing = MessageTiming()
}

extension BuiltinStepConfig {
    /// Reads one built-in step's config on its own (a task-runner Lambda receives only the config).
    /// - Throws: `DefinitionError` whose pointers start at `/config`.
    public static func parse(_ kind: BuiltinRunner, config: JSONValue) throws(DefinitionError) -> BuiltinStepConfig {
        guard let members = config.objectValue else {
            throw DefinitionError(sequence: nil, problems: [.init(pointer: "/config", reason: "must be a JSON object, not \(config.typeName)")])
        }
        var reader = ConfigReader(JSONFieldReader(members, at: "/config"))
        let parsed = reader.read(kind)
        guard reader.fields.isValid, let parsed else {
            throw DefinitionError(sequence: nil, problems: reader.fields.problems)
        }
        return parsed
    }
}
