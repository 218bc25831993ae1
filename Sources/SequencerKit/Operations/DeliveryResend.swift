#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerEngine
import SequencerStore

/// `sequencer outbox resend ID`: an operator sends an `uncertain` message again, knowingly
/// (docs/reliability.md). The row is locked from the read to the write; the message goes through
/// the provider now configured for its channel, which must be the one that may have sent it.
public enum DeliveryResend {
    /// Seconds the provider call may take.
    public static let timeoutSeconds: TimeInterval = 30

    /// Resends ledger row `id`.
    /// - Returns: what happened; a failed call leaves the row `uncertain` with the error.
    /// - Throws: ``ResendRefusal`` when nothing was sent or changed, `PostgresError`.
    public static func run(_ id: Int64, connection: PostgresConnection, senders: MessageSenders) throws -> ResendOutcome {
        try RunnerDirectory(connection: connection).resend(id) { entry in
            let sender = senders.sender(for: entry.channel)
            if let refusal = ResendRefusal.check(id: id, status: entry.status, stored: entry.provider, configured: sender.provider) {
                throw refusal
            }
            let message: OutgoingMessage
            do throws(PayloadError) {
                message = try OutgoingMessage(payload: entry.payload, channel: entry.channel)
            } catch {
                throw ResendRefusal.unreadable(error)
            }
            do throws(DeliveryError) {
                return .sent(providerMessageID: try sender.send(message, timeout: timeoutSeconds))
            } catch {
                return .failed(error)
            }
        }
    }
}
