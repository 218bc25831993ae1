#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decides a claimed batch in pure code: given the runners (state and data), their sequences'
/// definitions and the clock, it returns a ``BatchPlan`` — moves and history lines, the outbox's
/// messages, and the runners to park with the effect each needs (a send, a custom-runner call).
/// It does no I/O; the engine applies its plans (`docs/architecture.md`, "Plan and apply").
///
/// A runner that enters a new step is looked at again in the same plan, so a chain of instant
/// steps (Conditional → GoTo → Conditional) finishes at once; each runner takes at most
/// ``maxSteps`` decisions per tick (the step bound), then waits for the next tick. Goals pull a
/// runner first: before each decision, the first Goal step whose condition holds (and which the
/// runner has not entered) takes it. Before that, the sequence's exit condition (`exitWhen`) ends
/// the runner (`exited`) when it holds.
public struct BatchPlanner: Sendable {
    /// The lifecycle every transition goes through.
    public var machine: RunnerMachine
    /// Decisions one runner may take in one tick.
    public var maxSteps: Int
    /// The provider of each channel, and whether its record is the ledger row written with the
    /// move (the outbox: no I/O, so no parking).
    public var providers: [Channel: (provider: Provider, inLedgerTransaction: Bool)]
    /// Whether custom task runners can be invoked; when not, runners at such steps are kept.
    public var canInvokeCustomRunners: Bool
    /// The Swift task runners built into the program: pure ones decide while planning, those
    /// that perform I/O park their runners (``Effect/run(_:)``).
    public var taskRunners: TaskRunnerRegistry
    /// How large a rendered email or SMS may be; a larger one is a failed attempt naming the field.
    public var messageLimits: MessageLimits

    public init(machine: RunnerMachine, maxSteps: Int,
                providers: [Channel: (provider: Provider, inLedgerTransaction: Bool)],
                canInvokeCustomRunners: Bool, taskRunners: TaskRunnerRegistry = .none,
                messageLimits: MessageLimits = MessageLimits()) {
        self.machine = machine
        self.maxSteps = maxSteps
        self.providers = providers
        self.canInvokeCustomRunners = canInvokeCustomRunners
        self.taskRunners = taskRunners
        self.messageLimits = messageLimits
    }

    /// Plans a freshly claimed batch.
    /// - Parameters:
    ///   - claimed: the runners, as the store read them.
    ///   - definitions: every sequence version they run on.
    ///   - now: the tick's engine time (UTC), the same for the whole tick.
    /// - Parameter unreadable: runner id → why its row could not be read; those runners are
    ///   marked failed, naming the problem, and nothing else is decided for them.
    public func plan(_ claimed: [RunnerState], unreadable: [String: String] = [:],
                     definitions: [SequenceVersion: SequenceDefinition], now: Date) -> BatchPlan {
        var builder = PlanBuilder(states: claimed, budgets: Array(repeating: maxSteps, count: claimed.count),
                                  movedBefore: Array(repeating: false, count: claimed.count))
        var readable = Array(claimed.indices)
        if !unreadable.isEmpty {
            readable.removeAll { index in
                guard let reason = unreadable[claimed[index].id] else { return false }
                builder.record(machine.unreadable(claimed[index], reason: reason, now: now), at: index)
                return true
            }
        }
        advance(&builder, readable, definitions: definitions, now: now)
        return builder.finish(examined: claimed.count, at: now)
    }

    /// Plans what follows the effects of parked runners: each effect's result becomes the
    /// runner's decision at its step, then the runners that moved go on as in ``plan(_:definitions:now:)``
    /// (they may park again, at a later step).
    /// - Parameters:
    ///   - parked: the runners whose effects were performed, as the previous plan parked them.
    ///   - results: runner id → the effect's result; a missing one is a failed attempt for a send
    ///     and a kept runner for a call.
    public func resume(_ parked: [ParkedRunner], results: [String: EffectResult],
                       definitions: [SequenceVersion: SequenceDefinition], now: Date) -> BatchPlan {
        var builder = PlanBuilder(states: parked.map(\.state), budgets: parked.map(\.budget), movedBefore: parked.map(\.movedBefore))
        var inMotion: [Int] = []
        for (index, runner) in parked.enumerated() {
            let result = results[runner.state.id]
            if case .postponed? = result {
                builder.postpone(index, now: now)
                continue
            }
            guard let definition = definitions[runner.state.sequenceVersion],
                  let step = definition.step(runner.state.step) else {
                builder.record(machine.apply(.fail(Self.missing(runner.state)), to: runner.state, at: Self.placeholder(runner.state),
                                             of: SequenceDefinition(name: runner.state.sequence, start: "", steps: []), now: now), at: index)
                continue
            }
            let decision = Self.decision(for: runner.effect, result: result, onCap: step.capPolicy)
            if case .delivered? = result { builder.sent[index] += 1 }
            if case .uncertain? = result { builder.uncertain[index] += 1 }
            builder.budgets[index] -= 1
            if builder.record(machine.apply(decision, to: runner.state, at: step, of: definition, now: now), at: index) {
                inMotion.append(index)
            }
        }
        advance(&builder, inMotion, definitions: definitions, now: now)
        return builder.finish(examined: 0, at: now)
    }

