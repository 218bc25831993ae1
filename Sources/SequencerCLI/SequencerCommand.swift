import AWS
import ArgumentParser
import Foundation
import SequencerCore
import SequencerEngine
import SequencerHTTP
import SequencerKit
import SequencerStore

/// The `sequencer` command-line tool, started by ``Sequencer/main(runners:)``.
struct SequencerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sequencer",
        abstract: "Enroll runners into sequences of steps and advance them with a tick.",
        discussion: """
            Without --config, SEQUENCER_CONFIG or DATABASE_URL it uses the local PostgreSQL cluster \
            in ./.local/pg that `scripts/local-db start` (or the demo) runs.
            Exit codes: 0 done, 1 failure (database, I/O), 2 bad input.
            """,
        version: Sequencer.version,
        subcommands: [
            Migrate.self, Sequences.self, Enroll.self, Update.self, Cancel.self, Retry.self, TickCommand.self, Run.self,
            Simulate.self, Status.self, History.self, Check.self, Outbox.self, Encrypt.self, Eval.self,
            Explain.self, Preview.self, Graph.self, Dashboard.self, Prune.self, Grants.self,
        ]
    )

    /// Runs the command (an async one, such as `dashboard`, on the main actor's executor); bad
    /// input exits 2 with one line, other failures exit 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if let code = Self.inputOrRuntimeExitCode(error) {
                let prefix = error is ConfigurationError ? "configuration " : ""
                FileHandle.standardError.write(Data("sequencer: \(prefix)\(error)\n".utf8))
                Foundation.exit(code)
            }
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            // Usage errors are bad input: one line and exit 2.
            FileHandle.standardError.write(Data("sequencer: \(message.split(separator: "\n").first.map(String.init) ?? message)\n".utf8))
            Foundation.exit(code == .validationFailure ? 2 : 1)
        }
    }

    /// 2 for input the user must fix, 1 for failures of the database or a migration, `nil` for
    /// errors ArgumentParser reports itself.
    static func inputOrRuntimeExitCode(_ error: any Error) -> Int32? {
        switch error {
        case is BadInput, is DefinitionError, is ConfigurationError, is CatalogError: 2
        case is MigrationError, is PostgresError, is AWSError, is HTTPError: 1
        default: nil
        }
    }
}

/// Input the user must fix; printed as one line, exit code 2.
struct BadInput: Error, CustomStringConvertible {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}

/// Runs `body`, turning the SQL entry points' refusal of a whole call for invalid input
/// (SQLSTATE 22023, e.g. a subject's data that would grow past the size limit) into bad input:
/// exit 2, the database's words and `what` was not done.
/// - Throws: `BadInput` for 22023; anything else `body` throws.
func refusingInvalidData<T>(notDone what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PostgresError where error.code == .server(sqlState: "22023") {
        throw BadInput("\(error.message)\n\(what)")
    }
}
