import Foundation
import SequencerCore
import Testing

/// A sequence with one step of every built-in, for explanations.
private let definition = try! SequenceDefinition.parse(try! JSONValue(parsing: """
    {"name": "explained", "exitWhen": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.unsubscribed"}, "compareTo": {"type": "raw", "value": true}},
     "steps": [
      {"key": "monday", "runner": "WaitForDateComparison", "config": {"attribute": "day", "values": [1], "timeZone": "{{data.timeZone}}"}, "next": "nine"},
      {"key": "nine", "runner": "WaitForDateComparison", "config": {"attribute": "hour", "values": [9], "timeZone": "{{data.timeZone}}"}, "next": "two-days"},
      {"key": "two-days", "runner": "WaitForDuration", "config": {"amount": 2, "unit": "days"}, "next": "webinar"},
      {"key": "webinar", "runner": "WaitForDate", "config": {"date": "{{data.webinarAt}}"}, "next": "is-pro"},
      {"key": "is-pro", "runner": "Conditional", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"}, "compareTo": {"type": "raw", "value": "pro"}}, "next": "hello", "altNext": "paid"},
      {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}"}, "next": "text"},
      {"key": "text", "runner": "SMS", "config": {"to": "{{data.phone}}", "message": "Hi"}, "next": "again"},
      {"key": "again", "runner": "GoTo", "config": {"step": "paid"}},
      {"key": "paid", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"}, "compareTo": {"type": "raw", "value": "paid"}}, "next": "score"},
      {"key": "score", "runner": "arn:aws:lambda:us-west-2:123456789012:function:score-lead", "config": {}}
    ]}
    """), isAllowedLambda: { _ in true })

private func instant(_ text: String) -> Date { Moment.parseISO8601(text, defaultTimeZone: .gmt)! }

private func runner(at step: String, entered: String = "2026-12-06T12:00:00Z", data: JSONValue = [:]) -> RunnerState {
    RunnerState(id: "u-1", sequence: "explained", version: 1, step: step, data: data, stepEnteredAt: instant(entered),
                wakeAt: instant("2026-12-07T14:00:00Z"), visit: 3)
}

private func explain(_ state: RunnerState, now: String = "2026-12-06T15:00:00Z", latest: Int = 1,
                     lease: (owner: String, until: Date)? = nil, lastChecked: Date? = nil) -> RunnerExplanation {
    RunnerExplanation(ExplanationInput(runner: state, definition: definition, latestVersion: latest, lease: lease, lastCheckedAt: lastChecked),
                      now: instant(now))
}

private func line(_ explanation: RunnerExplanation, _ topic: ExplanationLine.Topic) -> String? {
    explanation.lines.first { $0.topic == topic }?.text
}

struct ExplainTests {
    @Test func aRunnerWaitingForNineOnMondayNamesTheNextMatch() {
        let waiting = explain(runner(at: "nine", data: ["timeZone": "America/New_York"]))
        #expect(line(waiting, .waitsFor) == "hour in [9] in America/New_York: next match 2026-12-07T14:00:00Z")
        #expect(line(waiting, .wake) == "next look at 2026-12-07T14:00:00Z (in 23 hours)")
        #expect(line(waiting, .position)?.hasPrefix("active at nine (WaitForDateComparison) since 2026-12-06T12:00:00Z (3 hours ago)") == true)
        let monday = explain(runner(at: "monday", data: ["timeZone": "America/New_York"]))
        #expect(line(monday, .waitsFor) == "day in [1] in America/New_York: next match 2026-12-07T05:00:00Z")
    }

    @Test func aComparisonThatMatchesNowSaysSo() {
        let now = explain(runner(at: "nine", data: ["timeZone": "America/New_York"]), now: "2026-12-07T14:30:00Z")
        #expect(line(now, .waitsFor) == "hour in [9] in America/New_York: matches now (hour is 9); it moves on when the tick looks at it")
    }

    @Test func aDurationNamesItsEndAndWhatItCountsFrom() {
        let waiting = explain(runner(at: "two-days", entered: "2026-12-01T08:00:00Z"), now: "2026-12-02T08:00:00Z")
        #expect(line(waiting, .waitsFor) == "waiting until 2026-12-03T08:00:00Z (2 days after entering)")
        let over = explain(runner(at: "two-days", entered: "2026-12-01T08:00:00Z"), now: "2026-12-04T08:00:00Z")
        #expect(line(over, .waitsFor) == "WaitForDuration: 2 days after entering passed at 2026-12-03T08:00:00Z; it moves on when the tick looks at it")
    }

    @Test func aDateWaitRendersItsTemplate() {
        let waiting = explain(runner(at: "webinar", data: ["webinarAt": "2026-12-10T17:00:00Z"]))
        #expect(line(waiting, .waitsFor) == "waiting until 2026-12-10T17:00:00Z (config.date \"{{data.webinarAt}}\")")
        let broken = explain(runner(at: "webinar", data: ["webinarAt": "soon"]))
        #expect(line(broken, .waitsFor) == "WaitForDate: config.date renders \"soon\", not an ISO-8601 or ASP.NET date (each look is a failed attempt)")
    }

