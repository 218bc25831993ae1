#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ledger payload that does not describe a message of its channel (written by hand or by a
/// different version), with every problem by JSON pointer into the payload.
public struct PayloadError: Error, Sendable, CustomStringConvertible {
    public var problems: [FieldProblem]

    public var description: String {
        "the stored payload is not a message: " + problems.map(\.description).joined(separator: "; ")
    }
}

extension OutgoingMessage {
    /// Reads back a ledger row's `payload` (the shape ``json`` writes) as a message of `channel`,
    /// for `sequencer outbox resend`.
    /// - Throws: ``PayloadError`` naming each missing or mistyped field.
    public init(payload: JSONValue, channel: Channel) throws(PayloadError) {
        var fields = JSONFieldReader(payload, at: "")
        switch channel {
        case .email:
            let from = fields.string("from", required: true), subject = fields.string("subject", required: true)
            let to = Self.addresses("to", &fields, required: true), cc = Self.addresses("cc", &fields)
            let bcc = Self.addresses("bcc", &fields), replyTo = Self.addresses("replyTo", &fields)
            let text = fields.string("text"), html = fields.string("html"), set = fields.string("configurationSet")
            guard fields.isValid, let from, let subject else { throw PayloadError(problems: fields.problems) }
            self = .email(EmailMessage(from: from, to: to, cc: cc, bcc: bcc, replyTo: replyTo, subject: subject,
                                       text: text, html: html, configurationSet: set))
        case .sms:
            let to = fields.string("to", required: true), message = fields.string("message", required: true)
            let from = fields.string("from"), type = fields.string("messageType") ?? "Transactional"
            guard fields.isValid, let to, let message else { throw PayloadError(problems: fields.problems) }
            self = .sms(SMSMessage(from: from, to: to, message: message, messageType: type))
        }
    }

    /// An array of address strings (`[]` when absent and not required).
    private static func addresses(_ key: String, _ fields: inout JSONFieldReader, required: Bool = false) -> [String] {
        guard let items = fields.array(key, required: required) else { return [] }
        var addresses: [String] = []
        for (index, item) in items.enumerated() {
            if let text = item.stringValue { addresses.append(text) } else {
                fields.add(JSONPointer.appending(fields.path(key), index), "must be a string, not \(item.typeName)")
            }
        }
        return addresses
    }
}
