import Foundation
import SequencerTestSupport

/// The real `bootstrap` binary running against a fresh Runtime API emulator.
final class BootstrapHarness {
    let emulator: RuntimeAPIEmulator
    let process: BackgroundProcess

    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bootstrap").path,
            TestPostgres.repositoryRoot.appendingPathComponent(".build/debug/bootstrap").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// Starts an emulator and `bootstrap` with `_HANDLER = handler` (none when `nil`).
    init(handler: String?, environment: [String: String] = [:], emulator: RuntimeAPIEmulator? = nil) throws {
        self.emulator = try emulator ?? RuntimeAPIEmulator()
        var variables = environment
        variables["AWS_LAMBDA_RUNTIME_API"] = self.emulator.address
        variables["AWS_LAMBDA_FUNCTION_NAME"] = "sequencer-test"
        variables["AWS_REGION"] = "us-west-2"
        if let handler { variables["_HANDLER"] = handler }
        process = try BackgroundProcess(Self.binary, environment: variables)
    }

    deinit {
        process.terminate()
        emulator.stop()
    }

    /// Queues one invocation and waits for its outcome (30 s at most: the first one includes the
    /// bootstrap's start, slow when the whole suite runs on two cores). On a timeout the
    /// bootstrap's output is printed, to tell a hang from a crash.
    func invoke(_ body: String, configure: (inout RuntimeAPIEmulator.Invocation) -> Void = { _ in }) -> RuntimeAPIEmulator.Outcome? {
        invoke(Data(body.utf8), configure: configure)
    }

    func invoke(_ body: Data, configure: (inout RuntimeAPIEmulator.Invocation) -> Void = { _ in }) -> RuntimeAPIEmulator.Outcome? {
        var invocation = RuntimeAPIEmulator.Invocation(body: body)
        configure(&invocation)
        emulator.enqueue(invocation)
        let outcome = emulator.waitForOutcome(of: invocation.requestID, timeout: 30)
        if outcome == nil {
            print("bootstrap gave no outcome in 30 s; its stdout:\n\(process.standardOutput)\nits stderr:\n\(process.standardError)")
        }
        return outcome
    }
}

extension RuntimeAPIEmulator.Outcome {
    /// The response body as text, or `nil` for an error.
    var responseText: String? {
        if case .response(let body, _) = self { return String(decoding: body, as: UTF8.self) }
        return nil
    }

    /// The error's `Lambda-Runtime-Function-Error-Type` header and body, or `nil` for a response.
    var error: (type: String?, body: String)? {
        if case .error(let body, _) = self {
            return (errorType, String(decoding: body, as: UTF8.self))
        }
        return nil
    }
}
