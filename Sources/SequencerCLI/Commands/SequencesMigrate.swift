import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

extension Sequences {
    /// `sequencer sequences migrate NAME --from V --to W [--map OLD=NEW …] [--dry-run]`.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Move the active runners of one version of a sequence to another, in one transaction.",
            discussion: """
                Every runner keeps its step (or goes to the step --map names), its visit and the time it \
                entered the step, becomes due at once, and gets a history line `migrated`. When runners are at \
                a step the target version lacks and no --map names it, nothing moves: the command names those \
                steps and how many runners are at each. Runners a tick holds for a send or a call are skipped.
                """)

        @OptionGroup var common: CommonOptions

        @OptionGroup var clock: ClockOption

        @Argument(help: "The sequence's name.")
        var name: String

        @Option(help: "The version whose active runners move.")
        var from: Int

        @Option(help: "The version they move to.")
        var to: Int

        @Option(help: "OLD=NEW: runners at step OLD go to step NEW of the target version (repeatable).")
        var map: [String] = []

        @Flag(help: "Check and count, move nothing.")
        var dryRun = false

        func run() throws {
            var mapping: [String: String] = [:]
            for pair in map {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw BadInput("--map: \"\(pair)\" is not OLD=NEW (two step keys)")
                }
                guard mapping[parts[0]] == nil else { throw BadInput("--map: step \"\(parts[0])\" is mapped twice") }
                mapping[parts[0]] = parts[1]
            }
            let migration = SequenceMigration(sequence: name, from: from, to: to, mapping: mapping)
            let connection = try common.connect(try common.loadConfiguration())
            let report: SequenceMigrator.Report
            do {
                report = try SequenceMigrator(connection: connection).migrate(migration, now: try clock.date(), dryRun: dryRun)
            } catch let refusal as SequenceMigrator.Refusal {
                throw BadInput(refusal.description)
            }
            let verb = dryRun ? "would move" : "moved"
            print("\(name): \(verb) \(report.moved) active runner\(report.moved == 1 ? "" : "s") from v\(from) to v\(to)"
                  + (dryRun ? " (dry run: nothing was changed)" : ""))
            for (old, targets) in report.moves.sorted(by: { $0.key < $1.key }) {
                for (new, count) in targets.sorted(by: { $0.key < $1.key }) {
                    print("  \(old)\(old == new ? "" : " → \(new)"): \(count)")
                }
            }
            if report.leased > 0 {
                print("\(report.leased) runner\(report.leased == 1 ? " is" : "s are") held by a tick (a send or a call in flight) and stay on v\(from); run the migration again later")
            }
        }
    }
}