    @Test func aGoalSaysWhatTheDataIsAndWhatItNeeds() {
        var state = runner(at: "paid", data: ["plan": "trial"])
        state.wakeAt = .distantFuture
        let waiting = explain(state)
        #expect(line(waiting, .waitsFor) == "Goal: waits for a data change; data.plan is \"trial\", needs \"paid\"")
        #expect(line(waiting, .wake) == "only when the subject's data changes (any update of it makes the runner due)")
        let missing = explain(runner(at: "paid"))
        #expect(line(missing, .waitsFor) == "Goal: waits for a data change; data.plan is missing, needs \"paid\"")
    }

    @Test func aConditionalEmailSMSAndGoToSayWhatTheyWillDo() {
        #expect(line(explain(runner(at: "is-pro", data: ["plan": "free"])), .waitsFor)
                == "Conditional: data.plan eq \"pro\" is false now → altNext (paid) when the tick looks at it; data.plan is \"free\", needs \"pro\"")
        #expect(line(explain(runner(at: "hello", data: ["email": "ann@example.com", "name": "Ann"])), .waitsFor)
                == "Email: sends email to ann@example.com: Hi Ann when the tick looks at it")
        #expect(line(explain(runner(at: "hello")), .waitsFor)?.hasPrefix("Email: cannot be sent, config.to: no recipient") == true)
        #expect(line(explain(runner(at: "text", data: ["phone": "12"])), .waitsFor)
                == "SMS: cannot be sent, config.to: \"12\" is not an E.164 phone number (e.g. +14155550100) (each look is a failed attempt)")
        #expect(line(explain(runner(at: "again")), .waitsFor) == "GoTo: goes to paid when the tick looks at it")
    }

    @Test func aCustomStepNamesItsFunctionAndAParkedRunnerItsLease() {
        let parked = explain(runner(at: "score"), lease: ("tick-7", instant("2026-12-06T15:05:00Z")))
        #expect(line(parked, .waitsFor) == "custom task runner: Lambda function score-lead (arn:aws:lambda:us-west-2:123456789012:function:score-lead) decides when it is due")
        #expect(line(parked, .lease) == "parked: tick tick-7 holds it for a send or a call until 2026-12-06T15:05:00Z; other ticks skip it until then")
        #expect(line(parked, .wake) == nil)
        let expired = explain(runner(at: "score"), lease: ("tick-7", instant("2026-12-06T14:00:00Z")))
        #expect(line(expired, .lease)?.contains("did not finish: the next tick takes it again") == true)
    }

    @Test func attemptsVersionsGoalsAndTheExitConditionAreNamed() {
        var state = runner(at: "two-days", data: ["plan": "trial"])
        state.attempts = 2
        state.lastError = "config.to: no recipient"
        let explanation = explain(state, latest: 3)
        #expect(line(explanation, .version) == "v1; latest is v3 (sequencer sequences migrate explained --from 1 --to 3 moves it)")
        #expect(line(explanation, .attempts) == "2 of 5 failed: config.to: no recipient")
        let also = explanation.lines.filter { $0.topic == .also }.map(\.text)
        #expect(also == ["Goal paid pulls it when data.plan eq \"paid\": data.plan is \"trial\", needs \"paid\"",
                         "exits the sequence when data.unsubscribed eq true: data.unsubscribed is missing, needs true"])
        #expect(line(explain(runner(at: "two-days")), .version) == "v1 (the latest)")
    }

    @Test func aRunnerDueForLongSuggestsCheckingTheTick() {
        let stuck = explain(runner(at: "two-days", entered: "2026-12-01T08:00:00Z"), now: "2026-12-08T14:00:00Z")
        #expect(line(stuck, .wake) == "due since 2026-12-07T14:00:00Z (1 day): the next tick looks at it")
        #expect(line(stuck, .hint) == "due for 1 day and not moved: is the tick running (`sequencer tick`, the schedule)?")
    }

    @Test func endedRunnersSayHowTheyEnded() {
        var failed = runner(at: "hello")
        failed.status = .failed
        failed.attempts = 5
        failed.lastError = "config.to: no recipient"
        let explanation = explain(failed)
        #expect(line(explanation, .attempts) == "failed after 5 attempts: config.to: no recipient")
        #expect(line(explanation, .hint) == "fix the cause, then `sequencer retry u-1` makes it active again at hello")
        #expect(line(explanation, .waitsFor) == nil)
    }

    /// The hook the engine fills once waits record when they were last checked.
    @Test func lastCheckedIsShownOnlyWhenKnown() {
        #expect(line(explain(runner(at: "two-days")), .lastChecked) == nil)
        let checked = explain(runner(at: "two-days"), lastChecked: instant("2026-12-06T14:00:00Z"))
        #expect(line(checked, .lastChecked) == "2026-12-06T14:00:00Z (1 hour ago)")
    }

    @Test func textAndJSONCarryEveryLine() {
        let explanation = explain(runner(at: "nine", data: ["timeZone": "America/New_York"]))
        #expect(explanation.text.hasPrefix("u-1 in explained (runner u-1)\n  at         active at nine"))
        #expect(explanation.text.contains("  waits for  hour in [9] in America/New_York: next match 2026-12-07T14:00:00Z"))
        #expect(explanation.json["lines"]?.arrayValue?.count == explanation.lines.count)
    }
}
