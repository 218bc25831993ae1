import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

/// `sequencer graph SEQUENCE`: the sequence drawn as SVG, DOT or Mermaid, optionally with its
/// runners per step and moves per edge (`docs/graph.md`).
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a sequence (SVG, DOT or Mermaid), with --counts its runners per step and moves per edge.",
        discussion: """
            --counts adds the runners at each step now (by status) and the moves along each edge in the \
            window --since … --now (default: the 7 days before --now), counted from the history. \
            --version draws that version and counts only its runners and moves; default: the latest \
            version's drawing with the counts of every version (steps an older version lacks are not shown).
            """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Argument(help: "The sequence's name.")
    var sequence: String

    @Option(help: "svg, dot or mermaid.")
    var format: String = "svg"

    @Flag(help: "Label steps with their runners and edges with their moves.")
    var counts = false

    @Option(help: "Start of the window of history counted, ISO-8601 (default: 7 days before --now).")
    var since: String?

    @Option(help: "The version to draw (default: the latest); with --counts, only its runners and moves.")
    var version: Int?

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        guard let graphFormat = GraphFormat(rawValue: format) else {
            throw BadInput("--format: \"\(format)\" is not one of \(GraphFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let version, version < 1 { throw BadInput("--version: must be 1 or more (got \(version))") }
        let now = try clock.date()
        let start = try since.map { text in
            let date = try parseDateOption(text, option: "--since")
            guard date <= now else { throw BadInput("--since: \(text) is after --now (\(Moment.formatISO8601(now)))") }
            return date
        } ?? now.addingTimeInterval(-7 * 86_400)
        let connection = try common.connect(try common.loadConfiguration())
        let definition = try SequenceCatalog(connection: connection).definition(name: sequence, version: version)
        let graphCounts = counts
            ? try SequenceReports(connection: connection).graphCounts(sequence: sequence, version: version,
                                                                     window: DateInterval(start: start, end: now))
            : nil
        let text = GraphRenderer.render(SequenceGraph(definition: definition), as: graphFormat, counts: graphCounts)
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw BadInput("--output: cannot write \(output): \(error.localizedDescription)")
        }
    }
}
