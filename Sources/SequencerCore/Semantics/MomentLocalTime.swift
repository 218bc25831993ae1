#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A wall-clock date and time in the proleptic Gregorian calendar, as JavaScript's `Date` and
/// moment use it (no Julian switch in 1582, year 0 = 1 BC). Month 1–12 here; moment's 0-based
/// month is `month - 1`.
struct LocalDateTime: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int

    static let msPerDay: Int64 = 86_400_000

    /// Division rounding toward −∞.
    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The wall time `ms` milliseconds after 1970-01-01T00:00 (the local time read as if it were UTC).
    init(wallMs ms: Int64) {
        let days = Self.floorDiv(ms, Self.msPerDay)
        var rest = Int(ms - days * Self.msPerDay)
        (year, month, day) = Self.civil(fromDays: days)
        millisecond = rest % 1000
        rest /= 1000
        second = rest % 60
        rest /= 60
        minute = rest % 60
        hour = rest / 60
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    /// Days from 1970-01-01 to this date.
    var days: Int64 { Self.days(year: year, month: month, day: day) }

    /// The wall time as milliseconds after 1970-01-01T00:00, read as if it were UTC.
    var wallMs: Int64 {
        days * Self.msPerDay + Int64(((hour * 60 + minute) * 60 + second) * 1000 + millisecond)
    }

    /// The day of the week, 0 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int { Int((days + 4) - Self.floorDiv(days + 4, 7) * 7) }

    /// The day of the year, 1–366.
    var dayOfYear: Int { Int(days - Self.days(year: year, month: 1, day: 1)) + 1 }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInYear(_ year: Int) -> Int { isLeapYear(year) ? 366 : 365 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Instants as JavaScript holds them: whole milliseconds since 1970-01-01T00:00:00Z, and the
/// mapping between instants and wall times in a time zone.
enum ZonedTime {
    /// JavaScript's `Date` range: ±8.64e15 ms around 1970 (±100 000 000 days).
    static let maxMs: Int64 = 8_640_000_000_000_000

    /// The instant to the nearest millisecond (JavaScript dates have no finer resolution).
    static func ms(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return Int64(Swift.max(Swift.min(value, 9.2e18), -9.2e18))
    }

    static func date(_ ms: Int64) -> Date {
        Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    /// The zone's offset from UTC at an instant, in ms.
    static func offset(_ ms: Int64, _ timeZone: IANATimeZone) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: date(ms))) * 1000
    }

    /// The wall time in `timeZone` at the instant `ms`.
    static func local(_ ms: Int64, _ timeZone: IANATimeZone) -> LocalDateTime {
        LocalDateTime(wallMs: ms + offset(ms, timeZone))
    }

    /// The instants whose wall time in `timeZone` is `wallMs`, earliest first: one normally, two in
    /// a fall-back overlap, none in a spring-forward gap. `gap` is the instant the TC39 Temporal
    /// "compatible" rule gives in a gap: the wall time read with the offset from before the gap,
    /// which lands as far after the gap as the wall time was into it.
    /// The candidate offsets are those a day before and a day after, as the Temporal polyfill does.
    static func instants(wallMs: Int64, _ timeZone: IANATimeZone) -> (candidates: [Int64], gap: Int64) {
        let before = offset(wallMs - LocalDateTime.msPerDay, timeZone)
        let after = offset(wallMs + LocalDateTime.msPerDay, timeZone)
        var candidates: [Int64] = []
        for candidateOffset in before == after ? [before] : [before, after] {
            let instant = wallMs - candidateOffset
            if offset(instant, timeZone) == candidateOffset { candidates.append(instant) }
        }
        return (candidates.sorted(), wallMs - before)
    }

    /// The instant of a wall time by the TC39 Temporal "compatible" rule (what moment-timezone
    /// does when it parses a local time): the earlier of two in an overlap, forward by the gap's
    /// length in a gap (02:30 on a spring-forward night in Paris is 03:30 CEST).
    static func compatibleInstant(wallMs: Int64, _ timeZone: IANATimeZone) -> Int64 {
        let (candidates, gap) = instants(wallMs: wallMs, timeZone)
        return candidates.first ?? gap
    }

    /// The next instant after `ms` at which the zone's offset changes, if any.
    static func nextTransition(after ms: Int64, _ timeZone: IANATimeZone) -> Int64? {
        timeZone.nextDaylightSavingTimeTransition(after: date(ms)).map(Self.ms)
    }
}
