#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads one built-in step's config object, adding a problem (with its JSON pointer) for every
/// field that is missing, mistyped or not understood by that task runner.
struct ConfigReader {
    /// The config object's fields and the problems found in them.
    var fields: JSONFieldReader
    var members: [String: JSONValue] { fields.members }
    var pointer: String { fields.pointer }

    init(_ fields: JSONFieldReader) {
        self.fields = fields
    }

    mutating func read(_ kind: BuiltinRunner) -> BuiltinStepConfig? {
        switch kind {
        case .goTo:
            allow(["step"])
            return requiredString("step").map { .goTo(step: $0) }
        case .conditional, .goal:
            allow(["lodashCommand", "value", "compareTo"])
            return condition().map { .condition($0) }
        case .waitForDate:
            allow(["date", "timeZone"])
            let zone = timeZone()
            guard let date = literalDate("date", zone: zone) else { return nil }
            return .waitForDate(WaitForDateConfig(date: date, timeZone: zone))
        case .waitForDuration:
            allow(["amount", "unit", "timeZone"])
            let zone = timeZone()
            let amount = durationAmount("amount")
            let unit = durationUnit("unit")
            guard let amount, let unit else { return nil }
            return .waitForDuration(WaitForDurationConfig(amount: amount, unit: unit, timeZone: zone))
        case .waitForDateComparison:
            allow(["attribute", "values", "timeZone"])
            let zone = timeZone()
            let attribute = requiredString("attribute").flatMap { name -> MomentGetter? in
                if let getter = MomentGetter(name: name) { return getter }
                fields.add(path("attribute"), "\"\(name)\" is not a moment.js getter (expected one of \(MomentGetter.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            let values = integerList("values")
            guard let attribute, let values else { return nil }
            checkRange(of: values, for: attribute, at: path("values"))
            return .waitForDateComparison(WaitForDateComparisonConfig(attribute: attribute, values: values, timeZone: zone))
        case .email:
            return readEmail()
        case .sms:
            return readSMS()
        case .waitUntil:
            return readWaitUntil()
        case .split:
            return readSplit()
        }
    }

    /// A moment.js duration unit at `field` (names, aliases and short forms as moment normalises them).
    mutating func durationUnit(_ field: String) -> MomentDurationUnit? {
        requiredString(field).flatMap { name -> MomentDurationUnit? in
            if let unit = MomentDurationUnit(name: name) { return unit }
            fields.add(path(field), "\"\(name)\" is not a moment.js duration unit (expected one of \(MomentDurationUnit.allCases.map(\.rawValue).joined(separator: ", ")) or their moment aliases)")
            return nil
        }
    }

    /// A required date template at `field`; a literal one must parse as moment parses it
    /// (ISO 8601 or ASP.NET `/Date(ms)/`, ``Moment/parseDate(_:defaultTimeZone:)``).
    mutating func literalDate(_ field: String, zone: TimeZoneSetting) -> TemplateString? {
        guard let date = template(field, required: true) else { return nil }
        if !date.isTemplated, case .success(let resolvedZone) = zone.resolve(TemplateContext(.null)),
           Moment.parseDate(date.source, defaultTimeZone: resolvedZone) == nil {
            fields.add(path(field), "\"\(date.source)\" is not a date moment.js can parse (ISO 8601 such as 2026-06-08T17:49:31+00:00, or /Date(1528480171000)/)")
        }
        return date
    }

    private mutating func readEmail() -> BuiltinStepConfig? {
        allow(["from", "to", "cc", "bcc", "replyTo", "subject", "text", "html", "configurationSet", "quietHours", "onCap"])
        let timing = messageTiming()
        let from = template("from", required: true)
        let to = addresses("to", required: true)
        let cc = addresses("cc", required: false)
        let bcc = addresses("bcc", required: false)
        let replyTo = addresses("replyTo", required: false)
        let subject = template("subject", required: false)
        let text = template("text", required: false)
        let html = template("html", required: false, escaping: .html)
        let configurationSet = optionalString("configurationSet")
        if subject == nil, text == nil, html == nil {
            fields.add(pointer, "an Email needs at least one of subject, text or html")
        }
        guard let from, let to, let cc, let bcc, let replyTo else { return nil }
        return .email(EmailConfig(from: from, to: to, cc: cc, bcc: bcc, replyTo: replyTo, subject: subject,
                                  text: text, html: html, configurationSet: configurationSet, timing: timing))
    }

    private mutating func readSMS() -> BuiltinStepConfig? {
        allow(["from", "to", "message", "messageType", "quietHours", "onCap"])
        let timing = messageTiming()
        let from = template("from", required: false)
        let to = template("to", required: true)
        let message = template("message", required: true)
        let messageType = optionalString("messageType") ?? "Transactional"
        if !["Transactional", "Promotional"].contains(messageType) {
            fields.add(path("messageType"), "\"\(messageType)\" must be Transactional or Promotional")
        }
        guard let to, let message else { return nil }
        return .sms(SMSConfig(from: from, to: to, message: message, messageType: messageType, timing: timing))
    }

    func path(_ field: String) -> String { fields.path(field) }

    mutating func allow(_ allowed: Set<String>) { fields.onlyKnown(allowed) }

    mutating func requiredString(_ field: String) -> String? { fields.string(field, required: true) }

    mutating func optionalString(_ field: String) -> String? { fields.string(field) }

    private mutating func number(_ field: String) -> Double? { fields.number(field, required: true) }

    private mutating func integerList(_ field: String) -> [Int]? {
        guard case .array(let elements)? = members[field], !elements.isEmpty else {
            fields.add(path(field), members[field] == nil ? "is required" : "must be a non-empty array of integers")
            return nil
        }
        var values: [Int] = []
        for (index, element) in elements.enumerated() {
            if case .number(let number) = element, number.rounded() == number, abs(number) < 1e9 {
                values.append(Int(number))
            } else {
                // The original compared with strict equality, so "1" never matched 1: refuse it.
                fields.add(JSONPointer.appending(path(field), index), "must be an integer, not \(element.jsonText)")
            }
        }
        return values.count == elements.count ? values : nil
    }

    mutating func template(_ field: String, required: Bool,
                                   escaping: TemplateString.Escaping = .none) -> TemplateString? {
        guard let text = required ? requiredString(field) : optionalString(field) else { return nil }
        do {
            return try TemplateString(text, escaping: escaping)
        } catch {
            fields.add(path(field), error.description)
            return nil
        }
    }

    private mutating func addresses(_ field: String, required: Bool) -> AddressList? {
        let texts: [(String, String)]
        switch members[field] {
        case .string(let text)?: texts = [(path(field), text)]
        case .array(let elements)?:
            var collected: [(String, String)] = []
            for (index, element) in elements.enumerated() {
                if let text = element.stringValue {
                    collected.append((JSONPointer.appending(path(field), index), text))
                } else {
                    fields.add(JSONPointer.appending(path(field), index), "must be a string, not \(element.typeName)")
                }
            }
            texts = collected
        case nil, .null?:
            if required { fields.add(path(field), "is required") }
            texts = []
        case let other?:
            fields.add(path(field), "must be an address or a list of addresses, not \(other.typeName)")
            return nil
        }
        var entries: [TemplateString] = []
        for (place, text) in texts {
            do { entries.append(try TemplateString(text)) } catch { fields.add(place, error.description) }
        }
        if required, entries.isEmpty, members[field] != nil, case .array = members[field]! {
            fields.add(path(field), "must name at least one address")
        }
        return entries.count == texts.count ? AddressList(entries: entries) : nil
    }

    mutating func timeZone() -> TimeZoneSetting {
        guard let text = template("timeZone", required: false) else { return TimeZoneSetting(nil) }
        if !text.isTemplated, !text.source.isEmpty, IANATimeZone(identifier: text.source) == nil {
            fields.add(path("timeZone"), "\"\(text.source)\" is not an IANA time zone (e.g. Europe/Paris)")
        }
        return TimeZoneSetting(text)
    }

    mutating func condition() -> Condition? {
        let command = requiredString("lodashCommand").flatMap { name -> LodashCommand? in
            if let command = LodashCommand(rawValue: name) { return command }
            fields.add(path("lodashCommand"), "\"\(name)\" is not a supported lodash command (supported: \(LodashCommand.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        let value = operand("value", required: true)
        let compareTo = operand("compareTo", required: false)
        guard let command, let value else { return nil }
        return Condition(command: command, value: value, compareTo: compareTo)
    }

    private mutating func operand(_ field: String, required: Bool) -> Operand? {
        guard let json = members[field] else {
            if required { fields.add(path(field), "is required") }
            return nil
        }
        guard let object = json.objectValue else {
            fields.add(path(field), "must be an operand {\"type\": \"get\"|\"raw\", \"value\": …}, not \(json.typeName)")
            return nil
        }
        var operandFields = JSONFieldReader(object, at: path(field))
        operandFields.onlyKnown(["type", "value"])
        fields.merge(operandFields)
        switch (object["type"], object["value"]) {
        case (.string("get")?, .string(let lodashPath)?):
            return .get(LodashPath.Getter(lodashPath))
        case (.string("get")?, let other):
            fields.add(path(field) + "/value", "a get operand's value must be a lodash path string, not \(other?.typeName ?? "missing")")
        case (.string("raw")?, let raw?):
            return .raw(raw)
        case (.string("raw")?, nil):
            fields.add(path(field) + "/value", "is required (use null for null)")
        case (let type, _):
            fields.add(path(field) + "/type", "must be \"get\" or \"raw\", not \(type?.jsonText ?? "missing")")
        }
        return nil
    }
}
