#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A task runner written in Swift and built into `sequencer` and `bootstrap` with
/// `Sequencer.main(runners:)` (`SequencerKit`): steps name it in `runner` (`"LeadScore"`), the
/// tick runs it in-process (no Lambda `Invoke`), `sequences apply` validates its steps' configs,
/// `check`, `eval` and `preview` evaluate it, and `_HANDLER=<name>` serves it as a Lambda
/// function of its own (the wire protocol, `docs/architecture.md`). Guide: `docs/task-runners.md`.
public protocol TaskRunner: Sendable {
    /// The name steps use in `runner`: 1–100 characters of `A–Z a–z 0–9 . _ -` starting with a
    /// letter, not a built-in runner's name, not `tick` or `api`.
    var name: String { get }

    /// Whether ``decide(config:runners:context:)`` does I/O (network, files, another database).
    /// Then runners at its steps are parked, the batch's transaction commits, and it is called
    /// afterwards — outside any transaction, only for runners the tick still holds, within the
    /// tick's deadline (``TaskRunnerContext/deadline``) — as sends are. Otherwise (the default) it
    /// is called while the tick plans, one runner at a time, and must not block.
    var performsIO: Bool { get }

    /// Checks a step's `config` when a sequence is applied, and for every event its Lambda
    /// handler gets.
    /// - Returns: every problem, each with an RFC 6901 JSON pointer relative to the config (`""`
    ///   for the config itself, `"/threshold"` for a field); empty when the config is valid.
    ///   ``JSONFieldReader`` reads typed fields and collects such problems.
    func validate(config: JSONValue) -> [FieldProblem]

    /// Decides for runners at one of its steps.
    /// - Parameters:
    ///   - config: the step's config, as written (already validated).
    ///   - runners: the runners, as task runners see them (data, event, step, when they entered it).
    ///   - context: the engine's time, the deadline, the step.
    /// - Returns: runner id → decision. A runner left out stays where it is, its attempts
    ///   untouched (history `kept`); an id not asked about is ignored.
    /// - Throws: any error: every runner of the call gets a failed attempt naming it (retried
    ///   with the tick's backoff, then `failed`).
    func decide(config: JSONValue, runners: [RunnerSnapshot], context: TaskRunnerContext) throws -> [String: TaskRunnerDecision]
}

extension TaskRunner {
    /// Pure by default.
    public var performsIO: Bool { false }
}

/// What a ``TaskRunner`` decides for one runner; the same choices a Lambda task runner answers
/// (`next`, `altNext`, `noop` with `wakeAt`, an error).
public enum TaskRunnerDecision: Sendable, Hashable {
    /// Follow the step's `next` (or leave the sequence when there is none).
    case next(message: String? = nil)
    /// Follow the step's `altNext` (or leave the sequence when there is none).
    case altNext(message: String? = nil)
    /// Stay at the step; look again at `wakeAt` (UTC), or at the next tick when `nil`.
    case noop(message: String? = nil, wakeAt: Date? = nil)
    /// The runner could not be handled: a failed attempt with this reason (retried with backoff,
    /// then `failed`).
    case error(String)

    /// The engine's decision.
    public var stepDecision: StepDecision {
        switch self {
        case .next(let message): .move(.next, message: message)
        case .altNext(let message): .move(.altNext, message: message)
        case .noop(let message, let wakeAt): .wait(wakeAt.map(Wake.at) ?? .nextTick, message: message)
        case .error(let reason): .fail(StepFailure(field: "", reason: reason))
        }
    }
}

/// What a ``TaskRunner`` knows of the call besides its runners.
public struct TaskRunnerContext: Sendable, Hashable {
    /// The engine's time (UTC): the tick's `now`, `--now` of the CLI, a preview's virtual clock.
    public var now: Date
    /// When the call must be done, on the real clock (compare with `Date()`, not with ``now``,
    /// which a simulation moves), for runners that perform I/O: the tick's deadline less its
    /// margin, at most `invocationTimeoutSeconds` (60 s) away. `nil` when there is none.
    public var deadline: Date?
    /// The sequence and step the runners are at.
    public var sequence: String
    public var step: String

    public init(now: Date, deadline: Date? = nil, sequence: String, step: String) {
        self.now = now
        self.deadline = deadline
        self.sequence = sequence
        self.step = step
    }
}
