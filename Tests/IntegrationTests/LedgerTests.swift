import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// The delivery ledger and leases on the real store (`docs/reliability.md`).
@Suite struct LedgerTests {
    let mail = """
        {"name": "mail", "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    func record(_ runner: String) -> DeliveryRecord {
        let email = EmailMessage(from: "a@example.com", to: ["x@example.org"], cc: [], bcc: [], replyTo: [], subject: "Hi",
                                 text: nil, html: nil, configurationSet: nil)
        return DeliveryRecord(runnerID: runner, sequence: "mail", step: "hello", visit: 1, message: .email(email), provider: .ses,
                              status: .pending)
    }

    /// A runner leased to `owner` until `until` (engine clock).
    func leased(_ fixture: Fixture, owner: String, until: Date) throws {
        try fixture.apply(mail)
        try fixture.enroll("mail", count: 1, data: ["email": "x@example.org"], now: clock())
        try fixture.connection.query("UPDATE sequencer.runners SET lease_owner = $1, lease_until = to_timestamp($2)",
                                     [owner, String(until.timeIntervalSince1970)])
    }

    /// Another tick's `pending` row, not committed yet, is waited for and then seen: exactly one
    /// tick owns a ledger row, whatever the interleaving (the old claim read back in the same
    /// statement, missed such a row, and both sent).
    @Test func exactlyOneTickOwnsALedgerRow() throws {
        let fixture = try Fixture()
        try leased(fixture, owner: "b", until: clock(300))
        let other = try PostgresConnection(url: fixture.url)
        try other.execute("BEGIN")
        try other.query("""
            INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload)
            VALUES ('r-0', 'hello', 1, 'mail', 'r-0', 'email', 'ses', 'pending', '{}')
            """)
        final class Box: @unchecked Sendable { var claim: Result<LedgerClaim, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let url = fixture.url
        let record = record("r-0")
        Thread {
            box.claim = Result { try PostgresRunnerStore(connection: try PostgresConnection(url: url))
                .claimDelivery(record, lease: LeaseClaim(owner: "b", now: clock(1), until: clock(301))) }
            done.signal()
        }.start()
        #expect(try fixture.waitsOnALock(done))
        try other.execute("COMMIT")
        done.wait()
        #expect(try box.claim?.get() == .earlier(.pending))
        #expect(try fixture.scalar("SELECT status FROM sequencer.deliveries") == "uncertain")
    }

    @Test func aClaimNeedsTheLeaseAndRenewsIt() throws {
        let fixture = try Fixture()
        try leased(fixture, owner: "a", until: clock(300))
        let store = PostgresRunnerStore(connection: fixture.connection)
        #expect(try store.claimDelivery(record("r-0"), lease: LeaseClaim(owner: "b", now: clock(), until: clock(600))) == .leaseLost)
        #expect(try store.claimDelivery(record("r-0"), lease: LeaseClaim(owner: "a", now: clock(301), until: clock(600))) == .leaseLost)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.deliveries") == "0")
        #expect(try store.claimDelivery(record("r-0"), lease: LeaseClaim(owner: "a", now: clock(200), until: clock(500))) == .claimed)
        #expect(try fixture.scalar("SELECT extract(epoch from lease_until)::bigint FROM sequencer.runners") == String(Int(clock(500).timeIntervalSince1970)))
        #expect(try store.claimDelivery(record("r-0"), lease: LeaseClaim(owner: "a", now: clock(201), until: clock(500))) == .earlier(.pending))
    }

    /// A failed row (provably not sent) is taken again; a sent or uncertain one never.
    @Test func onlyAFailedRowIsTakenAgain() throws {
        let fixture = try Fixture()
        try leased(fixture, owner: "a", until: clock(300))
        let store = PostgresRunnerStore(connection: fixture.connection)
        let lease = LeaseClaim(owner: "a", now: clock(), until: clock(300))
        for (status, expected) in [("failed", LedgerClaim.claimed), ("sent", .earlier(.sent)), ("uncertain", .earlier(.uncertain))] {
            try fixture.connection.query("DELETE FROM sequencer.deliveries")
            try fixture.connection.query("""
                INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload)
                VALUES ('r-0', 'hello', 1, 'mail', 'r-0', 'email', 'ses', $1, '{}')
                """, [status])
            #expect(try store.claimDelivery(record("r-0"), lease: lease) == expected, "\(status)")
        }
    }

    /// Data PostgreSQL stores but Sequencer's JSON refuses (a number beyond Double, nesting deeper
    /// than 512) fails that runner, naming the problem; the rest of its batch moves, every tick.
    @Test func anUnreadableSubjectFailsItsRunnerAndTheBatchMoves() throws {
        let fixture = try Fixture()
        try fixture.apply(SampleSequences.chain)
        try fixture.enroll("chain", count: 3, data: ["plan": "free"], now: clock())
        try fixture.connection.query("UPDATE sequencer.subjects SET data = '{\"n\": 1e400}' WHERE id = 'r-1'")
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        try fixture.connection.query("UPDATE sequencer.subjects SET data = jsonb_build_object('deep', $1::jsonb) WHERE id = 'r-2'", [deep])
        let summary = try fixture.tick(at: clock())
        #expect(summary.examined == 3 && summary.failed == 2 && summary.moved == 1)
        let broken = try fixture.runner("r-1")
        #expect(broken.status == .failed)
        #expect(broken.lastError?.contains("the subject's data is not JSON Sequencer can read") == true, "\(broken.lastError ?? "")")
        #expect(try fixture.runner("r-0").step == "wait-a-day")
        #expect(try fixture.tick(at: clock(60)).examined == 0)
    }
}
