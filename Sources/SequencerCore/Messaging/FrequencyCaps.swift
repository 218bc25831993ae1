#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One frequency cap of the configuration (`frequencyCaps`): at most ``max`` messages on
/// ``channel`` to one subject within any ``perSeconds`` seconds, across every sequence.
///
/// The window slides on the engine clock (UTC): a message counts from the instant its ledger row
/// was taken until `perSeconds` later — "1 email per 86400 s" means never two within 24 hours, not
/// one per calendar day. Braze and Customer.io count the same way ("rolling" limits).
public struct FrequencyCap: Sendable, Hashable, CustomStringConvertible {
    public var channel: Channel
    /// Messages allowed within the window, at least 1.
    public var max: Int
    /// The window's length in seconds, at least 1.
    public var perSeconds: TimeInterval

    public init(channel: Channel, max: Int, perSeconds: TimeInterval) {
        self.channel = channel
        self.max = max
        self.perSeconds = perSeconds
    }

    /// `at most 2 emails per 86400 s`.
    public var description: String {
        let noun = channel == .email ? "email" : "SMS"
        let plural = max == 1 || channel == .sms ? noun : noun + "s"
        return "at most \(max) \(plural) per \(perSeconds.plainText) s"
    }
}

/// What the frequency caps say about one more message to a subject.
public enum CapVerdict: Sendable, Hashable {
    /// No cap of its channel is reached: it may be sent (its ledger row taken) now.
    case allowed
    /// `cap` is reached; every cap of the channel allows the message again at `until` (UTC) if
    /// nothing else is sent to the subject meanwhile.
    case over(FrequencyCap, until: Date)
}

extension FrequencyCap {
    /// The `held` history line of a message over this cap, e.g.
    /// `frequency cap (at most 1 email per 86400 s): held until 2026-01-07T10:00:00Z`.
    public func heldReason(until: Date) -> String {
        "frequency cap (\(self)): held until \(Moment.formatISO8601(until))"
    }

    /// The `skipped` history line of a message over this cap (`"onCap": "skip"`).
    public var skippedReason: String { "frequency cap (\(self)): not sent (onCap skip)" }
}

/// Every configured frequency cap, and the pure rule that applies them. The store counts a
/// subject's ledger rows of the channel (`pending`, `sent`, `uncertain`: anything that may have
/// reached the person; never `failed`) under a lock on the subject, asks ``verdict(channel:earlier:now:)``
/// and takes the message's row only when it is allowed (`docs/sequences.md`, "Frequency caps").
public struct FrequencyCaps: Sendable, Hashable {
    public var caps: [FrequencyCap]

    /// No caps (the default).
    public init(_ caps: [FrequencyCap] = []) {
        self.caps = caps
    }

    /// The channels that have at least one cap: their messages are always sent through the
    /// ledger claim, even the outbox's (`BatchPlanner.providers`).
    public var channels: Set<Channel> { Set(caps.map(\.channel)) }

    /// The longest window of `channel`'s caps in seconds; `nil` when it has none. Rows taken
    /// longer ago than this never count.
    public func window(for channel: Channel) -> TimeInterval? {
        caps.filter { $0.channel == channel }.map(\.perSeconds).max()
    }

    /// Whether one more message on `channel` is allowed at `now`.
    /// - Parameters:
    ///   - earlier: when the subject's earlier messages on `channel` were taken (engine clock);
    ///     instants after `now` (a clock set back) count as inside every window.
    ///   - now: the engine time of the claim (UTC).
    /// - Returns: ``CapVerdict/allowed``, or the cap reached and the first instant every cap of the
    ///   channel allows the message (the latest such instant over the caps reached).
    public func verdict(channel: Channel, earlier: [Date], now: Date) -> CapVerdict {
        var reached: (cap: FrequencyCap, until: Date)?
        for cap in caps where cap.channel == channel {
            let start = now.addingTimeInterval(-cap.perSeconds)
            let inside = earlier.filter { $0 > start }.sorted()
            guard inside.count >= cap.max else { continue }
            // The window must lose `count - max + 1` of them: the oldest that must leave does so
            // `perSeconds` after it was taken.
            let until = inside[inside.count - cap.max].addingTimeInterval(cap.perSeconds)
            if reached == nil || until > reached!.until { reached = (cap, until) }
        }
        return reached.map { .over($0.cap, until: $0.until) } ?? .allowed
    }
}
