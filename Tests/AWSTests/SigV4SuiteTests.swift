import AWS
import Foundation
import Testing

// The AWS Signature Version 4 test vectors in Fixtures/aws-sigv4-suite (provenance in its SOURCE.md),
// read at run time, one test case per suite case.
//
// Not applicable: none. Every classic case, every aws-c-auth case in both header and pre-signed
// form (the `*-unnormalized` ones with `SigningOptions.s3`-style rules, as `"normalize": false`
// means), and every service vector is run. Files not compared: the classic `.sreq` (signed request)
// files. Their Authorization value is the `.authz` one, which is compared, and
// `get-vanilla-with-session-token.sreq` carries a wrong signature copied from get-vanilla (SOURCE.md,
// "Known data error").

/// The cases in each suite folder, listed from the disk.
enum SuiteCatalog {
    static let classicFolder = TestPaths.sigV4Suite.appendingPathComponent("aws4_testsuite")
    static let crtFolder = TestPaths.sigV4Suite.appendingPathComponent("aws-c-auth-v4")
    static let serviceVectorsFile = TestPaths.sigV4Suite.appendingPathComponent("service-vectors/vectors.json")

    /// Case counts the suites had when they were copied (SOURCE.md; vectors.json holds 13).
    static let expectedCounts = (classic: 34, crt: 38, serviceVectors: 13)

    /// The argument shown when a folder is missing, so that the test runs and fails instead of
    /// running zero cases.
    static let missing = "(suite data missing)"

    /// `<case>` or `<group>/<case>` for every folder holding `<case>.req`.
    static let classicCases: [String] = {
        guard let walker = FileManager.default.enumerator(atPath: classicFolder.path) else { return [missing] }
        let names = walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".req") }
            .map { ($0 as NSString).deletingLastPathComponent }
            .sorted()
        return names.isEmpty ? [missing] : names
    }()

    /// Every folder holding a `context.json`.
    static let crtCases: [String] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: crtFolder.path)) ?? [])
            .filter { TestPaths.exists(crtFolder.appendingPathComponent("\($0)/context.json")) }
            .sorted()
        return names.isEmpty ? [missing] : names
    }()

    static let serviceVectors: [ServiceVector] = {
        guard let data = try? Data(contentsOf: serviceVectorsFile),
              let file = try? JSONDecoder().decode(ServiceVectorFile.self, from: data) else { return [] }
        return file.vectors
    }()

    static let serviceVectorNames: [String] = serviceVectors.isEmpty ? [missing] : serviceVectors.map(\.name)

    static func requirePresent(_ name: String, _ url: URL, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard name == missing else { return true }
        Issue.record("""
            AWS SigV4 suite data not found at \(url.path). It is part of the repository, in \
            Tests/AWSTests/Fixtures/aws-sigv4-suite; see its SOURCE.md.
            """, sourceLocation: sourceLocation)
        return false
    }
}

struct ServiceVectorFile: Decodable {
    var generator: String
    var vectors: [ServiceVector]
}

/// One entry of service-vectors/vectors.json: a real service call signed by botocore.
struct ServiceVector: Decodable {
    var name, note, service, region, timestamp: String
    var accessKey, secretKey: String
    var sessionToken: String?
    var method, url: String
    /// The headers botocore signed, including the ones the signer adds itself.
    var signedHeadersIn: [[String]]
    var body: String
    var canonicalRequest, stringToSign, authorization: String

    enum CodingKeys: String, CodingKey {
        case name, note, service, region, timestamp, method, url, body, authorization
        case accessKey = "access_key", secretKey = "secret_key", sessionToken = "session_token"
        case signedHeadersIn = "signed_headers_in", canonicalRequest = "canonical_request"
        case stringToSign = "string_to_sign"
    }
}

/// aws-c-auth-v4/<case>/context.json.
struct CRTContext: Decodable {
    struct Credentials: Decodable {
        var accessKeyID: String
        var secretAccessKey: String
        var token: String?
        enum CodingKeys: String, CodingKey {
            case accessKeyID = "access_key_id", secretAccessKey = "secret_access_key", token
        }
    }

    var credentials: Credentials
    var expirationInSeconds: Int
    var normalize: Bool
    var region: String
    var service: String
    var signBody: Bool
    var timestamp: String
    var omitSessionToken: Bool?

