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

    init(socket: Int32, maxBodyBytes: Int) {
        self.socket = socket
        self.maxBodyBytes = maxBodyBytes
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
                if request.headers["expect"]?.lowercased() == "100-continue", end - start < length {
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

    private func bodyLength(_ headers: [String: String]) -> Parsed<Int> {
        if headers["transfer-encoding"] != nil {
            // Our runtime client always sends Content-Length; chunked uploads are not emulated.
            return .refused(.jsonError(status: 411, message: "Transfer-Encoding is not supported: send Content-Length",
                                       type: "LengthRequired", closesConnection: true))
        }
        guard let text = headers["content-length"] else { return .ok(0) }
        let values = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard values.count == 1, let value = values.first, !value.isEmpty, value.allSatisfy(\.isASCII),
              let length = Int(value), length >= 0 else {
            return .refused(.jsonError(status: 400, message: "Invalid Content-Length", type: "BadRequest", closesConnection: true))
        }
        guard length <= maxBodyBytes else {
            return .refused(.jsonError(status: 413, message: "Request body of \(length) bytes is over \(maxBodyBytes) bytes",
                                       type: "RequestEntityTooLarge", closesConnection: true))
        }
        return .ok(length)
    }

    /// Parses the request line and header fields (`count` bytes, ending with the blank line).
    private func parseHead(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Parsed<RawHTTPRequest> {
        let badRequest = RuntimeAPIReply.jsonError(status: 400, message: "Malformed HTTP request", type: "BadRequest", closesConnection: true)
        var lines: [Range<Int>] = []
        var lineStart = 0
        for index in 0..<count where bytes[index] == 10 {
            let lineEnd = index > lineStart && bytes[index - 1] == 13 ? index - 1 : index
            if lineEnd > lineStart { lines.append(lineStart..<lineEnd) }
            lineStart = index + 1
        }
        guard let requestLine = lines.first else { return .refused(badRequest) }
        let parts = UnsafeBufferPointer(start: bytes + requestLine.lowerBound, count: requestLine.count)
            .split(separator: 32, omittingEmptySubsequences: true)
        guard parts.count == 3 else { return .refused(badRequest) }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .refused(.jsonError(status: 505, message: "HTTP version not supported", type: "HTTPVersionNotSupported", closesConnection: true))
        }
        var headers: [String: String] = [:]
        headers.reserveCapacity(lines.count)
        for line in lines.dropFirst() {
            guard bytes[line.lowerBound] != 32, bytes[line.lowerBound] != 9,  // obsolete line folding
                  let colon = (line.lowerBound..<line.upperBound).first(where: { bytes[$0] == 58 }), colon > line.lowerBound else {
                return .refused(badRequest)
            }
            for index in line.lowerBound..<colon where bytes[index] >= 65 && bytes[index] <= 90 {
                bytes[index] += 32  // ASCII lower case
            }
            var valueStart = colon + 1, valueEnd = line.upperBound
            while valueStart < valueEnd, bytes[valueStart] == 32 || bytes[valueStart] == 9 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 32 || bytes[valueEnd - 1] == 9 { valueEnd -= 1 }
            let name = String(decoding: UnsafeBufferPointer(start: bytes + line.lowerBound, count: colon - line.lowerBound), as: UTF8.self)
            let value = String(decoding: UnsafeBufferPointer(start: bytes + valueStart, count: valueEnd - valueStart), as: UTF8.self)
            if let earlier = headers[name] { headers[name] = earlier + ", " + value } else { headers[name] = value }
        }
        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        return .ok(RawHTTPRequest(
            method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
            headers: headers, body: Data(), keepAlive: keepAlive))
    }

    // MARK: Writing

    /// Sends `reply`, its header names spelt in `style`; `false` if the connection broke.
    func send(_ reply: RuntimeAPIReply, closing: Bool, style: RuntimeAPIEmulator.HeaderStyle = .canonical) -> Bool {
        var head = "HTTP/1.1 \(reply.status) \(RuntimeAPIReply.reasonPhrase(reply.status))\r\n"
        for (name, value) in reply.headers {
            head += "\(name): \(value)\r\n"
        }
        head += "\(style.apply(to: "Content-Length")): \(reply.body.count)\r\n"
        if closing { head += "\(style.apply(to: "Connection")): close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if reply.body.count <= 64 * 1024 {  // one segment for the usual small answer
            bytes.reserveCapacity(bytes.count + reply.body.count)
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
