#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A sequence definition that was refused, with every problem found (not just the first).
///
/// Each problem names its place as a JSON pointer (RFC 6901) into the definition file, e.g.
/// `/steps/3/config/unit: "fortnight" is not a moment.js duration unit (expected one of …)`.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    /// One thing wrong with the definition: its JSON pointer and the reason.
    public typealias Problem = FieldProblem

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
