#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// moment.js 2.29 / moment-timezone 0.5 date semantics for the built-in wait steps, without I/O:
/// `add` (``add(_:_:to:in:)``), getters (``get(_:of:in:)``), ISO 8601 parsing and formatting.
///
/// Instants are JavaScript's: whole milliseconds since 1970-01-01T00:00:00Z (a `Date` is taken
/// to the nearest millisecond). Calendar fields are proleptic Gregorian, as JavaScript's `Date`
/// (no Julian calendar before 1582). Local times come from the `IANATimeZone` (IANA database).
/// A `Date` (a `Double` of seconds) holds every millisecond only within 2^41 s, about ±69 700
/// years, of 1970; beyond that, up to JavaScript's ±273 790 years, answers are off by a
/// millisecond where the `Date` cannot hold the exact one.
public enum Moment {
    /// `moment.tz(date, zone).add(amount, unit)`: the instant `amount` units after `date`.
    ///
    /// As moment 2.29's `add` (its `Duration` and `addSubtract`):
    /// - hours, minutes, seconds, milliseconds are exact: `amount × 3 600 000` (`× 60 000`, `× 1 000`)
    ///   ms are added and the result truncated toward zero to a whole millisecond, so fractions count
    ///   (`1.5` hours is 90 minutes, `0.0004` seconds adds nothing);
    /// - days and weeks are rounded to whole days (`Math.round` away from zero: 1.5 days → 2,
    ///   0.5 weeks = 3.5 days → 4, −1.5 days → −2) and added to the local date, keeping the local
    ///   time of day, so a day across a DST change lasts 23 or 25 hours;
    /// - months, quarters (× 3) and years (× 12) are rounded to whole months the same way
    ///   (1.5 months → 2, 0.1 years = 1.2 months → 1) and added to the local month; the day of month
    ///   is clamped to the new month's length (Jan 31 + 1 month = Feb 28 or 29; Feb 29 + 1 year = Feb 28).
    ///
    /// A local time that falls in a DST gap or overlap is resolved by the TC39 Temporal "compatible"
    /// rule: forward by the gap's length in a gap, the earlier instant in an overlap. (moment-timezone
    /// 0.5 instead keeps the start's UTC offset when it is valid at the result, which in a gap gives
    /// an instant before the gap that it prints as the missing wall time, e.g. 02:30+02:00 on a Paris
    /// spring-forward night; see the tests for the cases where the two differ.)
    /// - Parameters:
    ///   - amount: how many units; NaN adds nothing, as in moment.
    ///   - unit: the unit.
    ///   - date: the start.
    ///   - timeZone: the zone whose local calendar days and months count.
    /// - Returns: the result; `Date.distantFuture` when it falls outside JavaScript's date range
    ///   (±8.64e15 ms), `amount` is infinite or `date` itself is outside that range, where moment
    ///   gives an invalid date that no comparison ever reaches. (Calendar arithmetic on a date far
    ///   outside the range overflowed `Int64` milliseconds and trapped; found by `scripts/fuzz moment`.)
    public static func add(_ amount: Double, _ unit: MomentDurationUnit, to date: Date, in timeZone: IANATimeZone) -> Date {
        let start = ZonedTime.ms(date)
        guard abs(start) <= ZonedTime.maxMs else { return .distantFuture }
        if amount.isNaN { return date }
        guard amount.isFinite else { return .distantFuture }
        switch unit {
        case .hours, .minutes, .seconds, .milliseconds:
            let delta: Double
            switch unit {
            case .hours: delta = amount * 1000 * 60 * 60  // moment multiplies in this order
            case .minutes: delta = amount * 6e4
            case .seconds: delta = amount * 1e3
            default: delta = amount
            }
            if delta == 0 { return date }
            return checked((Double(start) + delta).rounded(.towardZero))
        case .days, .weeks:
            let days = absRound(unit == .days ? amount : amount * 7)
            if days == 0 { return date }
            guard abs(days) <= 2e8 else { return .distantFuture }
            let local = ZonedTime.local(start, timeZone)
            let wall = local.wallMs + Int64(days) * LocalDateTime.msPerDay
            return checked(Double(ZonedTime.compatibleInstant(wallMs: wall, timeZone)))
        case .months, .quarters, .years:
            let months = absRound(unit == .months ? amount : amount * (unit == .quarters ? 3 : 12))
            if months == 0 { return date }
            guard abs(months) <= 1e7 else { return .distantFuture }
            var local = ZonedTime.local(start, timeZone)
            let monthIndex = Int64(local.year) * 12 + Int64(local.month - 1) + Int64(months)
            let year = LocalDateTime.floorDiv(monthIndex, 12)
            local.year = Int(year)
            local.month = Int(monthIndex - year * 12) + 1
            local.day = min(local.day, LocalDateTime.daysInMonth(year: local.year, month: local.month))
            return checked(Double(ZonedTime.compatibleInstant(wallMs: local.wallMs, timeZone)))
        }
    }

    /// moment's `absRound`: `Math.round` of the magnitude, keeping the sign (half away from zero).
    static func absRound(_ value: Double) -> Double {
        value < 0 ? -(-value).rounded(.toNearestOrAwayFromZero) : value.rounded(.toNearestOrAwayFromZero)
    }

    /// The instant for a millisecond count, or `distantFuture` outside JavaScript's date range.
    private static func checked(_ ms: Double) -> Date {
        guard abs(ms) <= Double(ZonedTime.maxMs) else { return .distantFuture }
        return ZonedTime.date(Int64(ms))
    }
}
