import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The emulator's engine: a listening socket on 127.0.0.1, one thread accepting and one thread
/// per connection, all state behind one `NSCondition`. Kept apart from `RuntimeAPIEmulator` so
/// that the threads, which hold it, do not keep the public object alive: its `deinit` stops them.
final class RuntimeAPIServer: @unchecked Sendable {
    static let prefix = "/2018-06-01/runtime"

    let port: UInt16
    private let listener: Int32
    private let maxBodyBytes: Int
    private let busyPollNanoseconds: UInt64
    /// Guards everything below.
    let condition = NSCondition()
    var machine: RuntimeAPIStateMachine
    var recorded: [RuntimeAPIEmulator.RecordedRequest] = []
    var closeConnectionAfterInvocation = false
    private var connections: Set<Int32> = []
    private var acceptedConnections = 0
    private var stopped = false
    private var accepting = true

    init(maxResponseBytes: Int, busyPollMicroseconds: Int) throws(TestSupportError) {
        machine = RuntimeAPIStateMachine(maxResponseBytes: maxResponseBytes)
        busyPollNanoseconds = UInt64(max(0, busyPollMicroseconds)) * 1_000
        maxBodyBytes = max(maxResponseBytes + 1_048_576, 64 * 1_048_576)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw Self.failure("socket") }
        self.listener = listener
        var on: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0 && listen(listener, 128) == 0
                    && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else {
            let error = Self.failure("bind/listen on 127.0.0.1")
            close(listener)
            throw error
        }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "RuntimeAPIEmulator accept"
        thread.start()
    }

    private static func failure(_ call: String) -> TestSupportError {
        TestSupportError(reason: "RuntimeAPIEmulator: \(call) failed: \(String(cString: strerror(errno)))")
    }

    /// Stops accepting, breaks every connection, wakes every waiter and waits (up to 5 s) for
    /// the threads to finish. Idempotent.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        if !stopped {
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            // Under the lock, so that no descriptor is closed (and its number reused) meanwhile.
            for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
            condition.broadcast()
        }
        let deadline = Date(timeIntervalSinceNow: 5)
        while accepting || !connections.isEmpty {
            if !condition.wait(until: deadline) { break }
        }
    }

    // MARK: Threads

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINVAL || errno == EBADF { break }  // the listener was shut down by `stop()`
                if errno != EINTR, errno != ECONNABORTED { usleep(10_000) }  // EMFILE and the like: retry
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)  // accept4 is not imported; keep it out of spawned children
            condition.lock()
            if stopped {
                condition.unlock()
                close(client)
                break
            }
            acceptedConnections += 1
            let number = acceptedConnections
            connections.insert(client)
            condition.unlock()
            var on: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in
                serve(HTTPConnection(socket: client, maxBodyBytes: maxBodyBytes, busyPollNanoseconds: busyPollNanoseconds),
                      number: number)
            }
            thread.name = "RuntimeAPIEmulator connection \(number)"
            thread.start()
        }
        close(listener)
        condition.lock()
        accepting = false
        condition.broadcast()
        condition.unlock()
    }

    /// Serves one connection until the client closes it, asks to, or the server stops.
    private func serve(_ connection: HTTPConnection, number: Int) {
        defer {
            condition.lock()
            connections.remove(connection.socket)  // before `deinit` closes it
            condition.broadcast()
            condition.unlock()
        }
        while true {
            switch connection.readRequest() {
            case .closed:
                return
            case .refused(let reply):
                _ = connection.send(reply, closing: true)
                return
            case .request(let request):
                guard let (reply, style, close) = handle(request, on: connection, number: number) else { return }
                let closing = close || reply.closesConnection || !request.keepAlive
                guard connection.send(reply, closing: closing, style: style), !closing else { return }
            }
        }
    }

    private enum Route {
        case next, answer(RuntimeAPIStateMachine.AnswerKind, requestID: String), initError, wrongMethod, unknown
    }

    private static let prefixBytes = Array(prefix.utf8)

    /// Matches `/2018-06-01/runtime/{invocation/next, invocation/ID/response, invocation/ID/error,
    /// init/error}` (a query string is ignored), on bytes: this runs for every request.
    private func route(_ method: String, _ target: String) -> Route {
        var path = target.utf8[...]
        if let query = path.firstIndex(of: UInt8(ascii: "?")) { path = path[..<query] }
        guard path.starts(with: Self.prefixBytes) else { return .unknown }
        let parts = path.dropFirst(Self.prefixBytes.count).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4, parts[0].isEmpty else { return .unknown }
        func equals(_ part: Substring.UTF8View.SubSequence, _ text: StaticString) -> Bool {
            part.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        let route: Route
        let expected: String
        switch parts.count {
        case 3 where equals(parts[1], "invocation") && equals(parts[2], "next"):
            (route, expected) = (.next, "GET")
        case 3 where equals(parts[1], "init") && equals(parts[2], "error"):
            (route, expected) = (.initError, "POST")
        case 4 where equals(parts[1], "invocation") && equals(parts[3], "response"):
            (route, expected) = (.answer(.response, requestID: String(decoding: parts[2], as: UTF8.self)), "POST")
        case 4 where equals(parts[1], "invocation") && equals(parts[3], "error"):
            (route, expected) = (.answer(.error, requestID: String(decoding: parts[2], as: UTF8.self)), "POST")
        default:
            return .unknown
        }
        return method == expected ? route : .wrongMethod
    }

    /// Records the request and decides the answer: the reply, its header style, and whether to
    /// close after it; `nil` when the connection should just be dropped (the server stopped, or
    /// the long-polling client went away).
    private func handle(_ request: RawHTTPRequest, on connection: HTTPConnection, number: Int)
        -> (RuntimeAPIReply, RuntimeAPIEmulator.HeaderStyle, Bool)? {
        let route = route(request.method, request.target)
        condition.lock()
        defer { condition.unlock() }
        recorded.append(.init(method: request.method, path: request.target, headers: request.headers,
                              body: request.body, connection: number, receivedAt: .now))
        let reply: RuntimeAPIReply
        switch route {
        case .next:
            var action = machine.receivePoll()
            condition.broadcast()  // for waitForPolls
            while case .wait = action {
                if stopped { return nil }
                if machine.hasDeliverableInvocation {
                    // Do not hand the invocation to a client that gave up waiting.
                    if connection.peerHasClosed() { return nil }
                    action = machine.takeInvocation()
                } else if !condition.wait(until: Date(timeIntervalSinceNow: 1)), connection.peerHasClosed() {
                    return nil  // end an abandoned long poll rather than keep its thread until `stop()`
                }
            }
            switch action {
            case .deliver(let invocation):
                return (RuntimeAPIReply(status: 200, headers: invocation.responseHeaders(), body: invocation.body),
                        invocation.headerStyle, closeConnectionAfterInvocation)
            case .reply(let error):
                return (error, .canonical, closeConnectionAfterInvocation)
            case .wait:
                return nil
            }
        case .answer(let kind, let requestID):
            if kind == .error { TestLog.append(String(decoding: request.body, as: UTF8.self), to: "runtime-api-errors.log", heading: request.target) }
            reply = machine.receiveAnswer(kind, requestID: requestID, headers: request.headers, body: request.body)
        case .initError:
            TestLog.append(String(decoding: request.body, as: UTF8.self), to: "runtime-api-errors.log", heading: request.target)
            reply = machine.receiveInitError(headers: request.headers, body: request.body)
        case .wrongMethod:
            reply = .methodNotAllowed
        case .unknown:
            reply = .notFound
        }
        condition.broadcast()
        return (reply, .canonical, false)
    }
}
