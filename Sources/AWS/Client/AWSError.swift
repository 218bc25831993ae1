#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// An error answer from an AWS service: its service, HTTP status, error code and message, read
/// from either shape AWS uses — JSON (`{"__type": "…#Code", "message": "…"}`, or the
/// `x-amzn-ErrorType` header) or XML (`<Error><Code>…</Code><Message>…</Message></Error>`).
/// The message is kept trimmed (``trimmed(_:)``): its first sentence, without request echoes.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// e.g. `KMS`, `LAMBDA`.
    public var service: String
    public var status: Int
    /// e.g. `InvalidCiphertextException`, `ThrottlingException`, `SignatureDoesNotMatch`.
    public var code: String
    /// The first sentence of the service's message, at most 200 characters (``trimmed(_:)``).
    public var message: String
    public var requestID: String?

    public var description: String {
        "\(service) \(status) \(code): \(message)" + (requestID.map { " (request \($0))" } ?? "")
    }

    /// Whether retrying later may succeed: throttling and 5xx.
    public var isRetryable: Bool {
        isThrottling || status >= 500
    }

    /// Whether the service throttled the request (429, or one of AWS's throttling codes): it did
    /// nothing.
    public var isThrottling: Bool {
        status == 429
            || ["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
                "ProvisionedThroughputExceededException", "SlowDown"].contains(code)
    }

    /// Reads an error answer. The content type is not trusted (moto answers XML as text/html).
    public init(service: AWSService, status: Int, headers: [String: String], body: Data) {
        self.service = service.environmentID
        self.status = status
        requestID = headers["x-amzn-requestid"] ?? headers["x-amz-request-id"]
        let text = String(decoding: body, as: UTF8.self)
        var code = headers["x-amzn-errortype"].map { String($0.split(separator: ":").first ?? "") }
        var message: String?
        if let json = JSONBridge.object(body) {
            if let type = (json["__type"] ?? json["code"] ?? json["Code"]) as? String {
                code = String(type.split(separator: "#").last ?? Substring(type))
            }
            message = (json["message"] ?? json["Message"] ?? json["errorMessage"]) as? String ?? "(the service gave no message)"
        } else if text.contains("<") {
            code = Self.element("Code", in: text) ?? code
            message = Self.element("Message", in: text)
            requestID = requestID ?? Self.element("RequestId", in: text)
        }
        self.code = code.flatMap { $0.isEmpty ? nil : $0 } ?? "HTTP\(status)"
        self.message = Self.trimmed(message ?? (text.isEmpty ? "HTTP status \(status)" : text))
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.firstRange(of: "<\(name)>"), let end = xml[start.upperBound...].firstRange(of: "</\(name)>") else {
            return nil
        }
        return String(xml[start.upperBound..<end.lowerBound])
            .replacingLiteral("&lt;", with: "<").replacingLiteral("&gt;", with: ">")
            .replacingLiteral("&quot;", with: "\"").replacingLiteral("&apos;", with: "'")
            .replacingLiteral("&amp;", with: "&")
    }
}
