#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// The kinds of database role that use Sequencer without owning it (`docs/security.md`). The
/// migration role owns the schema and runs `sequencer migrate`, `sequences apply`, `retry`,
/// `prune` and `grants`; these connect for everything else.
public enum RoleKind: String, Sendable, CaseIterable {
    /// What the Lambda functions connect as: the tick (claims, moves and writes runners, history
    /// and the delivery ledger) and the `api` handler (the SQL entry points).
    case runtime
    /// An application that enrols, updates and cancels through the SQL entry points and reads
    /// the tables for reports (`status`, `history`, `outbox`, its own queries), and writes nothing
    /// else.
    case application
}

/// The privileges a role of a ``RoleKind`` needs, as SQL: first everything it held on the schema
/// is revoked (so the result is exact, whatever was granted before), then exactly what it uses
/// is granted. No DDL: no `CREATE` on the schema, no ownership, no `DELETE`, `TRUNCATE`,
/// `REFERENCES` or `TRIGGER` on any table.
///
/// Table privileges come from the SQL the role's code runs (`PostgresRunnerStore` for the tick);
/// the entry points run with their owner's rights (`SECURITY DEFINER`, migration 005), so
/// calling them needs `EXECUTE` only. A role that writes a table also needs `EXECUTE` on the
/// function of that table's row rule (its CHECK constraint, migration 009), which PostgreSQL
/// calls with the writer's rights. No function is executable by `PUBLIC`.
public struct RoleGrants: Sendable {
    /// The role, as named in PostgreSQL (case-sensitive; quoted in the statements).
    public var role: String
    /// What the role is used for, and so what it is granted.
    public var kind: RoleKind

    /// The SQL entry points both kinds may call (`Migrations/003_entry_points.sql`).
    public static let entryPoints = ["enroll", "enroll_batch", "update_subject", "update_subjects", "cancel", "cancel_by_key",
                                     "cancel_batch"]

    /// The row-rule functions of the tables each kind writes (`Migrations/009_row_check_functions.sql`):
    /// the runtime updates runners; the application writes through the entry points only.
    public static let rowRules: [RoleKind: [String]] = [.runtime: ["runner_row_ok"], .application: []]

    /// The functions this role is granted `EXECUTE` on: ``entryPoints``, then its ``rowRules``.
    public var functionNames: [String] { Self.entryPoints + (Self.rowRules[kind] ?? []) }

    /// Table privileges per kind, by table of schema `sequencer`.
    public static let tablePrivileges: [RoleKind: [(table: String, privileges: String)]] = [
        // lockDue: SELECT … FOR UPDATE of runners joined to subjects; the batch write: UPDATE
        // runners, INSERT history and outbox rows; recordPending/recordOutcomes: INSERT … ON
        // CONFLICT DO UPDATE and UPDATE of the ledger, read back; definitions: SELECT sequences.
        .runtime: [
            ("sequences", "SELECT"), ("subjects", "SELECT"), ("runners", "SELECT, UPDATE"), ("runner_history", "INSERT"),
            ("deliveries", "SELECT, INSERT, UPDATE"),
        ],
        // Reports only: sequences list, status, history, outbox.
        .application: [
            ("sequences", "SELECT"), ("subjects", "SELECT"), ("runners", "SELECT"), ("runner_history", "SELECT"),
            ("deliveries", "SELECT"),
        ],
    ]

    /// The grants of `role` (a PostgreSQL role name, as written) as a role of `kind`.
    public init(role: String, kind: RoleKind) {
        self.role = role
        self.kind = kind
    }

    /// The role's name as an SQL identifier: double-quoted, inner quotes doubled.
    public var quotedRole: String { "\"" + role.replacingLiteral("\"", with: "\"\"") + "\"" }

    /// The statements, in order.
    /// - Parameter functions: the signatures of ``functionNames`` as ``signatures(_:names:)`` reads
    ///   them, e.g. `sequencer.cancel(subject text, sequence text, at timestamp with time zone)`.
    public func statements(functions: [String]) -> [String] {
        var lines = [
            "REVOKE ALL ON SCHEMA sequencer FROM \(quotedRole)",
            "REVOKE ALL ON ALL TABLES IN SCHEMA sequencer FROM \(quotedRole)",
            "REVOKE ALL ON ALL SEQUENCES IN SCHEMA sequencer FROM \(quotedRole)",
            "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sequencer FROM PUBLIC, \(quotedRole)",
            "GRANT USAGE ON SCHEMA sequencer TO \(quotedRole)",
        ]
        for (table, privileges) in Self.tablePrivileges[kind] ?? [] {
            lines.append("GRANT \(privileges) ON sequencer.\(table) TO \(quotedRole)")
        }
        for function in functions {
            lines.append("GRANT EXECUTE ON FUNCTION \(function) TO \(quotedRole)")
        }
        return lines
    }

    /// The signatures of the functions named `names` from the catalog, in `names` order (overloads
    /// together), e.g. `sequencer.cancel(subject text, sequence text, at timestamp with time zone)`.
    /// - Throws: `PostgresError`; `CatalogError` when one is missing (the database is not migrated).
    public static func signatures(_ connection: PostgresConnection, names wanted: [String]) throws -> [String] {
        var binds = PostgresBindings()
        let names = binds.add(array: wanted)
        let rows = try connection.query("""
            SELECT p.proname, format('sequencer.%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
            FROM pg_proc p WHERE p.pronamespace = to_regnamespace('sequencer') AND p.proname = ANY (\(names)::text[])
            ORDER BY array_position(\(names)::text[], p.proname::text), 2
            """, binds) { row in (try row.string(0), try row.string(1)) }
        if let missing = wanted.first(where: { name in !rows.contains { $0.0 == name } }) {
            throw CatalogError(reason: "function sequencer.\(missing) does not exist: run `sequencer migrate` first")
        }
        return rows.map(\.1)
    }

    /// Why `role` cannot be given these grants, or `nil`: it must exist, and be neither a
    /// superuser nor the owner of schema `sequencer` (revoking would take the owner's own
    /// privileges away).
    /// - Throws: `PostgresError`.
    public func refusal(_ connection: PostgresConnection) throws -> String? {
        var binds = PostgresBindings()
        let name = binds.add(role)
        let rows = try connection.query("""
            SELECT r.rolsuper, coalesce(pg_has_role(r.oid, n.nspowner, 'MEMBER'), false)
            FROM pg_roles r LEFT JOIN pg_namespace n ON n.nspname = 'sequencer' WHERE r.rolname = \(name)
            """, binds) { row in (try row.bool(0), try row.bool(1)) }
        guard let (superuser, owner) = rows.first else {
            return "role \"\(role)\" does not exist: create it first (CREATE ROLE … LOGIN PASSWORD …), then run this again"
        }
        if superuser { return "role \"\(role)\" is a superuser: privileges mean nothing to it; use a role of its own" }
        if owner { return "role \"\(role)\" owns schema sequencer (the migration role): grants are for the roles that use it" }
        return nil
    }
}
