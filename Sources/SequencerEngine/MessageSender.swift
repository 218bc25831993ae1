import Foundation
import SequencerCore

/// Hands rendered emails and SMS to a provider (the local outbox, SES, SNS).
public protocol MessageSender {
    /// The provider's name in the delivery ledger: `outbox`, `ses`, `sns`.
    var provider: String { get }
    /// Sends one message.
    /// - Returns: the provider's message id, if it gives one.
    /// - Throws: the provider's error; the runner stays and the error counts as a failed attempt.
    func send(_ message: OutgoingMessage) throws -> String?
}

/// Local mode's provider: sends nothing; the message is recorded in the delivery ledger
/// (`deliveries`, provider `outbox`) in the same transaction as the runner's move, so it is
/// recorded exactly once per runner and visit. `sequencer outbox` prints it.
public struct OutboxSender: MessageSender {
    public init() {}
    public var provider: String { "outbox" }
    public func send(_ message: OutgoingMessage) throws -> String? { nil }
}
