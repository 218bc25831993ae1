#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Invokes a custom task runner — a Lambda function named by ARN or name — with one wire-protocol
/// event and returns its raw answer (the role AWS Lambda `Invoke` plays; tests may use another).
public protocol TaskRunnerInvoker {
    /// Invokes `function` synchronously (`RequestResponse`).
    /// - Parameter timeout: seconds the whole call may take (the tick bounds it by its deadline).
    /// - Returns: the function's payload, and its `X-Amz-Function-Error` value when it failed.
    /// - Throws: `InvocationError` when the call itself failed, classified by what is known of its
    ///   effect (``ServiceCallError/Kind``).
    func invoke(_ function: String, event: Data, timeout: TimeInterval) throws(InvocationError) -> InvocationResult
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

/// An invocation that got no answer from the function.
public typealias InvocationError = ServiceCallError
