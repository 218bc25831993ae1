extension LayeredLayout {
    /// Per edge, whether it closes a cycle: found by a depth-first search that starts from the
    /// nodes without incoming edges, then from any node not yet seen, both in index order, and
    /// follows edges in index order. Self-loops are not back edges (they are drawn apart).
    func backEdges() -> [Bool] {
        let outgoing = adjacency()
        var state = [VisitState](repeating: .new, count: nodes.count)
        var reversed = [Bool](repeating: false, count: edges.count)
        var hasIncoming = [Bool](repeating: false, count: nodes.count)
        for edge in edges where edge.from != edge.to { hasIncoming[edge.to] = true }
        let roots = nodes.indices.filter { !hasIncoming[$0] } + nodes.indices.filter { hasIncoming[$0] }

        for root in roots where state[root] == .new {
            // An explicit stack of (node, next edge position) keeps deep chains off the call stack.
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = .onPath
            while let top = stack.last {
                let list = outgoing[top.node]
                guard top.next < list.count else {
                    state[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let edgeIndex = list[top.next]
                let target = edges[edgeIndex].to
                if target == top.node { continue }
                switch state[target] {
                case .new:
                    state[target] = .onPath
                    stack.append((target, 0))
                case .onPath:
                    reversed[edgeIndex] = true
                case .done:
                    break
                }
            }
        }
        return reversed
    }

    /// Per node, its rank: the longest path to it over the edges as laid out (back edges
    /// reversed, self-loops ignored); then each node without incoming edges moves down to one
    /// rank above its highest successor, so a side entry (the goal source, an unreachable step)
    /// does not sit far above what it leads to.
    func ranks(reversed: [Bool]) -> [Int] {
        var successors = [[Int]](repeating: [], count: nodes.count)
        var indegree = [Int](repeating: 0, count: nodes.count)
        for (index, edge) in edges.enumerated() where edge.from != edge.to {
            let (upper, lower) = reversed[index] ? (edge.to, edge.from) : (edge.from, edge.to)
            successors[upper].append(lower)
            indegree[lower] += 1
        }
        let hasIncoming = indegree.map { $0 > 0 }
        var rank = [Int](repeating: 0, count: nodes.count)
        var ready = nodes.indices.filter { indegree[$0] == 0 }
        var position = 0
        while position < ready.count {  // Kahn's algorithm, first in first out
            let node = ready[position]
            position += 1
            for next in successors[node] {
                rank[next] = max(rank[next], rank[node] + 1)
                indegree[next] -= 1
                if indegree[next] == 0 { ready.append(next) }
            }
        }
        for node in nodes.indices where !hasIncoming[node] && !successors[node].isEmpty {
            rank[node] = max(rank[node], successors[node].map { rank[$0] }.min()! - 1)
        }
        return rank
    }

    /// Per node, the indices of its outgoing edges, in index order.
    private func adjacency() -> [[Int]] {
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        for (index, edge) in edges.enumerated() { outgoing[edge.from].append(index) }
        return outgoing
    }

    private enum VisitState { case new, onPath, done }
}
