import CLibPQ
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// One row of a result, read with typed accessors that throw — naming the column — on NULL or on
/// text that is not of the type (never a force unwrap). Values come in PostgreSQL's text form.
///
/// Rows handed to a `decode` closure read libpq's buffer in place (no `String` per cell: the
/// tick's claim reads thousands); rows returned by ``PostgresConnection/query(_:_:)`` hold copies.
public struct PostgresRow {
    enum Storage {
        case copied(values: [String?], columns: [String])
        case live(result: OpaquePointer)
    }

    let storage: Storage
    /// The row's position in its result, from 0.
    public let index: Int

    // MARK: Raw cells

    /// Whether the cell is SQL NULL.
    public func isNull(_ column: Int) -> Bool {
        switch storage {
        case .copied(let values, _): values[column] == nil
        case .live(let result): PQgetisnull(result, Int32(index), Int32(column)) == 1
        }
    }

    /// The column's name.
    public func name(_ column: Int) -> String {
        switch storage {
        case .copied(_, let columns): columns[column]
        case .live(let result): String(cString: PQfname(result, Int32(column)))
        }
    }

    /// The cell's bytes (valid while the row is), `nil` for NULL.
    func withBytes<T>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        switch storage {
        case .copied(let values, _):
            guard var text = values[column] else { return try body(nil) }
            return try text.withUTF8 { try body($0) }
        case .live(let result):
            guard !isNull(column), let value = PQgetvalue(result, Int32(index), Int32(column)) else { return try body(nil) }
            let length = Int(PQgetlength(result, Int32(index), Int32(column)))
            return try body(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length))
        }
    }

    /// The cell as text, `nil` for NULL (the form tests and reports read).
    public subscript(column: Int) -> String? {
        optionalString(column)
    }

    // MARK: Typed reads

    /// Text, `nil` for NULL.
    public func optionalString(_ column: Int) -> String? {
        withBytes(column) { bytes in bytes.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Text.
    /// - Throws: `PostgresError` when the cell is NULL.
    public func string(_ column: Int) throws(PostgresError) -> String {
        guard let text = optionalString(column) else { throw unexpected(column, "is NULL") }
        return text
    }

    /// A whole number (`integer`, `bigint`).
    /// - Throws: `PostgresError` when NULL or not a number.
    public func int64(_ column: Int) throws(PostgresError) -> Int64 {
        guard let text = optionalString(column) else { throw unexpected(column, "is NULL") }
        guard let number = Int64(text) else { throw unexpected(column, "is not a whole number") }
        return number
    }

    /// A whole number that fits `Int`.
    /// - Throws: `PostgresError` when NULL or not a number.
    public func int(_ column: Int) throws(PostgresError) -> Int { Int(try int64(column)) }

    /// A float (`Infinity`, `-Infinity` included), `nil` for NULL.
    /// - Throws: `PostgresError` when the text is not a number.
    public func optionalDouble(_ column: Int) throws(PostgresError) -> Double? {
        guard let text = optionalString(column) else { return nil }
        guard let number = Double(text) else { throw unexpected(column, "is not a number") }
        return number
    }

    /// A float.
    /// - Throws: `PostgresError` when NULL or not a number.
    public func double(_ column: Int) throws(PostgresError) -> Double {
        guard let number = try optionalDouble(column) else { throw unexpected(column, "is NULL") }
        return number
    }

    /// A `boolean` (`t`/`f`).
    /// - Throws: `PostgresError` when NULL or not a boolean.
    public func bool(_ column: Int) throws(PostgresError) -> Bool {
        switch try string(column) {
        case "t": return true
        case "f": return false
        default: throw unexpected(column, "is not a boolean")
        }
    }

    /// An instant selected as `extract(epoch from …)` (infinities to distant future/past), `nil` for NULL.
    /// - Throws: `PostgresError` when not a number.
    public func optionalDate(_ column: Int) throws(PostgresError) -> Date? {
        try optionalDouble(column).map { PostgresText.date(epoch: $0) }
    }

    /// An instant selected as `extract(epoch from …)`.
    /// - Throws: `PostgresError` when NULL or not a number.
    public func date(_ column: Int) throws(PostgresError) -> Date {
        PostgresText.date(epoch: try double(column))
    }

    /// A `json`/`jsonb` value selected as text, parsed in place: the value or the parser's
    /// error; `nil` for NULL.
    public func parsedJSON(_ column: Int) -> Result<JSONValue, JSONTextError>? {
        withBytes(column) { bytes -> Result<JSONValue, JSONTextError>? in
            guard let bytes else { return nil }
            return Result { () throws(JSONTextError) in try JSONValue(parsingUTF8: bytes) }
        }
    }

    /// A `json`/`jsonb` value selected as text, parsed in place.
    /// - Throws: `PostgresError` when NULL or not JSON Sequencer accepts (the parser's reason).
    public func json(_ column: Int) throws(PostgresError) -> JSONValue {
        let parsed: Result<JSONValue, JSONTextError>? = withBytes(column) { bytes -> Result<JSONValue, JSONTextError>? in
            guard let bytes else { return nil }
            return Result { () throws(JSONTextError) in try JSONValue(parsingUTF8: bytes) }
        }
        switch parsed {
        case nil: throw unexpected(column, "is NULL")
        case .success(let value)?: return value
        case .failure(let error)?: throw unexpected(column, "is not JSON Sequencer can read: \(error)")
        }
    }

    /// A one-dimensional `text[]`.
    /// - Throws: `PostgresError` when NULL.
    public func stringArray(_ column: Int) throws(PostgresError) -> [String] {
        let text = try string(column)
        return text == "{}" ? [] : PostgresText.parseArray(text).compactMap { $0 }
    }

    /// A value of a closed set stored as its raw string (a status, an action).
    /// - Throws: `PostgresError` when NULL or not one of the set.
    public func value<T: RawRepresentable>(_ column: Int, as type: T.Type) throws(PostgresError) -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else { throw unexpected(column, "holds \"\(text)\", not a known \(type)") }
        return value
    }

    private func unexpected(_ column: Int, _ problem: String) -> PostgresError {
        PostgresError(code: .unexpectedValue, message: "column \(name(column)) of row \(index + 1) \(problem)")
    }
}
