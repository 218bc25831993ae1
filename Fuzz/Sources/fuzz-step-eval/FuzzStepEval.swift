import Foundation
import FuzzSupport
import SequencerCore

// One built-in step evaluated for one runner (`StepEvaluation.evaluate(text:)`): what
// `sequencer eval` does per line and what the task-runner Lambdas do per runner of an event, with
// the config, the runner's data (time zones, templated dates and addresses) and the clock fuzzed.
//
// Properties: the result is deterministic and is either an error `{"error", "pointer"}` with a
// JSON pointer, or an answer `{"id", "action"}` whose action is next, noop or altNext; a `noop`'s
// `wakeAt` is an ISO 8601 instant later than `now`; the result's JSON text parses back to it.

/// The clock used when the line has no `now` (the system clock would make runs differ).
let fixedNow = "2026-01-07T09:00:00Z"

/// libFuzzer's entry point. Input: one JSON line, as `sequencer eval` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStepEval(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    var bytes = Data(input.rest())
    if var line = try? JSONValue(parsing: bytes), case .object(var members) = line, members["now"] == nil {
        members["now"] = .string(fixedNow)
        line = .object(members)
        bytes = Data(line.jsonText.utf8)
    }
    let result = StepEvaluation.evaluate(text: bytes)
    require(StepEvaluation.evaluate(text: bytes) == result, "evaluation is not deterministic: \(shown(result))")
    require((try? JSONValue(parsing: result.jsonText)) == result, "the result's JSON does not read back: \(shown(result))")
    guard case .object(let answer) = result else { fail("the result is not an object: \(shown(result))") }
    if let error = answer["error"], answer["action"] == nil {
        require(error.stringValue?.isEmpty == false, "an error without a reason: \(shown(result))")
        let pointer = answer["pointer"]?.stringValue
        require(pointer == "" || pointer?.hasPrefix("/") == true, "an error without a JSON pointer: \(shown(result))")
        return 0
    }
    require(answer["id"]?.stringValue?.isEmpty == false, "an answer without an id: \(shown(result))")
    let action = answer["action"]?.stringValue
    require(["next", "noop", "altNext"].contains(action), "unknown action: \(shown(result))")
    if let wakeAt = answer["wakeAt"] {
        require(action == "noop", "wakeAt on a \(action ?? "?") answer: \(shown(result))")
        let now = (try? JSONValue(parsing: bytes))?["now"]?.stringValue.flatMap { Moment.parseISO8601($0, defaultTimeZone: .gmt) }
        guard let text = wakeAt.stringValue, let wake = Moment.parseISO8601(text, defaultTimeZone: .gmt) else {
            fail("wakeAt is not ISO 8601: \(shown(result))")
        }
        if let now { require(wake > now, "wakeAt \(text) is not after now: \(shown(result))") }
    }
    return 0
}
