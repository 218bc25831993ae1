import Foundation

/// Text forms for bound parameters and results.
public enum PostgresText {
    /// A `text[]` literal, e.g. `{"a","b\"c",NULL}`.
    public static func array(_ values: [String?]) -> String {
        "{" + values.map { value in
            guard let value else { return "NULL" }
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }

    /// Parses a one-dimensional `text[]` result such as `{a,"b c",NULL}`.
    public static func parseArray(_ text: String) -> [String?] {
        var values: [String?] = []
        var current = ""
        var quoted = false, wasQuoted = false, escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle(); wasQuoted = true
            case "," where !quoted:
                values.append(!wasQuoted && current == "NULL" ? nil : current)
                current = ""; wasQuoted = false
            default: current.append(character)
            }
        }
        if !current.isEmpty || wasQuoted { values.append(!wasQuoted && current == "NULL" ? nil : current) }
        return values
    }

    /// Seconds since 1970 for `to_timestamp($n::float8)`; `Infinity`/`-Infinity` for the
    /// distant future/past, which map to PostgreSQL's `infinity`/`-infinity`.
    public static func epoch(_ date: Date) -> String {
        if date >= .distantFuture { return "Infinity" }
        if date <= .distantPast { return "-Infinity" }
        return String(date.timeIntervalSince1970)
    }

    /// Reads `extract(epoch from …)` text back into a date (infinities to distant future/past).
    public static func date(epoch text: String?) -> Date? {
        guard let text, let seconds = Double(text) else { return nil }
        if seconds == .infinity { return .distantFuture }
        if seconds == -.infinity { return .distantPast }
        return Date(timeIntervalSince1970: seconds)
    }
}
