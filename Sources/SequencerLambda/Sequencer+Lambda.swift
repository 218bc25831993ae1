import AWS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import LambdaRuntime
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit

extension Sequencer {
    /// Runs the Lambda `bootstrap`: the Runtime API loop serving the handler `_HANDLER` names —
    /// `tick`, `api`, a built-in task runner (`Conditional`, `Email`, …) or one of `runners` —
    /// chosen once at init (matched without case). Never returns: the process exits with the
    /// loop's status (0 on SIGTERM, non-zero after an init error).
    /// - Parameter runners: the program's Swift task runners (``TaskRunner``); a name that cannot
    ///   be used is an init error naming it.
    public static func main(runners: [any TaskRunner]) async -> Never {
        var refused: TaskRunnerRegistryError?
        do { try install(runners) } catch { refused = error }
        exit(LambdaRuntimeLoop.run { name, _ in
            if let refused { throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(refused)") }
            return try handler(named: name)
        })
    }

    /// The handler `_HANDLER` names.
    /// - Throws: `LambdaFunctionError` `Runtime.NoSuchHandler` for an unknown name, or the
    ///   handler's init error (configuration, database).
    static func handler(named name: String) throws -> any LambdaHandler {
        switch name {
        case "tick": return try TickHandler(configuration: try loadConfiguration())
        case "api": return try APIHandler(configuration: try loadConfiguration())
        default: break
        }
        if let kind = BuiltinRunner.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) {
            guard kind == .email || kind == .sms else { return TaskRunnerHandler(kind: kind, sender: nil) }
            // Email and SMS send through the configured provider (the outbox writes to the log).
            let senders = try loadConfiguration().messageSenders()
            let sender = senders.sender(for: kind == .email ? .email : .sms)
            return TaskRunnerHandler(kind: kind, sender: sender.provider == .outbox ? LogOutboxSender() : sender)
        }
        let registry = taskRunners
        if let runner = registry.names.first(where: { $0.lowercased() == name.lowercased() }).flatMap(registry.runner(named:)) {
            return SwiftTaskRunnerHandler(runner: runner)
        }
        let names = (["tick", "api"] + BuiltinRunner.allCases.map(\.rawValue) + registry.names).joined(separator: ", ")
        throw LambdaFunctionError(type: "Runtime.NoSuchHandler", message: "unknown handler \"\(name)\"; expected one of \(names)")
    }

    /// The configuration, read once per cold start; secrets are decrypted here, before the first
    /// invocation, and a failure is an init error.
    static func loadConfiguration() throws -> Configuration {
        do {
            return try Configuration.load(path: nil, decrypt: KMS.lazyDecrypter())
        } catch {
            throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(error)")
        }
    }
}
