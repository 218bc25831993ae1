/// Graphviz DOT output: step keys as quoted IDs, labels as escaped strings, colours from
/// ``GraphPalette``. The virtual nodes get IDs no step key takes (`__start`, `__completed`,
/// `__any_step`, with a `_` added while a step has that key).
struct DOTRenderer {
    let graph: SequenceGraph
    let counts: GraphCounts?

    func render() -> String {
        let ids = virtualIDs()
        var lines = ["digraph \(Self.quoted(graph.name)) {"]
        lines.append("    graph [rankdir=TB, nodesep=0.4, ranksep=0.5, fontname=\(Self.quoted(Self.fontName)), "
                     + "label=\(Self.quoted(GraphLabels.caption(of: graph, counts: counts))), labelloc=t];")
        lines.append("    node [shape=box, style=\"rounded,filled\", fontname=\(Self.quoted(Self.fontName)), fontsize=11, margin=\"0.15,0.06\"];")
        lines.append("    edge [fontname=\(Self.quoted(Self.fontName)), fontsize=10, arrowsize=0.7];")
        for node in graph.nodes {
            lines.append("    \(Self.quoted(id(node.id, ids))) [\(attributes(of: node))];")
        }
        for edge in graph.edges {
            let from = Self.quoted(id(edge.from, ids))
            let to = Self.quoted(id(edge.to, ids))
            lines.append("    \(from) -> \(to) [\(attributes(of: edge))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A fontconfig family list, as Graphviz takes it (not a CSS stack).
    static let fontName = "Helvetica,Arial,sans-serif"

    private func attributes(of node: GraphNode) -> String {
        let colors = GraphPalette.node(node.kind)
        var text = [node.title]
        if !node.summary.isEmpty { text.append(node.summary) }
        if let line = GraphLabels.countsLine(for: node, counts: counts) { text.append(line) }
        var attributes = ["label=\(Self.quoted(label: text))", "tooltip=\(Self.quoted(label: [node.detail]))"]
        switch node.kind {
        case .entry:
            attributes = ["label=\"\"", "shape=circle", "width=0.18", "style=filled", "tooltip=\(Self.quoted(label: [node.detail]))"]
        case .completed:
            attributes.append("penwidth=2")
        case .anyStep:
            attributes.append("style=\"rounded,dashed,filled\"")
        default:
            break
        }
        attributes.append("fillcolor=\"\(colors.fill)\"")
        attributes.append("color=\"\(colors.stroke)\"")
        return attributes.joined(separator: ", ")
    }

    private func attributes(of edge: GraphEdge) -> String {
        let color = GraphPalette.edge(edge.kind)
        var attributes = ["color=\"\(color)\"", "fontcolor=\"\(color)\""]
        let label = GraphLabels.edgeLabel(edge, in: graph, counts: counts)
        if !label.isEmpty { attributes.insert("label=\(Self.quoted(label: [label]))", at: 0) }
        switch edge.kind {
        case .goal: attributes.append("style=dashed")
        case .goTo: attributes.append("style=dotted")
        case .altNext: attributes.append("penwidth=1.4")
        case .entry, .next, .split: break
        }
        return attributes.joined(separator: ", ")
    }

    /// The IDs of the virtual nodes: a base name, lengthened with `_` while a step key equals it.
    private func virtualIDs() -> [GraphNodeID: String] {
        let keys = Set(graph.nodes.compactMap(\.id.stepKey))
        var result: [GraphNodeID: String] = [:]
        for (node, base) in [(GraphNodeID.entry, "__start"), (.completed, "__completed"), (.anyStep, "__any_step")] {
            var candidate = base
            while keys.contains(candidate) { candidate += "_" }
            result[node] = candidate
        }
        return result
    }

    private func id(_ node: GraphNodeID, _ virtual: [GraphNodeID: String]) -> String {
        node.stepKey ?? virtual[node]!
    }

    /// A DOT quoted ID: `"` and `\` escaped with `\` (every reference escapes alike, so the IDs
    /// match); line breaks may stand in a quoted ID as they are.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// A DOT label (an escString): lines joined with `\n`; backslashes doubled so `\N`, `\G`
    /// and the like in a key are not expanded by Graphviz.
    static func quoted(label lines: [String]) -> String {
        let escaped = lines.map { quoted(StepSummary.oneLine($0)).dropFirst().dropLast() }
        return "\"" + escaped.joined(separator: "\\n") + "\""
    }
}
