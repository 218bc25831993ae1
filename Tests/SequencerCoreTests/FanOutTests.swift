import Foundation
import SequencerCore
import Testing

@Suite struct FanOutTests {
    func fanOut(examined: Int = 10_000, seconds: Double = 1, backlog: Int, left: Double = 50, worker: Double = 50,
                max: Int = 10, threshold: Int = 10_000) -> FanOut {
        FanOut(probeExamined: examined, probeSeconds: seconds, backlog: backlog, secondsLeft: left, workerSeconds: worker,
               maxConcurrency: max, threshold: threshold)
    }

    @Test func aBacklogOneInvocationCanMoveStartsNoWorker() {
        // 10,000 a second for 50 s: 500,000 fit.
        #expect(fanOut(backlog: 500_000).workers == 0)
        #expect(fanOut(backlog: 500_001).workers == 1)
    }

    @Test func workersCoverTheRestUpToTheLimit() {
        #expect(fanOut(backlog: 1_600_000).workers == 3)  // 1.1 M left over, 500,000 each
        #expect(fanOut(backlog: 100_000_000).workers == 9)
        #expect(fanOut(backlog: 100_000_000, max: 1).workers == 0)
    }

    @Test func belowTheThresholdOrWithoutARateNothingStarts() {
        #expect(fanOut(examined: 10, seconds: 1, backlog: 9_000, threshold: 10_000).workers == 0)
        #expect(fanOut(examined: 0, backlog: 1_000_000).workers == 0)
        #expect(fanOut(seconds: 0, backlog: 1_000_000).workers == 0)
    }

    @Test func theBacklogCountStopsWhereItNoLongerMatters() {
        #expect(FanOut.countLimit(rate: 10_000, workerSeconds: 50, maxConcurrency: 10) == 5_000_001)
        #expect(FanOut.countLimit(rate: .infinity, workerSeconds: 50, maxConcurrency: 10) == 100_000_001)
        // A slow probe still counts past the threshold: a backlog above it is seen as above it.
        #expect(FanOut.countLimit(rate: 454, workerSeconds: 5, maxConcurrency: 4, threshold: 10_000) == 10_001)
    }

    @Test func passesRunEveryIntervalUntilTheWindowEnds() {
        let start = Date(timeIntervalSince1970: 0)
        let end = start.addingTimeInterval(50)
        #expect(TickCadence.nextPass(lastStart: start, lastEnd: start.addingTimeInterval(2), interval: 10, windowEnd: end)
                == start.addingTimeInterval(10))
        // A pass longer than the interval: the next starts at once.
        #expect(TickCadence.nextPass(lastStart: start, lastEnd: start.addingTimeInterval(12), interval: 10, windowEnd: end)
                == start.addingTimeInterval(12))
        #expect(TickCadence.nextPass(lastStart: start.addingTimeInterval(40), lastEnd: start.addingTimeInterval(41), interval: 10,
                                     windowEnd: end) == nil)
        #expect(TickCadence.nextPass(lastStart: start, lastEnd: start, interval: 0, windowEnd: end) == nil)
    }
}
