import ArgumentParser
import Dispatch
import Foundation
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore

struct TickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick", abstract: "Run one tick: advance every due runner, then print a summary.")

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    func run() throws {
        let configuration = try common.loadConfiguration()
        let now = try clock.date()
        let tick = try common.tick(configuration)
        print(try tick.run(now: now).text(at: now))
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tick every N seconds until SIGINT/SIGTERM, which let the current batch's writes finish, then exit 0.",
        discussion: """
            A lost database (a restart, a network cut) does not stop it: it reconnects with backoff \
            (1 s, 2 s, … at most 30 s), logging one line when the outage starts and one when it ends.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Seconds between the starts of two ticks.")
    var every: Double = 60

    func validate() throws {
        guard every > 0 else { throw ValidationError("--every must be a positive number of seconds") }
    }

    func run() throws {
        let configuration = try common.loadConfiguration()
        let stop = StopSignal()
        var loop = RunLoop(configuration: configuration, logger: common.logger())
        while !stop.requested {
            let started = Date()
            switch loop.tick(at: started, stop: stop) {
            case .done(let summary):
                print(summary.text(at: started))
                stop.wait(until: started.addingTimeInterval(every))
            case .failed:
                stop.wait(until: started.addingTimeInterval(every))
            case .outage:
                stop.wait(until: Date().addingTimeInterval(loop.backoff()))
            }
        }
        print("stopped")
    }
}

/// `sequencer run`'s ticks: one tick per call, reconnecting after the database was lost.
struct RunLoop {
    let configuration: Configuration
    let logger: Logger
    private var connections: [PostgresConnection] = []
    private var failures = 0
    private let retry = RetryPolicy(maxAttempts: .max, baseDelay: 1, maxDelay: 30)

    init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// What one attempt at a tick came to.
    enum Outcome {
        case done(TickSummary)
        /// The tick failed with the database reachable (logged); the next one tries again.
        case failed
        /// The database could not be reached or was lost: reconnect after ``backoff()``.
        case outage
    }

    /// Runs one tick (connecting first when needed); the stop signal stops it claiming batches.
    mutating func tick(at now: Date, stop: StopSignal) -> Outcome {
        do {
            if connections.isEmpty || connections.contains(where: \.isBroken) {
                connections = try EngineSetup.connections(configuration)
            }
            let summary = try EngineSetup.tick(configuration, connections: connections, logger: logger)
                .run(now: now) { !stop.requested }
            if failures > 0 {
                logger.warning("database reachable again", metadata: ["failedAttempts": "\(failures)"])
            }
            failures = 0
            return .done(summary)
        } catch {
            if connections.isEmpty || connections.contains(where: \.isBroken) {
                if failures == 0 { logger.warning("database unreachable; reconnecting with backoff", metadata: ["error": "\(error)"]) }
                connections = []
                failures += 1
                return .outage
            }
            logger.error("tick failed; the next tick tries again", metadata: ["error": "\(error)"])
            return .failed
        }
    }

    /// Seconds to wait before the next attempt after `failures` failed ones.
    func backoff() -> TimeInterval { retry.delay(afterAttempt: failures) }
}

/// SIGINT and SIGTERM as a flag, so the loop ends between ticks rather than in the middle of one.
final class StopSignal: @unchecked Sendable {
    // Guarded by `lock`; the sources are kept only so they stay alive.
    private let lock = NSLock()
    private var stopped = false
    private var sources: [any DispatchSourceSignal] = []
    private let wakeUp = DispatchSemaphore(value: 0)

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                lock.withLock { stopped = true }
                wakeUp.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { lock.withLock { stopped } }

    /// Sleeps until `deadline` or a signal.
    func wait(until deadline: Date) {
        let seconds = max(0, deadline.timeIntervalSinceNow)
        _ = wakeUp.wait(timeout: .now() + seconds)
    }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tick on a simulated clock from --from to --until without waiting; with --funnel, print runners per step over time.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Simulated start, ISO-8601.")
    var from: String

    @Option(help: "Simulated end, ISO-8601.")
    var until: String

    @Option(help: "Simulated seconds between ticks.")
    var every: Double = 3_600

    @Option(help: "Seconds of simulated time between two columns of the funnel.")
    var reportEvery: Double = 86_400

    @Option(help: "The sequence whose funnel to print: one row per step, one column per report time.")
    var funnel: String?

    func run() throws {
        guard every > 0, reportEvery > 0 else { throw BadInput("--every and --report-every must be positive numbers of seconds") }
        let start = try parseDateOption(from, option: "--from")
        let end = try parseDateOption(until, option: "--until")
        guard end >= start else { throw BadInput("--until: \"\(until)\" is before --from") }
        let configuration = try common.loadConfiguration()
        let connection = try common.connect(configuration)
        let tick = try common.tick(configuration)
        var report = try funnel.map { try FunnelReport(connection: connection, sequence: $0) }

        var total = TickSummary()
        var ticks = 0
        var nextReport = start
        var now = start
        while now <= end {
            let summary = try tick.run(now: now)
            ticks += 1
            total.transitions += summary.transitions
            total.deliveries += summary.deliveries
            total.errors += summary.errors
            if now >= nextReport {
                try report?.snapshot(at: now)
                nextReport = nextReport.addingTimeInterval(reportEvery)
            }
            now = now.addingTimeInterval(every)
        }
        report?.print()
        Swift.print("simulated \(ticks) ticks from \(Moment.formatISO8601(start)) to \(Moment.formatISO8601(end)): \(total.transitions) steps moved, \(total.deliveries) messages sent, \(total.errors) errors")
    }
}

/// How many runners of one sequence are at each step (active) or have left it, over time.
struct FunnelReport {
    let directory: RunnerDirectory
    let sequence: String
    let steps: [String]
    private var columns: [(time: Date, counts: [Int])] = []

    init(connection: PostgresConnection, sequence: String) throws {
        directory = RunnerDirectory(connection: connection)
        self.sequence = sequence
        steps = try SequenceCatalog(connection: connection).definition(name: sequence).steps.map(\.key)
    }

    private var rowNames: [String] { steps + ["(completed)", "(failed)", "(cancelled)"] }

    mutating func snapshot(at now: Date) throws {
        let counts = try directory.counts(sequence: sequence)
        var column = steps.map { step in
            counts.filter { $0.step == step && $0.status == .active }.reduce(0) { $0 + $1.count }
        }
        for status in [RunnerStatus.completed, .failed, .cancelled] {
            column.append(counts.filter { $0.status == status }.reduce(0) { $0 + $1.count })
        }
        columns.append((now, column))
    }

    /// One row per step, one column per snapshot (`MM-DD HH:mm` UTC).
    func print() {
        Swift.print("funnel of \(sequence): active runners per step, then runners that left (times in UTC)")
        let header = ["step"] + columns.map { column in
            let text = Moment.formatISO8601(column.time)
            return String(text.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ")
        }
        let rows = rowNames.enumerated().map { index, name in
            [name] + columns.map { $0.counts[index] == 0 ? "." : String($0.counts[index]) }
        }
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
        for row in [header] + rows {
            Swift.print(row.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  "))
        }
    }
}
