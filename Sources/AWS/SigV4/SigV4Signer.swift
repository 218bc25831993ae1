#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Signs requests with AWS Signature Version 4 (AWS docs, "Create a signed AWS API request";
/// checked against the AWS test suite and botocore, see `Tests/AWSTests`).
///
/// ```swift
/// let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "lambda")
/// var request = try SignableRequest(method: "POST", url: invokeURL, body: payload)
/// signer.sign(&request, date: clock.now)
/// // send request.method, request.url, request.headers, request.body
/// ```
///
/// The signer is a value with no I/O and no clock of its own: the caller passes the signing instant.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    /// `us-east-1`, …
    public var region: String
    /// The signing name, which is not always the endpoint prefix: SESv2 at `email.<region>` signs as `ses`.
    public var service: String

    /// `AWS4-HMAC-SHA256`.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Header names (lower case) that are sent but never signed:
    /// - `authorization`: the signature's own header.
    /// - `user-agent`: HTTP clients and proxies rewrite it; moto also leaves it out when it checks
    ///   signatures, and AWS does not require it.
    /// - `x-amzn-trace-id`: X-Ray may add or change it on the way.
    /// - `expect` and the hop-by-hop fields of RFC 9110 §7.6.1 (`connection`, `keep-alive`,
    ///   `proxy-authenticate`, `proxy-authorization`, `te`, `trailer`, `transfer-encoding`,
    ///   `upgrade`): a client or proxy may add, drop or rewrite them per connection.
    /// botocore leaves out the same names (its `SIGNED_HEADERS_BLACKLIST`), except `authorization`,
    /// which it removes from the request before signing.
    public static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect",
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade",
    ]

    /// The query parameters a pre-signed URL carries (AWS docs, "Authentication methods").
    static let presignParameters: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Security-Token", "X-Amz-Signature",
    ]

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs `request` with an `Authorization` header.
    ///
    /// Replaces any `Authorization`, `X-Amz-Date` and (with a session token) `X-Amz-Security-Token`
    /// headers, so signing again, for a retry, is safe. Adds `Host` if missing, `X-Amz-Date`,
    /// `X-Amz-Security-Token` when the credentials have a token (after signing with
    /// `omitSessionToken`), `X-Amz-Content-SHA256` with `signBody`, and `Authorization`.
    /// - Parameters:
    ///   - request: the request to sign; its headers are changed.
    ///   - date: the signing instant (UTC). AWS rejects requests more than 5 minutes off its clock.
    ///   - options: canonicalization rules; the defaults fit every service but S3.
    /// - Returns: the canonical request, string to sign and signature.
    @discardableResult
    public func sign(_ request: inout SignableRequest, date: Date,
                     options: SigningOptions = .standard) -> SigningDetails {
        let time = SigV4Timestamp(date)
        let token = credentials.sessionToken
        for name in ["Authorization", "X-Amz-Date"] { request.removeHeaders(named: name) }
        if token != nil { request.removeHeaders(named: "X-Amz-Security-Token") }
        addHostIfMissing(&request)
        request.headers.append((name: "X-Amz-Date", value: time.dateTime))
        if let token, !options.omitSessionToken {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        let payloadHash = Digest.hex(Digest.sha256(request.body))
        if options.signBody {
            request.removeHeaders(named: "X-Amz-Content-SHA256")
            request.headers.append((name: "X-Amz-Content-SHA256", value: payloadHash))
        }

        var details = signature(of: request, time: time, options: options, payloadHash: payloadHash)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(details.credentialScope), "
            + "SignedHeaders=\(details.signedHeaders), Signature=\(details.signature)"
        details.authorization = authorization
        request.headers.append((name: "Authorization", value: authorization))
        if let token, options.omitSessionToken {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        return details
    }

    /// Pre-signs `request`: the signature goes in the query (`X-Amz-Signature`), so the URL alone
    /// authorizes the request until it expires.
    ///
    /// Replaces any `X-Amz-*` signing parameters already in the query, removes `Authorization` and
    /// `X-Amz-Date` headers, adds `Host` if missing. The headers present are signed and must be sent.
    /// The payload hash is the body's, as in the AWS suite (S3's `UNSIGNED-PAYLOAD` is not supported);
    /// `signBody` adds no header here.
    /// - Parameters:
    ///   - expires: seconds the URL stays valid, 1 to 604 800 (7 days; AWS's limit).
    /// - Returns: the canonical request, string to sign and signature; `authorization` is `nil`.
    @discardableResult
    public func presign(_ request: inout SignableRequest, date: Date, expires: Int,
                        options: SigningOptions = .standard) -> SigningDetails {
        precondition((1...604_800).contains(expires), "X-Amz-Expires must be 1 to 604800 seconds, not \(expires)")
        let time = SigV4Timestamp(date)
        let token = credentials.sessionToken
        for name in ["Authorization", "X-Amz-Date"] { request.removeHeaders(named: name) }
        request.queryItems.removeAll { Self.presignParameters.contains($0.name) }
        addHostIfMissing(&request)

        let scope = credentialScope(time)
        let signedHeaders = CanonicalRequest.canonicalHeaders(request.headers, excluding: Self.unsignedHeaders)
            .map(\.name).joined(separator: ";")
        var items: [SignableRequest.QueryItem] = [
            .init(name: "X-Amz-Algorithm", value: Self.algorithm),
            .init(name: "X-Amz-Credential", value: "\(credentials.accessKeyID)/\(scope)"),
            .init(name: "X-Amz-Date", value: time.dateTime),
            .init(name: "X-Amz-Expires", value: String(expires)),
            .init(name: "X-Amz-SignedHeaders", value: signedHeaders),
        ]
        if let token, !options.omitSessionToken { items.append(.init(name: "X-Amz-Security-Token", value: token)) }
        request.queryItems.append(contentsOf: items)

        let payloadHash = Digest.hex(Digest.sha256(request.body))
        let details = signature(of: request, time: time, options: options, payloadHash: payloadHash)
        if let token, options.omitSessionToken {
            request.queryItems.append(.init(name: "X-Amz-Security-Token", value: token))
        }
        request.queryItems.append(.init(name: "X-Amz-Signature", value: details.signature))
        return details
    }

    /// The signing key for one day (AWS docs, "Derive a signing key"):
    /// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    /// - Parameter date: `yyyyMMdd` (UTC).
    package func signingKey(date: String) -> [UInt8] {
        let dateKey = Digest.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), data: Array(date.utf8))
        let regionKey = Digest.hmacSHA256(key: dateKey, data: Array(region.utf8))
        let serviceKey = Digest.hmacSHA256(key: regionKey, data: Array(service.utf8))
        return Digest.hmacSHA256(key: serviceKey, data: Array("aws4_request".utf8))
    }

    /// Steps 1–4 over the request as it now stands.
    private func signature(of request: SignableRequest, time: SigV4Timestamp, options: SigningOptions,
                           payloadHash: String) -> SigningDetails {
        let canonical = CanonicalRequest(request, options: options, unsignedHeaders: Self.unsignedHeaders,
                                         payloadHash: payloadHash)
        let canonicalText = canonical.text
        let scope = credentialScope(time)
        let stringToSign = [Self.algorithm, time.dateTime, scope, Digest.hex(Digest.sha256(canonicalText.utf8))]
            .joined(separator: "\n")
        let signature = Digest.hex(Digest.hmacSHA256(key: signingKey(date: time.date), data: Array(stringToSign.utf8)))
        return SigningDetails(canonicalRequest: canonicalText, stringToSign: stringToSign, signature: signature,
                              signedHeaders: canonical.signedHeaders, credentialScope: scope,
                              timestamp: time.dateTime, authorization: nil)
    }

    private func credentialScope(_ time: SigV4Timestamp) -> String {
        "\(time.date)/\(region)/\(service)/aws4_request"
    }

    private func addHostIfMissing(_ request: inout SignableRequest) {
        if request.headerValues("Host").isEmpty {
            request.headers.insert((name: "Host", value: request.hostHeaderValue), at: 0)
        }
    }
}
