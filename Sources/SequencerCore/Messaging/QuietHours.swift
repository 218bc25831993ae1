#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A time of day, `HH:mm` on a 24-hour clock (`"21:00"`, `"08:30"`), as minutes after midnight.
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 0–1439.
    public var minutes: Int

    /// Reads `HH:mm` (two digits each, 00:00–23:59).
    /// - Returns: `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else { return nil }
        minutes = hour * 60 + minute
    }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }

    public var description: String {
        let hour = minutes / 60, minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}

/// Quiet hours of a message step: `{"from": "21:00", "until": "08:00", "timeZone"?: template}`.
/// A message reached at a local time in `[from, until)` (across midnight when `until` is not
/// after `from`) is held until the window ends: the next `until` in the zone. `from == until`
/// is refused when read (a window of nothing or of everything).
public struct QuietHours: Sendable, Hashable {
    /// Start of the window, local time (inclusive).
    public var from: ClockTime
    /// End of the window, local time (exclusive): when held messages go.
    public var until: ClockTime
    /// The zone the clock times are read in; absent or rendered empty means UTC.
    public var timeZone: TimeZoneSetting
    /// Whether `timeZone` was written (a step's window without one takes the sequence's zone).
    public var zoneWritten: Bool

    public init(from: ClockTime, until: ClockTime, timeZone: TimeZoneSetting, zoneWritten: Bool) {
        self.from = from
        self.until = until
        self.timeZone = timeZone
        self.zoneWritten = zoneWritten
    }

    /// When a message reached at `now` may go: `nil` when `now` is outside the window, else the
    /// window's end in `zone` — the next wall-clock `until` after `now`. A wall time that does not
    /// exist that day (a spring-forward gap) moves forward by the gap, an ambiguous one takes the
    /// earlier instant (TC39 Temporal "compatible", as waits do; ``ZonedTime/compatibleInstant(wallMs:_:)``).
    /// - Parameters:
    ///   - now: the instant the message is reached (UTC).
    ///   - zone: the resolved zone.
    /// - Returns: the end of the window, or `nil` when the message may go now.
    public func end(containing now: Date, in zone: IANATimeZone) -> Date? {
        let local = ZonedTime.local(ZonedTime.ms(now), zone)
        let minute = local.hour * 60 + local.minute
        let inside = from < until ? (minute >= from.minutes && minute < until.minutes)
                                  : (minute >= from.minutes || minute < until.minutes)
        guard inside else { return nil }
        let midnight = local.days * LocalDateTime.msPerDay
        var endWall = midnight + Int64(until.minutes) * 60_000
        if minute >= until.minutes { endWall += LocalDateTime.msPerDay }
        let end = ZonedTime.date(ZonedTime.compatibleInstant(wallMs: endWall, zone))
        return end > now ? end : nil
    }

    /// `21:00–08:00 (data.timeZone)`, for people.
    public var text: String {
        "\(from)–\(until)" + (timeZone.text.map { " in \($0.source)" } ?? "")
    }
}

/// A message step's quiet hours as written: absent (the sequence's apply), `null` (none, even if
/// the sequence has some), or a window.
public enum QuietHoursSetting: Sendable, Hashable {
    /// Not written on the step: the sequence's `quietHours`, if any.
    case inherit
    /// `"quietHours": null` on the step: none.
    case none
    case window(QuietHours)

    /// The window in force.
    public var window: QuietHours? {
        if case .window(let window) = self { return window }
        return nil
    }

    /// The step's setting with the sequence's `fallback` applied: `inherit` takes it; a window
    /// without a zone takes its zone.
    public func resolved(with fallback: QuietHours?) -> QuietHoursSetting {
        switch self {
        case .inherit: return fallback.map { .window($0) } ?? .none
        case .none: return .none
        case .window(var window):
            if !window.zoneWritten, let fallback {
                window.timeZone = fallback.timeZone
            }
            return .window(window)
        }
    }

    /// The decision for a message reached at `now`: a hold until the window ends, or `nil` to send.
    /// - Returns: `.hold` with the reason history records, `.fail` for a zone that does not
    ///   resolve, `nil` when the message may go.
    func hold(now: Date, context: @autoclosure () -> TemplateContext) -> StepDecision? {
        guard let window else { return nil }
        let zone: IANATimeZone
        switch window.timeZone.resolve(context()) {
        case .success(let resolved): zone = resolved
        case .failure(let failure): return .fail(StepFailure(field: "quietHours.timeZone", reason: failure.reason))
        }
        guard let end = window.end(containing: now, in: zone) else { return nil }
        return .hold(until: end, reason: "quiet hours \(window.from)–\(window.until) in \(zone.identifier): held until \(Moment.formatISO8601(end))")
    }
}
