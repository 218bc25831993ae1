import Foundation
import SequencerCore

/// How a `runners` row is selected and read into a ``RunnerState``: the one decoder of runner rows.
enum RunnerRow {
    /// The select list, from `runners r`; ``decode(_:)`` reads it in this order.
    static let columns = """
        r.id, r.sequence_name, r.sequence_version, r.step, r.data::text, extract(epoch from r.step_entered_at),
        r.status, extract(epoch from r.wake_at), r.attempts, r.last_error, r.visit, r.goals_reached, r.data_revision
        """

    /// How many columns ``columns`` selects (more may follow it).
    static let count = 13

    /// A runner from a row of ``columns``, read in place.
    /// - Throws: `PostgresError` naming the column when a cell is not what the schema promises
    ///   (or `data` is not JSON Sequencer can read).
    static func decode(_ row: PostgresRow) throws(PostgresError) -> RunnerState {
        RunnerState(
            id: try row.string(0), sequence: try row.string(1), version: try row.int(2), step: try row.string(3),
            data: try row.json(4), stepEnteredAt: try row.date(5), status: try row.value(6, as: RunnerStatus.self),
            wakeAt: try row.date(7), attempts: try row.int(8), lastError: row.optionalString(9), visit: try row.int(10),
            goalsReached: Set(try row.stringArray(11)), dataRevision: try row.int64(12))
    }
}
