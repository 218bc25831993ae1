import AWS
import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// The delivery promise proven by killing the real `sequencer tick` process at each named point
/// (`SEQUENCER_FAILPOINT`, SIGKILL), then ticking again, and comparing what moto's SES received
/// with the ledger (docs/reliability.md, "Fault matrix").
@Suite(.serialized) struct FailpointKillTests {
    static let runners = 200
    let moto: MotoServer.Instance

    init() throws {
        moto = try MotoServer.shared.get()
        let client = try AWSClient(environment: try AWSEnvironment(environment: moto.environment))
        _ = try? client.send(.sesv2, method: "POST", path: "/v2/email/identities", headers: [("Content-Type", "application/json")],
                             body: Data(#"{"EmailIdentity": "example.com"}"#.utf8))
    }

    /// Runs `sequencer tick --now T` as a process with SES on moto (and a failpoint when given;
    /// with `workers`, a configuration of that many tick workers).
    func tick(_ url: String, at now: String, failpoint: String? = nil, workers: Int? = nil) throws -> ChildProcess.Result {
        var environment = moto.environment
        environment["DATABASE_URL"] = url
        environment["SEQUENCER_CONFIG"] = ""
        environment["SEQUENCER_EMAIL_PROVIDER"] = "ses"
        if let failpoint { environment["SEQUENCER_FAILPOINT"] = failpoint }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: config) }
        if let workers {
            try #"{"tick": {"workers": \#(workers)}}"#.write(toFile: config, atomically: true, encoding: .utf8)
            environment["SEQUENCER_CONFIG"] = config
        }
        return try ChildProcess.run(Executables.path(of: "sequencer"), ["tick", "--now", now], environment: environment)
    }

    /// Each failpoint (`mid-write:2` is the write after the sends, the first one the batch's own)
    /// and how many messages are left `uncertain` by the kill.
    @Test(arguments: [("after-claim", 0), ("after-pending-commit", 1), ("after-provider-accepted", 1), ("before-sent-commit", 1),
                      ("mid-write", 0), ("mid-write:2", 0)])
    func killedAtEachPointNobodyGetsTwoEmails(_ point: String, _ expectedUncertain: Int) throws {
        let tag = "\(point.replacingOccurrences(of: ":", with: "-"))-\(UUID().uuidString.prefix(6).lowercased())"
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "kill", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Once"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        let subjects = (0..<Self.runners).map { RunnerDirectory.Enrollment(id: "s\($0)", data: ["email": .string("s\($0)-\(tag)@example.org")]) }
        try RunnerDirectory(connection: connection).enroll(subjects, in: "kill", now: Date(timeIntervalSince1970: 1_767_603_600))

        // mid-write:2 is the write after the sends only when the 200 runners are one batch: two
        // workers claiming at once may split them (FOR UPDATE SKIP LOCKED), and then the second
        // write is the other batch's own, with a send of the first maybe in flight. One worker
        // keeps that case exact; the others hold with two.
        let killed = try tick(url, at: "2026-01-05T09:00:00Z", failpoint: point, workers: point == "mid-write:2" ? 1 : nil)
        #expect(killed.status == 128 + SIGKILL, "\(killed.standardError)")
        // After the dead tick's leases (300 s from the engine time of their writing), twice: every
        // runner is taken again.
        #expect(try tick(url, at: "2026-01-05T10:00:00Z").status == 0)
        #expect(try tick(url, at: "2026-01-05T10:00:01Z").status == 0)

        let received = try emailsReceived(tagged: tag)
        let ledger = try connection.query("SELECT runner_id, status FROM sequencer.deliveries").map { ($0[0]!, $0[1]!) }
        #expect(received.values.allSatisfy { $0 == 1 }, "a duplicate: \(received.filter { $0.value > 1 })")
        let uncertain = Set(ledger.filter { $0.1 == "uncertain" }.map(\.0))
        // With two workers, sends run one at a time: at most one message was in flight at the kill.
        #expect(uncertain.count == expectedUncertain)
        for index in 0..<Self.runners {
            let got = received["s\(index)-\(tag)@example.org"] ?? 0
            #expect(got == 1 || uncertain.contains("s\(index)"), "s\(index) got \(got) and is not uncertain")
        }
        #expect(try connection.query("SELECT count(*) FROM sequencer.runners WHERE step = 'wait' AND lease_owner IS NULL")[0][0]
                == String(Self.runners))
        // One ledger row per runner, sent (received exactly once) or uncertain.
        #expect(ledger.count == Self.runners)
        #expect(ledger.allSatisfy { $0.1 == "sent" || $0.1 == "uncertain" })
        #expect(ledger.filter { $0.1 == "sent" }.allSatisfy { received["\($0.0)-\(tag)@example.org"] == 1 })
    }

    /// Recipient → emails moto received, for this test's tag.
    func emailsReceived(tagged tag: String) throws -> [String: Int] {
        let data = try JSONValue(parsing: try MotoServer.json("/moto-api/data.json"))
        var counts: [String: Int] = [:]
        for message in data["ses"]?["Message"]?.arrayValue ?? [] {
            for address in message["destinations"]?["ToAddresses"]?.arrayValue ?? [] {
                guard let text = address.stringValue, text.contains(tag) else { continue }
                counts[text, default: 0] += 1
            }
        }
        return counts
    }
}
