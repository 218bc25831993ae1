import json, os
m = json.load(open('moment.json'))
out = '''import Foundation
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
private func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier)! }
private func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

struct MomentAddCase: Sendable, CustomTestStringConvertible {
    var label: String, start: Int64, zone: String, amount: Double, unit: String, expected: Int64
    init(_ label: String, _ start: Int64, _ zone: String, _ amount: Double, _ unit: String, _ expected: Int64) {
        (self.label, self.start, self.zone, self.amount, self.unit, self.expected) = (label, start, zone, amount, unit, expected)
    }
    var testDescription: String { "\\(label) + \\(amount) \\(unit) in \\(zone)" }
}

struct MomentAliasCase: Sendable, CustomTestStringConvertible {
    /// The name, moment's `normalizeUnits(name)`, `add(2, name)` of the base instant, `get(name)` of it.
    var name: String, normalized: String?, added: Int64, got: Int?
    init(_ name: String, _ normalized: String?, _ added: Int64, _ got: Int?) {
        (self.name, self.normalized, self.added, self.got) = (name, normalized, added, got)
    }
    var testDescription: String { "\\"\\(name)\\"" }
}

struct MomentGetterCase: Sendable, CustomTestStringConvertible {
    var instant: Int64, zone: String, getter: MomentGetter, expected: Int
    init(_ instant: Int64, _ zone: String, _ getter: MomentGetter, _ expected: Int) {
        (self.instant, self.zone, self.getter, self.expected) = (instant, zone, getter, expected)
    }
    var testDescription: String { "\\(getter) of \\(instant) in \\(zone)" }
}

struct MomentNextInstantCase: Sendable, CustomTestStringConvertible {
    var start: Int64, zone: String, getter: MomentGetter, values: Set<Int>, limit: Int64, expected: Int64?
    init(_ start: Int64, _ zone: String, _ getter: MomentGetter, _ values: Set<Int>, _ limit: Int64, _ expected: Int64?) {
        (self.start, self.zone, self.getter, self.values, self.limit, self.expected) = (start, zone, getter, values, limit, expected)
    }
    var testDescription: String { "\\(getter) in \\(values.sorted()) from \\(start) in \\(zone)" }
}

struct MomentNextChangeCase: Sendable, CustomTestStringConvertible {
    var start: Int64, zone: String, getter: MomentGetter, expected: Int64
    init(_ start: Int64, _ zone: String, _ getter: MomentGetter, _ expected: Int64) {
        (self.start, self.zone, self.getter, self.expected) = (start, zone, getter, expected)
    }
    var testDescription: String { "next \\(getter) change after \\(start) in \\(zone)" }
}

struct MomentParseCase: Sendable, CustomTestStringConvertible {
    var text: String, zone: String, expected: Int64?
    init(_ text: String, _ zone: String, _ expected: Int64?) { (self.text, self.zone, self.expected) = (text, zone, expected) }
    var testDescription: String { "\\"\\(text)\\" in \\(zone)" }
}

struct MomentTests {
    static let addCases: [MomentAddCase] = [
%ADD%
    ]

    @Test("moment.tz(start, zone).add(amount, unit)", arguments: addCases)
    func add(_ row: MomentAddCase) throws {
        let unit = try #require(MomentDurationUnit(name: row.unit))
        let result = Moment.add(row.amount, unit, to: instant(row.start), in: zone(row.zone))
        #expect(milliseconds(result) == row.expected)
    }

    /// The base instant of the alias table, 2026-01-31T10:00:00Z (a Saturday).
    static let aliasBase: Int64 = %BASE%

    static let aliasCases: [MomentAliasCase] = [
%ALIAS%
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
%GETTERS%
    ]

    @Test("moment.tz(instant, zone).get(getter)", arguments: getterCases)
    func get(_ row: MomentGetterCase) {
        #expect(Moment.get(row.getter, of: instant(row.instant), in: zone(row.zone)) == row.expected)
    }

    static let nextInstantCases: [MomentNextInstantCase] = [
%NEXT%
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
%CHANGE%
    ]

    /// Expected: moment-timezone's instant for the next boundary's wall time, or the zone's
    /// offset change when that comes first.
    @Test("start of the next period in which the getter may change", arguments: nextChangeCases)
    func nextChange(_ row: MomentNextChangeCase) {
        let next = Moment.nextChange(of: row.getter, after: instant(row.start), in: zone(row.zone))
        #expect(milliseconds(next) == row.expected)
    }

    static let parseCases: [MomentParseCase] = [
%PARSE%
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
%FORMAT%
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
        #expect(Set(Self.getterCases.map(\\.getter)) == Set(MomentGetter.allCases))
        let units = Set(Self.addCases.compactMap { MomentDurationUnit(name: $0.unit) })
        #expect(units == Set(MomentDurationUnit.allCases))
    }
}
'''
for key, tag in [('addRows','ADD'),('aliasRows','ALIAS'),('getterRows','GETTERS'),('nextRows','NEXT'),('changeRows','CHANGE'),('parseRows','PARSE'),('formatRows','FORMAT')]:
    out = out.replace('%' + tag + '%', '\n'.join(m[key]))
out = out.replace('%BASE%', str(m['aliasBase']))
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'SequencerCoreTests', 'MomentTests.swift'), 'w').write(out)
