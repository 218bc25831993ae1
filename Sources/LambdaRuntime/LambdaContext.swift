#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

/// What Lambda tells a handler about one invocation, read from the Runtime API's
/// `Lambda-Runtime-*` headers (AWS docs: "Using the Lambda runtime API for custom runtimes").
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public var requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the invocation (absolute, UTC).
    public var deadline: Date
    /// `Lambda-Runtime-Invoked-Function-Arn`; empty when absent.
    public var invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id` (X-Ray), also exported as `_X_AMZN_TRACE_ID`.
    public var traceID: String?
    /// `Lambda-Runtime-Client-Context`: JSON from a mobile SDK caller.
    public var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`: JSON from a mobile SDK caller.
    public var cognitoIdentity: String?
    /// Logs with this invocation's request id.
    public var logger: Logger

    public init(requestID: String, deadline: Date, invokedFunctionARN: String, traceID: String? = nil,
                clientContext: String? = nil, cognitoIdentity: String? = nil, logger: Logger) {
        self.requestID = requestID
        self.deadline = deadline
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.logger = logger
    }

    /// Seconds left before the deadline (negative when it has passed).
    public var remainingSeconds: TimeInterval { deadline.timeIntervalSinceNow }
}

/// An error a handler throws to control the `/error` report's `errorType` and `errorMessage`.
public struct LambdaFunctionError: Error, Sendable, CustomStringConvertible {
    /// Reported as `errorType` and in the `Lambda-Runtime-Function-Error-Type` header, e.g. `InvalidEvent`.
    public var type: String
    public var message: String

    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    public var description: String { "\(type): \(message)" }
}

/// A function's code: takes one event's bytes, returns the response's bytes.
public protocol LambdaHandler {
    /// Handles one invocation.
    /// - Throws: any error; it is posted to `/error` (use `LambdaFunctionError` to name its type)
    ///   and the runtime goes on to the next invocation.
    func handle(_ event: Data, context: LambdaContext) throws -> Data
}
