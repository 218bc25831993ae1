import ArgumentParser
import Foundation
import SequencerCore
import SequencerDashboard
import SequencerEngine

/// `sequencer dashboard [--port P] [--host H]`: the read-only web dashboard.
struct Dashboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a read-only dashboard: sequences with their graph and funnel, subjects with their runners and history, the outbox.",
        discussion: """
            Listens on 127.0.0.1 by default: the dashboard has no authentication, so expose it only behind \
            something that has. --now fixes the engine time of every page (for a database on a simulated clock). \
            Stops on SIGINT or SIGTERM.
            """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var clock: ClockOption

    @Option(help: "The TCP port.")
    var port: Int = 8080

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    func run() async throws {
        guard (1...65_535).contains(port) else { throw BadInput("--port: must be 1–65535 (got \(port))") }
        let configuration = try common.loadConfiguration()
        let now = try clock.now.map { _ in try clock.date() }
        let server = DashboardServer(settings: .init(databaseURL: configuration.databaseURL, host: host, port: port, now: now,
                                                     maxAttempts: configuration.tick.retry.maxAttempts))
        print("dashboard on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (read-only; Ctrl-C stops it)")
        try await server.run()
    }
}
