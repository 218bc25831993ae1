#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The channel of a message, as stored in `deliveries.channel`.
public enum Channel: String, Sendable, Hashable, CaseIterable {
    case email
    case sms
}

/// A message provider's name, as stored in `deliveries.provider`: ``outbox``, ``ses``, ``sns``.
///
/// A struct rather than an enum (as postgres-nio's `PSQLError.Code`), so a provider added later,
/// or a test double, does not break callers that switch over the known ones.
public struct Provider: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Local mode: the ledger row is the message (`sequencer outbox` prints it).
    public static let outbox = Provider(rawValue: "outbox")
    /// Amazon SES v2 `SendEmail`.
    public static let ses = Provider(rawValue: "ses")
    /// Amazon SNS `Publish` to a phone number.
    public static let sns = Provider(rawValue: "sns")

    public var description: String { rawValue }
}

/// A ledger row's status, as stored in `deliveries.status`.
public enum DeliveryStatus: String, Sendable, Hashable, CaseIterable {
    /// Committed before the provider is called; found later, it means "maybe sent": never resent.
    case pending
    /// The provider accepted it.
    case sent
    /// The provider refused it, or it provably did not reach the provider (throttled, not sent);
    /// a later attempt may try again.
    case failed
    /// It may have been sent: the request went out and the answer did not come, or the provider
    /// failed (5xx), or a tick died around the call. Never resent automatically; an operator may
    /// resend it knowingly (`sequencer outbox resend`).
    case uncertain
}

/// A row of the delivery ledger (`deliveries`): one per runner, step and visit.
public struct DeliveryRecord: Sendable, Hashable {
    public var runnerID: String
    /// The runner's sequence (stored with the row for reports).
    public var sequence: String
    /// The runner's subject (frequency caps and reports count per subject).
    public var subject: String
    public var step: String
    /// With `runnerID` and `step`, names one visit (a loop back is a new visit).
    public var visit: Int
    public var message: OutgoingMessage
    public var provider: Provider
    public var status: DeliveryStatus
    public var providerMessageID: String?
    public var error: String?

    /// - Parameter subject: the runner's subject; `nil` means the runner's id.
    public init(runnerID: String, subject: String? = nil, sequence: String = "", step: String, visit: Int, message: OutgoingMessage,
                provider: Provider, status: DeliveryStatus, providerMessageID: String? = nil, error: String? = nil) {
        self.runnerID = runnerID
        self.subject = subject ?? runnerID
        self.sequence = sequence
        self.step = step
        self.visit = visit
        self.message = message
        self.provider = provider
        self.status = status
        self.providerMessageID = providerMessageID
        self.error = error
    }
}
