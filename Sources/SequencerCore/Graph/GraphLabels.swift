#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The words every format shows, so DOT, Mermaid and SVG say the same thing.
enum GraphLabels {
    /// Runner counts of a node, in ``RunnerStatus`` order: `active` always (0 included) on a
    /// step, other statuses when not 0; on the completed node, the completed runners of all steps.
    /// Empty without counts and on the entry and any-step nodes.
    static func badges(for node: GraphNode, counts: GraphCounts?) -> [(status: RunnerStatus, count: Int)] {
        guard let counts else { return [] }
        switch node.id {
        case .step(let key):
            return RunnerStatus.allCases.compactMap { status in
                let count = counts.runners(at: key, status: status)
                return status == .active || count > 0 ? (status, count) : nil
            }
        case .completed:
            return [(.completed, counts.runners(status: .completed))]
        case .entry, .anyStep:
            return []
        }
    }

    /// "120 active · 3 failed", or `nil` when there are no badges.
    static func countsLine(for node: GraphNode, counts: GraphCounts?) -> String? {
        let badges = badges(for: node, counts: counts)
        guard !badges.isEmpty else { return nil }
        return badges.map { badge(count: $0.count, status: $0.status) }.joined(separator: " · ")
    }

    /// "120 active".
    static func badge(count: Int, status: RunnerStatus) -> String {
        "\(grouped(count)) \(status.rawValue)"
    }

    /// The label of `edge`. Without counts: its kind, except on the entry edge and on `next`
    /// from a step that cannot branch (the obvious way on); with counts: "next · 340", plus the
    /// edge's share of its step's moves where the step has several ways out ("altNext · 12 (4%)").
    static func edgeLabel(_ edge: GraphEdge, in graph: SequenceGraph, counts: GraphCounts?) -> String {
        guard let counts else {
            switch edge.kind {
            case .entry: return ""
            case .next: return outgoing(from: edge.from, in: graph).count > 1 ? edge.kind.caption : ""
            case .altNext, .goTo, .goal, .split: return edge.kind.caption
            }
        }
        let count = counts.transitions(along: edge)
        var label = "\(edge.kind.caption) · \(grouped(count))"
        let siblings = outgoing(from: edge.from, in: graph)
        if case .step = edge.from, siblings.count > 1 {
            let total = siblings.reduce(0) { $0 + counts.transitions(along: $1) }
            if total > 0 { label += " (\(percent(count, of: total)))" }
        }
        return label
    }

    /// A caption for the whole graph: its name, and what the counts cover when there are counts.
    static func caption(of graph: SequenceGraph, counts: GraphCounts?) -> String {
        [graph.name, countsCaption(counts)].compactMap { $0 }.joined(separator: " · ")
    }

    /// "runners now, moves 2026-12-01T00:00:00Z – 2026-12-15T00:00:00Z", or `nil` without counts.
    static func countsCaption(_ counts: GraphCounts?) -> String? {
        guard let counts else { return nil }
        guard let window = counts.window else { return "runners now, moves as counted" }
        return "runners now, moves \(Moment.formatISO8601(window.start)) – \(Moment.formatISO8601(window.end))"
    }

    private static func outgoing(from node: GraphNodeID, in graph: SequenceGraph) -> [GraphEdge] {
        graph.edges.filter { $0.from == node }
    }

    /// `12345` → "12,345" (no locale: the same bytes everywhere).
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }

    /// The share as a whole percentage; "<1%" and ">99%" rather than a rounded 0% or 100%.
    static func percent(_ part: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let rounded = (part * 100 + total / 2) / total
        if part > 0, rounded == 0 { return "<1%" }
        if part < total, rounded == 100 { return ">99%" }
        return "\(rounded)%"
    }
}
