import AWS
import Foundation
import Testing

/// Where the test data lives: the AWS SigV4 suite in `Tests/AWSTests/Fixtures/aws-sigv4-suite`
/// (provenance in its SOURCE.md), found from this file's path
/// (`<repo>/Tests/AWSTests/SigV4TestSupport.swift`).
enum TestPaths {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AWSTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let sigV4Suite: URL = repositoryRoot
        .appendingPathComponent("Tests/AWSTests/Fixtures/aws-sigv4-suite", isDirectory: true)

    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}

/// The request and fixed parameters both AWS suites share (SOURCE.md, "Fixed parameters").
enum SuiteConstants {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"
    /// 2015-08-30T12:36:00Z.
    static let date = utcDate(2015, 8, 30, 12, 36, 0)

    /// A UTC instant from its parts, through Foundation's calendar (independent of the signer's own
    /// date arithmetic).
    static func utcDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components)!
    }

    /// `yyyyMMdd'T'HHmmss'Z'` (vectors.json) or `yyyy-MM-dd'T'HH:mm:ss'Z'` (context.json).
    static func parseTimestamp(_ text: String) -> Date? {
        let digits = text.filter(\.isNumber)
        guard digits.count == 14, text.hasSuffix("Z") else { return nil }
        func part(_ offset: Int, _ length: Int) -> Int {
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return Int(digits[start..<digits.index(start, offsetBy: length)])!
        }
        return utcDate(part(0, 4), part(4, 2), part(6, 2), part(8, 2), part(10, 2), part(12, 2))
    }
}

/// A raw HTTP/1.1 request as the suites write it (`.req`, `request.txt`): a request line whose target
/// is the path as sent (raw spaces and UTF-8 allowed), `Name:value` header lines, continuation lines
/// starting with whitespace (kept in the value with their line break), a blank line, the body.
enum RawRequestParser {
    static func parse(_ text: String) throws -> SignableRequest {
        let (head, body) = split(text)
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
              firstSpace < lastSpace else {
            throw ParseError(message: "bad request line: \(requestLine)")
        }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])

        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw ParseError(message: "continuation line before any header") }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError(message: "bad header line: \(line)") }
            headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
        guard let host = headers.first(where: { $0.name.lowercased() == "host" })?.value else {
            throw ParseError(message: "no Host header")
        }
        let (path, query) = splitTarget(target)
        return SignableRequest(method: method, host: host, path: path, queryItems: query, headers: headers,
                               body: Data(body.utf8))
    }

    /// The path and the decoded query items of a request target.
    static func splitTarget(_ target: String) -> (String, [SignableRequest.QueryItem]) {
        guard let question = target.firstIndex(of: "?") else { return (target, []) }
        let items = target[target.index(after: question)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return SignableRequest.QueryItem(name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
        return (String(target[..<question]), items)
    }

    private static func decode(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }

    private static func split(_ text: String) -> (head: String, body: String) {
        guard let blank = text.range(of: "\n\n") else { return (text, "") }
        return (String(text[..<blank.lowerBound]), String(text[blank.upperBound...]))
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// A readable line diff (`-` expected, `+` actual) for multi-line texts such as canonical requests.
enum LineDiff {
    static func render(expected: String, actual: String) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        // Longest common subsequence table, from the end.
        var lcs = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lcs[i][j] = old[i] == new[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                out.append("  " + visible(old[i])); i += 1; j += 1
            } else if i < old.count, j == new.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                out.append("- " + visible(old[i])); i += 1
            } else {
                out.append("+ " + visible(new[j])); j += 1
            }
        }
        return out.joined(separator: "\n")
    }

    /// The line, quoted with escapes when it holds tabs, carriage returns or trailing spaces.
    private static func visible(_ line: String) -> String {
        let needsQuoting = line.contains("\t") || line.contains("\r") || line.hasSuffix(" ")
        return needsQuoting ? line.debugDescription : line
    }
}

/// Records an issue with a line diff when `actual` is not `expected`.
func expectSameText(_ actual: String, _ expected: String, _ what: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual != expected else { return }
    Issue.record("\(what) differs (- expected, + actual):\n\(LineDiff.render(expected: expected, actual: actual))",
                 sourceLocation: sourceLocation)
}
