import Foundation

/// Hands rendered emails or SMS to a provider (the local outbox, SES, SNS).
public protocol MessageSender {
    /// The provider's name in the delivery ledger.
    var provider: Provider { get }
    /// Whether the provider's record is the ledger row itself, written in the same transaction as
    /// the runner's move (the outbox): then no `pending` row is needed and no I/O is done.
    var recordsInLedgerTransaction: Bool { get }
    /// Sends one message.
    /// - Returns: the provider's message id, if it gives one.
    /// - Throws: `DeliveryError`; retryable ones (throttling) are tried again, others fail the delivery.
    func send(_ message: OutgoingMessage) throws(DeliveryError) -> String?
}

/// A provider's refusal, with its code and message (e.g. SES `MessageRejected`).
public typealias DeliveryError = ServiceCallError

/// A call to an outside service (a Lambda function, an email or SMS provider) that failed, and
/// whether trying again shortly may work.
public struct ServiceCallError: Error, Sendable, CustomStringConvertible {
    /// Whether trying again shortly may work (throttling, 5xx, a timeout).
    public var isRetryable: Bool
    /// The service's words (service, status, code, message); never credentials.
    public var reason: String

    public init(isRetryable: Bool, reason: String) {
        self.isRetryable = isRetryable
        self.reason = reason
    }

    public var description: String { reason }
}
