import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

private let goToEvent = #"{"config": {"step": "x"}, "runners": [{"id": "r-1", "data": {}}]}"#

/// The Runtime API contract (AWS docs, "Using the Lambda runtime API for custom runtimes"),
/// checked against the real `bootstrap` binary.
@Suite struct RuntimeContractTests {
    @Test(arguments: [nil, "NoSuchThing"] as [String?])
    func aMissingOrUnknownHandlerIsOneInitErrorAndNoPoll(_ handler: String?) throws {
        let harness = try BootstrapHarness(handler: handler)
        let initError = try #require(harness.emulator.waitForInitError(timeout: 10))
        let exit = harness.process.waitForExit(timeout: 10)
        #expect(exit != nil && exit != 0)
        #expect(initError.headers.first { $0.key.lowercased() == "lambda-runtime-function-error-type" }?.value == "Runtime.NoSuchHandler")
        let body = try JSONValue(parsing: initError.body)
        #expect(body["errorType"] == "Runtime.NoSuchHandler")
        #expect(body["errorMessage"]?.stringValue?.isEmpty == false)
        #expect(body["stackTrace"] == [])
        #expect(!harness.emulator.requests.contains { $0.path.hasSuffix("/invocation/next") })
        #expect(harness.emulator.requests.filter { $0.path.hasSuffix("/init/error") }.count == 1)
    }

    @Test func onlyTheMandatoryHeadersAreEnough() throws {
        let harness = try BootstrapHarness(handler: "GoTo")
        let outcome = harness.invoke(goToEvent) { $0.omitOptionalHeaders = true }
        #expect(outcome?.responseText?.contains(#""action":"next""#) == true)
    }

    @Test(arguments: [RuntimeAPIEmulator.HeaderStyle.lowercase, .mixed])
    func headerNamesAreCaseInsensitive(_ style: RuntimeAPIEmulator.HeaderStyle) throws {
        let harness = try BootstrapHarness(handler: "GoTo")
        let outcome = harness.invoke(goToEvent) { $0.headerStyle = style }
        #expect(outcome?.responseText?.contains(#""id":"r-1""#) == true)
    }

    @Test func theTraceIDIsSetForOneInvocationAndUnsetForTheNext() throws {
        let harness = try BootstrapHarness(handler: "GoTo", environment: ["AWS_LAMBDA_LOG_LEVEL": "DEBUG", "AWS_LAMBDA_LOG_FORMAT": "JSON"])
        _ = harness.invoke(goToEvent) {
            $0.requestID = "first"
            $0.traceID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        }
        _ = harness.invoke(goToEvent) {
            $0.requestID = "second"
            $0.traceID = nil
        }
        let lines = harness.process.standardOutput.split(separator: "\n").compactMap { try? JSONValue(parsing: $0) }
        let invocations = lines.filter { $0["message"] == "invocation" }
        #expect(invocations.first { $0["requestId"] == "first" }?["traceId"] == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
        #expect(invocations.first { $0["requestId"] == "second" }?["traceId"] == "none")
    }

    @Test func aThrowingHandlerPostsOneErrorAndServesTheNextInvocation() throws {
        let harness = try BootstrapHarness(handler: "WaitForDuration")
        let failed = harness.invoke(#"{"config": {"amount": 1, "unit": "fortnight"}, "runners": []}"#) { $0.requestID = "bad" }
        let error = try #require(failed?.error)
        #expect(error.type == "InvalidConfig")
        let body = try JSONValue(parsing: error.body)
        #expect(body["errorType"] == "InvalidConfig")
        #expect(body["errorMessage"]?.stringValue?.contains("/config/unit") == true)
        #expect(body["stackTrace"]?.arrayValue != nil)
        #expect(harness.emulator.requests.filter { $0.path.hasSuffix("/bad/error") }.count == 1)
        let next = harness.invoke(#"{"config": {"amount": 1, "unit": "days"}, "runners": []}"#)
        #expect(next?.responseText == "[]")
    }

    @Test(arguments: [
        ("", "empty"), ("null", "null"), ("\"text\"", "string"), ("42", "number"), ("[1,2]", "array"),
        ("{not json", "invalid JSON"),
    ])
    func eventsThatAreNotObjectsGetAClearFunctionError(_ body: String, _ name: String) throws {
        let harness = try BootstrapHarness(handler: "Conditional")
        let error = try #require(harness.invoke(body)?.error, "\(name) was answered")
        #expect(error.type == "InvalidEvent")
        #expect(error.body.contains("errorMessage"))
    }

    @Test func invalidUTF8IsAFunctionError() throws {
        let harness = try BootstrapHarness(handler: "Conditional")
        let error = try #require(harness.invoke(Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))?.error)
        #expect(error.type == "InvalidEvent")
    }

    @Test(arguments: [-60.0, 3.0])
    func taskRunnersAnswerWhateverTheDeadline(_ secondsAhead: Double) throws {
        let harness = try BootstrapHarness(handler: "GoTo")
        let outcome = harness.invoke(goToEvent) {
            $0.deadlineMilliseconds = Int64((Date().timeIntervalSince1970 + secondsAhead) * 1_000)
        }
        #expect(outcome?.responseText?.contains("next") == true)
    }

    @Test func a500FromNextEndsTheProcess() throws {
        let emulator = try RuntimeAPIEmulator()
        emulator.answerNextPoll(withStatus: 500)
        let harness = try BootstrapHarness(handler: "GoTo", emulator: emulator)
        let exit = harness.process.waitForExit(timeout: 10)
        #expect(exit != nil && exit != 0)
    }

    @Test func responsesJustUnderAndOverSixMegabytes() throws {
        let limit = 6_291_556
        // GoTo answers `{"action":"next","id":"<id>","message":"go to x"}` per runner: size the ids.
        func event(bytes target: Int) -> (event: String, answerBytes: Int) {
            let count = 40_000
            let element = #"{"action":"next","id":"","message":"go to x"}"#.utf8.count
            let base = 2 + count * element + (count - 1)  // brackets and commas
            let idBytes = target - base
            var runners: [String] = []
            var answer = 2 + (count - 1)
            for index in 0..<count {
                let length = idBytes / count + (index < idBytes % count ? 1 : 0)
                let id = String(repeating: "a", count: length - 6) + String(format: "%06d", index)
                runners.append(#"{"id":"\#(id)","data":{}}"#)
                answer += element + length
            }
            return (#"{"config":{"step":"x"},"runners":[\#(runners.joined(separator: ","))]}"#, answer)
        }
        let harness = try BootstrapHarness(handler: "GoTo")
        let under = event(bytes: limit - 10)
        #expect(under.answerBytes == limit - 10)
        let accepted = harness.invoke(under.event)
        #expect(accepted?.responseText?.utf8.count == limit - 10)

        let over = event(bytes: limit + 10)
        let refused = try #require(harness.invoke(over.event)?.error)
        #expect(refused.type == "Function.ResponseSizeTooLarge")
        // And the runtime goes on.
        #expect(harness.invoke(goToEvent)?.responseText != nil)
    }

    @Test func aServerThatClosesTheConnectionBetweenInvocations() throws {
        let emulator = try RuntimeAPIEmulator()
        emulator.closeConnectionAfterInvocation = true
        let harness = try BootstrapHarness(handler: "GoTo", emulator: emulator)
        for index in 0..<3 {
            let outcome = harness.invoke(goToEvent) { $0.requestID = "call-\(index)" }
            #expect(outcome?.responseText?.contains("next") == true)
        }
        #expect(Set(emulator.requests.map(\.connection)).count >= 3)
    }
}
