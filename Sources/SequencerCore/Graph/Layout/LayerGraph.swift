/// The "proper" layered graph of a ``LayeredLayout``: every edge cut into segments between
/// adjacent layers, with a dummy vertex wherever it crosses a layer; one of them carries the
/// edge's label. Vertices `0..<nodes.count` are the input nodes.
struct LayerGraph {
    /// A vertex placed by its anchor x: the node's centre, or the x where an edge passes a dummy.
    struct Vertex: Hashable, Sendable {
        var layer: Int
        /// Extent left of the anchor, CSS pixels.
        var left: Double
        /// Extent right of the anchor (a node's self-loop room, a label beside its edge).
        var right: Double
        var height: Double
        /// Whether it is an input node rather than a dummy.
        var isNode: Bool
        /// For the dummy that carries an edge's label, that edge's index.
        var labelOf: Int?
    }

    /// Space between an edge and its label, CSS pixels.
    static let labelGap = 5.0

    var vertices: [Vertex] = []
    /// Neighbours in the layer above, per vertex.
    var up: [[Int]] = []
    /// Neighbours in the layer below, per vertex.
    var down: [[Int]] = []
    /// Vertices per layer, left to right.
    var layers: [[Int]] = []
    /// Per input edge, its vertices from the upper end to the lower; empty for a self-loop.
    var chains: [[Int]] = []
    /// Per input node, its self-loop edges in index order.
    var loops: [[Int]] = []
    /// Per input edge, the size of its label.
    var labels: [Size?] = []

    /// Builds the layered graph: node ranks doubled into layers, edges cut into segments.
    init(nodes: [LayeredLayout.Node], edges: [LayeredLayout.Edge], ranks: [Int], reversed: [Bool]) {
        for (index, node) in nodes.enumerated() {
            add(Vertex(layer: 2 * ranks[index], left: node.size.width / 2,
                       right: node.size.width / 2 + node.loopRoom, height: node.size.height, isNode: true))
        }
        loops = Array(repeating: [], count: nodes.count)
        labels = edges.map(\.label)
        for (index, edge) in edges.enumerated() {
            guard edge.from != edge.to else {
                loops[edge.from].append(index)
                chains.append([])
                continue
            }
            let (upper, lower) = reversed[index] ? (edge.to, edge.from) : (edge.from, edge.to)
            // The label sits next to the edge's own source: below it, or above it for a back edge.
            let labelLayer = reversed[index] ? vertices[lower].layer - 1 : vertices[upper].layer + 1
            var chain = [upper]
            for layer in (vertices[upper].layer + 1)..<vertices[lower].layer {
                var dummy = Vertex(layer: layer, left: 0, right: 0, height: 0, isNode: false)
                if layer == labelLayer, let label = edge.label {
                    dummy.right = Self.labelGap + label.width
                    dummy.height = label.height
                    dummy.labelOf = index
                }
                chain.append(add(dummy))
            }
            chain.append(lower)
            for (a, b) in zip(chain, chain.dropFirst()) {
                down[a].append(b)
                up[b].append(a)
            }
            chains.append(chain)
        }
        layers = Array(repeating: [], count: (vertices.map(\.layer).max() ?? 0) + 1)
    }

    @discardableResult
    private mutating func add(_ vertex: Vertex) -> Int {
        vertices.append(vertex)
        up.append([])
        down.append([])
        return vertices.count - 1
    }
}
