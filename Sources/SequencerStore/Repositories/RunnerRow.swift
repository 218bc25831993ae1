#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// How a runner is selected with its subject's data and read into a ``RunnerState``: the one
/// decoder of runner rows.
enum RunnerRow {
    /// The tables ``columns`` reads: runners `r` with their subjects `s`.
    static let tables = "sequencer.runners r JOIN sequencer.subjects s ON s.id = r.subject_id"

    /// The select list, from ``tables``; ``decode(_:)`` reads it in this order.
    static let columns = """
        r.id, r.subject_id, r.sequence_name, r.sequence_version, r.step, s.data::text, r.event::text,
        extract(epoch from r.step_entered_at), r.status, extract(epoch from r.wake_at), r.attempts, r.last_error, r.visit,
        r.goals_reached, r.data_revision
        """

    /// How many columns ``columns`` selects (more may follow it).
    static let count = 15

    /// A runner from a row of ``columns``, read in place: its state, or — when its subject's data or its
    /// event cannot be read — its state with that part empty and the reason, so one unreadable
    /// row does not stop its batch.
    /// - Throws: `PostgresError` when another column is not what the schema promises (a database
    ///   fault, not a data one).
    static func decode(_ row: PostgresRow) throws(PostgresError) -> (state: RunnerState, unreadable: String?) {
        var problems: [String] = []
        func json(_ column: Int, _ what: String) throws(PostgresError) -> JSONValue {
            switch row.parsedJSON(column) {
            case nil: throw PostgresError(code: .unexpectedValue, message: "column \(row.name(column)) of row \(row.index + 1) is NULL")
            case .success(let value)?: return value
            case .failure(let error)?:
                problems.append("\(what) is not JSON Sequencer can read (\(error))")
                return .object([:])
            }
        }
        let state = RunnerState(
            id: try row.string(0), subject: try row.string(1), sequence: try row.string(2), version: try row.int(3),
            step: try row.string(4), data: try json(5, "the subject's data"), event: try json(6, "the runner's event"),
            stepEnteredAt: try row.date(7), status: try row.value(8, as: RunnerStatus.self), wakeAt: try row.date(9),
            attempts: try row.int(10), lastError: row.optionalString(11), visit: try row.int(12),
            goalsReached: Set(try row.stringArray(13)), dataRevision: try row.int64(14))
        return (state, problems.isEmpty ? nil : problems.joined(separator: "; "))
    }
}
