import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

/// The Lambda tick's fan-out (asynchronous `Invoke` of itself, checked on moto's recorded
/// requests, signatures checked) and its sub-minute passes, through the real bootstrap and the
/// Runtime API emulator (docs/scaling.md).
@Suite(.serialized) struct FanOutTests {
    /// A moto of this suite's own: Lambda functions make moto's data.json call Docker.
    static let server = MotoServer.startPrivate()
    /// The harness names the function `sequencer-test` (AWS_LAMBDA_FUNCTION_NAME).
    static let function = "sequencer-test"
    let moto: MotoServer.Instance

    init() throws {
        moto = try Self.server.get()
        try moto.createFunction(Self.function)
    }

    /// A database with `count` runners due at a step that moves them on.
    func database(due count: Int) throws -> String {
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "s", "steps": [
              {"key": "a", "runner": "WaitForDate", "config": {"date": "{{data.at}}"}, "next": "b"},
              {"key": "b", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        let enrollments = (0..<count).map { RunnerDirectory.Enrollment(id: "r-\($0)", data: ["at": "2020-01-01T00:00:00Z"]) }
        for chunk in stride(from: 0, to: enrollments.count, by: 20_000) {
            try RunnerDirectory(connection: connection).enroll(Array(enrollments[chunk..<min(chunk + 20_000, enrollments.count)]), in: "s",
                                                               now: Date())
        }
        return url
    }

    func harness(_ url: String, tick: String) throws -> BootstrapHarness {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-\(UUID().uuidString).json").path
        try #"{"tick": \#(tick)}"#.write(toFile: config, atomically: true, encoding: .utf8)
        var environment = moto.environment
        environment["DATABASE_URL"] = url
        environment["SEQUENCER_CONFIG"] = config
        return try BootstrapHarness(handler: "tick", environment: environment)
    }

    /// The asynchronous invokes of the tick function since recording started: their events.
    func workerEvents() throws -> [JSONValue] {
        try moto.recordedRequests().filter {
            $0.url.hasSuffix("/functions/\(Self.function)/invocations") && $0.headers["X-Amz-Invocation-Type"] == "Event"
        }.map { try JSONValue(parsing: $0.body) }
    }

    func invoke(_ harness: BootstrapHarness, _ event: String, seconds: Double, requestID: String = UUID().uuidString) throws -> JSONValue {
        try JSONValue(parsing: try #require(harness.invoke(event) {
            $0.deadlineMilliseconds = Int64((Date().timeIntervalSince1970 + seconds) * 1_000)
            $0.requestID = requestID
        }?.responseText))
    }

    /// 100,000 due runners, ten per batch, six seconds: far more than one invocation moves, so it
    /// starts workers (each an `Event` invoke of itself naming it as parent), at most
    /// maxConcurrency − 1.
    @Test func aBacklogBeyondOneInvocationStartsWorkers() throws {
        let url = try database(due: 100_000)
        let harness = try harness(url, tick: #"{"batchSize": 10, "workers": 1, "safetyMarginSeconds": 1, "maxConcurrency": 4}"#)
        try moto.startRecording()
        let answer = try invoke(harness, "{}", seconds: 6, requestID: "root-request")
        let started = try #require(answer["workersStarted"]?.numberValue)
        #expect(started >= 1 && started <= 3, "\(answer)")
        let events = try workerEvents()
        #expect(Double(events.count) == started)
        #expect(events.allSatisfy { $0["fanOut"]?["parent"] == "root-request" })
        #expect(Set(events.compactMap { $0["fanOut"]?["worker"]?.numberValue }).count == events.count)
        #expect(harness.process.standardOutput.contains("\"FanOut\":\(Int(started))"))
    }

    /// A backlog one invocation moves, and a worker's own invocation, start nobody.
    @Test func aSmallBacklogOrAWorkerStartsNone() throws {
        let small = try harness(try database(due: 500), tick: #"{"safetyMarginSeconds": 1}"#)
        try moto.startRecording()
        let answer = try invoke(small, "{}", seconds: 10)
        #expect(answer["moved"] == 500 && answer["workersStarted"] == 0)
        let worker = try harness(try database(due: 100_000), tick: #"{"batchSize": 10, "workers": 1, "safetyMarginSeconds": 1}"#)
        let asWorker = try invoke(worker, #"{"fanOut": {"parent": "root", "worker": 1}}"#, seconds: 4)
        #expect(asWorker["workersStarted"] == 0 && (asWorker["moved"]?.numberValue ?? 0) > 0)
        #expect(try workerEvents().isEmpty)
    }

    /// With intervalSeconds 1, one scheduled invocation ticks every second until shortly before
    /// the next schedule: a runner due 1.5 s after the invocation starts moves in it.
    @Test func passesEverySecondResolveWaitsWithinTheInvocation() throws {
        let url = try database(due: 0)
        let connection = try PostgresConnection(url: url)
        let soon = Moment.formatISO8601(Date().addingTimeInterval(1.5))
        try RunnerDirectory(connection: connection).enroll([.init(id: "soon", data: ["at": .string(soon)])], in: "s", now: Date())
        let harness = try harness(url, tick: #"{"intervalSeconds": 1, "safetyMarginSeconds": 1, "maxConcurrency": 1}"#)
        // Scheduled 56 s ago on a one-minute schedule: the next comes in 4 s, so passes stop after about 3 s.
        let time = Moment.formatISO8601(Date().addingTimeInterval(-56))
        let answer = try invoke(harness, #"{"source": "aws.events", "time": "\#(time)"}"#, seconds: 30)
        let passes = try #require(answer["passes"]?.numberValue)
        #expect(passes >= 2 && passes <= 4, "\(answer)")
        #expect(try RunnerDirectory(connection: connection).runner("soon").step == "b")
        let lines = harness.process.standardOutput.split(separator: "\n").filter { $0.contains("\"_aws\"") }
        #expect(Double(lines.count) == passes)
    }
}
