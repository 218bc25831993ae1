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
    func date() throws -> Date {
        guard let now else { return Date() }
        guard let date = Moment.parseISO8601(now, defaultTimeZone: .gmt) else {
            throw BadInput("--now: \"\(now)\" is not an ISO-8601 date (e.g. 2026-12-01T09:00:00Z)")
        }
        return date
    }
}

/// Reads a file, or standard input for `-`.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw BadInput("\(path): cannot read it: \(error.localizedDescription)")
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
