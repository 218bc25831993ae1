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
// Where botocore and this signer differ on purpose: dot segments, on which the AWS suites are silent
// (botocore agrees with all 34 classic cases when their .req files are fed to SigV4Auth, and the
// service vectors come from botocore). botocore (like aws-c-auth) drops empty segments before
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
    /// botocore's canonical URI). Ours are RFC 3986 §5.2.4 plus slash collapsing, which is what libcurl
    /// sends (curl 7.88 sends `/a/b/..` as `/a/`) and so what AWS receives and signs.
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
