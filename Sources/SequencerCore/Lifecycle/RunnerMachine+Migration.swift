#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RunnerMachine {
    /// Moves an active runner to another version of its sequence (`sequencer sequences migrate`):
    /// the transition `migrated` of the lifecycle (`docs/architecture.md`, "One lifecycle").
    ///
    /// The runner goes to `mapping[step]` when its step is mapped, else to the step with the same
    /// key in `definition`. It keeps its visit (so the delivery ledger still names the same visit
    /// and a message already recorded for it is not sent again), its `stepEnteredAt` (a wait keeps
    /// counting from when it entered), its data and event. It becomes due at once, so the next
    /// tick decides it with the new version's step; attempts and the last error are cleared (the
    /// new version is a new configuration). Goals reached keep their (mapped) keys where they are
    /// still Goal steps of `definition`, and a Goal step it is at in `definition` counts as reached.
    /// - Parameters:
    ///   - state: the runner; only an `active` one moves.
    ///   - definition: the version to move to.
    ///   - version: its number.
    ///   - mapping: old step key → new step key, for steps `definition` does not have (or renamed).
    ///   - now: the engine clock (UTC), recorded in the history line.
    /// - Returns: the new state and its history line (`migrated`, from the old step to the new,
    ///   the message naming both versions), or `nil` when the runner is not active, is already on
    ///   `version`, or its step has no place in `definition` (check with ``SequenceMigration`` first).
    public func migrate(_ state: RunnerState, to definition: SequenceDefinition, version: Int,
                        mapping: [String: String], now: Date) -> Outcome? {
        guard state.status == .active, state.version != version, state.sequence == definition.name else { return nil }
        let target = mapping[state.step] ?? state.step
        guard definition.step(target) != nil else { return nil }
        var next = state
        next.version = version
        next.step = target
        next.wakeAt = .distantPast
        next.attempts = 0
        next.lastError = nil
        next.goalsReached = Set(state.goalsReached.map { mapping[$0] ?? $0 }.filter { Self.isGoal($0, in: definition) })
        if Self.isGoal(target, in: definition) {
            next.goalsReached.insert(target)
        }
        let message = "v\(state.version) → v\(version)" + (target == state.step ? "" : " (\(state.step) mapped to \(target))")
        let entry = HistoryEntry(runnerID: state.id, fromStep: state.step, toStep: target, action: .migrated, message: message, at: now)
        return Outcome(state: next, history: [entry], entered: false)
    }
}
