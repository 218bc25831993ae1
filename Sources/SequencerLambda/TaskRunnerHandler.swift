#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
import Logging
import SequencerCore
import SequencerEngine

/// A built-in task runner as a Lambda function: the wire-protocol event `{config, runners}` in,
/// the answer array `[{id, action, message, wakeAt?, error?}]` out (`docs/architecture.md`, "Wire protocol").
///
/// Needs no database or AWS configuration, except Email and SMS, which render and validate as the
/// tick does and send through `sender`, the configured provider (SES, SNS, or the log for the
/// outbox). A runner that cannot be handled (bad address, bad rendered date, a provider's refusal
/// or a call that provably did not go) is answered with `noop` and an `error`, so the rest of the
/// batch still moves and the caller may try it again. A send that may have gone (a timeout after
/// the request was written, a 5xx) is answered `next` with a message saying so: as in the tick,
/// a message is sent at most once (this function keeps no ledger: the caller must not repeat an
/// invocation whose answer it lost, or use the tick, which does; `docs/reliability.md`).
struct TaskRunnerHandler: LambdaHandler {
    let kind: BuiltinRunner
    let sender: (any MessageSender)?

    func handle(_ event: Data, context: LambdaContext) throws -> Data {
        let json = try JSONValue.lambdaEvent(event)
        let taskEvent: TaskEvent
        do {
            taskEvent = try TaskEvent(json: json)
        } catch {
            throw LambdaFunctionError(type: "InvalidEvent", message: "expected {\"config\": {...}, \"runners\": [...]}: \(error)")
        }
        let config: BuiltinStepConfig
        do {
            config = try BuiltinStepConfig.parse(kind, config: taskEvent.config)
        } catch {
            throw LambdaFunctionError(type: "InvalidConfig", message: error.problems.map(\.description).joined(separator: "; "))
        }
        let now = Date()
        let answers = taskEvent.runners.map { runner -> JSONValue in
            let decision = Step.decide(kind, config, for: runner, now: now)
            return deliverIfNeeded(decision, for: runner, context: context).answer(for: runner.id).json
        }
        return Data(JSONValue.array(answers).jsonText.utf8)
    }

    private func deliverIfNeeded(_ decision: StepDecision, for runner: RunnerSnapshot, context: LambdaContext) -> StepDecision {
        guard case .deliver(let message) = decision else { return decision }
        guard let sender else {
            return .fail(StepFailure(field: "", reason: "no \(message.channel.rawValue) provider is configured"))
        }
        do throws(DeliveryError) {
            let messageID = try sender.send(message, timeout: max(1, context.remainingSeconds - 1))
            context.logger.info("message sent", metadata: ["runner": "\(runner.id)", "channel": "\(message.channel.rawValue)",
                                                           "provider": "\(sender.provider)", "messageId": "\(messageID ?? "")"])
            return .move(.next, message: "\(message.summary) (\(sender.provider) message id \(messageID ?? "none"))")
        } catch where error.kind == .uncertain {
            context.logger.warning("message may have been sent; not resent", metadata: ["runner": "\(runner.id)", "error": "\(error.reason)"])
            return .move(.next, message: "\(message.summary): maybe sent (\(sender.provider): \(error.reason)); not resent")
        } catch {
            return .fail(StepFailure(field: "", reason: "\(sender.provider): \(error.reason) (\(error.kind.rawValue))"))
        }
    }
}

/// Email and SMS in a Lambda without a real provider: the rendered message is written to the
/// function's log (CloudWatch) as one JSON line, `{"outbox": {...}}`.
struct LogOutboxSender: MessageSender {
    var provider: Provider { .outbox }
    var recordsInLedgerTransaction: Bool { true }

    func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
        let line: JSONValue = ["outbox": .object(["channel": .string(message.channel.rawValue), "message": message.json])]
        StandardOutput.write(line.jsonText + "\n")
        return nil
    }
}
