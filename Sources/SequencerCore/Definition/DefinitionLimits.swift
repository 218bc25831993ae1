#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How large a sequence definition may be, checked when it is applied (`sequencer sequences
/// apply` passes them to ``SequenceDefinition/parse(_:isAllowedLambda:limits:)`` and checks the
/// file's size), which refuses a larger one naming the limit. Configured in the configuration
/// file's `limits` section (`definitionBytes`, `definitionSteps`). Definitions already stored are
/// read without limits, so lowering a limit never stops runners on an older, larger definition.
///
/// A definition is stored whole in `sequencer.sequences`, loaded by every tick that meets a
/// runner on it, and its steps are checked for loops when applied: the limits keep all of that
/// cheap, far above what a campaign needs.
public struct DefinitionLimits: Sendable, Hashable {
    /// Bytes of the definition file. Default 1,048,576 (1 MiB).
    public var bytes: Int
    /// Steps in `steps`. Default 500.
    public var steps: Int

    /// Limits of `bytes` bytes per definition file and `steps` steps (the defaults are the configuration's).
    public init(bytes: Int = 1_048_576, steps: Int = 500) {
        self.bytes = bytes
        self.steps = steps
    }

    /// Checks the size of a definition file before it is parsed.
    /// - Parameter byteCount: the file's size in bytes.
    /// - Throws: `DefinitionError` with one problem at the document's root (pointer `""`).
    public func check(byteCount: Int) throws(DefinitionError) {
        guard byteCount > bytes else { return }
        throw DefinitionError(sequence: nil, problems: [
            FieldProblem(pointer: "", reason: "the definition is \(byteCount) bytes, more than the limit of \(bytes) (limits.definitionBytes)"),
        ])
    }

    /// The problem of a definition with `count` steps, or `nil`.
    func stepsProblem(_ count: Int) -> FieldProblem? {
        guard count > steps else { return nil }
        return FieldProblem(pointer: "/steps", reason: "has \(count) steps, more than the limit of \(steps) (limits.definitionSteps)")
    }
}
