import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore
import SequencerTestSupport
import Testing

/// Frequency caps on the real store (issue 19.2): counted from the ledger under the subject's
/// lock, on the engine clock, across sequences and concurrent ticks.
@Suite struct FrequencyCapTests {
    static func mailing(_ name: String) -> String {
        """
        {"name": "\(name)", "steps": [
          {"key": "mail", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "\(name)"}, "next": "rest"},
          {"key": "rest", "runner": "WaitForDate", "config": {"date": "2100-01-01"}}]}
        """
    }

    static let oneADay = #"[{"channel": "email", "max": 1, "perSeconds": 86400}]"#

    /// The configuration file's caps, through the composition every command uses.
    static func senders(_ caps: String) throws -> MessageSenders {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("caps-\(UUID().uuidString).json").path
        try #"{"frequencyCaps": \#(caps)}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Configuration.load(path: path, environment: [:]).messageSenders(environment: [:])
    }

    static func tick(_ connection: PostgresConnection, at now: Date, senders: MessageSenders) throws -> TickSummary {
        try Tick(store: PostgresRunnerStore(connection: connection), configuration: TickConfiguration(batchSize: 7),
                 senders: senders, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }).run(now: now)
    }

    func tick(_ fixture: Fixture, at now: Date, senders: MessageSenders) throws -> TickSummary {
        try Self.tick(fixture.connection, at: now, senders: senders)
    }

    @Test func aSubjectInTwoSequencesGetsOneEmailTodayAndTheOtherTomorrow() throws {
        let fixture = try Fixture()
        try fixture.apply(Self.mailing("welcome"))
        try fixture.apply(Self.mailing("tips"))
        let directory = RunnerDirectory(connection: fixture.connection)
        for sequence in ["welcome", "tips"] {
            _ = try directory.enroll([RunnerDirectory.Enrollment(id: "u", data: ["email": "u@example.org"])], in: sequence, now: clock())
        }
        let senders = try Self.senders(Self.oneADay)
        _ = try tick(fixture, at: clock(), senders: senders)
        #expect(try fixture.scalar("SELECT string_agg(sequence_name || ':' || status, ',') FROM sequencer.deliveries") == "welcome:sent")
        #expect(try fixture.scalar("SELECT extract(epoch FROM attempted_at)::bigint FROM sequencer.deliveries") == String(Int(clock().timeIntervalSince1970)))
        let held = try #require(try fixture.scalar("SELECT id FROM sequencer.runners WHERE sequence_name = 'tips'"))
        // Held until a day after the first was taken: the tick's start plus the moments it ran.
        let wake = try fixture.runner(held).wakeAt
        #expect(wake >= clock(86_400) && wake < clock(86_401), "\(wake)")
        #expect(try fixture.history(held).map(\.action) == [.enrolled, .held])
        #expect(try tick(fixture, at: clock(86_399), senders: senders).examined == 0)
        _ = try tick(fixture, at: clock(86_460), senders: senders)
        #expect(try fixture.scalar("SELECT string_agg(sequence_name || ':' || status, ',' ORDER BY attempted_at) FROM sequencer.deliveries")
            == "welcome:sent,tips:sent")
        #expect(try fixture.history(held).map(\.action) == [.enrolled, .held, .next])
    }

    /// Another tick holds the subject (it is taking a row for the subject's other runner): the
    /// claim waits for it, then counts that row and is over the cap — without the subject's lock,
    /// both would count none and both send.
    @Test func aClaimWaitsForAnotherTickTakingARowForTheSameSubject() throws {
        let fixture = try Fixture()
        try fixture.apply(Self.mailing("welcome"))
        try fixture.enroll("welcome", count: 1, data: ["email": "x@example.org"], now: clock())
        try fixture.connection.query("UPDATE sequencer.runners SET lease_owner = 'a', lease_until = to_timestamp($1)",
                                     [String(clock(300).timeIntervalSince1970)])
        let other = try PostgresConnection(url: fixture.url)
        try other.execute("BEGIN")
        try other.query("SELECT 1 FROM sequencer.subjects WHERE id = 'r-0' FOR NO KEY UPDATE")
        try other.query("""
            INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload, attempted_at)
            VALUES ('r-0-tips', 'mail', 1, 'tips', 'r-0', 'email', 'outbox', 'pending', '{}', to_timestamp($1))
            """, [String(clock().timeIntervalSince1970)])
        let cap = FrequencyCap(channel: .email, max: 1, perSeconds: 86_400)
        let email = EmailMessage(from: "a@example.com", to: ["x@example.org"], cc: [], bcc: [], replyTo: [], subject: "Hi",
                                 text: nil, html: nil, configurationSet: nil)
        let record = DeliveryRecord(runnerID: "r-0", sequence: "welcome", step: "mail", visit: 1, message: .email(email), provider: .outbox,
                                    status: .pending)
        final class Box: @unchecked Sendable { var claim: Result<LedgerClaim, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let url = fixture.url
        Thread {
            box.claim = Result { try PostgresRunnerStore(connection: try PostgresConnection(url: url))
                .claimDelivery(record, lease: LeaseClaim(owner: "a", now: clock(60), until: clock(360)), caps: FrequencyCaps([cap])) }
            done.signal()
        }.start()
        #expect(try fixture.waitsOnALock(done))
        try other.execute("COMMIT")
        done.wait()
        #expect(try box.claim?.get() == .overCap(cap, until: clock(86_400)))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.deliveries WHERE runner_id = 'r-0'") == "0")
    }

    /// Two ticks at once over 40 subjects, each in three sequences: one email per subject.
    @Test func concurrentTicksSendOneEmailPerSubject() throws {
        let fixture = try Fixture()
        let directory = RunnerDirectory(connection: fixture.connection)
        let subjects = (0..<40).map { RunnerDirectory.Enrollment(id: "s-\($0)", data: ["email": .string("s\($0)@example.org")]) }
        for sequence in ["one", "two", "three"] {
            try fixture.apply(Self.mailing(sequence))
            _ = try directory.enroll(subjects, in: sequence, now: clock())
        }
        let url = fixture.url
        let group = DispatchGroup()
        final class Errors: @unchecked Sendable { var list: [any Error] = []; let lock = NSLock() }
        let errors = Errors()
        for _ in 0..<2 {
            group.enter()
            Thread {
                do {
                    _ = try Self.tick(try PostgresConnection(url: url), at: clock(), senders: try Self.senders(Self.oneADay))
                } catch {
                    errors.lock.withLock { errors.list.append(error) }
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(errors.list.isEmpty, "\(errors.list)")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.deliveries") == "40")
        #expect(try fixture.scalar("SELECT count(DISTINCT subject_id) FROM sequencer.deliveries") == "40")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE step = 'mail' AND wake_at BETWEEN to_timestamp($1) AND to_timestamp($2)",
                                   [String(clock(86_400).timeIntervalSince1970), String(clock(86_401).timeIntervalSince1970)]) == "80")
    }
}
