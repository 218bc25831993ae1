import Foundation
import Logging
import SequencerCore

/// One pass of the engine over due runners: claim a batch with a lease, move each runner through
/// as many steps as it can take now (bounded), write the batch, repeat until nothing is due.
///
/// Several ticks may run at once on the same database: claims skip leased rows, so no runner is
/// processed twice. Not thread-safe: one tick per thread, each with its own store connection.
public final class Tick<Store: RunnerStore> {
    let store: Store
    let configuration: TickConfiguration
    let senders: MessageSenders
    let logger: Logger
    let kill: (@Sendable (KillPoint) throws -> Void)?
    let machine: RunnerMachine
    let customRunners: CustomRunners?
    /// Identifies this tick's leases.
    public let owner: String

    /// - Parameters:
    ///   - store: where runners are claimed and written.
    ///   - configuration: batch size, step bound, lease, retries.
    ///   - senders: the email and SMS providers (local outbox by default).
    ///   - logger: receives one `info` line per tick and `debug` lines per batch.
    ///   - customRunners: how to invoke Lambda task runners; without it such steps fail (and retry).
    ///   - kill: test hook: throwing at a ``KillPoint`` stops the tick there, as a crash would.
    public init(store: Store, configuration: TickConfiguration, senders: MessageSenders = .outbox,
                logger: Logger, customRunners: CustomRunners? = nil,
                owner: String = "tick-" + UUID().uuidString.prefix(8).lowercased(),
                kill: (@Sendable (KillPoint) throws -> Void)? = nil) {
        self.customRunners = customRunners
        self.kill = kill
        self.store = store
        self.configuration = configuration
        self.senders = senders
        self.logger = logger
        self.machine = RunnerMachine(retry: configuration.retry)
        self.owner = owner
    }

    /// Runs the tick at engine time `now` (UTC; the same instant for the whole tick).
    /// - Parameter shouldClaimMore: asked before each new batch; `false` stops the tick early
    ///   (a Lambda deadline), leaving the rest due for the next tick.
    /// - Throws: the store's errors. Batches written before the error stay written; the failed
    ///   batch's leases expire and its runners are taken again.
    public func run(now: Date, shouldClaimMore: () -> Bool = { true }) throws -> TickSummary {
        let started = ContinuousClock.now
        var summary = TickSummary()
        while shouldClaimMore() {
            let claimed = try store.claimDue(now: now, limit: configuration.batchSize, leaseOwner: owner,
                                             leaseSeconds: configuration.leaseSeconds)
            if claimed.isEmpty { break }
            let (write, batchSummary) = try advance(claimed, now: now)
            let written = try store.write(write, leaseOwner: owner)
            var counted = batchSummary
            counted.skipped = claimed.count - written.count
            counted.batches = 1
            summary.add(counted)
            logger.debug("batch written", metadata: ["claimed": "\(claimed.count)", "written": "\(written.count)"])
            if claimed.count < configuration.batchSize { break }
        }
        let duration = ContinuousClock.now - started
        summary.elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        logger.info("tick done", metadata: [
            "owner": "\(owner)", "examined": "\(summary.examined)", "moved": "\(summary.moved)",
            "transitions": "\(summary.transitions)", "waiting": "\(summary.waiting)", "completed": "\(summary.completed)",
            "errors": "\(summary.errors)", "failed": "\(summary.failed)", "elapsedSeconds": "\(summary.elapsed)",
        ])
        return summary
    }

