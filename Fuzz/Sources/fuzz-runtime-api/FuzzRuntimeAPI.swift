import Foundation
import FuzzSupport
@testable import LambdaRuntime
@testable import SequencerHTTP

// The Runtime API response parser: the header lines libcurl hands to our callback
// (`HTTPHeaderLine`, folded into a response as `CurlHTTPClient` does) and the reading of
// `/invocation/next`'s answer (`RuntimeAPIClient.nextResult(from:)`).
//
// Properties: a line is a status line exactly when it starts with `HTTP/`, a field exactly when it
// has a colon otherwise; a field's name is the text before the first colon in ASCII lower case and
// its value the text after it without surrounding white space; names are found whatever their
// case; an invocation comes exactly from a 200 with a non-empty request id, and carries the body,
// the request id and the deadline (0 when it is not an integer) unchanged.

/// libFuzzer's entry point. Input: two bytes of status, header lines (`\n`-terminated, as libcurl
/// passes them) up to a NUL, then the body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuntimeAPI(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let statusByte = input.byte()
    let status = statusByte < 128 ? 200 : Int(statusByte) * 4 + Int(input.byte() % 4)
    var headers: [String: String] = [:]
    for line in lines(input.part()) {
        switch parse(line) {
        case .statusLine: headers.removeAll()
        case .field(let name, let value): headers[name] = value
        case .other: break
        }
    }
    let response = HTTPResponse(status: status, headers: headers, body: Data(input.rest()))
    checkNext(response)
    return 0
}

/// The lines of a head as libcurl's header callback receives them: each with its `\n`.
private func lines(_ bytes: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var current: [UInt8] = []
    for byte in bytes {
        current.append(byte)
        if byte == UInt8(ascii: "\n") {
            result.append(current)
            current = []
        }
    }
    if !current.isEmpty { result.append(current) }
    return result
}

/// Parses one line and checks the result against the line's bytes.
private func parse(_ line: [UInt8]) -> HTTPHeaderLine {
    let parsed = line.withUnsafeBytes { HTTPHeaderLine($0) }
    let text = shown(String(decoding: line, as: UTF8.self))
    guard !line.starts(with: Array("HTTP/".utf8)) else {
        require(parsed == .statusLine, "\(text) is a status line, parsed as \(parsed)")
        return parsed
    }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
        require(parsed == .other, "\(text) has no colon, parsed as \(parsed)")
        return parsed
    }
    guard case .field(let name, let value) = parsed else { fail("\(text) is a field, parsed as \(parsed)") }
    let expectedName = String(decoding: line[..<colon].map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    require(name == expectedName, "\(text): name \(shown(name)), expected \(shown(expectedName))")
    let valueBytes = Array(line[(colon + 1)...].drop(while: HTTPHeaderLine.isSpace).reversed().drop(while: HTTPHeaderLine.isSpace).reversed())
    require(value == String(decoding: valueBytes, as: UTF8.self), "\(text): value \(shown(value))")
    return parsed
}

private func checkNext(_ response: HTTPResponse) {
    let requestID = response.headers["lambda-runtime-aws-request-id"]
    require(response.header("Lambda-Runtime-AWS-Request-ID") == requestID, "header lookup depends on case")
    switch RuntimeAPIClient.nextResult(from: response) {
    case .invocation(let invocation):
        require(response.status == 200, "an invocation from status \(response.status)")
        require(requestID?.isEmpty == false && invocation.requestID == requestID, "request id \(shown(invocation.requestID)) vs \(shown(requestID as Any))")
        require(invocation.event == response.body, "the event is not the body")
        let deadline = response.headers["lambda-runtime-deadline-ms"].flatMap { Int64($0) } ?? 0
        require(invocation.deadlineMilliseconds == deadline, "deadline \(invocation.deadlineMilliseconds), header \(shown(response.headers["lambda-runtime-deadline-ms"] as Any))")
        require(invocation.functionARN == response.headers["lambda-runtime-invoked-function-arn"] ?? "", "function ARN changed")
        require(invocation.traceID == response.headers["lambda-runtime-trace-id"], "trace id changed")
    case .refused(let status, let body):
        require(status == response.status && body == response.body, "a refusal changed the status or body")
        require(status != 200 || requestID?.isEmpty != false, "a 200 with request id \(shown(requestID as Any)) refused")
    }
}
