#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// A batch's new runner states and history lines as the write statement takes them: each
/// distinct state, and each distinct history line, once; per runner and per line only what
/// differs. A tick moves most runners of a batch the same way (a thousand runners from `check`
/// to `wait` until the same instant), so PostgreSQL decodes and evaluates each state once
/// instead of once per runner.
struct BatchRows {
    /// What a runner's row is set to, apart from its visit.
    struct State: Hashable {
        var step: String
        var status: RunnerStatus
        var stepEnteredAt: Date
        var wakeAt: Date
        var attempts: Int
        var lastError: String?
        /// Sorted, for a stable key and array literal.
        var goalsReached: [String]
        /// Written with the batch's lease instead of released.
        var leased: Bool
    }

    /// A history line without its runner.
    struct Line: Hashable {
        var sequence: String
        var version: Int
        var fromStep: String?
        var toStep: String?
        var action: HistoryAction
        var message: String?
        var at: Date
    }

    /// Distinct states, in order of first use.
    private(set) var states: [State] = []
    /// Per runner of the batch (same order): its position in `states`, counted from 1 as SQL's
    /// `WITH ORDINALITY` counts.
    private(set) var stateOfRunner: [Int] = []
    /// Distinct history lines, in order of first use.
    private(set) var lines: [Line] = []
    /// Per history entry of the batch (same order): its position in `lines`, from 1.
    private(set) var lineOfEntry: [Int] = []

    /// Groups `batch`; runners in `leased` get the lease.
    init(_ batch: BatchWrite, leased: Set<String>) {
        var stateIndex: [State: Int] = [:]
        stateOfRunner.reserveCapacity(batch.runners.count)
        var sequenceOf: [String: (name: String, version: Int)] = [:]
        sequenceOf.reserveCapacity(batch.runners.count)
        for runner in batch.runners {
            sequenceOf[runner.id] = (runner.sequence, runner.version)
            let state = State(step: runner.step, status: runner.status, stepEnteredAt: runner.stepEnteredAt, wakeAt: runner.wakeAt,
                              attempts: runner.attempts, lastError: runner.lastError, goalsReached: runner.goalsReached.sorted(),
                              leased: leased.contains(runner.id))
            stateOfRunner.append(Self.position(of: state, in: &states, index: &stateIndex))
        }
        var lineIndex: [Line: Int] = [:]
        lineOfEntry.reserveCapacity(batch.history.count)
        for entry in batch.history {
            let sequence = sequenceOf[entry.runnerID] ?? ("", 0)
            let line = Line(sequence: sequence.name, version: sequence.version, fromStep: entry.fromStep, toStep: entry.toStep,
                            action: entry.action, message: entry.message, at: entry.at)
            lineOfEntry.append(Self.position(of: line, in: &lines, index: &lineIndex))
        }
    }

    /// `value`'s 1-based position in `list`, appended when new.
    private static func position<Value: Hashable>(of value: Value, in list: inout [Value], index: inout [Value: Int]) -> Int {
        if let known = index[value] { return known }
        list.append(value)
        index[value] = list.count
        return list.count
    }
}
