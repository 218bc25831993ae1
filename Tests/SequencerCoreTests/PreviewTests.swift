import Foundation
import SequencerCore
import Testing

private let onboarding = try! SequenceDefinition.parse(try! JSONValue(parsing: """
    {"name": "onboarding", "steps": [
      {"key": "welcome", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}", "text": "Hello {{data.name}}"}, "next": "wait"},
      {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 2, "unit": "days"}, "next": "monday"},
      {"key": "monday", "runner": "WaitForDateComparison", "config": {"attribute": "day", "values": [1]}, "next": "score"},
      {"key": "score", "runner": "lambda:score-lead", "config": {}, "next": "sms", "altNext": "paid"},
      {"key": "sms", "runner": "SMS", "config": {"to": "{{data.phone}}", "message": "Hi {{data.name}}"}},
      {"key": "paid", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"}, "compareTo": {"type": "raw", "value": "paid"}}}
    ]}
    """), isAllowedLambda: { _ in true })

private func previewInstant(_ text: String) -> Date { Moment.parseISO8601(text, defaultTimeZone: .gmt)! }

struct PreviewTests {
    let data: JSONValue = ["email": "ann@example.com", "name": "Ann", "phone": "+14155550100", "plan": "trial"]

    func preview(assume: TaskAction? = nil, every: TimeInterval = 3_600, until: String = "2026-12-22T09:00:00Z") -> RunnerPreview {
        RunnerPreview(from: previewInstant("2026-12-01T09:00:00Z"), until: previewInstant(until), every: every, assume: assume)
    }

    func run(_ preview: RunnerPreview) throws -> RunnerPreview.Result {
        let state = try preview.state(for: RunnerPreview.Start(id: "u-1", data: data), on: onboarding, version: 1)
        return preview.run(state, on: onboarding)
    }

    @Test func withoutAnAnswerItStopsAtTheCustomStepAndSaysSo() throws {
        let result = try run(preview())
        #expect(result.end == .stoppedAtCustomRunner(step: "score", function: "score-lead"))
        #expect(result.final.step == "score")
        let moves = result.events.map { "\(Moment.formatISO8601($0.at)) \($0.step) \($0.name)" }
        #expect(moves == [
            "2026-12-01T09:00:00Z welcome enrolled",
            "2026-12-01T09:00:00Z welcome sends",
            "2026-12-01T09:00:00Z welcome next",
            "2026-12-01T09:00:00Z wait waits",
            "2026-12-03T09:00:00Z wait next",
            "2026-12-03T09:00:00Z monday waits",
            "2026-12-07T00:00:00Z monday next",
        ])
        guard case .sends(.email(let email)) = result.events[1].kind else { Issue.record("no rendered email"); return }
        #expect(email.to == ["ann@example.com"] && email.subject == "Hi Ann" && email.text == "Hello Ann")
        #expect(result.text.contains("stopped at score: custom task runner score-lead decides there"))
    }

    @Test func anAssumedAnswerGoesOnAndRendersTheSMS() throws {
        let next = try run(preview(assume: .next))
        #expect(next.end == .left(.completed))
        let sms = next.events.compactMap { event -> SMSMessage? in
            if case .sends(.sms(let message)) = event.kind { return message }
            return nil
        }
        #expect(sms.map(\.message) == ["Hi Ann"])
        #expect(next.events.contains { $0.kind == .assumed(.next, function: "score-lead") })

        let alternative = try run(preview(assume: .altNext))
        #expect(alternative.end == .waitsForDataChange(step: "paid"))
    }

    @Test func aNoopAnswerIsShownOnceAndTheClockRunsOut() throws {
        let result = try run(preview(assume: .noop))
        #expect(result.end == .reachedUntil)
        #expect(result.events.filter { $0.name == "assumed" }.count == 1)
        #expect(result.ticks > 300)  // asked at every hourly tick from Monday on
    }

    @Test func ticksOnTheGridDecideTheWakeUps() throws {
        // Ticks every 7 hours from 09:00: the 2-day wait ends at 2026-12-03T09:00; ticks fall at 09, 16, 23, 06, 13, 20, 03, then 12-03T10:00.
        let result = try run(preview(every: 7 * 3_600))
        let waitOver = result.events.first { $0.step == "wait" && $0.name == "next" }
        #expect(waitOver.map { Moment.formatISO8601($0.at) } == "2026-12-03T10:00:00Z")
    }

    @Test func aStartCanPlaceTheRunnerAtAStep() throws {
        let preview = preview(assume: .next)
        let start = try RunnerPreview.Start(json: try JSONValue(parsing: #"{"id": "x", "data": {"phone": "+14155550100", "name": "Bo"}, "step": "sms"}"#))
        let result = preview.run(try preview.state(for: start, on: onboarding, version: 1), on: onboarding)
        #expect(result.events.map(\.name) == ["enrolled", "sends", "next", "completed"])
        #expect(throws: FieldProblem.self) { try RunnerPreview.Start(json: try JSONValue(parsing: #"{"dat": {}}"#)) }
        #expect(throws: FieldProblem.self) {
            try preview.state(for: RunnerPreview.Start(id: "x", step: "nowhere"), on: onboarding, version: 1)
        }
    }

    @Test func theJSONFormCarriesEventsAndTheEnd() throws {
        let json = try run(preview()).json
        #expect(json["end"] == "stoppedAtCustomRunner")
        #expect(json["events"]?.arrayValue?[1]["rendered"]?["subject"] == "Hi Ann")
    }
}
