import Foundation
import SequencerCore

/// A JSON Lines input (`enroll`, `update --file`, `cancel --file`): one JSON object per line,
/// blank lines skipped. Every bad line is reported — file, line number and field — and nothing
/// is written then.
struct JSONLines {
    /// One object and the line it came from (1-based).
    struct Line {
        var number: Int
        var fields: [String: JSONValue]
    }

    let file: String
    /// Members a line may have.
    let allowed: Set<String>
    /// Members each line must have, checked as identifiers (`IdentifierRule`).
    let identifiers: [String]
    /// Members that must be JSON objects when present.
    let objects: [String]
    /// Members checked as identifiers when present (idempotency and cancellation keys, a
    /// cancellation's subject and sequence).
    var optionalIdentifiers: [String] = []
    /// Members of `objects` each line must have (`update`'s `data`).
    var requiredObjects: [String] = []
    /// Two members of which a line gives exactly one (`cancel`: `subject` or `cancellationKey`;
    /// `JSONFieldReader.exactlyOne`), so that every bad line is named before the database sees any.
    var oneOf: (first: String, second: String)?

    /// Reads `data`; numbers a double cannot keep exactly are refused (`parseInputJSON`).
    /// - Throws: `BadInput` listing every bad line (at most 20, then a count) and `what` was not done.
    func read(_ data: Data, notDone what: String) throws -> [Line] {
        let (lines, problems) = parse(Self.split(data)[...])
        try report(problems, lines: lines.count, notDone: what)
        return lines
    }

    /// Reads `data` in chunks of `chunkLines` lines, each parsed on another thread while `body`
    /// handles the one before: the parsing of a large file overlaps the database's work on it.
    /// Once a line is bad, `body` is called no more, and the rest is still read so that every
    /// bad line is reported; the caller's transaction then rolls back what `body` did.
    /// - Throws: `BadInput` as ``read(_:notDone:)``; whatever `body` throws (reading stops).
    func read(_ data: Data, notDone what: String, chunkLines: Int, each body: ([Line]) throws -> Void) throws {
        let rows = Self.split(data)
        let chunks = HandOver<(lines: [Line], problems: [String])>(capacity: 2)
        let step = max(1, chunkLines)
        DispatchQueue.global().async { [self] in
            for start in stride(from: 0, to: rows.count, by: step) {
                guard chunks.put(parse(rows[start..<min(start + step, rows.count)])) else { return }
            }
            chunks.finish()
        }
        var problems: [String] = [], count = 0
        defer { chunks.cancel() }
        while let chunk = chunks.take() {
            problems += chunk.problems
            count += chunk.lines.count
            if problems.isEmpty && !chunk.lines.isEmpty { try body(chunk.lines) }
        }
        try report(problems, lines: count, notDone: what)
    }

    /// The lines of `data` (a line ends at LF; a CR before it is JSON white space).
    private static func split(_ data: Data) -> [Data] {
        data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    /// Parses `rows` (numbered by their place in the whole input): the good lines and the problems.
    private func parse(_ rows: ArraySlice<Data>) -> (lines: [Line], problems: [String]) {
        var lines: [Line] = [], problems: [String] = []
        for index in rows.indices where !Self.isBlank(rows[index]) {
            switch check(rows[index], number: index + 1) {
            case .success(let line): lines.append(line)
            case .failure(let problem): problems.append(problem.reason)
            }
        }
        return (lines, problems)
    }

    /// Throws `BadInput` for `problems` (the first 20, then a count) and `what` was not done, or
    /// for an input of no lines.
    func report(_ problems: [String], lines: Int, notDone what: String) throws {
        if !problems.isEmpty {
            let shown = problems.prefix(20).joined(separator: "\n")
            throw BadInput(shown + (problems.count > 20 ? "\n… and \(problems.count - 20) more" : "") + "\n\(what)")
        }
        if lines == 0 { throw BadInput("\(file): no lines\n\(what)") }
    }

    /// A line of nothing but white space (Unicode's, as `CharacterSet.whitespaces`) is skipped.
    private static func isBlank(_ line: Data) -> Bool {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
        return line.contains { $0 >= 0x80 } && String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private func check(_ text: Data, number: Int) -> Result<Line, BadInput> {
        var place: String { "\(file):\(number)" }
        let json: JSONValue
        do {
            json = try parseInputJSON(text)
        } catch {
            // A line is one line of JSON text: its column is enough (not "line 1, column C").
            if error.pointer != nil { return .failure(BadInput("\(place) \(error)")) }
            let position = error.column > 0 ? " at column \(error.column)" : ""
            return .failure(BadInput("\(place): invalid JSON\(position): \(error.reason)"))
        }
        guard json.objectValue != nil else { return .failure(BadInput("\(place): must be a JSON object, not \(json.typeName)")) }
        var fields = JSONFieldReader(json, at: "")
        fields.onlyKnown(allowed)
        for name in identifiers + optionalIdentifiers {
            if let problem = IdentifierRule.problem(fields.members[name], required: identifiers.contains(name)) {
                fields.add(fields.path(name), problem)
            }
        }
        for name in objects { _ = fields.object(name, required: requiredObjects.contains(name)) }
        if let (first, second) = oneOf { fields.exactlyOne(first, second) }
        if let problem = fields.problems.first { return .failure(BadInput("\(place) \(problem.pointer): \(problem.reason)")) }
        return .success(Line(number: number, fields: fields.members))
    }
}
