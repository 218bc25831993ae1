import Foundation
import SequencerCore
import Testing

/// Parses one step's config for `runner` through the real definition parser.
func parsedConfig(_ runner: String, _ config: String) throws -> BuiltinStepConfig {
    let json = try JSONValue(parsing: """
        {"name": "t", "steps": [{"key": "s", "runner": "\(runner)", "config": \(config)}, {"key": "x", "runner": "WaitForDate", "config": {"date": "2030-01-01"}}]}
        """)
    return try SequenceDefinition.parse(json).steps[0].builtin!
}

func date(_ text: String) -> Date {
    Moment.parseISO8601(text, defaultTimeZone: .gmt)!
}

func runner(_ data: JSONValue, entered: String = "2026-01-05T09:00:00Z") -> RunnerSnapshot {
    RunnerSnapshot(id: "r-1", data: data, sequence: "t", step: "s", stepEnteredAt: date(entered))
}

struct BuiltinTaskRunnerTests {
    @Test func waitForDurationWaitsUntilEnteredPlusAmount() throws {
        let config = try parsedConfig("WaitForDuration", #"{"amount": 2, "unit": "days"}"#)
        let before = BuiltinTaskRunner.decide(config, runner: runner([:]), now: date("2026-01-07T08:59:59Z"))
        #expect(before == .wait(.at(date("2026-01-07T09:00:00Z")), message: "waiting until 2026-01-07T09:00:00Z"))
        let after = BuiltinTaskRunner.decide(config, runner: runner([:]), now: date("2026-01-07T09:00:00Z"))
        #expect(after == .move(.next, message: "2026-01-07T09:00:00Z has passed"))
    }

    @Test func waitForDateReadsTemplatesPerRunner() throws {
        let config = try parsedConfig("WaitForDate", #"{"date": "{{data.renewal}}"}"#)
        let due = BuiltinTaskRunner.decide(config, runner: runner(["renewal": "2026-03-01T00:00:00+01:00"]), now: date("2026-02-28T23:00:00Z"))
        #expect(due == .move(.next, message: "2026-02-28T23:00:00Z has passed"))
        let bad = BuiltinTaskRunner.decide(config, runner: runner(["renewal": "soon"]), now: date("2026-02-28T23:00:00Z"))
        #expect(bad == .fail(StepFailure(field: "date", reason: "\"soon\" is not an ISO-8601 or ASP.NET (/Date(ms)/) date")))
    }

    @Test func waitForDateComparisonUsesTheRunnersTimeZone() throws {
        let config = try parsedConfig("WaitForDateComparison", #"{"attribute": "hour", "values": [9], "timeZone": "{{data.tz}}"}"#)
        // 08:30 UTC is 09:30 in Paris (winter, UTC+1) and 03:30 in New York.
        let now = date("2026-01-05T08:30:00Z")
        #expect(BuiltinTaskRunner.decide(config, runner: runner(["tz": "Europe/Paris"]), now: now) == .move(.next, message: "hour is 9"))
        let newYork = BuiltinTaskRunner.decide(config, runner: runner(["tz": "America/New_York"]), now: now)
        #expect(newYork == .wait(.at(date("2026-01-05T14:00:00Z")), message: "hour is 3, waiting until 2026-01-05T14:00:00Z"))
        let badZone = BuiltinTaskRunner.decide(config, runner: runner(["tz": "Nowhere/Land"]), now: now)
        #expect(badZone == .fail(StepFailure(field: "timeZone", reason: "\"Nowhere/Land\" is not an IANA time zone")))
        // An absent zone is UTC.
        #expect(BuiltinTaskRunner.decide(config, runner: runner([:]), now: date("2026-01-05T09:10:00Z")) == .move(.next, message: "hour is 9"))
    }

    @Test func conditionalBranches() throws {
        let config = try parsedConfig("Conditional", #"{"lodashCommand": "gt", "value": {"type": "get", "value": "data.seats"}, "compareTo": {"type": "raw", "value": 10}}"#)
        #expect(BuiltinTaskRunner.decide(config, runner: runner(["seats": 11]), now: Date()) == .move(.next, message: "gt is true"))
        #expect(BuiltinTaskRunner.decide(config, runner: runner(["seats": 10]), now: Date()) == .move(.altNext, message: "gt is false"))
        #expect(BuiltinTaskRunner.decide(config, runner: runner([:]), now: Date()) == .move(.altNext, message: "gt is false"))
    }

    @Test func goalWaitsForTheDataToChange() throws {
        guard case .condition(let condition) = try parsedConfig("Goal", #"{"lodashCommand": "eq", "value": {"type": "get", "value": "data.converted"}, "compareTo": {"type": "raw", "value": true}}"#) else {
            Issue.record("not a condition")
            return
        }
        #expect(BuiltinTaskRunner.decideGoal(condition, runner: runner(["converted": false])) == .wait(.onDataChange, message: "goal not reached yet"))
        #expect(BuiltinTaskRunner.decideGoal(condition, runner: runner(["converted": true])) == .move(.next, message: "goal reached"))
    }

    @Test func emailRendersPerRunnerAndEscapesOnlyHTML() throws {
        let config = try parsedConfig("Email", #"{"from": "hello@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}", "text": "Dear {{data.name}}", "html": "<p>{{data.name}}</p>"}"#)
        let decision = BuiltinTaskRunner.decide(config, runner: runner(["email": "zoe@example.com", "name": "Zoë <&> O'Brien"]), now: Date())
        guard case .deliver(.email(let email)) = decision else {
            Issue.record("expected an email, got \(decision)")
            return
        }
        #expect(email.to == ["zoe@example.com"])
        #expect(email.subject == "Hi Zoë <&> O'Brien")
        #expect(email.text == "Dear Zoë <&> O'Brien")
        #expect(email.html?.contains("Zoë &lt;&amp;&gt; O") == true)
    }

    @Test func emailWithoutRecipientFailsForThatRunner() throws {
        let config = try parsedConfig("Email", #"{"from": "hello@example.com", "to": "{{data.email}}", "subject": "Hi"}"#)
        #expect(BuiltinTaskRunner.decide(config, runner: runner([:]), now: Date())
                == .fail(StepFailure(field: "to", reason: "no recipient after rendering \"{{data.email}}\"")))
        #expect(BuiltinTaskRunner.decide(config, runner: runner(["email": "not-an-address"]), now: Date())
                == .fail(StepFailure(field: "to", reason: "\"not-an-address\" is not an email address: it needs exactly one @ (outside a quoted display name)")))
    }

    @Test func smsNeedsE164() throws {
        let config = try parsedConfig("SMS", #"{"from": "+15555550100", "to": "{{data.phone}}", "message": "Hi {{data.name}}, {{data.seats}} seats"}"#)
        guard case .deliver(.sms(let sms)) = BuiltinTaskRunner.decide(config, runner: runner(["phone": "+33612345678", "name": "Łukasz", "seats": 3]), now: Date()) else {
            Issue.record("expected an SMS")
            return
        }
        #expect(sms.to == "+33612345678")
        #expect(sms.message == "Hi Łukasz, 3 seats")
        #expect(sms.segments == 1)
        #expect(BuiltinTaskRunner.decide(config, runner: runner(["phone": "0612345678"]), now: Date())
                == .fail(StepFailure(field: "to", reason: "\"0612345678\" is not an E.164 phone number (e.g. +14155550100)")))
    }

    @Test func goToJumps() throws {
        let config = try parsedConfig("GoTo", #"{"step": "x"}"#)
        #expect(BuiltinTaskRunner.decide(config, runner: runner([:]), now: Date()) == .jump(to: "x", message: "go to x"))
    }

    @Test func wireAnswersCarryWakeAt() {
        let answer = StepDecision.wait(.at(date("2026-01-07T09:00:00Z")), message: "waiting").answer(for: "r-1")
        #expect(answer.json == ["id": "r-1", "action": "noop", "message": "waiting", "wakeAt": "2026-01-07T09:00:00Z"])
    }
}
