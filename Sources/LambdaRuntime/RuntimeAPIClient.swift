#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerHTTP

/// The Runtime API's HTTP calls (`/2018-06-01/runtime/...`), over one keep-alive connection.
struct RuntimeAPIClient {
    let http: CurlHTTPClient
    let base: String

    /// - Parameter endpoint: `AWS_LAMBDA_RUNTIME_API`, `host:port`.
    init(endpoint: String) throws(HTTPError) {
        http = try CurlHTTPClient(options: .init(connectTimeoutMilliseconds: 1_000, ignoreProxyEnvironment: true))
        base = "http://\(endpoint)/2018-06-01/runtime"
    }

    /// One event from `GET /invocation/next`, waiting as long as it takes.
    struct Invocation {
        var event: Data
        var requestID: String
        var deadlineMilliseconds: Int64
        var functionARN: String
        var traceID: String?
        var clientContext: String?
        var cognitoIdentity: String?
    }

    enum NextResult {
        case invocation(Invocation)
        /// The API answered with an HTTP error status.
        case refused(status: Int, body: Data)
    }

    func next() throws(HTTPError) -> NextResult {
        let response = try http.perform(HTTPRequest(method: "GET", url: "\(base)/invocation/next", timeoutMilliseconds: 0))
        return Self.nextResult(from: response)
    }

    /// Reads `/next`'s answer: an invocation when the status is 200 and a request id is present,
    /// else a refusal. A missing or unparseable `Lambda-Runtime-Deadline-Ms` reads as 0.
    static func nextResult(from response: HTTPResponse) -> NextResult {
        guard response.status == 200, let requestID = response.header("Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            return .refused(status: response.status, body: response.body)
        }
        return .invocation(Invocation(
            event: response.body, requestID: requestID,
            deadlineMilliseconds: response.header("Lambda-Runtime-Deadline-Ms").flatMap { Int64($0) } ?? 0,
            functionARN: response.header("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceID: response.header("Lambda-Runtime-Trace-Id"),
            clientContext: response.header("Lambda-Runtime-Client-Context"),
            cognitoIdentity: response.header("Lambda-Runtime-Cognito-Identity")))
    }

    /// `POST /invocation/{id}/response`; returns the API's status (202 accepted, 413 too large…).
    func respond(to requestID: String, _ body: Data) throws(HTTPError) -> HTTPResponse {
        try http.perform(HTTPRequest(method: "POST", url: "\(base)/invocation/\(requestID)/response",
                                     headers: [("Content-Type", "application/json")], body: body))
    }

    /// `POST /invocation/{id}/error` with the `{errorMessage, errorType, stackTrace}` body.
    func reportError(for requestID: String, type: String, message: String) throws(HTTPError) -> HTTPResponse {
        try http.perform(HTTPRequest(method: "POST", url: "\(base)/invocation/\(requestID)/error",
                                     headers: Self.errorHeaders(type), body: Self.errorBody(type: type, message: message)))
    }

    /// `POST /init/error`.
    func reportInitError(type: String, message: String) throws(HTTPError) -> HTTPResponse {
        try http.perform(HTTPRequest(method: "POST", url: "\(base)/init/error",
                                     headers: Self.errorHeaders(type), body: Self.errorBody(type: type, message: message)))
    }

    static func errorHeaders(_ type: String) -> [(name: String, value: String)] {
        [("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", type)]
    }

    static func errorBody(type: String, message: String) -> Data {
        let json = JSONText.object([("errorMessage", message), ("errorType", type)]).dropLast() + ",\"stackTrace\":[]}"
        return Data(json.utf8)
    }
}
