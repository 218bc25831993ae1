#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A rendered email or SMS, ready for a provider.
public enum OutgoingMessage: Sendable, Hashable {
    case email(EmailMessage)
    case sms(SMSMessage)

    /// The channel, as stored in the delivery ledger's `channel` column.
    public var channel: Channel {
        switch self {
        case .email: .email
        case .sms: .sms
        }
    }

    /// One line for logs and history: recipients and subject or length, no body.
    public var summary: String {
        switch self {
        case .email(let email): "email to \(email.to.joined(separator: ", ")): \(email.subject)"
        case .sms(let sms): "sms to \(sms.to) (\(sms.message.count) characters, \(sms.segments) segment\(sms.segments == 1 ? "" : "s"))"
        }
    }

    /// The JSON form stored in the ledger's `payload` column and printed by the outbox.
    public var json: JSONValue {
        switch self {
        case .email(let email):
            var object: [String: JSONValue] = [
                "from": .string(email.from), "to": .array(email.to.map(JSONValue.string)),
                "subject": .string(email.subject),
            ]
            if !email.cc.isEmpty { object["cc"] = .array(email.cc.map(JSONValue.string)) }
            if !email.bcc.isEmpty { object["bcc"] = .array(email.bcc.map(JSONValue.string)) }
            if !email.replyTo.isEmpty { object["replyTo"] = .array(email.replyTo.map(JSONValue.string)) }
            if let text = email.text { object["text"] = .string(text) }
            if let html = email.html { object["html"] = .string(html) }
            if let set = email.configurationSet { object["configurationSet"] = .string(set) }
            return .object(object)
        case .sms(let sms):
            var object: [String: JSONValue] = ["to": .string(sms.to), "message": .string(sms.message), "messageType": .string(sms.messageType)]
            if let from = sms.from { object["from"] = .string(from) }
            return .object(object)
        }
    }
}

/// A rendered email.
public struct EmailMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var replyTo: [String]
    public var subject: String
    public var text: String?
    public var html: String?
    public var configurationSet: String?

    public init(from: String, to: [String], cc: [String] = [], bcc: [String] = [], replyTo: [String] = [], subject: String,
                text: String? = nil, html: String? = nil, configurationSet: String? = nil) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.configurationSet = configurationSet
    }
}

/// A rendered SMS.
public struct SMSMessage: Sendable, Hashable {
    /// E.164 origination number, when configured.
    public var from: String?
    /// E.164 destination.
    public var to: String
    public var message: String
    /// `Transactional` or `Promotional`.
    public var messageType: String

    public init(from: String? = nil, to: String, message: String, messageType: String = "Transactional") {
        self.from = from
        self.to = to
        self.message = message
        self.messageType = messageType
    }

    /// SMS segments: GSM-7 text fits 160 characters in one segment and 153 per segment when
    /// split; anything else is UCS-2, 70 and 67 UTF-16 units.
    public var segments: Int {
        let gsm = message.unicodeScalars.allSatisfy { Self.gsmCharacters.contains($0) }
        let length = gsm ? message.unicodeScalars.count : message.utf16.count
        let (single, multi) = gsm ? (160, 153) : (70, 67)
        return length <= single ? 1 : (length + multi - 1) / multi
    }

    private static let gsmCharacters = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà".unicodeScalars)
}
