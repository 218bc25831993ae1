import ArgumentParser
import Foundation
import SequencerStore

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the numbered SQL files in Migrations/ that are not applied yet, each in a transaction.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Folder of migrations. Default: $SEQUENCER_MIGRATIONS, ./Migrations, or Migrations next to or above the executable.")
    var migrations: String?

    func run() throws {
        let configuration = try common.loadConfiguration()
        let folder = try Self.locate(migrations)
        let files = try Migration.load(from: folder)
        let connection = try common.connect(configuration)
        for result in try Migrator(connection: connection).migrate(files) {
            switch result {
            case .applied(let name): print("applied  \(name)")
            case .alreadyApplied(let name): print("present  \(name)")
            }
        }
    }

    static func locate(_ explicit: String?) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SEQUENCER_MIGRATIONS"] {
            return URL(fileURLWithPath: fromEnvironment)
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Migrations")]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Migrations"))
            folder = folder.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw BadInput("cannot find the Migrations folder; pass --migrations DIR")
        }
        return found
    }
}
