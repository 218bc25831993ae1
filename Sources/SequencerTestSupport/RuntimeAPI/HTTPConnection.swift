import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request as read off a connection.
struct RawHTTPRequest {
    var method: String
    /// The request target as sent (`/2018-06-01/runtime/invocation/next`).
    var target: String
    /// Header names lower-cased; repeated headers joined with `, `.
    var headers: [String: String]
    var body: Data
    /// Whether the client wants the connection kept open (HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`).
    var keepAlive: Bool
}

/// The server side of one TCP connection: buffered request reading and response writing on a
/// blocking socket. Owned by one thread; closes the socket in `deinit`.
final class HTTPConnection {
    enum ReadResult {
        case request(RawHTTPRequest)
        /// The peer closed the connection (or it broke) between or inside requests.
        case closed
        /// A request this server cannot serve: answer with the reply, then close.
        case refused(RuntimeAPIReply)
    }

    /// A parsed value, or the answer refusing the request.
    private enum Parsed<Value> {
        case ok(Value)
        case refused(RuntimeAPIReply)
    }

    let socket: Int32
    private let capacity = 64 * 1024
    private let buffer: UnsafeMutablePointer<UInt8>
    /// Unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    /// The largest body accepted; a bigger one is refused without being read.
    private let maxBodyBytes: Int
    /// How long to poll the socket without blocking before a blocking read, in ns (0: never).
    private let busyPollNanoseconds: UInt64

    init(socket: Int32, maxBodyBytes: Int, busyPollNanoseconds: UInt64) {
        self.socket = socket
        self.maxBodyBytes = maxBodyBytes
        self.busyPollNanoseconds = busyPollNanoseconds
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        close(socket)
    }

    // MARK: Reading

