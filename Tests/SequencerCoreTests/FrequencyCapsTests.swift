import Foundation
import SequencerCore
import Testing

/// The frequency caps' rule (issue 19.2): a sliding window on the engine clock, every cap of a
/// channel, and the instant the message is allowed again.
struct FrequencyCapsTests {
    func at(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_000_000 + seconds) }

    @Test func aCapReachedHoldsUntilTheOldestMessageThatMustLeaveHasLeft() {
        let caps = FrequencyCaps([FrequencyCap(channel: .email, max: 2, perSeconds: 100)])
        let earlier = [at(0), at(10), at(50)]
        // Three inside (0, 10, 50] at 60: two must leave for a third; 10 leaves at 110.
        #expect(caps.verdict(channel: .email, earlier: earlier, now: at(60)) == .over(caps.caps[0], until: at(110)))
        // At 100 the first has left (the window is (0, 100]), 10 and 50 remain: still two.
        #expect(caps.verdict(channel: .email, earlier: earlier, now: at(100)) == .over(caps.caps[0], until: at(110)))
        #expect(caps.verdict(channel: .email, earlier: earlier, now: at(110)) == .allowed)
        #expect(caps.verdict(channel: .email, earlier: [at(0)], now: at(1)) == .allowed)
        #expect(caps.verdict(channel: .sms, earlier: earlier, now: at(60)) == .allowed)
        #expect(caps.window(for: .email) == 100 && caps.window(for: .sms) == nil)
    }

    @Test func theLatestInstantOverEveryCapReachedWins() {
        let daily = FrequencyCap(channel: .email, max: 3, perSeconds: 86_400)
        let hourly = FrequencyCap(channel: .email, max: 1, perSeconds: 3_600)
        let caps = FrequencyCaps([hourly, daily])
        // Three today: the daily cap holds until the first leaves, later than the hourly one.
        let earlier = [at(0), at(7_200), at(14_400)]
        #expect(caps.verdict(channel: .email, earlier: earlier, now: at(15_000)) == .over(daily, until: at(86_400)))
        // One an hour ago, none other: only the hourly cap.
        #expect(caps.verdict(channel: .email, earlier: [at(0)], now: at(1_800)) == .over(hourly, until: at(3_600)))
        // A row taken "later" than now (the clock set back) counts.
        #expect(caps.verdict(channel: .email, earlier: [at(500)], now: at(0)) == .over(hourly, until: at(4_100)))
    }

    @Test func historyLinesNameTheCap() {
        let cap = FrequencyCap(channel: .email, max: 2, perSeconds: 86_400)
        #expect("\(cap)" == "at most 2 emails per 86400 s")
        #expect("\(FrequencyCap(channel: .sms, max: 1, perSeconds: 0.5))" == "at most 1 SMS per 0.5 s")
        #expect(cap.heldReason(until: Date(timeIntervalSince1970: 0)) == "frequency cap (at most 2 emails per 86400 s): held until 1970-01-01T00:00:00Z")
    }
}
