import Foundation
import SequencerCore
import Testing

/// The rules the CLI applies to what a user writes, before anything reaches the database:
/// numbers a double cannot keep, identifiers, and the files they come in.
struct ExactIntegerTests {
    @Test("integers beyond ±(2^53 − 1) are refused with their JSON pointer", arguments: [
        (#"{"data": {"n": 9007199254740993}}"#, "/data/n", "9007199254740993"),
        (#"{"n": -9007199254740993}"#, "/n", "-9007199254740993"),
        (#"{"n": 9007199254740992}"#, "/n", "9007199254740992"),
        (#"{"a": [1, {"x": 1e300}]}"#, "/a/1/x", "1e300"),
        (#"{"a/b": {"~": 18446744073709551616}}"#, "/a~1b/~0", "18446744073709551616"),
        ("12345678901234567890", "", "12345678901234567890"),
    ])
    func refused(_ text: String, _ pointer: String, _ written: String) {
        #expect {
            _ = try JSONValue(parsing: text, numbers: .exactIntegers)
        } throws: { error in
            let error = error as? JSONTextError
            return error?.pointer == pointer
                && error?.description == "\(pointer.isEmpty ? "/" : pointer): \(written) is beyond ±(2^53 − 1) and cannot be kept exactly"
        }
    }

    @Test func safeIntegersAndFractionsAreKept() throws {
        let value = try JSONValue(parsing: #"{"max": 9007199254740991, "min": -9007199254740991, "f": 0.1, "e": 1e15}"#, numbers: .exactIntegers)
        #expect(value == ["max": 9_007_199_254_740_991, "min": -9_007_199_254_740_991, "f": 0.1, "e": 1e15])
    }

    /// The default stays JavaScript's `JSON.parse`: stored data, wire messages and the corpora.
    @Test func theDefaultReadsTheNearestDouble() throws {
        #expect(try JSONValue(parsing: #"{"n": 9007199254740993}"#)["n"] == .number(9_007_199_254_740_992))
        #expect(try JSONValue(parsing: Data(#"[1e300]"#.utf8)) == [.number(1e300)])
    }

    @Test func syntaxErrorsHaveNoPointer() {
        #expect {
            _ = try JSONValue(parsing: #"{"a": [1, tru]}"#, numbers: .exactIntegers)
        } throws: { error in
            (error as? JSONTextError)?.pointer == nil && "\(error)".hasPrefix("invalid JSON at line 1, column 11")
        }
    }
}

struct IdentifierRuleTests {
    @Test("refused", arguments: [
        ("", "must not be empty"),
        ("   ", "must not be blank"),
        ("\u{3000}", "must not be blank"),
        (" u-1", "must not start or end with white space"),
        ("u-1\u{00A0}", "must not start or end with white space"),
        ("a\nb", "must not contain control characters or line breaks (U+000A at character 2)"),
        ("\t", "must not contain control characters or line breaks (U+0009 at character 1)"),
        ("a\u{7F}", "must not contain control characters or line breaks (U+007F at character 2)"),
        ("a\u{85}", "must not contain control characters or line breaks (U+0085 at character 2)"),
        ("a\u{2028}b", "must not contain control characters or line breaks (U+2028 at character 2)"),
        (String(repeating: "x", count: 201), "must be at most 200 characters (it has 201)"),
        // Counted in Unicode scalars as PostgreSQL's length() counts them: 2 per "é" here.
        (String(repeating: "e\u{301}", count: 101), "must be at most 200 characters (it has 202)"),
    ])
    func refused(_ text: String, _ reason: String) {
        #expect(IdentifierRule.problem(text) == reason)
    }

    @Test("accepted", arguments: ["u-1", "Ann Smith", "ann@example.com", "Zoë 😀", String(repeating: "x", count: 200)])
    func accepted(_ text: String) {
        #expect(IdentifierRule.problem(text) == nil)
    }

    /// As `sequencer.identifier_problem`: absent is a problem only when required; not a string is one.
    @Test func jsonMembers() {
        #expect(IdentifierRule.problem(nil, required: true) == "is required")
        #expect(IdentifierRule.problem(.null, required: false) == nil)
        #expect(IdentifierRule.problem(7, required: false) == "must be a string, not number")
        #expect(IdentifierRule.problem(" ", required: false) == "must not be blank")
        #expect(IdentifierRule.problem("u-1", required: true) == nil)
    }
}

struct InputFileTests {
    @Test func readsAWholeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID().uuidString)").path
        let bytes = Data((0..<200_000).map { UInt8($0 % 251) })
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try InputFile.contents(of: path) == bytes)
    }

    @Test func namesWhatIsWrong() {
        let missing = "/nonexistent-\(UUID().uuidString)/x.json"
        #expect(throws: InputFileError(path: missing, code: .noSuchFile)) { try InputFile.contents(of: missing) }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: InputFileError(path: directory, code: .isDirectory)) { try InputFile.contents(of: directory) }
        #expect(InputFileError(path: missing, code: .noSuchFile).description == "\(missing): no such file")
        #expect(InputFileError(path: directory, code: .isDirectory).description == "\(directory): is a directory")
    }

    /// The tests run as root, which may read any file: the mapping is checked from `errno`.
    @Test func permissionDeniedAndOtherErrnos() {
        #expect(InputFileError(path: "f", errno: EACCES).description == "f: permission denied")
        #expect(InputFileError(path: "f", errno: EPERM).code == .permissionDenied)
        #expect(InputFileError(path: "f", errno: ENOTDIR).code == .noSuchFile)
        #expect(InputFileError(path: "f", errno: EISDIR).code == .isDirectory)
        #expect(InputFileError(path: "f", errno: ELOOP).description == "f: too many levels of symbolic links")
    }
}

/// The split `--now` narrows: what `Moment.parseISO8601` reads, unchanged.
struct ISO8601YearAndOffsetTests {
    @Test(arguments: [
        ("2026-12-01T09:00:00Z", 2026, 0),
        ("0000-01-01T00:00:00Z", 0, 0),
        ("2026-01-01T00:00:00+25:00", 2026, 1500),
        ("2026-01-01T00:00:00-1830", 2026, -1110),
        ("+010000-01-01", 10000, nil),
        ("2026-W01-1", 2025, nil),
    ] as [(String, Int, Int?)])
    func split(_ text: String, _ year: Int, _ offset: Int?) throws {
        let fields = try #require(Moment.iso8601YearAndOffset(text))
        #expect(fields.year == year && fields.offsetMinutes == offset)
        #expect(Moment.parseISO8601(text, defaultTimeZone: .gmt) != nil)
    }

    @Test func whatTheParserRefusesHasNoFields() {
        #expect(Moment.iso8601YearAndOffset("yesterday") == nil)
        #expect(Moment.iso8601YearAndOffset("2026-02-30") == nil)
    }
}
