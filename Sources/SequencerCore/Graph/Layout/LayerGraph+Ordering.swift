extension LayerGraph {
    /// Sweeps of the barycenter heuristic; the best order seen is kept.
    static let sweeps = 24

    /// Orders every layer to reduce edge crossings (see ``LayeredLayout``).
    mutating func order() {
        layers = initialOrder()
        var best = layers
        var fewest = crossings()
        for sweep in 0..<Self.sweeps where fewest > 0 {
            let downwards = sweep % 2 == 0
            let sequence = downwards ? Array(layers.indices.dropFirst()) : Array(layers.indices.dropLast().reversed())
            for layer in sequence {
                reorder(layer, by: downwards ? up : down)
            }
            let count = crossings()
            if count < fewest {
                fewest = count
                best = layers
            }
        }
        layers = best
        transpose()
    }

    /// Vertices in depth-first order from the input nodes (index order), so a chain of steps
    /// starts out in one column and siblings in the order the edges were given.
    private func initialOrder() -> [[Int]] {
        var result = [[Int]](repeating: [], count: layers.count)
        var seen = [Bool](repeating: false, count: vertices.count)
        for root in vertices.indices where vertices[root].isNode && !seen[root] {
            var stack = [root]
            seen[root] = true
            while let vertex = stack.popLast() {
                result[vertices[vertex].layer].append(vertex)
                for next in down[vertex].reversed() where !seen[next] {
                    seen[next] = true
                    stack.append(next)
                }
            }
        }
        return result
    }

    /// Sorts `layer` by the mean position of each vertex's neighbours in `neighbours`; a vertex
    /// without any keeps its position. Ties keep the current order.
    private mutating func reorder(_ layer: Int, by neighbours: [[Int]]) {
        let position = positions()
        let keyed = layers[layer].map { vertex -> (key: Double, at: Int, vertex: Int) in
            let around = neighbours[vertex]
            let key = around.isEmpty
                ? Double(position[vertex])
                : Double(around.reduce(0) { $0 + position[$1] }) / Double(around.count)
            return (key, position[vertex], vertex)
        }
        layers[layer] = keyed.sorted { ($0.key, $0.at) < ($1.key, $1.at) }.map(\.vertex)
    }

    /// Swaps neighbours in a layer while that removes crossings, at most a few rounds.
    private mutating func transpose() {
        for _ in 0..<8 {
            var improved = false
            var position = positions()
            for layer in layers.indices where layers[layer].count > 1 {
                for index in 0..<(layers[layer].count - 1) {
                    let (left, right) = (layers[layer][index], layers[layer][index + 1])
                    if pairCrossings(right, before: left, position) < pairCrossings(left, before: right, position) {
                        layers[layer].swapAt(index, index + 1)
                        (position[left], position[right]) = (index + 1, index)
                        improved = true
                    }
                }
            }
            if !improved { return }
        }
    }

    /// Crossings among the edges of `first` and `second` (with `first` on the left), above and below.
    private func pairCrossings(_ first: Int, before second: Int, _ position: [Int]) -> Int {
        var count = 0
        for around in [up, down] {
            for a in around[first] {
                for b in around[second] where position[a] > position[b] { count += 1 }
            }
        }
        return count
    }

    /// Each vertex's index within its layer.
    func positions() -> [Int] {
        var position = [Int](repeating: 0, count: vertices.count)
        for layer in layers {
            for (index, vertex) in layer.enumerated() { position[vertex] = index }
        }
        return position
    }

    /// All crossings between adjacent layers: inversions among each pair's segments.
    func crossings() -> Int {
        let position = positions()
        var total = 0
        for layer in layers.dropLast() {
            var segments: [(Int, Int)] = []
            for vertex in layer {
                for next in down[vertex] { segments.append((position[vertex], position[next])) }
            }
            segments.sort { $0 < $1 }
            var lower = segments.map(\.1)
            total += Self.inversions(&lower)
        }
        return total
    }

    /// Pairs `i < j` with `values[i] > values[j]`, by merge sort (sorts `values`).
    static func inversions(_ values: inout [Int]) -> Int {
        guard values.count > 1 else { return 0 }
        var left = Array(values[..<(values.count / 2)])
        var right = Array(values[(values.count / 2)...])
        var count = inversions(&left) + inversions(&right)
        var (i, j, k) = (0, 0, 0)
        while i < left.count || j < right.count {
            if j == right.count || (i < left.count && left[i] <= right[j]) {
                values[k] = left[i]
                i += 1
            } else {
                values[k] = right[j]
                count += left.count - i
                j += 1
            }
            k += 1
        }
        return count
    }
}
