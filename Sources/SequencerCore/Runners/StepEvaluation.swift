#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One step evaluated for one runner without a database: what `sequencer eval` does for each
/// input line, and what the differential corpus test checks. The runner is a built-in or a Swift
/// task runner built into the program (``TaskRunner``; one that performs I/O does it).
///
/// Input: `{"step": {"runner": "<name>", "config": {...}}, "runner": {"id"?, "data",
/// "stepEnteredAt"?, ...}, "now": "<ISO-8601>"}`. Output: the wire-protocol answer
/// `{"id", "action", "message"?, "wakeAt"?, "error"?}` the step's task runner gives (as
/// `bootstrap`'s task-runner handler computes it), or `{"error": reason, "pointer": "/step/config/unit"}`
/// naming the first offending field of the input by JSON pointer (RFC 6901).
public enum StepEvaluation {
    /// The runner id used when the input's runner has none.
    public static let defaultRunnerID = "runner"

    /// Evaluates one input line.
    /// - Parameters:
    ///   - line: the parsed line.
    ///   - runners: the Swift task runners a line's step may name.
    /// - Returns: the answer object, or an error object `{"error", "pointer", "problems"?}`.
    public static func evaluate(line: JSONValue, runners: TaskRunnerRegistry = .none) -> JSONValue {
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
        let stepConfig = step.members["config"] ?? .object([:])
        let decide: (RunnerSnapshot, Date) -> StepDecision
        if let kind = BuiltinRunner(rawValue: runnerName) {
            let config: BuiltinStepConfig
            do {
                config = try BuiltinStepConfig.parse(kind, config: stepConfig)
            } catch {
                return failures(error.problems)
            }
            decide = { runner, now in Step.decide(kind, config, for: runner, now: now) }
        } else if let swift = runners.runner(named: runnerName) {
            let problems = stepConfig.objectValue == nil ? [FieldProblem(pointer: "", reason: "must be a JSON object, not \(stepConfig.typeName)")]
                : swift.validate(config: stepConfig)
            guard problems.isEmpty else {
                return failures(problems.map { FieldProblem(pointer: "/config" + $0.pointer, reason: $0.reason) })
            }
            decide = { runner, now in
                let context = TaskRunnerContext(now: now, sequence: runner.sequence, step: runner.step)
                return Step.decide(swift, config: stepConfig, for: [runner], context: context)[runner.id]
                    ?? .keep(reason: "task runner \(runnerName) gave no decision for it")
            }
        } else {
            let names = (BuiltinRunner.allCases.map(\.rawValue) + runners.names).joined(separator: ", ")
            return failure("/step/runner", "\"\(runnerName)\" is not a task runner of this program (expected one of \(names))")
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
        return decide(runner, instant).answer(for: runner.id).json
    }

    /// The error object for a step's config problems (pointers relative to the step).
    private static func failures(_ problems: [FieldProblem]) -> JSONValue {
        let first = problems.first
        return .object([
            "error": .string(first?.reason ?? "invalid config"),
            "pointer": .string("/step" + (first?.pointer ?? "/config")),
            "problems": .array(problems.map { .object(["pointer": .string("/step" + $0.pointer), "reason": .string($0.reason)]) }),
        ])
    }

    /// Parses and evaluates one line of text; a line that is not JSON gives an error object.
    /// - Parameter bytes: the line's UTF-8 bytes, without the newline.
    /// - Returns: as ``evaluate(line:)``.
    public static func evaluate(text bytes: Data, runners: TaskRunnerRegistry = .none) -> JSONValue {
        let line: JSONValue
        do {
            line = try JSONValue(parsing: bytes)
        } catch {
            return failure("", "the line is not JSON: \(error)")
        }
        return evaluate(line: line, runners: runners)
    }

    private static func failure(_ pointer: String, _ reason: String) -> JSONValue {
        .object(["error": .string(reason), "pointer": .string(pointer)])
    }
}
