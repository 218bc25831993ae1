import AWS
import Foundation
import Testing

// Differential test: ~300 seeded random requests signed by SigV4Signer and by botocore's SigV4Auth
// (scripts/botocore-sign.py), which must agree on the canonical request, string to sign and
// Authorization header.
//
// What botocore's SigV4Auth does (botocore 1.43, auth.py), and so what the generator exercises:
// - path: `quote(normalize_url_path(path), safe='/~')`: dot segments and `//` removed, then every
//   byte but unreserved characters and `/` encoded, `%` included (the non-S3 double encoding);
// - query (given as params): name and value `quote(…, safe='-_.~')`, sorted by (name, value);
// - headers: every header but connection, expect, keep-alive, proxy-authenticate,
//   proxy-authorization, te, trailer, transfer-encoding, upgrade, user-agent and x-amzn-trace-id;
//   names lower-cased; `' '.join(value.split())`; repeated names joined with `,` in order; `host`
//   from the URL (lower case, default port dropped) when the request has none;
// - X-Amz-Date and X-Amz-Security-Token replaced; the payload hash is SHA-256 of the body.
//
// Where botocore and this signer differ on purpose (botocore and the AWS suites never disagree: botocore
// passes all 34 classic cases): dot segments. botocore (like aws-c-auth) drops empty segments before
// resolving `..` and drops the `/` after a final `.` or `..`; this signer applies RFC 3986 §5.2.4 first
// and collapses slashes after, because libcurl rewrites the path that way before sending it and AWS
// signs the path it receives. The generator therefore never produces a path ending in a dot segment or
// a `..` after an empty segment; `divergentPaths` lists such paths and checks both sides' known answers.
//
// Header values use only spaces and tabs as whitespace: Python's `str.split()` also splits on Unicode
// spaces (U+00A0, …), which HTTP header values do not carry.

@Suite("SigV4 against botocore")
struct SigV4BotocoreDifferentialTests {
    static let seed: UInt64 = 0x5167_5634_B07C_0DE5
    static let randomCaseCount = 300

    /// Paths where this signer and botocore differ by design: (path, this signer's canonical URI,
    /// botocore's canonical URI). The first two follow RFC 3986 and what libcurl sends.
    static let divergentPaths: [(path: String, ours: String, botocore: String)] = [
        ("/a/b/..", "/a/", "/a"),
        ("/a/.", "/a/", "/a"),
        ("/a/b//../c", "/a/b/c", "/a/c"),
        ("/a//./../b", "/a/b", "/b"),
    ]

    @Test("random requests: canonical request, string to sign and Authorization equal botocore's")
    func randomRequestsMatchBotocore() throws {
        var generator = RequestGenerator(seed: Self.seed)
        var cases = (0..<Self.randomCaseCount).map { generator.makeCase(index: $0) }
        let divergent = Self.divergentPaths.enumerated().map { index, entry in
            generator.makeCase(index: Self.randomCaseCount + index, fixedPath: entry.path)
        }
        cases += divergent

        let output = try Botocore.sign(cases)
        try #require(output.results.count == cases.count, "botocore returned \(output.results.count) results for \(cases.count) cases")

        var mismatches: [String] = []
        var matched = 0
        for (testCase, theirs) in zip(cases, output.results) {
            try #require(testCase.id == theirs.id)
            let ours = testCase.sign()
            if let divergence = Self.divergentPaths.first(where: { $0.path == testCase.path }) {
                checkDivergent(testCase, ours: ours, theirs: theirs, expected: divergence)
                continue
            }
            if ours.canonicalRequest == theirs.canonicalRequest, ours.stringToSign == theirs.stringToSign,
               ours.authorization == theirs.authorization {
                matched += 1
            } else {
                mismatches.append(testCase.report(ours: ours, theirs: theirs))
            }
        }
        #expect(matched == Self.randomCaseCount, "\(matched) of \(Self.randomCaseCount) random requests match botocore \(output.botocore) (seed \(Self.seed))")
        for mismatch in mismatches.prefix(10) {
            Issue.record("\(mismatch)")
        }
    }

    /// For a known divergence: the canonical URIs are the documented ones, and every other line of the
    /// canonical request is the same.
    private func checkDivergent(_ testCase: DifferentialCase, ours: SigningDetails, theirs: Botocore.Result,
                                expected: (path: String, ours: String, botocore: String)) {
        let ourLines = ours.canonicalRequest.components(separatedBy: "\n")
        let theirLines = theirs.canonicalRequest.components(separatedBy: "\n")
        #expect(ourLines[1] == expected.ours, "our canonical URI for \(expected.path)")
        #expect(theirLines[1] == expected.botocore,
                "botocore's canonical URI for \(expected.path) changed; revisit divergentPaths")
        expectSameText(ourLines.dropFirst(2).joined(separator: "\n"), theirLines.dropFirst(2).joined(separator: "\n"),
                       "\(testCase.id) (\(expected.path)): canonical request after the URI, botocore's expected")
    }

    /// The generator must keep producing every input shape the comparison is meant to cover.
    @Test("the generated requests cover every input shape")
    func generatorCoverage() {
        var generator = RequestGenerator(seed: Self.seed)
        let cases = (0..<Self.randomCaseCount).map { generator.makeCase(index: $0) }
        let counts = RequestGenerator.coverage(cases)
        let thin = counts.filter { $0.value < 10 }
        #expect(thin.isEmpty, "too few cases of \(thin.keys.sorted()); all counts: \(counts.sorted { $0.key < $1.key })")
    }
}

