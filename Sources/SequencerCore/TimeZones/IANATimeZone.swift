#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import Synchronization

/// An IANA time zone (`Europe/Paris`, `US/Pacific`) or a fixed offset (`GMT+02:00`), read from
/// zoneinfo files (TZif, RFC 8536) instead of ICU, so that the Lambda `bootstrap` needs no ICU data.
///
/// It accepts exactly the identifiers Foundation's `IANATimeZone(identifier:)` accepts on Linux
/// (``ZoneNames``, read from the toolchain's ICU by `scripts/zone-names`, and the `GMT±hh:mm`
/// forms), names them as Foundation does (`UTC` is `GMT`, `GMT+2` is `GMT+0200`) and gives the
/// same offsets and transitions (TimeZoneAgreementTests compares them for every zone from 1800
/// to 2200). The zoneinfo directory is `$TZDIR`, else `$LAMBDA_TASK_ROOT/zoneinfo` (the Lambda
/// zip carries one, see deploy/package), else `/usr/share/zoneinfo`; without one, only the
/// fixed-offset zones exist.
public struct IANATimeZone: Sendable, Hashable, CustomStringConvertible {
    /// The identifier, as Foundation's `IANATimeZone.identifier` gives it.
    public let identifier: String
    let rules: ZoneRules

    /// UTC, named `GMT` as Foundation's `IANATimeZone.gmt`.
    public static let gmt = IANATimeZone(identifier: "GMT", rules: ZoneRules(fixed: 0))

    private init(identifier: String, rules: ZoneRules) {
        self.identifier = identifier
        self.rules = rules
    }

    /// The zone named `identifier`, or `nil` when Foundation would not know it either (names are
    /// case-sensitive; `posixrules`, `localtime` and `right/…` are not zones) or when no zoneinfo
    /// file holds it.
    /// - Parameter identifier: an IANA name (`Europe/Paris`), an ICU alias (`PST`, `US/Pacific`) or
    ///   `GMT`/`UTC` with an optional offset (`GMT+2`, `UTC-05:30`).
    public init?(identifier: String) {
        if let offset = GMTName.offset(identifier) {
            self.init(identifier: GMTName.name(offset), rules: ZoneRules(fixed: Int32(offset)))
            return
        }
        guard let file = ZoneDirectory.fileName(for: identifier), let rules = ZoneDirectory.rules(file: file) else {
            return nil
        }
        self.init(identifier: identifier, rules: rules)
    }

    /// Every named identifier accepted (besides the `GMT±hh:mm` forms), sorted.
    public static var knownIdentifiers: [String] { ZoneDirectory.files.keys.sorted() }

    /// The offset from UTC at `date`, in seconds east of UTC.
    public func secondsFromGMT(for date: Date) -> Int {
        Int(rules.offset(at: Self.seconds(date)))
    }

    /// The first instant after `date` at which the offset from UTC changes, if any.
    public func nextDaylightSavingTimeTransition(after date: Date) -> Date? {
        rules.nextTransition(after: Self.seconds(date)).map { Date(timeIntervalSince1970: Double($0)) }
    }

    public var description: String { identifier }

    public static func == (lhs: IANATimeZone, rhs: IANATimeZone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// Whole seconds since 1970 UTC, rounded down (transitions fall on whole seconds).
    private static func seconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970.rounded(.down)
        return value.isNaN ? 0 : Int64(Swift.max(Swift.min(value, 9.2e18), -9.2e18))
    }
}

/// Where zoneinfo files are, and the rules read from them (each file once per process).
enum ZoneDirectory {
    private static let cache = Mutex<[String: ZoneRules]>([:])

