#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Short labels of what a step does, for graph nodes: "wait 2 days", "hour in [9] (data.timeZone)",
/// "email: Welcome to Acme…", "data.plan eq \"pro\"", "go to offer-still-open", "λ score-lead".
enum StepSummary {
    /// The label of `step`, at most ``GraphNode/summaryLimit`` characters, on one line.
    static func summary(of step: Step) -> String {
        shorten(oneLine(text(of: step)), to: GraphNode.summaryLimit)
    }

    private static func text(of step: Step) -> String {
        if case .lambda(let function) = step.runner {
            return "λ \(functionName(function))"
        }
        if case .swift(let name) = step.runner { return "Swift \(name)" }
        guard let config = step.builtin else { return step.runner.description }
        switch config {
        case .goTo(let target):
            return "go to \(target)"
        case .condition(let condition):
            if case .builtin(.goal) = step.runner { return "when \(describe(condition))" }
            return describe(condition)
        case .waitForDate(let wait):
            return "until \(wait.date.source)" + zone(wait.timeZone)
        case .waitForDuration(let wait):
            let amount = wait.amount.text
            let unit = wait.amount.constant == 1 ? String(wait.unit.rawValue.dropLast()) : wait.unit.rawValue
            return "wait \(amount) \(unit)" + zone(wait.timeZone)
        case .waitForDateComparison(let wait):
            let values = wait.values.map(String.init).joined(separator: ", ")
            return "\(wait.attribute.rawValue) in [\(values)]" + zone(wait.timeZone)
        case .email(let email):
            if let subject = email.subject { return "email: \(subject.source)" }
            return "email to \(email.to.entries.map(\.source).joined(separator: ", "))"
        case .sms(let sms):
            return "SMS: \(sms.message.source)"
        case .waitUntil(let wait):
            return "until \(describe(wait.condition)), at most " + timeoutText(wait.timeout)
        case .split(let split):
            return "split " + split.branches.map { JavaScript.numberToString($0.weight) }.joined(separator: "/")
        }
    }

    /// `3 days` or `until {{data.deadline}}`: a WaitUntil's timeout.
    static func timeoutText(_ timeout: WaitUntilConfig.Timeout) -> String {
        switch timeout {
        case .after(let amount, let unit): "\(amount.text) \(unit.rawValue)"
        case .at(let date): "until \(date.source)"
        }
    }

    /// `data.plan eq "pro"`; one-argument commands as `isNil(data.phone)`.
    static func describe(_ condition: Condition) -> String {
        let value = describe(condition.value)
        guard let other = condition.compareTo else { return "\(condition.command.rawValue)(\(value))" }
        return "\(value) \(condition.command.rawValue) \(describe(other))"
    }

    private static func describe(_ operand: Operand) -> String {
        switch operand {
        case .get(let getter): getter.path
        case .raw(let value): JSONWriter.write(value)
        }
    }

    /// " (America/New_York)" for a set zone; a template zone by its first tag's name
    /// (`{{data.timeZone}}{{^data.timeZone}}UTC{{/data.timeZone}}` → " (data.timeZone)"); "" for UTC.
    private static func zone(_ setting: TimeZoneSetting) -> String {
        guard let text = setting.text else { return "" }
        let source = text.source.trimmingWhitespace()
        if source.isEmpty { return "" }
        if text.isTemplated, let match = source.prefixMatch(of: /\{\{\s*([A-Za-z0-9_.\[\]'"-]+)\s*\}\}/) {
            return " (\(match.1))"
        }
        return " (\(source))"
    }

    /// The function's name from an ARN (`arn:aws:lambda:…:function:score:live` → `score:live`)
    /// or a `lambda:score` reference.
    static func functionName(_ reference: String) -> String {
        if let range = reference.firstRange(of: ":function:") { return String(reference[range.upperBound...]) }
        if reference.hasPrefix("lambda:") { return String(reference.dropFirst("lambda:".count)) }
        return reference
    }

    /// Line breaks, tabs and other control characters become spaces; runs of spaces one space.
    static func oneLine(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isSpace = scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            if isSpace {
                if !lastWasSpace { result.unicodeScalars.append(" ") }
            } else {
                result.unicodeScalars.append(scalar)
            }
            lastWasSpace = isSpace
        }
        return result.trimmingWhitespace()
    }

    /// `text` cut to at most `limit` characters, the last being "…" when cut.
    static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 0 else { return text }
        return text.prefix(limit - 1).trimmingWhitespace() + "…"
    }
}
