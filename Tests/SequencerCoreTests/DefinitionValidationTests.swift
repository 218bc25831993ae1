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
             pointer: "/steps/0/config/date", reasonContains: "\"next tuesday\" is not an ISO-8601 date"),
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
    ]

    @Test(arguments: rejected)
    func refuses(_ testCase: Case) {
        let found = problems(steps: testCase.steps, start: testCase.name == "start names a missing step" ? "elsewhere" : nil)
        #expect(found.contains { $0.pointer == testCase.pointer && $0.reason.contains(testCase.reasonContains) },
                "problems were: \(found)")
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = problems(steps: #"[{"key": "a", "runner": "Nope"}, {"key": "b", "runner": "WaitForDuration", "config": {"amount": "1", "unit": "days"}, "next": "zz"}]"#)
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
        #expect(used == Set(BuiltinRunner.allCases))
    }
}
