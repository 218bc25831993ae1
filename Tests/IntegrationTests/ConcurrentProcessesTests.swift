import Dispatch
import Foundation
import SequencerCore
import SequencerTestSupport
import Synchronization
import Testing

/// Issue 18's proof of fan-out's premise: tick processes started at once — as fan-out workers
/// are — share the due runners through `FOR UPDATE SKIP LOCKED`, and each runner moves once.
@Suite struct ConcurrentProcessesTests {
    /// Four real `sequencer tick` processes with eight workers (connections) each over 200,000
    /// due runners: every runner moved exactly once, the moves the four summaries report equal
    /// the history lines written, and a fifth tick finds nothing due.
    @Test func fourTickProcessesMoveEachOf200000RunnersOnce() throws {
        let fixture = try Fixture()
        try fixture.apply("""
            {"name": "crowd", "steps": [
              {"key": "a", "runner": "WaitForDate", "config": {"date": "2026-01-01T00:00:00Z"}, "next": "b"},
              {"key": "b", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}
            ]}
            """)
        for chunk in 0..<4 {
            try fixture.enroll("crowd", count: 50_000, prefix: "c\(chunk)", now: clock())
        }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("crowd-\(UUID().uuidString).json").path
        try #"{"tick": {"workers": 8, "batchSize": 500}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }

        let results = Mutex<[ChildProcess.Result]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        let now = Moment.formatISO8601(clock(60))
        let url = fixture.url
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                do {
                    let result = try ChildProcess.run(SequencerCLI.binary, ["tick", "--now", now],
                                                      environment: ["DATABASE_URL": url, "SEQUENCER_CONFIG": config])
                    results.withLock { $0.append(result) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        let all = results.withLock { $0 }
        #expect(all.count == 4 && all.allSatisfy { $0.status == 0 }, "\(all.map(\.standardError))")
        let moved = all.compactMap { Self.figure("moved", in: $0.standardOutput) }
        #expect(moved.count == 4)
        // The work was shared, not done by one process while the others waited.
        #expect(moved.filter { $0 > 0 }.count >= 2, "moves per process: \(moved)")
        #expect(moved.reduce(0, +) == 200_000)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE from_step = 'a' AND to_step = 'b'") == "200000")
        #expect(try fixture.scalar("SELECT count(DISTINCT runner_id) FROM sequencer.runner_history WHERE from_step = 'a'") == "200000")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE step = 'b' AND lease_owner IS NULL") == "200000")
        #expect(try fixture.tick(at: clock(60)).examined == 0)
    }

    /// A figure of the tick's summary line (`moved 123`).
    static func figure(_ name: String, in line: String) -> Int? {
        guard let range = line.range(of: "\(name) ") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
