#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerStore

/// Runs application commands against the database through the SQL entry points, in order:
/// consecutive commands of one kind go in one batch call (one statement), each command answered
/// on its own — a bad command never stops the others and has no effect itself.
public struct EntryPoints {
    let directory: RunnerDirectory

    public init(connection: PostgresConnection) {
        directory = RunnerDirectory(connection: connection)
    }

    /// Runs a request's commands: `{"commands": [command, …]}` (or one bare command).
    /// - Parameters:
    ///   - request: the parsed request.
    ///   - pointer: where the request sits in its event (`""` for a whole event).
    ///   - now: the engine clock (UTC) recorded for enrolments and cancellations.
    /// - Returns: one result per command, in order; a request without commands gives one failure.
    public func run(_ request: JSONValue, at pointer: String = "", now: Date) -> [EntryResult] {
        let commands: [(JSONValue, String)]
        if let list = request["commands"] {
            guard let elements = list.arrayValue, request.objectValue?.count == 1 else {
                let reason = list.arrayValue == nil ? "must be an array of commands" : "a request holds only \"commands\""
                return [.failed(FieldProblem(pointer: pointer + "/commands", reason: reason))]
            }
            commands = elements.enumerated().map { ($1, "\(pointer)/commands/\($0)") }
        } else {
            commands = [(request, pointer)]
        }
        let parsed = commands.map { EntryCommand.parse($0.0, at: $0.1) }
        var results = parsed.map { parsed -> EntryResult? in
            if case .failure(let problem) = parsed { return .failed(problem) }
            return nil
        }
        var start = 0
        while start < parsed.count {
            guard case .success(let first) = parsed[start] else { start += 1; continue }
            var end = start + 1
            while end < parsed.count, case .success(let next) = parsed[end], next.kind == first.kind { end += 1 }
            let group = parsed[start..<end].compactMap { try? $0.get() }
            for (offset, result) in execute(group, now: now).enumerated() { results[start + offset] = result }
            start = end
        }
        return results.map { $0 ?? .failed(FieldProblem(pointer: pointer, reason: "not run")) }
    }

    /// Runs commands of one kind in one batch call.
    private func execute(_ commands: [EntryCommand], now: Date) -> [EntryResult] {
        guard let kind = commands.first?.kind else { return [] }
        let items = commands.map(\.item)
        let answers: RunnerDirectory.Answers
        do {
            switch kind {
            case .enroll: answers = try directory.enroll(json: items, now: now)
            case .update: answers = try directory.update(json: items)
            case .cancel: answers = try directory.cancel(json: items, now: now)
            }
        } catch {
            return commands.map { .failed(FieldProblem(pointer: $0.pointer, reason: "the database refused the command: \(error)")) }
        }
        return zip(commands, answers.answers).map { command, answer in
            if let reason = answer["error"]?.stringValue {
                let field = answer["field"]?.stringValue ?? ""
                return .failed(FieldProblem(pointer: field.isEmpty ? command.pointer : JSONPointer.appending(command.pointer, field),
                                            reason: reason))
            }
            return .ok(answer)
        }
    }
}
