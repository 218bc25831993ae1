import AWS
import Foundation
import LambdaRuntime
import Logging
import SequencerCore
import SequencerEngine

/// The configuration, read once per cold start; secrets are decrypted here, before the first
/// invocation, and a failure is an init error.
func loadConfiguration() throws -> Configuration {
    do {
        return try Configuration.load(path: nil, decrypt: KMS.lazyDecrypter())
    } catch {
        throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(error)")
    }
}

// One bootstrap for every function: `_HANDLER` names the handler (`tick`, `api` or a built-in
// task runner such as `Conditional`), chosen once at init.
let code = LambdaRuntimeLoop.run { name, logger in
    switch name {
    case "tick": return try TickHandler(configuration: try loadConfiguration())
    case "api": return try APIHandler(configuration: try loadConfiguration())
    default: break
    }
    guard let kind = BuiltinRunner.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
        let names = (["tick", "api"] + BuiltinRunner.allCases.map(\.rawValue)).joined(separator: ", ")
        throw LambdaFunctionError(type: "Runtime.NoSuchHandler", message: "unknown handler \"\(name)\"; expected one of \(names)")
    }
    // Pure task runners start with no configuration at all; Email and SMS need a provider.
    let sender: (any MessageSender)? = (kind == .email || kind == .sms) ? LogOutboxSender() : nil
    return TaskRunnerHandler(kind: kind, sender: sender)
}
exit(code)
