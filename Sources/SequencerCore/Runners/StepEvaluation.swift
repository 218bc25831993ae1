import Foundation

/// One built-in step evaluated for one runner without a database: what `sequencer eval` does
/// for each input line, and what the differential corpus test checks.
///
/// Input: `{"step": {"runner": "<built-in name>", "config": {...}}, "runner": {"id"?, "data",
/// "stepEnteredAt"?, ...}, "now": "<ISO-8601>"}`. Output: the wire-protocol answer
/// `{"id", "action", "message"?, "wakeAt"?, "error"?}` the step's task runner gives (as
/// `bootstrap`'s task-runner handler computes it), or `{"error": reason, "pointer": "/step/config/unit"}`
/// naming the first offending field of the input by JSON pointer (RFC 6901).
public enum StepEvaluation {
    /// The runner id used when the input's runner has none.
    public static let defaultRunnerID = "runner"

    /// Evaluates one input line.
    /// - Parameter line: the parsed line.
    /// - Returns: the answer object, or an error object `{"error", "pointer", "problems"?}`.
    public static func evaluate(line: JSONValue) -> JSONValue {
        guard line.objectValue != nil else {
            return failure("", "the line must be a JSON object, not \(line.typeName)")
        }
        var fields = JSONFieldReader(line, at: "")
        var step = fields.nested("step", required: true)
        let runnerName = step?.string("runner", required: true)
        let now = fields.string("now")
        let runnerObject = fields.object("runner") ?? [:]
        if let problem = (fields.problems + (step?.problems ?? [])).first { return failure(problem.pointer, problem.reason) }
        guard let runnerName, let step else { return failure("/step", "is required") }
        guard let kind = BuiltinRunner(rawValue: runnerName) else {
            let names = BuiltinRunner.allCases.map(\.rawValue).joined(separator: ", ")
            return failure("/step/runner", "\"\(runnerName)\" is not a built-in runner (expected one of \(names))")
        }
        let config: BuiltinStepConfig
        do {
            config = try BuiltinStepConfig.parse(kind, config: step.members["config"] ?? .object([:]))
        } catch {
            let problems = error.problems.map { JSONValue.object(["pointer": .string("/step" + $0.pointer), "reason": .string($0.reason)]) }
            let first = error.problems.first
            return .object([
                "error": .string(first?.reason ?? "invalid config"),
                "pointer": .string("/step" + (first?.pointer ?? "/config")),
                "problems": .array(problems),
            ])
        }
        var members = runnerObject
        if members["id"] == nil { members["id"] = .string(defaultRunnerID) }
        let runner: RunnerSnapshot
        do {
            runner = try RunnerSnapshot(json: .object(members), at: "/runner")
        } catch {
            return failure(error.pointer, error.reason)
        }
        var instant = Date()
        if let now {
            guard let parsed = Moment.parseISO8601(now, defaultTimeZone: .gmt) else {
                return failure("/now", "\"\(now)\" is not an ISO-8601 date")
            }
            instant = parsed
        }
        return Step.decide(kind, config, for: runner, now: instant).answer(for: runner.id).json
    }

    /// Parses and evaluates one line of text; a line that is not JSON gives an error object.
    /// - Parameter bytes: the line's UTF-8 bytes, without the newline.
    /// - Returns: as ``evaluate(line:)``.
    public static func evaluate(text bytes: Data) -> JSONValue {
        let line: JSONValue
        do {
            line = try JSONValue(parsing: bytes)
        } catch {
            return failure("", "the line is not JSON: \(error)")
        }
        return evaluate(line: line)
    }

    private static func failure(_ pointer: String, _ reason: String) -> JSONValue {
        .object(["error": .string(reason), "pointer": .string(pointer)])
    }
}
