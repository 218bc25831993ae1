import Foundation
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// Swift task runners built into the program: validated at apply time, decided in the tick's
/// plan (pure ones) or after the commit (those that perform I/O), without Lambda.
@Suite struct SwiftTaskRunnerTests {
    /// `next` when `data.score` ≥ `config.threshold`, `altNext` below, an error when not a number.
    struct Score: TaskRunner {
        var name = "Score"
        var performsIO = false
        /// Runner ids it was called with, per call (a class: the runner is a value the tick copies).
        let calls = Calls()

        func validate(config: JSONValue) -> [FieldProblem] {
            var fields = JSONFieldReader(config, at: "")
            fields.onlyKnown(["threshold"])
            _ = fields.number("threshold", required: true)
            return fields.problems
        }

        func decide(config: JSONValue, runners: [RunnerSnapshot], context: TaskRunnerContext) throws -> [String: TaskRunnerDecision] {
            calls.add(runners.map(\.id), context: context)
            let threshold = config["threshold"]?.numberValue ?? 0
            var decisions: [String: TaskRunnerDecision] = [:]
            for runner in runners {
                if runner.data["skip"] == true { continue }
                guard let score = runner.data["score"]?.numberValue else {
                    decisions[runner.id] = .error("data.score is not a number")
                    continue
                }
                decisions[runner.id] = score >= threshold ? .next(message: "score \(score)") : .altNext()
            }
            return decisions
        }
    }

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [([String], TaskRunnerContext)] = []
        func add(_ ids: [String], context: TaskRunnerContext) { lock.withLock { recorded.append((ids, context)) } }
        var all: [([String], TaskRunnerContext)] { lock.withLock { recorded } }
    }

    let definition = """
        {"name": "leads", "steps": [
          {"key": "score", "runner": "Score", "config": {"threshold": 50}, "next": "hot", "altNext": "cold"},
          {"key": "hot", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}},
          {"key": "cold", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    func enroll(_ fixture: EngineFixture, _ data: [String: JSONValue]) throws {
        for (id, value) in data.sorted(by: { $0.key < $1.key }) {
            try fixture.database.enroll([id], data: value, in: "leads", now: instant())
        }
    }

    @Test(arguments: [false, true])
    func scoresTakeNextOrAltNextAndABadScoreIsAFailedAttempt(_ performsIO: Bool) throws {
        let runner = Score(performsIO: performsIO)
        let registry = try TaskRunnerRegistry([runner])
        let fixture = EngineFixture()
        try fixture.apply(definition, runners: registry)
        try enroll(fixture, ["high": ["score": 80], "low": ["score": 10], "bad": ["score": "lots"], "left": ["skip": true, "score": 99]])
        let summary = try fixture.tick(at: instant(), taskRunners: registry)
        #expect(fixture.database.runner("high")?.step == "hot")
        #expect(fixture.database.runner("low")?.step == "cold")
        #expect(fixture.database.runner("bad")?.step == "score")
        #expect(fixture.database.runner("bad")?.lastError == "data.score is not a number")
        #expect(fixture.database.runner("left")?.step == "score")
        #expect(fixture.actions("left").last == "kept")
        #expect(summary.moved == 2 && summary.errors == 1 && summary.kept == 1)
        // A pure runner is asked while planning, one runner at a time; one that performs I/O once
        // for the step's batch, after the commit, with a deadline.
        let calls = runner.calls.all
        if performsIO {
            #expect(calls.map { Set($0.0) } == [["bad", "high", "left", "low"]])
            #expect(calls.first?.1.deadline != nil)
        } else {
            #expect(calls.count == 4 && calls.allSatisfy { $0.0.count == 1 && $0.1.deadline == nil })
        }
        #expect(calls.allSatisfy { $0.1.step == "score" && $0.1.sequence == "leads" && $0.1.now == instant() })
    }

    /// A program without the runner reads the stored definition and keeps the runners there,
    /// naming what is missing; no attempt is used.
    @Test func aProgramWithoutTheRunnerKeepsItsRunners() throws {
        let fixture = EngineFixture()
        try fixture.apply(definition, runners: .storedDefinitions)
        try enroll(fixture, ["a": ["score": 80]])
        let summary = try fixture.tick(at: instant())
        #expect(summary.kept == 1 && summary.errors == 0)
        #expect(fixture.database.runner("a")?.attempts == 0)
        #expect(fixture.database.history("a").last?.message?.contains("task runner Score is not built into this program") == true)
    }

    /// A throwing runner fails the attempt of every runner it was asked about, naming the error.
    @Test func aThrowingRunnerFailsItsRunnersAttempts() throws {
        struct Broken: TaskRunner {
            struct Down: Error, CustomStringConvertible { var description: String { "scoring service down" } }
            let name = "Score"
            func validate(config: JSONValue) -> [FieldProblem] { [] }
            func decide(config: JSONValue, runners: [RunnerSnapshot], context: TaskRunnerContext) throws -> [String: TaskRunnerDecision] {
                throw Down()
            }
        }
        let registry = try TaskRunnerRegistry([Broken()])
        let fixture = EngineFixture()
        try fixture.apply(definition, runners: registry)
        try enroll(fixture, ["a": ["score": 80], "b": ["score": 1]])
        #expect(try fixture.tick(at: instant(), taskRunners: registry).errors == 2)
        #expect(fixture.database.runner("a")?.lastError == "task runner Score failed: scoring service down")
    }

    /// Applying a definition checks the runner's name and its config by JSON pointer.
    @Test func applyValidatesNamesAndConfigsWithPointers() throws {
        let registry = try TaskRunnerRegistry([Score()])
        let bad = try JSONValue(parsing: """
            {"name": "leads", "steps": [
              {"key": "score", "runner": "Score", "config": {"limit": 50}, "next": "other"},
              {"key": "other", "runner": "Scorer"}]}
            """)
        #expect {
            try SequenceDefinition.parse(bad, runners: registry)
        } throws: { error in
            let problems = (error as? DefinitionError)?.problems.map(\.description) ?? []
            return problems.contains("/steps/0/config/limit: unknown field (allowed: threshold)")
                && problems.contains("/steps/0/config/threshold: is required")
                && problems.contains { $0.hasPrefix("/steps/1/runner: unknown task runner \"Scorer\"") && $0.contains("Score") }
        }
        // Without the registry the name is unknown, as before.
        #expect(throws: DefinitionError.self) { try SequenceDefinition.parse(try JSONValue(parsing: definition)) }
    }

    @Test func namesThatCannotBeTaskRunnersAreRefused() {
        for name in ["Email", "email", "tick", "API", "", "9lives", "has space", String(repeating: "a", count: 101)] {
            #expect(throws: TaskRunnerRegistryError.self, "\(name)") { try TaskRunnerRegistry([Score(name: name)]) }
        }
        #expect(throws: TaskRunnerRegistryError.self) { try TaskRunnerRegistry([Score(), Score()]) }
    }
}
