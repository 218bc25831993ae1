import Foundation
import SequencerCore
import Testing

/// IANATimeZone (zoneinfo files read by SequencerCore, no ICU) against Foundation's TimeZone
/// (ICU): the same identifiers accepted and named alike, the same offset at every 7th day and at
/// both sides of every transition from 1800 to 2200, in every zone ICU knows, and the same
/// next transitions. Both read IANA's data (ICU 2025b here, the system's tzdata 2025b).
@Suite("Time zones: zoneinfo against Foundation (ICU)")
struct TimeZoneAgreementTests {
    /// Zones ICU keeps from the old SystemV set with their own frozen US daylight-saving rules
    /// (DST from the last Sunday in April to the last in October, every year), which no zoneinfo file
    /// has: Sequencer reads them from the nearest zones (EST5EDT…, that is New York, Chicago, Denver
    /// and Los Angeles in tzdata 2025b; America/Thule and America/Anchorage for AST4ADT and
    /// YST9YDT). Their names are checked; their offsets differ in April of most years.
    static let approximated: Set<String> = ["SystemV/AST4ADT", "SystemV/YST9YDT", "SystemV/EST5EDT", "SystemV/CST6CDT",
                                            "SystemV/MST7MDT", "SystemV/PST8PDT"]

    static let from = -2_208_988_800.0  // 1900-01-01
    static let until = 7_258_118_400.0  // 2200-01-01

    @Test("every identifier ICU knows: accepted, named and offset alike")
    func everyZoneAgrees() throws {
        let names = IANATimeZone.knownIdentifiers
        #expect(names.count >= 600)
        var problems: [String] = []
        for name in names {
            guard let foundation = TimeZone(identifier: name) else {
                problems.append("\(name): Foundation does not know it")
                continue
            }
            guard let ours = IANATimeZone(identifier: name) else {
                problems.append("\(name): no zoneinfo file")
                continue
            }
            if ours.identifier != foundation.identifier { problems.append("\(name): named \(ours.identifier), Foundation \(foundation.identifier)") }
            if !Self.approximated.contains(name) { problems += Self.offsetProblems(name, ours, foundation, from: Self.from) }
        }
        #expect(problems.isEmpty, "\(problems.prefix(4)) \(problems.count) problems in \(Set(problems.map { $0.split(separator: " ")[0] }).count) zones: \(Set(problems.map { String($0.split(separator: " ")[0]) }).sorted().joined(separator: ","))")
    }

    /// Offsets every 7 days plus one hour, and around every transition Foundation reports.
    static func offsetProblems(_ name: String, _ ours: IANATimeZone, _ foundation: TimeZone, from start: Double) -> [String] {
        var problems: [String] = []
        var instant = start
        while instant < until, problems.count < 3 {
            let date = Date(timeIntervalSince1970: instant)
            if ours.secondsFromGMT(for: date) != foundation.secondsFromGMT(for: date) {
                problems.append("\(name) at \(date): \(ours.secondsFromGMT(for: date)) s, Foundation \(foundation.secondsFromGMT(for: date)) s")
            }
            instant += 7 * 86_400 + 3_600
        }
        var cursor = Date(timeIntervalSince1970: start)
        while let next = foundation.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < until, problems.count < 3 {
            for probe in [next.addingTimeInterval(-1), next, next.addingTimeInterval(1)] {
                if ours.secondsFromGMT(for: probe) != foundation.secondsFromGMT(for: probe) {
                    problems.append("\(name) at \(probe) (transition): \(ours.secondsFromGMT(for: probe)) s, Foundation \(foundation.secondsFromGMT(for: probe)) s")
                }
            }
            // Ours reports only changes of the offset; Foundation also changes of name or DST flag.
            if foundation.secondsFromGMT(for: next.addingTimeInterval(-1)) != foundation.secondsFromGMT(for: next) {
                let ourNext = ours.nextDaylightSavingTimeTransition(after: cursor)
                if ourNext != next { problems.append("\(name): next transition after \(cursor) is \(String(describing: ourNext)), Foundation \(next)") }
            }
            cursor = next
        }
        return problems
    }

    static let otherNames = [
        "GMT", "UTC", "GMT+2", "GMT+02", "GMT+0200", "GMT+02:00", "GMT-0530", "GMT-5:30", "GMT+1.30", "UTC+3", "UTC-12", "GMT+14",
        "GMT+18", "GMT+18:00", "GMT+18:30", "GMT+19", "GMT+99", "GMT+130", "GMT+1:3", "GMT+12:", "GMT+1:60", "GMT+01:90", "GMT+1::30",
        "GMT+0", "GMT-0", "GMT0", "GMTx", "GMT+", "GMT++2", "utc", "gmt", "europe/paris", "EUROPE/PARIS", "Europe/Paris ", " Europe/Paris",
        "posixrules", "localtime", "right/UTC", "posix/Europe/Paris", "Etc/GMT+14", "Etc/Unknown", "Z", "", "+02:00", "zone.tab",
        "Europe", "America/", "../etc/passwd", "Factory", "US/Pacific-New", "Asia/Calcutta", "EST", "PST", "Etc/GMT-14", "Etc/GMT+12",
    ]

    @Test("fixed offsets and names that are not zones", arguments: otherNames)
    func otherNamesAgree(name: String) {
        let foundation = TimeZone(identifier: name)
        let ours = IANATimeZone(identifier: name)
        #expect((ours == nil) == (foundation == nil), "accepted: ours \(ours != nil), Foundation \(foundation != nil)")
        if let ours, let foundation {
            #expect(ours.identifier == foundation.identifier)
            for instant in [-2_208_988_800.0, 0, 1_700_000_000, 4_102_444_800] {
                let date = Date(timeIntervalSince1970: instant)
                #expect(ours.secondsFromGMT(for: date) == foundation.secondsFromGMT(for: date))
            }
        }
    }

    @Test("a zone reads its TZif footer beyond the listed transitions (2400, 3000)")
    func footerRulesAgree() throws {
        for name in ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Africa/Casablanca", "Asia/Gaza"] {
            let (ours, foundation) = (try #require(IANATimeZone(identifier: name)), try #require(TimeZone(identifier: name)))
            for year in [2300.0, 2400, 3000] {
                var instant = (year - 1970) * 365.2425 * 86_400
                for _ in 0..<60 {
                    let date = Date(timeIntervalSince1970: instant)
                    #expect(ours.secondsFromGMT(for: date) == foundation.secondsFromGMT(for: date), "\(name) at \(date)")
                    instant += 6 * 86_400 + 3_599
                }
            }
        }
    }
}
