#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore

extension Tick {
    /// A claimed batch's first plan, as written under row locks.
    struct LockedBatch {
        var plan: BatchPlan
        var written: Set<String>
        var definitions: [SequenceVersion: SequenceDefinition]
    }

    /// Locks, plans and writes one batch, then performs its parked runners' effects and writes
    /// what follows.
    /// - Returns: how many runners were claimed, and the summary of every plan applied.
    func runBatch(on store: Store, timing: TickTiming) throws -> (claimed: Int, summary: TickSummary) {
        let now = timing.now
        let locked: LockedBatch? = try store.transaction {
            let claimed = try store.lockDue(now: now, limit: configuration.batchSize)
            if claimed.runners.isEmpty { return nil }
            try failpoints.hit(.afterClaim)
            let definitions = try self.definitions.load(for: claimed.runners, from: store)
            let plan = planner.plan(claimed.runners, unreadable: claimed.unreadable, definitions: definitions, now: now)
            let written = try store.write(plan.write(lease: lease(timing)), claim: .locked)
            try failpoints.hit(.midWrite)
            return LockedBatch(plan: plan, written: written, definitions: definitions)
        }
        guard let locked else { return (0, TickSummary()) }
        var summary = locked.plan.summary(written: locked.written)
        summary.batches = 1
        logBounded(locked.plan)
        logger.debug("batch written", metadata: ["claimed": "\(locked.plan.examined)", "parked": "\(locked.plan.parked.count)"])
        let parked = locked.plan.parked.filter { locked.written.contains($0.state.id) }
        if !parked.isEmpty {
            let followUp = try effectsLock.withLock {
                try finish(parked, on: store, definitions: locked.definitions, timing: timing)
            }
            summary.add(followUp)
        }
        return (locked.plan.examined, summary)
    }

    /// Performs the effects of parked runners, plans what follows and writes it under their lease,
    /// until no runner is parked any more (a runner may reach another step that needs I/O).
    /// - Returns: the summary of the follow-up plans.
    func finish(_ parked: [ParkedRunner], on store: Store, definitions: [SequenceVersion: SequenceDefinition],
                timing: TickTiming) throws -> TickSummary {
        var summary = TickSummary()
        var waiting = parked
        while !waiting.isEmpty {
            let results = try effects.perform(waiting, store: store, timing: timing, owner: owner)
            let plan = planner.resume(waiting, results: results, definitions: definitions, now: timing.now)
            let written = try store.transaction {
                let written = try store.write(plan.write(lease: lease(timing)), claim: .leased(owner: owner))
                try failpoints.hit(.midWrite)
                return written
            }
            summary.add(plan.summary(written: written))
            logBounded(plan)
            logger.debug("parked runners written", metadata: ["parked": "\(waiting.count)", "written": "\(written.count)"])
            waiting = plan.parked.filter { written.contains($0.state.id) }
        }
        return summary
    }

    /// The lease parked runners are written with: from the engine time now, not the tick's start.
    private func lease(_ timing: TickTiming) -> (owner: String, until: Date) {
        (owner, timing.engineNow().addingTimeInterval(configuration.leaseSeconds))
    }

    private func logBounded(_ plan: BatchPlan) {
        for runner in plan.runners where runner.outcome == .bounded {
            logger.info("step bound reached; runner continues next tick",
                        metadata: ["runner": "\(runner.state.id)", "step": "\(runner.state.step)"])
        }
    }
}
