#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Collects a preview's events: the plans' history lines, sends, assumed answers, and one
/// `waits` event each time the runner starts waiting somewhere new (not one per tick).
struct PreviewRecorder {
    let definition: SequenceDefinition
    private(set) var events: [PreviewEvent] = []
    /// The wait recorded last: step, visit and wake-up, so an unchanged wait is not repeated.
    private var lastWait: (step: String, visit: Int, wakeAt: Date)?

    init(definition: SequenceDefinition) {
        self.definition = definition
    }

    /// One event per history line, at the virtual tick `now`.
    mutating func take(_ history: [HistoryEntry], at now: Date) {
        for entry in history {
            events.append(PreviewEvent(at: now, step: entry.fromStep ?? entry.toStep ?? "", toStep: entry.fromStep == nil ? nil : entry.toStep,
                                       kind: .history(entry.action), message: entry.message))
        }
    }

    /// Adds `event`; with `collapsingRepeats`, not when the last event other than a wait is the
    /// same at the same step (a custom runner answering `noop` at every tick).
    mutating func append(_ event: PreviewEvent, collapsingRepeats: Bool = false) {
        let last = events.last { if case .waits = $0.kind { false } else { true } }
        if collapsingRepeats, let last, last.kind == event.kind, last.step == event.step { return }
        events.append(event)
    }

    /// A `waits` event when the runner, active after tick `now`, waits at a new step, visit or
    /// wake-up. The reason is its step's own decision (``Step/decide(for:now:)``).
    mutating func noteWait(of state: RunnerState, at now: Date) {
        guard state.status == .active, state.wakeAt > now else { return }
        let nextTick = state.wakeAt.timeIntervalSince(now) < 1
        if let lastWait, lastWait.step == state.step, lastWait.visit == state.visit,
           lastWait.wakeAt == state.wakeAt || nextTick { return }
        if let last = events.last, case .history(let action) = last.kind, action == .error || action == .kept {
            lastWait = (state.step, state.visit, state.wakeAt)
            return  // the error or kept line says why it stays
        }
        lastWait = (state.step, state.visit, state.wakeAt)
        let message: String?
        if case .wait(_, let reason)? = definition.step(state.step)?.decide(for: state.snapshot, now: now) {
            message = reason
        } else {
            message = nil
        }
        let until: Date? = state.wakeAt == .distantFuture ? nil : state.wakeAt
        events.append(PreviewEvent(at: now, step: state.step, kind: .waits(until: until), message: message))
    }
}
