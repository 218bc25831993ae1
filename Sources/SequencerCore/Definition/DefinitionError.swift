import Foundation

/// A sequence definition that was refused, with every problem found (not just the first).
///
/// Each problem names its place as a JSON pointer (RFC 6901) into the definition file, e.g.
/// `/steps/3/config/unit: "fortnight" is not a moment.js duration unit (expected one of …)`.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    /// One thing wrong with the definition.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// RFC 6901 JSON pointer to the offending value; `""` is the whole document.
        public var pointer: String
        /// Why it is refused, in words a user can act on.
        public var reason: String

        public init(pointer: String, reason: String) {
            self.pointer = pointer
            self.reason = reason
        }

        public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(reason)" }
    }

    /// The sequence's name when it could be read.
    public var sequence: String?
    /// Every problem, in document order.
    public var problems: [Problem]

    public init(sequence: String?, problems: [Problem]) {
        self.sequence = sequence
        self.problems = problems
    }

    public var description: String {
        let head = sequence.map { "sequence \"\($0)\" is invalid" } ?? "sequence definition is invalid"
        return ([head] + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}

/// Builds RFC 6901 JSON pointers.
enum JSONPointer {
    /// `base` extended by one reference token, escaping `~` and `/`.
    static func appending(_ base: String, _ token: String) -> String {
        base + "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func appending(_ base: String, _ index: Int) -> String {
        base + "/" + String(index)
    }
}

/// Collects problems while a definition is read, so all of them are reported at once.
struct ProblemList {
    private(set) var problems: [DefinitionError.Problem] = []

    mutating func add(_ pointer: String, _ reason: String) {
        problems.append(.init(pointer: pointer, reason: reason))
    }

    var isEmpty: Bool { problems.isEmpty }
}
