import Foundation
import LambdaRuntime
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore

/// The scheduled tick as a Lambda function. Accepts the EventBridge scheduled event (or `{}`
/// for a manual run), runs one tick on the system clock, stops claiming batches when less
/// than `safetyMarginSeconds` remain before the deadline, and answers the summary as JSON.
///
/// A repeated or overlapping event (EventBridge retries and, rarely, duplicates) is harmless:
/// the second tick finds the runners leased or no longer due.
final class TickHandler: LambdaHandler {
    let configuration: Configuration
    /// One per tick worker (`tick.workers`), kept across invocations.
    private var connections: [PostgresConnection]

    /// Connects to the database once, at init.
    /// - Throws: `LambdaFunctionError` `Runtime.ConfigurationError` for bad configuration or an
    ///   unreachable database.
    init(configuration: Configuration) throws {
        self.configuration = configuration
        do {
            connections = try EngineSetup.connections(configuration)
        } catch {
            throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(error)")
        }
    }

    func handle(_ event: Data, context: LambdaContext) throws -> Data {
        let json: JSONValue
        do {
            json = event.isEmpty ? .object([:]) : try JSONValue(parsing: event)
        } catch {
            throw LambdaFunctionError(type: "InvalidEvent", message: "the event is not JSON: \(error)")
        }
        guard json.objectValue != nil else {
            throw LambdaFunctionError(type: "InvalidEvent", message: "expected an EventBridge scheduled event or {}, got \(json.typeName)")
        }
        if let source = json["source"]?.stringValue {
            context.logger.info("scheduled event", metadata: ["source": "\(source)", "id": "\(json["id"]?.stringValue ?? "")"])
        }
        let live = try connections.indices.map { try liveConnection($0, context.logger) }
        let margin = configuration.tick.safetyMarginSeconds
        let tick = EngineSetup.tick(configuration, connections: live, logger: context.logger)
        let summary = try tick.run(now: Date(), deadline: context.deadline.addingTimeInterval(-margin))
        return Data(summary.json.jsonText.utf8)
    }

    /// Connection `index`, reconnected when a previous invocation left it broken.
    private func liveConnection(_ index: Int, _ logger: Logger) throws -> PostgresConnection {
        if (try? connections[index].execute("SELECT 1")) == nil {
            logger.warning("database connection lost; reconnecting")
            connections[index] = try PostgresConnection(url: configuration.databaseURL)
        }
        return connections[index]
    }
}
