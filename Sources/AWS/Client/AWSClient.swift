#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerHTTP

/// Sends signed requests to AWS services over one libcurl handle (keep-alive per host).
/// One owner at a time: not `Sendable`.
public final class AWSClient {
    public let environment: AWSEnvironment
    private let http: CurlHTTPClient
    private let now: () -> Date

    /// - Parameter now: the signing clock (UTC); injectable for tests.
    /// - Throws: `HTTPError` when libcurl cannot initialise.
    public init(environment: AWSEnvironment, now: @escaping () -> Date = Date.init) throws {
        self.environment = environment
        self.http = try CurlHTTPClient()
        self.now = now
    }

    /// Signs and sends one request; a 2xx answer is returned, anything else thrown as `AWSError`.
    /// - Parameters:
    ///   - path: already percent-encoded, e.g. `/2015-03-31/functions/arn%3Aaws%3A…/invocations`.
    ///   - timeoutMilliseconds: whole-request timeout.
    /// - Throws: `AWSError` (the service said no) or `HTTPError` (no answer).
    public func send(_ service: AWSService, method: String, path: String, headers: [(name: String, value: String)],
                     body: Data, timeoutMilliseconds: Int = 30_000) throws -> HTTPResponse {
        let url = environment.endpoint(for: service) + path
        var request = try SignableRequest(method: method, url: url, headers: headers, body: body)
        let signer = SigV4Signer(credentials: environment.credentials, region: environment.region, service: service.signingName)
        // moto checks the payload hash header on every request; AWS accepts it everywhere.
        signer.sign(&request, date: now(), options: SigningOptions(signBody: true))
        let response = try http.perform(HTTPRequest(method: method, url: request.url, headers: request.headers,
                                                    body: body, timeoutMilliseconds: timeoutMilliseconds))
        guard (200..<300).contains(response.status) else {
            throw AWSError(service: service, status: response.status, headers: response.headers, body: response.body)
        }
        return response
    }

    /// Calls a JSON 1.1 target (`X-Amz-Target: <prefix>.<Action>`), as KMS does.
    /// - Returns: the parsed answer object.
    /// - Throws: `AWSError`, `HTTPError`, or `AWSError` with code `InvalidResponse` for an answer that is not JSON.
    public func callJSON(_ service: AWSService, target: String, _ payload: [String: Any]) throws -> [String: Any] {
        let body = try JSONBridge.data(payload)
        let response = try send(service, method: "POST", path: "/", headers: [
            ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target),
        ], body: body)
        guard let object = JSONBridge.object(response.body) else {
            throw AWSError(service: service, status: response.status, headers: ["x-amzn-errortype": "InvalidResponse"],
                           body: Data("{\"message\": \"the answer to \(target) is not a JSON object\"}".utf8))
        }
        return object
    }
}
