#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
import SequencerCore

extension JSONValue {
    /// A Lambda event read as JSON (an empty event as `{}` when `emptyIsObject`); `numbers`
    /// `.exactIntegers` refuses an integer a double cannot keep, naming its JSON pointer.
    /// - Throws: `LambdaFunctionError` `InvalidEvent`, "the event is not JSON: …".
    static func lambdaEvent(_ event: Data, emptyIsObject: Bool = false, numbers: JSONNumberRule = .nearestDouble) throws -> JSONValue {
        if emptyIsObject, event.isEmpty { return .object([:]) }
        do {
            return try JSONValue(parsing: event, numbers: numbers)
        } catch {
            throw LambdaFunctionError(type: "InvalidEvent", message: "the event is not JSON: \(error)")
        }
    }
}
