import Dispatch
import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerStore
import Synchronization
import Testing

@Suite struct ConcurrentTickTests {
    /// Two ticks at once over the same 10,000 due runners, each with three workers: each runner
    /// moves exactly once.
    @Test func twoTicksNeverProcessARunnerTwice() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "race", "steps": [
              {"key": "a", "runner": "WaitForDate", "config": {"date": "2026-01-01T00:00:00Z"}, "next": "b"},
              {"key": "b", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}
            ]}
            """)
        try fixture.enroll("race", count: 10_000, now: clock())

        let summaries = Mutex<[TickSummary]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        let url = fixture.url
        for index in 0..<2 {
            DispatchQueue.global().async(group: group) {
                do {
                    let stores = try (0..<3).map { _ in PostgresRunnerStore(connection: try PostgresConnection(url: url)) }
                    let tick = Tick(stores: stores, configuration: TickConfiguration(batchSize: 250),
                                    logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, owner: "tick-\(index)")
                    let summary = try tick.run(now: clock())
                    summaries.withLock { $0.append(summary) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        let all = summaries.withLock { $0 }
        #expect(all.count == 2)
        #expect(all.map(\.examined).reduce(0, +) == 10_000)
        #expect(all.map(\.moved).reduce(0, +) == 10_000)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE from_step = 'a' AND to_step = 'b'") == "10000")
        #expect(try fixture.scalar("SELECT count(DISTINCT runner_id) FROM sequencer.runner_history WHERE from_step = 'a'") == "10000")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE step = 'b' AND lease_owner IS NULL") == "10000")
        // A third tick finds nothing due.
        #expect(try fixture.tick(at: clock()).examined == 0)
    }

    /// Tick after tick with several workers, as `simulate` and `run --every` do: workers end
    /// cleanly every time (their threads once outlived a closure they had been lent).
    @Test func manyTicksWithSeveralWorkersInARow() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "loop", "steps": [
              {"key": "a", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "seconds"}, "next": "b"},
              {"key": "b", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "seconds"}, "next": "c"},
              {"key": "c", "runner": "GoTo", "config": {"step": "a"}}
            ]}
            """)
        try fixture.enroll("loop", count: 40, now: clock())
        let stores = try (0..<4).map { _ in PostgresRunnerStore(connection: try PostgresConnection(url: fixture.url)) }
        let tick = Tick(stores: stores, configuration: TickConfiguration(batchSize: 5),
                        logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        var moved = 0
        for second in 0..<150 {
            moved += try tick.run(now: clock(TimeInterval(second))) { true }.moved
        }
        // Every runner moves once a second after the first: 149 seconds × 40 runners.
        #expect(moved == 149 * 40)
    }
}
