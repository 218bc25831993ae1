import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore

/// One pass of the engine over due runners, batch after batch until nothing is due: the edge that
/// applies the pure ``BatchPlanner``'s plans (`docs/architecture.md`, "Plan and apply").
///
/// A batch is locked, planned and written in one transaction: `lockDue` (`FOR UPDATE SKIP
/// LOCKED`), ``BatchPlanner/plan(_:definitions:now:)``, one set-based write, commit — one row
/// update per runner. Runners the plan parks for I/O (a custom task runner, a send through SES or
/// SNS) are written with a lease in that same statement; after the commit their effects are
/// performed (``EffectRunner``), ``BatchPlanner/resume(_:results:definitions:now:)`` plans what
/// follows, and that plan is written under the lease — so no transaction stays open across a
/// network call.
///
/// With several stores (connections), as many workers run batches at once, each on its own
/// connection, so the database works on one batch while the engine decides another; their effects
/// run one worker at a time (providers' clients are not shared across threads). Several ticks may
/// also run at once on the same database: locked and leased runners are skipped, so no runner is
/// processed twice.
public final class Tick<Store: RunnerStore>: @unchecked Sendable {
    // @unchecked: workers share only immutable settings, the definition cache (locked inside) and
    // the effects (used under `effectsLock`); each worker has its own store.
    let stores: [Store]
    let configuration: TickConfiguration
    let planner: BatchPlanner
    let effects: EffectRunner
    let definitions = DefinitionCache()
    let logger: Logger
    let clock: any EngineClock
    let failpoints: Failpoints
    let effectsLock = Lock()
    /// Identifies this tick's leases.
    public let owner: String

    /// - Parameters:
    ///   - stores: where runners are claimed and written: one worker per store, each store used by
    ///     its worker only (one PostgreSQL connection each). At least one.
    ///   - configuration: batch size, step bound, lease, retries.
    ///   - senders: the email and SMS providers (local outbox by default).
    ///   - logger: receives one `info` line per tick and `debug` lines per batch.
    ///   - customRunners: how to invoke Lambda task runners; without it such steps are kept (no attempt used).
    ///   - clock: real time within the tick (call backoff, the send rate, the deadline); the system
    ///     clock by default.
    ///   - failpoints: where the tick crashes on purpose (`SEQUENCER_FAILPOINT`, or a test's hook).
    ///   - taskRunners: the Swift task runners built into the program (`Sequencer.main(runners:)`).
    public init(stores: [Store], configuration: TickConfiguration, senders: MessageSenders = .outbox,
                logger: Logger, customRunners: CustomRunners? = nil,
                owner: String = "tick-" + UUID().uuidString.prefix(8).lowercased(),
                clock: any EngineClock = SystemClock(),
                failpoints: Failpoints = .fromEnvironment(), taskRunners: TaskRunnerRegistry = .none) {
        precondition(!stores.isEmpty, "a tick needs at least one store")
        self.stores = stores
        self.configuration = configuration
        self.logger = logger
        self.owner = owner
        planner = BatchPlanner(machine: RunnerMachine(retry: configuration.retry), maxSteps: configuration.maxStepsPerRunner,
                               providers: senders.planningProviders, canInvokeCustomRunners: customRunners != nil,
                               taskRunners: taskRunners, messageLimits: configuration.messageLimits)
        self.clock = clock
        self.failpoints = failpoints
        effects = EffectRunner(senders: senders, customRunners: customRunners, taskRunners: taskRunners, configuration: configuration,
                               clock: clock, logger: logger, failpoints: failpoints)
    }

    /// A tick with one worker on `store`; see ``init(stores:configuration:senders:logger:customRunners:owner:clock:failpoints:)``.
    public convenience init(store: Store, configuration: TickConfiguration, senders: MessageSenders = .outbox,
                            logger: Logger, customRunners: CustomRunners? = nil,
                            owner: String = "tick-" + UUID().uuidString.prefix(8).lowercased(),
                            clock: any EngineClock = SystemClock(),
                            failpoints: Failpoints = .fromEnvironment(), taskRunners: TaskRunnerRegistry = .none) {
        self.init(stores: [store], configuration: configuration, senders: senders, logger: logger,
                  customRunners: customRunners, owner: owner, clock: clock, failpoints: failpoints, taskRunners: taskRunners)
    }

    /// Runs the tick at engine time `now` (UTC; the same instant for the whole tick's decisions).
    /// - Parameters:
    ///   - deadline: when the tick must be done, on its clock (a Lambda invocation's deadline less
    ///     the safety margin): no batch is claimed and no send or call started that could not
    ///     finish before it; runners not reached stay due for the next tick. `nil`: none.
    ///   - shouldClaimMore: asked before each new batch (by one worker at a time); `false` stops
    ///     the tick early (a stop signal), leaving the rest due for the next tick.
    /// - Throws: the first store error of any worker (the others stop after their batch). Batches
    ///   written before the error stay written; a batch whose transaction failed is rolled back
    ///   and due again at once; runners leased for I/O are taken again when their lease expires.
    public func run(now: Date, deadline: Date? = nil, shouldClaimMore: @escaping () -> Bool = { true }) throws -> TickSummary {
        let started = ContinuousClock.now
        let timing = TickTiming(now: now, startedOnClock: clock.now(), deadline: deadline, clock: clock,
                                minimumCallSeconds: configuration.minimumCallSeconds)
        // Escaping: worker threads hold it (one at a time, under the progress lock) until they end.
        let progress = TickProgress { shouldClaimMore() && timing.allowsMoreWork() }
        if stores.count == 1 {
            work(on: stores[0], timing: timing, progress: progress)
        } else {
            let done = DispatchGroup()
            for store in stores {
                done.enter()
                let worker = Worker(store: store)
                DetachedThread.start { [self] in
                    work(on: worker.store, timing: timing, progress: progress)
                    done.leave()
                }
            }
            done.wait()
        }
        var summary = try progress.result()
        let duration = ContinuousClock.now - started
        summary.elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        logger.info("tick done", metadata: summary.json.objectValue!.mapValues { "\($0.jsonText)" }
            .merging(["owner": "\(owner)", "workers": "\(stores.count)"]) { _, new in new })
        return summary
    }

    /// One worker's loop: batches until nothing is due, the caller says stop, or a worker failed.
    private func work(on store: Store, timing: TickTiming, progress: TickProgress) {
        while progress.shouldContinue() {
            do {
                let batch = try runBatch(on: store, timing: timing)
                progress.add(batch.summary, finished: batch.claimed < configuration.batchSize)
            } catch {
                progress.fail(error)
            }
        }
    }

    /// A worker's store, handed to its thread.
    private struct Worker: @unchecked Sendable {
        // @unchecked: the store moves to the worker's thread and is used there only.
        let store: Store
    }
}
