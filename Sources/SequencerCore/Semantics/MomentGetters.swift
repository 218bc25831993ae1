#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Moment {
    /// `moment.tz(date, zone).get(getter)`: a calendar field of `date` in `timeZone`, moment 2.29
    /// with its default `en` locale (see ``MomentGetter`` for each field's range).
    /// - Parameters:
    ///   - getter: the field.
    ///   - date: the instant.
    ///   - timeZone: the zone whose wall clock is read.
    /// - Returns: the field's value, e.g. 0–11 for ``MomentGetter/month``.
    public static func get(_ getter: MomentGetter, of date: Date, in timeZone: IANATimeZone) -> Int {
        value(getter, ZonedTime.local(ZonedTime.ms(date), timeZone))
    }

    /// The first instant after `date` at which `getter`'s value may differ from its value at `date`:
    /// the next local boundary of the field's period (millisecond, second, minute, hour, midnight,
    /// start of the week — Sunday for ``MomentGetter/week`` and ``MomentGetter/weekYear``, Monday for
    /// the ISO ones —, first of the month, quarter or year), or, if it comes first, a UTC offset
    /// change of `timeZone` at which the wall clock jumps into another period (Lord Howe's fall-back
    /// from 01:59 to 01:30 changes the minute, not the hour). A boundary that falls in a DST gap is
    /// the end of the gap; one that falls in an overlap is its first occurrence after `date`.
    /// Scanning with it visits every value the field takes.
    /// - Parameters:
    ///   - getter: the field.
    ///   - date: the instant to start from.
    ///   - timeZone: the zone whose wall clock is read.
    ///
    /// Far from 1970 (beyond about ±70 000 years) a `Date`, a `Double` of seconds, no longer holds
    /// every millisecond, and the boundary may round to `date` itself or before it; the answer is
    /// then the next instant after `date` that a `Date` can hold, so that it is always later.
    /// - Returns: an instant later than `date` (by at least 1 ms where a `Date` holds milliseconds).
    public static func nextChange(of getter: MomentGetter, after date: Date, in timeZone: IANATimeZone) -> Date {
        let next = ZonedTime.date(nextChange(getter, after: ZonedTime.ms(date), timeZone))
        return next > date ? next : Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.nextUp)
    }

    /// The first instant from `date` on, before `limit`, at which `getter`'s value is one of
    /// `values`: what a `WaitForDateComparison` step waits for (`"attribute": "hour", "values": [9]`
    /// first holds at the next 09:00 local time).
    /// - Parameters:
    ///   - getter: the field.
    ///   - values: the accepted values, in the field's own numbering (month 0–11, day 0 = Sunday).
    ///   - date: the instant to start from.
    ///   - timeZone: the zone whose wall clock is read.
    ///   - limit: the end of the search, excluded.
    /// - Returns: `date` itself when its value is already in `values`; else the start of the first
    ///   period whose value is; `nil` when there is none before `limit` (at once when no value is
    ///   within the field's range).
    public static func nextInstant(
        where getter: MomentGetter, isIn values: Set<Int>, onOrAfter date: Date, in timeZone: IANATimeZone, limit: Date
    ) -> Date? {
        let limitMs = ZonedTime.ms(limit)
        var t = ZonedTime.ms(date)
        guard t < limitMs, values.contains(where: getter.possibleValues.contains) else { return nil }
        if values.contains(value(getter, ZonedTime.local(t, timeZone))) { return date }
        while true {
            t = nextChange(getter, after: t, timeZone)
            guard t < limitMs else { return nil }
            if values.contains(value(getter, ZonedTime.local(t, timeZone))) { return ZonedTime.date(t) }
        }
    }

    // MARK: - Internals

    static func value(_ getter: MomentGetter, _ local: LocalDateTime) -> Int {
        switch getter {
        case .year: return local.year
        case .quarter: return (local.month - 1) / 3 + 1
        case .month: return local.month - 1
        case .week: return weekOfYear(local, firstWeekday: 0, firstWeekDay: 6).week
        case .weekYear: return weekOfYear(local, firstWeekday: 0, firstWeekDay: 6).year
        case .isoWeek: return weekOfYear(local, firstWeekday: 1, firstWeekDay: 4).week
        case .isoWeekYear: return weekOfYear(local, firstWeekday: 1, firstWeekDay: 4).year
        case .isoWeekday: return local.weekday == 0 ? 7 : local.weekday
        case .day, .weekday: return local.weekday
        case .date: return local.day
        case .dayOfYear: return local.dayOfYear
        case .hour: return local.hour
        case .minute: return local.minute
        case .second: return local.second
        case .millisecond: return local.millisecond
        }
    }

    /// moment's `firstWeekOffset(year, dow, doy)`: where week 1 starts relative to 1 January, in days
    /// (`dow`: the first day of the week, 0 = Sunday; `doy`: `7 + dow − doy` is the day of January
    /// that is always in week 1 — `en`: dow 0, doy 6; ISO: dow 1, doy 4).
    static func firstWeekOffset(_ year: Int, firstWeekday dow: Int, firstWeekDay doy: Int) -> Int {
        let fwd = 7 + dow - doy
        let fwdWeekday = LocalDateTime(year: year, month: 1, day: fwd).weekday
        return -((7 + fwdWeekday - dow) % 7) + fwd - 1
    }

    /// moment's `weeksInYear(year, dow, doy)`.
    static func weeksInYear(_ year: Int, firstWeekday dow: Int, firstWeekDay doy: Int) -> Int {
        let offset = firstWeekOffset(year, firstWeekday: dow, firstWeekDay: doy)
        let nextOffset = firstWeekOffset(year + 1, firstWeekday: dow, firstWeekDay: doy)
        return (LocalDateTime.daysInYear(year) - offset + nextOffset) / 7
    }

    /// moment's `weekOfYear(mom, dow, doy)`: the week number and the year it belongs to.
    static func weekOfYear(_ local: LocalDateTime, firstWeekday dow: Int, firstWeekDay doy: Int) -> (week: Int, year: Int) {
        let offset = firstWeekOffset(local.year, firstWeekday: dow, firstWeekDay: doy)
        let week = Int(LocalDateTime.floorDiv(Int64(local.dayOfYear - offset - 1), 7)) + 1
        if week < 1 {
            return (week + weeksInYear(local.year - 1, firstWeekday: dow, firstWeekDay: doy), local.year - 1)
        }
        let weeks = weeksInYear(local.year, firstWeekday: dow, firstWeekDay: doy)
        return week > weeks ? (week - weeks, local.year + 1) : (week, local.year)
    }

    /// The wall times (ms, read as UTC) at which the getter's period holding `local` starts and
    /// the next one starts.
    static func period(_ getter: MomentGetter, _ local: LocalDateTime) -> (start: Int64, next: Int64) {
        let wall = local.wallMs
        let startOfDay = LocalDateTime(year: local.year, month: local.month, day: local.day).wallMs
        let day = LocalDateTime.msPerDay
        func span(_ start: Int64, _ length: Int64) -> (Int64, Int64) { (start, start + length) }
        switch getter {
        case .millisecond: return span(wall, 1)
        case .second: return span(wall - Int64(local.millisecond), 1000)
        case .minute: return span(wall - Int64(local.second * 1000 + local.millisecond), 60_000)
        case .hour: return span(startOfDay + Int64(local.hour) * 3_600_000, 3_600_000)
        case .day, .weekday, .isoWeekday, .date, .dayOfYear: return span(startOfDay, day)
        case .week, .weekYear: return span(startOfDay - Int64(local.weekday) * day, 7 * day)
        case .isoWeek, .isoWeekYear: return span(startOfDay - Int64((local.weekday + 6) % 7) * day, 7 * day)
        case .month, .quarter, .year:
            let length = getter == .month ? 1 : getter == .quarter ? 3 : 12
            let first = (local.month - 1) / length * length
            let start = LocalDateTime(year: local.year, month: first + 1, day: 1).wallMs
            let next = first + length
            return (start, LocalDateTime(year: local.year + next / 12, month: next % 12 + 1, day: 1).wallMs)
        }
    }

    static func nextChange(_ getter: MomentGetter, after t: Int64, _ timeZone: IANATimeZone) -> Int64 {
        if getter == .millisecond { return t + 1 }
        let boundary = period(getter, ZonedTime.local(t, timeZone)).next
        let (candidates, gap) = ZonedTime.instants(wallMs: boundary, timeZone)
        let next = candidates.first(where: { $0 > t }) ?? (gap > t ? gap : t + 1)
        // An offset change before it matters when the wall clock jumps into another period there.
        var cursor = t
        while let transition = ZonedTime.nextTransition(after: cursor, timeZone), transition > cursor, transition < next {
            let before = period(getter, ZonedTime.local(transition - 1, timeZone)).start
            if period(getter, ZonedTime.local(transition, timeZone)).start != before { return transition }
            cursor = transition
        }
        return next
    }
}

extension MomentGetter {
    /// The values the field can take; years are unbounded.
    var possibleValues: ClosedRange<Int> {
        switch self {
        case .year, .weekYear, .isoWeekYear: return Int.min...Int.max
        case .quarter: return 1...4
        case .month: return 0...11
        case .week, .isoWeek: return 1...53
        case .isoWeekday: return 1...7
        case .day, .weekday: return 0...6
        case .date: return 1...31
        case .dayOfYear: return 1...366
        case .hour: return 0...23
        case .minute, .second: return 0...59
        case .millisecond: return 0...999
        }
    }
}
