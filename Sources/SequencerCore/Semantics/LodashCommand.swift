/// The lodash 4.17 predicates a `Conditional` or `Goal` step may name as `lodashCommand`.
///
/// ``evaluate(_:_:)`` returns what `_[command](value, other)` returns in lodash 4.17.21 called with
/// exactly two arguments, `nil` standing for `undefined`. One difference is unavoidable: in
/// JavaScript two objects or arrays are `===` only when they are the same reference, and every
/// JSON object or array decoded here is a distinct value, so `eq`, `includes` on arrays and the
/// `===` shortcuts inside lodash treat them as never identical (`_.eq({}, {})` is false, as in
/// JavaScript; `_.eq(x, x)` for one object `x` would be true there and is false here).
/// Use `isEqual` or `isMatch` to compare structure.
public enum LodashCommand: String, CaseIterable, Sendable {
    /// `_.gt(value, other)`: `value > other`; two strings compare by UTF-16 code unit, anything else
    /// by JavaScript `ToNumber` (`[5]` → 5, `null` → 0, `undefined` and `{}` → NaN, never greater).
    case gt
    /// `_.gte(value, other)`: `value >= other`, coerced as ``gt``.
    case gte
    /// `_.lt(value, other)`: `value < other`, coerced as ``gt``.
    case lt
    /// `_.lte(value, other)`: `value <= other`, coerced as ``gt``.
    case lte
    /// `_.eq(value, other)`: `SameValueZero` (`NaN` equals `NaN`, `0` equals `-0`, no type
    /// coercion); objects and arrays are never equal (see the type's note on references).
    case eq
    /// `_.isEqual(value, other)`: deep equality; arrays in order, objects with the same own keys.
    case isEqual
    /// `_.includes(value, other)`: substring of a string (`other` converted with JavaScript `String()`,
    /// so `undefined` is `"undefined"`); element of an array, or value of an object, by `SameValueZero`;
    /// an object with a valid numeric `length` member is array-like (its members `"0"`...`length-1`).
    /// Numbers, booleans, `null` and `undefined` include nothing.
    case includes
    /// `_.startsWith(value, other)`: `value` as lodash `toString` (`null`/`undefined` → `""`) begins
    /// with `other` as lodash `baseToString` (`null` → `"null"`, `-0` → `"-0"`, arrays joined).
    case startsWith
    /// `_.endsWith(value, other)`: as ``startsWith``, at the end.
    case endsWith
    /// `_.has(value, other)`: the path `other` (a string path, an array of keys, or any other value
    /// as one key) exists in `value` as own properties: object members, array and string indices
    /// and `length`.
    case has
    /// `_.isMatch(value, other)`: `value` contains `other` partially and deeply. The top level
    /// compares `other`'s own keys (for an array or string source: its indices) one by one, so
    /// `_.isMatch([1, 2, 3], [1])` is true and `_.isMatch([1, 2, 3], [2])` false; nested arrays
    /// match as unordered sub-collections (`{a: [3, 1]}` matches `{a: [1, 2, 3]}`), each source
    /// element taking the first unused equal target element; nested objects match partially.
    /// A source that is a number, boolean, `null` or `undefined` has no keys and matches anything.
    case isMatch
    /// `_.inRange(value, other)`: with two arguments the range is `[0, other)`, or `[other, 0)` when
    /// `other` is negative; `other` goes through lodash `toFinite` (NaN → 0, ±∞ → ±`Double.greatestFiniteMagnitude`),
    /// `value` through `toNumber`.
    case inRange
    /// `_.isEmpty(value)`: `null`, `undefined`, numbers, booleans, `""`, `[]` and `{}` are empty. `other` is ignored.
    case isEmpty
    /// `_.isNil(value)`: `null` or `undefined`. `other` is ignored.
    case isNil

