/// A POSIX `TZ` rule as a TZif footer holds it (RFC 8536 §3.3, POSIX.1-2017 §8.3, with RFC 8536's
/// extensions: rule times from −167 to 167 hours): `CET-1CEST,M3.5.0,M10.5.0/3`,
/// `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`, `<-03>3`. It gives the offsets after a zone's last
/// listed transition, for every later year. Seconds east of UTC.
struct PosixTimeZoneRule: Sendable {
    /// A rule's day of the year.
    enum Day: Sendable {
        /// `Jn`: day 1–365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0–365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1–5, 5 = the last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// The standard offset, seconds east of UTC.
    var standard: Int32
    /// The daylight-saving offset and the local times it starts (standard time) and ends (DST).
    var daylight: (offset: Int32, start: (day: Day, time: Int64), end: (day: Day, time: Int64))?

    /// Parses a footer; `nil` when it is not a rule this reader understands.
    init?(_ text: String) {
        var scanner = RuleScanner(bytes: Array(text.utf8))
        guard scanner.name(), let standardWest = scanner.offset(maxHours: 24) else { return nil }
        standard = Int32(-standardWest)
        if scanner.atEnd { return }
        guard scanner.name() else { return nil }
        var daylightOffset = standard + 3600
        if let west = scanner.offset(maxHours: 24) { daylightOffset = Int32(-west) }
        guard scanner.take(","), let start = scanner.ruleDate(), scanner.take(","), let end = scanner.ruleDate(),
              scanner.atEnd else { return nil }
        daylight = (daylightOffset, start, end)
    }

    /// The offset at `instant` (seconds since 1970 UTC).
    func offset(at instant: Int64) -> Int32 {
        guard daylight != nil else { return standard }
        let year = Self.year(of: instant)
        var current = standard
        for change in changes(years: (year - 1)...(year + 1)) where change.instant <= instant {
            current = change.offset
        }
        return current
    }

    /// The first instant after `instant` at which the offset changes, if any.
    func nextTransition(after instant: Int64) -> Int64? {
        guard let daylight, daylight.offset != standard else { return nil }
        let year = Self.year(of: instant)
        return changes(years: (year - 1)...(year + 2)).first { $0.instant > instant }?.instant
    }

    /// The changes of the years, in order: each instant and the offset from it on.
    private func changes(years: ClosedRange<Int>) -> [(instant: Int64, offset: Int32)] {
        guard let daylight else { return [] }
        var result: [(instant: Int64, offset: Int32)] = []
        for year in years {
            let start = Self.localSeconds(daylight.start.day, year: year) + daylight.start.time - Int64(standard)
            let end = Self.localSeconds(daylight.end.day, year: year) + daylight.end.time - Int64(daylight.offset)
            result.append((end, standard))
            result.append((start, daylight.offset))
        }
        // Stable: at one instant the end comes before the start (a year-round daylight rule).
        return result.enumerated().sorted { ($0.element.instant, $0.offset) < ($1.element.instant, $1.offset) }.map(\.element)
    }

    /// The UTC year of an instant.
    static func year(of instant: Int64) -> Int {
        LocalDateTime.civil(fromDays: LocalDateTime.floorDiv(instant, 86_400)).year
    }

    /// Midnight starting the rule's day in `year`, as wall-clock seconds since 1970.
    static func localSeconds(_ day: Day, year: Int) -> Int64 {
        let january1 = LocalDateTime.days(year: year, month: 1, day: 1)
        let days: Int64
        switch day {
        case .julian(let n):
            days = january1 + Int64(n - 1) + (LocalDateTime.isLeapYear(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            days = january1 + Int64(n)
        case .monthWeekDay(let month, let week, let weekday):
            let first = LocalDateTime.days(year: year, month: month, day: 1)
            let firstWeekday = Int((first + 4) - LocalDateTime.floorDiv(first + 4, 7) * 7)
            var day = 1 + (weekday - firstWeekday + 7) % 7 + 7 * (week - 1)
            while day > LocalDateTime.daysInMonth(year: year, month: month) { day -= 7 }
            days = first + Int64(day - 1)
        }
        return days * 86_400
    }
}

/// Reads the parts of a POSIX `TZ` string.
private struct RuleScanner {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func take(_ character: Character) -> Bool {
        guard position < bytes.count, bytes[position] == character.asciiValue else { return false }
        position += 1
        return true
    }

    /// A zone abbreviation: three or more letters, or `<…>` quoted.
    mutating func name() -> Bool {
        if take("<") {
            guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else { return false }
            position = close + 1
            return true
        }
        let start = position
        while position < bytes.count, (bytes[position] | 0x20) >= UInt8(ascii: "a"), (bytes[position] | 0x20) <= UInt8(ascii: "z") {
            position += 1
        }
        return position - start >= 3
    }

    /// `[+|-]hh[:mm[:ss]]` in seconds, or `nil` when there is none.
    mutating func offset(maxHours: Int) -> Int64? {
        let start = position
        var sign: Int64 = 1
        if take("-") { sign = -1 } else { _ = take("+") }
        guard let hours = number(), hours <= maxHours else {
            position = start
            return nil
        }
        var seconds = Int64(hours) * 3600
        if take(":") {
            guard let minutes = number() else { return nil }
            seconds += Int64(minutes) * 60
            if take(":") {
                guard let extra = number() else { return nil }
                seconds += Int64(extra)
            }
        }
        return sign * seconds
    }

    /// `date[/time]`, the time 02:00 by default.
    mutating func ruleDate() -> (day: PosixTimeZoneRule.Day, time: Int64)? {
        let day: PosixTimeZoneRule.Day
        if take("J") {
            guard let n = number(), (1...365).contains(n) else { return nil }
            day = .julian(n)
        } else if take("M") {
            guard let month = number(), take("."), let week = number(), take("."), let weekday = number(),
                  (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday) else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else {
            guard let n = number(), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        guard take("/") else { return (day, 7200) }
        guard let time = offset(maxHours: 167) else { return nil }
        return (day, time)
    }

    private mutating func number() -> Int? {
        var value = 0
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9"), position - start < 6 {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        return position > start ? value : nil
    }
}