    enum CodingKeys: String, CodingKey {
        case credentials, normalize, region, service, timestamp
        case expirationInSeconds = "expiration_in_seconds", signBody = "sign_body"
        case omitSessionToken = "omit_session_token"
    }

    /// `"normalize": false` means S3 rules: no normalization and the path encoded once (SOURCE.md).
    var options: SigningOptions {
        SigningOptions(normalizePath: normalize, doubleEncodePath: normalize, signBody: signBody,
                       omitSessionToken: omitSessionToken ?? false)
    }
}

@Suite("AWS SigV4 test suite")
struct SigV4SuiteTests {
    // MARK: aws4_testsuite (classic format)

    @Test("aws4_testsuite", arguments: SuiteCatalog.classicCases)
    func classic(_ name: String) throws {
        guard SuiteCatalog.requirePresent(name, SuiteCatalog.classicFolder) else { return }
        let folder = SuiteCatalog.classicFolder.appendingPathComponent(name)
        let base = (name as NSString).lastPathComponent
        func file(_ ext: String) throws -> String { try TestPaths.text(folder.appendingPathComponent("\(base).\(ext)")) }

        var request = try RawRequestParser.parse(try file("req"))
        let signer = SigV4Signer(credentials: try Self.classicCredentials(name), region: SuiteConstants.region,
                                 service: SuiteConstants.service)
        let options = SigningOptions(omitSessionToken: name.hasSuffix("post-sts-header-after"))
        let details = signer.sign(&request, date: SuiteConstants.date, options: options)

        let authorization = try file("authz")
        expectSameText(details.canonicalRequest, try file("creq"), "canonical request")
        expectSameText(details.stringToSign, try file("sts"), "string to sign")
        #expect(details.authorization == authorization)
        #expect(request.headerValues("Authorization") == [authorization])
    }

    /// Classic-suite credentials: a session token for `get-vanilla-with-session-token` (SOURCE.md) and
    /// for the two `post-sts-token` cases (the token in `post-sts-token/readme.txt`).
    static func classicCredentials(_ name: String) throws -> AWSCredentials {
        var token: String?
        if name == "get-vanilla-with-session-token" {
            token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        } else if name.hasPrefix("post-sts-token/") {
            let readme = try TestPaths.text(SuiteCatalog.classicFolder.appendingPathComponent("post-sts-token/readme.txt"))
            token = readme.components(separatedBy: "\n").last { $0.hasPrefix("AQoD") }?
                .trimmingCharacters(in: .whitespaces)
            #expect(token != nil, "no AQoD… token in post-sts-token/readme.txt")
        }
        return AWSCredentials(accessKeyID: SuiteConstants.accessKeyID,
                              secretAccessKey: SuiteConstants.secretAccessKey, sessionToken: token)
    }

    // MARK: aws-c-auth-v4 (CRT format)

    @Test("aws-c-auth v4, Authorization header", arguments: SuiteCatalog.crtCases)
    func crtHeader(_ name: String) throws {
        guard SuiteCatalog.requirePresent(name, SuiteCatalog.crtFolder) else { return }
        let (context, file) = try Self.crtCase(name)
        var request = try RawRequestParser.parse(try file("request.txt"))
        let details = Self.signer(context).sign(&request, date: try Self.date(context), options: context.options)

        expectSameText(details.canonicalRequest, try file("header-canonical-request.txt"), "canonical request")
        expectSameText(details.stringToSign, try file("header-string-to-sign.txt"), "string to sign")
        let signature = try file("header-signature.txt")
        #expect(details.signature == signature)
        let signedRequest = try file("header-signed-request.txt")
        let expectedAuthorization = signedRequest.components(separatedBy: "\n")
            .first { $0.hasPrefix("Authorization:") }
            .map { String($0.dropFirst("Authorization:".count)) }
        #expect(details.authorization == expectedAuthorization)
        if let token = context.credentials.token {
            #expect(request.headerValues("X-Amz-Security-Token") == [token], "the token is sent, signed or not")
        }
    }

