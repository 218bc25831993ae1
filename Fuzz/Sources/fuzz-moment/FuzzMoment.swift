import Foundation
import FuzzSupport
import SequencerCore

// moment.js semantics (`Moment`): ISO 8601 parsing, `add`, getters, `nextChange`, `nextInstant`.
//
// Properties: a parsed instant lies in JavaScript's date range and survives format → parse; `add`
// stays in the range (or gives `distantFuture`), never moves against the sign of the amount, adds
// nothing for NaN, and in UTC days and hours undo exactly; a getter's value is in its range and
// holds until `nextChange`, which is later; `nextInstant` answers the first instant in
// [start, limit) whose value is wanted.

/// Zones with unusual rules: 30- and 45-minute offsets, half-hour DST (Lord Howe), negative DST
/// (Dublin), a skipped day (Apia, 2011), 1867's date-line change (Sitka), 2-hour DST (Troll).
let zones: [IANATimeZone] = [
    "UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata",
    "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca", "America/Sitka", "Asia/Kathmandu",
    "Europe/Dublin", "America/Santiago", "Antarctica/Troll",
].map { IANATimeZone(identifier: $0)! }

/// 2^41 s (about 69 700 years) either side of 1970: how far a `Date` holds every millisecond.
let preciseSeconds: Double = 2_199_023_255_552

/// JavaScript's date range, in ms either side of 1970.
let maxMs: Int64 = 8_640_000_000_000_000

/// libFuzzer's entry point. Input: zone, then an ISO 8601 text and a NUL, then bytes for the
/// start instant (when the text is not a date), the amount, the unit, the getter and its values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMoment(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let zone = input.pick(zones)
    let text = input.text()
    let parsed = Moment.parseISO8601(text, defaultTimeZone: zone)
    if let parsed { checkParsed(parsed, text: text, zone: zone) }
    let start = parsed ?? startInstant(&input)
    checkAdd(&input, start: start, zone: zone)
    if abs(ms(start)) <= maxMs - 400 * 86_400_000 {
        let getter = input.pick(MomentGetter.allCases)
        checkGetter(getter, at: start, zone: zone)
        if abs(start.timeIntervalSince1970) < preciseSeconds {
            checkNextInstant(&input, getter: getter, start: start, zone: zone)
        }
    } else {
        // Outside JavaScript's range moment has no valid date; the getters must not trap.
        let getter = input.pick(MomentGetter.allCases)
        _ = Moment.get(getter, of: start, in: zone)
        require(Moment.nextChange(of: getter, after: start, in: zone) > start, "nextChange(\(getter)) is not after \(start.timeIntervalSince1970) s")
    }
    return 0
}

/// Milliseconds since 1970, clamped to what an `Int64` holds.
func ms(_ date: Date) -> Int64 {
    Int64(max(min((date.timeIntervalSince1970 * 1000).rounded(), 9.2e18), -9.2e18))
}

/// The instant `ms` milliseconds after 1970.
func date(_ ms: Int64) -> Date {
    Date(timeIntervalSince1970: Double(ms) / 1000)
}

/// Mostly an instant in JavaScript's range; one time in eight any finite instant `Date` holds.
func startInstant(_ input: inout FuzzInput) -> Date {
    let raw = input.int64()
    if raw & 7 == 7 {
        let seconds = Double(bitPattern: UInt64(bitPattern: raw))
        return seconds.isFinite ? Date(timeIntervalSince1970: seconds) : Date(timeIntervalSince1970: 0)
    }
    return date(raw % (maxMs + 1))
}

private func checkParsed(_ parsed: Date, text: String, zone: IANATimeZone) {
    require(abs(ms(parsed)) <= maxMs, "\(shown(text)) parsed outside JavaScript's range")
    require(Moment.parseISO8601(text, defaultTimeZone: zone) == parsed, "parsing \(shown(text)) twice differs")
    let formatted = Moment.formatISO8601(parsed)
    let again = Moment.parseISO8601(formatted, defaultTimeZone: zone)
    require(again.map(ms) == ms(parsed), "\(shown(text)) → \(formatted) → \(String(describing: again))")
}

/// An amount: a small integer, a quarter step, or any double (NaN and infinities included).
private func amount(_ input: inout FuzzInput) -> Double {
    switch input.byte() % 4 {
    case 0: Double(input.int(in: -400...400))
    case 1: Double(input.int(in: -4000...4000)) / 4
    case 2: Double(input.int64() % 10_000_000_000) / 1000
    default: Double(bitPattern: UInt64(bitPattern: input.int64()))
    }
}

