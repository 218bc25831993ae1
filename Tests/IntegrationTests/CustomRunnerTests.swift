import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// A scripted stand-in for Lambda: answers per function, records calls and concurrency.
final class ScriptedInvoker: @unchecked Sendable {
    typealias Script = (_ function: String, _ event: JSONValue, _ call: Int) throws(InvocationError) -> InvocationResult
    private let lock = NSLock()
    private let script: Script
    private(set) var calls: [(function: String, event: JSONValue)] = []
    private var inFlight = 0
    private(set) var maxInFlight = 0
    let delay: TimeInterval

    init(delay: TimeInterval = 0, _ script: @escaping Script) {
        self.script = script
        self.delay = delay
    }

    var customRunners: CustomRunners {
        CustomRunners(makeInvoker: { Handle(owner: self) }, allows: { $0.hasPrefix("allowed-") })
    }

    struct Handle: TaskRunnerInvoker {
        let owner: ScriptedInvoker
        func invoke(_ function: String, event: Data, timeout: TimeInterval) throws(InvocationError) -> InvocationResult {
            let json = (try? JSONValue(parsing: event)) ?? .null
            let call = owner.lock.withLock { () -> Int in
                owner.calls.append((function, json))
                owner.inFlight += 1
                owner.maxInFlight = max(owner.maxInFlight, owner.inFlight)
                return owner.calls.count
            }
            defer { owner.lock.withLock { owner.inFlight -= 1 } }
            if owner.delay > 0 { usleep(UInt32(owner.delay * 1_000_000)) }
            return try owner.script(function, json, call)
        }
    }
}

/// Answers `action` for every runner of the event.
func answering(_ action: String, extra: JSONValue = [:]) -> ScriptedInvoker.Script {
    { _, event, _ in
        let answers = (event["runners"]?.arrayValue ?? []).map { runner -> JSONValue in
            var object = extra.objectValue ?? [:]
            object["id"] = runner["id"]
            object["action"] = .string(action)
            return .object(object)
        }
        return InvocationResult(payload: Data(JSONValue.array(answers).jsonText.utf8))
    }
}

@Suite struct CustomRunnerTests {
    let definition = """
        {"name": "custom", "steps": [
          {"key": "score", "runner": "lambda:allowed-score", "config": {"threshold": 50}, "next": "high", "altNext": "low"},
          {"key": "high", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}},
          {"key": "low", "runner": "WaitForDuration", "config": {"amount": 2, "unit": "days"}}
        ]}
        """

    func tick(_ fixture: Fixture, _ invoker: ScriptedInvoker, at now: Date = clock(),
              _ configuration: TickConfiguration = TickConfiguration(retry: RetryPolicy(maxAttempts: 3, baseDelay: 30))) throws -> TickSummary {
        try Tick(store: PostgresRunnerStore(connection: fixture.connection), configuration: configuration,
                 logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, customRunners: invoker.customRunners,
                 clock: ManualClock()).run(now: now)
    }

