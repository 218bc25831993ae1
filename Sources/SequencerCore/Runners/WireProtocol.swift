#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One runner as task runners see it (`docs/architecture.md`, "Wire protocol"):
/// `{"id", "subject", "data", "event", "sequence", "step", "stepEnteredAt": ISO-8601 UTC}`.
public struct RunnerSnapshot: Sendable, Hashable {
    /// The runner's id.
    public var id: String
    /// The subject's id (the person or thing the sequence is about).
    public var subject: String
    /// The subject's data, shared by all its runners. Always a JSON object.
    public var data: JSONValue
    /// The enrolment's own payload. Always a JSON object.
    public var event: JSONValue
    public var sequence: String
    public var step: String
    /// When the runner entered its current step (UTC).
    public var stepEnteredAt: Date

    /// - Parameter subject: the subject's id; `nil` means the runner's id (one runner per subject).
    public init(id: String, subject: String? = nil, data: JSONValue, event: JSONValue = .object([:]), sequence: String,
                step: String, stepEnteredAt: Date) {
        self.id = id
        self.subject = subject ?? id
        self.data = data
        self.event = event
        self.sequence = sequence
        self.step = step
        self.stepEnteredAt = stepEnteredAt
    }

    /// One member of ``object`` (`id`, `subject`, `data`, `event`, `sequence`, `step`,
    /// `stepEnteredAt`), or `nil`.
    public func member(_ name: String) -> JSONValue? {
        switch name {
        case "id": .string(id)
        case "subject": .string(subject)
        case "data": data
        case "event": event
        case "sequence": .string(sequence)
        case "step": .string(step)
        case "stepEnteredAt": .string(Moment.formatISO8601(stepEnteredAt))
        default: nil
        }
    }

    /// The runner object that lodash paths (`data.user.age`, `event.plan`) and templates
    /// (`{{data.firstName}}`) read.
    public var object: JSONValue {
        .object([
            "id": .string(id), "subject": .string(subject), "data": data, "event": event, "sequence": .string(sequence),
            "step": .string(step), "stepEnteredAt": .string(Moment.formatISO8601(stepEnteredAt)),
        ])
    }
}

/// The event a task runner is invoked with: one step's config and a batch of runners at it.
public struct TaskEvent: Sendable, Hashable {
    /// The step's config, as written in the definition.
    public var config: JSONValue
    public var runners: [RunnerSnapshot]

    public init(config: JSONValue, runners: [RunnerSnapshot]) {
        self.config = config
        self.runners = runners
    }
}

/// What a task runner answers for one runner, as the original's `action`.
public enum TaskAction: String, Sendable, Hashable, CaseIterable {
    /// Go to the step's `next`.
    case next
    /// Stay; ask again later (at `wakeAt` when given).
    case noop
    /// Go to the step's `altNext`.
    case altNext
}

/// One element of a task runner's answer: `{"id", "action", "message"?, "wakeAt"?, "error"?}`.
///
/// `wakeAt` (extension): the earliest time the runner needs another look. `error` (extension):
/// the runner could not be handled; it stays and the error counts as a failed attempt.
public struct TaskAnswer: Sendable, Hashable {
    public var id: String
    public var action: TaskAction
    public var message: String?
    public var wakeAt: Date?
    public var error: String?

    public init(id: String, action: TaskAction, message: String? = nil, wakeAt: Date? = nil, error: String? = nil) {
        self.id = id
        self.action = action
        self.message = message
        self.wakeAt = wakeAt
        self.error = error
    }
}

extension RunnerSnapshot {
    /// Reads the wire form.
    /// - Throws: `WireError` naming the field.
    public init(json: JSONValue, at pointer: String) throws(WireError) {
        guard let object = json.objectValue else { throw WireError(pointer: pointer, reason: "a runner must be an object, not \(json.typeName)") }
        guard let id = object["id"]?.stringValue, !id.isEmpty else { throw WireError(pointer: pointer + "/id", reason: "must be a non-empty string") }
        let data = object["data"] ?? .object([:])
        guard data.objectValue != nil else { throw WireError(pointer: pointer + "/data", reason: "must be an object, not \(data.typeName)") }
        let event = object["event"] ?? .object([:])
        guard event.objectValue != nil else { throw WireError(pointer: pointer + "/event", reason: "must be an object, not \(event.typeName)") }
        if let subject = object["subject"], subject.stringValue?.isEmpty != false {
            throw WireError(pointer: pointer + "/subject", reason: "must be a non-empty string")
        }
        var entered = Date(timeIntervalSince1970: 0)
        if let text = object["stepEnteredAt"]?.stringValue {
            guard let date = Moment.parseISO8601(text, defaultTimeZone: .gmt) else {
                throw WireError(pointer: pointer + "/stepEnteredAt", reason: "\"\(text)\" is not an ISO-8601 date")
            }
            entered = date
        }
        self.init(id: id, subject: object["subject"]?.stringValue, data: data, event: event,
                  sequence: object["sequence"]?.stringValue ?? "", step: object["step"]?.stringValue ?? "", stepEnteredAt: entered)
    }
}

extension TaskEvent {
    /// Reads the wire form `{"config": {...}, "runners": [...]}`.
    /// - Throws: `WireError` naming the field by JSON pointer.
    public init(json: JSONValue) throws(WireError) {
        guard let object = json.objectValue else { throw WireError(pointer: "", reason: "the event must be a JSON object, not \(json.typeName)") }
        guard case .array(let runners)? = object["runners"] else {
            throw WireError(pointer: "/runners", reason: object["runners"] == nil ? "is required" : "must be an array")
        }
        var snapshots: [RunnerSnapshot] = []
        for (index, runner) in runners.enumerated() {
            snapshots.append(try RunnerSnapshot(json: runner, at: "/runners/\(index)"))
        }
        self.init(config: object["config"] ?? .object([:]), runners: snapshots)
    }

    /// The wire form.
    public var json: JSONValue {
        .object(["config": config, "runners": .array(runners.map(\.object))])
    }
}

extension TaskAnswer {
    /// The wire form.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["id": .string(id), "action": .string(action.rawValue)]
        if let message { object["message"] = .string(message) }
        if let wakeAt { object["wakeAt"] = .string(Moment.formatISO8601(wakeAt)) }
        if let error { object["error"] = .string(error) }
        return .object(object)
    }
}

/// A wire-protocol message that does not have the expected shape.
public struct WireError: Error, Sendable, CustomStringConvertible {
    /// JSON pointer into the message.
    public var pointer: String
    public var reason: String
    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(reason)" }
}
