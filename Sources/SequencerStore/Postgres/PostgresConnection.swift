import CLibPQ
import Foundation

/// One libpq connection (`PGconn`), owned by one caller at a time; closed in `deinit`.
///
/// Every statement goes through `PQexecParams` with bound text parameters, never SQL built from
/// values. Results are copied out and `PQclear`ed before returning.
public final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects with a libpq connection string or URI, e.g.
    /// `postgresql://sequencer@/sequencer?host=/path/to/socket-dir`.
    /// - Throws: `PostgresError` with code `connectionFailed` and libpq's message (no password).
    public init(url: String) throws(PostgresError) {
        guard let connection = PQconnectdb(url) else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        handle = connection
        // UTC for timestamps; no NOTICE chatter (e.g. "relation already exists, skipping") on stderr.
        try execute("SET TIME ZONE 'UTC'; SET client_min_messages = warning")
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs one statement with `$1…$n` bound to `parameters` (text form; `nil` is SQL NULL).
    /// - Returns: the rows, values in text form.
    /// - Throws: `PostgresError` with the server's SQLSTATE and message.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let result = withCStrings(parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try take(result)
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations, `BEGIN`).
    /// - Throws: `PostgresError`.
    public func execute(_ sql: String) throws(PostgresError) {
        _ = try take(PQexec(handle, sql))
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func take(_ result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw PostgresError(code: .connectionFailed, message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? String(cString: PQresultErrorMessage(result))
            let detail = PQresultErrorField(result, Int32(UInt8(ascii: "D"))).map { String(cString: $0) }
            throw PostgresError(code: .server(sqlState: state), message: primary, detail: detail)
        }
    }

    private func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = values.map { $0.map { strdup($0) } ?? nil }
        defer { pointers.forEach { free($0) } }
        return body(pointers.map { UnsafePointer($0) })
    }
}

/// Rows copied out of a libpq result, values in PostgreSQL's text form.
public struct PostgresRows: Sendable, RandomAccessCollection {
    public let columns: [String]
    private let values: [[String?]]

    init(_ result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        values = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    /// The values of one row, in column order.
    public subscript(position: Int) -> [String?] { values[position] }
}

/// An error from PostgreSQL or libpq. Messages come from the server or libpq, which never
/// include the connection password.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case connectionFailed
        /// The server's SQLSTATE, e.g. `23505` (unique violation).
        case server(sqlState: String)
    }

    public var code: Code
    public var message: String
    public var detail: String?

    public init(code: Code, message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    public var description: String {
        switch code {
        case .connectionFailed: "cannot connect to PostgreSQL: \(message)"
        case .server(let state): "PostgreSQL error \(state): \(message)" + (detail.map { " (\($0))" } ?? "")
        }
    }
}