    /// Several workers: every runner at a custom step is sent to its function once, after a
    /// pure step decided under row locks, and nobody keeps a lease.
    @Test func workersInvokeEachRunnerOnce() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "custom", "steps": [
              {"key": "first", "runner": "GoTo", "config": {"step": "score"}},
              {"key": "score", "runner": "lambda:allowed-score", "config": {}, "next": "high"},
              {"key": "high", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}
            ]}
            """)
        try fixture.enroll("custom", count: 500, now: clock())
        let invoker = ScriptedInvoker(answering("next"))
        var configuration = TickConfiguration(batchSize: 60)
        configuration.workers = 3
        let stores = try (0..<3).map { _ in PostgresRunnerStore(connection: try PostgresConnection(url: fixture.url)) }
        let summary = try Tick(stores: stores, configuration: configuration, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() },
                               customRunners: invoker.customRunners).run(now: clock())
        #expect(summary.examined == 500 && summary.moved == 500 && summary.transitions == 1000)
        let sent = invoker.calls.flatMap { $0.event["runners"]?.arrayValue ?? [] }.compactMap { $0["id"]?.stringValue }
        #expect(sent.count == 500 && Set(sent).count == 500)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE step = 'high' AND lease_owner IS NULL") == "500")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE from_step = 'score' AND to_step = 'high'") == "500")
    }

    @Test func answersMoveRunnersAndTheEventCarriesTheWireProtocol() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("custom", count: 3, data: ["score": 70], now: clock())
        let invoker = ScriptedInvoker { _, event, _ in
            let runners = event["runners"]?.arrayValue ?? []
            let answers: [JSONValue] = runners.map { runner in
                switch runner["id"]?.stringValue {
                case "r-0": ["id": runner["id"]!, "action": "next", "message": "scored"]
                case "r-1": ["id": runner["id"]!, "action": "altNext"]
                default: ["id": runner["id"]!, "action": "noop", "wakeAt": "2026-01-06T00:00:00Z"]
                }
            }
            return InvocationResult(payload: Data(JSONValue.array(answers).jsonText.utf8))
        }
        let summary = try tick(fixture, invoker)
        #expect(summary.moved == 2)
        #expect(try fixture.runner("r-0").step == "high")
        #expect(try fixture.runner("r-1").step == "low")
        #expect(try fixture.runner("r-2").step == "score")
        #expect(try fixture.runner("r-2").wakeAt == Moment.parseISO8601("2026-01-06T00:00:00Z", defaultTimeZone: .gmt))
        #expect(invoker.calls.count == 1)
        let event = invoker.calls[0].event
        #expect(invoker.calls[0].function == "allowed-score")
        #expect(event["config"] == ["threshold": 50])
        #expect(event["runners"]?.arrayValue?.first?["data"] == ["score": 70])
        #expect(event["runners"]?.arrayValue?.first?["step"] == "score")
        #expect(event["runners"]?.arrayValue?.first?["stepEnteredAt"] == "2026-01-05T09:00:00Z")
    }

    @Test func missingUnknownAndInvalidAnswersNeverMoveARunner() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("custom", count: 3, now: clock())
        let invoker = ScriptedInvoker { _, _, _ in
            InvocationResult(payload: Data(#"[{"id": "r-0", "action": "jump"}, {"id": "stranger", "action": "next"}, {"id": "r-1", "action": "next", "error": "no score"}]"#.utf8))
        }
        let summary = try tick(fixture, invoker)
        #expect(summary.moved == 0)
        #expect(try fixture.runner("r-0").lastError?.contains("/0/action: \"jump\" is not next, noop or altNext") == true)
        #expect(try fixture.runner("r-1").lastError?.contains("the task runner reported: no score") == true)
        let missing = try fixture.runner("r-2")
        #expect(missing.step == "score" && missing.lastError == nil && missing.attempts == 0)
        #expect(try fixture.history("r-2").last?.message == "allowed-score left it out of its answer")
    }

    @Test(arguments: [
        ("function error", InvocationResult(payload: Data(#"{"errorMessage": "boom"}"#.utf8), functionError: "Unhandled"), "failed (Unhandled): {\"errorMessage\": \"boom\"}"),
        ("not an array", InvocationResult(payload: Data(#"{"id": "r-0"}"#.utf8)), "answered invalidly: /: the answer must be an array"),
        ("not JSON", InvocationResult(payload: Data("OK".utf8)), "answered invalidly: /: the answer is not JSON"),
    ])
    func aBadInvocationIsAnErrorOnEveryRunnerOfTheBatch(_ name: String, _ result: InvocationResult, _ reason: String) throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("custom", count: 2, now: clock())
        let summary = try tick(fixture, ScriptedInvoker { _, _, _ in result })
        #expect(summary.errors == 2)
        for id in ["r-0", "r-1"] {
            let state = try fixture.runner(id)
            #expect(state.step == "score")
            #expect(state.attempts == 1)
            #expect(state.lastError?.contains(reason) == true, "\(state.lastError ?? "")")
        }
    }

    @Test func throttlingIsRetriedWithinTheTickThenRecorded() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        try fixture.enroll("custom", count: 2, now: clock())
        let once = ScriptedInvoker { function, event, call throws(InvocationError) in
            if call == 1 { throw InvocationError(isRetryable: true, reason: "LAMBDA 429 TooManyRequestsException: Rate exceeded") }
            return try answering("next")(function, event, call)
        }
        #expect(try tick(fixture, once).moved == 2)
        #expect(once.calls.count == 2)

        try fixture.enroll("custom", count: 1, prefix: "t", now: clock())
        let always = ScriptedInvoker { _, _, _ throws(InvocationError) in
            throw InvocationError(isRetryable: true, reason: "LAMBDA 429 TooManyRequestsException: Rate exceeded")
        }
        #expect(try tick(fixture, always, at: clock(60)).errors == 1)
        #expect(always.calls.count == 3)
        #expect(try fixture.runner("t-0").lastError?.contains("TooManyRequestsException") == true)
    }

    @Test func functionsOutsideTheAllowListAreNotInvoked() throws {
        let fixture = try Fixture()
        try fixture.apply(definition.replacingOccurrences(of: "lambda:allowed-score", with: "lambda:other-score"))
        try fixture.enroll("custom", count: 1, now: clock())
        let invoker = ScriptedInvoker(answering("next"))
        // The configuration's fault, not the runner's: it stays, attempts untouched, and says why.
        #expect(try tick(fixture, invoker).errors == 0)
        #expect(invoker.calls.isEmpty)
        let state = try fixture.runner("r-0")
        #expect(state.step == "score" && state.attempts == 0)
        #expect(try fixture.history("r-0").last?.action.rawValue == "kept")
        #expect(try fixture.history("r-0").last?.message?.contains("not in the allow-list") == true)
    }

    @Test func stepsAreInvokedConcurrentlyUpToTheLimit() throws {
        let fixture = try Fixture()
        var steps: [String] = []
        for index in 0..<6 {
            steps.append(#"{"key": "s\#(index)", "runner": "lambda:allowed-\#(index)", "config": {}, "next": "done"}"#)
        }
        steps.append(#"{"key": "done", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}"#)
        for index in 0..<6 {
            try fixture.apply(#"{"name": "c\#(index)", "start": "s\#(index)", "steps": [\#(steps.joined(separator: ","))]}"#)
            try fixture.enroll("c\(index)", count: 2, prefix: "c\(index)", now: clock())
        }
        let invoker = ScriptedInvoker(delay: 0.1, answering("next"))
        var configuration = TickConfiguration()
        configuration.maxConcurrentInvocations = 3
        #expect(try tick(fixture, invoker, configuration).moved == 12)
        #expect(invoker.calls.count == 6)
        #expect(invoker.maxInFlight == 3)
    }

    @Test func eventsAreSplitUnderTheSizeLimit() {
        let runners = (0..<100).map {
            RunnerState(id: "r-\($0)", sequence: "s", version: 1, step: "k", data: ["blob": .string(String(repeating: "x", count: 1_000))],
                        stepEnteredAt: clock())
        }
        let batches = CustomRunnerDispatch.batches(function: "f", config: ["a": 1], runners: runners, maxBytes: 10_000)
        #expect(batches.count > 10)
        #expect(batches.allSatisfy { $0.event.count <= 10_000 })
        #expect(batches.flatMap(\.ids) == runners.map(\.id))
        #expect(batches.allSatisfy { (try? TaskEvent(json: try JSONValue(parsing: $0.event)))?.runners.map(\.id) == $0.ids })
        // Each runner carries the id of its call at this visit, for the function to deduplicate.
        let first = try? JSONValue(parsing: batches[0].event)
        #expect(first?["runners"]?.arrayValue?.first?["invocationId"] == "r-0:k:1")
    }
}
