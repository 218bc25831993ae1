#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parameters of one statement, bound by name: each value added returns its placeholder
/// (`$1`, `$2`, …) to interpolate into the SQL, so the text and the values cannot drift apart.
///
/// ```swift
/// var binds = PostgresBindings()
/// let id = binds.add("u-1")
/// connection.query("SELECT * FROM runners WHERE id = \(id)", binds)
/// ```
/// The SQL built this way is the same text on every call (placeholders are numbered in the order
/// added), so it can be a prepared statement.
public struct PostgresBindings: Sendable {
    /// The values in placeholder order, in text form; `nil` is SQL NULL.
    public private(set) var values: [String?] = []

    public init() {}

    /// Binds `value` (text form; `nil` is NULL).
    /// - Returns: its placeholder, e.g. `$3`.
    public mutating func add(_ value: String?) -> String {
        values.append(value)
        return "$\(values.count)"
    }

    /// Binds a `text[]` literal of `values` (``PostgresText/array(_:)``).
    /// - Returns: its placeholder.
    public mutating func add(array values: [String?]) -> String {
        add(PostgresText.array(values))
    }
}
