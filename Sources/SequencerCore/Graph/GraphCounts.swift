#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Numbers to show on a ``SequenceGraph``: runners per step and status (a snapshot of
/// `runners`), and moves per edge over a window of history (rows of `runner_history`).
///
/// Fill it from two grouped queries — `(step, status) → count` and
/// `(from_step, to_step, action) → count` — with ``addRunners(_:status:at:)`` and
/// ``addTransitions(_:from:to:action:)``. Renderers then label each step with its runners
/// ("120 active · 3 failed", always naming `active`, even when 0) and each edge with its moves
/// ("next · 340", with the share of the step's moves on steps that branch: "altNext · 12 (4%)").
public struct GraphCounts: Sendable, Hashable {
    /// The stretch of history the transitions were counted over (UTC), shown in captions; `nil`
    /// when the caller does not say.
    public var window: DateInterval?
    private var runnersByStep: [String: [RunnerStatus: Int]] = [:]
    private var transitionCounts: [GraphTransition: Int] = [:]
    /// Goal step → goal jumps into it, from any step.
    private var goalArrivals: [String: Int] = [:]

    /// Empty counts for history counted over `window`.
    public init(window: DateInterval? = nil) {
        self.window = window
    }

    /// Adds `count` runners with `status` whose current (or, for finished runners, last) step is `step`.
    public mutating func addRunners(_ count: Int, status: RunnerStatus, at step: String) {
        runnersByStep[step, default: [:]][status, default: 0] += count
    }

    /// Adds `count` moves of one kind between two steps.
    public mutating func addTransitions(_ count: Int, _ transition: GraphTransition) {
        transitionCounts[transition, default: 0] += count
        if transition.kind == .goal, let goal = transition.to {
            goalArrivals[goal, default: 0] += count
        }
    }

    /// Adds `count` history rows, as `runner_history` stores them.
    /// - Parameters:
    ///   - count: how many rows.
    ///   - from: `from_step`; `nil` for enrolments.
    ///   - to: `to_step`; `nil` when the runner left the sequence.
    ///   - action: `action` (`enrolled`, `next`, `altNext`, `goTo`, `goal`, …).
    /// - Returns: whether the rows are moves a graph shows; rows of other actions (`completed`,
    ///   `error`, `failed`, `cancelled`, `kept`) are not counted.
    @discardableResult
    public mutating func addTransitions(_ count: Int, from: String?, to: String?, action: String) -> Bool {
        guard let kind = GraphEdgeKind(historyAction: action) else { return false }
        addTransitions(count, GraphTransition(from: from, to: to, kind: kind))
        return true
    }

    /// Runners at `step` with `status`.
    public func runners(at step: String, status: RunnerStatus) -> Int {
        runnersByStep[step]?[status] ?? 0
    }

    /// Runners with `status` over all steps.
    public func runners(status: RunnerStatus) -> Int {
        runnersByStep.values.reduce(0) { $0 + ($1[status] ?? 0) }
    }

    /// Moves counted for one transition.
    public func transitions(_ transition: GraphTransition) -> Int {
        transitionCounts[transition] ?? 0
    }

    /// Moves along `edge`: enrolments for the entry edge, moves to `nil` for edges into
    /// completed, and for a goal edge every goal jump into its step, wherever it came from.
    public func transitions(along edge: GraphEdge) -> Int {
        if edge.kind == .goal {
            return edge.to.stepKey.map { goalArrivals[$0] ?? 0 } ?? 0
        }
        let from = edge.from.stepKey
        let to = edge.to.stepKey
        if edge.from == .entry, to == nil { return 0 }
        return transitions(GraphTransition(from: from, to: to, kind: edge.kind))
    }
}

/// One kind of move between two steps, as history records it: `(from_step, to_step, action)`.
public struct GraphTransition: Sendable, Hashable {
    /// The step left; `nil` for an enrolment.
    public var from: String?
    /// The step entered; `nil` when the runner left the sequence (completed).
    public var to: String?
    /// The move's kind.
    public var kind: GraphEdgeKind

    /// Creates a transition.
    public init(from: String?, to: String?, kind: GraphEdgeKind) {
        self.from = from
        self.to = to
        self.kind = kind
    }
}
