/// A sequence as a directed graph, ready to render (see ``GraphRenderer`` and `docs/graph.md`).
///
/// Nodes: one per step, in file order, plus up to three virtual nodes — the **entry** marker
/// (an arrow from it points at `start`), the **completed** exit (reached where a step's `next`
/// or `altNext` is missing) and **any step**, the source of the dashed goal edges (a Goal step's
/// condition is checked for every active runner wherever it is, so any runner may jump there).
///
/// Edges: the moves the engine can make — `next` and `altNext` where the step's task runner can
/// answer them, a GoTo's jump, a goal jump. A `next`/`altNext` written on a step whose runner
/// never answers it (a GoTo's `next`, an Email's `altNext`) is not drawn: no runner takes it.
public struct SequenceGraph: Sendable, Hashable {
    /// The sequence's name.
    public var name: String
    /// Virtual nodes first (entry, any step when there are goals), then the steps in file
    /// order, then the completed exit when some edge reaches it.
    public var nodes: [GraphNode]
    /// In a stable order: the entry edge, then per step in file order its GoTo, `next` and
    /// `altNext` edges, then the goal edges in file order.
    public var edges: [GraphEdge]

    /// Creates a graph from parts; use ``init(definition:)`` for a sequence.
    public init(name: String, nodes: [GraphNode], edges: [GraphEdge]) {
        self.name = name
        self.nodes = nodes
        self.edges = edges
    }

    /// The node with `id`, or `nil`.
    public func node(_ id: GraphNodeID) -> GraphNode? {
        nodes.first { $0.id == id }
    }

    /// The step nodes, in file order.
    public var steps: [GraphNode] {
        nodes.filter { if case .step = $0.id { true } else { false } }
    }
}

/// Names a node of a ``SequenceGraph``.
public enum GraphNodeID: Sendable, Hashable {
    /// The entry marker; its one edge points at the sequence's `start` step.
    case entry
    /// A step, by key.
    case step(String)
    /// Where runners leave the sequence through a missing `next`/`altNext`.
    case completed
    /// Any step of the sequence: the source of the goal edges.
    case anyStep

    /// The step key, or `nil` for a virtual node.
    public var stepKey: String? {
        if case .step(let key) = self { key } else { nil }
    }
}

/// What a node stands for; renderers pick shapes and colours by it.
public enum GraphNodeKind: String, Sendable, Hashable, CaseIterable {
    /// The entry marker (virtual).
    case entry
    /// The completed exit (virtual).
    case completed
    /// The "any step" source of goal edges (virtual).
    case anyStep
    /// An `Email` step.
    case email
    /// An `SMS` step.
    case sms
    /// A `WaitForDate`, `WaitForDuration` or `WaitForDateComparison` step.
    case wait
    /// A `Conditional` step.
    case conditional
    /// A `Split` step (weighted branches).
    case split
    /// A `Goal` step.
    case goal
    /// A `GoTo` step.
    case goTo
    /// A step whose task runner is a custom Lambda function.
    case lambda
    /// A step whose task runner is a Swift task runner built into the program.
    case swift

    /// The kind of a step run by `runner`.
    public init(runner: TaskRunnerName) {
        switch runner {
        case .lambda: self = .lambda
        case .swift: self = .swift
        case .builtin(let builtin):
            switch builtin {
            case .email: self = .email
            case .sms: self = .sms
            case .waitForDate, .waitForDuration, .waitForDateComparison, .waitUntil: self = .wait
            case .split: self = .split
            case .conditional: self = .conditional
            case .goal: self = .goal
            case .goTo: self = .goTo
            }
        }
    }

    /// Whether the node is one of the virtual nodes (entry, completed, any step).
    public var isVirtual: Bool {
        switch self {
        case .entry, .completed, .anyStep: true
        default: false
        }
    }

    /// A word for people, used in legends: "Email", "wait", "custom (Lambda)"…
    public var caption: String {
        switch self {
        case .entry: "start"
        case .completed: "completed"
        case .anyStep: "any step"
        case .email: "Email"
        case .sms: "SMS"
        case .wait: "wait"
        case .conditional: "Conditional"
        case .split: "Split"
        case .goal: "Goal"
        case .goTo: "GoTo"
        case .lambda: "custom (Lambda)"
        case .swift: "custom (Swift)"
        }
    }
}

/// One node of a ``SequenceGraph``.
public struct GraphNode: Sendable, Hashable {
    /// Which node this is.
    public var id: GraphNodeID
    /// What it stands for.
    public var kind: GraphNodeKind
    /// The step key; for virtual nodes "start", "completed" or "any step".
    public var title: String
    /// A short label of what the step does, at most ``summaryLimit`` characters ("wait 2 days",
    /// "email: Welcome…", "data.plan eq \"pro\""); "when a goal holds" for any step, empty for
    /// the entry and completed nodes.
    public var summary: String
    /// Longer text for tooltips: the runner's name and the step's description, when any.
    public var detail: String

    /// The longest ``summary`` in characters (an ellipsis ends a shortened one).
    public static let summaryLimit = 36

    /// Creates a node from parts.
    public init(id: GraphNodeID, kind: GraphNodeKind, title: String, summary: String = "", detail: String = "") {
        self.id = id
        self.kind = kind
        self.title = title
        self.summary = summary
        self.detail = detail
    }
}

/// One edge of a ``SequenceGraph``: a move runners can make.
public struct GraphEdge: Sendable, Hashable {
    /// Where the move starts.
    public var from: GraphNodeID
    /// Where it ends.
    public var to: GraphNodeID
    /// What kind of move it is.
    public var kind: GraphEdgeKind

    /// Creates an edge.
    public init(from: GraphNodeID, to: GraphNodeID, kind: GraphEdgeKind) {
        self.from = from
        self.to = to
        self.kind = kind
    }
}

/// The kinds of moves, named as the history's `action` column names them.
public enum GraphEdgeKind: String, Sendable, Hashable, CaseIterable {
    /// Enrolment: from the entry marker to `start` (history action `enrolled`).
    case entry
    /// The task runner answered `next`.
    case next
    /// The task runner answered `altNext`.
    case altNext
    /// A GoTo step's jump to its `config.step`.
    case goTo
    /// A goal's condition held: the runner jumped to the Goal step from wherever it was (dashed).
    case goal
    /// A `Split` step's branch (history action `split`).
    case split

    /// The kind for a `runner_history.action` value; `nil` for actions that are not moves
    /// between nodes (`completed`, `error`, `failed`, `cancelled`, `kept`).
    public init?(historyAction action: String) {
        switch action {
        case "enrolled": self = .entry
        case "next": self = .next
        case "altNext": self = .altNext
        case "goTo": self = .goTo
        case "goal": self = .goal
        case "split": self = .split
        case "skipped": self = .next  // a message skipped over a cap still follows next
        default: return nil
        }
    }

    /// The word edge labels use: "enrolled", "next", "altNext", "go to", "goal".
    public var caption: String {
        switch self {
        case .entry: "enrolled"
        case .next: "next"
        case .altNext: "altNext"
        case .goTo: "go to"
        case .goal: "goal"
        case .split: "branch"
        }
    }
}
