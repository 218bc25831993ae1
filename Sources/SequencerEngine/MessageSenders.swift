#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// The providers for each channel, and how fast and how persistently they may be used.
public struct MessageSenders {
    public var email: any MessageSender
    public var sms: any MessageSender
    /// Messages per second across both channels within one tick (protects SES/SNS quotas); 0 = no limit.
    public var maxPerSecond: Double
    /// How a throttled or failing provider call is retried within the tick before the message is
    /// left for the next tick.
    public var retry: RetryPolicy
    /// Per-subject limits across every sequence (the configuration's `frequencyCaps`): checked
    /// when a message's ledger row is taken (``RunnerStore/claimDelivery(_:lease:caps:)``).
    public var frequencyCaps = FrequencyCaps()

    /// - Parameter attempts: tries per message when the provider throttles (backoff 0.2 s, 0.4 s, …).
    public init(email: any MessageSender, sms: any MessageSender, maxPerSecond: Double = 0, attempts: Int = 3) {
        self.email = email
        self.sms = sms
        self.maxPerSecond = maxPerSecond
        self.retry = .calls(attempts: attempts)
    }

    /// Local mode: both channels to the outbox.
    public static var outbox: MessageSenders { MessageSenders(email: OutboxSender(), sms: OutboxSender()) }

    /// The sender of a channel.
    public func sender(for channel: Channel) -> any MessageSender {
        switch channel {
        case .email: email
        case .sms: sms
        }
    }

    /// What the planner needs to know of the providers: their names and which ones need no I/O.
    /// A channel with a frequency cap never records its message with the move, even in the
    /// outbox: the cap is checked under the subject's lock when the ledger row is taken.
    var planningProviders: [Channel: (provider: Provider, inLedgerTransaction: Bool)] {
        let capped = frequencyCaps.channels
        return Dictionary(uniqueKeysWithValues: Channel.allCases.map { channel in
            let sender = sender(for: channel)
            return (channel, (sender.provider, sender.recordsInLedgerTransaction && !capped.contains(channel)))
        })
    }
}

/// Local mode's provider: sends nothing; the message is recorded in the delivery ledger
/// (`deliveries`, provider `outbox`) in the same transaction as the runner's move, so it is
/// recorded exactly once per runner and visit. `sequencer outbox` prints it.
public struct OutboxSender: MessageSender {
    public init() {}
    public var provider: Provider { .outbox }
    public var recordsInLedgerTransaction: Bool { true }
    public func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? { nil }
}
