#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// JSON text to and from `[String: Any]` through ``JSONValue``, in place of Foundation's
/// `JSONSerialization` (not in FoundationEssentials): AWS JSON requests are built as
/// dictionaries of strings, numbers, booleans, arrays and dictionaries.
enum JSONBridge {
    /// A value that cannot be written as JSON.
    struct Unsupported: Error, CustomStringConvertible {
        var type: String
        var description: String { "cannot write a \(type) as JSON" }
    }

    /// The JSON text of `object`.
    /// - Throws: `Unsupported` for a value that is not a string, number, boolean, array or dictionary.
    static func data(_ object: [String: Any]) throws -> Data {
        Data(try value(object).jsonText.utf8)
    }

    /// The object in `data`, or `nil` when it is not a JSON object. Integral numbers come back
    /// as `Int`, others as `Double`.
    static func object(_ data: Data) -> [String: Any]? {
        guard let value = try? JSONValue(parsing: data), case .object = value else { return nil }
        return any(value) as? [String: Any]
    }

    static func value(_ any: Any) throws -> JSONValue {
        switch any {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .number(Double(number))
        case let number as Double: return .number(number)
        case let members as [String: Any]: return .object(try members.mapValues(value))
        case let elements as [Any]: return .array(try elements.map(value))
        default: throw Unsupported(type: "\(type(of: any))")
        }
    }

    static func any(_ value: JSONValue) -> Any {
        switch value {
        case .null: return Optional<Any>.none as Any
        case .bool(let flag): return flag
        case .number(let number):
            return number.rounded() == number && abs(number) < 9e15 ? Int(number) : number
        case .string(let text): return text
        case .array(let elements): return elements.map(any)
        case .object(let members): return members.mapValues(any)
        }
    }
}