// MARK: - Cases

/// One generated request, in the JSON form scripts/botocore-sign.py reads (extra fields are ignored there).
struct DifferentialCase: Codable {
    var id: String
    var service: String
    var region: String
    /// `yyyyMMdd'T'HHmmss'Z'`, formatted by Foundation (not by the signer).
    var timestamp: String
    var unixTime: Int
    var accessKey: String
    var secretKey: String
    var sessionToken: String?
    var method: String
    var scheme: String
    var host: String
    var port: Int?
    /// As sent: may hold escapes, reserved characters, raw spaces and raw UTF-8.
    var path: String
    var url: String
    var query: [[String]]
    var headers: [[String]]
    var bodyBase64: String

    enum CodingKeys: String, CodingKey {
        case id, service, region, timestamp, method, scheme, host, port, path, url, query, headers
        case unixTime = "unix_time", accessKey = "access_key", secretKey = "secret_key"
        case sessionToken = "session_token", bodyBase64 = "body_base64"
    }

    func sign() -> SigningDetails {
        var request = SignableRequest(
            method: method, scheme: scheme, host: host, port: port, path: path,
            queryItems: query.map { .init(name: $0[0], value: $0[1]) },
            headers: headers.map { (name: $0[0], value: $0[1]) },
            body: Data(base64Encoded: bodyBase64)!)
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey,
                                                             sessionToken: sessionToken),
                                 region: region, service: service)
        return signer.sign(&request, date: Date(timeIntervalSince1970: TimeInterval(unixTime)))
    }

    func report(ours: SigningDetails, theirs: Botocore.Result) -> String {
        var lines = ["\(id): \(method) \(url) query \(query) headers \(headers.map { "\($0[0]): \($0[1].debugDescription)" })"]
        if ours.canonicalRequest != theirs.canonicalRequest {
            lines.append("canonical request (- botocore, + ours):\n"
                + LineDiff.render(expected: theirs.canonicalRequest, actual: ours.canonicalRequest))
        }
        if ours.stringToSign != theirs.stringToSign {
            lines.append("string to sign (- botocore, + ours):\n"
                + LineDiff.render(expected: theirs.stringToSign, actual: ours.stringToSign))
        }
        if ours.authorization != theirs.authorization {
            lines.append("authorization: botocore \(theirs.authorization), ours \(ours.authorization ?? "nil")")
        }
        return lines.joined(separator: "\n")
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator, so every run makes the same cases.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random requests over the inputs that matter to canonicalization.
struct RequestGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(state: seed) }

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

// MARK: - botocore

/// Runs scripts/botocore-sign.py.
enum Botocore {
    struct Output: Decodable {
        var botocore: String
        var results: [Result]
    }

    struct Result: Decodable {
        var id: String
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String

        enum CodingKeys: String, CodingKey {
            case id, authorization
            case canonicalRequest = "canonical_request", stringToSign = "string_to_sign"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func sign(_ cases: [DifferentialCase]) throws -> Output {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sigv4-differential-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let casesFile = directory.appendingPathComponent("cases.json")
        let errorFile = directory.appendingPathComponent("stderr.txt")
        try JSONEncoder().encode(cases).write(to: casesFile)
        try Data().write(to: errorFile)

        let script = TestPaths.repositoryRoot.appendingPathComponent("scripts/botocore-sign.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, casesFile.path]
        process.currentDirectoryURL = TestPaths.repositoryRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""

        switch process.terminationStatus {
        case 0:
            return try JSONDecoder().decode(Output.self, from: data)
        case 3:
            let ci = ProcessInfo.processInfo.environment["CI"] == "true"
            throw Failure(description: """
                botocore is required for the SigV4 differential test and python3 cannot import it\
                \(ci ? " on this CI runner: install it in the workflow (python3 -m pip install botocore)" : ": python3 -m pip install botocore").
                \(stderr)
                """)
        case 127:
            throw Failure(description: "python3 was not found on PATH; the SigV4 differential test needs python3 with botocore.\n\(stderr)")
        default:
            throw Failure(description: "\(script.path) exited with status \(process.terminationStatus):\n\(stderr)")
        }
    }
}
