#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One thing wrong with a JSON document: where it is (an RFC 6901 JSON pointer, `""` for the
/// whole document) and why, in words a user can act on.
public struct FieldProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var pointer: String
    public var reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(reason)" }
}

/// Typed reads of one JSON object's members, the one reader for sequence definitions, step
/// configs, the configuration file and the engine's JSON inputs. Every problem is collected with
/// its JSON pointer, so a caller can report all of them (definitions) or the first (configuration).
///
/// Optional fields: absent or `null` reads as `nil`. Required fields: absent adds "is required".
/// A value of the wrong type adds "must be a <type>, not <actual type>".
public struct JSONFieldReader {
    /// The object's members.
    public let members: [String: JSONValue]
    /// The object's place in its document.
    public let pointer: String
    /// Problems found so far, in the order found.
    public private(set) var problems: [FieldProblem] = []

    /// A reader of `members`, the object at `pointer`.
    public init(_ members: [String: JSONValue], at pointer: String) {
        self.members = members
        self.pointer = pointer
    }

    /// A reader of `value`, which must be an object; a problem (and an empty reader) when it is not.
    public init(_ value: JSONValue, at pointer: String) {
        self.init(value.objectValue ?? [:], at: pointer)
        if value.objectValue == nil { add(pointer, "must be a JSON object, not \(value.typeName)") }
    }

    /// Whether no problem was found.
    public var isValid: Bool { problems.isEmpty }

    /// The pointer of member `key`.
    public func path(_ key: String) -> String { JSONPointer.appending(pointer, key) }

    /// Records a problem.
    public mutating func add(_ pointer: String, _ reason: String) {
        problems.append(FieldProblem(pointer: pointer, reason: reason))
    }

    /// Takes over the problems of a reader of a nested value.
    public mutating func merge(_ nested: JSONFieldReader) {
        problems.append(contentsOf: nested.problems)
    }

    /// Records an "unknown field" problem for every member not in `allowed` (sorted by name).
    public mutating func onlyKnown(_ allowed: Set<String>) {
        guard !members.keys.allSatisfy(allowed.contains) else { return }
        for key in members.keys.sorted() where !allowed.contains(key) {
            add(path(key), "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// Records a problem unless exactly one of members `first` and `second` is present, in the
    /// words of the SQL entry points (`cancel_batch`): "is required (or give <second>)" at `first`,
    /// or "give <first> (and sequence) or <second>, not both" at `second`.
    public mutating func exactlyOne(_ first: String, _ second: String) {
        switch (members[first] != nil, members[second] != nil) {
        case (false, false): add(path(first), "is required (or give \(second))")
        case (true, true): add(path(second), "give \(first) (and sequence) or \(second), not both")
        default: break
        }
    }

    /// A string member.
    public mutating func string(_ key: String, required: Bool = false) -> String? {
        read(key, required: required, "a string") { $0.stringValue }
    }

    /// A number member.
    public mutating func number(_ key: String, required: Bool = false) -> Double? {
        read(key, required: required, "a number") { $0.numberValue }
    }

    /// A number member within `range`; `description` names what it counts ("a number of seconds").
    public mutating func number(_ key: String, in range: ClosedRange<Double>, as description: String = "a number",
                                required: Bool = false) -> Double? {
        guard let number = number(key, required: required) else { return nil }
        guard range.contains(number) else {
            add(path(key), "must be \(description) from \(range.lowerBound.plainText) to \(range.upperBound.plainText)")
            return nil
        }
        return number
    }

    /// A whole-number member within `range`.
    public mutating func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let value = members[key], value != .null else {
            if required { add(path(key), "is required") }
            return nil
        }
        guard let number = value.numberValue, number.rounded() == number,
              number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            add(path(key), "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return Int(number)
    }

    /// A boolean member.
    public mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        read(key, required: required, "true or false") { if case .bool(let value) = $0 { value } else { nil } }
    }

    /// An object member.
    public mutating func object(_ key: String, required: Bool = false) -> [String: JSONValue]? {
        read(key, required: required, "an object") { $0.objectValue }
    }

    /// An array member.
    public mutating func array(_ key: String, required: Bool = false) -> [JSONValue]? {
        read(key, required: required, "an array") { $0.arrayValue }
    }

    /// A reader of an object member, or `nil` when it is absent or not an object (a problem then).
    public mutating func nested(_ key: String, required: Bool = false) -> JSONFieldReader? {
        object(key, required: required).map { JSONFieldReader($0, at: path(key)) }
    }

    private mutating func read<T>(_ key: String, required: Bool, _ expected: String, _ cast: (JSONValue) -> T?) -> T? {
        guard let value = members[key], value != .null else {
            if required { add(path(key), "is required") }
            return nil
        }
        guard let typed = cast(value) else {
            add(path(key), "must be \(expected), not \(value.typeName)")
            return nil
        }
        return typed
    }
}

/// Builds RFC 6901 JSON pointers.
public enum JSONPointer {
    /// `base` extended by one reference token, escaping `~` and `/`.
    public static func appending(_ base: String, _ token: String) -> String {
        base + "/" + token.replacingLiteral("~", with: "~0").replacingLiteral("/", with: "~1")
    }

    /// `base` extended by an array index.
    public static func appending(_ base: String, _ index: Int) -> String {
        base + "/" + String(index)
    }
}
