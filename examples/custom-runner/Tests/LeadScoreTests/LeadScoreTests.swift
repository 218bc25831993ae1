import Foundation
import LeadScore
import SequencerKit
import Testing

@Suite struct LeadScoreTests {
    let context = TaskRunnerContext(now: Date(timeIntervalSince1970: 1_767_603_600), sequence: "leads", step: "score")

    func runner(_ id: String, _ data: JSONValue) -> RunnerSnapshot {
        RunnerSnapshot(id: id, data: data, sequence: "leads", step: "score", stepEnteredAt: context.now)
    }

    @Test func scoresAtOrAboveTheThresholdTakeNextAndBelowAltNext() {
        let decisions = LeadScore().decide(config: ["threshold": 50], runners: [
            runner("hot", ["score": 80]), runner("edge", ["score": 50]), runner("cold", ["score": 12.5]),
        ], context: context)
        #expect(decisions["hot"] == .next(message: "score 80 ≥ 50"))
        #expect(decisions["edge"] == .next(message: "score 50 ≥ 50"))
        #expect(decisions["cold"] == .altNext(message: "score 12.5 < 50"))
    }

    @Test func aScoreThatIsNotANumberIsAnError() {
        let decisions = LeadScore().decide(config: ["threshold": 50], runners: [runner("text", ["score": "high"]), runner("none", [:])],
                                           context: context)
        #expect(decisions["text"] == .error("data.score must be a number, not string"))
        #expect(decisions["none"] == .error("data.score must be a number, not missing"))
    }

    @Test func theConfigNeedsANumericThreshold() {
        #expect(LeadScore().validate(config: ["threshold": 50]).isEmpty)
        #expect(LeadScore().validate(config: [:]).map(\.description) == ["/threshold: is required"])
        #expect(LeadScore().validate(config: ["threshold": "50", "limit": 1]).map(\.description)
                == ["/limit: unknown field (allowed: threshold)", "/threshold: must be a number, not string"])
    }

    @Test func itCanBeInstalled() throws {
        #expect(try TaskRunnerRegistry([LeadScore()]).names == ["LeadScore"])
    }
}
