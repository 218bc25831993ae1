#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hands rendered emails or SMS to a provider (the local outbox, SES, SNS).
public protocol MessageSender {
    /// The provider's name in the delivery ledger.
    var provider: Provider { get }
    /// Whether the provider's record is the ledger row itself, written in the same transaction as
    /// the runner's move (the outbox): then no `pending` row is needed and no I/O is done.
    var recordsInLedgerTransaction: Bool { get }
    /// Sends one message.
    /// - Parameter timeout: seconds the whole call may take (the tick bounds it by its deadline);
    ///   a call cut short after its request was written is ``ServiceCallError/Kind/uncertain``.
    /// - Returns: the provider's message id, if it gives one.
    /// - Throws: `DeliveryError`, classified by what is known of its effect (``ServiceCallError/Kind``).
    func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String?
}

/// A provider's refusal, with its code and message (e.g. SES `MessageRejected`).
public typealias DeliveryError = ServiceCallError

/// A call to an outside service (a Lambda function, an email or SMS provider) that failed, and
/// what is known of its effect — the distinction the delivery guarantee rests on
/// (`docs/reliability.md`).
public struct ServiceCallError: Error, Sendable, CustomStringConvertible {
    /// What is known of a failed call's effect.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The service refused it (a 4xx other than throttling): provably not done, and trying
        /// again will not help.
        case refused
        /// The service throttled it (429, `Throttling`, `TooManyRequestsException`…): provably
        /// not done; trying again shortly may work.
        case throttled
        /// It never reached the service (DNS, connect, TLS, a request not fully written, missing
        /// credentials): provably not done; trying again may work.
        case notSent
        /// It may have been done: the request was written and then the answer did not come (a
        /// timeout or reset), or the service failed (5xx). A send is never repeated after this.
        case uncertain
    }

    public var kind: Kind
    /// The service's words (service, status, code, message); never credentials.
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// A failure that is ``Kind/throttled`` when `isRetryable`, else ``Kind/refused``.
    public init(isRetryable: Bool, reason: String) {
        self.init(kind: isRetryable ? .throttled : .refused, reason: reason)
    }

    /// Whether trying again shortly may work and cannot do the thing twice.
    public var isRetryable: Bool { kind == .throttled || kind == .notSent }

    public var description: String { reason }
}
