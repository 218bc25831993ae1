/// How `SigV4Signer` builds the canonical request. The defaults are right for every AWS service
/// except S3.
public struct SigningOptions: Sendable, Hashable {
    /// Remove `.`/`..` segments and collapse `//` in the path before encoding it. S3: `false`
    /// (`my-object//example//photo.user` is a different key from `my-object/example/photo.user`).
    public var normalizePath: Bool
    /// `UriEncode()` the path as sent, so that `%3A` is signed as `%253A`. S3: `false` (the path is
    /// encoded once). The AWS suites tie this to `normalizePath`; it is separate here so each rule is named.
    public var doubleEncodePath: Bool
    /// Add an `X-Amz-Content-SHA256` header holding the payload hash, and sign it. Required by S3;
    /// harmless elsewhere. Pre-signed URLs never get the header.
    public var signBody: Bool
    /// Add `X-Amz-Security-Token` after signing instead of before, so it is sent but not signed
    /// (the few services that expect that, and the suites' `post-sts-header-after`).
    public var omitSessionToken: Bool

    public init(normalizePath: Bool = true, doubleEncodePath: Bool = true, signBody: Bool = false,
                omitSessionToken: Bool = false) {
        self.normalizePath = normalizePath
        self.doubleEncodePath = doubleEncodePath
        self.signBody = signBody
        self.omitSessionToken = omitSessionToken
    }

    /// Every service but S3 (Lambda, KMS, SES, SNS, …).
    public static let standard = SigningOptions()

    /// S3: no path normalization, single encoding, signed payload hash header.
    public static let s3 = SigningOptions(normalizePath: false, doubleEncodePath: false, signBody: true)
}

/// The intermediate values of one signature (AWS docs, "Create a signed AWS API request", steps 1–4),
/// for tests and for debugging a `SignatureDoesNotMatch` against the server's own canonical request.
///
/// `canonicalRequest` holds every signed header value, the session token included: treat it as
/// secret. The descriptions show only the signed header names, scope and signature.
public struct SigningDetails: Sendable, Hashable {
    /// Step 1: method, canonical URI, canonical query, canonical headers, signed headers, payload hash.
    public var canonicalRequest: String
    /// Step 2: `AWS4-HMAC-SHA256`, timestamp, credential scope, hex SHA-256 of the canonical request.
    public var stringToSign: String
    /// Step 4: hex HMAC-SHA256 of the string to sign under the derived signing key.
    public var signature: String
    /// Lower-case header names joined by `;`, e.g. `host;x-amz-date`.
    public var signedHeaders: String
    /// `yyyyMMdd/region/service/aws4_request`.
    public var credentialScope: String
    /// `yyyyMMdd'T'HHmmss'Z'` in UTC: the `X-Amz-Date` value.
    public var timestamp: String
    /// The `Authorization` header value; `nil` for a pre-signed URL.
    public var authorization: String?
}

extension SigningDetails: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "SigningDetails(scope: \(credentialScope), signedHeaders: \(signedHeaders), signature: \(signature))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["credentialScope": credentialScope, "signedHeaders": signedHeaders,
                                "signature": signature],
               displayStyle: .struct)
    }
}
