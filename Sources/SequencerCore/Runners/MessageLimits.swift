#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How large a rendered message may be. Checked when an Email or SMS step renders, so a message
/// that data or a template made too large is a failed attempt for that runner (retried, then
/// `failed`), naming the field, and never reaches a provider or the delivery ledger.
///
/// Configured in the configuration file's `limits` section (`emailPartBytes`, `smsCharacters`).
public struct MessageLimits: Sendable, Hashable {
    /// Bytes (UTF-8) of each of an email's `subject`, `text` and `html` after rendering.
    /// Default 262,144 (256 KiB): far above a real campaign email (Gmail clips bodies past
    /// 102 KB) and far below SES's 40 MB per message, so only a template that pulled something
    /// unexpected out of the data is refused.
    public var emailPartBytes: Int
    /// Characters (Unicode scalars) of an SMS after rendering. Default 1,600: what one SNS
    /// `Publish` to a phone number accepts, about 10 GSM-7 segments (fewer in UCS-2).
    public var smsCharacters: Int

    /// The largest `smsCharacters` can be: SNS's limit for one SMS `Publish`.
    public static let snsMaxCharacters = 1_600
    /// The largest `emailPartBytes` can be: SES's limit for one message (40 MiB).
    public static let sesMaxBytes = 41_943_040

    /// Limits of `emailPartBytes` bytes per email part and `smsCharacters` characters per SMS
    /// (the defaults are the configuration's).
    public init(emailPartBytes: Int = 262_144, smsCharacters: Int = 1_600) {
        self.emailPartBytes = emailPartBytes
        self.smsCharacters = smsCharacters
    }

    /// Checks each part of a rendered email.
    /// - Throws: `StepFailure` naming the first part (`subject`, `text`, `html`) over ``emailPartBytes``.
    func check(_ email: EmailMessage) throws(StepFailure) {
        for (field, part) in [("subject", email.subject), ("text", email.text), ("html", email.html)] {
            guard let part, part.utf8.count > emailPartBytes else { continue }
            throw StepFailure(field: field, reason: "is \(part.utf8.count) bytes after rendering, more than the limit of \(emailPartBytes) (limits.emailPartBytes)")
        }
    }

    /// Checks a rendered SMS.
    /// - Throws: `StepFailure` for `message` when it has more than ``smsCharacters`` characters.
    func check(_ sms: SMSMessage) throws(StepFailure) {
        let characters = sms.message.unicodeScalars.count
        guard characters > smsCharacters else { return }
        throw StepFailure(field: "message", reason: "is \(characters) characters (\(sms.segments) segments) after rendering, more than the limit of \(smsCharacters) (limits.smsCharacters)")
    }
}
