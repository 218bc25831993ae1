import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SequencerHTTP

/// `moto_server` on loopback as the AWS stand-in, with SigV4 signature checking on (see
/// `shared/MOTO.md`): started once per test process (or taken from `SEQUENCER_TEST_MOTO_URL`),
/// bootstrapped with an IAM user whose access key may do everything, then switched to checking
/// signatures, so a request signed with another secret is refused.
public enum MotoServer {
    /// The server's base URL and the IAM user's key, or why they could not be had.
    public static let shared: Result<Instance, TestSupportError> = start()

    /// A running, bootstrapped server.
    public struct Instance: Sendable {
        /// e.g. `http://127.0.0.1:5123`.
        public var url: String
        public var accessKeyID: String
        public var secretAccessKey: String
        /// The region fixtures use.
        public var region: String { "us-west-2" }

        /// `AWS_*` variables pointing an SDK-style client at this server.
        public var environment: [String: String] {
            ["AWS_ACCESS_KEY_ID": accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey, "AWS_REGION": region,
             "AWS_ENDPOINT_URL": url]
        }
    }

    nonisolated(unsafe) private static var processes: [BackgroundProcess] = []
    private static let processLock = NSLock()

    private static func start() -> Result<Instance, TestSupportError> {
        let url = ProcessInfo.processInfo.environment["SEQUENCER_TEST_MOTO_URL"] ?? ""
        return ready(url.isEmpty ? nil : url)
    }

    /// A server of the caller's own, bootstrapped like the shared one, stopped when the process
    /// exits: for tests whose state would disturb others (Lambda functions make moto's
    /// `data.json` call Docker).
    public static func startPrivate() -> Result<Instance, TestSupportError> {
        ready(nil)
    }

    /// Waits for the server at `url` (a new one when `nil`) and bootstraps it.
    private static func ready(_ url: String?) -> Result<Instance, TestSupportError> {
        do {
            let url = try url ?? launch()
            let http = try CurlHTTPClient()
            try waitUntilReady(url, http: http)
            return .success(try bootstrap(url, http: http))
        } catch let error as TestSupportError {
            return .failure(error)
        } catch {
            return .failure(TestSupportError(reason: "moto_server: \(error)"))
        }
    }

    /// Starts `python3 -m moto.server` on a free loopback port; returns its URL. Its request
    /// recorder (`/moto-api/recorder/…`) writes to a file of its own in the temporary folder,
    /// not to `moto_recording` in the working directory.
    private static func launch() throws -> String {
        let port = try LoopbackPort.free()
        var environment = ProcessInfo.processInfo.environment
        environment["MOTO_RECORDER_FILEPATH"] = FileManager.default.temporaryDirectory.appendingPathComponent("moto-recording-\(port)").path
        let server = try BackgroundProcess("/usr/bin/env", ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)],
                                           environment: environment)
        processLock.withLock {
            if processes.isEmpty { atexit { MotoServer.stopStarted() } }
            processes.append(server)
        }
        return "http://127.0.0.1:\(port)"
    }

    private static func stopStarted() {
        processLock.withLock { processes.forEach { $0.terminate() } }
    }

    private static func waitUntilReady(_ url: String, http: CurlHTTPClient) throws {
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            if let answer = try? http.perform(HTTPRequest(method: "GET", url: url + "/moto-api/config", timeoutMilliseconds: 1_000)),
               (200..<300).contains(answer.status) {
                return
            }
            usleep(100_000)
        }
        throw TestSupportError(reason: "moto_server did not answer at \(url) within 30 s (pip install 'moto[server]'; scripts/test does)")
    }

    /// With checking off: an IAM user, an access key and a policy allowing everything; Lambda
    /// without Docker; then checking on.
    private static func bootstrap(_ url: String, http: CurlHTTPClient) throws -> Instance {
        try post(url + "/moto-api/reset-auth", "inf", http: http)
        let user = "sequencer-tests"
        _ = try iam(url, ["Action": "CreateUser", "UserName": user], http: http)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try iam(url, ["Action": "PutUserPolicy", "UserName": user, "PolicyName": "all", "PolicyDocument": policy], http: http)
        let key = try iam(url, ["Action": "CreateAccessKey", "UserName": user], http: http)
        guard let keyID = element("AccessKeyId", key), let secret = element("SecretAccessKey", key) else {
            throw TestSupportError(reason: "moto did not return an access key: \(key.prefix(300))")
        }
        _ = try http.perform(HTTPRequest(method: "POST", url: url + "/moto-api/config", headers: [("Content-Type", "application/json")],
                                         body: Data(#"{"lambda": {"use_docker": false}}"#.utf8)))
        try post(url + "/moto-api/reset-auth", "0", http: http)
        TestSecrets.record(secret)  // for scripts/scan-secrets: it must never be printed
        return Instance(url: url, accessKeyID: keyID, secretAccessKey: secret)
    }

    private static func post(_ url: String, _ body: String, http: CurlHTTPClient) throws {
        let answer = try http.perform(HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "text/plain")], body: Data(body.utf8)))
        guard (200..<300).contains(answer.status) else { throw TestSupportError(reason: "\(url) answered \(answer.status)") }
    }

    /// An IAM Query call while signature checking is off (any signature passes then).
    private static func iam(_ url: String, _ parameters: [String: String], http: CurlHTTPClient) throws -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let form = (parameters.merging(["Version": "2010-05-08"]) { first, _ in first })
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
            .joined(separator: "&")
        let answer = try http.perform(HTTPRequest(method: "POST", url: url + "/", headers: [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0"),
        ], body: Data(form.utf8)))
        let text = String(decoding: answer.body, as: UTF8.self)
        guard answer.status == 200 else { throw TestSupportError(reason: "IAM \(parameters["Action"]!) answered \(answer.status): \(text.prefix(300))") }
        return text
    }

    private static func element(_ name: String, _ xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>") else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    /// The body of a GET to a moto-api path, e.g. `/moto-api/data.json` (what moto received).
    public static func json(_ path: String) throws -> Data {
        let instance = try shared.get()
        return try CurlHTTPClient().perform(HTTPRequest(method: "GET", url: instance.url + path)).body
    }
}
