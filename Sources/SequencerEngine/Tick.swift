import Foundation
import Logging
import SequencerCore

/// One pass of the engine over due runners, batch after batch until nothing is due.
///
/// A batch is locked and decided in one transaction: `lockDue` (`FOR UPDATE SKIP LOCKED`), every
/// step that needs no I/O decided in memory, one set-based write, commit — one row update per
/// runner. Runners that reach a step needing I/O outside the database (a custom task runner, a
/// send through SES or SNS) are written with a lease in that same statement and finished after the
/// commit, so no transaction stays open across a network call.
///
/// With several stores (connections), as many workers run batches at once, each on its own
/// connection, so the database works on one batch while the engine decides another; their I/O
/// parts run one at a time (providers' clients are not shared across threads). Several ticks may
/// also run at once on the same database: locked and leased runners are skipped, so no runner is
/// processed twice.
public final class Tick<Store: RunnerStore>: @unchecked Sendable {
    // @unchecked: workers share only immutable settings; `senders` and `customRunners` are used
    // by one worker at a time (`ioLock`), and each worker has its own store.
    let stores: [Store]
    let configuration: TickConfiguration
    let senders: MessageSenders
    let logger: Logger
    let kill: (@Sendable (KillPoint) throws -> Void)?
    let machine: RunnerMachine
    let customRunners: CustomRunners?
    private let ioLock = NSLock()
    /// Identifies this tick's leases.
    public let owner: String

    /// - Parameters:
    ///   - stores: where runners are claimed and written: one worker per store, each store used by
    ///     its worker only (one PostgreSQL connection each). At least one.
    ///   - configuration: batch size, step bound, lease, retries.
    ///   - senders: the email and SMS providers (local outbox by default).
    ///   - logger: receives one `info` line per tick and `debug` lines per batch.
    ///   - customRunners: how to invoke Lambda task runners; without it such steps are kept (no attempt used).
    ///   - kill: test hook: throwing at a ``KillPoint`` stops the tick there, as a crash would.
    public init(stores: [Store], configuration: TickConfiguration, senders: MessageSenders = .outbox,
                logger: Logger, customRunners: CustomRunners? = nil,
                owner: String = "tick-" + UUID().uuidString.prefix(8).lowercased(),
                kill: (@Sendable (KillPoint) throws -> Void)? = nil) {
        precondition(!stores.isEmpty, "a tick needs at least one store")
        self.customRunners = customRunners
        self.kill = kill
        self.stores = stores
        self.configuration = configuration
        self.senders = senders
        self.logger = logger
        self.machine = RunnerMachine(retry: configuration.retry)
        self.owner = owner
    }

    /// A tick with one worker on `store`; see ``init(stores:configuration:senders:logger:customRunners:owner:kill:)``.
    public convenience init(store: Store, configuration: TickConfiguration, senders: MessageSenders = .outbox,
                            logger: Logger, customRunners: CustomRunners? = nil,
                            owner: String = "tick-" + UUID().uuidString.prefix(8).lowercased(),
                            kill: (@Sendable (KillPoint) throws -> Void)? = nil) {
        self.init(stores: [store], configuration: configuration, senders: senders, logger: logger,
                  customRunners: customRunners, owner: owner, kill: kill)
    }

    /// Runs the tick at engine time `now` (UTC; the same instant for the whole tick).
    /// - Parameter shouldClaimMore: asked before each new batch (by one worker at a time); `false`
    ///   stops the tick early (a Lambda deadline), leaving the rest due for the next tick.
    /// - Throws: the first store error of any worker (the others stop after their batch). Batches
    ///   written before the error stay written; a batch whose transaction failed is rolled back
    ///   and due again at once; runners leased for I/O are taken again when their lease expires.
    public func run(now: Date, shouldClaimMore: @escaping () -> Bool = { true }) throws -> TickSummary {
        let started = ContinuousClock.now
        // Escaping: worker threads hold it (one at a time, under the progress lock) until they end.
        let progress = TickProgress(shouldClaimMore: shouldClaimMore)
        if stores.count == 1 {
            work(on: stores[0], now: now, progress: progress)
        } else {
            let done = DispatchGroup()
            for store in stores {
                done.enter()
                let worker = Worker(store: store)
                Thread { [self] in
                    work(on: worker.store, now: now, progress: progress)
                    done.leave()
                }.start()
            }
            done.wait()
        }
        var summary = try progress.result()
        let duration = ContinuousClock.now - started
        summary.elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        logger.info("tick done", metadata: [
            "owner": "\(owner)", "examined": "\(summary.examined)", "moved": "\(summary.moved)",
            "transitions": "\(summary.transitions)", "waiting": "\(summary.waiting)", "completed": "\(summary.completed)",
            "errors": "\(summary.errors)", "failed": "\(summary.failed)", "elapsedSeconds": "\(summary.elapsed)",
            "workers": "\(stores.count)",
        ])
        return summary
    }

    /// One worker's loop: batches until nothing is due, the caller says stop, or a worker failed.
    private func work(on store: Store, now: Date, progress: TickProgress) {
        while progress.shouldContinue() {
            do {
                let batch = try runBatch(on: store, now: now)
                progress.add(batch.summary, finished: batch.count < configuration.batchSize)
            } catch {
                progress.fail(error)
            }
        }
    }

