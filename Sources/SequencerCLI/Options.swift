import AWS
import ArgumentParser
import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore

/// Options every database command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (JSON, see config.example.json). Default: $SEQUENCER_CONFIG, else embedded local defaults.")
    var config: String?

    @Flag(name: .long, help: "Log debug lines to standard error.")
    var verbose = false

    /// The configuration, read once.
    func loadConfiguration() throws -> Configuration {
        try Configuration.load(path: config, decrypt: KMS.lazyDecrypter())
    }

    func connect(_ configuration: Configuration) throws -> PostgresConnection {
        try PostgresConnection(url: configuration.databaseURL)
    }

    /// A tick as configured, one connection per worker (``EngineSetup``).
    func tick(_ configuration: Configuration) throws -> Tick<PostgresRunnerStore> {
        EngineSetup.tick(configuration, connections: try EngineSetup.connections(configuration), logger: logger())
    }

    /// Standard error, from `minimum` (`warning` by default; `debug` with `--verbose`).
    func logger(minimum: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "sequencer") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .debug : minimum
        return logger
    }
}

/// `--now`, for the commands whose effect depends on the time.
struct ClockOption: ParsableArguments {
    @Option(name: .long, help: "The engine clock for this command, ISO-8601 (e.g. 2026-12-01T09:00:00Z). Default: the system clock.")
    var now: String?

    /// The engine time: `--now` or the system clock (UTC).
    /// - Throws: `BadInput` naming `--now` (``parseDateOption(_:option:)``).
    func date() throws -> Date {
        guard let now else { return Date() }
        return try parseDateOption(now, option: "--now")
    }
}

/// An instant given on the command line (`--now`, `--from`, `--until`, `--before`, `--since`):
/// ISO 8601 as moment reads it (`Moment.parseISO8601`; without an offset, UTC), narrowed to what
/// an operator can mean and Foundation's `TimeZone` accepts: a year from 1 to 9999 and an offset
/// within ±18:00 (moment itself takes offsets up to ±99:99, year 0 and six-digit years). The
/// shared parser is left as it is: on data it must agree with moment (the differential corpus).
/// - Throws: `BadInput` naming `option`.
func parseDateOption(_ text: String, option: String) throws -> Date {
    guard let date = Moment.parseISO8601(text, defaultTimeZone: .gmt),
          let (year, offset) = Moment.iso8601YearAndOffset(text) else {
        throw BadInput("\(option): \"\(text)\" is not an ISO-8601 date (e.g. 2026-12-01T09:00:00Z)")
    }
    guard (1...9999).contains(year) else {
        throw BadInput("\(option): \"\(text)\" has year \(year); the year must be from 1 to 9999")
    }
    if let offset, abs(offset) > 18 * 60 {
        let written = (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(offset) / 60, abs(offset) % 60)
        throw BadInput("\(option): \"\(text)\" has UTC offset \(written); the offset must be within ±18:00")
    }
    return date
}

/// Reads a file named on the command line, or standard input for `-`: the one reader of every
/// command's input files (`InputFile`).
/// - Parameters:
///   - path: the path as given.
///   - option: the option that named it (`--file`, `--runner`); `nil` for an argument.
/// - Throws: `BadInput` such as `--file /tmp/x.jsonl: no such file` or `a.json: is a directory`.
func readInput(_ path: String, option: String? = nil) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    do {
        return try InputFile.contents(of: path)
    } catch {
        throw BadInput((option.map { "\($0) " } ?? "") + error.description)
    }
}

/// Parses JSON a user wrote (a file, a line, an argument) strictly, refusing integers beyond
/// ±(2^53 − 1) with their JSON pointer instead of rounding them (`JSONNumberRule.exactIntegers`,
/// `docs/entry-points.md`, "The command line").
/// - Throws: `JSONTextError`.
func parseInputJSON(_ text: some StringProtocol) throws(JSONTextError) -> JSONValue {
    try JSONValue(parsing: text, numbers: .exactIntegers)
}

/// ``parseInputJSON(_:)-(StringProtocol)`` for bytes.
/// - Throws: `JSONTextError`.
func parseInputJSON(_ data: Data) throws(JSONTextError) -> JSONValue {
    try JSONValue(parsing: data, numbers: .exactIntegers)
}

/// Reads and parses a JSON file named on the command line (``readInput(_:option:)``, then
/// ``parseInputJSON(_:)-(Data)``).
/// - Throws: `BadInput` naming the file: `r.json: /data/n: …`, `r.json: invalid JSON at line 1, …`.
func readInputJSON(_ path: String, option: String? = nil) throws -> JSONValue {
    let data = try readInput(path, option: option)
    do {
        return try parseInputJSON(data)
    } catch {
        throw BadInput("\(path): \(error)")
    }
}

/// Prints rows as an aligned text table.
func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in
        ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }
    print(line(header))
    print(line(widths.map { String(repeating: "-", count: $0) }))
    rows.forEach { print(line($0)) }
}

/// Refuses an identifier given as an argument or option (a subject id, a sequence name, a
/// cancellation key) that `IdentifierRule` refuses, as the JSON Lines reader does for lines.
/// - Parameters:
///   - value: the identifier.
///   - label: what names it: `<subject>`, `--sequence`, `--key`.
/// - Throws: `BadInput` such as `<subject> "a\nb": must not contain control characters or line breaks (U+000A at character 2)`.
func requireIdentifier(_ value: String, _ label: String) throws {
    if let problem = IdentifierRule.problem(value) {
        throw BadInput("\(label) \(JSONValue.string(value).jsonText): \(problem)")
    }
}
