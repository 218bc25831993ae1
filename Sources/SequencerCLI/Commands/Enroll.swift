import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

struct Enroll: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enroll subjects from a JSON Lines file into a sequence (all lines are checked before any is written).",
        discussion: """
            Each line: {"id": "<subject>", "data"?: {...}, "event"?: {...}, "idempotencyKey"?: "...", \
            "cancellationKey"?: "..."}. data is merged into the subject's data (a null deletes a key). \
            A subject the sequence's re-entry policy refuses is reported and skipped; an invalid line \
            enrolls nothing at all. See docs/entry-points.md.
            """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Argument(help: "The sequence's name.")
    var sequence: String

    @Argument(help: "JSON Lines file, one subject per line: {\"id\": \"u-1\", \"data\": {...}}; - for standard input.")
    var file: String

    func run() throws {
        let configuration = try common.loadConfiguration()
        let items = try Self.parse(try readInput(file), file: file)
        let connection = try common.connect(configuration)
        let directory = RunnerDirectory(connection: connection)
        // One transaction: an item the database refuses as invalid rolls every item back.
        let answers = try connection.transaction {
            let answers = try directory.enroll(items, in: sequence, now: try clock.date())
            if !answers.invalid.isEmpty {
                throw BadInput(answers.invalid.prefix(20).map { "\(file) item \($0.index + 1) /\($0.field): \($0.reason)" }
                    .joined(separator: "\n") + "\nnothing was enrolled")
            }
            return answers
        }
        let enrolled = answers.enrolled.count
        print("enrolled \(enrolled) runner\(enrolled == 1 ? "" : "s") in \(sequence)")
        let refused = answers.refused
        if !refused.isEmpty {
            print("not enrolled: \(refused.count)")
            for item in refused.prefix(10) { print("  \(item.subject): \(item.reason)") }
            if refused.count > 10 { print("  …") }
        }
    }

    /// Reads JSON Lines; every bad line is reported (line number and field), and nothing is enrolled then.
    static func parse(_ data: Data, file: String) throws -> [RunnerDirectory.Enrollment] {
        let reader = JSONLines(file: file, allowed: ["id", "data", "event", "idempotencyKey", "cancellationKey"],
                               identifiers: ["id"], objects: ["data", "event"], optionalIdentifiers: ["idempotencyKey", "cancellationKey"])
        let lines = try reader.read(data, notDone: "nothing was enrolled")
        return lines.map { line in
            RunnerDirectory.Enrollment(id: line.fields["id"]?.stringValue ?? "", data: line.fields["data"] ?? [:],
                                       event: line.fields["event"] ?? [:], idempotencyKey: line.fields["idempotencyKey"]?.stringValue,
                                       cancellationKey: line.fields["cancellationKey"]?.stringValue)
        }
    }
}
