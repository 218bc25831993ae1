#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// What the workers of one tick share: the summary so far, whether to go on, the first error.
final class TickProgress: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = Lock()
    private var summary = TickSummary()
    private var finished = false
    private var error: (any Error)?
    private let shouldClaimMore: () -> Bool

    init(shouldClaimMore: @escaping () -> Bool) {
        self.shouldClaimMore = shouldClaimMore
    }

    /// Whether a worker should claim another batch.
    func shouldContinue() -> Bool {
        lock.withLock { !finished && error == nil && shouldClaimMore() }
    }

    /// Adds a batch's summary; `finished`: the batch was short, nothing more is due.
    func add(_ batch: TickSummary, finished: Bool) {
        lock.withLock {
            summary.add(batch)
            if finished { self.finished = true }
        }
    }

    func fail(_ error: any Error) {
        lock.withLock { self.error = self.error ?? error }
    }

    /// The summary, or the first error.
    func result() throws -> TickSummary {
        try lock.withLock {
            if let error { throw error }
            return summary
        }
    }
}