private func checkAdd(_ input: inout FuzzInput, start: Date, zone: IANATimeZone) {
    let unit = input.pick(MomentDurationUnit.allCases)
    let n = amount(&input)
    let result = Moment.add(n, unit, to: start, in: zone)
    let what = "add(\(n), \(unit)) to \(ms(start)) ms in \(zone.identifier) = \(ms(result)) ms"
    guard abs(ms(start)) <= maxMs else {
        require(result == .distantFuture, "\(what): a start outside JavaScript's range is invalid")
        return
    }
    if n.isNaN { require(result == start, "\(what): NaN must add nothing") }
    guard result != .distantFuture else { return }
    require(abs(ms(result)) <= maxMs, "\(what): outside JavaScript's range")
    // Instants are whole milliseconds (a Date is taken to the nearest one): compare those, where
    // a Date holds every one of them.
    guard abs(start.timeIntervalSince1970) < preciseSeconds else { return }
    if n > 0 { require(ms(result) >= ms(start), "\(what): moved backwards") }
    if n < 0 { require(ms(result) <= ms(start), "\(what): moved forwards") }
    let exactInUTC: Set<MomentDurationUnit> = [.days, .weeks, .hours, .minutes, .seconds, .milliseconds]
    if zone.identifier == "UTC", exactInUTC.contains(unit), n == n.rounded(), abs(n) < 1e6 {
        let back = Moment.add(-n, unit, to: result, in: zone)
        require(back == .distantFuture || ms(back) == ms(start), "\(what): adding \(-n) gives \(ms(back)), not the start")
    }
}

private func checkGetter(_ getter: MomentGetter, at start: Date, zone: IANATimeZone) {
    let value = Moment.get(getter, of: start, in: zone)
    require(range(of: getter).contains(value), "\(getter) = \(value) at \(ms(start)) in \(zone.identifier)")
    let next = Moment.nextChange(of: getter, after: start, in: zone)
    require(next > start, "nextChange(\(getter)) \(ms(next)) is not after \(ms(start)) in \(zone.identifier)")
    // Beyond ±2^41 s a Date does not hold every millisecond: `next - 1 ms` is not exact there.
    guard abs(start.timeIntervalSince1970) < preciseSeconds else { return }
    let before = Moment.get(getter, of: date(ms(next) - 1), in: zone)
    require(before == value, "\(getter) changes from \(value) to \(before) before nextChange \(ms(next)) (start \(ms(start)), \(zone.identifier))")
}

/// The documented range of each getter (years: JavaScript's).
private func range(of getter: MomentGetter) -> ClosedRange<Int> {
    switch getter {
    case .year, .weekYear, .isoWeekYear: -272_000...276_000
    case .quarter: 1...4
    case .month: 0...11
    case .week, .isoWeek: 1...53
    case .isoWeekday: 1...7
    case .day, .weekday: 0...6
    case .date: 1...31
    case .dayOfYear: 1...366
    case .hour: 0...23
    case .minute, .second: 0...59
    case .millisecond: 0...999
    }
}

/// How far `nextInstant` searches: a few of the getter's periods, so one input stays fast.
private func searchSpan(_ getter: MomentGetter) -> Int64 {
    let day: Int64 = 86_400_000
    switch getter {
    case .millisecond: return 2_000
    case .second: return 120_000
    case .minute: return 7_200_000
    case .hour: return 2 * day
    case .day, .weekday, .isoWeekday, .date, .dayOfYear: return 40 * day
    case .week, .isoWeek: return 370 * day
    case .month, .quarter, .year, .weekYear, .isoWeekYear: return 3 * 366 * day
    }
}

private func checkNextInstant(_ input: inout FuzzInput, getter: MomentGetter, start: Date, zone: IANATimeZone) {
    let bounds = range(of: getter)
    let low = getter == .year || getter == .weekYear || getter == .isoWeekYear
        ? Moment.get(getter, of: start, in: zone) - 2 : bounds.lowerBound - 1
    let count = input.int(in: 1...4)
    let values = Set((0..<count).map { _ in low + input.int(in: 0...min(bounds.count + 1, 1000)) })
    let limit = date(ms(start) + Int64(input.int(in: 1...1000)) * searchSpan(getter) / 1000)
    let what = "nextInstant(\(getter) in \(values.sorted()), from \(ms(start)) to \(ms(limit)), \(zone.identifier))"
    guard let found = Moment.nextInstant(where: getter, isIn: values, onOrAfter: start, in: zone, limit: limit) else {
        require(!values.contains(Moment.get(getter, of: start, in: zone)), "\(what) = nil, but the start matches")
        return
    }
    require(found >= start && found < limit, "\(what) = \(ms(found)), outside the search")
    require(values.contains(Moment.get(getter, of: found, in: zone)), "\(what) = \(ms(found)), whose value is not wanted")
    if found > start {
        let before = Moment.get(getter, of: date(ms(found) - 1), in: zone)
        require(!values.contains(before), "\(what) = \(ms(found)), but 1 ms earlier already matches")
    }
}
