import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

struct Enroll: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enroll subjects from a JSON Lines file into a sequence (in one transaction: a bad line enrolls nothing).",
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

    /// Lines per `sequencer.enroll_batch` call: the next chunk is parsed while the database
    /// enrols the last, all in one transaction.
    static let chunkLines = 10_000

    func run() throws {
        let configuration = try common.loadConfiguration()
        let data = try readInput(file)
        let connection = try common.connect(configuration)
        let directory = RunnerDirectory(connection: connection)
        let now = try clock.date()
        // One transaction: a bad line, or an item the database refuses as invalid, rolls every
        // item back.
        let reader = Self.reader(file), notDone = "nothing was enrolled"
        let answers = try refusingInvalidData(notDone: notDone) { try connection.transaction {
            var answers = RunnerDirectory.Answers(answers: [])
            try reader.read(data, notDone: notDone, chunkLines: Self.chunkLines) { lines in
                let chunk = try directory.enroll(lines.map(Self.enrollment), in: sequence, now: now)
                // Refused lines end the transaction: later chunks are not sent (docs/entry-points.md).
                try reader.report(chunk.invalid.map { "\(file):\(lines[$0.index].number) /\($0.field): \($0.reason)" },
                                  lines: lines.count, notDone: notDone)
                answers.answers += chunk.answers
            }
            return answers
        } }
        let enrolled = answers.enrolled.count
        print("enrolled \(enrolled) runner\(enrolled == 1 ? "" : "s") in \(sequence)")
        let refused = answers.refused
        if !refused.isEmpty {
            print("not enrolled: \(refused.count)")
            for item in refused.prefix(10) { print("  \(item.subject): \(item.reason)") }
            if refused.count > 10 { print("  …") }
        }
    }

    /// The reader of `enroll`'s JSON Lines: every bad line is reported (line number and field).
    static func reader(_ file: String) -> JSONLines {
        JSONLines(file: file, allowed: ["id", "data", "event", "idempotencyKey", "cancellationKey"],
                  identifiers: ["id"], objects: ["data", "event"], optionalIdentifiers: ["idempotencyKey", "cancellationKey"])
    }

    /// One line as the enrolment it asks for.
    static func enrollment(_ line: JSONLines.Line) -> RunnerDirectory.Enrollment {
        RunnerDirectory.Enrollment(id: line.fields["id"]?.stringValue ?? "", data: line.fields["data"] ?? [:],
                                   event: line.fields["event"] ?? [:], idempotencyKey: line.fields["idempotencyKey"]?.stringValue,
                                   cancellationKey: line.fields["cancellationKey"]?.stringValue)
    }
}
