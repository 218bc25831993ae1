#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two UTC forms of the signing instant: `X-Amz-Date` (`20150830T123600Z`) and the credential
/// scope's date (`20150830`), always from the same instant (a request signed at 23:59:59 UTC is scoped
/// to that day, whatever the local time zone).
///
/// Computed with integer arithmetic on the Unix time (proleptic Gregorian calendar, days from
/// 1970-01-01), so it needs no `DateFormatter`, locale or time zone database.
package struct SigV4Timestamp: Sendable, Hashable {
    /// `yyyyMMdd'T'HHmmss'Z'`.
    package var dateTime: String
    /// `yyyyMMdd`.
    package var date: String

    /// The instant `date`, truncated to whole seconds.
    package init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        let ymd = Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2)
        let hms = Self.pad(secondOfDay / 3600, 2) + Self.pad(secondOfDay / 60 % 60, 2) + Self.pad(secondOfDay % 60, 2)
        self.date = ymd
        self.dateTime = ymd + "T" + hms + "Z"
    }

    /// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01, in 400-year eras of
    /// 146 097 days starting on 0000-03-01 (so that the leap day ends a year).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365, from March 1
        let monthFromMarch = (5 * dayOfYear + 2) / 153  // 0...11
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
