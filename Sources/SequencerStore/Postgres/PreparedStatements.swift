#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whether a connection keeps named, protocol-level prepared statements (`PQprepare` once, then
/// `PQexecPrepared`) for the statements a tick repeats, or sends each one unnamed
/// (`PQexecParams`: parsed and planned every time).
///
/// Named statements live in one server session. Behind PgBouncer in transaction mode before
/// 1.21 (Debian 12 ships 1.18) a transaction may run on another server connection, where the
/// statement does not exist: they must be off. RDS Proxy multiplexes protocol-level prepared
/// statements without pinning (since late 2023), and a direct connection keeps them: on.
/// Never SQL-level `PREPARE`, which pins an RDS Proxy session. See docs/scaling.md, "Poolers".
public enum PreparedStatements: String, Sendable, Hashable, CaseIterable {
    /// Off when the server answers on port 6432 (PgBouncer's default), on otherwise.
    case auto
    case on
    case off

    /// PgBouncer's default port, the one `auto` recognises.
    public static let pgBouncerPort = "6432"

    /// The setting of `SEQUENCER_PREPARED_STATEMENTS` (`auto`, `on`, `off`), `auto` when unset.
    /// - Throws: ``PostgresError`` (`unexpectedValue`) naming the variable for another value.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresError) -> Self {
        guard let value = environment["SEQUENCER_PREPARED_STATEMENTS"], !value.isEmpty else { return .auto }
        guard let setting = Self(rawValue: value.lowercased()) else {
            throw PostgresError(code: .unexpectedValue, message: "SEQUENCER_PREPARED_STATEMENTS must be auto, on or off, not \"\(value)\"")
        }
        return setting
    }

    /// Whether named statements are used on a connection to `port`.
    public func isOn(port: String) -> Bool {
        switch self {
        case .on: true
        case .off: false
        case .auto: port != Self.pgBouncerPort
        }
    }
}
