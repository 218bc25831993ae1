import ArgumentParser
import Foundation
import SequencerCore
import SequencerKit
import SequencerEngine
import SequencerStore

/// `sequencer preview SEQUENCE (--runner FILE | --subject ID) --from T --until T`: one runner's
/// path on a virtual clock, decided by the tick's own planner, writing and sending nothing.
struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a runner's path through a sequence on a virtual clock: each step, decision and rendered message. Writes and sends nothing.",
        discussion: """
            The runner is enrolled at --from in the sequence's latest version (or --version), with the data \
            of --runner FILE ({"id"?, "subject"?, "data"?, "event"?, "step"?, "stepEnteredAt"?}) or of the \
            stored subject --subject ID. Virtual ticks come every --every seconds up to --until; sends count \
            as delivered; a custom (Lambda) step answers --assume, or the preview stops there.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The sequence's name.")
    var sequence: String

    @Option(help: "JSON file describing the runner; - for standard input.")
    var runner: String?

    @Option(help: "A stored subject whose data the runner starts with.")
    var subject: String?

    @Option(help: "Virtual start, ISO-8601 (UTC unless an offset is given).")
    var from: String

    @Option(help: "Virtual end, ISO-8601.")
    var until: String

    @Option(help: "Virtual seconds between ticks.")
    var every: Double = 3_600

    @Option(help: "What custom (Lambda) task runners answer: next, altNext or noop. Default: stop at such a step.")
    var assume: String?

    @Option(help: "The sequence version (default: the latest).")
    var version: Int?

    @Flag(help: "Print JSON: {events, end, endText, final, ticks}.")
    var json = false

    func run() throws {
        guard (runner == nil) != (subject == nil) else { throw BadInput("give --runner FILE or --subject ID (one of them)") }
        guard every > 0, every.isFinite else { throw BadInput("--every: must be a positive number of seconds (got \(every))") }
        let start = try parseDateOption(from, option: "--from")
        let end = try parseDateOption(until, option: "--until")
        guard end >= start else { throw BadInput("--until: \"\(until)\" is before --from") }
        let answer = try assume.map { text in
            guard let action = TaskAction(rawValue: text) else { throw BadInput("--assume: \"\(text)\" is not one of next, altNext, noop") }
            return action
        }
        let configuration = try common.loadConfiguration()
        let file = try runner.map { try readInputJSON($0, option: "--runner") }  // read before the database is asked
        let connection = try common.connect(configuration)
        let catalog = SequenceCatalog(connection: connection)
        let number = try version ?? catalog.latestVersion(of: sequence) ?? { throw BadInput("no sequence named \"\(sequence)\"") }()
        let definition = try catalog.definition(name: sequence, version: number)
        let preview = RunnerPreview(from: start, until: end, every: every, assume: answer,
                                    maxSteps: configuration.tick.maxStepsPerRunner, retry: configuration.tick.retry,
                                    taskRunners: Sequencer.taskRunners, messageLimits: configuration.tick.messageLimits,
                                    frequencyCaps: configuration.frequencyCaps)
        let state: RunnerState
        do {
            state = try preview.state(for: try startingPoint(file, RunnerDirectory(connection: connection)), on: definition, version: number)
        } catch let problem as FieldProblem {
            throw BadInput("\(runner ?? "--subject"): \(problem)")
        }
        let result = preview.run(state, on: definition)
        if json {
            print(result.json.jsonText)
        } else {
            print("preview of \(sequence) v\(number) for \(state.id) from \(Moment.formatISO8601(start)) to \(Moment.formatISO8601(end)), "
                  + "a tick every \(JavaScript.numberToString(every)) s; nothing is written or sent")
            print(result.text)
        }
    }

    /// The runner described by the `--runner` file's JSON, or the stored subject's data.
    private func startingPoint(_ file: JSONValue?, _ directory: RunnerDirectory) throws -> RunnerPreview.Start {
        if let file { return try RunnerPreview.Start(json: file) }
        let id = subject ?? ""
        guard let data = try directory.subjectData(id) else { throw BadInput("--subject: no subject with id \"\(id)\"") }
        return RunnerPreview.Start(id: id, subject: id, data: data)
    }
}
