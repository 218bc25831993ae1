#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerHTTP

/// AWS Lambda `Invoke` (`RequestResponse`) as the tick's custom-runner invoker.
public struct LambdaInvoker: TaskRunnerInvoker {
    let client: AWSClient
    /// Whole-call timeout; a custom runner's answer must come within it.
    let timeoutMilliseconds: Int

    public init(client: AWSClient, timeoutMilliseconds: Int = 60_000) {
        self.client = client
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// `POST /2015-03-31/functions/{name or ARN, percent-encoded}/invocations`.
    /// - Throws: `InvocationError` classified by ``ServiceCallError/init(classifying:)``: throttling
    ///   and calls that never left are retried; a 5xx or a timeout after the event was sent is
    ///   `uncertain` (the function may have run: the event's `invocationId` lets it deduplicate).
    public func invoke(_ function: String, event: Data, timeout: TimeInterval) throws(InvocationError) -> InvocationResult {
        let name = function.percentEncodingUnreserved()
        do {
            let response = try client.send(.lambda, method: "POST", path: "/2015-03-31/functions/\(name)/invocations",
                                           headers: [("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "RequestResponse")],
                                           body: event,
                                           timeoutMilliseconds: max(1, min(timeoutMilliseconds, Int((timeout * 1_000).rounded(.down)))))
            return InvocationResult(payload: response.body, functionError: response.header("X-Amz-Function-Error"))
        } catch {
            throw InvocationError(classifying: error)
        }
    }
}

extension LambdaInvoker {
    /// `Invoke` with `InvocationType=Event`: Lambda queues the event and answers 202 at once (the
    /// function runs later, retried by Lambda on its errors). For the tick's fan-out workers.
    /// - Throws: `InvocationError` classified as ``invoke(_:event:timeout:)``'s; a status other
    ///   than 202 is `refused`.
    public func invokeAsync(_ function: String, event: Data, timeout: TimeInterval) throws(InvocationError) {
        let name = function.percentEncodingUnreserved()
        let response: HTTPResponse
        do {
            response = try client.send(.lambda, method: "POST", path: "/2015-03-31/functions/\(name)/invocations",
                                       headers: [("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "Event")],
                                       body: event, timeoutMilliseconds: max(1, Int((timeout * 1_000).rounded(.down))))
        } catch {
            throw InvocationError(classifying: error)
        }
        guard response.status == 202 else {
            throw InvocationError(kind: .refused, reason: "LAMBDA \(response.status): an asynchronous Invoke answers 202")
        }
    }

    /// A factory for the tick: each call gets its own client (HTTP handles are not shared across
    /// threads), from the AWS environment read now.
    /// - Returns: a closure that throws `AWSConfigurationError` when credentials or region are missing.
    public static func factory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> @Sendable () throws -> any TaskRunnerInvoker
    {
        { LambdaInvoker(client: try AWSClient(environment: try AWSEnvironment(environment: environment))) }
    }
}
