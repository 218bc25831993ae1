#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension SequenceReports {
    /// Runners that took one branch of a `Split` step, over all history kept.
    public struct SplitCount: Sendable, Hashable {
        public var sequence: String
        public var version: Int
        /// The `Split` step's key.
        public var step: String
        /// The branch's step; `nil` for a branch that ends the sequence (a holdout).
        public var branch: String?
        public var count: Int
    }

    /// Moves through `Split` steps per sequence version, step and branch (history action `split`;
    /// all sequences when `sequence` is `nil`). Rows pruned from history are no longer counted.
    /// - Throws: `PostgresError`.
    public func splitCounts(sequence: String?) throws -> [SplitCount] {
        var binds = PostgresBindings()
        let name = binds.add(sequence), action = binds.add(HistoryAction.split.rawValue)
        return try connection.query("""
            SELECT sequence_name, sequence_version, from_step, to_step, count(*) FROM sequencer.runner_history
            WHERE action = \(action) AND (\(name)::text IS NULL OR sequence_name = \(name))
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """, binds) { row in
            SplitCount(sequence: try row.string(0), version: try row.int(1), step: try row.string(2),
                       branch: row.optionalString(3), count: try row.int(4))
        }
    }
}
