#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
import SequencerCore

/// What started a tick invocation.
enum TickInvocation: Sendable, Hashable {
    /// The EventBridge schedule (`time`: the scheduled instant, UTC) or a manual `{}`.
    case scheduled(at: Date?)
    /// Another tick invocation, as a fan-out worker: `{"fanOut": {"parent": REQUEST_ID, "worker": N}}`.
    /// It ticks until nothing is due or its deadline, starts no workers and runs one pass.
    case worker(parent: String)

    /// The event a tick sends to the workers it starts.
    static func workerEvent(parent: String, worker: Int) -> Data {
        Data(JSONValue.object(["fanOut": ["parent": .string(parent), "worker": .number(Double(worker))]]).jsonText.utf8)
    }

    /// Reads the event.
    /// - Throws: `LambdaFunctionError` `InvalidEvent` naming what is wrong.
    init(event: Data) throws {
        let json = try JSONValue.lambdaEvent(event, emptyIsObject: true)
        guard json.objectValue != nil else {
            throw LambdaFunctionError(type: "InvalidEvent", message: "expected an EventBridge scheduled event or {}, got \(json.typeName)")
        }
        if let fanOut = json["fanOut"] {
            guard let parent = fanOut["parent"]?.stringValue else {
                throw LambdaFunctionError(type: "InvalidEvent", message: "/fanOut/parent: must be the starting invocation's request id")
            }
            self = .worker(parent: parent)
            return
        }
        self = .scheduled(at: json["time"]?.stringValue.flatMap { Moment.parseISO8601($0, defaultTimeZone: .gmt) })
    }
}
