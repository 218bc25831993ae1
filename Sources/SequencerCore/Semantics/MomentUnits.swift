/// The units `moment#add` adds (moment 2.29), as a `WaitForDuration` step names them in `unit`.
public enum MomentDurationUnit: String, CaseIterable, Sendable {
    /// Calendar years: 12 months, with month-end clamping (Feb 29 + 1 year = Feb 28).
    case years
    /// Calendar quarters: 3 months.
    case quarters
    /// Calendar months, with month-end clamping (Jan 31 + 1 month = Feb 28 or 29).
    case months
    /// Weeks: 7 calendar days.
    case weeks
    /// Calendar days: the same local time of day, so 23 or 25 hours across a DST change.
    case days
    /// Exact hours (3 600 000 ms).
    case hours
    /// Exact minutes (60 000 ms).
    case minutes
    /// Exact seconds (1 000 ms).
    case seconds
    /// Exact milliseconds.
    case milliseconds

    /// The unit a name stands for in `moment#add(amount, name)`, by moment's `normalizeUnits`.
    ///
    /// A name is looked up as written, then lower-cased. Short aliases are case-sensitive where
    /// moment registers both cases: `M` month vs `m` minute, `d` day vs `D` (day of month),
    /// `ms`, `s`, `h`, `w`, `W` (ISO week, which `add` treats as a week), `Q`, `y`; an unregistered
    /// upper-case letter falls back to its lower case (`Y` → year, `H` → hour, `S` → second).
    /// Long names in any case, singular or plural: `years`, `Month`, `isoWeeks`, `DAYS`.
    /// Names `add` silently ignores give `nil`: units that are not durations (`D`, `date`,
    /// `weekday`, `e`, `E`, `DDD`, `dayOfYear`, `gg`, `GG`) and unknown ones (`fortnight`, `mo`, `q`).
    /// - Parameter name: the unit as written.
    public init?(name: String) {
        switch MomentUnitAliases.normalize(name) {
        case "year": self = .years
        case "quarter": self = .quarters
        case "month": self = .months
        case "week", "isoWeek": self = .weeks
        case "day": self = .days
        case "hour": self = .hours
        case "minute": self = .minutes
        case "second": self = .seconds
        case "millisecond": self = .milliseconds
        default: return nil
        }
    }
}

/// The getters a `WaitForDateComparison` step may name as `attribute` (moment 2.29's `moment#get`),
/// read in a time zone with moment's default `en` locale.
public enum MomentGetter: String, CaseIterable, Sendable {
    /// The calendar year, e.g. 2026 (proleptic Gregorian, astronomical numbering: 1 BC is 0).
    case year
    /// The quarter, 1–4.
    case quarter
    /// The month, 0 (January) – 11 (December).
    case month
    /// The locale week of the week year, 1–53; `en`: weeks start on Sunday and week 1 holds 1 January.
    case week
    /// The ISO 8601 week, 1–53: weeks start on Monday and week 1 holds the year's first Thursday.
    case isoWeek
    /// The ISO day of the week, 1 (Monday) – 7 (Sunday).
    case isoWeekday
    /// The day of the week, 0 (Sunday) – 6 (Saturday).
    case day
    /// The locale day of the week, 0–6 from the locale's first day; `en` starts on Sunday, so it equals ``day``.
    case weekday
    /// The day of the month, 1–31.
    case date
    /// The day of the year, 1–366.
    case dayOfYear
    /// The hour, 0–23.
    case hour
    /// The minute, 0–59.
    case minute
    /// The second, 0–59.
    case second
    /// The millisecond, 0–999.
    case millisecond
    /// The year the locale ``week`` belongs to (`en`: the last days of December may be in next year's week 1).
    case weekYear
    /// The year the ``isoWeek`` belongs to (1 January may be in the previous year's week 52 or 53).
    case isoWeekYear

    /// The getter a name stands for in `moment#get(name)`, by moment's `normalizeUnits`.
    ///
    /// Case-sensitive short aliases: `y`, `Q`, `M`, `w`, `W`, `d`, `e`, `E`, `D`, `DDD`, `h`, `m`,
    /// `s`, `ms`, `gg`, `GG`; an unregistered upper-case alias falls back to lower case (`Y`, `H`,
    /// `S`, `MS`); long names in any case, singular or plural (`Month`, `days`, `dayOfYear`,
    /// `isoweekyears`). Anything else (`DD`, `q`, `weeksInYear`) gives `nil`, which `moment#get`
    /// answers with the moment itself, equal to no value.
    /// - Parameter name: the getter as written.
    public init?(name: String) {
        guard let unit = MomentUnitAliases.normalize(name) else { return nil }
        self.init(rawValue: unit)
    }
}

/// moment 2.29's `normalizeUnits`: the alias table its `addUnitAlias` calls build.
enum MomentUnitAliases {
    /// moment's units with their short aliases, in registration order.
    private static let units: [(unit: String, shorthand: String)] = [
        ("month", "M"), ("year", "y"), ("week", "w"), ("isoWeek", "W"), ("day", "d"), ("weekday", "e"),
        ("isoWeekday", "E"), ("hour", "h"), ("weekYear", "gg"), ("isoWeekYear", "GG"), ("quarter", "Q"),
        ("date", "D"), ("dayOfYear", "DDD"), ("minute", "m"), ("second", "s"), ("millisecond", "ms"),
    ]

    /// `aliases[lowercased] = aliases[lowercased + "s"] = aliases[shorthand] = unit`, for every unit.
    private static let aliases: [String: String] = {
        var table: [String: String] = [:]
        for (unit, shorthand) in units {
            let lower = unit.lowercased()
            table[lower] = unit
            table[lower + "s"] = unit
            table[shorthand] = unit
        }
        return table
    }()

    /// `aliases[name] || aliases[name.toLowerCase()]`: moment's unit name, e.g. `"isoWeek"`, or `nil`.
    static func normalize(_ name: String) -> String? {
        aliases[name] ?? aliases[name.lowercased()]
    }
}
