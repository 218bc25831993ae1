import Foundation
import SequencerCore
import Testing

private func parse(_ text: String) -> SequenceDefinition {
    try! SequenceDefinition.parse(try! JSONValue(parsing: text))
}

private let version1 = parse("""
    {"name": "s", "steps": [
      {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}, "next": "old-email"},
      {"key": "old-email", "runner": "Email", "config": {"from": "a@example.com", "to": "b@example.com", "subject": "x"}, "next": "won"},
      {"key": "won", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.won"}, "compareTo": {"type": "raw", "value": true}}}
    ]}
    """)
private let version2 = parse("""
    {"name": "s", "steps": [
      {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 2, "unit": "days"}, "next": "new-email"},
      {"key": "new-email", "runner": "Email", "config": {"from": "a@example.com", "to": "b@example.com", "subject": "y"}, "next": "won"},
      {"key": "won", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.won"}, "compareTo": {"type": "raw", "value": true}}}
    ]}
    """)

struct MigrationTests {
    let machine = RunnerMachine(retry: RetryPolicy())
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func runner(at step: String) -> RunnerState {
        RunnerState(id: "r", sequence: "s", version: 1, step: step, data: [:], stepEnteredAt: now.addingTimeInterval(-3_600),
                    wakeAt: now.addingTimeInterval(80_000), attempts: 2, lastError: "boom", visit: 4)
    }

    @Test func aMigratedRunnerKeepsItsStepVisitAndEntryAndIsDueAtOnce() throws {
        let outcome = try #require(machine.migrate(runner(at: "wait"), to: version2, version: 2, mapping: [:], now: now))
        #expect(outcome.state.version == 2 && outcome.state.step == "wait" && outcome.state.visit == 4)
        #expect(outcome.state.stepEnteredAt == now.addingTimeInterval(-3_600))
        #expect(outcome.state.wakeAt == .distantPast && outcome.state.attempts == 0 && outcome.state.lastError == nil)
        #expect(outcome.history == [HistoryEntry(runnerID: "r", fromStep: "wait", toStep: "wait", action: .migrated, message: "v1 → v2", at: now)])
        #expect(!outcome.entered)
    }

    @Test func aMappedStepMovesAndAGoalItLandsOnCountsAsReached() throws {
        let mapped = try #require(machine.migrate(runner(at: "old-email"), to: version2, version: 2, mapping: ["old-email": "new-email"], now: now))
        #expect(mapped.state.step == "new-email")
        #expect(mapped.history.first?.message == "v1 → v2 (old-email mapped to new-email)")
        let atGoal = try #require(machine.migrate(runner(at: "wait"), to: version2, version: 2, mapping: ["wait": "won"], now: now))
        #expect(atGoal.state.goalsReached == ["won"])
    }

    @Test func onlyActiveRunnersWithAPlaceInTheTargetMove() {
        var finished = runner(at: "wait")
        finished.status = .completed
        #expect(machine.migrate(finished, to: version2, version: 2, mapping: [:], now: now) == nil)
        #expect(machine.migrate(runner(at: "old-email"), to: version2, version: 2, mapping: [:], now: now) == nil)
        #expect(machine.migrate(runner(at: "wait"), to: version1, version: 1, mapping: [:], now: now) == nil)
    }

    @Test func theCheckNamesUnmappedStepsWithTheirRunners() {
        let migration = SequenceMigration(sequence: "s", from: 1, to: 2)
        let problems = migration.problems(runnersAt: ["wait": 10, "old-email": 3], source: version1, target: version2)
        #expect(problems == [.unmappedStep("old-email", runners: 3)])
        #expect(problems[0].description == "old-email (3 runners) is not a step of the target version; map it with --map old-email=STEP")
        var mapped = migration
        mapped.mapping = ["old-email": "new-email"]
        #expect(mapped.problems(runnersAt: ["wait": 10, "old-email": 3], source: version1, target: version2).isEmpty)
        mapped.mapping = ["old-emial": "newer"]
        #expect(mapped.problems(runnersAt: [:], source: version1, target: version2)
                == [.mappedFromUnknownStep("old-emial"), .mappedToMissingStep(from: "old-emial", to: "newer")])
        #expect(SequenceMigration(sequence: "s", from: 2, to: 2).problems(runnersAt: [:], source: nil, target: version2) == [.sameVersion(2)])
    }

    @Test func applyNotesRunnersLeftOnOlderVersions() {
        #expect(SequenceMigration.olderRunnersNote([], sequence: "onboarding", latest: 3) == "")
        #expect(SequenceMigration.olderRunnersNote([(2, 1_204)], sequence: "onboarding", latest: 3)
                == "; 1,204 active runners stay on v2: `sequencer sequences migrate onboarding --from 2 --to 3`")
        #expect(SequenceMigration.olderRunnersNote([(1, 4), (2, 1_200)], sequence: "onboarding", latest: 3)
                == "; 1,204 active runners stay on v1–v2 (v1: 4, v2: 1,200): `sequencer sequences migrate onboarding --from V --to 3` for each V")
        #expect(SequenceMigration.olderRunnersNote([(1, 1)], sequence: "s", latest: 2).contains("1 active runner stays on v1"))
    }
}
