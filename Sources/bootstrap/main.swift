import AWS
import Foundation
import LambdaRuntime
import Logging
import SequencerCore
import SequencerEngine

// One bootstrap for every function: `_HANDLER` names the handler (`tick` or a built-in task
// runner such as `Conditional`), chosen once at init.
let code = LambdaRuntimeLoop.run { name, logger in
    if name == "tick" {
        let configuration: Configuration
        do {
            // Secrets are decrypted here, once per cold start, before the first invocation.
            configuration = try Configuration.load(path: nil, decrypt: KMS.lazyDecrypter())
        } catch {
            throw LambdaFunctionError(type: "Runtime.ConfigurationError", message: "\(error)")
        }
        return try TickHandler(configuration: configuration)
    }
    guard let kind = BuiltinRunner.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
        let names = (["tick"] + BuiltinRunner.allCases.map(\.rawValue)).joined(separator: ", ")
        throw LambdaFunctionError(type: "Runtime.NoSuchHandler", message: "unknown handler \"\(name)\"; expected one of \(names)")
    }
    // Pure task runners start with no configuration at all; Email and SMS need a provider.
    let sender: (any MessageSender)? = (kind == .email || kind == .sms) ? LogOutboxSender() : nil
    return TaskRunnerHandler(kind: kind, sender: sender)
}
exit(code)
