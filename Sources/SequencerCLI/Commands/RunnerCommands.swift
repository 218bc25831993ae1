import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge JSON into subjects' data (top-level keys replaced, null deletes a key); their runners' Goals and exit conditions are checked next tick.",
        discussion: """
            One subject: sequencer update u-1 '{"converted": true}'. Many: sequencer update --file FILE, \
            JSON Lines {"subject": "u-1", "data": {...}} (- for standard input), applied in one transaction: \
            a bad line applies nothing. A subject that does not exist yet is created.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "JSON Lines file of {\"subject\", \"data\"}; - for standard input.")
    var file: String?

    @Argument(help: "The subject's id (without --file).")
    var subject: String?

    @Argument(help: "A JSON object to merge, e.g. '{\"converted\": true}' (without --file).")
    var json: String?

    func validate() throws {
        if file == nil, subject == nil || json == nil { throw ValidationError("give SUBJECT JSON, or --file FILE") }
        if file != nil, subject != nil { throw ValidationError("give SUBJECT JSON or --file FILE, not both") }
    }

    func run() throws {
        let items = try self.items()
        let connection = try common.connect(try common.loadConfiguration())
        let answers = try refusingInvalidData(notDone: "nothing was updated") {
            try connection.transaction {
                let answers = try RunnerDirectory(connection: connection).update(json: items.map(\.item))
                if let problem = answers.invalid.first {
                    throw BadInput("\(items[problem.index].place) /\(problem.field): \(problem.reason)\nnothing was updated")
                }
                return answers
            }
        }
        let created = answers.answers.filter { $0["created"] == .bool(true) }.count
        if let subject, file == nil {
            print("updated \(subject)" + (created > 0 ? " (created)" : ""))
        } else {
            // A subject may have several lines: subjects are counted once.
            let subjects = Set(items.compactMap { $0.item["subject"]?.stringValue }).count, lines = items.count
            print("updated \(subjects) subject\(subjects == 1 ? "" : "s")" + (lines == subjects ? "" : " from \(lines) lines")
                  + " (\(created) created)")
        }
    }

    private func items() throws -> [(item: JSONValue, place: String)] {
        if let file {
            let reader = JSONLines(file: file, allowed: ["subject", "data"], identifiers: ["subject"], objects: ["data"],
                                   requiredObjects: ["data"])
            return try reader.read(try readInput(file, option: "--file"), notDone: "nothing was updated").map { line in
                (.object(line.fields), "\(file):\(line.number)")
            }
        }
        try requireIdentifier(subject ?? "", "<subject>")
        let patch: JSONValue
        do { patch = try parseInputJSON(json ?? "") } catch { throw BadInput("<json>: \(error)") }
        guard patch.objectValue != nil else { throw BadInput("<json>: must be a JSON object, not \(patch.typeName)") }
        return [(["subject": .string(subject ?? ""), "data": patch], "<subject>")]
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel subjects' active runners (in every sequence, or in --sequence); they are not moved again.",
        discussion: """
            sequencer cancel u-1 u-2 [--sequence S]; sequencer cancel --file FILE (JSON Lines \
            {"subject", "sequence"?} or {"cancellationKey", "sequence"?}); sequencer cancel --key K (runners \
            enrolled with that cancellationKey; --sequence narrows them too). All in one transaction.
            """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Option(help: "Only runners in this sequence (of the subjects and of --key).")
    var sequence: String?

    @Option(help: "JSON Lines file of {\"subject\", \"sequence\"?} or {\"cancellationKey\", \"sequence\"?}; - for standard input.")
    var file: String?

    @Option(help: "Cancel the runners enrolled with this cancellationKey.")
    var key: [String] = []

    @Argument(help: "Subject ids.")
    var subjects: [String] = []

    func validate() throws {
        if subjects.isEmpty, file == nil, key.isEmpty { throw ValidationError("give subject ids, --file FILE or --key KEY") }
    }

    func run() throws {
        for subject in subjects { try requireIdentifier(subject, "<subject>") }
        if let sequence { try requireIdentifier(sequence, "--sequence") }
        for key in key { try requireIdentifier(key, "--key") }
        var items: [(item: JSONValue, place: String)] = subjects.map { subject in
            var item: [String: JSONValue] = ["subject": .string(subject)]
            if let sequence { item["sequence"] = .string(sequence) }
            return (.object(item), subject)
        }
        items += key.map { key in
            var item: [String: JSONValue] = ["cancellationKey": .string(key)]
            if let sequence { item["sequence"] = .string(sequence) }
            return (.object(item), "--key \(key)")
        }
        if let file {
            let reader = JSONLines(file: file, allowed: ["subject", "sequence", "cancellationKey"], identifiers: [], objects: [],
                                   optionalIdentifiers: ["subject", "sequence", "cancellationKey"],
                                   oneOf: ("subject", "cancellationKey"))
            items += try reader.read(try readInput(file, option: "--file"), notDone: "nothing was cancelled").map { (.object($0.fields), "\(file):\($0.number)") }
        }
        let connection = try common.connect(try common.loadConfiguration())
        let now = try clock.date()
        let answers = try connection.transaction {
            let answers = try RunnerDirectory(connection: connection).cancel(json: items.map(\.item), now: now)
            if let problem = answers.invalid.first {
                throw BadInput("\(items[problem.index].place) /\(problem.field): \(problem.reason)\nnothing was cancelled")
            }
            return answers
        }
        for (answer, item) in zip(answers.answers, items) {
            let count = Int(answer["cancelled"]?.numberValue ?? 0)
            print(count == 0 ? "\(item.place): no active runner to cancel" : "cancelled \(count) runner\(count == 1 ? "" : "s") of \(item.place)")
        }
    }
}

struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a failed runner active again at the step where it failed, attempts reset.")

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Option(help: "The runner's sequence, when the subject has runners in several.")
    var sequence: String?

    @Argument(help: "A runner id, or a subject id with one runner (in --sequence).")
    var runner: String

    func run() throws {
        let directory = RunnerDirectory(connection: try common.connect(try common.loadConfiguration()))
        let changed = try directory.retry(runner, sequence: sequence, now: try clock.date())
        let state = try directory.runner(runner, sequence: sequence)
        print(changed ? "\(runner) is active again at \(state.step)"
              : "\(runner) is \(state.status.rawValue), not failed; nothing to retry")
    }
}
