#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LambdaRuntime
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore

/// The application API as a Lambda function (`_HANDLER=api`): direct invocations, a Function
/// URL and SQS batches, answered by ``APIService`` through the SQL entry points.
final class APIHandler: LambdaHandler {
    let configuration: Configuration
    private var connection: PostgresConnection

    /// Connects to the database once, at init.
    /// - Throws: `LambdaFunctionError` `Runtime.ConfigurationError` for an unreachable database.
    init(configuration: Configuration) throws {
        self.configuration = configuration
        do {
            connection = try PostgresConnection(url: configuration.databaseURL)
        } catch {
            throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(error)")
        }
    }

    func handle(_ event: Data, context: LambdaContext) throws -> Data {
        // An integer beyond 2^53 is refused, not rounded, as the CLI does (docs/entry-points.md).
        let json = try JSONValue.lambdaEvent(event, numbers: .exactIntegers)
        guard json.objectValue != nil else {
            throw LambdaFunctionError(type: "InvalidEvent", message: "expected {\"commands\": [...]}, an SQS event or a Function URL request, got \(json.typeName)")
        }
        if (try? connection.execute("SELECT 1")) == nil {
            context.logger.warning("database connection lost; reconnecting")
            connection = try PostgresConnection(url: configuration.databaseURL)
        }
        let answer = APIService(connection: connection).handle(json, now: Date())
        return Data(answer.jsonText.utf8)
    }
}
