import AWS
import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// The delivery promise proven by killing the real `sequencer tick` process at each named point
/// (`SEQUENCER_FAILPOINT`, SIGKILL), then ticking again, and comparing what moto's SES and SNS
/// received with the ledger (docs/reliability.md, "Fault matrix"). The custom-runner point
/// (`after-invoke`) is in `LambdaMotoTests`, which has a moto of its own.
@Suite(.serialized) struct FailpointKillTests {
    let moto: MotoServer.Instance

    init() throws {
        moto = try MotoServer.shared.get()
        try moto.verifyEmailIdentity()
    }

    /// The messaging step a kill test sends through, and how its recipients are told apart.
    enum Channel {
        case email, sms

        /// The step, sending to `data.to`.
        var step: String {
            switch self {
            case .email: #"{"key": "hello", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.to}}", "subject": "Once"}, "next": "wait"}"#
            case .sms: #"{"key": "hello", "runner": "SMS", "config": {"from": "+15555550100", "to": "{{data.to}}", "message": "Once"}, "next": "wait"}"#
            }
        }

        /// Runner `index`'s address or phone number, unique to the test (`tag`).
        func recipient(_ index: Int, tag: String) -> String {
            switch self {
            case .email: "s\(index)-\(tag)@example.org"
            case .sms: "+1999\(tag)\(String(format: "%04d", index))"
            }
        }

        /// Recipient → messages moto received.
        func received(from data: JSONValue) -> [String: Int] {
            var counts: [String: Int] = [:]
            switch self {
            case .email:
                for message in data["ses"]?["Message"]?.arrayValue ?? [] {
                    for address in message["destinations"]?["ToAddresses"]?.arrayValue ?? [] {
                        if let text = address.stringValue { counts[text, default: 0] += 1 }
                    }
                }
            case .sms:
                for message in data["sns"]?["SMS"]?.arrayValue ?? [] {
                    if let phone = message["phone_number"]?.stringValue { counts[phone, default: 0] += 1 }
                }
            }
            return counts
        }
    }

    /// Runs `sequencer tick --now T` as a process with SES and SNS on moto (and a failpoint when
    /// given; with `workers`, a configuration of that many tick workers).
    func tick(_ url: String, at now: String, failpoint: String? = nil, workers: Int? = nil) throws -> ChildProcess.Result {
        var environment = moto.environment
        environment["DATABASE_URL"] = url
        environment["SEQUENCER_CONFIG"] = ""
        environment["SEQUENCER_EMAIL_PROVIDER"] = "ses"
        environment["SEQUENCER_SMS_PROVIDER"] = "sns"
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
    /// and how many emails are left `uncertain` by the kill, with 200 runners.
    @Test(arguments: [("after-claim", 0), ("after-pending-commit", 1), ("after-provider-accepted", 1), ("before-sent-commit", 1),
                      ("mid-write", 0), ("mid-write:2", 0)])
    func killedAtEachPointNobodyGetsTwoEmails(_ point: String, _ expectedUncertain: Int) throws {
        let tag = "\(point.replacingOccurrences(of: ":", with: "-"))-\(UUID().uuidString.prefix(6).lowercased())"
        try killAndTickAgain(at: point, channel: .email, runners: 200, tag: tag, expectedUncertain: expectedUncertain)
    }

    /// The same through SNS, at the points around the provider's answer (100 runners; each case a
    /// phone prefix of its own, since moto keeps every SMS of the run).
    @Test(arguments: [("after-provider-accepted", "101"), ("before-sent-commit", "102")])
    func killedAroundAnSMSNobodyGetsTwoTexts(_ point: String, _ prefix: String) throws {
        try killAndTickAgain(at: point, channel: .sms, runners: 100, tag: prefix, expectedUncertain: 1)
    }

    func killAndTickAgain(at point: String, channel: Channel, runners: Int, tag: String, expectedUncertain: Int) throws {
        let url = try TestPostgres.freshDatabase()
        let connection = try PostgresConnection(url: url)
        let json = try JSONValue(parsing: """
            {"name": "kill", "steps": [\(channel.step),
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        _ = try SequenceCatalog(connection: connection).apply([(try SequenceDefinition.parse(json), json)])
        let subjects = (0..<runners).map { RunnerDirectory.Enrollment(id: "s\($0)", data: ["to": .string(channel.recipient($0, tag: tag))]) }
        try RunnerDirectory(connection: connection).enroll(subjects, in: "kill", now: Date(timeIntervalSince1970: 1_767_603_600))

        // mid-write:2 is the write after the sends only when the runners are one batch: two
        // workers claiming at once may split them (FOR UPDATE SKIP LOCKED), and then the second
        // write is the other batch's own, with a send of the first maybe in flight. One worker
        // keeps that case exact; the others hold with two.
        let killed = try tick(url, at: "2026-01-05T09:00:00Z", failpoint: point, workers: point == "mid-write:2" ? 1 : nil)
        #expect(killed.status == 128 + SIGKILL, "\(killed.standardError)")
        // After the dead tick's leases (300 s from the engine time of their writing), twice: every
        // runner is taken again.
        #expect(try tick(url, at: "2026-01-05T10:00:00Z").status == 0)
        #expect(try tick(url, at: "2026-01-05T10:00:01Z").status == 0)

        let all = channel.received(from: try JSONValue(parsing: try MotoServer.json("/moto-api/data.json")))
        let received = Dictionary(uniqueKeysWithValues: (0..<runners).map { ("s\($0)", all[channel.recipient($0, tag: tag)] ?? 0) })
        let ledger = try connection.query("SELECT runner_id, status FROM sequencer.deliveries").map { ($0[0]!, $0[1]!) }
        #expect(received.values.allSatisfy { $0 <= 1 }, "a duplicate: \(received.filter { $0.value > 1 })")
        let uncertain = Set(ledger.filter { $0.1 == "uncertain" }.map(\.0))
        // With two workers, sends run one at a time: at most one message was in flight at the kill.
        #expect(uncertain.count == expectedUncertain)
        for (runner, got) in received {
            #expect(got == 1 || uncertain.contains(runner), "\(runner) got \(got) and is not uncertain")
        }
        #expect(try connection.query("SELECT count(*) FROM sequencer.runners WHERE step = 'wait' AND lease_owner IS NULL")[0][0]
                == String(runners))
        // One ledger row per runner, sent (received exactly once) or uncertain.
        #expect(ledger.count == runners)
        #expect(ledger.allSatisfy { $0.1 == "sent" || $0.1 == "uncertain" })
        #expect(ledger.filter { $0.1 == "sent" }.allSatisfy { received[$0.0] == 1 })
    }
}
