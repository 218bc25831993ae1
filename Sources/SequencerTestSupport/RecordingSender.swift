import Foundation
import SequencerCore

/// A message provider for tests: fails as scripted, records what it accepted, and notices sends
/// running at the same time (providers' clients are not shared across threads).
public final class RecordingSender: MessageSender, @unchecked Sendable {
    // @unchecked: mutable fields are read and written under `lock`.
    private let lock = NSLock()
    private var failures: [DeliveryError]
    private var inFlight = 0
    private var accepted: [OutgoingMessage] = []
    private var overlapCount = 0
    public let provider: Provider

    /// - Parameters:
    ///   - provider: the name it records in the ledger.
    ///   - failures: thrown by the first sends, in order; later sends succeed.
    public init(provider: Provider = Provider(rawValue: "recording"), failures: [DeliveryError] = []) {
        self.provider = provider
        self.failures = failures
    }

    public var recordsInLedgerTransaction: Bool { false }

    public func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
        let failure: DeliveryError? = lock.withLock {
            inFlight += 1
            if inFlight > 1 { overlapCount += 1 }
            return failures.isEmpty ? nil : failures.removeFirst()
        }
        defer { lock.withLock { inFlight -= 1 } }
        if let failure { throw failure }
        return lock.withLock {
            accepted.append(message)
            return "m-\(accepted.count)"
        }
    }

    /// The messages accepted, in order.
    public var messages: [OutgoingMessage] { lock.withLock { accepted } }

    /// Sends that started while another was in flight.
    public var overlaps: Int { lock.withLock { overlapCount } }
}

/// A custom task runner for tests: answers each call with `script`, records the calls.
public final class RecordingInvoker: TaskRunnerInvoker, @unchecked Sendable {
    /// Answers one call: the function, the event as JSON, the call's number (from 1).
    public typealias Script = @Sendable (_ function: String, _ event: JSONValue, _ call: Int) throws(InvocationError) -> InvocationResult
    // @unchecked: `calls` is read and written under `lock`.
    private let lock = NSLock()
    private let script: Script
    private var recorded: [(function: String, event: JSONValue)] = []

    public init(_ script: @escaping Script) {
        self.script = script
    }

    /// Answers `action` (and `extra` members) for every runner of each event.
    public static func answering(_ action: String, extra: [String: JSONValue] = [:]) -> RecordingInvoker {
        RecordingInvoker { _, event, _ in
            let answers = (event["runners"]?.arrayValue ?? []).map { runner -> JSONValue in
                var object = extra
                object["id"] = runner["id"]
                object["action"] = .string(action)
                return .object(object)
            }
            return InvocationResult(payload: Data(JSONValue.array(answers).jsonText.utf8))
        }
    }

    public func invoke(_ function: String, event: Data, timeout: TimeInterval) throws(InvocationError) -> InvocationResult {
        let json = (try? JSONValue(parsing: event)) ?? .null
        let call = lock.withLock { () -> Int in
            recorded.append((function, json))
            return recorded.count
        }
        return try script(function, json, call)
    }

    /// The calls made, in order.
    public var calls: [(function: String, event: JSONValue)] { lock.withLock { recorded } }
}