    /// `_[command](value, other)` as lodash 4.17.21 returns it.
    /// - Parameters:
    ///   - value: the first argument; `nil` is `undefined`.
    ///   - other: the second argument; `nil` is `undefined`.
    /// - Returns: the predicate's result.
    public func evaluate(_ value: JSONValue?, _ other: JSONValue?) -> Bool {
        switch self {
        case .gt: return Self.compare(value, other, strings: { JavaScript.lessThan($1, $0) }, numbers: { $0 > $1 })
        case .gte: return Self.compare(value, other, strings: { !JavaScript.lessThan($0, $1) }, numbers: { $0 >= $1 })
        case .lt: return Self.compare(value, other, strings: { JavaScript.lessThan($0, $1) }, numbers: { $0 < $1 })
        case .lte: return Self.compare(value, other, strings: { !JavaScript.lessThan($1, $0) }, numbers: { $0 <= $1 })
        case .eq: return JavaScript.sameValueZero(value, other)
        case .isEqual: return Self.baseIsEqual(value, other, partial: false)
        case .includes: return Self.includes(value, other)
        case .startsWith:
            return Self.toString(value).utf16.starts(with: Self.baseToString(other).utf16)
        case .endsWith:
            return Self.toString(value).utf16.reversed().starts(with: Self.baseToString(other).utf16.reversed())
        case .has: return Self.has(value, other)
        case .isMatch: return Self.isMatch(value, other)
        case .inRange:
            let end = Self.toFinite(other)
            let number = JavaScript.toNumber(value)
            return number >= Swift.min(0, end) && number < Swift.max(0, end)
        case .isEmpty: return Self.isEmpty(value)
        case .isNil: return value == nil || value == .null
        }
    }

    // MARK: - Coercions

    /// lodash's `createRelationalOperation`: strings compare as strings only when both are strings.
    private static func compare(
        _ value: JSONValue?, _ other: JSONValue?,
        strings: (String, String) -> Bool, numbers: (Double, Double) -> Bool
    ) -> Bool {
        if case .string(let a)? = value, case .string(let b)? = other { return strings(a, b) }
        return numbers(JavaScript.toNumber(value), JavaScript.toNumber(other))
    }

    /// lodash's `toFinite`: falsy → 0, ±∞ → ±`Number.MAX_VALUE`, NaN → 0.
    private static func toFinite(_ value: JSONValue?) -> Double {
        guard JavaScript.isTruthy(value) else { return 0 }
        let number = JavaScript.toNumber(value)
        if number.isInfinite { return number < 0 ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude }
        return number.isNaN ? 0 : number
    }

    /// lodash's `baseToString`: like JavaScript `String()`, except `-0` → `"-0"` and array elements
    /// converted by `baseToString` themselves (`[null]` → `"null"`).
    static func baseToString(_ value: JSONValue?) -> String {
        switch value {
        case .number(let number)? where number == 0 && number.sign == .minus: return "-0"
        case .array(let elements)?: return elements.map { baseToString($0) }.joined(separator: ",")
        default: return JavaScript.toString(value)
        }
    }

    /// lodash's `toString`: `null` and `undefined` → `""`, anything else `baseToString`.
    static func toString(_ value: JSONValue?) -> String {
        value == nil || value == .null ? "" : baseToString(value)
    }

    /// lodash's `toKey` for a path element that is not a string: JavaScript `String()`, `-0` → `"-0"`.
    private static func toKey(_ value: JSONValue?) -> String {
        if case .number(let number)? = value, number == 0, number.sign == .minus { return "-0" }
        return JavaScript.toString(value)
    }

    // MARK: - Collections

    /// lodash's `isLength`: an integer number from 0 to 2⁵³ − 1.
    private static func validLength(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value, number >= 0, number <= 9_007_199_254_740_991,
              number.rounded(.towardZero) == number
        else { return nil }
        return Int(number)
    }

    private static func includes(_ collection: JSONValue?, _ target: JSONValue?) -> Bool {
        switch collection {
        case .string(let text)?:
            let needle = Array(JavaScript.toString(target).utf16)
            let haystack = Array(text.utf16)
            if needle.isEmpty { return true }
            guard needle.count <= haystack.count else { return false }
            return (0...(haystack.count - needle.count)).contains { start in
                haystack[start..<(start + needle.count)].elementsEqual(needle)
            }
        case .array(let elements)?:
            return elements.contains { JavaScript.sameValueZero($0, target) }
        case .object(let members)?:
            guard let length = validLength(members["length"]) else {
                return members.values.contains { JavaScript.sameValueZero($0, target) }
            }
            // Array-like: positions 0..<length, missing ones being `undefined`.
            let present = members.filter { key, _ in LodashPath.arrayIndex(key).map { $0 < length } ?? false }
            if target == nil { return present.count < length }
            return present.values.contains { JavaScript.sameValueZero($0, target) }
        case .null?, .bool?, .number?, nil:
            return false
        }
    }

