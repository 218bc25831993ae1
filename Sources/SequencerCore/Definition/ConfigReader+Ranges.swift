extension ConfigReader {
    /// Refuses every `WaitForDateComparison` value the getter can never return (`"hour": [99]`,
    /// `"month": [12]`): a runner waiting for it would wait forever. Each problem points at the
    /// value (`/steps/N/config/values/K`) and names the getter's range. Values that are possible
    /// on their own are kept even when rare (`date: [31]`, `dayOfYear: [366]`, `week: [53]`).
    /// - Parameters:
    ///   - values: the parsed `values`, in order.
    ///   - getter: the step's `attribute`.
    ///   - pointer: the JSON pointer of `values`.
    mutating func checkRange(of values: [Int], for getter: MomentGetter, at pointer: String) {
        let range = getter.possibleValues
        for (index, value) in values.enumerated() where !range.contains(value) {
            fields.add(JSONPointer.appending(pointer, index),
                       "\(value) is outside the range of \(getter.rawValue), \(getter.rangeDescription): no time would ever match")
        }
    }
}

extension MomentGetter {
    /// The getter's range as moment 2.29 returns it, for error messages: `0–11 (0 = January, 11 = December)`.
    var rangeDescription: String {
        let range = possibleValues
        let bounds = "\(range.lowerBound)–\(range.upperBound)"
        switch self {
        case .month: return bounds + " (moment's months are 0-based: 0 = January, 11 = December)"
        case .day, .weekday: return bounds + " (0 = Sunday, 6 = Saturday)"
        case .isoWeekday: return bounds + " (1 = Monday, 7 = Sunday)"
        default: return bounds
        }
    }
}
