import Foundation
import Logging
import SequencerCore

/// Where a tick can be made to die in tests, around sending a message (crash tests of the
/// delivery guarantee).
public enum KillPoint: String, Sendable, CaseIterable {
    /// After the `pending` ledger rows are written, before anything is sent.
    case beforeSend
    /// After the provider accepted the messages, before the ledger says `sent`.
    case afterSendBeforeLedger
    /// After the ledger says `sent`, before the runners' moves are written.
    case afterLedgerBeforeMove
}

/// Sends one round's messages with the delivery ledger, at most once per runner, step and visit:
/// `pending` rows are committed before sending; a row found from an earlier attempt is never
/// sent again (`sent`: it went; `pending`: unknown, so not resent — at most once).
struct DeliveryRun {
    let store: any RunnerStore
    let senders: MessageSenders
    let clock: any EngineClock
    let logger: Logger
    let kill: (@Sendable (KillPoint) throws -> Void)?

    /// Sends `requests` (ledger records with status `pending`, one per runner).
    /// - Returns: runner id → result.
    /// - Throws: the store's error from the ledger.
    func send(_ requests: [DeliveryRecord]) throws -> [String: EffectResult] {
        let earlier = try store.recordPending(requests)
        try kill?(.beforeSend)
        var outcomes: [String: EffectResult] = [:]
        var results: [DeliveryRecord] = []
        var pacer = SendPacer(perSecond: senders.maxPerSecond, clock: clock)
        // A provider that is still throttling after the retries, or cannot be reached with this
        // configuration, gets no more calls this round: its remaining messages wait for the next tick.
        var saturated: [Provider: String] = [:]
        for var request in requests {
            if let status = earlier[request.runnerID] {
                outcomes[request.runnerID] = .notRepeated(note: status == .sent ? "already sent by an earlier attempt"
                    : "an earlier attempt may have sent it; not resent (at most once)")
                logger.info("delivery not repeated", metadata: ["runner": "\(request.runnerID)", "step": "\(request.step)",
                                                                 "status": "\(status.rawValue)"])
                continue
            }
            let sender = senders.sender(for: request.message.channel)
            if let reason = saturated[sender.provider] {
                request.status = .failed
                request.error = "not attempted this tick: \(reason)"
                outcomes[request.runnerID] = .deferred(reason: reason)
                results.append(request)
                continue
            }
            pacer.waitForTurn()
            let outcome = deliver(&request, with: sender)
            if case .deferred(let reason) = outcome { saturated[sender.provider] = reason }
            outcomes[request.runnerID] = outcome
            results.append(request)
        }
        try kill?(.afterSendBeforeLedger)
        try store.recordOutcomes(results)
        try kill?(.afterLedgerBeforeMove)
        return outcomes
    }

    /// Sends one message with retries and records the outcome on its ledger row.
    private func deliver(_ request: inout DeliveryRecord, with sender: any MessageSender) -> EffectResult {
        let retrying = Retrying(policy: senders.retry, clock: clock)
        switch retrying.run({ _ throws(DeliveryError) in try sender.send(request.message) }) {
        case .success(let messageID):
            request.status = .sent
            request.providerMessageID = messageID
            if case .sms(let sms) = request.message {
                logger.info("sms sent", metadata: ["runner": "\(request.runnerID)", "segments": "\(sms.segments)"])
            }
            return .delivered(messageID: messageID)
        case .failure(let error) where error.isRetryable:
            request.status = .failed
            request.error = "temporary failure (throttling or a server error), left for the next tick: \(error.reason)"
            return .deferred(reason: error.reason)
        case .failure(let error):
            request.status = .failed
            request.error = error.reason
            return .refused(reason: "\(sender.provider): \(error.reason)")
        }
    }
}

/// Spaces sends at most `perSecond` per second on the engine clock (no limit when 0).
struct SendPacer {
    let perSecond: Double
    let clock: any EngineClock
    private var last: Date?

    init(perSecond: Double, clock: any EngineClock) {
        self.perSecond = perSecond
        self.clock = clock
    }

    /// Waits until the next send is allowed, then counts it.
    mutating func waitForTurn() {
        if perSecond > 0, let last {
            clock.sleep(seconds: 1 / perSecond - clock.now().timeIntervalSince(last))
        }
        last = clock.now()
    }
}
