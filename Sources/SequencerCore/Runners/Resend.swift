#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why `sequencer outbox resend ID` does not send (nothing is changed).
public enum ResendRefusal: Error, Sendable, CustomStringConvertible {
    /// No ledger row has this id.
    case notFound(Int64)
    /// Only an `uncertain` row may be resent: a `sent` one went, a `failed` one is taken back by
    /// the tick while its runner is at the step, a `pending` one is in flight.
    case notUncertain(Int64, DeliveryStatus)
    /// The configured provider of the row's channel is not the one that may have sent it.
    case otherProvider(stored: Provider, configured: Provider)
    /// Another process is resending it now (its row is locked).
    case busy(Int64)
    /// The stored payload cannot be read back as a message.
    case unreadable(PayloadError)

    public var description: String {
        switch self {
        case .notFound(let id): "no delivery has id \(id) (see `sequencer outbox --uncertain`)"
        case .notUncertain(let id, let status):
            "delivery \(id) is \(status.rawValue), not uncertain: only a message that may or may not have been sent is resent by hand"
        case .otherProvider(let stored, let configured):
            "delivery was for \(stored) but the configured provider of its channel is \(configured): resend with the configuration that sent it"
        case .busy(let id): "delivery \(id) is being resent by another process"
        case .unreadable(let error): "\(error)"
        }
    }

    /// The refusal, if any, for a row in `status` first handed to `stored` when the channel's
    /// provider is now `configured`.
    public static func check(id: Int64, status: DeliveryStatus, stored: Provider, configured: Provider) -> ResendRefusal? {
        guard status == .uncertain else { return .notUncertain(id, status) }
        guard stored == configured else { return .otherProvider(stored: stored, configured: configured) }
        return nil
    }
}

/// What a resend did, written to the ledger row in the transaction that locked it.
public enum ResendOutcome: Sendable {
    /// The provider accepted it: the row becomes `sent`, with `resent_at`.
    case sent(providerMessageID: String?)
    /// The provider call failed: the row stays `uncertain` (the first attempt may still have
    /// gone), its `error` says what the resend met.
    case failed(ServiceCallError)
}
