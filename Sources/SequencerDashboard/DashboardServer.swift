import Foundation
import Hummingbird
import SequencerCore
import SequencerStore

/// `sequencer dashboard`: a read-only web page over the database, served by Hummingbird.
///
/// Routes (all `GET`, HTML): `/` sequences, `/sequences/NAME[?days=N]` a sequence's graph with
/// counts, runners per version and funnel, `/subjects[?q=PREFIX]` the subject search,
/// `/subjects/ID` a subject's runners, explanations and history (ID percent-encoded),
/// `/outbox` deliveries not sent. Binds to 127.0.0.1 by default: it has no authentication.
public struct DashboardServer: Sendable {
    /// Where and on what it runs.
    public struct Settings: Sendable {
        /// A libpq connection string or URI.
        public var databaseURL: String
        /// The address to listen on; default loopback only.
        public var host: String
        /// The TCP port.
        public var port: Int
        /// A fixed engine time for every page (a database on a simulated clock); `nil` for the system clock.
        public var now: Date?
        /// `tick.maxAttempts`, shown in explanations.
        public var maxAttempts: Int

        /// Creates settings; see the properties.
        public init(databaseURL: String, host: String = "127.0.0.1", port: Int = 8080, now: Date? = nil, maxAttempts: Int = 5) {
            self.databaseURL = databaseURL
            self.host = host
            self.port = port
            self.now = now
            self.maxAttempts = maxAttempts
        }
    }

    public let settings: Settings
    private let database: DashboardDatabase

    public init(settings: Settings) {
        self.settings = settings
        database = DashboardDatabase(url: settings.databaseURL)
    }

    /// Serves until SIGINT or SIGTERM.
    /// - Throws: when the address cannot be bound.
    public func run() async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port),
                                                                     serverName: "sequencer-dashboard"))
        try await app.runService()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in try await page { try $0.sequences() } }
        router.get("/sequences/:name") { request, context in
            let name = Self.decoded(try context.parameters.require("name"))
            let days = Self.days(request.uri.queryParameters.get("days").map { String($0) })
            return try await page { try $0.sequence(name, days: days) }
        }
        router.get("/subjects") { request, _ in
            let query = String(request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
            return try await page { try $0.search(query) }
        }
        router.get("/subjects/:id") { _, context in
            let id = Self.decoded(try context.parameters.require("id"))
            return try await page { try $0.subject(id) }
        }
        router.get("/outbox") { _, _ in try await page { try $0.outbox() } }
        return router
    }

    /// Reads and renders one page on the database queue, answered as HTML.
    private func page(_ build: @escaping @Sendable (DashboardReads) throws -> DashboardPage) async throws -> Response {
        let now = settings.now ?? Date()
        let maxAttempts = settings.maxAttempts
        let page: DashboardPage
        do {
            page = try await database.read { connection in
                try build(DashboardReads(connection: connection, now: now, maxAttempts: maxAttempts))
            }
        } catch {
            page = DashboardPage(title: "Error", body: "<p class=\"bad\">\(HTML.escape(String(describing: error)))</p>", status: 500)
        }
        return Response(status: .init(code: page.status), headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: page.html)))
    }

    /// The `days` query value, 1–366; 7 when absent or not a number.
    static func days(_ text: String?) -> Int {
        min(366, max(1, text.flatMap { Int($0) } ?? 7))
    }

    /// A path parameter with its percent-encoding undone (Hummingbird hands it over as sent).
    static func decoded(_ parameter: String) -> String {
        parameter.removingPercentEncoding ?? parameter
    }
}