    /// Locks, decides and writes one batch, then finishes its runners that were parked for I/O.
    /// - Returns: how many runners were claimed, and what happened to them.
    func runBatch(on store: Store, now: Date) throws -> (count: Int, summary: TickSummary) {
        let locked: BatchPass? = try store.transaction {
            let claimed = try store.lockDue(now: now, limit: configuration.batchSize)
            if claimed.isEmpty { return nil }
            var pass = try advance(claimed, on: store, now: now, rounds: configuration.maxStepsPerRunner, parkingIO: true)
            if !pass.parked.isEmpty {
                pass.write.lease = BatchLease(owner: owner, until: now.addingTimeInterval(configuration.leaseSeconds),
                                              runnerIDs: Set(pass.parked.map(\.id)))
            }
            let written = try store.write(pass.write, claim: .locked)
            pass.summary.skipped = claimed.count - written.count
            pass.parked.removeAll { !written.contains($0.id) }
            return pass
        }
        guard let locked else { return (0, TickSummary()) }
        var summary = locked.summary
        summary.batches = 1
        logger.debug("batch written", metadata: ["claimed": "\(summary.examined)", "parked": "\(locked.parked.count)"])
        if !locked.parked.isEmpty {
            try ioLock.withLock {
                var io = try advance(locked.parked, on: store, now: now, rounds: locked.roundsLeft, parkingIO: false)
                let written = try store.write(io.write, claim: .leased(owner: owner))
                io.summary.examined = 0  // counted when locked
                io.summary.skipped = locked.parked.count - written.count
                // A runner that moved before and after parking counts once.
                io.summary.moved = zip(locked.parked, io.moved).filter { $1 && !locked.parkedMoved.contains($0.id) }.count
                summary.add(io.summary)
                logger.debug("parked runners written", metadata: ["parked": "\(locked.parked.count)", "written": "\(written.count)"])
            }
        }
        return (locked.summary.examined, summary)
    }

    /// A worker's store, handed to its thread.
    private struct Worker: @unchecked Sendable {
        // @unchecked: the store moves to the worker's thread and is used there only.
        let store: Store
    }

    /// What advancing a batch produced.
    struct BatchPass {
        var write = BatchWrite()
        var summary = TickSummary()
        /// Runners stopped before a step that needs I/O outside the database, in claim order.
        var parked: [RunnerState] = []
        /// Those of `parked` that already moved in this pass.
        var parkedMoved: Set<String> = []
        /// Whether each claimed runner (same order) moved at least one step.
        var moved: [Bool] = []
        /// Steps the parked runners may still take this tick.
        var roundsLeft = 0
    }

