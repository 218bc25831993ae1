#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One thing that happens to a previewed runner at one virtual tick.
public struct PreviewEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// A history line the engine would write (`enrolled`, `next`, `altNext`, `goTo`, `goal`,
        /// `completed`, `error`, `failed`, `exited`, `kept`).
        case history(HistoryAction)
        /// It starts waiting at its step: until an instant (UTC), or `nil` for the next tick or a data change.
        case waits(until: Date?)
        /// A message handed to the provider, rendered as it would be sent (the preview sends nothing).
        case sends(OutgoingMessage)
        /// A custom task runner's answer, taken from `--assume`.
        case assumed(TaskAction, function: String)
    }

    /// The virtual tick's time (UTC).
    public var at: Date
    /// The step it happened at.
    public var step: String
    /// The step it moved to, for moves.
    public var toStep: String?
    public var kind: Kind
    /// The decision's message (a task runner's words, a wait's reason, an error).
    public var message: String?

    /// Creates an event.
    public init(at: Date, step: String, toStep: String? = nil, kind: Kind, message: String? = nil) {
        self.at = at
        self.step = step
        self.toStep = toStep
        self.kind = kind
        self.message = message
    }

    /// The event's kind in one word: the history action, `waits`, `sends` or `assumed`.
    public var name: String {
        switch kind {
        case .history(let action): action.rawValue
        case .waits: "waits"
        case .sends: "sends"
        case .assumed: "assumed"
        }
    }

    /// `{"at", "step", "toStep"?, "event", "message"?, "until"?, "rendered"?, "answer"?, "function"?}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["at": .string(Moment.formatISO8601(at)), "step": .string(step), "event": .string(name)]
        if let toStep { object["toStep"] = .string(toStep) }
        if let message { object["message"] = .string(message) }
        switch kind {
        case .history: break
        case .waits(let until): object["until"] = until.map { .string(Moment.formatISO8601($0)) } ?? .null
        case .sends(let outgoing):
            object["channel"] = .string(outgoing.channel.rawValue)
            object["rendered"] = outgoing.json
        case .assumed(let action, let function):
            object["answer"] = .string(action.rawValue)
            object["function"] = .string(function)
        }
        return .object(object)
    }
}

/// Why a preview stopped.
public enum PreviewEnd: Sendable, Hashable {
    /// The virtual clock passed `until`; the runner is still active.
    case reachedUntil
    /// The runner left the sequence (`completed`, `failed`, `exited`).
    case left(RunnerStatus)
    /// It waits at a Goal for a change of the subject's data, which never comes in a preview.
    case waitsForDataChange(step: String)
    /// It reached a custom task runner and no `--assume` answer was given.
    case stoppedAtCustomRunner(step: String, function: String)

    /// One sentence.
    public var text: String {
        switch self {
        case .reachedUntil: "the preview reached --until with the runner still active"
        case .left(let status): "the runner left the sequence: \(status.rawValue)"
        case .waitsForDataChange(let step): "the runner waits at \(step) for a change of the subject's data, which never comes in a preview"
        case .stoppedAtCustomRunner(let step, let function):
            "stopped at \(step): custom task runner \(function) decides there; give --assume next|altNext|noop to go on"
        }
    }

    /// `reachedUntil`, `completed`/`failed`/`exited`, `waitsForDataChange`, `stoppedAtCustomRunner`.
    public var name: String {
        switch self {
        case .reachedUntil: "reachedUntil"
        case .left(let status): status.rawValue
        case .waitsForDataChange: "waitsForDataChange"
        case .stoppedAtCustomRunner: "stoppedAtCustomRunner"
        }
    }
}
