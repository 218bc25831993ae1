import ArgumentParser
import Foundation
import SequencerCore
import SequencerKit
import SequencerStore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runners per sequence version, step and status (\"onboarding v2\"): runners stay on the version they enrolled in.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "Only this sequence.")
    var sequence: String?

    func run() throws {
        let connection = try common.connect(try common.loadConfiguration())
        let counts = try SequenceReports(connection: connection).countsByVersion(sequence: sequence)
        if let sequence, counts.isEmpty, try SequenceCatalog(connection: connection).latestVersion(of: sequence) == nil {
            throw BadInput("no sequence named \"\(sequence)\"")
        }
        var cells: [[String]: [RunnerStatus: Int]] = [:]
        var rowOrder: [[String]] = []
        for count in counts {
            let key = ["\(count.sequence) v\(count.version)", count.step]
            if cells[key] == nil { rowOrder.append(key) }
            cells[key, default: [:]][count.status] = count.count
        }
        let statuses = RunnerStatus.allCases
        var rows = rowOrder.map { key -> [String] in
            key + statuses.map { String(cells[key]?[$0] ?? 0) } + [String(cells[key]!.values.reduce(0, +))]
        }
        let totals = statuses.map { status in counts.filter { $0.status == status }.reduce(0) { $0 + $1.count } }
        rows.append(["total", ""] + totals.map(String.init) + [String(totals.reduce(0, +))])
        printTable(["sequence", "step"] + statuses.map(\.rawValue) + ["all"], rows)
        let splits = try SequenceReports(connection: connection).splitCounts(sequence: sequence)
        guard !splits.isEmpty else { return }
        print("")
        let splitTotals = Dictionary(grouping: splits) { "\($0.sequence) v\($0.version) \($0.step)" }.mapValues { $0.reduce(0) { $0 + $1.count } }
        printTable(["sequence", "split", "branch", "runners", "share"], splits.map { split in
            let total = splitTotals["\(split.sequence) v\(split.version) \(split.step)"] ?? 0
            let share = total == 0 ? "-" : String(format: "%.1f%%", Double(split.count) * 100 / Double(total))
            return ["\(split.sequence) v\(split.version)", split.step, split.branch ?? "(ends)", String(split.count), share]
        })
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A subject's (or one runner's) moves, oldest first: every runner of the subject.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Only runners in this sequence.")
    var sequence: String?

    @Argument(help: "A subject id, or a runner id.")
    var subject: String

    func run() throws {
        let directory = RunnerDirectory(connection: try common.connect(try common.loadConfiguration()))
        var runners = try directory.runners(ofSubject: subject, sequence: sequence)
        if runners.isEmpty { runners = [try directory.runner(subject, sequence: sequence)] }
        for state in runners {
            print("\(state.id) in \(state.sequence) v\(state.version): \(state.status.rawValue) at \(state.step)"
                  + (state.lastError.map { ", last error: \($0)" } ?? ""))
        }
        let history = try directory.history(subject, sequence: sequence)
        let several = Set(history.map(\.runnerID)).count > 1
        printTable((several ? ["runner"] : []) + ["at", "from", "to", "action", "message"], history.map {
            (several ? [String($0.runnerID.prefix(8))] : [])
                + [Moment.formatISO8601($0.at), $0.fromStep ?? "", $0.toStep ?? "", $0.action.rawValue, $0.message ?? ""]
        })
    }
}

struct Outbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The delivery ledger: every email and SMS, with its status (the local outbox's messages, and what SES/SNS were given).",
        subcommands: [OutboxList.self, OutboxResend.self], defaultSubcommand: OutboxList.self)
}

struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Ledger rows, newest first (the default).")

    @OptionGroup var common: CommonOptions

    @Option(help: "How many messages to print.")
    var limit = 10

    @Option(help: "Only this runner's or subject's messages.")
    var runner: String?

    @Flag(help: "Only messages that may or may not have been sent (status uncertain): resend one with `sequencer outbox resend ID`.")
    var uncertain = false

    func run() throws {
        let connection = try common.connect(try common.loadConfiguration())
        let directory = RunnerDirectory(connection: connection)
        if let runner, try directory.runners(ofSubject: runner).isEmpty {
            _ = try directory.runner(runner)  // an unknown id is bad input
        }
        for count in try directory.deliveryCounts(runner: runner) where !uncertain || count.status == .uncertain {
            print("\(count.channel.rawValue) \(count.status.rawValue): \(count.count)")
        }
        for entry in try directory.ledger(limit: limit, runner: runner, status: uncertain ? .uncertain : nil) {
            print("--- #\(entry.id) \(entry.channel.rawValue) via \(entry.provider) (\(entry.status.rawValue)) for \(entry.runnerID) at \(entry.step), visit \(entry.visit), "
                  + Moment.formatISO8601(entry.createdAt) + (entry.resentAt.map { ", resent " + Moment.formatISO8601($0) } ?? ""))
            if let error = entry.error { print("error: \(error)") }
            print(entry.payload.jsonText)
        }
    }
}

struct OutboxResend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend",
        abstract: "Sends an uncertain message again, knowingly: the recipient may get it twice.",
        discussion: """
            Only a row in status uncertain (the provider may have taken it: a timeout after the request \
            went out, a 5xx, a tick killed around the call) is resent, through the provider now \
            configured for its channel, which must be the one named in the row. The row is locked while \
            it is resent; on success it becomes sent with resent_at, on failure it stays uncertain with \
            the error. See docs/reliability.md.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The ledger row's id (#ID in `sequencer outbox --uncertain`).")
    var id: Int64

    func run() throws {
        let configuration = try common.loadConfiguration()
        let connection = try common.connect(configuration)
        do {
            switch try DeliveryResend.run(id, connection: connection, senders: configuration.messageSenders()) {
            case .sent(let messageID):
                print("delivery \(id) resent" + (messageID.map { " (provider message id \($0))" } ?? ""))
            case .failed(let error):
                throw BadInput("delivery \(id) was not resent: \(error.reason) (\(error.kind.rawValue)); it stays uncertain")
            }
        } catch let refusal as ResendRefusal {
            throw BadInput("\(refusal)")
        }
    }
}
