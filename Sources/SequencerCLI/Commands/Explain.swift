import ArgumentParser
import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore

/// `sequencer explain SUBJECT [--sequence S]`: for each of the subject's runners, where it is,
/// since when, what it waits for in words, its wake-up, lease, attempts and version.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say, for each of a subject's runners, where it is and what it waits for: why it isn't moving.",
        discussion: """
            Reads the runners and their definitions and changes nothing. Times are in UTC; "now" is \
            --now (default: the system clock), so a database on a simulated clock is explained on it.
            """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Option(help: "Only the runner in this sequence.")
    var sequence: String?

    @Flag(help: "Print JSON: one array of {runner, subject, sequence, version, status, step, lines: [{topic, text}]}.")
    var json = false

    @Argument(help: "A subject id (or a runner id).")
    var subject: String

    func run() throws {
        let configuration = try common.loadConfiguration()
        let now = try clock.date()
        let directory = RunnerDirectory(connection: try common.connect(configuration))
        let inputs = try directory.explanationInputs(ofSubject: subject, sequence: sequence,
                                                      maxAttempts: configuration.tick.retry.maxAttempts)
        guard !inputs.isEmpty else {
            let place = sequence.map { " in sequence \"\($0)\"" } ?? ""
            throw BadInput("no runner or subject with id \"\(subject)\"\(place)")
        }
        let explanations = inputs.map { RunnerExplanation($0, now: now) }
        if json {
            print(JSONValue.array(explanations.map(\.json)).jsonText)
        } else {
            print("as of \(Moment.formatISO8601(now))")
            print(explanations.map(\.text).joined(separator: "\n\n"))
        }
    }
}