    /// lodash's `isEmpty` for JSON values.
    private static func isEmpty(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool?, .number?: return true
        case .string(let text)?: return text.isEmpty
        case .array(let elements)?: return elements.isEmpty
        case .object(let members)?: return members.isEmpty
        }
    }

    /// lodash's `has` (`hasPath` with `baseHas`): every key of the path an own property in turn.
    private static func has(_ object: JSONValue?, _ path: JSONValue?) -> Bool {
        let keys: [String]
        switch path {
        case .array(let elements)?:
            keys = elements.map { element in element.stringValue ?? toKey(element) }
        case .string(let text)?:
            keys = LodashPath.keys(text, in: object)
        case .object?:
            keys = LodashPath.keys("[object Object]", in: object)
        case nil, .null?, .bool?, .number?:
            keys = [toKey(path)]
        }
        guard !keys.isEmpty else { return false }
        var current = object
        for key in keys {
            guard let value = current, value != .null, LodashPath.hasOwnProperty(value, key) else { return false }
            current = LodashPath.property(value, key)
        }
        return true
    }

    // MARK: - Deep comparison

    /// lodash's `isMatch(object, source)` (`baseIsMatch` over `getMatchData(source)`).
    private static func isMatch(_ object: JSONValue?, _ source: JSONValue?) -> Bool {
        if JavaScript.strictEquals(object, source) { return true }
        let matchData: [(key: String, value: JSONValue)]
        switch source {
        case .string(let text)?:
            matchData = text.utf16.indices.enumerated().map { offset, _ in
                (String(offset), LodashPath.property(.string(text), String(offset)) ?? .null)
            }
        case .array(let elements)?:
            matchData = elements.enumerated().map { (String($0.offset), $0.element) }
        case .object(let members)?:
            matchData = members.map { ($0.key, $0.value) }
        case nil, .null?, .bool?, .number?:
            matchData = []
        }
        guard let object, object != .null else { return matchData.isEmpty }
        return matchData.allSatisfy { key, sourceValue in
            let objectValue = LodashPath.property(object, key)
            if isStrictComparable(sourceValue) { return JavaScript.strictEquals(sourceValue, objectValue) }
            return objectValue != nil && baseIsEqual(sourceValue, objectValue, partial: true)
        }
    }

    /// lodash's `isStrictComparable`: a primitive other than NaN.
    private static func isStrictComparable(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: return false
        case .number(let number): return !number.isNaN
        case .null, .bool, .string: return true
        }
    }

    /// lodash's `baseIsEqual`; `partial` stands for `COMPARE_PARTIAL_FLAG | COMPARE_UNORDERED_FLAG`
    /// (what `isMatch` uses), with `value` the source and `other` the target.
    static func baseIsEqual(_ value: JSONValue?, _ other: JSONValue?, partial: Bool) -> Bool {
        if JavaScript.strictEquals(value, other) { return true }
        switch (value, other) {
        case (.array(let source)?, .array(let target)?):
            return equalArrays(source, target, partial: partial)
        case (.object(let source)?, .object(let target)?):
            return equalObjects(source, target, partial: partial)
        default:
            return JavaScript.isNaN(value) && JavaScript.isNaN(other)
        }
    }

    /// lodash's `equalArrays`: same length and order, or (partial) each source element matching
    /// the first unused target element, the target being at least as long.
    private static func equalArrays(_ source: [JSONValue], _ target: [JSONValue], partial: Bool) -> Bool {
        guard source.count == target.count || (partial && target.count > source.count) else { return false }
        guard partial else {
            return zip(source, target).allSatisfy { baseIsEqual($0, $1, partial: false) }
        }
        var seen = Set<Int>()
        for element in source {
            guard let index = target.indices.first(where: { !seen.contains($0) && baseIsEqual(element, target[$0], partial: true) })
            else { return false }
            seen.insert(index)
        }
        return true
    }

    /// lodash's `equalObjects`: the same own keys (partial: the source's keys among the target's)
    /// with equal values.
    private static func equalObjects(_ source: [String: JSONValue], _ target: [String: JSONValue], partial: Bool) -> Bool {
        guard source.count == target.count || partial else { return false }
        return source.allSatisfy { key, value in
            guard let targetValue = target[key] else { return false }
            return baseIsEqual(value, targetValue, partial: partial)
        }
    }
}
