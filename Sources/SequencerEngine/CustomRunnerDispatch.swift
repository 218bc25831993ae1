import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore

/// How the tick reaches custom task runners: a way to make an invoker (one per concurrent call,
/// since clients are not shared across threads) and the allow-list checked before every call.
public struct CustomRunners: Sendable {
    public var makeInvoker: @Sendable () throws -> any TaskRunnerInvoker
    /// Whether a function (ARN or name) may be invoked.
    public var allows: @Sendable (String) -> Bool

    public init(makeInvoker: @escaping @Sendable () throws -> any TaskRunnerInvoker, allows: @escaping @Sendable (String) -> Bool) {
        self.makeInvoker = makeInvoker
        self.allows = allows
    }
}

/// One invocation of a custom task runner: a step's config and part of its runners.
package struct CustomRunnerBatch: Sendable {
    package var function: String
    package var ids: [String]
    package var event: Data
}

/// Builds and sends custom-runner invocations, and turns their answers into decisions.
package struct CustomRunnerDispatch {
    /// Lambda's synchronous request limit is 6 MB; stay clear of it.
    package static let maxEventBytes = 5_500_000

    /// The id of one runner's call at one visit of a step, `<runner>:<step>:<visit>`, sent with it
    /// as `invocationId`: a call repeated after an uncertain failure carries the same one, so the
    /// function can deduplicate.
    package static func invocationID(_ runner: RunnerState) -> String {
        "\(runner.id):\(runner.step):\(runner.visit)"
    }

    /// Splits one step's runners into events under `maxEventBytes`; each runner object carries
    /// its ``invocationID(_:)``.
    package static func batches(function: String, config: JSONValue, runners: [RunnerState], maxBytes: Int = maxEventBytes) -> [CustomRunnerBatch] {
        let head = "{\"config\":\(config.jsonText),\"runners\":["
        var batches: [CustomRunnerBatch] = []
        var parts: [String] = []
        var ids: [String] = []
        var size = head.utf8.count + 2
        func flush() {
            guard !parts.isEmpty else { return }
            batches.append(CustomRunnerBatch(function: function, ids: ids, event: Data((head + parts.joined(separator: ",") + "]}").utf8)))
            parts = []
            ids = []
            size = head.utf8.count + 2
        }
        for runner in runners {
            var object = runner.snapshot.object.objectValue ?? [:]
            object["invocationId"] = .string(invocationID(runner))
            let text = JSONValue.object(object).jsonText
            if !parts.isEmpty, size + text.utf8.count + 1 > maxBytes { flush() }
            parts.append(text)
            ids.append(runner.id)
            size += text.utf8.count + 1
        }
        flush()
        return batches
    }

    let runners: CustomRunners
    let retry: RetryPolicy
    let clock: any EngineClock
    let logger: Logger
    /// Seconds each call may take.
    let timeout: TimeInterval

    /// Sends every batch, at most `concurrency` at once, retrying throttled calls and calls that
    /// never left (an uncertain one is not repeated in this tick).
    /// - Returns: a result for every runner of every batch.
    func run(_ batches: [CustomRunnerBatch], concurrency: Int) -> [String: EffectResult] {
        let results = ConcurrentResults()
        // Calls block on the network, so each gets a thread of its own (not the CPU-sized
        // dispatch pool); the semaphore bounds how many are in flight.
        let slots = DispatchSemaphore(value: max(1, concurrency))
        let done = DispatchGroup()
        for batch in batches {
            slots.wait()
            done.enter()
            let call = Call(dispatch: self, batch: batch)
            DetachedThread.start {
                results.add(call.dispatch.decide(call.batch))
                slots.signal()
                done.leave()
            }
        }
        done.wait()
        return results.all
    }

    /// One batch handed to a call's thread.
    private struct Call: @unchecked Sendable {
        // @unchecked: the dispatch's parts are immutable or made per call (`makeInvoker`).
        let dispatch: CustomRunnerDispatch
        let batch: CustomRunnerBatch
    }

    /// One batch's invocation and the results it gives.
    private func decide(_ batch: CustomRunnerBatch) -> [String: EffectResult] {
        // Problems of the whole process (allow-list, credentials) are not the runners' fault: they
        // stay, attempts untouched, until the configuration is fixed.
        guard runners.allows(batch.function) else {
            return batch.all(.keep(reason: "custom task runner \(batch.function) is not in the allow-list (lambda.allowedFunctions)"))
        }
        let invoker: any TaskRunnerInvoker
        do {
            invoker = try runners.makeInvoker()
        } catch {
            return batch.all(.keep(reason: "cannot invoke \(batch.function): \(error)"))
        }
        let called = Retrying(policy: retry, clock: clock).run({ _ throws(InvocationError) in
            try invoker.invoke(batch.function, event: batch.event, timeout: timeout)
        }, onRetry: { attempt, _ in
            logger.info("custom task runner throttled; retrying", metadata: ["function": "\(batch.function)", "attempt": "\(attempt)"])
        })
        switch called {
        case .failure(let error) where error.kind == .uncertain:
            return batch.results(.uncertain(reason: error.reason))
        case .failure(let error):
            return batch.all(.fail(StepFailure(field: "", reason: "invoking \(batch.function) failed: \(error.reason)")))
        case .success(let result):
            return answer(result, to: batch)
        }
    }

    /// The decisions in a function's answer; a runner it left out is kept.
    private func answer(_ result: InvocationResult, to batch: CustomRunnerBatch) -> [String: EffectResult] {
        if let functionError = result.functionError {
            let detail = String(decoding: result.payload.prefix(500), as: UTF8.self)
            return batch.all(.fail(StepFailure(field: "", reason: "\(batch.function) failed (\(functionError)): \(detail)")))
        }
        let answer: CustomRunnerAnswer
        do {
            answer = try CustomRunnerAnswer(payload: result.payload, batch: batch.ids)
        } catch {
            return batch.all(.fail(StepFailure(field: "", reason: "\(batch.function) answered invalidly: \(error)")))
        }
        if !answer.missing.isEmpty {
            logger.info("custom task runner left runners out of its answer; they stay", metadata: [
                "function": "\(batch.function)", "missing": "\(answer.missing.prefix(20).joined(separator: ","))",
            ])
        }
        if !answer.unknown.isEmpty {
            logger.info("custom task runner answered for ids it was not given", metadata: [
                "function": "\(batch.function)", "unknown": "\(answer.unknown.prefix(20).joined(separator: ","))",
            ])
        }
        var decisions = answer.decisions
        for id in answer.missing { decisions[id] = .keep(reason: "\(batch.function) left it out of its answer") }
        return decisions.mapValues { .decided($0) }
    }
}

extension CustomRunnerBatch {
    /// The same decision for every runner of the batch.
    func all(_ decision: StepDecision) -> [String: EffectResult] {
        results(.decided(decision))
    }

    /// The same result for every runner of the batch.
    func results(_ result: EffectResult) -> [String: EffectResult] {
        Dictionary(ids.map { ($0, result) }, uniquingKeysWith: { first, _ in first })
    }
}
