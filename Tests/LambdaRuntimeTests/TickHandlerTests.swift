import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

private let scheduledEvent = """
    {"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event", "source": "aws.events",
     "account": "123456789012", "time": "2026-01-05T09:00:00Z", "region": "us-west-2",
     "resources": ["arn:aws:events:us-west-2:123456789012:rule/sequencer-tick"], "detail": {}}
    """

/// The `tick` handler against a real PostgreSQL.
@Suite struct TickHandlerTests {
    /// A database with 50 runners due at a step that moves them on.
    func preparedDatabase() throws -> String {
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "s", "steps": [
              {"key": "a", "runner": "WaitForDate", "config": {"date": "2020-01-01T00:00:00Z"}, "next": "b"},
              {"key": "b", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        try RunnerDirectory(connection: connection).enroll((0..<50).map { .init(id: "r-\($0)", data: [:]) }, in: "s", now: Date())
        return url
    }

    func configFile(safetyMargin: Double) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tick-\(UUID().uuidString).json").path
        try #"{"tick": {"safetyMarginSeconds": \#(safetyMargin), "batchSize": 10}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aScheduledEventDeliveredTwiceIsHarmless() throws {
        let url = try preparedDatabase()
        let harness = try BootstrapHarness(handler: "tick", environment: ["DATABASE_URL": url, "SEQUENCER_CONFIG": try configFile(safetyMargin: 1)])
        let first = try JSONValue(parsing: try #require(harness.invoke(scheduledEvent) { $0.deadlineMilliseconds = Self.msFromNow(30) }?.responseText))
        #expect(first["examined"] == 50)
        #expect(first["moved"] == 50)
        let second = try JSONValue(parsing: try #require(harness.invoke(scheduledEvent) { $0.deadlineMilliseconds = Self.msFromNow(30) }?.responseText))
        #expect(second["examined"] == 0)
        let moves = try PostgresConnection(url: url).query("SELECT count(*) FROM sequencer.runner_history WHERE from_step = 'a'")[0][0]
        #expect(moves == "50")
    }

    /// Each tick writes one CloudWatch EMF line: the figures of its summary, and the lag — an hour
    /// when runners due an hour ago are left (a deadline already past), 0 once they moved.
    @Test func eachTickWritesItsFiguresAndTheLagAsEmbeddedMetrics() throws {
        let url = try preparedDatabase()
        _ = try PostgresConnection(url: url).query("UPDATE sequencer.runners SET wake_at = now() - interval '1 hour'")
        let harness = try BootstrapHarness(handler: "tick", environment: ["DATABASE_URL": url, "SEQUENCER_CONFIG": try configFile(safetyMargin: 1)])
        let late = try JSONValue(parsing: try #require(harness.invoke("{}") { $0.deadlineMilliseconds = Self.msFromNow(-1) }?.responseText))
        let lag = try #require(late["lagSeconds"]?.numberValue)
        #expect(lag > 3_590 && lag < 3_700)
        let done = try JSONValue(parsing: try #require(harness.invoke("{}") { $0.deadlineMilliseconds = Self.msFromNow(30) }?.responseText))
        #expect(done["moved"] == 50 && done["lagSeconds"] == 0)

        let lines = harness.process.standardOutput.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) }
            .filter { $0["_aws"] != nil }
        #expect(lines.count == 2)
        let directive = try #require(lines.last?["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first)
        #expect(directive["Namespace"] == "Sequencer")
        #expect(directive["Dimensions"] == [["Function"]])
        let names = directive["Metrics"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? []
        #expect(Set(names) == ["Moved", "Sent", "Uncertain", "Errors", "Kept", "Postponed", "Batches", "Duration", "Lag", "FanOut"])
        #expect(lines.last?["Function"] == "sequencer-test")  // AWS_LAMBDA_FUNCTION_NAME, set by the harness
        #expect(lines.last?["Moved"] == 50 && lines.last?["Batches"] == 5 && lines.last?["Lag"] == 0)
        #expect(lines.first?["Moved"] == 0 && (lines.first?["Lag"]?.numberValue ?? 0) > 3_590)
        #expect(lines.last?["_aws"]?["Timestamp"]?.numberValue.map { abs($0 / 1_000 - Date().timeIntervalSince1970) < 60 } == true)
    }

    @Test func aPastDeadlineClaimsNothingAndThreeSecondsIsEnough() throws {
        let url = try preparedDatabase()
        let harness = try BootstrapHarness(handler: "tick", environment: ["DATABASE_URL": url, "SEQUENCER_CONFIG": try configFile(safetyMargin: 1)])
        let late = try JSONValue(parsing: try #require(harness.invoke("{}") { $0.deadlineMilliseconds = Self.msFromNow(-1) }?.responseText))
        #expect(late["examined"] == 0)
        let soon = try JSONValue(parsing: try #require(harness.invoke("{}") { $0.deadlineMilliseconds = Self.msFromNow(3) }?.responseText))
        #expect(soon["examined"] == 50)
    }

    @Test func anUnreachableDatabaseIsAnInitError() throws {
        let harness = try BootstrapHarness(handler: "tick", environment: ["DATABASE_URL": "postgresql://nobody@/nothing?host=/nonexistent"])
        let initError = try #require(harness.emulator.waitForInitError(timeout: 10))
        #expect(try JSONValue(parsing: initError.body)["errorType"] == "Runtime.ConfigurationError")
        #expect(harness.process.waitForExit(timeout: 10).map { $0 != 0 } == true)
    }

    @Test func anInitErrorNeverHoldsTheDatabasePassword() throws {
        let password = TestSecrets.malformedURLPassword
        let harness = try BootstrapHarness(handler: "tick", environment: ["DATABASE_URL": "postgresql://u:\(password)@/db?host=/nonexistent"])
        let initError = try #require(harness.emulator.waitForInitError(timeout: 10))
        let message = try #require(try JSONValue(parsing: initError.body)["errorMessage"]?.stringValue)
        #expect(message == "cannot connect to PostgreSQL: invalid percent-encoded token: \"***\"")
        #expect(harness.process.waitForExit(timeout: 10).map { $0 != 0 } == true)
        #expect(!(harness.process.standardOutput + harness.process.standardError).contains(password))
    }

    @Test func aTickRejectsNonObjectEvents() throws {
        let url = try preparedDatabase()
        let harness = try BootstrapHarness(handler: "tick", environment: ["DATABASE_URL": url])
        #expect(harness.invoke("[1]")?.error?.type == "InvalidEvent")
    }

    static func msFromNow(_ seconds: Double) -> Int64 {
        Int64((Date().timeIntervalSince1970 + seconds) * 1_000)
    }
}

/// The tick's configuration with a KMS-encrypted password, decrypted at init (moto, checked signatures).
@Suite struct TickHandlerSecretsTests {
    @Test func aKMSEncryptedPasswordIsDecryptedAtInitAndAFailureIsAnInitError() throws {
        let moto = try MotoServer.shared.get()
        let url = try TestPostgres.freshDatabase()
        // postgresql://sequencer@/<name>?host=<folder>
        let name = String(url.split(separator: "@/")[1].split(separator: "?")[0])
        let folder = String(url.split(separator: "host=").last!)
        let sequencer = TestPostgres.repositoryRoot.appendingPathComponent(".build/debug/sequencer").path
        let keyAnswer = try ChildProcess.run("/usr/bin/env", ["python3", "-c", """
            import boto3; print(boto3.client("kms", endpoint_url="\(moto.url)", region_name="\(moto.region)",
              aws_access_key_id="\(moto.accessKeyID)", aws_secret_access_key="\(moto.secretAccessKey)").create_key()["KeyMetadata"]["KeyId"])
            """])
        let key = keyAnswer.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(keyAnswer.status == 0, "\(keyAnswer.standardError)")
        let encrypted = try ChildProcess.run(sequencer, ["encrypt", "--key", key], input: TestSecrets.databasePassword, environment: moto.environment)
        #expect(encrypted.status == 0, "\(encrypted.standardError)")
        let value = encrypted.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        for (password, works) in [(value, true), (#"{"kms": "AQIDBA=="}"#, false)] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("tick-\(UUID().uuidString).json").path
            try #"{"database": {"host": "\#(folder)", "name": "\#(name)", "user": "sequencer", "password": \#(password)}}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            var environment = moto.environment
            environment["SEQUENCER_CONFIG"] = path
            let harness = try BootstrapHarness(handler: "tick", environment: environment)
            if works {
                let answer = harness.invoke("{}")
                #expect(answer?.responseText?.contains("\"examined\":0") == true,
                        "\(String(describing: harness.emulator.waitForInitError(timeout: 0).map { String(decoding: $0.body, as: UTF8.self) })) \(harness.process.standardOutput)")
            } else {
                let initError = try #require(harness.emulator.waitForInitError(timeout: 10))
                let body = try JSONValue(parsing: initError.body)
                #expect(body["errorType"] == "Runtime.ConfigurationError")
                #expect(body["errorMessage"]?.stringValue?.contains("KMS 400 InvalidCiphertextException") == true)
            }
        }
    }
}
