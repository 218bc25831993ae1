import CCurl
import CCurlShim
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A blocking HTTP/1.1 client over one reused libcurl easy handle, so consecutive requests to
/// the same host reuse one keep-alive connection (libcurl reconnects when the server closed it).
///
/// Settings follow what a Lambda runtime needs: no signals (`CURLOPT_NOSIGNAL`), `TCP_NODELAY`,
/// an explicit `Content-Length` on bodies with no `Expect: 100-continue` and no chunked upload,
/// a short connect timeout. One owner at a time: not `Sendable`.
public final class CurlHTTPClient {
    /// Options fixed for the client's life.
    public struct Options: Sendable {
        /// Connect timeout in milliseconds.
        public var connectTimeoutMilliseconds: Int
        /// Ignore `http_proxy`/`https_proxy`/`no_proxy` (the Runtime API is local and must not be proxied).
        public var ignoreProxyEnvironment: Bool

        public init(connectTimeoutMilliseconds: Int = 2_000, ignoreProxyEnvironment: Bool = false) {
            self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
            self.ignoreProxyEnvironment = ignoreProxyEnvironment
        }
    }

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let sink = ResponseSink()

    /// `curl_global_init` runs once per process, before the first handle.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// The CA certificates HTTPS peers are checked against: `$SSL_CERT_FILE`, else the system's
    /// bundle (Amazon Linux's, then Debian's). libcurl's own default is the path of the machine it
    /// was built on, which the Lambda zip's libcurl (deploy/build-libs) must not depend on.
    static let caBundle: String? = {
        let candidates = [ProcessInfo.processInfo.environment["SSL_CERT_FILE"], "/etc/pki/tls/certs/ca-bundle.crt",
                          "/etc/ssl/certs/ca-certificates.crt"]
        return candidates.compactMap { $0 }.first { !$0.isEmpty && FileManager.default.isReadableFile(atPath: $0) }
    }()

    /// Creates the handle.
    /// - Throws: `HTTPError` when libcurl cannot initialise.
    public init(options: Options = Options()) throws(HTTPError) {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw HTTPError(code: Int(Self.globalInit.rawValue), message: "libcurl could not initialise", request: "")
        }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        sequencer_curl_easy_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        sequencer_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        sequencer_curl_easy_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        sequencer_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeoutMilliseconds)
        if let caBundle = Self.caBundle { sequencer_curl_easy_setopt_ptr(handle, CURLOPT_CAINFO, caBundle) }
        if options.ignoreProxyEnvironment {
            sequencer_curl_easy_setopt_ptr(handle, CURLOPT_PROXY, "")
            sequencer_curl_easy_setopt_ptr(handle, CURLOPT_NOPROXY, "*")
        }
        sequencer_curl_easy_setopt_write_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }
        sequencer_curl_easy_setopt_header_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            sink.addHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        sequencer_curl_easy_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        sequencer_curl_easy_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `request` and waits for the whole response.
    /// - Throws: `HTTPError` when no HTTP response arrived; any status code is a response.
    public func perform(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        sink.reset()
        errorBuffer[0] = 0
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // No `Expect: 100-continue` round trip before a body.
        headerList = curl_slist_append(headerList, "Expect:")

        sequencer_curl_easy_setopt_ptr(handle, CURLOPT_URL, request.url)
        sequencer_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        sequencer_curl_easy_setopt_ptr(handle, CURLOPT_HTTPHEADER, headerList)

        let code: CURLcode = request.body.withUnsafeBytes { bytes in
            switch request.method {
            case "GET":
                sequencer_curl_easy_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, nil)
                sequencer_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
            default:
                // POSTFIELDS with an explicit size sends Content-Length, never chunked; the bytes
                // stay alive for the whole perform below.
                sequencer_curl_easy_setopt_long(handle, CURLOPT_POST, 1)
                sequencer_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                sequencer_curl_easy_setopt_ptr(handle, CURLOPT_POSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))
                if request.method == "POST" {
                    sequencer_curl_easy_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, nil)
                } else {
                    // libcurl copies string options.
                    sequencer_curl_easy_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, request.method)
                }
            }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            let target = request.url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.url
            throw HTTPError(code: Int(code.rawValue), message: message, request: "\(request.method) \(target)",
                            requestSent: requestWasSent(bodyBytes: request.body.count))
        }
        var status = 0
        sequencer_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// Whether the last request left in full — its header (`CURLINFO_REQUEST_SIZE`) and every byte
    /// of its body (`CURLINFO_SIZE_UPLOAD_T`) — so the server may have acted on it even though no
    /// answer came back.
    private func requestWasSent(bodyBytes: Int) -> Bool {
        var headerBytes = 0
        var uploaded: curl_off_t = 0
        sequencer_curl_easy_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &headerBytes)
        sequencer_curl_easy_getinfo_off_t(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        return headerBytes > 0 && Int(uploaded) >= bodyBytes
    }
}

/// Collects one response's header lines and body from libcurl's callbacks.
private final class ResponseSink {
    var body = Data()
    var headers: [String: String] = [:]

    func reset() {
        body.removeAll(keepingCapacity: true)
        headers.removeAll(keepingCapacity: true)
    }

    /// Records one header line (see `HTTPHeaderLine`); a status line starts a new response.
    func addHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        switch HTTPHeaderLine(bytes) {
        case .statusLine: headers.removeAll(keepingCapacity: true)
        case .field(let name, let value): headers[name] = value
        case .other: break
        }
    }
}
