#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension EmailConfig {
    /// Renders the email for one runner and checks it can be sent.
    ///
    /// Address fields render through ``AddressRendering``: a comma, semicolon or line break from
    /// the runner's data is an error, so data never adds a recipient; every address must be a
    /// ``Mailbox``, and `from` exactly one. The subject may hold no control character or line
    /// break (tabs aside): email headers cannot carry them.
    /// - Parameter limits: the largest each rendered part may be (``MessageLimits/emailPartBytes``).
    /// - Returns: the message, or a failure naming the field (a separator from data, no recipient,
    ///   an invalid address, a line break in the subject, no subject and no body, a part over the limit).
    public func render(_ context: TemplateContext, limits: MessageLimits = MessageLimits()) -> Result<EmailMessage, StepFailure> {
        do throws(StepFailure) {
            let marked = context.markingDataSeparators()
            let fields = [("to", to), ("cc", cc), ("bcc", bcc), ("replyTo", replyTo)]
            var pieces: [String: [String]] = [:]
            let fromPieces = try AddressRendering.pieces([from], marked, field: "from")
            for (field, list) in fields { pieces[field] = try list.pieces(marked, field: field) }
            let recipients = ["to", "cc", "bcc"].flatMap { pieces[$0]! }
            if recipients.isEmpty {
                throw StepFailure(field: "to", reason: "no recipient after rendering \"\(to.entries.map(\.source).joined(separator: ", "))\"")
            }
            guard fromPieces.count == 1 else {
                throw StepFailure(field: "from", reason: fromPieces.isEmpty ? "no sender after rendering \"\(from.source)\""
                                  : "must be one address, not \(fromPieces.count) (\(AddressRendering.visible(fromPieces.joined(separator: ", "))))")
            }
            try AddressRendering.check(fromPieces, field: "from")
            for (field, _) in fields { try AddressRendering.check(pieces[field]!, field: field) }
            let message = EmailMessage(
                from: fromPieces[0], to: pieces["to"]!, cc: pieces["cc"]!, bcc: pieces["bcc"]!, replyTo: pieces["replyTo"]!,
                subject: subject?.render(context) ?? "", text: text?.render(context), html: html?.render(context),
                configurationSet: configurationSet)
            try Self.checkBody(message)
            try limits.check(message)
            return .success(message)
        } catch {
            return .failure(error)
        }
    }

    /// A subject without controls or line breaks, and something to read.
    private static func checkBody(_ message: EmailMessage) throws(StepFailure) {
        if let control = message.subject.unicodeScalars.first(where: { $0 != "\t" && $0.isControlOrLineBreak }) {
            throw StepFailure(field: "subject", reason: "holds a control character or line break (U+\(String(control.value, radix: 16, uppercase: true).leftPadded(4))) after rendering, which an email header cannot carry: \(AddressRendering.visible(message.subject))")
        }
        let blank = { (text: String?) in (text ?? "").trimmingWhitespaceAndNewlines().isEmpty }
        if blank(message.subject) && blank(message.text) && blank(message.html) {
            throw StepFailure(field: "subject", reason: "subject, text and html are all empty after rendering")
        }
    }
}

extension SMSConfig {
    /// Renders the SMS for one runner; `to` and `from` must be E.164 (`+` and 2–15 digits), and the
    /// message at most ``MessageLimits/smsCharacters`` long.
    public func render(_ context: TemplateContext, limits: MessageLimits = MessageLimits()) -> Result<SMSMessage, StepFailure> {
        let destination = to.render(context).trimmingWhitespace()
        guard PhoneNumber.isE164(destination) else {
            return .failure(StepFailure(field: "to", reason: destination.isEmpty
                ? "no phone number after rendering \"\(to.source)\""
                : "\(AddressRendering.visible(destination)) is not an E.164 phone number (e.g. +14155550100)"))
        }
        var origin: String?
        if let from {
            let rendered = from.render(context).trimmingWhitespace()
            guard rendered.isEmpty || PhoneNumber.isE164(rendered) else {
                return .failure(StepFailure(field: "from", reason: "\(AddressRendering.visible(rendered)) is not an E.164 phone number"))
            }
            origin = rendered.isEmpty ? nil : rendered
        }
        let body = message.render(context)
        if body.trimmingWhitespaceAndNewlines().isEmpty {
            return .failure(StepFailure(field: "message", reason: "the message is empty after rendering"))
        }
        let sms = SMSMessage(from: origin, to: destination, message: body, messageType: messageType)
        do throws(StepFailure) {
            try limits.check(sms)
        } catch {
            return .failure(error)
        }
        return .success(sms)
    }
}

/// Address checks done before a message reaches a provider.
public enum EmailAddress {
    /// Whether `text` is one address as ``Mailbox`` accepts it (`a@b.c`, `Name <a@b.c>`,
    /// `"Quoted, Name" <a@b.c>`).
    public static func isValid(_ text: String) -> Bool {
        if case .success = Mailbox.parse(text) { return true }
        return false
    }
}

/// Phone number checks.
public enum PhoneNumber {
    /// E.164: `+`, a non-zero digit, then 1–14 more digits, all ASCII. Checked scalar by scalar:
    /// nothing else (a space, a line break, a combining mark, another script's digit) can ride along.
    public static func isE164(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard (3...16).contains(scalars.count), scalars[0] == "+", scalars[1] != "0" else { return false }
        return scalars.dropFirst().allSatisfy { ("0"..."9").contains($0) }
    }
}
