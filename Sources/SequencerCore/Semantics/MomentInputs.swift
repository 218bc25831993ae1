#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Moment {
    /// An `add` amount written as a string, read as moment 2.29's `createDuration(input, unit)`
    /// reads one: `+input` (ECMAScript `StringToNumber`: JavaScript white space trimmed, decimal
    /// literals with sign, fraction and exponent, `Infinity`, unsigned `0x`/`0b`/`0o` integers),
    /// so `"21"`, `" 5 "`, `"1e2"` and `"21.5"` are 21, 5, 100 and 21.5.
    ///
    /// Where Sequencer differs: a blank string (moment: `+"" === 0`, a wait of nothing) and any
    /// text that is not a number (moment then tries ISO 8601 and ASP.NET durations, or adds
    /// nothing) give `nil`, so the caller can name the field instead of moving on at once.
    /// - Parameter text: the string as written or rendered.
    /// - Returns: the amount, or `nil` when it is not a numeric string.
    public static func numericAmount(_ text: String) -> Double? {
        guard text.unicodeScalars.contains(where: { !JavaScript.isWhiteSpace($0) }) else { return nil }
        let value = JavaScript.stringToNumber(text)
        return value.isNaN ? nil : value
    }

    /// moment 2.29's ASP.NET JSON date, checked before ISO 8601 when `moment(text)` parses a
    /// string (`configFromString`'s `aspNetJsonRegex`, `/^\/?Date\((-?\d+)/i`): `/Date(1528480171000)/`
    /// is that many milliseconds after the Unix epoch. As in moment, the match is case-insensitive,
    /// the leading slash optional, and anything after the digits (an offset `+0100`, the closing
    /// `)/`) is ignored: the instant is the milliseconds, whatever the zone.
    /// - Parameter text: the string.
    /// - Returns: the instant, or `nil` when `text` is not in that form or is out of JavaScript's
    ///   date range (±8.64e15 ms).
    public static func parseASPNetDate(_ text: String) -> Date? {
        var rest = Substring(text)
        if rest.hasPrefix("/") { rest = rest.dropFirst() }
        guard rest.count > 5, rest.prefix(5).lowercased() == "date(" else { return nil }
        rest = rest.dropFirst(5)
        var digits = ""
        if rest.first == "-" {
            digits = "-"
            rest = rest.dropFirst()
        }
        let run = rest.prefix { $0.isASCII && $0.isNumber }
        guard !run.isEmpty else { return nil }
        digits += run
        guard let ms = Double(digits), abs(ms) <= Double(ZonedTime.maxMs) else { return nil }
        return Date(timeIntervalSince1970: ms / 1000)
    }

    /// A `WaitForDate` date as `moment.tz(text, zone)` reads it: the ASP.NET form
    /// (``parseASPNetDate(_:)``) first, then ISO 8601 (``parseISO8601(_:defaultTimeZone:)``).
    /// - Returns: the instant, or `nil` when neither form parses.
    public static func parseDate(_ text: String, defaultTimeZone: IANATimeZone) -> Date? {
        parseASPNetDate(text) ?? parseISO8601(text, defaultTimeZone: defaultTimeZone)
    }
}
