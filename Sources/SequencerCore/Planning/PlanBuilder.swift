#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A plan being built: the batch's runners addressed by position (no hashing of ids per step),
/// with what happened to each so far.
struct PlanBuilder {
    var states: [RunnerState]
    /// Decisions each runner may still take.
    var budgets: [Int]
    let movedBefore: [Bool]
    var moved: [Bool]
    var transitions: [Int]
    var sent: [Int]
    var uncertain: [Int]
    var kept: [Bool]
    var postponed: [Bool]
    var bounded: [Bool]
    var effects: [Effect?]
    var history: [HistoryEntry] = []
    var deliveries: [DeliveryRecord] = []

    init(states: [RunnerState], budgets: [Int], movedBefore: [Bool]) {
        self.states = states
        self.budgets = budgets
        self.movedBefore = movedBefore
        let count = states.count
        moved = Array(repeating: false, count: count)
        transitions = Array(repeating: 0, count: count)
        sent = Array(repeating: 0, count: count)
        uncertain = Array(repeating: 0, count: count)
        kept = Array(repeating: false, count: count)
        postponed = Array(repeating: false, count: count)
        bounded = Array(repeating: false, count: count)
        effects = Array(repeating: nil, count: count)
        history.reserveCapacity(count)
    }

    /// Takes a transition's result for runner `index`.
    /// - Returns: whether the runner entered a new step.
    @discardableResult
    mutating func record(_ outcome: RunnerMachine.Outcome, at index: Int) -> Bool {
        states[index] = outcome.state
        history.append(contentsOf: outcome.history)
        if outcome.entered || outcome.state.status == .completed || outcome.state.status == .exited {
            moved[index] = true
            transitions[index] += 1
        }
        kept[index] = outcome.history.last?.action == .kept
        return outcome.entered
    }

    /// Parks runner `index` for `effect`, with the decision it was about to take given back.
    mutating func park(_ index: Int, _ effect: Effect) {
        effects[index] = effect
        budgets[index] += 1
    }

    /// Runner `index`'s effect was not attempted: it stays as it was, due at the next tick, with no
    /// history line.
    mutating func postpone(_ index: Int, now: Date) {
        states[index].wakeAt = RunnerMachine.nextTick(after: now)
        postponed[index] = true
    }

    /// Runner `index` used its step budget while still moving: it continues next tick.
    mutating func bound(_ index: Int, now: Date) {
        states[index].wakeAt = RunnerMachine.nextTick(after: now)
        bounded[index] = true
    }

    /// The plan.
    func finish(examined: Int, at now: Date) -> BatchPlan {
        var runners: [PlannedRunner] = []
        runners.reserveCapacity(states.count)
        var parked: [ParkedRunner] = []
        for (index, state) in states.enumerated() {
            let movedNow = moved[index] && !movedBefore[index]
            if let effect = effects[index] {
                parked.append(ParkedRunner(state: state, effect: effect, budget: budgets[index],
                                           movedBefore: movedBefore[index] || moved[index]))
            }
            runners.append(PlannedRunner(state: state, outcome: outcome(index), moved: movedNow,
                                         transitions: transitions[index], sent: sent[index], uncertain: uncertain[index]))
        }
        return BatchPlan(runners: runners, history: history, deliveries: deliveries, parked: parked, examined: examined, at: now)
    }

    private func outcome(_ index: Int) -> PlannedOutcome {
        if effects[index] != nil { return .parked }
        if postponed[index] { return .postponed }
        let state = states[index]
        switch state.status {
        case .completed: return .completed
        case .failed: return .failed
        case .cancelled, .exited: return .completed
        case .active:
            if state.lastError != nil { return .error }
            if bounded[index] { return .bounded }
            return kept[index] ? .kept : .waiting
        }
    }
}
