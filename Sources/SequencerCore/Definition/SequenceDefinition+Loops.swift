extension SequenceDefinition {
    /// The steps a runner can move to from `step` within one tick.
    static func successors(of step: Step) -> [String] {
        if case .goTo(let target)? = step.builtin { return [target] }
        return [step.next, step.altNext].compactMap { $0 }
    }

    /// Refuses every cycle made only of steps that never wait (GoTo, Conditional, Email, SMS):
    /// a runner entering one would be moved around it forever, sending on every lap.
    /// Finds them as strongly connected components (Tarjan) of the graph of non-waiting steps.
    static func checkInstantLoops(_ steps: [Step], into problems: inout ProblemList) {
        let instant = steps.enumerated().filter { _, step in
            if case .builtin(let kind) = step.runner { return !kind.canWait }
            return false  // a custom runner may answer noop
        }
        let indexByKey = Dictionary(uniqueKeysWithValues: instant.map { ($0.element.key, $0.offset) })
        let edges = Dictionary(uniqueKeysWithValues: instant.map { index, step in
            (index, successors(of: step).compactMap { indexByKey[$0] })
        })
        for component in loops(nodes: instant.map(\.offset), edges: edges) {
            let keys = component.map { "\"\(steps[$0].key)\"" }.joined(separator: " → ")
            problems.add("/steps/\(component[0])",
                         "steps \(keys) form a loop in which no step waits, so a runner would spin forever; add a wait (WaitForDuration, WaitForDate, WaitForDateComparison or Goal) to the loop")
        }
    }

    /// The cycles of a graph: its strongly connected components of more than one node, and the
    /// nodes with an edge to themselves, each sorted, ordered by their first node.
    ///
    /// Tarjan's algorithm with an explicit stack instead of recursion: a chain of tens of
    /// thousands of GoTo steps overflowed the thread's stack (found with the fuzz target
    /// `definition`; see `FuzzRegressionTests`).
    /// - Parameters:
    ///   - nodes: the nodes, in the order they are visited.
    ///   - edges: each node's successors.
    /// - Returns: the cycles.
    static func loops(nodes: [Int], edges: [Int: [Int]]) -> [[Int]] {
        var order: [Int: Int] = [:]
        var lowLink: [Int: Int] = [:]
        var stack: [Int] = []
        var onStack: Set<Int> = []
        var components: [[Int]] = []
        func visit(_ node: Int) {
            order[node] = order.count
            lowLink[node] = order[node]
            stack.append(node)
            onStack.insert(node)
        }
        for root in nodes where order[root] == nil {
            visit(root)
            var path: [(node: Int, nextEdge: Int)] = [(root, 0)]
            while let (node, nextEdge) = path.last {
                let successors = edges[node] ?? []
                if nextEdge < successors.count {
                    path[path.count - 1].nextEdge += 1
                    let next = successors[nextEdge]
                    if order[next] == nil {
                        visit(next)
                        path.append((next, 0))
                    } else if onStack.contains(next) {
                        lowLink[node] = min(lowLink[node]!, order[next]!)
                    }
                    continue
                }
                path.removeLast()
                if let parent = path.last?.node { lowLink[parent] = min(lowLink[parent]!, lowLink[node]!) }
                guard lowLink[node] == order[node] else { continue }
                var component: [Int] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    component.append(top)
                    if top == node { break }
                }
                if component.count > 1 || successors.contains(node) { components.append(component.sorted()) }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }
}

/// Lambda function ARNs as AWS writes them: `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
public enum LambdaFunctionARN {
    static var pattern: Regex<Substring> { /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]{1,128}))?$/ }

    /// Whether `text` is a well-formed Lambda function ARN.
    public static func isValid(_ text: String) -> Bool {
        text.wholeMatch(of: pattern) != nil
    }
}
