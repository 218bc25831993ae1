/// The colours and line styles all three formats use (CSS hex colours), so a step looks alike
/// in an SVG, a Graphviz drawing and a Mermaid chart.
enum GraphPalette {
    /// Fill and outline of a node.
    struct NodeColors {
        let fill: String
        let stroke: String
    }

    static func node(_ kind: GraphNodeKind) -> NodeColors {
        switch kind {
        case .entry: NodeColors(fill: "#1f2937", stroke: "#1f2937")
        case .completed: NodeColors(fill: "#e5e7eb", stroke: "#374151")
        case .anyStep: NodeColors(fill: "#f0fdf4", stroke: "#15803d")
        case .email: NodeColors(fill: "#dbeafe", stroke: "#2563eb")
        case .sms: NodeColors(fill: "#cffafe", stroke: "#0e7490")
        case .wait: NodeColors(fill: "#fef3c7", stroke: "#b45309")
        case .conditional: NodeColors(fill: "#ede9fe", stroke: "#6d28d9")
        case .split: NodeColors(fill: "#ffedd5", stroke: "#c2410c")
        case .goal: NodeColors(fill: "#dcfce7", stroke: "#15803d")
        case .goTo: NodeColors(fill: "#f1f5f9", stroke: "#475569")
        case .lambda, .swift: NodeColors(fill: "#fce7f3", stroke: "#be185d")
        }
    }

    /// The line and arrowhead colour of an edge.
    static func edge(_ kind: GraphEdgeKind) -> String {
        switch kind {
        case .entry: "#1f2937"
        case .next: "#475569"
        case .altNext: "#c2410c"
        case .goTo: "#6d28d9"
        case .goal: "#15803d"
        case .split: "#c2410c"
        }
    }

    /// The SVG `stroke-dasharray` of an edge, `nil` for a solid line: goal edges are dashed
    /// (a jump that can happen from anywhere), GoTo edges dotted.
    static func dashes(_ kind: GraphEdgeKind) -> String? {
        switch kind {
        case .goal: "6 4"
        case .goTo: "2 3"
        case .entry, .next, .altNext, .split: nil
        }
    }

    /// Background (`fill`) and text (`stroke`) of a status badge; a badge counting 0 is grey.
    static func badge(_ status: RunnerStatus, empty: Bool = false) -> NodeColors {
        if empty { return NodeColors(fill: "#e5e7eb", stroke: "#4b5563") }
        return switch status {
        case .active: NodeColors(fill: "#1d4ed8", stroke: "#ffffff")
        case .completed: NodeColors(fill: "#15803d", stroke: "#ffffff")
        case .failed: NodeColors(fill: "#b91c1c", stroke: "#ffffff")
        case .cancelled: NodeColors(fill: "#6b7280", stroke: "#ffffff")
        case .exited: NodeColors(fill: "#7c3aed", stroke: "#ffffff")
        }
    }

    /// Text on nodes and edge labels.
    static let text = "#111827"
    /// Secondary text (summaries, captions).
    static let mutedText = "#4b5563"
    /// The font stack; Liberation Sans and Arial share Helvetica's metrics, which
    /// ``TextMetrics`` assumes.
    static let fontFamily = "Helvetica, Arial, 'Liberation Sans', sans-serif"
}
