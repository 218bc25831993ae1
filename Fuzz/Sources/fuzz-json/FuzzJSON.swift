import Foundation
import FuzzSupport
import SequencerCore

// The strict JSON parser (`JSONValue(parsing:)`) and the writer (`jsonText`).
//
// Properties: the three entry points (Data, String, UTF-8 buffer) agree; a parsed value written
// and parsed again is the same value, and its text is a fixed point of write ∘ parse; every
// refusal names a position inside the text.

/// libFuzzer's entry point: one input, the JSON text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let bytes = input.rest()
    let fromData = Result { () throws(JSONTextError) in try JSONValue(parsing: Data(bytes)) }
    let fromBuffer = bytes.withUnsafeBufferPointer { buffer in
        Result { () throws(JSONTextError) in try JSONValue(parsingUTF8: buffer) }
    }
    requireSameOutcome(fromData, fromBuffer, "Data and UTF-8 buffer")
    if let text = String(validating: bytes, as: UTF8.self) {
        requireSameOutcome(fromData, Result { () throws(JSONTextError) in try JSONValue(parsing: text) }, "Data and String")
    }
    switch fromData {
    case .success(let value): checkRoundTrip(value)
    case .failure(let error): checkError(error, in: bytes)
    }
    return 0
}

/// The written text parses back to the same value and is written again byte for byte.
private func checkRoundTrip(_ value: JSONValue) {
    let text = value.jsonText
    let reparsed: JSONValue
    do {
        reparsed = try JSONValue(parsing: text)
    } catch {
        fail("written JSON does not parse: \(error); text \(shown(text))")
    }
    require(reparsed == value, "round trip changed the value: \(shown(value)) → \(shown(reparsed))")
    require(reparsed.jsonText == text, "write is not a fixed point: \(shown(text)) → \(shown(reparsed.jsonText))")
}

/// A refusal names a line and column inside the text.
private func checkError(_ error: JSONTextError, in bytes: [UInt8]) {
    let lines = bytes.count { $0 == UInt8(ascii: "\n") } + 1
    require(error.line >= 1 && error.line <= lines, "error line \(error.line) outside 1…\(lines): \(error)")
    require(error.column >= 1 && error.column <= bytes.count + 1, "error column \(error.column) outside the text: \(error)")
    require(!error.reason.isEmpty, "an error without a reason")
}

private func requireSameOutcome(_ a: Result<JSONValue, JSONTextError>, _ b: Result<JSONValue, JSONTextError>,
                                _ what: String) {
    switch (a, b) {
    case (.success(let x), .success(let y)):
        require(x == y, "\(what) parse to different values: \(shown(x)) vs \(shown(y))")
    case (.failure(let x), .failure(let y)):
        require(x.description == y.description, "\(what) refuse differently: \(x) vs \(y)")
    default:
        fail("\(what) disagree: \(a) vs \(b)")
    }
}
