extension SequenceDefinition {
    /// The steps a runner can move to from `step` within one tick.
    static func successors(of step: Step) -> [String] {
        if case .goTo(let target)? = step.builtin { return [target] }
        return [step.next, step.altNext].compactMap { $0 }
    }

    /// Refuses every cycle made only of steps that never wait (GoTo, Conditional, Email, SMS):
    /// a runner entering one would be moved around it forever, sending on every lap.
    /// Finds them as strongly connected components (Tarjan) of the graph of non-waiting steps.
    static func checkInstantLoops(_ steps: [Step], into problems: inout JSONFieldReader) {
        let instant = steps.enumerated().filter { _, step in
            if case .builtin(let kind) = step.runner { return !kind.canWait }
            return false  // a custom runner may answer noop
        }
        let indexByKey = Dictionary(uniqueKeysWithValues: instant.map { ($0.element.key, $0.offset) })
        let edges = Dictionary(uniqueKeysWithValues: instant.map { index, step in
            (index, successors(of: step).compactMap { indexByKey[$0] })
        })

        var order: [Int: Int] = [:]
        var lowLink: [Int: Int] = [:]
        var stack: [Int] = []
        var onStack: Set<Int> = []
        var counter = 0
        var components: [[Int]] = []

        func connect(_ node: Int) {
            order[node] = counter
            lowLink[node] = counter
            counter += 1
            stack.append(node)
            onStack.insert(node)
            for next in edges[node] ?? [] {
                if order[next] == nil {
                    connect(next)
                    lowLink[node] = min(lowLink[node]!, lowLink[next]!)
                } else if onStack.contains(next) {
                    lowLink[node] = min(lowLink[node]!, order[next]!)
                }
            }
            if lowLink[node] == order[node] {
                var component: [Int] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    component.append(top)
                    if top == node { break }
                }
                let selfLoop = component.count == 1 && (edges[node] ?? []).contains(node)
                if component.count > 1 || selfLoop { components.append(component.sorted()) }
            }
        }
        for (index, _) in instant where order[index] == nil {
            connect(index)
        }
        for component in components.sorted(by: { $0[0] < $1[0] }) {
            let keys = component.map { "\"\(steps[$0].key)\"" }.joined(separator: " → ")
            problems.add("/steps/\(component[0])",
                         "steps \(keys) form a loop in which no step waits, so a runner would spin forever; add a wait (WaitForDuration, WaitForDate, WaitForDateComparison or Goal) to the loop")
        }
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
