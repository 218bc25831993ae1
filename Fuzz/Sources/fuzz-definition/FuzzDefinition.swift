import Foundation
import FuzzSupport
import SequencerCore

// Sequence definition parsing and validation (`SequenceDefinition.parse`), from JSON text.
//
// Properties: parsing is deterministic, problems included (two parses of the same text, through
// two separately built values, give the same problems in the same order); a refusal lists at
// least one problem, each with a JSON pointer; an accepted definition is consistent: unique step
// keys, a start that exists, every `next`, `altNext` and GoTo target a step of the definition,
// and each step's Lambda runner allowed.

/// libFuzzer's entry point. Input: one byte choosing the Lambda allow-list, then the JSON text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDefinition(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let allowList = input.byte()
    let bytes = input.rest()
    guard let first = try? JSONValue(parsing: Data(bytes)), let second = try? JSONValue(parsing: Data(bytes)) else {
        return 0
    }
    // Allow-list: everything, nothing, or names of even length (so both answers occur).
    let isAllowed: (String) -> Bool = { name in allowList % 3 == 0 || (allowList % 3 == 1 && name.count % 2 == 0) }
    let a = Result { () throws(DefinitionError) in try SequenceDefinition.parse(first, isAllowedLambda: isAllowed) }
    let b = Result { () throws(DefinitionError) in try SequenceDefinition.parse(second, isAllowedLambda: isAllowed) }
    switch (a, b) {
    case (.success(let x), .success(let y)):
        require(x == y, "two parses of one text differ")
        checkConsistent(x, isAllowed: isAllowed)
    case (.failure(let x), .failure(let y)):
        require(x.problems == y.problems, "problems differ between two parses:\n\(x)\n---\n\(y)")
        require(!x.problems.isEmpty, "a refusal without a problem")
        for problem in x.problems {
            require(problem.pointer.isEmpty || problem.pointer.hasPrefix("/"), "not a JSON pointer: \(problem)")
            require(!problem.reason.isEmpty, "a problem without a reason at \(problem.pointer)")
        }
    default:
        fail("one text both accepted and refused: \(a) vs \(b)")
    }
    return 0
}

/// The invariants an accepted definition guarantees the engine.
private func checkConsistent(_ definition: SequenceDefinition, isAllowed: (String) -> Bool) {
    let keys = definition.steps.map(\.key)
    require(Set(keys).count == keys.count, "duplicate step keys accepted: \(keys)")
    require(definition.step(definition.start) != nil, "start \(definition.start) is not a step")
    for step in definition.steps {
        require(definition.step(step.key) == step, "step(\(step.key)) does not find its step")
        for target in [step.next, step.altNext].compactMap({ $0 }) {
            require(definition.step(target) != nil, "step \(step.key) links to missing \(target)")
        }
        switch step.runner {
        case .builtin(let kind):
            require(step.builtin != nil, "built-in step \(step.key) (\(kind)) without a parsed config")
            if case .goTo(let target)? = step.builtin {
                require(definition.step(target) != nil, "GoTo \(step.key) targets missing \(target)")
            }
        case .lambda(let function):
            require(step.builtin == nil, "Lambda step \(step.key) with a built-in config")
            require(isAllowed(function), "Lambda \(function) accepted outside the allow-list")
        case .swift(let name):
            require(step.builtin == nil, "Swift task runner step \(step.key) (\(name)) with a built-in config")
        }
    }
}
