#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RunnerPreview {
    /// Where a preview starts: a runner as `sequencer preview --runner FILE` describes it.
    ///
    /// Shape of the file: `{"id"?: "u-1", "subject"?: "u-1", "data"?: {…}, "event"?: {…},
    /// "step"?: "<key>", "stepEnteredAt"?: ISO-8601}`; without `step`, the runner is enrolled at the
    /// sequence's entry.
    public struct Start: Sendable, Hashable {
        public var id: String
        public var subject: String?
        public var data: JSONValue
        public var event: JSONValue
        /// A step to start at instead of the entry; `nil` for a fresh enrolment.
        public var step: String?
        /// When it entered `step` (UTC); default: the preview's start.
        public var stepEnteredAt: Date?

        /// Creates a start; see the properties.
        public init(id: String, subject: String? = nil, data: JSONValue = [:], event: JSONValue = [:], step: String? = nil,
                    stepEnteredAt: Date? = nil) {
            self.id = id
            self.subject = subject
            self.data = data
            self.event = event
            self.step = step
            self.stepEnteredAt = stepEnteredAt
        }

        /// Reads the file's JSON object; every problem names its field.
        /// - Throws: `FieldProblem` for an unknown field or a value of the wrong type.
        public init(json: JSONValue) throws(FieldProblem) {
            guard let members = json.objectValue else { throw FieldProblem(pointer: "", reason: "must be a JSON object, not \(json.typeName)") }
            if let unknown = members.keys.sorted().first(where: { !Self.fields.contains($0) }) {
                throw FieldProblem(pointer: "/\(unknown)", reason: "unknown field (fields: \(Self.fields.joined(separator: ", ")))")
            }
            func string(_ name: String) throws(FieldProblem) -> String? {
                guard let value = members[name] else { return nil }
                guard let text = value.stringValue, !text.isEmpty else { throw FieldProblem(pointer: "/\(name)", reason: "must be a non-empty string") }
                return text
            }
            func object(_ name: String) throws(FieldProblem) -> JSONValue {
                guard let value = members[name] else { return [:] }
                guard value.objectValue != nil else { throw FieldProblem(pointer: "/\(name)", reason: "must be a JSON object, not \(value.typeName)") }
                return value
            }
            var entered: Date?
            if let text = try string("stepEnteredAt") {
                guard let date = Moment.parseISO8601(text, defaultTimeZone: .gmt) else {
                    throw FieldProblem(pointer: "/stepEnteredAt", reason: "\"\(text)\" is not an ISO-8601 date")
                }
                entered = date
            }
            self.init(id: try string("id") ?? "preview", subject: try string("subject"), data: try object("data"), event: try object("event"),
                      step: try string("step"), stepEnteredAt: entered)
        }

        static let fields = ["data", "event", "id", "step", "stepEnteredAt", "subject"]
    }

    /// The runner `start` describes, on `definition` (version `version`), at the preview's `from`:
    /// enrolled by ``RunnerMachine/enroll(_:data:in:version:now:)``, then placed at `start.step` when given.
    /// - Throws: `FieldProblem` at `/step` when the definition has no such step.
    public func state(for start: Start, on definition: SequenceDefinition, version: Int) throws(FieldProblem) -> RunnerState {
        var state = planner.machine.enroll(start.id, data: start.data, in: definition, version: version, now: from).state
        state.subject = start.subject ?? start.id
        state.event = start.event
        if let step = start.step {
            guard let found = definition.step(step) else {
                throw FieldProblem(pointer: "/step", reason: "\(definition.name) has no step \"\(step)\" (steps: \(definition.steps.map(\.key).joined(separator: ", ")))")
            }
            state.step = found.key
            state.goalsReached = []
            if case .builtin(.goal) = found.runner { state.goalsReached.insert(found.key) }
        }
        state.stepEnteredAt = start.stepEnteredAt ?? from
        return state
    }
}
