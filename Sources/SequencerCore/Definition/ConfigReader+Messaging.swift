#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ConfigReader {
    /// `WaitUntil`: a condition, a `timeout` (`{"amount", "unit"}` or `{"date"}`) and an optional `timeZone`.
    mutating func readWaitUntil() -> BuiltinStepConfig? {
        allow(["lodashCommand", "value", "compareTo", "timeout", "timeZone"])
        let zone = timeZone()
        let condition = condition()
        let timeout = readTimeout(zone: zone)
        guard let condition, let timeout else { return nil }
        return .waitUntil(WaitUntilConfig(condition: condition, timeout: timeout, timeZone: zone))
    }

    private mutating func readTimeout(zone: TimeZoneSetting) -> WaitUntilConfig.Timeout? {
        guard let members = fields.object("timeout", required: true) else { return nil }
        var nested = ConfigReader(JSONFieldReader(members, at: path("timeout")))
        defer { fields.merge(nested.fields) }
        if members["date"] != nil {
            nested.allow(["date"])
            return nested.literalDate("date", zone: zone).map { .at($0) }
        }
        nested.allow(["amount", "unit"])
        let amount = nested.durationAmount("amount")
        let unit = nested.durationUnit("unit")
        guard let amount, let unit else { return nil }
        return .after(amount: amount, unit: unit)
    }

    /// `Split`: `{"branches": [{"weight", "next"}, …], "salt"?}`; weights non-negative with a
    /// positive sum, no two branches leading to the same place.
    mutating func readSplit() -> BuiltinStepConfig? {
        allow(["branches", "salt"])
        let salt = optionalString("salt") ?? ""
        guard let elements = fields.array("branches", required: true) else { return nil }
        if elements.isEmpty { fields.add(path("branches"), "must hold at least one branch") }
        var branches: [SplitConfig.Branch] = []
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let place = JSONPointer.appending(path("branches"), index)
            guard element.objectValue != nil else {
                fields.add(place, "a branch must be an object {\"weight\": N, \"next\": \"<step>\" | null}, not \(element.typeName)")
                continue
            }
            var branch = JSONFieldReader(element, at: place)
            branch.onlyKnown(["weight", "next"])
            let weight = branch.number("weight", in: 0...1_000_000, as: "a non-negative weight", required: true)
            var next: String?
            switch element["next"] {
            case nil, .null?: next = nil
            case .string(let key)?: next = key
            case let other?: branch.add(branch.path("next"), "must be a step key (string) or null, not \(other.typeName)")
            }
            let target = next ?? "(end)"
            if let first = seen[target] {
                branch.add(branch.path("next"), "leads where branch \(first) does; give each branch its own step so counts stay per branch")
            } else {
                seen[target] = index
            }
            fields.merge(branch)
            if let weight { branches.append(SplitConfig.Branch(weight: weight, next: next)) }
        }
        guard fields.isValid, branches.count == elements.count else { return nil }
        if branches.reduce(0, { $0 + $1.weight }) <= 0 {
            fields.add(path("branches"), "the weights must add up to more than 0")
            return nil
        }
        return .split(SplitConfig(branches: branches, salt: salt))
    }

    /// Email and SMS: `quietHours` (an object, or `null` for none even when the sequence has
    /// some) and `onCap` (`wait` or `skip`).
    mutating func messageTiming() -> MessageTiming {
        var timing = MessageTiming()
        switch members["quietHours"] {
        case nil: timing.quietHours = .inherit
        case .null?: timing.quietHours = .none
        case .object?: timing.quietHours = quietHours("quietHours").map { .window($0) } ?? .none
        case let other?: fields.add(path("quietHours"), "must be {\"from\": \"HH:mm\", \"until\": \"HH:mm\", \"timeZone\"?} or null, not \(other.typeName)")
        }
        if let name = optionalString("onCap") {
            if let policy = CapPolicy(rawValue: name) {
                timing.onCap = policy
            } else {
                fields.add(path("onCap"), "\"\(name)\" is not a cap policy (expected one of \(CapPolicy.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        return timing
    }

    /// A quiet-hours object at `field`: `from` and `until` as `HH:mm`, different, and a `timeZone` template.
    mutating func quietHours(_ field: String) -> QuietHours? {
        guard let members = fields.object(field) else { return nil }
        var nested = ConfigReader(JSONFieldReader(members, at: path(field)))
        defer { fields.merge(nested.fields) }
        nested.allow(["from", "until", "timeZone"])
        let from = nested.clockTime("from"), until = nested.clockTime("until")
        let zone = nested.timeZone()
        guard let from, let until else { return nil }
        if from == until {
            nested.fields.add(nested.path("until"), "equals from (\(from)): a window must have a length and must not cover the whole day")
            return nil
        }
        return QuietHours(from: from, until: until, timeZone: zone, zoneWritten: members["timeZone"] != nil)
    }

    private mutating func clockTime(_ field: String) -> ClockTime? {
        guard let text = requiredString(field) else { return nil }
        guard let time = ClockTime(text) else {
            fields.add(path(field), "\"\(text)\" is not a time of day HH:mm on a 24-hour clock (e.g. 21:00, 08:30)")
            return nil
        }
        return time
    }
}
