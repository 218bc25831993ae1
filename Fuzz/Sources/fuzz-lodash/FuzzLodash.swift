import Foundation
import FuzzSupport
import SequencerCore

// lodash paths (`LodashPath`) and predicates (`LodashCommand.evaluate`).
//
// Properties: `_.get` gives the same value through `LodashPath.get`, a `Getter` on the JSON root
// and a `Getter` on a `RunnerSnapshot` (which never builds the runner object); parsing a path is
// deterministic and never yields more keys than the path has code units plus one; the predicates
// never trap and keep lodash's algebra: `isEqual` and `isMatch` are reflexive, `isEqual` is
// symmetric, `gt`/`lt` never both hold, `gte(a, b) == lte(b, a)`, `eq` implies `isEqual`,
// `isNil` implies `isEmpty`.

/// libFuzzer's entry point. Input: a path, a NUL, a second JSON operand, a NUL, then the runner's
/// data as JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLodash(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let path = input.text()
    let other = try? JSONValue(parsing: Data(input.part()))
    let runnerData = (try? JSONValue(parsing: Data(input.rest()))) ?? .object([:])
    checkPath(path, runnerData: runnerData)
    let value = LodashPath.get(.object(["data": runnerData]), path) ?? runnerData
    checkCommands(value, other)
    checkCommands(other, value)
    return 0
}

private func checkPath(_ path: String, runnerData: JSONValue) {
    let keys = LodashPath.parse(path)
    require(LodashPath.parse(path) == keys, "parsing \(shown(path)) is not deterministic")
    require(keys.count <= path.utf16.count + 1, "\(shown(path)) split into \(keys.count) keys")
    let snapshot = RunnerSnapshot(id: "u-1", data: .object(["data": runnerData]), sequence: "s", step: "k",
                                  stepEnteredAt: Date(timeIntervalSince1970: 1_767_776_400))
    let getter = LodashPath.Getter(path)
    let fromRoot = getter.value(in: snapshot.object)
    require(LodashPath.get(snapshot.object, path) == fromRoot, "get and Getter disagree on \(shown(path))")
    require(getter.value(in: snapshot) == fromRoot, "Getter on the snapshot and on its object disagree on \(shown(path))")
    let inData = LodashPath.get(runnerData, path)
    require(LodashPath.Getter(path).value(in: runnerData) == inData, "get and Getter disagree on \(shown(path)) in data")
}

private func checkCommands(_ a: JSONValue?, _ b: JSONValue?) {
    var results: [LodashCommand: Bool] = [:]
    for command in LodashCommand.allCases { results[command] = command.evaluate(a, b) }
    let what = "\(shown(a, limit: 120)), \(shown(b, limit: 120))"
    require(LodashCommand.isEqual.evaluate(a, a), "isEqual(a, a) is false for \(shown(a))")
    require(LodashCommand.isMatch.evaluate(a, a), "isMatch(a, a) is false for \(shown(a))")
    require(results[.isEqual] == LodashCommand.isEqual.evaluate(b, a), "isEqual is not symmetric: \(what)")
    require(!(results[.gt]! && results[.lt]!), "gt and lt both hold: \(what)")
    require(results[.gte] == LodashCommand.lte.evaluate(b, a), "gte(a, b) != lte(b, a): \(what)")
    if results[.eq]! { require(results[.isEqual]!, "eq without isEqual: \(what)") }
    if results[.isNil]! { require(results[.isEmpty]!, "isNil without isEmpty: \(what)") }
    for command in LodashCommand.allCases {
        require(command.evaluate(a, b) == results[command], "\(command) is not deterministic: \(what)")
    }
}
