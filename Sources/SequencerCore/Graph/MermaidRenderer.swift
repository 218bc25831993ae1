#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Mermaid `flowchart TD` output. Node IDs are generated (`s0`, `s1`… in step order; `v_start`,
/// `v_done`, `v_any` for the virtual nodes), so no step key can clash with Mermaid's syntax or
/// keywords (`end`, `o`/`x` arrow heads); every label is a quoted string with Mermaid's entity
/// codes for the characters that would end or change it.
struct MermaidRenderer {
    let graph: SequenceGraph
    let counts: GraphCounts?

    func render() -> String {
        let ids = nodeIDs()
        var lines = ["%% \(Self.commentText(GraphLabels.caption(of: graph, counts: counts)))", "flowchart TD"]
        for node in graph.nodes {
            lines.append("    \(ids[node.id]!)\(shape(of: node))")
        }
        for edge in graph.edges {
            let label = GraphLabels.edgeLabel(edge, in: graph, counts: counts)
            let arrow = switch edge.kind {
            case .goal: "-.->"
            case .goTo: "==>"
            case .entry, .next, .altNext, .split: "-->"
            }
            let labelPart = label.isEmpty ? "" : "|\"\(Self.escaped(label))\"|"
            lines.append("    \(ids[edge.from]!) \(arrow)\(labelPart) \(ids[edge.to]!)")
        }
        lines += classLines(ids)
        lines += linkStyleLines()
        return lines.joined(separator: "\n") + "\n"
    }

    private func shape(of node: GraphNode) -> String {
        var text = [Self.escaped(node.title)]
        if !node.summary.isEmpty { text.append(Self.escaped(node.summary)) }
        if let line = GraphLabels.countsLine(for: node, counts: counts) { text.append(Self.escaped(line)) }
        let label = "\"" + text.joined(separator: "<br/>") + "\""
        switch node.kind {
        case .entry: return "((\(label)))"
        case .completed: return "(((\(label))))"
        case .anyStep, .goal: return "([\(label)])"
        case .conditional, .split: return "{{\(label)}}"
        case .wait: return "(\(label))"
        case .goTo: return ">\(label)]"
        case .lambda, .swift: return "[[\(label)]]"
        case .email, .sms: return "[\(label)]"
        }
    }

    private func classLines(_ ids: [GraphNodeID: String]) -> [String] {
        GraphNodeKind.allCases.compactMap { kind in
            let members = graph.nodes.filter { $0.kind == kind }.map { ids[$0.id]! }
            guard !members.isEmpty else { return nil }
            let colors = GraphPalette.node(kind)
            let textColor = kind == .entry ? "#ffffff" : GraphPalette.text
            let dashes = kind == .anyStep ? ",stroke-dasharray:4 3" : ""
            return "    classDef \(kind.rawValue) fill:\(colors.fill),stroke:\(colors.stroke),color:\(textColor)\(dashes);\n"
                + "    class \(members.joined(separator: ",")) \(kind.rawValue);"
        }
    }

    /// One `linkStyle` per edge kind present, by the edges' positions in the output.
    private func linkStyleLines() -> [String] {
        GraphEdgeKind.allCases.compactMap { kind in
            let positions = graph.edges.indices.filter { graph.edges[$0].kind == kind }
            guard !positions.isEmpty else { return nil }
            let color = GraphPalette.edge(kind)
            return "    linkStyle \(positions.map(String.init).joined(separator: ",")) stroke:\(color),color:\(color);"
        }
    }

    private func nodeIDs() -> [GraphNodeID: String] {
        var ids: [GraphNodeID: String] = [.entry: "v_start", .completed: "v_done", .anyStep: "v_any"]
        for (index, node) in graph.nodes.filter({ $0.id.stepKey != nil }).enumerated() {
            ids[node.id] = "s\(index)"
        }
        return ids
    }

    /// Text for inside a quoted Mermaid string: on one line, with entity codes (`#quot;`, `#35;`…)
    /// for `" # & < > | \`` and for `%` next to another `%`, so a label cannot close its string,
    /// open a tag, a comment or a directive (`%%{…}%%`), or become a Markdown string.
    static func escaped(_ text: String) -> String {
        var result = ""
        let characters = Array(StepSummary.oneLine(text))
        for (index, character) in characters.enumerated() {
            switch character {
            case "\"": result += "#quot;"
            case "#": result += "#35;"
            case "&": result += "#amp;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "|": result += "#124;"
            case "%" where (index > 0 && characters[index - 1] == "%")
                || (index + 1 < characters.count && characters[index + 1] == "%"):
                result += "#37;"  // "%%" starts comments and directives; a lone "%" is safe
            case "`": result += "#96;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Comment text: one line, no `%%{` that Mermaid would read as a directive.
    static func commentText(_ text: String) -> String {
        StepSummary.oneLine(text).replacingLiteral("{", with: "(").replacingLiteral("}", with: ")")
    }
}
