#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// Effect results gathered from calls made on several threads at once (`CustomRunnerDispatch`,
/// `TaskRunnerDispatch`); a later result for a runner replaces an earlier one.
final class ConcurrentResults: @unchecked Sendable {
    // `results` is read and written under `lock` only.
    private let lock = Lock()
    private var results: [String: EffectResult] = [:]

    func add(_ more: [String: EffectResult]) {
        lock.withLock { results.merge(more) { _, new in new } }
    }

    var all: [String: EffectResult] { lock.withLock { results } }
}
