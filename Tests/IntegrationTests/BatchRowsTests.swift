import Foundation
import SequencerCore
@testable import SequencerStore
import Testing

/// How a batch is grouped for the write statement: each distinct state and history line once,
/// every runner and entry pointing at its own, in order.
@Suite struct BatchRowsTests {
    func runner(_ id: String, step: String, wake: TimeInterval, visit: Int = 2, goals: Set<String> = []) -> RunnerState {
        RunnerState(id: id, sequence: "s", version: 3, step: step, data: [:], stepEnteredAt: clock(), wakeAt: clock(wake),
                    visit: visit, goalsReached: goals)
    }

    @Test func runnersMovedAlikeShareOneStateAndKeepTheirOwnVisit() {
        let batch = BatchWrite(runners: [
            runner("a", step: "wait", wake: 60, visit: 2),
            runner("b", step: "other", wake: 60),
            runner("c", step: "wait", wake: 60, visit: 7),
            runner("d", step: "wait", wake: 60, goals: ["g2", "g1"]),
        ], lease: BatchLease(owner: "t", until: clock(300), runnerIDs: ["c"]))
        let rows = BatchRows(batch, leased: ["c"])
        #expect(rows.states.map(\.step) == ["wait", "other", "wait", "wait"])
        #expect(rows.states.map(\.leased) == [false, false, true, false])
        #expect(rows.states[3].goalsReached == ["g1", "g2"])
        #expect(rows.stateOfRunner == [1, 2, 3, 4])

        let alike = BatchRows(BatchWrite(runners: (0..<1000).map { runner("r\($0)", step: "wait", wake: 60, visit: $0) }), leased: [])
        #expect(alike.states.count == 1)
        #expect(alike.stateOfRunner == Array(repeating: 1, count: 1000))
    }

    @Test func historyLinesAreSharedAndEntriesKeepTheirOrder() {
        let entries = [
            HistoryEntry(runnerID: "a", fromStep: "c0", toStep: "g0", action: .next, message: "gte is true", at: clock()),
            HistoryEntry(runnerID: "b", fromStep: "c0", toStep: "g0", action: .next, message: "gte is true", at: clock()),
            HistoryEntry(runnerID: "a", fromStep: "g0", toStep: "c1", action: .goTo, message: "go to c1", at: clock()),
            HistoryEntry(runnerID: "b", fromStep: "g0", toStep: "c1", action: .goTo, message: "go to c1", at: clock()),
            HistoryEntry(runnerID: "a", fromStep: "c1", toStep: nil, action: .completed, message: nil, at: clock()),
        ]
        let rows = BatchRows(BatchWrite(runners: [runner("a", step: "c1", wake: 0), runner("b", step: "c1", wake: 0)], history: entries),
                             leased: [])
        #expect(rows.lines.count == 3)
        #expect(rows.lineOfEntry == [1, 1, 2, 2, 3])
        #expect(rows.lines.allSatisfy { $0.sequence == "s" && $0.version == 3 })
        #expect(rows.lines[2].toStep == nil && rows.lines[2].message == nil)
    }
}
