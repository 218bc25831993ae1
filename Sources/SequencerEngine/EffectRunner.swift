#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore

/// Performs the effects of parked runners — sends through the delivery ledger, custom-runner
/// invocations — and reports each runner's ``EffectResult`` for the planner. The only part of the
/// tick that talks to providers and Lambda. Before each effect it confirms that the tick still
/// holds the runner's lease and that the deadline leaves time for it (`docs/reliability.md`).
struct EffectRunner {
    let senders: MessageSenders
    let customRunners: CustomRunners?
    let taskRunners: TaskRunnerRegistry
    let configuration: TickConfiguration
    let clock: any EngineClock
    let logger: Logger
    let failpoints: Failpoints

    /// Performs every parked runner's effect.
    /// - Returns: runner id → result.
    /// - Throws: the store's error (the ledger and the leases), or a failpoint's.
    func perform(_ parked: [ParkedRunner], store: some RunnerStore, timing: TickTiming, owner: String) throws -> [String: EffectResult] {
        var sends: [DeliveryRecord] = []
        var calls: [CustomRunnerCall: [ParkedRunner]] = [:]
        var callOrder: [CustomRunnerCall] = []
        var runs: [TaskRunnerCall: [ParkedRunner]] = [:]
        var runOrder: [TaskRunnerCall] = []
        for runner in parked {
            switch runner.effect {
            case .send(let record):
                sends.append(record)
            case .invoke(let call):
                if calls[call] == nil { callOrder.append(call) }
                calls[call, default: []].append(runner)
            case .run(let call):
                if runs[call] == nil { runOrder.append(call) }
                runs[call, default: []].append(runner)
            }
        }
        var results: [String: EffectResult] = [:]
        if !callOrder.isEmpty {
            results.merge(try invoke(callOrder.map { ($0, calls[$0]!) }, store: store, timing: timing, owner: owner)) { _, new in new }
        }
        if !runOrder.isEmpty {
            results.merge(try run(runOrder.map { ($0, runs[$0]!) }, store: store, timing: timing, owner: owner)) { _, new in new }
        }
        if !sends.isEmpty {
            let run = DeliveryRun(store: store, senders: senders, timing: timing, owner: owner, leaseSeconds: configuration.leaseSeconds,
                                  timeout: configuration.sendTimeoutSeconds, logger: logger, failpoints: failpoints)
            results.merge(try run.send(sends)) { _, new in new }
        }
        return results
    }

    /// Calls each step's Swift task runner (one that performs I/O) for its runners still leased by
    /// this tick, when the deadline leaves time; the others are postponed.
    private func run(_ groups: [(call: TaskRunnerCall, runners: [ParkedRunner])], store: some RunnerStore,
                     timing: TickTiming, owner: String) throws -> [String: EffectResult] {
        var results: [String: EffectResult] = [:]
        guard let timeout = timing.callTimeout(atMost: configuration.invocationTimeoutSeconds) else {
            for group in groups { for runner in group.runners { results[runner.state.id] = .postponed } }
            return results
        }
        let ids = groups.flatMap { $0.runners.map(\.state.id) }
        let held = try store.renewLeases(ids, lease: timing.lease(owner: owner, seconds: configuration.leaseSeconds))
        for id in ids where !held.contains(id) { results[id] = .postponed }
        let leased = groups.map { group in (group.call, group.runners.filter { held.contains($0.state.id) }.map(\.state)) }
        let dispatch = TaskRunnerDispatch(registry: taskRunners, logger: logger)
        let deadline = timing.clock.now().addingTimeInterval(timeout)
        results.merge(dispatch.run(leased, now: timing.now, deadline: deadline, concurrency: configuration.maxConcurrentInvocations)) { _, new in new }
        try failpoints.hit(.afterInvoke)
        return results
    }

    /// Invokes each step's custom task runner for its runners still leased by this tick, when the
    /// deadline leaves time; the others are postponed.
    private func invoke(_ groups: [(call: CustomRunnerCall, runners: [ParkedRunner])], store: some RunnerStore,
                        timing: TickTiming, owner: String) throws -> [String: EffectResult] {
        var results: [String: EffectResult] = [:]
        guard let customRunners, let timeout = timing.callTimeout(atMost: configuration.invocationTimeoutSeconds) else {
            for group in groups { for runner in group.runners { results[runner.state.id] = .postponed } }
            return results
        }
        let ids = groups.flatMap { $0.runners.map(\.state.id) }
        let held = try store.renewLeases(ids, lease: timing.lease(owner: owner, seconds: configuration.leaseSeconds))
        let batches = groups.flatMap { group -> [CustomRunnerBatch] in
            let runners = group.runners.filter { held.contains($0.state.id) }.map(\.state)
            return CustomRunnerDispatch.batches(function: group.call.function, config: group.call.config, runners: runners)
        }
        for id in ids where !held.contains(id) { results[id] = .postponed }
        let dispatch = CustomRunnerDispatch(runners: customRunners, retry: .calls(attempts: configuration.invocationAttempts),
                                            clock: clock, logger: logger, timeout: timeout)
        for (id, result) in dispatch.run(batches, concurrency: configuration.maxConcurrentInvocations) {
            results[id] = result
        }
        try failpoints.hit(.afterInvoke)
        return results
    }
}
