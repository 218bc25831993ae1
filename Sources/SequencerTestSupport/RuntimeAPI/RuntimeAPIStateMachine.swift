import Foundation

/// The emulated Runtime API's decisions, as a pure state machine: each event returns what to
/// answer; no I/O, no locks (the server holds its lock around every call).
///
/// It follows the runtime states of AWS's Runtime API daemon (RAPID, as published in
/// aws-lambda-runtime-interface-emulator), whose names appear in its error messages:
/// `Started` → (`GET /next`) `Ready`/`Running` → (`/response` or `/error`)
/// `RuntimeResponseSentState` → (`GET /next`) `Running`…, and `Started` → (`/init/error`) `InitError`.
struct RuntimeAPIStateMachine {
    typealias Invocation = RuntimeAPIEmulator.Invocation
    typealias Outcome = RuntimeAPIEmulator.Outcome

    enum Phase: String {
        case started = "Started"
        case ready = "Ready"
        case running = "Running"
        case responseSent = "RuntimeResponseSentState"
        case initError = "InitError"
    }

    /// What to do with a `GET /next`.
    enum PollAction {
        /// Answer 200 with this invocation.
        case deliver(Invocation)
        /// Nothing to hand out yet: wait for a change and ask `takeInvocation()` again.
        case wait
        /// Answer with this error.
        case reply(RuntimeAPIReply)
    }

    enum AnswerKind {
        case response, error

        var stateName: String { self == .response ? "InvocationResponse" : "InvocationErrorResponse" }
    }

    let maxResponseBytes: Int
    private(set) var phase = Phase.started
    private var queue: [Invocation] = []
    private var queueHead = 0
    /// The invocation last handed out, until the next `GET /next` after it was answered.
    private var current: Invocation?
    private var currentAnswered = false
    private(set) var outcomes: [String: Outcome] = [:]
    private(set) var initError: (headers: [String: String], body: Data)?
    /// `GET /next` requests received.
    private(set) var polls = 0
    private var faultStatuses: [Int] = []

    init(maxResponseBytes: Int) {
        self.maxResponseBytes = maxResponseBytes
    }

    // MARK: Events from the test

    mutating func enqueue(_ invocation: Invocation) {
        queue.append(invocation)
    }

    mutating func failNextPoll(withStatus status: Int) {
        faultStatuses.append(status)
    }

    // MARK: Events from the runtime

    /// A `GET /next` arrived.
    mutating func receivePoll() -> PollAction {
        polls += 1
        if !faultStatuses.isEmpty {
            return .reply(.injectedFault(status: faultStatuses.removeFirst()))
        }
        if phase == .initError {
            return .reply(.invalidTransition(from: phase.rawValue, to: Phase.ready.rawValue))
        }
        if phase == .running, let current, !currentAnswered {
            // RAPID's Running state accepts another /next and renders the current event again.
            return .deliver(current)
        }
        current = nil
        phase = .ready
        return takeInvocation()
    }

    /// Whether `takeInvocation()` would hand something out now.
    var hasDeliverableInvocation: Bool {
        (current == nil || currentAnswered) && queueHead < queue.count && phase != .initError
    }

    /// Hands out the oldest queued invocation, unless one is still in flight (Lambda runs one at a time).
    mutating func takeInvocation() -> PollAction {
        guard hasDeliverableInvocation else { return .wait }
        let invocation = queue[queueHead]
        queueHead += 1
        if queueHead > 64, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        current = invocation
        currentAnswered = false
        phase = .running
        return .deliver(invocation)
    }

    /// `POST /invocation/{id}/response` or `/error` arrived with its whole body.
    mutating func receiveAnswer(_ kind: AnswerKind, requestID: String, headers: [String: String], body: Data) -> RuntimeAPIReply {
        // RAPID checks the ID against the current invocation first (400), then the state (403).
        guard let current, !requestID.isEmpty, current.requestID == requestID else {
            return .invalidRequestID
        }
        guard !currentAnswered else {
            return .invalidTransition(from: phase.rawValue, to: kind.stateName)
        }
        currentAnswered = true
        phase = .responseSent
        if kind == .response, body.count > maxResponseBytes {
            // RAPID fails the invocation itself and moves on: a later /error gets 403.
            outcomes[requestID] = .error(
                body: RuntimeAPIReply.oversizedResponseError(size: body.count, limit: maxResponseBytes),
                headers: ["content-type": "application/json",
                          "lambda-runtime-function-error-type": "Function.ResponseSizeTooLarge"])
            return .payloadTooLarge(limit: maxResponseBytes)
        }
        outcomes[requestID] = kind == .response ? .response(body: body, headers: headers) : .error(body: body, headers: headers)
        return .accepted
    }

    /// `POST /init/error` arrived.
    mutating func receiveInitError(headers: [String: String], body: Data) -> RuntimeAPIReply {
        guard phase == .started else {
            return .invalidTransition(from: phase.rawValue, to: Phase.initError.rawValue)
        }
        phase = .initError
        initError = (headers, body)
        return .accepted
    }
}
