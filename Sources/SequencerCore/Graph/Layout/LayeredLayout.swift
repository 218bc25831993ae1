/// A layered (Sugiyama-style) drawing of a directed graph, top to bottom, in four phases:
///
/// 1. **Cycles**: a depth-first search from the nodes in index order marks the edges that close
///    a cycle (back edges); they are laid out reversed and drawn pointing up. Self-loops are
///    set aside and drawn as loops on a node's right side.
/// 2. **Layers**: each node's rank is the longest path to it from a source; a source moves down
///    to just above its highest successor. Ranks are doubled so that every edge crosses at least
///    one in-between layer, which holds its label (as Graphviz does), and long edges get a
///    dummy vertex in each layer they cross.
/// 3. **Order**: a depth-first first order, then alternating down and up barycenter sweeps,
///    keeping the order with the fewest crossings, then adjacent swaps while they remove crossings.
/// 4. **Coordinates**: x by repeated weighted averaging towards neighbours, each layer solved
///    exactly under minimum-gap constraints (pool-adjacent-violators, so nodes never overlap);
///    y by layer heights. Edges become routes through their dummies' positions.
///
/// Deterministic: ties are broken by index, never by hashing.
struct LayeredLayout {
    /// A node to place: its size, and room kept free on its right for a self-loop and its label.
    struct Node: Hashable, Sendable {
        var size: Size
        var loopRoom: Double = 0
    }

    /// An edge to route; `label` is the size of its label, if it has one.
    struct Edge: Hashable, Sendable {
        var from: Int
        var to: Int
        var label: Size?
    }

    /// Gaps in CSS pixels.
    struct Spacing: Hashable, Sendable {
        /// Between two nodes side by side.
        var node: Double = 28
        /// Between an edge and its neighbour in a layer.
        var edge: Double = 12
        /// Between two layers (a node layer and a label layer).
        var layer: Double = 16
        /// Around the drawing.
        var margin: Double = 16
    }

    /// Where an edge goes: `points` from the edge's source to its target, vertical at both ends,
    /// to be joined by straight vertical pieces and cubic curves (see ``SVGPath``).
    struct Route: Hashable, Sendable {
        var points: [Point]
        /// The top-left corner of the label's box, beside the route.
        var label: Rect?
        /// Drawn against the layout's direction (a back edge of a cycle).
        var isBackEdge: Bool
        /// An edge from a node to itself: `points` are the loop's start, two control points and end.
        var isSelfLoop: Bool
    }

    /// The finished drawing.
    struct Result: Hashable, Sendable {
        /// Per input node, its box.
        var nodes: [Rect]
        /// Per input edge, its route.
        var edges: [Route]
        /// The drawing's size, margins included.
        var size: Size
    }

    let nodes: [Node]
    let edges: [Edge]
    var spacing = Spacing()

    /// Lays the graph out; nodes and edges keep their indices in the result.
    func run() -> Result {
        let reversed = backEdges()
        let ranks = ranks(reversed: reversed)
        var graph = LayerGraph(nodes: nodes, edges: edges, ranks: ranks, reversed: reversed)
        graph.order()
        var positions = graph.coordinates(spacing: spacing)
        let size = positions.normalize(graph: graph, spacing: spacing)
        let boxes = nodes.indices.map { positions.box(of: $0, in: graph) }
        let routes = edges.indices.map { index in
            graph.route(edge: index, positions: positions, reversed: reversed[index])
        }
        return Result(nodes: boxes, edges: routes, size: size)
    }
}

/// A point in an SVG drawing: CSS pixels, y growing downwards.
struct Point: Hashable, Sendable {
    var x: Double
    var y: Double
}

/// A width and height in CSS pixels.
struct Size: Hashable, Sendable {
    var width: Double
    var height: Double
}

/// An axis-aligned rectangle: its top-left corner and size, in CSS pixels.
struct Rect: Hashable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// Whether the two rectangles share interior area (touching edges do not count).
    func overlaps(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