    /// Moves a claimed batch in memory: goals first, then each step's task runner, round after
    /// round while runners keep entering new steps, for at most `rounds` rounds.
    /// - Parameter parkingIO: stop runners before a custom task runner or a provider send instead
    ///   of doing it (they come back in ``BatchPass/parked``); for batches held in a transaction.
    func advance(_ claimed: [RunnerState], on store: Store, now: Date, rounds: Int, parkingIO: Bool) throws -> BatchPass {
        // Runners are addressed by their position in `claimed`: no hashing of ids per step.
        var states = claimed
        var moved = [Bool](repeating: false, count: states.count)
        var parked = [Bool](repeating: false, count: states.count)
        var pass = BatchPass()
        pass.summary.examined = claimed.count
        var inMotion = Array(states.indices)
        let definitions = DefinitionCache(store: store)

        func record(_ outcome: RunnerMachine.Outcome, at index: Int) {
            states[index] = outcome.state
            pass.write.history.append(contentsOf: outcome.history)
            if outcome.entered || outcome.state.status == .completed {
                moved[index] = true
                pass.summary.transitions += 1
            }
        }

        func park(_ index: Int, round: Int) {
            parked[index] = true
            pass.roundsLeft = max(pass.roundsLeft, rounds - round)
        }

        for round in 0..<rounds where !inMotion.isEmpty {
            // Goals pull runners first: a runner whose goal holds skips the rest of the flow.
            for index in inMotion {
                let sequence = try definitions.of(states[index])
                if let goal = RunnerMachine.firstGoalReached(by: states[index], in: sequence) {
                    record(machine.reachGoal(goal, state: states[index], of: sequence, now: now), at: index)
                }
            }
            if parkingIO, customRunners != nil {
                inMotion.removeAll { index in
                    guard case .lambda? = (try? definitions.of(states[index]))?.step(states[index].step)?.runner else { return false }
                    park(index, round: round)
                    return true
                }
            }
            let invoked = parkingIO ? [:] : try invokeCustomRunners(for: inMotion.map { states[$0] }, definition: definitions.of, now: now)
            // Messages wait until every runner has decided, so this round's go out together
            // through the ledger; every other decision is applied at once.
            var delivering: [(index: Int, step: Step, sequence: SequenceDefinition, decision: StepDecision)] = []
            var requests: [DeliveryRecord] = []
            var nextMotion: [Int] = []
            for index in inMotion {
                let state = states[index]
                let sequence = try definitions.of(state)
                guard let step = sequence.step(state.step) else {
                    let failure = StepFailure(field: "", reason: "step \"\(state.step)\" does not exist in \(state.sequence) version \(state.version)")
                    let missing = Step(key: state.step, runner: .builtin(.goTo), config: .null, builtin: nil, next: nil, altNext: nil)
                    record(machine.apply(.fail(failure), to: state, at: missing, of: sequence, now: now), at: index)
                    continue
                }
                let decision = (invoked.isEmpty ? nil : invoked[state.id]) ?? decide(step, for: state, now: now)
                if case .deliver(let message) = decision {
                    let sender = senders.sender(for: message)
                    if parkingIO, !sender.recordsInLedgerTransaction {
                        park(index, round: round)
                        continue
                    }
                    requests.append(DeliveryRecord(runnerID: state.id, sequence: state.sequence, step: step.key, visit: state.visit,
                                                   message: message, provider: sender.provider, status: .pending))
                    delivering.append((index, step, sequence, decision))
                    continue
                }
                let outcome = machine.apply(decision, to: state, at: step, of: sequence, now: now)
                record(outcome, at: index)
                if outcome.entered { nextMotion.append(index) }
            }
            let delivered = try DeliveryRun(store: store, senders: senders, logger: logger, kill: kill).send(requests)
            for (index, step, sequence, planned) in delivering {
                let state = states[index]
                var decision = planned
                if case .deliver(let message) = planned {
                    switch delivered[state.id] {
                    case .delivered(let messageID, let note)?:
                        let sender = senders.sender(for: message)
                        if sender.recordsInLedgerTransaction {
                            pass.write.deliveries.append(DeliveryRecord(runnerID: state.id, sequence: state.sequence, step: step.key,
                                                                        visit: state.visit, message: message, provider: sender.provider,
                                                                        status: .sent, providerMessageID: messageID))
                        }
                        if let note {
                            decision = .move(.next, message: "\(message.summary): \(note)")
                        } else {
                            pass.summary.deliveries += 1
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
                record(outcome, at: index)
                if outcome.entered { nextMotion.append(index) }
            }
            inMotion = nextMotion
        }
        // Runners still moving hit the step bound: leave them due for the next tick.
        var bounded = [Bool](repeating: false, count: states.count)
        for index in inMotion {
            states[index].wakeAt = now.addingTimeInterval(0.001)
            bounded[index] = true
            pass.summary.bounded += 1
            logger.info("step bound reached; runner continues next tick", metadata: ["runner": "\(states[index].id)", "step": "\(states[index].step)"])
        }
        pass.write.runners = states
        for (index, state) in states.enumerated() {
            if parked[index] {
                pass.parked.append(state)
                if moved[index] { pass.parkedMoved.insert(state.id) }
                continue
            }
            switch state.status {
            case .completed: pass.summary.completed += 1
            case .failed: pass.summary.failed += 1
            case .active:
                if state.lastError != nil { pass.summary.errors += 1 } else if !bounded[index] { pass.summary.waiting += 1 }
            case .cancelled: break
            }
        }
        pass.summary.moved = moved.lazy.filter { $0 }.count
        pass.moved = moved
        return pass
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

/// The definitions a batch needs, loaded once each (most batches hold one sequence version).
final class DefinitionCache {
    private struct Key: Hashable {
        var name: String
        var version: Int
    }

    private let store: any RunnerStore
    private var loaded: [Key: SequenceDefinition] = [:]
    private var last: (name: String, version: Int, definition: SequenceDefinition)?

    init(store: any RunnerStore) {
        self.store = store
    }

    /// The definition `state` runs on.
    /// - Throws: the store's error when it cannot be loaded.
    func of(_ state: RunnerState) throws -> SequenceDefinition {
        if let last, last.version == state.version, last.name == state.sequence { return last.definition }
        let key = Key(name: state.sequence, version: state.version)
        let definition = try loaded[key] ?? store.definition(name: state.sequence, version: state.version)
        loaded[key] = definition
        last = (state.sequence, state.version, definition)
        return definition
    }
}

/// What the workers of one tick share: the summary so far, whether to go on, the first error.
final class TickProgress: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var summary = TickSummary()
    private var finished = false
    private var error: (any Error)?
    private let shouldClaimMore: () -> Bool

    init(shouldClaimMore: @escaping () -> Bool) {
        self.shouldClaimMore = shouldClaimMore
    }

    /// Whether a worker should claim another batch.
    func shouldContinue() -> Bool {
        lock.withLock { !finished && error == nil && shouldClaimMore() }
    }

    /// Adds a batch's summary; `finished`: the batch was short, nothing more is due.
    func add(_ batch: TickSummary, finished: Bool) {
        lock.withLock {
            summary.add(batch)
            if finished { self.finished = true }
        }
    }

    func fail(_ error: any Error) {
        lock.withLock { self.error = self.error ?? error }
    }

    /// The summary, or the first error.
    func result() throws -> TickSummary {
        try lock.withLock {
            if let error { throw error }
            return summary
        }
    }
}
