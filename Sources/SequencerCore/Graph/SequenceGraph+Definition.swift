extension SequenceGraph {
    /// The graph of `definition`: a node per step, the entry, completed and any-step nodes where
    /// they apply, and an edge per move the engine can make (see ``SequenceGraph``).
    ///
    /// A definition from ``SequenceDefinition/parse(_:isAllowedLambda:)`` names only existing
    /// steps; for one built by hand, an edge to a key that is not a step is left out, and of two
    /// steps with one key the first counts (as ``SequenceDefinition/step(_:)`` does).
    public init(definition: SequenceDefinition) {
        var seen: Set<String> = []
        let steps = definition.steps.filter { seen.insert($0.key).inserted }
        let keys = Set(steps.map(\.key))

        var edges: [GraphEdge] = []
        if keys.contains(definition.start) {
            edges.append(GraphEdge(from: .entry, to: .step(definition.start), kind: .entry))
        }
        for step in steps {
            for (kind, target) in Self.moves(of: step) {
                switch target {
                case .some(let key) where keys.contains(key):
                    edges.append(GraphEdge(from: .step(step.key), to: .step(key), kind: kind))
                case .some:
                    continue  // an unknown key: only a hand-built definition can have one
                case .none:
                    edges.append(GraphEdge(from: .step(step.key), to: .completed, kind: kind))
                }
            }
        }
        let goals = steps.filter { GraphNodeKind(runner: $0.runner) == .goal }
        edges += goals.map { GraphEdge(from: .anyStep, to: .step($0.key), kind: .goal) }

        var nodes = [GraphNode(id: .entry, kind: .entry, title: "start", detail: "runners are enrolled at \(definition.start)")]
        if !goals.isEmpty {
            nodes.append(GraphNode(id: .anyStep, kind: .anyStep, title: "any step", summary: "when a goal holds",
                                   detail: "a runner anywhere in the sequence jumps to a goal once its condition holds"))
        }
        nodes += steps.map(Self.node(for:))
        if edges.contains(where: { $0.to == .completed }) {
            nodes.append(GraphNode(id: .completed, kind: .completed, title: "completed",
                                   detail: "runners leave the sequence where next or altNext is missing"))
        }
        self.init(name: definition.name, nodes: nodes, edges: edges)
    }

    /// The moves a step's runner can make, each with its target (`nil`: the runner completes).
    static func moves(of step: Step) -> [(GraphEdgeKind, String?)] {
        switch step.runner {
        case .lambda, .swift:
            return [(.next, step.next), (.altNext, step.altNext)]
        case .builtin(.conditional), .builtin(.waitUntil):
            return [(.next, step.next), (.altNext, step.altNext)]
        case .builtin(.split):
            guard case .split(let split)? = step.builtin else { return [] }
            return split.branches.map { (.split, $0.next) }
        case .builtin(.goTo):
            guard case .goTo(let target)? = step.builtin else { return [] }
            return [(.goTo, target)]
        case .builtin:
            // Waits, Goal, Email and SMS only ever answer next (or wait).
            return [(.next, step.next)]
        }
    }

    static func node(for step: Step) -> GraphNode {
        let description = step.description.map { ": \($0)" } ?? ""
        return GraphNode(id: .step(step.key), kind: GraphNodeKind(runner: step.runner), title: step.key,
                         summary: StepSummary.summary(of: step),
                         detail: "\(step.runner.description)\(description)")
    }
}
