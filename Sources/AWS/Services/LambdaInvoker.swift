import Foundation
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
    /// - Throws: `InvocationError`, retryable for throttling (429, `TooManyRequestsException`),
    ///   5xx and timeouts; with the service, status, code and message of any AWS error.
    public func invoke(_ function: String, event: Data) throws(InvocationError) -> InvocationResult {
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: "\u{0}"..."\u{7F}"))
        unreserved.insert(charactersIn: "-._~")
        let name = function.addingPercentEncoding(withAllowedCharacters: unreserved) ?? function
        do {
            let response = try client.send(.lambda, method: "POST", path: "/2015-03-31/functions/\(name)/invocations",
                                           headers: [("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "RequestResponse")],
                                           body: event, timeoutMilliseconds: timeoutMilliseconds)
            return InvocationResult(payload: response.body, functionError: response.header("X-Amz-Function-Error"))
        } catch let error as AWSError {
            throw InvocationError(isRetryable: error.isRetryable, reason: error.description)
        } catch let error as HTTPError {
            // CURLE_OPERATION_TIMEDOUT (28) and connection failures may pass on a retry.
            throw InvocationError(isRetryable: [6, 7, 28, 52, 56].contains(error.code), reason: "\(error)")
        } catch {
            throw InvocationError(isRetryable: false, reason: "\(error)")
        }
    }
}

extension LambdaInvoker {
    /// A factory for the tick: each call gets its own client (HTTP handles are not shared across
    /// threads), from the AWS environment read now.
    /// - Returns: a closure that throws `AWSConfigurationError` when credentials or region are missing.
    public static func factory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> @Sendable () throws -> any TaskRunnerInvoker
    {
        { LambdaInvoker(client: try AWSClient(environment: try AWSEnvironment(environment: environment))) }
    }
}
