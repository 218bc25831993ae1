import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge JSON into a runner's data (top-level keys replaced); the next tick re-checks its Goals.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The runner's id.")
    var runner: String

    @Argument(help: "A JSON object to merge, e.g. '{\"converted\": true}'.")
    var json: String

    func run() throws {
        let patch: JSONValue
        do { patch = try JSONValue(parsing: json) } catch { throw BadInput("<json>: \(error)") }
        guard patch.objectValue != nil else { throw BadInput("<json>: must be a JSON object, not \(patch.typeName)") }
        let connection = try common.connect(try common.loadConfiguration())
        try RunnerDirectory(connection: connection).update(runner, merging: patch)
        print("updated \(runner)")
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a runner: it is not moved again.")

    @OptionGroup var transition: StatusTransition

    func run() throws {
        try transition.run(RunnerDirectory.cancel, done: { id, _ in "cancelled \(id)" },
                           notApplicable: { id, state in "\(id) is \(state.status.rawValue); nothing to cancel" })
    }
}

struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a failed runner active again at the step where it failed, attempts reset.")

    @OptionGroup var transition: StatusTransition

    func run() throws {
        try transition.run(RunnerDirectory.retry, done: { id, state in "\(id) is active again at \(state.step)" },
                           notApplicable: { id, state in "\(id) is \(state.status.rawValue), not failed; nothing to retry" })
    }
}

/// The arguments and the work shared by the commands that change one runner's status.
struct StatusTransition: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Argument(help: "The runner's id.")
    var runner: String

    /// Applies `change` and prints what happened, from the runner's state afterwards.
    func run(_ change: (RunnerDirectory) -> (String, Date) throws -> Bool,
             done: (String, RunnerState) -> String, notApplicable: (String, RunnerState) -> String) throws {
        let directory = RunnerDirectory(connection: try common.connect(try common.loadConfiguration()))
        let changed = try change(directory)(runner, try clock.date())
        let state = try directory.runner(runner)
        print(changed ? done(runner, state) : notApplicable(runner, state))
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Runners per step and status.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "Only this sequence.")
    var sequence: String?

    func run() throws {
        let connection = try common.connect(try common.loadConfiguration())
        let counts = try RunnerDirectory(connection: connection).counts(sequence: sequence)
        if let sequence, counts.isEmpty, try SequenceCatalog(connection: connection).latestVersion(of: sequence) == nil {
            throw BadInput("no sequence named \"\(sequence)\"")
        }
        var cells: [String: [RunnerStatus: Int]] = [:]
        var rowOrder: [String] = []
        for count in counts {
            let key = "\(count.sequence)\t\(count.step)"
            if cells[key] == nil { rowOrder.append(key) }
            cells[key, default: [:]][count.status] = count.count
        }
        let statuses = RunnerStatus.allCases
        var rows = rowOrder.map { key -> [String] in
            let parts = key.split(separator: "\t").map(String.init)
            return parts + statuses.map { String(cells[key]?[$0] ?? 0) } + [String(cells[key]!.values.reduce(0, +))]
        }
        let totals = statuses.map { status in counts.filter { $0.status == status }.reduce(0) { $0 + $1.count } }
        rows.append(["total", ""] + totals.map(String.init) + [String(totals.reduce(0, +))])
        printTable(["sequence", "step"] + statuses.map(\.rawValue) + ["all"], rows)
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A runner's moves, oldest first.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The runner's id.")
    var runner: String

    func run() throws {
        let connection = try common.connect(try common.loadConfiguration())
        let directory = RunnerDirectory(connection: connection)
        let state = try directory.runner(runner)
        print("\(state.id) in \(state.sequence) v\(state.version): \(state.status.rawValue) at \(state.step)"
              + (state.lastError.map { ", last error: \($0)" } ?? ""))
        printTable(["at", "from", "to", "action", "message"], try directory.history(runner).map {
            [Moment.formatISO8601($0.at), $0.fromStep ?? "", $0.toStep ?? "", $0.action.rawValue, $0.message ?? ""]
        })
    }
}

struct Outbox: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Emails and SMS in the delivery ledger (the local outbox), newest first.")

    @OptionGroup var common: CommonOptions

    @Option(help: "How many messages to print.")
    var limit = 10

    @Option(help: "Only this runner's messages.")
    var runner: String?

    func run() throws {
        let connection = try common.connect(try common.loadConfiguration())
        let directory = RunnerDirectory(connection: connection)
        if let runner {
            _ = try directory.runner(runner)  // an unknown id is bad input
        }
        for count in try directory.deliveryCounts(runner: runner) {
            print("\(count.channel.rawValue) \(count.status.rawValue): \(count.count)")
        }
        for delivery in try directory.deliveries(limit: limit, runner: runner) {
            print("--- \(delivery.channel.rawValue) via \(delivery.provider) (\(delivery.status.rawValue)) for \(delivery.runnerID) at \(delivery.step), visit \(delivery.visit)")
            print(delivery.payload.jsonText)
        }
    }
}
