import Foundation
import Testing
@testable import SequencerCore

// Expected values come from moment 2.29.4 and moment-timezone 0.5.40 (Debian node-moment,
// node-moment-timezone) run under Node.js 20: `moment.tz(start, zone).add(amount, unit)`,
// `moment.normalizeUnits(name)`, `m.get(name)`, `moment.tz(text, moment.ISO_8601, zone)` and
// `toISOString()`. Instants are milliseconds since 1970-01-01T00:00:00Z; comments show them local.
//
// `add` resolves a local time in a DST gap or overlap by the Temporal "compatible" rule, where
// moment-timezone keeps the start's UTC offset when it is valid at the result. In the rows where
// the two differ the expected value is moment-timezone's own reading of the same wall time
// (`moment.tz("2026-03-29T02:30", zone)`), and the comment gives what `add` itself returns.

private func instant(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
private func zone(_ identifier: String) -> IANATimeZone { IANATimeZone(identifier: identifier)! }
private func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

struct MomentAddCase: Sendable, CustomTestStringConvertible {
    var label: String, start: Int64, zone: String, amount: Double, unit: String, expected: Int64
    init(_ label: String, _ start: Int64, _ zone: String, _ amount: Double, _ unit: String, _ expected: Int64) {
        (self.label, self.start, self.zone, self.amount, self.unit, self.expected) = (label, start, zone, amount, unit, expected)
    }
    var testDescription: String { "\(label) + \(amount) \(unit) in \(zone)" }
}

struct MomentAliasCase: Sendable, CustomTestStringConvertible {
    /// The name, moment's `normalizeUnits(name)`, `add(2, name)` of the base instant, `get(name)` of it.
    var name: String, normalized: String?, added: Int64, got: Int?
    init(_ name: String, _ normalized: String?, _ added: Int64, _ got: Int?) {
        (self.name, self.normalized, self.added, self.got) = (name, normalized, added, got)
    }
    var testDescription: String { "\"\(name)\"" }
}

struct MomentGetterCase: Sendable, CustomTestStringConvertible {
    var instant: Int64, zone: String, getter: MomentGetter, expected: Int
    init(_ instant: Int64, _ zone: String, _ getter: MomentGetter, _ expected: Int) {
        (self.instant, self.zone, self.getter, self.expected) = (instant, zone, getter, expected)
    }
    var testDescription: String { "\(getter) of \(instant) in \(zone)" }
}

struct MomentNextInstantCase: Sendable, CustomTestStringConvertible {
    var start: Int64, zone: String, getter: MomentGetter, values: Set<Int>, limit: Int64, expected: Int64?
    init(_ start: Int64, _ zone: String, _ getter: MomentGetter, _ values: Set<Int>, _ limit: Int64, _ expected: Int64?) {
        (self.start, self.zone, self.getter, self.values, self.limit, self.expected) = (start, zone, getter, values, limit, expected)
    }
    var testDescription: String { "\(getter) in \(values.sorted()) from \(start) in \(zone)" }
}

struct MomentNextChangeCase: Sendable, CustomTestStringConvertible {
    var start: Int64, zone: String, getter: MomentGetter, expected: Int64
    init(_ start: Int64, _ zone: String, _ getter: MomentGetter, _ expected: Int64) {
        (self.start, self.zone, self.getter, self.expected) = (start, zone, getter, expected)
    }
    var testDescription: String { "next \(getter) change after \(start) in \(zone)" }
}

struct MomentParseCase: Sendable, CustomTestStringConvertible {
    var text: String, zone: String, expected: Int64?
    init(_ text: String, _ zone: String, _ expected: Int64?) { (self.text, self.zone, self.expected) = (text, zone, expected) }
    var testDescription: String { "\"\(text)\" in \(zone)" }
}

struct MomentTests {
    static let addCases: [MomentAddCase] = [
        .init("2026-03-28T02:30:00+01:00", 1774661400000, "Europe/Paris", 1, "day", 1774747800000),  // 2026-03-29T03:30:00.000+02:00 // moment-timezone: 2026-03-29T00:30:00.000Z (2026-03-29T02:30:00+02:00)
        .init("2026-03-28T12:00:00+01:00", 1774695600000, "Europe/Paris", 1, "day", 1774778400000),  // 2026-03-29T12:00:00.000+02:00
        .init("2026-03-28T12:00:00+01:00", 1774695600000, "Europe/Paris", 24, "hours", 1774782000000),  // 2026-03-29T13:00:00.000+02:00
        .init("2026-03-28T02:30:00+01:00", 1774661400000, "Europe/Paris", 24, "h", 1774747800000),  // 2026-03-29T03:30:00.000+02:00
        .init("2026-10-24T02:30:00+02:00", 1792801800000, "Europe/Paris", 1, "d", 1792888200000),  // 2026-10-25T02:30:00.000+02:00
        .init("2026-10-26T02:30:00+01:00", 1792978200000, "Europe/Paris", -1, "d", 1792888200000),  // 2026-10-25T02:30:00.000+02:00 // moment-timezone: 2026-10-25T01:30:00.000Z (2026-10-25T02:30:00+01:00)
        .init("2026-10-24T12:00:00+02:00", 1792836000000, "Europe/Paris", 1, "days", 1792926000000),  // 2026-10-25T12:00:00.000+01:00
        .init("2026-10-24T12:00:00+02:00", 1792836000000, "Europe/Paris", 1, "w", 1793444400000),  // 2026-10-31T12:00:00.000+01:00
        .init("2026-01-29T02:30:00+01:00", 1769650200000, "Europe/Paris", 2, "months", 1774747800000),  // 2026-03-29T03:30:00.000+02:00 // moment-timezone: 2026-03-29T00:30:00.000Z (2026-03-29T02:30:00+02:00)
        .init("2025-10-25T02:30:00+02:00", 1761352200000, "Europe/Paris", 1, "year", 1792888200000),  // 2026-10-25T02:30:00.000+02:00
        .init("2026-03-29T03:30:00+02:00", 1774747800000, "Europe/Paris", -1, "hour", 1774744200000),  // 2026-03-29T01:30:00.000+01:00
        .init("2026-03-29T01:59:59.999+01:00", 1774745999999, "Europe/Paris", 1, "ms", 1774746000000),  // 2026-03-29T03:00:00.000+02:00
        .init("2026-03-29T00:00:00+01:00", 1774738800000, "Europe/Paris", 1.5, "h", 1774744200000),  // 2026-03-29T01:30:00.000+01:00
        .init("2026-03-22T02:30:00+01:00", 1774143000000, "Europe/Paris", 1, "week", 1774747800000),  // 2026-03-29T03:30:00.000+02:00 // moment-timezone: 2026-03-29T00:30:00.000Z (2026-03-29T02:30:00+02:00)
        .init("2026-02-28T02:30:00+01:00", 1772242200000, "Europe/Paris", 1, "M", 1774661400000),  // 2026-03-28T02:30:00.000+01:00
        .init("2026-10-25T02:30:00+01:00", 1792891800000, "Europe/Paris", 1, "d", 1792978200000),  // 2026-10-26T02:30:00.000+01:00
        .init("2026-03-07T02:30:00-05:00", 1772868600000, "America/New_York", 1, "d", 1772955000000),  // 2026-03-08T03:30:00.000-04:00 // moment-timezone: 2026-03-08T06:30:00.000Z (2026-03-08T02:30:00-04:00)
        .init("2026-10-31T01:30:00-04:00", 1793424600000, "America/New_York", 1, "d", 1793511000000),  // 2026-11-01T01:30:00.000-04:00
        .init("2026-11-02T01:30:00-05:00", 1793601000000, "America/New_York", -1, "d", 1793511000000),  // 2026-11-01T01:30:00.000-04:00 // moment-timezone: 2026-11-01T06:30:00.000Z (2026-11-01T01:30:00-05:00)
        .init("2026-03-08T00:00:00-05:00", 1772946000000, "America/New_York", 3, "hours", 1772956800000),  // 2026-03-08T04:00:00.000-04:00
        .init("2026-01-31T10:00:00-05:00", 1769871600000, "America/New_York", 1, "M", 1772290800000),  // 2026-02-28T10:00:00.000-05:00
        .init("2024-01-31T10:00:00-05:00", 1706713200000, "America/New_York", 1, "month", 1709218800000),  // 2024-02-29T10:00:00.000-05:00
        .init("2024-02-29T10:00:00-05:00", 1709218800000, "America/New_York", 1, "y", 1740754800000),  // 2025-02-28T10:00:00.000-05:00
        .init("2024-02-29T10:00:00-05:00", 1709218800000, "America/New_York", 4, "years", 1835449200000),  // 2028-02-29T10:00:00.000-05:00
        .init("2024-02-29T10:00:00-05:00", 1709218800000, "America/New_York", -1, "y", 1677596400000),  // 2023-02-28T10:00:00.000-05:00
        .init("2024-02-29T10:00:00-05:00", 1709218800000, "America/New_York", 12, "M", 1740754800000),  // 2025-02-28T10:00:00.000-05:00
        .init("2026-03-31T10:00:00-04:00", 1774965600000, "America/New_York", -1, "M", 1772290800000),  // 2026-02-28T10:00:00.000-05:00
        .init("2026-03-31T10:00:00-04:00", 1774965600000, "America/New_York", 1, "Q", 1782828000000),  // 2026-06-30T10:00:00.000-04:00
        .init("2026-03-31T10:00:00-04:00", 1774965600000, "America/New_York", 0.5, "y", 1790776800000),  // 2026-09-30T10:00:00.000-04:00
        .init("2026-05-31T10:00:00-04:00", 1780236000000, "America/New_York", 1, "M", 1782828000000),  // 2026-06-30T10:00:00.000-04:00
        .init("2026-01-31T23:30:00-05:00", 1769920200000, "America/New_York", 1, "M", 1772339400000),  // 2026-02-28T23:30:00.000-05:00
        .init("2026-12-31T23:59:59.999-05:00", 1798779599999, "America/New_York", 1, "ms", 1798779600000),  // 2027-01-01T00:00:00.000-05:00
        .init("2026-10-03T02:10:00+10:30", 1790955600000, "Australia/Lord_Howe", 1, "d", 1791042000000),  // 2026-10-04T02:40:00.000+11:00 // moment-timezone: 2026-10-03T15:10:00.000Z (2026-10-04T02:10:00+11:00)
        .init("2026-04-04T01:45:00+11:00", 1775227500000, "Australia/Lord_Howe", 1, "d", 1775313900000),  // 2026-04-05T01:45:00.000+11:00
        .init("2026-04-06T01:45:00+10:30", 1775402100000, "Australia/Lord_Howe", -1, "d", 1775313900000),  // 2026-04-05T01:45:00.000+11:00 // moment-timezone: 2026-04-04T15:15:00.000Z (2026-04-05T01:45:00+10:30)
        .init("2026-10-03T12:00:00+10:30", 1790991000000, "Australia/Lord_Howe", 1, "d", 1791075600000),  // 2026-10-04T12:00:00.000+11:00
        .init("2026-10-03T12:00:00+10:30", 1790991000000, "Australia/Lord_Howe", 24, "h", 1791077400000),  // 2026-10-04T12:30:00.000+11:00
        .init("2026-04-04T12:00:00+11:00", 1775264400000, "Australia/Lord_Howe", 1, "d", 1775352600000),  // 2026-04-05T12:00:00.000+10:30
        .init("2026-09-04T02:15:00+10:30", 1788450300000, "Australia/Lord_Howe", 1, "M", 1791042300000),  // 2026-10-04T02:45:00.000+11:00 // moment-timezone: 2026-10-03T15:15:00.000Z (2026-10-04T02:15:00+11:00)
        .init("2026-04-04T01:45:00+11:00", 1775227500000, "Australia/Lord_Howe", 30, "m", 1775229300000),  // 2026-04-04T02:15:00.000+11:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 1.5, "d", 1767949200000),  // 2026-01-09T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.5, "d", 1767862800000),  // 2026-01-08T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.49, "d", 1767776400000),  // 2026-01-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", -1.5, "d", 1767603600000),  // 2026-01-05T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 2.5, "d", 1768035600000),  // 2026-01-10T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", -2.5, "d", 1767517200000),  // 2026-01-04T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.5, "w", 1768122000000),  // 2026-01-11T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 1.5, "M", 1772874000000),  // 2026-03-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.1, "y", 1770454800000),  // 2026-02-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.25, "Q", 1770454800000),  // 2026-02-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 1.5, "h", 1767781800000),  // 2026-01-07T10:30:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.1, "h", 1767776760000),  // 2026-01-07T09:06:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 2.5, "s", 1767776402500),  // 2026-01-07T09:00:02.500+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.0004, "s", 1767776400000),  // 2026-01-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 1.9, "ms", 1767776400001),  // 2026-01-07T09:00:00.001+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", -1.9, "ms", 1767776399998),  // 2026-01-07T08:59:59.998+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 1e-10, "d", 1767776400000),  // 2026-01-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0, "M", 1767776400000),  // 2026-01-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 0.3333333333333333, "minutes", 1767776420000),  // 2026-01-07T09:00:20.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", -0.5, "M", 1765098000000),  // 2025-12-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 1000, "y", 33324685200000),  // 3026-01-07T09:00:00.000+00:00
        .init("1969-12-31T23:59:59.999Z", -1, "UTC", 0.5, "ms", 0),  // 1970-01-01T00:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 21, "days", 1769590800000),  // 2026-01-28T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "UTC", 7, "quarters", 1822899600000),  // 2027-10-07T09:00:00.000+00:00
        .init("2026-01-07T09:00:00Z", 1767776400000, "Asia/Kolkata", 1, "M", 1770454800000),  // 2026-02-07T14:30:00.000+05:30
        .init("2026-01-07T09:00:00Z", 1767776400000, "Asia/Kathmandu", 2.5, "minutes", 1767776550000),  // 2026-01-07T14:47:30.000+05:45
    ]

    @Test("moment.tz(start, zone).add(amount, unit)", arguments: addCases)
    func add(_ row: MomentAddCase) throws {
        let unit = try #require(MomentDurationUnit(name: row.unit))
        let result = Moment.add(row.amount, unit, to: instant(row.start), in: zone(row.zone))
        #expect(milliseconds(result) == row.expected)
    }

    /// The base instant of the alias table, 2026-01-31T10:00:00Z (a Saturday).
    static let aliasBase: Int64 = 1769853600000

    static let aliasCases: [MomentAliasCase] = [
        .init("y", "year", 1832925600000, 2026),
        .init("Y", "year", 1832925600000, 2026),
        .init("year", "year", 1832925600000, 2026),
        .init("years", "year", 1832925600000, 2026),
        .init("YEARS", "year", 1832925600000, 2026),
        .init("Year", "year", 1832925600000, 2026),
        .init("Q", "quarter", 1785492000000, 1),
        .init("q", nil, 1769853600000, nil),
        .init("quarter", "quarter", 1785492000000, 1),
        .init("quarters", "quarter", 1785492000000, 1),
        .init("M", "month", 1774951200000, 0),
        .init("month", "month", 1774951200000, 0),
        .init("months", "month", 1774951200000, 0),
        .init("MONTHS", "month", 1774951200000, 0),
        .init("Month", "month", 1774951200000, 0),
        .init("w", "week", 1771063200000, 5),
        .init("W", "isoWeek", 1771063200000, 5),
        .init("week", "week", 1771063200000, 5),
        .init("weeks", "week", 1771063200000, 5),
        .init("isoWeek", "isoWeek", 1771063200000, 5),
        .init("isoweeks", "isoWeek", 1771063200000, 5),
        .init("ISOWEEK", "isoWeek", 1771063200000, 5),
        .init("d", "day", 1770026400000, 6),
        .init("D", "date", 1769853600000, 31),
        .init("day", "day", 1770026400000, 6),
        .init("days", "day", 1770026400000, 6),
        .init("DAYS", "day", 1770026400000, 6),
        .init("date", "date", 1769853600000, 31),
        .init("dates", "date", 1769853600000, 31),
        .init("e", "weekday", 1769853600000, 6),
        .init("E", "isoWeekday", 1769853600000, 6),
        .init("weekday", "weekday", 1769853600000, 6),
        .init("isoWeekday", "isoWeekday", 1769853600000, 6),
        .init("DDD", "dayOfYear", 1769853600000, 31),
        .init("ddd", nil, 1769853600000, nil),
        .init("dayOfYear", "dayOfYear", 1769853600000, 31),
        .init("h", "hour", 1769860800000, 10),
        .init("H", "hour", 1769860800000, 10),
        .init("hour", "hour", 1769860800000, 10),
        .init("hours", "hour", 1769860800000, 10),
        .init("Hours", "hour", 1769860800000, 10),
        .init("m", "minute", 1769853720000, 0),
        .init("minute", "minute", 1769853720000, 0),
        .init("minutes", "minute", 1769853720000, 0),
        .init("MINUTE", "minute", 1769853720000, 0),
        .init("s", "second", 1769853602000, 0),
        .init("S", "second", 1769853602000, 0),
        .init("second", "second", 1769853602000, 0),
        .init("seconds", "second", 1769853602000, 0),
        .init("ms", "millisecond", 1769853600002, 0),
        .init("MS", "millisecond", 1769853600002, 0),
        .init("Ms", "millisecond", 1769853600002, 0),
        .init("millisecond", "millisecond", 1769853600002, 0),
        .init("milliseconds", "millisecond", 1769853600002, 0),
        .init("fortnight", nil, 1769853600000, nil),
        .init("mo", nil, 1769853600000, nil),
        .init("", nil, 1769853600000, nil),
        .init("yr", nil, 1769853600000, nil),
        .init("gg", "weekYear", 1769853600000, 2026),
        .init("GG", "isoWeekYear", 1769853600000, 2026),
        .init("Gg", "weekYear", 1769853600000, 2026),
        .init("weekYear", "weekYear", 1769853600000, 2026),
        .init("isoWeekYear", "isoWeekYear", 1769853600000, 2026),
        .init("constructor", nil, 1769853600000, nil),
        .init("toString", nil, 1769853600000, nil),
        .init("__proto__", nil, 1769853600000, nil),
        .init("days ", nil, 1769853600000, nil),
        .init("hasOwnProperty", nil, 1769853600000, nil),
        .init("mm", nil, 1769853600000, nil),
        .init("MM", nil, 1769853600000, nil),
        .init("hh", nil, 1769853600000, nil),
        .init("HH", nil, 1769853600000, nil),
        .init("dd", nil, 1769853600000, nil),
        .init("DD", nil, 1769853600000, nil),
        .init("ss", nil, 1769853600000, nil),
        .init("WW", nil, 1769853600000, nil),
        .init("ww", nil, 1769853600000, nil),
        .init("QQ", nil, 1769853600000, nil),
    ]

    @Test("unit names: normalizeUnits, add(2, name) and get(name)", arguments: aliasCases)
    func alias(_ row: MomentAliasCase) {
        #expect(MomentUnitAliases.normalize(row.name) == row.normalized)
        let base = instant(Self.aliasBase)
        if let unit = MomentDurationUnit(name: row.name) {
            #expect(milliseconds(Moment.add(2, unit, to: base, in: .gmt)) == row.added)
        } else {
            #expect(row.added == Self.aliasBase, "moment's add ignores the names this gives nil for")
        }
        #expect(MomentGetter(name: row.name).map { Moment.get($0, of: base, in: .gmt) } == row.got)
    }

    static let getterCases: [MomentGetterCase] = [
        .init(1767227400000, "UTC", .year, 2026),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .quarter, 1),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .month, 0),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .week, 1),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .isoWeek, 1),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .isoWeekday, 4),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .day, 4),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .weekday, 4),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .date, 1),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .dayOfYear, 1),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .hour, 0),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .minute, 30),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .second, 0),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .millisecond, 0),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .weekYear, 2026),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "UTC", .isoWeekYear, 2026),  // 2026-01-01T00:30:00.000+00:00 Thu
        .init(1767227400000, "Europe/Paris", .year, 2026),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .quarter, 1),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .month, 0),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .week, 1),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .isoWeek, 1),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .isoWeekday, 4),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .day, 4),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .weekday, 4),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .date, 1),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .dayOfYear, 1),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .hour, 1),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .minute, 30),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .second, 0),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .millisecond, 0),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .weekYear, 2026),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "Europe/Paris", .isoWeekYear, 2026),  // 2026-01-01T01:30:00.000+01:00 Thu
        .init(1767227400000, "America/New_York", .year, 2025),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .quarter, 4),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .month, 11),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .week, 1),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .isoWeek, 1),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .isoWeekday, 3),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .day, 3),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .weekday, 3),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .date, 31),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .dayOfYear, 365),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .hour, 19),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .minute, 30),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .second, 0),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .millisecond, 0),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .weekYear, 2026),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1767227400000, "America/New_York", .isoWeekYear, 2026),  // 2025-12-31T19:30:00.000-05:00 Wed
        .init(1798761599999, "UTC", .year, 2026),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .quarter, 4),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .month, 11),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .week, 1),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .isoWeek, 53),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .isoWeekday, 4),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .day, 4),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .weekday, 4),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .date, 31),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .dayOfYear, 365),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .hour, 23),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .minute, 59),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .second, 59),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .millisecond, 999),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .weekYear, 2027),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798761599999, "UTC", .isoWeekYear, 2026),  // 2026-12-31T23:59:59.999+00:00 Thu
        .init(1798804800000, "UTC", .year, 2027),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .quarter, 1),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .month, 0),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .week, 1),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .isoWeek, 53),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .isoWeekday, 5),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .day, 5),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .weekday, 5),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .date, 1),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .dayOfYear, 1),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .hour, 12),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .minute, 0),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .second, 0),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .millisecond, 0),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .weekYear, 2027),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1798804800000, "UTC", .isoWeekYear, 2026),  // 2027-01-01T12:00:00.000+00:00 Fri
        .init(1735560000000, "UTC", .year, 2024),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .quarter, 4),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .month, 11),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .week, 1),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .isoWeek, 1),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .isoWeekday, 1),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .day, 1),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .weekday, 1),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .date, 30),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .dayOfYear, 365),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .hour, 12),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .minute, 0),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .second, 0),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .millisecond, 0),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .weekYear, 2025),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1735560000000, "UTC", .isoWeekYear, 2025),  // 2024-12-30T12:00:00.000+00:00 Mon
        .init(1609675200000, "UTC", .year, 2021),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .quarter, 1),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .month, 0),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .week, 2),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .isoWeek, 53),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .isoWeekday, 7),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .day, 0),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .weekday, 0),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .date, 3),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .dayOfYear, 3),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .hour, 12),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .minute, 0),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .second, 0),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .millisecond, 0),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .weekYear, 2021),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1609675200000, "UTC", .isoWeekYear, 2020),  // 2021-01-03T12:00:00.000+00:00 Sun
        .init(1774747800000, "Europe/Paris", .year, 2026),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .quarter, 1),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .month, 2),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .week, 14),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .isoWeek, 13),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .isoWeekday, 7),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .day, 0),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .weekday, 0),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .date, 29),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .dayOfYear, 88),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .hour, 3),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .minute, 30),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .second, 0),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .millisecond, 0),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .weekYear, 2026),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1774747800000, "Europe/Paris", .isoWeekYear, 2026),  // 2026-03-29T03:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .year, 2026),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .quarter, 4),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .month, 9),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .week, 44),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .isoWeek, 43),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .isoWeekday, 7),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .day, 0),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .weekday, 0),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .date, 25),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .dayOfYear, 298),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .hour, 2),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .minute, 30),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .second, 0),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .millisecond, 0),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .weekYear, 2026),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792888200000, "Europe/Paris", .isoWeekYear, 2026),  // 2026-10-25T02:30:00.000+02:00 Sun
        .init(1792891800000, "Europe/Paris", .year, 2026),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .quarter, 4),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .month, 9),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .week, 44),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .isoWeek, 43),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .isoWeekday, 7),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .day, 0),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .weekday, 0),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .date, 25),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .dayOfYear, 298),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .hour, 2),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .minute, 30),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .second, 0),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .millisecond, 0),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .weekYear, 2026),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1792891800000, "Europe/Paris", .isoWeekYear, 2026),  // 2026-10-25T02:30:00.000+01:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .year, 2026),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .quarter, 4),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .month, 9),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .week, 41),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .isoWeek, 40),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .isoWeekday, 7),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .day, 0),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .weekday, 0),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .date, 4),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .dayOfYear, 277),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .hour, 2),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .minute, 45),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .second, 0),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .millisecond, 0),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .weekYear, 2026),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1791042300000, "Australia/Lord_Howe", .isoWeekYear, 2026),  // 2026-10-04T02:45:00.000+11:00 Sun
        .init(1709212455016, "Asia/Kathmandu", .year, 2024),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .quarter, 1),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .month, 1),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .week, 9),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .isoWeek, 9),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .isoWeekday, 4),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .day, 4),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .weekday, 4),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .date, 29),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .dayOfYear, 60),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .hour, 18),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .minute, 59),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .second, 15),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .millisecond, 16),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .weekYear, 2024),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1709212455016, "Asia/Kathmandu", .isoWeekYear, 2024),  // 2024-02-29T18:59:15.016+05:45 Thu
        .init(1609455600000, "Pacific/Kiritimati", .year, 2021),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .quarter, 1),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .month, 0),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .week, 1),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .isoWeek, 53),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .isoWeekday, 5),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .day, 5),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .weekday, 5),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .date, 1),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .dayOfYear, 1),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .hour, 13),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .minute, 0),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .second, 0),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .millisecond, 0),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .weekYear, 2021),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(1609455600000, "Pacific/Kiritimati", .isoWeekYear, 2020),  // 2021-01-01T13:00:00.000+14:00 Fri
        .init(946684799000, "America/Los_Angeles", .year, 1999),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .quarter, 4),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .month, 11),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .week, 1),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .isoWeek, 52),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .isoWeekday, 5),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .day, 5),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .weekday, 5),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .date, 31),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .dayOfYear, 365),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .hour, 15),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .minute, 59),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .second, 59),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .millisecond, 0),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .weekYear, 2000),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(946684799000, "America/Los_Angeles", .isoWeekYear, 1999),  // 1999-12-31T15:59:59.000-08:00 Fri
        .init(1451692800000, "UTC", .year, 2016),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .quarter, 1),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .month, 0),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .week, 1),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .isoWeek, 53),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .isoWeekday, 6),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .day, 6),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .weekday, 6),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .date, 2),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .dayOfYear, 2),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .hour, 0),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .minute, 0),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .second, 0),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .millisecond, 0),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .weekYear, 2016),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1451692800000, "UTC", .isoWeekYear, 2015),  // 2016-01-02T00:00:00.000+00:00 Sat
        .init(1262494800000, "America/New_York", .year, 2010),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .quarter, 1),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .month, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .week, 2),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .isoWeek, 53),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .isoWeekday, 7),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .day, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .weekday, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .date, 3),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .dayOfYear, 3),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .hour, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .minute, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .second, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .millisecond, 0),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .weekYear, 2010),  // 2010-01-03T00:00:00.000-05:00 Sun
        .init(1262494800000, "America/New_York", .isoWeekYear, 2009),  // 2010-01-03T00:00:00.000-05:00 Sun
    ]

    @Test("moment.tz(instant, zone).get(getter)", arguments: getterCases)
    func get(_ row: MomentGetterCase) {
        #expect(Moment.get(row.getter, of: instant(row.instant), in: zone(row.zone)) == row.expected)
    }

    static let nextInstantCases: [MomentNextInstantCase] = [
        .init(1774692000000, "Europe/Paris", .hour, [9], 1777334400000, 1774767600000),  // 2026-03-28T10:00:00Z → 2026-03-29T09:00:00.000+02:00
        .init(1774699200000, "Europe/Paris", .hour, [2], 1777334400000, 1774828800000),  // 2026-03-28T12:00:00Z → 2026-03-30T02:00:00.000+02:00
        .init(1792843200000, "Europe/Paris", .hour, [2], 1795824000000, 1792886400000),  // 2026-10-24T12:00:00Z → 2026-10-25T02:00:00.000+02:00
        .init(1774744200000, "Europe/Paris", .hour, [3], 1777334400000, 1774746000000),  // 2026-03-29T00:30:00Z → 2026-03-29T03:00:00.000+02:00
        .init(1774744200000, "Europe/Paris", .hour, [0], 1774785600000, nil),  // 2026-03-29T00:30:00Z → none
        .init(1767773700000, "Europe/Paris", .hour, [9], 1769904000000, 1767773700000),  // 2026-01-07T08:15:00Z → 2026-01-07T09:15:00.000+01:00
        .init(1767773700000, "Europe/Paris", .hour, [9, 8, 17], 1767775500000, 1767773700000),  // 2026-01-07T08:15:00Z → 2026-01-07T09:15:00.000+01:00
        .init(1767773700000, "Europe/Paris", .hour, [10], 1767775500000, nil),  // 2026-01-07T08:15:00Z → none
        .init(1775313900000, "Australia/Lord_Howe", .minute, [30], 1775347200000, 1775314800000),  // 2026-04-04T14:45:00Z → 2026-04-05T01:30:00.000+10:30
        .init(1791040800000, "Australia/Lord_Howe", .minute, [15], 1791158400000, 1791044100000),  // 2026-10-03T15:20:00Z → 2026-10-04T03:15:00.000+11:00
        .init(1775314800000, "Australia/Lord_Howe", .hour, [1], 1775347200000, 1775314800000),  // 2026-04-04T15:00:00Z → 2026-04-05T01:30:00.000+10:30
        .init(1775311200000, "Australia/Lord_Howe", .hour, [2], 1775433600000, 1775316600000),  // 2026-04-04T14:00:00Z → 2026-04-05T02:00:00.000+10:30
        .init(1791039600000, "Australia/Lord_Howe", .hour, [2], 1791244800000, 1791041400000),  // 2026-10-03T15:00:00Z → 2026-10-04T02:30:00.000+11:00
        .init(1793534400000, "America/New_York", .day, [1], 1796083200000, 1793595600000),  // 2026-11-01T12:00:00Z → 2026-11-02T00:00:00.000-05:00
        .init(1793534400000, "America/New_York", .isoWeekday, [5, 6], 1796083200000, 1793941200000),  // 2026-11-01T12:00:00Z → 2026-11-06T00:00:00.000-05:00
        .init(1773532800000, "UTC", .month, [0], 1830297600000, 1798761600000),  // 2026-03-15T00:00:00Z → 2027-01-01T00:00:00.000+00:00
        .init(1769904000000, "UTC", .date, [31], 1796083200000, 1774915200000),  // 2026-02-01T00:00:00Z → 2026-03-31T00:00:00.000+00:00
        .init(1767225600000, "UTC", .dayOfYear, [366], 1861920000000, 1861833600000),  // 2026-01-01T00:00:00Z → 2028-12-31T00:00:00.000+00:00
        .init(1767225600000, "UTC", .isoWeek, [53], 1811808000000, 1798416000000),  // 2026-01-01T00:00:00Z → 2026-12-28T00:00:00.000+00:00
        .init(1796083200000, "UTC", .week, [1], 1811808000000, 1798329600000),  // 2026-12-01T00:00:00Z → 2026-12-27T00:00:00.000+00:00
        .init(1796083200000, "UTC", .weekYear, [2027], 1811808000000, 1798329600000),  // 2026-12-01T00:00:00Z → 2026-12-27T00:00:00.000+00:00
        .init(1796083200000, "UTC", .isoWeekYear, [2027], 1811808000000, 1799020800000),  // 2026-12-01T00:00:00Z → 2027-01-04T00:00:00.000+00:00
        .init(1780272000000, "Europe/Paris", .year, [2028], 1861920000000, 1830294000000),  // 2026-06-01T00:00:00Z → 2028-01-01T00:00:00.000+01:00
        .init(1768435200000, "America/New_York", .quarter, [3], 1798761600000, 1782878400000),  // 2026-01-15T00:00:00Z → 2026-07-01T00:00:00.000-04:00
        .init(1767776400500, "UTC", .second, [0], 1767780000000, 1767776400500),  // 2026-01-07T09:00:00.500Z → 2026-01-07T09:00:00.500+00:00
        .init(1767776400998, "UTC", .millisecond, [0], 1767776402000, 1767776401000),  // 2026-01-07T09:00:00.998Z → 2026-01-07T09:00:01.000+00:00
        .init(1767776400998, "UTC", .millisecond, [999, 5], 1767776402000, 1767776400999),  // 2026-01-07T09:00:00.998Z → 2026-01-07T09:00:00.999+00:00
        .init(1767776400000, "Europe/Paris", .hour, [9], 1767778200000, nil),  // 2026-01-07T09:00:00Z → none
        .init(1767776400000, "Europe/Paris", .month, [5], 1772323200000, nil),  // 2026-01-07T09:00:00Z → none
        .init(1767776400000, "Asia/Kathmandu", .minute, [0], 1767830400000, 1767777300000),  // 2026-01-07T09:00:00Z → 2026-01-07T15:00:00.000+05:45
        .init(1767776400000, "Asia/Kathmandu", .hour, [0], 1767916800000, 1767809700000),  // 2026-01-07T09:00:00Z → 2026-01-08T00:00:00.000+05:45
        .init(1772323200000, "Europe/Paris", .week, [14], 1777593600000, 1774738800000),  // 2026-03-01T00:00:00Z → 2026-03-29T00:00:00.000+01:00
        .init(1774745940000, "Europe/Paris", .minute, [0], 1774828800000, 1774746000000),  // 2026-03-29T00:59:00Z → 2026-03-29T03:00:00.000+02:00
        .init(1792889940000, "Europe/Paris", .minute, [0], 1792972800000, 1792890000000),  // 2026-10-25T00:59:00Z → 2026-10-25T02:00:00.000+01:00
        .init(1792888200000, "Europe/Paris", .hour, [2], 1792972800000, 1792888200000),  // 2026-10-25T00:30:00Z → 2026-10-25T02:30:00.000+02:00
        .init(1792888200000, "Europe/Paris", .hour, [3], 1792972800000, 1792893600000),  // 2026-10-25T00:30:00Z → 2026-10-25T03:00:00.000+01:00
    ]

    /// Expected: the first instant from the start whose `get` is in the set, found by stepping
    /// moment-timezone through every 15 minutes (second, millisecond: every unit).
    @Test("first instant whose getter value is in a set", arguments: nextInstantCases)
    func nextInstant(_ row: MomentNextInstantCase) {
        let found = Moment.nextInstant(
            where: row.getter, isIn: row.values, onOrAfter: instant(row.start), in: zone(row.zone), limit: instant(row.limit))
        #expect(found.map(milliseconds) == row.expected)
    }

    @Test("nextInstant: values out of range, an empty window, and the start itself")
    func nextInstantEdges() {
        let start = instant(1_767_776_400_000)  // 2026-01-07T09:00:00Z
        let limit = instant(1_830_297_600_000)  // 2028-01-01
        #expect(Moment.nextInstant(where: .hour, isIn: [24, -1], onOrAfter: start, in: .gmt, limit: limit) == nil)
        #expect(Moment.nextInstant(where: .hour, isIn: [], onOrAfter: start, in: .gmt, limit: limit) == nil)
        #expect(Moment.nextInstant(where: .hour, isIn: [9], onOrAfter: start, in: .gmt, limit: start) == nil)
        let exact = start.addingTimeInterval(0.000_3)
        #expect(Moment.nextInstant(where: .hour, isIn: [9], onOrAfter: exact, in: .gmt, limit: limit) == exact)
    }

    static let nextChangeCases: [MomentNextChangeCase] = [
        .init(1774744200000, "Europe/Paris", .hour, 1774746000000),  // 2026-03-29T00:30:00Z → 2026-03-29T03:00:00.000+02:00
        .init(1774699200000, "Europe/Paris", .day, 1774738800000),  // 2026-03-28T12:00:00Z → 2026-03-29T00:00:00.000+01:00
        .init(1769902200000, "Europe/Paris", .month, 1772319600000),  // 2026-01-31T23:30:00Z → 2026-03-01T00:00:00.000+01:00
        .init(1780272000000, "America/New_York", .year, 1798779600000),  // 2026-06-01T00:00:00Z → 2027-01-01T00:00:00.000-05:00
        .init(1767787200000, "UTC", .week, 1768089600000),  // 2026-01-07T12:00:00Z → 2026-01-11T00:00:00.000+00:00
        .init(1767787200000, "UTC", .isoWeek, 1768176000000),  // 2026-01-07T12:00:00Z → 2026-01-12T00:00:00.000+00:00
        .init(1768132800000, "UTC", .isoWeekYear, 1768176000000),  // 2026-01-11T12:00:00Z → 2026-01-12T00:00:00.000+00:00
        .init(1768132800000, "UTC", .weekYear, 1768694400000),  // 2026-01-11T12:00:00Z → 2026-01-18T00:00:00.000+00:00
        .init(1767776400500, "UTC", .second, 1767776401000),  // 2026-01-07T09:00:00.500Z → 2026-01-07T09:00:01.000+00:00
        .init(1767776400500, "UTC", .millisecond, 1767776400501),  // 2026-01-07T09:00:00.500Z → 2026-01-07T09:00:00.501+00:00
        .init(1767776430500, "UTC", .minute, 1767776460000),  // 2026-01-07T09:00:30.500Z → 2026-01-07T09:01:00.000+00:00
        .init(1778371200000, "UTC", .quarter, 1782864000000),  // 2026-05-10T00:00:00Z → 2026-07-01T00:00:00.000+00:00
        .init(1796860800000, "UTC", .quarter, 1798761600000),  // 2026-12-10T00:00:00Z → 2027-01-01T00:00:00.000+00:00
        .init(1796860800000, "UTC", .month, 1798761600000),  // 2026-12-10T00:00:00Z → 2027-01-01T00:00:00.000+00:00
        .init(1792888200000, "Europe/Paris", .hour, 1792893600000),  // 2026-10-25T00:30:00Z → 2026-10-25T03:00:00.000+01:00
        .init(1792889970000, "Europe/Paris", .minute, 1792890000000),  // 2026-10-25T00:59:30Z → 2026-10-25T02:00:00.000+01:00
        .init(1792891800000, "Europe/Paris", .hour, 1792893600000),  // 2026-10-25T01:30:00Z → 2026-10-25T03:00:00.000+01:00
        .init(1775314770000, "Australia/Lord_Howe", .minute, 1775314800000),  // 2026-04-04T14:59:30Z → 2026-04-05T01:30:00.000+10:30
        .init(1791040800000, "Australia/Lord_Howe", .hour, 1791041400000),  // 2026-10-03T15:20:00Z → 2026-10-04T02:30:00.000+11:00
        .init(1767777000000, "Asia/Kathmandu", .hour, 1767777300000),  // 2026-01-07T09:10:00Z → 2026-01-07T15:00:00.000+05:45
        .init(1767777000000, "Asia/Kathmandu", .dayOfYear, 1767809700000),  // 2026-01-07T09:10:00Z → 2026-01-08T00:00:00.000+05:45
    ]

    /// Expected: moment-timezone's instant for the next boundary's wall time, or the zone's
    /// offset change when that comes first.
    @Test("start of the next period in which the getter may change", arguments: nextChangeCases)
    func nextChange(_ row: MomentNextChangeCase) {
        let next = Moment.nextChange(of: row.getter, after: instant(row.start), in: zone(row.zone))
        #expect(milliseconds(next) == row.expected)
    }

    static let parseCases: [MomentParseCase] = [
        .init("2026-01-07T09:00:00Z", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("2026-01-07T09:00:00.250Z", "UTC", 1767776400250),  // 2026-01-07T09:00:00.250Z
        .init("2026-01-07T09:00:00+01:00", "UTC", 1767772800000),  // 2026-01-07T08:00:00.000Z
        .init("2026-01-07T09:00:00+0100", "UTC", 1767772800000),  // 2026-01-07T08:00:00.000Z
        .init("2026-01-07T09:00:00+01", "UTC", 1767772800000),  // 2026-01-07T08:00:00.000Z
        .init("2026-01-07T09:00:00-05:30", "UTC", 1767796200000),  // 2026-01-07T14:30:00.000Z
        .init("2026-01-07T09:00", "Europe/Paris", 1767772800000),  // 2026-01-07T08:00:00.000Z
        .init("2026-01-07 09:00", "Europe/Paris", 1767772800000),  // 2026-01-07T08:00:00.000Z
        .init("2026-01-07", "Europe/Paris", 1767740400000),  // 2026-01-06T23:00:00.000Z
        .init("2026-01", "Europe/Paris", 1767222000000),  // 2025-12-31T23:00:00.000Z
        .init("2026", "Europe/Paris", 1767222000000),  // 2025-12-31T23:00:00.000Z
        .init("20260107", "UTC", 1767744000000),  // 2026-01-07T00:00:00.000Z
        .init("20260107T0930", "UTC", 1767778200000),  // 2026-01-07T09:30:00.000Z
        .init("20260107T093015Z", "UTC", 1767778215000),  // 2026-01-07T09:30:15.000Z
        .init("20260107 093015,5+0100", "UTC", 1767774615500),  // 2026-01-07T08:30:15.500Z
        .init("2026-W05-3", "UTC", 1769558400000),  // 2026-01-28T00:00:00.000Z
        .init("2026W053", "UTC", 1769558400000),  // 2026-01-28T00:00:00.000Z
        .init("2026-W05", "UTC", 1769385600000),  // 2026-01-26T00:00:00.000Z
        .init("2026W05", "UTC", 1769385600000),  // 2026-01-26T00:00:00.000Z
        .init("2026-123", "UTC", 1777766400000),  // 2026-05-03T00:00:00.000Z
        .init("2026123", "UTC", 1777766400000),  // 2026-05-03T00:00:00.000Z
        .init("2026-123T10:00", "Europe/Paris", 1777795200000),  // 2026-05-03T08:00:00.000Z
        .init("202601", "UTC", 1767225600000),  // 2026-01-01T00:00:00.000Z
        .init("2026-03-29T02:30", "Europe/Paris", 1774747800000),  // 2026-03-29T01:30:00.000Z
        .init("2026-03-29T02:00", "Europe/Paris", 1774746000000),  // 2026-03-29T01:00:00.000Z
        .init("2026-10-25T02:30", "Europe/Paris", 1792888200000),  // 2026-10-25T00:30:00.000Z
        .init("2026-03-08T02:30", "America/New_York", 1772955000000),  // 2026-03-08T07:30:00.000Z
        .init("2026-11-01T01:30", "America/New_York", 1793511000000),  // 2026-11-01T05:30:00.000Z
        .init("2026-10-04T02:15", "Australia/Lord_Howe", 1791042300000),  // 2026-10-03T15:45:00.000Z
        .init("2026-04-05T01:45", "Australia/Lord_Howe", 1775313900000),  // 2026-04-04T14:45:00.000Z
        .init("2026-04-05T01:29", "Australia/Lord_Howe", 1775312940000),  // 2026-04-04T14:29:00.000Z
        .init("+002026-01-07", "UTC", 1767744000000),  // 2026-01-07T00:00:00.000Z
        .init("+0020260107", "UTC", 1767744000000),  // 2026-01-07T00:00:00.000Z
        .init("-002026-01-07T00:00Z", "UTC", -126101059200000),  // -002026-01-07T00:00:00.000Z
        .init("-000000-01-01T00:00Z", "UTC", -62167219200000),  // 0000-01-01T00:00:00.000Z
        .init("0000-01-01T00:00:00Z", "UTC", -62167219200000),  // 0000-01-01T00:00:00.000Z
        .init("0099-06-01T00:00Z", "UTC", -59029948800000),  // 0099-06-01T00:00:00.000Z
        .init("2026-01-07T24:00", "Europe/Paris", 1767826800000),  // 2026-01-07T23:00:00.000Z
        .init("2026-12-31T24:00:00Z", "UTC", 1798761600000),  // 2027-01-01T00:00:00.000Z
        .init("2026-01-07T24:00:01", "UTC", nil),
        .init("2026-01-07 09", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("2026-01-07T09Z", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("2026-01-07T09:00:00 Z", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("  2026-01-07", "UTC", 1767744000000),  // 2026-01-07T00:00:00.000Z
        .init("\u{a0}2026-01-07", "UTC", 1767744000000),  // 2026-01-07T00:00:00.000Z
        .init("2026-01-07 ", "UTC", nil),
        .init("2026-01-07t09:00", "UTC", nil),
        .init("2026-01-07T09:00z", "UTC", nil),
        .init("2026-01-07T09:00:00+01:99", "UTC", 1767766860000),  // 2026-01-07T06:21:00.000Z
        .init("2026-01-07T09:00:00+99:00", "UTC", 1767420000000),  // 2026-01-03T06:00:00.000Z
        .init("2026-W53", "UTC", 1798416000000),  // 2026-12-28T00:00:00.000Z
        .init("2020-W53-7", "UTC", 1609632000000),  // 2021-01-03T00:00:00.000Z
        .init("2026-W01-0", "UTC", nil),
        .init("2026-W01-8", "UTC", nil),
        .init("2026-W00-1", "UTC", nil),
        .init("2026-W54", "UTC", nil),
        .init("2026-000", "UTC", nil),
        .init("2026-366", "UTC", nil),
        .init("2024-366", "UTC", 1735603200000),  // 2024-12-31T00:00:00.000Z
        .init("2026-01T09", "UTC", nil),
        .init("2026T09", "UTC", nil),
        .init("2026-01-07T09:00:00.123456789", "UTC", 1767776400123),  // 2026-01-07T09:00:00.123Z
        .init("2026-01-07T09:00:00,5", "UTC", 1767776400500),  // 2026-01-07T09:00:00.500Z
        .init("2026-01-07T09:00:00.9999Z", "UTC", 1767776400999),  // 2026-01-07T09:00:00.999Z
        .init("2026-02-29", "UTC", nil),
        .init("2024-02-29", "UTC", 1709164800000),  // 2024-02-29T00:00:00.000Z
        .init("2026-13-01", "UTC", nil),
        .init("2026-00-10", "UTC", nil),
        .init("2026-01-00", "UTC", nil),
        .init("2026-04-31", "UTC", nil),
        .init("2026-01-07T09:60", "UTC", nil),
        .init("2026-01-07T09:00:60", "UTC", nil),
        .init("2026-01-07T25:00", "UTC", nil),
        .init("2026-01-07T09:00:00.", "UTC", nil),
        .init("2026-W05-3T10:00", "Europe/Paris", 1769590800000),  // 2026-01-28T09:00:00.000Z
        .init("2026-01-07T09:00:00-00:00", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("2026-1-7", "UTC", nil),
        .init("", "UTC", nil),
        .init("2026-01-07T0900", "UTC", nil),
        .init("20260107T09:00", "UTC", nil),
        .init("2026-01-07T09:00:00+01:0", "UTC", nil),
        .init("2026-01-07T09:00:00Z ", "UTC", nil),
        .init("2026-01-07T09:00:00ZZ", "UTC", nil),
        .init("2026-01-07TZ", "UTC", nil),
        .init("2026-01-07T9:00", "UTC", nil),
        .init("2026-01-07T09:00:00.123+05:45", "UTC", 1767755700123),  // 2026-01-07T03:15:00.123Z
        .init("2026-01-07T09:00:00\u{9}Z", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("1970-01-01T00:00:00Z", "UTC", 0),  // 1970-01-01T00:00:00.000Z
        .init("1969-12-31T23:59:59.999Z", "UTC", -1),  // 1969-12-31T23:59:59.999Z
        .init("2026-01-07T09:00:00.0001Z", "UTC", 1767776400000),  // 2026-01-07T09:00:00.000Z
        .init("2026-01-07T09:00:00.29Z", "UTC", 1767776400290),  // 2026-01-07T09:00:00.290Z
        .init("2026-01-07T09:00:00.57Z", "UTC", 1767776400570),  // 2026-01-07T09:00:00.570Z
        .init("2026-01-07T09:00:00.035Z", "UTC", 1767776400035),  // 2026-01-07T09:00:00.035Z
        .init("2026-01-07T09:00:00.009Z", "UTC", 1767776400009),  // 2026-01-07T09:00:00.009Z
        .init("2026-01-07T09:00:00.999999999999Z", "UTC", 1767776400999),  // 2026-01-07T09:00:00.999Z
    ]

    @Test("moment.tz(text, moment.ISO_8601, zone)", arguments: parseCases)
    func parse(_ row: MomentParseCase) {
        let parsed = Moment.parseISO8601(row.text, defaultTimeZone: zone(row.zone))
        #expect(parsed.map(milliseconds) == row.expected)
    }

    /// Where moment's lenient token parser reads a six-digit year only partly, `parseISO8601` gives
    /// `nil`; moment's values are in the comments.
    @Test("six-digit years outside full dates are refused", arguments: [
        "+002026-01",  // moment: 0020-01-01T00:00:00+00:09 (Europe/Paris LMT)
        "+002026-W05",  // moment: 0020-01-27
        "+002026-W05-3",  // moment: 0020-01-29
        "+002026-123",  // moment: 0020-05-02
        "+002026",  // moment: invalid
        "+00202601",  // moment: invalid
    ])
    func sixDigitYears(text: String) {
        #expect(Moment.parseISO8601(text, defaultTimeZone: zone("Europe/Paris")) == nil)
    }

    static let formatCases: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (250, "1970-01-01T00:00:00.250Z"),
        (1767776400000, "2026-01-07T09:00:00Z"),
        (1767776400250, "2026-01-07T09:00:00.250Z"),
        (1767776400001, "2026-01-07T09:00:00.001Z"),
        (1767776400999, "2026-01-07T09:00:00.999Z"),
        (-62167219200000, "0000-01-01T00:00:00Z"),
        (253402300799999, "9999-12-31T23:59:59.999Z"),
        (253402300800000, "+010000-01-01T00:00:00Z"),
        (-62198755200000, "-000001-01-01T00:00:00Z"),
        (8640000000000000, "+275760-09-13T00:00:00Z"),
        (-8640000000000000, "-271821-04-20T00:00:00Z"),
        (951782400000, "2000-02-29T00:00:00Z"),
        (1767776399999, "2026-01-07T08:59:59.999Z"),
    ]

    /// Expected: moment's `toISOString()` without a `.000` fraction.
    @Test("UTC ISO 8601 text", arguments: formatCases)
    func format(ms: Int64, expected: String) {
        #expect(Moment.formatISO8601(instant(ms)) == expected)
    }

    @Test("add: NaN adds nothing; infinite or out-of-range results never come")
    func addEdges() {
        let start = instant(1_767_776_400_000)
        #expect(Moment.add(.nan, .days, to: start, in: .gmt) == start)
        #expect(Moment.add(.infinity, .hours, to: start, in: .gmt) == .distantFuture)
        #expect(Moment.add(-.infinity, .months, to: start, in: .gmt) == .distantFuture)
        #expect(Moment.add(1e9, .days, to: start, in: .gmt) == .distantFuture)  // moment: Invalid date
        #expect(Moment.add(300_000, .years, to: start, in: .gmt) == .distantFuture)
        #expect(Moment.add(1e17, .milliseconds, to: start, in: .gmt) == .distantFuture)
    }

    @Test("every getter and duration unit appears in the tables")
    func coverage() {
        #expect(Set(Self.getterCases.map(\.getter)) == Set(MomentGetter.allCases))
        let units = Set(Self.addCases.compactMap { MomentDurationUnit(name: $0.unit) })
        #expect(units == Set(MomentDurationUnit.allCases))
    }
}
