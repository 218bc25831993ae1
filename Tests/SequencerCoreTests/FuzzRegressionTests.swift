import Foundation
import Testing
@testable import SequencerCore

// Inputs on which `scripts/fuzz` found a crash or a broken promise, decoded from the fuzz input
// (kept as-is in `Fuzz/corpus/<target>/crash-*`, which every fuzz run replays first). Each test
// fails on the code before its fix: a trap ends the test process, a broken promise fails `#expect`.

@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    private static let sitka = IANATimeZone(identifier: "America/Sitka")!

    /// `Fuzz/corpus/moment/crash-add-months-far-future-start`: 9 906 296 months added to an
    /// instant 3.7e19 s after 1970, far outside JavaScript's date range, overflowed `Int64`
    /// milliseconds in the calendar arithmetic and trapped. Such a date is invalid in moment, and
    /// so is the sum: `distantFuture`.
    @Test func addingMonthsToADateBeyondJavaScriptsRangeIsInvalidNotATrap() {
        let start = Date(timeIntervalSince1970: 3.689550152126909e19)
        #expect(Moment.add(9_906_296.064, .months, to: start, in: Self.sitka) == .distantFuture)
        #expect(Moment.add(2e8, .days, to: start, in: Self.sitka) == .distantFuture)
        #expect(Moment.add(0, .hours, to: start, in: .gmt) == .distantFuture)
    }

    /// `Fuzz/corpus/moment/crash-next-change-millisecond-imprecise-date`: 140 000 years before
    /// 1970 a `Date` cannot hold every millisecond, and the next millisecond boundary rounded back
    /// to the start itself, though `nextChange` promises a later instant.
    @Test func nextChangeIsLaterEvenWhereADateCannotHoldEveryMillisecond() {
        let start = Date(timeIntervalSince1970: Double(-4_446_935_465_000_322 as Int64) / 1000)
        for getter in [MomentGetter.millisecond, .second] {
            #expect(Moment.nextChange(of: getter, after: start, in: Self.sitka) > start)
        }
    }

    /// `Fuzz/corpus/template/crash-deeply-nested-sections`: 2 000 unclosed `{{#a}}` sections
    /// overflowed the stack in swift-mustache's recursive parser. Nesting is now limited to 100.
    @Test func deeplyNestedSectionsAreASyntaxErrorNotAStackOverflow() throws {
        for source in [String(repeating: "{{#a}}", count: 2_000),
                       String(repeating: "{{^a}}", count: 101) + String(repeating: "{{/a}}", count: 101),
                       "{{=<% %>=}}" + String(repeating: "<%#a%>", count: 150)] {
            #expect(throws: TemplateSyntaxError.self) { try TemplateString(source) }
        }
        let deepest = String(repeating: "{{#a}}", count: 100) + "x" + String(repeating: "{{/a}}", count: 100)
        #expect(try TemplateString(deepest).render(TemplateContext(["a": true])) == "x")
        let html = String(repeating: "<p>{{#a}}<b>{{a}}</b>{{/a}}</p>", count: 60)
        #expect(try TemplateString(html, escaping: .html).render(TemplateContext(["a": "<"])).hasPrefix("<p><b>&lt;</b></p>"))
    }

    /// `Fuzz/corpus/definition/crash-goto-chain-stack-overflow.json`: a chain of 20 000 GoTo
    /// steps overflowed the stack in the recursive loop check. The check is iterative now, and still
    /// finds a loop through every step of a long cycle.
    @Test func aLongChainOfStepsThatNeverWaitIsCheckedWithoutRecursion() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/definition/crash-goto-chain-stack-overflow.json")
        let input = try Data(contentsOf: file).dropFirst()  // the fuzz input's first byte picks the allow-list
        #expect(try SequenceDefinition.parse(try JSONValue(parsing: input)).steps.count == 20_001)

        let count = 5_000
        var steps: [JSONValue] = (0..<count).map { index in
            ["key": .string("s\(index)"), "runner": "GoTo", "config": ["step": .string("s\(index + 1)")]]
        }
        steps.append(["key": .string("s\(count)"), "runner": "GoTo", "config": ["step": "s0"]])
        let loop: JSONValue = ["name": "loop", "steps": .array(steps)]
        #expect {
            try SequenceDefinition.parse(loop)
        } throws: { error in
            let problems = (error as? DefinitionError)?.problems ?? []
            return problems.count == 1 && problems[0].pointer == "/steps/0" && problems[0].reason.contains("form a loop")
        }
    }

    /// The replay of `crash-goto-chain-stack-overflow.json` timed out (over 10 s under
    /// AddressSanitizer): every step key was checked with a regex literal, parsed and compiled
    /// anew on each use. The check is by hand now; it accepts exactly what the regex accepted.
    @Test(arguments: ["a", "A.b_c-d", "9", String(repeating: "k", count: 100), String(repeating: "k", count: 101),
                      "", ".a", "-a", "_a", "a b", "a/b", "é", "e\u{301}", "a\n", "\na", "a\r\n", "Zz09.-_", "ａ", "a\u{0}"])
    func stepKeysAreCheckedAsTheRegexDid(_ name: String) {
        let regex = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/
        #expect(SequenceDefinition.isValidName(name) == (name.wholeMatch(of: regex) != nil))
    }
}
