import Foundation

extension Step {
    /// What a step's built-in task runner decides for one runner: the one evaluation shared by the
    /// tick's planner, `sequencer check`, `sequencer eval` and the Lambda task-runner handlers.
    ///
    /// A Goal step moves on when its condition holds and otherwise waits for a data change
    /// (``BuiltinTaskRunner/decideGoal(_:runner:)``); every other built-in is
    /// ``BuiltinTaskRunner/decide(_:runner:now:limits:)``.
    /// - Parameters:
    ///   - runner: the runner as task runners see it.
    ///   - now: the engine clock (UTC).
    ///   - limits: how large a rendered email or SMS may be.
    /// - Returns: the decision, or `nil` when the step's task runner is custom (a Lambda function
    ///   the caller must invoke).
    public func decide(for runner: RunnerSnapshot, now: Date, limits: MessageLimits = MessageLimits()) -> StepDecision? {
        switch (runner: self.runner, builtin) {
        case (.lambda, _):
            return nil
        case (.builtin(let kind), let config?):
            return Self.decide(kind, config, for: runner, now: now, limits: limits)
        case (.builtin(let kind), nil):
            return .fail(StepFailure(field: "", reason: "step \(key) has no parsed config for \(kind.rawValue)"))
        }
    }

    /// The decision of built-in `kind` with its parsed `config` for one runner (see ``decide(for:now:limits:)``).
    public static func decide(_ kind: BuiltinRunner, _ config: BuiltinStepConfig, for runner: RunnerSnapshot, now: Date,
                              limits: MessageLimits = MessageLimits()) -> StepDecision {
        if kind == .goal, case .condition(let condition) = config {
            return BuiltinTaskRunner.decideGoal(condition, runner: runner)
        }
        return BuiltinTaskRunner.decide(config, runner: runner, now: now, limits: limits)
    }
}