    /// `NAME` → `FILE` for every identifier of ``ZoneNames``.
    static let files: [String: String] = {
        var files: [String: String] = [:]
        for line in ZoneNames.table.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            files[String(parts[0])] = String(parts.count == 2 ? parts[1] : parts[0])
        }
        return files
    }()

    /// The directories searched, in order.
    static var directories: [String] {
        let environment = ProcessInfo.processInfo.environment
        var result: [String] = []
        if let dir = environment["TZDIR"], !dir.isEmpty { result.append(dir) }
        if let root = environment["LAMBDA_TASK_ROOT"], !root.isEmpty { result.append(root + "/zoneinfo") }
        result.append("/usr/share/zoneinfo")
        return result
    }

    /// The zoneinfo file (relative path) of an identifier Foundation accepts, else `nil`.
    static func fileName(for identifier: String) -> String? {
        files[identifier]
    }

    /// The rules in `file`, from the first directory that has it; `nil` when none does or it is
    /// not TZif.
    static func rules(file: String) -> ZoneRules? {
        if let cached = cache.withLock({ $0[file] }) { return cached }
        for directory in directories {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
            guard let rules = try? TZifReader.read(Array(data)) else { return nil }
            cache.withLock { $0[file] = rules }
            return rules
        }
        return nil
    }
}

/// Foundation's fixed-offset names: `GMT`, `UTC`, then optionally `+` or `-` and `H`, `HH`, `HHMM`,
/// or `H` or `HH` and `:` or `.` and `MM` (hours up to 18, 18 only with 00 minutes).
enum GMTName {
    /// The offset in seconds east of UTC that `name` gives, or `nil` when it is not such a name.
    static func offset(_ name: String) -> Int? {
        let characters = Array(name)
        guard (3...9).contains(characters.count), name.hasPrefix("GMT") || name.hasPrefix("UTC") else { return nil }
        if characters.count == 3 { return 0 }
        guard characters.count >= 5, characters[3] == "+" || characters[3] == "-" else { return nil }
        let sign = characters[3] == "-" ? -1 : 1
        let rest = Array(characters[4...])
        guard let hours = hoursAndMinutes(rest) else { return nil }
        return sign * (hours.hours * 3600 + hours.minutes * 60)
    }

    /// `H`, `HH`, `HHMM`, `H:MM`, `HH:MM` (or `.`) as Foundation reads them after the sign.
    private static func hoursAndMinutes(_ text: [Character]) -> (hours: Int, minutes: Int)? {
        func digit(_ character: Character, upTo maximum: Int = 9) -> Int? {
            guard let value = character.wholeNumberValue, character.isASCII, value <= maximum else { return nil }
            return value
        }
        func isSeparator(_ character: Character) -> Bool { character == ":" || character == "." }
        guard let first = digit(text[0]) else { return nil }
        if text.count == 1 { return (first, 0) }
        let secondIsDigit = digit(text[1]) != nil
        guard secondIsDigit || isSeparator(text[1]) else { return nil }
        let hours = secondIsDigit ? first * 10 + digit(text[1])! : first
        guard hours <= 18 else { return nil }
        if secondIsDigit && text.count == 2 { return (hours, 0) }
        guard text.count >= 4 else { return nil }
        // After the hour part (one digit and a separator, or two digits): `MM`, or a separator
        // and `MM` (Foundation's own reading: `H::MM` and `HH:MM` are both five characters).
        let minuteStart: Int
        if digit(text[2], upTo: 5) != nil && text.count == 4 {
            minuteStart = 2
        } else if isSeparator(text[2]) && text.count == 5 {
            minuteStart = 3
        } else {
            return nil
        }
        guard let tens = digit(text[minuteStart]), let ones = digit(text[minuteStart + 1]) else { return nil }
        let minutes = tens * 10 + ones
        guard !(hours == 18 && minutes != 0), hours * 3600 + minutes * 60 <= 18 * 3600 else { return nil }
        return (hours, minutes)
    }

    /// Foundation's identifier for a fixed offset: `GMT`, or `GMT+0200`, `GMT-0530`.
    static func name(_ offset: Int) -> String {
        let rounded = abs(offset) + 30
        let hours = rounded / 3600
        let minutes = rounded % 3600 / 60
        if hours == 0 && minutes == 0 { return "GMT" }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "GMT" + (offset < 0 ? "-" : "+") + two(hours) + two(minutes)
    }
}
