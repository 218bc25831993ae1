#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerStore

/// The `api` Lambda handler's logic, without the runtime: it reads the three event forms an
/// application sends and answers each in its form.
///
/// - Direct `Invoke`: `{"commands": [command, …]}` → `{"results": [result, …]}`, one per command,
///   in order (``EntryPoints``; a bad command never stops the others).
/// - Function URL (payload format 2.0, `requestContext.http`): a `POST` whose body is that
///   request → `{"statusCode": 200, "headers": {…}, "body": "{\"results\": […]}"}`; a body that is
///   not JSON, or another method, gets 400 or 405 with `{"error"}`.
/// - SQS (`Records` with `eventSource` `aws:sqs`): each record's body is one command or a
///   `{"commands": […]}` request, applied in a transaction of its own — all its commands or none —
///   → `{"batchItemFailures": [{"itemIdentifier": "<messageId>"}]}` naming exactly the records
///   that failed (a body that is not JSON, or a command that failed), so SQS delivers only those
///   again (and to the dead-letter queue after `maxReceiveCount`).
public struct APIService {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Answers one event.
    /// - Parameter now: the engine clock (UTC).
    public func handle(_ event: JSONValue, now: Date) -> JSONValue {
        if let records = event["Records"]?.arrayValue {
            return handleQueue(records, now: now)
        }
        if event["requestContext"]?["http"] != nil {
            return handleHTTP(event, now: now)
        }
        return ["results": .array(EntryPoints(connection: connection).run(event, now: now).map(\.json))]
    }

    private func handleQueue(_ records: [JSONValue], now: Date) -> JSONValue {
        var failures: [JSONValue] = []
        for (index, record) in records.enumerated() {
            let identifier = record["messageId"]?.stringValue ?? String(index)
            if !apply(record, at: "/Records/\(index)", now: now) {
                failures.append(["itemIdentifier": .string(identifier)])
            }
        }
        return ["batchItemFailures": .array(failures)]
    }

    /// Applies one SQS record's commands in one transaction.
    /// - Returns: whether every command succeeded (otherwise nothing of the record is kept).
    private func apply(_ record: JSONValue, at pointer: String, now: Date) -> Bool {
        guard let body = record["body"]?.stringValue, let request = try? JSONValue(parsing: body, numbers: .exactIntegers) else {
            return false
        }
        struct Failed: Error {}
        do {
            try connection.transaction {
                let results = EntryPoints(connection: connection).run(request, at: pointer + "/body", now: now)
                if results.isEmpty || results.contains(where: \.isFailure) { throw Failed() }
            }
            return true
        } catch {
            return false
        }
    }

    private func handleHTTP(_ event: JSONValue, now: Date) -> JSONValue {
        let method = event["requestContext"]?["http"]?["method"]?.stringValue ?? ""
        guard method == "POST" else {
            return Self.response(405, ["error": .string("use POST with a JSON body {\"commands\": [...]} (got \(method))")])
        }
        var text = event["body"]?.stringValue ?? ""
        if event["isBase64Encoded"] == .bool(true) {
            guard let decoded = Data(base64Encoded: text) else {
                return Self.response(400, ["error": "the body is not valid base64"])
            }
            text = String(decoding: decoded, as: UTF8.self)
        }
        let request: JSONValue
        do {
            request = try JSONValue(parsing: text, numbers: .exactIntegers)
        } catch {
            return Self.response(400, ["error": .string("the body is not JSON: \(error)")])
        }
        let results = EntryPoints(connection: connection).run(request, now: now)
        return Self.response(200, ["results": .array(results.map(\.json))])
    }

    private static func response(_ status: Int, _ body: JSONValue) -> JSONValue {
        ["statusCode": .number(Double(status)), "headers": ["content-type": "application/json"], "body": .string(body.jsonText)]
    }
}
