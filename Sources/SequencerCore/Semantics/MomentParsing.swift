#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Moment {
    /// `moment.tz(text, moment.ISO_8601, zone)`: the instant an ISO 8601 string names, or `nil`.
    ///
    /// The forms moment 2.29's `configFromISO` accepts (its `extendedIsoRegex`/`basicIsoRegex`),
    /// after optional leading white space:
    /// - dates: `2026-01-07`, `20260107`, `2026-01` and `202601` (day 1), `2026` (1 January),
    ///   week dates `2026-W05-3`, `2026W053`, `2026-W05`, `2026W05` (Monday), ordinal dates
    ///   `2026-123`, `2026123`, six-digit signed years `+002026-01-07`, `-0020260107`;
    /// - then optionally `T` or one space and a time `HH`, `HH:mm`, `HH:mm:ss`, `HH:mm:ss.SSS…`
    ///   (extended) or `HHmm`, `HHmmss`, `HHmmss.SSS…` (basic, with a basic date), the fraction
    ///   after `.` or `,` truncated to milliseconds; `24:00` is midnight ending the day. Only full
    ///   dates, week dates with a day, and ordinal dates take a time;
    /// - then optionally an offset `Z` (upper case, white space may precede it), `+01:00`, `+0100`,
    ///   `+01` (moment accepts up to `±99:99`).
    ///
    /// Without an offset the time is local in `defaultTimeZone`, resolved as moment-timezone does:
    /// forward by the gap in a DST gap, the earlier instant in an overlap. Out-of-range fields
    /// (month 13, Feb 30, week 53 of a 52-week year, day 366 of a common year, 24:01, minute 60)
    /// give `nil`, as does anything else: lower-case `t` or `z`, trailing white space, `2026-1-7`.
    /// Unlike moment, a six-digit year is only read in a full calendar date (`+002026-01` gives
    /// `nil`, where moment's lenient token parser reads year 20).
    /// - Parameters:
    ///   - text: the string.
    ///   - defaultTimeZone: the zone of a time without an offset.
    /// - Returns: the instant, or `nil` when moment would give an invalid date.
    public static func parseISO8601(_ text: String, defaultTimeZone: IANATimeZone) -> Date? {
        guard let match = ISO8601Match(text), let fields = match.fields() else { return nil }
        var wall = fields.local.wallMs
        if fields.nextDay { wall += LocalDateTime.msPerDay }
        let instant = fields.offsetMinutes.map { wall - Int64($0) * 60_000 }
            ?? ZonedTime.compatibleInstant(wallMs: wall, defaultTimeZone)
        guard abs(instant) <= ZonedTime.maxMs else { return nil }
        return ZonedTime.date(instant)
    }

    /// The calendar year and the UTC offset (minutes east of UTC, `nil` when none is written) of
    /// an ISO 8601 string, as ``parseISO8601(_:defaultTimeZone:)`` reads them; `nil` when it gives
    /// `nil`. For callers that accept less than moment does (the CLI's `--now`: years 1–9999,
    /// offsets within ±18:00); it changes nothing of what the parser accepts.
    package static func iso8601YearAndOffset(_ text: String) -> (year: Int, offsetMinutes: Int?)? {
        guard let match = ISO8601Match(text), let fields = match.fields() else { return nil }
        return (fields.local.year, fields.offsetMinutes)
    }

    /// The instant in UTC as ISO 8601 with `Z`, as moment's `toISOString()` but with milliseconds
    /// only when they are not zero: `2026-01-07T09:00:00Z`, `2026-01-07T09:00:00.250Z`. Years outside
    /// 0–9999 have a sign and six digits (`+010000-01-01T00:00:00Z`), as in moment and JavaScript.
    /// - Parameter date: the instant, taken to the nearest millisecond.
    /// - Returns: the text.
    public static func formatISO8601(_ date: Date) -> String {
        let utc = LocalDateTime(wallMs: ZonedTime.ms(date))
        // Written digit by digit: every history message and runner object carries one.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            let value = abs(value)
            while value / divisor >= 10 { divisor *= 10 }  // wider than `width`: never cut
            while divisor >= 1 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        if (0...9999).contains(utc.year) {
            digits(utc.year, 4)
        } else {
            bytes.append(UInt8(ascii: utc.year < 0 ? "-" : "+"))
            digits(utc.year, 6)
        }
        bytes.append(UInt8(ascii: "-")); digits(utc.month, 2)
        bytes.append(UInt8(ascii: "-")); digits(utc.day, 2)
        bytes.append(UInt8(ascii: "T")); digits(utc.hour, 2)
        bytes.append(UInt8(ascii: ":")); digits(utc.minute, 2)
        bytes.append(UInt8(ascii: ":")); digits(utc.second, 2)
        if utc.millisecond != 0 {
            bytes.append(UInt8(ascii: ".")); digits(utc.millisecond, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A string split as moment's ISO regular expressions split it: date, time and offset parts.
struct ISO8601Match {
    /// The date part (`match[1]`), the time part (`match[3]`) and the offset (`match[4]`).
    var date: [Character]
    var time: [Character]?
    var offset: [Character]?

    /// Matches `extendedIsoRegex`, then `basicIsoRegex`, with their alternatives in order.
    init?(_ text: String) {
        let all = Array(text.unicodeScalars)
        let start = all.firstIndex { !JavaScript.isWhiteSpace($0) } ?? all.count
        let s = all[start...].map(Character.init)
        for extended in [true, false] {
            for dateEnd in Self.dateEnds(s, extended: extended) {
                if let (time, offset) = Self.rest(s, from: dateEnd, extended: extended) {
                    (date, self.time, self.offset) = (Array(s[..<dateEnd]), time, offset)
                    return
                }
            }
        }
        return nil
    }

    private static func digits(_ s: [Character], _ from: Int, _ count: Int) -> Bool {
        from >= 0 && from + count <= s.count && s[from..<(from + count)].allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func char(_ s: [Character], _ at: Int, _ c: Character) -> Bool {
        at < s.count && s[at] == c
    }

    /// Where the date part may end, in the order the regex alternatives try.
    private static func dateEnds(_ s: [Character], extended: Bool) -> [Int] {
        let signed = char(s, 0, "+") || char(s, 0, "-")
        guard signed ? digits(s, 1, 6) : digits(s, 0, 4) else { return [] }
        var q = signed ? 7 : 4
        var ends: [Int] = []
        if extended {
            guard char(s, q, "-") else { return [] }
            q += 1
            if digits(s, q, 2) && char(s, q + 2, "-") && digits(s, q + 3, 2) { ends.append(q + 5) }
            if char(s, q, "W") && digits(s, q + 1, 2) && char(s, q + 3, "-") && digits(s, q + 4, 1) { ends.append(q + 5) }
            if char(s, q, "W") && digits(s, q + 1, 2) { ends.append(q + 3) }
        } else {
            if digits(s, q, 4) { ends.append(q + 4) }
            if char(s, q, "W") && digits(s, q + 1, 3) { ends.append(q + 4) }
            if char(s, q, "W") && digits(s, q + 1, 2) { ends.append(q + 3) }
        }
        if digits(s, q, 3) { ends.append(q + 3) }
        if digits(s, q, 2) { ends.append(q + 2) }
        if !extended { ends.append(q) }
        return ends
    }

    /// `(?:(T| )(time)(offset)?)?$` from `r`: the time and offset parts, or `nil` if it does not match.
    private static func rest(_ s: [Character], from r: Int, extended: Bool) -> ([Character]?, [Character]?)? {
        if r == s.count { return (nil, nil) }
        guard char(s, r, "T") || char(s, r, " "), digits(s, r + 1, 2) else { return nil }
        var p = r + 3
        let colon = extended ? 1 : 0
        if (!extended || char(s, p, ":")) && digits(s, p + colon, 2) {
            p += colon + 2
            if (!extended || char(s, p, ":")) && digits(s, p + colon, 2) {
                p += colon + 2
                if (char(s, p, ".") || char(s, p, ",")) && digits(s, p + 1, 1) {
                    p += 1
                    while digits(s, p, 1) { p += 1 }
                }
            }
        }
        let time = Array(s[(r + 1)..<p])
        var offset: [Character]?
        if (char(s, p, "+") || char(s, p, "-")) && digits(s, p + 1, 2) {
            var end = p + 3
            if char(s, end, ":") && digits(s, end + 1, 2) {
                end += 3
            } else if digits(s, end, 2) {
                end += 2
            }
            offset = Array(s[p..<end])
            p = end
        } else {
            var z = p
            while z < s.count, let scalar = s[z].unicodeScalars.first, JavaScript.isWhiteSpace(scalar) { z += 1 }
            if char(s, z, "Z") {
                offset = ["Z"]
                p = z + 1
            }
        }
        return p == s.count ? (time, offset) : nil
    }

    /// The parsed fields, or `nil` when moment's `isoDates` table has no format for the date part,
    /// a date without a day takes a time, or a field overflows (`checkOverflow`).
    func fields() -> (local: LocalDateTime, nextDay: Bool, offsetMinutes: Int?)? {
        let signed = date.first == "+" || date.first == "-"
        let yearLength = signed ? 7 : 4
        guard let year = Int(String(date[..<yearLength])) else { return nil }
        let rest = Array(date[yearLength...].filter { $0 != "-" })
        func number(_ slice: ArraySlice<Character>) -> Int { Int(String(slice)) ?? 0 }
        var local = LocalDateTime(year: year, month: 1, day: 1)
        var allowsTime = true
        if signed && (rest.count != 4 || rest.first == "W") { return nil }  // only YYYYYY-MM-DD and YYYYYYMMDD
        if rest.first == "W" {
            let week = number(rest[1..<3])
            let weekday = rest.count == 4 ? number(rest[3...]) : 1
            allowsTime = rest.count == 4
            guard (1...Moment.weeksInYear(year, firstWeekday: 1, firstWeekDay: 4)).contains(week),
                  (1...7).contains(weekday) else { return nil }
            let dayOfYear = 7 * (week - 1) + (weekday + 6) % 7 + Moment.firstWeekOffset(year, firstWeekday: 1, firstWeekDay: 4) + 1
            let days = LocalDateTime.days(year: year, month: 1, day: 1) + Int64(dayOfYear - 1)
            (local.year, local.month, local.day) = LocalDateTime.civil(fromDays: days)
        } else if rest.count == 3 {
            let dayOfYear = number(rest[...])
            guard (1...LocalDateTime.daysInYear(year)).contains(dayOfYear) else { return nil }
            let days = LocalDateTime.days(year: year, month: 1, day: 1) + Int64(dayOfYear - 1)
            (local.year, local.month, local.day) = LocalDateTime.civil(fromDays: days)
        } else {
            allowsTime = rest.count == 4
            if rest.count >= 2 { local.month = number(rest[0..<2]) }
            if rest.count == 4 { local.day = number(rest[2..<4]) }
            guard (1...12).contains(local.month),
                  (1...LocalDateTime.daysInMonth(year: year, month: local.month)).contains(local.day) else { return nil }
        }
        var nextDay = false
        if let time {
            guard allowsTime else { return nil }
            let clock = time.filter { $0 != ":" }
            let parts = clock.split(whereSeparator: { $0 == "." || $0 == "," })
            let hms = Array(parts[0])
            local.hour = number(hms[0..<2])
            if hms.count >= 4 { local.minute = number(hms[2..<4]) }
            if hms.count >= 6 { local.second = number(hms[4..<6]) }
            if parts.count > 1 {
                // moment's parseMs: toInt(('0.' + digits) * 1000).
                local.millisecond = Int(((Double("0." + String(parts[1])) ?? 0) * 1000).rounded(.towardZero))
            }
            guard local.minute <= 59, local.second <= 59 else { return nil }
            if local.hour == 24 {
                guard local.minute == 0, local.second == 0, local.millisecond == 0 else { return nil }
                local.hour = 0
                nextDay = true
            } else if local.hour > 24 {
                return nil
            }
        }
        var offsetMinutes: Int?
        if let offset {
            if offset == ["Z"] {
                offsetMinutes = 0
            } else {
                let digits = offset.dropFirst().filter { $0 != ":" }
                let minutes = number(digits.prefix(2)) * 60 + (digits.count > 2 ? number(digits.dropFirst(2)) : 0)
                offsetMinutes = offset.first == "-" ? -minutes : minutes
            }
        }
        return (local, nextDay, offsetMinutes)
    }
}
