/// The SVG output: a caption, the layered drawing (edges, then nodes, then edge labels on a
/// light backing so crossing lines do not hide them) and a legend of the kinds shown.
struct SVGRenderer {
    static let labelSize = 10.0
    static let captionHeight = 44.0

    let graph: SequenceGraph
    let counts: GraphCounts?

    func render() -> String {
        let boxes = graph.nodes.map { SVGNodeBox(node: $0, badges: GraphLabels.badges(for: $0, counts: counts)) }
        let labels = graph.edges.map { GraphLabels.edgeLabel($0, in: graph, counts: counts) }
        let layout = layout(boxes: boxes, labels: labels)
        let legend = SVGLegend(graph: graph, width: max(layout.size.width, 360))
        let captionWidth = TextMetrics.width(StepSummary.oneLine(graph.name), size: 15, weight: .bold) + 32
        let width = max(layout.size.width, legend.size.width, captionWidth)
        let height = Self.captionHeight + layout.size.height + legend.size.height

        var svg = SVGWriter()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("width", n(width)), ("height", n(height)),
                         ("viewBox", "0 0 \(n(width)) \(n(height))"), ("font-family", GraphPalette.fontFamily),
                         ("role", "img")])
        svg.element("title", text: GraphLabels.caption(of: graph, counts: counts))
        defineArrows(into: &svg)
        svg.element("rect", [("x", "0"), ("y", "0"), ("width", n(width)), ("height", n(height)), ("fill", "#ffffff")])
        drawCaption(into: &svg)
        svg.open("g", [("transform", "translate(0 \(n(Self.captionHeight)))")])
        drawEdges(layout, into: &svg)
        svg.open("g", [("class", "nodes")])
        for (index, box) in boxes.enumerated() { box.draw(in: layout.nodes[index], into: &svg) }
        svg.close("g")
        drawLabels(layout, labels, into: &svg)
        svg.close("g")
        legend.draw(at: Point(x: 16, y: Self.captionHeight + layout.size.height), into: &svg)
        svg.close("svg")
        return svg.document
    }

    private func layout(boxes: [SVGNodeBox], labels: [String]) -> LayeredLayout.Result {
        let index = Dictionary(graph.nodes.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let edges = graph.edges.enumerated().map { position, edge in
            let label = labels[position]
            let size = label.isEmpty ? nil : Size(width: TextMetrics.width(label, size: Self.labelSize) + 6, height: 14)
            return LayeredLayout.Edge(from: index[edge.from]!, to: index[edge.to]!, label: size)
        }
        let nodes = boxes.indices.map { node in
            let loops = edges.filter { $0.from == node && $0.to == node }
            let labelWidth = loops.compactMap { $0.label?.width }.max() ?? 0
            return LayeredLayout.Node(size: boxes[node].size, loopRoom: LayerGraph.loopRoom(count: loops.count, labelWidth: labelWidth))
        }
        return LayeredLayout(nodes: nodes, edges: edges).run()
    }

    private func defineArrows(into svg: inout SVGWriter) {
        svg.open("defs")
        for kind in GraphEdgeKind.allCases where graph.edges.contains(where: { $0.kind == kind }) {
            svg.open("marker", [("id", "arrow-\(kind.rawValue)"), ("viewBox", "0 0 10 10"), ("refX", "9"), ("refY", "5"),
                                ("markerWidth", "8"), ("markerHeight", "8"), ("markerUnits", "userSpaceOnUse"),
                                ("orient", "auto")])
            svg.element("path", [("d", "M0,1 L9,5 L0,9 z"), ("fill", GraphPalette.edge(kind))])
            svg.close("marker")
        }
        svg.close("defs")
    }

    private func drawCaption(into svg: inout SVGWriter) {
        svg.element("text", [("class", "caption"), ("x", "16"), ("y", "24"), ("font-size", "15"), ("font-weight", "bold"),
                             ("fill", GraphPalette.text)], text: StepSummary.oneLine(graph.name))
        if let line = GraphLabels.countsCaption(counts) {
            svg.element("text", [("x", "16"), ("y", "39"), ("font-size", "11"), ("fill", GraphPalette.mutedText)], text: line)
        }
    }

    private func drawEdges(_ layout: LayeredLayout.Result, into svg: inout SVGWriter) {
        svg.open("g", [("class", "edges"), ("fill", "none")])
        for (index, edge) in graph.edges.enumerated() {
            let route = layout.edges[index]
            var group = [("class", "edge edge-\(edge.kind.rawValue)\(route.isBackEdge ? " back-edge" : "")")]
            if let from = edge.from.stepKey { group.append(("data-from", from)) }
            if let to = edge.to.stepKey { group.append(("data-to", to)) }
            svg.open("g", group)
            svg.element("title", text: "\(title(edge.from)) → \(title(edge.to)) (\(edge.kind.caption))")
            var path = [("d", SVGPath.data(route)), ("stroke", GraphPalette.edge(edge.kind)),
                        ("stroke-width", edge.kind == .altNext ? "1.6" : "1.3"),
                        ("marker-end", "url(#arrow-\(edge.kind.rawValue))")]
            if let dashes = GraphPalette.dashes(edge.kind) { path.append(("stroke-dasharray", dashes)) }
            svg.element("path", path)
            svg.close("g")
        }
        svg.close("g")
    }

    private func drawLabels(_ layout: LayeredLayout.Result, _ labels: [String], into svg: inout SVGWriter) {
        svg.open("g", [("class", "edge-labels"), ("font-size", n(Self.labelSize))])
        for (index, edge) in graph.edges.enumerated() {
            guard let box = layout.edges[index].label, !labels[index].isEmpty else { continue }
            svg.element("rect", [("class", "edge-label"), ("x", n(box.x)), ("y", n(box.y)), ("width", n(box.width)),
                                 ("height", n(box.height)), ("rx", "3"), ("fill", "#ffffff"), ("fill-opacity", "0.85")])
            svg.element("text", [("x", n(box.x + 3)), ("y", n(box.y + 10.5)), ("fill", GraphPalette.edge(edge.kind))],
                        text: labels[index])
        }
        svg.close("g")
    }

    private func title(_ node: GraphNodeID) -> String {
        graph.node(node)?.title ?? ""
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }
}

/// SVG path data for a ``LayeredLayout/Route``: vertical pieces as lines, the bends between
/// them as cubic curves that leave and arrive vertically; a self-loop as one cubic curve.
enum SVGPath {
    static func data(_ route: LayeredLayout.Route) -> String {
        let points = route.points
        guard let first = points.first else { return "" }
        var parts = ["M\(p(first))"]
        if route.isSelfLoop, points.count == 4 {
            parts.append("C\(p(points[1])) \(p(points[2])) \(p(points[3]))")
            return parts.joined(separator: " ")
        }
        for (from, to) in zip(points, points.dropFirst()) {
            if abs(from.x - to.x) < 0.05 {
                parts.append("L\(p(to))")
            } else {
                let middle = (from.y + to.y) / 2
                parts.append("C\(p(Point(x: from.x, y: middle))) \(p(Point(x: to.x, y: middle))) \(p(to))")
            }
        }
        return parts.joined(separator: " ")
    }

    private static func p(_ point: Point) -> String {
        "\(SVGWriter.number(point.x)),\(SVGWriter.number(point.y))"
    }
}
