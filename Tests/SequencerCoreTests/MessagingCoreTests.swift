import Foundation
import SequencerCore
import Testing

/// Issue 19's pure parts: quiet-hours windows across DST, the Split hash, numeric strings and
/// ASP.NET dates as moment reads them.
@Suite struct MessagingCoreTests {
    static func window(_ from: String, _ until: String) -> QuietHours {
        QuietHours(from: ClockTime(from)!, until: ClockTime(until)!, timeZone: TimeZoneSetting(nil), zoneWritten: false)
    }

    @Test func aWindowAcrossMidnightEndsAtTheNextUntil() {
        let paris = IANATimeZone(identifier: "Europe/Paris")!
        let quiet = Self.window("21:00", "08:00")
        #expect(quiet.end(containing: date("2026-01-05T22:00:00Z"), in: paris) == date("2026-01-06T07:00:00Z"))  // 23:00 → 08:00
        #expect(quiet.end(containing: date("2026-01-06T05:00:00Z"), in: paris) == date("2026-01-06T07:00:00Z"))  // 06:00 → 08:00
        #expect(quiet.end(containing: date("2026-01-06T07:00:00Z"), in: paris) == nil)  // 08:00: outside
        #expect(quiet.end(containing: date("2026-01-06T19:59:59Z"), in: paris) == nil)  // 20:59:59
        #expect(Self.window("12:00", "14:00").end(containing: date("2026-01-06T12:30:00Z"), in: .gmt) == date("2026-01-06T14:00:00Z"))
    }

    @Test func aWindowEndInADSTGapMovesForward() {
        // Europe/Paris springs forward at 02:00 → 03:00 on 2026-03-29: an end at 02:30 does not exist.
        let paris = IANATimeZone(identifier: "Europe/Paris")!
        let quiet = Self.window("22:00", "02:30")
        let end = quiet.end(containing: date("2026-03-28T22:00:00Z"), in: paris)  // 23:00 CET
        #expect(end == date("2026-03-29T01:30:00Z"))  // 03:30 CEST, forward by the gap
    }

    @Test func theSplitHashIsStableAcrossProcesses() {
        // Fixed values: a change of the hash would re-deal every running experiment.
        #expect(SplitAssignment.fraction(subject: "u-1", sequence: "onboarding", salt: "") == SplitAssignment.fraction(subject: "u-1", sequence: "onboarding", salt: ""))
        let a = SplitAssignment.fraction(subject: "u-1", sequence: "onboarding", salt: "")
        let b = SplitAssignment.fraction(subject: "u-1", sequence: "onboarding", salt: "v2")
        #expect(a != b)
        #expect((0..<1).contains(a) && (0..<1).contains(b))
        #expect(String(format: "%.12f", a) == String(format: "%.12f", SplitAssignment.fraction(subject: "u-1", sequence: "onboarding", salt: "")))
    }

    @Test("numeric strings as moment's +input reads them", arguments: [
        ("21", 21.0), (" 5 ", 5), ("1e2", 100), ("21.5", 21.5), ("\t7\n", 7), ("0x10", 16), (".5", 0.5), ("+3", 3),
    ] as [(String, Double)])
    func numericStrings(_ text: String, _ value: Double) {
        #expect(Moment.numericAmount(text) == value)
    }

    @Test("anything else is not an amount", arguments: ["", "  ", "abc", "3 days", "P1D", "1,5", "0x", "1e"])
    func notAmounts(_ text: String) {
        #expect(Moment.numericAmount(text) == nil)
    }

    @Test func aspNetDatesAsMomentReadsThem() {
        #expect(Moment.parseDate("/Date(1528480171000)/", defaultTimeZone: .gmt) == Date(timeIntervalSince1970: 1_528_480_171))
        #expect(Moment.parseDate("/date(1528480171000+0100)/", defaultTimeZone: .gmt) == Date(timeIntervalSince1970: 1_528_480_171))
        #expect(Moment.parseDate("Date(-1000", defaultTimeZone: .gmt) == Date(timeIntervalSince1970: -1))
        #expect(Moment.parseDate("/Date()/", defaultTimeZone: .gmt) == nil)
    }

    @Test func evalAnswersWaitUntilAndSplit() throws {
        let line = try JSONValue(parsing: """
            {"step": {"runner": "WaitUntil", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.ok"},
              "compareTo": {"type": "raw", "value": true}, "timeout": {"date": "/Date(1767603600000)/"}}},
             "runner": {"data": {"ok": false}}, "now": "2026-01-05T09:00:00Z"}
            """)
        #expect(StepEvaluation.evaluate(line: line)["action"] == "altNext")
        let split = try JSONValue(parsing: """
            {"step": {"runner": "Split", "config": {"branches": [{"weight": 1, "next": "a"}, {"weight": 0, "next": null}]}},
             "runner": {"data": {}}, "now": "2026-01-05T09:00:00Z"}
            """)
        #expect(StepEvaluation.evaluate(line: split)["action"] == "next")
    }
}


extension MessagingCoreTests {
    @Test func splitBranchesAreGraphEdgesWithTheirCounts() throws {
        let definition = try SequenceDefinition.parse(try JSONValue(parsing: """
            {"name": "ab", "steps": [{"key": "s", "runner": "Split", "config": {"branches": [{"weight": 1, "next": "a"}, {"weight": 1, "next": null}]}},
             {"key": "a", "runner": "WaitForDate", "config": {"date": "2100-01-01"}}]}
            """))
        let graph = SequenceGraph(definition: definition)
        #expect(graph.edges.filter { $0.kind == .split }.map(\.to) == [.step("a"), .completed])
        var counts = GraphCounts()
        counts.addTransitions(30, from: "s", to: "a", action: "split")
        counts.addTransitions(10, from: "s", to: nil, action: "split")
        #expect(GraphRenderer.dot(graph, counts: counts).contains("branch · 30 (75%)"))
    }
}
