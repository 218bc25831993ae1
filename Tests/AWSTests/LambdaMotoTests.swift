import AWS
import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// Custom task runners invoked through Lambda `Invoke` — our client and signer — against moto
/// with signature checking on. Invoked by function name (`lambda:<name>`): moto refuses correctly
/// signed percent-encoded ARN paths (MOTO.md); the ARN encoding is proven by the service vectors.
@Suite(.serialized) struct LambdaMotoTests {
    /// A moto of this suite's own: Lambda functions make moto's data.json call Docker, which the
    /// messaging tests on the shared server read.
    static let server = MotoServer.startPrivate()
    let moto: MotoServer.Instance

    init() throws {
        moto = try Self.server.get()
    }

    func createFunction(_ name: String) throws { try moto.createFunction(name) }

    func post(_ path: String, _ body: String) throws { try moto.postAPI(path, body) }

    @Test func aQueuedAnswerMovesRunnersAndAFunctionErrorIsRecorded() throws {
        try queuedAnswerAndFunctionError()
    }

    func deleteFunction(_ name: String) { moto.deleteFunction(name) }

    func queuedAnswerAndFunctionError() throws {
        let function = "score-\(UUID().uuidString.prefix(8).lowercased())"
        try createFunction(function)
        defer { deleteFunction(function) }
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "scored", "steps": [
              {"key": "score", "runner": "lambda:\(function)", "config": {"model": "v2"}, "next": "hot", "altNext": "cold"},
              {"key": "hot", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}},
              {"key": "cold", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        let now = Date()
        try RunnerDirectory(connection: connection).enroll([.init(id: "a", data: [:]), .init(id: "b", data: [:])], in: "scored", now: now)

        let answer = #"[{"id": "a", "action": "next", "message": "87"}, {"id": "b", "action": "altNext"}]"#
        try post("/moto-api/static/lambda-simple/response", JSONValue.object(["region": .string(moto.region), "results": [.string(answer)]]).jsonText)
        let custom = CustomRunners(makeInvoker: LambdaInvoker.factory(environment: moto.environment), allows: { $0 == function })
        let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        let tick = Tick(store: PostgresRunnerStore(connection: connection), configuration: TickConfiguration(), logger: logger, customRunners: custom,
                        clock: ManualClock())
        #expect(try tick.run(now: now).moved == 2)
        #expect(try RunnerDirectory(connection: connection).runner("a").step == "hot")
        #expect(try RunnerDirectory(connection: connection).runner("b").step == "cold")

        // With Docker "on" and no daemon, moto answers every Invoke as a handled function error.
        try post("/moto-api/config", #"{"lambda": {"use_docker": true}}"#)
        defer { try? post("/moto-api/config", #"{"lambda": {"use_docker": false}}"#) }
        let broken = function + "-x"
        try createFunction(broken)
        defer { deleteFunction(broken) }
        let brokenJSON = try JSONValue(parsing: json.jsonText.replacingOccurrences(of: "lambda:\(function)", with: "lambda:\(broken)")
            .replacingOccurrences(of: "\"scored\"", with: "\"scored-x\""))
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(brokenJSON), brokenJSON)])
        try RunnerDirectory(connection: connection).enroll([.init(id: "c", data: [:])], in: "scored-x", now: now)
        let brokenTick = Tick(store: PostgresRunnerStore(connection: connection), configuration: TickConfiguration(), logger: logger,
                              customRunners: CustomRunners(makeInvoker: LambdaInvoker.factory(environment: moto.environment), allows: { $0 == broken }))
        #expect(try brokenTick.run(now: now).errors == 1)
        let failed = try RunnerDirectory(connection: connection).runner("c")
        #expect(failed.step == "score")
        #expect(failed.lastError?.contains("\(broken) failed (Handled)") == true, "\(failed.lastError ?? "")")
    }

    /// `sequencer tick` killed right after its custom-runner calls returned (failpoint
    /// `after-invoke`, SIGKILL, nothing written): the runners stay where they were, and the next
    /// tick asks the function again with the same `invocationId` per runner, so the function can
    /// tell the repeat (docs/reliability.md: custom runners are called at least once).
    @Test func killedAfterInvokeTheRepeatCarriesTheSameInvocationIds() throws {
        let function = "dedup-\(UUID().uuidString.prefix(8).lowercased())"
        try createFunction(function)
        defer { deleteFunction(function) }
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "dedup", "steps": [
              {"key": "score", "runner": "lambda:\(function)", "next": "done"},
              {"key": "done", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        let ids = ["a", "b", "c"]
        try RunnerDirectory(connection: connection).enroll(ids.map { .init(id: $0, data: [:]) }, in: "dedup", now: Date(timeIntervalSince1970: 1_767_603_600))
        let answer = JSONValue.array(ids.map { ["id": .string($0), "action": "next"] }).jsonText
        try post("/moto-api/static/lambda-simple/response",
                 JSONValue.object(["region": .string(moto.region), "results": [.string(answer), .string(answer)]]).jsonText)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("dedup-\(function).json").path
        try Data(#"{"lambda": {"allowedFunctions": ["\#(function)"]}}"#.utf8).write(to: URL(fileURLWithPath: config))
        defer { unlink(config) }
        func tick(at now: String, failpoint: String? = nil) throws -> ChildProcess.Result {
            var environment = moto.environment
            environment["DATABASE_URL"] = url
            if let failpoint { environment["SEQUENCER_FAILPOINT"] = failpoint }
            return try ChildProcess.run(Executables.path(of: "sequencer"), ["tick", "--config", config, "--now", now], environment: environment)
        }
        try moto.startRecording()
        defer { try? post("/moto-api/recorder/stop-recording", "") }

        let killed = try tick(at: "2026-01-05T09:00:00Z", failpoint: "after-invoke")
        #expect(killed.status == 128 + SIGKILL, "\(killed.standardError)")
        #expect(try ids.allSatisfy { try RunnerDirectory(connection: connection).runner($0).step == "score" })
        let again = try tick(at: "2026-01-05T10:00:00Z")
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try ids.allSatisfy { try RunnerDirectory(connection: connection).runner($0).step == "done" })

        let calls = try invocations(of: function)
        #expect(calls.count == 2)
        #expect(calls.first == calls.last)
        #expect(calls.first?.keys.sorted() == ids)
        for (id, invocationID) in calls.first ?? [:] { #expect(invocationID.hasPrefix("\(id):score:")) }
    }

    /// Each recorded Invoke of `function`: runner id → its `invocationId` in the event.
    func invocations(of function: String) throws -> [[String: String]] {
        try moto.recordedRequests().filter { $0.url.hasSuffix("/functions/\(function)/invocations") }.map { request in
            let runners = try JSONValue(parsing: request.body)["runners"]?.arrayValue ?? []
            return Dictionary(uniqueKeysWithValues: runners.compactMap { runner in
                runner["id"]?.stringValue.flatMap { id in runner["invocationId"]?.stringValue.map { (id, $0) } }
            })
        }
    }

    @Test func aForgedSignatureIsAnInvocationErrorNotAMove() throws {
        var environment = moto.environment
        environment["AWS_SECRET_ACCESS_KEY"] = TestSecrets.forgedAWSSecret
        #expect {
            _ = try LambdaInvoker.factory(environment: environment)().invoke("anything", event: Data("{}".utf8), timeout: 10)
        } throws: { error in
            let text = "\(error)"
            return text.contains("LAMBDA 403") && !text.contains(TestSecrets.forgedAWSSecret)
        }
    }
}
