/// The output formats of `sequencer graph`.
public enum GraphFormat: String, Sendable, Hashable, CaseIterable {
    /// A standalone SVG image laid out by Sequencer itself (no Graphviz needed).
    case svg
    /// Graphviz DOT source, for `dot -Tsvg` or `-Tpng`.
    case dot
    /// A Mermaid `flowchart TD`, for Markdown that renders Mermaid (GitHub, GitLab, docs sites).
    case mermaid

    /// The usual file extension, without the dot: `svg`, `dot`, `mmd`.
    public var fileExtension: String {
        switch self {
        case .svg: "svg"
        case .dot: "dot"
        case .mermaid: "mmd"
        }
    }
}

/// Renders a ``SequenceGraph`` as text. Pure and deterministic: the same graph and counts give
/// byte-identical output, in any process.
///
/// ```swift
/// let graph = SequenceGraph(definition: definition)
/// var counts = GraphCounts()
/// counts.addRunners(120, status: .active, at: "wait-2-days")
/// counts.addTransitions(340, from: "is-pro", to: "wait-2-days", action: "altNext")
/// let svg = GraphRenderer.render(graph, as: .svg, counts: counts)
/// ```
public enum GraphRenderer {
    /// `graph` in `format`.
    /// - Parameters:
    ///   - graph: the graph to draw.
    ///   - format: the output format.
    ///   - counts: runner and move counts to label nodes and edges with; `nil` for none.
    /// - Returns: the whole document, ending with a line break.
    public static func render(_ graph: SequenceGraph, as format: GraphFormat, counts: GraphCounts? = nil) -> String {
        switch format {
        case .svg: svg(graph, counts: counts)
        case .dot: dot(graph, counts: counts)
        case .mermaid: mermaid(graph, counts: counts)
        }
    }

    /// A standalone SVG 1.1 document (`xmlns`, `viewBox`, inline styles, no scripts), laid out
    /// in layers from top to bottom (see `docs/graph.md`); sizes in CSS pixels.
    public static func svg(_ graph: SequenceGraph, counts: GraphCounts? = nil) -> String {
        SVGRenderer(graph: graph, counts: counts).render()
    }

    /// Graphviz DOT: a `digraph` with quoted IDs (the step keys), styled per node and edge kind.
    public static func dot(_ graph: SequenceGraph, counts: GraphCounts? = nil) -> String {
        DOTRenderer(graph: graph, counts: counts).render()
    }

    /// Mermaid `flowchart TD` source: node IDs `s0`, `s1`… (step order), labels quoted and
    /// entity-escaped, colours as `classDef`s and `linkStyle`s.
    public static func mermaid(_ graph: SequenceGraph, counts: GraphCounts? = nil) -> String {
        MermaidRenderer(graph: graph, counts: counts).render()
    }
}
