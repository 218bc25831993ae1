import Foundation
import SequencerCore
import Testing

/// Rendered messages and definitions over their limits are refused naming the field (issue 15.4).
struct LimitsTests {
    let email = #"{"from": "a@example.com", "to": "{{data.email}}", "subject": "{{data.title}}", "text": "Hi", "html": "<p>{{data.body}}</p>"}"#

    @Test func anEmailPartOverTheLimitIsAFailureNamingThePart() throws {
        let config = try parsedConfig("Email", email)
        let limits = MessageLimits(emailPartBytes: 100, smsCharacters: 1_600)
        let fits = runner(["email": "u@example.com", "title": "T", "body": .string(String(repeating: "b", count: 93))])
        guard case .deliver = BuiltinTaskRunner.decide(config, runner: fits, now: Date(), limits: limits) else {
            Issue.record("a 100-byte html part was refused")
            return
        }
        let html = runner(["email": "u@example.com", "title": "T", "body": .string(String(repeating: "é", count: 47))])
        #expect(BuiltinTaskRunner.decide(config, runner: html, now: Date(), limits: limits)
            == .fail(StepFailure(field: "html", reason: "is 101 bytes after rendering, more than the limit of 100 (limits.emailPartBytes)")))
        let subject = runner(["email": "u@example.com", "title": .string(String(repeating: "s", count: 101)), "body": ""])
        #expect(BuiltinTaskRunner.decide(config, runner: subject, now: Date(), limits: limits)
            == .fail(StepFailure(field: "subject", reason: "is 101 bytes after rendering, more than the limit of 100 (limits.emailPartBytes)")))
    }

    @Test func anSMSOverTheLimitIsAFailureNamingTheMessage() throws {
        let config = try parsedConfig("SMS", #"{"to": "+14155550100", "message": "{{data.text}}"}"#)
        let long = runner(["text": .string(String(repeating: "a", count: 1_601))])
        let decision = BuiltinTaskRunner.decide(config, runner: long, now: Date())
        #expect(decision == .fail(StepFailure(field: "message",
                                              reason: "is 1601 characters (11 segments) after rendering, more than the limit of 1600 (limits.smsCharacters)")))
        #expect(decision.answer(for: "r-1").error?.hasPrefix("config.message: is 1601 characters") == true)
        let limit = runner(["text": .string(String(repeating: "a", count: 1_600))])
        guard case .deliver = BuiltinTaskRunner.decide(config, runner: limit, now: Date()) else {
            Issue.record("1,600 characters were refused")
            return
        }
    }

    @Test func aDefinitionWithTooManyStepsIsRefusedAtSteps() throws {
        let steps = (0..<3).map { #"{"key": "w\#($0)", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}"# }
        let json = try JSONValue(parsing: #"{"name": "many", "steps": [\#(steps.joined(separator: ","))]}"#)
        #expect(throws: Never.self) { try SequenceDefinition.parse(json, limits: DefinitionLimits(steps: 3)) }
        // A stored definition (read without limits) loads whatever the limit is now.
        #expect(throws: Never.self) { try SequenceDefinition.parse(json) }
        do {
            _ = try SequenceDefinition.parse(json, limits: DefinitionLimits(steps: 2))
            Issue.record("three steps were accepted with a limit of two")
        } catch {
            #expect(error.problems == [FieldProblem(pointer: "/steps", reason: "has 3 steps, more than the limit of 2 (limits.definitionSteps)")])
            #expect(error.sequence == "many")
        }
    }

    @Test func aDefinitionOverTheByteLimitIsRefusedBeforeParsing() throws {
        #expect(throws: Never.self) { try DefinitionLimits().check(byteCount: 1_048_576) }
        do {
            try DefinitionLimits().check(byteCount: 1_048_577)
            Issue.record("a file over 1 MiB was accepted")
        } catch {
            #expect(error.description == "sequence definition is invalid\n  /: the definition is 1048577 bytes, more than the limit of 1048576 (limits.definitionBytes)")
        }
    }
}
