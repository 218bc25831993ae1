import Foundation
import SequencerCore

/// Hands rendered emails or SMS to a provider (the local outbox, SES, SNS).
public protocol MessageSender {
    /// The provider's name in the delivery ledger: `outbox`, `ses`, `sns`.
    var provider: String { get }
    /// Whether the provider's record is the ledger row itself, written in the same transaction as
    /// the runner's move (the outbox): then no `pending` row is needed before sending.
    var recordsInLedgerTransaction: Bool { get }
    /// Sends one message.
    /// - Returns: the provider's message id, if it gives one.
    /// - Throws: `DeliveryError`; retryable ones (throttling) are tried again, others fail the delivery.
    func send(_ message: OutgoingMessage) throws(DeliveryError) -> String?
}

/// A provider's refusal, with its code and message (e.g. SES `MessageRejected`).
public typealias DeliveryError = ServiceCallError

/// The providers for each channel, and how fast they may be used.
public struct MessageSenders {
    public var email: any MessageSender
    public var sms: any MessageSender
    /// Messages per second across both channels within one tick (protects SES/SNS quotas); 0 = no limit.
    public var maxPerSecond: Double
    /// Tries per message when the provider throttles (backoff 0.2 s, 0.4 s, …) before it is left for the next tick.
    public var attempts: Int

    public init(email: any MessageSender, sms: any MessageSender, maxPerSecond: Double = 0, attempts: Int = 3) {
        self.email = email
        self.sms = sms
        self.maxPerSecond = maxPerSecond
        self.attempts = attempts
    }

    /// Local mode: both channels to the outbox.
    public static var outbox: MessageSenders { MessageSenders(email: OutboxSender(), sms: OutboxSender()) }

    func sender(for message: OutgoingMessage) -> any MessageSender {
        switch message {
        case .email: email
        case .sms: sms
        }
    }
}

/// Local mode's provider: sends nothing; the message is recorded in the delivery ledger
/// (`deliveries`, provider `outbox`) in the same transaction as the runner's move, so it is
/// recorded exactly once per runner and visit. `sequencer outbox` prints it.
public struct OutboxSender: MessageSender {
    public init() {}
    public var provider: String { "outbox" }
    public var recordsInLedgerTransaction: Bool { true }
    public func send(_ message: OutgoingMessage) throws(DeliveryError) -> String? { nil }
}
