import Foundation

/// Invokes a custom task runner — a Lambda function named by ARN or name — with one wire-protocol
/// event and returns its raw answer (the role AWS Lambda `Invoke` plays; tests may use another).
public protocol TaskRunnerInvoker {
    /// Invokes `function` synchronously (`RequestResponse`).
    /// - Returns: the function's payload, and its `X-Amz-Function-Error` value when it failed.
    /// - Throws: `InvocationError` when the call itself failed (throttled, timed out, refused).
    func invoke(_ function: String, event: Data) throws(InvocationError) -> InvocationResult
}

/// What a custom task runner answered.
public struct InvocationResult: Sendable {
    public var payload: Data
    /// `Handled` / `Unhandled` when the function failed (`X-Amz-Function-Error`), else `nil`.
    public var functionError: String?

    public init(payload: Data, functionError: String? = nil) {
        self.payload = payload
        self.functionError = functionError
    }
}

/// A call to an outside service (a Lambda function, an email or SMS provider) that failed, and
/// whether trying again shortly may work.
public struct ServiceCallError: Error, Sendable, CustomStringConvertible {
    /// Whether trying again shortly may work (throttling, 5xx, a timeout).
    public var isRetryable: Bool
    /// The service's words (service, status, code, message); never credentials.
    public var reason: String

    public init(isRetryable: Bool, reason: String) {
        self.isRetryable = isRetryable
        self.reason = reason
    }

    public var description: String { reason }
}

/// An invocation that got no answer from the function.
public typealias InvocationError = ServiceCallError
