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

/// The scheduled tick as a Lambda function. Accepts the EventBridge scheduled event (or `{}`
/// for a manual run) and `{"fanOut": {...}}` from a tick that started it as a worker
/// (``TickInvocation``). Runs tick passes on the system clock (``TickPasses``: one, or one every
/// `tick.intervalSeconds` until shortly before the next schedule; the first may start fan-out
/// workers), stops claiming batches when less than `safetyMarginSeconds` remain before the
/// deadline, and answers the summed summary as JSON with `passes`, `workersStarted` and
/// `lagSeconds`. Each pass writes its figures as one CloudWatch Embedded Metric Format line on
/// standard output (``TickMetrics``, dimension `Function`: the function's name), which the
/// stack's alarm on `Lag` watches.
///
/// A repeated or overlapping event (EventBridge retries and, rarely, duplicates) is harmless:
/// the second tick finds the runners leased or no longer due.
final class TickHandler: LambdaHandler {
    let configuration: Configuration
    /// One per tick worker (`tick.workers`), kept across invocations.
    private var connections: [PostgresConnection]
    /// This function's name (`AWS_LAMBDA_FUNCTION_NAME`, read once): fan-out workers are
    /// invocations of it and the metrics' `Function` dimension.
    private let function: String

    /// Connects to the database once, at init.
    /// - Throws: `LambdaFunctionError` `Runtime.ConfigurationError` for bad configuration or an
    ///   unreachable database.
    init(configuration: Configuration) throws {
        self.configuration = configuration
        function = ProcessInfo.processInfo.environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "tick"
        do {
            connections = try EngineSetup.connections(configuration)
        } catch {
            throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(error)")
        }
    }

    func handle(_ event: Data, context: LambdaContext) throws -> Data {
        let started = Date()
        let invocation = try TickInvocation(event: event)
        if case .scheduled(let at?) = invocation {
            context.logger.info("scheduled event", metadata: ["time": "\(Moment.formatISO8601(at))"])
        }
        let live = try connections.indices.map { try liveConnection($0, context.logger) }
        let deadline = context.deadline.addingTimeInterval(-configuration.tick.safetyMarginSeconds)
        let passes = TickPasses(configuration: configuration, connections: live, logger: context.logger,
                                function: function,
                                requestID: context.requestID, deadline: deadline, started: started)
        var total = TickSummary()
        var workers = 0
        var lag: Double?
        var count = 0
        try passes.run(invocation) { outcome in
            total.add(outcome.summary)
            total.elapsed += outcome.summary.elapsed
            workers += outcome.workersStarted
            lag = metrics(outcome.summary, workersStarted: outcome.workersStarted, connection: live[0], logger: context.logger)?.lagSeconds ?? lag
            count += 1
        }
        var answer = total.json.objectValue ?? [:]
        answer["passes"] = .number(Double(count))
        answer["workersStarted"] = .number(Double(workers))
        if let lag { answer["lagSeconds"] = .number(lag) }
        return Data(JSONValue.object(answer).jsonText.utf8)
    }

    /// Measures the lag after the tick and writes the EMF line (a line that cannot be written is
    /// dropped, as log lines are). The tick's work is done and committed: a failed lag query is
    /// logged, not the invocation's error (the alarm treats a missing figure as breaching).
    private func metrics(_ summary: TickSummary, workersStarted: Int, connection: PostgresConnection, logger: Logger) -> TickMetrics? {
        let now = Date()
        let lag: Double
        do {
            lag = try RunnerDirectory(connection: connection).lag(now: now)
        } catch {
            logger.warning("lag not measured; no metrics for this tick", metadata: ["error": "\(error)"])
            return nil
        }
        let metrics = TickMetrics(summary: summary, lagSeconds: lag, workersStarted: workersStarted)
        StandardOutput.write(metrics.emf(dimensions: ["Function": function], at: now).jsonText + "\n")
        return metrics
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
