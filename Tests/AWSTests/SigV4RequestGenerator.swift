import AWS
import Foundation
import SequencerTestSupport

// Seeded random requests for SigV4BotocoreDifferentialTests: the inputs that matter to
// canonicalization, in the shapes botocore's SigV4Auth is the reference for.

/// Random requests over the inputs that matter to canonicalization.
struct RequestGenerator {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(state: seed) }

    static let services = ["lambda", "kms", "ses", "sns", "sts", "execute-api", "service"]
    static let regions = ["us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1", "cn-north-1"]
    static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
    /// Path segments: plain, reserved characters, escapes (upper and lower case hex, `%25`, an
    /// encoded slash), stray `%`, raw space and UTF-8, and dot segments.
    static let segments = [
        "2015-03-31", "functions", "my-fn", "invocations", "A_b.c~d", "v2", "email", "identities",
        "arn:aws:lambda:us-east-1:123456789012:function:f", "a+b", "it's", "(x)", "a,b;c=d", "$LATEST", "!*@&",
        "arn%3Aaws%3Alambda", "%2F", "a%20b", "%25", "%c3%a9", "%C3%BCser%2Btag%40example.com", "%7E", "100%", "%zz",
        "a b", "é", "ሴ", "😀", "naïve café", "ü+ö",
        ".", "..", "...", ".hidden",
    ]
    static let queryNames = ["Action", "a", "B", "select", "select-type", "Marker", "MaxItems", "Qualifier", "ü",
                             "k y", "", "with=eq", "a&b", "~tilde", "%41", "x/y", "Ünï", "A", "b"]
    static let queryValues = ["", "1", "2", "$LATEST", "a b", "a+b", "a%20b", "~-._", "*", "/path/x", "=&?#",
                              "é", "ሴ", "😀", "arn:aws:sns:us-east-1:123456789012:t", "value with  two spaces", "%", "%2B"]
    static let headerNames = ["Content-Type", "X-Amz-Target", "X-Custom", "x-custom", "X-CUSTOM", "X-Multi", "Accept",
                              "User-Agent", "X-Amzn-Trace-Id", "Expect", "Content-Length", "X-Amz-Invocation-Type",
                              "x-amz-meta-empty", "Cache-Control"]
    static let headerWords = ["application/x-amz-json-1.1", "Event", "a", "b c", "\"a   b   c\"", "z,y", "100-continue",
                              "Root=1-5759e988-bd862e3fe1be46a994272793", "no-cache", "42", "x=1; y=2"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    mutating func makeCase(index: Int, fixedPath: String? = nil) -> DifferentialCase {
        let service = pick(Self.services)
        let region = pick(Self.regions)
        let (scheme, host, port) = endpoint(service: service, region: region)
        let path = fixedPath ?? makePath()
        let unixTime = timestamp(index: index)
        var url = "\(scheme)://\(host)"
        if let port { url += ":\(port)" }
        url += path
        return DifferentialCase(
            id: "case-\(index)", service: service, region: region, timestamp: Self.format(unixTime),
            unixTime: unixTime, accessKey: "AKIA" + string(from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", count: 16),
            secretKey: string(from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", count: 40),
            sessionToken: chance(50) ? sessionToken() : nil,
            method: pick(Self.methods), scheme: scheme, host: host, port: port, path: path, url: url,
            query: makeQuery(), headers: makeHeaders(host: host, port: port, scheme: scheme),
            bodyBase64: makeBody().base64EncodedString())
    }

    mutating func endpoint(service: String, region: String) -> (String, String, Int?) {
        switch int(1...10) {
        case 1: ("http", "localhost", 4566)
        case 2: ("https", "\(service).\(region).amazonaws.com", 443)  // default port, dropped from Host
        case 3: ("http", "127.0.0.1", 80)
        case 4: ("http", "[::1]", 9000)
        case 5: ("https", "\(service.uppercased()).\(region).AmazonAWS.com", nil)  // Host is lower-cased
        default: ("https", "\(service).\(region).amazonaws.com", nil)
        }
    }

    /// An absolute path of 0–6 segments, maybe with empty segments and a trailing `/`, never one of the
    /// shapes listed in `divergentPaths` (a final dot segment, a `..` after an empty segment).
    mutating func makePath() -> String {
        while true {
            var segments: [String] = []
            for _ in 0..<int(0...6) {
                segments.append(chance(10) ? "" : pick(Self.segments))
            }
            if chance(25) { segments.append("") }  // trailing slash
            if let last = segments.last, last == "." || last == ".." { continue }
            if let dots = segments.lastIndex(of: ".."), segments[..<dots].contains("") { continue }
            return "/" + segments.joined(separator: "/")
        }
    }

    mutating func makeQuery() -> [[String]] {
        (0..<int(0...6)).map { _ in
            let name = pick(Self.queryNames)
            let value = chance(20) ? string(from: "aZ09-_.~ !$&'()*+,;=:@/?%é", count: int(0...8)) : pick(Self.queryValues)
            return [name, value]
        }
    }

    /// Header fields with odd whitespace (leading, trailing, inner runs of spaces and tabs), repeated
    /// names in different cases, empty values, unsigned names, and sometimes an explicit Host.
    mutating func makeHeaders(host: String, port: Int?, scheme: String) -> [[String]] {
        var headers: [[String]] = []
        if chance(15) {
            // An explicit Host is signed as given (both sides keep its case).
            headers.append(["Host", port.map { "\(host):\($0)" } ?? host])
        }
        for _ in 0..<int(0...6) {
            var value = pick(Self.headerWords)
            if chance(30) { value = whitespace() + value }
            if chance(30) { value += whitespace() }
            if chance(20) { value = value.replacingOccurrences(of: " ", with: whitespace() + " ") }
            if chance(5) { value = chance(50) ? "" : whitespace() }
            headers.append([pick(Self.headerNames), value])
        }
        return headers
    }

    mutating func whitespace() -> String {
        string(from: " \t", count: int(1...4))
    }

    mutating func sessionToken() -> String {
        string(from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=", count: int(20...400))
    }

    mutating func makeBody() -> Data {
        switch int(1...4) {
        case 1: Data()
        case 2: Data("{\"k\":\"\(string(from: "abc é😀", count: int(0...40)))\"}".utf8)
        case 3: Data("Action=Publish&Message=hello+world+%C3%A9&Version=2010-03-31".utf8)
        default: Data((0..<int(1...300)).map { _ in UInt8.random(in: 0...255, using: &random) })
        }
    }

    /// Seconds since 1970: a few edge instants (end of day, leap days, end of year), otherwise any
    /// second in 2000–2099.
    mutating func timestamp(index: Int) -> Int {
        let edges = [
            SuiteConstants.utcDate(2015, 8, 30, 23, 59, 59), SuiteConstants.utcDate(2000, 2, 29, 0, 0, 0),
            SuiteConstants.utcDate(2099, 12, 31, 23, 59, 59), SuiteConstants.utcDate(2024, 2, 29, 12, 0, 0),
            SuiteConstants.utcDate(2016, 1, 1, 0, 0, 0),
        ]
        if index < edges.count { return Int(edges[index].timeIntervalSince1970) }
        let start = Int(SuiteConstants.utcDate(2000, 1, 1, 0, 0, 0).timeIntervalSince1970)
        let end = Int(SuiteConstants.utcDate(2099, 12, 31, 23, 59, 59).timeIntervalSince1970)
        return int(start...end)
    }

    mutating func string(from alphabet: String, count: Int) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in pick(characters) })
    }

    /// How many cases have each input shape.
    static func coverage(_ cases: [DifferentialCase]) -> [String: Int] {
        func count(_ predicate: (DifferentialCase) -> Bool) -> Int { cases.filter(predicate).count }
        let unsigned: Set<String> = ["user-agent", "x-amzn-trace-id", "expect"]
        let segments = { (c: DifferentialCase) in c.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() }
        return [
            "session token": count { $0.sessionToken != nil },
            "no session token": count { $0.sessionToken == nil },
            "percent escape in path": count { $0.path.contains("%") },
            "reserved character in path": count { $0.path.contains { "!$&'()*+,;=:@".contains($0) } },
            "non-ASCII path": count { !$0.path.allSatisfy(\.isASCII) },
            "raw space in path": count { $0.path.contains(" ") },
            "dot segment": count { segments($0).contains { $0 == "." || $0 == ".." } },
            "empty segment": count { segments($0).dropLast().contains("") },
            "trailing slash": count { $0.path.count > 1 && $0.path.hasSuffix("/") },
            "repeated query name": count { Set($0.query.map { $0[0] }).count < $0.query.count },
            "empty query value": count { $0.query.contains { $0[1].isEmpty } },
            "non-ASCII query": count { !$0.query.flatMap { $0 }.joined().allSatisfy(\.isASCII) },
            "repeated header name": count { Set($0.headers.map { $0[0].lowercased() }).count < $0.headers.count },
            "header whitespace runs, tabs or padding": count { $0.headers.contains { $0[1].contains("\t") || $0[1].contains("  ") || $0[1].hasPrefix(" ") || $0[1].hasSuffix(" ") } },
            "empty header value": count { $0.headers.contains { CanonicalRequest.trimAll($0[1]).isEmpty } },
            "unsigned header": count { $0.headers.contains { unsigned.contains($0[0].lowercased()) } },
            "explicit Host": count { $0.headers.contains { $0[0] == "Host" } },
            "non-default port": count { $0.port != nil && $0.port != 443 && $0.port != 80 },
            "default port written": count { $0.port == 443 || $0.port == 80 },
            "upper-case host": count { $0.host != $0.host.lowercased() },
            "empty body": count { $0.bodyBase64.isEmpty },
        ]
    }

    static func format(_ unixTime: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixTime)))
    }
}
