import CLibPQ
import Foundation

/// One libpq connection (`PGconn`), owned by one caller at a time; closed in `deinit`.
///
/// Every statement goes through `PQexecParams` with bound text parameters, never SQL built from
/// values. Results are copied out and `PQclear`ed before returning.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// SQL text → name of its server-side prepared statement on this connection.
    private var prepared: [String: String] = [:]

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

    /// Runs one statement as ``query(_:_:)`` does, through a server-side prepared statement made on
    /// first use (`PQprepare`), so PostgreSQL parses and plans it once per connection: for the
    /// statements a tick runs per batch.
    /// - Throws: `PostgresError` with the server's SQLSTATE and message.
    @discardableResult
    public func preparedQuery(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> PostgresRows {
        try take(executePrepared(sql, parameters))
    }

    /// Runs one statement as ``preparedQuery(_:_:)`` and hands its result to `decode` in place,
    /// without copying every value into a `String` first (the tick's claim reads thousands of rows).
    /// - Throws: `PostgresError`, or what `decode` throws.
    public func preparedQuery<T>(_ sql: String, _ parameters: [String?], decode: (PostgresResultReader) throws -> T) throws -> T {
        let result = try executePrepared(sql, parameters)
        defer { PQclear(result) }
        return try decode(PostgresResultReader(result: result))
    }

    /// `PQexecPrepared` of `sql`, prepared on first use; the result is checked, not cleared.
    private func executePrepared(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> OpaquePointer {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "sequencer_\(prepared.count + 1)"
            _ = try take(PQprepare(handle, name, sql, Int32(parameters.count), nil))
            prepared[sql] = name
        }
        let result = withCStrings(parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        guard let result else {
            throw PostgresError(code: .connectionFailed, message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return result
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
        try check(result)
        return PostgresRows(result)
    }

    /// Throws the server's error when `result` is one.
    private func check(_ result: OpaquePointer) throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
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

/// Read access to a libpq result while it is alive (inside `preparedQuery(_:_:decode:)`):
/// values in PostgreSQL's text form, as C strings or bytes, without copies.
public struct PostgresResultReader {
    fileprivate let result: OpaquePointer

    /// Rows in the result.
    public var rowCount: Int { Int(PQntuples(result)) }

    /// Whether the value at `row`, `column` is SQL NULL.
    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    /// The value as a Swift string, `nil` for NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }

    /// The value's bytes (valid until `decode` returns), `nil` for NULL.
    public func bytes(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// An integer value; `nil` for NULL or text that is not one.
    public func integer(_ row: Int, _ column: Int) -> Int64? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let number = strtoll(value, &end, 10)
        return end != value && end?.pointee == 0 ? Int64(number) : nil
    }

    /// A float value (`Infinity` and `-Infinity` included); `nil` for NULL or not a number.
    public func double(_ row: Int, _ column: Int) -> Double? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let number = strtod(value, &end)
        return end != value && end?.pointee == 0 ? number : nil
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
