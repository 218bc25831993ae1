#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
    /// - Returns: the decision, or `nil` when the step's task runner is custom (a Lambda function
    ///   the caller must invoke).
    public func decide(for runner: RunnerSnapshot, now: Date) -> StepDecision? {
        decide(for: runner, now: now, runners: .none)
    }

    /// As ``decide(for:now:)``, with the Swift task runners built into this program: a pure one
    /// decides here (for this one runner); one that performs I/O gives `nil` (the caller parks
    /// the runner, as for a Lambda); one not built in keeps the runner, naming it. `limits`: how
    /// large a rendered email or SMS may be.
    public func decide(for runner: RunnerSnapshot, now: Date, runners: TaskRunnerRegistry,
                       limits: MessageLimits = MessageLimits()) -> StepDecision? {
        switch (runner: self.runner, builtin) {
        case (.lambda, _):
            return nil
        case (.swift(let name), _):
            guard let swift = runners.runner(named: name) else { return Self.notBuiltIn(name) }
            if swift.performsIO { return nil }
            let context = TaskRunnerContext(now: now, sequence: runner.sequence, step: key)
            return Self.decide(swift, config: config, for: [runner], context: context)[runner.id]
                ?? .keep(reason: "task runner \(name) gave no decision for it")
        case (.builtin(let kind), let config?):
            return Self.decide(kind, config, for: runner, now: now, limits: limits)
        case (.builtin(let kind), nil):
            return .fail(StepFailure(field: "", reason: "step \(key) has no parsed config for \(kind.rawValue)"))
        }
    }

    /// The decision of built-in `kind` with its parsed `config` for one runner (see ``decide(for:now:runners:limits:)``).
    public static func decide(_ kind: BuiltinRunner, _ config: BuiltinStepConfig, for runner: RunnerSnapshot, now: Date,
                              limits: MessageLimits = MessageLimits()) -> StepDecision {
        if kind == .goal, case .condition(let condition) = config {
            return BuiltinTaskRunner.decideGoal(condition, runner: runner)
        }
        return BuiltinTaskRunner.decide(config, runner: runner, now: now, limits: limits)
    }

    /// What a Swift task runner decides for `runners`: each decision, a failed attempt for every
    /// runner when it throws; runners it left out are missing from the result.
    public static func decide(_ runner: any TaskRunner, config: JSONValue, for runners: [RunnerSnapshot],
                              context: TaskRunnerContext) -> [String: StepDecision] {
        let asked = Set(runners.map(\.id))
        do {
            return try runner.decide(config: config, runners: runners, context: context)
                .filter { asked.contains($0.key) }.mapValues(\.stepDecision)
        } catch {
            let failure = StepDecision.fail(StepFailure(field: "", reason: "task runner \(runner.name) failed: \(error)"))
            return Dictionary(uniqueKeysWithValues: runners.map { ($0.id, failure) })
        }
    }

    /// The decision for a runner at a step whose Swift task runner this program lacks.
    static func notBuiltIn(_ name: String) -> StepDecision {
        .keep(reason: "task runner \(name) is not built into this program (build sequencer and bootstrap with Sequencer.main(runners:))")
    }
}
