import Foundation
import SequencerCore
import SequencerStore

/// Reads what each page shows, on one connection, and renders it with ``Pages``. Read-only:
/// only `SELECT`s, through the store's typed reads.
struct DashboardReads {
    let connection: PostgresConnection
    /// The engine time the pages are made at (UTC).
    let now: Date
    /// `tick.maxAttempts`, for explanations.
    let maxAttempts: Int

    /// How many search results and unsent deliveries a page lists.
    static let listLimit = 100

    func sequences() throws -> DashboardPage {
        let unsent = try SequenceReports(connection: connection).deliveriesPerStatus().filter { $0.status != "sent" }.reduce(0) { $0 + $1.count }
        return Pages.sequences(try SequenceCatalog(connection: connection).list(), unsent: unsent)
    }

    /// - Parameter days: the window of history, 1–366 days before `now`.
    func sequence(_ name: String, days: Int) throws -> DashboardPage {
        let catalog = SequenceCatalog(connection: connection)
        guard let version = try catalog.latestVersion(of: name) else { return Pages.notFound("No sequence named “\(name)”.") }
        let definition = try catalog.definition(name: name, version: version)
        let window = DateInterval(start: now.addingTimeInterval(-Double(days) * 86_400), end: now)
        let reports = SequenceReports(connection: connection)
        return Pages.sequence(Pages.SequenceContent(
            definition: definition, version: version, counts: try reports.graphCounts(sequence: name, window: window),
            versions: try reports.countsByVersion(sequence: name), arrivals: try reports.arrivalsPerDay(sequence: name, window: window),
            window: window))
    }

    func search(_ query: String) throws -> DashboardPage {
        let results = query.isEmpty ? [] : try RunnerDirectory(connection: connection).subjects(matching: query, limit: Self.listLimit)
        return Pages.search(query, results: results, limit: Self.listLimit)
    }

    func subject(_ id: String) throws -> DashboardPage {
        let directory = RunnerDirectory(connection: connection)
        guard let data = try directory.subjectData(id) else { return Pages.notFound("No subject with id “\(id)”.") }
        let inputs = try directory.explanationInputs(ofSubject: id, maxAttempts: maxAttempts)
        let history = inputs.isEmpty ? [] : try directory.history(id)
        return Pages.subject(Pages.SubjectContent(id: id, data: data, explanations: inputs.map { RunnerExplanation($0, now: now) },
                                                  history: history, now: now))
    }

    func outbox() throws -> DashboardPage {
        let reports = SequenceReports(connection: connection)
        return Pages.outbox(perStatus: try reports.deliveriesPerStatus(), unsent: try reports.unsentDeliveries(limit: Self.listLimit),
                            limit: Self.listLimit)
    }
}
