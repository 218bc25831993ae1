import Foundation
import SequencerCore
import Testing

/// The committed differential corpus (`Fixtures/differential-corpus.jsonl`, made by
/// `Tests/reference/differential.js` with the real lodash 4.17 and moment-timezone): every case
/// run through ``StepEvaluation``, the code path of `sequencer eval`. Needs no node.
@Suite("Differential corpus (lodash, moment)")
struct DifferentialCorpusTests {
    /// One line of the corpus: its 1-based line number, the line and its `expected` member.
    struct Case: Sendable {
        var line: Int
        var input: JSONValue
        var expected: [String: JSONValue]
        var runner: String
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/differential-corpus.jsonl")

    static func loadCases(from url: URL = fixtureURL) throws -> [Case] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var cases: [Case] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let input = try JSONValue(parsing: line)
            cases.append(Case(line: index + 1, input: input, expected: input["expected"]?.objectValue ?? [:],
                              runner: input["step"]?["runner"]?.stringValue ?? "?"))
        }
        return cases
    }

    /// Why the answer does not meet the expectation, or `nil` when it does.
    static func mismatch(_ answer: JSONValue, expected: [String: JSONValue]) -> String? {
        if let pointer = expected["pointer"] {
            // Refused at apply time: an error object naming the field.
            guard answer["error"] != nil, answer["action"] == nil, answer["pointer"] == pointer else {
                return "expected a refusal at \(pointer.jsonText), got \(answer.jsonText)"
            }
            return nil
        }
        if answer["action"] != expected["action"] {
            return "expected action \(expected["action"]?.jsonText ?? "-"), got \(answer.jsonText)"
        }
        if let wakeAt = expected["wakeAt"], answer["wakeAt"] != wakeAt {
            return "expected wakeAt \(wakeAt.jsonText), got \(answer.jsonText)"
        }
        if (expected["error"] != nil) != (answer["error"] != nil) {
            return expected["error"] != nil ? "expected a runner error, got \(answer.jsonText)" : "unexpected error in \(answer.jsonText)"
        }
        return nil
    }

    @Test("the corpus covers every runner with 2,000+ cases")
    func coverage() throws {
        let cases = try Self.loadCases()
        #expect(cases.count >= 2000)
        let runners = Set(cases.map(\.runner))
        #expect(runners.isSuperset(of: ["Conditional", "Goal", "WaitForDuration", "WaitForDateComparison", "WaitForDate"]))
        #expect(cases.allSatisfy { !$0.expected.isEmpty }, "every case has an expectation")
    }

    @Test("Sequencer answers as the real libraries do", arguments: ["Conditional", "Goal", "WaitForDuration", "WaitForDateComparison", "WaitForDate"])
    func agrees(runner: String) throws {
        let cases = try Self.loadCases().filter { $0.runner == runner }
        #expect(!cases.isEmpty)
        var mismatches: [String] = []
        for testCase in cases {
            let answer = StepEvaluation.evaluate(line: testCase.input)
            if let reason = Self.mismatch(answer, expected: testCase.expected) {
                mismatches.append("line \(testCase.line): \(reason); config \(testCase.input["step"]?["config"]?.jsonText ?? "-")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) \(runner) cases differ:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }
}
