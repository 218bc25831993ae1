import ArgumentParser
import Foundation
import SequencerCore
import SequencerKit
import SequencerEngine
import SequencerStore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what a step's task runner answers for a runner, changing nothing.")

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Argument(help: "The sequence's name (its latest version is used).")
    var sequence: String

    @Argument(help: "The step's key.")
    var step: String

    @Option(help: "JSON file with the runner: {\"id\", \"subject\"?, \"data\"?, \"event\"?, \"stepEnteredAt\"?} (other fields are refused); - for standard input.")
    var runner: String

    func run() throws {
        let configuration = try common.loadConfiguration()
        // The file and the clock first: bad input is refused before the database is asked.
        var fields = JSONFieldReader(try readInputJSON(runner, option: "--runner"), at: "")
        fields.onlyKnown(Self.runnerFields)
        guard fields.isValid else { throw BadInput(fields.problems.map { "\(runner): \($0)" }.joined(separator: "\n")) }
        let now = try clock.date()
        let connection = try common.connect(configuration)
        let definition = try SequenceCatalog(connection: connection).definition(name: sequence)
        guard let target = definition.step(step) else {
            throw BadInput("sequence \"\(sequence)\" has no step \"\(step)\" (steps: \(definition.steps.map(\.key).joined(separator: ", ")))")
        }
        var object = fields.members
        object["sequence"] = .string(sequence)
        object["step"] = .string(step)
        if object["stepEnteredAt"] == nil { object["stepEnteredAt"] = .string(Moment.formatISO8601(now)) }
        let snapshot: RunnerSnapshot
        do { snapshot = try RunnerSnapshot(json: .object(object), at: "") } catch { throw BadInput("\(runner): \(error)") }
        guard let decision = target.decide(for: snapshot, now: now, runners: Sequencer.taskRunners, limits: configuration.tick.messageLimits)
            ?? ioRunnerDecision(target, snapshot, now: now) else {
            throw BadInput("step \"\(step)\" runs Lambda function \(target.runner); check evaluates built-in and Swift task runners only")
        }
        print(decision.answer(for: snapshot.id).json.jsonText)
        if case .deliver(let message) = decision {
            print(message.json.jsonText)
        }
    }

    /// The members a `--runner` file may have; the sequence and step come from the arguments.
    static let runnerFields: Set<String> = ["id", "subject", "data", "event", "stepEnteredAt"]

    /// A Swift task runner that performs I/O, called for this one runner (check is asked to run
    /// it; the tick would call it after its commit).
    private func ioRunnerDecision(_ step: Step, _ snapshot: RunnerSnapshot, now: Date) -> StepDecision? {
        guard case .swift(let name) = step.runner, let runner = Sequencer.taskRunners.runner(named: name) else { return nil }
        let context = TaskRunnerContext(now: now, deadline: Date().addingTimeInterval(60), sequence: snapshot.sequence, step: step.key)
        return Step.decide(runner, config: step.config, for: [snapshot], context: context)[snapshot.id]
            ?? .keep(reason: "task runner \(name) gave no decision for it")
    }
}
