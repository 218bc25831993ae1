#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// Sequence definitions loaded from the store, kept for the tick's life: a stored version never
/// changes, so each is read once. Shared by the tick's workers.
final class DefinitionCache: @unchecked Sendable {
    // @unchecked: `loaded` is read and written under `lock`.
    private let lock = Lock()
    private var loaded: [SequenceVersion: SequenceDefinition] = [:]

    /// The definitions the runners run on, read from `store` when not loaded yet.
    /// - Throws: the store's error when one cannot be read.
    func load(for runners: [RunnerState], from store: some RunnerStore) throws -> [SequenceVersion: SequenceDefinition] {
        var wanted: [SequenceVersion: SequenceDefinition] = [:]
        var last: SequenceVersion?
        for runner in runners where runner.version != last?.version || runner.sequence != last?.name {
            let key = runner.sequenceVersion
            last = key
            if wanted[key] != nil { continue }
            if let known = lock.withLock({ loaded[key] }) {
                wanted[key] = known
                continue
            }
            let definition = try store.definition(of: key)
            lock.withLock { loaded[key] = definition }
            wanted[key] = definition
        }
        return wanted
    }
}
