#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Text forms for bound parameters and results.
public enum PostgresText {
    /// A `text[]` literal, e.g. `{"a","b\"c",NULL}`.
    /// Built byte by byte: it carries every value of a batch write, so it is on the tick's hot path.
    public static func array(_ values: [String?]) -> String {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + values.count * 24)
        bytes.append(UInt8(ascii: "{"))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let value else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(quote)
            for byte in value.utf8 {
                if byte == quote || byte == backslash { bytes.append(backslash) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
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

    /// Reads `extract(epoch from …)` as a number back into a date (infinities to distant future/past).
    public static func date(epoch seconds: Double) -> Date {
        if seconds == .infinity { return .distantFuture }
        if seconds == -.infinity { return .distantPast }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Reads `extract(epoch from …)` text back into a date (infinities to distant future/past).
    public static func date(epoch text: String?) -> Date? {
        guard let text, let seconds = Double(text) else { return nil }
        return date(epoch: seconds)
    }
}
