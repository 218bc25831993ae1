import Foundation
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// Issue 19 through the tick (in-memory store, manual clock): quiet hours, Split, WaitUntil and
/// templated amounts, as its "Checked by" states them.
@Suite struct MessagingTests {
    static let email = #""from": "hi@example.com", "to": "{{data.email}}", "subject": "Hello""#

    @Test func anEmailReachedAt2300LocalInQuietHoursSendsAt0800Local() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "quiet", "quietHours": {"from": "21:00", "until": "08:00", "timeZone": "{{data.timeZone}}"},
             "steps": [{"key": "mail", "runner": "Email", "config": {\(Self.email)}}]}
            """)
        // 2026-01-05T22:00:00Z is 23:00 in Paris (UTC+1 in winter).
        let at2300 = date("2026-01-05T22:00:00Z")
        try fixture.database.enroll(["u"], data: ["email": "u@example.com", "timeZone": "Europe/Paris"], in: "quiet", now: at2300)
        _ = try fixture.tick(at: at2300)
        #expect(fixture.database.deliveries.isEmpty)
        #expect(fixture.database.runner("u")?.wakeAt == date("2026-01-06T07:00:00Z"))  // 08:00 in Paris
        #expect(fixture.actions("u") == ["enrolled", "held"])
        #expect(fixture.database.history("u").last?.message?.contains("held until 2026-01-06T07:00:00Z") == true)
        #expect(try fixture.tick(at: date("2026-01-06T06:59:59Z")).examined == 0)
        _ = try fixture.tick(at: date("2026-01-06T07:00:00Z"))
        #expect(fixture.database.deliveries.count == 1)
        #expect(fixture.actions("u") == ["enrolled", "held", "next", "completed"])
    }

    /// Outbox senders with `caps`.
    static func senders(_ caps: FrequencyCap...) -> MessageSenders {
        var senders = MessageSenders.outbox
        senders.frequencyCaps = FrequencyCaps(caps)
        return senders
    }

    /// Sequences `names`, each one Email step (with `onCap` when given) and then a long wait.
    func mailings(_ fixture: EngineFixture, _ names: [String], onCap: String? = nil) throws {
        let policy = onCap.map { #", "onCap": "\#($0)""# } ?? ""
        for name in names {
            try fixture.apply("""
                {"name": "\(name)", "steps": [{"key": "mail", "runner": "Email", "config": {\(Self.email)\(policy)}, "next": "rest"},
                 {"key": "rest", "runner": "WaitForDate", "config": {"date": "2100-01-01"}}]}
                """)
        }
    }

    @Test func withACapOfOneEmailADayASubjectInTwoSequencesGetsOneTodayAndTheOtherTomorrow() throws {
        let fixture = EngineFixture()
        try mailings(fixture, ["welcome", "tips"])
        try fixture.database.enroll(["u", "other"], data: ["email": "u@example.com"], in: "welcome", now: instant())
        try fixture.database.enroll(["u"], in: "tips", now: instant())
        let senders = Self.senders(FrequencyCap(channel: .email, max: 1, perSeconds: 86_400))
        _ = try fixture.tick(at: instant(), senders: senders)
        // "other" is another subject: its own cap.
        #expect(fixture.database.deliveries.map(\.runnerID).sorted() == ["other", "u"])
        #expect(fixture.database.deliveries.allSatisfy { $0.status == .sent && $0.provider == .outbox })
        #expect(fixture.actions("u#2") == ["enrolled", "held"])
        #expect(fixture.database.history("u#2").last?.message == "frequency cap (at most 1 email per 86400 s): held until 2026-01-06T09:00:00Z")
        #expect(fixture.database.runner("u#2")?.wakeAt == instant(86_400))
        #expect(try fixture.tick(at: instant(86_399), senders: senders).examined == 0)
        _ = try fixture.tick(at: instant(86_400), senders: senders)
        #expect(fixture.database.deliveries.map(\.runnerID).sorted() == ["other", "u", "u#2"])
        #expect(fixture.actions("u#2") == ["enrolled", "held", "next"])
    }

    @Test func onCapSkipFollowsNextWithoutTheMessageAndOtherChannelsAreNotCounted() throws {
        let fixture = EngineFixture()
        try mailings(fixture, ["news"], onCap: "skip")
        try fixture.apply("""
            {"name": "texts", "steps": [{"key": "text", "runner": "SMS", "config": {"to": "+14155550100", "message": "Hi"}}]}
            """)
        try fixture.database.enroll(["u"], data: ["email": "u@example.com"], in: "news", now: instant())
        _ = try fixture.tick(at: instant())
        try fixture.database.enroll(["u"], in: "texts", now: instant(60))
        try fixture.database.enroll(["u"], in: "news", now: instant(60))
        let senders = Self.senders(FrequencyCap(channel: .email, max: 1, perSeconds: 3_600))
        _ = try fixture.tick(at: instant(60), senders: senders)
        // The email sent without caps at 0 counts: news#3 skips; the SMS is not capped.
        #expect(fixture.actions("u#3") == ["enrolled", "skipped"])
        #expect(fixture.database.history("u#3")[1].message == "frequency cap (at most 1 email per 3600 s): not sent (onCap skip)")
        #expect(fixture.database.runner("u#3")?.step == "rest")
        #expect(fixture.database.deliveries.map(\.runnerID).sorted() == ["u", "u#2"])
    }

    @Test func aFiftyFiftySplitOverTenThousandSubjectsIsBalancedAndStable() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "ab", "reentry": "afterExit", "steps": [
             {"key": "split", "runner": "Split", "config": {"branches": [{"weight": 50, "next": "a"}, {"weight": 50, "next": "b"}]}},
             {"key": "a", "runner": "GoTo", "config": {"step": "end"}},
             {"key": "b", "runner": "GoTo", "config": {"step": "end"}},
             {"key": "end", "runner": "WaitForDuration", "config": {"amount": 0, "unit": "s"}}]}
            """)
        let ids = (0..<10_000).map { "subject-\($0)" }
        try fixture.database.enroll(ids, in: "ab", now: instant())
        _ = try fixture.tick(at: instant(), TickConfiguration(batchSize: 10_000))
        func branch(_ id: String) -> String? { fixture.database.history(id).first { $0.action == .split }?.toStep }
        let first = Dictionary(uniqueKeysWithValues: ids.map { ($0, branch($0)) })
        let a = first.values.filter { $0 == "a" }.count
        #expect((4_700...5_300).contains(a), "branch a took \(a) of 10,000")
        #expect(first.values.filter { $0 == "b" }.count == 10_000 - a)
        // Re-enrolled (afterExit): every subject takes its branch again.
        let sample = Array(ids.prefix(200))
        try fixture.database.enroll(sample, in: "ab", now: instant(60))
        _ = try fixture.tick(at: instant(60), TickConfiguration(batchSize: 10_000))
        for id in sample {
            #expect(fixture.database.runner(id)?.status == .completed)
            #expect(branch("\(id)#2") == first[id]!, "\(id)")
        }
    }

    static let waitUntil = """
        {"name": "activate", "steps": [
         {"key": "wait", "runner": "WaitUntil", "next": "yes", "altNext": "no",
          "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.active"},
                     "compareTo": {"type": "raw", "value": true}, "timeout": {"amount": 3, "unit": "days"}}},
         {"key": "yes", "runner": "GoTo", "config": {"step": "done"}},
         {"key": "no", "runner": "GoTo", "config": {"step": "done"}},
         {"key": "done", "runner": "WaitForDate", "config": {"date": "2100-01-01"}}]}
        """

    @Test func waitUntilTakesNextAfterAnUpdateAndAltNextAtItsTimeout() throws {
        let fixture = EngineFixture()
        try fixture.apply(Self.waitUntil)
        try fixture.database.enroll(["updated", "silent"], data: ["active": false], in: "activate", now: instant())
        _ = try fixture.tick(at: instant())
        #expect(fixture.database.runner("silent")?.wakeAt == instant(3 * 86_400))
        fixture.database.update("updated", merging: ["active": true])
        #expect(try fixture.tick(at: instant(3_600)).examined == 1)
        #expect(fixture.actions("updated") == ["enrolled", "next", "goTo"])
        #expect(fixture.database.runner("updated")?.step == "done")
        #expect(try fixture.tick(at: instant(3 * 86_400 - 1)).examined == 0)
        _ = try fixture.tick(at: instant(3 * 86_400))
        #expect(fixture.actions("silent") == ["enrolled", "altNext", "goTo"])
        #expect(fixture.database.history("silent")[1].toStep == "no")
    }

    @Test func aTemplatedAmountWaitsTheRenderedNumberOfDays() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "trial", "steps": [{"key": "wait", "runner": "WaitForDuration", "config": {"amount": "{{data.days}}", "unit": "days"}}]}
            """)
        try fixture.database.enroll(["five"], data: ["days": 5], in: "trial", now: instant())
        try fixture.database.enroll(["str"], data: ["days": " 21 "], in: "trial", now: instant())
        try fixture.database.enroll(["bad"], data: ["days": "soon"], in: "trial", now: instant())
        let summary = try fixture.tick(at: instant())
        #expect(fixture.database.runner("five")?.wakeAt == instant(5 * 86_400))
        #expect(fixture.database.runner("str")?.wakeAt == instant(21 * 86_400))
        #expect(summary.errors == 1)
        #expect(fixture.database.runner("bad")?.lastError?.hasPrefix("config.amount: \"soon\" (rendered from \"{{data.days}}\") is not a number") == true)
    }
}

private func date(_ text: String) -> Date { Moment.parseISO8601(text, defaultTimeZone: .gmt)! }
