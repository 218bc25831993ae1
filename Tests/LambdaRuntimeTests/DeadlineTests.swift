import AWS
import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

/// The real `bootstrap` tick handler with a deadline a few seconds away and a provider that
/// answers slowly: it sends what the deadline allows, writes nothing for the rest, and the next
/// invocation sends those — every message exactly once (issue 14).
@Suite struct DeadlineTests {
    @Test func aTickWhoseDeadlineEndsMidSendLosesNothing() throws {
        let moto = try MotoServer.shared.get()
        try moto.verifyEmailIdentity()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "slow", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Once"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        let subjects = (0..<30).map { RunnerDirectory.Enrollment(id: "d\($0)", data: ["email": .string("d\($0)-\(tag)@example.org")]) }
        try RunnerDirectory(connection: connection).enroll(subjects, in: "slow", now: Date())

        let proxy = try BackgroundProcess(TestPostgres.repositoryRoot.appendingPathComponent("scripts/slow-proxy").path,
                                          [moto.url, "0.25"], environment: [:])
        var proxyURL = ""
        for _ in 0..<500 where proxyURL.isEmpty {
            proxyURL = proxy.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
            if proxyURL.isEmpty { usleep(20_000) }
        }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("deadline-\(tag).json").path
        try #"{"tick": {"safetyMarginSeconds": 1}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        var environment = moto.environment
        environment["AWS_ENDPOINT_URL_SESV2"] = proxyURL
        environment["DATABASE_URL"] = url
        environment["SEQUENCER_CONFIG"] = config
        environment["SEQUENCER_EMAIL_PROVIDER"] = "ses"
        let harness = try BootstrapHarness(handler: "tick", environment: environment)

        let first = try JSONValue(parsing: try #require(harness.invoke("{}") {
            $0.deadlineMilliseconds = Int64((Date().timeIntervalSince1970 + 6) * 1_000)
        }?.responseText))
        let sentFirst = Int(first["sent"]?.numberValue ?? -1)
        #expect(sentFirst > 0 && sentFirst < 30, "\(first.jsonText)")
        #expect(first["postponed"]?.numberValue == Double(30 - sentFirst))
        #expect(try connection.query("SELECT count(*) FROM sequencer.deliveries")[0][0] == String(sentFirst))

        let second = try JSONValue(parsing: try #require(harness.invoke("{}") {
            $0.deadlineMilliseconds = Int64((Date().timeIntervalSince1970 + 120) * 1_000)
        }?.responseText))
        #expect(second["sent"]?.numberValue == Double(30 - sentFirst), "\(second.jsonText)")
        let data = try JSONValue(parsing: try MotoServer.json("/moto-api/data.json"))
        let recipients = (data["ses"]?["Message"]?.arrayValue ?? []).flatMap { $0["destinations"]?["ToAddresses"]?.arrayValue ?? [] }
            .compactMap(\.stringValue).filter { $0.contains(tag) }
        #expect(recipients.count == 30 && Set(recipients).count == 30)
        #expect(try connection.query("SELECT count(*) FROM sequencer.deliveries WHERE status = 'sent'")[0][0] == "30")
    }
}
