import Dispatch
import Foundation
import SequencerStore

/// The dashboard's one database connection, used by one request at a time on a serial queue
/// of its own, so libpq's blocking calls never run on Swift's cooperative threads. Opened on
/// first use and again after a connection error.
final class DashboardDatabase: @unchecked Sendable {
    private let url: String
    private let queue = DispatchQueue(label: "sequencer.dashboard.database")
    // Touched only on `queue`.
    private var connection: PostgresConnection?

    /// - Parameter url: a libpq connection string or URI.
    init(url: String) {
        self.url = url
    }

    /// Runs `body` with the connection, on the database queue.
    /// - Throws: `PostgresError` when the connection cannot be opened, or what `body` throws.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    let connection = try self.connection ?? PostgresConnection(url: self.url)
                    self.connection = connection
                    do {
                        return try body(connection)
                    } catch let error as PostgresError where error.code == .connectionFailed {
                        self.connection = nil
                        throw error
                    }
                })
            }
        }
    }
}
