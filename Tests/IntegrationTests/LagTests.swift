import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

/// The lag the tick reports (the `Lag` metric): the age of the oldest due wake time.
@Suite struct LagTests {
    let definition = """
        {"name": "goal", "steps": [
          {"key": "wait", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"},
                                                      "compareTo": {"type": "raw", "value": "paid"}}, "next": "later"},
          {"key": "later", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    @Test func aRunnerDueForAnHourLagsAnHourAndOneWokenByADataChangeCountsFromTheChange() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        let now = Date()
        try fixture.enroll("goal", count: 2, data: ["plan": "trial"], now: now.addingTimeInterval(-86_400))
        _ = try fixture.tick(at: now.addingTimeInterval(-86_400))  // both wait for a data change
        let directory = RunnerDirectory(connection: fixture.connection)
        #expect(try directory.lag(now: now) == 0)

        // r-0 was due an hour ago and nobody ticked.
        _ = try fixture.connection.query("UPDATE sequencer.runners SET wake_at = now() - interval '1 hour' WHERE id = 'r-0'")
        let hour = try directory.lag(now: Date())
        #expect(hour > 3_590 && hour < 3_700)

        // r-1's subject changes now: due at once, counted from the change, not from its last move a day ago.
        _ = try fixture.connection.query("UPDATE sequencer.runners SET wake_at = 'infinity' WHERE id = 'r-0'")
        try RunnerDirectory(connection: fixture.connection).update("r-1", merging: ["plan": "paid"])
        #expect(try fixture.runner("r-1").wakeAt == .distantPast)
        #expect(try directory.lag(now: Date()) < 60)
        _ = try fixture.tick(at: Date())
        #expect(try directory.lag(now: Date()) == 0)
    }
}
