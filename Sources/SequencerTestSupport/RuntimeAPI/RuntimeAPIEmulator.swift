import Foundation

/// An in-process AWS Lambda Runtime API (`/2018-06-01/runtime`) for tests and benchmarks: an
/// HTTP/1.1 server on 127.0.0.1 that hands queued invocations to a runtime and records its answers.
///
/// Behaviour follows the AWS Lambda docs ("Using the Lambda runtime API for custom runtimes" and
/// its OpenAPI file) and, for misuse, AWS's Runtime API daemon as published in
/// aws-lambda-runtime-interface-emulator:
///
/// - `GET /invocation/next` long-polls until an invocation is queued, then answers 200 with the
///   event and the `Lambda-Runtime-*` headers. Invocations run one at a time: the next one is
///   handed out only after the current one was answered. A `/next` while the current one is
///   unanswered gets the same invocation again (as RAPID does).
/// - `POST /invocation/{id}/response` and `/error` answer 202 `{"status":"OK"}`; an ID other than
///   the invocation in flight gets 400 `InvalidRequestID`; a second answer to it gets 403
///   `InvalidStateTransition`; a response body over `maxResponseBytes` gets 413
///   `RequestEntityTooLarge` and, as in Lambda, fails the invocation with
///   `Function.ResponseSizeTooLarge` (so a later `/error` for it gets 403).
/// - `POST /init/error` answers 202 before the first `/next`, 403 after it; `/next` after an init
///   error gets 403.
/// - Other paths get 404, other methods on these paths 405. Request bodies need
///   `Content-Length`; chunked uploads get 411 and the connection is closed.
///
/// Connections are kept alive unless the client sends `Connection: close`. Each connection has its
/// own thread; all state is behind one lock.
public final class RuntimeAPIEmulator: @unchecked Sendable {
    private let server: RuntimeAPIServer

    /// Binds 127.0.0.1 on a free port and starts accepting connections.
    /// - Parameters:
    ///   - maxResponseBytes: the largest accepted `/response` body in bytes; Lambda's is
    ///     6 MiB + 100 bytes (6,291,556) for synchronous invocations.
    ///   - busyPollMicroseconds: for latency benchmarks: how long each connection polls its socket
    ///     without blocking before it blocks, in µs. Spinning keeps the emulator's CPU awake, which
    ///     saves the tens of µs a virtual machine takes to wake a halted vCPU for each message, at
    ///     the price of that much CPU per request. Defaults to 0 (never spin), right for tests.
    /// - Throws: `TestSupportError` when the socket cannot be set up.
    public init(maxResponseBytes: Int = 6_291_556, busyPollMicroseconds: Int = 0) throws {
        server = try RuntimeAPIServer(maxResponseBytes: maxResponseBytes, busyPollMicroseconds: busyPollMicroseconds)
    }

    deinit {
        server.stop()
    }

    /// `127.0.0.1:PORT`, the value for `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "127.0.0.1:\(server.port)" }

    /// Queues an invocation for the runtime's next `GET /invocation/next`.
    public func enqueue(_ invocation: Invocation) {
        locked {
            $0.machine.enqueue(invocation)
            $0.condition.broadcast()  // wake a long poll
        }
    }

    /// Waits for the runtime's first accepted answer to an invocation.
    /// - Parameters:
    ///   - requestID: the invocation's `requestID`.
    ///   - timeout: at most this long, in seconds.
    /// - Returns: the answer, or `nil` if none came in time.
    public func waitForOutcome(of requestID: String, timeout: TimeInterval) -> Outcome? {
        wait(timeout: timeout) { $0.machine.outcomes[requestID] }
    }

    /// Waits for a `POST /init/error`.
    /// - Parameter timeout: at most this long, in seconds.
    /// - Returns: its headers (names lower-cased) and body, or `nil` if none came in time.
    public func waitForInitError(timeout: TimeInterval) -> (headers: [String: String], body: Data)? {
        wait(timeout: timeout) { $0.machine.initError }
    }

    /// Every well-formed request received so far, in order of arrival (a long poll is recorded when
    /// it arrives; a malformed one, refused with 400/411/431/505, is not).
    public var requests: [RecordedRequest] {
        locked { $0.recorded }
    }

    /// Waits until `count` `GET /invocation/next` requests have been received in all.
    /// - Parameter timeout: at most this long, in seconds.
    /// - Returns: whether they were.
    public func waitForPolls(_ count: Int, timeout: TimeInterval) -> Bool {
        wait(timeout: timeout) { $0.machine.polls >= count ? true : nil } ?? false
    }

    /// Makes the next `GET /invocation/next` fail at once with `status` and a JSON error body
    /// (`{"errorMessage":"Internal Server Error","errorType":"InternalServerError"}` for 500). Once
    /// per call; the queued invocations stay queued.
    public func answerNextPoll(withStatus status: Int) {
        locked { $0.machine.failNextPoll(withStatus: status) }
    }

    /// When `true`, every answer to `GET /invocation/next` carries `Connection: close` and the
    /// emulator closes the connection after it, so the runtime must reconnect. Defaults to `false`.
    public var closeConnectionAfterInvocation: Bool {
        get { locked { $0.closeConnectionAfterInvocation } }
        set { locked { $0.closeConnectionAfterInvocation = newValue } }
    }

    /// Closes the listener and every connection (a pending long poll gets no answer) and waits
    /// briefly for the threads to end. Idempotent; `deinit` calls it.
    public func stop() {
        server.stop()
    }

    // MARK: Locking

    private func locked<T>(_ body: (RuntimeAPIServer) -> T) -> T {
        server.condition.lock()
        defer { server.condition.unlock() }
        return body(server)
    }

    /// Polls `check` under the lock, sleeping on the condition between changes, until it gives a value or time runs out.
    private func wait<T>(timeout: TimeInterval, _ check: (RuntimeAPIServer) -> T?) -> T? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        server.condition.lock()
        defer { server.condition.unlock() }
        while true {
            if let value = check(server) { return value }
            if !server.condition.wait(until: deadline) { return check(server) }
        }
    }
}
