import SequencerKit

/// Routes a lead by its score: `next` when `data.score` is at least the step's `threshold`,
/// `altNext` below it, and an error (a failed attempt, retried with backoff) when `data.score` is
/// not a number.
///
/// Config: `{"threshold": N}` (a number, required).
public struct LeadScore: TaskRunner {
    public let name = "LeadScore"

    public init() {}

    /// Refuses a config without a numeric `threshold`, or with fields it does not know.
    public func validate(config: JSONValue) -> [FieldProblem] {
        var fields = JSONFieldReader(config, at: "")
        fields.onlyKnown(["threshold"])
        _ = fields.number("threshold", required: true)
        return fields.problems
    }

    public func decide(config: JSONValue, runners: [RunnerSnapshot], context: TaskRunnerContext) -> [String: TaskRunnerDecision] {
        let threshold = config["threshold"]?.numberValue ?? 0
        var decisions: [String: TaskRunnerDecision] = [:]
        for runner in runners {
            guard let score = runner.data["score"]?.numberValue else {
                decisions[runner.id] = .error("data.score must be a number, not \(runner.data["score"]?.typeName ?? "missing")")
                continue
            }
            let (shown, limit) = (JavaScript.numberToString(score), JavaScript.numberToString(threshold))
            decisions[runner.id] = score >= threshold ? .next(message: "score \(shown) ≥ \(limit)") : .altNext(message: "score \(shown) < \(limit)")
        }
        return decisions
    }
}
