import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore

/// Calls the Swift task runners that perform I/O for the runners parked at their steps: one call
/// per step and batch, after the batch's commit, only for runners this tick still holds, each
/// call on a thread of its own (at most `concurrency` at once) with the deadline in its context.
struct TaskRunnerDispatch {
    let registry: TaskRunnerRegistry
    let logger: Logger

    /// Runs every group; a runner not built in keeps its runners (history `kept`, naming it).
    /// - Parameters:
    ///   - groups: each step's call and the runners parked at it.
    ///   - now: the tick's engine time; `deadline`: when the calls must be done (real time).
    /// - Returns: runner id → result (`decided`; a runner the task runner left out is missing).
    func run(_ groups: [(call: TaskRunnerCall, runners: [RunnerState])], now: Date, deadline: Date, concurrency: Int) -> [String: EffectResult] {
        let results = ConcurrentResults()
        let slots = DispatchSemaphore(value: max(1, concurrency))
        let done = DispatchGroup()
        for group in groups {
            guard let runner = registry.runner(named: group.call.name) else {
                let reason = "task runner \(group.call.name) is not built into this program (build sequencer and bootstrap with Sequencer.main(runners:))"
                results.add(Dictionary(uniqueKeysWithValues: group.runners.map { ($0.id, EffectResult.decided(.keep(reason: reason))) }))
                continue
            }
            let context = TaskRunnerContext(now: now, deadline: deadline, sequence: group.call.sequence.name, step: group.call.step)
            let call = Call(runner: runner, config: group.call.config, snapshots: group.runners.map(\.snapshot), context: context)
            slots.wait()
            done.enter()
            DetachedThread.start {
                results.add(Step.decide(call.runner, config: call.config, for: call.snapshots, context: call.context).mapValues { .decided($0) })
                slots.signal()
                done.leave()
            }
        }
        done.wait()
        return results.all
    }

    /// One call handed to its thread.
    private struct Call: Sendable {
        let runner: any TaskRunner
        let config: JSONValue
        let snapshots: [RunnerSnapshot]
        let context: TaskRunnerContext
    }
}
