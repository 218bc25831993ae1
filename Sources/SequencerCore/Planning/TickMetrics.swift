#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One tick's figures as CloudWatch metrics, written as an Embedded Metric Format document
/// (one JSON line on the Lambda function's standard output; CloudWatch Logs turns it into
/// metrics without an API call). Format:
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
public struct TickMetrics: Sendable, Hashable {
    /// The CloudWatch namespace of every metric.
    public static let namespace = "Sequencer"

    /// A metric: its CloudWatch name and unit.
    public enum Metric: String, Sendable, CaseIterable {
        case moved = "Moved"
        case sent = "Sent"
        case uncertain = "Uncertain"
        case errors = "Errors"
        case kept = "Kept"
        case postponed = "Postponed"
        case batches = "Batches"
        case duration = "Duration"
        case lag = "Lag"
        case fanOut = "FanOut"

        /// The CloudWatch unit: counts, or seconds for `Duration` and `Lag`.
        public var unit: String {
            switch self {
            case .duration, .lag: "Seconds"
            default: "Count"
            }
        }
    }

    public var summary: TickSummary
    /// Seconds between the oldest wake time of a runner still due after the tick and the tick's
    /// end (0 when none is due): how far behind the schedule the engine is.
    public var lagSeconds: Double
    /// Tick workers this invocation started (``FanOut``).
    public var workersStarted: Int

    public init(summary: TickSummary, lagSeconds: Double, workersStarted: Int = 0) {
        self.summary = summary
        self.lagSeconds = max(0, lagSeconds)
        self.workersStarted = workersStarted
    }

    /// Each metric's value.
    public func value(_ metric: Metric) -> Double {
        switch metric {
        case .moved: Double(summary.moved)
        case .sent: Double(summary.deliveries)
        case .uncertain: Double(summary.uncertain)
        case .errors: Double(summary.errors)
        case .kept: Double(summary.kept)
        case .postponed: Double(summary.postponed)
        case .batches: Double(summary.batches)
        case .duration: summary.elapsed
        case .lag: lagSeconds
        case .fanOut: Double(workersStarted)
        }
    }

    /// The EMF document: `_aws` (timestamp in milliseconds since 1970 UTC, the namespace, one
    /// dimension set of `dimensions`' names, every metric with its unit), the dimension values,
    /// and each metric's value as a member named like the metric.
    /// - Parameters:
    ///   - dimensions: dimension name → value (e.g. `["Function": "sequencer-prod-tick"]`); at
    ///     most 30, as EMF allows.
    ///   - at: the metrics' timestamp.
    public func emf(dimensions: [String: String], at: Date) -> JSONValue {
        let names = dimensions.keys.sorted()
        let directive: JSONValue = .object([
            "Namespace": .string(Self.namespace),
            "Dimensions": .array([.array(names.map(JSONValue.string))]),
            "Metrics": .array(Metric.allCases.map { .object(["Name": .string($0.rawValue), "Unit": .string($0.unit)]) }),
        ])
        var object: [String: JSONValue] = [
            "_aws": .object([
                "Timestamp": .number((at.timeIntervalSince1970 * 1_000).rounded()),
                "CloudWatchMetrics": .array([directive]),
            ]),
        ]
        for (name, value) in dimensions { object[name] = .string(value) }
        for metric in Metric.allCases { object[metric.rawValue] = .number(value(metric)) }
        return .object(object)
    }
}