    /// Moves a claimed batch in memory: goals first, then each step's task runner, round after
    /// round while runners keep entering new steps.
    func advance(_ claimed: [RunnerState], now: Date) throws -> (BatchWrite, TickSummary) {
        var states = Dictionary(claimed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var order = claimed.map(\.id)
        var write = BatchWrite()
        var summary = TickSummary()
        summary.examined = claimed.count
        var movedIDs = Set<String>()
        var inMotion = order

        var definitions: [String: SequenceDefinition] = [:]
        func definition(of state: RunnerState) throws -> SequenceDefinition {
            let key = "\(state.sequence)@\(state.version)"
            if let known = definitions[key] { return known }
            let loaded = try store.definition(name: state.sequence, version: state.version)
            definitions[key] = loaded
            return loaded
        }

        func record(_ outcome: RunnerMachine.Outcome) {
            states[outcome.state.id] = outcome.state
            write.history.append(contentsOf: outcome.history)
            if outcome.entered || outcome.state.status == .completed {
                movedIDs.insert(outcome.state.id)
                summary.transitions += 1
            }
        }

        for _ in 0..<configuration.maxStepsPerRunner where !inMotion.isEmpty {
            // Goals pull runners first: a runner whose goal holds skips the rest of the flow.
            for id in inMotion {
                let state = states[id]!
                let sequence = try definition(of: state)
                if let goal = RunnerMachine.firstGoalReached(by: state, in: sequence) {
                    record(machine.reachGoal(goal, state: state, of: sequence, now: now))
                }
            }
            let invoked = try invokeCustomRunners(for: inMotion.map { states[$0]! }, definition: definition, now: now)
            // Decide for every runner first, so this round's messages go out together through the ledger.
            var decided: [(id: String, step: Step, sequence: SequenceDefinition, decision: StepDecision)] = []
            var requests: [DeliveryRecord] = []
            for id in inMotion {
                let state = states[id]!
                let sequence = try definition(of: state)
                guard let step = sequence.step(state.step) else {
                    let failure = StepFailure(field: "", reason: "step \"\(state.step)\" does not exist in \(state.sequence) version \(state.version)")
                    record(machine.apply(.fail(failure), to: state, at: Step(key: state.step, runner: .builtin(.goTo), config: .null, builtin: nil, next: nil, altNext: nil), of: sequence, now: now))
                    continue
                }
                let decision = invoked[id] ?? decide(step, for: state, now: now)
                if case .deliver(let message) = decision {
                    requests.append(DeliveryRecord(runnerID: id, sequence: state.sequence, step: step.key, visit: state.visit, message: message,
                                                   provider: senders.sender(for: message).provider, status: .pending))
                }
                decided.append((id, step, sequence, decision))
            }
            let delivered = try DeliveryRun(store: store, senders: senders, logger: logger, kill: kill).send(requests)
            var nextMotion: [String] = []
            for (id, step, sequence, planned) in decided {
                let state = states[id]!
                var decision = planned
                if case .deliver(let message) = planned {
                    switch delivered[id] {
                    case .delivered(let messageID, let note)?:
                        let sender = senders.sender(for: message)
                        if sender.recordsInLedgerTransaction {
                            write.deliveries.append(DeliveryRecord(runnerID: id, sequence: state.sequence, step: step.key, visit: state.visit,
                                                                   message: message, provider: sender.provider, status: .sent,
                                                                   providerMessageID: messageID))
                        }
                        if let note {
                            decision = .move(.next, message: "\(message.summary): \(note)")
                        } else {
                            summary.deliveries += 1
                        }
                    case .failed(let reason)?:
                        decision = .fail(StepFailure(field: "", reason: reason))
                    case .deferred(let reason)?:
                        decision = .keep(reason: reason)
                    case nil:
                        decision = .fail(StepFailure(field: "", reason: "the message was not handed to a provider"))
                    }
                }
                let outcome = machine.apply(decision, to: state, at: step, of: sequence, now: now)
                record(outcome)
                if outcome.entered { nextMotion.append(id) }
            }
            inMotion = nextMotion
        }
        // Runners still moving hit the step bound: leave them due for the next tick.
        for id in inMotion {
            states[id]!.wakeAt = now.addingTimeInterval(0.001)
            summary.bounded += 1
            logger.info("step bound reached; runner continues next tick", metadata: ["runner": "\(id)", "step": "\(states[id]!.step)"])
        }
        order.removeAll { states[$0] == nil }
        write.runners = order.map { states[$0]! }
        for state in write.runners {
            switch state.status {
            case .completed: summary.completed += 1
            case .failed: summary.failed += 1
            case .active:
                if state.lastError != nil { summary.errors += 1 } else if !inMotion.contains(state.id) { summary.waiting += 1 }
            case .cancelled: break
            }
        }
        summary.moved = movedIDs.count
        return (write, summary)
    }

    /// Invokes the custom task runners of the steps these runners are at: one event per step (split
    /// under Lambda's size limit), several functions at once.
    func invokeCustomRunners(for runners: [RunnerState], definition: (RunnerState) throws -> SequenceDefinition,
                             now: Date) throws -> [String: StepDecision] {
        guard let customRunners else { return [:] }
        var groups: [String: (function: String, config: JSONValue, runners: [RunnerSnapshot])] = [:]
        var order: [String] = []
        for state in runners {
            guard let step = try definition(state).step(state.step), case .lambda(let function) = step.runner else { continue }
            let key = "\(state.sequence)@\(state.version)#\(step.key)"
            if groups[key] == nil {
                groups[key] = (function, step.config, [])
                order.append(key)
            }
            groups[key]!.runners.append(state.snapshot)
        }
        if groups.isEmpty { return [:] }
        let batches = order.flatMap { key in
            CustomRunnerDispatch.batches(function: groups[key]!.function, config: groups[key]!.config, runners: groups[key]!.runners)
        }
        return CustomRunnerDispatch.run(batches, with: customRunners, concurrency: configuration.maxConcurrentInvocations,
                                        attempts: configuration.invocationAttempts, logger: logger)
    }

    /// The decision of `step`'s task runner for one runner.
    func decide(_ step: Step, for state: RunnerState, now: Date) -> StepDecision {
        switch (step.runner, step.builtin) {
        case (.builtin(.goal), .condition(let condition)?):
            return BuiltinTaskRunner.decideGoal(condition, runner: state.snapshot)
        case (.builtin, let config?):
            return BuiltinTaskRunner.decide(config, runner: state.snapshot, now: now)
        case (.lambda(let function), _):
            return .keep(reason: "custom task runner \(function) cannot be invoked: no AWS access is configured for Lambda")
        case (.builtin(let kind), nil):
            return .fail(StepFailure(field: "", reason: "step \(step.key) has no parsed config for \(kind.rawValue)"))
        }
    }
}
