#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Logging
import SequencerHTTP

/// The custom runtime's main loop, per the AWS Runtime API contract: initialise once, then
/// `GET /next`, run the handler, `POST /response` or `/error`, forever.
public enum LambdaRuntimeLoop {
    /// Builds the handler named by `_HANDLER`, before the first `/next`. Throw
    /// `LambdaFunctionError` to choose the init error's type (e.g. `Runtime.NoSuchHandler`).
    public typealias HandlerFactory = (_ name: String, _ logger: Logger) throws -> any LambdaHandler

    /// Runs until the Runtime API fails or a shutdown is asked for; returns the process exit code.
    ///
    /// - An init failure (no `AWS_LAMBDA_RUNTIME_API`, no or unknown `_HANDLER`, bad configuration)
    ///   is posted once to `/init/error`; the process then exits 1 without polling.
    /// - A handler error is posted to `/error` and the loop goes on.
    /// - A response the API refuses as too large (413) is reported as a `Function.ResponseSizeTooLarge` error.
    /// - `/next` answering 500, or failing three times in a row, ends the process (exit 1).
    /// - SIGTERM (Lambda shutting the environment down) ends it with status 0: at once while it
    ///   waits for an event, after answering the invocation in progress otherwise.
    public static func run(environment: [String: String] = ProcessInfo.processInfo.environment,
                           makeHandler: HandlerFactory) -> Int32 {
        let shutdown = ShutdownSignal()
        let logger = Logger(label: "bootstrap") { label in LambdaLogHandler(label: label, environment: environment) }
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else {
            logger.critical("AWS_LAMBDA_RUNTIME_API is not set: this program runs inside AWS Lambda or an emulator (see README)")
            return 1
        }
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(endpoint: endpoint)
        } catch {
            logger.critical("cannot create the HTTP client", metadata: ["error": "\(error)"])
            return 1
        }

        let handler: any LambdaHandler
        do {
            guard let name = environment["_HANDLER"], !name.isEmpty else {
                throw LambdaFunctionError(type: "Runtime.NoSuchHandler", message: "_HANDLER is not set; name one of the handlers (tick, GoTo, Conditional, …)")
            }
            handler = try makeHandler(name, logger)
        } catch {
            let (type, message) = describe(error, defaultType: "Runtime.InitError")
            logger.error("init failed", metadata: ["errorType": "\(type)", "error": "\(message)"])
            _ = try? client.reportInitError(type: type, message: message)
            return 1
        }

        var failedPolls = 0
        while true {
            let invocation: RuntimeAPIClient.Invocation
            do {
                switch try client.next() {
                case .invocation(let next):
                    invocation = next
                    failedPolls = 0
                case .refused(let status, let body):
                    logger.error("the Runtime API refused /next", metadata: ["status": "\(status)", "body": "\(String(decoding: body.prefix(512), as: UTF8.self))"])
                    failedPolls += 1
                    if status >= 500 || failedPolls >= 3 { return 1 }
                    continue
                }
            } catch {
                logger.error("cannot reach the Runtime API", metadata: ["error": "\(error)"])
                failedPolls += 1
                if failedPolls >= 3 { return 1 }
                usleep(UInt32(100_000 * failedPolls))
                continue
            }
            shutdown.setBusy(true)
            serve(invocation, with: handler, client: client, logger: logger)
            if shutdown.setBusy(false) { return 0 }
        }
    }

    /// `_X_AMZN_TRACE_ID`, rewritten in place for each invocation.
    private static let traceVariable = EnvironmentSlot(name: "_X_AMZN_TRACE_ID")

    private static func serve(_ invocation: RuntimeAPIClient.Invocation, with handler: any LambdaHandler,
                              client: RuntimeAPIClient, logger: Logger) {
        traceVariable.set(invocation.traceID)
        var invocationLogger = logger
        invocationLogger[metadataKey: "requestId"] = "\(invocation.requestID)"
        let context = LambdaContext(
            requestID: invocation.requestID,
            deadline: Date(timeIntervalSince1970: Double(invocation.deadlineMilliseconds) / 1_000),
            invokedFunctionARN: invocation.functionARN, traceID: invocation.traceID,
            clientContext: invocation.clientContext, cognitoIdentity: invocation.cognitoIdentity, logger: invocationLogger)
        invocationLogger.debug("invocation", metadata: [
            "deadlineMs": "\(invocation.deadlineMilliseconds)", "eventBytes": "\(invocation.event.count)",
            "traceId": "\(getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) } ?? "none")",
        ])
        do {
            let body = try handler.handle(invocation.event, context: context)
            let answer = try client.respond(to: invocation.requestID, body)
            switch answer.status {
            case 200..<300:
                break
            case 413:
                invocationLogger.error("response too large for Lambda", metadata: ["bytes": "\(body.count)"])
                _ = try client.reportError(for: invocation.requestID, type: "Function.ResponseSizeTooLarge",
                                           message: "the response of \(body.count) bytes exceeds Lambda's limit")
            default:
                invocationLogger.error("the Runtime API refused the response", metadata: ["status": "\(answer.status)"])
            }
        } catch let error as HTTPError {
            invocationLogger.error("cannot post the result", metadata: ["error": "\(error)"])
        } catch {
            let (type, message) = describe(error, defaultType: "Function.Error")
            invocationLogger.error("handler failed", metadata: ["errorType": "\(type)", "error": "\(message)"])
            do {
                _ = try client.reportError(for: invocation.requestID, type: type, message: message)
            } catch {
                invocationLogger.error("cannot post the error", metadata: ["error": "\(error)"])
            }
        }
    }

    static func describe(_ error: any Error, defaultType: String) -> (type: String, message: String) {
        if let error = error as? LambdaFunctionError { return (error.type, error.message) }
        return ("\(defaultType).\(String(describing: type(of: error)))", "\(error)")
    }
}

/// One environment variable whose value changes often. glibc's `setenv` keeps every value it was
/// ever given (a search tree that only grows), so a per-invocation `setenv` of a new trace id
/// leaks and slows down. Instead the variable points (`putenv`) at a buffer we own and rewrite.
final class EnvironmentSlot: @unchecked Sendable {
    // Touched only by the runtime loop's thread.
    private let name: String
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    private var installed = false

    init(name: String) {
        self.name = name
    }

    /// Sets the variable to `value`, or removes it when `nil`.
    func set(_ value: String?) {
        guard let value else {
            if installed { unsetenv(name) }
            installed = false
            return
        }
        let entry = Array("\(name)=\(value)".utf8CString)
        if entry.count > capacity {
            // The old buffer may still be referenced by environ until putenv replaces it: keep it.
            capacity = max(entry.count, 512)
            buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            installed = false
        }
        entry.withUnsafeBufferPointer { buffer!.update(from: $0.baseAddress!, count: entry.count) }
        if !installed {
            putenv(buffer!)
            installed = true
        }
    }
}
