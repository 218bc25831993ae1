import ArgumentParser
import Foundation
import SequencerCore
import SequencerKit
import SequencerEngine
import SequencerStore

struct Sequences: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply and list sequence definitions.", subcommands: [Apply.self, List.self, Migrate.self])

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate definition files and store each changed one as a new version (all or nothing).")

        @OptionGroup var common: CommonOptions

        @Argument(help: "Definition files (JSON, one sequence each; see docs/sequences.md).")
        var files: [String]

        func run() throws {
            let configuration = try common.loadConfiguration()
            var parsed: [(definition: SequenceDefinition, json: JSONValue)] = []
            var failures: [String] = []
            for file in files {
                do {
                    let bytes = try readInput(file)
                    try configuration.definitionLimits.check(byteCount: bytes.count)
                    let json = try parseInputJSON(bytes)
                    parsed.append((try SequenceDefinition.parse(json, isAllowedLambda: configuration.allows,
                                                                runners: Sequencer.taskRunners, limits: configuration.definitionLimits), json))
                } catch let error as DefinitionError {
                    failures.append("\(file): \(error)")
                } catch let error as JSONTextError {
                    failures.append("\(file): \(error)")
                }
            }
            let names = parsed.map(\.definition.name)
            if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
                failures.append("sequence \"\(duplicate)\" is defined by more than one file")
            }
            guard failures.isEmpty else {
                throw BadInput(failures.joined(separator: "\n") + "\nnothing was applied")
            }
            let connection = try common.connect(configuration)
            let reports = SequenceReports(connection: connection)
            for result in try SequenceCatalog(connection: connection).apply(parsed) {
                let older = try reports.activeRunners(of: result.name, below: result.version)
                print("\(result.name): \(result.created ? "created version" : "unchanged at version") \(result.version)"
                      + SequenceMigration.olderRunnersNote(older, sequence: result.name, latest: result.version))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sequences with their latest version and runners.")

        @OptionGroup var common: CommonOptions

        func run() throws {
            let connection = try common.connect(try common.loadConfiguration())
            let summaries = try SequenceCatalog(connection: connection).list()
            printTable(["sequence", "version", "steps", "active", "runners"], summaries.map {
                [$0.name, String($0.latestVersion), String($0.steps), String($0.activeRunners), String($0.totalRunners)]
            })
        }
    }
}
