#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
import SequencerCore

/// A Swift task runner (``TaskRunner``) served as a Lambda function of its own (`_HANDLER` = its
/// name): the wire-protocol event `{config, runners}` in, the answer array
/// `[{id, action, message?, wakeAt?, error?}]` out, as for the built-ins
/// (`docs/architecture.md`, "Wire protocol"). A runner the task runner leaves out is left out of
/// the answer (the caller keeps it).
struct SwiftTaskRunnerHandler: LambdaHandler {
    let runner: any TaskRunner

    /// - Throws: `LambdaFunctionError` `InvalidEvent` for an event that is not the wire protocol's,
    ///   `InvalidConfig` naming every problem of the step's config by JSON pointer.
    func handle(_ event: Data, context: LambdaContext) throws -> Data {
        let taskEvent: TaskEvent
        do {
            taskEvent = try TaskEvent(json: try JSONValue(parsing: event))
        } catch {
            throw LambdaFunctionError(type: "InvalidEvent", message: "expected {\"config\": {...}, \"runners\": [...]}: \(error)")
        }
        let problems = taskEvent.config.objectValue == nil ? [FieldProblem(pointer: "", reason: "must be a JSON object, not \(taskEvent.config.typeName)")]
            : runner.validate(config: taskEvent.config)
        guard problems.isEmpty else {
            let described = problems.map { FieldProblem(pointer: "/config" + $0.pointer, reason: $0.reason).description }
            throw LambdaFunctionError(type: "InvalidConfig", message: described.joined(separator: "; "))
        }
        let first = taskEvent.runners.first
        let taskContext = TaskRunnerContext(now: Date(), deadline: context.deadline.addingTimeInterval(-1),
                                            sequence: first?.sequence ?? "", step: first?.step ?? "")
        let decisions = Step.decide(runner, config: taskEvent.config, for: taskEvent.runners, context: taskContext)
        let answers = taskEvent.runners.compactMap { snapshot in decisions[snapshot.id]?.answer(for: snapshot.id).json }
        return Data(JSONValue.array(answers).jsonText.utf8)
    }
}