    @Test("aws-c-auth v4, pre-signed URL", arguments: SuiteCatalog.crtCases)
    func crtQuery(_ name: String) throws {
        guard SuiteCatalog.requirePresent(name, SuiteCatalog.crtFolder) else { return }
        let (context, file) = try Self.crtCase(name)
        var request = try RawRequestParser.parse(try file("request.txt"))
        let details = Self.signer(context).presign(&request, date: try Self.date(context),
                                                   expires: context.expirationInSeconds, options: context.options)

        expectSameText(details.canonicalRequest, try file("query-canonical-request.txt"), "canonical request")
        expectSameText(details.stringToSign, try file("query-string-to-sign.txt"), "string to sign")
        let signature = try file("query-signature.txt")
        #expect(details.signature == signature)
        #expect(details.authorization == nil)

        // The signed URL carries the same query items (order aside), the unsigned token included.
        let requestLine = try file("query-signed-request.txt").components(separatedBy: "\n")[0]
        // The target may hold a raw space (get-space-*): it runs from the first space to the last.
        let first = try #require(requestLine.firstIndex(of: " "))
        let last = try #require(requestLine.lastIndex(of: " "))
        let target = requestLine[requestLine.index(after: first)..<last]
        let expectedItems = RawRequestParser.splitTarget(String(target)).1
        let order: (SignableRequest.QueryItem, SignableRequest.QueryItem) -> Bool = {
            ($0.name, $0.value) < ($1.name, $1.value)
        }
        #expect(request.queryItems.sorted(by: order) == expectedItems.sorted(by: order))
    }

    static func crtCase(_ name: String) throws -> (CRTContext, (String) throws -> String) {
        let folder = SuiteCatalog.crtFolder.appendingPathComponent(name)
        let context = try JSONDecoder().decode(CRTContext.self,
                                               from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        return (context, { try TestPaths.text(folder.appendingPathComponent($0)) })
    }

    static func signer(_ context: CRTContext) -> SigV4Signer {
        let credentials = AWSCredentials(accessKeyID: context.credentials.accessKeyID,
                                         secretAccessKey: context.credentials.secretAccessKey,
                                         sessionToken: context.credentials.token)
        return SigV4Signer(credentials: credentials, region: context.region, service: context.service)
    }

    static func date(_ context: CRTContext) throws -> Date {
        try #require(SuiteConstants.parseTimestamp(context.timestamp), "bad timestamp \(context.timestamp)")
    }

    // MARK: service-vectors (botocore-signed calls to Lambda, KMS, SES, SNS)

    @Test("service vectors", arguments: SuiteCatalog.serviceVectorNames)
    func serviceVector(_ name: String) throws {
        guard SuiteCatalog.requirePresent(name, SuiteCatalog.serviceVectorsFile) else { return }
        let vector = try #require(SuiteCatalog.serviceVectors.first { $0.name == name })
        // The signer adds Host, X-Amz-Date and X-Amz-Security-Token itself; the others are the call's own.
        let added: Set<String> = ["host", "x-amz-date", "x-amz-security-token"]
        let headers = vector.signedHeadersIn.filter { !added.contains($0[0].lowercased()) }
            .map { (name: $0[0], value: $0[1]) }
        var request = try SignableRequest(method: vector.method, url: vector.url, headers: headers,
                                          body: Data(vector.body.utf8))
        let credentials = AWSCredentials(accessKeyID: vector.accessKey, secretAccessKey: vector.secretKey,
                                         sessionToken: vector.sessionToken)
        let signer = SigV4Signer(credentials: credentials, region: vector.region, service: vector.service)
        let date = try #require(SuiteConstants.parseTimestamp(vector.timestamp))
        let details = signer.sign(&request, date: date)

        expectSameText(details.canonicalRequest, vector.canonicalRequest, "canonical request")
        expectSameText(details.stringToSign, vector.stringToSign, "string to sign")
        #expect(details.authorization == vector.authorization)
        let expectedHost = vector.signedHeadersIn.first { $0[0].lowercased() == "host" }?[1]
        #expect(request.headerValues("Host") == [expectedHost].compactMap { $0 })
    }

    // MARK: inventory

    /// Guards against a suite folder silently losing cases (every case found is run; none is skipped).
    @Test("suite folders hold every case")
    func inventory() {
        let counts = SuiteCatalog.expectedCounts
        #expect(SuiteCatalog.classicCases.count == counts.classic, "\(SuiteCatalog.classicFolder.path)")
        #expect(SuiteCatalog.crtCases.count == counts.crt, "\(SuiteCatalog.crtFolder.path)")
        #expect(SuiteCatalog.serviceVectors.count == counts.serviceVectors, "\(SuiteCatalog.serviceVectorsFile.path)")
    }
}
