import ArgumentParser
import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore

/// `sequencer prune`: history and ledger retention (``Retention``).
struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete old history lines and ledger rows, history beyond the per-runner cap, and expired idempotency keys.",
        discussion: """
            In batches, each its own short transaction, so ticks and applications go on meanwhile; \
            prints what it deleted. --before T deletes history lines whose time (engine clock) is \
            before T, and settled ledger rows created before T whose runner has moved past that visit or ended \
            (completed, cancelled, exited). Every run also keeps at most limits.historyPerRunner \
            (default 1,000) history lines per runner, newest first, and deletes idempotency keys past \
            their retention window. Run it as the migration role, e.g. daily. See docs/schema.md.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Delete history lines and ledger rows older than this ISO-8601 time (e.g. 2026-01-01T00:00:00Z).")
    var before: String?

    @Option(help: "History lines kept per runner, newest first; 0 = no cap. Default: limits.historyPerRunner of the configuration (1,000).")
    var historyPerRunner: Int?

    @Option(help: "Rows deleted per statement and transaction.")
    var batchSize: Int = 10_000

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard (historyPerRunner ?? 0) >= 0 else { throw ValidationError("--history-per-runner must be 0 (no cap) or more") }
    }

    func run() throws {
        let configuration = try common.loadConfiguration()
        let cutoff = try before.map { try parseDateOption($0, option: "--before") }
        let cap = historyPerRunner ?? configuration.historyPerRunner
        let retention = Retention(connection: try common.connect(configuration), batchSize: batchSize)
        if let cutoff {
            let time = Moment.formatISO8601(cutoff)
            print("history lines before \(time): \(try retention.deleteHistory(before: cutoff)) deleted")
            print("ledger rows before \(time) of runners past that visit or ended: \(try retention.deleteDeliveries(before: cutoff)) deleted")
        }
        if cap > 0 {
            let trimmed = try retention.trimHistory(perRunner: cap)
            print("history lines beyond \(cap) per runner: \(trimmed.lines) deleted from \(trimmed.runners) runner\(trimmed.runners == 1 ? "" : "s")")
        }
        print("expired idempotency keys: \(try retention.deleteExpiredKeys()) deleted")
    }
}
