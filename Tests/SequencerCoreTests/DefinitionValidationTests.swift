import Foundation
import SequencerCore
import Testing

/// Parses `steps` (a JSON array text) inside a sequence named "t" and returns the problems found.
private func problems(steps: String, start: String? = nil) -> [DefinitionError.Problem] {
    let startField = start.map { ", \"start\": \"\($0)\"" } ?? ""
    let json = try! JSONValue(parsing: "{\"name\": \"t\"\(startField), \"steps\": \(steps)}")
    do {
        _ = try SequenceDefinition.parse(json)
        return []
    } catch {
        return error.problems
    }
}

private let wait = #"{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}"#

struct DefinitionValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var steps: String
        var pointer: String
        var reasonContains: String
        var description: String { name }
    }

    static let rejected: [Case] = [
        Case(name: "unknown built-in runner",
             steps: #"[{"key": "a", "runner": "WaitForEver", "config": {}}]"#,
             pointer: "/steps/0/runner", reasonContains: "unknown task runner \"WaitForEver\""),
        Case(name: "next names a missing step",
             steps: #"[{"key": "a", "runner": "GoTo", "config": {"step": "a2"}, "next": "nowhere"}, {"key": "a2", "runner": "WaitForDate", "config": {"date": "2026-01-01"}}]"#,
             pointer: "/steps/0/next", reasonContains: "\"nowhere\", which does not exist"),
        Case(name: "altNext names a missing step",
             steps: #"[{"key": "a", "runner": "Conditional", "config": {"lodashCommand": "gt", "value": {"type": "get", "value": "data.n"}, "compareTo": {"type": "raw", "value": 1}}, "altNext": "gone"}]"#,
             pointer: "/steps/0/altNext", reasonContains: "\"gone\", which does not exist"),
        Case(name: "GoTo names a missing step",
             steps: "[\(wait), {\"key\": \"g\", \"runner\": \"GoTo\", \"config\": {\"step\": \"missing\"}}]",
             pointer: "/steps/1/config/step", reasonContains: "\"missing\", which does not exist"),
        Case(name: "duplicate keys",
             steps: "[\(wait), \(wait)]",
             pointer: "/steps/1/key", reasonContains: "duplicate step key \"w\""),
        Case(name: "WaitForDuration unit fortnight",
             steps: #"[{"key": "a", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "fortnight"}}]"#,
             pointer: "/steps/0/config/unit", reasonContains: "\"fortnight\" is not a moment.js duration unit"),
        Case(name: "Conditional with an unknown lodashCommand",
             steps: #"[{"key": "a", "runner": "Conditional", "config": {"lodashCommand": "greaterThan", "value": {"type": "get", "value": "data.n"}}}]"#,
             pointer: "/steps/0/config/lodashCommand", reasonContains: "\"greaterThan\" is not a supported lodash command"),
        Case(name: "unparseable WaitForDate",
             steps: #"[{"key": "a", "runner": "WaitForDate", "config": {"date": "next tuesday"}}]"#,
             pointer: "/steps/0/config/date", reasonContains: "\"next tuesday\" is not a date moment.js can parse"),
        Case(name: "a WaitForDuration amount that is not a numeric string",
             steps: #"[{"key": "a", "runner": "WaitForDuration", "config": {"amount": "3 days", "unit": "days"}}]"#,
             pointer: "/steps/0/config/amount", reasonContains: "\"3 days\" is not a number as moment.js reads numeric strings"),
        Case(name: "a negative numeric-string amount",
             steps: #"[{"key": "a", "runner": "WaitForDuration", "config": {"amount": "-2", "unit": "days"}}]"#,
             pointer: "/steps/0/config/amount", reasonContains: "must not be negative (got \"-2\")"),
        Case(name: "a WaitUntil timeout amount that is not a number",
             steps: #"[{"key": "a", "runner": "WaitUntil", "config": {"lodashCommand": "isNil", "value": {"type": "get", "value": "data.x"}, "timeout": {"amount": "x", "unit": "days"}}}]"#,
             pointer: "/steps/0/config/timeout/amount", reasonContains: "\"x\" is not a number"),
        Case(name: "a Split branch to a missing step",
             steps: #"[{"key": "a", "runner": "Split", "config": {"branches": [{"weight": 1, "next": "nowhere"}, {"weight": 1, "next": null}]}}]"#,
             pointer: "/steps/0/config/branches/0/next", reasonContains: "names step \"nowhere\", which does not exist"),
        Case(name: "a Split whose weights add up to nothing",
             steps: #"[{"key": "a", "runner": "Split", "config": {"branches": [{"weight": 0, "next": null}]}}]"#,
             pointer: "/steps/0/config/branches", reasonContains: "must add up to more than 0"),
        Case(name: "quiet hours with a time that is not HH:mm",
             steps: #"[{"key": "a", "runner": "SMS", "config": {"to": "+15555550100", "message": "hi", "quietHours": {"from": "9pm", "until": "08:00"}}}]"#,
             pointer: "/steps/0/config/quietHours/from", reasonContains: "\"9pm\" is not a time of day HH:mm"),
        Case(name: "an unknown onCap policy",
             steps: #"[{"key": "a", "runner": "SMS", "config": {"to": "+15555550100", "message": "hi", "onCap": "drop"}}]"#,
             pointer: "/steps/0/config/onCap", reasonContains: "\"drop\" is not a cap policy"),
        Case(name: "GoTo/Conditional loop with no wait",
             steps: #"[{"key": "a", "runner": "Conditional", "config": {"lodashCommand": "isNil", "value": {"type": "get", "value": "data.x"}}, "next": "b", "altNext": "c"}, {"key": "b", "runner": "GoTo", "config": {"step": "a"}}, {"key": "c", "runner": "WaitForDate", "config": {"date": "2026-01-01"}}]"#,
             pointer: "/steps/0", reasonContains: "\"a\" → \"b\" form a loop in which no step waits"),
        Case(name: "GoTo to itself",
             steps: #"[{"key": "a", "runner": "GoTo", "config": {"step": "a"}}]"#,
             pointer: "/steps/0", reasonContains: "loop in which no step waits"),
        Case(name: "Email loop with no wait",
             steps: #"[{"key": "a", "runner": "Email", "config": {"from": "a@example.com", "to": "b@example.com", "subject": "hi"}, "next": "b"}, {"key": "b", "runner": "GoTo", "config": {"step": "a"}}]"#,
             pointer: "/steps/0", reasonContains: "loop in which no step waits"),
        Case(name: "start names a missing step",
             steps: "[\(wait)]",
             pointer: "/start", reasonContains: "\"elsewhere\", which does not exist"),
        Case(name: "unknown WaitForDateComparison attribute",
             steps: #"[{"key": "a", "runner": "WaitForDateComparison", "config": {"attribute": "dayOfWeek", "values": [1]}}]"#,
             pointer: "/steps/0/config/attribute", reasonContains: "\"dayOfWeek\" is not a moment.js getter"),
        Case(name: "string values in WaitForDateComparison",
             steps: #"[{"key": "a", "runner": "WaitForDateComparison", "config": {"attribute": "day", "values": ["1"]}}]"#,
             pointer: "/steps/0/config/values/0", reasonContains: "must be an integer"),
        Case(name: "unknown time zone",
             steps: #"[{"key": "a", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "d", "timeZone": "Mars/Olympus"}}]"#,
             pointer: "/steps/0/config/timeZone", reasonContains: "\"Mars/Olympus\" is not an IANA time zone"),
        Case(name: "unknown config field",
             steps: #"[{"key": "a", "runner": "GoTo", "config": {"step": "a2", "stepp": 1}}, {"key": "a2", "runner": "WaitForDate", "config": {"date": "2026-01-01"}}]"#,
             pointer: "/steps/0/config/stepp", reasonContains: "unknown field"),
        Case(name: "bad template",
             steps: #"[{"key": "a", "runner": "Email", "config": {"from": "a@example.com", "to": "{{#data.x}}", "subject": "s"}}]"#,
             pointer: "/steps/0/config/to", reasonContains: "invalid template"),
        Case(name: "Lambda ARN malformed",
             steps: #"[{"key": "a", "runner": "arn:aws:lambda:us-west-2:12:function:x"}]"#,
             pointer: "/steps/0/runner", reasonContains: "is neither a Lambda function ARN"),
        Case(name: "operand with an unknown type",
             steps: #"[{"key": "a", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "path", "value": "data.x"}}}]"#,
             pointer: "/steps/0/config/value/type", reasonContains: "must be \"get\" or \"raw\""),
        Case(name: "loop whose only wait is a WaitForDuration of 0",
             steps: #"[{"key": "w", "runner": "WaitForDuration", "config": {"amount": 0, "unit": "days"}, "next": "e"}, {"key": "e", "runner": "Email", "config": {"from": "a@example.com", "to": "b@example.com", "subject": "hi"}, "next": "w"}]"#,
             pointer: "/steps/0", reasonContains: "\"w\" → \"e\" form a loop in which no step waits, so a runner would spin forever (\"w\" waits no time"),
        Case(name: "loop whose only wait moment rounds to nothing (0.4 days)",
             steps: #"[{"key": "w", "runner": "WaitForDuration", "config": {"amount": 0.4, "unit": "days"}, "next": "g"}, {"key": "g", "runner": "GoTo", "config": {"step": "w"}}]"#,
             pointer: "/steps/0", reasonContains: "loop in which no step waits"),
        Case(name: "loop whose only wait is half a millisecond",
             steps: #"[{"key": "w", "runner": "WaitForDuration", "config": {"amount": 0.5, "unit": "ms"}, "next": "w"}]"#,
             pointer: "/steps/0", reasonContains: "loop in which no step waits"),
        Case(name: "negative WaitForDuration amount, even outside a loop",
             steps: #"[{"key": "w", "runner": "WaitForDuration", "config": {"amount": -5, "unit": "minutes"}}]"#,
             pointer: "/steps/0/config/amount", reasonContains: "must not be negative (got -5)"),
        Case(name: "WaitForDateComparison hour 99",
             steps: #"[{"key": "a", "runner": "WaitForDateComparison", "config": {"attribute": "hour", "values": [9, 99]}}]"#,
             pointer: "/steps/0/config/values/1", reasonContains: "99 is outside the range of hour, 0–23"),
        Case(name: "WaitForDateComparison month 12 (months are 0-based)",
             steps: #"[{"key": "a", "runner": "WaitForDateComparison", "config": {"attribute": "months", "values": [12]}}]"#,
             pointer: "/steps/0/config/values/0", reasonContains: "12 is outside the range of month, 0–11 (moment's months are 0-based"),
    ]

    /// Every getter's range, as moment 2.29 returns it (checked with node: `moment().get(name)`
    /// over thirty years of days, hours, minutes, seconds and milliseconds).
    static let getterRanges: [(getter: String, range: ClosedRange<Int>)] = [
        ("millisecond", 0...999), ("second", 0...59), ("minute", 0...59), ("hour", 0...23),
        ("day", 0...6), ("weekday", 0...6), ("isoWeekday", 1...7), ("date", 1...31), ("dayOfYear", 1...366),
        ("week", 1...53), ("isoWeek", 1...53), ("month", 0...11), ("quarter", 1...4),
    ]

    @Test(arguments: getterRanges.map { "\($0.getter) \($0.range.lowerBound) \($0.range.upperBound)" })
    func refusesValuesOutsideTheGettersRange(_ row: String) {
        let parts = row.split(separator: " ")
        let (getter, low, high) = (String(parts[0]), Int(parts[1])!, Int(parts[2])!)
        let step = { (values: String) in
            #"[{"key": "a", "runner": "WaitForDateComparison", "config": {"attribute": "\#(getter)", "values": \#(values)}}]"#
        }
        #expect(problems(steps: step("[\(low), \(high)]")).isEmpty)
        let found = problems(steps: step("[\(low - 1), \(low), \(high), \(high + 1)]"))
        #expect(found.map(\.pointer) == ["/steps/0/config/values/0", "/steps/0/config/values/3"], "problems were: \(found)")
        #expect(found.allSatisfy { $0.reason.contains("\(low)–\(high)") })
    }

    @Test func yearsAndRareButPossibleValuesAreAccepted() {
        for (getter, values) in [("year", "[-3000, 0, 2026, 275000]"), ("weekYear", "[1999]"), ("isoWeekYear", "[2027]"),
                                 ("date", "[31]"), ("dayOfYear", "[366]"), ("week", "[53]"), ("isoWeek", "[53]")] {
            let found = problems(steps: #"[{"key": "a", "runner": "WaitForDateComparison", "config": {"attribute": "\#(getter)", "values": \#(values)}}]"#)
            #expect(found.isEmpty, "\(getter) \(values): \(found)")
        }
    }

    @Test func aZeroWaitIsFineOutsideALoopAndAPositiveOneInside() {
        #expect(problems(steps: #"[{"key": "w", "runner": "WaitForDuration", "config": {"amount": 0, "unit": "days"}}]"#).isEmpty)
        // One millisecond is a positive wait: the runner leaves the loop's step for the next tick.
        #expect(problems(steps: #"[{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "ms"}, "next": "w"}]"#).isEmpty)
        // A zero wait next to a real one: the loop waits.
        #expect(problems(steps: #"[{"key": "z", "runner": "WaitForDuration", "config": {"amount": 0, "unit": "days"}, "next": "w"}, {"key": "w", "runner": "WaitForDuration", "config": {"amount": 0.5, "unit": "days"}, "next": "z"}]"#).isEmpty)
    }

    @Test(arguments: rejected)
    func refuses(_ testCase: Case) {
        let found = problems(steps: testCase.steps, start: testCase.name == "start names a missing step" ? "elsewhere" : nil)
        #expect(found.contains { $0.pointer == testCase.pointer && $0.reason.contains(testCase.reasonContains) },
                "problems were: \(found)")
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = problems(steps: #"[{"key": "a", "runner": "Nope"}, {"key": "b", "runner": "WaitForDuration", "config": {"amount": "one", "unit": "days"}, "next": "zz"}]"#)
        #expect(Set(found.map(\.pointer)) == ["/steps/0/runner", "/steps/1/config/amount", "/steps/1/next"])
    }

    @Test func acceptsLoopsThatWait() throws {
        let found = problems(steps: #"[{"key": "a", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}, "next": "b"}, {"key": "b", "runner": "GoTo", "config": {"step": "a"}}]"#)
        #expect(found.isEmpty)
    }

    @Test func entryIsTheFirstStepUnlessStartSaysOtherwise() throws {
        let first = try SequenceDefinition.parse(try JSONValue(parsing: "{\"name\": \"t\", \"steps\": [\(wait)]}"))
        #expect(first.start == "w")
        let explicit = try SequenceDefinition.parse(try JSONValue(parsing: #"{"name": "t", "start": "b", "steps": [{"key": "a", "runner": "WaitForDate", "config": {"date": "2026-01-01"}}, {"key": "b", "runner": "WaitForDate", "config": {"date": "2026-01-01"}}]}"#))
        #expect(explicit.start == "b")
    }

    @Test func refusesNonObjectsAndMissingFields() {
        #expect(throws: DefinitionError.self) { try SequenceDefinition.parse(.array([])) }
        let found = problems(steps: "[]")
        #expect(found.map(\.pointer) == ["/steps"])
    }

    @Test func examplesAreValid() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/sequences")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 2)
        for file in files {
            let json = try JSONValue(parsing: try Data(contentsOf: folder.appendingPathComponent(file)))
            let definition = try SequenceDefinition.parse(json)
            #expect(!definition.steps.isEmpty)
        }
    }

    @Test func mainCampaignUsesEveryBuiltinRunner() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/sequences")
        let json = try JSONValue(parsing: try Data(contentsOf: folder.appendingPathComponent("10-trial-onboarding.json")))
        let used = Set(try SequenceDefinition.parse(json).steps.compactMap { step -> BuiltinRunner? in
            if case .builtin(let kind) = step.runner { return kind } else { return nil }
        })
        // WaitUntil and Split (issue 19) are not in the demo campaign yet.
        #expect(used == Set(BuiltinRunner.allCases).subtracting([.waitUntil, .split]))
    }
}
