#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SequenceDefinition {
    /// The steps a runner can move to from `step` within one tick.
    static func successors(of step: Step) -> [String] {
        if case .goTo(let target)? = step.builtin { return [target] }
        if case .split(let split)? = step.builtin { return split.branches.compactMap(\.next) }
        return [step.next, step.altNext].compactMap { $0 }
    }

    /// Refuses every cycle made only of steps that never wait (GoTo, Conditional, Email, SMS, and
    /// a WaitForDuration whose amount waits no time, see ``Step/canWait``): a runner entering one
    /// would be moved around it forever, sending on every lap.
    /// Finds them as strongly connected components (Tarjan) of the graph of non-waiting steps.
    static func checkInstantLoops(_ steps: [Step], into problems: inout JSONFieldReader) {
        let instant = steps.enumerated().filter { !$0.element.canWait }
        let indexByKey = Dictionary(uniqueKeysWithValues: instant.map { ($0.element.key, $0.offset) })
        let edges = Dictionary(uniqueKeysWithValues: instant.map { index, step in
            (index, successors(of: step).compactMap { indexByKey[$0] })
        })

        for component in loops(nodes: instant.map(\.offset), edges: edges) {
            let keys = component.map { "\"\(steps[$0].key)\"" }.joined(separator: " → ")
            let zeroWaits = component.filter { steps[$0].builtin?.waitForDuration != nil }
                .map { "\"\(steps[$0].key)\"" }
            let note = zeroWaits.isEmpty ? "" : " (\(zeroWaits.joined(separator: ", ")) waits no time: a WaitForDuration in a loop must wait a positive amount)"
            problems.add("/steps/\(component[0])",
                         "steps \(keys) form a loop in which no step waits, so a runner would spin forever\(note); add a wait (WaitForDuration, WaitForDate, WaitForDateComparison or Goal) to the loop")
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

extension Step {
    /// Whether a runner can stay at this step across ticks, so a loop through it cannot spin:
    /// a custom runner (Lambda or Swift), which may answer `noop`; a Goal, WaitForDate or
    /// WaitForDateComparison; a WaitForDuration only when its amount waits a positive time as
    /// moment adds it (`0`, and amounts moment rounds to nothing such as `0.4 days` or
    /// `0.5 milliseconds`, pass at once). GoTo, Conditional, Email and SMS never wait.
    public var canWait: Bool {
        switch runner {
        case .lambda, .swift: return true
        case .builtin(let kind):
            if let wait = builtin?.waitForDuration { return wait.waitsPositiveTime }
            if case .waitUntil(let wait)? = builtin { return wait.canWait }
            return kind.canWait
        }
    }
}

extension BuiltinStepConfig {
    /// The config of a `WaitForDuration` step, else `nil`.
    var waitForDuration: WaitForDurationConfig? {
        if case .waitForDuration(let wait) = self { return wait }
        return nil
    }
}

extension WaitForDurationConfig {
    /// Whether `amount unit` added by moment (``Moment/add(_:_:to:in:)``) moves time forward:
    /// false for zero or negative amounts and for fractions moment rounds or truncates away.
    /// Rounding does not depend on the start or the zone, so one fixed start in UTC decides.
    /// A templated amount may render `0`, so it does not count as a wait.
    var waitsPositiveTime: Bool {
        guard let amount = amount.constant else { return false }
        let start = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
        return Moment.add(amount, unit, to: start, in: .gmt) > start
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
