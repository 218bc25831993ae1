#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a custom task runner's answer for one batch into a decision per runner.
///
/// The answer must be a JSON array of `{"id", "action", "message"?, "wakeAt"?, "error"?}`
/// (`docs/architecture.md`, "Wire protocol"). A runner of the batch missing from the answer stays where it is (asked again at
/// the next tick) and is reported in `missing`; an element naming an id outside the batch is
/// reported in `unknown`; an unknown action, a bad `wakeAt` or an `error` is a failure for that
/// runner — never a silent move.
public struct CustomRunnerAnswer: Sendable {
    public var decisions: [String: StepDecision]
    /// Runners of the batch the answer did not mention.
    public var missing: [String]
    /// Ids in the answer that were not in the batch.
    public var unknown: [String]

    /// - Parameters:
    ///   - payload: the function's answer.
    ///   - batch: the ids the event carried.
    /// - Throws: `WireError` when the answer as a whole is unusable (not JSON, not an array).
    public init(payload: Data, batch: [String]) throws(WireError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: payload)
        } catch {
            throw WireError(pointer: "", reason: "the answer is not JSON (\(error.reason))")
        }
        guard let elements = json.arrayValue else {
            throw WireError(pointer: "", reason: "the answer must be an array of {id, action}, not \(json.typeName)")
        }
        let expected = Set(batch)
        var decisions: [String: StepDecision] = [:]
        var unknown: [String] = []
        for (index, element) in elements.enumerated() {
            let pointer = "/\(index)"
            guard let id = element["id"]?.stringValue else {
                unknown.append("\(pointer) (no id)")
                continue
            }
            guard expected.contains(id) else {
                unknown.append(id)
                continue
            }
            decisions[id] = Self.decision(element, at: pointer)
        }
        self.decisions = decisions
        self.missing = batch.filter { decisions[$0] == nil }
        self.unknown = unknown
    }

    private static func decision(_ element: JSONValue, at pointer: String) -> StepDecision {
        let message = element["message"]?.stringValue
        if let error = element["error"], error != .null {
            return .fail(StepFailure(field: "", reason: "the task runner reported: \(error.stringValue ?? error.jsonText)"))
        }
        switch element["action"]?.stringValue {
        case "next"?: return .move(.next, message: message)
        case "altNext"?: return .move(.altNext, message: message)
        case "noop"?:
            guard let text = element["wakeAt"]?.stringValue else { return .wait(.nextTick, message: message) }
            guard let date = Moment.parseISO8601(text, defaultTimeZone: .gmt) else {
                return .fail(StepFailure(field: "", reason: "\(pointer)/wakeAt: \"\(text)\" is not an ISO-8601 date"))
            }
            return .wait(.at(date), message: message)
        case let other:
            return .fail(StepFailure(field: "", reason: "\(pointer)/action: \(other.map { "\"\($0)\"" } ?? "missing") is not next, noop or altNext"))
        }
    }
}
