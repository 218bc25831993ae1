#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            // Integral values print without a fraction, as JavaScript's JSON.stringify does.
            if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}

extension JSONValue {
    /// Parses JSON text (UTF-8) strictly (see `JSONParser`).
    /// - Parameters:
    ///   - text: the JSON text.
    ///   - numbers: whether an integer a double cannot keep is read as the nearest double (the
    ///     default, as JavaScript) or refused (``JSONNumberRule/exactIntegers``).
    /// - Throws: `JSONTextError` naming the line, column and reason (and the JSON pointer of a
    ///   refused number).
    public init(parsing text: some StringProtocol, numbers: JSONNumberRule = .nearestDouble) throws(JSONTextError) {
        // Native strings are contiguous UTF-8: parse them without copying.
        let parsed: Result<JSONValue, JSONTextError>? = text.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(JSONTextError) in try JSONParser.parse(bytes, numbers: numbers) }
        }
        if let parsed {
            self = try parsed.get()
        } else {
            try self.init(parsing: Data(text.utf8), numbers: numbers)
        }
    }

    /// Parses UTF-8 JSON text in place, strictly, as ``init(parsing:)-(Data)``.
    /// - Throws: `JSONTextError` naming the line, column and reason.
    public init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(JSONTextError) {
        self = try JSONParser.parse(bytes)
    }

    /// Parses JSON bytes (UTF-8) strictly: no duplicate member names, no trailing commas, no
    /// numbers beyond a double's range, no `\u0000`.
    /// - Parameters:
    ///   - data: the JSON text.
    ///   - numbers: as in ``init(parsing:numbers:)-(StringProtocol,_)``.
    /// - Throws: `JSONTextError` naming the line, column and reason.
    public init(parsing data: Data, numbers: JSONNumberRule = .nearestDouble) throws(JSONTextError) {
        self = try JSONParser.parse(data, numbers: numbers)
    }

    /// Compact JSON text with sorted keys, so equal values always serialise alike; numbers as
    /// JavaScript's `JSON.stringify` prints them.
    public var jsonText: String {
        JSONWriter.write(self)
    }
}

/// JSON text that could not be parsed.
public struct JSONTextError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. `duplicate member name "amount"`.
    public var reason: String
    /// 1-based position of the problem; 0 when unknown.
    public var line: Int
    public var column: Int
    /// The JSON pointer (RFC 6901, `""` for the whole document) of a well-formed value that was
    /// refused (a number ``JSONNumberRule/exactIntegers`` cannot keep); `nil` for a syntax error.
    public var pointer: String?

    public init(reason: String, line: Int = 0, column: Int = 0, pointer: String? = nil) {
        self.reason = reason
        self.line = line
        self.column = column
        self.pointer = pointer
    }

    /// `<pointer>: <reason>` for a refused value, else `invalid JSON at line L, column C: <reason>`.
    public var description: String {
        if let pointer { return "\(pointer.isEmpty ? "/" : pointer): \(reason)" }
        return line > 0 ? "invalid JSON at line \(line), column \(column): \(reason)" : "invalid JSON: \(reason)"
    }
}
