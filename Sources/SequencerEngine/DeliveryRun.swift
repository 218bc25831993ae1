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

/// What happened to one runner's message.
enum DeliveryOutcome {
    /// Sent now, or found sent (or possibly sent) by an earlier, crashed attempt: move on.
    case delivered(messageID: String?, note: String?)
    /// The provider refused it: a failed attempt.
    case failed(String)
    /// Throttled past the retries, or the provider cannot be reached with this configuration:
    /// stay, attempts untouched, try at the next tick.
    case deferred(String)
}

/// Sends one round's messages with the delivery ledger, at most once per runner, step and visit:
/// `pending` rows are committed before sending; a row found from an earlier attempt is never
/// sent again (`sent`: it went; `pending`: unknown, so not resent — at most once).
struct DeliveryRun {
    let store: any RunnerStore
    let senders: MessageSenders
    let logger: Logger
    let kill: (@Sendable (KillPoint) throws -> Void)?

    func send(_ requests: [DeliveryRecord]) throws -> [String: DeliveryOutcome] {
        var outcomes: [String: DeliveryOutcome] = [:]
        let ledgered = requests.filter { !senders.sender(for: $0.message).recordsInLedgerTransaction }
        for request in requests where senders.sender(for: request.message).recordsInLedgerTransaction {
            outcomes[request.runnerID] = .delivered(messageID: nil, note: nil)
        }
        guard !ledgered.isEmpty else { return outcomes }

        let earlier = try store.recordPending(ledgered)
        try kill?(.beforeSend)
        var results: [DeliveryRecord] = []
        var lastSend: Date?
        // A provider that is still throttling after the retries, or cannot be reached with this
        // configuration, gets no more calls this round: its remaining messages wait for the next tick.
        var saturated: [String: String] = [:]
        for var request in ledgered {
            if let status = earlier[request.runnerID] {
                let note = status == .sent ? "already sent by an earlier attempt"
                    : "an earlier attempt may have sent it; not resent (at most once)"
                logger.info("delivery not repeated", metadata: ["runner": "\(request.runnerID)", "step": "\(request.step)", "status": "\(status.rawValue)"])
                outcomes[request.runnerID] = .delivered(messageID: nil, note: note)
                continue
            }
            let sender = senders.sender(for: request.message)
            if let reason = saturated[sender.provider] {
                request.status = .failed
                request.error = "not attempted this tick: \(reason)"
                outcomes[request.runnerID] = .deferred(reason)
                results.append(request)
                continue
            }
            if senders.maxPerSecond > 0, let lastSend {
                let wait = 1 / senders.maxPerSecond - Date().timeIntervalSince(lastSend)
                if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            }
            lastSend = Date()
            switch attempt(request.message, with: sender) {
            case .success(let messageID):
                request.status = .sent
                request.providerMessageID = messageID
                outcomes[request.runnerID] = .delivered(messageID: messageID, note: nil)
                if case .sms(let sms) = request.message {
                    logger.info("sms sent", metadata: ["runner": "\(request.runnerID)", "segments": "\(sms.segments)"])
                }
            case .failure(let error) where error.isRetryable:
                saturated[sender.provider] = error.reason
                request.status = .failed
                request.error = "temporary failure (throttling or a server error), left for the next tick: \(error.reason)"
                outcomes[request.runnerID] = .deferred(error.reason)
            case .failure(let error):
                request.status = .failed
                request.error = error.reason
                outcomes[request.runnerID] = .failed("\(sender.provider): \(error.reason)")
            }
            results.append(request)
        }
        try kill?(.afterSendBeforeLedger)
        try store.recordOutcomes(results)
        try kill?(.afterLedgerBeforeMove)
        return outcomes
    }

    private func attempt(_ message: OutgoingMessage, with sender: any MessageSender) -> Result<String?, DeliveryError> {
        var last = DeliveryError(isRetryable: true, reason: "not sent")
        for attempt in 1...max(1, senders.attempts) {
            do {
                return .success(try sender.send(message))
            } catch {
                last = error
                guard error.isRetryable, attempt < senders.attempts else { break }
                usleep(UInt32(200_000 * (1 << (attempt - 1))))
            }
        }
        return .failure(last)
    }
}
