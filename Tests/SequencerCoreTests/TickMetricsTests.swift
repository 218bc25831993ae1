import Foundation
import SequencerCore
import Testing

/// The tick's figures as a CloudWatch Embedded Metric Format document.
@Suite struct TickMetricsTests {
    @Test func everyFigureHasItsMemberItsUnitAndTheDimension() throws {
        var summary = TickSummary()
        summary.moved = 7
        summary.deliveries = 3
        summary.uncertain = 1
        summary.errors = 2
        summary.kept = 4
        summary.postponed = 5
        summary.batches = 6
        summary.elapsed = 1.25
        let document = TickMetrics(summary: summary, lagSeconds: 90, workersStarted: 3).emf(dimensions: ["Function": "f"], at: Date(timeIntervalSince1970: 1_767_603_600.5))
        #expect(document["_aws"]?["Timestamp"] == 1_767_603_600_500)
        let metrics = document["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first?["Metrics"]?.arrayValue ?? []
        let units = Dictionary(uniqueKeysWithValues: metrics.compactMap { metric in
            metric["Name"]?.stringValue.map { ($0, metric["Unit"]?.stringValue ?? "") }
        })
        #expect(units == ["Moved": "Count", "Sent": "Count", "Uncertain": "Count", "Errors": "Count", "Kept": "Count",
                          "Postponed": "Count", "Batches": "Count", "Duration": "Seconds", "Lag": "Seconds", "FanOut": "Count"])
        let values = ["Moved": 7.0, "Sent": 3, "Uncertain": 1, "Errors": 2, "Kept": 4, "Postponed": 5, "Batches": 6, "Duration": 1.25, "Lag": 90, "FanOut": 3]
        for (name, value) in values { #expect(document[name]?.numberValue == value, "\(name)") }
        #expect(document["Function"] == "f")
    }

    @Test func aClockAheadOfTheDatabaseGivesNoNegativeLag() {
        #expect(TickMetrics(summary: TickSummary(), lagSeconds: -3).lagSeconds == 0)
    }
}
