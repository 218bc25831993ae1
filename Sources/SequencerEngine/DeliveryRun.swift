#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore

/// Sends one round's messages through the delivery ledger, one message at a time, at most once
/// per runner, step and visit (`docs/reliability.md`):
///
/// 1. the deadline must leave time for the call, else this and the remaining messages are
///    postponed — no ledger row is written for a message not attempted now;
/// 2. the runner's lease is confirmed and renewed, and the `pending` ledger row taken, in one
///    committed transaction (``RunnerStore/claimDelivery(_:lease:caps:)``): a lost lease means no
///    send; a row an earlier attempt left means no send; a frequency cap reached means no send
///    (the step's `onCap` holds or skips it);
/// 3. the provider is called, its timeout cut to the deadline; throttling and calls that never
///    left are retried with backoff while time allows, then deferred (row `failed`); a refusal
///    fails the runner's attempt (row `failed`); a timeout after the request left or a 5xx is
///    `uncertain` — the runner moves on, the message is never resent automatically;
/// 4. the outcome is committed on the row.
struct DeliveryRun {
    let store: any RunnerStore
    let senders: MessageSenders
    let timing: TickTiming
    let owner: String
    /// Seconds a confirmed lease is renewed for.
    let leaseSeconds: TimeInterval
    /// Seconds one provider call may take at most.
    let timeout: TimeInterval
    let logger: Logger
    let failpoints: Failpoints

    /// Sends `requests` (ledger records, one per runner).
    /// - Returns: runner id → result.
    /// - Throws: the store's error from the ledger, or a failpoint's.
    func send(_ requests: [DeliveryRecord]) throws -> [String: EffectResult] {
        var results: [String: EffectResult] = [:]
        var pacer = SendPacer(perSecond: senders.maxPerSecond, clock: timing.clock)
        // A provider still throttling after the retries, or unreachable with this configuration,
        // gets no more calls this round: its remaining messages wait for the next tick.
        var saturated: [Provider: String] = [:]
        var renewed = timing.engineNow()
        for (position, request) in requests.enumerated() {
            // Half the lease gone since the last renewal: renew the runners still waiting.
            if timing.engineNow().timeIntervalSince(renewed) > leaseSeconds / 2 {
                let waiting = requests[position...].map(\.runnerID)
                _ = try store.renewLeases(waiting, lease: timing.lease(owner: owner, seconds: leaseSeconds))
                renewed = timing.engineNow()
            }
            let sender = senders.sender(for: request.message.channel)
            if let reason = saturated[sender.provider] {
                results[request.runnerID] = .deferred(reason: reason)
                continue
            }
            guard pacer.waitForTurn(within: timing) else {
                for rest in requests[position...] { results[rest.runnerID] = .postponed }
                break
            }
            let result = try deliver(request, with: sender)
            if case .deferred(let reason) = result { saturated[sender.provider] = reason }
            results[request.runnerID] = result
        }
        return results
    }

    /// One message: claim its ledger row, send it, record the outcome.
    private func deliver(_ request: DeliveryRecord, with sender: any MessageSender) throws -> EffectResult {
        guard timing.callTimeout(atMost: timeout) != nil else { return .postponed }
        switch try store.claimDelivery(request, lease: timing.lease(owner: owner, seconds: leaseSeconds), caps: senders.frequencyCaps) {
        case .overCap(let cap, let until):
            logger.info("over a frequency cap; not sent", metadata: ["runner": "\(request.runnerID)", "step": "\(request.step)",
                                                                   "cap": "\(cap)"])
            return .overCap(cap, until: until)
        case .leaseLost:
            logger.info("lease lost; not sent", metadata: ["runner": "\(request.runnerID)", "step": "\(request.step)"])
            return .postponed
        case .earlier(let status):
            logger.info("delivery not repeated", metadata: ["runner": "\(request.runnerID)", "step": "\(request.step)",
                                                             "status": "\(status.rawValue)"])
            return .notRepeated(note: status == .sent ? "already sent by an earlier attempt"
                : "an earlier attempt may have sent it; not resent (at most once)")
        case .claimed:
            break
        }
        try failpoints.hit(.afterPendingCommit)
        var record = request
        let result = attempt(&record, with: sender)
        if case .delivered = result { try failpoints.hit(.afterProviderAccepted) }
        try store.recordOutcome(record) { try failpoints.hit(.beforeSentCommit) }
        return result
    }

    /// Calls the provider with retries while the deadline allows, and sets the row's outcome.
    private func attempt(_ record: inout DeliveryRecord, with sender: any MessageSender) -> EffectResult {
        let message = record.message
        let retrying = Retrying(policy: senders.retry, clock: timing.clock, timing: timing)
        let outcome = retrying.run({ _ throws(DeliveryError) in
            guard let timeout = timing.callTimeout(atMost: timeout) else {
                throw DeliveryError(kind: .notSent, reason: "not attempted: the tick's deadline is near")
            }
            return try sender.send(message, timeout: timeout)
        })
        switch outcome {
        case .success(let messageID):
            record.status = .sent
            record.providerMessageID = messageID
            if case .sms(let sms) = message {
                logger.info("sms sent", metadata: ["runner": "\(record.runnerID)", "segments": "\(sms.segments)"])
            }
            return .delivered(messageID: messageID)
        case .failure(let error):
            return failed(&record, error, provider: sender.provider)
        }
    }

    private func failed(_ record: inout DeliveryRecord, _ error: DeliveryError, provider: Provider) -> EffectResult {
        switch error.kind {
        case .uncertain:
            record.status = .uncertain
            record.error = error.reason
            logger.warning("message may have been sent; not resent", metadata: ["runner": "\(record.runnerID)", "error": "\(error.reason)"])
            return .uncertain(reason: error.reason)
        case .throttled, .notSent:
            record.status = .failed
            record.error = "not delivered (\(error.kind.rawValue)), left for the next tick: \(error.reason)"
            return .deferred(reason: error.reason)
        case .refused:
            record.status = .failed
            record.error = error.reason
            return .refused(reason: "\(provider): \(error.reason)")
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
    /// - Returns: `false`, without waiting, when the wait would leave too little time before the
    ///   deadline for the send itself.
    mutating func waitForTurn(within timing: TickTiming) -> Bool {
        if perSecond > 0, let last {
            let wait = 1 / perSecond - clock.now().timeIntervalSince(last)
            if wait > 0, timing.secondsLeft() - wait < timing.minimumCallSeconds { return false }
            clock.sleep(seconds: wait)
        }
        last = clock.now()
        return true
    }
}