    /// The decision an effect's result stands for at the runner's step (`onCap`: the step's
    /// policy over a frequency cap).
    static func decision(for effect: Effect, result: EffectResult?, onCap: CapPolicy) -> StepDecision {
        switch (effect, result) {
        case (_, .overCap(let cap, let until)?):
            return onCap == .skip ? .skip(reason: cap.skippedReason) : .hold(until: until, reason: cap.heldReason(until: until))
        case (.send(let record), .delivered?):
            return .deliver(record.message)
        case (.send(let record), .notRepeated(let note)?):
            return .move(.next, message: "\(record.message.summary): \(note)")
        case (.send(let record), .uncertain(let reason)?):
            return .move(.next, message: "\(record.message.summary): maybe sent (\(reason)); not resent — sequencer outbox --uncertain")
        case (.invoke(let call), .uncertain(let reason)?):
            return .keep(reason: "\(call.function) may have run (\(reason)); it is asked again with the same invocationId")
        case (_, .refused(let reason)?):
            return .fail(StepFailure(field: "", reason: reason))
        case (_, .deferred(let reason)?):
            return .keep(reason: reason)
        case (_, .decided(let decision)?):
            return decision
        case (_, .postponed?):
            return .keep(reason: "not attempted")
        case (.send, _):
            return .fail(StepFailure(field: "", reason: "the message was not handed to a provider"))
        case (.invoke(let call), _):
            return .keep(reason: "\(call.function) gave no answer for it")
        case (.run(let call), .uncertain(let reason)?):
            return .keep(reason: "task runner \(call.name) did not finish (\(reason)); it is asked again")
        case (.run(let call), _):
            return .keep(reason: "task runner \(call.name) gave no decision for it")
        }
    }

    /// Rounds of decisions for the runners in motion, until none moves or each has used its budget.
    private func advance(_ builder: inout PlanBuilder, _ start: [Int], definitions: [SequenceVersion: SequenceDefinition], now: Date) {
        var inMotion = start
        while !inMotion.isEmpty {
            var nextMotion: [Int] = []
            for index in inMotion {
                guard builder.budgets[index] > 0 else {
                    builder.bound(index, now: now)
                    continue
                }
                builder.budgets[index] -= 1
                if decideOne(&builder, index, definitions: definitions, now: now) {
                    nextMotion.append(index)
                }
            }
            inMotion = nextMotion
        }
    }

    /// One decision for one runner: a goal that pulls it, then its step's decision, unless the
    /// step needs I/O (then it is parked).
    /// - Returns: whether it entered a new step (and goes on in the next round).
    private func decideOne(_ builder: inout PlanBuilder, _ index: Int, definitions: [SequenceVersion: SequenceDefinition],
                           now: Date) -> Bool {
        var state = builder.states[index]
        guard let definition = definitions[state.sequenceVersion] else {
            let placeholder = SequenceDefinition(name: state.sequence, start: "", steps: [])
            return builder.record(machine.apply(.fail(Self.missing(state)), to: state, at: Self.placeholder(state),
                                                of: placeholder, now: now), at: index)
        }
        if RunnerMachine.exits(state, in: definition) {
            builder.record(machine.exit(state, of: definition, now: now), at: index)
            return false
        }
        if let goal = RunnerMachine.firstGoalReached(by: state, in: definition) {
            builder.record(machine.reachGoal(goal, state: state, of: definition, now: now), at: index)
            state = builder.states[index]
        }
        guard let step = definition.step(state.step) else {
            let failure = StepFailure(field: "", reason: "step \"\(state.step)\" does not exist in \(state.sequence) version \(state.version)")
            return builder.record(machine.apply(.fail(failure), to: state, at: Self.placeholder(state), of: definition, now: now), at: index)
        }
        guard let decision = step.decide(for: state.snapshot, now: now, runners: taskRunners, limits: messageLimits) else {
            return custom(&builder, index, step: step, now: now)
        }
        if case .deliver(let message) = decision, let provider = providers[message.channel] {
            let record = DeliveryRecord(runnerID: state.id, subject: state.subject, sequence: state.sequence, step: step.key, visit: state.visit,
                                        message: message, provider: provider.provider, status: provider.inLedgerTransaction ? .sent : .pending)
            guard provider.inLedgerTransaction else {
                builder.park(index, .send(record))
                return false
            }
            builder.deliveries.append(record)
            builder.sent[index] += 1
        }
        return builder.record(machine.apply(decision, to: state, at: step, of: definition, now: now), at: index)
    }

    /// A step whose task runner is a Lambda function or a Swift task runner that performs I/O:
    /// parked for the call, or kept when no call can be made.
    private func custom(_ builder: inout PlanBuilder, _ index: Int, step: Step, now: Date) -> Bool {
        let state = builder.states[index]
        if case .swift(let name) = step.runner {
            builder.park(index, .run(TaskRunnerCall(name: name, config: step.config, step: step.key, sequence: state.sequenceVersion)))
            return false
        }
        guard case .lambda(let function) = step.runner else { return false }
        guard canInvokeCustomRunners else {
            let reason = "custom task runner \(function) cannot be invoked: no AWS access is configured for Lambda"
            return builder.record(machine.keep(state, reason: reason, now: now), at: index)
        }
        builder.park(index, .invoke(CustomRunnerCall(function: function, config: step.config, step: step.key,
                                                     sequence: state.sequenceVersion)))
        return false
    }

    private static func missing(_ state: RunnerState) -> StepFailure {
        StepFailure(field: "", reason: "sequence \(state.sequence) version \(state.version) is not stored")
    }

    /// A stand-in for a step that does not exist, for the failure transition (which reads no field of it).
    private static func placeholder(_ state: RunnerState) -> Step {
        Step(key: state.step, runner: .builtin(.goTo), config: .null, builtin: nil, next: nil, altNext: nil)
    }
}
