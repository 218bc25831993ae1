import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

/// `sequencer run` as a real process against a PostgreSQL server of its own, which the test
/// stops and starts again (issue 14).
@Suite(.serialized) struct RunCommandTests {
    /// Polls `condition` every 20 ms for at most `seconds`.
    func eventually(_ seconds: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    @Test func survivesADatabaseRestartAndStopsCleanlyOnSIGTERM() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-pg-\(UUID().uuidString.prefix(8))").path
        let url = try TestPostgres.runScript("pg", ["start", folder]).trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? TestPostgres.runScript("pg", ["stop", folder]) }
        let cli = SequencerCLI(databaseURL: url)
        #expect(try cli.run(["migrate"]).status == 0)
        let definition = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).json").path
        try #"{"name": "r", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}"#
            .write(toFile: definition, atomically: true, encoding: .utf8)
        #expect(try cli.run(["sequences", "apply", definition]).status == 0)
        #expect(try cli.run(["enroll", "r", "-"], input: #"{"id": "a"}"#).status == 0)

        let run = try BackgroundProcess(SequencerCLI.binary, ["run", "--every", "0.2"],
                                        environment: ["DATABASE_URL": url, "SEQUENCER_CONFIG": ""])
        #expect(eventually(20) { run.standardOutput.contains("examined 1") })
        _ = try TestPostgres.runScript("pg", ["stop", folder])
        #expect(eventually(20) { run.standardError.contains("database unreachable") })
        let ticksBefore = run.standardOutput.components(separatedBy: "tick at").count
        _ = try TestPostgres.runScript("pg", ["start", folder])
        #expect(eventually(60) { run.standardError.contains("database reachable again") })
        #expect(eventually(20) { run.standardOutput.components(separatedBy: "tick at").count > ticksBefore + 1 })
        #expect(run.standardError.components(separatedBy: "database unreachable").count == 2)  // one line per outage

        kill(run.pid, SIGTERM)
        #expect(run.waitForExit(timeout: 20) == 0)
        #expect(run.standardOutput.hasSuffix("stopped\n"))
    }
}
