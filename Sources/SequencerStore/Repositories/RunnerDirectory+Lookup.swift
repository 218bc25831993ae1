#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension RunnerDirectory {
    /// A subject's runners, oldest enrolment first, then by sequence (only those in `sequence` when given).
    /// - Throws: `PostgresError`.
    public func runners(ofSubject subject: String, sequence: String? = nil) throws -> [RunnerState] {
        var binds = PostgresBindings()
        let id = binds.add(subject), name = binds.add(sequence)
        return try connection.query("""
            SELECT \(RunnerRow.columns) FROM \(RunnerRow.tables)
            WHERE r.subject_id = \(id) AND (\(name)::text IS NULL OR r.sequence_name = \(name))
            ORDER BY r.enrolled_at, r.sequence_name, r.id
            """, binds) { try RunnerRow.decode($0).state }
    }

    /// One runner: by its id, or the one runner of a subject (in `sequence` when given).
    /// - Throws: `CatalogError` when there is no such runner or subject, or the subject has
    ///   several runners (the error lists them: name one by id or with the sequence).
    public func runner(_ reference: String, sequence: String? = nil) throws -> RunnerState {
        var binds = PostgresBindings()
        let runner = binds.add(reference)
        let byID = try connection.query("SELECT \(RunnerRow.columns) FROM \(RunnerRow.tables) WHERE r.id = \(runner)", binds) {
            try RunnerRow.decode($0).state
        }
        if let state = byID.first, sequence == nil || state.sequence == sequence { return state }
        let ofSubject = try runners(ofSubject: reference, sequence: sequence)
        switch ofSubject.count {
        case 1: return ofSubject[0]
        case 0:
            let place = sequence.map { " in sequence \"\($0)\"" } ?? ""
            throw CatalogError(reason: "no runner or subject with id \"\(reference)\"\(place)")
        default:
            let listed = ofSubject.prefix(10).map { "\($0.id) (\($0.sequence), \($0.status.rawValue))" }.joined(separator: ", ")
            throw CatalogError(reason: "subject \"\(reference)\" has \(ofSubject.count) runners: \(listed); name one by its id or with --sequence")
        }
    }

    /// History lines of a runner (by id) or of every runner of a subject, oldest first; only
    /// those in `sequence` when given.
    /// - Throws: `CatalogError` when there is no such runner or subject.
    public func history(_ reference: String, sequence: String? = nil) throws -> [HistoryEntry] {
        var binds = PostgresBindings()
        let id = binds.add(reference), name = binds.add(sequence)
        let entries = try connection.query("""
            SELECT runner_id, from_step, to_step, action, message, extract(epoch from at)
            FROM sequencer.runner_history
            WHERE (runner_id = \(id) OR subject_id = \(id)) AND (\(name)::text IS NULL OR sequence_name = \(name))
            ORDER BY id
            """, binds) { row in
            HistoryEntry(runnerID: try row.string(0), fromStep: row.optionalString(1), toStep: row.optionalString(2),
                         action: try row.value(3, as: HistoryAction.self), message: row.optionalString(4), at: try row.date(5))
        }
        if entries.isEmpty, try runners(ofSubject: reference, sequence: sequence).isEmpty {
            _ = try runner(reference, sequence: sequence)
        }
        return entries
    }

    /// A subject's data, or `nil` when there is no such subject.
    /// - Throws: `PostgresError`.
    public func subjectData(_ subject: String) throws -> JSONValue? {
        var binds = PostgresBindings()
        let id = binds.add(subject)
        return try connection.query("SELECT data::text FROM sequencer.subjects WHERE id = \(id)", binds) { try $0.json(0) }.first
    }
}
