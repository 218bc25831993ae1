import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

/// `sequencer prune`: history before a time, ledger rows no runner can need again, the per-runner
/// history cap, expired idempotency keys — in batches (issue 15.4).
@Suite struct RetentionTests {
    /// Two history lines an hour, forever.
    let loop = """
        {"name": "loop", "steps": [
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "hours"}, "next": "again"},
          {"key": "again", "runner": "GoTo", "config": {"step": "wait"}}]}
        """

    /// A migrated database with `runners` looping runners ticked every hour for `hours` hours.
    func looping(runners: Int, hours: Int) throws -> Fixture {
        let fixture = try Fixture()
        try fixture.apply(loop)
        try fixture.enroll("loop", count: runners, now: clock())
        for hour in 0...hours { _ = try fixture.tick(at: clock(Double(hour) * 3600)) }
        return fixture
    }

    func count(_ fixture: Fixture, _ table: String, _ condition: String = "true") throws -> Int {
        Int(try fixture.scalar("SELECT count(*) FROM sequencer.\(table) WHERE \(condition)") ?? "") ?? -1
    }

    @Test func historyBeforeATimeGoesInBatchesAndTheRestStays() throws {
        let fixture = try looping(runners: 2, hours: 6)
        let cutoff = clock(3 * 3600)
        let old = try count(fixture, "runner_history", "at < to_timestamp(\(cutoff.timeIntervalSince1970))")
        let total = try count(fixture, "runner_history")
        #expect(old > 6 && old < total)

        let deleted = try Retention(connection: fixture.connection, batchSize: 3).deleteHistory(before: cutoff)

        #expect(deleted == old)
        #expect(try count(fixture, "runner_history") == total - old)
        #expect(try count(fixture, "runner_history", "at < to_timestamp(\(cutoff.timeIntervalSince1970))") == 0)
    }

    @Test func eachRunnerKeepsItsNewestLinesUpToTheCap() throws {
        let fixture = try looping(runners: 3, hours: 5)
        try fixture.enroll("loop", count: 1, prefix: "short", now: clock(5 * 3600))
        let lines = try count(fixture, "runner_history", "runner_id = 'r-0'")
        #expect(lines == 11)
        let newest = try fixture.connection.query(
            "SELECT id FROM sequencer.runner_history WHERE runner_id = 'r-1' ORDER BY id DESC LIMIT 4").map { $0[0] }

        // One runner per statement (batch size 100 / 100): the walk over runners is exercised.
        let trimmed = try Retention(connection: fixture.connection, batchSize: 100).trimHistory(perRunner: 4)

        #expect(trimmed.lines == 3 * (lines - 4) && trimmed.runners == 3)
        #expect(try count(fixture, "runner_history", "runner_id LIKE 'r-%'") == 12)
        #expect(try fixture.connection.query(
            "SELECT id FROM sequencer.runner_history WHERE runner_id = 'r-1' ORDER BY id DESC").map { $0[0] } == newest)
        #expect(try count(fixture, "runner_history", "runner_id = 'short-0'") == 1)
        #expect(try Retention(connection: fixture.connection).trimHistory(perRunner: 4) == (0, 0))
    }

    /// A ledger row goes only when its runner can never be at that visit again, and it is settled.
    @Test func ledgerRowsGoWhenNoRunnerCanNeedThem() throws {
        let fixture = try looping(runners: 0, hours: 0)
        try fixture.enroll("loop", count: 1, prefix: "active", now: clock())
        try fixture.enroll("loop", count: 1, prefix: "cancelled", now: clock())
        try fixture.enroll("loop", count: 1, prefix: "failed", now: clock())
        try fixture.connection.execute("""
            UPDATE sequencer.runners SET visit = 3 WHERE id = 'active-0';
            UPDATE sequencer.runners SET visit = 2, status = 'cancelled', ended_at = now() WHERE id = 'cancelled-0';
            UPDATE sequencer.runners SET visit = 2, status = 'failed', ended_at = now() WHERE id = 'failed-0';
            INSERT INTO sequencer.deliveries (runner_id, step, visit, sequence_name, subject_id, channel, provider, status, payload, created_at)
            SELECT r.id, 'wait', v, 'loop', r.subject_id, 'email', 'outbox', 'sent', '{}', now() - interval '2 days'
            FROM sequencer.runners r CROSS JOIN generate_series(1, r.visit) v;
            UPDATE sequencer.deliveries SET created_at = now() + interval '1 day' WHERE runner_id = 'active-0' AND visit = 2;
            UPDATE sequencer.deliveries SET status = 'uncertain' WHERE runner_id = 'cancelled-0' AND visit = 1;
            """)

        let deleted = try Retention(connection: fixture.connection, batchSize: 2).deleteDeliveries(before: Date())

        let kept = try fixture.connection.query("SELECT runner_id || ':' || visit FROM sequencer.deliveries ORDER BY 1").map { $0[0] }
        #expect(kept == ["active-0:2", "active-0:3", "cancelled-0:1", "failed-0:2"])
        #expect(deleted == 3)
    }

    @Test func expiredIdempotencyKeysGo() throws {
        let fixture = try Fixture()
        try fixture.connection.execute("""
            INSERT INTO sequencer.idempotency_keys (key, answer, created_at)
            SELECT 'old-' || n, '{}', now() - interval '25 hours' FROM generate_series(1, 5) n;
            INSERT INTO sequencer.idempotency_keys (key, answer) VALUES ('fresh', '{}');
            """)
        #expect(try Retention(connection: fixture.connection, batchSize: 2).deleteExpiredKeys() == 5)
        #expect(try fixture.scalar("SELECT string_agg(key, ',') FROM sequencer.idempotency_keys") == "fresh")
    }

    @Test func theCommandPrintsWhatItDeleted() throws {
        let fixture = try looping(runners: 2, hours: 3)
        let cli = SequencerCLI(databaseURL: fixture.url)
        let result = try cli.run(["prune", "--before", "2026-01-05T10:30:00Z", "--history-per-runner", "3", "--batch-size", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == """
            history lines before 2026-01-05T10:30:00Z: 6 deleted
            ledger rows before 2026-01-05T10:30:00Z of runners past that visit or ended: 0 deleted
            history lines beyond 3 per runner: 2 deleted from 2 runners
            expired idempotency keys: 0 deleted

            """)
        #expect(try count(fixture, "runner_history") == 6)
        #expect(try cli.run(["prune", "--before", "soon"]).standardError.contains("--before: \"soon\" is not an ISO-8601 date"))
    }
}
