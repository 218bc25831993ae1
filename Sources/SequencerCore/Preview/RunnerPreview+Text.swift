#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RunnerPreview.Result {
    /// The path for people: one line per event (`time  step → next  event  message`), each
    /// message rendered under its `sends` line, and the end.
    public var text: String {
        var lines: [String] = []
        let width = events.map { $0.step.count + ($0.toStep.map { $0.count + 3 } ?? 0) }.max() ?? 0
        for event in events {
            let place = event.step + (event.toStep.map { " → \($0)" } ?? "")
            let message = event.message.map { "  \($0)" } ?? ""
            lines.append("\(Moment.formatISO8601(event.at))  \(place.padded(toLength: width))  \(event.name)\(message)")
            if case .sends(let outgoing) = event.kind {
                lines += Self.rendered(outgoing).map { "    " + $0 }
            }
        }
        lines.append("end: \(end.text) (at \(final.step), \(final.status.rawValue); \(ticks) tick\(ticks == 1 ? "" : "s") decided it)")
        return lines.joined(separator: "\n")
    }

    /// `{"events": […], "end": "completed", "endText", "final": {"step", "status", "visit", "wakeAt"}, "ticks"}`.
    public var json: JSONValue {
        let wake: JSONValue = final.wakeAt == .distantFuture || final.wakeAt == .distantPast ? .null : .string(Moment.formatISO8601(final.wakeAt))
        return .object([
            "events": .array(events.map(\.json)),
            "end": .string(end.name),
            "endText": .string(end.text),
            "final": .object(["step": .string(final.step), "status": .string(final.status.rawValue),
                              "visit": .number(Double(final.visit)), "wakeAt": wake]),
            "ticks": .number(Double(ticks)),
        ])
    }

    /// A rendered message as header-like lines: `from:`, `to:`, `subject:`, then the bodies.
    static func rendered(_ outgoing: OutgoingMessage) -> [String] {
        switch outgoing {
        case .email(let email):
            var lines = ["from: \(email.from)", "to: \(email.to.joined(separator: ", "))"]
            if !email.cc.isEmpty { lines.append("cc: \(email.cc.joined(separator: ", "))") }
            if !email.bcc.isEmpty { lines.append("bcc: \(email.bcc.joined(separator: ", "))") }
            if !email.replyTo.isEmpty { lines.append("reply-to: \(email.replyTo.joined(separator: ", "))") }
            lines.append("subject: \(email.subject)")
            if let text = email.text { lines += body("text", text) }
            if let html = email.html { lines += body("html", html) }
            return lines
        case .sms(let sms):
            return (sms.from.map { ["from: \($0)"] } ?? []) + ["to: \(sms.to)"] + body("message", sms.message)
        }
    }

    private static func body(_ name: String, _ text: String) -> [String] {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return ["\(name): \(text)"] }
        return ["\(name):"] + parts.map { "  " + $0 }
    }
}
