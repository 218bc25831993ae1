#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// One command of the application API (`api` Lambda handler, SQS messages):
/// `{"command": "enroll", "sequence", "subject", "data"?, "event"?, "idempotencyKey"?, "cancellationKey"?}`,
/// `{"command": "update", "subject", "data"}`,
/// `{"command": "cancel", "subject", "sequence"?}` or `{"command": "cancel", "cancellationKey"}`.
///
/// This type checks the command's shape (names and JSON types, with JSON pointers); the values
/// are checked by the SQL entry points every entry point shares (`docs/entry-points.md`).
public struct EntryCommand: Sendable, Hashable {
    /// What a command does.
    public enum Kind: String, Sendable, CaseIterable {
        case enroll, update, cancel
    }

    public var kind: Kind
    /// The item as the SQL batch function of `kind` takes it: the command itself, whose `command`
    /// member the function ignores.
    public var item: JSONValue
    /// Where the command is in its request, e.g. `/commands/2`.
    public var pointer: String

    /// The members a kind of command accepts: which must be strings or objects, which are required.
    struct Shape {
        let strings: [String]
        let objects: [String]
        let required: [String]
        /// Every member name allowed, `command` included (built once, not per command).
        let known: Set<String>

        init(strings: [String], objects: [String], required: [String]) {
            (self.strings, self.objects, self.required) = (strings, objects, required)
            known = Set(["command"] + strings + objects)
        }
    }

    static let shapes: [Kind: Shape] = [
        .enroll: Shape(strings: ["sequence", "subject", "idempotencyKey", "cancellationKey"], objects: ["data", "event"],
                       required: ["sequence", "subject"]),
        .update: Shape(strings: ["subject"], objects: ["data"], required: ["subject", "data"]),
        .cancel: Shape(strings: ["subject", "sequence", "cancellationKey"], objects: [], required: []),
    ]

    /// Reads one command.
    /// - Returns: the command, or the first problem with its pointer.
    public static func parse(_ json: JSONValue, at pointer: String) -> Result<EntryCommand, FieldProblem> {
        var fields = JSONFieldReader(json, at: pointer)
        let name = fields.string("command", required: true)
        if let problem = fields.problems.first { return .failure(problem) }
        guard let name, let kind = Kind(rawValue: name) else {
            let names = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(FieldProblem(pointer: fields.path("command"), reason: "\"\(name ?? "")\" is not a command (expected one of \(names))"))
        }
        let shape = shapes[kind]!
        fields.onlyKnown(shape.known)
        for field in shape.strings { _ = fields.string(field, required: shape.required.contains(field)) }
        for field in shape.objects { _ = fields.object(field, required: shape.required.contains(field)) }
        if kind == .cancel { fields.exactlyOne("subject", "cancellationKey") }
        if let problem = fields.problems.first { return .failure(problem) }
        // The batch functions read only their own members: `command` goes along, not copied out.
        return .success(EntryCommand(kind: kind, item: json, pointer: pointer))
    }
}

/// The answer to one command: `{"ok": true, …what the entry point answered}` or
/// `{"ok": false, "error": "…", "pointer": "/commands/2/data"}`.
public enum EntryResult: Sendable, Hashable {
    case ok(JSONValue)
    case failed(FieldProblem)

    /// The JSON form.
    public var json: JSONValue {
        switch self {
        case .ok(let answer):
            var object = answer.objectValue ?? [:]
            object["ok"] = true
            return .object(object)
        case .failed(let problem):
            return ["ok": false, "error": .string(problem.reason), "pointer": .string(problem.pointer)]
        }
    }

    /// Whether the command failed (and had no effect).
    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}