    /// Reads the next request, head and body (sending `100 Continue` first when asked to).
    func readRequest() -> ReadResult {
        var scanned = start
        var headEnd: Int?
        while headEnd == nil {
            headEnd = findHeadEnd(from: &scanned)
            if headEnd != nil { break }
            if start > 0, end == capacity {
                memmove(buffer, buffer + start, end - start)
                (scanned, end, start) = (scanned - start, end - start, 0)
            }
            if end == capacity {
                return .refused(.jsonError(status: 431, message: "Request header fields too large", type: "RequestHeaderFieldsTooLarge", closesConnection: true))
            }
            guard fill() else { return .closed }
        }
        let head = parseHead(buffer + start, count: headEnd! - start)
        start = headEnd!
        switch head {
        case .refused(let reply):
            return .refused(reply)
        case .ok(var request):
            let length: Int
            switch bodyLength(request.headers) {
            case .refused(let reply): return .refused(reply)
            case .ok(let value): length = value
            }
            if length > 0 {
                if let expect = request.headers["expect"], Self.hasToken(expect, "100-continue"), end - start < length {
                    guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .closed }
                }
                guard let body = readBody(length) else { return .closed }
                request.body = body
            }
            if start == end { (start, end) = (0, 0) }
            return .request(request)
        }
    }

    /// Whether the peer has closed its side: a non-blocking peek reads end-of-stream or fails.
    func peerHasClosed() -> Bool {
        if end > start { return false }
        var byte: UInt8 = 0
        let count = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if count > 0 { return false }
        return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }

    /// Reads more bytes into the buffer; `false` at end of stream or on error.
    private func fill() -> Bool {
        if busyPollNanoseconds > 0 {
            // Spinning keeps this CPU awake: on VMs, waking a halted vCPU costs tens of µs a message.
            let until = DispatchTime.now().uptimeNanoseconds + busyPollNanoseconds
            repeat {
                let count = recv(socket, buffer + end, capacity - end, Int32(MSG_DONTWAIT))
                if count > 0 {
                    end += count
                    return true
                }
                if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { return false }
            } while DispatchTime.now().uptimeNanoseconds < until
        }
        while true {
            let count = recv(socket, buffer + end, capacity - end, 0)
            if count > 0 {
                end += count
                return true
            }
            if count < 0, errno == EINTR { continue }
            return false
        }
    }

    /// The index just past the first `\r\n\r\n` in the unread bytes, scanning from `scanned`.
    private func findHeadEnd(from scanned: inout Int) -> Int? {
        var index = max(scanned, start)
        while index + 3 < end {
            if buffer[index + 3] != 10 { index += buffer[index + 3] == 13 ? 1 : 4; continue }
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13 { return index + 4 }
            index += 1
        }
        scanned = max(start, end - 3)
        return nil
    }

    private func readBody(_ length: Int) -> Data? {
        var body = Data(count: length)
        let buffered = min(length, end - start)
        let complete = body.withUnsafeMutableBytes { (target: UnsafeMutableRawBufferPointer) -> Bool in
            let base = target.baseAddress!
            memcpy(base, buffer + start, buffered)
            start += buffered
            var filled = buffered
            while filled < length {
                let count = recv(socket, base + filled, length - filled, 0)
                if count > 0 {
                    filled += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
        return complete ? body : nil
    }

    private static let badRequest = RuntimeAPIReply.jsonError(status: 400, message: "Malformed HTTP request", type: "BadRequest",
                                                              closesConnection: true)

    private func bodyLength(_ headers: [String: String]) -> Parsed<Int> {
        if headers["transfer-encoding"] != nil {
            // Our runtime client always sends Content-Length; chunked uploads are not emulated.
            return .refused(.jsonError(status: 411, message: "Transfer-Encoding is not supported: send Content-Length",
                                       type: "LengthRequired", closesConnection: true))
        }
        guard let text = headers["content-length"] else { return .ok(0) }
        // Digits only; a repeated header ("5, 5") must repeat the same value (RFC 9112 §6.3).
        var length: Int?
        for item in text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            var value = 0, digits = 0
            for byte in item where byte != 32 && byte != 9 {
                guard byte >= 48, byte <= 57, digits < 18 else { return .refused(Self.badRequest) }
                value = value * 10 + Int(byte - 48)
                digits += 1
            }
            guard digits > 0, length == nil || length == value else { return .refused(Self.badRequest) }
            length = value
        }
        guard let length else { return .refused(Self.badRequest) }
        guard length <= maxBodyBytes else {
            return .refused(.jsonError(status: 413, message: "Request body of \(length) bytes is over \(maxBodyBytes) bytes",
                                       type: "RequestEntityTooLarge", closesConnection: true))
        }
        return .ok(length)
    }

    /// Parses the request line and header fields (`count` bytes, ending with the blank line).
    private func parseHead(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Parsed<RawHTTPRequest> {
        func string(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: bytes + from, count: to - from), as: UTF8.self)
        }
        var method = "", target = "", version = ""
        var headers: [String: String] = [:]
        var lineStart = 0
        for index in 0..<count where bytes[index] == 10 {
            let lineEnd = index > lineStart && bytes[index - 1] == 13 ? index - 1 : index
            defer { lineStart = index + 1 }
            if lineEnd == lineStart { continue }
            if method.isEmpty {
                // request-line = method SP request-target SP HTTP-version
                var spaces: [Int] = []
                for position in lineStart..<lineEnd where bytes[position] == 32 { spaces.append(position) }
                guard spaces.count == 2, spaces[0] > lineStart, spaces[1] > spaces[0] + 1, spaces[1] + 1 < lineEnd else {
                    return .refused(Self.badRequest)
                }
                (method, target, version) = (string(lineStart, spaces[0]), string(spaces[0] + 1, spaces[1]), string(spaces[1] + 1, lineEnd))
                guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
                    return .refused(.jsonError(status: 505, message: "HTTP version not supported", type: "HTTPVersionNotSupported",
                                               closesConnection: true))
                }
                continue
            }
            // field-line = field-name ":" OWS field-value OWS; no obsolete line folding.
            guard bytes[lineStart] != 32, bytes[lineStart] != 9 else { return .refused(Self.badRequest) }
            var colon = lineStart
            while colon < lineEnd, bytes[colon] != 58 {
                if bytes[colon] >= 65, bytes[colon] <= 90 { bytes[colon] += 32 }  // ASCII lower case
                colon += 1
            }
            guard colon < lineEnd, colon > lineStart else { return .refused(Self.badRequest) }
            var valueStart = colon + 1, valueEnd = lineEnd
            while valueStart < valueEnd, bytes[valueStart] == 32 || bytes[valueStart] == 9 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 32 || bytes[valueEnd - 1] == 9 { valueEnd -= 1 }
            let name = string(lineStart, colon), value = string(valueStart, valueEnd)
            if let earlier = headers[name] { headers[name] = earlier + ", " + value } else { headers[name] = value }
        }
        guard !method.isEmpty else { return .refused(Self.badRequest) }
        let connection = headers["connection"] ?? ""
        let keepAlive = version == "HTTP/1.1" ? !Self.hasToken(connection, "close") : Self.hasToken(connection, "keep-alive")
        return .ok(RawHTTPRequest(method: method, target: target, headers: headers, body: Data(), keepAlive: keepAlive))
    }

    /// Whether a comma-separated header value lists `token` (ASCII, case-insensitive).
    static func hasToken(_ value: String, _ token: String) -> Bool {
        guard !value.isEmpty else { return false }
        let token = Array(token.utf8)
        return value.utf8.split(separator: UInt8(ascii: ",")).contains { item in
            let trimmed = item.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
            return trimmed.count == token.count && zip(trimmed, token).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }
    }

    // MARK: Writing

    /// Sends `reply`, its header names spelt in `style`; `false` if the connection broke.
    func send(_ reply: RuntimeAPIReply, closing: Bool, style: RuntimeAPIEmulator.HeaderStyle = .canonical) -> Bool {
        let smallBody = reply.body.count <= 64 * 1024  // one segment for the usual small answer
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + reply.headers.count * 64 + (smallBody ? reply.body.count : 0))
        func line(_ name: String, _ value: String) {
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: value.utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        bytes.append(contentsOf: String(reply.status).utf8)
        bytes.append(32)
        bytes.append(contentsOf: RuntimeAPIReply.reasonPhrase(reply.status).utf8)
        bytes.append(contentsOf: "\r\n".utf8)
        for (name, value) in reply.headers { line(name, value) }
        line(style.apply(to: "Content-Length"), String(reply.body.count))
        if closing { line(style.apply(to: "Connection"), "close") }
        bytes.append(contentsOf: "\r\n".utf8)
        if smallBody {
            reply.body.withUnsafeBytes { bytes.append(contentsOf: $0) }
            return write(bytes)
        }
        return write(bytes) && reply.body.withUnsafeBytes { write($0) }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write($0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = Glibc.send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if count > 0 {
                sent += count
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}
