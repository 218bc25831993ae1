import ArgumentParser
import Foundation
import SequencerStore

extension RoleKind: ExpressibleByArgument {}

/// `sequencer grants`: the privileges of a runtime or application role (``RoleGrants``).
struct Grants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print (or, with --apply, execute in one transaction) the GRANTs a runtime or application role needs.",
        discussion: """
            Run it as the migration role (the owner of schema sequencer), after every migrate. \
            --kind runtime: what the Lambda functions (tick, api) connect as. --kind application: an \
            application that only calls the SQL entry points and reads the tables. Everything the role \
            held on the schema is revoked first, so the result is exact. See docs/security.md.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "The role to grant to (it must exist; not a superuser, not the schema's owner).")
    var role: String

    @Option(help: "runtime (tick and api) or application (entry points and reads).")
    var kind: RoleKind = .runtime

    @Flag(help: "Execute the statements in one transaction instead of printing them only.")
    var apply = false

    func validate() throws {
        guard !role.isEmpty, role.utf8.count <= 63, !role.contains("\u{0}") else {
            throw ValidationError("--role must be a PostgreSQL role name of 1–63 bytes")
        }
    }

    func run() throws {
        let connection = try common.connect(try common.loadConfiguration())
        let grants = RoleGrants(role: role, kind: kind)
        let statements = grants.statements(functions: try RoleGrants.signatures(connection, names: grants.functionNames))
        if apply {
            if let refusal = try grants.refusal(connection) { throw BadInput("--role: \(refusal)") }
            try connection.transaction {
                for statement in statements { try connection.execute(statement) }
            }
        }
        print("-- \(kind.rawValue) role \(grants.quotedRole) (sequencer grants --kind \(kind.rawValue))")
        print("BEGIN;")
        for statement in statements { print(statement + ";") }
        print("COMMIT;")
        if apply { print("-- applied") }
    }
}
