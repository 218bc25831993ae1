import CLibPQ
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SequencerCore

/// One libpq connection (`PGconn`), owned by one caller at a time; closed in `deinit`.
///
/// Every statement goes through `PQexecParams`/`PQexecPrepared` with bound text parameters
/// (``PostgresBindings``), never SQL built from values. Results are read through ``PostgresRow``
/// and `PQclear`ed before returning.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// SQL text → name of its server-side prepared statement on this connection.
    private var prepared: [String: String] = [:]
    /// Whether ``preparedQuery(_:_:row:)`` keeps named statements (see ``PreparedStatements``).
    public let usesPreparedStatements: Bool

    /// Connects with a libpq connection string or URI, e.g.
    /// `postgresql://sequencer@/sequencer?host=/path/to/socket-dir`.
    /// - Throws: `PostgresError` with code `connectionFailed` and libpq's message, redacted by
    ///   ``ConnectionSecrets``: neither the URL nor its password (as written, percent-decoded, or a
    ///   piece libpq split off a malformed one) appears in it.
    ///
    /// The connection sets nothing in its session — no `SET`, no SQL `PREPARE`, no advisory lock
    /// or `LISTEN` — so it runs unchanged through PgBouncer in transaction mode and RDS Proxy
    /// without pinning: every timestamp is read and written as seconds since 1970 (no dependence
    /// on the server's `TimeZone`), and NOTICE messages are dropped by a notice processor
    /// instead of `client_min_messages`.
    /// - Parameter statements: named prepared statements or not; by default the setting of
    ///   `SEQUENCER_PREPARED_STATEMENTS` (``PreparedStatements/fromEnvironment(_:)``).
    public init(url: String, statements: PreparedStatements? = nil) throws(PostgresError) {
        var setting = PreparedStatements.auto
        if let statements { setting = statements } else { setting = try PreparedStatements.fromEnvironment() }
        guard let connection = PQconnectdb(url) else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingWhitespaceAndNewlines()
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: ConnectionSecrets(url).redact(message))
        }
        handle = connection
        usesPreparedStatements = setting.isOn(port: String(cString: PQport(connection)))
        // No NOTICE chatter (e.g. "relation already exists, skipping") on stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the connection to the server is lost (the server restarted or went away); a new
    /// connection is needed then.
    public var isBroken: Bool {
        PQstatus(handle) != CONNECTION_OK
    }

    /// Runs one statement with `$1…$n` bound to `bindings`.
    /// - Returns: the rows, copied out.
    /// - Throws: `PostgresError` with the server's SQLSTATE and message.
    @discardableResult
    public func query(_ sql: String, _ bindings: PostgresBindings = PostgresBindings()) throws(PostgresError) -> [PostgresRow] {
        try query(sql, bindings.values)
    }

    /// Runs one statement with `$1…$n` bound to `parameters` (text form; `nil` is SQL NULL).
    /// - Returns: the rows, copied out.
    /// - Throws: `PostgresError` with the server's SQLSTATE and message.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> [PostgresRow] {
        let result = withCStrings(parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try copyRows(try checked(result))
    }

    /// Runs one statement and decodes each row with `row`, reading the result in place.
    /// - Throws: `PostgresError`, or what `row` throws.
    public func query<T>(_ sql: String, _ bindings: PostgresBindings, row decode: (PostgresRow) throws -> T) throws -> [T] {
        let result = withCStrings(bindings.values) { values in
            PQexecParams(handle, sql, Int32(bindings.values.count), nil, values, nil, nil, 0)
        }
        return try decodeRows(try checked(result), decode)
    }

    /// Runs one statement as ``query(_:_:row:)`` does, through a server-side prepared statement
    /// made on first use (`PQprepare`), so PostgreSQL parses and plans it once per connection:
    /// for the statements a tick runs per batch. Unnamed, as ``query(_:_:row:)``, when the
    /// connection does not use prepared statements (``usesPreparedStatements``).
    /// - Throws: `PostgresError`, or what `row` throws.
    public func preparedQuery<T>(_ sql: String, _ bindings: PostgresBindings, row decode: (PostgresRow) throws -> T) throws -> [T] {
        guard usesPreparedStatements else { return try query(sql, bindings, row: decode) }
        return try decodeRows(try executePrepared(sql, bindings.values), decode)
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations, `BEGIN`).
    /// - Throws: `PostgresError`.
    public func execute(_ sql: String) throws(PostgresError) {
        PQclear(try checked(PQexec(handle, sql)))
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

    /// `PQexecPrepared` of `sql`, prepared on first use; the result is checked, not cleared.
    private func executePrepared(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> OpaquePointer {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "sequencer_\(prepared.count + 1)"
            PQclear(try checked(PQprepare(handle, name, sql, Int32(parameters.count), nil)))
            prepared[sql] = name
        }
        let result = withCStrings(parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        return try checked(result)
    }

    private func decodeRows<T>(_ result: OpaquePointer, _ decode: (PostgresRow) throws -> T) throws -> [T] {
        defer { PQclear(result) }
        let count = Int(PQntuples(result))
        var rows: [T] = []
        rows.reserveCapacity(count)
        for index in 0..<count {
            rows.append(try decode(PostgresRow(storage: .live(result: result), index: index)))
        }
        return rows
    }

    private func copyRows(_ result: OpaquePointer) throws(PostgresError) -> [PostgresRow] {
        defer { PQclear(result) }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        return (0..<rowCount).map { row in
            let values = (0..<columnCount).map { column -> String? in
                PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
            return PostgresRow(storage: .copied(values: values, columns: columns), index: row)
        }
    }

    /// The result when it is not an error; the server's error (the result cleared) when it is.
    private func checked(_ result: OpaquePointer?) throws(PostgresError) -> OpaquePointer {
        guard let result else {
            throw PostgresError(code: .connectionFailed, message: String(cString: PQerrorMessage(handle)).trimmingWhitespaceAndNewlines())
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let error = Self.error(of: result)
            PQclear(result)
            throw error
        }
    }

    private static func error(of result: OpaquePointer) -> PostgresError {
        let field = { (code: Character) in PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) } }
        let primary = field("M") ?? String(cString: PQresultErrorMessage(result))
        return PostgresError(code: .server(sqlState: field("C") ?? ""), message: primary, detail: field("D"))
    }

    private func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = values.map { $0.map { strdup($0) } ?? nil }
        defer { pointers.forEach { free($0) } }
        return body(pointers.map { UnsafePointer($0) })
    }
}

/// An error from PostgreSQL or libpq. Messages come from the server or libpq; a connection
/// error's message is redacted (``ConnectionSecrets``) so it holds neither the connection URL nor
/// its password.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case connectionFailed
        /// The server's SQLSTATE, e.g. `23505` (unique violation).
        case server(sqlState: String)
        /// A row held a value the reader did not expect (NULL, or text not of the column's type).
        case unexpectedValue
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
        case .unexpectedValue: "unexpected value from PostgreSQL: \(message)"
        }
    }
}
