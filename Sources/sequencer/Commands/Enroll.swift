import ArgumentParser
import Foundation
import SequencerCore
import SequencerStore

struct Enroll: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enroll runners from a JSON Lines file into a sequence (all lines are checked before any is written).")

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Argument(help: "The sequence's name.")
    var sequence: String

    @Argument(help: "JSON Lines file, one runner per line: {\"id\": \"u-1\", \"data\": {...}}; - for standard input.")
    var file: String

    func run() throws {
        let configuration = try common.loadConfiguration()
        let runners = try Self.parse(try readInput(file), file: file)
        let connection = try common.connect(configuration)
        let directory = RunnerDirectory(connection: connection)
        // One transaction: either every new runner is enrolled or none is.
        let result = try directory.enroll(runners, in: sequence, now: try clock.date())
        let enrolled = result.enrolled.count
        let existing = result.existing
        print("enrolled \(enrolled) runner\(enrolled == 1 ? "" : "s") in \(sequence)")
        if !existing.isEmpty {
            let shown = existing.prefix(10).joined(separator: ", ")
            print("already enrolled (left unchanged): \(existing.count): \(shown)\(existing.count > 10 ? ", …" : "")")
        }
    }

    /// Reads JSON Lines; every bad line is reported (line number and field), and nothing is enrolled then.
    static func parse(_ data: Data, file: String) throws -> [RunnerDirectory.Enrollment] {
        var runners: [RunnerDirectory.Enrollment] = []
        var problems: [String] = []
        var seen: [String: Int] = [:]
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let json: JSONValue
            do {
                json = try JSONValue(parsing: line)
            } catch {
                problems.append("\(file):\(number): \(error)")
                continue
            }
            guard let object = json.objectValue else {
                problems.append("\(file):\(number): must be a JSON object, not \(json.typeName)")
                continue
            }
            guard let id = object["id"]?.stringValue, !id.isEmpty, id.count <= 200 else {
                problems.append("\(file):\(number) /id: must be a non-empty string of at most 200 characters")
                continue
            }
            let data = object["data"] ?? .object([:])
            guard data.objectValue != nil else {
                problems.append("\(file):\(number) /data: must be an object, not \(data.typeName)")
                continue
            }
            if let unknown = object.keys.sorted().first(where: { $0 != "id" && $0 != "data" }) {
                problems.append("\(file):\(number) /\(unknown): unknown field (a line holds id and data)")
                continue
            }
            if let first = seen[id] {
                problems.append("\(file):\(number) /id: \"\(id)\" repeats line \(first)")
                continue
            }
            seen[id] = number
            runners.append(.init(id: id, data: data))
        }
        if !problems.isEmpty {
            let shown = problems.prefix(20).joined(separator: "\n")
            throw BadInput(shown + (problems.count > 20 ? "\n… and \(problems.count - 20) more" : "") + "\nnothing was enrolled")
        }
        if runners.isEmpty { throw BadInput("\(file): no runners") }
        return runners
    }
}
