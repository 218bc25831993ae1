#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP request as the libcurl client sends it.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `DELETE`, …
    public var method: String
    /// Absolute `http://` or `https://` URL, already percent-encoded.
    public var url: String
    /// Header names and values in order; `Content-Length` is added by the client for bodies.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Whole-request timeout in milliseconds; 0 waits forever (the Runtime API's `/next` long poll).
    public var timeoutMilliseconds: Int

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: Data = Data(),
                timeoutMilliseconds: Int = 30_000) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of header `name`, whatever its case.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// A request that got no HTTP response: DNS, connect, TLS, timeout or a broken connection.
/// Carries libcurl's code and message, never the request's headers (they may hold credentials).
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// libcurl's `CURLcode`.
    public var code: Int
    public var message: String
    /// Method and URL without query string.
    public var request: String
    /// Whether the whole request had been written when it failed (a timeout or a reset while
    /// waiting for the answer): the server may have acted on it. `false` when it failed before
    /// (DNS, connect, TLS, or while sending).
    public var requestSent: Bool

    public init(code: Int, message: String, request: String, requestSent: Bool = false) {
        self.code = code
        self.message = message
        self.request = request
        self.requestSent = requestSent
    }

    public var description: String { "\(request): \(message) (curl error \(code))" }
}
