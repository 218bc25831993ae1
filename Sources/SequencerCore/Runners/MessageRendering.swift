import Foundation

extension EmailConfig {
    /// Renders the email for one runner and checks it can be sent.
    /// - Returns: the message, or a failure naming the field (no recipient, an invalid address,
    ///   no subject and no body).
    public func render(_ context: TemplateContext) -> Result<EmailMessage, StepFailure> {
        let fromAddress = from.render(context).trimmingCharacters(in: .whitespaces)
        let message = EmailMessage(
            from: fromAddress, to: to.render(context), cc: cc.render(context), bcc: bcc.render(context),
            replyTo: replyTo.render(context), subject: subject?.render(context) ?? "",
            text: text?.render(context), html: html?.render(context), configurationSet: configurationSet)
        if message.to.isEmpty && message.cc.isEmpty && message.bcc.isEmpty {
            return .failure(StepFailure(field: "to", reason: "no recipient after rendering \"\(to.entries.map(\.source).joined(separator: ", "))\""))
        }
        for (field, addresses) in [("from", [fromAddress]), ("to", message.to), ("cc", message.cc), ("bcc", message.bcc), ("replyTo", message.replyTo)] {
            if let bad = addresses.first(where: { !EmailAddress.isValid($0) }) {
                return .failure(StepFailure(field: field, reason: "\"\(bad)\" is not an email address"))
            }
        }
        let blank = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if blank(message.subject) && blank(message.text) && blank(message.html) {
            return .failure(StepFailure(field: "subject", reason: "subject, text and html are all empty after rendering"))
        }
        return .success(message)
    }
}

extension SMSConfig {
    /// Renders the SMS for one runner; `to` and `from` must be E.164 (`+` and 2–15 digits).
    public func render(_ context: TemplateContext) -> Result<SMSMessage, StepFailure> {
        let destination = to.render(context).trimmingCharacters(in: .whitespaces)
        guard PhoneNumber.isE164(destination) else {
            return .failure(StepFailure(field: "to", reason: destination.isEmpty
                ? "no phone number after rendering \"\(to.source)\""
                : "\"\(destination)\" is not an E.164 phone number (e.g. +14155550100)"))
        }
        var origin: String?
        if let from {
            let rendered = from.render(context).trimmingCharacters(in: .whitespaces)
            guard rendered.isEmpty || PhoneNumber.isE164(rendered) else {
                return .failure(StepFailure(field: "from", reason: "\"\(rendered)\" is not an E.164 phone number"))
            }
            origin = rendered.isEmpty ? nil : rendered
        }
        let body = message.render(context)
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .failure(StepFailure(field: "message", reason: "the message is empty after rendering"))
        }
        return .success(SMSMessage(from: origin, to: destination, message: body, messageType: messageType))
    }
}

/// Address checks done before a message reaches a provider.
public enum EmailAddress {
    /// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces or angle brackets.
    /// (`Name <a@b.c>` display forms are accepted; the address inside is checked.)
    public static func isValid(_ text: String) -> Bool {
        var address = Substring(text)
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            address = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }
}

/// Phone number checks.
public enum PhoneNumber {
    /// E.164: `+`, a non-zero digit, then 1–14 more digits.
    public static func isE164(_ text: String) -> Bool {
        text.wholeMatch(of: /\+[1-9][0-9]{1,14}/) != nil
    }
}
