import Foundation
import Logging
import SequencerCore

/// Performs the effects of parked runners — sends through the delivery ledger, custom-runner
/// invocations — and reports each runner's ``EffectResult`` for the planner. The only part of the
/// tick that talks to providers and Lambda.
struct EffectRunner {
    let senders: MessageSenders
    let customRunners: CustomRunners?
    let configuration: TickConfiguration
    let clock: any EngineClock
    let logger: Logger
    let kill: (@Sendable (KillPoint) throws -> Void)?

    /// Performs every parked runner's effect.
    /// - Returns: runner id → result.
    /// - Throws: the store's error from the delivery ledger (the effects of that round are then
    ///   unknown to the tick; the ledger keeps them from being repeated).
    func perform(_ parked: [ParkedRunner], store: some RunnerStore) throws -> [String: EffectResult] {
        var sends: [DeliveryRecord] = []
        var calls: [CustomRunnerCall: [RunnerSnapshot]] = [:]
        var callOrder: [CustomRunnerCall] = []
        for runner in parked {
            switch runner.effect {
            case .send(let record):
                sends.append(record)
            case .invoke(let call):
                if calls[call] == nil { callOrder.append(call) }
                calls[call, default: []].append(runner.state.snapshot)
            }
        }
        var results: [String: EffectResult] = [:]
        if let customRunners, !callOrder.isEmpty {
            let batches = callOrder.flatMap { call in
                CustomRunnerDispatch.batches(function: call.function, config: call.config, runners: calls[call]!)
            }
            let dispatch = CustomRunnerDispatch(runners: customRunners, retry: .calls(attempts: configuration.invocationAttempts),
                                                clock: clock, logger: logger)
            for (id, decision) in dispatch.run(batches, concurrency: configuration.maxConcurrentInvocations) {
                results[id] = .decided(decision)
            }
        }
        if !sends.isEmpty {
            let run = DeliveryRun(store: store, senders: senders, clock: clock, logger: logger, kill: kill)
            results.merge(try run.send(sends)) { _, new in new }
        }
        return results
    }
}
