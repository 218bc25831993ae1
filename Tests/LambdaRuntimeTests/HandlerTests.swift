import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

/// Every built-in task runner's handler, through the real `bootstrap` and the Runtime API emulator.
@Suite struct HandlerTests {
    struct Case: Sendable, CustomStringConvertible {
        var handler: String
        var config: String
        var data: String
        var action: String
        var description: String { "\(handler) → \(action)" }
    }

    static let cases: [Case] = [
        Case(handler: "GoTo", config: #"{"step": "elsewhere"}"#, data: "{}", action: "next"),
        Case(handler: "Conditional", config: #"{"lodashCommand": "gt", "value": {"type": "get", "value": "data.n"}, "compareTo": {"type": "raw", "value": 1}}"#, data: #"{"n": 2}"#, action: "next"),
        Case(handler: "Conditional", config: #"{"lodashCommand": "gt", "value": {"type": "get", "value": "data.n"}, "compareTo": {"type": "raw", "value": 1}}"#, data: #"{"n": 0}"#, action: "altNext"),
        Case(handler: "Goal", config: #"{"lodashCommand": "eq", "value": {"type": "get", "value": "data.won"}, "compareTo": {"type": "raw", "value": true}}"#, data: #"{"won": false}"#, action: "noop"),
        Case(handler: "Goal", config: #"{"lodashCommand": "eq", "value": {"type": "get", "value": "data.won"}, "compareTo": {"type": "raw", "value": true}}"#, data: #"{"won": true}"#, action: "next"),
        Case(handler: "WaitForDate", config: #"{"date": "2020-01-01T00:00:00Z"}"#, data: "{}", action: "next"),
        Case(handler: "WaitForDate", config: #"{"date": "2999-01-01T00:00:00Z"}"#, data: "{}", action: "noop"),
        Case(handler: "WaitForDuration", config: #"{"amount": 1, "unit": "hours"}"#, data: "{}", action: "next"),
        Case(handler: "WaitForDateComparison", config: #"{"attribute": "year", "values": [1999]}"#, data: "{}", action: "noop"),
        Case(handler: "Email", config: #"{"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}"}"#, data: #"{"email": "z@example.com", "name": "Zoë"}"#, action: "next"),
        Case(handler: "SMS", config: #"{"to": "{{data.phone}}", "message": "Hi"}"#, data: #"{"phone": "+14155550100"}"#, action: "next"),
    ]

    @Test(arguments: cases)
    func answersTheWireProtocol(_ testCase: Case) throws {
        let harness = try BootstrapHarness(handler: testCase.handler)
        let event = #"{"config": \#(testCase.config), "runners": [{"id": "r-1", "data": \#(testCase.data), "sequence": "s", "step": "x", "stepEnteredAt": "2020-01-01T00:00:00Z"}]}"#
        let outcome = try #require(harness.invoke(event))
        let answer = try JSONValue(parsing: try #require(outcome.responseText, "error: \(String(describing: outcome.error))"))
        #expect(answer.arrayValue?.count == 1)
        #expect(answer.arrayValue?.first?["id"] == "r-1")
        #expect(answer.arrayValue?.first?["action"] == .string(testCase.action))
        if testCase.action == "noop", testCase.handler.hasPrefix("Wait") {
            #expect(answer.arrayValue?.first?["wakeAt"]?.stringValue != nil)
        }
        if testCase.handler == "Email" || testCase.handler == "SMS" {
            // Without a real provider the message goes to the function's log.
            #expect(harness.process.standardOutput.contains(#"{"outbox":"#))
        }
    }

    @Test func aRunnerThatCannotBeHandledGetsAnErrorAndTheRestMove() throws {
        let harness = try BootstrapHarness(handler: "Email")
        let event = #"{"config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "runners": [{"id": "good", "data": {"email": "g@example.com"}}, {"id": "bad", "data": {}}]}"#
        let answer = try JSONValue(parsing: try #require(harness.invoke(event)?.responseText))
        #expect(answer.arrayValue?[0]["action"] == "next")
        #expect(answer.arrayValue?[1]["action"] == "noop")
        #expect(answer.arrayValue?[1]["error"]?.stringValue?.contains("no recipient") == true)
    }
}
