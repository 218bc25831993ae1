#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

/// Writes one line per log record to standard output, as Lambda's managed runtimes do, in
/// `AWS_LAMBDA_LOG_FORMAT` (`Text`, the default, or `JSON`) and filtered by
/// `AWS_LAMBDA_LOG_LEVEL` (`TRACE`, `DEBUG`, `INFO` (default), `WARN`, `ERROR`, `FATAL`).
///
/// Text: `2026-01-05T09:00:00.123Z\t<request id>\tINFO\tmessage key=value`.
/// JSON: `{"timestamp", "level", "requestId", "message", …metadata}`.
/// Each line is written with one `write(2)`, so it reaches CloudWatch before the response is posted.
public struct LambdaLogHandler: LogHandler {
    public enum Format: Sendable { case text, json }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let format: Format
    let label: String

    /// Reads format and level from `environment`.
    public init(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        format = environment["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "JSON" ? .json : .text
        logLevel = Self.level(environment["AWS_LAMBDA_LOG_LEVEL"]) ?? .info
    }

    static func level(_ name: String?) -> Logger.Level? {
        switch name?.uppercased() {
        case "TRACE": .trace
        case "DEBUG": .debug
        case "INFO": .info
        case "WARN", "WARNING": .warning
        case "ERROR": .error
        case "FATAL", "CRITICAL": .critical
        default: nil
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let timestamp = JSONText.timestamp(Date())
        let levelName = Self.awsName(event.level)
        var line: String
        switch format {
        case .text:
            let requestID = merged["requestId"].map { "\($0)" } ?? "undefined"
            let extra = merged.filter { $0.key != "requestId" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            line = "\(timestamp)\t\(requestID)\t\(levelName)\t\(event.message)" + (extra.isEmpty ? "" : " " + extra.joined(separator: " "))
            line = String(String.UnicodeScalarView(line.unicodeScalars.map { $0 == "\n" ? "\r" : $0 }))  // one record, one line
        case .json:
            let fixed = [("timestamp", timestamp), ("level", levelName), ("message", "\(event.message)"), ("logger", label)]
            let names = Set(fixed.map(\.0))
            let extra = merged.filter { !names.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }
            line = JSONText.object(fixed + extra)
        }
        StandardOutput.write(line + "\n")
    }

    static func awsName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }
}
