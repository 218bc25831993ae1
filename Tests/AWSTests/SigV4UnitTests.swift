import AWS
import Foundation
import SequencerTestSupport
import Testing

@Suite("Digest")
struct DigestTests {
    @Test("SHA-256 of FIPS 180-2 examples and of empty input")
    func sha256() {
        #expect(Digest.hex(Digest.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.hex(Digest.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.hex(Digest.sha256(Data("abc".utf8))) == Digest.hex(Digest.sha256(Array("abc".utf8))))
        // A collection without contiguous storage is copied first.
        #expect(Digest.hex(Digest.sha256(Array("cba".utf8).reversed()))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("HMAC-SHA256 of RFC 4231 test case 2 and of an empty key")
    func hmac() {
        #expect(Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Digest.hex(Digest.hmacSHA256(key: [UInt8](), data: [UInt8]()))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}

@Suite("SigV4 pieces")
struct SigV4UnitTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "SECRET-KEY-VALUE",
                                            sessionToken: "SESSION-TOKEN-VALUE")

    @Test("credentials never describe the secret key or the session token")
    func credentialsDescriptions() {
        let credentials = Self.credentials
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, credentials.debugDescription, "\(credentials)",
                     String(reflecting: credentials), dumped] {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("SECRET-KEY-VALUE"))
            #expect(!text.contains("SESSION-TOKEN-VALUE"))
        }
    }

    @Test("a signed request's and the details' descriptions hide the token and signature")
    func signedDescriptions() throws {
        var request = try SignableRequest(method: "GET", url: "https://kms.us-east-1.amazonaws.com/")
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "kms")
        let details = signer.sign(&request, date: SuiteConstants.date)
        var dumped = ""
        dump(request, to: &dumped)
        for text in ["\(request)", dumped] {
            #expect(!text.contains("SESSION-TOKEN-VALUE"))
            #expect(!text.contains("Signature="))
        }
        #expect(!"\(details)".contains("SESSION-TOKEN-VALUE"))
        var presigned = try SignableRequest(method: "GET", url: "https://kms.us-east-1.amazonaws.com/")
        signer.presign(&presigned, date: SuiteConstants.date, expires: 60)
        #expect(!"\(presigned)".contains("SESSION-TOKEN-VALUE"))
        #expect(!"\(presigned)".contains(details.signature))
    }

    @Test("a URL's path is kept as sent and encoded again in the canonical request")
    func lambdaARN() throws {
        let url = "https://lambda.us-west-2.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012:function:x/invocations?Qualifier=%24LATEST"
        var request = try SignableRequest(method: "POST", url: url, body: Data("{}".utf8))
        #expect(request.path == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012:function:x/invocations")
        #expect(request.queryItems == [.init(name: "Qualifier", value: "$LATEST")])
        #expect(request.url == url)
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-west-2", service: "lambda")
        let details = signer.sign(&request, date: SuiteConstants.date)
        let lines = details.canonicalRequest.components(separatedBy: "\n")
        #expect(lines[1] == "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-west-2%253A123456789012%3Afunction%3Ax/invocations")
        #expect(lines[2] == "Qualifier=%24LATEST")
        #expect(request.headerValues("Host") == ["lambda.us-west-2.amazonaws.com"])
    }

    static let badURLs: [(String, RequestURLError.Code)] = [
        ("lambda.us-east-1.amazonaws.com/x?X-Amz-Security-Token=TOKEN", .missingScheme),
        ("ftp://example.com/x?X-Amz-Security-Token=TOKEN", .unsupportedScheme),
        ("https:///x?X-Amz-Security-Token=TOKEN", .invalidHost),
        ("https://exa mple.com/x", .invalidHost),
        ("https://example.com:0/x", .invalidPort),
        ("https://example.com:65536/x", .invalidPort),
        ("https://example.com:/x", .invalidPort),
        ("https://user:PASSWORD@example.com/x?X-Amz-Security-Token=TOKEN", .userInfoNotSupported),
        ("https://example.com/a b?X-Amz-Security-Token=TOKEN", .invalidCharacter),
        ("https://example.com/ሴ", .invalidCharacter),
        ("https://example.com/x?a=b c&X-Amz-Security-Token=TOKEN", .invalidCharacter),
        ("https://example.com/a%zz?X-Amz-Security-Token=TOKEN", .invalidPercentEncoding),
        ("https://example.com/x?a=%FF&X-Amz-Security-Token=TOKEN", .invalidPercentEncoding),
        ("https://example.com/x?a=%4&X-Amz-Security-Token=TOKEN", .invalidPercentEncoding),
    ]

    @Test("malformed URLs throw an error naming the URL without query or password", arguments: badURLs)
    func badURL(_ url: String, _ code: RequestURLError.Code) {
        do {
            _ = try SignableRequest(method: "GET", url: url)
            Issue.record("accepted \(url)")
        } catch let error as RequestURLError {
            #expect(error.code == code)
            #expect(!error.description.contains("TOKEN"))
            #expect(!error.description.contains("PASSWORD"))
            #expect(error.description.contains(error.url))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("URL forms that are accepted")
    func goodURLs() throws {
        let local = try SignableRequest(method: "GET", url: "http://LocalHost:4566?a&b=&=c#fragment")
        #expect(local.path == "/")
        #expect(local.port == 4566)
        #expect(local.hostHeaderValue == "localhost:4566")
        #expect(local.queryItems == [.init(name: "a", value: ""), .init(name: "b", value: ""), .init(name: "", value: "c")])
        let v6 = try SignableRequest(method: "GET", url: "http://[::1]:9000/x")
        #expect(v6.host == "[::1]")
        #expect(v6.hostHeaderValue == "[::1]:9000")
        let plus = try SignableRequest(method: "GET", url: "https://example.com:443/x?m=a+b%2Bc")
        #expect(plus.queryItems == [.init(name: "m", value: "a+b+c")])
        #expect(plus.hostHeaderValue == "example.com")
        #expect(plus.url == "https://example.com:443/x?m=a%2Bb%2Bc")
    }

    static let normalizations: [(String, String)] = [
        ("", "/"), ("/", "/"), ("//", "/"), ("/a//b///", "/a/b/"), ("/./", "/"), ("/./a", "/a"),
        ("/a/..", "/"), ("/a/../", "/"), ("/a/b/../..", "/"), ("/../a", "/a"), ("//../a", "/a"),
        ("/a/./b/../c", "/a/c"), ("/a/%2E%2E/b", "/a/%252E%252E/b"),
        // RFC 3986 §5.2.4 (and libcurl) where botocore and aws-c-auth differ:
        ("/a/b/..", "/a/"), ("/a/.", "/a/"), ("/a/b//../c", "/a/b/c"), ("/a//./../b", "/a/b"),
    ]

    @Test("non-S3 path normalization", arguments: normalizations)
    func normalize(_ path: String, _ expected: String) {
        #expect(CanonicalPath.canonicalURI(path, normalize: true, doubleEncode: true) == expected)
    }

    @Test("S3 rules: no normalization, one encoding")
    func s3Path() {
        #expect(CanonicalPath.canonicalURI("/my-object//example//photo.user", normalize: false, doubleEncode: false)
            == "/my-object//example//photo.user")
        #expect(CanonicalPath.canonicalURI("/a b/%3a/%7E/ü/100%", normalize: false, doubleEncode: false)
            == "/a%20b/%3A/~/%C3%BC/100%25")
    }

    @Test("X-Amz-Date from the UTC instant, across days, leap days, years and before 1970")
    func timestamps() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var random = SeededGenerator(state: 1)
        var instants: [TimeInterval] = [0, -1, 951_782_400, 951_868_799.999, 4_102_444_799, -2_208_988_800, 1_440_938_160.75]
        for _ in 0..<2000 { instants.append(TimeInterval(Int64.random(in: -5_000_000_000...10_000_000_000, using: &random))) }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let expected = formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
            let timestamp = SigV4Timestamp(date)
            #expect(timestamp.dateTime == expected, "\(seconds)")
            #expect(timestamp.date == String(expected.prefix(8)))
        }
    }

    @Test("signing again replaces the signature headers; unsigned headers stay out")
    func resign() throws {
        var request = try SignableRequest(method: "POST", url: "https://kms.us-east-1.amazonaws.com/",
                                          headers: [("User-Agent", "sequencer/1.0"), ("X-Amzn-Trace-Id", "Root=1")])
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "kms")
        let first = signer.sign(&request, date: SuiteConstants.date)
        let second = signer.sign(&request, date: SuiteConstants.date)
        #expect(first == second)
        #expect(first.signedHeaders == "host;x-amz-date;x-amz-security-token")
        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "Host", "User-Agent"] {
            #expect(request.headerValues(name).count == 1, "\(name)")
        }
    }

    @Test("omitSessionToken sends the token after signing; signBody adds the payload hash")
    func options() throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        var request = try SignableRequest(method: "PUT", url: "https://bucket.s3.amazonaws.com/a//b",
                                          body: Data("x".utf8))
        let details = signer.sign(&request, date: SuiteConstants.date,
                                  options: SigningOptions(normalizePath: false, doubleEncodePath: false,
                                                          signBody: true, omitSessionToken: true))
        #expect(details.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
        #expect(details.canonicalRequest.components(separatedBy: "\n")[1] == "/a//b")
        #expect(request.headers.last?.name == "X-Amz-Security-Token")
        #expect(request.headerValues("X-Amz-Content-SHA256") == [Digest.hex(Digest.sha256(Array("x".utf8)))])
    }
}
