import Foundation
import SequencerTestSupport
import Testing

/// How the real `bootstrap` process ends and what it survives (issue 14).
@Suite struct ShutdownTests {
    let goTo = #"{"config": {"step": "b"}, "runners": [{"id": "r-1", "data": {}}]}"#

    /// Lambda sends SIGTERM when it shuts an environment down: exit status 0, not death by signal.
    @Test func sigtermWhileWaitingForAnEventExitsZero() throws {
        let harness = try BootstrapHarness(handler: "GoTo")
        #expect(harness.invoke(goTo)?.responseText != nil)  // started and polling
        kill(harness.process.pid, SIGTERM)
        #expect(harness.process.waitForExit(timeout: 10) == 0)
    }

    /// Log lines go to standard output; one that cannot be written (stdout closed, a broken pipe)
    /// is dropped, and the invocation is still answered.
    @Test(arguments: [#"exec "$0" >&-"#, #"exec "$0" | true"#])
    func aLogLineThatCannotBeWrittenIsNotFatal(_ shell: String) throws {
        let emulator = try RuntimeAPIEmulator()
        let process = try BackgroundProcess("/bin/sh", ["-c", shell, BootstrapHarness.binary], environment: [
            "AWS_LAMBDA_RUNTIME_API": emulator.address, "_HANDLER": "GoTo", "AWS_LAMBDA_LOG_LEVEL": "DEBUG",
            "AWS_LAMBDA_FUNCTION_NAME": "sequencer-test", "AWS_REGION": "us-west-2",
        ])
        defer {
            process.terminate()
            emulator.stop()
        }
        for _ in 0..<3 {
            var invocation = RuntimeAPIEmulator.Invocation(body: Data(goTo.utf8))
            invocation.deadlineMilliseconds = Int64((Date().timeIntervalSince1970 + 30) * 1_000)
            emulator.enqueue(invocation)
            let outcome = emulator.waitForOutcome(of: invocation.requestID, timeout: 30)
            if case .response(let body, _)? = outcome {
                #expect(String(decoding: body, as: UTF8.self).contains("\"action\":\"next\""))
            } else {
                Issue.record("no response: \(String(describing: outcome)); stderr: \(process.standardError)")
            }
        }
    }
}
