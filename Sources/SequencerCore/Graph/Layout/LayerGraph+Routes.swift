extension LayerGraph {
    /// How far a self-loop reaches right of its node, and how much further each next loop of
    /// the same node reaches, CSS pixels.
    static let loopReach = 24.0
    static let loopStep = 14.0

    /// The room a node needs on its right for `count` self-loops whose widest label is
    /// `labelWidth` wide (0 without labels).
    static func loopRoom(count: Int, labelWidth: Double) -> Double {
        guard count > 0 else { return 0 }
        return loopReach + loopStep * Double(count - 1) + (labelWidth > 0 ? labelWidth + 4 : 0)
    }

    /// The route of one input edge, from its source to its target.
    func route(edge index: Int, positions: LayerPositions, reversed: Bool) -> LayeredLayout.Route {
        let chain = chains[index]
        guard let upper = chain.first, let lower = chain.last else {
            return selfLoop(edge: index, positions: positions)
        }
        let top = positions.box(of: upper, in: self)
        let bottom = positions.box(of: lower, in: self)
        var points = [Point(x: port(of: upper, toward: chain[1], below: true, positions), y: top.maxY)]
        var label: Rect?
        for dummy in chain.dropFirst().dropLast() {
            let layer = vertices[dummy].layer
            let x = positions.x[dummy]
            points.append(Point(x: x, y: positions.layerTop[layer]))
            points.append(Point(x: x, y: positions.layerTop[layer] + positions.layerHeight[layer]))
            if vertices[dummy].labelOf == index {
                let height = vertices[dummy].height
                label = Rect(x: x + Self.labelGap, y: positions.layerTop[layer] + (positions.layerHeight[layer] - height) / 2,
                             width: vertices[dummy].right - Self.labelGap, height: height)
            }
        }
        points.append(Point(x: port(of: lower, toward: chain[chain.count - 2], below: false, positions), y: bottom.y))
        return LayeredLayout.Route(points: reversed ? points.reversed() : points, label: label,
                                   isBackEdge: reversed, isSelfLoop: false)
    }

    /// Where the segment from `vertex` to `neighbour` meets the node: its segments on one side
    /// share that side, spread apart in the order of where they lead.
    private func port(of vertex: Int, toward neighbour: Int, below: Bool, _ positions: LayerPositions) -> Double {
        let side = below ? down[vertex] : up[vertex]
        let centre = positions.x[vertex]
        guard side.count > 1 else { return centre }
        let sorted = side.enumerated().sorted { (positions.x[$0.element], $0.offset) < (positions.x[$1.element], $1.offset) }
        let rank = sorted.firstIndex { $0.element == neighbour }!
        let usable = max(0, vertices[vertex].left * 2 - 16)
        let step = min(14, usable / Double(side.count - 1))
        return centre + (Double(rank) - Double(side.count - 1) / 2) * step
    }

    /// A loop on the node's right side: start, two control points and end of one cubic curve;
    /// the label right of it.
    private func selfLoop(edge index: Int, positions: LayerPositions) -> LayeredLayout.Route {
        let node = loops.firstIndex { $0.contains(index) }!
        let box = positions.box(of: node, in: self)
        let siblings = loops[node]
        let order = Double(siblings.firstIndex(of: index)!)
        let reach = Self.loopReach + Self.loopStep * order
        let rise = min(box.height / 2 - 2, 6 + 2 * order)
        let points = [
            Point(x: box.maxX, y: box.midY - rise),
            Point(x: box.maxX + reach * 4 / 3, y: box.midY - rise - 12),
            Point(x: box.maxX + reach * 4 / 3, y: box.midY + rise + 12),
            Point(x: box.maxX, y: box.midY + rise),
        ]
        var label: Rect?
        if let size = labels[index] {
            let stacked = siblings.compactMap { labels[$0]?.height }
            let above = siblings.prefix(while: { $0 != index }).compactMap { labels[$0]?.height }
            let top = box.midY - (stacked.reduce(0, +) + 2 * Double(stacked.count - 1)) / 2
            let left = box.maxX + Self.loopReach + Self.loopStep * Double(siblings.count - 1) + 4
            label = Rect(x: left, y: top + above.reduce(0) { $0 + $1 + 2 }, width: size.width, height: size.height)
        }
        return LayeredLayout.Route(points: points, label: label, isBackEdge: false, isSelfLoop: true)
    }
}
