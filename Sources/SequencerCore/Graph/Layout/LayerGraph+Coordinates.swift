/// Where the vertices of a ``LayerGraph`` go.
struct LayerPositions {
    /// Per vertex, its anchor x (CSS pixels).
    var x: [Double]
    /// Per layer, its top y and height (CSS pixels).
    var layerTop: [Double] = []
    var layerHeight: [Double] = []

    /// Shifts x so the drawing starts at the margin, stacks the layers, and returns the size.
    mutating func normalize(graph: LayerGraph, spacing: LayeredLayout.Spacing) -> Size {
        let minX = graph.vertices.indices.map { x[$0] - graph.vertices[$0].left }.min() ?? 0
        let maxX = graph.vertices.indices.map { x[$0] + graph.vertices[$0].right }.max() ?? 0
        x = x.map { $0 - minX + spacing.margin }
        layerHeight = graph.layers.map { layer in layer.map { graph.vertices[$0].height }.max() ?? 0 }
        var y = spacing.margin
        layerTop = layerHeight.map { height in
            defer { y += height + spacing.layer }
            return y
        }
        return Size(width: maxX - minX + 2 * spacing.margin, height: y - spacing.layer + spacing.margin)
    }

    /// The box of an input node, centred on its layer.
    func box(of node: Int, in graph: LayerGraph) -> Rect {
        let vertex = graph.vertices[node]
        let width = vertex.left * 2
        let top = layerTop[vertex.layer] + (layerHeight[vertex.layer] - vertex.height) / 2
        return Rect(x: x[node] - vertex.left, y: top, width: width, height: vertex.height)
    }
}

extension LayerGraph {
    /// Rounds of averaging (each a pass down and a pass up).
    static let coordinateRounds = 8

    /// Anchor x for every vertex: packed left to right, then repeatedly pulled towards the mean
    /// of their neighbours above, then below, then both, each layer solved exactly under the
    /// minimum gaps, so no two vertices of a layer ever overlap.
    func coordinates(spacing: LayeredLayout.Spacing) -> LayerPositions {
        var x = [Double](repeating: 0, count: vertices.count)
        for layer in layers {
            var next = 0.0
            for (index, vertex) in layer.enumerated() {
                if index > 0 { next += separation(layer[index - 1], vertex, spacing) }
                x[vertex] = next
            }
        }
        for _ in 0..<Self.coordinateRounds {
            for layer in layers.indices.dropFirst() { place(layer, toward: [up], &x, spacing) }
            for layer in layers.indices.dropLast().reversed() { place(layer, toward: [down], &x, spacing) }
        }
        for layer in layers.indices { place(layer, toward: [up, down], &x, spacing) }
        for layer in layers.indices.dropFirst() { straighten(layer, &x, spacing) }
        return LayerPositions(x: x)
    }

    /// Puts each dummy right below the dummy above it where the gaps allow, so a long edge runs
    /// straight and bends only where it must; other vertices stay where they are.
    private func straighten(_ layer: Int, _ x: inout [Double], _ spacing: LayeredLayout.Spacing) {
        let members = layers[layer]
        let targets = members.map { vertex -> (x: Double, weight: Double) in
            if !vertices[vertex].isNode, up[vertex].count == 1, !vertices[up[vertex][0]].isNode {
                return (x[up[vertex][0]], 1)
            }
            return (x[vertex], 100)
        }
        solve(members, targets, &x, spacing)
    }

    /// Least distance between the anchors of two neighbours in a layer, `left` before `right`.
    func separation(_ left: Int, _ right: Int, _ spacing: LayeredLayout.Spacing) -> Double {
        let gap = vertices[left].isNode && vertices[right].isNode ? spacing.node : spacing.edge
        return vertices[left].right + gap + vertices[right].left
    }

    /// Moves one layer's vertices as close as the gaps allow to the weighted mean x of their
    /// neighbours (segments between dummies weigh most, which straightens long edges).
    private func place(_ layer: Int, toward sides: [[[Int]]], _ x: inout [Double], _ spacing: LayeredLayout.Spacing) {
        let members = layers[layer]
        guard !members.isEmpty else { return }
        var targets: [(x: Double, weight: Double)] = []
        for vertex in members {
            var sum = 0.0
            var weight = 0.0
            for side in sides {
                for other in side[vertex] {
                    let w = vertices[vertex].isNode || vertices[other].isNode ? 1.0 : 8.0
                    sum += w * x[other]
                    weight += w
                }
            }
            targets.append(weight > 0 ? (sum / weight, weight) : (x[vertex], 0.05))
        }
        solve(members, targets, &x, spacing)
    }

    /// Sets the x of a layer's `members` (left to right) to the weighted least-squares fit of
    /// `targets` that keeps every gap at least its minimum.
    private func solve(_ members: [Int], _ targets: [(x: Double, weight: Double)], _ x: inout [Double],
                       _ spacing: LayeredLayout.Spacing) {
        var offsets = [0.0]
        for index in members.indices.dropFirst() {
            offsets.append(offsets[index - 1] + separation(members[index - 1], members[index], spacing))
        }
        let solved = Self.isotonic(zip(targets, offsets).map { ($0.x - $1, $0.weight) })
        for (index, vertex) in members.enumerated() { x[vertex] = solved[index] + offsets[index] }
    }

    /// Weighted least-squares fit of non-decreasing values to `points` (pool adjacent violators):
    /// with `x = y + offset`, non-decreasing `y` is exactly "every gap at least its minimum".
    static func isotonic(_ points: [(value: Double, weight: Double)]) -> [Double] {
        var blocks: [(sum: Double, weight: Double, count: Int)] = []
        for point in points {
            blocks.append((point.value * point.weight, point.weight, 1))
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1]
                let previous = blocks[blocks.count - 2]
                guard previous.sum / previous.weight > last.sum / last.weight else { break }
                blocks.removeLast(2)
                blocks.append((previous.sum + last.sum, previous.weight + last.weight, previous.count + last.count))
            }
        }
        return blocks.flatMap { Array(repeating: $0.sum / $0.weight, count: $0.count) }
    }
}
