/// The legend under an SVG drawing: a swatch per kind of step shown and a line sample per
/// kind of edge shown, in rows no wider than the drawing.
struct SVGLegend {
    static let rowHeight = 20.0
    static let textSize = 11.0

    private enum Item {
        case node(GraphNodeKind)
        case edge(GraphEdgeKind)

        var text: String {
            switch self {
            case .node(let kind): kind.caption
            case .edge(.goal): "goal (from any step)"
            case .edge(let kind): kind.caption
            }
        }

        /// Swatch or line sample, gap, text, gap before the next item.
        var width: Double {
            let sample = if case .edge = self { 26.0 } else { 16.0 }
            return sample + 5 + TextMetrics.width(text, size: SVGLegend.textSize) + 16
        }
    }

    private let items: [Item]
    private let rows: [[Item]]

    /// A legend for the kinds in `graph`, wrapped at `width` (CSS pixels).
    init(graph: SequenceGraph, width: Double) {
        let nodeKinds = GraphNodeKind.allCases.filter { kind in !kind.isVirtual && graph.nodes.contains { $0.kind == kind } }
        let edgeKinds = GraphEdgeKind.allCases.filter { kind in kind != .entry && graph.edges.contains { $0.kind == kind } }
        items = nodeKinds.map(Item.node) + edgeKinds.map(Item.edge)
        var rows: [[Item]] = [[]]
        var used = 0.0
        for item in items {
            if used + item.width > width - 32, !rows[rows.count - 1].isEmpty {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(item)
            used += item.width
        }
        self.rows = items.isEmpty ? [] : rows
    }

    /// Room the legend takes below the drawing, CSS pixels.
    var size: Size {
        let widest = rows.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0
        return Size(width: widest + 32, height: rows.isEmpty ? 0 : Double(rows.count) * Self.rowHeight + 12)
    }

    /// Draws the legend with its first row's top-left at `origin`.
    func draw(at origin: Point, into svg: inout SVGWriter) {
        guard !rows.isEmpty else { return }
        svg.open("g", [("class", "legend"), ("font-size", SVGWriter.number(Self.textSize)), ("fill", GraphPalette.mutedText)])
        for (row, items) in rows.enumerated() {
            var x = origin.x
            let middle = origin.y + Double(row) * Self.rowHeight + Self.rowHeight / 2
            for item in items {
                x = draw(item, x: x, middle: middle, into: &svg)
            }
        }
        svg.close("g")
    }

    private func draw(_ item: Item, x: Double, middle: Double, into svg: inout SVGWriter) -> Double {
        var textX = x + 21
        switch item {
        case .node(let kind):
            let colors = GraphPalette.node(kind)
            svg.element("rect", [("x", n(x)), ("y", n(middle - 5)), ("width", "16"), ("height", "10"), ("rx", "2"),
                                 ("fill", colors.fill), ("stroke", colors.stroke)])
        case .edge(let kind):
            var line = [("x1", n(x)), ("y1", n(middle)), ("x2", n(x + 24)), ("y2", n(middle)),
                        ("stroke", GraphPalette.edge(kind)), ("stroke-width", "1.5"), ("marker-end", "url(#arrow-\(kind.rawValue))")]
            if let dashes = GraphPalette.dashes(kind) { line.append(("stroke-dasharray", dashes)) }
            svg.element("line", line)
            textX = x + 31
        }
        svg.element("text", [("x", n(textX)), ("y", n(middle + 4))], text: item.text)
        return x + item.width
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }
}
