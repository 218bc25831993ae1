#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Swift task runners built into this program (`Sequencer.main(runners:)`), by name.
///
/// Definitions are read against it: when a sequence is applied, a step's `runner` that is neither
/// built in nor a Lambda function must name one of these, and its config must pass the runner's
/// ``TaskRunner/validate(config:)``. Stored definitions are read with ``storedDefinitions``,
/// which accepts any such name, so a program built without a runner still reads the sequences
/// that use it; the tick then keeps runners at those steps (history `kept`, naming the runner).
public struct TaskRunnerRegistry: Sendable {
    private let runners: [String: any TaskRunner]
    /// Whether a name with no runner is accepted (stored definitions).
    let acceptsAnyName: Bool

    /// No Swift task runners: the default, and what `sequencer` and `bootstrap` built from this
    /// repository have.
    public static let none = TaskRunnerRegistry(checked: [:], acceptsAnyName: false)

    /// For definitions already applied: any well-formed name is a Swift task runner, found or not.
    public static let storedDefinitions = TaskRunnerRegistry(checked: [:], acceptsAnyName: true)

    /// - Throws: ``TaskRunnerRegistryError`` for a malformed name, a built-in's or a handler's
    ///   name, or two runners with one name.
    public init(_ runners: [any TaskRunner]) throws(TaskRunnerRegistryError) {
        var byName: [String: any TaskRunner] = [:]
        for runner in runners {
            if let problem = Self.problem(with: runner.name) { throw TaskRunnerRegistryError(name: runner.name, reason: problem) }
            guard byName[runner.name] == nil else {
                throw TaskRunnerRegistryError(name: runner.name, reason: "two task runners have this name")
            }
            byName[runner.name] = runner
        }
        self.init(checked: byName, acceptsAnyName: false)
    }

    private init(checked runners: [String: any TaskRunner], acceptsAnyName: Bool) {
        self.runners = runners
        self.acceptsAnyName = acceptsAnyName
    }

    /// The runner named `name`, if built in.
    public func runner(named name: String) -> (any TaskRunner)? { runners[name] }

    /// The names, sorted.
    public var names: [String] { runners.keys.sorted() }

    /// Names the Lambda bootstrap's handlers take besides task runners.
    public static let reservedNames: Set<String> = ["tick", "api"]

    /// Why `name` cannot be a Swift task runner's name, or `nil` when it can.
    static func problem(with name: String) -> String? {
        if BuiltinRunner(rawValue: name) != nil { return "is a built-in task runner's name" }
        if reservedNames.contains(name.lowercased()) || BuiltinRunner.allCases.contains(where: { $0.rawValue.lowercased() == name.lowercased() }) {
            return "is taken by a Lambda handler (_HANDLER is matched without case)"
        }
        guard SequenceDefinition.isValidName(name), name.first?.isLetter == true else {
            return "must be 1–100 characters of A–Z a–z 0–9 . _ -, starting with a letter"
        }
        return nil
    }
}

/// A Swift task runner that cannot be built in, with the reason.
public struct TaskRunnerRegistryError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "task runner \"\(name)\" \(reason)" }
}
